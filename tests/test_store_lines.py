"""graph.ttl written from the triples the build gathered, not from the store read again."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, XSD

from newskg.config import DEFAULT_BASE_IRI
from newskg.namespaces import NKG
from newskg.rdf.sorted_export import SortedRuns, SortedTriples
from newskg.store import StoreGeneration, canonical_lines, triple_lines, write_store_turtle

A, B = URIRef("https://w3id.org/newskg/id/claim/a"), URIRef("https://w3id.org/newskg/id/claim/b")
G1, G2 = URIRef("https://w3id.org/newskg/id/article/1"), URIRef("https://w3id.org/newskg/id/a/2")
# Literals Oxigraph stores by value, so that they come back other than written.
TRIPLES = [
    (A, NKG.quoteStart, Literal("58", datatype=XSD.nonNegativeInteger)),  # range restored
    (A, NKG.value, Literal("058", datatype=XSD.integer)),  # "58"
    (A, NKG.date, Literal("2025-01-02T00:00:00+00:00", datatype=XSD.dateTime)),  # "Z"
    (A, RDFS.label, Literal("Forces armées", lang="FR")),  # "fr"
    (B, RDFS.comment, Literal('guillemets " et \\ et\nligne')),
    (B, NKG.confidence, Literal("0.50", datatype=XSD.decimal)),
]


def _generation(path: Path, batches: list[tuple[URIRef | None, list[tuple]]]) -> StoreGeneration:
    generation = StoreGeneration(path / "store", batch_quads=3, keep_lines=True)
    for name, triples in batches:
        generation.add(name, triples)
    generation.flush()
    return generation


def test_the_gathered_lines_are_the_stored_lines(tmp_path):
    # the same triple in two graphs, and twice in one: once in graph.ttl
    generation = _generation(tmp_path, [(G1, TRIPLES), (G2, TRIPLES[:2]), (None, TRIPLES[3:])])
    with generation:
        stored = sorted(set(triple_lines(generation.oxigraph)))
        from_store = write_store_turtle(
            generation.oxigraph, tmp_path / "store.ttl", base=DEFAULT_BASE_IRI
        )
        from_lines = write_store_turtle(
            generation.oxigraph,
            tmp_path / "lines.ttl",
            base=DEFAULT_BASE_IRI,
            lines=generation.lines,
        )
        generation.discard()
    assert (tmp_path / "lines.ttl").read_bytes() == (tmp_path / "store.ttl").read_bytes()
    assert from_lines.count == from_store.count == len(stored) == len(TRIPLES)
    assert from_lines.digest == from_store.digest
    assert b'"58"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>' in b"".join(stored)
    assert b'Z"^^' in (tmp_path / "lines.ttl").read_bytes()


def test_canonical_lines_are_what_a_store_gives_back():
    quads = [
        ox.Quad(ox.NamedNode(str(s)), ox.NamedNode(str(p)), ox.Literal(str(o), **_kind(o)))
        for s, p, o in TRIPLES
    ]
    lines = b"".join(canonical_lines(quads))
    assert b"+00:00" not in lines and b'"058"' not in lines and b"@fr" in lines


def _kind(o: Literal) -> dict:
    if o.language:
        return {"language": o.language}
    return {"datatype": ox.NamedNode(str(o.datatype))} if o.datatype else {}


def test_a_discarded_generation_drops_its_lines(tmp_path):
    generation = _generation(tmp_path, [(G1, TRIPLES)])
    generation.discard()
    assert generation.lines is None


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.binary(max_size=12).map(lambda b: b.replace(b"\n", b"") + b"\n"), max_size=60),
    st.integers(min_value=1, max_value=7),
    st.integers(min_value=1, max_value=5),
    st.integers(min_value=1, max_value=80),
)
def test_sorted_runs_give_every_line_once_in_byte_order(lines, run_lines, chunks, run_bytes):
    runs = SortedRuns(run_lines=run_lines, run_bytes=run_bytes)
    step = max(1, len(lines) // chunks)
    for i in range(0, len(lines), step):  # added in several calls, as a build does
        runs.extend(lines[i : i + step])
    with runs:
        assert list(runs.merged()) == sorted(set(lines))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from([b"<a> <p> 1 .\n", b"<b> <p> 2 .\n", b"<c> <skip> 3 .\n", b"z\n"]),
        max_size=40,
    ),
    st.integers(min_value=1, max_value=5),
    st.integers(min_value=1, max_value=4),
)
def test_blocks_give_the_lines_count_and_digest_of_the_line_by_line_run(lines, run_lines, size):
    """Blocks of joined lines: the same bytes, count and digest as the lines one by one,
    duplicates dropped across the blocks' edges too."""

    def gathered() -> SortedRuns:
        runs = SortedRuns(run_lines=run_lines)
        runs.extend(lines)
        return runs

    blocks = [b for b in gathered().merged_blocks(size) if b]
    assert all(0 < len(b) <= size for b in blocks)
    assert [line for b in blocks for line in b] == sorted(set(lines))
    by_line, by_block = SortedTriples(["skip"]), SortedTriples(["skip"])
    assert b"".join(by_line.run(gathered())) == b"".join(by_block.blocks(gathered()))
    assert b"".join(SortedTriples().blocks(iter(lines))) == b"".join(sorted(set(lines)))
    assert (by_line.count, by_line.digest) == (by_block.count, by_block.digest)
    kept = b"".join(line for line in sorted(set(lines)) if b" <skip> " not in line)
    assert by_block.digest == hashlib.sha256(kept).hexdigest()


