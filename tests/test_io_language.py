"""Language detection: deterministic, not fooled by boilerplate; other languages skipped."""

from __future__ import annotations

import json
from pathlib import Path

from newskg.errors import UnsupportedLanguageError
from newskg.io import detect_language, read_inputs
from newskg.model import Article

LANG = Path(__file__).parent / "data" / "io" / "lang"


def test_article_in_another_language_is_yielded_as_unsupported():
    (error,) = read_inputs([LANG / "english.txt"])
    assert isinstance(error, UnsupportedLanguageError)
    assert (error.source, error.reason) == ("english.txt", "language")
    assert "'en'" in error.detail


def test_any_language_when_none_is_configured():
    (article,) = read_inputs([LANG / "english.txt"], language=None)
    assert isinstance(article, Article)
    assert article.language == "en"


def test_short_french_with_english_and_arabic_boilerplate():
    (article,) = read_inputs([LANG / "short_french.txt"])
    assert isinstance(article, Article)
    assert article.language == "fr"
    assert article.text == "Klow confirme l'arrivée des renforts."


def test_minority_script_does_not_tip_detection():
    text = "الخميس " + "Le ministre syldave a confirmé mardi l'arrivée de nouveaux renforts à Klow."
    detected = detect_language(text)
    assert detected.code == "fr"
    assert detected.reliable


def test_detection_is_deterministic():
    text = (LANG / "english.txt").read_text(encoding="utf-8")
    assert detect_language(text) == detect_language(text) == detect_language(text)


def test_short_text_is_not_reliable_and_not_refused():
    assert not detect_language("Klow, mardi.").reliable
    (article,) = read_inputs([LANG / "short_french.txt"])
    assert isinstance(article, Article)


def test_declared_language_in_a_record_is_used(tmp_path):
    path = tmp_path / "declared.jsonl"
    text = "Der syldavische Minister hat am Dienstag neue Truppen in Klow bestätigt."
    path.write_text(json.dumps({"id": "de-1", "text": text, "language": "de-DE"}), encoding="utf-8")
    (error,) = read_inputs([path])
    assert isinstance(error, UnsupportedLanguageError)
    assert error.source == "declared.jsonl:1"
