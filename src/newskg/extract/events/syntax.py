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
from newskg.extract.events.lex import Lex
from newskg.extract.numbers import amount_words
from newskg.kb import KnowledgeBase
from newskg.model import EntityKind, EventKind
from newskg.nlp.lemmas import lemma

__all__ = [
    "OF",
    "SUBJ_DEPS",
    "agent_from",
    "antecedent",
    "bare_argument",
    "case_of",
    "counted",
    "is_actor",
    "is_materiel",
    "is_personnel",
    "last_mention_before",
    "mentions_in",
    "nationality",
    "outer_case",
    "own_phrase",
    "own_subtree",
    "passive_subject",
    "path_up",
    "phrase_group",
    "phrase_mentions",
    "side_of",
    "specific",
    "state_of_place",
    "subject_of",
    "theme_candidates",
    "trigger_groups",
]

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
        adjunct = adjunct or participle
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


def passive_subject(v: Token) -> Token | None:
    for c in v.children:
        if c.dep_ == "nsubj:pass":
            return c
    return None


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
    return [x for x in t.subtree if x.i not in skip]


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
        if c.dep_ in ("amod", "nmod", "appos"):
            st = kb.state_for_demonym(c.text)
            if st is not None:
                return st.key
            cm = rm.at(c.i)
            if cm is not None and cm.kind is EntityKind.STATE:
                return cm.key
    return None


def is_personnel(tok: Token, rm: ResolvedMentions, lx: Lex, kb: KnowledgeBase) -> bool:
    m = rm.at(tok.i)
    if m is not None and m.kind is EntityKind.ARMED_FORCE:
        return True
    if tok.lower_ in lx.personnel or lemma(tok) in lx.personnel:
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
        if c.dep_ == "nmod" and case_of(c) in OF:
            cm = rm.at(c.i)
            if cm is not None and cm.kind.is_actor:
                return cm.key  # "combattants du groupe Wagner", "soldats de l'armée malienne"
    state = nationality(tok, rm, kb)
    if state is None:  # "avions de combat indiens": the demonym sits on the complement
        for c in tok.children:
            if c.dep_ == "nmod" and case_of(c) in OF:
                state = nationality(c, rm, kb)
                if state is not None:
                    break
    return state


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
