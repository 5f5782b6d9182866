"""Operations, tests and casualties read through coordination, relatives and misparses.

Sentences written for these tests. They check general readings of the parse:
every coordinated object of a strike is a target (also when the parser hangs
the second one on the verb: "puis la Syrie"); the antecedent of an object
relative "que" is what is struck, and an inverted subject after "qu'a tiré"
is who fires; the antecedent of a "dont" relative stands behind the subject
it owns; a capital taken is the city, not its state; the demonym of drones
shot down names whose they were; a casualty word detached at the head of the
sentence describes the main clause's subject.
"""

from __future__ import annotations

import pytest

from article_helpers import events_of
from newskg.extract.entities import resolve_mentions
from newskg.extract.events import find_events
from newskg.model import EventKind

pytestmark = pytest.mark.model

OP = EventKind.MILITARY_OPERATION
TEST = EventKind.WEAPON_TEST
CAS = EventKind.CASUALTIES


def _frames(nlp, kb, text: str, kind: EventKind):
    """The event frames of the first sentence (before figures are required)."""
    doc = nlp(text)
    rm = resolve_mentions(doc, kb)
    return [e for e in find_events(next(doc.sents), rm, kb) if e.kind is kind]


def _has(events, **roles: str) -> bool:
    def role(ev, r: str) -> list[str]:
        return ev.roles.get(r, []) if isinstance(ev.roles, dict) else ev.role(r)

    return any(all(v in role(ev, r) for r, v in roles.items()) for ev in events)


# ------------------------------------------------------------- coordination
def test_every_coordinated_place_is_struck(nlp, kb):
    evs = events_of(nlp, kb, "L'aviation israélienne a bombardé Gaza et Rafah dans la nuit.", OP)
    assert _has(evs, place="gaza-strip") and _has(evs, place="rafah")


def test_a_second_target_hung_on_the_verb_is_an_opponent(nlp, kb):
    evs = events_of(nlp, kb, "La Turquie a pilonné l'Irak puis la Syrie.", OP)
    assert _has(evs, agent="turkey", opponent="iraq")
    assert _has(evs, agent="turkey", opponent="syria")


def test_coordinated_states_attacked_are_opponents(nlp, kb):
    evs = events_of(nlp, kb, "Les Etats-Unis ont attaqué l'Irak et la Syrie.", OP)
    assert _has(evs, opponent="iraq") and _has(evs, opponent="syria")
    assert not _has(evs, agent="syria")


# ------------------------------------------------------------- relatives
def test_the_antecedent_of_que_is_the_place_struck(nlp, kb):
    evs = events_of(
        nlp,
        kb,
        "Marioupol, que les forces russes ont bombardée pendant des semaines, est en ruines.",
        OP,
    )
    assert _has(evs, agent="russian-armed-forces", place="mariupol")


def test_the_antecedent_of_que_is_the_group_struck(nlp, kb):
    evs = events_of(nlp, kb, "Le Hezbollah, qu'Israël a frappé lundi, promet de riposter.", OP)
    assert _has(evs, agent="israel", opponent="hezbollah")
    assert not _has(evs, agent="hezbollah")


def test_an_inverted_subject_after_qu_a_lance_fires(nlp, kb):
    evs = events_of(nlp, kb, "La roquette qu'a lancée l'Iran est retombée dans le désert.", TEST)
    assert _has(evs, agent="iran")


def test_a_completive_que_is_no_relative(nlp, kb):
    evs = events_of(nlp, kb, "Le ministre a dit que la Russie a bombardé Kiev.", OP)
    assert _has(evs, agent="russia")


def test_the_antecedent_of_dont_owns_the_subject(nlp, kb):
    evs = events_of(
        nlp,
        kb,
        "Le Pakistan, dont l'armée a bombardé l'Afghanistan lundi, réclame des garanties.",
        OP,
    )
    assert _has(evs, agent="pakistan", opponent="afghanistan")


def test_a_bare_name_read_as_a_modifier_is_the_target(nlp, kb):
    evs = events_of(nlp, kb, "La Russie a frappé Kiev mardi.", OP)
    assert _has(evs, agent="russia", opponent="ukraine")


# ------------------------------------------------------------- weapon tests
def test_a_state_firing_an_unnamed_missile_tests_it(nlp, kb):
    evs = events_of(nlp, kb, "La Corée du Nord a tiré un missile lundi.", TEST)
    assert _has(evs, agent="north-korea")


def test_a_group_firing_unnamed_rockets_tests_nothing(nlp, kb):
    assert not events_of(nlp, kb, "Le Hamas a tiré des roquettes lundi.", TEST)


def test_testing_unnamed_arms_is_no_test(nlp, kb):
    assert not events_of(nlp, kb, "La Corée du Nord pourrait tester des armes.", TEST)


