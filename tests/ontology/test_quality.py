"""Data quality: each SHACL shape and each cross-fact rule fires on exactly the fault injected into
the small fixture graph, stays silent on the article graph; `vdg check` and `vdg docs` end to end."""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, SH

from graph.build import BuildResult, build
from graph.report import Report, check
from graph.quads import Quads
from ontology import GRAPH, ID, VDG
from ontology.docs import render_html
from ontology.quality import RuleError, load_rules, parse_rule
from tests.conftest import FIXTURES, run_vdg

MINI_DATA, MINI_SOURCES = FIXTURES / "mini" / "data", FIXTURES / "mini" / "sources"
SOURCE = GRAPH["mini-source"]
REVENUE, RANK, TARGET = ID["observation/test-revenue-2018"], ID["observation/test-rank-2018"], ID["observation/test-productivity-target"]
PERSON, HOLDING, POST = ID["person/nguyen-van-a"], ID["holding/nguyen-van-a-test-minister"], ID["post/test-minister"]
DECREE, STATUS = ID["legal/test-decree"], ID["status/test-decree-submitted"]


@pytest.fixture()
def mini_ds() -> Dataset:
    """A fresh build of the small fixture data set (tests change it)."""
    return build(MINI_DATA, MINI_SOURCES).dataset


def add(ds: Dataset, *triples: tuple) -> None:
    for triple in triples:
        ds.graph(SOURCE).add(triple)


def remove(ds: Dataset, pattern: tuple) -> None:
    for graph in list(ds.graphs()):
        graph.remove(pattern)


def replace(ds: Dataset, s: URIRef, p: URIRef, o: object) -> None:
    remove(ds, (s, p, None))
    add(ds, (s, p, o))


def copy_node(ds: Dataset, src: URIRef, dst: URIRef) -> None:
    """A second observation with the same triples as src (labels included)."""
    for _, p, o in list(ds.graph(SOURCE).triples((src, None, None))):
        add(ds, (dst, p, o))


def run(ds: Dataset) -> Report:
    return check(Quads.from_dataset(ds), reasoner=False)


def found(report: Report, rule: str, entity: URIRef, severity: str | None = None) -> list:
    hits = [f for f in report.findings if f.rule == rule and f.entity == str(entity)
            and (severity is None or f.severity == severity)]
    assert hits, f"{rule} did not report {entity}; got {[(f.rule, f.entity, f.severity) for f in report.findings]}"
    return hits


def violations(report: Report) -> list[tuple[str, str]]:
    return [(f.rule, f.entity) for f in report.findings if f.severity == "violation"]


# --- clean graphs ------------------------------------------------------------------------------

def test_mini_fixture_is_clean(mini_ds: Dataset) -> None:
    report = run(mini_ds)
    assert violations(report) == []
    assert [f for f in report.findings if f.severity == "warning"] == []


@pytest.fixture(scope="module")
def article_report(built: BuildResult) -> Report:
    return run(built.dataset)


def test_article_graph_has_no_violation(article_report: Report) -> None:
    assert violations(article_report) == []


def test_article_tensions_are_warnings_with_both_quotes(article_report: Report) -> None:
    (exports,) = found(article_report, "exports-above-revenue", ID["observation/ict-industry-exports-2018"], "warning")
    assert exports.other_entity == str(ID["observation/ict-industry-revenue-2018"])
    assert any("ước đạt 94 tỉ USD" in q for q in exports.quotes)
    assert any("ước đạt 89,9 tỉ USD" in q for q in exports.other_quotes)
    assert exports.sources == (str(ID["source/article-004"]),)
    (corrected,) = found(article_report, "corrected-figure", ID["observation/vietnam-mobile-coverage"], "warning")
    assert "997%" in corrected.message and "99.7" in corrected.message and "missing decimal comma" in corrected.message
    assert any("997% dân số" in q for q in corrected.quotes)
    found(article_report, "conflicts-with", ID["observation/un-egdi-group-75"], "info")
    # a growth over 100% with a base period is not a share: the 112.6% stands
    assert not [f for f in article_report.findings if f.entity.endswith("ict-sector-revenue-growth-2018")]


