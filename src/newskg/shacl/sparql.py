"""SHACL-SPARQL constraints evaluated in one query each, over an Oxigraph store.

A SHACL engine runs an ``sh:SPARQLConstraint`` once per focus node, with
``$this`` pre-bound; on a graph of 100k triples pySHACL then spends minutes on
what one query does in a fraction of a second. The shapes keep their
standard SHACL-SPARQL form (any engine can run them); this module runs each
``sh:select`` once with ``$this`` left free, keeps the solutions whose
``$this`` is a focus node of the shape, and returns them as results that
:mod:`newskg.shacl` merges into its SHACL report.

:func:`split_shapes` takes out of a shapes graph the constraints it can run
this way: those of named node shapes that no other shape refers to, not
deactivated, whose query uses neither ``$shapesGraph`` nor
``$currentShape``. Everything else stays for pySHACL. :func:`load_store`
copies rdflib graphs into a :class:`pyoxigraph.Store`
(:mod:`newskg.shacl.oxigraph`, shared with the compiled SHACL Core);
:func:`run_constraints` runs the queries. An :class:`OxigraphData` names
which graphs of the store are the data (the default graph, a list of
graphs, or the union of all of them, as in the build's store) and, for a
store without the ontology, the subclasses each class target covers.

The free ``$this`` gives the same solutions as the pre-bound one when the
query's main pattern binds ``$this`` in every solution, and no subquery or
``MINUS`` scopes it apart (SHACL-SPARQL queries are normally written so).
The query's algebra (parsed by rdflib) tells; a query that does not qualify
is run once per focus node with ``$this`` substituted, still in Oxigraph.

Examples
--------
>>> from rdflib import Graph
>>> shapes = Graph().parse(format="turtle", data=(
...     '@prefix sh: <http://www.w3.org/ns/shacl#> . '
...     '<urn:ex:Shape> a sh:NodeShape ; sh:targetSubjectsOf <urn:ex:min> ; sh:sparql [ '
...     'sh:message "min above max" ; sh:select "SELECT $this ?value WHERE { '
...     '$this <urn:ex:min> ?value ; <urn:ex:max> ?max FILTER (?value > ?max) }" ] .'))
>>> core, constraints = split_shapes(shapes)
>>> len(core), len(constraints)
(2, 1)
>>> data = Graph().parse(format="turtle", data="<urn:ex:a> <urn:ex:min> 5 ; <urn:ex:max> 2 .")
>>> [(str(r.focus), str(r.value)) for r in run_constraints(constraints, load_store(data))]
[('urn:ex:a', '5')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from threading import Lock

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

from newskg.errors import InputError
from newskg.shacl.oxigraph import OxigraphData, load_store
from newskg.shacl.parallel import Mapper

__all__ = [
    "FocusNodes",
    "OxigraphData",
    "SparqlConstraint",
    "SparqlResult",
    "Targets",
    "load_store",
    "run_constraints",
    "split_shapes",
    "start_constraints",
]

# Focus nodes of each kind of target, the target bound through `substitutions`.
_CLASS_TARGET = (
    "SELECT DISTINCT ?this ?target WHERE { "
    "?this <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    "/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?target }"
)
_INSTANCE_TARGET = (
    "SELECT DISTINCT ?this ?target WHERE { "
    "?this <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ?target }"
)
_SUBJECTS_OF_TARGET = "SELECT DISTINCT ?this ?target WHERE { ?this ?target ?o }"
_OBJECTS_OF_TARGET = "SELECT DISTINCT ?this ?target WHERE { ?s ?target ?this }"

_THIS, _TARGET = ox.Variable("this"), ox.Variable("target")
_THIS_VAR = Variable("this")
_TEMPLATE = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True, slots=True)
class Targets:
    """The targets of a shape: ``sh:targetClass`` (with the implicit one), ``sh:targetNode``..."""

    classes: tuple[Node, ...] = ()
    nodes: tuple[Node, ...] = ()
    subjects_of: tuple[Node, ...] = ()
    objects_of: tuple[Node, ...] = ()


@dataclass(frozen=True, slots=True)
class SparqlConstraint:
    """One ``sh:sparql`` of a node shape, ready to run.

    ``graph`` is the constraint's subtree (its ``sh:select``, ``sh:message``...),
    which the report copies under ``sh:sourceConstraint`` as pySHACL does.
    ``per_focus_node`` is true for a query that needs ``$this`` pre-bound.
    """

    shape: URIRef
    node: Node
    select: str
    prefixes: tuple[tuple[str, str], ...]
    messages: tuple[Literal, ...]
    severity: URIRef
    targets: Targets
    graph: Graph
    per_focus_node: bool = False


@dataclass(frozen=True, slots=True)
class SparqlResult:
    """A solution of a constraint's query for one of its focus nodes."""

    constraint: SparqlConstraint
    focus: Node
    value: Node | None
    path: Node | None
    messages: tuple[Literal, ...]


