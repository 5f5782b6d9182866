"""SPARQL over the built graph: named queries, result formats, the guard, workers, the endpoint.

One module per concern:

- :mod:`newskg.sparql.queries`: the named queries (``queries/*.rq``),
  variable bindings, the prefixes a query may leave undeclared, syntax
  errors shown with a caret, and :func:`run` (a query in a worker);
- :mod:`newskg.sparql.results`: how ``newskg query`` prints results (a
  table, CSV, TSV, JSON, Turtle, N-Triples);
- :mod:`newskg.sparql.guard`: which requests run (queries, updates when
  allowed, never ``SERVICE`` or ``LOAD``);
- :mod:`newskg.sparql.worker`: a worker process that holds the store open,
  killed at the time limit, its results cut at the row limit;
- :mod:`newskg.sparql.server`: the SPARQL 1.1 Protocol endpoint of
  ``newskg serve`` (its HTML pages are :mod:`newskg.web`);
- :mod:`newskg.sparql.answers`: the endpoint's answers kept for repeated
  queries, concurrent identical queries sharing one run.

Import from here (``from newskg.sparql import Limits, QueryWorker``). The
names are loaded on first use, each from its own module: a worker process
imports pyoxigraph and the guard only, ``newskg --help`` none of them, and
:mod:`newskg.store` (which the server imports) can use the guard.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newskg.sparql.answers import AnswerCache
    from newskg.sparql.guard import Operation, check, is_update
    from newskg.sparql.queries import (
        NamedQuery,
        QueryOutcome,
        binding_hint,
        check_bindings,
        declare_prefixes,
        explain_syntax_error,
        named_queries,
        named_query,
        parse_binding,
        predeclared_prefixes,
        query_variables,
        run,
    )
    from newskg.sparql.results import (
        FormatMismatchError,
        ResultFormat,
        fetch_labels,
        format_table,
        render,
    )
    from newskg.sparql.server import (
        DEFAULT_CACHE_MB,
        DEFAULT_PORT,
        DEFAULT_WORKERS,
        ServerBusyError,
        SparqlServer,
        WorkerPool,
        endpoint_url,
        media_ranges,
        negotiate,
        refusal_of,
    )
    from newskg.sparql.worker import (
        DEFAULT_MAX_ROWS,
        DEFAULT_TIMEOUT,
        Answer,
        AnswerKind,
        Limits,
        QueryWorker,
        open_worker,
        require_store,
    )

__all__ = [
    "DEFAULT_CACHE_MB",
    "DEFAULT_MAX_ROWS",
    "DEFAULT_PORT",
    "DEFAULT_TIMEOUT",
    "DEFAULT_WORKERS",
    "Answer",
    "AnswerCache",
    "AnswerKind",
    "FormatMismatchError",
    "Limits",
    "NamedQuery",
    "Operation",
    "QueryOutcome",
    "QueryWorker",
    "ResultFormat",
    "ServerBusyError",
    "SparqlServer",
    "WorkerPool",
    "binding_hint",
    "check",
    "check_bindings",
    "declare_prefixes",
    "endpoint_url",
    "explain_syntax_error",
    "fetch_labels",
    "format_table",
    "is_update",
    "media_ranges",
    "named_queries",
    "named_query",
    "negotiate",
    "open_worker",
    "parse_binding",
    "predeclared_prefixes",
    "query_variables",
    "refusal_of",
    "render",
    "require_store",
    "run",
]

# Each public name and the module (of this package) that defines it.
_MODULES = {
    "answers": ("AnswerCache",),
    "guard": ("Operation", "check", "is_update"),
    "queries": (
        "NamedQuery",
        "QueryOutcome",
        "binding_hint",
        "check_bindings",
        "declare_prefixes",
        "explain_syntax_error",
        "named_queries",
        "named_query",
        "parse_binding",
        "predeclared_prefixes",
        "query_variables",
        "run",
    ),
    "results": ("FormatMismatchError", "ResultFormat", "fetch_labels", "format_table", "render"),
    "server": (
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
    ),
    "worker": (
        "DEFAULT_MAX_ROWS",
        "DEFAULT_TIMEOUT",
        "Answer",
        "AnswerKind",
        "Limits",
        "QueryWorker",
        "open_worker",
        "require_store",
    ),
}
_HOME = {name: module for module, names in _MODULES.items() for name in names}


def __getattr__(name: str) -> Any:
    """Load a public name from its module on first use (PEP 562)."""
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
