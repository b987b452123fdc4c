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
  mention wins.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import regex

from ..model import Found, KhDoc
from ..rules import load_table
from ..text.fold import fold, phrase_alt, same_words, word_start
from ..values.dates import DateRange, DateValue, find_date_ranges

__all__ = ["Commemoration", "clause_lines", "commemorations_in", "dedupe", "find_commemorations", "extract"]

NUMBER_YEARS_RE = regex.compile(r"(?<![\d.,/])(?P<n>\d{1,3}(?:[.,]\d{3})?|\d{4})\s{1,3}nam(?!\w)")
BARE_NUMBER_RE = regex.compile(r"(?P<n>\d{1,4})\s{1,3}(?=\p{L})")
SEP_RE = regex.compile(r"\s{0,3}(?:[;,](?:\s{0,3}va(?!\w))?|va(?!\w))\s{0,3}")
SPACES_RE = regex.compile(r"\s*")
DAY_MONTH_RE = regex.compile(r"\d{1,2}\s{0,2}/\s{0,2}\d{1,2}")
CLOSE_PAREN_RE = regex.compile(r"\s{0,3}\)")
PAREN_OPEN_RE = regex.compile(r"\(\s{0,3}")
SENTENCE_END_RE = regex.compile(r"\.(?=\s|$)|…|\.\.\.|:|\./\.")
LINE_RE = regex.compile(r"[^\n]+")
CLOSED_LINE_ENDS = ".;:!?…"  # a line ending with one of these ends its sentence
LINE_START_CONT_RE = regex.compile(r"\s*(?:\p{Ll}|\(\s*\d|\d{1,2}\s*/)")
LINE_START_ITEM_RE = regex.compile(r"\s*(?:[-–—+•*]|\d{1,2}(?:\.\d{1,2})*\s*[.)]\s|[a-zđ]\)\s)")
TRAIL_RE = regex.compile(r"(?:[\s,;:.\-–—]+|\s+(?:và|va)\s*)+$")
QUOTE_EDGE_RE = regex.compile(r"^[“\"']+(?=[^”\"']*$)|(?<=^[^“\"']*)[”\"']+$")
WS_RE = regex.compile(r"\s+")
NON_DIGIT_RE = regex.compile(r"\D")
WORD_RE = regex.compile(r"\w+")
LETTER_RE = regex.compile(r"\p{L}")
MAX_EVENT_WORDS = 20
CONTEXT = 40  # characters around a match that `same_words` sees (`_trigger_ok`, `_next_end`)
LONG_SPACE_RE = regex.compile(r"\s{3,}")
MAX_CONTINUATION_WORDS = 14
SAME_PREFIX_WORDS = 3


def _alt(phrases: list[str]) -> str:
    """Folded alternation, longest first, spaces matching any run of spaces."""
    return phrase_alt(fold(p) for p in phrases)


@lru_cache(maxsize=None)
def _words(kind: str) -> tuple[str, ...]:
    return tuple(r["phrase"] for r in load_table("commemoration_words") if r["kind"] == kind)


@lru_cache(maxsize=None)
def _by_fold(kind: str) -> dict[str, tuple[str, ...]]:
    """Folded phrase -> the phrases of one kind that fold to it (folded once, not per match)."""
    out: dict[str, list[str]] = {}
    for p in _words(kind):
        out.setdefault(fold(p), []).append(p)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=None)
def _patterns() -> dict[str, regex.Pattern[str]]:
    """Compiled once from the rule table (folded text)."""
    trig = _alt(list(_words("trigger")))
    text_triggers = [r["phrase"] for r in load_table("commemoration_words") if r["kind"] == "trigger" and r["text"] == "1"]
    fill = _alt(list(_words("filler")) + list(_words("trigger")))
    return {
        "trigger": regex.compile(rf"{word_start(fold(p) for p in _words('trigger'))}(?<!\w)(?:{trig})(?:\s{{1,3}}(?:{fill}))*(?!\w)\s{{0,3}}"),
        "trigger_word": regex.compile(rf"(?<!\w)(?:{_alt(list(_words('trigger')))})(?!\w)"),
        "end": regex.compile(rf"[;,(]|(?<!\w)va(?!\w)|(?<!\w)(?P<stop>{_alt(list(_words('stop')))})(?!\w)"),
        "not_event": regex.compile(rf"(?:{_alt(list(_words('not_event')))})(?!\w)"),
        "action_event": regex.compile(rf"(?:{_alt(list(_words('action_event')))})(?!\w)"),
        "review": regex.compile(rf"(?<!\w)(?:{_alt(list(_words('review')))})\s*$"),
        "after_trigger": regex.compile(
            rf"(?<!\w)(?:{_alt(text_triggers)})(?:\s{{1,3}}(?:{_alt(list(_words('filler')))}))*\s*$"),
        "head": regex.compile(rf"[“\"']?(?:{_alt(list(_words('event_head')))})(?!\w)"),
        "pair": regex.compile(r"\s+va\s+"),
        "text_trigger": regex.compile(rf"(?<!\w)(?:{_alt(text_triggers)})(?!\w)"),
    }


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


