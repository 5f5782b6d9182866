"""A compact map from each character of a normalised text to its position in the original.

Normalisation only deletes characters and rewrites white space
(:mod:`newskg.io.normalize`), so the map is made of long stretches where the
text is a verbatim slice of the original (each character one position
further) and short stretches of rewritten white space (every character of
``"\\n\\n"`` at the position of the white space it replaces). Kept as a list
of runs instead of one integer per character, the map of a 10 MB article
takes a few hundred kilobytes instead of hundreds of megabytes, and reading a
position is a binary search over the runs.

A run is ``(start, origin, step)``: characters ``start``, ``start + 1``, …
of the text, up to the next run's start, map to ``origin``, ``origin +
step``, … with ``step`` 1 (a verbatim stretch) or 0 (rewritten white space).
The runs are kept in one canonical form, the one a left-to-right greedy
reading of the per-character positions gives (a run extends while the next
position follows it; a run of one character has step 1), so two maps with
the same positions have the same runs, and compare and digest alike.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

__all__ = ["OffsetMap", "RunBuilder"]


class RunBuilder:
    """Builds an :class:`OffsetMap` from stretches of positions, in text order.

    :meth:`extend` appends ``count`` positions ``origin, origin + step, …``;
    consecutive stretches that continue each other are merged, so the result
    is canonical whatever the cut into stretches.
    """

    __slots__ = ("_length", "_origins", "_starts", "_steps")

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._origins: list[int] = []
        self._steps: list[int] = []
        self._length = 0

    def __len__(self) -> int:
        return self._length

    def extend(self, origin: int, step: int, count: int) -> None:
        """Append ``count`` positions: ``origin``, ``origin + step``, … (``step`` 0 or 1)."""
        starts, origins, steps = self._starts, self._origins, self._steps
        while count > 0:
            take = 0
            if starts:
                run_len = self._length - starts[-1]
                last = origins[-1] + (run_len - 1) * steps[-1]
                if run_len == 1 and origin - last in (0, 1):
                    steps[-1] = origin - last  # a second position fixes the run's step
                    take = count if count == 1 or step == steps[-1] else 1
                elif run_len > 1 and origin == last + steps[-1]:
                    take = count if count == 1 or step == steps[-1] else 1
            if take == 0:  # a new run: the whole stretch follows one step
                starts.append(self._length)
                origins.append(origin)
                steps.append(step if count > 1 else 1)
                take = count
            self._length += take
            origin += take * step
            count -= take

    def build(self) -> OffsetMap:
        """The map of the positions appended so far."""
        steps = self._steps
        starts = self._starts
        n = len(starts)
        # a run of one position has step 1 (canonical form: its step means nothing)
        for k in range(n):
            end = starts[k + 1] if k + 1 < n else self._length
            if end - starts[k] == 1:
                steps[k] = 1
        return OffsetMap((self._length, *starts, *self._origins, *steps) if n else ())


class OffsetMap(Sequence[int]):
    """Positions in the original of each character of a text, stored as runs.

    A read-only sequence of ``int`` (``len``, indexing, slicing, iteration),
    built from its runs (``OffsetMap(runs)``, as :attr:`runs` gives them) or
    from the positions (:meth:`of`). ``runs`` is a flat tuple of integers:
    the length, then the runs' starts, origins and steps, so it can be stored
    and digested as it is (an :class:`~newskg.model.Article` keeps it).
    The empty map (``OffsetMap()``) has no position.
    """

    __slots__ = ("_n", "runs")

    def __init__(self, runs: tuple[int, ...] = ()) -> None:
        if runs and (len(runs) - 1) % 3:
            raise ValueError("runs: the length, then as many starts, origins and steps")
        self.runs = tuple(runs)
        self._n = (len(self.runs) - 1) // 3 if self.runs else 0

    @classmethod
    def of(cls, positions: Iterable[int]) -> OffsetMap:
        """The map of ``positions`` (one per character; each 0 or 1 more than the last
        gives long runs, any other sequence is stored too, one run per change)."""
        builder = RunBuilder()
        for p in positions:
            builder.extend(p, 1, 1)
        return builder.build()

    def __len__(self) -> int:
        return self.runs[0] if self.runs else 0

    def _run(self, i: int) -> int:
        """The index of the run holding character ``i`` (``0 <= i < len(self)``)."""
        return bisect_right(self.runs, i, 1, 1 + self._n) - 2

    def _at(self, i: int) -> int:
        k = self._run(i)
        n, runs = self._n, self.runs
        return runs[1 + n + k] + (i - runs[1 + k]) * runs[1 + 2 * n + k]

    @overload
    def __getitem__(self, index: int) -> int: ...
    @overload
    def __getitem__(self, index: slice) -> list[int]: ...
    def __getitem__(self, index: int | slice) -> int | list[int]:
        if isinstance(index, slice):
            start, stop, stride = index.indices(len(self))
            if stride != 1:
                return [self._at(i) for i in range(start, stop, stride)]
            return list(self._iter(start, stop))
        length = len(self)
        if index < 0:
            index += length
        if not 0 <= index < length:
            raise IndexError("offset index out of range")
        return self._at(index)

    def stretches(self, start: int, end: int) -> Iterator[tuple[int, int, int]]:
        """``(origin, step, count)`` stretches giving the positions of ``[start, end)``."""
        end = min(end, len(self))
        if start >= end:
            return
        n, runs = self._n, self.runs
        k = self._run(start)
        pos = start
        while pos < end:
            run_start = runs[1 + k]
            run_end = runs[2 + k] if k + 1 < n else len(self)
            stop = min(run_end, end)
            step = runs[1 + 2 * n + k]
            yield runs[1 + n + k] + (pos - run_start) * step, step, stop - pos
            pos = stop
            k += 1

    def _iter(self, start: int, end: int) -> Iterator[int]:
        for origin, step, count in self.stretches(start, end):
            if step:
                yield from range(origin, origin + count)
            else:
                yield from (origin,) * count

    def __iter__(self) -> Iterator[int]:
        return self._iter(0, len(self))

    def window(self, start: int, end: int, base: int = 0) -> OffsetMap:
        """The map of characters ``[start, end)``, as positions minus ``base``.

        For a piece of the text whose original is the slice starting at ``base``.
        """
        builder = RunBuilder()
        for origin, step, count in self.stretches(start, end):
            builder.extend(origin - base, step, count)
        return builder.build()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, OffsetMap):
            return self.runs == other.runs
        if isinstance(other, (tuple, list)):
            return len(other) == len(self) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.runs)

    def __repr__(self) -> str:
        return f"OffsetMap({len(self)} positions in {self._n} runs)"

    def __reduce__(self) -> tuple[type[OffsetMap], tuple[tuple[int, ...]]]:
        return OffsetMap, (self.runs,)
