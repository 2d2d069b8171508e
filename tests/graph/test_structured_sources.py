"""Structured sources (DESIGN.md §3): a maintained package's dataset is a vdg:PackageDataset with its
package name and version; a fact derived from it carries the code of its record there in place of a
quote, and the builder checks that the code is there instead of checking a quote. The package and
records below are invented for the test."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rdflib import Literal

from graph.build import build
from graph.errors import DataError
from ontology import GRAPH, ID, VDG
from tests.conftest import run_vdg

PACKAGE = {"id": "test-package", "type": "PackageDataset", "label": {"vi": "Gói thử", "en": "Test package"},
           "packageName": "test-units", "packageVersion": "1.2.3", "language": "vi"}
UNIT = {"id": "province-thu", "type": "Province", "label": {"vi": "Tỉnh Thử", "en": "Tỉnh Thử"},
        "officialCode": "07", "source": "test-package", "recordCode": "07"}


def _write(data: Path, source: dict, *areas: dict) -> None:
    """A file mapping kinds to records (as the importer writes), beside the mini data set."""
    document = {"source": [source], "area": list(areas)}
    (data / "units.yaml").write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_fact_from_a_package_cites_its_record_code(mini: tuple[Path, Path]) -> None:
    data, sources = mini
    _write(data, PACKAGE, UNIT)
    result = build(data, sources)
    graph = result.dataset.graph(GRAPH["test-package"])
    unit = ID["area/province-thu"]
    assert (unit, VDG.recordCode, Literal("07")) in graph
    assert (unit, VDG.officialCode, Literal("07")) in graph
    assert (unit, VDG.quote, None) not in graph
    package = ID["source/test-package"]
    union = result.quads.union()
    assert (package, VDG.packageVersion, Literal("1.2.3")) in union
    assert (package, VDG.fileName, None) not in union


@pytest.mark.parametrize(("change", "message"), [
    ({"quote": "Tỉnh Thử"}, "is a package dataset: give the 'recordCode'"),
    ({"recordCode": None}, "no 'recordCode'"),
    ({"recordCode": " "}, "no 'recordCode'"),
])
def test_a_fact_from_a_package_needs_a_code_not_a_quote(mini: tuple[Path, Path], change: dict, message: str) -> None:
    data, sources = mini
    unit = {k: v for k, v in {**UNIT, **change}.items() if v is not None}
    _write(data, PACKAGE, unit)
    with pytest.raises(DataError, match=message) as caught:
        build(data, sources)
    assert caught.value.record == "province-thu" and caught.value.line


def test_a_record_code_does_not_replace_the_quote_of_a_text(mini: tuple[Path, Path]) -> None:
    data, sources = mini
    _write(data, PACKAGE, {**UNIT, "source": "mini-source"})
    with pytest.raises(DataError, match="source mini-source is not one: give a 'quote'"):
        build(data, sources)


@pytest.mark.parametrize(("change", "message"), [
    ({"packageVersion": None}, "a package dataset needs 'packageVersion'"),
    ({"packageName": None}, "a package dataset needs 'packageName'"),
    ({"fileName": "units.txt"}, "a package dataset has no 'fileName'"),
    ({"url": "https://example.org/units"}, "a package dataset has no 'url'"),
])
def test_a_package_dataset_names_package_and_version_and_no_text(mini: tuple[Path, Path], change: dict,
                                                                  message: str) -> None:
    data, sources = mini
    _write(data, {k: v for k, v in {**PACKAGE, **change}.items() if v is not None}, UNIT)
    with pytest.raises(DataError, match=message):
        build(data, sources)


def test_any_other_source_still_names_its_text_file(mini: tuple[Path, Path]) -> None:
    data, sources = mini
    _write(data, {k: v for k, v in PACKAGE.items() if k not in ("type", "packageName", "packageVersion")})
    with pytest.raises(DataError, match="missing required property 'fileName'"):
        build(data, sources)


def test_vdg_build_reports_a_quote_for_a_package_on_one_line(mini: tuple[Path, Path], tmp_path: Path) -> None:
    data, sources = mini
    _write(data, PACKAGE, {**UNIT, "quote": "Tỉnh Thử"})
    done = run_vdg("build", "--data", str(data), "--sources", str(sources),
                   env={"VDG_CACHE_DIR": str(tmp_path / "cache")})
    err = done.stderr.decode()
    assert done.returncode == 1, err
    assert "units.yaml" in err and "province-thu" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
