"""Build the dataset into an on-disk Oxigraph store, reusing the quads of every data file that did not change.

The quads of each data file are kept under parts/ by the file's content (with the builder's fingerprint
and the file's name, which gives its kind): `KEY.nq` and `KEY.json`, the latter holding what the
file's records show to other files (id, kind, type, line; a source record whole) and what building
them read from other files: every id looked up (with the kind and type it had, or its absence) and
every source text read (with its SHA-256). A file whose own content is unchanged is rebuilt only when
one of those differs now; the cross-file checks (duplicate ids, every reference, every source text
present) run again on every build over all the records.

Every record's quads have that record's IRI as subject, and the ontology's are in its own graph, so the
parts are disjoint and the store is updated by removing the quads of the parts that went and adding
those of the parts that came. With a previous store of the same builder, the new store starts as a
RocksDB checkpoint of it (hard links; Store.backup), else it is bulk-loaded from the parts.

On any data error the plain full build (graph.build.build) runs, so that the error reported is the one
it reports, naming the first bad file and record; the incremental result equals a full build's (a test
compares their sorted N-Quads byte for byte).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import time
from pathlib import Path
from collections.abc import Iterable, Iterator
from typing import Any, Callable

import pyoxigraph as ox

from graph.build import (LINE, Record, build, build_parts, index_records, no_cyclic_gc, ontology_quads,
                         read_source_text, source_text_path)
from graph.manifest import CACHE_FORMAT, Stamp, fingerprint, inputs, read_manifest, stamps
from graph.errors import DataError
from graph.files import write_atomic
from graph.loader import Kind, folder_files, load_chunk, load_file, load_kinds, record_chunks

PART_FORMAT = "2"


def _plain(value: Any) -> Any:
    """A record's data without its line numbers, as JSON gives it back (so that a record read from YAML
    and the same record read back from a part compare equal)."""
    def strip(v: Any) -> Any:
        if isinstance(v, dict):
            return {k: strip(x) for k, x in v.items() if k != LINE}
        if isinstance(v, list):
            return [strip(x) for x in v]
        return v

    return json.loads(json.dumps(strip(value), default=str))


def _signature(rec: Record | None) -> Any:
    """What a record shows to the records that refer to it: its kind and type (a source: all its data)."""
    if rec is None:
        return None
    if rec.kind.name == "source":
        return [rec.kind.name, _plain(rec.data)]
    kind = rec.data.get("type")
    return [rec.kind.name, kind if kind is None or isinstance(kind, str) else _plain(kind)]


class _Signatures(dict):
    """_signature of each id of the index, made once."""

    def __init__(self, index: dict[str, Record]) -> None:
        super().__init__()
        self.index = index

    def __missing__(self, rid: str) -> Any:
        value = self[rid] = _signature(self.index.get(rid))
        return value


def _stand_in(entry: list[Any], kinds: dict[str, Kind], path: Path) -> Record:
    """The record a part's entry describes (enough of it for the index)."""
    kind, rid, type_, line, whole = entry
    data = dict(whole) if whole is not None else {"id": rid}
    if type_ is not None:
        data["type"] = type_
    data[LINE] = line
    return Record(kinds[kind], data, path)


def _entry(rec: Record) -> list[Any]:
    whole = _plain(rec.data) if rec.kind.name == "source" else None
    kind = rec.data.get("type")
    return [rec.kind.name, rec.data.get("id"), kind if kind is None or isinstance(kind, str) else _plain(kind),
            rec.line, whole]


class _Texts:
    """The source texts by source id, read when first asked for (graph.build reads them through .get)."""

    def __init__(self, index: dict[str, Record], sources_dir: Path | None) -> None:
        self.index, self.sources_dir = index, sources_dir
        self.paths: dict[str, Path | None] = {}
        self.read: dict[str, str | None] = {}
        for rid, rec in index.items():  # every source's text present (the check runs on every build)
            if rec.kind.name == "source":
                self.paths[rid] = source_text_path(rec, sources_dir)

    def get(self, source: str) -> str | None:
        if source not in self.read:
            path = self.paths.get(source)
            self.read[source] = None if path is None else read_source_text(self.index[source], path)
        return self.read[source]


class _Redo(Exception):
    """The incremental path met bad data: the full build says what (DataError)."""


def _key(fp: str, name: str, stamp: Stamp) -> str:
    return hashlib.sha256(f"{PART_FORMAT}\0{fp}\0{name}\0{stamp[2]}".encode()).hexdigest()[:32]


