"""Military operations and weapon tests (a launch with a target is an attack)."""

from __future__ import annotations

from spacy.tokens import Span, Token

from newskg.extract.entities import Mention, ResolvedMentions
from newskg.extract.events.frame import EventMention
from newskg.extract.events.lex import Lex
from newskg.extract.events.syntax import (
    OF,
    POSSESSIVES,
    SUBJ_DEPS,
    after_locative,
    agent_from,
    antecedent,
    bare_argument,
    capture_of,
    case_of,
    conjunct_base,
    conjuncts,
    counted_item,
    dont_possessor,
    elided_object,
    has_possessive,
    inverted_subject,
    is_actor,
    is_materiel,
    mentions_in,
    nationality,
    other_listed_sides,
    outer_case,
    own_subtree,
    path_up,
    phrase_mentions,
    relative_antecedent,
    side_of,
    state_of_place,
    subject_of,
    trigger_groups,
)
from newskg.kb import KnowledgeBase
from newskg.model import EntityKind, EventKind
from newskg.nlp.lemmas import lemma

# Actors that speak for a state's forces without being them: a ministry, a staff, an agency.
_OFFICES = frozenset({EntityKind.GOVERNMENT_BODY, EntityKind.AGENCY})
_CLITICS = frozenset({"le", "la", "les", "l'", "l’"})  # "les avaient employés" (tagged DET)


