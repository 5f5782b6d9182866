"""Time: which date expression of a sentence dates which event.

:func:`newskg.extract.dates.find_dates` resolves the expressions against the
publication date; here each resolved expression is attached to what it
modifies. A date dates every word on its way up the parse to the clause's
verb: "les frappes de mardi ont tué 78 personnes" dates both the strikes and
the killing; through a relative clause it reaches the noun the clause
describes ("les affrontements qui ont opposé la semaine dernière X et Y ont
fait 70 morts"). "au lendemain de X", "à la veille de X" date X and what X
holds, not the clause they modify. An event takes, in order:

1. the nearest date on the way up from its trigger's own words, or from the
   verb governing a nominal trigger ("a lancé le 30 septembre une offensive");
2. the date of the reporting clause it is reported in ("a affirmé lundi
   que...", "Le 17 décembre, X avait déclaré que..."): a figure or an
   operation reported on a day is dated by that statement;
3. for a casualty count, the date of the operation of the same sentence
   that caused it;
4. with a :class:`Timeline`, the date of the story told so far: an event
   told in the past (passé composé, a perfect infinitive under a verb of
   saying) in a sentence that states no date of its own happened when the
   last dated event of the article did. A flashback (pluperfect), a plan
   (future, conditional, infinitive under "devoir", "aller") or a habit
   (imperfect) takes no date from the story and does not move it.

An event for which none of these holds has no date: the publication date is
never a default.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Span, Token

from newskg.extract.claims import is_reporting
from newskg.extract.dates import DateMention, resolve_relative
from newskg.extract.events import EventMention
from newskg.model import EventKind, TimeValue
from newskg.nlp.lemmas import lemma
from newskg.nlp.lexicon import lexicon

__all__ = ["Timeline", "attach_times"]

_NEGATION = frozenset({"ne", "n'", "n’", "pas", "jamais", "ni", "aucun", "aucune"})


@dataclass
class Timeline:
    """The date of the story told so far in one article (read sentence by sentence)."""

    current: TimeValue | None = None


@dataclass(frozen=True, slots=True)
class _Anchored:
    value: TimeValue
    path: dict[int, int]  # token index -> steps from the date expression
    complement: bool  # "au lendemain de X": dates X and what X holds, nothing above


def _path(tok: Token) -> dict[int, int]:
    """The words a date expression at ``tok`` dates, with their distance to it.

    Up the parse to the clause's verb (auxiliaries skipped: the parser
    sometimes hangs a subject from "ont"); a verb of a relative clause or
    participle passes on to the noun it describes when that noun names an
    event ("les combats qui se sont déroulés du 25 au 27 juillet"), and from a
    subject or object noun on to its own verb.
    """
    out: dict[int, int] = {}
    cur = tok
    steps = 0
    for _ in range(10):
        if not cur.dep_.startswith("aux"):
            out.setdefault(cur.i, steps)
            steps += 1
        if cur.head.i == cur.i:
            break
        if cur.pos_ in ("VERB", "AUX") and not cur.dep_.startswith("aux"):
            if cur.dep_ in ("acl", "acl:relcl") and _names_event(cur.head):
                cur = cur.head
                if cur.dep_ not in ("nsubj", "nsubj:pass", "obj"):
                    out.setdefault(cur.i, steps)  # "selon des bilans publiés mardi": the
                    break  # statement's day, not the clause's
                continue
            break
        cur = cur.head
    return out


def _from_story(dm: DateMention, timeline: Timeline | None) -> DateMention:
    """ "la veille" with no day in its sentence: counted from the story's day if known.

    "Le 30 novembre, X a pris la ville. Deux jours plus tôt, Y avait été
    tué": the day before is the story's, not the publication's.
    """
    if dm.shift is None or timeline is None or timeline.current is None:
        return dm
    day = timeline.current.date
    if day is None or day.day is None:
        return dm
    unit, offset = dm.shift
    value = resolve_relative(unit, offset, day)
    return replace(dm, value=None if value is None else TimeValue(date=value), shift=None)


def _complement_of(span: Span) -> Token | None:
    """The noun after "au lendemain de" / "à la veille de": what the expression dates."""
    for t in span.doc[span.end : min(span.end + 4, span.sent.end)]:
        if t.pos_ in ("NOUN", "PROPN"):
            return t
    return None


def attach_times(
    sent: Span,
    events: Sequence[EventMention],
    dates: Sequence[DateMention],
    timeline: Timeline | None = None,
) -> dict[int, TimeValue]:
    """Map ``id(event)`` to its :class:`TimeValue`, for the events that have one.

    With a ``timeline`` (one per article, sentences in order), an event of a
    sentence without any date expression may take the date of the story so
    far, and the sentence's own dated events move it on.
    """
    doc = sent.doc
    anchored: list[_Anchored] = []
    for dm in dates:
        dm = _from_story(dm, timeline)
        if dm.value is None:
            continue
        span = doc.char_span(
            sent.start_char + dm.start, sent.start_char + dm.end, alignment_mode="expand"
        )
        if span is None or len(span) == 0:
            continue
        if dm.kind == "complement":
            noun = _complement_of(span)
            if noun is not None:
                path = {t.i: 0 for t in noun.subtree}
                anchored.append(_Anchored(dm.value, path, True))
            continue
        anchored.append(_Anchored(dm.value, _path(span.root), False))
    out: dict[int, TimeValue] = {}
    for ev in events:
        value = _own(ev.trigger, anchored)
        if value is None:
            # The statement's date dates what the statement reports (a verb under it), not a
            # background event named by a noun ("en soutien à l'invasion russe").
            stated = [
                a.value
                for a in anchored
                if not a.complement and any(is_reporting(doc[i]) for i in _ends(a))
            ]
            if stated and _reported(ev.trigger):
                value = _most_precise(stated)
        if value is not None:
            out[id(ev)] = value
    _casualties_of_operations(events, out)
    if timeline is not None:
        _follow_story(events, out, timeline, bool(dates))
    return out


def _ends(a: _Anchored) -> Iterator[int]:
    """The verb (or topmost word) a date expression was attached to."""
    if a.path:
        far = max(a.path.values())
        yield from (i for i, d in a.path.items() if d == far)


def _own(trigger: Token, anchored: list[_Anchored]) -> TimeValue | None:
    """The date on the trigger's own way up, or on its nearest dated governor."""
    inside = [a for a in anchored if a.complement and trigger.i in a.path]
    if inside:
        return _most_precise([a.value for a in inside])
    for gov in _governors(trigger):  # the nearest governor with a date wins:
        own = [(a.path[gov.i], a.value) for a in anchored if not a.complement and gov.i in a.path]
        if own:  # "signé en juin, ratifié en novembre": the closest date to the word
            near = min(d for d, _ in own)
            return _most_precise([v for d, v in own if d == near])
    return None


