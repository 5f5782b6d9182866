"""Small text helpers shared by the KB, the extractors and IRI minting."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

__all__ = ["fold", "name_key", "slugify"]

_APOSTROPHES = {"’": "'", "ʼ": "'", "‘": "'", "`": "'", "´": "'"}
# Letters that NFKD does not decompose but a reader takes for their base letter:
# ligatures, letters with a stroke, and the dotless i that ``re.IGNORECASE``
# matches as "i" (so a lexicon pattern's match must fold to its key).
_LETTERS = {
    "ı": "i", "œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d",
    "þ": "th", "ħ": "h", "ŧ": "t", "ŋ": "ng",
}  # fmt: skip
_FOLD = str.maketrans(_APOSTROPHES | _LETTERS)
_UNIT_GLUE = re.compile(r"(\d)(mm|cm|km|m)\b")
_NON_WORD = re.compile(r"[^\w']+")
_SPACES = re.compile(r"\s+")

# Names and words recur, so :func:`fold` and :func:`name_key` keep their answers;
# sentences and lines of text, which they are also asked for, seldom do. Texts
# longer than this are computed each time, so that a full cache holds names
# (65,536 of them: ~20 MB at most, estimated) and not the corpus's latest sentences.
_CACHED_CHARS = 64


def fold(text: str) -> str:
    """Case-, accent- and ligature-insensitive form of ``text``.

    NFKD without combining marks, casefolded; ligatures and letters with a
    stroke spelt out (``œ`` -> ``oe``, ``ø`` -> ``o``); the dotless ``ı`` is
    ``i``, as for ``re.IGNORECASE``; apostrophes are ``'``.

    >>> fold("Corée du Nord"), fold("Manœuvres"), fold("Kılıç")
    ('coree du nord', 'manoeuvres', 'kilic')
    """
    return _fold(text) if len(text) > _CACHED_CHARS else _fold_cached(text)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold().translate(_FOLD)


_fold_cached = lru_cache(maxsize=1 << 16)(_fold)


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
    return _name_key(text) if len(text) > _CACHED_CHARS else _name_key_cached(text)


def _name_key(text: str) -> str:
    folded = _UNIT_GLUE.sub(r"\1 \2", fold(text))
    folded = _NON_WORD.sub(" ", folded).replace("'", "' ")
    tokens = [_singular(t) for t in _SPACES.split(folded.strip()) if t]
    return " ".join(tokens)


_name_key_cached = lru_cache(maxsize=1 << 16)(_name_key)


def slugify(text: str, *, max_length: int = 80) -> str:
    """An IRI-safe slug: ASCII letters, digits and hyphens only, never empty.

    Letters and digits of other scripts cannot be spelt in ASCII: a name that
    has any ends with 8 hex digits of its folded letters, so that two names in
    Cyrillic or Chinese do not both become ``x``. A slug is its own slug.

    >>> slugify("Kim Jong Un"), slugify("Kılıçdaroğlu")
    ('kim-jong-un', 'kilicdaroglu')
    >>> slugify("Владимир Путин") != slugify("Сергей Шойгу")
    True
    """
    folded = fold(text).replace("'", " ")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.encode("ascii", "ignore").decode()).strip("-")
    if folded.isascii() or not any(c.isalnum() and not c.isascii() for c in folded):
        return slug[:max_length].rstrip("-") or "x"
    letters = "".join(c for c in folded if c.isalnum())
    tag = hashlib.sha256(letters.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    head = slug[: max(0, max_length - len(tag) - 1)].rstrip("-")
    return f"{head}-{tag}" if head else tag


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
