"""The local engine: a parent and N worker processes, one conversion in flight per worker.

Why not `concurrent.futures.ProcessPoolExecutor`: one worker that dies
(segfault in a native library, `os._exit`, the OOM killer) breaks the whole
executor, and a running task cannot be timed out. Here the parent waits on
every worker's pipe and process sentinel at once; a worker past its
deadline is killed and replaced, a worker that vanishes is replaced, and
the file it held is reported as "timeout" or "worker_died" while the batch
goes on. The parent is single-threaded (safe to fork) and never reads
document bytes.

With an output folder, a worker writes each output itself under a
temporary name (`write.temp_path`, tagged with its pid) and says "next" as
soon as the conversion is over, then "written" once the file is on disk;
the result then carries "temp" and the runner renames it into place. A
document whose write was cut short by a kill (its worker timed out or died
on the following file) has its temporary file removed and is converted
again, once, by another worker.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any, Callable, Generator, Iterator

from .worker import error_result, temp_tag, worker_main

START_TIMEOUT = 300.0  # seconds a new worker may take to import the pipeline
MAX_START_FAILURES = 3  # consecutive workers dying at start-up: the install is broken, stop


class PoolError(RuntimeError):
    """The pool cannot run at all (workers die at start-up); not a per-file error."""


@dataclass
class Task:
    rel: str
    path: str
    target: str | None = None  # where its output goes, set when it is handed to a local worker


@dataclass
class _Worker:
    proc: Any
    conn: Any
    started: float
    ready: bool = False
    task: Task | None = None  # being converted (the deadline is its)
    deadline: float = 0.0
    assigned: int = 0
    writing: list[Task] = field(default_factory=list)  # converted, output being written
    write_deadline: float = float("inf")  # of the oldest write (writes finish in order)

    def pending(self) -> list[Task]:
        return ([self.task] if self.task is not None else []) + self.writing


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
                 tick: Callable[[], None] | None = None, tick_seconds: float = 0.5,
                 out_dir: str | Path | None = None) -> None:
        self.jobs = max(1, jobs)
        self.timeout = timeout if timeout and timeout > 0 else None
        self.ocr = ocr
        self.max_tasks = max(0, max_tasks_per_worker)
        self.tick = tick
        self.tick_seconds = tick_seconds
        self.out_dir = out_dir  # None: workers return the JSON text and write nothing
        self.ctx = _context()
        self.workers: list[_Worker] = []
        self.start_failures = 0
        self.replaced = 0
        self._pending: Iterator[Task] = iter(())
        self._retry: deque[Task] = deque()
        self._retried: set[str] = set()
        self._exhausted = False
        self._paths: Any = None  # walk.OutputPaths of out_dir, made on first use

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
        if w.pending():  # stopped mid-file (an interrupted batch): half-written outputs go too
            self._abandon(w, w.task)
        self.workers.remove(w)

    def close(self) -> None:
        for w in list(self.workers):
            self._retire(w, kill=bool(w.pending()))

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
                if self._exhausted and not self._retry and not any(w.pending() for w in self.workers):
                    return
                yield from self._wait_once()
                # Keep the pool at full size while work remains (a worker recycled, killed or dead).
                while (not self._exhausted or self._retry) and len(self.workers) < self.jobs:
                    self._spawn()
        finally:
            self.close()

    def _feed(self, w: _Worker) -> None:
        """Give an idle, ready worker its next file (before the parent records the last result: no idle gap)."""
        if not w.ready or w.task is not None or w not in self.workers:
            return
        if self.max_tasks and w.assigned >= self.max_tasks:
            return
        if self._retry:
            nxt: Task | None = self._retry.popleft()
        elif self._exhausted:
            return
        else:
            nxt = next(self._pending, None)
            if nxt is None:
                self._exhausted = True
                return
        self._assign(w, nxt)

    def _assign(self, w: _Worker, task: Task) -> None:
        w.task = task
        w.assigned += 1
        w.deadline = time.monotonic() + self.timeout if self.timeout else float("inf")
        if self.out_dir is not None and task.target is None:
            if self._paths is None:
                from .walk import OutputPaths

                self._paths = OutputPaths(self.out_dir)
            try:
                task.target = str(self._paths(task.rel))
            except ValueError:  # converted all the same; the runner records why it has no output
                pass
        try:
            w.conn.send((task.path, task.rel, self.ocr, task.target))
        except (BrokenPipeError, OSError):
            pass  # the worker is gone: its sentinel reports it below

    def _wait_once(self) -> Iterator[tuple[Task, dict[str, Any]]]:
        now = time.monotonic()
        deadlines = [w.deadline for w in self.workers if w.task is not None]
        deadlines += [w.started + START_TIMEOUT for w in self.workers if not w.ready]
        wait_for = self.tick_seconds
        if deadlines:
            wait_for = max(0.0, min(wait_for, min(deadlines) - now))
        deadlines += [w.write_deadline for w in self.workers if w.writing]
        objects = [w.conn for w in self.workers] + [w.proc.sentinel for w in self.workers]
        ready = set(wait(objects, timeout=wait_for))
        if self.tick is not None:
            self.tick()
        for w in list(self.workers):
            if w.conn in ready:
                yield from self._receive(w)
            elif w.proc.sentinel in ready:
                yield from self._kill(w, "died")
        now = time.monotonic()
        for w in list(self.workers):
            if w.task is not None and now >= w.deadline:
                yield from self._kill(w, "timeout")
            elif w.writing and now >= w.write_deadline:  # a disk that hangs: the same limit as a conversion
                yield from self._kill(w, "write_timeout")
            elif not w.ready and now >= w.started + START_TIMEOUT:
                self._retire(w, kill=True)
                self._start_failed("a worker did not start within {:g} s".format(START_TIMEOUT))

    def _receive(self, w: _Worker, drain: bool = False) -> Generator[tuple[Task, dict[str, Any]], None, bool]:
        """One message from a worker; `drain`: the worker is dead, only take its results (False: no more)."""
        try:
            kind, payload = w.conn.recv()
        except (EOFError, OSError):
            if not drain:
                yield from self._kill(w, "died")
            return False
        if kind == "ready":
            w.ready = True
            self.start_failures = 0
        elif kind == "failed":
            if not drain:
                self._retire(w, kill=True)
                self._start_failed(f"a worker could not load the pipeline: {payload}")
            return False
        elif kind == "next":
            if w.task is not None and w.task.rel == payload:
                if not w.writing and self.timeout:
                    w.write_deadline = time.monotonic() + self.timeout
                w.writing.append(w.task)
                w.task = None
        elif kind in ("done", "written"):
            task = self._take(w, payload.get("path"))
            if task is not None:
                if kind == "written" and task.target is not None:
                    from ..write import temp_path

                    payload["temp"] = str(temp_path(task.target, temp_tag(w.proc.pid)))
                yield task, payload
        if drain:
            return True
        if self.max_tasks and w.assigned >= self.max_tasks and not w.pending():
            self._retire(w, kill=False)  # recycled: a fresh worker takes its place
        else:
            self._feed(w)
        return True

    def _take(self, w: _Worker, rel: str) -> Task | None:
        if w.task is not None and w.task.rel == rel:
            task, w.task = w.task, None
            return task
        for task in w.writing:
            if task.rel == rel:
                w.writing.remove(task)
                if w.writing and self.timeout:  # the next write's turn starts now
                    w.write_deadline = time.monotonic() + self.timeout
                return task
        return None

    def _kill(self, w: _Worker, cause: str) -> Iterator[tuple[Task, dict[str, Any]]]:
        """A worker dead ("died") or killed here: its file past the deadline ("timeout"), or an output
        write that hangs ("write_timeout"). Take the results it sent before dying, convert again the
        files whose output it had not written, report the file it was converting."""
        if w.proc.is_alive():
            w.proc.kill()
        w.proc.join(timeout=5)
        while w in self.workers and self._poll(w):
            if not (yield from self._receive(w, drain=True)):
                break
        code = w.proc.exitcode
        task, w.task = w.task, None
        was_ready = w.ready
        lost = self._abandon(w, task)
        self._retire(w, kill=True)
        if cause == "write_timeout":
            self.replaced += 1
            if task is not None:  # not its fault: converted again
                self._retry.appendleft(task)
        elif cause == "timeout":
            self.replaced += 1
            if task is not None:
                yield task, error_result(task.rel, None, "timeout", f"no result after {self.timeout:g} s; the worker was killed", self.timeout or 0.0)
        elif task is not None:
            self.replaced += 1
            yield task, error_result(task.rel, None, "worker_died", f"the worker process died while converting this file ({_signal_name(code)})")
        elif not was_ready:
            self._start_failed(f"a worker died at start-up ({_signal_name(code)})")
        why = {"timeout": "timed out on the next file", "write_timeout": "a write took too long"}.get(cause) or _signal_name(code)
        for t in lost:
            yield t, error_result(t.rel, None, "worker_died", f"the worker process was stopped before this file's output was written ({why})")

    @staticmethod
    def _poll(w: _Worker) -> bool:
        try:
            return bool(w.conn.poll(0))
        except (EOFError, OSError):
            return False

    def _abandon(self, w: _Worker, task: Task | None) -> list[Task]:
        """A dead worker's unfinished files: temporary outputs removed, converted again once; the
        files already retried once are returned (they fail)."""
        from ..write import temp_path

        tag = temp_tag(w.proc.pid)
        for t in ([task] if task is not None else []) + w.writing:
            if t.target is not None:
                try:
                    os.unlink(temp_path(t.target, tag))
                except OSError:
                    pass
        lost = [t for t in w.writing if t.rel in self._retried]
        for t in w.writing:
            if t.rel not in self._retried:
                self._retried.add(t.rel)
                self._retry.append(t)
        w.writing = []
        w.write_deadline = float("inf")
        return lost

    def _start_failed(self, message: str) -> None:
        self.start_failures += 1
        if self.start_failures >= MAX_START_FAILURES:
            raise PoolError(message)
