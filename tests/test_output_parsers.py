"""Three independent parsers read the graph alike: rdflib, Oxigraph and Raptor (``rapper``).

The committed ``output/graph.ttl`` and its N-Triples, what the readers make of
hostile inputs, and the output of a build over ``tests/data/hostile`` must give
the same triples to all three. A parser that is lenient where another is
strict (an escape, a control character, a prefixed name) shows up here.

Raptor is the Debian package ``raptor2-utils``. Without it the rapper part is
skipped, unless ``NEWSKG_REQUIRE_RAPPER`` is set (CI sets it), which makes a
missing ``rapper`` a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "output" / "graph.ttl"
HOSTILE = ROOT / "tests" / "data" / "hostile"

_SYNTAX = {".ttl": ("turtle", "turtle", pyoxigraph.RdfFormat.TURTLE)}
_SYNTAX[".nt"] = ("ntriples", "nt", pyoxigraph.RdfFormat.N_TRIPLES)


def _rapper() -> str | None:
    """The ``rapper`` executable; skip (or fail, under NEWSKG_REQUIRE_RAPPER) without it."""
    found = shutil.which("rapper")
    if found is None and os.environ.get("NEWSKG_REQUIRE_RAPPER", "") not in ("", "0"):
        pytest.fail("NEWSKG_REQUIRE_RAPPER is set but rapper is not on PATH (apt raptor2-utils)")
    return found


def _with_ntriples(turtle: Path, folder: Path) -> list[Path]:
    """``turtle`` and its N-Triples, written by Oxigraph.

    Not by rdflib: it rewrites lexical forms (``"2026-01-01T00:00:00Z"`` becomes
    ``"...+00:00"``), the same value but, for Oxigraph and rapper, another term.
    """
    ntriples = folder / f"{turtle.stem}.nt"
    triples = pyoxigraph.parse(path=str(turtle), format=pyoxigraph.RdfFormat.TURTLE)
    pyoxigraph.serialize(triples, output=str(ntriples), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return [turtle, ntriples]


def _rapper_read(rapper: str, path: Path) -> tuple[int, Graph]:
    """``rapper``'s triple count for ``path`` and what it read, re-parsed from its N-Triples."""
    syntax = _SYNTAX[path.suffix][0]
    done = subprocess.run(
        [rapper, "-i", syntax, "-o", "ntriples", str(path)],
        capture_output=True,
        timeout=300,
        check=False,
    )
    stderr = done.stderr.decode("utf-8", "replace")
    # rapper exits 1 on an error, 2 on a warning: both fail.
    assert done.returncode == 0, f"rapper on {path.name} (exit {done.returncode}):\n{stderr}"
    count = re.search(r"Parsing returned (\d+) triples?", stderr)
    assert count, stderr
    return int(count.group(1)), Graph().parse(data=done.stdout, format="nt")


def _three_parsers(paths: list[Path]) -> dict[str, dict[str, int]]:
    """Triple counts per file and parser; the parsers must agree on the triples themselves."""
    rapper = _rapper()
    reference = Graph().parse(paths[0], format=_SYNTAX[paths[0].suffix][1])
    reference_nt = {str(t) for t in pyoxigraph.parse(path=str(paths[0]), format=_SYNTAX[".ttl"][2])}
    counts: dict[str, dict[str, int]] = {}
    for path in paths:
        _, rdflib_format, oxigraph_format = _SYNTAX[path.suffix]
        by_rdflib = Graph().parse(path, format=rdflib_format)
        by_oxigraph = {str(t) for t in pyoxigraph.parse(path=str(path), format=oxigraph_format)}
        assert isomorphic(by_rdflib, reference), f"rdflib reads {path.name} differently"
        assert by_oxigraph == reference_nt, f"Oxigraph reads {path.name} differently"
        counts[path.name] = {"rdflib": len(by_rdflib), "oxigraph": len(by_oxigraph)}
        if rapper is not None:
            count, by_rapper = _rapper_read(rapper, path)
            assert isomorphic(by_rapper, reference), f"rapper reads {path.name} differently"
            counts[path.name]["rapper"] = count
    for name, per_parser in counts.items():
        assert len(set(per_parser.values())) == 1, f"{name}: {per_parser}"
    if rapper is None:
        pytest.skip(
            f"rdflib and Oxigraph agree ({counts}); rapper is not installed (Debian package "
            "raptor2-utils), set NEWSKG_REQUIRE_RAPPER=1 to fail instead of skipping"
        )
    return counts


