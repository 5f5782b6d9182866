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

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Doc, Span, Token

from newskg.extract.claims import is_reporting
from newskg.extract.dates import DateMention, counts_from, resolve_relative, states_direction
from newskg.extract.events import EventMention
from newskg.model import EventKind, TimeValue
from newskg.nlp.lemmas import lemma
from newskg.nlp.lexicon import lexicon

__all__ = ["Timeline", "attach_times", "read_dateline"]

_NEGATION = frozenset({"ne", "n'", "n’", "pas", "jamais", "ni", "aucun", "aucune"})


@dataclass
class Timeline:
    """The date of the story told so far in one article (read sentence by sentence)."""

    current: TimeValue | None = None
    frame: TimeValue | None = None  # a date standing alone before this sentence ("Mardi,")


def read_dateline(sent: Span, dates: Sequence[DateMention], timeline: Timeline) -> None:
    """Note a sentence without events: a lone date ("Mardi,") frames the next sentence.

    The sentence splitter sometimes cuts a fronted date from its clause
    ("Mardi, | X a signalé des offensives"): a sentence that holds nothing
    but date expressions and punctuation dates the next sentence's main
    clause, as if it stood at its front.
    """
    timeline.frame = None
    text = sent.text
    rest, pos = [], 0
    for dm in dates:
        rest.append(text[pos : dm.start])
        pos = dm.end
    rest.append(text[pos:])
    values = [dm.value for dm in dates if dm.value is not None and dm.kind != "complement"]
    if len(values) == 1 and not any(ch.isalnum() for part in rest for ch in part):
        timeline.frame = values[0]
    elif timeline.current is None and len(values) == 1 and _on_a_day(values[0]):
        # the lede's day ("X est devenue mardi membre de l'Otan") begins the story even
        # when its sentence holds no event of ours
        timeline.current = values[0]


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
        # a "verb" hung as punctuation is a misread word ("New START"), no clause of its own
        if cur.pos_ in ("VERB", "AUX") and not cur.dep_.startswith("aux") and cur.dep_ != "punct":
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
    unit, offset = dm.shift
    if day is None or not counts_from(day, unit):  # "l'année suivante" after "en 2010"
        return dm
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
    carried = timeline.frame if timeline is not None else None
    if timeline is not None:
        timeline.frame = None
    anchored: list[_Anchored] = []
    sources: list[DateMention] = []  # the mention of each non-complement anchored date
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
                sources.append(dm)
            continue
        path = _path(span.root)
        for t in span:  # the parser may hang a clause's object from a word of the date
            path.setdefault(t.i, 0)
        if dm.kind == "weekday" and not states_direction(dm.text) and _plans(doc, path):
            continue  # "doit entrer en vigueur dimanche": next Sunday, not the last one
        if dm.upcoming is not None and _plans(doc, path, ahead=True):
            dm = replace(dm, value=dm.upcoming)  # "devrait partir fin juillet": the next July
        anchored.append(_Anchored(dm.value, path, False))
        sources.append(dm)
    frames = _fronted(sent, sources, anchored)
    if carried is not None and not frames:
        frames = [(carried, v) for v in _main_verbs(sent)]
    out: dict[int, TimeValue] = {}
    for ev in events:
        value = _own(ev.trigger, anchored)
        if value is None:
            # The statement's date dates what the statement reports (a verb under it), not a
            # background event named by a noun ("en soutien à l'invasion russe").
            stated = [
                a.value
                for a in anchored
                if not a.complement and any(_states(doc[i], ev.trigger) for i in _ends(a))
            ]
            if stated and _reported(ev.trigger):
                value = _most_precise(stated)
        if value is None:
            value = _framed(ev.trigger, frames)
        if value is not None:
            out[id(ev)] = value
    _casualties_of_operations(events, out)
    if timeline is not None:
        _follow_story(events, out, timeline, bool(dates) or carried is not None)
    return out


_FRONT = re.compile(r"^[\s\"«“]*(?:[^\W\d_]+['’]?\s*){0,4}$")
_CLAUSE_DEPS = frozenset({"acl", "acl:relcl", "advcl", "ccomp", "csubj", "parataxis", "xcomp"})


