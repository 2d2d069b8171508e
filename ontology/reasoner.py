"""Run the HermiT OWL reasoner (through owlready2) over the ontology plus data."""

from __future__ import annotations

import io
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rdflib import OWL, RDF, Graph

from ontology.namespaces import INFERRED


class ReasonerError(RuntimeError):
    """The reasoner could not run (no Java, a crash); not the same as an inconsistency."""


@dataclass
class Reasoning:
    """What HermiT concluded."""

    consistent: bool
    inferred: Graph
    seconds: float
    explanation: str = ""


def _last_line(exc: BaseException, default: str) -> str:
    lines = str(exc).strip().splitlines()
    return lines[-1] if lines else default


INFERRED_IRI = INFERRED
_TEMPDIR_LOCK = threading.Lock()


@contextmanager
def _temp_files_in(folder: str) -> Iterator[None]:
    """Make `tempfile` create its files in folder for the duration.

    owlready2's sync_reasoner_hermit writes its input to a NamedTemporaryFile(delete=False) in the
    default temporary folder and deletes it only when HermiT succeeds: on an inconsistency, a
    missing Java or Ctrl-C the file stays behind. Inside our own TemporaryDirectory it goes with it.
    """
    with _TEMPDIR_LOCK:
        before = tempfile.tempdir
        tempfile.tempdir = folder
        try:
            yield
        finally:
            tempfile.tempdir = before


def reason(graph: Graph) -> Reasoning:
    """Check the graph for consistency with HermiT and return the facts it infers
    (class memberships and property values, such as memberOf through a held post).
    """
    import owlready2  # imported here: loading it is slow and only the reasoner needs it

    world = owlready2.World()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="vdg-hermit-") as tmp, _temp_files_in(tmp):
        path = Path(tmp) / "input.nt"
        path.write_bytes(graph.serialize(format="nt", encoding="utf-8"))
        onto = world.get_ontology(path.as_uri()).load(format="ntriples")
        inferred = world.get_ontology(INFERRED_IRI)
        try:
            with inferred:
                owlready2.sync_reasoner_hermit([onto], infer_property_values=True, debug=0,
                                               ignore_unsupported_datatypes=True)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            return Reasoning(False, Graph(), time.perf_counter() - start, _last_line(exc, "ontology is inconsistent"))
        except (OSError, owlready2.OwlReadyJavaError) as exc:
            raise ReasonerError(f"HermiT could not run: {_last_line(exc, type(exc).__name__)}") from None
        buffer = io.BytesIO()
        inferred.save(buffer, format="ntriples")
    result = Graph()
    result.parse(data=buffer.getvalue().decode("utf-8"), format="nt")
    result.remove((None, RDF.type, OWL.Thing))  # true of everything: not a finding
    return Reasoning(True, result, time.perf_counter() - start)
