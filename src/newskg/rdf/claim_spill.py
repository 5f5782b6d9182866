"""A build's claims kept on disk until the cross-article merge, then merged block by block.

The merge of events across articles needs the claims of every article, so
a build used to hold them all in memory until its last article: ~24 KB an
article as Python objects (measured at 1,000 articles), the part of the
build's memory that grew with the corpus. Here each article's claims are
pickled to one of :data:`BUCKETS` temporary files (in the system's
temporary folder, ``TMPDIR``; unlinked as they are made, so nothing is left
behind by a killed build) as they come, the file
chosen by the claim's merge block (:func:`~newskg.extract.merge.merge_block`).
Reports of two blocks never merge, so each file is merged on its own
(:meth:`ClaimSpill.merge`) and gives the same events as one merge of all
the claims; memory holds one file's claims at a time.

Within a file the claims are merged in the order one merge of the corpus
would see them: articles by identifier (then in the order they came), each
article's claims in its own order (:class:`Order`).
"""

from __future__ import annotations

import io
import logging
import os
import pickle
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO

from newskg.extract.merge import Equiv, Names, merge_block, merged_groups
from newskg.model import Claim, Event
from newskg.slots_pickle import tuple_state

log = logging.getLogger(__name__)

__all__ = [
    "BUCKETS",
    "HELPER_BYTES",
    "ClaimSpill",
    "MergedClaims",
    "Order",
    "Spilled",
    "SpilledGroup",
]

#: Temporary files the claims are filed into, by merge block. The largest
#: block of a synthetic corpus holds ~7 % of its claims, so more files would
#: not hold much less at a time.
BUCKETS = 32

#: Where a claim comes in one merge of the corpus: its article's identifier,
#: the article's rank among those added, the claim's rank in its article.
Order = tuple[str, int, int]


@tuple_state
@dataclass(frozen=True, slots=True)
class Spilled:
    """One claim as filed: its place in the corpus and what its article gave with it."""

    order: Order
    claim: Claim
    extra: object = None  # the caller's data of the claim (the assembler: its quote's figures)


@tuple_state
@dataclass(frozen=True, slots=True)
class SpilledGroup:
    """One merged event and its claims, each of which now asserts it.

    The members' claims carry the group's event, not the reports' events
    they were filed with: the graph needs only the merged one, and one
    object shared by the members is pickled once for the group, where each
    report's event was pickled with its claim.
    """

    first: Order  # the order of the claim that opened the group
    event: Event
    members: tuple[Spilled, ...]


#: Bytes of filed claims from which :meth:`ClaimSpill.merge` shares the files with a
#: helper process on a second core. Measured on synthetic articles of 500 words:
#: 1,000 of them file 7.2 MB, merged in 0.73-0.81 s alone and 0.62-0.67 s with the
#: helper; 10,000 file 72.6 MB, merged in 14.1 s alone and 7.5 s with it. The
#: 1,000-article figures put the helper's start at ~0.25 s, about what it saves
#: on the ~4 MB of ~550 articles.
HELPER_BYTES = 4_000_000


def _merged(records: list[Spilled], equiv: Equiv, names: Names | None) -> tuple[bytes, int]:
    """The merged groups of one file's ``records`` (in merge order), pickled; claims kept,
    each with its group's event."""
    # merged_groups gives back the very claim objects it was given: find their records
    filed = {id(r.claim): r for r in records}
    groups = [
        SpilledGroup(
            filed[id(members[0])].order,
            event,
            tuple(_asserting(filed[id(m)], event) for m in members),
        )
        for event, members in merged_groups(
            [r.claim for r in records], equiv, within_article=False, names=names
        )
    ]
    kept = sum(len(g.members) for g in groups)
    return pickle.dumps(groups, protocol=pickle.HIGHEST_PROTOCOL), kept


def _asserting(record: Spilled, event: Event) -> Spilled:
    """``record`` with its claim asserting ``event`` (its group's)."""
    if record.claim.event is event:
        return record
    return Spilled(record.order, replace(record.claim, event=event), record.extra)


