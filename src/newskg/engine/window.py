"""Bounded submission of batches to an executor, results in submission order.

Both the process pool and Dask run the per-article stage through
:func:`windowed`: at most ``window`` batches are pending, so memory does not
grow with the corpus, and outcomes come back in the articles' order.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

from newskg.engine.batch import Outcome
from newskg.model import Article

__all__ = ["windowed"]


class _Future(Protocol):
    def result(self) -> Any: ...


def windowed(
    chunks: Iterable[list[Article]],
    submit: Callable[[list[Article]], _Future],
    window: int,
) -> Iterator[tuple[Article, Outcome]]:
    """Submit ``chunks`` with at most ``window`` pending; yield results in submission order."""
    pending: deque[tuple[list[Article], _Future]] = deque()
    for chunk in chunks:
        pending.append((chunk, submit(chunk)))
        if len(pending) >= window:
            batch, fut = pending.popleft()
            yield from zip(batch, fut.result(), strict=True)
    while pending:
        batch, fut = pending.popleft()
        yield from zip(batch, fut.result(), strict=True)
