"""`vdg` subcommands over the built graph: build, stats, reason, export, run, check, docs, push, viz."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from graph.cli.common import EXIT_DATA, EXIT_OK, UsageError, build_graph, built, output, reason, say
from graph.cli.summary import run_summary
from graph.formats import FORMATS, NETWORK_FORMATS


def cmd_build(args: argparse.Namespace) -> int:
    result = build_graph(args)
    for kind, count in sorted(result.counts.items()):
        print(f"{kind:<12} {count:>5}")
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    from graph.stats import class_counts, graph_counts

    quads = build_graph(args).quads
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
    inferred = reason(build_graph(args).quads)
    names = inferred.namespace_manager
    for s, p, o in sorted(inferred):
        print(" ".join(names.normalizeUri(str(term)) for term in (s, p, o)))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from graph.export import serialize

    quads = built(args)
    if args.format in NETWORK_FORMATS:
        from viz.network import WRITERS

        output(WRITERS[args.format](quads.dataset), args.output)
        return EXIT_OK
    if args.format == "void":
        from graph.describe import describe, serialize_description

        dumps = {fmt: serialize(quads, fmt) for fmt in FORMATS}
        output(serialize_description(describe(quads, dumps, args.sparql_endpoint)), args.output)
        return EXIT_OK
    output(serialize(quads, args.format), args.output)
    return EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    """The main job: build, reason, check, export Turtle and TriG, draw the HTML view, summarise."""
    from graph.export import serialize
    from graph.report import check
    from graph.stats import class_counts, graph_counts
    from queries.runner import showcase
    from viz.projection import project
    from viz.render import render_html

    out: Path = args.out
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is not a folder")
    result = build_graph(args)
    quads = result.quads
    out.mkdir(parents=True, exist_ok=True)
    inferred = None if args.no_reason else len(reason(quads))
    report = check(quads, reasoner=False)
    written = []
    for fmt, what in (("ttl", "Turtle, all graphs merged"), ("trig", "TriG, one named graph per source")):
        path = out / f"vdg{FORMATS[fmt][0]}"
        output(serialize(quads, fmt), path)
        written.append((path, what))
    path = out / "vdg.html"
    output(render_html(project(quads.dataset)).encode("utf-8"), path)
    written.append((path, "the graph view: open it in a browser, it works offline"))
    print(run_summary(result, graph_counts(quads), class_counts(quads), report, inferred, written))
    print("\nShowcase questions (`vdg queries` lists all; `vdg query NAME` answers one)")
    print(showcase(quads.store()), end="")
    return EXIT_DATA if report.violations else EXIT_OK


def cmd_push(args: argparse.Namespace) -> int:
    from graph.export import serialize_triples
    from queries.remote import push

    credentials = None
    if args.user is not None:  # checked before the build
        password = os.environ.get("VDG_PASSWORD")
        if password is None:
            raise UsageError("--user needs the password in the environment variable VDG_PASSWORD")
        credentials = (args.user, password)
    quads = built(args)
    graphs = [(name, serialize_triples(triples)) for name, triples in quads.graphs().items()]
    count = push(args.endpoint, graphs, args.timeout, credentials, args.protocol)
    say(f"pushed {count} named graphs ({len(quads)} triples) to {args.endpoint}")
    return EXIT_OK


def cmd_viz(args: argparse.Namespace) -> int:
    """Write the graph as one self-contained, offline HTML page (stdout without -o)."""
    from viz.projection import check_classes, project
    from viz.render import render_html

    if args.classes:  # before the build: a misspelt class is refused at once
        from ontology import load_ontology

        try:
            check_classes(load_ontology().graph, set(args.classes))
        except ValueError as exc:
            raise UsageError(f"--classes: {exc}") from None
    dataset = build_graph(args).dataset
    try:
        proj = project(dataset, focus=args.focus, depth=args.depth, classes=args.classes)
    except KeyError as exc:
        raise UsageError(f"--focus: {exc.args[0]}") from None
    except ValueError as exc:
        raise UsageError(f"--classes: {exc}") from None
    output(render_html(proj, lang=args.lang, title=args.title).encode("utf-8"), args.output)
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """SHACL shapes, the HermiT reasoner and the cross-fact rules; exit 1 on any violation."""
    from graph.report import RENDERERS, check, summary_line
    from ontology.reasoner import ReasonerError

    quads = build_graph(args).quads
    try:
        report = check(quads, reasoner=not args.no_reason)
    except ReasonerError as exc:
        raise UsageError(f"{exc} (use --no-reason to skip the reasoner)") from None
    say(" ".join(f"{stage} {secs:.2f} s;" for stage, secs in report.seconds.items()) + " " + summary_line(report))
    output(RENDERERS[args.format](report).encode("utf-8"), args.output)
    return EXIT_DATA if report.violations else EXIT_OK


def cmd_docs(args: argparse.Namespace) -> int:
    """Write the ontology's HTML documentation (offline, one index.html) into the folder given with -o."""
    from ontology.docs import render_html

    folder: Path = args.output
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is not a folder")
    html = render_html().encode("utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    output(html, folder / "index.html")
    return EXIT_OK
