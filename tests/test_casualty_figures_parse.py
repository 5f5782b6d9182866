"""Casualty figures read through misparses.

Sentences written for these tests: a casualty word detached at the head of
the sentence gives its measure to the main clause's counted subject; a
compound number word ("Trente-deux") counts like a digit; "faits
prisonniers" counts captives however the parser attaches "prisonniers"; a
demonym read as a verb ("lettons") does not hide the casualty verb; an
apposed "morts ou blessés" makes a killed-or-wounded figure; an amount word
("une centaine") counts alone in a gapped clause ("et une centaine
blessés") and gives the verb's measure to the materiel it counts.
"""

from __future__ import annotations

import pytest

from article_helpers import extract_text
from newskg.model import EventKind, Measure, PartialDate

pytestmark = pytest.mark.model


def _figures(nlp, kb, text: str) -> list[tuple[Measure, int | None, tuple]]:
    result = extract_text(nlp, kb, text, published=PartialDate(2025, 3, 20))
    return [
        (q.measure, q.value, c.event.roles)
        for c in result.claims
        if c.event.kind is EventKind.CASUALTIES
        for q in c.event.quantities
    ]


@pytest.mark.parametrize(
    ("text", "measure", "value"),
    [
        ("Grièvement blessés, trois soldats indiens ont été hospitalisés.", Measure.WOUNDED, 3),
        ("Tués dans l'embuscade, sept soldats maliens ont été enterrés.", Measure.KILLED, 7),
        ("Trente-deux civils ont été tués lundi.", Measure.KILLED, 32),
        ("Douze soldats ukrainiens ont été faits prisonniers.", Measure.CAPTURED, 12),
        ("L'armée a abattu trois drones russes puis deux missiles.", Measure.DESTROYED, 2),
        (
            "Une quinzaine de combattants, morts ou blessés, ont été évacués.",
            Measure.KILLED_OR_WOUNDED,
            15,
        ),
        (
            "Au moins trente civils ont été tués et une centaine blessés lors du bombardement.",
            Measure.WOUNDED,
            100,
        ),
        ("Six policiers ont été tués et une vingtaine blessés à Quetta.", Measure.WOUNDED, 20),
        ("Une cinquantaine de drones iraniens ont été abattus.", Measure.DESTROYED, 50),
        ("Les rebelles ont détruit une dizaine de blindés à Goma.", Measure.DESTROYED, 10),
    ],
)
def test_casualty_figure_through_a_misparse(nlp, kb, text, measure, value):
    assert any(m is measure and v == value for m, v, _ in _figures(nlp, kb, text))


def test_a_detached_participle_names_the_side(nlp, kb):
    found = _figures(nlp, kb, "Grièvement blessés, trois soldats indiens ont été hospitalisés.")
    assert any(("affected", "indian-armed-forces") in roles for _, _, roles in found)
