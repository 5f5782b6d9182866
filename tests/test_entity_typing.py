"""Typing names the KB does not know, and the state bodies generated for every state.

The first tests need no statistical model: they check the generated agencies
(:mod:`newskg.nlp.agencies`) against a small KB written here, and the page
furniture detector. The tests marked ``model`` run the real pipeline on
sentences written for them; "absent from the KB" names are made up.
"""

from __future__ import annotations

import pytest

from newskg.kb import KnowledgeBase
from newskg.model import EntityKind
from newskg.nlp.agencies import AgencyIndex, agency_kinds, compose_agency, demonym_forms
from newskg.nlp.furniture import furniture_ranges

_TINY_KB = """
@prefix kb: <https://w3id.org/newskg/kb/> .
@prefix nkg: <https://w3id.org/newskg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

kb:bordurie a nkg:State ; rdfs:label "Bordurie"@fr , "Borduria"@en ;
    nkg:demonym "bordure"@fr , "Bordurian"@en .
kb:syldavie a nkg:State ; rdfs:label "Syldavie"@fr , "Syldavia"@en ;
    nkg:demonym "syldave"@fr , "Syldavian"@en .
kb:san-theodoros a nkg:State ; rdfs:label "San Theodoros"@fr , "San Theodoros"@en .

kb:bordurian-defence-ministry a nkg:GovernmentBody ;
    rdfs:label "ministère bordure de la Défense"@fr , "Bordurian Ministry of Defence"@en ;
    nkg:affiliation kb:bordurie .
kb:bordurian-army a nkg:ArmedForce ;
    rdfs:label "Armée du Maréchal"@fr , "Marshal's Army"@en ;
    nkg:affiliation kb:bordurie .
kb:syldavian-guard a nkg:ArmedForce ;
    rdfs:label "garde royale syldave"@fr , "Syldavian Royal Guard"@en ;
    nkg:affiliation kb:syldavie .
kb:syldavian-navy a nkg:ArmedForce ;
    rdfs:label "marine syldave"@fr , "Syldavian Navy"@en ;
    nkg:affiliation kb:syldavie .
"""


@pytest.fixture(scope="module")
def tiny_kb(tmp_path_factory) -> KnowledgeBase:
    path = tmp_path_factory.mktemp("kb") / "tiny.ttl"
    path.write_text(_TINY_KB, encoding="utf-8")
    return KnowledgeBase.load([path], bundled=False)


# ------------------------------------------------------------ generated agencies
def test_demonym_forms_tell_the_french_forms_from_the_english_one():
    forms = demonym_forms(("Syldavian", "syldave", "syldaves"))
    assert (forms["ms"], forms["fs"], forms["mp"], forms["fp"]) == (
        "syldave",
        "syldave",
        "syldaves",
        "syldaves",
    )
    assert forms["en"] == "Syldavian"
    forms = demonym_forms(("Bordurian", "bordurien", "bordurienne", "borduriennes", "borduriens"))
    assert forms["fs"] == "bordurienne" and forms["mp"] == "borduriens"


def test_a_composed_agency_has_a_key_labels_and_an_affiliation(tiny_kb):
    body = compose_agency(tiny_kb, "syldavie", "defence-ministry")
    assert body.key == "syldavie-defence-ministry"
    assert body.kind is EntityKind.GOVERNMENT_BODY
    assert body.label_fr == "ministère syldave de la Défense"
    assert body.label_en == "Syldavian Ministry of Defence"
    assert body.affiliation == "syldavie"
    navy = compose_agency(tiny_kb, "bordurie", "navy")
    assert (navy.key, navy.kind, navy.label_fr) == (
        "bordurie-navy",
        EntityKind.ARMED_FORCE,
        "marine bordure",
    )
    assert compose_agency(tiny_kb, "bordurie", "intelligence").kind is (
        EntityKind.INTELLIGENCE_SERVICE
    )


def test_a_state_without_demonym_gets_a_parenthesised_label(tiny_kb):
    body = compose_agency(tiny_kb, "san-theodoros", "government")
    assert body.label_fr == "gouvernement (San Theodoros)"
    assert body.label_en == "Government (San Theodoros)"


