"""Casualty frames: who suffers the losses and what was destroyed, per stated group of victims."""

from __future__ import annotations

from spacy.tokens import Span, Token

from newskg.extract.entities import Mention, ResolvedMentions
from newskg.extract.events.frame import EventMention
from newskg.extract.events.lex import Lex
from newskg.extract.events.syntax import (
    OF,
    antecedent,
    case_of,
    counted,
    counted_item,
    detached_subject,
    inverted_subject,
    is_materiel,
    is_personnel,
    mentions_in,
    nationality,
    other_listed_sides,
    own_phrase,
    own_subtree,
    passive_subject,
    relative_antecedent,
    side_of,
    specific,
    state_of_place,
    subject_of,
    trigger_groups,
)
from newskg.extract.numbers import amount_words
from newskg.kb import KnowledgeBase
from newskg.model import EntityKind, EventKind
from newskg.nlp.lemmas import lemma
from newskg.nlp.lexicon import lexicon

_TO_DEPS = ("obl", "obl:arg", "iobj")


def casualties(
    t: Token, sent: Span, rm: ResolvedMentions, kb: KnowledgeBase, lx: Lex
) -> list[EventMention]:
    """Casualty frames: who suffers the losses (``affected``) and what was destroyed.

    The victims are the object of a transitive verb ("a tué 38 personnes",
    "a abattu trois drones"), the subject of a passive or of a verb whose
    subject suffers ("ont péri", "a perdu 150 hommes", "ont perdu la vie"),
    the noun a participle modifies ("les soldats tués"), or a casualty
    noun's modifiers ("pertes russes", "victimes civiles palestiniennes",
    also those of the subject a toll is predicated of: "les pertes russes
    s'élèvent à 4 700 tués"), or the "à" complement of "coûter la vie".
    Coordinated victims with figures of their own ("84 combattants de Wagner
    et 47 soldats maliens") are separate estimates: one frame each, whose
    ``theme`` is the victims' noun (the figure counting it goes to it).
    """
    if _released(t, lx):
        return []  # "la libération de 33 otages" counts people set free, not taken
    if _describes_victims_of(t, lx):
        return []  # "a perdu 70.000 soldats tués ou blessés": the loss is perdre's frame
    victims: list[Token] = []
    if t.pos_ in ("VERB", "ADJ", "AUX"):
        victims += [c for c in t.children if c.dep_ in ("nsubj:pass", "obj")]
        if not victims:  # "a abattu cinq des six missiles": a bare partitive figure read as obl
            victims += [c for c in t.children if _partitive_figure(c)]
        if any(c.lower_ in lx.life_nouns for c in victims):  # "a coûté la vie à 14 civils"
            victims = [c for c in t.children if c.dep_ in _TO_DEPS and case_of(c) == "à"]
        if t.dep_ == "xcomp":  # "a recensé 40 civils tués": the object it describes
            victims += [c for c in t.head.children if c.dep_ == "obj"]
        if t.dep_ in ("acl", "amod", "acl:relcl") and t.head.pos_ in ("NOUN", "PROPN", "PRON"):
            victims.append(t.head)
        if t.dep_ == "conj":
            head_subj = passive_subject(t.head)
            if head_subj is not None:
                victims.append(head_subj)
        ante = relative_antecedent(t)
        if ante is not None:
            # "les drones qu'a abattus l'armée": the antecedent of "que" is the victim, the
            # subject after the verb (read as its object) is who shoots
            inv = inverted_subject(t)
            victims = [ante] + [
                v for v in victims if v.i != ante.i and (inv is None or v.i != inv.i)
            ]
        victims = [v for v in victims if "Rel" not in v.morph.get("PronType")]
        if lemma(t) in lx.victims_are_subject and _intransitive_use(t):
            subj = subject_of(t, lx)
            if subj is not None:
                victims.insert(0, antecedent(subj) or subj)
    else:
        victims += _held_captive(t, lx)  # "a fait prisonniers 50 militaires ukrainiens"
        if (
            t.dep_ == "conj"
            and t.head.pos_ in ("VERB", "ADJ")
            and EventKind.CASUALTIES.value in trigger_groups(t.head, lx)
        ):
            # "ont été tués ou blessés", with "blessés" read as a noun: the verb's victims
            victims += [c for c in t.head.children if c.dep_ == "nsubj:pass"]
        victims += _victim_modifiers(t, lx)  # "pertes russes", "victimes parmi les civils"
        victims += [v for s in _toll_subjects(t, lx) for v in _victim_modifiers(s, lx)]
        if t.dep_ in ("obj",) and lemma(t.head) in lx.light_verbs:
            subj = subject_of(t.head, lx)
            if subj is not None:
                victims.append(subj)
        if t.dep_ in ("acl", "amod", "nmod") and t.head.lower_ in lx.victim_nouns:
            victims.append(t.head)  # "soldats morts", "des civils blessés"
    if not victims:
        detached = detached_subject(t)  # "Blessés lors de l'attaque, neuf policiers ..."
        victims += [detached] if detached is not None else []
        victims += _made_captive(t, lx)  # "ont été faits prisonniers", misparsed
    if lemma(t) in lx.materiel_object_verbs and not any(
        is_materiel(counted_item(v), rm, lx) for v in victims
    ):
        return []  # "les douanes ont intercepté douze tonnes de cocaïne": no loss of arms
    groups: list[list[Token]] = [victims]
    first = victims[0] if victims else None
    if first is not None and counted(first):
        for c in first.children:
            if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "NUM") and counted(c):
                groups.append([c])  # "84 combattants de Wagner et 47 soldats maliens"
        if first.dep_ == "conj" and counted(first.head) and first.head.i < first.i:
            groups.append([first.head])  # "15 civils et cinq soldats tués": shared participle
    out = []
    for n, vs in enumerate(groups):
        ev = EventMention(EventKind.CASUALTIES, t, sent, theme=vs[0] if len(groups) > 1 else None)
        _affected(ev, vs, t, sent, rm, kb, lx, siblings=n == 0 and len(groups) > 1)
        out.append(ev)
    return out


