"""SHACL Core compiled to SPARQL: one query per constraint, over an Oxigraph store.

pySHACL checks SHACL Core node by node, in Python: about 5,000 triples a
second, most of a build's validation time on large graphs. This module
compiles each constraint of a shape (its ``sh:minCount``, ``sh:class``,
``sh:or``...) into one SPARQL ``SELECT`` over the whole data that returns the
focus nodes (and values) violating it, runs it on pyoxigraph, and gives the
results pySHACL would give: the same focus nodes, result paths, values,
source shapes, constraint components, severities and messages.

Shapes
------
:class:`CoreShapes` reads a shapes graph with pySHACL's own parser, so the
shapes, their targets, messages, severities and ``sh:deactivated`` are
pySHACL's. Each shape with targets is compiled whole, with its property
shapes, or not at all: a shape using anything the compiler does not handle
is **left to pySHACL** (:attr:`CoreOutcome.fallback`, with the reason), never
skipped. The compiler handles the targets ``sh:targetClass`` (and implicit
class targets), ``sh:targetNode``, ``sh:targetSubjectsOf`` and
``sh:targetObjectsOf``; paths made of IRIs, ``sh:inversePath``,
``sh:alternativePath``, sequences and ``sh:zeroOrMorePath`` /
``sh:oneOrMorePath`` / ``sh:zeroOrOnePath`` of an IRI; and the components
listed in :data:`SUPPORTED`. ``sh:node`` is compiled inside ``sh:or``,
``sh:xone``, ``sh:and`` and ``sh:not`` only (pySHACL nests the results of a
failed ``sh:node`` under ``sh:detail``). A shape whose results would carry
pySHACL's generated messages (it has no ``sh:message``) is left to pySHACL
too, as are recursive shapes, custom constraint components, ``sh:sparql``
left in the Core shapes and ``sh:target``.

Data
----
:func:`load_data` copies rdflib graphs (the data and the ontology, as
pySHACL mixes them) into an in-memory store; :func:`store_data` reads a store
as it is, the union of its graphs (the build's store: one named graph per
article) or some of them, with the ontology outside it.

Oxigraph stores literals by value: ``"58"^^xsd:nonNegativeInteger`` becomes
``"58"^^xsd:integer``, ``"+00:00"`` becomes ``"Z"``, language tags are
lower-cased. pySHACL sees rdflib's literals. So :func:`load_data` stores
each literal that Oxigraph would change, and each literal that is ill-typed
for rdflib (and pySHACL), under a stand-in datatype
(``urn:newskg:literal:exact:`` or ``urn:newskg:literal:ill-typed:`` then the
datatype IRI) that keeps its lexical form; the queries read the datatype and
the value through it, and the results give back the rdflib literal. The
SHACL-SPARQL constraints, written for ordinary literals, read the same
triples with Oxigraph's literals from another graph of the same store.
:func:`store_data` reads a store's literals as :mod:`newskg.store` exports
them: a literal whose datatype Oxigraph folded gets back the range the
ontology declares for its property.

Class hierarchy
---------------
``sh:class`` and class targets follow ``rdfs:subClassOf``: the subclasses of
each class, from the ontology and from the data, are written into the
queries (``VALUES`` lists), so the store needs no ontology. Over a store
(:func:`store_data`) the ontology's own triples are not data: the instances
it declares (``nkg:Killed a nkg:Measure``) count for ``sh:class``, and a shape
whose targets would reach the ontology's own nodes is left to pySHACL.

Known differences with pySHACL
------------------------------
Both give the same results on newskg's shapes, their examples and the sample
graph (the tests check it). Elsewhere: SPARQL comparison (``sh:lessThan``,
``sh:minInclusive``) is an error, hence a violation, between values of
incomparable types that rdflib orders anyway; a value of ``sh:lessThan``
that is a blank node is a violation (pySHACL stops with an error); over a
store, a literal that Oxigraph and rdflib parse differently can be judged
differently inside ``sh:or`` and the like (at the top level, rdflib has the
last word on ``sh:datatype``, Python's ``re`` on ``sh:pattern``).

Examples
--------
>>> from rdflib import Graph
>>> shapes = CoreShapes(Graph().parse(format="turtle", data='''
...     @prefix sh: <http://www.w3.org/ns/shacl#> .
...     <urn:ex:S> a sh:NodeShape ; sh:targetSubjectsOf <urn:ex:p> ;
...         sh:property [ sh:path <urn:ex:p> ; sh:maxCount 1 ; sh:message "one p" ] .'''))
>>> data = Graph().parse(format="turtle", data="<urn:ex:a> <urn:ex:p> 1, 2 .")
>>> core, _ = load_data(data)
>>> outcome = run_core(shapes, core)
>>> [(str(r.focus), r.component.split("#")[1]) for r in outcome.results], outcome.fallback
([('urn:ex:a', 'MaxCountConstraintComponent')], ())
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from functools import cached_property
from itertools import count

import pyoxigraph as ox
from pyshacl.constraints import CONSTRAINT_PARAMETERS_MAP
from pyshacl.errors import ConstraintLoadError, ReportableRuntimeError, ShapeLoadError
from pyshacl.rdfutil.compare import compare_literal
from pyshacl.shape import Shape
from pyshacl.shapes_graph import ShapesGraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

from newskg.shacl_sparql import OxigraphData, _ToOxigraph

__all__ = [
    "SUPPORTED",
    "CoreData",
    "CoreOutcome",
    "CoreResult",
    "CoreShapes",
    "class_closure",
    "load_data",
    "run_core",
    "store_data",
    "store_graph",
]

#: The constraint parameters the compiler handles (any other one makes the shape pySHACL's).
SUPPORTED: frozenset[URIRef] = frozenset(
    {
        SH["class"],
        SH.datatype,
        SH.nodeKind,
        SH.minCount,
        SH.maxCount,
        SH.minInclusive,
        SH.maxInclusive,
        SH.minExclusive,
        SH.maxExclusive,
        SH.minLength,
        SH.maxLength,
        SH.pattern,
        SH["in"],
        SH.uniqueLang,
        SH.lessThan,
        SH.lessThanOrEquals,
        SH["or"],
        SH.xone,
        SH["and"],
        SH["not"],
        SH.node,
        SH.property,
    }
)

_LITERAL_NS = "urn:newskg:literal:"
_EXACT = _LITERAL_NS + "exact:"
_ILL_TYPED = _LITERAL_NS + "ill-typed:"
_EXACT_GRAPH = ox.NamedNode("urn:newskg:graph:rdflib-literals")
_OXIGRAPH_GRAPH = ox.NamedNode("urn:newskg:graph:oxigraph-literals")
_PROBE = ox.NamedNode("urn:newskg:probe")

_STRINGS = (XSD.string, RDF.langString, XSD.normalizedString, XSD.token, XSD.language, XSD.anyURI)
# rdflib's check of a literal's value, as pySHACL's sh:datatype applies it
_VALUE_TYPES: dict[URIRef, type | tuple[type, ...]] = {
    XSD.string: (str, bytes),
    RDF.langString: (str, bytes),
    XSD.integer: int,
    XSD.float: float,
    XSD.decimal: Decimal,
    XSD.boolean: bool,
    XSD.date: date,
    XSD.time: time,
    XSD.dateTime: datetime,
}
# what rdflib checks of a literal's lexical form, spelt as SPARQL casts (over a store)
_CASTS = (
    XSD.integer,
    XSD.decimal,
    XSD.float,
    XSD.double,
    XSD.date,
    XSD.time,
    XSD.dateTime,
    XSD.duration,
    XSD.dayTimeDuration,
    XSD.yearMonthDuration,
)
_INTEGER_RANGES: dict[URIRef, tuple[int | None, int | None]] = {
    XSD.nonNegativeInteger: (0, None),
    XSD.positiveInteger: (1, None),
    XSD.nonPositiveInteger: (None, 0),
    XSD.negativeInteger: (None, -1),
    XSD.long: (None, None),
    XSD.int: (-(2**31), 2**31 - 1),
    XSD.short: (-(2**15), 2**15 - 1),
    XSD.byte: (-128, 127),
    XSD.unsignedLong: (0, None),
    XSD.unsignedInt: (0, 2**32 - 1),
    XSD.unsignedShort: (0, 2**16 - 1),
    XSD.unsignedByte: (0, 255),
}
_PATH_KINDS = {
    SH.inversePath: "^{}",
    SH.alternativePath: "",
    SH.zeroOrMorePath: "{}*",
    SH.oneOrMorePath: "{}+",
    SH.zeroOrOnePath: "{}?",
}
_UNCHECKED_OVER_A_STORE = (XSD.hexBinary, XSD.base64Binary, RDF.XMLLiteral, RDF.HTML)

_NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "!isLiteral({v})",
    SH.BlankNodeOrLiteral: "!isIRI({v})",
    SH.IRIOrLiteral: "!isBlank({v})",
}
_RANGES = {
    SH.minInclusive: (">=", SH.MinInclusiveConstraintComponent),
    SH.maxInclusive: ("<=", SH.MaxInclusiveConstraintComponent),
    SH.minExclusive: (">", SH.MinExclusiveConstraintComponent),
    SH.maxExclusive: ("<", SH.MaxExclusiveConstraintComponent),
}
_PAIRS = {
    SH.lessThan: ("<", SH.LessThanConstraintComponent),
    SH.lessThanOrEquals: ("<=", SH.LessThanOrEqualsConstraintComponent),
}
_LOGIC = {
    SH["or"]: SH.OrConstraintComponent,
    SH.xone: SH.XoneConstraintComponent,
    SH["and"]: SH.AndConstraintComponent,
    SH["not"]: SH.NotConstraintComponent,
}
_VALUE_CHECKS = {
    SH["class"]: SH.ClassConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent,
    SH.maxLength: SH.MaxLengthConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    **{p: c for p, (_, c) in _RANGES.items()},
    **_LOGIC,
}
_ONE_VALUE = (
    SH.datatype,
    SH.nodeKind,
    SH.minCount,
    SH.maxCount,
    SH.minLength,
    SH.maxLength,
    SH["in"],
    SH.uniqueLang,
    SH.flags,
)
_PROPERTY_ONLY = (SH.minCount, SH.maxCount, SH.uniqueLang, SH.lessThan, SH.lessThanOrEquals)
# counting distinct values inside a nested shape is spelt pairwise: keep it short
_MAX_NESTED_COUNT = 4
# escapes that Python's re and Oxigraph's regex (Rust) read alike
_PORTABLE_ESCAPES = frozenset(".-\\/dDtnr^$*+?()[]{}|")


class _Unsupported(Exception):
    """A shape the compiler leaves to pySHACL; the message says why."""


# ---------------------------------------------------------------- results
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


# ---------------------------------------------------------------- shapes
class CoreShapes:
    """A SHACL Core shapes graph, parsed by pySHACL, with what the compiler leaves to it.

    Raises pySHACL's ``ShapeLoadError`` for a shapes graph it rejects.
    """

    def __init__(self, shapes: Graph) -> None:
        self.graph = Graph()
        for prefix, namespace in shapes.namespaces():
            self.graph.bind(prefix, namespace, override=True, replace=True)
        self.graph += shapes
        self._parsed = ShapesGraph(self.graph)  # adds pySHACL's two system triples
        found = [s for s in self._parsed.shapes if _has_targets(s)]
        #: the shapes pySHACL validates on their own (those with targets), sorted
        self.top: tuple[Shape, ...] = tuple(
            sorted(found, key=lambda s: (str(s.node), s.is_property_shape))
        )
        #: shapes that cannot be compiled whatever the data, with the reason
        self.reasons: dict[Node, str] = {}
        dry = _Context(_Exact(), {}, {})
        for shape in self.top:
            try:
                _Compiler(self, dry).top(shape)
            except _Unsupported as exc:
                self.reasons[shape.node] = str(exc)

    def shape(self, node: Node) -> Shape:
        try:
            return self._parsed.lookup_shape_from_node(node)
        except KeyError:
            raise _Unsupported(f"{node} is not a shape") from None

    @cached_property
    def custom_parameters(self) -> frozenset[Node]:
        """The parameters of the constraint components the shapes graph declares."""
        try:
            components = self._parsed.custom_constraints
        except (ConstraintLoadError, ReportableRuntimeError, ShapeLoadError):
            return frozenset({SH.parameter})  # malformed: let pySHACL say so
        return frozenset(p.path() for c in components for p in c.parameters)


def _has_targets(shape: Shape) -> bool:
    return any(any(True for _ in t) for t in shape.target())


# ---------------------------------------------------------------- literals
class _Literals:
    """How the queries read literals: as Oxigraph stores them (the base case)."""

    exact = False

    def origin(self, path: Node | None, shapes: Graph) -> URIRef | None:
        """The predicate a path's values come by, when the datatype depends on it."""
        return None

    def datatype(self, var: str, origin: URIRef | None) -> str:
        return f"DATATYPE({var})"

    def value(self, var: str) -> str:
        return var

    def well_formed(self, var: str, datatype: URIRef) -> str:
        """Whether the literal in ``var`` (of ``datatype``) is well-typed, as rdflib judges it."""
        if datatype in _STRINGS or datatype not in _KNOWN_TO_RDFLIB:
            return "true"
        if datatype in _UNCHECKED_OVER_A_STORE:
            raise _Unsupported(f"sh:datatype {datatype} over a store")
        if datatype == XSD.boolean:
            return f'(STR({var}) IN ("true", "false", "1", "0"))'
        if datatype in _CASTS:
            return f"COALESCE(isLiteral({_iri(datatype)}(STR({var}))), false)"
        low, high = _INTEGER_RANGES[datatype]
        number = f"{_iri(XSD.integer)}(STR({var}))"
        tests = [f"isLiteral({number})"]
        tests += [f"{number} >= {low}"] if low is not None else []
        tests += [f"{number} <= {high}"] if high is not None else []
        return f"COALESCE({' && '.join(tests)}, false)"

    def back(self, terms: _ToOxigraph, term, origin: URIRef | None) -> Node:
        return terms.back(term)


