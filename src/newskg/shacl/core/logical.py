"""Logical constraints (SHACL 4.6): ``sh:not``, ``sh:and``, ``sh:or``, ``sh:xone``.

Each member shape becomes a SPARQL boolean expression of conformance
(:meth:`~.compiler.Compiler.conforms`), combined with ``!``, ``&&``,
``||``, or counted for ``sh:xone``. At the top level an ``sh:or`` of
classes is also written as an anti-join (see :mod:`.value_type`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pyshacl.shape import Shape
from rdflib import URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from newskg.shacl.core.base import Constraint, Unsupported
from newskg.shacl.core.terms import qname
from newskg.shacl.core.value_type import instances_of

if TYPE_CHECKING:
    from newskg.shacl.core.compiler import Compiler

__all__ = ["CONSTRAINTS"]


def _members(
    c: Compiler, shape: Shape, param: URIRef, arg: Node, v: str, origin: URIRef | None, trail: tuple
) -> str:
    """``sh:or``, ``sh:and``, ``sh:xone``: a list of shapes."""
    members = [c.shapes.shape(m) for m in c.rdf_list(arg)]
    if not members:
        raise Unsupported(f"an empty {qname(param)}")
    tests = [c.conforms(m, v, trail) for m in members]
    if param == SH["or"]:
        return "(" + " || ".join(dict.fromkeys(tests)) + ")"
    if param == SH["and"]:
        return "(" + " && ".join(tests) + ")"
    return "((" + " + ".join(f"IF({t}, 1, 0)" for t in tests) + ") = 1)"


def _or_passing(c: Compiler, arg: Node, v: str) -> tuple[str, str | None] | None:
    """An ``sh:or`` of classes (each member a node shape with one ``sh:class`` and no other
    constraint) as the instances of any of them; none for any other ``sh:or``."""
    classes: list[Node] = []
    for node in c.rdf_list(arg):
        member = c.shapes.shape(node)
        if member.deactivated or member.is_property_shape:
            return None
        params = c.parameters(member)
        if set(params) != {SH["class"]} or len(params[SH["class"]]) != 1:
            return None
        classes.extend(params[SH["class"]])
    return instances_of(c, classes, v) if classes else None


def _not(
    c: Compiler, shape: Shape, param: URIRef, arg: Node, v: str, origin: URIRef | None, trail: tuple
) -> str:
    return f"(!{c.conforms(c.shapes.shape(arg), v, trail)})"


CONSTRAINTS = {
    SH["or"]: Constraint(SH.OrConstraintComponent, test=_members, passing=_or_passing),
    SH.xone: Constraint(SH.XoneConstraintComponent, test=_members),
    SH["and"]: Constraint(SH.AndConstraintComponent, test=_members),
    SH["not"]: Constraint(SH.NotConstraintComponent, test=_not),
}
