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
    spans = []
    i = 1
    n = len(doc)
    while i < n - 1:
        left, dash, right = doc[i - 1], doc[i], doc[i + 1]
        if (
            dash.text == "-"
            and not left.whitespace_
            and not dash.whitespace_
            and _is_lower_word(left.text)
            and _is_lower_word(right.text)
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
    """Merge split compounds; forbid sentence starts right after a word or inside glued tokens."""
    _merge_split_compounds(doc)
    for i in range(1, len(doc)):
        prev, tok = doc[i - 1], doc[i]
        glued = not prev.whitespace_ and not prev.is_space and prev.text not in _SENT_END
        if glued or prev.text[-1:].isalnum():
            tok.is_sent_start = False
    return doc