def _made_captive(t: Token, lx: Lex) -> list[Token]:
    """The subject of "faire" when the parser made its captive noun the head.

    "Onze militaires ont été faits prisonniers" is sometimes read with
    *prisonniers* as the root and *faits* (with the subject) under it, or with
    *prisonniers* as a modifier of *faits*.
    """
    if t.lower_ not in lx.captive_nouns and lemma(t) not in lx.captive_nouns:
        return []
    # "faits" under the noun, or the noun read as a modifier of "faits"
    verbs = [c for c in t.children if c.pos_ in ("VERB", "AUX") and c.i < t.i] + [t.head]
    return [
        s
        for v in verbs
        if v.i < t.i and lemma(v) == "faire"
        for s in v.children
        if s.dep_ in ("nsubj", "nsubj:pass")
    ][:1]


def _held_captive(t: Token, lx: Lex) -> list[Token]:
    """The people a bare captive noun says were taken: "a fait prisonniers 50 militaires".

    In "faire prisonnier(s) X" the captive noun (no determiner, no figure) is
    a predicative complement of "faire" before its object; the object, the
    noun phrase that follows, are the victims. The parser makes both objects
    of "faire", or hangs the victims on the captive noun.
    """
    if t.lower_ not in lx.captive_nouns and lemma(t) not in lx.captive_nouns:
        return []
    if any(c.dep_ in ("det", "nummod") for c in t.children) or lemma(t.head) != "faire":
        return []
    if any(c.dep_ == "aux:pass" for c in t.head.children):
        return []  # "ont été faits prisonniers par X": the subject is taken, read elsewhere
    after = [c for c in t.head.children if c.i > t.i and c.dep_ in ("obj", "obl:arg")]
    after += [c for c in t.children if c.i > t.i and c.pos_ in ("NOUN", "PROPN")]
    bare = [c for c in after if case_of(c) is None]  # a bare object, not "par le JNIM"
    return sorted(bare, key=lambda x: x.i)[:1]


