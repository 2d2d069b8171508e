"""When a proposed entity is a curated one (the rules name, number, core, misprint: see graph.ingest.evaluate),
and the recall/precision score of one kind: shared by the seed evaluation and the corpus scorer."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from graph.ingest.text import fold


@dataclass
class Score:
    """Recall and precision of one kind on one or more sources, with what was missed and why."""

    kind: str
    gold: int = 0
    found: int = 0
    matched: int = 0
    misses: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # proposals found right by a rule looser than the name

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    def add(self, other: "Score") -> None:
        self.gold += other.gold
        self.found += other.found
        self.matched += other.matched
        self.misses += other.misses
        self.extra += other.extra
        self.notes += other.notes


def norm(name: str) -> str:
    """A name folded: without diacritics, in lower case, its spaces single."""
    return " ".join(fold(name).split())


def surfaces(rec: dict[str, Any]) -> set[str]:
    """The record's labels and altLabels, folded."""
    names = []
    for field_ in ("label", "altLabel"):
        value = rec.get(field_) or {}
        for item in value.values() if isinstance(value, dict) else [value]:
            names += item if isinstance(item, list) else [item]
    return {norm(str(n)) for n in names if isinstance(n, str)}


def _core(name: str) -> list[str]:
    """The words of a folded name without its bracketed parts."""
    return re.sub(r"\([^()]*\)", " ", name).split()


RULES = ("name", "number", "core", "misprint")


def _core_alike(a: str, b: str) -> bool:
    short, long_ = sorted((_core(a), _core(b)), key=len)
    return short == long_ or len(short) >= 4 and 3 * len(short) >= 2 * len(long_) and long_[:len(short)] == short


def same_entity(rule: str, proposed: dict[str, Any], rec: dict[str, Any]) -> bool:
    """True when, by the rule (see the module's docstring), a proposed record is the curated one."""
    label = norm(str(proposed["label"]["vi"]))
    names = surfaces(rec)
    if rule == "name":
        return label in names
    if rule == "number":
        return bool(proposed.get("number")) and rec.get("number") is not None \
            and proposed.get("type") == rec.get("type") and norm(str(proposed["number"])) == norm(str(rec["number"]))
    if rule == "core":
        return any(_core_alike(label, s) for s in names)
    return any(difflib.SequenceMatcher(None, label, s).ratio() >= 0.9 for s in names)
