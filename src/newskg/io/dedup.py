"""Duplicates: the same text again is refused; a near-duplicate is recorded on the article."""

from __future__ import annotations

import dataclasses
import hashlib
import re
import sqlite3
import tempfile
import zlib
from array import array
from collections.abc import Iterable
from typing import BinaryIO

import numpy as np

from newskg.errors import InputError
from newskg.model import Article

__all__ = ["Deduplicator", "content_hash", "jaccard", "shingles"]

_WORD = re.compile(r"\w+")


def content_hash(text: str) -> str:
    """SHA-256 (hex) of ``text`` with whitespace collapsed: the identity of an article's text.

    >>> content_hash("a  b\\n\\nc") == content_hash("a b c")
    True
    """
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def shingles(text: str, size: int = 5) -> frozenset[tuple[str, ...]]:
    """The set of ``size``-word sequences of ``text`` (case-folded words)."""
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) <= size:
        return frozenset({tuple(words)}) if words else frozenset()
    return frozenset(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


def jaccard(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> float:
    """Jaccard similarity of two shingle sets (0 when both are empty)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


class Deduplicator:
    """Remembers the articles seen in one read and checks each new one against them.

    An article whose ``content_hash`` was seen before becomes an
    ``InputError(..., "duplicate", ...)``; one whose shingle Jaccard similarity
    with an earlier article is at least ``threshold`` is kept, with the earlier
    identifiers in ``near_duplicate_of``.

    Comparing every pair would be quadratic (50 million comparisons for
    10,000 articles), so candidates come from MinHash locality-sensitive
    hashing: :data:`BANDS` bands of :data:`ROWS` min-hashes each, an earlier
    article being a candidate when one band is equal. With 20 x 4, a pair at
    the default threshold of 0.8 is missed with probability below 3e-5 (and
    deterministically: the hashes are fixed). Each candidate is then checked
    with its exact Jaccard similarity, over 64-bit hashes of the shingles.

    Every article is compared with all the earlier ones, so what is kept of
    each grows with the corpus. Its shingle hashes (about 4 kB for 500
    words, megabytes for a long article) go to a temporary file and are read
    back only for the candidates; its identifier, its content hash and one
    integer per band (a band's four min-hashes mixed into 64 bits: two bands
    that mix the same make a candidate, which the exact similarity then
    checks) go to a temporary SQLite database (:class:`_Seen`). What stays
    in memory is 8 bytes an article, against ~2 kB when the bands were held
    in a dict and ~9 kB when the hashes were (``bench/README.md``).
    :meth:`close` removes both files (so does the garbage collector).
    """

    def __init__(self, *, threshold: float = 0.8, size: int = 5) -> None:
        self.threshold = threshold
        self.size = size
        self._seen = _Seen()
        self._shingles = _ArrayFile()

    def check(self, article: Article, label: str) -> Article | InputError:
        """``article`` (possibly with ``near_duplicate_of`` set) or a ``duplicate`` error."""
        earlier = self._seen.text(article.content_hash, article.identifier)
        if earlier is not None:
            return InputError(label, "duplicate", f"same text as {earlier}")
        mine = _shingle_hashes(article.text, self.size)
        index = len(self._shingles)
        self._shingles.append(mine)
        keys = _band_keys(_minhash(mine)) if len(mine) else []
        candidates = self._seen.article(index, article.identifier, keys)
        near = self._seen.identifiers(
            i for i in candidates if _jaccard(mine, self._shingles[i]) >= self.threshold
        )
        if near:
            article = dataclasses.replace(article, near_duplicate_of=tuple(near))
        return article

    def close(self) -> None:
        """Remove the temporary files (the deduplicator cannot be used after)."""
        self._seen.close()
        self._shingles.close()


class _Seen:
    """What :class:`Deduplicator` remembers of each article, in a temporary SQLite database.

    Content hash -> identifier, article number -> identifier, LSH band key
    -> article numbers. ``sqlite3.connect("")`` opens a private database
    in the temporary folder, removed when it is closed; SQLite keeps a
    bounded cache of its pages in memory (~2 MB), so memory does not grow
    with the corpus. The standard library's SQLite: an indexed table on
    disk with no dependency, where a hand-made hash file would need its own
    tests for growth and collisions.
    """

    def __init__(self) -> None:
        # one reader at a time (a generator), though perhaps not always from one thread
        db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode = OFF")  # a scratch database: nothing to roll back
        db.execute("PRAGMA synchronous = OFF")
        db.executescript(
            """
            CREATE TABLE text (hash TEXT PRIMARY KEY, identifier TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE article (number INTEGER PRIMARY KEY, identifier TEXT NOT NULL);
            CREATE TABLE band (key INTEGER NOT NULL, number INTEGER NOT NULL);
            CREATE INDEX band_key ON band (key);
            """
        )
        self._db = db

    def text(self, content_hash: str, identifier: str) -> str | None:
        """The identifier of the article seen with ``content_hash``, or ``None`` (then
        ``identifier`` is recorded as having it)."""
        row = self._db.execute(
            "SELECT identifier FROM text WHERE hash = ?", (content_hash,)
        ).fetchone()
        if row is not None:
            return str(row[0])
        self._db.execute("INSERT INTO text VALUES (?, ?)", (content_hash, identifier))
        return None

    def article(self, number: int, identifier: str, keys: list[int]) -> list[int]:
        """Record article ``number`` and its band ``keys``; the earlier articles that share
        a key with it, in their order."""
        signed = [k - (1 << 64) if k >= 1 << 63 else k for k in keys]  # SQLite: signed
        self._db.execute("BEGIN")
        try:
            self._db.execute("INSERT INTO article VALUES (?, ?)", (number, identifier))
            found: list[int] = []
            if signed:
                marks = ",".join("?" * len(signed))
                found = [
                    int(n)
                    for (n,) in self._db.execute(
                        f"SELECT DISTINCT number FROM band WHERE key IN ({marks}) ORDER BY number",
                        signed,
                    )
                ]
                self._db.executemany(
                    "INSERT INTO band VALUES (?, ?)", [(k, number) for k in signed]
                )
        finally:
            self._db.execute("COMMIT")
        return found

    def identifiers(self, numbers: Iterable[int]) -> list[str]:
        """The identifiers of articles ``numbers``, in that order."""
        out: list[str] = []
        for n in numbers:
            (identifier,) = self._db.execute(
                "SELECT identifier FROM article WHERE number = ?", (n,)
            ).fetchone()
            out.append(str(identifier))
        return out

    def close(self) -> None:
        self._db.close()


BANDS = 20
ROWS = 4
_PERMUTATIONS = BANDS * ROWS
_rng = np.random.default_rng(20241219)  # fixed: the same input always gives the same hashes
_A = _rng.integers(1, 2**63, size=_PERMUTATIONS, dtype=np.uint64) | np.uint64(1)
_B = _rng.integers(0, 2**63, size=_PERMUTATIONS, dtype=np.uint64)
_BASE = np.uint64(0x100000001B3)  # the FNV prime: any odd 64-bit multiplier would do
del _rng


def _shingle_hashes(text: str, size: int) -> np.ndarray:
    """Sorted, unique 64-bit hashes of the ``size``-word shingles of ``text`` (:func:`shingles`).

    Each word is hashed once (CRC-32, in C) and each shingle's hash is a
    polynomial of its words' hashes modulo 2**64, computed with numpy: a few
    microseconds per article instead of hashing every shingle's text.
    """
    words = (m.group().casefold().encode("utf-8", "surrogatepass") for m in _WORD.finditer(text))
    # one 8-byte hash per word, never a list of the words (a 10 MB article has 1.5 million)
    h = np.fromiter((zlib.crc32(w) for w in words), dtype=np.uint64)
    if not len(h):
        return np.zeros(0, dtype=np.uint64)
    h += np.uint64(1)
    k = min(size, len(h))
    out = np.zeros(len(h) - k + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i in range(k):
            out = out * _BASE + h[i : i + len(out)]
    return np.unique(out)


#: Hashes mixed at once by :func:`_minhash`: its matrix is :data:`_PERMUTATIONS` rows of
#: this many 64-bit values (40 MB), whatever the article's size.
_MINHASH_CHUNK = 1 << 16


def _minhash(hashes: np.ndarray) -> np.ndarray:
    """The :data:`_PERMUTATIONS` min-hashes of a non-empty set of 64-bit hashes.

    Computed over chunks of :data:`_MINHASH_CHUNK` hashes (the minimum of the
    chunks' minima), so memory stays bounded for a long article: one matrix
    over its million shingles would take gigabytes.
    """
    out = None
    with np.errstate(over="ignore"):
        for at in range(0, len(hashes), _MINHASH_CHUNK):
            chunk = hashes[None, at : at + _MINHASH_CHUNK]
            mixed = chunk * _A[:, None] + _B[:, None]  # arithmetic modulo 2**64
            mixed ^= mixed >> np.uint64(29)
            least = mixed.min(axis=1)
            out = least if out is None else np.minimum(out, least)
    assert out is not None
    return out


# Odd 64-bit multipliers, one per row of a band, fixed like the permutations.
_MIX = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93],
    dtype=np.uint64,
)[:ROWS]


def _band_keys(signature: np.ndarray) -> list[int]:
    """One 64-bit key per band: its :data:`ROWS` min-hashes mixed, then the band's number.

    Equal bands give equal keys; unequal ones the same key only by a 64-bit
    collision, which adds a candidate that the exact similarity turns down.
    """
    rows = signature.reshape(BANDS, ROWS)
    with np.errstate(over="ignore"):
        mixed = np.bitwise_xor.reduce(rows * _MIX, axis=1)
        mixed = mixed * _BASE + np.arange(BANDS, dtype=np.uint64)
    return mixed.tolist()


class _ArrayFile:
    """Arrays of 64-bit hashes appended to a temporary file, read back by their number."""

    def __init__(self) -> None:
        self._file: BinaryIO | None = None
        self._ends = array("Q", [0])  # the end of array i is _ends[i + 1]

    def append(self, values: np.ndarray) -> None:
        data = values.astype(np.uint64, copy=False).tobytes()
        if data:
            if self._file is None:
                self._file = tempfile.TemporaryFile(buffering=0)  # noqa: SIM115 (closed with self)
            self._file.seek(self._ends[-1])
            self._file.write(data)
        self._ends.append(self._ends[-1] + len(data))

    def __getitem__(self, i: int) -> np.ndarray:
        start, end = self._ends[i], self._ends[i + 1]
        if start == end or self._file is None:
            return np.zeros(0, dtype=np.uint64)
        self._file.seek(start)
        data = bytearray()
        while len(data) < end - start:
            chunk = self._file.read(end - start - len(data))
            if not chunk:
                raise OSError(f"the near-duplicate index lost {end - start - len(data)} bytes")
            data += chunk
        return np.frombuffer(data, dtype=np.uint64)

    def __len__(self) -> int:
        return len(self._ends) - 1

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    common = len(np.intersect1d(a, b, assume_unique=True))
    union = len(a) + len(b) - common
    return common / union if union else 0.0
