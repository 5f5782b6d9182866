"""Normalisation: one test per repair, on fixtures written for them; offsets; properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newskg.io import headline, normalize
from newskg.io.normalize import Normalized

NOISE = Path(__file__).parent / "data" / "io" / "noise"


def _read(name: str) -> str:
    return (NOISE / name).read_bytes().decode("utf-8")  # keeps "\r\n" as written


def _check_offsets(original: str, result: Normalized) -> None:
    assert len(result.offsets) == len(result.text)
    assert list(result.offsets) == sorted(result.offsets)
    for i, char in enumerate(result.text):
        assert 0 <= result.offsets[i] < len(original)
        if not char.isspace():
            assert original[result.offsets[i]] == char, (i, char)


@pytest.mark.parametrize("name", sorted(p.name for p in NOISE.glob("*.txt")))
def test_every_fixture_maps_back_to_its_original(name):
    original = _read(name)
    result = normalize(original)
    _check_offsets(original, result)
    assert normalize(result.text).text == result.text


def test_number_broken_across_lines_is_rejoined():
    text = normalize(_read("broken_number.txt")).text
    assert "plus de 2.400 habitants" in text


def test_list_marker_before_a_number_is_not_joined():
    text = normalize(_read("broken_number.txt")).text
    assert "1.200" not in text
    assert "1.\n\n200 lits" in text


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("en 2021.\n\n100 soldats", "en 2021.\n\n100 soldats"),  # 4 digits: a year, a sentence end
        ("plus de 1.\n\n1000 soldats", "plus de 1.\n\n1000 soldats"),  # 4 digits after: no group
        ("plus de 12.\n100 soldats", "plus de 12.100 soldats"),
        ("plus de 1.\n\n10 soldats", "plus de 1.\n\n10 soldats"),
        # a space-grouped figure whose separator became one line break
        (
            "portant sur près de 1\n000 chars, puis 600 obus",
            "portant sur près de 1 000 chars, puis 600 obus",
        ),
        ("avec 12 \n 345 soldats", "avec 12 345 soldats"),
        ("en 2021\n100 soldats", "en 2021\n\n100 soldats"),  # 4 digits before: no group
        ("chapitre 3\n\n100 soldats", "chapitre 3\n\n100 soldats"),  # a blank line: two figures
        ("le 1\n000e jour", "le 1\n\n000e jour"),  # a letter glued after: no group
    ],
)
def test_number_rejoined_only_for_a_valid_grouping(original, expected):
    assert normalize(original).text == expected


def test_a_rejoined_spaced_figure_maps_back_to_its_original():
    original = "Un accord sur près de 1\n000 chars.\n"
    result = normalize(original)
    assert "1 000 chars" in result.text
    _check_offsets(original, result)


def test_glued_sentences_get_their_space():
    text = normalize(_read("glued_sentences.txt")).text
    assert "(MSD). Le porte-parole" in text
    assert "120 mm. Les premiers" in text
    assert "Klow. Selon lui" in text
    assert 'presse bordure. "Rien ne changera"' in text
    assert "M. Plekszy-Gladz" in text


def test_glued_sentence_repair_spares_decimals_urls_and_initials():
    text = normalize(_read("glued_sentences.txt")).text
    assert "3.5 pour cent" in text
    assert "www.Example.org" in text
    assert "J.K.Rowling" in text


def test_closing_quote_after_a_glued_period_keeps_the_quote_with_its_sentence():
    text = normalize('Il a dit "c\'est fini.".Le lendemain, "tout va bien."Ensuite rien.').text
    assert text == 'Il a dit "c\'est fini.". Le lendemain, "tout va bien." Ensuite rien.'


def test_inline_section_titles_become_paragraphs():
    text = normalize(_read("inline_title.txt")).text
    assert text.split("\n\n") == [
        "Les deux armées ont échangé des tirs pendant la nuit.",
        "Un cessez-le-feu fragile",
        '"La situation reste tendue", a indiqué un officier.',
        "Le rôle de Klow",
        "La capitale syldave accueille les négociations.",
    ]


def test_dashes_inside_a_sentence_are_not_titles():
    original = "Le ministre - un ancien général - a parlé. Le bilan est lourd - Klow le sait."
    assert normalize(original).text == original


def test_quotes_split_onto_their_own_lines_are_joined_into_the_sentence():
    text = normalize(_read("split_quote.txt")).text
    assert text.split("\n\n") == [
        'Le porte-parole a déclaré qu\'"environ 300 blindés ont franchi la frontière". '
        'Il a ajouté que "la riposte serait proportionnée" et mesurée.',
        '"Nous ne céderons pas", a conclu le ministre.',
    ]


def test_a_heading_before_a_quoted_paragraph_stays_apart():
    original = "Réactions\n« Nous ne céderons pas », a dit le ministre."
    assert normalize(original).text == "Réactions\n\n« Nous ne céderons pas », a dit le ministre."


def test_boilerplate_lines_are_removed():
    result = normalize(_read("boilerplate.txt"))
    assert result.text.split("\n\n") == [
        "La Syldavie rouvre sa frontière",
        "La Syldavie a rouvert mardi son poste-frontière principal avec la Bordurie.",
        "Les douaniers contrôlent tous les véhicules depuis ce matin.",
        "Les échanges commerciaux doivent reprendre la semaine prochaine.",
    ]
    kinds = {r.kind for r in result.removed}
    assert kinds == {"contents", "credit", "read-also", "hashtags"}


def test_header_date_line_is_consumed_as_metadata():
    result = normalize(_read("header_date.txt"))
    assert result.text.startswith("La Bordurie a rappelé son ambassadeur")
    assert result.removed_of("header-date") == ("2023-05",)


def test_dateline_agency_and_repeated_caption_are_removed():
    result = normalize(_read("dateline.txt"))
    assert result.text.split("\n\n") == [
        "La Bordurie rappelle son ambassadeur",
        "Un convoi humanitaire est arrivé à Klow après trois jours de route, selon la Croix-Rouge.",
        "Le convoi transportait des médicaments et de la nourriture pour 5.000 personnes.",
    ]
    assert result.removed_of("dateline") == ("14:0502/05/2023, الثلاثاء",)
    assert result.removed_of("agency") == ("AFP",)
    assert len(result.removed_of("repeated")) == 1


def test_a_date_line_in_the_body_is_not_a_dateline():
    original = "Le convoi est arrivé à Klow mardi matin.\n19/12/2024\nIl repart demain."
    assert "19/12/2024" in normalize(original).text


def test_whitespace_is_normalised_and_apostrophes_kept():
    result = normalize(_read("whitespace.txt"))
    assert result.text == (
        "Le bilan fait état de 11 000 soldats mobilisés.\n\n"
        "Le commandement syldave confirme.\n\nFin du communiqué."
    )
    assert normalize("l’armée").text == "l’armée"


def test_offsets_locate_a_quote_in_the_original():
    original = _read("split_quote.txt")
    result = normalize(original)
    quote = '"la riposte serait proportionnée"'
    start = result.text.index(quote)
    first, last = result.offsets[start], result.offsets[start + len(quote) - 1] + 1
    assert original[first:last] == quote


def test_headline():
    assert headline(normalize(_read("dateline.txt")).text) == "La Bordurie rappelle son ambassadeur"
    assert headline(normalize(_read("header_date.txt")).text) is None
    assert headline("Titre seul") is None


# --- properties -------------------------------------------------------------

_PIECES = [
    "Plus de 1.", "\n", "\n\n", "100 soldats", "(JCS).", "L'armée", '"', "Nous", "« ", " »",
    ".- Traité historique -", "#Syldavie", "À lire aussi:", "AFP", " date 2024-12 ",
    "10:3919/12/2024, الخميس", "\xa0", "\r\n", " ", "M.Yang", "qu'", "Crédit Photo : X /",
    "Table of Contents", "déjà.Les", "3.5", "www.Example.org", "\u200b", "\t", ", a dit",
    "la riposte", "-", ".", "Une phrase assez longue pour compter comme un paragraphe entier.",
]  # fmt: skip
_noisy = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)
_any_text = st.one_of(st.text(), _noisy)


@settings(max_examples=300, deadline=None)
@given(_any_text)
def test_normalize_never_raises_and_offsets_are_valid(original):
    _check_offsets(original, normalize(original))


@settings(max_examples=300, deadline=None)
@given(_any_text)
def test_normalize_is_idempotent(original):
    once = normalize(original).text
    assert normalize(once).text == once
