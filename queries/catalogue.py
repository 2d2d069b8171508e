"""The catalogue of SPARQL questions: `.rq` files with a `#+ key: value` YAML header."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from graph.terms import Term
from ontology.namespaces import XSD_IRI

XSD = XSD_IRI
PARAM_TYPES = ("iri", "year", "date", "string", "integer", "lang")


class QueryError(Exception):
    """A bad query, query file, parameter or engine answer; str() is one line."""


@dataclass(frozen=True)
class Param:
    """One parameter of a question: the variable ?name, bound to a term before the query runs."""

    name: str
    type: str
    default: str
    base: str = ""
    doc: str = ""

    def term(self, value: str | None = None) -> Term:
        """The RDF term for a value given on the command line (the default when None)."""
        raw = self.default if value is None else value
        if self.type == "iri":
            iri = raw if re.match(r"^[a-z][a-z0-9+.-]*:", raw) else self.base + raw
            if not re.fullmatch(r"[^\s<>\"{}|\\^`]+", iri):
                raise QueryError(f"parameter {self.name}: {raw!r} is not a valid IRI or id")
            return Term("uri", iri)
        if self.type == "year":
            if not re.fullmatch(r"-?\d{4}", raw):
                raise QueryError(f"parameter {self.name}: {raw!r} is not a year like 2018")
            return Term("literal", raw, XSD + "gYear")
        if self.type == "date":  # a day, bound as the xsd:dateTime of its first instant (the graph's dates)
            try:
                day = dt.date.fromisoformat(raw) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw) else None
            except ValueError:
                day = None
            if day is None:
                raise QueryError(f"parameter {self.name}: {raw!r} is not a day like 2025-03-01")
            return Term("literal", f"{day.isoformat()}T00:00:00", XSD + "dateTime")
        if self.type == "integer":
            if not re.fullmatch(r"[+-]?\d+", raw):
                raise QueryError(f"parameter {self.name}: {raw!r} is not an integer")
            return Term("literal", raw, XSD + "integer")
        if self.type == "lang" and raw not in ("vi", "en"):
            raise QueryError(f"parameter {self.name}: {raw!r} is not one of vi, en")
        return Term("literal", raw)


@dataclass(frozen=True)
class Query:
    """One catalogue question."""

    name: str
    text: str
    summary: dict[str, str]
    params: dict[str, Param] = field(default_factory=dict)
    returns: str = ""
    tags: tuple[str, ...] = ()
    path: Path | None = None

    def bindings(self, given: dict[str, str] | None = None) -> dict[str, Term]:
        """Every parameter bound: the given values, defaults for the rest; unknown names are refused."""
        given = given or {}
        unknown = sorted(set(given) - set(self.params))
        if unknown:
            valid = ", ".join(sorted(self.params)) or "none"
            raise QueryError(f"query '{self.name}' has no parameter '{unknown[0]}'; its parameters: {valid}")
        return {name: p.term(given.get(name)) for name, p in self.params.items()}


_SAFE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser: `vdg query` reads every header


def _header(text: str, where: str) -> dict[str, Any]:
    lines = [line[3:] if line.startswith("#+ ") else line[2:] for line in text.splitlines() if line.startswith("#+")]
    try:
        header = yaml.load("\n".join(lines), Loader=_SAFE) or {}  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise QueryError(f"{where}: bad '#+' header: {str(exc).splitlines()[0]}") from None
    if not isinstance(header, dict):
        raise QueryError(f"{where}: the '#+' header must be 'key: value' lines")
    return header


def parse_query(text: str, name: str, path: Path | None = None) -> Query:
    """A Query from the text of an `.rq` file (the header is optional for ad-hoc files)."""
    where = str(path or name)
    header = _header(text, where)
    summary = header.get("summary") or {}
    if isinstance(summary, str):
        summary = {"en": summary}
    params: dict[str, Param] = {}
    for pname, spec in (header.get("params") or {}).items():
        if not isinstance(spec, dict) or spec.get("type") not in PARAM_TYPES or "default" not in spec:
            raise QueryError(f"{where}: parameter '{pname}' needs a type ({', '.join(PARAM_TYPES)}) and a default")
        params[pname] = Param(pname, spec["type"], str(spec["default"]), str(spec.get("base", "")),
                              str(spec.get("doc", "")))
    tags = header.get("tags") or ()
    return Query(name, text, {k: str(v) for k, v in summary.items()}, params, str(header.get("returns", "")),
                 tuple(str(t) for t in tags), path)


def catalogue_dir() -> Path:
    """The packaged folder of catalogue questions."""
    return Path(str(resources.files("queries")))


def load_catalogue(folder: Path | None = None) -> dict[str, Query]:
    """Every catalogue question by name (the file name without .rq), sorted by name."""
    folder = folder or catalogue_dir()
    return {p.stem: parse_query(p.read_text(encoding="utf-8"), p.stem, p) for p in sorted(folder.glob("*.rq"))}


def resolve(spec: str, catalogue: dict[str, Query]) -> Query:
    """A catalogue name or the path of an .rq file."""
    if spec in catalogue:
        return catalogue[spec]
    path = Path(spec)
    if spec.endswith(".rq") or path.is_file():
        if not path.is_file():
            raise QueryError(f"query file not found: {spec}")
        return parse_query(read_query_file(path), path.stem, path)
    raise QueryError(f"unknown query '{spec}'; catalogue: {', '.join(catalogue)}")


def read_query_file(path: Path) -> str:
    """The text of an .rq file; QueryError naming the file when it is not UTF-8 text or cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise QueryError(f"{path}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QueryError(f"{path}: not a SPARQL text file (not UTF-8 at byte {exc.start})") from None
    if "\0" in text:
        raise QueryError(f"{path}: not a SPARQL text file (NUL byte at {text.index(chr(0))})")
    if not text.strip():
        raise QueryError(f"{path}: the file is empty")
    return text


def catalogue_table(catalogue: dict[str, Query]) -> str:
    """The catalogue as a Markdown table (name, summary in en and vi, parameters, tags)."""
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| question | summary | tóm tắt | parameters (default) | tags |", "|---|---|---|---|---|"]
    for name, q in catalogue.items():
        params = ", ".join(f"`{p.name}` ({p.default})" for p in q.params.values()) or "—"
        lines.append(f"| `{name}` | {cell(q.summary.get('en', ''))} | {cell(q.summary.get('vi', ''))} | "
                     f"{params} | {', '.join(q.tags)} |")
    return "\n".join(lines) + "\n"
