"""Run :func:`~newskg.engine.batch.extract_batch` over a stream of articles, on an engine.

Articles arrive as a lazy stream and are cut into batches; at most a few
batches per worker are in flight at any time, so memory does not grow with
the corpus, and outcomes come back in the articles' order whatever engine
and number of workers ran them.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice

from newskg.engine.batch import ExtractSettings, Outcome, extract_batch
from newskg.engine.window import windowed as _windowed
from newskg.errors import NewskgError
from newskg.model import Article

__all__ = ["ENGINES", "batches", "run_engine"]

ENGINES = ("local", "dask")

# Batches in flight per worker: enough to keep every worker busy while the
# build's process writes results, few enough to keep memory flat.
_IN_FLIGHT = 3


def batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    """``articles`` in lists of ``size`` (the last may be shorter)."""
    it = iter(articles)
    while batch := list(islice(it, size)):
        yield batch


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
        for batch in batches(articles, size):
            yield from zip(batch, extract_batch(batch, settings), strict=True)
        return
    if engine == "local":
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=ctx, initializer=_warm, initargs=(settings,)
        ) as pool:
            yield from _windowed(
                batches(articles, size),
                lambda b: pool.submit(extract_batch, b, settings),
                workers * _IN_FLIGHT,
            )
        return
    if engine == "dask":
        from newskg.engine.dask_engine import run_dask  # noqa: PLC0415  (optional dependency)

        yield from run_dask(batches(articles, size), settings, workers=workers, scheduler=scheduler)
        return
    raise NewskgError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")


def _warm(settings: ExtractSettings) -> None:
    """Load the pipeline when a worker starts, not on its first batch."""
    from newskg.nlp import load_pipeline  # noqa: PLC0415

    load_pipeline(settings.model, settings.kb)
