"""Event constructions read across sentences and through nouns the extractor had missed.

Every sentence was written for these tests (invented news wording about
several conflicts, taken from no article). Each case runs one text through
the real pipeline (marked ``model``) and checks that a claim asserts an
event of the expected kind with the expected roles and figures, or that no
claim asserts an event with a role filled so. The cases are grouped by the
mechanism they exercise; each group's ``guard`` cases keep the mechanism's
limits. The test article is published on Thursday 20 March 2025.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from article_helpers import EventCase, claim_matches, extract_text
from newskg.model import EventKind, Measure, PartialDate

pytestmark = pytest.mark.model

_PUBLISHED = PartialDate(2025, 3, 20)

K = EventKind
M = Measure


Case = EventCase


@dataclass(frozen=True)
class Guard:
    """A text none of whose claims may assert an event of ``kind`` with ``role`` = ``key``.

    With ``figure``, only the events counting that figure are checked.
    """

    text: str
    kind: EventKind
    role: str
    key: str
    figure: int | None = None


def _events(nlp, kb, text: str) -> list:
    return [c.event for c in extract_text(nlp, kb, text, published=_PUBLISHED).claims]


def _found(events: list) -> list[tuple]:
    return [
        (e.kind.value, e.roles, [(q.measure.value, q.value) for q in e.quantities]) for e in events
    ]


def _check(nlp, kb, case: Case) -> None:
    claims = extract_text(nlp, kb, case.text, published=_PUBLISHED).claims
    assert any(claim_matches(c, case) for c in claims), _found([c.event for c in claims])


def _check_guard(nlp, kb, guard: Guard) -> None:
    events = _events(nlp, kb, guard.text)
    bad = [
        e
        for e in events
        if e.kind is guard.kind
        and guard.key in e.role(guard.role)
        and (guard.figure is None or any(q.value == guard.figure for q in e.quantities))
    ]
    assert bad == [], _found(events)


# Materiel shot down whose owner the sentence does not name belongs to the side whose
# attack the story reports: the operation of the same sentence, else the last one before
# (article._fill_materiel_owners); its one weapon goes along when the count names none.
MATERIEL_OWNERS = [
    Case(
        "L'Iran a tiré des missiles sur Israël. La défense israélienne a intercepté 180 missiles.",
        K.CASUALTIES,
        {"affected": "iran"},
        {M.DESTROYED: 180},
    ),
    Case(
        "La Russie a tiré une vague de drones sur Odessa dans la nuit. L'armée de l'air "
        "ukrainienne affirme que 40 des 55 drones ont été abattus.",
        K.CASUALTIES,
        {"affected": "russia|russian-armed-forces"},
        {M.DESTROYED: 40},
    ),
    Case(
        "Les Houthis ont tiré des missiles sur Eilat. Selon Tsahal, cinq des six missiles "
        "ont été interceptés.",
        K.CASUALTIES,
        {"affected": "houthis"},
        {M.DESTROYED: 5},
    ),
    Case(
        "Le Hezbollah a lancé des drones sur Haïfa. Trois des quatre drones ont été "
        "abattus, selon l'armée israélienne.",
        K.CASUALTIES,
        {"affected": "hezbollah"},
        {M.DESTROYED: 3},
    ),
    Case(
        "L'Ukraine a tiré six missiles ATACMS sur la région de Koursk. Selon le ministère "
        "russe de la Défense, la défense antiaérienne en a abattu cinq et endommagé un sixième.",
        K.CASUALTIES,
        {"affected": "ukraine|ukrainian-armed-forces", "weapon": "atacms"},
        {M.DESTROYED: 5},
    ),
]

MATERIEL_OWNER_GUARDS = [
    # the shooter's side (the loss verb's subject) never loses what it shoots down
    Guard(
        "L'armée russe a frappé Kharkiv. La défense antiaérienne russe a abattu 12 drones "
        "au-dessus de Belgorod.",
        K.CASUALTIES,
        "affected",
        "russian-armed-forces",
    ),
    Guard(
        "L'armée russe a frappé Kharkiv. La défense antiaérienne russe a abattu 12 drones "
        "au-dessus de Belgorod.",
        K.CASUALTIES,
        "affected",
        "russia",
    ),
    Guard(
        "L'Iran a tiré des missiles sur Israël. La défense israélienne a intercepté 180 missiles.",
        K.CASUALTIES,
        "affected",
        "israel",
    ),
    # the claimant's own side fired: shooting down its own drones is no loss it reports
    Guard(
        "L'armée russe a frappé Kharkiv lundi. Selon le ministère russe de la Défense, "
        "20 drones ont été abattus au-dessus de Belgorod.",
        K.CASUALTIES,
        "affected",
        "russia",
    ),
    # an attack two paragraphs back is another part of the story
    Guard(
        "La Russie a tiré des drones sur Odessa.\n\nLe gouvernement a présenté un budget.\n\n"
        "Selon l'armée de l'air ukrainienne, 40 des 55 drones ont été abattus.",
        K.CASUALTIES,
        "affected",
        "russia",
    ),
    # people killed are not the attacker's materiel
    Guard(
        "La Russie a tiré des missiles sur Odessa. Douze personnes ont été tuées.",
        K.CASUALTIES,
        "affected",
        "russia",
    ),
]


@pytest.mark.parametrize("case", MATERIEL_OWNERS, ids=lambda c: c.text[:50])
def test_materiel_shot_down_belongs_to_the_attacker(nlp, kb, case: Case) -> None:
    _check(nlp, kb, case)


@pytest.mark.parametrize("guard", MATERIEL_OWNER_GUARDS, ids=lambda g: g.text[:50])
def test_materiel_owner_guards(nlp, kb, guard: Guard) -> None:
    _check_guard(nlp, kb, guard)


# An operation that names only its agent was against the side whose losses its own
# sentence reports (article._fill_opponents_from_victims).
OPPONENTS_FROM_VICTIMS = [
    Case(
        "Le 3 mars, des drones turcs avaient détruit deux de leurs camions près de Kobané, "
        "tuant six combattants des FDS.",
        K.MILITARY_OPERATION,
        {"agent": "turkey", "opponent": "fds"},
    ),
    Case(
        "Des avions israéliens ont frappé un entrepôt, tuant quatre membres du Hezbollah.",
        K.MILITARY_OPERATION,
        {"agent": "israel", "opponent": "hezbollah"},
    ),
    Case(
        "Des hélicoptères américains ont coulé deux de leurs vedettes, tuant huit rebelles "
        "houthis.",
        K.MILITARY_OPERATION,
        {"agent": "united-states", "opponent": "houthis"},
    ),
]


def test_own_losses_do_not_make_an_opponent(nlp, kb) -> None:
    """guard: the attacker's own dead say nothing of whom it fought."""
    _check_guard(
        nlp,
        kb,
        Guard(
            "L'offensive russe a coûté la vie à 500 soldats russes.",
            K.MILITARY_OPERATION,
            "opponent",
            "russia",
        ),
    )


