"""Meetings and cooperation between actors."""

from __future__ import annotations

from spacy.tokens import Span, Token

from newskg.extract.entities import Mention, ResolvedMentions
from newskg.extract.events.frame import EventMention
from newskg.extract.events.lex import Lex
from newskg.extract.events.syntax import (
    LIST_GLUE,
    OF,
    agent_from,
    antecedent,
    bare_argument,
    case_of,
    is_actor,
    mentions_in,
    noun_demonym_sides,
    own_subtree,
    passive_subject,
    phrase_mentions,
    state_of_place,
    subject_of,
)
from newskg.extract.numbers import parse_number
from newskg.kb import KnowledgeBase
from newskg.model import EntityKind, EventKind
from newskg.nlp.lemmas import lemma

_REFLEXIVE = ("se", "s'", "nous", "vous")


def meeting_frame(
    kind: EventKind,
    t: Token,
    sent: Span,
    rm: ResolvedMentions,
    kb: KnowledgeBase,
    lx: Lex,
    mentions: list[Mention],
) -> EventMention | None:
    """A meeting or cooperation: every actor around the trigger takes part (two at least).

    Verbs: the subject (a pronoun stands for its antecedent) and the actors
    of the verb's phrase take part; "s'entretenir", "se parler" need their
    reflexive pronoun ("entretenir des relations" is no meeting), and their
    partners are the "avec" / "entre" complements, not any actor nearby;
    "retrouver", "recevoir", "accueillir" need an actor as object or passive
    subject, or their reflexive pronoun ("se sont retrouvés à Bruxelles";
    "retrouver des corps", "accueillir des F-16" are no meeting). Subject
    names the parser hung on the verb as modifiers still take part
    (:func:`_stray_subject`).
    Nouns ("sommet", "entretien") take the actors of their phrase and, when
    the noun frames a clause ("à l'issue d'un entretien avec Y, X a
    annoncé..."), the clause's subject and addressee; a visit ("la visite de
    X à Kiev") has the visited state take part. One international
    organisation alone is enough when its members meet ("le sommet de
    l'OTAN", "les dirigeants du G7 se sont réunis": :func:`_member_body`).
    The ``place`` is a place named with a place preposition in the
    trigger's phrase, or in the complements of the verb a meeting noun is
    the subject of ("la rencontre a eu lieu à Paris": :func:`_venue`).
    """
    if _called_off(t, lx):
        return None  # "l'Iran a suspendu sa coopération avec l'AIEA", "a annulé le sommet"
    ev = EventMention(kind, t, sent)
    verb = t.pos_ in ("VERB", "AUX")
    lem = lemma(t)
    region = list(own_subtree(t, lx))
    if verb and lem in lx.joint_verbs:
        return _joint_work(ev, t, rm, lx) if kind is EventKind.COOPERATION else None
    if verb and kind is EventKind.MEETING:
        if lem in lx.meeting_reflexive and not any(
            c.lower_ in _REFLEXIVE and c.pos_ == "PRON" for c in t.children
        ):
            return None
        # "se sont retrouvés à Bruxelles" meet; "se retrouvent isolés" are in a state
        state = any(c.dep_ == "xcomp" and c.pos_ in ("ADJ", "VERB") for c in t.children)
        if lem in lx.meeting_actor_object and not any(
            (
                c.dep_ in ("obj", "nsubj:pass")
                and (_head_actor(c, rm) or _official_state(c, kb, lx) is not None)
            )
            or (c.lower_ in _REFLEXIVE and c.pos_ == "PRON" and not state)
            for c in t.children
        ):
            return None
        if lem in lx.meeting_partner_verbs:
            mentions = _partners(t, rm, lx)
    argument = t.dep_ in ("obj", "nsubj:pass") or bare_argument(t)
    if t.pos_ == "NOUN" and not argument:
        mentions = mentions_in(region, rm)  # the governing verb's subject is no participant
    actors = [m for m in mentions if is_actor(m)]
    if verb:
        actors += [m for m in agent_from(t, rm, kb, lx) if m not in actors]
        if subject_of(t, lx) is None:
            actors += [m for m in _stray_subject(t, rm) if m not in actors]
    if t.pos_ == "NOUN":
        # "ont tenu un sommet": the subject of the verb the noun is the object of;
        # "le discours intervenait au lendemain d'une visite" gives the speaker no part
        subj = subject_of(t.head, lx) if argument and t.head.pos_ in ("VERB", "AUX") else None
        if subj is not None:
            subj = antecedent(subj) or subj
            actors += [m for m in phrase_mentions(subj, rm) if is_actor(m) and m not in actors]
        host = t.head
        if (
            kind is EventKind.COOPERATION
            and t.dep_ == "nmod"
            and case_of(t) in OF
            and host.pos_ == "NOUN"
            and (host.dep_ in ("obj", "nsubj:pass") or bare_argument(host))
            and host.head.pos_ in ("VERB", "AUX")
        ):
            # "ont mis en service un dispositif de partage des données": who puts it in place
            subj = subject_of(host.head, lx)
            subj = (antecedent(subj) or subj) if subj is not None else None
            if subj is not None:
                found = [m for m in phrase_mentions(subj, rm) if is_actor(m)]
                actors += [m for m in found if m not in actors]
        framed = _framed_clause(t, lx)
        if framed is not None and kind is EventKind.MEETING:
            phrase, clause = framed
            region += [x for x in phrase.subtree if x not in region]
            around = mentions_in(phrase.subtree, rm) + agent_from(clause, rm, kb, lx)
            around += _addressees(clause, rm)
            actors += [m for m in around if is_actor(m) and m not in actors]
    keys = []
    for m in actors:
        if m.key not in keys:
            keys.append(m.key)
    if verb and kind is EventKind.MEETING:
        # "Xi Jinping a reçu le président brésilien": the guest official's state takes part;
        # the host's too when the guest is named so ("le dirigeant nord-coréen a retrouvé le
        # président russe"), not beside a named guest ("le président américain s'est
        # entretenu avec Zelensky" mostly recalls a person named before)
        guests = [_official_state(c, kb, lx) for c in t.children if c.dep_ in ("obj", "nsubj:pass")]
        guests = [g for g in guests if g is not None]
        subj = subject_of(t, lx) if guests else None
        host = _official_state(subj, kb, lx) if subj is not None else None
        for state in guests + ([host] if host is not None else []):
            if state not in keys:
                keys.append(state)
    if t.pos_ == "NOUN" and t.lower_ in lx.meeting_visits and kind is EventKind.MEETING:
        # "la visite de Biden à Kiev": the state visited takes part
        for m in mentions_in(own_subtree(t, lx), rm):
            root = sent.doc[m.start : m.end].root
            state = state_of_place(m, kb) if case_of(root) in lx.recipient_preps else None
            if state is not None and state not in keys:
                keys.append(state)
    if len(keys) < 2 and kind is EventKind.MEETING:
        # "un entretien entre les chefs des deux armées", "qui se sont parlé lundi"
        sides = _pair_phrases(t, region, lx)
        extra = [m.key for m in mentions_in(sides[len(region) :], rm) if is_actor(m)]
        extra += _demonym_sides(t, kb, lx)
        for k in extra + _pair_states(sides, t, rm, lx):
            if k not in keys:
                keys.append(k)
    body = None
    if len(keys) < 2 and kind is EventKind.MEETING:
        # "le sommet de l'OTAN", "les dirigeants du G7 se sont réunis": its members meet
        body = _member_body(t, rm, kb, lx)
        if body is not None and keys in ([], [body]):
            keys = [body]
        else:
            body = None
    if len(keys) < 2 and body is None:
        return None
    for k in keys:
        ev.add("participant", k)
    if kind is EventKind.MEETING:
        for m in mentions_in(region + _venue(t, lx), rm):
            root = sent.doc[m.start : m.end].root
            if m.kind is EntityKind.PLACE and case_of(root) in lx.place_preps:
                ev.add("place", m.key)
    return ev


