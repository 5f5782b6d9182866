"""Casualty frames: whose losses, which figures, and figures kept with their statement.

Each case runs one short French text, written for these tests, through the
real pipeline (marked ``model``) and checks the casualty events it yields:
the affected side (the subject of *perdre* is the side that loses, never the
place), the side that counts its own losses (a relative or subject pronoun,
a spokesperson, an armed group), the actor named in the victims' complement
before a demonym, and figures of different estimates never put in one event.
"""

from __future__ import annotations

import pytest

from article_helpers import extract_text
from newskg.model import EventKind, Measure, PartialDate

pytestmark = pytest.mark.model

_PUBLISHED = PartialDate(2025, 3, 20)


def _tolls(nlp, kb, text: str) -> list[tuple[set[str], dict[Measure, int | None]]]:
    """(affected keys, {measure: value}) of every casualty event of ``text``."""
    result = extract_text(nlp, kb, text, published=_PUBLISHED)
    return [
        (set(c.event.role("affected")), {q.measure: q.value for q in c.event.quantities})
        for c in result.claims
        if c.event.kind is EventKind.CASUALTIES
    ]


def test_the_subject_of_perdre_is_the_side_that_loses_not_the_place(nlp, kb):
    tolls = _tolls(
        nlp, kb, "La France a perdu plus de 9.000 soldats tués ou blessés au Mali, selon Paris."
    )
    assert any(
        "france" in affected and figures == {Measure.KILLED_OR_WOUNDED: 9000}
        for affected, figures in tolls
    ), tolls
    assert not any("mali" in affected for affected, _ in tolls), tolls


def test_a_killed_or_wounded_total_never_joins_separate_figures(nlp, kb):
    text = (
        "L'armée russe a perdu 5 200 hommes et 3 100 blessés selon Kiev, "
        "mais 800 tués ou blessés selon Moscou."
    )
    tolls = _tolls(nlp, kb, text)
    figures = [f for _, f in tolls]
    assert {Measure.KILLED_OR_WOUNDED: 800} in figures, tolls
    for f in figures:
        assert not (Measure.KILLED_OR_WOUNDED in f and {Measure.KILLED, Measure.WOUNDED} & set(f))
    assert not any(f.get(Measure.KILLED) == 800 for f in figures), tolls


def test_a_toll_predicated_of_a_casualty_noun_takes_its_demonym(nlp, kb):
    tolls = _tolls(nlp, kb, "Les pertes russes s'élèvent à 5 200 tués et 3 100 blessés.")
    assert any(
        "russia" in a and f == {Measure.KILLED: 5200, Measure.WOUNDED: 3100} for a, f in tolls
    ), tolls


def test_figures_coordinated_by_ou_make_one_total(nlp, kb):
    tolls = _tolls(nlp, kb, "Les combats ont fait 350 tués ou blessés côté polonais.")
    assert any(f == {Measure.KILLED_OR_WOUNDED: 350} for _, f in tolls), tolls


def test_a_group_named_in_the_victims_complement_beats_the_demonym(nlp, kb):
    tolls = _tolls(
        nlp, kb, "Les rebelles ont affirmé avoir tué 63 combattants du groupe russe Wagner."
    )
    assert any("wagner-group" in a and f == {Measure.KILLED: 63} for a, f in tolls), tolls
    assert not any("russia" in a for a, _ in tolls), tolls


def test_a_body_introduced_by_a_relative_pronoun_counts_its_own_losses(nlp, kb):
    text = (
        "L'armée nigérienne, qui avait d'abord annoncé la mort de six soldats, "
        "a reconnu mardi des pertes plus lourdes."
    )
    tolls = _tolls(nlp, kb, text)
    assert any(
        a & {"niger", "nigerien-armed-forces"} and f == {Measure.KILLED: 6} for a, f in tolls
    ), tolls


def test_a_pronoun_continuing_the_previous_subject_counts_its_own_losses(nlp, kb):
    text = (
        "L'armée tchadienne a publié un communiqué lundi. "
        "Elle a annoncé que 14 militaires avaient péri lors de l'embuscade."
    )
    tolls = _tolls(nlp, kb, text)
    assert any(
        a & {"chad", "chadian-armed-forces"} and f == {Measure.KILLED: 14} for a, f in tolls
    ), tolls


def test_a_spokesperson_reports_the_losses_of_the_group_he_speaks_for(nlp, kb):
    text = (
        "Le porte-parole du Hezbollah a fait état de frappes qui ont tué sept combattants "
        "et en ont blessé douze."
    )
    tolls = _tolls(nlp, kb, text)
    assert any(
        "hezbollah" in a and f == {Measure.KILLED: 7, Measure.WOUNDED: 12} for a, f in tolls
    ), tolls


