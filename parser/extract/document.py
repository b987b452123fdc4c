"""`document`: type, number and symbol, place and date, title, motto, theme.

The header follows Nghị định 30/2020/NĐ-CP, Phụ lục I: "Số: 32/KH-HĐTĐKT"
under the issuing body, "Long Biên, ngày 30 tháng 6 năm 2021" under the
national motto, then the type in capitals and the trích yếu. Documents leave
parts blank before signing ("Số: /KH-UBND", "ngày tháng 4 năm 2023"); those
become nulls or reduced precision plus a warning, never invented values.

The type is what the document is (rules/doc_types.tsv): its type line, else the
type code of its symbol ("KHLT-…" is a Kế hoạch liên tịch), else a công văn
when the symbol names no type ("Số: 12/UBND-VX") and a "V/v …" trích yếu or a
"Kính gửi:" list follows the number; the "V/v …" line is then the title and the
"Kính gửi:" bodies are `addressees` (not the Nơi nhận). A decision that issues a
plan keeps its own fields; `attached_plan` names the plan (issue 9).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..model import KhDoc, Line
from ..rules import load_table
from ..text.fold import fold
from ..values.dates import DateValue, parse_header_date
from ..warning_codes import warning
from ..zones.layout import (
    KINH_GUI_RE,
    NATIONAL_RE,
    VV_RE,
    markup_prefix,
    match_type_line,
    symbol_type_row,
    title_lines,
    type_from_symbol,
)
from ..zones.parts import kinh_gui_lines
from .header_layout import DOAN_MOTTO_RE, unfold_tables

__all__ = ["NATIONAL_RE", "DocumentFields", "extract", "find_addressees", "header_lines", "header_source_lines", "symbol_type_row", "type_from_symbol"]

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
# "phương châm (hành động) “…”" on folded text (OCR and unaccented text lose the diacritics); the quoted
# value may wrap onto the next line of its paragraph (not across a blank line).
MOTTO_RE = regex.compile(
    r"\bphuong\s+cham\b(?:[^“\"\n.;]{0,60}?)[:\s]*[“\"](?P<val>[^”\"\n]{3,200}(?:\n[^”\"\n]{1,200})?)[”\"]"
)
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
WS_RE = regex.compile(r"\s+")
NOT_SEMICOLON_RE = regex.compile(r"[^;]+")
ITEM_LEAD_RE = regex.compile(r"[\s\-–—+•*]*")
LETTER_RE = regex.compile(r"\p{L}")
INLINE_THEME_RE = regex.compile(r"\bvoi chu de(?: thi dua)?(?: cua (?:nha truong|don vi|co quan|dot thi dua|phong trao))?\s*:?\s*(?=[“\"])")


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
    attached_plan: dict | None = None  # {type, type_name, title, span} of the plan a decision issues
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    warnings: list[dict] = field(default_factory=list)

    @property
    def abbreviation(self) -> str | None:
        return body_code(self.symbol, self.type)

    @property
    def body_codes(self) -> list[str]:
        return body_codes(self.symbol)


def fix_ocr_digits(text: str) -> str:
    """Same-length repair of letters read for digits next to digits ("ngày 3O" -> "ngày 30")."""
    return DIGIT_OCR_RE.sub(lambda m: m.group(0).translate(DIGIT_OCR), text)


def is_number_label(m: regex.Match[str]) -> bool:
    """A NUMBER_RE match really starts with "Số" (not a word like "sổ tay" or "sớm")."""
    return fold(m.group(0)).lstrip()[:2] in ("so", "s6", "s0")


def header_source_lines(doc: KhDoc) -> list[Line]:
    """Lines of the header zone, or the first lines when no type line was found (a letter's header
    ends at its "Kính gửi:"), as the text has them."""
    if doc.type_line is not None:
        return doc.lines[: doc.type_line]
    letter = kinh_gui_lines(doc)
    if letter:
        return doc.lines[: letter[0].index]
    return doc.lines[:12]


def header_lines(doc: KhDoc) -> list[Line]:
    """`header_source_lines`, with a header written as a markdown table given as its cells' lines."""
    return unfold_tables(header_source_lines(doc))


def find_number(lines: list[Line]) -> tuple[str | None, str, str, tuple[int, int]] | None:
    """(number, separator, symbol, span) from the "Số:" line of the header."""
    for line in lines:
        m = NUMBER_RE.search(fix_ocr_digits(line.text))  # same length: offsets hold in line.text
        if not m or not m.group("sym") or not is_number_label(m):
            continue
        num = m.group("num")
        sym = WS_RE.sub("", line.text[m.start("sym"): m.end("sym")]).rstrip(".")
        return (num.strip() if num else None), m.group("sep"), sym, (line.start + m.start("num" if num else "sep"), line.start + m.end("sym"))
    return None


def body_codes(symbol: str | None) -> list[str]:
    """The bodies' codes in a symbol: "KH-HĐTĐKT" -> [HĐTĐKT], "KHLT-UBND-LĐLĐ" -> [UBND, LĐLĐ],
    "KH/QU" -> [QU], "UBND-VX" -> [UBND, VX] (a công văn's drafting unit follows its body)."""
    if not symbol:
        return []
    if "/" in symbol:  # Party form "KH/TU", or "NĐ-CP" years handled by the caller
        return [p for p in symbol.split("/")[-1].split("-") if p]
    parts = [p for p in symbol.split("-") if p]
    if len(parts) > 1 and symbol_type_row(parts[0]) is not None:
        return parts[1:]
    return parts


def body_code(symbol: str | None, type_code: str | None) -> str | None:
    """The issuing body's code in a symbol: "KH-HĐTĐKT" -> "HĐTĐKT", "KH/QU" -> "QU", "UBND-VX" -> "UBND"."""
    codes = body_codes(symbol)
    return codes[0] if codes else None


