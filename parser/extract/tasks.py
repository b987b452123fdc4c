"""`tasks`: concrete activities that carry their own "who / when" label lines.

A task is a numbered item followed by label lines ("- Đơn vị chủ trì: …",
"- Đơn vị phối hợp thực hiện: …", "- Danh nghĩa tổ chức: …", "- Thời gian
thực hiện: …"; rules/task_labels.tsv), or labels in a parenthesis after it
("(Chủ trì: Phòng Nội vụ; thời gian: quý II/2023)"), or a row of a table
whose header names such columns. An item with no unit label (chủ trì,
thực hiện / phối hợp, danh nghĩa) is not a task: a heading followed by a
"Thời gian:" line alone is more often a period than an activity.

- title: the item's heading minus a closing note "(có Kế hoạch riêng)" and
  the labels in it;
- lead_units / units: the label values split into bodies (`unit_split`);
- organizer: the "Danh nghĩa tổ chức" value as written;
- time: the value after an exact time label ("Thời gian thực hiện:"), or the
  whole line when the label runs on ("Thời gian nộp … chậm nhất: 31/5/2023");
  dates from `values`: a range gives start and end, a single date after
  "trước", "chậm nhất", "hạn", "xong" is an end only, a quarter alone runs
  from its first to its last month, otherwise start = end.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from ..model import Found, KhDoc, Line, Section
from ..rules import column, load_table
from ..text.fold import fold, phrase_alt
from ..values.dates import DateValue, find_date_ranges, find_dates
from .unit_split import split_units, starts_body

BULLET_RE = regex.compile(r"^\s*[-–—+•*]\s*")
LEAD_EDGE_RE = regex.compile(r"^[\s\-–—+•*]+")
TAIL_EDGE_RE = regex.compile(r"[\s.,;:]+$")
UNIT_FIELDS = ("lead", "units", "organizer")
TABLE_ROW_RE = regex.compile(r"^\s*\|.*\|\s*$")
WS_RE = regex.compile(r"\s+")
LABEL_SPACE_RE = regex.compile(r"[\s,/]+")
BAR_RE = regex.compile(r"\|")
RULE_CELL_RE = regex.compile(r"[\s:\-–]*")  # "| --- | :-: |"
# "PHỤ LỤC", "Phụ lục II", "PHỤ LỤC SỐ 02" opening an appendix (folded).
APPENDIX_RE = regex.compile(r"^[\s#*]*(phu\s+luc)(?:\s+(?:so\s+)?([ivxlc]+|\d{1,2}|[a-z])(?![\p{L}\d]))?")
APPENDIX_TITLE_MAX = 150  # longer lines are sentences that mention an appendix
QUARTER_RE = regex.compile(r"quy(?![\p{L}])")  # "Quý II/2025" (folded)


@dataclass(frozen=True)
class Label:
    """One "label: value" found in a line; `value` spans the value only, `line` the whole label line."""

    field: str
    exact: bool
    value: tuple[int, int]
    line: tuple[int, int]


def _label_alt(match: str) -> str:
    rows = [r for r in load_table("task_labels") if r["match"] == match and r["field"] != "title"]
    words = sorted({fold(r["label"]) for r in rows}, key=len, reverse=True)
    if all(part.isalnum() for w in words for part in w.split(" ")):  # words only: factored, same matches
        return phrase_alt(words, {" ": r"[\s,/]+"})
    return "|".join(regex.escape(w).replace(r"\ ", r"[\s,/]+") for w in words)


@lru_cache(maxsize=1)
def _label_re() -> "regex.Pattern[str]":
    """A label at a line start (after a bullet) or after "(" or ";", then a colon."""
    return regex.compile(
        r"(?:^[\s\-–—+•*]*(?:[a-zđ\d]{1,2}[.)]\s+)?|(?<=[(;]\s*|\s[-–—]\s*))"
        r"(?:(?P<exact>" + _label_alt("exact") + r")|(?P<prefix>" + _label_alt("prefix") + r")[^:()\n]{1,60}?(?:\([^()\n]{0,40}\)[^:()\n]{0,20})?)"
        r"\s*[:：]",
    )


@lru_cache(maxsize=1)
def _field_of() -> dict[str, str]:
    return {LABEL_SPACE_RE.sub(" ", fold(r["label"])): r["field"] for r in load_table("task_labels")}


def _field(label_folded: str) -> str | None:
    key = LABEL_SPACE_RE.sub(" ", label_folded).strip()
    hit = _field_of().get(key)
    if hit:
        return hit
    for r in load_table("task_labels"):
        if r["match"] == "prefix" and key.startswith(fold(r["label"])):
            return r["field"]
    return None


@lru_cache(maxsize=1)
def _deadline_cue_re() -> "regex.Pattern[str]":
    """A deadline word right before a date ("trước ngày", "chậm nhất:"), on folded text."""
    words = "|".join(regex.escape(fold(w)).replace(r"\ ", r"\s+") for w in column("task_time_words", "phrase"))
    return regex.compile(r"(?<![\p{L}])(?:" + words + r")\W*(?:ngay\s*)?$")


@lru_cache(maxsize=1)
def _note_re() -> "regex.Pattern[str]":
    words = "|".join(regex.escape(fold(w)).replace(r"\ ", r"\s+") for w in column("task_notes", "word"))
    return regex.compile(r"\s*\([^()]*(?<![\p{L}])(?:" + words + r")(?![\p{L}])[^()]*\)[\s.,;:]*$")


def _strip_note(text: str, start: int, end: int, folded: str | None = None) -> tuple[int, int]:
    """Drop a closing "(có Kế hoạch riêng)" and edge punctuation from text[start:end] (`folded`:
    `fold(text)` when the caller has it)."""
    while end > start:
        seg = text[start:end]
        m = _note_re().search(fold(seg) if folded is None else folded[start:end])
        if m and m.start() > 0:
            end = start + m.start()
            continue
        m = TAIL_EDGE_RE.search(seg)
        if m:
            end = start + m.start()
            continue
        m = LEAD_EDGE_RE.match(seg)
        if m:
            start += m.end()
            continue
        break
    return start, end


def _unmatched_close(seg: str) -> int:
    depth = 0
    for i, ch in enumerate(seg):
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                return i
            depth -= 1
    return len(seg)


def _has_colon(s: str) -> bool:
    """Every label ends with a colon: lines without one skip the label scan (most lines)."""
    return ":" in s or "：" in s


def find_labels(line: Line) -> list[Label]:
    """Labels in one line, each value running to the next label, a closing ")" or the line end."""
    if not _has_colon(line.folded):
        return []
    hits = list(_label_re().finditer(line.folded))
    out = []
    for i, m in enumerate(hits):
        lab0 = m.start("exact") if m.group("exact") else m.start("prefix")
        field = _field(line.folded[lab0: m.end() - 1].strip(" :"))
        if field is None or field == "title":
            continue
        stop = hits[i + 1].start() if i + 1 < len(hits) else len(line.text)
        seg = line.text[m.end():stop]
        depth = line.text.count("(", 0, m.start()) - line.text.count(")", 0, m.start())
        if depth > 0:  # a label inside "( … )": the value ends at the unmatched ")"
            seg = seg[: _unmatched_close(seg)]
        v0 = line.start + m.end()
        out.append(Label(field, bool(m.group("exact")), (v0, v0 + len(seg.rstrip(" ;"))),
                         (line.start + m.start(), line.start + m.start() + (m.end() - m.start()) + len(seg))))
    return out


def _dates(text: str, base: int, year: int | None) -> tuple[DateValue | None, DateValue | None]:
    ranges = find_date_ranges(text, base, default_year=year)
    if ranges:
        return ranges[0].start, ranges[0].end
    dates = find_dates(text, base, default_year=year)
    if not dates:
        return None, None
    first = dates[0]
    if first.span and _deadline_cue_re().search(fold(text[: first.span[0] - base])):
        return None, first
    if len(dates) == 1:
        return first, _quarter_end(first)
    return first, dates[-1]


def _quarter_end(d: DateValue) -> DateValue:
    """A quarter alone as a task's time ("Quý II/2025") runs to its last month; any other date is its own end."""
    if not (d.text and d.value and d.precision == "month" and QUARTER_RE.match(fold(d.text))):
        return d
    year, month = d.value.split("-")
    return DateValue(f"{year}-{int(month) + 2:02d}", "month", d.text, d.span, d.calendar)


