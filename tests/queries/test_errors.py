"""Each bad query, parameter or endpoint gives one clear line and exit 2, never a traceback."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from tests.conftest import run_vdg


def _one_line_error(proc) -> str:  # type: ignore[no-untyped-def]
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith("vdg: error:")]
    assert len(lines) == 1, err
    return lines[0]


def test_malformed_sparql_names_line_and_column() -> None:
    line = _one_line_error(run_vdg("query", "-e", "SELECT ?x WHERE {\n  ?x ?y\n}"))
    assert "malformed SPARQL: line 3, column" in line


def test_unknown_query_lists_the_catalogue() -> None:
    line = _one_line_error(run_vdg("query", "agencys"))
    assert "unknown query 'agencys'" in line and "agencies" in line


def test_unknown_parameter_lists_the_valid_ones() -> None:
    line = _one_line_error(run_vdg("query", "indicator-series", "--param", "colour=red"))
    assert "has no parameter 'colour'" in line and "indicator" in line


def test_unreachable_endpoint() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    line = _one_line_error(run_vdg("query", "agencies", "--endpoint", f"http://127.0.0.1:{port}/query"))
    assert f"cannot reach http://127.0.0.1:{port}/query" in line


@pytest.fixture()
def silent_server() -> Iterator[int]:
    """A socket that accepts connections and never answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(8)
        yield s.getsockname()[1]


def test_endpoint_timeout(silent_server: int) -> None:
    url = f"http://127.0.0.1:{silent_server}/query"
    line = _one_line_error(run_vdg("query", "agencies", "--endpoint", url, "--timeout", "1"))
    assert f"no answer from {url} within 1 s" in line


def test_http_error_from_the_store(oxigraph_server: str) -> None:
    line = _one_line_error(run_vdg("query", "agencies", "--endpoint", f"{oxigraph_server}/no-such-service"))
    assert "answered HTTP 404" in line
