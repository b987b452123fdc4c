"""Numbers as Vietnamese plans write them: "1.000" (dot = thousands),
"99,7" (comma = decimal), zero-padded counts "02", ranges "1-2" / "từ 01 đến
02", percents "0,08%", fractions "1/3", and spelled numbers "hai mươi mốt".

`find_numbers` keeps only quantities: numerals that belong to dates, document
numbers ("132/2003/NĐ-CP", "34-CT/TW"), section numbers at a line start
("1.", "2.1."), labels ("Điều 5", "Đợt 2", "Phường 12"), years, clock times
("8h30") and phone numbers are skipped. Spelled numbers are parsed by
`parse_number` but not searched for in running text ("năm", "ba", "tư" are
too often ordinary words there).
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Container

import regex

from ..rules import load_table
from ..text.fold import fold, phrase_alt, same_words
from .dates_ranges import _scan

__all__ = ["NumberMatch", "parse_number", "parse_range", "parse_fraction", "find_numbers"]


@lru_cache(maxsize=None)
def _number_words() -> dict[str, tuple[int, str]]:
    """Folded number word -> (value, kind); "mười"/"mươi" fold alike and share kind "ten"."""
    return {fold(r["word"]): (int(r["value"]), r["kind"]) for r in load_table("number_words")}


@lru_cache(maxsize=None)
def _context(kind: str) -> tuple[str, ...]:
    """Phrases of one kind from values_number_context.tsv, longest first."""
    rows = load_table("values_number_context")
    return tuple(sorted({r["phrase"] for r in rows if r["kind"] == kind}, key=len, reverse=True))


@lru_cache(maxsize=None)
def _context_by_fold(kind: str) -> dict[str, tuple[str, ...]]:
    """Folded phrase -> the phrases of one kind that fold to it (folded once, not per number)."""
    out: dict[str, list[str]] = {}
    for p in _context(kind):
        out.setdefault(fold(p), []).append(p)
    return {k: tuple(v) for k, v in out.items()}


def _alt(phrases: tuple[str, ...]) -> str:
    """Folded alternation of phrases given longest first (spaces match any run of spaces)."""
    return phrase_alt(fold(p) for p in phrases)


SP = r"\s{0,3}"
NUM = r"\d+(?:[.,]\d+)*"
PCT = r"(?:\s?%|\s(?:phần|phan)\s(?:trăm|tram)(?!\w))"
# A numeral (or a range of two), with percent signs; not glued to letters or
# to another numeral, not the head of a code ("34-CT", "32/KH", "1/3").
NUMBER_RE = regex.compile(
    rf"(?<![\p{{L}}\d.,/]|\p{{L}}-)(?P<a>{NUM})(?P<pa>{PCT})?"
    rf"(?:{SP}(?P<conn>[-–—~÷]|đến|tới|den|toi){SP}(?P<b>{NUM})(?P<pb>{PCT})?)?"
    r"(?!\d|[.,]\d|\s{0,2}/|-\s?\p{L}|h\d|:\d)"
)
FRACTION_RE = regex.compile(r"(?<![\p{L}\d.,/])(?P<a>\d{1,2})\s?/\s?(?P<b>\d{1,2})(?![\d/]|\s{0,2}/|[.,]\d)")
SLASHED_RE = regex.compile(r"[\w.,-]*\d\s{0,2}/\s{0,2}[\w./-]*|[\w]*\d+-\p{L}[\w/-]*")
# What every SLASHED_RE match contains: texts without it skip that (slow, unanchored) scan.
SLASHED_HINT_RE = regex.compile(r"\d(?:\s{0,2}/|-\p{L})")
SECTION_RE = regex.compile(r"[ \t]*(?:[-–+•*]+[ \t]*)?(?:\*\*)?\d{1,2}(?:(?:\.\d{1,2})+\.?|[.)])(?=[\s*]|$)")
YEAR_LIST_RE = regex.compile(r"(?=[12])(?<![\d.,])(?:1[89]|20)\d{2}(?:\s?[,;]\s?(?:1[89]|20)\d{2})+(?![\d.,]\d)")
LABEL_RE = regex.compile(rf"(?<!\w)(?P<w>{_alt(_context('label'))}|{_alt(_context('count'))})\s{{0,2}}(?:so\s{{0,2}})?[:.]?\s{{0,2}}$")
YEAR_BEFORE_RE = regex.compile(rf"(?<!\w)(?:{_alt(_context('year_before'))})[\s:]{{0,3}}$")
PHONE_RE = regex.compile(rf"(?<!\w)(?:{_alt(_context('phone'))})(?!\w)[^\n]{{0,40}}$")
RANGE_SPLIT_RE = regex.compile(r"\s*(?:[-–—~÷]|\bđến\b|\btới\b|\bden\b|\btoi\b)\s*")
FROM_RE = regex.compile(r"^(?:từ|tu)\s+", regex.I)
WORD_FRACTION_RE = regex.compile(r"^(?P<a>.+?)\s+(?:phần|phan)\s+(?P<b>.+)$", regex.I)
NUM_RE = regex.compile(NUM)
DIGIT_FRACTION_RE = regex.compile(r"(\d{1,20})\s*/\s*(\d{1,20})")
WS_RE = regex.compile(r"\s+")
NEWLINE_RE = regex.compile(r"\n")


@dataclass(frozen=True)
class NumberMatch:
    """A quantity found in text; `value_max` is set for ranges ("1-2")."""

    value: float | int
    value_max: float | int | None
    unit: str | None
    text: str
    span: tuple[int, int]
    is_percent: bool


def _tidy(x: float) -> float | int:
    """Ints when integral (targets are mostly counts), floats otherwise."""
    return int(x) if float(x).is_integer() else x


MAX_DIGITS = 20


def _parse_numeral(s: str) -> float | int | None:
    """Digits with Vietnamese separators: "." groups thousands, "," is the decimal
    mark; a lone "." not followed by exactly 3 digits ("2.5") is a decimal point."""
    if not NUM_RE.fullmatch(s):
        return None
    if sum(ch.isdigit() for ch in s) > MAX_DIGITS:
        return None  # no plan states a 21-digit figure: such runs are codes or junk (and huge ones crash int() or overflow float)
    if "." in s and "," in s:
        if s.rfind(",") > s.rfind("."):
            whole, _, dec = s.rpartition(",")
            if "," in whole or not _grouped(whole, "."):
                return None
            return _tidy(float(whole.replace(".", "") + "." + dec))
        whole, _, dec = s.rpartition(".")
        if "." in whole or not _grouped(whole, ","):
            return None
        return _tidy(float(whole.replace(",", "") + "." + dec))
    for sep in (",", "."):
        if sep in s:
            parts = s.split(sep)
            if len(parts) == 2 and (sep == "," or len(parts[1]) != 3 or parts[0] == "0"):
                return _tidy(float(parts[0] + "." + parts[1]))
            return _tidy(int("".join(parts))) if _grouped(s, sep) else None
    return int(s)


def _grouped(s: str, sep: str) -> bool:
    """"1.000.000": a 1-3 digit head then groups of exactly three."""
    parts = s.split(sep)
    return 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])


def _parse_words(s: str) -> int | None:
    """"hai mươi mốt" -> 21, "một trăm linh năm" -> 105, "ba nghìn" -> 3000."""
    table = _number_words()
    words = fold(s).split()
    if not words:
        return None
    total, group, digit, top = 0, 0, None, 0
    for w in words:
        if w not in table:
            return None
        val, kind = table[w]
        if kind == "digit":
            if digit is not None:
                return None
            digit = val
        elif kind == "ten":
            group += (digit * 10) if digit is not None else 10
            digit = None
        elif kind == "filler":
            continue
        elif val == 100:
            group += (digit if digit is not None else 1) * 100
            digit = None
        else:
            group += digit or 0
            digit = None
            if val > top and total:
                total = (total + group) * val
            else:
                total += (group or 1) * val
            top, group = max(top, val), 0
    return total + group + (digit or 0)


@lru_cache(maxsize=4096)
def parse_number(s: str) -> float | int | None:
    """One number, numerals or words -> int when integral, else float; None if not a number.

    "1.000" -> 1000, "0,08" -> 0.08, "02" -> 2, "2.5" -> 2.5, "mười lăm" -> 15.
    A trailing "%" is ignored (the caller knows it is a percent).
    """
    t = s.strip().rstrip("%").strip()
    if not t:
        return None
    if t[0].isdigit():
        return _parse_numeral(t)
    return _parse_words(t)


def parse_range(s: str) -> tuple[float | int, float | int] | None:
    """"1-2" -> (1, 2), "từ 01 đến 02" -> (1, 2), "2 – 3" -> (2, 3), "90% - 95%";
    None unless both ends parse and the first is not above the second."""
    t = FROM_RE.sub("", s.strip())
    for m in RANGE_SPLIT_RE.finditer(t):
        lo, hi = parse_number(t[:m.start()]), parse_number(t[m.end():])
        if lo is not None and hi is not None:
            return (lo, hi) if lo <= hi else None
    return None


def parse_fraction(s: str) -> float | None:
    """"1/3" -> 0.333…, "2/3", "một phần ba"; None for a zero denominator or non-fraction."""
    t = s.strip()
    m = DIGIT_FRACTION_RE.fullmatch(t)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
    else:
        wm = WORD_FRACTION_RE.fullmatch(t)
        if not wm:
            return None
        a, b = _parse_words(wm.group("a")), _parse_words(wm.group("b"))  # type: ignore[assignment]
        if a is None or b is None:
            return None
    return a / b if b else None


class _Spans:
    """Spans that block a numeral (dates, codes, fractions), asked "does any overlap text[s:e]?" by
    bisection: sorted by start, with the running maximum of their ends (spans may nest or overlap), so
    a text with thousands of dates and numbers is not scanned once per number."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [a for a, _ in ordered]
        self.reach: list[int] = []  # reach[i]: the largest end among the first i + 1 spans
        for _, b in ordered:
            self.reach.append(max(b, self.reach[-1]) if self.reach else b)

    def overlaps(self, s: int, e: int) -> bool:
        """Some span (a, b) has a < e and s < b."""
        i = bisect_left(self.starts, e)  # spans starting before `e`
        return i > 0 and self.reach[i - 1] > s


