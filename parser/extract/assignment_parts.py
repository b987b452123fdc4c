"""Implementation parts of a plan and the duty lines in them, for `assignments`.

Also the executors a decision names in its last article ("Điều 3. … chịu
trách nhiệm thi hành Quyết định này"), read by `executors` (issue 9).

The part is the section headed "TỔ CHỨC THỰC HIỆN" or an equivalent
(rules/assignment_headings.tsv), innermost only, or an unnumbered line of
that wording up to the end of the section it stands in. Its duties are lines
up to a closing paragraph ("Trên đây là …", "Trong quá trình thực hiện …",
"Nơi nhận:") or a signature block the layout left in the body ("HIỆU
TRƯỞNG", "TM. ỦY BAN NHÂN DÂN", "(Đã ký)"); a line hard-wrapped by a PDF or a
scan continues the duty above it.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from ..model import KhDoc, Line, Section
from ..rules import column
from ..text.fold import fold
from .unit_split import BULLET_RE as ENUM_RE, split_units, word_re

IMPL_TAIL_RE = regex.compile(r"^(?:$|(?:(?:va|ke\s+hoach)\b|,)[^.]{0,60}$)")
BULLET_RE = regex.compile(r"^\s*[-–—+•*]\s*")
PAGE_NUMBER_LINE_RE = regex.compile(r"(?<=\n)[ \t]*(?:[-–][ \t]*)?\d{1,3}(?:[ \t]*[-–])?[ \t]*\n")
WS_RE = regex.compile(r"\s+")
SENTENCE_MARK_RE = regex.compile(r"[\d:;]|\.$")  # what a signer's title line never has
SHORT_TAIL_RE = regex.compile(r"[^.]{1,60}")
LETTER_RE = regex.compile(r"\p{L}")
UNIT_JUNK_END_RE = regex.compile(r"[\s.:;,*_]+$")
END_MARK_RE = regex.compile(r"\s*\./\.\s*$")
SIGNATURE_WORDS = 10  # an all-capitals line this short after the duties is a signer's title, not a duty


@lru_cache(maxsize=1)
def _impl_re() -> "regex.Pattern[str]":
    phrases = sorted((fold(p) for p in column("assignment_headings", "phrase")), key=len, reverse=True)
    return regex.compile(r"^(?:" + "|".join(regex.escape(p).replace(r"\ ", r"\s+") for p in phrases) + r")(?![\p{L}\d])")


def closing_line(line: Line) -> bool:
    """"Trên đây là …", "Trong quá trình thực hiện, nếu có vướng mắc …", "Nơi nhận:", or the signature
    block ("TM. ỦY BAN NHÂN DÂN", "HIỆU TRƯỞNG", "(Đã ký)"): the part ends here."""
    return bool(word_re("assignment_verbs", "closing").match(line.folded.lstrip(" -–—+•*\"“"))) or signature_line(line)


def signature_line(line: Line) -> bool:
    """A title line of a signature block: all capitals, short, no sentence ("HIỆU TRƯỞNG", "PHÓ CHỦ TỊCH",
    "GIÁM ĐỐC SỞ NỘI VỤ"); duties are sentences in ordinary case."""
    text = line.text.strip(" *_#\t")
    if not 2 <= len(text.split()) <= SIGNATURE_WORDS:
        return False  # most duty lines: sentences
    letters = [c for c in text if c.isalpha()]
    return (len(letters) >= 4 and all(c.isupper() for c in letters)
            and not SENTENCE_MARK_RE.search(text) and not ENUM_RE.match(fold(text)))


@lru_cache(maxsize=1024)
def is_impl_heading(heading: str) -> bool:
    """"TỔ CHỨC THỰC HIỆN", "Tổ chức thực hiện kế hoạch", "PHÂN CÔNG NHIỆM VỤ" — not "Tổ chức thực hiện có hiệu quả …"."""
    f = WS_RE.sub(" ", fold(heading)).strip(" .:;")
    m = _impl_re().match(f)
    if not m:
        return False
    tail = f[m.end():].strip()
    if m.group(0).endswith("cua cac"):  # "Trách nhiệm của các | sở, ban, ngành"
        return bool(SHORT_TAIL_RE.fullmatch(tail))
    return bool(IMPL_TAIL_RE.match(tail))


@dataclass
class Part:
    start: int  # first offset after the part's heading line
    end: int
    section: Section | None  # the numbered section of the part, None for an unnumbered heading line


def find_parts(doc: KhDoc) -> list[Part]:
    """Implementation parts, innermost only, cut at the closing zone."""
    heading_lines = {s.line_index for s in doc.flat_sections}
    cands: list[Part] = []
    for s in doc.flat_sections:
        if is_impl_heading(s.heading):
            line = doc.lines[s.line_index]
            cands.append(Part(line.end, s.end, s))
    body = doc.zones.body
    numbered = list(cands)
    for line in doc.lines_in(body):
        text = line.text.strip()
        if (line.index in heading_lines or len(text) > 80 or BULLET_RE.match(text) or text.endswith(".")
                or not is_impl_heading(text) or any(p.start <= line.start < p.end for p in numbered)):
            continue
        owner = doc.section_at(line.start)
        cands.append(Part(line.end, owner.end if owner else body[1], None))
    closing = doc.zones.closing[0]
    parts = []
    for p in cands:
        if any(q is not p and p.start <= q.start and q.end <= p.end and (q.start, q.end) != (p.start, p.end) for q in cands):
            continue
        end = min(p.end, closing) if closing > p.start else p.end
        parts.append(Part(p.start, end, p.section))
    return parts


def duty_text(line: Line) -> str:
    return WS_RE.sub(" ", BULLET_RE.sub("", line.text)).strip()


def duty_lines(lines: list[Line]) -> list[Line]:
    """Lines that are duties: up to a closing paragraph ("Trên đây …", "Trong quá trình thực hiện …"),
    without a page number left alone on a line ("3", "- 3 -")."""
    out = []
    for ln in lines:
        if closing_line(ln):
            break
        if LETTER_RE.search(ln.text):
            out.append(ln)
    return out


def _hard_wrap(doc_text: str, prev: Line, line: Line) -> bool:
    """Only a line break, and maybe a page number alone on its line, between two lines."""
    return PAGE_NUMBER_LINE_RE.sub("", doc_text[prev.end:line.start]).count("\n") == 1


def duty_texts(doc_text: str, lines: list[Line], kid_heads: dict[int, str]) -> list[str]:
    """One duty per line; a line that does not end a sentence and a next line in lower case (no bullet,
    no lettered item) are one duty hard-wrapped by a PDF or a scan ("… tổng hợp khó khăn," / "vướng mắc,
    tham mưu …"), also after a lettered item's first line ("a) … ; bố trí" / "nhân viên hướng dẫn …")
    and across a page number ("… ngộ độc thực phẩm" / "3" / "hoặc các cơ sở …")."""
    out: list[str] = []
    prev: Line | None = None
    for ln in lines:
        text = kid_heads.get(ln.index) or duty_text(ln)
        wrapped = (prev is not None and out and ln.index not in kid_heads
                   and _hard_wrap(doc_text, prev, ln) and not BULLET_RE.match(ln.text)
                   and prev.text.rstrip()[-1:] not in ".;:!?" and ln.text.lstrip()[:1].islower())
        if wrapped:
            out[-1] = f"{out[-1]} {text}"
        else:
            out.append(text)
        prev = ln
    return out


# --- a decision's executors ("Điều 3. … chịu trách nhiệm thi hành Quyết định này") ------------

ADDRESS_RE = regex.compile(r"^(?:cac\s+)?(?:ong|ba)\s*(?:\(\s*ba\s*\)|/\s*ba|,\s*ba)?\s*:?\s+")
PIECE_START_RE = regex.compile(r"^|[,;]\s*|\s+va\s+")


@lru_cache(maxsize=1)
def _execution_re() -> "regex.Pattern[str]":
    phrases = sorted((fold(p) for p in column("decision_execution", "phrase")), key=len, reverse=True)
    return regex.compile(r"\s(?:" + "|".join(regex.escape(p).replace(r"\ ", r"\s+") for p in phrases) + r")\b")


def executor_units(text: str) -> list[str]:
    """The bodies behind the titles that name them: "Chánh Văn phòng HĐND và UBND huyện, Trưởng phòng
    Nội vụ, Thủ trưởng các cơ quan, đơn vị" -> "Văn phòng HĐND và UBND huyện", "phòng Nội vụ", "các cơ
    quan", "đơn vị" (a title that ends in a unit word keeps that word: "Chánh Văn phòng" -> "Văn phòng")."""
    from .units import iter_heads, person_title_re

    f = fold(text)
    drop: list[tuple[int, int]] = []
    for m in PIECE_START_RE.finditer(f):
        t = person_title_re().match(f[m.end():])  # the pattern is anchored with "^"
        if t is None:
            continue
        a, b = m.end(), m.end() + t.end()
        heads = iter_heads(text[a:b])
        drop.append((a, a + heads[-1].start() if heads else b))
    kept, pos = [], 0
    for a, b in drop:
        kept.append(text[pos:a])
        pos = b
    return [u.text for u in split_units("".join(kept) + text[pos:])]


def executors(doc: KhDoc, articles: list[Section]) -> list[dict]:
    """The bodies a decision names to execute it, one assignment per article that says so: `unit` as
    written (titles included), `units` the bodies, the sentence as the duty, `section` the article."""
    out: list[dict] = []
    for art in articles:
        for k, ln in enumerate(doc.lines_in(art.span)):
            skip = ln.text.find(art.heading[:20]) if k == 0 else 0
            if skip < 0:
                continue
            v = _execution_re().search(ln.folded, skip)
            if v is None:
                continue
            address = ADDRESS_RE.match(ln.folded[skip:])  # "Các ông (bà): Chánh Văn phòng …"
            a = skip + (address.end() if address else 0)
            unit = UNIT_JUNK_END_RE.sub("", ln.text[a:v.start()]).strip(" ,:")
            units = executor_units(unit)
            if not unit or not units or len(unit.split()) > 80:
                continue
            duty = WS_RE.sub(" ", ln.text[skip:]).strip()
            duty = END_MARK_RE.sub(".", duty)
            out.append({"unit": unit, "units": units, "duties": [duty], "section": art.path,
                        "span": [ln.start + a, ln.end]})
            break
    return out
