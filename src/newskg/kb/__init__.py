"""The reference knowledge base: known entities, their names, types and relations.

The bundled ``newskg/data/kb/*.ttl`` seeds the domain (states, their agencies
and leaders, weapon systems, treaties, places); users extend it with their
own Turtle files (``newskg build --kb my-entities.ttl``)::

    kb = KnowledgeBase.load([Path("my-entities.ttl")])
    kb.lookup("RPDC")                      # -> (KBEntity(key="north-korea", ...),)
    kb.state_for_demonym("nord-coréennes")  # -> the north-korea entity
"""

from newskg.kb.loader import KB_IRI, KBEntity, KnowledgeBase, bundled_kb_paths, inflect_demonym

__all__ = ["KB_IRI", "KBEntity", "KnowledgeBase", "bundled_kb_paths", "inflect_demonym"]