def operation_frame(
    t: Token,
    sent: Span,
    rm: ResolvedMentions,
    kb: KnowledgeBase,
    lx: Lex,
    mentions: list[Mention],
) -> EventMention | None:
    """A military operation: who strikes (agent), whom (opponent), where (place), with what."""
    ev = EventMention(EventKind.MILITARY_OPERATION, t, sent)
    if t.pos_ == "PROPN" and not _lexical_trigger(t, lx):
        return _conjoined_capture(t, sent, rm, kb, lx)
    if not _is_operation(t, rm, lx) or _manner_of_another(t, lx) or _unrealised(t, lx):
        return None
    if lemma(t) in lx.entry_verbs:
        return _entry(t, sent, rm, kb, lx)
    passive = _passive_participle(t, lx)
    if passive:
        # "Envahie par X en 1939, la Finlande...": the clause's subject is the target
        patient = t.head if t.dep_ in ("acl", "amod") else None
        if patient is None:  # the clause's subject, active or passive
            patient = next((c for c in t.head.children if c.dep_ in SUBJ_DEPS), None)
        pm = rm.at(patient.i) if patient is not None else None
        if pm is not None and pm.kind is EntityKind.PLACE:
            ev.add("place", pm.key)
        elif pm is not None and pm.kind.is_actor:
            ev.add("opponent", pm.key)
    else:
        for m in agent_from(t, rm, kb, lx):
            ev.add("agent", m.key)
    if t.pos_ == "NOUN" and t.dep_ == "nsubj:pass" and lemma(t.head) in lx.light_verbs:
        # "l'offensive a été lancée par une coalition menée par HTS"
        for c in t.head.children:
            by = c.dep_ == "obl:agent" or (c.dep_.startswith("obl") and case_of(c) == "par")
            if by and not ev.has("agent"):
                found = [m for m in phrase_mentions(c, rm) if is_actor(m)]
                for m in found[:1]:
                    ev.add("agent", m.key)
    scope = own_subtree(t, lx)
    light = t.head if t.dep_ == "obj" or bare_argument(t) else None
    if t.dep_ == "nmod" and t.head.lower_ in lx.transparent and t.head.dep_ == "obj":
        light = t.head.head  # "une série de frappes"
        scope += [x for x in t.head.subtree if x.i not in {y.i for y in scope}]
    if t.pos_ == "NOUN" and light is not None and lemma(light) in lx.light_verbs:
        # "a lancé une attaque [...] contre Kharkiv": the light verb's obliques count
        scope += [x for c in light.children if c.dep_.startswith("obl") for x in c.subtree]
    elif t.pos_ == "NOUN":
        scope += _stranded_targets(t, lx)  # "a mené dans la nuit des frappes sur Beyrouth"
    nested = _nested_operations(t, scope, lx)
    scope = [x for x in scope if x.i not in nested]
    mentions = [m for m in mentions if m.start not in nested]
    # the trigger's direct argument: "attaquer l'Ukraine", "s'emparer d'Alep",
    # "prendre le contrôle de Homs", "la prise d'Alep", "les frappes de l'armée"
    heads = {t.i} | {
        c.i
        for c in t.children
        if c.pos_ == "NOUN"
        # "a frappé des positions du Hezbollah": the partitive object is often read as
        # a "de" oblique; "des positions du Hezbollah ont été bombardées": the passive subject
        and (c.dep_ in ("obj", "nsubj:pass") or (c.dep_ == "obl:arg" and case_of(c) in OF))
    }
    objectish = t.lower_ in lx.invasion or lemma(t) in lx.invasion
    launch = t.lower_ in lx.launch or lemma(t) in lx.launch  # "tirer vers X" aims at X
    inverted = inverted_subject(t) if t.pos_ == "VERB" else None
    for m in mentions_in(scope, rm):
        root = sent.doc[m.start : m.end].root
        if root.i != t.i and _own_capture(root, lx):
            continue  # "s'emparer d'Alep, puis de Hama": Hama is a capture of its own
        # "a bombardé Kharkiv et Odessa", "a frappé le Liban puis la Syrie": a later
        # conjunct stands where the first one does
        elided = elided_object(root) and root.head.i == t.i
        # "a frappé Beyrouth jeudi": a bare name the parser read as a time modifier
        elided = elided or (
            root.head.i == t.i
            and t.pos_ == "VERB"
            and root.pos_ == "PROPN"
            and root.dep_ in ("obl", "obl:mod")
            and case_of(root) is None
            and not any(c.dep_ == "obj" for c in t.children)
        )
        base = t if elided else conjunct_base(root)
        base_dep = "obj" if elided else base.dep_
        if inverted is not None and base.i == inverted.i:
            continue  # "les drones qu'a abattus l'armée": the inverted subject fires
        case = case_of(root)
        outer = outer_case(root, t)
        if (
            m.kind is EntityKind.PLACE
            and case in OF
            and root.head.lower_ in lx.compass_nouns
            and case_of(root.head) in lx.place_preps
        ):
            continue  # "au sud de Tinzaouatène": a landmark, not where it happened
        if case in OF and outer is None and root.dep_ == "conj" and case_of(root.head) in OF:
            outer = outer_case(root.head, t)  # "les régions de Voronej et de Lipetsk"
        if case in OF and outer is not None:
            # "contre les bastions du Hezbollah", "sur la région de Briansk": the
            # complement's preposition says what role the named entity plays
            case = outer
        if case is None and root.dep_ == "conj":
            # "une quarantaine de missiles sur Kiev, Dnipro et Kryvyï Rih", the conjuncts
            # hung on the noun above the first: the preposition of the first place before
            prior = [
                c
                for c in root.head.children
                if c.i < root.i and c.dep_ == "nmod" and case_of(c) in lx.target_preps
            ]
            pm = rm.at(prior[-1].i) if prior else None
            if pm is not None and pm.kind is EntityKind.PLACE:
                case = case_of(prior[-1])
        if case is None and root.dep_ == "conj" and root.head.i != t.i:
            # "sur Kiev, Dnipro et Kryvyï Rih": a conjunct shares its head's preposition
            case = case_of(root.head)
            outer = outer_case(root.head, t) if case in OF else None
            if outer is not None:
                case = outer
        capture = t.pos_ == "VERB" and lemma(t) in lx.capture_verbs | lx.direct_capture_verbs
        if capture and m.kind is not EntityKind.PLACE and base.head.i == t.i:
            if is_actor(m) and case in lx.capture_from_preps:
                ev.add("opponent", m.key)  # "a repris Khartoum aux FSR": who loses it
                continue
            taken = (
                base_dep == "obj" or bare_argument(base) or (case in OF and base.dep_ != "nsubj")
            )
            capital = _capital_named(m, sent, kb) if taken else None
            if capital is not None:
                ev.add("place", capital)  # "a repris Khartoum": the city, not the state
                continue
        if not capture and t.pos_ == "VERB" and base.head.i == t.i and base_dep == "obj":
            capital = _capital_named(m, sent, kb)
            if capital is not None:  # "a bombardé Kiev": the city is where it strikes
                ev.add("place", capital)
        toward = launch and case in lx.launch_target_preps  # "tiré des roquettes vers Haïfa"
        if m.kind is EntityKind.PLACE and (case in lx.opponent_preps | lx.place_preps or toward):
            ev.add("place", m.key)  # "une attaque contre Kharkiv": where it strikes
            continue
        if m.kind is EntityKind.PLACE and case in OF and _named_member(root.head, t, lx):
            ev.add("place", m.key)  # "sur trois bases, dont celle de Nour Khan"
            continue
        if m.kind is EntityKind.PLACE and case is None and _listed_target(root, t, lx):
            ev.add("place", m.key)  # "sur deux villes israéliennes, dont Haïfa"
            continue
        direct = (base.head.i in heads or elided) and root.i != t.i
        if m.kind is EntityKind.PLACE:
            if direct and (case is None or case in OF) and base_dep != "nsubj":
                ev.add("place", m.key)
            continue
        if not is_actor(m) or root.i == t.i:
            continue
        aimed = case in lx.target_preps or (launch and case in lx.launch_target_preps)
        if case in lx.opponent_preps or (aimed and m.kind is EntityKind.STATE):
            ev.add("opponent", m.key)  # "contre le Hezbollah", "des missiles sur Israël"
        elif case in lx.agent_preps and t.i in (root.head.i, root.head.head.i):
            # "les attaques subies par les troupes": who suffers them is the target
            suffered = lemma(root.head) in lx.suffer_verbs
            ev.add("opponent" if suffered else "agent", m.key)
        elif direct and case in OF and t.pos_ == "NOUN":
            # "l'invasion de l'Ukraine": the invaded; "l'offensive du Hamas": who attacks;
            # "les attaques des Houthis contre des navires": with a target named, or when
            # an armed force or group is named, the "de" complement is who attacks
            armed = m.kind in (EntityKind.ARMED_GROUP, EntityKind.ARMED_FORCE)
            # "l'invasion de Moscou": a capital standing for its state is the government
            # that acts; "l'invasion de la Russie" names the country invaded
            seat = any(e.seat_of == m.key for e in kb.lookup(sent.doc[m.start : m.end].text))
            attacker = not objectish or armed or seat or _has_target(t, lx)
            ev.add("agent" if attacker else "opponent", m.key)
        elif direct and case is None and base_dep in ("obj", "nsubj:pass") and objectish:
            ev.add("opponent", m.key)  # "attaquer l'Ukraine", "l'Ukraine a été attaquée"
        elif (
            direct
            and case in OF
            and objectish
            and t.pos_ == "VERB"
            and base.head.i != t.i
            and not after_locative(root)  # "abattu un drone au-dessus du Yémen": where
        ):
            ev.add("opponent", m.key)  # "a frappé des positions du Hezbollah": whose they are
    ante = relative_antecedent(t) if t.pos_ == "VERB" else None
    # "Kharkiv et Odessa, que l'armée a bombardées": the whole coordination is struck
    first = conjunct_base(ante) if ante is not None else None
    for a in [first, *conjuncts(first)] if first is not None else []:
        am = rm.at(a.i)
        if am is not None and am.kind is EntityKind.PLACE:
            ev.add("place", am.key)  # "Kharkiv, que l'armée a bombardée"
        elif am is not None and am.kind.is_actor and objectish:
            ev.add("opponent", am.key)  # "le Hezbollah, qu'Israël a frappé"
    if objectish and t.pos_ == "VERB" and not ev.has("opponent"):
        for c in t.children:  # "a abattu des drones indiens": whose they were
            cm = rm.at(c.i)
            if c.dep_ == "obj" and (cm is None or not cm.kind.is_actor):
                # "la plupart des missiles tirés par l'Iran": the missiles counted
                state = side_of(counted_item(c), rm, kb)
                if state is not None:
                    ev.add("opponent", state)
    for m in mentions_in(own_subtree(t, lx), rm):
        if m.kind is EntityKind.WEAPON_SYSTEM and m.start not in nested:
            target = _target_noun(sent.doc[m.start : m.end].root, t, lx)
            if target is not None:
                # "une attaque contre un porte-avions américain": the target's side is the
                # opponent; the ship is what is struck, not the arm used
                side = side_of(target, rm, kb)
                if side is not None and not ev.has("opponent"):
                    ev.add("opponent", side)
                continue
            # "des missiles ATACMS ont été tirés sur": the head system only, not the
            # breakdown that follows it ("cinq avions, dont trois Rafale et un MiG-29")
            ev.add("weapon", m.key)
            break
    _suffered(t, ev, rm, lx)  # "Kiev a subi une vague de missiles": the target, not the agent
    if not ev.has("agent") and t.pos_ in ("VERB", "AUX"):
        subj = subject_of(t, lx)
        state = nationality(subj, rm, kb) if subj is not None else None
        if state is None and subj is not None:
            state = _barrage_side(subj, rm, kb, lx)  # "une vague de frappes russes a visé"
        if state is not None and rm.at(subj.i) is None:
            ev.add("agent", state)  # "l'aviation indienne a abattu"
        owner = dont_possessor(t) if subj is not None and rm.at(subj.i) is None else None
        om = rm.at(owner.i) if owner is not None else None
        if om is not None and om.kind.is_actor and not ev.has("agent"):
            ev.add("agent", om.key)  # "Israël, dont l'aviation a frappé": Israel's air force
    if not ev.has("agent") and t.pos_ == "NOUN":
        for key in _relative_light_agents(t, rm, lx):  # "l'offensive que la Russie a lancée"
            ev.add("agent", key)
    if not ev.has("agent") and t.pos_ == "NOUN":
        for key in _participle_agents(t, rm, lx):  # "l'attaque, revendiquée par le JNIM"
            ev.add("agent", key)
    if not ev.has("agent") and t.pos_ == "NOUN":
        for c in t.children:  # "l'invasion russe", "une offensive ukrainienne"
            state = kb.state_for_demonym(c.text) if c.dep_ == "amod" else None
            if state is not None:
                ev.add("agent", state.key)
    if not ev.has("agent") and t.pos_ == "NOUN":
        # "une vague de missiles russes", "des attaques de drones et d'artillerie
        # ukrainiens": whose the arms fired are
        fired = _barrage_materiel(t, rm, lx)
        for x in [fired, *fired.conjuncts] if fired is not None else []:
            state = side_of(x, rm, kb)
            if state is not None:
                ev.add("agent", state)
                break
    if not ev.has("agent") and lemma(t) in lx.hit_verbs:
        cause = _hit_by_arms(t, rm, lx)  # "touché par un missile russe": Russia strikes
        side = side_of(counted_item(cause), rm, kb) if cause is not None else None
        if side is not None:
            ev.add("agent", side)
    if not ev.has("agent") and not passive:
        for key in _fallback_agents(t, rm, kb, lx):
            ev.add("agent", key)
    if not passive:
        for key in _listed_sides(t, ev, rm, kb, lx):
            ev.add("agent", key)  # "les troupes russes et nord-coréennes ont attaqué"
    for key in list(ev.roles.get("agent", [])):
        # "le ministère de la Défense a frappé", "l'état-major a revendiqué une frappe":
        # a ministry or staff does not fight, the state whose forces act does
        ref = rm.entities.get(key)
        if ref is not None and ref.kind in _OFFICES and ref.affiliation is not None:
            ev.add("agent", ref.affiliation)
    for m in mentions:
        if m.kind is EntityKind.PLACE and case_of(sent.doc[m.start : m.end].root) in lx.place_preps:
            ev.add("place", m.key)
    if not ev.has("place"):
        for key in _located_target(t, rm, kb, lx):  # "deux aérodromes situés près de Damas"
            ev.add("place", key)
    if not ev.has("place"):
        for key in _anaphoric_target(t, scope, rm, lx):  # "contre cette enclave"
            ev.add("place", key)
    for m in mentions_in(sent, rm):
        if m.kind is EntityKind.PLACE and not ev.has("place"):
            root = sent.doc[m.start : m.end].root
            if case_of(root) in ("dans",):
                ev.add("place", m.key)
    if not ev.has("opponent"):
        side = _target_side(t, rm, kb, lx)  # "des drones sur deux villes israéliennes"
        if side is not None and side not in ev.roles.get("agent", []):
            ev.add("opponent", side)
    if not ev.has("opponent"):
        for key in _possessed_target(t, rm, kb, lx):  # "d'avoir visé des sites sur son sol"
            if key not in ev.roles.get("agent", []):
                ev.add("opponent", key)
    _suffered(t, ev, rm, lx)
    for k in ev.roles.get("agent", []):  # an actor never attacks itself
        if k in ev.roles.get("opponent", []):
            ev.roles["opponent"].remove(k)
    if not ev.roles.get("opponent", True):
        del ev.roles["opponent"]
    if not ev.roles or set(ev.roles) == {"weapon"}:
        return None  # a weapon alone says neither who acts, against whom, nor where
    if (t.lower_ in lx.needs_armed_target or lemma(t) in lx.needs_armed_target) and not (
        _armed(ev, rm) and _has_target(t, lx)
    ):
        return None  # "une marche sur Moscou": a column of fighters, not a demonstration
    if (t.lower_ in lx.needs_agent or lemma(t) in lx.needs_agent) and not ev.has("agent"):
        return None  # "la frappe a détruit des maisons": a loss, not an operation of its own
    return ev


