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


def read_bytes(data: bytes, path: str | None = None) -> RawDocument:
    digest = hashlib.sha256(data).hexdigest()
    if not data:
        raise EmptyDocument("the file is empty", path=path)
    kind = sniff(data)
    if kind == "txt":
        from .txt import decode

        text, _encoding = decode(data, path=path)
        return RawDocument(text=text, format="txt", sha256=digest, path=path)
    names = {"zip": "a ZIP container (DOCX)", "ole": "a legacy Word/Excel (OLE) file", "pdf": "a PDF"}
    raise UnsupportedFormat(f"{names.get(kind, kind.upper() + ' data')} is not supported yet", path=path)


def read_path(path: str | Path) -> RawDocument:
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
    return read_bytes(data, str(path))