def _called_off(t: Token, lx: Lex) -> bool:
    """True for a meeting or cooperation noun a verb ends or cancels (``meeting_ending_verbs``).

    "A suspendu sa coopération avec l'AIEA", "le sommet a été annulé", "a
    dénoncé l'accord de coopération": what is stopped or called off (or the
    noun it qualifies) is no meeting or cooperation that takes place.
    """
    if t.pos_ != "NOUN":
        return False
    top = t
    while top.dep_ == "nmod" and top.head.pos_ == "NOUN":
        top = top.head  # "a dénoncé l'accord de coopération": the agreement ended
    return (
        top.dep_ in ("obj", "nsubj:pass")
        and top.head.pos_ in ("VERB", "AUX")
        and lemma(top.head) in lx.meeting_ending_verbs
    )


def _stray_subject(t: Token, rm: ResolvedMentions) -> list[Mention]:
    """ "Donald Tusk et Friedrich Merz se sont entretenus par téléphone": a subject mislabelled.

    The parser sometimes hangs the names before a meeting verb that has no
    subject on it as a modifier (``advmod``, ``nmod``...). A noun phrase on
    the verb, before it and without a preposition, is then read as its
    subject: its actors (every conjunct) take part.
    """
    for c in t.children:
        stray = c.dep_ in ("advmod", "nmod", "obl", "obl:mod", "dislocated", "appos")
        if c.i < t.i and stray and c.pos_ in ("PROPN", "NOUN") and case_of(c) is None:
            return [m for m in phrase_mentions(c, rm) if is_actor(m)]
    for c in t.children:
        # "Le 12 mars, X et Y se sont parlé": the names chained as conjuncts of the date
        names = [x for x in c.subtree if x.dep_ == "conj" and x.pos_ == "PROPN" and x.i < t.i]
        after_comma = bool(names) and t.doc[names[0].i - 1].text == ","
        if c.i < t.i and after_comma and case_of(names[0]) is None:
            found = [m for x in names for m in phrase_mentions(x, rm) if is_actor(m)]
            if found:
                return found
    return []


