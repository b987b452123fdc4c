"""Finding anniversaries: trigger words, "<N> năm <event> (<start> - <end>)" items, clause lines.

Part of `parser.extract.commemorations` (see its docstring for the judgement
calls): this module reads the lists after a trigger word ("kỷ niệm", "chào
mừng" …) and the dated items that prove themselves into raw items (offsets,
age, date range); `commemorations` names and normalises them into records
and removes repeats. Matching runs on the folded text. The names are
internal to `parser.extract`, except `clause_lines`.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from ..rules import load_table
from ..text.fold import fold, phrase_alt, same_words, word_start
from ..values.dates import DateRange

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
WS_RE = regex.compile(r"\s+")
NON_DIGIT_RE = regex.compile(r"\D")
WORD_RE = regex.compile(r"\w+")
CONTEXT = 40  # characters around a match that `same_words` sees (`_trigger_ok`, `_next_end`)
MAX_CONTINUATION_WORDS = 14


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
        "trigger_start": regex.compile(trig),  # where every "trigger" match starts
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
