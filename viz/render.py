"""Render a projection as one self-contained, offline HTML page: vis-network (from the pyvis
package) inlined, the layout computed in Python with physics off, the data embedded as escaped JSON."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

from viz.bundles import figure_bundles
from viz.escaping import neutral
from viz.layout import layout
from viz.projection import GROUPS, Projection
from viz.templating import environment

HERE = Path(__file__).resolve().parent
PALETTE = ("#1f77b4", "#d62728", "#ff7f0e", "#bcbd22", "#2ca02c", "#9467bd", "#8c564b",
           "#e377c2", "#17becf", "#7f7f7f", "#aec7e8", "#98df8a", "#c5b0d5", "#ffbb78", "#f7b6d2")
SHAPES = {"Agency": "dot", "Sector": "hexagon", "Person": "star", "Post": "triangle", "PostHolding": "triangleDown",
          "Policy": "diamond", "LegalDocument": "square", "StatusAssertion": "square", "Event": "hexagon",
          "Topic": "dot", "Indicator": "diamond", "Observation": "dot", "Area": "triangle",
          "SourceDocument": "square"}


def json_for_script(data: Any) -> str:
    """JSON text safe inside an HTML <script> element: <, >, &, U+2028 and U+2029 escaped."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                      ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, esc)
    return text


def _vis_assets() -> tuple[str, str]:
    """vis-network's JavaScript and CSS, read from the pyvis package (imported lazily: it imports IPython)."""
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    if "</script" in js.lower() or "</style" in css.lower():
        raise RuntimeError("vis-network assets cannot be inlined safely")
    return js, css


def page_data(proj: Projection, lang: str = "vi", pages: dict[str, str] | None = None) -> dict[str, Any]:
    """The data the page script reads: nodes, edges, labels of classes and predicates, positions
    (every text with its bidirectional controls made visible, see `neutral`)."""
    from pyvis.network import Network  # lazy: pyvis imports IPython

    graph = proj.graph
    order = sorted(graph.nodes)
    index = {node: i for i, node in enumerate(order)}
    bundles = figure_bundles(graph)
    pos = layout(graph, bundles)
    groups = [g for g in GROUPS if any(graph.nodes[n]["group"] == g for n in order)]
    groups += sorted({graph.nodes[n]["group"] for n in order} - set(groups))
    style = {g: {"color": PALETTE[i % len(PALETTE)], "shape": SHAPES.get(g, "dot")} for i, g in enumerate(groups)}
    net = Network(cdn_resources="in_line", directed=True)
    net.toggle_physics(False)
    top = max((graph.nodes[n].get("importance", 0.0) for n in order), default=0.0) or 1.0
    for node in order:
        a = graph.nodes[node]
        size = 5 if a.get("small") else round(10 + 30 * math.sqrt(a.get("importance", 0.0) / top), 1)
        x, y = pos[node]
        net.nodes.append({"id": index[node], "iri": node, "cls": a["cls"], "group": a["group"],
                          "vi": a["label_vi"], "en": a["label_en"], "alt": a.get("alt", []),
                          "x": x, "y": y, "size": size, "props": a.get("props", []),
                          "sources": [[index.get(s[0], -1), s[0], s[1], s[2], s[3]] for s in a.get("sources", [])],
                          "time": a.get("time")})
    for u, v, key in sorted(graph.edges(keys=True)):
        net.edges.append({"from": index[u], "to": index[v], "key": key})
    nodes, edges, _, _, _, _ = net.get_network_data()
    bundled = [{"of": index[ind], "members": [index[m] for m in figures],
                "x": pos[f"bundle:{ind}"][0], "y": pos[f"bundle:{ind}"][1]} for ind, figures in sorted(bundles.items())]
    data = neutral({"lang": lang, "nodes": nodes, "edges": edges, "groups": groups, "style": style,
                    "bundles": bundled,
                    "classLabels": proj.class_labels,
                    "predLabels": proj.predicate_labels})
    data["pages"] = pages  # the static site: {"base": IRI prefix, "prefix": relative path of the pages}
    return data


def render_html(proj: Projection, *, lang: str = "vi", title: str = "VDG", pages: dict[str, str] | None = None) -> str:
    """The complete HTML page for a projection (deterministic for the same input). `pages`
    ({"base": IRI prefix, "prefix": relative path}) links each node under base to its page."""
    if lang not in ("vi", "en"):
        raise ValueError(f"language {lang!r} is not vi or en")
    vis_js, vis_css = _vis_assets()
    assets = HERE / "assets"
    return environment().get_template("graph.html").render(
        title=neutral(title), lang=lang,
        data_json=json_for_script(page_data(proj, lang, pages)),
        vis_js=vis_js, vis_css=vis_css,
        app_js=(assets / "viz.js").read_text(encoding="utf-8"),
        app_css=(assets / "viz.css").read_text(encoding="utf-8"),
    )


def write_html(proj: Projection, path: str | os.PathLike[str], **kwargs: Any) -> int:
    """Write the page to path; return its size in bytes."""
    data = render_html(proj, **kwargs).encode("utf-8")
    Path(path).write_bytes(data)
    return len(data)
