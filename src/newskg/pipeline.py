"""Build orchestration: inputs -> articles -> spaCy -> extraction -> RDF -> outputs.

Orchestration only: each step lives in its own module. A bad input or an
article whose extraction fails is reported (:class:`BuildReport.skipped`)
and the build goes on with the rest.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from newskg import __version__
from newskg.config import BuildConfig
from newskg.errors import InputError
from newskg.io import read_inputs
from newskg.kb import KnowledgeBase
from newskg.model import Article, ArticleResult
from newskg.rdf.convert import BuildActivity, GraphAssembler
from newskg.rdf.export import serialize_turtle, write_atomic
from newskg.rdf.iris import digest

if TYPE_CHECKING:
    from newskg.validate import ValidationResult

__all__ = ["BuildReport", "build", "build_timestamps"]

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]


@dataclass(slots=True)
class BuildReport:
    """What a build did: counts, skipped inputs with reasons, outputs, timing."""

    read: int = 0
    built: int = 0
    skipped: list[InputError] = field(default_factory=list)
    entities: int = 0
    events: int = 0
    claims: int = 0
    triples: int = 0
    seconds: float = 0.0
    graph_path: Path | None = None
    graph_changed: bool = True
    validation: ValidationResult | None = None

    @property
    def skipped_by_reason(self) -> dict[str, int]:
        return dict(sorted(Counter(e.reason for e in self.skipped).items()))


def build_timestamps(started: float, ended: float) -> tuple[datetime, datetime]:
    """Build times, or ``SOURCE_DATE_EPOCH`` for both when it is set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and epoch.strip().isdigit():
        fixed = datetime.fromtimestamp(int(epoch), tz=UTC)
        return fixed, fixed
    return (
        datetime.fromtimestamp(round(started), tz=UTC),
        datetime.fromtimestamp(round(ended), tz=UTC),
    )


def _extract_all(
    articles: Sequence[Article],
    config: BuildConfig,
    kb: KnowledgeBase,
    report: BuildReport,
    progress: Progress | None,
) -> tuple[list[ArticleResult], str, str]:
    from newskg.extract.article import extract_article  # noqa: PLC0415  (spaCy-heavy)
    from newskg.nlp import load_pipeline, parse  # noqa: PLC0415

    nlp, info = load_pipeline(config.model, kb)
    results = []
    texts = (a.text for a in articles)
    for n, (article, doc) in enumerate(
        zip(articles, parse(nlp, texts, batch_size=config.batch_size), strict=True), 1
    ):
        try:
            results.append(extract_article(article, doc, kb))
        except Exception as exc:  # isolate one article's failure; report it by name
            log.exception("extraction failed for %s", article.identifier)
            report.skipped.append(
                InputError(article.identifier, "extraction", f"extraction failed: {exc!r}")
            )
        if progress:
            progress(article.identifier, n, len(articles))
    return results, info.name, info.version


def build(
    paths: Sequence[Path], config: BuildConfig, *, progress: Progress | None = None
) -> BuildReport:
    """Build the graph of the articles under ``paths`` into ``config.output_dir``."""
    t0 = time.time()
    report = BuildReport()
    kb = KnowledgeBase.load(config.kb_paths, bundled=config.use_bundled_kb)
    articles: list[Article] = []
    for item in read_inputs(paths, max_bytes=config.max_bytes, language=config.language):
        if isinstance(item, InputError):
            report.skipped.append(item)
            log.warning("skipped %s", item)
        else:
            articles.append(item)
    report.read = len(articles) + len(report.skipped)
    results, model_name, model_version = _extract_all(articles, config, kb, report, progress)
    report.built = len(results)

    assembler = GraphAssembler(config.base_iri, kb)
    for r in results:
        assembler.add(r)
    build_digest = digest(
        __version__,
        model_name,
        model_version,
        kb.digest,
        config.base_iri,
        *sorted(a.content_hash for a in articles),
        length=64,
    )
    content = assembler.graph(None)
    content_bytes = serialize_turtle(content)
    content_digest = digest(build_digest, content_bytes.decode("utf-8"), length=64)
    started, ended = build_timestamps(t0, time.time())
    activity = BuildActivity(build_digest, started, ended, __version__, model_name, model_version)
    graph = assembler.graph(activity)
    _count(report, graph)
    report.graph_path = config.graph_path
    report.graph_changed = _write_outputs(config, graph, content_digest)
    if config.validate:
        report.validation = _validate(config, graph)
    report.seconds = time.time() - t0
    return report


def _count(report: BuildReport, g: Graph) -> None:
    from rdflib.namespace import RDF  # noqa: PLC0415

    from newskg.namespaces import NKG  # noqa: PLC0415

    report.triples = len(g)
    report.claims = len(set(g.subjects(RDF.type, NKG.Claim)))
    report.events = len(set(g.objects(None, NKG.asserts)))
    report.entities = len(set(g.objects(None, NKG.mentions)))


def _write_outputs(config: BuildConfig, graph: Graph, content_digest: str) -> bool:
    """Write graph.ttl unless the previous build produced the same content.

    The manifest records the digest of the content (everything but the
    build's timestamps); an unchanged graph is left as it is, so two builds
    of the same input give byte-identical output.
    """
    manifest = config.output_dir / "build.json"
    previous = None
    if manifest.exists() and config.graph_path.exists():
        try:
            previous = json.loads(manifest.read_text(encoding="utf-8")).get("content_digest")
        except (OSError, ValueError):
            previous = None
    if previous == content_digest:
        return False
    write_atomic(config.graph_path, serialize_turtle(graph))
    record = {"content_digest": content_digest, "newskg": __version__}
    write_atomic(manifest, (json.dumps(record, indent=2, sort_keys=True) + "\n").encode())
    return True


def _validate(config: BuildConfig, graph: Graph) -> ValidationResult:
    from newskg.validate import validate, write_report  # noqa: PLC0415  (pySHACL: slow)

    result = validate(graph)
    write_report(result, config.output_dir / "validation.ttl")
    return result
