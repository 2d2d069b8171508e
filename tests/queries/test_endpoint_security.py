"""`vdg serve` under attack (issue 12, items 1-6): SERVICE never reaches the network, whatever the text;
bombs cost one worker, never the server; memory stays bounded; Host, HEAD, FROM, nosniff, 500s.

Two guards are tested apart: the text screen through the real HTTP server, and the worker processes
alone (queries.pool, no screen), once with their network namespace and once with only the closed
descriptor table. A TCP listener on 127.0.0.1 counts every connection anything makes to it.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from queries.pool import Pool  # noqa: E402
from queries.server import Settings  # noqa: E402
from tests.conftest import ROOT  # noqa: E402
from tests.queries.conftest import free_port  # noqa: E402
from tests.queries.test_screen import BOMBS, BYPASSES  # noqa: E402
from tests.queries.test_server import _start, get, http, post_form, post_query  # noqa: E402

CHEAP = "ASK { ?s ?p ?o }"
AGGREGATE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
MEMORY_BOMB = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i LIMIT 1"


class Listener:
    """A TCP server on 127.0.0.1 that counts the connections made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop = True
        self.thread.join(2)
        self.sock.close()


@pytest.fixture()
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


@pytest.fixture(scope="module")
def guarded(nquads: Path) -> Iterator[str]:
    yield from _start(nquads, Settings(timeout=1.5, max_rows=1000, workers=2, memory_mb=384))


def _with_port(text: str, port: int) -> str:
    return text.replace("127.0.0.1:9/", f"127.0.0.1:{port}/")


def mutated_service_queries(port: int, count: int, seed: int) -> list[str]:
    """`count` queries that each contain SERVICE towards the listener, disguised by seeded random
    mutations: keyword case and codepoint escapes, comments ended by CR, LF, CRLF or a Unicode line
    separator, Unicode spaces, IRIs with spaces and `#`, escaped prefixed names, strings holding `#`,
    prefixed and variable service names, nested groups, SILENT."""
    rng = random.Random(seed)
    iri = f"http://127.0.0.1:{port}/sparql"
    spaces = [" ", "\t", "\n", "\r", "\r\n", "\u00a0", "\u3000", "\u2028", "\u2029", "\u0085", "\ufeff", ""]

    def keyword() -> str:
        word = "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in "service")
        if rng.random() < 0.2:
            i = rng.randrange(len(word))
            word = word[:i] + f"\\u{ord(word[i]):04X}" + word[i + 1:]
        if rng.random() < 0.1:
            word = rng.choice(["a1", "x", "_"]) + word
        return word

    def disguise() -> str:
        end = rng.choice(["\r", "\n", "\r\n", "\u2028", "\u0085"])
        return rng.choice([
            f"# comment{end}", f"<http://a{rng.choice(spaces)}#>{end}", "ex:a\\#b ", "'# not a comment' ",
            '"""# long""" ', "<http://\\u0061#x> ", "FILTER(?a<1)", "FILTER(?a<'x>) # ') ", "?s ?p ?o . ", ""])

    def target() -> tuple[str, str]:
        kind = rng.randrange(5)
        if kind == 0:
            return f"<{iri}>", ""
        if kind == 1:
            return "svc:x", f"PREFIX svc: <http://127.0.0.1:{port}/> "
        if kind == 2:
            return ":x", f"PREFIX : <http://127.0.0.1:{port}/> "
        if kind == 3:
            return "?svc", ""
        escaped = "".join(f"\\u{ord(c):04X}" if rng.random() < 0.3 else c for c in iri)
        return f"<{escaped}>", ""

    out = []
    for _ in range(count):
        name, prologue = target()
        depth = rng.randrange(4)
        values = f"VALUES ?svc {{ <{iri}> }} " if name == "?svc" else ""
        silent = rng.choice(["", "SILENT ", "silent\u00a0"])
        gap = rng.choice(spaces)
        body = f"{keyword()}{gap}{silent}{name}{rng.choice(spaces)}{{ ?s ?p ?o }}"
        text = (prologue + "PREFIX ex: <http://x/> SELECT * WHERE { " + values + disguise() + "{ " * depth
                + body + " }" * depth + " }")
        out.append(text)
    return out


