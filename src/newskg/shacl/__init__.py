"""SHACL validation: a graph and the shapes in, a :class:`ValidationResult` out.

:func:`validate` checks instance data against the data shapes
(``shapes/data.ttl``, SHACL Core, and ``shapes/rules.ttl``, SHACL-SPARQL);
:func:`lint_ontology` checks ``ontology/newskg.ttl`` against
``shapes/ontology.ttl``. Both return the same frozen result; the caller
decides what a violation means (the CLI maps it to exit code 4). The shapes
and the ontology are read on first use and cached.

With the bundled data shapes, the ``queries/data-*-violation.rq`` checks
run too (:func:`violation_queries`, :mod:`newskg.shacl.checks`), over the
data merged with the ontology: each row they return is a violation of the
shape named after the query
(``nkg-shapes:data-undeclared-term-violation``). The build and ``newskg
validate`` run the same checks.

Two engines run SHACL Core, without inference:

- ``"compiled"`` (the default): :mod:`newskg.shacl.core` compiles each
  constraint into one SPARQL query over the whole graph in an Oxigraph
  store: 5 to 7 times faster than pySHACL on 100k to 1M triples, 9 to 20
  times over the build's own store (``bench/README.md``). A shape it cannot
  compile is left to pySHACL, whose results join the others.
- ``"pyshacl"``: pySHACL for all of SHACL Core, the reference engine.

The queries of one validation run side by side in threads
(:mod:`newskg.shacl.parallel`; Oxigraph evaluates a query without the GIL),
their results in a fixed order. Both engines write the same report
(:mod:`newskg.shacl.report`). The SPARQL-based
constraints run in :mod:`newskg.shacl.sparql`: each query once over the
whole graph, instead of once per focus node as pySHACL would (minutes
instead of a second on 100k triples); ``fast_sparql=False`` leaves them to
pySHACL, to cross-check.

The ontology gives the class hierarchy: targets and ``sh:class`` follow
``rdfs:subClassOf`` (a ``nkg:ArmedForce`` is a ``nkg:Actor``) without running
a reasoner. pySHACL gets it as its ``ont_graph``, mixed into a copy of the
data graph; the compiled engine copies it into the store with the data, or,
over the build's own store (:func:`validate_store`), writes each class's
subclasses into the queries.

Layout: this ``__init__`` holds the public API (:func:`validate`,
:func:`validate_store`, :func:`lint_ontology`, :func:`prepare`);
:mod:`newskg.shacl.core` is the SHACL Core compiler (one module per family
of constraints), :mod:`newskg.shacl.sparql` the SHACL-SPARQL constraints,
:mod:`newskg.shacl.oxigraph` the Oxigraph store both query,
:mod:`newskg.shacl.checks` the ``data-*-violation.rq`` checks and
:mod:`newskg.shacl.report` the report. Import from here: the lower-level
pieces the benchmarks and tests use (:class:`CoreShapes`, :func:`run_core`,
:func:`split_shapes`, :func:`run_constraints`...) are exported too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from functools import cache

import pyoxigraph as ox
import pyshacl
from pyshacl.errors import ConstraintLoadError, ShapeLoadError
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from newskg.errors import InputError
from newskg.rdf.load import load_graph
from newskg.resources import ontology_path, shapes_dir
from newskg.shacl.checks import (
    QueryCheck,
    add_query_results,
    ontology_beside,
    run_violation_queries,
    violation_queries,
    with_ontology,
)
from newskg.shacl.core import (
    SUPPORTED,
    CoreData,
    CoreShapes,
    class_closure,
    load_data,
    run_core,
    store_data,
    store_graph,
)
from newskg.shacl.oxigraph import OxigraphData, load_store
from newskg.shacl.parallel import Mapper, default_threads, query_pool
from newskg.shacl.report import (
    StoreReader,
    ValidationResult,
    Violation,
    add_core_results,
    add_sparql_results,
    build_result,
    merge_reports,
    summarize,
    write_report,
)
from newskg.shacl.sparql import (
    SparqlConstraint,
    run_constraints,
    split_shapes,
    start_constraints,
)

__all__ = [
    "SUPPORTED",
    "CoreShapes",
    "Engine",
    "QueryCheck",
    "ValidationResult",
    "Violation",
    "default_threads",
    "lint_ontology",
    "load_data",
    "load_graph",
    "load_store",
    "prepare",
    "run_constraints",
    "run_core",
    "run_violation_queries",
    "split_shapes",
    "store_data",
    "summarize",
    "validate",
    "validate_store",
    "violation_queries",
    "write_report",
]


class Engine(StrEnum):
    """What runs SHACL Core: SPARQL compiled from the shapes (the default), or pySHACL."""

    COMPILED = "compiled"
    PYSHACL = "pyshacl"


DATA_SHAPES = ("data.ttl", "rules.ttl")
ONTOLOGY_SHAPES = "ontology.ttl"


# ---------------------------------------------------------------- resources
@cache
def _ontology() -> Graph:
    return Graph().parse(ontology_path(), format="turtle")


@cache
def _data_shapes() -> Graph:
    shapes = Graph()
    for name in DATA_SHAPES:
        shapes.parse(shapes_dir() / name, format="turtle")
    return shapes


@cache
def _split_data_shapes() -> tuple[Graph, tuple[SparqlConstraint, ...]]:
    return split_shapes(_data_shapes())


@cache
def _compiled_data_shapes() -> CoreShapes:
    return _core_shapes(_split_data_shapes()[0])


@cache
def _ontology_shapes() -> Graph:
    return Graph().parse(shapes_dir() / ONTOLOGY_SHAPES, format="turtle")


@cache
def _split_ontology_shapes() -> tuple[Graph, tuple[SparqlConstraint, ...]]:
    return split_shapes(_ontology_shapes())


# ---------------------------------------------------------------- public API
def validate(
    graph: Graph,
    *,
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    fast_sparql: bool = True,
    engine: Engine | str = Engine.COMPILED,
    threads: int | None = None,
) -> ValidationResult:
    """Validate instance data against newskg's data shapes.

    Parameters
    ----------
    graph
        The data graph; it is not modified.
    shapes
        A shapes graph to use instead of ``shapes/data.ttl`` and ``shapes/rules.ttl``.
    ontology
        An ontology to use instead of ``ontology/newskg.ttl`` (for subclasses).
    fast_sparql
        Run the SPARQL-based constraints once each over an Oxigraph store
        (the default); ``False`` leaves them to pySHACL, which runs them once
        per focus node: the same results, much more slowly on large graphs.
    engine
        ``"compiled"`` (the default) runs SHACL Core as SPARQL compiled from
        the shapes (:mod:`newskg.shacl.core`), leaving to pySHACL only the
        shapes it cannot compile; ``"pyshacl"`` runs it all in pySHACL, the
        reference. Both give the same results and report.
    threads
        How many queries of the compiled engine run at once (default: the
        cores this process may use, at most 4; see
        :mod:`newskg.shacl.parallel`). Any number gives the same report.

    Raises
    ------
    InputError
        When ``shapes`` is not valid SHACL (reason ``"shapes"``).
    ValueError
        For an unknown ``engine``.

    Examples
    --------
    >>> from rdflib import Graph
    >>> validate(Graph()).conforms
    True
    """
    onto = ontology if ontology is not None else _ontology()
    if shapes is None:
        split = _split_data_shapes() if fast_sparql else None
    else:
        split = split_shapes(shapes) if fast_sparql else None
    bundled = shapes is None
    if bundled:
        shapes = _data_shapes()
    if _engine(engine) is Engine.PYSHACL:
        return _run(graph, shapes, onto, split, queries=bundled)
    core, constraints = split if split is not None else (shapes, ())
    compiled = _compiled_data_shapes() if split is _split_data_shapes() else _core_shapes(core)
    data, rules = load_data(graph, onto)  # the ontology is in the store: the queries need it
    queries = (lambda mapper: run_violation_queries(rules, mapper=mapper)) if bundled else None
    return _run_compiled(data, shapes, compiled, constraints, rules, graph, queries, threads)


def prepare() -> None:
    """Read and compile the bundled shapes now (they are cached for the process).

    A build calls it before it opens its new store: compiling the shapes
    parses SPARQL with rdflib, whose parser leaves reference cycles through
    the frames of the call stack; made with the store on that stack, they
    would keep the store open until Python's cycle collector runs.
    """
    _split_data_shapes()
    _compiled_data_shapes()
    violation_queries()


def validate_store(
    store: ox.Store,
    *,
    graph_name: ox.NamedNode | ox.DefaultGraph | URIRef | Iterable | None = None,
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    writable: bool = False,
    threads: int | None = None,
    on_disk: bool = False,
) -> ValidationResult:
    """Validate the data already in a pyoxigraph store, without copying it.

    The data is the union of the store's graphs (the build's store keeps each
    article in its own named graph, and what they share in the default
    graph), or with ``graph_name`` that graph (a named graph's IRI, or
    :class:`pyoxigraph.DefaultGraph`) or those graphs. Literals read as
    :mod:`newskg.store` exports them (datatypes that Oxigraph folds are
    restored from the ontology's ranges), so the result is that of
    :func:`validate` on the exported graph. SHACL Core runs compiled (the
    ontology's class hierarchy is written into the queries, the store needs
    none); a shape left to pySHACL has the store exported for it. With
    ``writable`` (a store no one else reads, such as a build's new store)
    the checks of ``queries/`` see the ontology in a named graph added to
    the store for their time, instead of a copy of the data beside it.
    ``threads`` queries run at once (default: the cores this process may
    use, at most 4); any number gives the same report. ``on_disk`` says that
    the store is on disk (opened with a path): the queries are then written
    to read each property's triples in one scan rather than look up each
    focus node's (a seek on disk costs many steps of a scan), with the same
    report.

    Raises
    ------
    InputError
        When ``shapes`` is not valid SHACL (reason ``"shapes"``).

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> validate_store(ox.Store()).conforms
    True
    """
    store = getattr(store, "oxigraph", store)  # a newskg.store.GraphStore too
    onto = ontology if ontology is not None else _ontology()
    bundled = shapes is None
    if shapes is None:
        shapes, (core, constraints) = _data_shapes(), _split_data_shapes()
        compiled = _compiled_data_shapes()
    else:
        core, constraints = split_shapes(shapes)
        compiled = _core_shapes(core)
    data = store_data(store, ontology=onto, graph_name=_graph_names(graph_name), on_disk=on_disk)
    frame = data.oxigraph
    rules = OxigraphData(
        frame.store,
        frame.terms,
        frame.default_graph,
        frame.union,
        subclasses=class_closure(data),
    )

    def queries(mapper: Mapper) -> list[tuple[QueryCheck, Node, Node | None]]:
        if writable:  # the ontology in a graph of its own, for the time of the checks
            with ontology_beside(rules, onto) as beside:
                return run_violation_queries(beside, mapper=mapper)
        return run_violation_queries(with_ontology(rules, onto), mapper=mapper)

    return _run_compiled(
        data, shapes, compiled, constraints, rules, None, queries if bundled else None, threads
    )


def lint_ontology(ontology: Graph | None = None) -> ValidationResult:
    """Check the ontology (by default ``ontology/newskg.ttl``) against ``shapes/ontology.ttl``.

    >>> lint_ontology().conforms
    True
    """
    onto = ontology if ontology is not None else _ontology()
    return _run(onto, _ontology_shapes(), None, _split_ontology_shapes())


# ---------------------------------------------------------------- internals
def _engine(engine: Engine | str) -> Engine:
    try:
        return Engine(engine)
    except ValueError:
        names = ", ".join(e.value for e in Engine)
        raise ValueError(f"unknown SHACL engine {engine!r}: use {names}") from None


def _core_shapes(core: Graph) -> CoreShapes:
    try:
        return CoreShapes(core)
    except (ShapeLoadError, ConstraintLoadError) as exc:
        raise _shapes_error(exc) from exc


def _shapes_error(exc: ShapeLoadError | ConstraintLoadError) -> InputError:
    detail = " ".join(str(exc.message).split())
    return InputError("shapes", "shapes", f"not valid SHACL: {detail}")


def _graph_names(graph_name) -> tuple | None:
    if graph_name is None:
        return None
    names = (
        [graph_name] if isinstance(graph_name, ox.NamedNode | ox.DefaultGraph | str) else graph_name
    )
    return tuple(
        n if isinstance(n, ox.NamedNode | ox.DefaultGraph) else ox.NamedNode(str(n)) for n in names
    )


def _pyshacl(data: Graph, shapes: Graph, ontology: Graph | None) -> tuple[bool, Graph]:
    try:
        conforms, raw, _text = pyshacl.validate(
            data,
            shacl_graph=shapes,
            ont_graph=ontology,
            inference="none",
            advanced=False,
            abort_on_first=False,
            allow_infos=False,
            allow_warnings=False,
            meta_shacl=False,
        )
    except (ShapeLoadError, ConstraintLoadError) as exc:
        raise _shapes_error(exc) from exc
    assert isinstance(raw, Graph)
    return bool(conforms), raw


def _run(
    data: Graph,
    shapes: Graph,
    ontology: Graph | None,
    split: tuple[Graph, tuple[SparqlConstraint, ...]] | None,
    *,
    queries: bool = False,
) -> ValidationResult:
    """pySHACL on ``shapes`` (on its Core part when ``split``), then the SPARQL constraints,
    then (``queries``) the ``queries/data-*-violation.rq`` checks."""
    core, constraints = split if split is not None else (shapes, ())
    conforms, raw = _pyshacl(data, core, ontology)
    graphs = (data,) if ontology is None else (data, ontology)
    store = load_store(*graphs) if constraints or queries else None
    if constraints:
        found = run_constraints(constraints, store)
        add_sparql_results(raw, found)
        conforms = conforms and not found
    if queries:
        conforms = add_query_results(raw, run_violation_queries(store)) and conforms
    return build_result(raw, conforms, shapes, data)


def _run_compiled(
    data: CoreData,
    shapes: Graph,
    compiled: CoreShapes,
    constraints: tuple[SparqlConstraint, ...],
    rules: OxigraphData,
    graph: Graph | None,
    queries: Callable[[Mapper], list[tuple[QueryCheck, Node, Node | None]]] | None = None,
    threads: int | None = None,
) -> ValidationResult:
    """SHACL Core compiled (pySHACL for the shapes left to it), then the SPARQL constraints,
    then the ``queries/data-*-violation.rq`` checks: ``queries(mapper)`` runs them (over the
    data and the ontology) and gives their rows.

    Over ``threads`` threads, the SPARQL constraints and the Core queries share the
    threads, the constraints (each a whole-data query, the longest) handed over first. The
    checks come before both, alone, as over a writable store they add the ontology to it
    for their time: the first of them (the undeclared terms, a scan of every quad) keeps
    one thread busy while the others are done, and the build's export of ``graph.ttl``,
    started with the validation, takes the core left idle rather than slow the queries
    that keep both busy. The results keep their order.
    """
    with query_pool(threads) as (mapper, _pool):
        rows = queries(mapper) if queries is not None else None
        rules_results = start_constraints(constraints, rules, mapper=mapper)
        outcome = run_core(compiled, data, mapper=mapper)
        found_rules = rules_results()
    raw = Graph()
    report = BNode()
    raw.add((report, RDF.type, SH.ValidationReport))
    add_core_results(raw, report, outcome.results, compiled.graph, data)
    conforms = not outcome.results
    if outcome.fallback:
        exported = graph if graph is not None else store_graph(data)
        subset = _only_shapes(compiled, outcome.fallback)
        fell_back, found = _pyshacl(exported, subset, data.ontology)
        merge_reports(raw, report, found)
        conforms = conforms and fell_back
    if found_rules:
        add_sparql_results(raw, found_rules)
        conforms = False
    if rows is not None:
        conforms = add_query_results(raw, rows) and conforms
    raw.set((report, SH.conforms, Literal(conforms)))
    return build_result(raw, conforms, shapes, graph if graph is not None else StoreReader(data))


def _only_shapes(compiled: CoreShapes, keep: Iterable[Node]) -> Graph:
    """The Core shapes graph with the targets of the other top-level shapes taken out."""
    keep = set(keep)
    subset = Graph()
    for prefix, namespace in compiled.graph.namespaces():  # pySHACL's messages use them
        subset.bind(prefix, namespace, override=True, replace=True)
    subset += compiled.graph
    class_types = {RDFS.Class, *compiled.graph.subjects(RDFS.subClassOf, RDFS.Class)}
    for shape in compiled.top:
        if shape.node in keep:
            continue
        for target in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
            subset.remove((shape.node, target, None))
        for kind in class_types:
            subset.remove((shape.node, RDF.type, kind))
    return subset
