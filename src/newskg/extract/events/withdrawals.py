"""Withdrawals of forces from a place, and approvals of treaty withdrawals."""

from __future__ import annotations

from spacy.tokens import Span, Token

from newskg.extract.entities import Mention, ResolvedMentions
from newskg.extract.events.frame import EventMention
from newskg.extract.events.lex import Lex
from newskg.extract.events.syntax import (
    OF,
    agent_from,
    antecedent,
    case_of,
    coordinated_sides,
    is_personnel,
    last_mention_before,
    mentions_in,
    own_subtree,
    passive_subject,
    side_of,
    stranded_complements,
    subject_of,
)
from newskg.kb import KnowledgeBase
from newskg.model import EntityKind, EventKind
from newskg.nlp.lemmas import lemma


def withdrawal(
    t: Token,
    sent: Span,
    rm: ResolvedMentions,
    kb: KnowledgeBase,
    lx: Lex,
    mentions: list[Mention],
) -> EventMention | None:
    """Forces leaving a state or place: "les troupes françaises ont quitté le Niger".

    A withdrawal trigger ("quitter", "se retirer", "retrait") needs forces
    that move: personnel or an armed force as subject, passive subject, or
    "de" complement of the noun ("le retrait des troupes"); a president who
    leaves his country is no withdrawal. The forces' actor or nationality is
    the ``agent``; the ``origin`` is the object of "quitter" or the "de"
    complement ("se retirer du Sud-Liban"); "le pays" left unnamed is the
    place the forces were deployed to ("les soldats déployés au Niger").
    "Le pays" left, with nothing else to say which, is the state named last
    before ("Niger : les soldats français ont quitté le pays"). A treaty as
    what is left makes it a treaty withdrawal instead. Forces that are the
    object ("X a retiré ses troupes du Mali", "rapatrier des soldats") are
    withdrawn by the subject; coordinated forces or demonyms ("les troupes
    françaises et allemandes") each add their side; a withdrawal someone is
    urged to make ("exhorter X à retirer...") is none.
    """
    if any(m.kind is EntityKind.TREATY for m in mentions):
        treaty = next(m for m in mentions if m.kind is EntityKind.TREATY)
        ev = EventMention(EventKind.TREATY_WITHDRAWAL, t, sent)
        ev.add("treaty", treaty.key)
        for m in agent_from(t, rm, kb, lx) or _reflexive_subject(t, rm):
            ev.add("participant", m.key)
        return ev
    demanded = t.dep_ in ("obj", "nsubj:pass") and lemma(t.head) in lx.withdrawal_demands
    if t.pos_ == "NOUN" and demanded:
        return None  # "ont exigé le départ des soldats": a demand, not a departure
    if _demanded_infinitive(t, lx):
        return None  # "ont exhorté Pyongyang à rapatrier ses troupes"
    movers: list[Token] = []
    if t.pos_ in ("VERB", "AUX", "ADJ"):
        subj = passive_subject(t) or subject_of(t, lx)
        if subj is not None:
            movers.append(antecedent(subj) or subj)
        if t.dep_ in ("acl", "amod") and t.head.pos_ in ("NOUN", "PROPN"):
            movers.append(t.head)
        # "la France a retiré ses troupes du Mali": the forces moved are the object
        movers += [c for c in t.children if c.dep_ == "obj"]
    elif _possessed(t):
        # "les casques bleus ont achevé leur retrait du Mali": the possessor moves, the
        # "de" complement is the place left (never the forces: "leur retrait de la CEDEAO")
        movers += [s for s in [_possessor(t, lx)] if s is not None]
    else:
        movers += [c for c in t.children if c.dep_ == "nmod" and case_of(c) in OF]
    forces = [
        v
        for v in movers
        if is_personnel(v, rm, lx, kb) or (rm.at(v.i) is not None and rm.at(v.i).kind.is_agency)
    ]
    if not forces:
        return None
    mover = forces[0]
    ev = EventMention(EventKind.WITHDRAWAL, t, sent, theme=mover)
    moved = mover.dep_ == "obj" and mover.head.i == t.i
    # the subject withdraws its forces: "Paris et Berlin ont retiré leurs troupes", "la
    # Russie a achevé le retrait de ses forces" (the light verb's subject)
    owned = moved or (t.pos_ == "NOUN" and _possessed(mover))
    if owned:
        for m in agent_from(t, rm, kb, lx):
            ev.add("agent", m.key)
    m = rm.at(mover.i)
    side = m.key if m is not None and m.kind.is_actor else side_of(mover, rm, kb)
    if side is not None and not (owned and (ev.has("agent") or _possessed(mover))):
        ev.add("agent", side)
    for state in coordinated_sides(mover, rm, kb):
        ev.add("agent", state)
    mover_tokens = {x.i for x in mover.subtree}
    for m in mentions_in(own_subtree(t, lx), rm):
        if m.kind not in (EntityKind.STATE, EntityKind.PLACE) or m.start in mover_tokens:
            continue
        root = sent.doc[m.start : m.end].root
        case = case_of(root)
        direct = root.dep_ == "obj" and root.head.i == t.i
        if direct or case in OF:
            ev.add("origin", m.key)
    if not ev.has("origin"):
        for m in mentions_in(mover.subtree, rm):  # "les militaires déployés au Niger"
            root = sent.doc[m.start : m.end].root
            if m.kind in (EntityKind.STATE, EntityKind.PLACE) and case_of(root) in lx.place_preps:
                ev.add("origin", m.key)
                break
    if not ev.has("origin"):
        origin = _origin_on_forces(mover, t, ev, rm) or _folded_origin(mover, rm, kb, moved)
        if origin is not None:
            ev.add("origin", origin)
    if not ev.has("origin"):
        left = next((c for c in t.children if c.dep_ == "obj"), None)
        if left is not None and left.lower_ in lx.withdrawal_place_anaphors and not rm.at(left.i):
            # "Niger : les soldats français ont quitté le pays": the state named before
            states = [m for m in last_mention_before(t, rm, EntityKind.STATE)]
            for m in states[:1]:
                if m.key not in ev.roles.get("agent", []):
                    ev.add("origin", m.key)
    if lemma(t) in lx.withdrawal_needs_origin and not ev.has("origin"):
        return None  # "a rappelé 300 000 réservistes": a call-up, no place left
    return ev


