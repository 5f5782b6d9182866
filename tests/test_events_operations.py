"""Military operations and weapon tests, on sentences written for these tests.

Each case runs a short French text through the real pipeline (marked
``model``) and checks the operation or test it yields, or that it yields
none: who acts (the armed group, not the state where it happens; the state
behind a ministry), against whom, where, with what; and the words that look
like operations but are not (a state participle, "reprendre les hostilités",
a weapon with nobody firing it).
"""

from __future__ import annotations

import pytest

from article_helpers import extract_text
from newskg.model import EventKind, PartialDate

pytestmark = pytest.mark.model

OP = EventKind.MILITARY_OPERATION
TEST = EventKind.WEAPON_TEST


def _events(nlp, kb, text: str, kind: EventKind):
    result = extract_text(nlp, kb, text, published=PartialDate(2025, 3, 20))
    return [c.event for c in result.claims if c.event.kind is kind]


def _has(events, **roles: str) -> bool:
    return any(all(v in ev.role(r) for r, v in roles.items()) for ev in events)


# ------------------------------------------------------------- who acts
def test_coordinated_subjects_of_a_light_verb_all_act(nlp, kb):
    evs = _events(
        nlp,
        kb,
        "La France et le Royaume-Uni ont conduit pendant la nuit de lundi à mardi une "
        "série de frappes contre des dépôts du groupe Etat islamique en Syrie.",
        OP,
    )
    assert _has(evs, agent="france") and _has(evs, agent="united-kingdom")


def test_the_de_complement_of_an_attack_with_a_target_is_the_attacker(nlp, kb):
    evs = _events(
        nlp, kb, "Les attaques du Hezbollah contre le nord d'Israël ont repris mardi.", OP
    )
    assert _has(evs, agent="hezbollah")
    assert not _has(evs, opponent="hezbollah")


def test_the_de_complement_of_an_invasion_is_invaded(nlp, kb):
    evs = _events(nlp, kb, "L'invasion de la Géorgie a duré cinq jours en 2008.", OP)
    assert _has(evs, opponent="georgia")


def test_a_ministry_that_strikes_stands_for_its_state(nlp, kb):
    evs = _events(
        nlp,
        kb,
        "Le ministère russe de la Défense a affirmé avoir frappé des dépôts de munitions "
        "près de Kharkiv.",
        OP,
    )
    assert _has(evs, agent="russia")


def test_insurgents_are_the_armed_group_the_article_names(nlp, kb):
    text = (
        "Les combattants du Hamas ont franchi la clôture à l'aube. Le Hamas a revendiqué "
        "l'opération. Les insurgés se sont emparés de la ville de Sdérot en quelques heures."
    )
    evs = _events(nlp, kb, text, OP)
    assert _has(evs, agent="hamas")


def test_his_men_act_for_the_leader_who_speaks(nlp, kb):
    evs = _events(
        nlp,
        kb,
        "Le chef du Hezbollah a annoncé que ses hommes avaient attaqué une base israélienne.",
        OP,
    )
    assert _has(evs, agent="hezbollah")


def test_his_fighters_in_a_coordinated_capture_act_for_the_group(nlp, kb):
    evs = _events(
        nlp,
        kb,
        "Le chef de Wagner a déclaré que ses combattants étaient arrivés dans la nuit et "
        "s'étaient emparés, sans résistance, de l'aéroport de Bangui.",
        OP,
    )
    assert _has(evs, agent="wagner-group")


def test_a_demonym_after_a_nominal_trigger_names_the_attacker(nlp, kb):
    evs = _events(
        nlp,
        kb,
        "Douze civils ont été tués dans des frappes russes mercredi soir à Kharkiv.",
        OP,
    )
    assert _has(evs, agent="russia")


# ------------------------------------------------------------- whom and where
def test_invaded_by_the_clause_subject_is_the_target(nlp, kb):
    evs = _events(
        nlp,
        kb,
        "Envahie par l'Allemagne en 1940, la Norvège a été occupée pendant cinq ans.",
        OP,
    )
    assert _has(evs, agent="germany", opponent="norway")
    assert not _has(evs, agent="norway")


def test_coordinated_places_share_the_preposition(nlp, kb):
    evs = _events(
        nlp,
        kb,
        "L'armée russe a lancé une attaque de drones contre Odessa et Kharkiv dimanche.",
        OP,
    )
    assert _has(evs, place="odesa") and _has(evs, place="kharkiv")


def test_southern_lebanon_is_a_place(nlp, kb):
    evs = _events(
        nlp, kb, "L'armée israélienne a mené une incursion terrestre dans le sud du Liban.", OP
    )
    assert _has(evs, place="south-lebanon")


