"""The graph seen one entity at a time: an index of the built quads by subject and by object, and the
RDF of one entity (its own statements and the statements that point at it) in Turtle, N-Triples or
JSON-LD. What `vdg site` writes beside each page and what the resolver answers for `/id/<kind>/<slug>`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cached_property

import pyoxigraph as ox

from graph.quads import Quads
from graph.terms import value
from ontology.namespaces import ID_IRI, VDG_IRI

PRECISION_PROPERTY = VDG_IRI + "precisionProperty"
#: how many characters of an xsd:dateTime's lexical form each precision states ("2018", "2018-07", "2018-07-18")
STATED_LENGTH = {VDG_IRI + "YearPrecision": 4, VDG_IRI + "MonthPrecision": 7, VDG_IRI + "DayPrecision": 10}

#: entity RDF formats: name -> (pyoxigraph format, media type, file suffix)
ENTITY_FORMATS: dict[str, tuple[ox.RdfFormat, str, str]] = {
    "ttl": (ox.RdfFormat.TURTLE, "text/turtle", ".ttl"),
    "nt": (ox.RdfFormat.N_TRIPLES, "application/n-triples", ".nt"),
    "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json", ".jsonld"),
}


def date_properties(quads: Iterable[ox.Quad]) -> dict[str, str]:
    """Each date property and the property that gives its precision, as the ontology's graph states them."""
    return {value(q.subject): value(q.object) for q in quads if q.predicate.value == PRECISION_PROPERTY}


def as_stated(lexical: str, precision: str | None) -> str:
    """A date as the source gave it: the year, month or day of its xsd:dateTime (the whole day without a precision)."""
    return lexical[: STATED_LENGTH.get(precision or "", 10)]


class EntityIndex:
    """The quads of a built dataset by subject IRI and by object IRI (each list in the quads' sorted order)."""

    def __init__(self, quads: Quads) -> None:
        self.prefixes = quads.prefixes
        self.out: dict[str, list[ox.Quad]] = defaultdict(list)
        self.inc: dict[str, list[ox.Quad]] = defaultdict(list)
        for q in quads.items:
            self.out[value(q.subject)].append(q)
            if isinstance(q.object, ox.NamedNode):
                self.inc[q.object.value].append(q)

    @cached_property
    def date_properties(self) -> dict[str, str]:
        """Date property -> its precision property (see date_properties)."""
        return date_properties(q for quads in self.out.values() for q in quads)

    def dates(self, iri: str) -> list[tuple[str, str]]:
        """The node's dates as (property IRI, date as the source gave it: '2018', '2018-07' or '2018-07-18')."""
        props = self.date_properties
        own = self.outgoing(iri)
        given = {q.predicate.value: value(q.object) for q in own}
        return [(q.predicate.value, as_stated(value(q.object), given.get(props[q.predicate.value])))
                for q in own if q.predicate.value in props]

    def entities(self) -> list[str]:
        """Every individual of the data (an IRI under https://w3id.org/vdg/id/ that is a subject), sorted."""
        return sorted(s for s in self.out if s.startswith(ID_IRI))

    def outgoing(self, iri: str) -> list[ox.Quad]:
        """The quads whose subject is iri."""
        return self.out.get(iri, [])

    def incoming(self, iri: str) -> list[ox.Quad]:
        """The quads whose object is iri."""
        return self.inc.get(iri, [])

    def triples(self, iri: str) -> list[ox.Triple]:
        """The entity's description: its own statements, then those that point at it, each triple once."""
        return list(dict.fromkeys(q.triple for q in [*self.outgoing(iri), *self.incoming(iri)]))

    def rdf(self, iri: str, fmt: str) -> bytes | None:
        """The entity's description in one of ENTITY_FORMATS, or None when the graph does not know iri."""
        if iri not in self.out:
            return None
        rdf_format = ENTITY_FORMATS[fmt][0]
        prefixes = None if rdf_format == ox.RdfFormat.N_TRIPLES else self.prefixes
        data = ox.serialize(self.triples(iri), format=rdf_format, prefixes=prefixes)
        assert data is not None
        return data


def entity_iri(kind: str, slug: str) -> str:
    """The IRI of an individual from its kind and slug."""
    return f"{ID_IRI}{kind}/{slug}"