def _member_body(t: Token, rm: ResolvedMentions, kb: KnowledgeBase, lx: Lex) -> str | None:
    """The international organisation whose members meet at ``t``, if the wording says so.

    A meeting noun of ``meeting_of_members`` with the organisation as its
    "de" complement ("le sommet de l'OTAN", "une réunion du Conseil de
    sécurité"), or a reflexive meeting verb whose subject is the
    organisation or its members ("les dirigeants du G7 se sont réunis",
    "les ministres de la Défense de l'OTAN se sont retrouvés"). An
    organisation is an agency tied to no state (a ministry or an army is
    not: "les chefs de l'armée se sont réunis" names no meeting between
    sides).
    """
    if lemma(t) not in lx.meeting_of_members and t.lower_ not in lx.meeting_of_members:
        return None
    if t.pos_ in ("VERB", "AUX"):
        if not any(c.lower_ in _REFLEXIVE and c.pos_ == "PRON" for c in t.children):
            return None
        holder = subject_of(t, lx)
        if holder is None:
            return None
        holder = antecedent(holder) or holder
        heads = [holder]
    elif t.pos_ == "NOUN":
        heads = []
    else:
        return None
    frontier = [t] if t.pos_ == "NOUN" else list(heads)
    for _ in range(2):  # "les ministres de la Défense de l'OTAN": two "de" levels
        frontier = [
            c for h in frontier for c in h.children if c.dep_ == "nmod" and case_of(c) in OF
        ]
        heads += frontier
    for h in heads:
        m = rm.at(h.i)
        ent = kb.get(m.key) if m is not None else None
        if ent is not None and ent.kind is EntityKind.AGENCY and not ent.affiliation:
            return ent.key
    return None


def _venue(t: Token, lx: Lex) -> list[Token]:
    """The words of the place a meeting noun's verb gives: "le sommet s'est tenu à Vilnius".

    A meeting noun that is the subject of a verb of ``meeting_venue_verbs``
    ("se tenir", "avoir lieu", "se dérouler") takes the verb's complements as
    its own setting; the place among them is the meeting's.
    """
    if t.pos_ != "NOUN" or t.dep_ != "nsubj" or t.head.pos_ not in ("VERB", "AUX"):
        return []
    v = t.head
    words = {c.lower_ for c in v.children}
    if not any(
        lemma(v) == first and all(w in words for w in rest) for first, *rest in lx.meeting_venues
    ):
        return []
    return [x for c in v.children if c.dep_.startswith("obl") for x in c.subtree]


