"""Figures in French news text: "1.100", "quelque 8000", "plusieurs milliers".

:func:`find_numbers` finds every quantity expression of a text and reads its
value and qualifier; :func:`parse_number` reads one figure. Both are pure
functions of the text (no spaCy); the vocabulary is data,
``data/lexicons/numbers_fr.json``. Deciding *what* a figure counts is the
caller's job (:mod:`newskg.extract.quantities`).

What is read:

- digits with French grouping: ``1.100``, ``1 000`` (space, no-break space,
  narrow no-break space, thin space, tab, or a run of them holding one line
  break: ``1\\n000`` is a figure the layout broke), ``1'000``; plain ``8000``; a decimal
  comma (or point) only before a scale word: ``3,5 millions`` -> 3500000;
- numbers in words, hyphenated or not: ``deux mille``, ``quatre-vingt-dix``,
  ``vingt et un``, ``un million``; a lone ``un``/``une`` is an article and is
  never read as 1;
- qualifiers before the figure (``environ``, ``quelque``, ``près de`` ->
  Approximately; ``au moins``, ``pas moins de`` -> AtLeast; ``plus de``,
  ``au-delà de`` -> MoreThan; ``jusqu'à``, ``moins de`` -> AtMost) or right
  after it (``1000 environ``, ``200 au moins``);
- ranges ``40 à 60``, ``deux ou trois``, ``entre 10.000 et 12.000``: one
  mention with ``min_value``/``max_value``;
- vague amounts, with ``value=None`` and a range. Choices:

  * ``une dizaine``, ``une centaine``, ``un millier`` (and ``une dizaine de
    milliers``): Approximately, ``value`` = base x multiplier (10, 100, 1000,
    10000) -- the amount is stated, only loosely;
  * ``plusieurs``/``quelques``/``des``/``de nombreux`` + ``dizaines``,
    ``centaines``, ``milliers``, ``millions`` (optionally ``de milliers``...):
    Approximately, ``min_value`` = 2 x unit and ``max_value`` = 9 x unit, the
    unit being base x multiplier: ``plusieurs milliers`` -> 2000..9000,
    ``des centaines`` -> 200..900, ``des dizaines de milliers`` ->
    20000..90000.

What is skipped (no mention): figures inside dates and clock times (``en
2024``, ``le 17 décembre``, ``19/12/2024``, ``10:39``; see
:func:`newskg.extract.dates.temporal_spans`), a plain year-like figure
(1900-2099) not followed by a lower-case word (``2022,``), figures glued to
letters or followed by a unit of measure, money or duration (``170 mm``,
``240mm``, ``40 à 60 km``, ``3 millions de dollars``, ``trois ans``),
ordinals (``1er``, ``2e``), designations (``Hwasong-18``, ``T-72``), and
decimals without a scale word. ``deux`` in ``les deux pays`` *is* emitted:
whether it counts something is for the caller to decide from the syntax.

>>> [(m.text, m.value, m.qualifier.value) for m in find_numbers("plus de 1.100 soldats")]
[('plus de 1.100', 1100, 'MoreThan')]
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from newskg.extract.dates import temporal_spans
from newskg.model import Qualifier
from newskg.resources import data_dir
from newskg.text import alternation_pattern, fold, phrase_pattern

__all__ = ["NumberMention", "amount_words", "find_numbers", "parse_number"]


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A quantity expression of a text.

    ``start``/``end`` cover the qualifier and the amount (``plus de 1.100``,
    ``plusieurs dizaines de milliers``); ``number_start``/``number_end`` the
    amount alone. ``value`` is the figure as stated; vague amounts and ranges
    have ``value=None`` and ``min_value``/``max_value``.
    """

    start: int
    end: int
    text: str
    value: int | None
    min_value: int | None
    max_value: int | None
    qualifier: Qualifier
    number_start: int
    number_end: int


# --------------------------------------------------------------------------- lexicon


def _cues(cues: Iterable[str]) -> str:
    variants = {v for c in cues for v in (c, fold(c))}
    return "(?:" + "|".join(_cue(c) for c in sorted(variants, key=lambda c: (-len(c), c))) + ")"


