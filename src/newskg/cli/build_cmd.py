"""``newskg build``: articles in, graph out."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from newskg.cli import app
from newskg.config import DEFAULT_BASE_IRI, DEFAULT_MODEL, BuildConfig
from newskg.errors import NewskgError

if TYPE_CHECKING:
    from newskg.pipeline import BuildReport

EXIT_ERROR = 1
EXIT_USAGE = 2
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
        5_000_000,
        "--max-bytes",
        min=1,
        help="Input files larger than this are skipped. Articles are read with a compact "
        "offset map and parsed in pieces of 100,000 characters, so reading and parsing hold "
        "one piece at a time; only the graph assembled at the end grows with an article "
        "(measured peaks: 0.77 GB for one 1 MB article, 1.28 GB for 10 MB), so the default "
        "of 5 MB keeps a build well under 1.5 GB.",
    ),
    allow_empty: bool = typer.Option(
        False,
        "--allow-empty",
        help="Write an empty graph when no article can be built (refused otherwise: exit 1).",
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

    A build never empties a graph silently: when no article can be built (an
    empty folder, or every input skipped), nothing is written, the store and
    outputs stay as they were, and the build exits 1 with the reason; use
    --allow-empty to write an empty graph on purpose.

    Builds are incremental: an article already parsed with the same text,
    newskg, spaCy pipeline and knowledge base is taken from OUTPUT/cache; the
    graph holds exactly the articles under PATHS.

    Articles are parsed in batches, by WORKERS processes (--workers), or on
    a Dask cluster (--engine dask, with --scheduler tcp://host:8786 for a
    running one); every engine gives the same graph.

    Example: newskg build corpus/ -o output/ --kb my-entities.ttl --workers 2
    """
    from newskg.cli.build_progress import PieceProgress  # noqa: PLC0415
    from newskg.engine.pieces import watch_pieces  # noqa: PLC0415
    from newskg.pipeline import NothingBuiltError  # noqa: PLC0415
    from newskg.pipeline import build as run_build  # noqa: PLC0415

    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.ERROR, format="%(levelname)s %(message)s"
    )
    # soft_wrap: a line is never cut at the console's width (80 columns when not a terminal).
    err = Console(stderr=True, soft_wrap=True)
    out = Console(quiet=quiet, soft_wrap=True)
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
    for option, given in (("", inputs), ("--kb ", kb)):
        for p in given:
            if not p.exists():
                err.print(f"error: {option}{p}: no such file or folder", markup=False)
                raise typer.Exit(EXIT_USAGE)
    show_bar = not quiet and sys.stderr.isatty()
    expected = count_inputs(inputs, max_bytes) if show_bar else None
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=not show_bar,
        transient=True,
    ) as bar:
        task = bar.add_task("articles", total=expected)

        def progress(name: str, n: int, total: int | None) -> None:
            bar.update(task, completed=n, total=total or expected, description=name[:40])

        # A long article parsed in pieces: its pieces done, rate and time left (a line
        # of the bar on a terminal, a line now and then in a log).
        pieces = PieceProgress(bar if show_bar else None, None if quiet else err)
        try:
            with watch_pieces(pieces):
                report = run_build(inputs, config, progress=progress, allow_empty=allow_empty)
        except NothingBuiltError as exc:
            # Exit 1, not 3: exit 3 says "done, some inputs skipped" and the graph then
            # holds the others; here nothing was done and no output changed.
            bar.stop()
            _print_skipped(err, exc.report)
            err.print(f"error: {exc}", markup=False, highlight=False)
            raise typer.Exit(EXIT_ERROR) from exc
        except (NewskgError, OSError) as exc:
            err.print(f"error: {exc}", markup=False)
            raise typer.Exit(EXIT_ERROR) from exc
    _print_skipped(err, report)
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
            from newskg.shacl import summarize  # noqa: PLC0415

            err.print(summarize(result), markup=False, highlight=False)
            if strict:
                raise typer.Exit(EXIT_VIOLATIONS)
    if report.skipped:
        raise typer.Exit(EXIT_SKIPPED)


def _print_skipped(err: Console, report: BuildReport) -> None:
    """Name each skipped input on stderr, with its reason."""
    for problem in report.skipped:
        err.print(
            f"skipped {problem.source}: {problem.detail} [{problem.reason}]",
            markup=False,
            highlight=False,
        )


class RateColumn(ProgressColumn):
    """Articles built per second (per minute when slower), once there is a rate."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        if not speed:
            return Text("")
        return Text(f"{speed:.1f}/s" if speed >= 1 else f"{speed * 60:.1f}/min")


def count_inputs(paths: list[Path], max_bytes: int) -> int | None:
    """How many inputs the build will report as done: :func:`count_records` plus one per
    file over ``max_bytes`` (the build skips it as one input and counts it as done, so
    the bar reaches its total). ``None`` when the number of articles is unknown.
    """
    from newskg.io.discover import discover  # noqa: PLC0415

    records = count_records(paths, max_bytes)
    if records is None:
        return None
    try:
        return records + sum(1 for p in discover(paths) if p.stat().st_size > max_bytes)
    except OSError:
        return None


def count_records(paths: list[Path], max_bytes: int) -> int | None:
    """How many articles ``paths`` hold, for the progress bar's total and time left.

    One per file, one per non-blank line of a JSON Lines file; files over
    ``max_bytes`` count none (they are skipped). ``None`` (unknown) when a
    ``.json`` file is among them (an array holds any number of articles) or
    a file cannot be read. Counting reads the files once, line by line,
    without decoding them: a fraction of a second for hundreds of megabytes.
    """
    from newskg.io.discover import discover  # noqa: PLC0415

    total = 0
    for path in discover(paths):
        try:
            if path.stat().st_size > max_bytes:
                continue
            suffix = path.suffix.lower()
            if suffix == ".json":
                return None
            if suffix == ".jsonl":
                with path.open("rb") as lines:
                    total += sum(1 for line in lines if line.strip())
            else:
                total += 1
        except OSError:
            return None
    return total