class _Exact(_Literals):
    """Literals loaded by :func:`load_data`: stand-ins keep rdflib's datatype and lexical form."""

    exact = True

    def datatype(self, var: str, origin: URIRef | None) -> str:
        dt = f"STR(DATATYPE({var}))"
        return (
            f'IF(STRSTARTS({dt}, "{_LITERAL_NS}"), '
            f'IRI(REPLACE({dt}, "^{_LITERAL_NS}[a-z-]+:", "")), DATATYPE({var}))'
        )

    def value(self, var: str) -> str:
        dt = f"STR(DATATYPE({var}))"
        return (
            f'IF(isLiteral({var}) && STRSTARTS({dt}, "{_EXACT}"), '
            f'STRDT(STR({var}), IRI(STRAFTER({dt}, "{_EXACT}"))), {var})'
        )

    def well_formed(self, var: str, datatype: URIRef) -> str:
        return f'!STRSTARTS(STR(DATATYPE({var})), "{_ILL_TYPED}")'


class _Restored(_Literals):
    """A store's literals, with the datatypes it folded restored from the ontology's ranges."""

    def __init__(self, restores: Mapping[URIRef, tuple[URIRef, URIRef]]) -> None:
        self.restores = restores  # property -> (datatype as stored, declared range)

    def origin(self, path: Node | None, shapes: Graph) -> URIRef | None:
        if isinstance(path, URIRef):
            return path if path in self.restores else None
        if path is not None and set(_path_iris(shapes, path)) & set(self.restores):
            raise _Unsupported("a complex path through a property whose datatype the store folds")
        return None

    def datatype(self, var: str, origin: URIRef | None) -> str:
        if origin is None:
            return f"DATATYPE({var})"
        stored, declared = self.restores[origin]
        return f"IF(DATATYPE({var}) = {_iri(stored)}, {_iri(declared)}, DATATYPE({var}))"

    def back(self, terms: _ToOxigraph, term, origin: URIRef | None) -> Node:
        found = terms.back(term)
        if origin in self.restores and isinstance(found, Literal):
            stored, declared = self.restores[origin]
            if found.datatype == stored:
                return Literal(str(found), datatype=declared)
        return found