# --- every shape fires on its fault ------------------------------------------------------------

BAD_IRI = URIRef("https://w3id.org/vdg/id/agency/Bad_Slug")


def _bad_iri(ds: Dataset) -> None:
    add(ds, (BAD_IRI, RDF.type, VDG.Agency), (BAD_IRI, RDFS.label, Literal("Sai", lang="vi")),
        (BAD_IRI, RDFS.label, Literal("Bad", lang="en")), (BAD_IRI, VDG.quote, Literal("x")),
        (BAD_IRI, PROV.wasDerivedFrom, ID["source/mini-source"]))



CHANGE, MINISTRY, MINI_SOURCE = ID["change/test-change"], ID["agency/test-ministry"], ID["source/mini-source"]


def _change(ds: Dataset, *triples: tuple) -> None:
    """A dated merger with its label, source and quote; the triples given add its agencies."""
    add(ds, (CHANGE, RDF.type, VDG.ChangeEvent), (CHANGE, VDG.changeKind, VDG.Merged), (CHANGE, VDG.date, _year(2025)),
        (CHANGE, RDFS.label, Literal("Hợp nhất", lang="vi")), (CHANGE, RDFS.label, Literal("Merger", lang="en")),
        (CHANGE, PROV.wasDerivedFrom, MINI_SOURCE), (CHANGE, VDG.quote, Literal("Bộ Thử Nghiệm")), *triples)


PACKAGE, PROVINCE = ID["source/test-package"], ID["area/province-test"]


def _package(ds: Dataset, *triples: tuple) -> None:
    """A package dataset with its labels, language and package name; the triples given add the rest."""
    add(ds, (PACKAGE, RDF.type, VDG.PackageDataset), (PACKAGE, RDFS.label, Literal("Gói", lang="vi")),
        (PACKAGE, RDFS.label, Literal("Package", lang="en")), (PACKAGE, VDG.language, Literal("vi", datatype=XSD.language)),
        (PACKAGE, VDG.packageName, Literal("test-units")), *triples)


def _province(ds: Dataset, *triples: tuple) -> None:
    """A province from the package dataset above, citing its record code; the triples given add the rest."""
    _package(ds, (PACKAGE, VDG.packageVersion, Literal("1.0")))
    add(ds, (PROVINCE, RDF.type, VDG.Province), (PROVINCE, RDFS.label, Literal("Tỉnh Thử", lang="vi")),
        (PROVINCE, RDFS.label, Literal("Tỉnh Thử", lang="en")), (PROVINCE, PROV.wasDerivedFrom, PACKAGE),
        (PROVINCE, VDG.recordCode, Literal("07")), *triples)


def _year(year: int) -> Literal:
    """A year as the builder writes it: the first instant of the year (its precision is beside it)."""
    return Literal(f"{year}-01-01T00:00:00", datatype=XSD.dateTime)


