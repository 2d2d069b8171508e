"""The VDG ontology: its Turtle file, namespaces and the reasoner that checks it."""

from ontology.namespaces import GRAPH, ID, ONTOLOGY_IRI, VDG
from ontology.model import Ontology, load_ontology, ontology_path

__all__ = ["GRAPH", "ID", "ONTOLOGY_IRI", "VDG", "Ontology", "load_ontology", "ontology_path"]
