"""The ``newskg`` command line: thin commands that parse arguments and call the library.

Exit codes (every command):

====  ==========================================================
0     success
1     error: the command could not do its job (message on stderr), e.g. a query past its time limit
2     usage error (bad option or argument, malformed SPARQL, refused update, SERVICE or LOAD)
3     done, but some inputs were skipped (each named on stderr)
4     done, but the graph has SHACL violations (``--strict`` / ``validate``)
====  ==========================================================
"""

from __future__ import annotations

import typer

from newskg import __version__

__all__ = ["app"]

app = typer.Typer(
    name="newskg",
    help=(
        "Build a knowledge graph of actors, events and attributed claims from news articles.\n\n"
        "Example: newskg build corpus/ -o output/\n\n"
        "\b\nExit codes (every command):\n"
        "  0  success\n"
        "  1  error: the command could not do its job (message on stderr),\n"
        "     e.g. a query past its time limit\n"
        "  2  usage error: bad option or argument, malformed SPARQL,\n"
        "     refused update, SERVICE or LOAD\n"
        "  3  done, but some inputs were skipped (each named on stderr)\n"
        "  4  done, but the graph has SHACL violations (--strict / validate)"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"newskg {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Build a knowledge graph of actors, events and attributed claims from news articles."""


# Commands register themselves on ``app``.
from newskg.cli import (  # noqa: E402, F401
    build_cmd,
    export_cmd,
    plot_cmd,
    project_cmd,
    query_cmd,
    serve_cmd,
    validate_cmd,
)
