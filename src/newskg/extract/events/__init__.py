"""Event extraction: trigger lexicon + dependency frames -> :class:`EventMention` s.

For every sentence, tokens whose lemma is in the trigger lexicon
(``data/lexicons/events_fr.json``) open a frame; the frame's roles are filled
from the dependency parse:

- ``agent``: the subject of the trigger verb (climbing through ``xcomp``
  chains such as "s'apprête à envoyer", never through a reporting verb), the
  ``par`` complement of a passive, the subject of the light verb governing a
  nominal trigger ("a lancé une offensive"), or the nationality of the theme
  ("soldats nord-coréens" -> North Korea) when nothing else says who acts;
- ``recipient``: a state or place introduced by à / en / vers in the trigger's
  subtree ("en Russie", "à Moscou");
- ``weapon``: every weapon-system mention in the trigger's subtree (which
  also catches coordinations the parser attaches to the verb);
- ``affected``: the casualties' subject or the nationality of "pertes";
- ``treaty``, ``place``, ``opponent``, ``participant`` likewise.

"Transfer" verbs (envoyer, fournir, livrer...) become a Deployment when their
theme is personnel and an ArmsTransfer when it is materiel; without a
recognisable theme they produce nothing. Casualty frames need a figure.

The package holds one module per family of frames: ``transfers`` (arms
transfers and deployments), ``casualties``, ``operations`` (operations and
weapon tests), ``treaties``, ``withdrawals``, ``meetings``; ``syntax`` holds
the readings of the parse they share and ``lex`` the lexicon.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from newskg.extract.entities import ResolvedMentions
from newskg.extract.events.casualties import casualties
from newskg.extract.events.exercises import exercise_frame, is_exercise
from newskg.extract.events.frame import EventMention
from newskg.extract.events.lex import Lex, get_lex
from newskg.extract.events.meetings import meeting_frame
from newskg.extract.events.operations import launch_kind, operation_frame, weapon_test_frame
from newskg.extract.events.syntax import (
    SUBJ_DEPS,
    mentions_in,
    own_subtree,
    separate_predicates,
    stray_subject,
    trigger_groups,
)
from newskg.extract.events.transfers import transfer
from newskg.extract.events.treaties import treaty_frame
from newskg.extract.events.withdrawals import approvals_of_withdrawals, withdrawal
from newskg.kb import KnowledgeBase
from newskg.model import EventKind
from newskg.nlp.lemmas import lemma

__all__ = ["EventMention", "find_events"]

_TREATY_KINDS = (
    EventKind.TREATY_SIGNING,
    EventKind.TREATY_RATIFICATION,
    EventKind.TREATY_ENTRY_INTO_FORCE,
    EventKind.TREATY_WITHDRAWAL,
)


def find_events(sent: Span, rm: ResolvedMentions, kb: KnowledgeBase) -> list[EventMention]:
    """The event frames of one sentence, in trigger order."""
    lx = get_lex()
    out: list[EventMention] = []
    for t in sent:
        transferred = False
        for group in trigger_groups(t, lx):
            if group in ("transfer", "converse_transfer"):
                frames = transfer(t, sent, rm, kb, lx, converse=group == "converse_transfer")
                transferred = transferred or bool(frames)
                out.extend(frames)
                continue
            if transferred and group == EventKind.MEETING.value:
                continue  # "a reçu de la France six Rafale" is a delivery, not a meeting
            elif group == EventKind.CASUALTIES.value:
                out.extend(casualties(t, sent, rm, kb, lx))
                continue
            else:
                kind = EventKind(group)
                if kind in (EventKind.WEAPON_TEST, EventKind.MILITARY_OPERATION):
                    kind = launch_kind(t, kind, sent, rm, lx, kb)
                ev = _frame(kind, t, sent, rm, kb, lx)
            if ev is not None:
                out.append(ev)
        if is_exercise(t, lx):  # "des exercices conjoints", "patrouiller ensemble"
            ev = exercise_frame(t, sent, rm, kb, lx)
            if ev is not None:
                out.append(ev)
        treaty = any(e.trigger.i == t.i and e.kind in _TREATY_KINDS for e in out)
        if treaty:  # "a rejoint l'OTAN": joining the alliance, not cooperating with it
            out = [e for e in out if e.trigger.i != t.i or e.kind is not EventKind.COOPERATION]
    return _dedupe(approvals_of_withdrawals(out))


def _frame(
    kind: EventKind, t: Token, sent: Span, rm: ResolvedMentions, kb: KnowledgeBase, lx: Lex
) -> EventMention | None:
    """The frame of one trigger of ``kind``, built by its family's module."""
    near = own_subtree(t, lx)
    if t.pos_ == "NOUN" and t.head.pos_ in ("VERB", "AUX"):
        near += [x for c in t.head.children if c.dep_ in SUBJ_DEPS for x in c.subtree]
    mentions = mentions_in(near, rm)
    if kind is EventKind.WITHDRAWAL:
        return withdrawal(t, sent, rm, kb, lx, mentions)
    if kind in _TREATY_KINDS:
        return treaty_frame(kind, t, sent, rm, kb, lx, mentions)
    if kind is EventKind.MILITARY_OPERATION:
        return operation_frame(t, sent, rm, kb, lx, mentions)
    if kind is EventKind.WEAPON_TEST:
        return weapon_test_frame(t, sent, rm, kb, lx, mentions)
    return meeting_frame(kind, t, sent, rm, kb, lx, mentions)


