"""Fixtures for the query tests: the cached article dataset, a real Oxigraph server and a real Virtuoso."""

from __future__ import annotations

import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from graph.cache import cached_nquads


@pytest.fixture(scope="session")
def nquads(tmp_path_factory: pytest.TempPathFactory, monkeypatch_session: pytest.MonkeyPatch) -> Path:
    """The article dataset as N-Quads, built into a private cache."""
    monkeypatch_session.setenv("VDG_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    path, _ = cached_nquads()
    return path


@pytest.fixture(scope="session")
def monkeypatch_session() -> Iterator[pytest.MonkeyPatch]:
    patch = pytest.MonkeyPatch()
    yield patch
    patch.undo()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Oxigraph server on 127.0.0.1 (union default graph), its base URL."""
    beside = Path(sys.executable).parent / "oxigraph"  # the venv the tests run in, then PATH
    exe = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if exe is None:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    port = free_port()
    folder = tmp_path_factory.mktemp("oxigraph")
    proc = subprocess.Popen([exe, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"oxigraph server exited: {proc.stderr.read().decode()[:300]}")
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = ., {folder}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 120
"""


@dataclass(frozen=True)
class Virtuoso:
    """A running Virtuoso: its HTTP base URL, SQL port, dba password, database folder."""

    base: str
    sql_port: int
    password: str
    folder: Path


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    """A real Virtuoso Open-Source (Debian's virtuoso-opensource) on 127.0.0.1 only, with its own database
    folder and virtuoso.ini on free ports; the dba password is changed to a random one through isql.
    Stopped and its folder removed afterwards."""
    exe, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt") or shutil.which("isql")
    if exe is None or isql is None:
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource; .ci/run installs it)")
    folder = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(VIRTUOSO_INI.format(folder=folder, sql_port=sql_port,
                                                             http_port=http_port), encoding="utf-8")
    proc = subprocess.Popen([exe, "+foreground", "+configfile", str(folder / "virtuoso.ini")], cwd=folder,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{http_port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(f"{base}/sparql?query=ASK%7B%7D", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None:
                    log = (folder / "virtuoso.log").read_text(errors="replace")[-300:]
                    pytest.fail(f"virtuoso-t exited with {proc.returncode}: {log}")
                time.sleep(0.1)
        else:
            pytest.fail("virtuoso-t did not answer within 60 s")
        password = secrets.token_hex(12)
        done = subprocess.run([isql, str(sql_port), "dba", "dba", f"exec=USER_SET_PASSWORD('dba', '{password}');"],
                              capture_output=True, timeout=60)
        said = (done.stdout + done.stderr).decode(errors="replace")
        assert done.returncode == 0 and "Error" not in said, said[-300:]  # isql exits 0 after an SQL error
        yield Virtuoso(base, sql_port, password, folder)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)
