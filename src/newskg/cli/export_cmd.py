"""``newskg export``: the store's graph as Turtle, N-Triples, N-Quads, TriG or JSON-LD."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from newskg.cli import app
from newskg.config import DEFAULT_BASE_IRI
from newskg.errors import StoreError
from newskg.store import ExportFormat

EXIT_USAGE = 2


@app.command()
def export(
    dest: str = typer.Argument(..., metavar="DEST", help="The file to write, or - for stdout."),
    fmt: ExportFormat = typer.Option(
        None,
        "--format",
        help="Default: from DEST's suffix (.ttl .nt .nq .trig .jsonld), or turtle.",
    ),
    output: Path = typer.Option(Path("output"), "-o", "--output", help="Build folder."),
    store: Path = typer.Option(None, "--store", help="Store folder (default: OUTPUT/store)."),
    base_iri: str = typer.Option(
        DEFAULT_BASE_IRI, "--base-iri", help="Base IRI of instance data (the id: prefix)."
    ),
) -> None:
    """Export the graph in OUTPUT/store to DEST.

    Turtle (sorted, as graph.ttl) and N-Triples hold every triple; N-Quads,
    TriG and JSON-LD keep the named graphs: each article's own statements
    (the article and the claims read from it) in a graph named by the
    article's IRI, the shared entities, events and build provenance in the
    default graph. The same store always gives the same bytes.

    Example: newskg export --format nquads output/graph.nq
    """
    from newskg.rdf.export import write_atomic  # noqa: PLC0415
    from newskg.store import open_store  # noqa: PLC0415

    fmt = fmt or (ExportFormat.from_suffix(Path(dest)) if dest != "-" else None)
    fmt = fmt or ExportFormat.TURTLE
    try:
        with open_store(store or output / "store", lock_dir=output) as data:
            payload = data.export(fmt, base=base_iri)
        if dest == "-":
            sys.stdout.buffer.write(payload)
            sys.stdout.buffer.flush()
        else:
            write_atomic(Path(dest), payload)
    except (StoreError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
