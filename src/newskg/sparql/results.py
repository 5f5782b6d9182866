"""How ``newskg query`` prints results: tables, the SPARQL results formats, RDF.

:class:`ResultFormat` names the formats; :func:`render` writes a
:class:`~newskg.sparql.queries.QueryOutcome` in one of them (a table with
labels from :func:`fetch_labels`, laid out by :func:`format_table`, or the
W3C formats that Oxigraph writes) and refuses a format that does not fit
the query's form (:class:`FormatMismatchError`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from enum import StrEnum

import pyoxigraph as ox

from newskg.errors import QueryError
from newskg.sparql.queries import QueryOutcome
from newskg.sparql.worker import AnswerKind, Limits, QueryWorker

__all__ = [
    "FormatMismatchError",
    "ResultFormat",
    "fetch_labels",
    "format_table",
    "render",
]


class ResultFormat(StrEnum):
    """How ``newskg query`` prints results.

    ``table`` fits every query form (a table of solutions, ``true``/``false``,
    Turtle for triples); CSV, TSV and JSON are the SPARQL results formats
    (SELECT, and ASK in JSON); Turtle and N-Triples are for the triples of
    CONSTRUCT and DESCRIBE.
    """

    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"
    TURTLE = "turtle"
    NTRIPLES = "ntriples"


class FormatMismatchError(QueryError):
    """A ``--format`` that does not fit the query's form (CSV for the triples of a CONSTRUCT)."""


_LABEL_BATCH = 300
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def fetch_labels(
    worker: QueryWorker,
    iris: Iterable[ox.NamedNode],
    *,
    lang: str = "fr",
    limits: Limits | None = None,
) -> dict[str, str]:
    """The ``rdfs:label`` of each of ``iris`` that has one: in ``lang``, else English, else any.

    Asked of ``worker`` in batches (a VALUES query each), under ``limits``'
    time limit and without a row limit.
    """
    wanted = list(dict.fromkeys(i.value for i in iris))
    timeout = (limits or Limits()).timeout
    rank: dict[str, tuple[int, str]] = {}
    preference = {lang: 0, "en": 1, "": 2}
    for start in range(0, len(wanted), _LABEL_BATCH):
        values = " ".join(f"<{iri}>" for iri in wanted[start : start + _LABEL_BATCH])
        sparql = f"SELECT ?s ?l WHERE {{ VALUES ?s {{ {values} }} ?s <{_RDFS_LABEL}> ?l }}"
        answer = worker.run(sparql, limits=Limits(timeout=timeout, max_rows=None))
        results = answer.results()
        assert isinstance(results, ox.QuerySolutions)
        for subject, label in results:
            if not isinstance(label, ox.Literal):
                continue
            key = (preference.get(label.language or "", 3), label.value)
            if subject.value not in rank or key < rank[subject.value]:
                rank[subject.value] = key
    return {iri: value for iri, (_, value) in rank.items()}


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
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def _printable(text: str) -> str:
    """One line of text, safe on a terminal: line breaks and tabs become spaces, other
    control and format characters (escapes, NUL, direction marks) are dropped."""
    return "".join(
        " " if c.isspace() else c for c in text if c.isspace() or unicodedata.category(c)[0] != "C"
    )


_RESULTS_FORMATS = {
    ResultFormat.CSV: ox.QueryResultsFormat.CSV,
    ResultFormat.TSV: ox.QueryResultsFormat.TSV,
    ResultFormat.JSON: ox.QueryResultsFormat.JSON,
}
_TRIPLE_FORMATS = {
    ResultFormat.TABLE: ox.RdfFormat.TURTLE,
    ResultFormat.TURTLE: ox.RdfFormat.TURTLE,
    ResultFormat.NTRIPLES: ox.RdfFormat.N_TRIPLES,
}


