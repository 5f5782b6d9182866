"""The persistent graph store: an Oxigraph database, by default under ``output/store/``.

How the dataset is laid out
---------------------------
Every article's own statements live in a **named graph whose name is the
article's IRI**: the article node (identifier, title, body, mentions...) and
every claim derived from it (what it asserts, the quote, the claimant, the
modality). Everything the articles share lives in the **default graph**:
entities, events and their quantities, the build's ``prov:Activity`` and
each claim's ``prov:wasGeneratedBy`` link to it. Queries run over the union
of all graphs (Oxigraph's *union default graph*), so they need no ``GRAPH``
clause; N-Quads, TriG and JSON-LD exports keep the named graphs, i.e. which
article says what.

How it is written
-----------------
A build assembles the whole graph from the per-article extraction results
(cheap; see :mod:`newskg.cache`) and :meth:`GraphStore.replace` applies the
*difference* to the store in one SPARQL update, which Oxigraph runs as one
transaction: a build interrupted before the commit leaves the store as it
was, one interrupted after leaves it as the build made it. An unchanged
article keeps its named graph as it is, a changed article's graph is
replaced, a removed article's graph disappears, and entities or events that
no claim refers to any more go with it. A difference that only touches the
build's timestamps is not written, so an unchanged input leaves the store
(and ``graph.ttl``) untouched.

Fidelity
--------
Oxigraph stores literals by value: derived integer types fold into
``xsd:integer`` (and ``xsd:dateTimeStamp`` into ``xsd:dateTime``), lexical
forms become canonical. Reading the store back restores the datatype the
ontology declares as a property's range (``nkg:quoteStart`` is an
``xsd:nonNegativeInteger``), so what is exported equals what the build
assembled; a test checks the round trip.

Concurrency
-----------
One writer at a time: a build (or ``newskg query --allow-update``) holds an
exclusive lock on ``OUTPUT/.lock``; readers (``newskg query``, ``newskg
export``, ``newskg serve``) hold a shared one, so a build fails at once,
with a clear message, while a server reads the store.
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, XSD

from newskg.errors import QueryError, StoreError
from newskg.namespaces import NKG
from newskg.rdf.export import bind_prefixes
from newskg.rdf.sorted_export import (
    SortedRuns,
    SortedTriples,
    sorted_lines,
    turtle_bytes,
    write_turtle,
)
from newskg.resources import ontology_path
from newskg.sparql import is_update

try:  # POSIX advisory locks; elsewhere the store relies on Oxigraph's own lock
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "BATCH_QUADS",
    "BATCH_TEXT",
    "GATHERED_RUN_LINES",
    "ExportFormat",
    "GraphStore",
    "StoreGeneration",
    "StoreUpdate",
    "canonical_lines",
    "is_update",
    "lock_output",
    "nquad_lines",
    "open_store",
    "partition",
    "prefixes",
    "read_store_digest",
    "reader_or_writer_lock",
    "recover_store",
    "store_graph",
    "triple_lines",
    "write_store_turtle",
]

_XSD = str(XSD)

#: Quads a :class:`StoreGeneration` gathers before it writes them as one batch.
#: At its peak a build holds a few batches at once (the one gathered, its
#: conversion to N-Quads, the one the writer thread loads): batches of 50,000
#: quads took ~240 MB less than 200,000 at the peak of a 1,000-article build,
#: and were no slower (``bench/README.md``: "The claims on disk until the
#: merge, and smaller store batches").
BATCH_QUADS = 50_000

#: Characters of literals a :class:`StoreGeneration` gathers before it writes
#: them as one batch, however few the quads: an article's own node carries its
#: whole text, so 50,000 of its quads held ~7,000 articles' texts before the
#: first batch was written (a rebuild's RSS grew 24 MB per 1,000 articles until
#: then; ``bench/README.md``: "Where the 10,000-article tail goes").
BATCH_TEXT = 4_000_000

#: Lines of ``graph.ttl`` gathered in memory before they are sorted and spilled
#: to a file (one run): independent of the batches, so that smaller batches
#: do not multiply the runs (one open file each) merged at once.
GATHERED_RUN_LINES = 200_000

# Datatypes Oxigraph folds into a primitive one when storing a literal.
_FOLDED = {
    f"{_XSD}integer": frozenset(
        f"{_XSD}{t}"
        for t in (
            "nonNegativeInteger",
            "positiveInteger",
            "nonPositiveInteger",
            "negativeInteger",
            "long",
            "int",
            "short",
            "byte",
            "unsignedLong",
            "unsignedInt",
            "unsignedShort",
            "unsignedByte",
        )
    ),
    f"{_XSD}dateTime": frozenset({f"{_XSD}dateTimeStamp"}),
}

_TIMESTAMPS = frozenset(
    {ox.NamedNode(str(PROV.startedAtTime)), ox.NamedNode(str(PROV.endedAtTime))}
)


class ExportFormat(StrEnum):
    """The formats of ``newskg export``; the named graphs survive in the dataset formats."""

    TURTLE = "turtle"
    NTRIPLES = "ntriples"
    NQUADS = "nquads"
    TRIG = "trig"
    JSONLD = "jsonld"

    @property
    def suffix(self) -> str:
        return {
            "turtle": ".ttl",
            "ntriples": ".nt",
            "nquads": ".nq",
            "trig": ".trig",
            "jsonld": ".jsonld",
        }[self.value]

    @classmethod
    def from_suffix(cls, path: Path) -> ExportFormat | None:
        for fmt in cls:
            if path.suffix.lower() == fmt.suffix:
                return fmt
        return None


@dataclass(frozen=True, slots=True)
class StoreUpdate:
    """What :meth:`GraphStore.replace` changed: quads added and removed."""

    added: int
    removed: int

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


def prefixes(base: str) -> dict[str, str]:
    """The prefix map of newskg's Turtle output (``nkg:``, ``id:``, ``prov:``...)."""
    graph = bind_prefixes(Graph(bind_namespaces="none"), base)
    return dict(sorted((p, str(ns)) for p, ns in graph.namespaces() if p))


