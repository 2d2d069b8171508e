"""The view's date control in headless Chromium: the graph as of a day (issue 15) - holdings over their
term, agencies between the changes that made and ended them, legal documents while in force."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


ID = "https://w3id.org/vdg/id/"
VISIBLE = "vdgNetwork.body.data.nodes.get({filter: n => typeof n.id === 'number' && !n.hidden}).map(n => n.id)"


@pytest.fixture()
def opened(page: Any, projection: Any, tmp_path: Path) -> Any:
    opened = page.open_view(projection, tmp_path, "en")
    opened.evaluate("vdg.expandAll()")  # the figures folded under their indicators shown too
    yield opened
    page.assert_clean()


def _shown(opened: Any, projection: Any) -> set[str]:
    order = sorted(projection.graph.nodes)
    return {order[i] for i in opened.evaluate(VISIBLE)}


def test_the_graph_as_of_a_day(opened: Any, projection: Any) -> None:
    everything = set(projection.graph.nodes)
    assert _shown(opened, projection) == everything
    opened.fill("#vdg-date", "2018-10-23")
    shown = _shown(opened, projection)
    assert f"{ID}agency/mic" in shown and f"{ID}agency/most" not in shown
    assert f"{ID}holding/truong-minh-tuan-minister-of-information-and-communications-until-2018" in shown
    assert f"{ID}holding/nguyen-manh-hung-minister-of-information-and-communications" not in shown  # no date
    assert f"{ID}legal/decree-55-2025-nd-cp" not in shown
    assert f"{ID}person/truong-minh-tuan" in shown  # what has no time stays
    opened.fill("#vdg-date", "2025-03-15")
    shown = _shown(opened, projection)
    assert f"{ID}agency/mic" not in shown and f"{ID}agency/most" in shown
    assert f"{ID}legal/decree-55-2025-nd-cp" in shown
    assert f"{ID}holding/truong-minh-tuan-minister-of-information-and-communications-until-2018" not in shown
    assert f"{ID}holding/pham-minh-chinh-chair-national-committee-on-digital-transformation" in shown
    # every node the control hides has a time that excludes the day, and no other is hidden
    for node in everything - shown:
        time = projection.graph.nodes[node].get("time")
        assert time and (time.get("undated") or (time.get("from") or "") > "2025-03-15"
                         or (time.get("to") or "9999") <= "2025-03-15"), node
    opened.fill("#vdg-date", "")
    assert _shown(opened, projection) == everything


def test_date_and_class_filter_combine(opened: Any, projection: Any) -> None:
    agencies = {n for n, g in projection.graph.nodes(data="group") if g == "Agency"}
    opened.uncheck("#vdg-legend input[data-group=Agency]")
    opened.fill("#vdg-date", "2025-03-15")
    assert not agencies & _shown(opened, projection)
    opened.check("#vdg-legend input[data-group=Agency]")
    shown = _shown(opened, projection)
    assert f"{ID}agency/most" in shown and f"{ID}agency/mic" not in shown
    # search finds only what is shown on the day
    opened.fill("#vdg-search", "Ministry of Information and Communications")
    assert "Ministry of Information and Communications" not in opened.locator("#vdg-results li").all_text_contents()
