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
    LIST_GLUE,
    OF,
    agent_from,
    agent_phrases,
    case_of,
    conjuncts,
    coordinated_sides,
    counted,
    is_actor,
    is_materiel,
    is_personnel,
    last_mention_before,
    mentions_in,
    nationality,
    other_listed_sides,
    own_phrase,
    own_subtree,
    phrase_mentions,
    separate_predicates,
    specific,
    stranded_complements,
    subject_of,
    theme_candidates,
    trigger_groups,
)
from newskg.kb import KnowledgeBase
from newskg.model import EntityKind, EventKind
from newskg.nlp.lemmas import lemma

_DEFINITE = frozenset({"la", "le", "l'", "l’", "cette", "ce", "cet"})


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
    Coordinated agents all act ("l'Allemagne et la France ont livré"), listed
    recipients all receive ("à la Pologne, la Slovaquie et la Tchéquie"). A
    nominal trigger that is a subject also reads the end of its phrase the
    parser hung on the verb (:func:`stranded_complements`), and a "par" agent
    hung on a name (:func:`agent_phrases`).
    """
    lem = lemma(t)
    themes = theme_candidates(t) or _subject_theme(t, lem, lx)
    personnel = [h for h in themes if is_personnel(h, rm, lx, kb)]
    materiel = [h for h in themes if is_materiel(h, rm, lx)]
    if not (personnel or materiel) and t.pos_ == "NOUN":
        themes = _displaced_themes(t, rm)  # "l'envoi par la Corée du Nord de soldats"
        personnel = [h for h in themes if is_personnel(h, rm, lx, kb)]
        materiel = [h for h in themes if is_materiel(h, rm, lx)]
    if not (personnel or materiel) and t.pos_ == "NOUN" and is_personnel(t, rm, lx, kb):
        personnel = [t]  # "a renforcé sa présence militaire en Estonie": the noun is the forces
    # "la livraison de chars à la Pologne par l'Allemagne est achevée": the parser
    # hangs the end of a subject noun's phrase on the verb
    extra = (stranded_complements(t) or _trailing_complements(t, lx)) if t.pos_ == "NOUN" else []
    extra = extra or _raised_complements(t)
    # "X a livré des canons, tandis que Y a envoyé des chars à Z": not this frame's
    clauses = _other_clauses(t)
    scope = [x for x in t.subtree if x.i not in clauses] + extra
    if t.dep_ in ("acl", "amod", "acl:relcl") and t.head in themes:  # "chars vendus par X"
        scope += [x for x in t.head.subtree if x.i not in {y.i for y in t.subtree}]
    weapons = [m for m in mentions_in(scope, rm) if m.kind is EntityKind.WEAPON_SYSTEM]
    weapons += [m for m in _trailing_weapon(themes, rm) if m not in weapons]
    if not weapons and not personnel:
        weapons = _partitive_antecedent(t, rm, lx, materiel, kb)  # "en ont promis 24"
    if converse and not (materiel or weapons):
        return []
    if _restates(t, rm, lx):
        return []
    if converse and any(_folded(t, a, lx) for a in t.ancestors):
        return []  # "a réceptionné le lot commandé à X": X is the supplier of that delivery
    if personnel and not materiel:
        kind = EventKind.DEPLOYMENT
        theme = personnel[0]
    elif (materiel or weapons) and lem in lx.deployment_verbs and lem not in lx.arrival_verbs:
        # "des sous-marins seront déployés à Perth": materiel positioned, not handed over
        kind = EventKind.DEPLOYMENT
        theme = (materiel or [None])[0]
    elif materiel or weapons:
        kind = EventKind.ARMS_TRANSFER
        theme = (materiel or [None])[0]
    else:
        return []
    ev = EventMention(kind, t, sent, theme=theme)
    agents = (
        agent_from(t, rm, kb, lx)
        or _gerund_agent(t, rm, lx)
        or _relative_agent(t, rm, lx)
        or _split_compound_agent(t, rm, lx)
    )
    for c in agent_phrases(t, extra):
        # the phrase's own name first: the parser may hang other names under it
        own = rm.at(c.i)
        agents += [own] if own is not None and is_actor(own) else []
        if c.dep_ == "obl:agent":  # elsewhere only a name: "par la route de Pologne" is no agent
            agents += [m for m in phrase_mentions(c, rm) if is_actor(m) and m is not own]
    agent_role = "recipient" if converse else "agent"
    agent_tokens: set[int] = set()
    for m in _with_conjuncts(agents[:1], sent, rm):
        ev.add(agent_role, m.key)
        agent_tokens |= set(range(m.start, m.end))
    if not ev.has(agent_role) and t.pos_ == "NOUN":
        for c in t.children:  # "l'acquisition polonaise", "les livraisons américaines"
            state = kb.state_for_demonym(c.text) if c.dep_ == "amod" else None
            if state is not None:
                ev.add(agent_role, state.key)
                break
    if not ev.has(agent_role) and t.pos_ in ("VERB", "AUX"):
        # "le président américain a promis...": an unnamed official of a state acts for it
        subj = subject_of(t, lx)
        state = nationality(subj, rm, kb) if subj is not None and rm.at(subj.i) is None else None
        if state is not None:
            ev.add(agent_role, state)
    if not converse and not ev.has("agent") and theme is not None:
        state = nationality(theme, rm, kb)
        if state is not None:
            ev.add("agent", state)
    if not converse and not ev.has("agent") and kind is EventKind.DEPLOYMENT and theme is not None:
        for c in theme.children:  # "les mercenaires de Wagner", "les soldats de l'Otan"
            m = rm.at(c.i) if c.dep_ == "nmod" and case_of(c) in OF else None
            if m is not None and is_actor(m):
                ev.add("agent", m.key)
                break
    subj = subject_of(t, lx) if t.pos_ in ("VERB", "AUX") and ev.has(agent_role) else None
    for side in other_listed_sides(subj, ev.roles[agent_role], rm, kb) if subj else []:
        ev.add(agent_role, side)  # "les armées française et britannique ont déployé"
    if not converse and theme is not None and _acts_for_theme(ev, theme, rm, kb):
        for side in coordinated_sides(theme, rm, kb):  # "soldats français et belges"
            ev.add("agent", side)
    if not converse and not ev.has("agent") and kind is EventKind.DEPLOYMENT:
        for state in _materiel_demonyms(scope, rm, kb, lx):
            ev.add("agent", state)  # "des sous-marins américains et britanniques déployés"
    theme_tokens = {x.i for x in theme.subtree} if theme is not None else set()
    if converse:
        held = {i for w in weapons for i in range(w.start, w.end)}
        # "a reçu 31 Abrams des Etats-Unis": the figure the parser made the head of the name
        held |= {
            r.head.i
            for w in weapons
            for r in [sent.doc[w.start : w.end].root]
            if r.head.like_num and r.head.i < r.i
        }
        for m in mentions_in(own_subtree(t, lx), rm):
            if not is_actor(m) and m.kind is not EntityKind.PLACE:
                continue
            root = sent.doc[m.start : m.end].root
            # "recevoir des chasseurs Gripen de la Suède", "acheter 24 hélicoptères
            # Apache aux Etats-Unis": the parser hangs the source on the materiel (the
            # theme or a system named with it); a state there, after "de" or "à", is
            # where it comes from
            on_theme = (
                m.kind is EntityKind.STATE
                and root.head.i in theme_tokens | held
                and root.dep_ == "nmod"
                and case_of(root) in {*OF, "à", "au", "aux"}
            )
            if root.i in agent_tokens or not (
                root.head.i == t.i or _folded(root.head, t, lx) or on_theme
            ):
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
        for m in _recipients(
            t,
            sent,
            rm,
            lx,
            agent_tokens | clauses,
            deployment=kind is EventKind.DEPLOYMENT,
            extra=extra,
        ):
            if m.key not in ev.roles.get("agent", []):
                if m.kind is EntityKind.ARMED_FORCE or (
                    any(i in theme_tokens for i in range(m.start, m.end))
                    and m.kind is not EntityKind.STATE
                    and m.kind is not EntityKind.PLACE
                ):
                    continue
                ev.add("recipient", m.key)
    if not converse and not ev.has("recipient") and _class_recipient(scope, lx):
        return []  # "ne pas fournir d'armes aux pays en guerre": a policy, no transfer
    if converse:
        suppliers = _partners(t, rm, kb, lx, ev)
    else:
        suppliers = []
        place = _place_noun_destination(t, ev, rm, kb, lx)
        if place is not None and (kind is EventKind.DEPLOYMENT or not ev.has("recipient")):
            ev.add("recipient", place)
    items: list[Token] = []
    if kind is EventKind.ARMS_TRANSFER:
        items = _counted_conjuncts(theme, rm, lx)
        items = [theme, *items] if items else _listed_items(t, rm, lx)
    if len(items) > 1:
        # "1 000 chars K2, plus de 600 obusiers K9 et 48 avions FA-50": one frame each,
        # each with its own supplier when the text names as many suppliers as items
        paired = len(suppliers) == len(items)
        out = []
        for n, head in enumerate(items):
            assert head is not None
            frame = EventMention(kind, t, sent, theme=head)
            for role, vals in ev.roles.items():
                for v in vals:
                    frame.add(role, v)
            for m in suppliers[n : n + 1] if paired else suppliers:
                frame.add("agent", m)
            named = mentions_in(own_phrase(head), rm)
            # only systems: a supplier's name under the item ("Leopard 2 du Portugal")
            # names no more specific system
            for m in specific([m for m in named if m.kind is EntityKind.WEAPON_SYSTEM], sent.doc):
                frame.add("weapon", m.key)
            if converse:
                _maker_supplies(frame, t, kb, lx)
            out.append(frame)
        return _checked(out, t, rm, kb, lx)
    for key in suppliers:
        ev.add("agent", key)
    for m in specific(weapons, sent.doc):
        ev.add("weapon", m.key)
    if converse:
        _maker_supplies(ev, t, kb, lx)
    return _checked([ev, *_gapped(ev, theme, rm)], t, rm, kb, lx)


def _with_conjuncts(first: list[Mention], sent: Span, rm: ResolvedMentions) -> list[Mention]:
    """The first actor found and the actors coordinated with it: "l'Allemagne et la France".

    Coordinated subjects (or "par" agents) all act: each conjunct of the
    first actor's head that is itself an actor joins it, and so do the
    actors listed right after it ("par l'Allemagne et le Danemark": the
    parser may hang the second name on another noun of the clause).
    """
    out = list(first)
    for m in first:
        for c in conjuncts(sent.doc[m.start : m.end].root):
            other = rm.at(c.i)
            if other is not None and is_actor(other) and other not in out:
                out.append(other)
        out += [o for o in _listed_after(m, sent, rm) if o not in out]
    return out


def _listed_after(m: Mention, sent: Span, rm: ResolvedMentions) -> list[Mention]:
    """The actors listed right after ``m``: "X, Y et Z" with only list glue between.

    A list is closed by "et" (or "ainsi que"); without it, the names that
    follow a comma are no conjuncts (an apposition, a new clause).
    """
    doc = sent.doc
    found: list[Mention] = []
    closed = False
    i = m.end
    while i < sent.end:
        gap_start = i
        while i < sent.end and rm.at(i) is None and doc[i].lower_ in LIST_GLUE:
            i += 1
        nxt = rm.at(i) if i < sent.end else None
        if nxt is None or nxt.start != i or i == gap_start or not is_actor(nxt):
            break
        closed = closed or any(x.lower_ in ("et", "que") for x in doc[gap_start:i])
        found.append(nxt)
        i = nxt.end
    return found if closed else []


def _trailing_complements(t: Token, lx: Lex) -> list[Token]:
    """The end of an object noun's phrase that the parser hung on its light verb.

    "L'Allemagne a achevé la livraison de 40 chars Leopard 2 à la Pologne":
    *Leopard* (and *Pologne* under it) hang on *achevé*. A light or aspect
    verb (lexicon ``light_verbs``) has no complements of its own besides its
    object, so the names and nouns that follow the object's phrase, with no
    comma between, continue it.
    """
    verb = t.head
    if t.dep_ != "obj" or verb.i > t.i or lemma(verb) not in lx.light_verbs:
        return []
    end = max(x.i for x in t.subtree)
    out: list[Token] = []
    for c in sorted(verb.children, key=lambda x: x.i):
        if c.i <= end or c.pos_ not in ("NOUN", "PROPN"):
            continue
        if c.dep_ in ("advcl", "conj", "parataxis", "ccomp", "xcomp", "nsubj", "nsubj:pass"):
            break
        sub = list(c.subtree)
        if sub[0].i != end + 1:
            break
        out += sub
        end = sub[-1].i
    return out


def _other_clauses(t: Token) -> set[int]:
    """The tokens of the clauses under ``t`` that have a subject or tense of their own.

    "La France a livré des canons à l'Ukraine et l'Allemagne a envoyé des
    chars à la Pologne": the parser hangs the second clause on the first verb
    (``advcl``, ``conj``); its materiel and destination belong to its own verb.
    An infinitive or participle under the trigger ("pour appuyer...",
    "livrés en 2023", "après avoir livré") stays in its phrase. Whatever the
    parser hangs on the trigger after the start of such a clause that follows
    it belongs to that clause too ("tandis que Y a réparé des chars Leopard 2
    en Lituanie": *Leopard* and *Lituanie* on the first verb), unless a comma
    closes the clause (an insertion: "a livré, comme il l'avait promis, des...").
    """
    out: set[int] = set()
    for c in t.children:
        if c.pos_ not in ("VERB", "AUX") or c.dep_ not in ("advcl", "conj", "parataxis", "ccomp"):
            continue
        kids = list(c.children)
        subject = any(k.dep_ in ("nsubj", "nsubj:pass") for k in kids)
        finite = any(
            k.dep_ in ("aux", "aux:tense") and "Fin" in k.morph.get("VerbForm") for k in kids
        )
        # "a livré des chars à l'Ukraine et vendu des avions à la Pologne": a verb with an
        # object of its own, coordinated with the trigger, tells another transfer
        separate = c in separate_predicates(t)
        if not (subject or finite or separate):
            continue
        out.update(x.i for x in c.subtree)
        after = c.right_edge.i + 1
        inserted = after < len(t.doc) and t.doc[after].is_punct  # ", affirme Kiev, des..."
        if c.i > t.i and not inserted:
            out.update(x.i for x in t.subtree if x.i >= c.left_edge.i and not x.is_punct)
    return out


def _displaced_themes(t: Token, rm: ResolvedMentions) -> list[Token]:
    """The "de" complement of a nominal trigger that the parser hung on a name before it.

    "L'envoi par la Corée du Nord de 10 000 soldats": the "de" phrase after
    the agent (or the destination: "la vente à l'Inde de 26 Rafale") hangs on
    the name, which takes no such complement; it is the trigger's theme.
    """
    out = []
    for x in t.subtree:
        if x.i == t.i or x.dep_ != "nmod" or case_of(x) not in OF or x.pos_ != "NOUN":
            continue
        name = rm.at(x.head.i)
        if x.head.i != t.i and name is not None and rm.at(x.i) is not name:
            out.append(x)
    return out


def _acts_for_theme(
    ev: EventMention, theme: Token, rm: ResolvedMentions, kb: KnowledgeBase
) -> bool:
    """True when the agent was read off the theme itself (its name or its demonym).

    Only then do the sides of the theme's conjuncts act too: "des soldats
    français et belges ont été déployés" (no subject says who sends them).
    """
    agents = set(ev.roles.get("agent", []))
    own = rm.at(theme.i)
    return bool(agents) and (
        (own is not None and own.key in agents) or nationality(theme, rm, kb) in agents
    )


def _maker_supplies(ev: EventMention, t: Token, kb: KnowledgeBase, lx: Lex) -> None:
    """A purchase that names no seller is made from the state the system comes from.

    "l'Inde a commandé 26 Rafale": the KB's ``origin`` of the weapon (France)
    is the supplier, for a purchase word only (lexicon ``purchase_words``:
    commander, acheter, contrat...): what is *received* may come second-hand
    from anyone. A domestic order (origin = buyer) names no supplier, unless
    another buyer is named with the maker: "L'Inde et la France ont signé un
    accord pour l'achat de 26 Rafale" reads both signers as buyers, but the
    maker (France) sells and India buys.
    """
    if ev.has("agent") or not ({lemma(t), t.lower_} & lx.purchase_words):
        return
    named = ev.roles.get("recipient", [])
    recipients = set(named)
    for k in list(recipients):  # "l'armée française": France buys
        ent = kb.get(k)
        if ent is not None and ent.affiliation:
            recipients.add(ent.affiliation)
    origins = {o for k in ev.roles.get("weapon", []) if (o := _origin(k, kb)) is not None}
    if len(origins) != 1:
        return
    maker = origins.pop()
    if maker not in recipients:
        ev.add("agent", maker)
    elif maker in named and len(named) > 1:  # the maker among several signers: the seller
        ev.roles["recipient"] = [k for k in named if k != maker]
        ev.add("agent", maker)


def _origin(key: str, kb: KnowledgeBase) -> str | None:
    ent = kb.get(key)
    return ent.origin if ent is not None and ent.kind is EntityKind.WEAPON_SYSTEM else None


def _checked(
    frames: list[EventMention], t: Token, rm: ResolvedMentions, kb: KnowledgeBase, lx: Lex
) -> list[EventMention]:
    """Frames that say who gives or who gets, with persons standing for their states.

    A president who promises weapons promises them for his state: a person
    in the agent or recipient role is replaced by the state it is affiliated
    with. A transfer or deployment that names neither a giver nor a receiver
    ("les bombardiers lourds déployés", "sans fournir de preuve") is a mere
    mention of materiel, not an event. Troops mobilised, massed or stationed
    (lexicon ``needs_destination_verbs``) are a deployment only with a
    destination: "10 000 soldats mobilisés à la frontière" deploy nowhere.
    """
    out = []
    for ev in frames:
        for role in ("agent", "recipient"):
            keys = ev.roles.get(role, [])
            ev.roles[role] = list(dict.fromkeys(_state_of_person(k, rm, kb) for k in keys))
            if not ev.roles[role]:
                del ev.roles[role]
        for key in list(ev.roles.get("recipient", [])):
            state = _state_of_region(key, rm, kb)  # "arrivés à Gdynia": in Poland
            if state is not None:
                ev.add("recipient", state)
        if not (ev.has("agent") or ev.has("recipient")):
            continue
        if lemma(t) in lx.needs_destination and not ev.has("recipient"):
            continue
        out.append(ev)
    return out


def _state_of_person(key: str, rm: ResolvedMentions, kb: KnowledgeBase) -> str:
    """The state a person acts for ("le président américain" -> the United States), else key."""
    ref = rm.entities.get(key)
    if ref is None or ref.kind is not EntityKind.PERSON or not ref.affiliation:
        return key
    state = kb.get(ref.affiliation)
    if state is None or state.kind is not EntityKind.STATE:
        return key
    return state.key


def _state_of_region(key: str, rm: ResolvedMentions, kb: KnowledgeBase) -> str | None:
    """The state a place (not a capital) lies in, by the KB's ``part_of`` chain; else None."""
    ref = rm.entities.get(key)
    ent = kb.get(key)
    if ref is None or ref.kind is not EntityKind.PLACE or ent is None or ent.seat_of:
        return None
    for _ in range(4):
        nxt = kb.get(ent.part_of) if ent.part_of else None
        if nxt is None:
            return None
        if nxt.kind is EntityKind.STATE:
            return nxt.key
        ent = nxt
    return None


def _restates(t: Token, rm: ResolvedMentions, lx: Lex) -> bool:
    """True for a nominal trigger that only restates an earlier one of the same clause.

    "X a conclu des accords-cadres portant sur 48 avions, la plus grosse
    commande jamais passée": *commande* names no figure and no system of its
    own and follows another transfer noun governed by the same word.
    """
    if t.pos_ != "NOUN" or t.head.i == t.i:  # a root noun restates nothing
        return False
    own = [x for x in t.subtree if x.i != t.i]
    if any(x.like_num for x in own) or any(
        m.kind is EntityKind.WEAPON_SYSTEM for m in mentions_in(own, rm)
    ):
        return False
    siblings = [c for c in t.head.children if c.i < t.i] + [t.head]
    return any(
        c.pos_ == "NOUN" and {"transfer", "converse_transfer"} & set(trigger_groups(c, lx))
        for c in siblings
    )


def _folded(p: Token, top: Token, lx: Lex) -> bool:
    """True when ``p`` is a converse participle on a noun of ``top``'s phrase, ``top`` converse.

    "La Pologne a réceptionné le lot d'armes commandé à la Corée du Sud":
    the order and the delivery are one transfer, and the participle's
    *à* / *auprès de* complement is its supplier.
    """
    if p.i == top.i or p.dep_ != "acl" or "Part" not in p.morph.get("VerbForm"):
        return False
    if "converse_transfer" not in trigger_groups(top, lx):
        return False
    return "converse_transfer" in trigger_groups(p, lx) and top in p.ancestors


def _gerund_agent(t: Token, rm: ResolvedMentions, lx: Lex) -> list[Mention]:
    """The subject of the clause a gerund hangs on: "X a ouvert la voie en promettant 14 chars"."""
    if t.dep_ not in ("advcl", "acl") or "Part" not in t.morph.get("VerbForm"):
        return []
    if not any(c.lower_ == "en" and c.dep_ in ("mark", "case") for c in t.children):
        return []
    # the parser may hang the gerund on the clause's object ("surpris ses alliés en ...")
    verb = next((a for a in t.ancestors if a.pos_ in ("VERB", "AUX")), None)
    subj = subject_of(verb, lx) if verb is not None else None
    return [m for m in phrase_mentions(subj, rm) if is_actor(m)][:1] if subj is not None else []


def _materiel_demonyms(
    scope: list[Token], rm: ResolvedMentions, kb: KnowledgeBase, lx: Lex
) -> list[str]:
    """The states whose demonyms qualify the materiel nouns of a deployment's phrase.

    Positioned materiel is its owner's: "quatre sous-marins américains et un
    sous-marin britannique seront déployés" deploys for both, however the
    parser hung the nouns.
    """
    out: list[str] = []
    for tok in scope:
        if tok.pos_ != "NOUN" or not is_materiel(tok, rm, lx):
            continue
        for c in tok.children:
            state = kb.state_for_demonym(c.text) if c.dep_ == "amod" else None
            if state is not None and state.key not in out:
                out.append(state.key)
    return out[:2]


def _class_recipient(scope: list[Token], lx: Lex) -> bool:
    """True when the recipient is a class of states ("aux pays engagés dans une guerre").

    A plural class noun (lexicon ``class_recipient_nouns``) after *à* / *aux*,
    defined by a clause ("engagés dans...", "qui..."), names no one: the frame
    states a policy, and no recipient may be borrowed from elsewhere in the
    story. "aux pays baltes" is a group and stays.
    """
    return any(
        tok.lower_ in {w.lower() for w in lx.class_recipients}
        and case_of(tok) in ("à", "aux")
        and "Sing" not in tok.morph.get("Number")
        and _defined_class(tok)
        for tok in scope
    )


def _defined_class(tok: Token) -> bool:
    """A noun followed by its defining clause: "pays (activement) engagés", "pays qui..."."""
    if any(c.dep_ in ("acl", "acl:relcl") for c in tok.children):
        return True
    for x in tok.doc[tok.i + 1 : tok.i + 3]:
        if x.lower_ == "qui" or "Part" in x.morph.get("VerbForm"):
            return True
        if x.pos_ != "ADV":
            return False
    return False


def _relative_agent(t: Token, rm: ResolvedMentions, lx: Lex) -> list[Mention]:
    """The antecedent of a relative *qui* subject: "la Pologne, qui souhaite transférer..."."""
    subj = subject_of(t, lx) if t.pos_ in ("VERB", "AUX") else None
    if subj is None or subj.lower_ != "qui" or subj.head.dep_ != "acl:relcl":
        return []
    verb = subj.head
    if verb.i != t.i and (
        t.dep_ != "xcomp"
        or t.head.i != verb.i
        or any(c.dep_ in ("obj", "iobj") for c in verb.children)
    ):
        return []  # "qui a remercié les partenaires d'avoir acheminé": the object acts
    return [m for m in phrase_mentions(subj.head.head, rm) if is_actor(m)][:1]


def _split_compound_agent(t: Token, rm: ResolvedMentions, lx: Lex) -> list[Mention]:
    """The subject of a reflexive past split by an insertion: "X s'est à son tour engagé à livrer".

    The parser reads *s'est* as the main verb, hangs the insertion on it and
    the participle on the insertion's noun (``acl``): the infinitive under
    that participle has the subject of the reflexive *être*.
    """
    if t.dep_ != "xcomp" or "Inf" not in t.morph.get("VerbForm"):
        return []
    part = t.head
    if part.dep_ != "acl" or "Part" not in part.morph.get("VerbForm"):
        return []
    verb = part.head.head
    if part.head.dep_ not in ("obl", "obl:arg", "obl:mod") or lemma(verb) != "être":
        return []
    kids = list(verb.children)
    if not any(c.lower_ in ("s'", "s’", "se") and c.dep_.startswith("expl") for c in kids):
        return []
    subj = next((c for c in kids if c.dep_ == "nsubj"), None)
    return [m for m in phrase_mentions(subj, rm) if is_actor(m)][:1] if subj is not None else []


def _trailing_weapon(themes: list[Token], rm: ResolvedMentions) -> list[Mention]:
    """A system named right after a materiel theme the parser cut it from: "14 chars Leclerc".

    The name that follows the theme's phrase, with nothing in between, is the
    theme's apposition whatever the parser made of it.
    """
    out = []
    for h in themes:
        end = max(x.i for x in h.subtree) + 1
        m = rm.at(end) if end < len(h.doc) else None
        if m is not None and m.start == end and m.kind is EntityKind.WEAPON_SYSTEM:
            out.append(m)
    return out


def _subject_theme(t: Token, lem: str, lx: Lex) -> list[Token]:
    """The theme of a verb whose subject is what moves.

    "Quelque 2 500 marines sont arrivés à Darwin" (a verb of arrival) and
    "un millier de soldats restent stationnés au Tchad" (a participle
    predicated of the subject of *rester*, *être*, *demeurer*).
    """
    holder = None
    if lem in lx.arrival_verbs:
        holder = t
    elif t.dep_ == "xcomp" and "Part" in t.morph.get("VerbForm"):
        holder = t.head
    if holder is None:
        return []
    return [c for c in holder.children if c.dep_ in ("nsubj", "nsubj:pass")]


def _partners(
    t: Token, rm: ResolvedMentions, kb: KnowledgeBase, lx: Lex, ev: EventMention
) -> list[str]:
    """Suppliers named as the partners of a contract: "a conclu avec X et Y un contrat".

    A converse noun (contrat, commande, accord-cadre) governed by a verb
    (conclure, signer, passer) has its supplier in the verb's *avec* phrase
    (lexicon ``partner_preps``): the actors named from *avec* up to the
    noun, or in the phrase after it; a demonym on the partner noun ("les
    industriels sud-coréens") names the supplier's state. Returns the
    suppliers that are not states (companies, in text order) after adding
    the states to ``ev``'s agents.
    """
    if t.pos_ != "NOUN" or t.head.i == t.i or t.head.pos_ not in ("VERB", "AUX"):
        return []
    verb = t.head
    named: list[Mention] = []
    for c in verb.children:
        if c.i == t.i or case_of(c) not in lx.partner_preps:
            continue
        for a in c.children:
            state = kb.state_for_demonym(a.text) if a.dep_ == "amod" else None
            if state is not None:
                ev.add("agent", state.key)
        if c.i < t.i:
            span = [x for x in verb.doc[c.i : t.i] if x.i not in {y.i for y in t.subtree}]
        else:
            span = list(c.subtree)
        named += [m for m in mentions_in(span, rm) if is_actor(m) and m not in named]
    recipients = set(ev.roles.get("recipient", []))
    out = []
    for m in named:
        if m.key in recipients:
            continue
        if m.kind is EntityKind.STATE:
            ev.add("agent", m.key)
        elif m.key not in out:
            out.append(m.key)
    return out


def _listed_items(t: Token, rm: ResolvedMentions, lx: Lex) -> list[Token]:
    """Counted, named materiel listed under a transfer noun or verb, when there are several.

    "des accords portant sur 1 000 chars K2, 600 obusiers K9 et 48 FA-50":
    the parser scatters the items (``nmod``, ``appos``, ``conj``); every
    materiel noun in the trigger's phrase that has its own figure (not a
    calibre inside a name) and names a weapon system is one item, unless it
    sits inside another item's own phrase.
    """
    cands = []
    for tok in t.subtree:
        if tok.i == t.i or tok.pos_ not in ("NOUN", "PROPN") or not _counts(tok, rm):
            continue
        if not is_materiel(tok, rm, lx):
            continue
        if not any(m.kind is EntityKind.WEAPON_SYSTEM for m in mentions_in(own_phrase(tok), rm)):
            continue
        cands.append(tok)
    inner = {x.i for c in cands for x in own_phrase(c) if x.i != c.i}
    items = [c for c in cands if c.i not in inner]
    return items if len(items) > 1 else []


def _counts(tok: Token, rm: ResolvedMentions) -> bool:
    """True when ``tok`` carries a figure that counts it, not one of a name ("de 240 mm")."""
    return any(
        c.like_num and c.dep_ in ("nummod", "det") and rm.at(c.i) is None for c in tok.children
    )


def _place_noun_destination(
    t: Token, ev: EventMention, rm: ResolvedMentions, kb: KnowledgeBase, lx: Lex
) -> str | None:
    """A destination named by a common noun: "vers le sud du pays", "dans la région".

    A compass point (lexicon ``compass_nouns``) of a named state or place is
    that state or place; of "le pays", the state of the agent (an army sent
    to its own south) or else the last state named. An anaphoric region noun
    ("la région", "la zone": ``anaphoric_place_nouns``) with a definite
    article and no complement is the last place named in the article.
    """
    preps = lx.recipient_preps | lx.place_preps
    for tok in t.children:
        # the tagger often reads "l'est de" as the verb *être*
        noun = tok.pos_ == "NOUN" or tok.lower_ in lx.compass_nouns
        if not noun or case_of(tok) not in preps or rm.at(tok.i) is not None:
            continue
        if tok.lower_ in lx.compass_nouns:
            comp = next((c for c in tok.children if c.dep_ == "nmod" and case_of(c) in OF), None)
            if comp is None:
                continue
            m = rm.at(comp.i)
            whole: str | None = None
            if m is not None and m.kind in (EntityKind.STATE, EntityKind.PLACE):
                whole = m.key
            elif comp.lower_ in lx.country_nouns:
                whole = _state_of(ev.roles.get("agent", []), rm)
                if whole is None:
                    found = _last_before(t, rm, (EntityKind.STATE,), kb)
                    whole = found.key if found is not None else None
            if whole is not None:
                return _region_of(tok.lower_, whole, kb) or whole
        elif _bare_definite(tok) and tok.lower_ in lx.anaphoric_places:
            found = _last_before(t, rm, (EntityKind.PLACE,), kb)
            return found.key if found is not None else None
    return None


def _region_of(compass: str, whole: str, kb: KnowledgeBase) -> str | None:
    """The KB place named "<compass> de <whole>" ("sud du Liban" -> Sud-Liban), if any."""
    ent = kb.get(whole)
    if ent is None:
        return None
    for name in ent.aliases:
        for prep in ("du ", "de la ", "de l'", "des ", "de "):
            for found in kb.lookup(f"{compass} {prep}{name}"):
                if found.kind is EntityKind.PLACE:
                    return found.key
    return None


def _bare_definite(tok: Token) -> bool:
    """A noun with a definite or demonstrative article and no complement: "la région"."""
    kids = list(tok.children)
    definite = any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in kids)
    return definite and not any(c.dep_ in ("nmod", "amod", "acl") for c in kids)


