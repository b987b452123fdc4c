"""The ordered stages, nothing else: read -> normalize -> segment -> extract -> assemble."""
from __future__ import annotations

import logging
import time
from dataclasses import replace

import regex
from pathlib import Path

from . import __version__
from .assemble import assemble
from .errors import EmptyDocument
from .extract import CONTENT_EXTRACTORS
from .extract import citations as citations_x
from .extract import document as document_x
from .extract import issuer as issuer_x
from .extract import recipients as recipients_x
from .extract import signer as signer_x
from .extract.assignments import executors
from .extract.document import DocumentFields
from .model import KhDoc
from .quality import quality_block
from .read import RawDocument, read_bytes, read_path
from .text.fold import fold
from .text.normalize import normalize
from .warning_codes import warning
from .zones.layout import find_zones, make_lines, type_row
from .zones.parts import Layout, build_articles, find_layout
from .zones.sections import build_sections

log = logging.getLogger(__name__)
WS_RE = regex.compile(r"\s+")
YEAR_RE = regex.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def build_doc(raw: RawDocument) -> KhDoc:
    """Normalize and segment: the `KhDoc` every extractor reads."""
    norm = normalize(raw.text)
    if not norm.text.strip():
        raise EmptyDocument("no text left after removing layout debris", path=raw.path)
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


# Content extractors that run on documents that are not plans (rules/doc_types.tsv, column `content`):
# citations apply to any document; a letter or notice asking for action also states deadlines.
CONTENT_BY_KIND = {"action": ("citations", "deadlines"), "basic": ("citations",)}


def header_view(doc: KhDoc, layout: Layout) -> KhDoc:
    """The main document as extractors of the header and closing see it: `doc` itself, or for a
    decision that issues a plan, the same text with the decision's zones (`doc` has the plan's), and a
    closing that stops where an appendix begins."""
    if layout.attached is None and layout.main_end is None:
        return doc
    head = replace(doc, zones=layout.header_zones(), type_line=layout.main.type_line, warnings=[])
    head.set_sections([])
    return head


def content_kind(fields: DocumentFields, layout: Layout) -> str:
    """"plan" (every content extractor), "action" or "basic" (rules/doc_types.tsv): a plan, a
    plan-like document (Chỉ thị, Chương trình, Phát động …), a decision issuing a plan, or a
    document of unknown type are read as plans; other documents only for what applies to them."""
    if layout.attached is not None or fields.type is None or fields.type_name is None:
        return "plan"
    return type_row(fields.type_name)["content"]


def extract_doc(doc: KhDoc) -> dict:
    """Run every extractor over a built `KhDoc` and assemble the output."""
    layout = doc.cached(("layout",), lambda: find_layout(doc))  # built with the zones (`find_zones`)
    head = header_view(doc, layout)
    fields = document_x.extract(head, doc if layout.attached else None)
    if fields.issued and fields.issued.value:
        doc.year = head.year = int(fields.issued.value[:4])
    closing = recipients_x.extract(head)
    blocks = signer_x.extract(head, closing.used_lines)
    issuer = issuer_x.extract(head, fields, blocks)
    if doc.year is None:
        doc.year = head.year = _fallback_year(doc)
    content: dict = {}
    warnings = list(doc.warnings) + fields.warnings + issuer.warnings
    if not blocks:
        warnings.append(warning("no_signer"))
    if not closing.recipients:
        warnings.append(warning("no_recipients"))
    kind = content_kind(fields, layout)
    if kind != "plan":
        warnings.append(warning("not_a_plan", type_name=fields.type_name))
    elif layout.attached is None and fields.type not in (None, "KH"):
        warnings.append(warning("plan_like", type_name=fields.type_name))
    for ex in CONTENT_EXTRACTORS:
        if kind != "plan" and ex.name not in CONTENT_BY_KIND[kind]:
            continue
        t0 = time.perf_counter()
        found = ex.load()(doc)
        content.update(found.fields)
        warnings.extend(found.warnings)
        log.debug("stage=%s ms=%.1f", ex.name, (time.perf_counter() - t0) * 1000)
    sections = list(doc.sections)
    if fields.type_name and type_row(fields.type_name)["issues"] == "1":
        articles = build_articles(head, head.zones.body)
        sections = articles + (sections if layout.attached else [])
        content["assignments"] = sorted(
            executors(head, articles) + content.get("assignments", []), key=lambda a: tuple(a["span"])
        )
    if layout.attached:
        own = citations_x.extract(head).fields.get("legal_basis", [])
        content["legal_basis"] = merge_citations(own, content.get("legal_basis", []))
    for key in ("legal_basis", "references"):  # "(Kèm theo Quyết định số 412/QĐ-SGDĐT …)" cites the document itself
        if key in content:
            content[key] = [c for c in content[key] if not _is_self(c, fields)]
    extra = {"addressees": document_x.find_addressees(head)}
    out = assemble(doc, fields, issuer, blocks, closing, content, warnings, __version__, sections=sections, extra=extra)
    if doc.source.get("pages"):
        add_pages(out, doc)
    out["quality"] = quality_block(out)
    return out


def _is_self(citation: dict, fields: DocumentFields) -> bool:
    """A citation of the document's own number ("412/QĐ-SGDĐT" in its appendix's "Kèm theo …" line)."""
    if not citation.get("number") or not fields.number or not fields.reference:
        return False
    return fold(WS_RE.sub("", citation["number"])) == fold(WS_RE.sub("", fields.reference))


def merge_citations(first: list[dict], second: list[dict]) -> list[dict]:
    """The decision's căn cứ, then the attached plan's own that are not the same document again."""
    seen = {(c["kind"], c["number"] or c["text"]) for c in first}
    return first + [c for c in second if (c["kind"], c["number"] or c["text"]) not in seen]


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
    span = (doc.zones.title[0], doc.zones.body[0] if doc.zones.body[0] > doc.zones.title[0] else len(doc.text))
    years = [int(y) for y in YEAR_RE.findall(doc.text[span[0]: span[1]])]
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
