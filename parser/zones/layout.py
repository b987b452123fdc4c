"""Zones of the standard layout (Nghị định 30/2020/NĐ-CP, Phụ lục I).

header   issuing body, "Số: …", Quốc hiệu / Tiêu ngữ, place and date
title    the document type in capitals ("KẾ HOẠCH") and the trích yếu
preamble căn cứ / thực hiện … and the sentence that says who builds the plan
body     the numbered content
closing  "Trên đây là …", Nơi nhận, the signature block

Zones are found on the diacritic-folded text so that OCR output with lost or
wrong diacritics ("KE HOACH", "Noi nhan") still segments; the type name
tolerates one OCR error ("KE HOACN", "KEHOACH") and a roman one read as a
letter l or a digit 1 ("l. MỤC ĐÍCH", "1l. NỘI DUNG") still opens the body.
"""
from __future__ import annotations

from functools import lru_cache

import regex

from ..model import KhDoc, Line, Zones
from ..rules import load_table
from ..text.fold import fold
from .sections import Heading, heading_markup, parse_heading

NOI_NHAN_RE = regex.compile(r"^\W*n[o0]i\s*nhan\b")
TREN_DAY_RE = regex.compile(r"^tren day (la|la ke hoach|ke hoach)\b")
END_MARK_RE = regex.compile(r"\./\.\s*(\S{0,6})?\s*$")
BULLET_RE = regex.compile(r"^[-–+•]\s")
SEPARATOR_RE = regex.compile(r"^[\s_\-–—=.*~]{3,}$")
BODY_START_RE = regex.compile(
    r"^(can cu|thuc hien|trien khai|nham|de |theo |xet |qua |sau |tiep tuc|duoc |ve viec ban hanh|i[\s.]|1[.\s])"
)
TITLE_CONTINUE_RE = regex.compile(r"^[\p{Ll}(“\"]")
# Markdown marks in front of a line: heading hashes, a quote mark (not a table's bar: a data table's cell in
# capitals is no type line).
MARKUP_PREFIX_RE = regex.compile(r"^(?:#{1,6}|>)[ ]*(?=\S)")
# A title line that stops on a word which cannot end a title continues on the next line.
TITLE_OPEN_END_RE = regex.compile(r"\b(?:cua|va|ve|voi|trong|cho|tai|den|nam|ky niem|chao mung|thuc hien|giai doan|ngay|the|lan thu|tu|tren)\s*$")
PREAMBLE_START_RE = regex.compile(r"^(?:can cu|xet de nghi|theo de nghi)\b")
# A roman numeral as OCR reads it: "l." / "|." / "Ì." for "I.", "1l."/"ll." for "II.", "Vl." for "VI.".
OCR_ROMAN_RE = regex.compile(r"^(?P<num>[IVXl1|ÌÍỈĨỊ]{1,6})(?=\s*[.)]\s*\S)")
OCR_ONE_RE = regex.compile(r"[l1|ÌÍỈĨỊ]")
ROMAN_ANY = 99  # `last_roman` that lets `parse_heading` accept any roman number
# Fuzzy type names: only plan-like types with a long name (short ones collide: "HỘI ĐỒNG"/"HỢP ĐỒNG").
FUZZY_TYPE_MIN = 8


@lru_cache(maxsize=1)
def type_names() -> tuple[tuple[str, str, str], ...]:
    """(folded upper name, code, name) of every document type, longest name first."""
    rows = [(fold(r["name"]).upper(), r["code"], r["name"]) for r in load_table("doc_types")]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@lru_cache(maxsize=4096)
def heading(text: str) -> Heading | None:
    """`parse_heading`, also for the OCR'd roman numerals of OCR_ROMAN_RE (zone boundaries only).

    "l. MỤC ĐÍCH" is read as roman one when its heading is in capitals (a
    lower-case letter item "l)" has an ordinary heading).
    """
    found = parse_heading(text)
    if found is not None and not (found.kind == "lower" and found.heading.isupper()):
        return found
    text = text[heading_markup(text):]  # "## l. MỤC ĐÍCH"
    m = OCR_ROMAN_RE.match(text)
    if m is None or m.group("num").isdigit() or not OCR_ONE_RE.search(m.group("num")):
        return found
    roman = parse_heading(OCR_ONE_RE.sub("I", m.group("num")) + text[m.end():], last_roman=ROMAN_ANY)
    return roman if roman is not None and roman.kind == "roman" else found


@lru_cache(maxsize=1)
def fuzzy_type_res() -> tuple[tuple["regex.Pattern[str]", str, str], ...]:
    """One-error patterns for the long names of plan-like types ("KE HOACN" -> Kế hoạch)."""
    out = []
    for row in load_table("doc_types"):
        fname = fold(row["name"]).upper()
        if row["content"] == "plan" and len(fname) >= FUZZY_TYPE_MIN:
            out.append((regex.compile(rf"(?:{regex.escape(fname)}){{e<=1}}(?![\p{{L}}])"), row["code"], row["name"]))
    return tuple(out)


