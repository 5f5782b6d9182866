"""Language identification with py3langid, in a fixed, deterministic configuration.

The classifier is restricted to a fixed set of languages (so a short French
text is not taken for Occitan or Luxembourgish), and reads only the letters of
the text's main script (so an Arabic weekday or an English line left in a
French article does not tip it). Short or uncertain texts are reported as
such rather than guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

__all__ = ["CANDIDATES", "Detected", "detect_language"]

#: The languages the classifier chooses among (ISO 639-1), sorted.
CANDIDATES: tuple[str, ...] = (
    "ar", "de", "el", "en", "es", "fa", "fr", "he", "hi", "it", "ja", "ko", "nl",
    "pl", "pt", "ro", "ru", "sv", "tr", "uk", "vi", "zh",
)  # fmt: skip
MIN_LETTERS = 40
MIN_CONFIDENCE = 0.8
#: Characters of an article the classifier reads: its opening is plenty, and a
#: whole long article would cost more than parsing it.
SAMPLE_CHARS = 2000
_NOISE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|#\w+")


@dataclass(frozen=True, slots=True)
class Detected:
    """A language guess: ISO code, probability, and whether it is reliable."""

    code: str
    probability: float
    reliable: bool


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(CANDIDATES))
    return identifier


@lru_cache(maxsize=1 << 14)
def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else "?"


def _main_script_text(text: str) -> tuple[str, int]:
    """``text`` without letters of minority scripts, and its count of main-script letters.

    Characters are counted once each (``Counter`` over a string runs in C) and
    scripts looked up per distinct letter, not per character.
    """
    scripts: Counter[str] = Counter()
    letters: dict[str, str] = {}
    for char, n in Counter(text).items():
        if char.isalpha():
            script = letters[char] = _script(char)
            scripts[script] += n
    if not scripts:
        return "", 0
    main, count = scripts.most_common(1)[0]
    if len(scripts) == 1:
        return text, count
    minority = {ord(c): " " for c, script in letters.items() if script != main}
    return text.translate(minority), count


def detect_language(text: str) -> Detected:
    """The language of ``text``; ``reliable`` is false for short or uncertain texts.

    >>> detect_language("La Corée du Nord a envoyé des troupes en Russie, selon Séoul.").code
    'fr'
    """
    cleaned, letters = _main_script_text(_NOISE.sub(" ", text[:SAMPLE_CHARS]))
    if letters == 0:
        return Detected("und", 0.0, False)
    code, probability = _identifier().classify(cleaned)
    probability = round(float(probability), 4)
    reliable = letters >= MIN_LETTERS and probability >= MIN_CONFIDENCE
    return Detected(str(code), probability, reliable)
