"""The spans behind the view's date control agree with the sources' dates."""

from __future__ import annotations

from typing import Any

import pytest

from ontology import VDG
from viz.timeline import _after_span, spans

ID = "https://w3id.org/vdg/id/"


@pytest.fixture(scope="module")
def times(built: Any) -> dict[str, Any]:
    return spans(built.dataset)


@pytest.mark.parametrize(("value", "precision", "after"), [
    ("2018-10-23T00:00:00", VDG.DayPrecision, "2018-10-24"),
    ("2018-12-01T00:00:00", VDG.MonthPrecision, "2019-01-01"),
    ("2018-02-01T00:00:00", VDG.MonthPrecision, "2018-03-01"),
    ("2018-01-01T00:00:00", VDG.YearPrecision, "2019-01-01"),
])
def test_an_end_lasts_to_the_end_of_what_it_names(value: str, precision: Any, after: str) -> None:
    assert _after_span(value, precision) == after


def test_the_merger_ends_one_ministry_and_starts_the_other(times: dict[str, Any]) -> None:
    assert times[f"{ID}agency/mic"] == {"from": None, "to": "2025-03-01"}
    assert times[f"{ID}agency/most"] == {"from": "2025-03-01", "to": None}
    # a transfer of functions ends nobody: the Ministry of Culture, Sports and Tourism has no span
    assert f"{ID}agency/mcst" not in times


def test_a_term_joins_its_sources(times: dict[str, Any]) -> None:
    term = {"from": "2016-04-01", "to": "2018-10-24"}
    assert times[f"{ID}holding/truong-minh-tuan-minister-of-information-and-communications-from-2016"] == term
    assert times[f"{ID}holding/truong-minh-tuan-minister-of-information-and-communications-until-2018"] == term
    assert times[f"{ID}holding/nguyen-xuan-phuc-prime-minister-2018-10-23"] == {"from": "2018-01-01", "to": "2019-01-01"}
    assert times[f"{ID}holding/vo-van-thuong-politburo-member"] == {"undated": True}


def test_documents_in_force(times: dict[str, Any]) -> None:
    assert times[f"{ID}legal/decree-55-2025-nd-cp"] == {"from": "2025-03-01", "to": None}
    assert times[f"{ID}legal/decision-749-qd-ttg-2020"] == {"from": "2020-06-03", "to": None}
    assert times[f"{ID}legal/decision-45"] == {"undated": True}
