"""Transfers, deployments and withdrawals: coordination, nominal triggers, complement order.

Sentences written for these tests. Each checks one dependency mechanism on
wordings other than those of the construction suite: coordinated agents
(parsed as ``conj`` or merely listed after the first), the "par" agent the
parser hangs on the destination, the stranded end of a subject noun's phrase
("la livraison de N X à Y par Z est achevée"), the supplier hung on the
materiel of a purchase, the origin inside the withdrawn forces' phrase and
gapped coordinations with a name of several words.
"""

from __future__ import annotations

import pytest

from article_helpers import PUBLISHED, events_of, extract_text, figure_of
from newskg.model import EventKind, Measure, Modality

pytestmark = pytest.mark.model

K = EventKind


def _with(events: list, **roles: str | tuple[str, ...]) -> list:
    """The events whose roles hold one of the given values for every named role."""
    out = []
    for ev in events:
        ok = True
        for role, want in roles.items():
            accepted = (want,) if isinstance(want, str) else want
            ok = ok and bool(set(accepted) & set(ev.role(role)))
        if ok:
            out.append(ev)
    return out


# ---------------------------------------------------------------- coordinated agents
@pytest.mark.parametrize(
    ("text", "kind", "agents", "recipient"),
    [
        (
            "Le Canada et l'Australie ont envoyé des blindés en Ukraine.",
            K.ARMS_TRANSFER,
            ("canada", "australia"),
            "ukraine",
        ),
        (
            "Les Etats-Unis, le Royaume-Uni et le Canada ont fourni des missiles à l'Ukraine.",
            K.ARMS_TRANSFER,
            ("united-states", "united-kingdom", "canada"),
            "ukraine",
        ),
        (
            "La Suède et la Finlande ont déployé des soldats en Lettonie.",
            K.DEPLOYMENT,
            ("sweden", "finland"),
            "latvia",
        ),
        (
            "Des chars ont été livrés à la Moldavie par l'Italie et le Danemark.",
            K.ARMS_TRANSFER,
            ("italy", "denmark"),
            "moldova",
        ),
    ],
)
def test_coordinated_agents_all_act(nlp, kb, text, kind, agents, recipient):
    evs = _with(events_of(nlp, kb, text, kind), recipient=recipient)
    assert evs, text
    assert set(agents) <= set(evs[0].role("agent")), evs


def test_coordinated_buyers_all_receive(nlp, kb):
    evs = events_of(
        nlp, kb, "La Pologne et la Roumanie ont commandé des systèmes Patriot.", K.ARMS_TRANSFER
    )
    assert evs and {"poland", "romania"} <= set(evs[0].role("recipient")), evs


def test_a_later_clause_is_no_coordinated_agent(nlp, kb):
    evs = events_of(
        nlp,
        kb,
        "La France a livré des canons Caesar à l'Ukraine, la Russie a protesté.",
        K.ARMS_TRANSFER,
    )
    assert evs and "russia" not in evs[0].role("agent"), evs


# ---------------------------------------------------------------- "par" agents
@pytest.mark.parametrize(
    ("text", "agent", "recipient"),
    [
        ("Trente canons ont été vendus au Maroc par Israël.", "israel", "morocco"),
        ("Six F-16 ont été cédés à l'Ukraine par la Norvège.", "norway", "ukraine"),
        (
            "Des missiles Storm Shadow ont été fournis à l'Ukraine par le Royaume-Uni.",
            "united-kingdom",
            "ukraine",
        ),
        # the "par" phrase hung on the system's name
        (
            "Au Qatar ont été vendus 12 hélicoptères Apache par les Etats-Unis.",
            "united-states",
            "qatar",
        ),
        # a converse passive: the "par" phrase names the buyer
        (
            "Des obusiers K9 ont été achetés à la Corée du Sud par la Norvège.",
            "south-korea",
            "norway",
        ),
    ],
)
def test_a_par_agent_after_the_destination_is_the_agent(nlp, kb, text, agent, recipient):
    evs = events_of(nlp, kb, text, K.ARMS_TRANSFER)
    assert _with(evs, agent=agent, recipient=recipient), evs
    assert all(agent not in ev.role("recipient") for ev in evs), evs


