"""One measured step of the build and memory benchmarks, run in a fresh process.

Not meant to be run by hand (``bench_build.py`` and ``bench_memory.py`` run
it through ``_proc.run_measured``), but it can be::

    .venv/bin/python bench/_child.py load
    .venv/bin/python bench/_child.py spacy CORPUS
    .venv/bin/python bench/_child.py parse CORPUS
    .venv/bin/python bench/_child.py build CORPUS -o OUT [--workers 2] [--engine dask]

Each prints, last, one line ``BENCH-RESULT {json}`` with its timings (in
seconds, measured inside the process, so without the interpreter's start),
its counts and its ``ru_maxrss`` (KiB; its own, and the largest of its
finished children's).

- ``load``: import newskg and spaCy, load the knowledge base, then the
  spaCy pipeline with the newskg components (``newskg.nlp.load_pipeline``):
  the one-off cost every parsing process pays;
- ``spacy``: spaCy alone: ``nlp.pipe`` over the articles' texts (as
  ``newskg.io.read_inputs`` gives them to the build), with the pipeline
  ``load_pipeline`` returns restricted to its statistical components (every
  pipe but the ``newskg_*`` ones), ``n_process=1``;
- ``parse``: ``newskg.nlp.parse`` over the same texts, every pipe: what the
  build's per-article stage does before extraction;
- ``build``: ``newskg.pipeline.build`` (validation on unless
  ``--no-validate``), with the times at which the first and the last
  article were accepted and the process's peak RSS by then (after the last
  one comes the cross-article stage: merge, store, export, validation), and
  when every process that parses (this one, or each worker) had loaded its
  pipeline (``ready_s``, seconds after ``build()`` started): the build's
  one-off start-up. To see it, the engines' ``extract_batch``, ``parse_batch`` and ``_warm``
  are wrapped (in this process only: nothing in ``src/`` changes) by
  functions that time the first ``load_pipeline`` call of each process and
  write it to a file.
"""

from __future__ import annotations

import time

_T0 = time.perf_counter()

import argparse  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

RESULT_TAG = "BENCH-RESULT "


