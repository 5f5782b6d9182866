"""Build orchestration: inputs -> articles -> spaCy -> extraction -> RDF -> store -> outputs.

Orchestration only: each step lives in its own module. A bad input or an
article whose extraction fails is reported (:class:`BuildReport.skipped`)
and the build goes on with the rest.

Builds are incremental: an article whose extraction is cached
(:mod:`newskg.cache`) is not parsed again, and spaCy is not even loaded when
every article is. The graph is then assembled from all the articles'
results, so it always equals a fresh build's, written to the Oxigraph store
in one transaction (:mod:`newskg.store`), and ``graph.ttl`` is exported from
the store. The graph mirrors the inputs of the build: an article left out of
them leaves the store.
"""

from __future__ import annotations

import importlib.util
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
from newskg.cache import ExtractionCache, extractor_fingerprint
from newskg.config import BuildConfig
from newskg.errors import InputError, NewskgError
from newskg.io import read_inputs
from newskg.kb import KnowledgeBase
from newskg.model import Article, ArticleResult
from newskg.rdf.convert import BuildActivity, GraphAssembler
from newskg.rdf.export import serialize_turtle, write_atomic
from newskg.rdf.iris import digest
from newskg.store import GraphStore, lock_output

if TYPE_CHECKING:
    from spacy.language import Language

    from newskg.nlp import ModelInfo
    from newskg.validate import ValidationResult

__all__ = ["BuildReport", "build", "build_timestamps", "installed_model"]

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]


@dataclass(slots=True)
class BuildReport:
    """What a build did: counts, skipped inputs with reasons, outputs, timing."""

    read: int = 0
    built: int = 0
    parsed: int = 0
    cached: int = 0
    skipped: list[InputError] = field(default_factory=list)
    entities: int = 0
    events: int = 0
    claims: int = 0
    triples: int = 0
    seconds: float = 0.0
    graph_path: Path | None = None
    graph_changed: bool = True
    store_path: Path | None = None
    store_changed: bool = True
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


def installed_model(model: str) -> tuple[str, str] | None:
    """Name and version of an installed spaCy pipeline, read from its ``meta.json``.

    Reads the package's files without importing spaCy (a build whose
    articles are all cached never loads it); ``None`` when the pipeline
    cannot be found that way. Gives the same name and version as
    :func:`newskg.nlp.load_pipeline`.
    """
    path = Path(model)
    candidates = [path / "meta.json"] if path.is_dir() else []
    if not candidates:
        try:
            spec = importlib.util.find_spec(model)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.submodule_search_locations:
            candidates = [Path(p) / "meta.json" for p in spec.submodule_search_locations]
    for candidate in candidates:
        try:
            meta = json.loads(candidate.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        return f"{meta.get('lang', 'xx')}_{meta.get('name', model)}", str(meta.get("version", ""))
    return None


def _load_nlp(config: BuildConfig, kb: KnowledgeBase) -> tuple[Language, ModelInfo]:
    from newskg.nlp import load_pipeline  # noqa: PLC0415  (spaCy-heavy)

    return load_pipeline(config.model, kb)


def _extract_all(
    articles: Sequence[Article],
    config: BuildConfig,
    kb: KnowledgeBase,
    report: BuildReport,
    on_done: Callable[[Article, ArticleResult | None], None],
) -> tuple[str, str]:
    """Parse and extract ``articles``; call ``on_done`` for each (``None`` when it failed)."""
    from newskg.extract.article import extract_article  # noqa: PLC0415  (spaCy-heavy)
    from newskg.nlp import parse  # noqa: PLC0415

    nlp, info = _load_nlp(config, kb)
    texts = (a.text for a in articles)
    for article, doc in zip(articles, parse(nlp, texts, batch_size=config.batch_size), strict=True):
        try:
            result = extract_article(article, doc, kb)
        except Exception as exc:  # isolate one article's failure; report it by name
            log.exception("extraction failed for %s", article.identifier)
            report.skipped.append(
                InputError(article.identifier, "extraction", f"extraction failed: {exc!r}")
            )
            result = None
        on_done(article, result)
    return info.name, info.version


def build(
    paths: Sequence[Path], config: BuildConfig, *, progress: Progress | None = None
) -> BuildReport:
    """Build the graph of the articles under ``paths`` into ``config.output_dir``.

    Holds the output folder's lock for the whole build: raises
    :class:`~newskg.errors.StoreError` at once when another build, or a
    running ``newskg serve``, uses it.
    """
    with lock_output(config.output_dir, exclusive=True):
        return _build(paths, config, progress)


def _build(paths: Sequence[Path], config: BuildConfig, progress: Progress | None) -> BuildReport:
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

    model = installed_model(config.model)
    if model is None:  # not an installed package: ask spaCy
        _, info = _load_nlp(config, kb)
        model = info.name, info.version
    model_name, model_version = model
    cache = ExtractionCache(config.cache_path, extractor_fingerprint(*model, kb.digest))
    results: dict[int, ArticleResult] = {}  # by id() of the article: keeps the input order
    misses: list[Article] = []
    done = 0

    def finished(article: Article, result: ArticleResult | None) -> None:
        nonlocal done
        done += 1
        if result is not None:
            results[id(article)] = result
        if progress:
            progress(article.identifier, done, len(articles))

    for article in articles:
        cached = cache.get(article)
        if cached is None:
            misses.append(article)
        else:
            finished(article, cached)
    report.cached = len(results)
    if misses:

        def extracted(article: Article, result: ArticleResult | None) -> None:
            if result is not None:
                cache.put(result)
                report.parsed += 1
            finished(article, result)

        loaded = _extract_all(misses, config, kb, report, extracted)
        if loaded != model:
            raise NewskgError(
                f"spaCy loaded {loaded[0]} {loaded[1]} where {config.model!r} "
                f"declares {model_name} {model_version}; reinstall the pipeline"
            )
    report.built = len(results)

    assembler = GraphAssembler(config.base_iri, kb)
    for article in articles:
        if id(article) in results:
            assembler.add(results[id(article)])
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
    report.store_path = config.store_path
    with GraphStore(config.store_path) as store:
        report.store_changed = store.replace(graph).changed
        stored = store.graph(config.base_iri)
    report.graph_changed = _write_outputs(config, stored, content_digest)
    cache.keep(articles)
    if config.validate:
        report.validation = _validate(config, stored)
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
    """Write graph.ttl (the store's content) unless the previous build produced the same content.

    The manifest records the digest of the content (everything but the
    build's timestamps); an unchanged graph is left as it is, so two builds
    of the same input give byte-identical output. The manifest is written
    last: a build interrupted before it rewrites graph.ttl next time.
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
