"""One build, with its memory as the articles come and the time of each stage after the last.

``bench_build.py`` gives a build's time after its last article as one
figure; this script splits it, and shows how the build's memory moves while
the articles are parsed::

    .venv/bin/python bench/gen_corpus.py 10000 /tmp/gen10k
    .venv/bin/python bench/bench_stages.py /tmp/gen10k /tmp/gen10k_out     # ~20 min idle, fresh
    .venv/bin/python bench/bench_stages.py /tmp/gen10k /tmp/gen10k_out     # again: all cached
    .venv/bin/python bench/bench_stages.py CORPUS OUT --every 100 --timeline rss.txt --no-validate

It runs ``newskg.pipeline.build`` in this process (one process, validation
on unless ``--no-validate``) and prints a line ``ART n t=... rss=... hwm=...``
every ``--every`` articles (seconds since the script started, RSS by
psutil and the high-water mark by ``getrusage``, in MB), a line ``STAGE``
as each stage after the last article starts and ends (the claims' merge
across articles, the triples written to the store, the last batch, the
export of ``graph.ttl``, the validation, the new store committed or
discarded), and a last line ``END`` with the totals. ``--timeline`` also
writes the RSS every half second to a file. The stages are timed by
wrapping the build's own functions in this process; nothing in ``src/``
changes. A build whose content is unchanged discards its new store
(``discard`` instead of ``commit``): compare with a build into an empty
folder, or one whose articles are all cached.
"""

from __future__ import annotations

import argparse
import resource
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psutil

_T0 = time.perf_counter()
_PROC = psutil.Process()


def _mb() -> tuple[int, int]:
    """RSS now and the high-water mark, in MB."""
    return _PROC.memory_info().rss >> 20, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss >> 10


def _stage(what: str) -> None:
    rss, _ = _mb()
    # one write per line: the validation's thread prints beside the export's
    sys.stdout.write(f"STAGE {time.perf_counter() - _T0:.1f} {what} rss={rss}\n")
    sys.stdout.flush()


def _timed(function: Callable[..., Any], label: str) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _stage(f"{label} start")
        try:
            return function(*args, **kwargs)
        finally:
            _stage(f"{label} end")

    return wrapper


def _wrap_stages() -> None:
    """Time the build's stages after its last article (in this process only)."""
    from newskg import pipeline  # noqa: PLC0415

    pipeline._validate = _timed(pipeline._validate, "validation")
    pipeline.write_store_turtle = _timed(pipeline.write_store_turtle, "export")
    assembler, generation = pipeline.GraphAssembler, pipeline.StoreGeneration
    # the merge runs when the build first asks for the bound of the quads to come
    merge, timed_merge = assembler._merge, _timed(assembler._merge, "merge")
    assembler._merge = lambda self: merge(self) if self._merged else timed_merge(self)
    shared = assembler.shared_graphs

    def shared_graphs(self: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        _stage("triples start")
        yield from shared(self, *args, **kwargs)
        _stage("triples end")

    assembler.shared_graphs = shared_graphs
    for name in ("flush", "commit", "discard"):
        setattr(generation, name, _timed(getattr(generation, name), name))


def _sample(path: Path, stop: threading.Event) -> None:
    with path.open("w", encoding="utf-8") as out:
        while not stop.is_set():
            out.write(f"{time.perf_counter() - _T0:.1f} {_mb()[0]}\n")
            out.flush()
            stop.wait(0.5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--every", type=int, default=250, help="articles between ART lines")
    parser.add_argument("--timeline", type=Path, help="write the RSS every 0.5 s to this file")
    parser.add_argument("--no-validate", action="store_true")
    args = parser.parse_args(argv)

    from newskg import pipeline  # noqa: PLC0415
    from newskg.config import BuildConfig  # noqa: PLC0415

    _wrap_stages()
    stop = threading.Event()
    if args.timeline:
        threading.Thread(target=_sample, args=(args.timeline, stop), daemon=True).start()
    times: dict[str, float] = {}

    def progress(name: str, done: int, total: int | None) -> None:
        now = time.perf_counter() - _T0
        times.setdefault("first", now)
        times["last"] = now
        if done == 1 or done % args.every == 0:
            rss, hwm = _mb()
            print(f"ART {done} t={now:.1f} rss={rss} hwm={hwm}", flush=True)

    config = BuildConfig(output_dir=args.output, validate=not args.no_validate)
    report = pipeline.build([args.corpus], config, progress=progress)
    stop.set()
    end = time.perf_counter() - _T0
    after = end - times["last"]
    print(
        f"END total={end:.1f} first={times['first']:.1f} last={times['last']:.1f} "
        f"after_last={after:.1f} ({100 * after / end:.1f} %) built={report.built} "
        f"parsed={report.parsed} cached={report.cached} triples={report.triples} "
        f"hwm={_mb()[1]}",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
