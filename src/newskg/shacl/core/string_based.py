"""String-based constraints (SHACL 4.4): ``sh:minLength``, ``sh:maxLength``, ``sh:pattern``
(with ``sh:flags``) and ``sh:uniqueLang``.

A pattern is compiled only when Python's ``re`` (pySHACL's) and Oxigraph's
regex read it alike (:func:`_portable`), with no flag but ``i``; at the top
level Python's ``re`` has the last word on each candidate result.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pyoxigraph as ox
from pyshacl.shape import Shape
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from newskg.shacl.core.base import Constraint, Keep, Query, Site, Unsupported
from newskg.shacl.core.terms import count_value, quoted

if TYPE_CHECKING:
    from newskg.shacl.core.compiler import Compiler

__all__ = ["CONSTRAINTS"]

# escapes that Python's re and Oxigraph's regex (Rust) read alike
_PORTABLE_ESCAPES = frozenset(".-\\/dDtnr^$*+?()[]{}|")


# ---------------------------------------------------------------- sh:minLength, sh:maxLength
def _length(
    c: Compiler, shape: Shape, param: URIRef, arg: Node, v: str, origin: URIRef | None, trail: tuple
) -> str:
    n = count_value(arg)
    if param == SH.minLength and n == 0:
        return "true"
    op = ">=" if param == SH.minLength else "<="
    return f"(!isBlank({v}) && STRLEN(STR({v})) {op} {n})"


# ---------------------------------------------------------------- sh:pattern
def _pattern(
    c: Compiler, shape: Shape, param: URIRef, arg: Node, v: str, origin: URIRef | None, trail: tuple
) -> str:
    flags = _flags(c, shape)
    _regex(arg, flags)
    args = f"STR({v}), {quoted(str(arg))}" + (f", {quoted(flags)}" if flags else "")
    return f"COALESCE(!isBlank({v}) && REGEX({args}), false)"


def _pattern_keep(c: Compiler, shape: Shape, param: URIRef, pattern: Node) -> Keep:
    regex = _regex(pattern, _flags(c, shape))
    return lambda value, _: not _python_matches(regex, value)


def _flags(c: Compiler, shape: Shape) -> str:
    found = list(c.graph.objects(shape.node, SH.flags))
    flags = str(found[0]) if found else ""
    if set(flags) - {"i"}:
        raise Unsupported(f'sh:flags "{flags}"')
    return flags


def _regex(pattern: Node, flags: str) -> re.Pattern[str]:
    """Python's regex, as pySHACL compiles it, for a pattern both dialects read alike."""
    if not isinstance(pattern, Literal) or not _portable(str(pattern)):
        raise Unsupported(f"sh:pattern {str(pattern)!r} (the regex dialects may differ)")
    try:
        compiled = re.compile(str(pattern), re.IGNORECASE if "i" in flags else 0)
        ox.Store().query(f"ASK {{ FILTER (REGEX('', {quoted(str(pattern))})) }}")
    except (re.error, SyntaxError, ValueError) as exc:
        raise Unsupported(f"sh:pattern {pattern!r}: {exc}") from None
    return compiled


def _portable(pattern: str) -> bool:
    """Whether Python's ``re`` and Oxigraph's regex read ``pattern`` alike.

    No group extensions (``(?...)``), no escapes but plain ones and ``\\d``,
    and in a character class no nested class nor set operation
    (``[a-z&&[^x]]``, XPath's ``[a-z-[x]]``), which Python reads as characters.
    """
    i, in_class = 0, False
    while i < len(pattern):
        c, following = pattern[i], pattern[i + 1 : i + 2]
        if c == "\\":
            if following not in _PORTABLE_ESCAPES or not following:
                return False
            i += 2
            continue
        if in_class:
            if c == "[" or c + following in ("&&", "--", "~~"):
                return False
            in_class = c != "]"
        elif c == "[":
            if pattern[i + 1 : i + 3] in ("]", "^]") or following == "]":
                return False
            in_class = True
            if following == "^":
                i += 1
        elif c == "(" and following == "?":
            return False
        i += 1
    return not in_class


def _python_matches(regex: re.Pattern[str], value: Node | None) -> bool:
    """pySHACL's sh:pattern test of one value."""
    if value is None or isinstance(value, BNode):
        return False
    return regex.search(str(value)) is not None


# ---------------------------------------------------------------- sh:uniqueLang
def _unique_lang_queries(
    c: Compiler, at: Site, param: URIRef, values: tuple[Node, ...]
) -> list[Query]:
    if not _boolean(values[0]):
        return []
    a, b = c.var("a"), c.var("b")
    text = (
        f"SELECT DISTINCT ?this WHERE {{ {at.head} "
        f"?this {at.path} {a} . ?this {at.path} {b} . FILTER ({_same_language(a, b)}) }}"
    )
    return [Query(at.shape, SH.UniqueLangConstraintComponent, text, "")]


def _unique_lang_nested(
    c: Compiler, shape: Shape, x: str, path: str | None, param: URIRef, values: tuple[Node, ...]
) -> list[str]:
    if not _boolean(values[0]):
        return []
    a, b = c.var("a"), c.var("b")
    return [f"NOT EXISTS {{ {x} {path} {a} . {x} {path} {b} . FILTER ({_same_language(a, b)}) }}"]


def _same_language(a: str, b: str) -> str:
    return (
        f"isLiteral({a}) && isLiteral({b}) && LANG({a}) != '' "
        f"&& LCASE(LANG({a})) = LCASE(LANG({b})) && !sameTerm({a}, {b})"
    )


def _boolean(node: Node) -> bool:
    if not isinstance(node, Literal) or not isinstance(node.value, bool):
        raise Unsupported(f"sh:uniqueLang {node}")
    return node.value


CONSTRAINTS = {
    SH.minLength: Constraint(SH.MinLengthConstraintComponent, test=_length),
    SH.maxLength: Constraint(SH.MaxLengthConstraintComponent, test=_length),
    SH.pattern: Constraint(SH.PatternConstraintComponent, test=_pattern, keep=_pattern_keep),
    SH.uniqueLang: Constraint(
        SH.UniqueLangConstraintComponent,
        queries=_unique_lang_queries,
        nested=_unique_lang_nested,
    ),
}
