"""Readers: files and folders in, :class:`~newskg.model.Article` records out.

A record that cannot be read is yielded as an :class:`~newskg.errors.InputError`
(never raised), so the caller reports it and goes on with the rest. Its
``reason`` is one of ``empty``, ``binary``, ``encoding``, ``too-large``,
``malformed``, ``missing-text``, ``language``, ``duplicate``, ``unreadable``.

Modules, in the order a file goes through them: ``discover`` (files and
folders -> sorted files), ``decode`` (bytes -> text), ``txt`` / ``jsonl`` /
``html`` (text -> records), ``normalize`` (clean text with an offset map),
``published`` (publication date), ``language`` (detection), ``article``
(record -> Article), ``dedup`` (exact and near duplicates), ``read``
(:func:`read_inputs`, tying them together).
"""

from __future__ import annotations

from newskg.io.decode import DecodeError, decode
from newskg.io.dedup import Deduplicator, content_hash
from newskg.io.discover import discover
from newskg.io.language import Detected, detect_language
from newskg.io.normalize import Normalized, Removed, headline, normalize
from newskg.io.published import find_published, parse_date_value, parse_dateline
from newskg.io.read import read_inputs

__all__ = [
    "DecodeError",
    "Deduplicator",
    "Detected",
    "Normalized",
    "Removed",
    "content_hash",
    "decode",
    "detect_language",
    "discover",
    "find_published",
    "headline",
    "normalize",
    "parse_date_value",
    "parse_dateline",
    "read_inputs",
]
