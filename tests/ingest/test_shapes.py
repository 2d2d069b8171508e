"""The shapes of issue 14, each on an invented sentence (nothing here reports anything real):
what `vdg ingest` proposes, and what it leaves out and says why."""

from __future__ import annotations

from decimal import Decimal

import pytest

from graph.ingest.pipeline import Ingested, ingest


def _run(text: str) -> Ingested:
    return ingest(text, "test-shape", "shape.txt")


def _figures(result: Ingested) -> dict[str, dict]:
    return {c.record["statedValue"]: c.record for c in result.proposed("observation")}


def test_no_indicator_named_from_cut_text() -> None:
    result = _run("Tổng thu của Quỹ Thí nghiệm Số đạt 12 tỷ đồng trong năm 2031.")
    assert _figures(result) == {}
    assert not result.proposed("indicator")
    assert any("12 tỷ đồng" in why and "no indicator" in why for _, _, why in result.abstained)


def test_growth_after_a_revenue_is_a_growth_rate() -> None:
    figures = _figures(_run("Năm 2031, doanh thu của Ngành Thông tin và Truyền thông đạt 100 tỷ đồng, tăng 7% so với năm 2030."))
    assert figures["100 tỷ đồng"]["indicator"] == "revenue" and figures["100 tỷ đồng"]["subject"] == "ict-sector"
    assert figures["7%"]["indicator"] == "growth-rate" and figures["7%"]["basePeriod"] == 2030
    assert figures["7%"]["period"] == 2031


@pytest.mark.parametrize(("text", "stated", "value", "out_of"), [
    ("Theo xếp hạng Chính phủ điện tử của Liên hợp quốc năm 2031, Việt Nam xếp thứ 86 trong 193 quốc gia.",
     "thứ 86 trong 193", 86, 193),
    ("Theo xếp hạng Chính phủ điện tử của Liên hợp quốc năm 2031, Việt Nam xếp thứ 86 trên tổng số 193 quốc gia.",
     "thứ 86 trên tổng số 193", 86, 193),
    ("Theo xếp hạng Chính phủ điện tử của Liên hợp quốc năm 2031, Việt Nam xếp hạng 6/11.", "6/11", 6, 11),
])
def test_ranks_with_their_total(text: str, stated: str, value: int, out_of: int) -> None:
    figures = _figures(_run(text))
    assert set(figures) == {stated}
    assert (figures[stated]["value"], figures[stated]["outOf"], figures[stated]["unit"]) == (value, out_of, "Rank")
    assert figures[stated]["indicator"] == "un-e-government-ranking" and figures[stated]["subject"] == "vietnam"


@pytest.mark.parametrize("text", [
    "Tháng 3/2031, Bộ Thí nghiệm Số họp bàn về xếp hạng.",
    "Sáng 8/8, Bộ Thí nghiệm Số họp bàn về xếp hạng.",
    "Bộ Thí nghiệm Số cho biết hơn 900/3.000 hệ thống đã kết nối.",
])
def test_dates_and_counts_of_a_total_are_no_ranks(text: str) -> None:
    assert not [f for f in _figures(_run(text)).values() if f["unit"] == "Rank"]


def test_index_scores() -> None:
    figures = _figures(_run("Năm 2031, chỉ số phát triển Chính phủ điện tử của Việt Nam đạt 0,6667 điểm."))
    assert figures["0,6667"]["unit"] == "Index" and figures["0,6667"]["value"] == Decimal("0.6667")
    assert figures["0,6667"]["indicator"] == "egdi" and figures["0,6667"]["subject"] == "vietnam"


def test_subject_and_year_not_from_a_passing_mention() -> None:
    figures = _figures(_run("Về Chính phủ điện tử, như năm 2018, doanh thu của Ngành Thông tin và Truyền thông "
                            "đạt 100 tỷ đồng."))
    assert figures["100 tỷ đồng"]["subject"] == "ict-sector"
    assert figures["100 tỷ đồng"].get("period") is None


def test_half_year_is_left_out() -> None:
    result = _run("Trong 6 tháng đầu năm 2031, doanh thu của Ngành Thông tin và Truyền thông đạt 100 tỷ đồng.")
    assert _figures(result) == {}
    assert any("part of a year" in why for _, _, why in result.abstained)


def test_linking_makes_no_duplicates() -> None:
    result = _run("Bộ trưởng  Bộ TT&TT dự họp. Bộ TTTT cho biết Nghị quyết số 17/NQ-CP đã ban hành; "
                  "Nghị quyết 17 là văn bản quan trọng.")
    assert "mic" in result.linked("agency")
    assert not [c for c in result.proposed("agency") if "TT" in c.record["label"]["vi"]]
    assert len(result.proposed("legal")) == 1
    assert not result.proposed("post")


def test_a_post_written_with_two_spaces_is_the_graph_s_post() -> None:
    result = _run("Bộ trưởng  Bộ TT&TT Nguyễn Mạnh Hùng dự họp.")
    assert not result.proposed("post")
    assert [c.record["heldPost"] for c in result.proposed("holding")] == ["minister-of-information-and-communications"]


def test_a_longer_name_over_a_known_one() -> None:
    result = _run("Văn phòng Chính phủ và Ngân hàng Nhà nước Việt Nam đã họp.")
    labels = {c.record["label"]["vi"] for c in result.proposed("agency")}
    linked = set(result.linked("agency"))
    # each longer name is proposed whole or, where the graph knows it (web-dti-ministries.yaml), linked whole
    assert "Văn phòng Chính phủ" in labels or "government-office" in linked
    assert "Ngân hàng Nhà nước Việt Nam" in labels or "state-bank-of-vietnam" in linked
    assert "government" not in result.linked("agency") and "vietnam" not in result.linked("area")


def test_a_list_of_resolutions() -> None:
    result = _run("Chính phủ đã ban hành Nghị quyết 01, 02 về chuyển đổi số.")
    assert sorted(c.record["number"] for c in result.proposed("legal")) == ["01", "02"]
    assert not result.proposed("observation")


def test_a_name_does_not_run_over_a_line_break() -> None:
    result = _run("Ủy ban Quốc gia về Thử nghiệm Số\nSáng 8/8 đã họp.")
    assert {c.record["label"]["vi"] for c in result.proposed("agency")} == {"Ủy ban Quốc gia về Thử nghiệm Số"}
