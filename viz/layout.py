"""Node positions of the view, in screen units: a force-directed layout of the graph without its
bundled figures (igraph's Fruchterman-Reingold, grid-accelerated from 1,000 nodes), then each
bundle's figures on a ring around their indicator and the bundle's own node beside it."""

from __future__ import annotations

import math
import random
from typing import Any

import igraph
import networkx as nx
import numpy as np

SEED = 42
MIN_GAP = 70.0  # screen units between node centres after the layout
SPREAD_LIMIT = 1500  # overlaps are pushed apart up to this many nodes (the pass is quadratic)

Point = tuple[float, float]


def layout(graph: nx.MultiDiGraph, bundles: dict[str, list[str]] | None = None,
           seed: int = SEED) -> dict[str, Point]:
    """Seeded positions of every node of the graph and of each bundle of figures (`bundles`:
    {indicator: [figure, ...]}; the bundle's position keyed "bundle:" + indicator). A bundle takes
    part in the force layout as one node, linked to its indicator and to whatever its figures link
    to; its figures lie on a ring around it."""
    bundles = bundles or {}
    folded = {m: f"bundle:{ind}" for ind, figures in bundles.items() for m in figures}
    nodes = sorted({folded.get(n, n) for n in graph.nodes})
    edges = {(folded.get(u, u), folded.get(v, v)) for u, v in graph.edges()}
    edges |= {(f"bundle:{ind}", ind) for ind in bundles}
    pos = _force(nodes, edges, seed)
    for indicator, figures in sorted(bundles.items()):
        cx, cy = pos[f"bundle:{indicator}"]
        radius = MIN_GAP * max(1.0, len(figures) / 6)
        for k, figure in enumerate(sorted(figures)):
            angle = 2 * math.pi * k / len(figures)
            pos[figure] = (round(cx + radius * math.cos(angle), 1), round(cy + radius * math.sin(angle), 1))
    return pos


def _force(nodes: list[str], links: set[tuple[str, str]], seed: int) -> dict[str, Point]:
    """Fruchterman-Reingold positions of the nodes, scaled to screen units."""
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    edges = sorted({(index[u], index[v]) for u, v in links if u != v})
    rng = random.Random(seed)
    half = math.sqrt(n) / 2  # the grid variant is linear only when the start is spread like this (igraph's own)
    start = [[rng.uniform(-half, half), rng.uniform(-half, half)] for _ in range(n)]
    igraph.set_random_number_generator(rng)  # the grid variant draws random numbers too
    try:
        coords = igraph.Graph(n=n, edges=edges).layout_fruchterman_reingold(seed=start, grid="auto").coords
    finally:
        igraph.set_random_number_generator(random)
    xy = np.array(coords, dtype=float)
    xy -= xy.mean(axis=0)
    xy /= max(float(np.abs(xy).max()), 1e-9)
    xy *= 120.0 * math.sqrt(n) + 200
    if n <= SPREAD_LIMIT:
        xy = _spread(xy, MIN_GAP)
    pos: dict[str, Point] = {}
    taken: set[Point] = set()
    for node, (x, y) in zip(nodes, xy):
        point = (round(float(x), 1), round(float(y), 1))
        while point in taken:  # two nodes never share a point (above SPREAD_LIMIT no pass pushes them apart)
            point = (round(point[0] + 0.1, 1), point[1])
        taken.add(point)
        pos[node] = point
    return pos


def _spread(xy: "np.ndarray[Any, Any]", gap: float, rounds: int = 10) -> "np.ndarray[Any, Any]":
    """Push apart points closer than gap (a few deterministic relaxation rounds)."""
    for _ in range(rounds):
        diff = xy[:, None, :] - xy[None, :, :]
        dist = np.sqrt((diff ** 2).sum(-1))
        np.fill_diagonal(dist, np.inf)
        close = dist < gap
        if not close.any():
            break
        safe = np.where(close, np.maximum(dist, 1e-3), gap)
        push = np.where(close, (gap - safe) / safe / 2, 0.0)
        xy = xy + (diff * push[:, :, None]).sum(1)
    return xy
