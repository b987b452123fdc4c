"""The parts of a citation: where one starts (the anchor: kind and number),
and what follows the number — date, issuing body, trích yếu.

A cited document is written "Kind [title] số N ngày D của Issuer về Subject"
with the parts in that order as a rule (Nghị định 30/2020/NĐ-CP, Phụ lục I),
but plans also write "của Issuer ngày D", drop "số", or cite several numbers
after one kind. Everything runs on the folded text; spans index the original.

Heuristics (the judgement calls, in one place):
- A number is a citation only after a kind word ("Kế hoạch 281/KH-UBND",
  "Chỉ thị số 01/CT-UBND", "Luật Thi đua, khen thưởng số 06/2022/QH15"), or
  right after another cited number ("Chỉ thị số 17-CT/TU, 19-CT/TU").
- The body name ends at a word that cannot be part of a name (function
  words, verbs: citation_words.tsv) or at punctuation; "A, B và C" with
  capitals goes on ("Bộ Văn hóa, Thể thao và Du lịch").
- The trích yếu ends at ";", ":", the end of the sentence or paragraph, the
  next cited number, a phrase that opens a new thought ("gắn với", ", nêu
  cao"), or a comma followed by a capitalised word that is not a document
  kind ("…, UBND quận xây dựng kế hoạch"); quoted text is never cut.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import regex

from ..values.dates import DateValue, find_dates
from .citations_lex import (
    BARE_NUMBER_RE, NUMBER_RE, SPACED_SEP_RE, SPACED_TAIL_RE, PhraseSet, kind_agrees, kind_re, words,
)

__all__ = [
    "Anchor", "Tail", "find_anchors", "parse_tail", "scan_issuer", "scan_subject", "skip_ws", "year_date", "date_at",
]

TOKEN_RE = regex.compile(r"\S+")
GAP_RE = regex.compile(r"\s*(?:so\s{0,2}:?\s{0,2})?")
# Words that show the number after a kind belongs to something else ("Báo cáo thành tích theo
# mẫu số 07/TĐKT"): a form, an annex, a table.
NOT_TITLE_RE = regex.compile(r"(?<!\w)(?:theo|tai|kem|mau|bieu|phu luc|trong|o|gui)(?!\w)")
SO_RE = regex.compile(r"so\s{0,2}:?\s{0,2}(?=\d)")
NAME_GAP_RE = regex.compile(r"\s+(?P<name>[^;:.!?\n“”\"()]{1,80}?)\s+so\s{0,2}:?\s{0,2}")
CHAIN_BEFORE_RE = regex.compile(r"(?:,|;|(?<!\w)va|,\s*va)\s{1,3}(?P<so>so\s{0,2}:?\s{0,2})?$")
QUOTED_RE = regex.compile(r"“[^”\n]{0,400}”|\"[^\"\n]{0,400}\"")
# A line break ends a citation unless the next line goes on in lower case (a wrapped PDF line).
HARD_BREAK_RE = regex.compile(r"\n(?![ \t]*\p{Ll})")
SENTENCE_END_RE = regex.compile(r"\./\.|[;:]|\.(?=\s|$)|\n(?![ \t]*\p{Ll})")
COMMA_CAP_RE = regex.compile(r",\s+(?=\p{Lu})")
COMMA_LIST_RE = regex.compile(r",\s+\p{Lu}\p{L}*(?:\s+\p{L}+){0,3}\s+và\s+\p{Lu}")
# ", công chức, viên chức Trường …", ", viên chức và người lao động Công ty …": lower-case groups of one to
# three words up to a capital.
LOWER_LIST_RE = regex.compile(
    r",[ ]+\p{Ll}+(?:[ ]\p{Ll}+){0,2}(?:,[ ]+\p{Ll}+(?:[ ]\p{Ll}+){0,2})*(?:,?[ ]+và[ ]+\p{Ll}+(?:[ ]\p{Ll}+){0,2})?[ ]+(?=\p{Lu})"
)
BLANK_DATE_RE = regex.compile(r"(?=[\s._…/\-]*[/_…])[\s._…/\-]{2,24}(?P<y>(?:19|20)\d\d(?!\d))?")
DATE_NEXT_RE = regex.compile(r"\s{0,3}\d")
NAM_YEAR_RE = regex.compile(r"nam\s{1,3}(?:19|20)\d\d(?!\d)")
VA_RE = regex.compile(r"va(?!\w)")
VA_END_RE = regex.compile(r"(?<!\w)va$")
TRIM_TAIL_RE = regex.compile(r"(?:[\s,\-–—]|(?<!\w)(?:và|va)(?!\w))+$")
LEAD_PUNCT = "(;:,.“”\"[]"
TRAIL_PUNCT = ",;:.)(”“\"]"
MAX_ISSUER_TOKENS = 15
MAX_SUBJECT = 600


@dataclass
class Anchor:
    """Where a citation starts: its kind (folded, or None for a chained number) and number."""

    start: int
    end: int
    kind: str | None
    number: tuple[int, int] | None
    name: tuple[int, int] | None = None


@dataclass
class Tail:
    """What follows the number: date, issuer and subject spans, and where it all ends."""

    end: int
    date: DateValue | None = None
    issuer: tuple[int, int] | None = None
    subject: tuple[int, int] | None = None


def skip_ws(text: str, pos: int, limit: int) -> int:
    while pos < limit and text[pos] in " \t":
        pos += 1
    return pos


def _kind_before(text: str, f: str, ns: int, ne: int, lo: int) -> tuple[int, int, tuple[int, int] | None] | None:
    """The kind word that governs the number at [ns, ne): adjacent ("Kế hoạch số 12/…", "Chỉ thị
    01/…") or separated by a short title before "số" ("Luật Thi đua, khen thưởng số …"). Of two
    kind words in one title ("Thông báo kết luận số 123-TB/TU") the one the number's code names wins."""
    valid: list[tuple[int, int, tuple[int, int] | None]] = []
    for m in reversed(list(kind_re().finditer(f, max(lo, ns - 130), ns))):
        if GAP_RE.fullmatch(f, m.end(), ns):
            valid.append((m.start(), m.end(), None))
            continue
        g = NAME_GAP_RE.fullmatch(f, m.end(), ns)
        if g is None or len(g.group("name").split()) > 14 or NOT_TITLE_RE.search(g.group("name")):
            break
        if kind_agrees(m.group(), f[ns:ne]) is not False:
            valid.append((m.start(), m.end(), g.span("name")))
    if not valid:
        return None
    if kind_agrees(f[valid[0][0]:valid[0][1]], f[ns:ne]) is False:
        for cand in valid[1:3]:
            if kind_agrees(f[cand[0]:cand[1]], f[ns:ne]):
                return cand
    return valid[0]


def _number_end(text: str, m: "regex.Match[str]") -> int:
    """End of a number, with upper-case parts glued by a space after a spaced dash ("20/CT – VNPT - CĐ VNPT")."""
    end = m.end()
    if SPACED_SEP_RE.search(text, m.start(), end):
        while (t := SPACED_TAIL_RE.match(text, end)) is not None:
            end = t.end()
    return end


def find_anchors(text: str, f: str, lo: int, hi: int) -> list[Anchor]:
    """Every cited number in [lo, hi) with its kind, sorted by start."""
    out: list[Anchor] = []
    for m in NUMBER_RE.finditer(f, lo, hi):
        if not any(c.isalpha() for c in m.group("parts")):
            continue
        ns, ne = m.start(), _number_end(text, m)
        found = _kind_before(text, f, ns, ne, lo)
        if found is not None:
            ks, ke, name = found
            out.append(Anchor(ks, ne, f[ks:ke], (ns, ne), name))
            continue
        chain = CHAIN_BEFORE_RE.search(f, max(lo, ns - 12), ns)
        if chain is not None:
            start = chain.start("so") if chain.group("so") else ns
            out.append(Anchor(start, ne, None, (ns, ne)))
    taken = [(a.start, a.end) for a in out]
    for k in kind_re().finditer(f, lo, hi):
        p = skip_ws(f, k.end(), hi)
        so = SO_RE.match(f, p, hi)
        if so is None and not text[k.start()].isupper():
            continue
        if so is None and p == k.end():
            continue
        b = BARE_NUMBER_RE.match(f, so.end() if so else p, hi)
        if b is None or any(s < b.end() and k.start() < e for s, e in taken):
            continue
        out.append(Anchor(k.start(), b.end("num"), f[k.start():k.end()], b.span("num")))
    return sorted(out, key=lambda a: a.start)


def date_at(text: str, f: str, pos: int, limit: int, year: int | None) -> DateValue | None:
    """A date introduced by "ngày" (or "ban hành ngày") exactly at `pos`; a date left blank
    ("ngày    /   /2024") keeps what it states (the year, or nothing)."""
    hit = words("date_cue").match(text, f, pos, limit)
    if hit is None:
        return None
    if not DATE_NEXT_RE.match(f, hit[0], limit):
        b = BLANK_DATE_RE.match(f, hit[0], limit)
        if b is None:
            return None
        y = b.group("y")
        start = skip_ws(text, hit[0], limit)
        return DateValue(y, "year" if y else None, " ".join(text[start:b.end()].split()) or None, (start, b.end()))
    hi = min(limit, hit[0] + 40)
    for d in find_dates(text[pos:hi], pos, default_year=year, folded=f[pos:hi]):
        if d.span is not None and d.span[0] <= skip_ws(text, hit[0], limit):
            return d
    return None


def year_date(text: str, f: str, pos: int, limit: int) -> DateValue | None:
    """ "năm 2022" right at `pos` (the year a law was passed), as a year-precision date."""
    m = NAM_YEAR_RE.match(f, pos, limit)
    if m is None:
        return None
    for d in find_dates(text[pos:m.end()], pos, folded=f[pos:m.end()]):
        return d
    return None


def parse_tail(text: str, f: str, pos: int, limit: int, year: int | None) -> Tail:
    """Date, issuer and subject after the number, each at most once, in any order."""
    tail = Tail(pos)
    p = pos
    while True:
        q = skip_ws(text, p, limit)
        if q < limit and text[q] == "," and tail.subject is None:
            r = skip_ws(text, q + 1, limit)
            if date_at(text, f, r, limit, year) or words("issuer_cue").match(text, f, r, limit):
                q = r
        if tail.date is None and (d := date_at(text, f, q, limit, year)) is not None and d.span:
            tail.date, p = d, d.span[1]
            tail.end = p
            continue
        if tail.issuer is None and (hit := words("issuer_cue").match(text, f, q, limit)) is not None:
            span = scan_issuer(text, f, skip_ws(text, hit[0], limit), limit)
            if span is None:
                break
            tail.issuer, p = span, span[1]
            tail.end = p
            continue
        if tail.subject is None and (hit := words("subject_intro").match(text, f, q, limit)) is not None:
            end, ph = hit
            if ph.keep == 2 and not kind_re().match(f, skip_ws(text, end, limit)):
                break
            span = scan_subject(text, f, q if ph.keep else skip_ws(text, end, limit), limit)
            if span is not None:
                tail.subject, tail.end = span, span[1]
        break
    return tail


def _is_stop(text: str, f: str, pos: int, limit: int) -> bool:
    """A word at `pos` that cannot continue the name of a body."""
    if words("issuer_stop").match(text, f, pos, limit) or words("subject_intro").match(text, f, pos, limit):
        return True
    return date_at(text, f, pos, limit, None) is not None


def _lower_list(text: str, f: str, comma: int, limit: int) -> int | None:
    """At `comma`, a list of lower-case groups that a name goes on through up to a capital ("Hội nghị cán
    bộ, công chức, viên chức Trường …", "Hội nghị đại biểu cán bộ, viên chức và người lao động Công ty …"):
    none of its words ends a name, and the capital after it opens no document kind. Where the capital
    starts, else None."""
    m = LOWER_LIST_RE.match(text, comma, limit)
    if m is None or kind_re().match(f, m.end()):
        return None
    if any(_is_stop(text, f, w.start(), limit) for w in TOKEN_RE.finditer(text, comma + 1, m.end())
           if not VA_RE.fullmatch(f, w.start(), w.start() + len(w.group().rstrip(",")))):
        return None
    return m.end()


def scan_issuer(text: str, f: str, pos: int, limit: int, *, lower_lists: bool = False) -> tuple[int, int] | None:
    """The name of the issuing body starting at `pos` ("Ban Thường vụ Tỉnh ủy Bắc Giang"); with
    `lower_lists` (a conference's name) it goes on through a list of lower-case groups (`_lower_list`)."""
    end = None
    count = 0
    prev = pos
    toks = TOKEN_RE.finditer(text, pos, limit)  # lazily: the name ends within a few tokens
    nxt = next(toks, None)
    while nxt is not None:
        m, nxt = nxt, next(toks, None)
        if (HARD_BREAK_RE.search(text, prev, m.start() + 1) or m.group()[0] in LEAD_PUNCT
                or _is_stop(text, f, m.start(), limit)):
            break
        tok = m.group()
        core = tok.rstrip(TRAIL_PUNCT)
        if not core:
            break
        if VA_RE.fullmatch(f, m.start(), m.start() + len(core)):
            if (core != tok or nxt is None or not nxt.group()[0].isupper()
                    or kind_re().match(f, nxt.start()) or _is_stop(text, f, nxt.start(), limit)):
                break
        trail = tok[len(core):]
        if trail.startswith(".") and words("abbr").match(text, f, m.start(), limit):
            core, trail = core + ".", trail[1:]
        end = m.start() + len(core)
        count += 1
        prev = m.end()
        if trail:
            if (trail == "," and COMMA_LIST_RE.match(text, end)
                    and not kind_re().match(f, skip_ws(text, end + 1, limit))):
                continue
            if trail == "," and lower_lists and (after := _lower_list(text, f, end, limit)) is not None:
                while nxt is not None and nxt.start() < after:  # the list's words, "và" included
                    nxt = next(toks, None)
                prev = after
                continue
            break
        if count >= MAX_ISSUER_TOKENS:
            break
    if end is None:
        return None
    return (pos, end)


def _quoted(text: str, pos: int, hi: int) -> list[tuple[int, int]]:
    return [m.span() for m in QUOTED_RE.finditer(text, pos, hi)]


def scan_subject(text: str, f: str, pos: int, limit: int, *, name: bool = False,
                 year_ends: bool = True) -> tuple[int, int] | None:
    """The trích yếu starting at `pos`; with `name`, the title of a numberless document
    ("Luật Thi đua, khen thưởng", "Nghị quyết Đại hội … lần thứ XVII, nhiệm kỳ 2020 - 2025"),
    which also ends before its date, "của", "về" and before the next kind in a list; and before
    "năm 2022" when `year_ends` (a law's year of passage), else the year is part of the title
    ("Nghị quyết Hội nghị người lao động … năm 2025")."""
    hi = min(limit, pos + MAX_SUBJECT)
    nl = HARD_BREAK_RE.search(text, pos)
    if nl is not None and nl.start() < hi:
        hi = nl.start()
    quotes = _quoted(text, pos, hi)

    def inside(i: int) -> bool:
        return any(a < i < b for a, b in quotes)

    end = hi
    for m in SENTENCE_END_RE.finditer(text, pos, hi):
        if inside(m.start()):
            continue
        if m.group() == "." and words("abbr").search(text, f, max(pos, m.start() - 4), m.end()):
            continue
        end = m.start()
        break
    stop = _first(words("subject_stop"), text, f, pos, end, inside)
    if stop is not None:
        end = stop
    for m in COMMA_CAP_RE.finditer(text, pos, end):
        nxt = m.end()
        if inside(m.start()):
            continue
        if kind_re().match(f, nxt) and not name:
            continue
        end = m.start()
        break
    if name:
        end = _name_end(text, f, pos, end, inside, year_ends)
    tm = TRIM_TAIL_RE.search(text, pos, end)
    if tm is not None:
        end = tm.start()
    return (pos, end) if end > pos else None


def _first(ps: PhraseSet, text: str, f: str, pos: int, end: int, inside: Callable[[int], bool]) -> int | None:
    """Start of the first phrase of `ps` in [pos, end) outside quotes."""
    p = pos
    while p < end:
        hit = ps.search(text, f, p, end)
        if hit is None:
            return None
        if not inside(hit[0]):
            return hit[0]
        p = hit[1]
    return None


def _name_end(text: str, f: str, pos: int, end: int, inside: Callable[[int], bool], year_ends: bool = True) -> int:
    """Where the title of a numberless document ends: before its date, body, trích yếu
    or the next document of a list ("Luật A, Luật B và Luật C"); an amending law's title
    goes on through the laws it amends."""
    amending = words("amend").match(text, f, pos, end) is not None
    for m in TOKEN_RE.finditer(text, pos, end):
        i = m.start()
        if i == pos or inside(i):
            continue
        if date_at(text, f, i, end, None) or (year_ends and NAM_YEAR_RE.match(f, i, end)):
            return i
        cue = words("issuer_cue").match(text, f, i, end)
        if cue is not None and not (amending and kind_re().match(f, skip_ws(text, cue[0], end))):
            return i
        hit = words("subject_intro").match(text, f, i, end)
        if hit is not None and not hit[1].keep:
            return i
        if text[i].isupper() and kind_re().match(f, i) and not amending:
            before = f[pos:i].rstrip()
            if before.endswith(",") or VA_END_RE.search(before):
                return i
    return end
