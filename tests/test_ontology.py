"""The ontology: it parses, declares exactly the code's nkg: terms, documents them,
passes its lint shapes and keeps the contract's alignments."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS

import newskg
from newskg.model import EntityKind, EventKind, Measure, Modality, Qualifier
from newskg.namespaces import NKG, NKG_IRI, SCHEMA, SEM
from newskg.resources import ontology_path
from newskg.shacl import lint_ontology, summarize

ONTOLOGY_IRI = URIRef("https://w3id.org/newskg/ontology")
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ontology_path(), format="turtle")


def declared(g: Graph) -> set[URIRef]:
    return {
        s
        for kind in KINDS
        for s in g.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(NKG_IRI)
    }


def namespace_terms() -> set[URIRef]:
    return set(dir(NKG))


def test_ontology_header(onto):
    assert set(onto.subjects(RDF.type, OWL.Ontology)) == {ONTOLOGY_IRI}
    assert onto.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal(newskg.__version__)
    titles = {t.language for t in onto.objects(ONTOLOGY_IRI, DCTERMS.title)}
    assert titles == {"en", "fr"}
    assert onto.value(ONTOLOGY_IRI, DCTERMS.license) is not None


def test_namespace_and_ontology_declare_the_same_terms(onto):
    in_code, in_ontology = namespace_terms(), declared(onto)
    assert not in_code - in_ontology, f"in namespaces.py, not declared: {in_code - in_ontology}"
    assert not in_ontology - in_code, f"declared, not in namespaces.py: {in_ontology - in_code}"
    assert len(in_code) == 89


def test_every_term_has_one_kind(onto):
    for term in declared(onto):
        kinds = [k for k in KINDS if (term, RDF.type, k) in onto]
        assert len(kinds) == 1, f"{term}: {kinds}"


@pytest.mark.parametrize("term", sorted(namespace_terms()), ids=lambda t: t.removeprefix(NKG_IRI))
def test_term_is_documented(onto, term):
    labels = [o for o in onto.objects(term, RDFS.label) if isinstance(o, Literal)]
    assert sorted(label.language for label in labels) == ["en", "fr"], labels
    comments = {c.language for c in onto.objects(term, RDFS.comment) if isinstance(c, Literal)}
    assert "en" in comments
    assert onto.value(term, RDFS.isDefinedBy) == ONTOLOGY_IRI


def test_ontology_passes_its_lint_shapes():
    result = lint_ontology()
    assert result.conforms, summarize(result)


def test_closed_namespace_rejects_a_typo():
    with pytest.raises(AttributeError):
        _ = NKG.Deploymnet


@pytest.mark.parametrize(
    ("sub", "sup"),
    [
        (NKG.Event, SEM.Event),
        (NKG.Article, SCHEMA.NewsArticle),
        (NKG.Article, PROV.Entity),
        (NKG.Claim, PROV.Entity),
        (NKG.Person, FOAF.Person),
        (NKG.Person, NKG.Actor),
        (NKG.State, NKG.Actor),
        (NKG.Agency, NKG.Actor),
        (NKG.ArmedForce, NKG.Agency),
        (NKG.IntelligenceService, NKG.Agency),
        (NKG.NewsAgency, NKG.Agency),
        (NKG.GovernmentBody, NKG.Agency),
    ],
)
def test_contract_class_alignments(onto, sub, sup):
    assert (sub, RDFS.subClassOf, sup) in onto


def test_event_classes_are_the_model_kinds(onto):
    events = set(onto.subjects(RDFS.subClassOf, NKG.Event))
    assert events == {NKG[k.value] for k in EventKind}


def test_entity_classes_are_the_model_kinds(onto):
    actors = set(onto.transitive_subjects(RDFS.subClassOf, NKG.Actor)) - {NKG.Actor}
    kinds = {NKG[k.value] for k in EntityKind}
    assert actors == {NKG[k.value] for k in EntityKind if k.is_actor}
    assert kinds <= declared(onto)


@pytest.mark.parametrize(
    ("cls", "enum"),
    [(NKG.Measure, Measure), (NKG.Qualifier, Qualifier), (NKG.Modality, Modality)],
)
def test_closed_vocabularies_match_the_model(onto, cls, enum):
    members = set(onto.subjects(RDF.type, cls))
    assert members == {NKG[m.value] for m in enum}
    assert all((m, RDF.type, OWL.NamedIndividual) in onto for m in members)


def test_roles(onto):
    for role in (NKG.agent, NKG.recipient, NKG.affected, NKG.opponent):
        assert (role, RDFS.subPropertyOf, NKG.participant) in onto
    for role, target in (
        (NKG.participant, NKG.Actor),
        (NKG.weapon, NKG.WeaponSystem),
        (NKG.treaty, NKG.Treaty),
        (NKG.place, NKG.Place),
        (NKG.quantity, NKG.Quantity),
    ):
        assert onto.value(role, RDFS.domain) == NKG.Event
        assert onto.value(role, RDFS.range) == target


def test_datatype_ranges(onto):
    from rdflib.namespace import XSD  # not at module level: pytest probes module attributes

    for prop in (NKG.value, NKG.minValue, NKG.maxValue):
        assert onto.value(prop, RDFS.range) == XSD.integer
    assert onto.value(NKG.confidence, RDFS.range) == XSD.decimal
    assert onto.value(NKG.quote, RDFS.range) == RDF.langString
    for prop in (NKG.date, NKG.startDate, NKG.endDate):
        union = onto.value(onto.value(prop, RDFS.range), OWL.unionOf)
        assert list(onto.items(union)) == [XSD.date, XSD.gYearMonth, XSD.gYear]


def test_no_term_of_another_vocabulary_is_redeclared(onto):
    others = (Namespace(str(SEM)), Namespace(str(SCHEMA)), PROV, FOAF)
    for kind in KINDS:
        for s in onto.subjects(RDF.type, kind):
            assert not any(str(s).startswith(str(ns)) for ns in others), s
