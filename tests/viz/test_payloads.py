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


SPOOF = "invoice-\u202egpj.exe"  # shown as "invoice-exe.jpg" if the override were obeyed
ISOLATES = "\u2067abc\u2069 \u2066x\u2069 \u200f\u061c\u202a\u202b\u202c\u202d"
LONG = ("Bộ Thông tin " * 8000) + "tận cùng"  # about 100 KB, with a word only at its end


def tricky() -> Projection:
    g = nx.MultiDiGraph()
    for i, text in enumerate((SPOOF, ISOLATES, LONG)):
        g.add_node(f"https://example.org/n{i}", cls="Agency", group="Agency", label_vi=text, label_en=text, alt=[],
                   small=False, props=[["note", text, text]], sources=[["s", text, text, [text]]])
    g.add_edge("https://example.org/n0", "https://example.org/n2", key="rel", predicate="https://example.org/rel",
               label_vi="rel", label_en="rel")
    add_importance(g)
    return Projection(g, {"Agency": {"vi": "Cơ quan", "en": "Agency"}}, {"rel": {"vi": "rel", "en": "rel"}})


def test_bidi_controls_never_reach_the_page() -> None:
    from viz.escaping import BIDI_CONTROLS

    html = render_html(tricky(), title=SPOOF)
    assert not any(c in html for c in BIDI_CONTROLS)
    assert "invoice-[U+202E]gpj.exe" in html


def test_bidi_and_long_labels_in_the_browser(page: Any, tmp_path: Path) -> None:
    from viz.escaping import BIDI_CONTROLS

    path = tmp_path / "tricky.html"
    write_html(tricky(), path, title=SPOOF)
    pg = page.open(path)
    assert pg.title() == "invoice-[U+202E]gpj.exe"
    pg.evaluate("vdg.select(0, true)")
    heading = pg.locator("#vdg-panel h2").text_content()
    assert heading == "invoice-[U+202E]gpj.exe"
    assert pg.evaluate("vdgNetwork.body.data.nodes.get(0).label") == heading
    pg.evaluate("vdg.select(1, true)")
    shown = pg.locator("#vdg-panel").text_content() + pg.evaluate("vdgNetwork.body.data.nodes.get(1).label")
    assert not any(c in shown for c in BIDI_CONTROLS)
    assert "[U+2067]abc[U+2069]" in shown and "[U+202D]" in shown
    # the 100 KB label: cut with an ellipsis, wrapped inside the panel, which stays its own width
    pg.evaluate("vdg.select(2, true)")
    panel = pg.locator("#vdg-panel")
    heading = pg.locator("#vdg-panel h2").text_content()
    assert heading.endswith("…") and len(heading) == 300 and LONG.startswith(heading[:-1])
    sizes = pg.evaluate("""(() => { const p = document.getElementById('vdg-panel');
        return {scroll: p.scrollWidth, client: p.clientWidth, right: p.getBoundingClientRect().right,
                width: window.innerWidth, dd: Math.max(...[...p.querySelectorAll('dd, blockquote, h2')]
                  .map(e => e.getBoundingClientRect().right))}; })()""")
    assert sizes["scroll"] <= sizes["client"], sizes
    assert sizes["right"] <= sizes["width"] and sizes["dd"] <= sizes["right"], sizes
    assert panel.bounding_box()["width"] < 500
    assert len(pg.evaluate("vdgNetwork.body.data.nodes.get(2).label")) == 60
    pg.fill("#vdg-search", "tan cung")  # the search still reads the whole label
    assert pg.locator("#vdg-results li").count() == 1
    assert len(pg.locator("#vdg-results li").text_content()) == 120
    assert page.blocked == [] and page.errors == []