def weapon_test_frame(
    t: Token,
    sent: Span,
    rm: ResolvedMentions,
    kb: KnowledgeBase,
    lx: Lex,
    mentions: list[Mention],
) -> EventMention | None:
    """A weapon test: the weapons named around the trigger and who fires them."""
    ev = EventMention(EventKind.WEAPON_TEST, t, sent)
    weapons = [m for m in mentions if m.kind is EntityKind.WEAPON_SYSTEM]
    if not weapons:
        return _unnamed_test(t, ev, rm, kb, lx)
    # "un missile balistique intercontinental (ICBM) Hwasong-18": the system, not its class
    weapons = _named_systems(weapons, kb)
    for m in weapons:
        ev.add("weapon", m.key)
    agents = agent_from(t, rm, kb, lx)
    if not agents and t.pos_ == "NOUN" and t.head.pos_ == "VERB":
        agents = [
            m
            for c in t.head.children
            if c.dep_ in SUBJ_DEPS
            for m in phrase_mentions(c, rm)
            if is_actor(m)
        ]
    for m in agents:
        ev.add("agent", m.key)
    if not ev.has("agent"):
        # "un Hwasong-18 a été tiré": a state tests its own weapons; the KB says whose
        for m in weapons:
            ent = kb.get(m.key)
            if ent is not None and ent.origin is not None:
                ev.add("agent", ent.origin)
                break
    return ev


def _unnamed_test(
    t: Token, ev: EventMention, rm: ResolvedMentions, kb: KnowledgeBase, lx: Lex
) -> EventMention | None:
    """A launch of unnamed materiel by a state: "la Corée du Nord a tiré un missile".

    Only for a launch verb (``launch_triggers``). With no weapon named, the
    launched thing (the object, the passive subject, the noun a participle or
    an object relative describes: "le missile qu'a tiré X") must be materiel,
    and the one firing it a state (a group firing rockets without a target is
    not testing them).
    """
    if t.pos_ != "VERB" or lemma(t) not in lx.launch:
        return None  # "pourrait tester des armes": testing unnamed arms says too little
    launched = [c for c in t.children if c.dep_ in ("obj", "nsubj:pass")]
    ante = relative_antecedent(t)
    if ante is not None:
        launched = [ante]
    elif t.dep_ in ("acl", "amod"):
        launched.append(t.head)
    if not any(is_materiel(x, rm, lx) for x in launched):
        return None
    for m in agent_from(t, rm, kb, lx):
        if m.kind is EntityKind.STATE:
            ev.add("agent", m.key)
    return ev if ev.has("agent") else None


def launch_kind(
    t: Token,
    kind: EventKind,
    sent: Span,
    rm: ResolvedMentions,
    lx: Lex,
    kb: KnowledgeBase | None = None,
) -> EventKind:
    """A launch ("tirer", "tir", "lancement") is a test without a target, else an attack.

    "des missiles ont été tirés sur Kharkiv" is an operation; "a tiré un
    missile vers la mer" or "un tir d'essai" is a test: a test cue anywhere
    around the trigger wins, then a target ("sur X", "contre X") makes it an
    operation.
    """
    low, lem = t.lower_, lemma(t)
    if low not in lx.launch and lem not in lx.launch:
        return kind
    if EventKind.MILITARY_OPERATION.value in trigger_groups(t.head, lx) and t.head.i != t.i:
        return EventKind.MILITARY_OPERATION  # "ont riposté en tirant un missile"
    around = [x for x in t.subtree] + [t.head] + list(t.head.children)
    if lemma(t) in lx.light_verbs and not _fires_materiel(t, rm, lx):
        return kind  # "lancer une offensive": the light verb's noun carries the frame
    if any(x.lower_ in lx.test_cues or lemma(x) in lx.test_cues for x in around):
        return EventKind.WEAPON_TEST
    subj = subject_of(t, lx) if t.pos_ == "VERB" else None
    if subj is not None and rm.at(subj.i) is None and is_materiel(subj, rm, lx):
        # "des navires et un sous-marin tiraient des missiles": ships and aircraft
        # firing are in combat; a test is reported with the state that carries it out
        return EventKind.MILITARY_OPERATION
    aimed = _has_target(t, lx) or _aimed_at_actor(t, rm, kb, lx)
    return EventKind.MILITARY_OPERATION if aimed else EventKind.WEAPON_TEST


