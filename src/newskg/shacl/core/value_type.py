"""Value type constraints (SHACL 4.1): ``sh:class``, ``sh:datatype``, ``sh:nodeKind``.

``sh:class`` follows ``rdfs:subClassOf``: the subclasses of the class (from
the ontology and the data) are written into the query, and over a store
the ontology's own instances count. At the top level the values that are
instances are taken away all at once (``MINUS``), not looked up one by one.
``sh:datatype`` reads the datatype as rdflib would (:mod:`.literals`) and,
at the top level, rdflib has the last word on each candidate result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pyshacl.shape import Shape
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from newskg.shacl.core.base import Constraint, Keep, Unsupported
from newskg.shacl.core.literals import well_typed
from newskg.shacl.core.terms import iri

if TYPE_CHECKING:
    from newskg.shacl.core.compiler import Compiler

__all__ = ["CONSTRAINTS", "datatype_test", "instances_of"]

_NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "!isLiteral({v})",
    SH.BlankNodeOrLiteral: "!isIRI({v})",
    SH.IRIOrLiteral: "!isBlank({v})",
}


def _class(
    c: Compiler, shape: Shape, param: URIRef, cls: Node, v: str, origin: URIRef | None, trail: tuple
) -> str:
    pattern, members = _class_passing(c, cls, v)
    return "(" + " || ".join([f"EXISTS {{ {pattern} }}", *([members] if members else [])]) + ")"


def _class_passing(c: Compiler, cls: Node, v: str) -> tuple[str, str | None]:
    return instances_of(c, [cls], v)


def instances_of(c: Compiler, classes: list[Node], v: str) -> tuple[str, str | None]:
    """A pattern matching the node in ``v`` if it is an instance of one of ``classes`` (or
    of a subclass) in the data, and an expression true of the ontology's own instances."""
    t = c.var("t")
    pattern = f"VALUES {t} {{ {c.classes(classes)} }} {v} {iri(RDF.type)} {t}"
    members = sorted({m for cls in classes for m in c.context.members.get(cls, ())}, key=str)
    extra = [f"sameTerm({v}, {iri(m)})" for m in members if isinstance(m, URIRef)]
    return pattern, " || ".join(extra) or None


def datatype_test(c: Compiler, v: str, datatype: Node, origin: URIRef | None) -> str:
    """Whether the node in ``v`` is a well-typed literal of ``datatype``."""
    if datatype == RDFS.Literal:
        return f"isLiteral({v})"
    if not isinstance(datatype, URIRef) or datatype == RDFS.Datatype:
        raise Unsupported(f"sh:datatype {datatype}")
    literals = c.context.literals
    return (
        f"COALESCE(isLiteral({v}) && {literals.datatype(v, origin)} = {iri(datatype)} "
        f"&& {literals.well_formed(v, datatype)}, false)"
    )


def _datatype(
    c: Compiler, shape: Shape, param: URIRef, arg: Node, v: str, origin: URIRef | None, trail: tuple
) -> str:
    return datatype_test(c, v, arg, origin)


def _datatype_keep(c: Compiler, shape: Shape, param: URIRef, datatype: Node) -> Keep:
    return lambda value, _: not _datatype_matches(value, datatype)


def _datatype_matches(value: Node | None, datatype: Node) -> bool:
    """pySHACL's sh:datatype test of one value (the final word on a top-level result)."""
    if not isinstance(value, Literal):
        return False
    if value.datatype == datatype:
        return well_typed(value)
    if datatype == RDFS.Literal:
        return True
    if datatype == XSD.string and value.datatype is None and value.language is None:
        return True
    return datatype == RDF.langString and bool(value.language)


def _node_kind(
    c: Compiler, shape: Shape, param: URIRef, arg: Node, v: str, origin: URIRef | None, trail: tuple
) -> str:
    if arg not in _NODE_KINDS:
        raise Unsupported(f"sh:nodeKind {arg}")
    return _NODE_KINDS[arg].format(v=v)


CONSTRAINTS = {
    SH["class"]: Constraint(SH.ClassConstraintComponent, test=_class, passing=_class_passing),
    SH.datatype: Constraint(SH.DatatypeConstraintComponent, test=_datatype, keep=_datatype_keep),
    SH.nodeKind: Constraint(SH.NodeKindConstraintComponent, test=_node_kind),
}
