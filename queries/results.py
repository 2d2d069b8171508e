"""Write a query result as a table, CSV, TSV, Markdown or SPARQL 1.1 Query Results JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from graph.terms import Term
from ontology.namespaces import PREFIXES as NAMESPACES
from queries.engines import Result
from queries.table import text_table

FORMATS = ("table", "csv", "tsv", "json", "md")
PREFIXES = {NAMESPACES[name]: f"{name}:" for name in ("vdg", "id", "graph", "xsd")}


def _short(term: Term | None) -> str:
    if term is None:
        return ""
    if term.kind == "uri":
        for base, prefix in PREFIXES.items():
            if term.value.startswith(base):
                return prefix + term.value[len(base):]
        return term.value
    if term.kind == "bnode":
        return "_:" + term.value
    return term.value + (f"@{term.lang}" if term.lang else "")


def _json_term(term: Term) -> dict[str, str]:
    if term.kind == "uri":
        return {"type": "uri", "value": term.value}
    if term.kind == "bnode":
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.lang:
        out["xml:lang"] = term.lang
    elif term.datatype:
        out["datatype"] = term.datatype
    return out


def to_json(result: Result) -> dict[str, Any]:
    """The SPARQL 1.1 Query Results JSON document of a SELECT or ASK result."""
    if result.kind == "ask":
        return {"head": {}, "boolean": bool(result.boolean)}
    bindings = [{v: _json_term(t) for v, t in zip(result.variables, row) if t is not None} for row in result.rows]
    return {"head": {"vars": result.variables}, "results": {"bindings": bindings}}


def render(result: Result, fmt: str, *, hidden: Iterable[str] = ()) -> str:
    """The result in one of FORMATS (CONSTRUCT results are N-Triples whatever the format); the text table
    leaves out the `hidden` columns (bound parameters)."""
    if result.kind == "graph":
        return "".join(" ".join(t.ntriples() for t in triple) + " .\n" for triple in result.triples)
    if fmt == "json":
        return json.dumps(to_json(result), ensure_ascii=False, indent=1) + "\n"
    if result.kind == "ask":
        return ("true" if result.boolean else "false") + "\n"
    header = result.variables
    if fmt == "table":
        return text_table(result.variables, result.rows, hidden=hidden)
    rows = [[_short(t) if fmt == "md" else (t.value if t else "") for t in row] for row in result.rows]
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        return buffer.getvalue()
    if fmt == "md":
        def cell(text: str) -> str:
            return text.replace("|", "\\|").replace("\n", " ")
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
        return "\n".join(lines) + "\n"
    return text_table(result.variables, result.rows, hidden=hidden)