def _aimed_at_actor(t: Token, rm: ResolvedMentions, kb: KnowledgeBase | None, lx: Lex) -> bool:
    """A launch pointed at a state, an actor or a place on land: "vers le nord d'Israël".

    A ``launch_target_preps`` phrase ("vers X") under the trigger whose words
    name a state, an actor or a place of a state ("vers Haïfa"; the parser may
    hang it on the origin before it: "depuis Gaza vers le sud d'Israël");
    "vers la mer", "vers la mer du Japon" (a sea lies in no state) leave a test.
    """
    for x in t.subtree:
        if x.i == t.i or case_of(x) not in lx.launch_target_preps:
            continue
        for y in x.subtree:
            m = rm.at(y.i)
            if m is None:
                continue
            if m.kind.is_actor:
                return True
            if m.kind is EntityKind.PLACE and kb is not None and state_of_place(m, kb):
                return True
    return False


def _armed(ev: EventMention, rm: ResolvedMentions) -> bool:
    """Whether an agent of ``ev`` is an armed force or group."""
    armed = (EntityKind.ARMED_GROUP, EntityKind.ARMED_FORCE)
    return any(
        (ref := rm.entities.get(k)) is not None and ref.kind in armed
        for k in ev.roles.get("agent", [])
    )


def _has_target(t: Token, lx: Lex) -> bool:
    """A "sur X" / "contre X" complement under the trigger (the parser may hang it lower).

    The head may be a pronoun or a quantifier: "sur trois de ses bases", "sur
    plusieurs de ses villes".
    """
    return any(
        x.i != t.i
        and case_of(x) in lx.target_preps
        and (x.pos_ in ("NOUN", "PROPN", "PRON", "NUM") or (x.pos_ == "DET" and x.dep_ != "det"))
        for x in t.subtree
    )


def _fires_materiel(t: Token, rm: ResolvedMentions, lx: Lex) -> bool:
    """True when a launch verb's object is materiel: "lancer des missiles", not "une offensive"."""
    ante = relative_antecedent(t)  # "la roquette qu'a lancée X"
    return (
        any(c.dep_ in ("obj", "nsubj:pass") and is_materiel(c, rm, lx) for c in t.children)
        or (t.dep_ in ("acl", "amod") and is_materiel(t.head, rm, lx))
        or (ante is not None and is_materiel(ante, rm, lx))
    )


def _is_operation(t: Token, rm: ResolvedMentions, lx: Lex) -> bool:
    """Whether a trigger word is used here as a military operation.

    The lexicon lists what each kind of trigger needs: a generic noun
    ("opération") needs a military modifier; a light verb ("lancer", "mener")
    fires materiel, else its noun object carries the frame; a capture verb
    ("reprendre", "s'emparer") takes a place ("la ville", "Alep"), not "les
    hostilités"; a participle of state ("les zones occupées") describes, it
    does not report; a use verb ("employer", "utiliser") is an attack only
    against a target ("contre deux aérodromes"); a barrage noun ("une vague",
    "une salve") only of missiles, drones or shells.
    """
    low, lem = t.lower_, lemma(t)
    if (
        t.pos_ == "NOUN"
        and t.dep_ in ("nmod", "compound")
        and case_of(t) in OF
        and not any(c.dep_ == "det" for c in t.children)
        and (is_materiel(t.head, rm, lx) or _is_weapon(t.head, rm))
    ):
        return False  # "des drones d'attaque", "un hélicoptère de combat": a class of arms
    verb = t.pos_ in ("VERB", "ADJ")
    fires = verb and lem in lx.light_verbs and _fires_materiel(t, rm, lx)
    if (low in lx.needs_military or lem in lx.needs_military) and not (
        fires or any(c.lower_ in lx.military for c in t.children)
    ):
        return False
    if verb and lem in ("lancer", "mener") and not fires:
        return False
    participle = "Part" in t.morph.get("VerbForm") or t.pos_ == "ADJ"
    if (
        participle
        and lem in lx.stative_participles
        and t.dep_ in ("acl", "amod")
        and not _has_agent_phrase(t)
    ):
        return False  # "les territoires occupés", "la ville assiégée"
    if verb and lem in lx.capture_verbs and not _takes_a_place(t, rm, lx):
        return False
    if lem in lx.direct_capture_verbs:
        return verb and _object_is_a_place(t, rm, lx)
    if verb and lem in lx.hit_verbs:
        # "touché par un missile russe": an attack; "touché par la crise": none
        return _hit_by_arms(t, rm, lx) is not None
    if verb and lem in lx.materiel_object_verbs:
        # "a intercepté 12 drones": an operation; "a intercepté un appel, de la cocaïne": none
        return any(is_materiel(counted_item(o), rm, lx) for o in _acted_on(t))
    if verb and lem in lx.use_verbs:
        used = any(
            c.dep_ == "obj" and (c.pos_ == "PRON" or c.lower_ in _CLITICS or is_materiel(c, rm, lx))
            for c in t.children
        )
        against = any(case_of(x) == "contre" for x in t.subtree if x.i != t.i)
        return used and against
    if t.pos_ == "NOUN" and (low in lx.barrage_nouns or lem in lx.barrage_nouns):
        # "une vague de frappes": the inner trigger carries the frame
        return _barrage_materiel(t, rm, lx) is not None
    return True


def _target_noun(x: Token, t: Token, lx: Lex) -> Token | None:
    """The noun of the "contre" / "sur" phrase of ``t`` that ``x`` is in, if any.

    "une attaque de drone contre un porte-avions américain": *porte-avions*;
    "des missiles sur Kiev": none for the missiles.
    """
    path = path_up(x, t) or []
    preps = lx.target_preps | lx.opponent_preps
    return next((p for p in path if p.head.i == t.i and case_of(p) in preps), None)


def _acted_on(t: Token) -> list[Token]:
    """What a verb acts on: its object, its passive subject, the noun its participle describes."""
    out = [c for c in t.children if c.dep_ in ("obj", "nsubj:pass") or bare_argument(c)]
    if t.dep_ in ("acl", "amod", "acl:relcl") and t.head.pos_ in ("NOUN", "PROPN"):
        out.append(t.head)  # "les drones interceptés"
    return out


def _suffered(t: Token, ev: EventMention, rm: ResolvedMentions, lx: Lex) -> None:
    """Move who undergoes the operation from the agents to the opponents (or add them)."""
    for key in _sufferers(t, rm, lx):
        if key in ev.roles.get("agent", []):
            ev.roles["agent"].remove(key)
        ev.add("opponent", key)
    if not ev.roles.get("agent", True):
        del ev.roles["agent"]


def _sufferers(t: Token, rm: ResolvedMentions, lx: Lex) -> list[str]:
    """Who undergoes a nominal operation: the subject of "subir", "essuyer" governing it."""
    if t.pos_ != "NOUN":
        return []
    for c in _relatives_on(t):  # "les frappes qu'a subies l'Ukraine"
        subj = subject_of(c, lx) if lemma(c) in lx.suffer_verbs else None
        if subj is not None:
            return [m.key for m in phrase_mentions(subj, rm) if is_actor(m)]
    obj = t.head if t.dep_ == "nmod" and t.head.lower_ in lx.transparent else t
    if obj.dep_ != "obj" or lemma(obj.head) not in lx.suffer_verbs:
        return []
    subj = subject_of(obj.head, lx)
    if subj is None:
        return []
    return [m.key for m in phrase_mentions(antecedent(subj) or subj, rm) if is_actor(m)]


def _lexical_trigger(t: Token, lx: Lex) -> bool:
    """Whether ``t`` is itself an operation word of the lexicon (not a conjoined capture)."""
    return bool(lx.nouns.get(t.lower_) or lx.nouns.get(lemma(t)) or lx.noun_phrases.get(t.lower_))


