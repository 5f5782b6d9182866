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

from spacy.tokens import Span, Token

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
        self.verbs = {w: group for group, ws in lex["verb_triggers"].items() for w in ws}
        self.nouns = {w: group for group, ws in lex["noun_triggers"].items() for w in ws}
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
        self.opponent_preps = set(lex["opponent_preps"])
        self.object_control = set(lex["object_control_verbs"])
        self.agent_preps = set(lex["agent_preps"])
        self.invasion = set(lex["object_is_opponent"])


def _lemma(t: Token) -> str:
    return lemma(t)


def _case(t: Token) -> str | None:
    for c in t.children:
        if c.dep_ in ("case", "mark") and c.pos_ in ("ADP", "SCONJ", "PRON"):
            return c.lower_
    if t.i > 0 and t.doc[t.i - 1].pos_ == "ADP":
        return t.doc[t.i - 1].lower_
    return None


def _trigger_group(t: Token, lx: _Lex) -> str | None:
    lemma = _lemma(t)
    if t.pos_ in ("VERB", "AUX") or (t.pos_ == "ADJ" and t.tag_ != "ADJ" and lemma in lx.verbs):
        group = lx.verbs.get(lemma)
        if group is None and t.pos_ == "VERB":
            group = _phrase_group(t, lx.verb_phrases.get(lemma, ()))
        return group
    if t.pos_ in ("NOUN", "ADJ", "PROPN"):
        group = _phrase_group(t, lx.noun_phrases.get(t.lower_, ()))
        if group is None:
            group = lx.nouns.get(t.lower_) or lx.nouns.get(lemma)
        if group is None and t.pos_ == "ADJ":
            group = lx.verbs.get(lemma)
        return group
    return None


