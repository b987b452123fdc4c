"""The ordered stages, nothing else: read -> normalize -> segment -> extract -> assemble."""
from __future__ import annotations

import logging
import time
from pathlib import Path

from . import __version__
from .assemble import assemble
from .extract import CONTENT_EXTRACTORS
from .extract import document as document_x
from .extract import issuer as issuer_x
from .extract import recipients as recipients_x
from .extract import signer as signer_x
from .model import KhDoc
from .quality import quality_block
from .read import RawDocument, read_bytes, read_path
from .text.fold import fold
from .text.normalize import normalize
from .warning_codes import warning
from .zones.layout import find_zones, make_lines
from .zones.sections import build_sections

log = logging.getLogger(__name__)


def build_doc(raw: RawDocument) -> KhDoc:
    """Normalize and segment: the `KhDoc` every extractor reads."""
    norm = normalize(raw.text)
    folded = fold(norm.text)
    source = {
        "path": raw.path,
        "sha256": raw.sha256,
        "format": raw.format,
        "pages": raw.pages,
        "ocr": raw.ocr,
        "encoding_fixed": raw.encoding_fixed,
    }
    doc = KhDoc(
        text=norm.text,
        folded=folded,
        lines=make_lines(norm.text, folded),
        offsets=norm.offsets,
        source=source,
        page_starts=list(raw.page_starts),
    )
    doc.warnings.extend(raw.warnings)
    if norm.repairs.get("page_break"):
        doc.warnings.append(warning("page_break_joined", count=norm.repairs["page_break"]))
    doc.zones = find_zones(doc)
    doc.set_sections(build_sections(doc, doc.zones.body))
    return doc


def extract_doc(doc: KhDoc) -> dict:
    """Run every extractor over a built `KhDoc` and assemble the output."""
    fields = document_x.extract(doc)
    if fields.issued and fields.issued.value:
        doc.year = int(fields.issued.value[:4])
    closing = recipients_x.extract(doc)
    blocks = signer_x.extract(doc, closing.used_lines)
    issuer = issuer_x.extract(doc, fields, blocks)
    if doc.year is None:
        doc.year = _fallback_year(doc)
    content: dict = {}
    warnings = list(doc.warnings) + fields.warnings + issuer.warnings
    if not blocks:
        warnings.append(warning("no_signer"))
    if not closing.recipients:
        warnings.append(warning("no_recipients"))
    if fields.type and fields.type != "KH":
        warnings.append(warning("not_a_plan", type_name=fields.type_name))
    for ex in CONTENT_EXTRACTORS:
        t0 = time.perf_counter()
        found = ex.load()(doc)
        content.update(found.fields)
        warnings.extend(found.warnings)
        log.debug("stage=%s ms=%.1f", ex.name, (time.perf_counter() - t0) * 1000)
    out = assemble(doc, fields, issuer, blocks, closing, content, warnings, __version__)
    if doc.source.get("pages"):
        add_pages(out, doc)
    out["quality"] = quality_block(out)
    return out


def add_pages(obj: object, doc: KhDoc) -> None:
    """Give every item with a span the 1-based `page` its start falls on (PDF input)."""
    if isinstance(obj, dict):
        span = obj.get("span")
        if isinstance(span, list) and len(span) == 2 and "page" not in obj:
            obj["page"] = doc.page_of(span[0])
        for key, value in obj.items():
            if key != "text":
                add_pages(value, doc)
    elif isinstance(obj, list):
        for value in obj:
            add_pages(value, doc)


def _fallback_year(doc: KhDoc) -> int | None:
    """The plan's year when the header has none: the most frequent recent year in the title and preamble."""
    import regex

    span = (doc.zones.title[0], doc.zones.body[0] if doc.zones.body[0] > doc.zones.title[0] else len(doc.text))
    years = [int(y) for y in regex.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", doc.text[span[0]: span[1]])]
    return max(set(years), key=lambda y: (years.count(y), y)) if years else None


def run_raw(raw: RawDocument) -> dict:
    return extract_doc(build_doc(raw))


def run_text(text: str, *, path: str | None = None) -> dict:
    import hashlib

    data = text.encode("utf-8")
    return run_raw(RawDocument(text=text, format="txt", sha256=hashlib.sha256(data).hexdigest(), path=path))


def run_bytes(data: bytes, *, path: str | None = None, ocr: str = "auto") -> dict:
    return run_raw(read_bytes(data, path, ocr=ocr))


def run_file(path: str | Path, *, ocr: str = "auto") -> dict:
    return run_raw(read_path(path, ocr=ocr))


def run_any(source: object, *, ocr: str = "auto") -> dict:
    """Path-like, bytes, or str (a str that names an existing file is read as a path)."""
    if isinstance(source, bytes):
        return run_bytes(source, ocr=ocr)
    if isinstance(source, Path):
        return run_file(source, ocr=ocr)
    if isinstance(source, str):
        if "\n" not in source and len(source) < 4096 and Path(source).is_file():
            return run_file(source, ocr=ocr)
        return run_text(source)
    raise TypeError(f"extract() takes a path, bytes or str, not {type(source).__name__}")
