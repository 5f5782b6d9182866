"""Treaty milestones: signing, ratification, entry into force, withdrawal."""

from __future__ import annotations

from spacy.tokens import Span, Token

from newskg.extract.entities import Mention, ResolvedMentions
from newskg.extract.events.frame import EventMention
from newskg.extract.events.lex import Lex
from newskg.extract.events.syntax import (
    OF,
    RELATIVE_QUE,
    agent_from,
    case_of,
    is_actor,
    last_mention_before,
    mentions_in,
    own_phrase,
    own_subtree,
    passive_subject,
    phrase_mentions,
    subject_of,
    trigger_groups,
)
from newskg.kb import KnowledgeBase
from newskg.model import EntityKind, EventKind
from newskg.nlp.lemmas import lemma


def treaty_frame(
    kind: EventKind,
    t: Token,
    sent: Span,
    rm: ResolvedMentions,
    kb: KnowledgeBase,
    lx: Lex,
    mentions: list[Mention],
) -> EventMention | None:
    """A treaty milestone: the treaty (named, or the last named for an anaphor), its parties.

    A trigger inside a treaty's own name ("le protocole d'adhésion de la
    Finlande") opens nothing. "Suspendre", "dénoncer"... are withdrawals only
    with the treaty in their object ("suspend sa participation au traité");
    "a dénoncé un pas qui éloigne l'entrée en vigueur du traité" is none. A
    milestone noun complementing an instrument ("a remis l'instrument
    d'adhésion [...] au traité") is read on the verb that governs the
    instrument: its treaty complement and its subject. A gerund ("en
    ratifiant le protocole") has the subject of its clause. A participle
    coordinated with an earlier milestone shares its treaty ("Signé en 2010
    et entré en vigueur l'année suivante, le traité..."); the approval of a
    decision that withdraws from a treaty is that withdrawal ("a suspendu sa
    participation au traité, une décision entérinée par le Parlement").
    A relative clause takes its antecedent: the treaty of an object "que"
    ("le traité, que la Russie a suspendu en 2023"), the party of a subject
    "qui" ("la Russie, qui a signé le traité"). Coordinated "par" agents are
    all parties ("signé par l'Ukraine et la Russie").
    """
    own = rm.at(t.i)
    if t.pos_ == "NOUN" and own is not None and own.kind is EntityKind.TREATY:
        return None
    ev = EventMention(kind, t, sent)
    anchor = t
    instrument = t.head if t.pos_ == "NOUN" and t.dep_ == "nmod" else None
    if (
        instrument is not None
        and instrument.lower_ in lx.treaty_instruments
        and instrument.dep_ in ("obj", "nsubj:pass")
        and instrument.head.pos_ in ("VERB", "AUX")
    ):
        anchor = instrument.head
        mentions = mentions_in(own_subtree(anchor, lx), rm)
    if kind is EventKind.TREATY_WITHDRAWAL and lemma(t) in lx.treaty_withdrawal_object:
        objects = [c for c in t.children if c.dep_ in ("obj", "nsubj:pass")]
        mentions = mentions_in([x for c in objects for x in _head_phrase(c)], rm)
    treaties = [m for m in mentions if m.kind is EntityKind.TREATY]
    if not treaties:
        treaties = _relative_treaties(t, rm)  # "le traité, que la Russie a suspendu en 2023"
    if not treaties and t.dep_ in ("acl", "amod", "acl:relcl") and rm.at(t.head.i) is not None:
        treaties = [m for m in [rm.at(t.head.i)] if m and m.kind is EntityKind.TREATY]
    if not treaties:
        subj = passive_subject(t) or subject_of(t, lx)
        if subj is not None:
            treaties = [m for m in phrase_mentions(subj, rm) if m.kind is EntityKind.TREATY]
    founded = None if treaties else _founding_treaty(t, mentions, kb, lx)
    recalled = False
    if not treaties and founded is None:
        treaties = treaty_antecedent(t, rm, lx)
        recalled = bool(treaties)
    if not treaties and founded is None:
        treaties = _coordinated_milestone(t, sent, rm, kb, lx)
    if not treaties and founded is None:
        approved = _approved_withdrawal(t, sent, rm, kb, lx)
        if approved:
            ev.kind = EventKind.TREATY_WITHDRAWAL
            treaties = approved
    if not treaties and founded is None:
        return None
    if (
        recalled
        and ev.kind is EventKind.TREATY_RATIFICATION
        and lemma(t) in lx.treaty_approvals
        and _revoking_law_before(t, lx)
    ):
        ev.kind = EventKind.TREATY_WITHDRAWAL  # "la Douma avait adopté le texte" (the revocation)
    for m in treaties[:1]:
        ev.add("treaty", m.key)
    if founded is not None:
        ev.add("treaty", founded)  # "la Suède a rejoint l'OTAN": the North Atlantic Treaty
    for m in _emphatic_subject(t, rm) or agent_from(anchor, rm, kb, lx) or _relative_subject(t, rm):
        ev.add("participant", m.key)
    if not ev.has("participant") and _gerund(anchor):
        for m in agent_from(anchor.head, rm, kb, lx):  # "X a levé l'obstacle en ratifiant"
            ev.add("participant", m.key)
    if not ev.has("participant"):
        for m in _possessors_clause(anchor, rm, lx):  # "Poutine a annoncé que son pays..."
            ev.add("participant", m.key)
    if not ev.has("participant"):
        for x in own_subtree(t, lx):  # "la révocation de la ratification par la Russie"
            m = rm.at(x.i)
            if m is not None and is_actor(m) and case_of(x) in lx.agent_preps:
                for found in _coordinated_actors(x, rm) or [m]:  # "par X et Y": both
                    ev.add("participant", found.key)
                break
    if not ev.has("participant"):
        for c in t.children:  # "entérinée par les deux chambres du Parlement"
            if c.dep_.startswith("obl") and case_of(c) in lx.agent_preps:
                for m in _coordinated_actors(c, rm):  # "signé par l'Ukraine et la Russie"
                    ev.add("participant", m.key)
    if not ev.has("participant") and t.pos_ == "NOUN" and t.head.pos_ == "NOUN":
        for c in t.head.children:  # "l'annonce par la Russie de la suspension de..."
            m = rm.at(c.i)
            if m is not None and is_actor(m) and case_of(c) in lx.agent_preps:
                ev.add("participant", m.key)
    if not ev.has("participant") and t.pos_ == "NOUN":
        for c in t.children:  # "la ratification russe"
            state = kb.state_for_demonym(c.text) if c.dep_ == "amod" else None
            if state is not None:
                ev.add("participant", state.key)
    if not ev.has("participant") and t.pos_ == "NOUN":
        for c in t.children:  # "l'adhésion de la Finlande à l'OTAN": who joins
            m = rm.at(c.i)
            if c.dep_ != "nmod" or case_of(c) not in OF or m is None:
                continue
            if m.kind is EntityKind.STATE:  # a state, not the treaty's own "de" complement
                ev.add("participant", m.key)
    if (
        ev.kind is EventKind.TREATY_RATIFICATION
        and lemma(t) in lx.treaty_approvals
        and not ev.has("participant")
    ):
        return None  # "adopté en 1996, le traité...": the text adopted, no party ratifying
    if ev.kind is EventKind.TREATY_SIGNING:
        if not ev.has("participant"):  # "le texte a été signé par les négociateurs des deux camps"
            for k in rm.treaty_parties.get(treaties[0].key, ()):
                ev.add("participant", k)
        for m in _signing_places(anchor, rm, lx):  # "signé à Doha"
            ev.add("place", m.key)
    return ev


