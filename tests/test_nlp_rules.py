"""Token-level rules that do not need the statistical model: boundaries and lemmas."""

from __future__ import annotations

import spacy
from hypothesis import given
from hypothesis import strategies as st

from newskg.nlp.boundaries import fix_boundaries, split_paragraphs
from newskg.nlp.lemmas import known_verbs, verb_candidates

_NLP = spacy.blank("fr")


def test_split_compound_after_elision_is_merged():
    doc = fix_boundaries(_NLP("a révélé l’état-major sud-coréen"))
    assert "état-major" in [t.text for t in doc]


def test_proper_name_compounds_are_not_merged():
    doc = fix_boundaries(_NLP("l’axe Pyongyang-Moscou et Kim Jong-un"))
    texts = [t.text for t in doc]
    assert "Pyongyang-Moscou" not in texts and "Jong-un" not in texts


def test_glued_tokens_never_start_a_sentence():
    doc = fix_boundaries(_NLP("l’état-major a dit."))
    assert all(t.is_sent_start is False for t in doc[1:] if not doc[t.i - 1].whitespace_)


_SENT_END = {".", "!", "?", "…", "»", '"', "”", ":"}


def _starts_token_by_token(doc):
    """The boundary rule stated one token at a time, as it was first written."""
    starts = [doc[0].is_sent_start] if len(doc) else []
    for prev in doc[:-1]:
        glued = not prev.whitespace_ and not prev.is_space and prev.text not in _SENT_END
        starts.append(False if glued or prev.text[-1:].isalnum() else None)
    return starts


_PIECES = ["Kim", "Jong", "-", "un", "état", "major", "l’", "qu'", "«", "»", ".", ":", "!"]
_PIECES += ["3", "F-15I", "sud", "coréen", "A", "a", ",", "\n\n", "\n", " ", " ", " ", "…"]


@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_sentence_starts_follow_the_rule_token_by_token(pieces):
    """Whatever the tokens, the rule read from the Doc's arrays gives the sentence starts
    (and the merged compounds) that reading the tokens one by one gives."""
    doc = fix_boundaries(_NLP("".join(pieces)))
    assert [t.is_sent_start for t in doc] == _starts_token_by_token(doc)
    for left, dash, right in zip(doc, doc[1:], doc[2:], strict=False):  # compounds merged
        assert not (
            dash.text == "-"
            and not left.whitespace_
            and not dash.whitespace_
            and left.text.isalpha()
            and left.text.islower()
            and right.text.isalpha()
            and right.text.islower()
        )


@given(st.text(alphabet="ab .\n\t", max_size=60))
def test_paragraphs_concatenate_back_to_the_text(text):
    assert "".join(split_paragraphs(text)) == text


def test_paragraphs_split_after_blank_lines_only():
    assert split_paragraphs("Titre\nsuite\n\nCorps. Fin.") == ["Titre\nsuite\n\n", "Corps. Fin."]


def test_regular_conjugations_map_to_known_infinitives():
    assert "indiquer" in known_verbs() and "indiquer" in verb_candidates("indique")
    assert "révéler" in verb_candidates("révèle")
    assert "fournir" in verb_candidates("fournissent")
    assert verb_candidates("a") == []


def test_quote_after_elision_is_split():
    from newskg.nlp.boundaries import extend_tokenizer

    nlp = spacy.blank("fr")
    extend_tokenizer(nlp)
    assert [t.text for t in nlp("qu'\"environ 100")] == ["qu'", '"', "environ", "100"]