_KNOWN_TO_RDFLIB = frozenset(
    {*_CASTS, *_INTEGER_RANGES, *_UNCHECKED_OVER_A_STORE, XSD.boolean, *_STRINGS}
)


# ---------------------------------------------------------------- data
@dataclass(frozen=True, slots=True)
class CoreData:
    """The data the compiled queries run on.

    ``oxigraph`` is the store and the graphs that hold the data; ``source``
    the rdflib graph it was copied from, if any (blank nodes of the report
    are copied from it); ``ontology`` gives the class hierarchy (and, over a
    store, the instances it declares).
    """

    oxigraph: OxigraphData
    literals: _Literals
    ontology: Graph | None = None
    source: Graph | None = None

    def triples(
        self, s: Node | None, p: Node | None, o: Node | None
    ) -> Iterator[tuple[Node, Node, Node]]:
        """The data's triples matching a pattern, as rdflib terms (``None`` matches anything)."""
        if self.source is not None:
            yield from self.source.triples((s, p, o))
            return
        if isinstance(s, Literal) or isinstance(p, Literal | BNode):
            return  # no such triple (rdflib answers the same)
        frame, literals = self.oxigraph, self.literals
        terms = frame.terms
        pattern = [None if t is None else terms(t) for t in (s, p, o)]
        names = [None] if frame.union else (frame.default_graph or [ox.DefaultGraph()])
        restores = getattr(literals, "restores", {})
        for name in names:
            for q in frame.store.quads_for_pattern(*pattern, name):
                predicate = terms.back(q.predicate)
                origin = predicate if predicate in restores else None
                yield terms.back(q.subject), predicate, literals.back(terms, q.object, origin)


def load_data(graph: Graph, ontology: Graph | None = None) -> tuple[CoreData, OxigraphData]:
    """``graph`` and ``ontology`` in one in-memory store: the Core queries' view and the rules'.

    Returns the data for :func:`run_core`, whose literals read as rdflib's
    (see the module docstring), and the same triples with Oxigraph's literals
    for :func:`newskg.shacl_sparql.run_constraints`.
    """
    terms = _ToOxigraph()
    quads: list[ox.Quad] = []
    typed: list[ox.Quad] = []  # triples whose object is a typed literal, decided below
    originals: dict[ox.Literal, Literal] = {}  # one rdflib literal per Oxigraph form
    for source in (graph, ontology):
        if source is None:
            continue
        for s, p, o in source.triples((None, None, None)):
            if isinstance(o, Literal) and o.datatype is not None and o.datatype != XSD.string:
                written = terms(o)
                originals.setdefault(written, o)
                typed.append(ox.Quad(terms(s), terms.named(p), written))
            else:
                quads.append(ox.Quad(terms(s), terms.named(p), terms(o)))
    exact = _stand_ins(terms, originals)
    changed: list[ox.Quad] = []
    for quad in typed:
        stand_in = exact.get(quad.object)
        if stand_in is None:
            quads.append(quad)
        else:
            changed.append(ox.Quad(quad.subject, quad.predicate, stand_in, _EXACT_GRAPH))
            changed.append(ox.Quad(quad.subject, quad.predicate, quad.object, _OXIGRAPH_GRAPH))
    store = ox.Store()
    store.bulk_extend(quads)
    store.bulk_extend(changed)
    core_graphs = (ox.DefaultGraph(), _EXACT_GRAPH) if changed else None
    rules_graphs = (ox.DefaultGraph(), _OXIGRAPH_GRAPH) if changed else None
    core = CoreData(
        OxigraphData(store, terms, core_graphs), _Exact(), ontology=ontology, source=graph
    )
    return core, OxigraphData(store, terms, rules_graphs)