# ---------------------------------------------------------------- nominal triggers
def test_a_nominal_sale_as_subject_keeps_recipient_and_agent(nlp, kb):
    evs = events_of(
        nlp, kb, "La vente de 26 Rafale à l'Inde par la France a été confirmée.", K.ARMS_TRANSFER
    )
    found = _with(evs, agent="france", recipient="india", weapon="rafale")
    assert found and figure_of(found[0], Measure.UNITS) == 26, evs


def test_a_nominal_delivery_keeps_its_par_agent(nlp, kb):
    evs = events_of(
        nlp,
        kb,
        "La livraison des premiers F-16 à l'Ukraine par le Danemark a eu lieu en août.",
        K.ARMS_TRANSFER,
    )
    assert _with(evs, agent="denmark", recipient="ukraine", weapon="f-16"), evs


def test_a_nominal_deployment_keeps_its_destination(nlp, kb):
    evs = events_of(
        nlp, kb, "Le déploiement de soldats français en Estonie se poursuit.", K.DEPLOYMENT
    )
    assert _with(evs, agent=("france", "french-armed-forces"), recipient="estonia"), evs


def test_a_root_noun_is_a_transfer_of_its_own(nlp, kb):
    evs = events_of(nlp, kb, "Envoi de 10 000 soldats nord-coréens en Russie.", K.DEPLOYMENT)
    found = _with(evs, agent="north-korea", recipient="russia")
    assert found and figure_of(found[0], Measure.TROOPS) == 10000, evs


def test_a_comma_insertion_is_not_part_of_the_subject(nlp, kb):
    evs = events_of(
        nlp,
        kb,
        "Le déploiement de soldats belges, selon la Roumanie, a débuté.",
        K.DEPLOYMENT,
    )
    assert all("romania" not in ev.role("recipient") for ev in evs), evs


# ---------------------------------------------------------------- withdrawals
@pytest.mark.parametrize(
    ("text", "agent", "origin"),
    [
        (
            "Le retrait des forces russes de Kherson s'est achevé.",
            ("russia", "russian-armed-forces"),
            "kherson",
        ),
        (
            "Le retrait des soldats français du Mali s'est achevé.",
            ("france", "french-armed-forces"),
            "mali",
        ),
    ],
)
def test_the_origin_in_the_forces_phrase_is_read(nlp, kb, text, agent, origin):
    evs = events_of(nlp, kb, text, K.WITHDRAWAL)
    assert _with(evs, agent=agent, origin=origin), evs


def test_the_forces_own_state_is_no_origin(nlp, kb):
    evs = events_of(nlp, kb, "Le retrait des soldats de la France a commencé.", K.WITHDRAWAL)
    assert all("france" not in ev.role("origin") for ev in evs), evs


# ---------------------------------------------------------------- complement order
@pytest.mark.parametrize(
    ("text", "recipient", "supplier"),
    [
        ("La Grèce a acheté 18 Rafale à la France.", "greece", "france"),
        ("La Pologne a acheté 250 chars Abrams aux Etats-Unis en 2022.", "poland", "united-states"),
        (
            "L'Arabie saoudite a acheté des missiles Patriot aux Etats-Unis.",
            "saudi-arabia",
            "united-states",
        ),
    ],
)
def test_a_supplier_after_the_purchased_materiel(nlp, kb, text, recipient, supplier):
    evs = events_of(nlp, kb, text, K.ARMS_TRANSFER)
    assert _with(evs, recipient=recipient, agent=supplier), evs


def test_a_number_inside_a_name_is_no_second_item(nlp, kb):
    evs = events_of(nlp, kb, "L'Ukraine a reçu 12 chars Leopard 2 du Portugal.", K.ARMS_TRANSFER)
    assert len(evs) == 1, evs
    found = _with(evs, recipient="ukraine", agent="portugal", weapon="leopard-2")
    assert found and figure_of(found[0], Measure.UNITS) == 12, evs


