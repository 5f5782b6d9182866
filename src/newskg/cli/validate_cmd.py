"""``newskg validate``: check a graph against the SHACL shapes."""

from __future__ import annotations

from pathlib import Path

import typer

from newskg.cli import app
from newskg.errors import InputError

EXIT_USAGE = 2
EXIT_VIOLATIONS = 4


@app.command()
def validate(
    graph: Path = typer.Argument(
        ..., metavar="GRAPH", help="The graph to check (Turtle, N-Triples, RDF/XML...)."
    ),
    shapes: Path = typer.Option(
        None, "--shapes", help="A SHACL shapes file to use instead of newskg's data shapes."
    ),
    report: Path = typer.Option(
        None, "--report", help="Also write the SHACL report (sorted Turtle) to this file."
    ),
    engine: str = typer.Option(
        "compiled",
        "--engine",
        metavar="ENGINE",
        help="SHACL Core engine: compiled (SPARQL over Oxigraph) or pyshacl (the reference).",
    ),
) -> None:
    """Check GRAPH against newskg's SHACL shapes (or --shapes FILE).

    Prints each violated shape with its message and a few offending nodes,
    each with its label and, for events and claims, the quote it was read from.
    SHACL Core runs as SPARQL compiled from the shapes, over Oxigraph;
    --engine pyshacl runs it in pySHACL instead (slower; the same report).
    Exit code 0 when the graph conforms, 4 when it has violations, 2 when
    GRAPH or FILE cannot be read (or ENGINE is unknown).

    Example: newskg validate output/graph.ttl --report output/validation.ttl
    """
    from newskg.shacl import Engine, load_graph, summarize, write_report  # noqa: PLC0415
    from newskg.shacl import validate as run_validate  # noqa: PLC0415  (pySHACL)

    if engine not in {e.value for e in Engine}:
        names = ", ".join(e.value for e in Engine)
        typer.echo(f"error: unknown --engine {engine!r}: use {names}", err=True)
        raise typer.Exit(EXIT_USAGE)

    try:
        data = load_graph(graph)
        shapes_graph = load_graph(shapes) if shapes is not None else None
    except InputError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from exc
    try:
        result = run_validate(data, shapes=shapes_graph, engine=Engine(engine))
    except InputError as exc:
        typer.echo(f"error: {shapes or 'shapes'}: {exc.detail}", err=True)
        raise typer.Exit(EXIT_USAGE) from exc
    if report is not None:
        try:
            write_report(result, report)
        except OSError as exc:
            typer.echo(f"error: cannot write {report}: {exc}", err=True)
            raise typer.Exit(1) from exc
    typer.echo(summarize(result))
    if not result.conforms:
        raise typer.Exit(EXIT_VIOLATIONS)
