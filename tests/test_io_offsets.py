"""The compact offset map (newskg.io.offsets): runs, not one integer per character."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newskg.io import normalize
from newskg.io.offsets import OffsetMap, RunBuilder
from newskg.model import Article

# positions as normalisation makes them: never decreasing, each 0 or more past the last
_steps = st.lists(st.sampled_from([0, 1, 1, 1, 1, 2, 5]), max_size=80)


def _positions(steps: list[int], first: int = 3) -> list[int]:
    out, pos = [], first
    for s in steps:
        pos += s
        out.append(pos)
    return out


@given(_steps)
def test_the_map_gives_back_every_position(steps):
    positions = _positions(steps)
    m = OffsetMap.of(positions)
    assert len(m) == len(positions)
    assert list(m) == positions
    assert [m[i] for i in range(len(m))] == positions
    assert m[1:-1] == positions[1:-1]
    if positions:
        assert m[-1] == positions[-1]
    assert OffsetMap(m.runs) == m and m == positions


@given(_steps, st.lists(st.integers(1, 6), max_size=20))
def test_the_runs_do_not_depend_on_how_the_positions_were_given(steps, cuts):
    # the same positions, appended in stretches cut anywhere, give the same runs
    positions = _positions(steps)
    builder, at = RunBuilder(), 0
    for cut in [*cuts, len(positions)]:
        stretch = positions[at : at + cut]
        for p in stretch:
            builder.extend(p, 1, 1)
        at += len(stretch)
    assert builder.build().runs == OffsetMap.of(positions).runs


@given(_steps, st.integers(0, 80), st.integers(0, 80))
def test_a_window_is_the_slice_of_the_positions_rebased(steps, a, b):
    positions = _positions(steps)
    start, end = sorted((min(a, len(positions)), min(b, len(positions))))
    base = positions[start] if start < len(positions) else 0
    window = OffsetMap.of(positions).window(start, end, base)
    assert list(window) == [p - base for p in positions[start:end]]


def test_rewritten_white_space_is_one_run_and_verbatim_text_another():
    builder = RunBuilder()
    builder.extend(0, 1, 20)  # "Le ministre a parlé." copied
    builder.extend(25, 0, 2)  # "\n\n" standing for the white space at 25 (20-24 deleted)
    builder.extend(30, 1, 30)  # the next paragraph copied
    m = builder.build()
    assert m.runs == (52, 0, 20, 22, 0, 25, 30, 1, 0, 1)
    assert (m[19], m[20], m[21], m[22]) == (19, 25, 25, 30)
    # a position continuing a run extends it: the canonical form is the greedy one
    builder = RunBuilder()
    builder.extend(0, 1, 20)
    builder.extend(20, 0, 2)
    assert builder.build().runs == (22, 0, 21, 0, 20, 1, 1)
    assert not OffsetMap() and len(OffsetMap()) == 0


def test_the_map_of_a_long_text_stays_small():
    paragraph = "La  Pologne a reçu des chars.\r\nLe contrat   est signé à Varsovie.\n\n\n"
    original = paragraph * 5000
    result = normalize(original)
    assert isinstance(result.offsets, OffsetMap)
    # a handful of runs per paragraph, not one integer per character
    assert len(result.offsets.runs) < 10 * 3 * 5000 < len(result.text)
    last = result.text.rindex("Varsovie")
    assert original[result.offsets[last] : result.offsets[last] + 8] == "Varsovie"


def test_an_article_keeps_the_runs_and_maps_a_span_back_to_the_original():
    original = "Titre\n\n\nLe  traité est  signé."
    n = normalize(original)
    article = Article("a", n.text, original, "a.txt", "h", offset_runs=n.offsets.runs)
    start = n.text.index("traité est")
    s, e = article.original_span(start, start + len("traité est"))
    assert original[s:e] == "traité est  "[: e - s] and original[s:e].startswith("traité")
    assert article.offsets == n.offsets
    assert pickle.loads(pickle.dumps(article)).offsets == n.offsets


def test_a_map_refuses_malformed_runs():
    with pytest.raises(ValueError, match="runs"):
        OffsetMap((3, 0, 0))
    with pytest.raises(IndexError):
        OffsetMap.of([1, 2])[2]
