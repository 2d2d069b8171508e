"""`vdg ingest --check`: build a reviewed candidate file with the real builder, together with the
curated data and the source texts, the new article among them."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from graph.build import BuildResult, build
from graph.errors import DataError
from graph.loader import data_dir, load_kinds, load_mixed


def _source_files(path: Path) -> list[str]:
    return sorted(str(r.get("fileName")) for kind, r in load_mixed(path, load_kinds())
                  if kind.name == "source" and r.get("fileName"))


def check_reviewed(path: Path, sources: Path, article: Path | None = None, data: Path | None = None) -> BuildResult:
    """Build the curated data plus the reviewed file; the article, if given, is the text of the
    file's source record. Raises DataError (naming the reviewed file and line) on any fault."""
    data = data or data_dir()
    kinds = load_kinds()
    names = _source_files(path)
    if path.name in {k.file for k in kinds.values()}:
        raise DataError("a candidate file must not be named after a kind's data file", path)
    with tempfile.TemporaryDirectory(prefix="vdg-check-") as tmp:
        work_data, work_sources = Path(tmp) / "data", Path(tmp) / "sources"
        shutil.copytree(data, work_data)
        target = work_data / path.name
        if target.exists():
            raise DataError(f"{data} already holds a file named {path.name}", path)
        shutil.copyfile(path, target)
        work_sources.mkdir()
        for text in sorted(sources.iterdir()):
            if text.is_file():
                (work_sources / text.name).symlink_to(text.resolve())
        if article is not None:
            if len(names) != 1:
                raise DataError(f"--article needs exactly one source record in the file, found {len(names)}", path)
            if (work_sources / names[0]).exists():
                (work_sources / names[0]).unlink()
            (work_sources / names[0]).symlink_to(article.resolve())
        try:
            return build(work_data, work_sources)
        except DataError as exc:
            file = path if exc.file is not None and Path(exc.file) == target else exc.file
            raise DataError(exc.reason, file, exc.line, exc.record) from None
