"""Build the RDF dataset from the ontology and the curated YAML, checking every record."""

from __future__ import annotations

import datetime as dt
import difflib
import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Dataset, Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import PROV, SKOS, NamespaceManager

from graph import sources as source_texts
from graph.record_checks import CHECKS, PACKAGE_DATASET
from graph.errors import DataError
from graph.loader import LINE, Kind, data_dir, load_folder, load_kinds
from graph.quads import Quads
from graph.terms import ox_quad
from ontology import GRAPH, ID, VDG, Ontology, load_ontology
from ontology.namespaces import PREFIXES as NAMESPACES
from ontology.model import Property

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RESERVED = {"id", "type", "label", "altLabel", "source", "quote", "recordCode", LINE}
# The block `vdg ingest` puts on every proposed record; the builder refuses a record that still has it.
CANDIDATE = "candidate"
LANGUAGES = ("vi", "en")
ONTOLOGY_GRAPH = GRAPH["ontology"]
PREFIXES = {name: NAMESPACES[name] for name in
            ("vdg", "graph", "org", "foaf", "schema", "eli", "qb", "dcterms", "prov", "skos")}


@dataclass
class Record:
    """One YAML record with where it came from."""

    kind: Kind
    data: dict[str, Any]
    file: Path

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def line(self) -> int | None:
        return self.data.get(LINE)

    def error(self, reason: str) -> DataError:
        return DataError(reason, self.file, self.line, self.id)


# the terms the builder writes on every record, made once
_TYPE, _LABEL, _ALT = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(RDFS.label)), ox.NamedNode(str(SKOS.altLabel))
_QUOTE, _DERIVED = ox.NamedNode(str(VDG.quote)), ox.NamedNode(str(PROV.wasDerivedFrom))
_CODE = ox.NamedNode(str(VDG.recordCode))
_XSD = {name: ox.NamedNode(str(XSD[name])) for name in ("integer", "decimal", "dateTime", "boolean", "language")}
_PREF = ox.NamedNode(str(SKOS.prefLabel))
# The precision of a date as the analyst writes it (Wikidata's model: the first instant of the
# year, month or day, with its precision); the individuals are the ontology's vdg:DatePrecision.
_PRECISION = {"year": ox.NamedNode(str(VDG.YearPrecision)), "month": ox.NamedNode(str(VDG.MonthPrecision)),
              "day": ox.NamedNode(str(VDG.DayPrecision))}
_DATE_FORMS = "write a year (2018), a month (2018-07) or a day (2018-07-18)"


def parse_date(value: Any) -> tuple[str, str]:
    """The xsd:dateTime lexical form and the precision ('year', 'month' or 'day') of a date as an
    analyst writes it: 2018, "2018", "2018-07" or "2018-07-18" (or a datetime.date).

    Raises ValueError with the reason for anything else, such as an impossible day.

    >>> parse_date(2018)
    ('2018-01-01T00:00:00', 'year')
    >>> parse_date("2018-07-18")
    ('2018-07-18T00:00:00', 'day')
    """
    if isinstance(value, dt.datetime) or isinstance(value, bool):
        raise ValueError(_DATE_FORMS)
    if isinstance(value, dt.date):
        return f"{value.isoformat()}T00:00:00", "day"
    text = str(value).strip() if isinstance(value, (int, str)) else ""
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        if year < 1:
            raise ValueError("there is no year 0")
        return f"{text}-01-01T00:00:00", "year"
    match = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if match:
        if not 1 <= int(match.group(2)) <= 12:
            raise ValueError(f"there is no month {match.group(2)}")
        return f"{text}-01T00:00:00", "month"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            day = dt.date.fromisoformat(text)
        except ValueError as exc:
            raise ValueError(str(exc)) from None
        return f"{day.isoformat()}T00:00:00", "day"
    raise ValueError(_DATE_FORMS)


_HALVES = {"H1": ("01", "06"), "H2": ("07", "12"), "Q1": ("01", "03"), "Q2": ("04", "06"), "Q3": ("07", "09"),
           "Q4": ("10", "12")}


