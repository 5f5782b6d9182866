"""The per-article extraction cache: exact JSON round trip, keys, pruning."""

from __future__ import annotations

import json
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from newskg.cache import ExtractionCache, extractor_fingerprint, result_from_json, result_to_json
from newskg.model import (
    ArticleResult,
    Claim,
    EntityKind,
    EntityRef,
    Event,
    EventKind,
    Measure,
    Modality,
    PartialDate,
    Qualifier,
    Quantity,
    TimeValue,
)
from store_helpers import article, results

text = st.text(max_size=30)
dates = st.builds(
    PartialDate,
    st.integers(1900, 2100),
    st.one_of(st.none(), st.integers(1, 12)),
).flatmap(
    lambda d: (
        st.just(d)
        if d.month is None
        else st.one_of(
            st.just(d),
            st.builds(PartialDate, st.just(d.year), st.just(d.month), st.integers(1, 28)),
        )
    )
)
times = st.one_of(
    st.none(),
    st.builds(TimeValue, date=dates),
    st.builds(TimeValue, start=dates, end=st.one_of(st.none(), dates)),
)
figures = st.integers(0, 10**7)


@st.composite
def quantities(draw):
    measure = draw(st.sampled_from(Measure))
    qualifier = draw(st.sampled_from(Qualifier))
    if draw(st.booleans()):
        return Quantity(measure, value=draw(figures), qualifier=qualifier)
    low = draw(st.one_of(st.none(), figures))
    high = draw(st.one_of(st.none(), figures)) if low is not None else draw(figures)
    if low is not None and high is not None and low > high:
        low, high = high, low
    return Quantity(measure, min_value=low, max_value=high, qualifier=qualifier)


events = st.builds(
    Event,
    kind=st.sampled_from(EventKind),
    roles=st.lists(st.tuples(st.sampled_from(["agent", "recipient", "weapon"]), text)).map(
        lambda r: tuple(sorted(r))
    ),
    quantities=st.lists(quantities(), max_size=3).map(tuple),
    time=times,
)
claims = st.builds(
    Claim,
    event=events,
    article=st.just("a.txt"),
    quote=st.text(),
    start=st.integers(0, 10**6),
    end=st.integers(0, 10**6),
    claimant=st.one_of(st.none(), text),
    modality=st.sampled_from(Modality),
    confidence=st.floats(0, 1),
    trigger=text,
)
entities = st.builds(
    EntityRef,
    key=text,
    kind=st.sampled_from(EntityKind),
    label=text,
    names=st.lists(text, max_size=3).map(tuple),
    in_kb=st.booleans(),
    affiliation=st.one_of(st.none(), text),
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(entities, max_size=4).map(tuple),
    st.lists(claims, max_size=4).map(tuple),
    st.lists(text, max_size=2).map(tuple),
)
def test_any_result_round_trips_through_json(ents, cls, warnings):
    a = article("a.txt", "x")
    result = ArticleResult(a, entities=ents, claims=cls, warnings=warnings)
    data = json.loads(json.dumps(result_to_json(result), ensure_ascii=False))
    assert result_from_json(data, a) == result


def test_a_hit_gives_back_the_result_with_the_fresh_article(tmp_path):
    r, _ = results()
    cache = ExtractionCache(tmp_path, "f" * 32)
    assert cache.get(r.article) is None
    cache.put(r)
    assert cache.get(r.article) == r
    moved = replace(r.article, source="elsewhere/a.txt", near_duplicate_of=("b.txt",))
    hit = cache.get(moved)
    assert hit is not None and hit.article is moved and hit.claims == r.claims


def test_a_changed_text_or_pipeline_is_a_miss(tmp_path):
    r, _ = results()
    cache = ExtractionCache(tmp_path, "f" * 32)
    cache.put(r)
    assert cache.get(replace(r.article, text=r.article.text + " Fin.")) is None
    assert cache.get(replace(r.article, published=PartialDate(2020))) is None
    assert ExtractionCache(tmp_path, "e" * 32).get(r.article) is None


def test_the_fingerprint_follows_model_and_knowledge_base():
    base = extractor_fingerprint("fr_core_news_md", "3.8.0", "kb1")
    assert base == extractor_fingerprint("fr_core_news_md", "3.8.0", "kb1")
    assert base != extractor_fingerprint("fr_core_news_md", "3.8.1", "kb1")
    assert base != extractor_fingerprint("fr_core_news_lg", "3.8.0", "kb1")
    assert base != extractor_fingerprint("fr_core_news_md", "3.8.0", "kb2")


def test_an_unreadable_entry_is_a_miss(tmp_path):
    r, _ = results()
    cache = ExtractionCache(tmp_path, "f" * 32)
    cache.put(r)
    (path,) = tmp_path.glob("*.json")
    path.write_text("{not json", encoding="utf-8")
    assert cache.get(r.article) is None
    path.write_text(json.dumps({"format": 0}), encoding="utf-8")
    assert cache.get(r.article) is None


def test_keep_removes_the_entries_a_build_did_not_use(tmp_path):
    a, b = results()
    cache = ExtractionCache(tmp_path, "f" * 32)
    cache.put(a)
    cache.put(b)
    assert cache.keep([cache.key(a.article)]) == 1
    assert cache.get(a.article) == a and cache.get(b.article) is None
