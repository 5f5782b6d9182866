"""Crash safety: a build killed at any moment (SIGKILL) loses nothing and mixes nothing.

The kill test builds a small corpus in two variants whose graphs differ in
every triple (the default base IRI, and another one), then starts ``newskg
build`` in a process of its own again and again (forked by
``kill_runner.py`` once the imports are done), switching the variant each
time so that every build has a store and a graph to write, and kills it
with SIGKILL: after a random delay, or just after a step of the build that
it watches for on disk (the export, the store swap, ``graph.ttl``
replaced), or not at all. After each kill, without building, it checks
that the store opens read-only and holds exactly one variant's graph, that
``graph.ttl`` is byte for byte one variant's, that ``build.json`` describes
``graph.ttl`` and that no half-written file is visible. Every few kills a
normal build runs: it must parse nothing, write exactly what a fresh build
writes and leave no temporary file behind.

Both variants read the same articles, so their extraction results are
cached once and no killed build loads spaCy (the cache keeps only the
entries of the last complete build: a variant that edits an article would
parse it again after each complete build of the other variant). Other tests
kill a build while it parses (the next one parses only what was not
finished), stop one at the two moments too short to hit at random (between
the two renames of the store swap, and between ``graph.ttl`` and
``build.json``), and start a second build while one runs.

``NEWSKG_KILLS`` sets the number of builds started (default 25),
``NEWSKG_KILL_SEED`` the random seed (printed with a summary: run with
``pytest -s`` to see them).
"""

from __future__ import annotations

import json
import os
import random
import select
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph

from newskg import pipeline
from newskg import store as store_module
from newskg.config import DEFAULT_BASE_IRI, BuildConfig
from newskg.errors import StoreError
from newskg.pipeline import build
from newskg.store import ExportFormat, GraphStore, read_store_digest

pytestmark = [pytest.mark.model, pytest.mark.e2e]

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
RUNNER = Path(__file__).resolve().parent / "kill_runner.py"
ARTICLES = ("001_0192dcd3d7aa3a3f.txt", "003_508add9b65c0fc47.txt", "004_b8c0da63dde58ba3.txt")
BASES = {"A": DEFAULT_BASE_IRI, "B": "https://example.org/kill-test/"}
EPOCH = "1767225600"
FINAL_NAMES = frozenset({"build.json", "cache", "graph.ttl", "store", "validation.ttl"})
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
TIMEOUT = 300  # seconds one build may take before the test gives up on it

# How a build is stopped: after a random delay, or just after the step it names.
MODES = {"anywhere": 8, "export": 3, "swap": 4, "graph": 3, "finish": 2}
RESUME_EVERY = 5  # a normal build after every few kills


@dataclass(frozen=True)
class Variant:
    """One variant's outputs, as a fresh build writes them."""

    name: str
    base: str
    graph: bytes
    ntriples: bytes
    triples: int
    digest: str
    validation: bytes


@dataclass(frozen=True)
class Reference:
    corpus: Path
    built: Path  # a complete build of variant A (store, cache, outputs)
    variants: dict[str, Variant]
    cache: dict[str, bytes]  # the extraction cache's entries, by file name


def _store_content(path: Path) -> tuple[bytes, int]:
    """The store's triples as sorted N-Triples, and its SPARQL triple count."""
    with GraphStore(path, read_only=True) as store:
        (row,) = store.query(COUNT)
        return store.export(ExportFormat.NTRIPLES, base=DEFAULT_BASE_IRI), int(row["n"].value)


def _cache_entries(out: Path) -> dict[str, bytes]:
    folder = out / "cache" / "extract"
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.is_dir() else {}