SHAPE_FAULTS = {
    "iri-slug": (lambda ds: _bad_iri(ds), "IndividualShape", BAD_IRI, "violation"),
    "no-vi-label": (lambda ds: remove(ds, (PERSON, RDFS.label, Literal("Nguyễn Văn A", lang="vi"))),
                    "IndividualShape", PERSON, "violation"),
    "two-en-labels": (lambda ds: add(ds, (PERSON, RDFS.label, Literal("Mr A", lang="en"))),
                      "IndividualShape", PERSON, "violation"),
    "label-language": (lambda ds: add(ds, (PERSON, RDFS.label, Literal("M. A", lang="fr"))),
                       "IndividualShape", PERSON, "violation"),
    "no-quote": (lambda ds: remove(ds, (PERSON, VDG.quote, None)), "EvidenceShape", PERSON, "violation"),
    "no-source": (lambda ds: remove(ds, (DECREE, PROV.wasDerivedFrom, None)), "EvidenceShape", DECREE, "violation"),
    "no-file-name": (lambda ds: remove(ds, (ID["source/mini-source"], VDG.fileName, None)),
                     "SourceDocumentShape", ID["source/mini-source"], "violation"),
    "post-no-agency": (lambda ds: remove(ds, (POST, VDG.postIn, None)), "PostShape", POST, "warning"),
    "holding-no-holder": (lambda ds: remove(ds, (HOLDING, VDG.holder, None)), "PostHoldingShape", HOLDING, "violation"),
    "holding-holder-not-person": (lambda ds: replace(ds, HOLDING, VDG.holder, POST), "PostHoldingShape", HOLDING,
                                  "violation"),
    "legal-untyped": (lambda ds: (remove(ds, (DECREE, RDF.type, VDG.Decree)), add(ds, (DECREE, RDF.type, VDG.LegalDocument))),
                      "LegalDocumentTypeShape", DECREE, "violation"),
    "legal-no-status": (lambda ds: remove(ds, (STATUS, VDG.statusOf, None)), "LegalDocumentStatusShape", DECREE, "warning"),
    "status-no-status": (lambda ds: remove(ds, (STATUS, VDG.status, None)), "StatusAssertionShape", STATUS, "violation"),
    "obs-no-indicator": (lambda ds: remove(ds, (REVENUE, VDG.indicator, None)), "ObservationShape", REVENUE, "violation"),
    "obs-no-unit": (lambda ds: remove(ds, (REVENUE, VDG.unit, None)), "ObservationShape", REVENUE, "violation"),
    "obs-no-stated-value": (lambda ds: remove(ds, (REVENUE, VDG.statedValue, None)), "ObservationShape", REVENUE,
                            "violation"),
    "obs-no-value": (lambda ds: remove(ds, (REVENUE, VDG.value, None)), "ObservationShape", REVENUE, "violation"),
    "obs-value-and-range": (lambda ds: add(ds, (TARGET, VDG.value, Literal(35))), "ObservationShape", TARGET, "violation"),
    "obs-value-string": (lambda ds: replace(ds, REVENUE, VDG.value, Literal("a lot")), "ObservationShape", REVENUE,
                         "violation"),
    "obs-min-above-max": (lambda ds: replace(ds, TARGET, VDG.minValue, Literal(50)), "ObservationShape", TARGET,
                          "violation"),
    "obs-period-not-year": (lambda ds: replace(ds, REVENUE, VDG.period, Literal("2018")), "ObservationShape", REVENUE,
                            "violation"),
    "obs-no-period": (lambda ds: remove(ds, (REVENUE, VDG.period, None)), "ObservationPeriodShape", REVENUE, "warning"),
    # a period of several months (2018-H1: period 2018-01, periodEnd 2018-06)
    "period-end-before-start": (lambda ds: add(ds, (REVENUE, VDG.periodEnd, _year(2017))), "ObservationShape", REVENUE,
                                "violation"),
    "period-end-without-start": (lambda ds: (add(ds, (REVENUE, VDG.periodEnd, _year(2019))),
                                             remove(ds, (REVENUE, VDG.period, None))),
                                 "PeriodEndStartShape", REVENUE, "violation"),
    "period-end-2150": (lambda ds: add(ds, (REVENUE, VDG.periodEnd, _year(2150))), "PlausibleYearShape", REVENUE,
                        "violation"),
    "base-period-end-without-start": (lambda ds: add(ds, (REVENUE, VDG.basePeriodEnd, _year(2017))),
                                      "BasePeriodEndStartShape", REVENUE, "violation"),
    "percent-share-150": (lambda ds: (replace(ds, REVENUE, VDG.unit, VDG.Percent), replace(ds, REVENUE, VDG.value, Literal(150))),
                          "PercentRangeShape", REVENUE, "violation"),
    "percent-range-max-120": (lambda ds: replace(ds, TARGET, VDG.maxValue, Literal(120)), "PercentRangeShape", TARGET,
                              "violation"),
    "percent-negative-share": (lambda ds: (replace(ds, REVENUE, VDG.unit, VDG.Percent),
                                           replace(ds, REVENUE, VDG.value, Literal(Decimal("-5")))),
                               "PercentRangeShape", REVENUE, "violation"),
    "percent-change-below-100": (lambda ds: (replace(ds, REVENUE, VDG.unit, VDG.Percent),
                                             replace(ds, REVENUE, VDG.value, Literal(-150)),
                                             add(ds, (REVENUE, VDG.basePeriod, _year(2017)))),
                                 "PercentChangeShape", REVENUE, "violation"),
    "rank-above-out-of": (lambda ds: replace(ds, RANK, VDG.value, Literal(200)), "RankShape", RANK, "violation"),
    "rank-zero": (lambda ds: replace(ds, RANK, VDG.value, Literal(0)), "RankShape", RANK, "violation"),
    "year-1900": (lambda ds: replace(ds, REVENUE, VDG.period, _year(1900)),
                  "PlausibleYearShape", REVENUE, "violation"),
    "year-2150": (lambda ds: add(ds, (STATUS, VDG.year, _year(2150))),
                  "PlausibleYearShape", STATUS, "violation"),
    # time and change (issue 15)
    "holding-start-1900": (lambda ds: add(ds, (HOLDING, VDG.startDate, _year(1900))),
                           "PlausibleYearShape", HOLDING, "violation"),
    "holding-ends-before-it-starts": (lambda ds: add(ds, (HOLDING, VDG.startDate, _year(2020)),
                                                     (HOLDING, VDG.endDate, _year(2019))),
                                      "HoldingIntervalShape", HOLDING, "violation"),
    "change-without-agencies": (lambda ds: _change(ds), "ChangeEventShape", CHANGE, "violation"),
    "change-of-a-post": (lambda ds: _change(ds, (CHANGE, VDG.originalOrganization, POST)),
                         "ChangeEventShape", CHANGE, "violation"),
    "change-resulting-in-a-post": (lambda ds: _change(ds, (CHANGE, VDG.originalOrganization, MINISTRY),
                                                      (CHANGE, VDG.resultingOrganization, POST)),
                                   "ChangeEventShape", CHANGE, "violation"),
    "change-without-kind": (lambda ds: (_change(ds, (CHANGE, VDG.originalOrganization, MINISTRY)),
                                        remove(ds, (CHANGE, VDG.changeKind, None))),
                            "ChangeEventShape", CHANGE, "violation"),
    "change-without-date": (lambda ds: (_change(ds, (CHANGE, VDG.originalOrganization, MINISTRY)),
                                        remove(ds, (CHANGE, VDG.date, None))),
                            "ChangeEventDateShape", CHANGE, "warning"),
    "legal-out-of-force-before-in-force": (lambda ds: add(ds, (DECREE, VDG.inForce, _year(2020)),
                                                          (DECREE, VDG.noLongerInForce, _year(2019))),
                                           "LegalDatesShape", DECREE, "violation"),
    # structured sources (DESIGN.md §3)
    "package-without-version": (lambda ds: _package(ds), "PackageDatasetShape", PACKAGE, "violation"),
    "package-with-a-file-name": (lambda ds: _package(ds, (PACKAGE, VDG.packageVersion, Literal("1.0")),
                                                     (PACKAGE, VDG.fileName, Literal("units.txt"))),
                                 "PackageDatasetShape", PACKAGE, "violation"),
    "province-without-code": (lambda ds: _province(ds), "ProvinceShape", PROVINCE, "violation"),
    "province-code-not-digits": (lambda ds: _province(ds, (PROVINCE, VDG.officialCode, Literal("HN"))),
                                 "ProvinceShape", PROVINCE, "violation"),
    "province-with-neither-quote-nor-code": (lambda ds: (_province(ds, (PROVINCE, VDG.officialCode, Literal("07"))),
                                                         remove(ds, (PROVINCE, VDG.recordCode, None))),
                                             "EvidenceShape", PROVINCE, "violation"),
    "web-source-without-retrieval-date": (lambda ds: add(ds, (MINI_SOURCE, VDG.url, Literal("https://example.org/a"))),
                                          "WebSourceShape", MINI_SOURCE, "violation"),
}


