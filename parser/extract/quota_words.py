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
from ..text.fold import fold, phrase_alt, same_words, word_start
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
SIGN_END_RE = regex.compile(r"([≥≤><=])\s*$")
WS_RE = regex.compile(r"\s+")
COMMA_SPACE_RE = regex.compile(r"\s*,\s*")
DIGIT_NEXT_RE = regex.compile(r"\s*\d")
LETTERS_RE = regex.compile(r"\p{L}+")
LIST_KINDS = ("count", "people")
EXCLUSIONS = "quota_exclusions"


@lru_cache(maxsize=1)
def units() -> tuple["regex.Pattern[str]", dict[str, tuple[str, bool]]]:
    """Unit lexicon: a regex anchored at the text right after a number, and folded unit -> (kind, signal)."""
    rows = load_table("quota_units")
    info = {unit_key(fold(r["unit"])): (r["kind"], r["signal"] == "yes") for r in rows}
    pat = regex.compile(r"\s*(?P<u>" + phrase_alt((fold(r["unit"]) for r in rows), {",": r"\s*,"}) + r")(?![\p{L}\d])")
    return pat, info


@lru_cache(maxsize=1)
def block_words() -> tuple[str, ...]:
    """Words that end the text before a count that is a place or a body's size ("của", "UBND")."""
    rows = load_table("units")
    heads = [r["head"] for r in rows] + [a.strip() for r in rows for a in r["abbreviations"].split(",") if a.strip()]
    return tuple(list(context("block_before")) + heads)


@lru_cache(maxsize=1)
def _block_before_re() -> "regex.Pattern[str]":
    start = word_start((fold(p) for p in block_words()), letters=True)
    return regex.compile(start + r"(?<![\p{L}\d])(?P<p>" + alt(block_words()) + r")\s*$")


def blocked(text: str, f: str, lo: int, q0: int) -> bool:
    m = _block_before_re().search(f, lo, q0)
    return bool(m and phrase_ok(text, m, block_words(), "p"))


@lru_cache(maxsize=1)
def _comparator_re() -> "regex.Pattern[str]":
    """Comparator phrases that stand before a number (rules/comparators.tsv), anchored at its end."""
    before = [r["phrase"] for r in load_table("comparators") if r["position"] == "before"]
    start = word_start((fold(p) for p in before), letters=True)
    return regex.compile(start + r"(?<![\p{L}\d])(?P<p>" + alt(before) + r")" + FILLER + r"$")


@lru_cache(maxsize=1)
def after_re() -> "regex.Pattern[str]":
    after = [r["phrase"] for r in load_table("comparators") if r["position"] == "after"]
    return regex.compile(r"\s*(?:" + alt(after) + r")(?![\p{L}\d])")


@lru_cache(maxsize=1)
def _before_ops() -> dict[str, tuple[tuple[str, str], ...]]:
    """Folded comparator phrase (position "before") -> (phrase, operator) rows, in table order."""
    out: dict[str, list[tuple[str, str]]] = {}
    for r in load_table("comparators"):
        if r["position"] == "before":
            out.setdefault(fold(r["phrase"]), []).append((r["phrase"], r["operator"]))
    return {k: tuple(v) for k, v in out.items()}


def comparator(text: str, f: str, start: int, pos: int) -> tuple[int, str] | None:
    """(start, operator) of the comparator phrases ending just before `pos` ("đạt từ", "tối đa"),
    checked against diacritics; the operator is that of the phrase nearest the number."""
    found: tuple[int, str] | None = None
    sym = SIGN_END_RE.search(text[max(start, pos - 3):pos])
    if sym:  # "đạt ≥ 90%"
        pos = max(start, pos - 3) + sym.start()
        found = (pos, SYMBOL_OPS[sym.group(1)])
    for _ in range(2):
        lo = max(start, pos - 60)
        m = _comparator_re().search(f, lo, pos)
        if not m:
            break
        key, written = WS_RE.sub(" ", m.group("p")), text[m.start("p"):m.end("p")]
        ops = [op for phrase, op in _before_ops().get(key, ()) if same_words(written, phrase, context=text[lo:pos])]
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
        if not m or info[unit_key(m.group("u"))][0] not in LIST_KINDS or DIGIT_NEXT_RE.match(text, m.end()):
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
        w = LETTERS_RE.match(text, q.end())
        if w and w.group().lower() == head.lower():
            return head, u_end, signal
    return unit, u_end, signal


def unit_key(folded: str) -> str:
    return COMMA_SPACE_RE.sub(", ", WS_RE.sub(" ", folded))


def needs_signal(unit: str) -> bool:
    """The unit (or any noun of a unit list "cơ quan, đơn vị") is one that needs a target word."""
    info = units()[1]
    whole = info.get(unit_key(fold(unit)))
    if whole:
        return whole[1]
    return any(info.get(unit_key(fold(p)), ("", False))[1] for p in unit.split(","))


@lru_cache(maxsize=1)
def _reward_after_re() -> "regex.Pattern[str]":
    """Right after a money amount: a rate per prize ("/giải") or "tiền thưởng" (rules/quota_exclusions.tsv)."""
    per, after = alt(context("per", EXCLUSIONS)), alt(context("after", EXCLUSIONS))
    return regex.compile(r"\s*/\s*(?P<per>" + per + r")(?![\p{L}\d])|\s*(?P<after>" + after + r")(?![\p{L}\d])")


def reward_after(text: str, f: str, end: int) -> bool:
    """The money amount ending at `end` is a reward: "2 triệu đồng/giải", "500.000 đồng tiền thưởng"."""
    m = _reward_after_re().match(f, end)
    if not m:
        return False
    group = "per" if m.group("per") else "after"
    return phrase_ok(text, m, context(group, EXCLUSIONS), group)


@lru_cache(maxsize=1)
def _money_words() -> frozenset[str]:
    return frozenset(fold(p) for p in context("money", EXCLUSIONS))


def is_money(unit: str, kind: str) -> bool:
    """A sum of money: a money unit of rules/quota_units.tsv, or an abbreviation read after a comparator
    ("tối đa 1.000.000 đ")."""
    return kind == "money" or fold(unit) in _money_words()
