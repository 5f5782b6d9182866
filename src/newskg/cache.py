"""Per-article extraction cache: an unchanged article is not parsed again.

Parsing with spaCy is the slow part of a build; assembling the graph from
the per-article results is cheap. So each article's entities and claims
(its :class:`~newskg.model.ArticleResult` without the article itself) are
kept as a JSON file under ``OUTPUT/cache/extract/``, named by a digest of

- the **extractor fingerprint**: newskg's version, the spaCy pipeline's name
  and version, the knowledge base's digest, and the bytes of the code and
  data the extraction runs (``model.py``, ``text.py``, ``extract/``, ``nlp/``,
  ``kb/``, ``data/``), so that editing a lexicon or an extractor, even
  without a new version number, invalidates every entry;
- the **article as read**: its identifier, text, original, offsets, date,
  title and the other fields extraction may read (not its path, which can
  move, nor its near-duplicates, which depend on the other inputs).

A hit is combined with the freshly read :class:`~newskg.model.Article`, so
it equals what extraction would return. Entries are written atomically; an
unreadable entry is a miss. After a successful build, :meth:`ExtractionCache.keep`
removes the entries that build did not use: the cache mirrors the store.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import fields
from pathlib import Path
from typing import Any

from newskg import __version__
from newskg.model import (
    Article,
    ArticleResult,
    Claim,
    EntityKind,
    EntityRef,
    Event,
    EventKind,
    Measure,
    Modality,
    PartialDate,
    Qualifier,
    Quantity,
    TimeValue,
)
from newskg.rdf.export import write_atomic
from newskg.rdf.iris import digest

__all__ = ["ExtractionCache", "extractor_fingerprint", "result_from_json", "result_to_json"]

log = logging.getLogger(__name__)

FORMAT = 1

_PKG = Path(__file__).resolve().parent
# What extraction runs: a change to any of these files invalidates the cache.
_EXTRACTION_SOURCES = ("model.py", "text.py", "extract", "nlp", "kb", "data", "engine/pieces.py")
# Article fields that never reach extraction (and may differ for the same text).
_NOT_READ = frozenset({"source", "near_duplicate_of"})


def _code_digest() -> str:
    h = hashlib.sha256()
    for name in _EXTRACTION_SOURCES:
        root = _PKG / name
        files = [root] if root.is_file() else sorted(root.rglob("*"))
        for f in files:
            if f.is_file() and "__pycache__" not in f.parts and f.suffix != ".pyc":
                h.update(f.relative_to(_PKG).as_posix().encode() + b"\0")
                h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def extractor_fingerprint(
    model_name: str, model_version: str, kb_digest: str, *settings: str
) -> str:
    """What makes two extractions of the same article give the same result.

    ``settings`` are the build options extraction reads (the entity limit).
    """
    return digest(
        __version__, model_name, model_version, kb_digest, _code_digest(), *settings, length=32
    )


def _article_digest(article: Article) -> str:
    read = {f.name: getattr(article, f.name) for f in fields(Article) if f.name not in _NOT_READ}
    read["published"] = str(article.published) if article.published else None
    return hashlib.sha256(
        json.dumps(read, sort_keys=True, ensure_ascii=False).encode("utf-8", "surrogatepass")
    ).hexdigest()


# ---------------------------------------------------------------- JSON codec
def _date(d: PartialDate | None) -> str | None:
    return None if d is None else d.lexical


def _undate(s: str | None) -> PartialDate | None:
    return None if s is None else PartialDate.parse(s)


def _event_to_json(ev: Event) -> dict[str, Any]:
    t = ev.time
    return {
        "kind": ev.kind.value,
        "roles": [list(r) for r in ev.roles],
        "quantities": [
            {
                "measure": q.measure.value,
                "value": q.value,
                "min_value": q.min_value,
                "max_value": q.max_value,
                "qualifier": q.qualifier.value,
                "increment": q.increment,
            }
            for q in ev.quantities
        ],
        "time": None
        if t is None
        else {"date": _date(t.date), "start": _date(t.start), "end": _date(t.end)},
    }


def _event_from_json(d: dict[str, Any]) -> Event:
    t = d["time"]
    return Event(
        kind=EventKind(d["kind"]),
        roles=tuple((r, k) for r, k in d["roles"]),
        quantities=tuple(
            Quantity(
                measure=Measure(q["measure"]),
                value=q["value"],
                min_value=q["min_value"],
                max_value=q["max_value"],
                qualifier=Qualifier(q["qualifier"]),
                increment=q.get("increment", False),
            )
            for q in d["quantities"]
        ),
        time=None
        if t is None
        else TimeValue(date=_undate(t["date"]), start=_undate(t["start"]), end=_undate(t["end"])),
    )


def result_to_json(result: ArticleResult) -> dict[str, Any]:
    """The JSON form of an article's entities, claims and warnings (not the article)."""
    return {
        "format": FORMAT,
        "article": result.article.identifier,
        "entities": [
            {
                "key": e.key,
                "kind": e.kind.value,
                "label": e.label,
                "names": list(e.names),
                "in_kb": e.in_kb,
                "affiliation": e.affiliation,
                "label_en": e.label_en,
            }
            for e in result.entities
        ],
        "claims": [
            {
                "event": _event_to_json(c.event),
                "article": c.article,
                "quote": c.quote,
                "start": c.start,
                "end": c.end,
                "claimant": c.claimant,
                "modality": c.modality.value,
                "confidence": c.confidence,
                "trigger": c.trigger,
            }
            for c in result.claims
        ],
        "warnings": list(result.warnings),
    }


