"""Meetings and cooperation between actors."""

from __future__ import annotations

from spacy.tokens import Span, Token

from newskg.extract.entities import Mention, ResolvedMentions
from newskg.extract.events.frame import EventMention
from newskg.extract.events.lex import Lex
from newskg.extract.events.syntax import (
    antecedent,
    is_actor,
    phrase_mentions,
    subject_of,
)
from newskg.kb import KnowledgeBase
from newskg.model import EventKind


def meeting_frame(
    kind: EventKind,
    t: Token,
    sent: Span,
    rm: ResolvedMentions,
    kb: KnowledgeBase,
    lx: Lex,
    mentions: list[Mention],
) -> EventMention | None:
    """A meeting or cooperation: every actor around the trigger takes part (two at least)."""
    ev = EventMention(kind, t, sent)
    # Meeting, Cooperation: actors around the trigger are participants.
    actors = [m for m in mentions if is_actor(m)]
    if t.pos_ == "NOUN":
        subj = subject_of(t.head, lx) if t.head.pos_ in ("VERB", "AUX") else None
        if subj is not None:
            subj = antecedent(subj) or subj
            actors += [m for m in phrase_mentions(subj, rm) if is_actor(m) and m not in actors]
    keys = []
    for m in actors:
        if m.key not in keys:
            keys.append(m.key)
    if len(keys) < 2:
        return None
    for k in keys:
        ev.add("participant", k)
    return ev
