"""The review log of the web sources (issue 15, item 4) agrees with the data and with itself."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import yaml

from graph.loader import data_dir, load_folder, load_kinds

LOG = Path(__file__).resolve().parents[2] / "graph" / "review-log.yaml"
FIELDS = ("proposed", "kept", "corrected", "deleted", "added")


def _log() -> dict:
    return yaml.safe_load(LOG.read_text(encoding="utf-8"))


def test_every_web_source_has_one_entry() -> None:
    web = {rec["id"] for kind, rec, path in load_folder(data_dir(), load_kinds())
           if kind.name == "source" and path.name.startswith("web-")}
    entries = Counter(e["source"] for e in _log()["sources"])
    assert web and set(entries) == web, (sorted(web - set(entries)), sorted(set(entries) - web))
    assert all(n == 1 for n in entries.values()), [s for s, n in entries.items() if n > 1]


def test_each_proposal_is_kept_corrected_or_deleted() -> None:
    for entry in _log()["sources"]:
        for kind, counts in entry["kinds"].items():
            assert counts["proposed"] == counts["kept"] + counts["corrected"] + counts["deleted"], (entry["source"], kind)


def test_totals_are_the_sum_of_the_sources() -> None:
    log = _log()
    summed: dict[str, Counter[str]] = {}
    for entry in log["sources"]:
        for kind, counts in entry["kinds"].items():
            summed.setdefault(kind, Counter()).update({f: counts[f] for f in FIELDS})
    assert {k: {f: v[f] for f in FIELDS} for k, v in log["totals"].items()} == \
        {k: {f: v[f] for f in FIELDS} for k, v in summed.items()}
