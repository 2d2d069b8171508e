"""The one Jinja environment over viz/templates (the graph view, the entity pages, the site's pages):
autoescaping on, with the filters the templates use."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from viz.charts import number
from viz.escaping import visible_bidi

TEMPLATES = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=1)
def environment() -> Any:
    """The environment (made once): `nobidi` shows bidirectional controls as visible codes, `fmtnum`
    writes a figure with thousands separated."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True))
    env.filters["nobidi"] = visible_bidi
    env.filters["fmtnum"] = number
    return env