@pytest.mark.parametrize("case", OPPONENTS_FROM_VICTIMS, ids=lambda c: c.text[:50])
def test_operation_opponent_from_its_victims(nlp, kb, case: Case) -> None:
    _check(nlp, kb, case)


# A lower-case adjective made of an armed group's name says whose the target is
# (syntax.group_adjective): groups have no demonym.
GROUP_ADJECTIVES = [
    Case(
        "Des hélicoptères de la marine américaine ont coulé trois embarcations houthies en "
        "mer Rouge.",
        K.MILITARY_OPERATION,
        {"agent": "us-navy|united-states", "opponent": "houthis"},
    ),
    Case(
        "L'aviation saoudienne a bombardé des positions houthies près de Saada.",
        K.MILITARY_OPERATION,
        {"opponent": "houthis"},
    ),
    Case(
        "Les forces afghanes ont attaqué des positions talibanes dans la province de Helmand.",
        K.MILITARY_OPERATION,
        {"opponent": "taliban"},
    ),
]


@pytest.mark.parametrize("case", GROUP_ADJECTIVES, ids=lambda c: c.text[:50])
def test_armed_group_adjective_names_the_opponent(nlp, kb, case: Case) -> None:
    _check(nlp, kb, case)


def test_plain_adjective_names_no_group(nlp, kb) -> None:
    """guard: "des embarcations civiles" belong to no armed group."""
    events = _events(
        nlp, kb, "La marine américaine a coulé trois embarcations civiles en mer Rouge."
    )
    ops = [e for e in events if e.kind is K.MILITARY_OPERATION]
    assert all(not e.role("opponent") for e in ops), _found(events)


