"""How the compiled queries read literals: as Oxigraph stores them, as rdflib reads them.

Oxigraph stores literals by value (``"58"^^xsd:nonNegativeInteger`` becomes
``"58"^^xsd:integer``); pySHACL sees rdflib's literals. :class:`Exact` reads
the stand-ins :func:`~newskg.shacl.core.load_data` writes for the literals
Oxigraph would change (or rdflib finds ill-typed); :class:`Restored` reads a
store's literals with the datatypes it folded restored from the ontology's
ranges, as :mod:`newskg.store` exports them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime, time
from decimal import Decimal

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from newskg.shacl.core.base import Unsupported
from newskg.shacl.core.terms import iri
from newskg.shacl.oxigraph import ToOxigraph

__all__ = ["EXACT", "ILL_TYPED", "STRINGS", "Exact", "Literals", "Restored", "well_typed"]

LITERAL_NS = "urn:newskg:literal:"
EXACT = LITERAL_NS + "exact:"
ILL_TYPED = LITERAL_NS + "ill-typed:"

STRINGS = (XSD.string, RDF.langString, XSD.normalizedString, XSD.token, XSD.language, XSD.anyURI)
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
_UNCHECKED_OVER_A_STORE = (XSD.hexBinary, XSD.base64Binary, RDF.XMLLiteral, RDF.HTML)


class Literals:
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
        if datatype in STRINGS or datatype not in _KNOWN_TO_RDFLIB:
            return "true"
        if datatype in _UNCHECKED_OVER_A_STORE:
            raise Unsupported(f"sh:datatype {datatype} over a store")
        if datatype == XSD.boolean:
            return f'(STR({var}) IN ("true", "false", "1", "0"))'
        if datatype in _CASTS:
            return f"COALESCE(isLiteral({iri(datatype)}(STR({var}))), false)"
        low, high = _INTEGER_RANGES[datatype]
        number = f"{iri(XSD.integer)}(STR({var}))"
        tests = [f"isLiteral({number})"]
        tests += [f"{number} >= {low}"] if low is not None else []
        tests += [f"{number} <= {high}"] if high is not None else []
        return f"COALESCE({' && '.join(tests)}, false)"

    def back(self, terms: ToOxigraph, term, origin: URIRef | None) -> Node:
        return terms.back(term)


class Exact(Literals):
    """Literals loaded by :func:`load_data`: stand-ins keep rdflib's datatype and lexical form."""

    exact = True

    def datatype(self, var: str, origin: URIRef | None) -> str:
        dt = f"STR(DATATYPE({var}))"
        return (
            f'IF(STRSTARTS({dt}, "{LITERAL_NS}"), '
            f'IRI(REPLACE({dt}, "^{LITERAL_NS}[a-z-]+:", "")), DATATYPE({var}))'
        )

    def value(self, var: str) -> str:
        dt = f"STR(DATATYPE({var}))"
        return (
            f'IF(isLiteral({var}) && STRSTARTS({dt}, "{EXACT}"), '
            f'STRDT(STR({var}), IRI(STRAFTER({dt}, "{EXACT}"))), {var})'
        )

    def well_formed(self, var: str, datatype: URIRef) -> str:
        return f'!STRSTARTS(STR(DATATYPE({var})), "{ILL_TYPED}")'


class Restored(Literals):
    """A store's literals, with the datatypes it folded restored from the ontology's ranges."""

    def __init__(self, restores: Mapping[URIRef, tuple[URIRef, URIRef]]) -> None:
        self.restores = restores  # property -> (datatype as stored, declared range)

    def origin(self, path: Node | None, shapes: Graph) -> URIRef | None:
        if isinstance(path, URIRef):
            return path if path in self.restores else None
        if path is not None and set(_path_iris(shapes, path)) & set(self.restores):
            raise Unsupported("a complex path through a property whose datatype the store folds")
        return None

    def datatype(self, var: str, origin: URIRef | None) -> str:
        if origin is None:
            return f"DATATYPE({var})"
        stored, declared = self.restores[origin]
        return f"IF(DATATYPE({var}) = {iri(stored)}, {iri(declared)}, DATATYPE({var}))"

    def back(self, terms: ToOxigraph, term, origin: URIRef | None) -> Node:
        found = terms.back(term)
        if origin in self.restores and isinstance(found, Literal):
            stored, declared = self.restores[origin]
            if found.datatype == stored:
                return Literal(str(found), datatype=declared)
        return found


_KNOWN_TO_RDFLIB = frozenset(
    {*_CASTS, *_INTEGER_RANGES, *_UNCHECKED_OVER_A_STORE, XSD.boolean, *STRINGS}
)


def well_typed(literal: Literal) -> bool:
    """Whether pySHACL's sh:datatype accepts ``literal`` for its own datatype."""
    if literal.ill_typed is True:
        return False
    kinds = _VALUE_TYPES.get(literal.datatype)
    return kinds is None or isinstance(literal.value, kinds)


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
