"""Agencies the graph does not know yet: a head word ("Bộ", "Ủy ban", "Trung tâm", "Hiệp hội")
followed by a name, capitalised ("Bộ Tài chính") or descriptive and in lower case up to a scope
word ("Trung tâm lưu chiểu dữ liệu truyền thông số quốc gia"); an institution named without a
head ("Chính phủ", "Liên hợp quốc"); a name in brackets after its acronym ("VINASA (hiệp hội phần
mềm Việt Nam)"). The wording is data in patterns.yaml."""

from __future__ import annotations

import re
from graph.ingest.candidates import Candidate
from graph.ingest.patterns import Patterns
from graph.ingest.spans import STOP, Context, capitalised_run, quote_window, record

ACRONYM = re.compile(r"[A-ZĐ][A-ZĐ0-9&-]+$")


_RULES: dict[int, tuple[re.Pattern[str], re.Pattern[str], frozenset[str]]] = {}


def _rules(patterns: Patterns) -> tuple[re.Pattern[str], re.Pattern[str], frozenset[str]]:
    """The head words (any case; event and project heads too, which are no agencies), the names
    without a head, and the capitalised words that end a name; compiled once per Patterns."""
    if id(patterns) in _RULES:
        return _RULES[id(patterns)]
    section = patterns.section("agencies")
    blockers = list(patterns.table("events", "heads")) + list(patterns.table("projects", "heads"))
    heads = sorted([*section["heads"], *blockers], key=len, reverse=True)
    head = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(h) for h in heads) + r")(?!\w)", re.IGNORECASE)
    names = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in sorted(section["names"], key=len, reverse=True))
                       + r")(?!\w)", re.IGNORECASE)
    people = patterns.section("people")
    stops = frozenset(people["surnames"]) | frozenset(people["joiners"]) | frozenset(patterns.section("projects")["stops"])
    _RULES[id(patterns)] = head, names, stops
    return head, names, stops


def _descriptive_end(ctx: Context, pos: int, limit: int) -> int:
    """The end of a lower-case name after a head: up to its last scope word, then a short "về"
    topic; pos when the words after the head hold no scope word."""
    section = ctx.patterns.section("agencies")
    ends, scopes = set(section["ends"]), sorted(section["scopes"], key=len, reverse=True)
    _, _, stops = _rules(ctx.patterns)
    words: list[tuple[int, int]] = []
    for match in re.finditer(r"\S+", ctx.text[pos:limit]):
        word = match.group()
        cut = STOP.search(word)
        if cut and cut.start() == 0 or word in ends or word in stops or len(words) >= section["max_words"]:
            break
        words.append((pos + match.start(), pos + match.start() + (cut.start() if cut else len(word))))
        if cut:
            break
    end = pos
    for a, _ in words:
        rest = ctx.text[a:words[-1][1]]
        scope = next((s for s in scopes if rest.startswith(s) and (len(rest) == len(s) or rest[len(s)] == " ")), None)
        if scope:
            end = a + len(scope)
    if end > pos and ctx.text[end:end + 4] == " về ":
        topic = [b for a, b in words if a > end + 3][:section["topic_words"]]
        end = topic[-1] if topic else end
    return end


def _head_end(ctx: Context, head_end: int, limit: int) -> int:
    """Where the name that a head starts ends: the capitalised run or the descriptive name, the longer."""
    _, _, stops = _rules(ctx.patterns)
    connectors = tuple(ctx.patterns.section("agencies")["connectors"])
    return max(capitalised_run(ctx.text, head_end, limit, connectors, before=stops),
               _descriptive_end(ctx, head_end, limit))


def _in_brackets_after_acronym(text: str, start: int) -> bool:
    """True for a name written in lower case in brackets after an acronym: "VINASA (hiệp hội …)"."""
    before = text[max(0, start - 20):start]
    match = re.search(r"(\S+)\s*\($", before)
    return bool(match and ACRONYM.match(match.group(1)))


def agency_spans(ctx: Context, start: int = 0, end: int | None = None, any_case: bool = False) -> list[tuple[int, int]]:
    """Spans of agency names in text[start:end], longest first where they overlap, in text order.
    With any_case (right after a title), a name without a head may be written in lower case."""
    head, names, _ = _rules(ctx.patterns)
    section = ctx.patterns.section("agencies")
    limit = end or len(ctx.text)
    spans = []
    for match in head.finditer(ctx.text, start, limit):
        word = match.group()
        if word not in section["heads"] and not (word[0].islower() and word.capitalize() in section["heads"]
                                                  and _in_brackets_after_acronym(ctx.text, match.start())):
            continue  # an event or project head, or a head word in lower case in running text
        stop = _head_end(ctx, match.end(), limit)
        if stop > match.end():
            spans.append((match.start(), stop))
    not_before = sorted(section["not_before"], key=len, reverse=True)
    for match in names.finditer(ctx.text, start, limit):
        written = match.group() in section["names"]
        after = ctx.text[match.end():match.end() + 15]
        if (written or any_case and match.start() == start) and not any(
                re.match(rf"\s+{re.escape(w)}(?!\w)", after) for w in not_before):
            spans.append((match.start(), match.end()))
    spans.sort(key=lambda s: (s[0], -s[1]))
    kept: list[tuple[int, int]] = []
    for span in spans:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def _acronym(text: str, start: int, end: int) -> str | None:
    """The acronym written next to a name: "VINASA (name)" or "name (VINASA)"."""
    before = re.search(r"(\S+)\s*\($", text[max(0, start - 20):start])
    after = re.match(r"\s*\(([^()\s]+)\)", text[end:end + 20])
    for found in (before, after):
        if found and ACRONYM.match(found.group(1)):
            return found.group(1)
    return None


def agency_class(ctx: Context, name: str) -> str:
    """The class a new agency gets from its head word or its name."""
    section = ctx.patterns.section("agencies")
    named = {n.lower(): cls for n, cls in section["names"].items()}
    heads = section["heads"]
    head = max((h for h in heads if name.lower().startswith(h.lower())), key=len, default=None)
    return named.get(name.lower()) or heads.get(head or "", "Agency")


def new_agency(ctx: Context, start: int, end: int, confidence: float = 0.6) -> str:
    """The id of the agency named by text[start:end], proposing it if the graph does not know it.
    The label is the name with its first letter capitalised and its spaces single."""
    written = ctx.text[start:end]
    name = " ".join(written.split())
    name = name[:1].upper() + name[1:]
    spelt = ctx.patterns.section("agencies")["spellings"].get(name)
    name = spelt or name
    cls = agency_class(ctx, name)
    acronym = _acronym(ctx.text, start, end) or (written if spelt else None)
    sentence = ctx.sentence_at(start)
    a, b = quote_window(ctx.text, sentence, start, end)

    def make(new_id: str) -> Candidate:
        rec = record(cls, new_id, name, None, ctx.source, ctx.text[a:b],
                     altLabel={"vi": [acronym]} if acronym else None)
        return Candidate("agency", rec, start, end, confidence, "agencies", f"new agency ({cls}); translate the English label")

    return ctx.propose("agency", name, make)


def extract_agencies(ctx: Context) -> None:
    """Propose the agencies named by a head word and a capitalised name that the graph does not know."""
    for start, end in agency_spans(ctx):
        if ctx.covered(start, end, ("agency", "sector", "post", "legal", "event", "policy", "area")):
            continue
        new_agency(ctx, start, end)