def _relative_treaties(v: Token, rm: ResolvedMentions) -> list[Mention]:
    """The treaty the "que" of an object relative stands for: "le traité, que X a suspendu".

    The antecedent is the noun the relative clause hangs on; when the parser
    made the clause an adverbial of the main verb ("Le traité d'Ottawa, que
    la Finlande a ratifié en 2012, interdit..."), it is the treaty named
    right before the comma that opens the clause.
    """
    que = next((c for c in v.children if c.lower_ in RELATIVE_QUE and c.i < v.i), None)
    if que is None:
        return []
    heads = [v.head] if v.dep_ == "acl:relcl" else []
    if que.i >= 2 and v.doc[que.i - 1].text == ",":
        heads.append(v.doc[que.i - 2])
    found = [rm.at(h.i) for h in heads]
    return [m for m in found if m is not None and m.kind is EntityKind.TREATY][:1]


def _relative_subject(v: Token, rm: ResolvedMentions) -> list[Mention]:
    """The actor a subject "qui" stands for: "La Russie, qui a signé le traité, ...".

    The noun the relative clause hangs on, when it names an actor.
    """
    if v.dep_ != "acl:relcl" or not any(
        c.dep_ in ("nsubj", "nsubj:pass") and c.lower_ == "qui" for c in v.children
    ):
        return []
    m = rm.at(v.head.i)
    return [m] if m is not None and is_actor(m) else []


