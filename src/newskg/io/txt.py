"""Plain-text reader: one file, one article."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from newskg.errors import InputError
from newskg.io.record import Record, display_path

__all__ = ["read_txt"]


def read_txt(path: Path, text: str, encoding: str) -> Iterator[Record | InputError]:
    """The one record of a plain-text file; its title and date come from the text."""
    name = display_path(path.name)
    yield Record(
        identifier=name, label=name, source=display_path(path), original=text, encoding=encoding
    )