@dataclass
class _Item:
    """An item while parsing one list (offsets into the text being read)."""

    text_start: int
    ev_start: int
    ev_end: int
    end: int
    years: int | None
    rng: DateRange | None
    at: int = 0  # where the item's number starts


def _range_years(rng: DateRange | None) -> int | None:
    """Age implied by a date range, None when it implies none."""
    if rng is None or rng.start is None or rng.end is None or not rng.start.value or not rng.end.value:
        return None
    diff = int(rng.end.value[:4]) - int(rng.start.value[:4])
    return diff if diff >= 1 else None


def _paren_range(f: str, pos: int, ranges: list[DateRange]) -> tuple[DateRange, int] | None:
    """A date range opening at `pos` ("(06/11/2003 - 06/11/2023)" or bare); returns it and its end
    (after the closing bracket)."""
    po = PAREN_OPEN_RE.match(f, pos)
    start = po.end() if po else pos
    for r in ranges:
        if start <= r.span[0] <= start + 3:
            end = r.span[1]
            if po:
                cl = CLOSE_PAREN_RE.match(f, end)
                if not cl:
                    return None
                end = cl.end()
            return r, end
    return None


def _segment_has_range(text: str, f: str, pos: int, limit: int, ranges: list[DateRange]) -> int | None:
    """Start of a bracketed range that closes the clause starting at `pos` (no stop word before it)."""
    pats = _patterns()
    stop = _next_end(text, f, pos, limit)
    while stop and stop.group() != "(":
        if stop.group() not in (",", "va"):
            return None
        stop = _next_end(text, f, stop.end(), limit)
    if not stop or SENTENCE_END_RE.search(f, pos, stop.start()) or pats["trigger"].search(f, pos, stop.start()):
        return None
    if len(WORD_RE.findall(f, pos, stop.start())) > MAX_CONTINUATION_WORDS:
        return None
    return stop.start() if _paren_range(f, stop.start(), ranges) else None


def _next_end(text: str, f: str, pos: int, limit: int) -> regex.Match[str] | None:
    """The next event end: punctuation, "và" or a stop word written with its own tone marks
    ("do", not the "đô" of "Thủ đô")."""
    rx = _patterns()["end"]
    m = rx.search(f, pos, limit)
    while m and m.group("stop") is not None:
        word = text[m.start():m.end()]
        ctx = text[max(0, m.start() - 40):m.end() + 40]
        if any(same_words(word, p, context=ctx) for p in _by_fold("stop").get(WS_RE.sub(" ", m.group()), ())):
            return m
        m = rx.search(f, m.end(), limit)
    return m


def _scan_item(text: str, f: str, s: int, limit: int, ranges: list[DateRange]) -> tuple[int, int, DateRange | None, bool]:
    """From an event start: (event end, item end, range, list may go on)."""
    sent = SENTENCE_END_RE.search(f, s, limit)
    lim = sent.start() if sent else limit
    i = s
    while True:
        m = _next_end(text, f, i, lim)
        e = m.start() if m else lim
        bare = next((r for r in ranges if s < r.span[0] < e and r.start is not None), None)
        if bare:
            return bare.span[0], bare.span[1], bare, True
        if not m:
            return lim, lim, None, False
        tok = m.group()
        if tok == "(":
            got = _paren_range(f, e, ranges)
            if got:
                return e, got[1], got[0], True
            close = f.find(")", e, min(lim, e + 40))
            if close > 0 and DAY_MONTH_RE.search(f, e, close):
                i = close + 1  # "Quốc khánh (2/9)": a day of the year, part of the name
                continue
            return e, e, None, False
        nxt = SPACES_RE.match(f, m.end()).end()
        if tok in (",", ";"):
            if tok == "," and not NUMBER_YEARS_RE.match(f, nxt) and _segment_has_range(text, f, nxt, lim, ranges):
                i = m.end()  # "Ngày giải phóng miền Nam, thống nhất đất nước (30/4/1975 - …)": one name
                continue
            return e, e, None, True
        if tok == "va":
            if NUMBER_YEARS_RE.match(f, nxt):
                return e, e, None, True
            i = m.end()
            continue
        return e, e, None, False  # a stop word: the clause goes on with something else


