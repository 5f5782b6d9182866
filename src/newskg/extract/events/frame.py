"""The event frame a trigger opens in one sentence, before quantities, time and attribution."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from newskg.model import EventKind

__all__ = ["EventMention"]


@dataclass(slots=True)
class EventMention:
    """An event frame read from one sentence, before quantities, time and attribution."""

    kind: EventKind
    trigger: Token
    sentence: Span
    roles: dict[str, list[str]] = field(default_factory=dict)
    theme: Token | None = None

    def add(self, role: str, key: str) -> None:
        vals = self.roles.setdefault(role, [])
        if key not in vals:
            vals.append(key)

    def has(self, role: str) -> bool:
        return bool(self.roles.get(role))
