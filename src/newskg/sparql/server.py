"""newskg's SPARQL endpoint: the SPARQL 1.1 Protocol over the store, on the standard library.

:class:`SparqlServer` answers:

- ``GET /query?query=...`` and ``POST /query`` (an ``application/sparql-query``
  body, or a ``query=`` form), over the union of the store's graphs unless
  ``default-graph-uri`` / ``named-graph-uri`` say otherwise; results in
  SPARQL JSON (the default), XML, CSV or TSV, and Turtle (the default),
  N-Triples, RDF/XML, JSON-LD or N3 for ``CONSTRUCT`` and ``DESCRIBE``,
  as the ``Accept`` header asks;
- ``POST /update`` (an ``application/sparql-update`` body or an ``update=``
  form) only when the server is read-write;
- ``GET /``, ``/id/…``, ``/search``, ``/assets/…``: the query page and the linked-data pages of
  :mod:`newskg.web`, every value HTML-escaped.

It binds 127.0.0.1 unless told otherwise. Requests run in worker processes
(:mod:`newskg.sparql.worker`) under :class:`~newskg.sparql.worker.Limits`, after
:mod:`newskg.sparql.guard` checked them: ``SERVICE`` and ``LOAD`` are always
refused, updates unless the server is read-write (one read-write worker
then serves every request, in turn).

A request may use the prefixes of ``graph.ttl`` (``nkg:``, ``id:``,
``rdfs:``...) without declaring them; a malformed one is answered with its
line, column and a caret (:func:`newskg.sparql.queries.explain_syntax_error`).

Status codes: 200; 400 a malformed or refused request (``SERVICE``, ``LOAD``,
an update sent to ``/query``); 403 an update on a read-only server, or from
another site's page; 404; 405; 406 no format the client accepts; 411, 413
(a body over 1 MiB), 415; 500 the store failed; 503 every worker stayed busy
for the whole time limit; 504 the query ran past the time limit (its worker
is killed). Results cut at the row limit carry an ``X-SPARQL-MaxRows``
header with the limit.
"""

from __future__ import annotations

import queue
import signal
import socket
import threading
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from newskg import __version__
from newskg.config import DEFAULT_BASE_IRI
from newskg.errors import QueryError, QueryTimeoutError, StoreError
from newskg.sparql.answers import AnswerCache
from newskg.sparql.guard import Operation
from newskg.sparql.queries import declare_prefixes, explain_syntax_error
from newskg.sparql.worker import Answer, AnswerKind, Limits, QueryWorker, require_store
from newskg.store import lock_output, prefixes

__all__ = [
    "DEFAULT_CACHE_MB",
    "DEFAULT_PORT",
    "DEFAULT_WORKERS",
    "ServerBusyError",
    "SparqlServer",
    "WorkerPool",
    "endpoint_url",
    "media_ranges",
    "negotiate",
    "refusal_of",
]

DEFAULT_PORT = 7878
DEFAULT_WORKERS = 2
DEFAULT_CACHE_MB = 128
MAX_BODY_BYTES = 1 << 20

_RESULT_FORMATS = (
    ox.QueryResultsFormat.JSON,
    ox.QueryResultsFormat.XML,
    ox.QueryResultsFormat.CSV,
    ox.QueryResultsFormat.TSV,
)
_GRAPH_FORMATS = (
    ox.RdfFormat.TURTLE,
    ox.RdfFormat.N_TRIPLES,
    ox.RdfFormat.RDF_XML,
    ox.RdfFormat.JSON_LD,
    ox.RdfFormat.N3,
)
# The prefixes a request may use without declaring them: graph.ttl's.
_PREDECLARED = prefixes(DEFAULT_BASE_IRI)

F = TypeVar("F", ox.QueryResultsFormat, ox.RdfFormat)
# status, media type, body, extra headers
_Response = tuple[HTTPStatus, str, bytes, dict[str, str]]


def _address(bind: str, port: int) -> str:
    host = f"[{bind}]" if ":" in bind and not bind.startswith("[") else bind
    return f"{host}:{port}"


def endpoint_url(bind: str, port: int) -> str:
    """The server's base URL (``/query`` is the SPARQL endpoint below it)."""
    return f"http://{_address(bind, port)}/"


class ServerBusyError(StoreError):
    """Every worker stayed busy for the whole time limit."""


