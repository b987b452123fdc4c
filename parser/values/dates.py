"""Dates as Vietnamese plans write them, to contract-v1 date objects.

Matching runs on `fold(text)` (same length, so spans hold), which makes
"ngay 30 thang 6 nam 2021" and OCR "ngàỵ 30 thảng 6 nãm 2021" match; the
key words are then checked on the original so that "thắng 7", "Việt Nam 2024"
or "đầu tư 1/3" do not pass for dates.

Heuristics (the judgement calls, in one place):
- `text` is the date as written without a leading "ngày" ("6/11/2003"), but
  with a leading "hết" ("hết ngày 30/8/2022", "hết tháng 12/2022") and a
  trailing lunar marker ("23/3/2023 Âm lịch"), as the gold data writes them;
  "ngày 5-6" / "ngày 5.6" keep their "ngày": without it they read as a range.
- A bare "d/m" is a date only after a cue word ("ngày", "từ", "đến",
  "trước", "dịp", "(", … values_date_words.tsv), before "âm lịch", or linked
  to such a date by "-", "đến", "hoặc", "và", ","; otherwise it is a fraction
  ("1/3 số hộ") or a code and is left alone.
- Year-less dates take the year of the date they are linked to (a range's
  start takes its end's year, a list takes its last year), else
  `default_year`, else value None with precision "day"/"month" kept.
- A quarter "quý I/2024" is its first month; as the end of a range or after
  "hết" it is its last month ("2024-03").
- Bare years ("2021-2025") count only as a pair: a period with year
  precision; after "nhiệm kỳ", "năm học", "khóa" … they are a term, skipped.
"""
from __future__ import annotations

import calendar
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from ..rules import load_table
from ..text.fold import fold, phrase_alt, same_words, word_start

__all__ = ["DateValue", "DateRange", "parse_date", "find_dates", "find_date_ranges", "parse_header_date"]


@lru_cache(maxsize=None)
def _words(kind: str) -> tuple[str, ...]:
    """Phrases of one kind from values_date_words.tsv, longest first."""
    rows = load_table("values_date_words")
    return tuple(sorted({r["phrase"] for r in rows if r["kind"] == kind}, key=len, reverse=True))


@lru_cache(maxsize=None)
def _by_fold(kind: str) -> dict[str, tuple[str, ...]]:
    """Folded phrase -> the phrases of one kind of values_date_words.tsv that fold to it (folded once,
    not per match)."""
    out: dict[str, list[str]] = {}
    for r in load_table("values_date_words"):
        if r["kind"] == kind:
            out.setdefault(fold(r["phrase"]), []).append(r["phrase"])
    return {k: tuple(v) for k, v in out.items()}


def _alt(phrases: tuple[str, ...]) -> str:
    """Folded regex alternation of phrases (spaces match any run of spaces), longest first."""
    return phrase_alt(fold(p) for p in phrases)


def _plain_alt(phrases: tuple[str, ...]) -> str:
    """Folded regex alternation of phrases in the order given."""
    return "|".join(regex.escape(fold(p)).replace("\\ ", " ").replace(" ", r"\s+") for p in phrases)


MONTH_WORD = {fold(r["phrase"]): int(r["value"]) for r in load_table("values_date_words") if r["kind"] == "month"}
MW = rf"(?:{_alt(tuple(sorted(MONTH_WORD, key=len, reverse=True)))})(?!\w)"
MW_ALONE = rf"(?:{_plain_alt(tuple(fold(r['phrase']) for r in load_table('values_date_words') if r['kind'] == 'month' and r['alone'] == '1'))})(?!\w)"
CANONICAL = {"ngay": "ngày", "thang": "tháng", "nam": "năm", "quy": "quý", "mung": "mùng", "mong": "mồng", "het": "hết"}