def _stand_ins(
    terms: _ToOxigraph, originals: Mapping[ox.Literal, Literal]
) -> dict[ox.Literal, ox.Literal]:
    """Stand-ins for the typed literals pySHACL reads otherwise than Oxigraph stores them.

    Keyed by the literal as written for Oxigraph; the stand-in keeps rdflib's
    lexical form under ``urn:newskg:literal:ill-typed:`` (rdflib finds it
    ill-typed) or ``urn:newskg:literal:exact:`` (Oxigraph would change it)
    followed by its datatype.
    """
    found: dict[ox.Literal, ox.Literal] = {}
    probe: list[ox.Literal] = []
    for written, literal in originals.items():
        if _well_typed(literal):
            probe.append(written)
        else:
            found[written] = _stand_in(literal, _ILL_TYPED)
    for index, stored in _as_stored(probe):
        if stored != probe[index]:
            found[probe[index]] = _stand_in(originals[probe[index]], _EXACT)
    for written, stand_in in found.items():
        terms.add_stand_in(originals[written], stand_in)
    return found


def _stand_in(literal: Literal, kind: str) -> ox.Literal:
    return ox.Literal(str(literal), datatype=ox.NamedNode(kind + str(literal.datatype)))


def _as_stored(literals: Iterable[ox.Literal]) -> Iterator[tuple[int, ox.Literal]]:
    """Each literal (by its index) as an Oxigraph store gives it back."""
    scratch = ox.Store()
    scratch.bulk_extend(
        ox.Quad(ox.NamedNode(f"urn:newskg:literal:{i}"), _PROBE, o) for i, o in enumerate(literals)
    )
    for quad in scratch:
        yield int(quad.subject.value.rsplit(":", 1)[1]), quad.object


def _well_typed(literal: Literal) -> bool:
    """Whether pySHACL's sh:datatype accepts ``literal`` for its own datatype."""
    if literal.ill_typed is True:
        return False
    kinds = _VALUE_TYPES.get(literal.datatype)
    return kinds is None or isinstance(literal.value, kinds)


def _datatype_matches(value: Node, datatype: Node) -> bool:
    """pySHACL's sh:datatype test of one value (the final word on a top-level result)."""
    if not isinstance(value, Literal):
        return False
    if value.datatype == datatype:
        return _well_typed(value)
    if datatype == RDFS.Literal:
        return True
    if datatype == XSD.string and value.datatype is None and value.language is None:
        return True
    return datatype == RDF.langString and bool(value.language)


def store_data(
    store: ox.Store,
    *,
    ontology: Graph | None = None,
    graph_name: Iterable[ox.NamedNode | ox.DefaultGraph] | ox.NamedNode | None = None,
) -> CoreData:
    """The data of a store as it is: the union of its graphs, or the graphs named.

    Its literals read as the store exports them (see the module docstring);
    ``ontology`` gives the class hierarchy and the datatypes to restore.
    """
    if graph_name is None:
        data = OxigraphData(store, _ToOxigraph(), union=True)
    else:
        names = (
            (graph_name,) if isinstance(graph_name, ox.NamedNode | ox.DefaultGraph) else graph_name
        )
        data = OxigraphData(store, _ToOxigraph(), tuple(names))
    return CoreData(data, _Restored(_restores(ontology)), ontology=ontology)


def _restores(ontology: Graph | None) -> dict[URIRef, tuple[URIRef, URIRef]]:
    """``property -> (datatype as Oxigraph stores it, declared range)`` where they differ.

    As :mod:`newskg.store` reads its literals back: for the ontology's
    datatype properties whose range Oxigraph folds into another datatype
    (``xsd:nonNegativeInteger`` into ``xsd:integer``).
    """
    if ontology is None:
        return {}
    ranges = {
        p: r
        for p in ontology.subjects(RDF.type, OWL.DatatypeProperty)
        for r in ontology.objects(p, RDFS.range)
        if isinstance(p, URIRef) and isinstance(r, URIRef)
    }
    folded = _folds(set(ranges.values()))
    return {p: (folded[r], r) for p, r in sorted(ranges.items()) if r in folded}


def _folds(datatypes: set[URIRef]) -> dict[URIRef, URIRef]:
    """The datatypes Oxigraph stores as another one, found by storing samples."""
    samples = [
        (d, lexical)
        for d in sorted(datatypes)
        for lexical in ("1", "0", "-1", "2000-01-01T00:00:00Z")
    ]
    stored = dict(_as_stored(ox.Literal(lex, datatype=ox.NamedNode(d)) for d, lex in samples))
    found: dict[URIRef, URIRef] = {}
    for index, (datatype, _) in enumerate(samples):
        other = URIRef(stored[index].datatype.value)
        if other != datatype:
            found[datatype] = other
    return found


def store_graph(data: CoreData) -> Graph:
    """The data as an rdflib graph, literals read as :func:`store_data` reads them (for pySHACL)."""
    if data.source is not None:
        return data.source
    out = Graph()
    terms, literals = data.oxigraph.terms, data.literals
    for s, p, o in data.oxigraph.query("SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }"):
        predicate = terms.back(p)
        origin = predicate if predicate in getattr(literals, "restores", {}) else None
        out.add((terms.back(s), predicate, literals.back(terms, o, origin)))
    return out


# ---------------------------------------------------------------- running
def run_core(shapes: CoreShapes, data: CoreData) -> CoreOutcome:
    """Run every compiled shape over ``data``; name the shapes left to pySHACL."""
    context = _context(data)
    results: list[CoreResult] = []
    reasons = dict(shapes.reasons)
    for shape in shapes.top:
        if shape.node in reasons or shape.deactivated:
            continue
        try:
            if not data.literals.exact:
                _check_targets_miss_the_ontology(shape, data.ontology, context)
            queries = _Compiler(shapes, context).top(shape)
        except _Unsupported as exc:
            reasons[shape.node] = str(exc)
            continue
        for query in queries:
            results.extend(_run(query, data))
    fallback = tuple(s.node for s in shapes.top if s.node in reasons and not s.deactivated)
    return CoreOutcome(tuple(dict.fromkeys(results)), fallback, reasons)


def _run(query: _Query, data: CoreData) -> Iterator[CoreResult]:
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


@dataclass(frozen=True, slots=True)
class _Context:
    literals: _Literals
    subclasses: Mapping[Node, tuple[Node, ...]]
    members: Mapping[Node, tuple[Node, ...]]


def class_closure(data: CoreData) -> dict[Node, tuple[Node, ...]]:
    """Each class with subclasses: itself and all of them (from the ontology and the data)."""
    pairs: set[tuple[Node, Node]] = set()
    if data.ontology is not None:
        pairs.update(data.ontology.subject_objects(RDFS.subClassOf))
    terms = data.oxigraph.terms
    for s, o in data.oxigraph.query(
        f"SELECT DISTINCT ?s ?o WHERE {{ ?s {_iri(RDFS.subClassOf)} ?o }}"
    ):
        pairs.add((terms.back(s), terms.back(o)))
    below: dict[Node, set[Node]] = {}
    for sub, sup in pairs:
        below.setdefault(sup, set()).add(sub)
    subclasses: dict[Node, tuple[Node, ...]] = {}
    for cls in below:
        found, todo = {cls}, [cls]
        while todo:
            for sub in below.get(todo.pop(), ()):
                if sub not in found:
                    found.add(sub)
                    todo.append(sub)
        subclasses[cls] = tuple(sorted(found, key=str))
    return subclasses