@pytest.mark.parametrize("fault", sorted(SHAPE_FAULTS))
def test_shape_fires_on_its_fault(mini_ds: Dataset, fault: str) -> None:
    inject, shape, entity, severity = SHAPE_FAULTS[fault]
    inject(mini_ds)
    report = run(mini_ds)
    hits = found(report, shape, entity, severity)
    assert all(h.message for h in hits)
    if severity == "warning":
        assert violations(report) == [] or fault == "legal-no-status"  # also breaks StatusAssertionShape


def test_a_province_from_a_package_with_its_code_is_clean(mini_ds: Dataset) -> None:
    """A record code stands in for a quote, and a package dataset needs no file name."""
    _province(mini_ds, (PROVINCE, VDG.officialCode, Literal("07")))
    assert violations(run(mini_ds)) == []


def test_a_merger_of_provinces_is_clean(mini_ds: Dataset) -> None:
    """A change event may name province-level units before and after it (the 2025 arrangement)."""
    _province(mini_ds, (PROVINCE, VDG.officialCode, Literal("07")))
    merged = ID["area/province-test-merged"]
    add(mini_ds, (merged, RDF.type, VDG.Province), (merged, RDFS.label, Literal("Tỉnh Mới", lang="vi")),
        (merged, RDFS.label, Literal("Tỉnh Mới", lang="en")), (merged, PROV.wasDerivedFrom, PACKAGE),
        (merged, VDG.recordCode, Literal("08")), (merged, VDG.officialCode, Literal("08")))
    _change(mini_ds, (CHANGE, VDG.originalOrganization, PROVINCE), (CHANGE, VDG.resultingOrganization, merged))
    assert violations(run(mini_ds)) == []


