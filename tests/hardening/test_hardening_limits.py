"""parser.limits: documented defaults, environment and configure(), the checks, and the readers applying them."""
from __future__ import annotations

import io
import threading
import time
from pathlib import Path

import pytest
import regex

import parser.limits as limits
from bad_inputs import FIXTURES, GOOD_STEM, docx_of, good_text, huge_image_pdf
from parser.batch.worker import convert_path
from parser.errors import InvalidLimit, LimitExceeded, TimeLimitExceeded
from parser.read import display_path, read_bytes, read_path
from parser.read.ocr import ocr_dpi


@pytest.fixture(autouse=True)
def clean_limits(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """No KHPARSE_* limit from the caller's environment, no override left behind."""
    for name in limits.NAMES:
        monkeypatch.delenv(limits.env_name(name), raising=False)
    saved = dict(limits._overrides)
    limits._overrides.clear()
    yield
    limits._overrides.clear()
    limits._overrides.update(saved)


def test_documented_table_matches_the_defaults() -> None:
    rows = regex.findall(r"^(\w+)\s+(KHPARSE_\w+)\s+([\d.]+)\s", limits.__doc__ or "", flags=regex.M)
    assert {name: (env, float(value)) for name, env, value in rows} == {
        name: (limits.env_name(name), float(getattr(limits.DEFAULTS, name))) for name in limits.NAMES}


def test_environment_and_configure(monkeypatch: pytest.MonkeyPatch) -> None:
    assert limits.current() == limits.DEFAULTS
    monkeypatch.setenv("KHPARSE_MAX_PAGES", " 7 ")
    monkeypatch.setenv("KHPARSE_MAX_INPUT_MB", "0.5")
    now = limits.current()
    assert now.max_pages == 7 and isinstance(now.max_pages, int) and now.max_input_bytes == 512 * 1024
    limits.configure(max_pages=9, timeout=None)  # configure beats the environment and exports itself
    assert limits.get("max_pages") == 9 and limits.get("timeout") == limits.DEFAULTS.timeout
    assert limits.get("max_pages", 3) == 9
    import os

    assert os.environ["KHPARSE_MAX_PAGES"] == "9"
    with limits.override(max_pages=1) as inner:
        assert inner.max_pages == 1
    assert limits.get("max_pages") == 9


def test_fallback_is_the_readers_own_constant() -> None:
    assert limits.get("max_pages", 2) == 2  # tests pin a reader's module constant; env and configure win


@pytest.mark.parametrize("raw", ["lots", "-1", "nan", "inf", "1e999"])
def test_bad_values_are_refused(raw: str) -> None:
    assert limits.parse_value("max_pages", "0") == 0 and limits.parse_value("timeout", "2.5") == 2.5
    with pytest.raises(InvalidLimit, match="KHPARSE_MAX_PAGES") as info:
        limits.parse_value("max_pages", raw)
    assert info.value.code == "invalid_limit" and info.value.exit_code == 2
    with pytest.raises(InvalidLimit, match="unknown limit"):
        limits.configure(max_cows=3)


def test_text_checks() -> None:
    with limits.override(max_text_chars=100, max_line_chars=10):
        limits.check_text("x" * 10 + "\n" + "y" * 10)
        for sep in ("\n", "\r", "\r\n", "\u2028", "\x0c"):
            limits.check_text(("a" * 9 + sep) * 8)
        with pytest.raises(LimitExceeded, match="a line of 11 characters"):
            limits.check_text("a" * 11)
        with pytest.raises(LimitExceeded, match="101 characters"):
            limits.check_text("a\n" * 50 + "b")
        with pytest.raises(LimitExceeded, match="in any encoding"):
            limits.check_text_bytes(405)
        limits.check_text_bytes(404)
    with limits.override(max_line_chars=0, max_text_chars=0):  # 0: no limit
        limits.check_text("a" * 1_000_000)


def test_read_limited_never_reads_past_the_limit() -> None:
    with limits.override(max_input_mb=1):
        assert limits.read_limited(io.BytesIO(b"x" * 1000)) == b"x" * 1000
        stream = io.BytesIO(b"x" * (3 << 20))
        with pytest.raises(LimitExceeded, match="KHPARSE_MAX_INPUT_MB"):
            limits.read_limited(stream)
        assert stream.tell() == (1 << 20) + 1


def test_time_limit() -> None:
    t0 = time.monotonic()
    with pytest.raises(TimeLimitExceeded) as info:
        with limits.time_limit(0.3, path="x.txt"):
            while True:
                pass
    assert time.monotonic() - t0 < 2 and info.value.code == "timeout" and info.value.http_status == 504
    assert str(info.value).startswith("x.txt: the extraction did not finish within 0.3 s")
    with limits.time_limit(5):
        pass
    time.sleep(0.01)  # the timer is off again: nothing fires later
    done = []

    def elsewhere() -> None:
        with limits.time_limit(0.01):  # not the main thread: no signals, nothing happens
            time.sleep(0.05)
        done.append(True)

    t = threading.Thread(target=elsewhere)
    t.start()
    t.join()
    assert done == [True]


# ---------------------------------------------------------------- the readers apply them


def test_input_size_before_reading(tmp_path) -> None:  # type: ignore[no-untyped-def]
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 300_000)
    with limits.override(max_input_mb=0.25):
        with pytest.raises(LimitExceeded, match="the limit is 0.25 MiB"):
            read_path(big)
        with pytest.raises(LimitExceeded):
            read_bytes(b"a" * 300_000)
        result = convert_path(str(big), "big.txt")  # the batch worker: an error result, with the file's hash
        assert result["error_code"] == "limit_exceeded" and result["sha256"] and result["json"] is None


