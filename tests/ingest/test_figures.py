"""Figures: Vietnamese numbers, units, qualifiers, ranges, ranks and comparisons."""

from decimal import Decimal

import pytest

from graph.ingest.figures import FigureReader
from graph.ingest.patterns import load_patterns
from graph.ingest.sentences import Sentence


def _read(text: str) -> list[tuple[object, str, str | None, int | None, str]]:
    reader = FigureReader(load_patterns())
    return [(f.key[0], f.unit, f.qualifier, f.out_of, text[f.start:f.end])
            for f in reader.read(text, Sentence(0, len(text), text), [])]


@pytest.mark.parametrize(("text", "value", "unit", "qualifier", "out_of", "stated"), [
    ("Doanh thu đạt khoảng 2,65 triệu tỷ đồng.", Decimal("2.65e15"), "VND", "About", None, "khoảng 2,65 triệu tỷ đồng"),
    ("Tổng doanh thu: 350.000 tỷ/năm.", Decimal("3.5e14"), "VND", None, None, "350.000 tỷ"),
    ("Xuất khẩu ước đạt 94 tỉ USD.", Decimal("9.4e10"), "USD", "Estimated", None, "ước đạt 94 tỉ USD"),
    ("Vốn đạt 5 nghìn tỷ đồng.", Decimal("5e12"), "VND", None, None, "5 nghìn tỷ đồng"),
    ("Phục vụ trên 98% dân số.", Decimal(98), "Percent", "Over", None, "trên 98%"),
    ("Cắt giảm hơn 50% sản phẩm.", Decimal(50), "Percent", "Over", None, "hơn 50%"),
    ("Đạt gần 3 triệu người dùng.", Decimal(3000000), "Count", "Nearly", None, "gần 3 triệu người dùng"),
    ("Bưu chính xếp hạng 50/173 trên thế giới.", Decimal(50), "Rank", None, 173, "50/173"),
    ("Việt Nam xếp vị trí thứ 88 trên tổng số 193 quốc gia.", Decimal(88), "Rank", None, 193, "thứ 88 trên tổng số 193"),
    ("Đã gỡ bỏ 4.466 video clip.", Decimal(4466), "Count", None, None, "4.466 video clip"),
    ("Tăng trưởng 13,8%.", Decimal("13.8"), "Percent", None, None, "13,8%"),
])
def test_one_figure(text: str, value: Decimal, unit: str, qualifier: str | None, out_of: int | None, stated: str) -> None:
    assert _read(text) == [(value, unit, qualifier, out_of, stated)]


def test_range() -> None:
    assert _read("Năng suất tăng từ 30 đến 40%.") == [((Decimal(30), Decimal(40)), "Percent", None, None, "từ 30 đến 40%")]
    assert _read("Góp 20-30% trong tăng trưởng GDP.")[0][0] == (Decimal(20), Decimal(30))


def test_comparison_and_period() -> None:
    reader = FigureReader(load_patterns())
    text = "Năm 2018, doanh thu ước tăng 112,6% so với 2017."
    (figure,) = reader.read(text, Sentence(0, len(text), text), [])
    assert (figure.value, figure.qualifier, figure.period, figure.base_period) == (Decimal("112.6"), "Estimated", 2018, 2017)


def test_restated_currency_takes_the_qualifier() -> None:
    found = _read("Tổng doanh thu đạt khoảng 30.000 tỷ/năm, (1,4 tỷ USD), tăng trưởng 25%.")
    assert [(f[1], f[2]) for f in found] == [("VND", "About"), ("USD", "About"), ("Percent", None)]


@pytest.mark.parametrize("text", [
    "Diễn đàn lần thứ 8 năm 2018 diễn ra ngày 18/7.", "Công nghiệp 4.0 và phiên bản 2.0 làm căn cứ.",
    "Phủ sóng 3G, 4G và thử nghiệm 5G.", "Giai đoạn 2018-2020, định hướng đến 2025.",
])
def test_no_figure(text: str) -> None:
    assert _read(text) == []


def test_impossible_share_is_flagged_not_corrected() -> None:
    reader = FigureReader(load_patterns())
    text = "Sóng di động đã phủ tới 997% dân số."
    (figure,) = reader.read(text, Sentence(0, len(text), text), [])
    assert figure.value == 997 and "misprint" in (figure.note or "")
