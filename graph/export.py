"""Serialise the dataset to RDF files, byte-identical from run to run, written atomically."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from graph.formats import FORMATS

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


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The pyoxigraph term for an rdflib term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r}")


def _key(quad: ox.Quad) -> tuple[str, str, str, str]:
    return (str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object))


def sorted_quads(dataset: Dataset) -> list[ox.Quad]:
    """Every quad of the named graphs, in a fixed order."""
    quads = [
        ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g.identifier))
        for g in dataset.graphs()
        if g.identifier != DATASET_DEFAULT_GRAPH_ID
        for s, p, o in g
    ]
    quads.sort(key=_key)
    return quads


def union_graph(dataset: Dataset) -> Graph:
    """All named graphs of the dataset as one rdflib graph."""
    union = Graph()
    for triple in dataset.triples((None, None, None)):
        union.add(triple)
    return union


def to_store(dataset: Dataset) -> ox.Store:
    """An in-memory Oxigraph store holding the dataset's named graphs."""
    store = ox.Store()
    store.bulk_extend(sorted_quads(dataset))
    return store


def sorted_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """The union of the graphs as triples, without duplicates, in a fixed order."""
    unique = {(str(q.subject), str(q.predicate), str(q.object)): q.triple for q in quads}
    return [unique[k] for k in sorted(unique)]


def serialize_graph(graph: Graph) -> bytes:
    """One graph as sorted N-Triples."""
    triples = sorted((ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph), key=str)
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def prefixes(dataset: Dataset) -> dict[str, str]:
    """The dataset's bound prefixes (rdflib's defaults and empty prefixes left out)."""
    return {p: str(n) for p, n in sorted(dataset.namespaces()) if p and p != "xml" and not p.startswith("ns")}


def _jsonld(dataset: Dataset, context: dict[str, str]) -> bytes:
    union = Dataset()
    for g in dataset.graphs():
        if g.identifier != DATASET_DEFAULT_GRAPH_ID:
            target = union.graph(g.identifier)
            for triple in g:
                target.add(triple)
    data = json.loads(union.serialize(format="json-ld", context=context, auto_compact=True))

    def canon(node: object, ordered: bool = False) -> object:
        """Sort every JSON array but the members of an RDF list (@list), which keep their order."""
        if isinstance(node, dict):
            return {k: canon(v, ordered=k == "@list") for k, v in node.items()}
        if isinstance(node, list):
            items = [canon(v) for v in node]
            return items if ordered else sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
        return node

    return (json.dumps(canon(data), sort_keys=True, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def serialize(dataset: Dataset, fmt: str) -> bytes:
    """The dataset in one of FORMATS; triple formats hold the union of the named graphs."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    ox_format, keeps_graphs = OX_FORMATS[fmt], FORMATS[fmt][1]
    names = prefixes(dataset)
    if ox_format is None:
        return _jsonld(dataset, names)
    quads = sorted_quads(dataset)
    items: list = quads if keeps_graphs else sorted_triples(quads)
    use_prefixes = names if ox_format not in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS) else None
    return ox.serialize(items, format=ox_format, prefixes=use_prefixes)


def write_atomic(path: Path, data: bytes) -> None:
    """Write the bytes to path through a temporary file in the same folder, so that a failure
    leaves either the old file or none, never a partial one."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a written file gets the usual mode
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
