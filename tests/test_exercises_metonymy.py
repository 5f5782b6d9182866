"""Joint exercises as cooperation, capitals standing for their states, names misparsed.

- Joint military exercises, manoeuvres and patrols held by two sides at
  least are an ``nkg:Cooperation`` of those sides (``extract.events.exercises``);
- a capital as the actor of an event stands for its state, every conjunct of
  a coordination included ("Paris et Berlin ont signé"), while a capital that
  is struck is the place (and its state the opponent);
- a KB name right after a verb, which the parser took for the determiner of
  the next date word ("a bombardé Kiev lundi"), is read as the verb's object
  (``extract.parse_repairs``).

The sentences are written for these tests.
"""

from __future__ import annotations

import pytest

from article_helpers import events_of, extract_text
from newskg.model import EventKind, PartialDate

K = EventKind
_PUBLISHED = PartialDate(2025, 3, 20)


def _roles(ev, role: str) -> set[str]:
    return set(ev.role(role))


def _only(nlp, kb, text: str, kind: EventKind):
    evs = events_of(nlp, kb, text, kind, published=_PUBLISHED)
    assert len(evs) == 1, (text, evs)
    return evs[0]


# ------------------------------------------------------------ compound demonyms (no model)
@pytest.mark.parametrize(
    ("word", "states"),
    [
        ("sino-russes", ["china", "russia"]),
        ("nippo-américains", ["japan", "united-states"]),
        ("américano-sud-coréennes", ["united-states", "south-korea"]),
        ("russo-biélorusses", ["russia", "belarus"]),
        ("bleu-blanc", []),
        ("sino", []),
    ],
)
def test_compound_nationalities_name_every_state(kb, word: str, states: list[str]) -> None:
    from newskg.extract.events.exercises import compound_states  # noqa: PLC0415
    from newskg.extract.events.lex import get_lex  # noqa: PLC0415

    assert compound_states(word, kb, get_lex()) == states


# ------------------------------------------------------------ joint exercises
@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "participants"),
    [
        ("La Chine et la Russie ont mené des exercices militaires conjoints.", {"china", "russia"}),
        (
            "Des manœuvres navales communes réunissent l'Inde et les États-Unis.",
            {"india", "united-states"},
        ),
        ("Le Japon a organisé des exercices avec l'Australie.", {"japan", "australia"}),
        ("Des patrouilles aériennes sino-russes ont eu lieu mardi.", {"china", "russia"}),
        (
            "Des manœuvres américano-sud-coréennes ont débuté lundi.",
            {"united-states", "south-korea"},
        ),
        (
            "L'Allemagne participe à des exercices avec la Pologne et la Lituanie.",
            {"germany", "poland", "lithuania"},
        ),
        (
            "Les armées française et allemande se sont entraînées ensemble.",
            {"france", "germany"},
        ),
    ],
)
def test_joint_exercises_are_cooperation_of_every_side(
    nlp, kb, text: str, participants: set[str]
) -> None:
    ev = _only(nlp, kb, text, K.COOPERATION)
    assert participants <= _roles(ev, "participant")


@pytest.mark.model
def test_joint_exercise_keeps_its_place_and_date(nlp, kb) -> None:
    text = "La Chine et la Russie ont mené des exercices conjoints en mer Noire le 12 mars."
    ev = _only(nlp, kb, text, K.COOPERATION)
    assert _roles(ev, "participant") == {"china", "russia"}
    assert _roles(ev, "place") == {"black-sea"}
    assert ev.time is not None and ev.time.date == PartialDate(2025, 3, 12)


@pytest.mark.model
def test_the_state_answering_joint_exercises_takes_no_part(nlp, kb) -> None:
    text = (
        "La Corée du Nord a tiré des missiles en réponse aux exercices conjoints "
        "des États-Unis et de la Corée du Sud."
    )
    ev = _only(nlp, kb, text, K.COOPERATION)
    assert _roles(ev, "participant") == {"united-states", "south-korea"}


@pytest.mark.model
def test_the_state_condemning_joint_exercises_takes_no_part(nlp, kb) -> None:
    ev = _only(
        nlp, kb, "Pékin a condamné les exercices conjoints américano-japonais.", K.COOPERATION
    )
    assert _roles(ev, "participant") == {"united-states", "japan"}


