"""HermiT over the article graph: consistent, and the inferences a user wants; the main job end to end."""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, Graph

from ontology import ID, VDG
from ontology.reasoner import reason
from tests.conftest import run_vdg


def test_article_graph_is_consistent_and_membership_is_inferred(union: Graph) -> None:
    result = reason(union)
    assert result.consistent, result.explanation
    hung, thuong = ID["person/nguyen-manh-hung"], ID["person/vo-van-thuong"]
    assert (hung, VDG.memberOf, ID["agency/mic"]) in result.inferred
    assert (hung, VDG.memberOf, ID["agency/central-propaganda-department"]) in result.inferred
    assert (thuong, VDG.memberOf, ID["agency/politburo"]) in result.inferred
    assert (thuong, RDF.type, VDG.PartyOfficial) in result.inferred
    assert (ID["person/nguyen-xuan-phuc"], RDF.type, VDG.Official) in result.inferred
    # nothing is inferred about who sits in a body the sources never put them in
    assert (ID["person/nguyen-xuan-phuc"], VDG.memberOf, ID["agency/politburo"]) not in result.inferred


def test_main_job_writes_turtle_with_sources_and_inferences(tmp_path: Path) -> None:
    proc = run_vdg("run", "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr.decode()
    assert "HermiT: consistent" in proc.stderr.decode()
    assert "Observation" in proc.stdout.decode()
    g = Graph().parse(tmp_path / "vdg.ttl")
    assert (ID["person/nguyen-manh-hung"], VDG.memberOf, ID["agency/mic"]) in g
    assert len(set(g.subjects(VDG.quote, None))) >= 150
    assert (tmp_path / "vdg.trig").stat().st_size > 0
