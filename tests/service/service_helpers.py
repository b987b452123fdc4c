"""Helpers for the service tests: a real server on loopback, and a stdlib HTTP client.

Only 127.0.0.1 is ever contacted. Servers are started on a free port and
stopped by the fixtures that start them.
"""
from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kh_testutil import free_port

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
FIXTURES = CORPUS / "fixtures"
HOST = "127.0.0.1"


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes
    elapsed: float = 0.0

    def json(self) -> Any:
        return json.loads(self.body)


def request(
    port: int,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    *,
    timeout: float = 60.0,
    chunked: bool = False,
) -> Reply:
    """One request on a fresh loopback connection."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    t0 = time.perf_counter()
    try:
        if chunked:
            data = body or b""
            pieces = (data[i: i + (1 << 20)] for i in range(0, len(data), 1 << 20))
            conn.request(method, path, body=pieces, headers=headers or {}, encode_chunked=True)
        else:
            conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        payload = resp.read()
        return Reply(resp.status, {k.lower(): v for k, v in resp.getheaders()}, payload, time.perf_counter() - t0)
    finally:
        conn.close()


def read_response(sock: socket.socket) -> bytes:
    """A whole HTTP response from a raw socket: headers, then Content-Length bytes of body
    (they may arrive in separate segments)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")), 0)
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def multipart(parts: list[tuple[str, str | None, bytes]]) -> tuple[bytes, str]:
    """(name, filename or None, data) parts -> (body, content type)."""
    boundary = uuid.uuid4().hex
    out = bytearray()
    for name, filename, data in parts:
        out += f"--{boundary}\r\n".encode()
        disp = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename is not None else "")
        out += f"Content-Disposition: {disp}\r\n".encode("utf-8")
        if filename is not None:
            out += b"Content-Type: application/octet-stream\r\n"
        out += b"\r\n" + data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


def upload(port: int, filename: str | None, data: bytes, query: str = "", **kw: Any) -> Reply:
    body, ctype = multipart([("file", filename, data)])
    return request(port, "POST", "/v1/extract" + query, body, {"Content-Type": ctype}, **kw)


def post_raw(port: int, data: bytes, query: str = "", ctype: str = "text/plain; charset=utf-8", **kw: Any) -> Reply:
    return request(port, "POST", "/v1/extract" + query, data, {"Content-Type": ctype}, **kw)


def wait_healthy(port: int, *, timeout: float = 60.0, alive: Any = None) -> dict:
    """Poll /healthz until it answers 200 (and `alive(health)` holds, if given)."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if alive is not None and not alive():
            break
        try:
            r = request(port, "GET", "/healthz", timeout=2)
            if r.status == 200:
                return r.json()  # type: ignore[no-any-return]
        except OSError as exc:
            last = exc
        time.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not become healthy: {last}")


def khparse_command() -> list[str]:
    script = Path(sys.executable).with_name("khparse")
    return [str(script)] if script.exists() else [sys.executable, "-m", "parser"]


@dataclass
class ServerProcess:
    """`khparse serve` in a subprocess; its log goes to a temp file (a pipe could fill and stall it)."""

    args: list[str] = field(default_factory=list)
    port: int = 0
    proc: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None

    def start(self) -> ServerProcess:
        self.port = self.port or free_port()
        fd, name = tempfile.mkstemp(prefix="khparse-serve-", suffix=".log")
        self.log_path = Path(name)
        with os.fdopen(fd, "wb") as log:
            cmd = [*khparse_command(), "serve", "--host", HOST, "--port", str(self.port), *self.args]
            self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            wait_healthy(self.port, alive=lambda: self.proc is not None and self.proc.poll() is None)
        except RuntimeError as exc:
            self.stop()
            raise RuntimeError(f"{exc}\n--- server log ---\n{self.log()}") from None
        return self

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path else ""

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self.log_path is not None:
            self.log_path.unlink(missing_ok=True)


class ThreadServer:
    """A uvicorn.Server for `create_app(settings)` in a thread of the test process."""

    def __init__(self, settings: Any) -> None:
        import uvicorn

        from parser.service.app import create_app

        self.port = free_port()
        config = uvicorn.Config(create_app(settings), host=HOST, port=self.port, log_level="warning", access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="khparse-test-server", daemon=True)

    def start(self) -> ThreadServer:
        self.thread.start()
        wait_healthy(self.port, alive=self.thread.is_alive)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(20)
