"""Build the RDF dataset from the ontology and the curated YAML, checking every record."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import PROV, SKOS, NamespaceManager

from graph import sources as source_texts
from graph.checks import CHECKS
from graph.errors import DataError
from graph.loader import LINE, Kind, data_dir, load_kinds, load_mixed, load_records
from ontology import GRAPH, ID, VDG, Ontology, load_ontology
from ontology.model import Property

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RESERVED = {"id", "type", "label", "altLabel", "source", "quote", LINE}
# The block `vdg ingest` puts on every proposed record; the builder refuses a record that still has it.
CANDIDATE = "candidate"
LANGUAGES = ("vi", "en")
ONTOLOGY_GRAPH = GRAPH["ontology"]
PREFIXES = {
    "vdg": "https://w3id.org/vdg/ontology#",
    "graph": str(GRAPH),
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "https://schema.org/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "qb": "http://purl.org/linked-data/cube#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": str(PROV),
    "skos": str(SKOS),
}


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


@dataclass
class BuildResult:
    """The built dataset and what the build checked."""

    dataset: Dataset
    records: int
    quotes_checked: int
    sources_dir: Path | None
    counts: dict[str, int] = field(default_factory=dict)


def iri(kind: str, slug: str) -> URIRef:
    """IRI of an individual of a kind."""
    return ID[f"{kind}/{slug}"]


def _suggest(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=3)
    return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""


def _read(data: Path, kinds: dict[str, Kind]) -> list[Record]:
    by_file = {k.file: k for k in kinds.values()}
    records: list[Record] = []
    for kind in kinds.values():
        path = data / kind.file
        if path.exists():
            records.extend(Record(kind, r, path) for r in load_records(path))
    for path in sorted(data.glob("*.y*ml")):
        if path.name not in by_file:  # a file of several kinds, such as a reviewed `vdg ingest` file
            records.extend(Record(kind, r, path) for kind, r in load_mixed(path, kinds))
    return records


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
        self.dataset = Dataset(default_union=True)
        self.dataset.namespace_manager = NamespaceManager(self.dataset, bind_namespaces="core")
        self.quotes_checked = 0

    def record_class(self, rec: Record) -> URIRef:
        base = VDG[rec.kind.cls]
        name = rec.data.get("type", rec.kind.cls)
        cls = self.onto.term(str(name))
        if cls is None:
            raise rec.error(f"unknown type {name!r}{_suggest(str(name), sorted(c.removeprefix(str(VDG)) for c in self.onto.classes))}")
        if not self.onto.is_a(cls, base):
            raise rec.error(f"type {name!r} is not a kind of {rec.kind.cls}, so it cannot be in {rec.file.name}")
        return cls

    def labels(self, rec: Record, subject: URIRef, graph: Graph) -> None:
        label = rec.data.get("label")
        if not isinstance(label, dict):
            raise rec.error("'label' must map 'vi' and 'en' to text")
        for lang in LANGUAGES:
            text = label.get(lang)
            if not isinstance(text, str) or not text.strip():
                raise rec.error(f"label has no '{lang}' text")
            graph.add((subject, RDFS.label, Literal(text.strip(), lang=lang)))
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
                graph.add((subject, SKOS.altLabel, Literal(text.strip(), lang=lang)))

    def evidence(self, rec: Record, subject: URIRef) -> tuple[Graph, list[str]]:
        if not rec.kind.evidence:
            for key in ("source", "quote"):
                if key in rec.data:
                    raise rec.error(f"'{key}' does not apply to a {rec.kind.name} record")
            return self.dataset.graph(GRAPH[rec.id]), []
        source = rec.data.get("source")
        if source is None:
            raise rec.error("no 'source': every fact needs the source that states it")
        target = self.index.get(str(source))
        if target is None or target.kind.name != "source":
            known = sorted(i for i, r in self.index.items() if r.kind.name == "source")
            raise rec.error(f"unknown source {source!r}{_suggest(str(source), known)}")
        quotes = rec.data.get("quote")
        quotes = quotes if isinstance(quotes, list) else [quotes]
        if not quotes or not all(isinstance(q, str) and q.strip() for q in quotes):
            raise rec.error("no 'quote': give a short exact quote of the source that states the fact")
        text = self.texts.get(str(source))
        graph = self.dataset.graph(GRAPH[str(source)])
        for quote in quotes:
            if text is not None:
                if not source_texts.contains(text, quote):
                    raise rec.error(f"quote not found in source {source}: {quote!r}")
                self.quotes_checked += 1
            graph.add((subject, VDG.quote, Literal(quote)))
        graph.add((subject, PROV.wasDerivedFrom, iri("source", str(source))))
        return graph, quotes

    def literal(self, rec: Record, prop: Property, value: Any) -> Literal:
        datatype = next(iter(prop.range), XSD.string)
        bad = rec.error(f"{prop.name}: {value!r} is not a valid {datatype.removeprefix(str(XSD))}")
        if datatype == XSD.string:
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                raise bad
            return Literal(str(value))
        if datatype == XSD.integer:
            if not isinstance(value, int) or isinstance(value, bool):
                raise bad
            return Literal(value, datatype=XSD.integer)
        if datatype == XSD.decimal:
            if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                raise bad
            if isinstance(value, int):
                return Literal(value, datatype=XSD.integer)
            try:
                number = Decimal(str(value))
            except InvalidOperation:
                raise bad from None
            if not number.is_finite():
                raise bad
            return Literal(number, datatype=XSD.decimal)
        if datatype == XSD.gYear:
            if isinstance(value, bool) or not re.fullmatch(r"\d{4}", str(value)):
                raise bad
            return Literal(str(value), datatype=XSD.gYear)
        if datatype == XSD.date:
            if isinstance(value, dt.datetime) or not isinstance(value, (dt.date, str)):
                raise bad
            try:
                day = value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
            except ValueError:
                raise bad from None
            return Literal(day.isoformat(), datatype=XSD.date)
        if datatype == XSD.boolean:
            if not isinstance(value, bool):
                raise bad
            return Literal(value)
        if datatype == XSD.language:
            if not isinstance(value, str) or not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8})*", value):
                raise bad
            return Literal(value, datatype=XSD.language)
        raise rec.error(f"{prop.name}: the builder does not know the datatype {datatype}")

    def reference(self, rec: Record, prop: Property, value: Any) -> URIRef:
        if not isinstance(value, str):
            raise rec.error(f"{prop.name}: expected the id of a record, got {value!r}")
        target = self.index.get(value)
        if target is not None:
            cls = self.record_class(target)
            if prop.range and not any(self.onto.is_a(cls, r) for r in prop.range):
                allowed = " or ".join(sorted(r.removeprefix(str(VDG)) for r in prop.range))
                raise rec.error(f"{prop.name}: '{value}' is a {cls.removeprefix(str(VDG))}, expected {allowed}")
            return iri(target.kind.name, target.id)
        vocabulary: dict[str, URIRef] = {}
        for r in prop.range:
            vocabulary.update(self.onto.vocabulary(r))
        if value in vocabulary:
            return vocabulary[value]
        options = sorted(vocabulary) or sorted(self.index)
        if vocabulary:
            raise rec.error(f"{prop.name}: unknown value {value!r}; one of {', '.join(options)}")
        raise rec.error(f"{prop.name}: unknown id {value!r}{_suggest(value, options)}")

    def add(self, rec: Record) -> None:
        if CANDIDATE in rec.data:
            raise rec.error(f"unreviewed candidate: check it against its quote, then delete its '{CANDIDATE}' "
                            "block to accept it, or delete the record")
        cls = self.record_class(rec)
        subject = iri(rec.kind.name, rec.id)
        graph, quotes = self.evidence(rec, subject)
        graph.add((subject, RDF.type, cls))
        self.labels(rec, subject, graph)
        for name in rec.kind.required:
            if name not in rec.data:
                raise rec.error(f"missing required property '{name}'")
        for key in rec.data:
            if key in RESERVED:
                continue
            prop = self.onto.properties.get(key)
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
                obj = self.reference(rec, prop, value) if prop.is_object else self.literal(rec, prop, value)
                graph.add((subject, prop.iri, obj))
        check = CHECKS.get(rec.kind.name)
        reason = check(rec.data, quotes) if check else None
        if reason:
            raise rec.error(reason)


def _texts(records: list[Record], sources_dir: Path | None) -> dict[str, str | None]:
    texts: dict[str, str | None] = {}
    for rec in records:
        if rec.kind.name != "source":
            continue
        name = rec.data.get("fileName")
        if sources_dir is None or not isinstance(name, str):
            texts[rec.id] = None
            continue
        path = sources_dir / name
        if not path.is_file():
            raise rec.error(f"source text {name} not found in {sources_dir}")
        try:
            texts[rec.id] = source_texts.read_text(path)
        except UnicodeDecodeError:
            raise rec.error(f"source text {path} is not UTF-8") from None
    return texts


def build(data: Path | None = None, sources_dir: Path | None = None, *, check_quotes: bool = True,
          onto: Ontology | None = None) -> BuildResult:
    """Validate the curated data and build the dataset: the ontology in its own named graph,
    each source's assertions in that source's named graph.

    Raises DataError on the first bad file or record.
    """
    onto = onto or load_ontology()
    kinds = load_kinds()
    data = data or data_dir()
    if not data.is_dir():
        raise DataError("data folder not found", data)
    if check_quotes and sources_dir is None:
        sources_dir = source_texts.default_sources_dir()
    records = _read(data, kinds)
    index = _index(records)
    texts = _texts(records, sources_dir if check_quotes else None)
    builder = _Builder(onto, kinds, index, texts)
    for prefix, namespace in PREFIXES.items():
        builder.dataset.bind(prefix, namespace)
    for kind in kinds:
        builder.dataset.bind(kind, ID[f"{kind}/"])
    ontology_graph = builder.dataset.graph(ONTOLOGY_GRAPH)
    for triple in to_canonical_graph(onto.graph):
        ontology_graph.add(triple)
    counts: dict[str, int] = {}
    for rec in records:
        builder.add(rec)
        counts[rec.kind.name] = counts.get(rec.kind.name, 0) + 1
    return BuildResult(builder.dataset, len(records), builder.quotes_checked,
                       sources_dir if check_quotes else None, counts)
