"""Agreements described without a name: one treaty per kind and parties, events on it.

The texts are written for these tests (other conflicts, invented settings)
and run through the real pipeline (marked ``model``).
"""

from __future__ import annotations

import pytest

from article_helpers import extract_text
from newskg.model import EntityKind, EventKind, PartialDate

K = EventKind
_PUBLISHED = PartialDate(2025, 3, 20)

pytestmark = pytest.mark.model


def _run(nlp, kb, text: str):
    return extract_text(nlp, kb, text, published=_PUBLISHED)


def _treaties(result) -> dict:
    return {e.key: e for e in result.entities if e.kind is EntityKind.TREATY}


def _events(result, kind: EventKind) -> list:
    return [c.event for c in result.claims if c.event.kind is kind]


def test_a_ceasefire_between_two_states_is_one_treaty_keyed_by_its_parties(nlp, kb) -> None:
    text = "Un cessez-le-feu entre l'Arménie et l'Azerbaïdjan est entré en vigueur mercredi à 4h."
    result = _run(nlp, kb, text)
    treaties = _treaties(result)
    assert list(treaties) == ["cessez-le-feu-armenia-azerbaijan"], treaties
    assert "cessez-le-feu" in treaties["cessez-le-feu-armenia-azerbaijan"].names
    (ev,) = _events(result, K.TREATY_ENTRY_INTO_FORCE)
    assert ev.role("treaty") == ("cessez-le-feu-armenia-azerbaijan",)


def test_the_same_ceasefire_gets_the_same_key_in_another_article(nlp, kb) -> None:
    a = _treaties(_run(nlp, kb, "Le cessez-le-feu entre l'Azerbaïdjan et l'Arménie tient."))
    b = _treaties(_run(nlp, kb, "Un cessez-le-feu entre l'Arménie et l'Azerbaïdjan a été conclu."))
    assert set(a) == set(b) == {"cessez-le-feu-armenia-azerbaijan"}


def test_a_later_bare_truce_is_the_ceasefire_named_before(nlp, kb) -> None:
    text = (
        "Un cessez-le-feu entre l'Ethiopie et l'Erythrée a été conclu lundi."
        " La trêve est entrée en vigueur mardi."
    )
    result = _run(nlp, kb, text)
    assert list(_treaties(result)) == ["cessez-le-feu-eritrea-ethiopia"]
    (ev,) = _events(result, K.TREATY_ENTRY_INTO_FORCE)
    assert ev.role("treaty") == ("cessez-le-feu-eritrea-ethiopia",)
    signed = _events(result, K.TREATY_SIGNING)
    assert signed and "ethiopia" in signed[0].role("participant")


def test_place_and_party_qualify_the_agreement(nlp, kb) -> None:
    text = (
        "Le gouvernement a approuvé l'accord de cessez-le-feu au Soudan conclu avec"
        " les Forces de soutien rapide."
    )
    (key,) = _treaties(_run(nlp, kb, text))
    assert "sudan" in key and "rapid-support-forces" in key


@pytest.mark.parametrize(
    "text",
    [
        "L'ONU appelle à un cessez-le-feu immédiat au Yémen.",  # called for, not agreed
        "Le ministre a évoqué l'accord de défense le plus important de la décennie.",
    ],
)
def test_no_treaty_for_a_call_or_a_kind_named_in_passing(nlp, kb, text: str) -> None:
    assert not _treaties(_run(nlp, kb, text))


def test_an_initialled_security_agreement_is_a_signing_at_its_place(nlp, kb) -> None:
    text = (
        "Un accord bilatéral de sécurité a été paraphé à Paris par le président moldave"
        " et Emmanuel Macron."
    )
    result = _run(nlp, kb, text)
    (treaty,) = _treaties(result).values()
    assert "accord bilatéral de sécurité" in treaty.names
    (ev,) = _events(result, K.TREATY_SIGNING)
    assert ev.role("treaty") == (treaty.key,)
    assert "paris" in ev.role("place")


def test_a_signing_by_unnamed_negotiators_has_the_agreements_parties(nlp, kb) -> None:
    text = (
        "L'accord de paix conclu avec les Forces de soutien rapide a été signé à Djeddah"
        " par les négociateurs."
    )
    events = _events(_run(nlp, kb, text), K.TREATY_SIGNING)
    assert any(
        "rapid-support-forces" in ev.role("participant") and "djeddah" in ev.role("place")
        for ev in events
    ), events


def test_the_agreement_recalled_paragraphs_later_enters_into_force(nlp, kb) -> None:
    text = (
        "L'accord de trêve avec le Hezbollah a été approuvé par le gouvernement."
        " Les discussions ont duré des mois. Elles ont été difficiles."
        " L'accord doit entrer en vigueur dimanche."
    )
    result = _run(nlp, kb, text)
    (key,) = _treaties(result)
    (ev,) = _events(result, K.TREATY_ENTRY_INTO_FORCE)
    assert ev.role("treaty") == (key,)


@pytest.mark.parametrize(
    ("word", "states"),
    [
        ("israélo-libanais", ["israel", "lebanon"]),
        ("belgo-ukrainien", ["belgium", "ukraine"]),
        ("franco-allemand", ["france", "germany"]),
        ("nord-coréen", []),  # one state's demonym, not a pair
        ("sino-américain", []),  # a prefix whose demonym is not its stem: nothing, no guess
    ],
)
def test_compound_demonyms_name_their_states(kb, word: str, states: list[str]) -> None:
    from newskg.extract.treaty_phrases import compound_demonym_states  # noqa: PLC0415

    assert compound_demonym_states(word, kb) == states


def test_a_compound_demonym_gives_the_agreement_its_parties(nlp, kb) -> None:
    result = _run(nlp, kb, "Un accord de sécurité franco-moldave a été signé lundi.")
    assert list(_treaties(result)) == ["accord-de-securite-france-moldova"]
    (ev,) = _events(result, K.TREATY_SIGNING)
    assert set(ev.role("participant")) == {"france", "moldova"}
