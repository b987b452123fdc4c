"""The local engine: a parent and N worker processes, one task in flight per worker.

Why not `concurrent.futures.ProcessPoolExecutor`: one worker that dies
(segfault in a native library, `os._exit`, the OOM killer) breaks the whole
executor, and a running task cannot be timed out. Here the parent waits on
every worker's pipe and process sentinel at once; a worker past its
deadline is killed and replaced, a worker that vanishes is replaced, and
the file it held is reported as "timeout" or "worker_died" while the batch
goes on. The parent is single-threaded (safe to fork) and never reads
document bytes.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from typing import Any, Callable, Iterator

from .worker import error_result, worker_main

START_TIMEOUT = 300.0  # seconds a new worker may take to import the pipeline
MAX_START_FAILURES = 3  # consecutive workers dying at start-up: the install is broken, stop


class PoolError(RuntimeError):
    """The pool cannot run at all (workers die at start-up); not a per-file error."""


@dataclass
class Task:
    rel: str
    path: str


@dataclass
class _Worker:
    proc: Any
    conn: Any
    started: float
    ready: bool = False
    task: Task | None = None
    deadline: float = 0.0
    done: int = 0
    extra: dict = field(default_factory=dict)


def _context() -> Any:
    """fork where available: workers start in milliseconds and the parent has no threads."""
    methods = mp.get_all_start_methods()
    return mp.get_context("fork" if "fork" in methods else "spawn")


def _signal_name(code: int | None) -> str:
    if code is None:
        return "unknown exit"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


class LocalPool:
    """Runs `worker.convert_path` over tasks; yields (task, result) as files finish."""

    def __init__(self, jobs: int, timeout: float | None, ocr: str = "auto", max_tasks_per_worker: int = 0,
                 tick: Callable[[], None] | None = None, tick_seconds: float = 0.5) -> None:
        self.jobs = max(1, jobs)
        self.timeout = timeout if timeout and timeout > 0 else None
        self.ocr = ocr
        self.max_tasks = max(0, max_tasks_per_worker)
        self.tick = tick
        self.tick_seconds = tick_seconds
        self.ctx = _context()
        self.workers: list[_Worker] = []
        self.start_failures = 0
        self.replaced = 0
        self._pending: Iterator[Task] = iter(())
        self._exhausted = False

    # -- worker lifecycle -------------------------------------------------
    def _spawn(self) -> _Worker:
        parent_conn, child_conn = self.ctx.Pipe(duplex=True)
        proc = self.ctx.Process(target=worker_main, args=(child_conn, os.getpid()), name="khparse-batch-worker", daemon=True)
        proc.start()
        child_conn.close()
        w = _Worker(proc, parent_conn, time.monotonic())
        self.workers.append(w)
        return w

    def _retire(self, w: _Worker, kill: bool) -> None:
        if kill and w.proc.is_alive():
            w.proc.kill()
        else:
            try:
                w.conn.send(None)
            except (BrokenPipeError, OSError):
                pass
        w.proc.join(timeout=5)
        if w.proc.is_alive():
            w.proc.kill()
            w.proc.join()
        w.conn.close()
        if w.proc.exitcode != 0:  # killed or crashed mid-file: its temporary copy (a .doc for antiword) stays
            from ..read.doc import remove_temp_of

            remove_temp_of(w.proc.pid)
        self.workers.remove(w)

    def close(self) -> None:
        for w in list(self.workers):
            self._retire(w, kill=w.task is not None)

    # -- the loop -----------------------------------------------------------
    def run(self, tasks: Iterator[Task]) -> Iterator[tuple[Task, dict[str, Any]]]:
        """Keep every worker busy; results come back in completion order."""
        self._pending = iter(tasks)
        self._exhausted = False
        try:
            for _ in range(self.jobs):
                self._spawn()
            while True:
                for w in self.workers:
                    self._feed(w)
                if self._exhausted and not any(w.task is not None for w in self.workers):
                    return
                yield from self._wait_once()
                # Keep the pool at full size while work remains (a worker recycled, killed or dead).
                while not self._exhausted and len(self.workers) < self.jobs:
                    self._spawn()
        finally:
            self.close()

    def _feed(self, w: _Worker) -> None:
        """Give an idle, ready worker its next file (before the parent writes the last result: no idle gap)."""
        if not w.ready or w.task is not None or self._exhausted or w not in self.workers:
            return
        nxt = next(self._pending, None)
        if nxt is None:
            self._exhausted = True
            return
        self._assign(w, nxt)

    def _assign(self, w: _Worker, task: Task) -> None:
        w.task = task
        w.deadline = time.monotonic() + self.timeout if self.timeout else float("inf")
        try:
            w.conn.send((task.path, task.rel, self.ocr))
        except (BrokenPipeError, OSError):
            pass  # the worker is gone: its sentinel reports it below

    def _wait_once(self) -> Iterator[tuple[Task, dict[str, Any]]]:
        now = time.monotonic()
        deadlines = [w.deadline for w in self.workers if w.task is not None]
        deadlines += [w.started + START_TIMEOUT for w in self.workers if not w.ready]
        wait_for = self.tick_seconds
        if deadlines:
            wait_for = max(0.0, min(wait_for, min(deadlines) - now))
        objects = [w.conn for w in self.workers] + [w.proc.sentinel for w in self.workers]
        ready = set(wait(objects, timeout=wait_for))
        if self.tick is not None:
            self.tick()
        for w in list(self.workers):
            if w.conn in ready:
                yield from self._receive(w)
            elif w.proc.sentinel in ready:
                yield from self._died(w)
        now = time.monotonic()
        for w in list(self.workers):
            if w.task is not None and now >= w.deadline:
                task = w.task
                self._retire(w, kill=True)
                self.replaced += 1
                yield task, error_result(task.rel, None, "timeout", f"no result after {self.timeout:g} s; the worker was killed", self.timeout or 0.0)
            elif not w.ready and now >= w.started + START_TIMEOUT:
                self._retire(w, kill=True)
                self._start_failed("a worker did not start within {:g} s".format(START_TIMEOUT))

    def _receive(self, w: _Worker) -> Iterator[tuple[Task, dict[str, Any]]]:
        try:
            kind, payload = w.conn.recv()
        except (EOFError, OSError):
            yield from self._died(w)
            return
        if kind == "ready":
            w.ready = True
            self.start_failures = 0
            self._feed(w)
        elif kind == "failed":
            self._retire(w, kill=True)
            self._start_failed(f"a worker could not load the pipeline: {payload}")
        elif kind == "done" and w.task is not None:
            task, w.task = w.task, None
            w.done += 1
            if self.max_tasks and w.done >= self.max_tasks:
                self._retire(w, kill=False)
            else:
                self._feed(w)
            yield task, payload

    def _died(self, w: _Worker) -> Iterator[tuple[Task, dict[str, Any]]]:
        if w.conn.poll(0):  # a result sent just before exiting still counts
            try:
                kind, payload = w.conn.recv()
                if kind == "done" and w.task is not None:
                    task, w.task = w.task, None
                    yield task, payload
            except (EOFError, OSError):
                pass
        w.proc.join(timeout=1)
        code = w.proc.exitcode
        task = w.task
        was_ready = w.ready
        self._retire(w, kill=True)
        if task is not None:
            self.replaced += 1
            yield task, error_result(task.rel, None, "worker_died", f"the worker process died while converting this file ({_signal_name(code)})")
        elif not was_ready:
            self._start_failed(f"a worker died at start-up ({_signal_name(code)})")

    def _start_failed(self, message: str) -> None:
        self.start_failures += 1
        if self.start_failures >= MAX_START_FAILURES:
            raise PoolError(message)
