"""Date expressions of French news text, resolved against the publication date.

:func:`find_dates` finds every date expression of a text and resolves it
against ``anchor``, the article's publication date at the precision it is
known. A value is given at the precision the text supports and never
guessed: what cannot be resolved keeps ``value=None``.

Resolution rules (the vocabulary is data, ``data/lexicons/dates_fr.json``):

- explicit dates keep their own precision: ``le 17 décembre 2024`` ->
  ``2024-12-17``, ``en juin 2024`` -> ``2024-06``, ``en 2023`` -> ``2023``,
  ``19/12/2024`` and ``19.12.2024`` -> ``2024-12-19``;
- a month without a year is the most recent such month not after the anchor
  month (``en novembre`` in March 2025 -> ``2024-11``); ``juin dernier`` is
  strictly before it, ``juin prochain`` strictly after; month parts
  (``début août``, ``mi-février``, ``au début du mois de mai``) keep month
  precision; an anchor known only to the year resolves nothing;
- a day and month without a year: the most recent such day on or before a
  day-precision anchor, or the month rule with a month-precision anchor. A
  day later in the anchor's own month (``le 17 décembre`` in an article of
  5 December) could be upcoming or a year old, and is left unresolved;
- weekdays: the most recent such day on or before a day-precision anchor
  (``mardi dernier``: strictly before; ``mardi prochain``: strictly after);
  the anchor's month when it is known to the month only;
- relative expressions (``hier``, ``la semaine dernière``, ``le mois
  dernier``, ``l'an dernier``...) shift the anchor by their offset; week
  expressions give a month (``la semaine dernière`` -> the month of anchor
  minus seven days; ``ces dernières semaines`` -> the anchor's month);
- ranges (``entre janvier et février``, ``de juin à août 2024``, ``du 3 au 5
  mars``, ``de 2022 à 2024``) give ``start``/``end``; a year stated on one
  end completes the other;
- ``depuis``/``dès``/``à partir de`` make an open period with a ``start``
  only (``depuis 2022`` -> start ``2022``; ``depuis le début de l'année
  2025`` -> start ``2025-01``, the month a year begins in); ``depuis
  trois ans`` starts that long before the anchor; ``jusqu'en``/``jusqu'au``
  one with an ``end`` only;
- ``ce week-end``, ``le week-end dernier``: the Saturday-to-Sunday period
  of the most recent weekend on or before the anchor (``prochain``: the
  next one);
- a day's name written with a hyphen (``le 7-Octobre``, ``le 11-Septembre``)
  names an event, not a date to resolve against the anchor: no date;
- a four-digit year stands alone only after a preposition of time, a month
  part or a year marker (``en 2024``, ``fin 2024``, ``l'année 2024``):
  ``2022 soldats`` is not a date. Clock times (``10:39``) are never dates.

>>> [m.value.key for m in find_dates("Le 17 décembre, il a parlé.", PartialDate(2024, 12))]
['2024-12-17']
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from newskg.model import PartialDate, TimeValue
from newskg.resources import data_dir
from newskg.text import alternation_pattern, fold, phrase_pattern

__all__ = [
    "DateMention",
    "counts_from",
    "find_dates",
    "resolve_day_month",
    "resolve_month",
    "resolve_relative",
    "resolve_weekday",
    "states_direction",
    "temporal_spans",
]


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression: its span in the input, its value, and what kind it is.

    ``kind`` is ``absolute`` (the text states the year), ``relative``
    (resolved against the publication date), ``weekday``, ``range``,
    ``season``, ``decade``, ``elapsed`` ("il y a deux semaines"),
    ``context`` ("la veille": counted from the sentence's day) or
    ``complement`` ("au lendemain de": it dates its complement).
    ``shift`` is the ``(unit, offset)`` of a ``context``/``complement``
    expression that found no day in its sentence and was counted from the
    publication date instead: a reader who knows the day the story is at
    (:mod:`newskg.extract.timing`) may count it from there. ``upcoming`` is
    the value of a month named without a year ("en juillet", "fin janvier")
    read forward: the anchor's month or the next such month, for a plan.
    """

    start: int
    end: int
    text: str
    value: TimeValue | None
    kind: str
    shift: tuple[str, int] | None = None
    upcoming: TimeValue | None = None


# --------------------------------------------------------------------------- resolution


def _date(year: int, month: int | None = None, day: int | None = None) -> PartialDate | None:
    try:
        return PartialDate(year, month, day)
    except ValueError:
        return None


def resolve_month(
    month: int, anchor: PartialDate | None, direction: str = "recent"
) -> PartialDate | None:
    """The month ``month`` nearest the anchor in ``direction``, at month precision.

    ``recent``: the most recent not after the anchor month; ``past``: strictly
    before it; ``next``: strictly after it. ``None`` without a month anchor.

    >>> resolve_month(11, PartialDate(2025, 3)).lexical
    '2024-11'
    >>> resolve_month(3, PartialDate(2025, 3)).lexical
    '2025-03'
    >>> resolve_month(6, PartialDate(2025)) is None
    True
    """
    if anchor is None or anchor.month is None:
        return None
    if direction == "past":
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif direction == "next":
        year = anchor.year if month > anchor.month else anchor.year + 1
    else:
        year = anchor.year if month <= anchor.month else anchor.year - 1
    return _date(year, month)


