"""A bounded load test of `vdg serve` on loopback: concurrent clients running catalogue questions.

    python -m graph.bench.loadtest [--url http://127.0.0.1:PORT/sparql] [--clients 16] [--queries 2000]

Without --url it starts its own server on a free loopback port. Prints throughput, p50/p99 latency
and the error count. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import threading
import time
import urllib.error
import urllib.request


def _own_server() -> tuple[str, object]:
    import uvicorn

    from graph.cache import cached_nquads
    from queries.server import Settings, create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    nquads, _ = cached_nquads()
    server = uvicorn.Server(uvicorn.Config(create_app(nquads, Settings()), host="127.0.0.1", port=port,
                                           log_level="error"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.02)
    return f"http://127.0.0.1:{port}/sparql", server


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default=None)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--queries", type=int, default=2000)
    args = ap.parse_args(argv)

    from queries.catalogue import load_catalogue
    from queries.remote import substitute

    server = None
    url = args.url
    if url is None:
        url, server = _own_server()
    if not url.startswith(("http://127.0.0.1", "http://localhost", "http://[::1]")):
        raise SystemExit("the load test runs on loopback only")
    bodies = [substitute(q.text, q.bindings()).encode("utf-8") for q in load_catalogue().values()]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(args.queries))

    def client() -> None:
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            request = urllib.request.Request(url, data=bodies[i % len(bodies)], method="POST", headers={
                "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
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

    threads = [threading.Thread(target=client) for _ in range(args.clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(f"{len(latencies)} queries ({len(bodies)} catalogue questions in turn), {args.clients} clients, {wall:.2f} s")
    print(f"throughput {len(latencies) / wall:.1f} queries/s")
    print(f"latency p50 {statistics.median(latencies) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, "
          f"max {latencies[-1] * 1000:.1f} ms")
    print(f"errors {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    if server is not None:
        server.should_exit = True  # type: ignore[attr-defined]
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
