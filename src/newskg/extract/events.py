"""Event extraction: trigger lexicon + dependency frames -> :class:`EventMention` s.

For every sentence, tokens whose lemma is in the trigger lexicon
(``data/lexicons/events_fr.json``) open a frame; the frame's roles are filled
from the dependency parse:

- ``agent``: the subject of the trigger verb (climbing through ``xcomp``
  chains such as "s'apprête à envoyer", never through a reporting verb), the
  ``par`` complement of a passive, the subject of the light verb governing a
  nominal trigger ("a lancé une offensive"), or the nationality of the theme
  ("soldats nord-coréens" -> North Korea) when nothing else says who acts;
- ``recipient``: a state or place introduced by à / en / vers in the trigger's
  subtree ("en Russie", "à Moscou");
- ``weapon``: every weapon-system mention in the trigger's subtree (which
  also catches coordinations the parser attaches to the verb);
- ``affected``: the casualties' subject or the nationality of "pertes";
- ``treaty``, ``place``, ``opponent``, ``participant`` likewise.

"Transfer" verbs (envoyer, fournir, livrer...) become a Deployment when their
theme is personnel and an ArmsTransfer when it is materiel; without a
recognisable theme they produce nothing. Casualty frames need a figure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from newskg.extract.entities import Mention, ResolvedMentions
from newskg.kb import KnowledgeBase
from newskg.model import EntityKind, EventKind
from newskg.nlp.lemmas import lemma
from newskg.nlp.lexicon import lexicon

__all__ = ["EventMention", "find_events"]

_SUBJ = ("nsubj", "nsubj:pass")
_THEME_POS = ("NOUN", "PROPN", "PRON", "NUM")
_OF = ("de", "d'", "d’", "des", "du")
_AMOUNT_NOUNS = frozenset({"milliers", "millier", "centaines", "centaine", "dizaines", "dizaine"})
_CLIMB = ("xcomp", "conj")


@dataclass(slots=True)
class EventMention:
    """An event frame read from one sentence, before quantities, time and attribution."""

    kind: EventKind
    trigger: Token
    sentence: Span
    roles: dict[str, list[str]] = field(default_factory=dict)
    theme: Token | None = None

    def add(self, role: str, key: str) -> None:
        vals = self.roles.setdefault(role, [])
        if key not in vals:
            vals.append(key)

    def has(self, role: str) -> bool:
        return bool(self.roles.get(role))


class _Lex:
    """The event lexicon, as sets."""

    def __init__(self) -> None:
        lex = lexicon("events")
        # A lemma may open several frames ("abattre": an operation and a loss).
        self.verbs: dict[str, list[str]] = {}
        for group, ws in lex["verb_triggers"].items():
            for w in ws:
                self.verbs.setdefault(w, []).append(group)
        self.nouns: dict[str, list[str]] = {}
        for group, ws in lex["noun_triggers"].items():
            for w in ws:
                self.nouns.setdefault(w, []).append(group)
        # Multiword triggers, by their first word: a verb's lemma ("entrer en
        # vigueur", from ``multiword_triggers``) or a noun ("entrée en vigueur",
        # a noun trigger with spaces): the words that must follow it.
        self.verb_phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for group, phrases in lex["multiword_triggers"].items():
            for first, *rest in phrases:
                self.verb_phrases.setdefault(first, []).append((tuple(rest), group))
        self.noun_phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for group, words in lex["noun_triggers"].items():
            for w in words:
                first, *rest = w.split()
                if rest:
                    self.noun_phrases.setdefault(first, []).append((tuple(rest), group))
        self.personnel = set(lexicon("entities")["personnel_nouns"])
        self.materiel = set(lex["materiel_nouns"])
        self.light_verbs = set(lex["light_verbs"])
        self.needs_military = set(lex["operation_needs_military"])
        self.military = set(lex["military_context"])
        self.recipient_preps = set(lex["recipient_preps"])
        self.place_preps = set(lex["place_preps"])
        self.reporting = set(lexicon("claims")["reporting_verbs"])
        self.self_report = set(lex["self_report_verbs"])
        self.transparent = set(lex["transparent_nouns"])
        self.opponent_preps = set(lex["opponent_preps"])
        self.object_control = set(lex["object_control_verbs"])
        self.agent_preps = set(lex["agent_preps"])
        self.invasion = set(lex["object_is_opponent"])
        self.victim_nouns = set(lex["victim_nouns"])
        self.victims_are_subject = set(lex["victims_are_subject"])
        self.ranks_nouns = set(lex["ranks_nouns"])
        self.captive_nouns = set(lex["captive_nouns"])
        self.release_words = set(lex["release_words"])
        self.own_loss_verbs = set(lex["own_loss_verbs"])
        self.source_preps = set(lex["source_preps"])
        self.launch = set(lex["launch_triggers"])
        self.suffer_verbs = set(lex["suffer_verbs"])
        self.treaty_nouns = set(lex["treaty_nouns"])
        self.generic_materiel = set(lex["generic_materiel_nouns"])
        self.test_cues = set(lex["test_cues"])
        self.target_preps = set(lex["target_preps"])


def _lemma(t: Token) -> str:
    return lemma(t)


def _case(t: Token) -> str | None:
    for c in t.children:
        if c.dep_ in ("case", "mark") and c.pos_ in ("ADP", "SCONJ", "PRON"):
            return c.lower_
    if t.i > 0 and t.doc[t.i - 1].pos_ == "ADP":
        return t.doc[t.i - 1].lower_
    return None


def _trigger_groups(t: Token, lx: _Lex) -> list[str]:
    """The frame groups ``t`` opens: verb lemmas, nouns, multiword triggers."""
    lemma = _lemma(t)
    if t.pos_ in ("VERB", "AUX") or (t.pos_ == "ADJ" and t.tag_ != "ADJ" and lemma in lx.verbs):
        phrase = _phrase_group(t, lx.verb_phrases.get(lemma, ())) if t.pos_ == "VERB" else None
        if phrase is not None:
            return [phrase]
        return list(lx.verbs.get(lemma, ()))
    if t.pos_ in ("NOUN", "ADJ", "PROPN"):
        group = _phrase_group(t, lx.noun_phrases.get(t.lower_, ()))
        if group is not None:
            return [group]
        groups = lx.nouns.get(t.lower_) or lx.nouns.get(lemma)
        if groups is None and t.pos_ == "ADJ":
            groups = lx.verbs.get(lemma)
        return list(groups or ())
    return []


def _phrase_group(t: Token, phrases: Iterable[tuple[tuple[str, ...], str]]) -> str | None:
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


def _subject(v: Token, lx: _Lex) -> Token | None:
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
        if infinitive and on_object and _lemma(cur.head.head) in lx.object_control:
            return cur.head  # "accuser l'Ukraine d'avoir tiré", parsed on the object
        if infinitive and _lemma(cur.head) in lx.object_control:
            # "accuser X d'avoir livré", "aider X à moderniser": X does it
            obj = next((c for c in cur.head.children if c.dep_ in ("obj", "iobj")), None)
            if obj is not None:
                return obj
        copular = cur.dep_ == "acl" and any(c.dep_ == "cop" for c in cur.head.children)
        # "est en train de livrer", "est sur le point d'envoyer": the copula's subject acts
        # "X a affirmé avoir abattu...": under a verb claiming one's own deed the
        # infinitive shares its subject; a finite clause under it has its own subject
        said = infinitive and cur.dep_ in ("xcomp", "ccomp") and _lemma(cur.head) in lx.self_report
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
            (cur.dep_ in _CLIMB or copular or said or adjunct)
            and cur.head is not cur
            and (_lemma(cur.head) not in lx.reporting or said)
        ):
            cur = cur.head
            seen += 1
            continue
        return None
    return None


def _passive_subject(v: Token) -> Token | None:
    for c in v.children:
        if c.dep_ == "nsubj:pass":
            return c
    return None


def _own_subtree(t: Token, lx: _Lex) -> list[Token]:
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


def _mentions_in(tokens: Iterable[Token], rm: ResolvedMentions) -> list[Mention]:
    out: list[Mention] = []
    for t in tokens:
        m = rm.at(t.i)
        if m is not None and m not in out:
            out.append(m)
    return out


def _phrase_mentions(head: Token, rm: ResolvedMentions) -> list[Mention]:
    """Mentions in the phrase headed by ``head`` (its subtree, coordinations included)."""
    return _mentions_in(head.subtree, rm)


def _actor(m: Mention) -> bool:
    return m.kind.is_actor


def _nationality(tok: Token, rm: ResolvedMentions, kb: KnowledgeBase) -> str | None:
    """The state a personnel noun belongs to: its mention's state, or a demonym modifier."""
    if tok.lower_ in _AMOUNT_NOUNS:  # "plusieurs milliers de soldats nord-coréens"
        counted = next((c for c in tok.children if c.dep_ == "nmod"), None)
        if counted is not None:
            return _nationality(counted, rm, kb)
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


