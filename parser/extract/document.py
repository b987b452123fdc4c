"""`document`: type, number and symbol, place and date, title, motto, theme.

The header follows Nghị định 30/2020/NĐ-CP, Phụ lục I: "Số: 32/KH-HĐTĐKT"
under the issuing body, "Long Biên, ngày 30 tháng 6 năm 2021" under the
national motto, then the type in capitals and the trích yếu. Documents leave
parts blank before signing ("Số: /KH-UBND", "ngày tháng 4 năm 2023"); those
become nulls or reduced precision plus a warning, never invented values.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..model import KhDoc, Line
from ..rules import load_table
from ..text.fold import fold
from ..values.dates import DateValue, parse_header_date
from ..warning_codes import warning
from ..zones.layout import match_type_line, title_lines

# "Số: 32 /KH-HĐTĐKT", "Số:    /KH-UBND", "Số 10-KH/QU", "So: 12/UBND-VX"; OCR gives any
# tone or shape on the o ("Sổ:", "Sô:", "Sớ:") and "S6:", "S0:".
NUMBER_RE = regex.compile(
    r"(?:^|\s)s[o06òóỏõọôồốổỗộơờớởỡợ]\s*[:.]?\s*(?P<num>\d{1,6}(?:/\d{4})?)?\s*(?P<sep>[/-])\s*"
    r"(?P<sym>[\p{Lu}\d][\p{Lu}\p{Ll}\d&.]*(?:\s?[-/]\s?[\p{Lu}\d][\p{Lu}\p{Ll}\d&.]*)*)",
    regex.I,
)
# "Long Biên, ngày 30 tháng 6 năm 2021" (matched on folded text).
PLACE_DATE_RE = regex.compile(r"(?:^|\s{2,}|^.*?\bviet nam\b\s*|^.*?hanh phuc\s*)(?P<place>[^,\n]{2,80}?)\s*,\s*(?P<date>ngay\b.*\bnam\b.*)$")
DATE_ONLY_RE = regex.compile(r"(?P<date>\bngay\b[\s.…_\d]*thang\b.*\bnam\b.*)$")
MOTTO_RE = regex.compile(r"phương\s+châm(?:[^“\"\n.;]{0,60}?)[:\s]*[“\"](?P<val>[^”\"\n]{3,200})[”\"]", regex.I)
# OCR letters for digits inside a number: "3O", "2O21", "l2", "1l" (O -> 0, l/I/| -> 1).
DIGIT_OCR_RE = regex.compile(r"(?<=\d)[OoIl|]+(?=\d|\b)|(?<![\p{L}\d])[OoIl|]+(?=\d)")
DIGIT_OCR = str.maketrans("OoIl|", "00111")
THEME_LINE_RE = regex.compile(
    r"^\W*(?:\d{1,2}(?:\.\d{1,2})*\s*[.)]\s*|[a-zđ]\)\s*)?chu de(?: thi dua| hanh dong| cua (?:dot|phong trao)(?: thi dua)?| nam)?\s*:\s*"
)
# The sentence that builds the plan ("… xây dựng Kế hoạch … với chủ đề “…”") may carry its theme inline.
BUILD_VERB_RE = regex.compile(
    r"\s(?:xay dung|ban hanh|phat dong|trien khai thuc hien|trien khai|to chuc xay dung|lap)\s+"
    r"(?:ke hoach|phong trao|dot thi dua|chuong trinh|cac phong trao|cuoc van dong)"
)
INLINE_THEME_RE = regex.compile(r"\bvoi chu de(?: thi dua)?(?: cua (?:nha truong|don vi|co quan|dot thi dua|phong trao))?\s*:?\s*(?=[“\"])")
NATIONAL_RE = regex.compile(r"cong hoa xa hoi chu nghia viet nam|doc lap\s*-\s*tu do\s*-\s*hanh phuc|dang cong san viet nam")


@dataclass
class DocumentFields:
    type: str | None = None
    type_name: str | None = None
    number: str | None = None
    symbol: str | None = None
    reference: str | None = None
    place: str | None = None
    issued: DateValue | None = None
    title: str | None = None
    motto: str | None = None
    theme: str | None = None
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    warnings: list[dict] = field(default_factory=list)

    @property
    def abbreviation(self) -> str | None:
        return body_code(self.symbol, self.type)


def fix_ocr_digits(text: str) -> str:
    """Same-length repair of letters read for digits next to digits ("ngày 3O" -> "ngày 30")."""
    return DIGIT_OCR_RE.sub(lambda m: m.group(0).translate(DIGIT_OCR), text)


def is_number_label(m: regex.Match[str]) -> bool:
    """A NUMBER_RE match really starts with "Số" (not a word like "sổ tay" or "sớm")."""
    return fold(m.group(0)).lstrip()[:2] in ("so", "s6", "s0")


def header_lines(doc: KhDoc) -> list[Line]:
    """Lines of the header zone, or the first lines when no type line was found."""
    if doc.type_line is not None:
        return doc.lines[: doc.type_line]
    return doc.lines[:12]


def find_number(lines: list[Line]) -> tuple[str | None, str, str, tuple[int, int]] | None:
    """(number, separator, symbol, span) from the "Số:" line of the header."""
    for line in lines:
        m = NUMBER_RE.search(fix_ocr_digits(line.text))  # same length: offsets hold in line.text
        if not m or not m.group("sym") or not is_number_label(m):
            continue
        num = m.group("num")
        sym = regex.sub(r"\s+", "", line.text[m.start("sym"): m.end("sym")]).rstrip(".")
        return (num.strip() if num else None), m.group("sep"), sym, (line.start + m.start("num" if num else "sep"), line.start + m.end("sym"))
    return None


def body_code(symbol: str | None, type_code: str | None) -> str | None:
    """The issuing body's code in a symbol: "KH-HĐTĐKT" -> "HĐTĐKT", "KH/QU" -> "QU", "UBND-VX" -> "UBND"."""
    if not symbol:
        return None
    if "/" in symbol:  # Party form "KH/TU", or "NĐ-CP" years handled by the caller
        tail = symbol.split("/")[-1]
        return tail.split("-")[0] or None
    parts = [p for p in symbol.split("-") if p]
    if not parts:
        return None
    codes = {r["code"] for r in load_table("doc_types")}
    if parts[0] in codes and len(parts) > 1:
        return parts[1]
    return parts[0]


