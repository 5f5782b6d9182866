"""Property pair constraints (SHACL 4.5): ``sh:lessThan``, ``sh:lessThanOrEquals``.

``sh:equals`` and ``sh:disjoint`` are not compiled (a shape using them is
pySHACL's). IRIs and strings compare by their text, other literals by
value; at the top level pySHACL's own comparison has the last word on each
candidate result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pyshacl.shape import Shape
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from newskg.shacl.core.base import Constraint, Keep, Query, Site
from newskg.shacl.core.literals import STRINGS
from newskg.shacl.core.terms import iri

if TYPE_CHECKING:
    from newskg.shacl.core.compiler import Compiler

__all__ = ["CONSTRAINTS"]

_PAIRS = {
    SH.lessThan: ("<", SH.LessThanConstraintComponent),
    SH.lessThanOrEquals: ("<=", SH.LessThanOrEqualsConstraintComponent),
}


def _queries(c: Compiler, at: Site, param: URIRef, values: tuple[Node, ...]) -> list[Query]:
    op, component = _PAIRS[param]
    out = []
    for other in values:
        failing = f"FILTER (!({_compare(c, '?value', '?other', op)}))"
        if at.scan:  # each property's triples read once and joined, then the focus nodes
            pair = (
                f"{{ SELECT ?this ?value WHERE {{ ?this {at.path} ?value }} }} "
                f"{{ SELECT ?this ?other WHERE {{ ?this {c.predicate(other)} ?other }} }} "
                f"{failing}"
            )
            text = at.among_focus("?this ?value ?other", pair)
        else:
            pair = f"?this {at.path} ?value . ?this {c.predicate(other)} ?other . {failing}"
            text = f"SELECT DISTINCT ?this ?value ?other WHERE {{ {at.head} {pair} }}"
        keep = _pair_keeper(op)
        out.append(Query(at.shape, component, text, "value", at.origin, keep, other))
    return out


def _nested(
    c: Compiler, shape: Shape, x: str, path: str | None, param: URIRef, values: tuple[Node, ...]
) -> list[str]:
    op = _PAIRS[param][0]
    tests = []
    for other in values:
        w, u = c.var("w"), c.var("u")
        tests.append(
            f"NOT EXISTS {{ {x} {path} {u} . {x} {c.predicate(other)} {w} . "
            f"FILTER (!({_compare(c, u, w, op)})) }}"
        )
    return tests


def _compare(c: Compiler, a: str, b: str, op: str) -> str:
    """pySHACL's pair comparison: IRIs and strings by their text, other literals by value."""
    literals = c.context.literals

    def text(x: str) -> str:
        types = ", ".join(iri(t) for t in STRINGS)
        return f"(isIRI({x}) || (isLiteral({x}) && {literals.datatype(x, None)} IN ({types})))"

    return (
        f"COALESCE(IF({text(a)} && {text(b)}, STR({a}) {op} STR({b}), "
        f"IF({text(a)} || {text(b)}, false, "
        f"{literals.value(a)} {op} {literals.value(b)})), false)"
    )


def _pair_keeper(op: str) -> Keep:
    """pySHACL's test of sh:lessThan (``<``) and sh:lessThanOrEquals: keep the row if it fails."""

    def text(node: Node | None) -> tuple[bool, object]:
        if isinstance(node, URIRef):
            return True, str(node)
        if isinstance(node, Literal) and isinstance(node.value, str):
            return True, node.value
        return False, node

    def keep(value: Node | None, other: Node | None) -> bool:
        if isinstance(value, BNode) or isinstance(other, BNode):
            return True  # pySHACL stops with an error
        (a_text, a), (b_text, b) = text(value), text(other)
        if a_text != b_text:
            return True
        try:
            return not (a < b if op == "<" else a <= b)  # type: ignore[operator]
        except TypeError:
            return True

    return keep


CONSTRAINTS = {
    param: Constraint(component, queries=_queries, nested=_nested)
    for param, (_, component) in _PAIRS.items()
}
