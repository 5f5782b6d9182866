"""Military operations and weapon tests (a launch with a target is an attack)."""

from __future__ import annotations

from spacy.tokens import Span, Token

from newskg.extract.entities import Mention, ResolvedMentions
from newskg.extract.events.frame import EventMention
from newskg.extract.events.lex import Lex
from newskg.extract.events.syntax import (
    OF,
    SUBJ_DEPS,
    agent_from,
    antecedent,
    bare_argument,
    case_of,
    is_actor,
    is_materiel,
    mentions_in,
    nationality,
    outer_case,
    own_subtree,
    phrase_mentions,
    side_of,
    subject_of,
    trigger_groups,
)
from newskg.kb import KnowledgeBase
from newskg.model import EntityKind, EventKind
from newskg.nlp.lemmas import lemma

# Actors that speak for a state's forces without being them: a ministry, a staff, an agency.
_OFFICES = frozenset({EntityKind.GOVERNMENT_BODY, EntityKind.AGENCY})
_POSSESSIVES = frozenset({"son", "sa", "ses", "leur", "leurs"})


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
    if not _is_operation(t, rm, lx):
        return None
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
    # the trigger's direct argument: "attaquer l'Ukraine", "s'emparer d'Alep",
    # "prendre le contrôle de Homs", "la prise d'Alep", "les frappes de l'armée"
    heads = {t.i} | {c.i for c in t.children if c.dep_ == "obj" and c.pos_ == "NOUN"}
    objectish = t.lower_ in lx.invasion or lemma(t) in lx.invasion
    for m in mentions_in(scope, rm):
        root = sent.doc[m.start : m.end].root
        case = case_of(root)
        outer = outer_case(root, t)
        if case in OF and outer is not None:
            # "contre les bastions du Hezbollah", "sur la région de Briansk": the
            # complement's preposition says what role the named entity plays
            case = outer
        if case is None and root.dep_ == "conj" and root.head.i != t.i:
            # "sur Kiev, Dnipro et Kryvyï Rih": a conjunct shares its head's preposition
            case = case_of(root.head)
            outer = outer_case(root.head, t) if case in OF else None
            if outer is not None:
                case = outer
        if m.kind is EntityKind.PLACE and case in lx.opponent_preps | lx.place_preps:
            ev.add("place", m.key)  # "une attaque contre Kharkiv": where it strikes
            continue
        direct = root.head.i in heads and root.i != t.i
        if m.kind is EntityKind.PLACE:
            if direct and (case is None or case in OF) and root.dep_ != "nsubj":
                ev.add("place", m.key)
            continue
        if not is_actor(m) or root.i == t.i:
            continue
        if case in lx.opponent_preps:
            ev.add("opponent", m.key)
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
        elif direct and case is None and root.dep_ == "obj" and objectish:
            ev.add("opponent", m.key)  # "attaquer l'Ukraine"
    if objectish and t.pos_ == "VERB" and not ev.has("opponent"):
        for c in t.children:  # "a abattu des drones indiens": whose they were
            cm = rm.at(c.i)
            if c.dep_ == "obj" and (cm is None or not cm.kind.is_actor):
                state = side_of(c, rm, kb)
                if state is not None:
                    ev.add("opponent", state)
    for m in mentions_in(own_subtree(t, lx), rm):
        if m.kind is EntityKind.WEAPON_SYSTEM:
            # "des missiles ATACMS ont été tirés sur": the head system only, not the
            # breakdown that follows it ("cinq avions, dont trois Rafale et un MiG-29")
            ev.add("weapon", m.key)
            break
    if not ev.has("agent") and t.pos_ in ("VERB", "AUX"):
        subj = subject_of(t, lx)
        state = nationality(subj, rm, kb) if subj is not None else None
        if state is not None and rm.at(subj.i) is None:
            ev.add("agent", state)  # "l'aviation indienne a abattu"
    if not ev.has("agent") and t.pos_ == "NOUN":
        for c in t.children:  # "l'invasion russe", "une offensive ukrainienne"
            state = kb.state_for_demonym(c.text) if c.dep_ == "amod" else None
            if state is not None:
                ev.add("agent", state.key)
    if not ev.has("agent") and not passive:
        for key in _fallback_agents(t, rm, kb, lx):
            ev.add("agent", key)
    for key in list(ev.roles.get("agent", [])):
        # "le ministère de la Défense a frappé", "l'état-major a revendiqué une frappe":
        # a ministry or staff does not fight, the state whose forces act does
        ref = rm.entities.get(key)
        if ref is not None and ref.kind in _OFFICES and ref.affiliation is not None:
            ev.add("agent", ref.affiliation)
    for m in mentions:
        if m.kind is EntityKind.PLACE and case_of(sent.doc[m.start : m.end].root) in lx.place_preps:
            ev.add("place", m.key)
    for m in mentions_in(sent, rm):
        if m.kind is EntityKind.PLACE and not ev.has("place"):
            root = sent.doc[m.start : m.end].root
            if case_of(root) in ("dans",):
                ev.add("place", m.key)
    for k in ev.roles.get("agent", []):  # an actor never attacks itself
        if k in ev.roles.get("opponent", []):
            ev.roles["opponent"].remove(k)
    if not ev.roles.get("opponent", True):
        del ev.roles["opponent"]
    if not ev.roles or set(ev.roles) == {"weapon"}:
        return None  # a weapon alone says neither who acts, against whom, nor where
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
        return None
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


