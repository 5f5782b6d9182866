"""Compositional agencies: a state's ministry, army, navy... for every state, not listed.

Every state has a defence ministry, armed forces, a parliament; the press
names them by a descriptor and a nationality ("le ministère polonais de la
Défense", "la marine allemande", "le gouvernement de Pologne"). Listing them
for ~200 states would be a copy of one pattern, so they are generated: the
kinds (class, descriptor word forms, key suffix, label templates) are data in
``entities_fr.json`` (``agency_kinds``), and :func:`compose_agency` makes the
one entity of a state and kind:

- key ``<state key>-<suffix>`` (``poland-defence-ministry``): deterministic,
  so every article that names the Polish defence ministry names one node;
- labels from the templates, in the press's own order ("ministère polonais
  de la Défense", the form the French press and the KB's curated entries
  use), falling back to "ministère de la Défense (Pologne)" for a state
  without a French demonym;
- ``affiliation`` the state.

When the KB lists that state's body of that kind, :class:`AgencyIndex` finds
it and the mention links to it instead (``kb:russian-defence-ministry``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from newskg.kb import KnowledgeBase
from newskg.kb.loader import inflect_demonym
from newskg.model import EntityKind
from newskg.nlp.lexicon import lexicon
from newskg.text import name_key

__all__ = [
    "AgencyIndex",
    "AgencyKind",
    "ComposedAgency",
    "agency_kinds",
    "compose_agency",
    "demonym_forms",
]

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True, slots=True)
class AgencyKind:
    """One kind of state body, read from the lexicon (``agency_kinds``)."""

    id: str
    kind: EntityKind
    suffix: str
    descriptors: tuple[str, ...]
    labels_fr: tuple[str, ...]
    labels_en: tuple[str, ...]
    default: bool = False


@dataclass(frozen=True, slots=True)
class ComposedAgency:
    """A state's body of one kind, generated (not in the KB)."""

    key: str
    kind: EntityKind
    label_fr: str
    label_en: str
    affiliation: str


@cache
def agency_kinds() -> dict[str, AgencyKind]:
    """The agency kinds of the lexicon, by id (``"defence-ministry"``...)."""
    out = {}
    for kid, spec in lexicon("entities")["agency_kinds"].items():
        out[kid] = AgencyKind(
            id=kid,
            kind=EntityKind(spec["class"]),
            suffix=spec["suffix"],
            descriptors=tuple(spec["descriptors"]),
            labels_fr=tuple(spec["label_fr"]),
            labels_en=tuple(spec["label_en"]),
            default=bool(spec.get("default", False)),
        )
    return out


def demonym_forms(demonyms: tuple[str, ...]) -> dict[str, str]:
    """The French demonym's four forms (``ms fs mp fp``) and the English one (``en``).

    The KB keeps a state's demonyms as one sorted set (every inflected French
    form plus other languages' forms). The French masculine singular is the
    shortest form whose inflections are all in the set; the English demonym
    is a capitalised form left over.

    >>> forms = demonym_forms(("Polish", "polonais", "polonaise", "polonaises"))
    >>> forms["ms"], forms["fs"], forms["fp"], forms["en"]
    ('polonais', 'polonaise', 'polonaises', 'Polish')
    """
    present = set(demonyms)
    out: dict[str, str] = {}
    french: set[str] = set()
    for form in sorted(demonyms, key=lambda f: (len(f), f)):
        if not form[:1].islower():
            continue
        forms = set(inflect_demonym(form))
        if forms <= present:
            ms = form
            mp = ms if ms.endswith(("s", "x")) else ms + "s"
            fem = sorted(forms - {ms, mp}, key=len)
            fs = fem[0] if fem else ms
            fp = fem[-1] if len(fem) > 1 else (fs if fs.endswith("s") else fs + "s")
            out.update(ms=ms, fs=fs, mp=mp, fp=fp)
            french = forms
            break
    others = sorted(f for f in demonyms if f not in french and f[:1].isupper())
    if others:
        out["en"] = others[0]
    return out


def _fill(templates: tuple[str, ...], values: dict[str, str]) -> str:
    """The first template whose placeholders all have a value."""
    for template in templates:
        if all(name in values for name in _PLACEHOLDER.findall(template)):
            return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)
    raise ValueError(f"no label template fits {sorted(values)}: {templates}")


def compose_agency(kb: KnowledgeBase, state_key: str, kind_id: str) -> ComposedAgency:
    """The generated body of kind ``kind_id`` of the state ``state_key``.

    Raises ``KeyError`` for an unknown state or kind.
    """
    state = kb.get(state_key)
    if state is None:
        raise KeyError(state_key)
    spec = agency_kinds()[kind_id]
    values = demonym_forms(state.demonyms)
    values["state"] = state.label("fr")
    values["state_en"] = state.label("en")
    return ComposedAgency(
        key=f"{state_key}-{spec.suffix}",
        kind=spec.kind,
        label_fr=_fill(spec.labels_fr, values),
        label_en=_fill(spec.labels_en, values),
        affiliation=state_key,
    )


class AgencyIndex:
    """The KB's own state bodies, by (state, agency kind).

    A KB agency is that state's body of a kind when one of its names, once
    the state's demonym is taken out, is one of the kind's descriptors
    ("ministère russe de la Défense" -> ``defence-ministry``; "présidence
    russe" -> ``presidence``). For a kind marked ``default`` (the armed
    forces, the intelligence service), a state's only KB agency of that
    class is used even without such a name (``kb:peoples-liberation-army``
    for "l'armée chinoise"). Units part of another agency are not candidates.
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb
        kinds = agency_kinds()
        by_descriptor: dict[tuple[EntityKind, str], list[str]] = {}
        for spec in kinds.values():
            for d in spec.descriptors:
                by_descriptor.setdefault((spec.kind, name_key(d)), []).append(spec.id)
        self._found: dict[tuple[str, str], list[str]] = {}
        for ent in kb:
            if not ent.kind.is_agency or ent.part_of is not None or ent.affiliation is None:
                continue
            state = kb.get(ent.affiliation)
            if state is None:
                continue
            demonyms = {name_key(f) for f in state.demonyms}
            state_names = {name_key(a) for a in state.aliases}
            for alias in ent.aliases:
                words = name_key(alias).split()
                stripped = [w for w in words if w not in demonyms]
                text = " ".join(stripped)
                for sname in state_names:  # "ministère de la Défense de Pologne"
                    for prep in ("de ", "du ", "de la ", "des "):
                        tail = " " + prep + sname
                        if text.endswith(tail):
                            text = text[: -len(tail)]
                if len(stripped) == len(words) and text == " ".join(words):
                    continue  # no nationality in this name
                for kid in by_descriptor.get((ent.kind, text), ()):
                    keys = self._found.setdefault((ent.affiliation, kid), [])
                    if ent.key not in keys:
                        keys.append(ent.key)

    def find(self, state_key: str, kind_id: str) -> str | None:
        """The KB key of ``state_key``'s body of kind ``kind_id``, or ``None``."""
        keys = self._found.get((state_key, kind_id), [])
        if len(keys) == 1:
            return keys[0]
        if keys:
            return None  # several: do not guess
        spec = agency_kinds()[kind_id]
        if spec.default:
            ent = self._kb.agency_of(state_key, spec.kind)
            if ent is not None and not any(
                k == ent.key for (s, _), ks in self._found.items() if s == state_key for k in ks
            ):
                return ent.key
        return None