def test_a_president_reporting_a_toll_is_not_taken_for_its_side(nlp, kb):
    tolls = _tolls(nlp, kb, "Le président américain a fait état de 45 morts dans ces frappes.")
    assert tolls and not any("united-states" in a for a, _ in tolls), tolls


def test_a_side_claiming_its_own_kills_is_not_the_affected_side(nlp, kb):
    tolls = _tolls(nlp, kb, "L'armée polonaise a annoncé avoir tué 25 assaillants.")
    assert not any("poland" in a for a, _ in tolls), tolls


def test_a_clash_toll_affects_both_parties(nlp, kb):
    tolls = _tolls(nlp, kb, "Les combats entre la Thaïlande et le Cambodge ont fait 32 morts.")
    assert any({"thailand", "cambodia"} <= a and f == {Measure.KILLED: 32} for a, f in tolls), tolls


def test_one_victim_named_with_an_indefinite_article_counts_one(nlp, kb):
    tolls = _tolls(nlp, kb, "Un soldat estonien a été tué et trois autres blessés.")
    assert any(f == {Measure.KILLED: 1, Measure.WOUNDED: 3} for _, f in tolls), tolls


def test_one_aircraft_shot_down_is_one_destroyed(nlp, kb):
    tolls = _tolls(nlp, kb, "La défense aérienne syrienne a abattu un hélicoptère militaire.")
    assert any(f == {Measure.DESTROYED: 1} for _, f in tolls), tolls


def test_an_indefinite_article_without_a_casualty_gives_no_figure(nlp, kb):
    assert not _tolls(nlp, kb, "Un rapport a été publié sur le bilan des frappes.")


def test_an_amount_of_victims_takes_the_verb_measure(nlp, kb):
    tolls = _tolls(nlp, kb, "L'armée a affirmé avoir tué une centaine de rebelles.")
    assert any(f == {Measure.KILLED: 100} for _, f in tolls), tolls


def test_couter_la_vie_counts_the_dead_of_its_a_complement(nlp, kb):
    tolls = _tolls(nlp, kb, "Le bombardement a coûté la vie à 17 civils géorgiens.")
    assert any("georgia" in a and f == {Measure.KILLED: 17} for a, f in tolls), tolls


def test_victims_parsed_as_a_modifier_keep_the_verb_measure(nlp, kb):
    tolls = _tolls(nlp, kb, "Au moins 2.340 personnes ont été tuées dans la région.")
    assert any(f == {Measure.KILLED: 2340} for _, f in tolls), tolls


def test_a_toll_in_a_territory_affects_the_state_it_lies_in(nlp, kb):
    tolls = _tolls(nlp, kb, "Neuf soldats ont été tués en Cisjordanie.")
    assert any("palestine" in a and f == {Measure.KILLED: 9} for a, f in tolls), tolls


def test_a_local_body_named_after_a_place_counts_that_places_dead(nlp, kb):
    text = "Le ministère de la Santé de Gaza a fait état de 31 morts dans des frappes aériennes."
    tolls = _tolls(nlp, kb, text)
    assert any("palestine" in a and f == {Measure.KILLED: 31} for a, f in tolls), tolls


def test_a_counting_verb_after_de_son_cote_still_counts_own_losses(nlp, kb):
    text = (
        "Le ministère zambien de la Défense a de son côté annoncé jeudi que 14 soldats "
        "avaient péri et que 30 autres avaient été blessés."
    )
    tolls = _tolls(nlp, kb, text)
    assert any(
        "zambia" in a and f == {Measure.KILLED: 14, Measure.WOUNDED: 30} for a, f in tolls
    ), tolls
    tolls = _tolls(nlp, kb, "Lusaka a de son côté dénombré neuf soldats tués.")
    assert any("zambia" in a and f == {Measure.KILLED: 9} for a, f in tolls), tolls


def test_the_target_of_the_attack_behind_a_toll_suffers_it_not_the_attacker(nlp, kb):
    tolls = _tolls(nlp, kb, "Les frappes aériennes contre Marioupol ont fait 14 morts.")
    assert any("ukraine" in a and f == {Measure.KILLED: 14} for a, f in tolls), tolls
    tolls = _tolls(nlp, kb, "Les frappes américaines contre les Houthis ont tué six combattants.")
    assert any("houthis" in a for a, _ in tolls), tolls
    assert not any("united-states" in a for a, _ in tolls), tolls


