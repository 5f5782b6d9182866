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
