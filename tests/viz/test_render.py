"""The page is self-contained, offline and deterministic; the CLI writes it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.conftest import run_vdg
from viz.bundles import figure_bundles
from viz.layout import layout
from viz.render import json_for_script, render_html


def test_no_network_reference(projection: Any) -> None:
    html = render_html(projection)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.I)
    assert "<link" not in html.lower()
    for host in ("jsdelivr", "cdnjs", "unpkg", "bootstrapcdn", "googleapis", "tom-select"):
        assert host not in html.lower()
    assert "vis.Network" in html and "Content-Security-Policy" in html


def test_deterministic_across_processes(tmp_path: Path) -> None:
    """The page is byte-identical from two processes with different hash seeds (set and dict order)."""
    pages = []
    for seed in ("1", "4242"):
        out = tmp_path / f"view-{seed}.html"
        proc = run_vdg("viz", "-o", str(out), env={"PYTHONHASHSEED": seed})
        assert proc.returncode == 0, proc.stderr.decode()
        pages.append(out.read_bytes())
    assert pages[0] == pages[1] and len(pages[0]) > 10_000


def test_json_for_script_escapes() -> None:
    text = json_for_script({"a": "</script><b>&\u2028\u2029"})
    assert not set("<>&\u2028\u2029") & set(text)
    import json
    assert json.loads(text) == {"a": "</script><b>&\u2028\u2029"}


def test_layout_spreads_nodes(projection: Any) -> None:
    bundles = figure_bundles(projection.graph)
    pos = layout(projection.graph, bundles)
    assert set(pos) == set(projection.graph.nodes) | {f"bundle:{i}" for i in bundles}
    points = sorted(pos.values())
    assert len(set(points)) == len(points)
    assert pos == layout(projection.graph, bundles)
    # a bundle's figures lie on a ring around it
    for indicator, figures in bundles.items():
        cx, cy = pos[f"bundle:{indicator}"]
        radii = {round(((pos[f][0] - cx) ** 2 + (pos[f][1] - cy) ** 2) ** 0.5) for f in figures}
        assert max(radii) - min(radii) <= 1


def test_figure_bundles(projection: Any) -> None:
    """Every figure with one indicator is in that indicator's bundle, and nothing else is."""
    graph = projection.graph
    bundles = figure_bundles(graph)
    figures = {n for n, g in graph.nodes(data="group") if g == "Observation"}
    members = {f: i for i, fs in bundles.items() for f in fs}
    assert members and set(members) <= figures
    for figure in figures:
        indicators = {v for _, v, k in graph.out_edges(figure, keys=True) if k == "indicator"}
        assert (members.get(figure) in indicators) if len(indicators) == 1 else figure not in members


def test_cli_viz(tmp_path: Path) -> None:
    out = tmp_path / "g.html"
    run = run_vdg("viz", "-o", str(out), "--lang", "en", "--focus", "agency/mic", "--depth", "1")
    assert run.returncode == 0, run.stderr
    html = out.read_text(encoding="utf-8")
    assert '"lang":"en"' in html and "Ministry of Information and Communications" in html
    bad = run_vdg("viz", "-o", str(out), "--focus", "no-such-node")
    assert bad.returncode == 2 and b"no-such-node" in bad.stderr