def _pool_answers(nquads: Path, texts: list[str], *, workers: int = 2, namespace: bool = True,
                  timeout: float = 5.0) -> Counter[int]:
    """Send texts straight to query workers (no screen): the status of each answer."""
    async def run() -> Counter[int]:
        pool = Pool(nquads, workers, 384, namespace=namespace)
        await pool.start()
        try:
            replies = await asyncio.gather(*(pool.run(
                {"query": t, "default": [], "named": [], "max_rows": 10, "solutions": "json",
                 "graphs": "text/turtle"}, timeout) for t in texts))
        finally:
            await pool.close()
        return Counter(r.status for r in replies)

    return asyncio.run(run())


@pytest.mark.parametrize("method", ["get", "form", "sparql-query"])
def test_known_bypasses_refused_over_every_protocol_form(guarded: str, listener: Listener, method: str) -> None:
    for text in BYPASSES:
        text = _with_port(text, listener.port)
        if method == "get":
            status, headers, body = get(guarded, text)
        elif method == "form":
            status, headers, body = post_form(guarded, {"query": text})
        else:
            status, headers, body = post_query(guarded, text)
        assert status == 400 and b"SERVICE" in body and body.count(b"\n") == 1, (text, body)
        assert headers["x-content-type-options"] == "nosniff"
    assert listener.connections == 0


def test_a_thousand_mutated_service_queries_never_connect(guarded: str, nquads: Path, listener: Listener) -> None:
    texts = mutated_service_queries(listener.port, 1200, seed=12)
    with ThreadPoolExecutor(8) as ex:
        statuses = Counter(ex.map(lambda t: post_query(guarded, t)[0], texts))
    print(f"\nthrough the server (screen + workers): {dict(statuses)}; connections {listener.connections}")
    assert listener.connections == 0
    assert set(statuses) <= {200, 400}
    # the second guard alone: the same corpus straight to the workers, no screen in front
    direct = _pool_answers(nquads, texts)
    print(f"straight to the workers (no screen): {dict(direct)}; connections {listener.connections}")
    assert listener.connections == 0
    assert sum(direct.values()) == len(texts)


def test_workers_without_namespace_still_cannot_connect(nquads: Path, listener: Listener) -> None:
    """The closed descriptor table alone: no socket can be created in a worker."""
    texts = [f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}",
             f"SELECT * WHERE {{ SERVICE <http://localhost:{listener.port}/x> {{ ?s ?p ?o }} }}"]
    texts += mutated_service_queries(listener.port, 100, seed=7)
    statuses = _pool_answers(nquads, texts, namespace=False)
    assert listener.connections == 0
    assert statuses[400] >= 2


def _cheap_latencies(base: str, stop: threading.Event, out: list[float]) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        status, _, body = get(base, CHEAP)
        out.append(time.perf_counter() - started)
        assert status == 200 and json.loads(body)["boolean"] is True


def test_bombs_answered_while_a_cheap_query_keeps_answering(guarded: str, nquads: Path) -> None:
    idle: list[float] = []
    for _ in range(20):
        started = time.perf_counter()
        get(guarded, CHEAP)
        idle.append(time.perf_counter() - started)
    stop, busy = threading.Event(), []
    cheap = threading.Thread(target=_cheap_latencies, args=(guarded, stop, busy))
    cheap.start()
    try:
        for name, text in BOMBS.items():  # through the server: the screen answers before any parser
            for send in (lambda t: post_query(guarded, t), lambda t: post_form(guarded, {"query": t})):
                status, headers, body = send(text)  # a form-encoded bomb may be over the 64 KB cap: 413
                assert status in (400, 413) and body.count(b"\n") == 1 and b"Traceback" not in body, (name, body)
            assert post_query(guarded, text)[0] == 400
        status, _, body = post_query(guarded, AGGREGATE)  # one worker busy until its timeout
        assert status == 504 and body == b"query timed out after 1.5 s\n"
    finally:
        stop.set()
        cheap.join()
    print(f"\ncheap query ASK: idle median {statistics.median(idle) * 1000:.1f} ms; "
          f"during bombs median {statistics.median(busy) * 1000:.1f} ms, max {max(busy) * 1000:.1f} ms "
          f"over {len(busy)} queries")
    # the second guard alone: the same bombs straight into worker processes
    statuses = _pool_answers(nquads, list(BOMBS.values()), timeout=3)
    print(f"bombs straight to the workers: {dict(statuses)}")
    assert set(statuses) <= {200, 400, 503, 504} and statuses[400] >= 1