def result_from_json(data: dict[str, Any], article: Article) -> ArticleResult:
    """Rebuild the :class:`ArticleResult` of ``article`` from :func:`result_to_json`'s output.

    Raises ``ValueError`` (or ``KeyError``/``TypeError``) when ``data`` is not such output.
    """
    if data.get("format") != FORMAT or data.get("article") != article.identifier:
        raise ValueError("not a cache entry of this format for this article")
    return ArticleResult(
        article=article,
        entities=tuple(
            EntityRef(
                key=e["key"],
                kind=EntityKind(e["kind"]),
                label=e["label"],
                names=tuple(e["names"]),
                in_kb=e["in_kb"],
                affiliation=e["affiliation"],
                label_en=e.get("label_en"),
            )
            for e in data["entities"]
        ),
        claims=tuple(
            Claim(
                event=_event_from_json(c["event"]),
                article=c["article"],
                quote=c["quote"],
                start=c["start"],
                end=c["end"],
                claimant=c["claimant"],
                modality=Modality(c["modality"]),
                confidence=c["confidence"],
                trigger=c["trigger"],
            )
            for c in data["claims"]
        ),
        warnings=tuple(data["warnings"]),
    )


# ---------------------------------------------------------------- the cache
class ExtractionCache:
    """Extraction results on disk, one JSON file per (fingerprint, article)."""

    def __init__(self, directory: Path, fingerprint: str) -> None:
        self.directory = Path(directory)
        self.fingerprint = fingerprint

    def key(self, article: Article) -> str:
        return digest(self.fingerprint, _article_digest(article), length=40)

    def _path(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def get(self, article: Article, *, key: str | None = None) -> ArticleResult | None:
        """The cached result of ``article``, or ``None`` (a miss); ``key`` if already known."""
        path = self._path(key or self.key(article))
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return result_from_json(data, article)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("ignoring unreadable cache entry %s: %s", path, exc)
            return None

    def put(self, result: ArticleResult) -> None:
        """Store ``result``: written to a temporary file and renamed, so a killed build
        leaves whole entries only (not synced to disk: a lost entry is only a miss)."""
        data = json.dumps(result_to_json(result), ensure_ascii=False, sort_keys=True)
        write_atomic(
            self._path(self.key(result.article)),
            data.encode("utf-8", "surrogatepass"),
            durable=False,
        )

    def keep(self, keys: Iterable[str]) -> int:
        """Remove every entry but those of ``keys`` (:meth:`key` s); return how many went."""
        wanted = {self._path(k).name for k in keys}
        removed = 0
        if self.directory.is_dir():
            for path in self.directory.glob("*.json"):
                if path.name not in wanted:
                    path.unlink(missing_ok=True)
                    removed += 1
        return removed
