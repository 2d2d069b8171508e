"""The HTML view in headless Chromium: offline, drawn, searchable, filterable, bilingual, safe."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


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


def test_draws_every_node_offline(opened: Any, projection: Any) -> None:
    assert opened.evaluate("vdgNetwork.body.data.nodes.length") == projection.graph.number_of_nodes()
    assert opened.evaluate("vdgNetwork.body.data.edges.length") == projection.graph.number_of_edges()
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
    visible = "vdgNetwork.body.data.nodes.get({filter: n => !n.hidden}).length"
    total = projection.graph.number_of_nodes()
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
    assert edge in {d["label_en"] for _, _, d in projection.graph.edges(data=True)}
