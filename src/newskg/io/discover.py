"""Files and folders in, the sorted list of input files out."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

__all__ = ["SUFFIXES", "discover"]

#: The file name endings read from a folder (a file named explicitly is read whatever its name).
SUFFIXES = frozenset({".txt", ".jsonl", ".json", ".html", ".htm"})


def discover(paths: Iterable[Path]) -> list[Path]:
    """The input files under ``paths``, sorted, each once.

    A folder contributes, recursively, its files whose suffix is in
    :data:`SUFFIXES`, skipping hidden files and folders; a path that is not a
    folder is kept as given (so that a missing file is reported, not ignored).
    """
    found: set[Path] = set()
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for candidate in path.rglob("*"):
                relative = candidate.relative_to(path).parts
                if any(part.startswith(".") for part in relative):
                    continue
                if candidate.suffix.lower() in SUFFIXES and candidate.is_file():
                    found.add(candidate)
        else:
            found.add(path)
    return sorted(found)
