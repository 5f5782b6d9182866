"""Treaty milestones, meetings, cooperation, withdrawals, and the merge of event reports.

The extraction cases run short French texts written for these tests through
the real pipeline (marked ``model``); the merge cases build reports by hand
and check which of them ``merge_claims`` joins into one event, within an
article and across articles.
"""

from __future__ import annotations

import pytest

from article_helpers import extract_text
from newskg.extract.merge import merge_claims
from newskg.model import (
    Claim,
    Event,
    EventKind,
    Measure,
    PartialDate,
    Quantity,
    TimeValue,
)

K = EventKind
M = Measure
_PUBLISHED = PartialDate(2025, 3, 20)


# ---------------------------------------------------------------- merges (no model)
def _same(a: str, b: str) -> bool:
    return a == b


def _claim(ev: Event, article: str, start: int = 0, claimant: str | None = None) -> Claim:
    return Claim(ev, article, "q", start, start + 10, claimant=claimant)


def _meeting(*who: str, when: PartialDate | None = None) -> Event:
    roles = tuple(sorted(("participant", w) for w in who))
    return Event(K.MEETING, roles, (), TimeValue(date=when) if when else None)


def _events(claims: list[Claim]) -> set[Event]:
    return {c.event for c in claims}


def test_undated_meetings_of_two_articles_sharing_one_state_stay_apart() -> None:
    a = _meeting("joe-biden", "volodymyr-zelensky", "united-states", "russia")
    b = _meeting("kim-jong-un", "vladimir-putin", "russia")
    out = merge_claims([_claim(a, "a1"), _claim(b, "a2")], _same, within_article=False)
    assert len(_events(out)) == 2


def test_undated_reports_of_two_articles_never_merge_on_roles_alone() -> None:
    a = _meeting("kim-jong-un", "vladimir-putin")
    b = _meeting("kim-jong-un", "vladimir-putin", "russia")
    out = merge_claims([_claim(a, "a1"), _claim(b, "a2")], _same, within_article=False)
    assert _events(out) == {a, b}


def test_dated_meetings_of_two_articles_with_the_same_participants_merge() -> None:
    a = _meeting("kim-jong-un", "vladimir-putin", when=PartialDate(2023, 9, 13))
    b = _meeting("kim-jong-un", "vladimir-putin", when=PartialDate(2023, 9))
    out = merge_claims([_claim(a, "a1"), _claim(b, "a2")], _same, within_article=False)
    (ev,) = _events(out)
    assert ev.time == TimeValue(date=PartialDate(2023, 9, 13))


def test_dated_meetings_sharing_only_one_participant_stay_apart() -> None:
    day = PartialDate(2023, 9, 13)
    a = _meeting("joe-biden", "volodymyr-zelensky", when=day)
    b = _meeting("joe-biden", "rishi-sunak", when=day)
    out = merge_claims([_claim(a, "a1"), _claim(b, "a2")], _same, within_article=False)
    assert len(_events(out)) == 2


def test_undated_reports_with_the_same_figure_merge_across_articles() -> None:
    roles = (("agent", "france"), ("origin", "niger"))
    q = (Quantity(M.TROOPS, 1500),)
    a = Event(K.WITHDRAWAL, roles, q)
    out = merge_claims([_claim(a, "a1"), _claim(a, "a2")], _same, within_article=False)
    assert len(_events(out)) == 1


def _toll(**figures: int) -> Event:
    qs = tuple(sorted(Quantity(M[name.upper()], v) for name, v in figures.items()))
    return Event(K.CASUALTIES, (("affected", "ukraine"),), qs)


def test_a_killed_or_wounded_total_never_joins_other_reports_figures() -> None:
    claims = [
        _claim(_toll(killed=4700), "a1", 0),
        _claim(_toll(wounded=2700), "a1", 0),
        # a later report sharing the wounded figure, with a total of its own
        _claim(_toll(wounded=2700, killed_or_wounded=600), "a1", 200),
    ]
    out = merge_claims(claims, _same, within_article=True)
    for ev in _events(out):
        measures = {q.measure for q in ev.quantities}
        assert not (M.KILLED_OR_WOUNDED in measures and M.KILLED in measures)
    assert len(_events(out)) == 2


def test_killed_and_wounded_of_one_statement_still_join() -> None:
    claims = [_claim(_toll(killed=40), "a1", 0), _claim(_toll(wounded=121), "a1", 0)]
    (ev,) = _events(merge_claims(claims, _same, within_article=True))
    assert {q.measure: q.value for q in ev.quantities} == {M.KILLED: 40, M.WOUNDED: 121}