def test_growth_over_a_base_period_may_exceed_100(mini_ds: Dataset) -> None:
    replace(mini_ds, REVENUE, VDG.unit, VDG.Percent)
    replace(mini_ds, REVENUE, VDG.value, Literal(Decimal("112.6")))
    add(mini_ds, (REVENUE, VDG.basePeriod, _year(2017)))
    add(mini_ds, (REVENUE, VDG.basePeriodPrecision, VDG.YearPrecision))
    assert violations(run(mini_ds)) == []


def test_every_shape_has_comment_and_message() -> None:
    from ontology.quality import load_shapes

    shapes = load_shapes()
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    assert len(node_shapes) >= 12
    for shape in node_shapes:
        assert shapes.value(shape, RDFS.comment) is not None, shape
        assert shapes.value(shape, SH.message) is not None, shape
    tested = {v[1] for v in SHAPE_FAULTS.values()}
    assert {str(s).rsplit("#", 1)[-1] for s in node_shapes} <= tested


# --- every rule fires on its fault -------------------------------------------------------------

NEW = ID["observation/test-new"]
BASE = ID["observation/test-revenue-2017"]


def _export_above_revenue(ds: Dataset) -> None:
    copy_node(ds, REVENUE, NEW)
    replace(ds, NEW, VDG.indicator, ID["indicator/export-value"])
    replace(ds, NEW, VDG.value, Literal(3000000000000000))
    replace(ds, REVENUE, VDG.indicator, ID["indicator/revenue"])


