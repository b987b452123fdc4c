"""Read one uploaded document from a request: multipart or raw body, size-limited, in memory.

Why our own streaming reader instead of `request.form()`: Starlette spools
uploads over 1 MB to temporary files and only lets us look at the size once
the whole body has been read. Here the declared Content-Length is checked
before a byte is read, and the bytes are counted as they stream in, so an
oversized body is refused at the limit (never buffered whole), and nothing
ever touches the disk: the document goes to the worker as bytes.
"""
from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from .errors import BadRequest, Busy, UploadTooLarge

#: Multipart field names tried in order for the document; else the first part with a file name.
FILE_FIELDS = ("file", "document", "upload")
#: A plain form field that may carry the text itself (``-F text=...``).
TEXT_FIELD = "text"
MAX_FILENAME = 255


class UploadBudget:
    """Bytes of request bodies held in memory at once, across requests.

    Bodies are read whole before a worker is free (a worker gets bytes, not a
    stream), so without a cap N clients each sending the maximum upload make
    the server hold N times it. A request reserves its declared size (or the
    upload limit when it declares none) before reading; when the reservation
    does not fit it gets 503 at once, without a byte read.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def reserve(self, content_length: str | None, upload_limit: int) -> int:
        try:
            want = min(int(content_length), upload_limit) if content_length is not None else upload_limit
        except ValueError:
            want = upload_limit
        want = max(0, want)
        if self.used + want > self.limit and self.used > 0:  # one request alone always fits
            raise Busy(f"too much upload data in flight ({self.used / 1048576:.0f} MiB); retry later")
        self.used += want
        return want

    def release(self, amount: int) -> None:
        self.used = max(0, self.used - amount)


@dataclass
class Upload:
    data: bytes
    filename: str | None = None


@dataclass
class _Part:
    name: str = ""
    filename: str | None = None
    data: bytearray = field(default_factory=bytearray)


def safe_filename(raw: str | None) -> str | None:
    """The base name only (no directories, either slash), printable, at most 255 characters."""
    if not raw:
        return None
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    if name in ("", ".", ".."):
        return None
    return name[:MAX_FILENAME]


def check_declared_size(content_length: str | None, limit: int) -> None:
    """Refuse at once when the client announces more than the limit (no body read)."""
    if content_length is None:
        return
    try:
        declared = int(content_length)
    except ValueError:
        raise BadRequest(f"bad Content-Length {content_length!r}") from None
    if declared > limit:
        raise UploadTooLarge(too_large_message(limit, declared))


def too_large_message(limit: int, size: int | None = None) -> str:
    got = f" ({size / 1048576:.1f} MiB sent)" if size is not None else ""
    return f"the upload is larger than the limit of {limit / 1048576:g} MiB{got}"


async def read_upload(content_type: str | None, chunks: AsyncIterator[bytes], limit: int) -> Upload:
    """The document in a request body: the file part of a multipart form, else the raw body."""
    mime, params = parse_options_header(content_type or "")
    if mime == b"multipart/form-data":
        boundary = params.get(b"boundary")
        if not boundary:
            raise BadRequest("multipart body without a boundary")
        return await _read_multipart(boundary, chunks, limit)
    return Upload(bytes(await _read_raw(chunks, limit)))


async def _read_raw(chunks: AsyncIterator[bytes], limit: int) -> bytearray:
    body = bytearray()
    async for chunk in chunks:
        body += chunk
        if len(body) > limit:
            raise UploadTooLarge(too_large_message(limit))
    return body


async def _read_multipart(boundary: bytes, chunks: AsyncIterator[bytes], limit: int) -> Upload:
    parts: list[_Part] = []
    header: dict[str, bytearray] = {"field": bytearray(), "value": bytearray()}
    headers: dict[str, bytes] = {}

    def on_part_begin() -> None:
        parts.append(_Part())
        headers.clear()

    def on_header_field(data: bytes, start: int, end: int) -> None:
        header["field"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        header["value"] += data[start:end]

    def on_header_end() -> None:
        headers[bytes(header["field"]).decode("latin-1").lower()] = bytes(header["value"])
        header["field"].clear()
        header["value"].clear()

    def on_headers_finished() -> None:
        _, options = parse_options_header(headers.get("content-disposition", b""))
        parts[-1].name = _decode(options.get(b"name", b""))
        if b"filename" in options:
            parts[-1].filename = _decode(options[b"filename"])

    def on_part_data(data: bytes, start: int, end: int) -> None:
        parts[-1].data += data[start:end]

    callbacks = {
        "on_part_begin": on_part_begin,
        "on_header_field": on_header_field,
        "on_header_value": on_header_value,
        "on_header_end": on_header_end,
        "on_headers_finished": on_headers_finished,
        "on_part_data": on_part_data,
    }
    parser = MultipartParser(boundary, callbacks)  # type: ignore[arg-type]
    size = 0
    try:
        async for chunk in chunks:
            size += len(chunk)
            if size > limit:
                raise UploadTooLarge(too_large_message(limit))
            parser.write(chunk)
        parser.finalize()
    except FormParserError as exc:
        raise BadRequest(f"malformed multipart body: {exc}") from None
    return _pick(parts)


def _decode(raw: bytes) -> str:
    """Header parameters arrive as raw bytes: browsers send UTF-8, old clients Latin-1."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _pick(parts: list[_Part]) -> Upload:
    """The document part: a known file field, else the first file, else a `text` field."""
    by_name = {p.name: p for p in reversed(parts)}  # first occurrence wins
    chosen = next((by_name[n] for n in FILE_FIELDS if n in by_name), None)
    chosen = chosen or next((p for p in parts if p.filename is not None), None)
    chosen = chosen or by_name.get(TEXT_FIELD)
    if chosen is None:
        raise BadRequest("no document in the form: send it as a file field named 'file' (or as the raw body)")
    return Upload(bytes(chosen.data), safe_filename(chosen.filename))
