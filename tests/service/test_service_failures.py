"""Failure paths over real HTTP, with stand-in jobs: time limit, crash, bug, busy, limits, slow body.

The server runs `create_app` in a thread of this process with one worker, a
1.5 s time limit, one waiting slot and a 16 KiB upload limit, so every path
is reached in a second or two.
"""
from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from parser.service.settings import Settings
from service_helpers import HOST, ThreadServer, post_raw, read_response, request, upload

LIMIT = 16 * 1024


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    settings = Settings(
        workers=1,
        timeout=1.5,
        max_pending=1,
        max_upload_mb=LIMIT / (1024 * 1024),
        handler="tests.service.service_handlers:job",
    )
    server = ThreadServer(settings).start()
    try:
        yield server.port
    finally:
        server.stop()


def error(reply, status: int, code: str) -> dict:  # type: ignore[no-untyped-def]
    assert reply.status == status, reply.body[:300]
    body = reply.json()
    assert body["code"] == code and body["message"]
    assert "Traceback" not in reply.body.decode()
    return body  # type: ignore[no-any-return]


def health(port: int) -> dict:
    return request(port, "GET", "/healthz").json()  # type: ignore[no-any-return]


def test_upload_reaches_the_worker_with_a_safe_name(port: int) -> None:
    r = upload(port, "..\\..\\Windows\\KH-05.docx", b"abc", query="?ocr=always")
    assert r.status == 200
    assert r.json() == {"size": 3, "filename": "KH-05.docx", "ocr": "always"}


def test_time_limit_gives_504_and_the_worker_is_replaced(port: int) -> None:
    before = health(port)["restarts"]
    t0 = time.perf_counter()
    error(post_raw(port, b"sleep:30"), 504, "timeout")
    assert time.perf_counter() - t0 < 5
    assert post_raw(port, b"after").status == 200  # a fresh worker answers
    assert health(port)["restarts"] == before + 1


def test_worker_crash_gives_500_json_and_the_pool_recovers(port: int) -> None:
    before = health(port)["restarts"]
    error(post_raw(port, b"crash"), 500, "worker_crashed")
    assert post_raw(port, b"after").status == 200
    h = health(port)
    assert h["restarts"] == before + 1 and h["alive"] == 1


def test_a_bug_is_500_without_details(port: int) -> None:
    body = error(post_raw(port, b"boom"), 500, "internal_error")
    assert "secret" not in body["message"] and "/srv" not in body["message"]
    assert post_raw(port, b"after").status == 200


def test_khparse_error_keeps_its_status_and_code(port: int) -> None:
    error(post_raw(port, b"empty"), 422, "empty_document")


def test_busy_when_too_many_wait(port: int) -> None:
    """One worker busy, one request waiting (max_pending=1): the next is refused at once with 503."""
    replies: dict[str, int] = {}

    def send(key: str, data: bytes) -> None:
        replies[key] = post_raw(port, data).status

    busy = threading.Thread(target=send, args=("busy", b"sleep:0.8"))
    busy.start()
    time.sleep(0.25)
    waiting = threading.Thread(target=send, args=("waiting", b"x"))
    waiting.start()
    time.sleep(0.25)
    r = post_raw(port, b"y")
    busy.join(10)
    waiting.join(10)
    error(r, 503, "busy")
    assert r.headers.get("retry-after") == "1"
    assert replies == {"busy": 200, "waiting": 200}


@pytest.mark.parametrize("how", ["multipart", "raw", "chunked"])
def test_upload_limit(port: int, how: str) -> None:
    data = b"a" * (LIMIT + 1)
    if how == "multipart":
        r = upload(port, "big.txt", data)
    else:
        r = post_raw(port, data, chunked=how == "chunked")
    error(r, 413, "upload_too_large")
    assert post_raw(port, b"a" * (LIMIT - 10)).status == 200  # just under the limit passes


def test_slow_body_gets_408(port: int) -> None:
    with socket.create_connection((HOST, port), timeout=10) as s:
        s.sendall(b"POST /v1/extract HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nabc")
        t0 = time.perf_counter()
        head = read_response(s)
    assert head.startswith(b"HTTP/1.1 408"), head[:200]
    assert b'"request_timeout"' in head
    assert 1.0 < time.perf_counter() - t0 < 5


def test_malformed_multipart_is_400(port: int) -> None:
    r = request(port, "POST", "/v1/extract", b"--zzz\r\nno headers end", {"Content-Type": "multipart/form-data; boundary=zzz"})
    error(r, 400, "bad_request")
    r = request(port, "POST", "/v1/extract", b"abc", {"Content-Type": "multipart/form-data"})
    error(r, 400, "bad_request")


def test_pool_recycles_workers_and_closes_cleanly() -> None:
    """Straight on the pool: a worker is replaced after each job (max_jobs_per_worker=1), and
    close() leaves no process behind."""
    import asyncio

    from parser.service.pool import WorkerPool

    async def scenario() -> tuple[list[bytes], int, list[int]]:
        pool = WorkerPool(1, "tests.service.service_handlers:job", max_jobs_per_worker=1)
        await pool.start()
        loop = asyncio.get_running_loop()
        try:
            replies = [await pool.run({"data": b"x" * n, "ocr": "auto"}, loop.time() + 10) for n in (1, 2, 3)]
            pids = [w.proc.pid for w in pool._live]
        finally:
            await pool.close()
        return replies, pool.restarts, pids

    replies, restarts, pids = asyncio.run(scenario())
    assert [r.count(b'"size": ') for r in replies] == [1, 1, 1]
    assert restarts == 3
    assert len(pids) == 1
    with pytest.raises(ProcessLookupError):
        os.kill(pids[0], 0)
