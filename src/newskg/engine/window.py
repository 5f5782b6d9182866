"""Bounded submission of batches to an executor, results in submission order.

Both the process pool and Dask run the per-article stage through
:func:`windowed`: at most ``window`` batches are pending, so memory does not
grow with the corpus, and outcomes come back in the articles' order.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
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
    finish: Callable[[list[Article], Any], Sequence[Outcome]] | None = None,
) -> Iterator[tuple[Article, Outcome]]:
    """Submit ``chunks`` with at most ``window`` pending; yield results in submission order.

    A future's result is the chunk's outcomes, or what ``finish(chunk, result)``
    turns into them (a batch parsed in a thread, extracted by the caller).
    """
    pending: deque[tuple[list[Article], _Future]] = deque()

    def done() -> Iterator[tuple[Article, Outcome]]:
        batch, fut = pending.popleft()
        result = fut.result()
        yield from zip(batch, result if finish is None else finish(batch, result), strict=True)

    for chunk in chunks:
        pending.append((chunk, submit(chunk)))
        if len(pending) >= window:
            yield from done()
    while pending:
        yield from done()
