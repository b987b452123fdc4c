"""PDF reader: text layer with positions (pypdfium2), OCR for pages without a usable one.

Per page the text layer is read as runs with boxes (`pdf_text`: pdfium's own
lines, cut where a wide gap opens, two table cells on one baseline), grouped into lines
by `pdf_layout` and put in reading order by `pdf_order` (two-column header and
closing read column by column, running heads dropped, wrapped lines joined
into paragraphs). pypdfium2 text and boxes cost about 3 ms a page here against
50-90 ms for pdfplumber's `extract_text`, which matters for batch runs, so
pdfplumber is not used.

A page is OCR'd (`ocr="auto"`) when it has no text but a picture (a scan), or
when its text is not Vietnamese: fonts without a Unicode map give Cyrillic-
looking or symbol garbage that no converter can undo. Text from the old
TCVN3/VNI fonts *is* convertible and goes through `legacy.fix_legacy` first.
`ocr="always"` OCRs every page; `ocr="never"` drops unusable pages with a warning.
"""
from __future__ import annotations

import ctypes
import logging

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import regex

from .. import limits
from ..errors import EmptyDocument, KhparseError, LimitExceeded, UnreadableFile, UnsupportedFormat
from ..rules import load_table
from ..text.fold import fold
from ..text.syllables import SYLLABLE_RE
from ..warning_codes import warning
from .legacy import fix_legacy
from .pdf_layout import NOI_NHAN_RE, Page, Seg, drop_running, find_bands, group_lines
from .pdf_order import order_pages
from .pdf_tables import find_tables, page_rules, table_rows, walls
from .pdf_text import page_segments

MAX_PAGES = limits.DEFAULTS.max_pages  # KHPARSE_MAX_PAGES overrides it (parser.limits)
MIN_PAGE_CHARS = 30  # fewer non-space characters than this on a page with a picture: a scan
MIN_PICTURE_SHARE = 0.25  # share of the page a picture must cover to count as a scan
LEGACY_PROBE_CHARS = 10_000  # TCVN3/VNI detection looks at the start of the text only
PDF_HEAD_WINDOW = 1024  # signed PDFs and mail gateways put bytes before "%PDF-"
MIN_SPREAD_LINES = 2  # lines with cells set apart before a page's line art is searched for a table

EMPTY_TREE_RE = regex.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+0\b|/Count\s+0\b[^>]*?/Type\s*/Pages\b")
PAGE_LEAF_RE = regex.compile(rb"/Type\s*/Page(?![s\w])")

log = logging.getLogger(__name__)


def read_pdf(data: bytes, path: str | None, digest: str, *, ocr: str = "auto"):  # type: ignore[no-untyped-def]
    """Bytes of a PDF -> RawDocument (text in reading order, page starts, OCR and encoding facts)."""
    from . import RawDocument

    head = data.find(b"%PDF-", 0, PDF_HEAD_WINDOW)
    if head > 0:
        data = data[head:]
    pdf = _open(data, path)
    try:
        count = len(pdf)
        if count == 0:
            raise EmptyDocument("the PDF has no pages", path=path)
        max_pages = limits.get("max_pages", MAX_PAGES)
        if max_pages and count > max_pages:
            raise LimitExceeded(f"the PDF has {count} pages; the limit is {max_pages:g} ({limits.env_name('max_pages')})", path=path)
        text, starts, used_ocr, encoding, warnings = _read_pages(pdf, count, path, ocr)
    except KhparseError as exc:
        exc.path = exc.path or path
        raise
    except MemoryError:
        raise
    except Exception as exc:  # pdfium on a damaged object, PIL on a broken image: never escape as is
        log.debug("PDF reading failed", exc_info=True)
        raise UnreadableFile(f"damaged PDF ({type(exc).__name__}: {exc})", path=path) from None
    finally:
        pdf.close()
    return RawDocument(
        text=text, format="pdf", sha256=digest, path=path, pages=count, ocr=used_ocr,
        encoding_fixed=encoding, page_starts=starts, warnings=warnings,
    )


