"""Load the reference knowledge base: Turtle files -> :class:`KnowledgeBase`.

The bundled ``newskg/data/kb.ttl`` is read first, then each user file in
order. A user file may define new entities or add to bundled ones: for a key
that already exists its aliases, demonyms and treaty parties are added, its
``rdfs:label`` in a language replaces the earlier label in that language, and
its class, Wikidata id, affiliation, seat and origin replace the earlier
ones.

Every entity is a ``kb:<key>`` subject (``https://w3id.org/newskg/kb/``)
with exactly one entity class and at least one language-tagged
``rdfs:label``. Only these predicates are read:

==================  ===========================================================
``rdf:type``        one of the nkg: entity classes (``nkg:State``, ``nkg:ArmedForce``...)
``rdfs:label``      the canonical name, one per language
``skos:altLabel``   other names (acronyms, transliterations, press forms)
``nkg:demonym``     the masculine singular demonym; French ones are inflected
``owl:sameAs``      ``wd:Q…`` (Wikidata), only when certain
``nkg:affiliation`` the state an agency or person belongs to, or the agency a unit is part of
``nkg:seatOf``      the state a capital is the seat of
``nkg:origin``      the state a weapon system comes from
``nkg:party``       a state or organisation party to a treaty
==================  ===========================================================

``rdfs:comment``, ``skos:note``, ``skos:definition`` and ``rdfs:seeAlso`` are
allowed as documentation and ignored. Anything else raises
:class:`~newskg.errors.KnowledgeBaseError`, naming the file and the subject,
so that a typo in a user file fails loudly instead of being dropped.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, Namespace

from newskg.errors import KnowledgeBaseError
from newskg.model import EntityKind
from newskg.namespaces import NKG, WD_IRI
from newskg.resources import data_dir
from newskg.text import name_key

__all__ = [
    "KB_IRI",
    "KBEntity",
    "KnowledgeBase",
    "bundled_kb_path",
    "inflect_demonym",
]

KB_IRI = "https://w3id.org/newskg/kb/"
KB = Namespace(KB_IRI)

_CLASSES: dict[URIRef, EntityKind] = {NKG[kind.value]: kind for kind in EntityKind}
_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_QID = re.compile(r"Q[1-9][0-9]*")
_REFERENCES: dict[URIRef, str] = {
    NKG.affiliation: "affiliation",
    NKG.seatOf: "seat_of",
    NKG.origin: "origin",
    NKG.party: "parties",
}
_DOCUMENTATION = frozenset({RDFS.comment, RDFS.seeAlso, SKOS.note, SKOS.definition})

# Feminine forms that do not follow the suffix rules.
_IRREGULAR_FEMININE = {"turc": "turque", "grec": "grecque"}


def bundled_kb_path() -> Path:
    """The knowledge base shipped with newskg, ``newskg/data/kb.ttl``."""
    return data_dir() / "kb.ttl"


def inflect_demonym(masculine: str) -> tuple[str, ...]:
    """The four French forms of a masculine singular demonym, sorted, without duplicates.

    Feminine: ``-en`` -> ``-enne`` (also ``-ien``), ``-on`` -> ``-onne``, a
    final ``e`` stays, anything else (``-ais``, ``-ois``, ``-ain``...) takes
    ``e``. Plural: ``s`` unless the form already ends in ``s`` or ``x``.
    Only the last word of a compound changes (``nord-coréen``).

    >>> inflect_demonym("nord-coréen")
    ('nord-coréen', 'nord-coréenne', 'nord-coréennes', 'nord-coréens')
    >>> inflect_demonym("français")
    ('français', 'française', 'françaises')
    >>> inflect_demonym("russe")
    ('russe', 'russes')
    """
    masc = " ".join(masculine.split())
    if not masc:
        raise ValueError("empty demonym")
    lower = masc.casefold()
    last = re.split(r"[\s-]", lower)[-1]
    if last in _IRREGULAR_FEMININE:
        fem = masc[: len(masc) - len(last)] + _IRREGULAR_FEMININE[last]
    elif lower.endswith("e"):
        fem = masc
    elif lower.endswith(("en", "on")):
        fem = masc + masc[-1] + "e"
    else:
        fem = masc + "e"
    forms = {masc, fem, _plural(masc), _plural(fem)}
    return tuple(sorted(forms))


def _plural(word: str) -> str:
    return word if word.casefold().endswith(("s", "x")) else word + "s"


@dataclass(frozen=True, slots=True)
class KBEntity:
    """One reference entity of the knowledge base.

    ``labels`` are ``(language, canonical name)`` pairs; ``aliases`` every
    name (labels and alternative labels of all languages); ``demonyms`` every
    inflected French form and the other languages' forms as given. The
    reference fields hold KB keys: ``affiliation`` is always a state (for a
    unit affiliated with an agency, the state that agency belongs to), and
    ``part_of`` the agency a unit or general staff is directly affiliated
    with (``jcs`` -> ``south-korean-armed-forces``), else ``None``.
    """

    key: str
    kind: EntityKind
    labels: tuple[tuple[str, str], ...]
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    affiliation: str | None = None
    seat_of: str | None = None
    origin: str | None = None
    parties: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    part_of: str | None = None

    def label(self, lang: str = "fr") -> str:
        """The canonical name in ``lang``; else the French, English or first one."""
        by_lang = dict(self.labels)
        for candidate in (lang, "fr", "en"):
            if candidate in by_lang:
                return by_lang[candidate]
        return self.labels[0][1]

    @property
    def iri(self) -> URIRef:
        """The entity's IRI in the KB namespace (not the graph's instance IRI)."""
        return KB[self.key]


@dataclass(slots=True)
class _Draft:
    """An entity being assembled from one or more files."""

    key: str
    defined_in: str
    kind: EntityKind | None = None
    labels: dict[str, str] = field(default_factory=dict)
    alt_labels: set[str] = field(default_factory=set)
    demonyms: dict[tuple[str, str], str] = field(default_factory=dict)  # (lang, form) -> file
    wikidata: str | None = None
    # field -> (target key, file that said it); parties: target key -> file
    refs: dict[str, tuple[str, str]] = field(default_factory=dict)
    parties: dict[str, str] = field(default_factory=dict)

    def freeze(self, drafts: dict[str, _Draft]) -> KBEntity:
        assert self.kind is not None
        affiliation = self.refs["affiliation"][0] if "affiliation" in self.refs else None
        part_of = None
        seen = {self.key}
        while affiliation is not None and drafts[affiliation].kind is not EntityKind.STATE:
            part_of = part_of or affiliation
            if affiliation in seen:
                raise KnowledgeBaseError(
                    f"{self.refs['affiliation'][1]}: kb:{self.key}: nkg:affiliation goes round "
                    f"in a circle through kb:{affiliation}"
                )
            seen.add(affiliation)
            parent = drafts[affiliation].refs.get("affiliation")
            affiliation = parent[0] if parent else None
        labels = tuple(sorted(self.labels.items()))
        demonyms: set[str] = set()
        for lang, form in self.demonyms:
            demonyms.update(inflect_demonym(form) if lang == "fr" else (form,))
        return KBEntity(
            key=self.key,
            kind=self.kind,
            labels=labels,
            aliases=tuple(sorted({name for _, name in labels} | self.alt_labels)),
            wikidata=self.wikidata,
            affiliation=affiliation,
            part_of=part_of,
            seat_of=self.refs["seat_of"][0] if "seat_of" in self.refs else None,
            origin=self.refs["origin"][0] if "origin" in self.refs else None,
            parties=tuple(sorted(self.parties)),
            demonyms=tuple(sorted(demonyms)),
        )


def _clean(text: str) -> str:
    return " ".join(text.split())


class _FileReader:
    """Reads one Turtle file into the drafts, checking each statement."""

    def __init__(self, path: Path, drafts: dict[str, _Draft]) -> None:
        self.path = path
        self.name = str(path)
        self.drafts = drafts

    def fail(self, subject: object, message: str) -> KnowledgeBaseError:
        return KnowledgeBaseError(f"{self.name}: {subject}: {message}")

    def key_of(self, subject: object, node: object, what: str) -> str:
        if not isinstance(node, URIRef) or not str(node).startswith(KB_IRI):
            raise self.fail(subject, f"{what} must be a kb: entity IRI ({KB_IRI}…), not {node}")
        key = str(node)[len(KB_IRI) :]
        if not _KEY.fullmatch(key):
            raise self.fail(
                subject, f"kb key {key!r} is not a lowercase slug (letters, digits, hyphens)"
            )
        return key

    def read(self, data: bytes) -> None:
        graph = Graph()
        try:
            graph.parse(data=data, format="turtle", publicID=self.path.resolve().as_uri())
        except Exception as exc:  # rdflib raises many unrelated types for bad Turtle
            raise KnowledgeBaseError(f"{self.name}: not valid Turtle: {exc}") from exc
        for subject in sorted(set(graph.subjects()), key=str):
            key = self.key_of(subject, subject, "a subject")
            self.read_subject(graph, subject, key)

    def read_subject(self, graph: Graph, subject: URIRef, key: str) -> None:
        draft = self.drafts.get(key)
        if draft is None:
            draft = self.drafts[key] = _Draft(key=key, defined_in=self.name)
        where = f"kb:{key}"
        classes: list[EntityKind] = []
        labels: dict[str, str] = {}
        single: dict[str, str] = {}
        for pred, obj in sorted(
            graph.predicate_objects(subject), key=lambda po: (str(po[0]), str(po[1]))
        ):
            if pred == RDF.type:
                if obj not in _CLASSES:
                    raise self.fail(where, f"unknown entity class {obj}")
                classes.append(_CLASSES[obj])  # type: ignore[index]
            elif pred == RDFS.label:
                lang, text = self.literal(where, pred, obj, need_lang=True)
                if lang in labels:
                    raise self.fail(where, f"two rdfs:label in language {lang!r}")
                labels[lang] = text
            elif pred == SKOS.altLabel:
                _, text = self.literal(where, pred, obj, need_lang=False)
                draft.alt_labels.add(text)
            elif pred == NKG.demonym:
                lang, text = self.literal(where, pred, obj, need_lang=True)
                draft.demonyms.setdefault((lang, text), self.name)
            elif pred == OWL.sameAs:
                qid = self.wikidata(where, obj)
                if "wikidata" in single:
                    raise self.fail(where, "more than one owl:sameAs Wikidata id")
                single["wikidata"] = qid
            elif pred in _REFERENCES:
                target = self.key_of(where, obj, f"the object of {graph.qname(pred)}")
                field_name = _REFERENCES[pred]
                if field_name == "parties":
                    draft.parties.setdefault(target, self.name)
                elif field_name in single:
                    raise self.fail(where, f"more than one {graph.qname(pred)}")
                else:
                    single[field_name] = target
            elif pred not in _DOCUMENTATION:
                raise self.fail(where, f"unsupported property {pred}")
        if len(classes) > 1:
            names = ", ".join(sorted(k.value for k in classes))
            raise self.fail(where, f"more than one entity class ({names})")
        if classes:
            draft.kind = classes[0]
        draft.labels.update(labels)
        for field_name, value in single.items():
            if field_name == "wikidata":
                draft.wikidata = value
            else:
                draft.refs[field_name] = (value, self.name)

    def literal(self, where: str, pred: URIRef, obj: object, *, need_lang: bool) -> tuple[str, str]:
        if not isinstance(obj, Literal) or obj.datatype is not None:
            raise self.fail(where, f"{pred} needs a plain string, not {obj!r}")
        text = _clean(str(obj))
        if not text:
            raise self.fail(where, f"empty {pred}")
        lang = (obj.language or "").lower()
        if need_lang and not lang:
            raise self.fail(where, f"{pred} {text!r} needs a language tag (@fr, @en...)")
        return lang, text

    def wikidata(self, where: str, obj: object) -> str:
        text = str(obj)
        qid = text[len(WD_IRI) :] if text.startswith(WD_IRI) else ""
        if not isinstance(obj, URIRef) or not _QID.fullmatch(qid):
            raise self.fail(
                where, f"owl:sameAs must be a Wikidata entity IRI like <{WD_IRI}Q423>, not {obj}"
            )
        return qid


class KnowledgeBase:
    """The reference entities: names, types, Wikidata ids and relations.

    Build it with :meth:`load`; the object is immutable and the caller keeps
    it (nothing is cached globally).

    >>> kb = KnowledgeBase.load()
    >>> kb.get("north-korea").label("en")
    'North Korea'
    >>> [e.key for e in kb.lookup("rpdc")]
    ['north-korea']
    >>> kb.state_for_demonym("Nord-Coréennes").key
    'north-korea'
    """

    __slots__ = ("_by_key", "_by_name", "_demonyms", "_digest", "_sources")

    def __init__(
        self, entities: Sequence[KBEntity], *, digest: str = "", sources: Sequence[str] = ()
    ) -> None:
        self._by_key = {e.key: e for e in sorted(entities, key=lambda e: e.key)}
        by_name: dict[str, list[KBEntity]] = {}
        demonyms: dict[str, KBEntity] = {}
        for ent in self._by_key.values():
            for alias in ent.aliases:
                nk = name_key(alias)
                if nk and ent not in by_name.setdefault(nk, []):
                    by_name[nk].append(ent)
            if ent.kind is EntityKind.STATE:
                for form in ent.demonyms:
                    demonyms.setdefault(name_key(form), ent)
        self._by_name = {nk: tuple(ents) for nk, ents in by_name.items()}
        self._demonyms = demonyms
        self._digest = (
            digest or hashlib.sha256(repr(sorted(self._by_key.items())).encode()).hexdigest()
        )
        self._sources = tuple(sources)

    # ------------------------------------------------------------ loading
    @classmethod
    def load(cls, paths: Sequence[Path | str] = (), *, bundled: bool = True) -> KnowledgeBase:
        """Load the bundled KB (unless ``bundled=False``), then each of ``paths`` in order.

        Raises :class:`~newskg.errors.KnowledgeBaseError` when a file cannot
        be read or parsed, or describes an entity badly (no class, no label,
        a reference to an unknown key, a malformed Wikidata IRI...); the
        message names the file and the subject.
        """
        files = [bundled_kb_path()] if bundled else []
        files += [Path(p) for p in paths]
        drafts: dict[str, _Draft] = {}
        digest = hashlib.sha256()
        for path in files:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise KnowledgeBaseError(f"{path}: cannot read the KB file: {exc}") from exc
            digest.update(hashlib.sha256(data).digest())
            _FileReader(path, drafts).read(data)
        sources = [str(p) for p in files]
        entities = _check(drafts, sources)
        return cls(entities, digest=digest.hexdigest(), sources=sources)

    # ------------------------------------------------------------ mapping
    def __len__(self) -> int:
        return len(self._by_key)

    def __iter__(self) -> Iterator[KBEntity]:
        """The entities, sorted by key."""
        return iter(self._by_key.values())

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def __repr__(self) -> str:
        return f"<KnowledgeBase {len(self)} entities from {len(self._sources)} file(s)>"

    def get(self, key: str) -> KBEntity | None:
        """The entity with this key (``"north-korea"``), or ``None``."""
        return self._by_key.get(key)

    @property
    def digest(self) -> str:
        """SHA-256 (hex) of the loaded files' content, in load order, for build provenance."""
        return self._digest

    @property
    def sources(self) -> tuple[str, ...]:
        """The files loaded, in order."""
        return self._sources

    # ------------------------------------------------------------ queries
    def lookup(self, name: str) -> tuple[KBEntity, ...]:
        """The entities having ``name`` as a label or alias, sorted by key.

        Names are compared with :func:`newskg.text.name_key`, so case,
        accents, punctuation and plural do not matter. Demonyms are not
        names: see :meth:`state_for_demonym`.
        """
        return self._by_name.get(name_key(name), ())

    def state_for_demonym(self, word: str) -> KBEntity | None:
        """The state whose demonym ``word`` is, in any inflected form (``"nord-coréennes"``)."""
        return self._demonyms.get(name_key(word))

    def agency_of(
        self, state_key: str, kind: EntityKind, *, descriptor: str | None = None
    ) -> KBEntity | None:
        """The entity of exactly ``kind`` directly affiliated with ``state_key``, when there is one.

        Units and general staffs affiliated with an agency (``part_of``) are
        not candidates, so "les troupes russes" finds the Russian armed
        forces, not the general staff. When the state has several of that
        kind (several intelligence services or ministries), ``descriptor``
        (the head words of the mention, e.g. ``"ministère de la Défense"``)
        keeps those having an alias that starts with it; if that still
        leaves several, the answer is ``None`` rather than a guess.
        """
        found = [
            e
            for e in self._by_key.values()
            if e.kind is kind and e.affiliation == state_key and e.part_of is None
        ]
        if len(found) > 1 and descriptor:
            head = name_key(descriptor)
            found = [
                e
                for e in found
                if any((nk := name_key(a)) == head or nk.startswith(head + " ") for a in e.aliases)
            ] or found
        return found[0] if len(found) == 1 else None

    def names(self) -> Iterator[tuple[str, str]]:
        """Every ``(surface name, key)`` pair (labels and aliases), sorted; for a phrase matcher."""
        pairs = sorted({(alias, ent.key) for ent in self._by_key.values() for alias in ent.aliases})
        return iter(pairs)


