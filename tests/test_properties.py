"""Properties that try to break newskg with hostile input (issue 10).

Readers, normalisation, numbers, dates, IRI minting and serialisation are fed
arbitrary bytes and Unicode (control characters, NUL, lone surrogates, RTL
marks, emoji, markup) and must answer with an Article, a reported InputError,
a value or ``None``, never an exception. Where a formatter exists (French
numbers, dates), what it writes must parse back. Each bug found is pinned with
an ``@example``. Example counts are explicit: a few hundred for pure
functions, fewer for file I/O; the whole file runs in well under a minute.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
import unicodedata
from pathlib import Path

import pyoxigraph
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from newskg.errors import InputError
from newskg.extract.dates import find_dates
from newskg.extract.numbers import find_numbers, parse_number
from newskg.io import normalize, parse_date_value, parse_dateline, read_inputs
from newskg.model import Article, Claim, Event, EventKind, PartialDate, TimeValue
from newskg.namespaces import NKG
from newskg.rdf.export import bind_prefixes, serialize_turtle
from newskg.rdf.iris import IriMinter, digest
from newskg.text import fold, slugify

BASE = "https://w3id.org/newskg/id/"

FAST = settings(max_examples=200, deadline=None)
IO = settings(max_examples=50, deadline=None)

# --------------------------------------------------------------------------- strategies

# Characters that break things: controls, NUL, line and paragraph separators,
# invisible format characters, RTL marks and overrides, BOM, noncharacters,
# markup and escapes, emoji (astral), and letters whose case folding is odd
# (dotless and dotted i, long s, Kelvin sign, final sigma).
HOSTILE_CHARS = (
    "\x00\x01\x07\x08\x0b\x0c\x0e\x1b\x1f\x7f\x85\x9f\r\n\t \xa0\u2028\u2029\u200b\u200d"
    "\u200e\u200f\u061c\u202a\u202b\u202e\u2066\u2069\ufeff\ufffe\uffff\ufffd"
    "<>\"'`\\{}|^%#&;=/:?@[]$ "
    "\U0001f600\U0001f1eb\U0001f1f7\U0001f469\u200d\U0001f4bb"
    "\u0131\u0130\u017f\u212a\u03c2\u00df\u0153\u00e6\u00f8\u0142\u0111\u00fe"
    "éÉàçœ’«»"
)
_hostile_char = st.sampled_from(HOSTILE_CHARS)
LONE_SURROGATES = st.integers(0xD800, 0xDFFF).map(chr)

#: Any string, lone surrogates included.
any_text = st.text(st.one_of(st.characters(), _hostile_char, LONE_SURROGATES), max_size=80)
#: Any valid Unicode string (what a decoder can produce).
valid_text = st.text(st.one_of(st.characters(codec="utf-8"), _hostile_char), max_size=80)

_FRENCH = [
    "La Corée du Nord", "a déployé", "11.000", "11 000", "onze mille", "soldats", "en Russie",
    "le 17 décembre 2024", "selon", "Séoul", ".", ",", " ", "\n", "\n\n", "« ", " »", "(AFP)",
    "plus de", "lundi", "maı", "mılliers", "dızaine", "jeudı", "19 maı 2024", "MAİ",
    "hier", "demain", "mardi prochain", "la semaine dernière", "le mois dernier",
]  # fmt: skip
#: French-looking text with hostile characters spliced in.
french_soup = st.lists(st.one_of(st.sampled_from(_FRENCH), _hostile_char), max_size=40).map("".join)


def _valid_unicode(value: str | None) -> bool:
    if value is None:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# --------------------------------------------------------------------------- readers

_REASONS = {
    "empty",
    "binary",
    "encoding",
    "too-large",
    "malformed",
    "missing-text",
    "language",
    "duplicate",
    "unreadable",
}
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
#: NUL and noncharacters: Raptor truncates a literal at NUL and rejects U+FFFE.
_UNSTORABLE = re.compile("[\x00\ufdd0-\ufdef\ufffe\uffff\U0010fffe\U0010ffff]")


def _check_article(article: Article) -> None:
    for field in ("identifier", "text", "original", "source", "title", "url", "publisher"):
        value = getattr(article, field)
        assert _valid_unicode(value), field
        assert value is None or not _UNSTORABLE.search(value), field
    for field in ("title", "url", "publisher"):  # one clean line
        value = getattr(article, field)
        assert value is None or (value == " ".join(value.split()) and not _CONTROL.search(value))
    assert article.text and article.text == article.text.strip()
    assert not _CONTROL.search(article.text)
    assert normalize(article.text).text == article.text
    if article.offsets:
        assert len(article.offsets) == len(article.text)
        for i, char in enumerate(article.text):
            if not char.isspace():
                assert article.original[article.offsets[i]] == char
    else:
        assert article.text == article.original
    assert article.language is None or re.fullmatch("[a-z]{2,3}", article.language)
    if article.title is not None:
        Literal(article.title, lang=article.language or "fr")  # a valid language-tagged literal


def _read_all(files: dict[str, bytes], *, language: str | None = None) -> list:
    """Write ``files`` to a fresh folder and read them all back."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, data in files.items():
            (root / name).write_bytes(data)
        items = list(read_inputs([root], language=language))
    for item in items:
        if isinstance(item, Article):
            _check_article(item)
        else:
            assert isinstance(item, InputError), item
            assert item.reason in _REASONS
            assert _valid_unicode(str(item)) and _valid_unicode(item.source)
    return items