def _cue(p: str) -> str:
    """A qualifier cue followed by what separates it from the figure ("de 1.100", "d'un")."""
    words = p.split(" ")
    last = words[-1]
    if last in ("de", "que"):
        head = phrase_pattern(" ".join(words[:-1])) + r"\s+" if len(words) > 1 else ""
        return head + rf"(?:{last}\s+|{last[0]}{'u' if last == 'que' else ''}['’]\s*)"
    return phrase_pattern(p) + r"\s+"


_GROUP_SEPARATORS = " \t\u00a0\u202f\u2009"
# a thousands group may follow after any run of spaces holding at most one line break:
# "près de 1\n000 chars" is one figure broken by the layout, a blank line is not
_GROUP_GAP = rf"(?:[{_GROUP_SEPARATORS}]+\n?[{_GROUP_SEPARATORS}]*|\n[{_GROUP_SEPARATORS}]*)"
_DIGITS = (
    r"(?P<int>\d{1,3}(?:\.\d{3})+(?!\d)|\d{1,3}(?:" + _GROUP_GAP + r"\d{3})+(?!\d)"
    r"|\d{1,3}(?:['’]\d{3})+(?!\d)|\d+)"
)
_WORD = re.compile(r"[^\W\d_]+")
_WORD_GAP = re.compile(r"[ \t\u00a0\u202f\u2009\-‑]+")


@dataclass(frozen=True, slots=True)
class _Lexicon:
    words: dict[str, tuple[str, int]]
    digits: re.Pattern[str]
    approx: re.Pattern[str]
    vague: re.Pattern[str]
    approx_bases: dict[str, int]
    vague_bases: dict[str, int]
    multipliers: dict[str, int]
    vague_min: int
    vague_max: int
    prefix: re.Pattern[str]
    prefix_kinds: tuple[tuple[re.Pattern[str], Qualifier], ...]
    suffix: re.Pattern[str]
    suffix_kinds: tuple[tuple[re.Pattern[str], Qualifier], ...]
    unit_after: re.Pattern[str]
    currency_before: re.Pattern[str]
    year_range: tuple[int, int]
    range_links: re.Pattern[str]
    between: dict[str, str]
    range_opener: re.Pattern[str]


@cache
def _raw() -> Mapping[str, Any]:
    with (data_dir() / "lexicons" / "numbers_fr.json").open(encoding="utf-8") as fh:
        return json.load(fh)


@cache
def _lexicon() -> _Lexicon:
    lex = _raw()
    words: dict[str, tuple[str, int]] = {}
    for w, v in lex["units"].items():
        words[fold(w)] = ("unit", v)
    for w, v in lex["tens"].items():
        words[fold(w)] = ("ten", v)
    for w in lex["hundreds"]:
        words[fold(w)] = ("hundred", 100)
    for w, v in lex["scales"].items():
        words[fold(w)] = ("scale", v)
    flags = re.IGNORECASE
    scale = alternation_pattern(lex["scales"])
    mult = rf"(?:\s+(?:de\s+|d['’]\s*)(?P<mult>{alternation_pattern(lex['multipliers'])}))?"
    prefix_kinds = tuple(
        (re.compile(_cues(cues), flags), Qualifier(q))
        for q, cues in lex["qualifier_prefixes"].items()
    )
    prefix_alt = _cues(c for cues in lex["qualifier_prefixes"].values() for c in cues)
    suffixes = [c for cues in lex["qualifier_suffixes"].values() for c in cues]
    suffix_kinds = tuple(
        (re.compile(alternation_pattern(cues), flags), Qualifier(q))
        for q, cues in lex["qualifier_suffixes"].items()
    )
    units = sorted(lex["units_of_measure"], key=len, reverse=True)
    unit_alt = "|".join(phrase_pattern(u) for u in units)
    return _Lexicon(
        words=words,
        digits=re.compile(
            rf"(?<!\w)(?<!\d[.,'’])(?<!\w[-‑]){_DIGITS}"
            rf"(?:(?P<dec>[,.]\d+)(?=\s*{scale}(?!\w)))?(?:\s*(?P<scale>{scale})(?!\w))?",
            flags,
        ),
        approx=re.compile(
            rf"(?<!\w)(?:une?)\s+(?P<coll>{alternation_pattern(lex['approximate_collectives'])})(?!\w){mult}"
            r"(?!\w)",
            flags,
        ),
        vague=re.compile(
            rf"(?<!\w){alternation_pattern(lex['vague_determiners'])}\s+"
            rf"(?P<coll>{alternation_pattern(lex['vague_collectives'])})(?!\w){mult}(?!\w)",
            flags,
        ),
        approx_bases={fold(k): v for k, v in lex["approximate_collectives"].items()},
        vague_bases={fold(k): v for k, v in lex["vague_collectives"].items()},
        multipliers={fold(k): v for k, v in lex["multipliers"].items()},
        vague_min=int(lex["vague_factors"]["min"]),
        vague_max=int(lex["vague_factors"]["max"]),
        prefix=re.compile(rf"(?<!\w){prefix_alt}\Z", flags),
        prefix_kinds=prefix_kinds,
        suffix=re.compile(rf"\s+(?P<cue>{alternation_pattern(suffixes)})(?!\w)(?!\s*\d)", flags),
        suffix_kinds=suffix_kinds,
        unit_after=re.compile(rf"\s*(?:de\s+|d['’]\s*)?(?:{unit_alt})(?![^\W\d_])", flags),
        currency_before=re.compile(
            "(?:" + "|".join(re.escape(c) for c in lex["currency_symbols"]) + r")\s*\Z"
        ),
        year_range=(int(lex["year_range"][0]), int(lex["year_range"][1])),
        range_links=re.compile(
            r"\A\s*(?:" + "|".join(phrase_pattern(x) for x in lex["range_links"]) + r")\s*\Z", flags
        ),
        between={fold(k): v for k, v in lex["range_between"].items()},
        range_opener=re.compile(
            rf"(?<!\w)(?P<w>{alternation_pattern(lex['range_between'])})\s+\Z", flags
        ),
    )


