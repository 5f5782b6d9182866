"""Sorted, deterministic N-Triples and Turtle of large graphs, without holding them in memory.

The same triples always give the same bytes: the triples are written as
N-Triples lines (Oxigraph escapes every term), sorted as bytes, duplicates
dropped, and the Turtle is Oxigraph's serialisation of the sorted stream
with newskg's fixed prefixes. Sorting is external (runs of
:data:`RUN_LINES` lines sorted in memory, spilled to temporary files and
merged), so exporting a graph of millions of triples needs memory for one
run only, and Oxigraph's serialiser (in Rust) writes ~1M triples in seconds
where rdflib's takes about a minute.
"""

from __future__ import annotations

import hashlib
import heapq
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from itertools import islice
from pathlib import Path
from typing import BinaryIO

from newskg.rdf.export import file_mode
from newskg.turtle_parts import default_parts, serialise_parts

__all__ = ["RUN_BYTES", "RUN_LINES", "SortedRuns", "SortedTriples", "sorted_lines", "write_turtle"]

RUN_LINES = 500_000

#: Bytes of lines a run holds at most, whatever their number: a graph whose
#: lines carry whole article texts would otherwise hold thousands of them in
#: one run (a 500-word article's body is one line of ~3.5 KB).
RUN_BYTES = 32_000_000

# Lines handed on together once merged: the count, the digest and the writing
# then cost a call per block instead of per line (a third of the export's time).
BLOCK_LINES = 65_536


class SortedRuns:
    """Lines gathered as they come, kept as sorted runs, read once merged, sorted and unique.

    A run of :data:`RUN_LINES` lines, or of :data:`RUN_BYTES` bytes of lines,
    is sorted in memory and spilled to a temporary file as soon as it is
    full, so a build can hand its triples over while it makes them (the
    sorting is then spread over the build) and memory holds one run only.
    :meth:`merged` reads them all back, once. Call :meth:`close` (or use
    ``with``) to drop the spilled files early.
    """

    def __init__(self, *, run_lines: int = RUN_LINES, run_bytes: int = RUN_BYTES) -> None:
        self._run_lines = run_lines
        self._run_bytes = run_bytes
        self._run: list[bytes] = []
        self._size = 0  # bytes of the lines in the run
        self._spills: list[BinaryIO] = []
        self._files = ExitStack()

    def extend(self, lines: Iterable[bytes]) -> None:
        """Add ``lines`` (each ending with ``\\n``)."""
        run, limit, most = self._run, self._run_lines, self._run_bytes
        size = self._size
        for line in lines:
            run.append(line)
            size += len(line)
            if len(run) >= limit or size >= most:
                self._spill()
                run, size = self._run, 0
        self._size = size

    def _spill(self) -> None:
        self._run.sort()
        fh = self._files.enter_context(tempfile.TemporaryFile())  # noqa: SIM115 (the stack closes it)
        fh.writelines(self._run)
        fh.seek(0)
        self._spills.append(fh)
        self._run, self._size = [], 0

    def merged(self) -> Iterator[bytes]:
        """Every line added, sorted as bytes, each once; the runs are dropped as read."""
        for block in self.merged_blocks():
            yield from block

    def merged_blocks(self, size: int = BLOCK_LINES) -> Iterator[list[bytes]]:
        """:meth:`merged`'s lines in blocks of at most ``size`` (none empty), read once."""
        run, self._run, self._size = self._run, [], 0
        run.sort()
        spills, self._spills = self._spills, []
        with self._files:
            merged = iter(heapq.merge(run, *spills) if spills else run)
            previous = None
            while block := list(islice(merged, size)):
                unique = list(dict.fromkeys(block))  # sorted: a line's copies are neighbours
                if unique[0] == previous:
                    del unique[0]
                previous = block[-1]
                if unique:
                    yield unique

    def close(self) -> None:
        """Drop what is left (the spilled files are removed)."""
        self._run, self._spills, self._size = [], [], 0
        self._files.close()

    def __enter__(self) -> SortedRuns:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def sorted_lines(lines: Iterable[bytes], *, run_lines: int = RUN_LINES) -> Iterator[bytes]:
    """``lines`` (each ending with ``\\n``) sorted as bytes, each once.

    Spills sorted runs of ``run_lines`` lines to temporary files when there
    are more, then merges them lazily.
    """
    runs = SortedRuns(run_lines=run_lines)
    try:
        runs.extend(lines)
        yield from runs.merged()
    finally:
        runs.close()


