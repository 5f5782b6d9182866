"""The compiler: one top-level shape in, the SPARQL queries of its constraints out.

:class:`Compiler` reads a shape's targets (the focus nodes), its path and
its constraint parameters, and hands each parameter to its entry of the
:mod:`.registry` (written by the module of its family): a test of one value
node, or queries on the values together. It raises
:class:`~.base.Unsupported` for a shape it cannot compile, which is then
left to pySHACL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import count
from typing import TYPE_CHECKING

from pyshacl.constraints import CONSTRAINT_PARAMETERS_MAP
from pyshacl.errors import ConstraintLoadError, ReportableRuntimeError
from pyshacl.shape import Shape
from rdflib import BNode, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from newskg.shacl.core.base import Keep, Query, Site, Unsupported
from newskg.shacl.core.literals import Literals
from newskg.shacl.core.registry import CONSTRAINTS, SUPPORTED
from newskg.shacl.core.terms import iri, qname, shape_name

if TYPE_CHECKING:
    from newskg.shacl.core.shapes import CoreShapes

__all__ = ["ClassFocus", "Compiler", "Context"]

_PATH_KINDS = {
    SH.inversePath: "^{}",
    SH.alternativePath: "",
    SH.zeroOrMorePath: "{}*",
    SH.oneOrMorePath: "{}+",
    SH.zeroOrOnePath: "{}?",
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


@dataclass(frozen=True, slots=True)
class Context:
    """What the queries depend on besides the shapes: literals, classes, the ontology's members."""

    literals: Literals
    subclasses: Mapping[Node, tuple[Node, ...]]
    members: Mapping[Node, tuple[Node, ...]]
    scan_first: bool = False  # the store is on disk: read a path's triples before the focus


@dataclass(frozen=True, slots=True)
class ClassFocus:
    """The focus nodes of class targets: instances of the classes (and subclasses) listed."""

    classes: str
    var: str

    def __call__(self, x: str) -> str:
        return f"VALUES {self.var} {{ {self.classes} }} {x} {iri(RDF.type)} {self.var}"


@dataclass(frozen=True, slots=True)
class _Check:
    """A test of one value node: its expression maker, and its anti-join maker if it has one."""

    test: Callable[[str], str]
    passing: Callable[[str], tuple[str, str | None] | None] | None

    def __call__(self, v: str) -> str:
        return self.test(v)


