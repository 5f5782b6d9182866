"""A SHACL Core shapes graph as the compiler reads it: pySHACL's parse, and what it leaves.

The shapes, their targets, messages, severities and ``sh:deactivated`` are
pySHACL's own (its parser reads them). Each shape with targets is compiled
once without data; one the compiler cannot handle whatever the data keeps
the reason (:attr:`CoreShapes.reasons`) and is left to pySHACL.
"""

from __future__ import annotations

from functools import cached_property

from pyshacl.errors import ConstraintLoadError, ReportableRuntimeError, ShapeLoadError
from pyshacl.shape import Shape
from pyshacl.shapes_graph import ShapesGraph
from rdflib import Graph
from rdflib.namespace import SH
from rdflib.term import Node

from newskg.shacl.core.base import Unsupported
from newskg.shacl.core.compiler import Compiler, Context
from newskg.shacl.core.literals import Exact

__all__ = ["CoreShapes"]


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
        dry = Context(Exact(), {}, {})
        for shape in self.top:
            try:
                Compiler(self, dry).top(shape)
            except Unsupported as exc:
                self.reasons[shape.node] = str(exc)

    def shape(self, node: Node) -> Shape:
        """The shape of ``node`` (refused when it is none)."""
        try:
            return self._parsed.lookup_shape_from_node(node)
        except KeyError:
            raise Unsupported(f"{node} is not a shape") from None

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