def launch_kind(t: Token, kind: EventKind, sent: Span, rm: ResolvedMentions, lx: Lex) -> EventKind:
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
    return EventKind.MILITARY_OPERATION if _has_target(t, lx) else EventKind.WEAPON_TEST


def _has_target(t: Token, lx: Lex) -> bool:
    """A "sur X" / "contre X" complement under the trigger (the parser may hang it lower)."""
    return any(
        x.i != t.i and case_of(x) in lx.target_preps and x.pos_ in ("NOUN", "PROPN")
        for x in t.subtree
    )


def _fires_materiel(t: Token, rm: ResolvedMentions, lx: Lex) -> bool:
    """True when a launch verb's object is materiel: "lancer des missiles", not "une offensive"."""
    return any(c.dep_ in ("obj", "nsubj:pass") and is_materiel(c, rm, lx) for c in t.children) or (
        t.dep_ in ("acl", "amod") and is_materiel(t.head, rm, lx)
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
    if verb and lem in lx.use_verbs:
        used = any(
            c.dep_ == "obj" and (c.pos_ == "PRON" or is_materiel(c, rm, lx)) for c in t.children
        )
        against = any(case_of(x) == "contre" for x in t.subtree if x.i != t.i)
        return used and against
    if t.pos_ == "NOUN" and (low in lx.barrage_nouns or lem in lx.barrage_nouns):
        # "une vague de frappes": the inner trigger carries the frame
        return any(
            c.dep_ == "nmod" and case_of(c) in OF and is_materiel(c, rm, lx) for c in t.children
        )
    return True


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
            if cur.pos_ in ("VERB", "AUX"):
                if lemma(cur) in lx.light_verbs:
                    subj = subject_of(cur, lx)
                break
    if subj is None:
        return []
    subj = antecedent(subj) or subj
    if subj.lower_ == "qui" and subj.head.dep_ == "acl:relcl" and subj.head.head.i != subj.i:
        subj = subj.head.head  # "les Houthis, qui multiplient les attaques"
    found = [m.key for m in mentions_in(_phrase_core(subj), rm) if is_actor(m)]
    if found:
        return found  # "Les Etats-Unis et le Royaume-Uni ont mené...": each conjunct acts
    low = subj.lower_
    owned = any(c.dep_ == "det" and c.lower_ in _POSSESSIVES for c in subj.children)
    if owned and (low in lx.follower_nouns or low in lx.personnel):
        return _possessor(subj, rm, lx)
    if low in lx.insurgent_nouns or lemma(subj) in lx.insurgent_nouns:
        return _salient_group(subj, rm)
    return []


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