def test_every_agency_kind_composes_for_every_state(tiny_kb):
    keys = set()
    for kid in agency_kinds():
        for state in ("bordurie", "syldavie", "san-theodoros"):
            body = compose_agency(tiny_kb, state, kid)
            assert body.key.startswith(state + "-") and body.label_fr and body.label_en
            keys.add(body.key)
    assert len(keys) == 3 * len(agency_kinds())  # one entity per state and kind


def test_the_kb_body_of_a_kind_is_found_by_its_names(tiny_kb):
    index = AgencyIndex(tiny_kb)
    assert index.find("bordurie", "defence-ministry") == "bordurian-defence-ministry"
    # the KB's only government body is a ministry: it is not the government
    assert index.find("bordurie", "government") is None
    assert index.find("syldavie", "navy") == "syldavian-navy"


def test_the_only_kb_army_is_the_default_armed_forces_not_the_air_force(tiny_kb):
    index = AgencyIndex(tiny_kb)
    assert index.find("bordurie", "armed-forces") == "bordurian-army"
    assert index.find("bordurie", "air-force") is None
    # two ArmedForce entities, neither named "forces armées syldaves": no guess
    assert index.find("syldavie", "armed-forces") is None


# ------------------------------------------------------------ page furniture
def _furniture_text(text: str) -> list[str]:
    return [text[a:b] for a, b in furniture_ranges(text)]


def test_rubric_lines_are_furniture():
    assert _furniture_text("INTERNATIONAL |\n\nLa Syldavie vote.") == ["INTERNATIONAL |"]
    assert _furniture_text("Monde | Le texte suit.") == ["Monde |"]
    assert _furniture_text("International\n\nLe texte.") == ["International"]


def test_credits_and_cross_links_are_furniture():
    found = _furniture_text("Le texte.\nCrédit photo : Jean Marchand / AFP\nLa suite.")
    assert found == ["Crédit photo : Jean Marchand / AFP"]
    found = _furniture_text("Lire aussi : Le général Karpov limogé\nLa suite.")
    assert found == ["Lire aussi : Le général Karpov limogé"]


def test_prose_is_not_furniture():
    text = "Le Monde international suit la Syldavie. Un crédit de 3 milliards a été voté."
    assert furniture_ranges(text) == []


# ------------------------------------------------------------ with the model
def _resolve(nlp, kb, text: str):
    from newskg.extract.entities import resolve_mentions

    return resolve_mentions(nlp(text), kb)


def _spans(nlp, text: str) -> list[tuple[str, str]]:
    from newskg.nlp.mentions import SPANS_KEY

    doc = nlp(text)
    return [(s.text, s.label_) for s in doc.spans[SPANS_KEY]]


@pytest.mark.model
def test_both_word_orders_name_one_generated_defence_ministry(nlp, kb):
    rm = _resolve(
        nlp,
        kb,
        "Le ministère de la Défense polonais a démenti. "
        "Le ministère polonais de la Défense a ensuite confirmé.",
    )
    ministries = [r for r in rm.entities.values() if r.kind is EntityKind.GOVERNMENT_BODY]
    assert len(ministries) == 1
    ref = ministries[0]
    assert ref.affiliation == "poland"
    assert set(ref.names) == {
        "ministère de la Défense polonais",
        "ministère polonais de la Défense",
    }
    if not ref.in_kb:
        assert ref.key == "poland-defence-ministry"
        assert ref.label == "ministère polonais de la Défense"


@pytest.mark.model
def test_each_kind_of_a_state_is_its_own_entity(nlp, kb):
    rm = _resolve(
        nlp,
        kb,
        "La marine allemande et l'armée de l'air allemande s'entraînent. "
        "Le gouvernement allemand a salué l'exercice.",
    )
    bodies = {r.key: r for r in rm.entities.values() if r.kind.is_agency}
    assert len(bodies) == 3
    assert {r.affiliation for r in bodies.values()} == {"germany"}
    for key, ref in bodies.items():
        if not ref.in_kb:
            assert key in ("germany-navy", "germany-air-force", "germany-government")


@pytest.mark.model
def test_a_government_is_not_the_states_only_listed_ministry(nlp, kb):
    rm = _resolve(nlp, kb, "Le gouvernement japonais a démissionné mardi.")
    bodies = [r for r in rm.entities.values() if r.kind.is_agency]
    assert len(bodies) == 1
    assert bodies[0].affiliation == "japan"
    assert "defence" not in bodies[0].key and "ministère" not in bodies[0].label