@pytest.mark.model
def test_the_place_of_an_exercise_is_no_participant(nlp, kb) -> None:
    ev = _only(
        nlp,
        kb,
        "Le Japon et l'Inde ont mené des manœuvres dans la péninsule coréenne.",
        K.COOPERATION,
    )
    assert _roles(ev, "participant") == {"japan", "india"}
    assert _roles(ev, "place") == {"korean-peninsula"}


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "La Russie a mené des exercices militaires en Biélorussie.",
        "L'armée polonaise a organisé des manœuvres près de la frontière.",
        "Les instructeurs entraînent des recrues ukrainiennes.",
        "Le président a fait un exercice d'équilibre entre Washington et Pékin.",
        "La Chine a lancé des manœuvres militaires d'envergure autour de Taïwan, selon Taipei.",
    ],
)
def test_an_exercise_of_one_side_is_no_cooperation(nlp, kb, text: str) -> None:
    assert events_of(nlp, kb, text, K.COOPERATION, published=_PUBLISHED) == []


# ------------------------------------------------------------ capitals as actors
@pytest.mark.model
def test_a_capital_delivering_stands_for_its_state(nlp, kb) -> None:
    ev = _only(nlp, kb, "Washington a livré des missiles Patriot à Kiev.", K.ARMS_TRANSFER)
    assert _roles(ev, "agent") == {"united-states"}
    assert _roles(ev, "recipient") == {"ukraine"}


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "kind", "role", "states"),
    [
        (
            "Paris et Berlin ont signé un accord de défense.",
            K.TREATY_SIGNING,
            "participant",
            {"france", "germany"},
        ),
        (
            "Paris, Berlin et Rome ont signé un accord de sécurité.",
            K.TREATY_SIGNING,
            "participant",
            {"france", "germany", "italy"},
        ),
        (
            "Washington et Londres ont livré des obus à Kiev.",
            K.ARMS_TRANSFER,
            "agent",
            {"united-states", "united-kingdom"},
        ),
    ],
)
def test_every_capital_of_a_fronted_coordination_acts(
    nlp, kb, text: str, kind: EventKind, role: str, states: set[str]
) -> None:
    ev = _only(nlp, kb, text, kind)
    assert _roles(ev, role) == states


@pytest.mark.model
def test_a_capital_deploying_stands_for_its_state(nlp, kb) -> None:
    ev = _only(nlp, kb, "Moscou a déployé des troupes en Biélorussie.", K.DEPLOYMENT)
    assert _roles(ev, "agent") == {"russia"}
    assert _roles(ev, "recipient") == {"belarus"}


@pytest.mark.model
def test_a_struck_capital_is_the_place_and_its_state_the_opponent(nlp, kb) -> None:
    ev = _only(nlp, kb, "Moscou a frappé Kiev.", K.MILITARY_OPERATION)
    assert _roles(ev, "agent") == {"russia"}
    assert _roles(ev, "place") == {"kyiv"}
    assert _roles(ev, "opponent") == {"ukraine"}


# ------------------------------------------------------------ names misread by the parser
@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "agent", "place", "opponent", "day"),
    [
        ("La Russie a bombardé Kiev lundi.", "russia", "kyiv", "ukraine", 17),
        ("Des drones russes ont visé Kiev samedi.", "russia", "kyiv", "ukraine", 15),
        ("La Russie a bombardé Kiev le 3 mars.", "russia", "kyiv", "ukraine", 3),
        ("La Russie a pilonné Odessa lundi.", "russia", "odesa", None, 17),
    ],
)
def test_a_name_after_a_strike_verb_is_its_target(
    nlp, kb, text: str, agent: str, place: str, opponent: str | None, day: int
) -> None:
    ev = _only(nlp, kb, text, K.MILITARY_OPERATION)
    assert _roles(ev, "agent") == {agent}
    assert _roles(ev, "place") == {place}
    assert _roles(ev, "opponent") == ({opponent} if opponent else set())
    assert ev.time is not None and ev.time.date == PartialDate(2025, 3, day)


