"""The indicator registry (indicators.yaml): ids, labels and wordings of what figures measure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from graph.ingest.linker import Entry, Gazetteer


@dataclass(frozen=True)
class Indicator:
    """One registry entry; label is None for an id the graph already has."""

    id: str
    label_vi: str | None
    label_en: str | None
    wordings: tuple[str, ...]
    after: tuple[str, ...]
    rank: str | None
    units: tuple[str, ...]
    nouns: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()
    context: tuple[str, ...] = ()

    @property
    def after_pattern(self) -> re.Pattern[str] | None:
        """The wordings after a figure, as one pattern matched right after it."""
        return _after(self.after)


@lru_cache(maxsize=None)
def _after(wordings: tuple[str, ...]) -> re.Pattern[str] | None:
    if not wordings:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(wordings, key=len, reverse=True))
    return re.compile(rf"\s*({alternatives})(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=1)
def load_registry() -> dict[str, Indicator]:
    """The packaged registry."""
    raw = yaml.safe_load(resources.files("graph.ingest").joinpath("indicators.yaml").read_text(encoding="utf-8"))
    registry = {}
    for id_, spec in raw.items():
        label = spec.get("label") or {}
        registry[id_] = Indicator(id_, label.get("vi"), label.get("en"), tuple(spec.get("wordings", ())),
                                  tuple(spec.get("after", ())), spec.get("rank"), tuple(spec.get("units", ())),
                                  tuple(spec.get("nouns", ())), tuple(spec.get("headings", ())),
                                  tuple(spec.get("context", ())))
    return registry


def add_wordings(gazetteer: Gazetteer) -> None:
    """Register the registry's wordings as names of their indicators in a gazetteer: of the graph's
    own indicators where the graph has them, of new ones where the registry labels them."""
    for entry in load_registry().values():
        known = gazetteer.entries.get(entry.id)
        if known is None and entry.label_vi is None:
            continue  # wordings of an indicator of the curated graph, which this graph does not have
        target = known or Entry("indicator", entry.id, "Indicator", entry.label_vi or entry.id)
        for wording in entry.wordings:
            gazetteer.add(wording, target)
        if known is None:
            gazetteer.entries[entry.id] = target
