"""The catalogue: well-formed headers, ordered answers, the same on every engine and on a real server."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from queries.catalogue import QueryError, load_catalogue
from queries.engines import Result, check_syntax, load_rdflib, load_store, run_oxigraph, run_rdflib
from queries.results import render, to_json
from queries.runner import answer
from tests.conftest import ROOT, run_vdg

CATALOGUE = load_catalogue()
GOLDEN = ROOT / "tests" / "golden" / "queries"


def test_catalogue_is_large_and_documented() -> None:
    assert len(CATALOGUE) >= 20
    for name, query in CATALOGUE.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name)
        assert query.summary.get("en") and query.summary.get("vi"), name
        assert query.returns and query.tags, name
        check_syntax(query.text)
        body = [line for line in query.text.splitlines() if line.strip() and not line.lstrip().startswith(("#", "PREFIX"))]
        if body[0].lstrip().upper().startswith("SELECT"):
            assert re.search(r"ORDER\s+BY", query.text, re.IGNORECASE), name
        for prefix in re.findall(r"\b([a-z][a-z0-9-]*):[A-Za-z_]", re.sub(r"<[^>]*>|\"[^\"]*\"|#.*", "", query.text)):
            assert re.search(rf"PREFIX\s+{prefix}:", query.text), f"{name}: prefix {prefix} undeclared"


@pytest.fixture(scope="module")
def engines(nquads: Path) -> tuple[object, object]:
    return load_store(nquads), load_rdflib(nquads)


def _canon(result: Result) -> object:
    return json.loads(json.dumps(to_json(result) if result.kind != "graph" else render(result, "table")))


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_answer_matches_golden_and_both_engines_agree(name: str, engines: tuple[object, object]) -> None:
    query = CATALOGUE[name]
    store, dataset = engines
    bindings = query.bindings()
    ox_result = run_oxigraph(store, query.text, bindings)
    rdflib_result = run_rdflib(dataset, query.text, bindings)
    assert _canon(ox_result) == _canon(rdflib_result)
    golden = GOLDEN / f"{name}.json"
    assert golden.exists(), f"no golden answer {golden}; write it with tests/golden/update.py"
    assert _canon(ox_result) == json.loads(golden.read_text(encoding="utf-8"))
    if ox_result.kind == "select" and "empty-when-clean" not in query.tags:
        assert ox_result.rows, f"{name} answers nothing on the article graph"


def test_remote_answers_equal_local(nquads: Path, oxigraph_server: str, engines: tuple[object, object]) -> None:
    proc = run_vdg("push", "--endpoint", f"{oxigraph_server}/store")
    assert proc.returncode == 0, proc.stderr.decode()
    store, _ = engines
    for name, query in CATALOGUE.items():
        remote = answer(query, {}, endpoint=f"{oxigraph_server}/query", timeout=30)
        local = run_oxigraph(store, query.text, query.bindings())
        assert _canon(remote) == _canon(local), name
    proc = run_vdg("query", "agencies", "--endpoint", f"{oxigraph_server}/query", "-f", "csv")
    assert proc.returncode == 0 and "mic" in proc.stdout.decode()


def test_params_are_bound_as_terms_not_text(engines: tuple[object, object]) -> None:
    store, _ = engines
    query = next(q for q in CATALOGUE.values() if any(p.type == "iri" for p in q.params.values()))
    param = next(p for p in query.params.values() if p.type == "iri")
    with pytest.raises(QueryError, match="not a valid IRI"):
        query.bindings({param.name: "x> } ; DROP ALL ; #"})
    with pytest.raises(QueryError, match="has no parameter 'nope'"):
        query.bindings({"nope": "1"})


def test_readme_catalogue_table_is_in_step() -> None:
    from queries.catalogue import catalogue_table

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start, end = "<!-- catalogue:start -->\n", "<!-- catalogue:end -->"
    table = readme[readme.index(start) + len(start): readme.index(end)]
    assert table == catalogue_table(CATALOGUE), "regenerate it: vdg queries --format md"


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_store_side_substitution_equals_engine_binding(name: str, engines: tuple[object, object]) -> None:
    """What is sent to a store (terms written into the text) answers like the embedded engine's bindings,
    with hostile parameter values too."""
    from queries.remote import substitute

    store, _ = engines
    query = CATALOGUE[name]
    hostile = {p.name: 'a"b\\c } DROP ALL # \'x' for p in query.params.values() if p.type == "string"}
    for given in ({}, hostile):
        bindings = query.bindings(given)
        expected = _canon(run_oxigraph(store, query.text, bindings))
        assert _canon(run_oxigraph(store, substitute(query.text, bindings), {})) == expected
