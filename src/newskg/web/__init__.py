"""The endpoint's pages for people: a query page, a page for every IRI, a search box.

:func:`respond` answers the paths it owns for :class:`newskg.sparql.SparqlServer`:

- ``/``: the query page (:mod:`newskg.web.querypage`);
- ``/id/PATH``: the resource whose IRI is the instance base followed by
  ``PATH`` (``/id/entity/north-korea``): a page for an entity, an event, a
  claim, an article or any other IRI of the graph, or its description in
  Turtle, JSON-LD, N-Triples or RDF/XML when the ``Accept`` header prefers
  one of them or ``?format=ttl`` (``jsonld``, ``nt``, ``rdf``) asks; 404
  for an IRI the graph does not describe;
- ``/search?q=TEXT``: entities whose names contain ``TEXT``;
- ``/assets/NAME``: this package's CSS and JavaScript.

Every query goes through the server's workers and limits, read-only
(:class:`newskg.web.resource.Reader`); every value is HTML-escaped; pages
load nothing from another site, and their Content-Security-Policy says so.
"""

from __future__ import annotations

from functools import cache
from http import HTTPStatus
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote

import pyoxigraph as ox

from newskg.config import DEFAULT_BASE_IRI
from newskg.store import prefixes as graph_prefixes
from newskg.web import pages, resource
from newskg.web.pages import Links, esc, layout
from newskg.web.querypage import query_page
from newskg.web.resource import NKG, PageError, Reader

__all__ = ["RDF_FORMATS", "choose_format", "respond"]

ASSETS = Path(__file__).resolve().parent / "assets"
_ASSET_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
CSP = (
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HTML = "text/html"
# ?format= values and media types -> how the resource is sent
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json-ld": ox.RdfFormat.JSON_LD,
    "nt": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdf": ox.RdfFormat.RDF_XML,
    "xml": ox.RdfFormat.RDF_XML,
}
_OFFERED: list[tuple[str, ox.RdfFormat | None]] = [
    (HTML, None),
    ("application/xhtml+xml", None),
    ("text/turtle", ox.RdfFormat.TURTLE),
    ("application/x-turtle", ox.RdfFormat.TURTLE),
    ("application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/rdf+xml", ox.RdfFormat.RDF_XML),
]
_NOT_ACCEPTABLE = object()

Response = tuple[HTTPStatus, str, bytes, dict[str, str]]


class _Headers(Protocol):
    """A request's headers (``http.server``'s message, or a dict)."""

    def get(self, name: str, default: None = None) -> str | None: ...


def choose_format(accept: str | None, format_param: str | None) -> ox.RdfFormat | object | None:
    """How to send a resource: an RDF format, ``None`` for HTML, or ``_NOT_ACCEPTABLE``.

    ``?format=`` wins; else the ``Accept`` header's most wanted offered type
    (ties: the order it lists them); ``*/*``, ``text/*`` or no header: HTML.

    >>> choose_format("text/turtle", None).name
    'Turtle'
    >>> choose_format("text/html,application/xml;q=0.9,*/*;q=0.8", None) is None
    True
    """
    if format_param:
        key = format_param.strip().lower()
        if key == "html":
            return None
        return RDF_FORMATS.get(key, _NOT_ACCEPTABLE)
    if not accept or not accept.strip():
        return None
    from newskg.sparql import media_ranges  # noqa: PLC0415  (the server imports this package)

    offered = dict(_OFFERED)
    for media in media_ranges(accept):
        if media in ("*/*", "text/*"):
            return None
        if media in offered:
            return offered[media]
    return _NOT_ACCEPTABLE


def respond(
    server: Any, path: str, params: dict[str, list[str]], headers: _Headers
) -> Response | None:
    """The answer to ``GET path`` when it is one of the pages' paths, else ``None``.

    ``server`` is a :class:`~newskg.sparql.SparqlServer` (its ``pool`` and
    ``limits``; ``base_iri`` when it has one, else the default base). The
    SPARQL 1.1 Protocol paths (``/query``, ``/update``) stay the server's.
    """
    if not (path == "/" or path.startswith(("/id/", "/assets/")) or path == "/search"):
        return None
    base = getattr(server, "base_iri", DEFAULT_BASE_IRI)
    reader = Reader(server, base, _prefixes(base))
    try:
        if path.startswith("/assets/"):
            return _asset(path[len("/assets/") :])
        if path == "/":
            status, media, body, extra = query_page(reader, params, about=_about(server))
            return status, media, body, {**_page_headers(), **extra}
        if path == "/search":
            return _html(HTTPStatus.OK, _search(reader, _param(params, "q")))
        return _resource(reader, path, params, headers.get("Accept"))
    except PageError as exc:
        return _error(exc, path)


