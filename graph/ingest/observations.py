"""Turn the figures of an article into observation candidates: the indicator and subject the
sentence names, a readable id, the exact quote and statedValue."""

from __future__ import annotations

from graph.ingest.candidates import Candidate
from graph.ingest.figures import Figure, FigureReader
from graph.ingest.linker import Mention
from graph.ingest.spans import Context, quote_window, record
from graph.ingest.text import fold, slugify

SUBJECT_KINDS = ("agency", "sector", "area", "policy", "event")


def _nearest(mentions: list[Mention], start: int, end: int, before: int) -> Mention | None:
    """The mention closest before `before` within [start, end), else the first one after it."""
    inside = [m for m in mentions if start <= m.start and m.end <= end]
    earlier = [m for m in inside if m.end <= before]
    if earlier:
        return max(earlier, key=lambda m: m.end)
    later = [m for m in inside if m.start >= before]
    return min(later, key=lambda m: m.start) if later else None


def _count_indicator(ctx: Context, noun: str) -> str | None:
    """The known indicator "Số <noun...>" whose wording best fits what the figure counts."""
    said = fold(noun)
    best = None
    for surface, entry in ctx.gazetteer.of_kind("indicator"):
        words = fold(surface).split()
        if len(words) < 2 or words[0] != "so":
            continue
        rest = " ".join(words[1:])
        if said.startswith(rest) or rest.startswith(said):
            score = len(rest) if said.startswith(rest) else -len(rest)
            if best is None or score > best[0]:
                best = (score, entry.id)
    return best[1] if best else None


def _indicator(ctx: Context, figure: Figure, clause: tuple[int, int]) -> tuple[str, bool]:
    """The indicator id and whether it is new."""
    if figure.unit == "Count" and figure.noun:
        known = _count_indicator(ctx, figure.noun)
        if known:
            return known, False
    found = _nearest(ctx.mentions.get("indicator", []), clause[0], clause[1], figure.start)
    if found and figure.unit != "Count":
        return found.entry.id, False
    if figure.unit == "Count" and figure.noun:
        label = f"Số {figure.noun}"
    else:
        words = ctx.text[max(clause[0], figure.start - 40):figure.start].split()
        label = " ".join(words[-4:]).strip(" ,:;(") or "chỉ tiêu"
    sentence = ctx.sentence_at(figure.start)
    a, b = quote_window(ctx.text, sentence, figure.start, figure.end)

    def make(new_id: str) -> Candidate:
        return Candidate("indicator", record(None, new_id, label[:1].upper() + label[1:], None, ctx.source, ctx.text[a:b]),
                         figure.start, figure.end, 0.4, "figures",
                         "new indicator named from the words next to the figure: rename it or link the figure to a known indicator")

    return ctx.propose("indicator", label, make), True


def _clause(ctx: Context, at: int) -> tuple[int, int]:
    sentence = ctx.sentence_at(at)
    start = ctx.text.rfind(";", sentence.start, at) + 1 or sentence.start
    end = ctx.text.find(";", at, sentence.end)
    return max(start, sentence.start), end if end >= 0 else sentence.end


def extract_observations(ctx: Context, excluded: list[tuple[int, int]]) -> list[Figure]:
    """Propose an observation for every figure of the article; returns the figures read."""
    reader = FigureReader(ctx.patterns)
    figures = [f for sentence in ctx.sentences for f in reader.read(ctx.text, sentence, excluded)]
    subjects = sorted((m for k in SUBJECT_KINDS for m in ctx.mentions.get(k, [])), key=lambda m: m.start)
    for figure in figures:
        clause = _clause(ctx, figure.start)
        sentence = ctx.sentence_at(figure.start)
        indicator, new_indicator = _indicator(ctx, figure, clause)
        subject = _nearest(subjects, sentence.start, sentence.end, figure.start)
        stated = ctx.text[figure.start:figure.end]
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
        notes = [figure.note, "unit read as đồng from the money words before it" if figure.inferred_unit else None]
        if figure.note and "impossible" in figure.note:
            confidence = 0.3
        candidate = Candidate("observation", record(None, new_id, f"{what}{whom}{when}", None, ctx.source,
                                                    ctx.text[a:b], **fields),
                              figure.start, figure.end, confidence, "figures", "; ".join(filter(None, notes)) or None,
                              extra={"key": figure.key})
        ctx.candidates.append(candidate)
    return figures