_SUFFIXES = (".txt", ".jsonl", ".json", ".html", ".htm")


@IO
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(_SUFFIXES))
@example(data=b"\xef\xbb\xbf", suffix=".txt")
@example(data=b"\xff\xfe<\x00h\x00t\x00m\x00l\x00>\x00\x00\x00", suffix=".html")
def test_any_bytes_give_articles_or_reported_errors(data, suffix):
    items = _read_all({"in" + suffix: data})
    assert len(items) >= 1 or suffix in (".jsonl", ".json")


_ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252", "latin-1")


@IO
@given(
    text=st.one_of(any_text, french_soup),
    encoding=st.sampled_from(_ENCODINGS),
    suffix=st.sampled_from(_SUFFIXES),
)
@example(
    text="19 maı 2024\nLa Corée du Nord a déployé des soldats.", encoding="utf-8", suffix=".txt"
)
def test_any_text_in_any_encoding_gives_articles_or_reported_errors(text, encoding, suffix):
    errors = "surrogatepass" if encoding.startswith("utf") else "replace"
    _read_all({"in" + suffix: text.encode(encoding, errors)})


_json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), any_text
)
_json_values = st.recursive(
    _json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(any_text, inner, max_size=3),
    max_leaves=8,
)
_records = st.fixed_dictionaries(
    {"text": st.one_of(any_text, french_soup, _json_values)},
    optional={
        key: st.one_of(any_text, _json_values)
        for key in ("id", "title", "date", "url", "publisher", "language")
    },
)


@IO
@given(records=st.lists(st.one_of(_records, _json_values), min_size=1, max_size=4))
@example(records=[{"text": "La Corée du Nord a déployé des soldats.", "language": "ру"}])
@example(records=[{"text": "La Corée du Nord a déployé des soldats.", "date": "19 maı 2024"}])
@example(records=[{"text": "La Corée\x00 du Nord\uffff.", "id": "a\x00", "title": "t\x00\n\u200f"}])
def test_any_json_records_give_articles_or_reported_errors(records):
    lines = "\n".join(json.dumps(r) for r in records).encode("utf-8")
    items = _read_all({"in.jsonl": lines, "in.json": json.dumps(records).encode("utf-8")})
    assert len(items) >= 2 * len(records)


