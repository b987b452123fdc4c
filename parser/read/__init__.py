"""Readers: one per format behind one interface, chosen by content sniffing.

`read_bytes(data, path)` returns a `RawDocument` (decoded text plus what the
reader learned: format, pages, OCR, legacy encoding). The format is decided
from magic bytes, not from the file name, so a PDF named .doc or a text file
named .pdf is still read correctly; formats without a reader yet are refused
with a clear error.

Every input passes the limits of `parser.limits` here, whatever the reader:
its size before anything is read or decoded, and the text that comes out
(length, longest line) before the pipeline sees it.
"""
from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

import regex

from .. import limits
from ..errors import EmptyDocument, UnreadableFile, UnsupportedFormat

MAGIC = (
    (b"%PDF", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"{\\rtf", "rtf"),
    (b"\x89PNG", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF8", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"\x1f\x8b", "gzip"),
    (b"7z\xbc\xaf", "7z"),
    (b"Rar!", "rar"),
)


@dataclass
class RawDocument:
    text: str
    format: str
    sha256: str
    path: str | None = None
    pages: int | None = None
    ocr: bool = False
    encoding_fixed: str | None = None
    page_starts: list[int] = field(default_factory=list)  # offsets in `text` where pages 2.. begin
    warnings: list[dict] = field(default_factory=list)


def sniff(data: bytes) -> str:
    """Format from magic bytes; a PDF may have junk before "%PDF" (signed PDFs do)."""
    head = data[:1024]
    for magic, name in MAGIC:
        if head.startswith(magic):
            return name
    if b"%PDF-" in head:
        return "pdf"
    return "txt"


OCR_MODES = ("auto", "always", "never")
SURROGATE_RE = regex.compile(r"[\ud800-\udfff]")
# A character that normalization (text.normalize) never removes: any but white space, markdown
# emphasis and invisible characters.
KEPT_CHAR_RE = regex.compile(r"[^\s*_\u200b-\u200d\u2060\ufeff\u00ad]")
# The first letter of a word other than "Trang" (running page numbers "Trang 2" are normalized away).
WORD_RE = regex.compile(r"(?<!\p{L})(?!Trang(?!\p{L}))\p{L}")


def read_bytes(data: bytes, path: str | None = None, *, ocr: str = "auto") -> RawDocument:
    """Dispatch on content: TXT (with legacy-encoding repair), PDF, DOCX, legacy DOC; then the text limits."""
    if ocr not in OCR_MODES:
        raise ValueError(f"ocr must be one of {OCR_MODES}, not {ocr!r}")
    path = display_path(path)
    limits.check_input_size(len(data), path)
    if not data:
        raise EmptyDocument("the file is empty", path=path)
    raw = _dispatch(data, path, ocr)
    limits.check_text(raw.text, path)
    if _empty_when_normalized(raw.text):
        raise EmptyDocument("the file has no text (only markup, invisible characters or page numbers)", path=path)
    if SURROGATE_RE.search(raw.text):  # a PDF text layer can map a glyph to half a UTF-16 pair
        raw.text = SURROGATE_RE.sub("\ufffd", raw.text)  # same length: page starts stay right
    return raw


def _empty_when_normalized(text: str) -> bool:
    """True when normalization would leave nothing ("****", a zero-width space, page numbers only):
    the output contract needs a non-empty `text`. Real text has letters outside "Trang N" lines and
    is answered at once; only letterless text is normalized to be sure."""
    if not KEPT_CHAR_RE.search(text):
        return True
    if WORD_RE.search(text):
        return False
    from ..text.normalize import normalize

    return not normalize(text).text.strip()


def display_path(path: str | Path | None) -> str | None:
    """The path as JSON-safe text: bytes that are no UTF-8 in a file name (read back by Python as
    lone surrogates, which no UTF-8 writer accepts) become \\xNN escapes, as the batch shows them;
    any other lone surrogate becomes U+FFFD."""
    if path is None:
        return None
    text = str(path)
    return SURROGATE_RE.sub(_escape_surrogate, text) if SURROGATE_RE.search(text) else text


def _escape_surrogate(m: "regex.Match[str]") -> str:
    code = ord(m.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else "\ufffd"


def _dispatch(data: bytes, path: str | None, ocr: str) -> RawDocument:
    digest = hashlib.sha256(data).hexdigest()
    kind = sniff(data)
    if kind == "txt":
        from .txt import read_txt

        limits.check_text_bytes(len(data), path)
        return read_txt(data, path, digest)
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, path, digest, ocr=ocr)
    if kind == "zip":
        from .docx import read_docx

        return read_docx(data, path, digest)
    if kind == "ole":
        from .doc import read_doc

        return read_doc(data, path, digest)
    names = {"png": "a PNG picture", "jpeg": "a JPEG picture", "gif": "a GIF picture", "tiff": "a TIFF picture", "rtf": "an RTF document"}
    raise UnsupportedFormat(f"{names.get(kind, kind.upper() + ' data')} is not a supported document format (txt, docx, doc, pdf)", path=path)


def read_file_bytes(path: str | Path) -> bytes:
    """The bytes of a file, refusing what is not a regular file (a FIFO or /dev/zero would block
    or never end) and what is over the size limit, before reading a byte. Errors name `path`."""
    shown = display_path(path)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it changes nothing for a regular file.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(fd, "rb", closefd=True) as fh:
            st = os.fstat(fh.fileno())
            if stat.S_ISDIR(st.st_mode):
                raise IsADirectoryError
            if not stat.S_ISREG(st.st_mode):
                raise UnreadableFile("not a regular file (a device, pipe or socket)", path=shown)
            limits.check_input_size(st.st_size, shown)
            return fh.read()
    except FileNotFoundError:
        raise UnreadableFile("no such file", path=shown) from None
    except IsADirectoryError:
        raise UnreadableFile("is a directory, not a file", path=shown) from None
    except PermissionError:
        raise UnreadableFile("permission denied", path=shown) from None
    except OSError as exc:
        raise UnreadableFile(exc.strerror or str(exc), path=shown) from None


def read_path(path: str | Path, *, ocr: str = "auto") -> RawDocument:
    return read_bytes(read_file_bytes(path), display_path(path), ocr=ocr)
