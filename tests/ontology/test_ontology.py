"""The ontology: documented terms, OWL 2 DL shape, consistency and useful inferences under HermiT."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef

from graph.build import build
from ontology import ID, VDG, load_ontology
from ontology.reasoner import reason

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def onto_graph() -> Graph:
    return load_ontology().graph


def _vdg_terms(g: Graph, kind: URIRef) -> list[URIRef]:
    return sorted(t for t in g.subjects(RDF.type, kind) if isinstance(t, URIRef) and t.startswith(str(VDG)))


def _langs(g: Graph, term: URIRef, prop: URIRef) -> set[str | None]:
    return {o.language for o in g.objects(term, prop) if isinstance(o, Literal)}


def test_every_class_is_documented(onto_graph: Graph) -> None:
    classes = _vdg_terms(onto_graph, OWL.Class)
    assert len(classes) >= 30
    for cls in classes:
        assert {"vi", "en"} <= _langs(onto_graph, cls, RDFS.label), cls
        assert _langs(onto_graph, cls, RDFS.comment), cls


def test_every_property_is_documented_with_domain_and_range(onto_graph: Graph) -> None:
    props = _vdg_terms(onto_graph, OWL.ObjectProperty) + _vdg_terms(onto_graph, OWL.DatatypeProperty)
    assert len(props) >= 40
    for prop in props:
        assert {"vi", "en"} <= _langs(onto_graph, prop, RDFS.label), prop
        assert _langs(onto_graph, prop, RDFS.comment), prop
        assert (prop, RDFS.domain, None) in onto_graph, prop
        assert (prop, RDFS.range, None) in onto_graph, prop


def test_vocabulary_individuals_are_labelled(onto_graph: Graph) -> None:
    individuals = _vdg_terms(onto_graph, OWL.NamedIndividual)
    assert {VDG.Submitted, VDG.VND, VDG.About} <= set(individuals)
    for ind in individuals:
        assert {"vi", "en"} <= _langs(onto_graph, ind, RDFS.label), ind


def test_no_imports_and_aligned_to_standards(onto_graph: Graph) -> None:
    assert not list(onto_graph.objects(None, OWL.imports))
    supers = {str(o) for o in onto_graph.objects(None, RDFS.subClassOf | RDFS.subPropertyOf)}
    for vocabulary in ("http://www.w3.org/ns/org#", "http://xmlns.com/foaf/0.1/", "https://schema.org/",
                       "http://www.w3.org/ns/prov#", "http://data.europa.eu/eli/ontology#",
                       "http://purl.org/linked-data/cube#", "http://purl.org/dc/terms/",
                       "http://www.w3.org/2004/02/skos/core#"):
        assert any(s.startswith(vocabulary) for s in supers), vocabulary


def test_no_punning_between_object_and_datatype_properties(onto_graph: Graph) -> None:
    objects = set(onto_graph.subjects(RDF.type, OWL.ObjectProperty))
    datatypes = set(onto_graph.subjects(RDF.type, OWL.DatatypeProperty))
    annotations = set(onto_graph.subjects(RDF.type, OWL.AnnotationProperty))
    assert not objects & datatypes and not objects & annotations and not datatypes & annotations


@pytest.fixture(scope="module")
def mini_union() -> Graph:
    return build(FIXTURES / "data", FIXTURES / "sources").quads.union()


def test_hermit_infers_membership_through_a_post(mini_union: Graph) -> None:
    result = reason(mini_union)
    assert result.consistent
    person = ID["person/nguyen-van-a"]
    assert (person, VDG.memberOf, ID["agency/test-ministry"]) in result.inferred
    assert (person, VDG.holdsPost, ID["post/test-minister"]) in result.inferred
    assert (person, RDF.type, VDG.Official) in result.inferred


def test_hermit_detects_an_inconsistency(mini_union: Graph) -> None:
    broken = Graph()
    for triple in mini_union:
        broken.add(triple)
    broken.add((ID["agency/test-ministry"], RDF.type, VDG.Person))  # Agency and Person are disjoint
    assert not reason(broken).consistent
