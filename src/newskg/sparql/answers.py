"""Answers of a read-only endpoint kept for the next identical request.

``newskg serve`` answers the same reports again and again (the named
queries of ``queries/`` read the whole graph: seconds each on a million
triples), while a read-only store cannot change under it: the server holds
the output folder's lock, so no build rewrites the store while it serves.
:class:`AnswerCache` therefore keeps each response as sent (its body in
the format asked for), keyed by the request's text, graphs and ``Accept``
header, up to a bound in bytes (least recently used out first), and lets
concurrent identical requests share one run: the
first runs the query, the others wait for its outcome (the answer, or the
same error: a query that timed out for one would time out for all) instead
of taking a worker each.

Errors are never kept: a request that failed runs again the next time.

Examples
--------
>>> cache = AnswerCache(max_bytes=10)
>>> cache.get_or_run("q", lambda: b"12345", size=len)
b'12345'
>>> cache.get_or_run("q", lambda: b"other", size=len)  # kept: not run again
b'12345'
>>> cache.get_or_run("big", lambda: b"x" * 11, size=len)  # over the bound: not kept
b'xxxxxxxxxxx'
>>> cache.stats()
{'hits': 1, 'misses': 2, 'shared': 0, 'entries': 1, 'bytes': 5}
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

__all__ = ["AnswerCache"]

T = TypeVar("T")


class _Flight(Generic[T]):
    """One run in progress, awaited by identical requests."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: T | None = None
        self.error: BaseException | None = None


class AnswerCache(Generic[T]):
    """A thread-safe LRU of answers bounded by their total size, sharing runs in progress."""

    def __init__(self, max_bytes: int) -> None:
        if max_bytes < 0:
            raise ValueError("the cache bound must be >= 0 bytes")
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._kept: OrderedDict[Hashable, tuple[T, int]] = OrderedDict()
        self._running: dict[Hashable, _Flight[T]] = {}
        self._bytes = 0
        self._hits = self._misses = self._shared = 0

    def get_or_run(
        self,
        key: Hashable,
        run: Callable[[], T],
        *,
        size: Callable[[T], int],
        wait: float | None = None,
    ) -> T:
        """The kept answer for ``key``, else the outcome of ``run()`` (kept if it fits).

        When the same key is being run by another thread, wait for that run
        (up to ``wait`` seconds, ``None``: as long as it takes; then run it
        here) and return its answer or raise its error.
        """
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                self._hits += 1
                return self._kept[key][0]
            flight = self._running.get(key)
            leader = flight is None
            if leader:
                flight = self._running[key] = _Flight()
                self._misses += 1
            else:
                self._shared += 1
        assert flight is not None
        if not leader:
            if flight.done.wait(wait):
                if flight.error is not None:
                    raise flight.error
                return flight.value  # type: ignore[return-value]
            return run()  # the other run outlived our patience: run it here
        try:
            value = run()
        except BaseException as exc:
            flight.error = exc
            raise
        else:
            flight.value = value
            self._keep(key, value, size(value))
            return value
        finally:
            with self._lock:
                self._running.pop(key, None)
            flight.done.set()

    def _keep(self, key: Hashable, value: T, nbytes: int) -> None:
        if nbytes > self.max_bytes:
            return
        with self._lock:
            self._kept[key] = (value, nbytes)
            self._bytes += nbytes
            while self._bytes > self.max_bytes:
                _, (_, dropped) = self._kept.popitem(last=False)
                self._bytes -= dropped

    def stats(self) -> dict[str, int]:
        """Hits, misses, runs shared with a concurrent identical request, entries and bytes kept."""
        with self._lock:
            return {
                "hits": self._hits,
                "misses": self._misses,
                "shared": self._shared,
                "entries": len(self._kept),
                "bytes": self._bytes,
            }
