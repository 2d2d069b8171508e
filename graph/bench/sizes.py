"""Benchmark of build, export, load and the question catalogue on synthetic graphs (graph.bench.synthetic).

    vdg bench --sizes 10k,100k [--runs 3]      (or python3 -m graph.bench.sizes --sizes ...)

For each size: YAML generation, the full builder validation (graph.build.build), export per format
(graph.export.serialize) with pyoxigraph's own unsorted Turtle serialisation as the reference, load
into pyoxigraph (queries.engines.load_store), each catalogue question on the default engine path
(queries.engines.run_oxigraph) against raw pyoxigraph (Store.query with the same text and
substitutions, results consumed) and, with --rdflib, on rdflib's engine (for sizes up to --rdflib-max, a
question is skipped after --rdflib-cap seconds), and the peak RSS; then the persistent store
(graph.bench.store): the build against its floor (YAML parse + bulk load into an on-disk store), a
repeated `vdg query`, `vdg serve` start-up, and an incremental build after one changed record, compared
byte for byte with the full build. Medians of --runs; ratios are to raw
pyoxigraph (queries) or to pyoxigraph's own Turtle (exports). Then, once per run: a repeated
`vdg query` on the article graph (graph.bench.catalogue) and the HTML view of a 5,000-node graph, generated
and drawn in headless Chromium (graph.bench.view). Last, the issue's targets, each met or missed.
Progress goes to stderr. Like the command line, this module ties graph, queries and viz together.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from functools import partial

from graph.bench.timing import median_time
from pathlib import Path
from typing import Any

EXPORT_FORMATS = ("ttl", "nt", "nq", "trig")


@dataclass
class SizeResult:
    """Timings (median seconds) for one size."""

    target: int
    triples: int = 0
    records: int = 0
    steps: dict[str, float] = field(default_factory=dict)  # build, export-ttl, ..., load
    queries: dict[str, dict[str, float | str | None]] = field(default_factory=dict)  # name -> default/raw/rdflib
    build_rss_mb: float = 0.0  # peak RSS of the process when the build of this size ended
    peak_rss_mb: float = 0.0
    floor: tuple[float, float] | None = None  # seconds: parse the YAML, bulk-load the quads into an on-disk store
    store: dict[str, Any] = field(default_factory=dict)  # graph.bench.store.bench_store's figures


@dataclass
class Fixed:
    """The measurements that do not depend on the synthetic size."""

    query_wall: float | None = None  # repeated `vdg query` on the article graph, seconds
    view_nodes: int = 5000
    view_generate: float | None = None
    view_draw: float | None = None  # None without a browser
    view_layout: float | None = None  # the layout alone (part of view_generate)
    serve_ratio: float | None = None  # vdg serve's throughput over oxigraph serve's, article graph
    serve_p99_ratio: float | None = None  # vdg serve's p99 latency over oxigraph serve's
    total: float | None = None  # seconds the whole benchmark took


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def bench_size(target: int, runs: int = 3, seed: int = 0, rdflib_max: int = 100_000,
               rdflib_cap: float = 30.0, formats: tuple[str, ...] = EXPORT_FORMATS,
               build_runs: int | None = None, with_store: bool = True) -> SizeResult:
    """Measure one size; see the module docstring."""
    import pyoxigraph as ox

    from graph import export
    from graph.build import build
    from graph.bench.synthetic import write
    from queries.catalogue import load_catalogue
    from graph.terms import term_to_ox
    from queries.engines import load_store, run_oxigraph

    res = SizeResult(target)
    with tempfile.TemporaryDirectory(prefix="vdg-bench-") as tmp:
        folder = Path(tmp)
        res.steps["generate"], (data, sources) = median_time(lambda: write(folder / "set", target, seed), 1)
        _say(f"[{target}] generated YAML in {res.steps['generate']:.2f} s")
        res.steps["build"], built = median_time(lambda: build(data, sources), build_runs or runs)
        res.build_rss_mb = _peak_rss_mb()
        quads = built.quads
        res.triples, res.records = len(quads), built.records
        _say(f"[{target}] built {res.triples} quads, {res.records} records in {res.steps['build']:.2f} s")
        if with_store:
            from graph.bench.store import floor

            res.floor = floor(data, quads.items, runs)
            _say(f"[{target}] floor: YAML parsed in {res.floor[0]:.2f} s, bulk load into an on-disk store "
                 f"{res.floor[1]:.2f} s")
        # export: the project's path, and its parts, against pyoxigraph serialising on its own
        blobs: dict[str, bytes] = {}
        for fmt in formats:
            res.steps[f"export-{fmt}"], blobs[fmt] = median_time(partial(export.serialize, quads, fmt), runs)
            _say(f"[{target}] export {fmt}: {res.steps[f'export-{fmt}']:.2f} s")
        res.steps["export: union triples"], triples = median_time(quads.triples, runs)
        names = quads.prefixes
        nq = folder / "set.nq"
        nq.write_bytes(blobs.get("nq") or export.serialize(quads, "nq"))
        res.steps["load pyoxigraph"], store = median_time(lambda: load_store(nq), runs)
        res.steps["pyoxigraph own ttl"], _ = median_time(lambda: ox.serialize(
            [q.triple for q in store.quads_for_pattern(None, None, None, None)],
            format=ox.RdfFormat.TURTLE, prefixes=names), runs)
        _say(f"[{target}] loaded into pyoxigraph in {res.steps['load pyoxigraph']:.2f} s")
        catalogue = load_catalogue()
        for name, query in catalogue.items():
            bindings = query.bindings()
            subs = {ox.Variable(k): term_to_ox(v) for k, v in bindings.items()}

            def raw(text: str = query.text, subs: dict = subs) -> int:
                answer = store.query(text, use_default_graph_as_union=True, substitutions=subs)
                if isinstance(answer, ox.QueryBoolean):
                    return int(bool(answer))
                if isinstance(answer, ox.QuerySolutions):
                    variables = answer.variables
                    return sum(1 for s in answer for _ in [[s[v] for v in variables]])
                return sum(1 for t in answer for _ in (t.subject, t.predicate, t.object))

            default, result = median_time(partial(run_oxigraph, store, query.text, bindings), runs)
            res.queries[name] = {"default": default, "raw": median_time(raw, runs)[0], "rdflib": None,
                                 "rows": len(result.rows or result.triples) if result.kind != "ask" else 1}
        _say(f"[{target}] ran {len(catalogue)} questions on pyoxigraph")
        if with_store:
            from graph.bench.store import bench_store

            res.store = bench_store(data, sources, blobs.get("nq") or export.serialize(quads, "nq"), runs)
            _say(f"[{target}] store: " + ", ".join(f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}"
                                                   for k, v in res.store.items()))
        if target <= rdflib_max:
            load, times = rdflib_times(nq, list(catalogue), runs, rdflib_cap)
            if load is not None:
                res.steps["load rdflib"] = load
            for name, value in times.items():
                res.queries[name]["rdflib"] = value
            _say(f"[{target}] ran {len(catalogue)} questions on rdflib")
    res.peak_rss_mb = _peak_rss_mb()
    return res


def _rdflib_worker(nq: str, names: list[str], runs: int, conn: Any) -> None:
    """In a child process: load the N-Quads into rdflib, then send the seconds of each run of
    each question as it ends."""
    from queries.catalogue import load_catalogue
    from queries.engines import load_rdflib, run_rdflib

    start = time.perf_counter()
    dataset = load_rdflib(Path(nq))
    conn.send(("loaded", time.perf_counter() - start))
    catalogue = load_catalogue()
    for name in names:
        query = catalogue[name]
        for _ in range(runs):
            start = time.perf_counter()
            run_rdflib(dataset, query.text, query.bindings())
            conn.send((name, time.perf_counter() - start))


def rdflib_times(nq: Path, names: list[str], runs: int, cap: float) -> tuple[float | None, dict[str, float | str]]:
    """rdflib's load time and each question's median on rdflib's engine, run in a child process:
    a question over `cap` seconds is marked so and its process killed (rdflib cannot be stopped
    otherwise, and a thread left running would slow every later measurement)."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    load: float | None = None
    out: dict[str, float | str] = {}
    pending = list(names)
    while pending:
        parent, child = context.Pipe(duplex=False)
        proc = context.Process(target=_rdflib_worker, args=(str(nq), pending, runs, child), daemon=True)
        proc.start()
        child.close()
        try:
            if not parent.poll(max(600.0, cap)):
                raise EOFError
            _, seconds = parent.recv()
            load = seconds if load is None else load
            _say(f"rdflib: loaded in {seconds:.2f} s")
            while pending:
                name, times = pending[0], list[float]()
                while len(times) < runs and parent.poll(cap):
                    times.append(parent.recv()[1])
                pending.pop(0)
                if len(times) < runs:
                    out[name] = f">{cap:g}s"
                    _say(f"rdflib: {name} over {cap:g} s, its process stopped")
                    break
                out[name] = statistics.median(times)
        except EOFError:  # the child died (or never loaded): report what is left as not measured
            for name in pending:
                out[name] = "failed"
            pending = []
        finally:
            proc.kill()
            proc.join()
    return load, out