def test_pdf_pages_ocr_pixels_and_pictures() -> None:
    pdf = (FIXTURES / f"{GOOD_STEM}.pdf").read_bytes()
    with limits.override(max_pages=2):
        with pytest.raises(LimitExceeded, match="3 pages; the limit is 2"):
            read_bytes(pdf)
    with limits.override(max_ocr_mpx=1):
        with pytest.raises(LimitExceeded, match="too big to OCR"):
            ocr_dpi(595, 842)
    assert ocr_dpi(595, 842) == 300
    with limits.override(max_image_mpx=400.1):  # the limit raised over the picture: it would be OCR'd
        from parser.read.ocr import check_pictures
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(huge_image_pdf(2000))
        check_pictures(doc, 0)
        with limits.override(max_image_mpx=3):
            with pytest.raises(LimitExceeded, match="2000x2000 px"):
                check_pictures(doc, 0)
        doc.close()


def test_docx_unpacked_total() -> None:
    para = "<w:p><w:r><w:t>Kế hoạch tổ chức hội nghị</w:t></w:r></w:p>"
    data = docx_of(para * 20_000, {"word/styles.xml": "<w:styles xmlns:w='x'/>"})
    with limits.override(max_decompressed_mb=0.5):
        with pytest.raises(LimitExceeded, match="KHPARSE_MAX_DECOMPRESSED_MB"):
            read_bytes(data)
    with limits.override(max_decompressed_mb=5):
        assert "Kế hoạch" in read_bytes(data).text


def test_names_that_are_no_utf8_become_escapes() -> None:
    name = b"bad-\xff-name.txt".decode("utf-8", "surrogateescape")
    assert display_path(name) == "bad-\\xff-name.txt"
    assert display_path("\ud800x") == "\ufffdx"
    assert display_path(None) is None
    assert read_bytes(good_text().encode(), name).path == "bad-\\xff-name.txt"


def test_upload_budget_caps_bodies_in_memory() -> None:
    from parser.service.errors import Busy
    from parser.service.upload import UploadBudget

    budget = UploadBudget(100)
    a = budget.reserve("60", 80)
    with pytest.raises(Busy, match="upload data in flight"):
        budget.reserve(None, 80)  # no Content-Length: the upload limit is reserved
    b = budget.reserve("40", 80)
    budget.release(a)
    budget.release(b)
    assert budget.used == 0 and budget.reserve("bogus", 500) == 500  # one request alone always fits


def test_temp_folders_of_a_killed_worker_are_removed(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import tempfile

    from parser.read.doc import TEMP_PREFIX, remove_temp_of

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    mine = tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}4242-")
    (Path(mine) / "input.doc").write_bytes(b"x")
    other = tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}42420-")
    assert remove_temp_of(4242) == 1 and not Path(mine).exists() and Path(other).exists()
    assert remove_temp_of(None) == 0
