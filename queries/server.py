"""`vdg serve`: a read-only SPARQL 1.1 Protocol endpoint over the article dataset on embedded Oxigraph.

GET (and HEAD) /sparql?query=..., POST form (query=...) or application/sparql-query; results as SPARQL
JSON, XML, CSV or TSV (SELECT, ASK) and Turtle, N-Triples or JSON-LD (CONSTRUCT, DESCRIBE) by content
negotiation; GET /sparql without a query returns the service description (Turtle). `/` is a query page,
`/view` the graph view the command line hands over (this module does not draw it).

The server process never parses or evaluates a query. It checks the Host header, reads the request,
screens the text (`queries.screen`: updates, SERVICE, FROM of foreign graphs, nesting) and hands it to
a worker process (`queries.pool`, `queries.worker`) that is killed at the timeout, capped in memory and
cut off the network. Every answer carries `X-Content-Type-Options: nosniff`; errors are one line.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from ontology.namespaces import FORMATS_IRI, SERVICE_DESCRIPTION_IRI
from queries.catalogue import load_catalogue
from queries.pool import Pool
from queries.published import published_routes
from queries.resolver import Answer, parse_accept
from queries.screen import UPDATE_MESSAGE, Refused, screen

STATIC = Path(__file__).resolve().parent / "static"
LOG = logging.getLogger("vdg.serve")

JSON_TYPE = "application/sparql-results+json"
XML_TYPE = "application/sparql-results+xml"
SOLUTION_TYPES = {JSON_TYPE: "json", "application/json": "json", XML_TYPE: "xml", "application/xml": "xml",
                  "text/xml": "xml", "text/csv": "csv", "text/tab-separated-values": "tsv"}
GRAPH_TYPES = {"text/turtle": "text/turtle", "application/x-turtle": "text/turtle",
               "application/n-triples": "application/n-triples", "text/plain": "application/n-triples",
               "application/ld+json": "application/ld+json"}
OUT_TYPES = {"json": JSON_TYPE, "xml": XML_TYPE, "csv": "text/csv", "tsv": "text/tab-separated-values"}

View = Union[str, bytes, Callable[[], Union[str, bytes]]]


@dataclass
class Settings:
    timeout: float = 10.0  # seconds per query: the worker is killed then (504)
    max_rows: int = 10_000  # rows (or triples) per answer; more are cut off with X-VDG-Truncated: true
    max_bytes: int = 64 * 1024  # request body or query string
    workers: int = 4  # worker processes, each with its own copy of the dataset
    memory_mb: int = 1024  # address space of one worker (RLIMIT_AS)
    host: str = "127.0.0.1"  # the listening address: always an allowed Host
    allowed_hosts: tuple[str, ...] = ()  # more names the Host header may carry (besides localhost)
    view: View | None = field(default=None, repr=False)  # the graph view page, or a function drawing it
    # the published graph (/id/..., /ontology, /dataset, /.well-known/void, /dump/...): resolve(path, Accept)
    resolve: Callable[[str, str | None], Answer] | None = field(default=None, repr=False)


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return PlainTextResponse(" ".join(message.split()) + "\n", status_code=status, headers=headers)


CORS_HEADERS = [(b"access-control-allow-origin", b"*"), (b"access-control-expose-headers", b"X-VDG-Truncated")]
ALWAYS_HEADERS = [(b"x-content-type-options", b"nosniff")]
PREFLIGHT_HEADERS = CORS_HEADERS + ALWAYS_HEADERS + [
    (b"access-control-allow-methods", b"GET, HEAD, POST, OPTIONS"),
    (b"access-control-allow-headers", b"Content-Type, Accept"), (b"access-control-max-age", b"600"),
    (b"allow", b"GET, HEAD, POST, OPTIONS"), (b"content-length", b"0")]


_AUTHORITY = re.compile(r"(\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(:[0-9]{1,5})?")


def host_name(host: str) -> str | None:
    """The name part of a Host header value, lower case ('[::1]:8000' -> '::1'); None when the value is
    not a plain host name or address with an optional port."""
    match = _AUTHORITY.fullmatch(host.strip().lower())
    return match.group(1).strip("[]") if match else None


def allowed_hosts(settings: Settings) -> frozenset[str]:
    """The listening address, localhost and the names given with --allowed-host."""
    names = {settings.host.strip("[]").lower(), "localhost", "127.0.0.1", "::1"}
    return frozenset(names | {h.strip().strip("[]").lower() for h in settings.allowed_hosts})


class Guard:
    """Outermost layer: Host check (against DNS rebinding), CORS, nosniff on every answer, OPTIONS,
    and a one-line 500 for any error the application did not expect."""

    def __init__(self, app: Any, hosts: frozenset[str]) -> None:
        self.app, self.hosts = app, hosts

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_plain(status: int, text: str) -> None:
            body = (" ".join(text.split()) + "\n").encode("utf-8")
            await send({"type": "http.response.start", "status": status, "headers": [
                (b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                *CORS_HEADERS, *ALWAYS_HEADERS]})
            await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})

        host = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"host"), "")
        if host_name(host) not in self.hosts:
            await send_plain(400, "Host header missing or not allowed on this server (see vdg serve --allowed-host)")
            return
        if scope["method"] == "OPTIONS":
            await send({"type": "http.response.start", "status": 204, "headers": PREFLIGHT_HEADERS})
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_with_headers(message: Any) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = {**message, "headers": [*message.get("headers", []), *CORS_HEADERS, *ALWAYS_HEADERS]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:  # one line to the client and to the log; never a bare closed connection
            LOG.error("vdg serve: internal error on %s %s: %s: %s", scope["method"], scope.get("path"),
                      type(exc).__name__, exc)
            if not started:
                await send_plain(500, f"internal error ({type(exc).__name__}); the server keeps serving")


def _negotiate(accept: str, offered: dict[str, Any], default: str) -> str:
    """The offered media type the Accept header prefers (the default when nothing matches)."""
    best, best_q = default, 0.0
    for media, q in parse_accept(accept):
        if media in ("*/*", "application/*") and q > best_q:
            best, best_q = default, q
        elif media in offered and q > best_q:
            best, best_q = media, q
    return best


def service_description(base: str, graphs: set[str]) -> str:
    """The SPARQL 1.1 Service Description of the endpoint at `base` (Turtle)."""
    formats = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
               "Turtle", "N-Triples", "JSON-LD"]
    named = "".join(f"\n        sd:namedGraph [ sd:name <{g}> ] ;" for g in sorted(graphs))
    return f"""@prefix sd: <{SERVICE_DESCRIPTION_IRI}> .
