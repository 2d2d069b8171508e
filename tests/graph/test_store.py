"""The built dataset as a persistent Oxigraph store: reused while nothing changes, rebuilt incrementally
(the same bytes as a full build), switched atomically, safe for readers during a build and after a crash."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.build import build
from graph.cache import current_folder, open_built, slot
from graph.export import serialize
from tests.conftest import ROOT, run_vdg

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/vdg/ontology#Person> }"
LABEL = ("SELECT ?l WHERE { <https://w3id.org/vdg/id/person/nguyen-van-a> "
         "<http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(lang(?l) = 'en') }")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("VDG_CACHE_DIR", str(folder))
    return folder


def _answer(store: ox.Store, query: str = LABEL) -> list[str]:
    return sorted(str(s[0].value) for s in store.query(query, use_default_graph_as_union=True))


def _rename(data: Path, new: str) -> None:
    people = data / "people.yaml"
    text = people.read_text(encoding="utf-8")
    people.write_text(re.sub(r'en: "[^"]*"', f'en: "{new}"', text), encoding="utf-8")


def _lines(blob: bytes) -> list[bytes]:
    return sorted(line for line in blob.splitlines() if line and not line.startswith(b"#"))


def test_unchanged_inputs_reuse_the_store_without_hashing(mini: tuple[Path, Path], cache: Path) -> None:
    data, sources = mini
    first = open_built(data, sources)
    assert not first.hit and _answer(first.store()) == ["Nguyen Van A"]
    first.release()
    again = open_built(data, sources)
    assert again.hit and again.folder == first.folder
    again.release()
    os.utime(data / "people.yaml")  # touched, same bytes: hashed once, still the same build
    touched = open_built(data, sources)
    assert touched.hit and touched.folder == first.folder
    touched.release()


def test_incremental_build_is_byte_identical_to_a_full_build(mini: tuple[Path, Path], cache: Path,
                                                            tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data, sources = mini
    open_built(data, sources).release()
    _rename(data, "Nguyen Van B")
    said: list[str] = []
    changed = open_built(data, sources, report=said.append)
    assert not changed.hit and "1 of 15 records built" in said[0] and "store updated" in said[0], said
    assert _answer(changed.store()) == ["Nguyen Van B"]
    # the N-Quads of the incremental build are those of the builder's full build, byte for byte
    full = serialize(build(data, sources).quads, "nq")
    assert _lines(changed.nquads().read_bytes()) == _lines(full)
    # and its store holds what a store built from nothing holds
    monkeypatch.setenv("VDG_CACHE_DIR", str(tmp_path / "other-cache"))
    scratch = open_built(data, sources)
    assert "updated" not in str(scratch.manifest) and not scratch.hit
    dump = ox.RdfFormat.N_QUADS
    assert _lines(changed.store().dump(format=dump)) == _lines(scratch.store().dump(format=dump))
    assert changed.manifest["quads"] == scratch.manifest["quads"] == len(_lines(full))


def test_a_record_whose_dependency_changed_is_built_again(mini: tuple[Path, Path], cache: Path) -> None:
    data, sources = mini
    open_built(data, sources).release()
    agencies = data / "agencies.yaml"  # the ministry posts.yaml refers to becomes another kind of agency
    agencies.write_text(agencies.read_text(encoding="utf-8").replace("type: Ministry", "type: GovernmentBody"),
                        encoding="utf-8")
    said: list[str] = []
    changed = open_built(data, sources, report=said.append)
    built = int(said[0].split(" of ")[0].split()[-1])
    assert built >= 2, said  # the ministry and at least the post that refers to it
    full = serialize(build(data, sources).quads, "nq")
    assert _lines(changed.nquads().read_bytes()) == _lines(full)


def test_a_change_in_one_file_reruns_the_checks_of_the_others(mini: tuple[Path, Path], cache: Path) -> None:
    data, sources = mini
    env = {"VDG_CACHE_DIR": str(cache)}
    args = ("query", "-e", COUNT, "-f", "csv", "--data", str(data), "--sources", str(sources))
    assert run_vdg(*args, env=env).returncode == 0
    agencies = data / "agencies.yaml"  # remove the ministry that posts.yaml (unchanged) refers to
    text = agencies.read_text(encoding="utf-8")
    agencies.write_text(text[:text.index("- id: test-ministry")], encoding="utf-8")
    proc = run_vdg(*args, env=env)
    expected = run_vdg("build", "--data", str(data), "--sources", str(sources))
    assert proc.returncode == expected.returncode == 1
    assert proc.stderr.decode().strip() == expected.stderr.decode().strip().splitlines()[-1]
    assert "posts.yaml" in proc.stderr.decode() and "test-ministry" in proc.stderr.decode()
    assert len(proc.stderr.decode().strip().splitlines()) == 1 and b"Traceback" not in proc.stderr


def test_bad_input_leaves_the_store_in_use(mini: tuple[Path, Path], cache: Path) -> None:
    data, sources = mini
    env = {"VDG_CACHE_DIR": str(cache)}
    args = ("query", "-e", COUNT, "-f", "csv", "--data", str(data), "--sources", str(sources))
    assert run_vdg(*args, env=env).stdout.decode().splitlines() == ["n", "1"]
    where = slot(data, sources, True)
    before = current_folder(where)
    (data / "people.yaml").write_text("- id: Bad Id\n", encoding="utf-8")
    proc = run_vdg(*args, env=env)
    assert proc.returncode == 1 and "malformed id" in proc.stderr.decode() and "people.yaml" in proc.stderr.decode()
    assert len(proc.stderr.decode().strip().splitlines()) == 1 and not proc.stdout
    assert current_folder(where) == before and before is not None
    assert sorted(p.name for p in where.glob("b-*")) == [before.name]  # no half-built folder left
    assert not list(where.rglob("*.vdg-tmp"))
    assert _answer(ox.Store.read_only(str(before / "store")), COUNT) == ["1"]


def _queried_once(mini: tuple[Path, Path], cache: Path) -> tuple[tuple[str, ...], dict[str, str], Path]:
    """The arguments and environment of a `vdg query` on the mini data set, run once, and the store folder it made."""
    data, sources = mini
    env = {"VDG_CACHE_DIR": str(cache)}
    args = ("query", "-e", LABEL, "-f", "csv", "--data", str(data), "--sources", str(sources))
    assert run_vdg(*args, env=env).returncode == 0
    folder = current_folder(slot(data, sources, True))
    assert folder is not None
    return args, env, folder


@pytest.mark.parametrize("damage", ["garbage", "missing", "other format"])
def test_a_corrupt_or_missing_manifest_means_rebuild(mini: tuple[Path, Path], cache: Path, damage: str) -> None:
    args, env, folder = _queried_once(mini, cache)
    manifest = folder / "manifest.json"
    if damage == "garbage":
        manifest.write_bytes(b"{not json")
    elif damage == "missing":
        manifest.unlink()
    else:
        manifest.write_text(json.dumps({**json.loads(manifest.read_text()), "format": "0"}))
    proc = run_vdg(*args, env=env)
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode().splitlines() == ["l", "Nguyen Van A"]
    assert "built the graph" in proc.stderr.decode()
    assert current_folder(slot(*mini, True)) != folder


def test_a_damaged_store_is_rebuilt(mini: tuple[Path, Path], cache: Path) -> None:
    args, env, folder = _queried_once(mini, cache)
    (folder / "store" / "CURRENT").unlink()  # RocksDB cannot open it any more
    proc = run_vdg(*args, env=env)
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode().splitlines() == ["l", "Nguyen Van A"]
    assert "rebuilding" in proc.stderr.decode() and b"Traceback" not in proc.stderr


def test_a_reader_keeps_its_store_through_a_build(mini: tuple[Path, Path], cache: Path) -> None:
    data, sources = mini
    reader = open_built(data, sources)  # holds its folder while it lives, as `vdg serve` does
    store = reader.store()
    _rename(data, "Nguyen Van B")
    env = {"VDG_CACHE_DIR": str(cache)}
    builder = subprocess.Popen([sys.executable, "-m", "graph.cli", "query", "-e", LABEL, "-f", "csv", "--data",
                                str(data), "--sources", str(sources)], cwd=ROOT, env={**os.environ, **env},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    answers = []
    while builder.poll() is None:  # the old store answers all along the build
        answers.append(_answer(store))
        time.sleep(0.01)
    out, err = builder.communicate()
    assert builder.returncode == 0, err.decode()
    assert out.decode().splitlines() == ["l", "Nguyen Van B"]
    assert answers and all(a == ["Nguyen Van A"] for a in answers)
    where = slot(data, sources, True)
    assert current_folder(where) != reader.folder
    assert reader.folder.is_dir() and _answer(store) == ["Nguyen Van A"]  # not swept: a reader holds it
    del store
    reader.release()
    _rename(data, "Nguyen Van C")  # the next build sweeps the folder nobody holds now
    latest = open_built(data, sources)
    assert not latest.hit and _answer(latest.store()) == ["Nguyen Van C"]
    assert not reader.folder.exists() and sorted(p.name for p in where.glob("b-*")) == [latest.folder.name]


def test_a_build_killed_half_way_leaves_the_old_store_in_use(mini: tuple[Path, Path], cache: Path) -> None:
    data, sources = mini
    first = open_built(data, sources)
    first.release()
    where = slot(data, sources, True)
    _rename(data, "Nguyen Van B")
    proc = subprocess.Popen([sys.executable, "-m", "graph.cli", "query", "-e", LABEL, "--data", str(data),
                             "--sources", str(sources)], cwd=ROOT, env={**os.environ, "VDG_CACHE_DIR": str(cache)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    partial: list[Path] = []
    deadline = time.monotonic() + 120
    while not partial and proc.poll() is None and time.monotonic() < deadline:
        partial = [p for p in where.glob("b-*") if p != first.folder]
        time.sleep(0.002)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert partial, "the build ended before it could be killed"
    assert not (partial[0] / "manifest.json").exists()  # killed before it was whole
    assert current_folder(where) == first.folder
    assert _answer(ox.Store.read_only(str(first.folder / "store"))) == ["Nguyen Van A"]
    after = open_built(data, sources)  # the next build finishes and sweeps the partial folder
    assert _answer(after.store()) == ["Nguyen Van B"]
    assert not partial[0].exists() and not first.folder.exists()
