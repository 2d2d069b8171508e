"""A cache of the built dataset as N-Quads, rebuilt only when the ontology, data or sources change.

A cache file ends with a footer comment, ``# vdg-cache quads=N bytes=B sha256=H``, over the lines
before it; a file whose footer is missing or does not match (cut short, even at a line boundary,
or edited) is rebuilt by load_cached, never used."""

from __future__ import annotations

import hashlib
import os
import importlib.util
from pathlib import Path
from typing import Callable, TypeVar

from graph.loader import data_dir
from graph.sources import default_sources_dir

T = TypeVar("T")

CACHE_FORMAT = "3"  # bump when the build or export changes what a cache file holds


def cache_dir() -> Path:
    """$VDG_CACHE_DIR, else $XDG_CACHE_HOME/vdg, else ~/.cache/vdg."""
    if os.environ.get("VDG_CACHE_DIR"):
        return Path(os.environ["VDG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "vdg"


def _package_dir(name: str) -> Path:
    """Folder of a package, found without importing it (importing the ontology loads rdflib)."""
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.submodule_search_locations
    return Path(list(spec.submodule_search_locations)[0])


# the modules a cached file depends on: graph.build and graph.export with what they import (a test checks it)
BUILD_MODULES = ("graph.build", "graph.errors", "graph.export", "graph.files", "graph.formats", "graph.loader",
                 "graph.numbers", "graph.quads", "graph.record_checks", "graph.sources", "ontology", "ontology.model",
                 "ontology.namespaces")


def _package_files() -> list[Path]:
    ontology, graph = _package_dir("ontology"), _package_dir("graph")
    folders = {"ontology": ontology, "graph": graph}
    modules = []
    for name in BUILD_MODULES:
        package, _, module = name.partition(".")
        modules.append(folders[package] / f"{module or '__init__'}.py")
    return [ontology / "vdg.ttl", graph / "kinds.yaml", *modules]


def fingerprint(data: Path, sources_dir: Path | None) -> str:
    """Hash of everything the build reads: ontology, builder code, data files and source texts."""
    digest = hashlib.sha256(CACHE_FORMAT.encode())
    inputs = _package_files() + sorted(data.glob("*.y*ml"))
    if sources_dir is not None:
        inputs += sorted(p for p in sources_dir.iterdir() if p.is_file())
    for path in inputs:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(str(sources_dir is not None).encode())
    return digest.hexdigest()[:24]


def cached_nquads(data: Path | None = None, sources_dir: Path | None = None, *, check_quotes: bool = True,
                  rebuild: bool = False) -> tuple[Path, bool]:
    """Path of the N-Quads of the built dataset and whether it came from the cache.

    Builds (raising DataError on bad data) and writes the cache atomically when it is missing or stale.
    """
    data = data or data_dir()
    if check_quotes and sources_dir is None:
        sources_dir = default_sources_dir()
    if not check_quotes:
        sources_dir = None
    folder = cache_dir()
    path = folder / f"vdg-{fingerprint(data, sources_dir)}.nq"
    if path.is_file() and not rebuild:
        from graph.files import sweep_temporary  # a killed build's leftovers go even when nothing is written

        sweep_temporary(folder)
        return path, True
    from graph.build import build  # only on a miss: building needs rdflib and the ontology
    from graph.export import serialize
    from graph.files import write_atomic

    result = build(data, sources_dir, check_quotes=check_quotes)
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(path, seal(serialize(result.quads, "nq")))
    return path, False


FOOTER = b"# vdg-cache "
NEWLINE = b"\n"


def seal(nquads: bytes) -> bytes:
    """N-Quads with the footer comment that lets a reader tell a whole cache file from a damaged one."""
    digest, lines = hashlib.sha256(nquads).hexdigest(), nquads.count(NEWLINE)
    return nquads + FOOTER + f"quads={lines} bytes={len(nquads)} sha256={digest}\n".encode()


def damage(path: Path) -> str | None:
    """Why the cache file is not whole (no footer, wrong size, count or checksum), or None when it is."""
    data = path.read_bytes()
    cut = data.rfind(b"\n", 0, len(data) - 1) + 1
    body, footer = data[:cut], data[cut:]
    if not footer.startswith(FOOTER) or not footer.endswith(b"\n"):
        return "no footer: cut short or not written by vdg"
    try:
        fields = dict(item.split("=", 1) for item in footer[len(FOOTER):].decode("ascii").split())
        quads, size, digest = int(fields["quads"]), int(fields["bytes"]), fields["sha256"]
    except (ValueError, KeyError, UnicodeDecodeError):
        return "unreadable footer"
    lines = body.count(NEWLINE)
    if size != len(body) or quads != lines:
        return f"{lines} quads in {len(body)} bytes where the footer says {quads} in {size}"
    if hashlib.sha256(body).hexdigest() != digest:
        return "checksum differs"
    return None


def load_cached(loader: Callable[[Path], T], data: Path | None = None, sources_dir: Path | None = None, *,
                check_quotes: bool = True, report: Callable[[str], None] = lambda message: None) -> T:
    """`loader` applied to the cached N-Quads, building them first when stale; a cache file that is not
    whole (see `damage`) or that the loader cannot read (SyntaxError) is rebuilt once. The one place
    that repairs the cache: every command that reads it comes through here."""
    path, hit = cached_nquads(data, sources_dir, check_quotes=check_quotes)
    if not hit:
        report(f"built the graph and cached it at {path}")
    elif (problem := damage(path)) is not None:
        report(f"cache file {path} is damaged ({problem}): rebuilding it")
        path, _ = cached_nquads(data, sources_dir, check_quotes=check_quotes, rebuild=True)
    try:
        return loader(path)
    except SyntaxError:
        report(f"cache file {path} is unreadable: rebuilding it")
        path, _ = cached_nquads(data, sources_dir, check_quotes=check_quotes, rebuild=True)
        return loader(path)
