"""The text table people read: labels instead of IRIs, bound parameters left out, fits the width."""

from __future__ import annotations

from graph.terms import Term
from queries.table import plain, text_table

AGENCY = Term("uri", "https://w3id.org/vdg/id/agency/mic")
LABEL = Term("literal", "Ministry of Information and Communications", lang="en")
EN = Term("literal", "en")


def test_label_column_replaces_the_iri_and_parameters_are_hidden() -> None:
    text = text_table(["agency", "agencyLabel", "lang"], [[AGENCY, LABEL, EN]], hidden={"lang"}, width=100)
    header, rule, row, count = text.splitlines()
    assert header.split() == ["agencyLabel"] and row == "Ministry of Information and Communications"
    assert count == "(1 row)"


def test_missing_label_falls_back_to_the_id() -> None:
    text = text_table(["agency", "agencyLabel"], [[AGENCY, None]], width=100)
    assert text.splitlines()[2] == "agency/mic"


def test_plain_values() -> None:
    assert plain(Term("literal", "88", "http://www.w3.org/2001/XMLSchema#integer")) == "88"
    assert plain(Term("uri", "https://w3id.org/vdg/ontology#Percent")) == "Percent"
    assert plain(Term("uri", "http://www.w3.org/ns/org#Organization")) == "org:Organization"
    assert plain(Term("literal", "two\nlines\tand tab")) == "two lines and tab"


def test_wide_answers_become_blocks_that_fit() -> None:
    variables = [f"column{i}" for i in range(8)]
    long = Term("literal", "một câu trích dẫn rất dài " * 8)
    text = text_table(variables, [[long] * 8, [long] * 8], width=100)
    assert text.startswith("-[ 1 ]") and "-[ 2 ]" in text
    assert max(len(line) for line in text.splitlines()) <= 100
    words = " ".join(line[len("column0  "):] for line in text.splitlines() if not line.startswith(("-[", "(")))
    assert " ".join(words.split()).count("một câu trích dẫn rất dài") == 2 * 8 * 8  # wrapped, never cut


def test_narrow_answers_stay_a_table() -> None:
    text = text_table(["a", "b"], [[Term("literal", "x"), Term("literal", "y")]], width=40)
    assert text.splitlines()[0].split() == ["a", "b"]
