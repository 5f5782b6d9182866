"""Event wordings the extractor had not met: coordinations, air defence, origins, captives, plans.

Every sentence was written for these tests (invented news wording about
several conflicts, taken from no article). Each case runs one text through
the real pipeline (marked ``model``) and checks that a claim asserts an
event of the expected kind with the expected roles, figures, date and
modality, or that no event of a kind is read. The cases are grouped by the
mechanism they exercise; each group's first cases failed before the
mechanism was added, its ``guard`` cases keep the mechanism's limits. The
test article is published on Tuesday 4 February 2025, so "samedi" is
2025-02-01 and "lundi" 2025-02-03.
"""

from __future__ import annotations

import pytest

from article_helpers import EventCase, claim_matches, extract_text
from newskg.model import EventKind, Measure, Modality, PartialDate

pytestmark = pytest.mark.model

_PUBLISHED = PartialDate(2025, 2, 4)  # a Tuesday

K = EventKind
M = Measure


Case = EventCase


def _found(result) -> list[tuple]:
    return [
        (
            c.event.kind.value,
            c.event.roles,
            [(q.measure.value, q.value, q.min_value, q.max_value) for q in c.event.quantities],
            c.event.time,
            c.modality.value,
        )
        for c in result.claims
    ]


def _claims(nlp, kb, text: str):
    return extract_text(nlp, kb, text, published=_PUBLISHED)


# Two coordinated verbs each with an object of its own are two deeds, two events: the
# subject and a date closing the coordination are shared, the objects are not
# (syntax.separate_predicates, events._dedupe, timing._coordinated_deeds; the parse
# repair gives the second verb the bare name the parser hung on the first).
COORDINATED_DEEDS = [
    Case(
        "L'armée russe a bombardé Kharkiv et frappé Odessa lundi.",
        K.MILITARY_OPERATION,
        {"agent": "russian-armed-forces|russia", "place": "kharkiv"},
        absent=(("place", "odesa"),),
        date=(2025, 2, 3),
    ),
    Case(
        "L'armée russe a bombardé Kharkiv et frappé Odessa lundi.",
        K.MILITARY_OPERATION,
        {"agent": "russian-armed-forces|russia", "place": "odesa"},
        absent=(("place", "kharkiv"),),
        date=(2025, 2, 3),
    ),
    Case(
        "L'aviation israélienne a bombardé Sanaa et frappé le port de Hodeïda samedi.",
        K.MILITARY_OPERATION,
        {"agent": "israel-air-force|israel", "place": "sanaa"},
        absent=(("place", "hodeidah"),),
        date=(2025, 2, 1),
    ),
    Case(
        "Les Houthis ont attaqué un navire en mer Rouge et tiré des missiles sur Eilat.",
        K.MILITARY_OPERATION,
        {"agent": "houthis", "place": "red-sea"},
        absent=(("place", "eilat"),),
    ),
    Case(
        "Les Houthis ont attaqué un navire en mer Rouge et tiré des missiles sur Eilat.",
        K.MILITARY_OPERATION,
        {"agent": "houthis", "place": "eilat"},
        absent=(("place", "red-sea"),),
    ),
    # a list of participles, the second one read as an adjunct after the comma
    Case(
        "L'armée russe a bombardé Kharkiv, frappé Odessa et pilonné Kherson.",
        K.MILITARY_OPERATION,
        {"place": "odesa"},
        absent=(("place", "kharkiv"), ("place", "kherson")),
    ),
    Case(
        "L'armée russe a bombardé Kharkiv et a frappé Odessa dimanche.",
        K.MILITARY_OPERATION,
        {"place": "kharkiv"},
        absent=(("place", "odesa"),),
        date=(2025, 2, 2),
    ),
    # transfers too: each verb its own recipient
    Case(
        "La Corée du Sud a livré 48 K9 à la Pologne et vendu 12 FA-50 à la Malaisie.",
        K.ARMS_TRANSFER,
        {"agent": "south-korea", "recipient": "malaysia"},
        absent=(("recipient", "poland"),),
    ),
    Case(
        "La France a livré des chars à l'Ukraine et vendu des avions à la Pologne.",
        K.ARMS_TRANSFER,
        {"agent": "france", "recipient": "ukraine"},
        absent=(("recipient", "poland"),),
    ),
    # guard: killed and wounded figures of one statement stay one estimate
    Case(
        "Le bombardement a tué trois soldats et blessé douze civils.",
        K.CASUALTIES,
        figures={M.KILLED: 3, M.WOUNDED: 12},
    ),
]


def test_two_deeds_give_two_operations(nlp, kb) -> None:
    result = _claims(nlp, kb, "L'armée russe a bombardé Kharkiv et frappé Odessa lundi.")
    ops = [c for c in result.claims if c.event.kind is K.MILITARY_OPERATION]
    assert len(ops) == 2, _found(result)