class SortedTriples:
    """Triples as sorted unique N-Triples lines, with their count and content digest.

    ``skip_in_digest`` are predicates whose triples do not count in
    :attr:`digest` (the build's timestamps), so two builds of the same
    input have the same digest.
    """

    def __init__(self, skip_in_digest: Iterable[str] = ()) -> None:
        self._skip = tuple(f" <{p}> ".encode() for p in skip_in_digest)
        self._hash = hashlib.sha256()
        self.count = 0

    def run(self, triples: Iterable[bytes] | SortedRuns) -> Iterator[bytes]:
        """Sort ``triples`` (N-Triples lines; runs already gathered are merged); count and
        digest them as they pass."""
        for block, _joined in self._blocks(triples):
            yield from block

    def blocks(self, triples: Iterable[bytes] | SortedRuns) -> Iterator[bytes]:
        """:meth:`run`'s lines joined in blocks of many lines: the same bytes, written faster."""
        for _block, joined in self._blocks(triples):
            yield joined

    def _blocks(self, triples: Iterable[bytes] | SortedRuns) -> Iterator[tuple[list[bytes], bytes]]:
        if isinstance(triples, SortedRuns):
            yield from self._counted(triples.merged_blocks())
            return
        runs = SortedRuns()
        try:
            runs.extend(triples)
            yield from self._counted(runs.merged_blocks())
        finally:
            runs.close()

    def _counted(self, blocks: Iterable[list[bytes]]) -> Iterator[tuple[list[bytes], bytes]]:
        """Each block with its lines joined, counted and digested (one hash call a block)."""
        skip = self._skip
        for block in blocks:
            self.count += len(block)
            joined = b"".join(block)
            if skip and any(s in joined for s in skip):
                kept = b"".join(line for line in block if not any(s in line for s in skip))
                self._hash.update(kept)
            else:
                self._hash.update(joined)  # the same digest as the lines one at a time
            yield block, joined

    @property
    def digest(self) -> str:
        return self._hash.hexdigest()


def write_turtle(
    lines: Iterable[bytes], path: Path, prefixes: dict[str, str], *, parts: int | None = None
) -> None:
    """Write sorted N-Triples ``lines`` as Turtle to ``path`` (atomically, like every output).

    The lines go to a temporary N-Triples file, which Oxigraph parses and
    serialises as Turtle in a stream; subjects come in the lines' order, so
    each subject's triples are grouped. A large file is cut into ``parts``
    at subject boundaries and serialised by that many processes at once
    (:mod:`newskg.turtle_parts`; by default one per core, for files of more
    than a few MB): the same bytes. The ``@prefix`` lines are written
    by newskg, sorted, so that the header does not depend on the order in
    which Oxigraph keeps prefixes.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    nt_path = tmp_path.with_suffix(".nt")
    body_path = tmp_path.with_suffix(".body")
    bodies = [body_path]
    try:
        with open(nt_path, "wb") as nt:
            nt.writelines(lines)
        if parts is None:
            parts = default_parts(nt_path.stat().st_size)
        bodies = serialise_parts(nt_path, body_path, prefixes, parts)
        os.chmod(tmp_path, file_mode())
        with open(tmp_path, "wb") as out:
            for prefix, ns in sorted(prefixes.items()):
                out.write(f"@prefix {prefix}: <{ns}> .\n".encode())
            for part in bodies:
                with open(part, "rb") as body:
                    line = body.readline()
                    while line.startswith(b"@prefix "):
                        line = body.readline()
                    out.write(line)
                    shutil.copyfileobj(body, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp_path, path)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise
    finally:
        nt_path.unlink(missing_ok=True)
        for part in bodies:
            part.unlink(missing_ok=True)


def turtle_bytes(lines: Iterable[bytes], prefixes: dict[str, str]) -> bytes:
    """Turtle of sorted N-Triples ``lines``, in memory (for exports to standard output)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graph.ttl"
        write_turtle(lines, path, prefixes)
        return path.read_bytes()
