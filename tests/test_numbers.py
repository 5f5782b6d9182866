"""Figures in French text: formats, words, qualifiers, vague amounts, what is not a count.

The sentences are written for these tests in wire-agency style.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newskg.extract.numbers import NumberMention, find_numbers, parse_number
from newskg.model import Qualifier


def only(text: str) -> NumberMention:
    found = find_numbers(text)
    assert len(found) == 1, found
    return found[0]


# --------------------------------------------------------------------------- parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.100", 1100),
        ("1 000", 1000),
        ("1\u00a0000", 1000),
        ("1\u202f000", 1000),
        ("1'000", 1000),
        ("11.000", 11000),
        ("1.250.000", 1250000),
        ("8000", 8000),
        ("3,5 millions", 3500000),
        ("1,2 milliard", 1200000000),
        ("2 millions", 2000000),
        ("deux mille", 2000),
        ("trois cents", 300),
        ("vingt-trois", 23),
        ("vingt et un", 21),
        ("soixante et onze", 71),
        ("soixante-dix-sept", 77),
        ("quatre-vingts", 80),
        ("quatre-vingt-dix", 90),
        ("quatre-vingt-dix-neuf", 99),
        ("mille", 1000),
        ("un million", 1000000),
        ("deux cent mille", 200000),
        ("trois millions deux cent mille", 3200000),
        ("septante-cinq", 75),
    ],
)
def test_parse_number_reads_french_figures(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "soldats", "2,5", "trois soldats", "deux deux", "1.10"])
def test_parse_number_refuses_what_is_not_one_figure(text):
    assert parse_number(text) is None


# --------------------------------------------------------------------------- find_numbers


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "span"),
    [
        ("Plus de 1.100 militaires ont été blessés.", 1100, Qualifier.MORE_THAN, "Plus de 1.100"),
        ("Moscou aurait reçu quelque 8000 hommes.", 8000, Qualifier.APPROXIMATELY, "quelque 8000"),
        ("Il évoque environ 2 500 morts.", 2500, Qualifier.APPROXIMATELY, "environ 2 500"),
        ("près de 4\u00a0000 soldats", 4000, Qualifier.APPROXIMATELY, "près de 4\u00a0000"),
        ("autour de 600 blindés", 600, Qualifier.APPROXIMATELY, "autour de 600"),
        ("approximativement 70 obusiers", 70, Qualifier.APPROXIMATELY, "approximativement 70"),
        ("au moins 45 civils", 45, Qualifier.AT_LEAST, "au moins 45"),
        ("pas moins de 12.000 réservistes", 12000, Qualifier.AT_LEAST, "pas moins de 12.000"),
        ("au minimum 30 drones", 30, Qualifier.AT_LEAST, "au minimum 30"),
        ("au-delà de 9 000 hommes", 9000, Qualifier.MORE_THAN, "au-delà de 9 000"),
        ("davantage que 350 chars", 350, Qualifier.MORE_THAN, "davantage que 350"),
        ("jusqu'à 15.000 soldats", 15000, Qualifier.AT_MOST, "jusqu'à 15.000"),
        ("jusqu’à 15.000 soldats", 15000, Qualifier.AT_MOST, "jusqu’à 15.000"),
        ("au plus 20 navires", 20, Qualifier.AT_MOST, "au plus 20"),
        ("au maximum 80 missiles", 80, Qualifier.AT_MOST, "au maximum 80"),
        ("moins de 500 victimes", 500, Qualifier.AT_MOST, "moins de 500"),
        ("plus d'un million de réfugiés", 1000000, Qualifier.MORE_THAN, "plus d'un million"),
        ("des pertes de 1 200 environ", 1200, Qualifier.APPROXIMATELY, "1 200 environ"),
        ("Séoul a recensé 640 morts.", 640, Qualifier.EXACT, "640"),
        ("trois mille soldats", 3000, Qualifier.EXACT, "trois mille"),
        ("vingt et un soldats", 21, Qualifier.EXACT, "vingt et un"),
    ],
)
def test_find_numbers_reads_figures_and_qualifiers(text, value, qualifier, span):
    m = only(text)
    assert (m.value, m.qualifier, m.text) == (value, qualifier, span)
    assert m.min_value is None and m.max_value is None


def test_number_span_excludes_the_qualifier():
    text = "Selon Kiev, plus de 3.000 soldats ont été tués."
    m = only(text)
    assert text[m.number_start : m.number_end] == "3.000"
    assert text[m.start : m.end] == "plus de 3.000"


@pytest.mark.parametrize(
    ("text", "low", "high", "span"),
    [
        (
            "Plusieurs milliers de soldats ont franchi la frontière.",
            2000,
            9000,
            "Plusieurs milliers",
        ),
        ("des milliers de civils", 2000, 9000, "des milliers"),
        ("quelques centaines de soldats", 200, 900, "quelques centaines"),
        ("plusieurs centaines de morts", 200, 900, "plusieurs centaines"),
        ("des centaines de missiles", 200, 900, "des centaines"),
        ("des dizaines de blessés", 20, 90, "des dizaines"),
        ("des dizaines de milliers de soldats", 20000, 90000, "des dizaines de milliers"),
        ("plusieurs millions de munitions", 2000000, 9000000, "plusieurs millions"),
    ],
)
def test_vague_amounts_give_a_range(text, low, high, span):
    m = only(text)
    assert m.value is None
    assert (m.min_value, m.max_value, m.text) == (low, high, span)
    assert m.qualifier is Qualifier.APPROXIMATELY


@pytest.mark.parametrize(
    ("text", "value", "span"),
    [
        ("une centaine de blessés", 100, "une centaine"),
        ("une dizaine de milliers de soldats", 10000, "une dizaine de milliers"),
        ("un millier de conscrits", 1000, "un millier"),
        ("une vingtaine de drones", 20, "une vingtaine"),
    ],
)
def test_approximate_collectives_keep_a_value(text, value, span):
    m = only(text)
    assert (m.value, m.qualifier, m.text) == (value, Qualifier.APPROXIMATELY, span)


def test_an_explicit_cue_overrides_the_collective():
    m = only("Il parle de plus d'une centaine de victimes.")
    assert (m.value, m.qualifier, m.text) == (100, Qualifier.MORE_THAN, "plus d'une centaine")


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("entre 10.000 et 12.000 soldats", 10000, 12000),
        ("deux ou trois brigades", 2, 3),
        ("300 à 400 hommes", 300, 400),
        ("1 à 2 millions de déplacés", 1000000, 2000000),
    ],
)
def test_ranges_are_one_mention(text, low, high):
    m = only(text)
    assert (m.value, m.min_value, m.max_value) == (None, low, high)


def test_between_is_in_the_mention_but_not_in_the_number_span():
    text = "entre 10.000 et 12.000 soldats"
    m = only(text)
    assert m.text == "entre 10.000 et 12.000"
    assert text[m.number_start : m.number_end] == "10.000 et 12.000"


@pytest.mark.parametrize(
    "text",
    [
        "La guerre a commencé en 2022.",
        "Les armées coopèrent depuis 2023, selon Séoul.",
        "Publié à 10:39 le 19/12/2024",
        "Le 17 décembre, l'état-major a réagi.",
        "Le 1er mars, le 2e bataillon et la 3ème brigade sont partis.",
        "des obusiers de 170 mm et des lance-roquettes de 240mm",
        "une portée de 40 à 60 km",
        "un budget de 3 millions de dollars, en hausse de 12 %",
        "Il y a trois ans, le missile Hwasong-18 et des chars T-72",
        "Un soldat a déserté.",
        "une centrale de 2,5",
    ],
)
def test_what_is_not_a_count_is_skipped(text):
    assert find_numbers(text) == []


def test_a_lone_number_word_is_emitted_but_not_the_article():
    found = find_numbers("Un responsable a reçu les deux délégations.")
    assert [(m.text, m.value) for m in found] == [("deux", 2)]


def test_a_year_like_figure_before_a_noun_is_a_count():
    assert only("L'armée a déployé 2000 soldats.").value == 2000


def test_several_figures_in_one_sentence():
    text = "En janvier, 400 soldats ont été tués et 2 300 autres blessés, au moins 50 capturés."
    found = find_numbers(text)
    assert [(m.value, m.qualifier) for m in found] == [
        (400, Qualifier.EXACT),
        (2300, Qualifier.EXACT),
        (50, Qualifier.AT_LEAST),
    ]


def test_a_broken_grouping_does_not_crash():
    found = find_numbers("Plus de 1.\n\n100 soldats")
    assert all(0 <= m.start < m.end for m in found)


def test_a_thousands_group_broken_by_a_line_break_is_one_figure():
    m = only("Le contrat porte sur près de 2\n400 blindés de transport.")
    assert (m.value, m.qualifier) == (2400, Qualifier.APPROXIMATELY)
    assert m.text == "près de 2\n400"
    assert only("Quelque 12 \n 500 réservistes ont été rappelés.").value == 12500


def test_a_blank_line_separates_two_figures():
    found = find_numbers("L'armée a perdu 12\n\n300 soldats sont arrivés.")
    assert [m.value for m in found] == [12, 300]


# --------------------------------------------------------------------------- properties


def _group(n: int, sep: str) -> str:
    digits = str(n)
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return sep.join(parts)


STYLES = {
    "plain": str,
    "dot": lambda n: _group(n, "."),
    "space": lambda n: _group(n, " "),
    "nbsp": lambda n: _group(n, "\u00a0"),
    "narrow": lambda n: _group(n, "\u202f"),
    "apostrophe": lambda n: _group(n, "'"),
    "line-break": lambda n: _group(n, "\n"),
    "spaced-line-break": lambda n: _group(n, " \n "),
    "tab": lambda n: _group(n, "\t"),
}


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(sorted(STYLES)))
def test_parse_number_reads_every_grouping_style(n, style):
    assert parse_number(STYLES[style](n)) == n


@given(st.integers(min_value=2, max_value=10**9), st.sampled_from(sorted(STYLES)))
def test_find_numbers_finds_a_formatted_count_in_a_sentence(n, style):
    text = f"Selon l'état-major, {STYLES[style](n)} soldats ont été déployés."
    assert [m.value for m in find_numbers(text)] == [n]


_UNITS = [
    "zéro",
    "un",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
]
_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def _below_100(n: int) -> str:
    if n <= 16:
        return _UNITS[n]
    if n < 20:
        return "dix-" + _UNITS[n - 10]
    if n >= 80:
        rest = n - 80
        return "quatre-vingts" if rest == 0 else "quatre-vingt-" + _below_100(rest)
    if n >= 70:
        return "soixante et onze" if n == 71 else "soixante-" + _below_100(n - 60)
    tens, unit = divmod(n, 10)
    if unit == 0:
        return _TENS[tens]
    return _TENS[tens] + (" et un" if unit == 1 else "-" + _UNITS[unit])


def _below_1000(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    if hundreds == 0:
        return _below_100(rest)
    head = "cent" if hundreds == 1 else _UNITS[hundreds] + (" cents" if rest == 0 else " cent")
    return head if rest == 0 else f"{head} {_below_100(rest)}"


def french_words(n: int) -> str:
    """Traditional French spelling of 1 <= n < 1,000,000."""
    thousands, rest = divmod(n, 1000)
    parts = []
    if thousands:
        head = _below_1000(thousands)
        if head.endswith(("cents", "vingts")):
            head = head[:-1]  # "deux cent mille", "quatre-vingt mille"
        parts.append("mille" if thousands == 1 else head + " mille")
    if rest or not parts:
        parts.append(_below_1000(rest))
    return " ".join(parts)


@given(st.integers(min_value=1, max_value=999_999))
def test_parse_number_reads_numbers_in_words(n):
    assert parse_number(french_words(n)) == n


@given(st.integers(min_value=2, max_value=999_999))
def test_find_numbers_reads_numbers_in_words_in_a_sentence(n):
    text = f"Au total, {french_words(n)} soldats ont été déployés."
    assert [m.value for m in find_numbers(text)] == [n]


@given(st.text())
def test_find_numbers_never_raises_and_spans_are_in_the_text(text):
    found = find_numbers(text)
    previous_end = 0
    for m in found:
        assert previous_end <= m.start <= m.number_start < m.number_end <= m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.value is not None or m.min_value is not None
        previous_end = m.end


@given(
    st.lists(
        st.sampled_from(
            [
                "plus de",
                "1.100",
                "des",
                "milliers",
                "vingt",
                "et",
                "un",
                "en",
                "2024",
                "mm",
                "le",
                "17",
                "décembre",
                " ",
                "\n",
                ",",
                "entre",
                "10:39",
                "deux",
                "centaines",
                "de",
                "environ",
                "à",
            ]
        )
    )
)
def test_find_numbers_never_raises_on_word_soup(words):
    text = " ".join(words)
    for m in find_numbers(text):
        assert text[m.start : m.end] == m.text


def test_amount_words_come_from_the_number_lexicon():
    from newskg.extract.numbers import amount_words

    words = amount_words()
    assert {"cents", "mille", "milliers", "cinquantaine", "vingtaine", "dizaines"} <= words
    assert "soldats" not in words
