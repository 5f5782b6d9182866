"""How the engines cut the stream of articles into batches (:func:`newskg.engine.run.batches`).

With several workers the last batches shrink, so that the workers finish
together; the articles keep their order and are read a bounded number
ahead. Integers stand in for articles: ``batches`` only counts them.
"""

from __future__ import annotations

from collections.abc import Iterator

from hypothesis import given
from hypothesis import strategies as st

from newskg.engine.run import batches


def test_one_worker_gets_full_batches_and_a_shorter_last():
    assert [len(b) for b in batches(range(100), 32)] == [32, 32, 32, 4]


def test_several_workers_get_full_batches_then_shrinking_ones():
    sizes = [len(b) for b in batches(range(1000), 32, workers=2)]
    assert sizes[:29] == [32] * 29
    tail = sizes[29:]
    assert tail == sorted(tail, reverse=True)
    assert tail[-1] == 1
    assert max(tail) <= 32


def test_a_corpus_smaller_than_a_batch_is_spread_over_the_workers():
    # before, 20 articles were one batch: one worker parsed them while the other waited
    sizes = [len(b) for b in batches(range(20), 32, workers=2)]
    assert sizes[0] == 5  # a quarter of what there is
    assert len(sizes) > 2


def _counting(n: int, pulled: list[int]) -> Iterator[int]:
    for i in range(n):
        pulled[0] = i + 1
        yield i


@given(
    n=st.integers(min_value=0, max_value=400),
    size=st.integers(min_value=1, max_value=40),
    workers=st.integers(min_value=1, max_value=4),
)
def test_order_kept_sizes_bounded_and_reading_ahead_bounded(n, size, workers):
    pulled = [0]
    seen: list[int] = []
    for batch in batches(_counting(n, pulled), size, workers=workers):
        assert 1 <= len(batch) <= size
        seen.extend(batch)
        # never more than size * workers articles read beyond those handed out
        assert pulled[0] - len(seen) <= max(size * workers - len(batch), 0)
    assert seen == list(range(n))


@given(n=st.integers(min_value=0, max_value=400), size=st.integers(min_value=1, max_value=40))
def test_each_batch_is_full_or_a_share_of_what_is_left(n, size):
    workers = 2
    left = n
    sizes = []
    for batch in batches(range(n), size, workers=workers):
        share = min(size, max(1, -(-left // (2 * workers))))  # a quarter of the rest, >= 1
        assert len(batch) in (size, share)
        sizes.append(len(batch))
        left -= len(batch)
    assert left == 0
    assert sizes == sorted(sizes, reverse=True)  # they only shrink
