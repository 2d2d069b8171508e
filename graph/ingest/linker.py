"""Find the graph's own entities in a text through their labels and aliases.

Matching ignores case and, where the text itself is written without diacritics, diacritics
too ("Bo TT&TT" finds the ministry); the longest match wins. A short common-noun label
("Viễn thông", "Chính phủ") links only where the text capitalises it, so the everyday word
is not taken for the entity.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from graph.ingest.text import at_word_boundary, fold, has_diacritics, lower, nfc
from graph.loader import LINE, data_dir, load_kinds, load_records

# The kinds whose records are named in texts and can be linked.
LINKED_KINDS = ("agency", "sector", "person", "post", "legal", "policy", "event", "area", "topic", "indicator")

EXACT, FOLDED, FUZZY = 0.95, 0.8, 0.7


@dataclass(frozen=True)
class Entry:
    """One known entity: its kind, id, class name and Vietnamese label."""

    kind: str
    id: str
    type: str
    label: str


@dataclass(frozen=True)
class Mention:
    """A stretch of the article that names a known entity."""

    start: int
    end: int
    entry: Entry
    confidence: float

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


@dataclass
class Gazetteer:
    """The names of the graph's entities, normalised for matching."""

    names: dict[str, list[tuple[str, Entry]]] = field(default_factory=dict)  # key -> (surface, entry)
    entries: dict[str, Entry] = field(default_factory=dict)

    def add(self, surface: str, entry: Entry) -> None:
        """Register one label or alias of an entity."""
        surface = nfc(surface).strip()
        if len(surface) < 2:
            return
        self.entries[entry.id] = entry
        bucket = self.names.setdefault(fold(surface), [])
        if (surface, entry) not in bucket:
            bucket.append((surface, entry))

    def of_kind(self, *kinds: str) -> list[tuple[str, Entry]]:
        """Every (surface, entry) of the given kinds."""
        return [(s, e) for bucket in self.names.values() for s, e in bucket if e.kind in kinds]


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    if isinstance(value, dict):
        return [s for k, v in value.items() if k != LINE for s in _strings(v)]
    return []


def load_gazetteer(data: Path | None = None, kinds: tuple[str, ...] = LINKED_KINDS) -> Gazetteer:
    """The labels and aliases (vi and en) of the curated records of the given kinds."""
    gazetteer = Gazetteer()
    table = load_kinds()
    folder = data or data_dir()
    for name in kinds:
        path = folder / table[name].file
        if not path.exists():
            continue
        for record in load_records(path):
            label = record.get("label") or {}
            entry = Entry(name, str(record["id"]), str(record.get("type", table[name].cls)),
                          str(label.get("vi", record["id"])) if isinstance(label, dict) else str(record["id"]))
            for surface in _strings(record.get("label")) + _strings(record.get("altLabel")):
                gazetteer.add(surface, entry)
    return gazetteer


def _needs_capital(surface: str) -> bool:
    """A label of one or two words written in lower case after its first letter is a common noun."""
    words = surface.split()
    return len(words) <= 2 and surface[1:] == lower(surface[1:])


def _accept(text: str, start: int, end: int, surface: str) -> float | None:
    if not at_word_boundary(text, start, end):
        return None
    found = text[start:end]
    if _needs_capital(surface) and not found[0].isupper():
        return None
    if lower(found) == lower(surface):
        return EXACT
    if not has_diacritics(found):
        return FOLDED
    return None


def find_mentions(text: str, gazetteer: Gazetteer, kinds: tuple[str, ...] | None = None) -> list[Mention]:
    """Known entities named in an NFC text, longest match first, without overlaps, in text order."""
    folded = fold(text)
    found: list[Mention] = []
    for key, bucket in gazetteer.names.items():
        pattern = re.compile(re.escape(key))
        for match in pattern.finditer(folded):
            for surface, entry in bucket:
                if kinds and entry.kind not in kinds:
                    continue
                confidence = _accept(text, match.start(), match.end(), surface)
                if confidence is not None:
                    found.append(Mention(match.start(), match.end(), entry, confidence))
                    break
    found.sort(key=lambda m: (-(m.end - m.start), -m.confidence, m.start, m.entry.kind, m.entry.id))
    taken: list[Mention] = []
    for mention in found:
        if all(mention.end <= t.start or mention.start >= t.end for t in taken):
            taken.append(mention)
    return sorted(taken, key=lambda m: m.start)


def link_name(name: str, gazetteer: Gazetteer, kinds: tuple[str, ...], cutoff: float = 0.9) -> Mention | None:
    """The known entity a whole name refers to: equal to a label or alias, or (for misprints)
    nearly equal to one; None when nothing is close enough. Offsets are those of the name."""
    name = nfc(name).strip()
    exact = [e for s, e in gazetteer.names.get(fold(name), []) if e.kind in kinds]
    if exact:
        return Mention(0, len(name), exact[0], EXACT)
    options = {fold(s): e for s, e in gazetteer.of_kind(*kinds)}
    close = difflib.get_close_matches(fold(name), sorted(options), n=1, cutoff=cutoff)
    return Mention(0, len(name), options[close[0]], FUZZY) if close else None