def _entry(
    t: Token, sent: Span, rm: ResolvedMentions, kb: KnowledgeBase, lx: Lex
) -> EventMention | None:
    """ "Les rebelles sont entrés dans Goma", "avant d'entrer dans la capitale": an armed
    force or group entering a city (not a country: "entrer en Russie") takes it."""
    place, where = None, t
    for c in t.children:
        if case_of(c) != "dans":
            continue
        m = rm.at(c.i)
        if m is not None and m.kind is EntityKind.PLACE:
            place, where = m.key, c
        elif (
            m is None
            and lemma(c) == "capitale"
            and not any(x.dep_ in ("nmod", "amod") for x in c.children)
        ):
            place, where = _capital_in_context(c, rm, kb), c  # the story's country's
    if place is None:
        return None
    agents = [m.key for m in agent_from(t, rm, kb, lx)] or _fallback_agents(t, rm, kb, lx)
    if not agents and t.dep_ in ("advcl", "xcomp", "conj") and _is_op_verb(t.head, lx):
        head = operation_frame(t.head, sent, rm, kb, lx, [])
        agents = head.roles.get("agent", []) if head is not None else []
    fighting = (EntityKind.ARMED_GROUP, EntityKind.ARMED_FORCE, EntityKind.STATE)
    agents = [k for k in agents if (ref := rm.entities.get(k)) is not None and ref.kind in fighting]
    if not agents:
        return None  # "le président est entré dans la ville"
    # "s'emparer d'Alep avant d'entrer dans la capitale": under another operation's verb,
    # the entry is anchored on the place entered, so that it stays an operation of its own
    anchor = where if _is_op_verb(t.head, lx) and t.head.i != t.i else t
    ev = EventMention(EventKind.MILITARY_OPERATION, anchor, sent)
    for key in agents:
        ev.add("agent", key)
    ev.add("place", place)
    return ev


def _is_op_verb(v: Token, lx: Lex) -> bool:
    return v.pos_ == "VERB" and EventKind.MILITARY_OPERATION.value in trigger_groups(v, lx)


_CAPITALS: dict[int, dict[str, str]] = {}


def _capital_in_context(tok: Token, rm: ResolvedMentions, kb: KnowledgeBase) -> str | None:
    """The capital of the state whose places the sentence names ("s'emparer d'Alep et de
    Homs avant d'entrer dans la capitale"), else of the state the text has named most
    before ``tok`` (ties: the latest)."""
    capitals = _CAPITALS.get(id(kb))
    if capitals is None:
        capitals = {e.seat_of: e.key for e in kb if e.seat_of and e.kind is EntityKind.PLACE}
        _CAPITALS[id(kb)] = capitals
    counts: dict[str, int] = {}
    last: dict[str, int] = {}
    for m in mentions_in(tok.sent, rm):
        state = state_of_place(m, kb) if m.kind is EntityKind.PLACE else None
        if state is not None:
            counts[state] = counts.get(state, 0) + 1
            last[state] = m.start
    seen: set[int] = set()
    for i in range(tok.i) if not counts else ():
        m = rm.at(i)
        if m is None or m.start in seen or m.kind is not EntityKind.STATE:
            continue
        seen.add(m.start)
        counts[m.key] = counts.get(m.key, 0) + 1
        last[m.key] = i
    if not counts:
        return None
    return capitals.get(max(counts, key=lambda k: (counts[k], last[k])))


def _anaphoric_target(t: Token, scope: list[Token], rm: ResolvedMentions, lx: Lex) -> list[str]:
    """ "l'offensive lancée contre cette enclave": a demonstrative place noun as the
    target stands for the last place named before it (in the text so far)."""
    for x in scope:
        if (
            x.i > t.i
            and x.pos_ == "NOUN"
            and case_of(x) in lx.target_preps
            and rm.at(x.i) is None
            and (x.lower_ in lx.anaphoric_places or lemma(x) in lx.anaphoric_places)
            and any(c.dep_ == "det" and c.lower_ in ("ce", "cet", "cette") for c in x.children)
        ):
            for i in range(x.i - 1, -1, -1):
                m = rm.at(i)
                if m is not None and m.kind is EntityKind.PLACE:
                    return [m.key]
            return []
    return []


def _own_capture(tok: Token, lx: Lex) -> bool:
    return (
        tok.pos_ == "PROPN"
        and tok.dep_ == "conj"
        and case_of(tok) in OF
        and capture_of(tok, lx) is not None
    )


def _conjoined_capture(
    t: Token, sent: Span, rm: ResolvedMentions, kb: KnowledgeBase, lx: Lex
) -> EventMention | None:
    """ "Les insurgés se sont emparés d'Alep, puis de Hama et de Homs": each place
    coordinated under a capture verb is a capture of its own, by the verb's agent."""
    verb = capture_of(t, lx)
    m = rm.at(t.i)
    if verb is None or m is None or m.kind not in (EntityKind.PLACE, EntityKind.STATE):
        return None
    head = operation_frame(verb, sent, rm, kb, lx, [])
    if head is None or not head.has("agent"):
        return None
    anchor = t
    if t.head.i == verb.i:
        # a conjunct of the verb itself would fold into the verb's frame: the capture is
        # anchored on its own preposition ("puis [de] Bukavu")
        anchor = next((c for c in t.children if c.dep_ == "case"), t)
    ev = EventMention(EventKind.MILITARY_OPERATION, anchor, sent)
    for key in head.roles["agent"]:
        ev.add("agent", key)
    ev.add("place", m.key)
    return ev


def _relative_light_agents(t: Token, rm: ResolvedMentions, lx: Lex) -> list[str]:
    """Who carries out a nominal operation through a light verb in a relative on it.

    "L'offensive que la Russie a lancée contre Kharkiv", "les frappes
    qu'Israël a menées": the noun is the object ("que") of the light verb,
    whose subject acts, as in "la Russie a lancé une offensive".
    """
    for c in _relatives_on(t):
        if lemma(c) not in lx.light_verbs or lemma(c) in lx.suffer_verbs:
            continue  # "les frappes qu'a subies Kiev": who suffers them is the target
        subj = subject_of(c, lx)
        found = [m.key for m in phrase_mentions(subj, rm) if is_actor(m)] if subj else []
        if found:
            return found[:1]
    return []


def _stranded_targets(t: Token, lx: Lex) -> list[Token]:
    """The target phrase of a nominal operation the parser hung on the light verb above it.

    "Israël a mené dans la nuit de samedi à dimanche des frappes sur
    Beyrouth": the parser reads "des frappes" as a complement of the date
    ("dimanche") and hangs "sur Beyrouth" on "mené". Climbing from the noun
    through nominal links to a light verb, that verb's "sur" / "contre"
    phrases after the noun are the noun's target.
    """
    cur = t
    for _ in range(3):
        if cur.head.i == cur.i or not (cur.dep_ == "nmod" or cur.dep_.startswith("obl")):
            return []
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            break
    if cur.pos_ != "VERB" or lemma(cur) not in lx.light_verbs:
        return []
    preps = lx.target_preps | lx.opponent_preps
    return [
        x
        for c in cur.children
        if c.dep_.startswith("obl") and c.i > t.i and case_of(c) in preps
        for x in c.subtree
    ]