def _parse_list(text: str, f: str, text_start: int, pos: int, limit: int,
                ranges: list[DateRange], strict: bool = False) -> list[_Item]:
    """The items after one trigger; `strict` (no trigger): every item must prove itself with a number
    matching its own range and a name that starts like an event ("Ngày …", "Chiến thắng …", a proper name)."""
    items: list[_Item] = []
    first = True
    while pos < limit:
        years: int | None = None
        ev_start = pos
        bare_n: int | None = None
        m = NUMBER_YEARS_RE.match(f, pos)
        if m and same_words(text[m.end() - 3:m.end()], "năm", tones=False, context=text):
            years, ev_start = int(NON_DIGIT_RE.sub("", m.group("n"))), m.end()
        elif strict:
            break
        elif first and (b := BARE_NUMBER_RE.match(f, pos)):
            bare_n, ev_start = int(b.group("n")), b.end()  # "kỷ niệm 20 ngày thành lập" ("năm" dropped)
        elif not first and _segment_has_range(text, f, pos, limit, ranges) is None:
            break
        while ev_start < len(f) and f[ev_start].isspace():  # = len(f[ev_start:]) - len(….lstrip()), no copies
            ev_start += 1
        ev_end, end, rng, more = _scan_item(text, f, ev_start, limit, ranges)
        implied = _range_years(rng)
        if bare_n is not None:
            if implied != bare_n:
                break
            years = bare_n
        if years is None:
            years = implied
        if years is None or not 1 <= years <= 3000:
            break
        if strict and (implied != years or not _event_like(text, f, ev_start)):
            break
        items.append(_Item(text_start if first else pos, ev_start, ev_end, max(end, ev_end), years, rng, pos))
        first = False
        if not more:
            break
        sep = SEP_RE.match(f, end)
        if not sep:
            break
        pos = sep.end()
    return items


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


def clause_lines(text: str) -> list[tuple[int, int]]:
    """Line spans with hard wraps undone: a line that does not end a sentence is continued by a next
    line that starts in lower case or with a date ("… quận Long Biên\n(06/11/2003 - 06/11/2023)"),
    unless that line is a list item or heading. PDF and OCR text keep the layout's line breaks."""
    return list(_clause_lines(text))


@lru_cache(maxsize=8)
def _clause_lines(text: str) -> tuple[tuple[int, int], ...]:
    """Cached by content: the period, phase, anniversary and deadline readers split the same body."""
    out: list[tuple[int, int]] = []
    for m in LINE_RE.finditer(text):
        s, e = m.span()
        # open line: its last character is no sentence end (same as searching "[^.;:!?…]\s*$")
        if out and text[out[-1][1] - 1] not in CLOSED_LINE_ENDS and text.count("\n", out[-1][1], s) == 1 \
                and LINE_START_CONT_RE.match(text, s, e) and not LINE_START_ITEM_RE.match(text, s, e):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return tuple(out)


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


def _line_records(text: str, f: str, ls: int, le: int, base: int, default_year: int | None) -> list[Commemoration]:
    """The anniversaries of one clause line [ls, le). Besides the line they read at most `_reach()`
    characters after it, and whether the whole text is ASCII: `commemorations_in` relies on that."""
    pats = _patterns()
    out: list[Commemoration] = []
    trig = [t for t in pats["trigger"].finditer(f, ls, le) if _trigger_ok(text, f, t.start(), t.end())]
    if not trig and not NUMBER_YEARS_RE.search(f, ls, le):
        return out
    ranges = find_date_ranges(text[ls:le], ls, default_year=default_year)
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
    lines = {(ls, le): _line_records(text, f, ls, le, start, doc.year) for ls, le in clause_lines(text)}
    return lines, text.isascii(), LONG_SPACE_RE.search(text) is None


@lru_cache(maxsize=1)
def _reach() -> int:
    """How far past a clause line reading it may look: a `same_words` context (CONTEXT), or a number of
    years ("120 năm", at most 14 characters) with the spaces after it, then a phrase matched at its end,
    whose spaces take at most 2 characters each where no run of white space is longer."""
    longest = max(len(fold(p)) for k in ("trigger", "not_event", "action_event", "event_head") for p in _words(k))
    return max(CONTEXT, 2 * longest + 24)


def _event_like(text: str, f: str, pos: int) -> bool:
    """A name that starts with an event head or a capital letter (not "xây dựng và phát triển")."""
    return bool(_patterns()["head"].match(f, pos)) or text[pos:pos + 1].isupper()


def _trigger_ok(text: str, f: str, s: int, e: int) -> bool:
    """The first trigger word is that word with its own tone marks ("mừng", not "mùng")."""
    m = _patterns()["trigger_word"].match(f, s)
    if not m:
        return False
    word = text[m.start():m.end()]
    return any(same_words(word, p, tones=False, context=text[max(0, s - 40):e + 40])
               for p in _by_fold("trigger").get(WS_RE.sub(" ", m.group()), ()))


def _text_start(f: str, s: int, e: int) -> int:
    """The item text starts at the last "kỷ niệm"-like trigger word, else after the triggers."""
    start = e
    for m in _patterns()["text_trigger"].finditer(f, s, e):
        start = m.start()
    return start


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


def _same(a: Commemoration, b: Commemoration) -> bool:
    """One anniversary mentioned twice."""
    if a.years != b.years:
        return False
    if a.end and b.end and a.end.value and b.end.value:
        return a.end.value == b.end.value
    ka, kb = _event_key(a.event), _event_key(b.event)
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
