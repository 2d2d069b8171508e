"""What a figure is about and when, on invented sentences (nothing here reports anything real):
the subject only where the text names it or a clear rule carries it, else the figure is left out
with its reason; periods below a year read in the builder's span forms."""

from __future__ import annotations

import pytest

from graph.ingest.periods import sub_year
from graph.ingest.pipeline import Ingested, ingest


def _run(text: str) -> Ingested:
    return ingest(text, "test-subject", "subject.txt")


def _figures(result: Ingested) -> dict[str, dict]:
    return {c.record["statedValue"]: c.record for c in result.proposed("observation")}


def _left_out(result: Ingested, stated: str) -> str:
    return next(why for _, _, why in result.abstained if stated in why)


def test_no_subject_named_no_figure() -> None:
    result = _run("Năm 2031, doanh thu ước đạt 700 tỷ đồng.")
    assert _figures(result) == {}
    assert "names nothing it is about" in _left_out(result, "700 tỷ đồng")


def test_subject_carried_in_its_paragraph_only() -> None:
    result = _run("Năm 2031, doanh thu của ngành Bưu chính đạt 700 tỷ đồng. Lợi nhuận đạt 90 tỷ đồng.\n\n"
                  "Lợi nhuận đạt 80 tỷ đồng.")
    figures = {c.record["statedValue"]: c for c in result.proposed("observation")}
    assert figures["90 tỷ đồng"].record["subject"] == "postal-sector"
    assert "carried" in (figures["90 tỷ đồng"].note or "")
    assert "80 tỷ đồng" not in figures and "80 tỷ đồng" in _left_out(result, "80 tỷ đồng")


def test_whole_field_carries_into_a_new_paragraph() -> None:
    figures = _figures(_run("Năm 2031, doanh thu của ngành Bưu chính đạt 700 tỷ đồng.\n\n"
                            "Lợi nhuận toàn ngành đạt 80 tỷ đồng."))
    assert figures["80 tỷ đồng"]["subject"] == "postal-sector" and figures["80 tỷ đồng"]["period"] == 2031


def test_pointing_back_carries_into_a_new_paragraph() -> None:
    figures = _figures(_run("Năm 2031, doanh thu của ngành Bưu chính đạt 700 tỷ đồng.\n\n"
                            "Cụ thể, lợi nhuận đạt 80 tỷ đồng."))
    assert figures["80 tỷ đồng"]["subject"] == "postal-sector"


def test_the_body_that_ranks_is_not_the_subject() -> None:
    result = _run("Năm 2031, xếp hạng Chính phủ điện tử do Liên hợp quốc đánh giá là 60/193 quốc gia.")
    assert _figures(result) == {} and "60/193" in _left_out(result, "60/193")
    figures = _figures(_run("Năm 2031, xếp hạng Chính phủ điện tử của Việt Nam do Liên hợp quốc đánh giá là 60/193 quốc gia."))
    assert figures["60/193"]["subject"] == "vietnam"


@pytest.mark.parametrize("written", ["Chính phủ điện tử", "Chính phủ Điện tử", "Chính Phủ Điện Tử"])
def test_government_not_read_out_of_e_government_in_any_case(written: str) -> None:
    result = _run(f"Năm 2031, chỉ số phát triển {written} đạt 0,7001.")
    assert all(r.get("subject") != "government" for r in _figures(result).values())


def test_a_bracketed_figure_belongs_to_the_words_before_its_bracket() -> None:
    result = _run("Năm 2031, chỉ số phát triển chính phủ điện tử của Việt Nam đạt 0,7100, cao hơn mức trung bình "
                  "của nhóm nước thu nhập cao (0,6200).")
    figures = _figures(result)
    assert figures["0,7100"]["subject"] == "vietnam"
    assert "0,6200" not in figures and "brackets" in _left_out(result, "0,6200")