def _growth(ds: Dataset, value: object) -> None:
    copy_node(ds, REVENUE, BASE)
    replace(ds, BASE, VDG.period, _year(2017))
    replace(ds, BASE, VDG.value, Literal(1000000000000000))  # 2.65e15 over 1e15: +165%
    copy_node(ds, REVENUE, NEW)
    replace(ds, NEW, VDG.indicator, ID["indicator/test-revenue-growth"])
    replace(ds, NEW, VDG.unit, VDG.Percent)
    replace(ds, NEW, VDG.value, Literal(value))
    add(ds, (NEW, VDG.basePeriod, _year(2017)))
    add(ds, (NEW, VDG.basePeriodPrecision, VDG.YearPrecision))


def _second_value(ds: Dataset) -> None:
    copy_node(ds, REVENUE, NEW)
    replace(ds, NEW, VDG.value, Literal(2700000000000000))


RULE_FAULTS = {
    "conflicting-values": (_second_value, NEW, REVENUE, "violation"),  # pairs ordered by IRI
    "exports-above-revenue": (_export_above_revenue, NEW, REVENUE, "warning"),
    "growth-mismatch": (lambda ds: _growth(ds, 10), NEW, REVENUE, "warning"),
    "corrected-without-note": (lambda ds: add(ds, (REVENUE, VDG.corrected, Literal(True))), REVENUE, None, "violation"),
    "corrected-figure": (lambda ds: add(ds, (REVENUE, VDG.corrected, Literal(True)),
                                        (REVENUE, VDG.editorialNote, Literal("misprint fixed"))), REVENUE, None, "warning"),
    "conflicts-with": (lambda ds: add(ds, (RANK, VDG.conflictsWith, REVENUE),
                                      (RANK, VDG.editorialNote, Literal("tension"))), RANK, REVENUE, "info"),
}


@pytest.mark.parametrize("rule", sorted(RULE_FAULTS))
def test_rule_fires_on_its_fault(mini_ds: Dataset, rule: str) -> None:
    inject, entity, other, severity = RULE_FAULTS[rule]
    inject(mini_ds)
    (hit,) = found(run(mini_ds), rule, entity, severity)
    assert hit.other_entity == (str(other) if other else None)
    assert hit.sources == (str(ID["source/mini-source"]),) and hit.quotes
    if other:
        assert hit.other_quotes


def test_rules_are_all_tested_and_documented() -> None:
    rules = load_rules()
    assert set(rules) == set(RULE_FAULTS)
    for rule in rules.values():
        assert rule.summary.get("en") and rule.summary.get("vi") and rule.message
        assert "?source" in rule.text and "?quote" in rule.text


def test_growth_that_agrees_and_flagged_conflict_are_silent(mini_ds: Dataset) -> None:
    _growth(mini_ds, 165)
    _second_value(mini_ds)  # a second 2018 value would also shift growth: flag it as a known conflict
    add(mini_ds, (NEW, VDG.conflictsWith, REVENUE))
    rules = {f.rule for f in run(mini_ds).findings}
    assert "conflicting-values" not in rules and "conflicts-with" in rules


def test_a_half_year_and_its_first_month_are_no_conflict(mini_ds: Dataset) -> None:
    """2018-01 (a month) and 2018-H1 (period 2018-01 to periodEnd 2018-06) are different periods."""
    _second_value(mini_ds)
    for node in (REVENUE, NEW):
        replace(mini_ds, node, VDG.period, Literal("2018-01-01T00:00:00", datatype=XSD.dateTime))
        replace(mini_ds, node, VDG.periodPrecision, VDG.MonthPrecision)
    add(mini_ds, (NEW, VDG.periodEnd, Literal("2018-06-01T00:00:00", datatype=XSD.dateTime)),
        (NEW, VDG.periodEndPrecision, VDG.MonthPrecision))
    assert "conflicting-values" not in {f.rule for f in run(mini_ds).findings}
    add(mini_ds, (REVENUE, VDG.periodEnd, Literal("2018-06-01T00:00:00", datatype=XSD.dateTime)),
        (REVENUE, VDG.periodEndPrecision, VDG.MonthPrecision))
    assert "conflicting-values" in {f.rule for f in run(mini_ds).findings}