def _state_of(keys: list[str], rm: ResolvedMentions) -> str | None:
    """The state among ``keys``, or the state the first affiliated one belongs to."""
    for key in keys:
        ref = rm.entities.get(key)
        if ref is None:
            continue
        if ref.kind is EntityKind.STATE:
            return key
        if ref.affiliation:
            return ref.affiliation
    return None


def _last_before(
    t: Token, rm: ResolvedMentions, kinds: tuple[EntityKind, ...], kb: KnowledgeBase
) -> Mention | None:
    """The last mention of one of ``kinds`` before ``t`` in the article.

    Capitals are skipped: in news copy they stand for their governments
    ("Bakou a présenté"), not for a region.
    """
    for m in sorted(rm.mentions, key=lambda x: -x.start):
        if m.start >= t.i or m.kind not in kinds:
            continue
        ent = kb.get(m.key)
        if ent is not None and ent.seat_of:
            continue
        return m
    return None


def _raised_complements(t: Token) -> list[Token]:
    """An "à" complement after an infinitive trigger that the parser hung on its governor.

    "L'Allemagne prévoit de livrer des chars Leopard à l'Ukraine": a name
    misread inside the object ("Leopard" as punctuation) makes the parser
    hang "à l'Ukraine" on "prévoit"; after the infinitive it completes the
    infinitive, not the verb of planning.
    """
    if t.pos_ != "VERB" or t.dep_ != "xcomp" or t.head.i > t.i:
        return []
    return [
        x
        for c in t.head.children
        if c.dep_ in ("obl", "obl:arg") and c.i > t.i and case_of(c) in ("à", "au", "aux")
        for x in c.subtree
    ]


