"""Publication dates: from metadata, a header line, a dateline, or the top of the text.

A date is read only where the evidence says "this article was published then":
the record's own metadata, a ``date 2024-12`` header line, a dateline line near
the top (``10:39 19/12/2024``, ``Publié le 19 décembre 2024``), or a wire
dateline opening the first paragraph (``SÉOUL, 19 décembre 2024 (AFP) -``). A
date deep in the body is an event date, never the publication date. The
precision is the evidence's: ``2024-12`` stays a month.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from newskg.model import PartialDate
from newskg.text import fold

__all__ = [
    "find_published",
    "parse_date_value",
    "parse_dateline",
    "parse_wire_dateline",
    "wire_dateline_end",
]

_MONTHS = {
    "janvier": 1, "janv": 1, "january": 1, "jan": 1,
    "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "fév": 2, "february": 2, "feb": 2,
    "mars": 3, "march": 3, "mar": 3,
    "avril": 4, "avr": 4, "april": 4, "apr": 4,
    "mai": 5, "may": 5,
    "juin": 6, "june": 6, "jun": 6,
    "juillet": 7, "juil": 7, "july": 7, "jul": 7,
    "août": 8, "aout": 8, "august": 8, "aug": 8,
    "septembre": 9, "sept": 9, "september": 9, "sep": 9,
    "octobre": 10, "oct": 10, "october": 10,
    "novembre": 11, "nov": 11, "november": 11,
    "décembre": 12, "decembre": 12, "déc": 12, "dec": 12, "december": 12,
}  # fmt: skip
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
# What the case-insensitive pattern matched ("MAİ", "maı", "DÉC") is looked up folded.
_FOLDED_MONTHS = {fold(name): number for name, number in _MONTHS.items()}
_WEEKDAYS = frozenset(
    ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
     "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
)  # fmt: skip
# Words that may surround a date on a dateline without making it a sentence.
_FILLER = frozenset(
    ("publié", "publie", "publiée", "le", "la", "à", "a", "mis", "jour", "mise", "maj",
     "modifié", "modifie", "update", "updated", "published", "on", "at", "h", "gmt", "utc",
     "cet", "cest", "heure", "heures", "date", "par")
)  # fmt: skip

_TIME = r"(?:[01]?\d|2[0-3])[:h][0-5]\d"
_NUMERIC = r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})"
_WORDY = rf"(?:(?P<wd>\d{{1,2}}|1er)\s+)?(?P<wm>{_MONTH})\.?\s+(?P<wy>\d{{4}})"
_ISO = r"(?P<iy>\d{4})-(?P<im>\d{2})(?:-(?P<id>\d{2}))?"
# A time may be glued to the date that follows it ("10:3919/12/2024").
_DATE_IN_LINE = re.compile(
    rf"(?<!\d)(?:{_TIME}\s*)?(?:{_NUMERIC}|{_ISO}|{_WORDY})(?!\d)", re.IGNORECASE
)
_ISO_VALUE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ][\d:.+\-Z ]*)?$")
_TOKEN = re.compile(r"[^\W\d_]+|\d+[:h]\d+|\d+|\S", re.UNICODE)
_WIRE = re.compile(
    rf"^[^\W\d_][\w'’ .-]{{0,40}},\s+(?:le\s+)?(?:{_NUMERIC}|{_WORDY})"
    r"\s*(?:\([^()\n]{1,30}\))?\s*[-–—]",
    re.IGNORECASE,
)


def _make(
    year: str, month: str | int | None = None, day: str | int | None = None
) -> PartialDate | None:
    try:
        return PartialDate(
            int(year),
            int(month) if month is not None else None,
            int(day) if day is not None else None,
        )
    except ValueError:
        return None


def _from_match(m: re.Match[str]) -> PartialDate | None:
    if m.group("y"):
        return _make(m.group("y"), m.group("m"), m.group("d"))
    if m.group("iy"):
        return _make(m.group("iy"), m.group("im"), m.group("id"))
    month = _FOLDED_MONTHS.get(fold(m.group("wm")))
    if month is None:
        return None
    day = m.group("wd")
    if day is not None and day.casefold() == "1er":
        day = "1"
    return _make(m.group("wy"), month, day)


def parse_date_value(value: str) -> PartialDate | None:
    """Parse a metadata date value, keeping its precision; ``None`` when unreadable.

    >>> parse_date_value("2024-12")
    PartialDate(year=2024, month=12, day=None)
    >>> str(parse_date_value("2024-12-19T10:39:00+09:00"))
    '2024-12-19'
    >>> str(parse_date_value("19 décembre 2024"))
    '2024-12-19'
    """
    value = value.strip()
    m = _ISO_VALUE.match(value)
    if m:
        return _make(*m.groups())
    m = _DATE_IN_LINE.fullmatch(value)
    return _from_match(m) if m else None


def _is_filler(token: str) -> bool:
    low = token.casefold()
    if low in _FILLER or low in _WEEKDAYS or re.fullmatch(_TIME, low):
        return True
    if not token.isalpha():  # punctuation, stray digits
        return not token.isalnum()
    # A word in a non-Latin script (an Arabic weekday, say) is not a sentence.
    return not all("LATIN" in unicodedata.name(c, "") for c in token)


def parse_dateline(line: str) -> PartialDate | None:
    """The date of a line that is only a dateline, else ``None``.

    A dateline is a date, possibly with a time, weekday, "publié le" and at most
    one other word (a city); anything longer is a sentence.

    >>> str(parse_dateline("10:3919/12/2024, الخميس"))
    '2024-12-19'
    >>> str(parse_dateline("Publié le jeudi 19 décembre 2024 à 10h39"))
    '2024-12-19'
    >>> parse_dateline("Le bilan a été publié le 19 décembre 2024.") is None
    True
    """
    line = line.strip()
    if len(line) > 80:
        return None
    m = _DATE_IN_LINE.search(line)
    if not m:
        return None
    rest = line[: m.start()] + " " + line[m.end() :]
    others = [t for t in _TOKEN.findall(rest) if not _is_filler(t)]
    if len(others) > 1 or (others and not others[0][0].isupper()):
        return None
    return _from_match(m)


def parse_wire_dateline(paragraph: str) -> PartialDate | None:
    """The date of a wire dateline opening a paragraph (``SÉOUL, 19 déc. 2024 (AFP) -``).

    >>> str(parse_wire_dateline("SÉOUL, 19 décembre 2024 (AFP) - La Corée du Nord..."))
    '2024-12-19'
    """
    m = _WIRE.match(paragraph)
    if not m:
        return None
    d = _DATE_IN_LINE.search(m.group(0))
    return _from_match(d) if d else None


def wire_dateline_end(paragraph: str) -> int | None:
    """Where a wire dateline opening ``paragraph`` ends (after its dash), else ``None``.

    >>> p = "SÉOUL, 19 décembre 2024 (AFP) - La Corée du Nord..."
    >>> p[wire_dateline_end(p):]
    ' La Corée du Nord...'
    """
    m = _WIRE.match(paragraph)
    return m.end() if m and _DATE_IN_LINE.search(m.group(0)) else None


def find_published(
    metadata_date: str | None,
    header_dates: Iterable[str] = (),
    datelines: Iterable[str] = (),
    text: str = "",
) -> PartialDate | None:
    """The publication date from the best evidence available, or ``None``.

    In order: the record's metadata, a header line value, a dateline line, a
    wire dateline opening one of the first two paragraphs of ``text``.
    """
    if metadata_date:
        found = parse_date_value(metadata_date)
        if found is not None:
            return found
    for value in header_dates:
        found = parse_date_value(value)
        if found is not None:
            return found
    for line in datelines:
        found = parse_dateline(line) or parse_wire_dateline(line)
        if found is not None:
            return found
    for paragraph in text.split("\n\n")[:2]:
        found = parse_wire_dateline(paragraph)
        if found is not None:
            return found
    return None