@pytest.fixture(scope="module")
def reference(tmp_path_factory, monkeypatch_session) -> Reference:
    """The corpus, and both variants built in this process (spaCy is loaded only here)."""
    root = tmp_path_factory.mktemp("kill-reference")
    corpus = root / "corpus"
    corpus.mkdir()
    for name in ARTICLES:
        shutil.copyfile(CORPUS / name, corpus / name)
    variants = {}
    for name, base in BASES.items():
        out = root / name
        report = build([corpus], BuildConfig(output_dir=out, base_iri=base))
        assert (report.parsed, report.built, report.skipped) == (len(ARTICLES), len(ARTICLES), [])
        graph = (out / "graph.ttl").read_bytes()
        assert len(Graph().parse(data=graph, format="turtle")) == report.triples
        ntriples, triples = _store_content(out / "store")
        digest = json.loads((out / "build.json").read_text(encoding="utf-8"))["content_digest"]
        assert read_store_digest(out / "store").split()[0] == digest  # "DIGEST [EPOCH]"
        variants[name] = Variant(
            name, base, graph, ntriples, triples, digest, (out / "validation.ttl").read_bytes()
        )
    a, b = variants["A"], variants["B"]
    assert a.graph != b.graph and a.ntriples != b.ntriples and a.digest != b.digest
    cache = _cache_entries(root / "A")
    assert len(cache) == len(ARTICLES)
    assert _cache_entries(root / "B") == cache, "extraction does not depend on the base IRI"
    return Reference(corpus, root / "A", variants, cache)


# ---------------------------------------------------------------- checks
def _one_of(data: bytes, variants: dict[str, Variant], field: str, what: str) -> str:
    for v in variants.values():
        if getattr(v, field) == data:
            return v.name
    raise AssertionError(f"{what} is neither variant's ({len(data)} bytes)")


@dataclass(frozen=True)
class State:
    """Which variant each output holds (``manifest``: ``None`` when there is no build.json)."""

    store: str
    graph: str
    manifest: str | None
    half_swap: bool  # the store was found moved aside, between the two renames of a swap

    def holds(self, name: str) -> bool:
        return (self.store, self.graph, self.manifest) == (name, name, name)

    def changes(self, before: State) -> str:
        """What a build changed, from ``before`` to this state."""
        changed = [k for k in ("store", "graph") if getattr(self, k) != getattr(before, k)]
        if self.manifest != before.manifest:
            changed.append("build.json" if self.manifest else "build.json removed")
        return "+".join(changed) or "nothing"


def check_outputs(out: Path, ref: Reference) -> State:
    """Check what a killed build left, without building; say which variant each output holds."""
    variants = ref.variants
    store = out / "store"
    half_swap = not store.exists() and (out / ".store.old").is_dir()
    # (a) the store opens read-only (recovering a half swap) and holds one variant exactly
    ntriples, triples = _store_content(store)
    held = _one_of(ntriples, variants, "ntriples", "the store's content")
    assert triples == variants[held].triples
    stamp = (read_store_digest(store) or "").partition(" ")[0]
    assert stamp == variants[held].digest, "the store's digest file is stale"
    # (b) graph.ttl is one variant's, byte for byte (each variant's bytes parse, see reference)
    graph = _one_of((out / "graph.ttl").read_bytes(), variants, "graph", "graph.ttl")
    # (c) build.json, when there is one, is JSON and describes graph.ttl (the next build trusts it)
    manifest = None
    if (out / "build.json").exists():
        record = json.loads((out / "build.json").read_text(encoding="utf-8"))
        named = [v.name for v in variants.values() if v.digest == record["content_digest"]]
        assert named, f"build.json names an unknown digest: {record}"
        manifest = named[0]
        assert manifest == graph, (
            f"build.json names variant {manifest}'s digest but graph.ttl holds variant {graph}"
        )
    validation = (out / "validation.ttl").read_bytes()
    assert validation in {v.validation for v in variants.values()}, "validation.ttl is torn"
    # (d) no partial file under a final name: every name without a leading dot is complete
    visible = {p.name for p in out.iterdir() if not p.name.startswith(".")}
    assert visible <= FINAL_NAMES, f"unexpected files in the output: {visible - FINAL_NAMES}"
    cache = {k: v for k, v in _cache_entries(out).items() if not k.startswith(".")}
    assert ref.cache.items() <= cache.items(), "the extraction cache lost or tore an entry"
    for entry in cache.values():
        json.loads(entry)
    return State(held, graph, manifest, half_swap)


def check_clean(out: Path) -> None:
    """No temporary file or folder of a build is left (the lock file stays)."""
    names = [p.name for p in out.iterdir()] + [p.name for p in (out / "cache/extract").iterdir()]
    leftovers = sorted(n for n in names if n.startswith(".") and n != ".lock")
    assert not leftovers, f"left behind by killed builds: {leftovers}"