def find_subject_line(lines: list[Line]) -> tuple[str, tuple[int, int]] | None:
    """A công văn's trích yếu under its number: "V/v tổ chức …" (with its wrapped lines), as written."""
    for i, line in enumerate(lines):
        if not VV_RE.match(line.folded):
            continue
        parts, end = [line.text.strip()], line.end
        for nxt in lines[i + 1: i + 4]:
            if not nxt.text[:1].islower() or NATIONAL_RE.search(nxt.folded) or ", ngay" in nxt.folded:
                break
            parts.append(nxt.text.strip())
            end = nxt.end
        start = line.start + (len(line.text) - len(line.text.lstrip()))
        return WS_RE.sub(" ", " ".join(parts)).strip(" ."), (start, end)
    return None


def find_addressees(doc: KhDoc) -> list[dict]:
    """"Kính gửi: …" — the bodies a letter (công văn, tờ trình) is addressed to, one item per line or
    per ";"-separated name. Not the Nơi nhận (`recipients`): those are the copies' distribution."""
    lines = kinh_gui_lines(doc, doc.type_line or 0)
    out: list[dict] = []
    for k, line in enumerate(lines):
        skip = KINH_GUI_RE.match(line.folded).end() if k == 0 else 0  # type: ignore[union-attr]
        for piece in NOT_SEMICOLON_RE.finditer(line.text[skip:]):
            raw = piece.group(0)
            lead = ITEM_LEAD_RE.match(raw).end()  # type: ignore[union-attr]
            name = raw[lead:].rstrip(" ;,.")
            if LETTER_RE.search(name):
                start = line.start + skip + piece.start() + lead
                out.append({"name": name, "span": [start, start + len(name)]})
    return out


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
        for cut in (NUMBER_RE.search(line.text, lo), NATIONAL_RE.search(folded, lo), DOAN_MOTTO_RE.search(folded, lo)):
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
    """The first quoted "phương châm", on one line (a value wrapped by the converter is joined)."""
    m = MOTTO_RE.search(doc.folded)
    if not m:
        return None
    raw = doc.text[m.start("val"): m.end("val")]
    lead = len(raw) - len(raw.lstrip())
    value = WS_RE.sub(" ", raw).strip()
    start = m.start("val") + lead
    return value, (start, start + len(raw.strip()))


def find_theme(doc: KhDoc) -> tuple[str, tuple[int, int]] | None:
    """The plan's own theme, from a "Chủ đề (thi đua): …" label line; quoted themes of other bodies are not it."""
    for line in doc.lines:
        m = THEME_LINE_RE.match(line.folded) if "chu de" in line.folded else None  # the label's words
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


def find_title(doc: KhDoc) -> tuple[str, str, str | None, tuple[int, int] | None] | None:
    """(code, type name, title, title span) from the type line of `doc` and the trích yếu under it."""
    if doc.type_line is None:
        return None
    tline = doc.lines[doc.type_line]
    code, name, rest = match_type_line(tline) or (None, None, "")
    if code is None or name is None:
        return None
    tlines = title_lines(doc, doc.type_line)
    parts = ([rest] if rest else []) + [ln.text[markup_prefix(ln.text):] for ln in tlines]
    title = WS_RE.sub(" ", " ".join(p.strip() for p in parts if p.strip())).strip(" .")
    if not title:
        return code, name, None, None
    return code, name, title, (_title_start(doc, rest), tlines[-1].end if tlines else tline.end)


def extract(doc: KhDoc, content: KhDoc | None = None) -> DocumentFields:
    """The header fields of `doc`; `content` is the attached plan's view of the same text when `doc`
    is a decision that issues one (motto and theme are the plan's, `attached_plan` names it)."""
    out = DocumentFields()
    hdr = header_lines(doc)
    # Type and title.
    found_title = find_title(doc)
    if found_title:
        out.type, out.type_name, out.title, tspan = found_title
        if tspan:
            out.spans["title"] = tspan
        else:
            out.warnings.append(warning("no_title", doc.lines[doc.type_line].span))  # type: ignore[index]
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
    if doc.type_line is None:
        _letter(doc, hdr, out)
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
    src = content if content is not None else doc
    motto = find_motto(src)
    if motto:
        out.motto, out.spans["motto"] = motto
    theme = find_theme(src)
    if theme:
        out.theme, out.spans["theme"] = theme
    if content is not None and content is not doc:
        plan = find_title(content)
        if plan and plan[2] and plan[3]:
            out.attached_plan = {"type": plan[0], "type_name": plan[1], "title": plan[2], "span": list(plan[3])}
    return out


def _letter(doc: KhDoc, hdr: list[Line], out: DocumentFields) -> None:
    """A document without a type line: its "V/v …" is the title, and with a symbol that names no type
    ("Số: 12/UBND-VX") or none, "V/v …" or "Kính gửi:" make it a công văn (Nghị định 30/2020, Phụ lục I)."""
    subject = find_subject_line(hdr)
    if subject and out.title is None:
        out.title, out.spans["title"] = subject
    if out.type is None and (subject or kinh_gui_lines(doc)):
        row = next(r for r in load_table("doc_types") if r["code"] == "CV")
        out.type, out.type_name = row["code"], row["name"]


def _title_start(doc: KhDoc, rest: str) -> int:
    tline = doc.lines[doc.type_line] if doc.type_line is not None else None
    if tline is None:
        return doc.zones.title[0]
    if rest:
        return tline.start + tline.text.index(rest)
    nxt = title_lines(doc, doc.type_line)
    return nxt[0].start + markup_prefix(nxt[0].text) if nxt else tline.start