def _coordinated_actors(head: Token, rm: ResolvedMentions) -> list[Mention]:
    """The first actor of a phrase and of each phrase coordinated with it.

    "par l'Ukraine et la Russie", "par les présidents X et Y": both; "par les
    deux chambres du Parlement": the Parliament only (one actor per conjunct,
    the complements of its head noun aside).
    """
    out: list[Mention] = []
    conjuncts = [head] + [c for c in head.children if c.dep_ == "conj"]
    # "par les présidents Barack Obama et Dmitri Medvedev": names coordinated in apposition
    conjuncts += [
        x
        for x in own_phrase(head)
        if x.dep_ == "conj" and rm.at(x.i) is not None and rm.at(x.head.i) is not None
    ]
    for conjunct in conjuncts:
        found = [m for m in mentions_in(own_phrase(conjunct), rm) if is_actor(m)]
        out += [m for m in found[:1] if m not in out]
    return out


def _emphatic_subject(t: Token, rm: ResolvedMentions) -> list[Mention]:
    """ "Les Etats-Unis ont eux aussi signé le traité, mais ne l'ont jamais ratifié".

    The parser reads the emphatic pronoun ("eux", "lui", "elle") as the head
    of the clause and hangs the participle (and the verbs coordinated with
    it) on it: the actor is the pronoun's subject, or the noun it is attached to.
    """
    pron = t.head
    if t.dep_ == "conj" and pron.pos_ in ("VERB", "AUX"):
        return _emphatic_subject(pron, rm)  # "..., mais ne l'ont jamais ratifié"
    if t.dep_ not in ("acl", "conj") or pron.pos_ != "PRON" or pron.lower_ not in _EMPHATIC:
        return []
    subjects = [c for c in pron.children if c.dep_ in ("nsubj", "nsubj:pass")]
    if not subjects and pron.dep_ in ("acl:relcl", "appos") and pron.head.i < pron.i:
        subjects = [pron.head]
    found = [rm.at(c.i) for c in subjects]
    return [m for m in found if m is not None and is_actor(m)][:1]


_EMPHATIC = ("eux", "lui", "elle", "elles")


def _signing_places(v: Token, rm: ResolvedMentions, lx: Lex) -> list[Mention]:
    """The places a milestone verb happens at: its place complements ("signé à Doha"),
    also when the parser hangs them on a time complement ("dans la nuit de jeudi à Doha")."""
    if v.pos_ not in ("VERB", "AUX"):
        return []
    out: list[Mention] = []
    frontier = [c for c in v.children if c.dep_.startswith("obl")]
    frontier += [g for c in frontier for g in c.children if g.dep_ == "nmod"]
    for c in frontier:
        m = rm.at(c.i)
        place = m is not None and m.kind is EntityKind.PLACE and case_of(c) in lx.place_preps
        if place and m not in out:
            out.append(m)
    return out


def _revoking_law_before(t: Token, lx: Lex) -> bool:
    """Whether the article named, before ``t``'s sentence, a decision revoking a treaty.

    "Poutine a promulgué la loi qui révoque la ratification [...]. La Douma
    avait adopté le texte le 18 octobre": the approval of a text recalled from
    before is the approval of that revocation when the article spoke of a
    decision noun ("loi", "décision", "révocation") that is or carries a
    treaty-withdrawal trigger.
    """
    withdrawal = EventKind.TREATY_WITHDRAWAL.value
    for x in t.doc[: t.sent.start]:
        if lemma(x) not in lx.treaty_decisions:
            continue
        if withdrawal in lx.nouns.get(x.lower_, []):
            return True
        for c in x.children:
            if c.dep_.startswith("acl") and withdrawal in lx.verbs.get(lemma(c), []):
                return True
    return False


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
    near = last_mention_before(t, rm, EntityKind.TREATY)
    if near:
        return near
    # "l'accord doit entrer en vigueur", "le Sénat l'avait approuvé": paragraphs after
    # the one treaty the article names
    definite = any(
        (a.pos_ == "PRON" and a.lower_ in ("l'", "le", "la"))
        or (
            a.lower_ in lx.treaty_nouns
            and rm.at(a.i) is None
            and any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in a.children)
        )
        for a in args
    )
    before = [m for m in rm.mentions if m.kind is EntityKind.TREATY and m.end <= t.i]
    if definite and len({m.key for m in before}) == 1:
        return before[-1:]
    return []


_DEFINITE = ("le", "la", "l'", "l’", "ce", "cet", "cette")


def _gerund(v: Token) -> bool:
    """ "en ratifiant": a participle adjunct under "en", whose subject is its clause's."""
    return (
        v.dep_ == "advcl"
        and "Part" in v.morph.get("VerbForm")
        and any(c.dep_ == "mark" and c.lower_ == "en" for c in v.children)
        and v.head.pos_ in ("VERB", "AUX")
    )


def _head_phrase(head: Token) -> list[Token]:
    """``head``'s subtree without the relative clauses hanging on it."""
    skip = {x.i for c in head.children if c.dep_ == "acl:relcl" for x in c.subtree}
    return [x for x in head.subtree if x.i not in skip]


