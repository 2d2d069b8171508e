"""`vdg` subcommands that answer questions: query, queries, serve."""

from __future__ import annotations

import argparse
import threading
from typing import TYPE_CHECKING, Callable

from graph.cli.common import EXIT_OK, UsageError, output, say

if TYPE_CHECKING:
    from graph.cache import Built
    from queries.engines import Result
    from queries.resolver import Answer, Resolver


def cmd_query(args: argparse.Namespace) -> int:
    from queries.catalogue import load_catalogue, parse_query, resolve
    from queries.engines import check_syntax
    from queries.results import render
    from queries.runner import answer, parse_params

    if (args.query is None) == (args.expression is None):
        raise UsageError("give a query name or .rq file, or -e 'SPARQL'")
    query = (parse_query(args.expression, "expression") if args.expression
             else resolve(args.query, load_catalogue()))
    params = parse_params(args.param)
    bindings = query.bindings(params)  # unknown parameters, bad values and bad syntax are refused before any build
    check_syntax(query.text)
    if args.endpoint:
        result = answer(query, params, endpoint=args.endpoint, timeout=args.timeout)
    else:
        from graph.cache import load_cached

        def run(built: Built) -> Result:
            if args.engine == "rdflib":  # rdflib reads N-Quads, written from the store on first use
                return answer(query, params, nquads=built.nquads(), engine="rdflib", timeout=args.timeout)
            return answer(query, params, store=built.store(), engine=args.engine, timeout=args.timeout)

        result = load_cached(run, args.data, args.sources, check_quotes=not args.no_quote_check, report=say)
    try:
        text = render(result, args.format, hidden=bindings)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    output(text.encode("utf-8"), args.output)
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
    from graph.cache import load_cached

    if args.memory_mb < 64:
        raise UsageError("--memory-mb must be at least 64")
    check_port(args.host, args.port)
    def opened(built: Built) -> Built:  # a store that does not open is rebuilt by load_cached
        built.store()
        return built

    built = load_cached(opened, args.data, args.sources, check_quotes=not args.no_quote_check, report=say)
    nquads = built.store_path  # the workers open the store read-only; `built` holds it for the server's life

    def view() -> str:  # the server is handed the view; it does not import viz
        from queries.engines import load_rdflib
        from viz.projection import project
        from viz.render import render_html

        return render_html(project(load_rdflib(built.nquads())))

    settings = Settings(timeout=args.timeout, max_rows=args.max_rows, max_bytes=args.max_bytes, workers=args.workers,
                        memory_mb=args.memory_mb, host=args.host, allowed_hosts=tuple(args.allowed_host), view=view,
                        resolve=published(built, f"http://{args.host}:{args.port}/sparql"))
    network = check_workers(nquads, settings)
    say(f"serving SPARQL on http://{args.host}:{args.port}/sparql (query page http://{args.host}:{args.port}/); "
        f"{args.workers} query workers of {args.memory_mb} MB, cut off the network by {network} and a closed "
        "descriptor table")
    try:
        serve(nquads, args.host, args.port, settings)
    except SystemExit as exc:  # uvicorn exits when it cannot start (it says why in its own log line)
        if exc.code not in (None, 0):
            raise UsageError(f"the server could not start on {args.host}:{args.port}") from None
    return EXIT_OK


def published(built: Built, endpoint: str) -> Callable[[str, str | None], Answer]:
    """resolve(path, Accept) for the published graph's paths; the pages, dumps and dataset description are
    made on the first request (a second or so for the article graph), so the endpoint starts at once."""
    from graph.cli.site_command import resolver_for_nquads

    made: list[Resolver] = []
    lock = threading.Lock()

    def resolve(path: str, accept: str | None) -> Answer:
        with lock:
            if not made:
                made.append(resolver_for_nquads(built.nquads(), endpoint))
        return made[0].resolve(path, accept)

    return resolve


def check_port(host: str, port: int) -> None:
    """Refuse with one line a host that does not resolve or a port that cannot be listened on (in use,
    privileged), before the graph is loaded; the server binds it again right after."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as exc:
        raise UsageError(f"--host {host!r}: {getattr(exc, 'strerror', None) or exc}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        try:
            probe.bind(address)
        except OSError as exc:
            raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
