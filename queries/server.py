"""`vdg serve`: a read-only SPARQL 1.1 Protocol endpoint over the article dataset on embedded Oxigraph.

GET /sparql?query=..., POST form (query=...) or application/sparql-query; results as SPARQL JSON, XML,
CSV or TSV (SELECT, ASK) and Turtle, N-Triples or JSON-LD (CONSTRUCT, DESCRIBE) by content negotiation;
GET /sparql without a query returns the service description (Turtle). `/` is a query page, `/view` the
graph view. Safe by default: updates, SERVICE, LOAD and FROM of graphs outside the store are refused;
each query runs in a worker thread with a timeout and a row cap; request bodies are size-limited.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from ontology.namespaces import PREFIXES as NAMESPACES
from queries.catalogue import QueryError, load_catalogue
from queries.engines import Result, check_syntax, converter, load_store
from queries.remote import OPAQUE
from queries.results import to_json

STATIC = Path(__file__).resolve().parent / "static"

JSON_TYPE = "application/sparql-results+json"
XML_TYPE = "application/sparql-results+xml"
SOLUTION_TYPES = {JSON_TYPE: "json", "application/json": "json", XML_TYPE: "xml", "application/xml": "xml",
                  "text/xml": "xml", "text/csv": "csv", "text/tab-separated-values": "tsv"}
GRAPH_TYPES = {"text/turtle": ox.RdfFormat.TURTLE, "application/x-turtle": ox.RdfFormat.TURTLE,
               "application/n-triples": ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES,
               "application/ld+json": ox.RdfFormat.JSON_LD}
OUT_TYPES = {"json": JSON_TYPE, "xml": XML_TYPE, "csv": "text/csv", "tsv": "text/tab-separated-values"}
PREFIXES = {name: NAMESPACES[name] for name in ("vdg", "id", "graph", "xsd", "rdfs", "prov")}
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY"}
UPDATE_MESSAGE = "SPARQL Update is not allowed: this endpoint is read-only\n"

# strings, IRIs and comments are skipped whole; what is left are the words the checks read
_TOKEN = re.compile(OPAQUE + r'|[?$][A-Za-z0-9_]+|[A-Za-z_][\w.-]*:[\w.%-]*|[A-Za-z_][A-Za-z0-9_]*:?|:[\w.%-]*|\S')


class Refused(Exception):
    """A request the endpoint answers with an HTTP error: str() is the message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Settings:
    timeout: float = 10.0  # seconds per query
    max_rows: int = 10_000  # rows (or triples) per answer; more are cut off with X-VDG-Truncated: true
    max_bytes: int = 64 * 1024  # request body or query string
    workers: int = 8  # queries running at once, timed-out ones included (Oxigraph cannot stop them)


CORS_HEADERS = [(b"access-control-allow-origin", b"*"), (b"access-control-expose-headers", b"X-VDG-Truncated")]
PREFLIGHT_HEADERS = CORS_HEADERS + [(b"access-control-allow-methods", b"GET, POST, OPTIONS"),
                                    (b"access-control-allow-headers", b"Content-Type, Accept"),
                                    (b"access-control-max-age", b"600"), (b"allow", b"GET, POST, OPTIONS"),
                                    (b"content-length", b"0")]


