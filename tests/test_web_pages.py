"""The endpoint's pages (newskg.web): rendering, escaping, content negotiation, limits.

Rendering functions are tested alone; the pages themselves on a
:class:`~newskg.sparql.SparqlServer` over the hand-made graph of
``store_helpers`` (no spaCy), with a hostile name added to one entity.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from newskg.config import DEFAULT_BASE_IRI
from newskg.sparql import Limits, NamedQuery, SparqlServer, named_query
from newskg.store import GraphStore
from newskg.web import RDF_FORMATS, choose_format
from newskg.web.pages import Links, literal_html, results_table, term_html
from newskg.web.querypage import bind_variables
from newskg.web.resource import fold
from store_helpers import assemble, results

XSD = "http://www.w3.org/2001/XMLSchema#"
NK = f"{DEFAULT_BASE_IRI}entity/north-korea"
HOSTILE = '<img src=x onerror="alert(1)">'
MAX_ROWS = 20


# ---------------------------------------------------------------- rendering alone
def test_a_number_shows_as_its_value_not_as_a_typed_literal():
    shown = literal_html(ox.Literal("220", datatype=ox.NamedNode(f"{XSD}integer")))
    assert ">220</span>" in shown and 'class="num"' in shown
    assert "^^" not in shown and '"220"' not in shown and "#integer" not in shown


def test_language_and_datatype_are_small_tags_and_strings_are_bare():
    assert literal_html(ox.Literal("Corée du Nord", language="fr")) == (
        'Corée du Nord <span class="tag lang" title="language">fr</span>'
    )
    date = literal_html(ox.Literal("2024-12", datatype=ox.NamedNode(f"{XSD}gYearMonth")))
    assert ">2024-12</span>" in date and 'title="xsd:gYearMonth"' in date
    assert literal_html(ox.Literal("plain")) == "plain"
    odd = literal_html(ox.Literal("x", datatype=ox.NamedNode("http://example.com/dt")))
    assert odd.startswith("x ") and 'class="tag"' in odd


def test_values_and_labels_are_escaped():
    links = Links(DEFAULT_BASE_IRI, {"id": DEFAULT_BASE_IRI}, {NK: "<b>Corée</b>"})
    link = term_html(ox.NamedNode(NK), links)
    assert link == (f'<a href="/id/entity/north-korea" title="{NK}">&lt;b&gt;Corée&lt;/b&gt;</a>')
    shown = term_html(ox.Literal("<script>alert('x')</script>", language="fr"), links)
    assert "<script>" not in shown and "&lt;script&gt;alert(&#x27;x&#x27;)" in shown
    table = results_table(["<v>"], [[ox.Literal('"&')], [None]], links)
    assert "<th>&lt;v&gt;</th>" in table and "&quot;&amp;" in table


def test_iris_link_to_their_page_here_to_wikidata_or_nowhere():
    links = Links(DEFAULT_BASE_IRI, {"nkg": "https://w3id.org/newskg/ontology#"})
    assert links.local(f"{DEFAULT_BASE_IRI}event/abc/q/troops") == "/id/event/abc/q/troops"
    assert links.local("https://example.com/x") is None
    wikidata = term_html(ox.NamedNode("http://www.wikidata.org/entity/Q423"), links)
    assert 'href="http://www.wikidata.org/entity/Q423"' in wikidata and "noopener" in wikidata
    term = term_html(ox.NamedNode("https://w3id.org/newskg/ontology#Troops"), links)
    assert "<a " not in term and "nkg:Troops" in term


@pytest.mark.parametrize(
    ("accept", "fmt", "expected"),
    [
        ("text/turtle", None, ox.RdfFormat.TURTLE),
        ("application/ld+json", None, ox.RdfFormat.JSON_LD),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", None, None),
        ("text/html;q=0.5, text/turtle", None, ox.RdfFormat.TURTLE),
        (None, None, None),
        ("text/html", "ttl", ox.RdfFormat.TURTLE),
        ("text/turtle", "html", None),
        (None, "jsonld", ox.RdfFormat.JSON_LD),
    ],
)
def test_content_negotiation_picks_html_or_rdf(accept, fmt, expected):
    assert choose_format(accept, fmt) == expected


def test_content_negotiation_refuses_what_it_cannot_give():
    assert choose_format("image/png", None) not in (None, *RDF_FORMATS.values())
    assert choose_format(None, "pdf") not in (None, *RDF_FORMATS.values())


def test_bind_variables_come_from_the_header_comments(tmp_path):
    path = tmp_path / "q.rq"
    path.write_text(
        "# Armes livrées par un État.\n"
        "# newskg query --name q --bind supplier=id:entity/iran --bind year=2024\n"
        "SELECT ?supplier ?year WHERE { ?s ?p ?o }  # --bind notme=1\n",
        encoding="utf-8",
    )
    assert bind_variables(NamedQuery("q", "Armes livrées", path)) == [
        ("supplier", "id:entity/iran"),
        ("year", "2024"),
    ]
    assert ("actor", "id:entity/north-korea") in bind_variables(named_query("actor-timeline"))


# ---------------------------------------------------------------- the pages, served
@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("web")
    graph = assemble(results())
    graph.add((URIRef(NK), SKOS.altLabel, Literal(HOSTILE, lang="fr")))
    with GraphStore(out / "store") as store:
        store.replace(graph)
    return out


class Client:
    """A server answering in a thread, and GET requests to it."""

    def __init__(self, server: SparqlServer) -> None:
        self.server = server
        self.thread = threading.Thread(target=server.serve_forever, daemon=True)
        self.thread.start()

    def get(
        self, path: str, query: dict[str, str] | None = None, **headers: str
    ) -> tuple[int, dict[str, str], str]:
        url = self.server.url.rstrip("/") + path
        if query:
            url += "?" + urllib.parse.urlencode(query)
        request = urllib.request.Request(url, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)
        self.server.close()


@pytest.fixture(scope="module")
def web(out):
    client = Client(SparqlServer(out / "store", port=0, limits=Limits(max_rows=MAX_ROWS)))
    yield client
    client.stop()


def test_the_start_page_lists_the_named_queries_and_loads_nothing_from_elsewhere(web):
    status, headers, body = web.get("/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert "<textarea" in body and "read-only" in body
    assert 'href="/?name=troop-deployments"' in body
    assert named_query("troop-deployments").description.split(":")[0] in body
    assert 'src="/assets/app.js"' in body and 'href="/assets/style.css"' in body
    assert 'src="http' not in body and '<link rel="stylesheet" href="http' not in body
    assert web.get("/assets/style.css")[1]["Content-Type"].startswith("text/css")
    assert web.get("/assets/..%2Fpages.py")[0] == 404


def test_picking_a_named_query_loads_it_with_fields_for_its_bindings(web):
    status, _, body = web.get("/", {"name": "actor-timeline"})
    assert status == 200
    assert '<option value="actor-timeline" ' in body and " selected>" in body
    assert 'name="bind.actor"' in body and "e.g. id:entity/north-korea" in body
    assert "SELECT ?actor ?actorName" in body and 'id="summary"' not in body  # not run


def test_a_bound_named_query_runs_and_shows_labels_linked_to_their_pages(web):
    sparql = named_query("actor-timeline").text
    status, _, body = web.get(
        "/", {"name": "actor-timeline", "query": sparql, "bind.actor": "id:entity/north-korea"}
    )
    assert status == 200, body
    assert "<b>1 row</b>" in body  # the dated transfer; the casualty figures have no date
    assert " ms · " in body or " s · " in body
    assert '<a href="/id/entity/north-korea" title="' in body
    assert "Corée du Nord" in body and "2024-12-17" in body
    assert '"2024-12-17"^^' not in body
    assert 'value="id:entity/north-korea"' in body  # the field keeps its value


def test_results_show_numbers_as_numbers_and_offer_csv_and_json(web):
    sparql = "SELECT ?v WHERE { ?q nkg:value ?v } ORDER BY ?v"
    status, _, body = web.get("/", {"query": sparql})
    assert status == 200
    assert '<td class="n"><span class="num" title="xsd:integer">1100</span></td>' in body
    assert "^^" not in body and "XMLSchema#integer" not in body
    csv_link = "/?" + urllib.parse.urlencode({"query": sparql, "download": "csv"})
    assert csv_link.replace("&", "&amp;") in body
    status, headers, csv = web.get(csv_link)
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert "attachment" in headers["Content-Disposition"]
    assert csv.split() == ["v", "1100", "4000"]
    status, headers, data = web.get("/", {"query": sparql, "download": "json"})
    values = [b["v"]["value"] for b in json.loads(data)["results"]["bindings"]]
    assert status == 200 and values == ["1100", "4000"]


def test_the_page_keeps_the_endpoint_read_only_and_limited(web):
    status, _, body = web.get("/", {"query": "INSERT DATA { <x:a> <x:b> <x:c> }"})
    assert status == 400 and "updates are refused" in body
    status, _, body = web.get("/", {"query": "SELECT * { SERVICE <http://x.example/> {} }"})
    assert status == 400 and "SERVICE" in body
    status, _, body = web.get("/", {"query": "SELECT ?s ?p ?o { ?s ?p ?o }"})
    assert status == 200 and f"cut at the row limit ({MAX_ROWS})" in body
    status, _, body = web.get("/", {"query": "SELECT ?s {", "bind.s": "<x:a>"})
    assert status == 400 and "line 1" in body


def test_an_entity_page_shows_names_class_events_figures_claimants_and_articles(web):
    status, headers, body = web.get("/id/entity/north-korea")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "<h1>Corée du Nord</h1>" in body and "Pyongyang" in body
    assert ">State<" in body or "State</" in body
    assert "Events, in time order (3)" in body
    transfer, casualties = body.index("Arms transfer"), body.index("Casualties")
    assert transfer < casualties  # the dated event first
    assert "M1978 Koksan" in body and ">Volodymyr Zelensky</a>" in body
    assert 'title="https://w3id.org/newskg/id/entity/jcs">comité des chefs' in body
    assert ">4000</span>" in body and ">1100</span>" in body
    assert "Selon Zelensky, 4.000 soldats" in body
    assert "Titre a.txt" in body and 'href="/id/article/' in body
    assert HOSTILE not in body and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in body


def test_event_and_article_pages(web):
    _, _, entity = web.get("/id/entity/north-korea")
    event = entity.split('<div class="kind"><a href="', 1)[1].split('"', 1)[0]
    status, _, body = web.get(event)
    assert status == 200 and event.startswith("/id/event/")
    assert "Claims (1)" in body and "agent" in body and "recipient" in body
    assert "2024-12-17" in body and 'href="/id/entity/jcs"' in body
    article = body.split('<span class="source">— <a href="', 1)[1].split('"', 1)[0]
    status, _, body = web.get(article)
    assert status == 200 and "<h1>Titre a.txt</h1>" in body
    assert "Claims read from it (2)" in body and "Selon le JCS" in body


def test_a_resource_answers_turtle_and_json_ld_under_content_negotiation(web):
    status, headers, body = web.get("/id/entity/north-korea", Accept="text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert headers["Vary"] == "Accept"
    triples = list(ox.parse(body.encode(), format=ox.RdfFormat.TURTLE))
    labels = {t.object.value for t in triples if t.predicate.value.endswith("#label")}
    assert "Corée du Nord" in labels and all(t.subject.value == NK for t in triples)
    assert web.get("/id/entity/north-korea", {"format": "ttl"})[2] == body
    status, headers, data = web.get("/id/entity/north-korea", Accept="application/ld+json")
    assert status == 200 and "ld+json" in headers["Content-Type"]
    assert json.loads(data)
    assert web.get("/id/entity/north-korea", Accept="image/png")[0] == 406


def test_an_event_in_turtle_carries_its_figures(web):
    _, _, entity = web.get("/id/entity/north-korea")
    events = [p.split('"', 1)[0] for p in entity.split('<div class="kind"><a href="')[1:]]
    bodies = [web.get(e, {"format": "nt"})[2] for e in events]
    assert any("/q/killedorwounded>" in b and "4000" in b for b in bodies)


def test_unknown_and_hostile_paths_are_404_and_escaped(web):
    status, _, body = web.get("/id/entity/nowhere")
    assert status == 404 and "/id/entity/nowhere" in body
    status, _, body = web.get("/id/entity/%3Cscript%3Ealert(1)%3C/script%3E")
    assert status == 404 and "<script>alert" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert web.get("/id/entity/x", Accept="text/turtle")[0] == 404
    assert web.get("/id/entity/%FF%FE")[0] == 404
    assert web.get("/id/")[0] == 404


def test_search_finds_entities_by_any_of_their_names_and_escapes_the_text(web):
    status, _, body = web.get("/search", {"q": "pyong"})
    assert status == 200
    assert '<a href="/id/entity/north-korea"' in body and "(as “Pyongyang”)" in body
    status, _, body = web.get("/search", {"q": "COREE du"})  # case and accents do not count
    assert status == 200 and '<a href="/id/entity/north-korea"' in body
    assert "russia" not in body
    status, _, body = web.get("/search", {"q": "<script>x"})
    assert status == 200 and "<script>x" not in body and "&lt;script&gt;x" in body
    _, _, body = web.get("/search", {"q": "onerror"})
    assert HOSTILE not in body and "north-korea" in body


def test_a_claimant_page_lists_what_it_says_happened(web):
    status, _, body = web.get("/id/entity/jcs")
    assert status == 200 and "What it says happened (1)" in body
    assert "Selon le JCS, la Corée du Nord a livré des canons" in body
    assert "claimant of" not in body  # the claims are shown, not listed as IRIs
    claim = body.split('<span class="claimref">[<a href="', 1)[1].split('"', 1)[0]
    status, _, body = web.get(claim)
    assert status == 200 and "<h1>Claim by comité des chefs" in body and "Selon le JCS" in body


def test_search_folds_case_and_accents_as_the_names_are_folded():
    assert fold("Œuvre à SÉOUL’s") == "oeuvre a seoul's"


def test_pages_never_write_even_on_a_read_write_server(out, tmp_path):
    import shutil

    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    client = Client(SparqlServer(copy / "store", port=0, allow_update=True))
    try:
        insert = "INSERT DATA { <http://example.com/a> <http://example.com/p> 1 }"
        status, _, body = client.get("/", {"query": insert})
        assert status == 400 and "updates are refused" in body
        status, _, body = client.get("/", {"query": "ASK { <http://example.com/a> ?p ?o }"})
        assert status == 200 and "<b>false</b>" in body
    finally:
        client.stop()
