"""Project the RDF dataset onto a networkx graph: individuals as nodes, object properties between
them as edges, with class, labels, literal properties and sourced quotes as node attributes."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any, Iterable

import networkx as nx
from rdflib import OWL, RDF, RDFS, Dataset, Literal, URIRef
from rdflib.namespace import PROV, SKOS

from ontology import GRAPH, VDG
from viz.timeline import spans

ONTOLOGY_GRAPH = GRAPH["ontology"]
LANGS = ("vi", "en")
#: Top classes that give a node its colour, shape, legend entry and filter checkbox, in legend order.
GROUPS = ("Agency", "Sector", "Person", "Post", "PostHolding", "Policy", "LegalDocument", "StatusAssertion",
          "Event", "Topic", "Indicator", "Observation", "Area", "SourceDocument")
#: Classes whose members are figures: drawn small, so they do not bury the agencies.
SMALL_GROUPS = ("Observation",)
_SKIP = {RDF.type, RDFS.label, SKOS.altLabel, VDG.quote, PROV.wasDerivedFrom}


@dataclass
class Projection:
    """The networkx view of the dataset and the labels of its classes and predicates.

    Node attributes: cls, group (local names), label_vi, label_en, importance (degree centrality),
    small (bool), alt (list of alternative labels), props (list of [predicate key, text or None,
    target node or None]), sources (list of [source node or IRI, source label, quotes]), and for
    holdings, agencies and legal documents with a time, time (viz.timeline.spans).
    Edge attributes (MultiDiGraph, key = predicate key): predicate (IRI), label_vi, label_en.
    """

    graph: nx.MultiDiGraph
    class_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    predicate_labels: dict[str, dict[str, str]] = field(default_factory=dict)


def local_name(iri: str) -> str:
    """The part of an IRI after its last '#' or '/'."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if ("#" in iri or "/" in iri) else iri


def _labels(graph: Any, term: URIRef) -> dict[str, str]:
    found: dict[str, str] = {}
    for lit in sorted(graph.objects(term, RDFS.label), key=str):
        if isinstance(lit, Literal) and lit.language in LANGS and lit.language not in found:
            found[lit.language] = str(lit)
    name = local_name(str(term))
    return {lang: found.get(lang) or found.get("en") or found.get("vi") or name for lang in LANGS}


def _group(onto: Any, cls: URIRef) -> str:
    """The first of GROUPS that cls is (transitively) a subclass of, else cls's own name."""
    ancestors = {cls} | set(onto.transitive_objects(cls, RDFS.subClassOf))
    for name in GROUPS:
        if VDG[name] in ancestors:
            return name
    return local_name(str(cls))


def _is_a(onto: Any, cls: URIRef, wanted: set[str]) -> bool:
    return any(local_name(str(c)) in wanted for c in {cls} | set(onto.transitive_objects(cls, RDFS.subClassOf)))