def test_one_object_for_two_verbs_stays_one_operation(nlp, kb) -> None:
    """guard: "a intercepté puis détruit 12 drones": one object, one predicate."""
    result = _claims(nlp, kb, "La défense ukrainienne a frappé puis détruit un dépôt russe.")
    ops = [c for c in result.claims if c.event.kind is K.MILITARY_OPERATION]
    assert len(ops) == 1, _found(result)


def test_bare_name_after_second_verb_is_its_object(nlp, kb) -> None:
    """The parser hangs "Odessa" on the first verb; the repair gives it to "frappé"."""
    from newskg.nlp import parse

    doc = next(parse(nlp, ["L'armée russe a bombardé Kharkiv et frappé Odessa lundi."]))
    odesa = next(t for t in doc if t.text == "Odessa")
    assert (odesa.dep_, odesa.head.text) == ("obj", "frappé")


# A list of nationality adjectives on the actors' noun names one side each
# (syntax.listed_demonyms / noun_demonym_sides), read on the words: the parser often
# takes the second demonym for a noun or a verb.
DEMONYM_LISTS = [
    Case(
        "Les troupes russes et nord-coréennes ont attaqué des positions ukrainiennes "
        "dans la région de Koursk.",
        K.MILITARY_OPERATION,
        {"agent": ("russia|russian-armed-forces", "north-korea"), "opponent": "ukraine"},
    ),
    Case(
        "Les frappes israéliennes et américaines ont visé des sites nucléaires en Iran.",
        K.MILITARY_OPERATION,
        {"agent": ("israel", "united-states")},
    ),
    Case(
        "Les forces éthiopiennes et érythréennes ont attaqué des positions du TPLF au Tigré.",
        K.MILITARY_OPERATION,
        {"agent": ("ethiopia|ethiopian-national-defense-force", "eritrea"), "opponent": "tplf"},
    ),
    Case(
        "Des forces russes et biélorusses ont été déployées près de la frontière ukrainienne.",
        K.DEPLOYMENT,
        {"agent": ("russia", "belarus")},
    ),
    Case(
        "Les ministres de la Défense arménien et azerbaïdjanais se sont rencontrés à Abou Dhabi.",
        K.MEETING,
        {"participant": ("armenia", "azerbaijan"), "place": "abu-dhabi"},
    ),
    Case(
        "Les armées française et britannique ont déployé 2 000 soldats en Estonie.",
        K.DEPLOYMENT,
        {"agent": ("france|french-armed-forces", "united-kingdom"), "recipient": "estonia"},
        {M.TROOPS: 2000},
    ),
    Case(
        "Au moins 40 soldats arméniens et azerbaïdjanais ont été tués dans les affrontements.",
        K.CASUALTIES,
        {"affected": ("armenia|armenian-armed-forces", "azerbaijan")},
        {M.KILLED: 40},
    ),
    Case(
        "Les pertes russes et ukrainiennes s'élèvent à 500 000 tués.",
        K.CASUALTIES,
        {"affected": ("russia", "ukraine")},
        {M.KILLED: 500000},
    ),
    # guard: a list on the target's noun names targets, not attackers
    Case(
        "Les troupes russes ont attaqué des positions ukrainiennes et géorgiennes.",
        K.MILITARY_OPERATION,
        {"agent": "russia|russian-armed-forces"},
        absent=(("agent", "ukraine"), ("agent", "georgia")),
    ),
]

