"""The dataset description: VoID and DCAT (with DCAT-AP's mandatory properties) of the built graph.

Counted from the data: triples, entities, triples per named graph, class and property partitions,
the sources as provenance, the reference periods the figures cover, and each export's byte size.
Read from the package: the version and the licence (pyproject's SPDX id). Read from
graph/dataset.yaml: title and description in Vietnamese and English. Dates: `dct:modified` and
`dct:issued` are the latest publication date a source record gives (`vdg:published`) and are left
out when no source gives one; nothing comes from the clock, so the description is deterministic.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import yaml

from graph.entity import as_stated, date_properties
from graph.formats import FORMATS, MEDIA_TYPES
from graph.quads import Quads
from graph.terms import value
from ontology.namespaces import (CATALOG, DATASET, DUMP, EU_LANGUAGES, IANA_MEDIA_TYPES, ID_IRI, PREFIXES, RDF_IRI,
                                 RDFS_IRI, SPDX_LICENSES, VDG_IRI, XSD_IRI, shorten)

VOID, DCAT, DCT, FOAF, PROV, SD, OWL = (PREFIXES[name] for name in ("void", "dcat", "dcterms", "foaf", "prov", "sd",
                                                                     "owl"))
IANA, SPDX, EU_LANG = IANA_MEDIA_TYPES, SPDX_LICENSES, EU_LANGUAGES
FORMAT_NAMES = {"ttl": "Turtle", "trig": "TriG", "nt": "N-Triples", "nq": "N-Quads", "jsonld": "JSON-LD",
                "xml": "RDF/XML"}
DESCRIPTION_PREFIXES = {"void": VOID, "dcat": DCAT, "dcterms": DCT, "foaf": FOAF, "prov": PROV, "sd": SD,
                        "xsd": XSD_IRI, "rdfs": RDFS_IRI, "owl": OWL, "vdg": VDG_IRI, "graph": PREFIXES["graph"]}
HERE = Path(__file__).resolve().parent


@dataclass
class Distribution:
    """One export file of the dataset."""

    fmt: str
    file: str
    media_type: str
    size: int

    @property
    def url(self) -> str:
        return DUMP + self.file


@dataclass
class Description:
    """What the description states, as plain values (the HTML page and the RDF are both made from it)."""

    title: dict[str, str]
    description: dict[str, str]
    languages: list[str]
    version: str | None
    licence: str | None
    publisher: str | None
    modified: str | None
    temporal: tuple[str, str] | None
    triples: int
    entities: int
    distributions: list[Distribution]
    graphs: dict[str, int]
    classes: dict[str, int]
    properties: dict[str, int]
    sources: dict[str, dict[str, str]]
    endpoint: str | None = None
    vocabularies: list[str] = field(default_factory=list)


def _package() -> tuple[str | None, str | None]:
    """The installed package's version and SPDX licence id (None when not installed)."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        meta = metadata("vdg")
    except PackageNotFoundError:
        return None, None
    licence = (meta.get_all("License-Expression") or meta.get_all("License") or [None])[0]
    return meta["Version"], (licence.strip() if licence and re.fullmatch(r"[A-Za-z0-9.+-]+", licence.strip()) else None)


def _publisher(licence_file: Path = HERE.parent / "LICENSE") -> str | None:
    """The copyright holder named in the project's LICENSE ('Copyright (c) YEAR NAME'), None without one."""
    try:
        text = licence_file.read_text(encoding="utf-8")
    except OSError:
        return None
    found = re.search(r"^Copyright \(c\) [0-9, -]+ (.+)$", text, re.MULTILINE)
    return found.group(1).strip() if found else None


