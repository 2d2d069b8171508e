"""What a build was made from: the stamps (size, mtime_ns, SHA-256) of every input and the manifest of a
build folder. Stat first, hash only what the stat says may have changed (see graph.cache)."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from pathlib import Path
from typing import Any

CACHE_FORMAT = "4"  # bump when the build or the store layout changes what a cache holds
RACY_NS = 2_000_000_000
Stamp = list[Any]  # [size, mtime_ns, sha256]


def _package_dir(name: str) -> Path:
    """Folder of a package, found without importing it (importing the ontology loads rdflib)."""
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.submodule_search_locations
    return Path(list(spec.submodule_search_locations)[0])


# the modules a build depends on: graph.build, graph.incremental and graph.export with what they import
# (a test checks it)
BUILD_MODULES = ("graph.build", "graph.errors", "graph.export", "graph.files", "graph.formats", "graph.incremental", "graph.manifest",
                 "graph.loader", "graph.numbers", "graph.quads", "graph.record_checks", "graph.sources", "ontology",
                 "ontology.model", "ontology.namespaces")


def _package_files() -> list[Path]:
    ontology, graph = _package_dir("ontology"), _package_dir("graph")
    folders = {"ontology": ontology, "graph": graph}
    modules = []
    for name in BUILD_MODULES:
        package, _, module = name.partition(".")
        modules.append(folders[package] / f"{module or '__init__'}.py")
    return [ontology / "vdg.ttl", graph / "kinds.yaml", *modules]


def inputs(data: Path, sources_dir: Path | None) -> dict[str, dict[str, Path]]:
    """Every file a build reads, by group (package, data, texts) and name."""
    found = {"package": {f"{p.parent.name}/{p.name}": p for p in _package_files()},
             "data": {p.name: p for p in sorted(data.glob("*.y*ml"))}, "texts": {}}
    if sources_dir is not None and sources_dir.is_dir():
        found["texts"] = {p.name: p for p in sorted(sources_dir.iterdir()) if p.is_file()}
    return found


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def stamps(files: dict[str, dict[str, Path]], previous: dict[str, dict[str, Stamp]] | None = None,
           scanned_ns: int = 0) -> tuple[dict[str, dict[str, Stamp]], list[str]]:
    """[size, mtime_ns, sha256] of every input, hashing only the files whose stat differs from
    `previous` (or that were written within RACY_NS of `scanned_ns`); and the names hashed anew."""
    previous = previous or {}
    out: dict[str, dict[str, Stamp]] = {}
    hashed: list[str] = []
    for group, paths in files.items():
        before = previous.get(group, {})
        out[group] = {}
        for name, path in paths.items():
            st = os.stat(path)
            old = before.get(name)
            if old is not None and old[0] == st.st_size and old[1] == st.st_mtime_ns and \
                    st.st_mtime_ns < scanned_ns - RACY_NS:
                out[group][name] = old
            else:
                out[group][name] = [st.st_size, st.st_mtime_ns, _sha256(path)]
                hashed.append(f"{group}/{name}")
    return out, hashed


def fingerprint(stamped: dict[str, dict[str, Stamp]], check_quotes: bool) -> str:
    """Hash of the build's own files (ontology, kinds, builder modules) and its options."""
    digest = hashlib.sha256(f"{CACHE_FORMAT}\0{check_quotes}\0".encode())
    for name, stamp in sorted(stamped["package"].items()):
        digest.update(f"{name}\0{stamp[2]}\0".encode())
    return digest.hexdigest()[:24]


def same_content(a: dict[str, dict[str, Stamp]], b: dict[str, dict[str, Stamp]]) -> bool:
    """Whether two sets of stamps name the same files with the same hashes."""
    return {g: {n: s[2] for n, s in f.items()} for g, f in a.items()} == \
        {g: {n: s[2] for n, s in f.items()} for g, f in b.items()}


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest of a build folder, or None when it is missing, unreadable or of another format."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    required = {"format", "fingerprint", "stamps", "parts", "quads", "scanned_ns"}
    if not isinstance(manifest, dict) or not required <= set(manifest) or manifest["format"] != CACHE_FORMAT:
        return None
    return manifest
