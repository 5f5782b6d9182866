"""``newskg project``: the graph as a networkx projection, written for Gephi or the web."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from newskg.cli import app

EXIT_ERROR = 1
EXIT_USAGE = 2

# The graph and event filters that `newskg project` and `newskg plot` share.
GraphOption = Annotated[Path, typer.Option("--graph", help="The newskg graph to read.")]
SinceOption = Annotated[
    str | None, typer.Option("--since", help="Keep events from this date (2024-12).")
]
UntilOption = Annotated[
    str | None, typer.Option("--until", help="Keep events up to this date (2025-03).")
]
ClassOption = Annotated[
    list[str],
    typer.Option(
        "--class", help="Keep events of this class (Deployment, ArmsTransfer...); repeatable."
    ),
]
AssertedOnlyOption = Annotated[
    bool,
    typer.Option(
        "--asserted-only", help="Count only asserted claims (not planned, possible, denied)."
    ),
]
MergeForcesOption = Annotated[
    bool,
    typer.Option("--merge-forces", help="Replace armed forces by the state they belong to."),
]
DEFAULT_GRAPH = Path("output/graph.ttl")


class Kind(StrEnum):
    actors = "actors"
    bipartite = "bipartite"
    claims = "claims"
    comention = "comention"


class Weight(StrEnum):
    events = "events"
    claims = "claims"


class Level(StrEnum):
    article = "article"
    sentence = "sentence"


def event_classes(names: list[str]) -> list | None:
    """``["Deployment"]`` -> ``[NKG.Deployment]``; ``BadParameter`` (exit 2) for an unknown class.

    The classes are ``Event`` and its subclasses (the event kinds of
    :class:`newskg.model.EventKind`); a name matches whatever its case
    (``deployment``). The error lists the valid names.
    """
    from newskg.model import EventKind  # noqa: PLC0415  (keep --help fast)
    from newskg.namespaces import NKG  # noqa: PLC0415

    if not names:
        return None
    valid = ["Event", *sorted(k.value for k in EventKind)]
    by_lower = {v.lower(): v for v in valid}
    out = []
    for name in names:
        for part in name.split(","):
            found = by_lower.get(part.strip().lower())
            if found is None:
                message = f"unknown class {part.strip()!r}; the classes are {', '.join(valid)}"
                raise typer.BadParameter(message, param_hint="--class")
            out.append(NKG[found])
    return out


def check_window(since: str | None, until: str | None) -> None:
    """Reject a --since/--until that is not a date (usage error, exit 2)."""
    from newskg.projections import window  # noqa: PLC0415  (rdflib, networkx)

    try:
        window(since, until)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--since/--until") from exc


def load(graph: Path):
    """Parse GRAPH; exit 2 when the file is missing (a usage error, like any
    option naming a missing file), 1 when it cannot be read or parsed."""
    from newskg.errors import InputError  # noqa: PLC0415
    from newskg.projections import read_graph  # noqa: PLC0415  (rdflib, networkx)

    if not graph.exists():
        hint = " (run `newskg build` first)" if graph == DEFAULT_GRAPH else ""
        typer.echo(f"error: --graph {graph}: no such file{hint}", err=True)
        raise typer.Exit(EXIT_USAGE)
    try:
        return read_graph(graph)
    except InputError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_ERROR) from exc


@app.command()
def project(
    kind: Kind = typer.Option(Kind.actors, "--kind", help="Which projection to write."),
    output: Path = typer.Option(
        ..., "-o", "--output", help="File to write: .graphml, .gexf or .json (node-link)."
    ),
    graph: GraphOption = DEFAULT_GRAPH,
    since: SinceOption = None,
    until: UntilOption = None,
    classes: ClassOption = [],  # noqa: B006  (typer reads the default, never mutates it)
    asserted_only: AssertedOnlyOption = False,
    merge_forces: MergeForcesOption = False,
    weight: Weight = typer.Option(
        None, "--weighted", help="actors/claims: one edge per pair and relation, weighted by this."
    ),
    level: Level = typer.Option(
        Level.article, "--level", help="comention: entities of one article, or of one sentence."
    ),
    lang: str = typer.Option("fr", "--lang", help="Language of the node labels."),
) -> None:
    """Write a network view of GRAPH as GraphML, GEXF or JSON.

    The format comes from OUTPUT's extension. Kinds: actors (actor -> actor,
    one edge per event, with its claims and articles), bipartite (actors and
    events), claims (claimant -> the actors it reports on, one edge per
    claim), comention (entities named together). Node ids are entity IRIs
    with a label; edge attributes are strings and numbers, ready for Gephi
    (.gexf), yEd or Cytoscape (.graphml) and the web (.json).

    Example: newskg project --kind actors --class Deployment --class ArmsTransfer
    --since 2024-12 --merge-forces -o actors.gexf
    """
    from newskg import projections as P  # noqa: PLC0415  (rdflib, networkx)

    try:
        fmt = P.GraphFormat.from_path(output)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="-o") from exc
    kinds = event_classes(classes)
    check_window(since, until)
    data = load(graph)
    filters = {"since": since, "until": until, "lang": lang}
    events = {**filters, "kinds": kinds, "asserted_only": asserted_only}
    if kind is Kind.actors:
        G = P.actor_graph(data, **events, merge_forces=merge_forces)
    elif kind is Kind.bipartite:
        G = P.actor_event_graph(data, **events, merge_forces=merge_forces)
    elif kind is Kind.claims:
        G = P.claims_graph(data, **events, merge_forces=merge_forces)
    else:
        G = P.comention_graph(data, level=level.value, **filters)
    if weight is not None and kind in (Kind.actors, Kind.claims):
        G = P.weighted_graph(G, weight=weight.value)
    try:
        P.write_graph(G, output, format=fmt)
    except OSError as exc:
        typer.echo(f"error: cannot write {output}: {exc}", err=True)
        raise typer.Exit(EXIT_ERROR) from exc
    typer.echo(
        f"{kind.value}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges "
        f"-> {output} ({fmt.value})"
    )
