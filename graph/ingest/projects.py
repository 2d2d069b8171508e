"""Projects, programmes and plans the graph does not know: "Đề án Chuyển đổi số Quốc gia"."""

from __future__ import annotations

import re

from graph.ingest.candidates import Candidate
from graph.ingest.spans import Context, name_end, quote_window, record


def extract_projects(ctx: Context) -> None:
    """Propose the projects (đề án), programmes and plans named with a capitalised name."""
    heads = ctx.patterns.table("projects", "heads")
    stops = set(ctx.patterns.section("projects")["stops"])
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True)) + r")\s+(\S)")
    for match in pattern.finditer(ctx.text):
        if not match.group(2).isupper() or ctx.covered(match.start(), match.end(), ("policy",)):
            continue
        sentence = ctx.sentence_at(match.start())
        end = name_end(ctx.text, match.start(2), sentence.end, stops)
        name = ctx.text[match.start():end]
        horizon = re.search(r"đến năm (\d{4})$", name)
        cls = heads[match.group(1)]
        a, b = quote_window(ctx.text, sentence, match.start(), end)

        def make(new_id: str, cls: str = cls, name: str = name, a: int = a, b: int = b, start: int = match.start(),
                 end: int = end, horizon: re.Match[str] | None = horizon) -> Candidate:
            return Candidate("policy", record(cls, new_id, name, None, ctx.source, ctx.text[a:b],
                                              horizonYear=int(horizon.group(1)) if horizon else None),
                             start, end, 0.6, "projects", f"new {cls.lower()}; translate the English label")

        ctx.propose("policy", name, make)
