"""The build cache: reused while nothing changes, rebuilt when the data changes (more in tests/graph/test_store.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.cache import cached_nquads
from tests.conftest import run_vdg

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/vdg/ontology#Person> }"


def test_cache_hit_then_rebuilt_on_change(mini: tuple[Path, Path], tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    data, sources = mini
    monkeypatch.setenv("VDG_CACHE_DIR", str(tmp_path / "cache"))
    first, hit = cached_nquads(data, sources)
    assert not hit and first.is_file()
    again, hit = cached_nquads(data, sources)
    assert hit and again == first
    people = data / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8").replace("Nguyen Van A", "Nguyen Van B"), encoding="utf-8")
    changed, hit = cached_nquads(data, sources)
    assert not hit and changed != first
    assert b"Nguyen Van B" in changed.read_bytes()


def test_bad_data_is_not_cached(mini: tuple[Path, Path], tmp_path: Path) -> None:
    data, sources = mini
    (data / "people.yaml").write_text("- id: Bad Id\n", encoding="utf-8")
    cache = tmp_path / "cache"
    cache.mkdir()
    proc = run_vdg("query", "-e", COUNT, "--data", str(data), "--sources", str(sources),
                   env={"VDG_CACHE_DIR": str(cache)})
    assert proc.returncode == 1 and "malformed id" in proc.stderr.decode()
    assert not list(cache.glob("*/b-*")) and not list(cache.glob("*/current"))  # no store, no pointer to one
    assert not list(cache.rglob("*.vdg-tmp"))  # no temporary file left
