"""Benchmark of the question catalogue on the article graph (prints timings; asserts nothing).

    python3 -m graph.bench.catalogue [--runs 5]

Measures a repeated `vdg query` wall-clock (cache warm), and each catalogue question on embedded
Oxigraph and on rdflib's engine, with the ratio rdflib / Oxigraph.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from graph.bench.timing import median_time
from graph.cache import cached_nquads
from queries.catalogue import load_catalogue
from queries.engines import load_rdflib, load_store, run_oxigraph, run_rdflib


def repeated_query(runs: int = 5) -> float:
    """Median wall-clock seconds of `vdg query agencies` in a new process, the cache warmed first."""
    cli = [sys.executable, "-m", "graph.cli", "query", "agencies", "-f", "csv"]
    subprocess.run(cli, check=True, capture_output=True)
    return median_time(lambda: subprocess.run(cli, check=True, capture_output=True), runs)[0]


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description="benchmark the SPARQL catalogue")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    nquads, hit = cached_nquads()
    print(f"dataset {'from cache' if hit else 'built and cached'} in {time.perf_counter() - start:.2f} s: {nquads}")
    wall = repeated_query(args.runs)
    print(f"repeated `vdg query agencies` (new process, warm cache): median {wall:.3f} s over {args.runs} runs")
    store, dataset = load_store(nquads), load_rdflib(nquads)
    print(f"\n{'question':<34} {'oxigraph ms':>12} {'rdflib ms':>10} {'ratio':>7}")
    for name, query in load_catalogue().items():
        bindings = query.bindings()
        ox_t = median_time(lambda: run_oxigraph(store, query.text, bindings), args.runs)[0]
        rdf_t = median_time(lambda: run_rdflib(dataset, query.text, bindings), args.runs)[0]
        print(f"{name:<34} {ox_t * 1000:>12.2f} {rdf_t * 1000:>10.2f} {rdf_t / ox_t:>6.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
