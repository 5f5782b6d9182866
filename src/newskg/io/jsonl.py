"""JSON Lines reader (one article per line), and plain JSON (an object or a list of them).

A record has ``id`` and ``text``, and optionally ``title``, ``date``, ``url``,
``publisher`` (or ``source``) and ``language``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newskg.errors import InputError
from newskg.io.record import Record, display_path

__all__ = ["read_json", "read_jsonl"]


def _valid(value: str) -> str:
    """``value`` with lone UTF-16 surrogates (legal in JSON escapes, not in text) as U+FFFD."""
    return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _loads(text: str) -> tuple[Any, str | None]:
    """``(value, None)`` for JSON ``text``, else ``(None, why not)``, never an exception.

    Besides syntax errors, ``json`` refuses integers of more than 4300 digits
    (``ValueError``) and runs out of stack on deeply nested arrays.
    """
    try:
        return json.loads(text), None
    except json.JSONDecodeError as err:
        return None, f"not JSON: {err.msg} (column {err.colno})"
    except ValueError as err:  # "Exceeds the limit (4300 digits) for integer string conversion"
        return None, f"not readable JSON: {str(err).split(';')[0]}"
    except RecursionError:
        return None, "not readable JSON: nested too deeply"


def _optional(obj: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            return _valid(value.strip())
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
    return None


def _record(
    obj: Any, *, path: Path, label: str, default_id: str, encoding: str
) -> Record | InputError:
    if not isinstance(obj, dict):
        kind = type(obj).__name__
        return InputError(label, "malformed", f"a record must be a JSON object, not {kind}")
    if "text" not in obj or obj["text"] is None:
        return InputError(label, "missing-text", "record has no 'text' field")
    text = obj["text"]
    if not isinstance(text, str):
        return InputError(label, "malformed", f"'text' must be a string, not {type(text).__name__}")
    return Record(
        identifier=_optional(obj, "id") or default_id,
        label=label,
        source=display_path(path),
        original=_valid(text),
        encoding=encoding,
        title=_optional(obj, "title"),
        date=_optional(obj, "date", "published"),
        url=_optional(obj, "url"),
        publisher=_optional(obj, "publisher", "source"),
        language=_optional(obj, "language", "lang"),
    )


def read_jsonl(path: Path, text: str, encoding: str) -> Iterator[Record | InputError]:
    """One record per non-blank line, labelled ``name:line``; a bad line does not stop the rest."""
    name = display_path(path.name)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        label = f"{name}:{number}"
        obj, error = _loads(line)
        if error is not None:
            yield InputError(label, "malformed", error)
            continue
        yield _record(obj, path=path, label=label, default_id=label, encoding=encoding)


def read_json(path: Path, text: str, encoding: str) -> Iterator[Record | InputError]:
    """A ``.json`` file: one object, a list of objects, or JSON Lines under another name."""
    data, error = _loads(text)
    if error is not None:
        yield from read_jsonl(path, text, encoding)
        return
    name = display_path(path.name)
    if isinstance(data, list):
        for index, obj in enumerate(data):
            label = f"{name}[{index}]"
            yield _record(obj, path=path, label=label, default_id=label, encoding=encoding)
    else:
        yield _record(data, path=path, label=name, default_id=name, encoding=encoding)
