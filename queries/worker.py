"""A query worker of `vdg serve`: a child process that parses and evaluates queries on its own copy of
the dataset, so that a query which crashes the parser, exhausts memory or never ends takes down only
this process (the server kills it at the timeout and starts another).

    python -m queries.worker DATASET MEMORY_MB [namespace|no-namespace]

DATASET is an on-disk Oxigraph store (a folder, opened read-only: every worker shares it, nothing is
loaded) or an N-Quads file (loaded into the worker's own in-memory store).

Before it reads a query the worker (1) caps its address space at MEMORY_MB (RLIMIT_AS) and disables
core files; (2) cuts itself off the network: where the kernel allows it, it moves into a network
namespace of its own, which has no interface but a loopback that is down; in any case, once the
dataset is loaded, it caps its file descriptors (RLIMIT_NOFILE) at those already open, so no socket
can be created and an HTTP call from `SERVICE` fails inside the worker. pyoxigraph 0.5 offers no
option to switch its SERVICE client off (`Store.query` takes no service handler), hence these.

Protocol (stdin, and the original stdout; the worker's own prints go to stderr): frames of a 4-byte
big-endian length and a payload. First the worker writes a JSON frame {"ready": true, "graphs": [...],
"network": "..."}. Then for each request (a JSON frame: query, default, named, solutions, graphs,
max_rows) it writes a JSON header frame ({"status": 200, "type", "truncated"} or {"status", "message"})
and a body frame. It exits at end of input.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import signal
import struct
import sys
from typing import Any, BinaryIO

from ontology.namespaces import PREFIXES as NAMESPACES

CLONE_NEWUSER, CLONE_NEWNET = 0x10000000, 0x40000000
TURTLE_PREFIXES = {name: NAMESPACES[name] for name in ("vdg", "id", "graph", "xsd", "rdfs", "prov")}


def read_frame(stream: BinaryIO) -> bytes | None:
    """One frame, or None at end of input."""
    head = stream.read(4)
    if len(head) < 4:
        return None
    (size,) = struct.unpack(">I", head)
    data = stream.read(size)
    return data if len(data) == size else None


def write_frame(stream: BinaryIO, data: bytes) -> None:
    stream.write(struct.pack(">I", len(data)) + data)


def _leave_network() -> str:
    """Move into a network namespace of our own (no usable interface); say which way it went."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return "no libc"
    for flags, name in ((CLONE_NEWNET, "network namespace"), (CLONE_NEWUSER | CLONE_NEWNET, "user+network namespace")):
        if libc.unshare(flags) == 0:
            return name
    return "no namespace (" + os.strerror(ctypes.get_errno()) + ")"


def _close_descriptor_table() -> int:
    """Cap RLIMIT_NOFILE at the descriptors open now, filling any gap below, so that no new file or
    socket can be opened; returns the cap."""
    open_fds = sorted(int(name) for name in os.listdir("/proc/self/fd"))
    top = open_fds[-1]  # the listing's own descriptor, closed by now: a gap filled below
    filler = []
    while True:
        fd = os.open(os.devnull, os.O_RDONLY)
        if fd >= top:
            os.close(fd)
            break
        filler.append(fd)
    resource.setrlimit(resource.RLIMIT_NOFILE, (top, top))
    return top


def answer(store: Any, request: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
    """Run one request on the store: the reply header and body."""
    import pyoxigraph as ox

    from graph.terms import converter
    from queries.engines import Result
    from queries.results import SPARQL_WRITERS

    kwargs: dict[str, Any] = {}
    default, named = request.get("default") or [], request.get("named") or []
    if default or named:  # the query's FROM / FROM NAMED, already checked to be graphs of this store
        if default:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named]
    else:
        kwargs["use_default_graph_as_union"] = True
    cap = int(request["max_rows"])
    outcome = store.query(request["query"], **kwargs)
    if isinstance(outcome, ox.QueryBoolean):
        fmt = request["solutions"]
        return ({"status": 200, "format": fmt, "truncated": False},
                SPARQL_WRITERS[fmt](Result("ask", boolean=bool(outcome))).encode("utf-8"))
    items: list[Any] = []
    truncated = False
    for item in outcome:
        if len(items) >= cap:
            truncated = True
            break
        items.append(item)
    if isinstance(outcome, ox.QuerySolutions):
        fmt = request["solutions"]
        variables = [v.value for v in outcome.variables]
        convert = converter()
        result = Result("select", variables, [[convert(s[v]) for v in variables] for s in items])
        return {"status": 200, "format": fmt, "truncated": truncated}, SPARQL_WRITERS[fmt](result).encode("utf-8")
    rdf_format = ox.RdfFormat.from_media_type(request["graphs"]) or ox.RdfFormat.TURTLE
    prefixes = TURTLE_PREFIXES if rdf_format == ox.RdfFormat.TURTLE else None
    body = ox.serialize(items, format=rdf_format, prefixes=prefixes) if items else b""
    return {"status": 200, "type": rdf_format.media_type, "truncated": truncated}, body or b""


def main(argv: list[str]) -> int:
    """Load the dataset, confine the process, then answer requests until end of input."""
    dataset, memory_mb = argv[0], int(argv[1])
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which then ends its workers
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints and Rust messages go to stderr, never into the protocol
    import pyoxigraph as ox

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # opened before the namespace: a new user namespace may not read it
    try:
        if os.path.isdir(dataset):
            # shared on disk, nothing loaded; opened before the cap, as RocksDB reserves its threads' stacks
            # (about 140 MB of address space) when it opens: the cap then bounds all the worker maps
            store = ox.Store.read_only(dataset)
            resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))
        else:
            resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))
            store = ox.Store()
            with open(dataset, "rb") as source:
                store.bulk_extend(ox.parse(source, format=ox.RdfFormat.N_QUADS))  # the file's own blank-node labels
    except (MemoryError, OSError) as exc:
        message = (f"the dataset does not fit in {memory_mb} MB" if isinstance(exc, MemoryError)
                   else f"the store does not open: {' '.join(str(exc).split())[:200]}")
        write_frame(out, json.dumps({"ready": False, "message": message}).encode())
        out.flush()
        return 1
    network = _leave_network() if argv[2:3] != ["no-namespace"] else "no namespace (not asked)"
    graphs = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    import graph.terms  # noqa: F401  (imported now: no file can be opened once the table is closed)
    from queries.engines import syntax_message
    import queries.results  # noqa: F401

    fds = _close_descriptor_table()
    write_frame(out, json.dumps({"ready": True, "graphs": graphs, "network": network, "fds": fds}).encode())
    out.flush()
    stdin = sys.stdin.buffer
    while True:
        frame = read_frame(stdin)
        if frame is None:
            return 0
        retire = False
        try:
            header, body = answer(store, json.loads(frame))
        except MemoryError:
            header, body, retire = {"status": 503, "message": f"the query needs more than {memory_mb} MB"}, b"", True
        except SyntaxError as exc:
            header, body = {"status": 400, "message": syntax_message(exc)}, b""
        except Exception as exc:  # an evaluation error of this query: one line, the worker carries on
            header, body = {"status": 400, "message": "query failed: " + " ".join(str(exc).split())[:500]}, b""
        header["retire"] = retire
        write_frame(out, json.dumps(header).encode())
        write_frame(out, body)
        out.flush()
        if retire:
            return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