def _victim_modifiers(noun: Token, lx: Lex) -> list[Token]:
    """A casualty noun's modifiers that say whose losses they are, not where or how.

    "pertes russes", "victimes parmi les civils", "morts de l'armée", but not
    "dans les frappes" nor another casualty noun.
    """
    return [
        c
        for c in noun.children
        if (c.dep_ == "amod" or (c.dep_ == "nmod" and case_of(c) in (*OF, "parmi", None)))
        and not trigger_groups(c, lx)
        and not _time_word(c)
    ]


def _time_word(tok: Token) -> bool:
    """True for a weekday or month name: "faits prisonniers mardi" says when, not whose.

    The parser hangs a bare date on the casualty noun before it as an
    ``nmod``; taken for the victims it would hide the real subject.
    """
    dates = lexicon("dates")
    return tok.lower_ in dates["weekdays"] or tok.lower_ in dates["months"]


def _toll_subjects(t: Token, lx: Lex) -> list[Token]:
    """The casualty noun a toll's figures are predicated of.

    "les pertes russes s'élèvent à 4 700 tués et 2 700 blessés": "tués" and
    its conjunct "blessés" break down the subject "pertes", whose modifiers
    say whose losses they are.
    """
    anchor = t
    while anchor.dep_ == "conj" and EventKind.CASUALTIES.value in trigger_groups(anchor.head, lx):
        anchor = anchor.head
    verb = anchor.head
    if anchor.dep_ in ("nsubj", "nsubj:pass") or verb.pos_ not in ("VERB", "AUX"):
        return []
    casualty = EventKind.CASUALTIES.value
    return [
        c
        for c in verb.children
        if c.dep_ == "nsubj" and c.pos_ == "NOUN" and casualty in trigger_groups(c, lx)
    ]


def _describes_victims_of(t: Token, lx: Lex) -> bool:
    """True for a participle describing the victims of a casualty verb that governs them.

    In "la Russie a perdu 70.000 soldats tués ou blessés en Ukraine" the
    participles say how the soldiers were lost; the statement is *perdre*'s,
    whose subject is the side that suffers. A frame of the participle's own
    would read the place ("en Ukraine") as the affected side.
    """
    if t.dep_ not in ("acl", "amod") or t.head.dep_ not in ("obj", "nsubj:pass"):
        return False
    governor = t.head.head
    return governor.pos_ == "VERB" and EventKind.CASUALTIES.value in trigger_groups(governor, lx)


def _released(t: Token, lx: Lex) -> bool:
    """True for prisoners or hostages governed by a release word ("libérer", "échange")."""
    if t.lower_ not in lx.captive_nouns and lemma(t) not in lx.captive_nouns:
        return False
    cur = t
    for _ in range(3):
        if cur.head is cur:
            break
        cur = cur.head
        if cur.lower_ in lx.release_words or lemma(cur) in lx.release_words:
            return True
    return False


