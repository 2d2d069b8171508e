"""HermiT's inferences over a built dataset: the new facts, and adding them as the graph `graph:inferred`."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from graph.errors import DataError
from graph.quads import Quads
from ontology import GRAPH

INFERRED = GRAPH["inferred"]


@dataclass
class Inferences:
    """What HermiT concluded over a dataset: consistency and the facts not already stated."""

    consistent: bool
    facts: Graph
    seconds: float
    explanation: str = ""


def infer(quads: Quads) -> Inferences:
    """Run HermiT over the union of the dataset; ReasonerError when it cannot run (no Java)."""
    from ontology.reasoner import reason  # owlready2 loads only when reasoning

    union = quads.union()
    result = reason(union)
    facts = Graph(namespace_manager=union.namespace_manager)
    if result.consistent:
        for triple in result.inferred:
            if triple[0] != INFERRED and triple not in union:
                facts.add(triple)
    return Inferences(result.consistent, facts, result.seconds, result.explanation)


def add_inferences(quads: Quads) -> Inferences:
    """Add HermiT's new facts to the dataset as `graph:inferred`; DataError when the data is inconsistent."""
    found = infer(quads)
    if not found.consistent:
        raise DataError(f"HermiT finds the ontology plus data inconsistent: {found.explanation}")
    quads.add_graph(INFERRED, found.facts)
    return found