def _demonym_sides(t: Token, kb: KnowledgeBase, lx: Lex) -> list[str]:
    """ "Les chefs d'état-major indien et pakistanais se sont entretenus": two states.

    The nationality adjectives, coordinated, of the subject of a meeting verb
    (or of a meeting noun itself: "l'entretien indo-pakistanais" aside) each
    name a side; two at least are needed.
    """
    holder = t
    if t.pos_ in ("VERB", "AUX"):
        holder = subject_of(t, lx) or passive_subject(t)  # the parser may say nsubj:pass
        if holder is None:
            return []
    nouns = [holder] + [c for c in holder.children if c.dep_ == "nmod"]  # "chefs d'état-major"
    adjectives = [c for n in nouns for c in n.children if c.dep_ == "amod"]
    # "les présidents russe et turc": the second adjective parsed as a conjunct of the noun
    adjectives += [c for c in holder.children if c.dep_ == "conj" and c.pos_ == "ADJ"]
    adjectives += [c for a in adjectives for c in a.children if c.dep_ == "conj"]
    # treaty_phrases reads the parse with this package's helpers: imported on use
    from newskg.extract.treaty_phrases import compound_demonym_states  # noqa: PLC0415

    out: list[str] = []
    for a in adjectives:
        state = kb.state_for_demonym(a.text)
        found = [state.key] if state is not None else compound_demonym_states(a.text, kb)
        out += [k for k in found if k not in out]  # "l'entretien indo-pakistanais"
    # "les ministres de la Défense arménien et azerbaïdjanais": the list read on the words
    out += [k for k in noun_demonym_sides(holder, kb) if k not in out]
    return out if len(out) >= 2 else []


def _joint_work(ev: EventMention, t: Token, rm: ResolvedMentions, lx: Lex) -> EventMention | None:
    """ "La France et l'Italie développeront un missile", "les trois alliés construiront...".

    A verb of making (``cooperation_joint_verbs``) is a cooperation only when
    its subject is several actors: coordinated names, or a counted group noun
    ("les deux pays", "les trois alliés") standing for the states the article
    is about. What it makes, and for whom, takes no part.
    """
    subj = subject_of(t, lx)
    if subj is None:
        return None
    subj = antecedent(subj) or subj
    keys: list[str] = []
    for m in phrase_mentions(subj, rm):
        if is_actor(m) and m.key not in keys:
            keys.append(m.key)
    if len(keys) < 2:
        keys += [k for k in _pair_states(list(subj.subtree), t, rm, lx) if k not in keys]
    if len(keys) < 2:
        return None
    for k in keys:
        ev.add("participant", k)
    return ev


def _pair_phrases(t: Token, region: list[Token], lx: Lex) -> list[Token]:
    """The tokens that may say "the two sides" of a meeting at ``t``.

    The trigger's own phrase; the "entre" / "avec" complement the parser hung
    on the governing verb right after a meeting noun ("décidé lors d'un
    entretien téléphonique entre les directeurs..."); the noun a relative
    "qui" stands for ("les directeurs [...], qui se sont parlé lundi").
    """
    out = list(region)
    if t.pos_ == "NOUN":
        last = max(x.i for x in t.subtree)
        for c in t.head.children:
            adjacent = c.i > last and min(x.i for x in c.subtree) == last + 1
            if adjacent and case_of(c) in lx.meeting_partner_preps:
                out += list(c.subtree)
    if t.dep_ == "acl:relcl" and any(c.dep_ == "nsubj" and c.lower_ == "qui" for c in t.children):
        own = {x.i for x in t.subtree}
        out += [x for x in t.head.subtree if x.i not in own]
    return out


def _pair_states(tokens: list[Token], t: Token, rm: ResolvedMentions, lx: Lex) -> list[str]:
    """ "les deux armées", "les trois alliés": the states the article is about.

    A plural noun of ``pair_anaphor_nouns`` counted by a small number
    ("les deux pays", "les trois alliés") names that many states: the last
    coordination of exactly that many states before ``t`` ("l'Inde et le
    Pakistan [...] les deux pays"), else the states mentioned most often in
    the article before ``t`` (first mentioned first), when no tie leaves it
    open which.
    """
    n = 0
    for x in tokens:
        if x.lower_ in lx.pair_anaphors:
            for c in x.children:
                count = parse_number(c.text) if c.dep_ == "nummod" else None
                if count is not None and 2 <= count <= 9:
                    n = count
    if not n:
        return []
    group = _last_group(t, n, rm)  # "les Etats-Unis, le Royaume-Uni et l'Australie [...]"
    if group:
        return group
    counts: dict[str, int] = {}
    for m in rm.mentions:
        if m.start < t.i and m.kind is EntityKind.STATE:
            counts[m.key] = counts.get(m.key, 0) + 1
    ranked = sorted(counts, key=lambda k: -counts[k])  # stable: first mentioned first
    if len(ranked) < n or (len(ranked) > n and counts[ranked[n - 1]] == counts[ranked[n]]):
        return []
    return ranked[:n]


