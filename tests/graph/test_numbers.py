"""Vietnamese number notation."""

from decimal import Decimal

import pytest

from graph.numbers import figures_in, parse_number


@pytest.mark.parametrize(("text", "value"), [
    ("2,65", "2.65"), ("30.000", "30000"), ("4.466", "4466"), ("4.3", "4.3"), ("112,6", "112.6"),
    ("120.000", "120000"), ("1.234.567", "1234567"), ("1.234,5", "1234.5"),
])
def test_parse_number(text: str, value: str) -> None:
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize(("text", "values"), [
    ("khoảng 2,65 triệu tỷ đồng", ["2650000000000000"]),
    ("30.000 tỷ/năm", ["30000000000000"]),
    ("89,9 tỉ USD", ["89900000000"]),
    ("50/173", ["50", "173"]),
    ("thứ 88 trên tổng số 193", ["88", "193"]),
    ("từ 30 đến 40%", ["30", "40"]),
    ("5 nghìn tỷ", ["5000000000000"]),
    ("không có số", []),
])
def test_figures_in(text: str, values: list[str]) -> None:
    assert figures_in(text) == [Decimal(v) for v in values]


def test_malformed_number() -> None:
    with pytest.raises(ValueError):
        parse_number("1,2,3")
