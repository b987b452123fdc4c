"""pdfium's text-page calls, as the per-character loops of the PDF reader make them.

pypdfium2's bindings take typed pointers, which ctypes builds from c_double
objects on every call; the prototypes here take plain addresses of doubles
allocated once per page, and PYFUNCTYPE does not release the GIL around each
sub-microsecond call. Same C functions (tests/read/test_pdf_fast_paths.py
checks them against pypdfium2's helpers), a fifth cheaper per call, which
counts at one call per character.
"""
from __future__ import annotations

import ctypes
import math

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

Box = tuple[float, float, float, float]  # left, bottom, right, top (PDF units, y up)
# A run of a line: chars start..end, their box, and the text when the line was rebuilt in x order
# (None: the run is text[start:end]; rebuilt runs start with the char at `start`).
Run = tuple[int, int, Box, str | None]
_VP = ctypes.c_void_p
_CHAR_BOX = ctypes.PYFUNCTYPE(ctypes.c_int, _VP, ctypes.c_int, _VP, _VP, _VP, _VP)(ctypes.cast(pdfium_c.FPDFText_GetCharBox, _VP).value)
_GET_RECT = ctypes.PYFUNCTYPE(ctypes.c_int, _VP, ctypes.c_int, _VP, _VP, _VP, _VP)(ctypes.cast(pdfium_c.FPDFText_GetRect, _VP).value)
_COUNT_RECTS = ctypes.PYFUNCTYPE(ctypes.c_int, _VP, ctypes.c_int, ctypes.c_int)(ctypes.cast(pdfium_c.FPDFText_CountRects, _VP).value)
_FONT_SIZE = ctypes.PYFUNCTYPE(ctypes.c_double, _VP, ctypes.c_int)(ctypes.cast(pdfium_c.FPDFText_GetFontSize, _VP).value)
_LOOSE_BOX = ctypes.PYFUNCTYPE(ctypes.c_int, _VP, ctypes.c_int, _VP)(ctypes.cast(pdfium_c.FPDFText_GetLooseCharBox, _VP).value)
_CHAR_ORIGIN = ctypes.PYFUNCTYPE(ctypes.c_int, _VP, ctypes.c_int, _VP, _VP)(ctypes.cast(pdfium_c.FPDFText_GetCharOrigin, _VP).value)
_CHAR_MATRIX = ctypes.PYFUNCTYPE(ctypes.c_int, _VP, ctypes.c_int, _VP)(ctypes.cast(pdfium_c.FPDFText_GetMatrix, _VP).value)
_TEXT_OBJECT = ctypes.PYFUNCTYPE(_VP, _VP, ctypes.c_int)(ctypes.cast(pdfium_c.FPDFText_GetTextObject, _VP).value)
_OBJ_FONT = ctypes.PYFUNCTYPE(_VP, _VP)(ctypes.cast(pdfium_c.FPDFTextObj_GetFont, _VP).value)
_GLYPH_WIDTH = ctypes.PYFUNCTYPE(ctypes.c_int, _VP, ctypes.c_uint, ctypes.c_float, _VP)(ctypes.cast(pdfium_c.FPDFFont_GetGlyphWidth, _VP).value)
_BASE_FONT_NAME = ctypes.PYFUNCTYPE(ctypes.c_ulong, _VP, _VP, ctypes.c_ulong)(ctypes.cast(pdfium_c.FPDFFont_GetBaseFontName, _VP).value)
_FONT_INFO = ctypes.PYFUNCTYPE(ctypes.c_ulong, _VP, ctypes.c_int, _VP, ctypes.c_ulong, _VP)(ctypes.cast(pdfium_c.FPDFText_GetFontInfo, _VP).value)
FIXED_PITCH = 1  # PDF font descriptor flag 1 (ISO 32000-1, 9.8.2): all glyphs have the same width