def test_a_salvo_of_missiles_on_a_city_is_an_operation(nlp, kb):
    evs = _events(
        nlp, kb, "La Russie a envoyé dans la nuit une salve de missiles sur Zaporijia.", OP
    )
    assert _has(evs, agent="russia", place="zaporizhzhia")


def test_destroying_materiel_of_the_other_side_is_an_operation(nlp, kb):
    evs = _events(
        nlp, kb, "L'armée ukrainienne a détruit quatre chars russes près de Bakhmout.", OP
    )
    assert _has(evs, opponent="russia")


# ------------------------------------------------------------- not operations
def test_resuming_hostilities_is_not_a_capture(nlp, kb):
    evs = _events(nlp, kb, "Les rebelles du M23 ont repris les hostilités en janvier.", OP)
    assert evs == []


def test_retaking_a_town_is_a_capture(nlp, kb):
    evs = _events(nlp, kb, "L'armée ukrainienne a repris la ville de Kherson en novembre.", OP)
    assert _has(evs, place="kherson")


def test_occupied_territories_are_not_an_operation(nlp, kb):
    evs = _events(
        nlp,
        kb,
        "Les habitants des zones occupées de Zaporijia ont voté sous la contrainte.",
        OP,
    )
    assert evs == []


def test_a_weapon_alone_is_no_operation(nlp, kb):
    evs = _events(
        nlp, kb, "Selon l'armée, la défense antiaérienne en a abattu six dans la nuit.", OP
    )
    assert all(set(r for r, _ in ev.roles) != {"weapon"} for ev in evs)


def test_destruction_without_anyone_acting_is_no_operation(nlp, kb):
    evs = _events(nlp, kb, "L'explosion a détruit une partie du pont de Crimée.", OP)
    assert evs == []


def test_using_a_veto_is_no_operation(nlp, kb):
    evs = _events(nlp, kb, "La Chine a utilisé son veto au Conseil de sécurité.", OP)
    assert evs == []


def test_an_offensive_launched_is_one_operation_not_a_test(nlp, kb):
    r = extract_text(
        nlp, kb, "L'Azerbaïdjan a lancé une offensive éclair contre l'Arménie en septembre."
    )
    kinds = [c.event.kind for c in r.claims]
    assert OP in kinds and TEST not in kinds


# ------------------------------------------------------------- weapon tests
def test_a_missile_launched_as_main_verb_is_a_test_by_its_subject(nlp, kb):
    evs = _events(
        nlp, kb, "La veille, Pyongyang avait lancé un missile balistique intercontinental.", TEST
    )
    assert _has(evs, agent="north-korea")


def test_missiles_launched_at_a_city_are_an_operation(nlp, kb):
    evs = _events(nlp, kb, "L'Iran a lancé des missiles balistiques sur Tel-Aviv.", OP)
    assert _has(evs, agent="iran")


def test_a_test_without_a_named_shooter_is_by_the_weapon_s_state(nlp, kb):
    evs = _events(nlp, kb, "Un Hwasong-18 a été tiré en mer du Japon lundi matin.", TEST)
    assert _has(evs, agent="north-korea", weapon="hwasong-18")


def test_a_class_before_the_named_system_is_the_same_missile(nlp, kb):
    evs = _events(
        nlp,
        kb,
        "La Corée du Nord a tiré lundi un missile balistique intercontinental Hwasong-18 "
        "en mer du Japon.",
        TEST,
    )
    assert [ev.role("weapon") for ev in evs] == [("hwasong-18",)]


def test_warships_firing_missiles_are_not_testing_them(nlp, kb):
    evs = _events(
        nlp, kb, "Des navires et un sous-marin tiraient des missiles de croisière Tomahawk.", TEST
    )
    assert evs == []


def test_the_invasion_of_a_capital_standing_for_its_state_is_by_that_state(nlp, kb):
    by_capital = _events(nlp, kb, "Pékin a promis d'aider l'invasion de Moscou.", OP)
    of_country = _events(nlp, kb, "Pékin a condamné l'invasion de la Russie en 2025.", OP)
    assert _has(by_capital, agent="russia") and not _has(by_capital, opponent="russia")
    assert _has(of_country, opponent="russia")


# ------------------------------------------------ coordination and nesting
def test_each_place_coordinated_under_a_capture_is_a_capture_of_its_own(nlp, kb):
    evs = _events(
        nlp,
        kb,
        "Les rebelles du M23 se sont emparés de Goma le 27 janvier, puis de Bukavu et d'Uvira.",
        OP,
    )
    for place in ("goma", "bukavu", "uvira"):
        assert any(ev.role("place") == (place,) and "m23" in ev.role("agent") for ev in evs)