def test_a_partitive_figure_of_materiel_shot_down_takes_the_owner(nlp, kb):
    text = "La défense aérienne roumaine a abattu quatre des sept drones russes."
    tolls = _tolls(nlp, kb, text)
    assert any("russia" in a and f == {Measure.DESTROYED: 4} for a, f in tolls), tolls
    assert not any("romania" in a for a, _ in tolls), tolls


def test_bare_insurgent_victims_are_the_armed_group_the_article_names(nlp, kb):
    text = (
        "Les shebab ont attaqué une base militaire près de Mogadiscio. "
        "L'armée somalienne a riposté en tuant 14 insurgés."
    )
    tolls = _tolls(nlp, kb, text)
    assert any("al-shabaab" in a and f == {Measure.KILLED: 14} for a, f in tolls), tolls


def test_the_group_that_claims_the_kills_is_never_their_victim(nlp, kb):
    text = (
        "Les shebab ont attaqué une base militaire près de Mogadiscio. "
        "Ils affirment avoir tué 20 miliciens."
    )
    tolls = _tolls(nlp, kb, text)
    assert tolls and not any("al-shabaab" in a for a, _ in tolls), tolls


def test_a_partitive_figure_is_read_whatever_label_the_parser_gives_it(nlp):
    from spacy.tokens import Doc

    from newskg.extract.events.casualties import _partitive_figure

    words = ["ils", "ont", "coulé", "trois", "de", "leurs", "vedettes"]
    heads = [2, 2, 2, 2, 6, 6, 3]
    pos = ["PRON", "AUX", "VERB", "NUM", "ADP", "DET", "NOUN"]
    for label in ("obl:mod", "xcomp", "punct"):
        deps = ["nsubj", "aux:tense", "ROOT", label, "case", "det", "nmod"]
        doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos)
        assert _partitive_figure(doc[3]), label
    deps = ["nsubj", "aux:tense", "ROOT", "obl:mod", "case", "det", "nmod"]
    doc = Doc(nlp.vocab, words=words[:4], heads=heads[:4], deps=deps[:4], pos=pos[:4])
    assert not _partitive_figure(doc[3])  # a bare figure without "des N" is not one


def test_multiword_victim_nouns_carry_the_figure_and_the_nationality(nlp, kb):
    tolls = _tolls(nlp, kb, "Trois casques bleus népalais ont été tués.")
    assert any("nepal" in a and f == {Measure.KILLED: 3} for a, f in tolls), tolls


def test_the_owner_of_the_positions_an_attack_targets_suffers_its_toll(nlp, kb):
    text = "Les frappes aériennes contre des positions du M23 ont tué huit combattants."
    tolls = _tolls(nlp, kb, text)
    assert any("m23" in a and f == {Measure.KILLED: 8} for a, f in tolls), tolls


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("Au moins 17 civils ont été tués à Idleb.", "syria"),
        ("Une frappe de drone sur Goma a fait 6 morts.", "democratic-republic-of-the-congo"),
    ],
)
def test_a_toll_in_a_city_or_province_affects_its_state(nlp, kb, text, state):
    tolls = _tolls(nlp, kb, text)
    assert any(state in a for a, _ in tolls), tolls


def test_the_authorities_of_a_place_count_the_dead_of_its_state(nlp, kb):
    tolls = _tolls(nlp, kb, "Les autorités de Soumy ont publié un bilan de 11 morts.")
    assert any("ukraine" in a and f == {Measure.KILLED: 11} for a, f in tolls), tolls
    tolls = _tolls(nlp, kb, "Un bilan de 23 morts a été publié par les autorités d'Idleb.")
    assert any("syria" in a and f == {Measure.KILLED: 23} for a, f in tolls), tolls


def test_an_international_body_publishing_a_toll_is_not_its_side(nlp, kb):
    tolls = _tolls(nlp, kb, "L'ONU a publié un bilan de 300 morts.")
    assert tolls and not any(a for a, _ in tolls), tolls


# ------------------------------------------------------------- number words as heads
@pytest.mark.parametrize(
    ("text", "measure", "value"),
    [
        ("Au total, deux cents civils ont été tués.", Measure.KILLED, 200),
        ("Une cinquantaine de civils ont été blessés dans l'attaque.", Measure.WOUNDED, 50),
        ("La frappe a fait au moins 7 morts et une vingtaine de blessés.", Measure.WOUNDED, 20),
        ("Une dizaine de milliers de soldats ont été tués.", Measure.KILLED, 10000),
    ],
)
def test_a_number_word_the_parser_takes_for_the_noun_still_counts(nlp, kb, text, measure, value):
    """'deux cents civils' parsed as 'cents' qualified by 'civils': the victims are counted."""
    assert any(figures.get(measure) == value for _, figures in _tolls(nlp, kb, text))