def _affected(
    ev: EventMention,
    victims: list[Token],
    t: Token,
    sent: Span,
    rm: ResolvedMentions,
    kb: KnowledgeBase,
    lx: Lex,
    *,
    siblings: bool = False,
) -> None:
    """Fill ``affected`` (and ``weapon``) of a casualty frame from its victims.

    In order: an actor named by the victims ("soldats de l'armée malienne",
    "combattants du groupe russe Wagner": the group, not the demonym), their
    nationality ("civils pakistanais"); the side whose ranks they are in
    ("dans les rangs de Wagner", "côté arménien"); the side that counts its
    own losses ("l'armée pakistanaise a recensé 40 civils tués", "le
    porte-parole des Houthis a fait état de frappes qui ont tué cinq
    combattants"); the parties of the clash the toll is reported for ("les
    combats entre X et Y ont fait 70 morts"); the armed group bare insurgent
    victims stand for ("tuant dix rebelles"), never their killer; the target
    of the attack the toll is the subject of ("les frappes contre Kharkiv
    ont fait 12 morts": never the attacker); the state where the losses
    happened ("tués à Kiev" -> Ukraine, "dans la bande de Gaza" ->
    Palestine, through ``locatedIn``). ``siblings``: the victims' own
    coordinated nouns are other frames, leave them out.
    """
    weapons: list[Mention] = []
    for v in victims:
        phrase = own_phrase(v) if siblings else list(v.subtree)
        for m in mentions_in(phrase, rm):
            if m.kind is EntityKind.WEAPON_SYSTEM and m not in weapons:
                weapons.append(m)
    for m in specific(weapons, sent.doc):
        ev.add("weapon", m.key)
    for v in victims:
        target = v
        if v.lower_ in amount_words() or v.lower_ == "nombre" or v.like_num:
            target = next((c for c in v.children if c.dep_ == "nmod"), v)
        key = _named_side(target, rm) or side_of(target, rm, kb)
        if key is not None:
            ev.add("affected", key)
            # "40 soldats arméniens et azerbaïdjanais", "pertes russes et ukrainiennes"
            holder = target.head if target.dep_ == "amod" and target.pos_ == "ADJ" else target
            for other in other_listed_sides(holder, [key], rm, kb):
                ev.add("affected", other)
            return
    scope = own_subtree(t, lx)
    gov = t.head if t.pos_ == "NOUN" and t.head.pos_ in ("VERB", "AUX") else t
    # "a fait 200 morts et 400 blessés côté arménien": the parser may read the ranks noun
    # as a second object of the light verb
    clause = [
        x
        for c in gov.children
        if c.dep_.startswith("obl") or (c.dep_ == "obj" and c.lower_ in lx.ranks_nouns)
        for x in c.subtree
    ]
    for x in scope + clause:
        if x.lower_ in lx.ranks_nouns and x.i not in {v.i for v in victims}:
            key = next((side_of(c, rm, kb) for c in x.children if c.dep_ in ("nmod", "amod")), None)
            if key is None:
                key = next(
                    (
                        k
                        for c in x.children
                        if c.dep_ == "conj"
                        for k in [side_of(c, rm, kb)]
                        if k is not None
                    ),
                    None,
                )
            if key is not None:
                ev.add("affected", key)  # "dans les rangs de Wagner", "côté arménien"
                return
    # a count by the side itself: only for a described toll ("annoncé la mort de deux
    # soldats", "recensé 40 civils tués"), never for "annoncé avoir tué 20 rebelles"
    described = (
        t.pos_ != "VERB"
        or t.dep_ in ("acl", "amod", "acl:relcl")
        or not any(c.dep_ in ("obj", "obl:agent") for c in t.children)
    )
    for cand in [*list(t.ancestors)[:4], *_aside_counter(t, lx)] if described else ():
        if _counts(cand, lx):
            subj = (
                subject_of(cand, lx)
                or _aside_subject(cand)
                or next((c for c in cand.children if c.dep_ == "obl:agent"), None)
            )  # "un bilan de 64 morts a été publié par les autorités de Kharkiv"
            side = _counting_side(subj, rm, kb, lx) if subj is not None else None
            if side is not None:
                ev.add("affected", side)
                return
            break
    parties = _clash_parties(t, rm, lx)
    if parties:
        for key in parties:
            ev.add("affected", key)  # "les affrontements entre l'Inde et le Pakistan ont fait"
        return
    killers = {
        m.key
        for v in (t, *t.ancestors)
        for c in v.children
        if c.dep_ in ("nsubj", "obl:agent")
        for m in mentions_in((antecedent(c) or c).subtree, rm)
    }
    group = next((g for v in victims for g in [_insurgents_group(v, rm, lx, killers)] if g), None)
    if group is not None:
        ev.add("affected", group)  # "tuant dix rebelles": the armed group the article is about
        return
    target = _operation_target(t, rm, kb, lx)
    if target is not None:
        ev.add("affected", target)  # "les frappes russes contre Kharkiv ont fait 12 morts"
        return
    if not ev.has("weapon"):
        state = _state_where(t, sent, rm, kb, lx)
        if state is not None:
            ev.add("affected", state)


