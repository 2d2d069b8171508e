"""GraphML and GEXF export of the projection for network tools such as Gephi: class, group,
labels, importance and size as node attributes, the relation and its labels as edge attributes."""

from __future__ import annotations

import io
import math
import re

import networkx as nx
from rdflib import Dataset

from viz.projection import Projection, project

NODE_ATTRS = ("cls", "group", "label_vi", "label_en", "importance")
EDGE_ATTRS = ("predicate", "label_vi", "label_en")


def flat_graph(proj: Projection) -> nx.MultiDiGraph:
    """A copy of the projection with scalar attributes only (what GraphML and GEXF can hold), in sorted order."""
    g = proj.graph
    top = max((g.nodes[n].get("importance", 0.0) for n in g), default=0.0) or 1.0
    out = nx.MultiDiGraph()
    for node in sorted(g.nodes):
        a = g.nodes[node]
        attrs = {k: a[k] for k in NODE_ATTRS if k in a}
        attrs["label"] = a.get("label_vi", node)
        attrs["size"] = 5.0 if a.get("small") else round(10 + 30 * math.sqrt(a.get("importance", 0.0) / top), 1)
        out.add_node(node, **attrs)
    for u, v, key, a in sorted(g.edges(keys=True, data=True), key=lambda e: e[:3]):
        out.add_edge(u, v, key=key, relation=key, **{k: a[k] for k in EDGE_ATTRS if k in a})
    return out


def to_graphml(dataset: Dataset) -> bytes:
    """The dataset's projection as GraphML (UTF-8)."""
    buf = io.BytesIO()
    nx.write_graphml(flat_graph(project(dataset)), buf, encoding="utf-8")
    return buf.getvalue()


def to_gexf(dataset: Dataset) -> bytes:
    """The dataset's projection as GEXF 1.2 (UTF-8), without a timestamp."""
    buf = io.BytesIO()
    nx.write_gexf(flat_graph(project(dataset)), buf, encoding="utf-8", version="1.2draft")
    return re.sub(rb' lastmodifieddate="[^"]*"', b"", buf.getvalue(), count=1)


WRITERS = {"graphml": to_graphml, "gexf": to_gexf}