def _is_personnel(tok: Token, rm: ResolvedMentions, lx: _Lex, kb: KnowledgeBase) -> bool:
    m = rm.at(tok.i)
    if m is not None and m.kind is EntityKind.ARMED_FORCE:
        return True
    if tok.lower_ in lx.personnel or _lemma(tok) in lx.personnel:
        return True
    if tok.lower_ in _AMOUNT_NOUNS:  # "une dizaine de milliers de soldats"
        return any(_is_personnel(c, rm, lx, kb) for c in tok.children if c.dep_ == "nmod")
    # "100 Nord-Coréens": a plural demonym noun
    return tok.pos_ in ("NOUN", "PROPN") and kb.state_for_demonym(tok.text) is not None


def _is_materiel(tok: Token, rm: ResolvedMentions, lx: _Lex) -> bool:
    m = rm.at(tok.i)
    if m is not None and m.kind is EntityKind.WEAPON_SYSTEM:
        return True
    if tok.lower_ in lx.materiel or _lemma(tok) in lx.materiel:
        return True
    # "une quantité de missiles", "8.000 conteneurs de munitions": a measure of materiel
    return tok.pos_ == "NOUN" and any(
        _is_materiel(c, rm, lx) for c in tok.children if c.dep_ == "nmod" and _case(c) in _OF
    )


def _theme(t: Token) -> list[Token]:
    """The theme candidates of a transfer trigger: objects, passive subjects, "de" nmods."""
    out = []
    for c in t.children:
        direct = c.dep_ in ("obj", "nsubj:pass", "conj") and c.pos_ in _THEME_POS
        of_noun = t.pos_ == "NOUN" and c.dep_ == "nmod" and _case(c) in ("de", "d'", "des", "du")
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


def find_events(sent: Span, rm: ResolvedMentions, kb: KnowledgeBase) -> list[EventMention]:
    """The event frames of one sentence, in trigger order."""
    lx = _LEX if _LEX is not None else _init()
    out: list[EventMention] = []
    for t in sent:
        transferred = False
        for group in _trigger_groups(t, lx):
            if group in ("transfer", "converse_transfer"):
                frames = _transfer(t, sent, rm, kb, lx, converse=group == "converse_transfer")
                transferred = transferred or bool(frames)
                out.extend(frames)
                continue
            if transferred and group == EventKind.MEETING.value:
                continue  # "a reçu de la France six Rafale" is a delivery, not a meeting
            elif group == EventKind.CASUALTIES.value:
                out.extend(_casualties(t, sent, rm, kb, lx))
                continue
            else:
                kind = EventKind(group)
                if kind in (EventKind.WEAPON_TEST, EventKind.MILITARY_OPERATION):
                    kind = _launch_kind(t, kind, sent, rm, lx)
                ev = _generic(kind, t, sent, rm, kb, lx)
            if ev is not None:
                out.append(ev)
    return _dedupe(_approvals_of_withdrawals(out))


