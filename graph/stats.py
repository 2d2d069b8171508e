"""Counts that summarise a built dataset: individuals per class, triples and records per source."""

from __future__ import annotations

from collections import Counter

from rdflib import RDF, Dataset
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import PROV

from ontology import GRAPH, VDG


def class_counts(dataset: Dataset) -> dict[str, int]:
    """Number of individuals asserted to be of each vdg class, by class local name."""
    counts = Counter(
        str(o).removeprefix(str(VDG))
        for s, o in dataset.subject_objects(RDF.type)
        if str(o).startswith(str(VDG)) and not str(s).startswith(str(VDG))
    )
    return dict(sorted(counts.items()))


def graph_counts(dataset: Dataset) -> dict[str, dict[str, int]]:
    """Triples and sourced records in each named graph, by graph name (IRI without its base)."""
    out = {}
    for g in sorted(dataset.graphs(), key=lambda g: str(g.identifier)):
        if g.identifier == DATASET_DEFAULT_GRAPH_ID:
            continue
        name = str(g.identifier).removeprefix(str(GRAPH))
        out[name] = {"triples": len(g), "sourced records": len(set(g.subjects(PROV.wasDerivedFrom)))}
    return out