Y = r"(?:1\d{3}|2[01]\d{2})"
D = r"(?:3[01]|[12]\d|0?[1-9])"
M = r"(?:1[0-2]|0?[1-9])"
SP = r"\s{0,3}"
NOT_CODE = r"(?!\d|\s{0,2}/\s{0,2}\w|[.,]\d)"
CONN = r"(?:[-–—]|den|toi|hoac|va|,)"
# `regex` tries a pattern that opens with a lookbehind at every position: "(?=\d)" in front
# (their matches start with a digit anyway) makes dmy, bare_my and lone_day ~9x faster.

PATTERNS: tuple[tuple[str, regex.Pattern[str]], ...] = (
    ("dmy", regex.compile(rf"(?=\d)(?<![\d/.,])(?P<d>{D})\s{{0,2}}(?P<sep>[/.\-])\s{{0,2}}(?P<m>{M})\s{{0,2}}(?P=sep)\s{{0,2}}(?P<y>{Y}){NOT_CODE}")),
    ("dmy", regex.compile(rf"(?<![\d/.,\-])(?P<y>{Y})-(?P<m>1[0-2]|0[1-9])-(?P<d>3[01]|[12]\d|0[1-9])(?![\d\-/])")),
    ("dmy", regex.compile(rf"(?:(?:ngay|mung|mong){SP}|(?<=(?:^|[-–—]|\bden|\btoi|\bva|,){SP}))(?P<d>{D}){SP}thang{SP}(?P<m>{M}|{MW})(?:{SP},?{SP}nam{SP}(?P<y>{Y}))?(?!\d)")),
    ("dmy", regex.compile(rf"(?<![\d/.,])(?P<d>{D}){SP}thang{SP}(?P<m>{M}|{MW}){SP},?{SP}nam{SP}(?P<y>{Y})(?!\d)")),
    ("blank", regex.compile(rf"ngay[\s._…]{{0,16}}(?P<d>{D})?[\s._…]{{0,16}}thang[\s._…]{{0,16}}(?P<m>{M})?[\s._…]{{0,16}},?[\s._…]{{0,3}}nam{SP}(?P<y>{Y})(?!\d)")),
    ("dm", regex.compile(rf"(?<![\d/.,])(?P<d>{D})\s{{0,2}}/\s{{0,2}}(?P<m>{M})(?!\d|\s{{0,2}}/|[.,]\d)")),
    ("dmy", regex.compile(rf"(?<!\w)(?:ngay|mung|mong)\s{{1,3}}(?P<d>{D})[.\-](?P<m>{M})(?![\d.\-/])")),
    ("month", regex.compile(rf"thang{SP}(?P<m>{M}|{MW}){SP}(?:[/.\-]|,?{SP}nam){SP}(?P<y>{Y}){NOT_CODE}")),
    ("month", regex.compile(rf"(?<!(?:moi|hang|cac)\s{{1,3}})thang{SP}(?P<m>{M}|{MW_ALONE})(?!\d|[.,]\d|{SP}(?:lan|ngay|thang|tuan)\b)")),
    ("quarter", regex.compile(rf"(?<!\w)quy\s{{1,3}}(?P<q>iv|i{{1,3}}|[1-4])(?:{SP}(?:[/.\-]|,?{SP}nam){SP}(?P<y>{Y}))?(?!\w|[/.]\d)")),
    ("year", regex.compile(rf"(?<!\w)nam\s{{1,3}}(?P<y>{Y}){NOT_CODE}")),
    ("bare_year", regex.compile(rf"(?<![\d/.,])(?P<y>{Y}){NOT_CODE}")),
    ("bare_my", regex.compile(rf"(?=\d)(?<![\d/.,])(?P<m>{M})(?:\s{{0,2}}/\s{{0,2}}|\s{{1,3}}nam\s{{1,3}})(?P<y>{Y}){NOT_CODE}")),
    ("lone_day", regex.compile(rf"(?=\d)(?<![\d/.,])(?P<d>{D})(?={SP}{CONN}{SP}(?:(?:ngay|mung|mong){SP})?{D}{SP}(?:/{SP}{M}|thang\s))")),
)
# What each pattern's matches contain, as groups of which one string must occur in the folded text:
# a pattern whose needs fail cannot match, and its scan is skipped (most lines have no "tháng").
NEEDS: tuple[tuple[tuple[str, ...], ...], ...] = (
    (("/", ".", "-"),), (("-",),), (("thang",),), (("thang",), ("nam",)), (("ngay",), ("thang",), ("nam",)),
    (("/",),), (("ngay", "mung", "mong"), (".", "-")), (("thang",),), (("thang",),), (("quy",),), (("nam",),),
    (), (("/", "nam"),), (("/", "thang"),),
)
NEED_KEYS = tuple(sorted({s for groups in NEEDS for g in groups for s in g}))
# The same as bit masks (bit i: NEED_KEYS[i] occurs): a pattern can match when every mask meets the text's.
NEED_MASKS = tuple(tuple(sum(1 << NEED_KEYS.index(s) for s in g) for g in groups) for groups in NEEDS)
CONDITIONAL = frozenset({"dm", "bare_year", "bare_my", "lone_day"})
KEYWORD_RE = regex.compile(r"(?<![a-z])(?:ngay|thang|nam|quy|mung|mong|het)(?![a-z])")
LUNAR_RE = regex.compile(r"\s{0,3}(?:\(\s{0,2}(?:am\s{0,2}lich|al)\s{0,2}\)|am\s{0,2}lich(?!\w))")
HET_RE = regex.compile(r"(?<!\w)het\s{1,3}(?:(?:ngay|mung|mong)\s{1,3})?$")
CUE_RE = regex.compile(rf"(?:{word_start(fold(p) for p in _words('day_cue'))}(?<!\w)(?P<w>{_alt(_words('day_cue'))})|\()[\s:]{{0,3}}$")
FROM_RE = regex.compile(r"(?<!\w)tu\s{1,3}(?:(?:ngay|mung|mong)\s{1,3})?$")
OPEN_RE = regex.compile(rf"(?<!\w)tu\s{{1,3}}(?:{_alt(_words('open_start'))}){SP},?{SP}(?:cho\s+)?(?:den|toi){SP}(?:(?:ngay|mung|mong){SP})?$")
NOT_RANGE_RE = regex.compile(rf"(?<!\w)(?:{_alt(_words('not_range'))})[\s:]{{0,3}}(?:nam\s{{1,3}})?$")
FRACTION_NOUN_RE = regex.compile(rf"\s{{1,3}}(?:{_alt(_words('fraction_noun'))})(?!\w)")
RANGE_GAP_RE = regex.compile(rf"\s{{0,3}}(?:[-–—~]|{_alt(_words('range_sep'))}){SP}(?:(?:ngay|mung|mong){SP})?")
LIST_GAP_RE = regex.compile(rf"\s{{0,3}}(?:,|;|,?{SP}(?:{_alt(_words('list_sep'))})){SP}(?:tu\s{{1,3}})?(?:(?:ngay|mung|mong){SP})?")
PARSE_PREFIX_RE = regex.compile(rf"[\W_]*(?:(?:{_alt(_words('day_cue'))}|cham nhat|truoc|khoang)[\W_]*)*")
HEADER_RE = regex.compile(
    r"ngay[\s._…\-]{0,20}(?P<d>\d{1,2})?[\s._…\-]{0,20}thang[\s._…\-]{0,20}(?P<m>\d{1,2})?[\s._…\-]{0,20},?"
    r"[\s._…]{0,4}nam[\s._…\-]{0,20}(?:(?P<y>\d{4})(?!\d)|\d{1,3}[._…]+)?"
)
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
WS_RE = regex.compile(r"\s+")
WORD_CHAR_RE = regex.compile(r"[\w]")
NGAY_END_RE = regex.compile(r"ngay\s{1,3}$")


