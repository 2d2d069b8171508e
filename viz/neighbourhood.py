"""A small static picture of a node's neighbourhood: the node in the middle, its neighbours on a
circle, one line per link, each neighbour a link to its page. Plain SVG, no script, escaped text."""

from __future__ import annotations

import math
from html import escape

from viz.escaping import visible_bidi

MAX_NEIGHBOURS = 16
WIDTH, HEIGHT, RADIUS = 640, 360, 130


def _short(text: str, n: int = 28) -> str:
    text = visible_bidi(text)
    return text if len(text) <= n else text[: n - 1] + "…"


def neighbourhood_svg(centre: str, neighbours: list[tuple[str, str, str, bool]], title: str) -> str:
    """SVG for `centre` (its label) and `neighbours` as (label, href, predicate label, outgoing), at most
    MAX_NEIGHBOURS of them; `title` is the picture's accessible name."""
    shown = neighbours[:MAX_NEIGHBOURS]
    cx, cy = WIDTH / 2, HEIGHT / 2
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
             f'height="{HEIGHT}" role="img" aria-label="{escape(visible_bidi(title))}" class="nbh">',
             f"<title>{escape(visible_bidi(title))}</title>"]
    spots = []
    for i, (label, href, pred, outgoing) in enumerate(shown):
        angle = 2 * math.pi * i / max(len(shown), 1) - math.pi / 2
        x, y = cx + RADIUS * 1.9 * math.cos(angle) * 0.8, cy + RADIUS * math.sin(angle)
        spots.append((x, y))
        parts.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#8a8a8a" stroke-width="1.2">'
                     f"<title>{escape(pred)}{' →' if outgoing else ' ←'}</title></line>")
    parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="9" fill="#1f5f99"/>')
    parts.append(f'<text x="{cx:.1f}" y="{cy + 24:.1f}" text-anchor="middle" font-weight="bold" fill="#111">'
                 f"{escape(_short(centre, 40))}</text>")
    for (label, href, _pred, _out), (x, y) in zip(shown, spots):
        parts.append(f'<a href="{escape(href)}"><circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="#555"/>'
                     f'<text x="{x:.1f}" y="{y - 9:.1f}" text-anchor="middle" fill="#1a1a1a" font-size="11">'
                     f"{escape(_short(label))}</text></a>")
    if len(neighbours) > len(shown):
        parts.append(f'<text x="8" y="{HEIGHT - 8}" fill="#444" font-size="11">+{len(neighbours) - len(shown)} more</text>')
    parts.append("</svg>")
    return "".join(parts)