def type_from_symbol(symbol: str | None) -> tuple[str, str] | None:
    """(code, name) when the symbol starts with a type code; a công văn has none ("UBND-VX")."""
    if not symbol:
        return None
    first = regex.split(r"[-/]", symbol)[0]
    for row in load_table("doc_types"):
        if row["code"] == first:
            return row["code"], row["name"]
    return None


def find_place_date(lines: list[Line]) -> tuple[str | None, DateValue, tuple[int, int] | None, tuple[int, int]] | None:
    """Place and date from the header: "Long Biên, ngày 30 tháng 6 năm 2021".

    In text extracted from two-column headers the line may also carry the
    number or the national motto ("Số: 12/KH-UBND Lai Châu, ngày …"): the place
    starts after them.
    """
    for line in lines:
        folded = line.folded
        m = PLACE_DATE_RE.search(folded)
        if m is None:
            m = DATE_ONLY_RE.search(folded)
            if m is None:
                continue
            date_text = line.text[m.start("date"):].strip()
            return None, _header_date(date_text), None, (line.start + m.start("date"), line.end)
        lo = m.start("place")
        for cut in (NUMBER_RE.search(line.text, lo), NATIONAL_RE.search(folded, lo)):
            if cut is not None and cut.start() <= m.start("place") + 2 and cut.end() < m.end("place"):
                lo = max(lo, cut.end())
        place = line.text[lo: m.end("place")].strip(" .-–:")
        if not place or NATIONAL_RE.search(fold(place)) or len(place.split()) > 8:
            place, pspan = None, None
        else:
            start = line.start + line.text.index(place, lo)
            pspan = (start, start + len(place))
        date_text = line.text[m.start("date"):].strip()
        return place, _header_date(date_text), pspan, (line.start + m.start("date"), line.end)
    return None


def _header_date(text: str) -> DateValue:
    """`parse_header_date`, retried after the OCR digit repair ("ngày 3O tháng 6")."""
    found = parse_header_date(text)
    fixed = fix_ocr_digits(text)
    if fixed != text and found.precision != "day":
        repaired = parse_header_date(fixed)
        if repaired.value and (found.value is None or len(repaired.value) > len(found.value)):
            return repaired
    return found


def find_motto(doc: KhDoc) -> tuple[str, tuple[int, int]] | None:
    m = MOTTO_RE.search(doc.text)
    if not m:
        return None
    return m.group("val").strip(), m.span("val")


