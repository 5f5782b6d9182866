"""Peak memory and time of ``newskg build`` on one big article, whole and in pieces.

Generates, deterministically, one article of about 1 MB and one of about
10 MB (each a single ``.txt`` file: synthetic AFP-like dispatches from
``bench/gen_corpus.py``, seed 7, concatenated with a blank line between
them, so the file has the paragraphs of real copy), then builds each one in
a fresh output folder, twice:

- **whole**: ``NEWSKG_PIECE_CHARS`` set huge, so the article is parsed as
  one spaCy Doc and extracted at once (newskg before pieces);
- **pieces**: the default bound (``newskg.engine.pieces.DEFAULT_PIECE_CHARS``
  characters): the article is parsed and extracted piece by piece.

Each build runs as a child process (``newskg build DIR -o OUT -q
--no-validate --max-bytes 100000000``); its peak memory is the child's
maximum resident set size from ``wait4`` (the figure ``/usr/bin/time -v``
prints as "Maximum resident set size"), its time the wall-clock time. A
build still running after ``--cap`` seconds is stopped and reported with the
peak it had reached. Not a test (pytest does not collect ``bench/``). Run
from the repository::

    .venv/bin/python bench/bench_big_article.py                  # 1 MB and 10 MB, both ways
    .venv/bin/python bench/bench_big_article.py --sizes 1 --modes pieces
    .venv/bin/python bench/bench_big_article.py --piece-chars 50000 --cap 900
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
HUGE = 10**12


def _generator():  # bench/ is not a package: load gen_corpus.py by its path
    spec = importlib.util.spec_from_file_location("gen_corpus", HERE / "gen_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_article(megabytes: float, folder: Path, seed: int = 7) -> Path:
    """One ``.txt`` article of at least ``megabytes`` MB in ``folder`` (always the same bytes)."""
    gen = _generator()
    parts: list[str] = []
    size = 0
    for record in gen.generate(10**7, seed=seed):
        part = gen.to_txt(record)
        parts.append(part)
        size += len(part.encode("utf-8"))
        if size >= megabytes * 1_000_000:
            break
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "big.txt"
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def run_build(
    inputs: Path, output: Path, piece_chars: int | None, cap: float
) -> tuple[int, float, bool, str]:
    """Build ``inputs`` into ``output`` in a child: (peak RSS in kB, seconds, stopped, output)."""
    env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600")
    env.pop("NEWSKG_PIECE_CHARS", None)
    if piece_chars is not None:
        env["NEWSKG_PIECE_CHARS"] = str(piece_chars)
    newskg = Path(sys.executable).with_name("newskg")
    cmd = [str(newskg), "build", str(inputs), "-o", str(output), "-q", "--no-validate"]
    cmd += ["--max-bytes", "100000000"]
    log = output.with_suffix(".log")
    output.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    with log.open("w") as sink:
        child = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.STDOUT, env=env)
        stopped = False
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - t0 > cap:
                child.send_signal(signal.SIGKILL)
                pid, status, usage = os.wait4(child.pid, 0)
                stopped = True
                break
            time.sleep(0.5)
    child.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss, time.monotonic() - t0, stopped, log.read_text()


def _claims(out: str) -> str:
    m = re.search(r"(\d+) claims", out)
    return m.group(1) if m else "–"


def main(argv: list[str] | None = None) -> int:
    """Generate the articles, build them, print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,10", help="article sizes in MB (default 1,10)")
    parser.add_argument("--modes", default="whole,pieces", help="whole, pieces or both")
    parser.add_argument("--piece-chars", type=int, default=None, help="bound of the pieces run")
    parser.add_argument("--cap", type=float, default=1800, help="stop a build after N seconds")
    parser.add_argument("--out", type=Path, default=Path("/tmp/newskg-bench-big"))
    args = parser.parse_args(argv)
    print("| article | characters | build | peak RSS | time | claims |", flush=True)
    print("|---|---|---|---|---|---|", flush=True)
    for size in (float(s) for s in args.sizes.split(",")):
        label = f"{size:g} MB"
        path = make_article(size, args.out / f"in-{size:g}mb")
        chars = len(path.read_text(encoding="utf-8"))
        for mode in args.modes.split(","):
            bound = HUGE if mode == "whole" else args.piece_chars
            out = args.out / f"out-{size:g}mb-{mode}"
            peak, seconds, stopped, log = run_build(path.parent, out, bound, args.cap)
            when = f"stopped after {seconds:.0f} s" if stopped else f"{seconds:.0f} s"
            row = (
                f"| {label} | {chars:,} | {mode} | {peak / 1024:,.0f} MB | {when} | "
                f"{'–' if stopped else _claims(log)} |"
            )
            print(row, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
