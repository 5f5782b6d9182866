"""Run SPARQL in a worker process that holds the store open and is killed at a deadline.

pyoxigraph cannot stop a query once it runs, so newskg runs requests in a
separate process: :class:`QueryWorker` starts a Python process that opens
the store (read-only unless told otherwise, or an RDF file loaded in
memory), then answers one request at a time over a pipe. The worker checks
each request (:mod:`newskg.sparql.guard`) and runs it under the
:class:`Limits`:

- past ``timeout`` seconds the worker is killed and
  :class:`~newskg.errors.QueryTimeoutError` (a ``TimeoutError``) is raised;
  the next request starts a new worker;
- results beyond ``max_rows`` rows (``SELECT``) or triples (``CONSTRUCT``,
  ``DESCRIBE``) are cut, and the :class:`Answer` says so (``truncated``).

Starting a worker takes about 0.2 s (a Python process that imports
pyoxigraph only, then opens the store); a request then costs under a
millisecond more than in the calling process, plus about 3 ms per thousand
rows of results. A worker also stops itself shortly after a deadline,
so a query never outlives a caller that was killed.

Answers carry SPARQL TSV results (``SELECT``: the fastest to write from
Python), SPARQL JSON (``ASK``) or N-Triples (``CONSTRUCT``, ``DESCRIBE``);
:meth:`Answer.results` reads them back.
"""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from enum import StrEnum
from itertools import islice
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from newskg.errors import QueryError, QueryTimeoutError, StoreError
from newskg.sparql.guard import Operation, check

__all__ = [
    "DEFAULT_MAX_ROWS",
    "DEFAULT_TIMEOUT",
    "Answer",
    "AnswerKind",
    "Limits",
    "QueryWorker",
    "open_worker",
    "require_store",
]

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 10_000

# A worker left alone (its caller killed) exits this long after a deadline.
_GRACE = 5.0
# The worker's program: this very newskg, found where the caller found it.
_ROOT = str(Path(__file__).resolve().parents[2])
_BOOT = (
    "import sys\n"
    f"if {_ROOT!r} not in sys.path: sys.path.insert(0, {_ROOT!r})\n"
    "from newskg.sparql.worker import _main\n"
    "sys.exit(_main(sys.argv[1:]))\n"
)


@dataclass(frozen=True, slots=True)
class Limits:
    """How long a request may run (seconds) and how many rows or triples it may return.

    ``None`` means no limit.
    """

    timeout: float | None = DEFAULT_TIMEOUT
    max_rows: int | None = DEFAULT_MAX_ROWS

    def __post_init__(self) -> None:
        if self.timeout is not None and self.timeout <= 0:
            raise ValueError("the timeout must be positive (or None: no limit)")
        if self.max_rows is not None and self.max_rows <= 0:
            raise ValueError("max_rows must be positive (or None: no limit)")


class AnswerKind(StrEnum):
    """What a request gave: solutions (SELECT), a boolean (ASK), triples, or an update done."""

    SOLUTIONS = "solutions"
    BOOLEAN = "boolean"
    TRIPLES = "triples"
    UPDATED = "updated"


@dataclass(frozen=True, slots=True)
class Answer:
    """A worker's answer, cut at the row limit if ``truncated``.

    ``data`` is SPARQL TSV results (solutions), SPARQL JSON results (a
    boolean), N-Triples (triples) or nothing (an update).
    """

    kind: AnswerKind
    data: bytes
    truncated: bool = False

    def results(self) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple] | None:
        """The answer as pyoxigraph objects (``None`` after an update)."""
        if self.kind is AnswerKind.UPDATED:
            return None
        if self.kind is AnswerKind.TRIPLES:
            return list(ox.parse(self.data, format=ox.RdfFormat.N_TRIPLES))
        if self.kind is AnswerKind.SOLUTIONS:
            return ox.parse_query_results(self.data, format=ox.QueryResultsFormat.TSV)
        return ox.parse_query_results(self.data, format=ox.QueryResultsFormat.JSON)


class _Source(StrEnum):
    READ_ONLY = "read-only"
    READ_WRITE = "read-write"
    FILE = "file"


