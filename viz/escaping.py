"""Text that reaches HTML or SVG: escaped, and bidirectional controls kept from reordering the page
(inside <bdi> where HTML can isolate them; shown as a visible code, as the graph view does, where it
cannot: <title>, attributes, SVG text)."""

from __future__ import annotations

from html import escape
from typing import Any

from markupsafe import Markup

# Unicode's bidirectional controls (embeddings, overrides, isolates, marks): in a label they can make
# text display as something else (U+202E turns "exe.txt" around); the page shows them as a visible code
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI_TABLE = {ord(c): f"[U+{ord(c):04X}]" for c in BIDI_CONTROLS}


def neutral(data: Any) -> Any:
    """The data (strings, lists, dicts, as deep as they go) with each bidirectional control character
    replaced by a visible ``[U+202E]``, so that a label shows the characters it holds in their order."""
    if isinstance(data, str):
        return data.translate(_BIDI_TABLE)
    if isinstance(data, dict):
        return {neutral(k): neutral(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [neutral(v) for v in data]
    return data


def visible_bidi(text: str) -> str:
    """The text with each bidirectional control character shown as a visible code such as [U+202E]."""
    return str(neutral(text))


def bdi(text: str) -> Markup:
    """The text escaped inside <bdi>, so that its direction cannot leak into the text around it."""
    return Markup(f"<bdi>{escape(text)}</bdi>")
