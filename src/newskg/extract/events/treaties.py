"""Treaty milestones: signing, ratification, entry into force, withdrawal."""

from __future__ import annotations

from spacy.tokens import Span, Token

from newskg.extract.entities import Mention, ResolvedMentions
from newskg.extract.events.frame import EventMention
from newskg.extract.events.lex import Lex
from newskg.extract.events.syntax import (
    OF,
    agent_from,
    case_of,
    is_actor,
    last_mention_before,
    own_subtree,
    passive_subject,
    phrase_mentions,
    subject_of,
)
from newskg.kb import KnowledgeBase
from newskg.model import EntityKind, EventKind


def treaty_frame(
    kind: EventKind,
    t: Token,
    sent: Span,
    rm: ResolvedMentions,
    kb: KnowledgeBase,
    lx: Lex,
    mentions: list[Mention],
) -> EventMention | None:
    """A treaty milestone: the treaty (named, or the last named for an anaphor), its parties."""
    ev = EventMention(kind, t, sent)
    treaties = [m for m in mentions if m.kind is EntityKind.TREATY]
    if not treaties and t.dep_ in ("acl", "amod") and rm.at(t.head.i) is not None:
        treaties = [m for m in [rm.at(t.head.i)] if m and m.kind is EntityKind.TREATY]
    if not treaties:
        subj = passive_subject(t) or subject_of(t, lx)
        if subj is not None:
            treaties = [m for m in phrase_mentions(subj, rm) if m.kind is EntityKind.TREATY]
    if not treaties:
        treaties = treaty_antecedent(t, rm, lx)
    if not treaties:
        return None
    for m in treaties[:1]:
        ev.add("treaty", m.key)
    for m in agent_from(t, rm, kb, lx):
        ev.add("participant", m.key)
    if not ev.has("participant"):
        for x in own_subtree(t, lx):  # "la révocation de la ratification par la Russie"
            m = rm.at(x.i)
            if m is not None and is_actor(m) and case_of(x) in lx.agent_preps:
                ev.add("participant", m.key)
                break
    if not ev.has("participant") and t.pos_ == "NOUN":
        for c in t.children:  # "la ratification russe"
            state = kb.state_for_demonym(c.text) if c.dep_ == "amod" else None
            if state is not None:
                ev.add("participant", state.key)
    return ev


def treaty_antecedent(t: Token, rm: ResolvedMentions, lx: Lex) -> list[Mention]:
    """The treaty a pronoun or a bare "l'accord" stands for: the last one named before.

    "La Hongrie l'avait ratifié", "il est entré en vigueur l'année suivante",
    "l'accord doit entrer en vigueur dimanche": when the trigger's object or
    subject is a pronoun or a treaty noun naming nothing, the treaty is the
    last one mentioned in this sentence or the two before.
    """
    args = [c for c in t.children if c.dep_ in ("obj", "nsubj", "nsubj:pass", "expl:subj")]
    subj = subject_of(t, lx)  # "l'accord doit entrer en vigueur": the subject of the modal
    if subj is not None:
        args.append(subj)
    if t.pos_ == "NOUN":
        args += [c for c in t.children if c.dep_ == "nmod" and case_of(c) in OF]
    anaphoric = any(
        (a.pos_ == "PRON" and a.lower_ in ("l'", "le", "la", "il", "elle", "celui-ci"))
        or (a.lower_ in lx.treaty_nouns and rm.at(a.i) is None)
        for a in args
    )
    if not anaphoric:
        return []
    return last_mention_before(t, rm, EntityKind.TREATY)
