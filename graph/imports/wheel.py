"""Read the province-level units of a `vietnam-provinces` release straight from its wheel (a zip
file that `pip download vietnam-provinces==VERSION --no-deps` fetches), without installing it, so
that an older release can be imported beside the installed one.

Only the wheel's own files are read, never executed: the name, version and summary from its
`*.dist-info/METADATA`, `__data_version__` from the package's `__init__.py` (a string literal, read
with `ast`), and the units from its JSON data file (`vietnam_provinces/data/nested-divisions.json`,
which the package documents as its data in JSON form).
"""

from __future__ import annotations

import ast
import json
import zipfile
from dataclasses import dataclass
from email.parser import Parser
from pathlib import Path
from typing import Any

MODULE = "vietnam_provinces"
DATA_FILE = f"{MODULE}/data/nested-divisions.json"
INIT_FILE = f"{MODULE}/__init__.py"


class WheelError(Exception):
    """The wheel cannot be read (code 2) or holds something this reader does not know (code 1)."""

    def __init__(self, reason: str, code: int) -> None:
        super().__init__(reason)
        self.code = code


@dataclass(frozen=True)
class Unit:
    """One province-level unit as the release states it; `code` is its code as the release writes it."""

    name: str
    code: str
    division_type: str
    codename: str


@dataclass(frozen=True)
class Release:
    """What one release of the package says: its metadata and its province-level units."""

    name: str
    version: str
    summary: str
    data_version: str
    units: tuple[Unit, ...]


def _text(archive: zipfile.ZipFile, member: str, wheel: Path) -> str:
    try:
        return archive.read(member).decode("utf-8")
    except KeyError:
        raise WheelError(f"{wheel.name}: no {member} in the wheel", 1) from None
    except UnicodeDecodeError:
        raise WheelError(f"{wheel.name}: {member} is not UTF-8 text", 1) from None


def _metadata(archive: zipfile.ZipFile, wheel: Path) -> tuple[str, str, str]:
    members = [m for m in archive.namelist() if m.count("/") == 1 and m.endswith(".dist-info/METADATA")]
    if len(members) != 1:
        raise WheelError(f"{wheel.name}: expected one *.dist-info/METADATA, found {len(members)}", 1)
    headers = Parser().parsestr(_text(archive, members[0], wheel), headersonly=True)
    fields = {key: headers.get(key) for key in ("Name", "Version", "Summary")}
    missing = [key for key, value in fields.items() if not value]
    if missing:
        raise WheelError(f"{wheel.name}: METADATA has no {missing[0]}", 1)
    return str(fields["Name"]), str(fields["Version"]), str(fields["Summary"])


def _data_version(source: str, wheel: Path) -> str:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        raise WheelError(f"{wheel.name}: {INIT_FILE} is not Python", 1) from None
    for node in tree.body:
        if (isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__data_version__" for t in node.targets)
                and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
            return node.value.value
    raise WheelError(f"{wheel.name}: {INIT_FILE} gives no __data_version__ string", 1)


def _unit(entry: Any, wheel: Path) -> Unit:
    if not isinstance(entry, dict):
        raise WheelError(f"{wheel.name}: {DATA_FILE}: a unit is not an object", 1)
    name, code, kind, codename = (entry.get(k) for k in ("name", "code", "division_type", "codename"))
    if (not isinstance(name, str) or not name.strip() or not isinstance(kind, str) or not isinstance(codename, str)
            or not codename or isinstance(code, bool) or not isinstance(code, int) or code <= 0):
        raise WheelError(f"{wheel.name}: {DATA_FILE}: unit {str(name)[:40]!r} lacks a name, a positive integer code, "
                         "a division type or a codename", 1)
    return Unit(name=name.strip(), code=str(code), division_type=kind, codename=codename)


def read_release(wheel: Path) -> Release:
    """The release a wheel holds; WheelError (code 2) when the file is missing or not a zip, (code 1)
    when the wheel lacks the files or fields read here or is another package."""
    try:
        archive = zipfile.ZipFile(wheel)
    except FileNotFoundError:
        raise WheelError(f"{wheel}: no such file", 2) from None
    except (zipfile.BadZipFile, IsADirectoryError, PermissionError, OSError) as exc:
        reason = "not a wheel (zip) file" if isinstance(exc, zipfile.BadZipFile) else (getattr(exc, "strerror", None) or str(exc))
        raise WheelError(f"{wheel}: {reason}", 2) from None
    with archive:
        name, version, summary = _metadata(archive, wheel)
        if name.lower().replace("_", "-") != "vietnam-provinces":
            raise WheelError(f"{wheel.name}: a wheel of {name!r}, not of vietnam-provinces", 1)
        data_version = _data_version(_text(archive, INIT_FILE, wheel), wheel)
        try:
            entries = json.loads(_text(archive, DATA_FILE, wheel))
        except json.JSONDecodeError as exc:
            raise WheelError(f"{wheel.name}: {DATA_FILE} is not JSON (line {exc.lineno})", 1) from None
    if not isinstance(entries, list) or not entries:
        raise WheelError(f"{wheel.name}: {DATA_FILE} holds no list of units", 1)
    units = tuple(_unit(e, wheel) for e in entries)
    codes = [u.code for u in units]
    if len(set(codes)) != len(codes):
        raise WheelError(f"{wheel.name}: {DATA_FILE} gives a code twice", 1)
    return Release(name=name, version=version, summary=summary, data_version=data_version, units=units)