class Compiler:
    """Writes the SPARQL of one top-level shape (raises :class:`~.base.Unsupported`)."""

    def __init__(self, shapes: CoreShapes, context: Context) -> None:
        self.shapes = shapes
        self.graph = shapes.graph
        self.context = context
        self._names = count()

    def var(self, stem: str) -> str:
        """A fresh SPARQL variable."""
        return f"?{stem}{next(self._names)}"

    # -- top level: queries returning violations
    def top(self, shape: Shape) -> list[Query]:
        """The queries of a shape with targets (and of its property shapes)."""
        queries: list[Query] = []
        self.emit(shape, self.targets(shape), queries, ())
        return queries

    def emit(self, shape: Shape, focus: Callable[[str], str], out: list, trail: tuple) -> None:
        """Add to ``out`` the queries of ``shape`` over the focus nodes ``focus`` writes."""
        if shape.deactivated:
            return
        if shape.node in trail:
            raise Unsupported("a recursive sh:property")
        trail = (*trail, shape.node)
        params = self.parameters(shape)
        if not list(shape.message) and any(p != SH.property for p in params):
            raise Unsupported(f"{shape_name(shape)} has no sh:message (pySHACL writes one)")
        if shape.severity is not None and len(set(shape.objects(SH.severity))) > 1:
            raise Unsupported(f"{shape_name(shape)} has several sh:severity")
        path = self.path(shape) if shape.is_property_shape else None
        origin = self.context.literals.origin(shape.path(), self.graph) if path else None
        if isinstance(focus, ClassFocus):  # one class target: the outer DISTINCT suffices
            head = f"{focus('?this')} ."
        else:
            head = f"{{ SELECT DISTINCT ?this WHERE {{ {focus('?this')} }} }}"
        site = Site(shape, focus, head, path, origin, trail, self._scans(shape))
        for param, values in params.items():
            constraint = CONSTRAINTS.get(param)
            if constraint is None:  # sh:flags: read with sh:pattern
                continue
            if constraint.queries is not None:
                out.extend(constraint.queries(self, site, param, values))
                continue
            for check, component, keep in self._value_checks(shape, param, values, origin):
                if path is None:
                    text = f"SELECT DISTINCT ?this WHERE {{ {head} FILTER (!({check('?this')})) }}"
                    out.append(Query(shape, component, text, "focus", None, keep))
                else:
                    text = self._failing(site, check)
                    out.append(Query(shape, component, text, "value", origin, keep))

    def _failing(self, site: Site, check: _Check) -> str:
        """The query of the values of the site's path failing ``check``.

        A test that is an anti-join (``sh:class``) takes the passing values
        away in one ``MINUS`` rather than an ``EXISTS`` per value (at 2.9M
        quads, 0.3 s against 3 s in memory and 7 s on disk). On a store on
        disk the path's triples are read first, in one scan, and the focus
        nodes kept among their subjects after: one index lookup per
        *result*, where the focus nodes first cost one per focus node and
        value, each a RocksDB seek (4-9 times slower at 2.9M quads; in
        memory 10-40 % faster, so there the focus nodes come first).
        """
        anti = check.passing("?value") if check.passing is not None else None
        if anti is not None:
            pattern, others = anti
            failing = f"MINUS {{ {pattern} }}" + (f" FILTER (!({others}))" if others else "")
        else:
            failing = f"FILTER (!({check('?value')}))"
        values = f"?this {site.path} ?value . {failing}"
        if site.scan:
            return site.among_focus("?this ?value", values)
        return f"SELECT DISTINCT ?this ?value WHERE {{ {site.head} {values} }}"

    def _scans(self, shape: Shape) -> bool:
        """Whether the shape's path is read first: on disk, and a path that may be read
        unbound (a property shape's, no closure in it)."""
        if not (self.context.scan_first and shape.is_property_shape):
            return False
        node = shape.path()
        closures = (SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath)
        return not any((node, kind, None) in self.graph for kind in closures)

    def _value_checks(
        self, shape: Shape, param: URIRef, values: tuple[Node, ...], origin: URIRef | None
    ) -> Iterator[tuple[_Check, URIRef, Keep | None]]:
        """Checks of one value node: (expression maker, component, Python re-check)."""
        constraint = CONSTRAINTS[param]
        assert constraint.test is not None and constraint.component is not None
        test = constraint.test
        for value in values:
            keep = constraint.keep(self, shape, param, value) if constraint.keep else None
            yield (
                _Check(
                    lambda v, x=value: test(self, shape, param, x, v, origin, (shape.node,)),
                    None
                    if constraint.passing is None
                    else lambda v, x=value, p=constraint.passing: p(self, x, v),
                ),
                constraint.component,
                keep,
            )

    # -- inside another shape: SPARQL boolean expressions
    def check(
        self, shape: Shape, param: URIRef, arg: Node, v: str, origin: URIRef | None, trail: tuple
    ) -> str:
        """Whether the node in ``v`` meets ``param arg`` of ``shape`` (never an error)."""
        constraint = CONSTRAINTS.get(param)
        if constraint is None or constraint.test is None:  # pragma: no cover
            raise Unsupported(f"{qname(param)}")
        return constraint.test(self, shape, param, arg, v, origin, trail)

    def conforms(self, shape: Shape, x: str, trail: tuple) -> str:
        """A SPARQL expression: whether the node in ``x`` conforms to ``shape``."""
        if shape.deactivated:
            return "true"
        if shape.node in trail:
            raise Unsupported("a recursive shape")
        trail = (*trail, shape.node)
        params = self.parameters(shape)
        path = self.path(shape) if shape.is_property_shape else None
        origin = self.context.literals.origin(shape.path(), self.graph) if path else None
        tests: list[str] = []
        each: list[str] = []  # what each value must satisfy (on the value variable)
        v = self.var("v")
        for param, values in params.items():
            constraint = CONSTRAINTS.get(param)
            if constraint is None:  # sh:flags: read with sh:pattern
                continue
            if constraint.nested is not None:
                tests.extend(constraint.nested(self, shape, x, path, param, values))
            else:
                for value in values:
                    each.append(self.check(shape, param, value, v if path else x, origin, trail))
        if path is None:
            tests.extend(each)
        elif each:
            tests.append(f"NOT EXISTS {{ {x} {path} {v} . FILTER (!({' && '.join(each)})) }}")
        return "(" + (" && ".join(tests) or "true") + ")"

    # -- pieces
    def parameters(self, shape: Shape) -> dict[URIRef, tuple[Node, ...]]:
        """The shape's constraint parameters (those pySHACL acts on), checked."""
        params: dict[URIRef, list[Node]] = {}
        for p, o in self.graph.predicate_objects(shape.node):
            if p in CONSTRAINT_PARAMETERS_MAP or p == SH.flags:
                params.setdefault(p, []).append(o)
            elif p in self.shapes.custom_parameters:
                raise Unsupported(f"a custom constraint component ({p})")
            elif p == SH.target:
                raise Unsupported("sh:target (SHACL-AF)")
        for p in params:
            if p not in SUPPORTED and p != SH.flags:
                raise Unsupported(f"{qname(p)} is not compiled")
            if p in _ONE_VALUE and len(params[p]) != 1:
                raise Unsupported(f"{qname(p)} has {len(params[p])} values")
            if p in _PROPERTY_ONLY and not shape.is_property_shape:
                raise Unsupported(f"{qname(p)} on a node shape")
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
                raise Unsupported(f"pySHACL rejects {qname(p)}: {exc}") from None
        return {
            p: tuple(sorted(v, key=lambda n: (type(n).__name__, str(n))))
            for p, v in sorted(params.items())
        }

    def targets(self, shape: Shape) -> Callable[[str], str]:
        """The pattern binding a variable to the shape's focus nodes."""
        nodes, classes, implicit, objects_of, subjects_of = (list(t) for t in shape.target())
        branches: list[Callable[[str], str]] = []
        if nodes:
            if any(not isinstance(n, URIRef) for n in nodes):
                raise Unsupported("a sh:targetNode that is not an IRI")
            listed = " ".join(iri(n) for n in sorted(nodes))
            branches.append(lambda x: f"VALUES {x} {{ {listed} }}")
        wanted = {c for c in [*classes, *implicit]}
        if wanted:
            one_class = ClassFocus(self.classes(wanted), self.var("t"))
            if not (nodes or subjects_of or objects_of):
                return one_class
            branches.append(one_class)
        for p in sorted(subjects_of):
            o = self.var("o")
            branches.append(lambda x, p=p, o=o: f"{x} {self.predicate(p)} {o}")
        for p in sorted(objects_of):
            s = self.var("s")
            if self.context.literals.origin(p, self.graph) is not None:
                raise Unsupported("sh:targetObjectsOf a property whose datatype the store folds")
            branches.append(lambda x, p=p, s=s: f"{s} {self.predicate(p)} {x}")
        return lambda x: " UNION ".join(f"{{ {b(x)} }}" for b in branches)

    def values_of(self, focus: Callable[[str], str], path: str) -> Callable[[str], str]:
        """The pattern binding a variable to the values of ``path`` from the focus nodes."""
        up = self.var("up")
        return lambda x: f"{{ SELECT DISTINCT {up} WHERE {{ {focus(up)} }} }} {up} {path} {x}"

    def classes(self, classes: Iterable[Node]) -> str:
        """The classes and their subclasses, as a ``VALUES`` list."""
        found: set[Node] = set()
        for cls in classes:
            if not isinstance(cls, URIRef):
                raise Unsupported(f"a class that is not an IRI ({cls})")
            found.update(self.context.subclasses.get(cls, (cls,)))
        return " ".join(iri(c) for c in sorted(found, key=str) if isinstance(c, URIRef))

    def path(self, shape: Shape) -> str:
        """A property shape's path as a SPARQL property path."""
        return self._sparql_path(shape.path(), top=True)

    def _sparql_path(self, node: Node, *, top: bool = False) -> str:
        """A SHACL path as a SPARQL property path (the forms pySHACL and SPARQL read alike)."""
        g = self.graph
        if isinstance(node, URIRef):
            return self.predicate(node)
        if not isinstance(node, BNode):
            raise Unsupported(f"a path that is not an IRI or a blank node ({node})")
        kinds = {p: list(g.objects(node, p)) for p in _PATH_KINDS}
        used = [p for p, found in kinds.items() if found]
        is_list = (node, RDF.first, None) in g
        if len(used) + is_list != 1 or any(len(kinds[p]) != 1 for p in used):
            raise Unsupported("a path this compiler does not read")
        if is_list:
            items = self.rdf_list(node)
            if len(items) < 2 or not top:
                raise Unsupported("a sequence path of fewer than two steps, or a nested one")
            return "(" + "/".join(self._step(i) for i in items) + ")"
        kind, (inner,) = used[0], kinds[used[0]]
        if kind == SH.alternativePath:
            items = self.rdf_list(inner)
            if len(items) < 2:
                raise Unsupported("an sh:alternativePath of fewer than two paths")
            return "(" + "|".join(self._step(i) for i in items) + ")"
        if not isinstance(inner, URIRef):
            raise Unsupported(f"a {qname(kind)} of a complex path")
        return _PATH_KINDS[kind].format(self.predicate(inner))

    def _step(self, node: Node) -> str:
        if isinstance(node, URIRef):
            return self.predicate(node)
        found = list(self.graph.predicate_objects(node))
        if len(found) == 1 and found[0][0] == SH.inversePath and isinstance(found[0][1], URIRef):
            return "^" + self.predicate(found[0][1])
        raise Unsupported("a nested complex path")

    def rdf_list(self, node: Node) -> list[Node]:
        """The members of an RDF list of the shapes graph."""
        try:
            return list(self.graph.items(node))
        except (ValueError, TypeError):  # pragma: no cover - a malformed list
            raise Unsupported("a malformed RDF list") from None

    def predicate(self, node: Node) -> str:
        """A property as SPARQL (an IRI, or refused)."""
        if not isinstance(node, URIRef):
            raise Unsupported(f"a property that is not an IRI ({node})")
        return iri(node)