# A barrage noun subject ("une vague de frappes russes", "une salve de missiles
# iraniens") gives its verb the side of what it is made of, and its strikes are one deed
# with the verb (operations._barrage_side, events._in_barrage_subject).
BARRAGE_SUBJECTS = [
    Case(
        "Une vague de frappes russes a visé lundi Kiev, Dnipro et Kryvyï Rih.",
        K.MILITARY_OPERATION,
        {"agent": "russia", "place": ("kyiv", "kryvyi-rih")},
    ),
    Case(
        "Une vague de frappes israéliennes a visé Beyrouth et Tyr dimanche.",
        K.MILITARY_OPERATION,
        {"agent": "israel", "place": ("beirut", "tyre")},
    ),
    Case(
        "Une vague de bombardements russes a frappé Kharkiv dans la nuit.",
        K.MILITARY_OPERATION,
        {"agent": "russia", "place": "kharkiv"},
    ),
    Case(
        "Une salve de frappes iraniennes a visé Tel-Aviv.",
        K.MILITARY_OPERATION,
        {"agent": "iran", "place": "tel-aviv"},
    ),
    # regression cases: a barrage of arms with their side, already read
    Case(
        "Une salve de missiles iraniens a frappé Haïfa et Tel-Aviv dans la nuit.",
        K.MILITARY_OPERATION,
        {"agent": "iran", "place": ("haifa", "tel-aviv")},
    ),
]


@pytest.mark.parametrize("case", BARRAGE_SUBJECTS, ids=lambda c: c.text[:50])
def test_barrage_subject_gives_the_agent(nlp, kb, case: Case) -> None:
    _check(nlp, kb, case)


def test_barrage_of_strikes_is_one_operation(nlp, kb) -> None:
    events = _events(
        nlp, kb, "Une vague de frappes russes a visé lundi Kiev, Dnipro et Kryvyï Rih."
    )
    ops = [e for e in events if e.kind is K.MILITARY_OPERATION]
    assert len(ops) == 1, _found(events)


def test_barrage_without_a_side_names_no_agent(nlp, kb) -> None:
    """guard: "une vague de frappes" alone says nothing of who strikes."""
    events = _events(nlp, kb, "Une vague de frappes a visé Kharkiv lundi.")
    ops = [e for e in events if e.kind is K.MILITARY_OPERATION]
    assert all(not e.role("agent") for e in ops), _found(events)


# A common-noun target with a nationality or a group's adjective names the opponent, and
# a place singled out of it ("dont Haïfa", "dont celle de Nour Khan") is where it strikes
# (operations._target_side, operations._listed_target; Nur Khan is a KB place).
TARGETS = [
    Case(
        "Samedi, l'Iran a tiré des drones sur deux villes israéliennes, dont Haïfa.",
        K.MILITARY_OPERATION,
        {"agent": "iran", "opponent": "israel", "place": "haifa"},
    ),
    Case(
        "La Russie a tiré des missiles sur plusieurs villes ukrainiennes, notamment Poltava.",
        K.MILITARY_OPERATION,
        {"agent": "russia", "opponent": "ukraine", "place": "poltava"},
    ),
    Case(
        "L'armée ukrainienne a lancé des drones sur des positions russes près de Bakhmout.",
        K.MILITARY_OPERATION,
        {"opponent": "russia"},
    ),
    Case(
        "Islamabad a accusé l'Inde d'avoir tiré des missiles sur trois de ses bases "
        "aériennes, dont celle de Nour Khan.",
        K.MILITARY_OPERATION,
        {"agent": "india", "opponent": "pakistan", "place": "nur-khan-air-base"},
    ),
]


@pytest.mark.parametrize("case", TARGETS, ids=lambda c: c.text[:50])
def test_common_noun_target(nlp, kb, case: Case) -> None:
    _check(nlp, kb, case)


def test_target_without_a_side_names_no_opponent(nlp, kb) -> None:
    """guard: "des villes de l'est du pays" name no side."""
    events = _events(nlp, kb, "La Russie a tiré des missiles sur des villes de l'est du pays.")
    ops = [e for e in events if e.kind is K.MILITARY_OPERATION]
    assert ops and all(not e.role("opponent") for e in ops), _found(events)