# --------------------------------------------------------------------------- parsing


class _WordParser:
    """Reads number words one by one, refusing a word that cannot continue the number."""

    def __init__(self, words: Mapping[str, tuple[str, int]]) -> None:
        self.words = words
        self.big = 0  # millions and milliards
        self.thousands = 0
        self.current = 0  # below one thousand
        self.count = 0

    @property
    def value(self) -> int:
        return self.big + self.thousands + self.current

    def push(self, word: str) -> bool:
        """Add ``word`` to the number; ``False`` (and no change) if it cannot follow."""
        entry = self.words.get(fold(word))
        if entry is None:
            return False
        kind, v = entry
        cur = self.current
        low = cur % 100
        if kind == "unit":
            if not (
                low == 0
                or (low % 10 == 0 and low >= 10 and v < 10)  # dix-sept, vingt-deux
                or (low in (60, 80) and 10 <= v <= 19)  # soixante-douze, quatre-vingt-onze
            ):
                return False
            self.current = cur + v
        elif kind == "ten":
            if v == 20 and low == 4:
                self.current = cur + 76  # quatre-vingt(s)
            elif low == 0:
                self.current = cur + v
            else:
                return False
        elif kind == "hundred":
            if cur >= 10:
                return False
            self.current = (cur or 1) * 100
        elif v == 1000:
            if self.thousands:
                return False
            self.thousands = (cur or 1) * 1000
            self.current = 0
        else:
            small = self.thousands + cur
            if small == 0:
                return False  # "millions" alone is vague; "million" needs "un"
            self.big += small * v
            self.thousands = self.current = 0
        self.count += 1
        return True


def parse_number(text: str) -> int | None:
    """The integer a French figure states, or ``None`` if ``text`` is not one figure.

    >>> parse_number("1.100"), parse_number("3,5 millions"), parse_number("quatre-vingt-dix")
    (1100, 3500000, 90)
    >>> parse_number("trois soldats") is None
    True
    """
    t = text.strip()
    if not t:
        return None
    lex = _lexicon()
    m = lex.digits.fullmatch(t)
    if m is not None:
        return _digits_value(m)
    tokens = [w for w in _WORD.findall(t) if fold(w) != "et"]
    rest = _WORD.sub("", t)
    if not tokens or not re.fullmatch(r"[\s\-‑]*", rest):
        return None
    parser = _WordParser(lex.words)
    for w in tokens:
        if not parser.push(w):
            return None
    return parser.value


