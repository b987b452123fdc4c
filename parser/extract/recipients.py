"""`recipients` ("Nơi nhận") and `archive_copy` ("Lưu: VT, NV. (10)").

Nghị định 30/2020/NĐ-CP, Phụ lục I, II.9: the Nơi nhận list sits bottom-left,
one recipient per line after a dash, ending with the archive line "Lưu: VT,
<drafting unit>" and optionally the number of copies. A purpose may follow a
recipient in brackets, usually abbreviated ("(để B/c)", often typed "(đề
B/c)"); it is expanded from rules/recipient_purposes.tsv. Labels are matched on
the folded line, so OCR's "NƠI NHÂN", "Noi nhan:", "Luu: VT" are found too.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import regex

from ..model import KhDoc, Line
from ..rules import load_table
from ..text.fold import fold
from ..zones.layout import NOI_NHAN_RE

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


@dataclass
class Closing:
    recipients: list[dict] = field(default_factory=list)
    archive_copy: dict | None = None
    used_lines: set[int] = field(default_factory=set)  # indices of lines consumed here


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


def extract(doc: KhDoc) -> Closing:
    out = Closing()
    lines = doc.lines_in(doc.zones.closing)
    start_i = next((i for i, ln in enumerate(lines) if NOI_NHAN_RE.match(ln.folded)), None)
    if start_i is None:
        # No "Nơi nhận" label: an archive line alone may still be there.
        for ln in lines:
            arch = parse_archive(ln.text, ln.start)
            if arch:
                out.archive_copy, _ = arch, out.used_lines.add(ln.index)
        return out
    label = lines[start_i]
    out.used_lines.add(label.index)
    items: list[tuple[str, int, Line]] = []
    m = INLINE_RE.match(label.folded)
    inline = label.text[m.end():] if m else ""
    if inline.strip():
        items.append((inline, label.start + m.end(), label))
    for ln in lines[start_i + 1:]:
        if not _is_item(ln):
            break
        items.append((ln.text, ln.start, ln))
        if LUU_RE.match(ln.folded):
            break
    for text, start, ln in items:
        out.used_lines.add(ln.index)
        arch = parse_archive(text, start)
        if arch:
            out.archive_copy = arch
            continue
        rec = parse_recipient(text, start)
        if rec:
            out.recipients.append(rec)
    return out


def _is_item(line: Line) -> bool:
    """A Nơi nhận entry: a dash item, an archive line, or a bare line ending in ';'."""
    text = line.text
    if BULLET_RE.match(text) or LUU_RE.match(line.folded):
        return True
    return text.rstrip().endswith(";") and len(text) < 120