_json_texts = st.one_of(
    _json_values.map(json.dumps),
    any_text,
    st.integers(4301, 6000).map(lambda n: '{"text": "x", "id": ' + "7" * n + "}"),
    st.integers(1000, 50_000).map(lambda n: "[" * n + "]" * n),
)


@IO
@given(lines=st.lists(_json_texts, min_size=1, max_size=4))
@example(lines=["1" * 5000])
@example(lines=["[" * 100_000 + "]" * 100_000])
def test_any_json_text_gives_articles_or_reported_errors(lines):
    text = "\n".join(lines).encode("utf-8", "surrogatepass")
    _read_all({"in.jsonl": text, "in.json": text})


_HTML = (
    '<html><head><title>{title}</title><meta name="date" content="{date}">'
    '<script type="application/ld+json">{json_ld}</script></head>'
    "<body><article><h1>{title}</h1><p>{body}</p><p>{body}</p></article></body></html>"
)


@IO
@given(
    title=st.one_of(any_text, french_soup),
    date=st.one_of(any_text, st.just("19 maı 2024")),
    body=st.one_of(any_text, french_soup),
    json_ld=st.one_of(any_text, _json_texts),
)
@example(
    title="Séoul", date="", body="Les soldats sont arrivés en Russie. " * 5, json_ld="[" * 100_000
)
@example(
    title="Séoul",
    date="",
    body="Les soldats sont arrivés en Russie. " * 5,
    json_ld='{"datePublished": ' + "1" * 5000 + "}",
)
def test_any_html_page_gives_an_article_or_a_reported_error(title, date, body, json_ld):
    page = _HTML.format(title=title, date=date, body=body, json_ld=json_ld)
    _read_all({"page.html": page.encode("utf-8", "surrogatepass")})


_file_names = st.one_of(
    st.text(st.one_of(st.characters(codec="utf-8"), _hostile_char), min_size=1, max_size=30).map(
        lambda s: s.replace("/", "_").replace("\x00", "_").encode("utf-8")
    ),
    st.binary(min_size=1, max_size=30).map(lambda b: b.replace(b"/", b"_").replace(b"\x00", b"_")),
)


@IO
@given(name=_file_names, suffix=st.sampled_from(_SUFFIXES))
@example(name=b"caf\xe9", suffix=".txt")
@example(name=b"\xff\xfe", suffix=".jsonl")
def test_any_file_name_gives_valid_identifiers(name, suffix):
    body = "Les soldats nord-coréens sont arrivés en Russie, selon Séoul."
    data = {
        ".jsonl": json.dumps({"text": body}),
        ".json": json.dumps({"text": body}),
        ".html": f"<html><body><article><p>{body}</p><p>{body}</p></article></body></html>",
    }.get(suffix, body)
    filename = name[:40] + suffix.encode()
    if filename.startswith(b"."):
        filename = b"x" + filename  # hidden files are not read from a folder
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder).joinpath(filename.decode("utf-8", "surrogateescape"))
        path.write_bytes(data.encode("utf-8"))
        items = list(read_inputs([Path(folder)], language=None))
    for item in items:
        if isinstance(item, Article):
            _check_article(item)
            Literal(item.identifier).n3()  # serialisable
        else:
            assert _valid_unicode(str(item)) and _valid_unicode(item.source)


@pytest.mark.parametrize("name", ["a\x00b.txt", "\ud800.txt", "caf\udce9.txt"])
def test_a_path_that_cannot_be_opened_is_reported(name):
    (item,) = read_inputs([Path(name)])
    assert isinstance(item, InputError) and item.reason == "unreadable"
    assert _valid_unicode(str(item))


# --------------------------------------------------------------------------- normalisation
# tests/test_io_normalize.py already checks, on arbitrary text, that normalize
# never raises, that offsets are valid, and that it is idempotent. These add
# the hostile alphabet and what the clean text must not contain.


