"""Word lists of the `quotas` extractor, compiled: units, comparators, and words that block a count.

The lexicons are data (rules/quota_units.tsv, rules/quota_context.tsv, and the
shared rules/comparators.tsv and rules/units.tsv); this module turns them into
anchored regexes and answers the questions `quotas` asks about a number: which
unit follows it, which comparator precedes it, and whether the words before
it make it a place or a member count ("của 14 phường", "UBND 14 phường").
Every folded match is checked against the written diacritics ("tải" is no
"tại", "tư" no "từ").
"""
from __future__ import annotations

from functools import lru_cache

import regex

from ..rules import load_table
from ..text.fold import fold, same_words
from .quota_text import alt, context, phrase_ok

PAREN_NUMBER_RE = regex.compile(r"\s*\((?:[\p{L}\s]{1,30}|\d+)\)")
SYMBOL_OPS = {"≥": ">=", "≤": "<=", ">": ">", "<": "<", "=": "="}
# Filler words allowed between a comparator and its number ("ít nhất là 02", "tối thiểu đạt 80%").
FILLER = r"(?:\s+|\s*:\s*|\s+(?:la|dat|bang|muc|o\s+muc|khoang))*\s*"
FALLBACK_WORD_RE = regex.compile(r"\s*(\p{Ll}+)(?:\s+(\p{Ll}+))?")
FUNCTION_WORDS = frozenset(fold(w) for w in (
    "của", "tại", "trong", "về", "và", "được", "có", "đạt", "trên", "cho", "để", "với", "theo", "thuộc",
    "ở", "đã", "sẽ", "các", "những", "là", "so", "từ", "đến", "trở", "lên", "xuống", "mỗi", "một", "này"))


@lru_cache(maxsize=1)
def units() -> tuple["regex.Pattern[str]", dict[str, tuple[str, bool]]]:
    """Unit lexicon: a regex anchored at the text right after a number, and folded unit -> (kind, signal)."""
    rows = load_table("quota_units")
    info = {unit_key(fold(r["unit"])): (r["kind"], r["signal"] == "yes") for r in rows}
    pat = regex.compile(r"\s*(?P<u>" + alt([r["unit"] for r in rows]).replace(",", r"\s*,") + r")(?![\p{L}\d])")
    return pat, info


@lru_cache(maxsize=1)
def block_words() -> tuple[str, ...]:
    """Words that end the text before a count that is a place or a body's size ("của", "UBND")."""
    rows = load_table("units")
    heads = [r["head"] for r in rows] + [a.strip() for r in rows for a in r["abbreviations"].split(",") if a.strip()]
    return tuple(list(context("block_before")) + heads)


@lru_cache(maxsize=1)
def _block_before_re() -> "regex.Pattern[str]":
    return regex.compile(r"(?<![\p{L}\d])(?P<p>" + alt(block_words()) + r")\s*$")


def blocked(text: str, f: str, lo: int, q0: int) -> bool:
    m = _block_before_re().search(f, lo, q0)
    return bool(m and phrase_ok(text, m, block_words(), "p"))


@lru_cache(maxsize=1)
def _comparator_re() -> "regex.Pattern[str]":
    """Comparator phrases that stand before a number (rules/comparators.tsv), anchored at its end."""
    before = [r["phrase"] for r in load_table("comparators") if r["position"] == "before"]
    return regex.compile(r"(?<![\p{L}\d])(?P<p>" + alt(before) + r")" + FILLER + r"$")


@lru_cache(maxsize=1)
def after_re() -> "regex.Pattern[str]":
    after = [r["phrase"] for r in load_table("comparators") if r["position"] == "after"]
    return regex.compile(r"\s*(?:" + alt(after) + r")(?![\p{L}\d])")


def comparator(text: str, f: str, start: int, pos: int) -> tuple[int, str] | None:
    """(start, operator) of the comparator phrases ending just before `pos` ("đạt từ", "tối đa"),
    checked against diacritics; the operator is that of the phrase nearest the number."""
    found: tuple[int, str] | None = None
    sym = regex.search(r"([≥≤><=])\s*$", text[max(start, pos - 3):pos])
    if sym:  # "đạt ≥ 90%"
        pos = max(start, pos - 3) + sym.start()
        found = (pos, SYMBOL_OPS[sym.group(1)])
    for _ in range(2):
        lo = max(start, pos - 60)
        m = _comparator_re().search(f, lo, pos)
        if not m:
            break
        key, written = regex.sub(r"\s+", " ", m.group("p")), text[m.start("p"):m.end("p")]
        ops = [r["operator"] for r in load_table("comparators") if r["position"] == "before"
               and fold(r["phrase"]) == key and same_words(written, r["phrase"], context=text[lo:pos])]
        if not ops:
            break
        found = (m.start("p"), found[1] if found else ops[0])
        pos = m.start("p")
    return found


def unit_after(text: str, f: str, end: int, explicit: bool) -> tuple[str, int, str, bool] | None:
    """(unit as written, its end, kind, needs-signal) for the noun right after a number."""
    pat, info = units()
    pm = PAREN_NUMBER_RE.match(text, end)  # "01 (một) tập thể"
    at = pm.end() if pm else end
    m = pat.match(f, at)
    if m:
        kind, signal = info[unit_key(m.group("u"))]
        return " ".join(text[m.start("u"):m.end("u")].split()), m.end(), kind, signal
    if not explicit:
        return None
    fm = FALLBACK_WORD_RE.match(text, at)
    if not fm or fold(fm.group(1)) in FUNCTION_WORDS:
        return None
    if fm.group(2) and fold(fm.group(2)) not in FUNCTION_WORDS:
        return f"{fm.group(1)} {fm.group(2)}", fm.end(2), "count", False
    return fm.group(1), fm.end(1), "count", False


def unit_key(folded: str) -> str:
    return regex.sub(r"\s*,\s*", ", ", regex.sub(r"\s+", " ", folded))


def needs_signal(unit: str) -> bool:
    kind_signal = units()[1].get(unit_key(fold(unit)))
    return bool(kind_signal and kind_signal[1])