def _participle_agents(t: Token, rm: ResolvedMentions, lx: Lex) -> list[str]:
    """Who carries out a nominal operation through a light verb's participle on it.

    "L'attaque, revendiquée par le JNIM, a coûté la vie à...", "l'offensive
    menée par les FSR": the "par" agent of a participle of a light verb
    (``light_verbs``: lancer, mener, revendiquer...) on the noun acts. A claim of
    responsibility is also a reporting verb, whose clause the frame's scope
    leaves out; it is read here. Not a verb of suffering ("subie par").
    """
    for c in t.children:
        if c.dep_ not in ("acl", "amod") or "Part" not in c.morph.get("VerbForm"):
            continue
        if lemma(c) not in lx.light_verbs or lemma(c) in lx.suffer_verbs:
            continue
        for a in c.children:
            if a.dep_ == "obl:agent" or (a.dep_.startswith("obl") and case_of(a) == "par"):
                found = [m.key for m in phrase_mentions(a, rm) if is_actor(m)]
                if found:
                    return found[:1]
    return []


def _listed_sides(
    t: Token, ev: EventMention, rm: ResolvedMentions, kb: KnowledgeBase, lx: Lex
) -> list[str]:
    """The other sides of a coordination of demonyms on the attackers' noun.

    "Les troupes russes et nord-coréennes ont attaqué", "les frappes
    israéliennes et américaines": the first demonym gave the agent (its
    state, or the armed force the mention layer read); each later one names
    another side that acts (:func:`~newskg.extract.events.syntax.other_listed_sides`).
    Only when the first side is already the agent, so that a list on some other
    noun adds nobody.
    """
    holder = t if t.pos_ == "NOUN" else subject_of(t, lx) if t.pos_ in ("VERB", "AUX") else None
    if holder is None:
        return []
    return other_listed_sides(holder, ev.roles.get("agent", []), rm, kb)


def _relatives_on(t: Token) -> list[Token]:
    """The verbs of object relatives whose "que" stands for ``t`` ("les frappes qu'a
    subies X"), also when the parser made ``t`` the verb's subject."""
    cands = [c for c in t.children if c.dep_ in ("acl", "acl:relcl")] + [t.head]
    return [
        v
        for v in cands
        if v.i != t.i
        and v.pos_ == "VERB"
        and (a := relative_antecedent(v)) is not None
        and a.i == t.i
    ]


def _capital_named(m: Mention, sent: Span, kb: KnowledgeBase) -> str | None:
    """The capital a state mention was named by ("Khartoum" read as Sudan), if any.

    The mention reader takes a capital outside a locative phrase for its state
    (metonymy); the object of a capture verb is the city itself.
    """
    if m.kind is not EntityKind.STATE:
        return None
    text = sent.doc[m.start : m.end].text
    return next(
        (e.key for e in kb.lookup(text) if e.seat_of == m.key and e.kind is EntityKind.PLACE),
        None,
    )


def _unrealised(t: Token, lx: Lex) -> bool:
    """ "a autorisé Kiev à frapper", "menace de bombarder", "renonce à marcher": an
    operation allowed, threatened or given up is not one that happened."""
    if t.pos_ != "VERB":
        return False
    if _purpose(t, lx):
        return True
    gov = t.head
    marked = any(c.lower_ in ("à", "de", "d'") for c in t.children)
    if t.dep_ == "acl" and marked and gov.dep_ == "obj":
        gov = gov.head  # "a autorisé l'armée à bombarder", parsed under the object
    elif not (t.dep_ in ("xcomp", "ccomp", "obl:arg") or (t.dep_ == "advcl" and marked)):
        return False
    return lemma(gov) in lx.unrealised_governors


def _purpose(t: Token, lx: Lex) -> bool:
    """ "pour reprendre les territoires", "afin de frapper": an infinitive of aim.

    An operation verb in the infinitive introduced by a purpose word (lexicon
    ``operation_purpose_marks``), or coordinated with such an infinitive
    ("pour repousser l'offensive et reprendre les territoires"), says what
    someone means to do, not what was done.
    """
    for v in (t, t.head) if t.dep_ == "conj" else (t,):
        if v.pos_ != "VERB" or "Inf" not in v.morph.get("VerbForm"):
            continue
        if any(c.dep_ in ("mark", "case") and c.lower_ in lx.purpose_marks for c in v.children):
            return True
    return False


def _named_member(pron: Token, t: Token, lx: Lex) -> bool:
    """ "dont celle de X", "notamment celle de X": a demonstrative standing for a target
    of ``t`` that the "de" complement names."""
    return (
        lemma(pron) == "celui"
        and any(c.lower_ in ("dont", "notamment") for c in pron.children)
        and _has_target(t, lx)
    )


def _listed_target(name: Token, t: Token, lx: Lex) -> bool:
    """ "sur deux villes israéliennes, dont Haïfa": a name singled out of ``t``'s target.

    The parser hangs "dont X" / "notamment X" on the target noun as a
    relative clause or a modifier; the name is then one of the places struck.
    """
    target = name.head
    return (
        any(c.lower_ in ("dont", "notamment") for c in name.children)
        and target.i != name.i
        and case_of(target) in lx.target_preps
        and _has_target(t, lx)
    )


def _target_side(t: Token, rm: ResolvedMentions, kb: KnowledgeBase, lx: Lex) -> str | None:
    """Whose the common-noun target of ``t`` is: "sur des positions russes", "contre des
    bases iraniennes".

    A "sur"/"contre" phrase on the trigger (or on the arms it fires: "une
    salve de missiles sur des villes israéliennes") whose noun is no named
    entity but carries a nationality, a "de X" owner or a group's adjective
    names the side attacked.
    """
    heads = [t, *(c for c in t.children if c.dep_ in ("obj", "nsubj", "nsubj:pass"))]
    heads += [g for h in heads[1:] for g in h.children if g.dep_ == "nmod" and case_of(g) in OF]
    for h in heads:
        for c in h.children:
            if c.pos_ != "NOUN" or case_of(c) not in lx.target_preps or rm.at(c.i) is not None:
                continue
            side = side_of(c, rm, kb)
            if side is not None:
                return side
    return None


def _possessed_target(t: Token, rm: ResolvedMentions, kb: KnowledgeBase, lx: Lex) -> list[str]:
    """Whose target it is when a possessive names it: "ses bases", "leurs embarcations".

    "X accuse Y d'avoir tiré sur ses bases": the possessor is the subject of the
    clause the trigger depends on (X). Only in the trigger's target: its object or a
    "sur"/"contre" phrase.
    """
    objectish = t.lower_ in lx.invasion or lemma(t) in lx.invasion
    for x in own_subtree(t, lx):
        if x.i < t.i or x.dep_ != "det" or x.lower_ not in POSSESSIVES:
            continue
        path = path_up(x, t) or []
        if any(p.pos_ in ("VERB", "AUX") for p in path):
            continue  # a possessive in a clause of its own
        target = any(case_of(p) in lx.target_preps for p in path)
        if not (target or (objectish and t.pos_ == "VERB")):
            continue
        gov = t.head if t.dep_ in ("xcomp", "ccomp", "advcl") else None
        subj = subject_of(gov, lx) if gov is not None and gov.pos_ == "VERB" else None
        if subj is not None:
            subj = antecedent(subj) or subj
            found = [m.key for m in phrase_mentions(subj, rm) if is_actor(m)]
            if found:
                return found[:1]
        return []
    return []


