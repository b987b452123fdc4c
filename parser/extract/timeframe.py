"""`period` and `phases`: the plan's overall time frame and its stages.

A plan states its time frame under a "THỜI GIAN THỰC HIỆN" heading or in a
"Thời gian thực hiện: …" line of its purpose / organisation parts, and its
stages as "- Đợt 1: Từ tháng 7/2021 đến hết tháng 12/2022", "Giai đoạn II
(từ … đến …)", "Đợt thi đua thứ nhất: …" (rules/timeframe_words.tsv).

Judgement calls:
- The period is the first stated time frame of the whole plan: a heading
  labelled "Thời gian <thực hiện|triển khai|phát động|…>" (level 1 or 2, or
  under a purpose/organisation heading), else such a label line in the title,
  preamble or a purpose/organisation/time section that is not a task (a
  section with "Đơn vị chủ trì" lines is a task, its time is the task's),
  else a "từ … đến …" / "giai đoạn 2021 - 2025" range in the title. A bare
  "THỜI GIAN" heading ("I. THỜI GIAN", "II. THỜI GIAN, ĐỐI TƯỢNG") counts at
  level 1 or under a purpose/organisation heading, and only when its first line
  reads as the frame of the whole drive (time_heading.py): "Từ ngày … đến
  ngày …", "Đợt thi đua được triển khai từ …" — not a schedule ("Tháng 3/2025:
  …"), a duty's deadline, nor "2. Thời gian" under one activity.
- The first range of the stated frame wins; a lone date is the start after
  "từ", the end after "đến"/"hết"/"trước", else both ("Trong năm 2024"; a
  quarter runs from its first to its last month); "tháng 9 và tháng 10/2024"
  runs from the first to the last. Ranges that belong to a phase are never
  the period. Stages make a period only when a time heading ("THỜI GIAN THỰC
  HIỆN", "NỘI DUNG VÀ THỜI GIAN") holds nothing but them (first start to last
  end) — a "Thời gian thực hiện: Từ … đến …, chia làm 02 đợt:" line before
  them states the period itself; stages elsewhere make none (corpus/000 has
  two and no period).
- A phase needs a name with a number ("Đợt 1", "Giai đoạn I", "đợt thứ hai";
  not "giai đoạn 2021-2025", not "Đợt thi đua cao điểm") and a date right
  after it on its line, or at the start of the next line. A spelled ordinal
  may follow a few words that name the stage ("Đợt cao điểm thứ nhất",
  "Giai đoạn triển khai thứ hai"); a bare number only a listed qualifier
  ("Đợt cao điểm 2"), since "đợt tuyển quân 2 …" may count something. The same stage
  repeated later (same dates) is listed once.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

import regex

from ..model import Found, KhDoc, Line, Section
from ..rules import load_table
from ..text.fold import fold, phrase_alt, word_start
from ..values.dates import DateValue, find_date_ranges, find_dates
from .commemorations import clause_lines, commemorations_in
from .time_expr import first_time, quarter_end
from .time_heading import END_CUE_RE, frames_drive, is_bare_time_heading

__all__ = ["Period", "Phase", "find_phases", "parse_time_expression", "find_period", "quarter_end", "extract"]

LEAD_RE = regex.compile(r"[\s\-–—+•*#>]*(?:(?:[ivxl]{1,5}|[a-z]|\d{1,2}(?:\.\d{1,2}){0,3})\s{0,2}[.):/\-–]\s*)?[\s\-–—+•*]*")
PHASE_GAP_MAX = 60
PHASE_MIDDLE_WORDS = 3  # words between a stage word and "thứ <ordinal>": "Đợt thi đua cao điểm thứ hai"
NEXT_LINE_GAP_MAX = 40
NEXT_LINE_REST_WORDS = 12
TASK_LOOKBACK = 4
GAP_BREAK_RE = regex.compile(r"[.;](?=\s|$)")
TITLE_RANGE_RE = regex.compile(r"^(?:tu|giai doan|thoi ky)\b")
WS_RE = regex.compile(r"\s+")
CLOSE_RE = regex.compile(r"\s{0,2}\)")
TIME_WORD_RE = regex.compile(r"(?<!\w)thoi\s+gian(?!\w)")
TITLE_RANGE_CUE_RE = regex.compile(r"(?:giai doan|thoi ky)\s*$")
# A lone date belongs to a stage only right after its name or after a colon / bracket ("Đợt 2: Tháng 12/2024",
# "Giai đoạn 1 (năm 2024)"), not inside a sentence ("Giai đoạn 1 của Chương trình đã hoàn thành năm 2023").
CUE_WORDS = r"(?:(?:tu|den|truoc|het|trong|vao|cham\s+nhat|ngay|thoi\s+gian)\s+)*"
SINGLE_GAP_RE = regex.compile(rf"[\s\-–]*|.{{0,40}}[:(]\s*{CUE_WORDS}")
NEXT_GAP_RE = regex.compile(rf"[\s\-–+•*]*(?:thoi\s+gian[^:\n]{{0,30}}:\s*)?{CUE_WORDS}")


def _alt(phrases: list[str]) -> str:
    return phrase_alt(fold(p) for p in phrases)


@lru_cache(maxsize=None)
def _rows(kind: str) -> tuple[dict[str, str], ...]:
    return tuple(r for r in load_table("timeframe_words") if r["kind"] == kind)


@lru_cache(maxsize=None)
def _patterns() -> dict[str, regex.Pattern[str]]:
    """Compiled once from rules/timeframe_words.tsv (folded text)."""
    phase = _alt([r["phrase"] for r in _rows("phase")])
    ordinal = _alt([r["phrase"] for r in _rows("ordinal")])
    pquals = _alt([r["phrase"] for r in _rows("phase_qualifier")])
    stops = _alt([r["phrase"] for r in _rows("phase_stop")])
    # Between the stage word and "thứ <ordinal>" a few words may name the stage ("Đợt cao điểm thứ nhất",
    # "Giai đoạn triển khai thứ hai"); before a bare number only a listed qualifier ("Đợt cao điểm 2").
    middle = rf"(?:\s{{1,3}}(?!(?:thu|{stops})(?!\w))\p{{L}}+){{0,{PHASE_MIDDLE_WORDS}}}?"
    labels = _alt([r["phrase"] for r in _rows("label")])
    quals = _alt([r["phrase"] for r in _rows("qualifier")])
    return {
        "phase_word": regex.compile(phase),  # in every match of "phase"
        "phase": regex.compile(
            rf"{word_start(fold(r['phrase']) for r in _rows('phase'))}(?<!\w)(?P<name>(?:{phase})(?:{middle}\s{{1,3}}(?:lan\s{{1,3}})?thu\s{{1,3}}"
            rf"(?P<ord>{ordinal}|\d{{1,2}}|[ivx]{{1,4}})|(?:\s{{1,3}}(?:{pquals}))?\s{{1,3}}(?:so\s{{1,3}})?(?P<num>\d{{1,2}}|[ivx]{{1,4}})))"
            rf"(?!\w)(?!\s{{0,2}}[-–/]\s{{0,2}}\d)"),
        "label": regex.compile(
            rf"(?P<label>thoi\s+(?:gian|han)(?P<word>\s+(?:{labels}))?(?P<qual>[\s,]+(?:{quals}))?)"
            rf"\s*(?P<end>:|[-–]\s|$|[.]?\s*$)"),
        "context": regex.compile(rf"(?<!\w)(?:{_alt([r['phrase'] for r in _rows('context')])})(?!\w)"),
        "task": regex.compile(rf"^[\W\d]*(?:{_alt([r['phrase'] for r in _rows('task_marker')])})(?!\w)"),
    }


@dataclass(frozen=True)
class Phase:
    """A stage: "Đợt 1: Từ tháng 7/2021 đến hết tháng 12/2022"."""

    name: str
    start: DateValue | None
    end: DateValue | None
    text: str
    span: tuple[int, int]

    def to_json(self) -> dict:
        return {"name": self.name, "start": _dj(self.start), "end": _dj(self.end), "text": self.text,
                "span": [self.span[0], self.span[1]]}


@dataclass(frozen=True)
class Period:
    """The plan's time frame; start is None for "từ nay đến …"."""

    start: DateValue | None
    end: DateValue | None
    text: str
    span: tuple[int, int]

    def to_json(self) -> dict:
        return {"start": _dj(self.start), "end": _dj(self.end), "text": self.text,
                "span": [self.span[0], self.span[1]]}