@FAST
@given(st.one_of(any_text, french_soup, st.text(_hostile_char, max_size=60)))
@example("a\u2028\u2028b")
@example("\ud800\n\n\ud800")
@example("19 maı 2024\nLa Corée du Nord a déployé des soldats.")  # KeyError in parse_dateline
@example("\u061cالخميس 19/12/2024")  # the Arabic letter mark is a bidi mark like RLM
def test_normalized_text_has_no_control_characters_and_clean_whitespace(original):
    result = normalize(original)
    text = result.text
    assert not _CONTROL.search(text)
    assert not re.search("[\t\xa0\u061c\u200b-\u200f\u202a-\u202e\u2060-\u206f]", text)
    assert text == text.strip()
    assert "  " not in text and "\n\n\n" not in text and " \n" not in text
    assert "\n" not in text.replace("\n\n", "")
    assert len(result.offsets) == len(text)
    assert list(result.offsets) == sorted(result.offsets)
    assert all(0 <= o < len(original) for o in result.offsets)
    for i, char in enumerate(text):
        if not char.isspace():
            assert original[result.offsets[i]] == char
    again = normalize(text)
    assert again.text == text


def _is_subsequence(needle: str, haystack: str) -> bool:
    it = iter(haystack)
    return all(c in it for c in needle)


@FAST
@given(st.one_of(any_text, french_soup))
def test_removed_pieces_come_from_the_original(original):
    for piece in normalize(original).removed:
        assert _is_subsequence("".join(piece.text.split()), original), piece


# --------------------------------------------------------------------------- numbers

_UNITS = [
    "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit",
    "neuf", "dix", "onze", "douze", "treize", "quatorze", "quinze", "seize",
]  # fmt: skip
_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def _below_100(n: int, join: str) -> str:
    if n <= 16:
        return _UNITS[n]
    if n < 20:
        return "dix-" + _UNITS[n - 10]
    if n >= 80:
        rest = n - 80
        return "quatre-vingts" if rest == 0 else "quatre-vingt-" + _below_100(rest, join)
    if n >= 70:
        if n == 71:
            return f"soixante{join}et{join}onze"
        return "soixante-" + _below_100(n - 60, join)
    tens, unit = divmod(n, 10)
    if unit == 0:
        return _TENS[tens]
    return _TENS[tens] + (f"{join}et{join}un" if unit == 1 else "-" + _UNITS[unit])


def _below_1000(n: int, join: str) -> str:
    hundreds, rest = divmod(n, 100)
    if hundreds == 0:
        return _below_100(rest, join)
    head = "cent" if hundreds == 1 else _UNITS[hundreds] + join + ("cent" if rest else "cents")
    return head if rest == 0 else head + join + _below_100(rest, join)


def french_words(n: int, *, rectified: bool = False) -> str:
    """``n`` (1 <= n < 10**12) in French words; ``rectified``: the 1990 all-hyphens spelling."""
    join = "-" if rectified else " "
    parts = []
    for scale, singular, plural in (
        (10**9, "milliard", "milliards"),
        (10**6, "million", "millions"),
    ):
        count, n = divmod(n, scale)
        if count:
            parts.append(_below_1000(count, join) + join + (singular if count == 1 else plural))
    thousands, rest = divmod(n, 1000)
    if thousands:
        head = _below_1000(thousands, join)
        if head.endswith(("cents", "vingts")):
            head = head[:-1]  # "deux cent mille", "quatre-vingt mille"
        parts.append("mille" if thousands == 1 else head + join + "mille")
    if rest or not parts:
        parts.append(_below_1000(rest, join))
    return join.join(parts)


def _group(n: int, sep: str) -> str:
    digits = str(n)
    head = len(digits) % 3 or 3
    return sep.join([digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)])


