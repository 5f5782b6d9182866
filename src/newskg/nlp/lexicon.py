"""The JSON lexicons under ``newskg/data/lexicons/``, loaded once and frozen.

Rules live in these files, not in code: a user extends the trigger list or
the descriptor nouns by editing data, and the extractors read them through
these accessors.
"""

from __future__ import annotations

import json
from functools import cache
from types import MappingProxyType
from typing import Any

from newskg.resources import data_dir

__all__ = ["lexicon"]


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items() if not k.startswith("_")})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


@cache
def lexicon(name: str) -> Any:
    """The lexicon ``name`` (``entities``, ``events``, ``claims``) as read-only mappings.

    >>> "envoyer" in lexicon("events")["verb_triggers"]["transfer"]
    True
    """
    path = data_dir() / "lexicons" / f"{name}_fr.json"
    with path.open(encoding="utf-8") as fh:
        return _freeze(json.load(fh))
