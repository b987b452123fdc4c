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
  "các trường Tiểu học, Trung học cơ sở", "các trường MN, TH, THCS", "các
  đơn vị cấp huyện, cấp xã", "các huyện, thị, thành Đoàn"), unless the next
  piece is a body whose head starts with a level ("Trạm Y tế xã, Xã đoàn");
- a name whose own words are a comma list closed by "và" stays whole
  ("Sở Văn hóa, Thể thao và Du lịch"; in lower case after a department
  whose field is open: "Ban Thanh niên nông thôn, công nhân và đô thị Tỉnh
  Đoàn"; `unit_names.field_head`);
- a department named alone, then its parent body, is one body ("Phòng Quản
  lý Thể dục thể thao, Sở Văn hóa, Thể thao và Du lịch"; rules/
  unit_parents.tsv, `unit_names.sub_unit_of`);
- separators inside a lexicon head do not cut ("Báo và Phát thanh, Truyền
  hình Lạng Sơn");
- an apposition after " - " that states a role ("Phòng Nội vụ - Cơ quan
  Thường trực Hội đồng TĐKT") is not a second body and is dropped.
Every other comma splits, so "các ban, ngành, đoàn thể" gives "các ban",
"ngành", "đoàn thể" (the gold does so for tasks; it is not consistent for
assignment headings, and one rule is easier to rely on).

Vocabulary (`unit_words`): rules/assignment_unit_words.tsv, rules/units.tsv
(heads), rules/admin_levels.tsv, rules/person_titles.tsv. Matching runs on folded
text (same length), values are sliced from the original; a lexicon
abbreviation counts only when written in capitals (folded "du" would match
"ĐU" = Đảng ủy in "Du lịch").
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from ..rules import column, load_table
from ..text.fold import fold, phrase_alt
from . import unit_names
from . import units as unit_lexicon
from .unit_words import admin_re, alt, head_match, is_unit_head, spelled, starts_body, word_re, words

__all__ = ["UnitPiece", "split_units", "unit_texts", "trim_unit", "strip_lead", "admin_re", "head_match",
           "is_unit_head", "spelled", "starts_body", "word_re", "words"]

SEP_RE = regex.compile(r"\s*[;,]\s*|\s+(?:va|cung)\s+|\s+&\s*|\s*&\s+|\s+[-–—]\s+")
WORD_RE = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’.\-/]*")
LEAD_JUNK_RE = regex.compile(r"[\s\-–—+•*.,;:]+")
LEAD_AND_RE = regex.compile(r"(?:va|&)\s+")
TAIL_JUNK_RE = regex.compile(r"[\s\-–—.,;:]+$")
TRAIL_PAREN_RE = regex.compile(r"\s*\([^()]*\)\s*[.,;:]*\s*$")
BULLET_RE = regex.compile(r"^\s*(?:[-–—+•*]|\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ][.)])\s+")
LETTER_RE = regex.compile(r"\p{L}")
WS_RE = regex.compile(r"\s+")


def _uw(kind: str) -> "regex.Pattern[str]":
    return word_re("assignment_unit_words", kind)


@dataclass(frozen=True)
class UnitPiece:
    """One body of a list, with its span."""

    text: str
    span: tuple[int, int]


@lru_cache(maxsize=1)
def _admin_tail_re() -> "regex.Pattern[str]":
    levels = list(column("admin_levels", "level"))
    return regex.compile(r"(?<![\p{L}\d])(?:cap\s+)?(?:" + alt(levels) + r")$")


@lru_cache(maxsize=4096)
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


def _short_level(piece: str, *, tail: bool = False) -> bool:
    """A level cut short in a list of levels ("thị" for thị xã, "thành" for thành phố; rules/
    assignment_unit_words.tsv, kind level_short): the whole piece, or a head it starts ("thành Đoàn" =
    Thành đoàn); with `tail`, the piece ends with one ("các huyện, thị")."""
    s = piece.strip()
    f = fold(s)
    if tail:
        m = None
        for m in word_re("assignment_unit_words", "level_short", anchored=False).finditer(f):
            pass
        return m is not None and m.end() == len(f) and spelled(s[m.start():], words("assignment_unit_words", "level_short"))
    m = _uw("level_short").match(f)
    if not m or not spelled(s[:m.end()], words("assignment_unit_words", "level_short")):
        return False
    end = len(TAIL_JUNK_RE.sub("", f))
    if m.end() == end:
        return True
    head = head_match(s, f)
    return s[:1].islower() and head is not None and head.end() == end


@lru_cache(maxsize=4096)
def _sibling(prev: str, piece: str) -> bool:
    """Two modifiers of one head: "các xã, thị trấn", "các trường Tiểu học, THCS"."""
    fp, fn = fold(prev).strip(), fold(piece).strip()
    if _admin_tail(fp) and admin_re().match(fn) and not is_unit_head(piece):
        return True  # not "Trạm Y tế xã, Xã đoàn": a body whose head starts with a level
    if (_admin_tail(fp) or _short_level(prev, tail=True)) and (
            (admin_re().match(fn) and not is_unit_head(piece)) or _short_level(piece)):
        return True  # "các huyện, thị, thành Đoàn", "UBND các huyện, thị, thành phố"
    ctx = prev + piece
    if (_admin_tail(fp) or _residential(prev, True, ctx)) and _residential(piece, False, ctx):
        return True  # "các thôn, bản", "các xã, thôn"
    return _school_tail(fp) and bool(_uw("school").match(fn))


@lru_cache(maxsize=4096)
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
    if "(" not in text:
        return text  # nothing to mask (most unit lists)
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


@lru_cache(maxsize=1)
def _separated_heads_re() -> "regex.Pattern[str]":
    """Lexicon heads with a separator inside ("Báo và Phát thanh, Truyền hình", "Hội đồng Thi đua - Khen
    thưởng"), on folded text: a list is cut nowhere inside them."""
    heads = [h for h in (fold(r["head"]) for r in load_table("units")) if SEP_RE.search(h)]
    return regex.compile(r"(?<![\p{L}\d])(?:" + phrase_alt(heads) + r")(?![\p{L}\d])" if heads else r"(?!)")


def _pieces(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    """Raw pieces between separators, and the separator kind before each later piece; separators inside
    parentheses or inside a lexicon head do not cut."""
    f = _mask_parens(fold(text))
    heads = [(h.start(), h.end()) for h in _separated_heads_re().finditer(f)
             if unit_lexicon.head_ok(text[h.start():h.end()]) and not unit_lexicon.not_head_at(f, h.start())]
    spans: list[tuple[int, int]] = []
    seps: list[str] = []
    pos = 0
    for m in SEP_RE.finditer(f):
        if m.start() == 0 or m.end() == len(f) or any(a < m.start() and m.end() < b for a, b in heads):
            continue  # a separator inside a head: "Báo và Phát thanh, Truyền hình", "Hội đồng Thi đua - Khen thưởng"
        spans.append((pos, m.start()))
        s = m.group(0).strip()
        seps.append(";" if s == ";" else "," if s == "," else "-" if s in "-–—" else "va")
        pos = m.end()
    spans.append((pos, len(f)))
    return spans, seps


def _name_not_quantifier(piece: str) -> bool:
    """"Moi truong" after "va" in text without diacritics: the capitalised name word "Môi trường" ("Tài
    nguyên và Môi trường"; rules/assignment_unit_words.tsv, kind ascii_name), not the quantifier "mỗi"
    followed by "trường", which is written in lower case inside a list."""
    s = piece.strip()
    return s.isascii() and s[:1].isupper() and bool(_uw("ascii_name").match(fold(s)))


def _field_piece(piece: str, group: str) -> bool:
    """A piece after a comma that can continue the name being built: a capitalised word that starts no
    body ("Thể thao" in "Sở Văn hóa, Thể thao và Du lịch"), or a lower-case one after a head whose field
    is still open ("công nhân" in "Ban Thanh niên nông thôn, công nhân và đô thị")."""
    s = piece.strip()
    if s[:1].islower():
        return unit_names.field_head(group) and not starts_body(s) and not admin_re().match(fold(s))
    return _capitalised_name_word(piece)


def _name_list(piece: list[str], seps: list[str], i: int, group: str) -> int | None:
    """Index of the last separator of a comma list inside one name that starts at separator `i`
    ("Sở Văn hóa, Thể thao và Du lịch": the list closes with "và"); None when there is none."""
    k = i
    while k < len(seps) and seps[k] == "," and _field_piece(piece[k + 1], group):
        k += 1
    if k > i and k < len(seps) and seps[k] == "va" and _field_piece(piece[k + 1], group):
        return k
    return None


def _joins(text: str, spans: list[tuple[int, int]], seps: list[str]) -> list[str]:
    """For each separator: "split", "join" or "drop" (the next piece is a role apposition)."""
    piece = [text[a:b] for a, b in spans]
    out: list[str] = []
    first = 0  # the first piece of the body being built
    i = 0
    while i < len(seps):
        sep, nxt, prev = seps[i], piece[i + 1], piece[i]
        group = text[spans[first][0]:spans[i][1]]
        k = _name_list(piece, seps, i, group) if sep == "," else None
        if sep == ";":
            out.append("split")
        elif _sibling(prev, nxt):
            out.append("join")
        elif k is not None:  # "Sở Văn hóa, Thể thao và Du lịch": commas inside a name closed by "và"
            out.extend(["join"] * (k - i + 1))
            i = k + 1
            continue
        elif sep == ",":
            out.append("split")
        elif sep == "-" and _uw("role").match(fold(nxt).strip()):
            out.append("drop")
        elif _office_piece(prev) and _uw("office_of").match(fold(nxt).strip()):
            out.append("join")
        elif sep == "-":
            out.append("split" if is_unit_head(nxt) else "join")
        else:  # và, &, cùng
            out.append("split" if starts_body(nxt) and not _name_not_quantifier(nxt) else "join")
        if out[-1] == "split":
            first = i + 1
        i += 1
    return _sub_units(text, spans, seps, out)


def _sub_units(text: str, spans: list[tuple[int, int]], seps: list[str], how: list[str]) -> list[str]:
    """"Phòng Quản lý Thể dục thể thao, Sở Văn hóa, Thể thao và Du lịch": a department named alone and
    then, after a comma, the body it belongs to, which ends the list (or a part of it closed by ";" or
    "và"), are one body; a department listed after another of its kind ("Phòng Nội vụ, Phòng Y tế,
    Sở …") is a list item of its own."""
    bounds = [0] + [j + 1 for j, h in enumerate(how) if h == "split"]  # first piece of each body
    bodies = [(a, b - 1) for a, b in zip(bounds, bounds[1:] + [len(spans)])]
    out = list(how)
    for n in range(len(bodies) - 1):
        (a1, b1), (a2, b2) = bodies[n], bodies[n + 1]
        if seps[b1] != "," or (b2 < len(seps) and seps[b2] not in (";", "va")):
            continue
        child, parent = text[spans[a1][0]:spans[b1][1]], text[spans[a2][0]:spans[b2][1]]
        if n and seps[bodies[n - 1][1]] == ",":
            before = unit_names.head_at_start(text[spans[bodies[n - 1][0]][0]:spans[bodies[n - 1][1]][1]])
            if before and before[0] == (unit_names.head_at_start(child) or ("",))[0]:
                continue
        if unit_names.sub_unit_of(child, parent):
            out[b1] = "join"
    return out


@lru_cache(maxsize=4096)
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


@lru_cache(maxsize=4096)
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
