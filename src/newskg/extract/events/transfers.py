"""Transfers: arms deliveries, sales, pledges and orders, and deployments of personnel.

A transfer verb (envoyer, livrer, fournir...) is a Deployment when its theme is
personnel and an ArmsTransfer when it is materiel; converse verbs (recevoir,
acheter, commander) turn the roles round.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from newskg.extract.entities import Mention, ResolvedMentions
from newskg.extract.events.frame import EventMention
from newskg.extract.events.lex import Lex
from newskg.extract.events.syntax import (
    OF,
    agent_from,
    case_of,
    counted,
    is_actor,
    is_materiel,
    is_personnel,
    last_mention_before,
    mentions_in,
    nationality,
    own_phrase,
    own_subtree,
    phrase_mentions,
    specific,
    subject_of,
    theme_candidates,
)
from newskg.kb import KnowledgeBase
from newskg.model import EntityKind, EventKind


def transfer(
    t: Token,
    sent: Span,
    rm: ResolvedMentions,
    kb: KnowledgeBase,
    lx: Lex,
    *,
    converse: bool = False,
) -> list[EventMention]:
    """Transfer frames; ``converse`` verbs (recevoir, acheter, commander) turn it round.

    With a converse verb the subject (or the ``par`` agent, or the demonym of
    a nominal "l'acquisition polonaise") *receives*, and the supplier is the
    ``de`` / ``auprès de`` complement ("a reçu de la France six Rafale").
    Converse verbs only transfer materiel: "recevoir un ministre" is a
    meeting, not a delivery. A generic materiel noun ("24 appareils") or the
    clitic *en* ("en transférerait six") stands for the last weapon named.
    A gapped coordination ("ont promis 24 appareils et le Danemark 19") is a
    second frame with the coordinated actor as agent and its own figure.
    """
    themes = theme_candidates(t)
    personnel = [h for h in themes if is_personnel(h, rm, lx, kb)]
    materiel = [h for h in themes if is_materiel(h, rm, lx)]
    scope = list(t.subtree)
    if t.dep_ in ("acl", "amod", "acl:relcl") and t.head in themes:  # "chars vendus par X"
        scope += [x for x in t.head.subtree if x.i not in {y.i for y in t.subtree}]
    weapons = [m for m in mentions_in(scope, rm) if m.kind is EntityKind.WEAPON_SYSTEM]
    if not weapons and not personnel:
        weapons = _partitive_antecedent(t, rm, lx, materiel)  # "en ont promis 24"
    if converse and not (materiel or weapons):
        return []
    if personnel and not materiel:
        kind = EventKind.DEPLOYMENT
        theme = personnel[0]
    elif materiel or weapons:
        kind = EventKind.ARMS_TRANSFER
        theme = (materiel or [None])[0]
    else:
        return []
    ev = EventMention(kind, t, sent, theme=theme)
    agents = agent_from(t, rm, kb, lx)
    by_par = [c for c in t.children if c.dep_ == "obl:agent"]
    for c in by_par:
        agents += [m for m in phrase_mentions(c, rm) if is_actor(m)]
    agent_role = "recipient" if converse else "agent"
    agent_tokens: set[int] = set()
    for m in agents[:1]:
        ev.add(agent_role, m.key)
        agent_tokens |= set(range(m.start, m.end))
    if not ev.has(agent_role) and t.pos_ == "NOUN":
        for c in t.children:  # "l'acquisition polonaise", "les livraisons américaines"
            state = kb.state_for_demonym(c.text) if c.dep_ == "amod" else None
            if state is not None:
                ev.add(agent_role, state.key)
                break
    if not converse and not ev.has("agent") and theme is not None:
        state = nationality(theme, rm, kb)
        if state is not None:
            ev.add("agent", state)
    theme_tokens = {x.i for x in theme.subtree} if theme is not None else set()
    if converse:
        for m in mentions_in(own_subtree(t, lx), rm):
            if not is_actor(m) and m.kind is not EntityKind.PLACE:
                continue
            root = sent.doc[m.start : m.end].root
            if root.head.i != t.i or root.i in agent_tokens:
                continue
            case = case_of(root)
            before = sent.doc[m.start - 1].lower_ if m.start > 0 else ""
            supplier = (
                case in lx.source_preps
                or (case in ("à", "au", "aux") and is_actor(m))
                or (
                    m.kind is EntityKind.STATE
                    and before in lx.source_preps | {"l'", "la", "le"}
                    and any(x.lower_ in OF for x in sent.doc[max(0, m.start - 2) : m.start])
                )
            )
            if supplier and m.key not in ev.roles.get("recipient", []):
                ev.add("agent", m.key)  # "reçu de la France", "commandés auprès de Séoul"
    else:
        if t.dep_ == "acl:relcl" and any(
            c.dep_ == "iobj" and c.lower_ in ("lui", "leur") for c in t.children
        ):
            # "l'Inde exploite 36 Rafale que lui a vendus la France": *lui* is the main
            # clause's subject
            verb = next((a for a in t.ancestors if a.pos_ in ("VERB", "AUX")), None)
            subj = subject_of(verb, lx) if verb is not None else None
            for m in phrase_mentions(subj, rm) if subj is not None else []:
                if is_actor(m) and m.key not in ev.roles.get("agent", []):
                    ev.add("recipient", m.key)
                    break
        for m in _recipients(t, sent, rm, lx, agent_tokens):
            if m.key not in ev.roles.get("agent", []):
                if m.kind is EntityKind.ARMED_FORCE or (
                    any(i in theme_tokens for i in range(m.start, m.end))
                    and m.kind is not EntityKind.STATE
                    and m.kind is not EntityKind.PLACE
                ):
                    continue
                ev.add("recipient", m.key)
    siblings = _counted_conjuncts(theme, rm, lx) if kind is EventKind.ARMS_TRANSFER else []
    if siblings:
        # "1 000 chars K2, plus de 600 obusiers K9 et 48 avions FA-50": one frame each
        out = []
        for head in [theme, *siblings]:
            assert head is not None
            frame = EventMention(kind, t, sent, theme=head)
            for role, vals in ev.roles.items():
                for v in vals:
                    frame.add(role, v)
            for m in specific(mentions_in(own_phrase(head), rm), sent.doc):
                if m.kind is EntityKind.WEAPON_SYSTEM:
                    frame.add("weapon", m.key)
            out.append(frame)
        return out
    for m in specific(weapons, sent.doc):
        ev.add("weapon", m.key)
    return [ev, *_gapped(ev, theme, rm)]


def _recipients(
    t: Token, sent: Span, rm: ResolvedMentions, lx: Lex, exclude: set[int]
) -> list[Mention]:
    out = []
    for tok in t.subtree:
        if tok.i in exclude:
            continue
        m = rm.at(tok.i)
        if m is None or (m.start != tok.i and rm.at(tok.i - 1) is m):
            continue
        if m.kind not in (EntityKind.STATE, EntityKind.PLACE) and not m.kind.is_agency:
            continue
        head = sent.doc[m.start : m.end].root
        if case_of(head) in lx.recipient_preps and head.dep_ != "nsubj" and m not in out:
            if head.head.dep_ == "advcl" and head.head.i != t.i:
                continue  # "pour appuyer l'armée russe": not where things go
            out.append(m)
    return out


def _counted_conjuncts(theme: Token | None, rm: ResolvedMentions, lx: Lex) -> list[Token]:
    """Conjuncts of a materiel theme that carry their own figure, when the theme has one too.

    "dix chars K2 et 24 obusiers K9": the parser hangs the second item on
    the theme or on one of the verbs above it (as ``conj`` or ``obj``); any
    counted materiel noun after the theme attached so is another item.
    """
    if theme is None or not counted(theme):
        return []
    holders = [theme, *theme.ancestors]
    out = []
    for h in holders:
        for c in h.children:
            if c.i <= theme.i or c in out or c in holders:
                continue
            if c.dep_ in ("conj", "obj") and counted(c) and is_materiel(c, rm, lx):
                out.append(c)
    for item in list(out):  # "600 obusiers K9 et 48 avions FA-50": conjuncts of items
        out += [
            c
            for c in item.children
            if c.dep_ == "conj" and c not in out and counted(c) and is_materiel(c, rm, lx)
        ]
    return sorted(out, key=lambda x: x.i)


def _gapped(ev: EventMention, theme: Token | None, rm: ResolvedMentions) -> list[EventMention]:
    """Frames of a gapped coordination: "X a promis 24 avions et Y 19" -> Y promised 19.

    The parser attaches the second actor as a conjunct of the object; an
    actor there, followed by its own figure, is the subject of an elided
    copy of the verb. The copy keeps the recipient and the weapons and takes
    the actor as its agent; its ``theme`` is the actor's token so that the
    figure after it is counted for it.
    """
    if theme is None or "agent" not in ev.roles:
        return []
    out = []
    for c in theme.children:
        m = rm.at(c.i)
        if c.dep_ != "conj" or m is None or not m.kind.is_actor:
            continue
        after = c.doc[m.end] if m.end < len(c.doc) else None
        if after is None or not after.like_num:
            continue
        twin = EventMention(ev.kind, ev.trigger, ev.sentence, theme=c)
        twin.add("agent", m.key)
        for role in ("recipient", "weapon"):
            for v in ev.roles.get(role, []):
                twin.add(role, v)
        out.append(twin)
    return out


def _partitive_antecedent(
    t: Token, rm: ResolvedMentions, lx: Lex, materiel: list[Token]
) -> list[Mention]:
    """The weapon an anaphoric theme stands for: the last one named before the trigger.

    "la Norvège en transférerait six" (the clitic *en* with a bare figure) or
    "les Pays-Bas ont promis 24 appareils" (a generic materiel noun naming no
    system): the weapon is the last one mentioned in this sentence or the
    two before.
    """
    kids = list(t.children)
    has_en = any(c.lower_ == "en" and c.pos_ == "PRON" for c in kids)
    has_figure = any(c.like_num and c.dep_ in ("obj", "nummod", "obl", "nsubj:pass") for c in kids)
    generic = any(h.lower_ in lx.generic_materiel for h in materiel)
    if not ((has_en and has_figure) or generic):
        return []
    return last_mention_before(t, rm, EntityKind.WEAPON_SYSTEM)
