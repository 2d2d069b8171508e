"""Counts that summarise a built dataset: individuals per class, triples and records per source."""

from __future__ import annotations

from collections import Counter

from rdflib import RDF
from rdflib.namespace import PROV

from graph.quads import Quads
from graph.terms import value
from ontology import GRAPH, VDG


def class_counts(quads: Quads) -> dict[str, int]:
    """Number of individuals asserted to be of each vdg class, by class local name."""
    vdg, rdf_type = str(VDG), str(RDF.type)
    typed = {(value(q.subject), value(q.object)) for q in quads.items
             if q.predicate.value == rdf_type and value(q.object).startswith(vdg) and not value(q.subject).startswith(vdg)}
    counts = Counter(cls.removeprefix(vdg) for _, cls in typed)
    return dict(sorted(counts.items()))


def graph_counts(quads: Quads) -> dict[str, dict[str, int]]:
    """Triples and sourced records in each named graph, by graph name (IRI without its base)."""
    derived = str(PROV.wasDerivedFrom)
    return {
        name.removeprefix(str(GRAPH)): {
            "triples": len(triples),
            "sourced records": len({t.subject for t in triples if t.predicate.value == derived}),
        }
        for name, triples in quads.graphs().items()
    }