#: Every way the press writes an integer: "11000", "11.000", "11 000" (space,
#: no-break, narrow no-break, thin space), "11'000", "11’000".
DIGIT_STYLES = {
    "plain": str,
    "dot": lambda n: _group(n, "."),
    "space": lambda n: _group(n, " "),
    "nbsp": lambda n: _group(n, "\u00a0"),
    "narrow-nbsp": lambda n: _group(n, "\u202f"),
    "thin-space": lambda n: _group(n, "\u2009"),
    "apostrophe": lambda n: _group(n, "'"),
    "right-quote": lambda n: _group(n, "’"),
}
WORD_STYLES = {
    "words": french_words,
    "rectified": lambda n: french_words(n, rectified=True),
    "capitalised": lambda n: french_words(n).capitalize(),
    "upper": lambda n: french_words(n).upper(),
}


@FAST
@given(st.integers(min_value=0, max_value=10**15), st.sampled_from(sorted(DIGIT_STYLES)))
@example(11_000, "thin-space")
@example(11_000, "right-quote")
def test_integers_in_every_digit_style_parse_back(n, style):
    assert parse_number(DIGIT_STYLES[style](n)) == n


@FAST
@given(st.integers(min_value=1, max_value=10**12 - 1), st.sampled_from(sorted(WORD_STYLES)))
@example(11_000, "words")
@example(2_000_300_071, "rectified")
@example(80_000_000, "upper")
def test_integers_in_french_words_parse_back(n, style):
    assert parse_number(WORD_STYLES[style](n)) == n


@FAST
@given(
    st.integers(min_value=2, max_value=10**9),
    st.sampled_from(sorted(DIGIT_STYLES) + sorted(WORD_STYLES)),
)
def test_a_formatted_count_is_found_in_a_sentence(n, style):
    formatted = {**DIGIT_STYLES, **WORD_STYLES}[style](n)
    text = f"Selon Séoul, {formatted} soldats ont été déployés."
    found = find_numbers(text)
    assert [m.value for m in found] == [n]
    assert found[0].text == formatted


@FAST
@given(
    st.integers(min_value=1, max_value=999),
    st.integers(min_value=1, max_value=9),
    st.sampled_from([("million", 10**6), ("milliard", 10**9)]),
    st.sampled_from([",", "."]),
)
def test_decimal_figures_before_a_scale_word_parse_back(whole, tenth, scale, sep):
    word, factor = scale
    text = f"{whole}{sep}{tenth} {word}s"
    assert parse_number(text) == (whole * 10 + tenth) * factor // 10


@FAST
@given(st.one_of(any_text, french_soup))
@example("plusieurs mılliers")
@example("une dızaine")
@example("deux MİLLE")
def test_number_parsing_never_raises_on_any_text(text):
    value = parse_number(text)
    assert value is None or (isinstance(value, int) and value >= 0)
    end = 0
    for m in find_numbers(text):
        assert end <= m.start <= m.number_start < m.number_end <= m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.value is not None or m.min_value is not None
        end = m.end


# --------------------------------------------------------------------------- dates

_MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip
_ABBR = {
    1: "janv.",
    2: "févr.",
    4: "avr.",
    7: "juil.",
    9: "sept.",
    10: "oct.",
    11: "nov.",
    12: "déc.",
}
_WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def _day_word(d: dt.date) -> str:
    return "1er" if d.day == 1 else str(d.day)


#: How a full date is written in French news, each giving back the day.
DAY_FORMS = {
    "words": lambda d: f"le {_day_word(d)} {_MONTHS[d.month - 1]} {d.year}",
    "weekday": lambda d: f"{_WEEKDAYS[d.weekday()]} {d.day} {_MONTHS[d.month - 1]} {d.year}",
    "upper": lambda d: f"LE {d.day} {_MONTHS[d.month - 1].upper()} {d.year}",
    "abbreviated": lambda d: f"le {d.day} {_ABBR.get(d.month, _MONTHS[d.month - 1])} {d.year}",
    "slashes": lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    "dots": lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    "iso": lambda d: d.isoformat(),
}
#: Month and year forms, giving back the month.
MONTH_FORMS = {
    "words": lambda d: f"en {_MONTHS[d.month - 1]} {d.year}",
    "title": lambda d: f"En {_MONTHS[d.month - 1].capitalize()} {d.year}",
    "part": lambda d: f"début {_MONTHS[d.month - 1]} {d.year}",
}
_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))
#: Publication dates as a record may state them: any day of years 1 to 9999, at any precision.
_anchors = st.one_of(
    st.none(),
    st.dates().map(lambda d: PartialDate(d.year, d.month, d.day)),
    st.dates().map(lambda d: PartialDate(d.year, d.month)),
    st.dates().map(lambda d: PartialDate(d.year)),
)


