"""Hostile text in labels, ids, quotes and the title is shown literally and never runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from viz.projection import Projection, add_importance
from viz.render import render_html, write_html

PAYLOADS = ["<img src=x onerror=window.__pwned=1>", "</script><script>window.__pwned=1</script>",
            "\"'><svg onload=window.__pwned=1>", "a\u2028b\u2029c & &amp; <!-- -->"]


def hostile() -> Projection:
    g = nx.MultiDiGraph()
    for i, p in enumerate(PAYLOADS):
        g.add_node(f"https://example.org/{p}", cls=p, group="Agency" if i % 2 else p, label_vi=p, label_en=p + " en",
                   alt=[p], small=False, props=[[p, p, p]], sources=[[p, p, p, [p, "quote " + p]]])
    nodes = sorted(g.nodes)
    for a, b in zip(nodes, nodes[1:]):
        g.add_edge(a, b, key=PAYLOADS[1], predicate=PAYLOADS[0], label_vi=PAYLOADS[2], label_en=PAYLOADS[0])
    add_importance(g)
    labels = {p: {"vi": p, "en": p} for p in PAYLOADS}
    labels["Agency"] = {"vi": PAYLOADS[0], "en": PAYLOADS[1]}
    return Projection(g, labels, {PAYLOADS[1]: {"vi": PAYLOADS[2], "en": PAYLOADS[0]}})


def test_no_raw_payload_in_html() -> None:
    html = render_html(hostile(), title=PAYLOADS[1])
    assert html.lower().count("</script") == 3  # the three script elements of the template
    assert "<img src=x" not in html and "<svg onload" not in html
    assert "\u2028" not in html and "\u2029" not in html
    assert "&lt;/script&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html  # the title


def test_payloads_shown_literally_and_never_run(page: Any, tmp_path: Path) -> None:
    path = tmp_path / "hostile.html"
    write_html(hostile(), path, title=PAYLOADS[1])
    pg = page.open(path)
    assert pg.title() == PAYLOADS[1]
    assert pg.locator("#vdg-title").text_content() == PAYLOADS[1]
    n = len(PAYLOADS)
    assert pg.evaluate("vdgNetwork.body.data.nodes.length") == n
    for i in range(n):
        pg.evaluate(f"vdg.select({i}, true)")
        text = pg.locator("#vdg-panel").text_content()
        label = pg.evaluate(f"vdgNetwork.body.data.nodes.get({i}).label")
        assert label in PAYLOADS
        assert label in pg.locator("#vdg-panel h2").text_content()
        assert "quote " + label in text
    pg.fill("#vdg-search", "onerror")
    assert PAYLOADS[0] in pg.locator("#vdg-results li").all_text_contents()
    pg.check("input[name=vdg-lang][value=en]")
    legend = pg.locator("#vdg-legend").text_content()
    assert PAYLOADS[1] in legend
    pg.screenshot(path=str(tmp_path / "hostile.png"))
    assert pg.evaluate("typeof window.__pwned") == "undefined"
    assert pg.locator("img, svg").count() == 0
    assert page.blocked == [] and page.errors == []
