"""The raw record a reader hands over, before normalisation."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Record"]


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
