"""Serialise sorted N-Triples as Turtle in several processes at once, the same bytes as in one.

Oxigraph's Turtle serialiser is fast, but fed from Python (a parser's
quads handed to the serialiser) it holds the GIL all along: a large
``graph.ttl`` (1M triples, ~2.5 s) is written on one core. The sorted
N-Triples file is therefore cut into parts at subject boundaries (every
line of a subject is in one part: sorted lines that share a subject are
neighbours), each part is serialised by its own process (this one does the
first), and the parts are joined. Turtle's serialiser closes a subject's
statements before it starts the next subject, so the joined parts are the
bytes one serialisation writes, prefixes aside (the caller writes them
once).

This module imports nothing but :mod:`pyoxigraph` and the standard library:
a part's process starts in a fraction of a second
(``python -m newskg.turtle_parts NT START END BODY PREFIXES``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

__all__ = ["MIN_PART_BYTES", "default_parts", "serialise_parts", "serialise_range", "subject_cuts"]

#: Parts are never smaller than this (bytes of N-Triples, ~60,000 triples):
#: below it, starting a process costs more than it saves.
MIN_PART_BYTES = 8 << 20

# Processes at most, this one included.
_MAX_PARTS = 4


def default_parts(size: int) -> int:
    """How many parts to cut ``size`` bytes of N-Triples into: one per core this
    process may use (at most four), none smaller than :data:`MIN_PART_BYTES`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, _MAX_PARTS, size // MIN_PART_BYTES))


def _subject(line: bytes) -> bytes:
    return line.split(b" ", 1)[0]


def subject_cuts(nt_path: Path, parts: int) -> list[int]:
    """Byte offsets ``[0, ..., size]`` cutting the sorted N-Triples file ``nt_path`` into
    at most ``parts`` ranges of about equal size, each cut at the first line of a
    subject: no subject's lines are in two ranges. Ranges that would be empty are
    left out (a file of one subject is one range)."""
    size = nt_path.stat().st_size
    cuts = [0]
    with open(nt_path, "rb") as fh:
        for k in range(1, parts):
            target = max(size * k // parts, cuts[-1])
            fh.seek(target)
            if target > 0:
                fh.readline()  # the rest of the line the target falls in
            line = fh.readline()
            if not line:
                break
            subject = _subject(line)
            while (line := fh.readline()) and _subject(line) == subject:
                pass
            cut = fh.tell() - len(line) if line else size
            if cut >= size:
                break
            if cut > cuts[-1]:
                cuts.append(cut)
    cuts.append(size)
    return cuts


class _Range:
    """The bytes ``start``..``end`` of an open file, read through ``read`` (as Oxigraph reads)."""

    def __init__(self, fh: BinaryIO, start: int, end: int) -> None:
        fh.seek(start)
        self._fh = fh
        self._left = end - start

    def read(self, n: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        n = self._left if n is None or n < 0 else min(n, self._left)
        data = self._fh.read(n)
        self._left -= len(data)
        return data


def serialise_range(
    nt_path: Path, start: int, end: int, body_path: Path, prefixes: dict[str, str]
) -> None:
    """Write the Turtle of the N-Triples lines in bytes ``start``..``end`` of ``nt_path``
    to ``body_path`` (with ``@prefix`` lines first, as Oxigraph writes them)."""
    with open(nt_path, "rb") as nt, open(body_path, "wb") as body:
        ox.serialize(
            ox.parse(_Range(nt, start, end), format=ox.RdfFormat.N_TRIPLES),
            body,
            format=ox.RdfFormat.TURTLE,
            prefixes=prefixes,
        )


def serialise_parts(
    nt_path: Path, body_path: Path, prefixes: dict[str, str], parts: int
) -> list[Path]:
    """Serialise the sorted N-Triples file ``nt_path`` as Turtle in up to ``parts``
    processes; return the bodies, in order (``body_path``, then its name with
    ``-1``, ``-2``... before its suffix), each beginning with its own ``@prefix``
    lines.

    A part whose process cannot start or fails is serialised here instead:
    the bytes are the same either way.
    """
    cuts = subject_cuts(nt_path, parts) if parts > 1 else [0, nt_path.stat().st_size]
    ranges = list(pairwise(cuts))
    # NAME-1.SUFFIX...: a killed build's leftovers keep the suffix the next build removes
    stem, suffix = body_path.stem, body_path.suffix
    bodies = [
        body_path,
        *(body_path.with_name(f"{stem}-{i}{suffix}") for i in range(1, len(ranges))),
    ]
    children: list[tuple[int, subprocess.Popen[bytes] | None]] = []
    try:
        for i in range(1, len(ranges)):
            children.append((i, _start(nt_path, *ranges[i], bodies[i], prefixes)))
        serialise_range(nt_path, *ranges[0], bodies[0], prefixes)
        for i, child in children:
            if child is None or child.wait() != 0:
                serialise_range(nt_path, *ranges[i], bodies[i], prefixes)
    except BaseException:
        for _, child in children:
            if child is not None and child.poll() is None:
                child.kill()
                child.wait()
        for extra in bodies[1:]:
            extra.unlink(missing_ok=True)
        raise
    return bodies


def _start(
    nt_path: Path, start: int, end: int, body_path: Path, prefixes: dict[str, str]
) -> subprocess.Popen[bytes] | None:
    """A process serialising one range (``None`` if it cannot start)."""
    args = [str(nt_path), str(start), str(end), str(body_path), json.dumps(prefixes)]
    try:
        return subprocess.Popen(
            [sys.executable, "-m", "newskg.turtle_parts", *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        return None


def main(argv: Sequence[str] | None = None) -> int:
    """Serialise one range: ``NT START END BODY PREFIXES_JSON``."""
    nt, start, end, body, prefixes = argv if argv is not None else sys.argv[1:]
    serialise_range(Path(nt), int(start), int(end), Path(body), json.loads(prefixes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