@dataclass(frozen=True)
class DateValue:
    """A date as the contract writes it: ISO reduced to what the text states."""

    value: str | None
    precision: str | None
    text: str | None
    span: tuple[int, int] | None = None
    calendar: str | None = None

    def to_json(self) -> dict:
        """Contract-v1 date object; `calendar` and `span` only when set."""
        out: dict = {"value": self.value, "precision": self.precision, "text": self.text}
        if self.calendar:
            out["calendar"] = self.calendar
        if self.span is not None:
            out["span"] = [self.span[0], self.span[1]]
        return out


@dataclass(frozen=True)
class DateRange:
    """A period: start may be None ("từ nay đến hết ngày 30/8/2022")."""

    start: DateValue | None
    end: DateValue | None
    text: str
    span: tuple[int, int]


@dataclass(eq=False)
class _Cand:
    """A date candidate while scanning (internal, mutated only inside one call)."""

    kind: str
    start: int
    end: int
    d: int | None = None
    m: int | None = None
    y: int | None = None
    q: int | None = None
    lunar: bool = False
    het: bool = False
    cue: bool = False
    role: str = ""
    inherited: bool = False


def _valid(d: int | None, m: int | None, y: int | None) -> bool:
    """Day fits the month (29 Feb allowed when the year is unknown)."""
    if m is not None and not 1 <= m <= 12:
        return False
    if d is None or m is None:
        return True
    last = calendar.monthrange(y, m)[1] if y else (29 if m == 2 else calendar.monthrange(2001, m)[1])
    return 1 <= d <= last


