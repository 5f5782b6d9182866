"""Page furniture: the parts of a scraped page that are not the article's prose.

Rubric labels ("INTERNATIONAL |", "Monde |", "International" alone on a
line), photo credits ("Crédit photo : Jean Dupont / AFP") and cross-links
("Lire aussi : ...") name no entity of the story, yet the statistical NER
tags their capitalised words. :func:`furniture_ranges` finds them with the
patterns of ``entities_fr.json`` (``furniture``): regular expressions run
line by line, and a list of rubric words that are furniture when a line
holds nothing else. A user extends both by editing the lexicon.
"""

from __future__ import annotations

import re
from functools import cache

from newskg.nlp.lexicon import lexicon
from newskg.text import name_key

__all__ = ["furniture_ranges"]


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], ...], frozenset[str]]:
    lex = lexicon("entities")["furniture"]
    patterns = tuple(re.compile(p, re.M) for p in lex["line_patterns"])
    rubrics = frozenset(name_key(w) for w in lex["rubric_words"])
    return patterns, rubrics


def furniture_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges ``[start, end)`` of ``text`` that are page furniture, sorted, disjoint.

    >>> furniture_ranges("Monde |\\nLa Pologne achète.")
    [(0, 7)]
    >>> furniture_ranges("International\\n\\nLe texte.")
    [(0, 13)]
    """
    patterns, rubrics = _patterns()
    found: list[tuple[int, int]] = []
    for pattern in patterns:
        found.extend(m.span() for m in pattern.finditer(text) if m.end() > m.start())
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.strip()
        if body and name_key(body) in rubrics:
            start = pos + line.index(body)
            found.append((start, start + len(body)))
        pos += len(line)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