class _Lines:
    """Start of the line holding an offset, by bisection over the newlines (a text without newlines
    must not be searched back to its start for every number)."""

    def __init__(self, text: str) -> None:
        self.breaks = [m.start() for m in NEWLINE_RE.finditer(text)]

    def start(self, pos: int) -> int:
        """`text.rfind("\\n", 0, pos) + 1`."""
        i = bisect_left(self.breaks, pos)  # newlines before `pos`
        return self.breaks[i - 1] + 1 if i else 0


def _blocked_here(text: str, f: str, s: int, e: int, lines: _Lines) -> bool:
    """A numeral that is not a quantity by what stands around it: section number, label, year, phone
    (dates, codes and fractions: `_Codes`)."""
    line_start = lines.start(s)
    sm = SECTION_RE.match(text, line_start)
    if sm and sm.end() >= e and line_start <= s:
        return True
    lm = LABEL_RE.search(f, max(0, s - 20), s)
    if lm:
        written, key = text[lm.start("w"):lm.end("w")], WS_RE.sub(" ", lm.group("w"))
        ctx = text[max(0, s - 40):e]
        if any(same_words(written, p, context=ctx) for p in _context_by_fold("label").get(key, ())):
            return True  # a label ("Đợt 2"), whether or not a count word folds alike
    token = text[s:e]
    if token.isdigit() and len(token) == 4 and 1900 <= int(token) <= 2100 and YEAR_BEFORE_RE.search(f, max(0, s - 20), s):
        return True
    if token.isdigit() and token.startswith("0") and len(token) >= 4:
        return True
    return bool(PHONE_RE.search(f, max(line_start, s - 60), s))