def _recipients(
    t: Token,
    sent: Span,
    rm: ResolvedMentions,
    lx: Lex,
    exclude: set[int],
    *,
    deployment: bool = False,
    extra: list[Token] | None = None,
) -> list[Mention]:
    """States and places the trigger's phrase sends things to ("à Kiev", "en Russie").

    ``extra`` tokens (:func:`stranded_complements`) count as the trigger's
    phrase whatever their label ("le déploiement de soldats en Estonie a
    débuté": *Estonie* is the verb's ``nsubj`` for the parser).

    Troops also go *dans* a place ("déployés dans le Donbass"). A place
    under a border noun is where forces stand, not a state they enter: "massés
    à la frontière avec l'Ukraine" sends nothing to Ukraine.
    """
    preps = lx.recipient_preps | {"dans"} if deployment else lx.recipient_preps
    out = []
    stranded = {x.i for x in extra or []}
    for tok in [*t.subtree, *(extra or [])]:
        if tok.i in exclude:
            continue
        m = rm.at(tok.i)
        if m is None or (m.start != tok.i and rm.at(tok.i - 1) is m):
            continue
        if m.kind not in (EntityKind.STATE, EntityKind.PLACE) and not m.kind.is_agency:
            continue
        head = sent.doc[m.start : m.end].root
        path = _between(head, t.head if head.i in stranded else t)
        if any(a.lower_ in lx.border_nouns for a in path):
            continue
        case = next((c for c in head.children if c.dep_ == "case"), None)
        before = sent.doc[case.i - 1] if case is not None and case.i > 0 else None
        # a noun inside a name ("drones d'attaque") is no other event
        if any(
            a.pos_ == "NOUN" and _other_event_noun(a, lx) and rm.at(a.i) is None for a in path
        ) or (
            before is not None
            and before.pos_ == "NOUN"
            and _other_event_noun(before, lx)
            and rm.at(before.i) is None
        ):
            continue  # "des armes destinées à la guerre en Ukraine": the war's place
        subject = head.dep_ == "nsubj" and head.i not in stranded
        if case_of(head) in preps and not subject and m not in out:
            if head.head.dep_ == "advcl" and head.head.i != t.i:
                continue  # "pour appuyer l'armée russe": not where things go
            out.append(m)
    for m in list(out):  # "à la Pologne, la Slovaquie et la Tchéquie": one preposition for all
        for other in _coordinated_places(m, sent, rm):
            if other not in out and not any(i in exclude for i in range(other.start, other.end)):
                out.append(other)
    return out


