"""Publication dates: metadata, header line, dateline, wire dateline; never from the body."""

from __future__ import annotations

from pathlib import Path

import pytest

from newskg.io import find_published, normalize, parse_date_value, parse_dateline, read_inputs
from newskg.model import PartialDate

NOISE = Path(__file__).parent / "data" / "io" / "noise"


def _published(name: str) -> PartialDate | None:
    (article,) = read_inputs([NOISE / name])
    return article.published


def test_header_line_gives_month_precision():
    assert _published("header_date.txt") == PartialDate(2023, 5)


def test_dateline_gives_day_precision():
    assert _published("dateline.txt") == PartialDate(2023, 5, 2)


@pytest.mark.parametrize("name", ["boilerplate.txt", "inline_title.txt", "split_quote.txt"])
def test_no_evidence_no_date(name):
    assert _published(name) is None


def test_a_date_in_the_body_is_not_the_publication_date():
    text = "La Syldavie a signé un accord.\n\nLe 19 décembre 2024, les troupes sont parties."
    assert find_published(None, text=normalize(text).text) is None


def test_metadata_comes_first():
    assert find_published("2024-06", ("2023-05",), ("19/12/2024",)) == PartialDate(2024, 6)
    assert find_published("pas une date", ("2023-05",)) == PartialDate(2023, 5)


def test_wire_dateline_opening_the_text():
    text = "SÉOUL, 19 décembre 2024 (AFP) - La Syldavie a signé un accord."
    assert find_published(None, text=text) == PartialDate(2024, 12, 19)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024", PartialDate(2024)),
        ("2024-12", PartialDate(2024, 12)),
        ("2024-12-19", PartialDate(2024, 12, 19)),
        ("2024-12-19T10:39:00Z", PartialDate(2024, 12, 19)),
        ("19/12/2024", PartialDate(2024, 12, 19)),
        ("1er décembre 2024", PartialDate(2024, 12, 1)),
        ("décembre 2024", PartialDate(2024, 12)),
        ("2024-02-30", None),
        ("31/02/2024", None),
        ("hier", None),
    ],
)
def test_parse_date_value(value, expected):
    assert parse_date_value(value) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("10:3919/12/2024, الخميس", PartialDate(2024, 12, 19)),
        ("19/12/2024", PartialDate(2024, 12, 19)),
        ("Publié le jeudi 19 décembre 2024 à 10h39", PartialDate(2024, 12, 19)),
        ("Mis à jour le 2 mai 2023", PartialDate(2023, 5, 2)),
        ("Séoul, 19 décembre 2024", PartialDate(2024, 12, 19)),
        ("Le bilan du 19 décembre 2024 est lourd.", None),
        ("Klow confirme l'arrivée des renforts.", None),
    ],
)
def test_parse_dateline(line, expected):
    assert parse_dateline(line) == expected


def test_wire_dateline_is_taken_off_the_lead_and_dates_the_article():
    from newskg.io.normalize import normalize
    from newskg.io.published import find_published

    original = "Titre de l'article\n\nBORDURIE, 2 mars 2023 (AFP) - Le ministre a parlé.\n"
    n = normalize(original)
    assert n.text == "Titre de l'article\n\nLe ministre a parlé."
    assert n.removed_of("dateline") == ("BORDURIE, 2 mars 2023 (AFP) -",)
    published = find_published(None, (), n.removed_of("dateline"), n.text)
    assert str(published) == "2023-03-02"
    assert original[n.offsets[n.text.index("Le ministre")]] == "L"
