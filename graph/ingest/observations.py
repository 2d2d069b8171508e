"""Turn the figures of an article into observation candidates: the indicator and subject the
sentence names, a readable id, the exact quote and statedValue."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from graph.ingest.agencies import name_words
from graph.ingest.candidates import Candidate
from graph.ingest.figures import PARAGRAPHS_REACH, Figure, FigureReader, year_of_paragraphs_before
from graph.ingest.sentences import Sentence
from graph.ingest.linker import Entry, Mention
from graph.ingest.periods import sub_year, with_year
from graph.ingest.spans import Context, quote_window, record
from graph.ingest.registry import load_registry
from graph.ingest.text import fold, slugify

SUBJECT_KINDS = ("agency", "sector", "area", "policy", "event")
# A percentage right after "tăng" (rose by) measures growth, whatever indicator the clause names.
GROWTH = "growth-rate"
_GROWTH = re.compile(r"(?<!\w)tăng(?:\s+trưởng)?(?:\s+(?:thêm|khoảng|hơn|gần|trên))?\s+$", re.IGNORECASE)
# Before a figure, words that make it a plan, a forecast or a target ("vượt 3,75% kế hoạch", "kế hoạch năm (…)").
_TARGET = re.compile(r"(?<!\w)(?:kế hoạch(?:\s+năm)?\s*\(\s*$|dự báo|mục tiêu|vượt\s+$|dự kiến)", re.IGNORECASE)
# A part of a year: "6 tháng đầu năm 2023", "tháng 11/2023", "2 tháng đầu năm", "quý I", "11 tháng";
# "so với cùng kỳ" compares a part of a year with the same part of the year before.
_SUB_YEAR = re.compile(r"(?<!\w)(?:\d+\s+tháng(?:\s+(?:đầu|cuối))?\s+năm|tháng\s+\d{1,2}/\d{4}|quý\s+[IV1-4]+|\d+\s+tháng\s+đầu|cùng kỳ)",
                       re.IGNORECASE)
# A year right after a figure is its period ("36.192 tỷ đồng năm 2020").
_YEAR_AFTER = re.compile(r"\s+(?:vào\s+|trong\s+|của\s+)?năm\s+((?:19|20)\d\d)(?!\d)")
# "năm trước", "năm ngoái" right after a figure: the year before the one the text is at.
_YEAR_BEFORE = re.compile(r"\s+(?:vào\s+|trong\s+|của\s+)?năm\s+(?:trước|ngoái)(?!\w)", re.IGNORECASE)
# "so với cùng kỳ năm trước" right after a figure of a part of a year: the same part of the year before.
_SAME_BEFORE = re.compile(r"\s*,?\s*so với cùng kỳ(?:\s+năm)?\s+(?:trước|ngoái)(?!\w)", re.IGNORECASE)
_DECREASE = re.compile(r"(?<!\w)giảm(?:\s+(?:khoảng|hơn|gần|trên))?\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class Sorted:
    """Mentions sorted by start, with their starts, for finding those of one sentence fast."""

    mentions: list[Mention]
    starts: list[int]

    @classmethod
    def of(cls, mentions: list[Mention]) -> "Sorted":
        ordered = sorted(mentions, key=lambda m: m.start)
        return cls(ordered, [m.start for m in ordered])

    def within(self, start: int, end: int) -> list[Mention]:
        """The mentions that start within [start, end)."""
        return self.mentions[bisect.bisect_left(self.starts, start):bisect.bisect_left(self.starts, end)]


def _nearest(mentions: Sorted, start: int, end: int, before: int) -> Mention | None:
    """The mention closest before `before` within [start, end), else the first one after it."""
    inside = [m for m in mentions.within(start, end) if m.end <= end]
    earlier = [m for m in inside if m.end <= before]
    if earlier:
        return max(earlier, key=lambda m: m.end)
    later = [m for m in inside if m.start >= before]
    return min(later, key=lambda m: m.start) if later else None


# Folded words that open a relative clause after a count noun ("bị gỡ", "được nêu ra", "có nội dung").
_RELATIVE = frozenset({"bi", "duoc", "co", "da"})


def _count_indicator(ctx: Context, noun: str) -> str | None:
    """The known indicator "Số <noun...>" whose wording best fits what the figure counts."""
    said = fold(noun)
    best = None
    for surface, entry in ctx.gazetteer.of_kind("indicator"):
        words = fold(surface).split()
        if len(words) < 2 or words[0] != "so":
            continue
        rest = " ".join(words[1:])
        # the noun says as much as the wording's noun: "2 cơ quan" is no count of "Số cơ quan báo chí",
        # but "3 sáng kiến" is one of "Số sáng kiến được nêu ra" (what follows the noun is a verb)
        tail = rest[len(said):].split() if rest.startswith(said + " ") else []
        if said == rest or said.startswith(rest + " ") or tail and tail[0] in _RELATIVE:
            if best is None or len(rest) > best[0]:
                best = (len(rest), entry.id)
    return best[1] if best else None


def _registry_indicator(ctx: Context, indicator: str, at: int, end: int) -> str:
    """The id of a registry indicator, proposing its record (labels from the registry, the
    article's words as quote) the first time an article uses one the graph does not have."""
    entry = load_registry().get(indicator)
    if indicator in ctx.curated or entry is None or entry.label_vi is None:
        return indicator
    key = f"indicator-registry:{indicator}"
    if key not in ctx.new_ids:
        ctx.new_ids[key] = indicator
        ctx.taken.add(indicator)
        sentence = ctx.sentence_at(at)
        a, b = quote_window(ctx.text, sentence, at, end)
        ctx.candidates.append(Candidate(
            "indicator", record(None, indicator, entry.label_vi, entry.label_en, ctx.source, ctx.text[a:b]),
            at, end, 0.7, "figures", "indicator of the ingest registry (graph/ingest/indicators.yaml), new to the graph"))
    return indicator


def _fits(indicator: str, unit: str) -> bool:
    entry = load_registry().get(indicator)
    return entry is None or not entry.units or unit in entry.units


def _in_context(ctx: Context, indicator: str, at: int) -> bool:
    """False when the registry says the indicator is read only near words its paragraph (or the one
    before) lacks: "kinh tế số" is a pillar of the DTI only where the text speaks of the DTI."""
    entry = load_registry().get(indicator)
    if entry is None or not entry.context:
        return True
    start = at
    for _ in range(2):
        start = max(ctx.text.rfind("\n\n", max(0, at - PARAGRAPHS_REACH), start), at - PARAGRAPHS_REACH, 0)
    window = ctx.text[start:at].lower()
    return any(word.lower() in window for word in entry.context)


_LIST_ITEM = re.compile(r"[ \t]*(?:[-+•*–][ \t]*)?([^\W\d][^:\n]{0,60}?)[ \t]*:[ \t]*")


def _heading(ctx: Context, figure: Figure) -> tuple[str, str] | None:
    """The indicator a line of figures is headed by ("- Dịch vụ công trực tuyến: 0,7361, xếp hạng
    59/193"): a registry heading (or wording) before a colon at the start of the figure's line."""
    text = ctx.text
    line = text.rfind("\n", 0, figure.start) + 1
    match = _LIST_ITEM.match(text, line, figure.start)
    if match is None or text.find(";", match.end(), figure.start) >= 0:
        return None
    name = fold(match.group(1))
    for entry in load_registry().values():
        if name in {fold(h) for h in entry.headings + entry.wordings} and _in_context(ctx, entry.id, figure.start):
            indicator = entry.rank if figure.unit == "Rank" and entry.rank else entry.id
            if _fits(indicator, figure.unit):
                return indicator, f"'{match.group(1)}' heads the line of the figure"
    return None


def _indicator(ctx: Context, figure: Figure, clause: tuple[int, int], indicators: Sorted) -> tuple[str | None, str]:
    """The indicator id (None: abstain) and why."""
    text = ctx.text
    lead = text[max(clause[0], figure.start - 25):figure.start]
    if _TARGET.search(lead) or _TARGET.search(text[clause[0]:figure.start]) and figure.unit != "Percent":
        return None, "a plan, forecast or target, not a figure reached"
    for entry in load_registry().values():
        after = entry.after_pattern
        if after is not None and figure.unit in entry.units and (found_after := after.match(text, figure.end, clause[1])):
            return entry.id, f"'{found_after.group(1)}' after the figure"
    if figure.unit == "Count" and figure.noun:
        said = fold(figure.noun)
        for entry in load_registry().values():
            if any(said == fold(n) or said.startswith(fold(n) + " ") for n in entry.nouns):
                return entry.id, f"counts '{figure.noun}'"
    if figure.unit == "Index" and (_GROWTH.search(text, max(clause[0], figure.start - 16), figure.start)
                                   or _DECREASE.search(text, max(clause[0], figure.start - 12), figure.start)):
        return None, "an index score after 'tăng'/'giảm' is a change of score, which has no unit in the ontology"
    if figure.unit == "Percent":
        if _GROWTH.search(text, max(clause[0], figure.start - 16), figure.start):
            return GROWTH, "a percentage after 'tăng' is a growth rate"
        if _DECREASE.search(text, max(clause[0], figure.start - 12), figure.start):
            return None, "a percentage after 'giảm' is a decrease: the graph has no indicator for it"
    heading = _heading(ctx, figure)
    if heading is not None:
        return heading
    found = _nearest_before(indicators, clause[0], figure.start)
    if found is not None and not _in_context(ctx, found.entry.id, figure.start):
        return None, f"'{text[found.start:found.end]}' names a part of an index that its paragraph does not name"
    if found is not None:
        indicator = found.entry.id
        if figure.unit == "Rank":
            rank = load_registry().get(indicator)
            indicator = rank.rank if rank and rank.rank else indicator
        if _fits(indicator, figure.unit):
            return indicator, f"'{text[found.start:found.end]}' before the figure"
    if figure.unit == "Count" and figure.noun:
        known = _count_indicator(ctx, figure.noun)
        if known:
            return known, f"counts '{figure.noun}'"
    if figure.unit == "Rank":
        ranking = _ranking_before(ctx, figure, indicators)
        if ranking is not None:
            return ranking
    return None, "no indicator of the graph or the registry is named before the figure in its clause"


def _ranking_before(ctx: Context, figure: Figure, indicators: Sorted) -> tuple[str, str] | None:
    """For a rank whose clause names no ranking, the ranking the sentence before announces ("Bộ
    TT&TT công bố xếp hạng chuyển đổi số năm 2023. Tỉnh … xếp thứ 21/63"), in the same paragraph
    or across one paragraph break: its last indicator that has a rank, or is one."""
    sentence = ctx.sentence_at(figure.start)
    at = bisect.bisect_left(ctx.sentences, sentence.start, key=lambda s: s.start)
    if at == 0 or ctx.sentences[at - 1].end > sentence.start:
        return None
    before = ctx.sentences[at - 1]
    if ctx.text.count("\n\n", before.end, sentence.start) > 1 or ctx.text[before.end:sentence.start].count("\n") > 2:
        return None
    for mention in reversed([m for m in indicators.within(before.start, before.end) if m.end <= before.end]):
        entry = load_registry().get(mention.entry.id)
        rank = entry.rank if entry and entry.rank else mention.entry.id
        if _fits(rank, "Rank") and (entry is None or entry.rank or "Rank" in entry.units) \
                and _in_context(ctx, rank, figure.start):
            return rank, f"'{ctx.text[mention.start:mention.end]}': the ranking the sentence before announces"
    return None


# How far back "toàn ngành" looks for the field it means (characters: about a paragraph).
_FIELD_REACH = 1200


@dataclass(frozen=True)
class _Said:
    """The subject of the figure before, where it stood and whether it was named (not carried)."""

    mention: Mention
    at: int


_WORD_FORMS = {"end": r"(?:^|[\s,(“\"])(?:{words})\s*$", "any": r"(?<!\w)(?:{words})(?!\w)"}


def _words(ctx: Context, key: str, form: str) -> re.Pattern[str]:
    """A pattern of the figure words `key` (patterns.yaml), matched as whole words at the end of a
    text (form "end") or anywhere ("any")."""
    memo = f"{form}:{key}"
    if memo not in ctx.memo:
        words = "|".join(re.escape(w) for w in ctx.patterns.words("figures", key))
        ctx.memo[memo] = re.compile(_WORD_FORMS[form].replace("{words}", words), re.IGNORECASE)
    pattern: re.Pattern[str] = ctx.memo[memo]
    return pattern


def _word_list(ctx: Context, key: str) -> re.Pattern[str]:
    """The figure words `key` as whole words at the end of a text."""
    return _words(ctx, key, "end")


def _anywhere(ctx: Context, key: str) -> re.Pattern[str]:
    """The figure words `key` as whole words anywhere."""
    return _words(ctx, key, "any")


_MARKER = re.compile(r"[ \t]*[-+•*–]")


def _list_intro(text: str, at: int) -> tuple[int, int] | None:
    """For a figure on a list item ("- Hạ tầng viễn thông: 0,389"), the span of the line that
    introduces the list (the line before its items, ending with a colon); None elsewhere."""
    line = text.rfind("\n", 0, at) + 1
    if not _MARKER.match(text, line):
        return None
    while line > 0:
        start = text.rfind("\n", 0, line - 1) + 1
        content = text[start:line - 1].strip()
        if not content or _MARKER.match(text, start):
            line = start
            continue
        return (start, line - 1) if content.endswith(":") else None
    return None


def _bracket_chunk(ctx: Context, clause: tuple[int, int], figure: Figure, earlier_end: int | None) -> tuple[int, int] | None:
    """For a figure in brackets after words ("trung bình của thế giới (0,54)"), the words before
    its bracket back to the last comma: the figure belongs to them. None for a figure not in
    brackets, or one restating the figure just before the bracket ("30.000 tỷ (1,4 tỷ USD)")."""
    text = ctx.text
    opened = text.rfind("(", clause[0], figure.start)
    if opened < 0 or text.find(")", opened, figure.start) >= 0 or text[opened + 1:figure.start].strip(" ")[:1].isalpha() \
            and not re.fullmatch(r"\s*(?:khoảng|hơn|trên|gần|ước)?\s*", text[opened + 1:figure.start]):
        return None
    if earlier_end is not None and earlier_end <= opened and \
            re.fullmatch(r"(?:/\s*(?:năm|tháng|quý))?[\s,]*", text[earlier_end:opened], re.IGNORECASE):
        return None
    start = max(text.rfind(",", clause[0], opened) + 1, clause[0])
    return start, opened


def _subject(ctx: Context, subjects: Sorted, clause: tuple[int, int], sentence: Sentence, figure: Figure,
             previous: _Said | None, earlier_end: int | None) -> tuple[Mention | None, str | None]:
    """What the figure is about, and how it was found (None: named in its sentence):
    - a figure in brackets after words belongs to those words ("… của thế giới (0,54)"): an entity
      named there, else none;
    - in its clause before it, a sector before an area ("doanh thu ngành TT&TT Việt Nam");
    - else the nearest entity of its sentence, but not the body that reports or ranks it ("do Liên
      hợp quốc đánh giá") nor "Chính phủ" of "Chính phủ điện tử";
    - else the subject of the figure before, carried only within one paragraph (a report names its
      subject once and goes on), or into a new one when the clause names the whole field ("toàn
      ngành") and that subject is a field;
    - else none: the figure is left out."""
    text = ctx.text
    not_before = name_words(ctx.patterns)[2]
    reporter = _word_list(ctx, "reporter_before")
    inside = [m for m in subjects.within(sentence.start, sentence.end)
              if not not_before.match(text, m.end) and not reporter.search(text, max(sentence.start, m.start - 25), m.start)]
    named = Sorted.of(inside)
    chunk = _bracket_chunk(ctx, clause, figure, earlier_end)
    if chunk is not None:
        found = _nearest_before(named, chunk[0], chunk[1])
        return (found, None) if found is not None else (None, "bracket")
    before = [m for m in named.within(clause[0], figure.start) if m.end <= figure.start]
    sectors = [m for m in before if m.entry.type == "Sector"]
    if sectors:
        return max(sectors, key=lambda m: m.end), None
    found = _nearest(named, sentence.start, sentence.end, figure.start)
    if found is not None:
        return found, None
    intro = _list_intro(text, figure.start)
    if intro is not None:
        said = [m for m in subjects.within(*intro) if m.end <= intro[1] and not not_before.match(text, m.end)
                and not reporter.search(text, max(intro[0], m.start - 25), m.start)]
        if said:
            return said[-1], "subject named by the sentence that introduces the list the figure stands in"
    if _anywhere(ctx, "whole_field").search(text, clause[0], figure.start):
        if previous is not None and previous.mention.entry.type == "Sector":
            return previous.mention, "subject: the clause names the whole field ('toàn ngành'), the field of the figure before"
        fields = [m for m in subjects.within(max(0, figure.start - _FIELD_REACH), figure.start)
                  if m.entry.type == "Sector" and m.end <= figure.start]
        if fields:
            return fields[-1], "subject: the clause names the whole field ('toàn ngành'), the field last named before it"
    if previous is not None:
        if "\n" not in text[previous.at:figure.start]:
            return previous.mention, "subject carried from the figure before in its paragraph"
        if _anywhere(ctx, "pointing_back").search(text, clause[0], figure.start):
            return previous.mention, "subject carried from the figure before: the clause points back to it ('này', 'cụ thể')"
    return None, None


def _nearest_before(mentions: Sorted, start: int, before: int) -> Mention | None:
    """The mention that ends last before `before`, within [start, before)."""
    inside = [m for m in mentions.within(start, before) if m.end <= before]
    return max(inside, key=lambda m: m.end) if inside else None


def _clause(ctx: Context, at: int) -> tuple[int, int]:
    sentence = ctx.sentence_at(at)
    start = ctx.text.rfind(";", sentence.start, at) + 1 or sentence.start
    end = ctx.text.find(";", at, sentence.end)
    return max(start, sentence.start), end if end >= 0 else sentence.end


def _new_entities(ctx: Context) -> list[Mention]:
    """The entities this article proposes (agencies, areas, policies, events), as mentions at every
    place their label is written, so that a figure can be about one ("doanh thu của Bộ Tài chính")."""
    found = []
    for c in ctx.candidates:
        if c.kind not in SUBJECT_KINDS or c.kind == "sector":
            continue
        label = str(c.record["label"]["vi"])
        entry = Entry(c.kind, c.id, str(c.record.get("type") or c.kind), label)
        at = ctx.text.find(label)
        while at >= 0:
            found.append(Mention(at, at + len(label), entry, c.confidence))
            at = ctx.text.find(label, at + len(label))
    return found


def _total_before(ctx: Context, figures: list[Figure], subjects: Sorted, figure: Figure, subject: Mention) -> int | None:
    """The total of a rank stated without one ("xếp thứ 29"): that of the last rank "N/M" stated
    before it in the text whose sentence names the same subject ("Trà Vinh xếp hạng 25/63 tỉnh"),
    the same ranking of the same entities; None when there is none."""
    for earlier in reversed([f for f in figures if f.end <= figure.start and f.unit == "Rank" and f.out_of
                             and not f.total_inherited]):
        clause = _clause(ctx, earlier.start)
        if any(m.entry.id == subject.entry.id for m in subjects.within(clause[0], clause[1])):
            return earlier.out_of
    return None


def extract_observations(ctx: Context, excluded: list[tuple[int, int]]) -> list[Figure]:
    """Propose an observation for every figure of the article; returns the figures read."""
    reader = FigureReader(ctx.patterns)
    excluded = sorted(excluded)
    starts = [a for a, _ in excluded]
    figures = [f for sentence in ctx.sentences for f in reader.read(
        ctx.text, sentence, excluded[bisect.bisect_left(starts, sentence.start):bisect.bisect_left(starts, sentence.end)])]
    subjects = Sorted.of([m for k in SUBJECT_KINDS for m in ctx.mentions.get(k, [])] + _new_entities(ctx))
    indicators = Sorted.of(ctx.mentions.get("indicator", []))
    previous: _Said | None = None  # the subject of the figure before
    earlier_end: int | None = None  # where the figure before ends
    last_period: int | str | None = None
    for figure in figures:
        clause = _clause(ctx, figure.start)
        sentence = ctx.sentence_at(figure.start)
        indicator, why = _indicator(ctx, figure, clause, indicators)
        stated = ctx.text[figure.start:figure.end]
        if indicator is None:
            ctx.abstained.append((figure.start, figure.end, f"{stated!r}: {why}"))
            continue
        if ctx.text[figure.end:figure.end + 1] == "%" and stated.endswith("%"):
            ctx.abstained.append((figure.start, figure.end, f"{stated!r}: printed with '%%', a misprint: the figure is not read"))
            continue
        subject, how = _subject(ctx, subjects, clause, sentence, figure, previous, earlier_end)
        earlier_end = figure.end
        if subject is None:
            why = ("it stands in brackets after words that name no entity of the graph" if how == "bracket" else
                   "its sentence names nothing it is about, and no subject is carried by a rule (same paragraph, 'toàn ngành')")
            ctx.abstained.append((figure.start, figure.end, f"{stated!r}: {why}"))
            continue
        if _anywhere(ctx, "respectively").search(ctx.text, clause[0], figure.start):
            ctx.abstained.append((figure.start, figure.end, f"{stated!r}: 'lần lượt' shares figures out over several "
                                  "subjects in order, which this reader does not pair"))
            continue
        notes_total = None
        if figure.unit == "Rank" and figure.out_of is None:
            total = _total_before(ctx, figures, subjects, figure, subject)
            if total is not None:
                figure.out_of, figure.total_inherited = total, True
                notes_total = f"total {total}: the rank of {subject.entry.label} stated before in the text ('N/{total}')"
        period_carried = False
        notes_before: list[str] = []
        sub = sub_year(ctx.text, sentence.start, figure.start)
        if sub is not None and figure.period in (None, sub.year):
            figure.period = sub.value  # "trong 6 tháng đầu năm 2023, doanh thu …": 2023-H1
            if isinstance(figure.base_period, int):  # "so với cùng kỳ năm 2022": the same months of 2022
                figure.base_period = with_year(sub.value, figure.base_period)
        after = _YEAR_AFTER.match(ctx.text, figure.end, clause[1])
        back = _YEAR_BEFORE.match(ctx.text, figure.end, clause[1])
        if after:  # a value of another year, given for comparison: not carried on
            figure.period = int(after.group(1))
        elif back and isinstance(figure.period or last_period, int):  # "so với mức 410 tỷ vào năm trước"
            year = int(figure.period or last_period)  # type: ignore[arg-type]
            figure.period = year - 1
            notes_before.append(f"period: 'năm trước' after the figure, the year before {year}")
        elif figure.period is None and last_period is not None:
            figure.period, period_carried = last_period, True
        elif figure.period is None and (stated_before := year_of_paragraphs_before(ctx.text, sentence.start)):
            figure.period = stated_before
            notes_before.append("period: the year the text states last before the figure (its paragraph or the one before)")
        if isinstance(figure.period, str) and figure.base_period is None and _SAME_BEFORE.match(ctx.text, figure.end, clause[1]):
            figure.base_period = with_year(figure.period, int(figure.period[:4]) - 1)  # "so với cùng kỳ năm trước"
        if not isinstance(figure.period, str) and _SUB_YEAR.search(ctx.text, sentence.start, sentence.end):
            ctx.abstained.append((figure.start, figure.end, f"{stated!r}: the sentence gives a part of a year that is not "
                                  "read as this figure's period ('cùng kỳ', months without their year)"))
            continue
        indicator = _registry_indicator(ctx, indicator, figure.start, figure.end)  # proposed once, if new
        new_indicator = False
        carried = how is not None
        previous = _Said(subject, figure.start)
        comparison = _YEAR_AFTER.match(ctx.text, figure.end, clause[1]) or _YEAR_BEFORE.match(ctx.text, figure.end, clause[1])
        cumulative = sub is not None and sub.cumulative and figure.period == sub.value
        if figure.period is not None and not cumulative and \
                not (figure.period != last_period and period_carried is False and comparison):
            last_period = figure.period  # a running total ("lũy kế") is not the period of the figures after it
        a, b = quote_window(ctx.text, sentence, figure.start, figure.end)
        parts = [subject.entry.id if subject else None, indicator, str(figure.period) if figure.period else None,
                 figure.unit.lower() if figure.unit in ("USD", "VND") else None]
        base = "-".join(p for p in parts if p)
        new_id = ctx.unique_id(slugify(base, limit=80))
        what = ctx.gazetteer.entries[indicator].label if indicator in ctx.gazetteer.entries else indicator
        whom = f" – {subject.entry.label}" if subject else ""
        when = f" ({figure.period})" if figure.period else ""
        fields = {
            "indicator": indicator, "subject": subject.entry.id if subject else None,
            "value": figure.value, "minValue": figure.min_value, "maxValue": figure.max_value,
            "outOf": figure.out_of, "unit": figure.unit, "qualifier": figure.qualifier,
            "period": figure.period, "basePeriod": figure.base_period, "statedValue": stated,
        }
        confidence = 0.9 - 0.15 * figure.inferred_unit - 0.1 * new_indicator - 0.05 * (subject is None)
        notes = [*notes_before, notes_total, figure.note, "unit read as đồng from the money words before it" if figure.inferred_unit else None,
                 how if carried else None,
                 "period carried from the figure before" if period_carried else None]
        if figure.note and "impossible" in figure.note:
            confidence = 0.3
        candidate = Candidate("observation", record(None, new_id, f"{what}{whom}{when}", None, ctx.source,
                                                    ctx.text[a:b], **fields),
                              figure.start, figure.end, confidence, "figures", "; ".join(filter(None, notes)) or None,
                              extra={"key": figure.key})
        ctx.candidates.append(candidate)
    return figures
