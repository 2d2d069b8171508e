"""The time questions of issue 15 answer what the sources say about a day or a year, on both engines."""

from __future__ import annotations

from pathlib import Path

import pytest

from queries.catalogue import QueryError, load_catalogue
from queries.engines import load_rdflib, load_store, run_oxigraph, run_rdflib
from queries.results import to_json
from tests.conftest import run_vdg

CATALOGUE = load_catalogue()
ID = "https://w3id.org/vdg/id/"


@pytest.fixture(scope="module")
def engines(nquads: Path) -> tuple[object, object]:
    return load_store(nquads), load_rdflib(nquads)


def _rows(engines: tuple[object, object], name: str, **params: str) -> list[dict[str, str]]:
    """The answer as dicts of text, after checking that both engines give it."""
    store, dataset = engines
    query = CATALOGUE[name]
    bindings = query.bindings(params)
    ox, rdf = run_oxigraph(store, query.text, bindings), run_rdflib(dataset, query.text, bindings)
    as_text = [{v: (t.value if t is not None else "") for v, t in zip(ox.variables, row)} for row in ox.rows]
    assert as_text == [{v: (t.value if t is not None else "") for v, t in zip(rdf.variables, row)} for row in rdf.rows]
    return as_text


def _holders(engines: tuple[object, object], post: str, day: str) -> set[str]:
    return {r["person"].removeprefix(f"{ID}person/") for r in _rows(engines, "post-holders-on-date", date=day)
            if r["post"] == f"{ID}post/{post}"}


def test_a_term_ends_with_the_day_its_end_names(engines: tuple[object, object]) -> None:
    """Truong Minh Tuan's term (from 2016-04 in one source, to 2018-10-23 in another) covers its last day only."""
    assert _holders(engines, "minister-of-information-and-communications", "2016-04-01") == {"truong-minh-tuan"}
    assert _holders(engines, "minister-of-information-and-communications", "2018-10-23") == {"truong-minh-tuan"}
    assert _holders(engines, "minister-of-information-and-communications", "2018-10-24") == set()
    assert _holders(engines, "minister-of-information-and-communications", "2016-03-31") == set()


def test_an_open_term_and_an_as_of_holding(engines: tuple[object, object]) -> None:
    rows = [r for r in _rows(engines, "post-holders-on-date", date="2025-03-01")]
    chair = [r for r in rows if r["post"].endswith("/chair-national-committee-on-digital-transformation")]
    assert [(r["person"].rsplit("/", 1)[1], r["basis"], r["start"]) for r in chair] == [("pham-minh-chinh", "term", "2021-09-24")]
    most = [r for r in rows if r["post"].endswith("/minister-of-science-and-technology")]
    assert [(r["person"].rsplit("/", 1)[1], r["basis"], r["asOf"]) for r in most] == [("nguyen-manh-hung", "as of", "2025-03-01")]
    assert not [r for r in _rows(engines, "post-holders-on-date", date="2021-09-23")
                if r["post"].endswith("/chair-national-committee-on-digital-transformation")]


def test_lineage_follows_renaming_back_and_forward(engines: tuple[object, object]) -> None:
    rows = _rows(engines, "agency-lineage", agency="national-committee-on-e-government")
    steps = {(r["direction"], r["kind"].rsplit("#", 1)[1], r["before"].rsplit("/", 1)[1], r["after"].rsplit("/", 1)[1])
             for r in rows}
    assert steps == {("before", "Founded", "national-committee-on-it-application", "national-committee-on-e-government"),
                     ("after", "Renamed", "national-committee-on-e-government", "national-committee-on-digital-transformation")}
    # from the end of the chain, both steps are behind it
    back = _rows(engines, "agency-lineage", agency="national-committee-on-digital-transformation")
    assert {r["direction"] for r in back} == {"before"} and len({r["event"] for r in back}) == 2


def test_the_2025_merger_is_one_event_linking_both_ministries_to_the_result(engines: tuple[object, object]) -> None:
    rows = [r for r in _rows(engines, "agency-lineage", agency="most") if r["kind"].endswith("#Merged")]
    assert {r["event"] for r in rows} == {f"{ID}change/mic-most-merger-2025"}
    assert {r["before"].rsplit("/", 1)[1] for r in rows} == {"mic", "most-before-2025"}
    assert {r["date"] for r in rows} == {"2025-03-01"}
    after_mic = {(r["kind"].rsplit("#", 1)[1], r["after"].rsplit("/", 1)[1]) for r in _rows(engines, "agency-lineage", agency="mic")}
    assert ("FunctionsTransferred", "mcst") in after_mic and ("Merged", "most") in after_mic


