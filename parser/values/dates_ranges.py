"""Date candidates linked into ranges and lists; years, months and lunar markers shared along them.

Part of `parser.values.dates` (see its docstring for the judgement calls):
`dates_scan` finds the candidates, this module decides which neighbours form
a range ("10/4 - 14/4/2023", "2021-2025") or a list ("25/5 hoặc 26/5/2023"),
which groups are dates at all (a bare "1/3" needs a cue), and fills in the
years a group shares. The names are internal to `parser.values`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..text.fold import fold
from .dates_scan import SP, _alt, _Cand, _candidates, _decorate, _valid, _words

CONDITIONAL = frozenset({"dm", "bare_year", "bare_my", "lone_day"})
FROM_RE = regex.compile(r"(?<!\w)tu\s{1,3}(?:(?:ngay|mung|mong)\s{1,3})?$")
OPEN_RE = regex.compile(rf"(?<!\w)tu\s{{1,3}}(?:{_alt(_words('open_start'))}){SP},?{SP}(?:cho\s+)?(?:den|toi){SP}(?:(?:ngay|mung|mong){SP})?$")
NOT_RANGE_RE = regex.compile(rf"(?<!\w)(?:{_alt(_words('not_range'))})[\s:]{{0,3}}(?:nam\s{{1,3}})?$")
FRACTION_NOUN_RE = regex.compile(rf"\s{{1,3}}(?:{_alt(_words('fraction_noun'))})(?!\w)")
RANGE_GAP_RE = regex.compile(rf"\s{{0,3}}(?:[-–—~]|{_alt(_words('range_sep'))}){SP}(?:(?:ngay|mung|mong){SP})?")
LIST_GAP_RE = regex.compile(rf"\s{{0,3}}(?:,|;|,?{SP}(?:{_alt(_words('list_sep'))})){SP}(?:tu\s{{1,3}})?(?:(?:ngay|mung|mong){SP})?")


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


FOUND_CACHE_SIZE = 4096
_found_cache: dict[str, _Found] = {}  # least recently used first


def _found(text: str, folded: str | None = None) -> _Found:
    """Cached by text alone: extractors scan the same lines with and without a default year. `folded`
    is `fold(text)` when the caller has it (a slice of `doc.folded`: folding again costs as much as
    the scan's patterns)."""
    got = _found_cache.pop(text, None)
    if got is None:
        f = fold(text) if folded is None else folded
        cands = _candidates(text, f)
        for c in cands:
            _decorate(text, f, c)
        got = _Found(f, tuple(cands), tuple(_link(f, a, b) for a, b in zip(cands, cands[1:])))
        if len(_found_cache) >= FOUND_CACHE_SIZE:
            try:  # the least recently used; another thread may have taken it first
                del _found_cache[next(iter(_found_cache))]
            except (KeyError, RuntimeError, StopIteration):
                pass
    _found_cache[text] = got
    return got


_found.cache_clear = _found_cache.clear  # type: ignore[attr-defined]


def _scan(text: str, default_year: int | None, force: bool, folded: str | None = None) -> _Scan:
    """Accepted candidates and the ranges between them (`folded`: see `_found`).

    Cached: several extractors scan the same lines (numbers, deadlines,
    commemorations); the results are only read by the callers below.
    """
    found = _found(text, folded)
    got = found.scans.get((default_year, force))
    if got is None:
        got = found.scans[(default_year, force)] = _group(found, default_year, force)
    return got


_scan.cache_clear = _found_cache.clear  # type: ignore[attr-defined]  # cold runs (parser.bench)


def _copy(c: _Cand) -> _Cand:
    """A shallow copy (what `copy.copy` makes, without its protocol overhead)."""
    n = object.__new__(_Cand)
    n.__dict__.update(c.__dict__)
    return n


def _group(found: _Found, default_year: int | None, force: bool) -> _Scan:
    """Link candidates into ranges and lists, keep the anchored groups, fill in years (on copies:
    the cached candidates serve every default year)."""
    if not found.cands:
        return [], []  # most lines
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

