"""Serialise the dataset to RDF files, byte-identical from run to run, written atomically."""

from __future__ import annotations

import json

import pyoxigraph as ox
from rdflib import Dataset

from graph.formats import FORMATS
from graph.quads import Quads

# pyoxigraph's writer of each format; JSON-LD is written by rdflib, which can compact it with a context
OX_FORMATS: dict[str, ox.RdfFormat | None] = {
    "ttl": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "jsonld": None,
    "xml": ox.RdfFormat.RDF_XML,
}
RDFLIB_FORMAT = {"ttl": "turtle", "trig": "trig", "nt": "nt", "nq": "nquads", "jsonld": "json-ld", "xml": "xml"}


def _written(data: bytes | None) -> bytes:
    """What pyoxigraph's serialize returned (it returns bytes when given no output file)."""
    assert data is not None
    return data


def serialize_triples(triples: list[ox.Triple]) -> bytes:
    """Triples as N-Triples, in the order given."""
    return _written(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))


def _jsonld(dataset: Dataset, context: dict[str, str]) -> bytes:
    data = json.loads(dataset.serialize(format="json-ld", context=context, auto_compact=True))

    def canon(node: object, ordered: bool = False) -> object:
        """Sort every JSON array but the members of an RDF list (@list), which keep their order."""
        if isinstance(node, dict):
            return {k: canon(v, ordered=k == "@list") for k, v in node.items()}
        if isinstance(node, list):
            items = [canon(v) for v in node]
            return items if ordered else sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
        return node

    return (json.dumps(canon(data), sort_keys=True, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def serialize(quads: Quads, fmt: str) -> bytes:
    """The dataset in one of FORMATS; triple formats hold the union of the named graphs."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    ox_format, keeps_graphs = OX_FORMATS[fmt], FORMATS[fmt][1]
    if ox_format is None:
        return _jsonld(quads.dataset, quads.prefixes)
    if ox_format == ox.RdfFormat.N_QUADS:
        return _written(ox.serialize(quads.items, format=ox_format))
    items: list = quads.by_graph() if keeps_graphs else quads.triples()
    use_prefixes = quads.prefixes if ox_format != ox.RdfFormat.N_TRIPLES else None
    return _written(ox.serialize(items, format=ox_format, prefixes=use_prefixes))