def _open(data: bytes, path: str | None) -> pdfium.PdfDocument:
    """Open with pdfium, mapping its error codes to the library's errors."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        # pdfium refuses a well-formed file without pages and sets no error code of its own
        # (the code then left over is from an earlier failure), so that case is told from the bytes.
        code = getattr(exc, "err_code", None)
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY) and b"/Encrypt" in data:
            raise UnsupportedFormat("encrypted PDF (password protected)", path=path) from None
        if EMPTY_TREE_RE.search(data) and not PAGE_LEAF_RE.search(data):
            raise EmptyDocument("the PDF has no pages", path=path) from None
        raise UnreadableFile("damaged or truncated PDF (cannot be opened)", path=path) from None


def _read_pages(pdf: pdfium.PdfDocument, count: int, path: str | None, ocr: str):  # type: ignore[no-untyped-def]
    sizes: list[tuple[float, float]] = []
    layers: list[list[Seg]] = []
    for i in range(count):
        page = pdf[i]
        sizes.append(_page_size(page))
        layers.append(_text_layer(page, i, count) if ocr != "always" else [])
        page.close()
    encoding = _fix_encoding(layers)
    warnings: list[dict] = []
    if encoding:
        warnings.append(warning("encoding_fixed", encoding=encoding))
    to_ocr: list[int] = []
    bad: list[int] = []
    scans: list[int] = []
    for i, segs in enumerate(layers):
        if ocr == "always":
            to_ocr.append(i)
            continue
        chars = sum(len(s.text) - s.text.count(" ") for s in segs)
        if chars < MIN_PAGE_CHARS:
            if _has_picture(pdf, i, *sizes[i]):
                scans.append(i)
            continue
        reason = assess_text(" ".join(s.text for s in segs))
        if reason:
            bad.append(i)
            layers[i] = []
    if ocr == "auto":
        to_ocr = sorted(scans + bad)
    if bad:
        pages = ", ".join(str(i + 1) for i in bad)
        code = "bad_text_layer" if ocr == "auto" else "bad_text_layer_dropped"
        warnings.append(warning(code, pages=pages))
    if ocr == "never" and scans:
        warnings.append(warning("ocr_pages_skipped", pages=", ".join(str(i + 1) for i in scans)))
    failed = _ocr_pages(pdf, to_ocr, sizes, layers)
    if failed:
        warnings.append(warning("ocr_page_failed", pages=", ".join(f"{i + 1} ({why})" for i, why in failed)))
    used_ocr = len(to_ocr) > len(failed)
    if used_ocr:
        warnings.append(warning("ocr_used"))
    pages = [Page(group_lines(segs), w, h) for segs, (w, h) in zip(layers, sizes)]
    text, starts = order_pages(pages)
    if not text.strip():
        if ocr == "never" and (scans or bad):
            raise EmptyDocument("no text layer (scanned PDF); use --ocr auto", path=path)
        if failed:
            raise UnreadableFile(f"no text could be read: OCR failed ({failed[0][1]})", path=path)
        raise EmptyDocument("the PDF contains no text", path=path)
    return text, starts, used_ocr, encoding, warnings


def _text_layer(page, index: int, count: int) -> list[Seg]:  # type: ignore[no-untyped-def]
    """The runs of a page's text layer, a ruled table's rows as one run each (`pdf_tables`).

    The page's line art is only looked at when two lines or more have text objects set apart like
    table cells; a page with a table is then read again, cut at the table's rules."""
    spread: list[int] = []
    segs = page_segments(page, index, count, spread=spread)
    if not spread or spread[0] < MIN_SPREAD_LINES:  # no text at all gives no count
        return segs
    crop = page.get_cropbox()
    tables = find_tables(page_rules(page, crop))
    if not tables:
        return segs
    # Only the lines of the tables are read again, cut at their rules.
    spans = [(t.ys[0] - 1, t.ys[-1] + 1) for t in tables]  # top-down
    top = crop[3]
    again = page_segments(page, index, count, walls(tables, crop), within=[(top - b, top - a) for a, b in spans])
    kept = [s for s in segs if not any(a <= (s.top + s.bottom) / 2 <= b for a, b in spans)]
    return table_rows(tables, kept + again)


