"""Areas the graph does not know: Vietnam's provinces, named alone or after "tỉnh"/"TP."."""

from __future__ import annotations

import re

from graph.ingest.candidates import Candidate
from graph.ingest.linker import Entry, Mention, link_name
from graph.ingest.spans import Context, capitalised_run, quote_window, record


def _pattern(ctx: Context) -> re.Pattern[str]:
    spec = ctx.patterns.section("areas")
    names = "|".join(re.escape(n) for n in sorted(spec["provinces"], key=len, reverse=True))
    prefixes = "|".join(re.escape(p) for p in sorted(spec["prefixes"], key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:({prefixes})\s*)?({names})(?![\w-])")


def _nationwide(ctx: Context) -> None:
    """Mentions of the country where the article says "cả nước", "toàn quốc" or "cấp quốc gia", and
    of the world where it says "thế giới" (the graph's areas named in patterns.yaml, when it has them)."""
    spec = ctx.patterns.section("areas")
    for words_key, area_key in (("nationwide", "country"), ("worldwide", "world")):
        area = ctx.gazetteer.entries.get(str(spec[area_key]))
        if area is None:
            continue
        words = "|".join(re.escape(w) for w in sorted(spec[words_key], key=len, reverse=True))
        for match in re.finditer(rf"(?<!\w)(?:{words})(?!\w)", ctx.text, re.IGNORECASE):
            if not ctx.covered(match.start(), match.end(), ("agency", "event", "policy", "legal", "area")):
                ctx.mentions.setdefault("area", []).append(Mention(match.start(), match.end(), area, 0.7))


def _regions(ctx: Context) -> None:
    """"khu vực" and a capitalised name (or "châu" and one): the graph's area of that name ("khu vực
    ASEAN"), else a new Area proposed once ("khu vực Đông Nam Á", "khu vực châu Á"), so that a
    figure can be about it."""
    head = str(ctx.patterns.section("areas")["region_head"])
    for match in re.finditer(rf"(?<!\w){re.escape(head)}(?:\s+châu)?(?=\s)", ctx.text, re.IGNORECASE):
        end = capitalised_run(ctx.text, match.end(), min(len(ctx.text), match.end() + 60), tail=1)
        if end <= match.end() or ctx.covered(match.start(), end, ("agency", "event", "policy", "legal", "area")):
            continue
        name = " ".join(ctx.text[match.start():end].split())
        known = link_name(name, ctx.gazetteer, ("area",))
        if known is not None:
            ctx.mentions.setdefault("area", []).append(Mention(match.start(), end, known.entry, known.confidence))
            continue
        label = name[:1].upper() + name[1:]
        sentence = ctx.sentence_at(match.start())
        a, b = quote_window(ctx.text, sentence, match.start(), end)

        def make(new_id: str, label: str = label, a: int = a, b: int = b, start: int = match.start(),
                 stop: int = end) -> Candidate:
            return Candidate("area", record("Region", new_id, label, None, ctx.source, ctx.text[a:b]),
                             start, stop, 0.7, "areas", "new area (a region); translate the English label")

        new_id = ctx.propose("area", label, make)
        ctx.mentions.setdefault("area", []).append(Mention(match.start(), end, Entry("area", new_id, "Region", label), 0.7))


def extract_areas(ctx: Context) -> None:
    """Propose each province the article names (once), and record every naming of it as an area
    mention, so that a figure's clause can name it as its subject. A name inside a longer
    capitalised name ("Đại học Quốc gia Hà Nội") or inside an agency's name is not a province."""
    _nationwide(ctx)
    _regions(ctx)
    spec = ctx.patterns.section("areas")
    need_prefix = set(spec["need_prefix"])
    spellings: dict[str, str] = spec.get("spellings") or {}
    for match in _pattern(ctx).finditer(ctx.text):
        prefix, name = match.group(1), match.group(2)
        start, end = match.start(2), match.end(2)
        if prefix is None and name in need_prefix:
            continue
        before = ctx.text[max(0, start - 12):start]
        last = re.search(r"(\w+)\s+$", before)
        if prefix is None and last and last.group(1)[0].isupper() and not re.search(r"(?:^|\s)TP\.?\s*$", before):
            continue  # part of a longer name ("Đại học Quốc gia Hà Nội"); "của Hà Nội" is the province
        if ctx.covered(start, end, ("agency", "legal", "event", "policy", "area")):
            continue
        label = str(spellings.get(name, name))
        if name in need_prefix and prefix and prefix.lower().startswith(("tp", "thành phố")):
            label = f"TP {name}"  # "Hồ Chí Minh" alone is a person: the city keeps its "TP"
        # linked only by the same name: the graph's provinces are the units after the mergers of July
        # 2025 ("Thành phố Hồ Chí Minh" took in Bình Dương), not always the province an older article means
        known = link_name(label, ctx.gazetteer, ("area",))
        if known is not None:
            ctx.mentions.setdefault("area", []).append(Mention(start, end, known.entry, known.confidence))
            continue
        sentence = ctx.sentence_at(start)
        a, b = quote_window(ctx.text, sentence, start, end)

        def make(new_id: str, label: str = label, a: int = a, b: int = b, start: int = start, end: int = end) -> Candidate:
            return Candidate("area", record("Area", new_id, label, None, ctx.source, ctx.text[a:b]),
                             start, end, 0.8, "areas", "new area (a province of Vietnam); translate the English label")

        new_id = ctx.propose("area", label, make)
        ctx.mentions.setdefault("area", []).append(Mention(start, end, Entry("area", new_id, "Area", label), 0.8))
