"""Agencies the graph does not know yet: a head word ("Bộ", "Ủy ban", "Trung tâm", "Hiệp hội")
followed by a capitalised name ("Bộ Tài chính", "Trung tâm Dữ liệu Quốc gia")."""

from __future__ import annotations

import re

from graph.ingest.candidates import Candidate
from graph.ingest.spans import Context, capitalised_run, quote_window, record


def agency_spans(ctx: Context, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of a head word followed by capitalised words or acronyms, joined by the allowed connectors."""
    heads = "|".join(re.escape(h) for h in sorted(ctx.patterns.table("agencies", "heads"), key=len, reverse=True))
    connectors = tuple(ctx.patterns.section("agencies")["connectors"])
    stops = frozenset(ctx.patterns.section("people")["surnames"]) | frozenset(ctx.patterns.section("people")["joiners"]) \
        | frozenset(ctx.patterns.section("projects")["stops"])
    spans = []
    for match in re.finditer(rf"(?<!\w)(?:{heads})(?!\w)", ctx.text[:end] if end else ctx.text):
        if match.start() < start:
            continue
        stop = capitalised_run(ctx.text, match.end(), end or len(ctx.text), connectors, before=stops)
        if stop > match.end():
            spans.append((match.start(), stop))
    return spans


def new_agency(ctx: Context, start: int, end: int, confidence: float = 0.6) -> str:
    """The id of the agency named by text[start:end], proposing it if the graph does not know it."""
    name = ctx.text[start:end]
    heads = ctx.patterns.table("agencies", "heads")
    head = max((h for h in heads if name.startswith(h)), key=len, default=None)
    cls = heads.get(head or "", "Agency")
    sentence = ctx.sentence_at(start)
    a, b = quote_window(ctx.text, sentence, start, end)

    def make(new_id: str) -> Candidate:
        return Candidate("agency", record(cls, new_id, name, None, ctx.source, ctx.text[a:b]), start, end,
                         confidence, "agencies", f"new agency ({cls}); translate the English label")

    return ctx.propose("agency", name, make)


def extract_agencies(ctx: Context) -> None:
    """Propose the agencies named by a head word and a capitalised name that the graph does not know."""
    for start, end in agency_spans(ctx):
        if ctx.covered(start, end, ("agency", "post", "legal", "event", "policy", "area")):
            continue
        new_agency(ctx, start, end)
