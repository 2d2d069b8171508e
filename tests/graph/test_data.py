"""The curated facts of the two articles: sourced, quoted exactly, labelled, and their numbers right."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV

from graph.build import BuildResult
from graph.numbers import figures_in
from ontology import GRAPH, ID, VDG


def _texts(built: BuildResult, sources_dir: Path) -> dict[URIRef, str]:
    """Source text by source IRI, read straight from the files."""
    texts = {}
    for source, name in built.dataset.subject_objects(VDG.fileName):
        if (source, VDG.url, None) in built.dataset:
            continue  # a web page: its snapshot is optional (tests/graph/test_web_sources.py)
        raw = (sources_dir / str(name)).read_text(encoding="utf-8")
        texts[source] = unicodedata.normalize("NFC", raw)
    return texts


def test_every_quote_is_an_exact_substring_of_its_article(built: BuildResult, sources_dir: Path) -> None:
    texts = _texts(built, sources_dir)
    assert len(texts) == 2
    checked = 0
    for source, text in texts.items():
        graph = built.dataset.graph(GRAPH[str(source).rsplit("/", 1)[1]])
        for subject, quote in graph.subject_objects(VDG.quote):
            assert (subject, PROV.wasDerivedFrom, source) in graph, subject
            assert str(quote) in text, f"{subject}: {quote!r}"
            checked += 1
    assert checked >= 150


def test_every_number_of_the_articles_is_curated(built: BuildResult, sources_dir: Path) -> None:
    """Each number written in an article (years and version numbers aside) appears in a quote of that article."""
    for source, text in _texts(built, sources_dir).items():
        graph = built.dataset.graph(GRAPH[str(source).rsplit("/", 1)[1]])
        quotes = " ".join(str(q) for q in graph.objects(None, VDG.quote))
        for match in re.finditer(r"\d+(?:[.,/]\d+)*%?", text):
            token = match.group()
            if re.fullmatch(r"20[12]\d", token) or token in {"4.0", "2.0"}:
                continue
            assert token in quotes, f"{source}: number {token!r} at {match.start()} is in no quote"


def test_observation_numbers_agree_with_their_wording(built: BuildResult, union: Graph) -> None:
    observations = set(union.subjects(RDF.type, VDG.Observation)) | set(union.subjects(RDF.type, VDG.Target))
    assert len(observations) >= 38
    for obs in observations:
        stated = union.value(obs, VDG.statedValue)
        quotes = [str(q) for q in union.objects(obs, VDG.quote)]
        assert stated is not None and any(str(stated) in q for q in quotes), obs
        assert union.value(obs, VDG.unit) is not None, obs
        assert union.value(obs, VDG.indicator) is not None, obs
        numbers = [union.value(obs, p) for p in (VDG.value, VDG.minValue, VDG.maxValue, VDG.outOf)]
        numbers = [n for n in numbers if n is not None] + list(union.objects(obs, VDG.possibleValue))
        assert numbers, obs
        for n in numbers:
            assert n.datatype in (XSD.integer, XSD.decimal), obs
        if union.value(obs, VDG.corrected) == Literal(True):
            assert union.value(obs, VDG.editorialNote) is not None, obs
            continue
        written = figures_in(str(stated))
        readings = list(union.objects(obs, VDG.possibleValue))
        if readings:  # ambiguous: no value, two readings or more, one as printed, a note that says why
            assert union.value(obs, VDG.value) is None and len(readings) >= 2, obs
            assert any(Decimal(str(r)) in written for r in readings), obs
            assert union.value(obs, VDG.editorialNote) is not None, obs
            continue
        for n in numbers:
            assert Decimal(str(n)) in written, f"{obs}: {n} not in {stated!r}"


def test_misprinted_coverage_is_recorded_corrected_with_a_note(union: Graph) -> None:
    found = [o for o in union.subjects(VDG.statedValue, Literal("997%"))]
    assert len(found) == 1
    obs = found[0]
    assert union.value(obs, VDG.value).toPython() == Decimal("99.7")
    assert union.value(obs, VDG.corrected) == Literal(True)
    assert "997" in str(union.value(obs, VDG.editorialNote))


def test_tensions_are_flagged_not_resolved(union: Graph) -> None:
    pairs = set(union.subject_objects(VDG.conflictsWith))
    assert len(pairs) >= 2
    for a, b in pairs:
        assert union.value(a, VDG.editorialNote) or union.value(b, VDG.editorialNote)


def test_every_individual_has_one_vietnamese_and_one_english_label(built: BuildResult, union: Graph) -> None:
    individuals = {s for s, o in union.subject_objects(RDF.type)
                   if isinstance(s, URIRef) and s.startswith(str(ID)) and str(o).startswith(str(VDG))}
    assert len(individuals) >= 120
    for ind in individuals:
        langs = sorted(label.language for label in union.objects(ind, RDFS.label))
        assert langs == ["en", "vi"], ind


def test_every_fact_carries_its_source(built: BuildResult) -> None:
    for g in built.dataset.graphs():
        name = str(g.identifier)
        if not name.startswith(str(GRAPH)) or name.endswith(("/ontology", "/inferred")) or not len(g):
            continue
        source = ID["source/" + name.rsplit("/", 1)[1]]
        for subject in set(g.subjects()):
            if subject == source:
                continue
            assert (subject, PROV.wasDerivedFrom, source) in g, subject
            # a quote of a text, or the record code of a structured source (a package dataset)
            assert (subject, VDG.quote, None) in g or (subject, VDG.recordCode, None) in g, subject


def test_people_hold_the_posts_they_are_named_in(union: Graph) -> None:
    def posts(person: str) -> set[str]:
        """Vietnamese labels of the posts the person holds."""
        return {str(label) for h in union.subjects(VDG.holder, ID[f"person/{person}"])
                for label in union.objects(union.value(h, VDG.heldPost), RDFS.label) if label.language == "vi"}

    hung = posts("nguyen-manh-hung")
    assert len(hung) >= 4
    assert any("Bộ trưởng" in p for p in hung)
    thuong = posts("vo-van-thuong")
    assert any("Bộ Chính trị" in p for p in thuong)
    assert any("Thủ tướng" in p for p in posts("nguyen-xuan-phuc"))
