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

import pickle
import tempfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from newskg.extract.merge import Equiv, Names, merge_block, merged_groups
from newskg.model import Claim, Event
from newskg.slots_pickle import tuple_state

__all__ = ["BUCKETS", "ClaimSpill", "MergedClaims", "Order", "Spilled", "SpilledGroup"]

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
    """One merged event and its claims (as filed: their own events are the reports')."""

    first: Order  # the order of the claim that opened the group
    event: Event
    members: tuple[Spilled, ...]


def _pickles(fh: BinaryIO) -> Iterator[Any]:
    """The objects pickled one after another into ``fh`` (our own file), from its start."""
    fh.seek(0)
    while True:
        try:
            yield pickle.load(fh)
        except EOFError:
            return


class MergedClaims:
    """The merged groups of a :class:`ClaimSpill`, on disk, read back one file at a time."""

    def __init__(self, fh: BinaryIO, claims: int) -> None:
        self._fh = fh
        #: claims kept by the merge (a claim said twice in one group counts once)
        self.claims = claims

    def buckets(self) -> Iterator[list[SpilledGroup]]:
        """The groups of each file in turn (those of one file in the order they opened)."""
        yield from _pickles(self._fh)  # lists of SpilledGroup, as ClaimSpill.merge wrote them

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
        records: list[Spilled] = [r for batch in _pickles(fh) for r in batch]
        fh.seek(0, 2)  # later articles are appended
        records.sort(key=lambda r: r.order)
        return records

    def merge(self, equiv: Equiv, names: Names | None = None) -> MergedClaims:
        """Merge the events of the claims across articles, file by file; the groups on disk.

        The same groups as :func:`~newskg.extract.merge.merged_groups` of all
        the claims (``within_article=False``) in the order above. The claims
        filed stay filed: more articles may be added and merged again.
        """
        out = tempfile.TemporaryFile()  # noqa: SIM115 (closed by MergedClaims.close)
        kept = 0
        for fh in self._files:
            if fh is None:
                continue
            records = self._read(fh)
            # merged_groups gives back the very claim objects it was given: find their records
            filed = {id(r.claim): r for r in records}
            groups = [
                SpilledGroup(
                    filed[id(members[0])].order, event, tuple(filed[id(m)] for m in members)
                )
                for event, members in merged_groups(
                    [r.claim for r in records], equiv, within_article=False, names=names
                )
            ]
            kept += sum(len(g.members) for g in groups)
            del records, filed
            pickle.dump(groups, out, protocol=pickle.HIGHEST_PROTOCOL)
        return MergedClaims(out, kept)

    def close(self) -> None:
        """Remove the files."""
        for fh in self._files:
            if fh is not None:
                fh.close()
        self._files = [None] * len(self._files)
