"""graph.ttl serialised in parts by several processes: the bytes of one serialisation."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newskg.turtle_parts as parts_module
from newskg.config import DEFAULT_BASE_IRI
from newskg.rdf.sorted_export import write_turtle
from newskg.store import prefixes
from newskg.turtle_parts import MIN_PART_BYTES, default_parts, subject_cuts

ID = "https://w3id.org/newskg/id/"
NKG = "https://w3id.org/newskg/ontology#"


def _lines() -> list[bytes]:
    """Sorted N-Triples of a few subjects, one of them with many triples (a cut falls
    inside it), with escaped, tagged and typed literals."""
    out = []
    for i in range(12):
        s = f"<{ID}entity/e{i:02d}>"
        out.append(f'{s} <{NKG}label> "Entité {i}"@fr .\n')
        out.append(f"{s} <{NKG}party> <{ID}entity/e{(i + 1) % 12:02d}> .\n")
    big = f"<{ID}event/big>"
    for j in range(200):
        out.append(f'{big} <{NKG}quote> "citation {j} « guillemets » \\"x\\"\\nligne" .\n')
    out.append(f'{big} <{NKG}value> "42"^^<http://www.w3.org/2001/XMLSchema#integer> .\n')
    return sorted(line.encode() for line in out)


def _turtle(tmp_path: Path, lines: list[bytes], parts: int) -> bytes:
    path = tmp_path / f"graph-{parts}.ttl"
    write_turtle(iter(lines), path, prefixes(DEFAULT_BASE_IRI), parts=parts)
    return path.read_bytes()


@pytest.mark.parametrize("parts", [2, 3, 5, 40])
def test_parts_give_the_bytes_of_one_serialisation(tmp_path, parts):
    lines = _lines()
    one = _turtle(tmp_path, lines, 1)
    assert one.count(b"@prefix") == len(prefixes(DEFAULT_BASE_IRI))
    assert _turtle(tmp_path, lines, parts) == one
    left = {p.name for p in tmp_path.iterdir()}  # no part, no N-Triples left behind
    assert left == {f"graph-{parts}.ttl", "graph-1.ttl"}


def test_a_part_whose_process_fails_is_serialised_here(tmp_path, monkeypatch):
    def failing(*args: object) -> subprocess.Popen[bytes]:
        return subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])

    lines = _lines()
    one = _turtle(tmp_path, lines, 1)
    monkeypatch.setattr(parts_module, "_start", failing)
    assert _turtle(tmp_path, lines, 3) == one
    monkeypatch.setattr(parts_module, "_start", lambda *args: None)  # cannot start at all
    assert _turtle(tmp_path, lines, 4) == one


def test_one_subject_is_one_part(tmp_path):
    nt = tmp_path / "one.nt"
    nt.write_bytes(b"".join(f"<{ID}s> <{NKG}p> <{ID}o{i}> .\n".encode() for i in range(50)))
    assert subject_cuts(nt, 4) == [0, nt.stat().st_size]


def test_the_number_of_parts_follows_the_size(monkeypatch):
    monkeypatch.setattr(parts_module.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert default_parts(0) == 1
    assert default_parts(MIN_PART_BYTES - 1) == 1
    assert default_parts(3 * MIN_PART_BYTES) == 2  # two cores
    monkeypatch.setattr(parts_module.os, "sched_getaffinity", lambda pid: set(range(16)))
    assert default_parts(100 * MIN_PART_BYTES) == 4


_SUBJECTS = st.lists(st.integers(0, 30), min_size=1, max_size=120)


@settings(max_examples=60, deadline=None)
@given(subjects=_SUBJECTS, parts=st.integers(1, 9))
def test_cuts_fall_between_subjects(tmp_path_factory, subjects, parts):
    lines = sorted({f"<{ID}s{n}> <{NKG}p> <{ID}o{i}> .\n".encode() for i, n in enumerate(subjects)})
    nt = tmp_path_factory.mktemp("cuts") / "g.nt"
    data = b"".join(lines)
    nt.write_bytes(data)
    cuts = subject_cuts(nt, parts)
    assert cuts[0] == 0 and cuts[-1] == len(data)
    assert cuts == sorted(set(cuts)) and len(cuts) - 1 <= parts
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line)
    for cut in cuts[1:-1]:
        assert cut in offsets  # at a line's start
        i = offsets.index(cut)
        assert lines[i].split(b" ")[0] != lines[i - 1].split(b" ")[0]  # a new subject


def test_a_killed_builds_parts_are_removed_by_the_next_build(tmp_path):
    """The parts' bodies keep the suffix the build's clean-up of leftovers removes."""
    from newskg.config import BuildConfig
    from newskg.pipeline import _remove_leftovers

    config = BuildConfig(output_dir=tmp_path)
    # as write_turtle names them for the build's pending graph.ttl
    tmp = tmp_path / f"..{config.graph_path.name}.new.k1ll3d00.tmp"
    nt, body = tmp.with_suffix(".nt"), tmp.with_suffix(".body")
    lines = b"".join(f"<{ID}s{n}> <{NKG}p> <{ID}o> .\n".encode() for n in range(10))
    nt.write_bytes(lines)
    bodies = parts_module.serialise_parts(nt, body, {}, 3)
    assert len(bodies) == 3
    for path in (tmp, *bodies):
        path.write_bytes(b"left by a killed build")
    (tmp_path / "cache").mkdir()
    _remove_leftovers(config)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache"]
