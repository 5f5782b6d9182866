"""SPARQL over the built graph: named queries, variable bindings, result formats.

Named queries are the ``queries/*.rq`` files; a query's name is its file
name without ``.rq`` and its first comment line is its one-line description.
``*-violation.rq`` files are checks that must return no row (run on the data
or on the ontology by the test suite); they are not listed as named queries.

Queries run in Oxigraph over the store (or over an RDF file loaded in
memory), in a worker process (:mod:`newskg.worker`) that is stopped past a
time limit; results are cut at a row limit. They never load spaCy.
Updates are refused unless explicitly allowed; ``SERVICE`` and ``LOAD``
always are (:mod:`newskg.sparql_guard`).

>>> [q.name for q in named_queries()][:2]
['actor-timeline', 'articles-per-entity']
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import pyoxigraph as ox

from newskg.errors import QueryError
from newskg.resources import queries_dir
from newskg.worker import Limits, QueryWorker

__all__ = [
    "NamedQuery",
    "QueryOutcome",
    "ResultFormat",
    "named_queries",
    "named_query",
    "parse_binding",
    "render",
    "run",
]

_CHECK_SUFFIX = "-violation"


class ResultFormat(StrEnum):
    """How ``newskg query`` prints results (CSV, TSV and JSON are the SPARQL results formats)."""

    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A ``queries/NAME.rq`` file: its name, one-line description and path."""

    name: str
    description: str
    path: Path

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


def _description(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            return stripped.lstrip("#").strip()
        if stripped:
            break
    return ""


def named_queries(directory: Path | None = None) -> list[NamedQuery]:
    """The named queries of ``directory`` (default: newskg's ``queries/``), sorted by name."""
    folder = Path(directory) if directory is not None else queries_dir()
    found = [
        NamedQuery(p.stem, _description(p), p)
        for p in folder.glob("*.rq")
        if not p.stem.endswith(_CHECK_SUFFIX)
    ]
    return sorted(found, key=lambda q: q.name)


def named_query(name: str, directory: Path | None = None) -> NamedQuery:
    """The named query ``name``; raises :class:`~newskg.errors.QueryError` naming the others."""
    known = named_queries(directory)
    for q in known:
        if q.name == name:
            return q
    names = ", ".join(q.name for q in known)
    raise QueryError(f"no named query {name!r}; known: {names}")


_IRI = re.compile(r"^(?:https?|urn|file):\S+$")
_PNAME = re.compile(r"^([A-Za-z][\w-]*)?:(\S*)$")


def parse_binding(text: str, prefixes: dict[str, str]) -> tuple[str, ox.NamedNode | ox.Literal]:
    """``NAME=VALUE`` -> the variable name and an RDF term.

    VALUE is an IRI (``<...>``, an absolute ``http(s):``/``urn:`` IRI, or a
    prefixed name such as ``id:entity/north-korea``), an integer, or else a
    plain string.

    >>> parse_binding("actor=id:entity/russia", {"id": "https://w3id.org/newskg/id/"})
    ('actor', <NamedNode value=https://w3id.org/newskg/id/entity/russia>)
    >>> parse_binding("value=4000", {})[1].value
    '4000'
    """
    name, sep, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not re.fullmatch(r"\w+", name):
        raise QueryError(f"a binding is NAME=VALUE, not {text!r}")
    value = value.strip()
    try:
        if value.startswith("<") and value.endswith(">"):
            return name, ox.NamedNode(value[1:-1])
        m = _PNAME.match(value)
        if m and (m.group(1) or "") in prefixes:
            return name, ox.NamedNode(prefixes[m.group(1) or ""] + m.group(2))
        if _IRI.match(value):
            return name, ox.NamedNode(value)
    except ValueError as exc:
        raise QueryError(f"not a valid IRI in binding {text!r}: {exc}") from exc
    if re.fullmatch(r"[+-]?\d+", value):
        xsd_integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
        return name, ox.Literal(value, datatype=xsd_integer)
    return name, ox.Literal(value)


@dataclass(slots=True)
class QueryOutcome:
    """What :func:`run` got: query results, or ``None`` after an update.

    ``truncated``: the results were cut at the row limit.
    """

    results: ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple] | None
    truncated: bool = False

    @property
    def updated(self) -> bool:
        return self.results is None


def run(
    worker: QueryWorker,
    sparql: str,
    *,
    bindings: dict[str, ox.NamedNode | ox.Literal] | None = None,
    allow_update: bool = False,
    limits: Limits | None = None,
) -> QueryOutcome:
    """Run ``sparql`` (a query, or an update when ``allow_update``) in ``worker`` under ``limits``.

    ``limits`` defaults to :class:`~newskg.worker.Limits` (30 s, 10,000 rows
    or triples); results beyond the row limit are cut and the outcome says so.
    Raises :class:`~newskg.errors.QueryError` (a ``SyntaxError``) for a
    malformed query, an update that is not allowed, ``SERVICE`` or ``LOAD``;
    :class:`~newskg.errors.QueryTimeoutError` (a ``TimeoutError``) when the
    query runs past the time limit.
    """
    answer = worker.run(sparql, limits=limits, bindings=bindings, allow_update=allow_update)
    return QueryOutcome(answer.results(), answer.truncated)


def _short(term: object, prefixes: dict[str, str]) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        iri = term.value
        best = max(
            ((p, ns) for p, ns in prefixes.items() if iri.startswith(ns)),
            key=lambda pn: len(pn[1]),
            default=None,
        )
        return f"{best[0]}:{iri[len(best[1]) :]}" if best else iri
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def render(
    outcome: QueryOutcome,
    fmt: ResultFormat,
    *,
    prefixes: dict[str, str],
    width: int | None = None,
) -> bytes:
    """The results as bytes in ``fmt``.

    A table shortens IRIs with ``prefixes`` and shows literals by their
    value; CSV, TSV and JSON are the W3C SPARQL results formats. The triples
    of a ``CONSTRUCT`` or ``DESCRIBE`` are printed as Turtle (``table``) or
    N-Triples (other formats).
    """
    results = outcome.results
    if results is None:
        return b"store updated\n"
    if isinstance(results, list):
        triples = sorted(results, key=str)
        if fmt is ResultFormat.TABLE:
            return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
        return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    if fmt is not ResultFormat.TABLE:
        results_format = {
            ResultFormat.CSV: ox.QueryResultsFormat.CSV,
            ResultFormat.TSV: ox.QueryResultsFormat.TSV,
            ResultFormat.JSON: ox.QueryResultsFormat.JSON,
        }[fmt]
        return results.serialize(format=results_format)
    if isinstance(results, ox.QueryBoolean):
        return b"true\n" if bool(results) else b"false\n"
    from rich import box  # noqa: PLC0415  (only tables need rich)
    from rich.console import Console  # noqa: PLC0415
    from rich.table import Table  # noqa: PLC0415

    names = [v.value for v in results.variables]
    table = Table(*names, box=box.SIMPLE_HEAD, pad_edge=False)
    count = 0
    for solution in results:
        table.add_row(*(_short(solution[n], prefixes) for n in names))
        count += 1
    table.caption = f"{count} row{'s' if count != 1 else ''}"
    if outcome.truncated:
        table.caption += " (cut at the row limit)"
    buf = io.StringIO()
    Console(file=buf, width=width or 160, color_system=None, highlight=False).print(table)
    return buf.getvalue().encode("utf-8")
