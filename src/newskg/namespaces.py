"""Closed namespaces: the only place newskg spells the IRIs of its vocabulary.

``NKG`` is a closed :class:`rdflib.namespace.DefinedNamespace`: using a term
the ontology does not declare (``NKG.Deploymnet``) raises at once. A test
checks that this list and ``ontology/newskg.ttl`` declare the same terms.
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

__all__ = ["NKG", "NKG_IRI", "SCHEMA", "SEM", "SHAPES", "WD", "WD_IRI"]

NKG_IRI = "https://w3id.org/newskg/ontology#"
WD_IRI = "http://www.wikidata.org/entity/"


class NKG(DefinedNamespace):
    """The newskg ontology (``nkg:``); see ``ontology/newskg.ttl``."""

    _NS = Namespace(NKG_IRI)
    _fail = True

    # --- classes: documents, provenance
    Article: URIRef
    Claim: URIRef
    # --- classes: entities
    Actor: URIRef
    State: URIRef
    Agency: URIRef
    ArmedForce: URIRef
    IntelligenceService: URIRef
    NewsAgency: URIRef
    GovernmentBody: URIRef
    ArmedGroup: URIRef
    Person: URIRef
    WeaponSystem: URIRef
    Treaty: URIRef
    Place: URIRef
    # --- classes: events
    Event: URIRef
    Deployment: URIRef
    Casualties: URIRef
    ArmsTransfer: URIRef
    TreatySigning: URIRef
    TreatyRatification: URIRef
    TreatyEntryIntoForce: URIRef
    MilitaryOperation: URIRef
    WeaponTest: URIRef
    Meeting: URIRef
    Cooperation: URIRef
    Withdrawal: URIRef
    TreatyWithdrawal: URIRef
    # --- classes: quantities and their vocabularies
    Quantity: URIRef
    Measure: URIRef
    Qualifier: URIRef
    Scope: URIRef
    Modality: URIRef
    # --- individuals: measures
    Troops: URIRef
    Killed: URIRef
    Wounded: URIRef
    KilledOrWounded: URIRef
    Captured: URIRef
    Destroyed: URIRef
    Units: URIRef
    # --- individuals: qualifiers
    Exact: URIRef
    Approximately: URIRef
    AtLeast: URIRef
    MoreThan: URIRef
    AtMost: URIRef
    # --- individuals: scopes
    Increment: URIRef
    # --- individuals: modalities
    Asserted: URIRef
    Planned: URIRef
    Possible: URIRef
    Denied: URIRef
    # --- object properties: article, roles, claims
    mentions: URIRef
    participant: URIRef
    agent: URIRef
    recipient: URIRef
    affected: URIRef
    opponent: URIRef
    weapon: URIRef
    treaty: URIRef
    place: URIRef
    quantity: URIRef
    measure: URIRef
    qualifier: URIRef
    scope: URIRef
    asserts: URIRef
    states: URIRef
    claimant: URIRef
    modality: URIRef
    # --- object properties: relations between entities, articles
    affiliation: URIRef
    origin: URIRef
    party: URIRef
    foundingTreaty: URIRef
    seatOf: URIRef
    locatedIn: URIRef
    nearDuplicateOf: URIRef
    # --- datatype properties
    value: URIRef
    minValue: URIRef
    maxValue: URIRef
    date: URIRef
    startDate: URIRef
    endDate: URIRef
    quote: URIRef
    quoteStart: URIRef
    quoteEnd: URIRef
    confidence: URIRef
    trigger: URIRef
    contentHash: URIRef
    demonym: URIRef
    softwareVersion: URIRef
    modelName: URIRef
    modelVersion: URIRef


SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SHAPES = Namespace("https://w3id.org/newskg/shapes#")
"""newskg's SHACL shapes (``nkg-shapes:``, ``shapes/*.ttl``)."""
WD = Namespace(WD_IRI)
