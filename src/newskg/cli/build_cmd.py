"""``newskg build``: articles in, graph out."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from newskg.cli import app
from newskg.config import DEFAULT_BASE_IRI, DEFAULT_MODEL, BuildConfig
from newskg.errors import NewskgError

EXIT_SKIPPED = 3
EXIT_VIOLATIONS = 4


@app.command()
def build(
    paths: list[Path] = typer.Argument(
        None, help="Article files or folders (.txt, .jsonl, .html). Default: corpus/."
    ),
    output: Path = typer.Option(Path("output"), "-o", "--output", help="Output folder."),
    store: Path = typer.Option(None, "--store", help="Store folder (default: OUTPUT/store)."),
    kb: list[Path] = typer.Option(
        [], "--kb", help="Extra knowledge-base Turtle file (repeatable); extends the bundled KB."
    ),
    base_iri: str = typer.Option(DEFAULT_BASE_IRI, "--base-iri", help="Base IRI of instance data."),
    model: str = typer.Option(DEFAULT_MODEL, "--model", help="Installed spaCy pipeline to use."),
    strict: bool = typer.Option(False, "--strict", help="Fail (exit 4) on SHACL violations."),
    no_validate: bool = typer.Option(False, "--no-validate", help="Skip SHACL validation."),
    workers: int = typer.Option(
        1, "-j", "--workers", min=1, help="Processes parsing articles (or Dask workers)."
    ),
    engine: str = typer.Option(
        "local", "--engine", help="Where articles are parsed: local (processes) or dask."
    ),
    scheduler: str = typer.Option(
        None, "--scheduler", help="Dask scheduler address (default: a local Dask cluster)."
    ),
    batch_size: int = typer.Option(32, "--batch-size", min=1, help="Articles per batch."),
    max_entities: int = typer.Option(
        500, "--max-entities", min=1, help="Entities kept per article (a warning beyond)."
    ),
    max_bytes: int = typer.Option(
        5_000_000, "--max-bytes", min=1, help="Input files larger than this are skipped."
    ),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="Print errors only."),
    verbose: bool = typer.Option(False, "-v", "--verbose", help="Log each step."),
) -> None:
    """Build the knowledge graph of PATHS into OUTPUT/graph.ttl.

    Reads every article under PATHS, extracts entities, events and attributed
    claims, writes them to the Oxigraph store OUTPUT/store (one transaction),
    exports OUTPUT/graph.ttl (sorted Turtle) from it and, unless
    --no-validate, writes OUTPUT/validation.ttl (the SHACL report). Bad
    inputs are named on stderr and skipped (exit code 3).

    Builds are incremental: an article already parsed with the same text,
    newskg, spaCy pipeline and knowledge base is taken from OUTPUT/cache; the
    graph holds exactly the articles under PATHS.

    Articles are parsed in batches, by WORKERS processes (--workers), or on
    a Dask cluster (--engine dask, with --scheduler tcp://host:8786 for a
    running one); every engine gives the same graph.

    Example: newskg build corpus/ -o output/ --kb my-entities.ttl --workers 2
    """
    from newskg.pipeline import build as run_build  # noqa: PLC0415

    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.ERROR, format="%(levelname)s %(message)s"
    )
    err = Console(stderr=True)
    out = Console(quiet=quiet)
    inputs = list(paths) if paths else [Path("corpus")]
    try:
        config = BuildConfig(
            output_dir=output,
            base_iri=base_iri,
            model=model,
            kb_paths=tuple(kb),
            store_dir=store,
            strict=strict,
            validate=not no_validate,
            workers=workers,
            engine=engine,
            scheduler=scheduler,
            batch_size=batch_size,
            max_entities=max_entities,
            max_bytes=max_bytes,
        )
    except ValueError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from exc
    for p in inputs:
        if not p.exists():
            err.print(f"error: no such file or folder: {p}", markup=False)
            raise typer.Exit(1)
    show_bar = not quiet and sys.stderr.isatty()
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=not show_bar,
        transient=True,
    ) as bar:
        task = bar.add_task("articles", total=None)

        def progress(name: str, n: int, total: int | None) -> None:
            bar.update(task, completed=n, total=total, description=name[:40])

        try:
            report = run_build(inputs, config, progress=progress)
        except (NewskgError, OSError) as exc:
            err.print(f"error: {exc}", markup=False)
            raise typer.Exit(1) from exc
    for problem in report.skipped:
        err.print(f"skipped {problem.source}: {problem.detail} [{problem.reason}]", markup=False)
    for warning in report.warnings:
        err.print(f"warning: {warning}", markup=False, highlight=False)
    reasons = ", ".join(f"{k} {v}" for k, v in report.skipped_by_reason.items()) or "none"
    state = "written" if report.graph_changed else "unchanged"
    stored = "updated" if report.store_changed else "unchanged"
    out.print(
        f"articles: {report.read} read, {len(report.skipped)} skipped ({reasons}), "
        f"{report.built} built ({report.parsed} parsed, {report.cached} cached)\n"
        f"graph: {report.entities} entities, {report.events} events, {report.claims} claims, "
        f"{report.triples} triples -> {report.store_path} ({stored}), "
        f"{report.graph_path} ({state})\n"
        f"time: {report.seconds:.1f} s",
        markup=False,
        highlight=False,
    )
    result = report.validation
    if result is not None:
        n = len(result.violations)
        out.print(f"validation: {n} violation(s) -> {output / 'validation.ttl'}", markup=False)
        if n:
            from newskg.validate import summarize  # noqa: PLC0415

            err.print(summarize(result), markup=False, highlight=False)
            if strict:
                raise typer.Exit(EXIT_VIOLATIONS)
    if report.skipped:
        raise typer.Exit(EXIT_SKIPPED)
