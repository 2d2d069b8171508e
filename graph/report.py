"""`vdg check`: run the SHACL shapes, the HermiT reasoner and the cross-fact rules over a built
dataset and render one report grouped by severity (text, JSON or Turtle)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

from rdflib import Graph

from graph.quads import Quads

from ontology import GRAPH
from ontology.namespaces import ID_IRI, shorten
from ontology.quality import SEVERITIES, Finding, load_rules, results_graph, run_rules, validate_shapes


@dataclass
class Report:
    """All findings of a check, the SHACL results graph and how long each stage took."""

    findings: list[Finding]
    shacl_results: Graph
    seconds: dict[str, float] = field(default_factory=dict)
    inferred: int | None = None  # facts HermiT inferred; None when the reasoner did not run

    def count(self, severity: str) -> int:
        """Number of findings of a severity."""
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def violations(self) -> int:
        """Number of violations (the check fails when it is not 0)."""
        return self.count("violation")


def check(quads: Quads, *, reasoner: bool = True, inference: str = "none") -> Report:
    """Validate the built dataset: SHACL over its union graph with the ontology, HermiT for
    consistency, the SPARQL rules on Oxigraph."""
    seconds: dict[str, float] = {}
    union = quads.union()
    start = time.perf_counter()
    findings, shacl_results = validate_shapes(union, quads.dataset.graph(GRAPH["ontology"]), inference=inference)
    seconds["shacl"] = time.perf_counter() - start

    inferred = None
    if reasoner:
        from graph.reasoning import infer  # ReasonerError (no Java) propagates to the caller

        start = time.perf_counter()
        found = infer(quads)
        seconds["reasoner"] = time.perf_counter() - start
        if found.consistent:
            inferred = len(found.facts)
        else:
            findings.append(Finding("violation", "owl-consistency", str(GRAPH["inferred"]),
                                    f"HermiT finds the ontology plus data inconsistent: {found.explanation}",
                                    kind="reasoner"))

    start = time.perf_counter()
    findings.extend(run_rules(quads.store(), load_rules()))
    seconds["rules"] = time.perf_counter() - start
    return Report(sorted(findings, key=Finding.sort_key), shacl_results, seconds, inferred)


def _short(iri: str) -> str:
    return iri[len(ID_IRI):] if iri.startswith(ID_IRI) else shorten(iri)


def summary_line(report: Report) -> str:
    """One line: the counts per severity and the reasoner's verdict."""
    counts = ", ".join(f"{report.count(s)} {s}{'s' if report.count(s) != 1 and s != 'info' else ''}"
                       for s in SEVERITIES)
    reasoner = ("" if "reasoner" not in report.seconds else
                f"; HermiT: {'consistent, ' + str(report.inferred) + ' facts inferred' if report.inferred is not None else 'INCONSISTENT'}")
    return f"vdg check: {counts}{reasoner}"


def render_text(report: Report) -> str:
    """A readable report grouped by severity, each item with its rule, entity, sources and quotes."""
    lines = [summary_line(report)]
    for severity in SEVERITIES:
        items = [f for f in report.findings if f.severity == severity]
        if not items:
            continue
        lines += ["", f"== {severity.upper()} ({len(items)})"]
        for f in items:
            about = _short(f.entity) + (f" <-> {_short(f.other_entity)}" if f.other_entity else "")
            lines.append(f"- [{f.rule}] {about}")
            lines.append(f"    {f.message}" + (f" (value: {f.value})" if f.kind == "shape" and f.value else ""))
            if f.path:
                lines.append(f"    path: {_short(f.path)}")
            for label, sources, quotes in (("", f.sources, f.quotes), ("other ", f.other_sources, f.other_quotes)):
                if sources:
                    lines.append(f"    {label}source: {', '.join(_short(s) for s in sources)}")
                for quote in quotes:
                    lines.append(f"    {label}quote: \u201c{quote}\u201d")
    return "\n".join(lines) + "\n"


def render_json(report: Report) -> str:
    """The report as JSON: counts, reasoner result and findings."""
    data = {
        "conforms": report.violations == 0,
        "counts": {s: report.count(s) for s in SEVERITIES},
        "reasoner": None if "reasoner" not in report.seconds else
        {"consistent": report.inferred is not None, "inferred": report.inferred},
        "findings": [f.as_dict() for f in report.findings],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_ttl(report: Report) -> str:
    """The SHACL results graph plus the rule findings as sh:ValidationResult nodes, in Turtle."""
    return results_graph(report.shacl_results, report.findings).serialize(format="longturtle")


RENDERERS = {"text": render_text, "json": render_json, "ttl": render_ttl}