def task_time(text: str, lab: Label, year: int | None) -> dict:
    """The time of a "Thời gian …:" label in `text` (offsets of `lab` index `text`): the value after an
    exact label, the whole line after a label that runs on; dates with `year` for year-less ones."""
    a, b = _strip_note(text, *(lab.value if lab.exact else lab.line))
    if not lab.exact:
        m = BULLET_RE.match(text[a:b])
        a += len(m.group(0)) if m else 0
    start, end = _dates(text[a:b], a, year)
    return {"text": WS_RE.sub(" ", text[a:b]), "start": start.to_json() if start else None,
            "end": end.to_json() if end else None, "span": [a, b]}


def _units(doc: KhDoc, labels: list[Label], field: str) -> list[str]:
    out: list[str] = []
    for lab in labels:
        if lab.field == field:
            a, b = _strip_note(doc.text, *lab.value, doc.folded)
            out.extend(u.text for u in split_units(doc.text[a:b], a) if u.text not in out)
    return out


def _task(doc: KhDoc, title: tuple[int, int], labels: list[Label], section: str | None, span: tuple[int, int]) -> dict | None:
    a, b = _strip_note(doc.text, *title, doc.folded)
    if b <= a or not any(lab.field in UNIT_FIELDS for lab in labels):
        return None
    organizer = next((_strip_note(doc.text, *lab.value, doc.folded) for lab in labels if lab.field == "organizer"), None)
    time = next((task_time(doc.text, lab, doc.year) for lab in labels if lab.field == "time"), None)
    return {
        "title": WS_RE.sub(" ", doc.text[a:b]),
        "lead_units": _units(doc, labels, "lead"),
        "units": _units(doc, labels, "units"),
        "organizer": WS_RE.sub(" ", doc.text[organizer[0]:organizer[1]]) if organizer and organizer[1] > organizer[0] else None,
        "time": time,
        "section": section,
        "span": [span[0], span[1]],
    }


