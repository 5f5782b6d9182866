"""A place stands for the state it lies in where that state is the target (nkg:locatedIn)."""

from __future__ import annotations

import pytest

from article_helpers import extract_text


def _roles(nlp, kb, text):
    return [dict_roles(c.event.roles) for c in extract_text(nlp, kb, text).claims]


def dict_roles(roles):
    out: dict[str, set[str]] = {}
    for role, key in roles:
        out.setdefault(role, set()).add(key)
    return out


@pytest.mark.model
def test_losses_in_a_city_are_its_states(nlp, kb):
    assert kb.get("kharkiv").located_in == "ukraine"
    (roles,) = _roles(nlp, kb, "Quinze civils ont été tués à Kharkiv dans la nuit.")
    assert roles["affected"] == {"ukraine"}


@pytest.mark.model
def test_a_delivery_to_a_city_goes_to_its_state_and_the_city_stays_the_place(nlp, kb):
    (roles,) = _roles(nlp, kb, "Les Etats-Unis ont livré des missiles Patriot à Odessa.")
    assert roles["recipient"] == {"ukraine"}
    assert roles["place"] == {"odesa"}


@pytest.mark.model
def test_a_meeting_place_does_not_make_its_state_a_participant(nlp, kb):
    assert kb.get("vladivostok").located_in == "russia"
    claims = extract_text(
        nlp, kb, "Xi Jinping et Kim Jong Un se sont rencontrés à Vladivostok."
    ).claims
    assert claims, "the meeting is read"
    for c in claims:
        assert ("participant", "russia") not in c.event.roles
