"""`commemorations`: the anniversaries a plan celebrates.

Plans name them after a trigger word ("kỷ niệm", "chào mừng", "hướng tới" …,
rules/commemoration_words.tsv) as "<N> năm <event> (<start> - <end>)", often
several in a row sharing the trigger:

    chào mừng Kỷ niệm 75 năm Ngày Chủ tịch Hồ Chí Minh ra Lời kêu gọi thi đua
    ái quốc (11/6/1948 - 11/6/2023); 62 năm thành lập quận (31/5/1961-31/5/2023),
    thành lập Đảng bộ quận (09/6/1961-09/6/2023); 980 năm Thập Tam Trại
    (23/3/1043-23/3/2023 Âm lịch)

Judgement calls:
- A number is an anniversary only after a trigger or inside such a list:
  "Sau hơn 18 năm thành lập", "trong 62 năm qua", "Kế hoạch 5 năm" are not.
- "N năm thực hiện …" is an anniversary right after "kỷ niệm" or with its
  own date range ("kỷ niệm 55 năm thực hiện Di chúc của Chủ tịch Hồ Chí Minh
  (1969 - 2024)"), never after a review word ("tổng kết 10 năm thực hiện
  Nghị quyết …").
- A list item without its own number but with its own date range ("thành lập
  Đảng bộ quận (09/6/1961-09/6/2023)") takes its age from the range; a number
  and a range that disagree keep the number (the date may be a typo); a range
  alone gives the age ("kỷ niệm Ngày thành lập quận (06/11/2003 - 06/11/2023)").
- "A và B" where both halves start with an event head ("Chiến thắng Điện Biên
  Phủ và Giải phóng Thủ đô") is two events of the same age; "Ngày Khoa học và
  Công nghệ" is one.
- The same anniversary repeated across the plan is listed once: same age and
  same end date, or same age and one event name a word-prefix of the other
  ("thành lập quận" / "ngày thành lập quận Long Biên"); the dated and earliest
  mention wins. An undated repeat may add the day and month the dated item
  already has ("80 năm … Quốc khánh 2/9" after "Quốc khánh nước … (02/9/1945
  - 02/9/2025)"): they are left out before the names are compared.

Finding the items is `commemorations_scan`; naming, normalising and
de-duplicating them is here.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import lru_cache

import regex

from ..model import Found, KhDoc
from ..text.fold import fold
from ..values.dates import DateValue, find_date_ranges
from .commemorations_scan import (CONTEXT, NUMBER_YEARS_RE, WORD_RE, WS_RE, _Item, _parse_list, _patterns, _text_start,
                                  _trigger_ok, _words, clause_lines)

__all__ = ["Commemoration", "clause_lines", "commemorations_in", "dedupe", "find_commemorations", "extract"]

TRAIL_RE = regex.compile(r"(?:[\s,;:.\-–—]+|\s+(?:và|va)\s*)+$")
QUOTE_EDGE_RE = regex.compile(r"^[“\"']+(?=[^”\"']*$)|(?<=^[^“\"']*)[”\"']+$")
LETTER_RE = regex.compile(r"\p{L}")
MAX_EVENT_WORDS = 20
LONG_SPACE_RE = regex.compile(r"\s{3,}")
SAME_PREFIX_WORDS = 3
# A day and month written in an event's name ("Quốc khánh 2/9", "Giải phóng miền Nam 30-4"), not a full date.
DAY_MONTH_RE = regex.compile(r"(?<![\d/.\-])(?P<d>\d{1,2})\s?[/\-.]\s?(?P<m>\d{1,2})(?![\d/.\-]|\s?[/\-.]\s?\d)")


@dataclass(frozen=True)
class Commemoration:
    """One anniversary: "<years> năm <event> (<start> - <end>)"."""

    text: str
    event: str
    years: int
    start: DateValue | None
    end: DateValue | None
    span: tuple[int, int]

    def to_json(self) -> dict:
        return {
            "text": self.text,
            "event": self.event,
            "years": self.years,
            "start": self.start.to_json() if self.start else None,
            "end": self.end.to_json() if self.end else None,
            "span": [self.span[0], self.span[1]],
        }


def _clean_event(s: str) -> str:
    """The name as written, without trailing punctuation or "và" and unmatched edge quotes."""
    s = WS_RE.sub(" ", s).strip()
    s = TRAIL_RE.sub("", s).strip()
    s = QUOTE_EDGE_RE.sub("", s).strip()
    words = s.split(" ")
    return " ".join(words[:MAX_EVENT_WORDS])


def _split_pair(text: str, f: str, s: int, e: int) -> list[tuple[int, int]]:
    """"Chiến thắng Điện Biên Phủ và Giải phóng Thủ đô" -> two names; else one."""
    pats = _patterns()
    parts: list[tuple[int, int]] = []
    cur = s
    for m in pats["pair"].finditer(f, s, e):
        if pats["head"].match(f, cur) and pats["head"].match(f, m.end()):
            parts.append((cur, m.start()))
            cur = m.end()
    parts.append((cur, e))
    return parts


def find_commemorations(text: str, base: int = 0, *, default_year: int | None = None,
                        folded: str | None = None) -> list[Commemoration]:
    """Every anniversary named after a trigger word, or dated so that it proves itself ("70 năm Chiến
    thắng Điện Biên Phủ (07/5/1954 - 07/5/2024)"), in text order (not de-duplicated). `folded` is
    `fold(text)` when the caller has it (a slice of `doc.folded`)."""
    f = fold(text) if folded is None else folded
    out: list[Commemoration] = []
    for ls, le in clause_lines(text):
        out.extend(_line_records(text, f, ls, le, base, default_year))
    return sorted(out, key=lambda c: (c.span, c.event))


def _line_records(text: str, f: str, ls: int, le: int, base: int, default_year: int | None,
                  starts: list[int] | None = None) -> list[Commemoration]:
    """The anniversaries of one clause line [ls, le). Besides the line they read at most `_reach()`
    characters after it, and whether the whole text is ASCII: `commemorations_in` relies on that.
    `starts`: where a trigger word starts in `f` (every start, sorted), when the caller reads every line."""
    pats = _patterns()
    out: list[Commemoration] = []
    if starts is not None and bisect_left(starts, ls) == bisect_left(starts, le):
        trig = []  # no trigger word in the line
    else:
        trig = [t for t in pats["trigger"].finditer(f, ls, le) if _trigger_ok(text, f, t.start(), t.end())]
    if not trig and (f.find("nam", ls, le) < 0 or not NUMBER_YEARS_RE.search(f, ls, le)):
        return out
    ranges = find_date_ranges(text[ls:le], ls, default_year=default_year, folded=f[ls:le])
    spans: list[tuple[int, int]] = []
    for t in trig:
        if spans and t.start() < spans[-1][1]:
            continue
        for it in _parse_list(text, f, _text_start(f, t.start(), t.end()), t.end(), le, ranges):
            spans.append((it.text_start, it.end))
            out.extend(_to_records(text, f, it, base))
    for m in NUMBER_YEARS_RE.finditer(f, ls, le):  # "… 70 năm Chiến thắng Điện Biên Phủ (07/5/1954 - 07/5/2024)"
        if any(a <= m.start() < b for a, b in spans):
            continue
        for it in _parse_list(text, f, m.start(), m.start(), le, ranges, strict=True):
            spans.append((it.text_start, it.end))
            out.extend(_to_records(text, f, it, base))
    return out


def commemorations_in(doc: KhDoc, start: int, end: int) -> list[Commemoration]:
    """`find_commemorations(doc.text[start:end], start, default_year=doc.year)`, read once per document:
    the period, deadline and anniversary readers ask for ranges from the title to the closing, the
    signature and the end. A clause line of the range that is a clause line of the whole rest of the
    text, and ends `_reach()` characters before the range does, has the records it has there (in a
    text as ASCII as the rest, whose white space runs are short); the last lines are read again."""
    whole, whole_ascii, short_spaces = doc.cached(("commemorations", start, doc.year), lambda: _whole(doc, start))
    text, f = doc.text[start:end], doc.folded[start:end]
    reuse = short_spaces and text.isascii() == whole_ascii
    limit = len(text) - _reach()
    out: list[Commemoration] = []
    for ls, le in clause_lines(text):
        got = whole.get((ls, le)) if reuse and le <= limit else None
        out.extend(_line_records(text, f, ls, le, start, doc.year) if got is None else got)
    return sorted(out, key=lambda c: (c.span, c.event))


def _whole(doc: KhDoc, start: int) -> tuple[dict[tuple[int, int], list[Commemoration]], bool, bool]:
    """Records of every clause line of doc.text[start:]; whether it is ASCII; whether its runs of white
    space are at most 2 long (normalized text: " ", "\n", "\n\n")."""
    text, f = doc.text[start:], doc.folded[start:]
    starts = [m.start() for m in _patterns()["trigger_start"].finditer(f, overlapped=True)]
    lines = {(ls, le): _line_records(text, f, ls, le, start, doc.year, starts) for ls, le in clause_lines(text)}
    return lines, text.isascii(), LONG_SPACE_RE.search(text) is None


@lru_cache(maxsize=1)
def _reach() -> int:
    """How far past a clause line reading it may look: a `same_words` context (CONTEXT), or a number of
    years ("120 năm", at most 14 characters) with the spaces after it, then a phrase matched at its end,
    whose spaces take at most 2 characters each where no run of white space is longer."""
    longest = max(len(fold(p)) for k in ("trigger", "not_event", "action_event", "event_head") for p in _words(k))
    return max(CONTEXT, 2 * longest + 24)


def _to_records(text: str, f: str, it: _Item, base: int) -> list[Commemoration]:
    """One record per event name of a parsed item (two for "A và B" heads), in output form."""
    if _patterns()["not_event"].match(f, it.ev_start):
        return []
    if _patterns()["action_event"].match(f, it.ev_start) and not _action_anniversary(f, it):
        return []
    ts, te = it.text_start, it.end
    item_text = WS_RE.sub(" ", text[ts:te]).strip().rstrip(",;")
    recs = []
    for s, e in _split_pair(text, f, it.ev_start, it.ev_end):
        event = _clean_event(text[s:e])
        if not LETTER_RE.search(event):
            continue
        recs.append(Commemoration(item_text, event, it.years or 0,
                                  _shift(it.rng.start, base) if it.rng else None,
                                  _shift(it.rng.end, base) if it.rng else None,
                                  (ts + base, te + base)))
    return recs


def _action_anniversary(f: str, it: _Item) -> bool:
    """"kỷ niệm 55 năm thực hiện Di chúc …" or "55 năm thực hiện Di chúc … (1969 - 2024)" is an anniversary;
    "tổng kết 10 năm thực hiện Nghị quyết …" and "qua 20 năm thực hiện …" are periods under review."""
    before = f[max(0, it.at - 30):it.at]
    if _patterns()["review"].search(before):
        return False
    return it.rng is not None or bool(_patterns()["after_trigger"].search(before))


def _shift(d: DateValue | None, base: int) -> DateValue | None:
    if d is None or d.span is None or not base:
        return d
    return replace(d, span=(d.span[0] + base, d.span[1] + base))


def _event_key(event: str) -> list[str]:
    """Folded words of a name, without a leading "ngày" ("Ngày thành lập quận" = "thành lập quận")."""
    words = WORD_RE.findall(fold(event))
    return words[1:] if words[:1] == ["ngay"] else words


def _without_day(event: str, dated: Commemoration) -> str:
    """An undated name without the day and month that only repeat the dated item's ("Quốc khánh 2/9" next
    to "Quốc khánh … (02/9/1945 - 02/9/2025)", "Ngày Giải phóng miền Nam 30/4"): then its words can be
    compared with the dated item's name. A day of another date stays (another anniversary)."""
    days = {(int(d.value[8:10]), int(d.value[5:7])) for d in (dated.start, dated.end)
            if d and d.value and len(d.value) == 10}
    if not days:
        return event
    return DAY_MONTH_RE.sub(lambda m: "" if (int(m["d"]), int(m["m"])) in days else m[0], event)


