"""The synthetic generator: deterministic from its seed, valid for the builder, about the size asked."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.build import SLUG, build
from graph.bench.synthetic import PROVINCES, generate, parse_size, write


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_same_files_other_seed_differs(tmp_path: Path) -> None:
    write(tmp_path / "a", 3000, seed=7)
    write(tmp_path / "b", 3000, seed=7)
    write(tmp_path / "c", 3000, seed=8)
    a, b, c = (_files(tmp_path / x) for x in "abc")
    assert a == b
    assert a != c


# the fixed skeleton (the ontology, 63 provinces, 18 ministries, with their aligned types) is ~2,500 triples
@pytest.mark.parametrize("target", [3000, 10_000])
def test_passes_builder_validation_at_about_the_size(tmp_path: Path, target: int) -> None:
    data, sources = write(tmp_path, target, seed=1)
    result = build(data, sources)
    assert abs(len(result.quads) - target) <= 0.25 * target
    assert result.quotes_checked == result.records - result.counts["source"]  # every quote was checked
    assert len(list(sources.glob("*.txt"))) == result.counts["source"] >= 1


def test_same_seed_same_graph(tmp_path: Path) -> None:
    from graph.export import serialize

    graphs = [serialize(build(*write(tmp_path / str(i), 2000, seed=3)).quads, "nq") for i in range(2)]
    assert graphs[0] == graphs[1]


def test_shape() -> None:
    records, sources, texts = generate(5000, seed=2)
    provinces = [r for r in records["area"] if r.get("type") == "Region"]
    assert len(PROVINCES) == len(provinces) == 63
    committees = [r for r in records["agency"] if r["id"].endswith("-peoples-committee")]
    assert len(committees) == 63 and all(r["subOrganizationOf"] == "government" for r in committees)
    assert sum(r.get("type") == "Ministry" for r in records["agency"]) >= 18
    for kind in ("post", "person", "holding", "policy", "legal", "status", "indicator", "observation"):
        assert records[kind], kind
    for recs in records.values():
        for r in recs:
            assert SLUG.match(r["id"]), r["id"]
            assert r["source"] and r["quote"]
    quotes = "".join(texts.values())
    assert all(r["quote"] in quotes for recs in records.values() for r in recs)


def test_parse_size() -> None:
    assert [parse_size(s) for s in ("10k", "100K", "1M", "2500", "1.5k")] == [10_000, 100_000, 1_000_000, 2500, 1500]
    with pytest.raises(ValueError):
        parse_size("lots")
