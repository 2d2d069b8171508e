"""The build cache: reused while nothing changes, rebuilt when the data changes or the file is damaged."""

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


def test_query_survives_a_damaged_cache_file(mini: tuple[Path, Path], tmp_path: Path) -> None:
    data, sources = mini
    env = {"VDG_CACHE_DIR": str(tmp_path / "cache")}
    args = ("query", "-e", COUNT, "-f", "csv", "--data", str(data), "--sources", str(sources))
    proc = run_vdg(*args, env=env)
    assert proc.returncode == 0 and proc.stdout.decode().splitlines() == ["n", "1"]
    [cache_file] = (tmp_path / "cache").glob("*.nq")
    cache_file.write_bytes(cache_file.read_bytes()[:200])
    proc = run_vdg(*args, env=env)
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode().splitlines() == ["n", "1"]
    assert "rebuilding" in proc.stderr.decode()


def test_bad_data_is_not_cached(mini: tuple[Path, Path], tmp_path: Path) -> None:
    data, sources = mini
    (data / "people.yaml").write_text("- id: Bad Id\n", encoding="utf-8")
    cache = tmp_path / "cache"
    cache.mkdir()
    proc = run_vdg("query", "-e", COUNT, "--data", str(data), "--sources", str(sources),
                   env={"VDG_CACHE_DIR": str(cache)})
    assert proc.returncode == 1 and "malformed id" in proc.stderr.decode()
    assert sorted(p.name for p in cache.iterdir()) == []  # no cache file, no temporary file left