def resolve_day_month(
    day: int, month: int, anchor: PartialDate | None, direction: str = "recent"
) -> PartialDate | None:
    """The date ``day``/``month`` of the year the anchor implies, at day precision.

    >>> resolve_day_month(17, 12, PartialDate(2024, 12, 19)).lexical
    '2024-12-17'
    >>> resolve_day_month(20, 12, PartialDate(2025, 1, 5)).lexical
    '2024-12-20'
    >>> resolve_day_month(17, 12, PartialDate(2024, 12, 5)) is None  # upcoming or a year ago
    True
    """
    if anchor is None or anchor.month is None:
        return None
    if anchor.day is None:
        pm = resolve_month(month, anchor, direction)
        return None if pm is None else _date(pm.year, month, day)
    here = (anchor.month, anchor.day)
    if direction == "past":
        year = anchor.year if (month, day) < here else anchor.year - 1
    elif direction == "next":
        year = anchor.year if (month, day) > here else anchor.year + 1
    elif (month, day) <= here:
        year = anchor.year
    elif month == anchor.month:
        return None
    else:
        year = anchor.year - 1
    return _date(year, month, day)


def resolve_weekday(
    weekday: int, anchor: PartialDate | None, direction: str = "recent"
) -> PartialDate | None:
    """The weekday (Monday = 0) nearest a day anchor; the anchor's month for a month anchor.

    >>> resolve_weekday(1, PartialDate(2024, 12, 19)).lexical  # mardi, from Thursday 19
    '2024-12-17'
    >>> resolve_weekday(3, PartialDate(2024, 12)).lexical
    '2024-12'
    """
    if anchor is None or anchor.month is None:
        return None
    if anchor.day is None:
        return anchor
    today = dt.date(anchor.year, anchor.month, anchor.day)
    if direction == "next":
        shift = (weekday - today.weekday()) % 7 or 7
        return _shifted(today, shift)
    back = (today.weekday() - weekday) % 7
    if direction == "past" and back == 0:
        back = 7
    return _shifted(today, -back)