class _TextPage:
    """A pdfium text page's boxes and font sizes through the calls above; four output doubles, allocated once."""

    __slots__ = ("handle", "out", "ptrs", "rect", "rect_ptr", "objs", "widths", "glyphs", "name")

    def __init__(self, tp) -> None:  # type: ignore[no-untyped-def]
        self.handle = ctypes.cast(tp.raw, _VP).value
        self.out = tuple(ctypes.c_double() for _ in range(4))  # each call fills them in its own argument order
        self.ptrs = tuple(ctypes.addressof(d) for d in self.out)
        self.rect = (ctypes.c_float * 4)()  # an FS_RECTF: left, top, right, bottom
        self.rect_ptr = ctypes.addressof(self.rect)
        # Per page, made when first needed: (font, em) of text objects, widths of a font's glyphs (1 pt),
        # advances of chars, weights of fonts.
        self.objs: dict | None = None
        self.widths: dict = {}
        self.glyphs: dict = {}
        self.name: dict | None = None

    def rects(self, start: int, count: int) -> list[Box]:
        """Boxes of the text objects over chars start..start+count (`FPDFText_CountRects`, `FPDFText_GetRect`)."""
        k = _COUNT_RECTS(self.handle, start, count)
        if k == -1:
            raise pdfium.PdfiumError("Failed to count rectangles.")
        lft, top, rgt, btm = self.out
        rects: list[Box] = []
        for j in range(k):
            if not _GET_RECT(self.handle, j, *self.ptrs):
                raise pdfium.PdfiumError("Failed to get rectangle.")
            rects.append((lft.value, btm.value, rgt.value, top.value))
        return rects

    def font_size(self, index: int) -> float:
        return _FONT_SIZE(self.handle, index)

    def bold(self, index: int) -> bool:
        """Whether the char's font is a bold face, by its name ("TimesNewRomanPS-BoldMT", "Arial,Bold",
        "LiberationSerif-Bold"): producers seldom fill in the weight. Looked up once per font of the page."""
        obj = _TEXT_OBJECT(self.handle, index)
        font = _OBJ_FONT(obj) if obj else None
        if not font:
            return False
        if self.name is None:
            self.name = {}
        found = self.name.get(font)
        if found is None:
            buf = ctypes.create_string_buffer(128)
            n = _BASE_FONT_NAME(font, ctypes.addressof(buf), len(buf))
            name = buf.value.lower() if 0 < n <= len(buf) else b""
            found = self.name[font] = b"bold" in name or b"black" in name or b"heavy" in name
        return found

    def fixed_pitch(self, index: int) -> bool:
        """Whether the char's font says it is monospaced (the FixedPitch flag; `FPDFText_GetFontInfo`)."""
        flags = ctypes.c_int(0)
        _FONT_INFO(self.handle, index, None, 0, ctypes.addressof(flags))
        return bool(flags.value & FIXED_PITCH)

    def advance(self, index: int, ch: str) -> float | None:
        """The advance width of char `ch` at `index` from its font's widths (page units), None when unknown.

        Needed where the boxes do not tell: pdfium's loose box of a fallback letter
        is its ink box, or reaches over to where a horn overhangs ("Ư", "Ở" in a
        bold serif), past the advance. `FPDFText_GetFontSize` is the size set in the
        content (Tf); the char's matrix scales it to the page (`FPDFText_GetMatrix`).
        Font and em are one per text object, a glyph's width one per font: both are
        kept for the page (a scrambled page asks for them thousands of times)."""
        if self.objs is None:
            self.objs, self.widths, self.glyphs = {}, {}, {}
        if index in self.glyphs:  # asked again as the next pair's left glyph
            return self.glyphs[index]
        obj = _TEXT_OBJECT(self.handle, index)
        info = self.objs.get(obj) if obj else None
        if info is None:
            info = self._object_info(obj, index)
            if obj:
                self.objs[obj] = info
        font, em = info
        code = ord(ch) if len(ch) == 1 else 0x10000
        adv = None
        if font and code <= 0xFFFF and em > 0:  # FPDF_WCHAR: a UTF-16 unit
            unit = self.widths.get((font, code), -1.0)
            if unit < 0:
                width = ctypes.c_float(0.0)
                unit = width.value if _GLYPH_WIDTH(font, code, 1.0, ctypes.addressof(width)) else 0.0
                self.widths[(font, code)] = unit
            adv = unit * em if 0.0 < unit < 2.0 else None
        self.glyphs[index] = adv
        return adv

    def _object_info(self, obj: int | None, index: int) -> tuple[int | None, float]:
        """(The font of a char's text object, its em in page units)."""
        matrix = (ctypes.c_float * 6)()
        scale = math.hypot(matrix[0], matrix[1]) if _CHAR_MATRIX(self.handle, index, ctypes.addressof(matrix)) else 1.0
        return (_OBJ_FONT(obj) if obj else None), _FONT_SIZE(self.handle, index) * (scale or 1.0)

    def origin(self, index: int) -> float:
        """Where the char's advance starts (x; `FPDFText_GetCharOrigin`)."""
        _CHAR_ORIGIN(self.handle, index, self.ptrs[0], self.ptrs[1])
        return self.out[0].value
