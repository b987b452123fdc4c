"""Plain-text reader: bytes -> str, refusing what is not text.

Accepted: UTF-8 (with or without BOM), UTF-16/32 with a BOM, and UTF-16 without
a BOM when the byte pattern makes it unambiguous (every other byte NUL). Anything
else — Latin-1, Windows-1258, binary — is refused with a clear message rather
than silently turned into mojibake; legacy Vietnamese 8-bit encodings (TCVN3,
VNI) are converted by `read.legacy` when that reader recognizes them.
"""
from __future__ import annotations

import codecs

import regex

from ..errors import EmptyDocument, UndecodableText

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters that never occur in real text files (NUL excluded: handled above).
CONTROL_BYTES = set(range(0x01, 0x09)) | {0x0E, 0x0F} | set(range(0x10, 0x1B)) | {0x1C, 0x1D, 0x1E, 0x1F, 0x7F}
CONTROL_RE = regex.compile("[" + "".join(regex.escape(chr(b)) for b in sorted(CONTROL_BYTES)) + "]")  # counted in C


def sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: ASCII-heavy text has a NUL in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4000]
    even_nul = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd_nul = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def decode(data: bytes, *, path: str | None = None) -> tuple[str, str]:
    """Decode text bytes; returns (text, encoding name). Raises on non-text input."""
    if not data.strip():
        raise EmptyDocument("the file is empty", path=path)
    encoding = None
    for bom, name in BOMS:
        if data.startswith(bom):
            data, encoding = data[len(bom):], name
            break
    if encoding is None:
        encoding = sniff_utf16(data)
    if encoding is None:
        if b"\x00" in data[:8192]:
            raise UndecodableText("binary data, not a text file (NUL bytes)", path=path)
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UndecodableText(
            f"not valid {encoding.upper()} text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save the file as UTF-8",
            path=path,
        ) from None
    controls = len(CONTROL_RE.findall(text[:8192]))
    if controls > 8:
        raise UndecodableText("binary data, not a text file (control characters)", path=path)
    if not text.strip():
        raise EmptyDocument("the file contains only white space", path=path)
    return text, encoding


def read_txt(data: bytes, path: str | None, digest: str):  # type: ignore[no-untyped-def]
    """A text file: Unicode decoding, then legacy TCVN3/VNI repair when the text is in such an encoding.

    8-bit legacy files are not valid UTF-8; they are read as Windows-1252
    (how Word shows them) and kept only when the legacy detector recognises
    them — otherwise the undecodable-text error stands.
    """
    from . import RawDocument
    from .legacy import fix_legacy

    try:
        text, _encoding = decode(data, path=path)
    except UndecodableText:
        candidate = data.decode("cp1252", errors="replace")
        fixed, encoding = fix_legacy(candidate)
        if encoding is None:
            raise
        text = fixed
        return RawDocument(text=text, format="txt", sha256=digest, path=path, encoding_fixed=encoding, warnings=[_enc_warning(encoding)])
    fixed, encoding = fix_legacy(text)
    warnings = [_enc_warning(encoding)] if encoding else []
    return RawDocument(text=fixed, format="txt", sha256=digest, path=path, encoding_fixed=encoding, warnings=warnings)


def _enc_warning(encoding: str) -> dict:
    from ..warning_codes import warning

    return warning("encoding_fixed", encoding=encoding)
