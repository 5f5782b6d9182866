"""Issue 18, big inputs within bounds: a long article is read in bounded memory (near-
duplicate hashing in chunks), parsed in pieces with its progress shown (pieces done,
rate, time left), and ``--max-bytes`` documents the bound.

The command-line tests run ``python -m newskg build`` in a subprocess, its stderr a
pipe (not a terminal): the progress of a long article is then written as lines.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from newskg.cli.build_progress import PieceProgress, duration
from newskg.engine import pieces
from newskg.engine.pieces import PIECE_CHARS_ENV, extract_in_pieces, watch_pieces
from newskg.io import dedup
from newskg.model import Article, ArticleResult, Claim, EntityKind, EntityRef, Event, EventKind

SRC = Path(__file__).resolve().parent.parent / "src"

# Paragraphs written for these tests (no evaluation article); a long article is many
# of them with different figures (a paragraph repeated word for word is boilerplate,
# which normalisation removes).
_PARAGRAPHS = [
    "Le gouvernement norvégien a annoncé lundi la livraison de {n} obusiers à l'Estonie.",
    "Selon le ministre estonien de la Défense, {n} pièces arriveront avant la fin de l'été.",
    "La Lettonie a signé mardi un accord de coopération militaire avec la Finlande à Riga.",
    "Des exercices réuniront en septembre {n} marins de la Suède et du Danemark.",
]


def _long_text(copies: int) -> str:
    return "\n\n".join(p.format(n=n + 2) for n in range(copies) for p in _PARAGRAPHS) + "\n"


def newskg(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m newskg ARGS`` with stderr a pipe; text out."""
    environment = {**os.environ, "PYTHONPATH": str(SRC), **env}
    return subprocess.run(
        [sys.executable, "-m", "newskg", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
        check=False,
    )


# ---------------------------------------------------------------- reading
def test_minhash_in_chunks_is_the_minhash_of_the_whole_set(monkeypatch):
    rng = np.random.default_rng(5)
    hashes = np.unique(rng.integers(0, 2**63, size=5000, dtype=np.uint64))
    with np.errstate(over="ignore"):  # the whole matrix at once, as before chunks
        mixed = hashes[None, :] * dedup._A[:, None] + dedup._B[:, None]
        mixed ^= mixed >> np.uint64(29)
    whole = mixed.min(axis=1)
    monkeypatch.setattr(dedup, "_MINHASH_CHUNK", 700)  # 8 chunks, the last one short
    assert np.array_equal(dedup._minhash(hashes), whole)


def test_shingle_hashes_of_a_long_text_are_the_same_as_of_its_words():
    text = _long_text(50)
    hashed = dedup._shingle_hashes(text, 5)
    assert np.all(hashed[1:] > hashed[:-1])  # sorted and unique
    assert len(hashed) == len(dedup.shingles(text))  # no collision among these


# ---------------------------------------------------------------- progress
def _result(piece: Article) -> ArticleResult:
    ref = EntityRef("estonia", EntityKind.STATE, "Estonie", names=("Estonie",), in_kb=True)
    event = Event(EventKind.MEETING, (("participant", "estonia"),))
    claim = Claim(event, piece.identifier, piece.text[:10], 0, 10)
    return ArticleResult(article=piece, entities=(ref,), claims=(claim,))


def test_watchers_are_told_of_each_piece_of_a_long_article():
    text = _long_text(3)
    article = Article("long.txt", text, text, "long.txt", "h")
    seen: list[tuple[str, int, int]] = []
    with watch_pieces(lambda *report: seen.append(report)):
        result = extract_in_pieces(article, 200, _result)
    total = seen[0][2]
    assert total > 3
    assert seen == [("long.txt", done, total) for done in range(total + 1)]
    assert len(result.claims) == total and len(result.entities) == 1
    assert not pieces._WATCHERS  # the watcher is gone after the block
    extract_in_pieces(article, 200, _result)
    assert len(seen) == total + 1


def test_progress_lines_give_pieces_done_rate_and_time_left():
    now = [100.0]
    progress = PieceProgress(None, None, interval=10, clock=lambda: now[0])
    assert progress.line("big.txt", 0, 40) == "big.txt: long article, parsed in 40 pieces"
    now[0] = 130.0
    assert progress.line("big.txt", 10, 40) == (
        "big.txt: piece 10/40 (25%), 20.0 pieces/min, about 1 min 30 s left"
    )
    now[0] = 135.0
    assert progress.line("big.txt", 12, 40) is None  # five seconds after the last line
    now[0] = 190.0
    assert progress.line("big.txt", 40, 40) == "big.txt: 40 pieces parsed in 1 min 30 s"
    assert (duration(7), duration(3725)) == ("7 s", "1 h 02 min")


@pytest.mark.model
def test_a_long_article_built_in_pieces_reports_its_progress(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "long.txt").write_text(_long_text(6), encoding="utf-8")
    run = newskg(
        "build", str(corpus), "-o", str(tmp_path / "out"), "--no-validate",
        **{PIECE_CHARS_ENV: "400", "SOURCE_DATE_EPOCH": "1767225600"},
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    lines = run.stderr.splitlines()
    first = next(line for line in lines if "long article" in line)
    total = int(first.split("parsed in ")[1].split()[0])
    assert total >= 5
    assert f"long.txt: {total} pieces parsed in" in run.stderr
    assert "articles: 1 read, 0 skipped (none), 1 built" in run.stdout
    quiet = newskg(
        "build", str(corpus), "-o", str(tmp_path / "out2"), "--no-validate", "-q",
        **{PIECE_CHARS_ENV: "600"},
    )  # fmt: skip
    assert quiet.returncode == 0 and "pieces" not in quiet.stderr


def test_max_bytes_help_states_the_default_and_the_memory_bound():
    run = newskg("build", "--help", COLUMNS="200")
    assert run.returncode == 0
    text = " ".join(run.stdout.split())
    assert "--max-bytes" in text
    assert "pieces of 100,000 characters" in text
    assert "GB" in text
