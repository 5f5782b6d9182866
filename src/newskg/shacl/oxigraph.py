"""rdflib graphs in an Oxigraph store: the terms translated both ways, the graphs that are data.

Both SHACL engines of :mod:`newskg.shacl` query Oxigraph: the compiled SHACL
Core (:mod:`newskg.shacl.core`) and the SHACL-SPARQL constraints
(:mod:`newskg.shacl.sparql`). :class:`ToOxigraph` writes rdflib terms for
Oxigraph and reads them back as they were; :class:`OxigraphData` names the
graphs of a store that hold the data; :func:`load_store` copies rdflib
graphs into a new in-memory store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import count

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

__all__ = ["OxigraphData", "ToOxigraph", "load_store"]


class ToOxigraph:
    """rdflib terms -> Oxigraph terms, remembering what Oxigraph cannot spell.

    An IRI or blank node label Oxigraph rejects (rdflib accepts some) gets a
    stand-in; :meth:`back` gives the original for the report, and a language
    tag as written (Oxigraph lower-cases them).
    """

    def __init__(self) -> None:
        self._named: dict[Node, ox.NamedNode] = {}
        self._stand_ins: dict[Node, ox.NamedNode | ox.BlankNode | ox.Literal] = {}
        self._originals: dict[ox.NamedNode | ox.BlankNode | ox.Literal, Node] = {}
        self._fresh = count()

    def named(self, term: Node) -> ox.NamedNode:
        """A predicate or datatype, cached: a graph has few of them."""
        found = self._named.get(term)
        if found is None:
            found = self._named[term] = self(term)
        return found

    def __call__(self, term: Node):
        try:
            if isinstance(term, URIRef):
                return ox.NamedNode(term)
            if isinstance(term, BNode):
                return ox.BlankNode(term)
            if isinstance(term, Literal):
                if term.language:
                    found = ox.Literal(term, language=term.language)
                    if term.language != found.language:  # Oxigraph lower-cases the tag
                        self._originals[found] = term
                    return found
                if term.datatype is not None:
                    return ox.Literal(term, datatype=self.named(term.datatype))
                return ox.Literal(term)
        except ValueError:
            return self._stand_in(term)
        raise TypeError(f"not an RDF term: {term!r}")

    def add_stand_in(
        self, original: Node, stand_in: ox.NamedNode | ox.BlankNode | ox.Literal
    ) -> None:
        """Read ``stand_in`` back as ``original`` (a literal stored in another form)."""
        self._originals[stand_in] = original

    def _stand_in(self, term: Node):
        found = self._stand_ins.get(term)
        if found is None:
            if isinstance(term, URIRef):
                found = ox.NamedNode(f"urn:newskg:unspellable-iri:{next(self._fresh)}")
            elif isinstance(term, BNode):
                found = ox.BlankNode()
            else:  # a language tag Oxigraph rejects: keep the text
                found = ox.Literal(str(term))
            self._stand_ins[term] = found
            self._originals[found] = term
        return found

    def back(self, term) -> Node:
        """The rdflib term of an Oxigraph term."""
        original = self._originals.get(term)
        if original is not None:
            return original
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        if isinstance(term, ox.BlankNode):
            return BNode(term.value)
        if isinstance(term, ox.Literal):
            if term.language:
                return Literal(term.value, lang=term.language)
            if term.datatype.value == str(XSD.string):
                return Literal(term.value)
            return Literal(term.value, datatype=URIRef(term.datatype.value))
        raise TypeError(f"not an RDF term: {term!r}")


@dataclass(frozen=True, slots=True)
class OxigraphData:
    """Data in an Oxigraph ``store``, and how its terms read as rdflib terms.

    The data is the store's default graph, or the graphs of ``default_graph``,
    or with ``union`` the union of all its graphs. ``subclasses`` maps a
    class to itself and its subclasses, for a store that does not hold the
    ontology; ``None`` follows ``rdfs:subClassOf`` in the data itself.
    """

    store: ox.Store
    terms: ToOxigraph
    default_graph: tuple[ox.NamedNode | ox.BlankNode | ox.DefaultGraph, ...] | None = None
    union: bool = False
    subclasses: Mapping[Node, tuple[Node, ...]] | None = None

    def query(self, sparql: str, **options) -> ox.QuerySolutions | ox.QueryBoolean:
        """Run ``sparql`` over the data (``options`` go to :meth:`pyoxigraph.Store.query`)."""
        if self.union:
            options["use_default_graph_as_union"] = True
        elif self.default_graph is not None:
            options["default_graph"] = list(self.default_graph)
        return self.store.query(sparql, **options)


def load_store(*graphs: Graph) -> OxigraphData:
    """An in-memory Oxigraph store holding the triples of ``graphs`` (their union)."""
    terms = ToOxigraph()
    store = ox.Store()
    for graph in graphs:
        store.bulk_extend(
            ox.Quad(terms(s), terms.named(p), terms(o))
            for s, p, o in graph.triples((None, None, None))
        )
    return OxigraphData(store, terms)
