"""`deadlines`: dated obligations ("gửi về Phòng Nội vụ trước ngày 15/11/2024").

A date is a deadline when the words around it say so (rules/deadline_words.tsv):
- a cue right before it: "chậm nhất (ngày) 31/5/2023", "trước ngày 19/6", "hạn chót 30/6";
- an obligation verb and "trong"/"vào": "hoàn thành trong tháng 9/2023";
- a "Thời gian <nộp|hoàn thành|đề nghị …> …: <date>" label;
- a clause opened by the date and an obligation verb: "(Tháng 12/2022 Ban hành kế hoạch chi tiết)".

Judgement calls:
- Not deadlines: dates inside a range ("Thời gian thực hiện: từ 10/4 - 14/4"
  is a task time), the plan's period and phases, anniversaries, dates of
  cited documents, the issue date (the header is not read), year-only dates
  ("trước năm 2025" is a target), and recurring dates ("trước ngày 20 hằng
  tháng", "trước 15/12 hằng năm": the contract's date is one date, so they are
  skipped rather than pinned to this year).
- Year-less dates take the plan year ("Xong trước ngày 19/6" -> 2023-06-19).
- `what` is the obligation as written in the clause, from its verb
  ("Nộp về UBND quận (qua Phòng Nội vụ)"); a bare "Hoàn thành" gets the task
  heading it belongs to.
- The same obligation with the same date is listed once; two obligations
  sharing a date are two deadlines.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import regex

from ..model import Found, KhDoc
from ..rules import load_table
from ..text.fold import fold, phrase_alt
from ..values.dates import DateValue, find_date_ranges, find_dates
from ..values.dates_scan import ANY_DATE_HINT_RE
from .commemorations import clause_lines, commemorations_in
from .timeframe import find_period, find_phases, quarter_end

__all__ = ["Deadline", "find_deadlines", "extract"]

LEAD_RE = regex.compile(r"[\s\-–—+•*#>]*(?:(?:[ivxl]{1,5}|[a-z]|\d{1,2}(?:\.\d{1,2}){0,3})\s{0,2}[.)/\-–]\s+)?[\s\-–—+•*]*")
CLAUSE_BREAK_RE = regex.compile(r"[.;](?=\s)|[!?]")
# In a table row ("| 2 | Ban hành … | Vụ … | Trước ngày 15/7/2025 |") each cell is a clause of its own; elsewhere a
# "|" is OCR's reading of "I" or "l" and breaks nothing.
CELL_BREAK_RE = regex.compile(r"[.;](?=\s)|[!?|]")
TABLE_ROW_RE = regex.compile(r"[ ]*\|(?:[^|\n]*\|){2,}")
# The task cell of a table row: the first with two words of letters (not "TT", an item number or a code).
TASK_CELL_RE = regex.compile(r"(?<=\|)[ ]*(?P<cell>[^|\n]*?\p{L}{2,}[ ,]+\p{L}[^|\n]*?)[ ]*(?=\|)")
LABEL_HEADS = r"(?:thoi\s+gian|thoi\s+han|han\s+chot|han\s+cuoi|han)"
LABEL_HEAD_RE = regex.compile(rf"{LABEL_HEADS}\s+")
CLOCK = r"(?:(?:vao\s+|truoc\s+)?\d{1,2}\s{0,2}(?:h|gio)\s{0,2}(?:\d{1,2}\s{0,2}(?:phut|p)?)?\s{0,2},?\s{0,2})?"
FILLER_RE = regex.compile(rf"^[\s:,\-–]*(?:xong|la|vao|ngay)?[\s:,\-–]*{CLOCK}(?:ngay\s*)?$")
OPEN_PAREN_RE = regex.compile(r"\(\s*$")
WS_RE = regex.compile(r"\s+")
PAREN_SPLIT_RE = regex.compile(r"\s*\(")
# What tells apart the dates of a deadline list: a short bracket right after each ("(báo cáo học kỳ I)").
LIST_TAG_RE = regex.compile(r"[ ]{0,2}\([^()\n]{1,60}\)")
EDGE = " \t\n:,;.-–"
MAX_VERB_WORDS = 14
# A verb that opens its clause ("- Báo cáo sơ kết … về Phòng Tổ chức và Nhân sự trong tháng 7/2025") makes the
# whole clause the obligation: its "trong"/"vào" date may stand further away.
MAX_OPENING_VERB_WORDS = 30
MAX_WHAT_WORDS = 16


def _alt(phrases: list[str]) -> str:
    return phrase_alt(fold(p) for p in phrases)


@lru_cache(maxsize=None)
def _words(kind: str) -> tuple[str, ...]:
    return tuple(r["phrase"] for r in load_table("deadline_words") if r["kind"] == kind)


@lru_cache(maxsize=None)
def _patterns() -> dict[str, regex.Pattern[str]]:
    """Compiled once from rules/deadline_words.tsv (folded text)."""
    verb = _alt(list(_words("verb")))
    act = _alt(list(_words("verb")) + list(_words("act")))
    not_verb = _alt(list(_words("not_verb")))
    return {
        "cue": regex.compile(rf"(?<!\w)(?P<cue>{_alt(list(_words('cue')))})[\s:,]{{0,3}}(?:la\s+)?(?:vao\s+)?{CLOCK}(?:ngay\s*)?[:\s]{{0,3}}$"),
        "not_before": regex.compile(rf"(?<!\w)(?:{_alt(list(_words('not_before')))})\s+$"),
        "list_join": regex.compile(rf"(?<!\w)(?:{_alt(list(_words('list_join')))})\s+$"),
        "in_at": regex.compile(r"(?<!\w)(?P<prep>trong|vao)\s+(?:ngay\s+)?$"),
        "verb": regex.compile(rf"(?<!\w)(?!(?:{not_verb})(?!\w))(?:{verb})(?!\w)"),
        "act": regex.compile(rf"(?<!\w)(?!(?:{not_verb})(?!\w))(?:{act})(?!\w)"),
        "label": regex.compile(rf"{LABEL_HEADS}\s+(?:{_alt(list(_words('label')))})(?!\w)[^:\n]{{0,80}}:"),
        "lead_verb": regex.compile(rf"[\s:,\-–]{{0,4}}(?!(?:{not_verb})(?!\w))(?:{act})(?!\w)"),
        "recurring": regex.compile(rf"[\s,]{{0,3}}(?:{_alt(list(_words('recurring')))})(?!\w)"),
        "generic": regex.compile(rf"^(?:(?:{_alt(list(_words('generic')))})(?!\w)[\s:,]*)*$"),
        "citation": regex.compile(r"\d+\s*/\s*[\w\-]+[^\s,;]*\s+(?:ngay\s+)?$"),
    }


@dataclass(frozen=True)
class Deadline:
    """A dated obligation."""

    what: str | None
    date: DateValue
    text: str
    span: tuple[int, int]

    def to_json(self) -> dict:
        return {"what": self.what, "date": self.date.to_json(), "text": self.text, "span": [self.span[0], self.span[1]]}


def _breaks(f: str, ls: int) -> "regex.Pattern[str]":
    """What ends a clause on the line starting at `ls`: also a cell bar in a table row."""
    return CELL_BREAK_RE if TABLE_ROW_RE.match(f, ls) else CLAUSE_BREAK_RE


def _clause_start(f: str, ls: int, pos: int) -> int:
    """Start of the clause holding `pos` (after the last ". " or ";" of the line, or a table row's "|";
    bullets skipped)."""
    start = ls
    for m in _breaks(f, ls).finditer(f, ls, pos):
        start = m.end()
    lead = LEAD_RE.match(f, start)
    return lead.end() if lead and lead.end() <= pos else start


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """The span without edge spaces and punctuation, so that text[span] is the item's text."""
    while s < e and text[s] in EDGE:
        s += 1
    while e > s and text[e - 1] in EDGE:
        e -= 1
    return s, e