def test_a_restated_sum_in_brackets_keeps_its_subject() -> None:
    figures = _figures(_run("Năm 2031, doanh thu của ngành Bưu chính đạt khoảng 20.000 tỷ/năm (0,8 tỷ USD)."))
    assert figures["0,8 tỷ USD"]["subject"] == "postal-sector"


def test_respectively_is_left_out() -> None:
    result = _run("Năm 2031, doanh thu của ngành Bưu chính và ngành Viễn thông lần lượt đạt 10 tỷ đồng và 20 tỷ đồng.")
    assert _figures(result) == {} and "lần lượt" in _left_out(result, "10 tỷ đồng")


def test_a_count_noun_says_as_much_as_the_indicator() -> None:
    result = _run("Năm 2031, Việt Nam có 7 cơ quan tham gia.")
    assert all(r["indicator"] != "press-agencies" for r in _figures(result).values())
    figures = _figures(_run("Năm 2031, Việt Nam có 7 cơ quan báo chí in."))
    assert figures["7 cơ quan báo chí"]["indicator"] == "press-agencies"
    figures = _figures(_run("Năm 2031, Việt Nam đã nêu ra 5 sáng kiến."))
    assert figures["5 sáng kiến"]["indicator"] == "initiatives-raised"


@pytest.mark.parametrize("text", ["Năm 2031, Việt Nam tăng 4 bậc về xếp hạng Chính phủ điện tử.",
                                  "Năm 2031, chỉ số DTI của Việt Nam tăng 0,1200 điểm.",
                                  "Năm 2031, Việt Nam có năm thứ 3 liên tiếp dẫn đầu về xếp hạng Chính phủ điện tử."])
def test_steps_and_ordinals_are_no_figures(text: str) -> None:
    assert all(r["unit"] not in ("Count", "Rank") for r in _figures(_run(text)).values())


def test_the_year_before_after_a_figure() -> None:
    figures = _figures(_run("Năm 2031, lợi nhuận của ngành Bưu chính đạt 130 tỷ đồng, so với mức 410 tỷ đồng vào năm trước."))
    assert figures["130 tỷ đồng"]["period"] == 2031 and figures["410 tỷ đồng"]["period"] == 2030


def test_a_doubled_percent_sign_is_a_misprint() -> None:
    result = _run("Năm 2031, doanh thu của ngành Bưu chính tăng 9%% so với năm 2030.")
    assert _figures(result) == {} and "misprint" in _left_out(result, "9%")


@pytest.mark.parametrize(("text", "period"), [
    ("Trong 6 tháng đầu năm 2031, doanh thu", "2031-H1"),
    ("6 tháng cuối năm 2031 doanh thu", "2031-H2"),
    ("Trong quý II/2031, doanh thu", "2031-Q2"),
    ("quý 3 năm 2031 doanh thu", "2031-Q3"),
    ("Trong 2 tháng đầu năm 2031, doanh thu", "2031-01/2031-02"),
    ("9 tháng năm 2031, doanh thu", "2031-01/2031-09"),
    ("Trong tháng 4/2031, doanh thu", "2031-04"),
    ("tính đến tháng 6 năm 2031, số lao động", "2031-06"),
    ("Lũy kế doanh thu tính đến hết tháng 5/2031", "2031-01/2031-05"),
    ("Đến ngày 3/4/2031, hệ thống", "2031-04-03"),
])
def test_periods_below_a_year(text: str, period: str) -> None:
    found = sub_year(text, 0, len(text))
    assert found is not None and found.value == period


@pytest.mark.parametrize("text", ["12 tháng năm 2031", "Năm 2031, doanh thu", "tháng 13/2031", "lần thứ 6 năm 2031"])
def test_no_period_below_a_year(text: str) -> None:
    assert sub_year(text, 0, len(text)) is None


