"""Build orchestration: inputs -> articles -> spaCy -> extraction -> RDF -> store -> outputs.

Orchestration only: each step lives in its own module. A bad input or an
article whose extraction fails is reported (:class:`BuildReport.skipped`)
and the build goes on with the rest.

The build streams. Articles are read one at a time; an article whose
extraction is cached (:mod:`newskg.cache`) is taken from the cache, the
others go in batches to the engine (:mod:`newskg.engine`: this process,
worker processes, or Dask) and their results are cached as they come back,
so an interrupted build resumes where it stopped. Each article's own node
goes straight into a new Oxigraph store; only its claims and entity names
stay in memory for the cross-article steps (the event merge), after which
the rest of the graph is written. ``graph.ttl`` is exported from the new
store (sorted, by Oxigraph), the store is validated, and the new store
replaces the old one (:class:`~newskg.store.StoreGeneration`) unless the
content is the same; ``build.json`` is written last. The graph mirrors the
inputs of the build: an article left out of them leaves the store.
"""

from __future__ import annotations

import glob
import importlib.util
import json
import logging
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from newskg import __version__
from newskg.cache import ExtractionCache, extractor_fingerprint, result_from_json
from newskg.config import BuildConfig
from newskg.engine import ExtractSettings, run_engine
from newskg.engine.pieces import piece_chars
from newskg.errors import InputError, NewskgError, StoreError
from newskg.io import read_inputs
from newskg.kb import KnowledgeBase
from newskg.model import Article, ArticleResult
from newskg.rdf.convert import BuildActivity, GraphAssembler
from newskg.rdf.export import write_atomic
from newskg.rdf.iris import digest
from newskg.store import StoreGeneration, lock_output, read_store_digest, write_store_turtle

if TYPE_CHECKING:
    from newskg.shacl import ValidationResult

__all__ = ["BuildReport", "NothingBuiltError", "build", "build_timestamps", "installed_model"]

log = logging.getLogger(__name__)

# Called after each input is done (built or skipped) with its name, the number
# of inputs done so far, and the total when known (None: the caller's count).
Progress = Callable[[str, int, int | None], None]


@dataclass(slots=True)
class BuildReport:
    """What a build did: counts, skipped inputs with reasons, outputs, timing."""

    read: int = 0
    built: int = 0
    parsed: int = 0
    cached: int = 0
    skipped: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
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


class NothingBuiltError(NewskgError):
    """No article could be built, and an empty graph was not asked for: nothing was written.

    A build replaces the graph with exactly the articles of its inputs, so a
    build of an empty folder, of a mistyped glob or of files that are all
    skipped would otherwise replace a full graph by an empty one. The store,
    ``graph.ttl``, the reports and the cache are left as they were;
    ``report`` says what was read and skipped. ``allow_empty=True``
    (``newskg build --allow-empty``) builds the empty graph on purpose.
    """

    def __init__(self, report: BuildReport) -> None:
        skipped = len(report.skipped)
        what = (
            f"all {report.read} input(s) were skipped"
            if skipped
            else "no article was found in the inputs"
        )
        super().__init__(
            f"no article could be built ({what}); the graph and store are left as they were "
            "(--allow-empty builds an empty graph on purpose)"
        )
        self.report = report


