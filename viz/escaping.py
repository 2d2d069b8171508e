"""Text that reaches HTML or SVG: escaped, and bidirectional controls kept from reordering the page."""

from __future__ import annotations

import re
from html import escape

from markupsafe import Markup

# LRE RLE PDF LRO RLO, LRI RLI FSI PDI, LRM RLM, ALM
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def strip_bidi(text: str) -> str:
    """The text without bidirectional control characters (for places that cannot isolate them:
    <title>, attributes, SVG text)."""
    return BIDI_CONTROLS.sub("", text)


def bdi(text: str) -> Markup:
    """The text escaped inside <bdi>, so that its direction cannot leak into the text around it."""
    return Markup(f"<bdi>{escape(text)}</bdi>")
