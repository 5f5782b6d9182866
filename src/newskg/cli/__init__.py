"""The ``newskg`` command line: thin commands that parse arguments and call the library.

Exit codes (every command):

====  ==========================================================
0     success
1     error: the command could not do its job (message on stderr), e.g. a query past its
      time limit, no store yet, a build with no article to build (nothing is written)
2     usage error: bad option or argument, a missing file of any option, malformed SPARQL,
      a variable to bind the query does not have, a --format that does not fit the query,
      refused update, SERVICE or LOAD, a port in use
3     done, but some inputs were skipped (each named on stderr)
4     done, but the graph has SHACL violations (``--strict`` / ``validate``)
====  ==========================================================

A usage error is one line on stderr (``error: ...``; a SPARQL syntax error adds
the offending line and a caret), never a traceback.
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
        "     e.g. a query past its time limit, a build with no article\n"
        "     (nothing is written; --allow-empty to empty a graph)\n"
        "  2  usage error: bad option or argument, missing file, malformed\n"
        "     SPARQL, unknown --bind variable, --format that does not fit,\n"
        "     refused update, SERVICE or LOAD, port in use\n"
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