class CORS:
    """Access-Control-Allow-Origin: * on every answer; OPTIONS (preflight or not) answered 204."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS":
            await send({"type": "http.response.start", "status": 204, "headers": PREFLIGHT_HEADERS})
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_with_cors(message: Any) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *CORS_HEADERS]}
            await send(message)

        await self.app(scope, receive, send_with_cors)


def screen(text: str, named_graphs: set[str]) -> None:
    """Refuse updates, SERVICE, and FROM / FROM NAMED of graphs outside the store (by a token scan)."""
    tokens = [t for t in _TOKEN.findall(text) if not t.startswith("#")]
    prefixes: dict[str, str] = {}
    for i, token in enumerate(tokens):
        upper = token.upper()
        if upper == "PREFIX" and i + 2 < len(tokens) and tokens[i + 2].startswith("<"):
            prefixes[tokens[i + 1].rstrip(":")] = tokens[i + 2][1:-1]
        elif upper in UPDATE_WORDS:
            raise Refused(403, UPDATE_MESSAGE.strip())
        elif upper == "SERVICE":
            raise Refused(400, "SERVICE (federated query) is not allowed on this endpoint")
        elif upper == "FROM":
            j = i + 1
            if j < len(tokens) and tokens[j].upper() == "NAMED":
                j += 1
            target = tokens[j] if j < len(tokens) else ""
            if target.startswith("<"):
                iri = target[1:-1]
            elif ":" in target:
                prefix, _, local = target.partition(":")
                iri = prefixes.get(prefix, "\0") + local
            else:
                continue  # not a dataset clause: the parser will judge
            if iri not in named_graphs:
                raise Refused(400, f"FROM <{iri}>: not a graph of this store; only its own named graphs can be used")


def _negotiate(accept: str, offered: dict[str, Any], default: str) -> str:
    """The offered media type the Accept header prefers (the default when nothing matches)."""
    best, best_q = default, 0.0
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if media in ("*/*", "application/*") and q > best_q:
            best, best_q = default, q
        elif media in offered and q > best_q:
            best, best_q = media, q
    return best


def _xml(result: Result) -> str:
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
    if result.kind == "ask":
        out.append(f"</head>\n<boolean>{'true' if result.boolean else 'false'}</boolean>\n</sparql>\n")
        return "\n".join(out)
    out += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    out.append("</head>\n<results>")
    for row in result.rows:
        out.append("<result>")
        for var, term in zip(result.variables, row):
            if term is None:
                continue
            if term.kind == "uri":
                cell = f"<uri>{escape(term.value)}</uri>"
            elif term.kind == "bnode":
                cell = f"<bnode>{escape(term.value)}</bnode>"
            else:
                attr = f" xml:lang={quoteattr(term.lang)}" if term.lang else (
                    f" datatype={quoteattr(term.datatype)}" if term.datatype else "")
                cell = f"<literal{attr}>{escape(term.value)}</literal>"
            out.append(f"<binding name={quoteattr(var)}>{cell}</binding>")
        out.append("</result>")
    out.append("</results>\n</sparql>\n")
    return "\n".join(out)


def serialize_result(result: Result, fmt: str) -> str:
    """A SELECT or ASK result as SPARQL JSON, XML, CSV or TSV."""
    if fmt == "json":
        return json.dumps(to_json(result), ensure_ascii=False)
    if fmt == "xml":
        return _xml(result)
    if result.kind == "ask":
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(result.variables)
        writer.writerows([[("_:" if t.kind == "bnode" else "") + t.value if t else "" for t in row]
                          for row in result.rows])
        return buffer.getvalue()
    lines = ["\t".join("?" + v for v in result.variables)]
    lines += ["\t".join(t.ntriples() if t else "" for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


class Endpoint:
    """The dataset, the settings and the worker slots of one server."""

    def __init__(self, nquads: Path, settings: Settings | None = None) -> None:
        self.nquads = nquads
        self.settings = settings or Settings()
        self.store = load_store(nquads)
        self.named_graphs = {g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode)}
        self.running = 0  # worker threads alive, timed-out ones included
        self._lock = threading.Lock()
        self._view: str | None = None
        self._view_lock = threading.Lock()

    def _execute(self, text: str, cancel: threading.Event) -> tuple[Any, bool]:
        """(Result or list of ox.Triple, truncated) — rows read lazily up to the cap, stopping on cancel."""
        cap = self.settings.max_rows
        answer = self.store.query(text, use_default_graph_as_union=True)
        if isinstance(answer, ox.QueryBoolean):
            return Result("ask", boolean=bool(answer)), False
        items: list[Any] = []
        truncated = False
        for item in answer:
            if cancel.is_set():
                raise QueryError("cancelled")
            if len(items) >= cap:
                truncated = True
                break
            items.append(item)
        if isinstance(answer, ox.QuerySolutions):
            variables = [v.value for v in answer.variables]
            convert = converter()
            rows = [[convert(s[v]) for v in variables] for s in items]
            return Result("select", variables, rows), truncated
        return items, truncated

    async def run(self, text: str) -> tuple[Any, bool]:
        """Check and run the query in a worker thread, within the timeout."""
        if len(text.encode("utf-8")) > self.settings.max_bytes:
            raise Refused(413, f"query longer than {self.settings.max_bytes} bytes")
        screen(text, self.named_graphs)
        try:
            check_syntax(text)
        except QueryError as exc:
            raise Refused(400, str(exc)) from None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.settings.timeout
        while not self._take_slot():
            if loop.time() > deadline:
                raise Refused(503, "server busy: too many queries running; try again later")
            await asyncio.sleep(0.005)
        future: asyncio.Future[Any] = loop.create_future()
        cancel = threading.Event()

        def settle(ok: bool, value: Any) -> None:
            if not future.done():
                future.set_result(value) if ok else future.set_exception(value)

        def work() -> None:
            try:
                value = self._execute(text, cancel)
                loop.call_soon_threadsafe(settle, True, value)
            except BaseException as exc:  # handed to the event loop
                loop.call_soon_threadsafe(settle, False, exc)
            finally:
                with self._lock:
                    self.running -= 1

        threading.Thread(target=work, daemon=True, name="vdg-query").start()
        try:
            return await asyncio.wait_for(asyncio.shield(future), self.settings.timeout)
        except asyncio.TimeoutError:
            cancel.set()
            raise Refused(504, f"query timed out after {self.settings.timeout:g} s") from None
        except (SyntaxError, QueryError, OSError, ValueError) as exc:
            raise Refused(400, f"query failed: {exc}") from None

    def _take_slot(self) -> bool:
        with self._lock:
            if self.running >= self.settings.workers:
                return False
            self.running += 1
            return True

    def view_html(self) -> str:
        with self._view_lock:
            if self._view is None:
                from queries.engines import load_rdflib
                from viz.projection import project
                from viz.render import render_html

                self._view = render_html(project(load_rdflib(self.nquads)))
            return self._view


def _error(status: int, message: str) -> Response:
    return PlainTextResponse(message.rstrip("\n") + "\n", status_code=status)


def service_description(base: str, endpoint: Endpoint) -> str:
    formats = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
               "Turtle", "N-Triples", "JSON-LD"]
    graphs = "".join(f"\n        sd:namedGraph [ sd:name <{g}> ] ;" for g in sorted(endpoint.named_graphs))
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix fmt: <http://www.w3.org/ns/formats/> .

[] a sd:Service ;
    sd:endpoint <{base}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:feature sd:UnionDefaultGraph ;
    sd:resultFormat {", ".join("fmt:" + f for f in formats)} ;
    sd:defaultDataset [ a sd:Dataset ;{graphs}
        sd:defaultGraph [ a sd:Graph ] ] .
"""