@pytest.mark.model
def test_the_repaired_name_is_the_verbs_object(nlp, kb) -> None:
    from newskg.nlp import parse  # noqa: PLC0415

    doc = next(parse(nlp, ["La Russie a bombardé Kiev lundi."]))
    kiev = doc[4]
    assert (kiev.text, kiev.dep_, kiev.head.text, kiev.pos_) == ("Kiev", "obj", "bombardé", "PROPN")
    assert doc[5].head.text == "bombardé"
    assert len(list(doc.sents)) == 1


@pytest.mark.model
def test_a_fronted_coordination_is_one_sentence_with_one_subject(nlp, kb) -> None:
    from newskg.nlp import parse  # noqa: PLC0415

    doc = next(parse(nlp, ["Paris, Berlin et Rome ont signé un accord de défense."]))
    assert len(list(doc.sents)) == 1
    verb = doc[6]
    assert [c.text for c in verb.children if c.dep_ == "nsubj"] == ["Paris"]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        ("« Nous avons abattu trois drones », a annoncé Kiev lundi.", "ukraine"),
        ("Trois drones ont été abattus, a affirmé Moscou samedi.", "russia"),
    ],
)
def test_a_capital_speaking_after_a_quote_is_the_claimant(nlp, kb, text: str, claimant: str):
    result = extract_text(nlp, kb, text, published=_PUBLISHED)
    assert result.claims
    for claim in result.claims:
        assert claim.claimant == claimant
        assert claimant not in claim.event.role("opponent")


# ------------------------------------------------------------ a treaty named by its possessor
def _treaty_events(nlp, kb, text: str):
    result = extract_text(nlp, kb, text, published=_PUBLISHED)
    treaties = {e.key: e for e in result.entities if e.kind.value == "Treaty"}
    return [c.event for c in result.claims], treaties


@pytest.mark.model
def test_a_possessed_agreement_with_a_partner_is_a_treaty_of_both(nlp, kb) -> None:
    events, treaties = _treaty_events(
        nlp, kb, "La Corée du Nord a ratifié son accord militaire avec la Russie."
    )
    (ev,) = [e for e in events if e.kind is K.TREATY_RATIFICATION]
    assert _roles(ev, "participant") == {"north-korea"}
    (key,) = _roles(ev, "treaty")
    assert key == "accord-militaire-north-korea-russia"
    assert "Corée du Nord" in treaties[key].label and "Russie" in treaties[key].label


@pytest.mark.model
def test_a_generic_treaty_name_is_renamed_by_its_parties(nlp, kb) -> None:
    text = "L'Arménie a suspendu sa participation à son traité de défense avec la Russie."
    events, treaties = _treaty_events(nlp, kb, text)
    (ev,) = [e for e in events if e.kind is K.TREATY_WITHDRAWAL]
    assert _roles(ev, "participant") == {"armenia"}
    assert _roles(ev, "treaty") == {"accord-de-defense-armenia-russia"}
    assert set(treaties) == {"accord-de-defense-armenia-russia"}


@pytest.mark.model
def test_their_agreement_belongs_to_every_possessor(nlp, kb) -> None:
    text = "Le Japon et l'Australie ont conclu leur accord de défense avec les Philippines."
    events, _ = _treaty_events(nlp, kb, text)
    (ev,) = [e for e in events if e.kind is K.TREATY_SIGNING]
    assert _roles(ev, "treaty") == {"accord-de-defense-australia-japan-philippines"}


@pytest.mark.model
def test_a_possessed_treaty_without_partner_keeps_its_name(nlp, kb) -> None:
    events, _ = _treaty_events(nlp, kb, "La Russie a ratifié son traité de défense.")
    (ev,) = [e for e in events if e.kind is K.TREATY_RATIFICATION]
    assert _roles(ev, "treaty") == {"traite-de-defense"}


@pytest.mark.model
def test_an_agreement_signed_then_ratified_is_one_treaty(nlp, kb) -> None:
    text = (
        "Moscou et Pyongyang ont signé un accord militaire en juin. "
        "La Corée du Nord a ratifié son accord militaire avec la Russie en novembre."
    )
    events, _ = _treaty_events(nlp, kb, text)
    signing = [e for e in events if e.kind is K.TREATY_SIGNING]
    ratification = [e for e in events if e.kind is K.TREATY_RATIFICATION]
    assert len(signing) == len(ratification) == 1
    assert _roles(signing[0], "participant") == {"russia", "north-korea"}
    assert _roles(signing[0], "treaty") == _roles(ratification[0], "treaty")