def _insurgents_group(
    victims: Token, rm: ResolvedMentions, lx: Lex, killers: set[str]
) -> str | None:
    """The armed group bare insurgent victims stand for ("dix rebelles", "40 jihadistes").

    Victims named only by an insurgent noun (``insurgent_nouns``), with no
    name, nationality or complement of their own, are the fighters of the
    armed group the article names most often before them (ties: the latest),
    never one that kills them (``killers``: the subjects and agents of the
    trigger's clauses, "le JNIM a revendiqué avoir tué 50 mercenaires").
    """
    if victims.like_num or victims.lower_ in amount_words():
        victims = next((c for c in victims.children if c.dep_ == "nmod"), victims)
    if victims.lower_ not in lx.insurgent_nouns and lemma(victims) not in lx.insurgent_nouns:
        return None
    if any(c.dep_ in ("amod", "appos", "flat:name", "nmod") for c in victims.children):
        return None
    counts: dict[str, int] = {}
    last: dict[str, int] = {}
    seen: set[int] = set()
    for i in range(victims.i):
        m = rm.at(i)
        if m is None or m.kind is not EntityKind.ARMED_GROUP or m.start in seen:
            continue
        seen.add(m.start)
        if m.key in killers:
            continue
        counts[m.key] = counts.get(m.key, 0) + 1
        last[m.key] = i
    if not counts:
        return None
    return max(counts, key=lambda k: (counts[k], last[k]))


def _partitive_figure(c: Token) -> bool:
    """A bare figure with a "des N" complement hung as an oblique ("cinq des six missiles")."""
    return (
        c.like_num
        and (c.dep_ in ("obl", "obl:mod", "xcomp") or (c.dep_ == "punct" and c.i > c.head.i))
        and not any(x.dep_ == "case" for x in c.children)
        and any(x.dep_ == "nmod" and case_of(x) in OF for x in c.children)
    )


def _operation_target(t: Token, rm: ResolvedMentions, kb: KnowledgeBase, lx: Lex) -> str | None:
    """The side an attack that caused the toll was aimed at: it suffers, never the attacker.

    "Les frappes russes contre Kharkiv ont fait 12 morts", "les bombardements
    sur Rafah ont tué 40 personnes": the subject of the toll's verb is an
    operation noun (a MilitaryOperation trigger) whose "sur"/"contre"
    complement names the target, a place (its state) or an actor.
    """
    gov = t.head if t.pos_ == "NOUN" and t.dep_ == "obj" else t
    if gov.pos_ not in ("VERB", "AUX"):
        return None
    operation = EventKind.MILITARY_OPERATION.value
    for subj in gov.children:
        if subj.dep_ != "nsubj" or operation not in trigger_groups(subj, lx):
            continue
        for c in subj.children:
            if c.dep_ != "nmod" or case_of(c) not in lx.target_preps:
                continue
            m = rm.at(c.i)
            if m is None:  # "contre les positions du Hezbollah": the owner of the target
                m = next(
                    (
                        om
                        for o in c.children
                        if o.dep_ == "nmod" and case_of(o) in OF
                        for om in [rm.at(o.i)]
                        if om is not None
                    ),
                    None,
                )
            if m is None:
                continue
            if m.kind.is_actor and m.kind is not EntityKind.STATE:
                return m.key
            state = state_of_place(m, kb)
            if state is not None:
                return state
    return None


def _named_side(victims: Token, rm: ResolvedMentions) -> str | None:
    """A non-state actor named in the victims' "de" complement, before any demonym.

    "84 combattants du groupe paramilitaire russe Wagner": the fighters are
    Wagner's, whatever the nationality adjective inside the complement says.
    Clauses inside the complement ("la coalition dirigée par X") are skipped.
    """
    own = [
        c
        for c in victims.children
        if (c.dep_ == "nmod" and case_of(c) in OF) or c.dep_ in ("flat:name", "appos")
    ]  # the parser may hang the name on the victims' noun: "combattants [du groupe] Wagner"
    for c in own:
        skip = {x.i for d in c.subtree if d.dep_.startswith("acl") for x in d.subtree}
        phrase = [x for x in c.subtree if x.i not in skip]
        for m in mentions_in(phrase, rm):
            if m.kind.is_actor and m.kind is not EntityKind.STATE:
                return m.key
    return None


