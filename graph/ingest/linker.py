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
from typing import Any

from graph.ingest.text import at_word_boundary, fold, has_diacritics, lower, nfc
from graph.loader import LINE, data_dir, load_folder, load_kinds

# The kinds whose records are named in texts and can be linked.
LINKED_KINDS = ("agency", "sector", "person", "post", "legal", "policy", "event", "area", "topic", "indicator")

EXACT, FOLDED, FUZZY = 0.95, 0.8, 0.7
WORD_RUN = re.compile(r"\w+")
# "&" or "-" between capitals inside an acronym ("TT&TT", "TT-TT"), which some texts leave out ("TTTT").
ACRONYM_JOINERS = re.compile(r"(?<=[A-ZĐ])[&-](?=[A-ZĐ])")


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
    links: dict[tuple[str, tuple[str, ...], float], "Mention | None"] = field(default_factory=dict)  # link_name's answers

    def add(self, surface: str, entry: Entry) -> None:
        """Register one label or alias of an entity."""
        surface = nfc(surface).strip()
        if len(surface) < 2:
            return
        self.entries[entry.id] = entry
        self.links.clear()
        for variant in dict.fromkeys([surface, ACRONYM_JOINERS.sub("", surface)]):  # "Bộ TT&TT", "Bộ TTTT"
            bucket = self.names.setdefault(fold(variant), [])
            if (variant, entry) not in bucket:
                bucket.append((variant, entry))

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


def _superseded(records: list[tuple[Any, dict[str, Any], Path]]) -> set[str]:
    """The package datasets of which the graph holds a newer release of the same package (by data
    version): their records are history (the 63 provinces before July 2025), not what a name means now."""
    releases = [(str(r.get("packageName")), str(r.get("dataVersion", "")), str(r["id"])) for k, r, _ in records
                if k.name == "source" and r.get("type") == "PackageDataset" and "id" in r]
    newest = {name: max(v for n, v, _ in releases if n == name) for name, _, _ in releases}
    return {ident for name, version, ident in releases if version < newest[name]}


def load_gazetteer(data: Path | None = None, kinds: tuple[str, ...] = LINKED_KINDS) -> Gazetteer:
    """The labels and aliases (vi and en) of the curated records of the given kinds, in every data
    file of the folder (reviewed `vdg ingest` files included), but for the records of a package
    dataset the graph also holds a newer release of."""
    gazetteer = Gazetteer()
    records = load_folder(data or data_dir(), load_kinds())
    old = _superseded(records)
    for kind, record, _ in records:
        if kind.name not in kinds or "id" not in record or record.get("source") in old:
            continue
        label = record.get("label") or {}
        entry = Entry(kind.name, str(record["id"]), str(record.get("type", kind.cls)),
                      str(label.get("vi", record["id"])) if isinstance(label, dict) else str(record["id"]))
        for surface in _strings(record.get("label")) + _strings(record.get("altLabel")):
            gazetteer.add(surface, entry)
    return gazetteer


def _needs_capital(surface: str) -> bool:
    """A label of one or two words written in lower case after its first letter is a common noun."""
    words = surface.split()
    return len(words) <= 2 and surface[1:] == lower(surface[1:])


# Kinds whose names are common nouns, written in lower case in running text ("doanh thu").
COMMON_NOUN_KINDS = ("indicator",)


# A post named after this word is its deputy, another post.
DEPUTY = re.compile(r"(?<!\w)Phó\s+$", re.IGNORECASE)
# A field of activity named in lower case is the sector after one of these ("lĩnh vực viễn thông").
SECTOR_WORDS = re.compile(r"(?<!\w)(?:ngành|lĩnh vực|mảng)\s+$", re.IGNORECASE)


