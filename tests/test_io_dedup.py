"""Duplicates: exact ones are refused, near ones recorded."""

from __future__ import annotations

from pathlib import Path

from newskg.errors import InputError
from newskg.io import Deduplicator, content_hash, read_inputs
from newskg.model import Article

DUP = Path(__file__).parent / "data" / "io" / "dup"


def test_same_text_with_other_whitespace_and_boilerplate_is_a_duplicate():
    a, b, c = read_inputs([DUP])
    assert isinstance(a, Article) and a.identifier == "a.txt"
    assert isinstance(b, InputError)
    assert (b.source, b.reason, b.detail) == ("b.txt", "duplicate", "same text as a.txt")
    assert isinstance(c, Article)
    assert c.near_duplicate_of == ("a.txt",)
    assert a.near_duplicate_of == ()


def test_content_hash_ignores_whitespace_only():
    assert content_hash("a  b\n\nc") == content_hash("a b c")
    assert content_hash("a b c") != content_hash("a b d")
    assert len(content_hash("x")) == 64


def _article(identifier: str, text: str) -> Article:
    return Article(identifier, text, text, identifier, content_hash(text))


def test_deduplicator_threshold():
    base = " ".join(f"mot{i}" for i in range(100))
    other = " ".join(f"autre{i}" for i in range(100))
    dedup = Deduplicator(threshold=0.8)
    assert dedup.check(_article("a", base), "a").near_duplicate_of == ()
    assert dedup.check(_article("b", other), "b").near_duplicate_of == ()
    near = dedup.check(_article("c", base + " fin"), "c")
    assert near.near_duplicate_of == ("a",)
    again = dedup.check(_article("d", base), "d")
    assert isinstance(again, InputError) and again.detail == "same text as a"
