"""Every bad input through a real `khparse serve` on loopback: JSON 4xx with the documented code, or a
valid 200; names never become paths; a document that would run for minutes gets 504 at the limit;
nothing is left in TMPDIR and nothing reaches the server log as a traceback."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bad_inputs import good_text
from hardening_helpers import Server, leftovers, post, private_env, upload
from kh_testutil import bad_spans
from parser.schema import validate

pytest.importorskip("fastapi", reason="the service extra is not installed: pip install -e '.[service]'")
pytest.importorskip("uvicorn")

TIMEOUT = 8  # the server's per-request limit in these tests


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    base = tmp_path_factory.mktemp("served")
    server = Server(["--workers", "2", "--timeout", str(TIMEOUT), "--no-access-log"], private_env(base / "tmp"),
                    base / "server.log").start()
    try:
        yield server, base / "tmp"
    finally:
        server.stop()


def test_every_case(bad_tree, served) -> None:
    server, _ = served
    for rel, case in sorted(bad_tree.cases.items()):
        data = bad_tree.path(rel).read_bytes()
        reply = upload(server.port, rel, data)  # a name with folders: only its last part may be kept
        body = reply.json()
        assert reply.status == case.http, (rel, reply.status, body)
        if case.is_error:
            assert body["code"] == case.expect and body["message"], (rel, body)
            continue
        assert validate(body) == [] and bad_spans(body) == [], rel
        assert body["source"]["path"] == rel.rsplit("/", 1)[-1]
        if rel.endswith("quyet_dinh_khen_thuong.txt"):
            assert "not_a_plan" in {w["code"] for w in body["warnings"]}


def test_names_never_become_paths(served) -> None:
    server, _ = served
    data = good_text().encode("utf-8")
    for sent, kept in [("../../etc/passwd.txt", "passwd.txt"), ("..\\..\\boot.ini.txt", "boot.ini.txt"),
                       ("..%2F..%2Fx.txt", "..%2F..%2Fx.txt"), ("..", None), ("a/\x00b.txt", "b.txt")]:
        reply = upload(server.port, sent, data)
        assert reply.status == 200 and reply.json()["source"]["path"] == kept, (sent, reply.json()["source"])
    reply = upload(server.port, b"bad-\xff\xfe-name.txt", data)  # not UTF-8: read as Latin-1, never a 500
    assert reply.status == 200 and reply.json()["source"]["path"] == "bad-ÿþ-name.txt"


def test_raw_50mb_body(bad_tree, served) -> None:
    server, _ = served
    reply = post(server.port, bad_tree.path("bad/big_50mb.txt").read_bytes(), {"Content-Type": "text/plain"})
    assert reply.status == 413 and reply.json()["code"] == "limit_exceeded"


def test_a_document_that_would_run_for_minutes_gets_504_at_the_limit(served) -> None:
    server, _ = served
    text = "KẾ HOẠCH\nabc\n" + "I. A\n" * 60_000
    reply = post(server.port, text.encode("utf-8"), {"Content-Type": "text/plain"}, timeout=TIMEOUT + 30)
    assert reply.seconds < TIMEOUT + 5
    assert reply.status == 200 or (reply.status == 504 and reply.json()["code"] == "timeout"), reply.body[:200]
    ok = upload(server.port, "plan.txt", good_text().encode("utf-8"))  # the pool recovered
    assert ok.status == 200


def test_nothing_left_behind(served) -> None:
    """Runs last in this module: once the server stops (its forkserver socket folder goes with it),
    TMPDIR is empty — uploads never touch the disk — and the log has no traceback."""
    server, tmp = served
    server.stop()
    assert server.proc is not None and server.proc.returncode == 0
    assert leftovers(tmp) == []
    assert "Traceback" not in server.log() and "internal_error" not in server.log()
