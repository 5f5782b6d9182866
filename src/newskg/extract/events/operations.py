"""Military operations and weapon tests (a launch with a target is an attack)."""

from __future__ import annotations

from spacy.tokens import Span, Token

from newskg.extract.entities import Mention, ResolvedMentions
from newskg.extract.events.frame import EventMention
from newskg.extract.events.lex import Lex
from newskg.extract.events.syntax import (
    OF,
    SUBJ_DEPS,
    agent_from,
    bare_argument,
    case_of,
    is_actor,
    mentions_in,
    nationality,
    outer_case,
    own_subtree,
    phrase_mentions,
    side_of,
    subject_of,
    trigger_groups,
)
from newskg.kb import KnowledgeBase
from newskg.model import EntityKind, EventKind
from newskg.nlp.lemmas import lemma


def operation_frame(
    t: Token,
    sent: Span,
    rm: ResolvedMentions,
    kb: KnowledgeBase,
    lx: Lex,
    mentions: list[Mention],
) -> EventMention | None:
    """A military operation: who strikes (agent), whom (opponent), where (place), with what."""
    ev = EventMention(EventKind.MILITARY_OPERATION, t, sent)
    if (t.lower_ in lx.needs_military or lemma(t) in lx.needs_military) and not any(
        c.lower_ in lx.military for c in t.children
    ):
        return None
    if t.pos_ == "VERB" and lemma(t) in ("lancer", "mener"):
        return None  # the light verb's noun object carries the frame
    for m in agent_from(t, rm, kb, lx):
        ev.add("agent", m.key)
    if t.pos_ == "NOUN" and t.dep_ == "nsubj:pass" and lemma(t.head) in lx.light_verbs:
        # "l'offensive a été lancée par une coalition menée par HTS"
        for c in t.head.children:
            by = c.dep_ == "obl:agent" or (c.dep_.startswith("obl") and case_of(c) == "par")
            if by and not ev.has("agent"):
                found = [m for m in phrase_mentions(c, rm) if is_actor(m)]
                for m in found[:1]:
                    ev.add("agent", m.key)
    scope = own_subtree(t, lx)
    light = t.head if t.dep_ == "obj" or bare_argument(t) else None
    if t.dep_ == "nmod" and t.head.lower_ in lx.transparent and t.head.dep_ == "obj":
        light = t.head.head  # "une série de frappes"
        scope += [x for x in t.head.subtree if x.i not in {y.i for y in scope}]
    if t.pos_ == "NOUN" and light is not None and lemma(light) in lx.light_verbs:
        # "a lancé une attaque [...] contre Kharkiv": the light verb's obliques count
        scope += [x for c in light.children if c.dep_.startswith("obl") for x in c.subtree]
    # the trigger's direct argument: "attaquer l'Ukraine", "s'emparer d'Alep",
    # "prendre le contrôle de Homs", "la prise d'Alep", "les frappes de l'armée"
    heads = {t.i} | {c.i for c in t.children if c.dep_ == "obj" and c.pos_ == "NOUN"}
    objectish = t.lower_ in lx.invasion or lemma(t) in lx.invasion
    for m in mentions_in(scope, rm):
        root = sent.doc[m.start : m.end].root
        case = case_of(root)
        outer = outer_case(root, t)
        if case in OF and outer is not None:
            # "contre les bastions du Hezbollah", "sur la région de Briansk": the
            # complement's preposition says what role the named entity plays
            case = outer
        if m.kind is EntityKind.PLACE and case in lx.opponent_preps | lx.place_preps:
            ev.add("place", m.key)  # "une attaque contre Kharkiv": where it strikes
            continue
        direct = root.head.i in heads and root.i != t.i
        if m.kind is EntityKind.PLACE:
            if direct and (case is None or case in OF) and root.dep_ != "nsubj":
                ev.add("place", m.key)
            continue
        if not is_actor(m) or root.i == t.i:
            continue
        if case in lx.opponent_preps:
            ev.add("opponent", m.key)
        elif case in lx.agent_preps and t.i in (root.head.i, root.head.head.i):
            # "les attaques subies par les troupes": who suffers them is the target
            suffered = lemma(root.head) in lx.suffer_verbs
            ev.add("opponent" if suffered else "agent", m.key)
        elif direct and case in OF and t.pos_ == "NOUN":
            # "l'invasion de l'Ukraine": the invaded; "l'offensive du Hamas": who attacks
            ev.add("opponent" if objectish else "agent", m.key)
        elif direct and case is None and root.dep_ == "obj" and objectish:
            ev.add("opponent", m.key)  # "attaquer l'Ukraine"
    if objectish and t.pos_ == "VERB" and not ev.has("opponent"):
        for c in t.children:  # "a abattu des drones indiens": whose they were
            cm = rm.at(c.i)
            if c.dep_ == "obj" and (cm is None or not cm.kind.is_actor):
                state = side_of(c, rm, kb)
                if state is not None:
                    ev.add("opponent", state)
    for m in mentions_in(own_subtree(t, lx), rm):
        if m.kind is EntityKind.WEAPON_SYSTEM:
            # "des missiles ATACMS ont été tirés sur": the head system only, not the
            # breakdown that follows it ("cinq avions, dont trois Rafale et un MiG-29")
            ev.add("weapon", m.key)
            break
    if not ev.has("agent") and t.pos_ in ("VERB", "AUX"):
        subj = subject_of(t, lx)
        state = nationality(subj, rm, kb) if subj is not None else None
        if state is not None and rm.at(subj.i) is None:
            ev.add("agent", state)  # "l'aviation indienne a abattu"
    if not ev.has("agent") and t.pos_ == "NOUN":
        for c in t.children:  # "l'invasion russe", "une offensive ukrainienne"
            state = kb.state_for_demonym(c.text) if c.dep_ == "amod" else None
            if state is not None:
                ev.add("agent", state.key)
    for m in mentions:
        if m.kind is EntityKind.PLACE and case_of(sent.doc[m.start : m.end].root) in lx.place_preps:
            ev.add("place", m.key)
    for m in mentions_in(sent, rm):
        if m.kind is EntityKind.PLACE and not ev.has("place"):
            root = sent.doc[m.start : m.end].root
            if case_of(root) in ("dans",):
                ev.add("place", m.key)
    for k in ev.roles.get("agent", []):  # an actor never attacks itself
        if k in ev.roles.get("opponent", []):
            ev.roles["opponent"].remove(k)
    if not ev.roles.get("opponent", True):
        del ev.roles["opponent"]
    if not ev.roles:
        return None
    return ev


