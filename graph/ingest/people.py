"""People with the posts named around them ("Bộ trưởng Bộ TT&TT Nguyễn Mạnh Hùng", "ông Nguyễn
Mạnh Hùng, Uỷ viên TW Đảng, Bí thư Ban cán sự Đảng"): persons, posts and post holdings."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from graph.ingest.agencies import agency_span_at, new_agency
from graph.ingest.candidates import Candidate
from graph.ingest.linker import link_name
from graph.ingest.patterns import Patterns
from graph.ingest.spans import Context, quote_window, record
from graph.ingest.text import fold, nfc


_SPACE = re.compile(r"\s+")
# The widest gap between a name and a post of its chain (a joiner with its spaces is far shorter).
_GAP = 40


@dataclass(frozen=True)
class PostSpan:
    """A post named in the text: a known post, or a title with the agency it is in."""

    start: int
    end: int
    known: str | None = None
    agency: str | None = None  # the id of the agency the title names
    label: str | None = None  # the post's name where the text does not write it whole ("Thủ tướng")


def _english_name(name: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in fold(nfc(name)).split())


def _titles(ctx: Context) -> list[PostSpan]:
    """Known posts, then titles from patterns.yaml followed by an agency, known or new (read once
    per article: people and the posts named both ask)."""
    if "titles" not in ctx.memo:
        ctx.memo["titles"] = _read_titles(ctx)
    return ctx.memo["titles"]


def _read_titles(ctx: Context) -> list[PostSpan]:
    spans = [PostSpan(m.start, m.end, known=m.entry.id) for m in ctx.mentions.get("post", [])]
    titles = sorted(ctx.patterns.section("people")["titles"], key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(t) for t in titles) + r")(?!\w)")
    taken = bytearray(len(ctx.text) + 1)  # where a post already stands
    for s in spans:
        taken[s.start:s.end] = b"\x01" * (s.end - s.start)
    for match in pattern.finditer(ctx.text):
        if taken[match.start()]:
            continue
        after = _SPACE.match(ctx.text, match.end())
        at = after.end() if after else match.end()
        agency = ctx.mention_at(("agency",), at)
        if agency is not None:
            spans.append(PostSpan(match.start(), agency.end, agency=agency.entry.id))
        else:
            found = agency_span_at(ctx, at, ctx.sentence_at(at).end)
            if found:
                spans.append(PostSpan(match.start(), found[1], agency=new_agency(ctx, *found)))
            else:
                spans.append(PostSpan(match.start(), match.end()))
        taken[spans[-1].start:spans[-1].end] = b"\x01" * (spans[-1].end - spans[-1].start)
    return sorted((_implied(ctx, s) for s in spans), key=lambda s: s.start)


def _implied(ctx: Context, post: PostSpan) -> PostSpan:
    """A title written alone that names one post only ("Thủ tướng"): named with its institution,
    and in it where the graph or this article names the institution."""
    title = ctx.text[post.start:post.end]
    institution = ctx.patterns.section("people")["implied"].get(title)
    if post.known or post.agency or institution is None:
        return post
    known = link_name(institution, ctx.gazetteer, ("agency",), cutoff=1.0)
    agency = known.entry.id if known else ctx.new_ids.get(f"agency:{fold(institution)}")
    return PostSpan(post.start, post.end, agency=agency, label=f"{title} {institution}")


def _names(ctx: Context) -> list[tuple[int, int, str | None]]:
    """Person names: known people, and a family name with one to three capitalised syllables."""
    found: list[tuple[int, int, str | None]] = [(m.start, m.end, m.entry.id) for m in ctx.mentions.get("person", [])]
    known = bytearray(len(ctx.text) + 1)  # where a known person is named
    for a, b, _ in found:
        known[a:b] = b"\x01" * (b - a)
    surnames = "|".join(re.escape(s) for s in ctx.patterns.section("people")["surnames"])
    for match in re.finditer(rf"(?<!\w)(?:{surnames})(?:\s+[^\W\d_][\w]*){{1,3}}", ctx.text):
        words = match.group().split()
        keep = 1
        while keep < len(words) and words[keep][0].isupper():
            keep += 1
        if keep < 2:
            continue
        end = match.start() + len(" ".join(words[:keep]))
        if not any(known[match.start():end]):
            found.append((match.start(), end, None))
    return sorted(found)


_GAPS: dict[tuple[int, bool], tuple[re.Pattern[str], re.Pattern[str]]] = {}


def _gaps(patterns: Patterns, forward: bool) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """What may stand between two posts of a chain, and between the name and the first post
    (before the name: an honorific; after it: a comma); compiled once per Patterns and side."""
    if (id(patterns), forward) not in _GAPS:
        joiners = "|".join(re.escape(j) for j in patterns.section("people")["joiners"])
        gap = re.compile(rf"\s*(?:(?:{joiners})\s*)?$" if not forward else rf"^\s*(?:{joiners})?\s*", re.IGNORECASE)
        first_gap = re.compile(rf"(?:\s+(?:{_honorifics(patterns)}))?\s*$" if not forward else r"^,\s*", re.IGNORECASE)
        _GAPS[id(patterns), forward] = gap, first_gap
    return _GAPS[id(patterns), forward]


def _honorifics(patterns: Patterns) -> str:
    return "|".join(re.escape(h) for h in patterns.section("people")["honorifics"])


def _chain(ctx: Context, posts: list[PostSpan], starts: list[int], edge: int, forward: bool) -> list[PostSpan]:
    """The posts written next to a name, joined by commas or "kiêm", walking away from the name
    (posts in text order, starts their starts)."""
    gap, first_gap = _gaps(ctx.patterns, forward)
    chain: list[PostSpan] = []
    cursor = edge
    first = bisect.bisect_left(starts, edge)  # those that start after the edge also end after it
    ordered = range(first, len(posts)) if forward else range(first - 1, -1, -1)
    for post in (posts[i] for i in ordered):
        if (post.start < cursor) if forward else (post.end > cursor):
            continue
        if (post.start - cursor if forward else cursor - post.end) > _GAP:
            break  # no joiner is that long
        between = ctx.text[cursor:post.start] if forward else ctx.text[post.end:cursor]
        rule = first_gap if not chain else gap
        matched = rule.fullmatch(between) if not forward else rule.match(between)
        if not matched or (forward and matched.end() != len(between)):
            break
        chain.append(post)
        cursor = post.end if forward else post.start
    return chain


def extract_people(ctx: Context) -> None:
    """Propose the people, posts and post holdings the article states."""
    posts = _titles(ctx)
    starts = [p.start for p in posts]
    held: set[tuple[str, str]] = set()
    honorific_before = re.compile(rf"(?:{_honorifics(ctx.patterns)})\s+$", re.IGNORECASE)
    for start, end, known in _names(ctx):
        before = _chain(ctx, posts, starts, start, forward=False)
        after = _chain(ctx, posts, starts, end, forward=True)
        honorific = honorific_before.search(ctx.text, max(0, start - 12), start)
        if known is None and not (before or after or honorific):
            continue  # a capitalised phrase that starts with a family name, not clearly a person
        name = ctx.text[start:end]
        sentence = ctx.sentence_at(start)
        first = min([start] + [p.start for p in before])
        last = max([end] + [p.end for p in after])
        quote = ctx.text[first:last]
        if known is None:
            a, b = quote_window(ctx.text, sentence, start, end)
            person = ctx.propose("person", name, _new_person(ctx, name, a, b, start, end))
        else:
            person = known
        for post in before + after:
            post_id = post.known or _new_post(ctx, post)
            if (person, post_id) in held:
                continue  # one holding per person and post in a source, as curated
            held.add((person, post_id))
            holding_id = ctx.unique_id(f"{person}-{post_id}")
            label = ctx.text[post.start:post.end]
            ctx.candidates.append(Candidate("holding", record(
                None, holding_id, f"{name} – {label}", f"{_english_name(name)} – {label}", ctx.source, quote,
                holder=person, heldPost=post_id), first, last, 0.75 if post.known else 0.6, "people",
                "post holding as the article states it"))


def _new_person(ctx: Context, name: str, a: int, b: int, start: int, end: int) -> Callable[[str], Candidate]:
    """The maker of a new person's record (quote text[a:b], evidence [start, end))."""
    def make(new_id: str) -> Candidate:
        return Candidate("person", record(None, new_id, name, _english_name(name), ctx.source, ctx.text[a:b]),
                         start, end, 0.7, "people", "new person")
    return make


def _new_post(ctx: Context, post: PostSpan) -> str:
    label = post.label or " ".join(ctx.text[post.start:post.end].split())
    known = link_name(label, ctx.gazetteer, ("post",), cutoff=1.0)
    if known is not None:  # the graph's post, written with other spaces ("Bộ trưởng  Bộ TT&TT")
        return known.entry.id
    sentence = ctx.sentence_at(post.start)
    a, b = quote_window(ctx.text, sentence, post.start, post.end)

    def make(new_id: str) -> Candidate:
        return Candidate("post", record(None, new_id, label, None, ctx.source, ctx.text[a:b], postIn=post.agency),
                         post.start, post.end, 0.6 if post.agency else 0.4, "people",
                         "new post; translate the English label" + ("" if post.agency else "; the agency is not stated"))

    return ctx.propose("post", label, make)


def posts_named(ctx: Context) -> list[PostSpan]:
    """The posts the article names with an agency (known posts included), for the evaluation and
    for proposing posts that no person holds in the text."""
    return [p for p in _titles(ctx) if p.known or p.agency]
