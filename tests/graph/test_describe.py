"""The dataset description (VoID + DCAT): checked by our own SHACL shapes, counted from the data,
deterministic, facts only from the data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, XSD

from graph.build import build
from graph.describe import DATASET, describe, serialize_description
from graph.export import serialize
from graph.formats import FORMATS, MEDIA_TYPES
from graph.stats import graph_counts
from tests.conftest import run_vdg

VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
SHAPES = Path(__file__).with_name("dataset_shapes.ttl")
DS = URIRef(DATASET)


@pytest.fixture(scope="module")
def dumps(built: Any) -> dict[str, bytes]:
    return {fmt: serialize(built.quads, fmt) for fmt in FORMATS}


@pytest.fixture(scope="module")
def description(built: Any, dumps: dict[str, bytes]) -> Graph:
    return Graph().parse(data=serialize_description(describe(built.quads, dumps)), format="turtle")


def _conforms(g: Graph) -> tuple[bool, str]:
    ok, _, text = validate(g, shacl_graph=Graph().parse(SHAPES), inference="none")
    return ok, text


def test_description_meets_the_shapes(description: Graph) -> None:
    ok, text = _conforms(description)
    assert ok, text


def test_shapes_catch_a_missing_vietnamese_title_and_byte_size(description: Graph) -> None:
    broken = Graph()
    for t in description:
        broken.add(t)
    broken.remove((DS, DCTERMS.title, Literal(next(str(o) for o in description.objects(DS, DCTERMS.title)
                                                     if o.language == "vi"), lang="vi")))
    dist = next(description.objects(DS, DCAT.distribution))
    broken.remove((dist, DCAT.byteSize, None))
    ok, text = _conforms(broken)
    assert not ok
    assert "byteSize" in text and "title" in text


def test_distributions_state_each_export_with_media_type_and_size(description: Graph, dumps: dict[str, bytes]) -> None:
    found = {}
    for dist in description.objects(DS, DCAT.distribution):
        url = str(description.value(dist, DCAT.downloadURL))
        found[url.rsplit("/", 1)[-1]] = (str(description.value(dist, DCAT.mediaType)).rsplit("media-types/", 1)[-1],
                                         int(description.value(dist, DCAT.byteSize)))
    assert found == {f"vdg{FORMATS[f][0]}": (MEDIA_TYPES[f], len(dumps[f])) for f in FORMATS}


def test_counts_come_from_the_graph(description: Graph, built: Any) -> None:
    assert int(description.value(DS, VOID.triples)) == len(built.quads.triples())
    per_graph = {str(g).rsplit("/", 1)[-1]: int(description.value(g, VOID.triples))
                 for g in description.objects(DS, VOID.subset)}
    assert per_graph == {name: info["triples"] for name, info in graph_counts(built.quads).items()}
    union = built.quads.union()
    for part in description.objects(DS, VOID.classPartition):
        cls = description.value(part, VOID["class"])
        assert int(description.value(part, VOID.entities)) == len(set(union.subjects(RDF.type, cls)))
    props = {description.value(p, VOID.property): int(description.value(p, VOID.triples))
             for p in description.objects(DS, VOID.propertyPartition)}
    assert sum(props.values()) == len(union)
    sources = {str(s) for s in union.subjects(RDF.type, URIRef("https://w3id.org/vdg/ontology#SourceDocument"))}
    assert {str(s) for s in description.objects(DS, DCTERMS.source)} == sources


def test_no_date_no_endpoint_unless_the_data_or_the_user_gives_one(description: Graph, built: Any,
                                                                   dumps: dict[str, bytes]) -> None:
    # modified is the latest publication date a source record gives (nothing from the clock)
    published = sorted(str(o)[:10] for o in built.quads.union().objects(None, URIRef(
        "https://w3id.org/vdg/ontology#published")))
    modified = description.value(DS, DCTERMS.modified)
    assert (str(modified) if modified is not None else None) == (published[-1] if published else None)
    assert description.value(DS, VOID.sparqlEndpoint) is None
    with_endpoint = Graph().parse(data=serialize_description(describe(built.quads, dumps, "http://example.org/sparql")),
                                  format="turtle")
    assert str(with_endpoint.value(DS, VOID.sparqlEndpoint)) == "http://example.org/sparql"
    assert _conforms(with_endpoint)[0]


def test_modified_is_the_latest_source_publication_date(mini: tuple[Path, Path]) -> None:
    data, sources = mini
    text = (data / "sources.yaml").read_text(encoding="utf-8")
    (data / "sources.yaml").write_text(text.replace("  language: vi", "  language: vi\n  published: 2024-03-12", 1),
                                       encoding="utf-8")
    quads = build(data, sources).quads
    g = Graph().parse(data=serialize_description(describe(quads, {})), format="turtle")
    assert g.value(DS, DCTERMS.modified) == Literal("2024-03-12", datatype=XSD.date)


def test_deterministic_across_hash_seeds(tmp_path: Path) -> None:
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"void-{seed}.ttl"
        done = run_vdg("export", "-f", "void", "--no-quote-check", "-o", str(out), env={"PYTHONHASHSEED": seed})
        assert done.returncode == 0, done.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert b"void:triples" in outs[0]
