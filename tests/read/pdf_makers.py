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

# One item on a page: (text, x, y of the baseline from the top, font size).
Item = tuple[str, float, float, float]


def font_path() -> str | None:
    return next((p for p in FONT_CANDIDATES if Path(p).is_file()), None)


def make_text_pdf(pages: list[list[Item]], *, size: tuple[float, float] = A4, invisible: bool = False,
                  base: bytes | None = None) -> bytes:
    """A PDF with the given text items (Unicode-mapped font); on top of `base`'s pages when given."""
    path = font_path()
    if path is None:
        pytest.skip("no TrueType font with Vietnamese letters installed")
    pdf = pdfium.PdfDocument(base) if base else pdfium.PdfDocument.new()
    data = Path(path).read_bytes()
    buf = ctypes.create_string_buffer(data, len(data))
    font = pdfium_c.FPDFText_LoadFont(
        pdf.raw, ctypes.cast(buf, ctypes.POINTER(ctypes.c_uint8)), len(data), pdfium_c.FPDF_FONT_TRUETYPE, True
    )
    for n, items in enumerate(pages):
        page = pdf[n] if base else pdf.new_page(*size)
        height = page.get_size()[1]
        for text, x, y, fs in items:
            obj = pdfium_c.FPDFPageObj_CreateTextObj(pdf.raw, font, ctypes.c_float(fs))
            wide = (text + "\0").encode("utf-16-le")
            arr = ctypes.create_string_buffer(wide, len(wide))
            pdfium_c.FPDFText_SetText(obj, ctypes.cast(arr, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
            if invisible:
                pdfium_c.FPDFTextObj_SetTextRenderMode(obj, pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE)
            pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, height - y)
            pdfium_c.FPDFPage_InsertObject(page.raw, obj)
        pdfium_c.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    pdf.save(out)
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
