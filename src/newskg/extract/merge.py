"""Event merging: one event node per real event, with every claim that reports it.

Two event reports are the same event when they have the same class and
modality, agree on every role they both fill (an armed force and its state
count as agreeing), agree on every figure they both give (the value, not the
qualifier), and have compatible times (one within the other). Across
articles, both must fill the same roles and give the same set of figures:
a casualty estimate of 4,000 by one source and of 3,000 by another stay two
events, side by side. They must also both be dated or both be undated,
otherwise every undated "Russia attacks Ukraine" would join, and take the
date of, one dated event of some other article.

Within one article and one claimant, killed and wounded figures given in
separate sentences of the same statement join one casualty event, and a
fragment (a report missing its actors, e.g. a quoted figure) completes the
fuller report it agrees with; a fragment that completes nothing is dropped,
except a casualty figure, which is kept as an estimate of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from newskg.kb import KnowledgeBase
from newskg.model import (
    Claim,
    EntityKind,
    Event,
    EventKind,
    Measure,
    PartialDate,
    Quantity,
    TimeValue,
)

__all__ = ["entity_equivalence", "is_fragment", "merge_claims"]

Equiv = Callable[[str, str], bool]

# Roles that make a report an event of its own rather than a fragment.
_CORE_ROLES = {
    EventKind.DEPLOYMENT: ("agent", "recipient"),
    EventKind.ARMS_TRANSFER: ("agent", "recipient", "weapon"),
    EventKind.CASUALTIES: ("affected",),
}


def is_fragment(event: Event) -> bool:
    """True when a report lacks the roles that identify its event."""
    needed = _CORE_ROLES.get(event.kind)
    if needed is None:
        return not event.roles
    return not any(event.role(r) for r in needed)


def _stands_alone(event: Event) -> bool:
    """A casualty figure that completed no fuller report is still a report of its own.

    "38 morts et 190 blessés dans l'ensemble du pays" names no side, but it is
    an estimate the reader needs; it is kept once it has joined nothing.
    """
    return event.kind is EventKind.CASUALTIES and bool(event.quantities)


def _span(d: PartialDate) -> tuple[str, str]:
    lo = d.lexical + ("-01-01" if d.month is None else ("-01" if d.day is None else ""))
    hi = d.lexical + ("-12-31" if d.month is None else ("-31" if d.day is None else ""))
    return lo, hi


def _range(t: TimeValue) -> tuple[str, str]:
    if t.date is not None:
        return _span(t.date)
    lo = _span(t.start)[0] if t.start else "0000"
    hi = _span(t.end)[1] if t.end else "9999"
    return lo, hi


def _times_compatible(a: TimeValue | None, b: TimeValue | None) -> bool:
    if a is None or b is None:
        return True
    (alo, ahi), (blo, bhi) = _range(a), _range(b)
    return (alo <= blo and bhi <= ahi) or (blo <= alo and ahi <= bhi)


def _precise(a: TimeValue | None, b: TimeValue | None) -> TimeValue | None:
    if a is None or b is None:
        return a or b
    (alo, ahi), (blo, bhi) = _range(a), _range(b)
    return (
        a
        if (alo, ahi) != (blo, bhi) and blo <= alo and ahi <= bhi
        else (b if blo >= alo and bhi <= ahi else a)
    )


def _qkey(q: Quantity) -> tuple:
    return (q.measure, q.value, q.min_value, q.max_value)


def _quantities_compatible(a: Event, b: Event, *, union: bool) -> bool:
    qa = {q.measure: _qkey(q) for q in a.quantities}
    qb = {q.measure: _qkey(q) for q in b.quantities}
    if any(qa[m] != qb[m] for m in qa.keys() & qb.keys()):
        return False
    return union or set(qa) == set(qb)


def _role_names(e: Event) -> frozenset[str]:
    return frozenset(r for r, _ in e.roles)


def _complementary(a: Event, b: Event) -> bool:
    """Killed and wounded figures of one article that complete each other.

    An article that gives "au moins 100 tués" and, later, "environ 1.000
    blessés" reports one casualty estimate in two parts; a killed-or-wounded
    total is an estimate of its own and never joins.
    """
    if a.kind is not EventKind.CASUALTIES or b.kind is not EventKind.CASUALTIES:
        return False
    ma = {q.measure for q in a.quantities}
    mb = {q.measure for q in b.quantities}
    return bool(ma and mb) and not (ma & mb) and Measure.KILLED_OR_WOUNDED not in ma | mb


def _adjacent(a: Claim, b: Claim) -> bool:
    """Same sentence, or sentences that follow each other (only white space between)."""
    if (a.start, a.end) == (b.start, b.end):
        return True
    return 0 <= b.start - a.end <= 3 or 0 <= a.start - b.end <= 3


def _same_casualty_report(gev: Event, members: Sequence[Claim], claim: Claim) -> bool:
    """Whether a casualty report of an article belongs to an earlier one of the same article.

    The same figure said twice is one estimate ("84 morts" in the lead and in
    the quote); killed and wounded figures join only when they are given in
    the same or the next sentence ("Deux adultes ont péri. Trente-deux
    personnes y ont été blessées."); materiel destroyed and prisoners join
    only figures of their own sentence. Figures further apart are other
    tolls (the country's, the capital's, a hospital's), even without a side.
    """
    ev = claim.event
    qa = {q.measure: _qkey(q) for q in gev.quantities}
    qb = {q.measure: _qkey(q) for q in ev.quantities}
    shared = qa.keys() & qb.keys()
    if shared:
        return all(qa[m] == qb[m] for m in shared)
    if not _complementary(gev, ev):
        return False
    if any((m.start, m.end) == (claim.start, claim.end) for m in members):
        return True  # "trois bateaux coulés et dix rebelles tués": one statement
    human = {Measure.KILLED, Measure.WOUNDED}
    measures = {q.measure for q in gev.quantities} | {q.measure for q in ev.quantities}
    return measures <= human and any(_adjacent(m, claim) for m in members)


def _block(claim: Claim) -> tuple:
    """What two reports from different articles must share to be compared at all."""
    ev = claim.event
    return (
        ev.kind,
        claim.modality,
        _role_names(ev),
        frozenset({q.measure: _qkey(q) for q in ev.quantities}.values()),
    )


def _roles_compatible(a: Event, b: Event, equiv: Equiv) -> bool:
    ra = {r for r, _ in a.roles}
    rb = {r for r, _ in b.roles}
    if ("weapon" in ra) != ("weapon" in rb) and a.kind is EventKind.ARMS_TRANSFER:
        return False
    for role in ra & rb:
        va, vb = a.role(role), b.role(role)
        if not any(equiv(x, y) for x in va for y in vb):
            return False
    return True


def _merge_events(a: Event, b: Event) -> Event:
    roles = tuple(sorted(set(a.roles) | set(b.roles)))
    quantities: dict = {q.measure: q for q in a.quantities}
    for q in b.quantities:
        quantities.setdefault(q.measure, q)
    return Event(a.kind, roles, tuple(sorted(quantities.values())), _precise(a.time, b.time))


def merge_claims(claims: Sequence[Claim], equiv: Equiv, *, within_article: bool) -> list[Claim]:
    """Merge the events of ``claims``; return the claims re-pointed at merged events.

    ``within_article`` allows the looser merges of one article (figures of one
    statement, fragments); across articles only the strict rule applies.
    """
    groups: list[tuple[Event, list[Claim]]] = []
    # Across articles only reports with the same class, modality, role names
    # and figures can merge: index the groups by that, so a corpus of many
    # articles is not compared pair by pair (which would be quadratic).
    blocks: dict[tuple, list[int]] = {}
    for claim in claims:
        ev = claim.event
        if within_article:
            # the same sentence first: "40 civils tués et 121 blessés" is one toll
            candidates: list[int] = sorted(
                range(len(groups)),
                key=lambda i: (
                    not any((m.start, m.end) == (claim.start, claim.end) for m in groups[i][1])
                ),
            )
        else:
            candidates = blocks.setdefault(_block(claim), [])
        for idx in candidates:
            gev, members = groups[idx]
            if gev.kind is not ev.kind or members[0].modality is not claim.modality:
                continue
            same_voice = within_article and all(m.claimant == claim.claimant for m in members)
            fragment = within_article and (is_fragment(ev) or is_fragment(gev))
            complementary = within_article and _complementary(gev, ev)
            if not _roles_compatible(gev, ev, equiv):
                continue
            strict_roles = not within_article or ev.kind not in _CORE_ROLES
            if strict_roles and _role_names(gev) != _role_names(ev):
                continue  # a partial report never joins a fuller one, but in one article
            if within_article and ev.kind is EventKind.CASUALTIES:
                if not _same_casualty_report(gev, members, claim):
                    continue
            elif not _quantities_compatible(gev, ev, union=same_voice or fragment or complementary):
                continue
            if not _times_compatible(gev.time, ev.time):
                continue
            if not within_article and (gev.time is None) != (ev.time is None):
                continue  # an undated report of another article is no evidence of the same date
            members.append(claim)
            groups[idx] = (_merge_events(gev, ev), members)
            break
        else:
            if not within_article:
                candidates.append(len(groups))
            groups.append((ev, [claim]))
    out: list[Claim] = []
    for ev, members in groups:
        if within_article and is_fragment(ev) and not _stands_alone(ev):
            continue
        seen = set()
        for m in members:
            sig = (m.article, m.start, m.end, m.claimant)
            if sig in seen:
                continue
            seen.add(sig)
            out.append(replace(m, event=ev))
    return out


def entity_equivalence(kb: KnowledgeBase, affiliations: dict[str, str | None]):
    """``equiv(a, b)``: same entity, or an armed force and the state it belongs to."""

    def affiliation(key: str) -> str | None:
        ent = kb.get(key)
        if ent is not None and ent.kind is EntityKind.ARMED_FORCE:
            return ent.affiliation
        return affiliations.get(key)

    def equiv(a: str, b: str) -> bool:
        return a == b or affiliation(a) == b or affiliation(b) == a

    return equiv
