"""Text that reaches HTML or SVG: escaped, and bidirectional controls kept from reordering the page
(inside <bdi> where HTML can isolate them; shown as a visible code, as the graph view does, where it
cannot: <title>, attributes, SVG text)."""

from __future__ import annotations

from html import escape

from markupsafe import Markup

from viz.render import neutral


def visible_bidi(text: str) -> str:
    """The text with each bidirectional control character shown as a visible code such as [U+202E]."""
    return str(neutral(text))


def bdi(text: str) -> Markup:
    """The text escaped inside <bdi>, so that its direction cannot leak into the text around it."""
    return Markup(f"<bdi>{escape(text)}</bdi>")