class QueryWorker:
    """A worker process answering SPARQL requests over one store (or RDF file).

    Use :meth:`for_store` or :meth:`for_file`, as a context manager (or call
    :meth:`close`). The process starts on entry (or at the first request) and
    again after it was killed. One request at a time: callers that share a
    worker take turns (see :class:`newskg.sparql.server.WorkerPool`).

    Raises :class:`~newskg.errors.StoreError` when the store cannot be opened.
    """

    def __init__(self, path: Path, source: _Source) -> None:
        self.path = Path(path)
        self._source = source
        self._process: subprocess.Popen[bytes] | None = None

    @classmethod
    def for_store(cls, path: Path, *, writable: bool = False) -> QueryWorker:
        """A worker over the store at ``path``: read-only, or read-write to run updates."""
        return cls(path, _Source.READ_WRITE if writable else _Source.READ_ONLY)

    @classmethod
    def for_file(cls, path: Path) -> QueryWorker:
        """A worker over an RDF file loaded in memory (its format from its suffix)."""
        return cls(path, _Source.FILE)

    @property
    def writable(self) -> bool:
        return self._source is _Source.READ_WRITE

    # -- life cycle
    def start(self) -> None:
        """Start the process (if it is not running) and wait until it has opened the store."""
        if self._process is not None and self._process.poll() is None:
            return
        self._process = subprocess.Popen(
            [sys.executable, "-c", _BOOT, self._source.value, str(self.path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        try:
            reply = pickle.load(self._process.stdout)  # type: ignore[arg-type]
        except (EOFError, pickle.UnpicklingError, OSError) as exc:
            code = self._reap()
            raise StoreError(f"the query worker did not start (exit code {code})") from exc
        if reply[0] != "ready":
            self._reap()
            raise StoreError(reply[2])

    def close(self, timeout: float = 5.0) -> None:
        """Stop the process: it exits when its input closes (killed if not within ``timeout`` s)."""
        process, self._process = self._process, None
        if process is None:
            return
        try:
            process.stdin.close()  # type: ignore[union-attr]
            process.wait(timeout=timeout)
        except (OSError, subprocess.TimeoutExpired):
            process.kill()
            process.wait()
        finally:
            process.stdout.close()  # type: ignore[union-attr]

    def _reap(self) -> int | None:
        """Kill the process (if still running) and forget it; its exit code."""
        process, self._process = self._process, None
        if process is None:
            return None
        process.kill()
        for stream in (process.stdin, process.stdout):
            with suppress(OSError):
                stream.close()  # type: ignore[union-attr]
        return process.wait()

    def __enter__(self) -> QueryWorker:
        self.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if kind is None:
            self.close()
        else:  # e.g. Ctrl-C during a long query: do not wait for it
            self._reap()

    # -- requests
    def run(
        self,
        sparql: str,
        *,
        limits: Limits | None = None,
        bindings: dict[str, ox.NamedNode | ox.Literal] | None = None,
        allow_update: bool = False,
        expect: Operation | None = None,
        default_graph: Iterable[str] | None = None,
        named_graphs: Iterable[str] | None = None,
    ) -> Answer:
        """Check ``sparql`` and run it under ``limits``.

        ``bindings`` set variables of a query by name; ``expect`` refuses the
        other operation (a query at an update endpoint). The query sees the
        union of the store's graphs, unless ``default_graph`` (IRIs) names
        the graphs of its default graph; ``named_graphs`` restricts ``GRAPH``.

        Raises :class:`~newskg.errors.QueryError` for a malformed or refused
        request, :class:`~newskg.errors.QueryTimeoutError` past the time
        limit, :class:`~newskg.errors.StoreError` when the store fails.
        """
        limits = limits or Limits()
        self.start()
        process = self._process
        assert process is not None and process.stdin is not None and process.stdout is not None
        request = {
            "sparql": sparql,
            "bindings": dict(bindings or {}),
            "allow_update": allow_update,
            "expect": None if expect is None else expect.value,
            "max_rows": limits.max_rows,
            "timeout": limits.timeout,
            "default_graph": None if default_graph is None else list(default_graph),
            "named_graphs": None if named_graphs is None else list(named_graphs),
        }
        expired = threading.Event()

        def expire() -> None:
            expired.set()
            process.kill()

        timer = threading.Timer(limits.timeout, expire) if limits.timeout else None
        if timer is not None:
            timer.daemon = True
            timer.start()
        try:
            _send(process.stdin, request)
            reply = pickle.load(process.stdout)
        except (EOFError, pickle.UnpicklingError, OSError) as exc:
            code = self._reap()
            if expired.is_set():
                raise QueryTimeoutError(
                    f"the query ran longer than {limits.timeout:g} s and was stopped"
                ) from None
            raise StoreError(f"the query worker stopped unexpectedly (exit code {code})") from exc
        finally:
            if timer is not None:
                timer.cancel()
        if expired.is_set():  # answered just in time, then killed: start anew next time
            self._reap()
        if reply[0] == "ok":
            return Answer(AnswerKind(reply[1]), reply[2], reply[3])
        error = QueryError if reply[1] == "query" else StoreError
        raise error(reply[2])


@contextmanager
def open_worker(
    store_path: Path, *, lock_dir: Path, writable: bool = False
) -> Iterator[QueryWorker]:
    """A worker over ``store_path`` under ``lock_dir``'s lock, as :func:`newskg.store.open_store`.

    The lock is shared to read, exclusive to write; a reader that cannot
    create the lock file (a read-only folder) reads without it.
    """
    from newskg.store import reader_or_writer_lock  # noqa: PLC0415  (not in the worker process)

    with (
        reader_or_writer_lock(lock_dir, writable=writable),
        QueryWorker.for_store(store_path, writable=writable) as worker,
    ):
        yield worker


def _send(stream: IO[bytes], message: object) -> None:
    pickle.dump(message, stream, protocol=pickle.HIGHEST_PROTOCOL)
    stream.flush()


# ---------------------------------------------------------------- the worker process
def _solutions_tsv(variables: list[str], rows: Iterable[ox.QuerySolution]) -> bytes:
    """Solutions as SPARQL TSV results (a term's ``str`` is its escaped N-Triples form)."""
    lines = ["\t".join(f"?{name}" for name in variables)]
    lines.extend("\t".join("" if term is None else str(term) for term in row) for row in rows)
    return ("\n".join(lines) + "\n").encode("utf-8")


def _first(items: Iterable[Any], limit: int | None) -> tuple[list[Any], bool]:
    """The first ``limit`` items, and whether there were more."""
    if limit is None:
        return list(items), False
    head = list(islice(items, limit + 1))
    return head[:limit], len(head) > limit


def _answer(store: ox.Store, request: dict[str, Any], *, writable: bool) -> tuple[str, bytes, bool]:
    """Check and run one request on ``store``."""
    sparql = request["sparql"]
    operation = check(sparql, allow_update=request["allow_update"])
    expect = request["expect"]
    if expect is not None and operation.value != expect:
        wanted = "an update" if expect == Operation.UPDATE.value else "a query"
        raise QueryError(f"this is a SPARQL {operation.value}, where {wanted} is expected")
    if operation is Operation.UPDATE:
        if not writable:
            raise QueryError("the graph store is open read-only: updates are refused")
        if request["bindings"]:
            raise QueryError("bindings apply to queries, not to updates")
        try:
            store.update(sparql)
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL update: {exc}") from exc
        return AnswerKind.UPDATED.value, b"", False
    options: dict[str, Any] = {
        "substitutions": {ox.Variable(k): v for k, v in request["bindings"].items()}
    }
    # ValueError (an invalid graph IRI) is reported as a refused request.
    if request["default_graph"] is not None:
        options["default_graph"] = [ox.NamedNode(iri) for iri in request["default_graph"]]
    else:
        options["use_default_graph_as_union"] = True
    if request["named_graphs"] is not None:
        options["named_graphs"] = [ox.NamedNode(iri) for iri in request["named_graphs"]]
    try:
        results = store.query(sparql, **options)
    except SyntaxError as exc:
        raise QueryError(f"invalid SPARQL query: {exc}") from exc
    except RuntimeError as exc:  # Oxigraph: a binding of a variable the query does not have
        raise QueryError(f"cannot run the query: {exc}") from exc
    if isinstance(results, ox.QueryBoolean):
        return AnswerKind.BOOLEAN.value, results.serialize(format=ox.QueryResultsFormat.JSON), False
    if isinstance(results, ox.QueryTriples):
        triples, cut = _first(results, request["max_rows"])
        return AnswerKind.TRIPLES.value, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), cut
    variables = [v.value for v in results.variables]
    rows, cut = _first(results, request["max_rows"])
    return AnswerKind.SOLUTIONS.value, _solutions_tsv(variables, rows), cut


def require_store(path: Path) -> None:
    """Raise :class:`~newskg.errors.StoreError` unless there is a graph store at ``path``."""
    if not (Path(path) / "CURRENT").exists():
        raise StoreError(f"no graph store at {path}: build one first (`newskg build`)")


def _open(source: _Source, path: Path) -> ox.Store:
    """The store the worker serves (as :class:`newskg.store.GraphStore` opens it, without rdflib).

    The worker imports pyoxigraph, not rdflib, so that it starts quickly.
    """
    if source is _Source.FILE:
        fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) or ox.RdfFormat.TURTLE
        store = ox.Store()
        try:
            store.load(path=str(path), format=fmt)
        except SyntaxError as exc:
            raise StoreError(f"{path}: not valid {fmt.name}: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"cannot read {path}: {exc.strerror or exc}") from exc
        return store
    require_store(path)
    try:
        if source is _Source.READ_ONLY:
            return ox.Store.read_only(str(path))
        return ox.Store(str(path))
    except OSError as exc:
        raise StoreError(f"cannot open the graph store at {path}: {exc}") from exc


def _main(argv: list[str]) -> int:
    """The worker process: open the store, then answer requests until the input closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the caller, who stops us
    requests = sys.stdin.buffer
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray output must not corrupt replies
    source = _Source(argv[0])
    try:
        store = _open(source, Path(argv[1]))
    except (StoreError, OSError) as exc:
        _send(replies, ("error", "store", str(exc)))
        return 1
    _send(replies, ("ready",))
    while True:
        try:
            request = pickle.load(requests)
        except EOFError:
            return 0
        watchdog = None
        if request["timeout"]:
            watchdog = threading.Timer(request["timeout"] + _GRACE, os._exit, (124,))
            watchdog.daemon = True
            watchdog.start()
        try:
            reply: tuple[Any, ...] = (
                "ok",
                *_answer(store, request, writable=source is _Source.READ_WRITE),
            )
        except (QueryError, ValueError) as exc:
            reply = ("error", "query", str(exc))
        except (StoreError, OSError) as exc:
            reply = ("error", "store", str(exc))
        finally:
            if watchdog is not None:
                watchdog.cancel()
        try:
            _send(replies, reply)
        except BrokenPipeError:
            return 0