@FAST
@given(_dates, st.sampled_from(sorted(DAY_FORMS)), _anchors)
@example(dt.date(2000, 1, 1), "dots", None)  # "01.01.2000" was not read as a date
def test_formatted_days_parse_back(d, form, anchor):
    written = DAY_FORMS[form](d)
    found = find_dates(f"Selon Séoul, {written}, les soldats sont arrivés.", anchor)
    assert [m.value for m in found] == [TimeValue(date=PartialDate(d.year, d.month, d.day))]


@FAST
@given(_dates, st.sampled_from(sorted(MONTH_FORMS)), _anchors)
def test_formatted_months_parse_back(d, form, anchor):
    written = MONTH_FORMS[form](d)
    found = find_dates(f"Les soldats sont arrivés {written}.", anchor)
    assert [m.value for m in found] == [TimeValue(date=PartialDate(d.year, d.month))]


@FAST
@given(_dates, st.sampled_from(["year", "month", "day", "datetime"]))
def test_metadata_dates_parse_back_at_their_precision(d, precision):
    pd = {
        "year": PartialDate(d.year),
        "month": PartialDate(d.year, d.month),
        "day": PartialDate(d.year, d.month, d.day),
        "datetime": PartialDate(d.year, d.month, d.day),
    }[precision]
    value = pd.lexical + ("T10:39:00+09:00" if precision == "datetime" else "")
    assert parse_date_value(value) == pd
    assert parse_date_value(f"{d.day} {_MONTHS[d.month - 1]} {d.year}") == PartialDate(
        d.year, d.month, d.day
    )


@FAST
@given(st.one_of(any_text, french_soup), _anchors)
@example("lundı dernier", PartialDate(2024, 12, 19))
@example("jeudı", PartialDate(2024, 12, 19))
@example("19 maı 2024", None)
@example("Publié le 19 MAİ 2024", None)
@example("hier, lundi dernier", PartialDate(1, 1, 1))
@example("demain, la semaine prochaine", PartialDate(9999, 12, 31))
def test_date_parsing_never_raises_on_any_text(text, anchor):
    end = 0
    for m in find_dates(text, anchor):
        assert end <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        end = m.end
    for value in (parse_date_value(text), parse_dateline(text)):
        assert value is None or isinstance(value, PartialDate)


# --------------------------------------------------------------------------- IRIs

# RFC 3987 absolute IRI (scheme ":" ihier-part [ "?" iquery ] [ "#" ifragment ]),
# without the IP-literal forms, which minting never produces.
_UCS = (
    "\xa0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef\U00010000-\U0001fffd\U00020000-\U0002fffd"
    "\U00030000-\U0003fffd\U00040000-\U0004fffd\U00050000-\U0005fffd\U00060000-\U0006fffd"
    "\U00070000-\U0007fffd\U00080000-\U0008fffd\U00090000-\U0009fffd\U000a0000-\U000afffd"
    "\U000b0000-\U000bfffd\U000c0000-\U000cfffd\U000d0000-\U000dfffd\U000e1000-\U000efffd"
)
_UNRESERVED = rf"A-Za-z0-9\-._~{_UCS}"
_PCT = r"%[0-9A-Fa-f]{2}"
_SUB_DELIMS = r"!$&'()*+,;="
_PCHAR = rf"(?:[{_UNRESERVED}{_SUB_DELIMS}:@]|{_PCT})"
_IRI = re.compile(
    rf"[A-Za-z][A-Za-z0-9+\-.]*:"
    rf"(?://(?:(?:[{_UNRESERVED}{_SUB_DELIMS}:]|{_PCT})*@)?(?:[{_UNRESERVED}{_SUB_DELIMS}]|{_PCT})*"
    rf"(?::\d*)?(?:/{_PCHAR}*)*|/?(?:{_PCHAR}+(?:/{_PCHAR}*)*)?)"
    rf"(?:\?(?:{_PCHAR}|[/?\ue000-\uf8ff])*)?(?:#(?:{_PCHAR}|[/?])*)?"
)


