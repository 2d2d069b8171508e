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
    """Truong Minh Tuan's term (from 2016-04 and 2016-04-09 in two sources, to 2018-10-23 in a third) covers its
    last day only; a term that starts on a day (Nguyen Manh Hung's, 2025-02-18) does not cover the day before."""
    mic = "minister-of-information-and-communications"
    assert "truong-minh-tuan" in _holders(engines, mic, "2016-04-01")
    assert "truong-minh-tuan" in _holders(engines, mic, "2018-10-23")
    assert "truong-minh-tuan" not in _holders(engines, mic, "2018-10-24")
    assert _holders(engines, mic, "2016-03-31") == set()
    most = "minister-of-science-and-technology"
    assert "nguyen-manh-hung" in _holders(engines, most, "2025-02-18")
    assert _holders(engines, most, "2025-02-17") == set()


def test_an_open_term_and_an_as_of_holding(engines: tuple[object, object]) -> None:
    rows = [r for r in _rows(engines, "post-holders-on-date", date="2025-03-01")]
    chair = [r for r in rows if r["post"].endswith("/chair-national-committee-on-digital-transformation")]
    assert [(r["person"].rsplit("/", 1)[1], r["basis"], r["start"]) for r in chair] == [("pham-minh-chinh", "term", "2021-09-24")]
    most = [r for r in rows if r["post"].endswith("/minister-of-science-and-technology")]
    assert [(r["person"].rsplit("/", 1)[1], r["basis"], r["asOf"], r["start"]) for r in most] == [
        ("nguyen-manh-hung", "as of", "2025-03-01", ""), ("nguyen-manh-hung", "term", "", "2025-02-18")]
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
    assert {"article-004", "hanoitimes-egdi-2018", "viettimes-egdi-2018"} <= by_period["2018"]
    assert {"bnews-egdi-2024", "doisongphapluat-egdi-2024", "dtinews-egdi-2024", "ictvietnam-ict-sector-2024"} <= by_period["2024"]
    assert list(by_period) == sorted(by_period)
    # every reported rank agrees with the others of its year; the two 2025 targets (top 70, top 50) do not
    assert all(r["agree"] == "true" for r in rows if r["isTarget"] == "false")
    targets = {(r["value"], r["agree"]) for r in rows if r["period"] == "2025"}
    assert targets == {("70", "false"), ("50", "false")}
    osi = _rows(engines, "indicator-across-sources", indicator="online-service-index-ranking")
    assert {(r["period"], r["value"]) for r in osi if r["agree"] == "false"} >= {("2020", "59"), ("2020", "81")}


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


def test_the_provinces_a_2025_province_was_formed_from(engines: tuple[object, object]) -> None:
    """Each merged unit comes with its code from the 0.6.0 dataset; the new unit with its code from 2025.10.1."""
    rows = _rows(engines, "province-origins", province="province-ninh-binh")
    assert {r["from"].rsplit("/", 1)[1] for r in rows} == {"province-tinh-ha-nam", "province-tinh-nam-dinh",
                                                            "province-tinh-ninh-binh"}
    assert [r["fromCode"] for r in rows] == sorted((r["fromCode"] for r in rows), key=int)
    assert {r["codeSource"].rsplit("/", 1)[1] for r in rows} == {"package-vietnam-provinces-0-6-0"}
    assert {(r["provinceCode"], r["date"], r["event"].rsplit("/", 1)[1]) for r in rows} == {
        ("37", "2025-07-01", "province-merger-2025-ninh-binh")}


def test_a_province_merger_names_the_resolution_where_its_source_does(engines: tuple[object, object]) -> None:
    rows = _rows(engines, "province-origins", province="province-quang-ngai", lang="vi")
    assert {r["fromLabel"] for r in rows} == {"Tỉnh Kon Tum", "Tỉnh Quảng Ngãi"}
    assert {(r["date"], r["decidedBy"].rsplit("/", 1)[1]) for r in rows} == {("2025-06-12", "resolution-202-2025-qh15")}
    # a source that gives no date leaves the date empty rather than guessed
    assert {r["date"] for r in _rows(engines, "province-origins", province="province-lao-cai")} == {""}