def test_an_attack_inside_a_retaliation_keeps_its_own_agent_and_place(nlp, kb):
    text = (
        "Les Etats-Unis ont mené mardi une série de frappes contre des positions des rebelles "
        "houthis, en représailles aux attaques du mouvement contre des navires en mer Rouge."
    )
    evs = _events(nlp, kb, text, OP)
    assert _has(evs, agent="houthis", place="red-sea")
    us = [ev for ev in evs if "united-states" in ev.role("agent")]
    assert us and all("red-sea" not in ev.role("place") for ev in us)


def test_a_clash_does_not_take_the_places_of_a_coordinated_noun(nlp, kb):
    text = (
        "Vingt soldats ont été tués lors des affrontements à Goma, un revers subi par "
        "l'armée en Afrique."
    )
    evs = _events(nlp, kb, text, OP)
    assert _has(evs, place="goma")
    assert not _has(evs, place="afrique")


def test_a_landmark_south_of_a_town_is_not_the_place_of_the_attack(nlp, kb):
    text = "Le Hezbollah a revendiqué une attaque contre un convoi israélien au sud de Tyr."
    evs = _events(nlp, kb, text, OP)
    assert _has(evs, agent="hezbollah")
    assert all(not ev.role("place") for ev in evs)


# ------------------------------------------------ what is not an operation
def test_an_authorised_strike_is_not_one(nlp, kb):
    evs = _events(nlp, kb, "Le ministère a autorisé l'armée à bombarder les positions du M23.", OP)
    assert evs == []


def test_a_promised_retaliation_is_not_one(nlp, kb):
    evs = _events(nlp, kb, "Les rebelles du M23 promettent de riposter.", OP)
    assert evs == []


# ------------------------------------------------ targets
def test_a_possessive_target_belongs_to_the_accuser(nlp, kb):
    text = (
        "Samedi, l'Arménie a accusé l'Azerbaïdjan d'avoir tiré des obus sur trois de ses "
        "villages frontaliers."
    )
    evs = _events(nlp, kb, text, OP)
    assert _has(evs, agent="azerbaijan", opponent="armenia")


def test_a_wave_of_missiles_through_a_noun_of_amount_is_an_operation(nlp, kb):
    text = "Lundi, une vague d'une quarantaine de missiles russes a frappé Kharkiv et Soumy."
    evs = _events(nlp, kb, text, OP)
    assert _has(evs, agent="russia", place="kharkiv")


def test_weapons_used_against_airfields_by_a_clitic_object(nlp, kb):
    text = (
        "Les forces géorgiennes les ont employés pour la première fois contre deux "
        "aérodromes à Soukhoumi et Gagra."
    )
    evs = _events(nlp, kb, text, OP)
    assert _has(evs, place="soukhoumi") or _has(evs, place="sukhumi")


# ------------------------------------------------ a march on a city
def test_fighters_marching_on_a_capital_through_regions_is_an_operation(nlp, kb):
    text = (
        "Les combattants de Wagner ont entamé une marche sur Moscou à travers les régions "
        "de Voronej et de Lipetsk."
    )
    evs = _events(nlp, kb, text, OP)
    assert _has(evs, agent="wagner-group", place="voronej")
    assert _has(evs, agent="wagner-group", place="lipetsk")


def test_a_march_of_demonstrators_is_no_operation(nlp, kb):
    evs = _events(nlp, kb, "Des milliers de manifestants ont entamé une marche sur Washington.", OP)
    assert evs == []


def test_a_threatened_march_is_no_operation(nlp, kb):
    evs = _events(nlp, kb, "Le M23 menace de marcher sur Kinshasa.", OP)
    assert evs == []


def test_an_attack_drone_is_a_class_of_arms_not_an_attack(nlp, kb):
    evs = _events(nlp, kb, "La Turquie a vendu des drones d'attaque au Niger l'an dernier.", OP)
    assert evs == []


def test_his_movement_attacks_are_by_the_group_the_article_names(nlp, kb):
    text = (
        "Le M23 contrôle plusieurs villes du Kivu. L'armée congolaise répond aux attaques "
        "répétées du mouvement contre ses positions à Sake."
    )
    evs = _events(nlp, kb, text, OP)
    assert _has(evs, agent="m23")


def test_the_demonym_of_the_arms_fired_names_the_attacker(nlp, kb):
    evs = _events(
        nlp, kb, "Des frappes de drones ukrainiens ont visé une raffinerie à Touapsé.", OP
    )
    assert _has(evs, agent="ukraine")


