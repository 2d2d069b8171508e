"""The resolver of the graph's IRIs: Cool-URI content negotiation on /id/<kind>/<slug>, 406 and 404
answers, /ontology, /dataset, /.well-known/void, /dump/ — over the real article graph and pages."""

from __future__ import annotations

from typing import Any

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from queries.resolver import negotiate, parse_accept

MIC = "https://w3id.org/vdg/id/agency/mic"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


@pytest.fixture(scope="module")
def resolver(built: Any) -> Any:
    from graph.cli.site_command import resolver as make

    return make(built.quads)


@pytest.mark.parametrize("accept, expected", [
    (None, "text/html"), ("", "text/html"), ("*/*", "text/html"), (BROWSER, "text/html"),
    ("text/turtle", "text/turtle"), ("application/n-triples", "application/n-triples"),
    ("application/ld+json", "application/ld+json"), ("text/*", "text/html"),
    ("text/html;q=0.2, text/turtle;q=0.9", "text/turtle"), ("application/ld+json;q=0.5, text/turtle", "text/turtle"),
])
def test_one_uri_many_representations(resolver: Any, accept: str | None, expected: str) -> None:
    answer = resolver.resolve("/id/agency/mic", accept)
    assert answer.status == 200
    assert answer.content_type.split(";")[0] == expected
    assert answer.headers["Vary"] == "Accept"
    suffix = {"text/html": ".html", "text/turtle": ".ttl", "application/n-triples": ".nt",
              "application/ld+json": ".jsonld"}[expected]
    assert answer.headers["Content-Location"] == "/id/agency/mic" + suffix


def test_the_representations_say_the_same(resolver: Any, built: Any) -> None:
    graphs = {fmt: Graph().parse(data=resolver.resolve("/id/agency/mic", accept).body, format=fmt)
              for fmt, accept in (("turtle", "text/turtle"), ("nt", "application/n-triples"),
                                  ("json-ld", "application/ld+json"))}
    assert isomorphic(graphs["turtle"], graphs["nt"]) and isomorphic(graphs["turtle"], graphs["json-ld"])
    union = built.quads.union()
    assert set(graphs["nt"].triples((URIRef(MIC), None, None))) == set(union.triples((URIRef(MIC), None, None)))
    assert set(graphs["nt"].triples((None, None, URIRef(MIC)))) == set(union.triples((None, None, URIRef(MIC))))
    html = resolver.resolve("/id/agency/mic", "text/html").body.decode("utf-8")
    assert "Bộ Thông tin và Truyền thông" in html and "Ministry of Information and Communications" in html


def test_suffixed_documents_need_no_negotiation(resolver: Any) -> None:
    answer = resolver.resolve("/id/agency/mic.ttl", "text/html")
    assert answer.status == 200 and answer.content_type.startswith("text/turtle") and "Vary" not in answer.headers
    assert resolver.resolve("/id/agency/mic.html", None).body == resolver.resolve("/id/agency/mic", None).body


def test_unacceptable_type_is_406_with_the_alternatives(resolver: Any) -> None:
    answer = resolver.resolve("/id/agency/mic", "application/rdf+xml")
    assert answer.status == 406 and answer.headers["Vary"] == "Accept"
    assert b"text/turtle" in answer.body and b"text/html" in answer.body
    assert resolver.resolve("/id/agency/mic", "text/turtle;q=0").status == 406


@pytest.mark.parametrize("path", ["/id/agency/no-such-agency", "/id/agency", "/id/Agency/MIC", "/id/a/b/c",
                                  "/id/agency/mic.exe", "/dump/../index.html", "/nowhere", "/dump/secret.txt"])
def test_unknown_ids_and_paths_are_404_with_a_search_link(resolver: Any, path: str) -> None:
    answer = resolver.resolve(path, "text/turtle")
    assert answer.status == 404
    assert b'href="/index.html?q=' in answer.body


def test_markup_in_the_path_is_escaped(resolver: Any) -> None:
    answer = resolver.resolve("/id/agency/%3Cscript%3Ealert(1)%3C%2Fscript%3E", None)
    assert answer.status == 404 and b"<script>" not in answer.body


