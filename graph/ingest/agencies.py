"""Agencies the graph does not know yet: a head word ("Bộ", "Ủy ban", "Trung tâm", "Hiệp hội")
followed by a name, capitalised ("Bộ Tài chính") or descriptive and in lower case up to a scope
word ("Trung tâm lưu chiểu dữ liệu truyền thông số quốc gia"); an institution named without a
head ("Chính phủ", "Liên hợp quốc"); a name in brackets after its acronym ("VINASA (hiệp hội phần
mềm Việt Nam)"). The wording is data in patterns.yaml."""

from __future__ import annotations

import re
from graph.ingest.candidates import Candidate
from graph.ingest.linker import Mention, link_name
from graph.ingest.patterns import Patterns
from graph.ingest.spans import STOP, WORD, Context, capitalised_run, quote_window, record

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


_WORDS: dict[int, tuple[frozenset[str], list[str], re.Pattern[str]]] = {}


def name_words(patterns: Patterns) -> tuple[frozenset[str], list[str], re.Pattern[str]]:
    """The words that end a lower-case name, the scope words (longest first) and the words after
    an institution's name that make it something else; once per Patterns."""
    if id(patterns) not in _WORDS:
        section = patterns.section("agencies")
        not_before = "|".join(re.escape(w) for w in sorted(section["not_before"], key=len, reverse=True))
        _WORDS[id(patterns)] = (frozenset(section["ends"]), sorted(section["scopes"], key=len, reverse=True),
                                re.compile(rf"\s+(?:{not_before})(?!\w)"))
    return _WORDS[id(patterns)]


def _descriptive_end(ctx: Context, pos: int, limit: int) -> int:
    """The end of a lower-case name after a head: up to its last scope word, then a short "về"
    topic; pos when the words after the head hold no scope word."""
    section = ctx.patterns.section("agencies")
    ends, scopes, _ = name_words(ctx.patterns)
    _, _, stops = _rules(ctx.patterns)
    words: list[tuple[int, int]] = []
    for match in WORD.finditer(ctx.text, pos, limit):
        word = match.group()
        cut = STOP.search(word)
        if cut and cut.start() == 0 or word in ends or word in stops or len(words) >= section["max_words"]:
            break
        words.append((match.start(), match.start() + (cut.start() if cut else len(word))))
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
    line_end = ctx.text.find("\n", head_end, min(limit, head_end + 500))  # names are far shorter
    limit = line_end if line_end >= 0 else limit  # a name does not run over a title or paragraph break
    run = capitalised_run(ctx.text, head_end, limit, connectors, before=stops)
    return max(run, _descriptive_end(ctx, head_end, limit), _before_acronym(ctx, run, limit))


def _before_acronym(ctx: Context, pos: int, limit: int) -> int:
    """A name followed by its acronym in brackets runs up to the bracket, over lower-case words
    ("Cục Cảnh sát quản lý hành chính về trật tự xã hội (QLHC về TTXH)"); pos otherwise."""
    match = _UP_TO_ACRONYM.match(ctx.text, pos, limit)
    if not match or len(match.group(1).split()) > ctx.patterns.section("agencies")["max_words"]:
        return pos
    return pos + len(match.group(1).rstrip())


_UP_TO_ACRONYM = re.compile(r"((?:\s+[^\W\d][\w]*){1,12})\s*\((?=[A-ZĐ]{2,})")


def _in_brackets_after_acronym(text: str, start: int) -> bool:
    """True for a name written in lower case in brackets after an acronym: "VINASA (hiệp hội …)"."""
    before = text[max(0, start - 20):start]
    match = re.search(r"(\S+)\s*\($", before)
    return bool(match and ACRONYM.match(match.group(1)))


def _head_span(ctx: Context, match: re.Match[str], limit: int) -> tuple[int, int] | None:
    """The name an agency head word starts, if it is an agency's head and a name follows."""
    section = ctx.patterns.section("agencies")
    word = match.group()
    if word not in section["heads"] and not (word[0].islower() and word.capitalize() in section["heads"]
                                              and _in_brackets_after_acronym(ctx.text, match.start())):
        return None  # an event or project head, or a head word in lower case in running text
    stop = _head_end(ctx, match.end(), limit)
    return (match.start(), stop) if stop > match.end() else None


