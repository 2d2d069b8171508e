"""What the entity extractors share: the Context of one article and small span helpers."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graph.ingest.candidates import Candidate
from graph.ingest.linker import Gazetteer, Mention
from graph.ingest.patterns import Patterns
from graph.ingest.sentences import Sentence
from graph.ingest.text import fold, slugify

# Where a name stops: clause punctuation.
STOP = re.compile(r"[,.;:()\"“”!?…]")
_RUN_WORD = re.compile(r"([ \t\u00a0]+)([^\s,.;:()\"“”!?…]+)")  # a name does not run over a line break
WORD = re.compile(r"\S+")


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
    curated: frozenset[str] = frozenset()  # the ids of the curated data
    abstained: list[tuple[int, int, str]] = field(default_factory=list)  # figures left out: span, why
    new_ids: dict[str, str] = field(default_factory=dict)  # (kind + folded label) -> id of a proposed record
    _starts: list[int] | None = field(default=None, repr=False)
    _index: dict[str, tuple[int, list[int], list[Mention], int]] = field(default_factory=dict, repr=False)
    _next: dict[str, int] = field(default_factory=dict, repr=False)  # id base -> next number to try
    memo: dict[str, Any] = field(default_factory=dict, repr=False)  # what an extractor read once for the article

    def sentence_at(self, pos: int) -> Sentence:
        """The sentence holding a position (the sentences are in text order and do not overlap)."""
        if self._starts is None:
            self._starts = [s.start for s in self.sentences]
        at = bisect.bisect_right(self._starts, pos) - 1
        if at >= 0 and self.sentences[at].start <= pos < self.sentences[at].end:
            return self.sentences[at]
        return Sentence(0, len(self.text), self.text)

    def _sorted(self, kind: str) -> tuple[list[int], list[Mention], int]:
        """The mentions of a kind sorted by start (stable), their starts and the longest one's length;
        rebuilt when the list grew (an extractor may add a mention)."""
        mentions = self.mentions.get(kind, [])
        cached = self._index.get(kind)
        if cached is None or cached[0] != len(mentions):
            ordered = sorted(mentions, key=lambda m: m.start)
            longest = max((m.end - m.start for m in mentions), default=0)
            cached = (len(mentions), [m.start for m in ordered], ordered, longest)
            self._index[kind] = cached
        return cached[1], cached[2], cached[3]

    def mention_at(self, kinds: tuple[str, ...], start: int, end: int | None = None) -> Mention | None:
        """A mention of one of the kinds that starts at start (and ends at end, if given)."""
        for kind in kinds:
            starts, ordered, _ = self._sorted(kind)
            i = bisect.bisect_left(starts, start)
            while i < len(starts) and starts[i] == start:
                if end is None or ordered[i].end == end:
                    return ordered[i]
                i += 1
        return None

    def overlapping(self, start: int, end: int, kinds: tuple[str, ...]) -> list[tuple[str, Mention]]:
        """(kind, mention) for every mention of the kinds that overlaps the span."""
        found = []
        for kind in kinds:
            starts, ordered, longest = self._sorted(kind)
            i = bisect.bisect_left(starts, end) - 1
            while i >= 0 and starts[i] + longest > start:
                if ordered[i].end > start:
                    found.append((kind, ordered[i]))
                i -= 1
        return found

    def covered(self, start: int, end: int, kinds: tuple[str, ...]) -> bool:
        """True when a mention of one of the kinds overlaps the span."""
        for kind in kinds:
            starts, ordered, longest = self._sorted(kind)
            i = bisect.bisect_left(starts, end) - 1  # the mentions that start before the span ends
            while i >= 0 and starts[i] + longest > start:  # earlier ones end before the span starts
                if ordered[i].end > start:
                    return True
                i -= 1
        return False

    def unique_id(self, base: str) -> str:
        """A slug not yet used by the graph or this run ("-<source>" then a number added if needed)."""
        candidate = base
        if candidate in self.taken:
            candidate = f"{base}-{self.source}"
        n = self._next.get(base, 2)
        while candidate in self.taken:
            candidate = f"{base}-{self.source}-{n}"
            n += 1
        self._next[base] = n
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
    for match in WORD.finditer(text, start, limit):
        word = match.group()
        cut = STOP.search(word)
        if word.lower() in stops and f"{previous} {word}".lower() not in compounds or cut and cut.start() == 0:
            break
        previous = word
        end = match.start() + (cut.start() if cut else len(word))
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


def _joins(text: str, at: int, limit: int, stops: frozenset[str], new_name: frozenset[str]) -> bool:
    """True when the word after a connector at `at` is capitalised and starts no new name (a word
    of `stops`, or a phrase of `new_name` as a whole: "Công ty" starts one, "Công nghệ" does not)."""
    nxt = _RUN_WORD.match(text, at, limit)
    if not nxt or not nxt.group(2)[0].isupper() or nxt.group(2) in stops:
        return False
    rest = text[nxt.start(2):nxt.start(2) + 40]
    return not any(rest.startswith(p) and not rest[len(p):len(p) + 1].isalnum() for p in new_name)


def capitalised_run(text: str, pos: int, limit: int, connectors: tuple[str, ...] = (), tail: int = 1,
                    before: frozenset[str] = frozenset(), new_name: frozenset[str] = frozenset()) -> int:
    """The end of the name that follows pos, Vietnamese style: each word group starts with a capital
    (or is an acronym like "TT&TT") and may go on with `tail` lower-case syllables ("Bộ Tài chính",
    "Ban Tuyên giáo Trung ương"); lower-case connectors ("và") may join groups. A capitalised word in
    `before` (a family name, a joiner such as "kiêm", a verb) ends the name, but a connector of
    `before` ("và") still joins two groups when the word after it is capitalised and starts no new
    name (`new_name`: head words, titles, family names): "Bộ Kế hoạch và Đầu tư", not "Bộ Tài chính
    và Bộ Công an". Returns pos when no name follows.
    """
    end = pos
    lower_run = tail
    pending = False
    for match in _RUN_WORD.finditer(text, pos, limit):
        if match.start() != end and not pending:
            break
        word = match.group(2)
        if word in before and not (word in connectors and new_name and end > pos and not pending
                                   and _joins(text, match.end(), limit, before, new_name)):
            break
        if word[0].isupper() or word[0].isdigit() and end > pos:
            acronym = len(word) > 1 and word == word.upper() and not word.isdigit()
            end, lower_run, pending = match.end(), tail if acronym else 0, False
        elif word in connectors and end > pos and not pending:
            pending = True
            continue
        elif not pending and end > pos and lower_run < tail and word[0].islower():
            end, lower_run = match.end(), lower_run + 1
        else:
            break
        if match.end() < limit and text[match.end()] in ",.;:()\"“”!?…":
            break
    return end