def _origin_on_forces(mover: Token, t: Token, ev: EventMention, rm: ResolvedMentions) -> str | None:
    """The place a "de" phrase inside the forces' phrase names.

    "Le retrait des troupes américaines de Syrie": the parser hangs "de
    Syrie" on the forces (or their demonym) rather than
    on the withdrawal; a state or place there that is not the forces' own
    side ("les soldats de la France" are French) is where they leave from.
    Also the stranded end of a subject noun's phrase
    (:func:`~newskg.extract.events.syntax.stranded_complements`).
    """
    tokens = [x for x in mover.subtree if x.i != mover.i]
    if t.pos_ == "NOUN":
        tokens += stranded_complements(t)
    sides = set(ev.roles.get("agent", []))
    for m in mentions_in(tokens, rm):
        root = mover.doc[m.start : m.end].root
        if m.kind not in (EntityKind.STATE, EntityKind.PLACE) or m.key in sides:
            continue
        if root.i == mover.i or rm.at(mover.i) is m:
            continue
        if case_of(root) in OF:
            return m.key
    return None


def _demanded_infinitive(t: Token, lx: Lex) -> bool:
    """True for an infinitive a demand verb governs: "exhorter X à retirer ses troupes".

    What someone else is urged or asked to do (lexicon
    ``withdrawal_demand_verbs``, with an addressee: "demander à X de...") has
    not happened, as for the noun ("exiger le retrait"). "Moscou veut retirer
    ses troupes" names no addressee: the subject's own plan stays an event.
    """
    if "Inf" not in t.morph.get("VerbForm") or t.head.i == t.i:
        return False
    head = t.head
    if t.dep_ not in ("xcomp", "ccomp", "obj", "obl", "obl:arg", "advcl", "acl"):
        return False
    addressed = False
    if head.pos_ in ("NOUN", "PROPN", "PRON") and head.dep_ in ("obj", "iobj", "obl:arg"):
        head = head.head  # "exhorté Pyongyang à rapatrier", parsed on the object
        addressed = True
    addressed = addressed or any(
        c.i != t.i and c.dep_ in ("obj", "iobj", "obl:arg") and c.pos_ in ("NOUN", "PROPN", "PRON")
        for c in head.children
    )
    return addressed and lemma(head) in lx.withdrawal_demands


