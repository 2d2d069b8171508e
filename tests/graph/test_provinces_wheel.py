"""An older release of `vietnam-provinces` is read straight from its wheel (`python -m graph.imports.provinces
--wheel WHEEL`), never installed beside the current one: graph/data/provinces-0.6.0.yaml agrees with the
0.6.0 wheel (downloaded with pip, or named by $VDG_PROVINCES_WHEEL; skipped where neither is possible), and
the reader's faults are one line each with the documented exit code (on small wheels made here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from graph.imports import provinces as importer
from graph.imports.wheel import read_release
from tests.conftest import ROOT

COMMITTED = ROOT / "graph" / "data" / "provinces-0.6.0.yaml"
CURRENT = ROOT / "graph" / "data" / "provinces.yaml"
VERSION = "0.6.0"


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 0.6.0 wheel: $VDG_PROVINCES_WHEEL, else `pip download` (PyPI); skip when neither gives it."""
    named = os.environ.get("VDG_PROVINCES_WHEEL")
    if named and Path(named).is_file():
        return Path(named)
    folder = tmp_path_factory.mktemp("wheel")
    try:
        done = subprocess.run([sys.executable, "-m", "pip", "download", f"vietnam-provinces=={VERSION}", "--no-deps",
                               "--only-binary", ":all:", "-d", str(folder), "-q"], capture_output=True, timeout=180)
    except (OSError, subprocess.TimeoutExpired):
        pytest.skip("pip could not run to download the vietnam-provinces 0.6.0 wheel")
    found = sorted(folder.glob("vietnam_provinces-*.whl"))
    if done.returncode != 0 or not found:
        pytest.skip(f"the vietnam-provinces {VERSION} wheel could not be downloaded: {done.stderr.decode()[-200:]}")
    return found[0]


def _committed() -> dict:
    return yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))


def test_the_63_units_before_july_2025_cite_their_own_dataset() -> None:
    document = _committed()
    [source] = document["source"]
    assert source["type"] == "PackageDataset" and source["packageVersion"] == VERSION
    assert source["id"] == "package-vietnam-provinces-0-6-0" != importer.SOURCE_ID
    areas = document["area"]
    assert len(areas) == 63 and all(a["source"] == source["id"] and a["recordCode"] == a["officialCode"] for a in areas)
    current = {a["id"] for a in yaml.safe_load(CURRENT.read_text(encoding="utf-8"))["area"]}
    assert not current & {a["id"] for a in areas}, "an id of the 63 is also one of the 34"


def test_the_committed_file_agrees_with_the_wheel(wheel: Path) -> None:
    release = read_release(wheel)
    assert release.version == VERSION
    stated = {u.code: u for u in release.units}
    recorded = {a["recordCode"]: a for a in _committed()["area"]}
    assert recorded.keys() == stated.keys()
    for code, area in recorded.items():
        assert area["label"]["vi"] == stated[code].name
        assert area["type"] == importer.CLASSES[stated[code].division_type]
    done = subprocess.run([sys.executable, "-m", "graph.imports.provinces", "--wheel", str(wheel), "--check"],
                          capture_output=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    assert "up to date" in done.stdout.decode()


def _fake_wheel(path: Path, name: str = "vietnam-provinces", data: object | None = None,
                init: str = "__data_version__ = '2030-01-02'\n", skip: str = "") -> Path:
    """A small wheel of the layout the reader knows (or, with `skip`, without one of its files)."""
    units = [{"name": "Tỉnh Thử", "code": 7, "division_type": "tỉnh", "codename": "tinh_thu", "districts": []},
             {"name": "Thành phố Thử", "code": 1, "division_type": "thành phố trung ương", "codename": "thanh_pho_thu"}]
    files = {"vietnam_provinces-9.9.9.dist-info/METADATA": f"Metadata-Version: 2.3\nName: {name}\nVersion: 9.9.9\n"
                                                           "Summary: Test units.\n\nBody.\n",
             "vietnam_provinces/__init__.py": init,
             "vietnam_provinces/data/nested-divisions.json": json.dumps(units if data is None else data)}
    with zipfile.ZipFile(path, "w") as archive:
        for member, text in files.items():
            if member != skip:
                archive.writestr(member, text)
    return path


def test_a_wheel_becomes_its_own_dataset_deterministically(tmp_path: Path) -> None:
    wheel, out = _fake_wheel(tmp_path / "v.whl"), tmp_path / "units.yaml"
    assert importer.main(["--wheel", str(wheel), "-o", str(out)]) == 0
    first = out.read_bytes()
    assert importer.main(["--wheel", str(wheel), "-o", str(out)]) == 0 and out.read_bytes() == first
    document = yaml.safe_load(first)
    [source] = document["source"]
    assert (source["id"], source["packageVersion"], source["dataVersion"]) == (
        "package-vietnam-provinces-9-9-9", "9.9.9", "2030-01-02")
    assert [(a["id"], a["type"], a["officialCode"]) for a in document["area"]] == [
        ("province-thanh-pho-thu", "CentralCity", "1"), ("province-tinh-thu", "Province", "7")]
    assert importer.main(["--wheel", str(wheel), "-o", str(out), "--check"]) == 0
    out.write_text(first.decode().replace("Tỉnh Thử", "Tinh Thu"), encoding="utf-8")
    assert importer.main(["--wheel", str(wheel), "-o", str(out), "--check"]) == 1


@pytest.mark.parametrize("fault, code, words", [
    ("missing", 2, "no such file"),
    ("not-a-zip", 2, "not a wheel"),
    ("no-data", 1, "no vietnam_provinces/data/nested-divisions.json"),
    ("other-package", 1, "not of vietnam-provinces"),
    ("no-data-version", 1, "no __data_version__"),
    ("unit-without-code", 1, "positive integer code"),
    ("unknown-division", 1, "unknown division type"),
    ("code-twice", 1, "gives a code twice"),
])
def test_a_bad_wheel_is_one_line_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    fault: str, code: int, words: str) -> None:
    wheel = tmp_path / "v.whl"
    if fault == "not-a-zip":
        wheel.write_text("hello", encoding="utf-8")
    elif fault == "no-data":
        _fake_wheel(wheel, skip="vietnam_provinces/data/nested-divisions.json")
    elif fault == "other-package":
        _fake_wheel(wheel, name="other-units")
    elif fault == "no-data-version":
        _fake_wheel(wheel, init="VERSION = '1'\n")
    elif fault == "unit-without-code":
        _fake_wheel(wheel, data=[{"name": "Tỉnh Thử", "division_type": "tỉnh", "codename": "tinh_thu"}])
    elif fault == "unknown-division":
        _fake_wheel(wheel, data=[{"name": "Huyện Thử", "code": 3, "division_type": "huyện", "codename": "huyen_thu"}])
    elif fault == "code-twice":
        unit = {"name": "Tỉnh Thử", "code": 3, "division_type": "tỉnh", "codename": "tinh_thu"}
        _fake_wheel(wheel, data=[unit, dict(unit, codename="tinh_thu_2")])
    out = tmp_path / "units.yaml"
    assert importer.main(["--wheel", str(wheel), "-o", str(out)]) == code
    err = capsys.readouterr().err
    assert words in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not out.exists()
