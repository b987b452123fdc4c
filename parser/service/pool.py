"""A pool of extraction processes driven from the event loop, with a deadline per job.

Why not `concurrent.futures.ProcessPoolExecutor`: it cannot stop one running
job, so a document that makes a reader spin would hold a worker long after
its request got a 504, and a crashed worker breaks the whole executor and
every job in it. Here each worker is one process on its own pipe: a job past
its deadline gets its worker killed and replaced, a crash costs only the job
that caused it (500 JSON), and the other workers never notice.

Blocking pipe I/O runs in a small thread pool, never on the event loop; the
loop only waits on futures. Workers start from a forkserver that has already
imported the pipeline, so a replacement is ready in a fraction of a second.
"""
from __future__ import annotations

import asyncio
import logging
import multiprocessing as mp
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from ..errors import KhparseError
from .errors import Busy, ExtractionTimeout, WorkerCrashed
from .worker import worker_main

log = logging.getLogger("khparse.service.pool")

START_TIMEOUT = 60.0  # seconds for a new worker to import, warm up and say ready
STOP_TIMEOUT = 5.0  # seconds for an idle worker to exit before it is killed
RESPAWN_DELAYS = (0.0, 0.5, 2.0, 5.0, 10.0)  # back-off when a replacement fails to start
PRELOAD = ["parser.pipeline", "parser.service.worker"]