# ---------------------------------------------------------------- extraction (model)
def _claims(nlp, kb, text: str):
    return extract_text(nlp, kb, text, published=_PUBLISHED).claims


def _find(claims, kind: EventKind, **roles: str | tuple[str, ...]):
    """The claims of ``kind`` whose every role holds one of the accepted keys."""
    out = []
    for c in claims:
        if c.event.kind is not kind:
            continue
        ok = True
        for role, value in roles.items():
            accepted = (value,) if isinstance(value, str) else value
            if not set(accepted) & set(c.event.role(role)):
                ok = False
        if ok:
            out.append(c)
    return out


def _show(claims) -> list:
    return [(c.event.kind.value, c.event.roles, c.modality.value) for c in claims]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "kind", "roles"),
    [
        # meetings: reflexive verbs of exchange, their partners, framed nouns, places
        (
            "Le président français Emmanuel Macron s'est entretenu mardi avec Volodymyr Zelensky.",
            K.MEETING,
            {"participant": ("emmanuel-macron", "france")},
        ),
        (
            "Vladimir Poutine a dit s'être entretenu avec Xi Jinping au sujet du conflit.",
            K.MEETING,
            {"participant": ("xi-jinping", "china")},
        ),
        (
            "A l'issue d'un entretien avec Joe Biden, Olaf Scholz a annoncé des sanctions.",
            K.MEETING,
            {"participant": ("joe-biden", "united-states")},
        ),
        (
            "Joe Biden a reçu jeudi Volodymyr Zelensky à Washington.",
            K.MEETING,
            {"participant": ("volodymyr-zelensky", "ukraine")},
        ),
        # treaty milestones: instrument of accession, possessive subject
        (
            "La Suède a déposé son instrument d'adhésion au traité de l'Atlantique Nord.",
            K.TREATY_RATIFICATION,
            {"participant": "sweden", "treaty": "north-atlantic-treaty"},
        ),
        (
            "Vladimir Poutine a annoncé que son pays suspendait sa participation"
            " au traité New Start.",
            K.TREATY_WITHDRAWAL,
            {"participant": ("vladimir-putin", "russia"), "treaty": "new-start"},
        ),
        # a participle coordinated with an earlier milestone shares its treaty
        (
            "Ratifié en 1999 et entré en vigueur en 2001, le traité d'Ottawa interdit les mines.",
            K.TREATY_ENTRY_INTO_FORCE,
            {"treaty": "ottawa-treaty"},
        ),
        # the approval of a decision to withdraw is a withdrawal by the approver
        (
            "La Pologne a suspendu sa participation au traité FCE, une décision approuvée"
            " mardi par le Parlement polonais.",
            K.TREATY_WITHDRAWAL,
            {"participant": ("poland-parliament", "polish-parliament"), "treaty": "cfe-treaty"},
        ),
        # the approval, paragraphs later, of the text recalled: the revocation law
        (
            "Le président a promulgué la loi qui révoque la ratification du traité FCE par"
            " la Pologne. Les sénateurs ont débattu. Ils ont voté. Le Sénat l'avait"
            " approuvée la veille.",
            K.TREATY_WITHDRAWAL,
            {"participant": "senat", "treaty": "cfe-treaty"},
        ),
        # an emphatic pronoun the parser reads as the clause's head
        (
            "La Pologne a ratifié le traité d'Ottawa, et les Etats-Unis ont eux aussi"
            " signé le traité.",
            K.TREATY_SIGNING,
            {"participant": "united-states", "treaty": "ottawa-treaty"},
        ),
        # a phone talk between bodies of two states
        (
            "Les directeurs des opérations militaires de l'Arménie et de l'Azerbaïdjan se"
            " sont entretenus au téléphone.",
            K.MEETING,
            {"participant": "azerbaijan"},
        ),
        # coordinated nationality adjectives of the bodies that talk
        (
            "Les chefs d'état-major indien et pakistanais se sont entretenus au téléphone samedi.",
            K.MEETING,
            {"participant": "pakistan"},
        ),
        (
            "Les délégations éthiopienne et érythréenne se sont rencontrées à Nairobi.",
            K.MEETING,
            {"participant": "eritrea", "place": "nairobi"},
        ),
        ("L'entretien indo-pakistanais a duré deux heures.", K.MEETING, {"participant": "india"}),
        # "les deux armées": the two states listed before
        (
            "L'Ethiopie et l'Erythrée ont échangé des tirs. Un entretien téléphonique entre"
            " les chefs des deux armées a eu lieu lundi.",
            K.MEETING,
            {"participant": ("ethiopia", "eritrea")},
        ),
        # cooperation: a sharing device put in place by coordinated states
        (
            "La France, l'Italie et l'Espagne ont annoncé avoir mis en service un dispositif"
            " de partage des données radar.",
            K.COOPERATION,
            {"participant": "spain"},
        ),
        # joint making: coordinated subject, or a counted group noun for a listed group
        (
            "La France et l'Allemagne développeront un nouveau char de combat.",
            K.COOPERATION,
            {"participant": "germany"},
        ),
        (
            "Le Japon, l'Inde et l'Australie ont annoncé un programme naval. Les trois alliés"
            " construiront une frégate.",
            K.COOPERATION,
            {"participant": "india"},
        ),
    ],
)
def test_extraction_finds(nlp, kb, text: str, kind: EventKind, roles: dict) -> None:
    claims = _claims(nlp, kb, text)
    assert _find(claims, kind, **roles), _show(claims)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # no meeting: a reflexive-less "entretenir", materiel received, a verb of discussion
        ("La Russie entretient des relations étroites avec la Corée du Nord.", K.MEETING),
        ("Les bases polonaises accueilleront des F-16 destinés à l'Ukraine.", K.MEETING),
        # no treaty withdrawal: "dénoncer" whose object is no treaty
        (
            "Le Japon a dénoncé une décision qui éloigne l'entrée en vigueur du traité New Start.",
            K.TREATY_WITHDRAWAL,
        ),
        # a demanded departure has not happened
        ("La junte a exigé le départ des soldats français du Niger.", K.WITHDRAWAL),
        # one nationality is no meeting
        ("Les soldats russes se sont parlé lundi.", K.MEETING),
        # one state making something for another is no cooperation
        ("La Russie développe un nouveau missile pour l'Iran.", K.COOPERATION),
        # a treaty text adopted (by a conference), no party ratifying
        (
            "Adopté en 1997, le traité d'Ottawa interdit les mines antipersonnel.",
            K.TREATY_RATIFICATION,
        ),
    ],
)
def test_extraction_finds_nothing(nlp, kb, text: str, kind: EventKind) -> None:
    claims = _claims(nlp, kb, text)
    assert not _find(claims, kind), _show(claims)


