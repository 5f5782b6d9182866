"""Name keys, slugs and IRI minting: any name gives a valid, stable IRI."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from newskg import text
from newskg.model import Claim, Event, EventKind
from newskg.rdf.export import bind_prefixes, serialize_turtle
from newskg.rdf.iris import IriMinter
from newskg.text import fold, name_key, slugify

BASE = "https://w3id.org/newskg/id/"
_IRI_SAFE = re.compile(r"^[A-Za-z0-9:/._#-]+$")


def test_name_key_ignores_case_accents_plural_and_unit_glue():
    assert name_key("Canons autoporteurs de 170mm") == name_key("canon autoporteur de 170 mm")
    assert name_key("Corée du Nord") == name_key("COREE DU NORD")
    assert name_key("NIS") == "nis"  # short acronyms keep their final s


def test_name_key_token_form_matches_phrase_form():
    # The mention finder joins per-token keys: the two must agree on apostrophes.
    tokens = ["chefs", "d'", "état-major"]
    assert " ".join(name_key(t) for t in tokens) == name_key("chefs d'état-major")


def test_the_caches_keep_names_and_not_sentences():
    sentence = "Le ministère de la Défense a annoncé mardi le retrait de 1 200 soldats."
    short = "Forces armées de la République démocratique du Congo"  # 53 characters
    for cached in (text._fold_cached, text._name_key_cached):
        cached.cache_clear()
    assert name_key(sentence) == name_key(sentence)
    assert fold(sentence) == fold(sentence)
    assert text._fold_cached.cache_info().currsize == 0  # a sentence is folded each time
    assert text._name_key_cached.cache_info().currsize == 0
    key = "force armee de la republique democratique du congo"
    assert name_key(short) == name_key(short) == key
    assert text._name_key_cached.cache_info().hits == 1  # a name is kept
    assert text._fold_cached.cache_info().currsize == 1


def test_the_bound_of_the_caches_is_inclusive():
    text._fold_cached.cache_clear()
    at, over = "é" * text._CACHED_CHARS, "é" * (text._CACHED_CHARS + 1)
    assert fold(at) == "e" * text._CACHED_CHARS and fold(over) == "e" * (text._CACHED_CHARS + 1)
    assert text._fold_cached.cache_info().currsize == 1  # the text at the bound, not the one over


@given(st.text(max_size=200))
def test_any_name_gives_a_valid_stable_entity_iri(name):
    minter = IriMinter(BASE)
    iri = minter.entity(slugify(name))
    assert _IRI_SAFE.match(str(iri))
    assert iri == minter.entity(slugify(name))
    assert slugify(name)  # never empty


@given(st.text(max_size=100))
def test_any_label_round_trips_through_turtle(label):
    label = label.replace("\x00", "")
    g = bind_prefixes(Graph(), BASE)
    node = IriMinter(BASE).entity(slugify(label))
    g.add((node, RDFS.label, Literal(label, lang="fr")))
    again = Graph().parse(data=serialize_turtle(g), format="turtle")
    assert isomorphic(g, again)


def test_claim_iri_depends_on_content_not_order():
    ev = Event(EventKind.MEETING, (("participant", "a"), ("participant", "b")))
    c1 = Claim(ev, "a.txt", "q", 0, 1, claimant="x")
    c2 = Claim(ev, "a.txt", "q", 0, 1, claimant="x")
    c3 = Claim(ev, "a.txt", "q", 0, 1, claimant="y")
    m = IriMinter(BASE)
    assert m.claim(c1) == m.claim(c2) != m.claim(c3)
    assert isinstance(m.event(ev), URIRef)