@pytest.mark.model
def test_descriptor_de_state_links_the_kb_body(nlp, kb):
    rm = _resolve(nlp, kb, "Le ministère de la Défense de la Russie a publié un communiqué.")
    assert "russian-defence-ministry" in rm.entities


@pytest.mark.model
def test_a_name_cut_after_its_preposition_is_joined_or_trimmed(nlp):
    spans = _spans(
        nlp, "La Commission militaire centrale du Parti communiste chinois a rencontré le ministre."
    )
    assert spans and not any(text.endswith((" du", " de")) for text, _ in spans)


@pytest.mark.model
def test_descriptors_type_unknown_names(nlp):
    assert ("Zorbak", "ArmedGroup") in _spans(nlp, "Le groupe Zorbak a revendiqué l'attaque.")
    assert ("Kravak", "ArmedGroup") in _spans(nlp, "La milice Kravak contrôle le nord du pays.")
    spans = _spans(nlp, "Le porte-avions Tramontane a quitté le port.")
    assert ("Tramontane", "WeaponSystem") in spans


@pytest.mark.model
def test_a_model_designation_alone_is_a_weapon_system(nlp):
    spans = _spans(nlp, "Selon l'armée, deux Zk-47 ont été abattus au-dessus de la ville.")
    assert ("Zk-47", "WeaponSystem") in spans


@pytest.mark.model
def test_a_title_makes_a_person_of_a_single_name(nlp, kb):
    rm = _resolve(nlp, kb, "Le général Plimpton a déclaré que la ville était tombée.")
    persons = [r for r in rm.entities.values() if r.kind is EntityKind.PERSON]
    assert [p.label for p in persons] == ["Plimpton"]


@pytest.mark.model
def test_a_passive_agent_is_an_actor_not_a_place(nlp, kb):
    rm = _resolve(nlp, kb, "Le traité a été signé par la Bordurie en mars.")
    assert rm.entities["bordurie"].kind is EntityKind.STATE


@pytest.mark.model
def test_page_furniture_and_calendar_words_are_not_entities(nlp, kb):
    text = (
        "INTERNATIONAL |\n\nVendredi, le Parlement a voté la loi.\n\n"
        "Crédit photo : Jean Marchand / Agence Tartempion"
    )
    names = {n for r in _resolve(nlp, kb, text).entities.values() for n in r.names}
    assert not names & {"INTERNATIONAL", "Vendredi", "Parlement", "Crédit", "Jean Marchand"}


@pytest.mark.model
def test_a_capitalised_common_noun_opening_a_sentence_is_not_a_name(nlp, kb):
    rm = _resolve(nlp, kb, "Cadre. Le gouvernement a salué l'accord.\n\nSanté\n\nLe texte suit.")
    names = {n for r in rm.entities.values() for n in r.names}
    assert not names & {"Cadre", "Santé"}


@pytest.mark.model
def test_a_demonym_mentions_its_state_only_on_an_actor_noun(nlp, kb):
    assert "poland" not in _resolve(nlp, kb, "Une maternité polonaise a fermé ses portes.").entities
    assert "poland" not in _resolve(nlp, kb, "La cuisine polonaise est réputée.").entities
    assert "poland" in _resolve(nlp, kb, "Des pilotes polonais sont arrivés.").entities
    assert "france" in _resolve(nlp, kb, "L'armée a reçu des obus français.").entities


@pytest.mark.model
def test_a_place_noun_opens_a_lower_case_place_name(nlp):
    assert ("mer Rouge", "Place") in _spans(nlp, "Des navires ont été attaqués en mer Rouge.")


@pytest.mark.model
def test_punctuation_cuts_a_name_from_the_descriptor_before_it(nlp, kb):
    rm = _resolve(
        nlp, kb, "La bataille sera rude, a averti un responsable du mouvement, Omar Zarbaoui."
    )
    kinds = {r.label: r.kind for r in rm.entities.values()}
    assert kinds.get("Omar Zarbaoui") is EntityKind.PERSON


@pytest.mark.model
def test_a_city_where_a_text_is_signed_is_not_a_treaty(nlp, kb):
    for text in (
        "Le cessez-le-feu a été signé à Minsk en février par les deux parties.",
        "Un accord a été signé à Minsk entre les belligérants.",
    ):
        rm = _resolve(nlp, kb, text)
        assert not [r for r in rm.entities.values() if r.kind is EntityKind.TREATY]