def _possessors_clause(v: Token, rm: ResolvedMentions, lx: Lex) -> list[Mention]:
    """The actor behind "son pays" / "leur gouvernement" as the subject of ``v``.

    "Poutine a annoncé que son pays suspendait sa participation": a subject
    naming nothing, with a possessive determiner, stands for the subject of
    the clause it is embedded in (the possessor), whose actors are returned.
    """
    subj = subject_of(v, lx) if v.pos_ in ("VERB", "AUX") else None
    if subj is None or phrase_mentions(subj, rm):
        return []
    if not any(c.dep_ == "det" and c.lemma_ in ("son", "leur") for c in subj.children):
        return []
    for verb in v.ancestors:
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubj:pass") and c.i != subj.i:
                found = [m for m in phrase_mentions(c, rm) if is_actor(m)]
                if found:
                    return found[:1]
    return []


_MILESTONES = {
    EventKind.TREATY_SIGNING.value,
    EventKind.TREATY_RATIFICATION.value,
    EventKind.TREATY_ENTRY_INTO_FORCE.value,
    EventKind.TREATY_WITHDRAWAL.value,
}


def _participle(v: Token) -> bool:
    return v.pos_ in ("VERB", "AUX") and "Part" in v.morph.get("VerbForm")


def _earlier_frames(
    t: Token, sent: Span, rm: ResolvedMentions, kb: KnowledgeBase, lx: Lex, groups: set[str]
) -> list[EventMention]:
    """The treaty frames of the triggers of ``groups`` before ``t`` in its sentence.

    Nearest first.
    """
    out = []
    for u in reversed(sent[: t.i - sent.start]):
        for g in trigger_groups(u, lx):
            if g in groups:
                mentions = mentions_in(own_subtree(u, lx), rm)
                frame = treaty_frame(EventKind(g), u, sent, rm, kb, lx, mentions)
                if frame is not None:
                    out.append(frame)
    return out


def _coordinated_milestone(
    t: Token, sent: Span, rm: ResolvedMentions, kb: KnowledgeBase, lx: Lex
) -> list[Mention]:
    """The treaty of an earlier milestone participle that ``t`` is coordinated with by "et"."""
    if not _participle(t) or not any(c.dep_ == "cc" and c.lower_ == "et" for c in t.children):
        return []
    for frame in _earlier_frames(t, sent, rm, kb, lx, _MILESTONES):
        if _participle(frame.trigger):
            keys = frame.roles.get("treaty", [])
            return [m for m in rm.mentions if m.key in keys][:1] if keys else []
    return []


def _approved_withdrawal(
    t: Token, sent: Span, rm: ResolvedMentions, kb: KnowledgeBase, lx: Lex
) -> list[Mention]:
    """The treaty an approved decision withdraws from, when ``t`` approves such a decision.

    "La Russie a suspendu sa participation au traité, une décision entérinée
    par le Parlement": the approval verb's theme is a decision noun naming no
    treaty, and an earlier trigger of the sentence withdraws from a treaty.
    """
    if lemma(t) not in lx.treaty_approvals:
        return []
    themes = [c for c in t.children if c.dep_ in ("obj", "nsubj:pass")]
    if t.dep_ in ("acl", "amod"):
        themes.append(t.head)
    if not any(x.lemma_ in lx.treaty_decisions and rm.at(x.i) is None for x in themes):
        return []
    for frame in _earlier_frames(t, sent, rm, kb, lx, {EventKind.TREATY_WITHDRAWAL.value}):
        keys = frame.roles.get("treaty", [])
        if keys:
            return [m for m in rm.mentions if m.key in keys][:1]
    return []


def _founding_treaty(t: Token, mentions: list[Mention], kb: KnowledgeBase, lx: Lex) -> str | None:
    """The treaty of an organisation joined or left ("a rejoint l'OTAN", "l'adhésion à l'OTSC").

    Joining an alliance is ratifying the treaty it rests on (the knowledge
    base's ``nkg:foundingTreaty``); the organisation must be a complement of
    the trigger, not the one who acts ("l'OTAN a approuvé...").
    """
    verbs = [t, t.head] if t.pos_ == "NOUN" and t.head.pos_ in ("VERB", "AUX") else [t]
    acting: set[int] = set()
    for v in verbs:  # "l'OTAN a approuvé l'adhésion de la Suède": the approver is no treaty
        subject = passive_subject(v) or subject_of(v, lx)
        if subject is not None and subject.i != t.i:  # the trigger itself may be the subject
            acting.update(x.i for x in subject.subtree)
    for m in mentions:
        if m.start in acting:
            continue
        entity = kb.get(m.key)
        if entity is not None and entity.founding_treaty is not None:
            return entity.founding_treaty
    return None