def _clean(s: str) -> str:
    return WS_RE.sub(" ", s).strip(EDGE).strip()


def _what(text: str, f: str, s: int, e: int, from_verb: bool = True) -> str | None:
    """The obligation words of text[s:e]: from the first obligation verb (with `from_verb`), without a
    "Thời gian" label."""
    lab = LABEL_HEAD_RE.match(f, s)
    if lab:
        s = lab.end()
    v = _patterns()["act"].search(f, s, e) if from_verb else None
    if v and len(f[s:v.start()].split()) <= MAX_VERB_WORDS:
        s = v.start()
    words = _clean(text[s:e]).split(" ")
    out = " ".join(words[:MAX_WHAT_WORDS]).strip()
    if out.count("(") > out.count(")"):  # cut before a bracket the word limit left open
        out = _clean(out[:out.rfind("(")])
    if not out:
        return None
    return out[0].upper() + out[1:]


def _trigger(text: str, f: str, ls: int, le: int, d: DateValue,
             cued: tuple[int, ...] = ()) -> tuple[int, int, int, int | None] | None:
    """Why `d` is a deadline: (clause start, what start, what end, start of its cue when a cue word
    stands before it), or None. `cued`: cue starts of the deadlines read before it on its line."""
    ds, de = d.span  # type: ignore[misc]
    cs = _clause_start(f, ls, ds)
    pats = _patterns()
    before = f[max(cs, ds - 40):ds]
    off = max(cs, ds - 40)
    cue = pats["cue"].search(before)
    if cue:
        at = off + cue.start()
        if not pats["not_before"].search(f, max(cs, at - 12), at):
            return cs, cs, at, at
        # "báo cáo trước ngày 31/12 (học kỳ I) và trước ngày 15/7 (năm học)": a second date of a deadline list
        # shares the obligation of the first one in its clause.
        first = next((c for c in cued if cs <= c < at), None)
        if first is not None and pats["list_join"].search(f, max(cs, at - 12), at):
            return at, cs, first, at
    prep = pats["in_at"].search(before)
    if prep:
        vstart = off + prep.start()
        verbs = [v for v in pats["verb"].finditer(f, cs, vstart)
                 if len(f[v.end():vstart].split()) <= (MAX_OPENING_VERB_WORDS if v.start() == cs else MAX_VERB_WORDS)]
        if verbs:
            return cs, cs, vstart, None
    labels = list(pats["label"].finditer(f, cs, ds))
    if labels and (FILLER_RE.match(f[labels[-1].end():ds]) or pats["cue"].search(f[labels[-1].end():ds])):
        return cs, cs, labels[-1].end() - 1, None
    opened = OPEN_PAREN_RE.search(f, max(ls, ds - 4), ds)
    if cs >= ds - 1 or opened or not f[cs:ds].strip(" (-–+•*"):
        lv = pats["lead_verb"].match(f, de)
        if lv:
            end = le
            close = f.find(")", de, le) if opened else -1
            brk = _breaks(f, ls).search(f, de, le)
            if close >= 0:
                end = close
            elif brk:
                end = brk.start()
            return (opened.start() if opened else cs), lv.end() - len(lv.group().lstrip(" :,-–")), end, None
    return None


