"""The per-article stage on a Dask cluster (``newskg build --engine dask``).

Each batch of articles is one Dask task running
:func:`~newskg.engine.batch.extract_batch` on a worker; the settings (the
knowledge base, the model's name) are scattered once to every worker, and
each worker process loads the spaCy pipeline once and keeps it. A task's
result is the batch's extraction results in the cache's JSON form: a
compact shard that the build's process caches, merges across articles and
bulk-loads into the store. (The shards are extraction results rather than
N-Quads because an event's IRI depends on the cross-article merge, which
needs every article.)

Without a scheduler address a :class:`distributed.LocalCluster` of
``workers`` single-threaded processes is started for the build and shut
down after it; with one (``tcp://host:8786``) the build is a client of that
cluster, whose workers must have newskg and the spaCy pipeline installed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import ExitStack

from newskg.engine.batch import ExtractSettings, Outcome, extract_batch
from newskg.engine.window import windowed as _windowed
from newskg.errors import NewskgError
from newskg.model import Article

__all__ = ["run_dask"]

_IN_FLIGHT = 3


def run_dask(
    chunks: Iterable[list[Article]],
    settings: ExtractSettings,
    *,
    workers: int = 1,
    scheduler: str | None = None,
) -> Iterator[tuple[Article, Outcome]]:
    """Run every chunk on Dask; yield the articles with their outcomes, in order."""
    try:
        from distributed import Client, LocalCluster  # noqa: PLC0415
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise NewskgError(
            "the Dask engine needs Dask: pip install 'newskg[dask]' (dask[distributed])"
        ) from exc
    with ExitStack() as stack:
        if scheduler is None:
            cluster = stack.enter_context(
                LocalCluster(
                    n_workers=max(1, workers),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    host="127.0.0.1",
                    silence_logs=logging.WARNING,
                )
            )
            client = stack.enter_context(Client(cluster))
        else:
            try:
                client = stack.enter_context(Client(scheduler, timeout="30s"))
            except OSError as exc:
                raise NewskgError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        n = max(1, len(client.scheduler_info().get("workers", {})))
        shared = client.scatter(settings, broadcast=True)
        yield from _windowed(
            chunks,
            lambda chunk: client.submit(extract_batch, chunk, shared, pure=False),
            n * _IN_FLIGHT,
        )
