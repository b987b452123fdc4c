"""Two documents in one text, letters, and a decision's articles (issue 9).

A decision that issues a plan ("QUYẾT ĐỊNH / Về việc ban hành Kế hoạch …", "Điều 1. Ban hành kèm theo
Quyết định này Kế hoạch …", its Nơi nhận and signature) is followed by the plan itself: the plan's own
header lines or none, "KẾ HOẠCH", its title, "(Ban hành kèm theo Quyết định số …)", its body, and often
no Nơi nhận but a repeated signature. `find_layout` gives both parts' zones: the decision's (its header
and closing fields) and the plan's (the content). An appendix printed after a document ("DANH SÁCH …
(Kèm theo Quyết định số …)") ends that document's closing. A công văn has no type line: its header
runs to its "Kính gửi:" list. A decision's articles are sections numbered "Điều 1", "Điều 2", …
(`build_articles`), so that the plan's sections keep their usual paths ("II.3").
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import regex

from ..model import KhDoc, Line, Section, Zones
from .layout import (
    ARTICLE_RE,
    ATTACHED_RE,
    BULLET_RE,
    KINH_GUI_RE,
    NATIONAL_RE,
    NOI_NHAN_RE,
    SIGNED_MARK_RE,
    find_closing_start,
    find_type_line,
    heading,
    match_type_line,
    title_lines,
    type_row,
)
from .sections import build_sections

HEADER_LINE_RE = regex.compile(r"^(?:s[o06]\s*[:.]?\s*\d*\s*[/-]|[^,]{2,60},\s*ngay\b|[*\s_\-–—=.~]+$)")
WS_RE = regex.compile(r"\s+")
ATTACHED_LOOKBACK = 8  # header lines of an attached plan above its type line, at most


@dataclass(frozen=True)
class Part:
    """One document of the text: its zones and its type line."""

    zones: Zones
    type_line: int | None


@dataclass(frozen=True)
class Layout:
    """The main document and, for a decision that issues a plan, the attached plan."""

    main: Part
    attached: Part | None = None
    letter: bool = False  # a công văn layout: no type line, "V/v …" and/or "Kính gửi:"
    main_end: int | None = None  # where an appendix printed after the main document ends its closing

    def header_zones(self) -> Zones:
        """The main document's zones for its header and closing fields (the closing stops at an appendix)."""
        z = self.main.zones
        return z if self.main_end is None else replace(z, closing=(z.closing[0], self.main_end))


def is_header_line(line: Line) -> bool:
    """A line of a document's header block: issuing body in capitals, national motto, "Số:", place and
    date, separator; not a signature's title, name or "(Đã ký)" (those end the document above)."""
    from ..extract.signer import AUTHORITY_RE, SIGNED_RE, is_name, is_upper_line
    from ..extract.units import person_title_re

    f = line.folded
    if NATIONAL_RE.search(f) or HEADER_LINE_RE.match(f):
        return True
    text = line.text.strip()
    if SIGNED_RE.match(f) or AUTHORITY_RE.match(f) or is_name(text) or person_title_re().match(f + " "):
        return False
    return is_upper_line(text) and len(text) <= 90


def kinh_gui_lines(doc: KhDoc, lo: int = 0, limit: int = 30) -> list[Line]:
    """The "Kính gửi:" line and the addressee lines under it (dash items or short lines ending in ";"/".")."""
    for line in doc.lines[lo: lo + limit]:
        m = KINH_GUI_RE.match(line.folded)
        if m is None:
            continue
        out = [line]
        if line.text[m.end():].strip(" :"):
            return out
        for nxt in doc.lines[line.index + 1: line.index + 12]:
            text = nxt.text.strip()
            if len(text) > 150 or not (BULLET_RE.match(text) or text.endswith((";", ".", ","))):
                break
            out.append(nxt)
            if not text.endswith((";", ",")):
                break
        return out
    return []


def _attached_plan(doc: KhDoc, main_index: int) -> int | None:
    """The type line of a plan issued by the document of `main_index`: a plan-like type line in capitals
    after its Nơi nhận / signature, or followed within six lines by "(Ban hành kèm theo …)"."""
    closed = False
    for line in doc.lines[main_index + 1:]:
        if NOI_NHAN_RE.match(line.folded) or SIGNED_MARK_RE.match(line.folded):
            closed = True
            continue
        if len(line.text) > 200 or heading(line.text):
            continue
        m = match_type_line(line)
        if m is not None and type_row(m[1])["content"] == "plan":
            if closed or any(ATTACHED_RE.match(ln.folded) for ln in doc.lines[line.index + 1: line.index + 7]):
                return line.index
    return None


def _appendix(doc: KhDoc, part: Part, end: int) -> int | None:
    """Offset where an appendix printed after a document's closing begins ("DANH SÁCH …", "PHỤ LỤC …":
    a line in capitals with "(Kèm theo Quyết định / Kế hoạch …)" within three lines, and the header
    lines above it): its lists are no part of the closing (no signer, no recipient)."""
    for line in doc.lines_in((part.zones.closing[0], end)):
        if _appendix_title(line) and any(ATTACHED_RE.match(ln.folded) for ln in doc.lines[line.index + 1: line.index + 4]):
            first = doc.lines[_part_start(doc, line.index, line.index - ATTACHED_LOOKBACK - 1)]
            return max(first.start, part.zones.closing[0])
    return None


