"""Periods of several months (a half-year, a quarter, the first months of a year), written as one
value (2018-H1, 2018-Q2, 2018-01/2018-11), become vdg:period (the first month) and vdg:periodEnd
(the last), each with its precision; a span out of order is refused with the record named."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.build import build, parse_span
from graph.errors import DataError
from ontology import ID, VDG

XSD = "http://www.w3.org/2001/XMLSchema#"
REVENUE = f"{ID}observation/test-revenue-2018"


@pytest.mark.parametrize(("written", "ends"), [
    ("2018-H1", ("2018-01", "2018-06")),
    ("2018-H2", ("2018-07", "2018-12")),
    ("2018-Q2", ("2018-04", "2018-06")),
    ("2018-01/2018-11", ("2018-01", "2018-11")),
    ("2018-06-01/2018-06-20", ("2018-06-01", "2018-06-20")),
    (2018, None),
    ("2018-07", None),
])
def test_parse_span(written: object, ends: tuple[str, str] | None) -> None:
    assert parse_span(written) == ends


@pytest.mark.parametrize("written", ["2018-11/2018-01", "2018/2019", "2018-01/2018-02-03", "2018-13/2018-14"])
def test_parse_span_refuses(written: str) -> None:
    with pytest.raises(ValueError):
        parse_span(written)


def _with_period(data: Path, written: str) -> None:
    path = data / "observations.yaml"
    text = path.read_text(encoding="utf-8")
    assert "  period: 2018\n" in text
    path.write_text(text.replace("  period: 2018\n", f"  period: \"{written}\"\n", 1), encoding="utf-8")


def test_half_year_built_as_first_and_last_month(mini: tuple[Path, Path]) -> None:
    data, sources = mini
    _with_period(data, "2018-H1")
    store = build(data, sources).quads.store()
    rows = list(store.query(f"""
        SELECT ?start ?sp ?end ?ep WHERE {{ GRAPH ?g {{
          <{REVENUE}> <{VDG.period}> ?start ; <{VDG.periodPrecision}> ?sp ;
                      <{VDG.periodEnd}> ?end ; <{VDG.periodEndPrecision}> ?ep }} }}"""))
    assert len(rows) == 1
    dt = ox.NamedNode(f"{XSD}dateTime")
    assert rows[0]["start"] == ox.Literal("2018-01-01T00:00:00", datatype=dt)
    assert rows[0]["end"] == ox.Literal("2018-06-01T00:00:00", datatype=dt)
    assert rows[0]["sp"] == rows[0]["ep"] == ox.NamedNode(f"{VDG}MonthPrecision")


def test_span_out_of_order_is_refused_with_its_record(mini: tuple[Path, Path]) -> None:
    data, sources = mini
    _with_period(data, "2018-06/2018-01")
    with pytest.raises(DataError) as caught:
        build(data, sources)
    assert "test-revenue-2018" in str(caught.value) and "period" in str(caught.value)
