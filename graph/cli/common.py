"""What every `vdg` subcommand shares: exit codes, messages, output files and the built graph."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING


if TYPE_CHECKING:  # the heavy modules load only for the commands that need them
    from rdflib import Graph

    from graph.build import BuildResult
    from graph.quads import Quads


EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A runtime or usage problem that is not bad data (exit 2)."""


def say(message: str) -> None:
    """A message for the user, on stderr."""
    print(message, file=sys.stderr, flush=True)


def build_graph(args: argparse.Namespace) -> BuildResult:
    """Build the graph from --data and --sources, saying what was built."""
    from graph.build import build

    start = time.perf_counter()
    result = build(args.data, args.sources, check_quotes=not args.no_quote_check)
    where = f"against {result.sources_dir}" if result.sources_dir else "(source texts not found: quotes not checked)"
    offline = (f"; {result.quotes_unchecked} quotes of web sources not re-checked offline (no snapshot)"
               if result.quotes_unchecked else "")
    say(f"built {result.records} records, {len(result.quads)} quads in "
        f"{time.perf_counter() - start:.2f} s; {result.quotes_checked} quotes checked {where}{offline}")
    return result


def reason(quads: Quads) -> Graph:
    """Add HermiT's inferences to the dataset as graph:inferred and return them."""
    from graph.reasoning import add_inferences
    from ontology.reasoner import ReasonerError

    try:
        found = add_inferences(quads)
    except ReasonerError as exc:
        raise UsageError(f"{exc} (use --no-reason to skip the reasoner)") from None
    say(f"HermiT: consistent; {len(found.facts)} new facts inferred in {found.seconds:.1f} s")
    return found.facts


def built(args: argparse.Namespace) -> Quads:
    """The built dataset, with HermiT's inferences as graph:inferred when --reason is given."""
    quads = build_graph(args).quads
    if args.reason:
        reason(quads)
    return quads


def output(data: bytes, out: Path | None) -> None:
    """Write to stdout, or to the file `out` atomically."""
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    if out.parent and not out.parent.is_dir():
        raise UsageError(f"{out}: folder {out.parent} does not exist")
    from graph.export import write_atomic

    write_atomic(out, data)
    say(f"wrote {out} ({len(data)} bytes)")
