"""Running the compiled shapes: each query over the data, its rows as pySHACL's results.

:func:`run_core` compiles each top-level shape for the data (its class
hierarchy, and over a store the ontology's own instances), runs its queries
and keeps the rows pySHACL's own tests confirm; it names the shapes left to
pySHACL, with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from pyshacl.shape import Shape
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from newskg.shacl.core.base import Query, Unsupported
from newskg.shacl.core.compiler import Compiler, Context
from newskg.shacl.core.data import CoreData, class_closure
from newskg.shacl.core.shapes import CoreShapes
from newskg.shacl.parallel import Mapper

__all__ = ["CoreOutcome", "CoreResult", "run_core"]


@dataclass(frozen=True, slots=True)
class CoreResult:
    """One validation result, as pySHACL would report it.

    ``shape`` is the shape that made it (``sh:sourceShape``: a property shape
    for its own constraints), ``path`` that shape's ``sh:path`` node in the
    shapes graph, ``value`` the value node (the focus node for a node shape's
    constraint; none for ``sh:minCount``, ``sh:maxCount``, ``sh:uniqueLang``).
    """

    shape: Node
    component: URIRef
    focus: Node
    severity: Node
    messages: tuple[Node, ...]
    path: Node | None = None
    value: Node | None = None


@dataclass(frozen=True, slots=True)
class CoreOutcome:
    """The compiled shapes' results, and the shapes (with their reasons) left to pySHACL."""

    results: tuple[CoreResult, ...]
    fallback: tuple[Node, ...] = ()
    reasons: Mapping[Node, str] = field(default_factory=dict)


def run_core(shapes: CoreShapes, data: CoreData, *, mapper: Mapper = map) -> CoreOutcome:
    """Run every compiled shape over ``data``; name the shapes left to pySHACL.

    Every shape is compiled first, then ``mapper`` runs the queries (a thread
    pool's ``map`` runs them side by side); the results come in the order of
    the shapes and their queries whichever way they ran.
    """
    context = _context(data)
    reasons = dict(shapes.reasons)
    queries: list[Query] = []
    for shape in shapes.top:
        if shape.node in reasons or shape.deactivated:
            continue
        try:
            if not data.literals.exact:
                _check_targets_miss_the_ontology(shape, data.ontology, context)
            queries.extend(Compiler(shapes, context).top(shape))
        except Unsupported as exc:
            reasons[shape.node] = str(exc)
            continue
    results = [
        result
        for found in mapper(lambda query: list(_run(query, data)), queries)
        for result in found
    ]
    fallback = tuple(s.node for s in shapes.top if s.node in reasons and not s.deactivated)
    return CoreOutcome(tuple(dict.fromkeys(results)), fallback, reasons)


def _run(query: Query, data: CoreData) -> Iterator[CoreResult]:
    terms, literals = data.oxigraph.terms, data.literals
    shape = query.shape
    path = shape.path() if shape.is_property_shape else None
    messages = tuple(sorted(shape.message, key=lambda m: (str(m), m.n3())))
    for row in data.oxigraph.query(query.text):
        focus = terms.back(row["this"])
        value: Node | None = None
        if query.value == "focus":
            value = focus
        elif query.value == "value":
            value = literals.back(terms, row["value"], query.origin)
        if query.keep is not None:
            other = row["other"] if query.other is not None else None
            if other is not None:
                other = literals.back(terms, other, query.other)
            if not query.keep(value, other):
                continue
        yield CoreResult(shape.node, query.component, focus, shape.severity, messages, path, value)


def _context(data: CoreData) -> Context:
    """The class hierarchy (ontology and data) and, over a store, the ontology's instances."""
    subclasses = class_closure(data)
    members: dict[Node, tuple[Node, ...]] = {}
    if not data.literals.exact and data.ontology is not None:  # the ontology is not in the store
        typed: dict[Node, set[Node]] = {}
        for s, t in data.ontology.subject_objects(RDF.type):
            typed.setdefault(t, set()).add(s)
        for cls in set(typed) | set(subclasses):
            found = {s for sub in subclasses.get(cls, (cls,)) for s in typed.get(sub, ())}
            if found:
                members[cls] = tuple(sorted(found, key=str))
    return Context(data.literals, subclasses, members, scan_first=data.on_disk)


def _check_targets_miss_the_ontology(
    shape: Shape, ontology: Graph | None, context: Context
) -> None:
    """Over a store, a shape whose targets reach the ontology's own nodes is pySHACL's."""
    if ontology is None:
        return
    nodes, classes, implicit, objects_of, subjects_of = (list(t) for t in shape.target())
    if any(context.members.get(c) for c in [*classes, *implicit]):
        raise Unsupported("its class targets have instances in the ontology")
    if any((None, p, None) in ontology for p in [*objects_of, *subjects_of]):
        raise Unsupported("its targets are properties the ontology uses")
    if any((n, None, None) in ontology for n in nodes):
        raise Unsupported("its target nodes are described in the ontology")