def parse_span(value: Any) -> tuple[str, str] | None:
    """The first and last month (or day) of a span of a year written as one value: a half-year
    (2023-H1), a quarter (2023-Q1) or two dates with a slash (2023-01/2023-11); None for a single
    date (parse_date reads it). Raises ValueError when the ends are not dates or not in order.

    >>> parse_span("2023-H1")
    ('2023-01', '2023-06')
    >>> parse_span(2023) is None
    True
    """
    text = str(value).strip() if isinstance(value, str) else ""
    match = re.fullmatch(r"(\d{4})-([HQ][1-4])", text)
    if match and match.group(2) in _HALVES:
        first, last = _HALVES[match.group(2)]
        return f"{match.group(1)}-{first}", f"{match.group(1)}-{last}"
    if "/" not in text:
        return None
    first, _, last = (part.strip() for part in text.partition("/"))
    (a, pa), (b, pb) = parse_date(first), parse_date(last)
    if pa != pb or pa == "year" or a >= b:
        raise ValueError("a span is two months or two days in order (2023-01/2023-11), a half-year (2023-H1) "
                         "or a quarter (2023-Q1)")
    return first, last


@dataclass
class BuildResult:
    """The built dataset and what the build checked."""

    quads: Quads
    records: int
    quotes_checked: int
    sources_dir: Path | None
    counts: dict[str, int] = field(default_factory=dict)
    # quotes of web sources whose snapshot is not in the sources folder: kept, but not re-checked offline
    quotes_unchecked: int = 0

    @property
    def dataset(self) -> Dataset:
        """The dataset in rdflib (made on first use)."""
        return self.quads.dataset




def _suggest(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=3)
    return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""


def _read(data: Path, kinds: dict[str, Kind]) -> list[Record]:
    return [Record(kind, r, path) for kind, r, path in load_folder(data, kinds)]


def _index(records: list[Record]) -> dict[str, Record]:
    index: dict[str, Record] = {}
    for rec in records:
        raw = rec.data.get("id")
        if raw is None:
            raise DataError("record has no 'id'", rec.file, rec.line)
        if not isinstance(raw, str) or not SLUG.match(raw):
            raise DataError(f"malformed id {raw!r}: use lowercase ASCII letters, digits and single hyphens",
                            rec.file, rec.line)
        if raw in index:
            first = index[raw]
            raise rec.error(f"duplicate id, first defined at {first.file}:{first.line}")
        index[raw] = rec
    return index


