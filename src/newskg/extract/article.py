"""One article, end to end: a parsed Doc -> entities and attributed event claims."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from newskg.extract.claims import Attributor
from newskg.extract.dates import find_dates
from newskg.extract.entities import ResolvedMentions, resolve_mentions
from newskg.extract.events import find_events
from newskg.extract.merge import entity_equivalence, merge_claims
from newskg.extract.numbers import find_numbers
from newskg.extract.quantities import attach_quantities
from newskg.extract.timing import Timeline, attach_times, read_dateline
from newskg.extract.treaty_phrases import add_descriptive_treaties
from newskg.kb import KnowledgeBase
from newskg.model import Article, ArticleResult, Claim, EntityKind, Event, EventKind, Modality

__all__ = ["extract_article"]


def extract_article(
    article: Article,
    doc: Doc,
    kb: KnowledgeBase,
    *,
    max_entities: int | None = None,
    timeline: Timeline | None = None,
) -> ArticleResult:
    """Entities and claims of one article whose text ``doc`` was parsed from.

    ``timeline`` is the story's date read so far: a long article extracted in
    pieces passes one along from piece to piece, so a piece's undated
    sentences are dated as they would be in the whole article.

    ``max_entities`` bounds the entities one article may bring (a runaway
    input, e.g. a directory of thousands of names, must not flood the
    graph): beyond it, the entities first mentioned last are dropped with
    the claims that involve them, and the result carries a warning saying so.
    """
    rm = resolve_mentions(doc, kb)
    add_descriptive_treaties(doc, rm, kb, scope=article.identifier)  # "le cessez-le-feu à Gaza"
    attributor = Attributor(rm, kb)
    claims: list[Claim] = []
    if timeline is None:
        timeline = Timeline()  # the date of the story so far, for sentences without one
    for sent in doc.sents:
        attributor.read(sent)
        frames = find_events(sent, rm, kb)
        if not frames:  # a lone "Mardi," cut from its clause dates the next sentence
            read_dateline(sent, find_dates(sent.text, article.published), timeline)
            continue
        quantities = attach_quantities(sent, frames, find_numbers(sent.text), rm, kb)
        attributions = {id(frame): attributor.attribute(frame) for frame in frames}
        planned = {k for k, a in attributions.items() if a.modality is Modality.PLANNED}
        times = attach_times(
            sent, frames, find_dates(sent.text, article.published), timeline, planned
        )
        for frame in frames:
            qs = tuple(sorted(quantities.get(id(frame), ())))
            if frame.kind is EventKind.CASUALTIES and not qs:
                continue  # a casualty estimate without a figure is commentary
            roles = _actor_roles_hold_actors(frame.roles, rm, kb)
            event = Event(frame.kind, roles, qs, times.get(id(frame)))
            attribution = attributions[id(frame)]
            start, end = _sentence_span(article, sent.start_char, sent.end_char)
            claim = Claim(
                event=event,
                article=article.identifier,
                quote=article.original[start:end],
                start=start,
                end=end,
                claimant=attribution.claimant,
                modality=attribution.modality,
                confidence=attribution.confidence,
                trigger=frame.trigger.text,
            )
            claims.append(claim)
            for partner in attribution.also_by:  # "selon les deux pays": a claim by each
                claims.append(replace(claim, claimant=partner))
            for contester in attribution.contested_by:  # "un chiffre que Moscou conteste"
                claims.append(
                    replace(
                        claim,
                        claimant=contester,
                        modality=Modality.DENIED,
                        confidence=attributor.conf["Denied"],
                    )
                )
    claims = _fill_elided_recipients(claims)
    equiv = entity_equivalence(kb, _affiliations(rm))
    merged = merge_claims(claims, equiv, within_article=True)
    keys = list(rm.entities)  # in order of first mention
    warnings: tuple[str, ...] = ()
    if max_entities is not None and len(keys) > max_entities:
        dropped = set(keys[max_entities:])
        warnings = (
            f"entity limit: {len(keys)} entities, kept the first {max_entities} "
            f"and {sum(1 for c in merged if _involves(c, dropped))} claims involving the others "
            "were dropped",
        )
        merged = [c for c in merged if not _involves(c, dropped)]
        keys = keys[:max_entities]
    entities = tuple(rm.entities[k] for k in sorted(keys))
    return ArticleResult(
        article=article, entities=entities, claims=tuple(merged), warnings=warnings
    )


def _involves(claim: Claim, keys: set[str]) -> bool:
    return claim.claimant in keys or any(k in keys for _, k in claim.event.roles)


_TRANSFERS = (EventKind.DEPLOYMENT, EventKind.ARMS_TRANSFER)
_ACTOR_ROLES = frozenset({"agent", "recipient", "affected", "opponent", "participant"})
_TOWARDS_ROLES = frozenset({"recipient", "affected", "opponent"})


def _actor_roles_hold_actors(
    roles: dict[str, list[str]], rm: ResolvedMentions, kb: KnowledgeBase
) -> tuple[tuple[str, str], ...]:
    """Roles as sorted pairs, with every actor role filled by an actor.

    A capital in an actor role stands for its state ("livré à Moscou" ->
    Russia); any other place in an actor role is where the event happens
    (``place``), never an actor, and the state it lies in (``nkg:locatedIn``
    in the KB) takes a role the place is the target of (recipient, affected,
    opponent): troops sent "à Perth" go to Australia. Never a participant:
    talks held in Geneva are not Switzerland's.
    """
    out = set()
    for role, keys in roles.items():
        for key in keys:
            ref = rm.entities.get(key)
            if role in _ACTOR_ROLES and ref is not None and ref.kind is EntityKind.PLACE:
                ent = kb.get(key)
                if ent is not None and ent.seat_of:
                    out.add((role, ent.seat_of))
                else:
                    out.add(("place", key))
                    if ent is not None and ent.located_in and role in _TOWARDS_ROLES:
                        out.add((role, ent.located_in))
                continue
            out.add((role, key))
    return tuple(sorted(out))


def _fill_elided_recipients(claims: list[Claim]) -> list[Claim]:
    """Give a transfer without a recipient the recipient its agent last sent to.

    Failing that, the last recipient of a transfer of the same kind in the
    article: a story about arms for one country names it once and then lists
    the suppliers.

    News copy names the receiver once and then elides it ("Pyongyang
    continue de fournir à Moscou des missiles [...]. « La Corée du Nord a
    fourni [...] des missiles balistiques »"): a later transfer by the same
    agent, in the same article, with no recipient of its own, goes to the
    same place.
    """
    last: dict[str, tuple[str, ...]] = {}
    last_any: dict[EventKind, tuple[str, ...]] = {}
    out: list[Claim] = []
    for c in claims:
        ev = c.event
        if ev.kind in _TRANSFERS:
            agents = ev.role("agent")
            recipients = ev.role("recipient")
            if recipients:
                for a in agents:
                    last[a] = tuple(recipients)
                last_any[ev.kind] = tuple(recipients)
            elif len(agents) == 1:
                # the same supplier's last receiver; else the article's last receiver of
                # the same kind of transfer ("les Pays-Bas ont promis 24 appareils")
                fill = last.get(agents[0]) or last_any.get(ev.kind, ())
                fill = tuple(r for r in fill if r != agents[0])
                if fill:
                    roles = tuple(sorted({*ev.roles, *(("recipient", r) for r in fill)}))
                    c = replace(c, event=replace(ev, roles=roles))
        out.append(c)
    return out


def _affiliations(rm: ResolvedMentions) -> dict[str, str | None]:
    return {k: r.affiliation for k, r in rm.entities.items() if r.kind is EntityKind.ARMED_FORCE}


def _sentence_span(article: Article, start: int, end: int) -> tuple[int, int]:
    """The sentence's span in the original text, trimmed of surrounding white space."""
    text = article.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return article.original_span(start, end)
