"""Read an RDF file given by a user, with errors that name the file."""

from __future__ import annotations

import xml.sax
from pathlib import Path

from rdflib import Graph
from rdflib.plugin import PluginException
from rdflib.util import guess_format

from newskg.errors import InputError

__all__ = ["load_graph"]


def load_graph(path: str | Path) -> Graph:
    """Parse an RDF file, its format guessed from its suffix (Turtle by default).

    Raises :class:`~newskg.errors.InputError` naming the file when it is
    missing, unreadable or cannot be parsed.
    """
    path = Path(path)
    fmt = guess_format(str(path)) or "turtle"
    try:
        return Graph().parse(path, format=fmt)
    except FileNotFoundError as exc:
        raise InputError(str(path), "missing", "no such file") from exc
    except IsADirectoryError as exc:
        raise InputError(str(path), "unreadable", "is a folder, not an RDF file") from exc
    except OSError as exc:
        raise InputError(str(path), "unreadable", f"cannot read: {exc.strerror or exc}") from exc
    except (SyntaxError, ValueError, xml.sax.SAXException, PluginException) as exc:
        detail = " ".join(str(exc).split())[:300]
        raise InputError(str(path), "malformed", f"not valid {fmt}: {detail}") from exc
