"""The summary `vdg run` prints first: what was built, how it checked, what was written, in 100 columns."""

from __future__ import annotations

import textwrap
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graph.build import BuildResult
    from graph.report import Report

WIDTH = 100


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ")


def _columns(items: list[str], width: int = WIDTH) -> list[str]:
    """Items laid out in as many aligned columns as fit the width."""
    cell = max(len(item) for item in items) + 3
    per_line = max(1, (width - 2) // cell)
    return ["  " + "".join(item.ljust(cell) for item in items[i:i + per_line]).rstrip()
            for i in range(0, len(items), per_line)]


def warning_kinds(report: Report) -> list[tuple[int, str]]:
    """The warnings by check, most first: how many, and what they say (the message they share, else the rule's
    summary)."""
    from ontology.quality import load_rules

    summaries = {name: rule.summary.get("en", name) for name, rule in load_rules().items()}
    messages: dict[str, set[str]] = {}
    for finding in report.findings:
        if finding.severity == "warning":
            messages.setdefault(finding.rule, set()).add(finding.message)
    counts = Counter(f.rule for f in report.findings if f.severity == "warning")
    return [(count, next(iter(messages[rule])) if len(messages[rule]) == 1 else summaries.get(rule, rule))
            for rule, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def run_summary(result: BuildResult, graphs: dict[str, dict[str, int]], classes: dict[str, int], report: Report,
                inferred: int | None, written: list[tuple[Path, str]]) -> str:
    """The main job's report: totals, the quote check, the checks' verdict with what the warnings are, the
    files written, then the individuals per class."""
    sources = [name for name in graphs if name not in ("ontology", "inferred")]
    triples = sum(info["triples"] for info in graphs.values())
    lines = [f"VDG knowledge graph: {result.records} records from {len(sources)} sources, {triples:,} triples in "
             f"{len(graphs)} named graphs"]
    if inferred is None:
        lines.append(_wrap("reasoner: skipped (--no-reason); `vdg check` runs it when Java is installed"))
    else:
        lines.append(_wrap(f"reasoner: HermiT finds the ontology and data consistent; {inferred} facts inferred "
                           "(graph:inferred)"))
    if result.sources_dir:
        if result.quotes_unchecked:
            lines.append(_wrap(f"quotes: {result.quotes_checked} checked word for word against {result.sources_dir}; "
                               f"{result.quotes_unchecked} quotes of web sources not re-checked offline (their "
                               "snapshots are not there; README: Source texts)"))
        else:
            lines.append(_wrap(f"quotes: all {result.quotes_checked} checked word for word against {result.sources_dir}"))
    else:
        lines.append(_wrap("quotes: NOT checked - the source texts were not found (give --sources DIR or set "
                           "$VDG_SOURCES; README: Source texts)"))
    counts = {severity: report.count(severity) for severity in ("violation", "warning", "info")}
    lines.append(_wrap(f"checks: {counts['violation']} violations, {counts['warning']} warnings, "
                       f"{counts['info']} notices (SHACL shapes and cross-fact rules)"))
    if counts["violation"]:
        lines.append(_wrap("violations are errors in the data: `vdg check` lists each with its record"))
    if counts["warning"]:
        lines.append(_wrap("the warnings are the sources' own gaps and tensions, expected and kept visible, "
                           "not errors; `vdg check` shows each with its quote:"))
        for count, what in warning_kinds(report):
            lines.append("    " + textwrap.shorten(f"{count:>3} x {what}", WIDTH - 4, placeholder="…"))
    lines.append("wrote")
    lines.extend(_wrap(f"{path} ({what})", "    ") for path, what in written)
    lines.append("\nIndividuals per class")
    lines.extend(_columns([f"{name} {count}" for name, count in classes.items()]))
    return "\n".join(lines)
