"""The knowledge base: the bundled data file and the loader (no spaCy)."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

import newskg.kb
from newskg.errors import KnowledgeBaseError
from newskg.kb import KBEntity, KnowledgeBase, bundled_kb_paths, inflect_demonym
from newskg.model import AGENCY_KINDS, EntityKind
from newskg.text import name_key

DATA = Path(__file__).parent / "data" / "kb"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


@pytest.fixture(scope="module")
def user_kb() -> KnowledgeBase:
    return KnowledgeBase.load([DATA / "user.ttl"])


# ------------------------------------------------------------------ public surface
def _isort_style(name: str) -> tuple[bool, bool, str]:
    # ruff RUF022: CONSTANTS, then Classes, then functions; each alphabetical
    return (not name.isupper(), not name[:1].isupper(), name)


def test_public_surface_is_sorted_and_exported():
    assert newskg.kb.__all__ == sorted(newskg.kb.__all__, key=_isort_style)
    for name in newskg.kb.__all__:
        assert hasattr(newskg.kb, name)


# ------------------------------------------------------------------ bundled data
def test_bundled_kb_loads(kb):
    # ~200 generated states and their capitals, plus the curated files
    assert 500 <= len(kb) <= 2500
    kinds = {e.kind for e in kb}
    assert kinds == set(EntityKind)
    assert [e.key for e in kb] == sorted(e.key for e in kb)


def test_every_entity_has_a_french_label(kb):
    for ent in kb:
        assert dict(ent.labels).get("fr"), ent.key
        assert ent.label("fr") in ent.aliases


def test_keys_are_slugs(kb):
    for ent in kb:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", ent.key), ent.key


def test_every_reference_resolves_to_the_right_kind(kb):
    for ent in kb:
        for ref in (ent.affiliation, ent.seat_of, ent.origin, ent.located_in):
            if ref is not None:
                assert kb.get(ref) is not None, (ent.key, ref)
                assert kb.get(ref).kind is EntityKind.STATE, (ent.key, ref)
        if ent.part_of is not None:
            assert kb.get(ent.part_of).kind in AGENCY_KINDS
        for party in ent.parties:
            assert kb.get(party).kind.is_actor, (ent.key, party)


def test_wikidata_ids_are_well_formed(kb):
    linked = [e for e in kb if e.wikidata]
    assert linked
    for ent in linked:
        assert re.fullmatch(r"Q[0-9]+", ent.wikidata), ent.key
    qids = [e.wikidata for e in linked]
    assert len(qids) == len(set(qids)), "two entities linked to the same Wikidata item"


@pytest.mark.parametrize(
    ("key", "qid"),
    [
        ("north-korea", "Q423"),
        ("south-korea", "Q884"),
        ("russia", "Q159"),
        ("ukraine", "Q212"),
        ("united-states", "Q30"),
        ("kim-jong-un", "Q56226"),
        ("vladimir-putin", "Q7747"),
        ("volodymyr-zelensky", "Q3874799"),
    ],
)
def test_well_known_wikidata_links(kb, key, qid):
    assert kb.get(key).wikidata == qid


def test_states_have_demonyms_and_capitals_are_places(kb):
    for ent in kb:
        if ent.kind is EntityKind.STATE:
            assert ent.demonyms, ent.key
        if ent.seat_of is not None:
            assert ent.kind is EntityKind.PLACE, ent.key


def test_no_capital_among_a_states_names(kb):
    for capital in (e for e in kb if e.seat_of):
        for name in capital.aliases:
            assert all(e.kind is not EntityKind.STATE for e in kb.lookup(name)), name


def test_at_most_one_main_armed_force_per_state(kb):
    forces = defaultdict(list)
    for ent in kb:
        if ent.kind is EntityKind.ARMED_FORCE and ent.part_of is None:
            forces[ent.affiliation].append(ent.key)
    assert {s: f for s, f in forces.items() if len(f) > 1} == {}


# Names deliberately shared by two actors; empty today, and meant to stay short.
INTENDED_SHARED_NAMES: dict[str, set[str]] = {}


def test_no_ambiguous_actor_names(kb):
    owners = defaultdict(set)
    for ent in kb:
        if ent.kind.is_actor:
            for alias in ent.aliases:
                owners[name_key(alias)].add(ent.key)
    ambiguous = {n: keys for n, keys in owners.items() if len(keys) > 1}
    assert ambiguous == INTENDED_SHARED_NAMES


def test_no_name_shared_by_two_entities_of_one_kind(kb):
    owners = defaultdict(set)
    for ent in kb:
        for alias in ent.aliases:
            owners[(ent.kind, name_key(alias))].add(ent.key)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def test_no_alias_is_a_common_french_word(kb):
    # Names are matched case-insensitively: "UN", "EU", "EAU" would match "un", "eu", "eau".
    common = {"un", "une", "eu", "eau", "us", "on", "est", "ou", "la", "le", "les", "de", "des"}
    assert {a for e in kb for a in e.aliases if name_key(a) in common} == set()


# ------------------------------------------------------------------ domain spot checks
@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Corée du Nord", "north-korea"),
        ("RPDC", "north-korea"),
        ("coree du nord", "north-korea"),
        ("CORÉE DU SUD", "south-korea"),
        ("comité des chefs d'état-major interarmées", "jcs"),
        ("l'état-major sud-coréen", None),
        ("état-major sud-coréen", "jcs"),
        ("services secrets sud-coréens", "nis"),
        ("Service national du renseignement", "nis"),
        ("canons automoteurs de 170mm", "koksan"),
        ("canons autoporteurs de 170 mm", "koksan"),
        ("lance-roquettes multiples de 240 mm", "m1991-mrl"),
        ("missiles balistiques à courte portée", "srbm"),
        ("drones kamikazes", "attack-drone"),
        ("drones explosifs", "attack-drone"),
        ("munitions rôdeuses", "attack-drone"),
        ("drones de reconnaissance", "reconnaissance-drone"),
        ("traité de défense mutuelle", "russia-dprk-treaty"),
        ("pacte de défense mutuelle", "russia-dprk-treaty"),
        ("région de Koursk", "kursk-oblast"),
        ("Koursk", "kursk-oblast"),
        ("zone démilitarisée", "korean-dmz"),
        ("Zelenskyy", "volodymyr-zelensky"),
        ("Zelenski", "volodymyr-zelensky"),
        ("Syrskyi", "oleksandr-syrskyi"),
        ("Oleksandre Syrsky", "oleksandr-syrskyi"),
        ("Kyiv", "kyiv"),
        ("Kiev", "kyiv"),
        ("Poutine", "vladimir-putin"),
        ("agence de presse Yonhap", "yonhap"),
        ("agence officielle nord-coréenne", "kcna"),
        ("Geran-2", "shahed-136"),
        ("OTAN", "nato"),
        ("Kim", None),
        ("Moscou", "moscow"),
    ],
)
def test_lookup_domain_names(kb, name, key):
    found = [e.key for e in kb.lookup(name)]
    assert found == ([key] if key else [])


def test_lookup_is_case_accent_and_plural_insensitive(kb):
    (nk,) = kb.lookup("Corée du Nord")
    assert kb.lookup("COREE DU NORD") == (nk,)
    assert kb.lookup("corée-du-nord") == (nk,)
    assert kb.lookup("Canon automoteur de 170 mm") == kb.lookup("CANONS AUTOMOTEURS DE 170MM")
    assert kb.lookup("drone kamikaze") == kb.lookup("Drones Kamikazes")
    assert kb.lookup("nulle part") == ()


def test_lookup_results_are_sorted_by_key():
    kb = KnowledgeBase(
        [
            KBEntity("b-place", EntityKind.PLACE, (("fr", "Bourg"),), ("Bourg",)),
            KBEntity("a-person", EntityKind.PERSON, (("fr", "Bourg"),), ("Bourg",)),
        ]
    )
    assert [e.key for e in kb.lookup("bourg")] == ["a-person", "b-place"]


def test_demonym_lookup(kb):
    for word in ("nord-coréen", "nord-coréenne", "Nord-Coréens", "NORD-COREENNES", "North Korean"):
        assert kb.state_for_demonym(word).key == "north-korea", word
    assert kb.state_for_demonym("sud-coréennes").key == "south-korea"
    assert kb.state_for_demonym("russes").key == "russia"
    assert kb.state_for_demonym("ukrainiennes").key == "ukraine"
    assert kb.state_for_demonym("américaine").key == "united-states"
    assert kb.state_for_demonym("française").key == "france"
    assert kb.state_for_demonym("turque").key == "turkey"
    assert kb.state_for_demonym("coréen") is None
    assert kb.state_for_demonym("Corée du Nord") is None


def test_agency_of(kb):
    k = EntityKind
    assert kb.agency_of("north-korea", k.ARMED_FORCE).key == "north-korean-army"
    assert kb.agency_of("russia", k.ARMED_FORCE).key == "russian-armed-forces"
    assert kb.agency_of("south-korea", k.ARMED_FORCE).key == "south-korean-armed-forces"
    assert kb.agency_of("south-korea", k.INTELLIGENCE_SERVICE).key == "nis"
    assert kb.agency_of("north-korea", k.NEWS_AGENCY) is None  # KCNA, Rodong Sinmun, KCTV
    assert kb.agency_of("russia", k.INTELLIGENCE_SERVICE) is None  # FSB, GRU, SVR: no guess
    assert kb.agency_of("atlantis", k.ARMED_FORCE) is None
    gov = k.GOVERNMENT_BODY
    assert kb.agency_of("russia", gov) is None
    assert kb.agency_of("russia", gov, descriptor="ministère de la Défense").key == (
        "russian-defence-ministry"
    )
    assert kb.agency_of("russia", gov, descriptor="présidence").key == "kremlin"
    assert kb.agency_of("south-korea", gov, descriptor="ministère de la défense").key == (
        "south-korean-defence-ministry"
    )


def test_units_know_their_force_and_state(kb):
    jcs = kb.get("jcs")
    assert jcs.part_of == "south-korean-armed-forces"
    assert jcs.affiliation == "south-korea"
    assert kb.get("storm-corps").affiliation == "north-korea"
    assert kb.get("nis").part_of is None


def test_relations(kb):
    assert kb.get("koksan").origin == "north-korea"
    assert kb.get("pyongyang").seat_of == "north-korea"
    assert kb.get("crimea").located_in == "ukraine"  # the borders the UN recognise
    assert kb.get("kursk-oblast").located_in == "russia"
    assert kb.get("black-sea").located_in is None
    assert kb.get("kremlin").affiliation == "russia"
    assert kb.get("kremlin").kind is EntityKind.GOVERNMENT_BODY
    assert kb.get("russia-dprk-treaty").parties == ("north-korea", "russia")


def test_entity_accessors(kb):
    nk = kb.get("north-korea")
    assert nk.label() == "Corée du Nord"
    assert nk.label("en") == "North Korea"
    assert nk.label("ko") == "Corée du Nord"
    assert "RPDC" in nk.aliases and "North Korea" in nk.aliases
    assert list(nk.aliases) == sorted(set(nk.aliases))
    assert "north-korea" in kb and "atlantis" not in kb
    assert kb.get("atlantis") is None
    only_en = KBEntity("x", EntityKind.PLACE, (("de", "Ort"), ("en", "Place")))
    assert only_en.label("fr") == "Place"


def test_names_are_sorted_pairs(kb):
    names = list(kb.names())
    assert names == sorted(set(names))
    assert ("RPDC", "north-korea") in names
    assert ("Pyongyang", "pyongyang") in names
    assert len(names) == sum(len(e.aliases) for e in kb)


def test_digest_is_stable_and_content_sensitive(kb, user_kb):
    assert re.fullmatch(r"[0-9a-f]{64}", kb.digest)
    assert KnowledgeBase.load().digest == kb.digest
    assert user_kb.digest != kb.digest


# ------------------------------------------------------------------ demonym inflection
@pytest.mark.parametrize(
    ("masculine", "forms"),
    [
        ("nord-coréen", {"nord-coréen", "nord-coréenne", "nord-coréens", "nord-coréennes"}),
        ("ukrainien", {"ukrainien", "ukrainienne", "ukrainiens", "ukrainiennes"}),
        ("burkinabè", {"burkinabè", "burkinabès"}),
        ("ouzbek", {"ouzbek", "ouzbèke", "ouzbeks", "ouzbèkes"}),
        ("letton", {"letton", "lettonne", "lettons", "lettonnes"}),
        ("français", {"français", "française", "françaises"}),
        ("chinois", {"chinois", "chinoise", "chinoises"}),
        ("russe", {"russe", "russes"}),
        ("américain", {"américain", "américaine", "américains", "américaines"}),
        ("allemand", {"allemand", "allemande", "allemands", "allemandes"}),
        ("turc", {"turc", "turque", "turcs", "turques"}),
        ("qatari", {"qatari", "qatarie", "qataris", "qataries"}),
    ],
)
def test_inflect_demonym(masculine, forms):
    assert inflect_demonym(masculine) == tuple(sorted(forms))


def test_inflect_demonym_rejects_empty():
    with pytest.raises(ValueError):
        inflect_demonym("  ")


def test_demonyms_hold_french_forms_and_english_as_given(kb):
    assert kb.get("north-korea").demonyms == (
        "North Korean",
        "nord-coréen",
        "nord-coréenne",
        "nord-coréennes",
        "nord-coréens",
    )


# ------------------------------------------------------------------ user files
def test_user_file_adds_an_entity(user_kb, kb):
    army = user_kb.get("testland-army")
    assert army is not None and "testland-army" not in kb
    assert army.kind is EntityKind.ARMED_FORCE
    assert army.affiliation == "north-korea"
    assert [e.key for e in user_kb.lookup("ATL")] == ["testland-army"]
    assert len(user_kb) == len(kb) + 1


def test_user_file_adds_an_alias_and_keeps_the_bundled_ones(user_kb):
    nk = user_kb.get("north-korea")
    assert "Royaume ermite" in nk.aliases and "RPDC" in nk.aliases
    assert [e.key for e in user_kb.lookup("royaume ermite")] == ["north-korea"]
    assert nk.wikidata == "Q423"


def test_user_label_replaces_the_bundled_one(user_kb):
    kremlin = user_kb.get("kremlin")
    assert kremlin.label("fr") == "Palais du Kremlin"
    assert kremlin.label("en") == "Kremlin"
    assert "présidence russe" in kremlin.aliases
    assert kremlin.kind is EntityKind.GOVERNMENT_BODY


def test_user_file_without_bundled(tmp_path):
    path = tmp_path / "mini.ttl"
    path.write_text(
        "@prefix kb: <https://w3id.org/newskg/kb/> .\n"
        "@prefix nkg: <https://w3id.org/newskg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'kb:atlantis a nkg:State ; rdfs:label "Atlantide"@fr ; nkg:demonym "atlante"@fr .\n',
        encoding="utf-8",
    )
    mini = KnowledgeBase.load([path], bundled=False)
    assert [e.key for e in mini] == ["atlantis"]
    assert mini.state_for_demonym("atlantes").key == "atlantis"
    assert mini.get("north-korea") is None


def _notation_file(tmp_path: Path, code: str, extra: str = "") -> Path:
    path = tmp_path / "codes.ttl"
    path.write_text(
        "@prefix kb: <https://w3id.org/newskg/kb/> .\n"
        "@prefix nkg: <https://w3id.org/newskg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        f'kb:atlantis a nkg:State ; rdfs:label "Atlantide"@fr ; nkg:demonym "atlante"@fr ;'
        f' skos:notation "{code}"{extra} .\n',
        encoding="utf-8",
    )
    return path


def test_skos_notation_is_the_iso_code(kb, tmp_path):
    assert kb.get("france").iso_code == "FR"
    assert kb.get("kosovo").iso_code == "XK"
    assert kb.get("paris").iso_code is None
    mini = KnowledgeBase.load([_notation_file(tmp_path, "AX")], bundled=False)
    assert mini.get("atlantis").iso_code == "AX"


@pytest.mark.parametrize(
    ("code", "extra", "message"),
    [
        ("fr", "", "not an ISO 3166-1 alpha-2 code"),
        ("FRA", "", "not an ISO 3166-1 alpha-2 code"),
        ("AX", ' , "AY"', "more than one skos:notation"),
    ],
)
def test_bad_skos_notation_is_an_error(tmp_path, code, extra, message):
    with pytest.raises(KnowledgeBaseError, match=message):
        KnowledgeBase.load([_notation_file(tmp_path, code, extra)], bundled=False)


def test_no_file_at_all_gives_an_empty_kb():
    empty = KnowledgeBase.load(bundled=False)
    assert len(empty) == 0 and list(empty.names()) == []


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("bad_syntax.ttl", "not valid Turtle"),
        ("no_class.ttl", "kb:classless: no entity class"),
        ("wrong_class.ttl", "kb:event-like: unknown entity class"),
        ("no_label.ttl", "kb:nameless: no rdfs:label"),
        ("dangling_ref.ttl", "kb:orphan-agency: affiliation refers to kb:atlantis"),
        ("bad_wikidata.ttl", "kb:wrong-link: owl:sameAs must be a Wikidata entity IRI"),
        ("unknown_property.ttl", "kb:typo: unsupported property"),
        ("wrong_reference_kind.ttl", "kb:odd-gun: origin refers to kb:moscow"),
        ("label_without_language.ttl", "kb:untagged"),
        ("bad_key.ttl", "not a lowercase slug"),
        ("two_labels.ttl", "kb:twice: two rdfs:label"),
        ("shared_demonym.ttl", "demonym"),
    ],
)
def test_malformed_kb_raises_with_file_and_subject(fixture, message):
    path = DATA / fixture
    with pytest.raises(KnowledgeBaseError) as info:
        KnowledgeBase.load([path])
    text = str(info.value)
    assert fixture in text
    assert message in text


def test_missing_file_is_a_kb_error(tmp_path):
    with pytest.raises(KnowledgeBaseError, match=r"nowhere\.ttl"):
        KnowledgeBase.load([tmp_path / "nowhere.ttl"])


def test_affiliation_cycle_is_an_error(tmp_path):
    path = tmp_path / "cycle.ttl"
    path.write_text(
        "@prefix kb: <https://w3id.org/newskg/kb/> .\n"
        "@prefix nkg: <https://w3id.org/newskg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'kb:a a nkg:Agency ; rdfs:label "A"@fr ; nkg:affiliation kb:b .\n'
        'kb:b a nkg:Agency ; rdfs:label "B"@fr ; nkg:affiliation kb:a .\n',
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeBaseError, match=r"cycle\.ttl.*circle"):
        KnowledgeBase.load([path], bundled=False)


def test_bundled_path_exists():
    paths = bundled_kb_paths()
    assert paths == sorted(paths)
    assert all(p.is_file() and p.suffix == ".ttl" for p in paths)
    assert "states.ttl" in {p.name for p in paths}


def test_located_in_must_name_a_state(tmp_path):
    head = (
        "@prefix kb: <https://w3id.org/newskg/kb/> .\n"
        "@prefix nkg: <https://w3id.org/newskg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'kb:syldavia a nkg:State ; rdfs:label "Syldavie"@fr .\n'
        'kb:klow a nkg:Place ; rdfs:label "Klow"@fr ; nkg:seatOf kb:syldavia .\n'
    )
    good = tmp_path / "good.ttl"
    good.write_text(
        head + 'kb:niedzbrodz a nkg:Place ; rdfs:label "Niedzbrodz"@fr ; '
        "nkg:locatedIn kb:syldavia .\n",
        encoding="utf-8",
    )
    assert KnowledgeBase.load([good], bundled=False).get("niedzbrodz").located_in == "syldavia"
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        head + 'kb:niedzbrodz a nkg:Place ; rdfs:label "Niedzbrodz"@fr ; nkg:locatedIn kb:klow .\n',
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeBaseError, match=r"bad\.ttl.*located_in refers to kb:klow"):
        KnowledgeBase.load([bad], bundled=False)


def test_founding_treaty_must_name_a_treaty(tmp_path):
    head = (
        "@prefix kb: <https://w3id.org/newskg/kb/> .\n"
        "@prefix nkg: <https://w3id.org/newskg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'kb:pacte a nkg:Treaty ; rdfs:label "pacte de Klow"@fr .\n'
        'kb:syldavia a nkg:State ; rdfs:label "Syldavie"@fr .\n'
    )
    good = tmp_path / "good.ttl"
    good.write_text(
        head + 'kb:otk a nkg:Agency ; rdfs:label "OTK"@fr ; nkg:foundingTreaty kb:pacte .\n',
        encoding="utf-8",
    )
    assert KnowledgeBase.load([good], bundled=False).get("otk").founding_treaty == "pacte"
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        head + 'kb:otk a nkg:Agency ; rdfs:label "OTK"@fr ; nkg:foundingTreaty kb:syldavia .\n',
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeBaseError, match=r"bad\.ttl.*founding_treaty.*not a nkg:Treaty"):
        KnowledgeBase.load([bad], bundled=False)
