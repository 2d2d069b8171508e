"""Rewrite the golden answers of the catalogue questions (run after a deliberate data or query change):

    python3 tests/golden/update.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from graph.cache import cached_nquads  # noqa: E402
from queries.catalogue import load_catalogue  # noqa: E402
from queries.engines import load_store, run_oxigraph  # noqa: E402
from queries.results import render, to_json  # noqa: E402


def main() -> None:
    out = Path(__file__).resolve().parent / "queries"
    out.mkdir(exist_ok=True)
    store = load_store(cached_nquads()[0])
    for name, query in load_catalogue().items():
        result = run_oxigraph(store, query.text, query.bindings())
        doc = to_json(result) if result.kind != "graph" else render(result, "table")
        (out / f"{name}.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(name)


if __name__ == "__main__":
    main()