def _ms(value: float | str | None) -> str:
    if value is None:
        return "—"
    return value if isinstance(value, str) else f"{value * 1000:.1f}"


def _ratio(a: float | str | None, b: float | str | None) -> str:
    if not isinstance(a, float) or not isinstance(b, float) or b <= 0:
        return "—"
    return f"{a / b:.2f}"


def table(results: list[SizeResult]) -> str:
    """Markdown tables: steps per size, then one row per catalogue question per size."""
    lines = ["| size | triples | records | step | median s | ratio to pyoxigraph own ttl |", "|---|---|---|---|---|---|"]
    for r in results:
        own = r.steps.get("pyoxigraph own ttl")
        for step, secs in r.steps.items():
            ratio = _ratio(secs, own) if step.startswith("export") else "—"
            lines.append(f"| {r.target} | {r.triples} | {r.records} | {step} | {secs:.3f} | {ratio} |")
        lines.append(f"| {r.target} | {r.triples} | {r.records} | peak RSS MB after build | {r.build_rss_mb:.0f} | — |")
        lines.append(f"| {r.target} | {r.triples} | {r.records} | peak RSS MB (process, cumulative) | "
                     f"{r.peak_rss_mb:.0f} | — |")
    lines += ["", "| size | question | rows | default ms | raw pyoxigraph ms | default/raw | rdflib ms | rdflib/raw |",
              "|---|---|---|---|---|---|---|---|"]
    for r in results:
        for name, q in r.queries.items():
            lines.append(f"| {r.target} | {name} | {q['rows']} | {_ms(q['default'])} | {_ms(q['raw'])} | "
                         f"{_ratio(q['default'], q['raw'])} | {_ms(q['rdflib'])} | {_ratio(q['rdflib'], q['raw'])} |")
    return "\n".join(lines) + "\n"


