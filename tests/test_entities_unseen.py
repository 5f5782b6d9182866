"""Entities of conflicts the project was not built on: mechanisms and KB coverage.

The mechanisms: a person named after a title ("le ministre bélarusse de la
Défense X Y"), a weapon named after its class noun ("des missiles Zorvak"),
hyphenated descriptor kinds of every state ("les garde-côtes philippins",
"l'état-major israélien"), the junta as a state's government, an acronym in
parentheses that joins the body before it, a demonym the tagger reads as a
noun ("le président kényan"). Made-up names are absent from the KB on
purpose; the sentences are written for these tests.
"""

from __future__ import annotations

import pytest

from newskg.model import EntityKind


def _resolve(nlp, kb, text: str):
    from newskg.extract.entities import resolve_mentions

    return resolve_mentions(nlp(text), kb)


def _spans(nlp, text: str) -> list[tuple[str, str, str]]:
    from newskg.nlp.mentions import SPANS_KEY

    doc = nlp(text)
    return [(s.text, s.label_, s.kb_id_) for s in doc.spans[SPANS_KEY]]


def _persons(nlp, text: str) -> set[str]:
    return {t for t, label, _ in _spans(nlp, text) if label == EntityKind.PERSON.value}


# ------------------------------------------------------------------ title + name
@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "name"),
    [
        # the NER reads "Défense Viktar" as one MISC name
        ("Le ministre bélarusse de la Défense Viktar Khrenine a démenti.", "Viktar Khrenine"),
        # the NER misses the name after a title with a nationality
        (
            "Le Premier ministre éthiopien Abiyu Tadesse a rencontré son homologue.",
            "Abiyu Tadesse",
        ),
        # a hyphenated first name, read as MISC
        ("Le ministre russe Rouslan-Bek Temirov est arrivé à Bakou.", "Rouslan-Bek Temirov"),
        # a portfolio with a lower-case head and a nationality
        ("Le chef de l'armée syldave, le général Ottokar Kropow, a parlé.", "Ottokar Kropow"),
    ],
)
def test_the_name_after_a_title_is_a_person(nlp, text, name):
    assert name in _persons(nlp, text)


@pytest.mark.model
def test_a_title_before_a_kb_body_skips_it_and_keeps_kb_people(nlp, kb):
    rm = _resolve(nlp, kb, "Le chef du Hezbollah Naïm Qassem a menacé le président Tesfay Gebru.")
    assert "naim-qassem" in rm.entities and "hezbollah" in rm.entities
    assert rm.entities["tesfay-gebru"].kind is EntityKind.PERSON


@pytest.mark.model
def test_a_capitalised_word_after_a_title_alone_is_not_a_person(nlp):
    assert _persons(nlp, "Le ministre de la Défense a démenti.") == set()


# ------------------------------------------------------------------ weapon names
@pytest.mark.model
def test_a_name_after_a_weapon_noun_and_its_qualifiers_is_a_weapon(nlp):
    spans = _spans(nlp, "La Russie a testé le missile intercontinental Krovan.")
    assert ("missile intercontinental Krovan", "WeaponSystem", "") in spans


@pytest.mark.model
def test_names_coordinated_after_a_weapon_noun_are_weapons(nlp):
    spans = _spans(nlp, "Les Houthis ont lancé des missiles Zorvak et Kelmar sur Eilat.")
    weapons = {t for t, label, _ in spans if label == "WeaponSystem"}
    assert weapons == {"missiles Zorvak", "Kelmar"}
    assert ("Eilat", "Place", "eilat") in spans


@pytest.mark.model
def test_a_kb_name_of_another_kind_ends_a_weapon_name(nlp):
    spans = _spans(nlp, "Ils ont livré des missiles Hellfire OTAN.")
    assert ("Hellfire", "WeaponSystem", "hellfire") in spans or (
        "missiles Hellfire",
        "WeaponSystem",
        "hellfire",
    ) in spans
    assert not any("OTAN" in t for t, label, _ in spans if label == "WeaponSystem")


@pytest.mark.model
def test_a_kb_system_inside_a_named_weapon_phrase_stays_linked(nlp):
    spans = _spans(nlp, "La France a livré des chars légers AMX-10 RC à Kiev.")
    assert ("AMX-10 RC", "WeaponSystem", "amx-10-rc") in spans


# ------------------------------------------------------------------ agency kinds
@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "key", "kind"),
    [
        (
            "Les garde-côtes philippins ont escorté le navire.",
            "philippines-coast-guard",
            "ArmedForce",
        ),
        ("Les gardes-frontières polonais ont fermé le poste.", "poland-border-guard", "ArmedForce"),
        ("L'état-major israélien a publié un bilan.", "israel-general-staff", "ArmedForce"),
        (
            "La Garde nationale ukrainienne a repoussé l'assaut.",
            "ukraine-national-guard",
            "ArmedForce",
        ),
        ("La junte birmane a annoncé des élections.", "myanmar-government", "GovernmentBody"),
    ],
)
def test_hyphenated_and_new_descriptor_kinds_name_the_states_body(nlp, kb, text, key, kind):
    rm = _resolve(nlp, kb, text)
    assert key in rm.entities, sorted(rm.entities)
    assert rm.entities[key].kind.value == kind


