"""Shapes of single unit names that a list splitter must not cut (for `unit_split`).

A comma usually separates bodies ("Phòng Văn hóa, Phòng Y tế"), but two name
shapes hold one inside a single body:
- a field list after the head, closed by "và": "Sở Văn hóa, Thể thao và Du
  lịch" (segments in sentence case), "Ban Thanh niên nông thôn, công nhân và
  đô thị Tỉnh Đoàn" (a department's field in lower case after a head whose
  name starts in capitals) — `field_piece` says which pieces can continue
  such a list;
- a sub-unit followed by its parent body: "Phòng Quản lý Thể dục thể thao,
  Sở Văn hóa, Thể thao và Du lịch", "Khoa Dược, Trung tâm Y tế huyện"
  (rules/unit_parents.tsv) — `sub_unit_of`.

Heads are those of rules/units.tsv, matched on folded text like everywhere
else (`units.head_re`, checked by `units.head_ok`).
"""
from __future__ import annotations

from functools import lru_cache

import regex

from ..rules import column, load_table
from ..text.fold import fold, same_words
from . import units as unit_lexicon
from .unit_words import word_re

WS_RE = regex.compile(r"\s+")
FIRST_WORD_RE = regex.compile(r"\s*(\S+)")
# The level that marks a provincial body (Luật Tổ chức chính quyền địa phương 2015, Điều 2): "thành phố" is
# no such mark, it names both centrally-run cities and district-level ones.
PROVINCE_LEVEL = "tỉnh"
XA_HOI_RE = regex.compile(r"xa\s+hoi(?![\p{L}\d])")  # "Xã hội" in a field name is no commune
# Kinds of rules/units.tsv whose name after the head is a field of work ("Ban Thanh niên nông thôn, công
# nhân và đô thị"), not a proper name ("Trường THCS Xuân Lập, …") or a Party committee's.
FIELD_KINDS = frozenset({"state", "service", "mass", "group", "front", "council"})


@lru_cache(maxsize=1)
def _canonical() -> dict[str, str]:
    """Folded head or abbreviation -> the head as rules/units.tsv writes it (longest head first)."""
    out: dict[str, str] = {}
    rows = sorted(load_table("units"), key=lambda r: -len(r["head"]))
    for row in rows:
        out.setdefault(WS_RE.sub(" ", fold(row["head"])), row["head"])
    for row in rows:
        for abbr in filter(None, (a.strip() for a in row["abbreviations"].split(","))):
            out.setdefault(WS_RE.sub(" ", fold(abbr)), row["head"])
    return out


@lru_cache(maxsize=1)
def _kinds() -> dict[str, str]:
    return {row["head"]: row["kind"] for row in load_table("units")}


@lru_cache(maxsize=1)
def _parents() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Child head -> (its parents, the parents that hold it only at the provincial level)."""
    def heads(cell: str) -> frozenset[str]:
        return frozenset(p.strip() for p in cell.split(",") if p.strip())
    return {r["child"]: (heads(r["parents"]), heads(r["provincial_parents"])) for r in load_table("unit_parents")}


@lru_cache(maxsize=4096)
def head_at_start(text: str) -> "tuple[str, int] | None":
    """(the head as rules/units.tsv writes it, its end in `text`) when `text` starts with a unit head."""
    lead = len(text) - len(text.lstrip())
    f = fold(text)
    m = unit_lexicon.head_re().match(f, lead)
    if m is None or not unit_lexicon.head_ok(text[m.start():m.end()]) or unit_lexicon.not_head_at(f, lead):
        return None
    head = _canonical().get(WS_RE.sub(" ", f[m.start():m.end()]))
    return (head, m.end()) if head else None


def _named(text: str, end: int) -> bool:
    """After the head comes a name that starts in capitals ("Phòng Quản lý …", "Ban Thanh niên …"),
    not a level or nothing ("Ban", "UBND xã"; "Phòng các …" is in lower case)."""
    m = FIRST_WORD_RE.match(text, end)
    return bool(m) and m.group(1)[:1].isupper() and not _levels_in(m.group(1), text)


def _levels_in(part: str, context: str) -> list[tuple[int, int]]:
    """Spans of administrative levels in `part`, spelled as levels ("Quản lý" holds no "quận"; only a
    `context` without any diacritics matches folded), "xã hội" excluded."""
    f = fold(part)
    out = []
    for m in unit_lexicon.admin_re().finditer(f):
        level = _level_words().get(WS_RE.sub(" ", m.group(0)))
        if level and same_words(part[m.start():m.end()], level, context=context) and not XA_HOI_RE.match(f, m.start()):
            out.append((m.start(), m.end()))
    return out


@lru_cache(maxsize=1)
def _level_words() -> dict[str, str]:
    """Folded level -> the level as rules/admin_levels.tsv writes it."""
    return {fold(lv): lv for lv in column("admin_levels", "level")}


def _placed(text: str) -> bool:
    """The name states a place: an administrative level after its head ("… huyện Đức Trọng",
    "Phòng Nội vụ huyện")."""
    found = head_at_start(text)
    start = found[1] if found else 0
    return bool(_levels_in(text[start:], text))


def _nested(text: str) -> bool:
    """Another body is named inside the name ("Ban Tuyên giáo Huyện ủy", "Phòng Y tế UBND huyện"): a head
    after the first one, written in capitals (a lower-case "trường", "hội" is an ordinary word there:
    "Ban Thanh niên trường học", "Văn hóa - Xã hội")."""
    for m in unit_lexicon.iter_heads(text)[1:]:
        written = text[m.start():m.end()]
        if written[:1].isupper() and (written.isupper() or not written.isascii() or text.isascii()):
            return True  # "Phong" in "Ban Phong trào" lost no diacritics: it is no "Phòng"
    return False


@lru_cache(maxsize=4096)
def field_head(group: str) -> bool:
    """`group` (the body a list is building) starts with a head whose field follows in capitals and
    names no place yet: lower-case pieces after a comma may still belong to its field."""
    found = head_at_start(group)
    if found is None or _kinds().get(found[0]) not in FIELD_KINDS or not _named(group, found[1]):
        return False
    return not _placed(group) and not _nested(group)


@lru_cache(maxsize=4096)
def sub_unit_of(child: str, parent: str) -> bool:
    """`child` is a department named alone ("Phòng Quản lý Thể dục thể thao", no place, no body of its
    own inside) and `parent` a single body of a kind it belongs to (rules/unit_parents.tsv; a parent of
    the provincial column only when it names its province: "Công an tỉnh", not "Công an huyện")."""
    c, p = head_at_start(child), head_at_start(parent)
    if c is None or p is None or c[0] not in _parents():
        return False
    parents, provincial = _parents()[c[0]]
    if p[0] not in parents and not (p[0] in provincial and _provincial(parent[p[1]:], parent)):
        return False
    if not _named(child, c[1]) or _placed(child) or _nested(child):
        return False
    # "Sở …", not "các Sở …" / "UBND các xã": a plural is a list of bodies, no one parent
    return not word_re("assignment_unit_words", "quantifier").match(fold(parent[p[1]:]).lstrip())


def _provincial(rest: str, context: str) -> bool:
    """The name after a head says it is the province's ("Công an tỉnh", "Bệnh viện Đa khoa tỉnh Điện Biên")."""
    f = fold(rest)
    return any(f[a:b] == fold(PROVINCE_LEVEL) for a, b in _levels_in(rest, context))