def find_theme(doc: KhDoc) -> tuple[str, tuple[int, int]] | None:
    """The plan's own theme, from a "Chủ đề (thi đua): …" label line; quoted themes of other bodies are not it."""
    for line in doc.lines:
        m = THEME_LINE_RE.match(line.folded)
        if not m:
            continue
        value_start = m.end()
        value = line.text[value_start:].strip()
        if value.startswith(("“", '"')):
            value, length = _outer_quoted(value)
            start = line.start + line.text.index(value[0], value_start) if value else line.start + value_start
            return (value, (start, start + len(value))) if value else None
        value = value.rstrip(" .;")
        return (value, (line.start + value_start, line.start + value_start + len(value))) if value else None
    return _inline_theme(doc)


def _inline_theme(doc: KhDoc) -> tuple[str, tuple[int, int]] | None:
    """"… Trường THCS X xây dựng Kế hoạch … với chủ đề thi đua của nhà trường: “…”" — only in the
    preamble sentence that builds the plan, after its verb (a cited plan's "với chủ đề" is not ours)."""
    for line in doc.lines_in(doc.zones.preamble):
        verb = BUILD_VERB_RE.search(line.folded)
        if verb is None:
            continue
        m = INLINE_THEME_RE.search(line.folded, verb.end())
        if m is None:
            continue
        value, _ = _outer_quoted(line.text[m.end():])
        if value:
            start = line.text.index(value, m.end())
            return value, (line.start + start, line.start + start + len(value))
    return None


def _outer_quoted(s: str) -> tuple[str, int]:
    """Text inside the outermost pair of curly quotes, nested quotes kept."""
    depth = 0
    for i, ch in enumerate(s):
        if ch in "“":
            depth += 1
        elif ch in "”":
            depth -= 1
            if depth == 0:
                return s[1:i].strip(), i + 1
        elif ch == '"' and i > 0 and depth <= 1:
            return s[1:i].strip(), i + 1
    return s.lstrip("“\"").rstrip("”\" .;"), len(s)


def extract(doc: KhDoc) -> DocumentFields:
    out = DocumentFields()
    hdr = header_lines(doc)
    # Type and title.
    if doc.type_line is not None:
        tline = doc.lines[doc.type_line]
        code, name, rest = match_type_line(tline) or (None, None, "")
        out.type, out.type_name = code, name
        parts = ([rest] if rest else []) + [ln.text for ln in title_lines(doc, doc.type_line)]
        title = " ".join(p.strip() for p in parts if p.strip())
        title = regex.sub(r"\s+", " ", title).strip(" .")
        if title:
            out.title = title
            out.spans["title"] = (_title_start(doc, rest), doc.zones.title[1])
        else:
            out.warnings.append(warning("no_title", tline.span))
    # Number and symbol.
    found = find_number(hdr)
    if found:
        num, sep, sym, span = found
        out.number, out.symbol = num, sym
        out.reference = f"{num or ''}{sep}{sym}"
        out.spans["reference"] = span
        if num is None:
            out.warnings.append(warning("blank_number", span, symbol=sym))
        if out.type is None:
            t = type_from_symbol(sym)
            if t:
                out.type, out.type_name = t
    else:
        out.warnings.append(warning("no_number"))
    if out.type is None:
        out.warnings.append(warning("no_type"))
    # Place and date.
    pd = find_place_date(hdr)
    if pd:
        place, issued, pspan, dspan = pd
        out.place = place
        if pspan:
            out.spans["place"] = pspan
        out.issued = DateValue(issued.value, issued.precision, issued.text, dspan, issued.calendar)
        if issued.precision != "day":
            out.warnings.append(warning("blank_date", dspan, text=issued.text))
    else:
        out.warnings.append(warning("no_date"))
    motto = find_motto(doc)
    if motto:
        out.motto, out.spans["motto"] = motto
    theme = find_theme(doc)
    if theme:
        out.theme, out.spans["theme"] = theme
    return out


def _title_start(doc: KhDoc, rest: str) -> int:
    tline = doc.lines[doc.type_line] if doc.type_line is not None else None
    if tline is None:
        return doc.zones.title[0]
    if rest:
        return tline.start + tline.text.index(rest)
    nxt = title_lines(doc, doc.type_line)
    return nxt[0].start if nxt else tline.start
