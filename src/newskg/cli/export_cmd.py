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

#: The suffixes `newskg export` knows, and the format each one means.
SUFFIXES: dict[str, ExportFormat] = {
    ".ttl": ExportFormat.TURTLE,
    ".turtle": ExportFormat.TURTLE,
    ".nt": ExportFormat.NTRIPLES,
    ".nq": ExportFormat.NQUADS,
    ".trig": ExportFormat.TRIG,
    ".jsonld": ExportFormat.JSONLD,
    ".json": ExportFormat.JSONLD,
}


def format_for(dest: Path) -> ExportFormat:
    """The format DEST's suffix names; Turtle without a suffix; exit 2 for any other suffix.

    A ``graph.xml`` must not silently receive Turtle: an unknown suffix is a
    usage error naming the known ones (or use --format to choose).
    """
    suffix = dest.suffix.lower()
    if not suffix:
        return ExportFormat.TURTLE
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    known = " ".join(SUFFIXES)
    typer.echo(
        f"error: {dest}: newskg export does not write {suffix} files; use one of {known} "
        "(or choose the format with --format)",
        err=True,
    )
    raise typer.Exit(EXIT_USAGE)


@app.command()
def export(
    dest: str = typer.Argument(..., metavar="DEST", help="The file to write, or - for stdout."),
    fmt: ExportFormat = typer.Option(
        None,
        "--format",
        help=(
            "Default: from DEST's suffix (.ttl/.turtle .nt .nq .trig .jsonld/.json; "
            "another suffix exits 2), or turtle."
        ),
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

    The format comes from --format, else from DEST's suffix: .ttl or
    .turtle, .nt, .nq, .trig, .jsonld or .json; Turtle when DEST has no
    suffix or is - (stdout). Any other suffix (graph.xml) exits 2.

    Example: newskg export --format nquads output/graph.nq
    """
    from newskg.rdf.export import write_atomic  # noqa: PLC0415
    from newskg.store import open_store  # noqa: PLC0415

    if fmt is None:
        fmt = ExportFormat.TURTLE if dest == "-" else format_for(Path(dest))
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
