"""The date rules' word filter skips only sentences the rule cannot match.

Each rule of :mod:`newskg.extract.dates` names the words (or the year
pattern) every match of it holds; a sentence without them is not searched
with the rule's slow regular expression. The filter must change nothing but
the time: the expressions found with it are those found without it.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newskg.extract import dates

# One sentence per rule at least, written for this test.
SENTENCES = [
    "Le convoi est parti le 19/12/2024 au matin.",
    "Le rapport daté du 2023-07-04 a fuité.",
    "Les combats ont duré du 3 au 5 mars près de la frontière.",
    "Entre janvier et avril 2024, les livraisons ont doublé.",
    "De 2019 à 2022, le contingent a triplé.",
    "Le ministre est arrivé lundi 12 févr. à Ankara.",
    "Les troupes se sont retirées fin juillet dernier.",
    "Depuis 2014, la guerre a fait des milliers de morts.",
    "Dans les années 1990, l'armée comptait deux fois plus d'hommes.",
    "Le sommet s'est tenu ce jeudi à Bruxelles.",
    "L'attaque a eu lieu l'avant-veille, selon l'état-major.",
    "Il y a trois semaines, les rebelles ont pris la ville.",
    "Dans la nuit de samedi à dimanche, dix drones ont été abattus.",
    "Au printemps 2023, l'offensive a commencé.",
    "Aujourd'hui, la Turquie a reçu la première batterie.",
    "Le lendemain, le gouvernement a démenti.",
    "La semaine prochaine, les ministres se retrouveront à Vienne.",
    "Au cours du week-end dernier, les rebelles ont attaqué deux villages.",
    "Du 28 janvier au 2 février, l'armée a bombardé la ville.",
    "Aucune date ici, seulement 1500 soldats et 12 chars.",
]

FRAGMENTS = [
    *SENTENCES,
    "le 1er",
    "mi-",
    "mars",
    "MAI",
    "2025",
    "l'été",
    "hier",
    "à partir du",
    "jusqu'à",
    "-",
    " ",
    "12:30",
    "deux jours plus tard",
    "week-end",
    "depuis deux ans",
]


def _found(text: str) -> list[tuple[int, int, str]]:
    return [(start, end, rule.name) for start, end, rule, _ in dates._selected(text)]


def _unfiltered(text: str) -> list[tuple[int, int, str]]:
    g = dates._grammar()
    rules = g.rules
    object.__setattr__(g, "rules", tuple(dataclasses.replace(r, needs=None) for r in rules))
    dates._selected.cache_clear()
    try:
        return _found(text)
    finally:
        object.__setattr__(g, "rules", rules)
        dates._selected.cache_clear()


@pytest.mark.parametrize("text", SENTENCES)
def test_the_filter_finds_what_the_rules_find(text: str) -> None:
    assert _found(text) == _unfiltered(text)


def test_every_rule_has_a_filter_and_the_sentences_match_every_rule() -> None:
    rules = dates._grammar().rules
    assert all(rule.needs is not None for rule in rules)
    found = {name for text in SENTENCES for _, _, name in _found(text)}
    assert found == {rule.name for rule in rules}  # every rule matched at least once


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=6).map(" ".join))
def test_random_joins_of_date_words_find_the_same(text: str) -> None:
    assert _found(text) == _unfiltered(text)
