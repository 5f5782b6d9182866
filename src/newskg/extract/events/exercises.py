"""Joint military exercises, manoeuvres and patrols: a cooperation between the sides taking part.

"La Chine et la Russie ont mené des exercices conjoints", "des manœuvres
communes réunissent l'Inde et les États-Unis", "le Japon a organisé des
exercices avec l'Australie", "les marines chinoise et russe patrouillent
ensemble": an exercise (lexicon ``cooperation_exercise_nouns``, or a verb of
``cooperation_exercise_verbs``) held by two sides at least is an
``nkg:Cooperation`` whose participants are those sides. A state exercising
alone ("la Russie a mené des exercices en Biélorussie") is none: the place
of an exercise never takes part.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from newskg.extract.entities import ResolvedMentions
from newskg.extract.events.frame import EventMention
from newskg.extract.events.lex import Lex
from newskg.extract.events.syntax import (
    OF,
    antecedent,
    bare_argument,
    case_of,
    is_actor,
    mentions_in,
    own_subtree,
    phrase_mentions,
    subject_of,
)
from newskg.kb import KnowledgeBase
from newskg.model import EntityKind, EventKind
from newskg.nlp.lemmas import lemma, verb_candidates

__all__ = ["compound_states", "exercise_frame", "is_exercise"]

_REFLEXIVE = ("se", "s'", "s’", "nous", "vous")


def is_exercise(t: Token, lx: Lex) -> bool:
    """Whether ``t`` names an exercise, a manoeuvre or a patrol (noun or verb)."""
    if t.pos_ in ("NOUN", "PROPN"):
        if t.lower_ not in lx.exercise_nouns and lemma(t) not in lx.exercise_nouns:
            return False
        # "un exercice d'équilibre", "l'exercice du pouvoir": no drill
        return not any(
            c.dep_ == "nmod"
            and case_of(c) in OF
            and (c.lower_ in lx.exercise_abstract or lemma(c) in lx.exercise_abstract)
            for c in t.children
        )
    lems = _verb_lemmas(t) if t.pos_ == "VERB" else set()
    if lems & lx.exercise_verbs:
        # "s'entraîner": only with its reflexive pronoun ("entraîner des pilotes" is training)
        needs = bool(lems & lx.exercise_reflexive)
        return not needs or any(c.lower_ in _REFLEXIVE for c in t.children)
    return False


def exercise_frame(
    t: Token, sent: Span, rm: ResolvedMentions, kb: KnowledgeBase, lx: Lex
) -> EventMention | None:
    """The cooperation an exercise at ``t`` is, when two sides at least hold it.

    The sides are read where the wording puts them, never among the places:
    the subject of the verb that holds the exercise ("X et Y ont mené des
    exercices", lexicon ``light_verbs`` and ``exercise_subject_verbs``), or
    of the exercise verb itself; the "avec" / "entre" partners of the noun
    or of that verb ("des exercices avec l'Australie"); the "de" complement
    of the noun ("les manœuvres de la Chine et de la Russie"); the objects
    of a verb the exercise is the subject of ("des manœuvres réunissent X et
    Y", ``exercise_gathering_verbs``); the nationality adjectives of the
    subject or of the noun ("les marines chinoise et russe", "des exercices
    sino-russes"). The place is a place named with a place preposition in
    the exercise's phrase or in its verb's complements.
    """
    ev = EventMention(EventKind.COOPERATION, t, sent)
    anchor = t
    if t.dep_ == "nmod" and t.head.lower_ in lx.transparent:
        anchor = t.head  # "une série d'exercices conjoints"
    verb = t if t.pos_ == "VERB" else _holding_verb(anchor, lx)
    keys: list[str] = []

    def take(found: list[str]) -> None:
        keys.extend(k for k in found if k not in keys)

    subj = subject_of(verb, lx) if verb is not None else None
    if subj is not None:
        subj = antecedent(subj) or subj
        take([m.key for m in phrase_mentions(subj, rm) if is_actor(m)])
        take(_demonym_states(subj, kb, lx))
    gathering = None
    if t.pos_ != "VERB":
        take(_of_complement(t, rm))
        take(_demonym_states(t, kb, lx))
        if anchor.dep_ == "nsubj" and anchor.head.pos_ in ("VERB", "AUX"):
            gathering = anchor.head  # "les exercices ont eu lieu en mer Noire": where
        if gathering is not None and lemma(gathering) in lx.exercise_gathering:
            for c in gathering.children:  # "des manœuvres réunissent X et Y": who
                if c.dep_ in ("obj", "obl:arg"):
                    take([m.key for m in phrase_mentions(c, rm) if is_actor(m)])
    holders = [t] + [v for v in (verb, gathering) if v is not None and v is not t]
    for h in holders:
        take(_partners(h, rm, lx))
    if t.pos_ != "VERB":
        for a in t.children:  # "un exercice conjoint avec les Philippines": hung on "conjoint"
            if a.dep_ == "amod" and a.pos_ == "ADJ":
                take(_partners(a, rm, lx))
    if len(_sides(keys, rm, kb)) < 2:
        return None
    for k in keys:
        ev.add("participant", k)
    for k in _places(holders, t, rm, lx):
        ev.add("place", k)
    return ev


def _sides(keys: list[str], rm: ResolvedMentions, kb: KnowledgeBase) -> set[str]:
    """The sides ``keys`` stand for: a body of a state ("l'armée polonaise") is that state's."""
    out: set[str] = set()
    for k in keys:
        ref = rm.entities.get(k)
        ent = kb.get(k)
        out.add((ref.affiliation if ref else None) or (ent.affiliation if ent else None) or k)
    return out


def _holding_verb(noun: Token, lx: Lex) -> Token | None:
    """The verb whose subject holds the exercise ``noun``: "ont mené des exercices".

    The noun is its object (or the parser's bare ``obl:arg``), or its "à"
    complement for a verb of taking part ("participer à des manœuvres").
    """
    head = noun.head
    if head.pos_ not in ("VERB", "AUX") or head.i == noun.i:
        return None
    lems = _verb_lemmas(head)
    takes_part = bool(lems & lx.exercise_subject_verbs)
    holds = takes_part or bool(lems & lx.light_verbs)
    if holds and (noun.dep_ in ("obj", "nsubj:pass") or bare_argument(noun)):
        return head
    if takes_part and case_of(noun) in ("à", "au", "aux"):
        return head
    return None


def _verb_lemmas(v: Token) -> set[str]:
    """The lemmas ``v`` may have: spaCy's (repaired), and the infinitives its form conjugates
    ("participe", which spaCy leaves as it is, is "participer")."""
    return {lemma(v), *verb_candidates(v.lower_)}


def _of_complement(noun: Token, rm: ResolvedMentions) -> list[str]:
    """The actors the noun's "de" complements name: "les exercices de la Chine et de la Russie".

    The complement's own name and its conjuncts, not what hangs deeper ("des
    manœuvres d'envergure autour de Taïwan" names no side).
    """
    out: list[str] = []
    for c in noun.children:
        # "des États-Unis et de la Corée du Sud": the parser may hang the second on the noun
        if c.dep_ not in ("nmod", "conj") or c.pos_ not in ("NOUN", "PROPN"):
            continue
        if case_of(c) not in OF:
            continue
        for x in [c, *(y for y in c.children if y.dep_ == "conj")]:
            m = rm.at(x.i)
            if m is not None and is_actor(m) and m.key not in out:
                out.append(m.key)
    return out


def _partners(h: Token, rm: ResolvedMentions, lx: Lex) -> list[str]:
    """The actors of the "avec" / "entre" complements of ``h``."""
    out: list[str] = []
    for c in h.children:
        if c.dep_.startswith(("obl", "nmod")) and case_of(c) in lx.meeting_partner_preps:
            # "avec la Pologne et la Lituanie": the parser may hang the second name on h
            later = [x for x in h.children if x.dep_ == "conj" and x.i > c.i]
            later = [x for x in later if x.pos_ in ("NOUN", "PROPN") and case_of(x) is None]
            for x in [c, *later]:
                out += [m.key for m in phrase_mentions(x, rm) if is_actor(m) and m.key not in out]
    return out


def _demonym_states(head: Token, kb: KnowledgeBase, lx: Lex) -> list[str]:
    """The states the nationality adjectives on ``head`` name, coordinated or compound.

    "les marines chinoise et russe" (China, Russia), "des exercices
    sino-russes" (China, Russia), "les forces américaines et sud-coréennes".
    """
    adjectives = [c for c in head.children if c.dep_ == "amod"]
    # "les exercices conjoints américano-japonais": the parser may chain the adjectives
    adjectives += [c for a in adjectives for c in a.children if c.dep_ == "amod"]
    adjectives += [c for c in head.children if c.dep_ == "conj" and c.pos_ == "ADJ"]
    adjectives += [c for a in adjectives for c in a.children if c.dep_ == "conj"]
    out: list[str] = []
    for a in adjectives:
        state = kb.state_for_demonym(a.text)
        found = [state.key] if state is not None else compound_states(a.text, kb, lx)
        out += [k for k in found if k not in out]
    return out


def compound_states(word: str, kb: KnowledgeBase, lx: Lex) -> list[str]:
    """The states of a compound nationality adjective: "sino-russes", "nippo-américains".

    Besides the forms :func:`~newskg.extract.treaty_phrases.compound_demonym_states`
    derives from a demonym ("russo-", "israélo-"), a first part may be a
    learned combining form of ``demonym_combining_forms`` ("sino-": China,
    "nippo-": Japan), and "nord-" / "sud-" stay with the part they qualify
    ("américano-sud-coréens"). Every part must name a state.
    """
    # treaty_phrases reads the parse with this package's helpers: imported on use
    from newskg.extract.treaty_phrases import compound_demonym_states  # noqa: PLC0415

    found = compound_demonym_states(word, kb)
    if found:
        return found
    parts: list[str] = []
    for p in word.split("-"):
        if parts and parts[-1].lower() in ("nord", "sud"):
            parts[-1] += "-" + p
        else:
            parts.append(p)
    if len(parts) < 2 or "" in parts:
        return []
    out: list[str] = []
    for n, part in enumerate(parts):
        if n == len(parts) - 1:
            state = kb.state_for_demonym(part)
            keys = [state.key] if state is not None else []
        elif part.lower() in lx.combining_forms:
            keys = [lx.combining_forms[part.lower()]]
        else:  # "russo-": read as the first part of a compound with the last
            keys = compound_demonym_states(f"{part}-{parts[-1]}", kb)[:1]
        if not keys:
            return []
        out += [k for k in keys if k not in out]
    return out if len(out) >= 2 else []


def _places(holders: list[Token], t: Token, rm: ResolvedMentions, lx: Lex) -> list[str]:
    """Places named with a place preposition in the exercise's phrase or its verbs' complements."""
    doc = t.doc
    tokens = list(own_subtree(t, lx))
    for h in holders[1:]:
        for c in h.children:
            if c.dep_.startswith("obl"):
                tokens += [x for x in c.subtree if x not in tokens]
    out: list[str] = []
    for m in mentions_in(tokens, rm):
        root = doc[m.start : m.end].root
        if m.kind is EntityKind.PLACE and case_of(root) in lx.place_preps and m.key not in out:
            out.append(m.key)
    return out
