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
from ontology.namespaces import XSD_IRI
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


Credentials = tuple[str, str]  # user name, password


def _opener(url: str, credentials: Credentials | None) -> urllib.request.OpenerDirector:
    """An opener that answers the store's challenge with the credentials, by HTTP Digest (Virtuoso's
    `/sparql-auth` and `/sparql-graph-crud-auth`) or Basic (Fuseki, GraphDB); none are sent unasked."""
    if credentials is None:
        return urllib.request.build_opener()
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, url, *credentials)
    return urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(passwords),
                                       urllib.request.HTTPBasicAuthHandler(passwords))


def _request(request: urllib.request.Request, url: str, timeout: float | None,
             credentials: Credentials | None = None) -> bytes:
    try:
        with _opener(url, credentials).open(request, timeout=timeout or 60) as response:
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


# what a store is asked for, by the query's form: one format each, so no store has to choose (Virtuoso 7.2
# answers a CONSTRUCT in SPARQL JSON, without language tags or datatypes, when JSON is acceptable at all)
ACCEPT = {"select": "application/sparql-results+json", "ask": "application/sparql-results+json",
          "graph": "application/n-triples"}
# Virtuoso 7.2 answers ASK in SPARQL JSON as a one-row table of this variable, 1 or 0
# (openlink/virtuoso-opensource#1016: its JSON writer for booleans was missing)
VIRTUOSO_ASK = "__ASK_RETVAL"


def query(endpoint: str, text: str, bindings: dict[str, Term], timeout: float | None = None,
          credentials: Credentials | None = None) -> Result:
    """Run the query on a SPARQL 1.1 Protocol endpoint: a POST of a URL-encoded form (Virtuoso 7.2 never
    answers a POST of application/sparql-query, openlink/virtuoso-opensource#842), asking for SPARQL JSON
    results or, for CONSTRUCT and DESCRIBE, N-Triples."""
    from queries.engines import query_form

    form = query_form(text)
    request = urllib.request.Request(
        endpoint, data=urllib.parse.urlencode({"query": substitute(text, bindings)}).encode("ascii"),
        method="POST", headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": ACCEPT[form]})
    body = _request(request, endpoint, timeout, credentials)
    if form == "graph":
        return _graph_result(body)
    try:
        doc = json.loads(body)
        if form == "ask":
            return Result("ask", boolean=_boolean(doc))
        variables = doc["head"]["vars"]
        rows = [[_canonical(from_json(b[v])) if v in b else None for v in variables]
                for b in doc["results"]["bindings"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise QueryError(f"{endpoint} did not answer in SPARQL JSON results: {exc}") from None
    return Result("select", variables, rows)


XSD_BOOLEAN = XSD_IRI + "boolean"
_BOOLEAN_FORMS = {"1": "true", "0": "false"}


def _canonical(term: Term) -> Term:
    """The term, with an xsd:boolean in its canonical form: "1" and "0" are the same values as "true" and
    "false" (XML Schema 2, 3.3.2; SPARQL's = compares booleans by value) and Virtuoso writes its booleans so."""
    if term.datatype == XSD_BOOLEAN and term.value in _BOOLEAN_FORMS:
        return term._replace(value=_BOOLEAN_FORMS[term.value])
    return term


def _boolean(doc: dict) -> bool:
    """The answer of an ASK in SPARQL JSON: `boolean`, or Virtuoso's one-row table of 1 or 0."""
    if "boolean" in doc:
        return bool(doc["boolean"])
    rows = doc["results"]["bindings"]  # true: one row of 1; false: one row of 0, or no row at all
    return bool(rows) and int(rows[0][VIRTUOSO_ASK]["value"]) != 0


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


# triples per SPARQL Update request: Virtuoso 7.2 stored the large integers of one 1,426-triple request as
# xsd:decimal, and refused 1,500 short triples ("generated SQL text has exceeded 10000 lines")
BATCH = 500


def push(store_url: str, graphs: Iterable[tuple[str, bytes]], timeout: float | None = None,
         credentials: Credentials | None = None, protocol: str = "gsp") -> int:
    """Load each named graph (IRI, N-Triples bytes) into a store, replacing a graph of the same name;
    returns the count. `gsp`: one PUT per graph through the Graph Store Protocol. `update`: SPARQL 1.1
    Update POSTed to an update endpoint (see update_requests), for stores whose Graph Store loader changes
    the data (Virtuoso's stores integers beyond 2^31 as xsd:decimal, openlink/virtuoso-opensource#607)."""
    count = 0
    for iri, ntriples in graphs:
        if protocol == "update":
            for text in update_requests(iri, ntriples):
                request = urllib.request.Request(store_url, data=text.encode("utf-8"), method="POST",
                                                 headers={"Content-Type": "application/sparql-update; charset=utf-8"})
                _request(request, store_url, timeout, credentials)
        else:
            sep = "&" if "?" in store_url else "?"
            url = f"{store_url}{sep}graph={urllib.parse.quote(iri, safe='')}"
            request = urllib.request.Request(url, data=ntriples, method="PUT",
                                             headers={"Content-Type": "application/n-triples"})
            _request(request, store_url, timeout, credentials)
        count += 1
    return count


def update_requests(iri: str, ntriples: bytes, batch: int = BATCH) -> list[str]:
    """SPARQL 1.1 Update requests that replace the graph with the N-Triples: DROP SILENT GRAPH, then
    INSERT { GRAPH <iri> { ... } } WHERE {} in batches of lines (an N-Triples line is SPARQL syntax as it
    is). Not INSERT DATA: Virtuoso refuses blank nodes there (openlink/virtuoso-opensource#126); in a
    template they are fresh per request, so every triple with a blank node goes into one request."""
    lines = ntriples.decode("utf-8").splitlines()
    blank = [line for line in lines if "_:" in _TOKEN.sub(_opaque_blank, line)]
    ground = [line for line in lines if line and "_:" not in _TOKEN.sub(_opaque_blank, line)]
    chunks = ([blank] if blank else []) + [ground[i:i + batch] for i in range(0, len(ground), batch)]
    requests = [f"DROP SILENT GRAPH <{iri}>"]
    for chunk in chunks:
        body = "\n".join(chunk)
        requests.append(f"INSERT {{ GRAPH <{iri}> {{\n{body}\n}} }} WHERE {{}}")
    requests[0] = requests[0] + (" ;\n" + requests.pop(1) if len(requests) > 1 else "")
    return requests


def _opaque_blank(match: re.Match[str]) -> str:
    """A token with strings and IRIs blanked out, so `_:` is seen only as a blank-node label."""
    token = match.group()
    return "" if token[0] in "\"'<#" else token