def _last_group(t: Token, n: int, rm: ResolvedMentions) -> list[str]:
    """The states of the last list of exactly ``n`` states before ``t``.

    A list is read on the words, not the parse: state mentions separated
    only by commas, "et" and articles ("les Etats-Unis, le Royaume-Uni et
    l'Australie").
    """
    doc = t.doc
    groups: list[list[str]] = []
    last_end = -1
    for m in rm.mentions:
        if m.start >= t.i:
            break
        if m.kind is not EntityKind.STATE:
            continue
        gap = doc[last_end : m.start] if last_end >= 0 else None
        joined = gap is not None and len(gap) > 0 and all(x.lower_ in LIST_GLUE for x in gap)
        if groups and (joined or m.start == last_end):
            if m.key not in groups[-1]:
                groups[-1].append(m.key)
        else:
            groups.append([m.key])
        last_end = m.end
    for g in reversed(groups):
        if len(g) == n:
            return g
    return []


def _partners(t: Token, rm: ResolvedMentions, lx: Lex) -> list[Mention]:
    """The actors a verb of exchange is done with: its "avec" / "entre" complements.

    A means of the talk ("par téléphone avec X", lexicon ``meeting_media``)
    passes on the complements the parser hung on it.
    """
    out: list[Mention] = []
    children = list(t.children)
    for c in list(children):
        if c.dep_.startswith("obl") and c.lower_ in lx.meeting_media:
            children += [x for x in c.children if x.dep_.startswith(("nmod", "appos"))]
    for c in children:
        if c.dep_.startswith(("obl", "nmod", "iobj")) and case_of(c) in lx.meeting_partner_preps:
            out += [m for m in phrase_mentions(c, rm) if m not in out]
    return out


def _framed_clause(t: Token, lx: Lex) -> tuple[Token, Token] | None:
    """The circumstantial phrase a meeting noun sits in, and the verb it frames.

    "à l'issue d'un entretien", "au cours d'un entretien téléphonique", "en
    marge du sommet", "lors d'un sommet" (``meeting_frame_nouns``, nouns or
    prepositions): the noun, or the frame noun it complements, is an oblique
    of a verb; returns (that oblique, the verb). Other obliques do not frame
    the clause: in "le discours intervenait au lendemain d'une visite de X",
    the speaker of the discours takes no part in the visit.
    """
    phrase = t
    if t.dep_ == "nmod" and t.head.pos_ == "NOUN" and t.head.lower_ in lx.meeting_frames:
        phrase = t.head  # "à l'issue d'un entretien"
    elif case_of(t) not in lx.meeting_frames:
        return None  # only "lors d'un sommet", "pendant l'entretien" frame a clause directly
    if phrase.dep_.startswith("obl") and phrase.head.pos_ in ("VERB", "AUX"):
        return phrase, phrase.head
    return None


def _addressees(v: Token, rm: ResolvedMentions) -> list[Mention]:
    """The persons a framed clause is addressed to: "a présenté ses excuses à Y"."""
    out: list[Mention] = []
    for c in v.children:
        if c.dep_ in ("iobj", "obl:arg", "obl") and case_of(c) in ("à", "au", "aux"):
            out += [m for m in phrase_mentions(c, rm) if m.kind is EntityKind.PERSON]
    return out


def _official_state(head: Token, kb: KnowledgeBase, lx: Lex) -> str | None:
    """The state whose official a title with a nationality names: "le président brésilien".

    The title is one of ``meeting_official_nouns``; the nationality an
    adjective on it ("son homologue australien").
    """
    if head.lower_ not in lx.meeting_officials and lemma(head) not in lx.meeting_officials:
        return None
    for c in head.children:
        if c.dep_ == "amod":
            state = kb.state_for_demonym(c.text)
            if state is not None:
                return state.key
    return None


def _head_actor(head: Token, rm: ResolvedMentions) -> bool:
    """Whether the phrase ``head`` heads names an actor itself, not in a complement.

    "a reçu le Premier ministre Rishi Sunak": yes; "accueillaient des F-16
    engagés en Ukraine": no (Ukraine is in the participle's complement).
    """
    own = [head] + [c for c in head.children if c.dep_ in ("appos", "flat:name", "conj")]
    # "a reçu son homologue australien Richard Marles": the name parsed as a bare nmod
    own += [c for c in head.children if c.dep_ == "nmod" and case_of(c) is None]
    return any((m := rm.at(x.i)) is not None and is_actor(m) for x in own)
