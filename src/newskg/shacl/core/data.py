"""The data the compiled queries run on: an rdflib graph copied in, or a store as it is.

:func:`load_data` copies rdflib graphs (the data and the ontology, as
pySHACL mixes them) into an in-memory store, each literal Oxigraph would
change (or rdflib finds ill-typed) also under a stand-in that keeps its
lexical form (:mod:`.literals`); :func:`store_data` reads a store as it
is, the union of its graphs or some of them; :func:`class_closure` gives
each class's subclasses, from the ontology and from the data.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from newskg.shacl.core.literals import EXACT, ILL_TYPED, Exact, Literals, Restored, well_typed
from newskg.shacl.core.terms import iri
from newskg.shacl.oxigraph import OxigraphData, ToOxigraph

__all__ = ["CoreData", "class_closure", "load_data", "store_data", "store_graph"]

_EXACT_GRAPH = ox.NamedNode("urn:newskg:graph:rdflib-literals")
_OXIGRAPH_GRAPH = ox.NamedNode("urn:newskg:graph:oxigraph-literals")
_PROBE = ox.NamedNode("urn:newskg:probe")


@dataclass(frozen=True, slots=True)
class CoreData:
    """The data the compiled queries run on.

    ``oxigraph`` is the store and the graphs that hold the data; ``source``
    the rdflib graph it was copied from, if any (blank nodes of the report
    are copied from it); ``ontology`` gives the class hierarchy (and, over a
    store, the instances it declares); ``on_disk`` whether the store is on
    disk, where the queries are written to scan rather than seek (see
    :mod:`.compiler`).
    """

    oxigraph: OxigraphData
    literals: Literals
    ontology: Graph | None = None
    source: Graph | None = None
    on_disk: bool = False

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
    (see :mod:`newskg.shacl.core`), and the same triples with Oxigraph's literals
    for :func:`newskg.shacl.sparql.run_constraints`.
    """
    terms = ToOxigraph()
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
        OxigraphData(store, terms, core_graphs), Exact(), ontology=ontology, source=graph
    )
    return core, OxigraphData(store, terms, rules_graphs)


def _stand_ins(
    terms: ToOxigraph, originals: Mapping[ox.Literal, Literal]
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
        if well_typed(literal):
            probe.append(written)
        else:
            found[written] = _stand_in(literal, ILL_TYPED)
    for index, stored in _as_stored(probe):
        if stored != probe[index]:
            found[probe[index]] = _stand_in(originals[probe[index]], EXACT)
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


def store_data(
    store: ox.Store,
    *,
    ontology: Graph | None = None,
    graph_name: Iterable[ox.NamedNode | ox.DefaultGraph] | ox.NamedNode | None = None,
    on_disk: bool = False,
) -> CoreData:
    """The data of a store as it is: the union of its graphs, or the graphs named.

    Its literals read as the store exports them (see :mod:`newskg.shacl.core`);
    ``ontology`` gives the class hierarchy and the datatypes to restore;
    ``on_disk`` says that the store is on disk (see :class:`CoreData`).
    """
    if graph_name is None:
        data = OxigraphData(store, ToOxigraph(), union=True)
    else:
        names = (
            (graph_name,) if isinstance(graph_name, ox.NamedNode | ox.DefaultGraph) else graph_name
        )
        data = OxigraphData(store, ToOxigraph(), tuple(names))
    return CoreData(data, Restored(_restores(ontology)), ontology=ontology, on_disk=on_disk)


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


def class_closure(data: CoreData) -> dict[Node, tuple[Node, ...]]:
    """Each class with subclasses: itself and all of them (from the ontology and the data)."""
    pairs: set[tuple[Node, Node]] = set()
    if data.ontology is not None:
        pairs.update(data.ontology.subject_objects(RDFS.subClassOf))
    terms = data.oxigraph.terms
    for s, o in data.oxigraph.query(
        f"SELECT DISTINCT ?s ?o WHERE {{ ?s {iri(RDFS.subClassOf)} ?o }}"
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