def _ocr_pages(pdf, pages: list[int], sizes, layers) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    """OCR the given pages into `layers` (in place); (page, reason) of pages that failed.

    Images of pages that may hold the header or the closing are kept for a
    second, column-by-column reading of those bands.
    """
    if not pages:
        return []
    from .ocr import OcrFailed, check_pictures, ocr_dpi, read_pages, reorient, repair_roman_sequence, tesseract

    for i in pages:  # the size limits first: a page too big to OCR refuses the document, Tesseract or not
        ocr_dpi(*sizes[i])
        check_pictures(pdf, i)
    tesseract()  # OcrUnavailable before any work
    failed: list[tuple[int, str]] = []
    kept = {}
    last = len(sizes) - 1
    for i, result in read_pages(pdf, pages, sizes):
        if isinstance(result, str):
            failed.append((i, result))
            layers[i] = []
            continue
        page_text = " ".join(s.text for s in result.segs)
        if assess_text(page_text) or judge_words(page_text)[0] < MIN_JUDGED_TOKENS:
            result = reorient(result) or result  # a sideways or upside-down scan (little or no Vietnamese read)
        layers[i] = result.segs
        sizes[i] = result.size
        if i == 0 or i >= last - 1 or any(NOI_NHAN_RE.match(s.text) for s in result.segs):
            kept[i] = result
    try:
        _reread_bands(layers, sizes, kept)
    except OcrFailed:
        pass  # the first reading stands
    _repair_headings(layers, repair_roman_sequence)
    return failed


def _repair_headings(layers: list[list[Seg]], repair) -> None:  # type: ignore[no-untyped-def]
    """Renumber the Roman headings of OCR'd pages (`ocr.repair_roman_sequence`) line by line: the number is
    often a run of its own ("I." then a tab), so it is put back in the first run of its line."""
    lines = [ln for segs in layers for ln in group_lines(segs)]
    texts = [ln.text for ln in lines]
    for line, old, new in zip(lines, texts, repair(texts)):
        if new == old:
            continue
        first = line.segs[0]
        keep = len(old) - len(first.text.strip())  # what of the line comes after the first run
        head = new[: len(new) - keep] if keep else new
        if head.strip():
            first.text = head.strip()


def _reread_bands(layers: list[list[Seg]], sizes, kept) -> None:  # type: ignore[no-untyped-def]
    """OCR two-column bands (header, closing) again column by column, replacing their runs."""
    from .ocr import column_regions, read_regions

    pages = [Page(group_lines(segs), w, h) for segs, (w, h) in zip(layers, sizes)]
    drop_running(pages)
    bands_at: list[tuple[int, float, float, list]] = []
    for p, bands in find_bands(pages).items():
        if p not in kept:
            continue
        lines = pages[p].lines
        for band in bands:
            first, last = lines[band.start], lines[band.end - 1]
            top = (lines[band.start - 1].bottom + first.top) / 2 if band.start else first.top - first.height
            bottom = (last.bottom + lines[band.end].top) / 2 if band.end < len(lines) else last.bottom + last.height
            bands_at.append((p, top, bottom, column_regions(p, kept[p], top, bottom, band.gutter)))
    regions = [r for *_, rs in bands_at for r in rs]
    if not regions:
        return
    read = read_regions(kept, regions)
    for p, top, bottom, rs in bands_at:
        new = [seg for r in rs for seg in read[r]]
        if new:
            layers[p] = [s for s in layers[p] if not top <= (s.top + s.bottom) / 2 <= bottom] + new


def _page_size(page) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    left, bottom, right, top = page.get_cropbox()
    return right - left, top - bottom


