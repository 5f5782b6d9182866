"""Run :func:`~newskg.engine.batch.extract_batch` over a stream of articles, on an engine.

Articles arrive as a lazy stream and are cut into batches; at most a few
batches per worker are in flight at any time, so memory does not grow with
the corpus, and outcomes come back in the articles' order whatever engine
and number of workers ran them.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from itertools import islice

from newskg.engine.batch import (
    ExtractSettings,
    Outcome,
    extract_batch,
    extract_parsed,
    parse_batch,
)
from newskg.engine.window import windowed as _windowed
from newskg.errors import NewskgError
from newskg.model import Article

__all__ = ["ENGINES", "batches", "run_engine"]

ENGINES = ("local", "dask")

# Batches in flight per worker: enough to keep every worker busy while the
# build's process writes results, few enough to keep memory flat.
_IN_FLIGHT = 3


def batches(articles: Iterable[Article], size: int, *, workers: int = 1) -> Iterator[list[Article]]:
    """``articles`` in lists of ``size``; for several workers, the last lists shorter.

    With one worker the lists are all of ``size`` (the last may be
    shorter). With ``workers > 1`` the stream is read ``size * workers``
    articles ahead, and once it ends, what is left goes out in lists of a
    ``2 * workers``-th of it each (at least one article): the workers
    finish their last batches together instead of one of them parsing a
    whole batch while the others wait (guided self-scheduling), and a
    corpus smaller than ``size * workers`` is spread over every worker.
    The articles keep their order.
    """
    it = iter(articles)
    if workers <= 1:
        while batch := list(islice(it, size)):
            yield batch
        return
    ahead: deque[Article] = deque()
    ended = False
    while True:
        if not ended:
            ahead.extend(islice(it, size * workers - len(ahead)))
            ended = len(ahead) < size * workers
        if not ahead:
            return
        n = size if not ended else min(size, max(1, -(-len(ahead) // (2 * workers))))
        yield [ahead.popleft() for _ in range(n)]


def run_engine(
    articles: Iterable[Article],
    settings: ExtractSettings,
    *,
    engine: str = "local",
    workers: int = 1,
    scheduler: str | None = None,
    chunk: int | None = None,
) -> Iterator[tuple[Article, Outcome]]:
    """Extract every article of ``articles`` on ``engine``; yield them with their outcomes.

    ``chunk`` is the number of articles per task (default: the settings'
    batch size). Raises :class:`~newskg.errors.NewskgError` for an unknown
    engine or when the Dask engine is asked for and Dask is not installed.
    """
    size = chunk or max(1, settings.batch_size)
    if engine == "local" and workers <= 1:
        yield from _parse_ahead(batches(articles, size), settings)
        return
    if engine == "local":
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=ctx, initializer=_warm, initargs=(settings,)
        ) as pool:
            for _ in range(workers):  # each submit starts a worker: start them all now,
                pool.submit(int)  # not once the first batches are read
            yield from _windowed(
                batches(articles, size, workers=workers),
                lambda b: pool.submit(extract_batch, b, settings),
                workers * _IN_FLIGHT,
            )
        return
    if engine == "dask":
        from newskg.engine.dask_engine import run_dask  # noqa: PLC0415  (optional dependency)

        yield from run_dask(
            batches(articles, size, workers=workers), settings, workers=workers, scheduler=scheduler
        )
        return
    raise NewskgError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")


def _parse_ahead(
    chunks: Iterable[list[Article]], settings: ExtractSettings
) -> Iterator[tuple[Article, Outcome]]:
    """One process: parse the next batch in a thread while this one extracts the current batch.

    spaCy's matrix products release the GIL, so the parser thread runs on
    the other core while extraction (pure Python) runs here, but only in
    part: each of the parser's returns to Python waits for this thread to
    yield the interpreter (``bench/bench_overlap.py`` measures 10-18 % of
    parse + extraction saved). One batch is parsed ahead, so memory stays
    that of two batches; outcomes come in the articles' order, as from the
    other engines.
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="newskg-parse") as parser:
        yield from _windowed(
            chunks,
            lambda b: parser.submit(parse_batch, b, settings),
            2,
            lambda b, parsed: extract_parsed(b, parsed, settings),
        )


def _warm(settings: ExtractSettings) -> None:
    """Load the pipeline when a worker starts, not on its first batch."""
    from newskg.nlp import load_pipeline  # noqa: PLC0415

    load_pipeline(settings.model, settings.kb)