def assert_valid_iri(iri: URIRef) -> None:
    """``iri`` is an RFC 3987 absolute IRI that rdflib and Oxigraph both accept."""
    text = str(iri)
    assert _IRI.fullmatch(text), text
    line = f'<{text}> <{RDFS.label}> "x" .\n'
    (triple,) = pyoxigraph.parse(line.encode(), format=pyoxigraph.RdfFormat.N_TRIPLES)
    assert triple.subject.value == text
    g = Graph().parse(data=line, format="nt")
    assert set(g.subjects()) == {iri}


_names = st.one_of(any_text, french_soup, st.text(_hostile_char, max_size=30))


@FAST
@given(_names)
@example("<script>alert(1)</script>")
@example('a"b\\c d\ne\x00f\ud800')
@example("\u202eKim Jong Un\u202c")
@example("金正恩")
@example("Владимир Путин")
@example("Kılıçdaroğlu")
def test_any_name_or_identifier_mints_a_valid_stable_iri(name):
    minter = IriMinter(BASE)
    for iri in (minter.article(name), minter.entity(name), minter.entity(slugify(name))):
        assert_valid_iri(iri)
        assert iri.startswith(BASE)
    assert minter.article(name) == IriMinter(BASE).article(name)
    key = slugify(name)  # entity keys are slugs, and a slug is its own slug
    assert slugify(key) == key and minter.entity(key) == IriMinter(BASE).entity(key)


@FAST
@given(_names, _names)
@example("金正恩", "朝鲜")
@example("Владимир Путин", "Сергей Шойгу")
@example("Ξ", "Ψ")
def test_names_that_differ_in_more_than_case_and_accents_get_different_entity_iris(a, b):
    def letters(s: str) -> str:
        return re.sub(r"[\W_]+", "", fold(s))

    # A name without a letter or digit is not a name: it gets the placeholder "x".
    if letters(a) != letters(b) and letters(a) and letters(b):
        assert slugify(a) != slugify(b) or len(letters(a)) > 60 or len(letters(b)) > 60


@FAST
@given(
    _names,
    _names,
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    st.one_of(st.none(), _names),
    st.binary(min_size=8, max_size=8).map(bytes.hex),
)
def test_event_and_claim_iris_are_valid_whatever_their_parts(
    article, role, start, end, claimant, build_digest
):
    event = Event(EventKind.MEETING, (("participant", role), ("participant", article)))
    claim = Claim(event, article, role, start, end, claimant=claimant)
    minter = IriMinter(BASE)
    for iri in (minter.event(event), minter.claim(claim), minter.build(build_digest)):
        assert_valid_iri(iri)


@pytest.mark.parametrize("base", ["https://w3id.org/my kg/", "https://x.org/<id>/", "urn:a\nb:"])
def test_a_base_iri_that_is_not_an_iri_is_refused(base):
    with pytest.raises(ValueError, match="base IRI"):
        IriMinter(base)


# --------------------------------------------------------------------------- serialisation


