#!/usr/bin/env python3
"""Generate ``src/newskg/data/kb/states.ttl``: every state of the world and its capital.

Input: the reviewed table ``kb/states.tsv`` (one row per state; columns in
``kb/README.md``). Canonical French and English names come from CLDR, the
Unicode Common Locale Data Repository, through ``babel``
(``babel.Locale("fr").territories["LB"]`` -> ``"Liban"``). CLDR rather than a
hand-typed list or an online service because it is maintained by Unicode,
versioned (the version is written in the generated file's header), keyed by ISO
3166-1 codes, and shipped inside the ``babel`` wheel, so generating needs no
network. ``babel`` is a development dependency (the ``dev`` extra), not a
runtime one: the generated Turtle file is what ships.

The table adds what CLDR does not have: keys, Wikidata ids, French and English
demonyms, press variants and acronyms, overrides where the press does not use
the CLDR name (the CLDR name then stays an alias), names never to emit
(French common words), and the capitals.

Output: one ``nkg:State`` per row (``rdfs:label`` fr/en, ``skos:altLabel``,
``skos:notation`` = ISO 3166-1 alpha-2 code, ``nkg:demonym``, ``owl:sameAs``)
followed by its capital, a ``nkg:Place`` with ``nkg:seatOf`` the state. The
bytes are deterministic: rows sorted by key, names in a fixed order, fixed
line wrapping.

    .venv/bin/python scripts/generate_kb.py           # (re)write states.ttl
    .venv/bin/python scripts/generate_kb.py --check   # exit 1 if states.ttl is stale
"""

from __future__ import annotations

import argparse
import csv
import difflib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import babel
from babel import Locale
from babel.core import get_cldr_version

from newskg.text import name_key

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "kb" / "states.tsv"
OUTPUT = ROOT / "src" / "newskg" / "data" / "kb" / "states.ttl"

COLUMNS = (
    "key",
    "iso",
    "wikidata",
    "label_fr",
    "label_en",
    "names_fr",
    "names_en",
    "omit_names",
    "demonym_fr",
    "demonym_en",
    "capital_key",
    "capital_fr",
    "capital_en",
    "capital_names",
    "capital_wikidata",
    "note",
)
_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ISO = re.compile(r"[A-Z]{2}")
_QID = re.compile(r"Q[1-9][0-9]*")
_WIDTH = 100

PREFIXES = """\
@prefix kb: <https://w3id.org/newskg/kb/> .
@prefix nkg: <https://w3id.org/newskg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix wd: <http://www.wikidata.org/entity/> .
"""


class TableError(ValueError):
    """A row of kb/states.tsv is malformed; the message names the line."""


@dataclass(frozen=True)
class Row:
    """One state of kb/states.tsv, with its line number for error messages."""

    line: int
    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells[column]

    def names(self, column: str) -> list[str]:
        """The ``|``-separated values of ``column``, stripped, empty ones dropped."""
        return [v.strip() for v in self.cells[column].split("|") if v.strip()]