def _dj(d: DateValue | None) -> dict | None:
    return d.to_json() if d else None


def _clean(s: str) -> str:
    return WS_RE.sub(" ", s).strip().rstrip(".,;:")


# --- phases ------------------------------------------------------------------------------------------------------

def _name_ok(f: str, m: regex.Match[str], line_start: int) -> bool:
    """A stage name heads its line or a clause after ":" / ";" ("chia làm 2 đợt: đợt 1 từ …; đợt 2 …");
    after a comma it is usually a cited programme's stage ("Chương trình …, giai đoạn I: 2021 - 2025")."""
    lead = LEAD_RE.match(f, line_start)
    if lead and lead.end() >= m.start():
        return True
    before = f[line_start:m.start()].rstrip()
    return before.endswith((":", ";"))


def find_phases(text: str, base: int = 0, *, default_year: int | None = None, folded: str | None = None) -> list[Phase]:
    """Stages named with a number and dated right after the name, in text order (`folded`: `fold(text)`
    when the caller has it)."""
    f = fold(text) if folded is None else folded
    out: list[Phase] = []
    lines = clause_lines(text)
    # Where a stage word starts (every start, overlaps included): a line without one has no stage.
    words = [m.start() for m in _patterns()["phase_word"].finditer(f, overlapped=True)]
    for li, (ls, le) in enumerate(lines):
        k = bisect_left(words, ls)
        if k == len(words) or words[k] >= le:
            continue
        names = [m for m in _patterns()["phase"].finditer(f, ls, le) if _name_ok(f, m, ls)]
        for k, m in enumerate(names):
            stop = names[k + 1].start() if k + 1 < len(names) else le
            window_end = min(stop, m.end() + PHASE_GAP_MAX)
            brk = GAP_BREAK_RE.search(f, m.end(), window_end)
            if brk:
                window_end = brk.start()
            got = first_time(text, m.end(), stop, default_year)
            if got and (got.s > window_end or not (got.is_range or SINGLE_GAP_RE.fullmatch(f, m.end(), got.s))):
                got = None
            heads_line = (lead := LEAD_RE.match(f, ls)) is not None and lead.end() >= m.start()
            if got is None and k + 1 == len(names) and li + 1 < len(lines) and heads_line \
                    and len(f[m.end():le].split()) <= NEXT_LINE_REST_WORDS:
                ns, ne = lines[li + 1]
                nxt = first_time(text, ns, ne, default_year)
                if nxt and nxt.s - ns <= NEXT_LINE_GAP_MAX and not _patterns()["phase"].search(f, ns, nxt.s) \
                        and (nxt.is_range or NEXT_GAP_RE.fullmatch(f, ns, nxt.s)):
                    got = nxt
            if got is None or (got.start is None and got.end is None):
                continue
            start, end, te = got.start, got.end, got.e
            close = CLOSE_RE.match(text, te)
            if close and text.count("(", m.start(), te) > text.count(")", m.start(), te):
                te = close.end()
            out.append(Phase(_clean(text[m.start():m.end()]), _shift(start, base), _shift(end, base),
                             _clean(text[m.start():te]), (m.start() + base, te + base)))
    return _dedupe_phases(out)


