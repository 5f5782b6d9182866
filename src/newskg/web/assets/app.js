// newskg query page: picking a named query loads it; Ctrl+Enter runs the query.
// Everything also works without JavaScript (the Load and Run buttons).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var picker = document.getElementById("name");
  if (picker && picker.form) {
    picker.addEventListener("change", function () { picker.form.submit(); });
  }
  var editor = document.getElementById("query");
  if (editor && editor.form) {
    editor.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        editor.form.submit();
      }
    });
  }
});
