"""Unit-list vocabulary and where a body starts, for `unit_split` and `assignments`.

The words around unit names (rules/assignment_unit_words.tsv: quantifiers,
generic nouns, office holders, words that only look like a head), the
administrative levels (rules/admin_levels.tsv) and the unit heads
(rules/units.tsv via `units`), compiled for matching on folded text, and the
tests built on them: `head_match`, `is_unit_head`, `spelled`, `starts_body`.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable

import regex

from ..rules import column, load_table
from ..text.fold import fold, phrase_alt
from . import units as unit_lexicon

__all__ = ["alt", "words", "word_re", "admin_re", "head_match", "is_unit_head", "spelled", "starts_body"]


# --- vocabulary --------------------------------------------------------------


def alt(phrases: list[str]) -> str:
    """Folded alternation of phrases; "," inside a phrase matches with any spacing."""
    return phrase_alt((fold(p) for p in phrases if p), {",": r"\s*,\s*"})


@lru_cache(maxsize=None)
def words(table: str, kind: str) -> tuple[str, ...]:
    return tuple(r["phrase"] for r in load_table(table) if r["kind"] == kind)


@lru_cache(maxsize=None)
def word_re(table: str, kind: str, anchored: bool = True) -> "regex.Pattern[str]":
    body = alt(list(words(table, kind)))
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
    return regex.compile(r"^(?:" + alt(rows + titles) + r")(?![\p{L}\d])")


@lru_cache(maxsize=1)
def _any_generic_re() -> "regex.Pattern[str]":
    return regex.compile(r"^(?:" + alt(list(_generic_words())) + r")(?![\p{L}\d])")


@lru_cache(maxsize=1)
def admin_re() -> "regex.Pattern[str]":
    levels = list(column("admin_levels", "level"))
    return regex.compile(r"(?:cap\s+)?(?:" + alt(levels) + r")(?![\p{L}\d])")


# --- body starts ---------------------------------------------------------------


def head_match(text: str, f: str, pos: int = 0) -> "regex.Match[str] | None":
    m = unit_lexicon.head_re().match(f, pos)
    if (m and unit_lexicon.head_ok(text[m.start():m.end()]) and not _uw("not_unit").match(f[pos:])
            and not unit_lexicon.not_head_at(f, pos)):
        return m
    return None


@lru_cache(maxsize=4096)
def is_unit_head(text: str) -> bool:
    """`text` starts with a lexicon unit head ("Phòng …", "UBND …") that is not an ordinary word ("ban hành")."""
    lead = len(text) - len(text.lstrip())
    return head_match(text, fold(text), lead) is not None


def spelled(orig: str, phrases: "Iterable[str]") -> bool:
    """A folded match of a one-word phrase counts only with the phrase's own diacritics, or in text
    that has none (OCR): "mỗi" is not "Mới", "bản" is not "bạn"; longer phrases rarely collide."""
    w = orig.strip().lower()
    return " " in w or w.isascii() or w in {p.lower() for p in phrases}


@lru_cache(maxsize=4096)
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
