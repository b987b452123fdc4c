"""The Dask engine: the same per-document function on an existing distributed cluster.

The client (this process) keeps at most one task per worker thread in
flight, and writes every output, index line and summary itself, so resume
and atomicity are exactly those of the local engine. Workers either read
the inputs from a shared folder (IN_DIR, or `--worker-in-dir` where it is
mounted elsewhere) or get the bytes (`--send-bytes`). A task past the
timeout is cancelled and recorded as "timeout", and its worker restarted
when the cluster allows it (a running Python thread cannot be stopped
otherwise); a task whose workers keep dying ends as "worker_died" once the
scheduler gives up on it (KilledWorker). dask is imported only here.
"""
from __future__ import annotations

import os
import time
from typing import Any, Callable, Iterator

from .pool import Task
from .worker import convert_bytes, convert_path, error_result


def _processing_on(key: str, dask_scheduler: Any = None) -> str | None:
    """Runs on the scheduler: the address of the worker running `key`, if any."""
    ts = dask_scheduler.tasks.get(key)
    ws = getattr(ts, "processing_on", None) if ts is not None else None
    return getattr(ws, "address", None)


class DaskEngine:
    """Same interface as `pool.LocalPool`: `run(tasks)` yields (task, result) as they finish."""

    def __init__(self, scheduler: str, *, timeout: float | None, ocr: str = "auto", send_bytes: bool = False,
                 in_dir: str = ".", worker_in_dir: str | None = None, tick: Callable[[], None] | None = None,
                 tick_seconds: float = 0.5) -> None:
        self.scheduler = scheduler
        self.timeout = timeout if timeout and timeout > 0 else None
        self.ocr = ocr
        self.send_bytes = send_bytes
        self.in_dir = in_dir
        self.worker_in_dir = worker_in_dir
        self.tick = tick
        self.tick_seconds = tick_seconds
        self.replaced = 0
        self.slots: int | None = None  # worker threads of the cluster, known once connected

    def _connect(self) -> Any:
        from .runner import BatchError

        try:
            from distributed import Client
        except ImportError:
            raise BatchError("--engine dask needs dask.distributed: pip install 'khparse[dask]'") from None
        try:
            # Connect timeout from Dask's own config (distributed.comm.timeouts.connect, 30 s by default).
            return Client(self.scheduler, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise BatchError(f"cannot reach the Dask scheduler at {self.scheduler}: {exc}") from None

    def _submit(self, client: Any, task: Task) -> Any:
        if self.send_bytes:
            from ..errors import KhparseError
            from ..read import read_file_bytes

            try:
                data = read_file_bytes(task.path)  # size-limited: a huge file never reaches the client's memory
            except KhparseError as exc:  # refused here: the worker reports the same error for it
                return client.submit(error_result, task.rel, None, exc.code, exc.message, pure=False)
            return client.submit(convert_bytes, data, task.rel, self.ocr, pure=False)
        path = task.path
        if self.worker_in_dir:
            path = os.path.join(self.worker_in_dir, os.path.relpath(task.path, self.in_dir))
        return client.submit(convert_path, path, task.rel, self.ocr, pure=False)

    def run(self, tasks: Iterator[Task]) -> Iterator[tuple[Task, dict[str, Any]]]:
        from distributed import wait
        from distributed.scheduler import KilledWorker

        client = self._connect()
        inflight: dict[Any, tuple[Task, float]] = {}
        pending = iter(tasks)
        exhausted = False
        try:
            slots = self.slots = max(1, sum(client.nthreads().values()))
            while True:
                while not exhausted and len(inflight) < slots:
                    task = next(pending, None)
                    if task is None:
                        exhausted = True
                        break
                    try:
                        inflight[self._submit(client, task)] = (task, time.monotonic())
                    except OSError as exc:  # --send-bytes: unreadable here
                        yield task, error_result(task.rel, None, "unreadable_file", exc.strerror or str(exc))
                if not inflight:
                    return
                try:
                    with client.as_current():  # wait() uses the current client
                        done, _ = wait(list(inflight), timeout=self.tick_seconds, return_when="FIRST_COMPLETED")
                except TimeoutError:
                    done = set()
                if self.tick is not None:
                    self.tick()
                for fut in done:
                    task, _ = inflight.pop(fut)
                    yield task, self._result(fut, task, KilledWorker)
                if self.timeout:
                    now = time.monotonic()
                    for fut, (task, t0) in list(inflight.items()):
                        if now - t0 >= self.timeout and not fut.done():
                            inflight.pop(fut)
                            self._stop(client, fut)
                            yield task, error_result(task.rel, None, "timeout", f"no result after {self.timeout:g} s; the task was cancelled", self.timeout)
        finally:
            for fut in inflight:
                fut.cancel()
            client.close()

    def _result(self, fut: Any, task: Task, killed: type) -> dict[str, Any]:
        try:
            result = fut.result()
        except killed as exc:
            self.replaced += 1
            first = str(exc).split(". ")[0]
            return error_result(task.rel, None, "worker_died", f"the Dask workers running this file died ({first})")
        except Exception as exc:
            return error_result(task.rel, None, "internal_error", f"{type(exc).__name__}: {exc}")
        finally:
            fut.release()
        return result  # type: ignore[no-any-return]

    def _stop(self, client: Any, fut: Any) -> None:
        """Cancel a timed-out task and, best effort, restart the worker still running it."""
        try:
            address = client.run_on_scheduler(_processing_on, fut.key)
        except Exception:
            address = None
        fut.cancel()
        if address:
            try:
                client.restart_workers([address])
                self.replaced += 1
            except Exception:
                pass
