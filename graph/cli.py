"""The `vdg` command: build, reason, export and query the knowledge graph.

Exit codes: 0 ok, 1 data or validation failure, 2 usage or runtime error.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from graph.errors import DataError
from graph.formats import FORMATS, NETWORK_FORMATS
from queries.catalogue import QueryError

if TYPE_CHECKING:  # the heavy modules load only for the commands that need them
    from rdflib import Graph

    from graph.build import BuildResult
    from graph.quads import Quads


EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A runtime or usage problem that is not bad data (exit 2)."""


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _build(args: argparse.Namespace) -> BuildResult:
    from graph.build import build

    start = time.perf_counter()
    result = build(args.data, args.sources, check_quotes=not args.no_quote_check)
    where = f"against {result.sources_dir}" if result.sources_dir else "(source texts not found: quotes not checked)"
    _say(f"built {result.records} records, {len(result.quads)} quads in "
         f"{time.perf_counter() - start:.2f} s; {result.quotes_checked} quotes checked {where}")
    return result


def _reason(quads: Quads) -> Graph:
    """Run HermiT; add its inferences as the named graph graph:inferred and return them."""
    from rdflib import Graph

    from ontology import GRAPH
    from ontology.reasoner import ReasonerError, reason

    union = quads.union()
    try:
        result = reason(union)
    except ReasonerError as exc:
        raise UsageError(str(exc)) from None
    if not result.consistent:
        raise DataError(f"HermiT finds the ontology plus data inconsistent: {result.explanation}")
    target = Graph(namespace_manager=union.namespace_manager)
    for triple in result.inferred:
        if str(triple[0]) != str(GRAPH["inferred"]) and triple not in union:
            target.add(triple)
    quads.add_graph(GRAPH["inferred"], target)
    _say(f"HermiT: consistent; {len(target)} new facts inferred in {result.seconds:.1f} s")
    return target


def _built(args: argparse.Namespace) -> Quads:
    """The built dataset, with HermiT's inferences as graph:inferred when --reason is given."""
    quads = _build(args).quads
    if args.reason:
        _reason(quads)
    return quads


def _output(data: bytes, out: Path | None) -> None:
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    if out.parent and not out.parent.is_dir():
        raise UsageError(f"{out}: folder {out.parent} does not exist")
    from graph.export import write_atomic

    write_atomic(out, data)
    _say(f"wrote {out} ({len(data)} bytes)")


def cmd_build(args: argparse.Namespace) -> int:
    result = _build(args)
    for kind, count in sorted(result.counts.items()):
        print(f"{kind:<12} {count:>5}")
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    from graph.stats import class_counts, graph_counts

    quads = _build(args).quads
    classes, graphs = class_counts(quads), graph_counts(quads)
    if args.format == "json":
        print(json.dumps({"classes": classes, "graphs": graphs}, indent=2, ensure_ascii=False))
        return EXIT_OK
    print("individuals per class")
    for name, count in classes.items():
        print(f"  {name:<26} {count:>5}")
    print("named graphs")
    for name, info in graphs.items():
        print(f"  {name:<26} {info['triples']:>6} triples  {info['sourced records']:>4} sourced records")
    return EXIT_OK