def test_the_2025_arrangement_merges_52_units_into_23(engines: tuple[object, object]) -> None:
    store, _ = engines
    query = """PREFIX vdg: <https://w3id.org/vdg/ontology#>
        SELECT (COUNT(DISTINCT ?new) AS ?units) (COUNT(DISTINCT ?old) AS ?merged) WHERE {
          ?event vdg:changeKind vdg:Merged ; vdg:resultingOrganization ?new ; vdg:originalOrganization ?old .
          ?new vdg:officialCode ?code . }"""
    result = run_oxigraph(store, query, {})  # type: ignore[arg-type]
    assert [(row[0].value, row[1].value) for row in result.rows] == [("23", "52")]


def test_the_2025_ministry_mergers_are_in_the_lineage(engines: tuple[object, object]) -> None:
    rows = _rows(engines, "agency-lineage", agency="ministry-of-finance")
    assert {(r["direction"], r["before"].rsplit("/", 1)[1], r["date"]) for r in rows} == {
        ("before", "ministry-of-planning-and-investment", "2025-03-01"), ("before", "ministry-of-finance-before-2025", "2025-03-01")}
    construction = _rows(engines, "agency-lineage", agency="ministry-of-construction")
    assert {r["before"].rsplit("/", 1)[1] for r in construction} == {"ministry-of-construction-before-2025", "ministry-of-transport"}
    assert {(r["decidedBy"].rsplit("/", 1)[1], r["date"]) for r in construction} == {("resolution-176-2025-qh15", "")}
    dated = _rows(engines, "agency-lineage", agency="ministry-of-agriculture-and-rural-development")
    assert {(r["direction"], r["after"].rsplit("/", 1)[1], r["date"]) for r in dated} == {
        ("after", "ministry-of-agriculture-and-environment", "2025-03-01")}


def _links(engines: tuple[object, object], document: str) -> set[tuple[str, str, str, str]]:
    return {(r["direction"], r["from"].rsplit("/", 1)[1], r["relation"].rsplit("#", 1)[1], r["to"].rsplit("/", 1)[1])
            for r in _rows(engines, "legal-basis", document=document)}


def test_legal_basis_is_followed_through_several_steps(engines: tuple[object, object]) -> None:
    """Decision 411 rests on Resolution 50/NQ-CP (2020), which implements 52-NQ/TW: the second step is found too."""
    links = _links(engines, "decision-411-qd-ttg-2022")
    assert ("rests on", "decision-411-qd-ttg-2022", "basedOn", "resolution-50-nq-cp-2020") in links
    assert ("rests on", "resolution-50-nq-cp-2020", "implements", "resolution-52-nq-tw-2019") in links
    assert ("rests on", "law-amending-government-and-local-government-organisation-2019", "amends",
            "law-on-government-organisation-2015") in links
    assert {d for d, *_ in links} == {"rests on"}  # nothing in the graph rests on this decision


def test_legal_basis_backwards_finds_what_rests_on_a_document(engines: tuple[object, object]) -> None:
    links = _links(engines, "resolution-52-nq-tw-2019")
    resting = {f for d, f, _, t in links if d == "rested on by"}
    assert {"decision-749-qd-ttg-2020", "decision-411-qd-ttg-2022", "resolution-50-nq-cp-2020"} <= resting
    # the Politburo's resolution itself rests on nothing the sources name
    assert not [link for link in links if link[0] == "rests on"]
    # a chain of three: Resolution 17/NQ-CP implements 26/NQ-CP, which implements 36-NQ/TW
    back = _links(engines, "resolution-36-nq-tw-2014")
    assert ("rested on by", "resolution-17-nq-cp-2019", "implements", "resolution-26-nq-cp-2015") in back


def test_in_force_follows_the_decrees_of_digital_government(engines: tuple[object, object]) -> None:
    """Decree 23/2025 replaces Decree 130/2018 from 10/4/2025; Decree 42/2022 counts from its day of force, not its signing."""
    def documents(day: str) -> set[str]:
        return {r["document"].rsplit("/", 1)[1] for r in _rows(engines, "in-force-on-date", date=day)}
    before, after = documents("2025-04-09"), documents("2025-04-10")
    assert "decree-130-2018-nd-cp" in before and "decree-23-2025-nd-cp" not in before
    assert "decree-130-2018-nd-cp" not in after and "decree-23-2025-nd-cp" in after
    assert "decree-42-2022-nd-cp" not in documents("2022-08-14") and "decree-42-2022-nd-cp" in documents("2022-08-15")
