"""Time: which date expression of a sentence dates which event.

:func:`newskg.extract.dates.find_dates` resolves the expressions against the
publication date; here each resolved expression is attached to the verb or
trigger it modifies (walking up the parse). An event takes the date attached
to its own trigger (or to the verb governing a nominal trigger); failing
that, the date of the reporting clause it is reported in ("a affirmé lundi
que...", "Le 17 décembre, X avait déclaré que..."): a figure or an
operation reported on a day is dated by that statement.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from newskg.extract.dates import DateMention
from newskg.extract.events import EventMention
from newskg.model import TimeValue
from newskg.nlp.lemmas import lemma
from newskg.nlp.lexicon import lexicon

__all__ = ["attach_times"]


def _anchor(tok: Token) -> Token:
    """The verb or noun a date expression modifies."""
    cur = tok
    for _ in range(6):
        if cur.pos_ in ("VERB", "AUX") or cur.head is cur:
            return cur
        cur = cur.head
        if cur.pos_ == "NOUN" and cur.dep_ in ("obj", "nsubj", "nsubj:pass"):
            return cur
    return cur


def _governors(t: Token) -> list[Token]:
    """The trigger and the verbs it hangs from (nominal triggers, participles, xcomp)."""
    out = [t]
    cur = t
    for _ in range(3):
        if cur.head is cur:
            break
        if cur.dep_ in ("obj", "nsubj", "nsubj:pass", "acl", "amod", "xcomp", "conj", "nmod"):
            cur = cur.head
            out.append(cur)
        else:
            break
    return out


def attach_times(
    sent: Span, events: Sequence[EventMention], dates: Sequence[DateMention]
) -> dict[int, TimeValue]:
    """Map ``id(event)`` to its :class:`TimeValue`, for the events that have one."""
    doc = sent.doc
    reporting = set(lexicon("claims")["reporting_verbs"])
    anchored: list[tuple[Token, TimeValue]] = []
    for dm in dates:
        if dm.value is None:
            continue
        span = doc.char_span(
            sent.start_char + dm.start, sent.start_char + dm.end, alignment_mode="expand"
        )
        if span is None or len(span) == 0:
            continue
        anchored.append((_anchor(span.root), dm.value))
    out: dict[int, TimeValue] = {}
    for ev in events:
        own: list[TimeValue] = []
        for gov in _governors(ev.trigger):  # the nearest governor with a date wins:
            own = [v for a, v in anchored if a == gov]  # "signé en juin, ratifié en novembre"
            if own:
                break
        if own:
            out[id(ev)] = _most_precise(own)
            continue
        # The statement's date dates what the statement reports (a verb under it), not a
        # background event named by a noun ("en soutien à l'invasion russe").
        stated = [v for a, v in anchored if lemma(a) in reporting]
        if stated and _reported(ev.trigger):
            out[id(ev)] = _most_precise(stated)
    return out


def _reported(trigger: Token) -> bool:
    """True for a predicate or a core argument ("a signalé des offensives"), not a modifier."""
    if trigger.dep_ == "obl:arg" and not any(c.dep_ == "case" for c in trigger.children):
        return True  # an object the parser labelled obl:arg ("menait \"des opérations\"")
    return trigger.pos_ in ("VERB", "AUX") or trigger.dep_ in ("obj", "nsubj", "nsubj:pass")


def _most_precise(values: list[TimeValue]) -> TimeValue:
    order = {"day": 0, "month": 1, "year": 2}

    def rank(v: TimeValue) -> tuple[int, str]:
        d = v.date or v.start or v.end
        assert d is not None
        return (order[d.precision], v.key)

    return sorted(values, key=rank)[0]
