"""The documentation's examples run: SPARQL on the committed graph, the KB example loads.

Every ```sparql block of ``docs/*.md`` is run on ``output/graph.ttl`` with
rdflib and with Oxigraph (what ``newskg query`` uses) and must return a row;
the ```turtle block of ``docs/knowledge-base.md`` must load as a user KB file.
The developers' evaluation material beside the repository is not part of it,
so no user-facing file may point there.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from newskg.kb import KnowledgeBase
from newskg.model import EntityKind

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
GRAPH = ROOT / "output" / "graph.ttl"
_FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```", re.M | re.S)


def fenced(path: Path, language: str) -> list[str]:
    """The bodies of the ``language`` code blocks of a Markdown file, in order."""
    return [body for lang, body in _FENCE.findall(path.read_text("utf-8")) if lang == language]


SPARQL = [
    pytest.param(query, id=f"{path.stem}-{n}")
    for path in sorted(DOCS.glob("*.md"))
    for n, query in enumerate(fenced(path, "sparql"), start=1)
]


@cache
def rdflib_graph() -> Graph:
    return Graph().parse(GRAPH, format="turtle")


@cache
def oxigraph_store() -> ox.Store:
    store = ox.Store()
    store.load(path=str(GRAPH), format=ox.RdfFormat.TURTLE)
    return store


def test_the_docs_exist_and_hold_sparql_examples() -> None:
    for name in ("data-model.md", "inputs.md", "knowledge-base.md"):
        assert (DOCS / name).is_file(), name
    assert len(fenced(DOCS / "data-model.md", "sparql")) >= 7


@pytest.mark.parametrize("query", SPARQL)
def test_sparql_example_returns_rows_with_rdflib(query: str) -> None:
    rows = list(rdflib_graph().query(query))
    assert rows, "the example returns no row on output/graph.ttl"


@pytest.mark.parametrize("query", SPARQL)
def test_sparql_example_returns_rows_with_oxigraph(query: str) -> None:
    result = oxigraph_store().query(query)
    assert isinstance(result, ox.QuerySolutions), "the examples are SELECT queries"
    assert list(result), "the example returns no row on output/graph.ttl"


def test_the_sparql_examples_declare_their_prefixes() -> None:
    for param in SPARQL:
        query = param.values[0]
        declared = set(re.findall(r"(?im)^\s*PREFIX\s+(\w*):", query))
        used = set(re.findall(r"(?<![\w<\"'#/])([a-z]+):[A-Za-z]", query))
        assert used <= declared, (param.id, sorted(used - declared))


def test_the_knowledge_base_example_loads(tmp_path: Path) -> None:
    blocks = fenced(DOCS / "knowledge-base.md", "turtle")
    assert blocks, "docs/knowledge-base.md has no ```turtle example"
    paths = []
    for n, block in enumerate(blocks):
        path = tmp_path / f"example-{n}.ttl"
        path.write_text(block, encoding="utf-8")
        paths.append(path)
    kb = KnowledgeBase.load(paths)
    expected = {
        "somaliland": EntityKind.STATE,
        "somaliland-armed-forces": EntityKind.ARMED_FORCE,
        "abdirahman-irro": EntityKind.PERSON,
        "bayraktar-akinci": EntityKind.WEAPON_SYSTEM,
    }
    for key, kind in expected.items():
        entity = kb.get(key)
        assert entity is not None, key
        assert entity.kind is kind, (key, entity.kind)
    # What the page says the example does.
    assert kb.get("somaliland-armed-forces").affiliation == "somaliland"
    assert kb.get("abdirahman-irro").affiliation == "somaliland"
    assert kb.get("bayraktar-akinci").origin == "turkey"
    assert kb.get("hargeisa").seat_of == "somaliland"
    assert kb.state_for_demonym("somalilandaises").key == "somaliland"
    assert [e.key for e in kb.lookup("armée somalilandaise")] == ["somaliland-armed-forces"]
    # Added to a bundled entry, which keeps its class and labels.
    assert "République de Turquie" in kb.get("turkey").aliases
    assert kb.get("turkey").kind is EntityKind.STATE
    assert kb.get("turkey").label("fr") == KnowledgeBase.load().get("turkey").label("fr")


def test_the_knowledge_base_example_adds_entities_the_bundled_kb_lacks() -> None:
    bundled = KnowledgeBase.load()
    for key in ("somaliland", "somaliland-armed-forces", "abdirahman-irro", "bayraktar-akinci"):
        assert bundled.get(key) is None, f"kb:{key} is bundled now: pick another example"
    assert "République de Turquie" not in bundled.get("turkey").aliases


# Files users read or run; CONTRIBUTING.md is for developers and may name the workspace.
USER_FACING = ["README.md", "docs", "notebooks", "shapes", "ontology", "queries", "src"]
_NEEDLE = "../" + "shared"  # spelt in two pieces so that this file does not match itself


def _files(name: str) -> list[Path]:
    path = ROOT / name
    if path.is_file():
        return [path]
    return sorted(
        p
        for p in path.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and ".ipynb_checkpoints" not in p.parts
    )


def test_no_user_facing_file_points_to_the_developers_workspace() -> None:
    offenders = []
    for name in USER_FACING:
        files = _files(name)
        assert files, name
        for path in files:
            data = path.read_bytes()
            if _NEEDLE.encode() in data:
                offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, f"{_NEEDLE} in {offenders}"