class JobFailed(KhparseError):
    """An error reply from a worker, carrying the worker's status and code."""

    def __init__(self, http_status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.http_status = http_status
        self.code = code


@dataclass(eq=False)
class _Worker:
    proc: BaseProcess
    conn: Connection
    jobs: int = 0


def _context(handler: str) -> Any:
    """forkserver where there is one (fast restarts from a warm parent), else spawn; never fork
    from the threaded server process."""
    if "forkserver" in mp.get_all_start_methods() and sys.platform != "darwin":
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(list(dict.fromkeys([*PRELOAD, handler.partition(":")[0]])))
        return ctx
    return mp.get_context("spawn")


def _exchange(conn: Connection, payload: dict[str, Any]) -> tuple[Any, ...]:
    """One round trip on a worker's pipe (blocking: runs in a thread)."""
    conn.send(payload)
    reply: tuple[Any, ...] = conn.recv()
    return reply


class WorkerPool:
    """`await pool.run(payload, deadline)` -> the worker's JSON bytes, or a KhparseError."""

    def __init__(self, size: int, handler: str, *, max_pending: int = 256, max_jobs_per_worker: int = 0) -> None:
        self.size = size
        self.handler = handler
        self.max_pending = max_pending
        self.max_jobs = max_jobs_per_worker
        self.restarts = 0
        self._ctx = _context(handler)
        self._threads = ThreadPoolExecutor(max_workers=2 * size + 2, thread_name_prefix="khparse-pipe")
        self._start_lock = threading.Lock()
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._live: set[_Worker] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._waiting = 0
        self._busy = 0
        self._closing = False

    # -- lifecycle -----------------------------------------------------------------
    async def start(self) -> None:
        """Start every worker; fails (and cleans up) if one cannot start."""
        loop = asyncio.get_running_loop()
        results = await asyncio.gather(
            *(loop.run_in_executor(self._threads, self._start_process) for _ in range(self.size)),
            return_exceptions=True,
        )
        for r in results:
            if isinstance(r, _Worker):
                self._live.add(r)
                self._idle.put_nowait(r)
        errors = [r for r in results if isinstance(r, BaseException)]
        if errors:
            await self.close()
            raise RuntimeError(f"could not start the extraction workers: {errors[0]}") from errors[0]

    async def close(self) -> None:
        """Stop idle workers politely, kill busy ones, wait for replacements in flight."""
        self._closing = True
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        loop = asyncio.get_running_loop()
        idle = set()
        while not self._idle.empty():
            idle.add(self._idle.get_nowait())
        for w in list(self._live):
            if w not in idle:
                w.proc.kill()
        await asyncio.gather(
            *(loop.run_in_executor(self._threads, self._reap, w, w in idle) for w in list(self._live)),
            return_exceptions=True,
        )
        self._live.clear()
        self._threads.shutdown(wait=False, cancel_futures=True)

    def stats(self) -> dict[str, int]:
        return {
            "workers": self.size,
            "alive": len(self._live),
            "idle": self._idle.qsize(),
            "busy": self._busy,
            "waiting": self._waiting,
            "restarts": self.restarts,
        }

    # -- jobs ------------------------------------------------------------------------
    async def run(self, payload: dict[str, Any], deadline: float) -> bytes:
        """Run one job; `deadline` is in `loop.time()` terms and covers the wait for a worker."""
        loop = asyncio.get_running_loop()
        worker = await self._acquire(deadline)
        self._busy += 1
        fut = loop.run_in_executor(self._threads, _exchange, worker.conn, payload)
        try:
            done, _ = await asyncio.wait({fut}, timeout=max(0.0, deadline - loop.time()))
        except BaseException:  # cancelled mid-job: its late reply would desynchronise the pipe
            self._retire(worker, fut, "abandoned (request cancelled)")
            raise
        finally:
            self._busy -= 1
        if not done:
            self._retire(worker, fut, "killed (time limit)")
            raise ExtractionTimeout("the extraction did not finish within the time limit")
        try:
            reply = fut.result()
        except (EOFError, OSError):
            self._retire(worker, fut, "died during a job")
            raise WorkerCrashed("the extraction worker died while processing this document; it was replaced") from None
        except Exception:  # anything else on the pipe: its state is unknown, so the worker goes too
            self._retire(worker, fut, "failed on its pipe")
            raise
        worker.jobs += 1
        if self.max_jobs and worker.jobs >= self.max_jobs:
            self._retire(worker, None, "recycled")
        else:
            self._idle.put_nowait(worker)
        if reply[0] == "ok":
            return reply[1]  # type: ignore[no-any-return]
        _, status, code, message = reply
        raise JobFailed(status, code, message)

    async def _acquire(self, deadline: float) -> _Worker:
        """The next idle, live worker; 503 when too many wait or none frees up in time."""
        if self._closing:
            raise Busy("the service is shutting down")
        if self._waiting >= self.max_pending:
            raise Busy(f"too many requests are waiting ({self._waiting}); retry later")
        self._waiting += 1
        try:
            async with asyncio.timeout_at(deadline):
                while True:
                    worker = await self._idle.get()
                    if worker.proc.is_alive():
                        return worker
                    self._retire(worker, None, "found dead while idle")
        except TimeoutError:
            raise Busy("no extraction worker became free within the time limit") from None
        finally:
            self._waiting -= 1

    # -- replacement ------------------------------------------------------------------
    def _retire(self, worker: _Worker, fut: asyncio.Future[Any] | None, reason: str) -> None:
        """Take a worker out of service now; reap it and start its replacement in the background."""
        log.warning("extraction worker pid=%s %s; replacing it", worker.proc.pid, reason)
        self.restarts += 1
        if fut is not None:  # its EOFError is expected; mark it retrieved even if close() cancels _replace
            fut.add_done_callback(lambda f: f.cancelled() or f.exception())
        graceful = fut is None and worker.proc.is_alive()
        if not graceful:
            worker.proc.kill()
        task = asyncio.get_running_loop().create_task(self._replace(worker, fut, graceful))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _replace(self, worker: _Worker, fut: asyncio.Future[Any] | None, graceful: bool) -> None:
        loop = asyncio.get_running_loop()
        if fut is not None:  # the pipe thread returns once the killed process closes its end
            await asyncio.gather(fut, return_exceptions=True)
        await loop.run_in_executor(self._threads, self._reap, worker, graceful)
        self._live.discard(worker)
        for delay in RESPAWN_DELAYS:
            if self._closing:
                return
            await asyncio.sleep(delay)
            try:
                new = await loop.run_in_executor(self._threads, self._start_process)
            except Exception:
                log.exception("could not start a replacement worker")
                continue
            if self._closing:
                await loop.run_in_executor(self._threads, self._reap, new, True)
                return
            self._live.add(new)
            self._idle.put_nowait(new)
            return
        log.error("giving up on replacing a worker: the pool runs with %d of %d", len(self._live), self.size)

    # -- blocking helpers (run in threads) --------------------------------------------
    def _start_process(self) -> _Worker:
        parent, child = self._ctx.Pipe(duplex=True)
        proc = self._ctx.Process(target=worker_main, args=(child, self.handler), name="khparse-worker", daemon=True)
        with self._start_lock:
            proc.start()
        child.close()  # else our copy keeps the pipe open and a dead worker never reads as EOF
        try:
            if not parent.poll(START_TIMEOUT):
                raise RuntimeError(f"worker did not start within {START_TIMEOUT:.0f}s")
            hello = parent.recv()
        except BaseException:
            proc.kill()
            proc.join(STOP_TIMEOUT)
            parent.close()
            raise
        if not (isinstance(hello, tuple) and hello[:1] == ("ready",)):
            proc.kill()
            raise RuntimeError(f"unexpected worker greeting {hello!r}")
        return _Worker(proc, parent)

    @staticmethod
    def _reap(worker: _Worker, graceful: bool) -> None:
        """Ask an idle worker to exit (or make sure a killed one is gone), then release it."""
        if graceful:
            try:
                worker.conn.send(None)
            except OSError:
                pass
            worker.proc.join(STOP_TIMEOUT)
        if worker.proc.is_alive():
            worker.proc.kill()
        worker.proc.join(STOP_TIMEOUT)
        worker.conn.close()
        if worker.proc.exitcode not in (0, None):  # killed or crashed mid-job: what it had in TMPDIR stays
            from ..read.doc import remove_temp_of

            remove_temp_of(worker.proc.pid)
        try:
            worker.proc.close()
        except ValueError:  # still running after kill + join: leave it to the OS
            pass