def _phrase_group(t: Token, phrases: Iterable[tuple[tuple[str, ...], str]]) -> str | None:
    """The group of the first multiword trigger whose following words come after ``t``."""
    for rest, group in phrases:
        following = t.doc[t.i + 1 : t.i + 1 + len(rest)]
        if tuple(x.lower_ for x in following) == rest:
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
        infinitive = "Inf" in cur.morph.get("VerbForm") or any(
            "Inf" in a.morph.get("VerbForm") for a in cur.children if a.dep_.startswith("aux")
        )  # "livrer", "avoir livré"
        if infinitive and _lemma(cur.head) in lx.object_control:
            # "accuser X d'avoir livré", "aider X à moderniser": X does it
            obj = next((c for c in cur.head.children if c.dep_ in ("obj", "iobj")), None)
            if obj is not None:
                return obj
        copular = cur.dep_ == "acl" and any(c.dep_ == "cop" for c in cur.head.children)
        # "est en train de livrer", "est sur le point d'envoyer": the copula's subject acts
        if (
            (cur.dep_ in _CLIMB or copular)
            and cur.head is not cur
            and _lemma(cur.head) not in lx.reporting
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
    if t.pos_ in ("VERB", "ADJ") and t.dep_ in ("acl", "amod") and t.head.pos_ in ("NOUN", "PROPN"):
        out.append(t.head)  # "les soldats envoyés en Russie"
    return out


def find_events(sent: Span, rm: ResolvedMentions, kb: KnowledgeBase) -> list[EventMention]:
    """The event frames of one sentence, in trigger order."""
    lx = _LEX if _LEX is not None else _init()
    out: list[EventMention] = []
    for t in sent:
        group = _trigger_group(t, lx)
        if group is None:
            continue
        if group == "transfer":
            ev = _transfer(t, sent, rm, kb, lx)
        elif group == EventKind.CASUALTIES.value:
            ev = _casualties(t, sent, rm, kb, lx)
        else:
            ev = _generic(EventKind(group), t, sent, rm, kb, lx)
        if ev is not None:
            out.append(ev)
    return _dedupe(out)


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
                and (
                    ev.trigger.head == o.trigger
                    or o.trigger.head == ev.trigger
                    or (ev.trigger.dep_ == "conj" and ev.trigger.head == o.trigger)
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
    if (
        t.pos_ == "NOUN"
        and anchor.dep_ in ("obj", "nsubj:pass")
        and _lemma(anchor.head) in (lx.light_verbs | lx.verbs.keys())
    ):
        subj = _subject(anchor.head, lx)
    if subj is None and t.pos_ == "NOUN":
        for c in t.children:
            if c.dep_ == "det" and c.lemma_ in ("son", "leur"):
                return []
    if subj is None:
        return []
    subj = _antecedent(subj) or subj
    found = [m for m in _phrase_mentions(subj, rm) if _actor(m)]
    return found[:1] + [m for m in found[1:] if rm.at(m.start) and m.start > subj.i - 1]


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
    t: Token, sent: Span, rm: ResolvedMentions, kb: KnowledgeBase, lx: _Lex
) -> EventMention | None:
    themes = _theme(t)
    personnel = [h for h in themes if _is_personnel(h, rm, lx, kb)]
    materiel = [h for h in themes if _is_materiel(h, rm, lx)]
    weapons = [m for m in _mentions_in(t.subtree, rm) if m.kind is EntityKind.WEAPON_SYSTEM]
    if personnel and not materiel:
        kind = EventKind.DEPLOYMENT
        theme = personnel[0]
    elif materiel or weapons:
        kind = EventKind.ARMS_TRANSFER
        theme = (materiel or [None])[0]
    else:
        return None
    ev = EventMention(kind, t, sent, theme=theme)
    agents = _agent_from(t, rm, kb, lx)
    by_par = [c for c in t.children if c.dep_ == "obl:agent"]
    for c in by_par:
        agents += [m for m in _phrase_mentions(c, rm) if _actor(m)]
    agent_tokens: set[int] = set()
    for m in agents[:1]:
        if kind is EventKind.DEPLOYMENT and m.kind is EntityKind.ARMED_FORCE:
            ev.add("agent", m.key)
        else:
            ev.add("agent", m.key)
        agent_tokens |= set(range(m.start, m.end))
    if not ev.has("agent") and theme is not None:
        state = _nationality(theme, rm, kb)
        if state is not None:
            ev.add("agent", state)
    if not ev.has("agent") and theme is not None:
        for c in theme.children:
            if c.dep_ == "det" and c.lemma_ in ("son", "leur"):
                break
    theme_tokens = {x.i for x in theme.subtree} if theme is not None else set()
    for m in _recipients(t, sent, rm, lx, agent_tokens):
        if m.key not in ev.roles.get("agent", []):
            if m.kind is EntityKind.ARMED_FORCE or (
                any(i in theme_tokens for i in range(m.start, m.end))
                and m.kind is not EntityKind.STATE
                and m.kind is not EntityKind.PLACE
            ):
                continue
            ev.add("recipient", m.key)
    for m in weapons:
        ev.add("weapon", m.key)
    return ev


def _casualties(
    t: Token, sent: Span, rm: ResolvedMentions, kb: KnowledgeBase, lx: _Lex
) -> EventMention | None:
    ev = EventMention(EventKind.CASUALTIES, t, sent)
    victims: list[Token] = []
    if t.pos_ in ("VERB", "ADJ"):
        subj = _passive_subject(t) or _subject(t, lx)
        if subj is not None:
            victims.append(subj)
        if t.dep_ in ("acl", "amod", "conj") and t.head.pos_ in ("NOUN", "PROPN", "PRON"):
            victims.append(t.head)
        if t.dep_ == "conj":
            head_subj = _passive_subject(t.head)
            if head_subj is not None:
                victims.append(head_subj)
    else:
        for c in t.children:
            if c.dep_ in ("amod", "nmod"):
                victims.append(c)
        if t.dep_ in ("obj",) and _lemma(t.head) in lx.light_verbs:
            subj = _subject(t.head, lx)
            if subj is not None:
                victims.append(subj)
    for v in victims:
        target = v
        if v.lower_ in ("milliers", "centaines", "dizaines", "nombre"):
            target = next((c for c in v.children if c.dep_ == "nmod"), v)
        m = rm.at(target.i)
        if m is not None and _actor(m):
            ev.add("affected", m.key)
            break
        state = _nationality(target, rm, kb)
        if state is not None:
            ev.add("affected", state)
            break
    return ev


def _generic(
    kind: EventKind, t: Token, sent: Span, rm: ResolvedMentions, kb: KnowledgeBase, lx: _Lex
) -> EventMention | None:
    ev = EventMention(kind, t, sent)
    near = _own_subtree(t, lx)
    if t.pos_ == "NOUN" and t.head.pos_ in ("VERB", "AUX"):
        near += [x for c in t.head.children if c.dep_ in _SUBJ for x in c.subtree]
    mentions = _mentions_in(near, rm)
    if kind in (
        EventKind.TREATY_SIGNING,
        EventKind.TREATY_RATIFICATION,
        EventKind.TREATY_ENTRY_INTO_FORCE,
    ):
        treaties = [m for m in mentions if m.kind is EntityKind.TREATY]
        if not treaties and t.dep_ in ("acl", "amod") and rm.at(t.head.i) is not None:
            treaties = [m for m in [rm.at(t.head.i)] if m and m.kind is EntityKind.TREATY]
        if not treaties:
            subj = _passive_subject(t) or _subject(t, lx)
            if subj is not None:
                treaties = [m for m in _phrase_mentions(subj, rm) if m.kind is EntityKind.TREATY]
        if not treaties:
            return None
        for m in treaties[:1]:
            ev.add("treaty", m.key)
        for m in _agent_from(t, rm, kb, lx):
            ev.add("participant", m.key)
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
        scope = _own_subtree(t, lx)
        if t.pos_ == "NOUN" and t.dep_ == "obj" and _lemma(t.head) in lx.light_verbs:
            # "a lancé une attaque [...] contre Kharkiv": the light verb's obliques count
            scope += [x for c in t.head.children if c.dep_.startswith("obl") for x in c.subtree]
        for m in _mentions_in(scope, rm):
            root = sent.doc[m.start : m.end].root
            case = _case(root)
            if m.kind is EntityKind.PLACE and case in lx.opponent_preps:
                ev.add("place", m.key)  # "une attaque contre Kharkiv": where it strikes
                continue
            if not _actor(m) or root.i == t.i:
                continue
            if case in lx.opponent_preps:
                ev.add("opponent", m.key)
            elif case in lx.agent_preps and t.i in (root.head.i, root.head.head.i):
                ev.add("agent", m.key)
            elif case in ("de", "d'", "du") and root.head.i == t.i and t.lower_ in lx.invasion:
                ev.add("opponent", m.key)  # "l'invasion de l'Ukraine": the invaded
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