def check_built(out: Path, ref: Reference, variant: Variant) -> None:
    """The outputs are exactly the fresh build of ``variant``, and nothing else is left."""
    state = check_outputs(out, ref)
    assert state.holds(variant.name), state
    assert (out / "validation.ttl").read_bytes() == variant.validation
    check_clean(out)


# ---------------------------------------------------------------- builds in another process
def build_argv(corpus: Path, out: Path, base: str, *options: str) -> list[str]:
    return ["build", str(corpus), "-o", str(out), "-q", "--base-iri", base, *options]


class Build:
    """A ``newskg build`` running in a process of its own."""

    pid: int
    log: Path

    def poll(self) -> int | None:
        """The exit code (negative: the signal that ended it), or ``None`` while it runs."""
        raise NotImplementedError

    def wait(self) -> int:
        raise NotImplementedError

    def kill(self) -> bool:
        """SIGKILL it; whether that ended it (``False``: it had ended first)."""
        if self.poll() is None:
            with suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        return self.wait() == -signal.SIGKILL

    def finish(self) -> None:
        code = self.wait()
        assert code == 0, f"the build failed ({code}):\n{self.log.read_text(errors='replace')}"


class Spawned(Build):
    """``python -m newskg build ...``: the command line from start to end."""

    def __init__(self, argv: list[str], log: Path) -> None:
        self.log = log
        with open(log, "wb") as fh:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "newskg", *argv],
                env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
                stdout=fh,
                stderr=subprocess.STDOUT,
            )
        self.pid = self._proc.pid

    def poll(self) -> int | None:
        return self._proc.poll()

    def wait(self) -> int:
        return self._proc.wait(TIMEOUT)


class ForkServer:
    """Builds forked by ``kill_runner.py`` once it has imported what a build imports.

    Each build is still a process of its own, killed wherever it is, but
    does not spend a second on Python's start-up and imports first.
    """

    def __init__(self) -> None:
        self._proc = subprocess.Popen(
            [sys.executable, str(RUNNER)],
            # fork() keeps only the calling thread: no BLAS thread pool in the server
            env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "OPENBLAS_NUM_THREADS": "1"},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
        )
        self._buffer = b""

    def start(self, argv: list[str], log: Path) -> Forked:
        assert self._proc.stdin is not None
        self._proc.stdin.write(json.dumps({"argv": argv, "log": str(log)}).encode() + b"\n")
        self._proc.stdin.flush()
        pid = self.read_line(TIMEOUT)
        assert pid is not None, "the fork server does not answer"
        return Forked(self, int(pid), log)

    def read_line(self, timeout: float) -> str | None:
        assert self._proc.stdout is not None
        fd = self._proc.stdout.fileno()
        while b"\n" not in self._buffer:
            if not select.select([fd], [], [], timeout)[0]:
                return None
            chunk = os.read(fd, 4096)
            assert chunk, f"the fork server ended ({self._proc.wait()})"
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line.decode()

    def close(self) -> None:
        if self._proc.stdin is not None:
            self._proc.stdin.close()
        self._proc.wait(TIMEOUT)


class Forked(Build):
    def __init__(self, server: ForkServer, pid: int, log: Path) -> None:
        self.server, self.pid, self.log = server, pid, log
        self.code: int | None = None
        self.started = time.monotonic()
        self.seconds = 0.0  # how long it ran, once it has ended

    def poll(self) -> int | None:
        if self.code is None:
            line = self.server.read_line(0)
            if line is not None:
                self.code, self.seconds = int(line), time.monotonic() - self.started
        return self.code

    def wait(self) -> int:
        if self.code is None:
            line = self.server.read_line(TIMEOUT)
            assert line is not None, "the build hangs"
            self.code, self.seconds = int(line), time.monotonic() - self.started
        return self.code


def wait_until(build: Build, ready: Callable[[], bool], interval: float = 0.002) -> bool:
    """Poll until ``ready()`` (True) or the build ends (False)."""
    limit = time.monotonic() + TIMEOUT
    while build.poll() is None:
        if ready():
            return True
        assert time.monotonic() < limit, "the build hangs"
        time.sleep(interval)
    return False


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except FileNotFoundError:
        return None


