"""The ontology, alone and with the data, is in the OWL 2 DL profile, as the OWL API checks it.

The checker is the OWL API's own OWL2DLProfile (Debian package libowlapi-java, jars under
/usr/share/java), called from a ten-line Java class compiled here into a temporary folder. The
tests skip where java, javac or the jars are missing.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from graph.build import BuildResult
from graph.export import serialize
from ontology import ontology_path

JAVA_DIR = Path("/usr/share/java")
# owlapi-distribution and what it needs at run time (the Debian package's dependencies)
JARS = ("owlapi-distribution", "guava", "caffeine", "commons-io", "commons-codec", "commons-logging",
        "commons-rdf-api", "slf4j-api", "slf4j-nop", "jsr305", "hppcrt", "atinject-jsr330-api", "xz",
        "jackson-core", "jackson-databind", "jackson-annotations", "httpclient", "httpcore", "jaxb-api")
SOURCE = Path(__file__).resolve().parent / "java" / "ProfileCheck.java"


@pytest.fixture(scope="module")
def checker(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The java command that runs the compiled profile checker, or skip."""
    java, javac = shutil.which("java"), shutil.which("javac")
    jars = [JAVA_DIR / f"{name}.jar" for name in JARS]
    if not (java and javac):
        pytest.skip("java and javac are needed (Debian: default-jdk-headless)")
    if not all(j.is_file() for j in jars):
        pytest.skip("the OWL API jars are not installed (Debian: libowlapi-java)")
    jars += sorted(JAVA_DIR.glob("rdf4j-*[a-z].jar"))  # the parsers (unversioned names only)
    classpath = ":".join(str(j) for j in jars)
    out = tmp_path_factory.mktemp("owlapi")
    subprocess.run([javac, "-cp", classpath, "-d", str(out), str(SOURCE)], check=True, capture_output=True)
    return [java, "-cp", f"{out}:{classpath}", "ProfileCheck"]


def _violations(checker: list[str], document: Path) -> list[str]:
    proc = subprocess.run([*checker, str(document)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = proc.stdout.splitlines()
    assert lines and lines[-1].startswith("violations: "), proc.stdout[-2000:] + proc.stderr[-2000:]
    found = lines[:-1]
    assert int(lines[-1].split(": ")[1]) == len(found)
    return found


def test_checker_finds_a_violation(checker: list[str], tmp_path: Path) -> None:
    """The check can fail: an xsd:gYear range (not an OWL 2 datatype) is reported."""
    bad = tmp_path / "bad.ttl"
    bad.write_text(ontology_path().read_text(encoding="utf-8").replace(
        "rdfs:range xsd:dateTime", "rdfs:range xsd:gYear", 1), encoding="utf-8")
    found = _violations(checker, bad)
    assert len(found) == 1 and "xsd:gYear" in found[0], found


def test_ontology_is_owl2_dl(checker: list[str]) -> None:
    assert _violations(checker, ontology_path()) == []


@pytest.mark.parametrize("fmt", ["xml", "nt"])
def test_ontology_with_the_data_is_owl2_dl(checker: list[str], built: BuildResult, tmp_path: Path, fmt: str) -> None:
    """The export a consumer loads (the union of the graphs, as RDF/XML and as N-Triples)."""
    path = tmp_path / f"vdg.{'rdf' if fmt == 'xml' else 'nt'}"
    path.write_bytes(serialize(built.quads, fmt))
    assert _violations(checker, path) == []