def test_bad_rule_header_is_refused() -> None:
    with pytest.raises(RuleError, match="severity"):
        parse_rule("#+ severity: fatal\nSELECT ?entity WHERE {}", "bad")
    with pytest.raises(RuleError, match="entity"):
        parse_rule("#+ severity: info\nSELECT ?x WHERE {}", "bad")


# --- the command line --------------------------------------------------------------------------

def test_vdg_check_passes_on_the_article_graph_and_lists_the_tensions() -> None:
    proc = run_vdg("check")
    out = proc.stdout.decode()
    assert proc.returncode == 0, proc.stderr.decode()
    assert "0 violations" in out and "HermiT: consistent" in out
    warnings = out.split("== WARNING", 1)[1].split("== INFO", 1)[0]
    assert "[exports-above-revenue] observation/ict-industry-exports-2018 <-> observation/ict-industry-revenue-2018" in warnings
    assert "ước đạt 94 tỉ USD" in warnings and "ước đạt 89,9 tỉ USD" in warnings
    assert "[corrected-figure] observation/vietnam-mobile-coverage" in warnings and "997%" in warnings


def test_vdg_check_json_and_ttl() -> None:
    proc = run_vdg("check", "--format", "json", "--no-reason")
    assert proc.returncode == 0, proc.stderr.decode()
    data = json.loads(proc.stdout)
    assert data["conforms"] is True and data["counts"]["violation"] == 0
    assert any(f["rule"] == "exports-above-revenue" for f in data["findings"])
    proc = run_vdg("check", "--format", "ttl", "--no-reason")
    assert proc.returncode == 0, proc.stderr.decode()
    g = Graph().parse(data=proc.stdout.decode(), format="turtle")
    assert (None, SH.conforms, Literal(True)) in g
    assert (None, SH.sourceShape, URIRef("https://w3id.org/vdg/rules#exports-above-revenue")) in g


def test_vdg_check_exits_1_on_a_violation(mini: tuple[Path, Path]) -> None:
    data, sources = mini
    text = (data / "observations.yaml").read_text(encoding="utf-8")
    # the builder accepts a value that differs from the wording only when marked corrected
    faulty = text.replace("value: 50\n", 'value: 200\n  corrected: true\n  editorialNote: "injected fault"\n')
    (data / "observations.yaml").write_text(faulty, encoding="utf-8")
    proc = run_vdg("check", "--data", str(data), "--sources", str(sources), "--no-reason")
    assert proc.returncode == 1, proc.stderr.decode()
    assert "[RankShape] observation/test-rank-2018" in proc.stdout.decode()
    clean = FIXTURES / "mini" / "data"
    shutil.copy(clean / "observations.yaml", data / "observations.yaml")
    assert run_vdg("check", "--data", str(data), "--sources", str(sources), "--no-reason").returncode == 0


# --- docs --------------------------------------------------------------------------------------

def test_docs_list_every_term_with_both_labels_offline(tmp_path: Path) -> None:
    from ontology import load_ontology

    onto = load_ontology().graph
    html = render_html(onto)
    terms = [t for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
             for t in onto.subjects(RDF.type, kind) if isinstance(t, URIRef) and t.startswith(str(VDG))]
    assert len(terms) > 80
    from html import escape

    for term in terms:
        local = term.removeprefix(str(VDG))
        section = html.split(f'id="{local}"', 1)[1].split("</section>", 1)[0]
        for lang in ("vi", "en"):
            label = next(str(o) for o in onto.objects(term, RDFS.label) if o.language == lang)
            assert escape(label) in section, (local, lang)
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "<script" not in html
    proc = run_vdg("docs", "-o", str(tmp_path / "docs"))
    assert proc.returncode == 0, proc.stderr.decode()
    assert (tmp_path / "docs" / "index.html").read_text(encoding="utf-8") == html