def _appendix_title(line: Line) -> bool:
    """"DANH SÁCH", "PHỤ LỤC I", "BIỂU TỔNG HỢP …": a line in capitals that is no signature part."""
    from ..extract.signer import AUTHORITY_RE, SIGNED_RE, is_upper_line

    f = line.folded
    return (is_upper_line(line.text) and len(line.text) <= 120 and not NATIONAL_RE.search(f)
            and not AUTHORITY_RE.match(f) and not SIGNED_RE.match(f))


def _part_start(doc: KhDoc, type_index: int, floor: int) -> int:
    """First line of an attached document: its header lines above its type line."""
    i = type_index
    while i - 1 > floor and type_index - (i - 1) <= ATTACHED_LOOKBACK and is_header_line(doc.lines[i - 1]):
        i -= 1
    return i


def _part_zones(doc: KhDoc, type_index: int | None, start: int, end: int, articles: bool = False,
                letter: list[Line] | None = None) -> Zones:
    """Zones of the document in [start, end) whose type line is `type_index`."""
    if type_index is not None:
        type_line = doc.lines[type_index]
        header = (start, type_line.start)
        tl = title_lines(doc, type_index)
        title_end = tl[-1].end if tl else type_line.end
        last = tl[-1].index if tl else type_index
        mark = doc.lines[last + 1: last + 4]
        if mark and ATTACHED_RE.match(mark[0].folded):  # "(Ban hành kèm theo …)" under the title: title zone, not title
            for ln in mark:
                title_end = ln.end
                if not mark[0].text.lstrip().startswith("(") or ln.text.rstrip().endswith(")"):
                    break
        title = (type_line.start, title_end)
    elif letter:
        header = (start, letter[-1].end)
        title = (letter[-1].end, letter[-1].end)
    else:
        header = (start, start)
        title = (start, start)
    after_title = title[1]
    first_heading = next(
        (ln.start for ln in doc.lines if after_title <= ln.start < end
         and (heading(ln.text) or (articles and ARTICLE_RE.match(ln.folded)))), None
    )
    closing_start = find_closing_start(doc, first_heading if first_heading is not None else after_title, end, articles, start)
    body_start = first_heading if first_heading is not None and first_heading < closing_start else closing_start
    return Zones(header=header, title=title, preamble=(after_title, body_start),
                 body=(body_start, closing_start), closing=(closing_start, end))


def find_layout(doc: KhDoc) -> Layout:
    """The main document's zones and, when it issues a plan printed after it, the plan's zones; an
    appendix printed after the main document ends its closing for the header and closing fields (the
    content extractors still read it: a plan's appendix may list its tasks and deadlines)."""
    n = len(doc.text)
    type_index = find_type_line(doc)
    if type_index is None:
        letter = kinh_gui_lines(doc)
        return Layout(Part(_part_zones(doc, None, 0, n, letter=letter), None), letter=bool(letter))
    row = type_row(match_type_line(doc.lines[type_index])[1])  # type: ignore[index]
    articles = row["issues"] == "1"
    attached = _attached_plan(doc, type_index) if articles else None
    cut = doc.lines[_part_start(doc, attached, type_index)].start if attached is not None else n
    main = Part(_part_zones(doc, type_index, 0, cut, articles=articles), type_index)
    plan = Part(_part_zones(doc, attached, cut, n), attached) if attached is not None else None
    return Layout(main, plan, main_end=_appendix(doc, main, cut))


def build_articles(doc: KhDoc, body: tuple[int, int]) -> list[Section]:
    """A decision's articles as sections numbered "Điều 1", "Điều 2", … (path the same), with the
    numbered clauses inside an article as children ("Điều 1.2", "Điều 1.2.a"); numbering warnings of
    the clauses are not kept (a decision's clauses restart in every article)."""
    arts = [(ln, m) for ln in doc.lines_in(body) if (m := ARTICLE_RE.match(ln.folded))]
    roots: list[Section] = []
    for k, (ln, m) in enumerate(arts):
        end = arts[k + 1][0].start if k + 1 < len(arts) else body[1]
        number = WS_RE.sub(" ", ln.text[m.start("word"): m.end("num")])
        head = ln.text[m.end():].strip()
        if not head:
            nxt = doc.lines_in((ln.end + 1, end))
            head = nxt[0].text.strip() if nxt else number
        sec = Section(number, "article", head, 1, number, ln.start, end, ln.index)
        kept = list(doc.warnings)
        for child in build_sections(doc, (ln.end, end)):
            _nest(child, sec)
            sec.children.append(child)
        doc.warnings[:] = kept
        roots.append(sec)
    return roots


def _nest(sec: Section, article: Section, top: bool = True) -> None:
    if top:
        sec.parent = article
    sec.level += 1
    sec.path = f"{article.path}.{sec.path}"
    for child in sec.children:
        _nest(child, article, False)
