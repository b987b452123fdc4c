"""Small pure pieces of the service: file-name sanitising, settings, the serve command's options."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from parser.errors import KhparseError
from parser.service.errors import BadRequest, UploadTooLarge
from parser.service.settings import MIB, Settings
from parser.service.upload import check_declared_size, safe_filename


@pytest.mark.parametrize(
    "raw, kept",
    [
        ("KH-12.docx", "KH-12.docx"),
        ("C:\\Users\\van thu\\Desktop\\Kế hoạch 45.pdf", "Kế hoạch 45.pdf"),
        ("../../../../etc/passwd", "passwd"),
        ("/srv/www/static/index.html", "index.html"),
        ("a/b/", None),
        ("..", None),
        ("plan\x00.txt\r\n", "plan.txt"),
        ("   ", None),
        (None, None),
        ("x" * 300 + ".txt", "x" * 255),
    ],
)
def test_safe_filename(raw: str | None, kept: str | None) -> None:
    assert safe_filename(raw) == kept


def test_declared_size_check() -> None:
    check_declared_size(None, 10)
    check_declared_size("10", 10)
    with pytest.raises(UploadTooLarge) as info:
        check_declared_size(str(60 * MIB), 50 * MIB)
    assert info.value.http_status == 413 and isinstance(info.value, KhparseError)
    with pytest.raises(BadRequest):
        check_declared_size("ten", 10)


def test_settings_defaults_and_env() -> None:
    s = Settings()
    assert (s.host, s.port, s.max_upload_bytes, s.timeout) == ("127.0.0.1", 8000, 50 * MIB, 120.0)
    assert s.workers >= 1
    env = Settings.from_env({"KHPARSE_WORKERS": "3", "KHPARSE_MAX_UPLOAD_MB": "2.5", "KHPARSE_TIMEOUT": "9", "PATH": "/bin"})
    assert (env.workers, env.max_upload_bytes, env.timeout) == (3, int(2.5 * MIB), 9.0)


@pytest.mark.parametrize("bad", [{"workers": 0}, {"timeout": 0}, {"max_upload_mb": -1}, {"max_pending": 0}])
def test_settings_refuse_nonsense(bad: dict) -> None:
    with pytest.raises(ValueError):
        Settings(**bad)


def test_serve_command_options() -> None:
    from parser.cli import cli

    runner = CliRunner()
    result = runner.invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--workers", "--max-upload-mb", "--timeout"):
        assert option in result.output
    assert runner.invoke(cli, ["serve", "--workers", "0"]).exit_code == 2
    assert runner.invoke(cli, ["serve", "--timeout", "-1"]).exit_code == 2
