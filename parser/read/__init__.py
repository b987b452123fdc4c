"""Readers: one per format behind one interface, chosen by content sniffing.

`read_bytes(data, path)` returns a `RawDocument` (decoded text plus what the
reader learned: format, pages, OCR, legacy encoding). The format is decided
from magic bytes, not from the file name, so a PDF named .doc or a text file
named .pdf is still read correctly; formats without a reader yet are refused
with a clear error.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

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


def read_bytes(data: bytes, path: str | None = None, *, ocr: str = "auto") -> RawDocument:
    """Dispatch on content: TXT (with legacy-encoding repair), PDF, DOCX, legacy DOC."""
    if ocr not in OCR_MODES:
        raise ValueError(f"ocr must be one of {OCR_MODES}, not {ocr!r}")
    digest = hashlib.sha256(data).hexdigest()
    if not data:
        raise EmptyDocument("the file is empty", path=path)
    kind = sniff(data)
    if kind == "txt":
        from .txt import read_txt

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


def read_path(path: str | Path, *, ocr: str = "auto") -> RawDocument:
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise UnreadableFile("no such file", path=str(path)) from None
    except IsADirectoryError:
        raise UnreadableFile("is a directory, not a file", path=str(path)) from None
    except PermissionError:
        raise UnreadableFile("permission denied", path=str(path)) from None
    except OSError as exc:
        raise UnreadableFile(exc.strerror or str(exc), path=str(path)) from None
    return read_bytes(data, str(path), ocr=ocr)
