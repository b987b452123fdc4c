"""The extraction worker process: receive a job on a pipe, answer on the same pipe.

Why processes and not threads: extraction is CPU-bound pure Python, so it
must run off the event loop and outside its GIL; and a job that hangs or
crashes must be killable without touching the others, which is what one
process per worker gives (`pool.py` kills and replaces a worker whose job
overruns the time limit).

Protocol (pickled tuples over a `multiprocessing` Pipe):
  worker -> parent, once:   ("ready", pid)
  parent -> worker:         payload dict, or None to stop
  worker -> parent:         ("ok", json_bytes) | ("error", http_status, code, message)
The JSON is serialised here, in the worker, so the event loop only copies bytes.
"""
from __future__ import annotations

import json
import logging
import os
import signal
from importlib import import_module
from multiprocessing.connection import Connection
from typing import Any, Callable

from ..errors import KhparseError

log = logging.getLogger("khparse.service.worker")

Reply = tuple[Any, ...]


def resolve(ref: str) -> Callable[[dict[str, Any]], bytes]:
    """'package.module:function' -> the function."""
    module, _, name = ref.partition(":")
    return getattr(import_module(module), name)  # type: ignore[no-any-return]


def run_one(handler: Callable[[dict[str, Any]], bytes], payload: dict[str, Any]) -> Reply:
    """One job, every failure turned into an error reply (bad input -> its 4xx; a bug -> 500)."""
    try:
        return ("ok", handler(payload))
    except KhparseError as exc:
        return ("error", exc.http_status, exc.code, exc.message)
    except Exception as exc:  # a bug, not bad input: log it here, tell the client only its kind
        log.exception("extraction failed (%s)", payload.get("filename") or "raw body")
        return ("error", 500, "internal_error", f"internal error ({type(exc).__name__}); see the server log")


def worker_main(conn: Connection, handler_ref: str) -> None:
    """Process entry point: warm up, say ready, then serve jobs until None or EOF."""
    # Ctrl-C reaches the whole process group; the parent shuts workers down itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    handler = resolve(handler_ref)
    warm_up = getattr(import_module(handler_ref.partition(":")[0]), "warm_up", None)
    if callable(warm_up):
        warm_up()
    conn.send(("ready", os.getpid()))
    while True:
        try:
            payload = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if payload is None:
            return
        conn.send(run_one(handler, payload))


def extract_job(payload: dict[str, Any]) -> bytes:
    """The default job: bytes (any supported format) -> contract-v1 JSON bytes."""
    from ..pipeline import run_bytes

    out = run_bytes(payload["data"], path=payload.get("filename"), ocr=payload.get("ocr", "auto"))
    return json.dumps(out, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


WARM_UP_TEXT = (
    "ỦY BAN NHÂN DÂN\nXÃ AN BÌNH\nSố: 12/KH-UBND\nAn Bình, ngày 05 tháng 3 năm 2024\n"
    "KẾ HOẠCH\nTổ chức Ngày hội thi đua\nI. MỤC ĐÍCH, YÊU CẦU\n1. Phấn đấu 100% hộ gia đình tham gia.\n"
    "II. TỔ CHỨC THỰC HIỆN\n1. Văn phòng UBND xã chủ trì, báo cáo trước ngày 30/6/2024.\n"
    "Nơi nhận:\n- UBND huyện (để báo cáo);\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn An\n"
)


def warm_up() -> None:
    """Run one tiny plan so the first real request does not pay for lazy imports and caches."""
    try:
        extract_job({"data": WARM_UP_TEXT.encode("utf-8")})
    except Exception:  # never fatal: the real request will report the problem
        log.exception("warm-up extraction failed")
