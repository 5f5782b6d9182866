"""Where the bundled data files live (ontology, shapes, queries, KB, lexicons).

In a wheel they are copied under ``newskg/resources/``; in a source checkout
(editable install, tests) they are read from the repository's top folders.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["data_dir", "ontology_path", "queries_dir", "shapes_dir"]

_PKG = Path(__file__).resolve().parent


@cache
def _top(name: str) -> Path:
    for candidate in (_PKG / "resources" / name, _PKG.parent.parent / name):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"newskg resource folder {name!r} not found")


def ontology_path() -> Path:
    """The ontology Turtle file, ``ontology/newskg.ttl``."""
    return _top("ontology") / "newskg.ttl"


def shapes_dir() -> Path:
    """The folder of SHACL shapes."""
    return _top("shapes")


def queries_dir() -> Path:
    """The folder of named SPARQL queries."""
    return _top("queries")


def data_dir() -> Path:
    """Package data: lexicons, patterns and the bundled knowledge base."""
    return _PKG / "data"
