"""Date expressions resolved against the publication date, at the precision the text supports.

The sentences are written for these tests in wire-agency style.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newskg.extract.dates import DateMention, find_dates, temporal_spans
from newskg.model import PartialDate, TimeValue

P = PartialDate
THURSDAY = P(2024, 12, 19)  # a Thursday


def only(text: str, anchor: PartialDate | None) -> DateMention:
    found = find_dates(text, anchor)
    assert len(found) == 1, found
    return found[0]


def point(text: str, anchor: PartialDate | None) -> str | None:
    m = only(text, anchor)
    if m.value is None:
        return None
    assert m.value.date is not None, m.value
    return m.value.date.lexical


# --------------------------------------------------------------------------- explicit


@pytest.mark.parametrize(
    ("text", "expected", "span"),
    [
        ("Le 17 décembre 2024, l'armée a riposté.", "2024-12-17", "Le 17 décembre 2024"),
        ("Le traité a été signé en juin 2024 à Pyongyang.", "2024-06", "en juin 2024"),
        ("Les essais ont repris en 2023.", "2023", "en 2023"),
        ("Moscou a envahi l'Ukraine en février 2022.", "2022-02", "en février 2022"),
        ("février 2022 restera dans les mémoires", "2022-02", "février 2022"),
        ("Publié le 19/12/2024 par l'agence.", "2024-12-19", "le 19/12/2024"),
        ("Mis à jour 2024-12-19.", "2024-12-19", "2024-12-19"),
        ("le 1er mars 2025", "2025-03-01", "le 1er mars 2025"),
        ("le 17 déc. 2024", "2024-12-17", "le 17 déc. 2024"),
        ("jeudi 19 décembre 2024", "2024-12-19", "jeudi 19 décembre 2024"),
        ("Les combats ont repris fin 2024.", "2024", "fin 2024"),
        ("un rapport de l'année 2023", "2023", "l'année 2023"),
    ],
)
def test_explicit_dates_keep_their_precision(text, expected, span):
    for anchor in (None, P(2025, 3), THURSDAY):
        m = only(text, anchor)
        assert m.text == span
        assert m.value == TimeValue(date=PartialDate.parse(expected))
        assert m.kind == "absolute"


def test_since_a_year_opens_a_period():
    m = only("Les deux pays coopèrent depuis 2022.", None)
    assert m.value == TimeValue(start=P(2022))


def test_a_date_after_a_clock_time_glued_to_it():
    text = "10:3919/12/2024, AFP"
    m = only(text, None)
    assert (m.text, m.value) == ("19/12/2024", TimeValue(date=P(2024, 12, 19)))


# --------------------------------------------------------------------------- no year stated


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("Le sommet s'est tenu en juin.", P(2024, 12), "2024-06"),
        ("Il a ratifié le traité en novembre.", P(2025, 3), "2024-11"),
        ("Les livraisons ont commencé en mars.", P(2025, 3), "2025-03"),
        ("Le ministre s'était rendu à Moscou en mars.", P(2025, 3, 20), "2025-03"),
        ("Ils se sont rencontrés en juin dernier.", P(2025, 6), "2024-06"),
        ("Le sommet aura lieu en juin prochain.", P(2025, 6), "2026-06"),
        ("le mois de mai", P(2025, 6), "2025-05"),
    ],
)
def test_a_month_without_year_is_the_most_recent_one(text, anchor, expected):
    assert point(text, anchor) == expected


@pytest.mark.parametrize("anchor", [None, P(2025)])
def test_a_month_without_year_and_without_month_anchor_is_left_out(anchor):
    m = only("Le sommet s'est tenu en juin.", anchor)
    assert m.text == "en juin"
    assert m.value is None


@pytest.mark.parametrize(
    ("anchor", "expected"),
    [(P(2024, 12), "2024-12-17"), (THURSDAY, "2024-12-17"), (P(2025, 1, 10), "2024-12-17")],
)
def test_a_day_and_month_without_year(anchor, expected):
    assert point("Le 17 décembre, le commandant a averti Moscou.", anchor) == expected


def test_a_day_later_in_the_anchor_month_is_not_guessed():
    assert point("Le 17 décembre, le commandant a averti Moscou.", P(2024, 12, 5)) is None
    assert point("Le 17 décembre, le commandant a averti Moscou.", None) is None


def test_first_of_the_month():
    assert point("le 1er mars, des troupes sont arrivées", P(2025, 3)) == "2025-03-01"


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("Kiev a lancé début août une offensive.", P(2024, 12), "2024-08"),
        ("Des troupes ont été redéployées début février.", P(2025, 3), "2025-02"),
        ("Les combats ont repris fin janvier.", P(2025, 3), "2025-01"),
        ("Un convoi a été repéré mi-février.", P(2025, 3), "2025-02"),
        ("Des renforts sont attendus courant mars.", P(2025, 3), "2025-03"),
        ("Les essais ont eu lieu au début du mois de mai.", P(2025, 6), "2025-05"),
        ("Les essais ont eu lieu à la mi-mars.", P(2025, 4), "2025-03"),
    ],
)
def test_month_parts_have_month_precision(text, anchor, expected):
    assert point(text, anchor) == expected


# --------------------------------------------------------------------------- weekdays


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a affirmé jeudi le député", "2024-12-19"),
        ("a indiqué ce jeudi l'armée", "2024-12-19"),
        ("Mardi, le commandant a signalé des offensives.", "2024-12-17"),
        ("a déclaré lundi le ministère", "2024-12-16"),
        ("a annoncé mardi dernier Séoul", "2024-12-17"),
        ("a annoncé jeudi dernier Séoul", "2024-12-12"),
        ("un sommet prévu lundi prochain", "2024-12-23"),
    ],
)
def test_weekdays_with_a_day_anchor(text, expected):
    assert point(text, THURSDAY) == expected


def test_weekdays_with_a_month_anchor_give_the_month():
    assert point("a affirmé lundi l'état-major", P(2024, 12)) == "2024-12"


@pytest.mark.parametrize("anchor", [None, P(2024)])
def test_weekdays_without_a_month_anchor_are_left_out(anchor):
    assert point("a affirmé lundi l'état-major", anchor) is None


# --------------------------------------------------------------------------- relative expressions


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("Les chiffres publiés au début du mois", P(2025, 3), "2025-03"),
        ("des tirs ce mois-ci", P(2025, 3), "2025-03"),
        ("des tirs le mois dernier", P(2025, 3), "2025-02"),
        ("des tirs le mois dernier", P(2025, 1, 15), "2024-12"),
        ("à la fin du mois dernier", P(2025, 3), "2025-02"),
        ("déployés cette année", P(2025, 3), "2025"),
        ("une analyse de l'an dernier", P(2025, 3), "2024"),
        ("une analyse de l'année dernière", P(2025, 3), "2024"),
        ("une analyse de l’année dernière", P(2025), "2024"),
        ("signé l'an passé", P(2025, 3, 2), "2024"),
        ("envoyés ces dernières semaines", P(2024, 12), "2024-12"),
        ("envoyés la semaine dernière", P(2024, 12), "2024-12"),
        ("envoyés la semaine dernière", P(2024, 12, 3), "2024-11"),
        ("envoyés ces dernières semaines", THURSDAY, "2024-12"),
        ("tués hier", THURSDAY, "2024-12-18"),
        ("tués aujourd'hui", THURSDAY, "2024-12-19"),
        ("tués avant-hier", THURSDAY, "2024-12-17"),
        ("arrivés cette semaine", THURSDAY, "2024-12"),
        ("en fin d'année", P(2024, 5), "2024"),
    ],
)
def test_relative_expressions(text, anchor, expected):
    assert point(text, anchor) == expected


@pytest.mark.parametrize("text", ["hier", "la semaine dernière", "le mois dernier", "ce mois-ci"])
def test_relative_expressions_need_a_precise_enough_anchor(text):
    assert point(text, P(2025)) is None
    assert point(text, None) is None


def test_relative_years_need_an_anchor():
    assert point("cette année", None) is None


def test_since_the_start_of_the_year():
    # a period that starts at the beginning of a year starts in its January
    m = only("3.000 soldats déployés depuis le début de l'année", P(2025, 3))
    assert m.value == TimeValue(start=P(2025, 1))
    m = only("3.000 soldats déployés depuis le début de l'année 2025", None)
    assert (m.text, m.value) == ("depuis le début de l'année 2025", TimeValue(start=P(2025, 1)))


# --------------------------------------------------------------------------- ranges


@pytest.mark.parametrize(
    ("text", "anchor", "start", "end"),
    [
        ("envoyés en renfort entre janvier et février", P(2025, 3), "2025-01", "2025-02"),
        ("entre novembre et janvier", P(2025, 3), "2024-11", "2025-01"),
        ("de juin à août 2024", None, "2024-06", "2024-08"),
        ("de novembre 2024 à février", None, "2024-11", "2025-02"),
        ("entre fin janvier et début février 2025", None, "2025-01", "2025-02"),
        ("du 3 au 5 mars", P(2025, 3), "2025-03-03", "2025-03-05"),
        ("du 3 au 5 mars 2024", None, "2024-03-03", "2024-03-05"),
        ("de 2022 à 2024", None, "2022", "2024"),
        ("entre 2019 et 2021", None, "2019", "2021"),
    ],
)
def test_ranges(text, anchor, start, end):
    m = only(text, anchor)
    assert m.kind == "range"
    assert m.value == TimeValue(start=PartialDate.parse(start), end=PartialDate.parse(end))


def test_an_unanchored_range_is_left_out():
    assert only("entre janvier et février", None).value is None


# --------------------------------------------------------------------------- not dates


@pytest.mark.parametrize(
    "text",
    [
        "Plus de 1.100 soldats ont été blessés.",
        "environ 220 unités de canons de 170 mm",
        "Publié à 10:39.",
        "L'armée a déployé 2022 soldats supplémentaires.",
        "jusqu'à 2000 soldats",
        "Les soldats ont été envoyés au front.",
        "sept soldats",
    ],
)
def test_counts_and_clock_times_are_not_dates(text):
    assert find_dates(text, THURSDAY) == []


def test_temporal_spans_cover_dates_and_clock_times():
    text = "À 10:39, le 17 décembre"
    spans = [text[s:e] for s, e in temporal_spans(text)]
    assert spans == ["10:39", "le 17 décembre"]


def test_several_dates_in_one_text():
    text = "Kim et Poutine se sont vus en 2023 et en juin dernier, puis en novembre."
    found = find_dates(text, P(2025, 2))
    assert [(m.text, m.value.key if m.value else None) for m in found] == [
        ("en 2023", "2023"),
        ("en juin dernier", "2024-06"),
        ("en novembre", "2024-11"),
    ]


# --------------------------------------------------------------------------- properties

MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
MONTH_NAMES = MONTHS.split()
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
PAST_TEMPLATES = (
    [f"en {m}" for m in MONTH_NAMES]
    + [f"{part} {m}" for part in ("début", "fin", "mi-", "courant") for m in MONTH_NAMES]
    + [f"{w}{d}" for w in WEEKDAYS for d in ("", " dernier")]
    + [f"ce {w}" for w in WEEKDAYS]
    + [
        "hier",
        "avant-hier",
        "aujourd'hui",
        "cette semaine",
        "la semaine dernière",
        "ces dernières semaines",
        "ce mois-ci",
        "le mois dernier",
        "au début du mois",
        "cette année",
        "l'an dernier",
        "l'année dernière",
        "depuis le début de l'année",
        "entre janvier et février",
        "entre octobre et mars",
    ]
)


def _first_day(pd: PartialDate) -> dt.date:
    return dt.date(pd.year, pd.month or 1, pd.day or 1)


anchors = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31))


@given(anchors, st.sampled_from(PAST_TEMPLATES), st.integers(min_value=1, max_value=31))
def test_past_expressions_are_never_after_a_day_anchor(anchor, template, day):
    texts = [f"Selon Séoul, les soldats sont arrivés {template}."]
    if "en " in template[:3]:
        texts.append(f"Selon Séoul, ils sont arrivés le {day} {template[3:]}.")
    a = P(anchor.year, anchor.month, anchor.day)
    for text in texts:
        for m in find_dates(text, a):
            if m.value is None:
                continue
            for pd in (m.value.date, m.value.start, m.value.end):
                if pd is not None:
                    assert _first_day(pd) <= anchor, (text, anchor, m)


@given(anchors, st.sampled_from(PAST_TEMPLATES))
def test_month_anchored_expressions_are_never_after_the_anchor_month(anchor, template):
    a = P(anchor.year, anchor.month)
    for m in find_dates(f"Ils sont arrivés {template}.", a):
        if m.value is not None:
            for pd in (m.value.date, m.value.start, m.value.end):
                if pd is not None:
                    assert (pd.year, pd.month or 1) <= (a.year, a.month)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)), anchors)
def test_explicit_full_dates_ignore_the_anchor(d, anchor):
    text = f"Le {d.day} {MONTH_NAMES[d.month - 1]} {d.year}, l'armée a riposté."
    m = only(text, P(anchor.year, anchor.month, anchor.day))
    assert m.value == TimeValue(date=P(d.year, d.month, d.day))
    numeric = f"Publié le {d.day:02d}/{d.month:02d}/{d.year}."
    assert only(numeric, None).value == TimeValue(date=P(d.year, d.month, d.day))


@given(st.dates(), st.sampled_from(["day", "month", "year"]))
def test_partial_date_lexical_forms_round_trip(d, precision):
    pd = P(d.year, d.month if precision != "year" else None, d.day if precision == "day" else None)
    assert PartialDate.parse(pd.lexical) == pd
    assert pd.lexical == d.isoformat()[: {"year": 4, "month": 7, "day": 10}[precision]]


@given(st.text(), st.one_of(st.none(), anchors.map(lambda d: P(d.year, d.month, d.day))))
def test_find_dates_never_raises_and_spans_are_in_the_text(text, anchor):
    previous_end = 0
    for m in find_dates(text, anchor):
        assert previous_end <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        previous_end = m.end


@given(
    st.lists(
        st.sampled_from(
            [
                "le",
                "17",
                "31",
                "décembre",
                "févr.",
                "2024",
                "en",
                "depuis",
                "début",
                "mi-",
                "entre",
                "et",
                "à",
                "au",
                "du",
                "l'année",
                "dernier",
                "jeudi",
                "10:39",
                "19/12/2024",
                "29",
                "février",
                "2023",
                "hier",
                "la",
                "semaine",
                "mois",
                "de",
                " ",
                "\n",
                ",",
            ]
        )
    ),
    st.one_of(st.none(), anchors.map(lambda d: P(d.year, d.month, d.day))),
)
def test_find_dates_never_raises_on_word_soup(words, anchor):
    text = " ".join(words)
    for m in find_dates(text, anchor):
        assert text[m.start : m.end] == m.text


# ------------------------------------------------------------------ counted from the sentence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the sentence's own day is the reference, else the publication date
        ("La marine a confirmé mardi avoir intercepté la veille un drone.", "2024-12-16"),
        ("Le navire a coulé la veille.", "2024-12-18"),
        ("Le 3 mars 2023, le pont a cédé; le surlendemain, l'armée s'est retirée.", "2023-03-05"),
        ("Signé en avril 2015, le pacte est entré en vigueur l'année suivante.", "2016"),
        ("Le 10 juin 2022, le port a été pris; trois jours plus tard, la ville.", "2022-06-13"),
    ],
)
def test_context_expressions_count_from_the_sentence_day(text, expected):
    found = [m for m in find_dates(text, THURSDAY) if m.kind == "context"]
    assert len(found) == 1, found
    assert found[0].value == TimeValue(date=PartialDate.parse(expected))


def test_au_lendemain_de_dates_what_follows_the_day_before():
    found = find_dates("Le deuil a été décrété jeudi au lendemain de l'attaque.", THURSDAY)
    [m] = [m for m in found if m.kind == "complement"]
    assert m.text == "au lendemain"
    assert m.value == TimeValue(date=P(2024, 12, 18))


def test_no_day_in_the_sentence_falls_back_on_the_publication_date_and_says_so():
    [m] = find_dates("La veille, un drone a été abattu.", THURSDAY)
    assert m.value == TimeValue(date=P(2024, 12, 18))
    assert m.shift == ("day", -1)  # a reader that knows the story's day may recount it


def test_lendemain_is_not_demain():
    found = find_dates("le lendemain matin", None)
    assert [m.text for m in found] == ["le lendemain"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("il y a trois jours", TimeValue(date=P(2024, 12, 16))),
        ("il y a 2 ans", TimeValue(date=P(2022))),
        ("il y a deux semaines", TimeValue(date=P(2024, 12))),
        ("voilà six mois", TimeValue(date=P(2024, 6))),
        ("d'ici 2030", TimeValue(end=P(2030))),
        (
            "dans la nuit de mardi à mercredi",
            TimeValue(start=P(2024, 12, 17), end=P(2024, 12, 18)),
        ),
    ],
)
def test_elapsed_time_horizons_and_nights(text, expected):
    assert only(text, THURSDAY).value == expected


def test_an_unreadable_count_is_no_date_but_masks_its_words():
    m = only("il y a des semaines", THURSDAY)
    assert m.value is None
    assert temporal_spans("il y a des semaines") == [(m.start, m.end)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a vague or small count of hours stays on the day it counts from
        ("Le 3 mars, Kiev a parlé. Quelques heures plus tard, Minsk a répondu.", P(2024, 3, 3)),
        ("Le 3 mars, Kiev a parlé. Trois heures plus tôt, Minsk avait tiré.", P(2024, 3, 3)),
    ],
)
def test_hours_later_stay_on_the_sentence_day(text, expected):
    found = find_dates(text, THURSDAY)
    assert found[-1].kind == "context"
    assert found[-1].value == TimeValue(date=expected)


def test_hours_ago_is_the_publication_day_and_many_hours_no_day():
    assert only("il y a quelques heures", THURSDAY).value == TimeValue(date=THURSDAY)
    assert only("36 heures plus tard", THURSDAY).value is None


def test_a_named_weekday_settles_an_upcoming_day_of_the_month():
    # Sunday 22 December 2024, after a Thursday 19 December publication: the weekday says
    # which year, where a bare "22 décembre" could be upcoming or a year old
    assert only("le dimanche 22 décembre", THURSDAY).value == TimeValue(date=P(2024, 12, 22))
    assert only("le 22 décembre", THURSDAY).value is None
    # a weekday that fits no year near the anchor changes nothing
    assert only("le lundi 16 décembre", THURSDAY).value == TimeValue(date=P(2024, 12, 16))
    assert only("le mardi 16 décembre", THURSDAY).value == TimeValue(date=P(2024, 12, 16))