# ---------------------------------------------------------------- terms
def _to_ox(term: URIRef | Literal | BNode) -> ox.NamedNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"blank nodes are not supported in the graph store: {term!r}")


# Characters an IRI written between <> may not hold (N-Triples' IRIREF); such an IRI is
# refused by Oxigraph's term constructor, with its own message.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _nt_iri(term: URIRef) -> str:
    iri = str(term)
    if _NOT_IN_IRI.search(iri):
        ox.NamedNode(iri)  # raises, as a quad made of Python terms would
        raise StoreError(f"not an IRI that N-Quads can hold: {iri!r}")
    return f"<{iri}>"


def _nt_literal(term: Literal) -> str:
    lexical = str(term)
    if '"' in lexical or "\\" in lexical or "\n" in lexical or "\r" in lexical:
        lexical = (
            lexical.replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    if term.language:
        return f'"{lexical}"@{term.language}'
    if term.datatype is not None:  # xsd:string too: Oxigraph reads it as a plain literal
        return f'"{lexical}"^^{_nt_iri(term.datatype)}'
    return f'"{lexical}"'


def nquad_lines(graph_name: URIRef | None, triples: Iterable[tuple]) -> tuple[bytes, int, int]:
    """rdflib ``triples`` in the graph ``graph_name`` as N-Quads text (UTF-8), with the
    number of quads and the characters of their literals.

    Loaded into a store, the text gives the quads :func:`_to_ox` makes of the
    same terms (a test checks it on generated literals): only ``"``, ``\\``
    and line breaks are escaped in literals, as N-Quads asks. A blank node
    raises :class:`~newskg.errors.StoreError`, as :func:`_to_ox`.
    """
    graph = " ." if graph_name is None else f" {_nt_iri(graph_name)} ."
    # a node's triples come together and the predicates are few: each IRI written once
    named: dict[URIRef, str] = {}
    out: list[str] = []
    chars = 0
    for s, p, o in triples:
        ts = named.get(s)
        if ts is None:
            ts = named[s] = _nt_iri(s) if isinstance(s, URIRef) else _nt_other(s)
        tp = named.get(p)
        if tp is None:
            tp = named[p] = _nt_iri(p) if isinstance(p, URIRef) else _nt_other(p)
        if isinstance(o, Literal):
            chars += len(o)
            to = _nt_literal(o)
        else:
            to = named.get(o)
            if to is None:
                to = named[o] = _nt_iri(o) if isinstance(o, URIRef) else _nt_other(o)
        out.append(f"{ts} {tp} {to}{graph}\n")
    return "".join(out).encode("utf-8"), len(out), chars


def _nt_other(term: object) -> str:
    """A term that is neither an IRI nor a literal (a blank node): refused, as by
    :func:`_to_ox`."""
    if isinstance(term, Literal):  # a literal where only an IRI may be
        raise StoreError(f"a literal cannot be a subject or a predicate: {term!r}")
    raise StoreError(f"blank nodes are not supported in the graph store: {term!r}")


def _to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> URIRef | BNode | Literal:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == f"{_XSD}string":
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))