def test_a_run_is_spilled_when_its_lines_pass_the_byte_bound():
    body = b'<a> <body> "' + "Les troupes se sont retirées. ".encode() * 10 + b'" .\n'
    runs = SortedRuns(run_lines=1000, run_bytes=3 * len(body) - 1)
    runs.extend([body, body.replace(b"<a>", b"<b>")])
    assert not runs._spills  # two long lines: under the bound
    runs.extend([body.replace(b"<a>", b"<c>"), b"<d> <p> 1 .\n"])
    assert len(runs._spills) == 1 and runs._run == [b"<d> <p> 1 .\n"]
    with runs:
        assert len(list(runs.merged())) == 4


def test_a_batch_is_written_when_its_literals_pass_the_text_bound(tmp_path):
    text = "Kiev affirme que les soldats ont quitté la région de Koursk la semaine dernière."
    generation = StoreGeneration(tmp_path / "store", batch_quads=1000, batch_text=2 * len(text))
    with generation:
        generation.add(G1, [(A, RDFS.comment, Literal(text)), (A, RDFS.label, Literal("a"))])
        assert generation.quads_added == 0  # 2 quads, one text: gathered
        generation.add(G2, [(B, RDFS.comment, Literal(text, lang="fr")), (B, NKG.asserts, A)])
        assert generation.quads_added == 4  # past the text bound: written, not 1000 quads
        generation.add(G2, [(B, RDFS.label, Literal(text))])
        assert generation.quads_added == 4  # the count starts again with the next batch
        generation.flush()
        assert len(generation.oxigraph) == 5
        generation.discard()


def _mirrored(path: Path, bound: int) -> StoreGeneration:
    generation = StoreGeneration(path / "store", batch_quads=3, mirror_quads=bound)
    generation.add(G1, TRIPLES)
    generation.add(G2, TRIPLES[:2])
    generation.flush()
    return generation


def test_the_mirror_holds_the_stored_quads(tmp_path):
    generation = _mirrored(tmp_path, 8)  # 6 + 2 quads: at the bound, kept
    with generation:
        mirror = generation.mirror
        assert mirror is not None
        assert sorted(map(str, mirror)) == sorted(map(str, generation.oxigraph))
        assert len(mirror) == generation.quads_added == 8
        generation.drop_mirror()
        assert generation.mirror is None
        assert len(generation.oxigraph) == 8  # the store on disk is not touched
        generation.discard()


