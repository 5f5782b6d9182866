"""What the compiler's modules share: a compiled query, a constraint's entry, the refusal.

A constraint component is compiled by the module of its family (as the
SHACL specification groups them, section 4): :mod:`.value_type`,
:mod:`.cardinality`, :mod:`.value_range`, :mod:`.string_based`,
:mod:`.property_pair`, :mod:`.logical`, :mod:`.shape_based` and
:mod:`.other`. Each declares a :class:`Constraint` per parameter it handles;
:mod:`.registry` gathers them for the :class:`~.compiler.Compiler`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pyshacl.shape import Shape
from rdflib import URIRef
from rdflib.term import Node

if TYPE_CHECKING:
    from newskg.shacl.core.compiler import Compiler

__all__ = ["Constraint", "Keep", "Passing", "Query", "Site", "Unsupported"]


class Unsupported(Exception):
    """A shape the compiler leaves to pySHACL; the message says why."""


# pySHACL's own test of a candidate row (its value, and the other value of a pair): keep it?
Keep = Callable[[Node | None, Node | None], bool]


@dataclass(frozen=True, slots=True)
class Query:
    """One compiled query: each row it returns is a candidate result of ``component``."""

    shape: Shape
    component: URIRef
    text: str
    value: str  # "value": rows carry ?value; "focus": the value is the focus node; "": none
    origin: URIRef | None = None
    keep: Keep | None = None
    other: URIRef | None = None  # the property of ?other, the value a pair compares with


@dataclass(frozen=True, slots=True)
class Site:
    """A shape compiled at the top level: its focus nodes and their pattern, its path.

    ``focus`` writes the pattern binding its argument to the focus nodes;
    ``head`` is that pattern for ``?this``, ready to open a query; ``path``
    the shape's path as SPARQL (none for a node shape); ``origin`` the
    property its values come by when the store folds their datatype;
    ``trail`` the shapes on the way to it (a recursive one is refused);
    ``scan`` whether the queries find the candidates from the path's
    triples first and join the focus nodes to them (on a store on disk,
    for a path with no ``*``, ``+`` or ``?``: see :mod:`.compiler`).
    """

    shape: Shape
    focus: Callable[[str], str]
    head: str
    path: str | None
    origin: URIRef | None
    trail: tuple[Node, ...]
    scan: bool = False

    def among_focus(self, select: str, pattern: str) -> str:
        """``SELECT DISTINCT select`` of the rows of ``pattern`` (a subquery over the whole
        data, its results projected on ``select``) whose ``?this`` is a focus node."""
        found = f"SELECT DISTINCT {select} WHERE {{ {pattern} }}"
        return f"SELECT DISTINCT {select} WHERE {{ {{ {found} }} {self.head} }}"


# A SPARQL boolean expression: whether the value node in the variable meets ``param arg``.
# The same test as an anti-join: a group pattern the passing values match, and
# an expression true of the other values that pass (or none); none for an
# argument it cannot write so.
Passing = Callable[["Compiler", Node, str], "tuple[str, str | None] | None"]
ValueTest = Callable[["Compiler", Shape, URIRef, Node, str, "URIRef | None", tuple[Node, ...]], str]
# pySHACL's re-check of a top-level candidate result for ``param arg`` (or none).
KeepMaker = Callable[["Compiler", Shape, URIRef, Node], "Keep | None"]
# The queries of a constraint on the shape's values together, at the top level.
TopQueries = Callable[["Compiler", Site, URIRef, tuple[Node, ...]], list[Query]]
# The same constraint inside another shape: SPARQL boolean expressions on the node ``x``.
NestedTests = Callable[["Compiler", Shape, str, "str | None", URIRef, tuple[Node, ...]], list[str]]


@dataclass(frozen=True, slots=True)
class Constraint:
    """How the compiler writes one constraint parameter (``sh:minCount``, ``sh:class``...).

    A component checked on each value node has a ``test`` and may have a
    ``keep`` (pySHACL's test of a candidate result, the last word at the top
    level). A component on the values taken together (the counts, the
    property pairs, ``sh:uniqueLang``) has ``queries`` for the top level and
    ``nested`` tests inside another shape; ``sh:property`` has ``queries``
    (the nested shape compiled in turn) and a ``test`` (inside another shape).
    ``passing`` writes the ``test`` as an anti-join, for a top-level query
    over the values of a path: a ``MINUS`` of every passing value at once
    instead of an ``EXISTS`` for each value.
    """

    component: URIRef | None
    test: ValueTest | None = None
    keep: KeepMaker | None = None
    queries: TopQueries | None = None
    nested: NestedTests | None = None
    passing: Passing | None = None
