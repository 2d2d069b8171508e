"""One HTML page per entity of the graph: labels in Vietnamese and English, type, every statement
grouped by property with the source and the exact quotes of the record in that source's graph,
incoming links, the time span of its dates, a small neighbourhood picture, and for indicators,
agencies and sectors a chart of each figure series over time. Pages are static HTML with no script;
every link is relative, so they work from a static host, from file:// and from the resolver.

Layout: the page of https://w3id.org/vdg/id/<kind>/<slug> is id/<kind>/<slug>.html, two folders
below the site's root; the ontology documentation is ontology/index.html."""

from __future__ import annotations

import base64
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.entity import ENTITY_FORMATS, EntityIndex
from graph.terms import value
from ontology.namespaces import GRAPH_IRI, ID_IRI, PREFIXES, RDF_IRI, RDFS_IRI, VDG_IRI, shorten
from viz.charts import Series, chart_svg
from viz.escaping import visible_bidi
from viz.neighbourhood import neighbourhood_svg
from viz.templating import environment

HERE = Path(__file__).resolve().parent
TYPE, LABEL = RDF_IRI + "type", RDFS_IRI + "label"
ALT = PREFIXES["skos"] + "altLabel"
QUOTE, DERIVED = VDG_IRI + "quote", PREFIXES["prov"] + "wasDerivedFrom"
SKIP = {TYPE, LABEL, ALT, QUOTE, DERIVED}
#: classes whose pages carry charts, and the observation property that points at them
CHART_LINKS = {VDG_IRI + "Indicator": {VDG_IRI + "indicator"},
               VDG_IRI + "Sector": {VDG_IRI + "subject"},
               VDG_IRI + "Agency": {VDG_IRI + "subject", VDG_IRI + "reportedBy"}}
MAX_CHARTS = 24  # per page; the rest are on the pages of their indicators
ROOT = "../../"  # from id/<kind>/<slug>.html to the site's root


def page_path(iri: str) -> str:
    """The site path of an entity's page ('id/agency/mic.html'), from its IRI."""
    return "id/" + iri[len(ID_IRI):] + ".html"


def _labels(quads: list[ox.Quad]) -> dict[str, str]:
    found: dict[str, str] = {}
    for q in quads:
        if q.predicate.value == LABEL and isinstance(q.object, ox.Literal) and q.object.language in ("vi", "en"):
            found.setdefault(q.object.language, q.object.value)
    return found


@dataclass
class Value:
    """One object of a statement: a link (href set), a term of the vocabulary, or a literal."""

    text: str
    href: str | None = None
    text_vi: str | None = None
    datatype: str | None = None


@dataclass
class Evidence:
    """Where statements come from: the named graph, its source and the record's quotes in that graph."""

    graph: str
    source: Value | None
    quotes: list[str] = field(default_factory=list)


