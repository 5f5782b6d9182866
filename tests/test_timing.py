"""Event dates read through the public extractor: relative days, the story's date, no default.

The sentences are written for these tests in wire-agency style (none is
taken from an article of the evaluation corpora). The articles are dated
Thursday 19 December 2024.
"""

from __future__ import annotations

from article_helpers import extract_text
from newskg.model import EventKind, PartialDate, TimeValue

THURSDAY = PartialDate(2024, 12, 19)


def times_of(nlp, kb, text: str, kind: EventKind, published: PartialDate = THURSDAY):
    res = extract_text(nlp, kb, text, published=published)
    found = [c for c in res.claims if c.event.kind is kind]
    assert found, [(c.event.kind, c.trigger) for c in res.claims]
    return [c.event.time for c in found]


def day(y: int, m: int, d: int) -> TimeValue:
    return TimeValue(date=PartialDate(y, m, d))


def test_la_veille_counts_from_the_sentence_day(nlp, kb):
    text = (
        "L'armée sud-coréenne a indiqué mercredi que la Corée du Nord avait tiré la veille "
        "un missile balistique."
    )
    assert times_of(nlp, kb, text, EventKind.WEAPON_TEST) == [day(2024, 12, 17)]


def test_au_lendemain_de_dates_its_complement_and_what_it_holds(nlp, kb):
    text = (
        "Odessa observait jeudi une journée de deuil au lendemain d'une frappe russe qui a "
        "tué 12 personnes."
    )
    assert times_of(nlp, kb, text, EventKind.CASUALTIES) == [day(2024, 12, 18)]


def test_a_dated_subject_dates_what_it_did(nlp, kb):
    text = "Les bombardements russes de lundi ont tué 9 civils à Odessa."
    assert times_of(nlp, kb, text, EventKind.CASUALTIES) == [day(2024, 12, 16)]


def test_a_date_in_a_relative_clause_dates_the_event_noun(nlp, kb):
    text = (
        "Les combats qui ont opposé la semaine dernière l'armée russe et l'armée ukrainienne "
        "ont fait 40 morts."
    )
    assert times_of(nlp, kb, text, EventKind.CASUALTIES) == [TimeValue(date=PartialDate(2024, 12))]


def test_the_story_date_carries_to_a_sentence_without_one(nlp, kb):
    text = (
        "Lundi, l'armée russe a bombardé la ville de Kharkiv. "
        "Selon les autorités ukrainiennes, 14 personnes ont été tuées."
    )
    assert times_of(nlp, kb, text, EventKind.CASUALTIES) == [day(2024, 12, 16)]


def test_a_plan_takes_no_date_from_the_story(nlp, kb):
    text = (
        "Lundi, l'armée russe a bombardé la ville de Kharkiv. "
        "L'Allemagne livrera dix chars Leopard 2 à l'Ukraine."
    )
    assert times_of(nlp, kb, text, EventKind.ARMS_TRANSFER) == [None]


def test_a_flashback_takes_no_date_from_the_story(nlp, kb):
    text = (
        "Lundi, l'armée russe a bombardé la ville de Kharkiv. "
        "La Russie avait déjà bombardé la ville d'Odessa."
    )
    times = times_of(nlp, kb, text, EventKind.MILITARY_OPERATION)
    assert day(2024, 12, 16) in times and None in times


def test_the_publication_date_is_no_default(nlp, kb):
    text = "L'armée russe a bombardé la ville de Kharkiv."
    assert times_of(nlp, kb, text, EventKind.MILITARY_OPERATION) == [None]


def test_a_horizon_is_an_end_date(nlp, kb):
    text = "La Belgique s'est engagée à livrer 30 avions F-16 à l'Ukraine d'ici 2028."
    assert times_of(nlp, kb, text, EventKind.ARMS_TRANSFER) == [TimeValue(end=PartialDate(2028))]


def test_a_day_before_the_story_day(nlp, kb):
    text = (
        "Le 30 novembre, l'armée russe a bombardé la ville de Kharkiv. "
        "Deux jours plus tôt, un général russe avait été tué à Koursk."
    )
    assert times_of(nlp, kb, text, EventKind.CASUALTIES) == [day(2024, 11, 28)]
