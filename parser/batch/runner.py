"""One batch run: walk, decide what to resume, convert on an engine, record, report.

Only this process makes outputs appear in OUT_DIR: a local worker writes
(and fsyncs) a document's JSON under a temporary name and this process
renames it into place, then appends its index line; a Dask worker returns
the JSON text and this process writes it atomically. So an output is
complete whenever it is visible, and it is indexed right after (a kill in
between only costs that file a second conversion). A lock file keeps two
batches off the same OUT_DIR.
"""
from __future__ import annotations

import os
import re
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from .. import __version__, limits
from . import index as idx
from .pool import PoolError, Task
from .progress import Progress
from .report import ERRORS_NAME, SUMMARY_NAME, error_line, file_mode, finalize, summary
from .walk import DEFAULT_GLOBS, Input, OutputPaths, output_rel, walk_inputs
from .worker import error_result

LOCK_NAME = ".khparse-batch.lock"
# Temporary files of write.write_atomic / report.atomic_open: ".NAME.XXXXXXXX.tmp".
STALE_TMP_RE = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")
FORMATS = ("json", "jsonl", "csv")


class BatchUsageError(ValueError):
    """Bad arguments (exit 2)."""


class BatchError(RuntimeError):
    """The batch cannot run (exit 1): OUT_DIR locked or unwritable, workers cannot start, no Dask."""