def make_lines(text: str, folded: str) -> list[Line]:
    lines: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        end = pos + len(raw)
        if raw.strip():
            lines.append(Line(len(lines), pos, end, raw, folded[pos:end]))
        pos = end + 1
    return lines


def markup_prefix(text: str) -> int:
    """Length of the markdown marks a converter left in front of a line ("# ", "## ", "> ")."""
    m = MARKUP_PREFIX_RE.match(text)
    return m.end() if m else 0


def match_type_line(line: Line) -> tuple[str, str, str] | None:
    """(code, name, rest of line) when the line starts with a document type written in capitals
    (after markdown heading marks: "# KẾ HOẠCH")."""
    return _match_type(line.text, line.folded)


@lru_cache(maxsize=4096)
def _match_type(text: str, folded: str) -> tuple[str, str, str] | None:
    """`match_type_line` of a line's text (cached: the layout asks for the same lines again)."""
    skip = markup_prefix(text)
    up, text = folded[skip:].upper(), text[skip:]
    for fname, code, name in type_names():
        if up.startswith(fname) and (len(up) == len(fname) or not up[len(fname)].isalpha()):
            if _capitals(text[: len(fname)]):
                return code, name, text[len(fname):].strip(" :.-")
    fuzzy = []
    for pattern, code, name in fuzzy_type_res():
        m = pattern.match(up)
        if m and _capitals(text[: m.end()]):
            fuzzy.append((sum(m.fuzzy_counts), code, name, m.end()))
    fuzzy.sort()
    if fuzzy and (len(fuzzy) == 1 or fuzzy[0][0] < fuzzy[1][0]):
        _, code, name, end = fuzzy[0]
        return code, name, text[end:].strip(" :.-")
    return None


def _capitals(head: str) -> bool:
    return sum(map(str.isupper, head)) >= 0.8 * sum(map(str.isalpha, head))


def find_type_line(doc: KhDoc, limit: int = 40) -> int | None:
    """Index of the first type line among the first `limit` lines."""
    for line in doc.lines[:limit]:
        if heading(line.text):
            continue
        if KINH_GUI_RE.match(line.folded):
            return None  # a letter's addressees: the document had no type line above them (a công văn)
        if match_type_line(line):
            return line.index
    return None


def title_lines(doc: KhDoc, type_index: int) -> list[Line]:
    """Lines of the trích yếu after the type line, up to the body.

    The first line is taken unless it already starts the body; later lines only
    when they continue the previous one (lower-case start, or a short line that
    did not end a sentence). When the type line carries the title itself
    ("KẾ HOẠCH Phát động …"), following lines must be continuations.
    """
    match = match_type_line(doc.lines[type_index])
    prev = match[2] if match and match[2] else None
    lines: list[Line] = []
    for line in doc.lines[type_index + 1: type_index + 6]:
        if SEPARATOR_RE.match(line.text):
            if prev is not None:
                break
            continue
        if heading(line.text) or match_type_line(line) or PREAMBLE_START_RE.match(line.folded) or ATTACHED_RE.match(line.folded):
            break
        if prev is None:
            # A title may itself start "Thực hiện …"/"Triển khai …"; a preamble sentence is long and ends with ";"/":".
            if BODY_START_RE.match(line.folded) and (line.text.rstrip().endswith((";", ":")) or len(line.text) > 300):
                break
        else:
            joined = TITLE_CONTINUE_RE.match(line.text) or TITLE_OPEN_END_RE.search(fold_tail(prev))
            if not joined or BODY_START_RE.match(line.folded):
                break
        lines.append(line)
        prev = line.text
    return lines


def fold_tail(text: str) -> str:
    return fold(text[-30:])


SIGNER_AUTHORITY_RE = regex.compile(r"^(?:tm|kt|tl|tuq|q)\s*\.\s*\S|^(?:t/m|k/t|t/l)\.?\s+\S")
SIGNED_MARK_RE = regex.compile(r"^[(\[]?\s*(?:da ky|ky ten|ky va dong dau|da ky va dong dau)\b")


def is_signature_start(lines: list[Line], i: int) -> bool:
    """A signature block that comes before "Nơi nhận" (or without one): an authority line
    ("TM. ỦY BAN NHÂN DÂN", "KT. GIÁM ĐỐC"), or a title alone in capitals ("HIỆU TRƯỞNG",
    "CHỦ TỊCH") followed within three lines by "(Đã ký)" or a person's name."""
    from ..extract.signer import is_name, is_upper_line
    from ..extract.units import person_title_re

    line = lines[i]
    text = line.text.strip()
    if len(text) > 60 or not is_upper_line(text):
        return False
    if SIGNER_AUTHORITY_RE.match(line.folded):
        return True
    if not person_title_re().match(line.folded + " "):
        return False
    return any(SIGNED_MARK_RE.match(nxt.folded) or is_name(nxt.text.strip()) for nxt in lines[i + 1: i + 4])