def _check(drafts: dict[str, _Draft], order: Sequence[str]) -> list[KBEntity]:
    """Whole-KB checks after every file is read; freeze the drafts."""
    for key, draft in sorted(drafts.items()):
        if draft.kind is None:
            raise KnowledgeBaseError(
                f"{draft.defined_in}: kb:{key}: no entity class (a nkg:State, nkg:Agency, "
                "nkg:Person... rdf:type)"
            )
        if not draft.labels:
            raise KnowledgeBaseError(f"{draft.defined_in}: kb:{key}: no rdfs:label")
    for key, draft in sorted(drafts.items()):
        refs = [(name, target, src) for name, (target, src) in sorted(draft.refs.items())]
        refs += [("party", target, src) for target, src in sorted(draft.parties.items())]
        for name, target, src in refs:
            other = drafts.get(target)
            if other is None:
                raise KnowledgeBaseError(
                    f"{src}: kb:{key}: {name} refers to kb:{target}, which is not in the KB"
                )
            assert other.kind is not None
            if name == "party":
                ok = other.kind.is_actor
                expected = "a state, an agency or a person"
            elif name == "affiliation":
                ok = other.kind is EntityKind.STATE or other.kind.is_agency
                expected = "a nkg:State or an agency"
            else:
                ok = other.kind is EntityKind.STATE
                expected = "a nkg:State"
            if not ok:
                raise KnowledgeBaseError(
                    f"{src}: kb:{key}: {name} refers to kb:{target}, a nkg:{other.kind.value}, "
                    f"not {expected}"
                )
    _check_demonyms(drafts, order)
    return [d.freeze(drafts) for _, d in sorted(drafts.items())]


def _check_demonyms(drafts: dict[str, _Draft], order: Sequence[str]) -> None:
    """Two states may not share a demonym: the answer of state_for_demonym must be unique.

    The error blames the file loaded last of the two that declare it.
    """
    owner: dict[str, tuple[int, str, str]] = {}  # name key -> (file rank, file, state key)
    rank = {name: i for i, name in enumerate(order)}
    for key, draft in sorted(drafts.items()):
        if draft.kind is not EntityKind.STATE:
            continue
        for (lang, form), src in sorted(draft.demonyms.items()):
            forms = inflect_demonym(form) if lang == "fr" else (form,)
            for nk in {name_key(f) for f in forms}:
                here = (rank.get(src, -1), src, key)
                first = owner.setdefault(nk, here)
                if first[2] != key:
                    _, blamed, subject = max(first, here)
                    other = first[2] if subject == key else key
                    raise KnowledgeBaseError(
                        f"{blamed}: kb:{subject}: demonym {form!r} is also kb:{other}'s"
                    )
