"""The RDF side: IRIs, model objects -> triples, provenance, deterministic export."""

from newskg.rdf.export import serialize_turtle, write_atomic
from newskg.rdf.iris import IriMinter

__all__ = ["IriMinter", "serialize_turtle", "write_atomic"]
