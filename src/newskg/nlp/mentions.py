"""The ``newskg_mentions`` spaCy component: entity mentions of this domain.

spaCy's French NER knows only PER / LOC / ORG / MISC and misses weapon
systems, treaties, acronyms and nationality phrases. This component writes
``doc.spans["newskg"]``: one span per mention, ``label_`` an
:class:`~newskg.model.EntityKind` value and ``kb_id_`` the KB key when the
mention is linked (empty for an entity the KB does not know). Sources, from
most to least trusted:

1. KB names (every alias, case/accent/plural-insensitive, longest match);
2. descriptor + nationality ("troupes nord-coréennes", "le ministère polonais
   de la Défense", "services secrets de Séoul"): the state's body of that
   kind (``agency_kinds`` of the lexicon, see :mod:`newskg.nlp.agencies`),
   from the KB or generated;
3. weapon patterns: a weapon noun qualified by a calibre, a designation or a
   drone kind ("canons automoteurs de 170 mm", "drones kamikazes"), and a
   model designation alone ("Su-30", "MiG-29") in a sentence about weapons;
4. treaty patterns: "traité / pacte / mémorandum de ...";
5. the statistical NER, filtered and typed: page furniture (rubrics, photo
   credits, "Lire aussi"), calendar words, bare descriptors ("Parlement",
   "Forces armées") and a common noun capitalised at a sentence start
   ("Santé.") are not names; a span cut after a preposition ("Commission
   militaire centrale du") joins the name that follows or loses the
   preposition; a name right after a descriptor takes its class ("le groupe
   X" -> ArmedGroup, "le porte-avions X" -> WeaponSystem), else the NER label.

The KB and the lexicons are given once, in :meth:`MentionFinder.initialize`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from newskg.extract.parse_repairs import repair_parse
from newskg.kb import KnowledgeBase
from newskg.model import EntityKind
from newskg.nlp.agencies import AgencyIndex, agency_kinds
from newskg.nlp.furniture import furniture_ranges
from newskg.nlp.keys import NgramIndex, token_key, token_keys
from newskg.nlp.lexicon import lexicon
from newskg.text import fold, name_key

__all__ = ["SPANS_KEY", "MentionFinder"]

SPANS_KEY = "newskg"
_DESIGNATION = re.compile(r"^[A-Z]{1,4}-?\d{1,4}[A-Z]?$")
# A model designation written alone: a capital, up to 3 letters, a dash, digits (Su-30, MiG-29).
_FREE_DESIGNATION = re.compile(r"(?<![\w-])[A-Z][A-Za-z]{0,3}-\d{1,4}[A-Z]{0,2}(?![\w-])")
# Words a name never ends on: the NER sometimes cuts a name after its preposition.
_TRAILING = frozenset({"de", "du", "des", "d'", "la", "le", "les", "l'", "et", "à", "au", "aux"})
_OF = frozenset({"de", "du", "des", "d'", "la", "l'"})
_CALIBRE_UNITS = {"mm", "millimètre", "millimètres"}

if not Span.has_extension("nkg_state"):
    Span.set_extension("nkg_state", default=None)
if not Span.has_extension("nkg_source"):
    Span.set_extension("nkg_source", default="")
if not Span.has_extension("nkg_agency"):
    Span.set_extension("nkg_agency", default="")

# Source priority when two candidate spans overlap (lower wins on equal length).
_PRIORITY = {"kb": 0, "descriptor": 1, "title": 1, "weapon": 2, "treaty": 2, "ner": 3}
# Lower-case words inside a personal name ("Ursula von der Leyen", "Mohammed ben Salmane").
_NAME_PARTICLES = frozenset(
    {"al", "el", "ben", "bin", "ibn", "ould", "von", "van", "der", "den", "de", "da", "dos", "di"}
)
_CONTEXT_KINDS = {
    "ArmedGroup": EntityKind.ARMED_GROUP,
    "Person": EntityKind.PERSON,
    "WeaponSystem": EntityKind.WEAPON_SYSTEM,
    "Agency": EntityKind.AGENCY,
}


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    kind: EntityKind
    key: str
    source: str
    state: str | None = None
    agency: str = ""  # the agency kind id (agency_kinds) of a descriptor + nationality span


@Language.factory(
    "newskg_mentions",
    default_config={"spans_key": SPANS_KEY, "max_name_tokens": 0},
)
def make_mention_finder(
    nlp: Language, name: str, *, spans_key: str, max_name_tokens: int
) -> MentionFinder:
    """Factory of the ``newskg_mentions`` component (call ``initialize(kb=...)`` before use).

    ``max_name_tokens`` bounds a KB name's length in tokens; 0 (the default)
    lets every name of the KB match, however long.
    """
    return MentionFinder(name=name, spans_key=spans_key, max_name_tokens=max_name_tokens)


class MentionFinder:
    """Find the domain's entity mentions; see the module docstring."""

    def __init__(self, *, name: str, spans_key: str, max_name_tokens: int) -> None:
        self.name = name
        self.spans_key = spans_key
        self.max_name_tokens = max_name_tokens
        self.kb: KnowledgeBase | None = None

    # ------------------------------------------------------------------ setup
    def initialize(self, get_examples=None, *, nlp: Language | None = None, kb: KnowledgeBase):
        """Index the KB names and the lexicons (once per process)."""
        self.kb = kb
        table: dict[str, list[str]] = {}
        for name, key in kb.names():
            nk = name_key(name)
            if nk and key not in table.setdefault(nk, []):
                table[nk].append(key)
        self._names = NgramIndex(table, max_tokens=self.max_name_tokens or None)
        # Name keys with an alias written without capitals ("missile balistique"): only
        # those may match a text written all in lower case (see _kb_candidates).
        self._lower_case_names = frozenset(
            name_key(name) for name, _ in kb.names() if not any(c.isupper() for c in name)
        )
        lex = lexicon("entities")
        self._agencies = AgencyIndex(kb)
        # (descriptor words, agency kind id), by first word, longest first.
        descriptors = sorted(
            (
                (tuple(token_key(w).split()), spec.id)
                for spec in agency_kinds().values()
                for w in spec.descriptors
            ),
            key=lambda d: (-len(d[0]), d),
        )
        self._descriptors_by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for words, kid in descriptors:
            if words:
                self._descriptors_by_first.setdefault(words[0], []).append((words, kid))
        self._descriptor_names = {" ".join(words) for words, _ in descriptors}
        # descriptor name key -> class; compared with the keys of the 1-3 tokens before a name
        self._context: dict[str, EntityKind] = {}
        for cls, words in lex["context_descriptors"].items():
            for w in words:
                self._context.setdefault(name_key(w), _CONTEXT_KINDS[cls])
        self._context_weapons = {
            w for w, k in self._context.items() if k is EntityKind.WEAPON_SYSTEM
        } | {token_key(w) for w in lex["weapon_heads"]}
        self._weapon_verbs = {token_key(w) for w in lex["weapon_context_verbs"]}
        self._place_nouns = {token_key(w) for w in lex["place_nouns"]}
        self._non_entity_heads = {token_key(w) for w in lex["non_entity_descriptors"]}
        dates = lexicon("dates")
        self._calendar = {token_key(w) for w in (*dates["months"], *dates["weekdays"])}
        self._nouns = _common_nouns(nlp)
        self._weapon_heads = {token_key(w) for w in lex["weapon_heads"]}
        self._weapon_qualifiers = {token_key(w) for w in lex["weapon_qualifiers"]}
        self._drone_kinds = {
            token_key(w): key for key, words in lex["drone_kinds"].items() for w in words
        }
        self._treaty_heads = {token_key(w) for w in lex["treaty_heads"]}
        self._treaty_drop = {token_key(w) for w in lex["treaty_drop_adjectives"]}
        self._stoplist = {name_key(w) for w in lex["ner_stoplist"]}
        # a name opening on these words ("Front de libération du X") names an armed group
        self._group_openers = tuple(name_key(w) + " " for w in lex["armed_group_name_openers"])
        self._titles = {token_key(w) for w in lex["person_titles"]}
        self._title_names = {name_key(w) for w in lex["person_titles"]}
        # the word a person's title ends on ("premier ministre" -> "ministre"), for title + name
        self._title_heads = {
            token_key(w).split()[-1]
            for w in (*lex["person_titles"], *lex["context_descriptors"]["Person"])
            if token_key(w)
        } | {token_key(w) for w in (*lex["person_titles"], *lex["context_descriptors"]["Person"])}
        self._event_nouns = {
            token_key(w) for ws in lexicon("events")["noun_triggers"].values() for w in ws
        }
        return self

    # --------------------------------------------------------------- running
    def __call__(self, doc: Doc) -> Doc:
        if self.kb is None:
            raise RuntimeError("newskg_mentions used before initialize(kb=...)")
        keys = token_keys(doc)
        kb_spans = list(self._kb_candidates(doc, keys))
        candidates = kb_spans[:]
        candidates += self._descriptor_candidates(doc, keys, kb_spans)
        candidates += self._weapon_candidates(doc, keys, kb_spans)
        candidates += self._treaty_candidates(doc, keys, kb_spans)
        candidates += self._designation_candidates(doc, keys)
        candidates += self._title_person_candidates(doc, keys, kb_spans)
        candidates += self._ner_candidates(doc, keys)
        furniture = _furniture_tokens(doc)
        if furniture:  # a KB name stays a mention; a guess inside a rubric or credit does not
            candidates = [
                c
                for c in candidates
                if c.source == "kb" or not any(t in furniture for t in range(c.start, c.end))
            ]
        spans = []
        for c in _select(candidates):
            span = Span(doc, c.start, c.end, label=c.kind.value, kb_id=c.key)
            span._.nkg_state = c.state
            span._.nkg_source = c.source
            span._.nkg_agency = c.agency
            spans.append(span)
        doc.spans[self.spans_key] = spans
        repair_parse(doc, spans)  # "a bombardé Kiev lundi", "Paris et Berlin ont signé"
        return doc

    def _kb_candidates(self, doc: Doc, doc_keys: Sequence[str]) -> Iterable[_Candidate]:
        assert self.kb is not None
        for start, end, keys in self._names.matches(doc, doc_keys):
            ents = [self.kb.get(k) for k in keys]
            ents = [e for e in ents if e is not None]
            if end - start == 1 and doc[start].text[:1].isupper():
                ents = [e for e in ents if _fits_proper_name(doc[start].text, e.aliases)]
            text = doc[start:end].text
            if not any(c.isupper() for c in text) and name_key(text) not in self._lower_case_names:
                # every alias is a proper name ("Rafale", "Archer"): the same letters in
                # lower case are a common word ("une rafale de tirs"), not this name
                continue
            if not ents:
                continue
            # An ambiguous name prefers actors, then the KB order (sorted keys).
            ent = sorted(ents, key=lambda e: (not e.kind.is_actor, e.key))[0]
            yield _Candidate(start, end, ent.kind, ent.key, "kb")

    def _state_at(self, doc: Doc, i: int, kb_spans: list[_Candidate]) -> tuple[str, int] | None:
        """A nationality at token ``i``: a demonym adjective or "de/du <State or capital>"."""
        assert self.kb is not None
        if i >= len(doc):
            return None
        state = self.kb.state_for_demonym(doc[i].text)
        if state is not None and doc[i].pos_ in ("ADJ", "NOUN", "PROPN", "VERB", "X"):
            return state.key, i + 1
        if doc[i].lower_ in ("de", "du", "d'", "des"):
            j = i + 1
            if j < len(doc) and doc[j].lower_ in ("la", "l'", "le"):
                j += 1
            for c in kb_spans:
                if c.start == j:
                    ent = self.kb.get(c.key)
                    if ent is None:
                        return None
                    if ent.kind is EntityKind.STATE:
                        return ent.key, c.end
                    if ent.seat_of:
                        return ent.seat_of, c.end
                    return None
        return None

    def _descriptor_candidates(
        self, doc: Doc, keys: list[str], kb_spans: list[_Candidate]
    ) -> list[_Candidate]:
        """Descriptor + nationality ("la marine allemande", "ministère polonais de la Défense")."""
        assert self.kb is not None
        out = []
        i = 0
        while i < len(doc):
            first = keys[i] if " " not in keys[i] else keys[i].split(" ", 1)[0]
            for words, kid in self._descriptors_by_first.get(first, ()):
                n = len(words)
                found = None
                if n == 1 and doc[i].pos_ == "ADJ":
                    continue  # "une base militaire colombienne": a quality, not the body
                if tuple(keys[i : i + n]) == words:
                    found = self._state_at(doc, i + n, kb_spans)
                elif (hyphenated := _words_end(doc, keys, i, words)) is not None:
                    found = self._state_at(doc, hyphenated, kb_spans)  # "garde-côtes chinois"
                elif n > 1 and tuple(keys[i + 2 : i + n + 1]) == words[1:]:
                    # the demonym after the first word: "ministère polonais de la Défense"
                    demonym = self._state_at(doc, i + 1, [])
                    if demonym is not None and demonym[1] == i + 2:
                        found = demonym[0], i + n + 1
                if found is None:
                    continue
                state, end = found
                key = self._agencies.find(state, kid) or ""
                kind = agency_kinds()[kid].kind
                named = self._named_body(kb_spans, end, state, kind)
                if named is not None:  # "l'agence de presse officielle iranienne Irna"
                    key = named.key
                if key and (ent := self.kb.get(key)) is not None:
                    kind = ent.kind
                out.append(_Candidate(i, end, kind, key, "descriptor", state, kid))
                break
            i += 1
        return out

    def _named_body(
        self, kb_spans: list[_Candidate], at: int, state: str, kind: EntityKind
    ) -> _Candidate | None:
        """The KB body of ``state`` and ``kind`` named right after its descriptor, if any.

        "l'agence de presse officielle iranienne Irna": the descriptor and
        the name are two mentions of one body, not a generated body and IRNA.
        """
        assert self.kb is not None
        for c in kb_spans:
            ent = self.kb.get(c.key) if c.start == at else None
            if ent is not None and ent.kind is kind and ent.affiliation == state:
                return c
        return None

    def _weapon_candidates(
        self, doc: Doc, keys: list[str], kb_spans: list[_Candidate]
    ) -> list[_Candidate]:
        out = []
        # tokens of KB names that are not weapons: a weapon's name never runs into them
        blocked = {
            t
            for c in kb_spans
            if c.kind is not EntityKind.WEAPON_SYSTEM
            for t in range(c.start, c.end)
        }
        for i, tok in enumerate(doc):
            if keys[i] not in self._weapon_heads or tok.pos_ not in ("NOUN", "PROPN", "X"):
                continue
            end, qualified, drone_kind, name_at = self._extend_weapon(doc, keys, i, blocked)
            if end == i + 1 and drone_kind is None:
                continue
            # A designation after the class and its qualifiers names the system with the
            # class noun ("chars de combat K2" is a "char K2"); else the longest KB name
            # among the span's right-truncations wins.
            kb_key = self._designated(doc, i, end) or self._lookup_kb(
                doc, i, end, EntityKind.WEAPON_SYSTEM
            )
            if kb_key is not None and (name_at is None or kb_key[1] > name_at):
                key, kend = kb_key
                out.append(_Candidate(i, kend, EntityKind.WEAPON_SYSTEM, key, "weapon"))
                continue
            if name_at is not None:  # "missiles Toufan": the name, not the class, says what
                out += self._named_weapons(doc, keys, i, name_at, end, kb_spans, blocked)
                continue
            if drone_kind is not None and self.kb is not None and drone_kind in self.kb:
                out.append(_Candidate(i, end, EntityKind.WEAPON_SYSTEM, drone_kind, "weapon"))
                continue
            inner_kb = any(c.start >= i and c.end <= end for c in kb_spans)
            if qualified and not inner_kb:
                out.append(_Candidate(i, end, EntityKind.WEAPON_SYSTEM, "", "weapon"))
        return out

    def _named_weapons(
        self,
        doc: Doc,
        keys: list[str],
        head: int,
        name_at: int,
        end: int,
        kb_spans: list[_Candidate],
        blocked: set[int],
    ) -> list[_Candidate]:
        """A weapon phrase ending on a proper name, and the names coordinated with it.

        "des missiles Hellfire": one candidate over the class noun and the
        name (linked when the KB knows "missile Hellfire"); "des missiles
        SCALP et Meteor": "Meteor" is a system of the same class. A KB
        weapon name inside the phrase ("chars Leopard 2") is left to the KB.
        """
        kb_starts = {c.start: c for c in kb_spans if c.kind is EntityKind.WEAPON_SYSTEM}
        out = []
        if not any(head < s < end for s in kb_starts):
            name = doc[name_at:end].text
            key = self._lookup_kb_text(f"{doc[head].text} {name}", EntityKind.WEAPON_SYSTEM)
            out.append(_Candidate(head, end, EntityKind.WEAPON_SYSTEM, key or "", "weapon"))
        while end + 1 < len(doc) and keys[end] in ("et", "ou"):
            if end + 1 in kb_starts:
                end = kb_starts[end + 1].end
                continue
            nxt = self._weapon_name_end(doc, keys, end + 1, blocked)
            if nxt == end + 1:
                break
            name = doc[end + 1 : nxt].text
            key = self._lookup_kb_text(
                f"{doc[head].text} {name}", EntityKind.WEAPON_SYSTEM
            ) or self._lookup_kb_text(name, EntityKind.WEAPON_SYSTEM)
            out.append(_Candidate(end + 1, nxt, EntityKind.WEAPON_SYSTEM, key or "", "weapon"))
            end = nxt
        return out

    def _extend_weapon(
        self, doc: Doc, keys: list[str], i: int, blocked: set[int] | None = None
    ) -> tuple[int, bool, str | None, int | None]:
        """Extend a weapon noun rightwards over qualifiers; say if it names a specific system.

        Returns the end, whether the phrase names a specific system or class,
        the drone kind, and where a proper name ending the phrase starts: a
        name after the noun and its qualifiers names the system ("missiles
        Toufan", "le missile intercontinental Sarmat", "drones navals Magura
        V5") unless it is a KB name of another kind (``blocked`` tokens:
        "des missiles Otan").
        """
        end = i + 1
        qualified = False
        drone_kind = None
        name_at = None
        j = i + 1
        while j < len(doc) and j < i + 9:
            k = keys[j]
            if doc[j].is_sent_start:
                break
            # "de 170 mm", "de 240mm"
            if k == "de" and j + 2 < len(doc) + 1:
                if j + 1 < len(doc) and doc[j + 1].like_num:
                    if j + 2 < len(doc) and doc[j + 2].lower_ in _CALIBRE_UNITS:
                        end = j = j + 3
                        qualified = True
                        continue
                    if doc[j + 1].lower_.endswith("mm"):
                        end = j = j + 2
                        qualified = True
                        continue
                nxt = " ".join(keys[j : j + 2])
                nxt3 = " ".join(keys[j : j + 3])
                if nxt3 in self._weapon_qualifiers:
                    end = j = j + 3
                    qualified = True
                    continue
                if nxt in self._weapon_qualifiers:
                    end = j = j + 2
                    qualified = True
                    continue
                break
            if doc[j].like_num and j + 1 < len(doc) and doc[j + 1].lower_ in _CALIBRE_UNITS:
                end = j = j + 2
                qualified = True
                continue
            if _DESIGNATION.match(doc[j].text):
                end = j = j + 1
                qualified = True
                continue
            if k in self._drone_kinds:
                drone_kind = drone_kind or self._drone_kinds[k]
                end = j = j + 1
                continue
            if k in self._weapon_qualifiers:  # "missile balistique": a weapon class
                end = j = j + 1
                qualified = True
                continue
            if doc[j].pos_ == "ADJ" and doc[j].head.i == i:
                end = j = j + 1
                continue
            pair = " ".join(keys[j : j + 2])
            if pair in self._weapon_qualifiers:
                end = j = j + 2
                qualified = True
                continue
            name_end = self._weapon_name_end(doc, keys, j, blocked or set())
            if name_end > j:
                end, name_at = name_end, j
                qualified = True
                break
            if doc[j].pos_ in ("VERB", "AUX") and keys[j] in ("pouvant", "capable", "capables"):
                # "drones pouvant s'autodétruire": a kind given by a relative phrase
                for m in range(j + 1, min(len(doc), j + 4)):
                    if keys[m] in self._drone_kinds or keys[m].endswith("autodetruire"):
                        drone_kind = self._drone_kinds.get(keys[m], "attack-drone")
                        end = m + 1
                break
            break
        if i + 1 < len(doc) and _DESIGNATION.match(doc[i + 1].text):
            qualified = True
        return end, qualified, drone_kind, name_at

    def _weapon_name_end(self, doc: Doc, keys: list[str], j: int, blocked: set[int]) -> int:
        """The end of a weapon's proper name starting at ``j`` ("Sea Baby", "Leopard 2"), or ``j``.

        Up to three capitalised words or acronyms, each may be followed by a
        model number ("Challenger 2", "Magura V5"); a calendar word, a
        capitalised demonym ("Russes") or a KB name of another kind stops it.
        """
        assert self.kb is not None
        k, words = j, 0
        while k < len(doc) and words < 3 and k not in blocked:
            tok = doc[k]
            if k > j and tok.is_sent_start:
                break
            if words and not doc[k - 1].whitespace_ and tok.text == "-" and k + 1 < len(doc):
                k += 2  # "Sea-Baby", split by the tokenizer
                continue
            if words and (tok.like_num or _DESIGNATION.match(tok.text)) and tok.text[:1].isalnum():
                k += 1  # "Leopard 2", "Magura V5"
                continue
            if (
                tok.text[:1].isupper()
                and tok.text[:1].isalpha()
                and keys[k] not in self._calendar
                and self.kb.state_for_demonym(tok.text) is None
            ):
                words += 1
                k += 1
                continue
            break
        return k

    def _designated(self, doc: Doc, start: int, end: int) -> tuple[str, int] | None:
        """The KB system named by the class noun and the designation ending the span.

        "dix chars de combat K2", "24 obusiers automoteurs K9": the words
        between the class noun and the designation ("de combat",
        "automoteurs") qualify the class, so "char K2" / "obusier K9" is
        looked up. ``None`` unless the span ends on a designation (letters
        and digits) after at least one qualifier.
        """
        last = doc[end - 1]
        if end - start < 3 or not _DESIGNATION.match(last.text):
            return None
        found = self._lookup_kb_text(f"{doc[start].text} {last.text}", EntityKind.WEAPON_SYSTEM)
        return (found, end) if found is not None else None

    def _lookup_kb_text(self, text: str, kind: EntityKind) -> str | None:
        assert self.kb is not None
        return next((ent.key for ent in self.kb.lookup(text) if ent.kind is kind), None)

    def _lookup_kb(
        self, doc: Doc, start: int, end: int, kind: EntityKind
    ) -> tuple[str, int] | None:
        assert self.kb is not None
        for e in range(end, start, -1):
            for ent in self.kb.lookup(doc[start:e].text):
                if ent.kind is kind:
                    return ent.key, e
        return None

    def _treaty_candidates(
        self, doc: Doc, keys: list[str], kb_spans: list[_Candidate]
    ) -> list[_Candidate]:
        assert self.kb is not None
        out = []
        for i, tok in enumerate(doc):
            if keys[i] not in self._treaty_heads or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            # the head's own phrase: adjectives and "de/sur + noun (+ adjectives)"
            end = i + 1
            j = i + 1
            while j < len(doc) and not doc[j].is_sent_start:
                if doc[j].pos_ == "ADJ":
                    end = j = j + 1
                    continue
                if keys[j] in ("de", "d'", "sur", "du") and j + 1 < len(doc):
                    k = j + 1
                    while (
                        k < len(doc)
                        and doc[k].pos_ in ("NOUN", "ADJ", "PROPN")
                        and (k == j + 1 or doc[k].pos_ == "ADJ")
                    ):
                        k += 1
                    if k == j + 1:
                        break
                    end = j = k
                    continue
                break
            if end == i + 1:
                continue
            words = [t for t in doc[i:end] if token_key(t.text) not in self._treaty_drop]
            variants = [doc[i:end].text, " ".join(t.text for t in words)]
            ent = None
            for v in variants:
                found = [e for e in self.kb.lookup(v) if e.kind is EntityKind.TREATY]
                if found:
                    ent = found[0]
                    break
            if ent is not None:
                out.append(_Candidate(i, end, EntityKind.TREATY, ent.key, "treaty"))
            elif len(words) == 1:
                continue  # "traité historique": only a head and generic praise, no name
            elif keys[i] != "accord" or tok.text[0].isupper():
                out.append(_Candidate(i, end, EntityKind.TREATY, "", "treaty"))
        return out

    def _title_person_candidates(
        self, doc: Doc, keys: list[str], kb_spans: list[_Candidate]
    ) -> list[_Candidate]:
        """The name after a person's title: "le président kényan William Ruto".

        The title may carry a nationality and a portfolio ("le ministre turc
        des Affaires étrangères Hakan Fidan", "le ministre de la Défense Lin
        Hsiao-kuang", "le chef du Hezbollah Naïm Qassem"); the capitalised
        words right after it (at least two, with name particles and hyphens
        between) name a person, whatever the statistical NER made of them
        (it often swallows the title into an ORG or MISC span, or misses
        the name). KB names are left to the KB.
        """
        assert self.kb is not None
        kb_at = {c.start: c for c in kb_spans}
        kb_tokens = {t for c in kb_spans for t in range(c.start, c.end)}
        out = []
        for i in range(len(doc) - 2):
            if keys[i] not in self._title_heads or i in kb_tokens:
                continue
            start = self._after_title(doc, keys, i + 1, kb_at)
            end = self._name_end(doc, keys, start, kb_tokens)
            if end is None:
                continue
            found = [e for e in self.kb.lookup(doc[start:end].text) if e.kind is EntityKind.PERSON]
            key = found[0].key if found else ""
            out.append(_Candidate(start, end, EntityKind.PERSON, key, "title"))
        return out

    def _after_title(self, doc: Doc, keys: list[str], j: int, kb_at: dict[int, _Candidate]) -> int:
        """Skip a title's nationality and portfolio ("turc des Affaires étrangères", "du Hamas")."""
        assert self.kb is not None
        for _ in range(3):
            if j >= len(doc) or doc[j].is_sent_start:
                break
            tok = doc[j]
            if tok.text[:1].islower() and self.kb.state_for_demonym(tok.text) is not None:
                j += 1
                continue
            if keys[j] not in ("de", "des", "du", "d'"):
                break
            k = j + 1
            if k < len(doc) and keys[k] in ("la", "l'", "le"):
                k += 1
            if k in kb_at and kb_at[k].kind is not EntityKind.PERSON:
                j = kb_at[k].end  # "le chef du Hezbollah", "le secrétaire général de l'ONU"
                continue
            if k >= len(doc) or doc[k].pos_ not in ("NOUN", "PROPN"):
                break
            k += 1  # "de la Défense", "des Affaires étrangères", "de l'armée pakistanaise"
            while k < len(doc) and doc[k].text[:1].islower() and doc[k].pos_ == "ADJ":
                k += 1
            j = k
        return j

    def _name_end(self, doc: Doc, keys: list[str], j: int, kb_tokens: set[int]) -> int | None:
        """The end of a personal name of two to six words starting at ``j``, or ``None``."""
        assert self.kb is not None
        k, words = j, 0
        while k < len(doc) and k - j < 8 and k not in kb_tokens:
            tok = doc[k]
            if k > j and tok.is_sent_start:
                break
            glued = k > j and tok.text == "-" and not doc[k - 1].whitespace_ and not tok.whitespace_
            if glued and k + 1 < len(doc) and doc[k + 1].text[:1].isalpha():
                k += 2  # "Hsiao-kuang", split by the tokenizer
                continue
            if (
                tok.text[:1].isupper()
                and any(c.islower() for c in tok.text)
                and keys[k] not in self._title_heads
                and keys[k] not in self._calendar
                and self.kb.state_for_demonym(tok.text) is None
            ):
                words += 1
                k += 1
                continue
            nxt = doc[k + 1] if k + 1 < len(doc) else None
            if words and keys[k] in _NAME_PARTICLES and nxt is not None and nxt.text[:1].isupper():
                k += 1
                continue
            break
        while k > j and keys[k - 1] in _NAME_PARTICLES:
            k -= 1
        return k if words >= 2 else None

    def _designation_candidates(self, doc: Doc, keys: list[str]) -> list[_Candidate]:
        """A model designation alone ("les Su-30", "un MiG-29") in a sentence about weapons."""
        out = []
        for sent in doc.sents:
            words = keys[sent.start : sent.end]
            if not any(k in self._context_weapons for k in words) and not any(
                token_key(t.lemma_) in self._weapon_verbs for t in sent
            ):
                continue
            for m in _FREE_DESIGNATION.finditer(sent.text):
                span = sent.char_span(m.start(), m.end())
                if span is None:
                    continue
                key = self._lookup_kb(doc, span.start, span.end, EntityKind.WEAPON_SYSTEM)
                if key is not None:
                    out.append(
                        _Candidate(span.start, key[1], EntityKind.WEAPON_SYSTEM, key[0], "weapon")
                    )
                else:
                    out.append(
                        _Candidate(span.start, span.end, EntityKind.WEAPON_SYSTEM, "", "weapon")
                    )
        return out

    def _ner_spans(self, doc: Doc) -> Iterable[tuple[int, int, str]]:
        """The NER's spans, repaired at the right edge.

        A span cut after a preposition ("Commission militaire centrale du")
        joins the NER span right after it ("Parti communiste chinois"); with
        nothing to join, the trailing prepositions, articles and punctuation
        are dropped ("Groupe de" -> "Groupe", "INTERNATIONAL |" -> "INTERNATIONAL").
        Person titles before a name ("général Plimpton") stay: the person
        resolution strips them itself.
        """
        ents = list(doc.ents)
        i = 0
        while i < len(ents):
            ent = ents[i]
            start, end, label = ent.start, ent.end, ent.label_
            last = token_key(doc[end - 1].text)
            if last in _OF and i + 1 < len(ents) and ents[i + 1].start == end:
                end = ents[i + 1].end
                i += 1
            elif self._opens_group_name(doc, start, end) and i + 1 < len(ents):
                # "Front de libération" + "du" + "Vardaland": the NER cut one name in two
                gap = [token_key(t.text) for t in doc[end : ents[i + 1].start]]
                if 1 <= len(gap) <= 2 and all(k in _OF for k in gap):
                    end = ents[i + 1].end
                    i += 1
            i += 1
            while end > start and (
                token_key(doc[end - 1].text) in _TRAILING
                or doc[end - 1].is_punct
                or doc[end - 1].is_space
            ):
                end -= 1
            if end > start:
                yield start, end, label

    def _opens_group_name(self, doc: Doc, start: int, end: int) -> bool:
        """Whether ``doc[start:end]`` is only the opening of an armed group's name."""
        return name_key(doc[start:end].text) + " " in self._group_openers

    def _not_a_name(self, doc: Doc, start: int, end: int, keys: list[str]) -> bool:
        """Capitalised words the NER tags that name nothing.

        Calendar words ("Vendredi"), a bare descriptor or title without its
        nationality or name ("Parlement", "Forces armées", "Premier
        ministre"), and a single common noun capitalised because it opens a
        sentence or a line ("Santé.", "Cadre", "Membre de...").
        """
        nk = " ".join(k for k in keys[start:end] if k)
        if nk in self._descriptor_names or nk in self._title_names:
            return True
        if end - start != 1:
            return False
        tok = doc[start]
        if keys[start] in self._calendar:
            return True
        opens = tok.is_sent_start or start == 0 or "\n" in doc[start - 1].text
        if not opens and start > 0:
            prev = doc[start - 1]  # "Santé |", "- Cadre"
            opens = prev.is_punct and (start == 1 or "\n" in doc[start - 2].text)
        return opens and tok.text.lower() in self._nouns and not tok.text.isupper()

    def _context_kind(
        self, doc: Doc, start: int, end: int, keys: list[str], label: str
    ) -> EntityKind | None:
        """The class given by a descriptor right before a name ("le groupe X", "le missile X")."""
        for n in (3, 2, 1):
            if start - n < 0:
                continue
            if not all(keys[start - n : start]):
                continue  # punctuation between: "un responsable du mouvement, Ali X"
            kind = self._context.get(" ".join(keys[start - n : start]))
            if kind is None:
                continue
            if kind is EntityKind.AGENCY and label == "MISC":
                continue  # "une chaîne Telegram": a product, not a body
            if (
                label == "PER"
                and end - start > 1
                and kind
                in (
                    EntityKind.AGENCY,
                    EntityKind.ARMED_GROUP,
                )
            ):
                continue  # a full personal name after "groupe" is more likely its leader
            if doc[start - n].is_sent_start and doc[start - n].text[:1].isupper():
                continue  # "Groupe X" opening a sentence may be the name itself
            return kind
        return None

    def _named_non_entity(self, doc: Doc, start: int, keys: list[str]) -> bool:
        """A name after "opération", "version"...: an operation or a variant, not an entity.

        ("l'opération « Sindoor »", "la version A6"); quotation marks between are skipped.
        """
        i = start - 1
        while i >= 0 and doc[i].is_quote:
            i -= 1
        return i >= 0 and keys[i] in self._non_entity_heads

    @staticmethod
    def _label_kind(span: Span, label: str) -> EntityKind | None:
        """The class of a name without a descriptor: its form, then the NER label."""
        text = span.text
        if _FREE_DESIGNATION.fullmatch(text):
            return EntityKind.WEAPON_SYSTEM  # "les Su-30 étaient abattus"
        if label == "PER":
            return EntityKind.PERSON
        if label == "ORG":
            return EntityKind.AGENCY
        if label == "LOC":
            # an unknown acronym ("le MSD") names an organisation far more often than a place
            acronym = text.isupper() and text.isalpha() and len(text) <= 6
            return EntityKind.AGENCY if acronym and len(span) == 1 else EntityKind.PLACE
        return None

    def _ner_candidates(self, doc: Doc, keys: list[str]) -> list[_Candidate]:
        assert self.kb is not None
        out = []
        for start, end, label in self._ner_spans(doc):
            span = doc[start:end]
            text = span.text
            nk = name_key(text)
            first = start  # "général Plimpton": the name proper starts after the titles
            while first < end - 1 and keys[first] in self._titles:
                first += 1
            if not nk or nk in self._stoplist:
                continue
            if (
                not doc[first].text[:1].isupper()
                and not (
                    label == "LOC"  # "mer Rouge", "golfe Persique": a place noun and its name
                    and keys[first] in self._place_nouns
                    and any(t.text[:1].isupper() for t in doc[first + 1 : end])
                )
            ):
                continue
            if text.startswith("#") or len(span) > 8:
                continue
            if self.kb.state_for_demonym(text) is not None:
                continue  # "les Nord-Coréens": a people, read by the extractors, not a name
            if "-" in text and self.kb.state_for_demonym(text.rsplit("-", 1)[1]) is not None:
                continue  # "les Franco-Israéliens": people of two nationalities
            if keys[start] in self._event_nouns:
                continue  # "Coopération militaire entre..." (a heading): an event, not a body
            linked = self.kb.lookup(text)
            if len(span) == 1:
                linked = tuple(e for e in linked if _fits_proper_name(text, e.aliases))
            if linked:
                e = sorted(linked, key=lambda x: (not x.kind.is_actor, x.key))[0]
                out.append(_Candidate(start, end, e.kind, e.key, "ner"))
                continue
            if self._not_a_name(doc, start, end, keys) or self._named_non_entity(doc, start, keys):
                continue
            kind = self._context_kind(doc, start, end, keys, label) or self._label_kind(span, label)
            if kind in (EntityKind.AGENCY, None) and (nk + " ").startswith(self._group_openers):
                kind = EntityKind.ARMED_GROUP  # "le Front de libération du Vardaland"
            if kind is None:
                continue
            if kind is EntityKind.AGENCY and text.isupper() and len(text) <= 2:
                continue
            out.append(_Candidate(start, end, kind, "", "ner"))
        return out


