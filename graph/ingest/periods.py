"""Periods shorter than a year, as Vietnamese reports word them, in the builder's span forms
(graph.build.parse_span and parse_date): "6 tháng đầu năm 2023" 2023-H1, "quý I/2021" 2021-Q1,
"2 tháng đầu năm 2024" 2024-01/2024-02, "11 tháng năm 2023" 2023-01/2023-11, "tháng 11/2023"
2023-11, "lũy kế … đến hết tháng 11/2023" 2023-01/2023-11, "đến ngày 20/6/2022" 2022-06-20."""

from __future__ import annotations

import re
from dataclasses import dataclass

_YEAR = r"((?:19|20)\d\d)"
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# "6 tháng đầu năm 2023", "11 tháng năm 2023", "6 tháng cuối năm 2023", "9 tháng của năm 2023"
_MONTHS = re.compile(rf"(?<![\w/])(\d{{1,2}})\s+tháng\s+(đầu\s+|cuối\s+)?(?:của\s+)?năm\s+{_YEAR}(?!\d)", re.IGNORECASE)
# "quý I/2021", "quý 2 năm 2022"
_QUARTER = re.compile(rf"(?<!\w)quý\s+(IV|I{{1,3}}|[1-4])\s*(?:/\s*|năm\s+){_YEAR}(?!\d)", re.IGNORECASE)
# "tháng 11/2023", "tháng 3 năm 2021"
_MONTH = re.compile(rf"(?<!\w)tháng\s+(\d{{1,2}})\s*(?:/\s*|năm\s+){_YEAR}(?!\d)", re.IGNORECASE)
# "ngày 20/6/2022"
_DAY = re.compile(rf"(?<!\w)ngày\s+(\d{{1,2}})\s*/\s*(\d{{1,2}})\s*/\s*{_YEAR}(?!\d)", re.IGNORECASE)
# A running total since the start of the year: "lũy kế", "luỹ kế", "cộng dồn".
_CUMULATIVE = re.compile(r"(?<!\w)(?:lũy kế|luỹ kế|cộng dồn)(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class Period:
    """A period below a year as stated before a figure: where it stands, its year and its form."""

    start: int
    end: int
    year: int
    value: str
    cumulative: bool = False  # a running total from January: not the period of the figures after it


def _months(first: int, last: int, year: int) -> str | None:
    if not 1 <= first <= last <= 12:
        return None
    if first == last:
        return f"{year}-{first:02d}"
    halves = {(1, 6): "H1", (7, 12): "H2", (1, 3): "Q1", (4, 6): "Q2", (7, 9): "Q3", (10, 12): "Q4"}
    if (first, last) in halves:
        return f"{year}-{halves[first, last]}"
    return f"{year}-{first:02d}/{year}-{last:02d}"


def _read(match: re.Match[str], kind: str, text: str, sentence_start: int) -> Period | None:
    if kind == "months":
        count, edge, year = int(match.group(1)), (match.group(2) or "").strip().lower(), int(match.group(3))
        if count >= 12:
            return None  # "12 tháng năm 2023" is the year: a year reads it
        first, last = (13 - count, 12) if edge == "cuối" else (1, count)
        value = _months(first, last, year)
    elif kind == "quarter":
        quarter, year = _ROMAN[match.group(1).upper()], int(match.group(2))
        value = f"{year}-Q{quarter}"
    elif kind == "month":
        month, year = int(match.group(1)), int(match.group(2))
        if _CUMULATIVE.search(text, sentence_start, match.start()):
            return Period(match.start(), match.end(), year, _months(1, month, year) or "", True) if 1 <= month <= 12 else None
        value = _months(month, month, year)
    else:
        day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        value = f"{year}-{month:02d}-{day:02d}"
    return Period(match.start(), match.end(), year, value) if value else None


def sub_year(text: str, sentence_start: int, at: int) -> Period | None:
    """The last period below a year stated in the sentence before position `at` (a figure), or None."""
    found: list[Period] = []
    for kind, pattern in (("months", _MONTHS), ("quarter", _QUARTER), ("month", _MONTH), ("day", _DAY)):
        for match in pattern.finditer(text, sentence_start, at):
            period = _read(match, kind, text, sentence_start)
            if period is not None:
                found.append(period)
    return max(found, key=lambda p: p.end) if found else None


def with_year(period: str, year: int) -> str:
    """The same part of another year ("so với cùng kỳ năm 2022": 2023-H1 -> 2022-H1)."""
    return re.sub(r"(?:19|20)\d\d", str(year), period)
