"""Scope of a figure: an increment ("3 000 soldats supplémentaires") is not a total."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Namespace

from newskg.extract.scope import is_increment
from newskg.model import Measure, Quantity
from newskg.rdf.convert import figure_text

NKG = Namespace("https://w3id.org/newskg/ontology#")
ROOT = Path(__file__).resolve().parent.parent


def _counted(nlp, text: str, noun: str) -> bool:
    doc = nlp(text)
    return is_increment(next(t for t in doc if t.text == noun))


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "noun", "expected"),
    [
        ("La Bordurie a envoyé 4 000 soldats supplémentaires en Syldavie.", "soldats", True),
        ("La Syldavie a déployé 8 000 nouveaux soldats à la frontière.", "soldats", True),
        ("Le royaume enverra 700 hommes de plus sur le front.", "hommes", True),
        ("Environ 1 500 renforts sont arrivés à la capitale.", "renforts", True),
        ("Le régime a dépêché 2 000 militaires en renfort.", "militaires", True),
        ("Quelque 9 000 soldats sont déployés en Syldavie.", "soldats", False),
        ("L'armée a perdu plus de 300 soldats.", "soldats", False),
        ("Les 1 200 soldats restants ont quitté la base.", "soldats", False),
    ],
)
def test_increments_are_told_from_totals(nlp, text, noun, expected):
    assert _counted(nlp, text, noun) is expected


@pytest.mark.model
def test_the_extractor_marks_the_added_figure_an_increment(nlp, kb):
    """The deployment's own figure carries the scope the counted noun gives it."""
    from article_helpers import extract_text  # noqa: PLC0415

    result = extract_text(
        nlp, kb, "La Russie a envoyé 4 000 soldats supplémentaires en Biélorussie."
    )
    figures = [q for c in result.claims for q in c.event.quantities if q.measure is Measure.TROOPS]
    assert [(q.value, q.increment) for q in figures] == [(4000, True)]
    result = extract_text(nlp, kb, "La Russie a déployé 9 000 soldats en Biélorussie.")
    figures = [q for c in result.claims for q in c.event.quantities if q.measure is Measure.TROOPS]
    assert [(q.value, q.increment) for q in figures] == [(9000, False)]


def test_an_increment_reads_with_a_plus_and_has_its_own_key():
    total = Quantity(Measure.TROOPS, value=3000)
    more = Quantity(Measure.TROOPS, value=3000, increment=True)
    assert figure_text(more) == "Troops +3000"
    assert figure_text(total) == "Troops 3000"
    assert more.key != total.key
    assert sorted([more, total]) == [total, more]


def test_conflicting_figures_does_not_pit_an_increment_against_a_total():
    """Two deployments by the same side: 11 000 troops, and 3 000 more. Not a conflict;
    two totals by different claimants are."""
    ttl = """
@prefix nkg: <https://w3id.org/newskg/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:b rdfs:label "Bordurie"@fr .
ex:a1 dcterms:identifier "a1" ; dcterms:issued "2025-01-10"^^xsd:date .
ex:e1 a nkg:Deployment ; nkg:agent ex:b ; nkg:quantity ex:q1 .
ex:q1 nkg:measure nkg:Troops ; nkg:value 11000 .
ex:e2 a nkg:Deployment ; nkg:agent ex:b ; nkg:quantity ex:q2 .
ex:q2 nkg:measure nkg:Troops ; nkg:value 3000 ; nkg:scope nkg:Increment .
ex:e3 a nkg:Deployment ; nkg:agent ex:b ; nkg:quantity ex:q3 .
ex:q3 nkg:measure nkg:Troops ; nkg:value 12000 .
ex:c1 nkg:asserts ex:e1 ; nkg:states ex:q1 ; prov:wasDerivedFrom ex:a1 .
ex:c2 nkg:asserts ex:e2 ; nkg:states ex:q2 ; prov:wasDerivedFrom ex:a1 .
ex:c3 nkg:asserts ex:e3 ; nkg:states ex:q3 ; prov:wasDerivedFrom ex:a1 ; nkg:claimant ex:b .
"""
    g = Graph().parse(data=ttl, format="turtle")
    assert (None, NKG.scope, NKG.Increment) in g
    store = pyoxigraph.Store()
    store.load(ttl.encode(), pyoxigraph.RdfFormat.TURTLE, to_graph=pyoxigraph.DefaultGraph())
    query = (ROOT / "queries" / "conflicting-figures.rq").read_text(encoding="utf-8")
    solutions = store.query(query)
    names = [v.value for v in solutions.variables]
    pairs = set()
    for row in solutions:
        r = {n: row[n].value for n in names if row[n] is not None}
        pairs.add((r["lowFigure"], r["highFigure"]))
    assert ("11000", "12000") in pairs
    assert not {p for p in pairs if "3000" in p}
