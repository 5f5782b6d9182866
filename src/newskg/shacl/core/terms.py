"""RDF terms written as SPARQL for the compiled queries, and constraint values read."""

from __future__ import annotations

import pyoxigraph as ox
from pyshacl.shape import Shape
from rdflib import Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from newskg.shacl.core.base import Unsupported

__all__ = ["count_value", "iri", "literal_text", "qname", "quoted", "shape_name"]


def iri(node: Node) -> str:
    """An IRI as SPARQL, written by Oxigraph (which rejects what SPARQL could not read)."""
    try:
        return str(ox.NamedNode(str(node)))
    except ValueError:
        raise Unsupported(f"an IRI SPARQL cannot write: {node!r}") from None


def quoted(text: str) -> str:
    """A string literal as SPARQL, escaped by Oxigraph."""
    return str(ox.Literal(text))


def literal_text(node: Literal) -> str:
    """A literal as SPARQL, with its language tag or datatype."""
    if node.language:
        return str(ox.Literal(str(node), language=node.language))
    if node.datatype is not None:
        return str(ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype))))
    return quoted(str(node))


def count_value(node: Node) -> int:
    """A count (``sh:minCount``, ``sh:maxLength``...): a non-negative integer, or refused."""
    if not isinstance(node, Literal) or not isinstance(node.value, int) or node.value < 0:
        raise Unsupported(f"a count that is not a non-negative integer ({node})")
    return int(node.value)


def qname(node: Node) -> str:
    """A SHACL term as ``sh:name`` (for the reasons given), any other as its IRI."""
    return "sh:" + str(node).removeprefix(str(SH)) if str(node).startswith(str(SH)) else str(node)


def shape_name(shape: Shape) -> str:
    """A shape as the reasons name it."""
    return str(shape.node) if isinstance(shape.node, URIRef) else "a property shape"
