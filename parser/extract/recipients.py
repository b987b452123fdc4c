"""`recipients` ("Nơi nhận") and `archive_copy` ("Lưu: VT, NV. (10)").

Nghị định 30/2020/NĐ-CP, Phụ lục I, II.9: the Nơi nhận list sits bottom-left,
one recipient per line after a dash, ending with the archive line "Lưu: VT,
<drafting unit>" and optionally the number of copies. A purpose may follow a
recipient in brackets, usually abbreviated ("(để B/c)", often typed "(đề
B/c)"); it is expanded from rules/recipient_purposes.tsv. Labels are matched on
the folded line, so OCR's "NƠI NHÂN", "Noi nhan:", "Luu: VT" are found too.

A two-column closing converted to text often prints the signature on the same
lines as the list ("- Sở Y tế (để b/c);      PHÓ GIÁM ĐỐC"); `split_beside`
cuts those parts off and hands them to the signer through `used_lines`.
Markdown layout tables are read column by column (`closing_lines`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import regex

from ..model import KhDoc, Line
from ..rules import load_table
from ..text.fold import fold
from ..zones.layout import NOI_NHAN_RE
from .closing_lines import closing_lines
from .signer import cells, is_signature_piece

BULLET_RE = regex.compile(r"^[-–—+•*]\s*")
LUU_RE = regex.compile(r"^[-–—+•]?\s*luu\b\s*[:.]?\s*")
COPIES_RE = regex.compile(r"[\s.,;]*\(?\s*(?P<n>\d{1,3})\s*(?:b|ban|bản)?\s*\)?\s*[.;]?\s*$", regex.I)
PURPOSE_PAREN_RE = regex.compile(r"\s*\((?P<p>[^()]{1,40})\)\s*[;.,]?\s*$")
# Matched on folded text ("để", "đề", "dể", "de" alike).
PURPOSE_TAIL_RE = regex.compile(r"\s*[,:–-]?\s+(?P<p>de\s+[^,;()]{1,30}?)\s*[;.,]?\s*$")
INLINE_RE = regex.compile(r"^\W*n[o0]i\s*nhan\s*:?\s*")
PURPOSE_LEAD_RE = regex.compile(r"^(?:de|for)\s+")
WS_RE = regex.compile(r"\s+")
COPIES_WORD_RE = regex.compile(r"\d\s*(?:b|bản|ban)\b", regex.I)
HOLDER_SEP_RE = regex.compile(r"[,;+]")
HAS_LETTER_RE = regex.compile(r"\p{L}")
# Where a Nơi nhận item (or the label) ends and a signature part printed beside it may begin.
ITEM_END_RE = regex.compile(r"(?:\)[.,;]?|[;.])(?=\s+\S)")


@dataclass
class Closing:
    recipients: list[dict] = field(default_factory=list)
    archive_copy: dict | None = None
    # `start` of every closing line consumed here -> the pieces of it that belong to a signature
    # printed beside the list (empty for most lines); the signer reads those pieces only.
    used_lines: dict[int, list[Line]] = field(default_factory=dict)


@lru_cache(maxsize=1)
def purposes() -> dict[str, str]:
    return {r["key"]: r["purpose"] for r in load_table("recipient_purposes")}


def parse_purpose(raw: str) -> str | None:
    """"đề B/c" -> "để báo cáo"; None when the text is not a known purpose."""
    key = fold(raw).strip(" .;,")
    key = PURPOSE_LEAD_RE.sub("", key)
    key = WS_RE.sub("", key)
    return purposes().get(key)


def parse_recipient(text: str, start: int) -> dict | None:
    """One Nơi nhận line -> {name, purpose, span}."""
    body = BULLET_RE.sub("", text)
    offset = len(text) - len(body)
    purpose = None
    for pattern in (PURPOSE_PAREN_RE, PURPOSE_TAIL_RE):
        m = pattern.search(body if pattern is PURPOSE_PAREN_RE else fold(body))
        if m and (p := parse_purpose(body[m.start("p"): m.end("p")])):
            purpose, body = p, body[: m.start()]
            break
    name = body.strip().rstrip(";,.:").strip()
    if not name:
        return None
    return {"name": name, "purpose": purpose, "span": [start + offset, start + offset + len(name)]}


def parse_archive(text: str, start: int) -> dict | None:
    """"- Lưu: VT, NV. (10)" -> {holders: [VT, NV], copies: 10}."""
    m = LUU_RE.match(fold(text))
    if not m:
        return None
    rest = text[m.end():]
    copies = None
    cm = COPIES_RE.search(rest)
    if cm and ("(" in cm.group(0) or COPIES_WORD_RE.search(cm.group(0))):
        copies = int(cm.group("n"))
        rest = rest[: cm.start()]
    holders = [h.strip(" .") for h in HOLDER_SEP_RE.split(rest)]
    holders = [h for h in holders if h]
    return {"holders": holders, "copies": copies, "span": [start, start + len(text)]}


def split_beside(doc: KhDoc, line: Line, label: bool = False) -> tuple[Line | None, list[Line]]:
    """A Nơi nhận line and the signature pieces printed beside it ("- Sở Y tế (để b/c);    PHÓ GIÁM
    ĐỐC"): a two-column closing converted to text puts both columns on one line. The pieces are cut
    at the source gap, or, where the gap was lost, after the item's end (";", a purpose's ")", the
    archive line's "."; the label's ":") when what follows is a whole signature part (authority,
    title in capitals, a name with a known surname)."""
    parts = cells(doc, line)
    left: Line | None = line
    rest: list[Line] = []
    if len(parts) > 1 and all(is_signature_piece(p) for p in parts[1:]) and (label or HAS_LETTER_RE.search(BULLET_RE.sub("", parts[0].text))):
        left, rest = parts[0], parts[1:]
    else:
        for at in _item_ends(line):
            tail = _piece(line, at)
            if tail is not None and is_signature_piece(tail, strict=True):
                left, rest = _piece(line, 0, at), [tail]
                break
    if label and left is not None and (inline := _after_label(left)) is not None and is_signature_piece(inline, strict=True):
        left, rest = _label_only(left), [inline, *rest]  # "Nơi nhận: KT. GIÁM ĐỐC"
    return left, rest


def _item_ends(line: Line) -> list[int]:
    """Offsets in `line` after which a Nơi nhận item has ended: ";", a purpose's ")" with the mark after
    it, and "." closing the archive line ("Lưu: VT, TH."), never the "." of "TP." inside a name."""
    archive = bool(LUU_RE.match(line.folded))
    return [m.end() for m in ITEM_END_RE.finditer(line.text) if m.group() != "." or archive]


def _piece(line: Line, at: int, end: int | None = None) -> Line | None:
    """The stripped text of `line` from `at` (to `end`) as a line of its own."""
    end = len(line.text) if end is None else end
    raw = line.text[at:end]
    lo = at + len(raw) - len(raw.lstrip())
    hi = at + len(raw.rstrip())
    return _sub(line, lo, hi) if hi > lo else None


def _sub(line: Line, lo: int, hi: int) -> Line:
    return Line(line.index, line.start + lo, line.start + hi, line.text[lo:hi], line.folded[lo:hi])


def _after_label(line: Line) -> Line | None:
    m = INLINE_RE.match(line.folded)
    return _piece(line, m.end()) if m else None


def _label_only(line: Line) -> Line:
    m = INLINE_RE.match(line.folded)
    return _piece(line, 0, m.end()) or line


def extract(doc: KhDoc) -> Closing:
    out = Closing()
    lines = closing_lines(doc)
    start_i = next((i for i, ln in enumerate(lines) if NOI_NHAN_RE.match(ln.folded)), None)
    if start_i is None:
        # No "Nơi nhận" label: an archive line alone may still be there.
        for ln in lines:
            left, rest = split_beside(doc, ln)
            arch = parse_archive(left.text, left.start) if left else None
            if arch:
                out.archive_copy = arch
                _consume(out, ln, rest)
        return out
    raw_label = lines[start_i]
    label, rest = split_beside(doc, raw_label, label=True)
    _consume(out, raw_label, rest)
    items: list[Line] = []
    m = INLINE_RE.match(label.folded) if label else None
    if label and m and label.text[m.end():].strip():
        items.append(_piece(label, m.end()))
    for ln in lines[start_i + 1:]:
        left, rest = split_beside(doc, ln)
        if left is None or not _is_item(left):
            break
        _consume(out, ln, rest)
        items.append(left)
        if LUU_RE.match(left.folded):
            break
    for item in items:
        arch = parse_archive(item.text, item.start)
        if arch:
            out.archive_copy = arch
            continue
        rec = parse_recipient(item.text, item.start)
        if rec:
            out.recipients.append(rec)
    return out


def _consume(out: Closing, line: Line, rest: list[Line]) -> None:
    out.used_lines[line.start] = rest


def _is_item(line: Line) -> bool:
    """A Nơi nhận entry: a dash item, an archive line, or a bare line ending in ';'."""
    text = line.text
    if BULLET_RE.match(text) or LUU_RE.match(line.folded):
        return True
    return text.rstrip().endswith(";") and len(text) < 120
