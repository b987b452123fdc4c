"""A throw-away PostgreSQL server for the sink tests, on 127.0.0.1 only.

Uses Debian's binaries (/usr/lib/postgresql/<version>/bin, package
`postgresql`): initdb into a temporary folder, pg_ctl start on a free
loopback port with the unix socket in that folder too, and a password for
the test role (so the tests also see that URLs are redacted). PostgreSQL
refuses to run as root: as root (CI), every server command runs as the
`postgres` system user (created by the Debian package) via runuser, in a
folder handed over to it. fsync is off: nothing here needs to survive a crash.

`KHPARSE_TEST_PG_URL=postgresql://…` uses an existing server instead
(each test still gets its own database there).
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from kh_testutil import free_port

USER = "khparse"
PASSWORD = "s3cret-pw"
START_TIMEOUT_S = 30


class Unavailable(RuntimeError):
    """Why no server could be had (the tests are skipped with this reason)."""


@dataclass
class PgServer:
    url: str  # the maintenance database (postgres)
    root: Path | None = None
    bin_dir: Path | None = None
    run_as: str | None = None

    def database_url(self, name: str) -> str:
        base, _, _ = self.url.rpartition("/")
        return f"{base}/{name}"

    def stop(self) -> None:
        if self.root is None or self.bin_dir is None:
            return
        _run(self, [str(self.bin_dir / "pg_ctl"), "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop"], check=False)
        shutil.rmtree(self.root, ignore_errors=True)


def find_bin_dir() -> Path | None:
    """The newest /usr/lib/postgresql/<version>/bin with initdb and pg_ctl (or initdb on PATH)."""
    found = [Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")]
    found = [d for d in found if (d / "pg_ctl").is_file()]
    if found:
        return max(found, key=lambda d: int(d.parent.name) if d.parent.name.isdigit() else 0)
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb and shutil.which("pg_ctl") else None


def _run(server: PgServer, cmd: list[str], check: bool = True) -> subprocess.CompletedProcess:
    if server.run_as:
        cmd = ["runuser", "-u", server.run_as, "--", *cmd]
    res = subprocess.run(cmd, capture_output=True, text=True, cwd=server.root, timeout=START_TIMEOUT_S + 30)
    if check and res.returncode != 0:
        raise Unavailable(f"{Path(cmd[cmd.index('--') + 1] if '--' in cmd else cmd[0]).name} failed: "
                          f"{(res.stderr or res.stdout).strip()[-400:]}")
    return res


def start() -> PgServer:
    """Start a server or raise Unavailable with the reason."""
    existing = os.environ.get("KHPARSE_TEST_PG_URL")
    if existing:
        return PgServer(existing)
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise Unavailable("PostgreSQL server binaries not found (apt-get install postgresql)")
    run_as = None
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            raise Unavailable("running as root and runuser is missing: PostgreSQL refuses to run as root")
        try:
            account = pwd.getpwnam("postgres")
        except KeyError:
            raise Unavailable("running as root and there is no 'postgres' user to run the server as") from None
        run_as = "postgres"
    root = Path(tempfile.mkdtemp(prefix="khparse-pg-"))
    server = PgServer("", root, bin_dir, run_as)
    try:
        (root / "pwfile").write_text(PASSWORD + "\n", encoding="utf-8")
        if run_as:
            for p in (root, root / "pwfile"):
                os.chown(p, account.pw_uid, account.pw_gid)
        _run(server, [str(bin_dir / "initdb"), "-D", str(root / "data"), "-U", USER, "--pwfile", str(root / "pwfile"),
                      "-A", "scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync", "--no-instructions"])
        port = free_port()
        opts = (f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off -c synchronous_commit=off "
                f"-c full_page_writes=off -c max_connections=40 -c shared_buffers=32MB")
        _run(server, [str(bin_dir / "pg_ctl"), "-D", str(root / "data"), "-o", opts, "-l", str(root / "server.log"),
                      "-w", "-t", str(START_TIMEOUT_S), "start"])
        server.url = f"postgresql://{USER}:{PASSWORD}@127.0.0.1:{port}/postgres"
        return server
    except Unavailable:
        log = root / "server.log"
        tail = log.read_text(errors="replace")[-400:] if log.is_file() else ""
        server.stop()
        if tail:
            raise Unavailable(f"PostgreSQL did not start: {tail.strip()}") from None
        raise
    except Exception as exc:
        server.stop()
        raise Unavailable(f"PostgreSQL did not start: {type(exc).__name__}: {exc}") from None


def create_database(server: PgServer, name: str) -> str:
    import psycopg

    with psycopg.connect(server.url, autocommit=True, connect_timeout=10) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')  # the name is the test's own constant, not data
        conn.execute(f'CREATE DATABASE "{name}"')
    return server.database_url(name)


if __name__ == "__main__":  # manual check: start, print the URL, stop
    t0 = time.monotonic()
    srv = start()
    print(srv.url, f"{time.monotonic() - t0:.2f} s")
    print(create_database(srv, "khparse_manual"))
    srv.stop()
