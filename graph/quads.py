"""The built dataset as pyoxigraph quads in one canonical order, and the views made from it."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from graph.terms import ox_quad, to_rdflib, value

class Quads:
    """Unique quads, all in named graphs, sorted by their N-Quads text (subject, predicate, object,
    graph), with the prefixes the file formats use. Sorting once here is what makes every export
    byte-identical from run to run without each writer sorting again."""

    def __init__(self, quads: Iterable[ox.Quad], prefixes: dict[str, str]) -> None:
        self.items: list[ox.Quad] = sorted(set(quads), key=str)
        self.prefixes = dict(sorted(prefixes.items()))

    @classmethod
    def from_dataset(cls, dataset: Dataset) -> Quads:
        """The named graphs of an rdflib dataset, with its bound prefixes (rdflib's generated ones left out)."""
        quads = (ox_quad(s, p, o, g.identifier)
                 for g in dataset.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID for s, p, o in g)
        names = {p: str(n) for p, n in dataset.namespaces() if p and p != "xml" and not p.startswith("ns")}
        return cls(quads, names)

    def __len__(self) -> int:
        return len(self.items)

    def triples(self) -> list[ox.Triple]:
        """The union of the graphs: unique triples, sorted (the quads' order already is)."""
        return list(dict.fromkeys(q.triple for q in self.items))

    def by_graph(self) -> list[ox.Quad]:
        """The quads grouped by graph name, each graph's triples in sorted order."""
        return sorted(self.items, key=lambda q: value(q.graph_name))

    def graphs(self) -> dict[str, list[ox.Triple]]:
        """Each named graph's triples, by graph IRI, in sorted order."""
        out: dict[str, list[ox.Triple]] = {}
        for q in self.by_graph():
            out.setdefault(value(q.graph_name), []).append(q.triple)
        return out

    def add_graph(self, name: URIRef, graph: Iterable[tuple[Node, Node, Node]]) -> None:
        """Add rdflib triples as the named graph `name` (to the rdflib view too, if it was made)."""
        triples = list(graph)
        self.items = sorted(set(self.items).union(ox_quad(s, p, o, name) for s, p, o in triples), key=str)
        if "dataset" in self.__dict__:
            into = self.dataset.graph(name)
            for triple in triples:
                into.add(triple)

    def store(self) -> ox.Store:
        """An in-memory Oxigraph store holding the quads."""
        store = ox.Store()
        store.bulk_extend(self.items)
        return store

    @cached_property
    def dataset(self) -> Dataset:
        """The quads as an rdflib dataset (made on first use: the reasoner, SHACL and the view read rdflib)."""
        dataset = Dataset(default_union=True)
        dataset.namespace_manager = NamespaceManager(dataset, bind_namespaces="core")
        for prefix, namespace in self.prefixes.items():
            dataset.bind(prefix, namespace)
        graphs: dict[str, Graph] = {}
        for q in self.items:
            name = value(q.graph_name)
            if name not in graphs:
                graphs[name] = dataset.graph(URIRef(name))
            graphs[name].add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        return dataset

    def union(self) -> Graph:
        """All named graphs as one rdflib graph, with the prefixes bound (from the rdflib view,
        so the terms are converted once)."""
        union = Graph(namespace_manager=self.dataset.namespace_manager)
        for triple in self.dataset.triples((None, None, None)):
            union.add(triple)
        return union
