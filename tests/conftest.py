"""Shared fixtures: the built article graph, the source texts, a small valid data set, the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from rdflib import Graph

from graph.build import BuildResult, build
from graph.sources import default_sources_dir

ROOT = Path(__file__).resolve().parent.parent

# The whole test run (and every `vdg` it starts) caches into its own temporary folder, never ~/.cache/vdg.
_RUN_CACHE = tempfile.TemporaryDirectory(prefix="vdg-test-cache-")
os.environ["VDG_CACHE_DIR"] = _RUN_CACHE.name
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    """The folder of the two source articles; skips the test where it is absent."""
    path = default_sources_dir()
    if path is None:
        pytest.skip("source articles not found (../shared/sources or $VDG_SOURCES)")
    return path


@pytest.fixture(scope="session")
def built() -> BuildResult:
    """The article graph, built once (quotes checked when the source texts are at hand)."""
    return build()


@pytest.fixture(scope="session")
def union(built: BuildResult) -> Graph:
    """All named graphs of the article graph as one graph."""
    return built.quads.union()


@pytest.fixture()
def mini(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the small valid test data set and its source text: (data dir, sources dir)."""
    data = tmp_path / "data"
    sources = tmp_path / "sources"
    shutil.copytree(FIXTURES / "mini" / "data", data)
    shutil.copytree(FIXTURES / "mini" / "sources", sources)
    return data, sources


def run_vdg(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the vdg command in a fresh process and capture its output."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "graph.cli", *args], capture_output=True, env=full_env,
                          cwd=cwd or ROOT, timeout=300)