def bench_fixed(runs: int, view_nodes: int = 5000) -> Fixed:
    """The repeated `vdg query` on the article graph, the HTML view of view_nodes nodes and `vdg
    serve` against `oxigraph serve-read-only` under the same load (graph.bench.loadtest)."""
    from graph.bench.catalogue import repeated_query
    from graph.bench.view import measure

    fixed = Fixed(view_nodes=view_nodes)
    fixed.query_wall = repeated_query(runs)
    _say(f"repeated vdg query: {fixed.query_wall:.2f} s")
    views = [measure(view_nodes) for _ in range(runs)]
    fixed.view_generate = statistics.median(v[1] for v in views)
    draws = [v[3] for v in views if v[3] is not None]
    fixed.view_draw = statistics.median(draws) if draws else None
    fixed.view_layout = statistics.median(v[4] for v in views)
    _say(f"view of {view_nodes} nodes: laid out in {fixed.view_layout:.2f} s, generated in {fixed.view_generate:.2f} s, "
         f"drawn in {'n/a' if fixed.view_draw is None else f'{fixed.view_draw:.2f}'} s")
    from graph.bench.loadtest import catalogue_bodies, compare

    served = compare(catalogue_bodies(), clients=16, queries=1000, rounds=1)
    fixed.serve_ratio, fixed.serve_p99_ratio = served.throughput_ratio, served.p99_ratio
    return fixed


