"""Data-quality checks of the VDG graph: SHACL shapes (ontology/shapes.ttl) and cross-fact rules
(ontology/rules/*.rq, SPARQL SELECT with a `#+` YAML header), both reported as `Finding`s.

This module knows nothing of how the graph is built: callers pass the data graph (for SHACL)
and a pyoxigraph store (for the rules).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import yaml
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, SH
from rdflib.term import Node

from ontology.namespaces import ID_IRI, RULES_IRI, SHAPES_IRI, VDG

if TYPE_CHECKING:
    import pyoxigraph

SEVERITIES = ("violation", "warning", "info")
RULE_IRI = RULES_IRI
_SH_SEVERITY = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


class RuleError(Exception):
    """A rule file that cannot be read: bad header, unknown severity, missing ?entity."""


@dataclass(frozen=True)
class Finding:
    """One problem or notice: which check, about which entity, with the sources and quotes involved."""

    severity: str
    rule: str
    entity: str
    message: str
    sources: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()
    other_entity: str | None = None
    other_sources: tuple[str, ...] = ()
    other_quotes: tuple[str, ...] = ()
    path: str | None = None
    value: str | None = None
    kind: str = "shape"  # "shape", "rule" or "reasoner"

    def sort_key(self) -> tuple[int, str, str, str, str]:
        """Severity first, then rule, entity, the related entity and the message."""
        return (SEVERITIES.index(self.severity), self.rule, self.entity, self.other_entity or "", self.message)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class Rule:
    """One cross-fact rule: a SPARQL SELECT returning ?entity (and ?source ?quote, optionally
    ?otherEntity ?otherSource ?otherQuote and any variable its message names)."""

    id: str
    text: str
    severity: str
    message: str
    summary: dict[str, str] = field(default_factory=dict)
    returns: str = ""
    path: Path | None = None


def shapes_path() -> Path:
    """Path of the packaged SHACL shapes."""
    return Path(str(resources.files("ontology").joinpath("shapes.ttl")))


def rules_dir() -> Path:
    """Folder of the packaged cross-fact rules."""
    return Path(str(resources.files("ontology").joinpath("rules")))


def load_shapes(path: Path | None = None) -> Graph:
    """The SHACL shapes graph."""
    return Graph().parse(path or shapes_path(), format="turtle")


def _evidence(graph: Graph, entity: Node) -> tuple[tuple[str, ...], tuple[str, ...]]:
    sources = tuple(sorted(str(s) for s in graph.objects(entity, PROV.wasDerivedFrom)))
    quotes = tuple(sorted(str(q) for q in graph.objects(entity, VDG.quote)))
    return sources, quotes


def _shape_name(shapes: Graph, shape: Node | None) -> str:
    """A readable id of the shape that produced a result: the node shape that holds the property
    shape or SPARQL constraint (named or not), else the shape's own IRI."""
    for _ in range(5):
        parent = next(iter(shapes.subjects(SH.property, shape)), None) or next(
            iter(shapes.subjects(SH.sparql, shape)), None)
        if parent is None:
            break
        shape = parent
    if not isinstance(shape, URIRef):
        return "shape"
    text = str(shape)
    return text.removeprefix(SHAPES_IRI) if text.startswith(SHAPES_IRI) else text


def validate_shapes(data: Graph, ont_graph: Graph | None = None, shapes: Graph | None = None,
                    inference: str = "none") -> tuple[list[Finding], Graph]:
    """Run the SHACL shapes over the data graph (plus the ontology) with pyshacl.

    Returns the findings, with each focus node's sources and quotes, and pyshacl's results graph.
    """
    import pyshacl  # imported here: it is slow to load and only this check needs it

    shapes = shapes if shapes is not None else load_shapes()
    _, results, _ = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ont_graph, inference=inference,
                                     advanced=True, allow_warnings=True)
    findings = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        severity = _SH_SEVERITY.get(results.value(result, SH.resultSeverity), "violation")
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        message = results.value(result, SH.resultMessage)
        sources, quotes = _evidence(data, focus)
        findings.append(Finding(
            severity=severity,
            rule=_shape_name(shapes, results.value(result, SH.sourceShape)),
            entity=str(focus),
            message=str(message) if message is not None else str(results.value(result, SH.sourceConstraintComponent)),
            sources=sources, quotes=quotes,
            path=str(path) if isinstance(path, URIRef) else None,
            value=str(value) if value is not None and value != focus else None,
        ))
    return sorted(set(findings), key=Finding.sort_key), results


def parse_rule(text: str, rule_id: str, path: Path | None = None) -> Rule:
    """Read a rule file's `#+` YAML header and keep the SPARQL text."""
    header = "\n".join(line[3:] if line.startswith("#+ ") else line[2:]
                       for line in text.splitlines() if line.startswith("#+"))
    try:
        meta = yaml.safe_load(header) or {}
    except yaml.YAMLError as exc:
        raise RuleError(f"rule {rule_id}: bad #+ header: {exc}") from None
    if not isinstance(meta, dict):
        raise RuleError(f"rule {rule_id}: the #+ header must be a mapping")
    severity = meta.get("severity")
    if severity not in SEVERITIES:
        raise RuleError(f"rule {rule_id}: severity {severity!r} is not one of {', '.join(SEVERITIES)}")
    if "?entity" not in text:
        raise RuleError(f"rule {rule_id}: the query must return ?entity")
    summary = meta.get("summary") or {}
    return Rule(rule_id, text, severity, str(meta.get("message") or summary.get("en", rule_id)),
                {str(k): str(v) for k, v in summary.items()}, str(meta.get("returns", "")), path)