def _aside_counter(t: Token, lx: Lex) -> list[Token]:
    """A counting verb the parser hung under an aside ("X a de son côté dénombré N tués").

    "de son côté" / "de leur côté" before the participle is often read as a
    noun phrase whose clause is the counting verb; the verb then no longer
    governs the toll. Only such a verb before the trigger, in its sentence.
    """
    return [
        x
        for x in t.sent
        if x.i < t.i
        and x.dep_ in ("acl", "acl:relcl")
        and x.head.lower_ in lx.ranks_nouns
        and any(c.dep_ == "det" and "Poss=Yes" in str(c.morph) for c in x.head.children)
        and _counts(x, lx)
    ]


def _aside_subject(v: Token) -> Token | None:
    """The subject before a counting verb hung under an aside: the sentence's last one."""
    if v.dep_ not in ("acl", "acl:relcl"):
        return None
    return next((x for x in reversed(list(v.sent)) if x.i < v.head.i and x.dep_ == "nsubj"), None)


def _counts(v: Token, lx: Lex) -> bool:
    """True for a verb by which a side counts its own losses: "recenser", "faire état de".

    ``own_loss_verbs`` holds lemmas and verb + noun phrases ("faire état"),
    the noun being a dependant of the verb.
    """
    for entry in lx.own_loss_verbs:
        verb, _, noun = entry.partition(" ")
        if lemma(v) == verb and (not noun or any(c.lower_ == noun for c in v.children)):
            return True
    return False


def _counting_side(subj: Token, rm: ResolvedMentions, kb: KnowledgeBase, lx: Lex) -> str | None:
    """The side behind the subject of "a recensé / a annoncé / a fait état de" own losses.

    A state, its capital ("New Delhi a dénombré"), the state of an armed
    force or ministry ("l'armée pakistanaise", "le ministère azerbaïdjanais
    de la Santé"), even when the body itself is not a known entity; a
    non-state armed group or body that counts its own ("le Hezbollah a
    annoncé la mort de trois combattants"). The subject may be a relative
    pronoun ("l'armée, qui avait annoncé") or a subject pronoun continuing
    the previous subject ("Elle a annoncé"), and a spokesperson speaks for
    the body of the complement ("le porte-parole militaire des Houthis").
    A person otherwise gives nothing: a president reporting a toll may be
    counting another country's dead, and so does a demonym on any other
    noun ("des blogueurs russes", "les médias américains"): only a state's
    bodies (``counting_bodies``: "armée", "ministère", "autorités") or its
    people ("les Ukrainiens") count their own.
    """
    subj = _resolved_subject(subj)
    m = rm.at(subj.i)
    if m is None or m.kind is EntityKind.PERSON:
        for c in subj.children:  # "le porte-parole de l'armée", "le ministère de la Défense"
            cm = rm.at(c.i)
            if c.dep_ == "nmod" and case_of(c) in OF and cm is not None and cm.kind.is_actor:
                m = cm
                break
    if m is not None:
        if m.kind is EntityKind.STATE:
            return m.key
        ent = kb.get(m.key)
        if m.kind is EntityKind.PLACE:
            return ent.seat_of if ent is not None else None
        if m.kind is EntityKind.PERSON:
            return None
        if ent is not None and ent.affiliation:
            state = kb.get(ent.affiliation)
            if state is not None and state.kind is EntityKind.STATE:
                return state.key
        ref = rm.entities.get(m.key)
        if ref is not None and ref.affiliation is None and m.kind is EntityKind.ARMED_GROUP:
            return m.key  # a group without a state counts its own dead
        if m.kind in (EntityKind.GOVERNMENT_BODY, EntityKind.ARMED_FORCE):
            place = _place_in_name(subj.doc[m.start : m.end], kb)
            if place is not None:
                return place  # "la Défense civile de Gaza", "l'administration militaire de Kiev"
    if subj.lower_ in lx.counting_bodies or lemma(subj) in lx.counting_bodies:
        state = nationality(subj, rm, kb)
        if state is None:  # "les autorités de Kharkiv": the state of the place they run
            places = [rm.at(c.i) for c in subj.children if c.dep_ == "nmod" and case_of(c) in OF]
            state = next(
                (st for pm in places if pm is not None for st in [state_of_place(pm, kb)] if st),
                None,
            )
        return state
    demonym = kb.state_for_demonym(subj.text)
    return demonym.key if demonym is not None else None