# Air defence: intercepting or shooting down materiel is a loss of the side that fired
# it (Casualties, Destroyed, affected = the launcher of "lancés / tirés par X") and an
# operation of the defender against that side; "intercepter" is one only for materiel
# (lexicon materiel_object_verbs); "la plupart des", "65 des 90" count the item.
AIR_DEFENCE = [
    Case(
        "La défense aérienne ukrainienne a intercepté 12 drones lancés par la Russie dans la nuit.",
        K.CASUALTIES,
        {"affected": "russia"},
        {M.DESTROYED: 12},
    ),
    Case(
        "La défense aérienne ukrainienne a intercepté 12 drones lancés par la Russie dans la nuit.",
        K.MILITARY_OPERATION,
        {"agent": "ukraine", "opponent": "russia"},
    ),
    Case(
        "Israël a intercepté la plupart des 200 missiles tirés par l'Iran.",
        K.MILITARY_OPERATION,
        {"agent": "israel", "opponent": "iran"},
    ),
    Case(
        "Seize des vingt drones lancés par la Russie ont été abattus, selon l'armée de l'air "
        "ukrainienne.",
        K.CASUALTIES,
        {"affected": "russia"},
        {M.DESTROYED: 16},
    ),
    Case(
        "L'armée de l'air ukrainienne a abattu 65 des 90 drones Shahed lancés par la Russie.",
        K.CASUALTIES,
        {"affected": "russia", "weapon": "shahed-136"},
        {M.DESTROYED: 65},
    ),
    Case(
        "Huit des dix missiles tirés par les Houthis ont été interceptés par la marine américaine.",
        K.CASUALTIES,
        {"affected": "houthis"},
        {M.DESTROYED: 8},
    ),
    Case(
        "Selon Taipei, la marine taïwanaise a intercepté trois drones chinois au large de Kinmen.",
        K.CASUALTIES,
        {"affected": "china"},
        {M.DESTROYED: 3},
    ),
    Case(
        "L'armée sud-coréenne a intercepté deux drones nord-coréens.",
        K.CASUALTIES,
        {"affected": "north-korea"},
        {M.DESTROYED: 2},
    ),
    # the demonym hung on the system's name, not on the materiel noun
    Case(
        "Les Houthis affirment avoir abattu un drone MQ-9 Reaper américain au-dessus de Hodeïda.",
        K.CASUALTIES,
        {"affected": "united-states", "weapon": "mq-9"},
        {M.DESTROYED: 1},
    ),
    Case(
        "Selon Tsahal, 180 missiles balistiques ont été interceptés.",
        K.CASUALTIES,
        figures={M.DESTROYED: 180},
    ),
    # guard: whoever shoots them down, victims killed by a side are not its soldiers
    Case(
        "Vingt civils tués par l'armée ont été enterrés à Gao.",
        K.CASUALTIES,
        figures={M.KILLED: 20},
        absent=(("affected", "malian-armed-forces"),),
    ),
]

# Launches: "vers X" aims at X when X is a state, an actor or a place on land
# (lexicon launch_target_preps); "depuis X" says where from: neither place nor opponent.
LAUNCHES = [
    Case(
        "Le Hezbollah a tiré 40 roquettes depuis le sud du Liban vers le nord d'Israël.",
        K.MILITARY_OPERATION,
        {"agent": "hezbollah", "opponent": "israel"},
        absent=(("place", "south-lebanon"), ("opponent", "lebanon")),
    ),
    Case(
        "Le Hezbollah a tiré des dizaines de roquettes vers Haïfa.",
        K.MILITARY_OPERATION,
        {"agent": "hezbollah", "place": "haifa"},
    ),
    Case(
        "Les Houthis ont tiré un missile vers Israël, selon l'armée israélienne.",
        K.MILITARY_OPERATION,
        {"agent": "houthis", "opponent": "israel"},
    ),
    Case(
        "Des roquettes tirées depuis le Liban ont frappé Haïfa.",
        K.MILITARY_OPERATION,
        {"place": "haifa"},
        absent=(("place", "lebanon"), ("opponent", "lebanon")),
    ),
    Case(
        "Les Houthis ont lancé un missile balistique depuis Sanaa contre Tel-Aviv.",
        K.MILITARY_OPERATION,
        {"agent": "houthis", "place": "tel-aviv"},
        absent=(("place", "sanaa"),),
    ),
    # a target the strike is aimed at: its side is the opponent, not a weapon used
    Case(
        "Les rebelles houthis ont revendiqué une attaque de drone contre un porte-avions "
        "américain.",
        K.MILITARY_OPERATION,
        {"agent": "houthis", "opponent": "united-states"},
        absent=(("weapon", "aircraft-carrier"),),
    ),
    # guard: toward a sea it stays a test
    Case(
        "La Corée du Nord a tiré un missile balistique vers la mer du Japon.",
        K.WEAPON_TEST,
        {"agent": "north-korea"},
    ),
]

# Captives: "faire prisonnier(s) X" (the bare noun before its object), hostages, the
# captured figure; "tués ou blessés" with "blessés" read as a noun shares the victims.
CAPTIVES = [
    Case(
        "L'armée russe affirme avoir fait prisonniers 50 militaires ukrainiens.",
        K.CASUALTIES,
        {"affected": "ukraine|ukrainian-armed-forces"},
        {M.CAPTURED: 50},
    ),
    Case(
        "Le JNIM a fait prisonniers une vingtaine de soldats maliens près de Tombouctou.",
        K.CASUALTIES,
        {"affected": "mali|malian-armed-forces"},
        {M.CAPTURED: 20},
    ),
    Case(
        "L'armée birmane a enlevé 40 villageois dans l'État de Rakhine.",
        K.CASUALTIES,
        figures={M.CAPTURED: 40},
    ),
    # guard: the passive keeps its subject as the captives, not the "par" agent
    Case(
        "Une centaine de soldats maliens ont été faits prisonniers par le JNIM.",
        K.CASUALTIES,
        {"affected": "mali|malian-armed-forces"},
        {M.CAPTURED: 100},
        absent=(("affected", "jnim"),),
    ),
    Case(
        "Des centaines de soldats nord-coréens ont été tués ou blessés dans la région de Koursk.",
        K.CASUALTIES,
        {"affected": "north-korea|north-korean-army"},
        absent=(("affected", "russia"),),
    ),
]

