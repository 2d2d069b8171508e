"""The ontology: documented terms, OWL 2 DL shape, consistency and useful inferences under HermiT."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

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
    # Data Cube is not aligned on purpose: a qb:Observation belongs to a qb:DataSet (see vdg:Observation)
    for vocabulary in ("http://www.w3.org/ns/org#", "http://xmlns.com/foaf/0.1/", "https://schema.org/",
                       "http://www.w3.org/ns/prov#", "http://data.europa.eu/eli/ontology#",
                       "http://purl.org/linked-data/sdmx/2009/measure#", "http://purl.org/dc/terms/",
                       "http://www.w3.org/2004/02/skos/core#"):
        assert any(s.startswith(vocabulary) for s in supers), vocabulary


ORG, SCHEMA, ELI = Namespace("http://www.w3.org/ns/org#"), Namespace("https://schema.org/"), Namespace("http://data.europa.eu/eli/ontology#")
QB, PROV = Namespace("http://purl.org/linked-data/cube#"), Namespace("http://www.w3.org/ns/prov#")


def _super_properties(graph: Graph, prop: URIRef) -> set[URIRef]:
    return set(graph.transitive_objects(prop, RDFS.subPropertyOf))


def test_alignments_hold_for_every_value(onto_graph: Graph) -> None:
    """No alignment says more than the data means under RDFS inference (issue 13, item 4)."""
    assert SCHEMA.startDate not in _super_properties(onto_graph, VDG.date)
    assert (ELI.version, None, None) not in onto_graph  # an object property in ELI: not redeclared
    assert (SKOS.exactMatch, RDF.type, OWL.AnnotationProperty) not in onto_graph
    assert (SKOS.exactMatch, RDF.type, OWL.ObjectProperty) in onto_graph  # what SKOS itself says
    # eli:passed_by (range eli:Agent) and prov:wasAttributedTo (range prov:Agent) only above
    # properties whose values are agencies or people, never a post such as the Prime Minister's
    for prop in set(onto_graph.subjects(RDF.type, OWL.ObjectProperty)):
        if not str(prop).startswith(str(VDG)):
            continue
        supers = _super_properties(onto_graph, prop)
        if supers & {ELI.passed_by, PROV.wasAttributedTo}:
            ranges = set(onto_graph.objects(prop, RDFS.range))
            members = {m for r in ranges for m in onto_graph.items(onto_graph.value(r, OWL.unionOf))} | ranges
            assert VDG.Post not in members, prop
    # typed only where the external class's own requirements are met
    classes = {VDG.PostHolding, VDG.Observation, VDG.Sector}
    for cls in classes:
        ancestors = set(onto_graph.transitive_objects(cls, RDFS.subClassOf))
        assert ORG.Membership not in ancestors and QB.Observation not in ancestors, cls
    assert VDG.Agency not in set(onto_graph.transitive_objects(VDG.Sector, RDFS.subClassOf))
    assert (VDG.Sector, RDFS.subClassOf, SKOS.Concept) in onto_graph


def test_only_owl2_datatypes_and_dates_carry_their_precision(onto_graph: Graph) -> None:
    for prop in onto_graph.subjects(RDF.type, OWL.DatatypeProperty):
        for rng in onto_graph.objects(prop, RDFS.range):
            assert rng not in (XSD.gYear, XSD.date, XSD.gYearMonth), prop
        if (prop, RDFS.range, XSD.dateTime) in onto_graph and str(prop).startswith(str(VDG)):
            precision = onto_graph.value(prop, VDG.precisionProperty)
            assert precision is not None, prop
            assert (precision, RDFS.range, VDG.DatePrecision) in onto_graph, prop
            assert (prop, RDF.type, OWL.FunctionalProperty) in onto_graph, prop


def test_skos_concepts_have_pref_labels(onto_graph: Graph) -> None:
    concepts = [c for c in onto_graph.subjects(RDFS.subClassOf, SKOS.Concept)]
    individuals = {i for c in concepts for i in onto_graph.subjects(RDF.type, c)}
    assert {VDG.Drafted, VDG.Completed, VDG.VND, VDG.About, VDG.YearPrecision} <= individuals
    for ind in individuals:
        assert {"vi", "en"} <= _langs(onto_graph, ind, SKOS.prefLabel), ind
    english = {str(label) for label in onto_graph.objects(VDG.Drafted, RDFS.label) if label.language == "en"}
    assert english == {"Being drafted"}  # as the Vietnamese "Đang xây dựng" says


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


FOAF = Namespace("http://xmlns.com/foaf/0.1/")


def test_a_store_without_a_reasoner_finds_the_aligned_types(built) -> None:  # type: ignore[no-untyped-def]
    """The Turtle export asserts the external classes each individual's class is aligned to (read
    from the ontology's subClassOf axioms), so plain SPARQL finds agencies and people."""
    import pyoxigraph as ox

    from graph.export import serialize

    store = ox.Store()
    store.load(serialize(built.quads, "ttl"), format=ox.RdfFormat.TURTLE)

    def members(cls: URIRef) -> set[str]:
        return {str(row["x"].value) for row in store.query(f"SELECT ?x WHERE {{ ?x a <{cls}> }}")}

    agencies = {x for x in members(VDG.Ministry) | members(VDG.GovernmentBody) | members(VDG.Committee)}
    assert f"{ID}agency/mic" in agencies
    for cls in (ORG.Organization, SCHEMA.Organization):
        assert agencies <= members(cls), cls
        assert not any(x.startswith(f"{ID}sector/") for x in members(cls)), cls  # sectors are not organisations
    people = {x for x in members(VDG.Person)}
    assert f"{ID}person/nguyen-manh-hung" in people
    assert people <= members(FOAF.Person) and people <= members(SCHEMA.Person)
    assert f"{ID}agency/mic" in members(SCHEMA.GovernmentOrganization)
    # and SKOS concepts carry skos:prefLabel in both languages
    for cls in (VDG.Sector, VDG.Indicator, VDG.Topic):
        for x in members(cls):
            langs = {row["l"].language for row in store.query(
                f"SELECT ?l WHERE {{ <{x}> <{SKOS.prefLabel}> ?l }}")}
            assert langs == {"vi", "en"}, x


def test_readme_owlready2_recipe(tmp_path: Path) -> None:
    """The README's way into owlready2 (which has no Turtle parser): `vdg export -f xml`, then load."""
    import owlready2

    from tests.conftest import run_vdg

    path = tmp_path / "vdg.owl"
    proc = run_vdg("export", "-f", "xml", "-o", str(path))
    assert proc.returncode == 0, proc.stderr.decode()
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load()
    assert world["https://w3id.org/vdg/ontology#Ministry"] is not None
    mic = world["https://w3id.org/vdg/id/agency/mic"]
    assert onto is not None and mic is not None
    assert {c.iri for c in mic.is_a} >= {"https://w3id.org/vdg/ontology#Ministry", "http://www.w3.org/ns/org#Organization"}
