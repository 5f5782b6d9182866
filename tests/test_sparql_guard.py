"""The SPARQL guard: SERVICE and LOAD refused, updates unless allowed, keywords as text ignored."""

from __future__ import annotations

import doctest

import pytest

import newskg.sparql.guard
import newskg.sparql.server
import newskg.sparql.worker
from newskg import store
from newskg.errors import QueryError
from newskg.resources import queries_dir
from newskg.sparql import Operation, check, is_update

SERVICE = [
    "SELECT * WHERE { SERVICE <http://example.com/sparql> { ?s ?p ?o } }",
    "select * where { service silent ?endpoint { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE <http://e.com/q> { ?s ?q ?r } } }",
    "ASK { FILTER EXISTS { SERVICE <http://e.com/q> { ?s ?p ?o } } }",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://e.com/q> { ?s ?p ?o } } } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://e.com/q> { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <http://e.com/q> { ?s ?p ?o } }",  # escaped keyword
    "SELECT * WHERE { SERVICE <http://127.0.0.1:7878/query> { ?s ?p ?o } }",  # local too
]
LOAD = [
    "LOAD <http://example.com/data.ttl>",
    "load silent <http://example.com/data.ttl> into graph <http://example.com/g>",
    "INSERT DATA { <http://a> <http://b> <http://c> } ; LOAD <http://example.com/x.ttl>",
]
UPDATES = [
    "INSERT DATA { <http://a> <http://b> <http://c> }",
    "PREFIX ex: <http://e.com/> DELETE DATA { ex:a ex:b ex:c }",
    "DELETE WHERE { ?s ?p ?o }",
    "WITH <http://g> DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "CLEAR ALL",
    "DROP GRAPH <http://example.com/g>",
    "CREATE GRAPH <http://example.com/g>",
    "COPY DEFAULT TO <http://example.com/g>",
    "MOVE <http://example.com/g> TO DEFAULT",
    "ADD <http://example.com/g> TO <http://example.com/h>",
    "# a comment that says SERVICE\nDELETE WHERE { ?s ?p 'load' }",  # the full parse
]
# The keywords as text: in literals, IRIs, prefixed names, variables and comments.
HARMLESS = [
    "SELECT * WHERE { ?s ?p 'SERVICE <http://example.com/sparql> { ?s ?p ?o }' }",
    'SELECT * WHERE { ?s ?p "LOAD <http://example.com/x.ttl>" }',
    "SELECT * WHERE { ?s ?p '''a long\nSERVICE literal''' }",
    'ASK { ?s ?p """LOAD it""" }',
    "SELECT * WHERE { ?s <http://example.com/SERVICE> <http://example.com/load> }",
    "PREFIX service: <http://e.com/> SELECT ?service WHERE { ?s service:load ?service }",
    "# SERVICE <http://example.com/sparql> { }\nSELECT ?loaded WHERE { ?loaded ?p ?o }",
    "SELECT * WHERE { ?s ?p 'services de renseignement'@fr }",
    "SELECT * WHERE { ?s ?p '\\u0053ERVICE' }",
]
MALFORMED = [
    "SELECT ?loaded WHERE",
    "SELECT * WHERE { SERVICE }",
    "SERVICE <http://e.com/q> { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p 'service' } ; INSERT DATA { <http://a> <http://b> 1 }",
    "SELECT * WHERE { ?s ?p 'unterminated service }",
]


@pytest.mark.parametrize("sparql", SERVICE)
def test_service_is_refused_wherever_it_is(sparql):
    with pytest.raises(QueryError, match="SERVICE"):
        check(sparql)
    with pytest.raises(QueryError, match="SERVICE"):
        check(sparql, allow_update=True)


def test_service_in_an_update_is_refused_even_when_updates_are_allowed():
    with pytest.raises(QueryError, match="SERVICE"):
        check(
            "INSERT { ?s ?p ?o } WHERE { SERVICE <http://e.com/q> { ?s ?p ?o } }",
            allow_update=True,
        )


@pytest.mark.parametrize("sparql", LOAD)
def test_load_is_refused_even_when_updates_are_allowed(sparql):
    with pytest.raises(QueryError, match="LOAD"):
        check(sparql, allow_update=True)


@pytest.mark.parametrize("sparql", UPDATES)
def test_updates_are_refused_unless_allowed(sparql):
    with pytest.raises(QueryError, match="read-only"):
        check(sparql)
    assert check(sparql, allow_update=True) is Operation.UPDATE


@pytest.mark.parametrize("sparql", HARMLESS)
def test_the_keywords_as_text_are_not_operations(sparql):
    assert check(sparql) is Operation.QUERY


@pytest.mark.parametrize("sparql", MALFORMED)
def test_malformed_text_that_needs_checking_is_an_error(sparql):
    with pytest.raises(QueryError, match="invalid SPARQL"):
        check(sparql, allow_update=True)


def test_a_deeply_nested_request_is_an_error_not_a_crash():
    sparql = "SELECT * WHERE { ?s ?p 'service' FILTER(" + "(" * 400 + "1" + ")" * 400 + ") }"
    with pytest.raises(QueryError, match="invalid SPARQL"):
        check(sparql)


def test_text_without_the_keywords_skips_the_parser(monkeypatch):
    def parse(sparql):
        raise AssertionError("parsed")

    monkeypatch.setattr(newskg.sparql.guard, "_parse", parse)
    assert check("SELECT * WHERE { ?s ?p ?o }") is Operation.QUERY
    assert check("DELETE WHERE { ?s ?p ?o }", allow_update=True) is Operation.UPDATE
    # Oxigraph reports the syntax of such a request when it runs it.
    assert check("SELECT WHERE") is Operation.QUERY
    with pytest.raises(AssertionError, match="parsed"):
        check("SELECT * WHERE { ?s ?p 'Service' }")


def test_the_parser_agrees_with_the_first_keyword_on_the_named_queries():
    for path in sorted(queries_dir().glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        operation, parts = newskg.sparql.guard._parse(text)
        assert operation is Operation.QUERY, path.name
        assert check(text) is Operation.QUERY, path.name
        assert "ServiceGraphPattern" not in parts


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { ?s ?p ?o }",
        "PREFIX ex: <http://e/#> BASE <http://b/> # DELETE\nCONSTRUCT WHERE { ?s ?p ?o }",
        "prefix ex: <http://e/#>\ninsert data { ex:a ex:b ex:c }",
        "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "LOAD <http://example.com/x.ttl>",
    ],
)
def test_is_update_is_the_store_modules(text):
    assert is_update(text) is store.is_update(text)


def test_doctests():
    for module in (newskg.sparql.guard, newskg.sparql.worker, newskg.sparql.server):
        assert doctest.testmod(module, optionflags=doctest.ELLIPSIS).failed == 0