# ---------------------------------------------------------------- gapping
def test_a_gapped_actor_of_several_words_takes_the_figure_after_it(nlp, kb):
    evs = events_of(nlp, kb, "La Belgique a promis 12 F-16 et les Etats-Unis 31.", K.ARMS_TRANSFER)
    found = _with(evs, agent="united-states", weapon="f-16")
    assert len(found) == 1 and figure_of(found[0], Measure.UNITS) == 31, evs


# ---------------------------------------------------------------- transitive withdrawals
@pytest.mark.parametrize(
    ("text", "agents", "origin"),
    [
        (
            "Le Canada et l'Italie ont retiré leurs soldats de Lettonie.",
            ("canada", "italy"),
            "latvia",
        ),
        ("Washington a rapatrié ses soldats d'Irak.", ("united-states",), "iraq"),
        # a plan of one's own, no addressee: still a (planned) withdrawal
        ("Moscou veut retirer ses troupes de Transnistrie.", ("russia",), "transnistria"),
        (
            "Les soldats espagnols et italiens se sont retirés du Liban.",
            ("italy",),
            "lebanon",
        ),
    ],
)
def test_forces_withdrawn_by_their_state_or_coordinated(nlp, kb, text, agents, origin):
    evs = _with(events_of(nlp, kb, text, K.WITHDRAWAL), origin=origin)
    assert evs and set(agents) <= set(evs[0].role("agent")), evs


@pytest.mark.parametrize(
    "text",
    [
        "Les alliés ont exhorté Moscou à rapatrier ses troupes.",
        "La Turquie a demandé à l'Iran de retirer ses soldats de Syrie.",
    ],
)
def test_a_demanded_withdrawal_is_no_withdrawal(nlp, kb, text):
    assert not events_of(nlp, kb, text, K.WITHDRAWAL)


def test_repatriated_civilians_are_no_withdrawal(nlp, kb):
    assert not events_of(nlp, kb, "La France a rapatrié ses ressortissants du Liban.", K.WITHDRAWAL)


# ---------------------------------------------------------------- displaced themes, sides
def test_a_theme_after_the_par_agent_of_a_noun_is_read(nlp, kb):
    evs = events_of(
        nlp,
        kb,
        "L'envoi par la Biélorussie de 500 soldats au Mali a été annoncé.",
        K.DEPLOYMENT,
    )
    assert _with(evs, agent="belarus", recipient="mali"), evs


@pytest.mark.parametrize(
    ("text", "kind", "agents"),
    [
        (
            "Des soldats suédois et norvégiens ont été déployés en Finlande.",
            K.DEPLOYMENT,
            ("sweden", "norway"),
        ),
        (
            "Des chars polonais et des obusiers tchèques ont été livrés à l'Ukraine.",
            K.ARMS_TRANSFER,
            ("poland", "czech-republic"),
        ),
    ],
)
def test_coordinated_demonyms_each_name_a_side(nlp, kb, text, kind, agents):
    evs = events_of(nlp, kb, text, kind)
    assert evs and set(agents) <= set(evs[0].role("agent")), evs


def test_a_gapped_state_is_no_side_of_the_theme(nlp, kb):
    evs = events_of(nlp, kb, "Le Danemark a promis 19 F-16 et la Norvège 24.", K.ARMS_TRANSFER)
    first = _with(evs, agent="denmark")
    assert first and "norway" not in first[0].role("agent"), evs


# ---------------------------------------------------------------- coordinated recipients
def test_recipients_listed_under_one_preposition(nlp, kb):
    evs = events_of(
        nlp,
        kb,
        "L'Allemagne a livré des chars à la Pologne, la Slovaquie et la Tchéquie.",
        K.ARMS_TRANSFER,
    )
    assert evs and {"poland", "slovakia", "czech-republic"} <= set(evs[0].role("recipient")), evs


