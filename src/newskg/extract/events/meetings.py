"""Meetings and cooperation between actors."""

from __future__ import annotations

from spacy.tokens import Span, Token

from newskg.extract.entities import Mention, ResolvedMentions
from newskg.extract.events.frame import EventMention
from newskg.extract.events.lex import Lex
from newskg.extract.events.syntax import (
    agent_from,
    antecedent,
    bare_argument,
    case_of,
    is_actor,
    mentions_in,
    own_subtree,
    phrase_mentions,
    state_of_place,
    subject_of,
)
from newskg.kb import KnowledgeBase
from newskg.model import EntityKind, EventKind
from newskg.nlp.lemmas import lemma

_REFLEXIVE = ("se", "s'", "nous", "vous")


def meeting_frame(
    kind: EventKind,
    t: Token,
    sent: Span,
    rm: ResolvedMentions,
    kb: KnowledgeBase,
    lx: Lex,
    mentions: list[Mention],
) -> EventMention | None:
    """A meeting or cooperation: every actor around the trigger takes part (two at least).

    Verbs: the subject (a pronoun stands for its antecedent) and the actors
    of the verb's phrase take part; "s'entretenir", "se parler" need their
    reflexive pronoun ("entretenir des relations" is no meeting), and their
    partners are the "avec" / "entre" complements, not any actor nearby;
    "retrouver", "recevoir", "accueillir" need an actor as object or passive
    subject ("retrouver des corps", "accueillir des F-16" are no meeting).
    Nouns ("sommet", "entretien") take the actors of their phrase and, when
    the noun frames a clause ("à l'issue d'un entretien avec Y, X a
    annoncé..."), the clause's subject and addressee; a visit ("la visite de
    X à Kiev") has the visited state take part. The ``place`` is a
    place named with a place preposition in the trigger's phrase.
    """
    ev = EventMention(kind, t, sent)
    verb = t.pos_ in ("VERB", "AUX")
    lem = lemma(t)
    region = list(own_subtree(t, lx))
    if verb and kind is EventKind.MEETING:
        if lem in lx.meeting_reflexive and not any(
            c.lower_ in _REFLEXIVE and c.pos_ == "PRON" for c in t.children
        ):
            return None
        if lem in lx.meeting_actor_object and not any(
            c.dep_ in ("obj", "nsubj:pass") and _head_actor(c, rm) for c in t.children
        ):
            return None
        if lem in lx.meeting_partner_verbs:
            mentions = _partners(t, rm, lx)
    argument = t.dep_ in ("obj", "nsubj:pass") or bare_argument(t)
    if t.pos_ == "NOUN" and not argument:
        mentions = mentions_in(region, rm)  # the governing verb's subject is no participant
    actors = [m for m in mentions if is_actor(m)]
    if verb:
        actors += [m for m in agent_from(t, rm, kb, lx) if m not in actors]
    if t.pos_ == "NOUN":
        # "ont tenu un sommet": the subject of the verb the noun is the object of;
        # "le discours intervenait au lendemain d'une visite" gives the speaker no part
        subj = subject_of(t.head, lx) if argument and t.head.pos_ in ("VERB", "AUX") else None
        if subj is not None:
            subj = antecedent(subj) or subj
            actors += [m for m in phrase_mentions(subj, rm) if is_actor(m) and m not in actors]
        framed = _framed_clause(t, lx)
        if framed is not None and kind is EventKind.MEETING:
            phrase, clause = framed
            region += [x for x in phrase.subtree if x not in region]
            around = mentions_in(phrase.subtree, rm) + agent_from(clause, rm, kb, lx)
            around += _addressees(clause, rm)
            actors += [m for m in around if is_actor(m) and m not in actors]
    keys = []
    for m in actors:
        if m.key not in keys:
            keys.append(m.key)
    if t.pos_ == "NOUN" and t.lower_ in lx.meeting_visits and kind is EventKind.MEETING:
        # "la visite de Biden à Kiev": the state visited takes part
        for m in mentions_in(own_subtree(t, lx), rm):
            root = sent.doc[m.start : m.end].root
            state = state_of_place(m, kb) if case_of(root) in lx.recipient_preps else None
            if state is not None and state not in keys:
                keys.append(state)
    if len(keys) < 2:
        return None
    for k in keys:
        ev.add("participant", k)
    if kind is EventKind.MEETING:
        for m in mentions_in(region, rm):
            root = sent.doc[m.start : m.end].root
            if m.kind is EntityKind.PLACE and case_of(root) in lx.place_preps:
                ev.add("place", m.key)
    return ev


def _partners(t: Token, rm: ResolvedMentions, lx: Lex) -> list[Mention]:
    """The actors a verb of exchange is done with: its "avec" / "entre" complements."""
    out: list[Mention] = []
    for c in t.children:
        if c.dep_.startswith(("obl", "nmod", "iobj")) and case_of(c) in lx.meeting_partner_preps:
            out += [m for m in phrase_mentions(c, rm) if m not in out]
    return out


def _framed_clause(t: Token, lx: Lex) -> tuple[Token, Token] | None:
    """The circumstantial phrase a meeting noun sits in, and the verb it frames.

    "à l'issue d'un entretien", "au cours d'un entretien téléphonique", "en
    marge du sommet", "lors d'un sommet" (``meeting_frame_nouns``, nouns or
    prepositions): the noun, or the frame noun it complements, is an oblique
    of a verb; returns (that oblique, the verb). Other obliques do not frame
    the clause: in "le discours intervenait au lendemain d'une visite de X",
    the speaker of the discours takes no part in the visit.
    """
    phrase = t
    if t.dep_ == "nmod" and t.head.pos_ == "NOUN" and t.head.lower_ in lx.meeting_frames:
        phrase = t.head  # "à l'issue d'un entretien"
    elif case_of(t) not in lx.meeting_frames:
        return None  # only "lors d'un sommet", "pendant l'entretien" frame a clause directly
    if phrase.dep_.startswith("obl") and phrase.head.pos_ in ("VERB", "AUX"):
        return phrase, phrase.head
    return None


def _addressees(v: Token, rm: ResolvedMentions) -> list[Mention]:
    """The persons a framed clause is addressed to: "a présenté ses excuses à Y"."""
    out: list[Mention] = []
    for c in v.children:
        if c.dep_ in ("iobj", "obl:arg", "obl") and case_of(c) in ("à", "au", "aux"):
            out += [m for m in phrase_mentions(c, rm) if m.kind is EntityKind.PERSON]
    return out


def _head_actor(head: Token, rm: ResolvedMentions) -> bool:
    """Whether the phrase ``head`` heads names an actor itself, not in a complement.

    "a reçu le Premier ministre Rishi Sunak": yes; "accueillaient des F-16
    engagés en Ukraine": no (Ukraine is in the participle's complement).
    """
    own = [head] + [c for c in head.children if c.dep_ in ("appos", "flat:name", "conj")]
    return any((m := rm.at(x.i)) is not None and is_actor(m) for x in own)