class WorkerPool:
    """Query workers over one store, each lent to one request at a time."""

    def __init__(self, make: Callable[[], QueryWorker], size: int) -> None:
        if size < 1:
            raise ValueError("a pool needs at least one worker")
        self._workers = [make() for _ in range(size)]
        self._idle: queue.Queue[QueryWorker] = queue.Queue()
        for worker in self._workers:
            self._idle.put(worker)

    def start(self) -> None:
        """Start every worker (raises :class:`~newskg.errors.StoreError` if the store fails)."""
        for worker in self._workers:
            worker.start()

    def run(self, sparql: str, *, limits: Limits, **options: Any) -> Answer:
        """:meth:`QueryWorker.run` on the first idle worker, waited for up to the time limit.

        Raises :class:`ServerBusyError` when none was idle in time.
        """
        try:
            worker = self._idle.get(timeout=limits.timeout)
        except queue.Empty:
            raise ServerBusyError("every query worker is busy; try again later") from None
        try:
            return worker.run(sparql, limits=limits, **options)
        finally:
            self._idle.put(worker)

    def close(self) -> None:
        for worker in self._workers:
            worker.close(timeout=1.0)


class SparqlServer(ThreadingHTTPServer):
    """The SPARQL endpoint over the store at ``store_path`` (see the module docstring).

    Holds ``lock_dir``'s lock (:func:`newskg.store.lock_output`: shared, or
    exclusive when read-write) until closed, binds, and starts the workers;
    :meth:`serve_until_stopped` then answers requests. Raises
    :class:`~newskg.errors.StoreError` when the store is missing, locked by a
    build or cannot be opened, and ``OSError`` when the address cannot be bound.
    """

    daemon_threads = True

    def __init__(
        self,
        store_path: Path,
        *,
        lock_dir: Path | None = None,
        bind: str = "127.0.0.1",
        port: int = DEFAULT_PORT,
        allow_update: bool = False,
        limits: Limits | None = None,
        workers: int = DEFAULT_WORKERS,
        cache_mb: float = DEFAULT_CACHE_MB,
    ) -> None:
        self.store_path = Path(store_path)
        require_store(self.store_path)
        self.allow_update = allow_update
        self.limits = limits or Limits()
        # A read-only store cannot change while served (the folder's lock is held):
        # answers are kept for the next identical query, up to cache_mb megabytes.
        self.answers: AnswerCache[tuple[str, bytes, bool]] | None = None
        if not allow_update and cache_mb > 0:
            self.answers = AnswerCache(int(cache_mb * 1_000_000))
        # One process can open the store read-write: it then serves every request.
        size = 1 if allow_update else workers
        self.pool = WorkerPool(
            lambda: QueryWorker.for_store(self.store_path, writable=allow_update), size
        )
        self._lock = ExitStack()
        if lock_dir is not None:  # held while serving: a build of the folder is refused
            self._lock.enter_context(lock_output(Path(lock_dir), exclusive=allow_update))
        self.address_family = socket.AF_INET6 if ":" in bind else socket.AF_INET
        try:
            super().__init__((bind.strip("[]"), port), _Handler)
        except BaseException:
            self._lock.close()
            raise
        try:
            self.pool.start()
        except BaseException:
            self.close()
            raise

    @property
    def url(self) -> str:
        """The base URL, with the port actually bound (``port=0`` picks a free one)."""
        host, port = self.server_address[:2]
        return endpoint_url(str(host), int(port))

    def serve_until_stopped(self) -> None:
        """Answer requests until Ctrl-C or SIGTERM, then stop the workers and close the socket."""

        def stop(signum: int, frame: object) -> None:
            raise KeyboardInterrupt

        previous = None
        if threading.current_thread() is threading.main_thread():
            previous = signal.signal(signal.SIGTERM, stop)
        try:
            self.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)
            self.close()

    def close(self) -> None:
        """Close the socket, stop the workers, release the output folder's lock."""
        self.server_close()
        self.pool.close()
        self._lock.close()

    def __enter__(self) -> SparqlServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Refusal(Exception):
    """An HTTP error answer: status and plain-text message."""

    def __init__(self, status: HTTPStatus, message: str, **headers: str) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers


def media_ranges(accept: str) -> list[str]:
    """The media ranges of an ``Accept`` header, lower case, best first (``q=0`` left out).

    Equal weights keep the header's order.

    >>> media_ranges("text/csv;q=0.5, application/json, image/*;q=0")
    ['application/json', 'text/csv']
    """
    ranges = []
    for position, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        weight = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if weight > 0 and media:
            ranges.append((-weight, position, media.lower()))
    return [media for _, _, media in sorted(ranges)]


