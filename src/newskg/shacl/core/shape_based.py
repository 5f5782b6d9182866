"""Shape-based constraints (SHACL 4.7): ``sh:node``, ``sh:property``.

A property shape is compiled in turn at the top level, over the values of
its parent's path (its results are its own). ``sh:node`` is compiled only
inside ``sh:or``, ``sh:xone``, ``sh:and`` and ``sh:not``: at the top level
pySHACL nests the results of a failed ``sh:node`` under ``sh:detail``, so
such a shape is left to it. ``sh:qualifiedValueShape`` is not compiled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pyshacl.shape import Shape
from rdflib import URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from newskg.shacl.core.base import Constraint, Query, Site, Unsupported

if TYPE_CHECKING:
    from newskg.shacl.core.compiler import Compiler

__all__ = ["CONSTRAINTS"]


def _node(
    c: Compiler, shape: Shape, param: URIRef, arg: Node, v: str, origin: URIRef | None, trail: tuple
) -> str:
    member = c.shapes.shape(arg)
    if member.is_property_shape:
        raise Unsupported("sh:node names a property shape")
    return c.conforms(member, v, trail)


def _node_at_the_top(c: Compiler, at: Site, param: URIRef, values: tuple[Node, ...]) -> list[Query]:
    raise Unsupported("sh:node outside sh:or and the like (pySHACL nests its details)")


def _property(
    c: Compiler, shape: Shape, param: URIRef, arg: Node, v: str, origin: URIRef | None, trail: tuple
) -> str:
    return c.conforms(_property_shape(c, arg), v, trail)


def _property_queries(
    c: Compiler, at: Site, param: URIRef, values: tuple[Node, ...]
) -> list[Query]:
    out: list[Query] = []
    for node in values:
        prop = _property_shape(c, node)
        inner = at.focus if at.path is None else c.values_of(at.focus, at.path)
        c.emit(prop, inner, out, at.trail)
    return out


def _property_shape(c: Compiler, node: Node) -> Shape:
    shape = c.shapes.shape(node)
    if not shape.is_property_shape:
        raise Unsupported("sh:property names a node shape")
    return shape


CONSTRAINTS = {
    SH.node: Constraint(SH.NodeConstraintComponent, test=_node, queries=_node_at_the_top),
    SH.property: Constraint(None, test=_property, queries=_property_queries),
}
