"""`vdg ingest --check`: build a reviewed candidate file with the real builder, together with the
curated data and the source texts, the new article among them; then run what `vdg check` runs
(SHACL shapes, the cross-fact rules, optionally HermiT) and the form checks of figures; report
every fault at once, each naming the file, line and record."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from graph.build import BuildResult, build
from graph.errors import DataError
from graph.loader import LINE, Kind, data_dir, load_kinds, load_mixed

# The most builder faults looked for in one check (each one costs a build).
MAX_BUILDS = 25
# Words of a quote that make a percentage a share of a population, which cannot exceed 100.
POPULATION = ("dân số", "người dân", "hộ gia đình")


@dataclass
class Reviewed:
    """A reviewed file that passed: the build of the curated data with it, and the warnings about its records
    (a file with faults raises ReviewFailed instead)."""

    build: BuildResult
    warnings: list[str] = field(default_factory=list)


class ReviewFailed(DataError):
    """Faults of a reviewed file: str() is one line per fault, after a count."""

    def __init__(self, path: Path, faults: list[str]) -> None:
        self.faults = faults
        super().__init__(f"{len(faults)} fault{'s' if len(faults) != 1 else ''}:\n" + "\n".join(faults), path)


def _source_files(records: list[tuple[Kind, dict[str, Any]]]) -> list[str]:
    return sorted(str(r.get("fileName")) for kind, r in records if kind.name == "source" and r.get("fileName"))


def _where(path: Path, rec: dict[str, Any]) -> str:
    return f"{path}:{rec.get(LINE)}: record '{rec.get('id')}'"


def form_faults(path: Path, records: list[tuple[Kind, dict[str, Any]]]) -> list[str]:
    """Figures whose form does not fit their unit: a rank without its total, a count carrying an
    outOf, a percentage of a population above 100 (unless recorded as corrected), an index score
    outside 0..1, a period whose year does not occur in the quote (2023-H1: 2023)."""
    faults = []
    for kind, rec in records:
        if kind.name != "observation":
            continue
        unit, where = rec.get("unit"), _where(path, rec)
        raw = rec.get("quote")
        quote = " ".join(str(q) for q in raw) if isinstance(raw, list) else str(raw or "")
        try:
            value = Decimal(str(rec["value"])) if rec.get("value") is not None else None
        except InvalidOperation:
            value = None
        if unit == "Rank" and rec.get("outOf") is None:
            faults.append(f"{where}: a rank without its total (outOf): give the size of the ranking, or delete the record")
        if unit != "Rank" and rec.get("outOf") is not None:
            faults.append(f"{where}: outOf {rec['outOf']} on a {unit}: only a rank has a total")
        if unit == "Percent" and value is not None and value > 100 and not rec.get("corrected") \
                and any(w in quote.lower() for w in POPULATION):
            faults.append(f"{where}: {value}% of a population is impossible: a misprint? record the corrected value "
                          "with corrected: true and an editorialNote")
        if unit == "Index" and value is not None and not 0 <= value <= 1:
            faults.append(f"{where}: an index score of {value}, outside 0..1")
        if rec.get("period") is not None and str(rec["period"])[:4] not in quote:
            faults.append(f"{where}: period {rec['period']} does not occur in the quote: quote the words that date "
                          "the figure (up to two sentences) or remove the period")
    return faults


def _without(document: Any, drop: set[str]) -> Any:
    """The YAML document of a mixed file without the records of the given ids."""
    return {kind: [{k: v for k, v in r.items() if k != LINE} for r in records if str(r.get("id")) not in drop]
            for kind, records in document.items() if kind != LINE}


def check_reviewed(path: Path, sources: Path, article: Path | None = None, data: Path | None = None,
                   reasoner: bool = True) -> Reviewed:
    """Build the curated data plus the reviewed file and check it; raises ReviewFailed (every fault,
    one a line, naming the reviewed file and line) or DataError (a fault outside the file)."""
    data = data or data_dir()
    kinds = load_kinds()
    if path.name in {k.file for k in kinds.values()}:
        raise DataError("a candidate file must not be named after a kind's data file", path)
    records = load_mixed(path, kinds)
    lines = {str(r.get("id")): r for _, r in records}
    names = _source_files(records)
    faults = form_faults(path, records)
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
        built, dropped = None, set()
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for _ in range(MAX_BUILDS):
            try:
                built = build(work_data, work_sources)
                break
            except DataError as exc:
                if exc.file is None or Path(exc.file) != target:
                    raise  # the curated data or the source texts: not the reviewed file's fault
                if exc.record is None or exc.record in dropped or not isinstance(document, dict):
                    faults.append(str(DataError(exc.reason, path, exc.line, exc.record)))
                    break
                rec = lines.get(exc.record, {})
                faults.append(str(DataError(exc.reason, path, rec.get(LINE, exc.line), exc.record)))
                dropped.add(exc.record)  # leave it out and build again, to find the next fault
                target.write_text(yaml.safe_dump(_without(document, dropped), allow_unicode=True, sort_keys=False),
                                  encoding="utf-8")
        warnings: list[str] = []
        if built is not None:
            faults += _quality(path, built, lines, reasoner, warnings)
    if faults or built is None:  # no build without a fault: every failed build added one
        raise ReviewFailed(path, faults)
    return Reviewed(built, warnings)


def _quality(path: Path, built: BuildResult, lines: dict[str, dict[str, Any]], reasoner: bool,
             warnings: list[str]) -> list[str]:
    """What `vdg check` finds about the reviewed file's records: violations as faults, warnings kept."""
    from graph.report import check

    report = check(built.quads, reasoner=reasoner)
    faults = []
    for finding in sorted(report.findings, key=lambda f: f.sort_key()):
        ids = [e.rsplit("/", 1)[-1] for e in (finding.entity, finding.other_entity or "") if e]
        mine = [i for i in ids if i in lines]
        if not mine and finding.severity == "violation" and finding.rule != "owl-consistency":
            continue  # about the curated data only
        rec = lines.get(mine[0], {"id": ids[0] if ids else "?"}) if mine else {"id": "?"}
        line = f"{path}:{rec.get(LINE)}: record '{rec.get('id')}': {finding.rule}: {finding.message}" if mine \
            else f"{path}: {finding.rule}: {finding.message}"
        if finding.severity == "violation":
            faults.append(line)
        elif mine:
            warnings.append(line)
    return faults