def refusal_of(exc: Exception, sparql: str, text: str) -> tuple[HTTPStatus, str, dict[str, str]]:
    """The HTTP status, message and headers answering a query the worker pool did not run.

    ``text`` is ``sparql`` as sent to the pool (with predeclared prefixes on a
    first line when it differs), so syntax errors point into the request as written.
    """
    if isinstance(exc, QueryError):
        message = explain_syntax_error(str(exc), sparql, line_offset=0 if text is sparql else 1)
        return HTTPStatus.BAD_REQUEST, message, {}
    if isinstance(exc, QueryTimeoutError):
        return HTTPStatus.GATEWAY_TIMEOUT, str(exc), {}
    if isinstance(exc, ServerBusyError):
        return HTTPStatus.SERVICE_UNAVAILABLE, str(exc), {"Retry-After": "1"}
    return HTTPStatus.INTERNAL_SERVER_ERROR, str(exc), {}


def negotiate(accept: str | None, formats: Sequence[F]) -> F | None:
    """The first of ``formats`` (the default) that the ``Accept`` header allows, best first.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", _RESULT_FORMATS).name
    'SPARQL Results in XML'
    >>> negotiate("text/*", _GRAPH_FORMATS).name
    'Turtle'
    >>> negotiate("image/png", _GRAPH_FORMATS) is None
    True
    """
    if not accept or not accept.strip():
        return formats[0]
    parse = type(formats[0]).from_media_type
    for media in media_ranges(accept):
        if media == "*/*":
            return formats[0]
        if media.endswith("/*"):
            found = [f for f in formats if f.media_type.startswith(media[:-1])]
            if found:
                return found[0]
            continue
        fmt = parse(media)
        if fmt in formats:
            return fmt
    return None


def _represent(answer: Answer, accept: str | None) -> tuple[str, bytes]:
    """The media type and body of ``answer`` in the format the ``Accept`` header prefers.

    Raises :class:`_Refusal` (406) when it allows none.
    """
    if answer.kind is AnswerKind.TRIPLES:
        rdf = negotiate(accept, _GRAPH_FORMATS)
        if rdf is None:
            raise _Refusal(HTTPStatus.NOT_ACCEPTABLE, _acceptable(_GRAPH_FORMATS))
        if rdf is ox.RdfFormat.N_TRIPLES:
            return rdf.media_type, answer.data
        triples = sorted(answer.results() or [], key=str)
        return rdf.media_type, ox.serialize(
            triples, format=rdf, prefixes=prefixes(DEFAULT_BASE_IRI)
        )
    fmt = negotiate(accept, _RESULT_FORMATS)
    if fmt is None:
        raise _Refusal(HTTPStatus.NOT_ACCEPTABLE, _acceptable(_RESULT_FORMATS))
    if (answer.kind, fmt) in (
        (AnswerKind.BOOLEAN, ox.QueryResultsFormat.JSON),
        (AnswerKind.SOLUTIONS, ox.QueryResultsFormat.TSV),
    ):
        return fmt.media_type, answer.data  # already in that format
    return fmt.media_type, answer.results().serialize(format=fmt)  # type: ignore[union-attr]