def describe(quads: Quads, dumps: dict[str, bytes], endpoint: str | None = None) -> Description:
    """The description of the dataset `quads`, whose exports (format name -> bytes) are `dumps`."""
    settings = yaml.safe_load((HERE / "dataset.yaml").read_text(encoding="utf-8"))
    triples = quads.triples()
    rdf_type, label, published = RDF_IRI + "type", RDFS_IRI + "label", VDG_IRI + "published"
    classes: Counter[str] = Counter()
    typed: set[tuple[str, str]] = set()
    properties: Counter[str] = Counter()
    sources: dict[str, dict[str, str]] = {}
    dates: list[str] = []
    modified: list[str] = []
    source_class = VDG_IRI + "SourceDocument"
    source_iris = {value(t.subject) for t in triples if t.predicate.value == rdf_type and value(t.object) == source_class}
    dated = date_properties(quads.items)
    given = {(value(t.subject), t.predicate.value): value(t.object) for t in triples
             if t.predicate.value in set(dated.values())}
    for t in triples:
        p = t.predicate.value
        properties[p] += 1
        s = value(t.subject)
        if p == rdf_type and isinstance(t.object, ox.NamedNode) and (s, t.object.value) not in typed:
            typed.add((s, t.object.value))
            classes[t.object.value] += 1
        elif p in dated and isinstance(t.object, ox.Literal):  # each date as the source gives it
            dates.append(as_stated(t.object.value, given.get((s, dated[p]))))
        if s in source_iris:
            if p == label and isinstance(t.object, ox.Literal) and t.object.language:
                sources.setdefault(s, {})[t.object.language] = t.object.value
            elif p == published and isinstance(t.object, ox.Literal):
                modified.append(as_stated(t.object.value, given.get((s, dated.get(p, "")))))
    for s in source_iris:
        sources.setdefault(s, {})
    version, licence = _package()
    dists = [Distribution(fmt, f"vdg{FORMATS[fmt][0]}", MEDIA_TYPES[fmt], len(dumps[fmt]))
             for fmt in FORMATS if fmt in dumps]
    years = sorted(dates, key=lambda d: (d + "-01-01")[:10])  # "2018" sorts with the first day of 2018
    return Description(
        title=dict(settings["title"]), description=dict(settings["description"]), languages=list(settings["languages"]),
        version=version, licence=licence, publisher=_publisher(), modified=max(modified) if modified else None,
        temporal=(years[0], years[-1]) if years else None,
        triples=len(triples), entities=len({value(t.subject) for t in triples if value(t.subject).startswith(ID_IRI)}),
        distributions=dists,
        graphs={name: len(ts) for name, ts in quads.graphs().items()},
        classes=dict(sorted(classes.items())), properties=dict(sorted(properties.items())),
        sources=dict(sorted(sources.items())), endpoint=endpoint,
        vocabularies=sorted({PREFIXES[p] for p in ("vdg", "org", "foaf", "schema", "prov", "eli", "qb", "skos", "dcterms")}))


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _int(n: int, datatype: str = "integer") -> ox.Literal:
    return ox.Literal(str(n), datatype=_n(XSD_IRI + datatype))


def _date(text: str) -> ox.Literal:
    """A date as stated ('2018', '2018-07', '2018-07-18') with the XSD type of that precision."""
    kind = {4: "gYear", 7: "gYearMonth"}.get(len(text), "date")
    return ox.Literal(text, datatype=_n(XSD_IRI + kind))


def _fragment(iri: str) -> str:
    """A fragment name for a class or property IRI: its prefixed name with ':' as '-'."""
    short = shorten(iri)
    return short.replace(":", "-", 1) if short != iri else re.sub(r"[^A-Za-z0-9]+", "-", iri).strip("-")