def find_closing_start(doc: KhDoc, body_start: int, end: int | None = None, articles: bool = False, start: int = 0) -> int:
    """Offset where the closing begins: "Trên đây …", a closing "./." paragraph, "Nơi nhận",
    or a signature block placed before the recipients; `end` bounds a part of a two-document
    text (which starts at `start`). In a decision (`articles`) the "./." closes the last article, so the
    closing starts after it; elsewhere nothing in the first third of the document closes it."""
    end = len(doc.text) if end is None else end
    candidates = [ln for ln in doc.lines if body_start <= ln.start < end]
    floor = body_start if articles else start + (end - start) // 3
    for i, line in enumerate(candidates):
        if line.start < floor:
            continue
        if TREN_DAY_RE.match(line.folded) or NOI_NHAN_RE.match(line.folded):
            return line.start
        if is_signature_start(candidates, i):
            return line.start
        if "./." in line.text and END_MARK_RE.search(line.text):
            if articles or heading(line.text) or BULLET_RE.match(line.text):
                nxt = candidates[i + 1] if i + 1 < len(candidates) else None
                return nxt.start if nxt else end
            return line.start
    return end


# --- marks of letters, decisions and attached documents (used by `parts`) -------------------

# "Kính gửi:" opens a letter's addressees (Nghị định 30/2020/NĐ-CP, Phụ lục I, công văn).
KINH_GUI_RE = regex.compile(r"^\W{0,3}kinh\s*g[uư]i\b\s*:?\s*")
# The trích yếu of a công văn under its number: "V/v …", "Về việc …".
VV_RE = regex.compile(r"^\W{0,3}(?:v\s*/\s*v|v\.v\.?|ve viec)\b")
# "(Ban hành kèm theo Quyết định số 123/QĐ-UBND ngày … của …)", "(Kèm theo Nghị quyết số …)".
ATTACHED_RE = regex.compile(
    r"^\W{0,3}(?:(?:ban\s+hanh|phe\s+duyet)\s+(?:kem\s+)?theo|kem\s+theo)\s+(?:quyet\s+dinh|nghi\s+quyet|chi\s+thi|cong\s+van|thong\s+bao|to\s+trinh"
    r"|ke\s+hoach|chuong\s+trinh)\b"
)
# A decision's article: "Điều 1. …", "Điều 2: …" (OCR: "Ðiều", "Dieu").
ARTICLE_RE = regex.compile(r"^\W{0,3}(?P<word>[dð]i[eê]u)\s*(?P<num>\d{1,3})\s*[.:)]\s*")
NATIONAL_RE = regex.compile(r"cong hoa xa hoi chu nghia viet nam|doc lap\s*-\s*tu do\s*-\s*hanh phuc|dang cong san viet nam")
SYMBOL_SPLIT_RE = regex.compile(r"[-/]")


@lru_cache(maxsize=64)
def type_row(name: str) -> dict[str, str]:
    """The doc_types row of a type name as `match_type_line` returns it."""
    return next(r for r in load_table("doc_types") if r["name"] == name)


@lru_cache(maxsize=1)
def _symbol_rows() -> dict[str, dict[str, str]]:
    """Type code as written in a symbol ("KH", "KHLT", "CTLT") -> its doc_types row (first row wins)."""
    out: dict[str, dict[str, str]] = {}
    for row in load_table("doc_types"):
        for code in filter(None, row["symbols"].split(",")):
            out.setdefault(code, row)
    return out


def symbol_type_row(code: str) -> dict[str, str] | None:
    """The doc_types row of a symbol's first part: as written ("QĐ", "CTr"), else without diacritics or
    case ("QD" typed without Đ, OCR's "CTR")."""
    rows = _symbol_rows()
    if code in rows:
        return rows[code]
    key = fold(code).upper()
    return next((r for c, r in rows.items() if fold(c).upper() == key), None) if len(code) > 1 else None


def type_from_symbol(symbol: str | None) -> tuple[str, str] | None:
    """(code, name) when the symbol starts with a type code ("KHLT-…" -> KH, Kế hoạch liên tịch); a
    công văn has none ("UBND-VX")."""
    if not symbol:
        return None
    row = symbol_type_row(SYMBOL_SPLIT_RE.split(symbol)[0])
    return (row["code"], row["name"]) if row else None


def find_zones(doc: KhDoc) -> Zones:
    """Segment the document; sets `doc.type_line` as a side result. A decision that issues a plan
    printed after it ("Ban hành kèm theo Quyết định này Kế hoạch …") gives the PLAN's zones: content
    extractors read the plan; `find_layout` still has the decision's zones for its header and closing."""
    from .parts import find_layout

    layout = doc.cached(("layout",), lambda: find_layout(doc))  # `pipeline.extract_doc` asks again
    part = layout.attached or layout.main
    doc.type_line = part.type_line
    return part.zones
