"""The VDG ontology: its Turtle file, namespaces and the reasoner that checks it.

Importing the package loads no RDF library: the names below load their modules on first use.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {"GRAPH": "ontology.namespaces", "ID": "ontology.namespaces", "ONTOLOGY_IRI": "ontology.namespaces",
          "VDG": "ontology.namespaces", "Ontology": "ontology.model", "load_ontology": "ontology.model",
          "ontology_path": "ontology.model"}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value
