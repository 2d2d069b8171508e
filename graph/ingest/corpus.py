"""Score `vdg ingest` on the corpus of unseen articles (corpus/articles.yaml; see corpus/README.md).

The annotations are committed, the texts are not: `score_corpus` ingests whichever texts of a
folder match an article's SHA-256 and skips the rest. Each article states its `split`: `dev`
(tuning material), `dev-seen` (the first held-out half, looked at while tuning, now tuning material
too) or `held-out` (annotated before any code ran on it, scored once per round); a selection of
`SELECTIONS` picks one or more of them.

A proposed figure is right when it stands at the annotated wording and its value (or range), unit,
qualifier, rank total, indicator, subject and period are all the annotated ones; "number" counts
those right in value, unit, qualifier and total only, to show where the rest goes wrong. An
indicator or subject is right when its id is one the annotation accepts, or when it is a new
proposal whose label is one of the accepted names (folded). Entities are matched as in
graph.ingest.evaluate: linked ids against annotated ids, new proposals by name rules.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from graph.ingest.candidates import Candidate
from graph.ingest.matching import RULES, Score, norm, same_entity
from graph.ingest.pipeline import Ingested, ingest
from graph.ingest.text import nfc

SPLITS = ("held-out", "dev", "dev-seen")  # the split an article can state
SELECTIONS: dict[str, frozenset[str]] = {  # what `--split` accepts -> the splits it scores
    "held-out": frozenset({"held-out"}),
    "dev": frozenset({"dev"}),
    "dev-seen": frozenset({"dev-seen"}),
    "tuning": frozenset({"dev", "dev-seen"}),
    "all": frozenset(SPLITS),
}


class CorpusError(ValueError):
    """The annotation file is malformed: one line naming the article."""


def parse_articles(text: str, name: str = "articles.yaml") -> list[dict[str, Any]]:
    """The articles of an annotation file; each must state a known `split`."""
    articles = yaml.safe_load(text)
    if not isinstance(articles, list):
        raise CorpusError(f"{name}: not a list of articles")
    for i, article in enumerate(articles, 1):
        label = article.get("id", f"#{i}") if isinstance(article, dict) else f"#{i}"
        split = article.get("split") if isinstance(article, dict) else None
        if split is None:
            raise CorpusError(f"{name}: article {label}: no split (one of {', '.join(SPLITS)})")
        if split not in SPLITS:
            raise CorpusError(f"{name}: article {label}: unknown split {split!r} (one of {', '.join(SPLITS)})")
    return articles


def load_articles() -> list[dict[str, Any]]:
    """The annotated articles of corpus/articles.yaml, each with its `split`."""
    text = resources.files("graph.ingest").joinpath("corpus/articles.yaml").read_text(encoding="utf-8")
    return parse_articles(text)


def texts_in(folder: Path) -> dict[str, Path]:
    """SHA-256 of each file of a folder -> the file."""
    return {hashlib.sha256(p.read_bytes()).hexdigest(): p for p in sorted(folder.iterdir()) if p.is_file()}


@dataclass
class Found:
    """What one article's ingest proposed, ready to compare."""

    result: Ingested
    labels: dict[str, str]  # id of a new entity or known entry -> its Vietnamese label
    types: dict[str, str]  # id of a known entry -> its class


def _labels(result: Ingested) -> dict[str, str]:
    labels = {c.id: str(c.record["label"]["vi"]) for c in result.candidates if c.kind != "source"}
    for mentions in result.mentions.values():
        labels.update({m.entry.id: m.entry.label for m in mentions})
    return labels


def _accepts(allowed: list[Any], proposed: str | None, labels: dict[str, str]) -> bool:
    if not allowed:
        return proposed is None
    if proposed is None:
        return False
    if proposed in {str(a) for a in allowed}:
        return True
    label = {"label": {"vi": labels.get(proposed, proposed)}}
    names = {"label": {"vi": str(allowed[0])}, "altLabel": {"vi": [str(a) for a in allowed[1:]]}}
    return any(same_entity(rule, label, names) for rule in ("name", "core", "misprint"))


def _span(text: str, stated: str, nth: int) -> tuple[int, int] | None:
    at = -1
    for _ in range(nth):
        at = text.find(stated, at + 1)
        if at < 0:
            return None
    return at, at + len(stated)


def _number_key(rec: dict[str, Any]) -> tuple[object, ...]:
    value = Decimal(str(rec["value"])) if rec.get("value") is not None else \
        (Decimal(str(rec.get("minValue"))), Decimal(str(rec.get("maxValue"))))
    return value, rec["unit"], rec.get("outOf")


def _period(value: Any) -> str | None:
    return None if value is None else str(value)


def score_figures(found: Found, gold: list[dict[str, Any]]) -> tuple[Score, Score]:
    """(figures all right, numbers right) for one article."""
    full, number = Score("figures"), Score("numbers")
    proposed = found.result.proposed("observation")
    full.gold = number.gold = len(gold)
    full.found = number.found = len(proposed)
    used_full: set[int] = set()
    used_number: set[int] = set()
    text = found.result.text
    for fig in gold:
        span = _span(text, fig["stated"], fig.get("nth", 1))
        quals = fig.get("qualifier") or [None]
        near = [(i, c) for i, c in enumerate(proposed) if span and c.start < span[1] and span[0] < c.end
                and _number_key({**c.record, "value": c.record.get("value")}) == _number_key(fig)
                and c.record.get("qualifier") in quals]
        hit = next((i for i, _ in near if i not in used_number), None)
        if hit is None:
            number.misses.append(f"{fig['stated']!r}: not read as {_number_key(fig)} {quals}")
            full.misses.append(f"{fig['stated']!r}: number not read")
            continue
        used_number.add(hit)
        number.matched += 1
        why = _wrong(proposed[hit], fig, found.labels)
        if why:
            full.misses.append(f"{fig['stated']!r}: {why}")
        elif hit not in used_full:
            used_full.add(hit)
            full.matched += 1
    full.extra = [f"{c.record['statedValue']!r} ({c.record.get('indicator')}, {c.record.get('subject')}, "
                  f"{c.record.get('period')})" for i, c in enumerate(proposed) if i not in used_full]
    return full, number


