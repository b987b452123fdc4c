"""The per-document function, shared by every engine, and the local worker process.

`convert_bytes(data, rel, ocr)` never raises: it returns a plain dict (the
JSON text of the output plus the header fields the index and the CSV need),
so the parent never parses a document again and the local and Dask engines
produce byte-identical files. `source.path` in the output is the path
relative to IN_DIR, the same wherever the tree is mounted.

`worker_main` is the loop of one local worker process: import the pipeline
once at start-up, then one task at a time over a pipe, until told to stop
or the parent goes away. A local worker writes the output itself, fsync'ed,
under a temporary name the parent renames into place (`write.temp_path`):
the costly part of an atomic write (fsync) then runs in the workers, in
parallel, on a writer thread that overlaps it with the next conversion, and
only the small header dict crosses the pipe.
"""
from __future__ import annotations

import hashlib
import os
import queue
import threading
import time
from collections import Counter
from typing import Any

# Test-only hooks: a comma-separated list of file names (or relative paths)
# that make the worker sleep for an hour or die abruptly, to exercise the
# timeout and dead-worker paths without a real pathological document; a
# delay in seconds added to every file, so a test can kill a batch mid-run;
# and one added to every output write, so a kill finds writes in progress.
SLOW_ENV = "KHPARSE_TEST_SLOW"
CRASH_ENV = "KHPARSE_TEST_CRASH"
DELAY_ENV = "KHPARSE_TEST_DELAY"
WRITE_DELAY_ENV = "KHPARSE_TEST_WRITE_DELAY"


def _hooked(env: str, rel: str) -> bool:
    names = [n for n in os.environ.get(env, "").split(",") if n]
    return bool(names) and (rel in names or rel.rsplit("/", 1)[-1] in names)


def _test_hooks(rel: str) -> None:
    delay = os.environ.get(DELAY_ENV)
    if delay:
        time.sleep(float(delay))
    if _hooked(SLOW_ENV, rel):
        time.sleep(3600)
    if _hooked(CRASH_ENV, rel):
        os._exit(70)


def error_result(rel: str, sha256: str | None, code: str, message: str, seconds: float = 0.0) -> dict[str, Any]:
    return {"path": rel, "sha256": sha256, "status": "error", "seconds": round(seconds, 4),
            "error_code": code, "error": message, "json": None}


def header_fields(out: dict) -> dict[str, Any]:
    """The flat header row of one output: what the index and the CSV carry."""
    doc = _obj(out.get("document"))
    issued = _obj(doc.get("issued"))
    issuer = _obj(out.get("issuer"))
    signer = _obj(out.get("signer"))
    source = _obj(out.get("source"))
    warnings = [w for w in out.get("warnings") or [] if isinstance(w, dict)]
    return {
        "reference": doc.get("reference"),
        "number": doc.get("number"),
        "symbol": doc.get("symbol"),
        "type": doc.get("type"),
        "date": issued.get("value"),
        "precision": issued.get("precision"),
        "place": doc.get("place"),
        "issuer": issuer.get("name"),
        "abbreviation": issuer.get("abbreviation"),
        "title": doc.get("title"),
        "signer_name": signer.get("name"),
        "signer_title": signer.get("title"),
        "recipients": len(out.get("recipients") or []),
        "warnings": len(warnings),
        "warning_codes": dict(sorted(Counter(str(w.get("code")) for w in warnings).items())),
        "format": source.get("format"),
        "pages": source.get("pages"),
        "ocr_used": bool(source.get("ocr")),
    }