class _Builder:
    def __init__(self, onto: Ontology, kinds: dict[str, Kind], index: dict[str, Record],
                 texts: dict[str, str | None]) -> None:
        self.onto, self.kinds, self.index, self.texts = onto, kinds, index, texts
        self.quads: list[ox.Quad] = []
        # the ids looked up in the index and the sources whose text was read (graph.incremental's dependencies)
        self.looked_up: set[str] = set()
        self.texts_read: set[str] = set()
        self.quotes_checked = 0
        self.quotes_unchecked = 0
        self._terms: dict[str, ox.NamedNode] = {}
        self._classes: dict[str, URIRef] = {}

    def term(self, iri: str) -> ox.NamedNode:
        """The pyoxigraph node of an IRI, made once."""
        node = self._terms.get(iri)
        if node is None:
            node = self._terms[iri] = ox.NamedNode(iri)
        return node

    def record_class(self, rec: Record) -> URIRef:
        """The class of a record (checked against its kind once, then remembered)."""
        if rec.id not in self._classes:
            self._classes[rec.id] = self._record_class(rec)
        return self._classes[rec.id]

    def _record_class(self, rec: Record) -> URIRef:
        base = VDG[rec.kind.cls]
        name = rec.data.get("type", rec.kind.cls)
        cls = self.onto.term(str(name))
        if cls is None:
            raise rec.error(f"unknown type {name!r}{_suggest(str(name), sorted(c.removeprefix(str(VDG)) for c in self.onto.classes))}")
        if not self.onto.is_a(cls, base):
            raise rec.error(f"type {name!r} is not a kind of {rec.kind.cls}, so it cannot be in {rec.file.name}")
        return cls

    def labels(self, rec: Record, subject: ox.NamedNode, graph: ox.NamedNode) -> None:
        label = rec.data.get("label")
        if not isinstance(label, dict):
            raise rec.error("'label' must map 'vi' and 'en' to text")
        for lang in LANGUAGES:
            text = label.get(lang)
            if not isinstance(text, str) or not text.strip():
                raise rec.error(f"label has no '{lang}' text")
            self.quads.append(ox.Quad(subject, _LABEL, ox.Literal(text.strip(), language=lang), graph))
        extra = sorted(set(label) - set(LANGUAGES) - {LINE})
        if extra:
            raise rec.error(f"label language {extra[0]!r} is not one of {', '.join(LANGUAGES)}")
        alt = rec.data.get("altLabel")
        if alt is None:
            return
        by_lang = alt if isinstance(alt, dict) else {"vi": alt}
        for lang, values in by_lang.items():
            if lang == LINE:
                continue
            if lang not in LANGUAGES:
                raise rec.error(f"altLabel language {lang!r} is not one of {', '.join(LANGUAGES)}")
            for text in values if isinstance(values, list) else [values]:
                if not isinstance(text, str) or not text.strip():
                    raise rec.error(f"altLabel {text!r} is not text")
                self.quads.append(ox.Quad(subject, _ALT, ox.Literal(text.strip(), language=lang), graph))

    def evidence(self, rec: Record, subject: ox.NamedNode) -> tuple[ox.NamedNode, list[str]]:
        if not rec.kind.evidence:
            for key in ("source", "quote", "recordCode"):
                if key in rec.data:
                    raise rec.error(f"'{key}' does not apply to a {rec.kind.name} record")
            return self.term(f"{GRAPH}{rec.id}"), []
        source = rec.data.get("source")
        if source is None:
            raise rec.error("no 'source': every fact needs the source that states it")
        self.looked_up.add(str(source))
        target = self.index.get(str(source))
        if target is None or target.kind.name != "source":
            known = sorted(i for i, r in self.index.items() if r.kind.name == "source")
            raise rec.error(f"unknown source {source!r}{_suggest(str(source), known)}")
        if self.onto.is_a(self.record_class(target), VDG.PackageDataset):
            return self.record_code(rec, subject, str(source)), []
        if "recordCode" in rec.data:
            raise rec.error(f"'recordCode' cites a record of a package dataset, and source {source} is not one: "
                            "give a 'quote'")
        quotes = rec.data.get("quote")
        quotes = quotes if isinstance(quotes, list) else [quotes]
        if not quotes or not all(isinstance(q, str) and q.strip() for q in quotes):
            raise rec.error("no 'quote': give a short exact quote of the source that states the fact")
        self.texts_read.add(str(source))
        text = self.texts.get(str(source))
        graph = self.term(f"{GRAPH}{source}")
        web = "url" in target.data
        for quote in quotes:
            if web:
                reason = source_texts.quote_too_long(quote)
                if reason:
                    raise rec.error(f"quote of web source {source} {reason}: {quote[:60]!r}...")
            if text is not None:
                if not source_texts.contains(text, quote):
                    raise rec.error(f"quote not found in source {source}: {quote!r}")
                self.quotes_checked += 1
            else:
                self.quotes_unchecked += web
            self.quads.append(ox.Quad(subject, _QUOTE, ox.Literal(quote), graph))
        self.quads.append(ox.Quad(subject, _DERIVED, self.term(f"{ID}source/{source}"), graph))
        return graph, quotes

    def record_code(self, rec: Record, subject: ox.NamedNode, source: str) -> ox.NamedNode:
        """The evidence of a fact from a structured source (a package dataset): the code of its
        record there in place of a quote (there is no text to check it against)."""
        if "quote" in rec.data:
            raise rec.error(f"source {source} is a package dataset: give the 'recordCode' of the record, not a 'quote'")
        code = rec.data.get("recordCode")
        if isinstance(code, bool) or not isinstance(code, (str, int)) or not str(code).strip():
            raise rec.error(f"no 'recordCode': a fact from package dataset {source} gives the code of its record there")
        graph = self.term(f"{GRAPH}{source}")
        self.quads.append(ox.Quad(subject, _CODE, ox.Literal(str(code).strip()), graph))
        self.quads.append(ox.Quad(subject, _DERIVED, self.term(f"{ID}source/{source}"), graph))
        return graph

    def span(self, rec: Record, prop: Property, value: Any, subject: ox.NamedNode, graph: ox.NamedNode) -> bool:
        """Write a span of months or days (2023-H1, 2023-01/2023-11) as the date property (its first)
        and its end property (its last), each with its precision; False when the value is no span."""
        try:
            ends = parse_span(value)
        except ValueError as exc:
            raise rec.error(f"{prop.name}: {value!r} is not a valid date: {exc}") from None
        if ends is None:
            return False
        end = next(p for p in self.onto.properties.values() if p.iri == prop.end)
        for target, date in ((prop, ends[0]), (end, ends[1])):
            self.quads.append(ox.Quad(subject, self.term(str(target.iri)), self.literal(rec, target, date), graph))
            if target.precision is not None:
                self.quads.append(ox.Quad(subject, self.term(str(target.precision)), _PRECISION[parse_date(date)[1]], graph))
        return True

    def literal(self, rec: Record, prop: Property, value: Any) -> ox.Literal:
        datatype = next(iter(prop.range), XSD.string)
        bad = rec.error(f"{prop.name}: {value!r} is not a valid {datatype.removeprefix(str(XSD))}")
        if datatype == XSD.string:
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                raise bad
            return ox.Literal(str(value))
        if datatype == XSD.integer:
            if not isinstance(value, int) or isinstance(value, bool):
                raise bad
            return ox.Literal(str(value), datatype=_XSD["integer"])
        if datatype == XSD.decimal:
            if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                raise bad
            if isinstance(value, int):
                return ox.Literal(str(value), datatype=_XSD["integer"])
            try:
                number = Decimal(str(value))
            except InvalidOperation:
                raise bad from None
            if not number.is_finite():
                raise bad
            return ox.Literal(f"{number:f}", datatype=_XSD["decimal"])  # never exponent notation
        if datatype == XSD.dateTime:
            try:
                lexical, _ = parse_date(value)
            except ValueError as exc:
                raise rec.error(f"{prop.name}: {value!r} is not a valid date: {exc}") from None
            return ox.Literal(lexical, datatype=_XSD["dateTime"])
        if datatype == XSD.boolean:
            if not isinstance(value, bool):
                raise bad
            return ox.Literal("true" if value else "false", datatype=_XSD["boolean"])
        if datatype == XSD.language:
            if not isinstance(value, str) or not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8})*", value):
                raise bad
            return ox.Literal(value, datatype=_XSD["language"])
        raise rec.error(f"{prop.name}: the builder does not know the datatype {datatype}")

    def reference(self, rec: Record, prop: Property, value: Any) -> ox.NamedNode:
        if not isinstance(value, str):
            raise rec.error(f"{prop.name}: expected the id of a record, got {value!r}")
        self.looked_up.add(value)
        target = self.index.get(value)
        if target is not None:
            cls = self.record_class(target)
            if prop.range and not any(self.onto.is_a(cls, r) for r in prop.range):
                allowed = " or ".join(sorted(r.removeprefix(str(VDG)) for r in prop.range))
                raise rec.error(f"{prop.name}: '{value}' is a {cls.removeprefix(str(VDG))}, expected {allowed}")
            return self.term(f"{ID}{target.kind.name}/{target.id}")
        vocabulary: dict[str, URIRef] = {}
        for r in prop.range:
            vocabulary.update(self.onto.vocabulary(r))
        if value in vocabulary:
            return self.term(str(vocabulary[value]))
        options = sorted(vocabulary) or sorted(self.index)
        if vocabulary:
            raise rec.error(f"{prop.name}: unknown value {value!r}; one of {', '.join(options)}")
        raise rec.error(f"{prop.name}: unknown id {value!r}{_suggest(value, options)}")

    def add(self, rec: Record) -> None:
        if CANDIDATE in rec.data:
            raise rec.error(f"unreviewed candidate: check it against its quote, then delete its '{CANDIDATE}' "
                            "block to accept it, or delete the record")
        cls = self.record_class(rec)
        subject = ox.NamedNode(f"{ID}{rec.kind.name}/{rec.id}")
        graph, quotes = self.evidence(rec, subject)
        self.quads.append(ox.Quad(subject, _TYPE, self.term(str(cls)), graph))
        # the aligned external classes, asserted so that a store without a reasoner finds them
        self.quads.extend(ox.Quad(subject, _TYPE, self.term(str(c)), graph)
                          for c in self.onto.external_superclasses(cls))
        self.labels(rec, subject, graph)
        if self.onto.is_a(cls, SKOS.Concept):  # a SKOS concept's preferred label is its label
            self.quads.extend(ox.Quad(subject, _PREF, ox.Literal(rec.data["label"][lang].strip(), language=lang), graph)
                              for lang in LANGUAGES)
        for name in rec.kind.required:
            if name not in rec.data:
                raise rec.error(f"missing required property '{name}'")
        for key in rec.data:
            if key in RESERVED:
                continue
            prop = self.onto.properties.get(key)
            if prop is not None and prop.iri in self.onto.precision_properties:
                raise rec.error(f"property '{key}' is written by the builder from the form of the date "
                                f"({_DATE_FORMS}); leave it out")
            if prop is None:
                raise rec.error(f"unknown property {key!r}{_suggest(key, sorted(self.onto.properties) + sorted(RESERVED - {LINE}))}")
            if prop.domain and not any(self.onto.is_a(cls, d) for d in prop.domain):
                allowed = " or ".join(sorted(d.removeprefix(str(VDG)) for d in prop.domain))
                raise rec.error(f"property '{key}' applies to {allowed}, not to a {cls.removeprefix(str(VDG))}")
            values = rec.data[key]
            if isinstance(values, list):
                if prop.functional and len(values) != 1:
                    raise rec.error(f"property '{key}' takes one value, got {len(values)}")
            else:
                values = [values]
            for value in values:
                if prop.end is not None and self.span(rec, prop, value, subject, graph):
                    continue
                obj = self.reference(rec, prop, value) if prop.is_object else self.literal(rec, prop, value)
                self.quads.append(ox.Quad(subject, self.term(str(prop.iri)), obj, graph))
                if prop.precision is not None:
                    precision = _PRECISION[parse_date(value)[1]]
                    self.quads.append(ox.Quad(subject, self.term(str(prop.precision)), precision, graph))
        check = CHECKS.get(rec.kind.name)
        reason = check(rec.data, quotes) if check else None
        if reason:
            raise rec.error(reason)


