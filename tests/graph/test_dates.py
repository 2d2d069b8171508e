"""Dates as analysts write them (2018, 2018-07, 2018-07-18) become an xsd:dateTime and its precision,
Wikidata's model; they compare in SPARQL and the catalogue shows each as the source gave it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.build import build, parse_date
from ontology import ID, VDG

XSD = "http://www.w3.org/2001/XMLSchema#"
REVENUE = f"{ID}observation/test-revenue-2018"


@pytest.mark.parametrize(("written", "lexical", "precision"), [
    (2018, "2018-01-01T00:00:00", "year"),
    ("2018", "2018-01-01T00:00:00", "year"),
    ("2018-07", "2018-07-01T00:00:00", "month"),
    ("2018-07-18", "2018-07-18T00:00:00", "day"),
    (dt.date(2018, 7, 18), "2018-07-18T00:00:00", "day"),
])
def test_parse_date(written: object, lexical: str, precision: str) -> None:
    assert parse_date(written) == (lexical, precision)


@pytest.mark.parametrize("written", ["2018-13", "2018-00", "2024-02-30", "2018-13-45", "18", "July 2018", True,
                                     dt.datetime(2018, 7, 18, 9, 30), 2018.5, "0000"])
def test_parse_date_refuses(written: object) -> None:
    with pytest.raises(ValueError):
        parse_date(written)


@pytest.mark.parametrize(("written", "lexical", "precision"), [
    ("2018", "2018-01-01T00:00:00", "YearPrecision"),
    ("2018-07", "2018-07-01T00:00:00", "MonthPrecision"),
    ("2018-07-18", "2018-07-18T00:00:00", "DayPrecision"),
])
def test_built_date_keeps_its_precision_and_compares(mini: tuple[Path, Path], written: str, lexical: str,
                                                     precision: str) -> None:
    data, sources = mini
    path = data / "observations.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  period: 2018\n", f"  period: {written}\n", 1),
                    encoding="utf-8")
    store = build(data, sources).quads.store()
    rows = list(store.query(f"""
        SELECT ?period ?precision WHERE {{
          GRAPH ?g {{ <{REVENUE}> <{VDG.period}> ?period ; <{VDG.periodPrecision}> ?precision }}
          FILTER(YEAR(?period) = 2018 && ?period >= "2018-01-01T00:00:00"^^<{XSD}dateTime>)
        }}"""))
    assert len(rows) == 1
    assert rows[0]["period"] == ox.Literal(lexical, datatype=ox.NamedNode(f"{XSD}dateTime"))
    assert rows[0]["precision"] == ox.NamedNode(f"{VDG}{precision}")
