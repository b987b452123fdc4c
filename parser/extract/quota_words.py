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
from .quota_text import alt, context, phrase_ok, word_re

PAREN_NUMBER_RE = regex.compile(r"\s*\((?:[\p{L}\s]{1,30}|\d+)\)")
SYMBOL_OPS = {"≥": ">=", "≤": "<=", ">": ">", "<": "<", "=": "="}
# Filler words allowed between a comparator and its number ("ít nhất là 02", "tối thiểu đạt 80%").
FILLER = r"(?:\s+|\s*:\s*|\s+(?:la|dat|bang|muc|o\s+muc|khoang))*\s*"
# One or two lower-case words after a number, each a whole word ("triệu kWh" is no "triệu k").
FALLBACK_WORD_RE = regex.compile(r"\s*(\p{Ll}+)(?![\p{L}\d])(?:\s+(\p{Ll}+)(?![\p{L}\d]))?")
# A name in quotation marks right after the number ("03 “Mái ấm tình thương”"), of at most MAX_NAME_WORDS.
QUOTED_UNIT_RE = regex.compile(r"\s*[“\"«](?P<name>\p{L}[^“”\"«»\n]{0,80}?)[”\"»]")
MAX_NAME_WORDS = 8
FUNCTION_WORDS = frozenset((
    "của", "tại", "trong", "về", "và", "được", "có", "đạt", "trên", "cho", "để", "với", "theo", "thuộc",
    "ở", "đã", "sẽ", "các", "những", "là", "so", "từ", "đến", "trở", "lên", "xuống", "mỗi", "một", "này",
    "không", "chưa", "như", "khi", "bị", "thì", "mà", "vào", "ra", "lại", "hoặc", "hay", "tới", "cùng",
    "nhất", "hơn", "nào", "đều", "cũng"))
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
LEAD_SPACE_RE = regex.compile(r"\s*")
MAGNITUDE = "magnitude"  # rules/quota_units.tsv rows that stand before a unit ("triệu kWh"), no unit themselves
MAGNITUDE_KINDS = ("measure", "money")  # units a magnitude word may stand before
TIME_KINDS = ("time", "duration")
EXCLUSIONS = "quota_exclusions"


@lru_cache(maxsize=1)
def units() -> tuple["regex.Pattern[str]", dict[str, tuple[str, bool]]]:
    """Unit lexicon: a regex anchored at the text right after a number, and folded unit -> (kind, signal)."""
    rows = _unit_rows()
    info = {unit_key(fold(r["unit"])): (r["kind"], r["signal"] == "yes") for r in rows}
    pat = regex.compile(r"\s*(?P<u>" + phrase_alt((fold(r["unit"]) for r in rows), {",": r"\s*,"}) + r")(?![\p{L}\d])")
    return pat, info


def _unit_rows() -> list[dict[str, str]]:
    """Rows of rules/quota_units.tsv that are units (not the magnitude words put before one)."""
    return [r for r in load_table("quota_units") if r["kind"] != MAGNITUDE]


@lru_cache(maxsize=1)
def _spellings() -> dict[str, tuple[str, ...]]:
    """Folded unit key -> the units as written in rules/quota_units.tsv (several fold alike: "bản", "bàn")."""
    out: dict[str, list[str]] = {}
    for r in _unit_rows():
        out.setdefault(unit_key(fold(r["unit"])), []).append(r["unit"])
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _magnitude_re() -> "regex.Pattern[str]":
    """A magnitude word before a unit of measure ("1.520 triệu kWh", "3 nghìn tấn"), folded."""
    words = [r["unit"] for r in load_table("quota_units") if r["kind"] == MAGNITUDE]
    return regex.compile(r"\s*(?P<m>" + alt(words) + r")(?=\s)")


def lexicon_unit(text: str, f: str, at: int) -> tuple[int, int, str] | None:
    """(start, end, folded key) of the lexicon unit right after `at`, checked against the written
    diacritics ("bàn khám" is no "bản", "màu" no "mẫu"): when the longest match is another word, a shorter
    unit that ends at a word end within it may still be there."""
    pat, info = units()
    m = pat.match(f, at)
    if not m:
        return None
    a, b = m.start("u"), m.end("u")
    ctx = text[max(0, a - 60):b + 60]
    for end in sorted({b, *(w.end() for w in LETTERS_RE.finditer(f, a, b))}, reverse=True):
        key = unit_key(f[a:end])
        if key in info and any(same_words(text[a:end], u, context=ctx) for u in _spellings()[key]):
            return a, end, key
    return None


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


@lru_cache(maxsize=1)
def _one_word_heads() -> frozenset[str]:
    """Folded one-word heads of bodies (rules/units.tsv: "Vụ", "Sở", "Bộ", "Hội"; not abbreviations such as
    "UBND", which are no common words) that are not also words of rules/quota_context.tsv "block_before"."""
    own = {fold(p) for p in context("block_before")}
    abbreviations = {fold(a.strip()) for r in load_table("units") for a in r["abbreviations"].split(",")}
    heads = {fold(r["head"]) for r in load_table("units") if " " not in r["head"].strip()}
    return frozenset(heads - own - abbreviations)


def blocked(text: str, f: str, lo: int, q0: int) -> bool:
    """The words just before a count make it a place or the size of a body ("của 14 phường", "UBND 14
    phường"). A one-word head of a body names one only as written with a capital ("Vụ", "Sở"): in lower
    case it ends a common noun ("doanh thu dịch vụ đạt 500 tỷ đồng", "cán bộ", "cơ sở")."""
    m = _block_before_re().search(f, lo, q0)
    if not (m and phrase_ok(text, m, block_words(), "p")):
        return False
    return m.group("p") not in _one_word_heads() or text[m.start("p")].isupper()


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