def test_in_force_on_a_day(engines: tuple[object, object]) -> None:
    def documents(day: str) -> set[str]:
        return {r["document"].rsplit("/", 1)[1] for r in _rows(engines, "in-force-on-date", date=day)}
    assert "decree-55-2025-nd-cp" in documents("2025-03-01")  # in force from 1/3, signed 2/3
    assert "decree-55-2025-nd-cp" not in documents("2025-02-28")
    assert "resolution-02-nq-cp-2024" in documents("2024-01-05") and "resolution-02-nq-cp-2024" not in documents("2024-01-04")
    assert "e-transactions-law-2023" in documents("2024-07-01") and "e-transactions-law-2023" not in documents("2024-06-30")
    replaced = [r for r in _rows(engines, "in-force-on-date", date="2015-01-01") if r["document"].endswith("/decision-109-qd-ttg-2014")]
    assert [r["replacedAtUnknownDate"].rsplit("/", 1)[1] for r in replaced] == ["decision-1072-qd-ttg"]


def test_changes_in_a_year(engines: tuple[object, object]) -> None:
    rows = _rows(engines, "changes-in-year", year="2025")
    assert ("agency change", f"{ID}change/mic-most-merger-2025") in {(r["change"], r["record"]) for r in rows}
    assert all(r["date"].startswith("2025") for r in rows)
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    left = {r["record"].rsplit("/", 1)[1] for r in _rows(engines, "changes-in-year", year="2018") if r["change"] == "left post"}
    assert left == {"truong-minh-tuan-minister-of-information-and-communications-until-2018"}


def test_an_indicator_across_sources(engines: tuple[object, object]) -> None:
    rows = _rows(engines, "indicator-across-sources", indicator="un-e-government-ranking")
    by_period: dict[str, set[str]] = {}
    for r in rows:
        by_period.setdefault(r["period"], set()).add(r["source"].rsplit("/", 1)[1])
    assert by_period["2018"] == {"article-004", "hanoitimes-egdi-2018"}
    assert by_period["2024"] == {"bnews-egdi-2024", "doisongphapluat-egdi-2024", "ictvietnam-ict-sector-2024"}
    assert list(by_period) == sorted(by_period)
    assert all(r["agree"] == "true" for r in rows)


def test_an_indicator_whose_sources_disagree(engines: tuple[object, object]) -> None:
    """The digital economy's share of GDP: three releases of the statistics office and the ministry's
    estimate give four values for 2022; the question says they disagree, and the 2020 figures agree."""
    rows = _rows(engines, "indicator-across-sources", indicator="digital-economy-share-of-gdp")
    measured = [r for r in rows if r["isTarget"] == "false"]
    by_period: dict[str, list[dict[str, str]]] = {}
    for r in measured:
        by_period.setdefault(r["period"], []).append(r)
    assert len({r["source"] for r in by_period["2022"]}) >= 4
    assert len({r["value"] for r in by_period["2022"]}) >= 4
    assert all(r["agree"] == "false" and r["otherSources"] == "true" for r in by_period["2022"])
    assert all(r["agree"] == "true" for r in by_period["2020"])
    assert [r["period"] for r in rows] == sorted(r["period"] for r in rows)


def test_month_and_year_figures_order_the_same_on_both_engines(engines: tuple[object, object]) -> None:
    """A series mixing years and months (revenue: 2023, September 2023, 2024) is ordered by the
    period's date on Oxigraph and rdflib alike (a gYear and a gYearMonth do not compare)."""
    store, dataset = engines
    query = CATALOGUE["indicator-series"]
    ox = to_json(run_oxigraph(store, query.text, query.bindings({"indicator": "revenue"})))
    rl = to_json(run_rdflib(dataset, query.text, query.bindings({"indicator": "revenue"})))
    assert ox == rl
    periods = [b["period"]["value"] for b in ox["results"]["bindings"] if "period" in b]
    assert "2023-09" in periods and periods.index("2023") < periods.index("2023-09") < periods.index("2024")


@pytest.mark.parametrize("value", ["2025-02-30", "2025-3-1", "yesterday", "2025"])
def test_a_bad_day_is_refused(value: str) -> None:
    with pytest.raises(QueryError, match="is not a day like 2025-03-01"):
        CATALOGUE["post-holders-on-date"].bindings({"date": value})


def test_the_command_line_refuses_a_bad_day_with_one_line() -> None:
    proc = run_vdg("query", "post-holders-on-date", "--param", "date=2025-13-01")
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert "Traceback" not in err and "is not a day like 2025-03-01" in err