class _Codes:
    """The spans that block a numeral: dates, date ranges, year lists and codes ("132/2003/NĐ-CP"), then
    the fractions taken. Scanned only when a numeral or fraction is not blocked by its surroundings
    already (a heading "1. Mục tiêu", a paragraph of dates only: no date scan at all)."""

    def __init__(self, text: str, folded: str | None) -> None:
        self.text, self.folded = text, folded
        self._codes: _Spans | None = None
        self._blocking: _Spans | None = None
        self.spans: list[tuple[int, int]] = []
        self.fractions: list[tuple[int, int]] = []

    def codes(self) -> _Spans:
        """Dates, ranges, year lists and codes (what may block a fraction)."""
        if self._codes is None:
            text = self.text
            accepted, ranges = _scan(text, None, False, self.folded)  # what find_dates and find_date_ranges read
            spans = [(c.start, c.end) for c in accepted] + [(s, e) for _, _, s, e in ranges]
            spans += [m.span() for m in YEAR_LIST_RE.finditer(text)]
            if SLASHED_HINT_RE.search(text):
                spans += [m.span() for m in SLASHED_RE.finditer(text)
                          if not FRACTION_RE.fullmatch(text, m.start(), m.end())]
            self.spans = spans
            self._codes = _Spans(spans)
        return self._codes

    def blocking(self) -> _Spans:
        """The codes and the fractions taken (fraction matches never overlap one another); asked once
        every fraction is in."""
        if self._blocking is None:
            self.codes()
            self._blocking = _Spans(self.spans + self.fractions)
        return self._blocking