def test_half_year_report_read_with_its_base_and_carried() -> None:
    text = ("Trong 6 tháng đầu năm 2031, doanh thu của ngành Bưu chính ước đạt 800 tỷ đồng, tăng 5% so với cùng kỳ "
            "năm 2030. Lợi nhuận đạt 60 tỷ đồng, tăng 2% so với cùng kỳ năm trước.")
    figures = _figures(_run(text))
    assert figures["ước đạt 800 tỷ đồng"]["period"] == "2031-H1"
    assert figures["5%"]["period"] == "2031-H1" and figures["5%"]["basePeriod"] == "2030-H1"
    assert figures["60 tỷ đồng"]["period"] == "2031-H1" and figures["2%"]["basePeriod"] == "2030-H1"


def test_a_running_total_is_not_carried() -> None:
    text = ("Trong tháng 5/2031, doanh thu của ngành Bưu chính ước đạt 80 tỷ đồng. Lũy kế doanh thu của ngành Bưu "
            "chính tính đến hết tháng 5/2031 ước đạt 400 tỷ đồng. Lợi nhuận đạt 9 tỷ đồng.")
    figures = _figures(_run(text))
    assert figures["ước đạt 80 tỷ đồng"]["period"] == "2031-05"
    assert figures["ước đạt 400 tỷ đồng"]["period"] == "2031-01/2031-05"
    assert figures["9 tỷ đồng"]["period"] == "2031-05"


def test_same_period_last_year_without_months_is_left_out() -> None:
    result = _run("Doanh thu của ngành Bưu chính đạt 80 tỷ đồng, tăng 3% so với cùng kỳ.")
    assert _figures(result) == {} and "part of a year" in _left_out(result, "80 tỷ đồng")


def test_parts_of_an_index_as_a_list_take_the_list_subject() -> None:
    text = ("Năm 2031, Liên hợp quốc công bố chỉ số phát triển Chính phủ điện tử.\n"
            "Các chỉ số thành phần của Việt Nam như sau:\n"
            "- Dịch vụ công trực tuyến: 0,8100, xếp hạng 40/193\n"
            "- Hạ tầng viễn thông: 0,5200, xếp hạng 90/193\n")
    figures = _figures(_run(text))
    assert figures["0,8100"]["indicator"] == "osi" and figures["40/193"]["indicator"] == "osi-rank"
    assert figures["0,5200"]["indicator"] == "tii" and figures["90/193"]["indicator"] == "tii-rank"
    assert {r["subject"] for r in figures.values()} == {"vietnam"}


def test_a_part_heading_without_its_index_is_no_indicator() -> None:
    text = "Kết quả của Việt Nam năm 2031 như sau:\n- Dịch vụ công trực tuyến: 0,8100\n"
    result = _run(text)
    assert _figures(result) == {}


def test_pillars_only_where_the_index_is_named() -> None:
    dti = _figures(_run("Năm 2031, chỉ số DTI của tỉnh Cà Mau đạt 0,6100; kinh tế số của Cà Mau đạt 0,5900, xếp thứ 20."))
    assert dti["0,5900"]["indicator"] == "dti-digital-economy" and dti["thứ 20"]["indicator"] == "dti-digital-economy"
    assert dti["0,6100"]["subject"] == dti["0,5900"]["subject"] != "vietnam"
    result = _run("Năm 2031, kinh tế số của Việt Nam đạt 0,5900 theo một khảo sát.")
    assert _figures(result) == {} and "does not name" in _left_out(result, "0,5900")


def test_a_rank_without_total_takes_the_total_of_the_same_subject() -> None:
    text = ("Năm 2031, tỉnh Cà Mau xếp hạng 20/63 tỉnh, thành phố.\n\nVề chuyển đổi số, xã hội số của Cà Mau "
            "xếp thứ 30; xã hội số của tỉnh Bến Tre xếp thứ 12.")
    figures = _figures(_run(text))
    assert figures["thứ 30"]["outOf"] == 63
    assert figures["thứ 12"].get("outOf") is None  # Bến Tre was not ranked out of a total before


