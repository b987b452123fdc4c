"""DOCX reader: WordprocessingML -> plain text in reading order.

python-docx's `Document.paragraphs` skips tables, text boxes and automatic
numbering, and refuses .docm/.dotx content types, so the parts are read with
lxml (python-docx's own parser library) under a hardened parser instead:

- body paragraphs and tables in document order, paragraphs separated by a
  blank line, manual line breaks (w:br) kept as "\\n";
- layout tables (the Nghị định 30/2020 header: issuing body + "Số:" | Quốc
  hiệu + place/date; the closing: Nơi nhận | signature) are read as zones:
  each column top to bottom, left column first, a column's lines joined by
  "\\n" and columns separated by a blank line, so "Số:" never joins
  "CỘNG HÒA …" and recipients never mix with the signer;
- data tables are written one row per line as "| a | b | c |" (the row form
  the content extractors already read), a cell's paragraphs joined by a space,
  a vertically merged cell repeated on every row it covers; a one-column
  table is a frame and its paragraphs are read as ordinary ones;
- a header or closing laid out with tabs instead of a table ("UBND HUYỆN X
  <tab><tab> CỘNG HÒA …" on each line) is split into the same two columns;
  other tabs stay in the text (normalization makes them spaces);
- automatic list numbers (w:numPr) are rendered ("I.", "1.", "a)", "-"), text
  boxes follow the paragraph that anchors them, hidden text, deleted
  revisions and field codes are skipped, "caps" runs are upper-cased;
- runs in TCVN3/VNI fonts (".VnTime", "VNI-Times"): their text is legacy
  bytes shown as Latin-1, converted by `read.legacy` (the font names the
  encoding, the detector confirms it); ".VnTimeH" runs are capitals;
- pages: counted from the page breaks Word rendered at its last save
  (w:lastRenderedPageBreak), which also give `page_starts`; else None
  (docProps/app.xml is only trusted for a one-page document).

Safety: a ZIP that is not a DOCX, a corrupt ZIP, parts over 200 MB (zip
bombs; all parts read together are held to `max_decompressed_mb`) and XML with a DOCTYPE/ENTITY declaration are refused with typed
errors; no library exception escapes.
"""
from __future__ import annotations

import io
import posixpath
import zipfile
import zlib

import regex
from lxml import etree

from .. import limits
from ..errors import EmptyDocument, LimitExceeded, UnreadableFile, UnsupportedFormat
from .docx_styles import W_NS, Ctx, font_of, list_label, load_numbering, load_styles, on, style_attr, w, wval
from .word_tables import render_table, tab_columns

MAX_PART_BYTES = 200 * 1024 * 1024  # one part, whatever the limits say (tests pin it lower)
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
APP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
OFFICE_DOC_REL = "/officeDocument"


# No DTDs at all: OOXML never has one, and refusing them rules out entity expansion
# (the parser does not resolve entities either).
DTD_RE = regex.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", regex.I)
# ISO 29500 "Strict" documents use other namespace names for the same vocabulary.
STRICT_W_NS = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
# TCVN3 (ABC) fonts are named ".Vn…" (".VnTime", ".VnTimeH", ".VnArial"); VNI fonts "VNI-…".
TCVN3_FONT_RE = regex.compile(r"^\.vn", regex.I)
VNI_FONT_RE = regex.compile(r"^vni[-_ ]", regex.I)
# ".VnTimeH"-style fonts show the lower-case codes as capitals.
UPPER_FONT_RE = regex.compile(r"^\.vn\w*h$", regex.I)
LEGACY_SLOT_RE = regex.compile(r"\ue000(\d+)\ue001")
RENDERED_BREAK = "\ue002"
PAGE_BREAK = "\ue003"
SKIP_TAGS = {w("del"), w("moveFrom"), w("pPr"), w("rPr"), w("instrText"), w("delText"), f"{{{MC_NS}}}Fallback",
             w("footnoteReference"), w("endnoteReference"), w("commentReference")}
OTHER_ZIPS = (
    ("xl/workbook.xml", "an Excel workbook (XLSX)"),
    ("ppt/presentation.xml", "a PowerPoint presentation (PPTX)"),
    ("content.xml", "an OpenDocument file (ODT/ODS)"),
    ("META-INF/container.xml", "an EPUB book"),
)
# Private-use characters mark legacy runs and page breaks during the walk.
MARK_CHARS_RE = regex.compile(r"[\ue000-\ue003]")


