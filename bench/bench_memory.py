"""Peak memory of ``newskg build`` as the corpus grows: fresh builds, and an all-cached rebuild.

Not a test (pytest does not collect ``bench/``). Run from the repository::

    .venv/bin/python bench/bench_memory.py --sizes 1000 10000             # the issue's figures
    .venv/bin/python bench/bench_memory.py --sizes 1000 10000 --words 150 # shorter articles
    .venv/bin/python bench/bench_memory.py --sizes 1000 10000 --skip fresh1
    .venv/bin/python bench/bench_memory.py --sizes 50 200                 # a quick check

For each size it writes that many synthetic articles (``bench/gen_corpus.py``,
``--seed``, about ``--words`` words each, ``.txt`` files in a temporary
folder) and runs, each in a fresh process (``bench/_child.py``) whose process
tree is polled with psutil:

- ``fresh2``: ``newskg build --workers N`` (2) into an empty output folder:
  the peak of the summed RSS of the build's process and its workers, the
  build process's own peak (``ru_maxrss``) and the largest worker's;
- ``cached``: the same build again on ``fresh2``'s output (``fresh1``'s
  with ``--skip fresh2``): every article's extraction comes from the
  cache, spaCy is not loaded, and the build does everything else newskg
  holds in memory (reading, the cache, the cross-article merge, the new
  store, the export, the validation): its peak RSS is what those stages
  need for that many articles, without the model;
- ``fresh1``: ``newskg build`` in one process (nothing cached): the peak RSS
  of the whole build in one process (the build process's peak by the time
  its last article was parsed is given too: the rest is the cross-article
  stages).

A ``load`` step first gives the RSS of a process that has only loaded the
model (the floor of any parsing process). Validation is on in every build.

Parsing is the slow part (spaCy parses about 10 articles of 500 words per
second and per core on an idle machine of the kind the figures were taken
on), so, extrapolating from small runs on 2 cores, 10,000 articles take
~15 min with ``fresh2``, ~25 min more with ``fresh1`` and ~5 min for
``cached`` (1,000 articles: ~5 min for the three). ``--words`` shrinks the
articles (``--words 150``: about 3x less parsing; the articles then have
fewer events and claims each, so memory per article is lower too: say so
with the figures), and ``--skip fresh1`` leaves the one-process build out.

The table gives, per size and step, the wall time, the peak RSS of the tree
and of the largest process; then the growth between sizes (MB per 1,000
articles). The last line is the whole run as JSON.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _proc import CHILD, Measured, machine_info, machine_lines, mb, run_measured
from gen_corpus import write_corpus

STEPS = ("load", "fresh2", "cached", "fresh1")
EPOCH = "1767225600"
LABELS = {
    "load": "model loaded, nothing else",
    "fresh2": "fresh build, --workers N (tree: build + workers)",
    "cached": "rebuild, all cached (no spaCy): post-parse stages",
    "fresh1": "fresh build, 1 process",
}


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _row(size: int | None, step: str, m: Measured) -> dict[str, Any]:
    r = m.report
    return {
        "articles": size,
        "step": step,
        "ok": m.ok,
        "wall_s": round(m.wall, 2),
        "peak_tree_rss_mb": round(m.peak_tree_rss / 2**20, 1),
        "peak_single_rss_mb": round(m.peak_single_rss / 2**20, 1),
        "main_maxrss_mb": round(m.maxrss / 2**20, 1),
        "main_maxrss_by_last_article_mb": (
            None
            if r.get("maxrss_at_last_article_kb") is None
            else round(r["maxrss_at_last_article_kb"] / 1024, 1)
        ),
        "workers_maxrss_mb": round(m.maxrss_children / 2**20, 1) or None,
        "max_processes": m.peak_processes,
        "child": r,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bench_memory.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[1000, 10_000], help="articles per corpus"
    )
    parser.add_argument("--seed", type=int, default=0, help="gen_corpus seed (default 0)")
    parser.add_argument("--words", type=int, default=500, help="words per article, about")
    parser.add_argument("--workers", type=int, default=2, help="workers of fresh2")
    parser.add_argument("--skip", nargs="*", default=[], choices=STEPS, help="steps not to run")
    parser.add_argument("--keep", type=Path, help="work in this folder (emptied) and keep it")
    args = parser.parse_args(argv)
    if min(args.sizes) < 1 or args.words < 1 or args.workers < 1:
        parser.error("sizes, --words and --workers must be >= 1")
    steps = [s for s in STEPS if s not in args.skip]
    if "cached" in steps and "fresh2" not in steps:
        if "fresh1" not in steps:
            parser.error("cached rebuilds a fresh build's output: keep fresh2 or fresh1")
        steps = ["load", "fresh1", "cached"] if "load" in steps else ["fresh1", "cached"]

    info = machine_info()
    for line in machine_lines(info):
        print(line, flush=True)
    print(f"# sizes {args.sizes}, --words {args.words}, seed {args.seed}", flush=True)

    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="newskg-bench-memory-") as tmp:
        work = args.keep or Path(tmp)
        if args.keep:
            shutil.rmtree(work, ignore_errors=True)
        env = {"SOURCE_DATE_EPOCH": EPOCH}
        if "load" in steps:
            _say("running load ...")
            m = run_measured([str(CHILD), "load"], env=env)
            rows.append(_row(None, "load", m))
        for size in args.sizes:
            corpus = work / f"corpus-{size}"
            start = time.perf_counter()
            write_corpus(size, corpus, seed=args.seed, words=args.words)
            _say(f"{size} articles written in {time.perf_counter() - start:.1f} s")
            first_out = None
            for step in steps:
                if step == "load":
                    continue
                if step == "cached":
                    out = first_out
                    extra: list[str] = []
                else:
                    out = work / f"out-{size}-{step}"
                    first_out = first_out or out
                    extra = ["--workers", str(args.workers)] if step == "fresh2" else []
                _say(f"running {step} on {size} articles ...")
                m = run_measured(
                    [str(CHILD), "build", str(corpus), "-o", str(out), *extra], env=env
                )
                rows.append(_row(size, step, m))
                if m.ok:
                    _say(f"  {m.wall:.1f} s, peak RSS {mb(m.peak_tree_rss)} MB")
                else:
                    tail = "\n".join(m.stderr.strip().splitlines()[-20:])
                    _say(f"  FAILED (exit {m.returncode}):\n{tail}")
            if not args.keep:
                shutil.rmtree(corpus, ignore_errors=True)
                for out in work.glob(f"out-{size}-*"):
                    shutil.rmtree(out, ignore_errors=True)

    _print_table(rows)
    growth = _print_growth(rows)
    record = {
        "bench": "memory",
        "machine": info,
        "params": {
            "sizes": args.sizes,
            "words_per_article": args.words,
            "seed": args.seed,
            "workers": args.workers,
        },
        "rows": rows,
        "growth_mb_per_1000_articles": growth,
    }
    print(json.dumps(record, sort_keys=True))
    return 0 if all(r["ok"] for r in rows) else 1


def _print_table(rows: list[dict[str, Any]]) -> None:
    def cell(x: float | None) -> str:
        return "-" if x is None else f"{x:,.0f}"

    print()
    print(
        "| articles | step | what | wall (s) | peak RSS, tree (MB) | build process peak (MB) "
        "| … by its last article (MB) | largest worker (MB) | processes | triples |"
    )
    print("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        size = "-" if r["articles"] is None else f"{r['articles']:,}"
        if not r["ok"]:
            print(f"| {size} | {r['step']} | {LABELS[r['step']]} | FAILED | | | | | | |")
            continue
        triples = r["child"].get("triples")
        print(
            f"| {size} | {r['step']} | {LABELS[r['step']]} | {r['wall_s']:,.1f} "
            f"| {cell(r['peak_tree_rss_mb'])} | {cell(r['main_maxrss_mb'])} "
            f"| {cell(r['main_maxrss_by_last_article_mb'])} | {cell(r['workers_maxrss_mb'])} "
            f"| {r['max_processes']} | {'-' if triples is None else f'{triples:,}'} |"
        )


def _print_growth(rows: list[dict[str, Any]]) -> dict[str, float]:
    """MB per 1,000 more articles of each step's peak RSS, between the smallest and largest size."""
    growth: dict[str, float] = {}
    lines = []
    for step in STEPS[1:]:
        done = sorted(
            (r["articles"], r["peak_tree_rss_mb"])
            for r in rows
            if r["step"] == step and r["ok"] and r["articles"]
        )
        if len(done) < 2 or done[-1][0] == done[0][0]:
            continue
        (n0, m0), (n1, m1) = done[0], done[-1]
        growth[step] = round((m1 - m0) / (n1 - n0) * 1000, 2)
        lines.append(
            f"- {step}: {m0:,.0f} MB at {n0:,} articles, {m1:,.0f} MB at {n1:,}: "
            f"{growth[step]:+,.1f} MB per 1,000 articles"
        )
    if lines:
        print()
        print("Growth of the peak RSS (tree) with the corpus:")
        for line in lines:
            print(line)
    return growth


if __name__ == "__main__":
    sys.exit(main())
