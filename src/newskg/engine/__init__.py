"""Where the per-article stage runs: in this process, in worker processes, or on Dask.

The per-article stage (spaCy parse + extraction) is a pure function of the
article, the knowledge base and the spaCy pipeline: :func:`extract_batch`.
It runs where the build says, and its results come back as
:class:`Outcome` s in the order the articles were given, so every engine
gives the same graph. Everything after it (the cross-article merge, RDF,
the store) runs in the build's own process.

- ``local`` with one worker: in this process, the next batch parsed in a
  thread (:func:`parse_batch`) while this one is extracted
  (:func:`extract_parsed`);
- ``local`` with ``workers > 1``: a pool of worker processes, each loading
  the pipeline once;
- ``dask``: a Dask cluster (:mod:`newskg.engine.dask_engine`), a
  ``LocalCluster`` unless given a scheduler's address.
"""

from __future__ import annotations

from newskg.engine.batch import (
    ExtractSettings,
    Outcome,
    extract_batch,
    extract_parsed,
    parse_batch,
)
from newskg.engine.run import ENGINES, run_engine

__all__ = [
    "ENGINES",
    "ExtractSettings",
    "Outcome",
    "extract_batch",
    "extract_parsed",
    "parse_batch",
    "run_engine",
]