def _verdict(value: float | None, limit: float, what: str, at_least: bool = False) -> tuple[str, str]:
    """The figure as `what` shows it and whether it is within the limit (at most, or with at_least at least)."""
    if value is None:
        return "—", "not measured"
    return what.format(value), "met" if (value >= limit if at_least else value <= limit) else "MISSED"


def store_rows(big: SizeResult) -> list[tuple[str, str, str]]:
    """The persistent store's targets (issue 16) at the largest size."""
    at = f"at {big.triples:,} quads"
    st = big.store
    number = lambda key: st.get(key) if isinstance(st.get(key), float) else None  # noqa: E731
    build, ratio = number("first query"), None
    what = "{:.2f}x"
    if big.floor is not None and build is not None:
        parse, bulk = big.floor
        ratio = build / (parse + bulk)
        what = (f"{{:.2f}}x: {build:.1f} s (first `vdg query`, process start included) against YAML {parse:.1f} s "
                f"+ bulk load {bulk:.1f} s")
        if number("first query peak MB") is not None:
            what += f"; peak {st['first query peak MB']:.0f} MB"
    identical = st.get("identical")
    return [
        (f"repeated `vdg query agencies` on the store, new process ({at}) within 0.5 s",
         *_verdict(number("repeated query"), 0.5, "{:.2f} s")),
        (f"`vdg serve` answering, from start ({at}) within 2 s", *_verdict(number("serve ready"), 2.0, "{:.2f} s")),
        (f"one record changed: incremental rebuild, new process ({at}) within 3 s",
         *_verdict(number("incremental"), 3.0, "{:.2f} s")),
        (f"incremental build byte-identical to the full build (sorted N-Quads, {at})",
         *(("—", "not measured") if identical is None else ("yes" if identical else "no", "met" if identical else "MISSED"))),
        (f"store build within 2x its floor: YAML parse + bulk load into the store ({at})", *_verdict(ratio, 2.0, what)),
    ]


