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
from collections.abc import Iterable
from typing import Any, Callable

import pyoxigraph as ox

from graph.build import (LINE, Record, build, build_part, index_records, no_cyclic_gc, ontology_quads,
                         read_source_text, source_text_path)
from graph.manifest import CACHE_FORMAT, Stamp, fingerprint, inputs, read_manifest, stamps
from graph.errors import DataError
from graph.files import write_atomic
from graph.loader import Kind, folder_files, load_file, load_kinds

PART_FORMAT = "1"


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
    return _plain([rec.kind.name, rec.data.get("type")])


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
    return [rec.kind.name, rec.data.get("id"), _plain(rec.data.get("type")), rec.line, whole]


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
    if not isinstance(meta, dict) or not (parts / f"{key}.nq").is_file():
        return None
    return meta


def _part_quads(parts: Path, key: str, made: dict[str, list[ox.Quad]]) -> Iterable[ox.Quad]:
    """The quads of a part: those just built, else read back from its file."""
    if key in made:
        return made[key]
    return ox.parse(path=str(parts / f"{key}.nq"), format=ox.RdfFormat.N_QUADS)


def _text_hashes(texts: _Texts, stamped: dict[str, dict[str, Stamp]], ids: set[str]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for sid in sorted(ids):
        path = texts.paths.get(sid)
        stamp = stamped["texts"].get(path.name) if path is not None else None
        out[sid] = stamp[2] if stamp is not None else None
    return out


def build_store(folder: Path, data: Path, sources_dir: Path | None, check_quotes: bool, previous: Path | None,
                parts: Path, report: Callable[[str], None] = lambda message: None) -> dict[str, Any]:
    """Build the dataset into folder/store (see the module docstring); return its manifest. `previous` is
    the build folder in use, whose store and manifest may be reused. Raises DataError on bad data."""
    start = time.perf_counter()
    scanned_ns = time.time_ns()
    old = read_manifest(previous) if previous is not None else None
    stamped, _ = stamps(inputs(data, sources_dir), old["stamps"] if old else None, old["scanned_ns"] if old else 0)
    fp = fingerprint(stamped, check_quotes)
    parts.mkdir(parents=True, exist_ok=True)
    try:
        with no_cyclic_gc():
            plan = _plan(data, sources_dir, stamped, fp, parts)
    except (_Redo, DataError):
        build(data, sources_dir, check_quotes=check_quotes)  # raises the full build's own DataError
        raise DataError("the incremental build refused data the full build accepts", data) from None
    store_path = folder / "store"
    reuse = old is not None and old["fingerprint"] == fp and (previous / "store").is_dir()
    if reuse:
        assert previous is not None and old is not None
        ox.Store.read_only(str(previous / "store")).backup(str(store_path))
        store = ox.Store(str(store_path))
        gone = set(old["parts"].values()) - set(plan["parts"].values())
        came = set(plan["parts"].values()) - set(old["parts"].values())
        removed: set[ox.Quad] = set()
        added: set[ox.Quad] = set()
        for key in gone:
            removed.update(_part_quads(parts, key, plan["made"]))
        for key in came:
            added.update(_part_quads(parts, key, plan["made"]))
        for quad in removed - added:
            store.remove(quad)
        store.extend(added - removed)
        how = f"updated {len(came)} of {len(plan['parts'])} parts"
    else:
        store = ox.Store(str(store_path))
        store.bulk_extend(itertools.chain.from_iterable(  # one bulk load: each call writes its own files
            _part_quads(parts, key, plan["made"]) for key in plan["parts"].values()))
        how = "loaded every part"
    store.flush()
    del store
    report(f"built {plan['quads']} quads ({plan['rebuilt']} files rebuilt, {how}) in "
           f"{time.perf_counter() - start:.2f} s")
    return {"format": CACHE_FORMAT, "fingerprint": fp, "stamps": stamped,
            "scanned_ns": scanned_ns, "parts": plan["parts"], "quads": plan["quads"], "records": plan["records"],
            "data": str(data), "sources": str(sources_dir) if sources_dir else None, "check_quotes": check_quotes}


def _plan(data: Path, sources_dir: Path | None, stamped: dict[str, dict[str, Stamp]], fp: str,
          parts: Path) -> dict[str, Any]:
    """Make sure a part exists for the ontology and each data file, rebuilding those that are missing or
    whose dependencies changed; their keys by name, the quad and record counts."""
    kinds = load_kinds()
    files = folder_files(data, kinds)
    keys = {path.name: _key(fp, path.name, stamped["data"][path.name]) for path, _ in files}
    metas = {name: _read_part_meta(parts, key) for name, key in keys.items()}
    parsed: dict[str, list[Record]] = {}
    records: list[Record] = []
    for path, kind in files:
        meta = metas[path.name]
        if meta is None:
            parsed[path.name] = [Record(k, r, path) for k, r in load_file(path, kind, kinds)]
            records += parsed[path.name]
        else:
            records += [_stand_in(entry, kinds, path) for entry in meta["records"]]
    if not records:
        raise _Redo()
    index = index_records(records)
    texts = _Texts(index, sources_dir)
    for name, meta in metas.items():  # an unchanged file whose dependencies changed is rebuilt
        if meta is None:
            continue
        deps_now = {rid: _signature(index.get(rid)) for rid in meta["looked_up"]}
        if deps_now != meta["looked_up"] or _text_hashes(texts, stamped, set(meta["texts"])) != meta["texts"]:
            path, kind = next((p, k) for p, k in files if p.name == name)
            parsed[name] = [Record(k, r, path) for k, r in load_file(path, kind, kinds)]
    # a source text that changed is read now, as the full build reads them all (a text that is not UTF-8)
    for sid, path in texts.paths.items():
        if path is not None:
            texts.get(sid)
    onto_key = hashlib.sha256(f"{PART_FORMAT}\0{fp}\0ontology".encode()).hexdigest()[:32]
    need_ontology = bool(parsed) or _read_part_meta(parts, onto_key) is None
    onto = None
    made: dict[str, list[ox.Quad]] = {}
    if need_ontology:
        from ontology import load_ontology

        onto = load_ontology()
        if _read_part_meta(parts, onto_key) is None:
            quads = made[onto_key] = list(dict.fromkeys(ontology_quads(onto)))
            write_atomic(parts / f"{onto_key}.nq", ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
            write_atomic(parts / f"{onto_key}.json", json.dumps({"records": [], "quads": len(quads)}).encode())
    for name, recs in parsed.items():
        assert onto is not None
        part = build_part(onto, kinds, index, texts, recs)
        unique = made[keys[name]] = list(dict.fromkeys(part.quads))
        meta = {"records": [_entry(r) for r in recs], "quads": len(unique),
                "looked_up": {rid: _signature(index.get(rid)) for rid in sorted(part.looked_up)},
                "texts": _text_hashes(texts, stamped, part.texts_read)}
        write_atomic(parts / f"{keys[name]}.nq", ox.serialize(unique, format=ox.RdfFormat.N_QUADS) or b"")
        write_atomic(parts / f"{keys[name]}.json", json.dumps(meta).encode())
        metas[name] = meta
    by_name = {"(ontology)": onto_key, **keys}
    quads = sum(int(m["quads"]) for m in metas.values() if m) + int(_read_part_meta(parts, onto_key)["quads"])  # type: ignore[index]
    return {"parts": by_name, "quads": quads, "records": len(records), "rebuilt": len(parsed), "made": made}