def _digits_value(m: re.Match[str]) -> int | None:
    """The value of a match of the digits pattern; ``None`` if it is not a whole number."""
    digits = re.sub(r"\D", "", m.group("int"))
    scale = m.group("scale")
    dec = m.group("dec")  # only matched before a scale word: "3,5 millions"
    number = Decimal(digits + ("." + dec[1:] if dec else ""))
    if scale:
        number *= _lexicon().words[fold(scale)][1]
    if number != number.to_integral_value():
        return None
    return int(number)


# --------------------------------------------------------------------------- finding


@dataclass(slots=True)
class _Amount:
    start: int
    end: int
    value: int | None
    lo: int | None = None
    hi: int | None = None
    default: Qualifier = Qualifier.EXACT
    scaled: bool = False
    plain_digits: bool = False
    lead: int | None = None  # where "entre" of "entre 10.000 et 12.000" starts


def _masked(text: str) -> str:
    chars = list(text)
    for s, e in temporal_spans(text):
        chars[s:e] = " " * (e - s)
    return "".join(chars)


def _collective_amounts(masked: str, lex: _Lexicon) -> list[_Amount]:
    out = []
    for m in lex.approx.finditer(masked):
        mult = lex.multipliers[fold(m.group("mult"))] if m.group("mult") else 1
        base = lex.approx_bases[fold(m.group("coll"))]
        out.append(_Amount(m.start(), m.end(), base * mult, default=Qualifier.APPROXIMATELY))
    for m in lex.vague.finditer(masked):
        mult = lex.multipliers[fold(m.group("mult"))] if m.group("mult") else 1
        unit = lex.vague_bases[fold(m.group("coll"))] * mult
        out.append(
            _Amount(
                m.start(),
                m.end(),
                None,
                lo=lex.vague_min * unit,
                hi=lex.vague_max * unit,
                default=Qualifier.APPROXIMATELY,
            )
        )
    return out


def _digit_amounts(masked: str, lex: _Lexicon) -> list[_Amount]:
    out = []
    for m in lex.digits.finditer(masked):
        after = masked[m.end() : m.end() + 1]
        if not m.group("scale") and (after.isalpha() or after.isdigit()):
            continue  # "240mm", "1er", "2e"
        if not m.group("scale") and re.match(r"[.,]\d", masked[m.end() : m.end() + 2]):
            continue  # a decimal figure such as "2,5"
        value = _digits_value(m)
        if value is None:
            continue
        plain = m.group("int").isdigit() and not m.group("scale") and not m.group("dec")
        out.append(
            _Amount(m.start(), m.end(), value, scaled=bool(m.group("scale")), plain_digits=plain)
        )
    return out


def _word_amounts(masked: str, lex: _Lexicon) -> list[_Amount]:
    tokens = list(_WORD.finditer(masked))
    out: list[_Amount] = []
    i = 0
    while i < len(tokens):
        if fold(tokens[i].group()) not in lex.words:
            i += 1
            continue
        parser = _WordParser(lex.words)
        j = i
        last_used = -1
        while j < len(tokens):
            tok = tokens[j]
            if j > i:
                gap = masked[tokens[j - 1].end() : tok.start()]
                if not _WORD_GAP.fullmatch(gap):
                    break
            word = fold(tok.group())
            if word == "et" and j > i and j + 1 < len(tokens):
                nxt = fold(tokens[j + 1].group())
                if nxt in ("un", "une", "onze") and parser.current % 10 == 0 and parser.current:
                    j += 1
                    continue
                break
            if not parser.push(word):
                break
            last_used = j
            j += 1
        if last_used < 0:
            i += 1
            continue
        only = [fold(t.group()) for t in tokens[i : last_used + 1]]
        if only not in (["un"], ["une"]):
            scaled = lex.words[only[-1]][0] == "scale"
            out.append(
                _Amount(tokens[i].start(), tokens[last_used].end(), parser.value, scaled=scaled)
            )
        i = last_used + 1
    return out


def _non_overlapping(amounts: list[_Amount]) -> list[_Amount]:
    out: list[_Amount] = []
    for a in sorted(amounts, key=lambda a: (a.start, -a.end)):
        if out and a.start < out[-1].end:
            continue
        out.append(a)
    return out


_LOWER_WORD_NEXT = re.compile(r"\s+[^\W\d_A-ZÀ-ÖØ-Þ]")
_DESIGNATION_BEFORE = re.compile(r"(?:n°|#|°|№)\s*\Z", re.IGNORECASE)


