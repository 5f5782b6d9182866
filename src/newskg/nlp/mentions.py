"""The ``newskg_mentions`` spaCy component: entity mentions of this domain.

spaCy's French NER knows only PER / LOC / ORG / MISC and misses weapon
systems, treaties, acronyms and nationality phrases. This component writes
``doc.spans["newskg"]``: one span per mention, ``label_`` an
:class:`~newskg.model.EntityKind` value and ``kb_id_`` the KB key when the
mention is linked (empty for an entity the KB does not know). Sources, from
most to least trusted:

1. KB names (every alias, case/accent/plural-insensitive, longest match);
2. descriptor + nationality ("troupes nord-coréennes", "services secrets de
   Séoul"): the state's body of that kind, from the KB or new;
3. weapon patterns: a weapon noun qualified by a calibre, a designation or a
   drone kind ("canons automoteurs de 170 mm", "drones kamikazes");
4. treaty patterns: "traité / pacte / mémorandum de ...";
5. the statistical NER, filtered (stop-list, capitalisation).

The KB and the lexicons are given once, in :meth:`MentionFinder.initialize`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from newskg.kb import KnowledgeBase
from newskg.model import EntityKind
from newskg.nlp.keys import NgramIndex, token_key
from newskg.nlp.lexicon import lexicon
from newskg.text import name_key

__all__ = ["SPANS_KEY", "MentionFinder"]

SPANS_KEY = "newskg"
_DESIGNATION = re.compile(r"^[A-Z]{1,4}-?\d{1,4}[A-Z]?$")
_CALIBRE_UNITS = {"mm", "millimètre", "millimètres"}

if not Span.has_extension("nkg_state"):
    Span.set_extension("nkg_state", default=None)
if not Span.has_extension("nkg_source"):
    Span.set_extension("nkg_source", default="")

# Source priority when two candidate spans overlap (lower wins on equal length).
_PRIORITY = {"kb": 0, "descriptor": 1, "weapon": 2, "treaty": 2, "ner": 3}


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    kind: EntityKind
    key: str
    source: str
    state: str | None = None


@Language.factory(
    "newskg_mentions",
    default_config={"spans_key": SPANS_KEY, "max_name_tokens": 10},
)
def make_mention_finder(
    nlp: Language, name: str, *, spans_key: str, max_name_tokens: int
) -> MentionFinder:
    """Factory of the ``newskg_mentions`` component (call ``initialize(kb=...)`` before use)."""
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
        self._names = NgramIndex(table, max_tokens=self.max_name_tokens)
        lex = lexicon("entities")
        self._descriptors = sorted(
            (
                (tuple(token_key(w).split()), EntityKind(kind))
                for kind, words in lex["descriptors"].items()
                for w in words
            ),
            key=lambda d: -len(d[0]),
        )
        # By first word, longest first: each token is compared with a few descriptors only.
        self._descriptors_by_first: dict[str, list[tuple[tuple[str, ...], EntityKind]]] = {}
        for words, kind in self._descriptors:
            if words:
                self._descriptors_by_first.setdefault(words[0], []).append((words, kind))
        self._weapon_heads = {token_key(w) for w in lex["weapon_heads"]}
        self._weapon_qualifiers = {token_key(w) for w in lex["weapon_qualifiers"]}
        self._drone_kinds = {
            token_key(w): key for key, words in lex["drone_kinds"].items() for w in words
        }
        self._treaty_heads = {token_key(w) for w in lex["treaty_heads"]}
        self._treaty_drop = {token_key(w) for w in lex["treaty_drop_adjectives"]}
        self._stoplist = {name_key(w) for w in lex["ner_stoplist"]}
        self._titles = {token_key(w) for w in lex["person_titles"]}
        self._event_nouns = {
            token_key(w) for ws in lexicon("events")["noun_triggers"].values() for w in ws
        }
        return self

    # --------------------------------------------------------------- running
    def __call__(self, doc: Doc) -> Doc:
        if self.kb is None:
            raise RuntimeError("newskg_mentions used before initialize(kb=...)")
        keys = [token_key(t.text) for t in doc]
        kb_spans = list(self._kb_candidates(doc))
        candidates = kb_spans[:]
        candidates += self._descriptor_candidates(doc, keys, kb_spans)
        candidates += self._weapon_candidates(doc, keys, kb_spans)
        candidates += self._treaty_candidates(doc, keys, kb_spans)
        candidates += self._ner_candidates(doc)
        spans = []
        for c in _select(candidates):
            span = Span(doc, c.start, c.end, label=c.kind.value, kb_id=c.key)
            span._.nkg_state = c.state
            span._.nkg_source = c.source
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc

    def _kb_candidates(self, doc: Doc) -> Iterable[_Candidate]:
        assert self.kb is not None
        for start, end, keys in self._names.matches(doc):
            ents = [self.kb.get(k) for k in keys]
            ents = [e for e in ents if e is not None]
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
        assert self.kb is not None
        out = []
        i = 0
        while i < len(doc):
            for words, kind in self._descriptors_by_first.get(keys[i], ()):
                n = len(words)
                if tuple(keys[i : i + n]) != words:
                    continue
                found = self._state_at(doc, i + n, kb_spans)
                if found is None:
                    continue
                state, end = found
                agency = self.kb.agency_of(state, kind)
                key = agency.key if agency is not None else ""
                out.append(_Candidate(i, end, kind, key, "descriptor", state))
                break
            i += 1
        return out

    def _weapon_candidates(
        self, doc: Doc, keys: list[str], kb_spans: list[_Candidate]
    ) -> list[_Candidate]:
        out = []
        for i, tok in enumerate(doc):
            if keys[i] not in self._weapon_heads or tok.pos_ not in ("NOUN", "PROPN", "X"):
                continue
            end, qualified, drone_kind = self._extend_weapon(doc, keys, i)
            if end == i + 1 and drone_kind is None:
                continue
            # The longest KB name among the span's right-truncations wins.
            kb_key = self._lookup_kb(doc, i, end, EntityKind.WEAPON_SYSTEM)
            if kb_key is not None:
                key, kend = kb_key
                out.append(_Candidate(i, kend, EntityKind.WEAPON_SYSTEM, key, "weapon"))
                continue
            if drone_kind is not None and self.kb is not None and drone_kind in self.kb:
                out.append(_Candidate(i, end, EntityKind.WEAPON_SYSTEM, drone_kind, "weapon"))
                continue
            inner_kb = any(c.start >= i and c.end <= end for c in kb_spans)
            if qualified and not inner_kb:
                out.append(_Candidate(i, end, EntityKind.WEAPON_SYSTEM, "", "weapon"))
        return out

    def _extend_weapon(self, doc: Doc, keys: list[str], i: int) -> tuple[int, bool, str | None]:
        """Extend a weapon noun rightwards over qualifiers; say if it names a specific system."""
        end = i + 1
        qualified = False
        drone_kind = None
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
        return end, qualified, drone_kind

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

    def _ner_candidates(self, doc: Doc) -> list[_Candidate]:
        assert self.kb is not None
        out = []
        for ent in doc.ents:
            nk = name_key(ent.text)
            if not nk or nk in self._stoplist or not any(c.isupper() for c in ent.text[:1]):
                continue
            if ent.text.startswith("#") or len(ent) > 8:
                continue
            if self.kb.state_for_demonym(ent.text) is not None:
                continue  # "les Nord-Coréens": a people, read by the extractors, not a name
            if token_key(ent[0].text) in self._event_nouns:
                continue  # "Coopération militaire entre..." (a heading): an event, not a body
            linked = self.kb.lookup(ent.text)
            if linked:
                e = sorted(linked, key=lambda x: (not x.kind.is_actor, x.key))[0]
                out.append(_Candidate(ent.start, ent.end, e.kind, e.key, "ner"))
                continue
            if ent.label_ == "PER":
                kind = EntityKind.PERSON
            elif ent.label_ == "ORG":
                kind = EntityKind.AGENCY
            elif ent.label_ == "LOC":
                # an unknown acronym ("le MSD") names an organisation far more often than a place
                acronym = ent.text.isupper() and ent.text.isalpha() and len(ent.text) <= 6
                kind = EntityKind.AGENCY if acronym and len(ent) == 1 else EntityKind.PLACE
            else:
                continue
            if kind is EntityKind.AGENCY and ent.text.isupper() and len(ent.text) <= 2:
                continue
            out.append(_Candidate(ent.start, ent.end, kind, "", "ner"))
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
