"""Read-only view of the ontology that the builder uses to check data against it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from ontology.namespaces import VDG


def ontology_path() -> Path:
    """Path of the packaged ontology Turtle file."""
    return Path(str(resources.files("ontology").joinpath("vdg.ttl")))


@dataclass(frozen=True)
class Property:
    """One vdg property as the builder needs it."""

    iri: URIRef
    is_object: bool
    domain: frozenset[URIRef]
    range: frozenset[URIRef]
    functional: bool
    precision: URIRef | None = None  # the property that gives the precision of a date property's values
    end: URIRef | None = None  # the property that holds the last month or day of a span (2023-H1)

    @property
    def name(self) -> str:
        """Local name, which is also the YAML field name."""
        return self.iri.removeprefix(str(VDG))


@dataclass
class Ontology:
    """The ontology graph with lookups of classes, properties and vocabulary individuals."""

    graph: Graph
    _supers: dict[URIRef, frozenset[URIRef]] = field(default_factory=dict, repr=False)
    _vocabularies: dict[URIRef, dict[str, URIRef]] = field(default_factory=dict, repr=False)

    def _union(self, node: Node) -> frozenset[URIRef]:
        members = self.graph.value(node, OWL.unionOf)
        if members is not None:
            return frozenset(m for m in Collection(self.graph, members) if isinstance(m, URIRef))
        return frozenset([node]) if isinstance(node, URIRef) else frozenset()

    @cached_property
    def classes(self) -> frozenset[URIRef]:
        """Every vdg class."""
        return frozenset(
            c for c in self.graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef) and c.startswith(VDG)
        )

    @cached_property
    def properties(self) -> dict[str, Property]:
        """vdg object and datatype properties by local name."""
        found: dict[str, Property] = {}
        for kind, is_object in ((OWL.ObjectProperty, True), (OWL.DatatypeProperty, False)):
            for p in self.graph.subjects(RDF.type, kind):
                if not (isinstance(p, URIRef) and p.startswith(VDG)):
                    continue
                domain = frozenset().union(*(self._union(d) for d in self.graph.objects(p, RDFS.domain)))
                rng = frozenset().union(*(self._union(r) for r in self.graph.objects(p, RDFS.range)))
                functional = (p, RDF.type, OWL.FunctionalProperty) in self.graph
                precision = self.graph.value(p, VDG.precisionProperty)
                end = self.graph.value(p, VDG.endProperty)
                prop = Property(p, is_object, domain, rng, functional,
                                precision if isinstance(precision, URIRef) else None,
                                end if isinstance(end, URIRef) else None)
                found[prop.name] = prop
        return found

    @cached_property
    def precision_properties(self) -> frozenset[URIRef]:
        """The properties that give the precision of a date property (written by the builder, not by hand)."""
        return frozenset(p.precision for p in self.properties.values() if p.precision is not None)

    def external_superclasses(self, cls: URIRef) -> tuple[URIRef, ...]:
        """The classes of other vocabularies that cls is aligned to through its rdfs:subClassOf
        axioms (directly or through a vdg superclass), sorted: what a consumer without a reasoner
        needs asserted to find the individuals as org:Organization, foaf:Person and so on."""
        return tuple(sorted(c for c in self.superclasses(cls) if not c.startswith(VDG) and c != OWL.Thing))

    def superclasses(self, cls: URIRef) -> frozenset[URIRef]:
        """The class and all its named superclasses (owl:Thing included)."""
        if cls not in self._supers:
            seen = {cls, OWL.Thing}
            todo = [cls]
            while todo:
                for sup in self.graph.objects(todo.pop(), RDFS.subClassOf):
                    if isinstance(sup, URIRef) and sup not in seen:
                        seen.add(sup)
                        todo.append(sup)
            self._supers[cls] = frozenset(seen)
        return self._supers[cls]

    def is_a(self, cls: URIRef, target: URIRef) -> bool:
        """True when cls equals target or is one of its subclasses."""
        return target in self.superclasses(cls)

    def vocabulary(self, cls: URIRef) -> dict[str, URIRef]:
        """Named individuals of a controlled-vocabulary class, by local name."""
        if cls not in self._vocabularies:
            self._vocabularies[cls] = {
                str(i).removeprefix(str(VDG)): i
                for i in self.graph.subjects(RDF.type, cls)
                if isinstance(i, URIRef) and i.startswith(VDG)
            }
        return dict(self._vocabularies[cls])

    def individual_class(self, iri: URIRef) -> URIRef | None:
        """The vdg class of an ontology individual, if it has one."""
        for c in self.graph.objects(iri, RDF.type):
            if c in self.classes:
                return c  # type: ignore[return-value]
        return None

    def term(self, name: str) -> URIRef | None:
        """The vdg class with that local name, or None."""
        iri = VDG[name]
        return iri if iri in self.classes else None


def load_ontology(path: Path | None = None) -> Ontology:
    """Parse the ontology Turtle (the packaged one by default)."""
    graph = Graph()
    graph.parse(path or ontology_path(), format="turtle")
    return Ontology(graph)