def resolve_relative(unit: str, offset: int, anchor: PartialDate | None) -> PartialDate | None:
    """Shift the anchor by ``offset`` ``unit``\\ s (day, week, month, year).

    Days need a day anchor (a month anchor gives its month); weeks give a month;
    months need a month anchor; years any anchor.

    >>> resolve_relative("day", -1, PartialDate(2024, 12, 19)).lexical
    '2024-12-18'
    >>> resolve_relative("week", -1, PartialDate(2024, 12, 3)).lexical
    '2024-11'
    >>> resolve_relative("month", -1, PartialDate(2025, 1)).lexical
    '2024-12'
    """
    if anchor is None:
        return None
    if unit == "year":
        return _date(anchor.year + offset)
    if anchor.month is None:
        return None
    if unit == "month":
        index = anchor.year * 12 + anchor.month - 1 + offset
        return _date(index // 12, index % 12 + 1)
    if anchor.day is None:
        return PartialDate(anchor.year, anchor.month)
    today = dt.date(anchor.year, anchor.month, anchor.day)
    if unit == "day":
        return _shifted(today, offset)
    if unit == "week":
        d = _shifted(today, 7 * offset)
        return None if d is None else PartialDate(d.year, d.month)
    raise ValueError(f"unknown unit {unit!r}")


def _shifted(today: dt.date, days: int) -> PartialDate | None:
    """``today`` moved by ``days``; ``None`` past the calendar's ends (years 1 and 9999)."""
    try:
        d = today + dt.timedelta(days=days)
    except OverflowError:
        return None
    return PartialDate(d.year, d.month, d.day)


# --------------------------------------------------------------------------- lexicon and grammar


@cache
def _lexicon() -> Mapping[str, Any]:
    path = data_dir() / "lexicons" / "dates_fr.json"
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def _keyed(mapping: Mapping[str, Any]) -> dict[str, Any]:
    return {fold(k): v for k, v in mapping.items()}


_B = r"(?<!\w)"
_E = r"(?!\w)"
_AFTER_WORD = r"(?:(?<=['’])\s*|\s+)"
_WORD = re.compile(r"\w+")
_CLOCK = re.compile(r"(?<![\d:])(?:[01]?\d|2[0-3])\s?[:hH]\s?[0-5]\d")


@dataclass(frozen=True, slots=True)
class _Rule:
    """A date rule. Every match of ``regex`` holds one of the words ``needs`` (folded: a
    month, a weekday...) or, when it is a pattern, a match of it (a year): a sentence
    without any is not searched with ``regex``, which is slow to fail (its optional
    preposition is tried at every character)."""

    name: str
    regex: re.Pattern[str]
    needs: frozenset[str] | re.Pattern[str] | None = None


@dataclass(frozen=True, slots=True)
class _Grammar:
    rules: tuple[_Rule, ...]
    months: dict[str, int]
    weekdays: dict[str, int]
    directions: dict[str, str]
    preps: dict[str, str]
    relative: tuple[tuple[re.Pattern[str], str, int, bool], ...]
    seasons: dict[str, Any]
    complement: re.Pattern[str]
    elapsed_units: dict[str, str]
    elapsed_directions: dict[str, str]
    vague_counts: frozenset[str]
    approx: re.Pattern[str]  # "près de", "plus d'": an approximate count's hedge


@cache
def _grammar() -> _Grammar:
    lex = _lexicon()
    lo, hi = lex["year_range"]
    centuries = "|".join(str(c) for c in range(lo // 100, hi // 100 + 1))
    months = _keyed(lex["months"])
    abbrs = _keyed(lex["month_abbreviations"])
    preps = {fold(p): mode for mode, ps in lex["prepositions"].items() for p in ps}
    prep_forms = [p for ps in lex["prepositions"].values() for p in ps]
    not_bare = set(lex["prepositions_not_before_bare_year"])

    def year(n: str = "") -> str:
        return rf"(?<![\d.,])(?P<year{n}>(?:{centuries})\d\d)(?!\d)"

    def prep(n: str = "") -> str:
        return rf"(?:{_B}(?P<prep{n}>{alternation_pattern(prep_forms)}){_AFTER_WORD})?"

    def part(n: str = "") -> str:
        return (
            rf"(?:{_B}(?:(?:au|à\s+la|en|dans\s+le|le|la|à)\s+)?"
            rf"(?P<part{n}>{alternation_pattern(lex['month_parts'])})(?:\s*[-‑–]\s*|\s+)"
            r"(?:du\s+mois\s+(?:de\s+|d['’]\s*)|du\s+|de\s+|d['’]\s*)?)"
        )

    def month(n: str = "", after_day: bool = False) -> str:
        abbr = rf"{alternation_pattern(lex['month_abbreviations'])}"
        abbr += rf"(?:\.|{_E})" if after_day else r"\."
        # not in a day's name ("le 7-Octobre", "le 11-Septembre"): an event, not a date
        named = r"(?<!\d[-‑–])"
        return (
            rf"(?P<month{n}>{named}{_B}{alternation_pattern(lex['months'])}{_E}"
            rf"|{named}{_B}{abbr})"
        )

    day = r"(?<![\d.,])(?P<day{n}>1er|1re|premier|3[01]|[12]\d|0?[1-9])(?!\d)"
    direction = rf"(?:\s+(?P<dir>{alternation_pattern(lex['direction_words'])}){_E})"
    weekday = rf"{_B}(?P<weekday>{alternation_pattern(lex['weekdays'])}){_E}"
    mark = rf"{_B}{alternation_pattern(lex['year_markers'])}\s+"
    bare_preps = [p for p in prep_forms if p not in not_bare]
    link = r"\s*(?:au|et\s+le|et|à|-|–)\s*"
    month_of = r"(?:(?:le\s+)?mois\s+(?:de\s+|d['’]\s*))?"
    elapsed = lex["elapsed"]

    def count(n: str) -> str:
        # "près de deux", "plus d'un": an approximate count, read without its approximation
        approx = rf"(?:{alternation_pattern(elapsed.get('approximations', ()))}\s*)?"
        return rf"(?P<count{n}>{approx}(?:\d{{1,3}}|\w+(?:[\s-]+\w+){{0,2}}?))"

    def unit(n: str) -> str:
        return rf"(?P<unit{n}>{alternation_pattern(elapsed['units'])})"

    shifts = alternation_pattern(elapsed["after_context"] + elapsed["before_context"])

    patterns = {
        "numeric": (  # 19/12/2024 or 19.12.2024: the year follows its separator
            r"(?:(?:le|du|au)\s+)?(?<![\d/.])(?P<day>\d{1,2})(?P<sep>[/.])(?P<month>\d{1,2})"
            rf"(?P=sep)(?P<year>(?:{centuries})\d\d)(?![/\d])"
        ),
        "iso": rf"(?<![\d/.-]){year()}-(?P<month>\d\d)-(?P<day>\d\d)(?![\d-])",
        "day_range": (
            rf"{prep()}(?:{_B}(?:du|entre\s+le|les|le)\s+)?{day.format(n='1')}{link}"
            rf"{day.format(n='2')}\s+{month(after_day=True)}(?:\s+{year()})?"
        ),
        "day_month_range": (  # "du 28 janvier au 2 février (2025)"
            rf"(?:{_B}(?:du|entre\s+le)\s+){day.format(n='1')}\s+{month('1', after_day=True)}"
            rf"(?:\s+{year('1')})?\s+(?:au|et\s+le|jusqu['’]\s*au)\s+{day.format(n='2')}\s+"
            rf"{month('2', after_day=True)}(?:\s+{year('2')})?"
        ),
        "month_range": (
            rf"{_B}(?:entre\s+|de\s+|d['’]\s*|en\s+)?{part('1')}?{month('1')}(?:\s+{year('1')})?"
            rf"(?:\s+(?:et|à|au|jusqu['’]\s*(?:à|en))\s+|\s*[-–]\s*){part('2')}?{month('2')}"
            rf"(?:\s+{year('2')})?"
        ),
        "year_range": (
            rf"(?:{_B}(?:entre|de)\s+(?:{part('1')})?{year('1')}\s+(?:et|à|au)\s+"
            rf"(?:{part('2')})?{year('2')}"
            rf"|{year('3')}\s*[-–]\s*{year('4')})"
        ),
        "day": (
            rf"{prep()}(?:{_B}(?:le|du|au|ce)\s+)?(?:{weekday}\s+)?{day.format(n='')}\s+"
            rf"{month(after_day=True)}(?:\s+{year()})?"
        ),
        "month": (rf"{prep()}{part()}?{month_of}{month()}(?:\s+{year()}|{direction})?"),
        "year": (
            rf"(?:{prep()}{part()}(?:{mark})?|{_B}(?P<prepy>{alternation_pattern(bare_preps)}){_AFTER_WORD}"
            rf"(?:{mark})?|{mark}){year()}"
        ),
        "decade": rf"{_B}{alternation_pattern(lex['decade_markers'])}\s+{year()}",
        "weekday": rf"{prep()}(?:{_B}(?:ce|le)\s+)?{weekday}{direction}?",
        "relative": (
            rf"{prep()}(?:(?:{part('x')})?{_B}(?P<rel>{_relalternation_pattern(lex, False)})"
            rf"|{part()}(?P<relp>{_relalternation_pattern(lex, True)})){_E}"
        ),
        "elapsed": (
            rf"(?:{_B}(?P<ago>{alternation_pattern(elapsed['before_anchor'])})\s+{count('a')}"
            rf"\s+{unit('a')}{_E}|{_B}{count('s')}\s+{unit('s')}\s+(?P<shift>{shifts}){_E}"
            rf"|{_B}(?P<since>{alternation_pattern(elapsed.get('since_anchor', ()))})\s+"
            rf"{count('b')}\s+{unit('b')}{_E})"
        ),
        "weekend": (
            rf"{_B}(?:{alternation_pattern(lex['weekend_articles'])})\s+"
            rf"(?P<weekend>{alternation_pattern(lex['weekend_words'])}){_E}{direction}?"
        ),
        "night": (
            rf"{_B}{alternation_pattern(lex['night_words'])}\s+(?:de|du)\s+"
            rf"{weekday.replace('weekday', 'weekday1')}\s+(?:à|au)\s+{weekday}"
        ),
        "season": (
            rf"{prep()}{_B}{alternation_pattern(lex['season_articles'])}{_AFTER_WORD}"
            rf"(?P<season>{alternation_pattern(lex['seasons'])}){_E}(?:\s+{year()}|{direction})?"
        ),
    }
    # What each rule's matches cannot do without: a year, or one of these words.
    any_year = re.compile(rf"(?<!\d)(?:{centuries})\d\d(?!\d)")
    any_month = _folded_words(*lex["months"], *lex["month_abbreviations"])
    any_weekday = _folded_words(*lex["weekdays"])
    needs: dict[str, frozenset[str] | re.Pattern[str]] = {
        "numeric": any_year,
        "iso": any_year,
        "day_range": any_month,
        "day_month_range": any_month,
        "month_range": any_month,
        "year_range": any_year,
        "day": any_month,
        "month": any_month,
        "year": any_year,
        "decade": any_year,
        "weekday": any_weekday,
        "relative": frozenset(
            max(_WORD.findall(fold(e["phrase"].removeprefix("le "))), key=len)
            for e in lex["relative"]
        ),
        "elapsed": _folded_words(*elapsed["units"]),
        "night": any_weekday,
        "weekend": _folded_words("week", "weekend"),
        "season": _folded_words(*lex["seasons"]),
    }
    rules = tuple(
        _Rule(name, re.compile(p, re.IGNORECASE | re.UNICODE), needs.get(name))
        for name, p in patterns.items()
    )
    relative = tuple(
        (
            re.compile(_rel_regex(e["phrase"]), re.IGNORECASE),
            e["unit"],
            int(e["offset"]),
            e.get("from") == "context",
        )
        for e in lex["relative"]
    )
    markers = sorted(lex["complement_markers"], key=len, reverse=True)
    complement = "|".join(
        phrase_pattern(c) if c.endswith(("'", "’")) else phrase_pattern(c) + _E for c in markers
    )
    return _Grammar(
        rules=rules,
        months={**months, **abbrs},
        weekdays=_keyed(lex["weekdays"]),
        directions=_keyed(lex["direction_words"]),
        preps=preps,
        relative=relative,
        seasons=_keyed(lex["seasons"]),
        complement=re.compile(rf"\s*(?:{complement})", re.IGNORECASE),
        elapsed_units=_keyed(elapsed["units"]),
        elapsed_directions={
            **{fold(w): "before" for w in elapsed["before_context"]},
            **{fold(w): "after" for w in elapsed["after_context"]},
        },
        vague_counts=frozenset(fold(w) for w in elapsed.get("vague_counts", ())),
        approx=re.compile(
            rf"^\s*(?:{alternation_pattern(elapsed.get('approximations', ()) or ['(?!)'])})\s*",
            re.IGNORECASE,
        ),
    )


def _rel_regex(phrase: str) -> str:
    forms = {phrase, fold(phrase)}
    alts = []
    for f in sorted(forms):
        if f.startswith("le "):
            alts.append(r"(?:le\s+)?" + phrase_pattern(f[3:]))
        else:
            alts.append(phrase_pattern(f))
    return "(?:" + "|".join(alts) + ")"


def _folded_words(*forms: str) -> frozenset[str]:
    """The words of ``forms``, folded (as :func:`_selected` reads a sentence's words)."""
    return frozenset(w for f in forms for w in _WORD.findall(fold(f)))


def _relalternation_pattern(lex: Mapping[str, Any], needs_part: bool) -> str:
    phrases = [
        e["phrase"] for e in lex["relative"] if bool(e.get("needs_part", False)) == needs_part
    ]
    return "(?:" + "|".join(_rel_regex(p) for p in sorted(phrases, key=lambda p: -len(p))) + ")"


# --------------------------------------------------------------------------- matching


def _mask_clocks(text: str) -> tuple[str, list[tuple[int, int]]]:
    spans = [(m.start(), m.end()) for m in _CLOCK.finditer(text)]
    if not spans:
        return text, spans
    chars = list(text)
    for s, e in spans:
        chars[s:e] = " " * (e - s)
    return "".join(chars), spans


def temporal_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` holding dates or clock times: figures there are not counts."""
    _, clocks = _mask_clocks(text)
    return sorted(clocks + [(start, end) for start, end, _, _ in _selected(text)])


def find_dates(text: str, anchor: PartialDate | None) -> list[DateMention]:
    """Every date expression of ``text``, left to right, resolved against ``anchor``.

    >>> found = find_dates("en juin et le mois dernier", PartialDate(2025, 3))
    >>> [(m.text, m.value.key) for m in found]
    [('en juin', '2024-06'), ('le mois dernier', '2025-02')]
    """
    g = _grammar()
    out: list[DateMention] = []
    shifts: dict[int, tuple[str, int]] = {}  # index in out -> (unit, offset) from the context
    for start, end, rule, m in _selected(text):
        shift = _context_shift(m, rule.name, g)
        if shift is None:
            value, kind = _BUILDERS[rule.name](m, anchor, g)
            ahead = _upcoming_month(m, anchor, g) if rule.name == "month" else None
            out.append(DateMention(start, end, text[start:end], value, kind, upcoming=ahead))
            continue
        unit, offset = shift
        kind = "context"
        if offset and g.complement.match(text, end):
            offset, kind = -offset, "complement"  # "au lendemain de X": X is the day before
        shifts[len(out)] = (unit, offset)
        out.append(DateMention(start, end, text[start:end], None, kind))
    for i, (unit, offset) in shifts.items():
        ref = _context_day(out, i, unit)
        value = _wrap(resolve_relative(unit, offset, ref or anchor), "point")
        shift = None if ref is not None else (unit, offset)
        out[i] = DateMention(out[i].start, out[i].end, out[i].text, value, out[i].kind, shift)
    return out


def states_direction(text: str) -> bool:
    """True when a date expression says which way it lies ("mardi prochain", "juin dernier")."""
    g = _grammar()
    return any(fold(w) in g.directions for w in re.findall(r"\w+", text))


def _context_shift(m: re.Match[str], rule: str, g: _Grammar) -> tuple[str, int] | None:
    """``(unit, offset)`` of an expression counted from the sentence's own day, else None.

    "la veille", "le lendemain" (lexicon entries ``"from": "context"``) and
    "deux jours plus tard" are counted from the day the sentence speaks of,
    not from the publication date.
    """
    if rule == "relative" and m.group("rel"):
        for regex, unit, offset, from_context in g.relative:
            if from_context and regex.fullmatch(m.group("rel")):
                return unit, offset
        return None
    if rule == "elapsed" and m.group("shift"):
        n = _count(m.group("counts"))
        unit = g.elapsed_units.get(fold(m.group("units")))
        if unit == "hour":  # "quelques heures plus tôt": the same day
            unit, n = _hours(m.group("counts"), n, g)
        if n is None or unit is None:
            return None
        sign = -1 if g.elapsed_directions.get(_spaced(m.group("shift"))) == "before" else 1
        return unit, sign * n
    return None


_PRECISE_FOR = {
    "day": ("day",),
    "week": ("day",),
    "month": ("day", "month"),
    "year": ("day", "month", "year"),
}


def counts_from(d: PartialDate, unit: str) -> bool:
    """Whether ``unit`` ("day", "week", "month", "year") can be counted from ``d``.

    A day is counted from a day, a month from a month or a day, a year from
    any date: "signé en 2010 [...]. Il est entré en vigueur l'année
    suivante" is 2011, but "le lendemain" of "en 2010" is unknown.
    """
    return d.precision in _PRECISE_FOR.get(unit, ())


def _context_day(mentions: list[DateMention], i: int, unit: str = "day") -> PartialDate | None:
    """The time a sentence speaks of, precise enough to count ``unit`` from.

    Its nearest point date, before ``i`` first: a day for days and weeks, a
    month for months, a year for years ("signé en avril 2010 et entré en
    vigueur l'année suivante" -> 2011).
    """
    before = [m for m in mentions[:i] if m.kind not in ("context", "complement")]
    after = [m for m in mentions[i + 1 :] if m.kind not in ("context", "complement")]
    for m in [*reversed(before), *after]:
        d = m.value.date if m.value is not None else None
        if d is not None and counts_from(d, unit):
            return d
    return None


def _hours(count: str, n: int | None, g: _Grammar) -> tuple[str | None, int | None]:
    """A count of hours as a shift of days: ``("day", 0)`` under a day, else unknown.

    "quelques heures plus tôt" (a vague count, lexicon ``elapsed.vague_counts``)
    and "trois heures plus tard" stay on the same day; "36 heures plus tard"
    cannot be placed on a day and gives ``(None, None)``.
    """
    if n is None and _spaced(count) in g.vague_counts:
        return "day", 0
    if n is not None and n < 24:
        return "day", 0
    return None, None


def _spaced(text: str) -> str:
    return re.sub(r"\s+", " ", fold(text))


def _count(text: str) -> int | None:
    """A small count in digits or words ("deux", "21"), else None."""
    from newskg.extract.numbers import parse_number  # noqa: PLC0415  (numbers imports dates)

    n = parse_number(text)
    return n if n is not None and 0 < n < 1000 else None


@lru_cache(maxsize=4096)
def _selected(text: str) -> tuple[tuple[int, int, _Rule, re.Match[str]], ...]:
    """The date expressions of ``text``: the longest, earliest-ranked match at each place.

    What matches does not depend on the anchor date, so it is computed once
    per sentence (the figures' parser asks for the same sentence's dates).
    """
    g = _grammar()
    masked, _ = _mask_clocks(text)
    candidates: list[tuple[int, int, int, _Rule, re.Match[str]]] = []
    words = frozenset(_WORD.findall(fold(masked)))
    for rank, rule in enumerate(g.rules):
        needs = rule.needs
        if isinstance(needs, frozenset) and needs.isdisjoint(words):
            continue
        if isinstance(needs, re.Pattern) and needs.search(masked) is None:
            continue
        for m in rule.regex.finditer(masked):
            if m.end() > m.start():
                candidates.append((m.start(), -m.end(), rank, rule, m))
    candidates.sort(key=lambda c: c[:3])
    out: list[tuple[int, int, _Rule, re.Match[str]]] = []
    last_end = 0
    for start, neg_end, _, rule, m in candidates:
        end = -neg_end
        if start < last_end:
            continue
        out.append((start, end, rule, m))
        last_end = end
    return tuple(out)


# --------------------------------------------------------------------------- builders

_Built = tuple[TimeValue | None, str]


def _g(m: re.Match[str], name: str) -> str | None:
    return m.groupdict().get(name)


def _mode(m: re.Match[str], g: _Grammar) -> str:
    p = _g(m, "prep") or _g(m, "prepy")
    if p is None:
        return "point"
    key = re.sub(r"\s+", " ", fold(p)).replace("' ", "'")
    return g.preps.get(key, "point")


def _wrap(pd: PartialDate | None, mode: str) -> TimeValue | None:
    if pd is None:
        return None
    if mode == "start":
        return TimeValue(start=pd)
    if mode == "end":
        return TimeValue(end=pd)
    return TimeValue(date=pd)


def _month_number(word: str | None, g: _Grammar) -> int | None:
    if word is None:
        return None
    if word.isdigit():
        return int(word)
    return g.months.get(fold(word).rstrip("."))


def _day_number(word: str) -> int:
    w = fold(word)
    return 1 if not w.isdigit() else int(w)


def _direction(m: re.Match[str], g: _Grammar) -> str:
    d = _g(m, "dir")
    return "recent" if d is None else g.directions.get(fold(d), "recent")


def _build_numeric(m: re.Match[str], anchor: PartialDate | None, g: _Grammar) -> _Built:
    pd = _date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
    return _wrap(pd, "point"), "absolute"


def _build_day(m: re.Match[str], anchor: PartialDate | None, g: _Grammar) -> _Built:
    month = _month_number(m.group("month"), g)
    day = _day_number(m.group("day"))
    if month is None:
        return None, "absolute"
    if m.group("year"):
        return _wrap(_date(int(m.group("year")), month, day), _mode(m, g)), "absolute"
    if m.group("weekday"):
        named = _weekday_year(g.weekdays[fold(m.group("weekday"))], day, month, anchor)
        if named is not None:
            return _wrap(named, _mode(m, g)), "relative"
    return _wrap(resolve_day_month(day, month, anchor), _mode(m, g)), "relative"


def _weekday_year(
    weekday: int, day: int, month: int, anchor: PartialDate | None
) -> PartialDate | None:
    """ "le dimanche 19 janvier": the date nearest the anchor that falls on that weekday.

    A weekday settles the year a day and month leave open (an upcoming day
    of the anchor's own month, a day just after it): of the anchor's year
    and its neighbours, the one where the day is that weekday, if only one
    lies within a year of the anchor.
    """
    if anchor is None or anchor.month is None:
        return None
    ref = dt.date(anchor.year, anchor.month, anchor.day or 15)
    fits = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        if d.weekday() == weekday and abs((d - ref).days) <= 300:
            fits.append(d)
    if len(fits) != 1:
        return None
    return PartialDate(fits[0].year, fits[0].month, fits[0].day)


def _build_day_range(m: re.Match[str], anchor: PartialDate | None, g: _Grammar) -> _Built:
    month = _month_number(m.group("month"), g)
    d1, d2 = _day_number(m.group("day1")), _day_number(m.group("day2"))
    if month is None or d1 >= d2:
        return None, "range"
    if m.group("year"):
        end = _date(int(m.group("year")), month, d2)
    else:
        end = resolve_day_month(d2, month, anchor)
    if end is None:
        return None, "range"
    start = _date(end.year, month, d1)
    return (TimeValue(start=start, end=end) if start else None), "range"


def _build_day_month_range(m: re.Match[str], anchor: PartialDate | None, g: _Grammar) -> _Built:
    """ "du 28 janvier au 2 février": from one day to another of a later month.

    The end resolves as a day of its own (its year, else the anchor's rule);
    the start takes the end's year, or the year before when its month comes
    later in the calendar ("du 28 décembre au 3 janvier").
    """
    m1, m2 = _month_number(m.group("month1"), g), _month_number(m.group("month2"), g)
    if m1 is None or m2 is None:
        return None, "range"
    d1, d2 = _day_number(m.group("day1")), _day_number(m.group("day2"))
    if m.group("year2"):
        end = _date(int(m.group("year2")), m2, d2)
    else:
        end = resolve_day_month(d2, m2, anchor)
    if end is None:
        return None, "range"
    if m.group("year1"):
        start = _date(int(m.group("year1")), m1, d1)
    else:
        start = _date(end.year - (1 if (m1, d1) > (m2, d2) else 0), m1, d1)
    if start is None or (start.year, m1, d1) >= (end.year, m2, d2):
        return None, "range"
    return TimeValue(start=start, end=end), "range"


def _build_month(m: re.Match[str], anchor: PartialDate | None, g: _Grammar) -> _Built:
    month = _month_number(m.group("month"), g)
    if month is None:
        return None, "absolute"
    if m.group("year"):
        return _wrap(_date(int(m.group("year")), month), _mode(m, g)), "absolute"
    pd = resolve_month(month, anchor, _direction(m, g))
    return _wrap(pd, _mode(m, g)), "relative"


def _upcoming_month(m: re.Match[str], anchor: PartialDate | None, g: _Grammar) -> TimeValue | None:
    """A month without year or direction word read forward: this month or the next such one.

    "Le retrait devrait s'achever fin juillet" (published in February
    2025): July 2025, where the default reading takes the last July.
    """
    month = _month_number(m.group("month"), g)
    if month is None or m.group("year") or _g(m, "dir") or anchor is None or anchor.month is None:
        return None
    year = anchor.year if month >= anchor.month else anchor.year + 1
    return _wrap(_date(year, month), _mode(m, g))


def _build_month_range(m: re.Match[str], anchor: PartialDate | None, g: _Grammar) -> _Built:
    m1, m2 = _month_number(m.group("month1"), g), _month_number(m.group("month2"), g)
    y1, y2 = m.group("year1"), m.group("year2")
    if m1 is None or m2 is None:
        return None, "range"
    end: PartialDate | None
    if y2:
        end = _date(int(y2), m2)
    elif y1:
        end = _date(int(y1) if m2 >= m1 else int(y1) + 1, m2)
    else:
        end = resolve_month(m2, anchor)
    if end is None:
        return None, "range"
    start = _date(int(y1), m1) if y1 else _date(end.year if m1 <= m2 else end.year - 1, m1)
    if start is None or start > end:
        return None, "range"
    return TimeValue(start=start, end=end), "range"


def _build_year_range(m: re.Match[str], anchor: PartialDate | None, g: _Grammar) -> _Built:
    y1 = int(m.group("year1") or m.group("year3"))
    y2 = int(m.group("year2") or m.group("year4"))
    if y1 >= y2:
        return None, "range"
    return TimeValue(start=PartialDate(y1), end=PartialDate(y2)), "range"


def _build_year(m: re.Match[str], anchor: PartialDate | None, g: _Grammar) -> _Built:
    mode = _mode(m, g)
    return _wrap(_year_start(int(m.group("year")), _g(m, "part"), mode), mode), "absolute"


def _year_start(year: int, part: str | None, mode: str) -> PartialDate | None:
    """A year, or its January when a period starts at its beginning.

    "depuis le début de l'année 2025": the period starts in January 2025,
    which is what "le début" says of a start; "début 2025" alone is some
    time early in the year and keeps the year.
    """
    if mode == "start" and part is not None and fold(part) in _BEGINNING:
        return _date(year, 1)
    return _date(year)


_BEGINNING = frozenset({"debut"})


def _build_decade(m: re.Match[str], anchor: PartialDate | None, g: _Grammar) -> _Built:
    return None, "decade"


def _build_weekday(m: re.Match[str], anchor: PartialDate | None, g: _Grammar) -> _Built:
    wd = g.weekdays[fold(m.group("weekday"))]
    return _wrap(resolve_weekday(wd, anchor, _direction(m, g)), _mode(m, g)), "weekday"


def _build_relative(m: re.Match[str], anchor: PartialDate | None, g: _Grammar) -> _Built:
    phrase = m.group("relp") or m.group("rel")
    mode = _mode(m, g)
    for regex, unit, offset, _ in g.relative:
        if regex.fullmatch(phrase):
            value = resolve_relative(unit, offset, anchor)
            if unit == "year" and value is not None:  # "depuis le début de l'année"
                value = _year_start(value.year, _g(m, "part") or _g(m, "partx"), mode)
            return _wrap(value, mode), "relative"
    return None, "relative"


def _build_elapsed(m: re.Match[str], anchor: PartialDate | None, g: _Grammar) -> _Built:
    """ "il y a deux semaines": the count of units before the anchor (a shift from the
    sentence's day is resolved by :func:`find_dates`; unreadable counts give None)."""
    if m.group("since"):  # "depuis trois ans": an open period from that long ago
        count, word, mode = m.group("countb"), m.group("unitb"), "start"
    elif m.group("ago"):
        count, word, mode = m.group("counta"), m.group("unita"), "point"
    else:
        return None, "elapsed"
    hedged = g.approx.match(count)
    if hedged:  # "il y a près de deux semaines": the count without its hedge
        count = count[hedged.end() :]
    n = _count(count)
    unit = g.elapsed_units.get(fold(word))
    if hedged and unit in ("day", "hour") and n is not None:
        # a hedged count of days places the event in a month, not on a day
        days = n if unit == "day" else round(n / 24)
        day = resolve_relative("day", -days, anchor)
        month = None if day is None or day.month is None else PartialDate(day.year, day.month)
        return _wrap(month, mode), "elapsed"
    if unit == "hour" and n is not None and n >= 24 and n % 24 == 0:
        unit, n = "day", n // 24  # "il y a 48 heures": two days before
    elif unit == "hour":  # "il y a quelques heures": the publication day
        unit, n = _hours(count, n, g)
        if unit is not None:
            return _wrap(resolve_relative(unit, 0, anchor), mode), "elapsed"
    if n is None or unit is None:
        return None, "elapsed"
    return _wrap(resolve_relative(unit, -n, anchor), mode), "elapsed"


def _build_weekend(m: re.Match[str], anchor: PartialDate | None, g: _Grammar) -> _Built:
    """ "ce week-end", "le week-end dernier": that weekend's Saturday to Sunday.

    The most recent Saturday on or before the anchor (strictly before with
    "dernier", after with "prochain"); a Sunday anchor's weekend is its own.
    An anchor known to the month gives its month, as for a weekday.
    """
    direction = _direction(m, g)
    anchor_day = (
        dt.date(anchor.year, anchor.month, anchor.day)
        if anchor is not None and anchor.month is not None and anchor.day is not None
        else None
    )
    if anchor_day is not None and anchor_day.weekday() == 6 and direction == "recent":
        saturday = _shifted(anchor_day, -1)  # published on the Sunday: this weekend
    else:
        saturday = resolve_weekday(5, anchor, direction)
    if saturday is None or saturday.day is None:
        return _wrap(saturday, "point"), "weekday"
    sunday = _shifted(dt.date(saturday.year, saturday.month, saturday.day), 1)
    return TimeValue(start=saturday, end=sunday), "weekday"


def _build_night(m: re.Match[str], anchor: PartialDate | None, g: _Grammar) -> _Built:
    """ "dans la nuit de jeudi à vendredi": from the first weekday to the second."""
    end = resolve_weekday(g.weekdays[fold(m.group("weekday"))], anchor)
    if end is None:
        return None, "weekday"
    if end.day is None:
        return TimeValue(date=end), "weekday"
    start = _shifted(dt.date(end.year, end.month, end.day), -1)
    return TimeValue(start=start, end=end), "weekday"


def _build_season(m: re.Match[str], anchor: PartialDate | None, g: _Grammar) -> _Built:
    months = g.seasons.get(fold(m.group("season")))
    if m.group("year"):
        y = int(m.group("year"))
        if months is None:
            return _wrap(_date(y), _mode(m, g)), "season"
        return TimeValue(start=_date(y, months[0]), end=_date(y, months[1])), "season"
    if months is None:
        return None, "season"
    first = resolve_month(months[0], anchor, _direction(m, g))
    if first is None:
        return None, "season"
    return TimeValue(start=first, end=_date(first.year, months[1])), "season"


_BUILDERS: dict[str, Callable[[re.Match[str], PartialDate | None, _Grammar], _Built]] = {
    "numeric": _build_numeric,
    "iso": _build_numeric,
    "day_range": _build_day_range,
    "day_month_range": _build_day_month_range,
    "month_range": _build_month_range,
    "year_range": _build_year_range,
    "day": _build_day,
    "month": _build_month,
    "year": _build_year,
    "decade": _build_decade,
    "weekday": _build_weekday,
    "relative": _build_relative,
    "elapsed": _build_elapsed,
    "night": _build_night,
    "weekend": _build_weekend,
    "season": _build_season,
}