def triples(d: Description) -> list[ox.Triple]:
    """The description as RDF (VoID + DCAT + DCAT-AP), sorted."""
    out: list[ox.Triple] = []
    ds, cat = _n(DATASET), _n(CATALOG)

    def add(s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> None:
        out.append(ox.Triple(s, _n(p), o))

    a = RDF_IRI + "type"
    add(cat, a, _n(DCAT + "Catalog"))
    add(cat, DCAT + "dataset", ds)
    for s in (cat, ds):
        for lang, text in d.title.items():
            add(s, DCT + "title", ox.Literal(text, language=lang))
        for lang, text in d.description.items():
            add(s, DCT + "description", ox.Literal(text, language=lang))
    add(ds, a, _n(DCAT + "Dataset"))
    add(ds, a, _n(VOID + "Dataset"))
    for code in d.languages:
        add(ds, DCT + "language", _n(EU_LANG + code))
    if d.licence:
        add(ds, DCT + "license", _n(SPDX + d.licence))
        add(cat, DCT + "license", _n(SPDX + d.licence))
    if d.version:
        add(ds, OWL + "versionInfo", ox.Literal(d.version))
        add(ds, DCAT + "version", ox.Literal(d.version))
    if d.publisher:
        pub = _n(DATASET + "#publisher")
        add(pub, a, _n(FOAF + "Agent"))
        add(pub, FOAF + "name", ox.Literal(d.publisher))
        add(ds, DCT + "publisher", pub)
        add(cat, DCT + "publisher", pub)
    if d.modified:
        for p in ("issued", "modified"):
            add(ds, DCT + p, _date(d.modified))
    if d.temporal:
        period = _n(DATASET + "#temporal")
        add(period, a, _n(DCT + "PeriodOfTime"))
        for p, text in zip(("startDate", "endDate"), d.temporal):
            add(period, DCAT + p, _date(text))
        add(ds, DCT + "temporal", period)
    add(ds, VOID + "triples", _int(d.triples))
    add(ds, VOID + "entities", _int(d.entities))
    add(ds, VOID + "classes", _int(len(d.classes)))
    add(ds, VOID + "properties", _int(len(d.properties)))
    add(ds, VOID + "uriSpace", ox.Literal(ID_IRI))
    for vocabulary in d.vocabularies:
        add(ds, VOID + "vocabulary", _n(vocabulary))
    for source, labels in d.sources.items():
        add(ds, PROV + "wasDerivedFrom", _n(source))
        add(ds, DCT + "source", _n(source))
        add(_n(source), a, _n(PROV + "Entity"))
        for lang, text in sorted(labels.items()):
            add(_n(source), DCT + "title", ox.Literal(text, language=lang))
    for dist in d.distributions:
        node, url = _n(f"{DATASET}#distribution-{dist.fmt}"), _n(dist.url)
        add(ds, DCAT + "distribution", node)
        add(ds, VOID + "dataDump", url)
        add(node, a, _n(DCAT + "Distribution"))
        add(node, DCT + "title", ox.Literal(f"{FORMAT_NAMES[dist.fmt]} ({dist.file})", language="en"))
        add(node, DCT + "title", ox.Literal(f"{FORMAT_NAMES[dist.fmt]} ({dist.file})", language="vi"))
        add(node, DCAT + "accessURL", url)
        add(node, DCAT + "downloadURL", url)
        add(node, DCAT + "mediaType", _n(IANA + dist.media_type))
        add(node, DCAT + "byteSize", _int(dist.size, "nonNegativeInteger"))
        if d.licence:
            add(node, DCT + "license", _n(SPDX + d.licence))
    if d.endpoint:
        service = _n(DATASET + "#sparql")
        add(ds, VOID + "sparqlEndpoint", _n(d.endpoint))
        add(service, a, _n(DCAT + "DataService"))
        add(service, DCAT + "endpointURL", _n(d.endpoint))
        add(service, DCAT + "servesDataset", ds)
        add(service, DCT + "title", ox.Literal("SPARQL 1.1 endpoint", language="en"))
        add(service, DCT + "title", ox.Literal("Điểm truy vấn SPARQL 1.1", language="vi"))
    for name, count in d.graphs.items():
        g = _n(name)
        add(ds, VOID + "subset", g)
        add(g, a, _n(VOID + "Dataset"))
        add(g, a, _n(SD + "NamedGraph"))
        add(g, SD + "name", g)
        add(g, VOID + "triples", _int(count))
    for cls, count in d.classes.items():
        node = _n(f"{DATASET}#class-{_fragment(cls)}")
        add(ds, VOID + "classPartition", node)
        add(node, VOID + "class", _n(cls))
        add(node, VOID + "entities", _int(count))
    for prop, count in d.properties.items():
        node = _n(f"{DATASET}#property-{_fragment(prop)}")
        add(ds, VOID + "propertyPartition", node)
        add(node, VOID + "property", _n(prop))
        add(node, VOID + "triples", _int(count))
    return sorted(set(out), key=str)


def serialize_description(d: Description, fmt: str = "ttl") -> bytes:
    """The description in Turtle (or N-Triples, JSON-LD), deterministic."""
    formats = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
    rdf_format = formats[fmt]
    data = ox.serialize(triples(d), format=rdf_format,
                        prefixes=None if rdf_format == ox.RdfFormat.N_TRIPLES else DESCRIPTION_PREFIXES)
    assert data is not None
    return data
