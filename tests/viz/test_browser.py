"""The HTML view in headless Chromium: offline, drawn, searchable, filterable, bilingual, safe."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from viz.bundles import figure_bundles

MIC = "https://w3id.org/vdg/id/agency/mic"


@pytest.fixture()
def opened(page: Any, projection: Any, tmp_path: Path) -> Any:
    pg = page.open_view(projection, tmp_path, "vi")
    yield pg
    pg.screenshot(path=str(tmp_path / "vdg.png"))
    assert (tmp_path / "vdg.png").stat().st_size > 10_000
    page.assert_clean()


def _index(projection: Any, iri: str) -> int:
    return sorted(projection.graph.nodes).index(iri)


NODES = "vdgNetwork.body.data.nodes.get({filter: n => typeof n.id === 'number'})"
VISIBLE = "vdgNetwork.body.data.nodes.get({filter: n => typeof n.id === 'number' && !n.hidden}).length"


def test_draws_every_node_offline(opened: Any, projection: Any) -> None:
    bundles = figure_bundles(projection.graph)
    assert opened.evaluate(NODES + ".length") == projection.graph.number_of_nodes()
    assert opened.evaluate("vdgNetwork.body.data.nodes.length") == projection.graph.number_of_nodes() + len(bundles)
    assert opened.evaluate("vdgNetwork.body.data.edges.length") == projection.graph.number_of_edges() + len(bundles)
    # the canvas has been painted with something other than the background
    assert opened.evaluate("""(() => { const c = document.querySelector('#vdg-network canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return true; return false; })()""")


def test_search_ignores_diacritics_and_case(opened: Any, projection: Any) -> None:
    opened.fill("#vdg-search", "bo thong tin")
    items = opened.locator("#vdg-results li").all_text_contents()
    assert "Bộ Thông tin và Truyền thông" in items
    assert opened.evaluate("vdgNetwork.getSelectedNodes()") == [_index(projection, MIC)]
    opened.fill("#vdg-search", "ĐỀ ÁN")
    assert opened.locator("#vdg-results li").count() > 0
    opened.fill("#vdg-search", "BO TT&TT")  # an alternative label
    assert "Bộ Thông tin và Truyền thông" in opened.locator("#vdg-results li").all_text_contents()


def test_class_filter_hides_a_class(opened: Any, projection: Any) -> None:
    visible = VISIBLE
    total = projection.graph.number_of_nodes() - sum(map(len, figure_bundles(projection.graph).values()))
    agencies = sum(1 for _, g in projection.graph.nodes(data="group") if g == "Agency")
    assert opened.evaluate(visible) == total
    opened.uncheck("#vdg-legend input[data-group=Agency]")
    assert opened.evaluate(visible) == total - agencies
    opened.check("#vdg-legend input[data-group=Agency]")
    assert opened.evaluate(visible) == total


def test_click_opens_panel_with_source_quote(opened: Any, projection: Any) -> None:
    i = _index(projection, MIC)
    opened.evaluate(f"vdgNetwork.focus({i}, {{scale: 3, animation: false}})")
    # a point of the drawn node that no other node covers
    pos = opened.evaluate(f"""(() => {{ const c = vdgNetwork.canvasToDOM(vdgNetwork.getPositions([{i}])[{i}]);
        for (let r = 0; r < 150; r += 2) for (let a = 0; a < 6.3; a += 0.2) {{
          const p = {{x: c.x + r * Math.cos(a), y: c.y + r * Math.sin(a)}};
          if (vdgNetwork.getNodeAt(p) === {i}) return p; }} return c; }})()""")
    box = opened.locator("#vdg-network").bounding_box()
    opened.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
    panel = opened.locator("#vdg-panel")
    assert panel.is_visible()
    assert "Bộ Thông tin và Truyền thông" in opened.locator("#vdg-panel h2").text_content()
    quotes = opened.locator("#vdg-panel blockquote").all_text_contents()
    assert quotes and all(q in str(projection.graph.nodes[MIC]["sources"]) for q in quotes)
    relations = opened.locator("#vdg-panel dt").all_text_contents()
    assert "quản lý ngành →" in relations
    selected = opened.evaluate("vdgNetwork.getSelectedNodes()")
    assert set(selected) == {i} | {_index(projection, n) for n in projection.graph.to_undirected(as_view=True)[MIC]}


def test_language_switch_changes_labels(opened: Any, projection: Any) -> None:
    i = _index(projection, MIC)
    assert "Cơ quan, tổ chức" in opened.locator("#vdg-legend").text_content()
    assert opened.evaluate(f"vdgNetwork.body.data.nodes.get({i}).label") == "Bộ Thông tin và Truyền thông"
    opened.check("input[name=vdg-lang][value=en]")
    assert opened.evaluate(f"vdgNetwork.body.data.nodes.get({i}).label") == "Ministry of Information and Communications"
    assert "Cơ quan, tổ chức" not in opened.locator("#vdg-legend").text_content()
    assert "Agency" in opened.locator("#vdg-legend").text_content()
    edge = opened.evaluate("vdgNetwork.body.data.edges.get(0).label")
    if projection.graph.number_of_edges() <= 2000:
        assert edge in {d["label_en"] for _, _, d in projection.graph.edges(data=True)}
    else:  # above 2,000 edges their labels are left to the side panel (drawing them costs more than the rest)
        assert edge is None


def test_figures_folded_under_their_indicator(opened: Any, projection: Any) -> None:
    """Each indicator's figures are one node with their count until it is clicked; the panel folds them again."""
    bundles = figure_bundles(projection.graph)
    order = sorted(projection.graph.nodes)
    indicator, figures = max(sorted(bundles.items()), key=lambda kv: len(kv[1]))
    k = sorted(bundles).index(indicator)
    hidden = f"[{', '.join(str(order.index(f)) for f in figures)}].map(i => vdgNetwork.body.data.nodes.get(i).hidden)"
    assert opened.evaluate(hidden) == [True] * len(figures)
    bundle = opened.evaluate(f"vdgNetwork.body.data.nodes.get('bundle-{k}')")
    assert not bundle.get("hidden") and bundle["label"] == f"{len(figures)} số liệu"
    # click the bundle where it is drawn
    opened.evaluate(f"vdgNetwork.focus('bundle-{k}', {{scale: 2, animation: false}})")
    pos = opened.evaluate(f"vdgNetwork.canvasToDOM(vdgNetwork.getPositions(['bundle-{k}'])['bundle-{k}'])")
    assert opened.evaluate(f"vdgNetwork.getNodeAt({{x: {pos['x']}, y: {pos['y']}}})") == f"bundle-{k}"
    box = opened.locator("#vdg-network").bounding_box()
    opened.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
    assert opened.evaluate(hidden) == [False] * len(figures)
    assert opened.evaluate(f"vdgNetwork.body.data.nodes.get('bundle-{k}').hidden") is True
    # the indicator's panel folds them again
    opened.evaluate(f"vdg.select({order.index(indicator)}, false)")
    opened.locator("#vdg-panel button.bundle").click()
    assert opened.evaluate(hidden) == [True] * len(figures)
    # choosing a folded figure (as from the search list) unfolds its bundle
    opened.evaluate(f"vdg.select({order.index(figures[0])}, true)")
    assert opened.evaluate(hidden)[0] is False


def test_central_labels_readable_at_the_default_zoom(opened: Any, projection: Any) -> None:
    """At the opening zoom the most central agencies have labels of at least 12 screen pixels that do
    not overlap, and labels of the other nodes are below vis-network's drawing threshold."""
    scale = opened.evaluate("vdgNetwork.getScale()")
    labelled = opened.evaluate("vdg.labelled")
    order = sorted(projection.graph.nodes)
    agencies = sorted((n for n, g in projection.graph.nodes(data="group") if g == "Agency"),
                      key=lambda n: (-projection.graph.degree(n), n))[:6]
    main = {MIC, "https://w3id.org/vdg/id/agency/government"}
    assert main <= set(agencies) and {order.index(a) for a in main} <= set(labelled)
    assert len({order.index(a) for a in agencies} & set(labelled)) >= 3
    fonts = opened.evaluate("Object.fromEntries(vdgNetwork.body.data.nodes.get().map(n => [n.id, n.font.size]))")
    assert all(fonts[str(i)] * scale >= 12 for i in labelled)
    assert all(size * scale < 5 for i, size in fonts.items() if i.isdigit() and int(i) not in labelled)
    # the chosen labels' boxes, as vis-network measured them after drawing, do not overlap
    boxes = opened.evaluate(f"""{labelled}.map(i => {{ const b = vdgNetwork.body.nodes[i].labelModule.size;
        const p = vdgNetwork.canvasToDOM({{x: b.left, y: b.top}}), q = vdgNetwork.canvasToDOM({{x: b.left + b.width, y: b.top + b.height}});
        return [p.x, p.y, q.x, q.y]; }})""")
    overlaps = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]]
    assert not overlaps, overlaps