@pytest.mark.model
def test_a_proper_name_is_not_a_kb_name_with_one_more_s(nlp, kb):
    from newskg.nlp.mentions import _fits_proper_name

    assert _fits_proper_name("Houthis", ["Houthi"])
    assert not _fits_proper_name("Hama", ["Hamas"])
    spans = _spans(nlp, "Les rebelles sont entrés à Hama le 5 décembre.")
    assert not [text for text, label in spans if label == "ArmedGroup"]


@pytest.mark.model
def test_operation_names_and_variants_are_not_entities(nlp):
    spans = _spans(nlp, "L'armée a lancé l'opération « Tonnerre » contre la ville.")
    assert not [text for text, _ in spans if "Tonnerre" in text]
    spans = _spans(nlp, "Berlin va céder des chars de la version B7 à la Syldavie.")
    assert not [text for text, _ in spans if text == "B7"]


@pytest.mark.model
def test_people_of_two_nationalities_are_not_a_place(nlp):
    spans = _spans(nlp, "Trois Franco-Polonais figurent parmi les otages.")
    assert not [text for text, _ in spans if "Polonais" in text]


@pytest.mark.model
def test_bare_descriptors_and_titles_are_not_names(nlp, kb):
    text = (
        "Le ministère des Armées a réagi. Forces armées et Parlement se taisent. "
        "Premier ministre depuis mars, il a démissionné."
    )
    names = {n for r in _resolve(nlp, kb, text).entities.values() for n in r.names}
    assert not names & {"Armées", "Forces armées", "Parlement", "Premier ministre"}


