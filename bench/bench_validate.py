"""Time SHACL validation on graphs of growing size, three ways side by side.

Not a test (pytest does not collect ``bench/``). Run from the repository::

    .venv/bin/python bench/bench_validate.py                 # sample, ~100k, ~1M triples
    .venv/bin/python bench/bench_validate.py --sizes 100000  # sample and ~100k only

The graphs are ``output/graph.ttl`` (read, never written) copied as many times
as needed, each copy under its own IRIs (``.../id/copy-7/event/...``) and
blank nodes, so that they hold as many events, claims and articles as a
corpus that many times larger. For each graph it times:

- ``core``: pySHACL with the shapes without their SPARQL constraints (the
  SHACL Core shapes of ``data.ttl``), as ``newskg.validate`` runs them;
- ``sparql-pyshacl``: pySHACL with the SHACL-SPARQL shapes of ``rules.ttl``
  (one query per focus node), in a child process stopped after ``--cap``
  seconds, and only up to ``--pyshacl-sparql-max`` triples;
- ``sparql-oxigraph``: the same shapes the way ``newskg.validate`` runs them,
  each query once over an Oxigraph store (copying the graph into the store,
  then the queries);
- ``validate``: ``newskg.validate.validate`` end to end (both, merged).

When both SPARQL runs finish, it checks that they found the same (focus
node, shape) pairs.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing as mp
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyshacl
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH

from newskg.config import DEFAULT_BASE_IRI
from newskg.resources import ontology_path, shapes_dir
from newskg.shacl_sparql import load_store, run_constraints, split_shapes
from newskg.validate import validate

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GRAPH = ROOT / "output" / "graph.ttl"

Pairs = set[tuple[str, str]]


def replicate(base: Graph, copies: int, *, base_iri: str = DEFAULT_BASE_IRI) -> Graph:
    """``copies`` copies of ``base``, the instance IRIs and blank nodes of each renamed."""
    triples = list(base)
    out = Graph()
    for k in range(copies):
        prefix = f"{base_iri}copy-{k}/"
        renamed: dict = {}

        def rename(term, prefix=prefix, renamed=renamed, k=k):
            new = renamed.get(term)
            if new is None:
                if isinstance(term, URIRef) and term.startswith(base_iri):
                    new = URIRef(prefix + term[len(base_iri) :])
                elif isinstance(term, BNode):
                    new = BNode(f"{term}c{k}")
                else:
                    new = term
                renamed[term] = new
            return new

        out.addN((rename(s), p, rename(o), out) for s, p, o in triples)
    return out


def pyshacl_pairs(data: Graph, shapes: Graph, ontology: Graph) -> tuple[float, Pairs]:
    """Seconds pySHACL takes, and the (focus, shape) pairs it reports."""
    start = time.perf_counter()
    _, report, _ = pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        advanced=False,
        allow_warnings=False,
        allow_infos=False,
    )
    seconds = time.perf_counter() - start
    pairs = {
        (str(report.value(r, SH.focusNode)), str(report.value(r, SH.sourceShape)))
        for r in report.subjects(RDF.type, SH.ValidationResult)
    }
    return seconds, pairs


def _child(conn, data: Graph, shapes: Graph, ontology: Graph) -> None:
    conn.send(pyshacl_pairs(data, shapes, ontology))
    conn.close()


def capped(
    data: Graph, shapes: Graph, ontology: Graph, cap: float
) -> tuple[float | None, Pairs | None]:
    """pySHACL in a forked child stopped after ``cap`` seconds: (seconds, pairs), or Nones."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(child, data, shapes, ontology))
    process.start()
    child.close()
    if parent.poll(cap):
        seconds, pairs = parent.recv()
        process.join()
        return seconds, pairs
    process.kill()
    process.join()
    return None, None


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def seconds_text(seconds: float | None, cap: float | None = None) -> str:
    if seconds is None:
        return f"> {cap:.0f} s (stopped)" if cap is not None else "not run"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"


def ratio_text(slow: float | None, fast: float, cap: float | None) -> str:
    if slow is None:
        return f"> {cap / fast:.0f}×" if cap is not None else "–"
    return f"{slow / fast:.0f}×"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--graph", type=Path, default=DEFAULT_GRAPH, help="graph to copy")
    parser.add_argument(
        "--sizes", type=int, nargs="*", default=[100_000, 1_000_000], help="triples, about"
    )
    parser.add_argument("--cap", type=float, default=300.0, help="seconds for pySHACL SPARQL")
    parser.add_argument(
        "--pyshacl-sparql-max",
        type=int,
        default=150_000,
        help="largest graph (triples) to run the SPARQL shapes in pySHACL on",
    )
    args = parser.parse_args(argv)

    def say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    base = Graph().parse(args.graph, format="turtle")
    ontology = Graph().parse(ontology_path(), format="turtle")
    shapes = Graph()
    for name in ("data.ttl", "rules.ttl"):
        shapes.parse(shapes_dir() / name, format="turtle")
    core, constraints = split_shapes(shapes)
    sparql_shapes = Graph().parse(shapes_dir() / "rules.ttl", format="turtle")
    validate(base)  # read and split the bundled shapes once, as a build would

    rows = []
    for target in [len(base), *args.sizes]:
        copies = max(1, math.ceil(target / len(base)))
        build_s, data = timed(lambda copies=copies: replicate(base, copies))
        n = len(data)
        say(f"{n:,} triples ({copies} copies, built in {build_s:.1f} s)")

        core_s, core_pairs = pyshacl_pairs(data, core, ontology)
        say(f"  core, pySHACL: {core_s:.2f} s ({len(core_pairs)} results)")

        load_s, store = timed(lambda data=data: load_store(data, ontology))
        query_s, found = timed(lambda store=store: run_constraints(constraints, store))
        fast_pairs = {(str(r.focus), str(r.constraint.shape)) for r in found}
        say(f"  SPARQL, Oxigraph: load {load_s:.2f} s + queries {query_s:.2f} s ({len(found)})")

        slow_s = slow_pairs = None
        ran_slow = n <= args.pyshacl_sparql_max
        if ran_slow:
            slow_s, slow_pairs = capped(data, sparql_shapes, ontology, args.cap)
            say(f"  SPARQL, pySHACL: {seconds_text(slow_s, args.cap)}")
        agree = "–" if slow_pairs is None else ("yes" if slow_pairs == fast_pairs else "NO")

        total_s, result = timed(lambda data=data: validate(data))
        say(f"  validate(): {total_s:.2f} s ({len(result.violations)} violations)")
        rows.append(
            (
                f"{n:,}",
                seconds_text(core_s),
                seconds_text(slow_s, args.cap if ran_slow else None),
                f"{seconds_text(load_s)} + {seconds_text(query_s)}",
                ratio_text(slow_s, load_s + query_s, args.cap if ran_slow else None),
                ratio_text(slow_s, query_s, args.cap if ran_slow else None),
                agree,
                seconds_text(total_s),
            )
        )
        del data, store, result

    header = (
        "triples",
        "Core (pySHACL)",
        "SPARQL (pySHACL)",
        "SPARQL (Oxigraph: load + queries)",
        "pySHACL / Oxigraph",
        "pySHACL / queries only",
        "same results",
        "validate() total",
    )
    print(
        f"\n{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, pySHACL {pyshacl.__version__}, "
        f"{len(constraints)} SPARQL constraints\n"
    )
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