@prefix fmt: <{FORMATS_IRI}> .

[] a sd:Service ;
    sd:endpoint <{base}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:feature sd:UnionDefaultGraph ;
    sd:resultFormat {", ".join("fmt:" + f for f in formats)} ;
    sd:defaultDataset [ a sd:Dataset ;{named}
        sd:defaultGraph [ a sd:Graph ] ] .
"""


async def _read_body(request: Request, limit: int) -> bytes:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit:
        raise Refused(f"request body larger than {limit} bytes", 413)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise Refused(f"request body larger than {limit} bytes", 413)
    return bytes(body)


async def _query_text(request: Request, limit: int) -> str | None:
    if len(request.url.query.encode()) > limit:
        raise Refused(f"query string longer than {limit} bytes", 413)
    params = request.query_params
    if "update" in params:
        raise Refused(UPDATE_MESSAGE, 403)
    if request.method in ("GET", "HEAD"):
        return params.get("query")
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/sparql-update":
        raise Refused(UPDATE_MESSAGE, 403)
    body = await _read_body(request, limit)
    if ctype == "application/sparql-query":
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            raise Refused("the query is not UTF-8") from None
    if ctype == "application/x-www-form-urlencoded":
        from urllib.parse import parse_qs

        try:
            form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
        except UnicodeDecodeError:
            raise Refused("the form is not UTF-8") from None
        if "update" in form:
            raise Refused(UPDATE_MESSAGE, 403)
        queries = form.get("query") or []
        if len(queries) != 1:
            raise Refused("give exactly one query= parameter")
        return queries[0]
    raise Refused("POST a query as application/sparql-query or application/x-www-form-urlencoded (query=...)", 415)


def create_app(nquads: Path, settings: Settings | None = None) -> Any:
    """The ASGI application serving the dataset in the N-Quads file (its workers start with it)."""
    settings = settings or Settings()
    pool = Pool(nquads, settings.workers, settings.memory_mb)
    view_cache: dict[str, bytes] = {}
    view_lock = asyncio.Lock()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await pool.start()
        try:
            yield
        finally:
            await pool.close()

    def answer(request: Request, status: int, body: bytes, media: str, headers: dict[str, str] | None = None
               ) -> Response:
        """The response; for HEAD the same headers and no body."""
        headers = dict(headers or {})
        if request.method == "HEAD":
            headers["content-length"] = str(len(body))
            return Response(b"", status_code=status, media_type=media, headers=headers)
        return Response(body, status_code=status, media_type=media, headers=headers)

    async def sparql(request: Request) -> Response:
        try:
            text = await _query_text(request, settings.max_bytes)
            if text is None:
                if request.method in ("GET", "HEAD") and not request.query_params:
                    base = f"{request.url.scheme}://{request.headers['host'].strip().lower()}/sparql"  # checked by Guard
                    return answer(request, 200, service_description(base, pool.graphs).encode(), "text/turtle")
                raise Refused("missing query= parameter")
            if len(text.encode("utf-8")) > settings.max_bytes:
                raise Refused(f"query longer than {settings.max_bytes} bytes", 413)
            dataset = screen(text, pool.graphs)
        except Refused as exc:
            return _error(exc.status, str(exc))
        accept = request.headers.get("accept", "")
        job = {"query": text, "default": dataset.default, "named": dataset.named, "max_rows": settings.max_rows,
               "solutions": SOLUTION_TYPES[_negotiate(accept, SOLUTION_TYPES, JSON_TYPE)],
               "graphs": GRAPH_TYPES[_negotiate(accept, GRAPH_TYPES, "text/turtle")]}
        reply = await pool.run(job, settings.timeout)
        if reply.status != 200:
            return _error(reply.status, reply.message)
        media = reply.media or OUT_TYPES[reply.format or "json"] + "; charset=utf-8"
        return answer(request, 200, reply.body, media, {"X-VDG-Truncated": "true"} if reply.truncated else None)

    async def index(request: Request) -> Response:
        return FileResponse(STATIC / "index.html", headers={
            "Content-Security-Policy": "default-src 'self'; base-uri 'none'; form-action 'self'"})

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in ("app.js", "app.css"):
            return _error(404, "not found")
        return FileResponse(STATIC / name)

    catalogue_json: list[dict[str, Any]] = []

    async def catalogue(request: Request) -> Response:
        if not catalogue_json:
            from queries.remote import substitute

            catalogue_json.extend({"name": name, "summary": q.summary, "tags": list(q.tags),
                                   "query": substitute(q.text, q.bindings())}
                                  for name, q in load_catalogue().items())
        return JSONResponse(catalogue_json)

    async def view(request: Request) -> Response:
        if settings.view is None:
            return _error(404, "graph view not available on this server")
        async with view_lock:
            if "html" not in view_cache:
                page = settings.view
                if callable(page):
                    try:
                        page = await asyncio.to_thread(page)
                    except Exception as exc:  # the view is optional; the endpoint keeps serving
                        return _error(404, f"graph view unavailable: {exc}")
                view_cache["html"] = page.encode("utf-8") if isinstance(page, str) else page
        return HTMLResponse(view_cache["html"])

    routes = [Route("/", index), Route("/static/{name}", static), Route("/catalogue.json", catalogue),
              Route("/view", view), Route("/sparql", sparql, methods=["GET", "HEAD", "POST"])]
    if settings.resolve is not None:
        routes += published_routes(settings.resolve)
    app = Starlette(routes=routes, lifespan=lifespan,
                    middleware=[Middleware(Guard, hosts=allowed_hosts(settings))])
    app.state.pool = pool
    return app


def check_workers(nquads: Path, settings: Settings) -> str:
    """Start one worker and end it: raise QueryError (one line) when workers cannot run with these
    settings (the dataset does not fit in the memory cap); else say how the workers are cut off."""
    async def probe() -> str:
        pool = Pool(nquads, 1, settings.memory_mb)
        await pool.start()
        await pool.close()
        return pool.network

    return asyncio.run(probe())


def serve(nquads: Path, host: str = "127.0.0.1", port: int = 8000, settings: Settings | None = None) -> None:
    """Run the server until interrupted."""
    import dataclasses

    import uvicorn

    settings = dataclasses.replace(settings or Settings(), host=host)
    uvicorn.run(create_app(nquads, settings), host=host, port=port, log_level="warning",
                h11_max_incomplete_event_size=settings.max_bytes * 2)