# A toll of people that names no side, in the paragraph of a toll that does, is a
# breakdown of it (article._fill_unnamed_victims).
UNNAMED_VICTIMS = [
    Case(
        "Selon le ministère soudanais de la Santé, les combats ont fait 120 morts au Soudan "
        "depuis lundi. Les frappes des FSR de mardi ont à elles seules tué 40 personnes.",
        K.CASUALTIES,
        {"affected": "sudan"},
        {M.KILLED: 40},
    ),
    Case(
        "Au moins 1.200 personnes ont été tuées côté israélien lors de l'attaque du Hamas. "
        "Sur les 240 personnes enlevées ce jour-là, 100 ont été libérées.",
        K.CASUALTIES,
        {"affected": "israel"},
        {M.CAPTURED: 240},
    ),
    Case(
        "Les combats ont fait 80 morts en Somalie cette semaine, selon l'armée. Mardi, 25 "
        "personnes ont été tuées et 40 blessées.",
        K.CASUALTIES,
        {"affected": "somalia"},
        {M.KILLED: 25},
    ),
]

UNNAMED_VICTIM_GUARDS = [
    # who kills (the toll verb's subject) is no victim of its own deed
    Guard(
        "Trois soldats ukrainiens ont été tués lundi. L'armée ukrainienne a tué 40 personnes.",
        K.CASUALTIES,
        "affected",
        "ukrainian-armed-forces",
        figure=40,
    ),
    Guard(
        "Cinq soldats israéliens ont été tués à Gaza. L'armée israélienne a tué 30 personnes "
        "mardi.",
        K.CASUALTIES,
        "affected",
        "israel-defense-forces",
        figure=30,
    ),
    # the side that strikes is no victim of its own strikes
    Guard(
        "Le Hamas a tué 1.200 Israéliens. Les frappes israéliennes ont ensuite tué 300 personnes.",
        K.CASUALTIES,
        "affected",
        "israel",
        figure=300,
    ),
    # a new paragraph is a new story
    Guard(
        "Les combats ont fait 120 morts au Soudan.\n\nDouze personnes ont été tuées dans "
        "un accident de bus.",
        K.CASUALTIES,
        "affected",
        "sudan",
        figure=12,
    ),
]


@pytest.mark.parametrize("case", UNNAMED_VICTIMS, ids=lambda c: c.text[:50])
def test_unnamed_victims_take_the_paragraph_side(nlp, kb, case: Case) -> None:
    _check(nlp, kb, case)


@pytest.mark.parametrize("guard", UNNAMED_VICTIM_GUARDS, ids=lambda g: g.text[:50])
def test_unnamed_victim_guards(nlp, kb, guard: Guard) -> None:
    _check_guard(nlp, kb, guard)


# A ranks noun ("côté arménien") that the parser reads as a second object of the toll's
# light verb still says whose the losses are (casualties._affected).
RANKS_AS_OBJECT = [
    Case(
        "Selon les séparatistes, l'offensive a fait au moins 200 morts et plus de 400 blessés "
        "côté arménien.",
        K.CASUALTIES,
        {"affected": "armenia"},
        {M.KILLED: 200, M.WOUNDED: 400},
    ),
    Case(
        "Les frappes ont fait au moins 30 morts et plus de 100 blessés côté libanais.",
        K.CASUALTIES,
        {"affected": "lebanon"},
        {M.KILLED: 30, M.WOUNDED: 100},
    ),
    Case(
        "Les combats ont fait 35 morts et 80 blessés côté soudanais, selon l'armée.",
        K.CASUALTIES,
        {"affected": "sudan"},
        {M.KILLED: 35},
    ),
]


@pytest.mark.parametrize("case", RANKS_AS_OBJECT, ids=lambda c: c.text[:50])
def test_ranks_noun_read_as_object(nlp, kb, case: Case) -> None:
    _check(nlp, kb, case)


def test_other_side_of_a_border_is_no_side(nlp, kb) -> None:
    """guard: "de l'autre côté de la frontière" names no state."""
    events = _events(
        nlp, kb, "Le bombardement a fait 12 morts et 20 blessés de l'autre côté de la frontière."
    )
    tolls = [e for e in events if e.kind is K.CASUALTIES]
    assert tolls and all(not e.role("affected") for e in tolls), _found(events)


# A gerund ("en ratifiant", "en livrant") shares its clause's subject and date, and the
# object an aside between commas cut off from it is its own
# (syntax.is_gerund, parse_repairs._gerund_object_after_aside, timing._governors).
GERUNDS = [
    Case(
        "Le Parlement hongrois avait levé le dernier obstacle lundi en ratifiant, à "
        "l'unanimité des députés présents, le protocole d'adhésion de la Suède.",
        K.TREATY_RATIFICATION,
        {"participant": "hungary-parliament|hungary"},
    ),
    Case(
        "Berlin a répondu à Kiev en livrant, dès la semaine dernière, des chars Leopard 2 "
        "à l'Ukraine.",
        K.ARMS_TRANSFER,
        {"agent": "germany", "recipient": "ukraine", "weapon": "leopard-2"},
    ),
    Case(
        "Le Parlement turc a ouvert la voie en ratifiant, jeudi, l'adhésion de la Suède à l'Otan.",
        K.TREATY_RATIFICATION,
        {"participant": "turkey-parliament|turkey", "treaty": "north-atlantic-treaty"},
    ),
]