def _source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` (seconds since 1970) when it is set to an integer, else ``None``."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and epoch.strip().isdigit():
        return int(epoch)
    return None


def build_timestamps(started: float, ended: float) -> tuple[datetime, datetime]:
    """Build times, or ``SOURCE_DATE_EPOCH`` for both when it is set (reproducible builds)."""
    epoch = _source_date_epoch()
    if epoch is not None:
        fixed = datetime.fromtimestamp(epoch, tz=UTC)
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


def build(
    paths: Sequence[Path],
    config: BuildConfig,
    *,
    progress: Progress | None = None,
    allow_empty: bool = False,
) -> BuildReport:
    """Build the graph of the articles under ``paths`` into ``config.output_dir``.

    Holds the output folder's lock for the whole build: raises
    :class:`~newskg.errors.StoreError` at once when another build, or a
    running ``newskg serve``, uses it. Raises :class:`NothingBuiltError`,
    leaving every output as it was, when no article could be built, unless
    ``allow_empty`` (then the graph holds no article).
    """
    with lock_output(config.output_dir, exclusive=True):
        return _build(paths, config, progress, allow_empty)


def _model(config: BuildConfig, kb: KnowledgeBase) -> tuple[str, str]:
    model = installed_model(config.model)
    if model is None:  # not an installed package: ask spaCy
        from newskg.nlp import load_pipeline  # noqa: PLC0415  (spaCy-heavy)

        _, info = load_pipeline(config.model, kb)
        model = info.name, info.version
    return model


def _build(
    paths: Sequence[Path], config: BuildConfig, progress: Progress | None, allow_empty: bool
) -> BuildReport:
    t0 = time.time()
    _remove_leftovers(config)
    report = BuildReport(graph_path=config.graph_path, store_path=config.store_path)
    kb = KnowledgeBase.load(config.kb_paths, bundled=config.use_bundled_kb)
    model = _model(config, kb)
    fingerprint = extractor_fingerprint(
        *model, kb.digest, f"max_entities={config.max_entities}", f"piece_chars={piece_chars()}"
    )
    cache = ExtractionCache(config.cache_path, fingerprint)
    settings = ExtractSettings(config.model, kb, config.batch_size, config.max_entities)
    assembler = GraphAssembler(config.base_iri, kb)
    if config.validate:
        _prepare_validation()
    hashes: list[str] = []
    keys: list[str] = []

    mirror = validate_in_memory_bound() if config.validate else 0
    with StoreGeneration(config.store_path, keep_lines=True, mirror_quads=mirror) as generation:

        def done(name: str) -> None:
            """Tell ``progress`` one more input is done: built or skipped, so the count
            reaches the total of inputs the caller counted."""
            if progress:
                progress(name, report.built + len(report.skipped), None)

        def accept(article: Article, result: ArticleResult) -> None:
            assembler.add(result, keep_article=False)
            generation.add(
                assembler.iris.article(article.identifier), assembler.article_graph(result)
            )
            # the copy kept for the validation is dropped as soon as the graph is sure
            # to pass its bound, not at the end: it no longer grows with the articles
            generation.expect(assembler.added_quads_floor)
            report.warnings.extend(f"{article.identifier}: {w}" for w in result.warnings)
            report.built += 1
            done(article.identifier)

        def to_parse() -> Iterator[Article]:
            """The articles read, cached ones accepted on the way, the others passed on."""
            for item in read_inputs(paths, max_bytes=config.max_bytes, language=config.language):
                report.read += 1
                if isinstance(item, InputError):
                    report.skipped.append(item)
                    log.warning("skipped %s", item)
                    done(item.source)
                    continue
                hashes.append(item.content_hash)
                keys.append(cache.key(item))
                cached = cache.get(item, key=keys[-1])
                if cached is None:
                    yield item
                else:
                    report.cached += 1
                    accept(item, cached)

        for article, outcome in run_engine(
            to_parse(),
            settings,
            engine=config.engine,
            workers=config.workers,
            scheduler=config.scheduler,
        ):
            if outcome.model != model:
                raise NewskgError(
                    f"spaCy loaded {outcome.model[0]} {outcome.model[1]} where "
                    f"{config.model!r} declares {model[0]} {model[1]}; reinstall the pipeline"
                )
            if outcome.result is None:
                report.skipped.append(
                    InputError(article.identifier, "extraction", outcome.error or "failed")
                )
                done(article.identifier)
                continue
            result = result_from_json(outcome.result, article)
            cache.put(result)
            report.parsed += 1
            accept(article, result)

        if report.built == 0 and not allow_empty:  # leaving the with block discards the new store
            report.seconds = time.time() - t0
            raise NothingBuiltError(report)

        build_digest = digest(
            __version__,
            *model,
            kb.digest,
            config.base_iri,
            str(config.max_entities),
            *sorted(hashes),
            length=64,
        )
        started, ended = build_timestamps(t0, time.time())
        activity = BuildActivity(build_digest, started, ended, __version__, *model)
        # a graph that will pass the bound of the copy kept for the validation
        # loses its copy now, not at the bound, beside the cross-article stage
        generation.expect(assembler.shared_quads_floor(activity))
        for name, part in assembler.shared_graphs(activity):
            generation.add(name, part)
        generation.flush()
        for what, n in assembler.counts.items():
            setattr(report, what, n)

        pending = config.output_dir / f".{config.graph_path.name}.new"
        # The validation runs in a thread while graph.ttl is written: Oxigraph answers
        # its queries without the GIL, so they overlap the export's Python work.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="newskg-validate") as side:
            checked = (
                side.submit(_validate, generation.oxigraph, generation.mirror)
                if config.validate
                else None
            )
            # graph.ttl from the triples gathered while the store was written: not read again
            triples = write_store_turtle(
                generation.oxigraph, pending, base=config.base_iri, lines=generation.lines
            )
            if checked is not None:
                report.validation = checked.result()
        generation.drop_mirror()
        report.triples = triples.count
        content_digest = digest(build_digest, triples.digest, length=64)
        # The digest leaves the build's timestamps out, so that an unchanged build
        # leaves the outputs alone (whatever times they carry); under a fixed
        # SOURCE_DATE_EPOCH, outputs stamped with other times are rewritten.
        epoch = _source_date_epoch()
        stamp = content_digest if epoch is None else f"{content_digest} {epoch}"
        store_same = _same_build(read_store_digest(config.store_path), content_digest, epoch)
        graph_same = _same_build(_previous_digest(config), content_digest, epoch)
        report.store_changed, report.graph_changed = not store_same, not graph_same
        if store_same:
            generation.discard()
        else:
            generation.commit(stamp)
        if graph_same:
            pending.unlink(missing_ok=True)
        else:
            (config.output_dir / "build.json").unlink(missing_ok=True)  # it vouches for graph.ttl
            _replace_graph(pending, config.graph_path)
    if report.validation is not None:
        _write_report(report.validation, config.output_dir / "validation.ttl")
    if not graph_same:
        record: dict[str, str | int] = {"content_digest": content_digest, "newskg": __version__}
        if epoch is not None:
            record["source_date_epoch"] = epoch
        manifest = (json.dumps(record, indent=2, sort_keys=True) + "\n").encode()
        write_atomic(config.output_dir / "build.json", manifest)
    cache.keep(keys)
    report.seconds = time.time() - t0
    return report


def _remove_leftovers(config: BuildConfig) -> None:
    """Remove the temporary files a killed build left (the lock is held: none is in use).

    :func:`~newskg.rdf.export.write_atomic` and the sorted Turtle export write
    ``.NAME.XXXXXXXX.tmp`` (and ``.nt``, ``.body``) beside their output; the
    new store (``.store.new-PID``) is :class:`~newskg.store.StoreGeneration`'s.
    """
    graph = config.graph_path.name
    for name in (graph, f".{graph}.new", "build.json", "validation.ttl"):
        for stale in config.output_dir.glob(f".{glob.escape(name)}.*"):
            if stale.suffix in (".tmp", ".nt", ".body") and stale.is_file():
                stale.unlink(missing_ok=True)
    for stale in config.cache_path.glob(".*.json.*.tmp"):
        stale.unlink(missing_ok=True)


def _replace_graph(pending: Path, graph_path: Path) -> None:
    os.replace(pending, graph_path)


def _same_build(recorded: str | None, content_digest: str, epoch: int | None) -> bool:
    """Whether an output stamped ``recorded`` ("DIGEST" or "DIGEST EPOCH") needs no rewrite.

    The content must be the same; under a fixed ``SOURCE_DATE_EPOCH`` the output
    must also have been built with that epoch (else its timestamps differ).
    """
    if not recorded:
        return False
    digest_part, _, epoch_part = recorded.partition(" ")
    if digest_part != content_digest:
        return False
    return epoch is None or epoch_part == str(epoch)


def _previous_digest(config: BuildConfig) -> str | None:
    """The stamp of the previous ``graph.ttl`` ("DIGEST" or "DIGEST EPOCH"), from its manifest.

    The manifest is removed before ``graph.ttl`` is replaced and written last:
    a build interrupted in between leaves none, and the next build writes
    ``graph.ttl`` again.
    """
    manifest = config.output_dir / "build.json"
    if not config.graph_path.exists():
        return None
    try:
        record = json.loads(manifest.read_text(encoding="utf-8"))
        digest_part = record.get("content_digest")
        epoch = record.get("source_date_epoch")
    except (OSError, ValueError, AttributeError):
        return None
    if not isinstance(digest_part, str):
        return None
    return digest_part if epoch is None else f"{digest_part} {epoch}"


def _prepare_validation() -> None:
    from newskg.shacl import prepare  # noqa: PLC0415  (pySHACL: slow to import)

    prepare()


# A graph of up to this many quads is validated in a copy held in memory (the copy
# the build keeps while it writes its store): Oxigraph answers the
# validation's queries faster from memory than from its store on disk (at 2.86M
# quads ~20 s against ~56 s; ~9 s against ~45 s at 1M quads before the queries
# on disk read each property in one scan), for ~440 bytes a quad. Larger graphs are
# validated on disk, so that the build's memory stays bounded whatever the corpus.
# $NEWSKG_VALIDATE_IN_MEMORY sets the bound (0: always on disk).
VALIDATE_IN_MEMORY_ENV = "NEWSKG_VALIDATE_IN_MEMORY"
VALIDATE_IN_MEMORY_QUADS = 1_000_000


def validate_in_memory_bound(default: int = VALIDATE_IN_MEMORY_QUADS) -> int:
    """The largest graph (quads) validated in memory: ``$NEWSKG_VALIDATE_IN_MEMORY`` when
    set to a whole number (``0``: none), else ``default``."""
    value = os.environ.get(VALIDATE_IN_MEMORY_ENV, "").strip().replace("_", "")
    return int(value) if value.isdigit() else default


def _validate(store: ox.Store, mirror: ox.Store | None = None) -> ValidationResult:
    """Check the new store against the shapes.

    ``mirror``, when given, is the copy in memory of the store's quads that
    the build keeps while it writes the store (up to
    :func:`validate_in_memory_bound` quads): it is validated instead, and
    may be changed. Without it the store is validated in place on disk (no
    copy of the graph), compacted first: the bulk loader leaves the store in
    many small files, and the queries then read fewer (at 10,000 articles,
    2.86M quads: ~5 s to compact, 15-30 s less to validate; ``bench/README.md``).
    The report is the same either way: the queries see the same quads.
    """
    from newskg.shacl import validate_store  # noqa: PLC0415  (pySHACL: slow to import)

    if mirror is not None:
        return validate_store(mirror, writable=True)
    try:
        store.optimize()
    except OSError as exc:
        raise StoreError(f"cannot compact the new graph store: {exc}") from exc
    return validate_store(store, writable=True, on_disk=True)


def _write_report(result: ValidationResult, path: Path) -> None:
    from newskg.shacl import write_report  # noqa: PLC0415  (pySHACL: slow to import)

    write_report(result, path)