def _wrong(candidate: Candidate, fig: dict[str, Any], labels: dict[str, str]) -> str | None:
    rec = candidate.record
    indicator, subject = rec.get("indicator"), rec.get("subject")
    if not _accepts(fig.get("indicator") or [], indicator, labels):
        return f"indicator {labels.get(str(indicator), indicator)!r}, want {fig.get('indicator')}"
    if not _accepts(fig.get("subject") or [], subject, labels):
        return f"subject {labels.get(str(subject), subject)!r}, want {fig.get('subject')}"
    if _period(rec.get("period")) != _period(fig.get("period")):
        return f"period {rec.get('period')}, want {fig.get('period')}"
    return None


def _pseudo(entity: dict[str, Any], kind: str) -> dict[str, Any]:
    names = [nfc(n) for n in entity["names"]]
    rec: dict[str, Any] = {"label": {"vi": names[0]}, "altLabel": {"vi": names[1:]}}
    if entity.get("number"):
        rec["number"] = entity["number"]
    return rec


def score_entities(kind: str, found: Found, gold: list[dict[str, Any]]) -> Score:
    """Linked ids and new proposals of a kind against the annotated entities of the article."""
    score = Score(kind)
    result = found.result
    linked = set(result.linked(kind)) | (set(result.posts) if kind == "post" else set())
    if kind == "agency":  # fields of activity are annotated as the subjects of figures, not as agencies
        linked = {i for i in linked if found.types.get(i) != "Sector"}
    matched: set[int] = set()
    right_links = set()
    for i, entity in enumerate(gold):
        if entity.get("id") in linked:
            matched.add(i)
            right_links.add(entity["id"])
    # an entity annotated without an id (the graph lacked it then) is rightly linked to a graph entity
    # that has since come in under one of its names
    for ident in sorted(linked - right_links):
        label = {"label": {"vi": found.labels.get(ident, "")}}
        hit = next((i for i, e in enumerate(gold) if i not in matched and not e.get("id")
                    and same_entity("name", label, _pseudo(e, kind))), None)
        if hit is not None:
            matched.add(hit)
            right_links.add(ident)
    unmatched = result.proposed(kind)
    for rule in RULES:
        for candidate in list(unmatched):
            hit = next((i for i, e in enumerate(gold) if i not in matched and _same(rule, candidate.record, e, kind)), None)
            if hit is not None:
                matched.add(hit)
                unmatched.remove(candidate)
    # a linked entity that no annotation names is a wrong link
    wrong_links = sorted(linked - right_links)
    score.gold = len(gold)
    score.matched = len(matched)
    score.found = len(linked) + len(result.proposed(kind))
    score.extra = [f"new {c.record['label']['vi']!r}" for c in unmatched] + [f"linked {i}" for i in wrong_links]
    score.misses = [f"{gold[i]['names'][0]!r}" for i in range(len(gold)) if i not in matched]
    return score


def _same(rule: str, proposed: dict[str, Any], entity: dict[str, Any], kind: str) -> bool:
    rec = _pseudo(entity, kind)
    if kind == "legal" and rule == "number":
        return bool(proposed.get("number")) and norm(str(proposed["number"])) == norm(str(entity.get("number", "")))
    return rule != "number" and same_entity(rule, proposed, rec)


def score_corpus(folder: Path, split: str = "held-out", data: Path | None = None) \
        -> tuple[dict[str, Score], list[str], list[str]]:
    """Scores per kind over the articles of the selection (a key of SELECTIONS) whose text is in the
    folder; the ids scored and the ids skipped (text absent)."""
    if split not in SELECTIONS:
        raise CorpusError(f"unknown split {split!r} (one of {', '.join(SELECTIONS)})")
    texts = texts_in(folder)
    totals = {k: Score(k) for k in ("figures", "numbers", "agency", "person", "post", "legal")}
    scored, skipped = [], []
    for article in load_articles():
        if article["split"] not in SELECTIONS[split]:
            continue
        path = texts.get(article["sha256"])
        if path is None:
            skipped.append(article["id"])
            continue
        scored.append(article["id"])
        result = ingest(path.read_text(encoding="utf-8"), f"corpus-{article['id']}", path.name, data=data)
        found = Found(result, _labels(result), {m.entry.id: m.entry.type for ms in result.mentions.values() for m in ms})
        full, number = score_figures(found, article.get("figures") or [])
        for s in (full, number):
            s.misses = [f"{article['id']}: {m}" for m in s.misses]
            s.extra = [f"{article['id']}: {m}" for m in s.extra]
        totals["figures"].add(full)
        totals["numbers"].add(number)
        for kind, key in (("agency", "agencies"), ("person", "people"), ("post", "posts"), ("legal", "legal")):
            s = score_entities(kind, found, article.get(key) or [])
            s.misses = [f"{article['id']}: {m}" for m in s.misses]
            s.extra = [f"{article['id']}: {m}" for m in s.extra]
            totals[kind].add(s)
    return totals, scored, skipped
