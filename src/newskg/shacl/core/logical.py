"""Logical constraints (SHACL 4.6): ``sh:not``, ``sh:and``, ``sh:or``, ``sh:xone``.

Each member shape becomes a SPARQL boolean expression of conformance
(:meth:`~.compiler.Compiler.conforms`), combined with ``!``, ``&&``,
``||``, or counted for ``sh:xone``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pyshacl.shape import Shape
from rdflib import URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from newskg.shacl.core.base import Constraint, Unsupported
from newskg.shacl.core.terms import qname

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


def _not(
    c: Compiler, shape: Shape, param: URIRef, arg: Node, v: str, origin: URIRef | None, trail: tuple
) -> str:
    return f"(!{c.conforms(c.shapes.shape(arg), v, trail)})"


CONSTRAINTS = {
    SH["or"]: Constraint(SH.OrConstraintComponent, test=_members),
    SH.xone: Constraint(SH.XoneConstraintComponent, test=_members),
    SH["and"]: Constraint(SH.AndConstraintComponent, test=_members),
    SH["not"]: Constraint(SH.NotConstraintComponent, test=_not),
}