def _more_hostile_inputs(folder: Path) -> Path:
    """Inputs that cannot be committed: a file name that is not UTF-8, NUL and noncharacters."""
    folder.mkdir()
    name = os.fsdecode(b'caf\xe9 <"x"> \\.txt')  # Latin-1 bytes, quotes, a backslash
    (folder / name).write_text("Le Japon a livré des chars à la Pologne, selon Tokyo.", "utf-8")
    record = {
        "id": 'n\x00ul\x1f\u202e\\\n<>"\uffff',
        "title": "t\x00\x07 $\\frac{a}{b}$ \u202eRTL\ufeff <script>alert(1)</script>",
        "publisher": "p\x0b\x1b",
        "url": "http://a b/<x>",
        "text": "Le Chili a livré\x00 des drones\ufffe à l'Argentine, selon Santiago.",
        "date": "0001-01-01",
    }
    (folder / "records.jsonl").write_text(json.dumps(record) + "\n", "utf-8")
    return folder


def test_three_parsers_read_the_committed_graph_alike(tmp_path):
    counts = _three_parsers(_with_ntriples(COMMITTED, tmp_path))
    assert all(n == len(Graph().parse(COMMITTED)) > 0 for c in counts.values() for n in c.values())


def test_three_parsers_read_hostile_articles_alike(tmp_path):
    # Without spaCy: what the readers make of hostile inputs, as the graph states it.
    from newskg.io import read_inputs
    from newskg.model import Article
    from newskg.namespaces import NKG, SCHEMA
    from newskg.rdf.export import bind_prefixes, serialize_turtle
    from newskg.rdf.iris import IriMinter

    base = "https://w3id.org/newskg/id/"
    minter = IriMinter(base)
    g = bind_prefixes(Graph(), base)
    inputs = [HOSTILE, _more_hostile_inputs(tmp_path / "more")]
    articles = [a for a in read_inputs(inputs, language=None) if isinstance(a, Article)]
    assert len(articles) >= 5
    for a in articles:
        node = minter.article(a.identifier)
        g.add((node, RDF.type, NKG.Article))
        g.add((node, DCTERMS.identifier, Literal(a.identifier)))
        g.add((node, DCTERMS.title, Literal(a.title or "", lang=a.language or "fr")))
        g.add((node, SCHEMA.articleBody, Literal(a.original)))
        g.add((node, NKG.quote, Literal(a.text, lang="fr")))
        for value in (a.publisher, a.url):
            if value:
                g.add((node, DCTERMS.publisher, Literal(value)))
    turtle = tmp_path / "articles.ttl"
    turtle.write_bytes(serialize_turtle(g))
    counts = _three_parsers(_with_ntriples(turtle, tmp_path))
    assert {n for c in counts.values() for n in c.values()} == {len(g)}


@pytest.mark.model
def test_three_parsers_read_a_hostile_build_alike(tmp_path):
    from newskg.config import BuildConfig
    from newskg.pipeline import build

    inputs = [HOSTILE, _more_hostile_inputs(tmp_path / "more")]
    report = build(inputs, BuildConfig(output_dir=tmp_path / "out", validate=False))
    assert report.built >= 5  # names.txt, page.html, weird.jsonl:1 and the two above
    turtle = tmp_path / "out" / "graph.ttl"
    counts = _three_parsers(_with_ntriples(turtle, tmp_path))
    assert {n for c in counts.values() for n in c.values()} == {report.triples}
