"""Write projections for Gephi, yEd, Cytoscape or the web: GraphML, GEXF, node-link JSON.

networkx's writers reject rdflib terms and ``None``; :func:`plain` turns every
attribute into a string, number or boolean first. Files are written
atomically, and the same graph always gives the same bytes (GEXF's
modification date is left out). Text is escaped by the writers; what XML 1.0
cannot hold at all (control characters, U+FFFE, lone surrogates) becomes
U+FFFD in GraphML and GEXF, and lone surrogates do in JSON, so every file
parses.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter
from rdflib import Literal

from newskg.projections._rdf import SEP
from newskg.rdf.export import write_atomic

__all__ = ["GraphFormat", "node_link", "plain", "write_graph"]


class GraphFormat(StrEnum):
    """Export formats, named by their file extension."""

    GRAPHML = "graphml"
    GEXF = "gexf"
    JSON = "json"

    @classmethod
    def from_path(cls, path: str | Path) -> GraphFormat:
        """The format of ``path``'s extension; ``ValueError`` for an unknown one."""
        suffix = Path(path).suffix.lower().lstrip(".")
        try:
            return cls(suffix)
        except ValueError:
            known = ", ".join(f".{f.value}" for f in cls)
            raise ValueError(f"unknown graph format {suffix!r} for {path} (use {known})") from None


def _value(v: object) -> str | int | float | bool | None:
    if v is None:
        return None
    if isinstance(v, bool | int | float | str) and not isinstance(v, Literal):
        return v
    if isinstance(v, Literal):
        py = v.toPython()
        if isinstance(py, bool | int | float):
            return py
        if isinstance(py, Decimal):
            return float(py)
        return str(v)
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, Iterable) and not isinstance(v, bytes | dict):
        return SEP.join(str(x) for x in v)
    return str(v)


def plain(G: nx.Graph) -> nx.Graph:
    """A copy of ``G`` with string node ids and attributes that are str, int, float or bool.

    rdflib terms become their lexical form (numbers stay numbers), lists and
    sets are ``|``-joined, ``None`` values are dropped.

    Examples
    --------
    >>> import networkx as nx
    >>> from rdflib import Literal, URIRef
    >>> G = nx.Graph()
    >>> G.add_edge(URIRef("https://example.org/a"), "b", n=Literal(3), tags={"x"}, gone=None)
    >>> list(plain(G).edges(data=True))
    [('https://example.org/a', 'b', {'n': 3, 'tags': 'x'})]
    """
    H = G.__class__()
    H.graph.update({k: x for k, v in G.graph.items() if (x := _value(v)) is not None})
    for n, d in G.nodes(data=True):
        H.add_node(str(n), **{str(k): x for k, v in d.items() if (x := _value(v)) is not None})
    edges = G.edges(keys=True, data=True) if G.is_multigraph() else G.edges(data=True)
    for e in edges:
        *ends, d = e
        attrs = {str(k): x for k, v in d.items() if (x := _value(v)) is not None}
        if G.is_multigraph():
            key = ends[2] if type(ends[2]) in (int, str) else str(ends[2])
            H.add_edge(str(ends[0]), str(ends[1]), key=key, **attrs)
        else:
            H.add_edge(str(ends[0]), str(ends[1]), **attrs)
    return H


# XML 1.0 characters: tab, LF, CR, U+0020..U+D7FF, U+E000..U+FFFD, U+10000..U+10FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _unicode_text(text: str) -> str:
    return _SURROGATE.sub("\ufffd", text)


def _with_text(H: nx.Graph, clean: Callable[[str], str]) -> nx.Graph:
    """A copy of the plain graph ``H`` with ``clean`` applied to every string in it."""

    def attrs(d: dict) -> dict:
        return {clean(k): clean(v) if isinstance(v, str) else v for k, v in d.items()}

    K = H.__class__()
    K.graph.update(attrs(H.graph))
    for n, d in H.nodes(data=True):
        K.add_node(clean(n), **attrs(d))
    if H.is_multigraph():
        for u, v, key, d in H.edges(keys=True, data=True):
            K.add_edge(
                clean(u), clean(v), key=clean(key) if isinstance(key, str) else key, **attrs(d)
            )
    else:
        for u, v, d in H.edges(data=True):
            K.add_edge(clean(u), clean(v), **attrs(d))
    return K


def node_link(G: nx.Graph) -> dict:
    """The node-link dict of ``G`` (``nodes`` and ``edges``), with plain attributes.

    Examples
    --------
    >>> from newskg.projections import actor_graph, example_graph, node_link
    >>> data = node_link(actor_graph(example_graph()))
    >>> sorted(data), len(data["nodes"]), len(data["edges"])
    (['directed', 'edges', 'graph', 'multigraph', 'nodes'], 5, 6)
    """
    return nx.node_link_data(_with_text(plain(G), _unicode_text), edges="edges")


def _gexf(G: nx.Graph) -> bytes:
    writer = GEXFWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph(G)
    for meta in writer.xml.iter("meta"):
        meta.attrib.pop("lastmodifieddate", None)
    return "\n".join(str(writer).splitlines()).encode("utf-8") + b"\n"


def write_graph(G: nx.Graph, path: str | Path, *, format: GraphFormat | str | None = None) -> Path:
    """Write ``G`` to ``path`` as GraphML, GEXF or node-link JSON (format from the extension).

    Examples
    --------
    >>> import tempfile
    >>> from newskg.projections import actor_graph, example_graph, write_graph
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = write_graph(actor_graph(example_graph()), Path(folder) / "actors.graphml")
    ...     nx.read_graphml(path).number_of_edges()
    6
    """
    path = Path(path)
    fmt = GraphFormat(format) if format is not None else GraphFormat.from_path(path)
    H = _with_text(plain(G), _unicode_text if fmt is GraphFormat.JSON else _xml_text)
    if fmt is GraphFormat.GRAPHML:
        data = ("\n".join(nx.generate_graphml(H, encoding="utf-8")) + "\n").encode("utf-8")
    elif fmt is GraphFormat.GEXF:
        data = _gexf(H)
    else:
        text = json.dumps(
            nx.node_link_data(H, edges="edges"), ensure_ascii=False, indent=1, sort_keys=True
        )
        data = (text + "\n").encode("utf-8")
    write_atomic(path, data)
    return path