def targets(results: list[SizeResult], fixed: Fixed) -> str:
    """The issue's targets against the largest size measured, as a Markdown table."""
    big = max(results, key=lambda r: r.triples)
    timed = {name: (q["default"], q["raw"]) for name, q in big.queries.items()
             if isinstance(q["default"], float) and isinstance(q["raw"], float) and q["raw"] > 0}
    ratios = {name: d / r for name, (d, r) in timed.items()}
    worst = max(ratios, key=ratios.__getitem__) if ratios else None
    slow = {name: ratio for name, ratio in ratios.items() if timed[name][1] >= 0.001}
    worst_slow = max(slow, key=slow.__getitem__) if slow else None
    own = big.steps.get("pyoxigraph own ttl")
    ttl = big.steps.get("export-ttl")
    at = f"at {big.triples:,} quads"
    rows = [
        (f"every catalogue question within 1.5x of raw pyoxigraph ({at})",
         *_verdict(ratios[worst] if worst else None, 1.5,
                   f"worst {{:.2f}}x ({worst}, +{(timed[worst][0] - timed[worst][1]) * 1000:.2f} ms)" if worst else "")),
        (f"... the questions that take raw pyoxigraph 1 ms or more ({at})",
         *_verdict(slow[worst_slow] if worst_slow else None, 1.5, f"worst {{:.2f}}x ({worst_slow})")),
        (f"Turtle export within 2x of pyoxigraph's own ({at})",
         *_verdict(ttl / own if ttl and own else None, 2.0, "{:.2f}x")),
        (f"build within 60 s ({at})", *_verdict(big.steps.get("build"), 60.0, "{:.1f} s")),
        (f"peak memory of the build under 3 GB ({at})", *_verdict(big.build_rss_mb / 1024, 3.0, "{:.2f} GB")),
        ("repeated `vdg query` on the article graph under 0.5 s", *_verdict(fixed.query_wall, 0.5, "{:.2f} s")),
        (f"HTML view of {fixed.view_nodes:,} nodes generated within 10 s",
         *_verdict(fixed.view_generate, 10.0, "{:.2f} s")),
        (f"HTML view of {fixed.view_nodes:,} nodes laid out within 10 s", *_verdict(fixed.view_layout, 10.0, "{:.2f} s")),
        (f"HTML view of {fixed.view_nodes:,} nodes drawn within 1.5 s", *_verdict(fixed.view_draw, 1.5, "{:.2f} s")),
        ("`vdg serve` throughput at least 0.8x `oxigraph serve-read-only`'s (article graph, 16 clients)",
         *_verdict(fixed.serve_ratio, 0.8, "{:.2f}x", at_least=True)),
        ("`vdg serve` p99 latency no worse than `oxigraph serve-read-only`'s",
         *_verdict(fixed.serve_p99_ratio, 1.0, "{:.2f}x")),
        *store_rows(big),
        (f"`vdg bench` finishes within 5 min (this run: sizes {', '.join(f'{r.target:,}' for r in results)}; "
         f"rdflib's engine {'on' if any(q['rdflib'] is not None for r in results for q in r.queries.values()) else 'off'})",
         *_verdict(fixed.total, 300.0, "{:.0f} s")),
    ]
    lines = ["| target | measured | verdict |", "|---|---|---|"]
    lines += [f"| {what} | {value} | {verdict} |" for what, value, verdict in rows]
    return "\n".join(lines) + "\n"


def run(sizes: list[int], runs: int = 3, *, fixed: bool = True, **options: Any) -> tuple[list[SizeResult], str]:
    """Benchmark every size (and, with fixed, the article query and the view); return the results
    and the tables."""
    start = time.perf_counter()
    results = [bench_size(size, runs, **options) for size in sizes]
    text = table(results)
    if fixed:
        measured = bench_fixed(runs)
        measured.total = time.perf_counter() - start
        text += "\n" + targets(results, measured)
    return results, text


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sizes", default="10k,100k", help="comma-separated triple counts, e.g. 10k,100k,1M")
    p.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    p.add_argument("--build-runs", type=int, default=None, help="runs of the build (default: --runs)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--rdflib", action="store_true",
                   help="also run every question on rdflib's engine (slow: minutes at 100k triples)")
    p.add_argument("--rdflib-max", type=int, default=100_000, help="with --rdflib: for sizes up to this")
    p.add_argument("--rdflib-cap", type=float, default=30.0, help="skip an rdflib question after this many seconds")
    p.add_argument("--formats", default=",".join(EXPORT_FORMATS), help="export formats to time")
    p.add_argument("--endpoint", default=None, metavar="URL",
                   help="time only the catalogue at this SPARQL endpoint (a store `vdg push` loaded), e.g. Virtuoso's /sparql")
    p.add_argument("--no-fixed", action="store_true",
                   help="skip the article-graph query and the 5,000-node view (and so the targets table)")


def from_args(args: argparse.Namespace) -> str:
    from graph.bench.synthetic import parse_size

    if getattr(args, "endpoint", None):
        from graph.bench.endpoint import endpoint_table

        return endpoint_table(args.endpoint, args.runs)
    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    _, text = run(sizes, args.runs, seed=args.seed, rdflib_max=args.rdflib_max if args.rdflib else 0,
                  rdflib_cap=args.rdflib_cap,
                  formats=tuple(f for f in args.formats.split(",") if f), build_runs=args.build_runs,
                  fixed=not args.no_fixed)
    return text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python3 -m graph.bench.sizes", description=__doc__.split("\n\n")[0])
    add_arguments(ap)
    print(from_args(ap.parse_args(argv)), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
