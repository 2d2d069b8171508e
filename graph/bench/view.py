"""Benchmark of the HTML view: layout and generation time, file size and time to first draw in
headless Chromium for synthetic graphs of 500, 5,000 and 20,000 nodes. Run: python3 -m
graph.bench.view [N ...]; `python3 -m graph.bench.view --screenshot viz/screenshot.png` redraws the
README's picture of the article graph."""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import networkx as nx

from viz.bundles import figure_bundles
from viz.layout import layout
from viz.projection import GROUPS, Projection, add_importance
from viz.render import write_html

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def synthetic(n: int, seed: int = 1) -> Projection:
    """A projection of n nodes in the real groups, about 1.5 edges per node, preferential attachment;
    each figure (Observation) also points to the indicator made just before it."""
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    ids = [f"https://example.org/n/{i:06d}" for i in range(n)]
    for i, node in enumerate(ids):
        group = GROUPS[i % len(GROUPS)]
        g.add_node(node, cls=group, group=group, label_vi=f"Nút số {i} đơn vị", label_en=f"Node {i}", alt=[],
                   small=group == "Observation", props=[["value", str(i), str(i)]],
                   sources=[["https://example.org/source", "Nguồn", "Source", [f"trích dẫn {i}"]]])
    indicator = None
    for node in ids:
        if g.nodes[node]["group"] == "Indicator":
            indicator = node
        elif g.nodes[node]["group"] == "Observation" and indicator is not None:
            g.add_edge(node, indicator, key="indicator", predicate="https://example.org/indicator",
                       label_vi="chỉ tiêu", label_en="indicator")
    targets: list[str] = [ids[0]]
    for i, node in enumerate(ids[1:], 1):
        for _ in range(1 if rng.random() < 0.5 else 2):
            other = rng.choice(targets)
            if other != node:
                g.add_edge(node, other, key="rel", predicate="https://example.org/rel", label_vi="liên quan", label_en="related")
                targets.append(other)
        targets.append(node)
    add_importance(g)
    labels = {grp: {"vi": grp, "en": grp} for grp in GROUPS}
    return Projection(g, labels, {"rel": {"vi": "liên quan", "en": "related"}})


def _drawn(pw: Any, path: Path, timeout_ms: int) -> tuple[Any, Any, float]:
    """Open the page in headless Chromium (1400x900, nothing but file: loaded) and wait for vis-network's
    first drawing: the browser, the page and the seconds from navigation to that drawing."""
    browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    start = time.perf_counter()
    page.goto(path.resolve().as_uri())
    page.wait_for_function("window.vdg && window.vdg.drawn === true", timeout=timeout_ms, polling=50)
    return browser, page, time.perf_counter() - start


def screenshot(out: Path) -> None:
    """Write the article graph's view, as it opens at 1400x900 in headless Chromium, to out (PNG)."""
    import subprocess

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        html = Path(tmp) / "vdg.html"
        subprocess.run([sys.executable, "-m", "graph.cli", "viz", "-o", str(html)], check=True)
        with sync_playwright() as pw:
            browser, page, _ = _drawn(pw, html, 60_000)
            page.screenshot(path=str(out))
            browser.close()


def first_draw(path: Path) -> float | None:
    """Seconds from navigation to vis-network's first drawing, or None without a browser."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path(CHROMIUM).exists():
        return None
    with sync_playwright() as pw:
        browser, _, seconds = _drawn(pw, path, 300_000)
        browser.close()
    return seconds


def measure(n: int) -> tuple[int, float, int, float | None, float]:
    """For a synthetic graph of n nodes: its edges, seconds to generate the page, the page's
    bytes, seconds to first draw in headless Chromium (None without a browser) and seconds of
    the layout alone (part of the generation)."""
    proj = synthetic(n)
    start = time.perf_counter()
    layout(proj.graph, figure_bundles(proj.graph))
    laid = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"bench-{n}.html"
        start = time.perf_counter()
        size = write_html(proj, path)
        gen = time.perf_counter() - start
        return proj.graph.number_of_edges(), gen, size, first_draw(path), laid


def main(sizes: list[int]) -> None:
    print(f"{'nodes':>7} {'edges':>7} {'layout s':>8} {'generate s':>10} {'size MB':>8} {'first draw s':>12}")
    for n in sizes:
        edges, gen, size, draw, laid = measure(n)
        shown = f"{draw:12.2f}" if draw is not None else f"{'n/a':>12}"
        print(f"{n:>7} {edges:>7} {laid:>8.2f} {gen:>10.2f} {size / 1e6:>8.2f} {shown}", flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--screenshot"] and len(sys.argv) == 3:
        screenshot(Path(sys.argv[2]))
    else:
        main([int(a) for a in sys.argv[1:]] or [500, 5000, 20000])