def _accept(text: str, start: int, end: int, surface: str, kind: str = "", type_: str = "") -> float | None:
    if not at_word_boundary(text, start, end):
        return None
    if kind == "post" and DEPUTY.search(text, max(0, start - 5), start):
        return None  # "Phó Thủ tướng" is not the Prime Minister
    found = text[start:end]
    if _needs_capital(surface) and not found[0].isupper() and kind not in COMMON_NOUN_KINDS \
            and not (type_ == "Sector" and SECTOR_WORDS.search(text, max(0, start - 10), start)):
        return None
    if lower(found) == lower(surface):
        return EXACT
    if not has_diacritics(found):
        return FOLDED
    return None


def mentions_by_kind(text: str, gazetteer: Gazetteer, kinds: tuple[str, ...] = LINKED_KINDS) -> dict[str, list[Mention]]:
    """find_mentions for each kind on its own (a name of one kind may overlap a name of another),
    the text searched once."""
    starts = _starts(fold(text), gazetteer)
    return {kind: find_mentions(text, gazetteer, (kind,), starts) for kind in kinds}


def _starts(folded: str, gazetteer: Gazetteer) -> list[tuple[int, str]]:
    """(position, key) for every place where a key of the gazetteer occurs in the folded text and
    could start a name: a key that begins with a letter or digit only where a word begins with the
    key's first word (elsewhere a match starts or ends inside a word and is refused anyway), any
    other key wherever it occurs. Linear in the text's length."""
    by_first: dict[str, list[str]] = {}
    other: list[str] = []
    for key in gazetteer.names:
        first = WORD_RUN.match(key)
        if first:
            by_first.setdefault(first.group(), []).append(key)
        else:
            other.append(key)
    found = []
    for word in WORD_RUN.finditer(folded):
        for key in by_first.get(word.group(), ()):
            if folded.startswith(key, word.start()):
                found.append((word.start(), key))
    for key in other:
        found += [(m.start(), key) for m in re.finditer(re.escape(key), folded)]
    return found


def find_mentions(text: str, gazetteer: Gazetteer, kinds: tuple[str, ...] | None = None,
                  starts: list[tuple[int, str]] | None = None) -> list[Mention]:
    """Known entities named in an NFC text, longest match first, without overlaps, in text order
    (`starts`: the gazetteer's keys found in the folded text, when the caller has them)."""
    starts = _starts(fold(text), gazetteer) if starts is None else starts
    found: list[Mention] = []
    for start, key in starts:
        end = start + len(key)
        for surface, entry in gazetteer.names[key]:
            if kinds and entry.kind not in kinds:
                continue
            confidence = _accept(text, start, end, surface, entry.kind, entry.type)
            if confidence is not None:
                found.append(Mention(start, end, entry, confidence))
                break
    found.sort(key=lambda m: (-(m.end - m.start), -m.confidence, m.start, m.entry.kind, m.entry.id))
    occupied = bytearray(len(text))
    taken: list[Mention] = []
    for mention in found:
        if not any(occupied[mention.start:mention.end]):
            occupied[mention.start:mention.end] = b"\x01" * (mention.end - mention.start)
            taken.append(mention)
    return sorted(taken, key=lambda m: m.start)


def link_name(name: str, gazetteer: Gazetteer, kinds: tuple[str, ...], cutoff: float = 0.9) -> Mention | None:
    """The known entity a whole name refers to: equal to a label or alias, or (for misprints)
    nearly equal to one; None when nothing is close enough. Offsets are those of the name."""
    name = nfc(name).strip()
    key = (name, kinds, cutoff)
    if key not in gazetteer.links:
        gazetteer.links[key] = _link_name(name, gazetteer, kinds, cutoff)
    return gazetteer.links[key]


def _link_name(name: str, gazetteer: Gazetteer, kinds: tuple[str, ...], cutoff: float) -> Mention | None:
    exact = [e for s, e in gazetteer.names.get(fold(name), []) if e.kind in kinds]
    if exact:
        return Mention(0, len(name), exact[0], EXACT)
    options = {fold(s): e for s, e in gazetteer.of_kind(*kinds)}
    close = difflib.get_close_matches(fold(name), sorted(options), n=1, cutoff=cutoff)
    return Mention(0, len(name), options[close[0]], FUZZY) if close else None
