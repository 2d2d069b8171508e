"""When each node of the view holds, for the page's date control: post holdings over their term,
agencies between the change events that made and ended them, legal documents while in force.

Every span is [start, end) in days (ISO text, end excluded); None is an open side. The rules are
those of the catalogue's time questions (post-holders-on-date, in-force-on-date): a start named as
a year or month counts from its first day, an end named as a year or month lasts to its last day;
a person's term in a post joins the starts and ends of every source; a holding shown only "as of"
a day holds for that year; a document holds from its date of force (else its signing) until it is
no longer in force or a document replacing it starts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rdflib import RDF, RDFS, Dataset, Graph
from rdflib.term import Node

from ontology import GRAPH, VDG

#: a node's time on the page: {"from": day or None, "to": day or None} (to excluded), or {"undated": True}
Span = dict[str, Any]
#: change kinds that end the original organisation (a transfer of functions leaves it standing)
_ENDING = {VDG.Merged, VDG.Renamed, VDG.Split, VDG.Dissolved}
_STARTING = {VDG.Founded, VDG.Renamed, VDG.Merged, VDG.Split}


def _day(value: Any) -> dt.date:
    return dt.date.fromisoformat(str(value)[:10])


def _after_span(value: Any, precision: Any) -> str:
    """The first day after the year, month or day a date names."""
    day = _day(value)
    if precision == VDG.YearPrecision:
        return dt.date(day.year + 1, 1, 1).isoformat()
    if precision == VDG.MonthPrecision:
        return (dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)).isoformat()
    return (day + dt.timedelta(days=1)).isoformat()


def spans(dataset: Dataset) -> dict[str, Span]:
    """For each node with a time, its span. Holdings and legal documents that no date places are
    "undated": once the page has a date they are hidden, since nothing says they hold on it; an
    agency with no dated change is not in the map, and stays shown."""
    union = Graph()
    for g in dataset.graphs():
        if g.identifier != GRAPH["ontology"]:
            for triple in g:
                union.add(triple)
    v = union.value
    out: dict[str, Span] = {}
    undated: Span = {"undated": True}

    # post holdings: one term per person and post, joined over the sources
    terms: dict[tuple[Any, Any], tuple[list[str], list[str]]] = {}
    for h in union.subjects(RDF.type, VDG.PostHolding):
        key = (v(h, VDG.holder), v(h, VDG.heldPost))
        starts, ends = terms.setdefault(key, ([], []))
        if v(h, VDG.startDate) is not None:
            starts.append(_day(v(h, VDG.startDate)).isoformat())
        if v(h, VDG.endDate) is not None:
            ends.append(_after_span(v(h, VDG.endDate), v(h, VDG.endDatePrecision)))
    for h in union.subjects(RDF.type, VDG.PostHolding):
        starts, ends = terms[(v(h, VDG.holder), v(h, VDG.heldPost))]
        as_of = v(h, VDG.date)
        if v(h, VDG.startDate) is not None or v(h, VDG.endDate) is not None:
            out[str(h)] = {"from": min(starts) if starts else None, "to": min(ends) if ends else None}
        elif as_of is not None:
            year = _day(as_of).year
            start, end = f"{year}-01-01", f"{year + 1}-01-01"
            start = max([start] + [s for s in starts if s > start])
            end = min([end] + [e for e in ends if e < end])
            out[str(h)] = {"from": start, "to": end}
        else:
            out[str(h)] = undated

    # agencies: from the change that made them to the change that ended them
    made: dict[str, list[str]] = {}
    ended: dict[str, list[str]] = {}
    for event in union.subjects(RDF.type, VDG.ChangeEvent):
        when, kind = v(event, VDG.date), v(event, VDG.changeKind)
        if when is None:
            continue
        day = _day(when).isoformat()
        if kind in _STARTING:
            for agency in union.objects(event, VDG.resultingOrganization):
                made.setdefault(str(agency), []).append(day)
        if kind in _ENDING:
            for agency in union.objects(event, VDG.originalOrganization):
                ended.setdefault(str(agency), []).append(day)
    for name in sorted(set(made) | set(ended)):
        out[name] = {"from": max(made[name]) if name in made else None,
                     "to": min(ended[name]) if name in ended else None}

    # legal documents: in force until out of force or replaced
    def start_of(doc: Node) -> str | None:
        when = v(doc, VDG.inForce) or v(doc, VDG.signed)
        return _day(when).isoformat() if when is not None else None

    legal = set(dataset.graph(GRAPH["ontology"]).transitive_subjects(RDFS.subClassOf, VDG.LegalDocument))
    documents = {s for c in legal for s in union.subjects(RDF.type, c)}
    for doc in sorted(documents, key=str):
        begins = start_of(doc)
        out_of_force = v(doc, VDG.noLongerInForce)
        ends = [_day(out_of_force).isoformat()] if out_of_force is not None else []
        ends += [s for s in (start_of(r) for r in union.subjects(VDG.replaces, doc)) if s is not None]
        out[str(doc)] = {"from": begins, "to": min(ends) if ends else None} if begins else undated
    return out
