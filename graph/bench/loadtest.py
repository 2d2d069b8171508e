"""A bounded load test of `vdg serve` on loopback: concurrent clients running catalogue questions.

    python -m graph.bench.loadtest [--url http://127.0.0.1:PORT/sparql] [--clients 16] [--queries 2000]
    python -m graph.bench.loadtest --compare [--rounds 2]

Without --url it starts its own server on a free loopback port. Prints throughput, p50/p99 latency
and the error count. `--compare` starts `vdg serve` and `oxigraph serve-read-only
--union-default-graph` (the same engine without VDG's guards) on the same article graph, each in
its own process, loads them in turn with the same clients and prints vdg's throughput as a ratio of
Oxigraph's. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from graph.bench.local import free_port, wait_until_answers


def _own_server() -> tuple[str, object]:
    import uvicorn

    from graph.cache import cached_nquads
    from queries.server import Settings, create_app

    port = free_port()
    nquads, _ = cached_nquads()
    server = uvicorn.Server(uvicorn.Config(create_app(nquads, Settings()), host="127.0.0.1", port=port,
                                           log_level="error"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.02)
    return f"http://127.0.0.1:{port}/sparql", server


@dataclass
class Load:
    """What one load run measured."""

    queries: int
    wall: float
    latencies: list[float]
    errors: list[str]

    @property
    def rate(self) -> float:
        return self.queries / self.wall

    def p(self, q: float) -> float:
        return self.latencies[min(len(self.latencies) - 1, int(len(self.latencies) * q))]


def run_load(url: str, bodies: list[bytes], clients: int, queries: int) -> Load:
    """Send `queries` POST requests (the bodies in turn) from `clients` threads; wait for all."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(queries))

    def client() -> None:
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            request = urllib.request.Request(url, data=bodies[i % len(bodies)], method="POST", headers={
                "Content-Type": "application/sparql-query",
                "Accept": "application/sparql-results+json, application/n-triples;q=0.9"})
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    response.read()
                ok = None
            except (urllib.error.URLError, OSError) as exc:
                ok = str(exc)
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                if ok:
                    errors.append(ok)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return Load(len(latencies), time.perf_counter() - started, sorted(latencies), errors)


@dataclass
class Comparison:
    """vdg serve against oxigraph serve-read-only: medians over the rounds."""

    throughput_ratio: float  # vdg's queries per second over Oxigraph's
    p99_ratio: float  # vdg's 99th-percentile latency over Oxigraph's
    errors: int


def compare(bodies: list[bytes], clients: int, queries: int, rounds: int) -> Comparison:
    """Load `vdg serve` and `oxigraph serve-read-only` in turn; print each run and the ratios."""
    from graph.cache import cached_nquads

    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    nquads, _ = cached_nquads()
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        subprocess.run([oxigraph, "load", "--location", str(store), "--file", str(nquads)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ports = free_port(), free_port()
        servers = {
            "vdg serve": ([sys.executable, "-m", "graph.cli", "serve", "--port", str(ports[0])],
                          f"http://127.0.0.1:{ports[0]}/sparql"),
            "oxigraph serve-read-only": ([oxigraph, "serve-read-only", "--location", str(store), "--bind",
                                         f"127.0.0.1:{ports[1]}", "--union-default-graph"],
                                        f"http://127.0.0.1:{ports[1]}/query"),
        }
        procs = {name: subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                 for name, (cmd, _) in servers.items()}
        try:
            for name, (_, url) in servers.items():
                try:
                    wait_until_answers(url, procs[name], 120.0)
                except RuntimeError as exc:
                    raise SystemExit(str(exc)) from None
                run_load(url, bodies, clients, min(queries, 200))  # warm-up
            runs: dict[str, list[Load]] = {name: [] for name in servers}
            for r in range(rounds):
                for name, (_, url) in servers.items():
                    load = run_load(url, bodies, clients, queries)
                    runs[name].append(load)
                    print(f"round {r + 1} {name:<26} {load.rate:7.1f} q/s  p50 {load.p(0.5) * 1000:6.1f} ms  "
                          f"p99 {load.p(0.99) * 1000:6.1f} ms  errors {len(load.errors)}", flush=True)
        finally:
            for proc in procs.values():
                proc.terminate()
                proc.wait(timeout=30)
    vdg, oxi = runs["vdg serve"], runs["oxigraph serve-read-only"]
    rate = statistics.median(v.rate for v in vdg) / statistics.median(o.rate for o in oxi)
    p99 = statistics.median(v.p(0.99) for v in vdg) / statistics.median(o.p(0.99) for o in oxi)
    print(f"vdg serve / oxigraph serve: throughput {rate:.2f}x, p99 latency {p99:.2f}x "
          f"(median of {rounds} rounds, {clients} clients x {queries} queries)")
    return Comparison(rate, p99, sum(len(load.errors) for load in vdg + oxi))


def catalogue_bodies() -> list[bytes]:
    """The catalogue questions with their default parameters, as request bodies."""
    from queries.catalogue import load_catalogue
    from queries.remote import substitute

    return [substitute(q.text, q.bindings()).encode("utf-8") for q in load_catalogue().values()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default=None)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--queries", type=int, default=2000)
    ap.add_argument("--compare", action="store_true", help="vdg serve against oxigraph serve-read-only")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args(argv)

    bodies = catalogue_bodies()
    if args.compare:
        return 1 if compare(bodies, args.clients, args.queries, args.rounds).errors else 0
    server = None
    url = args.url
    if url is None:
        url, server = _own_server()
    if not url.startswith(("http://127.0.0.1", "http://localhost", "http://[::1]")):
        raise SystemExit("the load test runs on loopback only")
    load = run_load(url, bodies, args.clients, args.queries)
    print(f"{load.queries} queries ({len(bodies)} catalogue questions in turn), {args.clients} clients, {load.wall:.2f} s")
    print(f"throughput {load.rate:.1f} queries/s")
    print(f"latency p50 {load.p(0.5) * 1000:.1f} ms, p99 {load.p(0.99) * 1000:.1f} ms, "
          f"max {load.latencies[-1] * 1000:.1f} ms")
    print(f"errors {len(load.errors)}" + (f" (first: {load.errors[0]})" if load.errors else ""))
    if server is not None:
        server.should_exit = True  # type: ignore[attr-defined]
    return 1 if load.errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
