"""`vdg` subcommands that answer questions: query, queries, serve."""

from __future__ import annotations

import argparse

from graph.cli.common import EXIT_OK, UsageError, output, say


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
        from graph.cache import load_cached

        result = load_cached(lambda nquads: answer(query, params, nquads=nquads, engine=args.engine,
                                                   timeout=args.timeout),
                             args.data, args.sources, check_quotes=not args.no_quote_check, report=say)
    output(render(result, args.format, hidden=query.bindings(params)).encode("utf-8"), args.output)
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


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the graph as a read-only SPARQL 1.1 Protocol endpoint with a query page (Starlette + uvicorn)."""
    try:
        from queries.server import Settings, check_workers, serve
    except ImportError as exc:
        raise UsageError(f"vdg serve needs starlette and uvicorn ({exc}): pip install starlette uvicorn") from None
    from graph.cache import cached_nquads

    if args.workers < 1 or args.memory_mb < 64:
        raise UsageError("--workers must be at least 1 and --memory-mb at least 64")
    nquads, hit = cached_nquads(args.data, args.sources, check_quotes=not args.no_quote_check)
    if not hit:
        say(f"built the graph and cached it at {nquads}")

    def view() -> str:  # the server is handed the view; it does not import viz
        from queries.engines import load_rdflib
        from viz.projection import project
        from viz.render import render_html

        return render_html(project(load_rdflib(nquads)))

    settings = Settings(timeout=args.timeout, max_rows=args.max_rows, max_bytes=args.max_bytes, workers=args.workers,
                        memory_mb=args.memory_mb, host=args.host, allowed_hosts=tuple(args.allowed_host), view=view)
    network = check_workers(nquads, settings)
    say(f"serving SPARQL on http://{args.host}:{args.port}/sparql (query page http://{args.host}:{args.port}/); "
        f"{args.workers} query workers of {args.memory_mb} MB, cut off the network by {network} and a closed "
        "descriptor table")
    serve(nquads, args.host, args.port, settings)
    return EXIT_OK
