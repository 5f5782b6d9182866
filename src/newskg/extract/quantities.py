"""Quantities: the figures of a sentence, their measure, and the event they belong to.

:func:`newskg.extract.numbers.find_numbers` finds the figures ("plus de
1.100", "plusieurs milliers"); this module decides what each one counts from
the noun it quantifies and the words around it (lexicon ``events_fr.json``):

- a casualty noun ("1.100 pertes", "100 décès") gives the measure directly;
- a personnel noun ("100 soldats") takes the measure of the casualty verbs it
  is the subject of or that modify it ("tués" -> Killed, "blessés" ->
  Wounded, "tués ou blessés" -> KilledOrWounded), else counts Troops;
- a unit noun ("220 unités de canons") counts Units;
- "2 700 autres blessés": "autres" takes its head's measure;
- "évaluer à 4.000 les militaires tués ou blessés": a figure attached to a
  verb by "à" counts that verb's object.

Each quantity then goes to the nearest event of a class that takes it and
whose figures it can stand beside: a killed-or-wounded total never joins
separate killed and wounded figures, which are another estimate. A casualty
frame whose victim is one noun with "un"/"une" ("a abattu un hélicoptère",
"un soldat a été tué") counts 1.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from types import MappingProxyType

from spacy.tokens import Span, Token

from newskg.extract.entities import ResolvedMentions
from newskg.extract.events import EventMention
from newskg.extract.events.syntax import case_of, detached_subject
from newskg.extract.numbers import NumberMention, amount_words
from newskg.extract.scope import is_increment
from newskg.kb import KnowledgeBase
from newskg.model import EntityKind, EventKind, Measure, Quantity
from newskg.nlp.lemmas import lemma
from newskg.nlp.lexicon import lexicon

__all__ = ["attach_quantities"]


_FOR_KIND = {
    Measure.TROOPS: (EventKind.DEPLOYMENT, EventKind.WITHDRAWAL),
    Measure.KILLED: (EventKind.CASUALTIES,),
    Measure.WOUNDED: (EventKind.CASUALTIES,),
    Measure.KILLED_OR_WOUNDED: (EventKind.CASUALTIES,),
    Measure.UNITS: (EventKind.ARMS_TRANSFER,),
    Measure.CAPTURED: (EventKind.CASUALTIES,),
    Measure.DESTROYED: (EventKind.CASUALTIES,),
}
_HUMAN = (Measure.KILLED, Measure.WOUNDED, Measure.KILLED_OR_WOUNDED, Measure.CAPTURED)


@cache  # the lexicon is read-only: built once per process
def _casualty_words() -> Mapping[str, Measure]:
    lex = lexicon("events")["casualty_measures"]
    return MappingProxyType({w: Measure(m) for m, ws in lex.items() for w in ws if " " not in w})


def _verb_object_measure(v: Token) -> Measure | None:
    """The measure of a verb + object phrase: "perdre la vie", "faire prisonniers"."""
    pairs = lexicon("events")["casualty_verb_object"]
    lem = lemma(v)
    for measure, phrases in pairs.items():
        for verb, noun in phrases:
            if lem == verb and any(
                c.lower_ == noun or c.lemma_.lower() == noun
                for c in v.children
                if c.dep_
                in ("obj", "xcomp", "obl", "obl:arg", "obl:mod", "amod", "nsubj:pass", "acl")
            ):
                return Measure(measure)
            if lem == verb and v.head.i > v.i and noun in (v.head.lower_, v.head.lemma_.lower()):
                return Measure(measure)  # "ont été faits prisonniers", "prisonniers" the root
    return None


def _measure_of_verbs(verbs: list[Token], words: Mapping[str, Measure]) -> Measure | None:
    measures = set()
    for v in verbs:
        phrase = _verb_object_measure(v)
        if phrase is not None:
            measures.add(phrase)
            continue
        for w in (v.lower_, v.lemma_.lower(), lemma(v)):
            if w in words:
                measures.add(words[w])
                break
        for c in v.children:
            if _has_own_figure(c):
                continue  # "300 tués et 2 700 autres blessés": two figures, two measures
            if c.dep_ == "conj" and (c.lower_ in words or c.lemma_.lower() in words):
                measures.add(words.get(c.lower_) or words[c.lemma_.lower()])
    if not measures:
        return None
    if Measure.DESTROYED in measures or Measure.CAPTURED in measures:
        return sorted(measures & {Measure.DESTROYED, Measure.CAPTURED})[0]
    if len(measures) > 1 or Measure.KILLED_OR_WOUNDED in measures:
        return Measure.KILLED_OR_WOUNDED
    return measures.pop()


def _casualty_words_on(
    heads: list[Token], deps: tuple[str, ...], words: dict[str, Measure]
) -> list[Token]:
    """The casualty words hung on ``heads`` as ``deps``, without a figure of their own.

    "d'autres militaires, morts ou grièvement blessés" (apposed), "et une
    centaine blessés" (on the amount word of a gapped clause).
    """
    return [
        c
        for h in heads
        for c in h.children
        if c.dep_ in deps
        and (c.lower_ in words or lemma(c) in words)
        and not any(x.like_num for x in c.children)
    ]


def _has_own_figure(verb: Token) -> bool:
    """True when a coordinated verb has its own subject or figure."""
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubj:pass") or (c.like_num and c.dep_ in ("nummod", "det", "obj")):
            return True
        if any(x.like_num for x in c.children if x.dep_ in ("nummod", "det")):
            return True
    return False


def _quantified(tok: Token, end: Token) -> Token:
    """The noun a figure counts."""
    if tok.dep_ in ("nummod", "det") or (tok.dep_ == "amod" and tok.like_num):
        if tok.head.pos_ in ("VERB", "AUX"):
            return tok  # "en transférerait six": a bare figure, the verb says what counts
        return tok.head
    amounts = amount_words()
    if tok.pos_ == "NOUN" and tok.lower_ in amounts:
        for c in tok.children:
            if c.dep_ in ("nmod", "amod") and c.i == end.i + 1 and not c.like_num:
                return c  # "deux cents civils", read as "cents" qualified by "civils"
        for c in tok.children:
            if c.dep_ == "nmod" and case_of(c) in ("de", "d'", "d’", "des"):
                # "une dizaine de milliers de soldats": what is counted
                return _quantified(c, c) if c.lower_ in amounts else c
        return tok
    if tok.dep_ in ("obl", "obl:mod", "obl:arg") and tok.head.pos_ == "VERB":
        for c in tok.head.children:
            if c.dep_ == "obj":
                return c
        return tok.head  # "tués ou blessés à 4 000": the verb says what is counted
    nxt = end.nbor(1) if end.i + 1 < len(end.doc) else end
    if nxt.pos_ in ("NOUN", "PROPN"):
        return nxt
    return tok


def _measure(q: Token, rm: ResolvedMentions, kb: KnowledgeBase) -> Measure | None:
    words = _casualty_words()
    lex = lexicon("events")
    personnel = set(lexicon("entities")["personnel_nouns"])
    low, lem = q.lower_, q.lemma_.lower()
    victims = set(lex["victim_nouns"])
    if (q.like_num or q.pos_ == "NUM") and q.head is not q:
        # "Vingt-sept civils y ont été blessés": a compound number word is no like_num
        # "en a abattu cinq", "30 des 38 missiles ont été abattus": the verb says what counts
        counted = next((c for c in q.children if c.dep_ == "nmod"), None)
        # a partitive figure the parser hangs as a complement: "a abattu quatre des sept drones"
        # (even as "punct" after the verb: "avaient coulé trois de leurs embarcations")
        argument = q.dep_ in ("obj", "nsubj:pass", "nsubj", "nummod") or (
            counted is not None
            and (
                q.dep_ in ("xcomp", "obl", "obl:mod")
                or (q.dep_ == "punct" and q.i > q.head.i and case_of(counted) in ("de", "des"))
            )
        )
        if argument and q.head.pos_ in ("VERB", "ADJ"):
            m = _measure_of_verbs([q.head], words)
            if m is not None:
                if counted is not None and m in _HUMAN and _is_materiel_word(counted, rm, lex):
                    return Measure.DESTROYED if m is Measure.KILLED else None
                return m
            partitive = any(c.lower_ == "en" and c.pos_ == "PRON" for c in q.head.children)
            transfers = lex["verb_triggers"]["transfer"] + lex["verb_triggers"]["converse_transfer"]
            if partitive and lemma(q.head) in transfers:
                return Measure.UNITS  # "la Norvège en transférerait six"
        return None
    # "25 drones indiens" parsed with the adjective as the head: the materiel is its child
    misparsed = q.pos_ == "ADJ" and any(
        _is_materiel_word(c, rm, lex) for c in q.children if c.dep_ in ("advmod", "nmod", "obj")
    )
    if _is_materiel_word(q, rm, lex) or misparsed:
        verbs = [c for c in q.children if c.dep_ in ("acl", "amod", "acl:relcl")]
        if q.dep_ in ("nsubj:pass", "obj"):
            verbs.append(q.head)
        if q.dep_ == "conj" and q.head.dep_ in ("nsubj:pass", "obj"):
            verbs.append(q.head.head)  # "a abattu trois drones puis deux missiles"
        if q.dep_ == "fixed" and q.head.dep_ == "advmod" and q.head.head.pos_ == "VERB":
            verbs.append(q.head.head)  # "a perdu plus de 200 chars", "chars" read into "plus de"
        amount = q.head if q.dep_ == "nmod" and q.head.lower_ in amount_words() else None
        if amount is not None and amount.dep_ in ("nsubj:pass", "obj"):
            verbs.append(amount.head)  # "une centaine de drones ont été abattus"
        m = _measure_of_verbs(verbs, words)
        if m is Measure.DESTROYED:  # "trois drones abattus", "a détruit 25 drones"
            return m
        if m is not None and _lemma_in(verbs, tuple(lex["materiel_loss_verbs"])):
            return Measure.DESTROYED  # "l'armée a perdu 30 blindés": materiel lost
    if q.pos_ == "VERB":
        m = _measure_of_verbs([q], words)
        if m is not None:
            return m
    if (low in words or lem in words) and q.pos_ in ("NOUN", "ADJ", "VERB"):
        # "600 tués ou blessés": a coordinated casualty word without a figure of its
        # own makes one killed-or-wounded total
        return _measure_of_verbs([q], words) or words.get(low) or words[lem]
    if low == "autres" and q.head is not q:
        return _measure(q.head, rm, kb)
    if low in amount_words():
        # "quarante civils ont été tués et une centaine blessés": the amount word counts
        # alone, the casualty word of its gapped clause hung on it
        hung = _casualty_words_on([q], ("acl", "amod", "appos"), words)
        if hung:
            return _measure_of_verbs(hung, words)
    if low in lex["count_nouns"] or lem in lex["count_nouns"]:
        # "estimer le nombre de Nord-Coréens tués à 4 000": what the count counts
        counted = next((c for c in q.children if c.dep_ == "nmod"), None)
        return _measure(counted, rm, kb) if counted is not None else None
    counts_materiel = (low in lex["unit_nouns"] or lem in lex["unit_nouns"]) and any(
        c.dep_ == "nmod"
        and (
            c.lower_ in lex["materiel_nouns"]
            or c.lemma_.lower() in lex["materiel_nouns"]
            or (rm.at(c.i) is not None and rm.at(c.i).kind is EntityKind.WEAPON_SYSTEM)
        )
        for c in q.children
    )
    if counts_materiel:  # "220 unités de canons": units of materiel, not troops
        return Measure.UNITS
    is_personnel = (
        low in personnel
        or lem in personnel
        or (q.pos_ in ("NOUN", "PROPN") and kb.state_for_demonym(q.text) is not None)
    )
    if is_personnel or low in victims or lem in victims or _starts_phrase(q, victims):
        verbs = [c for c in q.children if c.dep_ in ("acl", "amod", "acl:relcl")]
        if q.dep_ in ("nsubj", "nsubj:pass", "obj", "appos"):  # "a perdu 150 hommes"
            verbs.append(q.head)
            if q.head.pos_ == "VERB" and kb.state_for_demonym(q.head.text) is not None:
                verbs.append(q.head.head)  # "six soldats lettons ont été blessés", misparsed
        # "Blessés lors de l'attaque, neuf policiers ont été évacués"
        opening = next((x for x in q.sent if x.pos_ != "ADV"), None)
        if opening is not None and opening.i < q.i and detached_subject(opening) == q:
            verbs.append(opening)
        # "d'autres militaires, morts ou grièvement blessés": an apposed casualty word,
        # on the noun or on the amount word that counts it ("une quinzaine de combattants")
        described = [q, q.head] if q.head.lower_ in amount_words() else [q]
        verbs += _casualty_words_on(described, ("conj", "appos"), words)
        amount = q.head if q.dep_ in ("nmod", "amod") and q.head.lower_ in amount_words() else None
        while amount is not None and amount.dep_ == "nmod" and amount.head.lower_ in amount_words():
            amount = amount.head  # "une dizaine de milliers de soldats"
        if amount is not None and amount.dep_ in ("nsubj", "nsubj:pass", "obj"):
            verbs.append(amount.head)  # "a tué une centaine de terroristes"
        if q.dep_ == "obj":  # "a recensé 40 civils tués", the participle parsed on the verb
            verbs += [c for c in q.head.children if c.dep_ == "xcomp"]
        if _bare_captive(q.head):  # "a fait prisonniers 50 militaires", hung on the noun
            verbs.append(q.head)
        for c in q.children:  # "15 civils et cinq soldats tués": the participle is shared
            if c.dep_ == "conj":
                verbs += [x for x in c.children if x.dep_ in ("acl", "amod")]
        if q.dep_ == "conj" and q.head.dep_ in ("nsubj", "nsubj:pass", "obj"):
            verbs.append(q.head.head)  # "deux soldats et trois civils ont été tués"
        m = _measure_of_verbs(verbs, words)
        if m is Measure.DESTROYED:
            m = Measure.KILLED if _lemma_in(verbs, ("abattre", "neutraliser")) else None
        if m is None and q.dep_ in ("nmod", "obl", "obl:arg", "obl:mod"):
            m = _measure_of_verbs([q.head], words)  # "le bilan de 84 morts", "tués parmi"
        return m or (Measure.TROOPS if is_personnel else None)
    if low in lex["unit_nouns"] or lem in lex["unit_nouns"]:
        return Measure.UNITS
    m = rm.at(q.i)
    if m is not None and m.kind is EntityKind.WEAPON_SYSTEM and q.pos_ in ("NOUN", "PROPN"):
        return Measure.UNITS  # "36 Rafale", "14 Leopard 2": a system counted by name
    return None


def _bare_captive(tok: Token) -> bool:
    """A captive noun standing bare after "faire": "a fait prisonniers 50 militaires".

    The predicative noun (no determiner, no figure of its own) says the
    people that follow were taken prisoner; the parser may hang them on it.
    """
    captive = lexicon("events")["captive_nouns"]
    return (
        (tok.lower_ in captive or lemma(tok) in captive)
        and lemma(tok.head) == "faire"
        and not any(c.dep_ in ("det", "nummod") for c in tok.children)
    )


def _is_materiel_word(q: Token, rm: ResolvedMentions, lex: dict) -> bool:
    m = rm.at(q.i)
    if m is not None and m.kind is EntityKind.WEAPON_SYSTEM:
        return True
    return q.lower_ in lex["materiel_nouns"] or q.lemma_.lower() in lex["materiel_nouns"]


def _starts_phrase(q: Token, phrases: set[str]) -> bool:
    """True when ``q`` opens one of the multiword ``phrases`` ("casques bleus")."""
    doc = q.doc
    return any(
        q.i + n <= len(doc) and doc[q.i : q.i + n].text.lower() in phrases for n in (2, 3, 4)
    )


def _lemma_in(verbs: list[Token], lemmas: tuple[str, ...]) -> bool:
    return any(lemma(v) in lemmas for v in verbs)


def attach_quantities(
    sent: Span,
    events: Sequence[EventMention],
    numbers: Sequence[NumberMention],
    rm: ResolvedMentions,
    kb: KnowledgeBase,
) -> dict[int, list[Quantity]]:
    """Map ``id(event)`` to the quantities of ``sent`` that belong to it."""
    doc = sent.doc
    out: dict[int, list[Quantity]] = {}
    for nm in numbers:
        span = doc.char_span(
            sent.start_char + nm.number_start,
            sent.start_char + nm.number_end,
            alignment_mode="expand",
        )
        if span is None or len(span) == 0:
            continue
        if any(rm.at(t.i) is not None for t in span):
            continue  # part of a name ("lance-roquettes de 240 mm")
        tok = span.root
        q = _quantified(tok, span[-1])
        measure = _measure(q, rm, kb)
        if measure is None:
            continue
        kinds = _FOR_KIND[measure]
        cands = [e for e in events if e.kind in kinds]
        if not cands:
            continue
        own = [e for e in cands if e.theme is not None and e.theme.i == q.i]
        # "et le Danemark 19": the figure right after a gapped frame's actor is its own
        own = [e for e in cands if e.theme is not None and e.theme.i == tok.i - 1] or own
        # coordinated victims ("84 combattants et 47 soldats") each have their frame
        ranked = own or sorted(
            cands, key=lambda e: (_distance(e.trigger, q), abs(e.trigger.i - q.i))
        )
        quantity = Quantity(
            measure=measure,
            value=nm.value,
            min_value=nm.min_value if nm.value is None else None,
            max_value=nm.max_value if nm.value is None else None,
            qualifier=nm.qualifier,
            increment=is_increment(q),
        )
        # a figure never joins one of another estimate: the nearest frame whose
        # figures it can stand beside, else none
        target = next((e for e in ranked if not _totals_clash(out.get(id(e), []), measure)), None)
        if target is None:
            continue
        bucket = out.setdefault(id(target), [])
        if all(x.measure != quantity.measure for x in bucket):
            bucket.append(quantity)
    for ev in events:  # "un soldat a été tué et deux autres blessés"
        one = _one_victim(ev.trigger, rm, kb) if ev.kind is EventKind.CASUALTIES else None
        bucket = out.get(id(ev), [])
        if one is None or _totals_clash(bucket, one.measure):
            continue
        if all(x.measure != one.measure for x in bucket):
            out[id(ev)] = [*bucket, one]
    return out


_INDEFINITE_ONE = frozenset({"un", "une"})


def _one_victim(t: Token, rm: ResolvedMentions, kb: KnowledgeBase) -> Quantity | None:
    """One victim or one piece of materiel named with "un"/"une": a figure of 1.

    "ses hommes ont abattu un hélicoptère", "un général avait été tué à
    Alep", "un soldat tué": the indefinite article of a singular victim is
    the count (the number reader never takes a lone "un" for 1, since it is
    mostly an article). Only the victims of the trigger itself count.
    """
    victims = [c for c in t.children if c.dep_ in ("obj", "nsubj:pass")]
    if t.dep_ in ("acl", "amod") and t.head.pos_ == "NOUN":
        victims.append(t.head)
    titles = set(lexicon("entities")["person_titles"])
    for v in victims:
        single = "Sing" in v.morph.get("Number") and any(
            c.dep_ == "det" and c.lower_ in _INDEFINITE_ONE for c in v.children
        )
        if not single or any(c.like_num and c.lower_ not in _INDEFINITE_ONE for c in v.children):
            continue
        measure = _measure(v, rm, kb)
        if measure is None and (v.lower_ in titles or lemma(v) in titles):
            measure = _measure_of_verbs([t], _casualty_words())  # "un général tué"
            measure = None if measure is Measure.DESTROYED else measure
        if measure in _FOR_KIND and EventKind.CASUALTIES in _FOR_KIND[measure]:
            return Quantity(measure=measure, value=1)
    return None


_PARTS = frozenset({Measure.KILLED, Measure.WOUNDED})


def _totals_clash(bucket: Sequence[Quantity], measure: Measure) -> bool:
    """True when ``measure`` cannot be a figure of the same estimate as ``bucket``'s.

    A killed-or-wounded total and separate killed and wounded figures are two
    estimates ("4 700 tués et 2 700 blessés selon Kiev, 600 tués ou blessés
    selon Moscou"): putting them in one event would state a total smaller
    than its parts.
    """
    have = {x.measure for x in bucket}
    if measure is Measure.KILLED_OR_WOUNDED:
        return bool(have & _PARTS)
    return measure in _PARTS and Measure.KILLED_OR_WOUNDED in have


def _distance(a: Token, b: Token) -> int:
    """Length of the dependency path between two tokens."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    ib = {t.i: n for n, t in enumerate(up_b)}
    for n, t in enumerate(up_a):
        if t.i in ib:
            return n + ib[t.i]
    return len(up_a) + len(up_b)