def partition(graph: Graph) -> Iterator[ox.Quad]:
    """The quads of ``graph`` laid out as the store keeps them (see the module docstring)."""
    articles = set(graph.subjects(RDF.type, NKG.Article))
    source = {c: graph.value(c, PROV.wasDerivedFrom) for c in graph.subjects(RDF.type, NKG.Claim)}
    for s, p, o in graph:
        if s in articles:
            home: URIRef | None = s  # type: ignore[assignment]
        elif s in source and p != PROV.wasGeneratedBy:
            home = source[s]
        else:
            home = None
        yield ox.Quad(
            _to_ox(s),
            _to_ox(p),
            _to_ox(o),
            ox.DefaultGraph() if home is None else ox.NamedNode(str(home)),
        )


@cache
def _declared_ranges() -> dict[ox.NamedNode, ox.NamedNode]:
    """``property -> range`` for the ontology's datatype properties whose range Oxigraph folds."""
    folded = frozenset().union(*_FOLDED.values())
    onto = ox.Store()
    onto.load(path=str(ontology_path()), format=ox.RdfFormat.TURTLE)
    out = {}
    for q in onto.quads_for_pattern(None, ox.NamedNode(str(RDFS.range)), None, None):
        kinds = {
            t.object for t in onto.quads_for_pattern(q.subject, ox.NamedNode(str(RDF.type)), None)
        }
        if ox.NamedNode(str(OWL.DatatypeProperty)) in kinds and q.object.value in folded:
            out[q.subject] = q.object
    return out


def _restore(quad: ox.Quad) -> ox.Quad:
    """Give back the datatype the ontology declares where Oxigraph folded it."""
    o = quad.object
    if not isinstance(o, ox.Literal) or o.language:
        return quad
    declared = _declared_ranges().get(quad.predicate)
    if declared is None or declared.value not in _FOLDED.get(o.datatype.value, ()):
        return quad
    return ox.Quad(
        quad.subject, quad.predicate, ox.Literal(o.value, datatype=declared), quad.graph_name
    )


def _canonical(quads: Iterable[ox.Quad]) -> set[ox.Quad]:
    """The quads as Oxigraph will store them (canonical literals), for an exact difference."""
    mem = ox.Store()
    mem.extend(quads)
    return set(mem)


def _data_block(quads: Iterable[ox.Quad]) -> str:
    """The body of an ``INSERT DATA`` / ``DELETE DATA`` block.

    Terms are written by Oxigraph itself (``str`` of a term is its N-Triples
    form, escaped), which is valid SPARQL syntax: no text of ours is
    interpolated into the update.
    """
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode):
            raise StoreError(f"blank nodes are not supported in the graph store: {q}")
        name = "" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name)
        by_graph.setdefault(name, []).append(f"{q.subject} {q.predicate} {q.object} .")
    parts = []
    for name in sorted(by_graph):
        body = "\n".join(sorted(by_graph[name]))
        parts.append(body if not name else f"GRAPH {name} {{\n{body}\n}}")
    return "\n".join(parts)


def _only_timestamps(removed: set[ox.Quad], added: set[ox.Quad]) -> bool:
    if not removed or not added:
        return False
    if any(q.predicate not in _TIMESTAMPS for q in removed | added):
        return False
    keys = {(q.subject, q.predicate, q.graph_name) for q in removed}
    return keys == {(q.subject, q.predicate, q.graph_name) for q in added}


def _sort_key(q: ox.Quad) -> tuple[str, str, str, str]:
    g = "" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name)
    return g, str(q.subject), str(q.predicate), str(q.object)


# ---------------------------------------------------------------- locks
@contextmanager
def lock_output(output_dir: Path, *, exclusive: bool) -> Iterator[IO[bytes]]:
    """Hold ``OUTPUT/.lock``: exclusive for a writer, shared for readers.

    Does not wait: raises :class:`~newskg.errors.StoreError` when another
    process holds it the other way (a build while a server reads the store).
    Yields the open lock file (``newskg serve`` hands it to the server).
    """
    output_dir.mkdir(parents=True, exist_ok=True)
    fh = open(output_dir / ".lock", "a+b")  # noqa: SIM115  (held for the block)
    try:
        if fcntl is not None:
            mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
            try:
                fcntl.flock(fh.fileno(), mode | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                what = "used by another build, a server or a query" if exclusive else "being built"
                raise StoreError(f"{output_dir} is {what}; try again when it is done") from exc
        yield fh
    finally:
        fh.close()


# ---------------------------------------------------------------- reading out
def triple_lines(store: ox.Store) -> Iterator[bytes]:
    """N-Triples lines of every quad's triple in ``store`` (datatypes restored), unsorted.

    Oxigraph writes each graph's N-Triples itself (in Rust, ~1M triples a
    second); the datatypes it folded are restored on the bytes, by one
    regular expression over the few properties concerned.
    """
    for data in _graph_dumps(store):
        yield from _dump_lines(data)


def _graph_dumps(store: ox.Store) -> Iterator[bytes]:
    """Each graph of ``store`` as N-Triples bytes, as Oxigraph writes it (in Rust)."""
    for name in [ox.DefaultGraph(), *store.named_graphs()]:
        yield store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name)


