"""Casualty frames: who suffers the losses and what was destroyed, per stated group of victims."""

from __future__ import annotations

from spacy.tokens import Span, Token

from newskg.extract.entities import Mention, ResolvedMentions
from newskg.extract.events.frame import EventMention
from newskg.extract.events.lex import Lex
from newskg.extract.events.syntax import (
    OF,
    antecedent,
    case_of,
    counted,
    mentions_in,
    nationality,
    own_phrase,
    own_subtree,
    passive_subject,
    side_of,
    specific,
    state_of_place,
    subject_of,
    trigger_groups,
)
from newskg.kb import KnowledgeBase
from newskg.model import EntityKind, EventKind
from newskg.nlp.lemmas import lemma


def casualties(
    t: Token, sent: Span, rm: ResolvedMentions, kb: KnowledgeBase, lx: Lex
) -> list[EventMention]:
    """Casualty frames: who suffers the losses (``affected``) and what was destroyed.

    The victims are the object of a transitive verb ("a tué 38 personnes",
    "a abattu trois drones"), the subject of a passive or of a verb whose
    subject suffers ("ont péri", "a perdu 150 hommes", "ont perdu la vie"),
    the noun a participle modifies ("les soldats tués"), or a casualty
    noun's modifiers ("pertes russes", "victimes civiles palestiniennes").
    Coordinated victims with figures of their own ("84 combattants de Wagner
    et 47 soldats maliens") are separate estimates: one frame each, whose
    ``theme`` is the victims' noun (the figure counting it goes to it).
    """
    if _released(t, lx):
        return []  # "la libération de 33 otages" counts people set free, not taken
    victims: list[Token] = []
    if t.pos_ in ("VERB", "ADJ", "AUX"):
        victims += [c for c in t.children if c.dep_ in ("nsubj:pass", "obj")]
        if t.dep_ == "xcomp":  # "a recensé 40 civils tués": the object it describes
            victims += [c for c in t.head.children if c.dep_ == "obj"]
        if t.dep_ in ("acl", "amod", "acl:relcl") and t.head.pos_ in ("NOUN", "PROPN", "PRON"):
            victims.append(t.head)
        if t.dep_ == "conj":
            head_subj = passive_subject(t.head)
            if head_subj is not None:
                victims.append(head_subj)
        if lemma(t) in lx.victims_are_subject and _intransitive_use(t):
            subj = subject_of(t, lx)
            if subj is not None:
                victims.insert(0, antecedent(subj) or subj)
    else:
        for c in t.children:  # "pertes russes", "victimes parmi les civils", not "dans les frappes"
            victim_like = c.dep_ == "amod" or (
                c.dep_ == "nmod" and case_of(c) in (*OF, "parmi", None)
            )
            if victim_like and not trigger_groups(c, lx):
                victims.append(c)
        if t.dep_ in ("obj",) and lemma(t.head) in lx.light_verbs:
            subj = subject_of(t.head, lx)
            if subj is not None:
                victims.append(subj)
        if t.dep_ in ("acl", "amod", "nmod") and t.head.lower_ in lx.victim_nouns:
            victims.append(t.head)  # "soldats morts", "des civils blessés"
    groups: list[list[Token]] = [victims]
    first = victims[0] if victims else None
    if first is not None and counted(first):
        for c in first.children:
            if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "NUM") and counted(c):
                groups.append([c])  # "84 combattants de Wagner et 47 soldats maliens"
        if first.dep_ == "conj" and counted(first.head) and first.head.i < first.i:
            groups.append([first.head])  # "15 civils et cinq soldats tués": shared participle
    out = []
    for n, vs in enumerate(groups):
        ev = EventMention(EventKind.CASUALTIES, t, sent, theme=vs[0] if len(groups) > 1 else None)
        _affected(ev, vs, t, sent, rm, kb, lx, siblings=n == 0 and len(groups) > 1)
        out.append(ev)
    return out


def _released(t: Token, lx: Lex) -> bool:
    """True for prisoners or hostages governed by a release word ("libérer", "échange")."""
    if t.lower_ not in lx.captive_nouns and lemma(t) not in lx.captive_nouns:
        return False
    cur = t
    for _ in range(3):
        if cur.head is cur:
            break
        cur = cur.head
        if cur.lower_ in lx.release_words or lemma(cur) in lx.release_words:
            return True
    return False


