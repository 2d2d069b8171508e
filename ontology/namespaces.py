"""IRI bases of the VDG vocabulary, its individuals and its named graphs."""

from rdflib import Namespace, URIRef

VDG = Namespace("https://w3id.org/vdg/ontology#")
ID = Namespace("https://w3id.org/vdg/id/")
GRAPH = Namespace("https://w3id.org/vdg/graph/")
ONTOLOGY_IRI = URIRef("https://w3id.org/vdg/ontology")
