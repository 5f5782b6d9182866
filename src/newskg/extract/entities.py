"""Within-article entity resolution: mentions -> one :class:`EntityRef` per real thing.

Takes the spans of the ``newskg_mentions`` component and decides, per article:

- metonymy: a capital or seat of power used as an actor ("Pyongyang
  affirme", "fournit à Moscou") stands for its state; used as a location
  ("à Séoul", "dans Kiev") it stays a place;
- short forms: "Kim", "M. Yang", "Lee" join the one full name of the article
  (or of the KB) that contains them; an unresolvable bare surname is dropped;
- acronyms: "comité des chefs d'état-major interarmées (JCS)" -> one entity,
  and later "JCS" mentions join it;
- cardinal short names: "le Nord" joins the one mentioned state whose name
  ends in "du Nord" ("Corée du Nord");
- a state's body named by descriptor + nationality ("le ministère polonais de
  la Défense") that the KB does not list: the generated entity of that state
  and kind (:func:`newskg.nlp.agencies.compose_agency`: key
  ``poland-defence-ministry``, label "ministère polonais de la Défense",
  affiliation the state);
- keys for other entities the KB does not know, from their normalised names;
- a nationality adjective mentions its state only when it qualifies an
  actor-like noun ("les troupes polonaises", "des obus polonais"), not
  "la cuisine polonaise".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache

from spacy.tokens import Doc, Span

from newskg.kb import KnowledgeBase
from newskg.model import EntityKind, EntityRef
from newskg.nlp.agencies import compose_agency
from newskg.nlp.keys import token_key
from newskg.nlp.lemmas import lemma
from newskg.nlp.lexicon import lexicon
from newskg.nlp.mentions import SPANS_KEY
from newskg.text import name_key, slugify

__all__ = ["Mention", "ResolvedMentions", "resolve_mentions"]


@dataclass(frozen=True, slots=True)
class Mention:
    """One resolved mention: token span, entity key and kind."""

    start: int
    end: int
    key: str
    kind: EntityKind
    text: str


@dataclass(slots=True)
class ResolvedMentions:
    """The entities of one article and where each is mentioned."""

    entities: dict[str, EntityRef] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    by_token: dict[int, Mention] = field(default_factory=dict)
    # the parties of treaties the article describes without naming them (treaty_phrases)
    treaty_parties: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def at(self, i: int) -> Mention | None:
        return self.by_token.get(i)

    def in_span(self, start: int, end: int) -> list[Mention]:
        seen: list[Mention] = []
        for m in self.mentions:
            if m.start >= start and m.end <= end and m not in seen:
                seen.append(m)
        return seen


def _locative(span: Span) -> bool:
    """True when a capital is used as a location rather than for its state."""
    root = span.root
    preps = {c.lower_ for c in root.children if c.dep_ == "case"}
    if not preps and span.start > 0:
        preps = {span.doc[span.start - 1].lower_}
    loc = set(lexicon("entities")["locative_preps"])
    if not preps & loc:
        return False
    if root.dep_ == "obl:arg":  # "fournit à Moscou" (a receiver) vs "s'est tenu à Moscou"
        return lemma(root.head) not in _receiving_verbs()
    return root.dep_ not in ("iobj", "obl:agent")


@cache
def _receiving_verbs() -> frozenset[str]:
    """Verbs whose "à X" complement is a receiver: transfers and communication."""
    events = lexicon("events")["verb_triggers"]
    claims = lexicon("claims")["reporting_verbs"]
    return frozenset([*events["transfer"], *claims])


def _strip_titles(span: Span, titles: set[str]) -> tuple[int, str]:
    start = span.start
    while start < span.end - 1 and token_key(span.doc[start].text) in titles:
        start += 1
    return start, span.doc[start : span.end].text


def resolve_mentions(doc: Doc, kb: KnowledgeBase) -> ResolvedMentions:
    """Resolve the mention spans of ``doc`` into article-level entities."""
    lex = lexicon("entities")
    titles = {token_key(w) for w in lex["person_titles"]}
    out = ResolvedMentions()
    spans = _expand_known_acronyms(
        doc, sorted(doc.spans.get(SPANS_KEY, []), key=lambda s: (s.start, s.end))
    )
    pending_persons: list[tuple[Span, int, str]] = []
    kb_persons: dict[str, str] = {}  # person key -> label, for short-form linking

    def add(
        span_start: int,
        span_end: int,
        key: str,
        kind: EntityKind,
        label: str,
        *,
        in_kb: bool,
        affiliation: str | None = None,
        label_en: str | None = None,
    ) -> None:
        text = doc[span_start:span_end].text
        ref = out.entities.get(key)
        names = (text,) if ref is None else tuple(sorted({*ref.names, text}))
        out.entities[key] = EntityRef(
            key=key,
            kind=kind if ref is None else ref.kind,
            label=label if ref is None else ref.label,
            names=names,
            in_kb=in_kb,
            affiliation=affiliation if ref is None else (ref.affiliation or affiliation),
            label_en=label_en if ref is None else (ref.label_en or label_en),
        )
        m = Mention(span_start, span_end, key, out.entities[key].kind, text)
        out.mentions.append(m)
        for t in range(span_start, span_end):
            out.by_token[t] = m

    def add_kb(span: Span, key: str) -> None:
        ent = kb.get(key)
        assert ent is not None
        if ent.seat_of and not _locative(span):
            ent = kb.get(ent.seat_of) or ent
        add(
            span.start,
            span.end,
            ent.key,
            ent.kind,
            ent.label("fr"),
            in_kb=True,
            affiliation=ent.affiliation,
        )
        if ent.kind is EntityKind.PERSON:
            kb_persons[ent.key] = ent.label("fr")

    acronyms: dict[str, str] = {}  # ACRONYM -> key, within this article
    for span in spans:
        kind = EntityKind(span.label_)
        if span.kb_id_ and span.kb_id_ in kb:
            add_kb(span, span.kb_id_)
            continue
        if kind is EntityKind.PERSON:
            start, text = _strip_titles(span, titles)
            pending_persons.append((span, start, text))
            continue
        if span._.nkg_state and span._.nkg_agency:  # "la marine polonaise", not in the KB
            body = compose_agency(kb, span._.nkg_state, span._.nkg_agency)
            add(
                span.start,
                span.end,
                body.key,
                body.kind,
                body.label_fr,
                in_kb=False,
                affiliation=body.affiliation,
                label_en=body.label_en,
            )
            continue
        text = span.text
        if text.isupper() and text in acronyms:
            key = acronyms[text]
            add(
                span.start,
                span.end,
                key,
                out.entities[key].kind,
                out.entities[key].label,
                in_kb=False,
            )
            continue
        label = _canonical(span, kind)
        key = slugify(label)
        add(span.start, span.end, key, kind, label, in_kb=False)

    _link_acronyms(doc, out, acronyms)
    _resolve_persons(doc, out, pending_persons, kb_persons, kb, add)
    _resolve_cardinals(doc, out, lex["cardinal_points"], add)
    _promote_acting_places(doc, out)
    _demonym_states(doc, out, kb)
    _agency_states(doc, spans, out, kb)
    out.mentions.sort(key=lambda m: (m.start, m.end))
    return out


def _demonym_states(doc: Doc, out: ResolvedMentions, kb: KnowledgeBase) -> None:
    """A nationality adjective on an actor-like noun mentions its state.

    "les médias sud-coréens", "les troupes nord-coréennes", "des obus
    nord-coréens" (where weapons come from) mention the state; "une
    maternité saoudienne" or "le pétrole libyen" do not: the adjective only
    says where a thing is. The nouns that count are the lexicon's
    ``demonym_heads``, ``personnel_nouns`` and ``weapon_heads``, and any
    noun that is itself a mention. The state joins the article's entities
    (``nkg:mentions``) without a mention span: the adjective is not a name of
    the state (no alias), and the extractors read demonyms themselves where
    they fill roles.
    """
    heads = _demonym_heads()
    for tok in doc:
        # the tagger often reads a rarer demonym as a noun ("le président kényan"); a
        # lower-case one is still the adjective (a people is capitalised: "les Kényans")
        adjective = tok.pos_ == "ADJ" or (tok.pos_ == "NOUN" and tok.text[:1].islower())
        if not adjective or tok.i in out.by_token:
            continue
        state = kb.state_for_demonym(tok.text)
        if state is None or state.key in out.entities:
            continue
        head = tok
        while head.dep_ == "conj" and head.head.i != head.i:  # "les armées russe et polonaise"
            head = head.head
        head = head.head
        if head.i == tok.i or not (token_key(head.text) in heads or head.i in out.by_token):
            continue
        out.entities[state.key] = EntityRef(
            key=state.key,
            kind=state.kind,
            label=state.label("fr"),
            names=(),
            in_kb=True,
            affiliation=state.affiliation,
        )


def _agency_states(doc: Doc, spans: list[Span], out: ResolvedMentions, kb: KnowledgeBase) -> None:
    """A state's body named with its nationality mentions the state too.

    "le gouvernement du Mali", "la marine polonaise", "les services secrets de
    Séoul": the span is the body's mention, and the article mentions the
    state as well (``nkg:mentions``), with the state's name as written when
    the span spells it ("Mali"), else without a name (a demonym or a capital
    is not a name of the state).
    """
    for span in spans:
        state = kb.get(span._.nkg_state) if span._.nkg_state else None
        if state is None or state.kind is not EntityKind.STATE:
            continue
        aliases = {name_key(a) for a in state.aliases}
        names: tuple[str, ...] = ()
        for j in range(span.start + 1, span.end):
            if name_key(doc[j : span.end].text) in aliases:
                names = (doc[j : span.end].text,)
                break
        ref = out.entities.get(state.key)
        if ref is not None:
            if names and names[0] not in ref.names:
                out.entities[state.key] = replace(ref, names=tuple(sorted({*ref.names, *names})))
            continue
        out.entities[state.key] = EntityRef(
            key=state.key,
            kind=state.kind,
            label=state.label("fr"),
            names=names,
            in_kb=True,
            affiliation=state.affiliation,
        )


@cache
def _demonym_heads() -> frozenset[str]:
    """Nouns whose nationality adjective names an actor: bodies, people, weapons, acts of war."""
    lex = lexicon("entities")
    words = [*lex["demonym_heads"], *lex["personnel_nouns"], *lex["weapon_heads"]]
    return frozenset(token_key(w) for w in words)


def _promote_acting_places(doc: Doc, out: ResolvedMentions) -> None:
    """An unknown place that sends, supplies or declares is a state ("La Bordurie envoie").

    The statistical NER tags countries it does not know as locations; the
    KB types the ones it knows. A location that is the subject (or the
    passive agent, "signé par la Bordurie") of an event verb or a reporting
    verb acts, so it stands for a state: a name in an actor role is never a
    place.
    """
    acting = _acting_verbs()
    promoted = set()
    for m in out.mentions:
        ref = out.entities.get(m.key)
        if ref is None or ref.in_kb or ref.kind is not EntityKind.PLACE:
            continue
        root = doc[m.start : m.end].root
        if root.dep_ in ("nsubj", "obl:agent") and lemma(root.head) in acting:
            promoted.add(m.key)
    if not promoted:
        return
    for key in promoted:
        out.entities[key] = replace(out.entities[key], kind=EntityKind.STATE)
    out.mentions[:] = [
        replace(m, kind=EntityKind.STATE) if m.key in promoted else m for m in out.mentions
    ]
    out.by_token.update({i: m for m in out.mentions for i in range(m.start, m.end)})


@cache
def _acting_verbs() -> frozenset[str]:
    """Verbs whose subject is an actor: every event verb and reporting verb."""
    events = lexicon("events")["verb_triggers"]
    claims = lexicon("claims")["reporting_verbs"]
    return frozenset([*(w for ws in events.values() for w in ws), *claims])


def _canonical(span: Span, kind: EntityKind) -> str:
    """A label for an entity the KB does not know: singular, lower-case for common nouns."""
    if kind in (EntityKind.WEAPON_SYSTEM, EntityKind.TREATY):
        words = []
        for t in span:
            if t.pos_ in ("NOUN", "ADJ") and not t.text[:1].isupper():
                words.append(t.lemma_ if t.lemma_ and t.lemma_ != "millimètre" else t.text)
            else:
                words.append(t.text)
        text = " ".join(words)
        return text.replace(" '", "'").replace("' ", "'").replace(" ,", ",")
    return span.text


_NAME_GLUE = frozenset({"ADP", "DET", "CCONJ"})


def _expand_known_acronyms(doc: Doc, spans: list[Span]) -> list[Span]:
    """``LONG NAME (ACR)`` where ACR is known: the long name is another name of ACR's entity.

    "le Front populaire de libération du Nord (FPLN)", with FPLN in the
    KB under another long form: the words before the parenthesis whose
    initials spell the acronym (prepositions, articles and conjunctions
    left out, the first word capitalised) become one mention of the
    acronym's entity, replacing whatever fragments ("Front", "Nord") were
    found in them. The initials must match exactly, so an acronym that is
    not an abbreviation of the words before it changes nothing.
    """
    out = list(spans)
    for span in spans:
        if not span.kb_id_ or span.start < 2 or span.end >= len(doc):
            continue
        if doc[span.start - 1].text != "(" or doc[span.end].text != ")":
            continue
        letters = [c.lower() for c in span.text if c.isalpha()]
        if not 2 <= len(letters) <= 10 or not span.text.replace("-", "").isupper():
            continue
        start = _initials_start(doc, span.start - 1, letters)
        if start is None:
            continue
        end = span.start - 1
        out = [s for s in out if not (s.start >= start and s.end <= end)]
        if any(s.start < end and s.end > start for s in out):
            continue  # a longer mention overlaps: leave it alone
        out.append(Span(doc, start, end, label=span.label_, kb_id=span.kb_id_))
    return sorted(out, key=lambda s: (s.start, s.end))


def _initials_start(doc: Doc, paren: int, letters: list[str]) -> int | None:
    """Where the words ending before ``paren`` start if their initials spell ``letters``."""
    want = list(letters)
    i = paren - 1
    sent_start = doc[paren].sent.start
    while i >= sent_start and want:
        tok = doc[i]
        if tok.is_punct and tok.text not in ("'", "’"):
            return None
        if tok.pos_ not in _NAME_GLUE and tok.text[:1].isalpha():
            if tok.text[0].lower() != want[-1]:
                return None
            want.pop()
        i -= 1
    first = i + 1
    if want or not doc[first].text[:1].isupper():
        return None
    return first


def _link_acronyms(doc: Doc, out: ResolvedMentions, acronyms: dict[str, str]) -> None:
    """``LONG NAME (ACR)``: make ACR an alias of LONG NAME's entity, here and later on.

    A news agency's acronym also follows its description without
    parentheses ("l'agence de presse officielle saoudienne SPA").
    """
    for m in list(out.mentions):
        acr, bare = None, False
        if m.end + 2 < len(doc) and doc[m.end].text == "(" and doc[m.end + 2].text == ")":
            acr = doc[m.end + 1]
        elif m.kind is EntityKind.NEWS_AGENCY and m.end < len(doc):
            acr, bare = doc[m.end], True  # only an acronym the NER took for a name
        if acr is None or not (acr.text.isupper() and 2 <= len(acr.text) <= 8):
            continue
        other = out.by_token.get(acr.i)
        if other is not None and _unknown_name(out, other, acr.text, m.key):
            _drop_entity(out, other.key)  # "services de renseignement turcs (MIT)"
            acronyms[acr.text] = m.key
        elif other is None and not bare:
            acronyms[acr.text] = m.key
    if not acronyms:
        return
    for tok in doc:
        if tok.text in acronyms and tok.i not in out.by_token:
            key = acronyms[tok.text]
            ref = out.entities[key]
            out.entities[key] = EntityRef(
                ref.key,
                ref.kind,
                ref.label,
                tuple(sorted({*ref.names, tok.text})),
                ref.in_kb,
                ref.affiliation,
                ref.label_en,
            )
            m = Mention(tok.i, tok.i + 1, key, ref.kind, tok.text)
            out.mentions.append(m)
            out.by_token[tok.i] = m


def _unknown_name(out: ResolvedMentions, m: Mention, text: str, owner: str) -> bool:
    """Whether ``m`` is a guess the KB does not know, named only ``text``, other than ``owner``.

    Such a mention of an acronym in parentheses after a name is that name's
    acronym, not a second entity.
    """
    ref = out.entities.get(m.key)
    return ref is not None and m.key != owner and not ref.in_kb and set(ref.names) == {text}


def _drop_entity(out: ResolvedMentions, key: str) -> None:
    """Forget an entity and its mentions (their tokens become free for another entity)."""
    out.entities.pop(key, None)
    gone = [m for m in out.mentions if m.key == key]
    out.mentions[:] = [m for m in out.mentions if m.key != key]
    for m in gone:
        for t in range(m.start, m.end):
            if out.by_token.get(t) is m:
                del out.by_token[t]


def _resolve_persons(doc, out, pending, kb_persons, kb, add) -> None:
    full: dict[str, str] = {}  # slug -> full name, for multi-token names of this article
    for _span, _start, text in pending:
        if len(text.split()) >= 2:
            full[slugify(text)] = text
    candidates: dict[str, tuple[str, str, bool]] = {}
    for key, label in full.items():
        candidates[key] = (label, key, False)
    for key, label in kb_persons.items():
        candidates[key] = (label, key, True)
    for span, start, text in pending:
        if len(text.split()) >= 2:
            found = kb.lookup(text)
            person = [e for e in found if e.kind is EntityKind.PERSON]
            if person:
                add(
                    start,
                    span.end,
                    person[0].key,
                    EntityKind.PERSON,
                    person[0].label("fr"),
                    in_kb=True,
                    affiliation=person[0].affiliation,
                )
            else:
                add(start, span.end, slugify(text), EntityKind.PERSON, text, in_kb=False)
            continue
        short = name_key(text)
        hits = [
            (label, key, in_kb)
            for label, key, in_kb in candidates.values()
            if short in name_key(label).split()
        ]
        if len(hits) == 1:
            label, key, in_kb = hits[0]
            add(start, span.end, key, EntityKind.PERSON, label, in_kb=in_kb)
        elif start > span.start:  # titled single name ("M. Yang"): a person of its own
            add(start, span.end, slugify(text), EntityKind.PERSON, text, in_kb=False)


def _resolve_cardinals(doc: Doc, out: ResolvedMentions, cardinals, add) -> None:
    """``le Nord`` -> the one mentioned state named "... du Nord"."""
    states = [r for r in out.entities.values() if r.kind is EntityKind.STATE]
    for tok in doc:
        suffix = cardinals.get(tok.lower_)
        if suffix is None or not tok.text[0].isupper() or tok.i in out.by_token:
            continue
        if tok.i == 0 or doc[tok.i - 1].lower_ not in ("le", "du", "au"):
            continue
        hits = [r for r in states if name_key(r.label).endswith(name_key(suffix))]
        if len(hits) == 1:
            ref = hits[0]
            add(tok.i, tok.i + 1, ref.key, ref.kind, ref.label, in_kb=ref.in_kb)


def iter_entity_refs(resolved: ResolvedMentions) -> Iterable[EntityRef]:
    """The article's entities, sorted by key."""
    return (resolved.entities[k] for k in sorted(resolved.entities))
