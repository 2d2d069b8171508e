"""The `vdg` command: build, reason, export and query the knowledge graph.

Exit codes: 0 ok, 1 data or validation failure (a bad record, an empty data folder, an
inconsistent ontology), 2 usage or runtime error (a bad option or value, a missing folder or
file, an output that cannot be written, a malformed or refused query, a port in use, no Java).
Every error is one line on stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, Callable, NoReturn

from graph.cli import argtypes
from graph.cli.common import EXIT_DATA, EXIT_OK, EXIT_USAGE, UsageError, say
from graph.cli.graph_commands import (cmd_build, cmd_check, cmd_docs, cmd_export, cmd_push, cmd_reason, cmd_run,
                                      cmd_stats, cmd_viz)
from graph.cli.ingest_command import cmd_ingest
from graph.cli.query_commands import cmd_queries, cmd_query, cmd_serve
from graph.cli.site_command import cmd_site
from graph.errors import DataError
from graph.formats import FORMATS, NETWORK_FORMATS
from queries.catalogue import QueryError


def cmd_bench(args: argparse.Namespace) -> int:
    from graph.bench.sizes import from_args  # lazy: generates, builds and queries synthetic graphs

    for name in ("runs", "build_runs"):
        if getattr(args, name, None) is not None and getattr(args, name) < 1:
            raise UsageError(f"--{name.replace('_', '-')} {getattr(args, name)}: must be 1 or more")
    try:
        text = from_args(args)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    print(text, end="")
    return EXIT_OK


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("vdg")
    except PackageNotFoundError:  # run from a checkout that is not installed
        return "(not installed)"


class _Version(argparse.Action):
    """--version, looked up only when asked for (reading the package metadata costs every command 60 ms)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        print(f"{parser.prog} {_version()}")
        parser.exit()


