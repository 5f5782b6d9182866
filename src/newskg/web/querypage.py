"""The query page (``/``): named queries to pick, their bind variables, the query, its results.

``GET /`` lists the named queries (``queries/*.rq``) with their descriptions;
``?name=NAME`` loads one into the editor, with a field for each variable its
header comments document as bindable (``--bind NAME=EXAMPLE``); ``?query=``
runs the (edited) query, with ``bind.NAME=VALUE`` parameters bound as
``newskg query --bind`` binds them (:func:`newskg.sparql.parse_binding`).
The results come with their row count, the time taken and links to the same
results as CSV or JSON (``&download=csv``). Prefixes of ``graph.ttl`` are
predeclared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import urlencode

import pyoxigraph as ox

from newskg.errors import QueryError
from newskg.sparql import NamedQuery, named_queries, parse_binding
from newskg.web.pages import Links, esc, layout, results_table
from newskg.web.resource import PageError, Reader, Timed

__all__ = ["DOWNLOADS", "bind_variables", "query_page"]

_EXAMPLE = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10"
_BIND = re.compile(r"--bind\s+([A-Za-z_]\w*)=(\S+)")
# download=... -> (format, file suffix); CONSTRUCT and DESCRIBE give Turtle or N-Triples.
DOWNLOADS = {
    "csv": (ox.QueryResultsFormat.CSV, "csv"),
    "json": (ox.QueryResultsFormat.JSON, "json"),
    "tsv": (ox.QueryResultsFormat.TSV, "tsv"),
    "xml": (ox.QueryResultsFormat.XML, "xml"),
}
_TRIPLE_DOWNLOADS = {"ttl": (ox.RdfFormat.TURTLE, "ttl"), "nt": (ox.RdfFormat.N_TRIPLES, "nt")}

Response = tuple[HTTPStatus, str, bytes, dict[str, str]]


def bind_variables(query: NamedQuery) -> list[tuple[str, str]]:
    """(variable, example value) for each ``--bind NAME=EXAMPLE`` in the query's header comments.

    A named query documents the variables a user may bind in its leading
    comment lines, with the command that binds them; the page offers a field
    for each, with the example as placeholder.
    """
    found: dict[str, str] = {}
    for line in query.text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            break
        for name, example in _BIND.findall(stripped):
            found.setdefault(name, example)
    return list(found.items())


@dataclass
class _Form:
    name: str
    sparql: str
    binds: dict[str, str]
    download: str | None


def _form(params: dict[str, list[str]]) -> _Form:
    def one(key: str) -> str:
        return (params.get(key) or [""])[0]

    binds = {
        key[len("bind.") :]: values[0]
        for key, values in params.items()
        if key.startswith("bind.") and values and values[0].strip()
    }
    return _Form(one("name"), one("query"), binds, one("download") or None)


def query_page(reader: Reader, params: dict[str, list[str]], *, about: str) -> Response:
    """The query page for ``params`` (or a download of the results when ``download=``)."""
    form = _form(params)
    queries = named_queries()
    chosen = next((q for q in queries if q.name == form.name), None)
    sparql = form.sparql
    if not sparql.strip() and chosen is not None:
        sparql = chosen.text
    status, section = HTTPStatus.OK, ""
    if form.sparql.strip():
        try:
            bindings = _bindings(form.binds, reader.prefixes)
            timed = reader.run(form.sparql, bindings=bindings)
        except PageError as exc:
            if form.download:
                raise
            status = exc.status
            section = f'<pre class="error">{esc(exc)}</pre>'
        else:
            if form.download:
                return _download(timed, form, reader.limits.max_rows)
            section = _results(reader, timed, params)
    fields = _fields(chosen, form.binds)
    body = f"""<section class="picker">
<form method="get" action="/" id="pick">
<label for="name">Named query</label>
<select name="name" id="name">{_options(queries, form.name)}</select>
<button type="submit">Load</button></form>
{_description(chosen)}
</section>
<form method="get" action="/" id="run" class="run">
<input type="hidden" name="name" value="{esc(form.name)}">
{fields}
<textarea name="query" id="query" rows="14" spellcheck="false"
 aria-label="SPARQL query">{esc(sparql or _EXAMPLE)}</textarea>
