"""HermiT over the article graph: consistent, and the inferences a user wants; the main job end to end."""

from __future__ import annotations

import json
import re
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


def _display_width(line: str) -> int:
    import unicodedata

    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def test_main_job_reads_in_100_columns_and_counts_alike(tmp_path: Path) -> None:
    """`vdg run` prints a summary first, fits 100 columns, shows labels rather than IRIs, and reports the same
    number of inferred facts as `vdg reason` and `vdg check`."""
    run = run_vdg("run", "--out", str(tmp_path))
    assert run.returncode == 0, run.stderr.decode()
    out = run.stdout.decode()
    assert out.startswith("VDG knowledge graph: ")
    assert max(_display_width(line) for line in out.splitlines()) <= 100
    assert "@en" not in out and "@vi" not in out and "id:" not in out and "https://w3id.org" not in out
    assert "sources' own gaps and tensions" in out
    inferred = int(re.search(r"(\d+) facts inferred", out).group(1))
    reasoned = run_vdg("reason")
    assert reasoned.returncode == 0 and len(reasoned.stdout.decode().splitlines()) == inferred
    checked = run_vdg("check", "-f", "json")
    assert json.loads(checked.stdout)["reasoner"]["inferred"] == inferred > 0


def test_main_job_without_the_reasoner(tmp_path: Path) -> None:
    run = run_vdg("run", "--out", str(tmp_path), "--no-reason")
    assert run.returncode == 0, run.stderr.decode()
    assert "reasoner: skipped" in run.stdout.decode() and "HermiT" not in run.stderr.decode()
    assert (ID["person/nguyen-manh-hung"], VDG.memberOf, ID["agency/mic"]) not in Graph().parse(tmp_path / "vdg.ttl")