def _keep(a: _Amount, text: str, lex: _Lexicon) -> bool:
    """False for a bare year ("2022,"), a reference number ("n° 3") or an amount of money."""
    if a.plain_digits and a.value is not None:
        lo, hi = lex.year_range
        if lo <= a.value <= hi and not _LOWER_WORD_NEXT.match(text, a.end):
            return False
    before = text[max(0, a.start - 3) : a.start]
    return not (_DESIGNATION_BEFORE.search(before) or lex.currency_before.search(before))


def _ranges(amounts: list[_Amount], text: str, lex: _Lexicon) -> list[_Amount]:
    """Join "40 à 60", "deux ou trois", "entre 10.000 et 12.000" into one amount."""
    out: list[_Amount] = []
    i = 0
    while i < len(amounts):
        a = amounts[i]
        b = amounts[i + 1] if i + 1 < len(amounts) else None
        if b is not None and a.value is not None and b.value is not None:
            gap = text[a.end : b.start]
            start = a.start
            opener = lex.range_opener.search(text, max(0, a.start - 12), a.start)
            if opener is not None:
                closer = lex.between[fold(opener.group("w"))]
                linked = re.fullmatch(rf"\s+{closer}\s+", gap, re.IGNORECASE) is not None
                start = opener.start()
            else:
                linked = lex.range_links.fullmatch(gap) is not None
            lo = a.value
            if b.scaled and not a.scaled and lo < 1000:
                lo *= _scale_of(b.value)  # "1 à 2 millions"
            if linked and lo < b.value and a.default is b.default:
                out.append(
                    _Amount(a.start, b.end, None, lo=lo, hi=b.value, default=a.default, lead=start)
                )
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _scale_of(value: int) -> int:
    for s in (1_000_000_000, 1_000_000, 1000):
        if value >= s and value % s == 0:
            return s
    return 1


def _qualifier(text: str, a: _Amount, lex: _Lexicon, floor: int) -> tuple[int, int, Qualifier]:
    """The span with its qualifier cue (before or after the amount) and the qualifier."""
    first = a.start if a.lead is None else a.lead
    m = lex.prefix.search(text, max(floor, first - 60), first)
    if m is not None:
        for regex, q in lex.prefix_kinds:
            if regex.fullmatch(m.group(0)):
                return m.start(), a.end, q
    s = lex.suffix.match(text, a.end)
    if s is not None:
        for regex, q in lex.suffix_kinds:
            if regex.fullmatch(s.group("cue")):
                return first, s.end(), q
    return (a.start if a.lead is None else a.lead), a.end, a.default


def find_numbers(text: str) -> list[NumberMention]:
    """Every quantity expression of ``text``, left to right, non-overlapping.

    >>> [(m.text, m.min_value, m.max_value) for m in find_numbers("Plusieurs milliers de soldats")]
    [('Plusieurs milliers', 2000, 9000)]
    """
    lex = _lexicon()
    masked = _masked(text)
    amounts = _collective_amounts(masked, lex)
    amounts += _digit_amounts(masked, lex)
    amounts += _word_amounts(masked, lex)
    amounts = [a for a in _non_overlapping(amounts) if _keep(a, text, lex)]
    amounts = _ranges(amounts, text, lex)
    out: list[NumberMention] = []
    floor = 0
    for a in amounts:
        if lex.unit_after.match(text, a.end):
            continue
        start, end, q = _qualifier(text, a, lex, floor)
        out.append(
            NumberMention(
                start=start,
                end=end,
                text=text[start:end],
                value=a.value,
                min_value=a.lo,
                max_value=a.hi,
                qualifier=q,
                number_start=a.start,
                number_end=a.end,
            )
        )
        floor = end
    return out


@cache
def amount_words() -> frozenset[str]:
    """Number words the parser may take for the counted noun.

    "une cinquantaine de civils", "deux cents civils", "des milliers de
    soldats": the parser often heads the phrase with the number word; the
    words come from the number lexicon (hundreds, scales, multipliers and
    collectives), so one list serves the reader and the extraction.
    """
    lex = _raw()
    words = set(lex["hundreds"]) | set(lex["scales"]) | set(lex["multipliers"])
    words |= set(lex["approximate_collectives"]) | set(lex["vague_collectives"])
    return frozenset(words)
