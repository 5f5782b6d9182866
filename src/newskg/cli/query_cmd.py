"""``newskg query``: SPARQL over the store (or a file), as text, from a file or by name."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from newskg.cli import app
from newskg.config import DEFAULT_BASE_IRI
from newskg.errors import QueryError, StoreError
from newskg.query import ResultFormat
from newskg.worker import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT

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
        ResultFormat.TABLE, "--format", help="table, or a SPARQL results format."
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
    with --graph. Results print as a table, or as the SPARQL CSV, TSV or
    JSON results formats with --format. Updates are refused (exit 2) unless
    --allow-update; they change the store only, and the next build undoes them.
    SERVICE and LOAD are always refused (exit 2): newskg fetches nothing.

    A query is stopped after --timeout seconds (30; exit 1). Only the first
    --max-rows rows (10000; triples for CONSTRUCT and DESCRIBE) are printed,
    with a warning on stderr when there were more; add LIMIT / OFFSET to page.

    Example: newskg query --name casualty-estimates --bind affectedState=id:entity/north-korea
    """
    from newskg import query as q  # noqa: PLC0415  (keeps `newskg --help` fast)
    from newskg.store import prefixes  # noqa: PLC0415
    from newskg.worker import Limits, QueryWorker, open_worker  # noqa: PLC0415

    if list_names:
        for nq in q.named_queries():
            typer.echo(f"{nq.name:<28} {nq.description}")
        return
    given = [x for x in (sparql, file, name) if x is not None]
    if len(given) != 1:
        typer.echo("error: give exactly one of SPARQL, --file or --name", err=True)
        raise typer.Exit(EXIT_USAGE)
    known = prefixes(DEFAULT_BASE_IRI)
    try:
        if file is not None:
            text = file.read_text(encoding="utf-8")
        elif name is not None:
            text = q.named_query(name).text
        else:
            text = sparql
        bindings = dict(q.parse_binding(b, known) for b in bind)
    except OSError as exc:
        typer.echo(f"error: cannot read {file}: {exc.strerror or exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from exc
    except QueryError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from exc
    if graph is not None and allow_update:
        typer.echo(
            "error: --allow-update changes the store; it does not apply to --graph", err=True
        )
        raise typer.Exit(EXIT_USAGE)
    width = None
    if sys.stdout.isatty():
        import shutil  # noqa: PLC0415

        width = shutil.get_terminal_size().columns
    limits = Limits(timeout=timeout or None, max_rows=max_rows or None)
    try:
        if graph is not None:
            worker = QueryWorker.for_file(graph)
        else:
            path = store or output / "store"
            worker = open_worker(path, lock_dir=output, writable=allow_update)
        with worker as data:
            outcome = q.run(data, text, bindings=bindings, allow_update=allow_update, limits=limits)
        out = q.render(outcome, fmt, prefixes=known, width=width)
    except QueryError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from exc
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
