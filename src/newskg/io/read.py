"""``read_inputs``: files and folders in, Articles and InputErrors out, in a stable order."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from newskg.errors import InputError
from newskg.io.article import build_article
from newskg.io.decode import DecodeError, decode
from newskg.io.dedup import Deduplicator
from newskg.io.discover import discover
from newskg.io.html import read_html
from newskg.io.jsonl import read_json, read_jsonl
from newskg.io.record import Record, display_path
from newskg.io.txt import read_txt
from newskg.model import Article

__all__ = ["read_inputs"]

_Reader = Callable[[Path, str, str], Iterator[Record | InputError]]
_READERS: dict[str, _Reader] = {
    ".jsonl": read_jsonl,
    ".json": read_json,
    ".html": read_html,
    ".htm": read_html,
}


def _read_file(path: Path, max_bytes: int) -> Iterator[Record | InputError]:
    name = display_path(path.name or path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield InputError(name, "too-large", f"{size} bytes, over the limit of {max_bytes}")
            return
        data = path.read_bytes()
    except OSError as err:
        yield InputError(name, "unreadable", f"cannot read the file: {err.strerror or err}")
        return
    except ValueError as err:  # a NUL byte or a lone surrogate in the path
        yield InputError(name, "unreadable", f"not a usable file name: {err}")
        return
    if len(data) > max_bytes:  # the file grew since stat()
        yield InputError(name, "too-large", f"{len(data)} bytes, over the limit of {max_bytes}")
        return
    try:
        text, encoding = decode(data)
    except DecodeError as err:
        yield InputError(name, err.reason, str(err))
        return
    if not text.strip():
        yield InputError(name, "empty", "empty or whitespace-only file")
        return
    yield from _READERS.get(path.suffix.lower(), read_txt)(path, text, encoding)


def read_inputs(
    paths: Sequence[Path], *, max_bytes: int = 5_000_000, language: str | None = "fr"
) -> Iterator[Article | InputError]:
    """Yield one Article per readable record under ``paths`` (files and folders), sorted.

    Files come sorted by path, JSON Lines records in line order. A record that
    cannot be read, is in another language than ``language`` (``None``: any),
    or repeats an earlier text is yielded as an :class:`InputError` naming the
    file (and line), never raised. A file larger than ``max_bytes`` is skipped.
    """
    dedup = Deduplicator()
    try:
        for path in discover(paths):
            for item in _read_file(path, max_bytes):
                if isinstance(item, InputError):
                    yield item
                    continue
                result = build_article(item, language=language)
                yield dedup.check(result, item.label) if isinstance(result, Article) else result
    finally:
        dedup.close()
