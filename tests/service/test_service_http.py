"""The real `khparse serve` over HTTP on loopback: uploads, raw bodies, limits, errors, docs."""
from __future__ import annotations

import json
import socket
import time

import pytest

from parser.pipeline import run_bytes
from parser.schema import load_schema, validate
from service_helpers import CORPUS, FIXTURES, HOST, multipart, post_raw, read_response, request, upload

PLAN = CORPUS / "003_f6966018c26bf747.txt"
DOCX = FIXTURES / "004_8dcd8df503d34be0.docx"
MIB = 1024 * 1024


def assert_error(reply, status: int, code: str | None = None) -> dict:  # type: ignore[no-untyped-def]
    """A JSON error {code, message} with this status, and no traceback in it."""
    assert reply.status == status, reply.body[:500]
    assert reply.headers["content-type"].startswith("application/json")
    body = reply.json()
    assert set(body) >= {"code", "message"} and body["message"]
    assert "Traceback" not in reply.body.decode("utf-8", "replace")
    if code is not None:
        assert body["code"] == code, body
    return body  # type: ignore[no-any-return]


def test_healthz(port: int) -> None:
    r = request(port, "GET", "/healthz")
    assert r.status == 200
    health = r.json()
    assert health["status"] == "ok" and health["workers"] == 2 and health["alive"] == 2


def test_multipart_upload_is_the_library_result(port: int) -> None:
    data = PLAN.read_bytes()
    r = upload(port, PLAN.name, data)
    assert r.status == 200, r.body[:300]
    assert r.headers["content-type"] == "application/json"
    out = r.json()
    assert validate(out) == []
    assert out["source"]["path"] == PLAN.name
    assert out["document"]["type"] == "KH"
    assert out == run_bytes(data, path=PLAN.name)  # same bytes, same JSON as the library


@pytest.mark.parametrize(
    "sent, kept",
    [
        ("C:\\Users\\cb\\Documents\\KH 12-UBND.txt", "KH 12-UBND.txt"),
        ("../../etc/kế hoạch.txt", "kế hoạch.txt"),
        ("/var/www/html/plan.txt", "plan.txt"),
        ("..", None),
        ("", None),
    ],
)
def test_source_path_is_the_sanitised_base_name(port: int, sent: str, kept: str | None) -> None:
    r = upload(port, sent, PLAN.read_bytes())
    assert r.status == 200
    assert r.json()["source"]["path"] == kept


def test_raw_text_body(port: int) -> None:
    data = PLAN.read_bytes()
    r = post_raw(port, data)
    assert r.status == 200
    out = r.json()
    assert out["source"]["path"] is None and out["source"]["format"] == "txt"
    assert out == run_bytes(data)


def test_raw_body_as_form_urlencoded_still_works(port: int) -> None:
    """`curl --data-binary @plan.txt` sends form-urlencoded by default; the body is still the document."""
    r = post_raw(port, PLAN.read_bytes(), ctype="application/x-www-form-urlencoded")
    assert r.status == 200 and r.json()["document"]["type"] == "KH"


def test_docx_upload(port: int) -> None:
    r = upload(port, DOCX.name, DOCX.read_bytes(), query="?ocr=never")
    assert r.status == 200, r.body[:300]
    out = r.json()
    assert out["source"]["format"] == "docx" and out["source"]["path"] == DOCX.name
    assert validate(out) == []
    assert out["signer"]["name"]


def test_junk_pdf_is_a_4xx_json_error(port: int) -> None:
    r = upload(port, "scan.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 40)
    assert 400 <= r.status < 500
    assert_error(r, r.status)


@pytest.mark.parametrize("kind", ["multipart", "raw"])
def test_empty_upload(port: int, kind: str) -> None:
    r = upload(port, "empty.txt", b"") if kind == "multipart" else post_raw(port, b"")
    assert_error(r, 422, "empty_document")


def test_unsupported_format(port: int) -> None:
    r = upload(port, "photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    assert 400 <= r.status < 500
    assert_error(r, r.status)


def test_multipart_without_a_file(port: int) -> None:
    body, ctype = multipart([("note", None, b"hello")])
    r = request(port, "POST", "/v1/extract", body, {"Content-Type": ctype})
    assert_error(r, 400, "bad_request")


def test_bad_ocr_mode_is_422_json(port: int) -> None:
    r = post_raw(port, PLAN.read_bytes(), query="?ocr=bogus")
    body = assert_error(r, 422, "invalid_request")
    assert "ocr" in body["message"]


def test_unknown_route_and_method_are_json(port: int) -> None:
    assert_error(request(port, "GET", "/v2/nothing"), 404, "not_found")
    assert_error(request(port, "GET", "/v1/extract"), 405, "method_not_allowed")


def test_60_mb_upload_is_413_and_the_server_stays_responsive(port: int) -> None:
    big = b"x" * (60 * MIB)
    t0 = time.perf_counter()
    body = assert_error(upload(port, "huge.txt", big, timeout=60), 413, "upload_too_large")
    assert "50" in body["message"]
    assert_error(post_raw(port, big, timeout=60), 413, "upload_too_large")
    # no Content-Length: the bytes are counted as they stream in and refused at the limit
    assert_error(post_raw(port, big, chunked=True, timeout=60), 413, "upload_too_large")
    assert time.perf_counter() - t0 < 30
    health = request(port, "GET", "/healthz", timeout=5)
    assert health.status == 200 and health.elapsed < 2
    assert upload(port, PLAN.name, PLAN.read_bytes()).status == 200


def test_declared_oversize_is_refused_before_the_body_is_sent(port: int) -> None:
    """Content-Length over the limit: 413 comes back while the client has sent only the headers."""
    with socket.create_connection((HOST, port), timeout=10) as s:
        s.sendall(
            b"POST /v1/extract HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
            + f"Content-Length: {60 * MIB}\r\n\r\n".encode()
        )
        head = read_response(s)
    assert head.startswith(b"HTTP/1.1 413"), head[:200]
    assert b'"upload_too_large"' in head


def test_openapi_document(port: int) -> None:
    r = request(port, "GET", "/openapi.json")
    assert r.status == 200
    doc = r.json()
    assert {"/v1/extract", "/v1/schema", "/healthz"} <= set(doc["paths"])
    post = doc["paths"]["/v1/extract"]["post"]
    ok = post["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/KhResult"}
    assert {"413", "422", "504"} <= set(post["responses"])
    assert "multipart/form-data" in post["requestBody"]["content"]
    assert [p["name"] for p in post["parameters"]] == ["ocr"]
    assert {"KhResult", "Document", "Issuer", "Signer", "Citation", "ErrorBody"} <= set(doc["components"]["schemas"])


def test_schema_endpoint(port: int) -> None:
    r = request(port, "GET", "/v1/schema")
    assert r.status == 200
    assert json.loads(r.body) == load_schema()