# ------------------------------------------------------------- captures
def test_a_capital_taken_is_the_city(nlp, kb):
    evs = events_of(nlp, kb, "Les rebelles se sont emparés de Damas.", OP)
    assert _has(evs, place="damascus")


def test_a_bare_capital_object_of_prendre_is_a_capture(nlp, kb):
    evs = events_of(nlp, kb, "Le M23 a pris Kinshasa.", OP)
    assert _has(evs, agent="m23", place="kinshasa")


def test_whom_a_place_is_taken_from_is_the_opponent(nlp, kb):
    evs = events_of(nlp, kb, "Les rebelles ont pris Goma à l'armée congolaise.", OP)
    assert _has(evs, place="goma", opponent="fardc")


def test_prendre_des_mesures_is_no_capture(nlp, kb):
    assert not events_of(nlp, kb, "Le Mali a pris des mesures contre la France.", OP)


# ------------------------------------------------------------- casualties
def test_the_demonym_of_drones_shot_down_is_the_affected_side(nlp, kb):
    evs = events_of(
        nlp, kb, "Selon Moscou, 12 drones ukrainiens ont été abattus au-dessus de la Crimée.", CAS
    )
    assert _has(evs, affected="ukraine")


def test_a_detached_casualty_word_describes_the_main_subject(nlp, kb):
    evs = _frames(nlp, kb, "Grièvement blessés, trois soldats indiens ont été hospitalisés.", CAS)
    assert _has(evs, affected="indian-armed-forces")


def test_faits_prisonniers_misparsed_keeps_the_captives(nlp, kb):
    evs = _frames(nlp, kb, "Onze militaires polonais ont été faits prisonniers.", CAS)
    assert _has(evs, affected="polish-armed-forces")


# ------------------------------------------------------------- passives
def test_the_passive_subject_of_an_attack_is_the_opponent(nlp, kb):
    evs = events_of(nlp, kb, "La Géorgie a été envahie par la Russie en 2008.", OP)
    assert _has(evs, agent="russia", opponent="georgia")
    assert not _has(evs, agent="georgia")


def test_a_passive_attack_without_agent_keeps_its_target(nlp, kb):
    evs = events_of(nlp, kb, "Le Liban a été bombardé dans la nuit.", OP)
    assert _has(evs, opponent="lebanon")
    assert not _has(evs, agent="lebanon")


def test_whose_positions_were_bombed_is_the_opponent(nlp, kb):
    evs = events_of(nlp, kb, "Des positions du Hezbollah ont été pilonnées par Israël.", OP)
    assert _has(evs, agent="israel", opponent="hezbollah")


def test_an_inverted_subject_is_never_the_target(nlp, kb):
    evs = events_of(nlp, kb, "Les drones qu'a abattus l'armée ukrainienne étaient iraniens.", OP)
    assert _has(evs, agent="ukrainian-armed-forces")
    assert not _has(evs, opponent="ukrainian-armed-forces")


def test_the_antecedent_of_que_is_the_victim(nlp, kb):
    evs = _frames(nlp, kb, "Les drones qu'a abattus l'armée ukrainienne étaient iraniens.", CAS)
    assert evs and not _has(evs, affected="ukrainian-armed-forces")


def test_a_coordinated_antecedent_of_que_is_struck_whole(nlp, kb):
    evs = events_of(
        nlp, kb, "Kherson et Mykolaïv, que l'armée russe a pilonnées lundi, sont privées d'eau.", OP
    )
    assert _has(evs, place="kherson") and _has(evs, place="mykolaiv")


def test_the_subject_of_a_light_verb_in_a_relative_leads_the_operation(nlp, kb):
    evs = events_of(
        nlp, kb, "L'offensive que l'Azerbaïdjan a lancée contre Stepanakert a duré un jour.", OP
    )
    assert _has(evs, agent="azerbaijan")


def test_the_subject_of_subir_in_a_relative_is_the_target(nlp, kb):
    evs = events_of(nlp, kb, "Les frappes russes qu'a subies l'Ukraine ont été massives.", OP)
    assert _has(evs, agent="russia", opponent="ukraine")
    assert not _has(evs, agent="ukraine")


def test_a_state_fired_on_is_the_opponent(nlp, kb):
    evs = events_of(nlp, kb, "L'Iran a tiré des missiles sur Israël et sur l'Irak.", OP)
    assert _has(evs, agent="iran", opponent="israel") and _has(evs, opponent="iraq")


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Les États-Unis ont attaqué Bagdad en 2003.", "baghdad"),
        ("L'aviation israélienne a frappé Beyrouth dans la nuit.", "beirut"),
    ],
)
def test_a_capital_struck_is_the_place_not_only_its_state(nlp, kb, text, place):
    # the mention reader takes a capital outside a locative phrase for its state
    assert _has(events_of(nlp, kb, text, OP), place=place)