# ------------------------------------------------ entering a city
def test_an_armed_group_entering_a_city_takes_it(nlp, kb):
    evs = _events(nlp, kb, "Les rebelles du M23 sont entrés dans Goma.", OP)
    assert _has(evs, agent="m23", place="goma")


def test_entering_the_capital_after_a_capture_is_an_operation_of_its_own(nlp, kb):
    text = (
        "La Syrie est en guerre depuis 2011. Les rebelles du M23 se sont emparés d'Alep le "
        "30 novembre, avant d'entrer dimanche dans la capitale sans rencontrer de résistance."
    )
    evs = _events(nlp, kb, text, OP)
    assert any(ev.role("place") == ("aleppo",) for ev in evs)
    assert any(ev.role("place") == ("damascus",) and "m23" in ev.role("agent") for ev in evs)


@pytest.mark.parametrize(
    "text",
    [
        "Le président est entré dans Goma.",
        "Les mercenaires de Wagner sont entrés en Russie.",
        "Le traité est entré en vigueur.",
    ],
)
def test_entering_is_an_operation_only_for_fighters_entering_a_city(nlp, kb, text):
    assert _events(nlp, kb, text, OP) == []


def test_the_capital_entered_is_that_of_the_country_of_the_towns_taken(nlp, kb):
    text = (
        "La Russie soutient le régime. La Russie dispose d'une base à Tartous. Les rebelles "
        "du M23 se sont emparés d'Alep et de Homs, avant d'entrer dans la capitale."
    )
    evs = _events(nlp, kb, text, OP)
    assert _has(evs, agent="m23", place="damascus")
    assert not _has(evs, place="moscow")


def test_a_demonstrative_enclave_as_target_is_the_place_named_before(nlp, kb):
    text = (
        "Les rebelles tiennent toujours Idleb. L'armée syrienne a lancé mardi une offensive "
        "contre cette enclave."
    )
    evs = _events(nlp, kb, text, OP)
    assert _has(evs, agent="syrian-armed-forces", place="idlib")


def test_strikes_in_retaliation_are_one_operation(nlp, kb):
    text = "L'armée israélienne a frappé mardi des positions du Hezbollah en représailles."
    evs = _events(nlp, kb, text, OP)
    assert len(evs) == 1 and _has(evs, opponent="hezbollah")


def test_the_named_member_of_the_targets_is_the_place(nlp, kb):
    text = (
        "Samedi, l'Inde a accusé le Pakistan d'avoir tiré des missiles sur trois de ses bases "
        "aériennes, dont celle de Srinagar."
    )
    evs = _events(nlp, kb, text, OP)
    assert _has(evs, agent="pakistan", opponent="india", place="srinagar")


def test_a_quantified_possessive_target(nlp, kb):
    text = (
        "Samedi, l'Arménie a accusé l'Azerbaïdjan d'avoir tiré des obus sur plusieurs de ses "
        "villes, dont celle de Goris."
    )
    evs = _events(nlp, kb, text, OP)
    assert _has(evs, agent="azerbaijan", opponent="armenia")


def test_places_hung_on_the_amount_noun_share_the_first_preposition(nlp, kb):
    text = (
        "Lundi, la Russie a lancé une vague d'une quarantaine de missiles sur Kiev, Dnipro "
        "et Kryvyï Rih."
    )
    evs = _events(nlp, kb, text, OP)
    for place in ("kyiv", "dnipro", "kryvyi-rih"):
        assert _has(evs, agent="russia", place=place)


def test_who_suffers_a_barrage_is_its_target(nlp, kb):
    evs = _events(
        nlp, kb, "L'Ukraine a subi lundi une vague d'une quarantaine de missiles russes.", OP
    )
    assert _has(evs, agent="russia", opponent="ukraine")
    assert not _has(evs, agent="ukraine")


@pytest.mark.parametrize(
    "text",
    [
        "Le M23 a pris Goma en janvier.",
        "Les rebelles du M23 ont pris la ville de Goma.",
    ],
)
def test_prendre_a_place_is_a_capture(nlp, kb, text):
    events = _events(nlp, kb, text, EventKind.MILITARY_OPERATION)
    assert _has(events, agent="m23", place="goma")


@pytest.mark.parametrize(
    "text",
    [
        "La Russie a pris des sanctions contre l'Ukraine.",
        "Le ministre a pris l'avion pour Kiev.",
        "Vladimir Poutine a pris la parole à Moscou.",
    ],
)
def test_prendre_something_else_is_no_operation(nlp, kb, text):
    assert not _events(nlp, kb, text, EventKind.MILITARY_OPERATION)