def weapon_test_frame(
    t: Token,
    sent: Span,
    rm: ResolvedMentions,
    kb: KnowledgeBase,
    lx: Lex,
    mentions: list[Mention],
) -> EventMention | None:
    """A weapon test: the weapons named around the trigger and who fires them."""
    ev = EventMention(EventKind.WEAPON_TEST, t, sent)
    weapons = [m for m in mentions if m.kind is EntityKind.WEAPON_SYSTEM]
    if not weapons:
        return None
    for m in weapons:
        ev.add("weapon", m.key)
    agents = agent_from(t, rm, kb, lx)
    if not agents and t.pos_ == "NOUN" and t.head.pos_ == "VERB":
        agents = [
            m
            for c in t.head.children
            if c.dep_ in SUBJ_DEPS
            for m in phrase_mentions(c, rm)
            if is_actor(m)
        ]
    for m in agents:
        ev.add("agent", m.key)
    return ev


def launch_kind(t: Token, kind: EventKind, sent: Span, rm: ResolvedMentions, lx: Lex) -> EventKind:
    """A launch ("tirer", "tir", "lancement") is a test without a target, else an attack.

    "des missiles ont été tirés sur Kharkiv" is an operation; "a tiré un
    missile vers la mer" or "un tir d'essai" is a test: a test cue anywhere
    around the trigger wins, then a target ("sur X", "contre X") makes it an
    operation.
    """
    low, lem = t.lower_, lemma(t)
    if low not in lx.launch and lem not in lx.launch:
        return kind
    if EventKind.MILITARY_OPERATION.value in trigger_groups(t.head, lx) and t.head is not t:
        return EventKind.MILITARY_OPERATION  # "ont riposté en tirant un missile"
    around = [x for x in t.subtree] + [t.head] + list(t.head.children)
    if any(x.lower_ in lx.test_cues or lemma(x) in lx.test_cues for x in around):
        return EventKind.WEAPON_TEST
    return EventKind.MILITARY_OPERATION if _has_target(t, lx) else EventKind.WEAPON_TEST


def _has_target(t: Token, lx: Lex) -> bool:
    """A "sur X" / "contre X" complement under the trigger (the parser may hang it lower)."""
    return any(
        x.i != t.i and case_of(x) in lx.target_preps and x.pos_ in ("NOUN", "PROPN")
        for x in t.subtree
    )