@pytest.mark.model
def test_meeting_place(nlp, kb) -> None:
    claims = _claims(nlp, kb, "Joe Biden a rencontré Rishi Sunak lundi à San Diego.")
    found = _find(claims, K.MEETING, participant="rishi-sunak")
    assert found and "san-diego" in found[0].event.role("place"), _show(claims)


@pytest.mark.model
def test_a_visit_involves_the_visited_state_not_the_clause_subject(nlp, kb) -> None:
    text = "Le vote du Sénat intervenait au lendemain d'une visite d'Emmanuel Macron à Pékin."
    claims = _claims(nlp, kb, text)
    found = _find(claims, K.MEETING, participant="emmanuel-macron")
    assert found and "china" in found[0].event.role("participant"), _show(claims)
    assert not _find(claims, K.MEETING, participant="senate"), _show(claims)


@pytest.mark.model
def test_revoked_ratification_is_no_ratification(nlp, kb) -> None:
    text = "La Douma a voté la révocation de la ratification du traité New Start."
    claims = _claims(nlp, kb, text)
    assert _find(claims, K.TREATY_WITHDRAWAL, treaty="new-start"), _show(claims)
    assert not _find(claims, K.TREATY_RATIFICATION), _show(claims)


@pytest.mark.model
def test_withdrawal_from_the_country_named_before(nlp, kb) -> None:
    text = "Mali : les derniers soldats russes ont quitté le pays mardi."
    claims = _claims(nlp, kb, text)
    assert _find(claims, K.WITHDRAWAL, origin="mali"), _show(claims)


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Vladimir Poutine s'est entretenu par téléphone avec Recep Tayyip Erdogan mardi.",
        "Emmanuel Macron s'est entretenu en visioconférence avec Olaf Scholz.",
    ],
)
def test_a_talk_by_phone_or_video_has_its_partner(nlp, kb, text: str) -> None:
    """The parser hangs 'avec X' on 'téléphone': the means passes the partner on."""
    meetings = [c.event for c in _claims(nlp, kb, text) if c.event.kind is EventKind.MEETING]
    assert len(meetings) == 1
    assert len(meetings[0].role("participant")) == 2
