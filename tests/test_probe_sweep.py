"""Mechanisms found by a probe sweep of event wordings: withdrawals, treaty exits, losses.

Every sentence was written for these tests (invented news wording about
several conflicts, taken from no article). Each case runs one text through
the real pipeline (marked ``model``) and checks that a claim carries an
event of the expected kind with the expected roles, figures and date, or
that no event of a kind is read. The cases are grouped by the mechanism
they need; each mechanism's first cases failed before it was added, the
``guard`` cases keep its limits. The test article is published on Tuesday
4 February 2025, so "mardi" is 2025-02-04 and "la semaine dernière" 2025-01.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from article_helpers import extract_text
from newskg.model import EventKind, Measure, Modality, PartialDate

pytestmark = pytest.mark.model

_PUBLISHED = PartialDate(2025, 2, 4)  # a Tuesday

K = EventKind
M = Measure


@dataclass(frozen=True)
class Case:
    """A text and the event one of its claims must assert (``None`` fields unchecked)."""

    text: str
    kind: EventKind
    roles: dict[str, str] = field(default_factory=dict)
    figures: dict[Measure, int] = field(default_factory=dict)
    absent: tuple[tuple[str, str], ...] = ()  # roles that must not be filled so
    date: PartialDate | None = None


def _matches(claim, case: Case) -> bool:
    ev = claim.event
    if ev.kind is not case.kind:
        return False
    if any(value not in ev.role(role) for role, value in case.roles.items()):
        return False
    if any(value in ev.role(role) for role, value in case.absent):
        return False
    values = {q.measure: q.value for q in ev.quantities}
    if any(values.get(m) != v for m, v in case.figures.items()):
        return False
    if case.date is not None:
        time = ev.time
        got = (time.date or time.start or time.end) if time is not None else None
        if got is None or (got.year, got.month) != (case.date.year, case.date.month):
            return False
    return True


def _found(result) -> list[tuple]:
    return [
        (
            c.event.kind.value,
            c.event.roles,
            [(q.measure.value, q.value) for q in c.event.quantities],
        )
        for c in result.claims
    ]


# materiel a side loses is destroyed materiel ("materiel_loss_verbs"), and a figure read
# into "plus de" by the parser still counts what follows it
MATERIEL_LOST = [
    Case(
        "L'armée russe a perdu 30 blindés près d'Avdiïvka.",
        K.CASUALTIES,
        {"affected": "russian-armed-forces"},
        {M.DESTROYED: 30},
    ),
    Case(
        "Selon l'armée ukrainienne, la Russie a perdu 50 chars la semaine dernière.",
        K.CASUALTIES,
        {"affected": "russia"},
        {M.DESTROYED: 50},
    ),
    Case(
        "Selon Kiev, l'armée russe a perdu plus de 200 chars depuis octobre 2023.",
        K.CASUALTIES,
        {"affected": "russian-armed-forces"},
        {M.DESTROYED: 200},
    ),
    # guard: people lost stay a killed-or-wounded figure
    Case(
        "Les FSR ont perdu plus de 300 hommes.",
        K.CASUALTIES,
        {"affected": "rapid-support-forces"},
        {M.KILLED_OR_WOUNDED: 300},
    ),
]

# "se retirer du traité": the parser's passive subject of the pronominal verb is the party
TREATY_EXITS = [
    Case(
        "La Russie s'est retirée du traité New START.",
        K.TREATY_WITHDRAWAL,
        {"participant": "russia", "treaty": "new-start"},
    ),
    Case(
        "La Corée du Nord s'est retirée du traité de non-prolifération en 2003.",
        K.TREATY_WITHDRAWAL,
        {"participant": "north-korea", "treaty": "npt"},
    ),
    # "sortie" as a treaty-withdrawal noun
    Case(
        "La Lituanie a annoncé sa sortie de la convention d'Ottawa.",
        K.TREATY_WITHDRAWAL,
        {"participant": "lithuania", "treaty": "ottawa-treaty"},
    ),
    Case(
        "La Pologne a annoncé sa sortie du traité d'Ottawa.",
        K.TREATY_WITHDRAWAL,
        {"participant": "poland", "treaty": "ottawa-treaty"},
    ),
    # a date hung under a name misread as a verb ("New START") still dates the clause
    Case(
        "Moscou a suspendu sa participation au traité New START en février 2023.",
        K.TREATY_WITHDRAWAL,
        {"participant": "russia", "treaty": "new-start"},
        date=PartialDate(2023, 2),
    ),
]

# forces leaving: "rappeler" (with a place left), a possessed withdrawal noun whose
# possessor moves, "casques bleus" as personnel, a place folded into the forces' name
WITHDRAWALS = [
    Case(
        "Moscou a rappelé ses soldats de Syrie la semaine dernière.",
        K.WITHDRAWAL,
        {"agent": "russia", "origin": "syria"},
        date=PartialDate(2025, 1),
    ),
    Case(
        "Paris a rappelé ses militaires du Tchad fin janvier.",
        K.WITHDRAWAL,
        {"agent": "france", "origin": "chad"},
    ),
    Case(
        "Les casques bleus de l'ONU ont achevé leur retrait du Mali.",
        K.WITHDRAWAL,
        {"agent": "united-nations", "origin": "mali"},
    ),
    Case(
        "Les militaires britanniques ont entamé leur retrait d'Irak en mai.",
        K.WITHDRAWAL,
        {"agent": "british-armed-forces", "origin": "iraq"},
    ),
    Case("Les casques bleus ont quitté le Liban.", K.WITHDRAWAL, {"origin": "lebanon"}),
    Case(
        "Washington prévoit de retirer 2 000 soldats de Syrie début 2026.",
        K.WITHDRAWAL,
        {"agent": "united-states", "origin": "syria"},
        {M.TROOPS: 2000},
    ),
]

# "prisonniers mardi": a weekday or month after the casualty noun is no victim
CAPTURED = [
    Case(
        "Selon le ministère ukrainien de la Défense, 200 soldats russes ont été faits "
        "prisonniers mardi.",
        K.CASUALTIES,
        {"affected": "russian-armed-forces"},
        {M.CAPTURED: 200},
    ),
]

# "Soudan : 40 morts": a headline's opening place is where the toll happened
HEADLINES = [
    Case(
        "Soudan : 40 morts dans une frappe de drone à El-Fasher.",
        K.CASUALTIES,
        {"affected": "sudan"},
        {M.KILLED: 40},
    ),
    Case(
        "Gaza : au moins 25 morts dans des frappes israéliennes.",
        K.CASUALTIES,
        {"affected": "palestine"},
        {M.KILLED: 25},
    ),
    Case(
        "Liban : trois civils tués dans une frappe israélienne.",
        K.CASUALTIES,
        {"affected": "lebanon"},
        {M.KILLED: 3},
    ),
    # guards: materiel shot down over a place is not that state's, even when the parser
    # loses the materiel noun ("drones" read as an adverb)
    Case(
        "Ukraine : 25 drones russes abattus dans la nuit.",
        K.CASUALTIES,
        figures={M.DESTROYED: 25},
        absent=(("affected", "ukraine"),),
    ),
    Case(
        "Yémen : trois drones abattus par la marine française.",
        K.CASUALTIES,
        figures={M.DESTROYED: 3},
        absent=(("affected", "yemen"),),
    ),
]

# "au-dessus du Yémen", "près de X": a "de" phrase after a locative word says where, not
# whose ("locative_heads")
LOCATIVE = [
    Case(
        "Les Houthis affirment avoir abattu un drone américain MQ-9 au-dessus du Yémen.",
        K.CASUALTIES,
        {"affected": "united-states", "weapon": "mq-9"},
        {M.DESTROYED: 1},
        absent=(("affected", "yemen"),),
    ),
    Case(
        "Les Houthis affirment avoir abattu un drone américain MQ-9 au-dessus du Yémen.",
        K.MILITARY_OPERATION,
        {"agent": "houthis", "opponent": "united-states"},
        absent=(("opponent", "yemen"),),
    ),
]

# "contingent" names forces
CONTINGENT = [
    Case(
        "La Russie a retiré son contingent de Centrafrique.",
        K.WITHDRAWAL,
        {"agent": "russia", "origin": "central-african-republic"},
    ),
]

# "prévoit de livrer des chars Leopard à l'Ukraine": the "à" phrase the parser hung on
# the planning verb completes the infinitive
PLANNED = [
    Case(
        "L'Allemagne prévoit de livrer des chars Leopard à l'Ukraine début 2024.",
        K.ARMS_TRANSFER,
        {"agent": "germany", "recipient": "ukraine"},
    ),
]

# a month without year dating a plan still ahead is the next such month (published
# 2025-02-04: "fin juillet" -> 2025-07, "fin janvier" -> 2026-01); a past event keeps
# the last one
UPCOMING_MONTHS = [
    Case(
        "Paris devrait achever le retrait de ses soldats du Sénégal fin juillet.",
        K.WITHDRAWAL,
        {"agent": "france", "origin": "senegal"},
        date=PartialDate(2025, 7),
    ),
    Case(
        "Israël prévoit de retirer ses troupes du sud du Liban d'ici fin janvier.",
        K.WITHDRAWAL,
        {"agent": "israel"},
        date=PartialDate(2026, 1),
    ),
    Case(  # guard: a past withdrawal
        "Les militaires allemands ont été retirés du Mali mi-mars.",
        K.WITHDRAWAL,
        {"origin": "mali"},
        date=PartialDate(2024, 3),
    ),
]

CASES = (
    MATERIEL_LOST
    + TREATY_EXITS
    + WITHDRAWALS
    + CAPTURED
    + HEADLINES
    + LOCATIVE
    + CONTINGENT
    + PLANNED
    + UPCOMING_MONTHS
)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.text[:60])
def test_probe(nlp, kb, case: Case) -> None:
    result = extract_text(nlp, kb, case.text, published=_PUBLISHED)
    assert any(_matches(c, case) for c in result.claims), f"{case} not in {_found(result)}"


# texts that must yield no event of a kind
NONE_OF = [
    # "rappeler" without a place left is a call-up
    ("La Russie a rappelé 300 000 réservistes.", K.WITHDRAWAL),
    # states leaving an organisation are no forces withdrawing ("leur retrait de la CEDEAO")
    ("Le Mali, le Burkina Faso et le Niger ont annoncé leur retrait de la CEDEAO.", K.WITHDRAWAL),
    # a cooperation or meeting that is suspended or called off does not take place
    ("L'Iran a suspendu sa coopération avec l'AIEA.", K.COOPERATION),
    ("Le sommet entre Washington et Pékin a été annulé.", K.MEETING),
    ("Le Mali a rompu sa coopération avec la France.", K.COOPERATION),
    (
        "Le Tchad a dénoncé l'accord de coopération en matière de défense avec la France.",
        K.COOPERATION,
    ),
]


# a verb coordinated with its own subject is another clause: the first clause's plan or
# negation is not its modality
@pytest.mark.parametrize(
    ("text", "kind", "agent"),
    [
        (
            "Le retrait devait s'achever en mars, mais Paris a retiré ses troupes du Mali en mai.",
            K.WITHDRAWAL,
            "france",
        ),
        (
            "La France n'a pas livré de chars, mais l'Allemagne a livré 14 obusiers à l'Ukraine.",
            K.ARMS_TRANSFER,
            "germany",
        ),
    ],
    ids=lambda x: str(x)[:60],
)
def test_own_clause_is_asserted(nlp, kb, text: str, kind: EventKind, agent: str) -> None:
    result = extract_text(nlp, kb, text, published=_PUBLISHED)
    claims = [c for c in result.claims if c.event.kind is kind and agent in c.event.role("agent")]
    assert claims, _found(result)
    assert all(c.modality is Modality.ASSERTED for c in claims), _found(result)


@pytest.mark.parametrize(("text", "kind"), NONE_OF, ids=lambda x: str(x)[:60])
def test_no_event(nlp, kb, text: str, kind: EventKind) -> None:
    result = extract_text(nlp, kb, text, published=_PUBLISHED)
    assert not [c for c in result.claims if c.event.kind is kind], _found(result)