def test_ontology_dataset_void_and_dumps(resolver: Any, built: Any) -> None:
    onto = resolver.resolve("/ontology", "text/turtle")
    assert onto.status == 200 and (URIRef("https://w3id.org/vdg/ontology"), None, None) in Graph().parse(
        data=onto.body, format="turtle")
    assert b"vdg:Agency" in resolver.resolve("/ontology", BROWSER).body
    void = Graph().parse(data=resolver.resolve("/.well-known/void", None).body, format="turtle")
    dataset = URIRef("https://w3id.org/vdg/dataset")
    assert (dataset, None, None) in void
    assert resolver.resolve("/dataset", BROWSER).content_type.startswith("text/html")
    assert resolver.resolve("/dataset", "text/turtle").body == resolver.resolve("/.well-known/void", None).body
    for name, media in (("vdg.ttl", "text/turtle"), ("vdg.nq", "application/n-quads"), ("vdg.jsonld", "application/ld+json")):
        answer = resolver.resolve("/dump/" + name, None)
        assert answer.status == 200 and answer.content_type.startswith(media)
    assert len(Graph().parse(data=resolver.resolve("/dump/vdg.nt", None).body, format="nt")) == len(built.quads.triples())
    assert resolver.resolve("/", None).body.startswith(b"<!DOCTYPE html>")


def test_accept_parsing() -> None:
    assert parse_accept("a/b;q=0.1, c/d") == [("c/d", 1.0), ("a/b", 0.1)]
    assert parse_accept("a/b;q=x") == [("a/b", 0.0)]
    assert negotiate("image/png", [".html", ".ttl"]) is None


def test_resolver_over_the_servers_cached_nquads(tmp_path: Any, built: Any) -> None:
    from graph.cache import seal
    from graph.cli.site_command import resolver_for_nquads
    from graph.export import serialize

    path = tmp_path / "graph.nq"
    path.write_bytes(seal(serialize(built.quads, "nq")))
    answer = resolver_for_nquads(path).resolve("/id/agency/mic", "text/turtle")
    assert answer.status == 200
    mic = Graph().parse(data=answer.body, format="turtle")
    assert set(mic.triples((URIRef(MIC), None, None))) == set(built.quads.union().triples((URIRef(MIC), None, None)))


def test_mounted_on_a_real_http_server(resolver: Any) -> None:
    """The routes of queries.published on uvicorn over loopback, asked with urllib as curl would."""
    import socket
    import threading
    import time
    import urllib.error
    import urllib.request

    import uvicorn
    from starlette.applications import Starlette

    from queries.published import published_routes

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(Starlette(routes=published_routes(resolver.resolve)), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if server.started:
                break
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"

        def get(path: str, accept: str | None = None, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
            request = urllib.request.Request(base + path, method=method, headers={"Accept": accept} if accept else {})
            try:
                with urllib.request.urlopen(request, timeout=30) as reply:
                    return reply.status, dict(reply.headers), reply.read()
            except urllib.error.HTTPError as exc:
                return exc.code, dict(exc.headers), exc.read()

        status, headers, body = get("/id/agency/mic", "text/turtle")
        assert status == 200 and headers["content-type"].startswith("text/turtle") and headers["vary"] == "Accept"
        assert (URIRef(MIC), None, None) in Graph().parse(data=body, format="turtle")
        status, headers, body = get("/id/agency/mic", BROWSER)
        assert status == 200 and b"<h1>" in body and headers["content-type"].startswith("text/html")
        status, headers, body = get("/id/agency/mic", "application/rdf+xml")
        assert status == 406
        status, headers, body = get("/id/agency/nobody")
        assert status == 404 and b"/index.html?q=nobody" in body
        status, headers, body = get("/id/agency/mic", "text/turtle", method="HEAD")
        assert status == 200 and body == b""
        assert get("/.well-known/void")[0] == 200 and get("/dump/vdg.ttl")[0] == 200
    finally:
        server.should_exit = True
        thread.join(timeout=10)