class Pages:
    """Makes the page of any entity of an EntityIndex (the ontology's graph gives the labels of
    classes, properties and units)."""

    def __init__(self, index: EntityIndex) -> None:
        self.index = index
        self.template = environment().get_template("entity.html")
        self.css = (HERE / "assets" / "site.css").read_text(encoding="utf-8")
        self._charts: dict[tuple[str, bool, tuple[tuple[int, float], ...]], bytes] = {}

    @cached_property
    def entities(self) -> list[str]:
        return self.index.entities()

    def labels(self, iri: str) -> dict[str, str]:
        """{'vi': ..., 'en': ...}: each falls back to the other language, then to the IRI's short form."""
        found = _labels(self.index.outgoing(iri))
        short = shorten(iri)
        return {"vi": found.get("vi") or found.get("en") or short, "en": found.get("en") or found.get("vi") or short}

    def types(self, iri: str) -> list[str]:
        return sorted(value(q.object) for q in self.index.outgoing(iri) if q.predicate.value == TYPE)

    def href(self, iri: str) -> str | None:
        """The relative link from an entity page to the page of iri (an entity or an ontology term)."""
        if iri.startswith(ID_IRI) and iri in self.index.out:
            return ROOT + page_path(iri)
        if iri.startswith(VDG_IRI):
            return ROOT + "ontology/index.html#" + iri[len(VDG_IRI):]
        return None

    def _value(self, term: Any) -> Value:
        if isinstance(term, ox.NamedNode):
            labels = self.labels(term.value)
            return Value(labels["en"], self.href(term.value), labels["vi"])
        if isinstance(term, ox.Literal):
            if term.language:
                return Value(term.value, datatype="@" + term.language)
            dt = term.datatype.value
            return Value(term.value, datatype=None if dt.endswith("#string") else shorten(dt))
        return Value(value(term))

    def _evidence(self, iri: str) -> dict[str, Evidence]:
        """Per named graph that says something about iri: its source and the record's quotes there."""
        out: dict[str, Evidence] = {}
        for q in self.index.outgoing(iri):
            g = value(q.graph_name)
            ev = out.setdefault(g, Evidence(g, None))
            if q.predicate.value == DERIVED:
                ev.source = self._value(q.object)
            elif q.predicate.value == QUOTE:
                ev.quotes.append(value(q.object))
        return out

    def _series(self, iri: str, types: list[str]) -> list[Series]:
        """The figure series of an indicator (one per subject and unit), or of an agency or sector (one
        per indicator, subject and unit of the figures about it or reported by it): observations with
        a value and a reference period."""
        ancestors = {a for t in types for a in self._ancestors(t)}
        links = next((ps for cls, ps in CHART_LINKS.items() if cls in ancestors), None)
        if links is None:
            return []
        groups: dict[tuple[str, str, str], dict[int, float]] = defaultdict(dict)
        for q in self.index.incoming(iri):
            if q.predicate.value not in links:
                continue
            props: dict[str, str] = {}
            for oq in self.index.outgoing(value(q.subject)):
                props.setdefault(oq.predicate.value, value(oq.object))
            year, number, unit = props.get(VDG_IRI + "period"), props.get(VDG_IRI + "value"), props.get(VDG_IRI + "unit")
            if year is None or number is None or unit is None:
                continue
            indicator = "" if iri == props.get(VDG_IRI + "indicator") else props.get(VDG_IRI + "indicator", "")
            subject = "" if iri == props.get(VDG_IRI + "subject") else props.get(VDG_IRI + "subject", "")
            groups[(indicator, subject, unit)][int(year[:4])] = float(number)
        series = []
        for (indicator, subject, unit), points in sorted(groups.items()):
            name = " — ".join(self.labels(x)["en"] for x in (indicator, subject) if x) or self.labels(iri)["en"]
            series.append(Series(visible_bidi(name), visible_bidi(self.labels(unit)["en"]), sorted(points.items()),
                                 lower_is_better=unit == VDG_IRI + "Rank"))
        return series

    def _ancestors(self, cls: str) -> set[str]:
        seen, todo = {cls}, [cls]
        while todo:
            for q in self.index.outgoing(todo.pop()):
                if q.predicate.value == RDFS_IRI + "subClassOf" and isinstance(q.object, ox.NamedNode):
                    if q.object.value not in seen:
                        seen.add(q.object.value)
                        todo.append(q.object.value)
        return seen

    def chart(self, series: Series) -> str:
        """The chart as a data: URL (the same series drawn once per run)."""
        key = (series.unit, series.lower_is_better, tuple(series.points))  # what the picture shows: shared across pages
        if key not in self._charts:
            self._charts[key] = chart_svg(series)
        return "data:image/svg+xml;base64," + base64.b64encode(self._charts[key]).decode("ascii")

    def _time_span(self, iri: str) -> tuple[str, str, int] | None:
        """Earliest and latest date (as the sources give them: a year, month or day) of the node's own
        dates and of the facts pointing at it."""
        found: list[str] = []
        subjects = [iri] + sorted({value(q.subject) for q in self.index.incoming(iri)})
        for s in subjects:
            found.extend(date for _, date in self.index.dates(s))
        if not found:
            return None
        found.sort()
        return found[0], found[-1], len(found)

    def context(self, iri: str) -> dict[str, Any] | None:
        """Everything the template shows about iri (None when the graph does not know it)."""
        out = self.index.outgoing(iri)
        if not out:
            return None
        labels = self.labels(iri)
        types = self.types(iri)
        evidence = self._evidence(iri)
        statements: dict[str, list[tuple[Value, Evidence]]] = defaultdict(list)
        as_given = dict(self.index.dates(iri))
        precisions = set(self.index.date_properties.values())
        for q in out:
            if q.predicate.value in SKIP or q.predicate.value in precisions:
                continue
            shown = self._value(q.object)
            if q.predicate.value in as_given:  # a date as the source gives it, not the first instant of its year
                date = as_given[q.predicate.value]
                shown = Value(date, datatype={4: "year", 7: "month"}.get(len(date), "day"))
            statements[q.predicate.value].append((shown, evidence[value(q.graph_name)]))
        incoming: dict[str, list[Value]] = defaultdict(list)
        neighbours: list[tuple[str, str, str, bool]] = []
        seen: set[str] = set()
        linked: set[tuple[str, str]] = set()
        for q in self.index.incoming(iri):
            if q.predicate.value in SKIP or (q.predicate.value, value(q.subject)) in linked:
                continue
            linked.add((q.predicate.value, value(q.subject)))
            incoming[q.predicate.value].append(self._value(q.subject))
        for p, stated in statements.items():
            for v, _ in stated:
                if v.href and v.href.startswith(ROOT + "id/") and v.href not in seen:
                    seen.add(v.href)
                    neighbours.append((v.text, v.href, self.labels(p)["en"], True))
        for p, linking in incoming.items():
            for v in linking:
                if v.href and v.href not in seen:
                    seen.add(v.href)
                    neighbours.append((v.text, v.href, self.labels(p)["en"], False))
        series = self._series(iri, types)
        charts = [{"src": self.chart(s), "alt": s.alt(), "series": s} for s in series[:MAX_CHARTS]]
        kind_slug = iri[len(ID_IRI):] if iri.startswith(ID_IRI) else None
        return {
            "iri": iri, "labels": labels, "css": self.css, "root": ROOT,
            "alt": sorted(value(q.object) for q in out if q.predicate.value == ALT),
            "types": [(self._value(ox.NamedNode(t)), shorten(t)) for t in types],
            "statements": [(self.labels(p), shorten(p), self.href(p), values) for p, values in sorted(statements.items())],
            "incoming": [(self.labels(p), shorten(p), self.href(p), values) for p, values in sorted(incoming.items())],
            "sources": [ev for _, ev in sorted(evidence.items()) if ev.source or ev.quotes],
            "graph_label": lambda g: g[len(GRAPH_IRI):] if g.startswith(GRAPH_IRI) else g,
            "time_span": self._time_span(iri),
            "neighbourhood": neighbourhood_svg(labels["en"], neighbours,
                                               f"Neighbourhood of {labels['en']}: {len(neighbours)} linked nodes"),
            "charts": charts, "more_charts": len(series) - len(charts),
            "formats": [(fmt, suffix) for fmt, (_, _, suffix) in ENTITY_FORMATS.items()] if kind_slug else [],
            "slug": kind_slug.rsplit("/", 1)[-1] if kind_slug else "",
        }

    def page(self, iri: str) -> str | None:
        """The HTML page of iri, or None when the graph does not know it."""
        ctx = self.context(iri)
        return None if ctx is None else self.template.render(**ctx)