def _governors(t: Token) -> list[Token]:
    """The trigger and the verbs it hangs from (nominal triggers, participles, xcomp)."""
    out = [t]
    cur = t
    for _ in range(3):
        if cur.head.i == cur.i:
            break
        if cur.dep_ in ("obj", "nsubj", "nsubj:pass", "acl", "amod", "xcomp", "conj", "nmod"):
            cur = cur.head
            out.append(cur)
        else:
            break
    return out


def _casualties_of_operations(events: Sequence[EventMention], out: dict[int, TimeValue]) -> None:
    """An undated casualty count takes the date of the sentence's dated operation.

    "l'attentat du 22 avril à Pahalgam, où 26 civils ont été tués": the
    dead of an attack died in it.
    """
    ops = [e for e in events if e.kind is EventKind.MILITARY_OPERATION and id(e) in out]
    for ev in events:
        if ev.kind is not EventKind.CASUALTIES or id(ev) in out or not ops:
            continue
        nearest = min(ops, key=lambda o: abs(o.trigger.i - ev.trigger.i))
        out[id(ev)] = out[id(nearest)]


def _follow_story(
    events: Sequence[EventMention], out: dict[int, TimeValue], timeline: Timeline, dated: bool
) -> None:
    """Date a dateless sentence's narrated events by the story; move the story on."""
    told = [e for e in events if _narrated(e.trigger)]
    if not dated and timeline.current is not None:
        for ev in told:
            out.setdefault(id(ev), timeline.current)
        return
    for ev in sorted(told, key=lambda e: e.trigger.i):
        if id(ev) in out:
            timeline.current = out[id(ev)]