def _reflexive_subject(t: Token, rm: ResolvedMentions) -> list[Mention]:
    """The actor of a pronominal verb the parser read as a passive: "la Russie s'est retirée".

    With the reflexive "se", the "nsubj:pass" the parser gives "retirée" is
    who withdraws, not what is withdrawn.
    """
    if not any(c.dep_.startswith("expl") and c.lemma_.lower() == "se" for c in t.children):
        return []
    subj = passive_subject(t)
    if subj is None:
        return []
    subj = antecedent(subj) or subj
    return [m for m in mentions_in(subj.subtree, rm) if m.kind.is_actor][:1]


def _possessor(t: Token, lx: Lex) -> Token | None:
    """Who a possessed withdrawal noun belongs to: the subject of the verb governing it.

    "Les casques bleus ont achevé leur retrait", "X a annoncé le début de son
    retrait": the first verb above the noun, its subject (or that subject's
    antecedent for a pronoun).
    """
    verb = next((a for a in t.ancestors if a.pos_ in ("VERB", "AUX")), None)
    subj = subject_of(verb, lx) if verb is not None else None
    if subj is None:
        return None
    return antecedent(subj) or subj


def _possessed(tok: Token) -> bool:
    """True for a noun with a possessive determiner: "ses troupes", "leurs soldats"."""
    return any(c.dep_ == "det" and c.lemma_.lower() in ("son", "leur") for c in tok.children)


def _folded_origin(
    mover: Token, rm: ResolvedMentions, kb: KnowledgeBase, moved: bool = False
) -> str | None:
    """The place of "ses troupes du Mali" when the name reader folded it into the forces.

    A possessed forces noun belongs to its possessor, and so do forces that
    are the object of the withdrawing verb (``moved``: "Washington prévoit
    de retirer 2 000 soldats de Syrie", the subject withdraws them), so a
    "de X" complement read as part of a force's name ("troupes du Mali" as
    Mali's army) is the state or place the forces leave.
    """
    if not (_possessed(mover) or moved) or rm.at(mover.i) is None:
        return None
    for c in mover.children:
        if c.dep_ != "nmod" or case_of(c) not in OF or rm.at(c.i) is not rm.at(mover.i):
            continue
        for ent in kb.lookup(c.text):
            if ent.kind in (EntityKind.STATE, EntityKind.PLACE):
                return ent.key
    return None


def approvals_of_withdrawals(frames: list[EventMention]) -> list[EventMention]:
    """ "La Douma a adopté la loi qui révoque la ratification du traité": a withdrawal.

    A ratification or signing trigger whose object holds a treaty-withdrawal
    trigger approves that withdrawal: the approver's frame becomes a
    withdrawal (with its own participants), the embedded one is dropped. A
    ratification noun under a withdrawal trigger is what is withdrawn, not a
    ratification of its own ("la révocation de la ratification").
    """
    withdrawals = [f for f in frames if f.kind is EventKind.TREATY_WITHDRAWAL]
    if not withdrawals:
        return frames
    # "la révocation de la ratification", "révoque la ratification": the
    # ratification named as what is withdrawn is no ratification event
    revoked = {
        id(f)
        for f in frames
        if f.kind is EventKind.TREATY_RATIFICATION
        and f.trigger.pos_ == "NOUN"
        and any(w.trigger in f.trigger.ancestors for w in withdrawals)
    }
    frames = [f for f in frames if id(f) not in revoked]
    out = []
    dropped: set[int] = set()
    for f in frames:
        if f.kind in (EventKind.TREATY_RATIFICATION, EventKind.TREATY_SIGNING):
            inner = next(
                (w for w in withdrawals if w.trigger.i in {x.i for x in f.trigger.subtree}),
                None,
            )
            if inner is not None and inner.trigger.i != f.trigger.i:
                f.kind = EventKind.TREATY_WITHDRAWAL
                for k in inner.roles.get("treaty", []):
                    f.add("treaty", k)
                dropped.add(id(inner))
        out.append(f)
    return [f for f in out if id(f) not in dropped]