@pytest.mark.model
def test_an_adjective_descriptor_is_not_the_body(nlp, kb):
    rm = _resolve(nlp, kb, "L'aviation a frappé une base militaire colombienne.")
    assert "colombia-armed-forces" not in rm.entities


@pytest.mark.model
def test_the_general_staff_kind_finds_the_kb_staffs(nlp, kb):
    rm = _resolve(nlp, kb, "L'état-major ukrainien a démenti.")
    assert "ukrainian-general-staff" in rm.entities


# ------------------------------------------------------------------ acronyms, demonyms
@pytest.mark.model
def test_an_acronym_in_parentheses_joins_the_body_before_it(nlp, kb):
    rm = _resolve(
        nlp,
        kb,
        "Les services de renseignement turcs (MIT) ont arrêté un espion. Le MIT a confirmé.",
    )
    assert "mit" not in rm.entities
    assert "MIT" in rm.entities["turkish-mit"].names


@pytest.mark.model
def test_a_demonym_tagged_as_a_noun_still_mentions_its_state(nlp, kb):
    rm = _resolve(nlp, kb, "Le président kényan Otieno Kamau a appelé au calme.")
    assert "kenya" in rm.entities


# ------------------------------------------------------------------ KB coverage
@pytest.mark.parametrize(
    ("name", "key", "kind"),
    [
        ("TPLF", "tplf", EntityKind.ARMED_GROUP),
        ("Armée d'Arakan", "arakan-army", EntityKind.ARMED_GROUP),
        ("ELN", "eln", EntityKind.ARMED_GROUP),
        ("FARC", "farc", EntityKind.ARMED_GROUP),
        ("Front Polisario", "polisario-front", EntityKind.ARMED_GROUP),
        ("Alliance des trois fraternités", "three-brotherhood-alliance", EntityKind.ARMED_GROUP),
        ("Tatmadaw", "myanmar-armed-forces", EntityKind.ARMED_FORCE),
        ("armée éthiopienne", "ethiopian-national-defense-force", EntityKind.ARMED_FORCE),
        ("Bassidj", "basij", EntityKind.ARMED_FORCE),
        ("mer Rouge", "red-sea", EntityKind.PLACE),
        ("détroit d'Ormuz", "strait-of-hormuz", EntityKind.PLACE),
        ("mer de Chine méridionale", "south-china-sea", EntityKind.PLACE),
        ("Haut-Karabakh", "nagorno-karabakh", EntityKind.PLACE),
        ("Cachemire", "kashmir", EntityKind.PLACE),
        ("Min Aung Hlaing", "min-aung-hlaing", EntityKind.PERSON),
        ("Abiy Ahmed", "abiy-ahmed", EntityKind.PERSON),
        ("Sarmat", "sarmat", EntityKind.WEAPON_SYSTEM),
        ("missiles Milan", "milan", EntityKind.WEAPON_SYSTEM),
        ("Ka-52", "ka-52", EntityKind.WEAPON_SYSTEM),
        ("drones navals", "naval-drone", EntityKind.WEAPON_SYSTEM),
    ],
)
def test_the_kb_knows_other_conflicts(kb, name, key, kind):
    found = kb.lookup(name)
    assert [e.key for e in found] == [key]
    assert found[0].kind is kind


def test_city_and_surname_homonyms_are_not_weapon_names(kb):
    assert all(e.kind is not EntityKind.WEAPON_SYSTEM for e in kb.lookup("Milan"))
    assert all(e.kind is not EntityKind.WEAPON_SYSTEM for e in kb.lookup("Leclerc"))
    assert all(e.kind is not EntityKind.WEAPON_SYSTEM for e in kb.lookup("Qassam"))


# ------------------------------------------------------------------ a body and its name
@pytest.mark.model
def test_a_descriptor_right_before_its_kb_name_is_that_body(nlp, kb):
    rm = _resolve(nlp, kb, "L'agence de presse officielle iranienne Irna a annoncé le test.")
    assert "iran-state-media" not in rm.entities
    assert "agence de presse officielle iranienne" in rm.entities["irna"].names


@pytest.mark.model
def test_an_unknown_acronym_after_a_news_agency_is_its_name(nlp, kb):
    rm = _resolve(nlp, kb, "L'agence de presse officielle saoudienne SPA a rapporté la rencontre.")
    assert "spa" not in rm.entities
    assert "SPA" in rm.entities["saudi-press-agency"].names


@pytest.mark.model
def test_a_known_name_after_a_news_agency_is_not_its_acronym(nlp, kb):
    rm = _resolve(nlp, kb, "Selon l'agence Tass RIA, rien.")
    assert "RIA" not in rm.entities["tass"].names


@pytest.mark.model
def test_a_designation_ending_a_sentence_is_split_from_its_full_stop(nlp):
    doc = nlp("Israël a frappé avec des avions F-15I. Puis la Chine a montré ses J-10C.")
    assert "F-15I" in [t.text for t in doc] and "J-10C" in [t.text for t in doc]
    assert len(list(doc.sents)) == 2


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Le Front de libération du Vardaland a attaqué un convoi.",
        "Les Brigades des martyrs de Zorvak ont revendiqué l'attaque.",
    ],
)
def test_a_liberation_front_or_brigades_the_kb_does_not_know_is_an_armed_group(nlp, text):
    kinds = {label for _, label, _ in _spans(nlp, text)}
    assert kinds == {"ArmedGroup"}
