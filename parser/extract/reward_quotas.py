"""How many awards a rule gives, for the `rewards` extractor.

"Số lượng Giấy khen của Chủ tịch UBND huyện: không quá 10 tập thể", a "Số lượng:"
line (or "Số lượng đề nghị:" after the rule's sentence) with bullet lines below
it, a clause after the rule ("…; số lượng tối đa 06 tập thể và 18 cá nhân; cá
nhân không quá 30% …"), or the schedule of a prize ("Ban Tổ chức trao tiền
thưởng như sau:" then "a) Giải toàn đoàn: giải Nhất 5.000.000 đồng; …").
"""
from __future__ import annotations

import regex

from ..model import KhDoc, Line, Section
from ..text.fold import fold
from .quota_text import phrase_ok
from .reward_words import TRAIL, ctx, ctx_re, find_forms

LABEL_COLON_RE = regex.compile(r"\s*[-+•*]?\s*(?:\d{1,2}(?:\.\d{1,2})*[.)]\s*)?(?P<label>[^:\n]{1,80}):\s*")
BULLET_LINE_RE = regex.compile(r"\s*(?:[-+•*–]|[a-zđ]\)|\d{1,2}\))\s*")
SO_LUONG_RE = regex.compile(r"so\s+luong")
# "Tặng cho … trong đợt thi đua. Số lượng đề nghị:" — the label after a sentence of the line.
MID_SO_LUONG_RE = regex.compile(r"[.;]\s+(?P<label>so\s+luong[^:.;\n]{0,30}):\s*")
# "…; số lượng không quá 05 tập thể và 10 cá nhân" — a clause after a rule.
LEAD_QUOTA_RE = regex.compile(r"\s*(?:[-+•*]\s*)?so\s+luong(?:\s+(?:de\s+nghi|khen\s+thuong))?\s*:?\s*")
DIGIT_RE = regex.compile(r"\d")


def label_quota(text: str, f: str, ms: int) -> str | None:
    """"Số lượng Giấy khen của …: <quota>" (the form in the label) or "… không hạn chế số lượng …"."""
    lm = LABEL_COLON_RE.match(text)
    if lm and lm.end("label") > ms and SO_LUONG_RE.match(f[lm.start("label"):]):
        rest = text[lm.end():].strip(TRAIL)
        return " ".join(rest.split()) or None
    for m in ctx_re("quota").finditer(f):
        if fold(m.group()).startswith("khong") and phrase_ok(text, m, ctx("quota")):
            return " ".join(text[m.start():].split()).strip(TRAIL)
    return None


def lead_quota(text: str, f: str) -> str | None:
    """A clause that states how many ("số lượng tối đa 06 tập thể và 18 cá nhân") after a rule."""
    m = LEAD_QUOTA_RE.match(f)
    if not m or not DIGIT_RE.search(text, m.end()):
        return None
    return " ".join(text[m.end():].split()).strip(TRAIL) or None


def limit(text: str, f: str) -> bool:
    """A clause that states a limit with a number ("cá nhân không quá 30% tổng số …")."""
    return bool(DIGIT_RE.search(text)) and any(phrase_ok(text, m, ctx("limit")) for m in ctx_re("limit").finditer(f))


def quota_blocks(doc: KhDoc, zone: Section) -> list[tuple[int, str]]:
    """(offset, text) of "Số lượng: …" labels of a reward part (at the start of a line or after its first
    sentence: "Tặng cho … Số lượng đề nghị:"); an empty value takes the bullet lines below it."""
    out: list[tuple[int, str]] = []
    lines = doc.lines_in(zone.span)
    heads = {s.line_index for s in zone.walk()}
    for i, ln in enumerate(lines):
        lm = LABEL_COLON_RE.match(ln.text)
        if lm and SO_LUONG_RE.match(ln.folded[lm.start("label"):]):
            at, rest = ln.start, ln.text[lm.end():].strip(TRAIL)
        else:
            mm = MID_SO_LUONG_RE.search(ln.folded)
            if not mm:
                continue
            at, rest = ln.start + mm.start("label"), ln.text[mm.end():].strip(TRAIL)
        if rest:
            if not find_forms(rest, fold(rest)):
                out.append((at, " ".join(rest.split())))
            continue
        items = items_below(lines[i + 1:], heads)
        if items:
            out.append((at, "; ".join(items)))
    return out


def items_below(lines: list[Line], heads: set[int] | None = None) -> list[str]:
    """The bullet or lettered lines right below a label (blank lines between them skipped), markers dropped;
    a sub-section heading ends them when `heads` is given."""
    items: list[str] = []
    for nxt in lines:
        if not nxt.text.strip():
            continue
        bm = BULLET_LINE_RE.match(nxt.text)
        if (heads is not None and nxt.index in heads) or not bm:
            break
        items.append(" ".join(nxt.text[bm.end():].split()).strip(TRAIL))
    return [t for t in items if t]


def schedule(doc: KhDoc, end: int) -> str | None:
    """"… Ban Tổ chức trao tiền thưởng như sau:" (a rule sentence ending at `end`) and the amounts listed
    below it: the rule's quota."""
    ln = doc.line_at(end) if end < len(doc.text) else None
    if ln is None or doc.text[end:ln.end].strip() != ":":
        return None
    items = items_below(doc.lines[ln.index + 1:ln.index + 40])
    if not items or not all(DIGIT_RE.search(t) for t in items):
        return None
    return ". ".join(t.rstrip(" .;") for t in items)
