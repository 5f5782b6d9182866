"""Who says so, and who says it is false: claimants read through the public extractor.

The sentences are written for these tests in wire-agency style (none is
taken from an article of the evaluation corpora).
"""

from __future__ import annotations

import pytest

from article_helpers import extract_text
from newskg.model import EventKind, Modality, PartialDate

THURSDAY = PartialDate(2024, 12, 19)


def claims_of(nlp, kb, text: str, kind: EventKind):
    res = extract_text(nlp, kb, text, published=THURSDAY)
    found = [c for c in res.claims if c.event.kind is kind]
    assert found, [(c.event.kind, c.claimant) for c in res.claims]
    return found


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        # "faire état de": a verb and its complement
        ("L'Ukraine a fait état de 15 morts dans une frappe russe sur Kharkiv.", "ukraine"),
        # counting verbs report the count
        ("La Pologne a recensé 12 soldats tués dans l'attaque.", "poland"),
        ("Kiev a dénombré 30 civils tués et 80 blessés à Odessa.", "ukraine"),
    ],
)
def test_counting_and_phrasal_reporting_verbs_name_the_claimant(nlp, kb, text, claimant):
    found = claims_of(nlp, kb, text, EventKind.CASUALTIES)
    assert {c.claimant for c in found} == {claimant}


def test_the_nearest_verb_of_saying_speaks(nlp, kb):
    found = claims_of(
        nlp,
        kb,
        "Séoul a affirmé mardi que la Corée du Nord avait reconnu avoir tiré un missile "
        "balistique en mer.",
        EventKind.WEAPON_TEST,
    )
    assert {c.claimant for c in found} == {"north-korea"}


def test_a_verb_of_saying_with_its_own_object_reports_nothing_beside_it(nlp, kb):
    found = claims_of(
        nlp,
        kb,
        "La Russie suspend sa participation au traité New Start, Washington dénonce une "
        "décision dangereuse.",
        EventKind.TREATY_WITHDRAWAL,
    )
    assert "united-states" not in {c.claimant for c in found}


def test_an_incise_after_the_report_still_names_its_speaker(nlp, kb):
    found = claims_of(
        nlp,
        kb,
        "L'armée russe a bombardé la ville de Kharkiv, a indiqué mercredi l'Ukraine.",
        EventKind.MILITARY_OPERATION,
    )
    assert {c.claimant for c in found} == {"ukraine"}


@pytest.mark.parametrize(
    ("text", "kind", "contester"),
    [
        (
            "La Russie a perdu 5.000 soldats en un mois, un chiffre que Moscou conteste.",
            EventKind.CASUALTIES,
            "russia",
        ),
        (
            "Kiev a accusé la Russie d'avoir bombardé un hôpital, ce que le Kremlin dément.",
            EventKind.MILITARY_OPERATION,
            "kremlin",
        ),
        (
            "Selon l'Ukraine, l'armée russe a bombardé une école, une information démentie par "
            "Moscou.",
            EventKind.MILITARY_OPERATION,
            "russia",
        ),
    ],
)
def test_a_contested_statement_gains_a_denied_claim_by_the_contester(
    nlp, kb, text, kind, contester
):
    found = claims_of(nlp, kb, text, kind)
    denied = [c for c in found if c.modality is Modality.DENIED]
    assert [c.claimant for c in denied] == [contester]
    kept = [c for c in found if c.modality is not Modality.DENIED]
    assert kept and all(c.claimant != contester for c in kept)
    assert denied[0].event == kept[0].event  # the same event, told and contested


def test_a_contest_that_is_denied_itself_contests_nothing(nlp, kb):
    found = claims_of(
        nlp,
        kb,
        "La Russie a perdu 5.000 soldats en un mois, un chiffre que Moscou ne conteste pas.",
        EventKind.CASUALTIES,
    )
    assert all(c.modality is not Modality.DENIED for c in found)


def test_the_denier_of_its_own_act_is_the_claimant_with_a_denied_modality(nlp, kb):
    found = claims_of(
        nlp,
        kb,
        "Le Kremlin a démenti avoir bombardé l'hôpital de Kiev.",
        EventKind.MILITARY_OPERATION,
    )
    assert [(c.claimant, c.modality) for c in found] == [("kremlin", Modality.DENIED)]


def test_a_relative_pronoun_speaks_for_its_noun(nlp, kb):
    text = (
        "L'armée ukrainienne, qui avait d'abord annoncé la mort de trois soldats et dix "
        "blessés, a reconnu lundi de lourdes pertes."
    )
    found = claims_of(nlp, kb, text, EventKind.CASUALTIES)
    assert {c.claimant for c in found} == {"ukrainian-armed-forces"}


def test_a_relative_clause_of_the_speaker_names_no_speaker(nlp, kb):
    text = (
        "Le ministre polonais, qui a rencontré Volodymyr Zelensky lundi, a affirmé que la "
        "Pologne avait livré 40 chars à l'Ukraine."
    )
    found = claims_of(nlp, kb, text, EventKind.ARMS_TRANSFER)
    assert {c.claimant for c in found} == {"poland"}


def test_the_text_of_a_statement_is_its_author(nlp, kb):
    text = (
        "Dans un communiqué, l'armée ukrainienne a fait état de 20 soldats russes tués. "
        "Sept prisonniers ont aussi été capturés, selon le texte."
    )
    found = claims_of(nlp, kb, text, EventKind.CASUALTIES)
    assert {c.claimant for c in found} == {"ukrainian-armed-forces"}


def test_a_contrast_clause_is_not_the_first_speaker_s_and_a_promise_is_its_maker_s(nlp, kb):
    text = (
        "La France a annoncé mardi qu'elle allait livrer des canons Caesar à l'Ukraine, "
        "tandis que l'Italie a promis d'envoyer 10 chars Ariete à Kiev."
    )
    found = claims_of(nlp, kb, text, EventKind.ARMS_TRANSFER)
    by_agent = {c.event.role("agent"): c.claimant for c in found}
    assert by_agent[("france",)] == "france"
    assert by_agent[("italy",)] == "italy"


def test_a_pledge_is_claimed_by_who_pledges(nlp, kb):
    found = claims_of(
        nlp, kb, "Les Etats-Unis ont promis 24 avions F-16 à l'Ukraine.", EventKind.ARMS_TRANSFER
    )
    assert {c.claimant for c in found} == {"united-states"}


def test_a_group_located_in_a_state_does_not_speak_for_it(nlp, kb):
    text = (
        "Les séparatistes à dominante touareg du nord du Niger ont affirmé jeudi avoir tué "
        "40 soldats nigériens."
    )
    found = claims_of(nlp, kb, text, EventKind.CASUALTIES)
    assert {c.claimant for c in found} == {None}
    found = claims_of(
        nlp,
        kb,
        "Le gouvernement du Niger a affirmé jeudi avoir tué 40 rebelles.",
        EventKind.CASUALTIES,
    )
    assert {c.claimant for c in found} == {"niger-government"}
