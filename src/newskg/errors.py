"""The newskg exception tree.

::

    NewskgError                      base of every error newskg raises on purpose
    ├── InputError (ValueError)      an input record cannot be read (bad encoding, empty, ...)
    │   └── UnsupportedLanguageError an article in a language the pipeline does not handle
    ├── KnowledgeBaseError (ValueError)  a knowledge-base file is malformed
    ├── OntologyError (ValueError)   code and ontology disagree (unknown nkg: term)
    ├── OutputError (OSError)        an output cannot be written, or is locked by another build
    ├── StoreError (OSError)         the graph store is missing, busy, or cannot be read or written
    ├── QueryError (SyntaxError)     a SPARQL query is malformed or not allowed
    └── QueryTimeoutError (TimeoutError)  a SPARQL query ran past its time limit and was stopped

Every error carries a message meant for the user; the CLI prints it as is.
"""

from __future__ import annotations

__all__ = [
    "InputError",
    "KnowledgeBaseError",
    "NewskgError",
    "OntologyError",
    "OutputError",
    "QueryError",
    "QueryTimeoutError",
    "StoreError",
    "UnsupportedLanguageError",
]


class NewskgError(Exception):
    """Base class of every error newskg raises on purpose."""


class InputError(NewskgError, ValueError):
    """An input record cannot be turned into an article.

    ``source`` names the file (and line, for JSON Lines); ``reason`` is a short
    machine-friendly category used in the build summary (``empty``, ``binary``,
    ``encoding``, ``too-large``, ``malformed``, ``language``, ``duplicate``...).
    """

    def __init__(self, source: str, reason: str, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.reason = reason
        self.detail = message


class UnsupportedLanguageError(InputError):
    """An article in a language the configured pipeline does not handle."""


class KnowledgeBaseError(NewskgError, ValueError):
    """A knowledge-base file is malformed."""


class OntologyError(NewskgError, ValueError):
    """The code uses a term the ontology does not declare, or the reverse."""


class OutputError(NewskgError, OSError):
    """An output cannot be written, or another build holds the output folder."""


class StoreError(NewskgError, OSError):
    """The graph store is missing, held by another process, or cannot be read or written."""


class QueryError(NewskgError, SyntaxError):
    """A SPARQL query is malformed, or asks for something not allowed (an update, SERVICE, LOAD)."""


class QueryTimeoutError(NewskgError, TimeoutError):
    """A SPARQL query ran past its time limit; it was stopped (its worker process killed)."""