def _manner_of_another(t: Token, lx: Lex) -> bool:
    """ "une série de frappes, en représailles aux attaques": an "en" noun under another
    operation says why that one happened; it is no operation of its own."""
    if t.pos_ != "NOUN" or case_of(t) != "en" or t.head.i == t.i:
        return False
    # the head itself, or the trigger a transparent head stands for ("une série de frappes")
    heads = [t.head, *(c for c in t.head.children if c.dep_ == "nmod" and case_of(c) in OF)]
    return any(_is_op_noun(h, lx) for h in heads)


def _nested_operations(t: Token, scope: list[Token], lx: Lex) -> set[int]:
    """The tokens of other operations named inside ``t``'s phrase, which are theirs.

    "une série de frappes [...] en représailles aux attaques du mouvement en mer
    Rouge": the retaliation and the attacks it answers are other operations, with
    their own agent and place. A "de" complement of ``t`` ("une vague de frappes")
    or its head is part of the same frame.
    """
    out: set[int] = set()
    if t.pos_ == "NOUN":
        # "les affrontements à X, un revers subi en Afrique": what a coordinated or
        # apposed noun says with a clause of its own is about it
        for c in t.children:
            if (
                c.dep_ in ("conj", "appos")
                and c.pos_ == "NOUN"
                and any(y.pos_ == "VERB" for y in c.subtree)
            ):
                out.update(y.i for y in c.subtree)
    for x in scope:
        if (
            x.i == t.i
            or x.pos_ != "NOUN"
            or (x.head.i == t.i and case_of(x) in OF)
            or x.i == t.head.i
            or x.i in out
            or x.is_ancestor(t)
            or x.lower_ in lx.transparent
            or EventKind.MILITARY_OPERATION.value not in trigger_groups(x, lx)
        ):
            continue
        out.update(y.i for y in x.subtree)
    return out


def _located_target(t: Token, rm: ResolvedMentions, kb: KnowledgeBase, lx: Lex) -> list[str]:
    """The places a participle of location on ``t``'s target names.

    "a frappé deux aérodromes situés près de Damas et de Homs", "contre une
    base installée à Hmeimim": the target (the object, or a "sur"/"contre"
    phrase) carries a participle of the lexicon ``location_participles``
    whose phrase names places (a capital is the city); the operation
    happens there.
    """
    targets = [
        c
        for c in t.children
        if c.pos_ == "NOUN" and (c.dep_ == "obj" or case_of(c) in lx.target_preps)
    ]
    out: list[str] = []
    for target in targets:
        for c in target.children:
            if c.dep_ not in ("acl", "amod") or lemma(c) not in lx.location_participles:
                continue
            for m in mentions_in(list(c.subtree), rm):
                # a capital the mention reader took for its state is the city here
                key = m.key if m.kind is EntityKind.PLACE else _capital_named(m, t.sent, kb)
                if key is not None and key not in out:
                    out.append(key)
    return out


def _hit_by_arms(t: Token, rm: ResolvedMentions, lx: Lex) -> Token | None:
    """What hits, for a hit verb (lexicon ``hit_verbs``): materiel, a weapon or a strike.

    The subject of the active verb ("un drone a touché un immeuble") or the
    "par" agent of the passive ("touché par une frappe russe"); ``None``
    when what hits is anything else ("la crise a touché le pays"), or when
    the active verb's object is a measure reached (lexicon
    ``hit_measure_nouns``: "le missile a atteint une altitude de 6.000 km").
    """
    passive = any(c.dep_ == "aux:pass" for c in t.children)
    if not passive:
        # "a atteint une altitude de 6.000 km": a measure reached, no target struck
        obj = next((c for c in t.children if c.dep_ == "obj"), None)
        if obj is None or obj.lower_ in lx.hit_measures or lemma(obj) in lx.hit_measures:
            return None
    for c in t.children:
        by = c.dep_ == "obl:agent" or (c.dep_.startswith("obl") and case_of(c) == "par")
        if not (by if passive else c.dep_ == "nsubj"):
            continue
        item = counted_item(c)
        if is_materiel(item, rm, lx) or (
            item.pos_ == "NOUN" and EventKind.MILITARY_OPERATION.value in trigger_groups(item, lx)
        ):
            return c
    return None


def _barrage_side(subj: Token, rm: ResolvedMentions, kb: KnowledgeBase, lx: Lex) -> str | None:
    """Whose a barrage subject is: "une vague de frappes russes", "une salve de missiles iraniens".

    A barrage noun (lexicon ``barrage_nouns``) says how much, its "de"
    complement what: the side is that of the strikes or arms it is made of
    (their nationality, their "de X" owner, who launched them), so the verb
    the barrage is the subject of ("a visé Kiev", "a frappé Haïfa") gets
    that side as its agent.
    """
    if subj.lower_ not in lx.barrage_nouns and lemma(subj) not in lx.barrage_nouns:
        return None
    for c in subj.children:
        if c.dep_ == "nmod" and case_of(c) in OF:
            side = side_of(c, rm, kb)
            if side is not None:
                return side
    return None


def _barrage_materiel(t: Token, rm: ResolvedMentions, lx: Lex) -> Token | None:
    """What a barrage noun is made of: "une salve de missiles", "une vague d'une
    quarantaine de drones" (through a noun of amount)."""
    for c in t.children:
        if c.dep_ != "nmod" or case_of(c) not in OF:
            continue
        if is_materiel(c, rm, lx):
            return c
        for g in c.children:  # "d'une quarantaine de missiles"
            if g.dep_ == "nmod" and case_of(g) in OF and is_materiel(g, rm, lx):
                return g
    return None


def _is_weapon(tok: Token, rm: ResolvedMentions) -> bool:
    m = rm.at(tok.i)
    return m is not None and m.kind is EntityKind.WEAPON_SYSTEM


def _has_agent_phrase(t: Token) -> bool:
    """A passive agent under ``t``: "envahie par l'URSS"."""
    return any(
        c.dep_ == "obl:agent" or (c.dep_.startswith("obl") and case_of(c) == "par")
        for c in t.children
    )


def _passive_participle(t: Token, lx: Lex) -> bool:
    """A past participle modifying a noun or a clause, with a "par" agent.

    "Envahie par l'URSS, la Finlande..." or "l'Ukraine, envahie par la
    Russie": the noun or the clause's subject is what is attacked, not who
    attacks.
    """
    return (
        t.pos_ in ("VERB", "ADJ")
        and "Part" in t.morph.get("VerbForm")
        and t.dep_ in ("advcl", "acl", "amod")
        and _has_agent_phrase(t)
        and not any(c.dep_ == "nsubj" for c in t.children)
    )


def _object_is_a_place(t: Token, rm: ResolvedMentions, lx: Lex) -> bool:
    """The verb's own object is a place: "a pris Goma", "a pris la ville de Goma".

    Stricter than :func:`_takes_a_place`, for verbs of everyday use
    (``direct_capture_verbs``): a place further down the object ("a pris des
    sanctions contre la Russie") does not make a capture.
    """
    for o in (c for c in t.children if c.dep_ == "obj" or bare_argument(c)):
        m = rm.at(o.i)
        if m is not None and m.kind in (EntityKind.PLACE, EntityKind.STATE):
            return True
        if o.lower_ in lx.capture_objects or lemma(o) in lx.capture_objects:
            return True
    return False


