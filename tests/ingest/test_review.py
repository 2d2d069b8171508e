"""`vdg ingest --check` protects: every fault at once, with file, line and record; the shapes and
rules of `vdg check`; figures whose form does not fit their unit."""

from __future__ import annotations

import re
from pathlib import Path

from graph.ingest.review import form_faults
from graph.loader import load_kinds, load_mixed
from tests.conftest import FIXTURES, run_vdg

ARTICLE = FIXTURES / "ingest" / "never-seen.txt"
MINI = ["--data", str(FIXTURES / "mini" / "data"), "--sources", str(FIXTURES / "mini" / "sources")]
SOURCE = """\
source:
  - id: test-never-seen
    type: SourceDocument
    label: {vi: "Bài báo thử", en: "Test article"}
    fileName: never-seen.txt
    language: vi
"""
FIGURES = """\
observation:
  - id: rank-without-total
    label: {vi: "Xếp hạng", en: "Rank"}
    source: test-never-seen
    quote: "xếp hạng 12/60 trong khu vực"
    indicator: test-ranking
    value: 12
    unit: Rank
    statedValue: "12/60"
  - id: count-with-total
    label: {vi: "Số doanh nghiệp", en: "Enterprises"}
    source: test-never-seen
    quote: "khoảng 4.200 doanh nghiệp đã kết nối"
    indicator: test-ranking
    value: 4200
    outOf: 5000
    unit: Count
    statedValue: "4.200"
  - id: period-not-quoted
    label: {vi: "Doanh thu", en: "Revenue"}
    source: test-never-seen
    quote: "doanh thu dịch vụ dữ liệu ước đạt 1.250 tỷ đồng"
    indicator: test-revenue
    value: 1250000000000
    unit: VND
    period: 2024
    statedValue: "1.250 tỷ đồng"
"""
BUILD_FAULTS = """\
agency:
  - id: misquoted-agency
    type: Ministry
    label: {vi: "Bộ Tài chính", en: "Ministry of Finance"}
    source: test-never-seen
    quote: "Bộ Tài chính đã ký"
  - id: unknown-property-agency
    type: Ministry
    label: {vi: "Bộ Tài chính", en: "Ministry of Finance"}
    source: test-never-seen
    quote: "Bộ Tài chính"
    colour: blue
legal:
  - id: plain-legal-document
    type: LegalDocument
    label: {vi: "Nghị quyết 47", en: "Resolution 47"}
    source: test-never-seen
    quote: "Bộ Tài chính đã trình Chính phủ"
"""


def test_form_faults_of_figures(tmp_path: Path) -> None:
    path = tmp_path / "reviewed.yaml"
    path.write_text(SOURCE + FIGURES, encoding="utf-8")
    faults = form_faults(path, load_mixed(path, load_kinds()))
    assert len(faults) == 3
    assert re.match(rf"{re.escape(str(path))}:\d+: record 'rank-without-total': a rank without its total", faults[0])
    assert "'count-with-total': outOf 5000 on a Count" in faults[1]
    assert "'period-not-quoted': period 2024 does not occur in the quote" in faults[2]


def test_every_fault_at_once(tmp_path: Path) -> None:
    path = tmp_path / "reviewed.yaml"
    path.write_text(SOURCE + FIGURES + BUILD_FAULTS, encoding="utf-8")
    proc = run_vdg("ingest", "--check", str(path), "--article", str(ARTICLE), *MINI)
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    assert "Traceback" not in err
    faults = [line for line in err.splitlines() if line.startswith(str(path) + ":")]
    records = {re.search(r"record '([^']+)'", line).group(1) for line in faults}  # type: ignore[union-attr]
    # three form faults, two builder faults (each found by leaving the one before out), one shape
    assert {"rank-without-total", "count-with-total", "period-not-quoted", "misquoted-agency",
            "unknown-property-agency", "plain-legal-document"} <= records, err
    assert any("quote not found" in line for line in faults)
    assert any("plain-legal-document" in line and "Decision" in line for line in faults), err


def test_a_clean_reviewed_file_passes(tmp_path: Path) -> None:
    path = tmp_path / "reviewed.yaml"
    path.write_text(SOURCE + FIGURES.split("  - id: count-with-total")[0].replace("    value: 12\n",
                                                                                 "    value: 12\n    outOf: 60\n"),
                    encoding="utf-8")
    proc = run_vdg("ingest", "--check", str(path), "--article", str(ARTICLE), *MINI)
    assert proc.returncode == 0, proc.stderr.decode()
    assert "passes the shapes, rules and reasoner" in proc.stderr.decode()
