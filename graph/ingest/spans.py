"""What the entity extractors share: the Context of one article and small span helpers."""

from __future__ import annotations

import re
from typing import Callable
from dataclasses import dataclass, field

from graph.ingest.candidates import Candidate
from graph.ingest.linker import Gazetteer, Mention
from graph.ingest.patterns import Patterns
from graph.ingest.sentences import Sentence
from graph.ingest.text import fold, slugify

# Where a name stops: clause punctuation.
STOP = re.compile(r"[,.;:()\"“”!?…]")


@dataclass
class Context:
    """One article as the extractors see it: its text, sentences, the graph's names found in it
    (by kind), the ids already taken, and what the extractors have proposed so far."""

    text: str
    source: str
    sentences: list[Sentence]
    gazetteer: Gazetteer
    patterns: Patterns
    mentions: dict[str, list[Mention]]
    taken: set[str]
    candidates: list[Candidate] = field(default_factory=list)
    new_ids: dict[str, str] = field(default_factory=dict)  # (kind + folded label) -> id of a proposed record

    def sentence_at(self, pos: int) -> Sentence:
        """The sentence holding a position."""
        for sentence in self.sentences:
            if sentence.start <= pos < sentence.end:
                return sentence
        return Sentence(0, len(self.text), self.text)

    def mention_at(self, kinds: tuple[str, ...], start: int, end: int | None = None) -> Mention | None:
        """A mention of one of the kinds that starts at start (and ends at end, if given)."""
        for kind in kinds:
            for m in self.mentions.get(kind, []):
                if m.start == start and (end is None or m.end == end):
                    return m
        return None

    def covered(self, start: int, end: int, kinds: tuple[str, ...]) -> bool:
        """True when a mention of one of the kinds overlaps the span."""
        return any(m.start < end and start < m.end for k in kinds for m in self.mentions.get(k, []))

    def unique_id(self, base: str) -> str:
        """A slug not yet used by the graph or this run ("-<source>" then a number added if needed)."""
        candidate = base
        if candidate in self.taken:
            candidate = f"{base}-{self.source}"
        n = 2
        while candidate in self.taken:
            candidate = f"{base}-{self.source}-{n}"
            n += 1
        self.taken.add(candidate)
        return candidate

    def propose(self, kind: str, label: str, make: Callable[[str], Candidate]) -> str:
        """The id of a new entity of this kind and label, proposing it the first time it is seen."""
        key = f"{kind}:{fold(label)}"
        if key not in self.new_ids:
            new_id = self.unique_id(slugify(label))
            self.new_ids[key] = new_id
            self.candidates.append(make(new_id))
        return self.new_ids[key]


def quote_window(text: str, sentence: Sentence, start: int, end: int, before: int = 100, after: int = 60) -> tuple[int, int]:
    """A short exact quote around a span: its sentence, cut at a comma or a word where it is long."""
    a, b = sentence.start, sentence.end
    if start - a > before:
        comma = text.find(", ", start - before, start)
        a = comma + 2 if comma >= 0 else text.find(" ", start - before, start) + 1 or start
    if b - end > after:
        comma = text.find(", ", end, end + after)
        b = comma if comma >= 0 else (text.rfind(" ", end, end + after) if text.rfind(" ", end, end + after) > 0 else end)
    while b > a and text[b - 1] in " ,;:":
        b -= 1
    return a, max(b, end)


def name_end(text: str, start: int, limit: int, stops: set[str], max_words: int = 15,
             compounds: frozenset[str] = frozenset()) -> int:
    """Where a name that starts at start ends: before punctuation, a stop word (unless it makes one
    of `compounds` with the word before: "quy trình") or max_words words."""
    end = start
    count = 0
    previous = ""
    for match in re.finditer(r"\S+", text[start:limit]):
        word = match.group()
        cut = STOP.search(word)
        if word.lower() in stops and f"{previous} {word}".lower() not in compounds or cut and cut.start() == 0:
            break
        previous = word
        end = start + match.start() + (cut.start() if cut else len(word))
        count += 1
        if cut or count >= max_words:
            break
    return end


def record(kind_type: str | None, new_id: str, vi: str, en: str | None, source: str, quote: str,
           **fields: object) -> dict[str, object]:
    """A curated record: id, type, labels, source and quote first, then its fields."""
    rec: dict[str, object] = {"id": new_id}
    if kind_type:
        rec["type"] = kind_type
    rec["label"] = {"vi": vi, "en": en or vi}
    rec["source"] = source
    rec["quote"] = quote
    rec.update({k: v for k, v in fields.items() if v is not None})
    return rec


def capitalised_run(text: str, pos: int, limit: int, connectors: tuple[str, ...] = (), tail: int = 1,
                    before: frozenset[str] = frozenset()) -> int:
    """The end of the name that follows pos, Vietnamese style: each word group starts with a capital
    (or is an acronym like "TT&TT") and may go on with `tail` lower-case syllables ("Bộ Tài chính",
    "Ban Tuyên giáo Trung ương"); lower-case connectors ("và") may join groups. A capitalised word in
    `before` (a family name, a joiner such as "kiêm", a verb) ends the name. Returns pos when no name follows.
    """
    end = pos
    lower_run = tail
    pending = False
    for match in re.finditer(r"(\s+)([^\s,.;:()\"“”!?…]+)", text[pos:limit]):
        if match.start() != end - pos and not pending:
            break
        word = match.group(2)
        if word in before:
            break
        if word[0].isupper() or word[0].isdigit() and end > pos:
            acronym = len(word) > 1 and word == word.upper() and not word.isdigit()
            end, lower_run, pending = pos + match.end(), tail if acronym else 0, False
        elif word in connectors and end > pos and not pending:
            pending = True
            continue
        elif not pending and end > pos and lower_run < tail and word[0].islower():
            end, lower_run = pos + match.end(), lower_run + 1
        else:
            break
        if pos + match.end() < limit and text[pos + match.end()] in ",.;:()\"“”!?…":
            break
    return end