def _keywords_ok(text: str, f: str, s: int, e: int) -> bool:
    """Every key word of a match is really that word in the original text."""
    ctx = text[max(0, s - 40): e + 40]
    return all(same_words(text[k.start():k.end()], CANONICAL[k.group()], tones=False, context=ctx)
               for k in KEYWORD_RE.finditer(f, s, e))


def _month_word_ok(text: str, mt: regex.Match[str]) -> bool:
    """A month written as a word keeps its diacritics ("tháng Tư", not "tháng từ")."""
    g = mt.groupdict().get("m")
    if g is None or g.isdigit():
        return True
    written = text[mt.start("m"):mt.end("m")]
    ctx = text[max(0, mt.start() - 40):mt.end() + 40]
    return any(same_words(written, p, context=ctx) for p in _by_fold("month").get(WS_RE.sub(" ", g), ()))


def _num(g: str | None) -> int | None:
    if g is None:
        return None
    return MONTH_WORD.get(WS_RE.sub(" ", g)) if not g.isdigit() else int(g)


ANY_DATE_HINT_RE = regex.compile(r"\d|thang|quy")


def _candidates(text: str, f: str) -> list[_Cand]:
    """All pattern matches, validated, overlaps resolved (longest wins)."""
    raw: list[_Cand] = []
    if not ANY_DATE_HINT_RE.search(f):
        return raw  # every pattern needs a digit or a month/quarter word: skip the 14 scans
    present = 0
    for i, key in enumerate(NEED_KEYS):
        if key in f:
            present |= 1 << i
    for prio, (kind, rx) in enumerate(PATTERNS):
        if not _needs_met(NEED_MASKS[prio], present):
            continue
        for mt in rx.finditer(f):
            s, e = mt.span()
            gd = mt.groupdict()
            c = _Cand(kind, s, e, _num(gd.get("d")), _num(gd.get("m")), _num(gd.get("y")))
            if gd.get("q"):
                c.q = ROMAN.get(gd["q"]) or int(gd["q"])
            if kind == "blank" and c.d is not None and c.m is not None:
                continue
            if not _valid(c.d, c.m, c.y) or not _keywords_ok(text, f, s, e) or not _month_word_ok(text, mt):
                continue
            raw.append((-(e - s), prio, s, c))
    kept: list[_Cand] = []
    starts: list[int] = []  # of the kept matches, sorted; they never overlap, so their ends are sorted too
    ends: list[int] = []
    for _, _, _, c in sorted(raw, key=lambda t: t[:3]):
        i = bisect_right(starts, c.start)  # only the kept neighbours can overlap (linear, not quadratic)
        if (i and ends[i - 1] > c.start) or (i < len(starts) and starts[i] < c.end):
            continue
        kept.append(c)
        starts.insert(i, c.start)
        ends.insert(i, c.end)
    return sorted(kept, key=lambda c: c.start)