def _plausible(doc: KhDoc, lab: Label) -> bool:
    """A unit label names bodies ("Chủ trì: Phòng Nội vụ"), not an action ("- Chủ trì: tham mưu …")."""
    if lab.field not in ("lead", "units"):
        return True
    value = doc.text[lab.value[0]:lab.value[1]].strip()
    return bool(value) and (value[0].isupper() or starts_body(value))


def _title_end(doc: KhDoc, t0: int, first_label: int) -> int:
    """A title ends before its first inline label, or before the "(" that opens it."""
    k = doc.text.rfind("(", t0, first_label + 1)
    return k if k >= t0 else first_label


def _section_tasks(doc: KhDoc, sec: Section) -> list[dict]:
    """Tasks of a section whose own lines (before its first sub-item) carry unit labels: the
    section itself, or each "- activity" bullet followed by "+ Chủ trì: …" lines."""
    n = 0
    while n < len(sec.children) and _has_colon(sec.children[n].heading) and _label_re().match(fold(sec.children[n].heading)):
        n += 1  # "a) Đơn vị chủ trì: …" numbered like sub-items are still label lines
    own_end = sec.children[n].start if len(sec.children) > n else sec.end
    head = doc.lines[sec.line_index]
    lines = [ln for ln in doc.lines_in((sec.start, own_end)) if ln.index != sec.line_index]
    found = [(ln, [lab for lab in find_labels(ln) if _plausible(doc, lab)]) for ln in lines]
    bullets = _bullet_tasks(doc, sec, found)
    if bullets:
        return bullets
    labels = [lab for _, labs in found for lab in labs]
    i = head.text.find(sec.heading[:20])
    t0, t1 = head.start + max(i, 0), head.end
    head_labels = [lab for lab in find_labels(head) if _plausible(doc, lab)]
    if head_labels:  # "1. Hội nghị sơ kết (Chủ trì: Phòng Nội vụ; thời gian: tháng 6)"
        t1 = _title_end(doc, t0, head_labels[0].line[0])
        labels = head_labels + labels
    if not labels:
        return []
    task = _task(doc, (t0, t1), labels, sec.path, (sec.start, max(lab.line[1] for lab in labels)))
    return [task] if task else []