def _dedupe_phases(phases: list[Phase]) -> list[Phase]:
    seen: set[tuple[str, str | None, str | None]] = set()
    kept = []
    for p in phases:
        key = (fold(p.name), p.start.value if p.start else None, p.end.value if p.end else None)
        dates_key = ("", key[1], key[2])
        if key in seen or dates_key in seen:
            continue
        seen.update({key, dates_key})
        kept.append(p)
    return kept


def _shift(d: DateValue | None, base: int) -> DateValue | None:
    if d is None or d.span is None or not base:
        return d
    return DateValue(d.value, d.precision, d.text, (d.span[0] + base, d.span[1] + base), d.calendar)


# --- period ------------------------------------------------------------------------------------------------------

def parse_time_expression(text: str, base: int = 0, *, default_year: int | None = None,
                          exclude: tuple[tuple[int, int], ...] = ()) -> Period | None:
    """The time frame stated in a short text ("Từ nay đến hết ngày 30/8/2022", "Trong năm 2024"),
    skipping dates inside `exclude` spans (phases, anniversaries; offsets with `base`)."""
    pos = 0
    while pos < len(text):
        got = first_time(text, pos, len(text), default_year)
        if got is None:
            return None
        start, end, s, e = got.start, got.end, got.s, got.e
        if any(a <= s + base < b or a < e + base <= b for a, b in exclude):
            pos = e
            continue
        return Period(_shift(start, base), _shift(end, base), _clean(text[s:e]), (s + base, e + base))
    return None