def source_text_path(rec: Record, sources_dir: Path | None) -> Path | None:
    """The file holding the text of a source record, or None when its quotes are not checked against a text
    (no sources folder, a package dataset, a web page without a snapshot); DataError when it is missing."""
    name = rec.data.get("fileName")
    # a package dataset has no text (its check refuses a fileName); its facts cite record codes
    if sources_dir is None or not isinstance(name, str) or rec.data.get("type") == PACKAGE_DATASET:
        return None
    path = sources_dir / name
    if not path.is_file() and "url" in rec.data:
        return None  # a web page's snapshot is optional: its quotes are not re-checked offline
    if not path.is_file():
        raise rec.error(f"source text {name} not found in {sources_dir}")
    return path


def read_source_text(rec: Record, path: Path) -> str:
    """The text of a source (see source_text_path); DataError when it is not UTF-8."""
    try:
        return source_texts.read_text(path)
    except UnicodeDecodeError:
        raise rec.error(f"source text {path} is not UTF-8") from None


def _texts(records: list[Record], sources_dir: Path | None) -> dict[str, str | None]:
    texts: dict[str, str | None] = {}
    for rec in records:
        if rec.kind.name != "source":
            continue
        path = source_text_path(rec, sources_dir)
        texts[rec.id] = None if path is None else read_source_text(rec, path)
    return texts


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: records and quads hold no cycles, and at a million
    triples its repeated full passes over them took a third of the build (measured: 62 s -> 40 s)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


