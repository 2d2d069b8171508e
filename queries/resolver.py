"""Answers for the graph's own IRIs, framework-free: `/id/<kind>/<slug>` with Cool-URI content
negotiation (one URI; HTML, Turtle, N-Triples or JSON-LD by Accept; `Vary: Accept`), `/ontology`,
`/.well-known/void`, `/dataset`, `/dump/<file>` and the other files of the static site.

The server mounts `Resolver.resolve`; the command line hands it what to serve (this module draws
no page): a function that makes an entity's page, a function that gives an entity's RDF, and the
static site's other files by path (what `vdg site` writes).

Negotiation: an Accept header that admits none of the offered types gets 406 with the list of
alternatives, because a client that asked only for, say, RDF/XML cannot use HTML; a missing Accept,
`*/*` and every browser's header admit HTML, which is the default."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Callable, Mapping
from urllib.parse import quote, unquote

ID_PREFIX = "/id/"
HTML = "text/html; charset=utf-8"
#: entity representations: suffix -> (format name handed to the rdf callable, media type)
RDF_TYPES: dict[str, tuple[str, str]] = {
    ".ttl": ("ttl", "text/turtle"),
    ".nt": ("nt", "application/n-triples"),
    ".jsonld": ("jsonld", "application/ld+json"),
}
#: media type a client may ask for -> suffix of the representation it gets
ACCEPTED: dict[str, str] = {
    "text/html": ".html", "application/xhtml+xml": ".html",
    "text/turtle": ".ttl", "application/x-turtle": ".ttl",
    "application/n-triples": ".nt", "text/plain": ".nt",
    "application/ld+json": ".jsonld", "application/json": ".jsonld",
}
SUFFIX_TYPES = {".html": HTML, ".ttl": "text/turtle; charset=utf-8", ".nt": "application/n-triples; charset=utf-8",
                ".jsonld": "application/ld+json", ".trig": "application/trig; charset=utf-8",
                ".nq": "application/n-quads; charset=utf-8", ".rdf": "application/rdf+xml",
                ".svg": "image/svg+xml", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}


@dataclass
class Answer:
    """An HTTP answer: status, content type, extra headers, body."""

    status: int
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    def as_tuple(self) -> tuple[int, str, dict[str, str], bytes]:
        return self.status, self.content_type, self.headers, self.body


def parse_accept(accept: str | None) -> list[tuple[str, float]]:
    """The media ranges of an Accept header with their q-values, best first (stable for ties)."""
    if not accept or not accept.strip():
        return [("*/*", 1.0)]
    ranges: list[tuple[str, float]] = []
    for part in accept.split(","):
        bits = [b.strip() for b in part.split(";")]
        if not bits[0]:
            continue
        q = 1.0
        for b in bits[1:]:
            if b.lower().startswith("q="):
                try:
                    q = max(0.0, min(1.0, float(b[2:])))
                except ValueError:
                    q = 0.0
        ranges.append((bits[0].lower(), q))
    return sorted(ranges, key=lambda r: -r[1])


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """The suffix among `offered` (first = default) that the Accept header prefers, None when it admits none."""
    best: tuple[float, int, str] | None = None
    for media, q in parse_accept(accept):
        if q <= 0:
            continue
        for rank, suffix in enumerate(offered):
            types = [m for m, s in ACCEPTED.items() if s == suffix]
            hit = (media == "*/*" or media in types or (media.endswith("/*") and any(t.startswith(media[:-1]) for t in types)))
            if hit and (best is None or (q, -rank) > (best[0], -best[1])):
                best = (q, rank, suffix)
    return best[2] if best else None


class Resolver:
    """Resolves request paths to answers from what the command line hands it.

    page(iri) -> HTML or None; rdf(iri, fmt) -> bytes or None (fmt: ttl, nt, jsonld); files: site
    path -> bytes (index.html, dataset.html, void.ttl, ontology/index.html, dump/vdg.ttl, class/...);
    ontology_rdf: the ontology in Turtle for `/ontology` asked as RDF; base: the IRI base of the
    individuals (https://w3id.org/vdg/id/)."""

    def __init__(self, *, page: Callable[[str], str | None], rdf: Callable[[str, str], bytes | None],
                 files: Mapping[str, bytes], ontology_rdf: bytes, base: str = "https://w3id.org/vdg/id/") -> None:
        self.page, self.rdf, self.files, self.ontology_rdf, self.base = page, rdf, files, ontology_rdf, base

    def resolve(self, path: str, accept: str | None = None) -> Answer:
        """The answer for a GET of `path` (no query string) with the given Accept header."""
        path = unquote(path)
        if path.startswith(ID_PREFIX):
            return self._entity(path[len(ID_PREFIX):], accept)
        if path in ("/ontology", "/ontology/"):
            return self._choice(accept, {".html": self.files.get("ontology/index.html"), ".ttl": self.ontology_rdf},
                                "/ontology")
        if path == "/dataset":
            return self._choice(accept, {".html": self.files.get("dataset.html"), ".ttl": self.files.get("void.ttl")},
                                "/dataset")
        if path == "/.well-known/void":
            return self._choice(accept, {".ttl": self.files.get("void.ttl"), ".html": self.files.get("dataset.html")},
                                "/.well-known/void")
        rel = "index.html" if path in ("/", "") else path.lstrip("/")
        if rel.endswith("/"):
            rel += "index.html"
        if ".." in rel.split("/") or rel not in self.files:
            return self._not_found(path)
        suffix = "." + rel.rsplit(".", 1)[-1] if "." in rel.rsplit("/", 1)[-1] else ""
        return Answer(200, SUFFIX_TYPES.get(suffix, "application/octet-stream"), {}, self.files[rel])

    def _choice(self, accept: str | None, bodies: dict[str, bytes | None], path: str) -> Answer:
        offered = [s for s, body in bodies.items() if body is not None]
        if not offered:
            return self._not_found(path)
        suffix = negotiate(accept, offered)
        if suffix is None:
            return self._not_acceptable(offered)
        body = bodies[suffix]
        assert body is not None
        return Answer(200, SUFFIX_TYPES[suffix], {"Vary": "Accept"}, body)

    def _entity(self, rest: str, accept: str | None) -> Answer:
        suffix = next((s for s in (".html", *RDF_TYPES) if rest.endswith(s)), None)
        name = rest[: -len(suffix)] if suffix else rest
        iri = self.base + name
        if not _valid(name):
            return self._not_found(ID_PREFIX + rest)
        chosen = suffix or negotiate(accept, [".html", *RDF_TYPES])
        if chosen is None:
            return self._not_acceptable([".html", *RDF_TYPES], vary=True)
        headers = {} if suffix else {"Vary": "Accept", "Content-Location": f"{ID_PREFIX}{name}{chosen}"}
        if chosen == ".html":
            html = self.page(iri)
            if html is None:
                return self._not_found(ID_PREFIX + rest)
            return Answer(200, HTML, headers, html.encode("utf-8"))
        data = self.rdf(iri, RDF_TYPES[chosen][0])
        if data is None:
            return self._not_found(ID_PREFIX + rest)
        return Answer(200, SUFFIX_TYPES[chosen], headers, data)

    def _not_acceptable(self, offered: list[str], vary: bool = True) -> Answer:
        types = sorted({m for m, s in ACCEPTED.items() if s in offered})
        body = ("406 Not Acceptable: this resource is available as " + ", ".join(types) + "\n").encode("utf-8")
        return Answer(406, "text/plain; charset=utf-8", {"Vary": "Accept"} if vary else {}, body)

    def _not_found(self, path: str) -> Answer:
        term = path.rstrip("/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
        link = "/index.html?q=" + quote(term)
        body = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Not found · VDG</title></head>'
                f'<body><main><h1>Not found / Không tìm thấy</h1><p>The graph has nothing at <code>{escape(path)}</code>.</p>'
                f'<p><a href="{escape(link)}">Search for “{escape(term)}” / Tìm “{escape(term)}”</a> · '
                '<a href="/index.html">Index / Mục lục</a></p></main></body></html>\n')
        return Answer(404, HTML, {}, body.encode("utf-8"))


def _valid(name: str) -> bool:
    """A kind/slug: two lowercase ASCII segments of letters, digits and hyphens."""
    parts = name.split("/")
    return len(parts) == 2 and all(p and all(c.isascii() and (c.islower() or c.isdigit() or c == "-") for c in p)
                                   for p in parts)
