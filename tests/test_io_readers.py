"""Readers and read_inputs: txt, JSON Lines, HTML; order; the same article in three formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import newskg.io
from newskg.errors import InputError
from newskg.io import discover, read_inputs
from newskg.model import Article, PartialDate

DATA = Path(__file__).parent / "data" / "io"
SAME = DATA / "same"


def _one(path: Path, **kwargs) -> Article:
    results = list(read_inputs([path], **kwargs))
    assert len(results) == 1, results
    assert isinstance(results[0], Article), results[0]
    return results[0]


def test_public_surface_is_sorted_and_exported():
    assert newskg.io.__all__ == sorted(newskg.io.__all__)
    for name in newskg.io.__all__:
        assert hasattr(newskg.io, name)


def test_txt_reader():
    article = _one(SAME / "article.txt")
    assert article.identifier == "article.txt"
    assert article.source == str(SAME / "article.txt")
    assert article.original == (SAME / "article.txt").read_text(encoding="utf-8")
    assert article.title == "La Bordurie envoie des renforts en Syldavie"
    assert article.published == PartialDate(2023, 5, 2)
    assert article.publisher == "AFP"
    assert article.language == "fr"
    assert article.encoding == "utf-8"
    assert article.url is None
    assert len(article.offsets) == len(article.text)


def test_jsonl_reader():
    article = _one(SAME / "article.jsonl")
    record = json.loads((SAME / "article.jsonl").read_text(encoding="utf-8"))
    assert article.identifier == "syldavie-renforts"
    assert article.original == record["text"]
    assert article.title == record["title"]
    assert article.published == PartialDate(2023, 5, 2)
    assert article.url == "https://example.org/syldavie/renforts"
    assert article.publisher == "AFP"


def test_html_reader_uses_main_text_and_page_metadata():
    article = _one(SAME / "article.html")
    assert article.identifier == "article.html"
    assert article.title == "La Bordurie envoie des renforts en Syldavie"
    assert article.published == PartialDate(2023, 5, 2)
    assert article.url == "https://example.org/syldavie/renforts"
    assert article.publisher == "Le Courrier de Klow"
    assert "Accueil" not in article.text  # navigation is not main text
    assert "Tous droits réservés" not in article.text
    assert "<" not in article.original


def test_html_date_keeps_the_precision_of_the_metadata(tmp_path):
    html = (SAME / "article.html").read_text(encoding="utf-8")
    page = tmp_path / "month.html"
    page.write_text(html.replace("2023-05-02T14:05:00+02:00", "2023-05"), encoding="utf-8")
    assert _one(page).published == PartialDate(2023, 5)
    page.write_text(html.replace("2023-05-02T14:05:00+02:00", ""), encoding="utf-8")
    assert _one(page).published is None  # no metadata date: none invented


def test_same_article_in_three_formats_gives_the_same_text():
    txt, jsonl, html = (
        _one(SAME / name) for name in ("article.txt", "article.jsonl", "article.html")
    )
    assert txt.text == jsonl.text == html.text
    assert txt.content_hash == jsonl.content_hash == html.content_hash
    assert txt.title == jsonl.title == html.title
    assert txt.published == jsonl.published == html.published


def test_read_inputs_order_is_sorted_by_path_then_line():
    results = list(read_inputs([DATA / "bad", DATA / "same"], language=None))
    sources = [r.source if isinstance(r, InputError) else r.identifier for r in results]
    assert sources[:4] == ["binary.txt", "blank.txt", "empty.txt", "latin1.txt"]
    jsonl = [s for s in sources if isinstance(s, str) and s.startswith(("rec-", "records"))]
    assert jsonl == [
        "rec-1", "records.jsonl:2", "records.jsonl:3", "records.jsonl:4", "records.jsonl:6", "rec-7"
    ]  # fmt: skip
    again = list(read_inputs([DATA / "same", DATA / "bad"], language=None))
    assert [_key(r) for r in results] == [_key(r) for r in again]


def _key(result: Article | InputError) -> tuple[str, ...]:
    if isinstance(result, InputError):
        return (result.source, result.reason, result.detail)
    return (result.identifier, result.content_hash)


def test_discover_reads_known_suffixes_in_folders_and_any_named_file(tmp_path):
    (tmp_path / "b.txt").write_text("x")
    (tmp_path / "a.HTML").write_text("x")
    (tmp_path / "notes.md").write_text("x")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.jsonl").write_text("x")
    (tmp_path / "other.dat").write_text("x")
    found = discover([tmp_path, tmp_path / "other.dat", tmp_path / "b.txt"])
    assert found == sorted([tmp_path / "a.HTML", tmp_path / "b.txt", tmp_path / "other.dat",
                            tmp_path / "sub" / "c.jsonl"])  # fmt: skip


def test_json_file_with_a_list_of_records(tmp_path):
    path = tmp_path / "batch.json"
    records = [
        {
            "id": "x1",
            "text": "La Syldavie a signé un accord de coopération avec ses voisins du nord.",
        },
        {"id": "x2"},
    ]
    path.write_text(json.dumps(records), encoding="utf-8")
    first, second = read_inputs([path])
    assert isinstance(first, Article) and first.identifier == "x1"
    assert isinstance(second, InputError) and second.source == "batch.json[1]"
    assert second.reason == "missing-text"


@pytest.mark.parametrize("name", ["article.txt", "article.jsonl", "article.html"])
def test_original_span_maps_text_back(name):
    article = _one(SAME / name)
    quote = '"au moins 150 hommes"'
    start = article.text.index(quote)
    first, last = article.original_span(start, start + len(quote))
    assert article.original[first:last] == quote


def test_text_inputs_do_not_import_the_html_stack(tmp_path):
    """A .txt / JSONL build never imports trafilatura or lxml (only an HTML page does)."""
    import subprocess
    import sys

    (tmp_path / "a.txt").write_text("La Pologne a reçu des chars.\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(
        json.dumps({"id": "b", "text": "Le Japon a signé un accord."}) + "\n", encoding="utf-8"
    )
    code = (
        "import sys; from pathlib import Path\n"
        "import newskg.cli, newskg.pipeline\n"
        "from newskg.io import read_inputs\n"
        f"items = list(read_inputs([Path({str(tmp_path)!r})], language=None))\n"
        "assert len(items) == 2, items\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('trafilatura', 'lxml'))\n"
        "print(loaded)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
    html = tmp_path / "c.html"
    html.write_text("<html><body><article><p>" + "Texte. " * 40 + "</p></article></body></html>")
    code = (
        "import sys; from pathlib import Path\n"
        "from newskg.io import read_inputs\n"
        f"list(read_inputs([Path({str(html)!r})], language=None))\n"
        "print('trafilatura' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