def _needs_met(masks: tuple[int, ...], present: int) -> bool:
    """Every group of a pattern's NEEDS has a string in the text (a plain loop: this runs 14 times a line)."""
    for m in masks:
        if not m & present:
            return False
    return True


def _decorate(text: str, f: str, c: _Cand) -> None:
    """Attach the cue word before, a leading "hết" and a trailing lunar marker."""
    window = max(0, c.start - 30)
    cm = CUE_RE.search(f, window, c.start)
    if cm:
        w = cm.group("w")
        c.cue = w is None or any(same_words(text[cm.start("w"):cm.end("w")], p, context=text[window:c.end])
                                 for p in _by_fold("day_cue").get(WS_RE.sub(" ", w), ()))
    hm = HET_RE.search(f, window, c.start)
    if hm and c.kind != "lone_day" and same_words(text[hm.start():hm.start() + 3], "hết", tones=False, context=text[window:c.end]):
        c.start, c.het, c.cue = hm.start(), True, True
    lm = LUNAR_RE.match(f, c.end)
    if lm and c.kind not in ("year", "bare_year"):
        core = text[lm.start():lm.end()].strip(" ()\t\n")
        if fold(core) == "al" or same_words(core, "âm lịch", tones=False, context=text[c.start:lm.end()]):
            c.end, c.lunar = lm.end(), True


def _cmp_key(c: _Cand) -> tuple[int, int, int]:
    return (c.y or 0, c.m or (3 * c.q - 2 if c.q else 1), c.d or 1)


def _link(f: str, a: _Cand, b: _Cand) -> str | None:
    """How two neighbouring candidates are joined: "range", "list" or None."""
    gap_s, gap_e = a.end, b.start
    rng = RANGE_GAP_RE.fullmatch(f, gap_s, gap_e)
    lst = None if rng else LIST_GAP_RE.fullmatch(f, gap_s, gap_e)
    if not rng and not lst:
        return None
    years = {"year", "bare_year"}
    if a.kind in years or b.kind in years:
        if not (a.kind in years and b.kind in years and rng and (a.y or 0) < (b.y or 0)):
            return None
        if "bare_year" in (a.kind, b.kind) and f[gap_s:gap_e].strip() not in ("-", "–", "—", "den", "toi"):
            return None
        if NOT_RANGE_RE.search(f, max(0, a.start - 25), a.start):
            return None
        return "range"
    if b.kind == "lone_day" or a.kind == "bare_my":
        return None
    if b.kind == "bare_my" and (a.kind != "month" or not rng):
        return None
    if a.kind == "lone_day" and (b.kind not in ("dm", "dmy") or not (a.cue or f[gap_s:gap_e] in ("-", "–"))):
        return None
    if rng and a.y and b.y and _cmp_key(a) > _cmp_key(b):
        return None
    return "range" if rng else "list"


_Scan = tuple[list[_Cand], list[tuple[_Cand | None, _Cand, int, int]]]


@dataclass(eq=False)
class _Found:
    """What a text holds whatever the default year (folded text, decorated candidates, the links
    between neighbours), and the scans made from it so far, per (default_year, force)."""

    f: str
    cands: tuple[_Cand, ...]
    links: tuple[str | None, ...]
    scans: dict[tuple[int | None, bool], _Scan] = field(default_factory=dict)


@lru_cache(maxsize=4096)
def _found(text: str) -> _Found:
    """Cached by text alone: extractors scan the same lines with and without a default year."""
    f = fold(text)
    cands = _candidates(text, f)
    for c in cands:
        _decorate(text, f, c)
    return _Found(f, tuple(cands), tuple(_link(f, a, b) for a, b in zip(cands, cands[1:])))


