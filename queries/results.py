"""Write a query result as a table, CSV, TSV, Markdown or SPARQL 1.1 Query Results JSON."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from graph.terms import Term
from ontology.namespaces import PREFIXES as NAMESPACES
from queries.engines import Result

FORMATS = ("table", "csv", "tsv", "json", "md")
PREFIXES = {NAMESPACES[name]: f"{name}:" for name in ("vdg", "id", "graph", "xsd")}
RDF_TYPE = NAMESPACES["rdf"] + "type"
XSD_STRING = NAMESPACES["xsd"] + "string"


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


def to_jsonld(result: Result) -> list[dict[str, Any]]:
    """A CONSTRUCT or DESCRIBE result as expanded JSON-LD: one node object per subject, in triple order."""
    nodes: dict[tuple[str, str], dict[str, Any]] = {}
    for s, p, o in result.triples:
        node = nodes.setdefault((s.kind, s.value), {"@id": ("_:" if s.kind == "bnode" else "") + s.value})
        if o.kind in ("uri", "bnode"):
            value: dict[str, str] = {"@id": ("_:" if o.kind == "bnode" else "") + o.value}
        else:
            value = {"@value": o.value}
            if o.lang:
                value["@language"] = o.lang
            elif o.datatype and o.datatype != XSD_STRING:
                value["@type"] = o.datatype
        node.setdefault("@type" if p.value == RDF_TYPE and o.kind == "uri" else p.value, []).append(
            value["@id"] if p.value == RDF_TYPE and o.kind == "uri" else value)
    return list(nodes.values())


def render(result: Result, fmt: str) -> str:
    """The result in one of FORMATS. A CONSTRUCT or DESCRIBE result (a graph) is N-Triples as a table
    and JSON-LD as json; csv, tsv and md are for tables of bindings and raise ValueError."""
    if result.kind == "graph":
        if fmt == "json":
            return json.dumps(to_jsonld(result), ensure_ascii=False, indent=1) + "\n"
        if fmt != "table":
            raise ValueError(f"a CONSTRUCT or DESCRIBE answer is a graph: -f {fmt} cannot hold it; "
                             "use -f table (N-Triples) or -f json (JSON-LD)")
        return "".join(" ".join(t.ntriples() for t in triple) + " .\n" for triple in result.triples)
    if fmt == "json":
        return json.dumps(to_json(result), ensure_ascii=False, indent=1) + "\n"
    if result.kind == "ask":
        return ("true" if result.boolean else "false") + "\n"
    header = result.variables
    rows = [[_short(t) if fmt in ("table", "md") else (t.value if t else "") for t in row] for row in result.rows]
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
    widths = [min(60, max([len(h)] + [len(r[i]) for r in rows])) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        return "  ".join((c if len(c) <= w else c[: w - 1] + "…").ljust(w) for c, w in zip(cells, widths)).rstrip()

    out = [line(header), line(["-" * w for w in widths])] + [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"
