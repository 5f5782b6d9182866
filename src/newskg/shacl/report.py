"""The validation report: the result object, the report graph, the text summary.

Both engines of :mod:`newskg.shacl` end here. pySHACL's report graph, with
the compiled engine's results (:func:`add_core_results`) and the SPARQL
constraints' (:func:`add_sparql_results`) written into it as pySHACL
writes its own, becomes a :class:`ValidationResult` (:func:`build_result`):
the report copied as a tree whose blank nodes are labelled by their content
(the same report always gives the same bytes), one :class:`Violation` per
result with a label and a quote for a reader. :func:`summarize` writes the
text report, :func:`write_report` the Turtle file.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pyshacl.rdfutil import clone_blank_node
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, SKOS
from rdflib.term import Node

from newskg.config import DEFAULT_BASE_IRI
from newskg.namespaces import NKG, SHAPES
from newskg.rdf.export import bind_prefixes, serialize_turtle, write_atomic
from newskg.shacl.core import CoreData, CoreResult
from newskg.shacl.sparql import SparqlResult

__all__ = [
    "StoreReader",
    "ValidationResult",
    "Violation",
    "add_core_results",
    "add_sparql_results",
    "build_result",
    "merge_reports",
    "summarize",
    "write_report",
]

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


def add_core_results(
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


def merge_reports(raw: Graph, report: Node, other: Graph) -> None:
    """Move the results of pySHACL's report ``other`` under ``report``."""
    theirs = other.value(predicate=RDF.type, object=SH.ValidationReport)
    for s, p, o in other:
        if s == theirs:
            if p == SH.result:
                raw.add((report, SH.result, o))
            continue
        raw.add((s, p, o))


class StoreReader:
    """The few reads :func:`_describe` makes of a graph, over a store's data."""

    def __init__(self, data: CoreData) -> None:
        self._triples: Callable[..., Iterator[tuple[Node, Node, Node]]] = data.triples

    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]:
        return (o for _, _, o in self._triples(subject, predicate, None))

    def subjects(self, predicate: Node, obj: Node) -> Iterator[Node]:
        return (s for s, _, _ in self._triples(None, predicate, obj))

    def value(self, subject: Node, predicate: Node) -> Node | None:
        return next(self.objects(subject, predicate), None)


def build_result(
    raw: Graph, conforms: bool, shapes: Graph, data: Graph | StoreReader
) -> ValidationResult:
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


def add_sparql_results(raw: Graph, found: tuple[SparqlResult, ...]) -> None:
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


def _describe(data: Graph | StoreReader, node: Node | None) -> tuple[str | None, str | None]:
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


def _first_quote(data: Graph | StoreReader, claim: Node) -> Node | None:
    """The claim's quote (the first in text order if it has several)."""
    return min(data.objects(claim, NKG.quote), key=lambda q: (str(q), q.n3()), default=None)


def _label(data: Graph | StoreReader, node: Node) -> str | None:
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