def _dump_lines(data: bytes) -> list[bytes]:
    """The lines of one of :func:`_graph_dumps`, the folded datatypes restored."""
    return _line_restorer()(data).splitlines(keepends=True)


@cache
def _line_restorer() -> Callable[[bytes], bytes]:
    """``bytes -> bytes`` putting back, in N-Triples, the datatypes :func:`_restore` restores."""
    cases: dict[tuple[bytes, bytes], bytes] = {}
    for prop, declared in _declared_ranges().items():
        for stored, folded in _FOLDED.items():
            if declared.value in folded:
                cases[(str(prop).encode(), f"<{stored}>".encode())] = f"<{declared.value}>".encode()
    if not cases:
        return lambda data: data
    # The match starts with the properties' common prefix, a literal text that the
    # regular expression engine finds without trying every line (4x faster than a
    # match tried at each line's start); a line's subject holds no space, and a
    # literal no unescaped quote, so the match can only be at the line's predicate.
    names = sorted({p for p, _ in cases})
    common = os.path.commonprefix(names)  # noqa: RUF071  (characters, not path parts)
    props = b"|".join(re.escape(p[len(common) :]) for p in names)
    stored_types = b"|".join(re.escape(t) for t in sorted({t for _, t in cases}))
    pattern = re.compile(
        rb" ("
        + re.escape(common)
        + rb"(?:"
        + props
        + rb')) ("[^"\\\n]*(?:\\.[^"\\\n]*)*"\^\^)('
        + stored_types
        + rb") \.$",
        re.MULTILINE,
    )

    def fix(m: re.Match[bytes]) -> bytes:
        new = cases.get((m.group(1), m.group(3)))
        return (
            b" " + m.group(1) + b" " + m.group(2) + new + b" ." if new is not None else m.group(0)
        )

    return lambda data: pattern.sub(fix, data)


def canonical_lines(quads: Iterable[ox.Quad]) -> Iterator[bytes]:
    """The N-Triples lines :func:`triple_lines` would read back for ``quads`` once stored.

    Oxigraph stores literals by value (``"+00:00"`` becomes ``"Z"``, ``"058"``
    ``"58"``...): the quads go through a store in memory, so the lines are
    those of the on-disk store, byte for byte, without reading it.
    """
    scratch = ox.Store()
    scratch.bulk_extend(quads)
    return triple_lines(scratch)


def write_store_turtle(
    store: ox.Store, path: Path, *, base: str, lines: SortedRuns | None = None
) -> SortedTriples:
    """Write the union of ``store``'s graphs as sorted Turtle to ``path``.

    ``lines``, when given, are the store's triples as the build gathered
    them while writing it (:attr:`StoreGeneration.lines`): the store is then
    not read again. Returns the triple count and the content digest, in
    which the build's timestamps do not count.
    """
    triples = SortedTriples(skip_in_digest=(str(PROV.startedAtTime), str(PROV.endedAtTime)))
    source = triple_lines(store) if lines is None else lines
    write_turtle(triples.blocks(source), path, prefixes(base))
    return triples


def store_graph(store: ox.Store, base: str) -> Graph:
    """The union of ``store``'s graphs as an rdflib :class:`~rdflib.Graph` (prefixes bound)."""
    g = bind_prefixes(Graph(), base)
    for q in store:
        q = _restore(q)
        g.add((_to_rdflib(q.subject), _to_rdflib(q.predicate), _to_rdflib(q.object)))
    return g


# ---------------------------------------------------------------- generations
def _previous(path: Path) -> Path:
    return path.with_name(f".{path.name}.old")


