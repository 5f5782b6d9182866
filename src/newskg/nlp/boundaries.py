"""Token and sentence boundaries the statistical parser gets wrong on news copy.

Runs first, before ``tok2vec``, and only fixes what is certain from the
characters themselves:

* French compounds that the tokenizer splits after an elision
  ("l'état-major" -> ``l'`` ``état`` ``-`` ``major``) are merged back into
  one token, as the tokenizer already does for "sud-coréen". Only
  lower-case word + ``-`` + lower-case word written without spaces are
  merged, so "Pyongyang-Moscou", "Kim Jong-un" and "a-t-il" are untouched.
* A sentence never starts right after a word or inside glued tokens: the
  parser otherwise cuts inside names ("Kim Jong | Un avaient signé") or
  compounds ("l'état | -major"). After punctuation the parser decides.
* A blank line (after a title, between paragraphs) always ends a sentence: the parser
  sees the text as one stream and would glue a headline to the lead.

The parser respects boundaries set before it runs.
"""

from __future__ import annotations

import re

import numpy as np
from spacy.attrs import IS_SPACE, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_suffix_regex

__all__ = ["extend_tokenizer", "fix_boundaries", "split_paragraphs"]

# An opening quotation mark right after an elision: qu'"environ -> qu' " environ
_QUOTE_AFTER_ELISION = r"""(?<=[’'])["«“]"""
# A full stop after a model designation ending in one capital ("des F-15I.", "des J-10C."):
# the stock suffixes leave it glued, as after an initial ("M."), hiding the name and the
# sentence end.
_STOP_AFTER_DESIGNATION = r"(?<=\d[A-Z])\."

_PARAGRAPH = re.compile(r".*?(?:\n[^\S\n]*\n\s*|\Z)", re.S)
_SENT_END = frozenset({".", "!", "?", "…", "»", '"', "”", ":"})


def _is_lower_word(text: str) -> bool:
    return text.isalpha() and text.islower()


def _merge_split_compounds(doc: Doc) -> None:
    """Merge lower-case word + ``-`` + lower-case word written without spaces into one token."""
    n = len(doc)
    if n < 3:
        return
    strings = doc.vocab.strings
    rows = doc.to_array([ORTH, SPACY]).tolist()
    dash = strings["-"]
    spans = []
    i = 1
    while i < n - 1:
        if (
            rows[i][0] == dash
            and not rows[i - 1][1]
            and not rows[i][1]
            and _is_lower_word(strings[rows[i - 1][0]])
            and _is_lower_word(strings[rows[i + 1][0]])
        ):
            spans.append(doc[i - 1 : i + 2])
            i += 3
        else:
            i += 1
    if spans:
        with doc.retokenize() as retok:
            for span in spans:
                retok.merge(span)


def extend_tokenizer(nlp: Language) -> None:
    """Teach the tokenizer to split a quotation mark that follows an elision, and a full stop
    that follows a model designation ("F-15I.").

    French copy quotes mid-clause ("a rapporté qu'"environ 1.000 soldats"");
    the stock tokenizer keeps ``qu'"environ`` as one token, which hides the
    figure from the parser.
    """
    infixes = [*nlp.Defaults.infixes, _QUOTE_AFTER_ELISION]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    suffixes = [*nlp.Defaults.suffixes, _STOP_AFTER_DESIGNATION]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search


def split_paragraphs(text: str) -> list[str]:
    """Cut ``text`` after each blank line; the pieces concatenate back to ``text``.

    >>> split_paragraphs("Titre\n\nPremier. Second.\n")
    ['Titre\n\n', 'Premier. Second.\n']
    """
    return [m.group(0) for m in _PARAGRAPH.finditer(text) if m.group(0)]


@Language.component("newskg_boundaries")
def fix_boundaries(doc: Doc) -> Doc:
    """Merge split compounds; forbid sentence starts right after a word or inside glued tokens.

    A token may not start a sentence when the token before it ends in a
    letter or a digit, or is glued to it (no space after it), is not a
    space and is not a sentence-ending mark. The rule reads each token's
    text, spacing and space flag from the Doc's arrays and writes the
    sentence starts back in one array: no per-token objects, as this runs
    over every paragraph of every article.
    """
    _merge_split_compounds(doc)
    n = len(doc)
    if n < 2:
        return doc
    strings = doc.vocab.strings
    rows = doc.to_array([ORTH, SPACY, IS_SPACE]).tolist()
    starts = doc.to_array([SENT_START])
    cache = _HOLDS_NEXT
    for i, (orth, spacy_, is_space) in enumerate(rows[:-1]):
        holds = cache.get(orth)
        if holds is None:
            holds = cache[orth] = _holds_next(strings[orth])
        ended_word, not_an_end = holds
        if ended_word or (not spacy_ and not is_space and not_an_end):
            starts[i + 1] = _NOT_A_START
    doc.from_array([SENT_START], starts)
    return doc


# SENT_START as Doc arrays hold it (unsigned): -1, "not a sentence start"
_NOT_A_START = np.uint64(2**64 - 1)
# per token text: (it ends in a letter or digit, it is not a sentence-ending mark)
_HOLDS_NEXT: dict[int, tuple[bool, bool]] = {}


def _holds_next(text: str) -> tuple[bool, bool]:
    return text[-1:].isalnum(), text not in _SENT_END