def _words_end(doc: Doc, keys: list[str], i: int, words: tuple[str, ...]) -> int | None:
    """Where ``words`` end when read from token ``i`` across hyphenated tokens, or ``None``.

    A hyphenated descriptor is one token ("garde-côtes", key "garde cotes")
    or three ("état", "-", "major"): the words are compared one by one,
    the hyphens skipped.
    """
    got: list[str] = []
    j = i
    while j < len(doc) and len(got) < len(words):
        if doc[j].text == "-" and got:
            j += 1
            continue
        if not keys[j]:
            return None
        got.extend(keys[j].split(" "))
        j += 1
        if tuple(got) != words[: len(got)]:
            return None
    return j if tuple(got) == words else None


def _fits_proper_name(text: str, aliases: Iterable[str]) -> bool:
    """Whether a one-word proper name is one of ``aliases``, or its plural ("Houthis").

    Name keys drop a final "s" so that "accords de Minsk" and "accord de
    Minsk" meet; a proper name lacking an alias's final "s" is another
    name ("Hama", a city, is not "Hamas").
    """
    form = fold(text)
    return any(form in (a, a + "s", a + "x") for a in map(fold, aliases))


def _common_nouns(nlp: Language | None) -> frozenset[str]:
    """The French common nouns the model's lemmatizer knows (empty without a lemmatizer)."""
    if nlp is None or "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or "lemma_index" not in lookups.tables:
        return frozenset()
    index = lookups.get_table("lemma_index")
    return frozenset(index["noun"]) if "noun" in index else frozenset()


def _furniture_tokens(doc: Doc) -> set[int]:
    """Indices of the tokens inside page furniture (rubrics, credits, "Lire aussi")."""
    out: set[int] = set()
    for start, end in furniture_ranges(doc.text):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            out.update(range(span.start, span.end))
    return out


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Keep non-overlapping candidates: rule-based before NER, longest first, then by trust."""
    ordered = sorted(
        candidates,
        key=lambda c: (c.source == "ner", -(c.end - c.start), _PRIORITY[c.source], c.start, c.key),
    )
    taken = [False] * (max((c.end for c in candidates), default=0) + 1)
    out = []
    for c in ordered:
        if any(taken[c.start : c.end]):
            continue
        for t in range(c.start, c.end):
            taken[t] = True
        out.append(c)
    return sorted(out, key=lambda c: (c.start, c.end))
