"""Duplicates: exact ones are refused, near ones recorded."""

from __future__ import annotations

from pathlib import Path

import numpy as np

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


def _dispatch(i: int) -> str:
    """A French dispatch of its own for each ``i`` (no two share five words in a row)."""
    places = ["Koursk", "Kharkiv", "Donetsk", "Zaporijjia", "Belgorod", "Soumy", "Kherson"]
    words = [
        f"Le {i % 28 + 1} mars, l'armée a signalé {i * 7 + 3} frappes près de {places[i % 7]}.",
        f"Selon le ministère, {i * 13 + 5} soldats du bataillon {i} ont été redéployés.",
        f"Le porte-parole numéro {i} a démenti toute perte, citant le rapport {i * 31}.",
    ]
    return " ".join(words)


def test_a_near_duplicate_is_found_among_many_articles():
    dedup = Deduplicator(threshold=0.8)
    for i in range(300):
        assert dedup.check(_article(f"d{i}", _dispatch(i)), f"d{i}").near_duplicate_of == ()
    copy = _dispatch(150) + " Fin de la dépêche."
    assert dedup.check(_article("copy", copy), "copy").near_duplicate_of == ("d150",)


def test_the_shingle_hashes_are_read_back_from_their_file_as_written():
    from newskg.io.dedup import _ArrayFile, _shingle_hashes

    stored = _ArrayFile()
    arrays = [
        _shingle_hashes(_dispatch(i), 5) if i % 3 else np.zeros(0, np.uint64) for i in range(9)
    ]
    for a in arrays:
        stored.append(a)
    assert len(stored) == 9
    for i in (4, 0, 8, 1, 3):  # in any order
        assert np.array_equal(stored[i], arrays[i])


def test_equal_bands_give_equal_keys_and_one_changed_band_one_changed_key():
    from newskg.io.dedup import BANDS, ROWS, _band_keys, _minhash, _shingle_hashes

    signature = _minhash(_shingle_hashes(_dispatch(7), 5))
    changed = signature.copy()
    changed[3 * ROWS + 1] ^= np.uint64(1)  # one min-hash of the fourth band
    keys, other = _band_keys(signature), _band_keys(changed)
    assert len(keys) == BANDS == len(set(keys))
    assert keys == _band_keys(signature.copy())
    assert [k == o for k, o in zip(keys, other, strict=True)] == [b != 3 for b in range(BANDS)]


def test_what_the_deduplicator_holds_in_memory_does_not_grow_with_the_articles():
    """Hashes, identifiers and band keys wait on disk: Python holds ~8 bytes an article
    (the ends of the shingle arrays), not the ~2 kB the bands took in a dict."""
    import tracemalloc

    dedup = Deduplicator(threshold=0.8)
    tracemalloc.start()
    try:
        for i in range(1_200):
            dedup.check(_article(f"d{i}", _dispatch(i)), f"d{i}")
            if i == 199:
                before = tracemalloc.get_traced_memory()[0]
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert (after - before) / 1_000 < 200  # bytes an article


def test_an_exact_copy_names_the_first_article_and_a_near_one_all_earlier_in_order():
    dedup = Deduplicator(threshold=0.8)
    first = _dispatch(3)
    assert dedup.check(_article("a", first), "a").near_duplicate_of == ()
    assert dedup.check(_article("b", first + " Fin."), "b").near_duplicate_of == ("a",)
    again = dedup.check(_article("c", first), "c")
    assert isinstance(again, InputError)
    assert "same text as a" in str(again)
    assert dedup.check(_article("d", first + " Fin de la dépêche."), "d").near_duplicate_of == (
        "a",
        "b",
    )
    dedup.close()


def test_read_inputs_closes_its_deduplicator_when_the_reader_stops(tmp_path, monkeypatch):
    from newskg.io import dedup as dedup_module

    closed: list[bool] = []

    class Watched(dedup_module.Deduplicator):
        def close(self) -> None:
            closed.append(True)
            super().close()

    monkeypatch.setattr("newskg.io.read.Deduplicator", Watched)
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(_dispatch(i), encoding="utf-8")
    reader = read_inputs([tmp_path], language=None)
    next(reader)
    reader.close()  # a build that stops early
    assert closed == [True]


def test_the_reader_may_go_on_in_another_thread(tmp_path):
    """read_inputs is a generator: a caller may resume it from a thread of its own."""
    from concurrent.futures import ThreadPoolExecutor

    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(_dispatch(i), encoding="utf-8")
    reader = read_inputs([tmp_path], language=None)
    first = next(reader)
    with ThreadPoolExecutor(max_workers=1) as pool:
        rest = pool.submit(list, reader).result()
    assert [a.identifier for a in [first, *rest]] == ["0.txt", "1.txt", "2.txt"]
