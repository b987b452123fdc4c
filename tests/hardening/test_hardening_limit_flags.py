"""The limit options of `extract`, `batch` and `serve`: generated from `parser.limits`, the same
KHPARSE_* variable behind each flag, bad values a usage error, and the values reaching the workers."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import click
import click.testing
import pytest

import parser.limits as limits
from bad_inputs import CORPUS, GOOD_STEM
from hardening_helpers import Server, khparse, private_env, upload
from parser.commands.batch import batch_cmd
from parser.commands.extract import extract_cmd
from parser.commands.limit_options import option_name

PDF = CORPUS / "fixtures" / f"{GOOD_STEM}.pdf"  # three pages
TXT = CORPUS / f"{GOOD_STEM}.txt"


def run(args: list[str], env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([*khparse(), *args], env=env, capture_output=True, timeout=timeout)


def one_line(proc: subprocess.CompletedProcess) -> str:
    err = proc.stderr.decode("utf-8")
    assert "Traceback" not in err, err
    return err


@pytest.fixture
def clean_limits(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """In-process commands configure limits: start from none and leave none behind."""
    for name in limits.NAMES:
        monkeypatch.delenv(limits.env_name(name), raising=False)
    saved = dict(limits._overrides)
    limits._overrides.clear()
    yield monkeypatch
    for name in limits.NAMES:  # configure() wrote the environment: monkeypatch only restores what it set
        os.environ.pop(limits.env_name(name), None)
    limits._overrides.clear()
    limits._overrides.update(saved)


def _serve_cmd() -> click.Command:
    from parser.commands.serve import serve_cmd  # click only: the service extra is imported when it runs

    return serve_cmd


@pytest.mark.parametrize("get_cmd", [lambda: extract_cmd, lambda: batch_cmd, _serve_cmd], ids=["extract", "batch", "serve"])
def test_one_option_per_limit_with_its_variable(get_cmd) -> None:  # type: ignore[no-untyped-def]
    cmd = get_cmd()
    by_flag = {opt: p for p in cmd.params for opt in getattr(p, "opts", [])}
    for name in limits.NAMES:
        param = by_flag[option_name(name)]
        assert param.envvar == limits.env_name(name) and param.show_envvar
    flags = [opt for p in cmd.params for opt in getattr(p, "opts", [])]
    assert len(flags) == len(set(flags))  # batch and serve had --timeout: reused, not doubled


def test_help_names_flag_variable_and_default() -> None:
    proc = run(["extract", "--help"], os.environ.copy())
    out = proc.stdout.decode()
    assert proc.returncode == 0
    for name in limits.NAMES:
        assert option_name(name) in out and limits.env_name(name) in out.replace("\n", " ").replace("  ", " ")
    assert "--max-pages N" in out and "(default 500; 0 = no limit)" in out


def test_flag_lowers_max_pages_and_agrees_with_env(tmp_path: Path) -> None:
    env = private_env(tmp_path / "tmp")
    by_flag = run(["extract", str(PDF), "--max-pages", "2"], env)
    err = one_line(by_flag)
    assert by_flag.returncode == 1 and err.strip().endswith("[limit_exceeded]") and "the limit is 2 (KHPARSE_MAX_PAGES)" in err
    by_env = run(["extract", str(PDF)], private_env(tmp_path / "tmp", KHPARSE_MAX_PAGES="2"))
    assert by_env.returncode == 1 and one_line(by_env) == err  # same refusal, same words
    assert run(["extract", str(PDF), "--max-pages", "3"], env).returncode == 0
    # the flag wins over the variable, either way
    assert run(["extract", str(PDF), "--max-pages", "0"], private_env(tmp_path / "tmp", KHPARSE_MAX_PAGES="2")).returncode == 0
    assert run(["extract", str(PDF), "--max-pages", "2"], private_env(tmp_path / "tmp", KHPARSE_MAX_PAGES="0")).returncode == 1


def test_text_limits_and_timeout_by_flag(tmp_path: Path) -> None:
    env = private_env(tmp_path / "tmp")
    proc = run(["extract", str(TXT), "--max-text-chars", "1000"], env)
    assert proc.returncode == 1 and "KHPARSE_MAX_TEXT_CHARS" in one_line(proc)
    proc = subprocess.run([*khparse(), "extract", "-", "--max-input-mb", "0.001"], env=env, input=TXT.read_bytes(),
                          capture_output=True, timeout=120)
    assert proc.returncode == 1 and "KHPARSE_MAX_INPUT_MB" in one_line(proc) and one_line(proc).strip().endswith("[limit_exceeded]")
    proc = run(["extract", str(TXT), "--timeout", "0.01"], env)  # extraction takes far longer than 10 ms
    err = one_line(proc)
    assert proc.returncode == 1 and err.strip().endswith("[timeout]") and "KHPARSE_TIMEOUT" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(("args", "extra_env", "needle"), [
    (["--max-pages", "-1"], {}, "'--max-pages'"),
    (["--max-pages", "lots"], {}, "'--max-pages'"),
    (["--timeout", "nan"], {}, "'--timeout'"),
    (["--max-input-mb", "1e999"], {}, "'--max-input-mb'"),
    ([], {"KHPARSE_MAX_PAGES": "lots"}, "KHPARSE_MAX_PAGES"),
    ([], {"KHPARSE_MAX_TEXT_CHARS": "-5"}, "KHPARSE_MAX_TEXT_CHARS"),
])
def test_bad_values_are_usage_errors(tmp_path: Path, args: list[str], extra_env: dict[str, str], needle: str) -> None:
    for command in (["extract", str(TXT)], ["batch", str(tmp_path), "-o", str(tmp_path / "out")]):
        proc = run([*command, *args], private_env(tmp_path / "tmp", **extra_env))
        err = one_line(proc)
        assert proc.returncode == 2 and "Invalid value" in err and needle in err and "0 = no limit" in err, err
    assert not (tmp_path / "out").exists()  # refused before anything ran


def test_batch_workers_get_the_flag(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "plan.pdf").write_bytes(PDF.read_bytes())
    (src / "plan.txt").write_bytes(TXT.read_bytes())
    proc = run(["batch", str(src), "-o", str(out), "-j", "1", "-q", "--max-pages", "2"], private_env(tmp_path / "tmp"))
    assert proc.returncode == 3, one_line(proc)
    errors = [json.loads(line) for line in (out / "_errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(e["path"], e["code"]) for e in errors] == [("plan.pdf", "limit_exceeded")]
    assert "KHPARSE_MAX_PAGES" in errors[0]["message"]
    assert (out / "plan.txt.json").is_file()


def test_serve_configures_before_the_workers_start(clean_limits, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the forkserver workers inherit is the environment at start: the flags must be in it."""
    serve_cmd = _serve_cmd()
    pytest.importorskip("fastapi", reason="the service extra is not installed")
    uvicorn = pytest.importorskip("uvicorn")

    import parser.service.app as app

    seen: dict[str, object] = {}
    monkeypatch.setattr(app, "create_app", lambda settings: seen.setdefault("settings", settings))
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: seen.update(env=dict(os.environ)))
    res = click.testing.CliRunner().invoke(serve_cmd, ["--max-pages", "2", "--max-input-mb", "5", "--timeout", "9"])
    assert res.exit_code == 0, res.output
    env = seen["env"]
    assert env["KHPARSE_MAX_PAGES"] == "2" and env["KHPARSE_MAX_INPUT_MB"] == "5.0" and env["KHPARSE_TIMEOUT"] == "9.0"
    settings = seen["settings"]
    assert settings.timeout == 9.0 and settings.max_upload_mb == 5.0  # the upload cap follows --max-input-mb


@pytest.mark.parametrize("args", [["--timeout", "0"], ["--max-pages", "x"], ["--max-upload-mb", "0"]])
def test_serve_bad_values(clean_limits, args: list[str]) -> None:
    serve_cmd = _serve_cmd()
    res = click.testing.CliRunner().invoke(serve_cmd, args)
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert limits._overrides == {}  # nothing configured on a usage error


def test_served_worker_refuses_by_the_flag(tmp_path: Path) -> None:
    pytest.importorskip("fastapi", reason="the service extra is not installed")
    pytest.importorskip("uvicorn")
    server = Server(["--workers", "1", "--timeout", "60", "--no-access-log", "--max-pages", "2"],
                    private_env(tmp_path / "tmp"), tmp_path / "server.log").start()
    try:
        reply = upload(server.port, "plan.pdf", PDF.read_bytes())
        assert reply.status == 413 and reply.json()["code"] == "limit_exceeded", reply.body
        assert "KHPARSE_MAX_PAGES" in reply.json()["message"]
    finally:
        server.stop()
