"""Every IRI base the project writes: its own vocabulary, individuals, named graphs, shapes and rules, and the
standard vocabularies it aligns with. Plain strings (importing them loads no RDF library); the rdflib
`Namespace` objects VDG, ID and GRAPH are made on first use."""

from __future__ import annotations

from typing import Any

BASE = "https://w3id.org/vdg/"
VDG_IRI = BASE + "ontology#"
ID_IRI = BASE + "id/"
GRAPH_IRI = BASE + "graph/"
SHAPES_IRI = BASE + "shapes#"
RULES_IRI = BASE + "rules#"
ONTOLOGY = BASE + "ontology"
INFERRED = GRAPH_IRI + "inferred"
DATASET = BASE + "dataset"
CATALOG = BASE + "catalog"
DUMP = BASE + "dump/"

XSD_IRI = "http://www.w3.org/2001/XMLSchema#"
RDF_IRI = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_IRI = "http://www.w3.org/2000/01/rdf-schema#"
OWL_IRI = "http://www.w3.org/2002/07/owl#"
SPARQL_RESULTS_IRI = "http://www.w3.org/2005/sparql-results#"
SERVICE_DESCRIPTION_IRI = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_IRI = "http://www.w3.org/ns/formats/"
IANA_MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"
SPDX_LICENSES = "http://spdx.org/licenses/"
EU_LANGUAGES = "http://publications.europa.eu/resource/authority/language/"

# prefix -> IRI, in the order the file formats and the docs list them
PREFIXES: dict[str, str] = {
    "vdg": VDG_IRI,
    "id": ID_IRI,
    "graph": GRAPH_IRI,
    "rdf": RDF_IRI,
    "rdfs": RDFS_IRI,
    "owl": OWL_IRI,
    "xsd": XSD_IRI,
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "qb": "http://purl.org/linked-data/cube#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "sd": SERVICE_DESCRIPTION_IRI,
    "sdmx-measure": "http://purl.org/linked-data/sdmx/2009/measure#",
    "sdmx-attribute": "http://purl.org/linked-data/sdmx/2009/attribute#",
    "sdmx-dimension": "http://purl.org/linked-data/sdmx/2009/dimension#",
}

_RDFLIB = {"VDG": VDG_IRI, "ID": ID_IRI, "GRAPH": GRAPH_IRI}


def shorten(iri: str, prefixes: dict[str, str] = PREFIXES) -> str:
    """`prefix:local` for an IRI under one of the prefixes (the longest base wins), else the IRI."""
    best = ""
    for prefix, base in prefixes.items():
        if iri.startswith(base) and len(base) > len(prefixes.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(prefixes[best]):]}" if best else iri


def __getattr__(name: str) -> Any:
    """VDG, ID, GRAPH as rdflib Namespaces and ONTOLOGY_IRI as a URIRef, made when first asked for."""
    if name not in _RDFLIB and name != "ONTOLOGY_IRI":  # `__path__` and the like: no rdflib for them
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from rdflib import Namespace, URIRef

    if name in _RDFLIB:
        value: Any = Namespace(_RDFLIB[name])
    elif name == "ONTOLOGY_IRI":
        value = URIRef(ONTOLOGY)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value