def _clause_verb(t: Token) -> Token | None:
    """The verb whose clause states the event: the trigger itself or its governor."""
    for g in _governors(t):
        if g.pos_ in ("VERB", "AUX"):
            return g
    if t.dep_ in ("obl:arg", "obl:mod", "obl") and t.head.pos_ in ("VERB", "AUX"):
        return t.head  # "a fait état de 20 morts", "a recensé 40 civils tués"
    return None


def _narrated(t: Token) -> bool:
    """True for an event told as part of the story (past, not a flashback, plan or habit)."""
    verb = _clause_verb(t)
    if verb is None:
        return False
    negatable = [verb, verb.head] if verb.dep_ == "conj" else [verb]
    if any(c.dep_ == "advmod" and c.lower_ in _NEGATION for v in negatable for c in v.children):
        return False  # "n'ont ni confirmé ni infirmé la présence": nothing happened
    auxes = [c for c in verb.children if c.dep_.startswith("aux")]
    forms = [verb, *auxes]
    if any(_mood(x) in ("Cnd",) or _tense(x) == "Fut" for x in forms):
        return False
    if any(_tense(a) == "Imp" for a in auxes) and not _reported_speech(verb):
        return False  # pluperfect: a flashback before the story's day
    if "Inf" in verb.morph.get("VerbForm"):
        # "a affirmé avoir tué": a perfect infinitive reports a past event
        return bool(auxes) and is_reporting(verb.head)
    if not auxes and _tense(verb) == "Imp":
        return False  # imperfect: a state or a habit, not a dated act
    return "Part" in verb.morph.get("VerbForm") or _tense(verb) in ("Pres", "Past")


def _reported_speech(verb: Token) -> bool:
    """A clause under a verb of saying: "a annoncé que 11 militaires avaient péri".

    After a verb of saying in the past, French puts what was said one tense
    back: the pluperfect there tells the story, it is no flashback.
    """
    cur = verb
    for _ in range(3):
        if cur.dep_ == "conj" and cur.head.i != cur.i:
            cur = cur.head
            continue
        return cur.dep_ in ("ccomp", "xcomp") and is_reporting(cur.head)
    return False


def _tense(t: Token) -> str | None:
    v = t.morph.get("Tense")
    return v[0] if v else None


def _mood(t: Token) -> str | None:
    v = t.morph.get("Mood")
    return v[0] if v else None


def _reported(trigger: Token) -> bool:
    """True for a predicate or a core argument ("a signalé des offensives"), not a modifier."""
    if trigger.dep_ == "obl:arg" and not any(c.dep_ == "case" for c in trigger.children):
        return True  # an object the parser labelled obl:arg ("menait \"des opérations\"")
    return trigger.pos_ in ("VERB", "AUX") or trigger.dep_ in ("obj", "nsubj", "nsubj:pass")


@cache
def _event_nouns() -> frozenset[str]:
    """Nouns that name events (the events lexicon's noun triggers), to follow relatives."""
    words: set[str] = set()

    def collect(x: object) -> None:
        if isinstance(x, str):
            words.add(x.lower())
        elif isinstance(x, Mapping):
            for v in x.values():
                collect(v)
        elif isinstance(x, (list, tuple, set, frozenset)):
            for v in x:
                collect(v)

    collect(lexicon("events").get("noun_triggers", {}))
    return frozenset(words)


def _most_precise(values: list[TimeValue]) -> TimeValue:
    order = {"day": 0, "month": 1, "year": 2}

    def rank(v: TimeValue) -> tuple[int, str]:
        d = v.date or v.start or v.end
        assert d is not None
        return (order[d.precision], v.key)

    return sorted(values, key=rank)[0]


def _names_event(noun: Token) -> bool:
    nouns = _event_nouns()
    return lemma(noun) in nouns or noun.lower_ in nouns