def read_docx(data: bytes, path: str | None, digest: str):  # type: ignore[no-untyped-def]
    """Text of a DOCX in reading order (see the module doc for the layout rules)."""
    from . import RawDocument

    try:
        zf = _Package(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise UnreadableFile(f"corrupt or truncated ZIP/DOCX file ({exc})", path=path) from None
    with zf:
        names = set(zf.namelist())
        main = _main_part(zf, names, path)
        root = _parse(zf, main, path)
        if root.tag != w("document"):
            raise UnsupportedFormat(f"{_zip_kind(names)}, not a DOCX (its main part is not a Word document)", path=path)
        ctx = Ctx()
        related = _related_parts(zf, main, names, path)
        if "styles" in related:
            load_styles(ctx, _parse(zf, related["styles"], path))
        if "numbering" in related:
            load_numbering(ctx, _parse(zf, related["numbering"], path))
        app_pages = _app_pages(zf, names, path)
    body = root.find(w("body"))
    try:
        blocks = tab_columns(block_texts(body, ctx)) if body is not None else []
    except RecursionError:
        raise UnreadableFile("the DOCX nests tables or content controls too deeply", path=path) from None
    raw = "\n\n".join(b for b in blocks if b.strip())
    raw, encoding = _convert_legacy(raw, ctx)
    text, page_starts = _page_starts(raw)
    if not text.strip():
        raise EmptyDocument("the DOCX contains no text", path=path)
    pages = len(page_starts) + 1 if page_starts else (1 if app_pages == 1 else None)
    warnings = []
    if encoding:
        from ..warning_codes import warning

        warnings.append(warning("encoding_fixed", encoding=encoding))
    return RawDocument(text=text, format="docx", sha256=digest, path=path, pages=pages,
                       encoding_fixed=encoding, page_starts=page_starts, warnings=warnings)


# ---------------------------------------------------------------- package


def _main_part(zf: zipfile.ZipFile, names: set[str], path: str | None) -> str:
    """The main document part: from the package relationships, else the usual name."""
    main = None
    try:
        rels = _parse(zf, "_rels/.rels", path) if "_rels/.rels" in names else None
    except UnreadableFile:  # a broken relationships part: fall back on the usual name
        rels = None
    if rels is not None:
        for rel in rels.iter(f"{{{RELS_NS}}}Relationship"):
            if (rel.get("Type") or "").endswith(OFFICE_DOC_REL) and rel.get("TargetMode") != "External":
                main = posixpath.normpath((rel.get("Target") or "").lstrip("/"))
                break
    if main not in names:
        main = "word/document.xml" if "word/document.xml" in names else None
    if main is None:
        raise UnsupportedFormat(f"{_zip_kind(names)}, not a DOCX (no word/document.xml)", path=path)
    return main


def _zip_kind(names: set[str]) -> str:
    return next((what for name, what in OTHER_ZIPS if name in names), "a ZIP archive")


class _Package(zipfile.ZipFile):
    """A ZIP that counts the bytes unpacked from it, for the `max_decompressed_mb` limit."""

    unpacked = 0


def _read_part(zf: zipfile.ZipFile, name: str, path: str | None) -> bytes:
    """Bytes of one part, refusing oversize parts before decompressing them (from the ZIP
    directory), and stopping at the limit when the directory lied about the size."""
    info = zf.getinfo(name)
    done = getattr(zf, "unpacked", 0)
    budget = limits.get("max_decompressed_mb") * 2**20
    cap = min(MAX_PART_BYTES, int(budget - done)) if budget else MAX_PART_BYTES
    if info.file_size > cap:
        raise LimitExceeded(_too_big(name, f"unpacks to {info.file_size / 2**20:.1f} MB", budget, done), path=path)
    try:
        with zf.open(info) as fh:
            data = fh.read(cap + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise UnreadableFile(f"corrupt DOCX: cannot unpack {name} ({exc})", path=path) from None
    except (RuntimeError, NotImplementedError) as exc:  # encrypted member, unknown compression
        raise UnreadableFile(f"cannot unpack {name} ({exc})", path=path) from None
    if len(data) > cap:  # a directory entry that lied about the size
        raise LimitExceeded(_too_big(name, f"unpacks to more than {cap / 2**20:.1f} MB", budget, done), path=path)
    if isinstance(zf, _Package):
        zf.unpacked += len(data)
    return data


def _too_big(name: str, what: str, budget: float, done: int) -> str:
    if budget and done + MAX_PART_BYTES > budget:
        return (f"{name} {what}; the limit is {budget / 2**20:g} MB unpacked per document "
                f"({limits.env_name('max_decompressed_mb')})")
    return f"{name} {what} (limit {MAX_PART_BYTES / 2**20:g} MB per part)"


def _related_parts(zf: zipfile.ZipFile, main: str, names: set[str], path: str | None) -> dict[str, str]:
    """Styles and numbering parts named by the main part's relationships (usual names as fallback)."""
    folder = posixpath.dirname(main)
    found = {kind: posixpath.join(folder, f"{kind}.xml") for kind in ("styles", "numbering")}
    rels = posixpath.join(folder, "_rels", posixpath.basename(main) + ".rels")
    try:
        root = _parse(zf, rels, path) if rels in names else None
    except UnreadableFile:  # broken relationships: the usual names
        root = None
    if root is not None:
        for rel in root.iter(f"{{{RELS_NS}}}Relationship"):
            kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
            if kind in found and rel.get("TargetMode") != "External":
                target = rel.get("Target") or ""
                found[kind] = posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target))
    return {kind: name for kind, name in found.items() if name in names}