def _dedupe(events: list[EventMention]) -> list[EventMention]:
    """One frame per (kind, trigger phrase): a noun trigger governed by a verb trigger of the
    same kind ("a lancé une offensive", "ont été tués ou blessés") folds into it."""
    out: list[EventMention] = []
    for ev in events:
        twin = next(
            (
                o
                for o in out
                if o.kind is ev.kind
                and o.trigger.i != ev.trigger.i  # one trigger's several frames stay apart
                and not _own_clauses(o.trigger, ev.trigger)
                and not _separate(o, ev)
                and (
                    ev.trigger.head == o.trigger
                    or o.trigger.head == ev.trigger
                    or _in_barrage_subject(o.trigger, ev.trigger)
                    or _in_barrage_subject(ev.trigger, o.trigger)
                    or (ev.trigger.dep_ == "conj" and ev.trigger.head == o.trigger)
                    or (  # "les pertes ukrainiennes s'élèvent à 500 tués"
                        ev.kind is EventKind.CASUALTIES
                        and ev.theme is None
                        and o.theme is None
                        and ev.trigger.pos_ == "NOUN"
                        and o.trigger.pos_ == "NOUN"
                        and ev.trigger.head == o.trigger.head
                        and ev.trigger.head.pos_ in ("VERB", "AUX")
                    )
                )
            ),
            None,
        )
        if twin is None:
            out.append(ev)
            continue
        for role, vals in ev.roles.items():
            for v in vals:
                twin.add(role, v)
    return out


def _in_barrage_subject(noun: Token, verb: Token) -> bool:
    """ "Une vague de frappes russes a visé Kiev": the strikes are what the verb reports.

    A noun trigger that completes a barrage noun (lexicon ``barrage_nouns``)
    which is the subject of a verb trigger is one deed with that verb, as a
    noun trigger that is itself the subject is ("les frappes ont visé Kiev").
    """
    barrage = noun.head
    return (
        noun.pos_ == "NOUN"
        and noun.dep_ == "nmod"
        and barrage.i != noun.i
        and (barrage.lower_ in get_lex().barrage_nouns or lemma(barrage) in get_lex().barrage_nouns)
        and barrage.dep_ in SUBJ_DEPS
        and barrage.head == verb
    )


def _separate(a: EventMention, b: EventMention) -> bool:
    """Two coordinated verbs each with its own object are two deeds ("a bombardé Kharkiv et
    frappé Odessa"); casualty figures of one statement still join ("a tué 3 soldats et
    blessé 12 civils": one estimate)."""
    if a.kind is EventKind.CASUALTIES:
        return False
    return b.trigger in separate_predicates(a.trigger) or a.trigger in separate_predicates(
        b.trigger
    )


def _own_clauses(a: Token, b: Token) -> bool:
    """Two verb triggers each with a subject of its own are two clauses, two events.

    "La France a livré des canons à l'Ukraine et l'Allemagne a envoyé des
    chars": *envoyé* hangs on *livré* as a ``conj``, but its clause names
    its own actor; "ont été tués ou blessés" shares one subject and folds.
    """
    return all(
        t.pos_ in ("VERB", "AUX")
        and (any(c.dep_ in SUBJ_DEPS for c in t.children) or stray_subject(t) is not None)
        for t in (a, b)
    )