def _context(data: CoreData) -> _Context:
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
    return _Context(data.literals, subclasses, members)


def _check_targets_miss_the_ontology(
    shape: Shape, ontology: Graph | None, context: _Context
) -> None:
    """Over a store, a shape whose targets reach the ontology's own nodes is pySHACL's."""
    if ontology is None:
        return
    nodes, classes, implicit, objects_of, subjects_of = (list(t) for t in shape.target())
    if any(context.members.get(c) for c in [*classes, *implicit]):
        raise _Unsupported("its class targets have instances in the ontology")
    if any((None, p, None) in ontology for p in [*objects_of, *subjects_of]):
        raise _Unsupported("its targets are properties the ontology uses")
    if any((n, None, None) in ontology for n in nodes):
        raise _Unsupported("its target nodes are described in the ontology")


# ---------------------------------------------------------------- compiler
@dataclass(frozen=True, slots=True)
class _ClassFocus:
    """The focus nodes of class targets: instances of the classes (and subclasses) listed."""

    classes: str
    var: str

    def __call__(self, x: str) -> str:
        return f"VALUES {self.var} {{ {self.classes} }} {x} {_iri(RDF.type)} {self.var}"


# pySHACL's own test of a candidate row (its value, and the other value of a pair): keep it?
_Keep = Callable[[Node | None, Node | None], bool]


@dataclass(frozen=True, slots=True)
class _Query:
    shape: Shape
    component: URIRef
    text: str
    value: str  # "value": rows carry ?value; "focus": the value is the focus node; "": none
    origin: URIRef | None = None
    keep: _Keep | None = None
    other: URIRef | None = None  # the property of ?other, the value a pair compares with


