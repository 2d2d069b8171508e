"""Write a query result: the SPARQL 1.1 result formats (JSON, XML, CSV, TSV), one writer each, used by
`vdg query` and `vdg serve` alike; and the two formats for people, a text table and Markdown."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from graph.terms import XSD_STRING, Term
from ontology.namespaces import PREFIXES as NAMESPACES
from ontology.namespaces import SPARQL_RESULTS_IRI, shorten
from queries.engines import Result
from queries.table import text_table

FORMATS = ("table", "csv", "tsv", "json", "md")
PREFIXES = {name: NAMESPACES[name] for name in ("vdg", "id", "graph", "xsd")}  # the prefixes Markdown shows
RDF_TYPE = NAMESPACES["rdf"] + "type"


def _short(term: Term | None) -> str:
    if term is None:
        return ""
    if term.kind == "uri":
        return shorten(term.value, PREFIXES)
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


def write_json(result: Result, indent: int | None = None) -> str:
    """SPARQL 1.1 Query Results JSON."""
    return json.dumps(to_json(result), ensure_ascii=False, indent=indent) + ("\n" if indent is not None else "")


def write_xml(result: Result) -> str:
    """SPARQL Query Results XML."""
    out = [f'<?xml version="1.0"?>\n<sparql xmlns="{SPARQL_RESULTS_IRI}">\n<head>']
    if result.kind == "ask":
        out.append(f"</head>\n<boolean>{'true' if result.boolean else 'false'}</boolean>\n</sparql>\n")
        return "\n".join(out)
    out += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    out.append("</head>\n<results>")
    for row in result.rows:
        out.append("<result>")
        for var, term in zip(result.variables, row):
            if term is None:
                continue
            if term.kind == "uri":
                cell = f"<uri>{escape(term.value)}</uri>"
            elif term.kind == "bnode":
                cell = f"<bnode>{escape(term.value)}</bnode>"
            else:
                attr = f" xml:lang={quoteattr(term.lang)}" if term.lang else (
                    f" datatype={quoteattr(term.datatype)}" if term.datatype else "")
                cell = f"<literal{attr}>{escape(term.value)}</literal>"
            out.append(f"<binding name={quoteattr(var)}>{cell}</binding>")
        out.append("</result>")
    out.append("</results>\n</sparql>\n")
    return "\n".join(out)


def write_csv(result: Result) -> str:
    """SPARQL 1.1 Query Results CSV: values only (blank nodes as _:label), CRLF line ends; ASK as true/false."""
    if result.kind == "ask":
        return ("true" if result.boolean else "false") + "\r\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    writer.writerows([[("_:" if t.kind == "bnode" else "") + t.value if t else "" for t in row]
                      for row in result.rows])
    return buffer.getvalue()


def write_tsv(result: Result) -> str:
    """SPARQL 1.1 Query Results TSV: `?var` header, terms in their N-Triples form; ASK as true/false."""
    if result.kind == "ask":
        return ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join("?" + v for v in result.variables)]
    lines += ["\t".join(t.ntriples() if t else "" for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


SPARQL_WRITERS = {"json": write_json, "xml": write_xml, "csv": write_csv, "tsv": write_tsv}


def write_ntriples(result: Result) -> str:
    """A CONSTRUCT or DESCRIBE result as N-Triples, in the engines' triple order."""
    return "".join(" ".join(t.ntriples() for t in triple) + " .\n" for triple in result.triples)


def render(result: Result, fmt: str, *, hidden: Iterable[str] = ()) -> str:
    """The result in one of FORMATS for `vdg query`: csv, tsv and json are the SPARQL 1.1 result formats
    (the endpoint's writers); table and md are for reading, and the text table leaves out the `hidden`
    columns (bound parameters). A CONSTRUCT or DESCRIBE result (a graph) is N-Triples as
    a table and JSON-LD as json; csv, tsv and md raise ValueError."""
    if result.kind == "graph":
        if fmt == "json":
            return json.dumps(to_jsonld(result), ensure_ascii=False, indent=1) + "\n"
        if fmt != "table":
            raise ValueError(f"a CONSTRUCT or DESCRIBE answer is a graph: -f {fmt} cannot hold it; "
                             "use -f table (N-Triples) or -f json (JSON-LD)")
        return write_ntriples(result)
    if fmt == "json":
        return write_json(result, indent=1)
    if fmt in ("csv", "tsv"):
        return SPARQL_WRITERS[fmt](result)
    if result.kind == "ask":
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "md":
        def cell(text: str) -> str:
            return text.replace("|", "\\|").replace("\n", " ")
        rows = [[_short(t) for t in row] for row in result.rows]
        lines = ["| " + " | ".join(result.variables) + " |", "|" + "---|" * len(result.variables)]
        lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
        return "\n".join(lines) + "\n"
    return text_table(result.variables, result.rows, hidden=hidden)
