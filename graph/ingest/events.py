"""Events the graph does not know ("Hội nghị ...", "Diễn đàn ..."), with the edition, year and
day the sentence states; a day without a year is noted, never completed."""

from __future__ import annotations

import datetime as dt
import re

from graph.ingest.candidates import Candidate
from graph.ingest.spans import Context, name_end, quote_window, record

DAY = re.compile(r"ngày\s+(\d{1,2})/(\d{1,2})(?:/(\d{4}))?", re.IGNORECASE)
STOPS = {"diễn", "đã", "sẽ", "được", "do", "tại", "với", "nhằm", "để", "là", "có", "vừa", "đang", "bên", "trong"}


def _date(sentence: str) -> tuple[str | None, str | None]:
    """An ISO date if the sentence gives a full day, else a note about a day without its year."""
    day = DAY.search(sentence)
    if not day:
        return None, None
    if day.group(3) is None:
        return None, f"the sentence gives the day {day.group(1)}/{day.group(2)} without a year"
    try:
        return dt.date(int(day.group(3)), int(day.group(2)), int(day.group(1))).isoformat(), None
    except ValueError:
        return None, f"the day {day.group()} is not a valid date"


def extract_events(ctx: Context) -> None:
    """Propose the events named with a head word and a name that holds a capital or a year."""
    heads = ctx.patterns.table("events", "heads")
    pattern = re.compile(r"(?<![\w])(" + "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True)) + r")(?!\w)")
    for match in pattern.finditer(ctx.text):
        if ctx.covered(match.start(), match.end(), ("event",)):
            continue
        sentence = ctx.sentence_at(match.start())
        end = name_end(ctx.text, match.start(), sentence.end, STOPS)
        name = ctx.text[match.start():end]
        rest = name[len(match.group(1)):]
        if not re.search(r"(?<!\w)[A-ZĐ]|\d{4}", rest):
            continue  # "hội nghị" in running text
        year = re.search(r"(?:năm\s+)?(\d{4})\b", rest)
        edition = re.search(r"lần thứ (\d+)", rest)
        day, note = _date(sentence.text)
        cls = heads[match.group(1)]
        a, b = quote_window(ctx.text, sentence, match.start(), end, after=120)

        def make(new_id: str, cls: str = cls, name: str = name, a: int = a, b: int = b, start: int = match.start(),
                 end: int = end, year: re.Match[str] | None = year, edition: re.Match[str] | None = edition,
                 day: str | None = day, note: str | None = note) -> Candidate:
            return Candidate("event", record(cls, new_id, name, None, ctx.source, ctx.text[a:b],
                                             edition=int(edition.group(1)) if edition else None,
                                             year=int(year.group(1)) if year and not day else None, date=day),
                             start, end, 0.5, "events", "; ".join(filter(None, ["new event; translate the English label",
                                                                                note])))

        ctx.propose("event", name, make)