def _name_span(ctx: Context, match: re.Match[str], any_case: bool) -> tuple[int, int] | None:
    """An institution named without a head, as written (or in any case where any_case), and not
    followed by a word that makes it something else ("Chính phủ số")."""
    section = ctx.patterns.section("agencies")
    written = match.group() in section["names"]
    if (written or any_case) and not name_words(ctx.patterns)[2].match(ctx.text[match.end():match.end() + 15]):
        return match.start(), match.end()
    return None


def agency_span_at(ctx: Context, at: int, limit: int) -> tuple[int, int] | None:
    """The agency name that starts exactly at `at` (right after a title, so in any case), the longest
    of those agency_spans(ctx, at, limit, any_case=True) would give there."""
    head, names, _ = _rules(ctx.patterns)
    by_head, by_name = head.match(ctx.text, at, limit), names.match(ctx.text, at, limit)
    found = [s for s in (_head_span(ctx, by_head, limit) if by_head else None,
                         _name_span(ctx, by_name, True) if by_name else None) if s]
    return max(found, key=lambda s: s[1]) if found else None


def agency_spans(ctx: Context, start: int = 0, end: int | None = None, any_case: bool = False) -> list[tuple[int, int]]:
    """Spans of agency names in text[start:end], longest first where they overlap, in text order.
    With any_case (right after a title), a name without a head may be written in lower case."""
    head, names, _ = _rules(ctx.patterns)
    limit = end or len(ctx.text)
    spans = [s for match in head.finditer(ctx.text, start, limit) if (s := _head_span(ctx, match, limit))]
    spans += [s for match in names.finditer(ctx.text, start, limit) if (s := _name_span(ctx, match, any_case and match.start() == start))]
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
    return _agency_class(ctx.patterns, name)


_CLASSES: dict[tuple[int, str], str] = {}


def _agency_class(patterns: Patterns, name: str) -> str:
    if (id(patterns), name) not in _CLASSES:
        section = patterns.section("agencies")
        named = {n.lower(): cls for n, cls in section["names"].items()}
        heads = section["heads"]
        head = max((h for h in heads if name.lower().startswith(h.lower())), key=len, default=None)
        _CLASSES[id(patterns), name] = named.get(name.lower()) or heads.get(head or "", "Agency")
    return _CLASSES[id(patterns), name]


def new_agency(ctx: Context, start: int, end: int, confidence: float = 0.6) -> str:
    """The id of the agency named by text[start:end], proposing it if the graph does not know it.
    The label is the name with its first letter capitalised and its spaces single."""
    written = ctx.text[start:end]
    name = " ".join(written.split())
    name = name[:1].upper() + name[1:]
    spelt = ctx.patterns.section("agencies")["spellings"].get(name)
    name = spelt or name
    known = link_name(name, ctx.gazetteer, ("agency",))
    if known is not None:  # the graph's agency, written a little otherwise ("Bộ Thông tin - Truyền thông")
        ctx.mentions.setdefault("agency", []).append(Mention(start, end, known.entry, known.confidence))
        return known.entry.id
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
    # a place inside the name of an agency the graph knows is part of that name ("Ngân hàng Nhà nước
    # Việt Nam" does not name the area Việt Nam), as it is inside a new agency's name below
    for agency in ctx.mentions["agency"]:
        ctx.mentions["area"] = [m for m in ctx.mentions["area"]
                                if not (agency.start <= m.start and m.end <= agency.end and m.end - m.start < agency.end - agency.start)]
    for start, end in agency_spans(ctx):
        over = ctx.overlapping(start, end, ("agency", "sector", "post", "legal", "event", "policy", "area"))
        inner = [(k, m) for k, m in over if k in ("agency", "area") and start < m.start and m.end <= end
                 or k in ("agency", "area") and start <= m.start and m.end < end]
        if len(inner) != len(over):
            continue  # the graph knows it, or it is part of a longer known name
        for kind, mention in inner:  # "Văn phòng Chính phủ" is not "Chính phủ"; "Ngân hàng Nhà nước Việt Nam" not "Việt Nam"
            ctx.mentions[kind] = [m for m in ctx.mentions[kind] if m is not mention]
        new_agency(ctx, start, end)
