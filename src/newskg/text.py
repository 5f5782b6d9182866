"""Small text helpers shared by the KB, the extractors and IRI minting."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

__all__ = ["fold", "name_key", "slugify"]

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'", "´": "'"})
_UNIT_GLUE = re.compile(r"(\d)(mm|cm|km|m)\b")
_NON_WORD = re.compile(r"[^\w']+")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Case- and accent-insensitive form of ``text`` (NFKD, no combining marks, casefold).

    >>> fold("Corée du Nord")
    'coree du nord'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold().translate(_APOSTROPHES)


def _singular(token: str) -> str:
    if len(token) > 3 and token[-1] in "sx" and not token.endswith("ss") and token[-2] != "'":
        return token[:-1]
    return token


def name_key(text: str) -> str:
    """The form under which names are compared: folded, punctuation-free, singular.

    Two surface forms of one name get the same key: ``"canons automoteurs de
    170mm"`` and ``"canon automoteur de 170 mm"`` both give ``"canon automoteur
    de 170 mm"``. Short tokens (acronyms such as ``NIS``) keep their final s.

    >>> name_key("Canons autoporteurs de 170mm")
    'canon autoporteur de 170 mm'
    >>> name_key("l’État-major")
    "l' etat major"
    """
    folded = _UNIT_GLUE.sub(r"\1 \2", fold(text))
    folded = _NON_WORD.sub(" ", folded).replace("'", "' ")
    tokens = [_singular(t) for t in _SPACES.split(folded.strip()) if t]
    return " ".join(tokens)


def slugify(text: str, *, max_length: int = 80) -> str:
    """An IRI-safe slug: ASCII letters, digits and hyphens only, never empty.

    >>> slugify("Kim Jong Un")
    'kim-jong-un'
    """
    folded = fold(text).replace("'", " ")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.encode("ascii", "ignore").decode()).strip("-")
    return slug[:max_length].rstrip("-") or "x"


def phrase_pattern(phrase: str) -> str:
    """A regex for one lexicon phrase: flexible apostrophes, spaces and hyphens.

    >>> import re
    >>> bool(re.fullmatch(phrase_pattern("aujourd'hui"), "aujourd’ hui"))
    True
    """
    out = []
    for ch in phrase:
        if ch in "'’":
            out.append(r"['’]\s*")
        elif ch.isspace():
            out.append(r"\s+")
        elif ch in "-‑–":
            out.append(r"\s*[-‑–]\s*")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def alternation_pattern(forms: Iterable[str]) -> str:
    """An alternation of the phrases and their accent-free forms, longest first."""
    variants = {v for f in forms for v in (f, fold(f))}
    ordered = sorted(variants, key=lambda s: (-len(s), s))
    return "(?:" + "|".join(phrase_pattern(v) for v in ordered) + ")"