def recover_store(path: Path) -> None:
    """Undo a store swap that a killed build left half done (see :class:`StoreGeneration`).

    Between the two renames of a swap the store folder is missing and the
    previous generation sits beside it: put it back. Harmless when there is
    nothing to recover, or when another reader recovered it first.
    """
    path = Path(path)
    previous = _previous(path)
    if not path.exists() and previous.is_dir():
        with suppress(OSError):  # another process did it, or a read-only folder
            os.replace(previous, path)


class StoreGeneration:
    """A complete new store written beside the current one, then swapped in.

    A build writes its whole graph into a fresh Oxigraph store
    (``.store.new-PID`` next to ``store``) with Oxigraph's bulk loader, a
    batch of quads at a time, so neither the graph nor the corpus is ever in
    Python memory. :meth:`commit` swaps it in with two renames; a build
    killed at any moment leaves the previous store readable: before the
    first rename nothing has changed, between them :func:`recover_store`
    puts the previous store back, after the second the new one is complete.
    Leftovers of a killed build are removed by the next one.

    With ``keep_lines``, each batch's triples are also gathered, as the
    store will give them back, into :attr:`lines` (sorted runs): the build
    then writes ``graph.ttl`` from them without reading the store again.

    With ``mirror_quads``, the quads are also kept in a store in memory
    (:attr:`mirror`) as long as no more than ``mirror_quads`` were added:
    the build validates that copy, which Oxigraph queries several times
    faster than its store on disk, without reading the store back at the
    end. Past the bound the copy is dropped (memory stays bounded) and
    :attr:`mirror` is ``None``.

    The triples of :meth:`add` are gathered as N-Quads text
    (:func:`nquad_lines`), not as Python terms. A full batch is prepared in
    a thread while the caller goes on: it goes through a store in memory,
    which parses the text and gives the batch's N-Triples lines and its
    N-Quads, without holding the GIL. It is then written by threads of
    its own (one for the store on disk, one for the copy in memory), which
    load the N-Quads mostly without holding the GIL either. One batch is
    prepared and one written at a time (memory stays that of three
    batches); :meth:`flush` returns once every quad added is written.
    """

    def __init__(
        self,
        path: Path,
        *,
        batch_quads: int = BATCH_QUADS,
        batch_text: int = BATCH_TEXT,
        run_lines: int = GATHERED_RUN_LINES,
        keep_lines: bool = False,
        mirror_quads: int = 0,
    ) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        recover_store(self.path)
        for stale in self.path.parent.glob(f".{self.path.name}.new-*"):
            shutil.rmtree(stale, ignore_errors=True)
        if self.path.exists():
            shutil.rmtree(_previous(self.path), ignore_errors=True)
        # Unique per build, even for several builds in one process.
        self.tmp = self.path.with_name(
            f".{self.path.name}.new-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        )
        self.batch_quads = batch_quads
        self.batch_text = batch_text
        self._buffer: list[ox.Quad] = []  # added with add_quads()
        self._lines: list[bytes] = []  # added with add(): N-Quads text
        self._line_count = 0  # quads in self._lines
        self._text = 0  # characters of the literals added with add() to the buffer
        self.lines: SortedRuns | None = SortedRuns(run_lines=run_lines) if keep_lines else None
        self._mirror_quads = mirror_quads
        self._added = 0
        self._mirror: ox.Store | None = ox.Store() if mirror_quads > 0 else None
        self._writer: ThreadPoolExecutor | None = None
        self._pending: list[Future[None]] = []
        # the batch being prepared (its store in memory, lines and N-Quads), in a thread
        self._batcher: ThreadPoolExecutor | None = None
        self._batch: Future[tuple[list[bytes], bytes]] | None = None
        try:
            self._store: ox.Store | None = ox.Store(str(self.tmp))
        except OSError as exc:
            raise StoreError(f"cannot create a graph store at {self.tmp}: {exc}") from exc

    @property
    def oxigraph(self) -> ox.Store:
        """The new store (all added quads are in it once :meth:`flush` ran)."""
        if self._store is None:
            raise StoreError(f"the new graph store at {self.tmp} is closed")
        return self._store

    @property
    def mirror(self) -> ox.Store | None:
        """The copy in memory of every quad flushed so far, or ``None`` (none was asked
        for, the bound was passed, or the generation is closed)."""
        self._finish_batch()
        self._wait()
        return self._mirror

    @property
    def quads_added(self) -> int:
        """Quads flushed to the store so far (a quad added twice counts twice)."""
        return self._added

    def drop_mirror(self) -> None:
        """Free the copy in memory (the store on disk is not touched)."""
        self._mirror = None

    def expect(self, quads: int) -> None:
        """Say that at least ``quads`` more quads will be added.

        If they would take the generation past the copy's bound, the copy is
        dropped now rather than when the bound is passed: a copy that would
        be dropped anyway is not built up to its bound beside the caller's
        own work (for a build, the cross-article stage, its largest).
        """
        self._bound_mirror(self._added + self._pending_count() + quads)

    def _bound_mirror(self, quads: int) -> None:
        """Drop the copy if ``quads`` quads, written or to come, pass its bound."""
        if self._mirror is not None and quads > self._mirror_quads:
            self._mirror = None

    def add(self, graph_name: URIRef | None, triples: Iterable[tuple]) -> None:
        """Add rdflib ``triples`` to the graph ``graph_name`` (``None``: the default graph).

        Their literals' characters count towards the batch's ``batch_text``.
        The triples are written as N-Quads text, which the batch's store
        parses in Rust (:func:`nquad_lines`): a fifth of the time of making
        a Python quad of every term (micro-benchmark, claim triples).
        """
        lines, count, chars = nquad_lines(graph_name, triples)
        self._text += chars
        self._lines.append(lines)
        self._line_count += count
        if self._pending_count() >= self.batch_quads or self._text >= self.batch_text:
            self._hand_over()

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Add Oxigraph ``quads`` as they are; a batch is written once ``batch_quads`` are
        gathered, or literals of ``batch_text`` characters (counted by :meth:`add`)."""
        self._buffer.extend(quads)
        if self._pending_count() >= self.batch_quads or self._text >= self.batch_text:
            self._hand_over()

    def _pending_count(self) -> int:
        """Quads added and not yet handed over (a quad added twice counts twice)."""
        return len(self._buffer) + self._line_count

    def flush(self) -> None:
        """Write the buffered quads to the new store; return once all are written."""
        self._hand_over()
        self._finish_batch()
        self._wait()

    def _hand_over(self) -> None:
        """Start preparing the buffered quads as a batch (its store in memory, its lines,
        its N-Quads) in a thread; the batch before it is finished first."""
        count = self._pending_count()
        if not count:
            return
        quads, text = self._buffer, b"".join(self._lines)
        self._added += count
        self._buffer, self._lines, self._line_count, self._text = [], [], 0, 0
        self._bound_mirror(self._added)
        self._finish_batch()
        if self._batcher is None:
            self._batcher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newskg-batch")
        keep = self.lines is not None
        self._batch = self._batcher.submit(_prepare_batch, quads, text, keep)

    def _finish_batch(self) -> None:
        """Take the batch being prepared, if any: gather its lines and start writing it
        (after the batch before it is written)."""
        batch, self._batch = self._batch, None
        if batch is None:
            return
        try:
            dumps, data = batch.result()
        except SyntaxError as exc:  # a term nquad_lines let through and Oxigraph refuses
            raise StoreError(f"cannot write a term to the graph store: {exc}") from exc
        if self.lines is not None:
            for dump in dumps:
                self.lines.extend(_dump_lines(dump))
        store = self.oxigraph
        self._wait()
        if self._writer is None:
            self._writer = ThreadPoolExecutor(max_workers=2, thread_name_prefix="newskg-store")
        self._pending = [
            self._writer.submit(_load_nquads, data, target)
            for target in (store, self._mirror)
            if target is not None
        ]

    def _wait(self) -> None:
        """Wait for the batch being written, if any; its error is raised here."""
        pending, self._pending = self._pending, []
        try:
            for write in pending:
                write.result()
        except OSError as exc:
            raise StoreError(f"cannot write the graph store at {self.tmp}: {exc}") from exc

    def _stop_writer(self) -> None:
        """Let the batches being prepared and written finish (their errors ignored) and
        end the threads."""
        batch, self._batch = self._batch, None
        if batch is not None:
            with suppress(Exception):
                batch.result()
        with suppress(Exception):
            self._wait()
        for pool in (self._batcher, self._writer):
            if pool is not None:
                pool.shutdown()
        self._batcher = self._writer = None

    def commit(self, content_digest: str | None = None) -> None:
        """Make the new store the store (the previous one is removed).

        ``content_digest`` (the build's stamp: its digest, and the
        ``SOURCE_DATE_EPOCH`` it was built with if any) is recorded in the store's folder
        (:func:`read_store_digest`), so the next build knows whether its
        graph would change the store.
        """
        self.flush()
        self._stop_writer()
        self.oxigraph.flush()
        self._store = None
        self._mirror = None
        self._drop_lines()
        if content_digest is not None:
            (self.tmp / _DIGEST_FILE).write_text(content_digest + "\n", encoding="utf-8")
        previous = _previous(self.path)
        if self.path.exists():
            os.replace(self.path, previous)
        os.replace(self.tmp, self.path)
        _fsync_dir(self.path.parent)
        shutil.rmtree(previous, ignore_errors=True)

    def discard(self) -> None:
        """Drop the new store; the current one stays as it is."""
        self._buffer, self._lines, self._line_count, self._text = [], [], 0, 0
        self._stop_writer()
        self._store = None
        self._mirror = None
        self._drop_lines()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def _drop_lines(self) -> None:
        if self.lines is not None:
            self.lines.close()
            self.lines = None

    def __enter__(self) -> StoreGeneration:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if self._store is not None:  # neither committed nor discarded: an error
            self.discard()


def _prepare_batch(
    quads: list[ox.Quad], text: bytes, keep_lines: bool
) -> tuple[list[bytes], bytes]:
    """One batch through a store in memory: each graph's N-Triples (if ``keep_lines``)
    and the whole batch as N-Quads, literals as the store keeps them.

    Run in a thread while the caller makes the next batch: Oxigraph parses the
    N-Quads text and writes both dumps without holding the GIL (the Python
    ``quads`` of :meth:`StoreGeneration.add_quads`, if any, hold it).
    """
    batch = ox.Store()
    if quads:
        batch.bulk_extend(quads)
    if text:
        batch.bulk_load(text, format=ox.RdfFormat.N_QUADS)
    dumps = list(_graph_dumps(batch)) if keep_lines else []
    return dumps, batch.dump(format=ox.RdfFormat.N_QUADS)


def _load_nquads(data: bytes, store: ox.Store) -> None:
    """Load one batch's N-Quads into ``store`` (the store on disk, or its copy in memory)."""
    store.bulk_load(data, format=ox.RdfFormat.N_QUADS)


_DIGEST_FILE = "newskg-content-digest"


def read_store_digest(path: Path) -> str | None:
    """The content digest the build that wrote the store at ``path`` recorded, if any."""
    try:
        return (Path(path) / _DIGEST_FILE).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory handles
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


# ---------------------------------------------------------------- the store
class GraphStore:
    """An Oxigraph store on disk holding one newskg graph (see the module docstring).

    Open it read-only to query or export, read-write to build or update.
    Use it as a context manager, or call :meth:`close`: Oxigraph releases
    the database when the last reference to it goes.

    Raises :class:`~newskg.errors.StoreError` (an ``OSError``) when the store
    is missing (read-only) or cannot be opened, e.g. because another process
    is writing it.
    """

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        recover_store(self.path)
        try:
            if read_only:
                if not (self.path / "CURRENT").exists():
                    raise StoreError(
                        f"no graph store at {self.path}: build one first (`newskg build`)"
                    )
                self._store: ox.Store | None = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except StoreError:
            raise
        except OSError as exc:
            raise StoreError(f"cannot open the graph store at {self.path}: {exc}") from exc

    @classmethod
    def in_memory(cls, path: Path) -> GraphStore:
        """A throw-away store holding an RDF file (``newskg query --graph FILE``)."""
        self = cls.__new__(cls)
        self.path = Path(path)
        self.read_only = False
        fmt = ox.RdfFormat.from_extension(self.path.suffix.lstrip(".")) or ox.RdfFormat.TURTLE
        self._store = ox.Store()
        try:
            self._store.load(path=str(self.path), format=fmt)
        except SyntaxError as exc:
            raise StoreError(f"{self.path}: not valid {fmt.name}: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"cannot read {self.path}: {exc.strerror or exc}") from exc
        return self

    # -- life cycle
    def close(self) -> None:
        self._store = None

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying :class:`pyoxigraph.Store` (for what this class does not wrap)."""
        if self._store is None:
            raise StoreError(f"the graph store at {self.path} is closed")
        return self._store

    def __len__(self) -> int:
        return len(self.oxigraph)

    # -- writing
    def replace(self, graph: Graph) -> StoreUpdate:
        """Make the store hold exactly ``graph`` (laid out by :func:`partition`), atomically.

        Returns how many quads were added and removed; a difference that only
        touches the build's timestamps is not written (and reported as none).
        """
        store = self.oxigraph
        new = _canonical(partition(graph))
        old = set(store)
        removed, added = old - new, new - old
        if not (removed or added) or _only_timestamps(removed, added):
            return StoreUpdate(0, 0)
        gone = {q.graph_name for q in old} - {q.graph_name for q in new}
        try:
            if not removed:
                store.extend(sorted(added, key=_sort_key))  # one transaction
            else:
                # One update request is one transaction. Oxigraph keeps a named
                # graph emptied by DELETE DATA, so graphs of removed articles are dropped.
                drops = sorted(str(g) for g in gone if isinstance(g, ox.NamedNode))
                store.update(
                    "DELETE DATA {\n"
                    + _data_block(removed)
                    + "\n} ;\nINSERT DATA {\n"
                    + _data_block(added)
                    + "\n}"
                    + "".join(f" ;\nDROP SILENT GRAPH {g}" for g in drops)
                )
        except OSError as exc:
            raise StoreError(f"cannot write the graph store at {self.path}: {exc}") from exc
        return StoreUpdate(len(added), len(removed))

    # -- reading
    def quads(self) -> list[ox.Quad]:
        """Every quad, sorted (graph, subject, predicate, object), datatypes restored."""
        return sorted((_restore(q) for q in self.oxigraph), key=_sort_key)

    def graph(self, base: str) -> Graph:
        """The union of all graphs as an rdflib :class:`~rdflib.Graph` (prefixes bound)."""
        return store_graph(self.oxigraph, base)

    def triple_lines(self) -> Iterator[bytes]:
        """N-Triples lines of every quad's triple (datatypes restored), unsorted."""
        return triple_lines(self.oxigraph)

    def export(self, fmt: ExportFormat, *, base: str) -> bytes:
        """The store's content in ``fmt``; the same content always gives the same bytes.

        Turtle and N-Triples hold the union of all graphs (Turtle is the
        sorted Turtle of ``graph.ttl``); N-Quads, TriG and JSON-LD keep each
        article's named graph.
        """
        if fmt is ExportFormat.TURTLE:
            return turtle_bytes(sorted_lines(self.triple_lines()), prefixes(base))
        if fmt is ExportFormat.NTRIPLES:
            return b"".join(sorted_lines(self.triple_lines()))
        quads = self.quads()
        if fmt is ExportFormat.NQUADS:
            return _sorted_lines(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
        if fmt is ExportFormat.TRIG:
            return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes(base))
        return ox.serialize(quads, format=ox.RdfFormat.JSON_LD, prefixes=prefixes(base))

    # -- SPARQL
    def query(
        self, sparql: str, *, substitutions: dict[str, ox.NamedNode | ox.Literal] | None = None
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a SPARQL query over the union of all graphs.

        ``substitutions`` binds variables by name before evaluation (like
        rdflib's ``initBindings``). Raises :class:`~newskg.errors.QueryError`
        (a ``SyntaxError``) for a malformed query, and for an update.
        """
        if is_update(sparql):
            raise QueryError("this is a SPARQL update, not a query; use GraphStore.update")
        subs = {ox.Variable(k): v for k, v in (substitutions or {}).items()}
        try:
            return self.oxigraph.query(sparql, use_default_graph_as_union=True, substitutions=subs)
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL query: {exc}") from exc

    def update(self, sparql: str) -> None:
        """Run a SPARQL update in one transaction (the store must be open read-write)."""
        if self.read_only:
            raise QueryError("the graph store is open read-only: updates are refused")
        try:
            self.oxigraph.update(sparql)
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL update: {exc}") from exc


@contextmanager
def reader_or_writer_lock(lock_dir: Path, *, writable: bool) -> Iterator[None]:
    """``lock_dir``'s lock, exclusive for a writer, shared for a reader.

    A reader that cannot create the lock file (a read-only folder, or no
    folder) goes on without it.
    """
    with ExitStack() as stack:
        if writable or lock_dir.is_dir():
            try:
                stack.enter_context(lock_output(lock_dir, exclusive=writable))
            except PermissionError:
                if writable:
                    raise
        yield


@contextmanager
def open_store(store_path: Path, *, lock_dir: Path, writable: bool = False) -> Iterator[GraphStore]:
    """Open the store under ``lock_dir``'s lock: shared to read, exclusive to write.

    A reader that cannot create the lock file (a read-only folder) reads
    without it; a missing store raises :class:`~newskg.errors.StoreError`.
    """
    with (
        reader_or_writer_lock(lock_dir, writable=writable),
        GraphStore(store_path, read_only=not writable) as store,
    ):
        yield store


def _sorted_lines(data: bytes) -> bytes:
    lines = sorted(set(data.splitlines()))
    return b"".join(line + b"\n" for line in lines if line)
