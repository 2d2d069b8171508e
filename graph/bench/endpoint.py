"""Time the question catalogue at a SPARQL endpoint: a store such as Virtuoso holding what `vdg push` loaded.

    vdg bench --endpoint http://HOST:8890/sparql [--runs N]

Each question is sent as `vdg query NAME --endpoint URL` sends it (queries.remote), with its default
parameters; the table gives the median milliseconds over the runs, the rows answered, or the store's error.
"""

from __future__ import annotations

from graph.bench.timing import median_time
from queries.catalogue import QueryError, load_catalogue
from queries.engines import Result
from queries.remote import query


def _size(result: Result) -> int:
    return len(result.rows) if result.kind == "select" else len(result.triples) if result.kind == "graph" else 1


def endpoint_table(endpoint: str, runs: int, timeout: float = 120.0) -> str:
    """A text table: each catalogue question's median time at the endpoint, its rows, or its error."""
    lines = [f"catalogue at {endpoint} (median of {runs} runs)",
             f"{'question':<34} {'ms':>10} {'rows':>7}"]
    total = 0.0
    for name, item in sorted(load_catalogue().items()):
        bindings = item.bindings()
        try:
            seconds, result = median_time(lambda: query(endpoint, item.text, bindings, timeout), runs)
        except QueryError as exc:
            lines.append(f"{name:<34} {'error':>10}  {str(exc)[:120]}")
            continue
        total += seconds
        lines.append(f"{name:<34} {seconds * 1000:>10.1f} {_size(result):>7}")
    lines.append(f"{'all answered questions':<34} {total * 1000:>10.1f}")
    return "\n".join(lines) + "\n"
