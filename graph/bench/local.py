"""Servers the benchmarks start on loopback: a free port, and waiting until a SPARQL endpoint answers."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.parse
import urllib.request


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_answers(endpoint: str, proc: subprocess.Popen[bytes], timeout: float) -> float:
    """Seconds until the SPARQL endpoint answers `ASK {}`; RuntimeError when the server process exits
    first (with the end of its stderr, if piped) or the timeout passes."""
    probe = endpoint + "?query=" + urllib.parse.quote("ASK {}")
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        try:
            urllib.request.urlopen(probe, timeout=2).read()
            return time.perf_counter() - start
        except OSError:
            if proc.poll() is not None:
                said = proc.stderr.read().decode(errors="replace")[-300:] if proc.stderr else ""
                raise RuntimeError(f"server at {endpoint} exited with code {proc.returncode}: {said}".rstrip(": "))
            time.sleep(0.02)
    raise RuntimeError(f"server at {endpoint} not ready within {timeout:g} s")