def test_the_mirror_is_dropped_past_its_bound(tmp_path):
    generation = _mirrored(tmp_path, 7)
    with generation:
        assert generation.mirror is None
        assert len(generation.oxigraph) == 8
        generation.discard()


def test_no_mirror_unless_asked_and_none_once_committed(tmp_path):
    plain = _mirrored(tmp_path / "plain", 0)
    with plain:
        assert plain.mirror is None
        plain.discard()
    kept = _mirrored(tmp_path / "kept", 100)
    with kept:
        assert kept.mirror is not None
        kept.commit()
        assert kept.mirror is None


def test_a_failed_batch_write_is_a_store_error_and_the_generation_is_discarded(
    tmp_path, monkeypatch
):
    import pytest

    import newskg.store as store_module
    from newskg.errors import StoreError

    def broken(data: bytes, store: ox.Store) -> None:
        raise OSError("No space left on device")

    monkeypatch.setattr(store_module, "_load_nquads", broken)
    generation = StoreGeneration(tmp_path / "store", batch_quads=3)
    failed = pytest.raises(StoreError, match=r"cannot write the graph store.*No space left")
    with failed, generation:
        generation.add(G1, TRIPLES)  # two batches handed over, the second waits
        generation.flush()
    assert not generation.tmp.exists()  # discarded on the way out
    assert not (tmp_path / "store").exists()


def test_expect_drops_the_mirror_only_when_the_bound_will_be_passed(tmp_path):
    """``expect`` counts the quads written, those buffered and those announced."""
    generation = _mirrored(tmp_path, 10)  # 8 quads written
    with generation:
        generation.add(G2, TRIPLES[2:3])  # one more, buffered (batches of three)
        generation.expect(1)  # 8 + 1 + 1 = 10: at the bound, kept
        assert generation.mirror is not None
        generation.expect(2)  # 8 + 1 + 2 = 11: past it
        assert generation.mirror is None
        generation.flush()
        assert len(generation.oxigraph) == 9  # the store on disk is not touched
        generation.discard()


# --------------------------------------------------------------------- N-Quads text
_LEXICAL = st.text(  # any character a Python str may carry into UTF-8 (no lone surrogates)
    st.characters(blacklist_categories=("Cs",)), max_size=40
) | st.sampled_from(['"', "\\", "\n", "\r", "\t", '\\"', "a\\nb", "\x00", "\u2028", "é\"\\'"])
_TERMS = st.one_of(
    st.builds(Literal, _LEXICAL),
    st.builds(lambda t, lang: Literal(t, lang=lang), _LEXICAL, st.sampled_from(["fr", "en", "FR"])),
    st.builds(
        lambda t, dt: Literal(t, datatype=dt),
        _LEXICAL | st.integers().map(str),
        st.sampled_from(
            [XSD.integer, XSD.nonNegativeInteger, XSD.decimal, XSD.date, XSD.string, XSD.anyURI]
        ),
    ),
    st.sampled_from([A, B, G1, URIRef("https://w3id.org/newskg/id/entity/é-lieu")]),
)


def _python_quads(name: URIRef | None, triples: list[tuple]) -> set[ox.Quad]:
    """The quads the Python terms give (the way a batch was built before the text)."""
    from newskg.store import _to_ox  # noqa: PLC0415  (the reference conversion)

    g = ox.DefaultGraph() if name is None else ox.NamedNode(str(name))
    store = ox.Store()
    store.bulk_extend(ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o), g) for s, p, o in triples)
    return set(store)


@settings(max_examples=200, deadline=None)
@given(objects=st.lists(_TERMS, min_size=1, max_size=8), named=st.booleans())
def test_nquads_text_loads_as_the_python_terms_do(objects, named):
    from newskg.store import nquad_lines  # noqa: PLC0415

    name = G1 if named else None
    triples = [(A if i % 2 else B, RDFS.label, o) for i, o in enumerate(objects)]
    data, count, chars = nquad_lines(name, triples)
    store = ox.Store()
    store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    assert set(store) == _python_quads(name, triples)
    assert count == len(triples) == data.count(b"\n")
    assert chars == sum(len(o) for o in objects if isinstance(o, Literal))


