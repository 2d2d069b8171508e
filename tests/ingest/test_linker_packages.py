"""The linker reads a package's newest release: the records of an older release are history."""

from __future__ import annotations

from pathlib import Path

from graph.ingest.linker import load_gazetteer

PACKAGE = """source:
- id: pkg-{v}
  type: PackageDataset
  label: {{vi: "Gói {v}", en: "Package {v}"}}
  title: "Units"
  packageName: units
  packageVersion: "{v}"
  dataVersion: "{d}"
  language: vi
area:
- id: unit-{v}
  type: Province
  label: {{vi: "Tỉnh Lam Sơn", en: "Tỉnh Lam Sơn"}}
  officialCode: "01"
  source: pkg-{v}
  recordCode: "01"
"""


def test_only_the_newest_release_is_linked(tmp_path: Path) -> None:
    (tmp_path / "old.yaml").write_text(PACKAGE.format(v="1", d="2024-01-01"), encoding="utf-8")
    (tmp_path / "new.yaml").write_text(PACKAGE.format(v="2", d="2025-10-01"), encoding="utf-8")
    gazetteer = load_gazetteer(tmp_path)
    assert "unit-2" in gazetteer.entries and "unit-1" not in gazetteer.entries
    (tmp_path / "new.yaml").unlink()
    assert "unit-1" in load_gazetteer(tmp_path).entries
