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
import re
from functools import lru_cache

from rdflib import URIRef

from newskg.model import Claim, Event, Quantity
from newskg.text import slugify

__all__ = ["IriMinter", "digest"]

# What an IRI may not contain (RFC 3987): spaces, controls, and <>"{}|\^`.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f-\x9f\ud800-\udfff]')


def _escaped(part: str) -> str:
    # Parts are joined with U+001F; inside a part, U+001E escapes U+001E and U+001F,
    # so ("a\x1fb", "c") and ("a", "b\x1fc") differ. A part with neither is unchanged.
    if "\x1e" not in part and "\x1f" not in part:
        return part
    return part.replace("\x1e", "\x1e\x1e").replace("\x1f", "\x1e\x1f")


def digest(*parts: str, length: int = 16) -> str:
    """A short hex digest of ``parts`` (joined unambiguously).

    >>> digest("a\x1fb", "c") != digest("a", "b\x1fc")
    True
    """
    joined = "\x1f".join(_escaped(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()[:length]


@lru_cache(maxsize=4096)
def _article_path(identifier: str) -> str:
    # asked once per claim: the claims of an article come together, so a few are kept
    return f"article/{slugify(identifier)}-{digest(identifier, length=8)}"


class IriMinter:
    """Mints instance IRIs under a base IRI.

    Every part taken from content is a slug or a hex digest, so the IRIs are
    valid whatever the names; ``base`` must be an absolute IRI itself
    (``ValueError`` otherwise).
    """

    def __init__(self, base: str) -> None:
        if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", base) or _NOT_IN_IRI.search(base):
            raise ValueError(f"base IRI is not an absolute IRI: {base!r}")
        self.base = base
        self._entities: dict[str, URIRef] = {}

    def article(self, identifier: str) -> URIRef:
        return URIRef(f"{self.base}{_article_path(identifier)}")

    def entity(self, key: str) -> URIRef:
        iri = self._entities.get(key)  # the same few entities come back in every claim
        if iri is None:
            iri = self._entities[key] = URIRef(f"{self.base}entity/{slugify(key, max_length=120)}")
        return iri

    def event(self, event: Event, *, key: str | None = None) -> URIRef:
        """The event's IRI; ``key``: its :attr:`~newskg.model.Event.key`, if already made."""
        return URIRef(f"{self.base}event/{digest(event.key if key is None else key)}")

    def quantity(self, event: Event, quantity: Quantity, *, event_iri: str | None = None) -> URIRef:
        """The IRI of ``quantity`` of ``event`` (``event_iri``: the event's, if known)."""
        base = self.event(event) if event_iri is None else event_iri
        return URIRef(f"{base}/q/{slugify(quantity.measure.value)}")

    def claim(self, claim: Claim, *, event_key: str | None = None) -> URIRef:
        """The claim's IRI; ``event_key``: its event's key, if already made."""
        if event_key is None:
            event_key = claim.event.key
        key = digest(
            claim.article, event_key, str(claim.start), str(claim.end), claim.claimant or ""
        )
        return URIRef(f"{self.base}claim/{key}")

    def build(self, build_digest: str) -> URIRef:
        return URIRef(f"{self.base}build/{build_digest[:16]}")
