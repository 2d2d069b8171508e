"""The benchmark runs end to end at a small size, so that it cannot rot."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.cli import main
from queries.catalogue import load_catalogue


def test_bench_cli_small(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VDG_CACHE_DIR", str(tmp_path / "cache"))  # the repeated `vdg query` builds its own cache
    assert main(["bench", "--sizes", "2k", "--runs", "1", "--rdflib", "--rdflib-cap", "10"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    for name in load_catalogue():
        rows = [line for line in lines if line.startswith(f"| 2000 | {name} |")]
        assert len(rows) == 1, name
        cells = [c.strip() for c in rows[0].strip("|").split("|")]
        assert cells[3] != "—" and cells[4] != "—"  # default and raw pyoxigraph timed
        assert cells[6] != "—"  # rdflib timed (or marked as over the cap)
    for step in ("build", "export-ttl", "export-nt", "export-nq", "export-trig", "load pyoxigraph",
                 "pyoxigraph own ttl", "peak RSS MB after build"):
        assert f"| {step} |" in out, step
    verdicts = [line for line in lines if line.endswith(("| met |", "| MISSED |", "| not measured |"))]
    assert len(verdicts) == 17, verdicts
    assert any("byte-identical" in line and "| yes | met |" in line for line in verdicts), verdicts
    measured = {line.split("|")[1].strip(): line.split("|")[2].strip() for line in verdicts}
    assert all(value != "—" for what, value in measured.items() if "drawn" not in what and "1 ms" not in what), measured


def test_bench_bad_size() -> None:
    assert main(["bench", "--sizes", "lots"]) == 2