@pytest.mark.parametrize("case", GERUNDS, ids=lambda c: c.text[:50])
def test_gerund_shares_its_clause(nlp, kb, case: Case) -> None:
    _check(nlp, kb, case)


def test_gerund_takes_its_clause_date(nlp, kb) -> None:
    text = (
        "Le Parlement hongrois avait levé le dernier obstacle lundi en ratifiant le protocole "
        "d'adhésion de la Suède."
    )
    result = extract_text(nlp, kb, text, published=_PUBLISHED)
    dates = [
        c.event.time.date
        for c in result.claims
        if c.event.kind is K.TREATY_RATIFICATION and c.event.time is not None
    ]
    assert PartialDate(2025, 3, 17) in dates, _found([c.event for c in result.claims])


def test_gerund_clause_with_a_verb_keeps_its_parse(nlp, kb) -> None:
    """guard: an aside that is a clause of its own is no cut-off object."""
    events = _events(
        nlp, kb, "Le gouvernement a réagi en annonçant, lundi, que le traité serait ratifié."
    )
    assert not [e for e in events if e.kind is K.TREATY_RATIFICATION and e.role("participant")]


# A toll in a clause opened by "où" right after a named place happened there
# (casualties._where_antecedent), however the parser hung the clause.
WHERE_CLAUSES = [
    Case(
        "La crise avait éclaté après l'attentat du 22 avril à Pahalgam, où 26 civils ont été tués.",
        K.CASUALTIES,
        {"affected": "india"},
        {M.KILLED: 26},
    ),
    Case(
        "L'explosion a frappé Goma, où 14 personnes ont été tuées.",
        K.CASUALTIES,
        {"affected": "democratic-republic-of-the-congo"},
        {M.KILLED: 14},
    ),
    Case(
        "Un drone a frappé Kherson, où trois personnes ont été blessées.",
        K.CASUALTIES,
        {"affected": "ukraine"},
        {M.WOUNDED: 3},
    ),
]


@pytest.mark.parametrize("case", WHERE_CLAUSES, ids=lambda c: c.text[:50])
def test_toll_where_a_named_place(nlp, kb, case: Case) -> None:
    _check(nlp, kb, case)


def test_unnamed_place_where_gives_no_side(nlp, kb) -> None:
    """guard: "la ville où" names no place."""
    events = _events(nlp, kb, "Ils ont fui vers la ville où 20 personnes ont été tuées.")
    tolls = [e for e in events if e.kind is K.CASUALTIES]
    assert all(not e.role("affected") for e in tolls), _found(events)


# A hit verb ("toucher", "atteindre", lexicon ``hit_verbs``) is an attack when what hits
# is materiel or a strike, whose side is the agent (operations._hit_by_arms).
HITS = [
    Case(
        "Outre la capitale, les villes de Kharkiv et de Soumy ont été touchées par des "
        "missiles russes.",
        K.MILITARY_OPERATION,
        {"agent": "russia", "place": ("kharkiv", "sumy")},
    ),
    Case(
        "Un drone ukrainien a touché une raffinerie près de Rostov.",
        K.MILITARY_OPERATION,
        {"agent": "ukraine", "place": "rostov-on-don"},
    ),
    Case(
        "Le port d'Odessa a été atteint par une frappe russe dans la nuit.",
        K.MILITARY_OPERATION,
        {"agent": "russia", "place": "odesa"},
    ),
]

HIT_GUARDS = [
    "Le missile nord-coréen a atteint une altitude de 6.000 km avant de tomber en mer.",
    "La crise a touché le pays entier.",
    "Les troupes ont atteint la ville de Koupiansk.",
    "Le pays a été durement touché par les sanctions.",
]


@pytest.mark.parametrize("case", HITS, ids=lambda c: c.text[:50])
def test_hit_by_arms_is_an_attack(nlp, kb, case: Case) -> None:
    _check(nlp, kb, case)


@pytest.mark.parametrize("text", HIT_GUARDS, ids=lambda t: t[:50])
def test_hit_by_anything_else_is_no_attack(nlp, kb, text: str) -> None:
    events = _events(nlp, kb, text)
    assert not [e for e in events if e.kind is K.MILITARY_OPERATION], _found(events)


