"""The parties of an unnamed treaty a possessive and a partner describe.

"La Corée du Nord a ratifié *son* accord militaire *avec la Russie*",
"l'Arménie a suspendu sa participation à *son* traité de défense *avec la
Russie*": the treaty is the possessor's (the subject of the clause the
phrase is in) and the partner's (the "avec" / "entre" complement right after
the phrase, wherever the parser hung it: on the verb, on the noun the
treaty complements). :mod:`newskg.extract.treaty_phrases` mints such a
phrase as a descriptive treaty whose parties these are.
"""

from __future__ import annotations

from spacy.tokens import Token

from newskg.extract.entities import Mention, ResolvedMentions
from newskg.extract.events.lex import get_lex
from newskg.extract.events.syntax import (
    POSSESSIVES,
    antecedent,
    case_of,
    is_actor,
    phrase_mentions,
    subject_of,
)
from newskg.model import EntityKind

__all__ = ["drop_renamed", "generic_treaty_at", "possessed_treaty_parties"]

_PARTNER = ("avec", "entre")


def possessed_treaty_parties(
    t: Token, end: int, parties: list[str], rm: ResolvedMentions
) -> list[str]:
    """The parties the treaty phrase headed by ``t`` (ending before ``end``) adds to ``parties``.

    The partners of an "avec" / "entre" complement that starts right after
    the phrase and hangs on one of its ancestors; then, when the phrase has a
    partner and a possessive determiner, the actors of the subject of the
    verb the phrase depends on (a subject pronoun stands for its antecedent):
    the first for "son" / "sa" / "ses", all for "leur" / "leurs". A
    possessive with no partner adds nothing: "son traité" alone does not say
    which treaty.
    """
    out: list[str] = []
    partners = list(parties)
    ancestors = list(t.ancestors)
    for a in ancestors[:3]:
        for c in a.children:
            first = min(x.i for x in c.subtree)
            if first != end or case_of(c) not in _PARTNER:
                continue
            for m in phrase_mentions(c, rm):
                if is_actor(m) and m.key not in partners and m.key not in out:
                    out.append(m.key)
    partners += out
    owner = next((c.lower_ for c in t.children if c.dep_ == "det" and c.lower_ in POSSESSIVES), "")
    verb = next((a for a in ancestors if a.pos_ in ("VERB", "AUX")), None)
    if not partners or not owner or verb is None:
        return out
    subj = subject_of(verb, get_lex())
    if subj is None:
        return out
    subj = antecedent(subj) or subj
    owners = [m.key for m in phrase_mentions(subj, rm) if is_actor(m)]
    owners = [k for k in owners if k not in partners]
    owners = owners if owner.startswith("leur") else owners[:1]  # "leur accord": every one
    return owners + out


def generic_treaty_at(t: Token, rm: ResolvedMentions) -> Mention | None:
    """An unlinked treaty mention starting at ``t`` ("traité de défense"), which a phrase
    describing a treaty with its parties may rename ("son traité de défense avec la Russie").

    The mention layer names such a phrase by its words alone, so that every
    defence treaty of every article would be one; only a mention the KB does
    not know may be renamed.
    """
    m = rm.at(t.i)
    if m is None or m.kind is not EntityKind.TREATY or m.start != t.i:
        return None
    ref = rm.entities.get(m.key)
    return m if ref is not None and not ref.in_kb else None


def drop_renamed(rm: ResolvedMentions, start: int, end: int, key: str) -> None:
    """Forget the mention spanning exactly ``start:end`` that the treaty ``key`` renames,
    and its entity when nothing else mentions it."""
    old = rm.at(start)
    if old is None or (old.start, old.end) != (start, end) or old.key == key:
        return
    rm.mentions = [m for m in rm.mentions if m is not old]
    if not any(m.key == old.key for m in rm.mentions):
        rm.entities.pop(old.key, None)
