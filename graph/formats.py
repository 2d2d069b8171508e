"""The export formats: name -> (file suffix, whether named graphs are kept). No heavy imports."""

FORMATS: dict[str, tuple[str, bool]] = {
    "ttl": (".ttl", False),
    "trig": (".trig", True),
    "nt": (".nt", False),
    "nq": (".nq", True),
    "jsonld": (".jsonld", True),
    "xml": (".rdf", False),
}

# Network formats for tools such as Gephi, written by viz.network (not RDF): name -> file suffix.
NETWORK_FORMATS: dict[str, str] = {"graphml": ".graphml", "gexf": ".gexf"}

# The IANA media type of each RDF format (VoID/DCAT distributions, the resolver's /dump/ answers).
MEDIA_TYPES: dict[str, str] = {
    "ttl": "text/turtle",
    "trig": "application/trig",
    "nt": "application/n-triples",
    "nq": "application/n-quads",
    "jsonld": "application/ld+json",
    "xml": "application/rdf+xml",
}