def _task_cell(text: str, f: str, ls: int, cell_start: int) -> str | None:
    """The obligation of a table row whose date cell says only when: its first cell of two words or more
    before that cell (the task column of a "TT | Nội dung | Chủ trì | … | Thời gian" table)."""
    m = TASK_CELL_RE.search(text, ls, cell_start)
    return _what(text, f, m.start("cell"), m.end("cell"), from_verb=False) if m else None  # the cell is the task


def _list_tag_end(f: str, de: int, le: int) -> int:
    """End of a bracket right after a listed date ("trước ngày 15/7/2026 (báo cáo năm học)"), else `de`."""
    m = LIST_TAG_RE.match(f, de, le)
    return m.end() if m else de


def _tagged(text: str, f: str, first: Deadline, le: int, base: int) -> Deadline:
    """The first deadline of a list with the bracket after its date added to its `what` and text, which
    otherwise read the same as the next one's ("… (báo cáo học kỳ I)" / "… (báo cáo năm học)")."""
    de = first.span[1] - base
    if first.date.span is None or first.date.span[1] != first.span[1]:
        return first  # its text goes past its date already
    fe = _list_tag_end(f, de, le)
    tag = text[de:fe].strip()
    if not tag:
        return first
    fs = first.span[0] - base
    return replace(first, what=f"{first.what} {tag}" if first.what else first.what,
                   text=WS_RE.sub(" ", text[fs:fe]).strip(), span=(fs + base, fe + base))


