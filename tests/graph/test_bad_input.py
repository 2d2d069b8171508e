"""Bad input: each fault gives one clear line naming file and record, exit 1, and no output file."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

from tests.conftest import run_vdg

Records = list[dict[str, Any]]


def _edit(data: Path, file: str, change: Callable[[Records], None]) -> None:
    path = data / file
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(records)
    path.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _set(index: int, key: str, value: Any) -> Callable[[Records], None]:
    def change(records: Records) -> None:
        records[index][key] = value
    return change


def _drop(index: int, key: str) -> Callable[[Records], None]:
    def change(records: Records) -> None:
        del records[index][key]
    return change


# (case id, file, change, record named in the message, words the message must hold)
CASES: list[tuple[str, str, Callable[[Records], None], str | None, str]] = [
    ("unknown-property", "agencies.yaml", _set(1, "parentOrganisation", "test-government"), "test-ministry",
     "unknown property 'parentOrganisation'"),
    ("dangling-id", "agencies.yaml", _set(1, "subOrganizationOf", "no-such-agency"), "test-ministry",
     "unknown id 'no-such-agency'"),
    ("duplicate-id", "agencies.yaml", _set(2, "id", "test-ministry"), "test-ministry", "duplicate id"),
    ("malformed-slug", "people.yaml", _set(0, "id", "Nguyen_Van_A"), None, "malformed id 'Nguyen_Van_A'"),
    ("unknown-type", "agencies.yaml", _set(1, "type", "Ministery"), "test-ministry", "unknown type 'Ministery'"),
    ("type-of-other-kind", "agencies.yaml", _set(1, "type", "Person"), "test-ministry",
     "type 'Person' is not a kind of Agency"),
    ("wrong-range", "posts.yaml", _set(0, "postIn", "nguyen-van-a"), "test-minister",
     "postIn: 'nguyen-van-a' is a Person, expected Agency"),
    ("wrong-domain", "people.yaml", _set(0, "postIn", "test-ministry"), "nguyen-van-a",
     "property 'postIn' applies to Post, not to a Person"),
    ("wrong-datatype", "observations.yaml", _set(1, "outOf", "one hundred"), "test-rank-2018",
     "outOf: 'one hundred' is not a valid integer"),
    ("bad-year", "observations.yaml", _set(0, "period", "last year"), "test-revenue-2018",
     "period: 'last year' is not a valid gYear"),
    ("quote-not-in-source", "agencies.yaml", _set(0, "quote", "Chính phủ đã quyết định"), "test-government",
     "quote not found in source mini-source"),
    ("missing-source", "people.yaml", _drop(0, "source"), "nguyen-van-a", "no 'source'"),
    ("unknown-source", "people.yaml", _set(0, "source", "mini-sourse"), "nguyen-van-a",
     "unknown source 'mini-sourse' (did you mean 'mini-source'?)"),
    ("missing-english-label", "people.yaml", _set(0, "label", {"vi": "Nguyễn Văn A"}), "nguyen-van-a",
     "label has no 'en' text"),
    ("unknown-vocabulary-value", "observations.yaml", _set(0, "unit", "EUR"), "test-revenue-2018",
     "unit: unknown value 'EUR'; one of Count, Index, Percent, Rank, USD, VND"),
    ("functional-given-twice", "holdings.yaml", _set(0, "holder", ["nguyen-van-a", "nguyen-van-a"]),
     "nguyen-van-a-test-minister", "property 'holder' takes one value, got 2"),
    ("missing-required", "holdings.yaml", _drop(0, "heldPost"), "nguyen-van-a-test-minister",
     "missing required property 'heldPost'"),
    ("value-disagrees-with-wording", "observations.yaml", _set(0, "value", 2560000000000000), "test-revenue-2018",
     "value 2560000000000000 does not agree with statedValue 'khoảng 2,65 triệu tỷ đồng'"),
    ("corrected-without-note", "observations.yaml", _set(0, "corrected", True), "test-revenue-2018",
     "a corrected figure needs an 'editorialNote'"),
    ("stated-not-in-quote", "observations.yaml", _set(1, "statedValue", "51/173"), "test-rank-2018",
     "statedValue '51/173' is not part of any of its quotes"),
    ("range-and-value", "observations.yaml", _set(2, "value", 35), "test-productivity-target",
     "either 'value' or both 'minValue' and 'maxValue'"),
]


@pytest.mark.parametrize(("file", "change", "record", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_record(mini: tuple[Path, Path], tmp_path: Path, file: str, change: Callable[[Records], None],
                    record: str | None, words: str) -> None:
    data, sources = mini
    _edit(data, file, change)
    out = tmp_path / "out.ttl"
    proc = run_vdg("export", "-f", "ttl", "-o", str(out), "--data", str(data), "--sources", str(sources))
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith(f"vdg: error: {data / file}:"), lines[0]
    if record:
        assert f"record '{record}'" in lines[0]
    assert words in lines[0]
    assert "Traceback" not in err
    assert not out.exists()
    assert list(tmp_path.glob(".out.ttl.*")) == []


def test_invalid_yaml(mini: tuple[Path, Path], tmp_path: Path) -> None:
    data, sources = mini
    (data / "people.yaml").write_text("- id: a\n  label: {vi: x, en: y\n", encoding="utf-8")
    out = tmp_path / "out.ttl"
    proc = run_vdg("export", "-o", str(out), "--data", str(data), "--sources", str(sources))
    err = proc.stderr.decode()
    assert proc.returncode == 1
    assert f"{data / 'people.yaml'}:" in err and "invalid YAML" in err
    assert not out.exists()


def test_duplicate_key_in_record(mini: tuple[Path, Path]) -> None:
    data, sources = mini
    path = data / "people.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "  source: mini-source\n", encoding="utf-8")
    proc = run_vdg("build", "--data", str(data), "--sources", str(sources))
    assert proc.returncode == 1
    assert f"{path}:1: key 'source' given twice" in proc.stderr.decode()


def test_unknown_data_file(mini: tuple[Path, Path]) -> None:
    data, sources = mini
    (data / "ministries.yaml").write_text("[]\n", encoding="utf-8")
    proc = run_vdg("build", "--data", str(data), "--sources", str(sources))
    assert proc.returncode == 1
    assert "ministries.yaml: no kind reads this file" in proc.stderr.decode()


def test_missing_source_text(mini: tuple[Path, Path], tmp_path: Path) -> None:
    data, _ = mini
    empty = tmp_path / "no-texts"
    empty.mkdir()
    proc = run_vdg("build", "--data", str(data), "--sources", str(empty))
    assert proc.returncode == 1
    assert "record 'mini-source': source text mini.txt not found" in proc.stderr.decode()


def test_usage_errors_exit_2(mini: tuple[Path, Path], tmp_path: Path) -> None:
    data, sources = mini
    proc = run_vdg("export", "-f", "docx", "--data", str(data))
    assert proc.returncode == 2
    assert "invalid choice: 'docx'" in proc.stderr.decode()
    out = tmp_path / "missing-folder" / "out.ttl"
    proc = run_vdg("export", "-o", str(out), "--data", str(data), "--sources", str(sources))
    assert proc.returncode == 2
    assert "does not exist" in proc.stderr.decode()
    assert not out.exists()


def test_failed_export_keeps_previous_file(mini: tuple[Path, Path], tmp_path: Path) -> None:
    data, sources = mini
    out = tmp_path / "graph.ttl"
    assert run_vdg("export", "-o", str(out), "--data", str(data), "--sources", str(sources)).returncode == 0
    before = out.read_bytes()
    _edit(data, "people.yaml", _set(0, "source", "nowhere"))
    proc = run_vdg("export", "-o", str(out), "--data", str(data), "--sources", str(sources))
    assert proc.returncode == 1
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".graph.ttl")] == []