def run_to(mode: str, build: Build, out: Path, rng: random.Random, typical: float) -> bool:
    """Let the build run until ``mode`` says, then kill it; whether the kill ended it."""
    if mode == "finish":
        build.finish()
        return False
    if mode == "anywhere":
        deadline = time.monotonic() + rng.uniform(0, typical)
        while build.poll() is None and (left := deadline - time.monotonic()) > 0:
            time.sleep(min(left, 0.05))
        return build.kill()
    if mode == "export":  # writing the sorted Turtle from the new store
        step = lambda: any(p.name.startswith("..graph.ttl.new.") for p in out.iterdir())  # noqa: E731
        if wait_until(build, step):
            time.sleep(rng.uniform(0, 0.05))
        return build.kill()
    # The store swap and graph.ttl's replacement are milliseconds apart, at the end of
    # the build: once the export is done, watch for them without sleeping.
    pending = out / ".graph.ttl.new"
    exported = _inode(pending)
    if not wait_until(build, lambda: _inode(pending) not in (None, exported)):
        return build.kill()
    if mode == "swap":  # the new store's digest is written just before the two renames
        digest = out / f".store.new-{build.pid}" / "newskg-content-digest"
        store = _inode(out / "store")
        step = lambda: digest.exists() or _inode(out / "store") != store  # noqa: E731
    else:  # graph.ttl replaced; validation.ttl and build.json follow
        before = _inode(out / "graph.ttl")
        step = lambda: _inode(out / "graph.ttl") != before  # noqa: E731
    if wait_until(build, step, interval=0):
        time.sleep(rng.uniform(0, 0.005))
    return build.kill()


