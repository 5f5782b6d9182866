"""Bad input is yielded as InputError naming the file (and line), never raised."""

from __future__ import annotations

from pathlib import Path

import pytest

from newskg.errors import InputError
from newskg.io import read_inputs
from newskg.model import Article

BAD = Path(__file__).parent / "data" / "io" / "bad"


def _errors(paths, **kwargs) -> list[InputError]:
    results = list(read_inputs(paths, **kwargs))
    assert all(isinstance(r, InputError) for r in results), results
    return results


@pytest.mark.parametrize(
    ("name", "reason"),
    [("empty.txt", "empty"), ("blank.txt", "empty"), ("binary.txt", "binary")],
)
def test_unreadable_content_is_reported_with_the_file_name(name, reason):
    (error,) = _errors([BAD / name])
    assert (error.source, error.reason) == (name, reason)
    assert str(error).startswith(f"{name}: ")


def test_undecodable_bytes(tmp_path):
    path = tmp_path / "garbage.txt"
    path.write_bytes(bytes(range(0x80, 0x100)) * 3)
    (error,) = _errors([path])
    assert (error.source, error.reason) == ("garbage.txt", "encoding")
    assert "not UTF-8" in error.detail


def test_legacy_encoding_is_decoded_and_named():
    (article,) = read_inputs([BAD / "latin1.txt"])
    assert isinstance(article, Article)
    assert article.encoding == "cp1252"
    assert "Le ministère syldave" in article.text
    assert "« dès jeudi »" in article.text


def test_utf8_bom_is_decoded(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffLa Syldavie a signé un accord de coopération militaire.".encode())
    (article,) = read_inputs([path])
    assert isinstance(article, Article)
    assert article.encoding == "utf-8-sig"
    assert article.text.startswith("La Syldavie")


def test_bad_jsonl_lines_are_reported_by_line_and_good_ones_kept():
    results = list(read_inputs([BAD / "records.jsonl"]))
    summary = [(r.source, r.reason) if isinstance(r, InputError) else r.identifier for r in results]
    assert summary == [
        "rec-1",
        ("records.jsonl:2", "malformed"),
        ("records.jsonl:3", "missing-text"),
        ("records.jsonl:4", "malformed"),
        ("records.jsonl:6", "malformed"),
        "rec-7",
    ]


def test_file_over_the_size_limit():
    (error,) = _errors([BAD / "latin1.txt"], max_bytes=10)
    assert (error.source, error.reason) == ("latin1.txt", "too-large")


def test_missing_file_is_unreadable(tmp_path):
    (error,) = _errors([tmp_path / "absent.txt"])
    assert (error.source, error.reason) == ("absent.txt", "unreadable")


def test_permission_denied_is_unreadable(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text("La Syldavie a signé un accord.", encoding="utf-8")

    def denied(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    (error,) = _errors([path])
    assert (error.source, error.reason) == ("locked.txt", "unreadable")
    assert "Permission denied" in error.detail


def test_only_boilerplate_is_empty(tmp_path):
    path = tmp_path / "tags.txt"
    path.write_text("#Syldavie\n#Bordurie\nCrédit Photo : X /\n", encoding="utf-8")
    (error,) = _errors([path])
    assert error.reason == "empty"


def test_html_without_main_text(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>Rien</title></head><body></body></html>", encoding="utf-8")
    (error,) = _errors([path])
    assert (error.source, error.reason) == ("empty.html", "missing-text")


def test_a_bad_file_does_not_stop_the_others():
    results = list(read_inputs([BAD]))
    assert sum(isinstance(r, Article) for r in results) == 3  # latin1.txt, rec-1, rec-7


def test_lone_surrogates_in_json_become_replacement_characters(tmp_path):
    from newskg.io import read_inputs

    path = tmp_path / "s.jsonl"
    path.write_text(
        '{"id": "x", "title": "t\\ud800", "text": "La Russie\\udc00 a livré des chars."}\n'
    )
    (article,) = [a for a in read_inputs([path], max_bytes=10**6, language="fr")]
    assert "\ufffd" in article.title and "\ufffd" in article.original
    article.original.encode("utf-8")  # no surrogate left
