"""One article, end to end: a parsed Doc -> entities and attributed event claims."""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Token

from newskg.extract.claims import Attributor
from newskg.extract.dates import find_dates
from newskg.extract.entities import ResolvedMentions, resolve_mentions
from newskg.extract.events import find_events
from newskg.extract.events.lex import get_lex
from newskg.extract.events.syntax import antecedent, side_of, subject_of
from newskg.extract.merge import EntityEquivalence, entity_equivalence, merge_claims
from newskg.extract.numbers import find_numbers
from newskg.extract.quantities import attach_quantities
from newskg.extract.timing import Timeline, attach_times, read_dateline
from newskg.extract.treaty_phrases import add_descriptive_treaties
from newskg.kb import KnowledgeBase
from newskg.model import (
    Article,
    ArticleResult,
    Claim,
    EntityKind,
    Event,
    EventKind,
    Measure,
    Modality,
)

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
    shooters: dict[tuple[int, str], str] = {}  # (sentence, trigger) -> who shot materiel down
    if timeline is None:
        timeline = Timeline()  # the date of the story so far, for sentences without one
    for sent in doc.sents:
        attributor.read(sent)
        frames = find_events(sent, rm, kb)
        text = sent.text  # spaCy joins the tokens' text on every call: once a sentence
        if not frames:  # a lone "Mardi," cut from its clause dates the next sentence
            read_dateline(sent, find_dates(text, article.published), timeline)
            continue
        quantities = attach_quantities(sent, frames, find_numbers(text), rm, kb)
        attributions = {id(frame): attributor.attribute(frame) for frame in frames}
        planned = {k for k, a in attributions.items() if a.modality is Modality.PLANNED}
        times = attach_times(sent, frames, find_dates(text, article.published), timeline, planned)
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
            if frame.kind is EventKind.CASUALTIES:
                shooter = _shooter(frame.trigger, rm, kb)
                if shooter is not None:
                    shooters[(claim.start, claim.trigger)] = shooter
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
    claims = _fill_materiel_owners(claims, article.original, equiv, kb, shooters)
    claims = _fill_unnamed_victims(claims, article.original, equiv, kb, shooters)
    claims = _fill_opponents_from_victims(claims, equiv, kb)
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


def _fill_materiel_owners(
    claims: list[Claim],
    text: str,
    equiv: EntityEquivalence,
    kb: KnowledgeBase,
    shooters: dict[tuple[int, str], str],
) -> list[Claim]:
    """Give materiel shot down whose owner goes unnamed the side that launched the attack.

    "La Russie a tiré une vague de drones sur Odessa. Selon l'armée de l'air
    ukrainienne, 40 des 55 drones ont été abattus": the drones counted are
    those of the attack the story reports, so the loss (a casualty estimate
    counting only ``Destroyed`` materiel, with no ``affected`` side) is the
    attacker's: the agent of a military operation read from the same
    sentence, else of the last one before it in the same or the previous
    paragraph. When that
    operation names exactly one weapon and the count names none ("la défense
    antiaérienne en a abattu cinq"), the weapon goes along. Nothing is filled
    when the attacker is on the side of the claim's source (who reports
    shooting down its own weapons reports no such loss) or of the shooter
    (``shooters``: the side of the loss verb's subject, by sentence and
    trigger; or the agent of the operation read from the same verb: "la
    défense israélienne a intercepté 180 missiles" is no Israeli loss), nor
    when the estimate counts people.
    """
    ops = [
        c for c in claims if c.event.kind is EventKind.MILITARY_OPERATION and c.event.role("agent")
    ]
    out: list[Claim] = []
    for c in claims:
        ev = c.event
        if _unowned_materiel_loss(ev):
            same = [o for o in ops if o.start == c.start]
            # the operation read from the loss's own verb ("la défense israélienne a
            # intercepté 180 missiles") is the shooting down: its agent is the shooter
            deed_agents = {o.event.role("agent") for o in same if o.trigger == c.trigger}
            others = [o for o in same if o.trigger != c.trigger]
            # an attack of the same or the previous paragraph: a story moves on
            before = [o for o in ops if o.start < c.start and _breaks(text[o.end : c.start]) <= 1]
            op = others[0] if others else (before[-1] if before else None)
            agents = op.event.role("agent") if op is not None else ()
            deeds = {k for keys in deed_agents for k in keys}
            shooter = shooters.get((c.start, c.trigger))
            deeds |= {shooter} if shooter is not None else set()
            barred = {s for k in deeds for s in _sides(k, equiv, kb)}
            if c.claimant is not None:
                barred |= _sides(c.claimant, equiv, kb)
            if op is not None and not any(_sides(a, equiv, kb) & barred for a in agents):
                added = {("affected", a) for a in agents}
                weapons = op.event.role("weapon")
                if not ev.role("weapon") and len(weapons) == 1:
                    added.add(("weapon", weapons[0]))
                roles = tuple(sorted({*ev.roles, *added}))
                c = replace(c, event=replace(ev, roles=roles))
        out.append(c)
    return out


