"""SHACL validation: a graph and the shapes in, a :class:`ValidationResult` out.

:func:`validate` checks instance data against the data shapes
(``shapes/data.ttl``, SHACL Core, and ``shapes/rules.ttl``, SHACL-SPARQL);
:func:`lint_ontology` checks ``ontology/newskg.ttl`` against
``shapes/ontology.ttl``. Both return the same frozen result; the caller
decides what a violation means (the CLI maps it to exit code 4). The shapes
and the ontology are read on first use and cached.

With the bundled data shapes, the ``queries/data-*-violation.rq`` checks
run too (:func:`violation_queries`), over the data merged with the
ontology: each row they return is a violation of the shape named after the
query (``nkg-shapes:data-undeclared-term-violation``). The build and
``newskg validate`` run the same checks.

Two engines run SHACL Core, without inference:

- ``"compiled"`` (the default): :mod:`newskg.shacl_core` compiles each
  constraint into one SPARQL query over the whole graph in an Oxigraph
  store: 5 to 7 times faster than pySHACL on 100k to 1M triples, 9 to 20
  times over the build's own store (``bench/README.md``). A shape it cannot
  compile is left to pySHACL, whose results join the others.
- ``"pyshacl"``: pySHACL for all of SHACL Core, the reference engine.

Both write the same report. The SPARQL-based constraints run in
:mod:`newskg.shacl_sparql`: each query once over the whole graph, instead of
once per focus node as pySHACL would (minutes instead of a second on 100k
triples); ``fast_sparql=False`` leaves them to pySHACL, to cross-check.

The ontology gives the class hierarchy: targets and ``sh:class`` follow
``rdfs:subClassOf`` (a ``nkg:ArmedForce`` is a ``nkg:Actor``) without running
a reasoner. pySHACL gets it as its ``ont_graph``, mixed into a copy of the
data graph; the compiled engine copies it into the store with the data, or,
over the build's own store (:func:`validate_store`), writes each class's
subclasses into the queries.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from pyshacl.errors import ConstraintLoadError, ShapeLoadError
from pyshacl.rdfutil import clone_blank_node
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, SKOS
from rdflib.term import Node

from newskg.config import DEFAULT_BASE_IRI
from newskg.errors import InputError
from newskg.namespaces import NKG, SHAPES
from newskg.rdf.export import bind_prefixes, serialize_turtle, write_atomic
from newskg.rdf.load import load_graph
from newskg.resources import ontology_path, queries_dir, shapes_dir
from newskg.shacl_core import (
    CoreData,
    CoreResult,
    CoreShapes,
    class_closure,
    load_data,
    run_core,
    store_data,
    store_graph,
)
from newskg.shacl_sparql import (
    OxigraphData,
    SparqlConstraint,
    SparqlResult,
    load_store,
    run_constraints,
    split_shapes,
)

__all__ = [
    "Engine",
    "QueryCheck",
    "ValidationResult",
    "Violation",
    "lint_ontology",
    "load_graph",
    "prepare",
    "run_violation_queries",
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

_EXAMPLES_PER_SHAPE = 5
_LABEL_LANGUAGES = ("fr", "en", None)


@dataclass(frozen=True, slots=True)
class Violation:
    """One result of a validation report.

    ``shape`` is the named shape the result belongs to (for a result of an
    anonymous property shape, the named node shape that holds it);
    ``path`` is the property (a blank node of ``report_graph`` for a
    complex path such as ``^nkg:asserts``); ``value`` the offending value,
    when there is one. ``label`` names the focus node for a reader (its
    ``rdfs:label`` or title, else that of its event, for a quantity or a
    claim); ``quote`` is a claim's own quote, or for an event (or a
    quantity) the quote of the first claim asserting it.
    """

    focus: Node
    shape: Node
    severity: URIRef
    message: str
    path: Node | None = None
    value: Node | None = None
    component: URIRef | None = None
    label: str | None = None
    quote: str | None = None


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """The outcome of a validation: ``conforms``, the violations and pySHACL's report.

    ``report_graph`` is pySHACL's results graph, copied as a tree with blank
    node labels drawn from their content, so that it serialises the same way
    on every run. ``counts_by_shape`` and ``counts_by_severity`` count the
    violations.
    """

    conforms: bool
    violations: tuple[Violation, ...] = ()
    report_graph: Graph = field(default_factory=Graph, compare=False, repr=False)

    @property
    def counts_by_shape(self) -> dict[Node, int]:
        """How many results each shape has, sorted by shape IRI."""
        counts = Counter(v.shape for v in self.violations)
        return dict(sorted(counts.items(), key=lambda item: str(item[0])))

    @property
    def counts_by_severity(self) -> dict[URIRef, int]:
        """How many results of each severity (``sh:Violation``, ``sh:Warning``, ``sh:Info``)."""
        counts = Counter(v.severity for v in self.violations)
        return dict(sorted(counts.items(), key=lambda item: str(item[0])))


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
        the shapes (:mod:`newskg.shacl_core`), leaving to pySHACL only the
        shapes it cannot compile; ``"pyshacl"`` runs it all in pySHACL, the
        reference. Both give the same results and report.

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
    queries = rules if bundled else None
    return _run_compiled(data, shapes, compiled, constraints, rules, graph, queries)


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
    none); a shape left to pySHACL has the store exported for it.

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
    data = store_data(store, ontology=onto, graph_name=_graph_names(graph_name))
    frame = data.oxigraph
    rules = OxigraphData(
        frame.store,
        frame.terms,
        frame.default_graph,
        frame.union,
        subclasses=class_closure(data),
    )
    queries = _with_ontology(rules, onto) if bundled else None
    return _run_compiled(data, shapes, compiled, constraints, rules, None, queries)


def lint_ontology(ontology: Graph | None = None) -> ValidationResult:
    """Check the ontology (by default ``ontology/newskg.ttl``) against ``shapes/ontology.ttl``.

    >>> lint_ontology().conforms
    True
    """
    onto = ontology if ontology is not None else _ontology()
    return _run(onto, _ontology_shapes(), None, _split_ontology_shapes())


def summarize(result: ValidationResult) -> str:
    """A short text report: the count of results, then each shape's message and examples.

    Violations are grouped by shape; each example names the offending node,
    the property and value at fault, the node's label and, for a claim or an
    event, the quote it was read from.
    """
    if not result.violations:
        return "conforms: no violation"
    nm = result.report_graph.namespace_manager
    by_shape: dict[Node, list[Violation]] = {}
    for v in result.violations:
        by_shape.setdefault(v.shape, []).append(v)
    n, k = len(result.violations), len(by_shape)
    lines = [f"{n} violation{'s' * (n != 1)} of {k} shape{'s' * (k != 1)}:"]
    for shape, items in by_shape.items():
        lines.append(f"  {shape.n3(nm)} ({len(items)}): {items[0].message}")
        for v in items[:_EXAMPLES_PER_SHAPE]:
            where = [v.focus.n3(nm)]
            if v.path is not None:
                where.append(_path_text(result.report_graph, v.path))
            if v.value is not None and v.value != v.focus:
                where.append(f"value {_short(v.value.n3(nm))}")
            lines.append("    " + " ".join(where))
            if v.label is not None:
                lines.append(f"      label: {_short(v.label, 100)}")
            if v.quote is not None:
                lines.append(f"      quote: « {_short(v.quote, 100)} »")
        if len(items) > _EXAMPLES_PER_SHAPE:
            lines.append(f"    ... and {len(items) - _EXAMPLES_PER_SHAPE} more")
    return "\n".join(lines)


def write_report(result: ValidationResult, path: Path) -> None:
    """Write the SHACL report graph to ``path`` as sorted Turtle, atomically.

    A file that already holds the same bytes is left as it is (a build of
    unchanged input touches none of its outputs).
    """
    path = Path(path)
    data = serialize_turtle(result.report_graph)
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass
    write_atomic(path, data)


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
        _add_results(raw, found)
        conforms = conforms and not found
    if queries:
        conforms = _add_query_results(raw, run_violation_queries(store)) and conforms
    return _result(raw, conforms, shapes, data)


def _run_compiled(
    data: CoreData,
    shapes: Graph,
    compiled: CoreShapes,
    constraints: tuple[SparqlConstraint, ...],
    rules: OxigraphData,
    graph: Graph | None,
    queries: OxigraphData | None = None,
) -> ValidationResult:
    """SHACL Core compiled (pySHACL for the shapes left to it), then the SPARQL constraints,
    then the ``queries/data-*-violation.rq`` checks over ``queries`` (data and ontology)."""
    outcome = run_core(compiled, data)
    raw = Graph()
    report = BNode()
    raw.add((report, RDF.type, SH.ValidationReport))
    _add_core_results(raw, report, outcome.results, compiled.graph, data)
    conforms = not outcome.results
    if outcome.fallback:
        exported = graph if graph is not None else store_graph(data)
        subset = _only_shapes(compiled, outcome.fallback)
        fell_back, found = _pyshacl(exported, subset, data.ontology)
        _merge_reports(raw, report, found)
        conforms = conforms and fell_back
    if constraints:
        found_rules = run_constraints(constraints, rules)
        _add_results(raw, found_rules)
        conforms = conforms and not found_rules
    if queries is not None:
        conforms = _add_query_results(raw, run_violation_queries(queries)) and conforms
    raw.set((report, SH.conforms, Literal(conforms)))
    return _result(raw, conforms, shapes, graph if graph is not None else _Reader(data))


@dataclass(frozen=True, slots=True)
class QueryCheck:
    """A ``queries/data-*-violation.rq`` check: each row it returns is a violation.

    ``shape`` names it in reports (``nkg-shapes:`` + the file's stem);
    ``message`` is the first sentence of its leading comment.
    """

    shape: URIRef
    message: str
    sparql: str


@cache
def violation_queries() -> tuple[QueryCheck, ...]:
    """The data checks of ``queries/``: ``data-*-violation.rq``, sorted by name.

    They run with the shapes, in the build and in ``newskg validate`` alike,
    on the data merged with the ontology (a check such as the undeclared
    ``nkg:`` terms needs its declarations). The ``ontology-*`` checks are the
    ontology's, run by its tests.
    """
    checks = []
    for path in sorted(queries_dir().glob("data-*-violation.rq")):
        text = path.read_text(encoding="utf-8")
        comment = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            comment.append(line.lstrip("#").strip())
        joined = " ".join(comment)
        end = joined.find(". ")
        message = joined[: end + 1] if end >= 0 else joined
        checks.append(QueryCheck(URIRef(f"{SHAPES}{path.stem}"), message or path.stem, text))
    return tuple(checks)


def run_violation_queries(data: OxigraphData) -> list[tuple[QueryCheck, Node, Node | None]]:
    """Each row of each :func:`violation_queries` check over ``data``: (check, focus, value).

    The focus is the row's first bound term, the value its second (``?term``;
    ``?event`` and ``?measure``).
    """
    found = []
    for check in violation_queries():
        for row in data.query(check.sparql):
            terms = [_from_ox(t) for t in row if t is not None]
            if terms:
                found.append((check, terms[0], terms[1] if len(terms) > 1 else None))
    return found


def _from_ox(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _add_query_results(raw: Graph, found: list[tuple[QueryCheck, Node, Node | None]]) -> bool:
    """Add the checks' rows to the report as SHACL results; whether there were none."""
    if not found:
        return True
    report = raw.value(predicate=RDF.type, object=SH.ValidationReport)
    if report is None:
        report = BNode()
        raw.add((report, RDF.type, SH.ValidationReport))
    raw.set((report, SH.conforms, Literal(False)))
    for check, focus, value in found:
        node = BNode()
        raw.add((report, SH.result, node))
        raw.add((node, RDF.type, SH.ValidationResult))
        raw.add((node, SH.focusNode, focus))
        raw.add((node, SH.resultSeverity, SH.Violation))
        raw.add((node, SH.sourceShape, check.shape))
        raw.add((node, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
        raw.add((node, SH.resultMessage, Literal(check.message)))
        if value is not None:
            raw.add((node, SH.value, value))
    return False


def _with_ontology(data: OxigraphData, ontology: Graph) -> OxigraphData:
    """An in-memory copy of ``data``'s triples with the ontology's, for the query checks.

    A store the build wrote holds no ontology, and is not to be changed.
    """
    copy = load_store(ontology)
    if data.union:
        quads = data.store.quads_for_pattern(None, None, None)
    else:
        graphs = data.default_graph or (ox.DefaultGraph(),)
        quads = (q for g in graphs for q in data.store.quads_for_pattern(None, None, None, g))
    copy.store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    return copy


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


def _add_core_results(
    raw: Graph, report: Node, results: Iterable[CoreResult], shapes: Graph, data: CoreData
) -> None:
    """Write the compiled engine's results into the report, as pySHACL writes its own.

    Blank nodes (a property shape, a path, a blank focus node) are copied with
    what they hold, keeping their labels, as pySHACL copies them.
    """
    copies: dict[tuple[str, Node], Node] = {}
    below: Graph | None = None

    def copy(node: Node, source: str) -> Node:
        nonlocal below
        if not isinstance(node, BNode):
            return node
        if (source, node) not in copies:
            if source == "shapes":
                graph = shapes
            elif data.source is not None:
                graph = data.source
            else:
                graph = below = _blank_subtrees(data, node, below)
            copies[(source, node)] = clone_blank_node(graph, node, raw, keepid=True)
        return copies[(source, node)]

    for r in results:
        node = BNode()
        raw.add((report, SH.result, node))
        raw.add((node, RDF.type, SH.ValidationResult))
        raw.add((node, SH.sourceConstraintComponent, r.component))
        raw.add((node, SH.sourceShape, copy(r.shape, "shapes")))
        raw.add((node, SH.resultSeverity, r.severity))
        raw.add((node, SH.focusNode, copy(r.focus, "data")))
        if r.value is not None:
            raw.add((node, SH.value, copy(r.value, "data")))
        if r.path is not None:
            raw.add((node, SH.resultPath, copy(r.path, "shapes")))
        for message in r.messages:
            raw.add((node, SH.resultMessage, message))


def _blank_subtrees(data: CoreData, node: BNode, graph: Graph | None) -> Graph:
    """``graph`` (or a new one) with the store's triples of ``node`` and the blank nodes below."""
    graph = graph if graph is not None else Graph()
    todo, seen = [(node, 0)], set()
    while todo:
        current, depth = todo.pop()
        if current in seen or depth > 10:  # pySHACL copies ten levels
            continue
        seen.add(current)
        for s, p, o in data.triples(current, None, None):
            graph.add((s, p, o))
            if isinstance(o, BNode):
                todo.append((o, depth + 1))
    return graph


def _merge_reports(raw: Graph, report: Node, other: Graph) -> None:
    """Move the results of pySHACL's report ``other`` under ``report``."""
    theirs = other.value(predicate=RDF.type, object=SH.ValidationReport)
    for s, p, o in other:
        if s == theirs:
            if p == SH.result:
                raw.add((report, SH.result, o))
            continue
        raw.add((s, p, o))


class _Reader:
    """The few reads :func:`_describe` makes of a graph, over a store's data."""

    def __init__(self, data: CoreData) -> None:
        self._triples: Callable[..., Iterator[tuple[Node, Node, Node]]] = data.triples

    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]:
        return (o for _, _, o in self._triples(subject, predicate, None))

    def subjects(self, predicate: Node, obj: Node) -> Iterator[Node]:
        return (s for s, _, _ in self._triples(None, predicate, obj))

    def value(self, subject: Node, predicate: Node) -> Node | None:
        return next(self.objects(subject, predicate), None)


def _result(raw: Graph, conforms: bool, shapes: Graph, data: Graph | _Reader) -> ValidationResult:
    """The result object: the report as a stable tree, one :class:`Violation` per result."""
    report, origin = _as_tree(raw)
    violations = []
    for res in report.subjects(RDF.type, SH.ValidationResult):
        source = report.value(res, SH.sourceShape)
        component = report.value(res, SH.sourceConstraintComponent)
        severity = report.value(res, SH.resultSeverity)
        message = report.value(res, SH.resultMessage)
        focus = report.value(res, SH.focusNode)
        label, quote = _describe(data, focus)
        violations.append(
            Violation(
                focus=focus,
                shape=_named_owner(shapes, origin.get(source, source)),
                severity=severity if isinstance(severity, URIRef) else SH.Violation,
                message=str(message) if message is not None else "",
                path=report.value(res, SH.resultPath),
                value=report.value(res, SH.value),
                component=component if isinstance(component, URIRef) else None,
                label=label,
                quote=quote,
            )
        )
    violations.sort(key=_sort_key)
    return ValidationResult(bool(conforms), tuple(violations), report)


def _add_results(raw: Graph, found: tuple[SparqlResult, ...]) -> None:
    """Add the SPARQL constraints' results to pySHACL's report, as pySHACL writes them."""
    if not found:
        return
    report = raw.value(predicate=RDF.type, object=SH.ValidationReport)
    if report is None:
        report = BNode()
        raw.add((report, RDF.type, SH.ValidationReport))
    raw.set((report, SH.conforms, Literal(False)))
    for r in found:
        node = BNode()
        raw.add((report, SH.result, node))
        raw.add((node, RDF.type, SH.ValidationResult))
        raw.add((node, SH.focusNode, r.focus))
        raw.add((node, SH.resultSeverity, r.constraint.severity))
        raw.add((node, SH.sourceShape, r.constraint.shape))
        raw.add((node, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
        raw.add((node, SH.sourceConstraint, r.constraint.node))
        raw += r.constraint.graph
        if r.value is not None:
            raw.add((node, SH.value, r.value))
        if r.path is not None:
            raw.add((node, SH.resultPath, r.path))
        for message in r.messages:
            raw.add((node, SH.resultMessage, message))


def _describe(data: Graph | _Reader, node: Node | None) -> tuple[str | None, str | None]:
    """A reader's handle on a focus node: its label and, for a claim or an event, a quote.

    A node without a label is named by its event: the event it is the
    nkg:quantity of, or that it nkg:asserts (a claim). A claim's quote is its
    own; an event's (or a quantity's) is that of the first of the claims
    asserting it (or its event) that has one.
    """
    if node is None:
        return None, None
    claimed = min(data.objects(node, NKG.asserts), key=str, default=None)
    event = min(data.subjects(NKG.quantity, node), key=str, default=claimed)
    label = _label(data, node)
    if label is None and event is not None:
        label = _label(data, event)
    if claimed is not None:  # a claim: its own quote, never another claim's
        quote = _first_quote(data, node)
    else:
        claims = sorted(data.subjects(NKG.asserts, event or node), key=str)
        quote = next((q for c in claims if (q := _first_quote(data, c)) is not None), None)
    return label, " ".join(str(quote).split()) if quote is not None else None


def _first_quote(data: Graph | _Reader, claim: Node) -> Node | None:
    """The claim's quote (the first in text order if it has several)."""
    return min(data.objects(claim, NKG.quote), key=lambda q: (str(q), q.n3()), default=None)


def _label(data: Graph | _Reader, node: Node) -> str | None:
    """The node's rdfs:label (French, else English, else any), else its title or skos:prefLabel."""
    for prop in (RDFS.label, DCTERMS.title, SKOS.prefLabel):
        labels = [o for o in data.objects(node, prop) if isinstance(o, Literal)]
        if labels:
            rank = {lang: i for i, lang in enumerate(_LABEL_LANGUAGES)}
            best = min(labels, key=lambda o: (rank.get(o.language, len(rank)), str(o)))
            return " ".join(str(best).split())
    return None


def _sort_key(v: Violation) -> tuple[str, ...]:
    return (
        str(v.shape),
        str(v.focus),
        str(v.path or ""),
        str(v.value or ""),
        str(v.component or ""),
        str(v.severity),
        v.message,
    )


def _named_owner(shapes: Graph, node: Node | None) -> Node:
    """The named shape holding ``node`` (a property shape, a member of an ``sh:or`` list...)."""
    seen: set[Node] = set()
    current = node
    while isinstance(current, BNode) and current not in seen:
        seen.add(current)
        parent = next(iter(sorted(shapes.subjects(None, current))), None)
        if parent is None:
            break
        current = parent
    return current if current is not None else SH.Shape


def _as_tree(graph: Graph) -> tuple[Graph, dict[Node, Node]]:
    """Copy pySHACL's report with every blank node copied under each of its parents.

    pySHACL shares blank nodes between results (a path, a copy of an anonymous
    shape). Copied apart, the report is a tree that Turtle writes inline, and
    each copy is labelled by the digest of where it is (its parent's label and
    the predicate) and what it holds, so the same report always gives the
    same graph and the same bytes. Identical results (pySHACL repeats one for
    each value a ``sh:lessThan`` compares with) are one node, counted once.
    Returns the copy and, for each new blank node, the blank node of
    ``graph`` it copies.
    """
    below: dict[BNode, str] = {}

    def content(node: BNode, trail: frozenset[BNode]) -> str:
        if node not in below:
            if node in trail:  # a cycle: never produced by pySHACL, but do not loop
                return "cycle"
            parts = sorted(  # a set: results repeated by an engine are one result
                {
                    f"{p.n3()} {content(o, trail | {node}) if isinstance(o, BNode) else o.n3()}"
                    for p, o in graph.predicate_objects(node)
                }
            )
            below[node] = _sha("\n".join(parts))
        return below[node]

    out = bind_prefixes(Graph(), DEFAULT_BASE_IRI)
    out.bind("sh", SH, override=True, replace=True)
    out.bind("nkg-shapes", SHAPES, override=True, replace=True)
    origin: dict[Node, Node] = {}

    def copy(node: Node, where: str, trail: frozenset[BNode]) -> Node:
        if not isinstance(node, BNode):
            return node
        new = BNode("b" + _sha(f"{where}\n{content(node, frozenset())}"))
        origin[new] = node
        if node not in trail:
            for p, o in graph.predicate_objects(node):
                out.add((new, p, copy(o, f"{new} {p.n3()}", trail | {node})))
        return new

    referenced = {o for o in graph.objects() if isinstance(o, BNode)}
    for s in set(graph.subjects()):
        if isinstance(s, BNode) and s in referenced:
            continue  # copied under its parents
        top = copy(s, "", frozenset()) if isinstance(s, BNode) else s
        if not isinstance(s, BNode):
            for p, o in graph.predicate_objects(s):
                out.add((top, p, copy(o, f"{s.n3()} {p.n3()}", frozenset())))
    return out, origin


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def _path_text(graph: Graph, path: Node) -> str:
    """A SPARQL-like rendering of a SHACL path (``nkg:date``, ``^nkg:asserts``, ``(a|b)``)."""
    nm = graph.namespace_manager
    if not isinstance(path, BNode):
        return path.n3(nm)
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path_text(graph, inverse)
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path_text(graph, p) for p in graph.items(alternatives)) + ")"
    for modifier, suffix in (
        (SH.zeroOrMorePath, "*"),
        (SH.oneOrMorePath, "+"),
        (SH.zeroOrOnePath, "?"),
    ):
        inner = graph.value(path, modifier)
        if inner is not None:
            return _path_text(graph, inner) + suffix
    return "/".join(_path_text(graph, p) for p in graph.items(path))


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