def _bullet_tasks(doc: KhDoc, sec: Section, found: list[tuple[Line, list[Label]]]) -> list[dict]:
    """"- Tổ chức Hội thi …" / "+ Chủ trì: …" / "+ Thời gian: …": activities as dash bullets
    whose labels are plus bullets (a deeper list level)."""
    out = []
    title: Line | None = None
    labels: list[Label] = []
    for ln, labs in [*found, (None, [])]:
        if ln is not None and labs and title is not None and ln.text.lstrip()[:1] in "+•":
            labels.extend(labs)
            continue
        if title is not None and labels:
            a = title.start + len(BULLET_RE.match(title.text).group(0))
            task = _task(doc, (a, _title_end(doc, a, labels[0].line[0]) if labels[0].line[0] < title.end else title.end),
                         labels, sec.path, (title.start, labels[-1].line[1]))
            out += [task] if task else []
        title, labels = None, []
        if ln is not None and not labs and ln.text.lstrip()[:1] in "-–—":
            title = ln
    return out


def _cells(line: Line) -> list[tuple[int, int]]:
    """Cell spans of a markdown table row "| 1 | Hội nghị | Phòng Nội vụ |"."""
    bars = [m.start() for m in BAR_RE.finditer(line.text)]
    return [(line.start + a + 1, line.start + b) for a, b in zip(bars, bars[1:])]


def _appendix_path(doc: KhDoc, line: Line, first_cell: str) -> str | None:
    """Section of a table row printed in an appendix after the signature: "Phụ lục.3" (or "Phụ lục II.3")
    from the nearest "PHỤ LỤC …" title line above the row and the row's "TT" number; None when no such
    title stands between the body and the row."""
    for ln in reversed(doc.lines_in((doc.zones.body[1], line.start))):
        m = APPENDIX_RE.match(ln.folded)
        if m and len(ln.text) <= APPENDIX_TITLE_MAX:
            label = WS_RE.sub(" ", ln.text[m.start(1):m.end(1)]).strip().capitalize()
            if m.group(2):
                label += " " + ln.text[m.start(2):m.end(2)].upper()
            return f"{label}.{first_cell}" if first_cell.isdigit() else label
    return None


def _table_tasks(doc: KhDoc) -> list[dict]:
    """Rows of tables whose header names an activity column and a unit column
    ("| TT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian |"), in the body or in an appendix
    printed after the signature ("PHỤ LỤC / NHIỆM VỤ CỤ THỂ … / (Kèm theo Kế hoạch số …)"): the
    closing zone runs to the end of the text, and a Nơi nhận list or a signature is never such a table."""
    out: list[dict] = []
    header: list[str | None] | None = None
    for ln in doc.lines_in((doc.zones.body[0], max(doc.zones.body[1], doc.zones.closing[1]))):
        if not TABLE_ROW_RE.match(ln.text):
            header = None
            continue
        cells = _cells(ln)
        texts = [doc.text[a:b].strip() for a, b in cells]
        if all(RULE_CELL_RE.fullmatch(t) for t in texts):
            continue
        if header is None:
            fields = [_field(fold(t).strip(" .:")) if t else None for t in texts]
            if "title" in fields and any(f in UNIT_FIELDS for f in fields):
                header = fields
            continue
        row = {f: _strip_note(doc.text, *c, doc.folded) for f, c in zip(header, cells) if f}
        labels = [Label(f, True, row[f], row[f]) for f in ("lead", "units", "organizer", "time") if f in row and row[f][1] > row[f][0]]
        if "title" in row:
            inside = ln.start < doc.zones.body[1]
            path = doc.section_path(ln.start) if inside else _appendix_path(doc, ln, texts[0] if texts else "")
            t = _task(doc, row["title"], labels, path, (ln.start, ln.end))
            out += [t] if t else []
    return out


def extract(doc: KhDoc) -> Found:
    """Tasks of every labelled numbered item and task table row, sorted by span."""
    tasks = [t for s in doc.flat_sections for t in _section_tasks(doc, s)]
    tasks += _table_tasks(doc)
    tasks.sort(key=lambda t: (t["span"][0], t["span"][1]))
    return Found({"tasks": tasks})