class _Compiler:
    """Writes the SPARQL of one top-level shape (raises :class:`_Unsupported`)."""

    def __init__(self, shapes: CoreShapes, context: _Context) -> None:
        self.shapes = shapes
        self.graph = shapes.graph
        self.context = context
        self._names = count()

    def var(self, stem: str) -> str:
        return f"?{stem}{next(self._names)}"

    # -- top level: queries returning violations
    def top(self, shape: Shape) -> list[_Query]:
        queries: list[_Query] = []
        self._emit(shape, self._targets(shape), queries, ())
        return queries

    def _emit(self, shape: Shape, focus: Callable[[str], str], out: list, trail: tuple) -> None:
        if shape.deactivated:
            return
        if shape.node in trail:
            raise _Unsupported("a recursive sh:property")
        trail = (*trail, shape.node)
        params = self._parameters(shape)
        if not list(shape.message) and any(p != SH.property for p in params):
            raise _Unsupported(f"{_name(shape)} has no sh:message (pySHACL writes one)")
        if shape.severity is not None and len(set(shape.objects(SH.severity))) > 1:
            raise _Unsupported(f"{_name(shape)} has several sh:severity")
        path = self._path(shape) if shape.is_property_shape else None
        origin = self.context.literals.origin(shape.path(), self.graph) if path else None
        if isinstance(focus, _ClassFocus):  # one class target: the outer DISTINCT suffices
            head = f"{focus('?this')} ."
        else:
            head = f"{{ SELECT DISTINCT ?this WHERE {{ {focus('?this')} }} }}"
        for param, values in params.items():
            if param == SH.property:
                for node in values:
                    prop = self._property_shape(node)
                    inner = focus if path is None else self._values_of(focus, path)
                    self._emit(prop, inner, out, trail)
                continue
            if param == SH.node:
                raise _Unsupported("sh:node outside sh:or and the like (pySHACL nests its details)")
            if param in (SH.minCount, SH.maxCount):
                out.extend(self._count(shape, head, path, param, values[0]))
            elif param == SH.uniqueLang:
                if self._boolean(values[0]):
                    a, b = self.var("a"), self.var("b")
                    text = (
                        f"SELECT DISTINCT ?this WHERE {{ {head} "
                        f"?this {path} {a} . ?this {path} {b} . FILTER ({_same_language(a, b)}) }}"
                    )
                    out.append(_Query(shape, SH.UniqueLangConstraintComponent, text, ""))
            elif param in _PAIRS:
                op, component = _PAIRS[param]
                for other in values:
                    text = (
                        f"SELECT DISTINCT ?this ?value ?other WHERE {{ {head} "
                        f"?this {path} ?value . ?this {self._predicate(other)} ?other . "
                        f"FILTER (!({self._compare('?value', '?other', op)})) }}"
                    )
                    keep = _pair_keeper(op)
                    out.append(_Query(shape, component, text, "value", origin, keep, other))
            elif param == SH.flags:
                continue
            else:
                for check, component, keep in self._value_checks(shape, param, values, origin):
                    if path is None:
                        text = (
                            f"SELECT DISTINCT ?this WHERE {{ {head} FILTER (!({check('?this')})) }}"
                        )
                        out.append(_Query(shape, component, text, "focus", None, keep))
                    else:
                        text = (
                            f"SELECT DISTINCT ?this ?value WHERE {{ {head} ?this {path} ?value . "
                            f"FILTER (!({check('?value')})) }}"
                        )
                        out.append(_Query(shape, component, text, "value", origin, keep))

    def _count(
        self, shape: Shape, head: str, path: str, param: URIRef, limit: Node
    ) -> list[_Query]:
        n = self._count_value(limit)
        v = self.var("v")
        if param == SH.minCount:
            if n == 0:
                return []
            if n == 1:
                text = (
                    f"SELECT DISTINCT ?this WHERE {{ {head} "
                    f"FILTER NOT EXISTS {{ ?this {path} {v} }} }}"
                )
            else:
                text = (
                    f"SELECT ?this WHERE {{ {head} OPTIONAL {{ ?this {path} {v} }} }} "
                    f"GROUP BY ?this HAVING (COUNT(DISTINCT {v}) < {n})"
                )
            return [_Query(shape, SH.MinCountConstraintComponent, text, "")]
        text = (
            f"SELECT ?this WHERE {{ {head} ?this {path} {v} }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT {v}) > {n})"
        )
        return [_Query(shape, SH.MaxCountConstraintComponent, text, "")]

    # -- checks of one value node: (expression maker, component, Python re-check)
    def _value_checks(
        self, shape: Shape, param: URIRef, values: tuple[Node, ...], origin: URIRef | None
    ) -> Iterator[tuple[Callable[[str], str], URIRef, _Keep | None]]:
        component = _VALUE_CHECKS[param]
        if param == SH.pattern:
            flags = self._flags(shape)
            for pattern in values:
                regex = self._regex(pattern, flags)
                yield (
                    lambda v, p=pattern: self._pattern(v, p, flags),
                    component,
                    lambda value, _, r=regex: not _python_matches(r, value),
                )
            return
        if param == SH.datatype:
            datatype = values[0]
            yield (
                lambda v: self._datatype(v, datatype, origin),
                component,
                lambda value, _: not _datatype_matches(value, datatype),
            )
            return
        for value in values:
            yield (
                (lambda v, x=value: self._check(param, x, v, origin, (shape.node,))),
                component,
                _range_keeper(param, value) if param in _RANGES else None,
            )

    def _check(self, param: URIRef, arg: Node, v: str, origin: URIRef | None, trail: tuple) -> str:
        """A SPARQL expression: whether the node in ``v`` meets ``param arg`` (never an error)."""
        if param == SH["class"]:
            return self._class(arg, v)
        if param == SH.datatype:
            return self._datatype(v, arg, origin)
        if param == SH.nodeKind:
            if arg not in _NODE_KINDS:
                raise _Unsupported(f"sh:nodeKind {arg}")
            return _NODE_KINDS[arg].format(v=v)
        if param in (SH.minLength, SH.maxLength):
            n = self._count_value(arg)
            if param == SH.minLength and n == 0:
                return "true"
            op = ">=" if param == SH.minLength else "<="
            return f"(!isBlank({v}) && STRLEN(STR({v})) {op} {n})"
        if param == SH["in"]:
            members = self._list(arg)
            tests = [self._equals(v, m, origin) for m in members if not isinstance(m, BNode)]
            return "(" + (" || ".join(tests) or "false") + ")"
        if param in _RANGES:
            if not isinstance(arg, Literal):
                raise _Unsupported(f"{_qname(param)} {arg} is no literal")
            op = _RANGES[param][0]
            value = self.context.literals.value(v)
            return f"COALESCE(isLiteral({v}) && {value} {op} {_literal(arg)}, false)"
        if param in (SH["or"], SH.xone, SH["and"]):
            members = [self.shapes.shape(m) for m in self._list(arg)]
            if not members:
                raise _Unsupported(f"an empty {_qname(param)}")
            tests = [self._conforms(m, v, trail) for m in members]
            if param == SH["or"]:
                return "(" + " || ".join(dict.fromkeys(tests)) + ")"
            if param == SH["and"]:
                return "(" + " && ".join(tests) + ")"
            return "((" + " + ".join(f"IF({t}, 1, 0)" for t in tests) + ") = 1)"
        if param in (SH["not"], SH.node):
            shape = self.shapes.shape(arg)
            if param == SH.node and shape.is_property_shape:
                raise _Unsupported("sh:node names a property shape")
            test = self._conforms(shape, v, trail)
            return f"(!{test})" if param == SH["not"] else test
        raise _Unsupported(f"{_qname(param)}")  # pragma: no cover

    def _conforms(self, shape: Shape, x: str, trail: tuple) -> str:
        """A SPARQL expression: whether the node in ``x`` conforms to ``shape``."""
        if shape.deactivated:
            return "true"
        if shape.node in trail:
            raise _Unsupported("a recursive shape")
        trail = (*trail, shape.node)
        params = self._parameters(shape)
        path = self._path(shape) if shape.is_property_shape else None
        origin = self.context.literals.origin(shape.path(), self.graph) if path else None
        tests: list[str] = []
        each: list[str] = []  # what each value must satisfy (on the value variable)
        v = self.var("v")
        for param, values in params.items():
            if param == SH.flags:
                continue
            if param in (SH.minCount, SH.maxCount):
                tests.append(self._nested_count(x, path, param, self._count_value(values[0])))
            elif param == SH.uniqueLang:
                if self._boolean(values[0]):
                    a, b = self.var("a"), self.var("b")
                    tests.append(
                        f"NOT EXISTS {{ {x} {path} {a} . {x} {path} {b} . "
                        f"FILTER ({_same_language(a, b)}) }}"
                    )
            elif param in _PAIRS:
                op = _PAIRS[param][0]
                for other in values:
                    w, u = self.var("w"), self.var("u")
                    tests.append(
                        f"NOT EXISTS {{ {x} {path} {u} . {x} {self._predicate(other)} {w} . "
                        f"FILTER (!({self._compare(u, w, op)})) }}"
                    )
            elif param == SH.property:
                for node in values:
                    prop = self._property_shape(node)
                    each.append(self._conforms(prop, v if path else x, trail))
            elif param == SH.pattern:
                flags = self._flags(shape)
                for pattern in values:
                    self._regex(pattern, flags)
                    each.append(self._pattern(v if path else x, pattern, flags))
            else:
                for value in values:
                    each.append(self._check(param, value, v if path else x, origin, trail))
        if path is None:
            tests.extend(each)
        elif each:
            tests.append(f"NOT EXISTS {{ {x} {path} {v} . FILTER (!({' && '.join(each)})) }}")
        return "(" + (" && ".join(tests) or "true") + ")"

    def _nested_count(self, x: str, path: str, param: URIRef, n: int) -> str:
        want = n if param == SH.minCount else n + 1
        if want == 0:
            return "true"
        if want > _MAX_NESTED_COUNT:
            raise _Unsupported(f"{_qname(param)} {n} inside another shape")
        names = [self.var("n") for _ in range(want)]
        pattern = " . ".join(f"{x} {path} {n}" for n in names)
        distinct = [f"!sameTerm({a}, {b})" for i, a in enumerate(names) for b in names[i + 1 :]]
        body = pattern + (f" FILTER ({' && '.join(distinct)})" if distinct else "")
        return f"EXISTS {{ {body} }}" if param == SH.minCount else f"NOT EXISTS {{ {body} }}"

    # -- pieces
    def _parameters(self, shape: Shape) -> dict[URIRef, tuple[Node, ...]]:
        """The shape's constraint parameters (those pySHACL acts on), checked."""
        params: dict[URIRef, list[Node]] = {}
        for p, o in self.graph.predicate_objects(shape.node):
            if p in CONSTRAINT_PARAMETERS_MAP or p == SH.flags:
                params.setdefault(p, []).append(o)
            elif p in self.shapes.custom_parameters:
                raise _Unsupported(f"a custom constraint component ({p})")
            elif p == SH.target:
                raise _Unsupported("sh:target (SHACL-AF)")
        for p in params:
            if p not in SUPPORTED and p != SH.flags:
                raise _Unsupported(f"{_qname(p)} is not compiled")
            if p in _ONE_VALUE and len(params[p]) != 1:
                raise _Unsupported(f"{_qname(p)} has {len(params[p])} values")
            if p in _PROPERTY_ONLY and not shape.is_property_shape:
                raise _Unsupported(f"{_qname(p)} on a node shape")
        for p in params:
            component = CONSTRAINT_PARAMETERS_MAP.get(p)
            if component is None:
                continue
            try:  # the checks pySHACL makes of the parameters' values
                component(shape)
            except (
                ConstraintLoadError,
                ReportableRuntimeError,
                TypeError,
                ValueError,
                re.error,
            ) as exc:
                raise _Unsupported(f"pySHACL rejects {_qname(p)}: {exc}") from None
        return {
            p: tuple(sorted(v, key=lambda n: (type(n).__name__, str(n))))
            for p, v in sorted(params.items())
        }

    def _targets(self, shape: Shape) -> Callable[[str], str]:
        nodes, classes, implicit, objects_of, subjects_of = (list(t) for t in shape.target())
        branches: list[Callable[[str], str]] = []
        if nodes:
            if any(not isinstance(n, URIRef) for n in nodes):
                raise _Unsupported("a sh:targetNode that is not an IRI")
            listed = " ".join(_iri(n) for n in sorted(nodes))
            branches.append(lambda x: f"VALUES {x} {{ {listed} }}")
        wanted = {c for c in [*classes, *implicit]}
        if wanted:
            one_class = _ClassFocus(self._classes(wanted), self.var("t"))
            if not (nodes or subjects_of or objects_of):
                return one_class
            branches.append(one_class)
        for p in sorted(subjects_of):
            o = self.var("o")
            branches.append(lambda x, p=p, o=o: f"{x} {self._predicate(p)} {o}")
        for p in sorted(objects_of):
            s = self.var("s")
            if self.context.literals.origin(p, self.graph) is not None:
                raise _Unsupported("sh:targetObjectsOf a property whose datatype the store folds")
            branches.append(lambda x, p=p, s=s: f"{s} {self._predicate(p)} {x}")
        return lambda x: " UNION ".join(f"{{ {b(x)} }}" for b in branches)

    def _values_of(self, focus: Callable[[str], str], path: str) -> Callable[[str], str]:
        up = self.var("up")
        return lambda x: f"{{ SELECT DISTINCT {up} WHERE {{ {focus(up)} }} }} {up} {path} {x}"

    def _classes(self, classes: Iterable[Node]) -> str:
        found: set[Node] = set()
        for cls in classes:
            if not isinstance(cls, URIRef):
                raise _Unsupported(f"a class that is not an IRI ({cls})")
            found.update(self.context.subclasses.get(cls, (cls,)))
        return " ".join(_iri(c) for c in sorted(found, key=str) if isinstance(c, URIRef))

    def _class(self, cls: Node, v: str) -> str:
        t = self.var("t")
        test = f"EXISTS {{ VALUES {t} {{ {self._classes([cls])} }} {v} {_iri(RDF.type)} {t} }}"
        members = self.context.members.get(cls, ())
        extra = [f"sameTerm({v}, {_iri(m)})" for m in members if isinstance(m, URIRef)]
        return "(" + " || ".join([test, *extra]) + ")"

    def _datatype(self, v: str, datatype: Node, origin: URIRef | None) -> str:
        if datatype == RDFS.Literal:
            return f"isLiteral({v})"
        if not isinstance(datatype, URIRef) or datatype == RDFS.Datatype:
            raise _Unsupported(f"sh:datatype {datatype}")
        literals = self.context.literals
        return (
            f"COALESCE(isLiteral({v}) && {literals.datatype(v, origin)} = {_iri(datatype)} "
            f"&& {literals.well_formed(v, datatype)}, false)"
        )

    def _pattern(self, v: str, pattern: Node, flags: str) -> str:
        args = f"STR({v}), {_string(str(pattern))}" + (f", {_string(flags)}" if flags else "")
        return f"COALESCE(!isBlank({v}) && REGEX({args}), false)"

    def _flags(self, shape: Shape) -> str:
        found = list(self.graph.objects(shape.node, SH.flags))
        flags = str(found[0]) if found else ""
        if set(flags) - {"i"}:
            raise _Unsupported(f'sh:flags "{flags}"')
        return flags

    def _regex(self, pattern: Node, flags: str) -> re.Pattern[str]:
        """Python's regex, as pySHACL compiles it, for a pattern both dialects read alike."""
        if not isinstance(pattern, Literal) or not _portable(str(pattern)):
            raise _Unsupported(f"sh:pattern {str(pattern)!r} (the regex dialects may differ)")
        try:
            compiled = re.compile(str(pattern), re.IGNORECASE if "i" in flags else 0)
            ox.Store().query(f"ASK {{ FILTER (REGEX('', {_string(str(pattern))})) }}")
        except (re.error, SyntaxError, ValueError) as exc:
            raise _Unsupported(f"sh:pattern {pattern!r}: {exc}") from None
        return compiled

    def _equals(self, v: str, member: Node, origin: URIRef | None) -> str:
        if isinstance(member, URIRef):
            return f"sameTerm({v}, {_iri(member)})"
        assert isinstance(member, Literal)
        literals = self.context.literals
        if member.language:
            return (
                f"(isLiteral({v}) && STR({v}) = {_string(str(member))} "
                f"&& LCASE(LANG({v})) = {_string(member.language.lower())})"
            )
        datatype = member.datatype or XSD.string
        return (
            f"COALESCE(isLiteral({v}) && LANG({v}) = '' && STR({v}) = {_string(str(member))} "
            f"&& {literals.datatype(v, origin)} = {_iri(datatype)}, false)"
        )

    def _compare(self, a: str, b: str, op: str) -> str:
        """pySHACL's pair comparison: IRIs and strings by their text, other literals by value."""
        literals = self.context.literals

        def text(x: str) -> str:
            types = ", ".join(_iri(t) for t in _STRINGS)
            return f"(isIRI({x}) || (isLiteral({x}) && {literals.datatype(x, None)} IN ({types})))"

        return (
            f"COALESCE(IF({text(a)} && {text(b)}, STR({a}) {op} STR({b}), "
            f"IF({text(a)} || {text(b)}, false, "
            f"{literals.value(a)} {op} {literals.value(b)})), false)"
        )

    def _path(self, shape: Shape) -> str:
        return self._sparql_path(shape.path(), top=True)

    def _sparql_path(self, node: Node, *, top: bool = False) -> str:
        """A SHACL path as a SPARQL property path (the forms pySHACL and SPARQL read alike)."""
        g = self.graph
        if isinstance(node, URIRef):
            return self._predicate(node)
        if not isinstance(node, BNode):
            raise _Unsupported(f"a path that is not an IRI or a blank node ({node})")
        kinds = {p: list(g.objects(node, p)) for p in _PATH_KINDS}
        used = [p for p, found in kinds.items() if found]
        is_list = (node, RDF.first, None) in g
        if len(used) + is_list != 1 or any(len(kinds[p]) != 1 for p in used):
            raise _Unsupported("a path this compiler does not read")
        if is_list:
            items = self._list(node)
            if len(items) < 2 or not top:
                raise _Unsupported("a sequence path of fewer than two steps, or a nested one")
            return "(" + "/".join(self._step(i) for i in items) + ")"
        kind, (inner,) = used[0], kinds[used[0]]
        if kind == SH.alternativePath:
            items = self._list(inner)
            if len(items) < 2:
                raise _Unsupported("an sh:alternativePath of fewer than two paths")
            return "(" + "|".join(self._step(i) for i in items) + ")"
        if not isinstance(inner, URIRef):
            raise _Unsupported(f"a {_qname(kind)} of a complex path")
        return _PATH_KINDS[kind].format(self._predicate(inner))

    def _step(self, node: Node) -> str:
        if isinstance(node, URIRef):
            return self._predicate(node)
        found = list(self.graph.predicate_objects(node))
        if len(found) == 1 and found[0][0] == SH.inversePath and isinstance(found[0][1], URIRef):
            return "^" + self._predicate(found[0][1])
        raise _Unsupported("a nested complex path")

    def _list(self, node: Node) -> list[Node]:
        try:
            return list(self.graph.items(node))
        except (ValueError, TypeError):  # pragma: no cover - a malformed list
            raise _Unsupported("a malformed RDF list") from None

    def _property_shape(self, node: Node) -> Shape:
        shape = self.shapes.shape(node)
        if not shape.is_property_shape:
            raise _Unsupported("sh:property names a node shape")
        return shape

    def _predicate(self, node: Node) -> str:
        if not isinstance(node, URIRef):
            raise _Unsupported(f"a property that is not an IRI ({node})")
        return _iri(node)

    def _count_value(self, node: Node) -> int:
        if not isinstance(node, Literal) or not isinstance(node.value, int) or node.value < 0:
            raise _Unsupported(f"a count that is not a non-negative integer ({node})")
        return int(node.value)

    def _boolean(self, node: Node) -> bool:
        if not isinstance(node, Literal) or not isinstance(node.value, bool):
            raise _Unsupported(f"sh:uniqueLang {node}")
        return node.value


