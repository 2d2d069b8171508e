"""Web sources (issue 15, item 3): a page's record names URL, publisher, title and dates; its quotes are
short; they are checked against a local snapshot when there is one, and otherwise counted as not
re-checked offline. The page below is invented for the test."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from graph.build import build
from graph.errors import DataError
from graph.sources import quote_too_long
from ontology import ID, VDG
from tests.conftest import FIXTURES, run_vdg

PAGE = ("Bộ Thử Nghiệm và Bộ Mẫu hợp nhất thành Bộ Thử Nghiệm và Mẫu từ ngày 1/3/2025. "
        "Ông Nguyễn Văn A giữ chức Bộ trưởng từ tháng 4/2018. Chức năng quản lý nhà nước về thử nghiệm "
        "chuyển sang Bộ Mẫu.")
SOURCE = {"id": "web-page", "label": {"vi": "Trang thử", "en": "Test page"}, "url": "https://example.org/bai-viet",
          "publisher": "Báo Thử", "title": "Hợp nhất hai bộ", "published": "2025-03-01", "retrieved": "2025-11-29",
          "fileName": "web-page.txt", "language": "vi"}
MERGER = {"id": "test-merger", "label": {"vi": "Hợp nhất Bộ Thử Nghiệm", "en": "Merger of the Ministry of Testing"},
          "changeKind": "Merged", "originalOrganization": ["test-ministry"], "date": "2025-03-01",
          "source": "web-page", "quote": "Bộ Thử Nghiệm và Bộ Mẫu hợp nhất thành Bộ Thử Nghiệm và Mẫu từ ngày 1/3/2025."}


def _write(data: Path, file: str, records: list[dict]) -> None:
    path = data / file
    old = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else []
    path.write_text(yaml.safe_dump(old + records, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture()
def web(mini: tuple[Path, Path]) -> tuple[Path, Path]:
    data, sources = mini
    _write(data, "sources.yaml", [dict(SOURCE)])
    _write(data, "changes.yaml", [dict(MERGER)])
    return data, sources


def test_without_a_snapshot_web_quotes_are_counted_not_rechecked(web: tuple[Path, Path]) -> None:
    data, sources = web
    result = build(data, sources)
    assert result.quotes_unchecked == 1
    checked_before = build(FIXTURES / "mini" / "data", sources).quotes_checked
    union = result.quads.union()
    change = ID["change/test-merger"]
    assert (change, VDG.changeKind, VDG.Merged) in union
    assert (change, VDG.originalOrganization, ID["agency/test-ministry"]) in union
    assert (ID["source/web-page"], VDG.retrieved, None) in union
    assert result.quotes_checked == checked_before


def test_with_a_snapshot_web_quotes_are_checked(web: tuple[Path, Path]) -> None:
    data, sources = web
    unchecked = build(data, sources)
    (sources / "web-page.txt").write_text(PAGE, encoding="utf-8")
    result = build(data, sources)
    assert result.quotes_unchecked == 0
    assert result.quotes_checked == unchecked.quotes_checked + 1


def test_a_snapshot_catches_a_quote_that_is_not_on_the_page(web: tuple[Path, Path]) -> None:
    data, sources = web
    (sources / "web-page.txt").write_text(PAGE.replace("1/3/2025", "1/4/2025"), encoding="utf-8")
    with pytest.raises(DataError, match="quote not found in source web-page"):
        build(data, sources)


def test_the_build_message_says_what_was_not_rechecked(web: tuple[Path, Path]) -> None:
    data, sources = web
    proc = run_vdg("build", "--data", str(data), "--sources", str(sources))
    err = proc.stderr.decode()
    assert proc.returncode == 0, err
    assert "1 quotes of web sources not re-checked offline" in err


@pytest.mark.parametrize(("quote", "words"), [
    ("Một câu. Hai câu. Ba câu.", "has 3 sentences (at most 2)"),
    ("x" * 401, "has 401 characters (at most 400)"),
])
def test_a_long_quote_of_a_web_page_is_refused(web: tuple[Path, Path], quote: str, words: str) -> None:
    data, sources = web
    path = data / "changes.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(MERGER["quote"], quote), encoding="utf-8")
    proc = run_vdg("build", "--data", str(data), "--sources", str(sources))
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "Traceback" not in err, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and f"{path}:" in lines[0] and "record 'test-merger'" in lines[0], err
    assert words in lines[0]


@pytest.mark.parametrize("field", ["publisher", "title", "retrieved"])
def test_a_web_source_names_its_publisher_title_and_dates(mini: tuple[Path, Path], field: str) -> None:
    data, sources = mini
    _write(data, "sources.yaml", [{k: v for k, v in SOURCE.items() if k != field}])
    with pytest.raises(DataError, match=f"a web source needs '{field}'"):
        build(data, sources)


def test_a_page_without_a_date_says_so_instead_of_guessing(mini: tuple[Path, Path]) -> None:
    data, sources = mini
    undated = {k: v for k, v in SOURCE.items() if k != "published"}
    _write(data, "sources.yaml", [dict(undated)])
    with pytest.raises(DataError, match="needs 'published', or an 'editorialNote'"):
        build(data, sources)
    (data / "sources.yaml").write_text((FIXTURES / "mini" / "data" / "sources.yaml").read_text(encoding="utf-8"),
                                       encoding="utf-8")
    _write(data, "sources.yaml", [{**undated, "editorialNote": "The page shows no date."}])
    union = build(data, sources).quads.union()
    assert (ID["source/web-page"], VDG.published, None) not in union


def test_a_seed_text_that_is_missing_is_still_an_error(mini: tuple[Path, Path]) -> None:
    """Only a web page's snapshot is optional; a source without a url must have its text."""
    data, sources = mini
    (sources / "mini.txt").unlink()
    with pytest.raises(DataError, match="source text mini.txt not found"):
        build(data, sources)


def test_quote_length_rule() -> None:
    assert quote_too_long("Ngày 1.3.2025, Bộ A hợp nhất với Bộ B. Đây là câu thứ hai.") is None
    assert quote_too_long("Theo Nghị định số 48/2025/NĐ-CP.") is None
    assert quote_too_long("Câu một! Câu hai? Câu ba.") == "has 3 sentences (at most 2)"
