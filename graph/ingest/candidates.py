"""Candidate records and the YAML they are written as: the curated format of graph/data/, one
mapping of kind to records, each record carrying a `candidate` block (confidence, offsets,
extractor, note) that the builder refuses until a reviewer deletes it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from graph.build import CANDIDATE
from graph.loader import load_kinds


@dataclass
class Candidate:
    """One proposed record with its evidence: the span of the article it rests on."""

    kind: str
    record: dict[str, Any]
    start: int
    end: int
    confidence: float
    extractor: str
    note: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # what the evaluation reads, not written

    @property
    def id(self) -> str:
        return str(self.record["id"])


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _value(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return _scalar(value)


def render_record(candidate: Candidate) -> str:
    """One record as a YAML list item, its candidate block last."""
    lines = []
    for key, value in candidate.record.items():
        lines.append(f"{key}: {_value(value)}")
    block: dict[str, Any] = {"confidence": round(candidate.confidence, 2), "offsets": [candidate.start, candidate.end],
                             "extractor": candidate.extractor}
    if candidate.note:
        block["note"] = candidate.note
    lines.append(f"{CANDIDATE}: {_value(block)}")
    return "  - " + "\n    ".join(lines) + "\n"


def render(candidates: list[Candidate], header: list[str]) -> str:
    """The candidate file: comment lines, then each kind (in the order of kinds.yaml) with its records."""
    out = [f"# {line}".rstrip() + "\n" for line in header]
    for kind in load_kinds():
        records = [c for c in candidates if c.kind == kind]
        if records:
            out.append(f"\n{kind}:\n")
            out.extend(render_record(c) for c in records)
    return "".join(out)