async def _read_body(request: Request, limit: int) -> bytes:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit:
        raise Refused(413, f"request body larger than {limit} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise Refused(413, f"request body larger than {limit} bytes")
    return bytes(body)


async def _query_text(request: Request, endpoint: Endpoint) -> str | None:
    limit = endpoint.settings.max_bytes
    if len(request.url.query.encode()) > limit:
        raise Refused(413, f"query string longer than {limit} bytes")
    params = request.query_params
    if "update" in params:
        raise Refused(403, UPDATE_MESSAGE)
    if request.method == "GET":
        return params.get("query")
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/sparql-update":
        raise Refused(403, UPDATE_MESSAGE)
    body = await _read_body(request, limit)
    if ctype == "application/sparql-query":
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            raise Refused(400, "the query is not UTF-8") from None
    if ctype == "application/x-www-form-urlencoded":
        from urllib.parse import parse_qs

        try:
            form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
        except UnicodeDecodeError:
            raise Refused(400, "the form is not UTF-8") from None
        if "update" in form:
            raise Refused(403, UPDATE_MESSAGE)
        queries = form.get("query") or []
        if len(queries) != 1:
            raise Refused(400, "give exactly one query= parameter")
        return queries[0]
    raise Refused(415, "POST a query as application/sparql-query or application/x-www-form-urlencoded (query=...)")


def create_app(nquads: Path, settings: Settings | None = None) -> Starlette:
    """The Starlette application serving the dataset in the N-Quads file."""
    endpoint = Endpoint(nquads, settings)

    async def sparql(request: Request) -> Response:
        try:
            text = await _query_text(request, endpoint)
            if text is None:
                if request.method == "GET" and not request.query_params:
                    base = str(request.url.replace(query=""))
                    return Response(service_description(base, endpoint), media_type="text/turtle")
                raise Refused(400, "missing query= parameter")
            answer, truncated = await endpoint.run(text)
        except Refused as exc:
            return _error(exc.status, str(exc))
        accept = request.headers.get("accept", "")
        headers = {"X-VDG-Truncated": "true"} if truncated else {}
        if isinstance(answer, Result):
            media = _negotiate(accept, SOLUTION_TYPES, JSON_TYPE)
            fmt = SOLUTION_TYPES[media]
            body = serialize_result(answer, fmt)
            return Response(body, media_type=OUT_TYPES[fmt] + "; charset=utf-8", headers=headers)
        media = _negotiate(accept, GRAPH_TYPES, "text/turtle")
        rdf_format = GRAPH_TYPES[media]
        prefixes = PREFIXES if rdf_format == ox.RdfFormat.TURTLE else None
        data = ox.serialize(answer, format=rdf_format, prefixes=prefixes) if answer else b""
        return Response(data, media_type=rdf_format.media_type, headers=headers)

    async def index(request: Request) -> Response:
        return FileResponse(STATIC / "index.html", headers={
            "Content-Security-Policy": "default-src 'self'; base-uri 'none'; form-action 'self'"})

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in ("app.js", "app.css"):
            return _error(404, "not found")
        return FileResponse(STATIC / name)

    catalogue_json = None

    async def catalogue(request: Request) -> Response:
        nonlocal catalogue_json
        if catalogue_json is None:
            from queries.remote import substitute

            catalogue_json = [{"name": name, "summary": q.summary, "tags": list(q.tags),
                               "query": substitute(q.text, q.bindings())}
                              for name, q in load_catalogue().items()]
        return JSONResponse(catalogue_json)

    async def view(request: Request) -> Response:
        try:
            html = await asyncio.to_thread(endpoint.view_html)
        except Exception as exc:  # the view is optional; the endpoint keeps serving
            return _error(404, f"graph view unavailable: {exc}")
        return HTMLResponse(html)

    routes = [Route("/", index), Route("/static/{name}", static), Route("/catalogue.json", catalogue),
              Route("/view", view), Route("/sparql", sparql, methods=["GET", "POST"])]
    middleware = [Middleware(CORS)]
    app = Starlette(routes=routes, middleware=middleware)
    app.state.endpoint = endpoint
    return app


def serve(nquads: Path, host: str = "127.0.0.1", port: int = 8000, settings: Settings | None = None) -> None:
    """Run the server until interrupted."""
    import uvicorn

    uvicorn.run(create_app(nquads, settings), host=host, port=port, log_level="warning",
                h11_max_incomplete_event_size=settings.max_bytes * 2 if settings else None)