@pytest.mark.model
def test_a_generated_agency_reaches_the_graph_with_both_labels_and_its_state(tmp_path):
    """The composed English label travels through the cache into rdfs:label@en."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDFS

    from newskg.config import DEFAULT_BASE_IRI, BuildConfig
    from newskg.namespaces import NKG
    from newskg.pipeline import build

    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "La marine polonaise a intercepté un navire en mer Baltique, a annoncé Varsovie.\n",
        encoding="utf-8",
    )
    config = BuildConfig(output_dir=tmp_path / "out", validate=False)
    build([corpus], config)
    build([corpus], config)  # the second build reads the article from the cache
    g = Graph().parse(config.graph_path)
    navy = URIRef(f"{DEFAULT_BASE_IRI}entity/poland-navy")
    assert (navy, RDFS.label, Literal("marine polonaise", lang="fr")) in g
    assert (navy, RDFS.label, Literal("Polish Navy", lang="en")) in g
    assert (navy, NKG.affiliation, URIRef(f"{DEFAULT_BASE_IRI}entity/poland")) in g


@pytest.mark.model
def test_a_proper_name_written_in_lower_case_is_the_common_word(nlp, kb):
    """KB names are matched whatever the case, except that a name every alias of which is
    capitalised does not match the same letters in lower case."""
    rafale = [e.key for e in kb.lookup("Rafale") if e.kind is EntityKind.WEAPON_SYSTEM]
    assert rafale, "the bundled KB knows the Rafale"
    common = _resolve(nlp, kb, "Une rafale de tirs a retenti près du poste frontière.")
    assert rafale[0] not in common.entities
    proper = _resolve(nlp, kb, "L'Inde a commandé vingt-six Rafale à la France.")
    assert rafale[0] in proper.entities
    # an alias written in lower case still matches lower-case text
    assert any(
        r.kind is EntityKind.WEAPON_SYSTEM
        for r in _resolve(nlp, kb, "Ils ont tiré un missile balistique.").entities.values()
    )


@pytest.mark.model
def test_a_states_body_mentions_the_state_with_the_name_it_is_written_with(nlp, kb):
    rm = _resolve(
        nlp, kb, "Le gouvernement du Mali a rompu avec les autorités de la Pologne et Tokyo."
    )
    assert rm.entities["mali"].kind is EntityKind.STATE
    assert "Mali" in rm.entities["mali"].names
    assert "Pologne" in rm.entities["poland"].names
    navy = _resolve(nlp, kb, "La marine japonaise a escorté le navire.")
    assert navy.entities["japan"].kind is EntityKind.STATE
    assert navy.entities["japan"].names == ()  # a demonym is not a name of the state


@pytest.mark.model
def test_a_kb_name_longer_than_ten_tokens_is_one_mention(nlp, kb):
    """A KB label of twelve tokens matches as a whole, not as fragments typed on their own."""
    long = "Cadre stratégique permanent pour la défense du peuple de l'Azawad"
    assert any(e.key == "csp-dpa" for e in kb.lookup(long))
    rm = _resolve(nlp, kb, f"Le {long} a revendiqué l'embuscade.")
    assert [m.key for m in rm.mentions] == ["csp-dpa"]
    assert long in rm.entities["csp-dpa"].names


@pytest.mark.model
def test_a_long_form_spelling_a_known_acronym_joins_its_entity(nlp, kb):
    """ "LONG NAME (ACR)": words whose initials spell a known acronym name its entity."""
    variant = "Cadre stratégique permanent pour la défense du peuple azawadien"
    assert not kb.lookup(variant), "the variant must be unknown to the KB for this test"
    rm = _resolve(nlp, kb, f"Selon le {variant} (CSP-DPA), l'embuscade a réussi.")
    assert {m.key for m in rm.mentions} == {"csp-dpa"}
    assert variant in rm.entities["csp-dpa"].names
    # initials that do not spell the acronym: two entities, nothing merged
    other = _resolve(nlp, kb, "Selon la Haute Autorité Spéciale (HTS), Alep est tombée.")
    assert "hts" in other.entities
    assert any(m.key != "hts" and m.text.startswith("Haute") for m in other.mentions)


def test_ngram_index_finds_names_of_any_length_and_the_longest_first():
    import spacy

    from newskg.nlp.keys import NgramIndex
    from newskg.text import name_key

    names = {
        "conseil": ["a"],
        "conseil de securite": ["b"],
        name_key("Conseil de sécurité permanent de la ligue des nations du grand nord"): ["c"],
    }
    index = NgramIndex(names)
    doc = spacy.blank("fr")(
        "Le Conseil de sécurité permanent de la Ligue des nations du Grand Nord a siégé ; "
        "le Conseil de sécurité aussi, et le Conseil de guerre."
    )
    found = [(doc[s:e].text, list(v)) for s, e, v in index.matches(doc)]
    assert found[0] == (
        "Conseil de sécurité permanent de la Ligue des nations du Grand Nord",
        ["c"],
    )
    assert ("Conseil de sécurité", ["b"]) in found
    assert ("Conseil", ["a"]) in found  # "Conseil de guerre": the prefix stops at "guerre"
    bounded = next(iter(NgramIndex(names, max_tokens=3).matches(doc)))
    assert (bounded[0], bounded[1], list(bounded[2])) == (1, 4, ["b"])  # at most three tokens


def test_token_keys_are_the_keys_of_the_token_texts():
    """The keys read from the Doc's array are those of each token's text, and the index
    finds the same names with them as it finds keying the tokens itself."""
    import spacy

    from newskg.nlp.keys import NgramIndex, token_key, token_keys

    doc = spacy.blank("fr")(
        "L’état-major sud-coréen a vu 170mm de canons automoteurs « Koksan » à Pyongyang."
    )
    keys = token_keys(doc)
    assert keys == [token_key(t.text) for t in doc]
    assert "sud coreen" in keys and "" in keys  # a compound gives two words, a quote none
    index = NgramIndex({"canon automoteur": ["koksan"], "pyongyang": ["north-korea"]})
    assert list(index.matches(doc, keys)) == list(index.matches(doc)) != []
    assert token_keys(spacy.blank("fr")("")) == []


@pytest.mark.model
def test_a_designation_after_a_qualified_class_noun_names_the_system(nlp, kb):
    """ "douze chars de combat K2": the class noun and the designation make "char K2"."""
    rm = _resolve(
        nlp, kb, "L'Estonie a réceptionné douze chars de combat K2 et 18 obusiers automoteurs K9."
    )
    weapons = {m.key for m in rm.mentions if m.kind is EntityKind.WEAPON_SYSTEM}
    assert weapons == {"k2-black-panther", "k9-thunder"}
    # a designation no system of that class bears: the class stays a class
    other = _resolve(nlp, kb, "L'Estonie a réceptionné douze chars de combat X7.")
    assert "k2-black-panther" not in other.entities