def _read_part_meta(parts: Path, key: str) -> dict[str, Any] | None:
    try:
        meta = json.loads((parts / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or not isinstance(meta.get("records"), list) or not (parts / f"{key}.nq").is_file():
        return None
    return meta


def _part_lines(parts: Path, key: str) -> list[bytes]:
    return (parts / f"{key}.nq").read_bytes().splitlines(keepends=True)


def _text_hashes(texts: _Texts, stamped: dict[str, dict[str, Stamp]], ids: Iterable[str]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for sid in sorted(ids):
        path = texts.paths.get(sid)
        stamp = stamped["texts"].get(path.name) if path is not None else None
        out[sid] = stamp[2] if stamp is not None else None
    return out


def _chunk_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


class _Lazy:
    """The lines of a part, read on first slicing."""

    def __init__(self, parts: Path, key: str) -> None:
        self.parts, self.key = parts, key
        self.lines: list[bytes] | None = None

    def __getitem__(self, cut: slice) -> _Slice:
        return _Slice(self, cut)

    def read(self, cut: slice) -> list[bytes]:
        if self.lines is None:
            self.lines = _part_lines(self.parts, self.key)
        return self.lines[cut]


class _Slice:
    """The lines of one record in a part not read yet."""

    def __init__(self, part: _Lazy, cut: slice) -> None:
        self.part, self.cut = part, cut

    def __len__(self) -> int:
        return int(self.cut.stop - self.cut.start)

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.part.read(self.cut))


class _File:
    """One data file in the plan: its records (read, or stood in for from a part) and, per record, the
    N-Quads lines of its quads (reused from a part, or None until built) and its part entry."""

    def __init__(self, path: Path, kind: Kind | None, key: str) -> None:
        self.path, self.kind, self.key = path, kind, key
        self.records: list[Record] = []
        self.lines: list[list[bytes] | None] = []
        self.infos: list[dict[str, Any] | None] = []  # looked_up and texts of a reused record
        self.chunks: list[str | None] = []  # the hash of each record's text, where the file splits into records
        self.exact = False  # a part of exactly this content exists
        self.old_lines: list[bytes] | None = None  # the lines of the part the file had in the previous build

    def read_whole(self, kinds: dict[str, Kind]) -> None:
        """Read every record of the file, to be built, noting each one's text where the file splits into records."""
        self.records = [Record(k, r, self.path) for k, r in load_file(self.path, self.kind, kinds)]
        self.lines, self.infos = [None] * len(self.records), [None] * len(self.records)
        self.chunks = [None] * len(self.records)
        if self.kind is not None:
            chunks = record_chunks(self.path.read_text(encoding="utf-8"))
            if chunks is not None and len(chunks) == len(self.records) and \
                    all(rec.line == line for rec, (line, _) in zip(self.records, chunks)):
                self.chunks = [_chunk_hash(text) for _, text in chunks]

    def take_part(self, meta: dict[str, Any], lines: Any, kinds: dict[str, Kind]) -> None:
        """Every record of a part of this very content, standing in, with its lines."""
        at = 0
        for info in meta["records"]:
            count = int(info["quads"])
            self.records.append(_stand_in(info["entry"], kinds, self.path))
            self.lines.append(lines[at:at + count])
            self.infos.append(info)
            self.chunks.append(info.get("chunk"))
            at += count

    def take_unchanged(self, meta: dict[str, Any], lines: list[bytes], kinds: dict[str, Kind]) -> bool:
        """The records of the file's previous part whose text is unchanged, standing in; the others read
        from their own text. False when the file does not split into records (it is then read whole)."""
        split = record_chunks(self.path.read_text(encoding="utf-8")) if self.kind is not None else None
        if split is None:
            return False
        by_chunk: dict[str, tuple[int, dict[str, Any]]] = {}
        at = 0
        for info in meta["records"]:
            if info.get("chunk"):
                by_chunk[info["chunk"]] = (at, info)
            at += int(info["quads"])
        for line, text in split:
            chunk = _chunk_hash(text)
            found = by_chunk.get(chunk)
            if found is not None:
                start, info = found
                entry = list(info["entry"])
                entry[3] = line  # the record's line in the file now
                self.records.append(_stand_in(entry, kinds, self.path))
                self.lines.append(lines[start:start + int(info["quads"])])
                self.infos.append(info)
            else:
                read = load_chunk(self.path, line, text)
                if len(read) != 1 or self.kind is None:
                    return False
                self.records.append(Record(self.kind, read[0], self.path))
                self.lines.append(None)
                self.infos.append(None)
            self.chunks.append(chunk)
        return True

    def reread(self, i: int) -> Record:
        """The record at i read from its own text (it was a stand-in)."""
        assert self.kind is not None
        for start, text in record_chunks(self.path.read_text(encoding="utf-8")) or []:
            if start == self.records[i].line:
                read = load_chunk(self.path, start, text)
                if len(read) == 1:
                    return Record(self.kind, read[0], self.path)
        raise _Redo()


def _plan(data: Path, sources_dir: Path | None, stamped: dict[str, dict[str, Stamp]], fp: str, parts: Path,
          old_parts: dict[str, str], rehashed: set[str]) -> dict[str, Any]:
    """Write a part for the ontology and each data file, reusing the quads of every record whose text and
    dependencies are unchanged (old_parts: the previous build's parts, same builder); the parts' keys by
    file name, each file's old and new lines, and the counts."""
    kinds = load_kinds()
    files = [_File(path, kind, _key(fp, path.name, stamped["data"][path.name])) for path, kind in folder_files(data, kinds)]
    for f in files:
        old_key = old_parts.get(f.path.name)
        if old_key is not None and old_key != f.key and (parts / f"{old_key}.nq").is_file():
            f.old_lines = _part_lines(parts, old_key)
        meta = _read_part_meta(parts, f.key)
        if meta is not None:  # its lines are read only if a record of it must be built again
            f.exact = True
            f.take_part(meta, _Lazy(parts, f.key), kinds)
            continue
        old_meta = _read_part_meta(parts, old_key) if old_key is not None else None
        if old_meta is None or f.old_lines is None or not f.take_unchanged(old_meta, f.old_lines, kinds):
            f.records, f.lines, f.infos, f.chunks = [], [], [], []
            f.read_whole(kinds)
    records = [rec for f in files for rec in f.records]
    if not records:
        raise _Redo()
    index = index_records(records)  # the cross-file checks, over every record: duplicate ids
    texts = _Texts(index, sources_dir)  # every source's text present
    signature = _Signatures(index)
    text_hash: dict[str, str | None] = {}

    def text_hashes(ids: Iterable[str]) -> dict[str, str | None]:
        for sid in ids:
            if sid not in text_hash:
                text_hash.update(_text_hashes(texts, stamped, [sid]))
        return {sid: text_hash[sid] for sid in sorted(ids)}

    for f in files:  # a reused record whose dependencies changed is built again (the references checked again)
        for i, info in enumerate(list(f.infos)):
            if info is None:
                continue
            deps_now = {rid: signature[rid] for rid in info["looked_up"]}
            if deps_now != info["looked_up"] or (info["texts"] and text_hashes(info["texts"]) != info["texts"]):
                if f.chunks[i] is None:
                    f.read_whole(kinds)
                    break
                f.records[i], f.lines[i], f.infos[i] = f.reread(i), None, None
    for sid, path in texts.paths.items():  # every new or changed source text is read (and so checked)
        if path is not None and ("*" in rehashed or f"texts/{path.name}" in rehashed):
            texts.get(sid)
    onto_key = hashlib.sha256(f"{PART_FORMAT}\0{fp}\0ontology".encode()).hexdigest()[:32]
    to_build = [(f, i) for f in files for i, lines in enumerate(f.lines) if lines is None]
    made: dict[str, list[ox.Quad]] = {}
    onto = None
    if to_build or _read_part_meta(parts, onto_key) is None:
        from ontology import load_ontology

        onto = load_ontology()
    if _read_part_meta(parts, onto_key) is None:
        assert onto is not None
        quads = made[onto_key] = list(dict.fromkeys(ontology_quads(onto)))
        write_atomic(parts / f"{onto_key}.nq", ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"")
        write_atomic(parts / f"{onto_key}.json", json.dumps({"records": [], "quads": len(quads)}).encode())
    built_in: dict[int, list[list[ox.Quad]]] = {}
    if to_build:
        assert onto is not None
        by_file: dict[int, list[tuple[int, list[ox.Quad]]]] = {}
        for (f, i), part in zip(to_build, build_parts(onto, kinds, index, texts, [f.records[i] for f, i in to_build])):
            unique = list(dict.fromkeys(part.quads))
            by_file.setdefault(id(f), []).append((i, unique))
            built_in.setdefault(id(f), []).append(unique)
            f.infos[i] = {"looked_up": {rid: signature[rid] for rid in sorted(part.looked_up)},
                          "texts": text_hashes(part.texts_read)}
        for f in files:  # one serialisation per file, cut into the records' lines (one quad a line)
            pieces = by_file.get(id(f), [])
            blob = ox.serialize([q for _, quads in pieces for q in quads], format=ox.RdfFormat.N_QUADS) or b""
            lines, at = blob.splitlines(keepends=True), 0
            for i, quads in pieces:
                f.lines[i], at = lines[at:at + len(quads)], at + len(quads)
    changed: dict[str, tuple[list[bytes], list[bytes]]] = {}
    for f in files:
        if len(built_in.get(id(f), [])) == len(f.records):  # built whole now: hand the quads to the store
            made[f.key] = [q for quads in built_in.get(id(f), []) for q in quads]
        write = not (f.exact and id(f) not in built_in)
        differs = bool(old_parts) and (old_parts.get(f.path.name) != f.key or id(f) in built_in)
        if not write and not differs:
            continue
        new_lines = [line for lines in f.lines if lines for line in lines]
        old_lines: list[bytes] = []
        if differs:  # read before this file's part may be written again below
            old_lines = f.old_lines if f.old_lines is not None else \
                (_part_lines(parts, old_parts[f.path.name]) if f.path.name in old_parts else [])
        if write:
            entries = [{"entry": _entry(rec), "chunk": chunk, "quads": len(lines or []),
                        "looked_up": (info or {})["looked_up"], "texts": (info or {})["texts"]}
                       for rec, info, chunk, lines in zip(f.records, f.infos, f.chunks, f.lines)]
            write_atomic(parts / f"{f.key}.nq", b"".join(new_lines))
            write_atomic(parts / f"{f.key}.json", json.dumps({"records": entries, "quads": len(new_lines)}).encode())
        if differs:
            changed[f.path.name] = (old_lines, new_lines)
    total = sum(len(lines) for f in files for lines in f.lines if lines)
    total += int((_read_part_meta(parts, onto_key) or {}).get("quads", 0))
    return {"parts": {"(ontology)": onto_key, **{f.path.name: f.key for f in files}}, "quads": total,
            "records": len(records), "built": len(to_build), "made": made, "changed": changed}


def build_store(folder: Path, data: Path, sources_dir: Path | None, check_quotes: bool, previous: Path | None,
                parts: Path, report: Callable[[str], None] = lambda message: None) -> dict[str, Any]:
    """Build the dataset into folder/store (see the module docstring); return its manifest. `previous` is
    the build folder in use, whose store and manifest may be reused. Raises DataError on bad data."""
    start = time.perf_counter()
    scanned_ns = time.time_ns()
    old = read_manifest(previous) if previous is not None else None
    stamped, hashed = stamps(inputs(data, sources_dir), old["stamps"] if old else None,
                             old["scanned_ns"] if old else 0)
    fp = fingerprint(stamped, check_quotes)
    reuse = old is not None and previous is not None and old["fingerprint"] == fp and (previous / "store").is_dir()
    old_parts: dict[str, str] = dict(old["parts"]) if reuse and old is not None else {}
    parts.mkdir(parents=True, exist_ok=True)
    try:
        with no_cyclic_gc():
            plan = _plan(data, sources_dir, stamped, fp, parts, old_parts, set(hashed) if old else {"*"})
    except (_Redo, DataError):
        build(data, sources_dir, check_quotes=check_quotes)  # raises the full build's own DataError
        raise DataError("the incremental build refused data the full build accepts", data) from None
    store_path = folder / "store"
    if reuse:
        assert previous is not None
        ox.Store.read_only(str(previous / "store")).backup(str(store_path))  # a checkpoint: hard links
        store = ox.Store(str(store_path))
        gone: set[bytes] = set()
        came: set[bytes] = set()
        for name, key in old_parts.items():
            if name not in plan["parts"]:  # a file that went, or the ontology's part of another build
                gone.update(_part_lines(parts, key) if (parts / f"{key}.nq").is_file() else [])
        for old_lines, new_lines in plan["changed"].values():
            gone.update(old_lines)
            came.update(new_lines)
        removed, added = gone - came, came - gone
        for quad in ox.parse(b"".join(sorted(removed)), format=ox.RdfFormat.N_QUADS):
            store.remove(quad)
        store.extend(ox.parse(b"".join(sorted(added)), format=ox.RdfFormat.N_QUADS))
        how = f"store updated: {len(removed)} quads out, {len(added)} in"
    else:
        store = ox.Store(str(store_path))
        store.bulk_extend(itertools.chain.from_iterable(  # one bulk load: each call writes its own files
            plan["made"][key] if key in plan["made"] else
            ox.parse(path=str(parts / f"{key}.nq"), format=ox.RdfFormat.N_QUADS) for key in plan["parts"].values()))
        how = "store loaded"
    store.flush()
    del store
    report(f"built {plan['quads']} quads: {plan['built']} of {plan['records']} records built, the others' quads "
           f"reused; {how}; {time.perf_counter() - start:.2f} s")
    return {"format": CACHE_FORMAT, "fingerprint": fp, "stamps": stamped, "scanned_ns": scanned_ns,
            "parts": plan["parts"], "quads": plan["quads"], "records": plan["records"], "data": str(data),
            "sources": str(sources_dir) if sources_dir else None, "check_quotes": check_quotes}
