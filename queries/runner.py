"""Answer a question: bind its parameters, check its syntax, run it on the chosen engine or endpoint."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pyoxigraph as ox

from queries.catalogue import Query, QueryError, load_catalogue
from queries.engines import ENGINES, Result, check_syntax, load_rdflib, load_store, run_oxigraph, run_rdflib, with_timeout


def parse_params(pairs: list[str]) -> dict[str, str]:
    """`key=value` strings from the command line as a dict."""
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise QueryError(f"--param takes key=value, got {pair!r}")
        params[key] = value
    return params


def answer(query: Query, params: dict[str, str], *, nquads: Path | None = None, store: ox.Store | None = None,
           engine: str = "oxigraph", endpoint: str | None = None, timeout: float | None = None) -> Result:
    """The query's result, from an Oxigraph store or the dataset file (N-Quads) on a local engine, or from a
    remote endpoint."""
    bindings = query.bindings(params)
    check_syntax(query.text)
    if endpoint:
        from queries import remote

        return remote.query(endpoint, query.text, bindings, timeout)
    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r}; one of {', '.join(ENGINES)}")
    if engine == "oxigraph" and store is not None:
        return with_timeout(lambda: run_oxigraph(store, query.text, bindings), timeout)
    if nquads is None:
        raise QueryError("no dataset to query")
    if engine == "rdflib":
        dataset = load_rdflib(nquads)
        return with_timeout(lambda: run_rdflib(dataset, query.text, bindings), timeout)
    loaded = load_store(nquads)
    return with_timeout(lambda: run_oxigraph(loaded, query.text, bindings), timeout)


def showcase(store: ox.Store) -> str:
    """The answers of the catalogue questions tagged `showcase`, as text tables under their summaries."""
    from queries.results import render

    parts = []
    for name, query in load_catalogue().items():
        if "showcase" in query.tags:
            parts.append("\n" + textwrap.fill(f"== {name}: {query.summary.get('en', '')}", 100) + "\n")
            bindings = query.bindings()
            parts.append(render(run_oxigraph(store, query.text, bindings), "table", hidden=bindings))
    return "".join(parts)
