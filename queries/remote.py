"""Talk to any SPARQL 1.1 store: query through the Protocol, load through the Graph Store Protocol."""

from __future__ import annotations

import json
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable

from graph.terms import Term, from_json
from queries.catalogue import QueryError
from queries.engines import Result

# SPARQL strings (long and short), IRIs and comments: a token scan takes each whole, never reading inside
OPAQUE = (r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
          r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*')
# strings, IRIs and comments are copied as they are; variables and keywords are what the rewrite reads
_TOKEN = re.compile(OPAQUE + r'|[?$][A-Za-z0-9_]+|[A-Za-z_]+|[{}]')


def substitute(text: str, bindings: dict[str, Term]) -> str:
    """The query with its parameters replaced by their RDF terms, as embedded engines substitute them
    (SEP-0007): a store takes no bindings beside the query. Each variable inside the WHERE clause
    becomes the term; in a projection it becomes `(term AS ?var)`; the top-level projection keeps
    the variable and gets it from a final BIND. Terms are serialised and escaped as RDF terms."""
    if not bindings:
        return text
    terms = {name: t.ntriples() for name, t in bindings.items()}
    out: list[str] = []
    pos, depth, in_projection, top_where_open, top_where_close = 0, 0, False, None, None
    projected_top: set[str] = set()
    for match in _TOKEN.finditer(text):
        token = match.group()
        out.append(text[pos:match.start()])
        pos = match.end()
        upper = token.upper()
        if upper == "SELECT":
            in_projection = True
        elif upper == "WHERE" or token == "{":
            in_projection = False
        if token == "{":
            if depth == 0 and top_where_open is None:
                top_where_open = len(out)
            depth += 1
        elif token == "}":
            depth -= 1
            if depth == 0 and top_where_close is None:
                top_where_close = len(out)
        if token[0] in "?$" and token[1:] in terms:
            name = token[1:]
            if in_projection and depth == 0:
                projected_top.add(name)
            elif in_projection:
                token = f"({terms[name]} AS ?{name})"
            elif depth > 0 or top_where_close is None:
                token = terms[name]
        out.append(token)
    out.append(text[pos:])
    if projected_top and top_where_close is not None:
        binds = "".join(f" BIND({terms[n]} AS ?{n})" for n in sorted(projected_top))
        out[top_where_close] = binds + "\n" + out[top_where_close]
    return "".join(out)


def _request(request: urllib.request.Request, url: str, timeout: float | None) -> bytes:
    try:
        with urllib.request.urlopen(request, timeout=timeout or 60) as response:  # noqa: S310 - user's endpoint
            return response.read()
    except urllib.error.HTTPError as exc:
        body = exc.read().decode("utf-8", "replace").strip().splitlines()
        detail = f": {body[0][:200]}" if body else ""
        raise QueryError(f"{url} answered HTTP {exc.code} {exc.reason}{detail}") from None
    except (socket.timeout, TimeoutError):
        raise QueryError(f"no answer from {url} within {timeout or 60:g} s") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, (socket.timeout, TimeoutError)):
            raise QueryError(f"no answer from {url} within {timeout or 60:g} s") from None
        raise QueryError(f"cannot reach {url}: {exc.reason}") from None
    except (ValueError, OSError) as exc:
        raise QueryError(f"cannot reach {url}: {exc}") from None


def query(endpoint: str, text: str, bindings: dict[str, Term], timeout: float | None = None) -> Result:
    """Run the query on a SPARQL 1.1 Protocol endpoint (POST, application/sparql-query)."""
    request = urllib.request.Request(
        endpoint, data=substitute(text, bindings).encode("utf-8"), method="POST",
        headers={"Content-Type": "application/sparql-query; charset=utf-8",
                 "Accept": "application/sparql-results+json, application/n-triples;q=0.9"})
    body = _request(request, endpoint, timeout)
    try:
        doc = json.loads(body)
    except ValueError:
        return _graph_result(body)
    if "boolean" in doc:
        return Result("ask", boolean=bool(doc["boolean"]))
    variables = doc["head"]["vars"]
    rows = [[from_json(b[v]) if v in b else None for v in variables] for b in doc["results"]["bindings"]]
    return Result("select", variables, rows)


def _graph_result(body: bytes) -> Result:
    import pyoxigraph as ox

    from queries.engines import converter, triple_key

    convert = converter()
    try:
        triples = [(convert(t.subject), convert(t.predicate), convert(t.object))
                   for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
    except SyntaxError as exc:
        raise QueryError(f"the endpoint's answer is neither SPARQL JSON nor N-Triples: {exc}") from None
    return Result("graph", triples=sorted(triples, key=triple_key))  # type: ignore[arg-type]


def push(store_url: str, graphs: Iterable[tuple[str, bytes]], timeout: float | None = None) -> int:
    """PUT each named graph (IRI, N-Triples bytes) to a Graph Store Protocol endpoint; returns the count."""
    count = 0
    for iri, ntriples in graphs:
        sep = "&" if "?" in store_url else "?"
        url = f"{store_url}{sep}graph={urllib.parse.quote(iri, safe='')}"
        request = urllib.request.Request(url, data=ntriples, method="PUT",
                                         headers={"Content-Type": "application/n-triples"})
        _request(request, store_url, timeout)
        count += 1
    return count
