"""Which SPARQL requests newskg runs: queries, updates when allowed, never SERVICE or LOAD.

:func:`check` tells a query (``SELECT``, ``ASK``, ``CONSTRUCT``,
``DESCRIBE``) from an update, and raises
:class:`~newskg.errors.QueryError` (a ``SyntaxError``: exit code 2, HTTP
400) for what newskg does not run:

- ``SERVICE`` (a federated query), whatever its endpoint: newskg answers
  from its own store only, and never makes a request on a query's behalf;
- ``LOAD``, for the same reason (add articles and build instead);
- any update (``INSERT``, ``DELETE``, ``CLEAR``, ``DROP``, ``CREATE``,
  ``ADD``, ``MOVE``, ``COPY``) unless ``allow_update``;
- a request that does not parse.

The request is parsed with rdflib's SPARQL 1.1 parser and the parse tree is
walked, so a keyword inside a string literal, an IRI, a prefixed name, a
variable or a comment is not taken for an operation. That parser is pure
Python (tens of milliseconds a query, a third of a second to import), so it
runs only when the text could hold one of the two keywords: one whose
letters, in any case, contain neither ``service`` nor ``load``, nor a ``\\u``
escape, cannot call either, and then only an update is left to refuse,
which its first keyword gives. Oxigraph parses every request again before
running it and reports a malformed one; it runs queries and updates through
separate calls, and a read-only store refuses writes, so an update never
passes for a query.

Limits: rdflib's parser does not know SPARQL 1.2 (RDF-star) syntax, so such
a request is refused when it holds one of the two keywords.

>>> check("SELECT ?s WHERE { ?s ?p 'a SERVICE in a literal' }")
<Operation.QUERY: 'query'>
>>> check("SELECT * WHERE { SERVICE <http://example.com/sparql> { ?s ?p ?o } }")
... # doctest: +ELLIPSIS
Traceback (most recent call last):
newskg.errors.QueryError: SERVICE (a federated query) is refused: ...
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from enum import StrEnum
from functools import lru_cache

from newskg.errors import QueryError

__all__ = ["Operation", "check", "is_update"]


class Operation(StrEnum):
    """What a SPARQL request does: read (a query) or write (an update)."""

    QUERY = "query"
    UPDATE = "update"


# Text that may hold a refused keyword; anything else skips the full parse.
_SUSPECT = re.compile(r"service|load|\\u", re.IGNORECASE)
_SERVICE = "ServiceGraphPattern"
_LOAD = "Load"


def check(sparql: str, *, allow_update: bool = False) -> Operation:
    """Whether ``sparql`` is a query or an update; raises :class:`~newskg.errors.QueryError`
    for SERVICE, LOAD, an update when not ``allow_update``, or text that does not parse.

    >>> check("PREFIX ex: <http://example.com/> INSERT DATA { ex:a ex:b 1 }", allow_update=True)
    <Operation.UPDATE: 'update'>
    """
    if _SUSPECT.search(sparql):
        operation, parts = _parse(sparql)
        if _SERVICE in parts:
            raise QueryError(
                "SERVICE (a federated query) is refused: newskg answers from its own store only"
            )
        if _LOAD in parts:
            raise QueryError(
                "LOAD is refused: newskg does not fetch data on a request's behalf "
                "(add the articles and build instead)"
            )
    else:
        operation = Operation.UPDATE if is_update(sparql) else Operation.QUERY
    if operation is Operation.UPDATE and not allow_update:
        raise QueryError(
            "this is a SPARQL update and updates are refused (read-only); "
            "--allow-update allows them"
        )
    return operation


@lru_cache(maxsize=256)
def _parse(sparql: str) -> tuple[Operation, frozenset[str]]:
    """The request's operation and the names of every node of its parse tree."""
    from pyparsing import ParseBaseException  # noqa: PLC0415  (only when needed: slow)
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate  # noqa: PLC0415

    update = is_update(sparql)
    attempts = [(Operation.UPDATE, parseUpdate), (Operation.QUERY, parseQuery)]
    if not update:
        attempts.reverse()
    first_error: ParseBaseException | None = None
    for operation, parse in attempts:
        try:
            tree = parse(sparql)
        except ParseBaseException as exc:
            first_error = first_error or exc
            continue
        except RecursionError:
            raise QueryError("invalid SPARQL query: too deeply nested to be checked") from None
        return operation, frozenset(_names(tree))
    kind = "update" if update else "query"
    # The position as Oxigraph gives it ("error at LINE:COLUMN: ..."), for
    # newskg.sparql.queries to show.
    where = f"error at {first_error.lineno}:{first_error.col}: " if first_error else ""
    detail = first_error.msg if first_error else "does not parse"
    raise QueryError(f"invalid SPARQL {kind}: {where}{detail}") from None


def _names(tree: object) -> Iterator[str]:
    """The names of the rdflib ``CompValue`` nodes of a parse tree (depth-first, no recursion)."""
    from pyparsing import ParseResults  # noqa: PLC0415
    from rdflib.plugins.sparql.parserutils import CompValue  # noqa: PLC0415

    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node.name
            stack.extend(dict.values(node))
        elif isinstance(node, ParseResults | list | tuple):
            stack.extend(node)


# Prologue (comments, BASE and PREFIX declarations), then the first keyword.
_PROLOGUE = re.compile(
    r"(?:\s+|\#[^\n]*|(?i:base)\s*<[^>]*>|(?i:prefix)\s+[^\s:]*:\s*<[^>]*>)*",
)
_UPDATE_KEYWORDS = frozenset(
    {"insert", "delete", "load", "clear", "create", "drop", "copy", "move", "add", "with"}
)


def is_update(sparql: str) -> bool:
    """Whether ``sparql`` is a SPARQL Update request (its first keyword after the prologue).

    >>> is_update("PREFIX ex: <http://example.com/#> DELETE WHERE { ?s ex:p ?o }")
    True
    >>> is_update("# insert nothing\\nSELECT * WHERE { ?s ?p ?o }")
    False
    """
    m = _PROLOGUE.match(sparql)
    rest = sparql[m.end() if m else 0 :]
    word = re.match(r"[A-Za-z]+", rest)
    return word is not None and word.group(0).lower() in _UPDATE_KEYWORDS


def after_prologue(sparql: str) -> str:
    """``sparql`` from its first keyword on (comments, BASE and PREFIX declarations skipped).

    >>> after_prologue("PREFIX ex: <http://example.com/#>\\n# all\\nSELECT * {}")
    'SELECT * {}'
    """
    m = _PROLOGUE.match(sparql)
    return sparql[m.end() if m else 0 :]
