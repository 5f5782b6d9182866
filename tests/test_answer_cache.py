"""The endpoint's answer cache: kept answers, the bound, errors, and shared runs."""

from __future__ import annotations

import threading

import pytest

from newskg.sparql import AnswerCache, SparqlServer
from newskg.store import GraphStore
from store_helpers import assemble, results
from test_serve import CLAIMS, Running, _json_rows


def _counting(value: bytes):
    calls: list[int] = []

    def run() -> bytes:
        calls.append(1)
        return value

    return run, calls


def test_an_answer_is_kept_and_the_query_not_run_again():
    cache: AnswerCache[bytes] = AnswerCache(100)
    run, calls = _counting(b"rows")
    assert cache.get_or_run("q", run, size=len) == b"rows"
    assert cache.get_or_run("q", run, size=len) == b"rows"
    assert len(calls) == 1
    assert cache.stats()["hits"] == 1


def test_the_least_recently_used_answer_goes_first_past_the_bound():
    cache: AnswerCache[bytes] = AnswerCache(10)
    for key in ("a", "b"):
        cache.get_or_run(key, lambda: b"12345", size=len)
    cache.get_or_run("a", lambda: b"other", size=len)  # a used again: b is now the oldest
    cache.get_or_run("c", lambda: b"12345", size=len)
    run, calls = _counting(b"12345")
    cache.get_or_run("a", run, size=len)
    assert calls == []  # a kept
    cache.get_or_run("b", run, size=len)
    assert calls == [1]  # b was dropped
    assert cache.stats()["bytes"] <= 10


def test_a_zero_bound_keeps_nothing():
    cache: AnswerCache[bytes] = AnswerCache(0)
    run, calls = _counting(b"x")
    cache.get_or_run("q", run, size=len)
    cache.get_or_run("q", run, size=len)
    assert len(calls) == 2


def test_an_error_is_not_kept():
    cache: AnswerCache[bytes] = AnswerCache(100)

    def fail() -> bytes:
        raise TimeoutError("too long")

    with pytest.raises(TimeoutError):
        cache.get_or_run("q", fail, size=len)
    assert cache.get_or_run("q", lambda: b"ok", size=len) == b"ok"


def _leader_in_flight(cache: AnswerCache[bytes], outcome):
    """Start a run of key "q" that stays in flight until released; its result list and release."""
    started, release = threading.Event(), threading.Event()
    got: list[object] = []

    def run() -> bytes:
        started.set()
        release.wait(10)
        return outcome()

    def lead() -> None:
        try:
            got.append(cache.get_or_run("q", run, size=len))
        except Exception as exc:
            got.append(exc)

    thread = threading.Thread(target=lead)
    thread.start()
    assert started.wait(10)
    return thread, release, got


def _follow(cache: AnswerCache[bytes], run, wait: float | None = 10):
    got: list[object] = []

    def follow() -> None:
        try:
            got.append(cache.get_or_run("q", run, size=len, wait=wait))
        except Exception as exc:
            got.append(exc)

    thread = threading.Thread(target=follow)
    thread.start()
    return thread, got


def _wait_shared(cache: AnswerCache[bytes]) -> None:
    for _ in range(1000):
        if cache.stats()["shared"]:
            return
        threading.Event().wait(0.01)
    raise AssertionError("the follower never joined the run in flight")


def test_identical_requests_at_once_share_one_run():
    cache: AnswerCache[bytes] = AnswerCache(100)
    leader, release, led = _leader_in_flight(cache, lambda: b"rows")
    run, calls = _counting(b"second run")
    follower, followed = _follow(cache, run)
    _wait_shared(cache)
    release.set()
    leader.join(10)
    follower.join(10)
    assert led == [b"rows"] and followed == [b"rows"]
    assert calls == []


def test_requests_sharing_a_failed_run_get_its_error():
    cache: AnswerCache[bytes] = AnswerCache(100)

    def fail() -> bytes:
        raise TimeoutError("stopped after 1 s")

    leader, release, led = _leader_in_flight(cache, fail)
    follower, followed = _follow(cache, lambda: b"never")
    _wait_shared(cache)
    release.set()
    leader.join(10)
    follower.join(10)
    assert isinstance(led[0], TimeoutError) and isinstance(followed[0], TimeoutError)


def test_a_request_that_waits_too_long_for_the_shared_run_runs_itself():
    cache: AnswerCache[bytes] = AnswerCache(100)
    leader, release, _ = _leader_in_flight(cache, lambda: b"late")
    follower, followed = _follow(cache, lambda: b"own run", wait=0.05)
    follower.join(10)
    release.set()
    leader.join(10)
    assert followed == [b"own run"]


class _Refusing:
    """A worker pool stand-in that fails every request: what answers is the cache."""

    def run(self, sparql, **options):
        raise OSError("the pool was asked")

    def close(self) -> None:
        pass


@pytest.mark.parametrize("cache_mb", [64, 0])
def test_a_read_only_server_answers_a_repeated_query_from_its_cache(tmp_path, cache_mb):
    with GraphStore(tmp_path / "store") as store:
        store.replace(assemble(results()))
    running = Running(SparqlServer(tmp_path / "store", port=0, cache_mb=cache_mb))
    pool = running.server.pool
    try:
        status, _, first = running.get(CLAIMS)
        assert status == 200 and _json_rows(first)
        running.server.pool = _Refusing()  # type: ignore[assignment]
        status, _, again = running.get(CLAIMS)
        if cache_mb:
            assert status == 200 and again == first
            # kept as sent: another format is another response, run again
            status, _, csv = running.get(CLAIMS, "text/csv")
            assert status == 500 and b"the pool was asked" in csv
        else:
            assert status == 500 and b"the pool was asked" in again
    finally:
        running.server.pool = pool
        running.stop()


def test_a_read_write_server_keeps_no_answer(tmp_path):
    with GraphStore(tmp_path / "store") as store:
        store.replace(assemble(results()))
    server = SparqlServer(tmp_path / "store", port=0, allow_update=True)
    try:
        assert server.answers is None
    finally:
        server.close()
