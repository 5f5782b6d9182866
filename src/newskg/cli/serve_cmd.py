"""``newskg serve``: a SPARQL 1.1 Protocol endpoint over the store."""

from __future__ import annotations

import errno
import socket
from pathlib import Path

import typer

from newskg.cli import app
from newskg.errors import StoreError
from newskg.sparql import (
    DEFAULT_CACHE_MB,
    DEFAULT_MAX_ROWS,
    DEFAULT_PORT,
    DEFAULT_TIMEOUT,
    DEFAULT_WORKERS,
)

EXIT_USAGE = 2


@app.command()
def serve(
    output: Path = typer.Option(Path("output"), "-o", "--output", help="Build folder."),
    store: Path = typer.Option(None, "--store", help="Store folder (default: OUTPUT/store)."),
    port: int = typer.Option(
        DEFAULT_PORT, "--port", "-p", min=0, max=65535, help="TCP port (0: any)."
    ),
    bind: str = typer.Option(
        "127.0.0.1", "--bind", help="Address to listen on (0.0.0.0: every interface)."
    ),
    allow_update: bool = typer.Option(
        False, "--allow-update", help="Serve read-write (SPARQL Update at /update)."
    ),
    timeout: float = typer.Option(
        DEFAULT_TIMEOUT, "--timeout", min=0, help="Stop a query after this many seconds (0: never)."
    ),
    max_rows: int = typer.Option(
        DEFAULT_MAX_ROWS,
        "--max-rows",
        min=0,
        help="Cut results after this many rows or triples (0: never).",
    ),
    workers: int = typer.Option(
        DEFAULT_WORKERS,
        "--workers",
        min=1,
        help="Queries answered at once (one with --allow-update).",
    ),
    cache_mb: float = typer.Option(
        DEFAULT_CACHE_MB,
        "--cache-mb",
        min=0,
        help="Keep answers for repeated queries, up to this many MB (0: never; read-only only).",
    ),
) -> None:
    """Serve OUTPUT/store as a SPARQL endpoint over HTTP, until Ctrl-C.

    SPARQL 1.1 Protocol queries at /query (GET, or POST as a form or an
    application/sparql-query body) over every graph of the store; results in
    SPARQL JSON, XML, CSV or TSV (Turtle, N-Triples, RDF/XML, JSON-LD for
    CONSTRUCT and DESCRIBE) as the Accept header asks; a query page for the
    browser at /. Listens on 127.0.0.1 (this machine only) unless --bind.

    Read-only unless --allow-update (updates POSTed to /update). SERVICE
    and LOAD are always refused: 400, like a malformed query. A query is
    stopped after --timeout seconds (30): 504. Results are cut after
    --max-rows rows or triples (10000), with an X-SPARQL-MaxRows header.
    A read-only server keeps its answers (up to --cache-mb MB): the same
    query again is answered without running, and identical queries sent
    at once share one run.
    A build of the same folder is refused while the server runs. Queries
    may use the prefixes of graph.ttl (nkg:, id:, rdfs:...) undeclared.
    A port in use exits 2, naming it: choose another with --port.

    Example: newskg serve --port 7878, then
    curl 'http://127.0.0.1:7878/query?query=SELECT%20*%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%205'
    """
    from newskg.sparql import Limits, SparqlServer  # noqa: PLC0415

    limits = Limits(timeout=timeout or None, max_rows=max_rows or None)
    try:
        with SparqlServer(
            store or output / "store",
            lock_dir=output,
            bind=bind,
            port=port,
            allow_update=allow_update,
            limits=limits,
            workers=workers,
            cache_mb=cache_mb,
        ) as server:
            mode = "read-write" if allow_update else "read-only"
            typer.echo(
                f"SPARQL endpoint {server.url}query ({mode}), query page {server.url}", err=True
            )
            server.serve_until_stopped()
    except StoreError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    except OSError as exc:
        message = _address_error(exc, bind, port)
        if message is None:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from exc
        typer.echo(f"error: {message}", err=True)
        raise typer.Exit(EXIT_USAGE) from exc
    typer.echo("stopped", err=True)


def _address_error(exc: OSError, bind: str, port: int) -> str | None:
    """What to tell the user when ``bind:port`` cannot be listened on (``None``: another error).

    A port in use, a privileged port or an address of no interface are the
    user's to change (exit 2), with the option that changes it.
    """
    where = f"{bind}:{port}"
    if exc.errno == errno.EADDRINUSE:
        return (
            f"port {port} is already in use on {bind} (another newskg serve?); "
            f"choose another with --port, e.g. --port {port + 1 if port < 65535 else 8000}, "
            "or --port 0 for any free port"
        )
    if exc.errno == errno.EACCES:
        return f"no permission to listen on {where}: use a --port above 1023"
    if exc.errno in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT) or isinstance(exc, socket.gaierror):
        return f"cannot listen on {where}: {bind} is not an address of this machine (--bind)"
    return None
