"""Meetings of organisations, meeting venues, coordinated treaty parties, misread denials, dates.

Sentences written for these tests (invented wordings); each exercises one
mechanism of ``events/meetings.py``, ``events/treaties.py``, ``claims.py`` or
the story-relative dates of ``dates.py`` / ``timing.py``. The article is
published on Thursday 20 March 2025.
"""

from __future__ import annotations

import pytest

from article_helpers import extract_text
from newskg.extract.dates import counts_from
from newskg.model import EventKind, Modality, PartialDate

K = EventKind
_PUBLISHED = PartialDate(2025, 3, 20)


def _claims(nlp, kb, text: str):
    return extract_text(nlp, kb, text, published=_PUBLISHED).claims


def _find(claims, kind: EventKind, **roles: str):
    return [
        c
        for c in claims
        if c.event.kind is kind and all(v in c.event.role(r) for r, v in roles.items())
    ]


def _show(claims) -> list:
    return [
        (c.event.kind.value, c.event.roles, c.event.time.key if c.event.time else None)
        for c in claims
    ]


# ---------------------------------------------------------------- meetings
@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "body", "place"),
    [
        # a reflexive meeting verb whose subject is an organisation's members
        (
            "Les ministres des Affaires étrangères de l'Union européenne se sont réunis à "
            "Bruxelles.",
            "european-union",
            "brussels",
        ),
        ("Les chefs de la diplomatie de l'OTAN se retrouvent jeudi à Washington.", "nato", None),
        # a summit noun of an organisation, placed by "se dérouler à"
        ("Le sommet des BRICS s'est déroulé à Kazan en octobre 2024.", "brics", "kazan"),
    ],
)
def test_an_organisation_meets_on_its_own(nlp, kb, text: str, body: str, place) -> None:
    claims = _claims(nlp, kb, text)
    found = _find(claims, K.MEETING, participant=body)
    assert found, _show(claims)
    if place is not None:
        assert place in found[0].event.role("place"), _show(claims)


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        # one army, one nationality: nobody to meet
        "L'armée russe s'est réunie à Moscou.",
        "Les soldats russes se sont réunis dans la caserne.",
        # an organisation's officer meeting people who are no actors
        "Le secrétaire général de l'OTAN a rencontré des soldats.",
        "Le président français a accueilli des soldats blessés.",
        # "se retrouver" + a state is no meeting
        "L'Ukraine et la Moldavie se retrouvent privées de gaz russe.",
        "La France et l'Allemagne se sont retrouvées isolées lors du vote.",
    ],
)
def test_no_meeting_of_one_side_or_of_a_state(nlp, kb, text: str) -> None:
    claims = _claims(nlp, kb, text)
    assert not _find(claims, K.MEETING), _show(claims)


@pytest.mark.model
def test_the_place_of_avoir_lieu_is_the_meeting_nouns(nlp, kb) -> None:
    claims = _claims(nlp, kb, "La réunion entre Antony Blinken et Wang Yi a eu lieu à Pékin.")
    found = _find(claims, K.MEETING, participant="wang-yi", place="beijing")
    assert found and "antony-blinken" in found[0].event.role("participant"), _show(claims)


@pytest.mark.model
def test_coordinated_subjects_misparsed_before_a_talk_by_video(nlp, kb) -> None:
    text = "Giorgia Meloni et Pedro Sanchez se sont entretenus par visioconférence mardi."
    claims = _claims(nlp, kb, text)
    found = _find(claims, K.MEETING, participant="giorgia-meloni")
    assert found and "pedro-sanchez" in found[0].event.role("participant"), _show(claims)
    assert found[0].event.time is not None and found[0].event.time.key == "2025-03-18"


@pytest.mark.model
def test_names_chained_on_a_fronted_date_are_the_subject(nlp, kb) -> None:
    text = "Le 3 février, Keir Starmer et Mark Rutte se sont retrouvés à Londres."
    claims = _claims(nlp, kb, text)
    found = _find(claims, K.MEETING, participant="keir-starmer", place="london")
    assert found and "mark-rutte" in found[0].event.role("participant"), _show(claims)
    assert found[0].event.time.key == "2025-02-03", _show(claims)


