"""PDF makers for the reader and hardening tests: text PDFs laid out like real plans, crafted broken files.

Text PDFs are written with pdfium itself (an embedded TrueType font with a
Unicode map), so the tests need no PDF library beyond the reader's own.
"""
from __future__ import annotations

import ctypes
import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import pypdfium2.raw as pdfium_c
from kh_testutil import raw_pdf

FIXTURES = Path(__file__).resolve().parents[2] / "corpus" / "fixtures"
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
)
A4 = (595.0, 842.0)

MONO_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"

# One item on a page: (text, x, y of the baseline from the top, font size), one text object; optionally
# followed by where each char after the first starts, in points from x (the object's glyph positions),
# and by which of the PDF's fonts it is drawn in (an index into `fonts`).
Item = tuple  # (str, float, float, float) or (str, float, float, float, list[float] | None, int)


def font_path() -> str | None:
    return next((p for p in FONT_CANDIDATES if Path(p).is_file()), None)


def make_text_pdf(pages: list[list[Item]], *, size: tuple[float, float] = A4, invisible: bool = False,
                  base: bytes | None = None, fonts: tuple[str, ...] = ()) -> bytes:
    """A PDF with the given text items (Unicode-mapped fonts: `fonts`, else the first installed candidate);
    on top of `base`'s pages when given."""
    paths = fonts or (font_path(),)
    if not all(path and Path(path).is_file() for path in paths):
        pytest.skip("no TrueType font with Vietnamese letters installed")
    pdf = pdfium.PdfDocument(base) if base else pdfium.PdfDocument.new()
    loaded, buffers = [], []
    for path in paths:
        data = Path(path).read_bytes()
        buffers.append(ctypes.create_string_buffer(data, len(data)))
        loaded.append(pdfium_c.FPDFText_LoadFont(
            pdf.raw, ctypes.cast(buffers[-1], ctypes.POINTER(ctypes.c_uint8)), len(data), pdfium_c.FPDF_FONT_TRUETYPE, True
        ))
    for n, items in enumerate(pages):
        page = pdf[n] if base else pdf.new_page(*size)
        height = page.get_size()[1]
        for text, x, y, fs, *more in items:
            places, which = (more[0] if more else None), (more[1] if len(more) > 1 else 0)
            obj = pdfium_c.FPDFPageObj_CreateTextObj(pdf.raw, loaded[min(which, len(loaded) - 1)], ctypes.c_float(fs))
            wide = (text + "\0").encode("utf-16-le")
            arr = ctypes.create_string_buffer(wide, len(wide))
            pdfium_c.FPDFText_SetText(obj, ctypes.cast(arr, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
            if places and len(text) > 1:
                xs = (ctypes.c_float * (len(text) - 1))(*places)
                assert pdfium_c.FPDFText_SetPositions(obj, xs, len(text) - 1)
            if invisible:
                pdfium_c.FPDFTextObj_SetTextRenderMode(obj, pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE)
            pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, height - y)
            pdfium_c.FPDFPage_InsertObject(page.raw, obj)
        pdfium_c.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    pdf.save(out)
    for font in loaded:
        pdfium_c.FPDFFont_Close(font)
    return out.getvalue()


make_raw_pdf = raw_pdf  # one hand-built-PDF maker for the reader and hardening tests


def picture_pdf(width: float, height: float) -> bytes:
    """One page of the given size holding only a small grey picture stretched over it (a 'scan')."""
    from PIL import Image

    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(width, height)
    image = pdfium.PdfImage.new(pdf)
    image.set_bitmap(pdfium.PdfBitmap.from_pil(Image.new("L", (64, 64), 200)))
    image.set_matrix(pdfium.PdfMatrix().scale(width, height))
    page.insert_obj(image)
    page.gen_content()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


# A rule on a page: (x0, top, x1, bottom) in points, y from the top of the page.
Rule = tuple[float, float, float, float]


def ruled_pdf(pages: list[list[Rule]], *, size: tuple[float, float] = A4, stroked: bool = False) -> bytes:
    """Pages holding only line art: each rule a thin filled rectangle, as Word draws table borders, or
    (`stroked`) a two-point path stroked 0.5 pt wide through the rectangle's middle, as LibreOffice does.
    Text goes on top with `make_text_pdf(..., base=ruled_pdf(...))`."""
    pdf = pdfium.PdfDocument.new()
    for rules in pages:
        page = pdf.new_page(*size)
        height = size[1]
        for x0, top, x1, bottom in rules:
            if stroked:
                horizontal = x1 - x0 >= bottom - top
                mid = (top + bottom) / 2 if horizontal else (x0 + x1) / 2
                a, b = ((x0, height - mid), (x1, height - mid)) if horizontal else ((mid, height - top), (mid, height - bottom))
                obj = pdfium_c.FPDFPageObj_CreateNewPath(ctypes.c_float(a[0]), ctypes.c_float(a[1]))
                pdfium_c.FPDFPath_LineTo(obj, ctypes.c_float(b[0]), ctypes.c_float(b[1]))
                pdfium_c.FPDFPageObj_SetStrokeWidth(obj, ctypes.c_float(0.5))
                pdfium_c.FPDFPageObj_SetStrokeColor(obj, 0, 0, 0, 255)
                pdfium_c.FPDFPath_SetDrawMode(obj, 0, True)
            else:
                obj = pdfium_c.FPDFPageObj_CreateNewRect(ctypes.c_float(x0), ctypes.c_float(height - bottom),
                                                         ctypes.c_float(x1 - x0), ctypes.c_float(bottom - top))
                pdfium_c.FPDFPageObj_SetFillColor(obj, 0, 0, 0, 255)
                pdfium_c.FPDFPath_SetDrawMode(obj, pdfium_c.FPDF_FILLMODE_ALTERNATE, False)
            pdfium_c.FPDFPage_InsertObject(page.raw, obj)
        pdfium_c.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def grid(xs: list[float], ys: list[float], *, no_v: set[tuple[int, int]] = frozenset(),
         no_h: set[tuple[int, int]] = frozenset(), width: float = 0.5) -> list[Rule]:
    """The borders of a table with column edges `xs` and row edges `ys`, drawn cell side by cell side;
    no_v holds (edge k, row r) sides left out (a cell merged across columns), no_h (edge r, column c)
    (a cell merged down rows)."""
    rules: list[Rule] = []
    for r in range(len(ys) - 1):
        for k, x in enumerate(xs):
            if (k, r) not in no_v:
                rules.append((x - width / 2, ys[r], x + width / 2, ys[r + 1]))
    for r, y in enumerate(ys):
        for c in range(len(xs) - 1):
            if (r, c) not in no_h:
                rules.append((xs[c], y - width / 2, xs[c + 1], y + width / 2))
    return rules


def char_advances(chars: str, size: float, font: str | None = None) -> dict[str, float]:
    """The advance of each char in `font` (the makers' font) at `size`, read from pdfium: each char between
    two bars, its advance the distance between them (a space draws nothing to measure)."""
    chars = "".join(sorted(set(chars)))
    if not chars:
        return {}
    rows = [("|" + ch + "|", 10.0, 20.0 * (k + 1), size) for k, ch in enumerate(chars)]
    pdf = pdfium.PdfDocument(make_text_pdf([rows], size=(200.0, 20.0 * (len(chars) + 2)), fonts=(font,) if font else ()))
    try:
        tp = pdf[0].get_textpage()
        bars = [tp.get_charbox(i, loose=True) for i in range(tp.count_chars()) if tp.get_text_range(i, 1) == "|"]
    finally:
        pdf.close()
    assert len(bars) == 2 * len(chars), "the font must map every char one to one"
    return {ch: bars[2 * k + 1][0] - bars[2 * k][2] for k, ch in enumerate(chars)}


def fallback_line(text: str, x: float, y: float, size: float, fallback: str, *, font: str | None = None,
                  late_font: str | None = None, cell: float = 0.0, spaces: bool = True) -> list[Item]:
    """One line as a producer draws it when its font lacks `fallback`'s letters (LibreOffice, old Word
    printers, Foxit): one text object with the letters it has at their places (holes where the others
    go), then one with the missing letters at theirs, after the whole line. The letters are laid out with
    their own fonts' advances (`font`, `late_font`; the makers' font by default), a late letter taking at
    least `cell` (a monospace layout gives a narrow one a whole cell). The late letters are drawn in the
    PDF's second font when it has one (index 1). With `spaces=False` the word spaces are not drawn, only
    left as gaps, as LibreOffice writes a line (pdfium makes its own spaces of the gaps)."""
    late = {ch for ch in text if ch in fallback and not ch.isspace()}
    advance = char_advances("".join(set(text) - late), size, font)
    advance.update({ch: max(w, cell) for ch, w in char_advances("".join(late), size, late_font or font).items()})
    offsets, at = [], 0.0
    for ch in text:
        offsets.append(at)
        at += advance[ch]
    items: list[Item] = []
    for drawn_late in (False, True):
        where = [i for i, ch in enumerate(text) if (ch in late) == drawn_late and (spaces or ch != " ")]
        if where:
            first = offsets[where[0]]
            items.append(("".join(text[i] for i in where), x + first, y, size,
                          [offsets[i] - first for i in where[1:]], int(drawn_late)))
    return items
