"""Repairs of OCR'd text: confusions no Vietnamese text contains, heading numbers Tesseract misreads.

Pure functions on strings, apart from the Tesseract plumbing in `ocr.py`.
"""
from __future__ import annotations

import regex


# Letters Tesseract's Vietnamese model confuses with Vietnamese ones: Icelandic eth for Đ/đ.
LOOKALIKES = str.maketrans({"Ð": "Đ", "ð": "đ"})
# A Roman heading number misread: "HI." (III), "H." (II), "Il." / "I1." (II) at the start of a capitalised line.
ROMAN_OCR_RE = regex.compile(r"^(?=[IVX]*[Hl1|L])(?![1l]+\.)([IVXHLl1|]{1,5})\.(?=\s*\p{Lu})")
# A heading number glued to its text ("I.MỤC ĐÍCH", "2.Yêu cầu"): the space OCR lost.
GLUED_NUMBER_RE = regex.compile(r"^([IVX]{1,5}|\d{1,2}(?:\.\d{1,2})*)\.(?=\p{Lu}\p{L})")
ROMAN_RE = regex.compile(r"^X{0,2}(?:IX|IV|V?I{0,3})$")


# A space OCR put beside the slash of a date or symbol ("22/ 12/2024", "45 /KH-UBND"): numbers and
# symbols are never written so.
SLASH_SPACE_RE = regex.compile(r"(?<=\d) ?/ ?(?=\d)|(?<=\d) /(?=\p{Lu})")


def fix_ocr_text(text: str) -> str:
    """Undo confusions of the OCR model that no Vietnamese text contains."""
    text = SLASH_SPACE_RE.sub("/", text.translate(LOOKALIKES))
    m = ROMAN_OCR_RE.match(text)
    if m:
        roman = m.group(1).replace("H", "II").translate(str.maketrans("l1|L", "IIII"))
        if ROMAN_RE.match(roman) and roman:
            text = roman + text[m.end(1):]
    return GLUED_NUMBER_RE.sub(r"\1. ", text, count=1)


# A top-level heading as OCR reads it: a Roman number, maybe garbled ("IL", "L", "H"), its dot maybe lost or
# doubled, then a line in capitals ("III. TỔ CHỨC THỰC HIỆN", "VI TỔ CHỨC THỰC HIỆN", "L MỤC ĐÍCH").
OCR_HEADING_RE = regex.compile(r"^([IVXHLl|]{1,5})[ ]?([.,:;]{0,2})(?=\s+\p{Lu}[\p{Lu}\s,\-–:]{3})")
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def roman_value(s: str) -> int:
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = ROMAN_VALUES[a]
        total += -v if b != " " and ROMAN_VALUES[b] > v else v
    return total


def to_roman(n: int) -> str:
    out = ""
    for v, r in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out, n = out + r, n - v
    return out


def repair_roman_sequence(texts: list[str]) -> list[str]:
    """Renumber top-level Roman headings of an OCR'd document when only the OCR broke the count.

    Bold "III" is often read "II" or "I", "I." read "L" or "IL.", and the dot
    dropped or doubled ("VI TỔ CHỨC", "V.. KINH PHÍ"). Every capitalised line
    led by such a number is a heading; when each readable number is its place
    in the sequence or one less (an I lost), and the last one is the count or
    most are read right, the document was numbered 1..n and the headings are
    renumbered. A document whose own numbering skips or goes back
    ("I, II, IV" or "… IV, III") is left alone.
    """
    found = [(i, m) for i, t in enumerate(texts) if (m := OCR_HEADING_RE.match(t))]
    n = len(found)
    if n < 3:
        return texts
    values = [roman_value(m.group(1)) if ROMAN_RE.match(m.group(1)) else None for _, m in found]
    right = [m.group(2) == "." and v == k for k, ((_, m), v) in enumerate(zip(found, values), 1)]
    if all(right) or values[0] not in (1, None):
        return texts
    if any(v is not None and v not in (k, k - 1) for k, v in enumerate(values, 1)):
        return texts
    if values[-1] != n and 2 * sum(right) < n:
        return texts
    out = list(texts)
    for k, (i, m) in enumerate(found, 1):
        out[i] = to_roman(k) + "." + texts[i][m.end():]
    return out
