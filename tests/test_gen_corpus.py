"""bench/gen_corpus.py: deterministic, about the asked length, and read by newskg.io as written."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from newskg.errors import InputError
from newskg.io import read_inputs
from newskg.model import Article, PartialDate

ROOT = Path(__file__).resolve().parent.parent


def _load_generator():
    """bench/ is not a package: load the script as a module by its path."""
    name = "newskg_bench_gen_corpus"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / "gen_corpus.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


gen = _load_generator()


def _published(record: dict[str, str]) -> PartialDate:
    year, month, day = (int(part) for part in record["date"].split("-"))
    return PartialDate(year, month, day)


def test_same_seed_same_articles_other_seed_others():
    first = list(gen.generate(15, seed=7))
    assert first == list(gen.generate(15, seed=7))
    other = list(gen.generate(15, seed=8))
    assert {r["text"] for r in first}.isdisjoint(r["text"] for r in other)


def test_a_larger_corpus_starts_with_the_smaller_one():
    assert list(gen.generate(5, seed=1)) == list(gen.generate(12, seed=1))[:5]


@pytest.mark.parametrize("words", [200, 500, 1000])
def test_word_counts_are_near_the_target(words):
    counts = [len(r["text"].split()) for r in gen.generate(40, seed=2, words=words)]
    assert abs(sum(counts) / len(counts) - words) < 0.1 * words
    assert all(0.75 * words <= c <= 1.3 * words for c in counts), counts


def test_ids_and_titles_are_unique():
    records = list(gen.generate(300, seed=3, words=120))
    assert len({r["id"] for r in records}) == 300
    assert len({r["title"] for r in records}) == 300


def test_txt_files_are_all_read_with_their_title_and_date(tmp_path):
    records = list(gen.generate(25, seed=4))
    files = gen.write_corpus(25, tmp_path, seed=4)
    assert len(files) == 25 and all(f.suffix == ".txt" for f in files)
    results = list(read_inputs([tmp_path]))
    assert not [r for r in results if isinstance(r, InputError)]
    assert len(results) == 25
    by_id = {r.identifier: r for r in results}
    for record in records:
        article = by_id[record["id"] + ".txt"]
        assert article.title == " ".join(record["title"].split())  # no-break spaces normalised
        assert article.published == _published(record)
        assert article.language == "fr"
        assert not article.near_duplicate_of


def test_jsonl_files_are_all_read_with_their_metadata(tmp_path):
    files = gen.write_corpus(25, tmp_path, seed=5, fmt="jsonl", per_file=10)
    assert [len(f.read_text(encoding="utf-8").splitlines()) for f in files] == [10, 10, 5]
    records = [json.loads(line) for f in files for line in f.read_text("utf-8").splitlines()]
    results = list(read_inputs([tmp_path]))
    assert not [r for r in results if isinstance(r, InputError)]
    assert [r.identifier for r in results] == [r["id"] for r in records]
    for article, record in zip(results, records, strict=True):
        assert isinstance(article, Article)
        assert article.title == record["title"]
        assert article.published == _published(record)
        assert article.url == record["url"]
        assert not article.near_duplicate_of


def test_cli_writes_the_asked_number_of_articles(tmp_path, capsys):
    assert gen.main(["7", str(tmp_path / "out"), "--seed", "9", "--words", "150"]) == 0
    assert len(list((tmp_path / "out").glob("*.txt"))) == 7
    assert "7 articles" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        gen.main(["3", str(tmp_path / "bad"), "--format", "html"])


@pytest.mark.parametrize(
    ("n", "words"),
    [(1, "un"), (10, "dix"), (71, "soixante et onze"), (80, "quatre-vingts"), (300, "trois cents"),
     (2000, "deux mille"), (80_000, "quatre-vingt mille"), (11_500, "onze mille cinq cents")],
)  # fmt: skip
def test_french_number_words(n, words):
    assert gen.french_words(n) == words
