"""``newskg plot``: the actor network and the figures' timeline, as PNG and SVG."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from newskg.cli import app
from newskg.cli.project_cmd import (
    DEFAULT_GRAPH,
    EXIT_ERROR,
    AssertedOnlyOption,
    ClassOption,
    GraphOption,
    MergeForcesOption,
    SinceOption,
    UntilOption,
    check_window,
    event_classes,
    load,
)


class Plot(StrEnum):
    network = "network"
    timeline = "timeline"


class Format(StrEnum):
    png = "png"
    svg = "svg"


NAMES = {Plot.network: "actor-network", Plot.timeline: "figures-timeline"}


@app.command()
def plot(
    plots: list[Plot] = typer.Argument(None, metavar="PLOT", help="What to plot (default: both)."),
    output: Path = typer.Option(..., "-o", "--output", help="Folder to write the plots to."),
    graph: GraphOption = DEFAULT_GRAPH,
    since: SinceOption = None,
    until: UntilOption = None,
    classes: ClassOption = [],  # noqa: B006  (typer reads the default, never mutates it)
    asserted_only: AssertedOnlyOption = False,
    merge_forces: MergeForcesOption = False,
    formats: list[Format] = typer.Option(
        [], "--format", help="png and/or svg (repeatable; default both)."
    ),
    lang: str = typer.Option("fr", "--lang", help="Language of the labels."),
) -> None:
    """Plot the actor network and the figures' timeline of GRAPH.

    Writes OUTPUT/actor-network.png/.svg and OUTPUT/figures-timeline.png/.svg.

    network: the actors, one coloured arc per relation (deployment, arms
    transfer, operation, treaty...), numbers and widths counting claims.

    timeline: troop and casualty figures by claimant over time, so that
    conflicting estimates stand side by side.

    Example: newskg plot network --merge-forces --since 2024-12 -o plots/
    """
    from newskg import projections as P  # noqa: PLC0415  (rdflib, networkx)
    from newskg.projections import plots as draw  # noqa: PLC0415  (matplotlib)

    kinds = event_classes(classes)
    check_window(since, until)
    data = load(graph)
    todo = list(dict.fromkeys(plots or list(Plot)))
    fmts = [f.value for f in dict.fromkeys(formats or list(Format))]
    events = {"since": since, "until": until, "lang": lang, "asserted_only": asserted_only}
    for what in todo:
        if what is Plot.network:
            G = P.actor_graph(data, **events, kinds=kinds, merge_forces=merge_forces)
            fig = draw.plot_actor_network(G)
        else:
            rows = P.figures_table(data, **events, kinds=kinds, merge_forces=merge_forces)
            fig = draw.plot_figures_timeline(rows)
        try:
            written = draw.save_figure(fig, output / NAMES[what], formats=fmts)
        except OSError as exc:
            typer.echo(f"error: cannot write to {output}: {exc}", err=True)
            raise typer.Exit(EXIT_ERROR) from exc
        typer.echo(f"{what.value}: " + ", ".join(str(p) for p in written))
