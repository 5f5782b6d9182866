"""The raw record a reader hands over, before normalisation."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import PurePath

__all__ = ["Record", "display_path"]


def display_path(path: str | PurePath) -> str:
    """``path`` as valid Unicode text: bytes of the name that are not UTF-8 as ``\\xNN``.

    A file name is bytes; Python hands undecodable ones over as lone
    surrogates, which no output (terminal, JSON, RDF literal) can hold. Two
    different names stay different.

    >>> display_path(os.fsdecode(b"caf\\xe9.txt"))
    'caf\\\\xe9.txt'
    >>> display_path("Séoul.txt")
    'Séoul.txt'
    """
    text = os.fspath(path)
    try:
        raw = os.fsencode(text)
    except UnicodeEncodeError:  # a surrogate that does not stand for a byte
        raw = text.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "backslashreplace")


@dataclass(frozen=True, slots=True)
class Record:
    """One input record as read: its text and whatever metadata came with it.

    ``label`` names it in messages (the file name, or ``name:line`` for JSON
    Lines); ``source`` is the path as given.
    """

    identifier: str
    label: str
    source: str
    original: str
    encoding: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    publisher: str | None = None
    language: str | None = None
