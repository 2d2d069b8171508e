"""Export: every format round-trips, output is byte-identical across processes, RDF/XML loads in owlready2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from graph.build import BuildResult
from graph.export import FORMATS, RDFLIB_FORMAT, serialize
from graph.files import write_atomic
from tests.conftest import run_vdg


def _named(ds: Dataset) -> dict[str, Graph]:
    return {str(g.identifier): g for g in ds.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g)}


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_round_trip(built: BuildResult, union: Graph, fmt: str) -> None:
    data = serialize(built.quads, fmt)
    if FORMATS[fmt][1]:
        back = Dataset()
        back.parse(data=data, format=RDFLIB_FORMAT[fmt])
        original, parsed = _named(built.dataset), _named(back)
        assert sorted(parsed) == sorted(original)
        for name, graph in original.items():
            assert isomorphic(graph, parsed[name]), name
    else:
        back = Graph().parse(data=data, format=RDFLIB_FORMAT[fmt])
        assert isomorphic(union, back)


def test_jsonld_context_is_inline(built: BuildResult) -> None:
    doc = json.loads(serialize(built.quads, "jsonld"))
    assert isinstance(doc["@context"], dict)
    assert doc["@context"]["vdg"] == "https://w3id.org/vdg/ontology#"


def test_byte_identical_across_hash_seeds(tmp_path: Path) -> None:
    for fmt in FORMATS:
        outputs = []
        for seed in ("1", "4242"):
            out = tmp_path / f"{seed}.{fmt}"
            proc = run_vdg("export", "-f", fmt, "-o", str(out), env={"PYTHONHASHSEED": seed})
            assert proc.returncode == 0, proc.stderr.decode()
            outputs.append(out.read_bytes())
        assert outputs[0] == outputs[1], fmt


def test_stdout_without_output_option() -> None:
    proc = run_vdg("export", "-f", "nt")
    assert proc.returncode == 0
    lines = proc.stdout.decode().splitlines()
    assert lines == sorted(lines) and len(lines) > 1000


def test_rdfxml_loads_in_owlready2(built: BuildResult, tmp_path: Path) -> None:
    owlready2 = pytest.importorskip("owlready2")
    path = tmp_path / "vdg.rdf"
    path.write_bytes(serialize(built.quads, "xml"))
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load()
    vdg = world.get_namespace("https://w3id.org/vdg/ontology#")
    assert vdg.Ministry is not None and vdg.Agency in vdg.Ministry.ancestors()
    ministries = list(world.search(type=vdg.Ministry))
    assert any("mic" in m.iri for m in ministries)
    assert onto is not None


def test_write_atomic_leaves_nothing_on_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.ttl"
    target.write_bytes(b"old")

    def broken(_fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("graph.files.os.fsync", broken)
    with pytest.raises(OSError):
        write_atomic(target, b"new content")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl"]


def test_sweep_spares_a_live_writers_file(tmp_path: Path) -> None:
    import fcntl
    import os

    from graph.files import TMP_SUFFIX, sweep_temporary

    live, stale = tmp_path / f".a.ttl.1{TMP_SUFFIX}", tmp_path / f".b.ttl.2{TMP_SUFFIX}"
    live.write_bytes(b"being written")
    stale.write_bytes(b"left by a killed run")
    (tmp_path / "keep.vdg-tmp").write_bytes(b"not hidden: not ours")
    fd = os.open(live, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # another process's writer holds its file
        assert sweep_temporary(tmp_path) == [stale]
        assert live.exists() and not stale.exists()
    finally:
        os.close(fd)
    assert sweep_temporary(tmp_path) == [live]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.vdg-tmp"]
