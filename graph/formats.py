"""The export formats: name -> (file suffix, whether named graphs are kept). No heavy imports."""

FORMATS: dict[str, tuple[str, bool]] = {
    "ttl": (".ttl", False),
    "trig": (".trig", True),
    "nt": (".nt", False),
    "nq": (".nq", True),
    "jsonld": (".jsonld", True),
    "xml": (".rdf", False),
}