def _coordinated_places(m: Mention, sent: Span, rm: ResolvedMentions) -> list[Mention]:
    """States and places coordinated with ``m`` without a preposition of their own.

    The parse's conjuncts of the mention's head, and the names listed right
    after it (:func:`_listed_after`); a conjunct with its own preposition was
    read on its own, and one that is a subject starts another clause.
    """
    doc = sent.doc
    root = doc[m.start : m.end].root
    found = [rm.at(c.i) for c in conjuncts(root) if case_of(c) is None]
    found += _listed_after(m, sent, rm)
    out: list[Mention] = []
    for o in found:
        if o is None or o in out or o.kind not in (EntityKind.STATE, EntityKind.PLACE):
            continue
        after = doc[o.end] if o.end < len(doc) else None
        if doc[o.start : o.end].root.dep_ in ("nsubj", "nsubj:pass") or (
            after is not None and (after.pos_ in ("AUX", "VERB") or after.like_num)
        ):
            continue  # the subject of a new or gapped clause: "et la Norvège 24"
        out.append(o)
    return out


def _other_event_noun(tok: Token, lx: Lex) -> bool:
    """True for a noun that names an event other than a transfer ("guerre", "offensive")."""
    if tok.lower_ in lx.clash_nouns:
        return True
    groups = set(trigger_groups(tok, lx))
    return bool(groups) and not groups & {"transfer", "converse_transfer"}


