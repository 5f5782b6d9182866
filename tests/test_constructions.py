"""Event constructions, one group per construction, on sentences written for these tests.

Each case runs one short French text through the real pipeline (marked
``model``) and asserts that one claim carries an event of the expected class
with the expected roles, figures and, where the sentence states them, date,
claimant and modality. The fifteen groups are the constructions the extractor
must read whatever the conflict: the voices and shapes a trigger takes
(active, passive, participle, nominal, relative, coordination), how an actor
is named (demonym, metonym), who says it (reported speech), how sure it is
(modality), how figures and dates are written (numbers, relative dates), and
the event families (casualties, treaty milestones, meetings, operations).

Every sentence was written for these tests (invented wording about real or
made-up conflicts, taken from no article). A group may hold known failures:
they are marked ``xfail`` (not strict) with the mechanism that is missing, so
that ``scripts/construction_table.py`` prints a pass rate per group that tells
the truth. The test article is published on Thursday 20 March 2025, so
"mardi" is 2025-03-18, "hier" 2025-03-19 and "le mois dernier" 2025-02.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from article_helpers import extract_text
from newskg.model import EventKind, Measure, Modality, PartialDate, TimeValue

pytestmark = pytest.mark.model

_PUBLISHED = PartialDate(2025, 3, 20)  # a Thursday

K = EventKind
M = Measure
D = PartialDate


@dataclass(frozen=True)
class Case:
    """What one text must yield: a claim whose event is of ``kind`` and fits the rest.

    ``roles`` and ``claimant`` accept one key or a tuple of acceptable keys;
    ``date`` is a prefix of the event's time (``D(2025, 3)`` accepts any day of
    March 2025, not a time known only to the year); ``None`` means unchecked.
    """

    text: str
    kind: EventKind
    roles: dict[str, str | tuple[str, ...]] = field(default_factory=dict)
    figures: dict[Measure, int] = field(default_factory=dict)
    modality: Modality | None = None
    absent: tuple[tuple[str, str], ...] = ()  # roles that must NOT be filled so
    date: PartialDate | None = None
    claimant: str | tuple[str, ...] | None = None


def _run(nlp, kb, text: str):
    return extract_text(nlp, kb, text, published=_PUBLISHED)


def _one_of(value: str | tuple[str, ...]) -> set[str]:
    return {value} if isinstance(value, str) else set(value)


def _date_matches(time: TimeValue | None, want: PartialDate) -> bool:
    """True when a point of ``time`` (its date, or a bound of its period) starts with ``want``."""
    if time is None:
        return False
    for got in (time.date, time.start, time.end):
        if got is None or got.year != want.year:
            continue
        if want.month is not None and got.month != want.month:
            continue
        if want.day is not None and got.day != want.day:
            continue
        return True
    return False


def _matches(claim, case: Case) -> bool:
    ev = claim.event
    if ev.kind is not case.kind:
        return False
    if any(not _one_of(value) & set(ev.role(role)) for role, value in case.roles.items()):
        return False
    if any(value in ev.role(role) for role, value in case.absent):
        return False
    values = {q.measure: q.value for q in ev.quantities}
    if any(values.get(m) != v for m, v in case.figures.items()):
        return False
    if case.date is not None and not _date_matches(ev.time, case.date):
        return False
    if case.claimant is not None and claim.claimant not in _one_of(case.claimant):
        return False
    return case.modality is None or claim.modality is case.modality


def _check(nlp, kb, case: Case) -> None:
    result = _run(nlp, kb, case.text)
    found = [
        (
            c.event.kind.value,
            c.event.roles,
            [(q.measure.value, q.value) for q in c.event.quantities],
            c.event.time.key if c.event.time else None,
            c.claimant,
            c.modality.value,
        )
        for c in result.claims
    ]
    assert any(_matches(c, case) for c in result.claims), f"{case} not in {found}"


def _xfail(case: Case, reason: str):
    return pytest.param(case, marks=pytest.mark.xfail(reason=reason, strict=False))


def _id(case: Case | object) -> str:
    text = case.text if isinstance(case, Case) else str(case)
    return text[:40]


# ---------------------------------------------------------------- active
ACTIVE = [
    Case(
        "La Russie a lancé une offensive contre l'Ukraine en février.",
        K.MILITARY_OPERATION,
        {"agent": "russia", "opponent": "ukraine"},
        date=D(2025, 2),
    ),
    Case(
        "L'Iran a attaqué Israël avec des missiles balistiques.",
        K.MILITARY_OPERATION,
        {"agent": "iran", "opponent": "israel"},
    ),
    Case(
        "La Turquie a bombardé des positions kurdes dans le nord de la Syrie.",
        K.MILITARY_OPERATION,
        {"agent": "turkey"},
    ),
    Case(
        "L'Inde a frappé neuf sites au Pakistan dans la nuit de mercredi.",
        K.MILITARY_OPERATION,
        {"agent": "india", "opponent": "pakistan"},
        date=D(2025, 3, 19),
    ),
    Case(
        "La Corée du Sud a livré 180 chars K2 à la Pologne.",
        K.ARMS_TRANSFER,
        {"agent": "south-korea", "recipient": "poland", "weapon": "k2-black-panther"},
        {M.UNITS: 180},
    ),
    Case(
        "L'Ukraine a réceptionné vingt chars Leopard 2 mardi.",
        K.ARMS_TRANSFER,
        {"recipient": "ukraine", "weapon": "leopard-2"},
        {M.UNITS: 20},
        date=D(2025, 3, 18),
    ),
    # converse verbs: the supplier is the complement
    Case(
        "La Roumanie a reçu de l'Allemagne cinq systèmes Patriot.",
        K.ARMS_TRANSFER,
        {"recipient": "romania", "agent": "germany", "weapon": "patriot"},
        {M.UNITS: 5},
    ),
    Case(
        "La Grèce a acquis de la France vingt-quatre Mirage 2000.",
        K.ARMS_TRANSFER,
        {"recipient": "greece", "agent": "france", "weapon": "mirage-2000"},
        {M.UNITS: 24},
    ),
    Case(
        "Le Maroc a acheté 24 hélicoptères Apache aux Etats-Unis.",
        K.ARMS_TRANSFER,
        {"recipient": "morocco", "agent": "united-states"},
        {M.UNITS: 24},
    ),
    Case(
        "L'Allemagne a perdu 300 hommes en Ukraine selon ce décompte.",
        K.CASUALTIES,
        {"affected": "germany"},
        {M.KILLED_OR_WOUNDED: 300},
        absent=(("affected", "ukraine"),),
    ),
    # a class noun standing for the weapon named in the sentence before
    Case(
        "L'Italie a fourni des F-16 à l'Ukraine. La Suède a promis 18 appareils.",
        K.ARMS_TRANSFER,
        {"agent": "sweden", "recipient": "ukraine", "weapon": "f-16"},
        {M.UNITS: 18},
    ),
]


@pytest.mark.parametrize("case", ACTIVE, ids=_id)
def test_active(nlp, kb, case):
    _check(nlp, kb, case)


# ---------------------------------------------------------------- passive
PASSIVE = [
    Case(
        "Trois villages ont été bombardés par l'armée russe.",
        K.MILITARY_OPERATION,
        {"agent": "russian-armed-forces"},
    ),
    Case(
        "L'offensive a été lancée à l'aube par l'armée syrienne.",
        K.MILITARY_OPERATION,
        {"agent": ("syria", "syrian-armed-forces")},
    ),
    Case(
        "Le port de Hodeïda a été frappé par l'aviation israélienne.",
        K.MILITARY_OPERATION,
        {"agent": ("israel", "israel-air-force", "israel-defense-forces")},
    ),
    Case(
        "Huit soldats maliens ont été tués par des jihadistes lundi.",
        K.CASUALTIES,
        {"affected": ("mali", "malian-armed-forces")},
        {M.KILLED: 8},
        date=D(2025, 3, 17),
    ),
    Case(
        "Au total, 27 civils y ont été blessés mercredi.",
        K.CASUALTIES,
        {},
        {M.WOUNDED: 27},
        date=D(2025, 3, 19),
    ),
    Case(
        "Onze soldats ont été faits prisonniers.",
        K.CASUALTIES,
        {},
        {M.CAPTURED: 11},
    ),
    Case(
        "Cinquante drones ont été abattus par la défense antiaérienne ukrainienne.",
        K.CASUALTIES,
        {},
        {M.DESTROYED: 50},
    ),
    Case(
        "Le traité d'Ottawa a été ratifié par la Finlande en 2012.",
        K.TREATY_RATIFICATION,
        {"participant": "finland", "treaty": "ottawa-treaty"},
        date=D(2012),
    ),
    Case(
        "Douze obusiers Caesar ont été livrés à l'Arménie par la France.",
        K.ARMS_TRANSFER,
        {"agent": "france", "recipient": "armenia", "weapon": "caesar"},
        {M.UNITS: 12},
    ),
    Case(
        "Deux cents soldats nord-coréens ont été déployés en Russie.",
        K.DEPLOYMENT,
        {"agent": ("north-korea", "north-korean-army"), "recipient": "russia"},
        {M.TROOPS: 200},
    ),
]


@pytest.mark.parametrize("case", PASSIVE, ids=_id)
def test_passive(nlp, kb, case):
    _check(nlp, kb, case)


# ---------------------------------------------------------------- participle
PARTICIPLE = [
    Case(
        "Les 25 soldats russes tués lundi appartenaient à une unité d'élite.",
        K.CASUALTIES,
        {"affected": ("russia", "russian-armed-forces")},
        {M.KILLED: 25},
        date=D(2025, 3, 17),
    ),
    Case(
        "Quarante chars Abrams vendus par les Etats-Unis sont arrivés en Pologne.",
        K.ARMS_TRANSFER,
        {"agent": "united-states", "weapon": "abrams"},
        {M.UNITS: 40},
    ),
    Case(
        "L'armée polonaise a recensé 14 civils tués après la frappe.",
        K.CASUALTIES,
        {"affected": "poland"},
        {M.KILLED: 14},
        claimant=("poland", "polish-armed-forces"),
    ),
    Case(
        "Les militaires canadiens stationnés à Riga ont quitté la Lettonie vendredi.",
        K.WITHDRAWAL,
        {"agent": ("canada", "canadian-armed-forces", "canada-armed-forces"), "origin": "latvia"},
        date=D(2025, 3, 14),
    ),
    Case(
        "Les six chasseurs Rafale commandés par l'Inde seront livrés en 2026.",
        K.ARMS_TRANSFER,
        {"recipient": "india", "weapon": "rafale"},
        {M.UNITS: 6},
        Modality.PLANNED,
        date=D(2026),
    ),
    Case(
        "Les 300 soldats italiens déployés au Liban ont rejoint leur base.",
        K.DEPLOYMENT,
        {"agent": "italy", "recipient": "lebanon"},
        {M.TROOPS: 300},
    ),
    Case(
        "Les quinze drones abattus mardi visaient Odessa.",
        K.CASUALTIES,
        {},
        {M.DESTROYED: 15},
        date=D(2025, 3, 18),
    ),
    Case(
        "Les obus livrés par la Corée du Nord à la Russie ont été tirés sur le front.",
        K.ARMS_TRANSFER,
        {"agent": "north-korea", "recipient": "russia", "weapon": "artillery-shells"},
    ),
    Case(
        "Blessés lors de l'attaque, neuf policiers pakistanais ont été évacués.",
        K.CASUALTIES,
        {"affected": "pakistan"},
        {M.WOUNDED: 9},
    ),
]


@pytest.mark.parametrize("case", PARTICIPLE, ids=_id)
def test_participle(nlp, kb, case):
    _check(nlp, kb, case)


# ---------------------------------------------------------------- nominal
NOMINAL = [
    Case(
        "Les pertes ukrainiennes s'élèvent à 500 tués selon Kiev.",
        K.CASUALTIES,
        {"affected": "ukraine"},
        {M.KILLED: 500},
        claimant="ukraine",
    ),
    Case(
        "L'offensive de la Russie a commencé à l'aube.",
        K.MILITARY_OPERATION,
        {"agent": "russia"},
    ),
    Case(
        "Le retrait des troupes américaines de Syrie a commencé.",
        K.WITHDRAWAL,
        {"agent": ("united-states", "us-armed-forces"), "origin": "syria"},
    ),
    # light verb + nominal trigger
    Case(
        "L'armée israélienne a procédé à des frappes contre le Hezbollah.",
        K.MILITARY_OPERATION,
        {"agent": ("israel", "israel-defense-forces"), "opponent": "hezbollah"},
    ),
    Case(
        "Le déploiement de 2 000 soldats britanniques en Estonie a débuté.",
        K.DEPLOYMENT,
        {"agent": ("united-kingdom", "british-armed-forces"), "recipient": "estonia"},
        {M.TROOPS: 2000},
    ),
    Case(
        "La ratification du traité New Start par la Russie remonte à 2011.",
        K.TREATY_RATIFICATION,
        {"participant": "russia", "treaty": "new-start"},
        date=D(2011),
    ),
    Case(
        "La rencontre entre Emmanuel Macron et Volodymyr Zelensky a eu lieu à Paris.",
        K.MEETING,
        {"participant": "emmanuel-macron", "place": "paris"},
    ),
    Case(
        "Les frappes américaines contre les Houthis se sont poursuivies.",
        K.MILITARY_OPERATION,
        {"agent": "united-states", "opponent": "houthis"},
    ),
    Case(
        "La vente de 26 Rafale à l'Inde a été conclue.",
        K.ARMS_TRANSFER,
        {"recipient": "india", "weapon": "rafale"},
        {M.UNITS: 26},
    ),
    Case(
        "La livraison de 40 chars Leopard 2 à la Pologne par l'Allemagne est achevée.",
        K.ARMS_TRANSFER,
        {"agent": "germany", "recipient": "poland", "weapon": "leopard-2"},
        {M.UNITS: 40},
    ),
]


@pytest.mark.parametrize("case", NOMINAL, ids=_id)
def test_nominal(nlp, kb, case):
    _check(nlp, kb, case)


# ---------------------------------------------------------------- relative
RELATIVE = [
    Case(
        "A Kiev, où les sirènes ont retenti toute la nuit, les secours ont compté 19 morts.",
        K.CASUALTIES,
        {"affected": "ukraine"},
        {M.KILLED: 19},
    ),
    Case(
        "Les chars que l'Allemagne a livrés à l'Ukraine sont des Leopard 2.",
        K.ARMS_TRANSFER,
        {"agent": "germany", "recipient": "ukraine"},
    ),
    Case(
        "Les drones iraniens, dont 40 ont été abattus dans la nuit, visaient Kiev.",
        K.CASUALTIES,
        {"affected": "iran"},
        {M.DESTROYED: 40},
    ),
    Case(
        "La Pologne, qui a commandé 96 hélicoptères aux Etats-Unis, attend les premiers.",
        K.ARMS_TRANSFER,
        {"recipient": "poland", "agent": "united-states"},
        {M.UNITS: 96},
        Modality.PLANNED,
    ),
    Case(
        "Le missile qu'a tiré la Corée du Nord est tombé en mer du Japon.",
        K.WEAPON_TEST,
        {"agent": "north-korea"},
    ),
    Case(
        "C'est la France qui a livré les canons Caesar à l'Arménie.",
        K.ARMS_TRANSFER,
        {"agent": "france", "recipient": "armenia", "weapon": "caesar"},
        absent=(("agent", "armenia"),),
    ),
    Case(
        "Kharkiv, que l'armée russe a bombardée mardi, est privée d'électricité.",
        K.MILITARY_OPERATION,
        {"agent": "russian-armed-forces", "place": "kharkiv"},
        date=D(2025, 3, 18),
    ),
    Case(
        "L'Ukraine, qui a reçu 30 F-16 de la Norvège, en attend d'autres.",
        K.ARMS_TRANSFER,
        {"recipient": "ukraine", "agent": "norway", "weapon": "f-16"},
        {M.UNITS: 30},
    ),
    Case(
        "Israël, dont l'aviation a frappé Beyrouth jeudi, dit viser le Hezbollah.",
        K.MILITARY_OPERATION,
        {"agent": ("israel", "israel-air-force")},
        date=D(2025, 3, 20),
    ),
    Case(
        "Le traité New Start, que la Russie a suspendu en 2023, expire en 2026.",
        K.TREATY_WITHDRAWAL,
        {"participant": "russia", "treaty": "new-start"},
        date=D(2023),
    ),
]


@pytest.mark.parametrize("case", RELATIVE, ids=_id)
def test_relative(nlp, kb, case):
    _check(nlp, kb, case)


# ---------------------------------------------------------------- coordination
COORDINATION = [
    # killed and wounded in one statement: one event
    Case(
        "Six civils ont été tués et quarante autres blessés à Odessa.",
        K.CASUALTIES,
        {},
        {M.KILLED: 6, M.WOUNDED: 40},
    ),
    Case(
        "Selon les autorités, 45 morts et 230 blessés ont été recensés dans tout le pays.",
        K.CASUALTIES,
        {},
        {M.KILLED: 45, M.WOUNDED: 230},
    ),
    Case(
        "Trois soldats ont été tués et cinq blessés, a annoncé l'armée lituanienne.",
        K.CASUALTIES,
        {},
        {M.KILLED: 3, M.WOUNDED: 5},
        claimant=("lithuania", "lithuania-armed-forces"),
    ),
    # coordinated objects: each figure with its own side or system
    Case(
        "Les rebelles affirment avoir tué 60 soldats français et 12 soldats allemands.",
        K.CASUALTIES,
        {"affected": ("germany", "bundeswehr")},
        {M.KILLED: 12},
    ),
    Case(
        "La Pologne a réceptionné douze chars K2 et 18 obusiers K9 mardi.",
        K.ARMS_TRANSFER,
        {"recipient": "poland"},
        {M.UNITS: 18},
        date=D(2025, 3, 18),
    ),
    # gapping: the second clause borrows the verb and the weapon
    Case(
        "L'Italie a fourni des F-16 à l'Ukraine. La Suède a promis 18 appareils et la Norvège 22.",
        K.ARMS_TRANSFER,
        {"agent": "norway", "weapon": "f-16"},
        {M.UNITS: 22},
    ),
    Case(
        "Le Danemark a promis 19 F-16 et les Pays-Bas 24.",
        K.ARMS_TRANSFER,
        {"agent": "netherlands", "weapon": "f-16"},
        {M.UNITS: 24},
        Modality.PLANNED,
    ),
    # coordinated subjects and objects
    Case(
        "L'Allemagne et la France ont livré des obusiers à l'Ukraine.",
        K.ARMS_TRANSFER,
        {"agent": "france", "recipient": "ukraine"},
    ),
    Case(
        "La Russie a bombardé Kharkiv et Odessa mardi.",
        K.MILITARY_OPERATION,
        {"agent": "russia", "place": "odesa"},
        date=D(2025, 3, 18),
    ),
    Case(
        "Israël a frappé le Liban puis la Syrie.",
        K.MILITARY_OPERATION,
        {"agent": "israel", "opponent": "syria"},
    ),
]


@pytest.mark.parametrize("case", COORDINATION, ids=_id)
def test_coordination(nlp, kb, case):
    _check(nlp, kb, case)


# ---------------------------------------------------------------- demonym / metonym actor
DEMONYM_METONYM = [
    Case(
        "Quatorze soldats ukrainiens ont péri lors de l'assaut.",
        K.CASUALTIES,
        {"affected": ("ukraine", "ukrainian-armed-forces")},
        {M.KILLED: 14},
    ),
    Case(
        "Neuf marins russes ont perdu la vie dans le naufrage.",
        K.CASUALTIES,
        {"affected": ("russia", "russian-navy")},
        {M.KILLED: 9},
    ),
    Case(
        "Des frappes israéliennes ont visé plusieurs quartiers de la ville.",
        K.MILITARY_OPERATION,
        {"agent": "israel"},
    ),
    Case(
        "La défense aérienne israélienne a abattu six drones iraniens.",
        K.CASUALTIES,
        {"affected": "iran"},
        {M.DESTROYED: 6},
    ),
    Case(
        "L'aviation indienne a abattu trois drones pakistanais au-dessus de la frontière.",
        K.MILITARY_OPERATION,
        {"agent": ("india", "india-air-force", "indian-air-force"), "opponent": "pakistan"},
    ),
    Case(
        "Les derniers soldats allemands ont quitté l'Afghanistan mardi.",
        K.WITHDRAWAL,
        {"agent": ("germany", "bundeswehr"), "origin": "afghanistan"},
        date=D(2025, 3, 18),
    ),
    Case(
        "Des drones russes ont frappé Kiev dans la nuit.",
        K.MILITARY_OPERATION,
        {"agent": "russia", "opponent": "ukraine"},
    ),
    # a capital standing for its state
    Case(
        "Moscou a livré des systèmes S-400 à Téhéran.",
        K.ARMS_TRANSFER,
        {"agent": "russia", "recipient": "iran", "weapon": "s-400"},
    ),
    Case(
        "Washington a promis 18 obusiers M777 à Kiev.",
        K.ARMS_TRANSFER,
        {"agent": "united-states", "recipient": "ukraine", "weapon": "m777"},
        {M.UNITS: 18},
        Modality.PLANNED,
    ),
    Case(
        "Ankara a bombardé des positions du PKK en Irak.",
        K.MILITARY_OPERATION,
        {"agent": "turkey", "opponent": "pkk"},
    ),
    Case(
        "Séoul a commandé 20 chasseurs F-35 aux Etats-Unis.",
        K.ARMS_TRANSFER,
        {"recipient": "south-korea", "agent": "united-states", "weapon": "f-35"},
        {M.UNITS: 20},
    ),
    Case(
        "Pékin a livré des drones à Moscou.",
        K.ARMS_TRANSFER,
        {"agent": "china", "recipient": "russia"},
    ),
]


@pytest.mark.parametrize("case", DEMONYM_METONYM, ids=_id)
def test_demonym_metonym(nlp, kb, case):
    _check(nlp, kb, case)


# ---------------------------------------------------------------- reported speech
REPORTED_SPEECH = [
    Case(
        "Des missiles ATACMS ont été tirés sur Belgorod, selon Moscou.",
        K.MILITARY_OPERATION,
        {"weapon": "atacms"},
        claimant="russia",
    ),
    Case(
        "Le Japon a acheté 400 missiles Tomahawk, a indiqué Tokyo.",
        K.ARMS_TRANSFER,
        {"recipient": "japan", "weapon": "tomahawk"},
        {M.UNITS: 400},
        claimant="japan",
    ),
    Case(
        "L'explosion a fait 31 morts et 80 blessés côté polonais, selon Varsovie.",
        K.CASUALTIES,
        {"affected": "poland"},
        {M.KILLED: 31, M.WOUNDED: 80},
        claimant="poland",
    ),
    Case(
        "Selon Kiev, 20 drones russes ont été abattus dans la nuit.",
        K.CASUALTIES,
        {"affected": "russia"},
        {M.DESTROYED: 20},
        claimant="ukraine",
    ),
    Case(
        "L'armée ukrainienne a affirmé avoir abattu 35 drones Shahed.",
        K.CASUALTIES,
        {},
        {M.DESTROYED: 35},
        claimant="ukrainian-armed-forces",
    ),
    Case(
        "D'après l'agence Reuters, la Chine a livré des drones à la Russie.",
        K.ARMS_TRANSFER,
        {"agent": "china", "recipient": "russia"},
        claimant="reuters",
    ),
    Case(
        "Le Pentagone a indiqué que 2 500 soldats américains seraient déployés en Pologne.",
        K.DEPLOYMENT,
        {"agent": ("united-states", "us-armed-forces"), "recipient": "poland"},
        {M.TROOPS: 2500},
        Modality.PLANNED,
        claimant="pentagon",
    ),
    Case(
        "La Corée du Nord a tiré un missile balistique, a annoncé l'état-major sud-coréen.",
        K.WEAPON_TEST,
        {"agent": "north-korea", "weapon": "ballistic-missile"},
        claimant=("jcs", "south-korean-armed-forces"),
    ),
    Case(
        "Israël a frappé Damas, rapporte l'agence Sana.",
        K.MILITARY_OPERATION,
        {"agent": "israel"},
        claimant="sana",
    ),
    Case(
        "Moscou affirme que 40 soldats ukrainiens ont été tués à Koursk.",
        K.CASUALTIES,
        {"affected": ("ukraine", "ukrainian-armed-forces")},
        {M.KILLED: 40},
        claimant="russia",
    ),
    Case(
        "Selon l'OSDH, les frappes ont fait 23 morts à Idleb.",
        K.CASUALTIES,
        {},
        {M.KILLED: 23},
        claimant="osdh",
    ),
]


@pytest.mark.parametrize("case", REPORTED_SPEECH, ids=_id)
def test_reported_speech(nlp, kb, case):
    _check(nlp, kb, case)


# ---------------------------------------------------------------- modality
MODALITY = [
    Case(
        "La France a promis 12 canons Caesar à l'Ukraine.",
        K.ARMS_TRANSFER,
        {"agent": "france", "recipient": "ukraine", "weapon": "caesar"},
        {M.UNITS: 12},
        Modality.PLANNED,
    ),
    Case(
        "Le Royaume-Uni s'est engagé à livrer des missiles Storm Shadow à l'Ukraine.",
        K.ARMS_TRANSFER,
        {"agent": "united-kingdom", "recipient": "ukraine", "weapon": "storm-shadow"},
        {},
        Modality.PLANNED,
    ),
    Case(
        "La Pologne a commandé 96 hélicoptères aux Etats-Unis.",
        K.ARMS_TRANSFER,
        {"recipient": "poland", "agent": "united-states"},
        {M.UNITS: 96},
        Modality.PLANNED,
    ),
    Case(
        "Le Japon a annoncé qu'il livrerait huit systèmes Patriot à l'Ukraine.",
        K.ARMS_TRANSFER,
        {"agent": "japan", "recipient": "ukraine", "weapon": "patriot"},
        {M.UNITS: 8},
        Modality.PLANNED,
        claimant="japan",
    ),
    Case(
        "Les troupes britanniques doivent se retirer de la Lettonie d'ici l'été.",
        K.WITHDRAWAL,
        {"agent": ("united-kingdom", "british-armed-forces"), "origin": "latvia"},
        {},
        Modality.PLANNED,
    ),
    Case(
        "La Suède livrera quatre navires à la Pologne.",
        K.ARMS_TRANSFER,
        {"agent": "sweden", "recipient": "poland"},
        {M.UNITS: 4},
        Modality.PLANNED,
    ),
    Case(
        "La Suède livra des canons à la Pologne.",
        K.ARMS_TRANSFER,
        {"agent": "sweden", "recipient": "poland"},
        {},
        Modality.ASSERTED,
    ),
    Case(
        "Le Canada prévoit d'envoyer 1 000 soldats en Lettonie.",
        K.DEPLOYMENT,
        {"agent": "canada", "recipient": "latvia"},
        {M.TROOPS: 1000},
        Modality.PLANNED,
    ),
    Case(
        "L'Allemagne pourrait livrer des missiles Taurus à l'Ukraine.",
        K.ARMS_TRANSFER,
        {"agent": "germany", "recipient": "ukraine", "weapon": "taurus"},
        {},
        Modality.POSSIBLE,
    ),
    Case(
        "Les Etats-Unis n'ont pas livré de missiles Tomahawk à l'Ukraine.",
        K.ARMS_TRANSFER,
        {"agent": "united-states", "recipient": "ukraine", "weapon": "tomahawk"},
        {},
        Modality.DENIED,
    ),
    Case(
        "Le Kremlin nie avoir déployé des troupes au Bélarus.",
        K.DEPLOYMENT,
        {"agent": ("russia", "kremlin"), "recipient": "belarus"},
        {},
        Modality.DENIED,
        claimant="kremlin",
    ),
    Case(
        "La Russie dément avoir frappé un hôpital à Soumy.",
        K.MILITARY_OPERATION,
        {"agent": "russia"},
        {},
        Modality.DENIED,
        claimant="russia",
    ),
]


@pytest.mark.parametrize("case", MODALITY, ids=_id)
def test_modality(nlp, kb, case):
    _check(nlp, kb, case)


# ---------------------------------------------------------------- numbers
NUMBERS = [
    Case(
        "D'après la marine, 11 des 16 drones lancés ont été détruits.",
        K.CASUALTIES,
        {},
        {M.DESTROYED: 11},
    ),
    Case(
        "Plus de 1 200 soldats ont été tués en une semaine.",
        K.CASUALTIES,
        {},
        {M.KILLED: 1200},
    ),
    Case(
        "Les combats ont fait trois cent vingt morts.",
        K.CASUALTIES,
        {},
        {M.KILLED: 320},
    ),
    Case(
        "Quatre mille soldats tchadiens ont été envoyés au Niger.",
        K.DEPLOYMENT,
        {"agent": "chad", "recipient": "niger"},
        {M.TROOPS: 4000},
    ),
    Case(
        "Une dizaine de soldats ont été tués.",
        K.CASUALTIES,
        {},
        {M.KILLED: 10},
    ),
    Case(
        "L'Ukraine a reçu 1.500 obus de la Tchéquie.",
        K.ARMS_TRANSFER,
        {"recipient": "ukraine", "agent": "czech-republic", "weapon": "artillery-shells"},
        {M.UNITS: 1500},
    ),
    Case(
        "Près de 2 000 soldats français ont été déployés en Roumanie.",
        K.DEPLOYMENT,
        {"agent": ("france", "french-armed-forces"), "recipient": "romania"},
        {M.TROOPS: 2000},
    ),
    # a partitive clitic counting the weapon named before
    Case(
        "Les Etats-Unis ont livré des HIMARS à l'Ukraine. Le Canada en enverra quatre.",
        K.ARMS_TRANSFER,
        {"agent": "canada", "weapon": "himars"},
        {M.UNITS: 4},
        Modality.PLANNED,
    ),
    Case(
        "La frappe a fait au moins 7 morts et une vingtaine de blessés.",
        K.CASUALTIES,
        {},
        {M.KILLED: 7, M.WOUNDED: 20},
    ),
    Case(
        "Une cinquantaine de civils ont été blessés dans l'attaque.",
        K.CASUALTIES,
        {},
        {M.WOUNDED: 50},
    ),
    Case(
        "Vingt-sept civils y ont été blessés mercredi.",
        K.CASUALTIES,
        {},
        {M.WOUNDED: 27},
        date=D(2025, 3, 19),
    ),
]


@pytest.mark.parametrize("case", NUMBERS, ids=_id)
def test_numbers(nlp, kb, case):
    _check(nlp, kb, case)


# ---------------------------------------------------------------- relative dates
RELATIVE_DATES = [
    Case(
        "L'armée russe a bombardé Kharkiv hier.",
        K.MILITARY_OPERATION,
        {"agent": "russian-armed-forces", "place": "kharkiv"},
        date=D(2025, 3, 19),
    ),
    Case(
        "La Pologne a réceptionné des chars K2 lundi dernier.",
        K.ARMS_TRANSFER,
        {"recipient": "poland", "weapon": "k2-black-panther"},
        date=D(2025, 3, 17),
    ),
    Case(
        "La frappe de mardi a tué 8 civils à Odessa.",
        K.CASUALTIES,
        {"affected": "ukraine"},
        {M.KILLED: 8},
        date=D(2025, 3, 18),
    ),
    Case(
        "Le mois dernier, la France a livré 6 Rafale à la Grèce.",
        K.ARMS_TRANSFER,
        {"agent": "france", "recipient": "greece", "weapon": "rafale"},
        {M.UNITS: 6},
        date=D(2025, 2),
    ),
    Case(
        "L'Ukraine a ratifié le statut de Rome l'an dernier.",
        K.TREATY_RATIFICATION,
        {"participant": "ukraine", "treaty": "rome-statute"},
        date=D(2024),
    ),
    Case(
        "Les Etats-Unis ont frappé les Houthis dans la nuit de dimanche à lundi.",
        K.MILITARY_OPERATION,
        {"agent": "united-states"},
        date=D(2025, 3, 16),
    ),
    Case(
        "Vendredi dernier, Israël a frappé Beyrouth.",
        K.MILITARY_OPERATION,
        {"agent": "israel"},
        date=D(2025, 3, 14),
    ),
    Case(
        "Il y a trois jours, l'armée russe a tiré des missiles Kinjal sur Lviv.",
        K.MILITARY_OPERATION,
        {"agent": "russian-armed-forces", "place": "lviv", "weapon": "kinzhal"},
        date=D(2025, 3, 17),
    ),
    Case(
        "La France livrera six Rafale à l'Inde mardi prochain.",
        K.ARMS_TRANSFER,
        {"agent": "france", "recipient": "india", "weapon": "rafale"},
        {M.UNITS: 6},
        Modality.PLANNED,
        date=D(2025, 3, 25),
    ),
    Case(
        "Le traité New Start a été signé en 2010. Il est entré en vigueur l'année suivante.",
        K.TREATY_ENTRY_INTO_FORCE,
        {"treaty": "new-start"},
        date=D(2011),
    ),
    Case(
        "Avant-hier, six soldats lettons ont été blessés.",
        K.CASUALTIES,
        {"affected": ("latvia", "latvia-armed-forces")},
        {M.WOUNDED: 6},
        date=D(2025, 3, 18),
    ),
]


@pytest.mark.parametrize("case", RELATIVE_DATES, ids=_id)
def test_relative_dates(nlp, kb, case):
    _check(nlp, kb, case)


# ---------------------------------------------------------------- casualties
CASUALTIES = [
    Case(
        "Le bombardement a tué au moins douze personnes à Kiev dans la nuit de lundi.",
        K.CASUALTIES,
        {"affected": "ukraine"},
        {M.KILLED: 12},
        date=D(2025, 3, 17),
    ),
    Case(
        "L'attaque au drone a fait 5 morts à Zaporijjia.",
        K.CASUALTIES,
        {"affected": "ukraine"},
        {M.KILLED: 5},
    ),
    Case(
        "Le naufrage du croiseur a coûté la vie à 40 marins russes.",
        K.CASUALTIES,
        {"affected": ("russia", "russian-navy")},
        {M.KILLED: 40},
    ),
    Case(
        "Au moins 200 soldats soudanais ont été capturés par les paramilitaires.",
        K.CASUALTIES,
        {"affected": ("sudan", "sudanese-armed-forces")},
        {M.CAPTURED: 200},
    ),
    Case(
        "Le bilan de l'attaque s'est alourdi à 33 morts.",
        K.CASUALTIES,
        {},
        {M.KILLED: 33},
    ),
    Case(
        "Trente-deux personnes sont mortes dans l'incendie du dépôt de munitions.",
        K.CASUALTIES,
        {},
        {M.KILLED: 32},
    ),
    Case(
        "Onze militaires polonais ont été faits prisonniers près de la frontière.",
        K.CASUALTIES,
        {"affected": ("poland", "polish-armed-forces")},
        {M.CAPTURED: 11},
    ),
    Case(
        "Un bilan de 64 morts a été publié par les autorités de Kharkiv.",
        K.CASUALTIES,
        {"affected": "ukraine"},
        {M.KILLED: 64},
    ),
    Case(
        "Quatre casques bleus ont été tués au Liban.",
        K.CASUALTIES,
        {},
        {M.KILLED: 4},
    ),
]


@pytest.mark.parametrize("case", CASUALTIES, ids=_id)
def test_casualties(nlp, kb, case):
    _check(nlp, kb, case)


# ---------------------------------------------------------------- treaty milestones
TREATY_MILESTONES = [
    Case(
        "Le Bélarus suspend sa participation au traité FCE.",
        K.TREATY_WITHDRAWAL,
        {"participant": "belarus", "treaty": "cfe-treaty"},
    ),
    Case(
        "Le Parlement a voté une loi révoquant la ratification du traité FCE.",
        K.TREATY_WITHDRAWAL,
        {"treaty": "cfe-treaty"},
    ),
    # an object clitic standing for the treaty named before
    Case(
        "Le Parlement suédois a ratifié le traité New Start. La Norvège l'avait ratifié lundi.",
        K.TREATY_RATIFICATION,
        {"participant": "norway", "treaty": "new-start"},
        date=D(2025, 3, 17),
    ),
    Case(
        "La Finlande a signé le traité d'Ottawa en 1997.",
        K.TREATY_SIGNING,
        {"participant": "finland", "treaty": "ottawa-treaty"},
        date=D(1997),
    ),
    Case(
        "Les Etats-Unis se sont retirés du traité FNI en 2019.",
        K.TREATY_WITHDRAWAL,
        {"participant": "united-states", "treaty": "inf-treaty"},
        date=D(2019),
    ),
    Case(
        "Le Soudan du Sud a adhéré au traité de non-prolifération.",
        K.TREATY_RATIFICATION,
        {"participant": "south-sudan", "treaty": "npt"},
    ),
    Case(
        "L'accord de Minsk a été signé par l'Ukraine et la Russie en 2015.",
        K.TREATY_SIGNING,
        {"participant": "russia", "treaty": "minsk-agreements"},
        date=D(2015),
    ),
    Case(
        "La Lituanie a quitté la convention sur les armes à sous-munitions.",
        K.TREATY_WITHDRAWAL,
        {"participant": "lithuania", "treaty": "cluster-munitions-convention"},
    ),
    Case(
        "Le traité Ciel ouvert est entré en vigueur en 2002.",
        K.TREATY_ENTRY_INTO_FORCE,
        {"treaty": "open-skies-treaty"},
        date=D(2002),
    ),
]


@pytest.mark.parametrize("case", TREATY_MILESTONES, ids=_id)
def test_treaty_milestones(nlp, kb, case):
    _check(nlp, kb, case)


# ---------------------------------------------------------------- meetings
MEETINGS = [
    Case(
        "Emmanuel Macron a rencontré Volodymyr Zelensky à Paris mardi.",
        K.MEETING,
        {"participant": "volodymyr-zelensky", "place": "paris"},
        date=D(2025, 3, 18),
        absent=(("participant", "paris"),),
    ),
    Case(
        "Xi Jinping et Narendra Modi se sont rencontrés à Pékin.",
        K.MEETING,
        {"participant": "narendra-modi", "place": "beijing"},
    ),
    Case(
        "Antony Blinken s'est rendu à Kiev pour rencontrer Dmytro Kouleba.",
        K.MEETING,
        {"participant": "dmytro-kuleba"},
    ),
    Case(
        "Keir Starmer a accueilli Mark Rutte à Londres jeudi.",
        K.MEETING,
        {"participant": "mark-rutte", "place": "london"},
        date=D(2025, 3, 20),
    ),
    Case(
        "Vladimir Poutine s'est entretenu par téléphone avec Donald Trump.",
        K.MEETING,
        {"participant": "donald-trump"},
    ),
    Case(
        "Donald Tusk et Friedrich Merz se sont entretenus par téléphone lundi.",
        K.MEETING,
        {"participant": "friedrich-merz"},
        date=D(2025, 3, 17),
    ),
    Case(
        "Le ministre indien Rajnath Singh a reçu son homologue australien Richard Marles.",
        K.MEETING,
        {"participant": "richard-marles"},
    ),
    Case(
        "Les dirigeants du G7 se sont réunis à Rome.",
        K.MEETING,
        {"participant": "g7", "place": "rome"},
    ),
    Case(
        "Le sommet de l'OTAN s'est tenu à Vilnius en juillet 2023.",
        K.MEETING,
        {"participant": "nato", "place": "vilnius"},
        date=D(2023, 7),
    ),
]


@pytest.mark.parametrize("case", MEETINGS, ids=_id)
def test_meetings(nlp, kb, case):
    _check(nlp, kb, case)


# ---------------------------------------------------------------- operations
OPERATIONS = [
    Case(
        "L'armée russe a bombardé Kharkiv dans la nuit de mardi.",
        K.MILITARY_OPERATION,
        {"agent": "russian-armed-forces", "place": "kharkiv"},
        date=D(2025, 3, 18),
    ),
    Case(
        "Les forces ukrainiennes se sont emparées de Koursk au petit matin.",
        K.MILITARY_OPERATION,
        {"place": ("kursk", "kursk-oblast")},
    ),
    Case(
        "Les combattants ont pris le contrôle de Kherson après trois jours de combats.",
        K.MILITARY_OPERATION,
        {"place": "kherson"},
    ),
    Case(
        "La marine russe a tiré des missiles Kalibr sur Odessa.",
        K.MILITARY_OPERATION,
        {"agent": ("russia", "russian-navy"), "place": "odesa", "weapon": "kalibr"},
    ),
    Case(
        "La Russie a tiré des missiles Iskander sur Odessa.",
        K.MILITARY_OPERATION,
        {"agent": "russia", "weapon": "iskander"},
    ),
    Case(
        "Le Hamas a lancé une attaque contre Israël.",
        K.MILITARY_OPERATION,
        {"agent": "hamas", "opponent": "israel"},
    ),
    Case(
        "Les Houthis ont attaqué un navire marchand en mer Rouge.",
        K.MILITARY_OPERATION,
        {"agent": "houthis"},
    ),
    Case(
        "Les Etats-Unis ont frappé des cibles houthies au Yémen.",
        K.MILITARY_OPERATION,
        {"agent": "united-states", "opponent": ("houthis", "yemen")},
    ),
    Case(
        "L'armée soudanaise a repris Khartoum aux Forces de soutien rapide.",
        K.MILITARY_OPERATION,
        {"agent": "sudanese-armed-forces", "place": "khartoum"},
    ),
    Case(
        "Le M23 a pris la ville de Goma.",
        K.MILITARY_OPERATION,
        {"agent": "m23", "place": "goma"},
    ),
]


@pytest.mark.parametrize("case", OPERATIONS, ids=_id)
def test_operations(nlp, kb, case):
    _check(nlp, kb, case)


# ---------------------------------------------------------------- guards (not a group)
# Sentences that must NOT give an event of some class, or must give one modality
# and not another: precision checks beside the groups.


def test_a_missile_fired_without_a_target_is_a_test(nlp, kb):
    r = _run(nlp, kb, "La Corée du Nord a tiré un missile Hwasong-18 vers la mer.")
    kinds = {c.event.kind for c in r.claims}
    assert K.WEAPON_TEST in kinds and K.MILITARY_OPERATION not in kinds


def test_a_missile_fired_at_a_city_is_an_operation_not_a_test(nlp, kb):
    r = _run(nlp, kb, "La Russie a tiré des missiles Iskander sur Odessa.")
    kinds = {c.event.kind for c in r.claims}
    assert K.MILITARY_OPERATION in kinds and K.WEAPON_TEST not in kinds


def test_receiving_a_minister_is_a_meeting_not_a_transfer(nlp, kb):
    r = _run(nlp, kb, "Le président ukrainien a reçu le ministre allemand à Kiev.")
    assert not [c for c in r.claims if c.event.kind is K.ARMS_TRANSFER]


def test_a_president_leaving_his_country_is_no_withdrawal(nlp, kb):
    r = _run(nlp, kb, "Le président syrien a quitté le pays dimanche pour Moscou.")
    assert not [c for c in r.claims if c.event.kind is K.WITHDRAWAL]


def test_troops_engaged_in_operations_are_not_a_plan(nlp, kb):
    r = _run(nlp, kb, "Des soldats seraient engagés dans des opérations offensives près de Koursk.")
    assert all(c.modality is not Modality.PLANNED for c in r.claims)


def test_a_class_named_around_a_system_gives_the_system_only(nlp, kb):
    r = _run(nlp, kb, "L'Espagne a livré des chars lourds Leopard 2 à la Lituanie.")
    transfers = [c.event for c in r.claims if c.event.kind is K.ARMS_TRANSFER]
    assert transfers and all(e.role("weapon") == ("leopard-2",) for e in transfers)


def test_a_future_is_planned_but_a_simple_past_is_not(nlp, kb):
    future = _run(nlp, kb, "La Suède vendra à la Pologne quatre navires.")
    past = _run(nlp, kb, "La Suède livra des canons à la Pologne.")
    assert [c.modality for c in future.claims] == [Modality.PLANNED]
    assert [c.modality for c in past.claims] == [Modality.ASSERTED]


def test_a_conditional_after_a_past_report_is_planned_but_a_hedge_is_not(nlp, kb):
    planned = _run(nlp, kb, "Le Canada a annoncé qu'il livrerait des obusiers à l'Ukraine.")
    hedged = _run(nlp, kb, "Selon Kiev, des soldats russes auraient été envoyés au Bélarus.")
    assert [c.modality for c in planned.claims] == [Modality.PLANNED]
    assert all(c.modality is Modality.ASSERTED for c in hedged.claims)


def test_hostages_set_free_are_no_casualties(nlp, kb):
    r = _run(nlp, kb, "L'accord prévoit la libération de 40 otages détenus à Gaza.")
    assert not [c for c in r.claims if c.event.kind is K.CASUALTIES]


def test_separate_tolls_of_one_article_stay_separate(nlp, kb):
    text = (
        "Les frappes ont fait 40 morts dans le pays. "
        "Le bilan de la capitale est de 12 morts. "
        "Plus tard, l'armée a abattu cinq drones."
    )
    r = _run(nlp, kb, text)
    tolls = [c.event for c in r.claims if c.event.kind is K.CASUALTIES]
    figures = sorted(tuple(sorted((q.measure.value, q.value) for q in e.quantities)) for e in tolls)
    assert (("Killed", 40),) in figures and (("Killed", 12),) in figures
    assert all(len(f) == 1 for f in figures)
