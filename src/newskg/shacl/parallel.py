"""Running a validation's SPARQL queries side by side, results in a fixed order.

pyoxigraph releases the GIL while it evaluates a query (``QuerySolutions``
steps through the solutions outside it), so the compiled SHACL Core queries,
the SHACL-SPARQL constraints and the ``queries/`` checks of one validation
run in parallel in threads of one process, with no copy of the store. Each
runner takes a *mapper*: the built-in ``map`` (one after the other) or a
thread pool's ``map``; both give the results in the order of the items, so a
validation reports the same bytes however many threads ran it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

__all__ = ["MAX_THREADS", "Mapper", "default_threads", "query_pool"]

# A function over items, its results in the items' order: ``map`` or ``ThreadPoolExecutor.map``.
Mapper = Callable[[Callable[[Any], Any], Iterable[Any]], Iterable[Any]]

# More threads than this gain nothing measurable: the longest queries bound the run.
MAX_THREADS = 4


def default_threads() -> int:
    """The cores this process may use, at most :data:`MAX_THREADS`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(MAX_THREADS, cores))


@contextmanager
def query_pool(threads: int | None = None) -> Iterator[tuple[Mapper, ThreadPoolExecutor | None]]:
    """A mapper running over ``threads`` threads (default :func:`default_threads`), and its pool.

    With one thread the mapper is the built-in ``map`` and there is no pool.
    """
    count = default_threads() if threads is None else threads
    if count < 1:
        raise ValueError(f"threads must be at least 1, not {count}")
    if count == 1:
        yield map, None
        return
    with ThreadPoolExecutor(count, thread_name_prefix="newskg-validate") as pool:
        yield pool.map, pool