def _place_in_name(name: Span, kb: KnowledgeBase) -> str | None:
    """The state of the place a local body is named after ("Défense civile de Gaza").

    The words after the name's last "de" are looked up in the KB; a place
    (through its seat or ``locatedIn``) or a state gives the state.
    """
    cut = max((x.i for x in name if x.lower_ in ("de", "d'", "du")), default=None)
    if cut is None or cut + 1 >= name.end:
        return None
    tail = name.doc[cut + 1 : name.end].text
    states = set()
    for ent in kb.lookup(tail):
        for _ in range(4):
            if ent is None or ent.kind is EntityKind.STATE:
                break
            if ent.kind is not EntityKind.PLACE:
                ent = None
                break
            nxt = ent.seat_of or ent.located_in or ent.part_of
            ent = kb.get(nxt) if nxt else None
        if ent is not None:
            states.add(ent.key)
    return states.pop() if len(states) == 1 else None


def _resolved_subject(subj: Token) -> Token:
    """The noun a relative or subject pronoun in subject position stands for."""
    if "Rel" in subj.morph.get("PronType") and subj.head.dep_ == "acl:relcl":
        return subj.head.head  # "l'armée malienne, qui avait annoncé"
    return antecedent(subj) or subj


def _intransitive_use(t: Token) -> bool:
    """True for a verb whose subject suffers, used actively ("ont péri", "a perdu 150 hommes")."""
    if any(c.dep_ in ("nsubj:pass", "aux:pass") for c in t.children):
        return False
    return t.pos_ == "VERB" and t.dep_ not in ("acl", "amod")


def _clash_parties(t: Token, rm: ResolvedMentions, lx: Lex) -> list[str]:
    """The parties of the clash a toll is reported for: both sides suffer it.

    "Les affrontements qui ont opposé l'Inde et le Pakistan ont fait 70
    morts", "70 morts dans les combats entre l'Arménie et l'Azerbaïdjan": the
    clash noun (``clash_nouns``) is the subject of the verb the toll is the
    object of, or a complement of the toll or its verb; its parties follow
    "entre" or are the objects of "opposer".
    """
    gov = t.head if t.dep_ in ("obj", "nmod", "obl", "obl:arg") else t
    clashes = [
        c
        for c in (*gov.children, *t.children)
        if c.dep_ in ("nsubj", "obl", "obl:mod", "nmod") and lemma(c) in lx.clash_nouns
    ]
    for clash in clashes:
        sides: list[Token] = []
        for c in clash.children:
            if c.dep_ == "nmod" and case_of(c) == "entre":
                sides.append(c)  # "entre l'Inde et le Pakistan"
            if c.dep_ in ("acl", "acl:relcl") and lemma(c) == "opposer":
                sides += [x for x in c.children if x.dep_ in ("obj", "obl", "obl:arg")]
        keys = [m.key for side in sides for m in mentions_in(side.subtree, rm) if m.kind.is_actor]
        if len(set(keys)) == 1 and sides:
            keys += _coordinated_after(sides[0], rm)  # "entre X et Y" with Y parsed elsewhere
        if len(set(keys)) >= 2:
            return list(dict.fromkeys(keys))
    return []


def _coordinated_after(tok: Token, rm: ResolvedMentions) -> list[str]:
    """The actor coordinated right after ``tok``'s phrase ("X et le Y"), however parsed."""
    doc = tok.doc
    i = tok.right_edge.i + 1
    if i >= len(doc) or doc[i].lower_ != "et":
        return []
    i += 1
    while i < len(doc) and doc[i].pos_ == "DET":
        i += 1
    m = rm.at(i) if i < len(doc) else None
    return [m.key] if m is not None and m.kind.is_actor else []


