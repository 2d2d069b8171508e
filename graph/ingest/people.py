"""People with the posts named around them ("Bộ trưởng Bộ TT&TT Nguyễn Mạnh Hùng", "ông Nguyễn
Mạnh Hùng, Uỷ viên TW Đảng, Bí thư Ban cán sự Đảng"): persons, posts and post holdings."""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.ingest.agencies import agency_spans, new_agency
from graph.ingest.candidates import Candidate
from graph.ingest.linker import link_name
from graph.ingest.spans import Context, quote_window, record
from graph.ingest.text import fold, nfc


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
    """Known posts, then titles from patterns.yaml followed by an agency, known or new."""
    spans = [PostSpan(m.start, m.end, known=m.entry.id) for m in ctx.mentions.get("post", [])]
    titles = sorted(ctx.patterns.section("people")["titles"], key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(t) for t in titles) + r")(?!\w)")
    for match in pattern.finditer(ctx.text):
        if any(s.start <= match.start() < s.end for s in spans):
            continue
        after = re.match(r"\s+", ctx.text[match.end():])
        at = match.end() + (after.end() if after else 0)
        agency = ctx.mention_at(("agency",), at)
        if agency is not None:
            spans.append(PostSpan(match.start(), agency.end, agency=agency.entry.id))
            continue
        found = [s for s in agency_spans(ctx, at, ctx.sentence_at(at).end, any_case=True) if s[0] == at]
        if found:
            spans.append(PostSpan(match.start(), found[0][1], agency=new_agency(ctx, *found[0])))
        else:
            spans.append(PostSpan(match.start(), match.end()))
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
    surnames = "|".join(re.escape(s) for s in ctx.patterns.section("people")["surnames"])
    for match in re.finditer(rf"(?<!\w)(?:{surnames})(?:\s+[^\W\d_][\w]*){{1,3}}", ctx.text):
        words = match.group().split()
        keep = 1
        while keep < len(words) and words[keep][0].isupper():
            keep += 1
        if keep < 2:
            continue
        end = match.start() + len(" ".join(words[:keep]))
        if not any(a < end and match.start() < b for a, b, _ in found):
            found.append((match.start(), end, None))
    return sorted(found)


def _chain(ctx: Context, posts: list[PostSpan], edge: int, forward: bool) -> list[PostSpan]:
    """The posts written next to a name, joined by commas or "kiêm", walking away from the name."""
    joiners = "|".join(re.escape(j) for j in ctx.patterns.section("people")["joiners"])
    honorifics = "|".join(re.escape(h) for h in ctx.patterns.section("people")["honorifics"])
    gap = re.compile(rf"\s*(?:(?:{joiners})\s*)?$" if not forward else rf"^\s*(?:{joiners})?\s*", re.IGNORECASE)
    first_gap = re.compile(rf"(?:\s+(?:{honorifics}))?\s*$" if not forward else r"^,\s*", re.IGNORECASE)
    chain: list[PostSpan] = []
    cursor = edge
    ordered = posts if forward else list(reversed(posts))
    for post in ordered:
        between = ctx.text[cursor:post.start] if forward else ctx.text[post.end:cursor]
        if (post.start < cursor) if forward else (post.end > cursor):
            continue
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
    held: set[tuple[str, str]] = set()
    for start, end, known in _names(ctx):
        before = _chain(ctx, posts, start, forward=False)
        after = _chain(ctx, posts, end, forward=True)
        honorific = re.search(r"(?:" + "|".join(re.escape(h) for h in ctx.patterns.section("people")["honorifics"])
                              + r")\s+$", ctx.text[max(0, start - 12):start], re.IGNORECASE)
        if known is None and not (before or after or honorific):
            continue  # a capitalised phrase that starts with a family name, not clearly a person
        name = ctx.text[start:end]
        sentence = ctx.sentence_at(start)
        first = min([start] + [p.start for p in before])
        last = max([end] + [p.end for p in after])
        quote = ctx.text[first:last]
        if known is None:
            a, b = quote_window(ctx.text, sentence, start, end)
            window, span = ctx.text[a:b], (start, end)

            def new_person(new_id: str, name: str = name, window: str = window,
                           span: tuple[int, int] = span) -> Candidate:
                return Candidate("person", record(None, new_id, name, _english_name(name), ctx.source, window),
                                 span[0], span[1], 0.7, "people", "new person")

            person = ctx.propose("person", name, new_person)
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


def _new_post(ctx: Context, post: PostSpan) -> str:
    label = post.label or " ".join(ctx.text[post.start:post.end].split())
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