def _scan(text: str, default_year: int | None, force: bool) -> _Scan:
    """Accepted candidates and the ranges between them.

    Cached: several extractors scan the same lines (numbers, deadlines,
    commemorations); the results are only read by the callers below.
    """
    found = _found(text)
    got = found.scans.get((default_year, force))
    if got is None:
        got = found.scans[(default_year, force)] = _group(found, default_year, force)
    return got


_scan.cache_clear = _found.cache_clear  # type: ignore[attr-defined]  # cold runs (parser.bench)


def _copy(c: _Cand) -> _Cand:
    """A shallow copy (what `copy.copy` makes, without its protocol overhead)."""
    n = object.__new__(_Cand)
    n.__dict__.update(c.__dict__)
    return n


def _group(found: _Found, default_year: int | None, force: bool) -> _Scan:
    """Link candidates into ranges and lists, keep the anchored groups, fill in years (on copies:
    the cached candidates serve every default year)."""
    f, links = found.f, found.links
    cands = [_copy(c) for c in found.cands]
    groups: list[list[_Cand]] = []
    pairs: list[tuple[_Cand, _Cand]] = []
    for i, c in enumerate(cands):
        if i and links[i - 1]:
            groups[-1].append(c)
            if links[i - 1] == "range" and cands[i - 1].role == "":
                cands[i - 1].role, c.role = "start", "end"
                pairs.append((cands[i - 1], c))
        else:
            groups.append([c])
    accepted: list[_Cand] = []
    for g in groups:
        anchored = any(c.kind not in CONDITIONAL or c.lunar or (c.cue and c.kind in ("dm", "lone_day")) for c in g)
        years_pair = all(c.kind in ("bare_year", "year") for c in g) and len(g) > 1
        if force and len(g) == 1 and g[0].kind != "lone_day":
            anchored = True
        if not (anchored or years_pair):
            continue
        if g[-1].kind == "dm" and not g[-1].lunar and FRACTION_NOUN_RE.match(f, g[-1].end) and not force:
            continue
        _inherit(g, pairs)
        for c in g:
            if c.y is None and default_year is not None and c.kind not in ("year", "bare_year"):
                c.y = default_year
            if c.kind == "lone_day" and c.m is None:
                break
        else:
            accepted.extend(g)
    ok = {id(c) for c in accepted}
    ranges: list[tuple[_Cand | None, _Cand, int, int]] = []
    for a, b in pairs:
        if id(a) in ok:
            fm = FROM_RE.search(f, max(0, a.start - 20), a.start)
            ranges.append((a, b, fm.start() if fm else a.start, b.end))
    for c in accepted:
        if not c.role:
            om = OPEN_RE.search(f, max(0, c.start - 60), c.start)
            if om:
                ranges.append((None, c, om.start(), c.end))
    return accepted, sorted(ranges, key=lambda r: r[2])


def _inherit(g: list[_Cand], pairs: list[tuple[_Cand, _Cand]]) -> None:
    """Share year, month and lunar marker backwards along a linked group: a
    lunar marker after a range covers both ends, after a list only the
    year-less dates before it ("ngày 9 và 10/3 âm lịch")."""
    starts = {id(a) for a, _ in pairs}
    nxt: _Cand | None = None
    for c in reversed(g):
        if nxt is not None:
            c.lunar = c.lunar or (nxt.lunar and (id(c) in starts or c.y is None))
            if c.y is None and nxt.y is not None and c.kind not in ("year", "bare_year"):
                c.y, c.inherited = nxt.y, True
            if c.kind == "lone_day" and c.m is None:
                c.m = nxt.m
                if not _valid(c.d, c.m, c.y):
                    c.m = None
        nxt = c
    for a, b in pairs:
        if a in g and b.y is None and a.y is not None:
            b.y, b.inherited = a.y, True
            if _cmp_key(b) < _cmp_key(a):
                b.y += 1
        elif a in g and a.inherited and _cmp_key(a) > _cmp_key(b):
            a.y -= 1


