"""How well `vdg ingest` reads the source articles, against the curated facts of graph/data.

Figures: the (value, unit, qualifier) of each curated observation of a source, found at its quote.
Entities: the agencies, sectors, people, posts and legal documents each source's records state or refer
to, against those the ingest links or proposes. Run ``python3 -m graph.ingest.evaluate``;
``--cold`` ingests without the graph's names, so that only the patterns find entities.

A linked entity is right when its id is curated for the source. A proposed new entity is right
when it is the same as a curated one that no other proposal matched, by the first of these rules
(names compared folded: without diacritics, in lower case, spaces single):
  name      its label is one of the curated labels or altLabels;
  number    (legal documents) its type and number are the curated ones ("Quyết định số 45 của
            Thủ tướng về …" is decision-45, type Decision, number 45);
  core      with bracketed parts left out ("Hiệp hội phần mềm Việt Nam (VINASA)"), the names are
            equal, or the shorter is the longer's first words, at least 4 and two thirds of them;
  misprint  the names are 90% alike (difflib), the linker's own tolerance for a misprint
            ("thi thành" for "thi hành").
The agency row counts every curated agency (strict). Some are bare brands (a Company named by one
word: "Facebook"), which no pattern can tell from common words by their form; the row "agency/inst"
counts only the others, the institutions, and says so. Both rows use the same proposals. Industry
sectors ("Báo chí", "Viễn thông": class Sector, not agencies) have their own row: they are linked
by name, and no pattern proposes a new one.
"""

from __future__ import annotations

import argparse
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from graph.ingest.corpus import SELECTIONS, CorpusError, score_corpus
from graph.ingest.linker import Gazetteer
from graph.ingest.pipeline import Ingested, ingest
from graph.ingest.matching import RULES, Score, same_entity, surfaces
from graph.loader import LINE, data_dir, load_folder, load_kinds
from graph.sources import default_sources_dir, read_text

ENTITY_KINDS = ("agency", "sector", "person", "post", "legal")


def _number(value: Any) -> Decimal:
    return Decimal(str(value))


def _gold_keys(rec: dict[str, Any]) -> list[tuple[object, str, str | None]]:
    """The (value, unit, qualifier) a right proposal has; a figure the source states ambiguously
    (`possibleValue`) has one per reading, and reading it as printed is one of them."""
    if "possibleValue" in rec:
        values: list[object] = [_number(v) for v in rec["possibleValue"]]
    else:
        values = [_number(rec["value"]) if "value" in rec else (_number(rec["minValue"]), _number(rec["maxValue"]))]
    return [(value, str(rec["unit"]), rec.get("qualifier")) for value in values]


def _quotes(rec: dict[str, Any]) -> list[str]:
    quote = rec.get("quote")
    return quote if isinstance(quote, list) else [quote] if isinstance(quote, str) else []


def _spans(text: str, rec: dict[str, Any]) -> list[tuple[int, int]]:
    spans = []
    for quote in _quotes(rec):
        at = text.find(quote)
        while at >= 0:
            spans.append((at, at + len(quote)))
            at = text.find(quote, at + 1)
    return spans


def score_figures(result: Ingested, curated: list[dict[str, Any]]) -> Score:
    """Match curated observations to proposed ones at the same place with the same key."""
    score = Score("figures")
    gold = [r for r in curated if r.get("_kind") == "observation" and r.get("source") == result.source]
    found = result.proposed("observation")
    score.gold, score.found = len(gold), len(found)
    used: set[int] = set()
    for rec in gold:
        spans = _spans(result.text, rec)
        keys = _gold_keys(rec)
        match = next((i for i, c in enumerate(found) if i not in used and c.extra["key"] in keys
                      and any(a <= c.start and c.end <= b for a, b in spans)), None)
        if match is not None:
            used.add(match)
            score.matched += 1
            continue
        near = [c for c in found if any(a <= c.start and c.end <= b for a, b in spans)
                and str(rec.get("statedValue", "")) in result.text[c.start - 20:c.end + 20]]
        if rec.get("corrected"):
            why = f"the source prints {rec['statedValue']!r}; the curated value {rec['value']} is an editorial correction"
        elif near:
            why = f"read as {near[0].extra['key']}"
        else:
            why = "not read"
        score.misses.append(f"{rec['id']} {keys[0] if len(keys) == 1 else keys}: {why}")
    score.extra = [f"{c.record['statedValue']!r} {c.extra['key']}" for i, c in enumerate(found) if i not in used]
    return score


def _gold_entities(kind: str, source: str, curated: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Records of the kind that the source states, or that the source's records refer to."""
    by_id = {str(r["id"]): r for r in curated}
    ids = {str(r["id"]) for r in curated if r.get("_kind") == kind and r.get("source") == source}
    for rec in curated:
        if rec.get("source") != source:
            continue
        for key, value in rec.items():
            if key in ("id", "source", LINE, "_kind"):
                continue
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str) and item in by_id and by_id[item].get("_kind") == kind:
                    ids.add(item)
    return {i: by_id[i] for i in ids}


def findable_by_form(rec: dict[str, Any]) -> bool:
    """False for a company named by a bare brand ("Facebook") (and a Sector, should one be given as an agency)."""
    label = rec.get("label") or {}
    words = str(label.get("vi", "") if isinstance(label, dict) else label).split()
    return rec.get("type") != "Sector" and not (rec.get("type") == "Company" and len(words) == 1)