def test_eight_aggregate_bombs_then_the_server_answers(guarded: str) -> None:
    with ThreadPoolExecutor(8) as ex:
        statuses = Counter(ex.map(lambda _: post_query(guarded, AGGREGATE)[0], range(8)))
    assert set(statuses) <= {503, 504} and statuses[504] >= 2
    for _ in range(100):  # the killed workers are replaced; no query keeps one after its 504
        status, _, body = get(guarded, CHEAP)
        if status == 200:
            break
        time.sleep(0.1)
    assert status == 200 and json.loads(body)["boolean"] is True


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                total += next((int(line.split()[1]) for line in f if line.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def _rss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))


def test_memory_stays_bounded_through_the_memory_bomb_and_100_timeouts(nquads: Path) -> None:
    workers, memory_mb = 2, 256
    bound_kb = (workers * memory_mb + 200) * 1024  # each worker's address space is capped; the server is small
    port = free_port()
    env = {**os.environ, "VDG_CACHE_DIR": str(nquads.parent)}
    proc = subprocess.Popen([sys.executable, "-m", "graph.cli", "serve", "--port", str(port), "--timeout", "0.5",
                             "--workers", str(workers), "--memory-mb", str(memory_mb)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    peak, stop = [0], threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    try:
        for _ in range(300):
            try:
                status, _, _ = get(base, CHEAP)
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode()[:500] if proc.stderr else ""
                time.sleep(0.1)
        assert status == 200
        server_before = _rss_kb(proc.pid)
        sampler.start()
        memory = [post_query(base, MEMORY_BOMB)[0] for _ in range(3)]
        with ThreadPoolExecutor(workers) as ex:
            timeouts = Counter(ex.map(lambda _: post_query(base, AGGREGATE)[0], range(100)))
        for _ in range(100):
            status, _, _ = get(base, CHEAP)
            if status == 200:
                break
            time.sleep(0.1)
        server_after = _rss_kb(proc.pid)
    finally:
        stop.set()
        if sampler.is_alive():
            sampler.join()
        proc.terminate()
        proc.wait(timeout=20)
    print(f"\nmemory bomb: {memory}; 100 heavy queries: {dict(timeouts)}; server tree RSS peak "
          f"{peak[0] / 1024:.0f} MB (bound {bound_kb / 1024:.0f} MB); server process {server_before / 1024:.0f} MB "
          f"before, {server_after / 1024:.0f} MB after")
    assert set(memory) <= {503, 504} and timeouts[504] >= 50 and set(timeouts) <= {503, 504}
    assert status == 200
    assert peak[0] < bound_kb
    assert server_after < server_before + 30 * 1024  # nothing kept per timed-out query


def test_host_header_is_checked_and_never_echoed(guarded: str) -> None:
    for host in ("evil.example", "evil.example:80", "127.0.0.1.evil.example", "[::1]>x", "localhost:1> <x",
                 "localhost@evil.example"):
        status, headers, body = http(f"{guarded}/sparql", headers={"Host": host})
        assert status == 400 and b"Host" in body and host.encode() not in body
        assert headers["x-content-type-options"] == "nosniff"
    port = guarded.rsplit(":", 1)[1]
    status, _, body = http(f"{guarded}/sparql", headers={"Host": f"localhost:{port}"})
    assert status == 200 and f"<http://localhost:{port}/sparql>".encode() in body


def test_allowed_host_option(nquads: Path) -> None:
    gen = _start(nquads, Settings(workers=1, allowed_hosts=("vdg.example.org",)))
    base = next(gen)
    try:
        status, _, body = http(f"{base}/sparql", headers={"Host": "vdg.example.org"})
        assert status == 200 and b"<http://vdg.example.org/sparql>" in body
        assert http(f"{base}/sparql", headers={"Host": "other.example.org"})[0] == 400
    finally:
        next(gen, None)


def test_head_is_get_without_body(guarded: str) -> None:
    url = f"{guarded}/sparql?{urllib.parse.urlencode({'query': 'SELECT ?s WHERE { ?s ?p ?o } LIMIT 3'})}"
    got = http(url, headers={"Accept": "text/csv"})
    head = http(url, headers={"Accept": "text/csv"}, method="HEAD")
    assert got[0] == head[0] == 200 and head[2] == b"" and got[2]
    assert head[1]["content-type"] == got[1]["content-type"]
    assert int(head[1]["content-length"]) == len(got[2])
    status, headers, body = http(f"{guarded}/sparql", method="HEAD")
    assert status == 200 and body == b"" and headers["content-type"].startswith("text/turtle")


def test_from_own_graph_is_honoured(guarded: str, nquads: Path) -> None:
    store = ox.Store()
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    graphs = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    counts = {}
    for g in graphs:
        [row] = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")
        counts[g] = int(row["n"].value)
    assert len(set(counts.values())) > 1  # the graphs differ in size, so FROM has something to show
    for g in graphs:
        status, _, body = post_query(guarded, f"SELECT (COUNT(*) AS ?n) FROM <{g}> WHERE {{ ?s ?p ?o }}")
        assert status == 200
        assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == counts[g], g
    g = graphs[0]
    status, _, body = post_query(guarded, f"SELECT ?g (COUNT(*) AS ?n) FROM NAMED <{g}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g")
    rows = json.loads(body)["results"]["bindings"]
    assert status == 200 and [(r["g"]["value"], int(r["n"]["value"])) for r in rows] == [(g, counts[g])]


def test_nosniff_everywhere_and_unexpected_errors_are_one_line(guarded: str, nquads: Path) -> None:
    for url, method in [(f"{guarded}/", None), (f"{guarded}/static/app.js", None), (f"{guarded}/nope", None),
                        (f"{guarded}/catalogue.json", None), (f"{guarded}/view", None), (f"{guarded}/sparql", "OPTIONS"),
                        (f"{guarded}/sparql?query=SELEKT", None), (f"{guarded}/sparql", "PUT")]:
        status, headers, _ = http(url, method=method)
        assert headers.get("x-content-type-options") == "nosniff", (url, status)
        assert headers.get("access-control-allow-origin") == "*"
    # a view that is not a page: a misconfiguration the server did not foresee
    gen = _start(nquads, Settings(workers=1, view=42))  # type: ignore[arg-type]
    base = next(gen)
    try:
        status, headers, body = http(f"{base}/view")
        assert status == 500 and body.count(b"\n") == 1 and b"internal error" in body
        assert headers["x-content-type-options"] == "nosniff"
        assert get(base, CHEAP)[0] == 200
    finally:
        next(gen, None)


def test_view_is_handed_over_by_the_command_line(nquads: Path) -> None:
    gen = _start(nquads, Settings(workers=1, view=lambda: "<!doctype html><title>handed</title>"))
    base = next(gen)
    try:
        status, headers, body = http(f"{base}/view")
        assert status == 200 and b"<title>handed</title>" in body
    finally:
        next(gen, None)
    queries_dir = ROOT / "queries"
    for path in queries_dir.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import viz" not in text and "from viz" not in text, path
