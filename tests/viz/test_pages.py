"""Entity pages over hostile data: markup in labels and quotes is escaped, bidirectional controls
stay isolated, charts are deterministic SVG with their figures as alt text."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pyoxigraph as ox

from graph.entity import EntityIndex
from graph.quads import Quads
from ontology.namespaces import GRAPH_IRI, ID_IRI, PREFIXES, RDF_IRI, RDFS_IRI, VDG_IRI
from viz.charts import Series, chart_svg
from viz.pages import Pages
from viz.site import index_page

RLO = "\u202e"
EVIL, OTHER, SOURCE = ID_IRI + "agency/evil", ID_IRI + "agency/other", ID_IRI + "source/s1"
PAYLOAD = f'<script>alert(1)</script>{RLO}gnp.exe "><img src=x onerror=alert(2)>'


def _quads() -> Quads:
    g = ox.NamedNode(GRAPH_IRI + "s1")
    n, lit = ox.NamedNode, ox.Literal

    def q(s: str, p: str, o: Any) -> ox.Quad:
        return ox.Quad(n(s), n(p), o, g)

    return Quads([
        q(EVIL, RDF_IRI + "type", n(VDG_IRI + "Agency")),
        q(EVIL, RDFS_IRI + "label", lit(PAYLOAD, language="vi")),
        q(EVIL, RDFS_IRI + "label", lit("</bdi><b>bold</b>", language="en")),
        q(EVIL, PREFIXES["skos"] + "altLabel", lit(f"{RLO}alt<i>", language="vi")),
        q(EVIL, PREFIXES["prov"] + "wasDerivedFrom", n(SOURCE)),
        q(EVIL, VDG_IRI + "quote", lit(f"quote <a href=javascript:alert(3)>x</a>{RLO}")),
        q(EVIL, VDG_IRI + "subOrganizationOf", n(OTHER)),
        q(OTHER, RDF_IRI + "type", n(VDG_IRI + "Agency")),
        q(OTHER, RDFS_IRI + "label", lit(PAYLOAD, language="en")),
        q(SOURCE, RDF_IRI + "type", n(VDG_IRI + "SourceDocument")),
        q(SOURCE, RDFS_IRI + "label", lit("<u>source</u>", language="en")),
    ], {})


class _Tags(HTMLParser):
    """Tags, attributes, and the text outside any <bdi> (where a bidi control would leak)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[str] = []
        self.stack: list[str] = []
        self.title = ""
        self.loose: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [name for name, _ in attrs]
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "title":
            self.title += data
        elif "bdi" not in self.stack and "style" not in self.stack and "script" not in self.stack:
            self.loose.append(data)


def _parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


def test_markup_in_the_data_stays_text() -> None:
    pages = Pages(EntityIndex(_quads()))
    for iri in (EVIL, OTHER, SOURCE):
        html = pages.page(iri)
        assert html is not None
        tags = _parse(html)
        assert "script" not in tags.tags and "img" not in tags.tags and "b" not in tags.tags and "u" not in tags.tags
        assert not [a for a in tags.attrs if a.startswith("on")]
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html or iri == SOURCE


def test_bidi_controls_are_isolated_or_removed() -> None:
    html = Pages(EntityIndex(_quads())).page(EVIL)
    assert html is not None and RLO in html  # the label is shown as the data has it ...
    tags = _parse(html)
    assert RLO not in tags.title  # ... but never where it cannot be isolated
    assert not [text for text in tags.loose if RLO in text]  # ... and elsewhere only inside <bdi>
    assert RLO not in html.split("<svg", 1)[1].split("</svg>", 1)[0]  # the neighbourhood picture's text


def test_statements_carry_source_and_quote() -> None:
    html = Pages(EntityIndex(_quads())).page(EVIL)
    assert html is not None
    row = html.split('id="h-statements"', 1)[1].split("</table>", 1)[0]
    assert "quote &lt;a href=javascript:alert(3)&gt;x&lt;/a&gt;" in row
    assert "../../id/source/s1.html" in row and "../../id/agency/other.html" in row


def test_unknown_entity_has_no_page() -> None:
    assert Pages(EntityIndex(_quads())).page(ID_IRI + "agency/nobody") is None


def test_index_search_data_cannot_close_its_script() -> None:
    pages = Pages(EntityIndex(_quads()))
    from graph.describe import describe

    html = index_page(pages, {VDG_IRI + "Agency": [EVIL, OTHER]}, describe(_quads(), {}))
    assert html.count("</script>") == 2  # the JSON data block and the search script, nothing from the data
    assert "<img src=x" not in html


def test_chart_is_deterministic_svg_with_its_figures_in_the_alt_text() -> None:
    series = Series("Revenue", "Vietnamese dong", [(2017, 1.5e15), (2018, 2.65e15)])
    first, second = chart_svg(series), chart_svg(series)
    assert first == second
    assert first.startswith(b"<?xml") and b"<svg" in first and b"dc:date" not in first
    assert series.alt() == ("Line chart of Revenue (Vietnamese dong) by year — "
                            "2017: 1,500,000,000,000,000; 2018: 2,650,000,000,000,000.")
    assert chart_svg(Series("Revenue", "Vietnamese dong", [(2017, 1.0), (2018, 2.0)])) != first


def test_indicator_and_sector_pages_chart_their_series(built: Any) -> None:
    pages = Pages(EntityIndex(built.quads))
    sector = pages.context(ID_IRI + "sector/ict-sector")
    indicator = pages.context(ID_IRI + "indicator/revenue")
    person = pages.context(ID_IRI + "person/nguyen-manh-hung")
    assert sector is not None and indicator is not None and person is not None
    assert any(c["series"].title == "Revenue" and (2018, 2.65e15) in c["series"].points for c in sector["charts"])
    assert any(c["series"].title == "Information and communications sector" for c in indicator["charts"])
    assert person["charts"] == []
    assert all(c["src"].startswith("data:image/svg+xml;base64,") for c in sector["charts"])


def test_rank_charts_put_first_place_on_top() -> None:
    rank = Series("ICT Index rank", "rank", [(2017, 3.0), (2018, 1.0)], lower_is_better=True)
    assert "reversed" in rank.alt()
    assert chart_svg(rank) != chart_svg(Series("ICT Index rank", "rank", [(2017, 3.0), (2018, 1.0)]))


def test_dates_show_as_the_source_gives_them(built: Any) -> None:
    pages = Pages(EntityIndex(built.quads))
    ctx = pages.context(ID_IRI + "observation/ict-sector-revenue-2018")
    assert ctx is not None
    shown = {short: [v.text for v, _ in values] for _, short, _, values in ctx["statements"]}
    assert shown["vdg:period"] == ["2018"]  # a year, not the first instant of it
    assert "vdg:periodPrecision" not in shown
    mic = pages.context(ID_IRI + "agency/mic")
    assert mic is not None and mic["time_span"] is not None
    assert all(len(d) in (4, 7, 10) and "T" not in d for d in mic["time_span"][:2])
