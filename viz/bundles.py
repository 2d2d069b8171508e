"""Figures grouped under their indicator: the view draws each group as one node with a count
until it is expanded, so that the figures do not bury the agencies."""

from __future__ import annotations

import networkx as nx

from ontology import VDG
from viz.projection import SMALL_GROUPS, local_name

INDICATOR_KEY = local_name(str(VDG.indicator))


def figure_bundles(graph: nx.MultiDiGraph) -> dict[str, list[str]]:
    """{indicator node: its figures, sorted}: every figure (a node of the small groups) with
    exactly one indicator in the graph."""
    bundles: dict[str, list[str]] = {}
    for node, group in sorted(graph.nodes(data="group")):
        if group not in SMALL_GROUPS:
            continue
        indicators = sorted({v for _, v, key in graph.out_edges(node, keys=True) if key == INDICATOR_KEY})
        if len(indicators) == 1:
            bundles.setdefault(indicators[0], []).append(node)
    return bundles
