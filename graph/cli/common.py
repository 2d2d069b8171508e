"""What every `vdg` subcommand shares: exit codes, messages, output files and the built graph."""

from __future__ import annotations

import argparse
import os
import stat
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


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush of a failed stdout stays quiet."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def write_stdout(data: bytes) -> None:
    """Write bytes to stdout; a stdout that cannot take them (a full disk) is a one-line runtime error."""
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        _silence_stdout()
        raise UsageError(f"cannot write to standard output: {exc.strerror or exc}") from None


def output_target(out: Path) -> tuple[Path, bool]:
    """Where `-o out` writes, and whether it is a regular file (or a new one) to replace atomically.

    A symbolic link is followed: its final target is replaced, the link kept. A character device or
    a FIFO (also behind a link, as /dev/stdout is) is written through, never replaced. Refuses with
    UsageError a folder, a socket, a block device, a link to nothing, a path in a missing folder.
    """
    try:
        mode = os.stat(out).st_mode  # follows links, /proc's magic links too
    except FileNotFoundError:
        if out.is_symlink():
            raise UsageError(f"{out}: a symbolic link to {os.path.realpath(out)}, which does not exist; "
                             "give the file itself") from None
        if not out.parent.is_dir():
            raise UsageError(f"{out}: folder {out.parent} does not exist") from None
        return out, True
    except OSError as exc:
        raise UsageError(f"{out}: {exc.strerror}") from None
    if stat.S_ISDIR(mode):
        raise UsageError(f"{out} is a folder; give a file name")
    if stat.S_ISSOCK(mode) or stat.S_ISBLK(mode):
        raise UsageError(f"{out} is a {'socket' if stat.S_ISSOCK(mode) else 'block device'}: not written")
    if stat.S_ISREG(mode):
        return (Path(os.path.realpath(out)) if out.is_symlink() else out), True
    return out, False


def output(data: bytes, out: Path | None) -> None:
    """Write to stdout, or to `out`: a regular file (or a new one) is replaced atomically, a symbolic
    link is followed and its target replaced, a character device or FIFO (/dev/null, a pipe) is
    written through; nothing else is written (see output_target)."""
    if out is None:
        write_stdout(data)
        return
    target, regular = output_target(out)
    if not regular:  # a character device or a FIFO: write through, never replace
        try:
            fd = os.open(target, os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        except OSError as exc:
            raise UsageError(f"{out}: {exc.strerror or exc}") from None
        say(f"wrote {len(data)} bytes to {out}")
        return
    from graph.files import write_atomic

    try:
        write_atomic(target, data)
    except OSError as exc:
        beside = exc.filename is not None and Path(exc.filename).name.endswith(".vdg-tmp")
        where = f"cannot write a new file in {target.parent}: " if beside else ""
        raise UsageError(f"{out}: {where}{exc.strerror or exc}") from None
    say(f"wrote {out}" + (f" (-> {target})" if target != out else "") + f" ({len(data)} bytes)")
