"""``newskg query``: SPARQL over the store (or a file), as text, from a file or by name."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pyoxigraph as ox
import typer

from newskg.cli import app
from newskg.config import DEFAULT_BASE_IRI
from newskg.errors import QueryError, StoreError
from newskg.sparql import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, ResultFormat

if TYPE_CHECKING:
    from newskg.sparql import Limits, QueryWorker

EXIT_USAGE = 2


@app.command()
def query(
    sparql: str = typer.Argument(None, metavar="SPARQL", help="The query text."),
    file: Path = typer.Option(None, "--file", "-f", help="Read the query from this .rq file."),
    name: str = typer.Option(None, "--name", "-n", help="Run the named query NAME (see --list)."),
    list_names: bool = typer.Option(False, "--list", help="List the named queries and exit."),
    graph: Path = typer.Option(
        None, "--graph", help="Query this RDF file (Turtle, TriG...) instead of the store."
    ),
    output: Path = typer.Option(Path("output"), "-o", "--output", help="Build folder."),
    store: Path = typer.Option(None, "--store", help="Store folder (default: OUTPUT/store)."),
    fmt: ResultFormat = typer.Option(
        ResultFormat.TABLE,
        "--format",
        help="table; csv, tsv or json (SELECT, ASK in json); turtle or ntriples (CONSTRUCT).",
    ),
    bind: list[str] = typer.Option(
        [], "--bind", "-b", help="Bind a variable: NAME=VALUE (an IRI, id:..., or a literal)."
    ),
    allow_update: bool = typer.Option(
        False, "--allow-update", help="Allow a SPARQL update to change the store."
    ),
    timeout: float = typer.Option(
        DEFAULT_TIMEOUT,
        "--timeout",
        min=0,
        help="Stop the query after this many seconds (0: never).",
    ),
    max_rows: int = typer.Option(
        DEFAULT_MAX_ROWS,
        "--max-rows",
        min=0,
        help="Print at most this many rows, or triples (0: all).",
    ),
) -> None:
    """Run a SPARQL query over the built graph and print the results.

    The query is SPARQL text, a file (--file), or a named query from
    queries/ (--name; --list shows them with their descriptions). It runs in
    Oxigraph over OUTPUT/store, every graph included, or over an RDF file
    with --graph. The prefixes of graph.ttl (nkg:, id:, rdf:, rdfs:, owl:,
    skos:, xsd:, dcterms:, prov:, wd:, schema:) need no PREFIX line; in the
    query text a slash in a prefixed name is escaped: id:entity\\/north-korea.

    Results print as a table: IRIs by their label (French, else English)
    when they have one, literals by their value, nothing cut. A table wider
    than the terminal (or COLUMNS) prints as records instead, one line per
    variable; piped output is a plain table of unwrapped lines. --format
    csv, tsv or json prints the SPARQL results formats (with the IRIs),
    turtle or ntriples the triples of a CONSTRUCT or DESCRIBE; a format that
    does not fit the query exits 2. SELECT * columns keep the query's order.

    --bind NAME=VALUE sets a variable to an IRI (id:entity/north-korea,
    kb:north-korea, <...>), an integer or a string; a string that is an
    entity's key gets a hint on stderr. Updates are refused (exit 2) unless
    --allow-update; they change the store only, and the next build undoes them.
    SERVICE and LOAD are always refused (exit 2): newskg fetches nothing.

    A query is stopped after --timeout seconds (30; exit 1). Only the first
    --max-rows rows (10000; triples for CONSTRUCT and DESCRIBE) are printed,
    with a warning on stderr when there were more; add LIMIT / OFFSET to page.

    Example: newskg query --name casualty-estimates --bind affectedState=id:entity/north-korea
    """
    from newskg import sparql as q  # noqa: PLC0415  (keeps `newskg --help` fast)
    from newskg.sparql import Limits, QueryWorker, open_worker  # noqa: PLC0415

    if list_names:
        for nq in q.named_queries():
            typer.echo(f"{nq.name:<28} {nq.description}")
        return
    given = [x for x in (sparql, file, name) if x is not None]
    if len(given) != 1:
        _usage("give exactly one of SPARQL, --file or --name")
    known = q.predeclared_prefixes(DEFAULT_BASE_IRI)
    if file is not None and not file.is_file():
        _usage(f"--file {file}: no such file")
    if graph is not None and not graph.is_file():
        _usage(f"--graph {graph}: no such file")
    try:
        if file is not None:
            text = file.read_text(encoding="utf-8")
        elif name is not None:
            text = q.named_query(name).text
        else:
            text = sparql
        bindings = dict(q.parse_binding(b, known) for b in bind)
    except (OSError, UnicodeDecodeError) as exc:
        _usage(f"--file {file}: cannot read it: {getattr(exc, 'strerror', None) or exc}")
    except QueryError as exc:
        _usage(str(exc))
    if graph is not None and allow_update:
        _usage("--allow-update changes the store; it does not apply to --graph")
    width = _width()
    limits = Limits(timeout=timeout or None, max_rows=max_rows or None)
    try:
        if graph is not None:
            worker = QueryWorker.for_file(graph)
        else:
            path = store or output / "store"
            worker = open_worker(path, lock_dir=output, writable=allow_update)
        with worker as data:
            _hint_entity_keys(data, bindings, known, limits)
            outcome = q.run(
                data,
                text,
                bindings=bindings,
                allow_update=allow_update,
                limits=limits,
                prefixes=known,
            )
            labels = None
            if fmt is ResultFormat.TABLE:
                _, rows = outcome.table()
                iris = (t for row in rows for t in row if isinstance(t, ox.NamedNode))
                labels = q.fetch_labels(data, iris, limits=limits)
            out = q.render(outcome, fmt, prefixes=known, width=width, labels=labels)
    except QueryError as exc:
        _usage(str(exc))
    except (StoreError, OSError) as exc:  # QueryTimeoutError is a TimeoutError, an OSError
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    if outcome.truncated:
        typer.echo(
            f"warning: only the first {limits.max_rows} results are shown "
            "(--max-rows; add LIMIT and OFFSET to the query to see the others)",
            err=True,
        )
    sys.stdout.flush()
    sys.stdout.buffer.write(out)
    sys.stdout.buffer.flush()


def _usage(message: str) -> NoReturn:
    """Print ``error: MESSAGE`` on stderr and exit 2 (a usage error)."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)


def _width() -> int | None:
    """The width tables must fit: ``COLUMNS`` when set, else the terminal's; ``None`` for a pipe."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None


def _hint_entity_keys(
    worker: QueryWorker,
    bindings: dict[str, ox.NamedNode | ox.Literal],
    prefixes: dict[str, str],
    limits: Limits,
) -> None:
    """Warn when a string binding is the key of an entity of the graph (its IRI was meant).

    The value stays a string (a binding means what was typed); the hint names the IRI.
    """
    from newskg.sparql import binding_hint  # noqa: PLC0415

    for var, term in bindings.items():
        iri = binding_hint(term, prefixes)
        if iri is None:
            continue
        answer = worker.run(f"ASK {{ <{iri.value}> ?p ?o }}", limits=limits)
        if bool(answer.results()):
            short = f"id:{iri.value[len(prefixes['id']) :]}"
            typer.echo(
                f"hint: --bind {var}={term.value} binds the string {term.value!r}; "
                f"did you mean {var}={short}?",
                err=True,
            )