def _parse(zf: zipfile.ZipFile, name: str, path: str | None) -> etree._Element:
    data = _read_part(zf, name, path)
    if DTD_RE.search(data):
        raise UnreadableFile(f"{name} declares a DTD or entities, which a DOCX never does (refused for safety)", path=path)
    data = data.replace(STRICT_W_NS, W_NS.encode())
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        detail = str(exc).splitlines()[0][:120] if str(exc) else "parse error"
        raise UnreadableFile(f"corrupt DOCX: {name} is not well-formed XML ({detail})", path=path) from None


def _app_pages(zf: zipfile.ZipFile, names: set[str], path: str | None) -> int | None:
    """<Pages> of docProps/app.xml, trusted only when the word count was filled in too
    (templates and generators leave stale statistics: "Pages 1, Words 0")."""
    if "docProps/app.xml" not in names:
        return None
    try:
        root = _parse(zf, "docProps/app.xml", path)
    except (UnreadableFile, UnsupportedFormat):
        return None
    pages, words = root.findtext(f"{{{APP_NS}}}Pages"), root.findtext(f"{{{APP_NS}}}Words")
    if pages and pages.strip().isdigit() and words and words.strip().isdigit() and int(words) > 0:
        return int(pages)
    return None


# ---------------------------------------------------------------- the walk


def block_texts(container: etree._Element, ctx: Ctx) -> list[str]:
    """Blocks (paragraphs, table zones, table row groups) of a body or cell, in order."""
    out: list[str] = []
    carry = ""  # page-break marks of empty paragraphs, moved to the next block
    for el in container:
        if el.tag == w("p"):
            text, boxes = paragraph_text(el, ctx)
            found = [text] + boxes
        elif el.tag == w("tbl"):
            found = render_table(el, ctx)
        elif el.tag in (w("sdt"), w("customXml"), w("sdtContent"), f"{{{MC_NS}}}AlternateContent", f"{{{MC_NS}}}Choice"):
            inner = el.find(w("sdtContent")) if el.tag == w("sdt") else el
            found = block_texts(inner, ctx) if inner is not None else []
        else:
            continue
        for b in found:
            if b.replace(RENDERED_BREAK, "").replace(PAGE_BREAK, "").strip():
                out.append(carry + b)
                carry = ""
            else:
                carry += "".join(ch for ch in b if ch in (RENDERED_BREAK, PAGE_BREAK))
    if carry and out:
        out[-1] += carry
    return out


def paragraph_text(p: etree._Element, ctx: Ctx) -> tuple[str, list[str]]:
    """(text of the paragraph with its list label, texts of its text boxes)."""
    p_pr = p.find(w("pPr"))
    style = wval(p_pr.find(w("pStyle"))) if p_pr is not None else None
    parts: list[str] = []
    boxes: list[str] = []
    if p_pr is not None and on(p_pr.find(w("pageBreakBefore"))):
        parts.append(PAGE_BREAK)
    _walk(p, ctx, style, parts, boxes)
    text = "".join(parts)
    if text.replace(RENDERED_BREAK, "").replace(PAGE_BREAK, "").strip():
        text = list_label(ctx, p_pr, style) + text.strip(" ")
    return text, boxes


def _walk(el: etree._Element, ctx: Ctx, style: str | None, parts: list[str], boxes: list[str]) -> None:
    for child in el:
        tag = child.tag
        if tag in SKIP_TAGS or not isinstance(tag, str):
            continue
        if tag == w("r"):
            _run(child, ctx, style, parts, boxes)
        elif tag == w("txbxContent"):
            boxes.extend(b for b in block_texts(child, ctx))
        else:
            _walk(child, ctx, style, parts, boxes)