# ---------------------------------------------------------------- shapes
def split_shapes(shapes: Graph) -> tuple[Graph, tuple[SparqlConstraint, ...]]:
    """Separate the SPARQL constraints this module runs from the rest of ``shapes``.

    Returns a copy of ``shapes`` without those constraints (for pySHACL) and
    the constraints, sorted by shape. A shape whose constraints stay in the
    copy (a property shape, a shape another shape refers to...) is left
    whole for pySHACL.

    Raises
    ------
    InputError
        When a constraint has several ``sh:select`` (reason ``"shapes"``).
    """
    core = Graph()
    for prefix, namespace in shapes.namespaces():
        core.bind(prefix, namespace, override=True, replace=True)
    core += shapes
    found: list[SparqlConstraint] = []
    for shape, node in sorted(shapes.subject_objects(SH.sparql)):
        if not _runs_here(shapes, shape, node):
            continue
        found.append(_constraint(shapes, shape, node))
        core.remove((shape, SH.sparql, node))
        for triple in _subtree(shapes, node):
            core.remove(triple)
    return core, tuple(found)


def _runs_here(shapes: Graph, shape: Node, node: Node) -> bool:
    if not isinstance(shape, URIRef) or (shape, SH.path, None) in shapes:
        return False
    if any(p != SH.sparql for _, p in shapes.subject_predicates(shape)):
        return False  # used by another shape (sh:node, sh:or, sh:property...)
    if shapes.value(shape, SH.deactivated) == Literal(True):
        return False
    if shapes.value(node, SH.deactivated) == Literal(True):
        return False
    select = shapes.value(node, SH.select)
    # $shapesGraph and $currentShape need pre-binding, which Oxigraph does
    # only for selected variables: leave such queries to pySHACL
    return select is not None and not {"shapesGraph", "currentShape"} & set(
        re.findall(r"[?$](\w+)", str(select))
    )


def _constraint(shapes: Graph, shape: URIRef, node: Node) -> SparqlConstraint:
    selects = list(shapes.objects(node, SH.select))
    if len(selects) != 1:
        raise InputError("shapes", "shapes", f"an sh:sparql of {shape} needs exactly one sh:select")
    messages = tuple(
        dict.fromkeys(
            m
            for m in (*shapes.objects(shape, SH.message), *shapes.objects(node, SH.message))
            if isinstance(m, Literal)
        )
    )
    severity = shapes.value(shape, SH.severity)
    sub = Graph()
    for triple in _subtree(shapes, node):
        sub.add(triple)
    prefixes = _prefixes(shapes, node)
    return SparqlConstraint(
        shape=shape,
        node=node,
        select=str(selects[0]),
        prefixes=prefixes,
        messages=messages,
        severity=severity if isinstance(severity, URIRef) else SH.Violation,
        targets=_targets(shapes, shape),
        graph=sub,
        per_focus_node=_needs_pre_binding(str(selects[0]), prefixes),
    )


def _needs_pre_binding(select: str, prefixes: tuple[tuple[str, str], ...]) -> bool:
    """Whether ``select`` may give other solutions with ``$this`` free than pre-bound.

    Not when its main pattern binds ``$this`` in every solution and it has
    no subquery nor ``MINUS`` (where a pre-bound ``$this`` is a constant,
    not a shared variable). A query rdflib cannot read counts as needing it.
    """
    try:
        query = prepareQuery(select, initNs=dict(prefixes))
    except Exception:  # rdflib raises bare Exceptions; per focus node is always right
        return True
    if query.algebra.name != "SelectQuery":
        return True
    main = query.algebra["p"]  # a Project
    return _THIS_VAR not in _bound(main) or _has_scopes(main["p"])


def _bound(node: object) -> set[Variable]:
    """The variables bound in every solution of an algebra node (a safe subset)."""
    if not isinstance(node, CompValue):
        return set()
    name = node.name
    if name == "BGP":
        return {t for triple in node["triples"] for t in triple if isinstance(t, Variable)}
    if name == "Join":
        return _bound(node["p1"]) | _bound(node["p2"])
    if name in {"LeftJoin", "Minus"}:
        return _bound(node["p1"])
    if name == "Union":
        return _bound(node["p1"]) & _bound(node["p2"])
    if name == "Project":
        return _bound(node["p"]) & set(node["PV"])
    if name in {"Filter", "Extend", "Distinct", "Reduced", "Slice", "OrderBy", "Graph"}:
        return _bound(node["p"])
    return set()  # VALUES, aggregates, SERVICE...: nothing certain