def _small_graph(names: list[str], literals: list[str]) -> Graph:
    """Entities, an article and labels minted from hostile names and literals."""
    minter = IriMinter(BASE)
    g = bind_prefixes(Graph(), BASE)
    for i, name in enumerate(names):
        doc = minter.article(name)
        entity = minter.entity(name)
        g.add((doc, RDF.type, NKG.Article))
        g.add((doc, NKG.mentions, entity))
        g.add((entity, RDF.type, NKG.Person))
        text = literals[i % len(literals)] if literals else ""
        g.add((doc, DCTERMS.identifier, Literal(text)))
        g.add((entity, RDFS.label, Literal(text, lang="fr")))
        g.add((entity, SKOS.altLabel, Literal(text, lang="en-GB")))
        g.add((entity, RDFS.comment, Literal(text, datatype=XSD.string)))
        g.add((doc, NKG.quoteStart, Literal(i, datatype=XSD.nonNegativeInteger)))
    return g


def _print_diff(expected: Graph, got: Graph) -> str:
    _, only_expected, only_got = graph_diff(to_isomorphic(expected), to_isomorphic(got))
    return (
        f"only in the original:\n{only_expected.serialize(format='nt')}\n"
        f"only after the round trip:\n{only_got.serialize(format='nt')}"
    )


def _oxigraph_triples(data: bytes, fmt: pyoxigraph.RdfFormat) -> set[str]:
    return {str(t) for t in pyoxigraph.parse(data, format=fmt)}


@settings(max_examples=100, deadline=None)
@given(st.lists(_names, min_size=1, max_size=4), st.lists(valid_text, min_size=1, max_size=4))
@example(
    ["<script>alert(1)</script>", 'a"b\\c', "\u202eRTL", "\ud800\U0001f600"],
    ["\x00", 'x"""y', "a\\nb\r\n", "\u202e\u2028\ufeff"],
)
def test_a_hostile_graph_round_trips_through_turtle_and_ntriples(names, literals):
    g = _small_graph(names, literals)
    turtle = serialize_turtle(g)
    again = Graph().parse(data=turtle, format="turtle")
    assert isomorphic(g, again), _print_diff(g, again)
    ntriples = g.serialize(format="nt", encoding="utf-8")
    again_nt = Graph().parse(data=ntriples, format="nt")
    assert isomorphic(g, again_nt), _print_diff(g, again_nt)
    from_turtle = _oxigraph_triples(turtle, pyoxigraph.RdfFormat.TURTLE)
    from_nt = _oxigraph_triples(ntriples, pyoxigraph.RdfFormat.N_TRIPLES)
    assert from_turtle == from_nt
    assert len(from_turtle) == len(g)


@pytest.mark.parametrize("bad", ["\ud800", "a\udcffb", "\ud83d"])
def test_a_literal_that_is_not_unicode_is_refused_not_mangled(bad):
    g = bind_prefixes(Graph(), BASE)
    g.add((IriMinter(BASE).entity("x"), RDFS.label, Literal(bad)))
    with pytest.raises(ValueError, match="not valid Unicode"):
        serialize_turtle(g)


def test_every_lexicon_letter_folds_like_the_regex_engine():
    # re.IGNORECASE treats "ı" as "i" and "ſ" as "s": what a pattern matches, fold must key.
    for odd, plain in (("\u0131", "i"), ("\u017f", "s"), ("\u212a", "k"), ("\u0130", "i")):
        assert re.fullmatch(plain, odd, re.IGNORECASE)
        assert fold(odd) == plain
    assert unicodedata.normalize("NFC", fold("Kılıçdaroğlu")) == "kilicdaroglu"


@FAST
@given(st.integers(1, 4).flatmap(lambda n: st.tuples(*[st.tuples(_names, _names)] * n)))
@example((("a\x1fb", "a"), ("c", "b\x1fc")))
@example((("a\x1e", "a\x1e\x1f"), ("\x1fb", "b")))
def test_digests_of_different_parts_differ(pairs):
    # IRIs digest a fixed number of parts (article, event key, offsets, claimant).
    a, b = [p[0] for p in pairs], [p[1] for p in pairs]
    if a != b:
        assert digest(*a) != digest(*b)