no_cyclic_gc = _no_cyclic_gc  # graph.incremental reads and builds under it too


def build(data: Path | None = None, sources_dir: Path | None = None, *, check_quotes: bool = True,
          onto: Ontology | None = None) -> BuildResult:
    """Validate the curated data and build the dataset: the ontology in its own named graph,
    each source's assertions in that source's named graph.

    Raises DataError on the first bad file or record.
    """
    with _no_cyclic_gc():
        return _build(data, sources_dir, check_quotes, onto)


def _build(data: Path | None, sources_dir: Path | None, check_quotes: bool, onto: Ontology | None) -> BuildResult:
    onto = onto or load_ontology()
    kinds = load_kinds()
    data = data or data_dir()
    if not data.is_dir():
        raise DataError("data folder not found", data)
    if check_quotes and sources_dir is None:
        sources_dir = source_texts.default_sources_dir()
    records = _read(data, kinds)
    if not records:
        raise DataError("no records: the data folder holds no YAML record", data)
    index = _index(records)
    texts = _texts(records, sources_dir if check_quotes else None)
    builder = _Builder(onto, kinds, index, texts)
    builder.quads.extend(ontology_quads(onto))
    counts: dict[str, int] = {}
    for rec in records:
        builder.add(rec)
        counts[rec.kind.name] = counts.get(rec.kind.name, 0) + 1
    return BuildResult(Quads(builder.quads, prefixes(kinds)), len(records), builder.quotes_checked,
                       sources_dir if check_quotes else None, counts, builder.quotes_unchecked)