class _Parser(argparse.ArgumentParser):
    """argparse with its errors in one line (no usage block): `vdg CMD: error: ... (see vdg CMD --help)`."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {' '.join(message.split())} (see {self.prog} --help)\n")


def parser() -> argparse.ArgumentParser:
    """The argument parser of the `vdg` command."""
    common = _Parser(add_help=False)
    common.add_argument("--data", type=argtypes.folder, default=None, help="folder of curated YAML (default: the packaged graph/data)")
    common.add_argument("--sources", type=argtypes.folder, default=None,
                        help="folder of source texts for quote checks (default: $VDG_SOURCES or ../shared/sources)")
    common.add_argument("--no-quote-check", action="store_true", help="do not check quotes against the source texts")

    top = _Parser(prog="vdg", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    top.add_argument("--version", action=_Version)
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func: Callable[[argparse.Namespace], int], help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_, description=help_)
        p.set_defaults(func=func)
        return p

    add("build", cmd_build, "validate the curated data, build the graph and report counts per kind")
    p = add("stats", cmd_stats, "counts of individuals per class and of triples per source graph")
    p.add_argument("--format", choices=["table", "json"], default="table")
    add("reason", cmd_reason, "run the HermiT reasoner: check consistency and print the facts it infers")
    p = add("export", cmd_export, "serialise the graph (stdout, or -o FILE written atomically)")
    p.add_argument("--format", "-f", choices=[*FORMATS, *NETWORK_FORMATS, "void"], default="ttl",
                   help="void: the dataset description (VoID + DCAT, Turtle)")
    p.add_argument("--sparql-endpoint", type=argtypes.http_url, default=None, metavar="URL", help="with -f void: a public SPARQL endpoint to name")
    p.add_argument("-o", "--output", type=Path, default=None)
    p.add_argument("--reason", action="store_true", help="include the reasoner's inferences as graph:inferred")
    p = add("run", cmd_run, "main job: build, reason, export Turtle and TriG to --out, print a summary")
    p.add_argument("--out", type=Path, default=Path("out"))
    p.add_argument("--no-reason", action="store_true", help="skip the HermiT reasoner (for a machine without Java)")
    p = add("query", cmd_query, "answer a catalogue question, an .rq file or a SPARQL expression")
    p.add_argument("query", nargs="?", help="catalogue name (see `vdg queries`) or path of an .rq file")
    p.add_argument("-e", "--expression", type=argtypes.sparql_text, help="SPARQL query text (not empty)")
    p.add_argument("--param", action="append", default=[], metavar="KEY=VALUE", help="bind a parameter (repeatable)")
    p.add_argument("--format", "-f", choices=["table", "csv", "tsv", "json", "md"], default="table",
                   help="CONSTRUCT and DESCRIBE answers: table is N-Triples, json is JSON-LD; csv, tsv and md are refused")
    p.add_argument("--engine", choices=["oxigraph", "rdflib"], default="oxigraph")
    p.add_argument("--endpoint", type=argtypes.http_url,
                   help="http(s) URL of a SPARQL 1.1 query endpoint to ask instead of the local graph")
    p.add_argument("--timeout", type=argtypes.seconds, default=None, help="give up after this many seconds (> 0)")
    p.add_argument("-o", "--output", type=Path, default=None)
    p = sub.add_parser("queries", help="list the catalogue of questions with their parameters")
    p.add_argument("--lang", choices=["en", "vi"], default="en")
    p.add_argument("--format", choices=["text", "md"], default="text", help="md: the README's catalogue table")
    p.set_defaults(func=cmd_queries)
    p = add("push", cmd_push, "load the graph into a SPARQL 1.1 store through the Graph Store Protocol")
    p.add_argument("--endpoint", required=True, type=argtypes.http_url,
                   help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store")
    p.add_argument("--timeout", type=argtypes.seconds, default=None, help="seconds per request (> 0)")
    p.add_argument("--reason", action="store_true", help="also push the reasoner's inferences as graph:inferred")
    p.add_argument("--protocol", choices=["gsp", "update"], default="gsp",
                   help="gsp: PUT each graph (Graph Store Protocol); update: SPARQL 1.1 Update in batches "
                        "(for Virtuoso: http://HOST:8890/sparql-auth)")
    p.add_argument("--user", default=None, metavar="NAME",
                   help="user name for a store that asks for one (HTTP Digest or Basic); the password is read "
                        "from the environment variable VDG_PASSWORD")
    p = add("viz", cmd_viz, "draw the graph as one self-contained HTML page that works offline")
    p.add_argument("-o", "--output", type=Path, default=None, help="HTML file to write (default: stdout)")
    p.add_argument("--lang", choices=["vi", "en"], default="vi", help="language of the labels shown first")
    p.add_argument("--focus", default=None, metavar="ID", help="draw only the neighbourhood of this node (IRI, kind/slug or slug)")
    p.add_argument("--depth", type=argtypes.count, default=1, help="with --focus: how many links away to draw (0 or more)")
    p.add_argument("--classes", type=argtypes.class_names, default=None, metavar="CLASS,...",
                   help="draw only members of these ontology classes (subclasses included); an unknown class is an error")
    p.add_argument("--title", default="VDG", help="page title")
    p = add("check", cmd_check, "check the graph: SHACL shapes, HermiT consistency, cross-fact rules (exit 1 on a violation)")
    p.add_argument("--format", "-f", choices=["text", "json", "ttl"], default="text")
    p.add_argument("-o", "--output", type=Path, default=None)
    p.add_argument("--no-reason", action="store_true", help="skip the HermiT reasoner")
    p = add("docs", cmd_docs, "write the ontology's HTML documentation (works offline) to a folder")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="DIR",
                   help="folder to write index.html into (created if missing)")
    p = add("serve", cmd_serve, "serve the graph over HTTP: a read-only SPARQL 1.1 endpoint and a query page")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only)")
    p.add_argument("--port", type=argtypes.port, default=8000, help="TCP port, 1-65535 (default 8000)")
    p.add_argument("--timeout", type=argtypes.seconds, default=10.0, help="seconds per query before 504 (default 10)")
    p.add_argument("--max-rows", type=argtypes.positive_int, default=10_000,
                   help="rows per answer, 1 or more; more are cut (default 10000)")
    p.add_argument("--max-bytes", type=argtypes.positive_int, default=64 * 1024,
                   help="largest request accepted in bytes, 1 or more (default 64 KB)")
    p.add_argument("--workers", type=argtypes.positive_int, default=4, help="query worker processes (default 4)")
    p.add_argument("--memory-mb", type=argtypes.positive_int, default=1024,
                   help="memory cap of one query worker in MB, 64 or more (default 1024)")
    p.add_argument("--allowed-host", action="append", default=[], metavar="NAME",
                   help="a name the Host header may carry besides the listening address and localhost (repeatable)")
    p = add("site", cmd_site, "write the graph as a static site: a page per entity, index with search, graph view, "
            "ontology docs, dumps, dataset description (works from file:// and any static host)")
    p.add_argument("-o", "--output", type=Path, required=True, help="new or empty folder (or one `vdg site` wrote)")
    p.add_argument("--lang", choices=["vi", "en"], default="vi", help="language the graph view shows first")
    p.add_argument("--sparql-endpoint", type=argtypes.http_url, default=None, metavar="URL", help="a public SPARQL endpoint to name in the description")
    p = add("ingest", cmd_ingest, "propose sourced facts from a new Vietnamese article as candidate YAML for review, "
            "or --check a reviewed file")
    p.add_argument("article_file", nargs="?", type=Path, metavar="ARTICLE.txt", help="the article, UTF-8 text (NFC or NFD)")
    p.add_argument("--source-id", help="id of the new source record (lowercase slug, e.g. article-007)")
    p.add_argument("--title", help="the article's headline, as printed")
    p.add_argument("--date", help="the day it was published (YYYY-MM-DD)")
    p.add_argument("--url", help="where it was published")
    p.add_argument("-o", "--output", type=Path, default=None, help="candidate file to write (default: stdout)")
    p.add_argument("--check", type=Path, default=None, metavar="FILE",
                   help="build a reviewed candidate file with the curated data instead (exit 1 on a fault)")
    p.add_argument("--article", type=Path, default=None, help="with --check: the text of the file's source record")
    p = add("bench", cmd_bench, "benchmark build, export, load and the catalogue on synthetic graphs")
    from graph.bench.sizes import add_arguments  # light: the benchmark's heavy imports are inside its functions

    add_arguments(p)
    return top


def _one_line(exc: BaseException) -> str:
    """An exception as one line: an OSError as `FILE: reason`, anything else its first line."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.filename}: {exc.strerror}" if exc.filename else exc.strerror
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `vdg` command; returns the exit code (0 ok, 1 bad data, 2 usage or runtime error)."""
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except DataError as exc:
        say(f"vdg: error: {_one_line(exc)}")
        return EXIT_DATA
    except BrokenPipeError:  # the reader of stdout went away (`vdg query ... | head`): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except (UsageError, QueryError, OSError) as exc:
        say(f"vdg: error: {_one_line(exc)}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        say("vdg: interrupted")
        return EXIT_USAGE
    except Exception as exc:  # a fault of vdg itself: still one line; VDG_DEBUG=1 shows the traceback
        if os.environ.get("VDG_DEBUG"):
            raise
        say(f"vdg: internal error: {type(exc).__name__}: {_one_line(exc)} (VDG_DEBUG=1 shows where)")
        return EXIT_USAGE
