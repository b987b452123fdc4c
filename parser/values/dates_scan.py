"""Date candidates: the patterns that find dates in folded text, and what is attached to each.

Part of `parser.values.dates` (see its docstring for the judgement calls):
this module finds every date-like match, checks its key words on the
original text and attaches a cue word, a leading "hết" and a lunar marker;
`dates_ranges` links the candidates into ranges and lists, `dates` turns
them into contract dates. Matching runs on `fold(text)` (same length, so
offsets hold). The names are internal to `parser.values`.
"""
from __future__ import annotations

import calendar
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

import regex

from ..rules import load_table
from ..text.fold import fold, phrase_alt, same_words, word_start


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
# YEAR stands for a run of digits that Y matches (searched for, not a substring): eight patterns need one,
# and most lines have none ("1. Mục tiêu", "- 02 tập thể").
# DM stands for two digits joined by "/", "." or "-" (searched for as well): what "d/m", "d.m.y" hold.
YEAR, DM = "<year>", "<d/m>"
YEAR_RUN_RE = regex.compile(Y)
DM_RE = regex.compile(r"\d\s{0,2}[/.\-]\s{0,2}\d")
SEARCHED = {YEAR: YEAR_RUN_RE, DM: DM_RE}
NEEDS: tuple[tuple[tuple[str, ...], ...], ...] = (
    ((DM,), (YEAR,)), ((DM,), (YEAR,), ("-",)), (("thang",),), (("thang",), ("nam",), (YEAR,)),
    (("ngay",), ("thang",), ("nam",), (YEAR,)), ((DM,), ("/",)), (("ngay", "mung", "mong"), (DM,), (".", "-")),
    (("thang",), (YEAR,)), (("thang",),), (("quy",),), (("nam",), (YEAR,)), ((YEAR,),), (("/", "nam"), (YEAR,)),
    (("/", "thang"),),
)
NEED_KEYS = tuple(sorted({s for groups in NEEDS for g in groups for s in g}))
# The same as bit masks (bit i: NEED_KEYS[i] occurs): a pattern can match when every mask meets the text's.
NEED_MASKS = tuple(tuple(sum(1 << NEED_KEYS.index(s) for s in g) for g in groups) for groups in NEEDS)
KEYWORD_RE = regex.compile(r"(?<![a-z])(?:ngay|thang|nam|quy|mung|mong|het)(?![a-z])")
LUNAR_RE = regex.compile(r"\s{0,3}(?:\(\s{0,2}(?:am\s{0,2}lich|al)\s{0,2}\)|am\s{0,2}lich(?!\w))")
HET_RE = regex.compile(r"(?<!\w)het\s{1,3}(?:(?:ngay|mung|mong)\s{1,3})?$")
CUE_RE = regex.compile(rf"(?:{word_start(fold(p) for p in _words('day_cue'))}(?<!\w)(?P<w>{_alt(_words('day_cue'))})|\()[\s:]{{0,3}}$")
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
WS_RE = regex.compile(r"\s+")


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


@lru_cache(maxsize=4096)
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
    ctx = None
    for k in KEYWORD_RE.finditer(f, s, e):
        if ctx is None:
            ctx = text[max(0, s - 40): e + 40]
        if not same_words(text[k.start():k.end()], CANONICAL[k.group()], tones=False, context=ctx):
            return False
    return True


def _month_word_ok(text: str, mt: regex.Match[str], gd: dict[str, str | None] | None = None) -> bool:
    """A month written as a word keeps its diacritics ("tháng Tư", not "tháng từ"); `gd` is
    `mt.groupdict()` when the caller has it."""
    g = (mt.groupdict() if gd is None else gd).get("m")
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
LEADS = ("ngay", "mung", "mong", "nam")  # the other words a match may start with


def _candidates(text: str, f: str) -> list[_Cand]:
    """All pattern matches, validated, overlaps resolved (longest wins)."""
    raw: list[_Cand] = []
    hint = ANY_DATE_HINT_RE.search(f)
    if hint is None:
        return raw  # every pattern needs a digit or a month/quarter word: skip the 14 scans
    present = 0
    for i, key in enumerate(NEED_KEYS):
        if (SEARCHED[key].search(f) is not None) if key in SEARCHED else key in f:
            present |= 1 << i
    lo = _scan_from(f, hint.start())
    for prio, kind, rx in _runnable(present):
        for mt in rx.finditer(f, lo):
            s, e = mt.span()
            gd = mt.groupdict()
            c = _Cand(kind, s, e, _num(gd.get("d")), _num(gd.get("m")), _num(gd.get("y")))
            if gd.get("q"):
                c.q = ROMAN.get(gd["q"]) or int(gd["q"])
            if kind == "blank" and c.d is not None and c.m is not None:
                continue
            if not _valid(c.d, c.m, c.y) or not _keywords_ok(text, f, s, e) or not _month_word_ok(text, mt, gd):
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


def _scan_from(f: str, first_hint: int) -> int:
    """Where the scans start: every match of PATTERNS starts with a digit, "thang" or "quy" (so at or
    after the first of them, `first_hint`), or with one of LEADS. A pattern scanned from there finds
    what a scan of the whole text finds (`regex` still sees the text before it: lookbehinds hold, and
    "^" matches only at 0): the words before a line's first date are read once, not 14 times."""
    lo = first_hint
    for word in LEADS:
        at = f.find(word)
        if 0 <= at < lo:
            lo = at
    return lo


def _needs_met(masks: tuple[int, ...], present: int) -> bool:
    """Every group of a pattern's NEEDS has a string in the text."""
    for m in masks:
        if not m & present:
            return False
    return True


@lru_cache(maxsize=None)
def _runnable(present: int) -> tuple[tuple[int, str, "regex.Pattern[str]"], ...]:
    """(priority, kind, pattern) of the patterns whose needs a text with these strings meets (at most
    2 ** len(NEED_KEYS) sets, and lines repeat a few)."""
    return tuple((prio, kind, rx) for prio, (kind, rx) in enumerate(PATTERNS) if _needs_met(NEED_MASKS[prio], present))


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