def index_records(records: list[Record]) -> dict[str, Record]:
    """The records by id; DataError on a missing, malformed or duplicate id (the first in reading order)."""
    return _index(records)


def ontology_quads(onto: Ontology) -> list[ox.Quad]:
    """The ontology as quads of its own named graph (blank nodes canonically labelled)."""
    return [ox_quad(s, p, o, ONTOLOGY_GRAPH) for s, p, o in to_canonical_graph(onto.graph)]


@dataclass
class Part:
    """The quads of one record, with what building them read from outside it: the ids looked up in the
    index and the sources whose text was read."""

    quads: list[ox.Quad]
    looked_up: set[str]
    texts_read: set[str]


def build_parts(onto: Ontology, kinds: dict[str, Kind], index: dict[str, Record], texts: Any,
                records: list[Record]) -> list[Part]:
    """Build and check each of `records` against the whole `index` (the records of every file) and the
    source `texts` (a mapping of source id to text or None, read through .get). Raises DataError."""
    builder = _Builder(onto, kinds, index, texts)
    parts = []
    with _no_cyclic_gc():
        for rec in records:
            builder.quads, builder.looked_up, builder.texts_read = [], set(), set()
            builder.add(rec)
            parts.append(Part(builder.quads, builder.looked_up, builder.texts_read))
    return parts


def prefixes(kinds: dict[str, Kind]) -> dict[str, str]:
    """The prefixes of the exported files: rdflib's core ones (rdf, rdfs, owl, xsd), the
    vocabularies the ontology aligns to, and one per kind of individual."""
    names = {p: str(n) for p, n in NamespaceManager(Graph(), bind_namespaces="core").namespaces() if p != "xml"}
    names.update(PREFIXES)
    names.update({kind: str(ID[f"{kind}/"]) for kind in kinds})
    return names