def _usable_cpus() -> int:
    """The cores this process may run on (its affinity, where the system tells it)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def _shares(sizes: Sequence[int]) -> tuple[list[int], list[int]]:
    """Files for this process and for the helper: the larger first, each to the one with
    less (this process also reads the helper's files and writes every result)."""
    mine: list[int] = []
    theirs: list[int] = []
    load = [0, 0]
    for i in sorted(range(len(sizes)), key=lambda i: (-sizes[i], i)):
        side = 0 if load[0] <= load[1] else 1
        (mine if side == 0 else theirs).append(i)
        load[side] += sizes[i]
    return sorted(mine), sorted(theirs)


def merge_files(source: BinaryIO, target: BinaryIO) -> None:
    """Merge files sent by :meth:`ClaimSpill.merge` to a helper process (its main work).

    ``source`` holds, pickled one after another, ``(equiv, with_names)`` then
    ``(index, data)`` for each file (``data``: the file's bytes); ``target``
    gets ``(index, groups, kept)`` for each, as :func:`_merged` gives them.
    """
    equiv, with_names = pickle.load(source)
    names = equiv.names if with_names else None
    while True:
        try:
            index, data = pickle.load(source)
        except EOFError:
            return
        records = _records(io.BytesIO(data))
        pickle.dump((index, *_merged(records, equiv, names)), target, pickle.HIGHEST_PROTOCOL)


def _records(fh: BinaryIO) -> list[Spilled]:
    """Every claim filed in ``fh`` (a file of pickled lists), in the order of one merge
    of the corpus."""
    records: list[Spilled] = [r for batch in _pickles(fh) for r in batch]
    records.sort(key=lambda r: r.order)
    return records


def _pickles(fh: BinaryIO) -> Iterator[Any]:
    """The objects pickled one after another into ``fh`` (our own file), from its start."""
    fh.seek(0)
    while True:
        try:
            yield pickle.load(fh)
        except EOFError:
            return


_HELPER_MODULE = "newskg.rdf.merge_helper"


class _HelperRun:
    """A helper process merging some files: ``python -m newskg.rdf.merge_helper IN OUT``.

    A fresh interpreter run as a module, not a :mod:`multiprocessing` child:
    those import the caller's main script again, which a script without a
    ``__main__`` guard that calls the build would run again (the build's
    ``--workers`` asks for that guard; the merge must not).
    """

    def __init__(self, process: subprocess.Popen[bytes], output: Path) -> None:
        self._process = process
        self._output = output

    def stop(self) -> None:
        """End the helper if it still runs."""
        if self._process.poll() is None:
            self._process.kill()
            self._process.communicate()

    def results(self) -> Iterator[tuple[int, bytes, int]]:
        """The merged files ``(index, groups, kept)``, one at a time, once the helper is
        done; none if it failed (logged)."""
        _, err = self._process.communicate()  # reads its stderr as it goes: never blocks it
        if self._process.returncode != 0:
            told = (err or b"").decode("utf-8", "replace").strip()[-500:]
            log.warning("the merge's helper failed (%s): %s", self._process.returncode, told)
            return
        with self._output.open("rb") as fh:
            yield from _pickles(fh)


def _start_helper(
    folder: Path,
    files: Sequence[BinaryIO],
    theirs: Sequence[int],
    equiv: Equiv,
    names: Names | None,
) -> _HelperRun | None:
    """Write the helper's files into ``folder`` and start it; ``None`` if it cannot start
    (or has nothing to do)."""
    if not theirs:
        return None
    source, target = folder / "in.pickle", folder / "out.pickle"
    try:
        with source.open("wb") as fh:
            pickle.dump((equiv, names is not None), fh, pickle.HIGHEST_PROTOCOL)
            for i in theirs:
                files[i].seek(0)
                pickle.dump((i, files[i].read()), fh, pickle.HIGHEST_PROTOCOL)
                files[i].seek(0, 2)  # later articles are appended
        process = subprocess.Popen(
            [sys.executable, "-m", _HELPER_MODULE, str(source), str(target)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
    except (OSError, pickle.PicklingError, AttributeError, TypeError) as exc:
        log.warning("the merge runs in one process: its helper could not start (%s)", exc)
        return None
    return _HelperRun(process, target)


class MergedClaims:
    """The merged groups of a :class:`ClaimSpill`, on disk, read back one file at a time."""

    def __init__(self, fh: BinaryIO, claims: int, spans: Sequence[tuple[int, int]]) -> None:
        self._fh = fh
        #: claims kept by the merge (a claim said twice in one group counts once)
        self.claims = claims
        self._spans = spans  # where each file's groups were written, in the files' order

    def buckets(self) -> Iterator[list[SpilledGroup]]:
        """The groups of each file in turn (those of one file in the order they opened)."""
        for start, end in self._spans:  # written as they were ready, read in the files' order
            self._fh.seek(start)
            yield pickle.loads(self._fh.read(end - start))

    def close(self) -> None:
        self._fh.close()


class ClaimSpill:
    """Claims filed on disk by merge block as articles are added; merged file by file."""

    def __init__(self, buckets: int = BUCKETS) -> None:
        self._files: list[BinaryIO | None] = [None] * buckets
        self._articles = 0
        self.claims = 0

    def add(
        self, identifier: str, claims: Sequence[Claim], extra: Callable[[Claim], object]
    ) -> None:
        """File the claims of one article (``identifier``), each with ``extra(claim)``."""
        rank = self._articles
        self._articles += 1
        filed: dict[int, list[Spilled]] = {}
        for i, claim in enumerate(claims):
            bucket = zlib.crc32(merge_block(claim).encode("utf-8")) % len(self._files)
            filed.setdefault(bucket, []).append(Spilled((identifier, rank, i), claim, extra(claim)))
        for bucket, records in sorted(filed.items()):
            fh = self._files[bucket]
            if fh is None:
                fh = self._files[bucket] = tempfile.TemporaryFile()  # noqa: SIM115 (closed in close)
            pickle.dump(records, fh, protocol=pickle.HIGHEST_PROTOCOL)
        self.claims += len(claims)

    def _read(self, fh: BinaryIO) -> list[Spilled]:
        """Every claim filed in ``fh``, in the order of one merge of the corpus."""
        records = _records(fh)
        fh.seek(0, 2)  # later articles are appended
        return records

    def merge(
        self, equiv: Equiv, names: Names | None = None, *, helper: bool | None = None
    ) -> MergedClaims:
        """Merge the events of the claims across articles, file by file; the groups on disk.

        The same groups as :func:`~newskg.extract.merge.merged_groups` of all
        the claims (``within_article=False``) in the order above. The claims
        filed stay filed: more articles may be added and merged again.

        The files are independent, so with ``helper`` a second process merges
        some of them (the larger first, each to whichever of the two has less
        to do) while this one merges the others: by default when the files
        hold :data:`HELPER_BYTES` or more and the machine has a second core.
        ``equiv`` and ``names`` must then pickle (``names`` is ``None`` or
        ``equiv.names``). The result is the same either way.
        """
        files = [fh for fh in self._files if fh is not None]
        sizes = [fh.seek(0, 2) for fh in files]
        if helper is None:
            helper = sum(sizes) >= HELPER_BYTES and _usable_cpus() > 1
        mine, theirs = _shares(sizes) if helper else (list(range(len(files))), [])
        out = tempfile.TemporaryFile()  # noqa: SIM115 (closed by MergedClaims.close)
        spans: list[tuple[int, int]] = [(0, 0)] * len(files)
        kept = 0

        def write(i: int, data: bytes, n: int) -> None:
            nonlocal kept
            start = out.seek(0, 2)
            out.write(data)
            spans[i] = (start, start + len(data))
            kept += n

        with tempfile.TemporaryDirectory(prefix="newskg-merge-") as folder:
            helper_run = _start_helper(Path(folder), files, theirs, equiv, names)
            done: set[int] = set()
            try:
                for i in mine:
                    write(i, *_merged(self._read(files[i]), equiv, names))
                for i, data, n in helper_run.results() if helper_run is not None else ():
                    write(i, data, n)  # one file's groups in memory at a time
                    done.add(i)
            finally:
                if helper_run is not None:
                    helper_run.stop()  # an error or an interrupt here: the helper goes too
            for i in theirs:  # what the helper did not give (it failed): merged here
                if i not in done:
                    write(i, *_merged(self._read(files[i]), equiv, names))
        return MergedClaims(out, kept, spans)

    def close(self) -> None:
        """Remove the files."""
        for fh in self._files:
            if fh is not None:
                fh.close()
        self._files = [None] * len(self._files)