def _dv(text: str, c: _Cand, base: int) -> DateValue:
    """The contract date of a candidate."""
    m = c.m
    if c.q:
        m = 3 * c.q if (c.role == "end" or c.het) else 3 * c.q - 2
    if c.kind in ("year", "bare_year") or (c.kind == "blank" and m is None):
        prec, val = "year", f"{c.y:04d}" if c.y else None
    elif c.d is None or c.kind == "blank":
        prec, val = "month", f"{c.y:04d}-{m:02d}" if c.y else None
    else:
        prec = "day"
        val = f"{c.y:04d}-{m:02d}-{c.d:02d}" if c.y and _valid(c.d, m, c.y) else None
    return DateValue(val, prec, WS_RE.sub(" ", text[c.start:c.end]).strip(), (c.start + base, c.end + base),
                     "lunar" if c.lunar else None)


def find_dates(text: str, base: int = 0, *, default_year: int | None = None) -> list[DateValue]:
    """Every date expression in text, sorted by span, non-overlapping (longest wins)."""
    accepted, _ = _scan(text, default_year, force=False)
    return [_dv(text, c, base) for c in accepted]


def find_date_ranges(text: str, base: int = 0, *, default_year: int | None = None) -> list[DateRange]:
    """Periods: "từ ngày 10/4 - 14/4", "(06/11/2003 - 06/11/2023)", "Từ tháng 7/2021 đến hết tháng 12/2022",
    "từ 20-22/3 âm lịch", "Từ nay đến hết ngày 30/8/2022" (start None), "ngày 25/5 hoặc 26/5/2023",
    "giai đoạn 2021-2025" (years); not "nhiệm kỳ 2020 - 2025" nor "năm học 2022 - 2023"."""
    _, ranges = _scan(text, default_year, force=False)
    return [DateRange(_dv(text, a, base) if a else None, _dv(text, b, base),
                      WS_RE.sub(" ", text[s:e]).strip(), (s + base, e + base)) for a, b, s, e in ranges]


def parse_date(s: str, *, default_year: int | None = None) -> DateValue | None:
    """One date expression -> DateValue (None if s is not a date); cue words
    around it ("ngày", "trước ngày", "chậm nhất") are allowed and dropped."""
    accepted, _ = _scan(s, default_year, force=True)
    if len(accepted) != 1:
        return None
    c = accepted[0]
    f = fold(s)
    if not PARSE_PREFIX_RE.fullmatch(f, 0, c.start) or WORD_CHAR_RE.search(f[c.end:]):
        return None
    return _dv(s, c, 0)


def parse_header_date(s: str) -> DateValue:
    """The place-date line of a header ("Long Biên, ngày 30 tháng 6 năm 2021"),
    whose blanks ("ngày   tháng 4 năm 2023") lower the precision; value None
    when the year is blank. A day that cannot be lowers it to the month."""
    f = fold(s)
    hm = HEADER_RE.search(f)
    if hm:
        d, m, y = (int(x) if x else None for x in hm.group("d", "m", "y"))
        txt = WS_RE.sub(" ", s[hm.start():hm.end()]).strip()
        span = (hm.start(), hm.start() + len(s[hm.start():hm.end()].rstrip()))
        if y is None or not 1000 <= y <= 2199:
            return DateValue(None, None, txt, span)
        if m is None or not 1 <= m <= 12:
            return DateValue(f"{y:04d}", "year", txt, span)
        if d is None or not _valid(d, m, y):
            return DateValue(f"{y:04d}-{m:02d}", "month", txt, span)
        return DateValue(f"{y:04d}-{m:02d}-{d:02d}", "day", txt, span)
    for dv in find_dates(s):  # numeric forms; a lone "năm 2024" is no issue date
        if dv.value and dv.span and dv.precision in ("day", "month"):
            st = dv.span[0]
            pm = NGAY_END_RE.search(f[:st])
            if pm:
                st = pm.start()
            return DateValue(dv.value, dv.precision, WS_RE.sub(" ", s[st:dv.span[1]]), (st, dv.span[1]), dv.calendar)
    return DateValue(None, None, None)
