"""`vdg ingest --source-id` refuses an id the data already uses, in any data file of the folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.ingest.pipeline import check_source_id, taken_ids
from tests.conftest import FIXTURES, run_vdg

ARTICLE = FIXTURES / "ingest" / "never-seen.txt"

REVIEWED = """\
source:
  - id: reviewed-article
    type: SourceDocument
    label: {vi: "Bài báo thử", en: "Test article"}
    fileName: reviewed.txt
    language: vi
agency:
  - id: reviewed-only-agency
    label: {vi: "Cục Thử Nghiệm", en: "Test Department"}
    source: reviewed-article
    quote: "Cục Thử Nghiệm"
"""


@pytest.mark.parametrize("taken", ["reviewed-article", "reviewed-only-agency"])
def test_an_id_of_a_reviewed_ingest_file_is_refused(tmp_path: Path, mini: tuple[Path, Path], taken: str) -> None:
    data, _ = mini
    (data / "article-reviewed.yaml").write_text(REVIEWED, encoding="utf-8")
    assert taken in taken_ids(data)
    out = tmp_path / "out.yaml"
    proc = run_vdg("ingest", str(ARTICLE), "--source-id", taken, "--data", str(data), "-o", str(out))
    err = proc.stderr.decode().strip()
    assert proc.returncode == 2, err
    assert len(err.splitlines()) == 1 and f"--source-id '{taken}' is already an id" in err and "Traceback" not in err
    assert not out.exists()


def test_an_id_of_the_packaged_data_is_refused() -> None:
    with pytest.raises(ValueError, match="already an id"):
        check_source_id("article-004")
    with pytest.raises(ValueError, match="lowercase ASCII"):
        check_source_id("Article-004")
    check_source_id("article-never-used-before")
