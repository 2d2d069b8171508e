"""The built dataset, kept as a persistent on-disk Oxigraph store (RocksDB) with a manifest of what it
was built from, so that a repeated command opens it in milliseconds instead of rebuilding or reparsing.

Layout under cache_dir(), one slot per (data folder, sources folder, quote check):

    store-KEY/current          the name of the build folder in use (replaced atomically, os.replace)
    store-KEY/build.lock       held (flock) by the one process building into this slot
    store-KEY/b-NS-PID/        one build: store/ (RocksDB), manifest.json, lock, dataset.nq (on demand)
    store-KEY/parts/           the quads of each data file by content (graph.incremental)

A build goes into a new folder, holding an exclusive lock on its `lock` file, and becomes current only
once whole; readers open the current folder's store read-only and hold a shared lock on its `lock`
while they use it, so a build never disturbs a reader and a build killed half-way leaves the old store
in use. Folders that are neither current nor locked (old builds, a killed build's partial one) are swept
by the next build. A manifest that is missing or unreadable, or a store that does not open, means
rebuild from scratch.

Whether anything changed is known without reading the data: every input (the ontology, the builder's
modules, each data file, each source text) is compared by size and mtime_ns with the manifest; only a
file whose stat differs is hashed (SHA-256), and only a different hash means a rebuild. A file written
within RACY_NS of the scan that recorded it is hashed again (its mtime may not have moved yet).

This module imports neither rdflib nor PyYAML: `vdg query` on an unchanged dataset loads neither.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, TypeVar

from graph.manifest import CACHE_FORMAT, fingerprint, inputs, read_manifest, same_content, stamps
from graph.sources import default_sources_dir

T = TypeVar("T")
__all__ = ["CACHE_FORMAT", "Built", "cache_dir", "cached_nquads", "damage", "load_cached", "open_built", "seal"]

def cache_dir() -> Path:
    """$VDG_CACHE_DIR, else $XDG_CACHE_HOME/vdg, else ~/.cache/vdg."""
    if os.environ.get("VDG_CACHE_DIR"):
        return Path(os.environ["VDG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "vdg"


def slot(data: Path, sources_dir: Path | None, check_quotes: bool) -> Path:
    """The folder of the builds of these inputs."""
    key = f"{os.path.realpath(data)}\0{os.path.realpath(sources_dir) if sources_dir else '-'}\0{check_quotes}"
    return cache_dir() / f"store-{hashlib.sha256(key.encode()).hexdigest()[:16]}"


def current_folder(where: Path) -> Path | None:
    """The build folder that `where/current` names, if it names one."""
    try:
        name = (where / "current").read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not name.startswith("b-") or "/" in name:
        return None
    return where / name


def _lock(path: Path, mode: int) -> int | None:
    """An open descriptor of `path` holding flock `mode` (non-blocking unless LOCK_NB is left out), or None."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError:
        return None
    try:
        fcntl.flock(fd, mode)
    except OSError:
        os.close(fd)
        return None
    return fd


@dataclass
class Built:
    """A whole build in use: its folder (store/, manifest.json) and whether it was there already. While
    the object lives, a shared lock on the folder keeps the next build from sweeping it."""

    folder: Path
    manifest: dict[str, Any]
    hit: bool
    lock_fd: int | None = field(default=None, repr=False)

    @property
    def store_path(self) -> Path:
        return self.folder / "store"

    def store(self) -> Any:
        """The store, opened read-only (a pyoxigraph Store)."""
        import pyoxigraph as ox

        return ox.Store.read_only(str(self.store_path))

    def nquads(self) -> Path:
        """The dataset as a sealed N-Quads file (lines sorted; see seal), written on first use for the
        consumers that read N-Quads (rdflib's engine, the view, the published pages, the benchmarks): the
        parts' quads as built (Oxigraph's store keeps a decimal as its value, "27.0" as "27"), else a dump
        of the store."""
        path = self.folder / "dataset.nq"
        if path.is_file() and damage(path) is None:
            return path
        from graph.files import write_atomic

        parts = self.folder.parent / "parts"
        try:
            blob = b"".join((parts / f"{key}.nq").read_bytes() for key in self.manifest["parts"].values())
        except OSError:
            import pyoxigraph as ox

            blob = self.store().dump(format=ox.RdfFormat.N_QUADS)
        lines = blob.splitlines(keepends=True)
        lines.sort()
        write_atomic(path, seal(b"".join(lines)))
        return path

    def release(self) -> None:
        """Let the next build sweep this folder (when it is no longer current)."""
        if self.lock_fd is not None:
            os.close(self.lock_fd)
            self.lock_fd = None