def find_numbers(text: str, base: int = 0, *, folded: str | None = None,
                 unless: "Container[tuple[int, int]] | None" = None, before: int | None = None) -> list[NumberMatch]:
    """Quantities with an optional range and percent sign: "99,7%", "từ 98% trở lên" (98),
    "1-2 công trình" (1..2), "từ 01 đến 02 cán bộ" (1..2), "1/3 số hộ" (0.333…).
    unit is "%" for percents, else None: the quota extractor decides units. `folded` is
    `fold(text)` when the caller has it.

    A caller that keeps only new quantities starting before `before` (spans with `base`) may say which
    spans it has (`unless`): a numeral whose every possible quantity is one of them or starts later is
    then not looked at (nor, when none is left, are the dates scanned). Not with fractions around
    (a fraction taken blocks the numerals it overlaps)."""
    fractions = [m for m in FRACTION_RE.finditer(text) if 0 < int(m.group("a")) < int(m.group("b")) <= 10]
    numerals = list(NUMBER_RE.finditer(text))
    if unless is not None and before is not None and not fractions:
        numerals = [m for m in numerals if _may_add(m, base, unless, before)]
    if not fractions and not numerals:
        return []
    codes = _Codes(text, folded)
    out: list[NumberMatch] = []
    for m in fractions:
        if not codes.codes().overlaps(m.start(), m.end()):
            a, b = int(m.group("a")), int(m.group("b"))
            out.append(NumberMatch(a / b, None, None, m.group(), (m.start() + base, m.end() + base), False))
            codes.fractions.append(m.span())
    f = fold(text) if folded is None else folded
    lines = _Lines(text)

    def blocked(s: int, e: int) -> bool:
        return _blocked_here(text, f, s, e, lines) or codes.blocking().overlaps(s, e)

    for m in numerals:
        a = parse_number(m.group("a"))
        b = parse_number(m.group("b")) if m.group("b") else None
        years = all(isinstance(v, int) and 1900 <= v <= 2100 for v in (a, b))
        if a is None or years:
            continue
        a_blocked = blocked(*m.span("a"))
        if b is not None and b > a and not a_blocked and not blocked(*m.span("b")):
            pct = bool(m.group("pb") or m.group("pa"))
            out.append(_match(text, a, b, m.start("a"), m.end(), pct, base))
            continue
        for g in ("a", "b"):
            v = a if g == "a" else b
            if v is None or (a_blocked if g == "a" else blocked(*m.span(g))):
                continue
            pct = bool(m.group("p" + g))
            out.append(_match(text, v, None, m.start(g), m.end("p" + g) if pct else m.end(g), pct, base))
    return sorted(out, key=lambda n: n.span)


def _may_add(m: "regex.Match[str]", base: int, unless: "Container[tuple[int, int]]", before: int) -> bool:
    """A quantity of numeral `m` may start before `before` with a span not in `unless`: the spans
    `find_numbers` can give it (a range, or either end alone), with `base`."""
    if m.start("a") + base >= before:
        return False
    ends = (("a", "pa"), ("b", "pb")) if m.group("b") else (("a", "pa"),)
    spans = [(m.start(g) + base, (m.end(p) if m.group(p) else m.end(g)) + base) for g, p in ends]
    if m.group("b"):
        spans.append((m.start("a") + base, m.end() + base))
    return any(sp not in unless for sp in spans)


def _match(text: str, v: float | int, vmax: float | int | None, s: int, e: int, pct: bool, base: int) -> NumberMatch:
    return NumberMatch(v, vmax, "%" if pct else None, text[s:e], (s + base, e + base), pct)
