"""Event merging: one event node per real event, with every claim that reports it.

Two event reports are the same event when they have the same class and
modality, agree on every role they both fill (an armed force and its state
count as agreeing), agree on every figure they both give (the value, not the
qualifier), and have compatible times (one within the other). Across
articles, both must fill the same roles and give the same set of figures:
a casualty estimate of 4,000 by one source and of 3,000 by another stay two
events, side by side. Something beyond class and participants must also say
they are the same: both are dated (compatible dates) or both give the same
figures. Two undated reports without figures never merge across articles:
"Biden met Zelensky" and "Kim met Putin" (or two undated "Russia attacks
Ukraine") are as likely other events as the same one. Across articles,
participants must overlap in two entities (or in all of the shorter list):
two meetings that share one head of state are two meetings.

Figures of different reports are never combined into an estimate no single
report gave: a killed-or-wounded total never joins killed or wounded figures
of another report (the contract's casualty total would then be violated).

Within one article and one claimant, killed and wounded figures given in
separate sentences of the same statement join one casualty event, and a
fragment (a report missing its actors, e.g. a quoted figure) completes the
fuller report it agrees with; a fragment that completes nothing is dropped,
except a casualty figure, which is kept as an estimate of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
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

__all__ = [
    "EntityEquivalence",
    "entity_equivalence",
    "is_fragment",
    "merge_block",
    "merge_claims",
    "merged_groups",
]

Equiv = Callable[[str, str], bool]
Names = Callable[[str], Iterable[str]]

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


# A day as (year, month, day); an open end of a period as (0,) or (9999,), which
# sort before and after every day of the years a PartialDate allows (1-9999).
_Day = tuple[int, ...]


def _span(d: PartialDate) -> tuple[_Day, _Day]:
    """The first and last day ``d`` may be (a month's last day counted as its 31st)."""
    return (
        (d.year, d.month or 1, d.day or 1),
        (d.year, d.month or 12, d.day or 31),
    )


def _range(t: TimeValue) -> tuple[_Day, _Day]:
    """The first and last day of ``t``, a period's open end as far as it goes.

    Days are tuples of integers, not ISO strings: the merge compares them for
    every pair of reports it tries, and tuples compare the same way without
    being formatted first.
    """
    if t.date is not None:
        return _span(t.date)
    lo = _span(t.start)[0] if t.start else (0,)
    hi = _span(t.end)[1] if t.end else (9999,)
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


_PARTS = {Measure.KILLED, Measure.WOUNDED}


def _figures_join(a: Event, b: Event) -> bool:
    """Whether the figures of ``a`` and ``b`` may stand in one event.

    The same figures always may; a killed-or-wounded total never joins killed
    or wounded figures it did not come with, whatever their values: "4,700
    killed" of one report and "600 killed or wounded" of another are two
    estimates, not one whose parts exceed its total.
    """
    ma = {q.measure for q in a.quantities}
    mb = {q.measure for q in b.quantities}
    if ma == mb:
        return True
    union = ma | mb
    return not (Measure.KILLED_OR_WOUNDED in union and union & _PARTS)


def _participants_overlap(a: Event, b: Event, equiv: Equiv) -> bool:
    """Two reports of a meeting or cooperation share two participants (or all of the fewer).

    "Biden met Zelensky" and "Biden met Sunak" share one participant and are
    two meetings; one shared participant is enough only when a report names one.
    """
    if a.kind not in (EventKind.MEETING, EventKind.COOPERATION):
        return True
    pa, pb = a.role("participant"), b.role("participant")
    if not pa or not pb:
        return True
    shared = sum(1 for x in pa if any(equiv(x, y) for y in pb))
    shared_b = sum(1 for y in pb if any(equiv(x, y) for x in pa))
    return min(shared, shared_b) >= min(2, len(pa), len(pb))


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


def merge_block(claim: Claim) -> str:
    """A stable text form of the block of ``claim``: reports of two blocks never merge
    across articles, so the claims of a corpus can be merged block by block.

    The same claim gives the same text in every process (unlike ``hash``),
    so a build can file its claims by block on disk.
    """
    kind, modality, roles, figures = _block(claim)
    return "|".join(
        [kind.value, modality.value, ",".join(sorted(roles)), *sorted(map(repr, figures))]
    )


def _roles_compatible(a: Event, b: Event, equiv: Equiv, *, across: bool = False) -> bool:
    ra = {r for r, _ in a.roles}
    rb = {r for r, _ in b.roles}
    if ("weapon" in ra) != ("weapon" in rb) and a.kind is EventKind.ARMS_TRANSFER:
        return False
    for role in ra & rb:
        va, vb = a.role(role), b.role(role)
        if not any(equiv(x, y) for x in va for y in vb):
            return False
    return not across or _participants_overlap(a, b, equiv)


def _same_across_articles(a: Event, b: Event) -> bool:
    """What, beyond class and roles, says that reports of two articles are one event.

    Both dated (their dates were found compatible), or both undated with the
    same figures. An undated report is no evidence of a dated one's date, and
    two undated reports without figures agree on nothing but their actors.
    """
    if (a.time is None) != (b.time is None):
        return False
    if a.time is not None:
        return True
    return bool(a.quantities) and {_qkey(q) for q in a.quantities} == {
        _qkey(q) for q in b.quantities
    }


def _joins_within(
    gev: Event, members: Sequence[Claim], ev: Event, claim: Claim, equiv: Equiv
) -> bool:
    """Whether ``claim`` (its report ``ev``) joins the group of ``gev`` of its own article
    (same class and modality): the looser rule of one article, figures of one statement
    and fragments."""
    same_voice = all(m.claimant == claim.claimant for m in members)
    fragment = is_fragment(ev) or is_fragment(gev)
    complementary = _complementary(gev, ev)
    if not _roles_compatible(gev, ev, equiv) or not _figures_join(gev, ev):
        return False
    if ev.kind not in _CORE_ROLES and _role_names(gev) != _role_names(ev):
        return False  # a partial report never joins a fuller one, but in one article
    if ev.kind is EventKind.CASUALTIES:
        if not _same_casualty_report(gev, members, claim):
            return False
    elif not _quantities_compatible(gev, ev, union=same_voice or fragment or complementary):
        return False
    return _times_compatible(gev.time, ev.time)


def _joins_across(gev: Event, ev: Event, equiv: Equiv) -> bool:
    """Whether a report ``ev`` of another article joins the group of ``gev`` (same class and
    modality): the strict rule, every test of :func:`merged_groups` across articles.

    The tests are all required, so their order changes only the time: those
    on the times and figures first, which turn most candidates down, the
    fillers' equivalence, the dearest, last (it was half of a 10,000-article
    merge when it came first).
    """
    return (
        _times_compatible(gev.time, ev.time)
        and _same_across_articles(gev, ev)
        and _quantities_compatible(gev, ev, union=False)
        and _figures_join(gev, ev)
        and _role_names(gev) == _role_names(ev)
        and _roles_compatible(gev, ev, equiv, across=True)
    )


def _merge_events(a: Event, b: Event) -> Event:
    roles = tuple(sorted(set(a.roles) | set(b.roles)))
    quantities: dict = {q.measure: q for q in a.quantities}
    for q in b.quantities:
        quantities.setdefault(q.measure, q)
    return Event(a.kind, roles, tuple(sorted(quantities.values())), _precise(a.time, b.time))


def merge_claims(
    claims: Sequence[Claim],
    equiv: Equiv,
    *,
    within_article: bool,
    names: Names | None = None,
) -> list[Claim]:
    """Merge the events of ``claims``; return the claims re-pointed at merged events.

    The claims of :func:`merged_groups`, each group's in turn, each with its
    group's event.
    """
    groups = merged_groups(claims, equiv, within_article=within_article, names=names)
    return [replace(m, event=ev) for ev, members in groups for m in members]


def merged_groups(
    claims: Sequence[Claim],
    equiv: Equiv,
    *,
    within_article: bool,
    names: Names | None = None,
) -> list[tuple[Event, list[Claim]]]:
    """Merge the events of ``claims``: each merged event with the claims that report it.

    Groups come in the order of their first claim in ``claims``, and each
    group's claims in that order (the first is the one that opened the
    group); a claim said twice (same article, span and claimant) is kept once.

    ``within_article`` allows the looser merges of one article (figures of one
    statement, fragments); across articles only the strict rule applies.
    ``names(key)``, when given, are names of which two entities share one
    whenever ``equiv`` finds them the same (:meth:`EntityEquivalence.names`):
    across articles, a report is then compared only with the events that
    share one in each of its roles.
    """
    groups: list[tuple[Event, list[Claim]]] = []
    # Across articles only reports with the same class, modality, role names
    # and figures can merge: index the groups by that, so a corpus of many
    # articles is not compared pair by pair (which would be quadratic); with
    # ``names``, index each block's groups by their role fillers too, since
    # reports of one actor pile up in one block.
    blocks: dict[tuple, list[int]] = {}
    postings: dict[tuple, _Postings] = {}
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
            block = _block(claim)
            candidates = blocks.setdefault(block, [])
            if names is not None:
                posted = postings.setdefault(block, _Postings(names))
                candidates = posted.candidates(ev, candidates)
        for idx in candidates:
            gev, members = groups[idx]
            if gev.kind is not ev.kind or members[0].modality is not claim.modality:
                continue
            if within_article:
                if not _joins_within(gev, members, ev, claim, equiv):
                    continue
            elif not _joins_across(gev, ev, equiv):
                continue
            members.append(claim)
            groups[idx] = (_merge_events(gev, ev), members)
            if not within_article and names is not None:
                postings[block].post(idx, groups[idx][0])
            break
        else:
            if not within_article:
                blocks[block].append(len(groups))
                if names is not None:
                    postings[block].post(len(groups), ev)
            groups.append((ev, [claim]))
    out: list[tuple[Event, list[Claim]]] = []
    for ev, members in groups:
        if within_article and is_fragment(ev) and not _stands_alone(ev):
            continue
        seen = set()
        kept: list[Claim] = []
        for m in members:
            sig = (m.article, m.start, m.end, m.claimant)
            if sig in seen:
                continue
            seen.add(sig)
            kept.append(m)
        out.append((ev, kept))
    return out


class _Postings:
    """The groups of one block, filed by what a report must share with them to join one.

    Across articles a report joins a group only when, in every role, a filler
    of one is the same entity as a filler of the other (they then share a
    name, :meth:`EntityEquivalence.names`), and when both are undated (then
    with figures) or both dated with one time within the other (then they
    share a year). Filing the groups by (role, name) and by year lets a
    report be compared only with the groups that pass both tests: a corpus
    has thousands of reports of the same actors.
    """

    _SPAN = 5  # a time over more years than this is filed (and looked up) as wide

    def __init__(self, names: Names) -> None:
        self._names = names
        self._groups: dict[tuple, set[int]] = {}

    def _keys(self, ev: Event, role: str) -> set[tuple[str, str]]:
        return {(role, n) for key in ev.role(role) for n in self._names(key)}

    def _years(self, ev: Event) -> list[tuple] | None:
        """The time keys of ``ev`` (``None``: a wide time, which any dated group may hold)."""
        if ev.time is None:
            return [("time", None)]
        lo, hi = _range(ev.time)
        first, last = lo[0], hi[0]
        if last - first > self._SPAN:
            return None
        return [("time", y) for y in range(first, last + 1)]

    def post(self, idx: int, ev: Event) -> None:
        """File group ``idx`` (whose event is now ``ev``) under its fillers' names and years."""
        keys: set[tuple] = set(self._years(ev) or [("time", "wide")])
        for role in {r for r, _ in ev.roles}:
            keys |= self._keys(ev, role)
        for key in keys:
            self._groups.setdefault(key, set()).add(idx)

    def candidates(self, ev: Event, block: list[int]) -> list[int]:
        """The groups of ``block`` that ``ev`` may join, in block order.

        Every group of a block fills the same roles as ``ev``; one left out
        here would fail :func:`_roles_compatible` or :func:`_same_across_articles`
        and :func:`_times_compatible`, so leaving it out changes only the time.
        """
        if ev.time is None and not ev.quantities:
            return []  # two undated reports without figures never merge across articles
        years = self._years(ev)
        if years is None:  # a wide time: any dated group
            undated = self._groups.get(("time", None), set())
            found = {i for i in block if i not in undated}
        else:
            found = set().union(*(self._groups.get(k, set()) for k in years))
            if ev.time is not None:
                found |= self._groups.get(("time", "wide"), set())
        for role in sorted({r for r, _ in ev.roles}):
            if not found:
                break
            hits: set[int] = set()
            for key in self._keys(ev, role):
                hits |= self._groups.get(key, set())
            found &= hits
        return sorted(found)


class EntityEquivalence:
    """``equiv(a, b)``: same entity, or an armed force and the state it belongs to."""

    def __init__(self, kb: KnowledgeBase, affiliations: dict[str, str | None]) -> None:
        self._kb = kb
        self._affiliations = affiliations
        # asked for every pair of fillers the merge compares: each key looked up once
        self._known: dict[str, str | None] = {}

    def affiliation(self, key: str) -> str | None:
        """The state of an armed force (KB), or the affiliation the article gave ``key``."""
        try:
            return self._known[key]
        except KeyError:
            pass
        ent = self._kb.get(key)
        if ent is not None and ent.kind is EntityKind.ARMED_FORCE:
            found = ent.affiliation
        else:
            found = self._affiliations.get(key)
        self._known[key] = found
        return found

    def __call__(self, a: str, b: str) -> bool:
        return a == b or self.affiliation(a) == b or self.affiliation(b) == a

    def names(self, key: str) -> tuple[str, ...]:
        """``key`` and its affiliation: two entities found the same share one of them."""
        aff = self.affiliation(key)
        return (key,) if aff is None else (key, aff)


def entity_equivalence(kb: KnowledgeBase, affiliations: dict[str, str | None]) -> EntityEquivalence:
    """``equiv(a, b)``: same entity, or an armed force and the state it belongs to."""
    return EntityEquivalence(kb, affiliations)