def _fill_unnamed_victims(
    claims: list[Claim],
    text: str,
    equiv: EntityEquivalence,
    kb: KnowledgeBase,
    killers: dict[tuple[int, str], str],
) -> list[Claim]:
    """Give a toll of people that names no side the side of the paragraph's last toll.

    "Le ministère libanais de la Santé fait état de 3.961 morts au Liban. Les
    frappes israéliennes de mardi ont à elles seules tué 78 personnes": the
    second toll breaks the first down and leaves its victims unnamed; they
    are the same side's. Only within one paragraph (no line break between
    the two sentences), only for people (killed, wounded, captured: materiel
    is :func:`_fill_materiel_owners`'), and never a side that acts in the
    toll's own sentence (the strikes' author, or the subject of the toll's
    verb, ``killers``, is no victim of them).
    """
    attackers: dict[int, set[str]] = {}
    for c in claims:
        if c.event.kind is EventKind.MILITARY_OPERATION:
            for a in c.event.role("agent"):
                attackers.setdefault(c.start, set()).update(_sides(a, equiv, kb))
    last: Claim | None = None
    out: list[Claim] = []
    for c in claims:
        ev = c.event
        if ev.kind is EventKind.CASUALTIES and ev.role("affected"):
            last = c
        elif (
            ev.kind is EventKind.CASUALTIES
            and last is not None
            and last.start < c.start
            and _breaks(text[last.end : c.start]) == 0
            and any(q.measure is not Measure.DESTROYED for q in ev.quantities)
        ):
            acting = set(attackers.get(c.start, set()))
            killer = killers.get((c.start, c.trigger))
            acting |= _sides(killer, equiv, kb) if killer is not None else set()
            sides = [a for a in last.event.role("affected") if not _sides(a, equiv, kb) & acting]
            if sides:
                roles = tuple(sorted({*ev.roles, *(("affected", a) for a in sides)}))
                c = replace(c, event=replace(ev, roles=roles))
        out.append(c)
    return out


def _fill_opponents_from_victims(
    claims: list[Claim], equiv: EntityEquivalence, kb: KnowledgeBase
) -> list[Claim]:
    """Give an operation without an opponent the side whose losses its sentence reports.

    "Des hélicoptères américains ont coulé trois de leurs embarcations,
    tuant dix rebelles houthis": the operation read from the verb names its
    agent only (the possessive hides whose boats they were), while the
    casualties of the same sentence name the side that suffered them; the
    operation was against that side. Only one such side, never one the
    attacker belongs to ("l'offensive russe a coûté la vie à 500 soldats
    russes" says nothing of whom it was against).
    """
    victims: dict[int, set[str]] = {}
    for c in claims:
        if c.event.kind is EventKind.CASUALTIES:
            victims.setdefault(c.start, set()).update(c.event.role("affected"))
    out: list[Claim] = []
    for c in claims:
        ev = c.event
        sides = victims.get(c.start, set())
        agents = ev.role("agent")
        if ev.kind is EventKind.MILITARY_OPERATION and agents and not ev.role("opponent"):
            own = set().union(*(_sides(a, equiv, kb) for a in agents))
            others = {v for v in sides if not _sides(v, equiv, kb) & own}
            # one side: a state and its army count once
            common = set.intersection(*(_sides(v, equiv, kb) for v in others)) if others else set()
            if common:
                roles = tuple(sorted({*ev.roles, *(("opponent", v) for v in others)}))
                c = replace(c, event=replace(ev, roles=roles))
        out.append(c)
    return out


def _shooter(t: Token, rm: ResolvedMentions, kb: KnowledgeBase) -> str | None:
    """The side that destroys or shoots down, for a casualty verb: its subject's side.

    "La défense antiaérienne russe a abattu 12 drones": Russia (the subject's
    nationality, its "de X" owner or the actor it names); a passive's "par"
    agent likewise. ``None`` for a noun trigger or a subject with no side.
    """
    if t.pos_ not in ("VERB", "AUX"):
        return None
    passive = any(c.dep_ == "aux:pass" for c in t.children)
    if passive:
        by = next((c for c in t.children if c.dep_ == "obl:agent"), None)
        return side_of(by, rm, kb) if by is not None else None
    subj = subject_of(t, get_lex())
    return side_of(antecedent(subj) or subj, rm, kb) if subj is not None else None


def _sides(key: str, equiv: EntityEquivalence, kb: KnowledgeBase) -> set[str]:
    """``key`` and the state or group it belongs to (an armed force's, a minister's)."""
    ent = kb.get(key)
    out = {key, *equiv.names(key)}
    if ent is not None and ent.affiliation:
        out.add(ent.affiliation)
    return out


_BREAK = re.compile(r"\n\s*")  # a run of line breaks: the end of a paragraph


def _breaks(text: str) -> int:
    """How many paragraph breaks (runs of line breaks) ``text`` holds."""
    return len(_BREAK.findall(text))


def _unowned_materiel_loss(ev: Event) -> bool:
    """A casualty estimate that counts only materiel destroyed and names no side."""
    return (
        ev.kind is EventKind.CASUALTIES
        and not ev.role("affected")
        and bool(ev.quantities)
        and all(q.measure is Measure.DESTROYED for q in ev.quantities)
    )


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
