"""Run a query on embedded Oxigraph (default) or rdflib's engine, with parameters bound as RDF terms."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pyoxigraph as ox

from graph.terms import Term, converter, from_rdflib, term_to_ox, term_to_rdflib
from queries.catalogue import QueryError
from queries.screen import check_shape

ENGINES = ("oxigraph", "rdflib")


@dataclass
class Result:
    """A query answer: SELECT rows, an ASK boolean or CONSTRUCT/DESCRIBE triples."""

    kind: str  # "select", "ask" or "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[list[Term | None]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Term, Term, Term]] = field(default_factory=list)


# an update operation after the prologue (comments, BASE and PREFIX declarations): named in the error, never run
_UPDATE = re.compile(r"(?:\s|#[^\r\n]*|BASE\s*<[^>]*>|PREFIX\s+[^\s:]*:\s*<[^>]*>)*"
                     r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)


def syntax_message(exc: SyntaxError) -> str:
    """A parser's SyntaxError as one line: `malformed SPARQL: line L, column C: what it expected`."""
    message = str(exc)
    match = re.search(r"(\d+):(\d+)", message)
    where = f"line {match.group(1)}, column {match.group(2)}: " if match else ""
    detail = re.sub(r"^error at [\d:]+(-[\d:]+)?:\s*", "", message)
    return f"malformed SPARQL: {where}{detail}"


def check_syntax(text: str) -> None:
    """Raise QueryError with line and column when the text is not SPARQL 1.1 query syntax (naming SPARQL
    Update when the text starts an update operation), and before any parser sees it when it is nested deeper
    than the parser's stack can take (queries.screen)."""
    check_shape(text)
    try:
        ox.Store().query(text)
    except SyntaxError as exc:
        update = _UPDATE.match(text)
        if update:
            raise QueryError(f"SPARQL Update is not allowed ({update.group(1).upper()}): "
                             "only SELECT, ASK, CONSTRUCT and DESCRIBE queries are answered") from None
        raise QueryError(syntax_message(exc)) from None


def query_form(text: str) -> str:
    """What the query answers, read by the parser without data: "select", "ask" or "graph" (CONSTRUCT,
    DESCRIBE). A store is asked for the one format that form takes (queries.remote)."""
    answer = ox.Store().query(text)
    if isinstance(answer, ox.QueryBoolean):
        return "ask"
    return "select" if isinstance(answer, ox.QuerySolutions) else "graph"


def triple_key(triple: tuple[Term, Term, Term]) -> tuple[str, ...]:
    """The order of result triples, the same for every engine."""
    s, p, o = triple
    return (s.kind, s.value, p.value, o.kind, o.value, o.datatype or "", o.lang or "")


def load_store(nquads: Path) -> ox.Store:
    """An in-memory Oxigraph store holding the N-Quads file."""
    store = ox.Store()
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    return store


def run_oxigraph(store: ox.Store, text: str, bindings: dict[str, Term]) -> Result:
    """Run on pyoxigraph with the default graph as the union of the named graphs."""
    subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
        ox.Variable(k): term_to_ox(v) for k, v in bindings.items()}
    answer = store.query(text, use_default_graph_as_union=True, substitutions=subs)
    if isinstance(answer, ox.QueryBoolean):
        return Result("ask", boolean=bool(answer))
    convert = converter()
    if isinstance(answer, ox.QuerySolutions):
        variables = [v.value for v in answer.variables]
        rows = [[convert(solution[v]) for v in variables] for solution in answer]
        return Result("select", variables, rows)
    triples = [(convert(t.subject), convert(t.predicate), convert(t.object)) for t in answer]
    return Result("graph", triples=sorted(triples, key=triple_key))  # type: ignore[arg-type]


def load_rdflib(nquads: Path) -> Any:
    """An rdflib Dataset (default graph = union) holding the N-Quads file."""
    from rdflib import Dataset

    dataset = Dataset(default_union=True)
    dataset.parse(str(nquads), format="nquads")
    return dataset


def run_rdflib(dataset: Any, text: str, bindings: dict[str, Term]) -> Result:
    """Run on rdflib's own SPARQL engine."""
    init = {name: term_to_rdflib(term) for name, term in bindings.items()}
    answer = dataset.query(text, initBindings=init)
    if answer.type == "ASK":
        return Result("ask", boolean=bool(answer.askAnswer))
    if answer.type == "SELECT":
        variables = [str(v) for v in answer.vars]
        rows = [[from_rdflib(row[v]) for v in variables] for row in answer]
        return Result("select", variables, rows)
    triples = [(from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in answer]
    return Result("graph", triples=sorted(triples, key=triple_key))  # type: ignore[arg-type]


def with_timeout(func: Callable[[], Result], seconds: float | None) -> Result:
    """Run func, giving up with QueryError after the given seconds (None: wait)."""
    if not seconds:
        return func()
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["result"] = func()
        except BaseException as exc:  # handed to the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise QueryError(f"query timed out after {seconds:g} s")
    if "error" in box:
        raise box["error"]
    return box["result"]
