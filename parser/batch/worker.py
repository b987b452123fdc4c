"""The per-document function, shared by every engine, and the local worker process.

`convert_bytes(data, rel, ocr)` never raises: it returns a plain dict (the
JSON text of the output plus the header fields the index and the CSV need),
so the parent never parses a document again and the local and Dask engines
produce byte-identical files. `source.path` in the output is the path
relative to IN_DIR, the same wherever the tree is mounted.

`worker_main` is the loop of one local worker process: import the pipeline
once at start-up, then one task at a time over a pipe, until told to stop
or the parent goes away.
"""
from __future__ import annotations

import hashlib
import os
import time
from collections import Counter
from typing import Any

# Test-only hooks: a comma-separated list of file names (or relative paths)
# that make the worker sleep for an hour or die abruptly, to exercise the
# timeout and dead-worker paths without a real pathological document; and
# a delay in seconds added to every file, so a test can kill a batch mid-run.
SLOW_ENV = "KHPARSE_TEST_SLOW"
CRASH_ENV = "KHPARSE_TEST_CRASH"
DELAY_ENV = "KHPARSE_TEST_DELAY"


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


def _die_with_parent() -> None:
    """Linux: SIGKILL this worker when the parent dies, so a killed batch leaves no orphans."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except Exception:  # other systems: the worker exits on EOF from the pipe instead
        pass


def worker_main(conn: Any, parent_pid: int) -> None:
    """One worker: ("ready", pid), then per task (path, rel, ocr) -> ("done", result); None stops."""
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
    conn.send(("ready", os.getpid()))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        path, rel, ocr = task
        result = convert_path(path, rel, ocr)
        try:
            conn.send(("done", result))
        except (BrokenPipeError, OSError):
            return