@cache
def _prefixes(base: str) -> dict[str, str]:
    return graph_prefixes(base)


def _param(params: dict[str, list[str]], name: str) -> str:
    return (params.get(name) or [""])[0]


def _about(server: Any) -> str:
    limits = server.limits
    writable = getattr(server, "allow_update", False)
    mode = "read-write (updates at /update)" if writable else "read-only"
    parts = [
        f"queries stop after {limits.timeout:g} s" if limits.timeout else "no time limit",
        f"at most {limits.max_rows} rows" if limits.max_rows else "no row limit",
    ]
    return f"Endpoint {mode}; {', '.join(parts)}; SERVICE and LOAD are refused. Pages read only."


def _page_headers() -> dict[str, str]:
    return {"Content-Security-Policy": CSP, "Referrer-Policy": "no-referrer"}


def _html(status: HTTPStatus, page: str) -> Response:
    return status, "text/html; charset=utf-8", page.encode("utf-8"), _page_headers()


def _error(exc: PageError, path: str) -> Response:
    body = (
        f"<h1>{esc(exc.status.value)} {esc(exc.status.phrase)}</h1>"
        f'<pre class="error">{esc(exc)}</pre><p class="muted">at <code>{esc(path)}</code></p>'
    )
    status, media, data, headers = _html(exc.status, layout(exc.status.phrase, body))
    return status, media, data, {**headers, **exc.headers}


def _asset(name: str) -> Response:
    files = {p.name: p for p in ASSETS.iterdir() if p.suffix in _ASSET_TYPES}
    found = files.get(name)
    if found is None:
        raise PageError(HTTPStatus.NOT_FOUND, f"no asset {name}")
    headers = {"Cache-Control": "max-age=3600"}
    return HTTPStatus.OK, _ASSET_TYPES[found.suffix], found.read_bytes(), headers


# ---------------------------------------------------------------- resources
def _resource(
    reader: Reader, path: str, params: dict[str, list[str]], accept: str | None
) -> Response:
    try:
        local = unquote(path[len("/id/") :], errors="strict")
    except UnicodeDecodeError:
        raise PageError(HTTPStatus.NOT_FOUND, "the path is not UTF-8") from None
    iri = reader.base + local
    wanted = choose_format(accept, _param(params, "format"))
    if wanted is _NOT_ACCEPTABLE:
        offered = ", ".join(m for m, _ in _OFFERED)
        raise PageError(HTTPStatus.NOT_ACCEPTABLE, f"no acceptable format; offered: {offered}")
    try:
        ox.NamedNode(iri)
    except ValueError:
        raise PageError(HTTPStatus.NOT_FOUND, f"nothing is described at /id/{local}") from None
    if isinstance(wanted, ox.RdfFormat):
        triples = resource.resource_rdf(reader, iri)
        if not triples:
            raise PageError(HTTPStatus.NOT_FOUND, f"nothing is described at /id/{local}")
        body = ox.serialize(sorted(triples, key=str), format=wanted, prefixes=reader.prefixes)
        media = wanted.media_type
        if media.startswith("text/") or media.endswith(("json", "xml")):
            media += "; charset=utf-8"
        return HTTPStatus.OK, media, body, {"Vary": "Accept"}
    desc = resource.describe(reader, iri)
    if desc is None:
        raise PageError(HTTPStatus.NOT_FOUND, f"nothing is described at /id/{local}")
    status, media, body, headers = _html(HTTPStatus.OK, _resource_page(reader, desc))
    return status, media, body, {**headers, "Vary": "Accept"}


_ROLE_SKIP = {f"{NKG}mentions", f"{NKG}claimant", f"{NKG}affiliation"}


