"""Agreements the press describes without naming them: ceasefires, security pacts.

"Un cessez-le-feu entre Israël et le Hezbollah", "l'accord de trêve à Gaza",
"un accord bilatéral de sécurité paraphé à Bruxelles": a descriptive head
(``descriptive_treaty_heads``: "cessez-le-feu", "trêve", "armistice"...) or a
treaty noun with a kind complement (``descriptive_treaty_nouns`` +
``descriptive_treaty_kinds``: "accord de sécurité", "accord de paix"...)
mentions a treaty of that kind. Its qualifiers are the actors of an "entre"
complement or of an "avec" complement (of the noun or of the participle on
it: "conclu avec le Hamas") and the places of a place complement ("à Gaza").

One treaty per (kind, qualifiers) and article: a qualified mention joins an
earlier treaty of its kind sharing a qualifier, else opens a new one whose key
is the kind and its sorted qualifier keys (so that two articles about the same
ceasefire share it); an unqualified mention ("la trêve") joins the nearest
treaty of its kind before it, else the first after it, else a treaty of the
article alone. A ceasefire someone calls for or negotiates ("appelle à un
cessez-le-feu") is no agreement; a bare kind noun of a non-ceasefire kind
("l'accord de défense") mints a treaty only when qualified or the argument
of a treaty milestone ("un accord de sécurité signé mardi").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from newskg.extract.entities import Mention, ResolvedMentions
from newskg.extract.events.syntax import LIST_GLUE, case_of
from newskg.extract.possessed_treaties import (
    drop_renamed,
    generic_treaty_at,
    possessed_treaty_parties,
)
from newskg.kb import KnowledgeBase
from newskg.model import EntityKind, EntityRef
from newskg.nlp.lemmas import lemma
from newskg.nlp.lexicon import lexicon
from newskg.text import slugify

__all__ = ["add_descriptive_treaties", "compound_demonym_states"]

_ENTRE = ("entre",)
_AVEC = ("avec",)
_PLACE = ("à", "au", "aux", "en", "dans")
_DEPS = ("nmod", "obl", "obl:arg", "obl:mod")


@dataclass(slots=True)
class _Phrase:
    start: int
    end: int
    kind: str
    parties: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)

    @property
    def qualifiers(self) -> list[str]:
        return self.parties + [p for p in self.places if p not in self.parties]


def _lex() -> dict:
    return lexicon("events")


def add_descriptive_treaties(
    doc: Doc, rm: ResolvedMentions, kb: KnowledgeBase, *, scope: str = ""
) -> None:
    """Mint the descriptive treaties of ``doc`` into ``rm`` (entities and mentions).

    ``scope`` (the article identifier) keys a treaty that nothing qualifies
    in the whole article, so that it is never merged with another article's.
    """
    phrases = [p for p in (_phrase(t, rm, kb) for t in doc) if p is not None]
    if not phrases:
        return
    keys: list[str | None] = [None] * len(phrases)
    minted: dict[str, tuple[str, str, list[str]]] = {}  # key -> (kind, label, qualifiers)
    for n, p in enumerate(phrases):
        if not p.qualifiers:
            continue
        same = [
            k
            for k, (kind, _, quals) in minted.items()
            if kind == p.kind and set(quals) & set(p.qualifiers)
        ]
        if same:
            keys[n] = same[0]
            continue
        key = slugify(" ".join([p.kind, *sorted(p.qualifiers)]))
        minted[key] = (p.kind, _label(p, rm, kb), p.qualifiers)
        if p.parties:
            rm.treaty_parties[key] = tuple(p.parties)
        keys[n] = key
    for n, p in enumerate(phrases):
        if keys[n] is not None:
            continue
        before = [keys[j] for j in range(n - 1, -1, -1) if phrases[j].kind == p.kind and keys[j]]
        after = [keys[j] for j in range(n + 1, len(phrases)) if phrases[j].kind == p.kind]
        after = [k for k in after if k]
        if before or after:
            keys[n] = (before or after)[0]
            continue
        key = slugify(f"{p.kind} {scope}" if scope else p.kind)
        minted[key] = (p.kind, p.kind, [])
        keys[n] = key
    for p, key in zip(phrases, keys, strict=True):
        assert key is not None
        _add(doc, rm, p, key, minted[key][1])
    rm.mentions.sort(key=lambda m: (m.start, m.end))


def _add(doc: Doc, rm: ResolvedMentions, p: _Phrase, key: str, label: str) -> None:
    drop_renamed(rm, p.start, p.end, key)
    text = doc[p.start : p.end].text
    ref = rm.entities.get(key)
    names = tuple(sorted({text, p.kind} | (set(ref.names) if ref else set())))
    rm.entities[key] = EntityRef(key=key, kind=EntityKind.TREATY, label=label, names=names)
    m = Mention(p.start, p.end, key, EntityKind.TREATY, text)
    rm.mentions.append(m)
    for i in range(p.start, p.end):
        rm.by_token[i] = m


def _label(p: _Phrase, rm: ResolvedMentions, kb: KnowledgeBase) -> str:
    def name(key: str) -> str:
        ref = rm.entities.get(key)
        ent = kb.get(key)
        return ent.label("fr") if ent is not None else (ref.label if ref else key)

    if p.parties:
        return f"{p.kind} {'–'.join(name(k) for k in p.parties)}"
    return f"{p.kind} à {name(p.places[0])}"


def _phrase(t: Token, rm: ResolvedMentions, kb: KnowledgeBase) -> _Phrase | None:
    """The descriptive treaty headed by ``t``, if ``t`` heads one."""
    if t.pos_ not in ("NOUN", "PROPN"):  # first: _phrase is asked of every word
        return None
    generic = generic_treaty_at(t, rm)  # "son traité de défense avec la Russie": renamed
    if t.i in rm.by_token and generic is None:
        return None
    lex = _lex()
    heads: dict[str, str] = lex["descriptive_treaty_heads"]
    needs: dict[str, str] = lex["descriptive_treaty_head_complements"]
    kinds: dict[str, str] = lex["descriptive_treaty_kinds"]
    low = t.lower_
    lem = lemma(t)
    end = t.i + 1
    kind = heads.get(low) or heads.get(lem)
    if kind is not None and (low in needs or lem in needs):
        need = needs.get(low) or needs.get(lem)
        comp = next((c for c in t.children if c.dep_ == "nmod" and c.lower_ == need), None)
        if comp is None:
            return None
        end = comp.i + 1
    if kind is None and (low in lex["descriptive_treaty_nouns"]):
        if t.dep_ == "nmod" and lemma(t.head) in heads:
            return None
        comp = next(
            (
                c
                for c in t.children
                if c.dep_ == "nmod" and c.i > t.i and (c.lower_ in kinds or lemma(c) in kinds)
            ),
            None,
        )
        if comp is None:  # "son accord militaire": a kind adjective
            adjectives = lex.get("descriptive_treaty_kind_adjectives", {})
            comp = next(
                (c for c in t.children if c.dep_ == "amod" and c.i == t.i + 1),
                None,
            )
            if comp is None or comp.lower_ not in adjectives:
                return None
            kinds = adjectives
        if comp.i in rm.by_token and rm.by_token[comp.i] is not generic:
            return None
        kind = kinds.get(comp.lower_) or kinds[lemma(comp)]
        end = comp.i + 1
    if kind is None:
        return None
    if t.dep_ == "nmod" and t.head.lower_ in lex["descriptive_treaty_nouns"]:
        return None  # "l'accord de cessez-le-feu": the phrase of "accord"
    if _called_for(t, set(lex["treaty_call_words"])):
        return None
    if any(i in rm.by_token and rm.by_token[i] is not generic for i in range(t.i, end)):
        return None  # the phrase holds a named entity: not ours to rename
    p = _Phrase(t.i, end, kind)
    _qualify(t, p, rm, kb)
    if generic is not None and (generic.end != end or len(p.parties) < 2):
        return None  # renamed only when its words and its parties say which treaty
    if not p.qualifiers and kind not in set(heads.values()) and not _milestone_argument(t):
        return None  # "l'accord de défense le plus important": no agreement in particular
    return p


def _called_for(t: Token, calls: set[str]) -> bool:
    """ "appelle à un cessez-le-feu", "des négociations sur une trêve": not (yet) agreed."""
    head = t.head
    if head.i == t.i:
        return False
    if lemma(head) in calls or head.lower_ in calls:
        return True
    return head.pos_ == "NOUN" and head.dep_ == "nmod" and lemma(head.head) in calls


def _milestone_argument(t: Token) -> bool:
    """Whether ``t`` is signed, ratified, concluded... or enters into force."""
    verbs = lexicon("events")["verb_triggers"]
    milestones = {
        w
        for g in ("TreatySigning", "TreatyRatification", "TreatyWithdrawal")
        for w in verbs.get(g, [])
    } | {"entrer"}
    if t.dep_ in ("obj", "nsubj", "nsubj:pass") and lemma(t.head) in milestones:
        return True
    return any(c.dep_ in ("acl", "amod") and lemma(c) in milestones for c in t.children)


def _qualify(t: Token, p: _Phrase, rm: ResolvedMentions, kb: KnowledgeBase) -> None:
    """The parties ("entre X et Y", "avec X") and places ("à Gaza") of the phrase at ``t``.

    Parties anywhere in the noun's phrase but its relative clauses (the
    parser hangs "conclu avec X" on any noun of the phrase); places only as
    complements of the noun or of its kind complement.
    """
    skip = {x.i for c in t.children if c.dep_ == "acl:relcl" for x in c.subtree}
    holders = [t] + [c for c in t.children if c.dep_ == "nmod"]
    for h in holders:  # "le cessez-le-feu israélo-libanais"
        for c in h.children:
            if c.dep_ == "amod" and "-" in c.text:
                for k in compound_demonym_states(c.text, kb):
                    if k not in p.parties:
                        p.parties.append(k)
    for c in t.subtree:
        if c.i in skip or c.i < p.start or not c.dep_.startswith(_DEPS):
            continue
        case = case_of(c)
        if case in _ENTRE or case in _AVEC:
            for m in _phrase_actors(c, rm):
                if m.key not in p.parties:
                    p.parties.append(m.key)
        elif case in _PLACE and c.head in holders:
            m = rm.at(c.i)
            place = m is not None and m.kind in (EntityKind.PLACE, EntityKind.STATE)
            if place and m.key not in p.places:
                p.places.append(m.key)
    # "son accord militaire avec la Russie": the possessor, a partner hung higher up
    p.parties += possessed_treaty_parties(t, p.end, p.parties, rm)


def compound_demonym_states(word: str, kb: KnowledgeBase) -> list[str]:
    """The states of a compound nationality adjective: "israélo-libanais", "belgo-ukrainien".

    The last part is a demonym; each earlier part is a prefix form ending in
    "-o" whose demonym is the stem plus a common suffix ("israél-o" ->
    "israélien", "belg-o" -> "belge", "franc-o" -> "français"). Every part
    must name a state, else nothing is returned.
    """
    parts = word.split("-")
    if len(parts) < 2 or "" in parts:
        return []
    out: list[str] = []
    for n, part in enumerate(parts):
        if n == len(parts) - 1:
            candidates = [part]
        elif part.lower().endswith("o"):
            stem = part[:-1]
            candidates = [stem + suffix for suffix in _DEMONYM_SUFFIXES]
        else:
            return []
        state = next((e for c in candidates if (e := kb.state_for_demonym(c)) is not None), None)
        if state is None:
            return []
        if state.key not in out:
            out.append(state.key)
    return out if len(out) >= 2 else []


_DEMONYM_SUFFIXES = ("ien", "ienne", "e", "ais", "ain", "ois", "en", "", "ique")


def _phrase_actors(head: Token, rm: ResolvedMentions) -> list[Mention]:
    """The actors a complement names: its head and the heads coordinated with it.

    The coordination is also read on the words ("entre l'Azerbaïdjan et
    l'Arménie tient", where the parser takes the second name for a subject):
    actor mentions that follow, separated only by commas, "et" and articles.
    """
    heads = [head] + [c for c in head.children if c.dep_ in ("conj", "appos")]
    out: list[Mention] = []
    for h in heads:
        m = rm.at(h.i)
        if m is not None and m.kind.is_actor and m not in out:
            out.append(m)
    if not out:
        return out
    doc = head.doc
    i = out[0].end
    while i < len(doc) and doc[i].lower_ in LIST_GLUE:
        i += 1
        m = rm.at(i)
        if m is not None and m.start == i and doc[i - 1].lower_ in LIST_GLUE:
            if not m.kind.is_actor:
                break
            if m not in out:
                out.append(m)
            i = m.end
    return out