def _approvals_of_withdrawals(frames: list[EventMention]) -> list[EventMention]:
    """ "La Douma a adopté la loi qui révoque la ratification du traité": a withdrawal.

    A ratification or signing trigger whose object holds a treaty-withdrawal
    trigger approves that withdrawal: the approver's frame becomes a
    withdrawal (with its own participants), the embedded one is dropped.
    """
    withdrawals = [f for f in frames if f.kind is EventKind.TREATY_WITHDRAWAL]
    if not withdrawals:
        return frames
    out = []
    dropped: set[int] = set()
    for f in frames:
        if f.kind in (EventKind.TREATY_RATIFICATION, EventKind.TREATY_SIGNING):
            inner = next(
                (w for w in withdrawals if w.trigger.i in {x.i for x in f.trigger.subtree}),
                None,
            )
            if inner is not None and inner.trigger.i != f.trigger.i:
                f.kind = EventKind.TREATY_WITHDRAWAL
                for k in inner.roles.get("treaty", []):
                    f.add("treaty", k)
                dropped.add(id(inner))
        out.append(f)
    return [f for f in out if id(f) not in dropped]


def _launch_kind(
    t: Token, kind: EventKind, sent: Span, rm: ResolvedMentions, lx: _Lex
) -> EventKind:
    """A launch ("tirer", "tir", "lancement") is a test without a target, else an attack.

    "des missiles ont été tirés sur Kharkiv" is an operation; "a tiré un
    missile vers la mer" or "un tir d'essai" is a test: a test cue anywhere
    around the trigger wins, then a target ("sur X", "contre X") makes it an
    operation.
    """
    low, lem = t.lower_, _lemma(t)
    if low not in lx.launch and lem not in lx.launch:
        return kind
    if EventKind.MILITARY_OPERATION.value in _trigger_groups(t.head, lx) and t.head is not t:
        return EventKind.MILITARY_OPERATION  # "ont riposté en tirant un missile"
    around = [x for x in t.subtree] + [t.head] + list(t.head.children)
    if any(x.lower_ in lx.test_cues or _lemma(x) in lx.test_cues for x in around):
        return EventKind.WEAPON_TEST
    return EventKind.MILITARY_OPERATION if _has_target(t, lx) else EventKind.WEAPON_TEST


def _has_target(t: Token, lx: _Lex) -> bool:
    """A "sur X" / "contre X" complement under the trigger (the parser may hang it lower)."""
    return any(
        x.i != t.i and _case(x) in lx.target_preps and x.pos_ in ("NOUN", "PROPN")
        for x in t.subtree
    )


def _dedupe(events: list[EventMention]) -> list[EventMention]:
    """One frame per (kind, trigger phrase): a noun trigger governed by a verb trigger of the
    same kind ("a lancé une offensive", "ont été tués ou blessés") folds into it."""
    out: list[EventMention] = []
    for ev in events:
        twin = next(
            (
                o
                for o in out
                if o.kind is ev.kind
                and o.trigger.i != ev.trigger.i  # one trigger's several frames stay apart
                and (
                    ev.trigger.head == o.trigger
                    or o.trigger.head == ev.trigger
                    or (ev.trigger.dep_ == "conj" and ev.trigger.head == o.trigger)
                    or (  # "les pertes ukrainiennes s'élèvent à 500 tués"
                        ev.kind is EventKind.CASUALTIES
                        and ev.theme is None
                        and o.theme is None
                        and ev.trigger.pos_ == "NOUN"
                        and o.trigger.pos_ == "NOUN"
                        and ev.trigger.head == o.trigger.head
                        and ev.trigger.head.pos_ in ("VERB", "AUX")
                    )
                )
            ),
            None,
        )
        if twin is None:
            out.append(ev)
            continue
        for role, vals in ev.roles.items():
            for v in vals:
                twin.add(role, v)
    return out


def _agent_from(t: Token, rm: ResolvedMentions, kb: KnowledgeBase, lx: _Lex) -> list[Mention]:
    subj = _subject(t, lx) if t.pos_ in ("VERB", "AUX", "ADJ") else None
    # "une offensive surprise" is sometimes parsed with the trigger as a modifier
    anchor = t.head if t.pos_ == "NOUN" and t.dep_ in ("amod", "compound") else t
    if t.pos_ == "NOUN" and t.dep_ == "nmod" and t.head.lower_ in lx.transparent:
        anchor = t.head  # "a mené une série de frappes": the series is the light verb's object
    if (
        t.pos_ == "NOUN"
        and (anchor.dep_ in ("obj", "nsubj:pass") or _bare_argument(anchor))
        and _lemma(anchor.head) in (lx.light_verbs | set(lx.verbs))
    ):
        subj = _subject(anchor.head, lx)
    if subj is None and t.pos_ == "NOUN":
        possessed = any(c.dep_ == "det" and c.lemma_ in ("son", "leur") for c in t.children)
        # "Israël a intensifié [...] ses bombardements": the possessor is the subject of
        # the clause the noun is in, however the parser attached the noun
        verb = next((a for a in t.ancestors if a.pos_ in ("VERB", "AUX")), None)
        if possessed and verb is not None:
            subj = _subject(verb, lx)
    if subj is None:
        return []
    subj = _antecedent(subj) or subj
    found = [m for m in _phrase_mentions(subj, rm) if _actor(m)]
    return found[:1] + [m for m in found[1:] if rm.at(m.start) and m.start > subj.i - 1]


def _bare_argument(tok: Token) -> bool:
    """An object the parser labelled ``obl:arg`` (no preposition): "menait \"des opérations\"."""
    return tok.dep_ == "obl:arg" and _case(tok) is None


_SUBJECT_PRONOUNS = frozenset({"il", "elle", "ils", "elles"})


def _antecedent(tok: Token) -> Token | None:
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


def _recipients(
    t: Token, sent: Span, rm: ResolvedMentions, lx: _Lex, exclude: set[int]
) -> list[Mention]:
    out = []
    for tok in t.subtree:
        if tok.i in exclude:
            continue
        m = rm.at(tok.i)
        if m is None or (m.start != tok.i and rm.at(tok.i - 1) is m):
            continue
        if m.kind not in (EntityKind.STATE, EntityKind.PLACE) and not m.kind.is_agency:
            continue
        head = sent.doc[m.start : m.end].root
        if _case(head) in lx.recipient_preps and head.dep_ != "nsubj" and m not in out:
            if head.head.dep_ == "advcl" and head.head.i != t.i:
                continue  # "pour appuyer l'armée russe": not where things go
            out.append(m)
    return out