def unit_after(text: str, f: str, end: int, explicit: bool, *, loose: bool = False,
               quoted: bool = False) -> tuple[str, int, str, bool] | None:
    """(unit as written, its end, kind, needs-signal) for the noun right after a number. A noun outside the
    lexicon ("06 ca tuần tra", "15.000 công tơ điện tử") is read only after an explicit comparator or with
    `loose` (the paragraph stands under a target heading); a name in quotation marks ("03 “Mái ấm tình
    thương”") also with `quoted` (the sentence says it states a target)."""
    _, info = units()
    pm = PAREN_NUMBER_RE.match(text, end)  # "01 (một) tập thể"
    at = pm.end() if pm else end
    lex = lexicon_unit(text, f, at)
    if lex:
        a, b, key = lex
        kind, signal = info[key]
        unit = " ".join(text[a:b].split())
        if kind in LIST_KINDS:
            unit, b, signal = _unit_list(text, f, a, b, unit, signal)
        return unit, b, kind, signal
    mm = _magnitude_re().match(f, at)
    if mm and phrase_ok(text, mm, _magnitudes(), "m"):
        lex = lexicon_unit(text, f, mm.end())
        if lex and info[lex[2]][0] in MAGNITUDE_KINDS:  # "1.520 triệu kWh"
            return " ".join(text[mm.start("m"):lex[1]].split()), lex[1], info[lex[2]][0], info[lex[2]][1]
    qm = QUOTED_UNIT_RE.match(text, at)
    if qm and (explicit or loose or quoted) and _name_ok(qm.group("name")):
        return " ".join(qm.group("name").split()), qm.end(), "count", False
    if not (explicit or loose):
        return None
    fm = FALLBACK_WORD_RE.match(text, at)
    ascii_text = text[max(0, at - 60):at + 60].isascii()  # diacritics lost around: "de" may be "để"
    if not fm or _function_word(fm.group(1), ascii_text) or _verb_at(text, f, fm.start(1)) or _prize_at(text, f, at):
        return None
    second = fm.group(2)
    if second and not (_function_word(second, ascii_text) or _verb_at(text, f, fm.start(2))
                       or _time_at(text, f, fm.start(2))):
        return f"{fm.group(1)} {second}", fm.end(2), "count", False
    return fm.group(1), fm.end(1), "count", False


@lru_cache(maxsize=1)
def _magnitudes() -> tuple[str, ...]:
    return tuple(r["unit"] for r in load_table("quota_units") if r["kind"] == MAGNITUDE)


def _verb_at(text: str, f: str, pos: int) -> bool:
    """A verb of rules/quota_context.tsv starts at `pos` ("30 đoàn tham gia": "tham gia" is no part of
    the noun)."""
    m = word_re("verb").match(f, pos)
    return bool(m and phrase_ok(text, m, context("verb")))


def _name_ok(name: str) -> bool:
    """A name of a model or work ("Mái ấm tình thương", "Tuyến đường hoa"): two to MAX_NAME_WORDS words,
    not a slogan of negations ("3 “Không”", "“Không có ma túy”")."""
    words = name.split()
    return 2 <= len(words) <= MAX_NAME_WORDS and not _function_word(words[0], name.isascii())


def _prize_at(text: str, f: str, pos: int) -> bool:
    """A prize starts at `pos` ("01 giải Nhất, 02 giải Nhì": rules/quota_exclusions.tsv): the structure of
    the awards, not a target."""
    m = word_re("reward", EXCLUSIONS).match(f, LEAD_SPACE_RE.match(f, pos).end())
    return bool(m and phrase_ok(text, m, context("reward", EXCLUSIONS)))


def unit_kind(text: str, f: str, pos: int) -> str | None:
    """Kind of the lexicon unit right after `pos` ("time" for "/ngày"), or None."""
    lex = lexicon_unit(text, f, pos)
    return units()[1][lex[2]][0] if lex else None


def _time_at(text: str, f: str, pos: int) -> bool:
    """A unit of time starts at `pos` ("06 ca tuần tra": "tuần" opens "tuần tra", not the noun "ca")."""
    return unit_kind(text, f, pos) in TIME_KINDS


def _function_word(word: str, ascii_text: bool) -> bool:
    """A preposition or particle as written ("để"; "đề" of "chuyên đề" is none; "thi" is no "thì"),
    folded only in text that has lost its diacritics (`ascii_text`)."""
    w = word.lower()
    return w in FUNCTION_WORDS or (ascii_text and w in FOLDED_FUNCTION_WORDS)


def _unit_list(text: str, f: str, u_start: int, u_end: int, unit: str, signal: bool) -> tuple[str, int, bool]:
    """Extend a unit over a comma list of nouns of the same sort: "02 công chức, viên chức" counts
    "công chức, viên chức", "15 cơ quan, đơn vị", "05 huyện, thành phố, thị xã"; a sibling that repeats a
    longer unit's first word ("05 nhà tình nghĩa, “Nhà đồng đội”") makes that word the unit ("nhà")."""
    info = units()[1]
    end = u_end
    while True:
        c = LIST_COMMA_RE.match(text, end)
        if not c:
            break
        lex = lexicon_unit(text, f, c.end())
        if not lex or info[lex[2]][0] not in LIST_KINDS or DIGIT_NEXT_RE.match(text, lex[1]):
            break
        end = lex[1]
        signal = signal or info[lex[2]][1]
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