@pytest.mark.parametrize(
    "text",
    [
        "Les Etats-Unis ont livré des missiles à la Lituanie et la Lettonie a reçu des chars.",
        "La Suède a promis 10 Gripen à l'Ukraine et la Norvège 6.",
    ],
)
def test_a_new_clauses_subject_is_no_recipient(nlp, kb, text):
    evs = events_of(nlp, kb, text, K.ARMS_TRANSFER)
    first = [ev for ev in evs if {"united-states", "sweden"} & set(ev.role("agent"))]
    assert first and not {"latvia", "norway"} & set(first[0].role("recipient")), evs


# ---------------------------------------------------------------- clauses of their own
@pytest.mark.parametrize(
    "text",
    [
        "La Suède a livré des obusiers à l'Ukraine et la Norvège a réparé des chars Leopard 2 "
        "en Lituanie.",
        "La Suède a livré des obusiers à l'Ukraine, tandis que la Norvège a réparé des chars "
        "Leopard 2 en Lituanie.",
    ],
)
def test_a_clause_with_its_own_subject_or_tense_is_not_the_triggers(nlp, kb, text):
    evs = _with(events_of(nlp, kb, text, K.ARMS_TRANSFER), agent="sweden")
    assert evs, text
    assert "lithuania" not in evs[0].role("recipient"), evs
    assert "leopard-2" not in evs[0].role("weapon"), evs


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("La Belgique a envoyé 120 instructeurs en Lituanie.", 120),
        ("L'Espagne a déployé 300 parachutistes en Lettonie.", 300),
    ],
)
def test_trainers_and_paratroopers_are_personnel(nlp, kb, text, figure):
    evs = events_of(nlp, kb, text, K.DEPLOYMENT)
    assert evs and figure_of(evs[0], Measure.TROOPS) == figure, evs


def test_an_inserted_clause_keeps_the_complements_after_it(nlp, kb):
    evs = events_of(
        nlp,
        kb,
        "L'Italie a livré, comme elle l'avait promis, des canons à la Moldavie.",
        K.ARMS_TRANSFER,
    )
    assert _with(evs, agent="italy", recipient="moldova"), evs


# ---------------------------------------------------------------- nominal objects of aspect verbs
def test_the_end_of_an_object_nouns_phrase_hung_on_its_aspect_verb(nlp, kb):
    evs = events_of(
        nlp,
        kb,
        "La Suède a achevé la livraison de 50 chars Leopard 2 à la Lituanie.",
        K.ARMS_TRANSFER,
    )
    assert _with(evs, agent="sweden", recipient="lithuania"), evs


def test_the_possessor_of_withdrawn_forces_withdraws_them(nlp, kb):
    evs = events_of(
        nlp, kb, "L'Italie a terminé le retrait de ses soldats d'Afghanistan.", K.WITHDRAWAL
    )
    assert _with(evs, agent="italy", origin="afghanistan"), evs


@pytest.mark.parametrize(
    ("text", "buyer", "seller"),
    [
        (
            "L'Inde et la France ont signé un accord pour l'achat de 26 Rafale Marine.",
            "india",
            "france",
        ),
        ("L'Égypte et la France ont conclu un contrat portant sur 30 Rafale.", "egypt", "france"),
    ],
)
def test_the_maker_among_the_signers_of_a_purchase_sells(nlp, kb, text, buyer, seller):
    # the KB's nkg:origin of the Rafale is France: of two signers read as buyers, it sells
    events = events_of(nlp, kb, text, K.ARMS_TRANSFER)
    assert _with(events, agent=seller, recipient=buyer)
    assert not _with(events, recipient=seller)


def test_a_domestic_order_still_names_no_seller(nlp, kb):
    events = events_of(nlp, kb, "La France a commandé 42 Rafale supplémentaires.", K.ARMS_TRANSFER)
    assert _with(events, recipient="france") and not _with(events, agent="france")


def test_a_purchase_agreed_is_planned(nlp, kb):
    # CONTRACT: a contract for a future delivery is Planned; "achat" like "acquisition"
    text = "Le Brésil et la Suède ont signé un accord pour l'achat de 36 Gripen."
    result = extract_text(nlp, kb, text, published=PUBLISHED)
    claims = [c for c in result.claims if c.event.kind is K.ARMS_TRANSFER]
    assert claims and all(c.modality is Modality.PLANNED for c in claims)