def check_classes(onto: Any, wanted: set[str]) -> None:
    """Raise ValueError naming the first of `wanted` that is not the local name of an ontology class."""
    known = {local_name(str(c)) for c in onto.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    for name in sorted(wanted - known):
        close = difflib.get_close_matches(name, sorted(known), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise ValueError(f"unknown class {name!r}: not a class of the ontology{hint}")


def _data_graphs(dataset: Dataset) -> list[Any]:
    return sorted((g for g in dataset.graphs() if g.identifier != ONTOLOGY_GRAPH and len(g)),
                  key=lambda g: str(g.identifier))


def resolve_id(graph: nx.MultiDiGraph, ident: str) -> str:
    """The node whose IRI is ident, or ends with '/ident' (e.g. 'agency/mic' or 'mic'); KeyError if none or ambiguous."""
    if ident in graph:
        return ident
    hits = sorted(n for n in graph if n.endswith("/" + ident.lstrip("/")))
    if len(hits) != 1:
        raise KeyError(f"{ident!r} matches {len(hits)} nodes" + (f": {', '.join(hits[:5])}" if hits else ""))
    return hits[0]


def project(dataset: Dataset, *, focus: str | None = None, depth: int = 1,
            classes: Iterable[str] | None = None) -> Projection:
    """Project the dataset (union of its named graphs, the ontology graph used only for labels and
    classes) onto a networkx MultiDiGraph; optionally keep only the members of `classes` (local
    names, subclasses included; ValueError on a name that is not an ontology class) and the nodes
    within `depth` links of `focus` (KeyError when it matches no node or several)."""
    onto = dataset.graph(ONTOLOGY_GRAPH)
    graphs = _data_graphs(dataset)
    types: dict[URIRef, URIRef] = {}
    for g in graphs:
        for s, o in g.subject_objects(RDF.type):
            # the node's vdg class; the aligned external classes the builder asserts beside it are not drawn
            if (isinstance(s, URIRef) and isinstance(o, URIRef) and o.startswith(VDG)
                    and (s not in types or str(o) < str(types[s]))):
                types[s] = o
    wanted = set(classes) if classes else None
    if wanted is not None:
        check_classes(onto, wanted)
        types = {s: c for s, c in types.items() if _is_a(onto, c, wanted)}

    class_labels: dict[str, dict[str, str]] = {}
    pred_labels: dict[str, dict[str, str]] = {}
    group_of: dict[URIRef, str] = {}
    for cls in sorted(set(types.values()), key=str):
        group_of[cls] = _group(onto, cls)
        class_labels[local_name(str(cls))] = _labels(onto, cls)
    for name in {group_of[c] for c in group_of}:
        class_labels.setdefault(name, _labels(onto, VDG[name]))

    union: dict[URIRef, dict[str, Any]] = {}
    out = nx.MultiDiGraph()
    for s in sorted(types, key=str):
        labels = _labels(_Merged(graphs), s)
        alt = sorted({str(a) for g in graphs for a in g.objects(s, SKOS.altLabel)})
        cls = types[s]
        out.add_node(str(s), cls=local_name(str(cls)), group=group_of[cls], label_vi=labels["vi"],
                     label_en=labels["en"], alt=alt, small=group_of[cls] in SMALL_GROUPS, props=[], sources=[])
        union[s] = out.nodes[str(s)]

    for g in graphs:
        for s in sorted(union, key=str):
            srcs = sorted(str(o) for o in g.objects(s, PROV.wasDerivedFrom))
            quotes = sorted(str(q) for q in g.objects(s, VDG.quote))
            for src in srcs:
                label = _labels(_Merged(graphs), URIRef(src))
                union[s]["sources"].append([src, label["vi"], label["en"], quotes])
    edges: list[tuple[str, str, str, str]] = []
    seen: set[tuple[str, str, str]] = set()
    for g in graphs:
        for s, p, o in g.triples((None, None, None)):
            if s not in union or p in _SKIP or not isinstance(p, URIRef):
                continue
            key = local_name(str(p))
            if key not in pred_labels:
                pred_labels[key] = _labels(onto, p)
            triple = (str(s), str(p), str(o))
            if triple in seen:
                continue
            seen.add(triple)
            if isinstance(o, URIRef) and o in union:
                edges.append((str(s), key, str(p), str(o)))
            elif isinstance(o, URIRef):
                vocab = _labels(onto, o)
                union[s]["props"].append([key, vocab["vi"], vocab["en"]])
            else:
                union[s]["props"].append([key, str(o), str(o)])
    for attrs in union.values():
        attrs["props"].sort()
        attrs["sources"].sort(key=lambda x: (x[0], x[3]))
    for s, key, p, o in sorted(edges):
        out.add_edge(s, o, key=key, predicate=p, label_vi=pred_labels[key]["vi"], label_en=pred_labels[key]["en"])

    if focus is not None:
        centre = resolve_id(out, focus)
        keep = nx.single_source_shortest_path_length(out.to_undirected(as_view=True), centre, cutoff=depth)
        out = nx.MultiDiGraph(out.subgraph(sorted(keep)))
    add_importance(out)
    times = spans(dataset)  # the page's date control shows what holds on a chosen day
    for node, span in times.items():
        if node in out:
            out.nodes[node]["time"] = span
    return Projection(out, class_labels, pred_labels)


def add_importance(graph: nx.MultiDiGraph) -> None:
    """Set each node's `importance`: its degree centrality, rounded so that output is stable."""
    n = graph.number_of_nodes()
    for node, deg in graph.degree():
        graph.nodes[node]["importance"] = round(deg / (n - 1), 6) if n > 1 else 0.0


class _Merged:
    """objects() over several graphs, enough for _labels."""

    def __init__(self, graphs: list[Any]) -> None:
        self.graphs = graphs

    def objects(self, s: Any, p: Any) -> Iterable[Any]:
        for g in self.graphs:
            yield from g.objects(s, p)
