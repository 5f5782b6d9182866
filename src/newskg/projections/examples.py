"""A small newskg graph for examples, doctests and notebooks' first steps.

Like networkx's ``karate_club_graph``: a fixed graph that the docstrings of
:mod:`newskg.projections` run on. It follows the public data
model (``docs/data-model.md``) and is built from rdflib terms.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from newskg.config import DEFAULT_BASE_IRI
from newskg.namespaces import NKG
from newskg.projections._rdf import local_name
from newskg.rdf.iris import IriMinter

__all__ = ["example_graph"]

_ID = Namespace(DEFAULT_BASE_IRI)

# entity key -> (class, French label, English label, affiliation)
_ENTITIES = {
    "north-korea": (NKG.State, "Corée du Nord", "North Korea", None),
    "russia": (NKG.State, "Russie", "Russia", None),
    "ukraine": (NKG.State, "Ukraine", "Ukraine", None),
    "south-korea": (NKG.State, "Corée du Sud", "South Korea", None),
    "north-korean-army": (NKG.ArmedForce, "Armée populaire de Corée", "Korean People's Army",
                          "north-korea"),
    "jcs": (NKG.ArmedForce, "JCS", "JCS", "south-korea"),
    "volodymyr-zelensky": (NKG.Person, "Volodymyr Zelensky", "Volodymyr Zelensky", None),
    "koksan": (NKG.WeaponSystem, "M1978 Koksan", "M1978 Koksan", None),
}  # fmt: skip

# article identifier -> (issued, datatype)
_ARTICLES = {"a1.txt": ("2024-11", XSD.gYearMonth), "a2.txt": ("2024-12-19", XSD.date)}

# event id -> (class, roles, quantities (measure, qualifier, value), date, datatype)
_EVENTS = {
    "deployment": (
        NKG.Deployment,
        [(NKG.agent, "north-korean-army"), (NKG.recipient, "russia")],
        [(NKG.Troops, NKG.Exact, 3000)],
        ("2024-11", XSD.gYearMonth),
    ),
    "transfer": (
        NKG.ArmsTransfer,
        [(NKG.agent, "north-korea"), (NKG.recipient, "russia"), (NKG.weapon, "koksan")],
        [(NKG.Units, NKG.Approximately, 220)],
        None,
    ),
    "denied-transfer": (
        NKG.ArmsTransfer,
        [(NKG.agent, "south-korea"), (NKG.recipient, "ukraine")],
        [],
        None,
    ),
    "operation": (
        NKG.MilitaryOperation,
        [(NKG.agent, "russia"), (NKG.opponent, "ukraine")],
        [],
        ("2024-12-17", XSD.date),
    ),
    "meeting": (
        NKG.Meeting,
        [(NKG.participant, "north-korea"), (NKG.participant, "russia")],
        [],
        ("2024-06", XSD.gYearMonth),
    ),
    "killed": (
        NKG.Casualties,
        [(NKG.affected, "north-korean-army")],
        [(NKG.Killed, NKG.AtLeast, 100)],
        ("2024-12", XSD.gYearMonth),
    ),
    "killed-or-wounded": (
        NKG.Casualties,
        [(NKG.affected, "north-korean-army")],
        [(NKG.KilledOrWounded, NKG.Exact, 4000)],
        None,
    ),
}

# claim id -> (event, article, claimant, modality, confidence, quote)
_CLAIMS = {
    "c1": ("deployment", "a1.txt", "jcs", NKG.Asserted, "0.8",
           "Pyongyang a déployé 3.000 soldats en Russie, selon le JCS."),
    "c2": ("deployment", "a2.txt", None, NKG.Asserted, "0.6",
           "La Corée du Nord aurait envoyé 3.000 soldats en Russie."),
    "c3": ("transfer", "a2.txt", "jcs", NKG.Asserted, "0.8",
           "Pyongyang a fourni à Moscou environ 220 canons M1978 Koksan, précise le JCS."),
    "c4": ("denied-transfer", "a2.txt", None, NKG.Denied, "0.3",
           "Séoul ne fournit pas d'armes à l'Ukraine."),
    "c5": ("operation", "a2.txt", "volodymyr-zelensky", NKG.Asserted, "0.8",
           "Le 17 décembre, la Russie a attaqué l'Ukraine, selon Zelensky."),
    "c6": ("meeting", "a1.txt", None, NKG.Asserted, "0.8",
           "Les dirigeants nord-coréen et russe se sont rencontrés en juin."),
    "c7": ("killed", "a2.txt", "jcs", NKG.Asserted, "0.8",
           "Au moins 100 soldats nord-coréens ont été tués en décembre, selon le JCS."),
    "c8": ("killed-or-wounded", "a2.txt", "volodymyr-zelensky", NKG.Asserted, "0.8",
           "Zelensky a estimé les pertes nord-coréennes à 4.000 tués ou blessés."),
}  # fmt: skip


def example_graph() -> Graph:
    """Two articles, seven events, eight claims about North Korea, Russia and Ukraine.

    A deployment of the Korean People's Army to Russia (two claims, one by
    the JCS), an arms transfer from North Korea to Russia, an arms transfer
    from South Korea to Ukraine that is *denied*, a Russian operation against
    Ukraine, a North Korea-Russia meeting, and two casualty estimates for the
    Korean People's Army (JCS: at least 100 killed; Zelensky: 4000 killed or
    wounded).

    Examples
    --------
    >>> from newskg.namespaces import NKG
    >>> g = example_graph()
    >>> len(set(g.subjects(NKG.asserts, None)))
    8
    """
    minter = IriMinter(DEFAULT_BASE_IRI)
    g = Graph()
    g.bind("nkg", str(NKG._NS))
    for key, (cls, fr, en, affiliation) in _ENTITIES.items():
        node = minter.entity(key)
        g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, Literal(fr, lang="fr")))
        g.add((node, RDFS.label, Literal(en, lang="en")))
        if affiliation:
            g.add((node, NKG.affiliation, minter.entity(affiliation)))
    for identifier, (issued, datatype) in _ARTICLES.items():
        node = minter.article(identifier)
        g.add((node, RDF.type, NKG.Article))
        g.add((node, DCTERMS.identifier, Literal(identifier)))
        g.add((node, DCTERMS.issued, Literal(issued, datatype=datatype)))
    events: dict[str, URIRef] = {}
    for name, (cls, roles, quantities, when) in _EVENTS.items():
        node = events[name] = _ID[f"event/{name}"]
        g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, Literal(name)))
        for role, key in roles:
            g.add((node, role, minter.entity(key)))
        for measure, qualifier, value in quantities:
            q = _ID[f"event/{name}/q/{local_name(measure).lower()}"]
            g.add((node, NKG.quantity, q))
            g.add((q, RDF.type, NKG.Quantity))
            g.add((q, NKG.measure, measure))
            g.add((q, NKG.qualifier, qualifier))
            g.add((q, NKG.value, Literal(value, datatype=XSD.integer)))
        if when:
            g.add((node, NKG.date, Literal(when[0], datatype=when[1])))
    offsets = dict.fromkeys(_ARTICLES, 0)
    for name, (event, article, claimant, modality, confidence, quote) in _CLAIMS.items():
        start = offsets[article]
        offsets[article] += len(quote) + 1
        node = _ID[f"claim/{name}"]
        g.add((node, RDF.type, NKG.Claim))
        g.add((node, NKG.asserts, events[event]))
        g.add((node, PROV.wasDerivedFrom, minter.article(article)))
        if claimant:
            g.add((node, NKG.claimant, minter.entity(claimant)))
        g.add((node, NKG.modality, modality))
        g.add((node, NKG.confidence, Literal(Decimal(confidence), datatype=XSD.decimal)))
        g.add((node, NKG.quote, Literal(quote, lang="fr")))
        g.add((node, NKG.quoteStart, Literal(start, datatype=XSD.nonNegativeInteger)))
        g.add((node, NKG.quoteEnd, Literal(start + len(quote), datatype=XSD.nonNegativeInteger)))
        for measure, _, _ in _EVENTS[event][2]:  # each quote states its event's figure
            g.add((node, NKG.states, _ID[f"event/{event}/q/{local_name(measure).lower()}"]))
        for _, key in _EVENTS[event][1]:
            g.add((minter.article(article), NKG.mentions, minter.entity(key)))
        if claimant:
            g.add((minter.article(article), NKG.mentions, minter.entity(claimant)))
    return g
