"""`vdg serve`: the SPARQL 1.1 Protocol over HTTP, content negotiation, CORS, refusals, the query page."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("starlette")
uvicorn = pytest.importorskip("uvicorn")
SPARQLWrapper = pytest.importorskip("SPARQLWrapper")

from queries.catalogue import load_catalogue  # noqa: E402
from queries.remote import substitute  # noqa: E402
from queries.runner import answer  # noqa: E402
from queries.server import Settings, create_app  # noqa: E402
from tests.conftest import ROOT  # noqa: E402
from tests.queries.conftest import free_port  # noqa: E402

QUESTIONS = ("agencies", "people-posts", "agency-posts")
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SMALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 3"


def _start(nquads: Path, settings: Settings) -> Iterator[str]:
    port = free_port()
    config = uvicorn.Config(create_app(nquads, settings), host="127.0.0.1", port=port, log_level="error")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.02)
    assert server.started, "server did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def base(nquads: Path) -> Iterator[str]:
    yield from _start(nquads, Settings(timeout=10, max_rows=1000))


@pytest.fixture(scope="module")
def strict(nquads: Path) -> Iterator[str]:
    """A server with a tiny timeout and row cap."""
    yield from _start(nquads, Settings(timeout=0.3, max_rows=5, workers=2))


def http(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
         method: str | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


def get(base: str, query: str, accept: str = "application/sparql-results+json") -> tuple[int, dict[str, str], bytes]:
    return http(f"{base}/sparql?{urllib.parse.urlencode({'query': query})}", headers={"Accept": accept})


def post_form(base: str, fields: dict[str, str], accept: str = "application/sparql-results+json"):
    return http(f"{base}/sparql", urllib.parse.urlencode(fields).encode(),
                {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})


def post_query(base: str, query: str, accept: str = "application/sparql-results+json"):
    return http(f"{base}/sparql", query.encode(), {"Content-Type": "application/sparql-query", "Accept": accept})


def _cells(binding: dict[str, dict[str, str]], variables: list[str]) -> tuple:
    return tuple((binding[v]["type"], binding[v]["value"]) if v in binding else None for v in variables)


@pytest.mark.parametrize("name", QUESTIONS)
def test_sparqlwrapper_gets_the_local_rows(base: str, nquads: Path, name: str) -> None:
    from SPARQLWrapper import JSON, POST, SPARQLWrapper as Client

    query = load_catalogue()[name]
    local = answer(query, {}, nquads=nquads)
    client = Client(f"{base}/sparql")
    client.setQuery(substitute(query.text, query.bindings()))
    client.setReturnFormat(JSON)
    if name == "agencies":
        client.setMethod(POST)
    doc = client.queryAndConvert()
    assert doc["head"]["vars"] == local.variables
    remote_rows = sorted(_cells(b, local.variables) for b in doc["results"]["bindings"])
    local_rows = sorted(tuple((t.kind, t.value) if t else None for t in row) for row in local.rows)
    assert remote_rows == local_rows and local_rows


def test_get_and_both_post_forms_agree(base: str) -> None:
    answers = [get(base, SMALL), post_form(base, {"query": SMALL}), post_query(base, SMALL)]
    assert [a[0] for a in answers] == [200, 200, 200]
    docs = [json.loads(a[2]) for a in answers]
    assert docs[0] == docs[1] == docs[2] and len(docs[0]["results"]["bindings"]) == 3
    assert all(a[1]["content-type"].startswith("application/sparql-results+json") for a in answers)


def test_content_negotiation(base: str) -> None:
    status, headers, body = get(base, SMALL, "application/sparql-results+xml")
    assert status == 200 and headers["content-type"].startswith("application/sparql-results+xml")
    assert b"<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">" in body and body.count(b"<result>") == 3
    status, headers, body = get(base, SMALL, "text/csv")
    assert status == 200 and headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(body.decode())))
    assert rows[0] == ["s", "p", "o"] and len(rows) == 4
    status, headers, body = get(base, SMALL, "text/tab-separated-values")
    assert status == 200 and headers["content-type"].startswith("text/tab-separated-values")
    lines = body.decode().splitlines()
    assert lines[0] == "?s\t?p\t?o" and len(lines) == 4
    status, headers, body = get(base, "ASK { ?s ?p ?o }", "application/sparql-results+xml")
    assert status == 200 and b"<boolean>true</boolean>" in body
    construct = "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 5"
    status, headers, body = get(base, construct, "text/turtle")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    import pyoxigraph as ox

    assert len(list(ox.parse(body, format=ox.RdfFormat.TURTLE))) == 5
    status, headers, body = get(base, construct, "application/n-triples")
    assert status == 200 and len(body.decode().strip().splitlines()) == 5
    status, headers, body = get(base, construct, "application/ld+json")
    assert status == 200 and isinstance(json.loads(body), list)


def test_cors_and_service_description(base: str) -> None:
    status, headers, _ = get(base, SMALL)
    assert headers["access-control-allow-origin"] == "*"
    status, headers, _ = http(f"{base}/sparql", method="OPTIONS",
                              headers={"Origin": "http://example.org", "Access-Control-Request-Method": "POST"})
    assert status == 204 and headers["access-control-allow-origin"] == "*" and "POST" in headers[
        "access-control-allow-methods"]
    status, headers, body = http(f"{base}/sparql")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    assert b"sd:SPARQL11Query" in body


def test_refusals_then_still_serving(base: str, strict: str) -> None:
    status, _, body = post_form(base, {"update": "INSERT DATA { <a:b> <a:b> <a:b> }"})
    assert status == 403 and b"read-only" in body
    status, _, body = http(f"{base}/sparql", b"DROP ALL", {"Content-Type": "application/sparql-update"})
    assert status == 403 and b"read-only" in body
    status, _, body = post_query(base, "INSERT DATA { <a:b> <a:b> <a:b> }")
    assert status == 403
    status, _, body = post_query(base, "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    assert status == 400 and b"SERVICE" in body
    status, _, body = post_query(base, "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }")
    assert status == 400 and b"not a graph of this store" in body
    status, _, body = post_query(base, "SELECT * WHERE { ?s ?p ?o } # SERVICE in a comment\nLIMIT 1")
    assert status == 200
    status, _, body = post_query(base, "SELECT * WHERE { ?s ?p ?o " + "#" * 70_000 + "\n}")
    assert status == 413
    status, _, body = post_query(base, "SELECT * WHERE { ?s ?p }")
    assert status == 400 and b"line 1, column" in body
    status, _, body = get(base, "SELEKT ?x")
    assert status == 400 and b"malformed SPARQL" in body
    for _ in range(3):  # more timeouts than the strict server has workers: each one is killed and replaced
        for _ in range(200):  # while both replacements still load the dataset the server is "all busy" (503)
            status, _, body = post_query(strict, HEAVY)
            if status != 503:
                break
            time.sleep(0.05)
        assert status == 504 and b"timed out" in body
    status, headers, body = post_query(strict, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 200 and headers.get("x-vdg-truncated") == "true"
    assert len(json.loads(body)["results"]["bindings"]) == 5
    status, headers, body = post_query(strict, SMALL)
    assert status == 200 and "x-vdg-truncated" not in headers
    for server in (base, strict):
        status, _, body = get(server, "ASK { ?s ?p ?o }")
        assert status == 200 and json.loads(body)["boolean"] is True


def test_page_catalogue_and_view(base: str) -> None:
    status, headers, body = http(f"{base}/")
    assert status == 200 and b"<textarea" in body and b"http" not in body.replace(b"http-equiv", b"")
    status, _, body = http(f"{base}/static/app.js")
    assert status == 200 and b"innerHTML" not in body
    status, _, body = http(f"{base}/catalogue.json")
    examples = json.loads(body)
    assert {e["name"] for e in examples} == set(load_catalogue())
    assert all(e["summary"].get("en") and e["summary"].get("vi") for e in examples)


def test_cli_serve_subprocess(nquads: Path) -> None:
    port = free_port()
    env = {**os.environ, "VDG_CACHE_DIR": str(nquads.parent)}
    proc = subprocess.Popen([sys.executable, "-m", "graph.cli", "serve", "--port", str(port), "--timeout", "5"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(150):
            try:
                status, _, body = get(f"http://127.0.0.1:{port}", "ASK { ?s ?p ?o }")
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode()[:500]
                time.sleep(0.1)
        assert status == 200 and json.loads(body)["boolean"] is True
        # `vdg serve` answers the graph's IRIs: one URI, the page or the data by Accept
        mic = f"http://127.0.0.1:{port}/id/agency/mic"
        status, headers, body = http(mic, headers={"Accept": "text/turtle"})
        assert status == 200 and headers["content-type"].startswith("text/turtle")
        assert "accept" in headers["vary"].lower()
        from rdflib import Graph, URIRef

        ministry = URIRef("https://w3id.org/vdg/id/agency/mic")
        assert (ministry, None, None) in Graph().parse(data=body.decode(), format="turtle")
        status, headers, body = http(mic, headers={"Accept": "text/html"})
        assert status == 200 and headers["content-type"].startswith("text/html") and b"<main" in body
        assert http(f"http://127.0.0.1:{port}/id/agency/no-such-agency")[0] == 404
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs /usr/bin/chromium")
def test_browser_runs_a_query(base: str, nquads: Path) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    outside: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.on("request", lambda r: outside.append(r.url) if not r.url.startswith("http://127.0.0.1:") else None)
            page.goto(f"{base}/")
            page.locator("#examples option").nth(1).wait_for(state="attached")
            page.select_option("#examples", label=next(
                o for o in page.locator("#examples option").all_inner_texts() if o.startswith("agencies ")))
            page.click("#run")
            page.locator("#table tbody tr").first.wait_for()
            headers = page.locator("#table thead th").all_inner_texts()
            rows = page.locator("#table tbody tr").count()
        finally:
            browser.close()
    local = answer(load_catalogue()["agencies"], {}, nquads=nquads)
    assert headers == local.variables and rows == len(local.rows)
    assert outside == []



def test_one_csv_writer_for_server_and_command_line(base: str, nquads: Path) -> None:
    from queries.results import render

    query = load_catalogue()["agencies"]
    local = render(answer(query, {}, nquads=nquads), "csv").encode("utf-8")
    status, _, body = get(base, substitute(query.text, query.bindings()), "text/csv")
    assert status == 200 and body == local and body.endswith(b"\r\n") and body.count(b"\r\n") > 5


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs /usr/bin/chromium")
def test_browser_clears_the_table_after_a_failed_query(base: str) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(f"{base}/")
            page.fill("#query", SMALL)
            page.click("#run")
            page.locator("#table tbody tr").first.wait_for()
            assert page.locator("#table tbody tr").count() == 3
            page.fill("#query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
            page.click("#run")
            page.locator("#error").wait_for(state="visible")
            error = page.locator("#error").inner_text()
            rows = page.locator("#table tbody tr").count()
            heads = page.locator("#table thead th").count()
            status = page.locator("#status").inner_text()
        finally:
            browser.close()
    assert "SERVICE" in error and status == "HTTP 400"
    assert rows == 0 and heads == 0
