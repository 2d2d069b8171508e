"""Questions rewritten for linear-time plans (MINUS and counts instead of NOT EXISTS) still find
what they look for when it is there."""

from __future__ import annotations

from pathlib import Path

import pytest

from queries.catalogue import load_catalogue
from queries.engines import Result, load_rdflib, load_store, run_oxigraph, run_rdflib

ID = "https://w3id.org/vdg/id/"
VDG = "https://w3id.org/vdg/ontology#"
PROV = "http://www.w3.org/ns/prov#"
SOURCE, OTHER = "https://w3id.org/vdg/graph/article-004", "https://w3id.org/vdg/graph/article-000"

# three faulty individuals added to the article graph, each lacking one part of its evidence
FAULTS = f"""
<{ID}agency/no-evidence> <http://www.w3.org/2000/01/rdf-schema#label> "Không nguồn"@vi <{SOURCE}> .
<{ID}agency/no-quote> <{PROV}wasDerivedFrom> <{ID}source/article-004> <{SOURCE}> .
<{ID}agency/split> <{PROV}wasDerivedFrom> <{ID}source/article-004> <{SOURCE}> .
<{ID}agency/split> <{VDG}quote> "x" <{OTHER}> .
"""
EXPECTED = [
    [f"{ID}agency/no-evidence", "no prov:wasDerivedFrom"],
    [f"{ID}agency/no-quote", "no vdg:quote"],
    [f"{ID}agency/split", "source and quote not together in the source's named graph"],
]


@pytest.fixture(scope="module")
def faulty(nquads: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("faulty") / "faulty.nq"
    path.write_bytes(nquads.read_bytes() + FAULTS.encode("utf-8"))
    return path


def _rows(result: Result) -> list[list[str]]:
    return [[term.value for term in row] for row in result.rows]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_unsourced_nodes_names_each_missing_part(faulty: Path, engine: str) -> None:
    query = load_catalogue()["unsourced-nodes"]
    if engine == "oxigraph":
        result = run_oxigraph(load_store(faulty), query.text, query.bindings())
    else:
        result = run_rdflib(load_rdflib(faulty), query.text, query.bindings())
    assert _rows(result) == EXPECTED


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_graph_sourced_is_false_with_a_fault(faulty: Path, nquads: Path, engine: str) -> None:
    query = load_catalogue()["graph-sourced"]
    run, load = (run_oxigraph, load_store) if engine == "oxigraph" else (run_rdflib, load_rdflib)
    assert run(load(nquads), query.text, query.bindings()).boolean is True
    assert run(load(faulty), query.text, query.bindings()).boolean is False
