"""A SPARQL endpoint over the store: Oxigraph's own server (the ``oxigraph`` package).

:func:`server_command` gives the command line; ``newskg serve`` replaces
itself with it, so the server gets the signals (Ctrl-C stops it) and holds
the output folder's lock while it runs. The server answers SPARQL 1.1
Protocol requests at ``/query`` over the union of the store's graphs, with a
query page at ``/``; it is read-only unless asked otherwise.
"""

from __future__ import annotations

import shutil
import sys
import sysconfig
from pathlib import Path

from newskg.errors import StoreError

__all__ = ["endpoint_url", "oxigraph_executable", "server_command"]


def oxigraph_executable() -> str:
    """The ``oxigraph`` program installed with newskg (next to the Python running it)."""
    names = ("oxigraph.exe", "oxigraph") if sys.platform == "win32" else ("oxigraph",)
    folders = [Path(sys.executable).parent, Path(sysconfig.get_path("scripts"))]
    for folder in folders:
        for name in names:
            if (folder / name).is_file():
                return str(folder / name)
    found = shutil.which("oxigraph")
    if found is None:
        raise StoreError("the oxigraph server is not installed: pip install 'oxigraph>=0.5,<0.6'")
    return found


def _address(bind: str, port: int) -> str:
    host = f"[{bind}]" if ":" in bind and not bind.startswith("[") else bind
    return f"{host}:{port}"


def endpoint_url(bind: str, port: int) -> str:
    """The server's base URL (``/query`` is the SPARQL endpoint below it)."""
    return f"http://{_address(bind, port)}/"


def server_command(
    store_path: Path, *, bind: str = "127.0.0.1", port: int = 7878, read_only: bool = True
) -> list[str]:
    """The command line that serves ``store_path``.

    Raises :class:`~newskg.errors.StoreError` when there is no store there.
    """
    store_path = Path(store_path)
    if not (store_path / "CURRENT").exists():
        raise StoreError(f"no graph store at {store_path}: build one first (`newskg build`)")
    return [
        oxigraph_executable(),
        "serve-read-only" if read_only else "serve",
        "--location",
        str(store_path),
        "--bind",
        _address(bind, port),
        "--union-default-graph",
    ]