def _between(tok: Token, top: Token) -> list[Token]:
    """The tokens on the dependency path from ``tok`` up to ``top`` (both excluded)."""
    out = []
    for a in tok.ancestors:
        if a.i == top.i:
            break
        out.append(a)
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
            if c.dep_ in ("conj", "obj") and _own_count(c, rm) and is_materiel(c, rm, lx):
                out.append(c)
    for item in list(out):  # "600 obusiers K9 et 48 avions FA-50": conjuncts of items
        out += [
            c
            for c in item.children
            if c.dep_ == "conj" and c not in out and _own_count(c, rm) and is_materiel(c, rm, lx)
        ]
    return sorted(out, key=lambda x: x.i)


def _own_count(tok: Token, rm: ResolvedMentions) -> bool:
    """True when ``tok`` is or carries a figure of its own, not the number of a name.

    "12 chars Leopard 2": the parser may make *Leopard* a second object
    counted by the "2" of its name; that is no second item.
    """
    return (tok.like_num and rm.at(tok.i) is None) or _counts(tok, rm)


def _gapped(ev: EventMention, theme: Token | None, rm: ResolvedMentions) -> list[EventMention]:
    """Frames of a gapped coordination: "X a promis 24 avions et Y 19" -> Y promised 19.

    After the theme, an actor introduced by "et" and followed by a bare
    figure of its own (not a number of a name), in the trigger's phrase, is
    the subject of an elided copy of the verb, wherever the parser hung it
    (a conjunct of the object, an ``obl:arg`` of the verb...). The copy keeps
    the recipient and the weapons and takes the actor as its agent; its
    ``theme`` is the actor's last token so that the figure right after it is
    counted for it ("et les Pays-Bas 24").
    """
    if theme is None or "agent" not in ev.roles:
        return []
    doc = theme.doc
    taken = {k for vals in ev.roles.values() for k in vals}
    out = []
    seen: list[Mention] = []
    for tok in ev.trigger.subtree:
        m = rm.at(tok.i)
        if m is None or m in seen or m.start <= theme.i or not m.kind.is_actor:
            continue
        seen.append(m)
        before = m.start - 1
        while before > theme.i and doc[before].pos_ == "DET":
            before -= 1
        after = doc[m.end] if m.end < len(doc) else None
        if doc[before].lower_ != "et" or after is None or not after.like_num:
            continue
        if rm.at(after.i) is not None or m.key in taken:
            continue
        twin = EventMention(ev.kind, ev.trigger, ev.sentence, theme=doc[m.end - 1])
        twin.add("agent", m.key)
        for role in ("recipient", "weapon"):
            for v in ev.roles.get(role, []):
                twin.add(role, v)
        out.append(twin)
    return out


def _partitive_antecedent(
    t: Token, rm: ResolvedMentions, lx: Lex, materiel: list[Token], kb: KnowledgeBase
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
    found = last_mention_before(t, rm, EntityKind.WEAPON_SYSTEM)
    if not found and generic and (has_figure or any(counted(h) for h in materiel)):
        # "la Belgique s'est engagée à livrer 30 chasseurs": a story about one system
        # names it once and then counts "appareils", "chasseurs" paragraphs later
        found = _last_weapon_in_article(t, rm, kb)
    return found


def _last_weapon_in_article(t: Token, rm: ResolvedMentions, kb: KnowledgeBase) -> list[Mention]:
    """The one system (a KB weapon with an ``origin``) named before ``t`` in the article.

    Classes ("avion de combat") have no origin and do not count; two systems
    named make the generic noun ambiguous: none.
    """
    before = [
        m
        for m in rm.mentions
        if m.kind is EntityKind.WEAPON_SYSTEM and m.end <= t.i and _origin(m.key, kb)
    ]
    keys = {m.key for m in before}
    if len(keys) != 1:
        return []
    return [max(before, key=lambda m: m.start)]