def load_rules(folder: Path | None = None) -> dict[str, Rule]:
    """Every rule of the folder (default: the packaged ontology/rules), by file stem."""
    folder = folder or rules_dir()
    return {p.stem: parse_rule(p.read_text(encoding="utf-8"), p.stem, p) for p in sorted(folder.glob("*.rq"))}


def _text(term: Any) -> str | None:
    if term is None:
        return None
    value = getattr(term, "value", term)
    if hasattr(term, "datatype") and str(getattr(term.datatype, "value", "")).endswith(("#decimal", "#integer")):
        number = Decimal(value)
        return f"{number:f}".rstrip("0").rstrip(".") if "." in f"{number:f}" else f"{number:f}"
    return str(value)


def _short(iri: str) -> str:
    return iri.rsplit("/", 1)[-1] if iri.startswith(ID_IRI) else iri


class _Message(dict):
    def __missing__(self, key: str) -> str:
        return "?"


def run_rules(store: pyoxigraph.Store, rules: dict[str, Rule] | None = None) -> list[Finding]:
    """Run the cross-fact rules over the store's union of named graphs.

    Rows of one rule about the same pair of entities are merged; their quotes and sources collected.
    """
    rules = rules if rules is not None else load_rules()
    findings: list[Finding] = []
    for rule in rules.values():
        merged: dict[tuple[str, str | None], dict[str, Any]] = {}
        solutions = store.query(rule.text, use_default_graph_as_union=True)
        if not hasattr(solutions, "variables"):
            raise RuleError(f"{rule.id}: a rule must be a SELECT query")
        solutions = cast("pyoxigraph.QuerySolutions", solutions)
        names = [v.value for v in solutions.variables]
        for solution in solutions:
            row = {name: _text(solution[name]) for name in names}
            if row.get("entity") is None:
                continue
            key = (str(row["entity"]), row.get("otherEntity"))
            item = merged.setdefault(key, {"row": row, "sources": set(), "quotes": set(),
                                           "other_sources": set(), "other_quotes": set()})
            for column, bucket in (("source", "sources"), ("quote", "quotes"),
                                   ("otherSource", "other_sources"), ("otherQuote", "other_quotes")):
                if row.get(column) is not None:
                    item[bucket].add(row[column])
        for (entity, other), item in merged.items():
            values = _Message({k: (_short(v) if k in ("entity", "otherEntity", "baseEntity") else v)
                               for k, v in item["row"].items() if v is not None})
            findings.append(Finding(
                severity=rule.severity, rule=rule.id, entity=entity,
                message=rule.message.format_map(values),
                sources=tuple(sorted(item["sources"])), quotes=tuple(sorted(item["quotes"])),
                other_entity=other, other_sources=tuple(sorted(item["other_sources"])),
                other_quotes=tuple(sorted(item["other_quotes"])), kind="rule",
                value=item["row"].get("value"),
            ))
    return sorted(findings, key=Finding.sort_key)


def results_graph(shacl_results: Graph, findings: list[Finding]) -> Graph:
    """The SHACL validation report with every rule and reasoner finding added as a
    sh:ValidationResult (sh:sourceShape is the rule's IRI, sh:value the related entity)."""
    graph = Graph()
    graph.bind("sh", SH)
    graph.bind("vdg", VDG)
    graph.bind("prov", PROV)
    for triple in shacl_results:
        graph.add(triple)
    report = next(iter(graph.subjects(RDF.type, SH.ValidationReport)), None)
    if report is None:
        report = BNode()
        graph.add((report, RDF.type, SH.ValidationReport))
    severity = {v: k for k, v in _SH_SEVERITY.items()}
    for finding in findings:
        if finding.kind == "shape":
            continue
        node = BNode()
        graph.add((report, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.focusNode, URIRef(finding.entity)))
        graph.add((node, SH.resultSeverity, severity[finding.severity]))
        graph.add((node, SH.sourceShape, URIRef(RULE_IRI + finding.rule)))
        graph.add((node, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
        graph.add((node, SH.resultMessage, Literal(finding.message)))
        if finding.other_entity:
            graph.add((node, SH.value, URIRef(finding.other_entity)))
        for source in finding.sources + finding.other_sources:
            graph.add((node, PROV.wasDerivedFrom, URIRef(source)))
        for quote in finding.quotes + finding.other_quotes:
            graph.add((node, VDG.quote, Literal(quote)))
    conforms = not any(f.severity == "violation" for f in findings)
    graph.set((report, SH.conforms, Literal(conforms)))
    return graph
