"""Unit lists: where one body ends and the next begins.

Plans name the bodies that must act in lists ("Phòng Văn hoá và Thông tin
quận, Trung tâm Văn hoá Thông tin và Thể thao Ba Đình, các ban, ngành, đoàn
thể"); tasks, assignments and recipients need them one by one.
`split_units` cuts such a list: commas and ";" separate bodies; "và", "&",
"cùng" and " - " separate them only when a new body starts after them (unit
lexicon, "các …", a generic noun or office holder), so "Phòng Giáo dục và
Đào tạo" and "Phòng Tài chính - Kế hoạch" stay whole. Exceptions, each a
pattern of Vietnamese naming rather than a list of names:
- "Văn phòng HĐND và UBND quận" is one office serving two councils;
- sibling modifiers after one head stay together ("UBND các xã, thị trấn",
  "Trưởng các thôn, bản", "Phòng Nội vụ các huyện, thành phố, thị xã",
  "các trường Tiểu học, Trung học cơ sở", "các đơn vị cấp huyện, cấp xã");
- a name whose own words are a comma list closed by "và" stays whole
  ("Sở Văn hóa, Thể thao và Du lịch");
- an apposition after " - " that states a role ("Phòng Nội vụ - Cơ quan
  Thường trực Hội đồng TĐKT") is not a second body and is dropped.
Every other comma splits, so "các ban, ngành, đoàn thể" gives "các ban",
"ngành", "đoàn thể" (the gold does so for tasks; it is not consistent for
assignment headings, and one rule is easier to rely on).

Vocabulary: rules/assignment_unit_words.tsv, rules/units.tsv (heads),
rules/admin_levels.tsv, rules/person_titles.tsv. Matching runs on folded
text (same length), values are sliced from the original; a lexicon
abbreviation counts only when written in capitals (folded "du" would match
"ĐU" = Đảng ủy in "Du lịch").
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import regex

from ..rules import column, load_table
from ..text.fold import fold, phrase_alt
from . import units as unit_lexicon

SEP_RE = regex.compile(r"\s*[;,]\s*|\s+(?:va|cung)\s+|\s+&\s*|\s*&\s+|\s+[-–—]\s+")
WORD_RE = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’.\-/]*")
LEAD_JUNK_RE = regex.compile(r"[\s\-–—+•*.,;:]+")
LEAD_AND_RE = regex.compile(r"(?:va|&)\s+")
TAIL_JUNK_RE = regex.compile(r"[\s\-–—.,;:]+$")
TRAIL_PAREN_RE = regex.compile(r"\s*\([^()]*\)\s*[.,;:]*\s*$")
BULLET_RE = regex.compile(r"^\s*(?:[-–—+•*]|\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ][.)])\s+")
LETTER_RE = regex.compile(r"\p{L}")
WS_RE = regex.compile(r"\s+")


@dataclass(frozen=True)
class UnitPiece:
    """One body of a list, with its span."""

    text: str
    span: tuple[int, int]


# --- vocabulary --------------------------------------------------------------


def _alt(phrases: list[str]) -> str:
    return phrase_alt((fold(p) for p in phrases if p), {",": r"\s*,\s*"})


@lru_cache(maxsize=None)
def words(table: str, kind: str) -> tuple[str, ...]:
    return tuple(r["phrase"] for r in load_table(table) if r["kind"] == kind)


@lru_cache(maxsize=None)
def word_re(table: str, kind: str, anchored: bool = True) -> "regex.Pattern[str]":
    body = _alt(list(words(table, kind)))
    return regex.compile((r"^" if anchored else "") + r"(?<![\p{L}\d])(?:" + body + r")(?![\p{L}\d])")


def _uw(kind: str) -> "regex.Pattern[str]":
    return word_re("assignment_unit_words", kind)


@lru_cache(maxsize=1)
def _generic_words() -> tuple[str, ...]:
    rows = [r["phrase"] for r in load_table("assignment_unit_words") if r["kind"] in ("generic", "person")]
    return (*rows, *column("person_titles", "title"))


@lru_cache(maxsize=1)
def _starting_generic_re() -> "regex.Pattern[str]":
    rows = [r["phrase"] for r in load_table("assignment_unit_words") if r["kind"] in ("generic", "person") and r["start"] == "1"]
    titles = list(column("person_titles", "title"))
    return regex.compile(r"^(?:" + _alt(rows + titles) + r")(?![\p{L}\d])")


@lru_cache(maxsize=1)
def _any_generic_re() -> "regex.Pattern[str]":
    return regex.compile(r"^(?:" + _alt(list(_generic_words())) + r")(?![\p{L}\d])")


@lru_cache(maxsize=1)
def admin_re() -> "regex.Pattern[str]":
    levels = list(column("admin_levels", "level"))
    return regex.compile(r"(?:cap\s+)?(?:" + _alt(levels) + r")(?![\p{L}\d])")


# --- body starts ---------------------------------------------------------------


def head_match(text: str, f: str, pos: int = 0) -> "regex.Match[str] | None":
    m = unit_lexicon.head_re().match(f, pos)
    if m and unit_lexicon.head_ok(text[m.start():m.end()]) and not _uw("not_unit").match(f[pos:]):
        return m
    return None


def is_unit_head(text: str) -> bool:
    """`text` starts with a lexicon unit head ("Phòng …", "UBND …") that is not an ordinary word ("ban hành")."""
    lead = len(text) - len(text.lstrip())
    return head_match(text, fold(text), lead) is not None


def spelled(orig: str, phrases: "Iterable[str]") -> bool:
    """A folded match of a one-word phrase counts only with the phrase's own diacritics, or in text
    that has none (OCR): "mỗi" is not "Mới", "bản" is not "bạn"; longer phrases rarely collide."""
    w = orig.strip().lower()
    return " " in w or w.isascii() or w in {p.lower() for p in phrases}


def starts_body(text: str, *, strict: bool = False) -> bool:
    """A body starts here: a unit head, "các/mỗi …", a generic noun or an office holder.

    `strict` (a sentence start with no lead verb) admits only generic nouns
    that can open a subject alone ("Cơ quan …", "Công chức …").
    """
    lead = len(text) - len(text.lstrip())
    text = text[lead:]
    f = fold(text)
    if not f or _uw("not_unit").match(f):
        return False
    m = _uw("quantifier").match(f)
    if m and spelled(text[:m.end()], words("assignment_unit_words", "quantifier")):
        return True
    if is_unit_head(text):
        return True
    m = (_starting_generic_re() if strict else _any_generic_re()).match(f)
    return bool(m) and spelled(text[:m.end()], _generic_words())


@lru_cache(maxsize=1)
def _admin_tail_re() -> "regex.Pattern[str]":
    levels = list(column("admin_levels", "level"))
    return regex.compile(r"(?<![\p{L}\d])(?:cap\s+)?(?:" + _alt(levels) + r")$")


def _admin_tail(f: str) -> bool:
    """The piece ends with a bare administrative level ("UBND các xã", "… các huyện, thành phố")."""
    return bool(_admin_tail_re().search(f.rstrip()))


def _residential(text: str, at_end: bool, context: str) -> bool:
    """The piece ends with (`at_end`) or is a unit of residents ("Trưởng các thôn", "bản"), spelled as
    such ("bản", not "ban"; folded only when the whole `context` lost its diacritics)."""
    t = text.strip()
    f = fold(t)
    pat = word_re("assignment_unit_words", "residential", anchored=False)
    known = {w.lower() for w in words("assignment_unit_words", "residential")}
    for m in pat.finditer(f):
        if not (m.end() == len(f) if at_end else (m.start() == 0 and m.end() == len(f))):
            continue
        written = " ".join(t[m.start():m.end()].lower().split())
        if written in known or context.isascii():
            return True
    return False


def _school_tail(f: str) -> bool:
    for m in word_re("assignment_unit_words", "school", anchored=False).finditer(f):
        if m.end() == len(f.rstrip()):
            return True
    return False


def _sibling(prev: str, piece: str) -> bool:
    """Two modifiers of one head: "các xã, thị trấn", "các trường Tiểu học, THCS"."""
    fp, fn = fold(prev).strip(), fold(piece).strip()
    if _admin_tail(fp) and admin_re().match(fn):
        return True
    ctx = prev + piece
    if (_admin_tail(fp) or _residential(prev, True, ctx)) and _residential(piece, False, ctx):
        return True  # "các thôn, bản", "các xã, thôn"
    return _school_tail(fp) and bool(_uw("school").match(fn))


def _office_piece(piece: str) -> bool:
    """"Văn phòng HĐND": an office head followed by nothing but a council it serves."""
    f = fold(piece).strip()
    m = _uw("office_head").match(f)
    if not m:
        return False
    rest = f[m.end():].strip()
    return bool(rest) and bool(_uw("office_of").fullmatch(rest))


def _capitalised_name_word(piece: str) -> bool:
    s = piece.strip()
    return bool(s) and s[0].isupper() and not starts_body(s) and not admin_re().match(fold(s))


# --- splitting -----------------------------------------------------------------


def _mask_parens(text: str) -> str:
    """Separators inside parentheses do not split ("(làm công tác thi đua, khen thưởng)")."""
    out, depth = [], 0
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            out.append(ch)
            continue
        out.append("\x00" if depth and ch in ",;&-–—" else ch)
    return "".join(out)


def _pieces(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    """Raw pieces between separators, and the separator kind before each later piece."""
    f = _mask_parens(fold(text))
    spans: list[tuple[int, int]] = []
    seps: list[str] = []
    pos = 0
    for m in SEP_RE.finditer(f):
        if m.start() == 0 or m.end() == len(f):
            continue
        spans.append((pos, m.start()))
        s = m.group(0).strip()
        seps.append(";" if s == ";" else "," if s == "," else "-" if s in "-–—" else "va")
        pos = m.end()
    spans.append((pos, len(f)))
    return spans, seps


def _joins(text: str, spans: list[tuple[int, int]], seps: list[str]) -> list[str]:
    """For each separator: "split", "join" or "drop" (the next piece is a role apposition)."""
    piece = [text[a:b] for a, b in spans]
    out: list[str] = []
    i = 0
    while i < len(seps):
        sep, nxt, prev = seps[i], piece[i + 1], piece[i]
        if sep == ";":
            out.append("split")
        elif _sibling(prev, nxt):
            out.append("join")
        elif sep == "," and _capitalised_name_word(nxt):
            k = i + 1  # "Sở Văn hóa, Thể thao và Du lịch": commas inside a name closed by "và"
            while k < len(seps) and seps[k] == "," and _capitalised_name_word(piece[k + 1]):
                k += 1
            if k < len(seps) and seps[k] == "va" and _capitalised_name_word(piece[k + 1]):
                out.extend(["join"] * (k - i + 1))
                i = k + 1
                continue
            out.append("split")
        elif sep == ",":
            out.append("split")
        elif sep == "-" and _uw("role").match(fold(nxt).strip()):
            out.append("drop")
        elif _office_piece(prev) and _uw("office_of").match(fold(nxt).strip()):
            out.append("join")
        elif sep == "-":
            out.append("split" if is_unit_head(nxt) else "join")
        else:  # và, &, cùng
            out.append("split" if starts_body(nxt) else "join")
        i += 1
    return out


def trim_unit(text: str, a: int, b: int) -> tuple[int, int]:
    """Trim bullets, edge punctuation, a leading "và" and a trailing parenthesis."""
    while b > a:
        seg = text[a:b]
        m = TRAIL_PAREN_RE.search(seg)
        if m and m.start() > 0:
            b = a + m.start()
            continue
        m = LEAD_JUNK_RE.match(seg) or LEAD_AND_RE.match(fold(seg))
        if m:
            a += m.end()
            continue
        m = TAIL_JUNK_RE.search(seg)
        if m:
            b = a + m.start()
            continue
        break
    return a, b


def strip_lead(text: str) -> int:
    """Offset after a leading lead verb or frame ("Đề nghị ", "Giao ", "Trách nhiệm của ")."""
    f = fold(text)
    pos = len(f) - len(f.lstrip())
    for kind in ("lead", "frame"):
        m = word_re("assignment_verbs", kind).match(f[pos:])
        if m and not spelled(text[pos:pos + m.end()], words("assignment_verbs", kind)):
            continue  # one-word leads only with their diacritics: "Giao", not "Giáo viên"
        if m and f[pos + m.end():pos + m.end() + 1].isspace():
            pos += m.end()
            pos += len(f[pos:]) - len(f[pos:].lstrip())
    return pos


def split_units(text: str, base: int = 0) -> list[UnitPiece]:
    """Single bodies of a unit list, in order, with spans offset by `base`.

    >>> [u.text for u in split_units("Văn phòng HĐND và UBND quận, các ban, ngành và UBND 14 phường")]
    ['Văn phòng HĐND và UBND quận', 'các ban', 'ngành', 'UBND 14 phường']
    """
    start = strip_lead(text)
    sub = text[start:]
    spans, seps = _pieces(sub)
    decisions = _joins(sub, spans, seps)
    groups: list[tuple[int, int]] = []
    cur = spans[0]
    dropping = False
    for (a, b), how in zip(spans[1:], decisions):
        if how == "split":
            groups.append(cur)
            cur, dropping = (a, b), False
        elif how == "drop":
            dropping = True
        elif not dropping:
            cur = (cur[0], b)
    groups.append(cur)
    out: list[UnitPiece] = []
    for a, b in groups:
        a, b = trim_unit(sub, a, b)
        if b > a and LETTER_RE.search(sub[a:b]):
            out.append(UnitPiece(WS_RE.sub(" ", sub[a:b]), (base + start + a, base + start + b)))
    return out


def unit_texts(text: str) -> list[str]:
    """The bodies of a unit list as plain strings (for callers that need no spans)."""
    return [u.text for u in split_units(text)]