def test_nquads_text_refuses_what_the_store_cannot_hold():
    from rdflib import BNode  # noqa: PLC0415

    from newskg.errors import StoreError  # noqa: PLC0415
    from newskg.store import nquad_lines  # noqa: PLC0415

    with pytest.raises(StoreError, match="blank nodes"):
        nquad_lines(None, [(BNode(), RDFS.label, Literal("x"))])
    with pytest.raises(StoreError, match="blank nodes"):
        nquad_lines(G1, [(A, RDFS.seeAlso, BNode())])
    with pytest.raises(StoreError, match="literal"):
        nquad_lines(None, [(Literal("x"), RDFS.label, Literal("y"))])
    with pytest.raises((ValueError, StoreError)):  # Oxigraph's own message where it has one
        nquad_lines(None, [(URIRef("https://example.org/a b"), RDFS.label, Literal("y"))])


def test_python_quads_and_text_go_into_one_batch(tmp_path):
    generation = StoreGeneration(tmp_path / "store", batch_quads=1000, keep_lines=True)
    with generation:
        generation.add(G1, TRIPLES[:3])
        generation.add_quads(
            [
                ox.Quad(
                    ox.NamedNode(str(A)),
                    ox.NamedNode(str(RDFS.label)),
                    ox.Literal("quad"),
                    ox.DefaultGraph(),
                )
            ]
        )
        generation.add(None, TRIPLES[3:])
        generation.flush()
        assert generation.quads_added == len(TRIPLES) + 1
        assert len(generation.oxigraph) == len(TRIPLES) + 1
        generation.discard()


def test_an_iri_oxigraph_refuses_is_a_store_error_when_the_batch_is_written(tmp_path):
    from newskg.errors import StoreError  # noqa: PLC0415

    generation = StoreGeneration(tmp_path / "store", batch_quads=1000)
    with generation:
        generation.add(None, [(URIRef("https://[bad/x"), RDFS.label, Literal("y"))])
        with pytest.raises(StoreError, match="cannot write a term"):
            generation.flush()
        generation.discard()


# ------------------------------------------------------- the folded datatypes restored
_FOLDING = ox.NamedNode(str(XSD.integer))
_TRAPS = st.sampled_from(  # literals that hold what a restored line looks like
    [
        f' <{NKG.quoteStart}> "5"^^<{XSD.integer}> .',
        f'x" <{NKG.quoteEnd}> "7"^^<{XSD.integer}> .\n<a> <{NKG.quoteStart}> "1"^^<{XSD.integer}>',
        f"\\ <{NKG.quoteStart}> ",
    ]
)


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from([NKG.quoteStart, NKG.quoteEnd, NKG.value, RDFS.label]),
            st.one_of(
                st.integers(min_value=0).map(lambda n: ox.Literal(str(n), datatype=_FOLDING)),
                (_LEXICAL | _TRAPS).map(ox.Literal),
            ),
        ),
        min_size=1,
        max_size=10,
    )
)
def test_the_lines_restore_exactly_the_folded_datatypes_of_the_declared_properties(rows):
    """Each line as :func:`newskg.store._restore` gives its quad back, whatever the literals
    hold (one that looks like a restored line included), and no other line changes."""
    from newskg.store import _dump_lines, _restore  # noqa: PLC0415

    quads = [
        ox.Quad(ox.NamedNode(f"{A}-{i}"), ox.NamedNode(str(p)), o) for i, (p, o) in enumerate(rows)
    ]
    data = ox.serialize(quads, format=ox.RdfFormat.N_TRIPLES)
    expected = [ox.serialize([_restore(q)], format=ox.RdfFormat.N_TRIPLES) for q in quads]
    assert _dump_lines(data) == expected
