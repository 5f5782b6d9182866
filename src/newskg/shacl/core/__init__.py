"""SHACL Core compiled to SPARQL: one query per constraint, over an Oxigraph store.

pySHACL checks SHACL Core node by node, in Python: about 5,000 triples a
second, most of a build's validation time on large graphs. This package
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

Query forms
-----------
A value check reads the focus nodes, then their values. ``sh:class`` (and
an ``sh:or`` of classes) takes the instances away from the values in one
``MINUS`` instead of an ``EXISTS`` per value. Over a store on disk
(:func:`store_data` with ``on_disk=True``), where each lookup of a focus
node is a RocksDB seek, a property shape whose path has no closure reads
the path's triples first, in one scan, and joins the focus nodes after:
``sh:minCount`` is the focus nodes ``MINUS`` those with enough values,
``sh:maxCount`` a count grouped by subject. The results are the same; in
memory, where a lookup is cheap, the focus nodes stay first.

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

Modules
-------
:mod:`.shapes` reads the shapes, :mod:`.data` the data (with
:mod:`.literals`); :mod:`.compiler` writes the queries of a shape, handing
each constraint parameter to the module of its family, as the SHACL
specification groups them (section 4) and pySHACL's ``constraints/core/``
does: :mod:`.value_type` (``sh:class``, ``sh:datatype``, ``sh:nodeKind``),
:mod:`.cardinality` (``sh:minCount``, ``sh:maxCount``), :mod:`.value_range`
(``sh:minInclusive``...), :mod:`.string_based` (``sh:minLength``,
``sh:maxLength``, ``sh:pattern``, ``sh:uniqueLang``), :mod:`.property_pair`
(``sh:lessThan``, ``sh:lessThanOrEquals``), :mod:`.logical` (``sh:not``,
``sh:and``, ``sh:or``, ``sh:xone``), :mod:`.shape_based` (``sh:node``,
``sh:property``) and :mod:`.other` (``sh:in``); :mod:`.registry` lists
them. :mod:`.run` runs the queries and gives the results.

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

from newskg.shacl.core.data import CoreData, class_closure, load_data, store_data, store_graph
from newskg.shacl.core.registry import SUPPORTED
from newskg.shacl.core.run import CoreOutcome, CoreResult, run_core
from newskg.shacl.core.shapes import CoreShapes

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
