"""Value range constraints (SHACL 4.3): ``sh:minInclusive``, ``sh:maxInclusive``...

SPARQL compares the values (an error between incomparable values, hence a
violation); at the top level pySHACL's own comparison has the last word on
each candidate result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pyshacl.rdfutil.compare import compare_literal
from pyshacl.shape import Shape
from rdflib import Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from newskg.shacl.core.base import Constraint, Keep, Unsupported
from newskg.shacl.core.terms import literal_text, qname

if TYPE_CHECKING:
    from newskg.shacl.core.compiler import Compiler

__all__ = ["CONSTRAINTS"]

_RANGES = {
    SH.minInclusive: (">=", SH.MinInclusiveConstraintComponent),
    SH.maxInclusive: ("<=", SH.MaxInclusiveConstraintComponent),
    SH.minExclusive: (">", SH.MinExclusiveConstraintComponent),
    SH.maxExclusive: ("<", SH.MaxExclusiveConstraintComponent),
}


def _test(
    c: Compiler, shape: Shape, param: URIRef, arg: Node, v: str, origin: URIRef | None, trail: tuple
) -> str:
    if not isinstance(arg, Literal):
        raise Unsupported(f"{qname(param)} {arg} is no literal")
    op = _RANGES[param][0]
    value = c.context.literals.value(v)
    return f"COALESCE(isLiteral({v}) && {value} {op} {literal_text(arg)}, false)"


def _keep(c: Compiler, shape: Shape, param: URIRef, bound: Node) -> Keep:
    """pySHACL's test of a value against sh:minInclusive and the like: keep the row if it fails."""
    test = {
        SH.minInclusive: lambda c: c >= 0,
        SH.minExclusive: lambda c: c > 0,
        SH.maxInclusive: lambda c: c <= 0,
        SH.maxExclusive: lambda c: c < 0,
    }[param]

    def keep(value: Node | None, _: Node | None) -> bool:
        if not isinstance(value, Literal) or not isinstance(bound, Literal):
            return True
        if isinstance(value.value, str) != isinstance(bound.value, str):
            return True
        try:
            return not test(compare_literal(value, bound))
        except (TypeError, NotImplementedError):
            return True

    return keep


CONSTRAINTS = {
    param: Constraint(component, test=_test, keep=_keep)
    for param, (_, component) in _RANGES.items()
}