def _has_picture(pdf, index: int, width: float, height: float) -> bool:  # type: ignore[no-untyped-def]
    """An image (or form holding one) covering a good part of the page: a scanned page."""
    page = pdf[index]
    try:
        raw = page.raw
        lft, btm, rgt, top = (ctypes.c_float() for _ in range(4))
        for i in range(pdfium_c.FPDFPage_CountObjects(raw)):
            obj = pdfium_c.FPDFPage_GetObject(raw, i)
            if pdfium_c.FPDFPageObj_GetType(obj) not in (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM):
                continue
            if pdfium_c.FPDFPageObj_GetBounds(obj, lft, btm, rgt, top):
                area = max(0.0, rgt.value - lft.value) * max(0.0, top.value - btm.value)
                if area >= MIN_PICTURE_SHARE * width * height:
                    return True
        return False
    finally:
        page.close()


def _fix_encoding(layers: list[list[Seg]]) -> str | None:
    """Convert TCVN3/VNI text (old fonts without Unicode) in place; the encoding name when any page was converted."""
    sample = "\n".join(s.text for segs in layers for s in segs)[:LEGACY_PROBE_CHARS]
    if not sample.strip() or fix_legacy(sample)[1] is None:
        return None
    found = None
    for segs in layers:
        if not segs:
            continue
        joined = "\n".join(s.text for s in segs)
        fixed, encoding = fix_legacy(joined)
        parts = fixed.split("\n")
        if encoding and fixed != joined and len(parts) == len(segs):
            for seg, part in zip(segs, parts):
                seg.text = part
            found = found or encoding
    return found


# --- is the text layer Vietnamese? -------------------------------------------------------------

VIET_LOWER = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
VIET_LETTERS = frozenset(VIET_LOWER + VIET_LOWER.upper())
# What Vietnamese text is written with: its letters (plus f, j, w, z of foreign names), digits,
# ASCII punctuation and the usual typographic marks. Anything else in a word is a sign of garbage.
TEXT_CHARS = VIET_LETTERS | frozenset("fjwzFJWZ0123456789!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~“”‘’–—…•°«»")
# Vietnamese letters -> base lower-case letter, in one C-level pass.
FOLD_TABLE = str.maketrans({ch: fold(ch) for ch in VIET_LETTERS})
EDGE_PUNCT_RE = regex.compile(r"^[\p{P}\p{S}]+|[\p{P}\p{S}]+$")
CODE_CHARS_RE = regex.compile(r"[\d/\-.&]")
SAMPLE_TOKENS = 150  # enough words to judge a page
MIN_JUDGED_TOKENS = 8
MIN_VIETNAMESE_SHARE = 0.6
MAX_SIGNATURES = 3


def mojibake_signatures() -> tuple[str, ...]:
    return tuple(r["signature"] for r in load_table("mojibake"))


def assess_text(text: str) -> str | None:
    """Why a page's text layer is unusable (a short reason), or None when it reads as Vietnamese.

    Counts words that are Vietnamese syllables (letters of the Vietnamese
    alphabet in onset-vowel-coda shape) against words with foreign letters,
    symbols inside, or impossible shapes; codes ("2150/KH-UBND") and short
    capitalised abbreviations are not judged. Known mojibake signatures of
    fonts without a Unicode map decide on their own.
    """
    if sum(text.count(sig) for sig in mojibake_signatures()) >= MAX_SIGNATURES:
        return "mojibake"
    good, bad = judge_words(text)
    if good + bad < MIN_JUDGED_TOKENS:
        return None
    if good / (good + bad) < MIN_VIETNAMESE_SHARE:
        return "not Vietnamese text"
    return None


def judge_words(text: str) -> tuple[int, int]:
    """(Vietnamese words, impossible words) among the first `SAMPLE_TOKENS` tokens of `text`."""
    good = bad = 0
    for token in text.split()[:SAMPLE_TOKENS]:
        if not TEXT_CHARS.issuperset(token):
            bad += 1  # a foreign letter or a symbol no Vietnamese text has
            continue
        core = EDGE_PUNCT_RE.sub("", token)
        if core.isalpha():
            if SYLLABLE_RE.match(core.translate(FOLD_TABLE)):
                good += 1
            elif not (core.isupper() and len(core) <= 8):
                bad += 1
        elif any(ch.isalpha() for ch in core) and not CODE_CHARS_RE.search(core):
            bad += 1
    return good, bad
