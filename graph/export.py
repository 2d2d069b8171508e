"""Serialise the dataset to RDF files, byte-identical from run to run, written atomically."""

from __future__ import annotations

import fcntl
import json
import os
import stat
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from graph.formats import FORMATS
from graph.quads import Quads

# pyoxigraph's writer of each format; JSON-LD is written by rdflib, which can compact it with a context
OX_FORMATS: dict[str, ox.RdfFormat | None] = {
    "ttl": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "jsonld": None,
    "xml": ox.RdfFormat.RDF_XML,
}
RDFLIB_FORMAT = {"ttl": "turtle", "trig": "trig", "nt": "nt", "nq": "nquads", "jsonld": "json-ld", "xml": "xml"}


def serialize_triples(triples: list[ox.Triple]) -> bytes:
    """Triples as N-Triples, in the order given."""
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def _jsonld(dataset: Dataset, context: dict[str, str]) -> bytes:
    data = json.loads(dataset.serialize(format="json-ld", context=context, auto_compact=True))

    def canon(node: object, ordered: bool = False) -> object:
        """Sort every JSON array but the members of an RDF list (@list), which keep their order."""
        if isinstance(node, dict):
            return {k: canon(v, ordered=k == "@list") for k, v in node.items()}
        if isinstance(node, list):
            items = [canon(v) for v in node]
            return items if ordered else sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
        return node

    return (json.dumps(canon(data), sort_keys=True, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def serialize(quads: Quads, fmt: str) -> bytes:
    """The dataset in one of FORMATS; triple formats hold the union of the named graphs."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    ox_format, keeps_graphs = OX_FORMATS[fmt], FORMATS[fmt][1]
    if ox_format is None:
        return _jsonld(quads.dataset, quads.prefixes)
    if ox_format == ox.RdfFormat.N_QUADS:
        return ox.serialize(quads.items, format=ox_format)
    items: list = quads.by_graph() if keeps_graphs else quads.triples()
    use_prefixes = quads.prefixes if ox_format != ox.RdfFormat.N_TRIPLES else None
    return ox.serialize(items, format=ox_format, prefixes=use_prefixes)


TMP_SUFFIX = ".vdg-tmp"  # the mark of this module's temporary files: `.NAME.RANDOM.vdg-tmp` beside the target


def write_atomic(path: Path, data: bytes) -> None:
    """Write the bytes to the regular file at path so that a failure leaves the old file or none, never a
    partial one.

    The bytes go into `.NAME.RANDOM.vdg-tmp` in the target's folder, locked (flock) while it lives,
    which is then renamed over the target. A failure removes it; a writer killed outright (`kill -9`)
    cannot, so every write first removes the unlocked `*.vdg-tmp` files of its folder: a killed
    run's leftover lasts until the next write there. The file gets the permission bits of the file
    it replaces, else the usual 0666 less the umask.
    """
    path = Path(path)
    folder = path.parent
    sweep_temporary(folder)
    try:
        mode = os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    tmp = folder / f".{path.name}.{os.urandom(6).hex()}{TMP_SUFFIX}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    done = False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.fchmod(fd, mode)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
        os.replace(tmp, path)
        done = True
    finally:
        if not done:
            tmp.unlink(missing_ok=True)
        os.close(fd)


def sweep_temporary(folder: Path) -> list[Path]:
    """Remove the `.*.vdg-tmp` files in folder that no live writer holds (left by a killed run); return them."""
    removed = []
    for stale in folder.glob(f".*{TMP_SUFFIX}"):
        try:
            fd = os.open(stale, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
        except OSError:
            continue  # a symbolic link or gone: not ours to touch
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                continue
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # locked: a writer is using it
        else:
            stale.unlink(missing_ok=True)
            removed.append(stale)
        finally:
            os.close(fd)
    return removed
