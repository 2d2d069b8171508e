"""Benchmark of the persistent store on one synthetic data set: the build against its floor, repeated
`vdg query` and `vdg serve` start-up (each a new process, end to end), and an incremental build after
one record changed, checked byte for byte against the full build.

Used by graph.bench.sizes for each size; every command runs as the user runs it (`python -m graph.cli`)
with a cache folder of its own.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from graph.bench.local import free_port, wait_until_answers

ASK = "ASK { ?s ?p ?o }"


def _vdg(*args: str, env: dict[str, str]) -> float:
    """Seconds a `vdg` command takes in a new process (it must succeed)."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "graph.cli", *args], capture_output=True, env=env)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"vdg {' '.join(args[:2])} failed: {proc.stderr.decode(errors='replace')[-300:]}")
    return seconds


def serve_ready(folders: list[str], env: dict[str, str], timeout: float = 300.0) -> float:
    """Seconds from starting `vdg serve` until /sparql answers a query; the server is then stopped."""
    port = free_port()
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "graph.cli", "serve", "--port", str(port), *folders], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        wait_until_answers(f"http://127.0.0.1:{port}/sparql", proc, timeout)
        return time.perf_counter() - start
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, 2)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, 9)
                proc.wait()
        if proc.stderr:
            proc.stderr.close()


def floor(data: Path, quads: list[Any], runs: int) -> tuple[float, float]:
    """The build's floor: seconds to parse the data folder's YAML, and to bulk-load the built quads into a
    new on-disk Oxigraph store (medians)."""
    import pyoxigraph as ox

    from graph.bench.timing import median_time
    from graph.loader import load_folder, load_kinds

    kinds = load_kinds()
    parse, _ = median_time(lambda: load_folder(data, kinds), runs)
    with tempfile.TemporaryDirectory(prefix="vdg-floor-") as tmp:
        def load() -> None:
            folder = Path(tempfile.mkdtemp(dir=tmp))
            store = ox.Store(str(folder / "store"))
            store.bulk_extend(quads)
            store.flush()
            del store
            shutil.rmtree(folder)

        bulk, _ = median_time(load, runs)
    return parse, bulk


def _change_one_record(data: Path) -> tuple[Path, str]:
    """Change the English label of the first record of the data set's largest file; the file and its old text."""
    path = max(data.glob("*.y*ml"), key=lambda p: p.stat().st_size)
    text = path.read_text(encoding="utf-8")
    at = text.index("\n    en: ") + len("\n    en: ")
    path.write_text(text[:at] + "Changed " + text[at:], encoding="utf-8")
    return path, text


def bench_store(data: Path, sources: Path, full_nquads: bytes, runs: int) -> dict[str, Any]:
    """The store's figures for one data set (see the module docstring)."""
    from graph.cache import open_built

    out: dict[str, Any] = {}
    folders = ["--data", str(data), "--sources", str(sources)]
    with tempfile.TemporaryDirectory(prefix="vdg-store-bench-") as cache:
        # as a user runs it: with the modules' bytecode cached (a harness may switch that off)
        env = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, "VDG_CACHE_DIR": cache}
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        out["first query"] = _vdg("query", "-e", ASK, *folders, env=env)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        out["first query peak MB"] = peak / 1024 if peak > before else None  # None: an earlier child was bigger
        out["repeated query"] = statistics.median(_vdg("query", "agencies", "-f", "csv", *folders, env=env)
                                                  for _ in range(max(runs, 3)))
        out["serve ready"] = statistics.median(serve_ready(folders, env) for _ in range(runs))
        path, text = _change_one_record(data)
        try:
            out["incremental"] = _vdg("query", "-e", ASK, *folders, env=env)
        finally:
            path.write_text(text, encoding="utf-8")
        _vdg("query", "-e", ASK, *folders, env=env)  # incremental again, back to the original data
        saved = os.environ.get("VDG_CACHE_DIR")
        os.environ["VDG_CACHE_DIR"] = cache
        try:
            built = open_built(data, sources)
            lines = sorted(line for line in built.nquads().read_bytes().splitlines() if not line.startswith(b"#"))
            built.release()
        finally:
            if saved is None:
                os.environ.pop("VDG_CACHE_DIR", None)
            else:
                os.environ["VDG_CACHE_DIR"] = saved
        out["identical"] = lines == sorted(full_nquads.splitlines())
    return out
