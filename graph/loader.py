"""Read the kinds table and the curated YAML files, keeping each record's line number."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from graph.errors import DataError

LINE = "__line__"


# libyaml's parser where PyYAML was built with it (the wheels are): 10x faster than the pure-Python one
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):  # type: ignore[misc, valid-type]
    """Safe YAML loader that remembers the line where each mapping starts."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
        duplicated = sorted({k for k in keys if keys.count(k) > 1})
        if duplicated:
            raise DataError(f"key '{duplicated[0]}' given twice", line=node.start_mark.line + 1)
        mapping = super().construct_mapping(node, deep=True)
        mapping[LINE] = node.start_mark.line + 1
        return mapping


# Dates stay the text the analyst wrote (2018-07-18): the builder reads them and reports an
# impossible one (2024-02-30) on one line, where PyYAML's timestamp would raise a bare ValueError.
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _SafeLoader.construct_scalar)


@dataclass(frozen=True)
class Kind:
    """One kind of record, as declared in kinds.yaml."""

    name: str
    cls: str
    file: str
    evidence: bool
    required: tuple[str, ...]


def data_dir() -> Path:
    """The packaged curated data folder."""
    return Path(str(resources.files("graph").joinpath("data")))


def load_kinds() -> dict[str, Kind]:
    """The kinds table shipped with the package."""
    text = resources.files("graph").joinpath("kinds.yaml").read_text(encoding="utf-8")
    table = yaml.safe_load(text)
    return {
        name: Kind(name, spec["class"], spec["file"], bool(spec["evidence"]), tuple(spec.get("required", ())))
        for name, spec in table.items()
    }


def _load(path: Path) -> Any:
    """The YAML document of one file; raises DataError naming the file on bad YAML."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", path) from None
    try:
        records = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a safe loader subclass
    except DataError as exc:
        raise DataError(exc.reason, path, exc.line) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataError(f"invalid YAML: {problem}", path, mark.line + 1 if mark else None) from None
    return records


def _record_list(value: Any, path: Path, line: int | None = None) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
        raise DataError("expected a list of records (mappings)", path, line)
    return value


def record_chunks(text: str) -> list[tuple[int, str]] | None:
    """The text of each top-level record of a file that is a plain block list of records (`- ` at the start
    of a line), with the line it starts on; None for any other shape (a document marker, a directive, a
    top-level mapping, anything else at column 0), whose records are then read only with the whole file."""
    chunks: list[tuple[int, list[str]]] = []
    for number, line in enumerate(text.splitlines(keepends=True), 1):
        if line.startswith("- ") or line.rstrip("\r\n") == "-":
            chunks.append((number, [line]))
        elif line[:1] in (" ", "#", "\r", "\n", ""):
            if chunks:
                chunks[-1][1].append(line)
            elif line.strip() and not line.startswith("#"):
                return None  # indented text before the first record
        else:
            return None
    return [(number, "".join(lines)) for number, lines in chunks] or None


def load_chunk(path: Path, first_line: int, text: str) -> list[dict[str, Any]]:
    """The records of one chunk of a data file (see record_chunks), with the line numbers they have in the file."""
    try:
        records = yaml.load("\n" * (first_line - 1) + text, Loader=_LineLoader)  # noqa: S506 - a safe loader subclass
    except DataError as exc:
        raise DataError(exc.reason, path, exc.line) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataError("invalid YAML", path, mark.line + 1 if mark else None) from None
    return _record_list(records, path)


def load_records(path: Path) -> list[dict[str, Any]]:
    """The list of records in one YAML file; raises DataError naming the file on bad YAML."""
    return _record_list(_load(path), path)


def load_mixed(path: Path, kinds: dict[str, Kind]) -> list[tuple[Kind, dict[str, Any]]]:
    """The records of a file that maps kind names to lists of records (as `vdg ingest` writes),
    each with its kind; raises DataError on an unknown kind or a malformed file.
    """
    document = _load(path)
    if document is None:
        return []
    if not isinstance(document, dict):
        raise DataError(f"no kind reads this file; data files are {', '.join(sorted(k.file for k in kinds.values()))}, "
                        f"or files that map kinds ({', '.join(kinds)}) to lists of records", path)
    found: list[tuple[Kind, dict[str, Any]]] = []
    for name, value in document.items():
        if name == LINE:
            continue
        if name not in kinds:
            raise DataError(f"unknown kind {name!r}; kinds are {', '.join(kinds)}", path, document.get(LINE))
        found.extend((kinds[name], record) for record in _record_list(value, path, document.get(LINE)))
    return found


def folder_files(data: Path, kinds: dict[str, Kind]) -> list[tuple[Path, Kind | None]]:
    """The YAML files of a data folder in reading order, each with its kind (None for a file that maps
    kinds to records): the files named after a kind first (in the order of kinds.yaml), then every
    other YAML file, sorted by name."""
    by_file = {k.file: k for k in kinds.values()}
    found: list[tuple[Path, Kind | None]] = [(data / k.file, k) for k in kinds.values() if (data / k.file).exists()]
    found += [(path, None) for path in sorted(data.glob("*.y*ml")) if path.name not in by_file]
    return found


def load_file(path: Path, kind: Kind | None, kinds: dict[str, Kind]) -> list[tuple[Kind, dict[str, Any]]]:
    """The records of one data file with their kinds (see folder_files)."""
    if kind is not None:
        return [(kind, r) for r in load_records(path)]
    return load_mixed(path, kinds)


def load_folder(data: Path, kinds: dict[str, Kind]) -> list[tuple[Kind, dict[str, Any], Path]]:
    """Every record of a data folder with its kind and file, in the order of folder_files (reviewed
    `vdg ingest` files included). The one reader of the data folder."""
    return [(k, r, path) for path, kind in folder_files(data, kinds) for k, r in load_file(path, kind, kinds)]