def _resource_page(reader: Reader, desc: resource.Description) -> str:
    links = Links(reader.base, reader.prefixes)
    kind = desc.iri[len(reader.base) :].split("/", 1)[0]
    sections: list[str] = []
    events: list[resource.EventInfo] = []
    claimed: list[resource.EventInfo] = []
    skip_out: set[str] = set()
    skip_in: set[str] = set()
    me: str | None = None
    only_article: str | None = None
    if kind == "entity":
        pairs = [(e, r) for e, r in resource.entity_events(reader, desc.iri) if r not in _ROLE_SKIP]
        details = resource.event_details(reader, [e for e, _ in pairs])
        events = sorted(details.values(), key=resource.EventInfo.sort_key)
        skip_in = {r for _, r in pairs}
        me = desc.iri
        said = resource.claimant_claims(reader, desc.iri)
        if said:
            stated = resource.event_details(reader, [e for _, e in said])
            claimed = sorted(stated.values(), key=resource.EventInfo.sort_key)
            skip_in.add(f"{NKG}claimant")
    elif kind == "event" and "/" not in desc.iri[len(reader.base) + len("event/") :]:
        events = list(resource.event_details(reader, [desc.iri]).values())
        skip_in = {f"{NKG}asserts"}
        skip_out = {f"{NKG}quantity"}  # shown as the figures
    elif kind == "article":
        pairs = resource.article_claims(reader, desc.iri)
        details = resource.event_details(reader, [e for _, e in pairs])
        events = sorted(details.values(), key=resource.EventInfo.sort_key)
        skip_in = {"http://www.w3.org/ns/prov#wasDerivedFrom"}
        only_article = desc.iri
    # labels of everything the page names, in one go
    named = {desc.iri, *(p.value for p, _ in desc.outgoing), *(p.value for _, p in desc.incoming)}
    named |= {o.value for _, o in desc.outgoing if isinstance(o, ox.NamedNode)}
    named |= {s.value for s, _ in desc.incoming if isinstance(s, ox.NamedNode)}
    for info in [*events, *claimed]:
        named |= {info.iri, *info.classes, *(r for r, _ in info.roles), *(w for _, w in info.roles)}
        named |= {f.measure for f in info.figures}
        named |= {f.qualifier for f in info.figures if f.qualifier}
        for c in info.claims:
            named |= {x for x in (c.claimant, c.modality, c.article) if x}
    links.labels = reader.labels(sorted(named))
    title = links.labels.get(desc.iri) or links.short(desc.iri)
    if kind == "claim" and desc.iri not in links.labels:  # claims have no label: say whose
        who = desc.first(f"{NKG}claimant")
        title = f"Claim by {links.name(who.value)}" if who is not None else "Claim of the article"
    classes = ", ".join(links.name(t) for t in desc.types) or "Resource"
    header = (
        f'<p class="kicker">{esc(classes)}</p><h1>{esc(title)}</h1>'
        f'<p class="iri"><code>{esc(desc.iri)}</code> · '
        f'<a href="?format=ttl">Turtle</a> · <a href="?format=jsonld">JSON-LD</a></p>'
    )
    sections.append(header)
    sections.append(pages.properties_table(desc, links, skip=skip_out))
    if events:
        if kind == "event":
            info = events[0]
            sections.append(f"<h2>Figures</h2>{pages.figures_html(info.figures, links)}")
            sections.append(f"<h2>Claims ({len(info.claims)})</h2>{pages.claims_html(info, links)}")
        else:
            heading = "Events, in time order" if kind == "entity" else "Claims read from it"
            sections.append(
                f"<h2>{heading} ({len(events)})</h2>"
                + pages.timeline_table(events, links, me=me, article=only_article)
            )
    if claimed:
        sections.append(
            f"<h2>What it says happened ({len(claimed)})</h2>"
            + pages.timeline_table(claimed, links, claimant=desc.iri)
        )
    sections.append(pages.incoming_table(desc, links, skip=skip_in))
    return layout(title, "\n".join(sections))


def _search(reader: Reader, text: str) -> str:
    links = Links(reader.base, reader.prefixes)
    rows = resource.search_entities(reader, text) if text.strip() else []
    found = [r for r in rows if isinstance(r.get("e"), ox.NamedNode)]
    iris = [r["e"].value for r in found] + [
        r["class"].value for r in found if isinstance(r.get("class"), ox.NamedNode)
    ]
    links.labels = reader.labels(iris)
    items = []
    for r in found:
        cls = r.get("class")
        kind = esc(links.name(cls.value)) if isinstance(cls, ox.NamedNode) else ""
        name = r.get("name")
        also = ""
        if isinstance(name, ox.Literal) and name.value != links.labels.get(r["e"].value):
            also = f' <span class="muted">(as “{esc(name.value)}”)</span>'
        items.append(
            f'<li>{pages.iri_html(r["e"].value, links)}{also} <span class="tag">{kind}</span></li>'
        )
    if not text.strip():
        result = '<p class="muted">Type a name (or part of one) to find an entity.</p>'
    elif not items:
        result = f"<p>No entity has a name containing “{esc(text)}”.</p>"
    else:
        count = f"{len(items)} entit{'ies' if len(items) != 1 else 'y'}"
        result = f'<p class="summary">{count}</p><ul class="found">{"".join(items)}</ul>'
    return layout(f"Search: {text}", f"<h1>Entities</h1>{result}", search=text)