def _fronted(
    sent: Span, sources: Sequence[DateMention], anchored: list[_Anchored]
) -> list[tuple[TimeValue, Token]]:
    """A date set at the front of the sentence, before a comma, with the verbs it frames.

    "A la mi-mars, X avait donné son feu vert à l'issue d'un entretien": a
    fronted date is the time of the whole main clause, including the event
    nouns it holds deeper than a direct object. Not after a participle
    ("Annoncé mercredi, l'accord doit..."): that date is the participle's.
    """
    text = sent.text
    for dm, a in zip(sources, anchored, strict=True):
        if a.complement:
            continue
        if not _FRONT.match(text[: dm.start]) or not text[dm.end :].lstrip().startswith(","):
            continue
        before = sent.doc.char_span(
            sent.start_char, sent.start_char + dm.start, alignment_mode="expand"
        )
        if before is not None and any(t.pos_ in ("VERB", "AUX") for t in before):
            return []
        verbs = [sent.doc[i] for i in _ends(a) if sent.doc[i].pos_ in ("VERB", "AUX")]
        return [(a.value, v) for v in verbs or _main_verbs(sent)]
    return []


_PLAN_HEADS = frozenset({"devoir", "aller", "prévoir", "compter", "vouloir", "envisager"})


def _plans(doc: Doc, path: dict[int, int], *, ahead: bool = False) -> bool:
    """True when a bare weekday dates a plan: a future verb, an infinitive under "devoir".

    A weekday resolves to the last such day before publication; said of
    what is still to come ("se rendra vendredi", "doit entrer en vigueur
    dimanche") it means the next one, which the resolution cannot know:
    the plan keeps no date rather than a wrong one. ``ahead``: only a plan
    still ahead, not one told in the imperfect ("devait partir en mars").
    """
    if not path:
        return False
    far = max(path.values())
    for i, d in path.items():
        v = doc[i]
        if d != far or v.pos_ not in ("VERB", "AUX"):
            continue
        if _tense(v) == "Fut" or any(
            _tense(a) == "Fut" for a in v.children if a.dep_.startswith("aux")
        ):
            return True
        if "Inf" in v.morph.get("VerbForm") and lemma(v.head) in _PLAN_HEADS and v.head.i != v.i:
            told = [v.head, *(a for a in v.head.children if a.dep_.startswith("aux"))]
            if not (ahead and any(_tense(x) in ("Imp", "Pqp") for x in told)):
                return True
    return False


def _on_a_day(value: TimeValue) -> bool:
    return value.date is not None and value.date.day is not None


def _main_verbs(sent: Span) -> list[Token]:
    """The sentence's root, or the verbs under a root the parser put on a noun."""
    root = sent.root
    if root.pos_ in ("VERB", "AUX"):
        return [root]
    # "Quelques heures plus tôt, X avait tiré" parsed with "tôt" as the root
    return [
        root,
        *(c for c in root.children if c.pos_ == "VERB" and c.dep_ in ("parataxis", "advcl")),
    ]


def _framed(trigger: Token, frames: list[tuple[TimeValue, Token]]) -> TimeValue | None:
    """The fronted date of the clause the trigger belongs to, if it crosses no clause edge."""
    for value, verb in frames:
        cur = trigger
        for _ in range(8):
            if cur.i == verb.i:
                return value
            if cur.dep_ in _CLAUSE_DEPS or cur.head.i == cur.i:
                break
            cur = cur.head
    return None


def _states(verb: Token, trigger: Token) -> bool:
    """A verb of saying whose statement holds the trigger.

    Not a participle set before the clause ("Annoncé lundi, l'accord doit
    entrer en vigueur..."): its date is the announcement's, unless the
    trigger is under it.
    """
    if not is_reporting(verb):
        return False
    bare_participle = "Part" in verb.morph.get("VerbForm") and not any(
        c.dep_.startswith("aux") for c in verb.children
    )
    if bare_participle and verb.i < trigger.i and verb.dep_ in ("advcl", "acl", "acl:relcl"):
        return any(a.i == verb.i for a in trigger.ancestors)
    return True


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
        if cur.dep_ in _GOVERNED or (
            cur.dep_.startswith("obl")
            and cur.head.pos_ in ("VERB", "AUX")
            and (cur.dep_ == "obl:arg" or _in_or_by(cur))
        ):
            cur = cur.head
            out.append(cur)
        else:
            break
    return out


_GOVERNED = frozenset({"obj", "nsubj", "nsubj:pass", "acl", "amod", "xcomp", "conj", "nmod"})
_IN_OR_BY = frozenset({"dans", "par", "sous"})


def _in_or_by(t: Token) -> bool:
    """A noun the clause happens in or by ("tués dans des frappes", "touché par un drone").

    Its clause's date is its own; an event noun after "lors de", "après",
    "depuis" is a background with its own time, and is not dated so.
    """
    return any(c.dep_ == "case" and c.lower_ in _IN_OR_BY for c in t.children)


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
        if g.pos_ in ("VERB", "AUX") or any(c.dep_ == "aux:tense" for c in g.children):
            return g  # "avaient péri", tagged as an adjective, is a verb by its auxiliary
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