def find_deadlines(text: str, base: int = 0, *, default_year: int | None = None,
                   exclude: tuple[tuple[int, int], ...] = (), folded: str | None = None) -> list[Deadline]:
    """Deadlines in text order; dates inside `exclude` spans (offsets with `base`) are skipped
    (`folded`: `fold(text)` when the caller has it)."""
    f = fold(text) if folded is None else folded
    pats = _patterns()
    out: list[Deadline] = []
    for ls, le in clause_lines(text):
        if not ANY_DATE_HINT_RE.search(f, ls, le):
            continue  # no digit, "tháng" or "quý": no date (what `find_dates` tests first)
        seg = text[ls:le]
        dates = find_dates(seg, ls, default_year=default_year, folded=f[ls:le])
        if not dates:
            continue
        in_ranges = [r.span for r in find_date_ranges(seg, ls, default_year=default_year)]
        cued: list[int] = []
        listed: dict[int, int] = {}  # cue start -> index in `out` of the deadline it led
        for d in dates:
            if d.span is None or not d.value or d.precision == "year":
                continue
            ds, de = d.span
            if any(a <= ds < b for a, b in in_ranges) or any(a <= ds + base < b for a, b in exclude):
                continue
            if pats["recurring"].match(f, de) or pats["citation"].search(f, max(ls, ds - 40), ds):
                continue
            got = _trigger(text, f, ls, le, d, tuple(cued))
            if got is None:
                continue
            cs, ws, we, cue_at = got
            if cue_at is not None:
                cued.append(cue_at)
                listed[cue_at] = len(out)
            if cue_at is not None and ws < cs:  # the second date of a list: its own words name it
                if we in listed:
                    out[listed[we]] = _tagged(text, f, out[listed[we]], le, base)
                what = _what(text, f, ws, we)
                te = _list_tag_end(f, de, le)
                tag = text[de:te].strip()
                out.append(Deadline(f"{what} {tag}" if what and tag else what,
                                    quarter_end(replace(d, span=(ds + base, de + base))),
                                    WS_RE.sub(" ", text[cs:te]).strip(), (cs + base, te + base)))
                continue
            lead_verb = ws > de
            te = max(de, we)
            if lead_verb and te < le and text[te] == ")" and text[cs] == "(":
                te += 1
            what = _what(text, f, ws, we)
            if (what is None or pats["generic"].match(fold(what))) and TABLE_ROW_RE.match(f, ls, le):
                cell = _task_cell(text, f, ls, cs)  # "| 2 | Ban hành hướng dẫn … | … | Trước ngày 15/7 |"
                what = (f"{what}: {cell}" if what else cell) if cell else what
            if what is None and not lead_verb:  # "Trước ngày 31/12/2024, 100% các xã hoàn thành …"
                brk = _breaks(f, ls).search(f, de, le)
                te = brk.start() if brk else le
                what = _what(text, f, de, te)
            if not (lead_verb and text[te - 1] == ")"):
                cs, te = _trim(text, cs, te)
            out.append(Deadline(what, quarter_end(replace(d, span=(ds + base, de + base))),
                                WS_RE.sub(" ", text[cs:te]).strip(), (cs + base, te + base)))
    return out


def _dedupe(items: list[Deadline]) -> list[Deadline]:
    seen: set[tuple] = set()
    kept = []
    for d in sorted(items, key=lambda x: x.span):
        key = (d.date.value, fold(d.what or ""))
        if key in seen or (d.date.value, d.span) in seen:
            continue
        seen.update({key, (d.date.value, d.span)})
        kept.append(d)
    return kept


def extract(doc: KhDoc) -> Found:
    """Deadlines from the title to the signature, minus the period, phases and anniversaries."""
    start = doc.zones.title[0]
    end = doc.zones.closing[1] if doc.zones.closing != (0, 0) else len(doc.text)
    body, folded = doc.text[start:end], doc.folded[start:end]
    phases = find_phases(body, start, default_year=doc.year, folded=folded)
    comms = commemorations_in(doc, start, end)
    exclude = tuple(p.span for p in phases) + tuple(c.span for c in comms)
    period = find_period(doc, exclude, tuple(phases))
    if period:
        exclude += (period.span,)
    items = []
    for dl in find_deadlines(body, start, default_year=doc.year, exclude=exclude, folded=folded):
        if dl.what is None or _patterns()["generic"].match(fold(dl.what)):
            sec = doc.section_at(dl.span[0])
            if sec is not None and not _patterns()["generic"].match(fold(sec.heading)):
                heading = " ".join(PAREN_SPLIT_RE.split(sec.heading)[0].rstrip(" .:;").split(" ")[:MAX_WHAT_WORDS])
                dl = replace(dl, what=f"{dl.what}: {heading}" if dl.what else heading)
        items.append(dl)
    return Found({"deadlines": [d.to_json() for d in _dedupe(items)]})