def cmd_reason(args: argparse.Namespace) -> int:
    inferred = _reason(_build(args).quads)
    names = inferred.namespace_manager
    for s, p, o in sorted(inferred):
        print(f"{names.normalizeUri(s)} {names.normalizeUri(p)} {names.normalizeUri(o)}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from graph.export import serialize

    quads = _built(args)
    if args.format in NETWORK_FORMATS:
        from viz.network import WRITERS

        _output(WRITERS[args.format](quads.dataset), args.output)
        return EXIT_OK
    _output(serialize(quads, args.format), args.output)
    return EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    """The main job: build, reason, check, export Turtle and TriG, draw the HTML view, summarise."""
    from graph.check import check, summary_line
    from graph.export import serialize
    from graph.stats import class_counts, graph_counts
    from viz.projection import project
    from viz.render import render_html

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    quads = _build(args).quads
    _reason(quads)
    report = check(quads, reasoner=False)
    for fmt in ("ttl", "trig"):
        _output(serialize(quads, fmt), out / f"vdg{FORMATS[fmt][0]}")
    _output(render_html(project(quads.dataset)).encode("utf-8"), out / "vdg.html")
    print("VDG knowledge graph")
    for name, count in class_counts(quads).items():
        print(f"  {name:<26} {count:>5}")
    for name, info in graph_counts(quads).items():
        print(f"  graph {name:<20} {info['triples']:>6} triples")
    print(f"\n{summary_line(report)} (details: vdg check)")
    _showcase(quads)
    return EXIT_DATA if report.violations else EXIT_OK


def _showcase(quads: Quads) -> None:
    """Print the answers of the catalogue questions tagged `showcase`."""
    from queries.catalogue import load_catalogue
    from queries.engines import run_oxigraph
    from queries.results import render

    store = quads.store()
    for name, query in load_catalogue().items():
        if "showcase" in query.tags:
            print(f"\n== {name}: {query.summary.get('en', '')}")
            print(render(run_oxigraph(store, query.text, query.bindings()), "table"), end="")


def cmd_query(args: argparse.Namespace) -> int:
    from queries.catalogue import load_catalogue, parse_query, resolve
    from queries.results import render
    from queries.runner import answer, parse_params

    if (args.query is None) == (args.expression is None):
        raise UsageError("give a query name or .rq file, or -e 'SPARQL'")
    catalogue = load_catalogue()
    query = parse_query(args.expression, "expression") if args.expression else resolve(args.query, catalogue)
    params = parse_params(args.param)
    if args.endpoint:
        result = answer(query, params, endpoint=args.endpoint, timeout=args.timeout)
    else:
        from graph.cache import cached_nquads

        nquads, hit = cached_nquads(args.data, args.sources, check_quotes=not args.no_quote_check)
        if not hit:
            _say(f"built the graph and cached it at {nquads}")
        try:
            result = answer(query, params, nquads=nquads, engine=args.engine, timeout=args.timeout)
        except SyntaxError:  # a cache file damaged from outside: rebuild it once
            _say(f"cache file {nquads} is unreadable: rebuilding it")
            nquads, _ = cached_nquads(args.data, args.sources, check_quotes=not args.no_quote_check, rebuild=True)
            result = answer(query, params, nquads=nquads, engine=args.engine, timeout=args.timeout)
    _output(render(result, args.format).encode("utf-8"), args.output)
    return EXIT_OK


def cmd_queries(args: argparse.Namespace) -> int:
    from queries.catalogue import catalogue_table, load_catalogue

    if args.format == "md":
        print(catalogue_table(load_catalogue()), end="")
        return EXIT_OK
    for name, query in load_catalogue().items():
        lang = args.lang
        print(f"{name}\n    {query.summary.get(lang) or query.summary.get('en', '')}")
        for p in query.params.values():
            print(f"    --param {p.name}=<{p.type}> (default {p.default}){': ' + p.doc if p.doc else ''}")
    return EXIT_OK


def cmd_push(args: argparse.Namespace) -> int:
    from graph.export import serialize_triples
    from queries.remote import push

    quads = _built(args)
    graphs = [(name, serialize_triples(triples)) for name, triples in quads.graphs().items()]
    count = push(args.endpoint, graphs, args.timeout)
    _say(f"pushed {count} named graphs ({len(quads)} triples) to {args.endpoint}")
    return EXIT_OK


def cmd_viz(args: argparse.Namespace) -> int:
    """Write the graph as one self-contained, offline HTML page."""
    from viz.projection import project
    from viz.render import render_html

    dataset = _build(args).dataset
    classes = [c.strip() for c in args.classes.split(",") if c.strip()] if args.classes else None
    try:
        proj = project(dataset, focus=args.focus, depth=args.depth, classes=classes)
    except KeyError as exc:
        raise UsageError(f"--focus: {exc.args[0]}") from None
    _output(render_html(proj, lang=args.lang, title=args.title).encode("utf-8"), args.output)
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """SHACL shapes, the HermiT reasoner and the cross-fact rules; exit 1 on any violation."""
    from graph.check import RENDERERS, check, summary_line
    from ontology.reasoner import ReasonerError

    quads = _build(args).quads
    try:
        report = check(quads, reasoner=not args.no_reason)
    except ReasonerError as exc:
        raise UsageError(f"{exc} (use --no-reason to skip the reasoner)") from None
    _say(" ".join(f"{stage} {secs:.2f} s;" for stage, secs in report.seconds.items()) + " " + summary_line(report))
    _output(RENDERERS[args.format](report).encode("utf-8"), args.output)
    return EXIT_DATA if report.violations else EXIT_OK


def cmd_docs(args: argparse.Namespace) -> int:
    """Write the ontology's HTML documentation (offline, one index.html) to a folder."""
    from ontology.docs import write_docs

    path = write_docs(args.output)
    _say(f"wrote {path}")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the graph as a read-only SPARQL 1.1 Protocol endpoint with a query page (Starlette + uvicorn)."""
    try:
        from queries.server import Settings, serve
    except ImportError as exc:
        raise UsageError(f"vdg serve needs starlette and uvicorn ({exc}): pip install starlette uvicorn") from None
    from graph.cache import cached_nquads

    nquads, hit = cached_nquads(args.data, args.sources, check_quotes=not args.no_quote_check)
    if not hit:
        _say(f"built the graph and cached it at {nquads}")
    settings = Settings(timeout=args.timeout, max_rows=args.max_rows, max_bytes=args.max_bytes)
    _say(f"serving SPARQL on http://{args.host}:{args.port}/sparql (query page http://{args.host}:{args.port}/)")
    serve(nquads, args.host, args.port, settings)
    return EXIT_OK


def cmd_ingest(args: argparse.Namespace) -> int:
    """Propose sourced facts from a new article, or check a reviewed candidate file."""
    from graph.sources import default_sources_dir

    if args.check is not None:
        from graph.ingest.review import check_reviewed

        if args.article_file is not None:
            raise UsageError("give the article with --article when you --check a file")
        sources = args.sources or default_sources_dir()
        if sources is None:
            raise UsageError("--check needs the source texts: --sources DIR or $VDG_SOURCES")
        from ontology.reasoner import ReasonerError

        try:
            result = check_reviewed(args.check, sources, args.article, args.data).build
        except ReasonerError as exc:
            raise UsageError(str(exc)) from None
        _say(f"{args.check}: ok, builds with the curated data and passes the shapes, rules and reasoner: "
             f"{result.records} records, {result.quotes_checked} quotes checked against {sources}")
        return EXIT_OK
    if args.article_file is None or args.source_id is None:
        raise UsageError("give ARTICLE.txt and --source-id ID (or --check FILE)")
    from graph.ingest.pipeline import check_source_id, ingest, long_work, read_article

    try:
        check_source_id(args.source_id, args.data)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if args.date is not None:
        import datetime as dt

        try:
            dt.date.fromisoformat(args.date)
        except ValueError:
            raise UsageError(f"--date {args.date!r}: use YYYY-MM-DD") from None
    text = read_article(args.article_file)
    result = ingest(text, args.source_id, args.article_file.name, title=args.title, date=args.date, url=args.url,
                    data=args.data, progress=long_work(text))
    counts = {}
    for candidate in result.candidates:
        counts[candidate.kind] = counts.get(candidate.kind, 0) + 1
    _say(f"{args.article_file}: {len(result.candidates)} candidates ("
         + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) + f") in {result.seconds:.2f} s")
    _output(result.yaml(args.article_file.name).encode("utf-8"), args.output)
    return EXIT_OK


def cmd_bench(args: argparse.Namespace) -> int:
    from graph.bench import from_args  # lazy: generates, builds and queries synthetic graphs

    try:
        text = from_args(args)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    print(text, end="")
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    """The argument parser of the `vdg` command."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data", type=Path, default=None, help="folder of curated YAML (default: the packaged graph/data)")
    common.add_argument("--sources", type=Path, default=None,
                        help="folder of source texts for quote checks (default: $VDG_SOURCES or ../shared/sources)")
    common.add_argument("--no-quote-check", action="store_true", help="do not check quotes against the source texts")

    top = argparse.ArgumentParser(prog="vdg", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func: Callable[[argparse.Namespace], int], help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_, description=help_)
        p.set_defaults(func=func)
        return p

    add("build", cmd_build, "validate the curated data, build the graph and report counts per kind")
    p = add("stats", cmd_stats, "counts of individuals per class and of triples per source graph")
    p.add_argument("--format", choices=["table", "json"], default="table")
    add("reason", cmd_reason, "run the HermiT reasoner: check consistency and print the facts it infers")
    p = add("export", cmd_export, "serialise the graph (stdout, or -o FILE written atomically)")
    p.add_argument("--format", "-f", choices=[*FORMATS, *NETWORK_FORMATS], default="ttl")
    p.add_argument("-o", "--output", type=Path, default=None)
    p.add_argument("--reason", action="store_true", help="include the reasoner's inferences as graph:inferred")
    p = add("run", cmd_run, "main job: build, reason, export Turtle and TriG to --out, print a summary")
    p.add_argument("--out", type=Path, default=Path("out"))
    p = add("query", cmd_query, "answer a catalogue question, an .rq file or a SPARQL expression")
    p.add_argument("query", nargs="?", help="catalogue name (see `vdg queries`) or path of an .rq file")
    p.add_argument("-e", "--expression", help="SPARQL query text")
    p.add_argument("--param", action="append", default=[], metavar="KEY=VALUE", help="bind a parameter (repeatable)")
    p.add_argument("--format", "-f", choices=["table", "csv", "tsv", "json", "md"], default="table")
    p.add_argument("--engine", choices=["oxigraph", "rdflib"], default="oxigraph")
    p.add_argument("--endpoint", help="URL of a SPARQL 1.1 query endpoint to ask instead of the local graph")
    p.add_argument("--timeout", type=float, default=None, help="give up after this many seconds")
    p.add_argument("-o", "--output", type=Path, default=None)
    p = sub.add_parser("queries", help="list the catalogue of questions with their parameters")
    p.add_argument("--lang", choices=["en", "vi"], default="en")
    p.add_argument("--format", choices=["text", "md"], default="text", help="md: the README's catalogue table")
    p.set_defaults(func=cmd_queries)
    p = add("push", cmd_push, "load the graph into a SPARQL 1.1 store through the Graph Store Protocol")
    p.add_argument("--endpoint", required=True, help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store")
    p.add_argument("--timeout", type=float, default=None)
    p.add_argument("--reason", action="store_true", help="also push the reasoner's inferences as graph:inferred")
    p = add("viz", cmd_viz, "draw the graph as one self-contained HTML page that works offline")
    p.add_argument("-o", "--output", type=Path, default=Path("vdg.html"))
    p.add_argument("--lang", choices=["vi", "en"], default="vi", help="language of the labels shown first")
    p.add_argument("--focus", default=None, metavar="ID", help="draw only the neighbourhood of this node (IRI, kind/slug or slug)")
    p.add_argument("--depth", type=int, default=1, help="with --focus: how many links away to draw")
    p.add_argument("--classes", default=None, metavar="CLASS,...", help="draw only members of these classes (subclasses included)")
    p.add_argument("--title", default="VDG", help="page title")
    p = add("check", cmd_check, "check the graph: SHACL shapes, HermiT consistency, cross-fact rules (exit 1 on a violation)")
    p.add_argument("--format", "-f", choices=["text", "json", "ttl"], default="text")
    p.add_argument("-o", "--output", type=Path, default=None)
    p.add_argument("--no-reason", action="store_true", help="skip the HermiT reasoner")
    p = add("docs", cmd_docs, "write the ontology's HTML documentation (works offline) to a folder")
    p.add_argument("-o", "--output", type=Path, default=Path("docs"), help="output folder (default: docs)")
    p = add("serve", cmd_serve, "serve the graph over HTTP: a read-only SPARQL 1.1 endpoint and a query page")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--timeout", type=float, default=10.0, help="seconds per query before 504 (default 10)")
    p.add_argument("--max-rows", type=int, default=10_000, help="rows per answer; more are cut (default 10000)")
    p.add_argument("--max-bytes", type=int, default=64 * 1024, help="largest request accepted (default 64 KB)")
    p = add("ingest", cmd_ingest, "propose sourced facts from a new Vietnamese article as candidate YAML for review, "
            "or --check a reviewed file")
    p.add_argument("article_file", nargs="?", type=Path, metavar="ARTICLE.txt", help="the article, UTF-8 text (NFC or NFD)")
    p.add_argument("--source-id", help="id of the new source record (lowercase slug, e.g. article-007)")
    p.add_argument("--title", help="the article's headline, as printed")
    p.add_argument("--date", help="the day it was published (YYYY-MM-DD)")
    p.add_argument("--url", help="where it was published")
    p.add_argument("-o", "--output", type=Path, default=None, help="candidate file to write (default: stdout)")
    p.add_argument("--check", type=Path, default=None, metavar="FILE",
                   help="build a reviewed candidate file with the curated data instead (exit 1 on a fault)")
    p.add_argument("--article", type=Path, default=None, help="with --check: the text of the file's source record")
    p = add("bench", cmd_bench, "benchmark build, export, load and the catalogue on synthetic graphs")
    from graph.bench import add_arguments  # light: the benchmark's heavy imports are inside its functions

    add_arguments(p)
    return top


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `vdg` command; returns the exit code."""
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except DataError as exc:
        _say(f"vdg: error: {exc}")
        return EXIT_DATA
    except (UsageError, QueryError, OSError) as exc:
        _say(f"vdg: error: {exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        _say("vdg: interrupted")
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
