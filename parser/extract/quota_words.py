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
FUNCTION_WORDS = frozenset((
    "của", "tại", "trong", "về", "và", "được", "có", "đạt", "trên", "cho", "để", "với", "theo", "thuộc",
    "ở", "đã", "sẽ", "các", "những", "là", "so", "từ", "đến", "trở", "lên", "xuống", "mỗi", "một", "này"))
FOLDED_FUNCTION_WORDS = frozenset(fold(w) for w in FUNCTION_WORDS)
# After a unit: ", " and the next item of a list of nouns ("02 công chức, viên chức", "05 huyện, thị xã"),
# or a sibling that repeats the unit's head ("05 nhà tình nghĩa, “Nhà đồng đội”").
LIST_COMMA_RE = regex.compile(r"\s*,\s*")
QUOTE_OPEN_RE = regex.compile(r"[“\"«]?")
LIST_KINDS = ("count", "people")


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
        unit, u_end = " ".join(text[m.start("u"):m.end("u")].split()), m.end()
        if kind in LIST_KINDS:
            unit, u_end, signal = _unit_list(text, f, m.start("u"), u_end, unit, signal)
        return unit, u_end, kind, signal
    if not explicit:
        return None
    fm = FALLBACK_WORD_RE.match(text, at)
    if not fm or _function_word(fm.group(1)):
        return None
    if fm.group(2) and not _function_word(fm.group(2)):
        return f"{fm.group(1)} {fm.group(2)}", fm.end(2), "count", False
    return fm.group(1), fm.end(1), "count", False


def _function_word(word: str) -> bool:
    """A preposition or particle as written ("để"; "đề" of "chuyên đề" is none), folded only in text
    without diacritics."""
    w = word.lower()
    return w in FUNCTION_WORDS or (w.isascii() and w in FOLDED_FUNCTION_WORDS)


def _unit_list(text: str, f: str, u_start: int, u_end: int, unit: str, signal: bool) -> tuple[str, int, bool]:
    """Extend a unit over a comma list of nouns of the same sort: "02 công chức, viên chức" counts
    "công chức, viên chức", "15 cơ quan, đơn vị", "05 huyện, thành phố, thị xã"; a sibling that repeats a
    longer unit's first word ("05 nhà tình nghĩa, “Nhà đồng đội”") makes that word the unit ("nhà")."""
    pat, info = units()
    end = u_end
    while True:
        c = LIST_COMMA_RE.match(text, end)
        if not c:
            break
        m = pat.match(f, c.end())
        if not m or info[unit_key(m.group("u"))][0] not in LIST_KINDS or regex.match(r"\s*\d", text[m.end():]):
            break
        end = m.end()
        signal = signal or info[unit_key(m.group("u"))][1]
    if end > u_end:
        items = [fold(x).split() for x in text[u_start:end].split(",")]
        if all(len(x) > 1 and x[0] == items[0][0] for x in items):  # "nhà đại đoàn kết, nhà tình nghĩa"
            return unit.split()[0], end, signal
        return " ".join(text[u_start:end].split()), end, signal
    head = unit.split()[0]
    c = LIST_COMMA_RE.match(text, u_end)
    if len(unit.split()) > 1 and c:
        q = QUOTE_OPEN_RE.match(text, c.end())
        w = regex.match(r"\p{L}+", text[q.end():])
        if w and w.group().lower() == head.lower():
            return head, u_end, signal
    return unit, u_end, signal


def unit_key(folded: str) -> str:
    return regex.sub(r"\s*,\s*", ", ", regex.sub(r"\s+", " ", folded))


def needs_signal(unit: str) -> bool:
    """The unit (or any noun of a unit list "cơ quan, đơn vị") is one that needs a target word."""
    info = units()[1]
    whole = info.get(unit_key(fold(unit)))
    if whole:
        return whole[1]
    return any(info.get(unit_key(fold(p)), ("", False))[1] for p in unit.split(","))
