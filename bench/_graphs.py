"""Large newskg-like graphs for the benchmarks: copies of ``output/graph.ttl`` under new IRIs.

Shared by ``bench_store.py`` and ``bench_export.py`` (``bench/`` is not a
package: the scripts import this module from their own folder, which Python
puts first on ``sys.path`` when a script runs).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import DCTERMS

from newskg.config import DEFAULT_BASE_IRI
from newskg.store import partition

__all__ = ["DEFAULT_GRAPH", "replicated_nquads", "strip_graphs"]

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GRAPH = ROOT / "output" / "graph.ttl"


def replicated_nquads(graph_path: Path, triples: int) -> tuple[bytes, int]:
    """N-Quads of enough renamed copies of ``graph_path`` to hold about ``triples`` triples.

    The graph is laid out as ``newskg build`` writes the store (each
    article's statements in its own named graph, see ``newskg.store``), and
    each copy gets its own IRIs (``.../id/copy-7/event/...``) and article
    identifiers (``copy-7/000_6261b986aa0c626f.txt``), as a corpus that many
    times larger would (entities are copied too, so joins stay within a
    copy). Returns the N-Quads and the number of copies. Deterministic: the
    same file gives the same bytes.
    """
    base = Graph().parse(graph_path)
    one = ox.serialize(list(partition(base)), format=ox.RdfFormat.N_QUADS)
    copies = max(1, round(triples / len(base)))
    iri = f"<{DEFAULT_BASE_IRI}".encode()
    name = f'<{DCTERMS.identifier}> "'.encode()
    chunks = [
        one.replace(iri, f"<{DEFAULT_BASE_IRI}copy-{k}/".encode()).replace(
            name, name + f"copy-{k}/".encode()
        )
        for k in range(copies)
    ]
    return b"".join(chunks), copies


def strip_graphs(nquads: bytes) -> bytes:
    """The triples of ``nquads`` (their union) as N-Triples."""
    quads = ox.parse(nquads, format=ox.RdfFormat.N_QUADS)
    return ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES)
