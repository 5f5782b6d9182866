"""``newskg serve``: a SPARQL 1.1 Protocol endpoint over the store (Oxigraph's server)."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from newskg.cli import app
from newskg.errors import StoreError


@app.command()
def serve(
    output: Path = typer.Option(Path("output"), "-o", "--output", help="Build folder."),
    store: Path = typer.Option(None, "--store", help="Store folder (default: OUTPUT/store)."),
    port: int = typer.Option(7878, "--port", "-p", min=1, max=65535, help="TCP port."),
    bind: str = typer.Option("127.0.0.1", "--bind", help="Address to listen on."),
    allow_update: bool = typer.Option(
        False, "--allow-update", help="Serve read-write (SPARQL Update at /update)."
    ),
) -> None:
    """Serve OUTPUT/store as a SPARQL endpoint over HTTP, until Ctrl-C.

    Runs Oxigraph's server: SPARQL 1.1 Protocol queries at /query (GET or
    POST, over every graph of the store), a query page for the browser at /,
    read-only unless --allow-update. A build of the same folder is refused
    while it runs.

    Example: newskg serve --port 7878, then
    curl 'http://127.0.0.1:7878/query?query=SELECT%20*%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%205'
    """
    from newskg import serve as server  # noqa: PLC0415
    from newskg.store import lock_output  # noqa: PLC0415

    path = store or output / "store"
    try:
        command = server.server_command(path, bind=bind, port=port, read_only=not allow_update)
        with lock_output(output, exclusive=allow_update) as lock:
            mode = "read-write" if allow_update else "read-only"
            url = server.endpoint_url(bind, port)
            typer.echo(f"SPARQL endpoint {url}query ({mode}), query page {url}", err=True)
            os.set_inheritable(lock.fileno(), True)  # the server holds the lock
            os.execv(command[0], command)
    except (StoreError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