def _acceptable(formats: Sequence[ox.QueryResultsFormat | ox.RdfFormat]) -> str:
    return "no acceptable format; this endpoint gives " + ", ".join(f.media_type for f in formats)


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = f"newskg/{__version__}"

    # -- routing
    def do_GET(self) -> None:
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)

        def route() -> _Response:
            from newskg.web import respond  # noqa: PLC0415  (/, /id/, /search, /assets/)

            page = respond(self.server, url.path, params, self.headers)
            if page is not None:
                return page
            if url.path == "/query":
                return self._query(params)
            return self._refuse_path(url.path, get=True)

        self._answer(route)

    def do_POST(self) -> None:
        url = urlsplit(self.path)

        def route() -> _Response:
            if url.path not in ("/query", "/update"):
                return self._refuse_path(url.path, get=False)
            params = parse_qs(url.query, keep_blank_values=True)
            field = url.path.lstrip("/")
            if field == "update":
                self._check_update_allowed()
            body = self._body()
            kind = self.headers.get_content_type()
            if kind == f"application/sparql-{field}":
                params[field] = [body]
            elif kind == "application/x-www-form-urlencoded":
                params.update(parse_qs(body, keep_blank_values=True))
            else:
                raise _Refusal(
                    HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                    f"send application/sparql-{field} or application/x-www-form-urlencoded",
                )
            return self._query(params) if field == "query" else self._update(params)

        self._answer(route)

    def _refuse_path(self, path: str, *, get: bool) -> _Response:
        if path == "/update" and get:
            raise _Refusal(HTTPStatus.METHOD_NOT_ALLOWED, "send updates with POST", Allow="POST")
        if path == "/" and not get:
            raise _Refusal(HTTPStatus.METHOD_NOT_ALLOWED, "the query page is GET only", Allow="GET")
        raise _Refusal(HTTPStatus.NOT_FOUND, f"nothing at {path}: the endpoint is /query")

    # -- operations
    def _query(self, params: dict[str, list[str]]) -> _Response:
        sparql = _one(params, "query")
        accept = self.headers.get("Accept")

        def respond() -> tuple[str, bytes, bool]:
            answer = self._run(sparql, Operation.QUERY, params)
            media, body = _represent(answer, accept)
            return media, body, answer.truncated

        answers = self.server.answers
        if answers is None:
            media, body, truncated = respond()
        else:  # the response itself is kept: a repeated query costs no run, no conversion
            key = (
                sparql,
                tuple(params.get("default-graph-uri") or ()),
                tuple(params.get("named-graph-uri") or ()),
                accept or "",
            )
            media, body, truncated = answers.get_or_run(
                key, respond, size=lambda r: len(r[1]), wait=self.server.limits.timeout
            )
        return HTTPStatus.OK, media, body, self._truncation(truncated)

    def _update(self, params: dict[str, list[str]]) -> _Response:
        self._run(_one(params, "update"), Operation.UPDATE, params)
        return HTTPStatus.NO_CONTENT, "text/plain; charset=utf-8", b"", {}

    def _check_update_allowed(self) -> None:
        if not self.server.allow_update:
            raise _Refusal(
                HTTPStatus.FORBIDDEN,
                "this endpoint is read-only (start newskg serve with --allow-update)",
            )
        origin = self.headers.get("Origin")
        if origin is not None and urlsplit(origin).netloc != self.headers.get("Host"):
            raise _Refusal(HTTPStatus.FORBIDDEN, "updates from another site's page are refused")

    def _run(self, sparql: str, expect: Operation, params: dict[str, list[str]]) -> Answer:
        # graph.ttl's prefixes (nkg:, id:, rdfs:...) need no PREFIX line; errors give the
        # line and column in the request as sent.
        text = declare_prefixes(sparql, _PREDECLARED)
        try:
            if not sparql.strip():
                raise QueryError(explain_syntax_error("", sparql))
            return self.server.pool.run(
                text,
                limits=self.server.limits,
                allow_update=self.server.allow_update,
                expect=expect,
                default_graph=params.get("default-graph-uri") or None,
                named_graphs=params.get("named-graph-uri") or None,
            )
        except (QueryError, QueryTimeoutError, OSError) as exc:  # ServerBusyError is an OSError
            status, message, headers = refusal_of(exc, sparql, text)
            raise _Refusal(status, message, **headers) from exc

    def _truncation(self, truncated: bool) -> dict[str, str]:
        if not truncated:
            return {}
        return {"X-SPARQL-MaxRows": str(self.server.limits.max_rows)}

    # -- plumbing
    def _body(self) -> str:
        length = self.headers.get("Content-Length")
        if length is None:
            raise _Refusal(HTTPStatus.LENGTH_REQUIRED, "a POST needs a Content-Length")
        try:
            size = int(length)
        except ValueError:
            raise _Refusal(HTTPStatus.BAD_REQUEST, "bad Content-Length") from None
        if size > MAX_BODY_BYTES or size < 0:
            raise _Refusal(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "the request is over 1 MiB")
        try:
            return self.rfile.read(size).decode("utf-8")
        except UnicodeDecodeError:
            raise _Refusal(HTTPStatus.BAD_REQUEST, "the request body is not UTF-8") from None

    def _answer(self, respond: Callable[[], _Response]) -> None:
        try:
            status, media, body, headers = respond()
        except _Refusal as refusal:
            status, media = refusal.status, "text/plain; charset=utf-8"
            body, headers = f"{refusal}\n".encode(), refusal.headers
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


def _one(params: dict[str, list[str]], name: str) -> str:
    values = params.get(name, [])
    if len(values) != 1 or not values[0].strip():
        raise _Refusal(HTTPStatus.BAD_REQUEST, f"give exactly one {name}= parameter")
    return values[0]
