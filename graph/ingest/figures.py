"""Figures: numbers with their unit, qualifier, period and comparison, read from each sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal

from graph.ingest.patterns import Patterns
from graph.ingest.sentences import Sentence
from graph.numbers import Number, numbers_in

_INDEX = re.compile(r"0[.,](\d{3,4})(?!\d|[.,]\d)")
YEAR = re.compile(r"(?<![\d/.,])(1[89]\d\d|20\d\d)(?![\d/%]|[.,]\d)")


@dataclass
class Figure:
    """One figure as the article states it, normalised."""

    start: int  # the stated wording, qualifier included
    end: int
    unit: str
    value: Decimal | None = None
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    out_of: int | None = None
    qualifier: str | None = None
    period: int | str | None = None  # a year, or a part of one in the builder's span form (2023-H1)
    base_period: int | str | None = None
    noun: str | None = None  # what a count counts ("doanh nghiệp")
    inferred_unit: bool = False
    total_inherited: bool = False  # out_of taken from a rank stated before, not from this figure's words
    note: str | None = None

    @property
    def key(self) -> tuple[object, str, str | None]:
        """(value or (min, max), unit, qualifier): what the evaluation compares."""
        value = self.value if self.value is not None else (self.min_value, self.max_value)
        return value, self.unit, self.qualifier


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in words)


class _Reader:
    """The figure patterns compiled once."""

    def __init__(self, patterns: Patterns) -> None:
        fig = patterns.section("figures")
        self.unit_of = {w.lower(): u for w, u in patterns.inverted("figures", "units").items()}
        units = _alternation(tuple(sorted(self.unit_of, key=len, reverse=True)))
        self.unit = re.compile(rf"\s*({units})(?!\w)", re.IGNORECASE)
        self.qualifier_of = {w: q for w, q in patterns.inverted("figures", "qualifiers").items()}
        quals = _alternation(tuple(sorted(self.qualifier_of, key=len, reverse=True)))
        bridges = _alternation(patterns.words("figures", "bridges"))
        self.qualifier = re.compile(rf"(?:^|[\s(,:])({quals})((?:\s+(?:{bridges}))*)\s*$", re.IGNORECASE)
        self.money = re.compile(rf"(?<!\w)({_alternation(patterns.words('figures', 'money'))})(?!\w)", re.IGNORECASE)
        self.time_words = set(fig["time_words"])
        self.not_rank = re.compile(rf"(?<!\w)({_alternation(patterns.words('figures', 'not_rank'))})\s+thứ\s*$",
                                   re.IGNORECASE)
        self.rank_words = re.compile(rf"(?<!\w)({_alternation(patterns.words('figures', 'rank_words'))})(?!\w)",
                                     re.IGNORECASE)
        self.base = re.compile(rf"\s*({_alternation(patterns.words('figures', 'base_period'))})\s+(1[89]\d\d|20\d\d)\b",
                               re.IGNORECASE)
        self.noun_stop = set(fig["noun_stop"]) | self.time_words
        self.share = re.compile(rf"(?<!\w)({_alternation(patterns.words('figures', 'share_words'))})(?!\w)",
                                re.IGNORECASE)


def _clauses(sentence: Sentence) -> list[tuple[int, int]]:
    """Spans of the sentence's clauses (split at semicolons), in article offsets."""
    spans, start = [], sentence.start
    for match in re.finditer(r";", sentence.text):
        spans.append((start, sentence.start + match.start()))
        start = sentence.start + match.end()
    spans.append((start, sentence.end))
    return spans


