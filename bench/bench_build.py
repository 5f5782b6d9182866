"""Build throughput: spaCy alone against ``newskg build``, one and two workers, Dask, cached.

Not a test (pytest does not collect ``bench/``). Run from the repository::

    .venv/bin/python bench/bench_build.py --articles 1000          # the issue's figures
    .venv/bin/python bench/bench_build.py --articles 60            # a quick check
    .venv/bin/python bench/bench_build.py --articles 200 --skip parse dask

It writes ``--articles`` synthetic articles once (``bench/gen_corpus.py``,
``--seed``, about ``--words`` words each, ``.txt`` files in a temporary
folder), then runs each step below in a fresh process (``bench/_child.py``),
so that each pays the interpreter's start, the imports and the model load as
a real run does. The steps, side by side:

- ``load``: start, import, load the knowledge base and the spaCy pipeline
  (``newskg.nlp.load_pipeline``), nothing else: the one-off start-up of any
  process that parses, measured alone;
- ``spacy``: spaCy alone: ``nlp.pipe`` (``n_process=1``, ``batch_size`` 32)
  over the articles' texts (as ``newskg.io.read_inputs`` gives them to the
  build), with the pipeline ``load_pipeline`` returns restricted to its
  statistical components (every pipe but the ``newskg_*`` ones): the
  ceiling for the build;
- ``parse``: ``newskg.nlp.parse`` over the same texts (paragraph by
  paragraph, with the newskg components): spaCy as the build runs it;
- ``build1``: ``newskg.pipeline.build``, one process, fresh output folder
  (nothing cached), validation on;
- ``cached``: the same build again on ``build1``'s output: every article
  cached, so spaCy is not loaded;
- ``build2``: ``build`` with ``--workers`` (2) processes, fresh output;
- ``dask``: ``build --engine dask`` on a ``LocalCluster`` of ``--workers``
  (2) processes, fresh output.

For each step it prints the wall time (process start to exit) and the time
*excluding start-up*, measured inside the process: for ``spacy`` and
``parse`` the ``nlp.pipe`` / ``parse`` loop alone (reading the texts and
loading the model left out); for the builds, ``build()`` from the moment
the last process that parses (the build's own, or each worker) had loaded
its pipeline to the end, which still includes reading the articles, the
cross-article merge, the store, the export and the validation (the cached
rebuild loads no pipeline: all of ``build()``). Then articles/s and words/s
both ways, the peak RSS of the process tree (summed over the build's process
and its workers, sampled with psutil) and of its largest process, and the
ratios against the goals of issue 9:

- ``build1`` / ``spacy`` articles/s, excluding start-up: >= 0.90;
- ``build2`` / ``build1`` speed-up: >= 1.7 (and ``dask`` / ``build1``).

The builds run with ``SOURCE_DATE_EPOCH`` set, so every engine must write
the same ``graph.ttl`` (checked). The last line is the whole run as JSON.
The goals assume an otherwise idle machine: the load average at the start is
printed, and on 2 shared cores the figures vary by tens of percent.
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

STEPS = ("load", "spacy", "parse", "build1", "cached", "build2", "dask")
EPOCH = "1767225600"
GOAL_VS_SPACY = 0.90
GOAL_SPEEDUP = 1.7
LABELS = {
    "load": "start-up alone: imports + KB + pipeline load",
    "spacy": "spaCy alone (nlp.pipe, statistical pipes)",
    "parse": "newskg.nlp.parse (paragraphs, all pipes)",
    "build1": "build, 1 process",
    "cached": "build again, all cached",
    "build2": "build --workers N",
    "dask": "build --engine dask, N workers",
}


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _words(corpus: Path) -> tuple[int, int]:
    """Articles and words of the texts the build reads from ``corpus``."""
    from newskg.io import read_inputs  # noqa: PLC0415
    from newskg.model import Article  # noqa: PLC0415

    articles = [a for a in read_inputs([corpus]) if isinstance(a, Article)]
    return len(articles), sum(len(a.text.split()) for a in articles)


def _div(a: float | None, b: float | None) -> float | None:
    return None if a is None or not b else a / b


def _f(x: float | None, fmt: str = "{:,.1f}") -> str:
    return "-" if x is None else fmt.format(x)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bench_build.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--articles", type=int, default=1000, help="articles to generate")
    parser.add_argument("--seed", type=int, default=0, help="gen_corpus seed (default 0)")
    parser.add_argument("--words", type=int, default=500, help="words per article, about")
    parser.add_argument("--workers", type=int, default=2, help="workers of build2 and dask")
    parser.add_argument("--batch-size", type=int, default=32, help="spaCy / build batch size")
    parser.add_argument("--skip", nargs="*", default=[], choices=STEPS, help="steps not to run")
    parser.add_argument("--keep", type=Path, help="work in this folder (emptied) and keep it")
    args = parser.parse_args(argv)
    if args.articles < 1 or args.words < 1 or args.workers < 1:
        parser.error("--articles, --words and --workers must be >= 1")
    steps = [s for s in STEPS if s not in args.skip]
    if "cached" in steps and "build1" not in steps:
        parser.error("cached rebuilds build1's output: do not skip build1")

    info = machine_info()
    for line in machine_lines(info):
        print(line, flush=True)

    with tempfile.TemporaryDirectory(prefix="newskg-bench-build-") as tmp:
        work = args.keep or Path(tmp)
        if args.keep:
            shutil.rmtree(work, ignore_errors=True)
        corpus = work / "corpus"
        start = time.perf_counter()
        write_corpus(args.articles, corpus, seed=args.seed, words=args.words)
        gen_s = time.perf_counter() - start
        n, words = _words(corpus)
        print(
            f"# corpus: {n:,} articles, {words:,} words (seed {args.seed}, --words {args.words}),"
            f" written in {gen_s:.1f} s",
            flush=True,
        )
        runs = _run_steps(steps, args, corpus, work)

    results = {name: _summary(name, m, n, words) for name, m in runs.items()}
    _print_table(results)
    ratios = _print_ratios(results)
    _print_details(runs)
    record = {
        "bench": "build",
        "machine": info,
        "params": {
            "articles": n,
            "words": words,
            "words_per_article": args.words,
            "seed": args.seed,
            "workers": args.workers,
            "batch_size": args.batch_size,
        },
        "runs": results,
        "ratios": ratios,
    }
    print(json.dumps(record, sort_keys=True))
    return 0 if all(m.ok for m in runs.values()) else 1


def _run_steps(
    steps: list[str], args: argparse.Namespace, corpus: Path, work: Path
) -> dict[str, Measured]:
    child = str(CHILD)
    batch = ["--batch-size", str(args.batch_size)]
    workers = ["--workers", str(args.workers)]

    def build(out: str, *extra: str) -> list[str]:
        return [child, "build", str(corpus), "-o", str(work / out), *batch, *extra]

    commands = {
        "load": [child, "load"],
        "spacy": [child, "spacy", str(corpus), *batch],
        "parse": [child, "parse", str(corpus), *batch],
        "build1": build("out1"),
        "cached": build("out1"),
        "build2": build("out2", *workers),
        "dask": build("out3", *workers, "--engine", "dask"),
    }
    runs: dict[str, Measured] = {}
    for step in steps:
        _say(f"running {step} ...")
        m = run_measured(commands[step], env={"SOURCE_DATE_EPOCH": EPOCH})
        runs[step] = m
        if m.ok:
            _say(f"  {step}: {m.wall:.1f} s, peak RSS {mb(m.peak_tree_rss)} MB")
        else:
            tail = "\n".join(m.stderr.strip().splitlines()[-20:])
            _say(f"  {step} FAILED (exit {m.returncode}):\n{tail}")
    return runs


def _work_seconds(name: str, report: dict[str, Any]) -> float | None:
    """Seconds of the step without its start-up (see the module docstring)."""
    if name == "load":
        return None
    if name in ("spacy", "parse"):
        return report["run_s"]
    ready = report.get("ready_s")
    return report["build_s"] - (ready or 0.0)


def _summary(name: str, m: Measured, n: int, words: int) -> dict[str, Any]:
    work = _work_seconds(name, m.report) if m.ok else None
    return {
        "ok": m.ok,
        "wall_s": round(m.wall, 3),
        "excl_startup_s": None if work is None else round(work, 3),
        "articles_per_s": None if name == "load" else _div(n, m.wall),
        "articles_per_s_excl": _div(n, work),
        "words_per_s": None if name == "load" else _div(words, m.wall),
        "words_per_s_excl": _div(words, work),
        "peak_tree_rss_mb": round(m.peak_tree_rss / 2**20, 1),
        "peak_single_rss_mb": round(m.peak_single_rss / 2**20, 1),
        "max_processes": m.peak_processes,
        "child": m.report,
    }


def _print_table(results: dict[str, dict[str, Any]]) -> None:
    print()
    print(
        "| step | what | wall (s) | excl. start-up (s) | articles/s | articles/s excl. "
        "| words/s excl. | peak RSS, tree (MB) | largest process (MB) | processes |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, r in results.items():
        if not r["ok"]:
            print(f"| {name} | {LABELS[name]} | FAILED | | | | | | | |")
            continue
        print(
            f"| {name} | {LABELS[name]} | {r['wall_s']:,.1f} | {_f(r['excl_startup_s'])} "
            f"| {_f(r['articles_per_s'], '{:,.2f}')} | {_f(r['articles_per_s_excl'], '{:,.2f}')} "
            f"| {_f(r['words_per_s_excl'], '{:,.0f}')} | {r['peak_tree_rss_mb']:,.0f} "
            f"| {r['peak_single_rss_mb']:,.0f} | {r['max_processes']} |"
        )


def _print_ratios(results: dict[str, dict[str, Any]]) -> dict[str, float | None]:
    def get(step: str, key: str) -> float | None:
        r = results.get(step)
        return r[key] if r and r["ok"] else None

    def line(name: str, value: float | None, goal: float | None = None, note: str = "") -> None:
        if value is None:
            print(f"- {name}: -")
            return
        verdict = ""
        if goal is not None:
            verdict = f" (goal >= {goal}: {'met' if value >= goal else 'NOT met'})"
        print(f"- {name}: {value:.2f}{verdict}{f'  [{note}]' if note else ''}")

    ratios: dict[str, float | None] = {
        "build1_vs_spacy_excl": _div(
            get("build1", "articles_per_s_excl"), get("spacy", "articles_per_s_excl")
        ),
        "build1_vs_spacy_wall": _div(
            get("build1", "articles_per_s"), get("spacy", "articles_per_s")
        ),
        "parse_vs_spacy_excl": _div(
            get("parse", "articles_per_s_excl"), get("spacy", "articles_per_s_excl")
        ),
        "build1_vs_parse_excl": _div(
            get("build1", "articles_per_s_excl"), get("parse", "articles_per_s_excl")
        ),
    }
    print()
    print("Ratios (articles/s of the first over the second; speed-ups are time ratios):")
    line(
        "build, 1 process / spaCy alone, excl. start-up",
        ratios["build1_vs_spacy_excl"],
        GOAL_VS_SPACY,
    )
    line(
        "build, 1 process / spaCy alone, end to end",
        ratios["build1_vs_spacy_wall"],
        None,
        "fresh processes, start-up in both",
    )
    line(
        "newskg.nlp.parse / spaCy alone, excl. start-up",
        ratios["parse_vs_spacy_excl"],
        None,
        "paragraph split + newskg components",
    )
    line(
        "build, 1 process / newskg.nlp.parse, excl. start-up",
        ratios["build1_vs_parse_excl"],
        None,
        "reading + extraction + RDF + store + export + validation",
    )
    for step, label in (("build2", "--workers N"), ("dask", "--engine dask")):
        excl = ratios[f"{step}_speedup_excl"] = _div(
            get("build1", "excl_startup_s"), get(step, "excl_startup_s")
        )
        wall = ratios[f"{step}_speedup_wall"] = _div(get("build1", "wall_s"), get(step, "wall_s"))
        line(f"speed-up of {label} over 1 process, excl. start-up", excl, GOAL_SPEEDUP)
        line(f"speed-up of {label} over 1 process, end to end", wall)
    ratios["cached_s"] = get("cached", "wall_s")
    ratios["cached_vs_build1_wall"] = _div(get("cached", "wall_s"), get("build1", "wall_s"))
    line(
        "all-cached rebuild time / fresh build time, end to end",
        ratios["cached_vs_build1_wall"],
        None,
        f"{_f(ratios['cached_s'])} s",
    )
    return ratios


def _print_details(runs: dict[str, Measured]) -> None:
    print()
    load = runs.get("load")
    if load is not None and load.ok:
        r = load.report
        print(
            f"load: {load.wall:.1f} s wall = imports {r['import_s']:.1f} s + KB {r['kb_s']:.1f} s"
            f" + pipeline {r['load_s']:.1f} s (+ interpreter start, exit); "
            f"{mb(load.maxrss)} MB RSS with the model loaded"
        )
    for step in ("spacy", "parse"):
        m = runs.get(step)
        if m is not None and m.ok:
            r = m.report
            print(
                f"{step}: {r['articles']} articles, {r['words']:,} words, {r['tokens']:,} tokens "
                f"in {r['run_s']:.1f} s; start-up: imports {r['import_s']:.1f} s, KB "
                f"{r['kb_s']:.1f} s, pipeline {r['load_s']:.1f} s, reading the texts "
                f"{r['read_s']:.1f} s; pipes: {', '.join(r['pipes'])}"
            )
    graphs = {}
    for step in ("build1", "cached", "build2", "dask"):
        m = runs.get(step)
        if m is None or not m.ok:
            continue
        r = m.report
        graphs[step] = r["graph_sha256"]
        written = "written" if r["graph_changed"] else "unchanged"
        loads = ", ".join(f"{s:.1f}" for s in r["pipeline_loads_s"])
        ready = (
            f"pipelines ready at {r['ready_s']:.1f} s (loads {loads} s)"
            if r["ready_s"] is not None
            else "no pipeline loaded"
        )
        print(
            f"{step}: build() {r['build_s']:.1f} s: {ready}, "
            f"first article accepted at {r['first_article_s']:.1f} s, last "
            f"at {r['last_article_s']:.1f} s, then {r['after_last_article_s']:.1f} s of "
            f"merge/store/export/validation; {r['read']} read, {r['parsed']} parsed, "
            f"{r['cached']} cached, {r['skipped']} skipped; {r['entities']} entities, "
            f"{r['events']} events, {r['claims']} claims, {r['triples']:,} triples, "
            f"{r['violations']} violations; graph {written}"
            f"; build process {mb(m.maxrss)} MB, largest worker {mb(m.maxrss_children)} MB"
        )
    if len(graphs) > 1:
        same = len(set(graphs.values())) == 1
        print(f"same graph.ttl from {', '.join(graphs)}: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    sys.exit(main())