def _obj(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def convert_bytes(data: bytes, rel: str, ocr: str = "auto", t0: float | None = None) -> dict[str, Any]:
    """Run the pipeline on one input; every failure becomes an error result, never an exception."""
    t0 = time.perf_counter() if t0 is None else t0
    sha = hashlib.sha256(data).hexdigest()
    _test_hooks(rel)
    try:
        from ..errors import KhparseError
        from ..pipeline import run_bytes
        from ..write import dumps

        try:
            out = run_bytes(data, path=rel, ocr=ocr)
            text = dumps(out)
        except KhparseError as exc:
            return error_result(rel, sha, exc.code, exc.message, time.perf_counter() - t0)
    except MemoryError:
        return error_result(rel, sha, "out_of_memory", "the document needed more memory than available", time.perf_counter() - t0)
    except Exception as exc:  # a bug in an extractor: this file fails, the batch goes on
        return error_result(rel, sha, "internal_error", f"{type(exc).__name__}: {exc}", time.perf_counter() - t0)
    fields = header_fields(out)
    return {"path": rel, "sha256": sha, "status": "warning" if fields["warnings"] else "ok",
            "seconds": round(time.perf_counter() - t0, 4), **fields, "json": text}


def convert_path(path: str, rel: str, ocr: str = "auto") -> dict[str, Any]:
    """Read then convert; the worker reads the file itself so the parent never holds document bytes.
    What is not a regular file or is over the size limit is refused before it is read."""
    t0 = time.perf_counter()
    from ..errors import KhparseError
    from ..read import read_file_bytes

    try:
        data = read_file_bytes(path)
    except KhparseError as exc:
        sha = _sha256_file(path) if exc.code == "limit_exceeded" else None
        return error_result(rel, sha, exc.code, exc.message, time.perf_counter() - t0)
    return convert_bytes(data, rel, ocr, t0)


def _sha256_file(path: str) -> str | None:
    from .index import sha256_file

    return sha256_file(path)


# A minimal plan run once per worker at start-up, so that rule tables, compiled
# patterns and lazily loaded extractors are ready before the first real file
# (its seconds and its timeout then measure that file alone).
WARM_UP_TEXT = """ỦY BAN NHÂN DÂN
HUYỆN MẪU
Số: 01/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Mẫu, ngày 02 tháng 01 năm 2024
KẾ HOẠCH
Tổ chức phong trào thi đua năm 2024
Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;
I. MỤC ĐÍCH, YÊU CẦU
1. Phát động phong trào thi đua từ ngày 01/02/2024 đến ngày 30/6/2024, phấn đấu đạt 100% chỉ tiêu.
II. TỔ CHỨC THỰC HIỆN
1. Phòng Nội vụ chủ trì, phối hợp với các đơn vị tổ chức thực hiện; tặng Giấy khen cho 05 tập thể.
Nơi nhận:
- UBND tỉnh (để báo cáo);
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn A
"""


def warm_up() -> None:
    """Import the pipeline and run it once: loaded once per worker, not per file."""
    from ..pipeline import run_text
    from ..write import dumps

    try:
        dumps(run_text(WARM_UP_TEXT, path="warm-up.txt"))
    except Exception:  # an extractor bug shows up on the real files, with their names
        pass
    from ..read import ocr

    ocr.OCR_JOBS = 1  # the batch already runs one worker per core: one Tesseract each


def tune_gc() -> None:
    """After the warm-up: the modules, rule tables and compiled patterns loaded so far live as long as
    the worker, so the cyclic collector stops scanning them (`gc.freeze`), and it runs less often
    (each document allocates and frees a few hundred thousand objects, nearly all acyclic): about
    0.3 ms less per document, the same output."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)


def _die_with_parent() -> None:
    """Linux: SIGKILL this worker when the parent dies, so a killed batch leaves no orphans."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except Exception:  # other systems: the worker exits on EOF from the pipe instead
        pass


def temp_tag(pid: int) -> str:
    """The 8-character tag of a worker's temporary outputs (the parent derives it from the same pid)."""
    return f"{pid & 0xFFFFFFFF:08x}"


class _Writer:
    """The worker's writer thread: temporary output written and fsync'ed, then "written" sent to the parent.

    fsync waits on the disk, not the CPU; on its own thread it overlaps the
    next document's conversion. At most `depth` documents wait for it, so a
    stuck disk stalls the conversions too (and the per-file timeout fires).
    """

    def __init__(self, send: Any, depth: int = 2) -> None:
        self.send = send
        self.tag = temp_tag(os.getpid())
        self.todo: queue.Queue[tuple[dict[str, Any], str, str] | None] = queue.Queue(maxsize=depth)
        self.thread: threading.Thread | None = None

    def put(self, result: dict[str, Any], text: str, target: str) -> None:
        if self.thread is None:
            self.thread = threading.Thread(target=self._run, name="khparse-batch-writer", daemon=True)
            self.thread.start()
        self.todo.put((result, text, target))

    def _run(self) -> None:
        from ..write import temp_path, write_durable
        from .walk import output_rel

        delay = float(os.environ.get(WRITE_DELAY_ENV) or 0)
        while (item := self.todo.get()) is not None:
            result, text, target = item
            kind = "written"
            if delay:
                time.sleep(delay)
            try:
                write_durable(temp_path(target, self.tag), text.encode("utf-8"))
            except OSError as exc:
                kind = "done"
                result.update(status="error", error_code="write_failed",
                              error=f"cannot write {output_rel(result['path'])}: {exc.strerror or exc}")
            except Exception as exc:  # never let this thread die: the parent would wait for the file forever
                kind = "done"
                result.update(status="error", error_code="internal_error", error=f"{type(exc).__name__}: {exc}")
            try:
                self.send((kind, result))
            except (BrokenPipeError, OSError):
                return

    def close(self) -> None:
        """Finish the pending writes (their "written" messages are sent) before the worker exits."""
        if self.thread is not None:
            self.todo.put(None)
            self.thread.join()


def worker_main(conn: Any, parent_pid: int) -> None:
    """One worker: ("ready", pid), then per task (path, rel, ocr, target) either ("done", result), or
    ("next", rel) at once and ("written", result) once the temporary output is on disk; None stops."""
    import signal

    _die_with_parent()
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, inherited through fork
    try:
        warm_up()
    except Exception as exc:
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    tune_gc()
    lock = threading.Lock()  # the main thread and the writer thread both send

    def send(message: tuple[str, Any]) -> None:
        with lock:
            conn.send(message)

    writer = _Writer(send)
    send(("ready", os.getpid()))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            writer.close()
            return
        path, rel, ocr, target = task
        result = convert_path(path, rel, ocr)
        text = result.pop("json", None)
        try:
            if text is None or target is None:  # failed, or no safe output path: nothing to write
                send(("done", result))
            else:
                send(("next", rel))  # free for the next file while this one is written
                writer.put(result, text, target)
        except (BrokenPipeError, OSError):
            return