@lru_cache(maxsize=8)
def _paren_groups(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """The bracketed groups of text[start:end] (cached: every figure of a sentence asks)."""
    groups, opened = [], None
    for match in _PAREN.finditer(text, start, end):
        if match.group() == "(":
            opened = match.start()
        elif opened is not None:
            groups.append((opened, match.end()))
            opened = None
    return tuple(groups)


_PAREN = re.compile(r"[()]")
# Words before a year that make it no period of the figure: a horizon, a comparison, a passing mention.
_NOT_PERIOD = re.compile(r"(?:(?:đến|tới|định hướng|giai đoạn)\s+(?:năm\s+)?|(?:so với|cùng kỳ)\s+(?:cùng kỳ\s+)?(?:năm\s+)?"
                         r"|(?:như|từ|trước|sau)\s+(?:năm\s+)?)$")


def _period(text: str, clause: tuple[int, int], sentence: Sentence, at: int) -> int | None:
    """The nearest year stated before the figure in its sentence, skipping years in parentheses
    that do not hold the figure and horizon years ("đến năm 2025")."""
    groups = _paren_groups(text, sentence.start, sentence.end)
    best = None
    for match in YEAR.finditer(text, sentence.start, at):
        pos = match.start()
        if any(a <= pos < b and not a <= at < b for a, b in groups):
            continue
        before = text[max(sentence.start, pos - 20):pos].lower()
        if _NOT_PERIOD.search(before) or text[pos + 4:pos + 5] in "-–":
            continue  # "đến năm 2025", "so với năm 2017", "như năm 2018", "2014 - 2020"
        best = int(match.group())
    return best


# How far back "the paragraph and the one before" reach at most (characters), so that text without
# paragraph breaks is not read again for every figure.
PARAGRAPHS_REACH = 3000


def year_of_paragraphs_before(text: str, at: int) -> int | None:
    """The last year stated before position `at` in its paragraph and the paragraph before, skipping
    horizons, comparisons and passing mentions as `_period` does ("năm 2022" of "… công bố xếp hạng
    năm 2022." before "Trà Vinh đạt 0,6077 điểm"); None when they state none."""
    floor = max(0, at - PARAGRAPHS_REACH)  # linear time on text without paragraph breaks
    start = at
    for _ in range(2):
        cut = text.rfind("\n\n", floor, start)
        start = floor if cut < 0 else cut
        if cut < 0:
            break
    while text[start:start + 1] == "\n":
        start += 1
    best = None
    for match in YEAR.finditer(text, start, at):
        pos = match.start()
        before = text[max(start, pos - 20):pos].lower()
        if _NOT_PERIOD.search(before) or text[pos + 4:pos + 5] in "-–" or text[pos - 1:pos] in "-–":
            continue
        if re.search(r"(?:tháng|quý)\s+\S+\s+(?:đầu\s+|cuối\s+)?(?:năm\s+)?$|\d+\s+tháng\s+(?:đầu\s+|cuối\s+)?năm\s+$", before):
            continue  # a part of another year ("sơ kết 6 tháng đầu năm 2023")
        best = int(match.group())
    return best


class FigureReader:
    """Reads the figures of sentences; one instance per set of patterns."""

    def __init__(self, patterns: Patterns) -> None:
        self.r = _Reader(patterns)

    def _skip(self, text: str, n: Number, excluded: list[tuple[int, int]]) -> bool:
        if any(a <= n.start < b for a, b in excluded):
            return True
        if n.start > 0 and (text[n.start - 1].isalpha() or text[n.start - 1] in "/.,"):
            return True  # Q1, thôn/bản, 4.0.
        nxt = text[n.digits_end:n.digits_end + 1]
        return n.end == n.digits_end and nxt.isalpha()  # 3G, 4G, 5G

    def _qualifier(self, text: str, clause_start: int, at: int) -> tuple[str | None, int]:
        before = text[max(clause_start, at - 30):at]
        match = self.r.qualifier.search(before)
        if not match:
            return None, at
        word = match.group(1).lower()
        name = next((q for w, q in self.r.qualifier_of.items() if w.lower() == word), None)
        return name, at - len(before) + match.start(1)

    def _unit_after(self, text: str, pos: int) -> tuple[str | None, int]:
        match = self.r.unit.match(text, pos)
        if match:
            return self.r.unit_of[match.group(1).lower()], match.end()
        return None, pos

    def _noun(self, text: str, pos: int, end: int) -> tuple[str | None, int]:
        """The count noun after a number: up to four words, stopping at punctuation or a stop word."""
        words = []
        cursor = pos
        for match in re.finditer(r"\s+([\w&-]+)", text[pos:end]):
            if match.start() != cursor - pos:
                break
            word = match.group(1)
            if word.lower() in self.r.noun_stop or (word[0].isupper() and not word.isupper()) or word[0].isdigit():
                break
            words.append(word)
            cursor = pos + match.end()
            if len(words) == 4:
                break
        if not words or words[0].lower() in self.r.time_words:
            return None, pos
        return " ".join(words), cursor

    def read(self, text: str, sentence: Sentence, excluded: list[tuple[int, int]]) -> list[Figure]:
        """The figures one sentence states."""
        figures: list[Figure] = []
        for clause in _clauses(sentence):
            numbers = [n for n in numbers_in(text[clause[0]:clause[1]])]
            numbers = [Number(n.start + clause[0], n.end + clause[0], n.digits_end + clause[0], n.value, n.whole)
                       for n in numbers]
            used: set[int] = set()
            for i, n in enumerate(numbers):
                if n.start in used or self._skip(text, n, excluded):
                    continue
                nxt = numbers[i + 1] if i + 1 < len(numbers) else None
                figure = self._one(text, clause, sentence, n, nxt, figures)
                if figure is None:
                    continue
                if figure.max_value is not None or figure.out_of is not None:
                    used.add(nxt.start)  # type: ignore[union-attr]
                figures.append(figure)
        return figures

    def _one(self, text: str, clause: tuple[int, int], sentence: Sentence, n: Number, nxt: Number | None,
             earlier: list[Figure]) -> Figure | None:
        between = text[n.end:nxt.start] if nxt else ""
        before = text[max(clause[0], n.start - 40):n.start]
        # an index score: 0,6077 or 0.5931 (a leading zero: never a thousands dot)
        index = _INDEX.match(text, n.start)
        if index and n.end == n.digits_end and not self._unit_after(text, index.end())[0]:
            return self._finish(text, clause, sentence, Figure(n.start, index.end(), "Index",
                                                               value=Decimal("0." + index.group(1))))
        # ranks: 50/173, thứ 88 trên tổng số 193, nước thứ 4
        if nxt and between == "/" and n.whole and nxt.whole:
            if re.search(r"(ngày|tháng)\s*$", before, re.IGNORECASE) or (nxt.value <= 12 and not self.r.rank_words.search(before)):
                return None  # a date, 18/7
            if n.value <= 12 and 1900 <= nxt.value <= 2100:
                return None  # a month, 3/2021
            if not self.r.rank_words.search(before) and not re.search(r"thứ\s*$", before, re.IGNORECASE) \
                    and re.match(r"\s+[^\W\d]", text[nxt.end:nxt.end + 3]) and not re.match(r"\s+(quốc gia|nước|tỉnh)", text[nxt.end:nxt.end + 12]):
                return None  # a count out of a total, "900/3.000 hệ thống": no form for it yet
            return self._finish(text, clause, sentence, Figure(n.start, nxt.end, "Rank", value=n.value,
                                                                 out_of=int(nxt.value)))
        if re.search(r"(?<!\w)thứ\s*$", before, re.IGNORECASE) and n.whole:
            if self.r.not_rank.search(before):
                return None  # lần thứ 8: an edition
            start = n.start - len(re.search(r"thứ\s*$", before, re.IGNORECASE).group())  # type: ignore[union-attr]
            tail = re.match(r"\s+(?:trên|trong)\s+(tổng\s+số\s+)?", text[n.end:nxt.start]) if nxt else None
            if nxt and tail and tail.end() == nxt.start - n.end and nxt.whole:
                return self._finish(text, clause, sentence, Figure(start, nxt.end, "Rank", value=n.value,
                                                                     out_of=int(nxt.value)))
            return self._finish(text, clause, sentence, Figure(start, n.end, "Rank", value=n.value))
        if n.whole and 1900 <= n.value <= 2100 and n.end == n.digits_end:
            return None  # a year
        # ranges: từ 30 đến 40%, 20-30%
        if nxt and re.fullmatch(r"\s*(đến|tới|-|–)\s*", between):
            unit, end = self._unit_after(text, nxt.end)
            if unit:
                start = n.start
                lead = re.search(r"(?<!\w)từ\s*$", before, re.IGNORECASE)
                if lead:
                    start = n.start - len(lead.group())
                return self._finish(text, clause, sentence, Figure(start, end, unit, min_value=n.value * self._scale(n, nxt),
                                                                     max_value=nxt.value))
        unit, end = self._unit_after(text, n.end)
        inferred = False
        noun = None
        if unit is None and n.end != n.digits_end:  # a scale word without a currency: 30.000 tỷ/năm
            noun, noun_end = self._noun(text, n.end, clause[1])
            if noun is None:
                unit, inferred, end = "VND", True, n.end
                if not self.r.money.search(text[clause[0]:n.start]):
                    return None
            else:
                unit, end = "Count", noun_end
        if unit is None:
            if not n.whole:
                return None  # 4.0, 2.0: versions, not counts
            noun, end = self._noun(text, n.end, clause[1])
            if noun is None:
                return None
            unit = "Count"
        figure = Figure(n.start, end, unit, value=n.value, noun=noun, inferred_unit=inferred)
        if text[n.start - 1:n.start] == "(" and earlier and not self._qualifier(text, clause[0], n.start)[0]:
            previous = earlier[-1]
            if previous.unit in ("VND", "USD") and unit in ("VND", "USD") and previous.qualifier:
                figure.qualifier = previous.qualifier  # (1,4 tỷ USD): the same sum in another currency
                figure.note = "qualifier taken from the figure this one restates in another currency"
        return self._finish(text, clause, sentence, figure)

    @staticmethod
    def _scale(n: Number, nxt: Number) -> Decimal:
        """A range's first number takes the scale word of the second ("2-3 tỷ")."""
        if n.end == n.digits_end and nxt.end != nxt.digits_end:
            digits = numbers_in(f"{nxt.value}")
            return nxt.value / digits[0].value if digits and digits[0].value else Decimal(1)
        return Decimal(1)

    def _finish(self, text: str, clause: tuple[int, int], sentence: Sentence, figure: Figure) -> Figure:
        if figure.qualifier is None:
            qualifier, start = self._qualifier(text, clause[0], figure.start)
            if qualifier:
                figure.qualifier, figure.start = qualifier, start
        base = self.r.base.match(text, figure.end, clause[1])
        if base:
            figure.base_period = int(base.group(2))
        figure.period = _period(text, clause, sentence, figure.start)
        if figure.unit == "Percent" and figure.value is not None and figure.value > 100 \
                and self.r.share.search(text[figure.end:figure.end + 30]):
            figure.note = (f"{figure.value}% of a population is impossible: check the source for a misprint "
                           "(record the corrected value with corrected: true and an editorialNote)")
        return figure