def render(
    outcome: QueryOutcome,
    fmt: ResultFormat,
    *,
    prefixes: dict[str, str],
    width: int | None = None,
    labels: dict[str, str] | None = None,
) -> bytes:
    """The results as bytes in ``fmt``, ending with a newline.

    CSV, TSV and JSON are the W3C SPARQL results formats of SELECT (and JSON
    of ASK); Turtle (``table`` too) and N-Triples hold the triples of a
    CONSTRUCT or DESCRIBE. A format that does not fit the query's form
    raises :class:`FormatMismatchError`.

    A table shows an IRI by its label in ``labels`` when it has one, else
    shortened with ``prefixes``, and a literal by its value, each on one
    line and never cut. When the table is wider than ``width`` (the
    terminal's), each row is shown as a record instead: one line per
    variable, ``name  value``, long values wrapped under themselves. Without
    ``width`` (not a terminal) it is always a table of plain, unwrapped lines.
    """
    kind = outcome.answer.kind
    if kind is AnswerKind.UPDATED:
        return b"store updated\n"
    if kind is AnswerKind.TRIPLES:
        if fmt not in _TRIPLE_FORMATS:
            raise FormatMismatchError(
                f"--format {fmt.value} does not fit a CONSTRUCT or DESCRIBE query (its results "
                "are triples): use table or turtle (Turtle), or ntriples"
            )
        triples = sorted(outcome.results, key=str)  # type: ignore[arg-type]
        extra = {"prefixes": prefixes} if _TRIPLE_FORMATS[fmt] is ox.RdfFormat.TURTLE else {}
        return _newline(ox.serialize(triples, format=_TRIPLE_FORMATS[fmt], **extra))
    if fmt in (ResultFormat.TURTLE, ResultFormat.NTRIPLES):
        form = "an ASK" if kind is AnswerKind.BOOLEAN else "a SELECT"
        raise FormatMismatchError(
            f"--format {fmt.value} is for the triples of CONSTRUCT and DESCRIBE, not {form} "
            "query: use table, csv, tsv or json"
        )
    if kind is AnswerKind.BOOLEAN:
        if fmt is ResultFormat.TABLE:
            return b"true\n" if bool(outcome.results) else b"false\n"
        if fmt is not ResultFormat.JSON:
            raise FormatMismatchError(
                f"--format {fmt.value} does not fit an ASK query (CSV and TSV results hold "
                "solutions, not a boolean): use table or json"
            )
        return _newline(outcome.results.serialize(format=_RESULTS_FORMATS[fmt]))  # type: ignore[union-attr]
    if fmt is not ResultFormat.TABLE:
        return _newline(outcome.results.serialize(format=_RESULTS_FORMATS[fmt]))  # type: ignore[union-attr]
    names, rows = outcome.table()
    labels = labels or {}

    def cell(term: object) -> str:
        if isinstance(term, ox.NamedNode) and term.value in labels:
            return _printable(labels[term.value])
        return _printable(_short(term, prefixes))

    cells = [[cell(t) for t in row] for row in rows]
    caption = f"{len(rows)} row{'s' if len(rows) != 1 else ''}"
    if outcome.truncated:
        caption += " (cut at the row limit)"
    return (format_table(names, cells, width=width) + "\n" + caption + "\n").encode("utf-8")


def _newline(data: bytes) -> bytes:
    return data if data.endswith(b"\n") else data + b"\n"


def format_table(names: Sequence[str], rows: Sequence[Sequence[str]], *, width: int | None) -> str:
    """Rows of cells as aligned columns, or as records when wider than ``width``.

    Columns are as wide as their widest cell (nothing is cut); they are
    two spaces apart, under a header and a rule. When that is wider than
    ``width``, each row becomes a record: a ``-[ row N ]-`` line, then one
    ``name  value`` line per bound variable, values longer than the rest of
    the line wrapped under themselves. ``width=None``: always columns.
    """
    from rich.cells import cell_len  # noqa: PLC0415  (display width of wide characters)

    widths = [cell_len(n) for n in names]
    for row in rows:
        widths = [max(w, cell_len(c)) for w, c in zip(widths, row, strict=True)]
    if width is None or sum(widths) + 2 * (len(widths) - 1) <= width:
        lines = [_line(names, widths), _line(["-" * w for w in widths], widths)]
        lines.extend(_line(row, widths) for row in rows)
        return "\n".join(lines) + "\n"
    import textwrap  # noqa: PLC0415

    pad = max(cell_len(n) for n in names)
    room = max(width - pad - 2, 20)
    out: list[str] = []
    for i, row in enumerate(rows, 1):
        head = f"-[ row {i} ]"
        out.append(head + "-" * max(width - len(head), 3))
        for name, value in zip(names, row, strict=True):
            if not value:
                continue
            parts = textwrap.wrap(value, room, break_long_words=True) or [value]
            out.append(f"{name}{' ' * (pad - cell_len(name))}  {parts[0]}")
            out.extend(" " * (pad + 2) + part for part in parts[1:])
    return "\n".join(out) + "\n"


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    from rich.cells import cell_len  # noqa: PLC0415

    padded = [c + " " * (w - cell_len(c)) for c, w in zip(cells, widths, strict=True)]
    return "  ".join(padded).rstrip()