def read_table(path: Path = TABLE) -> list[Row]:
    """The rows of the table, checked (header, key and ISO formats, uniqueness), sorted by key."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = tuple(next(reader))
        if header != COLUMNS:
            raise TableError(f"{path}:1: the header must be the columns {', '.join(COLUMNS)}")
        rows = []
        for number, cells in enumerate(reader, start=2):
            if len(cells) != len(COLUMNS):
                raise TableError(f"{path}:{number}: {len(cells)} cells, expected {len(COLUMNS)}")
            rows.append(Row(number, dict(zip(COLUMNS, cells, strict=True))))
    seen: dict[str, int] = {}
    for row in rows:
        where = f"{path}:{row.line}"
        if not _KEY.fullmatch(row["key"]):
            raise TableError(f"{where}: key {row['key']!r} is not a lowercase slug")
        if not _ISO.fullmatch(row["iso"]):
            raise TableError(f"{where}: iso {row['iso']!r} is not an ISO 3166-1 alpha-2 code")
        for column in ("wikidata", "capital_wikidata"):
            if row[column] and not _QID.fullmatch(row[column]):
                raise TableError(f"{where}: {column} {row[column]!r} is not a Wikidata id")
        if row["capital_key"] and not (
            _KEY.fullmatch(row["capital_key"]) and row["capital_fr"] and row["capital_en"]
        ):
            raise TableError(f"{where}: a capital needs a slug key, a French and an English name")
        if not row.names("demonym_fr"):
            raise TableError(f"{where}: no French demonym")
        for value in (row["key"], row["iso"], row["capital_key"]):
            if value and seen.setdefault(value, row.line) != row.line:
                raise TableError(f"{where}: {value!r} is already used on line {seen[value]}")
    if [r["key"] for r in rows] != sorted(r["key"] for r in rows):
        raise TableError(f"{path}: the rows must be sorted by key")
    return rows


def cldr_names(iso: str) -> tuple[str, str]:
    """The CLDR French and English names of the territory ``iso``."""
    try:
        return Locale("fr").territories[iso], Locale("en").territories[iso]
    except KeyError:
        raise TableError(f"CLDR has no territory {iso!r}") from None


def _literal(text: str, lang: str | None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"' + (f"@{lang}" if lang else "")


def _statement(predicate: str, objects: list[str], last: bool) -> list[str]:
    """``    predicate o1 , o2 ;`` wrapped at the line width, continuation lines indented by 8."""
    end = " ." if last else " ;"
    lines: list[str] = []
    current = f"    {predicate} "
    for i, obj in enumerate(objects):
        piece = obj + (" ," if i < len(objects) - 1 else end)
        if current.strip() != predicate and len(current) + len(piece) > _WIDTH:
            lines.append(current.rstrip())
            current = " " * 8
        current += piece + " "
    lines.append(current.rstrip())
    return lines


def _block(subject: str, cls: str, statements: list[tuple[str, list[str]]]) -> str:
    statements = [(p, objs) for p, objs in statements if objs]
    lines = [f"{subject} a {cls} ;"]
    for i, (predicate, objects) in enumerate(statements):
        lines += _statement(predicate, objects, last=i == len(statements) - 1)
    return "\n".join(lines) + "\n"


def _names(
    labels: dict[str, str], extra: list[tuple[str, str]], omit: set[str]
) -> list[tuple[str, str]]:
    """Alternative labels: ``extra`` minus names already given (same text) or omitted.

    Duplicates are dropped by exact text, not by name key, so that a spelling
    such as "Kyïv" beside "Kyiv" stays visible in the data even though both
    match the same words.
    """
    taken = set(labels.values())
    out = []
    for text, lang in extra:
        if text not in taken and name_key(text) not in omit:
            taken.add(text)
            out.append((text, lang))
    return out


def state_block(row: Row) -> str:
    """The Turtle of one state and, when it has one, its capital."""
    cldr_fr, cldr_en = cldr_names(row["iso"])
    omit = {name_key(n) for n in row.names("omit_names")}
    labels = {"fr": row["label_fr"] or cldr_fr, "en": row["label_en"] or cldr_en}
    for lang, label in labels.items():
        if name_key(label) in omit:
            raise TableError(f"{TABLE}:{row.line}: the {lang} label {label!r} is in omit_names")
    extra = [(n, "fr") for n in row.names("names_fr")] + [(cldr_fr, "fr")]
    extra += [(n, "en") for n in row.names("names_en")] + [(cldr_en, "en")]
    alt = _names(labels, extra, omit)
    demonyms = [(d, "fr") for d in row.names("demonym_fr")]
    demonyms += [(d, "en") for d in row.names("demonym_en")]
    state = _block(
        f"kb:{row['key']}",
        "nkg:State",
        [
            ("rdfs:label", [_literal(labels["fr"], "fr"), _literal(labels["en"], "en")]),
            ("skos:altLabel", [_literal(t, lang) for t, lang in alt]),
            ("skos:notation", [_literal(row["iso"], None)]),
            ("nkg:demonym", [_literal(t, lang) for t, lang in demonyms]),
            ("owl:sameAs", [f"wd:{row['wikidata']}"] if row["wikidata"] else []),
        ],
    )
    if not row["capital_key"]:
        return state
    cap_labels = {"fr": row["capital_fr"], "en": row["capital_en"]}
    cap_alt = _names(cap_labels, [(n, "fr") for n in row.names("capital_names")], set())
    capital = _block(
        f"kb:{row['capital_key']}",
        "nkg:Place",
        [
            ("rdfs:label", [_literal(cap_labels["fr"], "fr"), _literal(cap_labels["en"], "en")]),
            ("skos:altLabel", [_literal(t, lang) for t, lang in cap_alt]),
            ("nkg:seatOf", [f"kb:{row['key']}"]),
            ("owl:sameAs", [f"wd:{row['capital_wikidata']}"] if row["capital_wikidata"] else []),
        ],
    )
    return state + "\n" + capital


def generate(rows: list[Row]) -> str:
    """The whole states.ttl text."""
    header = (
        "# GENERATED by scripts/generate_kb.py from kb/states.tsv: do not edit by hand.\n"
        f"# State names: CLDR {get_cldr_version()} (babel {babel.__version__}); "
        "everything else: the reviewed table kb/states.tsv.\n"
        "# Regenerate: .venv/bin/python scripts/generate_kb.py "
        "(--check exits 1 when this file is stale).\n"
        "# Conventions: kb/README.md.\n"
        f"# {len(rows)} states; each is followed by its capital (nkg:seatOf), when it has one.\n"
    )
    return header + "\n" + PREFIXES + "".join("\n" + state_block(row) for row in rows)


def main(argv: list[str] | None = None) -> int:
    """Write states.ttl, or with ``--check`` compare it with what would be written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the committed file is not up to date"
    )
    parser.add_argument("--output", type=Path, default=OUTPUT, help="file to write or check")
    args = parser.parse_args(argv)
    try:
        text = generate(read_table())
    except TableError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current == text:
            print(f"{args.output}: up to date")
            return 0
        diff = difflib.unified_diff(
            current.splitlines(keepends=True),
            text.splitlines(keepends=True),
            "committed",
            "generated",
            n=1,
        )
        sys.stdout.writelines(list(diff)[:60])
        print(f"{args.output}: stale; run .venv/bin/python scripts/generate_kb.py", file=sys.stderr)
        return 1
    args.output.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {args.output} ({text.count('a nkg:State')} states)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
