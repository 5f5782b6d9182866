"""HTML reader: trafilatura finds the main text, title, URL and site name.

The extracted main text is the article's ``original`` (what offsets refer to).
The publication date is read from the page's own metadata (``<meta>`` tags and
JSON-LD ``datePublished``) at the precision written there: trafilatura's date
guesser fills in missing days and may pick a date from the body, which would
be inventing one.

trafilatura and lxml are imported inside the functions, when an HTML page is
read: a build of .txt or JSONL articles never loads them (they take a
noticeable time to import, and a broken HTML stack must not stop a text build).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newskg.errors import InputError
from newskg.io.record import Record, display_path

__all__ = ["meta_date", "read_html"]

# Metadata keys naming the publication date, most specific first.
_DATE_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "pubdate",
    "publishdate",
    "date",
)


def _tree(text: str) -> Any:
    import lxml.html  # noqa: PLC0415 - only when an HTML page is read

    parser = lxml.html.HTMLParser(encoding="utf-8")
    return lxml.html.fromstring(text.encode("utf-8"), parser=parser)


def _json_ld_dates(tree: Any) -> Iterator[str]:
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(script)
        except (ValueError, RecursionError):  # not JSON, a 5000-digit number, deep nesting
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                value = item.get("datePublished")
                if isinstance(value, str):
                    yield value
                stack.extend(v for k, v in item.items() if k == "@graph")


def meta_date(html: str) -> str | None:
    """The publication date written in the page's metadata, as written, or ``None``."""
    from lxml import etree  # noqa: PLC0415 - only when an HTML page is read

    try:
        tree = _tree(html)
    except (etree.ParserError, ValueError):
        return None
    found: dict[str, str] = {}
    for meta in tree.xpath("//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").casefold()
        if key in _DATE_KEYS and key not in found and meta.get("content").strip():
            found[key] = meta.get("content").strip()
    for key in _DATE_KEYS:
        if key in found:
            return found[key]
    return next(_json_ld_dates(tree), None)


def read_html(path: Path, text: str, encoding: str) -> Iterator[Record | InputError]:
    """The one article of an HTML page, or ``missing-text`` when no main text is found."""
    import trafilatura  # noqa: PLC0415 - only when an HTML page is read
    from lxml import etree  # noqa: PLC0415

    name = display_path(path.name)
    try:
        doc = trafilatura.bare_extraction(
            text, with_metadata=True, include_comments=False, include_images=False
        )
    except (etree.ParserError, ValueError) as err:
        yield InputError(name, "malformed", f"cannot parse HTML: {err}")
        return
    main = getattr(doc, "text", None) if doc is not None else None
    if not main or not main.strip():
        yield InputError(name, "missing-text", "no main text found in the HTML page")
        return
    yield Record(
        identifier=name,
        label=name,
        source=display_path(path),
        original=main,
        encoding=encoding,
        title=doc.title or None,
        date=meta_date(text),
        url=doc.url or None,
        publisher=doc.sitename or None,
        language=None,
    )