# ---------------------------------------------------------------- SPARQL terms
def _iri(node: Node) -> str:
    """An IRI as SPARQL, written by Oxigraph (which rejects what SPARQL could not read)."""
    try:
        return str(ox.NamedNode(str(node)))
    except ValueError:
        raise _Unsupported(f"an IRI SPARQL cannot write: {node!r}") from None


def _string(text: str) -> str:
    """A string literal as SPARQL, escaped by Oxigraph."""
    return str(ox.Literal(text))


def _literal(node: Literal) -> str:
    if node.language:
        return str(ox.Literal(str(node), language=node.language))
    if node.datatype is not None:
        return str(ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype))))
    return _string(str(node))


def _same_language(a: str, b: str) -> str:
    return (
        f"isLiteral({a}) && isLiteral({b}) && LANG({a}) != '' "
        f"&& LCASE(LANG({a})) = LCASE(LANG({b})) && !sameTerm({a}, {b})"
    )


def _portable(pattern: str) -> bool:
    """Whether Python's ``re`` and Oxigraph's regex read ``pattern`` alike.

    No group extensions (``(?...)``), no escapes but plain ones and ``\\d``,
    and in a character class no nested class nor set operation
    (``[a-z&&[^x]]``, XPath's ``[a-z-[x]]``), which Python reads as characters.
    """
    i, in_class = 0, False
    while i < len(pattern):
        c, following = pattern[i], pattern[i + 1 : i + 2]
        if c == "\\":
            if following not in _PORTABLE_ESCAPES or not following:
                return False
            i += 2
            continue
        if in_class:
            if c == "[" or c + following in ("&&", "--", "~~"):
                return False
            in_class = c != "]"
        elif c == "[":
            if pattern[i + 1 : i + 3] in ("]", "^]") or following == "]":
                return False
            in_class = True
            if following == "^":
                i += 1
        elif c == "(" and following == "?":
            return False
        i += 1
    return not in_class


