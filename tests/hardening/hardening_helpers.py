"""Helpers for the hardening tests: the khparse command, private temp folders, a loopback server."""
from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kh_testutil import free_port

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"


def khparse() -> list[str]:
    script = Path(sys.executable).with_name("khparse")
    return [str(script)] if script.exists() else [sys.executable, "-m", "parser"]


def private_env(tmp: Path, **extra: str) -> dict[str, str]:
    """The environment with TMPDIR pointing at `tmp` (so leftovers can be seen) and no KHPARSE_* limits."""
    tmp.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("KHPARSE_")}
    env.update(TMPDIR=str(tmp), TMP=str(tmp), TEMP=str(tmp), **extra)
    return env


def leftovers(tmp: Path) -> list[str]:
    return sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*"))


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Relative path -> (size, mtime ns) of every file under `folder` (symlinks not followed)."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file() and not p.is_symlink():
            st = p.stat()
            out[str(p.relative_to(folder))] = (st.st_size, st.st_mtime_ns)
    return out


@dataclass
class Reply:
    status: int
    body: bytes
    seconds: float

    def json(self) -> Any:
        return json.loads(self.body)


def post(port: int, body: bytes, headers: dict[str, str], *, timeout: float = 120.0) -> Reply:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    t0 = time.perf_counter()
    try:
        conn.request("POST", "/v1/extract", body=body, headers=headers)
        resp = conn.getresponse()
        return Reply(resp.status, resp.read(), time.perf_counter() - t0)
    finally:
        conn.close()


def upload(port: int, filename: bytes | str, data: bytes, **kw: Any) -> Reply:
    """A multipart upload; `filename` may be raw bytes (names that are no UTF-8)."""
    boundary = uuid.uuid4().hex
    name = filename.encode("utf-8") if isinstance(filename, str) else filename
    body = (f"--{boundary}\r\n".encode() + b'Content-Disposition: form-data; name="file"; filename="' + name + b'"\r\n'
            + b"Content-Type: application/octet-stream\r\n\r\n" + data + f"\r\n--{boundary}--\r\n".encode())
    return post(port, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}, **kw)


def healthy(port: int, timeout: float = 60.0, alive: Any = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if alive is not None and not alive():
            break
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not become healthy")


@dataclass
class Server:
    """`khparse serve` on loopback with its own environment; the log goes to a file."""

    args: list[str]
    env: dict[str, str]
    log_path: Path
    port: int = 0
    proc: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def start(self) -> Server:
        self.port = free_port()
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen([*khparse(), "serve", "--host", HOST, "--port", str(self.port), *self.args],
                                         cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            healthy(self.port, alive=lambda: self.proc is not None and self.proc.poll() is None)
        except RuntimeError:
            self.stop()
            raise RuntimeError(self.log())
        return self

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
