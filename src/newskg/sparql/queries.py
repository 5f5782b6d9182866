"""Named queries, variable bindings, prefixes and syntax errors; running a query in a worker.

Named queries are the ``queries/*.rq`` files; a query's name is its file
name without ``.rq`` and its first comment line is its one-line description.
``*-violation.rq`` files are checks that must return no row (run on the data
or on the ontology by the test suite); they are not listed as named queries.

Queries run in Oxigraph over the store (or over an RDF file loaded in
memory), in a worker process (:mod:`newskg.sparql.worker`) that is stopped
past a time limit; results are cut at a row limit (:func:`run`). They never
load spaCy. Updates are refused unless explicitly allowed; ``SERVICE`` and
``LOAD`` always are (:mod:`newskg.sparql.guard`). How the results are
printed is :mod:`newskg.sparql.results`.

A query may use the prefixes of ``graph.ttl`` without declaring them
(:func:`declare_prefixes`: ``nkg:``, ``id:``, ``rdf:``, ``rdfs:``,
``owl:``, ``skos:``, ``xsd:``, ``dcterms:``, ``prov:``, ``wd:``,
``schema:``); a malformed query is reported with its line, column, text and
a caret (:func:`explain_syntax_error`), a binding of a variable the query
does not have with the query's variables (:func:`check_bindings`).

>>> [q.name for q in named_queries()][:2]
['actor-timeline', 'articles-per-entity']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from newskg.errors import QueryError
from newskg.resources import queries_dir
from newskg.sparql.worker import Answer, AnswerKind, Limits, QueryWorker

__all__ = [
    "NamedQuery",
    "QueryOutcome",
    "binding_hint",
    "check_bindings",
    "declare_prefixes",
    "explain_syntax_error",
    "named_queries",
    "named_query",
    "parse_binding",
    "predeclared_prefixes",
    "query_variables",
    "run",
]

_CHECK_SUFFIX = "-violation"
Term = ox.NamedNode | ox.Literal | ox.BlankNode


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
    plain string. ``kb:KEY``, an entity of the knowledge-base files, is read
    as the entity's IRI in the graph, ``id:entity/KEY``, when ``id`` is in
    ``prefixes`` (the KB's ``kb:`` names map one to one onto those IRIs).
    A bare key such as ``north-korea`` stays a string: :func:`binding_hint`
    suggests the IRI.

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
        if m and m.group(1) == "kb" and "kb" not in prefixes and "id" in prefixes:
            return name, ox.NamedNode(f"{prefixes['id']}entity/{m.group(2)}")
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


def binding_hint(term: ox.NamedNode | ox.Literal, prefixes: dict[str, str]) -> ox.NamedNode | None:
    """The entity IRI a string binding may have meant (``north-korea``: ``id:entity/north-korea``).

    A binding value that is neither an IRI nor a number is bound as a string;
    when it looks like an entity key (lowercase words joined by hyphens), the
    caller may check that the entity exists and suggest its IRI. ``None``
    when the value does not look like a key or ``id`` is not a known prefix.

    >>> binding_hint(ox.Literal("north-korea"), {"id": "https://w3id.org/newskg/id/"}).value
    'https://w3id.org/newskg/id/entity/north-korea'
    """
    if not isinstance(term, ox.Literal) or "id" not in prefixes:
        return None
    if term.language or term.datatype.value != f"{_XSD}string":
        return None
    if not _KEY.fullmatch(term.value):
        return None
    return ox.NamedNode(f"{prefixes['id']}entity/{term.value}")


_XSD = "http://www.w3.org/2001/XMLSchema#"
_KEY = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


def predeclared_prefixes(base: str) -> dict[str, str]:
    """The prefixes every query may use undeclared: those of ``graph.ttl`` (``id:`` is ``base``)."""
    from newskg.store import prefixes  # noqa: PLC0415  (rdflib: only when a query runs)

    return prefixes(base)


_DECLARED = re.compile(r"(?i)\bprefix\s+([^\s:]*):")


def declare_prefixes(sparql: str, prefixes: dict[str, str]) -> str:
    """``sparql`` with a first line declaring the ``prefixes`` it does not declare itself.

    The declarations take one line, so that an error's line number in the
    result is one more than in ``sparql`` (:func:`explain_syntax_error`
    takes it back). A prefix the query declares keeps the query's IRI.
    ``sparql`` itself is returned when nothing is missing.

    >>> declare_prefixes("SELECT * { ?s a nkg:Event }", {"nkg": "https://w3id.org/newskg/ontology#"})
    'PREFIX nkg: <https://w3id.org/newskg/ontology#>\\nSELECT * { ?s a nkg:Event }'
    """
    declared = {m.group(1) for m in _DECLARED.finditer(sparql)}
    missing = [f"PREFIX {p}: <{ns}>" for p, ns in prefixes.items() if p not in declared]
    if not missing:
        return sparql
    return " ".join(missing) + "\n" + sparql


_ERROR_AT = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)
_KEYWORD_ITEM = re.compile(r"(?:^|,\s*)([A-Za-z][A-Za-z_]*)(?=\s*,|\s*$)")
_PNAME_BEFORE = re.compile(r"((?:[A-Za-z][\w.-]*)?):[\w.%-]*$")
_EMPTY = "the query is empty: give a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE)"
_CONTEXT = 60  # characters of the offending line shown before the caret


def explain_syntax_error(message: str, sparql: str, *, line_offset: int = 0) -> str:
    """A parser's ``error at LINE:COLUMN: expected ...`` told as a user can act on it.

    The result names the line and column in ``sparql`` (``line_offset``
    lines were added in front of it, see :func:`declare_prefixes`), what was
    found there (or the prefix that is not declared), the keywords the parser
    expected (not the character ranges Oxigraph lists), then the offending
    line with a caret under the column. A message that carries no position
    is returned unchanged.
    """
    if not sparql.strip():
        return _EMPTY
    m = _ERROR_AT.search(message)
    if m is None:
        return message
    line, column = int(m.group(1)) - line_offset, int(m.group(2))
    lines = sparql.splitlines() or [""]
    if not 1 <= line <= len(lines):
        return message
    kind = "update" if "SPARQL update" in message else "query"
    expected = m.group(3).strip()
    if _at_end(lines, line, column):  # Oxigraph points past the end: ask rdflib where it stopped
        better = _rdflib_position(sparql)
        if better is not None:
            line, column, expected = better
    text = lines[line - 1]
    pos = min(max(column - 1, 0), len(text))
    pname = _PNAME_BEFORE.search(text[:pos])
    if "Prefix not found" in expected and pname is not None:
        prefix = pname.group(1)
        what = f"unknown prefix '{prefix}:' (declare it: PREFIX {prefix}: <IRI>)"
        pos = pname.start()  # Oxigraph points past the name: the caret goes under its start
    else:
        token = re.match(r"[\w:?$.-]+|\S", text[pos:])
        if token is not None and token.group(0) == "/" and pname is not None:
            what = (
                "unexpected '/': a slash in a prefixed name is written '\\/' "
                f"({pname.group(0)}\\/...), or write the whole <IRI>"
            )
        elif token is not None:
            what = f"unexpected '{token.group(0)[:30]}'"
        elif line == len(lines) or not "".join(lines[line:]).strip():
            what = "unexpected end of the query"
        else:
            what = "unexpected end of the line"
        words = _KEYWORD_ITEM.findall(expected.removeprefix("expected").removeprefix(" one of"))
        if words:
            what += "; expected " + ", ".join(words[:10]) + (", ..." if len(words) > 10 else "")
    start = max(0, pos - _CONTEXT)
    shown = ("…" if start else "") + text[start : pos + 40].replace("\t", " ")
    caret = " " * (pos - start + (1 if start else 0)) + "^"
    return f"invalid SPARQL {kind} at line {line}, column {pos + 1}: {what}\n  {shown}\n  {caret}"


def _at_end(lines: list[str], line: int, column: int) -> bool:
    """Whether LINE:COLUMN is past the last non-blank character of the text."""
    rest = lines[line - 1][column - 1 :] + "".join(lines[line:])
    return not rest.strip()


def _rdflib_position(sparql: str) -> tuple[int, int, str] | None:
    """Where rdflib's SPARQL parser stops on ``sparql`` (line, column, what it expected).

    Oxigraph reports the furthest point its parser reached, which for an
    error such as a misspelt ``LIMIT`` or an extra ``}`` is the end of the
    query; rdflib's parser points at the token it could not take. ``None``
    when rdflib parses the text, or stops at the end too.
    """
    from pyparsing import ParseBaseException  # noqa: PLC0415  (only on an error: slow)
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate  # noqa: PLC0415

    from newskg.sparql.guard import is_update  # noqa: PLC0415

    parse = parseUpdate if is_update(sparql) else parseQuery
    try:
        parse(sparql)
    except ParseBaseException as exc:
        lines = sparql.splitlines() or [""]
        if 1 <= exc.lineno <= len(lines) and not _at_end(lines, exc.lineno, exc.col):
            return exc.lineno, exc.col, ""
    except (RecursionError, ValueError):
        return None
    return None


def query_variables(sparql: str) -> list[str]:
    """The variables of a query, in the order they first appear in its text.

    >>> query_variables("SELECT * WHERE { ?s ?p ?o . ?o ?q $s }")
    ['s', 'p', 'o', 'q']
    """
    return list(dict.fromkeys(re.findall(r"[?$]([A-Za-z_0-9\u00b7\u00c0-\uffff]+)", sparql)))


def check_bindings(sparql: str, bindings: dict[str, ox.NamedNode | ox.Literal] | None) -> None:
    """Raise :class:`~newskg.errors.QueryError` when ``bindings`` name a variable
    ``sparql`` does not have, listing those it has.

    The query is parsed and run by Oxigraph on an empty in-memory store (no
    data: it answers at once), after :func:`~newskg.sparql.guard.check` (so
    never with SERVICE or LOAD). Does nothing without bindings or for an update.
    """
    from newskg.sparql.guard import Operation, check  # noqa: PLC0415

    if not bindings or check(sparql, allow_update=True) is Operation.UPDATE:
        return
    empty = ox.Store()
    substitutions = {ox.Variable(k): v for k, v in bindings.items()}
    try:
        empty.query(sparql, substitutions=substitutions)
    except SyntaxError as exc:
        raise QueryError(f"invalid SPARQL query: {exc}") from None
    except RuntimeError as exc:
        wrong = [k for k in bindings if not _has_variable(empty, sparql, k)]
        if not wrong:
            raise QueryError(f"cannot bind the variables: {exc}") from None
        results = empty.query(sparql)
        if isinstance(results, ox.QuerySolutions):
            variables = _in_query_order([v.value for v in results.variables], sparql)
        else:
            variables = query_variables(sparql)
        listed = ", ".join(f"?{v}" for v in variables) or "none"
        names = ", ".join(f"?{k}" for k in wrong)
        raise QueryError(
            f"cannot bind {names}: not a variable of the query (it has {listed})"
        ) from None


def _has_variable(store: ox.Store, sparql: str, name: str) -> bool:
    try:
        store.query(sparql, substitutions={ox.Variable(name): ox.Literal("")})
    except RuntimeError:
        return False
    return True


_SELECT_STAR = re.compile(r"(?i)select\s+(?:distinct\s+|reduced\s+)?\*")


def _in_query_order(names: Sequence[str], sparql: str) -> list[str]:
    """``names`` sorted by where each first appears in ``sparql`` (absent ones last)."""
    first = {v: i for i, v in enumerate(query_variables(sparql))}
    return sorted(names, key=lambda n: first.get(n, len(first)))


def _select_star(sparql: str) -> bool:
    from newskg.sparql.guard import after_prologue  # noqa: PLC0415

    return _SELECT_STAR.match(after_prologue(sparql)) is not None


def _reorder_tsv(data: bytes, sparql: str) -> bytes:
    """SPARQL TSV results with their columns in the order the query names the variables."""
    lines = data.split(b"\n")
    header = lines[0].decode("utf-8").split("\t")
    names = [h.lstrip("?$") for h in header]
    order = [names.index(n) for n in _in_query_order(names, sparql)]
    if order == list(range(len(names))):
        return data
    out = [b"\t".join(line.split(b"\t")[i] for i in order) if line else line for line in lines]
    return b"\n".join(out)


@dataclass(frozen=True, slots=True)
class QueryOutcome:
    """What :func:`run` got from the worker: solutions, a boolean, triples, or an update done.

    ``results`` reads the answer anew at each access (pyoxigraph's solutions
    can be read once); ``truncated``: the results were cut at the row limit.
    """

    answer: Answer

    @property
    def results(self) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple] | None:
        return self.answer.results()

    @property
    def truncated(self) -> bool:
        return self.answer.truncated

    @property
    def updated(self) -> bool:
        return self.answer.kind is AnswerKind.UPDATED

    def table(self) -> tuple[list[str], list[list[Term | None]]]:
        """The variables and rows of SELECT results (empty for the other forms)."""
        results = self.results
        if not isinstance(results, ox.QuerySolutions):
            return [], []
        names = [v.value for v in results.variables]
        return names, [[solution[n] for n in names] for solution in results]


def run(
    worker: QueryWorker,
    sparql: str,
    *,
    bindings: dict[str, ox.NamedNode | ox.Literal] | None = None,
    allow_update: bool = False,
    limits: Limits | None = None,
    prefixes: dict[str, str] | None = None,
) -> QueryOutcome:
    """Run ``sparql`` (a query, or an update when ``allow_update``) in ``worker`` under ``limits``.

    ``prefixes`` are declared for the query unless it declares them itself
    (:func:`declare_prefixes`). ``limits`` defaults to
    :class:`~newskg.sparql.worker.Limits` (30 s, 10,000 rows or triples); results
    beyond the row limit are cut and the outcome says so. ``SELECT *``
    columns come in the order the variables first appear in the query
    (Oxigraph sorts them by name).

    Raises :class:`~newskg.errors.QueryError` (a ``SyntaxError``) for an
    empty or malformed query (with its line, column and a caret), a binding
    of a variable the query does not have, an update that is not allowed,
    ``SERVICE`` or ``LOAD``; :class:`~newskg.errors.QueryTimeoutError` (a
    ``TimeoutError``) when the query runs past the time limit.
    """
    if not sparql.strip():
        raise QueryError(_EMPTY)
    text = declare_prefixes(sparql, prefixes) if prefixes else sparql
    offset = 0 if text is sparql else 1
    try:
        check_bindings(text, bindings)
        answer = worker.run(text, limits=limits, bindings=bindings, allow_update=allow_update)
    except QueryError as exc:
        raise QueryError(explain_syntax_error(str(exc), sparql, line_offset=offset)) from None
    if answer.kind is AnswerKind.SOLUTIONS and _select_star(sparql):
        answer = Answer(answer.kind, _reorder_tsv(answer.data, sparql), answer.truncated)
    return QueryOutcome(answer)
