"""Scope of a figure: a total, or an increment that adds to an earlier figure.

"3 000 soldats supplémentaires", "10 000 nouveaux soldats", "500 hommes de
plus", "2 000 renforts" count troops added to those already there: they are
not an estimate of the same total as "11 000 soldats", and the graph says so
(``nkg:scope nkg:Increment``) so that queries do not pit one against the
other. The words are the lexicon ``scope_fr.json`` (modifiers of the counted
noun, nouns that mean an addition, phrases right after the noun phrase).
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from newskg.nlp.lemmas import lemma
from newskg.nlp.lexicon import lexicon

__all__ = ["is_increment"]


@cache
def _lexicon() -> tuple[frozenset[str], frozenset[str], tuple[tuple[str, ...], ...]]:
    lex = lexicon("scope")
    return (
        frozenset(lex["increment_modifiers"]),
        frozenset(lex["increment_nouns"]),
        tuple(tuple(p) for p in lex["increment_phrases"]),
    )


def is_increment(counted: Token) -> bool:
    """True when the noun a figure counts is qualified as an addition to an earlier figure.

    ``counted`` is the quantified noun ("soldats" in "3 000 soldats
    supplémentaires"), or the number itself when it stands alone ("3 000 de
    plus"). A modifier counts when it hangs on the noun (the parser's
    ``amod``) or stands right after it; a phrase counts right after the
    noun phrase's own words (its "de" complements and modifiers).
    """
    modifiers, nouns, phrases = _lexicon()
    if counted.lower_ in nouns or lemma(counted) in nouns:
        return True
    for c in counted.children:
        if c.dep_ in ("amod", "advmod") and (c.lower_ in modifiers or lemma(c) in modifiers):
            return True
    doc = counted.doc
    nxt = doc[counted.i + 1] if counted.i + 1 < len(doc) else None
    if nxt is not None and nxt.lower_ in modifiers and nxt.pos_ == "ADJ":
        return True
    end = max([counted.i, *(c.i for c in counted.children if c.dep_ in ("amod", "nummod"))])
    words = [t.lower_ for t in doc[end + 1 : end + 4]]
    return any(tuple(words[: len(p)]) == p for p in phrases)
