"""The provinces file (graph/data/provinces.yaml) is generated from the `vietnam-provinces` package by
`python -m graph.imports.provinces`: it agrees with the installed package (skipped where the optional
package is not installed), the importer is deterministic, and it replaces no file it did not write."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
import yaml

from graph.imports import provinces as importer
from tests.conftest import ROOT

COMMITTED = ROOT / "graph" / "data" / "provinces.yaml"


def _committed() -> dict:
    return yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))


def test_the_committed_file_cites_the_package_for_every_unit() -> None:
    document = _committed()
    [source] = document["source"]
    assert source["type"] == "PackageDataset" and source["packageName"] == importer.PACKAGE
    areas = document["area"]
    assert areas and all(a["source"] == source["id"] for a in areas)
    assert all(a["recordCode"] == a["officialCode"] and a["officialCode"].isdigit() for a in areas)
    codes = [int(a["officialCode"]) for a in areas]
    assert codes == sorted(codes) and len(set(codes)) == len(codes)
    assert all("quote" not in a for a in areas)


@pytest.fixture(scope="module")
def package() -> object:
    return pytest.importorskip(importer.MODULE)


def test_the_committed_file_agrees_with_the_installed_package(package: object) -> None:
    document = _committed()
    [source] = document["source"]
    assert source["packageVersion"] == metadata.version(importer.PACKAGE)
    assert source["dataVersion"] == str(package.__data_version__)  # type: ignore[attr-defined]
    stated = {int(p.code): p for p in package.Province.iter_all()}  # type: ignore[attr-defined]
    recorded = {int(a["recordCode"]): a for a in document["area"]}
    assert recorded.keys() == stated.keys()
    for code, area in recorded.items():
        province = stated[code]
        assert area["label"]["vi"] == province.name
        assert area["type"] == importer.CLASSES[province.division_type.value]
        assert province.code.name == f"P_{area['officialCode']}"


def test_the_importer_check_passes_on_the_committed_file(package: object) -> None:
    done = subprocess.run([sys.executable, "-m", "graph.imports.provinces", "--check"], capture_output=True,
                          cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    assert "up to date" in done.stdout.decode()


def test_the_importer_is_deterministic_and_check_sees_a_change(package: object, tmp_path: Path) -> None:
    out = tmp_path / "provinces.yaml"
    assert importer.main(["-o", str(out)]) == 0
    first = out.read_bytes()
    assert importer.main(["-o", str(out)]) == 0
    assert out.read_bytes() == first == COMMITTED.read_bytes()
    out.write_text(first.decode().replace("Cao Bằng", "Cao Bang", 1), encoding="utf-8")
    assert importer.main(["-o", str(out), "--check"]) == 1


def test_the_importer_replaces_no_file_it_did_not_write(package: object, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "provinces.yaml"
    out.write_text("- id: hand-written\n", encoding="utf-8")
    assert importer.main(["-o", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "- id: hand-written\n"
    err = capsys.readouterr().err
    assert "refusing to replace" in err and len(err.strip().splitlines()) == 1
    assert importer.main(["-o", str(tmp_path / "no-such-folder" / "p.yaml")]) == 2