<div class="actions"><button type="submit" class="primary">Run</button>
<span class="hint">Ctrl+Enter runs the query. Prefixes of the graph are predeclared:
{_prefix_list(reader.prefixes)}</span></div>
</form>
{section}
{_catalogue(queries) if not form.sparql.strip() and chosen is None else ""}"""
    page = layout("SPARQL query", body, status=about)
    return status, "text/html; charset=utf-8", page.encode("utf-8"), {}


def _bindings(binds: dict[str, str], prefixes: dict[str, str]) -> dict:
    try:
        return dict(parse_binding(f"{name}={value}", prefixes) for name, value in binds.items())
    except QueryError as exc:
        raise PageError(HTTPStatus.BAD_REQUEST, str(exc)) from exc


def _options(queries: list[NamedQuery], selected: str) -> str:
    options = ['<option value="">— write your own —</option>']
    for q in queries:
        mark = " selected" if q.name == selected else ""
        options.append(
            f'<option value="{esc(q.name)}" title="{esc(q.description)}"{mark}>'
            f"{esc(q.name)}</option>"
        )
    return "".join(options)


def _description(query: NamedQuery | None) -> str:
    if query is None:
        return ""
    return f'<p class="description"><b>{esc(query.name)}</b>: {esc(query.description)}</p>'


def _fields(query: NamedQuery | None, binds: dict[str, str]) -> str:
    if query is None:
        extra = binds.items()
        known: list[tuple[str, str]] = [(n, "") for n, _ in extra]
    else:
        known = bind_variables(query)
        known += [(n, "") for n in binds if n not in dict(known)]
    if not known:
        return ""
    rows = []
    for name, example in known:
        value = binds.get(name, "")
        placeholder = f"e.g. {example}" if example else ""
        rows.append(
            f'<label class="bind"><span>?{esc(name)}</span>'
            f'<input name="bind.{esc(name)}" value="{esc(value)}" placeholder="{esc(placeholder)}">'
            "</label>"
        )
    return (
        '<fieldset class="binds"><legend>Bind variables (empty: unbound) — an IRI '
        "(<code>id:entity/…</code>), a number or text</legend>" + "".join(rows) + "</fieldset>"
    )


def _prefix_list(prefixes: dict[str, str]) -> str:
    return " ".join(
        f'<code title="{esc(ns)}">{esc(p)}:</code>' for p, ns in sorted(prefixes.items())
    )


def _catalogue(queries: list[NamedQuery]) -> str:
    items = "".join(
        f'<li><a href="/?{esc(urlencode({"name": q.name}))}">{esc(q.name)}</a> '
        f"<span>{esc(q.description)}</span></li>"
        for q in queries
    )
    return f'<section class="catalogue"><h2>Named queries</h2><ul>{items}</ul></section>'


def _results(reader: Reader, timed: Timed, params: dict[str, list[str]]) -> str:
    answer = timed.answer
    results = answer.results()
    links = Links(reader.base, reader.prefixes)
    if isinstance(results, ox.QueryBoolean):
        return f'<p class="summary">ASK: <b>{"true" if bool(results) else "false"}</b> · ' + (
            f"{_duration(timed.seconds)}</p>"
        )
    if isinstance(results, list):
        names = ["subject", "predicate", "object"]
        rows = [[t.subject, t.predicate, t.object] for t in sorted(results, key=str)]
        formats = {"Turtle": "ttl", "N-Triples": "nt"}
    else:
        assert results is not None
        names = [v.value for v in results.variables]
        rows = [list(solution) for solution in results]
        formats = {"CSV": "csv", "JSON": "json"}
    iris = [t.value for row in rows for t in row if isinstance(t, ox.NamedNode)]
    links.labels = reader.labels(iris)
    kept = [(k, v) for k, values in params.items() if k != "download" for v in values]
    downloads = " ".join(
        f'<a class="download" href="/?{esc(urlencode([*kept, ("download", code)]))}">'
        f"{esc(label)}</a>"
        for label, code in formats.items()
    )
    count = f"{len(rows)} row{'s' if len(rows) != 1 else ''}"
    cut = ""
    if answer.truncated:
        cut = f' <span class="warn">cut at the row limit ({reader.limits.max_rows})</span>'
    summary = (
        f'<p class="summary" id="summary"><b>{count}</b>{cut} · {_duration(timed.seconds)} · '
        f"download {downloads}</p>"
    )
    return summary + results_table(names, rows, links)


def _duration(seconds: float) -> str:
    """``0.004`` -> ``4 ms``; ``2.5`` -> ``2.50 s``."""
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _download(timed: Timed, form: _Form, max_rows: int | None) -> Response:
    answer = timed.answer
    results = answer.results()
    stem = re.sub(r"[^\w-]", "", form.name) or "results"
    if isinstance(results, list):
        fmt, suffix = _TRIPLE_DOWNLOADS.get(form.download or "", _TRIPLE_DOWNLOADS["ttl"])
        body = ox.serialize(sorted(results, key=str), format=fmt)
        media = fmt.media_type
    else:
        if form.download not in DOWNLOADS:
            raise PageError(HTTPStatus.BAD_REQUEST, f"download is one of {', '.join(DOWNLOADS)}")
        fmt_r, suffix = DOWNLOADS[form.download]
        body = results.serialize(format=fmt_r)  # type: ignore[union-attr]
        media = fmt_r.media_type
    headers = {"Content-Disposition": f'attachment; filename="{stem}.{suffix}"'}
    if answer.truncated:
        headers["X-SPARQL-MaxRows"] = str(max_rows)
    if media.startswith("text/") or media.endswith(("json", "xml")):
        media += "; charset=utf-8"
    return HTTPStatus.OK, media, body, headers
