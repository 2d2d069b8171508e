"""RDF -> networkx projection and GraphML/GEXF export."""

from __future__ import annotations

import io
from typing import Any

import networkx as nx
from rdflib import RDF, URIRef

from viz.network import to_gexf, to_graphml
from viz.projection import ONTOLOGY_GRAPH, project

MIC = "https://w3id.org/vdg/id/agency/mic"


def test_every_individual_is_a_node(built: Any, projection: Any) -> None:
    typed = {str(s) for g in built.dataset.graphs() if g.identifier != ONTOLOGY_GRAPH
             for s in g.subjects(RDF.type, None) if isinstance(s, URIRef)}
    assert set(projection.graph.nodes) == typed
    assert not any("/ontology#" in n for n in projection.graph.nodes)


def test_node_attributes(projection: Any) -> None:
    mic = projection.graph.nodes[MIC]
    assert (mic["cls"], mic["group"], mic["label_vi"]) == ("Ministry", "Agency", "Bộ Thông tin và Truyền thông")
    assert mic["label_en"] == "Ministry of Information and Communications"
    assert mic["sources"] and all(s[3] for s in mic["sources"])
    groups = {a["group"] for _, a in projection.graph.nodes(data=True)}
    assert {"Agency", "Observation", "Indicator", "Person"} <= groups
    obs = [a for _, a in projection.graph.nodes(data=True) if a["group"] == "Observation"]
    assert len(obs) >= 35 and all(a["small"] for a in obs)
    edge_labels = {(k, d["label_en"]) for _, _, k, d in projection.graph.edges(keys=True, data=True)}
    assert ("managesSector", "manages sector") in edge_labels
    # a node is drawn by its vdg class, not by the aligned external classes asserted beside it;
    # sectors are their own group (and legend entry), not agencies
    sectors = {n: a for n, a in projection.graph.nodes(data=True) if "/id/sector/" in n}
    assert len(sectors) >= 8 and {(a["cls"], a["group"]) for a in sectors.values()} == {("Sector", "Sector")}
    assert all(a["cls"] != "Sector" for n, a in projection.graph.nodes(data=True) if a["group"] == "Agency")


def test_focus_and_classes(built: Any, projection: Any) -> None:
    near = project(built.dataset, focus="mic", depth=1).graph
    assert set(near) == {MIC} | set(projection.graph.to_undirected(as_view=True)[MIC])
    agencies = project(built.dataset, classes=["Agency"]).graph
    assert agencies and all(a["group"] == "Agency" for _, a in agencies.nodes(data=True))


def test_graphml_round_trip(built: Any, projection: Any) -> None:
    data = to_graphml(built.dataset)
    assert data == to_graphml(built.dataset)
    g = nx.read_graphml(io.BytesIO(data))
    assert g.number_of_nodes() == projection.graph.number_of_nodes()
    assert g.number_of_edges() == projection.graph.number_of_edges()
    a = g.nodes[MIC]
    assert a["cls"] == "Ministry" and a["label_vi"] == "Bộ Thông tin và Truyền thông" and a["size"] > 10
    assert isinstance(a["importance"], float)


def test_gexf_round_trip(built: Any, projection: Any) -> None:
    data = to_gexf(built.dataset)
    assert data == to_gexf(built.dataset) and b"lastmodifieddate" not in data
    g = nx.read_gexf(io.BytesIO(data))
    assert g.number_of_nodes() == projection.graph.number_of_nodes()
    assert g.nodes[MIC]["group"] == "Agency" and g.nodes[MIC]["label_en"].startswith("Ministry")


def test_export_command_writes_graphml(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import run_vdg

    out = tmp_path / "vdg.graphml"
    proc = run_vdg("export", "-f", "graphml", "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    g = nx.read_graphml(out)
    assert g.number_of_nodes() > 100
    mic = g.nodes["https://w3id.org/vdg/id/agency/mic"]
    assert mic["label_vi"] == "Bộ Thông tin và Truyền thông" and mic["cls"] == "Ministry"
