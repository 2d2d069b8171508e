"""The patterns of patterns.yaml, loaded once and checked against the ontology's units,
qualifiers and classes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from ontology import VDG
from ontology.model import load_ontology


@dataclass(frozen=True)
class Patterns:
    """The wording each extractor looks for; see patterns.yaml for what each entry means."""

    raw: dict[str, Any]

    def section(self, name: str) -> dict[str, Any]:
        """One extractor's entries."""
        return self.raw[name]

    def words(self, section: str, key: str) -> tuple[str, ...]:
        """A list of words, longest first so that alternations prefer the longer."""
        return tuple(sorted(self.raw[section][key], key=lambda w: (-len(w), w)))

    def table(self, section: str, key: str) -> dict[str, str]:
        """A mapping of wording to ontology name (class, unit or qualifier)."""
        return dict(self.raw[section][key])

    def inverted(self, section: str, key: str) -> dict[str, str]:
        """For tables that map an ontology name to several words: word -> name."""
        return {word: name for name, words in self.raw[section][key].items() for word in words}


def _check(raw: dict[str, Any]) -> None:
    onto = load_ontology()
    units, qualifiers = onto.vocabulary(VDG.Unit), onto.vocabulary(VDG.Qualifier)
    for name in raw["figures"]["units"]:
        if name not in units:
            raise ValueError(f"patterns.yaml: unit {name!r} is not a vdg:Unit ({', '.join(sorted(units))})")
    for name in raw["figures"]["qualifiers"]:
        if name not in qualifiers:
            raise ValueError(f"patterns.yaml: qualifier {name!r} is not a vdg:Qualifier ({', '.join(sorted(qualifiers))})")
    for section in ("legal", "agencies", "projects", "events"):
        table = raw[section].get("types") or raw[section]["heads"]
        for cls in table.values():
            if onto.term(cls) is None:
                raise ValueError(f"patterns.yaml: {section}: {cls!r} is not a vdg class")
    for cls in raw["agencies"]["names"].values():
        if onto.term(cls) is None:
            raise ValueError(f"patterns.yaml: agencies: names: {cls!r} is not a vdg class")


@lru_cache(maxsize=1)
def load_patterns() -> Patterns:
    """The packaged patterns, checked against the ontology."""
    text = resources.files("graph.ingest").joinpath("patterns.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    _check(raw)
    return Patterns(raw)
