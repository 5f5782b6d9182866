"""Turtle export of ~1M triples: newskg's sorted export from the Oxigraph store against rdflib's.

Not a test (pytest does not collect ``bench/``). Run from the repository::

    .venv/bin/python bench/bench_export.py                     # ~1M triples
    .venv/bin/python bench/bench_export.py --triples 100000    # quicker
    .venv/bin/python bench/bench_export.py --skip longturtle   # without rdflib's longturtle

The data is ``output/graph.ttl`` (read, never written; ``--graph`` for
another) copied as many times as needed under new IRIs, laid out in named
graphs as ``newskg build`` writes the store (``bench/_graphs.py``, as
``bench_store.py`` does), and bulk-loaded into an Oxigraph store on disk.
Then, one after the other in this process:

- ``write_store_turtle``: ``newskg.store.write_store_turtle`` on the store
  (what ``newskg build`` ran to write ``graph.ttl`` until it wrote it from
  its own stream): the store's triples read back as N-Triples lines, sorted
  externally (``newskg.rdf.sorted_export``), serialised by Oxigraph,
  written atomically;
- ``stream``: what ``newskg build`` runs now. The same quads are written
  into a second store the way a build writes it
  (``StoreGeneration(keep_lines=True)``, 200,000 quads a batch), which also
  gathers each batch's triples as sorted runs; then ``write_store_turtle``
  writes ``graph.ttl`` from those runs without reading the store. Two
  figures: ``stream: gather`` (the time the gathering adds to writing the
  store, spread over the build: the same load timed without it, subtracted)
  and ``stream: write`` (what is left for the end of the build). Its output
  must be the same bytes as ``write_store_turtle``'s;
- ``GraphStore.export``: ``GraphStore.export(ExportFormat.TURTLE)`` (what
  ``newskg export graph.ttl`` runs): the same Turtle, in memory;
- ``store_graph``: the store's union copied into an rdflib ``Graph``
  (``newskg.store.store_graph``, prefixes bound), the input rdflib needs;
- ``rdflib turtle``: rdflib's own ``Graph.serialize(format="turtle")`` of
  that graph;
- ``rdflib longturtle``: ``Graph.serialize(format="longturtle")``, rdflib's
  sorted, diff-friendly Turtle (the nearest rdflib gets to newskg's output).

Each step's wall time and how much it raised the process's RSS (sampled by
a thread with psutil every 20 ms; Rust and C allocations count) are printed,
with the ratios rdflib / newskg. The outputs are then checked: both newskg
exports must be the same bytes, and every output, parsed back with
Oxigraph, must hold the same triples as ``write_store_turtle``'s, term for
term or at least value for value (rdflib writes some literals in another
lexical form: ``"2026-01-01T00:00:00+00:00"`` for ``"...T00:00:00Z"``; both
are loaded into an Oxigraph store, which keeps literals by value, and
compared there). The graph has no blank nodes, so equal triple sets mean
isomorphic graphs; with blank nodes only the counts are compared.

What it puts to the test: ``newskg.rdf.sorted_export`` says it writes ~1M
triples "in seconds where rdflib's [serialiser] takes about a minute",
holding one sort run (500,000 lines) in memory. The last line is the whole
run as JSON.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil
import pyoxigraph as ox
from _graphs import DEFAULT_GRAPH, replicated_nquads
from _proc import machine_info, machine_lines

from newskg.config import DEFAULT_BASE_IRI
from newskg.store import (
    ExportFormat,
    GraphStore,
    StoreGeneration,
    store_graph,
    write_store_turtle,
)

STEPS = (
    "write_store_turtle",
    "stream_gather",
    "stream_write",
    "export",
    "store_graph",
    "turtle",
    "longturtle",
)


class RssPeak:
    """The peak RSS of this process while a block runs, sampled by a thread."""

    def __init__(self, every: float = 0.02) -> None:
        self.every = every
        self.process = psutil.Process()
        self.start = self.peak = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.process.memory_info().rss)
            self._stop.wait(self.every)

    def __enter__(self) -> RssPeak:
        self.start = self.peak = self.process.memory_info().rss
        self._stop.clear()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)

    @property
    def growth(self) -> int:
        return self.peak - self.start


def measure(fn: Callable[[], Any]) -> tuple[float, int, int, Any]:
    """Wall seconds of ``fn()``, RSS growth and peak (bytes) while it ran, and its value."""
    with RssPeak() as rss:
        start = time.perf_counter()
        value = fn()
        seconds = time.perf_counter() - start
    return seconds, rss.growth, rss.peak, value


def _triples(path: Path) -> tuple[set[str], int]:
    """The triples of a Turtle file as N-Triples strings, and how many hold a blank node."""
    out: set[str] = set()
    blank = 0
    for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        out.add(str(t))
        blank += isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)
    return out, blank


def _values(path: Path) -> set[str]:
    """The triples of a Turtle file compared by value: as an Oxigraph store keeps them.

    The store keeps literals by value (``"...T00:00:00+00:00"`` and
    ``"...T00:00:00Z"`` are the same ``xsd:dateTime``), so two serialisers
    that write a value differently give the same set.
    """
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return {str(q.triple) for q in store}


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bench_export.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--graph", type=Path, default=DEFAULT_GRAPH, help="the graph to copy")
    parser.add_argument("--triples", type=int, default=1_000_000, help="about this many")
    parser.add_argument(
        "--skip", nargs="*", default=[], choices=STEPS[5:], help="rdflib serialisations not to run"
    )
    parser.add_argument("--keep", type=Path, help="write the outputs in this folder (emptied)")
    args = parser.parse_args(argv)

    info = machine_info()
    for line in machine_lines(info):
        print(line, flush=True)
    graph_sha = hashlib.sha256(args.graph.read_bytes()).hexdigest()[:16]
    base = DEFAULT_BASE_IRI

    start = time.perf_counter()
    nquads, copies = replicated_nquads(args.graph, args.triples)
    make_s = time.perf_counter() - start
    steps: dict[str, dict[str, Any]] = {}
    checks: dict[str, Any] = {}

    with tempfile.TemporaryDirectory(prefix="newskg-bench-export-") as tmp:
        work = args.keep or Path(tmp)
        if args.keep:
            shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True, exist_ok=True)
        store_dir = work / "store"

        def load(data: bytes) -> int:
            store = ox.Store(str(store_dir))
            store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
            store.flush()
            store.optimize()
            return len(store)

        load_s, _, _, quads = measure(lambda: load(nquads))
        parsed = list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
        nquads = b""  # free it

        def generation(keep_lines: bool) -> StoreGeneration:
            gen = StoreGeneration(work / f"built-{keep_lines}" / "store", keep_lines=keep_lines)
            for start in range(0, len(parsed), 500):  # an article's quads at a time, as a build
                gen.add_quads(parsed[start : start + 500])
            gen.flush()
            return gen

        _say("writing the store as a build does, without and with the lines gathered ...")
        plain_s, _, _, plain = measure(lambda: generation(False))
        plain.discard()
        gather_s, grow, peak, built = measure(lambda: generation(True))
        parsed = []
        steps["stream_gather"] = _step(gather_s - plain_s, grow, peak, None)
        path = outputs_stream = work / "newskg-stream.ttl"
        _say("write_store_turtle from the gathered lines ...")
        s, grow, peak, _ = measure(
            lambda: write_store_turtle(built.oxigraph, path, base=base, lines=built.lines)
        )
        steps["stream_write"] = _step(s, grow, peak, path)
        built.discard()
        print(
            f"# {copies} copies of {args.graph} (sha256 {graph_sha}...): {quads:,} quads, "
            f"made in {make_s:.1f} s, bulk-loaded into an Oxigraph store on disk in {load_s:.1f} s",
            flush=True,
        )

        outputs: dict[str, Path] = {"stream_write": outputs_stream}
        with GraphStore(store_dir, read_only=True) as gs:
            path = outputs["write_store_turtle"] = work / "newskg-sorted.ttl"
            _say("write_store_turtle ...")
            s, grow, peak, sorted_triples = measure(
                lambda: write_store_turtle(gs.oxigraph, path, base=base)
            )
            steps["write_store_turtle"] = _step(s, grow, peak, path, sorted_triples.count)

            _say("GraphStore.export(TURTLE) ...")
            s, grow, peak, data = measure(lambda: gs.export(ExportFormat.TURTLE, base=base))
            path = outputs["export"] = work / "newskg-export.ttl"
            path.write_bytes(data)
            del data
            steps["export"] = _step(s, grow, peak, path)

            _say("store_graph (store -> rdflib Graph) ...")
            s, grow, peak, g = measure(lambda: store_graph(gs.oxigraph, base))
            steps["store_graph"] = _step(s, grow, peak, None, len(g))

        for fmt in ("turtle", "longturtle"):
            if fmt in args.skip:
                continue
            _say(f"rdflib Graph.serialize(format={fmt!r}) ...")
            s, grow, peak, data = measure(
                lambda fmt=fmt, g=g: g.serialize(format=fmt, encoding="utf-8")
            )
            path = outputs[fmt] = work / f"rdflib-{fmt}.ttl"
            path.write_bytes(data)
            del data
            steps[fmt] = _step(s, grow, peak, path)
        n_graph = len(g)
        g = None  # free it

        _say("checking the outputs ...")
        checks = _check(outputs, n_graph)

    _print(steps, checks, quads)
    ratios = {
        f"{fmt}_vs_write_store_turtle": steps[fmt]["seconds"]
        / steps["write_store_turtle"]["seconds"]
        for fmt in ("turtle", "longturtle")
        if fmt in steps
    }
    for name, value in ratios.items():
        print(f"- {name.replace('_vs_', ' / ')}: {value:,.1f}x")
    record = {
        "bench": "export",
        "machine": info,
        "params": {"graph": str(args.graph), "graph_sha256": graph_sha, "copies": copies},
        "quads": quads,
        "load_s": load_s,
        "steps": steps,
        "ratios": ratios,
        "checks": checks,
    }
    print(json.dumps(record, sort_keys=True))
    return 0 if checks.get("ok") else 1


def _step(
    seconds: float, growth: int, peak: int, path: Path | None, triples: int | None = None
) -> dict[str, Any]:
    return {
        "seconds": round(seconds, 3),
        "rss_growth_mb": round(growth / 2**20, 1),
        "rss_peak_mb": round(peak / 2**20, 1),
        "bytes": None if path is None else path.stat().st_size,
        "triples": triples,
    }


def _check(outputs: dict[str, Path], n_graph: int) -> dict[str, Any]:
    """Compare every output with ``write_store_turtle``'s: same terms, or at least same values."""
    checks: dict[str, Any] = {}
    a, b, c = outputs["write_store_turtle"], outputs["export"], outputs["stream_write"]
    checks["newskg_exports_same_bytes"] = a.read_bytes() == b.read_bytes() == c.read_bytes()
    reference, blank = _triples(a)
    reference_values: set[str] | None = None
    checks["triples"] = {"write_store_turtle": len(reference)}
    checks["blank_node_triples"] = blank
    checks["same"] = {}
    for name, path in outputs.items():
        if name == "write_store_turtle":
            continue
        triples, _ = _triples(path)
        checks["triples"][name] = len(triples)
        if blank:  # blank node labels differ between serialisers: count only
            checks["same"][name] = "same count" if len(triples) == len(reference) else "NO"
            continue
        if triples == reference:
            checks["same"][name] = "same triples"
            continue
        if reference_values is None:
            reference_values = _values(a)
        values = _values(path)
        differ = len(reference - triples)
        if values == reference_values:
            checks["same"][name] = f"same values ({differ:,} literals written differently)"
        else:
            checks["same"][name] = "NO"
        checks.setdefault("examples", {})[name] = {
            "only_newskg": sorted(reference - triples)[:2],
            "only_other": sorted(triples - reference)[:2],
        }
    checks["rdflib_graph_triples"] = n_graph
    checks["ok"] = (
        checks["newskg_exports_same_bytes"]
        and all(v != "NO" for v in checks["same"].values())
        and n_graph == len(reference)
    )
    return checks