def _range_keeper(param: URIRef, bound: Node) -> _Keep:
    """pySHACL's test of a value against sh:minInclusive and the like: keep the row if it fails."""
    test = {
        SH.minInclusive: lambda c: c >= 0,
        SH.minExclusive: lambda c: c > 0,
        SH.maxInclusive: lambda c: c <= 0,
        SH.maxExclusive: lambda c: c < 0,
    }[param]

    def keep(value: Node | None, _: Node | None) -> bool:
        if not isinstance(value, Literal) or not isinstance(bound, Literal):
            return True
        if isinstance(value.value, str) != isinstance(bound.value, str):
            return True
        try:
            return not test(compare_literal(value, bound))
        except (TypeError, NotImplementedError):
            return True

    return keep


def _pair_keeper(op: str) -> _Keep:
    """pySHACL's test of sh:lessThan (``<``) and sh:lessThanOrEquals: keep the row if it fails."""

    def text(node: Node | None) -> tuple[bool, object]:
        if isinstance(node, URIRef):
            return True, str(node)
        if isinstance(node, Literal) and isinstance(node.value, str):
            return True, node.value
        return False, node

    def keep(value: Node | None, other: Node | None) -> bool:
        if isinstance(value, BNode) or isinstance(other, BNode):
            return True  # pySHACL stops with an error
        (a_text, a), (b_text, b) = text(value), text(other)
        if a_text != b_text:
            return True
        try:
            return not (a < b if op == "<" else a <= b)  # type: ignore[operator]
        except TypeError:
            return True

    return keep


def _python_matches(regex: re.Pattern[str], value: Node | None) -> bool:
    """pySHACL's sh:pattern test of one value."""
    if value is None or isinstance(value, BNode):
        return False
    return regex.search(str(value)) is not None


def _path_iris(graph: Graph, node: Node) -> Iterator[URIRef]:
    if isinstance(node, URIRef):
        yield node
        return
    todo, seen = [node], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for _, o in graph.predicate_objects(current):
            if isinstance(o, URIRef) and o != RDF.nil:
                yield o
            elif isinstance(o, BNode):
                todo.append(o)


def _qname(node: Node) -> str:
    return "sh:" + str(node).removeprefix(str(SH)) if str(node).startswith(str(SH)) else str(node)


def _name(shape: Shape) -> str:
    return str(shape.node) if isinstance(shape.node, URIRef) else "a property shape"