class BatchInterrupted(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: stop workers, keep what is finished, report."""


@dataclass
class BatchOptions:
    in_dir: str | Path
    out_dir: str | Path
    jobs: int | None = None
    globs: tuple[str, ...] = DEFAULT_GLOBS
    fmt: str = "json"
    timeout: float | None = field(default_factory=lambda: float(limits.get("timeout")) or None)  # KHPARSE_TIMEOUT
    force: bool = False
    skip_failed: bool = False
    ocr: str = "auto"
    quiet: bool = False
    engine: str = "local"
    scheduler: str | None = None
    send_bytes: bool = False
    worker_in_dir: str | None = None
    max_tasks_per_worker: int = 0
    review: bool = False  # also write OUT_DIR/_review/: one HTML page per document and an index
    sinks: tuple[str, ...] = ()  # database URLs (sqlite:///…, postgresql://…) every converted document goes to
    log_interval: float = 5.0
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class BatchResult:
    summary: dict[str, Any]
    exit_code: int


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _log(opts: BatchOptions, message: str) -> None:
    if not opts.quiet:
        import sys

        print(f"batch: {message}", file=sys.stderr, flush=True)


def check_dirs(opts: BatchOptions) -> tuple[Path, Path]:
    in_dir = Path(os.path.realpath(opts.in_dir))
    if not in_dir.is_dir():
        raise BatchUsageError(f"{opts.in_dir}: not a folder")
    out_dir = Path(os.path.abspath(opts.out_dir))
    if os.path.realpath(out_dir) == str(in_dir):
        raise BatchUsageError("OUT_DIR must differ from IN_DIR (outputs would be mixed with inputs)")
    if opts.fmt not in FORMATS:
        raise BatchUsageError(f"--format must be one of {', '.join(FORMATS)}")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BatchError(f"{out_dir}: cannot create the output folder: {exc.strerror or exc}") from None
    return in_dir, Path(os.path.realpath(out_dir))


def clean_stale_temp(out_dir: Path, in_dir: Path) -> int:
    """Remove temporary files a killed run left behind (never inside the input tree)."""
    removed = 0
    for dirpath, dirnames, filenames in os.walk(out_dir):
        dirnames[:] = [d for d in dirnames if os.path.join(dirpath, d) != str(in_dir)]
        for name in filenames:
            if STALE_TMP_RE.match(name):
                try:
                    os.unlink(os.path.join(dirpath, name))
                    removed += 1
                except OSError:
                    pass
    return removed


class _Lock:
    """flock on OUT_DIR/.khparse-batch.lock: a second batch on the same folder fails fast."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / LOCK_NAME
        self.fh: Any = None

    def __enter__(self) -> "_Lock":
        import fcntl

        self.fh = open(self.path, "a")
        try:
            fcntl.flock(self.fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.fh.close()
            raise BatchError(f"another batch is writing to {self.path.parent}") from None
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            os.unlink(self.path)
        except OSError:
            pass
        self.fh.close()


def _make_engine(opts: BatchOptions, jobs: int, tick: Any, out_dir: Path) -> Any:
    if opts.engine == "dask":
        from .dask_engine import DaskEngine

        return DaskEngine(opts.scheduler or "", timeout=opts.timeout, ocr=opts.ocr, send_bytes=opts.send_bytes,
                          in_dir=str(opts.in_dir), worker_in_dir=opts.worker_in_dir, tick=tick)
    from .pool import LocalPool

    return LocalPool(jobs, opts.timeout, opts.ocr, opts.max_tasks_per_worker, tick=tick, out_dir=out_dir)


class _Recorder:
    """Writes one finished input: output file first, then the sinks, then its index line (and error line).

    A document is ok only once its file is written and every sink holds it;
    a sink that fails makes it an error ("sink_failed") and removes its
    file, so the next run converts it again and retries the sink.
    """

    def __init__(self, out_dir: Path, ocr: str, sinks: list[Any] | None = None) -> None:
        self.out_dir = out_dir
        self.ocr = ocr
        self.sinks = sinks or []
        self.mode = file_mode()
        self.paths = OutputPaths(out_dir)
        self.index = idx.IndexWriter(out_dir / idx.INDEX_NAME)
        self.errors = open(out_dir / ERRORS_NAME, "a", encoding="utf-8", newline="\n")

    def sink_failed(self, rel: str, sha: str | None, message: str, target: Path | None) -> dict[str, Any]:
        """An earlier output that could not be put into a sink: an error now (converted again next run)."""
        entry = error_result(rel, sha, "sink_failed", message)
        entry.pop("json", None)
        entry.update(output=None, version=__version__, ocr=self.ocr)
        if target is not None and target.is_file():
            target.unlink()
        self.index.append(entry)
        self.errors.write(error_line(entry))
        self.errors.flush()
        return entry

    def record(self, task: Task, result: dict[str, Any]) -> dict[str, Any]:
        """Renames a local worker's complete `result["temp"]` into place, or writes `result["json"]` (Dask)."""
        entry = {k: v for k, v in result.items() if k not in ("json", "temp")}
        temp = result.get("temp")
        entry["path"] = task.rel
        if entry.get("sha256") is None and entry.get("error_code") in ("timeout", "worker_died"):
            entry["sha256"] = idx.sha256_file(task.path)
        entry["output"] = None
        entry["version"] = __version__
        entry["ocr"] = self.ocr
        try:
            target = Path(task.target) if task.target is not None else self.paths(task.rel)
        except ValueError as exc:
            entry.update(error_result(task.rel, entry.get("sha256"), "unsafe_output_path", str(exc), entry.get("seconds") or 0.0))
            entry.pop("json", None)
            target = None
        if entry.get("status") != "error" and target is not None:
            try:
                if temp is not None:
                    os.replace(temp, target)
                    temp = None
                else:
                    from ..write import write_atomic

                    write_atomic(target, result["json"])
                    os.chmod(target, self.mode)
                entry["output"] = output_rel(task.rel)
            except OSError as exc:
                entry.update(status="error", error_code="write_failed", error=f"cannot write {output_rel(task.rel)}: {exc.strerror or exc}")
            failure = None
            if self.sinks and entry["output"]:
                from ..sinks.feed import put_text

                text = result.get("json")
                failure = put_text(self.sinks, text if text is not None else target.read_text(encoding="utf-8"))
            if failure is not None:
                target.unlink(missing_ok=True)
                entry.update(status="error", error_code="sink_failed", error=failure, output=None)
        elif target is not None and entry.get("error_code") != "write_failed" and target.is_file():
            target.unlink()  # a stale output from an older version of this input must not look current
        if temp is not None:  # not renamed (write failed, or no safe path): not left behind
            Path(temp).unlink(missing_ok=True)
        self.index.append(entry)
        if entry["status"] == "error":
            self.errors.write(error_line(entry))
            self.errors.flush()
        return entry

    def close(self) -> None:
        self.index.close()
        self.errors.close()


def _walk_error(inp: Input) -> tuple[Task, dict[str, Any]]:
    code, message = inp.error or ("error", "")
    sha = None if code == "symlink_outside_tree" else idx.sha256_file(inp.path)
    return Task(inp.rel, inp.path), error_result(inp.rel, sha, code, message)


@dataclass(frozen=True)
class Kept:
    """A skipped input whose earlier output stands (a sink may still lack it)."""

    rel: str
    sha256: str
    output: str | None


def _plan(opts: BatchOptions, inputs: list[Input], out_dir: Path) -> tuple[list[Task], list[Input], list[Kept], int]:
    """Split the inputs: to convert, known-bad from the walk, and skipped (resumed; listed only for --sink)."""
    prev = {} if opts.force else idx.load(out_dir / idx.INDEX_NAME)
    tasks: list[Task] = []
    bad: list[Input] = []
    kept: list[Kept] = []
    skipped = 0
    for inp in inputs:
        if inp.error:
            bad.append(inp)
            continue
        p = prev.get(inp.rel)
        sha = idx.sha256_file(inp.path) if p is not None else None
        if p is not None and idx.reusable(p, sha, __version__, opts.ocr, out_dir, opts.skip_failed):
            skipped += 1
            if opts.sinks and p.status != "error":
                kept.append(Kept(inp.rel, sha or "", p.output))
            continue
        tasks.append(Task(inp.rel, inp.path))
    return tasks, bad, kept, skipped


def _on_sigterm(signum: int, frame: object) -> None:
    raise BatchInterrupted()


@contextmanager
def _opened_sinks(opts: BatchOptions) -> Iterator[list[Any]]:
    """Every --sink, opened and migrated before anything is converted (one that cannot open fails the batch),
    closed at the end whatever happens."""
    if not opts.sinks:
        yield []
        return
    from ..sinks import SinkError, SinkUsageError, open_sinks

    try:
        sinks = open_sinks(opts.sinks)
    except SinkUsageError as exc:
        raise BatchUsageError(f"--sink {exc}") from None
    except SinkError as exc:
        raise BatchError(f"sink: {exc}") from None
    _log(opts, "sink" + ("s" if len(sinks) > 1 else "") + ": " + ", ".join(s.url for s in sinks))
    try:
        yield sinks
    finally:
        for sink in sinks:
            sink.close()


def _sync_kept(opts: BatchOptions, out_dir: Path, kept: list[Kept], recorder: _Recorder) -> int:
    """Put skipped inputs' earlier outputs into the sinks that lack them (a cheap check by sha256)."""
    from ..sinks import SinkError
    from ..sinks.feed import Stored, load_stored

    stored = (Stored(k.rel, k.sha256, out_dir.joinpath(*k.output.split("/"))) for k in kept if k.output)
    try:
        loaded = load_stored(recorder.sinks, stored, lambda item, msg: recorder.sink_failed(item.rel, item.sha256, msg, item.path))
    except SinkError as exc:  # the sink cannot even say what it holds
        raise BatchError(f"sink: {exc}") from None
    if loaded:
        _log(opts, f"{loaded} earlier output{'s' if loaded != 1 else ''} put into the sink{'s' if len(recorder.sinks) > 1 else ''} lacking {'them' if loaded != 1 else 'it'}")
    return loaded


def run_batch(opts: BatchOptions) -> BatchResult:
    """Convert IN_DIR into OUT_DIR; exit code 0 when every input converted, 3 when some failed."""
    in_dir, out_dir = check_dirs(opts)
    opts.in_dir = in_dir
    jobs = opts.jobs or default_jobs()
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    t0 = time.monotonic()
    with _Lock(out_dir), _opened_sinks(opts) as sinks:
        clean_stale_temp(out_dir, in_dir)
        inputs = list(walk_inputs(in_dir, opts.globs, exclude=out_dir))
        tasks, bad, kept, skipped = _plan(opts, inputs, out_dir)
        rels = [inp.rel for inp in inputs]
        del inputs
        _log(opts, f"{len(rels)} inputs: {len(tasks) + len(bad)} to convert, {skipped} unchanged since the last run (skipped), "
                   f"{jobs if opts.engine == 'local' else 'dask'} worker{'s' if jobs != 1 else ''}")
        progress = Progress(len(tasks) + len(bad), quiet=opts.quiet, interval=opts.log_interval)
        recorder = _Recorder(out_dir, opts.ocr, sinks)
        interrupted = completed = False
        sink_loaded = 0
        replaced = 0
        slots = None
        old_term = signal.signal(signal.SIGTERM, _on_sigterm) if threading.current_thread() is threading.main_thread() else None
        engine = None
        results: Iterator[tuple[Task, dict[str, Any]]] | None = None
        try:
            if sinks:
                sink_loaded = _sync_kept(opts, out_dir, kept, recorder)
            del kept
            for inp in bad:
                progress.update(recorder.record(*_walk_error(inp))["status"])
            if tasks:
                engine = _make_engine(opts, min(jobs, len(tasks)), progress.tick, out_dir)  # no idle workers to start
                results = engine.run(iter(tasks))
                for task, result in results:
                    progress.update(recorder.record(task, result)["status"])
            completed = True
        except KeyboardInterrupt:
            interrupted = True
        except PoolError as exc:
            raise BatchError(str(exc)) from None
        finally:
            if results is not None:
                results.close()  # kills the workers still running
            if not completed:  # a worker's temporary output the interrupted parent never renamed
                clean_stale_temp(out_dir, in_dir)
            if engine is not None:
                replaced = getattr(engine, "replaced", 0)
                slots = getattr(engine, "slots", None)
            progress.close()
            recorder.close()
            if old_term is not None:
                signal.signal(signal.SIGTERM, old_term)
        totals = finalize(out_dir, rels, opts.fmt)
        run = {
            "version": __version__, "engine": opts.engine, "jobs": jobs if opts.engine == "local" else slots,
            "format": opts.fmt, "ocr": opts.ocr, "timeout": opts.timeout, "in_dir": str(in_dir), "out_dir": str(out_dir),
            "started": started, "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "interrupted": interrupted, "inputs": len(rels), "processed": progress.done, "skipped": skipped,
            "wall_seconds": time.monotonic() - t0, "workers_replaced": replaced,
        }
        if sinks:
            run["sinks"] = {"urls": [s.url for s in sinks], "earlier_outputs_loaded": sink_loaded}
        result = summary(totals, run)
        from ..write import write_json

        write_json(out_dir / SUMMARY_NAME, result)
        os.chmod(out_dir / SUMMARY_NAME, file_mode())
        if opts.review and not interrupted:
            from .report import write_review

            index_page = write_review(out_dir)
            _log(opts, f"review pages: {index_page}")
    if interrupted:
        raise KeyboardInterrupt
    counts = result["counts"]
    _log(opts, f"done in {result['seconds']['wall']:.1f} s: {counts['ok'] + counts['warning']} converted or kept "
               f"({counts['warning']} with warnings), {counts['error']} failed"
               + (f" (see {out_dir / ERRORS_NAME})" if counts["error"] else ""))
    return BatchResult(result, 3 if counts["error"] else 0)