# Plans: units sent whole ("une brigade"), exercises planned with a partner, the month
# of a plan read forward, and deliveries whose figure heads the system's name.
PLANS_AND_UNITS = [
    Case(
        "L'Allemagne va envoyer une brigade en Lituanie d'ici 2027.",
        K.DEPLOYMENT,
        {"agent": "germany", "recipient": "lithuania"},
        modality=Modality.PLANNED,
    ),
    Case(
        "La Pologne enverra deux bataillons en Lettonie cet été.",
        K.DEPLOYMENT,
        {"agent": "poland", "recipient": "latvia"},
        modality=Modality.PLANNED,
    ),
    Case(
        "Le Japon prévoit un exercice militaire conjoint avec les Philippines en juin.",
        K.COOPERATION,
        {"participant": ("japan", "philippines")},
        date=(2025, 6),
        modality=Modality.PLANNED,
    ),
    Case(
        "Les armées indienne et française tiendront en mai un exercice conjoint au Rajasthan.",
        K.COOPERATION,
        {"participant": ("india|indian-armed-forces", "france")},
        date=(2025, 5),
    ),
    Case(
        "Kiev a reçu 31 Abrams des États-Unis.",
        K.ARMS_TRANSFER,
        {"agent": "united-states", "recipient": "ukraine", "weapon": "abrams"},
        {M.UNITS: 31},
    ),
    Case(
        "Kiev a reçu 18 Caesar de la France.",
        K.ARMS_TRANSFER,
        {"agent": "france", "recipient": "ukraine", "weapon": "caesar"},
        {M.UNITS: 18},
    ),
    # who carries out a nominal operation: a light verb's participle with its "par" agent
    Case(
        "L'attaque, revendiquée par le JNIM, a coûté la vie à douze militaires burkinabè.",
        K.MILITARY_OPERATION,
        {"agent": "jnim"},
    ),
    # the target the parser hung on the light verb ("des frappes" read under the date)
    Case(
        "Israël a mené dans la nuit de samedi à dimanche des frappes sur Beyrouth.",
        K.MILITARY_OPERATION,
        {"agent": "israel", "place": "beirut"},
    ),
    Case(
        "Les Forces armées soudanaises ont repris le palais présidentiel à Khartoum.",
        K.MILITARY_OPERATION,
        {"agent": "sudanese-armed-forces", "place": "khartoum"},
    ),
]

CASES = COORDINATED_DEEDS + DEMONYM_LISTS + AIR_DEFENCE + LAUNCHES + CAPTIVES + PLANS_AND_UNITS


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.text[:70])
def test_wording(nlp, kb, case: Case) -> None:
    result = _claims(nlp, kb, case.text)
    assert any(claim_matches(c, case) for c in result.claims), _found(result)


# Sentences that must give no event of a kind.
NONE_OF = [
    # "intercepter" people, goods or messages: no operation, no loss of materiel
    ("Les douanes ont intercepté douze tonnes de cocaïne au port d'Anvers.", K.MILITARY_OPERATION),
    ("Les douanes ont intercepté douze tonnes de cocaïne au port d'Anvers.", K.CASUALTIES),
    ("La police a intercepté 300 migrants près de la frontière.", K.MILITARY_OPERATION),
    ("La police a intercepté 300 migrants près de la frontière.", K.CASUALTIES),
    ("La police a intercepté un appel téléphonique du suspect.", K.MILITARY_OPERATION),
    ("Les garde-côtes ont intercepté un bateau de migrants.", K.CASUALTIES),
    # a launch toward the sea is a test, not an attack
    ("La Corée du Nord a tiré un missile balistique vers la mer du Japon.", K.MILITARY_OPERATION),
    # an operation aimed at ("pour reprendre") has not happened
    ("L'armée a mobilisé des renforts pour reprendre la ville.", K.MILITARY_OPERATION),
    (
        "Kiev réclame des chars pour repousser l'armée russe et reprendre Donetsk.",
        K.MILITARY_OPERATION,
    ),
    # figures of no war
    ("Le film sur la guerre a attiré 12 000 spectateurs.", K.CASUALTIES),
    (
        "Le gouvernement a frappé fort et annoncé de nouvelles mesures fiscales.",
        K.MILITARY_OPERATION,
    ),
]


@pytest.mark.parametrize(("text", "kind"), NONE_OF, ids=lambda x: str(x)[:60])
def test_no_event(nlp, kb, text: str, kind: EventKind) -> None:
    result = _claims(nlp, kb, text)
    assert not any(c.event.kind is kind for c in result.claims), _found(result)
