"""Cardinality constraints (SHACL 4.2): ``sh:minCount``, ``sh:maxCount``.

At the top level, over a path that can be read on its own (most are), the
path's triples are read first: ``sh:maxCount`` groups them by subject and
keeps the focus nodes among those with too many values, ``sh:minCount``
takes the nodes with enough values away from the focus nodes (``MINUS``).
Looking up each focus node's values instead costs a seek per focus node on
a store on disk (at 2.9M quads, 3.1 s against 0.34 s for ``sh:maxCount 1``,
1.4 s against 0.25 s for ``sh:minCount 1``). Over a closure path a count is a
``GROUP BY ... HAVING`` (or, for ``sh:minCount 1``, a ``FILTER NOT EXISTS``;
for ``sh:maxCount 1``, a pair of distinct values, about a third faster than
counting each focus node's values over 1M triples; for ``sh:maxCount 0``,
any value). Inside another shape it is
spelt pairwise (so many distinct values exist), which stays short only for
small counts: above :data:`_MAX_NESTED_COUNT` the shape is left to pySHACL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pyshacl.shape import Shape
from rdflib import URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from newskg.shacl.core.base import Constraint, Query, Site, Unsupported
from newskg.shacl.core.terms import count_value, qname

if TYPE_CHECKING:
    from newskg.shacl.core.compiler import Compiler

__all__ = ["CONSTRAINTS"]

# counting distinct values inside a nested shape is spelt pairwise: keep it short
_MAX_NESTED_COUNT = 4


def _queries(c: Compiler, at: Site, param: URIRef, values: tuple[Node, ...]) -> list[Query]:
    head, path, shape = at.head, at.path, at.shape
    n = count_value(values[0])
    v = c.var("v")
    if param == SH.minCount:
        if n == 0:
            return []
        if at.scan:  # the focus nodes less those with enough values (an anti-join)
            enough = (
                f"?this {path} {v}"
                if n == 1
                else f"SELECT ?this WHERE {{ ?this {path} {v} }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT {v}) >= {n})"
            )
            text = f"SELECT DISTINCT ?this WHERE {{ {head} MINUS {{ {enough} }} }}"
        elif n == 1:
            text = (
                f"SELECT DISTINCT ?this WHERE {{ {head} FILTER NOT EXISTS {{ ?this {path} {v} }} }}"
            )
        else:
            text = (
                f"SELECT ?this WHERE {{ {head} OPTIONAL {{ ?this {path} {v} }} }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT {v}) < {n})"
            )
        return [Query(shape, SH.MinCountConstraintComponent, text, "")]
    if at.scan:  # the nodes with too many values, then those of them that are focus nodes
        if n == 0:
            text = at.among_focus("?this", f"?this {path} {v}")
        else:
            too_many = (
                f"SELECT ?this WHERE {{ ?this {path} {v} }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT {v}) > {n})"
            )
            text = f"SELECT DISTINCT ?this WHERE {{ {{ {too_many} }} {head} }}"
    elif n == 0:  # any value at all
        text = f"SELECT DISTINCT ?this WHERE {{ {head} ?this {path} {v} }}"
    elif n == 1:  # two distinct values: a pair is cheaper than counting every node's
        w = c.var("v")
        text = (
            f"SELECT DISTINCT ?this WHERE {{ {head} ?this {path} {v} . ?this {path} {w} "
            f"FILTER (!sameTerm({v}, {w})) }}"
        )
    else:
        text = (
            f"SELECT ?this WHERE {{ {head} ?this {path} {v} }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT {v}) > {n})"
        )
    return [Query(shape, SH.MaxCountConstraintComponent, text, "")]


def _nested(
    c: Compiler, shape: Shape, x: str, path: str | None, param: URIRef, values: tuple[Node, ...]
) -> list[str]:
    n = count_value(values[0])
    want = n if param == SH.minCount else n + 1
    if want == 0:
        return ["true"]
    if want > _MAX_NESTED_COUNT:
        raise Unsupported(f"{qname(param)} {n} inside another shape")
    names = [c.var("n") for _ in range(want)]
    pattern = " . ".join(f"{x} {path} {n}" for n in names)
    distinct = [f"!sameTerm({a}, {b})" for i, a in enumerate(names) for b in names[i + 1 :]]
    body = pattern + (f" FILTER ({' && '.join(distinct)})" if distinct else "")
    return [f"EXISTS {{ {body} }}" if param == SH.minCount else f"NOT EXISTS {{ {body} }}"]


CONSTRAINTS = {
    SH.minCount: Constraint(SH.MinCountConstraintComponent, queries=_queries, nested=_nested),
    SH.maxCount: Constraint(SH.MaxCountConstraintComponent, queries=_queries, nested=_nested),
}
