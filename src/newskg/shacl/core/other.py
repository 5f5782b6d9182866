"""Other constraints (SHACL 4.8): ``sh:in``.

A value is in the list when it is the same IRI, or a literal of the same
lexical form and datatype (or language, in any case). ``sh:closed``,
``sh:ignoredProperties`` and ``sh:hasValue`` are not compiled (a shape
using them is pySHACL's).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pyshacl.shape import Shape
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import SH, XSD
from rdflib.term import Node

from newskg.shacl.core.base import Constraint
from newskg.shacl.core.terms import iri, quoted

if TYPE_CHECKING:
    from newskg.shacl.core.compiler import Compiler

__all__ = ["CONSTRAINTS"]


def _in(
    c: Compiler, shape: Shape, param: URIRef, arg: Node, v: str, origin: URIRef | None, trail: tuple
) -> str:
    members = c.rdf_list(arg)
    tests = [_equals(c, v, m, origin) for m in members if not isinstance(m, BNode)]
    return "(" + (" || ".join(tests) or "false") + ")"


def _equals(c: Compiler, v: str, member: Node, origin: URIRef | None) -> str:
    if isinstance(member, URIRef):
        return f"sameTerm({v}, {iri(member)})"
    assert isinstance(member, Literal)
    literals = c.context.literals
    if member.language:
        return (
            f"(isLiteral({v}) && STR({v}) = {quoted(str(member))} "
            f"&& LCASE(LANG({v})) = {quoted(member.language.lower())})"
        )
    datatype = member.datatype or XSD.string
    return (
        f"COALESCE(isLiteral({v}) && LANG({v}) = '' && STR({v}) = {quoted(str(member))} "
        f"&& {literals.datatype(v, origin)} = {iri(datatype)}, false)"
    )


CONSTRAINTS = {
    SH["in"]: Constraint(SH.InConstraintComponent, test=_in),
}