def _affected(
    ev: EventMention,
    victims: list[Token],
    t: Token,
    sent: Span,
    rm: ResolvedMentions,
    kb: KnowledgeBase,
    lx: Lex,
    *,
    siblings: bool = False,
) -> None:
    """Fill ``affected`` (and ``weapon``) of a casualty frame from its victims.

    In order: an actor named by the victims ("soldats de l'armée malienne",
    "combattants du groupe Wagner"), their nationality ("civils pakistanais");
    the side whose ranks they are in ("dans les rangs de Wagner", "côté
    arménien"); the state or armed force that counts its own losses ("l'armée
    pakistanaise a recensé 40 civils tués"); the state where the losses
    happened ("tués à Kiev" -> Ukraine). ``siblings``: the victims' own
    coordinated nouns are other frames, leave them out.
    """
    weapons: list[Mention] = []
    for v in victims:
        phrase = own_phrase(v) if siblings else list(v.subtree)
        for m in mentions_in(phrase, rm):
            if m.kind is EntityKind.WEAPON_SYSTEM and m not in weapons:
                weapons.append(m)
    for m in specific(weapons, sent.doc):
        ev.add("weapon", m.key)
    for v in victims:
        target = v
        if v.lower_ in ("milliers", "centaines", "dizaines", "nombre") or v.like_num:
            target = next((c for c in v.children if c.dep_ == "nmod"), v)
        key = side_of(target, rm, kb)
        if key is not None:
            ev.add("affected", key)
            return
    scope = own_subtree(t, lx)
    gov = t.head if t.pos_ == "NOUN" and t.head.pos_ in ("VERB", "AUX") else t
    clause = [x for c in gov.children if c.dep_.startswith("obl") for x in c.subtree]
    for x in scope + clause:
        if x.lower_ in lx.ranks_nouns and x.i not in {v.i for v in victims}:
            key = next((side_of(c, rm, kb) for c in x.children if c.dep_ in ("nmod", "amod")), None)
            if key is None:
                key = next(
                    (
                        k
                        for c in x.children
                        if c.dep_ == "conj"
                        for k in [side_of(c, rm, kb)]
                        if k is not None
                    ),
                    None,
                )
            if key is not None:
                ev.add("affected", key)  # "dans les rangs de Wagner", "côté arménien"
                return
    # a count by the side itself: only for a described toll ("annoncé la mort de deux
    # soldats", "recensé 40 civils tués"), never for "annoncé avoir tué 20 rebelles"
    described = (
        t.pos_ != "VERB"
        or t.dep_ in ("acl", "amod", "acl:relcl")
        or not any(c.dep_ in ("obj", "obl:agent") for c in t.children)
    )
    for cand in list(t.ancestors)[:4] if described else ():
        if lemma(cand) in lx.own_loss_verbs:
            subj = subject_of(cand, lx)
            side = _counting_side(subj, rm, kb) if subj is not None else None
            if side is not None:
                ev.add("affected", side)
                return
            break
    if not ev.has("weapon"):
        state = _state_where(t, sent, rm, kb, lx)
        if state is not None:
            ev.add("affected", state)


def _counting_side(subj: Token, rm: ResolvedMentions, kb: KnowledgeBase) -> str | None:
    """The state behind the subject of "a recensé / a annoncé" own losses.

    A state, its capital ("New Delhi a dénombré"), the state of an armed
    force or ministry ("l'armée pakistanaise", "le ministère azerbaïdjanais
    de la Santé"), even when the body itself is not a known entity.
    """
    m = rm.at(subj.i)
    if m is not None:
        if m.kind is EntityKind.STATE:
            return m.key
        ent = kb.get(m.key)
        if m.kind is EntityKind.PLACE:
            return ent.seat_of if ent is not None else None
        if m.kind is EntityKind.PERSON:
            return None
        if ent is not None and ent.affiliation:
            state = kb.get(ent.affiliation)
            if state is not None and state.kind is EntityKind.STATE:
                return state.key
    return nationality(subj, rm, kb)


def _intransitive_use(t: Token) -> bool:
    """True for a verb whose subject suffers, used actively ("ont péri", "a perdu 150 hommes")."""
    if any(c.dep_ in ("nsubj:pass", "aux:pass") for c in t.children):
        return False
    return t.pos_ == "VERB" and t.dep_ not in ("acl", "amod")


def _state_where(
    t: Token, sent: Span, rm: ResolvedMentions, kb: KnowledgeBase, lx: Lex
) -> str | None:
    """The state where a casualty frame's losses happened, from a place complement.

    "27 morts à Kiev", "tué 38 personnes à travers l'Ukraine": a state, or a
    place that is the seat of (or part of) a state, introduced by a place
    preposition in the trigger's clause.
    """
    scope = own_subtree(t, lx)
    gov = t.head if t.pos_ == "NOUN" and t.head.pos_ in ("VERB", "AUX") else None
    if gov is not None:
        scope += [x for c in gov.children if c.dep_.startswith("obl") for x in c.subtree]
    for m in mentions_in(scope, rm):
        root = sent.doc[m.start : m.end].root
        if case_of(root) not in lx.place_preps | {"travers"}:
            continue
        state = state_of_place(m, kb)
        if state is not None:
            return state
    # a fronted locative opening the sentence ("A Kiev, [...] 27 morts"), however it
    # was parsed
    fronted = {
        state
        for m in mentions_in(sent[:3], rm)
        if m.start > sent.start and sent.doc[m.start - 1].lower_ in lx.place_preps | {"a"}
        for state in [state_of_place(m, kb)]
        if state is not None
    }
    return fronted.pop() if len(fronted) == 1 else None
