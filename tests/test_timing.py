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


def test_a_lone_date_cut_from_its_clause_dates_the_next_sentence(nlp, kb):
    # the splitter cuts "Mardi," off: the lone date still frames the clause that follows
    text = (
        "Mardi,\nLe général ukrainien Oleksandr Syrsky a signalé des offensives intenses "
        "dans la région de Belgorod."
    )
    assert times_of(nlp, kb, text, EventKind.MILITARY_OPERATION) == [day(2024, 12, 17)]


def test_a_fronted_date_dates_the_event_nouns_of_its_clause(nlp, kb):
    text = (
        "Le 16 décembre, la Pologne a donné son accord à l'issue d'une rencontre avec le "
        "président ukrainien Volodymyr Zelensky."
    )
    assert times_of(nlp, kb, text, EventKind.MEETING) == [day(2024, 12, 16)]


def test_hours_earlier_stay_on_the_story_day(nlp, kb):
    text = (
        "Le 16 décembre, l'armée russe a lancé une offensive près de Koupiansk. Quelques "
        "heures plus tôt, la Corée du Nord avait tiré un missile balistique en mer du Japon."
    )
    assert times_of(nlp, kb, text, EventKind.WEAPON_TEST) == [day(2024, 12, 16)]


def test_a_vague_count_of_days_gives_no_date(nlp, kb):
    text = (
        "Le 12 décembre, l'armée russe a lancé une offensive près de Koupiansk. Quelques "
        "jours plus tôt, la Corée du Nord avait tiré un missile balistique en mer du Japon."
    )
    assert times_of(nlp, kb, text, EventKind.WEAPON_TEST) == [None]


def test_the_clause_date_dates_the_strikes_the_dead_died_in(nlp, kb):
    text = (
        "La protection civile libanaise a fait état de 12 morts dans des frappes "
        "israéliennes mardi soir."
    )
    assert times_of(nlp, kb, text, EventKind.MILITARY_OPERATION) == [day(2024, 12, 17)]
    assert times_of(nlp, kb, text, EventKind.CASUALTIES) == [day(2024, 12, 17)]


def test_a_night_dates_what_the_parser_hangs_from_its_second_day(nlp, kb):
    text = (
        "La France et l'Italie ont mené dans la nuit de lundi à mardi une série de frappes "
        "contre des positions jihadistes en Libye."
    )
    night = TimeValue(start=PartialDate(2024, 12, 16), end=PartialDate(2024, 12, 17))
    assert times_of(nlp, kb, text, EventKind.MILITARY_OPERATION) == [night]


def test_a_pluperfect_tagged_as_an_adjective_is_still_reported_speech(nlp, kb):
    # "avaient péri" under "a annoncé": the story's day, though the tagger reads an adjective
    text = (
        "Lundi, l'armée arménienne a annoncé que 11 militaires avaient péri dans des tirs "
        "azerbaïdjanais. L'armée a ensuite annoncé que 4 militaires avaient péri à la frontière."
    )
    assert times_of(nlp, kb, text, EventKind.CASUALTIES) == [day(2024, 12, 16)] * 2


def test_the_lede_s_day_begins_the_story_without_an_event_of_its_own(nlp, kb):
    text = (
        "La Moldavie est officiellement devenue mardi le 28e membre de l'Union européenne. "
        "Le ministre moldave des Affaires étrangères a signé le traité d'adhésion à Bruxelles."
    )
    res = extract_text(nlp, kb, text, published=THURSDAY)
    assert not [c for c in res.claims if c.quote.startswith("La Moldavie")]
    found = [c for c in res.claims if c.event.kind is EventKind.TREATY_SIGNING]
    assert found, [(c.event.kind, c.trigger) for c in res.claims]
    assert {c.event.time for c in found} == {day(2024, 12, 17)}


def test_a_bare_weekday_of_a_plan_gives_no_date(nlp, kb):
    # the last Friday before publication would be wrong for a visit still to come
    text = (
        "Le président ukrainien Volodymyr Zelensky rencontrera vendredi le président "
        "polonais Andrzej Duda à Varsovie."
    )
    assert times_of(nlp, kb, text, EventKind.MEETING) == [None]
    text = text.replace("rencontrera", "a rencontré")
    assert times_of(nlp, kb, text, EventKind.MEETING) == [day(2024, 12, 13)]
    text = "L'accord de cessez-le-feu doit entrer en vigueur dimanche prochain."
    assert times_of(nlp, kb, text, EventKind.TREATY_ENTRY_INTO_FORCE) == [day(2024, 12, 22)]


def test_a_fronted_participle_s_date_is_not_the_clause_s(nlp, kb):
    text = "Annoncé lundi, l'accord de cessez-le-feu doit entrer en vigueur dimanche."
    assert times_of(nlp, kb, text, EventKind.TREATY_ENTRY_INTO_FORCE) == [None]
