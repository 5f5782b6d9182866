"""Time the named queries on ~1M triples: the Oxigraph store against rdflib's in-memory graph.

Not a test (pytest does not collect ``bench/``). Run from the repository::

    .venv/bin/python bench/bench_store.py                   # ~1M triples
    .venv/bin/python bench/bench_store.py --triples 100000  # quicker

The data is ``output/graph.ttl`` (read, never written), laid out as
``newskg build`` writes the store (each article's statements in its own
named graph, see ``newskg.store``) and copied as many times as needed, each
copy under its own IRIs (``.../id/copy-7/event/...``) and article identifiers
(``copy-7/000_6261b986aa0c626f.txt``), as a corpus that many times larger
would be (each entity, too, is copied: joins stay within a copy). The same quads go

- into an Oxigraph store on disk (``pyoxigraph.Store.bulk_load``), queried
  over the union of its graphs, as ``newskg query`` does;
- into an rdflib :class:`~rdflib.Graph` in memory (the union), queried with
  rdflib's SPARQL engine.

Every named query of ``queries/`` runs on both (Oxigraph ``--repeat``
times, the best time kept; rdflib once, stopped after ``--cap`` seconds);
the table gives the times, the ratio rdflib / Oxigraph, and whether both
returned the same number of rows.
"""

from __future__ import annotations

import argparse
import os
import platform
import signal
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from _graphs import DEFAULT_GRAPH, replicated_nquads, strip_graphs  # bench/_graphs.py
from rdflib import Graph

from newskg.sparql import named_queries


class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout


def timed(fn, *, repeat: int = 1, cap: float | None = None) -> tuple[float | None, int | None]:
    """Best wall time of ``fn()`` (which returns a row count) over ``repeat`` runs."""
    best, rows = None, None
    for _ in range(repeat):
        if cap:
            signal.signal(signal.SIGALRM, _alarm)
            signal.setitimer(signal.ITIMER_REAL, cap)
        start = time.perf_counter()
        try:
            rows = fn()
        except Timeout:
            return None, None
        finally:
            if cap:
                signal.setitimer(signal.ITIMER_REAL, 0)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, rows


def fmt_ms(seconds: float | None, cap: float) -> str:
    return f"> {cap:.0f} s" if seconds is None else f"{seconds * 1000:,.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", type=Path, default=DEFAULT_GRAPH, help="the graph to copy")
    parser.add_argument("--triples", type=int, default=1_000_000, help="about this many")
    parser.add_argument("--repeat", type=int, default=3, help="Oxigraph runs per query")
    parser.add_argument("--cap", type=float, default=300, help="seconds per rdflib query")
    args = parser.parse_args(argv)

    print(f"# {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores")
    nquads, copies = replicated_nquads(args.graph, args.triples)
    with tempfile.TemporaryDirectory(prefix="newskg-bench-") as tmp:
        store = ox.Store(str(Path(tmp) / "store"))
        start = time.perf_counter()
        store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
        store.optimize()
        ox_load = time.perf_counter() - start
        size = len(store)
        print(f"# {copies} copies of {args.graph.name}: {size:,} quads")
        print(f"# load: Oxigraph (on disk, bulk_load) {ox_load:.1f} s", flush=True)

        ntriples = strip_graphs(nquads)  # rdflib gets the union, as N-Triples
        del nquads
        start = time.perf_counter()
        g = Graph().parse(data=ntriples, format="nt")
        rdflib_load = time.perf_counter() - start
        del ntriples
        print(f"#       rdflib (in memory) {rdflib_load:.1f} s, {len(g):,} triples", flush=True)

        header = "| query | rows | Oxigraph (ms) | rdflib (ms) | rdflib / Oxigraph |"
        print()
        print(header)
        print("| --- | ---: | ---: | ---: | ---: |")
        for q in named_queries():
            text = q.text
            ox_s, ox_rows = timed(
                lambda text=text: len(list(store.query(text, use_default_graph_as_union=True))),
                repeat=args.repeat,
            )
            rl_s, rl_rows = timed(lambda text=text: len(list(g.query(text))), cap=args.cap)
            bound = rl_s if rl_s is not None else args.cap
            ratio = f"{'> ' if rl_s is None else ''}{bound / ox_s:,.0f}×"
            same = "" if rl_rows is None or rl_rows == ox_rows else f" (rdflib: {rl_rows} rows)"
            print(
                f"| {q.name} | {ox_rows:,}{same} | {fmt_ms(ox_s, args.cap)} | "
                f"{fmt_ms(rl_s, args.cap)} | {ratio} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