# ---------------------------------------------------------------- the tests
def test_builds_killed_at_random_moments_lose_nothing(reference, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    kills = int(os.environ.get("NEWSKG_KILLS", "25"))
    seed = int(os.environ.get("NEWSKG_KILL_SEED", str(random.SystemRandom().randrange(10**6))))
    print(f"\nkill test: seed {seed} (NEWSKG_KILL_SEED), {kills} builds (NEWSKG_KILLS)")
    rng = random.Random(seed)
    t0 = time.monotonic()
    out = tmp_path / "out"
    shutil.copytree(reference.built, out)
    variants = reference.variants
    server = ForkServer()
    try:
        # One build let to finish: how long a build takes (everything cached).
        first = server.start(build_argv(reference.corpus, out, BASES["B"]), tmp_path / "0.log")
        first.finish()
        durations = [first.seconds]  # of the builds that ended by themselves
        check_built(out, reference, variants["B"])
        state = check_outputs(out, reference)

        counts: Counter[str] = Counter()
        landed: Counter[str] = Counter()
        modes: Counter[str] = Counter()
        for i in range(1, kills + 1):
            target = variants["A" if state.store == "B" else "B"]  # always a store to swap
            mode = rng.choices(list(MODES), weights=list(MODES.values()))[0]
            argv = build_argv(reference.corpus, out, target.base)
            running = server.start(argv, tmp_path / f"{i}.log")
            killed = run_to(mode, running, out, rng, statistics.median(durations))
            counts["killed" if killed else "ended"] += 1
            modes[f"{mode} {'killed' if killed else 'ended'}"] += 1
            before, state = state, check_outputs(out, reference)
            counts["half swaps"] += state.half_swap
            if killed:
                landed[state.changes(before)] += 1
            else:
                durations.append(running.seconds)
                check_built(out, reference, target)
            if i % RESUME_EVERY == 0 or i == kills:  # a normal build resumes the last one
                config = BuildConfig(output_dir=out, base_iri=target.base)
                report = build([reference.corpus], config)
                assert (report.parsed, report.cached) == (0, len(ARTICLES)), "work was redone"
                check_built(out, reference, target)
                state = check_outputs(out, reference)
                counts["resumed"] += 1
    finally:
        server.close()

    seconds = time.monotonic() - t0
    print(
        f"kills: {kills} ({counts['killed']} mid-build), all recovered; "
        f"what the killed builds had changed: "
        + ", ".join(f"{k} {n}" for k, n in sorted(landed.items()))
        + f"; half swaps undone: {counts['half swaps']}; {counts['resumed']} resuming builds "
        f"parsed nothing; a build takes {statistics.median(durations):.1f} s, "
        f"the test {seconds:.0f} s"
    )
    print("by mode:", ", ".join(f"{k} {n}" for k, n in sorted(modes.items())))


def test_a_build_killed_while_parsing_resumes_without_parsing_again(reference, tmp_path):
    """Each parsed article's result is cached at once: a kill loses only the unfinished ones."""
    corpus = tmp_path / "corpus"
    shutil.copytree(reference.corpus, corpus)
    for name in (ARTICLES[0], ARTICLES[2]):
        path = corpus / name
        path.write_text(path.read_text(encoding="utf-8") + "\nFin de l'article.\n", "utf-8")
    fresh = BuildConfig(output_dir=tmp_path / "fresh", validate=False)
    build([corpus], fresh)
    out = tmp_path / "out"
    shutil.copytree(reference.built, out)
    cache = out / "cache" / "extract"

    argv = build_argv(corpus, out, DEFAULT_BASE_IRI, "--batch-size", "1", "--no-validate")
    running = Spawned(argv, tmp_path / "build.log")
    new = lambda: {p.name for p in cache.glob("*.json")} - set(reference.cache)  # noqa: E731
    try:
        cached = wait_until(running, lambda: bool(new()))
    finally:
        killed = running.kill()
    assert cached and killed, "the build ended before it could be killed mid-parse"
    assert len(new()) == 1, "killed once the first article's result was cached"
    assert check_outputs(out, reference).holds("A")  # nothing but the cache has changed

    report = build([corpus], BuildConfig(output_dir=out, validate=False))
    assert (report.parsed, report.cached) == (1, len(ARTICLES) - 1)
    assert (out / "graph.ttl").read_bytes() == fresh.graph_path.read_bytes()
    assert _store_content(out / "store") == _store_content(fresh.store_path)
    check_clean(out)


def test_a_kill_before_the_manifest_is_repaired_by_the_next_build(reference, tmp_path, monkeypatch):
    """graph.ttl replaced, build.json not yet: the manifest must not vouch for the old graph."""
    out = tmp_path / "out"
    shutil.copytree(reference.built, out)
    a, b = reference.variants["A"], reference.variants["B"]
    write_atomic = pipeline.write_atomic

    def killed_before_the_manifest(path: Path, data: bytes, **kwargs: object) -> None:
        if path.name == "build.json":
            raise KeyboardInterrupt
        write_atomic(path, data, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(pipeline, "write_atomic", killed_before_the_manifest)
        with pytest.raises(KeyboardInterrupt):
            build([reference.corpus], BuildConfig(output_dir=out, base_iri=b.base))
    assert (out / "graph.ttl").read_bytes() == b.graph
    check_outputs(out, reference)

    report = build([reference.corpus], BuildConfig(output_dir=out, base_iri=a.base))
    assert report.parsed == 0
    check_built(out, reference, a)


def test_a_kill_between_the_two_renames_of_the_swap_leaves_the_previous_store(
    reference, tmp_path, monkeypatch
):
    """The store moved aside, the new one not yet in its place: readers put the old one back."""
    out = tmp_path / "out"
    shutil.copytree(reference.built, out)
    b = reference.variants["B"]
    replace = os.replace

    def killed_mid_swap(src: str | Path, dst: str | Path) -> None:
        if Path(src).name.startswith(".store.new-"):
            raise KeyboardInterrupt
        replace(src, dst)

    with monkeypatch.context() as m:
        m.setattr(store_module.os, "replace", killed_mid_swap)
        with pytest.raises(KeyboardInterrupt):
            build([reference.corpus], BuildConfig(output_dir=out, base_iri=b.base))
    assert not (out / "store").exists() and (out / ".store.old").is_dir()
    state = check_outputs(out, reference)
    assert state.half_swap and state.holds("A")

    report = build([reference.corpus], BuildConfig(output_dir=out, base_iri=b.base))
    assert report.parsed == 0
    check_built(out, reference, b)


def test_a_second_build_fails_at_once_while_one_runs(reference, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(reference.built, out)
    b = reference.variants["B"]
    running = Spawned(build_argv(reference.corpus, out, b.base), tmp_path / "build.log")
    try:  # its new store appears once the running build holds the lock
        assert wait_until(running, lambda: any(out.glob(".store.new-*")))
        started = time.monotonic()
        with pytest.raises(StoreError, match="another build") as refused:
            build([reference.corpus], BuildConfig(output_dir=out))
        assert time.monotonic() - started < 1, "the second build waited"
        assert str(out) in str(refused.value) and "try again" in str(refused.value)
        running.finish()
    finally:
        running.kill()
    check_built(out, reference, b)  # the refused build disturbed nothing