def _takes_a_place(t: Token, rm: ResolvedMentions, lx: Lex) -> bool:
    """A capture verb's object is a place: a place or state named, or a place noun."""
    objects = [
        c
        for c in t.children
        if c.dep_ in ("obj", "nsubj:pass", "obl:arg")
        or (c.dep_ != "nsubj" and case_of(c) in OF)  # "s'emparer [, ...,] du QG"
    ]
    if t.dep_ in ("acl", "amod"):
        objects.append(t.head)  # "la ville reprise par l'armée"
    for o in objects:
        for x in o.subtree:
            m = rm.at(x.i)
            if m is not None and m.kind in (EntityKind.PLACE, EntityKind.STATE):
                return True
        if o.lower_ in lx.capture_objects or lemma(o) in lx.capture_objects:
            return True
    # the parser may hang "de l'aéroport" lower ("s'emparer, sans résistance, de l'aéroport")
    return any(
        x.i > t.i and case_of(x) in OF and (x.lower_ in lx.capture_objects)
        for x in t.subtree
        if x.pos_ == "NOUN"
    )


def _fallback_agents(t: Token, rm: ResolvedMentions, kb: KnowledgeBase, lx: Lex) -> list[str]:
    """Who acts when the parse names no actor directly.

    - a noun trigger with a demonym right after it ("deux frappes israéliennes"),
      however the parser attached the adjective;
    - a noun trigger under a light verb the parser reached through other
      phrases ("ont mené dans la nuit une série de frappes");
    - a subject "ses hommes", "leurs forces": whose they are, the subject of
      the clause above, or the source ("selon X") of the sentence;
    - a subject "les insurgés", "les rebelles": the armed group the article
      has named most so far (the most recent among equals).
    """
    if t.pos_ == "NOUN" and t.i + 1 < len(t.doc):
        nxt = t.doc[t.i + 1]
        state = kb.state_for_demonym(nxt.text) if nxt.pos_ in ("ADJ", "NOUN") else None
        if state is not None and rm.at(nxt.i) is None:
            return [state.key]
    subj = subject_of(t, lx) if t.pos_ in ("VERB", "AUX", "ADJ") else None
    if subj is None and t.pos_ == "VERB":
        # a subject the parser labelled passive ("ses hommes étaient entrés et s'étaient
        # emparés"), on the verb or on the first conjunct
        for v in (t, t.head) if t.dep_ == "conj" else (t,):
            if lemma(v) in lx.invasion and any(c.dep_ == "aux:pass" for c in v.children):
                # "le Liban a été frappé": a transitive attack's passive subject is the target
                # ("ses hommes étaient entrés": "être" of a verb of motion is no passive)
                continue
            subj = next((c for c in v.children if c.dep_ in SUBJ_DEPS), None)
            if subj is not None:
                break
    if t.pos_ == "NOUN":
        cur = t
        for _ in range(4):
            if cur.head.i == cur.i or not (
                cur.dep_ in ("nmod", "obj", "nsubj:pass") or cur.dep_.startswith("obl")
            ):
                break
            cur = cur.head
            if cur.pos_ == "NOUN" and cur.lower_ not in lx.transparent and _is_op_noun(cur, lx):
                break  # "en représailles aux attaques": the light verb governs the outer one
            if cur.pos_ in ("VERB", "AUX"):
                if lemma(cur) in lx.light_verbs:
                    subj = subject_of(cur, lx)
                break
    if subj is None and t.pos_ == "NOUN":
        # "les attaques du mouvement", "l'offensive des rebelles": a definite group noun
        # standing for the armed group the article is about
        for c in t.children:
            if c.dep_ == "nmod" and case_of(c) in OF and _group_anaphor(c, lx):
                return _salient_group(c, rm)
    if subj is None:
        return []
    subj = antecedent(subj) or subj
    if subj.lower_ == "qui" and subj.head.dep_ == "acl:relcl" and subj.head.head.i != subj.i:
        subj = subj.head.head  # "les Houthis, qui multiplient les attaques"
    found = [m.key for m in mentions_in(_phrase_core(subj), rm) if is_actor(m)]
    if found:
        return found  # "Les Etats-Unis et le Royaume-Uni ont mené...": each conjunct acts
    low = subj.lower_
    owned = has_possessive(subj)
    if owned and (low in lx.follower_nouns or low in lx.personnel):
        return _possessor(subj, rm, lx)
    if low in lx.insurgent_nouns or lemma(subj) in lx.insurgent_nouns:
        return _salient_group(subj, rm)
    return []


def _is_op_noun(x: Token, lx: Lex) -> bool:
    return EventKind.MILITARY_OPERATION.value in trigger_groups(x, lx)


def _group_anaphor(x: Token, lx: Lex) -> bool:
    """A definite insurgent noun with no name of its own: "du mouvement", "des rebelles"."""
    definite = case_of(x) in ("du", "des") or any(
        c.dep_ == "det" and c.lower_ in ("le", "la", "les", "l'", "ce", "cette", "ces")
        for c in x.children
    )
    bare = not any(
        c.dep_ in ("amod", "appos", "flat:name") or (c.dep_ == "nmod" and case_of(c) in OF)
        for c in x.children
    )
    return definite and bare and (x.lower_ in lx.insurgent_nouns or lemma(x) in lx.insurgent_nouns)


def _possessor(subj: Token, rm: ResolvedMentions, lx: Lex) -> list[str]:
    """Whose "ses hommes" are: the subject of a governing clause, else the sentence's source."""
    for verb in subj.head.ancestors:
        for c in verb.children:
            if c.dep_ in SUBJ_DEPS and c.i != subj.i:
                found = [m for m in phrase_mentions(c, rm) if is_actor(m)]
                groups = [m.key for m in found if m.kind is EntityKind.ARMED_GROUP]
                if groups or found:
                    return (groups or [m.key for m in found])[:1]
    for x in subj.sent:  # "Selon X, ses hommes ont..."
        if x.lower_ == "selon" and x.dep_ == "case":
            found = [m.key for m in phrase_mentions(x.head, rm) if is_actor(m)]
            if found:
                return found[:1]
    return []


def _salient_group(subj: Token, rm: ResolvedMentions) -> list[str]:
    """The armed group named most often before ``subj`` (ties: the latest)."""
    counts: dict[str, int] = {}
    last: dict[str, int] = {}
    seen: set[int] = set()
    for i in range(subj.i):
        m = rm.at(i)
        if m is None or m.kind is not EntityKind.ARMED_GROUP or m.start in seen:
            continue
        seen.add(m.start)
        counts[m.key] = counts.get(m.key, 0) + 1
        last[m.key] = i
    if not counts:
        return []
    return [max(counts, key=lambda k: (counts[k], last[k]))]


def _phrase_core(head: Token) -> list[Token]:
    """``head``'s phrase without its relative clauses ("X, qui contrôle le Yémen")."""
    skip = {
        x.i
        for c in head.children
        if c.dep_ in ("acl:relcl", "acl") or (c.lower_ == "qui" and c.pos_ == "PRON")
        for x in c.subtree
    }
    return [x for x in head.subtree if x.i not in skip]


def _named_systems(weapons: list[Mention], kb: KnowledgeBase) -> list[Mention]:
    """Drop a weapon class right before the named system it introduces.

    "un missile balistique intercontinental (ICBM) Hwasong-18": the class
    (no origin in the knowledge base) names the same missile as the system
    that follows within a few words (a state's own system, with an origin).
    """

    def named(m: Mention) -> bool:
        ent = kb.get(m.key)
        return ent is not None and ent.origin is not None

    out = [
        m
        for m in weapons
        if named(m) or not any(named(o) and 0 <= o.start - m.end <= 3 for o in weapons)
    ]
    return out or weapons