def _run(r: etree._Element, ctx: Ctx, style: str | None, parts: list[str], boxes: list[str]) -> None:
    r_pr = r.find(w("rPr"))
    if r_pr is not None and on(r_pr.find(w("vanish"))):
        return
    chunk: list[str] = []
    for child in r:
        tag = child.tag
        if tag == w("t"):
            chunk.append(MARK_CHARS_RE.sub("", child.text or ""))
        elif tag == w("tab"):
            chunk.append("\t")
        elif tag == w("br"):
            chunk.append(PAGE_BREAK if child.get(w("type")) == "page" else "\n")
        elif tag == w("cr"):
            chunk.append("\n")
        elif tag == w("noBreakHyphen"):
            chunk.append("-")
        elif tag == w("lastRenderedPageBreak"):
            chunk.append(RENDERED_BREAK)
        elif tag in (w("drawing"), w("pict"), w("object"), f"{{{MC_NS}}}AlternateContent"):
            _walk(child, ctx, style, [], boxes)  # only text boxes inside shapes carry text
    text = "".join(chunk)
    if not text:
        return
    rstyle = wval(r_pr.find(w("rStyle"))) if r_pr is not None else None
    font = font_of(r_pr.find(w("rFonts")) if r_pr is not None else None)
    font = font or style_attr(ctx, rstyle, "font") or style_attr(ctx, style or ctx.default_style, "font") or ctx.default_font
    caps = bool((r_pr is not None and (on(r_pr.find(w("caps"))) or on(r_pr.find(w("smallCaps")))))
                or style_attr(ctx, rstyle, "caps") or style_attr(ctx, style, "caps"))
    if isinstance(font, str) and (TCVN3_FONT_RE.match(font) or VNI_FONT_RE.match(font)):
        encoding = "TCVN3" if TCVN3_FONT_RE.match(font) else "VNI"
        ctx.legacy.append((text, encoding, caps or bool(UPPER_FONT_RE.match(font))))
        text = f"\ue000{len(ctx.legacy) - 1}\ue001"
    elif caps:
        text = text.upper()
    parts.append(text)


# ---------------------------------------------------------------- legacy text and pages


def _convert_legacy(raw: str, ctx: Ctx) -> tuple[str, str | None]:
    """Convert the runs set in TCVN3/VNI fonts and put them back in place.

    The font names the encoding; the detector still has the last word on the runs
    together (a run typed in Unicode under an old font name must not be mangled),
    except that text with no Unicode-only letter ("ạ", "ư", "đ") in such a font is
    taken as legacy even when it is too short to prove it. A document with no
    legacy-font run goes through the detector as a whole, like a text file.
    """
    from .legacy import detect_legacy, fix_legacy, to_unicode, unicode_only_letters

    if not ctx.legacy:
        return fix_legacy(raw)
    joined = "\n".join(t for t, _, _ in ctx.legacy)
    by_font = max(("TCVN3", "VNI"), key=lambda e: sum(len(t) for t, enc, _ in ctx.legacy if enc == e))
    encoding = detect_legacy(joined)
    if encoding is None and not any(ch in unicode_only_letters() for ch in joined) and any(ord(ch) > 127 for ch in joined):
        encoding = by_font
    pieces = []
    for text, _enc, upper in ctx.legacy:
        piece = to_unicode(text, encoding) if encoding else text
        pieces.append(piece.upper() if upper and encoding else piece)
    return LEGACY_SLOT_RE.sub(lambda m: pieces[int(m.group(1))], raw), encoding


def _page_starts(raw: str) -> tuple[str, list[int]]:
    """Remove the break marks; page starts come from the breaks Word rendered at its last
    save (w:lastRenderedPageBreak), never from explicit breaks alone (those miss the
    pages that simply filled up)."""
    out: list[str] = []
    starts: list[int] = []
    pos = 0
    for ch in raw:
        if ch == RENDERED_BREAK:
            if pos and (not starts or starts[-1] != pos):
                starts.append(pos)
        elif ch != PAGE_BREAK:
            out.append(ch)
            pos += 1
    text = "".join(out)
    # A mark at the end of a block belongs to the next block's first character.
    starts = [s + len(text[s:]) - len(text[s:].lstrip()) for s in starts]
    return text, sorted({s for s in starts if 0 < s < len(text)})

