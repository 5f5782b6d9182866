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
   (imperfect) takes no date from the story and does not move it. Of a
   sentence's dated events, the one of the main clause moves the story (not
   a truce "conclu samedi" in a relative clause); "la veille", "deux jours
   plus tôt" count from the last day the text named, flashbacks included.

A planned event (modality Planned: a pledge, an order, "doit livrer") is
dated only by when it is to happen ("s'est engagée à livrer ... d'ici
2028"), never by the day it was promised, ordered or announced, nor by the
story (:func:`_planned_date`).

An event for which none of these holds has no date: the publication date is
never a default.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Doc, Span, Token

from newskg.extract.claims import is_reporting
from newskg.extract.dates import DateMention, counts_from, resolve_relative, states_direction
from newskg.extract.events import EventMention
from newskg.extract.events.syntax import is_gerund
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
    mentioned: TimeValue | None = None  # the last day the text named, flashbacks included


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


def _date_head(span: Span) -> Token:
    """The word a date expression hangs from, for the walk up the parse.

    "Il y a un an, la Russie a pris la ville": the parser makes the
    expression's own verb ("a" of "il y a") a clause of its own; the walk
    starts from the word that clause hangs on, not from that verb, which
    would stop it at once.
    """
    root = span.root
    if (
        root.pos_ in ("VERB", "AUX")
        and root.head.i != root.i
        and root.head.i not in range(span.start, span.end)
    ):
        return root.head
    return root


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
    """ "la veille" with no day in its sentence: counted from the last day named, if any.

    "Le 30 novembre, X a pris la ville. Deux jours plus tôt, Y avait été
    tué": the day before is the story's, not the publication's. The day
    named last counts even when it dates a flashback that does not move the
    story on ("Le 30 novembre, l'aviation avait bombardé Alep. Deux jours
    plus tôt, ..."); else the story's day.
    """
    if dm.shift is None or timeline is None:
        return dm
    ref = timeline.mentioned or timeline.current
    if ref is None:
        return dm
    day = ref.date
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
    planned: Collection[int] = (),
) -> dict[int, TimeValue]:
    """Map ``id(event)`` to its :class:`TimeValue`, for the events that have one.

    With a ``timeline`` (one per article, sentences in order), an event of a
    sentence without any date expression may take the date of the story so
    far, and the sentence's own dated events move it on.

    ``planned`` holds the ``id`` of the events told as plans (a pledge, an
    order, "doit livrer"): a plan is dated only by a date on its own words
    ("s'est engagée à livrer 30 chasseurs d'ici 2028"), never by the day
    it was announced (the reporting clause's date, a fronted date, the
    story's date), and it does not move the story on.
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
        path = _path(_date_head(span))
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
        if id(ev) in planned:
            value = _planned_date(ev.trigger, anchored)
            if value is not None:
                out[id(ev)] = value
            continue
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
    _coordinated_deeds(events, out)
    _casualties_of_operations(events, out)
    if timeline is not None:
        days = [a.value for a in anchored if not a.complement and _on_a_day(a.value)]
        if days:
            timeline.mentioned = days[-1]
        told = [e for e in events if id(e) not in planned]
        _follow_story(told, out, timeline, bool(dates) or carried is not None)
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
        if not verbs:
            # "Plus tôt dans la journée, X a frappé Y" parsed with the clause's verb hung
            # from a word of the date (as a relative clause of "journée")
            verbs = _main_verbs(sent) + [
                t for t in sent if t.pos_ == "VERB" and t.head.i in a.path and t.i > t.head.i
            ]
        return [(a.value, v) for v in verbs]
    return []


_PLAN_HEADS = frozenset({"devoir", "aller", "prévoir", "compter", "vouloir", "envisager"})
# Verbs whose noun object is a plan: "prévoit un exercice en juin" (the date is the plan's).
_NOMINAL_PLANS = frozenset({"prévoir", "envisager", "planifier", "programmer"})
# Future endings the tagger often reads as a present ("tiendront", "mènera").
_FUTURE_ENDINGS = ("ront", "ra")


def _future(t: Token) -> bool:
    """A future verb form, also when the tagger reads it as a present.

    "tiendront", "mèneront" are tagged ``Tense=Pres`` by the model; a finite
    form ending in "-ront" or "-ra" (four letters at least) is a future in
    French: no present form ends so.
    """
    tense = _tense(t)
    if tense == "Fut":
        return True
    return (
        tense in (None, "Pres")
        and t.pos_ in ("VERB", "AUX")
        and "Fin" in t.morph.get("VerbForm")
        and len(t.text) >= 4
        and t.lower_.endswith(_FUTURE_ENDINGS)
    )


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
        if _future(v) or any(_future(a) for a in v.children if a.dep_.startswith("aux")):
            return True
        told = [v, *(a for a in v.children if a.dep_.startswith("aux"))]
        if (
            ahead
            and lemma(v) in _NOMINAL_PLANS
            and not any(_tense(x) in ("Imp", "Pqp", "Past") for x in told)
            and not any(a.dep_.startswith("aux") for a in v.children)
        ):
            return True  # "le Japon prévoit un exercice en juin": the next June
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


@cache
def _plan_verbs() -> frozenset[str]:
    """Lemmas of verbs that announce a plan: promise, commitment and plan cues (lexicon)."""
    lex = lexicon("claims")
    words = [*lex.get("promise_verbs", ()), *lex["planned_cues"], *lex["commitment_verbs"]]
    return frozenset(w.removeprefix("s'") for w in words)


def _planned_date(trigger: Token, anchored: list[_Anchored]) -> TimeValue | None:
    """The date of a planned event: when it is to happen, never when it was announced.

    "Lundi, la France a promis de livrer des missiles": the date on a verb
    of promise, plan or saying (the trigger itself or a governor) is the
    announcement's and is skipped; so is the date of an order or a pledge
    named by the trigger ("a signé fin avril une commande de 26 avions").
    The plan is dated on its other words ("de livrer ... en mars", "Les
    Rafale commandés par l'Inde seront livrés en 2026"), through the
    infinitive a plan verb governs.
    """

    def announces(t: Token) -> bool:
        return t.pos_ in ("VERB", "AUX") and (lemma(t) in _plan_verbs() or is_reporting(t))

    if lemma(trigger) not in _plan_verbs() and not announces(trigger):
        return _own(trigger, anchored, skip=announces)
    # the trigger names the plan itself ("a promis", "une commande"): its own date and the
    # verb that makes it ("a signé fin avril une commande") date the promise or the order
    starts = [c for c in trigger.children if c.dep_ == "xcomp" and "Inf" in c.morph.get("VerbForm")]
    if trigger.dep_ == "acl":  # "les Rafale commandés par l'Inde seront livrés en 2026"
        starts += [g for g in _governors(trigger)[1:] if not announces(g)]
    for start in starts:
        value = _own(start, anchored, skip=announces)
        if value is not None:
            return value
    return None


def _own(
    trigger: Token, anchored: list[_Anchored], *, skip: Callable[[Token], bool] | None = None
) -> TimeValue | None:
    """The date on the trigger's own way up, or on its nearest dated governor.

    ``skip``: governors whose date is not the event's (for a plan, a verb
    that announces or promises it), passed over.
    """
    inside = [a for a in anchored if a.complement and trigger.i in a.path]
    if inside:
        return _most_precise([a.value for a in inside])
    governors = [g for g in _governors(trigger) if skip is None or not skip(g)]
    for gov in governors:  # the nearest governor with a date wins:
        own = [(a.path[gov.i], a.value) for a in anchored if not a.complement and gov.i in a.path]
        if own:  # "signé en juin, ratifié en novembre": the closest date to the word
            near = min(d for d, _ in own)
            return _most_precise([v for d, v in own if d == near])
    return None


def _governors(t: Token) -> list[Token]:
    """The trigger and the verbs it hangs from (nominal triggers, participles, xcomp, gerunds)."""
    out = [t]
    cur = t
    for _ in range(3):
        if cur.head.i == cur.i:
            break
        if (
            cur.dep_ in _GOVERNED
            or (
                cur.dep_.startswith("obl")
                and cur.head.pos_ in ("VERB", "AUX")
                and (cur.dep_ == "obl:arg" or _in_or_by(cur))
            )
            or (is_gerund(cur) and cur.head.pos_ in ("VERB", "AUX"))
        ):  # "a levé l'obstacle jeudi en ratifiant le traité": the gerund's clause's date
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


def _coordinated_deeds(events: Sequence[EventMention], out: dict[int, TimeValue]) -> None:
    """An undated verb takes the date of the later verb coordinated with it, same subject.

    "L'armée a bombardé Kharkiv et frappé Odessa lundi": the date closes the
    coordination and dates both strikes (a date on the first verb already
    reaches the second through its ``conj`` arc). Only between events of one
    kind, and only when the later verb has no subject of its own (another
    clause: "X a frappé Y et Z a riposté lundi").
    """
    for ev in events:
        t = ev.trigger
        if id(ev) in out or t.pos_ != "VERB":
            continue
        for other in events:
            v = other.trigger
            if (
                other.kind is ev.kind
                and id(other) in out
                and v.dep_ == "conj"
                and v.head.i == t.i
                and v.pos_ == "VERB"
                and not any(c.dep_ in ("nsubj", "nsubj:pass") for c in v.children)
            ):
                out[id(ev)] = out[id(other)]
                break


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
    """Date a dateless sentence's narrated events by the story; move the story on.

    The story moves to the date of the sentence's main clause: of its dated
    narrated events, the one whose clause lies highest in the parse (the
    last of those in a tie). "Les affrontements de la semaine dernière ont
    fait 70 morts, ..., dont le cessez-le-feu conclu samedi semblait tenir":
    the story is last week's, not the day of the truce in a relative clause.
    """
    told = [e for e in events if _narrated(e.trigger)]
    if not dated and timeline.current is not None:
        for ev in told:
            out.setdefault(id(ev), timeline.current)
        return
    dated_told = [e for e in told if id(e) in out] or [
        e for e in events if id(e) in out and _told_by_main_verb(e.trigger)
    ]
    if dated_told:
        main = min(dated_told, key=lambda e: (_clause_depth(e.trigger), -e.trigger.i))
        timeline.current = out[id(main)]


_NOMINAL_DEPS = frozenset(
    {"nmod", "obj", "obl", "obl:arg", "obl:mod", "nsubj", "nsubj:pass", "appos", "conj"}
)


def _told_by_main_verb(t: Token) -> bool:
    """A dated event noun deep in a narrated clause's phrases, with no clause edge between.

    "ont mené dans la nuit de jeudi à vendredi une série de frappes": the
    parser may hang "une série de frappes" from a word of the date, out of
    the verb's reach; the strikes are still what the clause tells, and their
    date is the story's. Used only to move the story on, never to date.
    """
    cur = t
    for _ in range(6):
        if cur.pos_ in ("VERB", "AUX"):
            return cur.i != t.i and _narrated(cur)
        if cur.dep_ not in _NOMINAL_DEPS or cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def _clause_depth(t: Token) -> int:
    """How many clause edges (relative, adverbial, complement clauses) lie above ``t``."""
    return sum(1 for x in [t, *t.ancestors] if x.dep_ in _CLAUSE_DEPS)


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
    # a compound tense, even when the tagger reads the participle as an adjective
    # ("que 11 militaires avaient péri")
    return "Part" in verb.morph.get("VerbForm") or bool(auxes) or _tense(verb) in ("Pres", "Past")


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