def _emit(result: dict[str, Any]) -> None:
    result["maxrss_self_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result["maxrss_children_kb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(RESULT_TAG + json.dumps(result, sort_keys=True), flush=True)


def _texts(corpus: Path) -> tuple[list[str], float]:
    from newskg.io import read_inputs  # noqa: PLC0415
    from newskg.model import Article  # noqa: PLC0415

    start = time.perf_counter()
    texts = [a.text for a in read_inputs([corpus]) if isinstance(a, Article)]
    return texts, time.perf_counter() - start


def _pipeline() -> tuple[Any, dict[str, float]]:
    """The pipeline as newskg loads it, with the times of the imports, KB and pipeline loads."""
    times = {}
    start = time.perf_counter()
    import spacy  # noqa: F401, PLC0415

    from newskg.config import BuildConfig  # noqa: PLC0415
    from newskg.kb import KnowledgeBase  # noqa: PLC0415
    from newskg.nlp import load_pipeline  # noqa: PLC0415

    times["import_s"] = time.perf_counter() - start
    config = BuildConfig()
    start = time.perf_counter()
    kb = KnowledgeBase.load(config.kb_paths, bundled=config.use_bundled_kb)
    times["kb_s"] = time.perf_counter() - start
    start = time.perf_counter()
    nlp, _ = load_pipeline(config.model, kb)
    times["load_s"] = time.perf_counter() - start
    return nlp, times


def cmd_load(args: argparse.Namespace) -> dict[str, Any]:
    nlp, times = _pipeline()
    return {**times, "since_start_s": time.perf_counter() - _T0, "pipes": nlp.pipe_names}


def cmd_spacy(args: argparse.Namespace) -> dict[str, Any]:
    nlp, times = _pipeline()
    texts, read_s = _texts(args.corpus)
    statistical = [name for name in nlp.pipe_names if not name.startswith("newskg_")]
    tokens = 0
    start = time.perf_counter()
    with nlp.select_pipes(enable=statistical):
        for doc in nlp.pipe(texts, batch_size=args.batch_size, n_process=1):
            tokens += len(doc)
    pipe_s = time.perf_counter() - start
    return {
        **times,
        "read_s": read_s,
        "run_s": pipe_s,
        "articles": len(texts),
        "words": sum(len(t.split()) for t in texts),
        "tokens": tokens,
        "pipes": statistical,
        "batch_size": args.batch_size,
    }


def cmd_parse(args: argparse.Namespace) -> dict[str, Any]:
    nlp, times = _pipeline()
    from newskg.nlp import parse  # noqa: PLC0415  (imported by _pipeline: timed there)

    texts, read_s = _texts(args.corpus)
    tokens = 0
    start = time.perf_counter()
    for doc in parse(nlp, texts, batch_size=args.batch_size):
        tokens += len(doc)
    parse_s = time.perf_counter() - start
    return {
        **times,
        "read_s": read_s,
        "run_s": parse_s,
        "articles": len(texts),
        "words": sum(len(t.split()) for t in texts),
        "tokens": tokens,
        "pipes": nlp.pipe_names,
        "batch_size": args.batch_size,
    }


_LOADS_ENV = "NEWSKG_BENCH_LOADS"


def _timed_load(settings: Any) -> None:
    """Load the pipeline as the engine does; note when (wall clock) in the loads file.

    Runs in whichever process parses: the build's own, a pool worker, a Dask
    worker. The first line of each process id is its real load, later ones
    are hits of ``load_pipeline``'s per-process cache.
    """
    import os  # noqa: PLC0415  (also runs in workers, pickled by value for Dask)

    from newskg.nlp import load_pipeline  # noqa: PLC0415

    start = time.time()
    load_pipeline(settings.model, settings.kb)
    end = time.time()
    path = os.environ.get(_LOADS_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()} {start!r} {end!r}\n")


def bench_warm(settings: Any) -> None:
    """Stands for ``newskg.engine.run._warm`` (a pool worker's initializer), timing it."""
    import newskg.engine.run as run  # noqa: PLC0415

    _timed_load(settings)
    if run._warm is not bench_warm:  # in a worker: the real one (now a cache hit)
        run._warm(settings)


def bench_extract_batch(articles: Any, settings: Any) -> Any:
    """Stands for ``extract_batch`` in the engines: times the first pipeline load, then runs it."""
    from newskg.engine.batch import extract_batch  # noqa: PLC0415

    _timed_load(settings)
    return extract_batch(articles, settings)


def bench_parse_batch(articles: Any, settings: Any) -> Any:
    """Stands for ``parse_batch`` in the one-process engine (its parser thread), likewise."""
    from newskg.engine.batch import parse_batch  # noqa: PLC0415

    _timed_load(settings)
    return parse_batch(articles, settings)


def _ready(path: Path, started: float) -> dict[str, Any]:
    """Per parsing process, its pipeline load; when the last one was ready (s after ``started``)."""
    first: dict[str, tuple[float, float]] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            pid, start, end = line.split()
            first.setdefault(pid, (float(start), float(end)))
    loads = [round(end - start, 3) for start, end in first.values()]
    ready = max((end for _, end in first.values()), default=None)
    return {
        "pipeline_loads_s": loads,
        "ready_s": None if ready is None else ready - started,
    }


def cmd_build(args: argparse.Namespace) -> dict[str, Any]:
    import os  # noqa: PLC0415
    import tempfile  # noqa: PLC0415

    start = time.perf_counter()
    import newskg.engine.dask_engine  # noqa: PLC0415
    import newskg.engine.run  # noqa: PLC0415
    from newskg.config import BuildConfig  # noqa: PLC0415
    from newskg.pipeline import build  # noqa: PLC0415

    import_s = time.perf_counter() - start

    # Where each process that parses loads its pipeline, note when: the
    # engines look these names up when they run, and pickle them for their
    # workers (by reference for the process pool, which re-imports this
    # script in each worker; by value for Dask).
    newskg.engine.run.extract_batch = bench_extract_batch
    newskg.engine.run.parse_batch = bench_parse_batch
    newskg.engine.run._warm = bench_warm
    newskg.engine.dask_engine.extract_batch = bench_extract_batch
    fd, loads_file = tempfile.mkstemp(prefix="newskg-bench-loads-", suffix=".txt")
    os.close(fd)
    os.environ[_LOADS_ENV] = loads_file

    marks: dict[str, float] = {}

    rss: dict[str, int] = {}

    def progress(name: str, n: int, total: int | None) -> None:
        now = time.perf_counter()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        marks.setdefault("first", now)
        rss.setdefault("first", peak)
        marks["last"] = now
        rss["last"] = peak

    config = BuildConfig(
        output_dir=args.output,
        workers=args.workers,
        engine=args.engine,
        validate=not args.no_validate,
        batch_size=args.batch_size,
    )
    wall_start = time.time()
    start = time.perf_counter()
    report = build([args.corpus], config, progress=progress)
    end = time.perf_counter()
    ready = _ready(Path(loads_file), wall_start)
    Path(loads_file).unlink(missing_ok=True)
    graph = config.graph_path
    validation = report.validation
    return {
        "import_s": import_s,
        "build_s": end - start,
        **ready,
        "first_article_s": marks.get("first", end) - start,
        "last_article_s": marks.get("last", end) - start,
        "after_last_article_s": end - marks.get("last", end),
        "maxrss_at_first_article_kb": rss.get("first"),
        "maxrss_at_last_article_kb": rss.get("last"),
        "read": report.read,
        "built": report.built,
        "parsed": report.parsed,
        "cached": report.cached,
        "skipped": len(report.skipped),
        "skipped_by_reason": report.skipped_by_reason,
        "entities": report.entities,
        "events": report.events,
        "claims": report.claims,
        "triples": report.triples,
        "graph_changed": report.graph_changed,
        "store_changed": report.store_changed,
        "violations": None if validation is None else len(validation.violations),
        "graph_sha256": hashlib.sha256(graph.read_bytes()).hexdigest() if graph.exists() else None,
        "workers": args.workers,
        "engine": args.engine,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("load", help="import and load the pipeline")
    for name in ("spacy", "parse"):
        p = sub.add_parser(name)
        p.add_argument("corpus", type=Path)
        p.add_argument("--batch-size", type=int, default=32)
    p = sub.add_parser("build")
    p.add_argument("corpus", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--engine", default="local")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--no-validate", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s %(message)s")
    commands = {"load": cmd_load, "spacy": cmd_spacy, "parse": cmd_parse, "build": cmd_build}
    _emit(commands[args.cmd](args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
