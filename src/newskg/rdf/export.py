"""Deterministic, atomic serialisation.

Turtle is written with fixed prefixes and rdflib's sorted serialiser; every
file is written to a temporary file in the same folder and renamed, so an
interrupted build never leaves a half-written output behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from newskg.namespaces import NKG, SCHEMA, WD

__all__ = ["bind_prefixes", "file_mode", "serialize_turtle", "write_atomic"]


def bind_prefixes(graph: Graph, base: str) -> Graph:
    """Bind the usual prefixes (and ``id:`` for instance data) on ``graph``."""
    for prefix, ns in (
        ("nkg", NKG._NS),
        ("id", base),
        ("dcterms", DCTERMS),
        ("owl", OWL),
        ("prov", PROV),
        ("rdf", RDF),
        ("rdfs", RDFS),
        ("schema", SCHEMA),
        ("skos", SKOS),
        ("wd", WD),
        ("xsd", XSD),
    ):
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


def serialize_turtle(graph: Graph) -> bytes:
    """Turtle bytes of ``graph``; the same graph always gives the same bytes.

    Raises ``ValueError`` when a term is not valid Unicode (it holds a lone
    surrogate): rdflib would write it as ``?``, silently changing the data.
    """
    for triple in graph:
        for term in triple:
            try:
                term.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError(
                    f"the graph holds a term that is not valid Unicode (a lone surrogate): "
                    f"{term!r} in {triple!r}"
                ) from None
    data = graph.serialize(format="turtle", encoding="utf-8")
    return data if isinstance(data, bytes) else data.encode("utf-8")


def file_mode() -> int:
    """The mode a new file gets here (``0o666`` less the umask), for files made by mkstemp."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    ``durable`` syncs the file to disk before the rename (outputs); a cache
    entry, which can be lost without harm, skips it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, file_mode())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