def _transfer(
    t: Token,
    sent: Span,
    rm: ResolvedMentions,
    kb: KnowledgeBase,
    lx: _Lex,
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
    """
    themes = _theme(t)
    personnel = [h for h in themes if _is_personnel(h, rm, lx, kb)]
    materiel = [h for h in themes if _is_materiel(h, rm, lx)]
    scope = list(t.subtree)
    if t.dep_ in ("acl", "amod", "acl:relcl") and t.head in themes:  # "chars vendus par X"
        scope += [x for x in t.head.subtree if x.i not in {y.i for y in t.subtree}]
    weapons = [m for m in _mentions_in(scope, rm) if m.kind is EntityKind.WEAPON_SYSTEM]
    if not weapons and not personnel:
        weapons = _partitive_antecedent(t, rm, lx, materiel)  # "en ont promis 24"
    if converse and not (materiel or weapons):
        return []
    if personnel and not materiel:
        kind = EventKind.DEPLOYMENT
        theme = personnel[0]
    elif materiel or weapons:
        kind = EventKind.ARMS_TRANSFER
        theme = (materiel or [None])[0]
    else:
        return []
    ev = EventMention(kind, t, sent, theme=theme)
    agents = _agent_from(t, rm, kb, lx)
    by_par = [c for c in t.children if c.dep_ == "obl:agent"]
    for c in by_par:
        agents += [m for m in _phrase_mentions(c, rm) if _actor(m)]
    agent_role = "recipient" if converse else "agent"
    agent_tokens: set[int] = set()
    for m in agents[:1]:
        ev.add(agent_role, m.key)
        agent_tokens |= set(range(m.start, m.end))
    if not ev.has(agent_role) and t.pos_ == "NOUN":
        for c in t.children:  # "l'acquisition polonaise", "les livraisons américaines"
            state = kb.state_for_demonym(c.text) if c.dep_ == "amod" else None
            if state is not None:
                ev.add(agent_role, state.key)
                break
    if not converse and not ev.has("agent") and theme is not None:
        state = _nationality(theme, rm, kb)
        if state is not None:
            ev.add("agent", state)
    theme_tokens = {x.i for x in theme.subtree} if theme is not None else set()
    if converse:
        for m in _mentions_in(_own_subtree(t, lx), rm):
            if not _actor(m) and m.kind is not EntityKind.PLACE:
                continue
            root = sent.doc[m.start : m.end].root
            if root.head.i != t.i or root.i in agent_tokens:
                continue
            case = _case(root)
            before = sent.doc[m.start - 1].lower_ if m.start > 0 else ""
            supplier = (
                case in lx.source_preps
                or (case in ("à", "au", "aux") and _actor(m))
                or (
                    m.kind is EntityKind.STATE
                    and before in lx.source_preps | {"l'", "la", "le"}
                    and any(x.lower_ in _OF for x in sent.doc[max(0, m.start - 2) : m.start])
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
            subj = _subject(verb, lx) if verb is not None else None
            for m in _phrase_mentions(subj, rm) if subj is not None else []:
                if _actor(m) and m.key not in ev.roles.get("agent", []):
                    ev.add("recipient", m.key)
                    break
        for m in _recipients(t, sent, rm, lx, agent_tokens):
            if m.key not in ev.roles.get("agent", []):
                if m.kind is EntityKind.ARMED_FORCE or (
                    any(i in theme_tokens for i in range(m.start, m.end))
                    and m.kind is not EntityKind.STATE
                    and m.kind is not EntityKind.PLACE
                ):
                    continue
                ev.add("recipient", m.key)
    siblings = _counted_conjuncts(theme, rm, lx) if kind is EventKind.ARMS_TRANSFER else []
    if siblings:
        # "1 000 chars K2, plus de 600 obusiers K9 et 48 avions FA-50": one frame each
        out = []
        for head in [theme, *siblings]:
            assert head is not None
            frame = EventMention(kind, t, sent, theme=head)
            for role, vals in ev.roles.items():
                for v in vals:
                    frame.add(role, v)
            for m in _specific(_mentions_in(_own_phrase(head), rm), sent.doc):
                if m.kind is EntityKind.WEAPON_SYSTEM:
                    frame.add("weapon", m.key)
            out.append(frame)
        return out
    for m in _specific(weapons, sent.doc):
        ev.add("weapon", m.key)
    return [ev, *_gapped(ev, theme, rm)]


def _own_phrase(head: Token) -> list[Token]:
    """``head``'s subtree without its coordinated conjuncts (and what hangs on them)."""
    skip = {x.i for c in head.children if c.dep_ == "conj" for x in c.subtree}
    return [x for x in head.subtree if x.i not in skip]


def _counted_conjuncts(theme: Token | None, rm: ResolvedMentions, lx: _Lex) -> list[Token]:
    """Conjuncts of a materiel theme that carry their own figure, when the theme has one too.

    "dix chars K2 et 24 obusiers K9": the parser hangs the second item on
    the theme or on one of the verbs above it (as ``conj`` or ``obj``); any
    counted materiel noun after the theme attached so is another item.
    """
    if theme is None or not _counted(theme):
        return []
    holders = [theme, *theme.ancestors]
    out = []
    for h in holders:
        for c in h.children:
            if c.i <= theme.i or c in out or c in holders:
                continue
            if c.dep_ in ("conj", "obj") and _counted(c) and _is_materiel(c, rm, lx):
                out.append(c)
    for item in list(out):  # "600 obusiers K9 et 48 avions FA-50": conjuncts of items
        out += [
            c
            for c in item.children
            if c.dep_ == "conj" and c not in out and _counted(c) and _is_materiel(c, rm, lx)
        ]
    return sorted(out, key=lambda x: x.i)


def _specific(mentions: list[Mention], doc: Doc) -> list[Mention]:
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
            path = _path_up(doc[o.start : o.end].root, root)
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


def _outer_case(tok: Token, top: Token) -> str | None:
    """The preposition of the phrase that ``tok`` (a "de" complement) sits in, below ``top``.

    "contre des positions des rebelles houthis" -> "contre" for *houthis*.
    Only through "de" complements of nouns, at most three levels up.
    """
    cur = tok
    for _ in range(3):
        if cur.head is cur or cur.head.i == top.i or cur.dep_ not in ("nmod", "amod"):
            return None
        cur = cur.head
        case = _case(cur)
        if case is not None and case not in _OF:
            return case
    return None


def _path_up(tok: Token, top: Token) -> list[Token] | None:
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


def _gapped(ev: EventMention, theme: Token | None, rm: ResolvedMentions) -> list[EventMention]:
    """Frames of a gapped coordination: "X a promis 24 avions et Y 19" -> Y promised 19.

    The parser attaches the second actor as a conjunct of the object; an
    actor there, followed by its own figure, is the subject of an elided
    copy of the verb. The copy keeps the recipient and the weapons and takes
    the actor as its agent; its ``theme`` is the actor's token so that the
    figure after it is counted for it.
    """
    if theme is None or "agent" not in ev.roles:
        return []
    out = []
    for c in theme.children:
        m = rm.at(c.i)
        if c.dep_ != "conj" or m is None or not m.kind.is_actor:
            continue
        after = c.doc[m.end] if m.end < len(c.doc) else None
        if after is None or not after.like_num:
            continue
        twin = EventMention(ev.kind, ev.trigger, ev.sentence, theme=c)
        twin.add("agent", m.key)
        for role in ("recipient", "weapon"):
            for v in ev.roles.get(role, []):
                twin.add(role, v)
        out.append(twin)
    return out


def _withdrawal(
    t: Token,
    sent: Span,
    rm: ResolvedMentions,
    kb: KnowledgeBase,
    lx: _Lex,
    mentions: list[Mention],
) -> EventMention | None:
    """Forces leaving a state or place: "les troupes françaises ont quitté le Niger".

    A withdrawal trigger ("quitter", "se retirer", "retrait") needs forces
    that move: personnel or an armed force as subject, passive subject, or
    "de" complement of the noun ("le retrait des troupes"); a president who
    leaves his country is no withdrawal. The forces' actor or nationality is
    the ``agent``; the ``origin`` is the object of "quitter" or the "de"
    complement ("se retirer du Sud-Liban"); "le pays" left unnamed is the
    place the forces were deployed to ("les soldats déployés au Niger").
    A treaty as what is left makes it a treaty withdrawal instead.
    """
    if any(m.kind is EntityKind.TREATY for m in mentions):
        treaty = next(m for m in mentions if m.kind is EntityKind.TREATY)
        ev = EventMention(EventKind.TREATY_WITHDRAWAL, t, sent)
        ev.add("treaty", treaty.key)
        for m in _agent_from(t, rm, kb, lx):
            ev.add("participant", m.key)
        return ev
    movers: list[Token] = []
    if t.pos_ in ("VERB", "AUX", "ADJ"):
        subj = _passive_subject(t) or _subject(t, lx)
        if subj is not None:
            movers.append(_antecedent(subj) or subj)
        if t.dep_ in ("acl", "amod") and t.head.pos_ in ("NOUN", "PROPN"):
            movers.append(t.head)
    else:
        movers += [c for c in t.children if c.dep_ == "nmod" and _case(c) in _OF]
    forces = [
        v
        for v in movers
        if _is_personnel(v, rm, lx, kb) or (rm.at(v.i) is not None and rm.at(v.i).kind.is_agency)
    ]
    if not forces:
        return None
    mover = forces[0]
    ev = EventMention(EventKind.WITHDRAWAL, t, sent, theme=mover)
    m = rm.at(mover.i)
    side = m.key if m is not None and m.kind.is_actor else _side_of(mover, rm, kb)
    if side is not None:
        ev.add("agent", side)
    mover_tokens = {x.i for x in mover.subtree}
    for m in _mentions_in(_own_subtree(t, lx), rm):
        if m.kind not in (EntityKind.STATE, EntityKind.PLACE) or m.start in mover_tokens:
            continue
        root = sent.doc[m.start : m.end].root
        case = _case(root)
        direct = root.dep_ == "obj" and root.head.i == t.i
        if direct or case in _OF:
            ev.add("origin", m.key)
    if not ev.has("origin"):
        for m in _mentions_in(mover.subtree, rm):  # "les militaires déployés au Niger"
            root = sent.doc[m.start : m.end].root
            if m.kind in (EntityKind.STATE, EntityKind.PLACE) and _case(root) in lx.place_preps:
                ev.add("origin", m.key)
                break
    return ev


def _treaty_antecedent(t: Token, rm: ResolvedMentions, lx: _Lex) -> list[Mention]:
    """The treaty a pronoun or a bare "l'accord" stands for: the last one named before.

    "La Hongrie l'avait ratifié", "il est entré en vigueur l'année suivante",
    "l'accord doit entrer en vigueur dimanche": when the trigger's object or
    subject is a pronoun or a treaty noun naming nothing, the treaty is the
    last one mentioned in this sentence or the two before.
    """
    args = [c for c in t.children if c.dep_ in ("obj", "nsubj", "nsubj:pass", "expl:subj")]
    subj = _subject(t, lx)  # "l'accord doit entrer en vigueur": the subject of the modal
    if subj is not None:
        args.append(subj)
    if t.pos_ == "NOUN":
        args += [c for c in t.children if c.dep_ == "nmod" and _case(c) in _OF]
    anaphoric = any(
        (a.pos_ == "PRON" and a.lower_ in ("l'", "le", "la", "il", "elle", "celui-ci"))
        or (a.lower_ in lx.treaty_nouns and rm.at(a.i) is None)
        for a in args
    )
    if not anaphoric:
        return []
    return _last_mention_before(t, rm, EntityKind.TREATY)


def _last_mention_before(t: Token, rm: ResolvedMentions, kind: EntityKind) -> list[Mention]:
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


def _partitive_antecedent(
    t: Token, rm: ResolvedMentions, lx: _Lex, materiel: list[Token]
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
    return _last_mention_before(t, rm, EntityKind.WEAPON_SYSTEM)


def _casualties(
    t: Token, sent: Span, rm: ResolvedMentions, kb: KnowledgeBase, lx: _Lex
) -> list[EventMention]:
    """Casualty frames: who suffers the losses (``affected``) and what was destroyed.

    The victims are the object of a transitive verb ("a tué 38 personnes",
    "a abattu trois drones"), the subject of a passive or of a verb whose
    subject suffers ("ont péri", "a perdu 150 hommes", "ont perdu la vie"),
    the noun a participle modifies ("les soldats tués"), or a casualty
    noun's modifiers ("pertes russes", "victimes civiles palestiniennes").
    Coordinated victims with figures of their own ("84 combattants de Wagner
    et 47 soldats maliens") are separate estimates: one frame each, whose
    ``theme`` is the victims' noun (the figure counting it goes to it).
    """
    if _released(t, lx):
        return []  # "la libération de 33 otages" counts people set free, not taken
    victims: list[Token] = []
    if t.pos_ in ("VERB", "ADJ", "AUX"):
        victims += [c for c in t.children if c.dep_ in ("nsubj:pass", "obj")]
        if t.dep_ == "xcomp":  # "a recensé 40 civils tués": the object it describes
            victims += [c for c in t.head.children if c.dep_ == "obj"]
        if t.dep_ in ("acl", "amod", "acl:relcl") and t.head.pos_ in ("NOUN", "PROPN", "PRON"):
            victims.append(t.head)
        if t.dep_ == "conj":
            head_subj = _passive_subject(t.head)
            if head_subj is not None:
                victims.append(head_subj)
        if _lemma(t) in lx.victims_are_subject and _intransitive_use(t):
            subj = _subject(t, lx)
            if subj is not None:
                victims.insert(0, _antecedent(subj) or subj)
    else:
        for c in t.children:  # "pertes russes", "victimes parmi les civils", not "dans les frappes"
            victim_like = c.dep_ == "amod" or (
                c.dep_ == "nmod" and _case(c) in (*_OF, "parmi", None)
            )
            if victim_like and not _trigger_groups(c, lx):
                victims.append(c)
        if t.dep_ in ("obj",) and _lemma(t.head) in lx.light_verbs:
            subj = _subject(t.head, lx)
            if subj is not None:
                victims.append(subj)
        if t.dep_ in ("acl", "amod", "nmod") and t.head.lower_ in lx.victim_nouns:
            victims.append(t.head)  # "soldats morts", "des civils blessés"
    groups: list[list[Token]] = [victims]
    first = victims[0] if victims else None
    if first is not None and _counted(first):
        for c in first.children:
            if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "NUM") and _counted(c):
                groups.append([c])  # "84 combattants de Wagner et 47 soldats maliens"
        if first.dep_ == "conj" and _counted(first.head) and first.head.i < first.i:
            groups.append([first.head])  # "15 civils et cinq soldats tués": shared participle
    out = []
    for n, vs in enumerate(groups):
        ev = EventMention(EventKind.CASUALTIES, t, sent, theme=vs[0] if len(groups) > 1 else None)
        _affected(ev, vs, t, sent, rm, kb, lx, siblings=n == 0 and len(groups) > 1)
        out.append(ev)
    return out


def _released(t: Token, lx: _Lex) -> bool:
    """True for prisoners or hostages governed by a release word ("libérer", "échange")."""
    if t.lower_ not in lx.captive_nouns and _lemma(t) not in lx.captive_nouns:
        return False
    cur = t
    for _ in range(3):
        if cur.head is cur:
            break
        cur = cur.head
        if cur.lower_ in lx.release_words or _lemma(cur) in lx.release_words:
            return True
    return False


def _counted(tok: Token) -> bool:
    """True when a noun carries its own figure ("47 soldats", "dix blessés")."""
    return tok.like_num or any(c.like_num and c.dep_ in ("nummod", "det") for c in tok.children)


def _affected(
    ev: EventMention,
    victims: list[Token],
    t: Token,
    sent: Span,
    rm: ResolvedMentions,
    kb: KnowledgeBase,
    lx: _Lex,
    *,
    siblings: bool = False,
) -> None:
    """Fill ``affected`` (and ``weapon``) of a casualty frame from its victims.

    In order: an actor named by the victims ("soldats de l'armée malienne",
    "combattants du groupe Wagner"), their nationality ("civils pakistanais");
    the side whose ranks they are in ("dans les rangs de Wagner", "côté
    arménien"); the state or armed force that counts its own losses ("l'armée
    pakistanaise a recensé 40 civils tués"); the state where the losses
    happened ("tués à Kiev" -> Ukraine). ``siblings``: the victims' own
    coordinated nouns are other frames, leave them out.
    """
    weapons: list[Mention] = []
    for v in victims:
        phrase = _own_phrase(v) if siblings else list(v.subtree)
        for m in _mentions_in(phrase, rm):
            if m.kind is EntityKind.WEAPON_SYSTEM and m not in weapons:
                weapons.append(m)
    for m in _specific(weapons, sent.doc):
        ev.add("weapon", m.key)
    for v in victims:
        target = v
        if v.lower_ in ("milliers", "centaines", "dizaines", "nombre") or v.like_num:
            target = next((c for c in v.children if c.dep_ == "nmod"), v)
        key = _side_of(target, rm, kb)
        if key is not None:
            ev.add("affected", key)
            return
    scope = _own_subtree(t, lx)
    gov = t.head if t.pos_ == "NOUN" and t.head.pos_ in ("VERB", "AUX") else t
    clause = [x for c in gov.children if c.dep_.startswith("obl") for x in c.subtree]
    for x in scope + clause:
        if x.lower_ in lx.ranks_nouns and x.i not in {v.i for v in victims}:
            key = next(
                (_side_of(c, rm, kb) for c in x.children if c.dep_ in ("nmod", "amod")), None
            )
            if key is None:
                key = next(
                    (
                        k
                        for c in x.children
                        if c.dep_ == "conj"
                        for k in [_side_of(c, rm, kb)]
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
    for cand in list(t.ancestors)[:4] if described else ():
        if _lemma(cand) in lx.own_loss_verbs:
            subj = _subject(cand, lx)
            side = _counting_side(subj, rm, kb) if subj is not None else None
            if side is not None:
                ev.add("affected", side)
                return
            break
    if not ev.has("weapon"):
        state = _state_where(t, sent, rm, kb, lx)
        if state is not None:
            ev.add("affected", state)


def _counting_side(subj: Token, rm: ResolvedMentions, kb: KnowledgeBase) -> str | None:
    """The state behind the subject of "a recensé / a annoncé" own losses.

    A state, its capital ("New Delhi a dénombré"), the state of an armed
    force or ministry ("l'armée pakistanaise", "le ministère azerbaïdjanais
    de la Santé"), even when the body itself is not a known entity.
    """
    m = rm.at(subj.i)
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
    return _nationality(subj, rm, kb)


def _side_of(tok: Token, rm: ResolvedMentions, kb: KnowledgeBase) -> str | None:
    """The actor a victims' noun belongs to: itself, its "de X" complement, its nationality."""
    m = rm.at(tok.i)
    if m is not None and m.kind.is_actor:
        return m.key
    for c in tok.children:
        if c.dep_ == "nmod" and _case(c) in _OF:
            cm = rm.at(c.i)
            if cm is not None and cm.kind.is_actor:
                return cm.key  # "combattants du groupe Wagner", "soldats de l'armée malienne"
    state = _nationality(tok, rm, kb)
    if state is None:  # "avions de combat indiens": the demonym sits on the complement
        for c in tok.children:
            if c.dep_ == "nmod" and _case(c) in _OF:
                state = _nationality(c, rm, kb)
                if state is not None:
                    break
    return state


def _intransitive_use(t: Token) -> bool:
    """True for a verb whose subject suffers, used actively ("ont péri", "a perdu 150 hommes")."""
    if any(c.dep_ in ("nsubj:pass", "aux:pass") for c in t.children):
        return False
    return t.pos_ == "VERB" and t.dep_ not in ("acl", "amod")


def _state_where(
    t: Token, sent: Span, rm: ResolvedMentions, kb: KnowledgeBase, lx: _Lex
) -> str | None:
    """The state where a casualty frame's losses happened, from a place complement.

    "27 morts à Kiev", "tué 38 personnes à travers l'Ukraine": a state, or a
    place that is the seat of (or part of) a state, introduced by a place
    preposition in the trigger's clause.
    """
    scope = _own_subtree(t, lx)
    gov = t.head if t.pos_ == "NOUN" and t.head.pos_ in ("VERB", "AUX") else None
    if gov is not None:
        scope += [x for c in gov.children if c.dep_.startswith("obl") for x in c.subtree]
    for m in _mentions_in(scope, rm):
        root = sent.doc[m.start : m.end].root
        if _case(root) not in lx.place_preps | {"travers"}:
            continue
        state = _state_of_place(m, kb)
        if state is not None:
            return state
    # a fronted locative opening the sentence ("A Kiev, [...] 27 morts"), however it
    # was parsed
    fronted = {
        state
        for m in _mentions_in(sent[:3], rm)
        if m.start > sent.start and sent.doc[m.start - 1].lower_ in lx.place_preps | {"a"}
        for state in [_state_of_place(m, kb)]
        if state is not None
    }
    return fronted.pop() if len(fronted) == 1 else None


def _state_of_place(m: Mention, kb: KnowledgeBase) -> str | None:
    """A state mention's key, or the state a place is the seat of or part of."""
    if m.kind is EntityKind.STATE:
        return m.key
    ent = kb.get(m.key)
    for _ in range(4):
        if ent is None:
            break
        if ent.kind is EntityKind.STATE:
            return ent.key
        nxt = ent.seat_of or ent.part_of
        ent = kb.get(nxt) if nxt else None
    return None


def _generic(
    kind: EventKind, t: Token, sent: Span, rm: ResolvedMentions, kb: KnowledgeBase, lx: _Lex
) -> EventMention | None:
    ev = EventMention(kind, t, sent)
    near = _own_subtree(t, lx)
    if t.pos_ == "NOUN" and t.head.pos_ in ("VERB", "AUX"):
        near += [x for c in t.head.children if c.dep_ in _SUBJ for x in c.subtree]
    mentions = _mentions_in(near, rm)
    if kind is EventKind.WITHDRAWAL:
        return _withdrawal(t, sent, rm, kb, lx, mentions)
    if kind in (
        EventKind.TREATY_SIGNING,
        EventKind.TREATY_RATIFICATION,
        EventKind.TREATY_ENTRY_INTO_FORCE,
        EventKind.TREATY_WITHDRAWAL,
    ):
        treaties = [m for m in mentions if m.kind is EntityKind.TREATY]
        if not treaties and t.dep_ in ("acl", "amod") and rm.at(t.head.i) is not None:
            treaties = [m for m in [rm.at(t.head.i)] if m and m.kind is EntityKind.TREATY]
        if not treaties:
            subj = _passive_subject(t) or _subject(t, lx)
            if subj is not None:
                treaties = [m for m in _phrase_mentions(subj, rm) if m.kind is EntityKind.TREATY]
        if not treaties:
            treaties = _treaty_antecedent(t, rm, lx)
        if not treaties:
            return None
        for m in treaties[:1]:
            ev.add("treaty", m.key)
        for m in _agent_from(t, rm, kb, lx):
            ev.add("participant", m.key)
        if not ev.has("participant"):
            for x in _own_subtree(t, lx):  # "la révocation de la ratification par la Russie"
                m = rm.at(x.i)
                if m is not None and _actor(m) and _case(x) in lx.agent_preps:
                    ev.add("participant", m.key)
                    break
        if not ev.has("participant") and t.pos_ == "NOUN":
            for c in t.children:  # "la ratification russe"
                state = kb.state_for_demonym(c.text) if c.dep_ == "amod" else None
                if state is not None:
                    ev.add("participant", state.key)
        return ev
    if kind is EventKind.MILITARY_OPERATION:
        if (t.lower_ in lx.needs_military or _lemma(t) in lx.needs_military) and not any(
            c.lower_ in lx.military for c in t.children
        ):
            return None
        if t.pos_ == "VERB" and _lemma(t) in ("lancer", "mener"):
            return None  # the light verb's noun object carries the frame
        for m in _agent_from(t, rm, kb, lx):
            ev.add("agent", m.key)
        if t.pos_ == "NOUN" and t.dep_ == "nsubj:pass" and _lemma(t.head) in lx.light_verbs:
            # "l'offensive a été lancée par une coalition menée par HTS"
            for c in t.head.children:
                by = c.dep_ == "obl:agent" or (c.dep_.startswith("obl") and _case(c) == "par")
                if by and not ev.has("agent"):
                    found = [m for m in _phrase_mentions(c, rm) if _actor(m)]
                    for m in found[:1]:
                        ev.add("agent", m.key)
        scope = _own_subtree(t, lx)
        light = t.head if t.dep_ == "obj" or _bare_argument(t) else None
        if t.dep_ == "nmod" and t.head.lower_ in lx.transparent and t.head.dep_ == "obj":
            light = t.head.head  # "une série de frappes"
            scope += [x for x in t.head.subtree if x.i not in {y.i for y in scope}]
        if t.pos_ == "NOUN" and light is not None and _lemma(light) in lx.light_verbs:
            # "a lancé une attaque [...] contre Kharkiv": the light verb's obliques count
            scope += [x for c in light.children if c.dep_.startswith("obl") for x in c.subtree]
        # the trigger's direct argument: "attaquer l'Ukraine", "s'emparer d'Alep",
        # "prendre le contrôle de Homs", "la prise d'Alep", "les frappes de l'armée"
        heads = {t.i} | {c.i for c in t.children if c.dep_ == "obj" and c.pos_ == "NOUN"}
        objectish = t.lower_ in lx.invasion or _lemma(t) in lx.invasion
        for m in _mentions_in(scope, rm):
            root = sent.doc[m.start : m.end].root
            case = _case(root)
            outer = _outer_case(root, t)
            if case in _OF and outer is not None:
                # "contre les bastions du Hezbollah", "sur la région de Briansk": the
                # complement's preposition says what role the named entity plays
                case = outer
            if m.kind is EntityKind.PLACE and case in lx.opponent_preps | lx.place_preps:
                ev.add("place", m.key)  # "une attaque contre Kharkiv": where it strikes
                continue
            direct = root.head.i in heads and root.i != t.i
            if m.kind is EntityKind.PLACE:
                if direct and (case is None or case in _OF) and root.dep_ != "nsubj":
                    ev.add("place", m.key)
                continue
            if not _actor(m) or root.i == t.i:
                continue
            if case in lx.opponent_preps:
                ev.add("opponent", m.key)
            elif case in lx.agent_preps and t.i in (root.head.i, root.head.head.i):
                # "les attaques subies par les troupes": who suffers them is the target
                suffered = _lemma(root.head) in lx.suffer_verbs
                ev.add("opponent" if suffered else "agent", m.key)
            elif direct and case in _OF and t.pos_ == "NOUN":
                # "l'invasion de l'Ukraine": the invaded; "l'offensive du Hamas": who attacks
                ev.add("opponent" if objectish else "agent", m.key)
            elif direct and case is None and root.dep_ == "obj" and objectish:
                ev.add("opponent", m.key)  # "attaquer l'Ukraine"
        if objectish and t.pos_ == "VERB" and not ev.has("opponent"):
            for c in t.children:  # "a abattu des drones indiens": whose they were
                cm = rm.at(c.i)
                if c.dep_ == "obj" and (cm is None or not cm.kind.is_actor):
                    state = _side_of(c, rm, kb)
                    if state is not None:
                        ev.add("opponent", state)
        for m in _mentions_in(_own_subtree(t, lx), rm):
            if m.kind is EntityKind.WEAPON_SYSTEM:
                # "des missiles ATACMS ont été tirés sur": the head system only, not the
                # breakdown that follows it ("cinq avions, dont trois Rafale et un MiG-29")
                ev.add("weapon", m.key)
                break
        if not ev.has("agent") and t.pos_ in ("VERB", "AUX"):
            subj = _subject(t, lx)
            state = _nationality(subj, rm, kb) if subj is not None else None
            if state is not None and rm.at(subj.i) is None:
                ev.add("agent", state)  # "l'aviation indienne a abattu"
        if not ev.has("agent") and t.pos_ == "NOUN":
            for c in t.children:  # "l'invasion russe", "une offensive ukrainienne"
                state = kb.state_for_demonym(c.text) if c.dep_ == "amod" else None
                if state is not None:
                    ev.add("agent", state.key)
        for m in mentions:
            if (
                m.kind is EntityKind.PLACE
                and _case(sent.doc[m.start : m.end].root) in lx.place_preps
            ):
                ev.add("place", m.key)
        for m in _mentions_in(sent, rm):
            if m.kind is EntityKind.PLACE and not ev.has("place"):
                root = sent.doc[m.start : m.end].root
                if _case(root) in ("dans",):
                    ev.add("place", m.key)
        for k in ev.roles.get("agent", []):  # an actor never attacks itself
            if k in ev.roles.get("opponent", []):
                ev.roles["opponent"].remove(k)
        if not ev.roles.get("opponent", True):
            del ev.roles["opponent"]
        if not ev.roles:
            return None
        return ev
    if kind is EventKind.WEAPON_TEST:
        weapons = [m for m in mentions if m.kind is EntityKind.WEAPON_SYSTEM]
        if not weapons:
            return None
        for m in weapons:
            ev.add("weapon", m.key)
        agents = _agent_from(t, rm, kb, lx)
        if not agents and t.pos_ == "NOUN" and t.head.pos_ == "VERB":
            agents = [
                m
                for c in t.head.children
                if c.dep_ in _SUBJ
                for m in _phrase_mentions(c, rm)
                if _actor(m)
            ]
        for m in agents:
            ev.add("agent", m.key)
        return ev
    # Meeting, Cooperation: actors around the trigger are participants.
    actors = [m for m in mentions if _actor(m)]
    if t.pos_ == "NOUN":
        subj = _subject(t.head, lx) if t.head.pos_ in ("VERB", "AUX") else None
        if subj is not None:
            subj = _antecedent(subj) or subj
            actors += [m for m in _phrase_mentions(subj, rm) if _actor(m) and m not in actors]
    keys = []
    for m in actors:
        if m.key not in keys:
            keys.append(m.key)
    if len(keys) < 2:
        return None
    for k in keys:
        ev.add("participant", k)
    return ev


_LEX: _Lex | None = None


def _init() -> _Lex:
    global _LEX
    _LEX = _Lex()
    return _LEX
