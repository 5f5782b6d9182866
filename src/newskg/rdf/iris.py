"""IRI minting, in one place: every instance IRI comes from content, never a counter.

- articles: ``article/<slug of identifier>-<8 hex of its hash>`` (stable per input name);
- entities: ``entity/<key>`` (the KB key, or the slug of a normalised name);
- events: ``event/<16 hex of the event key>`` (class, roles, figures, time);
- quantities: ``<event IRI>/q/<measure>``;
- claims: ``claim/<16 hex of article, event key, quote offsets, claimant>``;
- build activities: ``build/<16 hex of the build digest>``.

>>> m = IriMinter("https://w3id.org/newskg/id/")
>>> str(m.entity("north-korea"))
'https://w3id.org/newskg/id/entity/north-korea'
"""

from __future__ import annotations

import hashlib

from rdflib import URIRef

from newskg.model import Claim, Event, Quantity
from newskg.text import slugify

__all__ = ["IriMinter", "digest"]


def digest(*parts: str, length: int = 16) -> str:
    """A short hex digest of ``parts`` (joined unambiguously)."""
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:length]


class IriMinter:
    """Mints instance IRIs under a base IRI."""

    def __init__(self, base: str) -> None:
        self.base = base

    def article(self, identifier: str) -> URIRef:
        return URIRef(f"{self.base}article/{slugify(identifier)}-{digest(identifier, length=8)}")

    def entity(self, key: str) -> URIRef:
        return URIRef(f"{self.base}entity/{slugify(key, max_length=120)}")

    def event(self, event: Event) -> URIRef:
        return URIRef(f"{self.base}event/{digest(event.key)}")

    def quantity(self, event: Event, quantity: Quantity) -> URIRef:
        return URIRef(f"{self.event(event)}/q/{slugify(quantity.measure.value)}")

    def claim(self, claim: Claim) -> URIRef:
        key = digest(
            claim.article, claim.event.key, str(claim.start), str(claim.end), claim.claimant or ""
        )
        return URIRef(f"{self.base}claim/{key}")

    def build(self, build_digest: str) -> URIRef:
        return URIRef(f"{self.base}build/{build_digest[:16]}")