def _same(a: Commemoration, b: Commemoration) -> bool:
    """One anniversary mentioned twice."""
    if a.years != b.years:
        return False
    if a.end and b.end and a.end.value and b.end.value:
        return a.end.value == b.end.value
    if (a.end is None) != (b.end is None):  # an undated repeat of a dated item
        undated, dated = (a, b) if a.end is None else (b, a)
        ka, kb = _event_key(_without_day(undated.event, dated)), _event_key(dated.event)
        return _same_words(ka, kb)
    ka, kb = _event_key(a.event), _event_key(b.event)
    return _same_words(ka, kb)


def _same_words(ka: list[str], kb: list[str]) -> bool:
    """One name a word-prefix of the other, or both opening with the same three words."""
    n = min(len(ka), len(kb))
    return n > 0 and (ka[:n] == kb[:n] or ka[:SAME_PREFIX_WORDS] == kb[:SAME_PREFIX_WORDS])


def dedupe(items: list[Commemoration]) -> list[Commemoration]:
    """Keep one item per anniversary: the dated, earliest mention."""
    ordered = sorted(items, key=lambda c: (c.end is None, c.span[0], c.event))
    kept: list[Commemoration] = []
    for c in ordered:
        if not any(_same(k, c) for k in kept):
            kept.append(c)
    return sorted(kept, key=lambda c: (c.span[0], c.span[1]))


def extract(doc: KhDoc) -> Found:
    """Commemorations from the title down to the end (the header has none)."""
    start = doc.zones.title[0] if doc.zones.title != (0, 0) else 0
    items = commemorations_in(doc, start, len(doc.text))
    return Found({"commemorations": [c.to_json() for c in dedupe(items)]})