def _state_where(
    t: Token, sent: Span, rm: ResolvedMentions, kb: KnowledgeBase, lx: Lex
) -> str | None:
    """The state where a casualty frame's losses happened, from a place complement.

    "27 morts à Kiev", "tué 38 personnes à travers l'Ukraine": a state, or a
    place that is the seat of (or part of) a state, introduced by a place
    preposition in the trigger's clause.
    """
    scope = own_subtree(t, lx)
    gov = t.head if t.pos_ == "NOUN" and t.head.pos_ in ("VERB", "AUX") else None
    if gov is not None:
        scope += [x for c in gov.children if c.dep_.startswith("obl") for x in c.subtree]
    for m in mentions_in(scope, rm):
        root = sent.doc[m.start : m.end].root
        if case_of(root) not in lx.place_preps | {"travers"}:
            continue
        state = state_of_place(m, kb)
        if state is not None:
            return state
    where = _where_antecedent(t, rm)
    if where is not None:
        state = state_of_place(where, kb)
        if state is not None:
            return state  # "l'attentat de Pahalgam, où 26 civils ont été tués"
    # a fronted locative opening the sentence ("A Kiev, [...] 27 morts"), however it
    # was parsed
    fronted = {
        state
        for m in mentions_in(sent[:3], rm)
        if m.start > sent.start and sent.doc[m.start - 1].lower_ in lx.place_preps | {"a"}
        for state in [state_of_place(m, kb)]
        if state is not None
    }
    if len(fronted) == 1:
        return fronted.pop()
    return _headline_topic(t, sent, rm, kb, lx)


def _where_antecedent(t: Token, rm: ResolvedMentions) -> Mention | None:
    """The place a relative clause opened by "où" says the losses happened in.

    "à Pahalgam, où 26 civils ont été tués", "a frappé Goma, où 14 personnes
    sont mortes": the toll's clause (the trigger or the verb its noun hangs
    from) has "où" before it, right after a named place or state. Only a
    named antecedent: "la ville où" leaves it to others.
    """
    doc = t.doc
    for clause in (t, t.head) if t.pos_ == "NOUN" else (t,):
        where = next((c for c in clause.children if c.lower_ == "où" and c.i < clause.i), None)
        if where is None:
            continue
        # the antecedent is the word before "où" (a comma aside): the parser often hangs
        # the relative clause on the main verb instead
        k = where.i - 1
        while k > 0 and doc[k].text == ",":
            k -= 1
        m = rm.at(k)
        if m is not None and m.kind in (EntityKind.PLACE, EntityKind.STATE):
            return m
    return None


def _headline_topic(
    t: Token, sent: Span, rm: ResolvedMentions, kb: KnowledgeBase, lx: Lex
) -> str | None:
    """The state of the place a headline opens with: "Soudan : 40 morts dans une frappe".

    A verbless headline names where it happened before a colon; a toll of
    people after the colon happened there (a state, or the state a place
    lies in: "Gaza : 25 morts" -> Palestine): a casualty noun ("morts") or a
    participle of people ("une dizaine de soldats tués"). Materiel shot down
    there ("Yémen : trois drones abattus") need not be that state's.
    """
    m = rm.at(sent.start)
    if m is None or m.end >= sent.end or sent.doc[m.end].text != ":" or t.i <= m.end:
        return None
    if t.pos_ != "NOUN":
        victims = [c for c in t.children if c.dep_ in ("obj", "nsubj:pass")] + [t.head]
        people = [v for v in victims if not is_materiel(v, rm, lx) and _people(v, rm, kb, lx)]
        if not people or any(is_materiel(v, rm, lx) for v in victims):
            return None
    return state_of_place(m, kb)


def _people(tok: Token, rm: ResolvedMentions, kb: KnowledgeBase, lx: Lex) -> bool:
    """True for a noun of people: personnel, victims ("civils"), or an amount of them."""
    if is_personnel(tok, rm, lx, kb) or tok.lower_ in lx.victim_nouns:
        return True
    if tok.lower_ in amount_words():  # "une dizaine de civils"
        return any(_people(c, rm, kb, lx) for c in tok.children if c.dep_ == "nmod")
    return False