def test_a_province_is_proposed_once_and_is_a_subject() -> None:
    """Bến Tre is no unit of the graph (merged in 2025): proposed once, as an Area; Cà Mau is linked."""
    result = _run("Năm 2031, chỉ số DTI của tỉnh Bến Tre đạt 0,6100. Bến Tre tăng 3 bậc, chỉ số DTI của Cà Mau đạt 0,6200.")
    areas = result.proposed("area")
    assert [a.record["label"]["vi"] for a in areas] == ["Bến Tre"]
    figures = _figures(result)
    assert figures["0,6100"]["subject"] == areas[0].id and figures["0,6200"]["subject"] == "province-ca-mau"


def test_party_and_notice_codes_are_read_with_their_type() -> None:
    result = _run("Năm 2031, Chính phủ triển khai Nghị quyết số 88-NQ/TW của Bộ Chính trị và Thông báo số "
                  "512/TB-VPCP; Bộ đã thông báo kết quả.")
    legal = {c.record["number"]: c.record for c in result.proposed("legal")}
    assert legal["88-NQ/TW"]["type"] == "Resolution"
    assert legal["512/TB-VPCP"]["type"] == "LegalDocument"
    assert len(legal) == 2  # "thông báo kết quả" is a verb, no document


@pytest.mark.parametrize(("text", "name"), [
    ("Năm 2031, Bộ Thí điểm và Phát triển Dữ liệu ký quy chế.", "Bộ Thí điểm và Phát triển Dữ liệu"),
    ("Viện Nghiên cứu Dữ liệu và Công nghệ Thử nghiệm công bố báo cáo.", "Viện Nghiên cứu Dữ liệu và Công nghệ Thử nghiệm"),
])
def test_agency_names_join_over_and(text: str, name: str) -> None:
    assert [c.record["label"]["vi"] for c in _run(text).proposed("agency")] == [name]


def test_and_before_a_second_head_starts_a_second_agency() -> None:
    names = {c.record["label"]["vi"] for c in _run("Bộ Thí điểm Số và Bộ Phát triển Thử nghiệm ký kết.").proposed("agency")}
    assert names == {"Bộ Thí điểm Số", "Bộ Phát triển Thử nghiệm"}


@pytest.mark.parametrize("written", ["Chính phủ điện tử", "Chính phủ Điện tử", "Chính phủ Số"])
def test_government_not_linked_out_of_a_goal(written: str) -> None:
    assert "government" not in _run(f"Năm 2031, Việt Nam xây dựng {written}.").linked("agency")


def test_the_whole_country_is_the_country() -> None:
    figures = _figures(_run("Năm 2031, ở cấp quốc gia, chỉ số DTI đạt 0,8100."))
    assert figures["0,8100"]["subject"] == "vietnam"


def test_a_rank_takes_the_ranking_the_sentence_before_announces() -> None:
    text = ("Bộ Thí điểm Số vừa công bố xếp hạng chuyển đổi số năm 2031. Tỉnh Bến Tre xếp vị trí thứ 12/63 tỉnh.\n\n"
            "Doanh thu của ngành Bưu chính năm 2031 đạt 5 tỷ đồng. Tỉnh Cà Mau xếp vị trí thứ 9/63 tỉnh.")
    result = _run(text)
    figures = _figures(result)
    assert figures["12/63"]["indicator"] == "dti-rank" and figures["12/63"]["outOf"] == 63
    assert "9/63" not in figures  # the sentence before names revenue, no ranking


def test_world_and_regions_in_brackets() -> None:
    text = ("Năm 2031, chỉ số phát triển chính phủ điện tử của Việt Nam đạt 0,7100, cao hơn mức trung bình "
            "của thế giới (0,6100) và của khu vực châu Phi (0,4200).")
    result = _run(text)
    figures = _figures(result)
    assert figures["0,6100"]["subject"] == "world"
    region = next(c for c in result.proposed("area") if c.record["label"]["vi"] == "Khu vực châu Phi")
    assert region.record["type"] == "Region" and figures["0,4200"]["subject"] == region.id