# "renforcer sa présence militaire en X": a military presence (lexicon
# ``personnel_phrases``) is the forces a transfer noun moves (transfers.transfer).
PRESENCE = [
    Case(
        "Les Etats-Unis vont renforcer leur présence militaire en Pologne avec 3.000 soldats.",
        K.DEPLOYMENT,
        {"agent": "united-states", "recipient": "poland"},
        {M.TROOPS: 3000},
    ),
    Case(
        "La France a renforcé sa présence militaire en Estonie.",
        K.DEPLOYMENT,
        {"agent": "france", "recipient": "estonia"},
    ),
    Case(
        "Le Royaume-Uni renforce sa présence militaire en Lituanie.",
        K.DEPLOYMENT,
        {"agent": "united-kingdom", "recipient": "lithuania"},
    ),
]


@pytest.mark.parametrize("case", PRESENCE, ids=lambda c: c.text[:50])
def test_military_presence_is_a_deployment(nlp, kb, case: Case) -> None:
    _check(nlp, kb, case)


def test_economic_presence_is_no_deployment(nlp, kb) -> None:
    """guard: a presence that is not military moves no forces."""
    events = _events(nlp, kb, "La Chine a renforcé sa présence économique en Afrique.")
    assert not [e for e in events if e.kind is K.DEPLOYMENT], _found(events)


# A target placed by a participle of location ("situés près de Damas", lexicon
# ``location_participles``) gives the operation its places (operations._located_target).
LOCATED_TARGETS = [
    Case(
        "L'armée israélienne a frappé deux aérodromes situés près de Damas et de Homs.",
        K.MILITARY_OPERATION,
        {"agent": "israel-defense-forces|israel", "place": ("damascus", "homs")},
    ),
    Case(
        "Les Houthis ont tiré des missiles contre une base installée près d'Eilat.",
        K.MILITARY_OPERATION,
        {"agent": "houthis", "place": "eilat"},
    ),
    Case(
        "La Turquie a frappé des positions kurdes situées près de Kobané.",
        K.MILITARY_OPERATION,
        {"agent": "turkey", "place": "kobane"},
    ),
]


@pytest.mark.parametrize("case", LOCATED_TARGETS, ids=lambda c: c.text[:50])
def test_located_target_gives_the_place(nlp, kb, case: Case) -> None:
    _check(nlp, kb, case)


def test_distance_from_a_front_is_no_place(nlp, kb) -> None:
    """guard: "situé à dix kilomètres du front" names no place."""
    events = _events(
        nlp, kb, "L'armée a frappé un dépôt situé à une dizaine de kilomètres du front."
    )
    assert all(not e.role("place") for e in events), _found(events)


# A headline's topic before a colon is no actor: the parser makes it the subject and
# hangs the named subject after the colon on it (parse_repairs._headline_topic_subject).
HEADLINES = [
    (
        Case(
            "Yémen : Washington et Londres frappent les Houthis, qui promettent de riposter",
            K.MILITARY_OPERATION,
            {"agent": ("united-states", "united-kingdom"), "opponent": "houthis"},
        ),
        "yemen",
    ),
    (
        Case(
            "Syrie : Israël et la Turquie frappent des positions",
            K.MILITARY_OPERATION,
            {"agent": ("israel", "turkey")},
        ),
        "syria",
    ),
    (
        Case(
            "Ukraine : Berlin et Paris livrent des chars à Kiev",
            K.ARMS_TRANSFER,
            {"agent": ("germany", "france"), "recipient": "ukraine"},
        ),
        "ukraine",
    ),
]


@pytest.mark.parametrize("case,topic", HEADLINES, ids=lambda c: getattr(c, "text", c)[:40])
def test_headline_topic_is_no_agent(nlp, kb, case: Case, topic: str) -> None:
    _check(nlp, kb, case)
    events = _events(nlp, kb, case.text)
    assert not [e for e in events if topic in e.role("agent")], _found(events)


def test_headline_with_a_common_noun_subject_keeps_its_parse(nlp, kb) -> None:
    """guard: "Soudan : l'armée reprend Khartoum" is left to the other readings."""
    events = _events(nlp, kb, "Soudan : l'armée reprend Khartoum aux FSR")
    ops = [e for e in events if e.kind is K.MILITARY_OPERATION]
    assert ops and "khartoum" in ops[0].role("place"), _found(events)