def _print(steps: dict[str, dict[str, Any]], checks: dict[str, Any], quads: int) -> None:
    labels = {
        "write_store_turtle": "newskg: write_store_turtle (sorted, to a file)",
        "stream_gather": "newskg build: gathering the lines while writing the store (added)",
        "stream_write": "newskg build: write_store_turtle from the gathered lines",
        "export": "newskg: GraphStore.export(TURTLE) (sorted, in memory)",
        "store_graph": "store -> rdflib Graph (store_graph)",
        "turtle": 'rdflib: Graph.serialize(format="turtle")',
        "longturtle": 'rdflib: Graph.serialize(format="longturtle")',
    }
    print()
    print(f"{quads:,} quads in the store; {checks['triples']['write_store_turtle']:,} triples")
    print()
    print("| step | seconds | triples/s | RSS growth (MB) | RSS peak (MB) | output (MB) |")
    print("|---|---:|---:|---:|---:|---:|")
    n = checks["triples"]["write_store_turtle"]
    for name, r in steps.items():
        size = "-" if r["bytes"] is None else f"{r['bytes'] / 2**20:,.1f}"
        print(
            f"| {labels[name]} | {r['seconds']:,.2f} | {n / r['seconds']:,.0f} "
            f"| {r['rss_growth_mb']:,.0f} | {r['rss_peak_mb']:,.0f} | {size} |"
        )
    print()
    same = checks["newskg_exports_same_bytes"]
    print(
        "- write_store_turtle (store or gathered lines) and GraphStore.export give the same "
        f"bytes: {'yes' if same else 'NO'}"
    )
    for name, verdict in checks["same"].items():
        print(
            f"- {name}: {checks['triples'][name]:,} triples; against write_store_turtle's: "
            f"{verdict}"
        )
    for name, ex in checks.get("examples", {}).items():
        print(f"  {name}, e.g. newskg: {ex['only_newskg'][:1]}, {name}: {ex['only_other'][:1]}")


if __name__ == "__main__":
    sys.exit(main())