@lru_cache(maxsize=4096)
def _label_rest(line: Line) -> tuple[int, bool] | None:
    """Where the time expression of a "Thời gian …" label line starts, and whether the label has
    a colon or stands alone (a heading); None when the line has no such label."""
    if "thoi" not in line.folded:
        return None  # what every label starts with (most lines)
    lead = LEAD_RE.match(line.folded)
    m = _patterns()["label"].match(line.folded, lead.end() if lead else 0)
    if not m:
        return None
    if not m.group("word") and not m.group("qual") and m.group("end") != ":":
        return None
    return line.start + m.end(), m.group("end") == ":"


def _is_task(doc: KhDoc, sec: Section | None) -> bool:
    if sec is None:
        return False
    return any(_patterns()["task"].match(ln.folded) for ln in doc.lines_in(sec.span))


def _section_rest(doc: KhDoc, sec: Section) -> tuple[int, int]:
    """The content of a time section before its first subsection (at most three lines)."""
    lines = [ln for ln in doc.lines_in(sec.span) if ln.index != sec.line_index]
    stop = sec.children[0].start if sec.children else sec.end
    lines = [ln for ln in lines if ln.start < stop][:3]
    if not lines:
        return (sec.end, sec.end)
    return (lines[0].start, lines[-1].end)


def find_period(doc: KhDoc, exclude: tuple[tuple[int, int], ...] = (), phases: tuple[Phase, ...] = ()) -> Period | None:
    """The plan's time frame (see the module docstring for the order of candidates); `phases` are
    the stages found in the plan, which make the period only when a time heading holds nothing else."""
    heading_lines = {s.line_index: s for s in doc.flat_sections}
    y = doc.year
    # 1. a labelled heading
    for sec in doc.flat_sections:
        line = doc.lines[sec.line_index]
        got = _label_rest(line)
        if not got:
            if sec.level <= 2 and TIME_WORD_RE.search(line.folded):  # "NỘI DUNG VÀ THỜI GIAN" holding stages
                inner = [ph for ph in phases if sec.start <= ph.span[0] < sec.end]
                p = (_stated_before(doc, sec, inner[0].span[0], exclude) if inner else None) \
                    or _bare_heading_period(doc, sec, line, exclude) or _from_phases(doc, inner)
                if p:
                    return p
            continue
        parent_ok = sec.parent is not None and _patterns()["context"].search(fold(sec.parent.heading))
        if sec.level > 2 and not parent_ok:
            continue
        rest = doc.text[got[0]:line.end]
        p = parse_time_expression(rest, got[0], default_year=y, exclude=exclude)
        if p is None and not rest.strip(" .:"):
            s, e = _section_rest(doc, sec)
            p = parse_time_expression(doc.text[s:e], s, default_year=y, exclude=exclude)
        if p is None:
            p = _from_phases(doc, [ph for ph in phases if sec.start <= ph.span[0] < sec.end])
        if p:
            return p
    # 2. a labelled line in the title, preamble or a purpose / organisation / time section
    body_start = doc.zones.title[0]
    for line in doc.lines:
        if line.start < body_start or line.index in heading_lines:
            continue
        if doc.zones.closing != (0, 0) and line.start >= doc.zones.closing[0]:
            break
        got = _label_rest(line)
        if not got or not got[1]:
            continue
        sec = doc.section_at(line.start)
        if sec is not None and (_is_task(doc, sec) or not _patterns()["context"].search(fold(sec.heading))):
            continue
        if any(_patterns()["task"].match(ln.folded) for ln in doc.lines[max(0, line.index - TASK_LOOKBACK):line.index]):
            continue  # "- Đơn vị chủ trì: …\n- Thời gian thực hiện: …" without numbered headings
        p = parse_time_expression(doc.text[got[0]:line.end], got[0], default_year=y, exclude=exclude)
        if p:
            return p
    # 3. a range in the title
    ts, te = doc.zones.title
    for r in find_date_ranges(doc.text[ts:te], ts, default_year=y):
        if any(a <= r.span[0] < b for a, b in exclude):
            continue
        if TITLE_RANGE_RE.match(fold(r.text)) or TITLE_RANGE_CUE_RE.search(doc.folded[max(0, r.span[0] - 12):r.span[0]]):
            return Period(r.start, r.end, _clean(r.text), r.span)
    return None