def _has_scopes(node: object) -> bool:
    """Whether an algebra (or parse) tree holds a subquery or a MINUS."""
    if isinstance(node, CompValue):
        if node.name in {"Project", "SubSelect", "Minus", "MinusGraphPattern"}:
            return True
        return any(_has_scopes(v) for k, v in node.items() if k != "_vars")
    if isinstance(node, (list, tuple)):
        return any(_has_scopes(v) for v in node)
    return False


def _prefixes(shapes: Graph, node: Node) -> tuple[tuple[str, str], ...]:
    """The prefixes declared (``sh:declare``) by the ``sh:prefixes`` of ``node`` and its imports."""
    found: dict[str, str] = {}
    todo = list(shapes.objects(node, SH.prefixes))
    seen: set[Node] = set()
    while todo:
        holder = todo.pop()
        if holder in seen:
            continue
        seen.add(holder)
        for declaration in shapes.objects(holder, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                found.setdefault(str(prefix), str(namespace))
        todo.extend(shapes.objects(holder, OWL.imports))
    return tuple(sorted(found.items()))


def _targets(shapes: Graph, shape: URIRef) -> Targets:
    classes = set(shapes.objects(shape, SH.targetClass))
    class_types = {RDFS.Class, *shapes.subjects(RDFS.subClassOf, RDFS.Class)}
    if any(t in class_types for t in shapes.objects(shape, RDF.type)):
        classes.add(shape)  # an implicit class target
    return Targets(
        classes=tuple(sorted(classes)),
        nodes=tuple(sorted(shapes.objects(shape, SH.targetNode))),
        subjects_of=tuple(sorted(shapes.objects(shape, SH.targetSubjectsOf))),
        objects_of=tuple(sorted(shapes.objects(shape, SH.targetObjectsOf))),
    )


def _subtree(graph: Graph, node: Node) -> Iterator[tuple[Node, Node, Node]]:
    """The triples of ``node`` and of the blank nodes below it."""
    todo, seen = [node], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for p, o in graph.predicate_objects(current):
            yield current, p, o
            if isinstance(o, BNode):
                todo.append(o)


# ---------------------------------------------------------------- queries
def run_constraints(
    constraints: Iterable[SparqlConstraint], store: OxigraphData, *, mapper: Mapper = map
) -> tuple[SparqlResult, ...]:
    """Run each constraint's query once over ``store``; one result per distinct solution.

    ``mapper`` runs the constraints (a thread pool's ``map`` runs them side
    by side); the results keep the constraints' order either way.

    Raises
    ------
    InputError
        When a query is not valid SPARQL or reports a ``?failure``
        (reason ``"shapes"``).
    """
    return start_constraints(constraints, store, mapper=mapper)()


def start_constraints(
    constraints: Iterable[SparqlConstraint], store: OxigraphData, *, mapper: Mapper = map
) -> Callable[[], tuple[SparqlResult, ...]]:
    """Hand each constraint's query to ``mapper``; the function returned gives the results.

    A thread pool's ``map`` starts the queries at once, so queries handed to
    the pool after them run side by side with them; the built-in ``map``
    runs them when the results are asked for. :func:`run_constraints` tells
    the results and their errors.
    """
    focus = FocusNodes(store)
    found = mapper(lambda constraint: _run_constraint(constraint, store, focus), list(constraints))
    return lambda: tuple(result for results in found for result in results)


class FocusNodes:
    """The focus nodes of each set of targets over one store, found once and only if needed.

    Several constraints share a target (three of the bundled ones target
    ``nkg:Claim``, three ``nkg:Event``), and most find no solution at all:
    their focus nodes are then never read. Reading them is not free on a
    large store (each is decoded into an rdflib term: ~1 s for 143,000
    claims on disk), so a constraint asks for them only to keep the
    solutions it found, or to pre-bind ``$this``, and the set is made once
    for all the constraints that share the targets, whichever thread asks
    first.
    """

    def __init__(self, store: OxigraphData) -> None:
        self._store = store
        self._lock = Lock()  # one set made at a time: the others wait for it, not redo it
        self._found: dict[Targets, frozenset[Node]] = {}

    def of(self, targets: Targets) -> frozenset[Node]:
        """All the focus nodes of ``targets`` (made on the first call, then shared)."""
        with self._lock:
            found = self._found.get(targets)
            if found is None:
                found = self._found[targets] = frozenset(_focus_nodes(targets, self._store))
            return found

    def any(self, targets: Targets) -> bool:
        """Whether ``targets`` have a focus node, found without reading them all."""
        found = self._found.get(targets)
        if found is not None:
            return bool(found)
        return _any_focus_node(targets, self._store)


def _run_constraint(
    constraint: SparqlConstraint, store: OxigraphData, focus: FocusNodes
) -> list[SparqlResult]:
    """One constraint's results over ``store``, each distinct solution once."""
    targets = constraint.targets
    if not focus.any(targets):
        return []
    rows = [] if constraint.per_focus_node else _query(constraint, store, None)
    if constraint.per_focus_node or any(row.get("this") is None for row in rows):
        rows = [
            {**row, "this": node}
            for node in sorted(focus.of(targets), key=str)
            for row in _query(constraint, store, node)
        ]
    if not rows:
        return []
    nodes = focus.of(targets)
    results: list[SparqlResult] = []
    seen: set[tuple[Node, Node | None, Node | None, tuple[Literal, ...]]] = set()
    for row in rows:
        this = row["this"]
        if this not in nodes:
            continue
        if row.get("failure") is not None:
            raise InputError(
                "shapes", "shapes", f"the SPARQL constraint of {constraint.shape} failed"
            )
        value = row.get("value", this)  # a node shape's default value is the focus node
        path = row.get("path")
        messages = _messages(constraint, row)
        key = (this, value, path, messages)
        if key not in seen:
            seen.add(key)
            results.append(SparqlResult(constraint, this, value, path, messages))
    return results


def _focus_nodes(targets: Targets, store: OxigraphData) -> set[Node]:
    found: set[Node] = set(targets.nodes)
    for query, term in _target_queries(targets, store):
        solutions = store.query(query, substitutions={_TARGET: store.terms(term)})
        found.update(store.terms.back(s[_THIS]) for s in solutions)
    return found


def _any_focus_node(targets: Targets, store: OxigraphData) -> bool:
    """Whether :func:`_focus_nodes` finds any node (the first solution is enough)."""
    if targets.nodes:
        return True
    for query, term in _target_queries(targets, store):
        solutions = store.query(query, substitutions={_TARGET: store.terms(term)})
        if next(iter(solutions), None) is not None:
            return True
    return False


def _target_queries(targets: Targets, store: OxigraphData) -> Iterator[tuple[str, Node]]:
    """The query finding each target's focus nodes, and the term it binds to ``?target``."""
    classes: Iterable[Node] = targets.classes
    class_query = _CLASS_TARGET
    if store.subclasses is not None:
        classes = sorted({c for t in targets.classes for c in store.subclasses.get(t, (t,))})
        class_query = _INSTANCE_TARGET
    for query, terms in (
        (class_query, classes),
        (_SUBJECTS_OF_TARGET, targets.subjects_of),
        (_OBJECTS_OF_TARGET, targets.objects_of),
    ):
        for term in terms:
            yield query, term


def _query(
    constraint: SparqlConstraint, store: OxigraphData, this: Node | None
) -> list[dict[str, Node]]:
    substitutions = {_THIS: store.terms(this)} if this is not None else None
    try:
        solutions = store.query(
            constraint.select,
            prefixes=dict(constraint.prefixes),
            substitutions=substitutions,
        )
    except (SyntaxError, RuntimeError) as exc:  # RuntimeError: $this cannot be substituted
        detail = " ".join(str(exc).split())[:300]
        raise InputError(
            "shapes", "shapes", f"not valid SHACL: the sh:select of {constraint.shape}: {detail}"
        ) from exc
    if not isinstance(solutions, ox.QuerySolutions):
        raise InputError(
            "shapes", "shapes", f"not valid SHACL: the sh:select of {constraint.shape} is no SELECT"
        )
    names = [v.value for v in solutions.variables]
    if "this" not in names:
        raise InputError(
            "shapes", "shapes", f"not valid SHACL: the sh:select of {constraint.shape} omits $this"
        )
    return [
        {
            name: store.terms.back(term)
            for name, term in zip(names, s, strict=True)
            if term is not None
        }
        for s in solutions
    ]


def _messages(constraint: SparqlConstraint, row: dict[str, Node]) -> tuple[Literal, ...]:
    """The result messages: ``?message`` when selected, else the shape's, ``{?var}`` filled in."""
    if isinstance(row.get("message"), Literal):
        return (row["message"],)

    def fill(match: re.Match[str]) -> str:
        term = row.get(match.group(1))
        return str(term) if term is not None else match.group(0)

    return tuple(
        Literal(_TEMPLATE.sub(fill, str(m)), lang=m.language) if "{" in m else m
        for m in constraint.messages
    )