def _fresh(where: Path, data: Path, sources_dir: Path | None, check_quotes: bool) -> Built | None:
    """The current build of the slot when its inputs have not changed, under a shared lock; else None."""
    for _ in range(3):  # the folder may be swept between reading `current` and locking it: read again
        folder = current_folder(where)
        if folder is None:
            return None
        fd = _lock(folder / "lock", fcntl.LOCK_SH | fcntl.LOCK_NB)
        if fd is None:
            continue
        manifest = read_manifest(folder)
        if manifest is None or not (folder / "store").is_dir():
            os.close(fd)
            return None
        now = time.time_ns()
        try:
            stamped, hashed = stamps(inputs(data, sources_dir), manifest["stamps"], manifest["scanned_ns"])
        except OSError:
            os.close(fd)
            return None
        if fingerprint(stamped, check_quotes) != manifest["fingerprint"] or not same_content(stamped, manifest["stamps"]):
            os.close(fd)
            return None
        if hashed:  # same content, new stats (touched, copied): remember them so that the next run only stats
            from graph.files import write_atomic

            manifest = {**manifest, "stamps": stamped, "scanned_ns": now}
            with contextlib.suppress(OSError):
                write_atomic(folder / "manifest.json", json.dumps(manifest).encode())
        return Built(folder, manifest, True, fd)
    return None


def sweep(where: Path) -> list[str]:
    """Remove the build folders of the slot that are not current and that nobody holds (old builds no
    reader uses, a killed build's partial folder), then the parts no remaining build names; their names."""
    keep = current_folder(where)
    removed: list[str] = []
    for folder in sorted(where.glob("b-*")):
        if folder == keep or not folder.is_dir():
            continue
        fd = _lock(folder / "lock", fcntl.LOCK_EX | fcntl.LOCK_NB)
        if fd is None:
            continue  # being built or being read
        try:
            if current_folder(where) != folder:
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder.name)
        finally:
            os.close(fd)
    used: set[str] = set()
    for folder in where.glob("b-*"):
        manifest = read_manifest(folder)
        if manifest is None and folder.name != (keep.name if keep else None):
            continue
        used.update((manifest or {}).get("parts", {}).values())
    for part in (where / "parts").glob("*.*"):
        if part.stem not in used and part.suffix in (".nq", ".json"):
            part.unlink(missing_ok=True)
            removed.append(f"parts/{part.name}")
    return removed


@contextlib.contextmanager
def _build_lock(where: Path) -> Iterator[None]:
    where.mkdir(parents=True, exist_ok=True)
    fd = _lock(where / "build.lock", fcntl.LOCK_EX)
    if fd is None:
        raise OSError(f"cannot lock {where / 'build.lock'}")
    try:
        yield
    finally:
        os.close(fd)


def open_built(data: Path | None = None, sources_dir: Path | None = None, *, check_quotes: bool = True,
               rebuild: bool = False, report: Callable[[str], None] = lambda message: None) -> Built:
    """The built dataset of these inputs: the current store when nothing changed, else a new build
    (incremental where the previous one allows it) made current. Raises DataError on bad data."""
    from graph.loader import data_dir

    data = data or data_dir()
    if check_quotes and sources_dir is None:
        sources_dir = default_sources_dir()
    if not check_quotes:
        sources_dir = None
    where = slot(data, sources_dir, check_quotes)
    if not rebuild and (built := _fresh(where, data, sources_dir, check_quotes)) is not None:
        return built
    if not data.is_dir():  # the builder says so, in its words
        from graph.errors import DataError

        raise DataError("data folder not found", data)
    with _build_lock(where):
        if not rebuild and (built := _fresh(where, data, sources_dir, check_quotes)) is not None:
            return built  # another process built it while we waited
        from graph.incremental import build_store

        previous = current_folder(where)
        folder = where / f"b-{time.time_ns()}-{os.getpid()}"
        folder.mkdir()
        fd = _lock(folder / "lock", fcntl.LOCK_EX)
        try:
            manifest = build_store(folder, data, sources_dir, check_quotes,
                                   None if rebuild or previous is None else previous, where / "parts", report)
            from graph.files import write_atomic

            write_atomic(folder / "manifest.json", json.dumps(manifest).encode())
            write_atomic(where / "current", folder.name.encode("ascii") + b"\n")
        except BaseException:
            if fd is not None:
                os.close(fd)
            shutil.rmtree(folder, ignore_errors=True)
            raise
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_SH)  # ours to read now; the sweep leaves it alone while we hold it
        sweep(where)
        return Built(folder, manifest, False, fd)


def cached_nquads(data: Path | None = None, sources_dir: Path | None = None, *, check_quotes: bool = True,
                  rebuild: bool = False) -> tuple[Path, bool]:
    """Path of the N-Quads of the built dataset (written from the store) and whether the build was cached."""
    built = open_built(data, sources_dir, check_quotes=check_quotes, rebuild=rebuild)
    return built.nquads(), built.hit


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


def load_cached(loader: Callable[[Built], T], data: Path | None = None, sources_dir: Path | None = None, *,
                check_quotes: bool = True, report: Callable[[str], None] = lambda message: None) -> T:
    """`loader` applied to the built dataset, building it first when stale; a store that does not open
    (damaged: OSError) is rebuilt once from scratch. The one place that repairs the cache: every command
    that reads it comes through here."""
    built = open_built(data, sources_dir, check_quotes=check_quotes, report=report)
    if not built.hit:
        report(f"built the graph and stored it at {built.store_path}")
    try:
        return loader(built)
    except OSError as exc:
        report(f"store {built.store_path} does not open ({' '.join(str(exc).split())[:200]}): rebuilding it")
        built.release()
        built = open_built(data, sources_dir, check_quotes=check_quotes, rebuild=True, report=report)
        return loader(built)
