"""The query screen on the SPARQL grammar's terminals, and the shared nesting check of `vdg query`."""

from __future__ import annotations

import pytest

from queries.catalogue import load_catalogue
from queries.remote import substitute
from queries.screen import MAX_DEPTH, MAX_OPERATORS, Refused, check_shape, screen
from tests.conftest import run_vdg

GRAPH = "https://w3id.org/vdg/graph/article-004"
TARGET = "<http://127.0.0.1:9/a>"

# the bypasses of issue 12 item 1, and the ones found while building the screen
BYPASSES = [
    f"SELECT * WHERE {{ # x\rSERVICE {TARGET} {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ <http://a\u00a0#> SERVICE {TARGET} {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ <http://a\u3000#> SERVICE {TARGET} {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ <http://a\u2028#> SERVICE {TARGET} {{ ?s ?p ?o }} }}",
    f"PREFIX ex: <http://x/> SELECT * WHERE {{ ?s ?p ex:a\\#b SERVICE {TARGET} {{}} }}",
    f"SELECT * WHERE {{ ?s ?p <http://\\u0061#x> SERVICE {TARGET} {{}} }}",
    "PREFIX : <http://127.0.0.1:9/> SELECT * WHERE { SERVICE:x { ?s ?p ?o } }",
    "PREFIX ex: <http://127.0.0.1:9/> SELECT * WHERE { SERVICEex:x { ?s ?p ?o } }",
    f"SELECT * WHERE {{ ?s a1SERVICE{TARGET}{{}} }}",
    f"SELECT * WHERE {{ \\u0053ERVICE {TARGET} {{}} }}",
    f"select * where {{ sErViCe silent {TARGET} {{}} }}",
    f"SELECT * WHERE {{ ?s ?p ?o FILTER(?o<?b&&1>2) SERVICE {TARGET} {{}} }}",
    f"SELECT * WHERE {{ ?s ?p 'it''s # not a comment' SERVICE {TARGET} {{}} }}",
    f"SELECT * WHERE {{ ?s ?p '''a\\''' # x\nSERVICE {TARGET} {{}} }}",
]


@pytest.mark.parametrize("text", BYPASSES)
def test_every_known_bypass_is_refused(text: str) -> None:
    with pytest.raises(Refused, match="SERVICE") as info:
        screen(text, {GRAPH})
    assert info.value.status == 400


def test_catalogue_passes_and_comments_strings_iris_are_not_keywords() -> None:
    for name, query in load_catalogue().items():
        screen(substitute(query.text, query.bindings()), {GRAPH})
    for text in ["SELECT * WHERE { ?s ?p ?o } # SERVICE in a comment\nLIMIT 1",
                 "SELECT * WHERE { ?s ?p 'SERVICE' }", "SELECT * WHERE { ?s ?p <http://x/SERVICE> }",
                 "PREFIX ex: <http://x/> SELECT * WHERE { ?s ?p ex:SERVICE }", "SELECT ?service WHERE { ?service ?p ?o }"]:
        assert screen(text, {GRAPH}).default == []


def test_dataset_clause_and_updates() -> None:
    clause = screen(f"PREFIX g: <https://w3id.org/vdg/graph/> SELECT * FROM g:article-004 FROM NAMED <{GRAPH}> "
                    "WHERE { ?s ?p ?o }", {GRAPH})
    assert clause.default == [GRAPH] and clause.named == [GRAPH]
    with pytest.raises(Refused, match="not a graph of this store"):
        screen("BASE <http://evil/> SELECT * FROM <article-004> WHERE { ?s ?p ?o }", {GRAPH})
    with pytest.raises(Refused, match="read-only") as info:
        screen("INSERT DATA { <a:b> <a:b> <a:b> }", {GRAPH})
    assert info.value.status == 403


BOMBS = {
    "braces": "SELECT * WHERE " + "{" * 2150 + "}" * 2150,
    "parens": "SELECT * WHERE { FILTER(" + "(" * 6000 + "1" + ")" * 6000 + ") }",
    "bangs": "SELECT * WHERE { FILTER(" + "!" * 10000 + "true) }",
    "optional": "SELECT * WHERE { ?s ?p ?o " + "OPTIONAL{?s?p?o " * 2900 + "}" * 2900 + "}",  # under 64 KB
    "minus": "SELECT * WHERE { ?s ?p ?o " + "MINUS { ?s ?p ?o } " * 3000 + "}",
    "mixed": "SELECT * WHERE { FILTER(" + "!(-(" * 40 + "1" + "))" * 40 + ") }",
}


@pytest.mark.parametrize("name", BOMBS)
def test_nesting_bombs_are_refused_before_parsing(name: str) -> None:
    with pytest.raises(Refused, match=f"deeper than {MAX_DEPTH}|more than {MAX_OPERATORS}"):
        check_shape(BOMBS[name])


def test_nesting_at_the_bound_is_accepted() -> None:
    check_shape("SELECT * WHERE " + "{" * (MAX_DEPTH - 1) + "}" * (MAX_DEPTH - 1))
    check_shape("SELECT * WHERE { FILTER(" + "!" * (MAX_DEPTH - 2) + "true) }")
    check_shape("SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o } " * MAX_OPERATORS + "}")


@pytest.mark.parametrize("name", ["braces", "minus"])
def test_vdg_query_e_refuses_a_bomb_with_one_line(name: str) -> None:
    proc = run_vdg("query", "-e", BOMBS[name], "--no-quote-check")
    err = proc.stderr.decode()
    assert proc.returncode == 2, err  # was 139 (SIGSEGV) for the nested braces
    assert "Traceback" not in err and len(err.strip().splitlines()) <= 2
    assert "vdg: error: query nested deeper than" in err or "vdg: error: query has more than" in err


OPERATOR_READINGS = [
    "SELECT * WHERE { VALUES ?x { <http://127.0.0.1:9/> } FILTER(?a<'x>) # ') SERVICE ?x {} }",
    "SELECT * WHERE { VALUES ?x { <http://127.0.0.1:9/> } FILTER(?a<1)SERVICE?x#>\n{} }",
    "SELECT * WHERE { VALUES ?x { <http://127.0.0.1:9/> } FILTER(?a<1#>) '''\n) SERVICE ?x {} # ''' }",
]


@pytest.mark.parametrize("text", OPERATOR_READINGS)
def test_less_than_read_as_an_operator_cannot_hide_service(text: str) -> None:
    with pytest.raises(Refused, match="SERVICE"):
        screen(text, {GRAPH})


def test_iris_naming_a_service_stay_usable() -> None:
    for text in ["PREFIX sd: <http://www.w3.org/ns/sparql-service-description#> SELECT * WHERE { ?s a sd:Service }",
                 "SELECT * WHERE { ?s ?p <http://x/service#a> }"]:
        assert screen(text, {GRAPH}).named == []
