"""Time SHACL validation on graphs of growing size, the engines side by side.

Not a test (pytest does not collect ``bench/``). Run from the repository::

    .venv/bin/python bench/bench_validate.py                 # sample, ~10k, ~100k, ~1M triples
    .venv/bin/python bench/bench_validate.py --sizes 100000  # sample and ~100k only

The graphs are ``output/graph.ttl`` (read, never written) copied as many times
as needed, each copy under its own IRIs (``.../id/copy-7/event/...``) and
blank nodes, so that they hold as many events, claims and articles as a
corpus that many times larger. For each graph it times:

- ``core-pyshacl``: pySHACL with the shapes without their SPARQL constraints
  (the SHACL Core shapes of ``data.ttl``), the reference engine, in a child
  process stopped after ``--core-cap`` seconds;
- ``core-compiled``: the same shapes compiled to SPARQL (``newskg.shacl.core``),
  as ``newskg.shacl`` runs them: the graph (and the ontology) copied into
  an in-memory Oxigraph store (*load*), then one query per constraint;
- ``core-store``: the compiled queries run directly on a store laid out as
  ``newskg build`` writes it (one named graph per article), as
  ``newskg.shacl.validate_store`` runs them: nothing to copy;
- ``sparql-pyshacl``: pySHACL with the SHACL-SPARQL shapes of ``rules.ttl``
  (one query per focus node), in a child process stopped after ``--cap``
  seconds, and only up to ``--pyshacl-sparql-max`` triples;
- ``sparql-oxigraph``: the same shapes the way ``newskg.shacl`` runs them,
  each query once over an Oxigraph store;
- ``validate``: ``newskg.shacl.validate`` end to end (Core compiled, the
  SPARQL constraints, the report), and ``validate_store`` on the store:
  in memory with one thread and with the pool (CPU / wall says how many
  cores it kept busy), then on a copy of the store on disk, in place, and
  as the build validates its store: written through a
  ``newskg.store.StoreGeneration`` that keeps a copy in memory up to
  ``$NEWSKG_VALIDATE_IN_MEMORY`` quads (timed with and without the copy),
  then ``newskg.pipeline._validate`` of that copy (what is left after the
  build's last article).

It checks that the Core engines report the same (focus node, shape,
component, value) results, and, when both SPARQL runs finish, that they
found the same (focus node, shape) pairs.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing as mp
import os
import platform
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from newskg.config import DEFAULT_BASE_IRI
from newskg.pipeline import _validate, validate_in_memory_bound
from newskg.resources import ontology_path, shapes_dir
from newskg.shacl import (
    CoreShapes,
    default_threads,
    load_data,
    run_constraints,
    run_core,
    split_shapes,
    store_data,
    validate,
    validate_store,
)
from newskg.store import StoreGeneration, partition

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GRAPH = ROOT / "output" / "graph.ttl"

Pairs = set[tuple[str, ...]]


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


def break_graph(data: Graph, every: int) -> Graph:
    """``data`` with about one triple in ``every`` dropped, or its literal made a plain string.

    Chosen by a digest of the triple, so the same graph always breaks the same
    way: missing labels, quotes, dates, datatypes that do not match...
    """
    out = Graph()
    for s, p, o in data:
        key = zlib.crc32(f"{s} {p} {o}".encode()) % every
        if key == 0:
            continue
        if key == 1 and isinstance(o, Literal):
            o = Literal(str(o))
        out.add((s, p, o))
    return out


def pyshacl_pairs(
    data: Graph, shapes: Graph, ontology: Graph, *, detailed: bool = False
) -> tuple[float, Pairs]:
    """Seconds pySHACL takes, and the (focus, shape) pairs it reports.

    ``detailed`` adds the component and the value, and names a property
    shape's results by the named shape holding it (as the compiled engine's).
    """
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
    pairs: Pairs = set()
    for r in report.subjects(RDF.type, SH.ValidationResult):
        pair = (str(report.value(r, SH.focusNode)), str(report.value(r, SH.sourceShape)))
        if detailed:
            shape = owner(shapes, report.value(r, SH.sourceShape))
            component = report.value(r, SH.sourceConstraintComponent)
            pair = (pair[0], shape, str(component), str(report.value(r, SH.value)))
        pairs.add(pair)
    return seconds, pairs


def owner(shapes: Graph, node) -> str:
    """The named shape holding ``node`` (a property shape's node shape)."""
    while isinstance(node, BNode):
        node = next(shapes.subjects(SH.property, node), None)
    return str(node)


def compiled_pairs(shapes: Graph, results) -> Pairs:
    return {(str(r.focus), owner(shapes, r.shape), str(r.component), str(r.value)) for r in results}


def _child(conn, data: Graph, shapes: Graph, ontology: Graph, detailed: bool) -> None:
    conn.send(pyshacl_pairs(data, shapes, ontology, detailed=detailed))
    conn.close()


def capped(
    data: Graph, shapes: Graph, ontology: Graph, cap: float, *, detailed: bool = False
) -> tuple[float | None, Pairs | None]:
    """pySHACL in a forked child stopped after ``cap`` seconds: (seconds, pairs), or Nones."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(child, data, shapes, ontology, detailed))
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


def cpu_timed(fn: Callable[[], object]) -> tuple[float, float, object]:
    """Wall time, CPU time of the whole process (every thread) and ``fn``'s value."""
    start, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return time.perf_counter() - start, time.process_time() - cpu, value


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


def generation(path: Path, quads: list[ox.Quad], mirror: int) -> StoreGeneration:
    """``quads`` written as the build writes its store (batches, the lines gathered),
    keeping a copy in memory up to ``mirror`` quads."""
    gen = StoreGeneration(path, keep_lines=True, mirror_quads=mirror)
    for start in range(0, len(quads), 500):  # an article's quads at a time, as a build
        gen.add_quads(quads[start : start + 500])
    gen.flush()
    return gen


def build_store(data: Graph, path: Path | None = None) -> ox.Store:
    """``data`` laid out as ``newskg build`` writes it: in memory, or on disk at ``path``
    (as the build's own store, which its validation reads)."""
    store = ox.Store() if path is None else ox.Store(str(path))
    store.bulk_extend(partition(data))
    if path is not None:
        store.flush()
    return store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--graph", type=Path, default=DEFAULT_GRAPH, help="graph to copy")
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="*",
        default=[10_000, 100_000, 1_000_000],
        help="triples, about",
    )
    parser.add_argument("--cap", type=float, default=300.0, help="seconds for pySHACL SPARQL")
    parser.add_argument(
        "--core-cap", type=float, default=600.0, help="seconds for pySHACL's SHACL Core"
    )
    parser.add_argument(
        "--pyshacl-sparql-max",
        type=int,
        default=150_000,
        help="largest graph (triples) to run the SPARQL shapes in pySHACL on",
    )
    parser.add_argument(
        "--break-every",
        type=int,
        default=0,
        help="break about one triple in N of each graph (0: none), to compare results",
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

    compiled = CoreShapes(core)
    validate_store(build_store(base))  # the same, over a store
    threads = default_threads()
    rows, core_rows = [], []
    for target in [len(base), *args.sizes]:
        copies = max(1, math.ceil(target / len(base)))
        build_s, data = timed(lambda copies=copies: replicate(base, copies))
        if args.break_every:
            data = break_graph(data, args.break_every)
        n = len(data)
        say(f"{n:,} triples ({copies} copies, built in {build_s:.1f} s)")

        core_s, core_pairs = capped(data, core, ontology, args.core_cap, detailed=True)
        say(f"  Core, pySHACL: {seconds_text(core_s, args.core_cap)}")

        load_s, (loaded, rules) = timed(lambda data=data: load_data(data, ontology))
        run_s, outcome = timed(lambda loaded=loaded: run_core(compiled, loaded))
        fast_core = compiled_pairs(core, outcome.results)
        say(
            f"  Core, compiled: load {load_s:.2f} s + queries {run_s:.2f} s "
            f"({len(outcome.results)} results, {len(outcome.fallback)} shapes left to pySHACL)"
        )
        store_build_s, store = timed(lambda data=data: build_store(data))
        store_s, on_store = timed(
            lambda store=store: run_core(compiled, store_data(store, ontology=ontology))
        )
        say(
            f"  Core, compiled on the store: {store_s:.2f} s (store built in {store_build_s:.1f} s)"
        )
        core_agree = "–" if core_pairs is None else ("yes" if core_pairs == fast_core else "NO")
        if compiled_pairs(core, on_store.results) != fast_core:
            core_agree += " (store: NO)"

        query_s, found = timed(lambda rules=rules: run_constraints(constraints, rules))
        fast_pairs = {(str(r.focus), str(r.constraint.shape)) for r in found}
        say(f"  SPARQL, Oxigraph: queries {query_s:.2f} s ({len(found)})")

        slow_s = slow_pairs = None
        ran_slow = n <= args.pyshacl_sparql_max
        if ran_slow:
            slow_s, slow_pairs = capped(data, sparql_shapes, ontology, args.cap)
            say(f"  SPARQL, pySHACL: {seconds_text(slow_s, args.cap)}")
        agree = "–" if slow_pairs is None else ("yes" if slow_pairs == fast_pairs else "NO")

        total_s, result = timed(lambda data=data: validate(data))
        say(f"  validate(): {total_s:.2f} s ({len(result.violations)} violations)")
        on_store_s, stored = timed(lambda store=store: validate_store(store))
        say(f"  validate_store(): {on_store_s:.2f} s ({len(stored.violations)} violations)")
        # as the build runs it: the ontology lent a graph of the store, not a copy of the data,
        # the queries in one thread, then over the default pool (newskg.shacl.parallel)
        # CPU / wall: how many cores the queries kept busy (pyoxigraph evaluates without the GIL)
        lent_s, lent_cpu, lent = cpu_timed(
            lambda store=store: validate_store(store, writable=True, threads=1)
        )
        same_lent = set(lent.violations) == set(stored.violations)
        say(
            f"  validate_store(writable=True, threads=1): {lent_s:.2f} s, "
            f"CPU/wall {lent_cpu / lent_s:.2f} (same: {same_lent})"
        )
        pool_s, pool_cpu, pooled = cpu_timed(
            lambda store=store: validate_store(store, writable=True)
        )
        same_pool = set(pooled.violations) == set(stored.violations)
        say(
            f"  validate_store(writable=True, threads={threads}): {pool_s:.2f} s, "
            f"CPU/wall {pool_cpu / pool_s:.2f} ({same_pool})"
        )
        # the build's own case: the same quads in a store on disk (RocksDB), all threads,
        # read in place, then as the build validates it (newskg.pipeline._validate: up to
        # its bound, a copy in memory)
        with tempfile.TemporaryDirectory() as tmp:
            on_disk = build_store(data, Path(tmp) / "store")
            disk_s, disk_cpu, disked = cpu_timed(
                lambda on_disk=on_disk: validate_store(on_disk, writable=True, on_disk=True)
            )
            same_disk = set(disked.violations) == set(stored.violations)
            del on_disk, disked
            # the build writes its store through a StoreGeneration, which keeps a copy in
            # memory up to the bound; what is left after the last article is _validate
            quads = list(partition(data))
            plain_s, plain = timed(lambda q=quads, t=tmp: generation(Path(t) / "plain", q, 0))
            plain.discard()
            bound = validate_in_memory_bound()
            kept_s, gen = timed(lambda q=quads, t=tmp, b=bound: generation(Path(t) / "kept", q, b))
            del quads
            build_s, build_cpu, built = cpu_timed(
                lambda gen=gen: _validate(gen.oxigraph, gen.mirror)
            )
            same_build = set(built.violations) == set(stored.violations)
            gen.discard()
            del gen, built
        say(
            f"  on disk, validate_store(writable=True, on_disk=True, threads={threads}): "
            f"{disk_s:.2f} s, "
            f"CPU/wall {disk_cpu / disk_s:.2f} ({same_disk})"
        )
        say(
            f"  as the build: store written in {kept_s:.2f} s with the copy in memory (up to "
            f"{bound:,} quads), {plain_s:.2f} s without; then validated in {build_s:.2f} s, "
            f"CPU/wall {build_cpu / build_s:.2f} ({same_build})"
        )
        core_rows.append(
            (
                f"{n:,}",
                seconds_text(core_s, args.core_cap),
                f"{seconds_text(load_s)} + {seconds_text(run_s)}",
                ratio_text(core_s, load_s + run_s, args.core_cap),
                seconds_text(store_s),
                ratio_text(core_s, store_s, args.core_cap),
                core_agree,
                seconds_text(total_s),
                seconds_text(on_store_s),
                f"{seconds_text(lent_s)} (CPU/wall {lent_cpu / lent_s:.2f})"
                + ("" if same_lent else " (other violations!)"),
                f"{seconds_text(pool_s)} (CPU/wall {pool_cpu / pool_s:.2f})"
                + ("" if same_pool else " (other violations!)"),
                f"{seconds_text(disk_s)} (CPU/wall {disk_cpu / disk_s:.2f})"
                + ("" if same_disk else " (other violations!)"),
                f"{seconds_text(build_s)} (CPU/wall {build_cpu / build_s:.2f})"
                + ("" if same_build else " (other violations!)"),
                f"{seconds_text(kept_s)} / {seconds_text(plain_s)}",
            )
        )
        rows.append(
            (
                f"{n:,}",
                seconds_text(slow_s, args.cap if ran_slow else None),
                seconds_text(query_s),
                ratio_text(slow_s, query_s, args.cap if ran_slow else None),
                agree,
            )
        )
        del data, loaded, rules, store, result, stored

    print(
        f"\n{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, pySHACL {pyshacl.__version__}, "
        f"pyoxigraph {ox.__version__}, {len(compiled.top)} Core shapes, "
        f"{len(constraints)} SPARQL constraints\n"
    )
    table(
        (
            "triples",
            "Core (pySHACL)",
            "Core compiled (load + queries)",
            "pySHACL / compiled",
            "Core compiled on the store",
            "pySHACL / on the store",
            "same results",
            "validate() total",
            "validate_store() total",
            "validate_store(writable=True), one thread",
            f"validate_store(writable=True), {threads} threads",
            f"the same, store on disk ({threads} threads)",
            "the build's validation after its last article (copy kept up to the bound)",
            "the build's store written with / without the copy",
        ),
        core_rows,
    )
    print()
    table(
        (
            "triples",
            "SPARQL (pySHACL)",
            "SPARQL (Oxigraph queries)",
            "pySHACL / Oxigraph",
            "same results",
        ),
        rows,
    )
    return 0


def table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    sys.exit(main())