@pytest.mark.model
def test_a_guest_named_after_son_homologue(nlp, kb) -> None:
    text = (
        "Le président turc Recep Tayyip Erdogan a reçu son homologue ukrainien Volodymyr "
        "Zelensky à Ankara."
    )
    claims = _claims(nlp, kb, text)
    found = _find(claims, K.MEETING, participant="volodymyr-zelensky", place="ankara")
    assert found and "recep-tayyip-erdogan" in found[0].event.role("participant"), _show(claims)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "one", "other"),
    [
        # a guest named by a title and a nationality: that state takes part
        ("Xi Jinping a reçu à Pékin le président brésilien.", "xi-jinping", "brazil"),
        # host and guest both named by title and nationality
        ("Le chancelier allemand a reçu le président polonais à Berlin.", "germany", "poland"),
        # two nationalities on the subject the parser labels a passive subject
        ("Les présidents russe et turc se sont entretenus par téléphone.", "russia", "turkey"),
    ],
)
def test_officials_named_by_their_nationality(nlp, kb, text: str, one: str, other: str) -> None:
    claims = _claims(nlp, kb, text)
    found = _find(claims, K.MEETING, participant=one)
    assert found and other in found[0].event.role("participant"), _show(claims)


# ---------------------------------------------------------------- treaties
@pytest.mark.model
def test_coordinated_passive_agents_are_all_parties(nlp, kb) -> None:
    claims = _claims(nlp, kb, "Le traité d'Ottawa a été ratifié par la Pologne et la Finlande.")
    found = _find(claims, K.TREATY_RATIFICATION, treaty="ottawa-treaty", participant="poland")
    assert found and "finland" in found[0].event.role("participant"), _show(claims)


@pytest.mark.model
def test_names_coordinated_in_apposition_to_the_agent_are_all_parties(nlp, kb) -> None:
    text = "Le traité d'Ottawa a été signé par les ministres Lloyd Axworthy et Jean Chrétien."
    claims = _claims(nlp, kb, text)
    found = _find(claims, K.TREATY_SIGNING, treaty="ottawa-treaty", participant="lloyd-axworthy")
    assert found and "jean-chretien" in found[0].event.role("participant"), _show(claims)


@pytest.mark.model
def test_a_treaty_withdrawn_from_in_an_object_relative(nlp, kb) -> None:
    text = "Le traité FNI, que Washington a dénoncé en 2019, interdisait les missiles."
    claims = _claims(nlp, kb, text)
    found = _find(claims, K.TREATY_WITHDRAWAL, treaty="inf-treaty", participant="united-states")
    assert found and found[0].event.time.key == "2019", _show(claims)


@pytest.mark.model
def test_an_object_relative_parsed_as_an_adverbial_keeps_its_treaty(nlp, kb) -> None:
    text = "Le traité d'Ottawa, que la Finlande a ratifié en 2012, interdit les mines."
    claims = _claims(nlp, kb, text)
    found = _find(claims, K.TREATY_RATIFICATION, treaty="ottawa-treaty", participant="finland")
    assert found and found[0].event.time.key == "2012", _show(claims)


@pytest.mark.model
def test_a_subject_relative_signs_for_its_antecedent(nlp, kb) -> None:
    text = "La Russie, qui a signé le traité d'Ottawa, ne l'a jamais ratifié."
    claims = _claims(nlp, kb, text)
    assert _find(claims, K.TREATY_SIGNING, treaty="ottawa-treaty", participant="russia"), _show(
        claims
    )


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "kind", "treaty", "party", "when"),
    [
        # "dater de", "remonter à": the year dates the nominal milestone of the subject
        (
            "La signature du traité d'Ottawa par la Finlande date de 1997.",
            K.TREATY_SIGNING,
            "ottawa-treaty",
            "finland",
            "1997",
        ),
        (
            "La signature de l'accord de Minsk par l'Ukraine et la Russie remonte à 2015.",
            K.TREATY_SIGNING,
            "minsk-agreements",
            "russia",
            "2015",
        ),
    ],
)
def test_a_dating_verb_dates_its_nominal_subject(
    nlp, kb, text: str, kind: EventKind, treaty: str, party: str, when: str
) -> None:
    claims = _claims(nlp, kb, text)
    found = _find(claims, kind, treaty=treaty, participant=party)
    assert found and found[0].event.time is not None, _show(claims)
    assert found[0].event.time.key == when, _show(claims)


