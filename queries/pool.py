"""The worker processes of `vdg serve`, seen from the server's event loop: hand a query to an idle
worker, wait for its answer within the timeout, kill it when the timeout passes, answer its death
with one line, and start a replacement, so the server keeps serving whatever a query does.

Nothing here parses or evaluates a query: that happens only in `queries.worker`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from queries.catalogue import QueryError

LOG = logging.getLogger("vdg.serve")
PROJECT = str(Path(__file__).resolve().parent.parent)  # so the worker runs this very code


@dataclass
class Reply:
    """What a worker (or its death) answers: an HTTP status, a message or a body, and its media type."""

    status: int
    body: bytes = b""
    media: str | None = None
    format: str | None = None
    truncated: bool = False
    message: str = ""


@dataclass(eq=False)
class _Worker:
    proc: asyncio.subprocess.Process
    info: dict[str, Any] = field(default_factory=dict)

    async def read_frame(self) -> bytes:
        assert self.proc.stdout is not None
        head = await self.proc.stdout.readexactly(4)
        return await self.proc.stdout.readexactly(struct.unpack(">I", head)[0])

    async def ask(self, request: bytes) -> tuple[dict[str, Any], bytes]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(struct.pack(">I", len(request)) + request)
        await self.proc.stdin.drain()
        header = json.loads(await self.read_frame())
        return header, await self.read_frame()

    async def end(self) -> int | None:
        """Kill the process (if still running) and reap it; its return code."""
        if self.proc.returncode is None:
            try:
                self.proc.kill()
            except ProcessLookupError:
                pass
        return await self.proc.wait()


def death_reply(returncode: int | None, memory_mb: int) -> Reply:
    """The one-line answer to a query whose worker died under it."""
    if returncode is not None and returncode < 0:
        name = signal.Signals(-returncode).name if -returncode in signal.valid_signals() else str(-returncode)
        if -returncode in (signal.SIGSEGV, signal.SIGBUS):
            return Reply(400, message=f"query too deeply nested or too complex: its worker crashed ({name}); "
                                      "the server keeps serving")
        if -returncode == signal.SIGABRT:
            return Reply(503, message=f"query needs more memory than a worker has ({memory_mb} MB): "
                                      f"its worker aborted ({name})")
        return Reply(503, message=f"query worker ended by {name}; try again")
    return Reply(503, message=f"query worker exited with code {returncode}; try again")


class Pool:
    """`size` worker processes over the N-Quads file, each capped at `memory_mb` MB of address space."""

    def __init__(self, nquads: Path, size: int, memory_mb: int, *, namespace: bool = True) -> None:
        self.nquads, self.size, self.memory_mb = nquads, size, memory_mb
        self.namespace = namespace  # False only to test the closed descriptor table alone
        self.graphs: set[str] = set()
        self.network = ""
        self.started = 0  # workers started, replacements included
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._closed = False

    async def _spawn(self) -> _Worker:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [PROJECT, os.environ.get("PYTHONPATH")])),
               "MALLOC_ARENA_MAX": "2"}
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "queries.worker", str(self.nquads), str(self.memory_mb),
            "namespace" if self.namespace else "no-namespace", stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
            env=env, start_new_session=True)
        worker = _Worker(proc)
        self._all.add(worker)
        self.started += 1
        try:
            worker.info = json.loads(await worker.read_frame())
        except (asyncio.IncompleteReadError, ValueError):
            code = await worker.end()
            self._all.discard(worker)
            raise QueryError(f"a query worker failed to start (exit code {code})") from None
        if not worker.info.get("ready"):
            await worker.end()
            self._all.discard(worker)
            raise QueryError(f"a query worker failed to start: {worker.info.get('message')}")
        self.graphs = set(worker.info["graphs"])
        self.network = worker.info.get("network", "")
        return worker

    async def start(self) -> None:
        """Start every worker; raise QueryError (one line) when one cannot start."""
        workers = await asyncio.gather(*(self._spawn() for _ in range(self.size)), return_exceptions=True)
        failed = [w for w in workers if isinstance(w, BaseException)]
        for worker in workers:
            if isinstance(worker, _Worker):
                self._idle.put_nowait(worker)
        if failed:
            await self.close()
            raise failed[0] if isinstance(failed[0], QueryError) else QueryError(f"query workers: {failed[0]}")

    def _replace(self, worker: _Worker) -> None:
        """End a worker and start another in the background."""
        async def replace() -> None:
            await worker.end()
            self._all.discard(worker)
            for attempt in range(5):
                if self._closed:
                    return
                try:
                    self._idle.put_nowait(await self._spawn())
                    return
                except (QueryError, OSError) as exc:
                    LOG.warning("vdg serve: %s (attempt %d)", exc, attempt + 1)
                    await asyncio.sleep(1.0)

        task = asyncio.get_running_loop().create_task(replace())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def run(self, request: dict[str, Any], timeout: float) -> Reply:
        """Answer one request within `timeout` seconds of waiting for a worker plus `timeout` of work."""
        getter = asyncio.ensure_future(self._idle.get())
        done, _ = await asyncio.wait({getter}, timeout=timeout)
        if not done:
            getter.cancel()  # and if a worker came in the same instant, use it rather than lose it
            try:
                await getter
            except asyncio.CancelledError:
                return Reply(503, message="server busy: every query worker is taken; try again later")
        worker = getter.result()
        payload = json.dumps(request).encode("utf-8")
        try:
            header, body = await asyncio.wait_for(worker.ask(payload), timeout)
        except asyncio.TimeoutError:
            self._replace(worker)
            return Reply(504, message=f"query timed out after {timeout:g} s")
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            code = await worker.end()
            self._replace(worker)
            return death_reply(code, self.memory_mb)
        except BaseException:  # cancelled (client gone) or worse: this worker's state is unknown
            self._replace(worker)
            raise
        if header.get("retire"):
            self._replace(worker)
        else:
            self._idle.put_nowait(worker)
        if header["status"] != 200:
            return Reply(int(header["status"]), message=header.get("message", ""))
        return Reply(200, body, media=header.get("type"), format=header.get("format"),
                     truncated=bool(header.get("truncated")))

    def pids(self) -> list[int]:
        """Process ids of the live workers."""
        return [w.proc.pid for w in self._all if w.proc.returncode is None]

    async def close(self) -> None:
        """End every worker."""
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        for worker in list(self._all):
            await worker.end()
        self._all.clear()