def score_entities(kind: str, result: Ingested, curated: list[dict[str, Any]], institutions: bool = False) -> Score:
    """Linked ids and proposed new entities of a kind against the curated ones of the source; with
    institutions, only the curated agencies findable by form count (the others neither as misses
    nor, where linked or proposed for them, as found)."""
    score = Score(f"{kind}/inst" if institutions else kind)
    gold = _gold_entities(kind, result.source, curated)
    other = {i for i, rec in gold.items() if institutions and not findable_by_form(rec)}
    linked = set(result.linked(kind)) | (set(result.posts) if kind == "post" else set())
    matched = linked & set(gold)
    found = len(linked - other)
    unmatched = result.proposed(kind)
    for rule in RULES:  # every exact name first, then the looser rules in turn
        for candidate in list(unmatched):
            hit = next((i for i, rec in sorted(gold.items()) if i not in matched and same_entity(rule, candidate.record, rec)), None)
            if hit:
                matched.add(hit)
                unmatched.remove(candidate)
                found += hit not in other
                if rule != "name":
                    score.notes.append(f"right by {rule}: {candidate.record['label']['vi']!r} = {hit}")
    found += len(unmatched)
    score.extra += [f"new {c.record['label']['vi']!r}" for c in unmatched]
    score.extra += [f"linked {i}" for i in sorted(linked - set(gold))]
    score.gold, score.found, score.matched = len(gold) - len(other), found, len(matched - other)
    for missing in sorted(set(gold) - matched - other):
        score.misses.append(f"{missing}: none of its names ({', '.join(sorted(surfaces(gold[missing])))}) "
                            "is in the text as written, and no pattern proposed it")
    return score


def load_curated(data: Path | None = None) -> list[dict[str, Any]]:
    """Every curated record, with its kind under '_kind'."""
    return [{**r, "_kind": kind.name} for kind, r, _ in load_folder(data or data_dir(), load_kinds())]


def evaluate(sources: Path, data: Path | None = None, cold: bool = False) -> tuple[dict[str, Score], float]:
    """Ingest every curated source whose text is at hand; scores per kind over all of them, and seconds."""
    curated = load_curated(data)
    totals = {k: Score(k) for k in ("figures", *ENTITY_KINDS, "agency/inst")}
    start = time.perf_counter()
    for rec in curated:
        # a source without a text file (a package dataset) has nothing to ingest
        if rec["_kind"] != "source" or "fileName" not in rec or not (sources / str(rec["fileName"])).is_file():
            continue
        text = read_text(sources / str(rec["fileName"]))
        result = ingest(text, str(rec["id"]), str(rec["fileName"]), data=data, gazetteer=Gazetteer() if cold else None)
        totals["figures"].add(score_figures(result, curated))
        for kind in ENTITY_KINDS:
            totals[kind].add(score_entities(kind, result, curated))
        totals["agency/inst"].add(score_entities("agency", result, curated, institutions=True))
    return totals, time.perf_counter() - start


def report(totals: dict[str, Score], seconds: float) -> str:
    """The scores as a table, then the misses and the extra proposals."""
    lines = [f"{'kind':<11} {'curated':>7} {'found':>6} {'right':>6} {'recall':>7} {'precision':>9}"]
    for s in totals.values():
        lines.append(f"{s.kind:<11} {s.gold:>7} {s.found:>6} {s.matched:>6} {s.recall:>7.0%} {s.precision:>9.0%}")
    lines.append("agency: every curated agency (strict); agency/inst: the institutions only, without the bare "
                 "brands, which no pattern can find by form; sector: fields of activity, linked by name only")
    for s in totals.values():
        if s.kind.endswith("/inst"):
            continue  # its misses and extras are among the agency row's
        for miss in s.misses:
            lines.append(f"miss  {s.kind}: {miss}")
        for extra in s.extra:
            lines.append(f"extra {s.kind}: {extra}")
        for note in s.notes:
            lines.append(f"note  {s.kind}: {note}")
    lines.append(f"ingested in {seconds:.2f} s")
    return "\n".join(lines) + "\n"


def _corpus(folder: Path, split: str) -> int:
    if not folder.is_dir():
        print(f"evaluate: --corpus {folder}: no such folder", file=sys.stderr)
        return 2
    start = time.perf_counter()
    try:
        totals, scored, skipped = score_corpus(folder, split)
    except CorpusError as err:
        print(f"evaluate: {err}", file=sys.stderr)
        return 1
    print(f"corpus: {split} split, {len(scored)} articles scored ({', '.join(scored) or 'none'}); "
          f"{len(skipped)} skipped, text not in {folder}" + (f" ({', '.join(skipped)})" if skipped else ""))
    print(report(totals, time.perf_counter() - start), end="")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Print the scores on the source articles; exit 2 when they are not at hand."""
    parser = argparse.ArgumentParser(prog="python3 -m graph.ingest.evaluate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sources", type=Path, default=None, help="folder of the source texts")
    parser.add_argument("--cold", action="store_true", help="ignore the graph's names: patterns only")
    parser.add_argument("--corpus", type=Path, default=None, metavar="DIR",
                        help="score the unseen-article corpus instead: the texts in DIR matched by SHA-256")
    parser.add_argument("--split", choices=tuple(SELECTIONS), default="held-out",
                        help="with --corpus: which articles (tuning = dev + dev-seen; default held-out)")
    args = parser.parse_args(argv)
    if args.corpus is not None:
        return _corpus(args.corpus, args.split)
    sources = args.sources or default_sources_dir()
    if sources is None:
        print("evaluate: source texts not found (--sources DIR or $VDG_SOURCES)", file=sys.stderr)
        return 2
    print(report(*evaluate(sources, cold=args.cold)), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
