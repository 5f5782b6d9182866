"""Progress of the articles ``newskg build`` parses in pieces: done, rate and time left.

A long article (more than :data:`~newskg.engine.pieces.DEFAULT_PIECE_CHARS`
characters) is one input of the build's bar, which would stay at ``0/1``
for minutes; its pieces are the measure of its progress. On a terminal each
such article gets a second line in the bar (its pieces done out of all,
pieces per second, time elapsed and left); elsewhere (a log, a pipe) a line
is written when the article is cut, at most every :data:`LINE_INTERVAL`
seconds while it is parsed, and when it is done, so a long build is never
silent.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from rich.console import Console
from rich.progress import Progress, TaskID

__all__ = ["LINE_INTERVAL", "PieceProgress", "duration"]

#: Seconds between two progress lines of one article when not on a terminal.
LINE_INTERVAL = 15.0


def duration(seconds: float) -> str:
    """A short human duration: ``"40 s"``, ``"3 min 05 s"``, ``"1 h 02 min"``.

    >>> duration(185)
    '3 min 05 s'
    """
    s = max(0, round(seconds))
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"


class PieceProgress:
    """A :data:`~newskg.engine.pieces.PieceWatcher` for the build's display.

    With ``bar`` (a live :class:`rich.progress.Progress`), each article in
    pieces is a task of the bar while it is parsed; without it, lines go to
    ``console`` (none when ``console`` is ``None``).
    """

    def __init__(
        self,
        bar: Progress | None,
        console: Console | None,
        *,
        interval: float = LINE_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.bar = bar
        self.console = console
        self.interval = interval
        self.clock = clock
        self._tasks: dict[str, TaskID] = {}
        self._started: dict[str, float] = {}
        self._printed: dict[str, float] = {}

    def __call__(self, identifier: str, done: int, total: int) -> None:
        if self.bar is not None:
            self._update_bar(identifier, done, total)
        elif self.console is not None:
            line = self.line(identifier, done, total)
            if line is not None:
                self.console.print(line, markup=False, highlight=False)

    def _update_bar(self, identifier: str, done: int, total: int) -> None:
        assert self.bar is not None
        task = self._tasks.get(identifier)
        if task is None:
            task = self.bar.add_task(f"{identifier[:30]} (pieces)", total=total)
            self._tasks[identifier] = task
        self.bar.update(task, completed=done, total=total)
        if done >= total:
            self.bar.remove_task(self._tasks.pop(identifier))

    def line(self, identifier: str, done: int, total: int) -> str | None:
        """The progress line to write now for this report, or ``None`` (too soon)."""
        now = self.clock()
        if done == 0 or identifier not in self._started:
            self._started[identifier] = self._printed[identifier] = now
            return f"{identifier}: long article, parsed in {total} pieces"
        elapsed = now - self._started[identifier]
        if done >= total:
            del self._started[identifier], self._printed[identifier]
            return f"{identifier}: {total} pieces parsed in {duration(elapsed)}"
        if now - self._printed[identifier] < self.interval:
            return None
        self._printed[identifier] = now
        rate = done / elapsed if elapsed > 0 else 0.0
        pace = f"{rate:.1f} pieces/s" if rate >= 1 else f"{rate * 60:.1f} pieces/min"
        left = f", about {duration((total - done) / rate)} left" if rate > 0 else ""
        return f"{identifier}: piece {done}/{total} ({100 * done // total}%), {pace}{left}"
