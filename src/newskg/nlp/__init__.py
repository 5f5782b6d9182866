"""The spaCy side of newskg: the pipeline and our components.

Importing this package does not load a model; :func:`load_pipeline` does,
once, when a build needs it (``newskg query`` never does).
"""

from newskg.nlp.pipeline import ModelInfo, load_pipeline, parse

__all__ = ["ModelInfo", "load_pipeline", "parse"]