def _bare_heading_period(doc: KhDoc, sec: Section, line: Line,
                         exclude: tuple[tuple[int, int], ...]) -> Period | None:
    """"I. THỜI GIAN" / "II. THỜI GIAN, ĐỐI TƯỢNG" over "Từ ngày … đến ngày …" or "Đợt thi đua được triển
    khai từ …" (time_heading.py): a plan-level heading only (level 1, or under a purpose / organisation /
    time heading, in no task), and its first line must state the frame of the whole drive."""
    rest = is_bare_time_heading(line.folded)
    if rest is None or _is_task(doc, sec):
        return None
    if sec.level > 1 and not (sec.parent and _patterns()["context"].search(fold(sec.parent.heading))
                              and not _is_task(doc, sec.parent)):
        return None  # "2. Thời gian" under "II. HỘI THI …": the schedule of one activity
    if line.start + rest < line.end:
        s, e = line.start + rest, line.end
    else:
        s, e = _section_rest(doc, sec)
        nxt = doc.lines_in((s, e))
        e = nxt[0].end if nxt else e
    if s >= e:
        return None
    got = first_time(doc.text, s, e, doc.year)
    if got is None or (got.start is None and got.end is None) \
            or any(a <= got.s < b or a < got.e <= b for a, b in exclude):
        return None
    lone_until = not got.is_range and got.start is None
    if not frames_drive(doc.folded[s:e], got.s - s, got.e - s, lone_until=lone_until):
        return None
    end, te = got.end, got.e
    if got.start is not None and end is None:  # "bắt đầu từ ngày … và kết thúc vào ngày …"
        later = [d for d in find_dates(doc.text[got.e:e], got.e, default_year=doc.year) if d.span]
        if later and END_CUE_RE.search(doc.folded, got.e, later[0].span[0]):  # type: ignore[index]
            end, te = later[0], later[0].span[1]  # type: ignore[index]
    return Period(got.start, end, _clean(doc.text[got.s:te]), (got.s, te))


def _stated_before(doc: KhDoc, sec: Section, stop: int, exclude: tuple[tuple[int, int], ...]) -> Period | None:
    """A "Thời gian thực hiện: Từ … đến …, chia làm 02 đợt:" line (a sub-heading or a plain line) that
    states the frame before the stages of a time heading: the frame comes from it, not from the stages."""
    for line in doc.lines_in((sec.start, stop)):
        if line.index == sec.line_index:
            continue
        got = _label_rest(line)
        if got and got[1] and not _is_task(doc, doc.section_at(line.start)):
            p = parse_time_expression(doc.text[got[0]:line.end], got[0], default_year=doc.year, exclude=exclude)
            if p:
                return p
    return None


def _from_phases(doc: KhDoc, phases: list[Phase]) -> Period | None:
    """A time section made of stages only: from the first stage's start to the last one's end."""
    if len(phases) < 2 or phases[0].start is None or phases[-1].end is None:
        return None
    s, e = phases[0].span[0], phases[-1].span[1]
    return Period(phases[0].start, phases[-1].end, _clean(doc.text[s:e]), (s, e))


def extract(doc: KhDoc) -> Found:
    """Phases first (their dates are never the period), then the period."""
    start = doc.zones.title[0]
    end = doc.zones.closing[0] if doc.zones.closing != (0, 0) else len(doc.text)
    text, folded = doc.text[start:end], doc.folded[start:end]
    phases = find_phases(text, start, default_year=doc.year, folded=folded)
    comms = commemorations_in(doc, start, end)
    exclude = tuple(p.span for p in phases) + tuple(c.span for c in comms)
    period = find_period(doc, exclude, tuple(phases))
    return Found({"period": period.to_json() if period else None, "phases": [p.to_json() for p in phases]})