# ---------------------------------------------------------------- denials
@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "kind", "actor"),
    [
        (
            "Le Hezbollah dément avoir tiré des roquettes sur Haïfa.",
            K.MILITARY_OPERATION,
            "hezbollah",
        ),
        ("Pyongyang dément avoir livré des obus à la Russie.", K.ARMS_TRANSFER, "north-korea"),
    ],
)
def test_a_present_denial_misread_by_the_tagger(nlp, kb, text, kind, actor) -> None:
    """ "dément" is tagged an adverb: it still denies its infinitive, in its subject's name."""
    claims = _claims(nlp, kb, text)
    found = _find(claims, kind, agent=actor)
    assert found, _show(claims)
    assert found[0].modality is Modality.DENIED and found[0].claimant == actor


# ---------------------------------------------------------------- story-relative dates
@pytest.mark.model
def test_the_following_year_counts_from_the_story(nlp, kb) -> None:
    text = "Le traité d'Ottawa a été signé en 1997. Il est entré en vigueur l'année suivante."
    claims = _claims(nlp, kb, text)
    found = _find(claims, K.TREATY_ENTRY_INTO_FORCE, treaty="ottawa-treaty")
    assert found and found[0].event.time.key == "1998", _show(claims)


@pytest.mark.parametrize(
    ("date", "unit", "ok"),
    [
        (PartialDate(2010), "year", True),
        (PartialDate(2010), "month", False),
        (PartialDate(2010, 4), "month", True),
        (PartialDate(2010, 4), "day", False),
        (PartialDate(2010, 4, 8), "week", True),
    ],
)
def test_a_unit_counts_only_from_a_date_precise_enough(date, unit, ok) -> None:
    assert counts_from(date, unit) is ok


# ------------------------------------------------------------- joining an alliance
@pytest.mark.parametrize(
    ("text", "participant", "treaty"),
    [
        ("La Suède a rejoint l'OTAN le 7 mars 2024.", "sweden", "north-atlantic-treaty"),
        ("Le Monténégro a adhéré à l'Alliance atlantique en 2017.", "montenegro", None),
        ("L'adhésion de la Finlande à l'OTAN a été saluée par Washington.", "finland", None),
        ("L'Ukraine a ratifié le statut de Rome en 2024.", "ukraine", "rome-statute"),
    ],
)
def test_joining_an_alliance_ratifies_its_founding_treaty(nlp, kb, text, participant, treaty):
    # the knowledge base's nkg:foundingTreaty: NATO rests on the North Atlantic Treaty
    treaty = treaty or "north-atlantic-treaty"
    result = extract_text(nlp, kb, text, published=PartialDate(2025, 3, 20))
    kinds = {c.event.kind for c in result.claims}
    assert EventKind.COOPERATION not in kinds  # joining is not cooperating
    assert any(
        c.event.kind is EventKind.TREATY_RATIFICATION
        and participant in c.event.role("participant")
        and treaty in c.event.role("treaty")
        for c in result.claims
    )


def test_the_organisation_that_approves_is_no_treaty(nlp, kb):
    result = extract_text(
        nlp, kb, "L'OTAN a approuvé l'adhésion de la Syldavie.", published=PartialDate(2025, 3, 20)
    )
    assert not any("north-atlantic-treaty" in c.event.role("treaty") for c in result.claims)
