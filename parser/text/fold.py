"""Diacritic folding that keeps offsets.

Real plans arrive with diacritics lost (OCR, old fonts, typing without an
IME: "ngay 30 thang 6 nam 2021"), with OCR noise on tone marks ("ngàỵ",
"thảng", "nãm") and with two tone-placement styles ("hoà"/"hòa",
"uỷ"/"ủy"). Matching on `fold(text)` treats all of these alike, and because
the folded string has exactly the length of its input, a match span found in
the folded text is a valid span in the original.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Iterable

import regex

__all__ = ["fold", "fold_char", "fold_tone_placement", "phrase_alt", "same_words", "strip_tones", "word_start"]

# The five Vietnamese tone marks as combining characters (grave, acute, tilde,
# hook above, dot below).
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")

# "oa", "oe", "uy" closing a syllable (no letter after), tone on the second
# vowel: the "new" placement ("hoà", "uỷ") that is rewritten to the one used
# by most administrative texts ("hòa", "ủy"). "qu" + y is a consonant + vowel
# ("quý"), so a "q" before the u blocks the rewrite.
NEW_STYLE_TONE_RE = regex.compile(
    r"(?<![qQ])([oOuU])(\p{L})(?!\p{L})",
)


@lru_cache(maxsize=4096)
def fold_char(c: str) -> str:
    """One character, lowercased and stripped of marks; always one character."""
    return _fold_char(c)


def _fold_char(c: str) -> str:
    if c in "đĐ":
        return "d"
    low = c.lower()
    if len(low) != 1:
        low = c
    decomposed = unicodedata.normalize("NFD", low)
    base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    if len(base) == 1:
        return base
    # A lone combining mark (decomposed input) or an odd character: keep it.
    return low


class _FoldTable(dict):
    """`str.translate` table filled on first sight of each character (C-speed loop after that)."""

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code))
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()
# Below this code point `fold` looks characters up in a list by index: `str.translate` with a list is
# ~40% faster than with the dict subclass above (no hashing, no `__missing__` slot), and Latin,
# Vietnamese, punctuation, arrows and math symbols all lie below it. A text with a character beyond
# it uses the dict. The list is built on first use (~10 ms).
FAST_LIMIT = 0x3000
FAST_MIN_LENGTH = 24  # a shorter text is done before the search for a character beyond the limit would be
BEYOND_FAST_RE = regex.compile(r"[^\x00-\u2fff]")
_fast_table: list[str] = []


def _fast() -> list[str]:
    if not _fast_table:
        _fast_table.extend(_fold_char(chr(i)) for i in range(FAST_LIMIT))
    return _fast_table


def fold(s: str) -> str:
    """Lowercase, drop tone marks and diacritics, đ -> d; same length as `s`.

    Same length is the point: offsets found in the folded text index the
    original. Feed NFC text (the normalized text is NFC); a stray combining
    mark in decomposed input stays as it is. (An ASCII text folds to its lower case, character by
    character: what `fold_char` gives each ASCII character.)
    """
    if s.isascii():
        return s.lower()
    if len(s) <= FAST_MIN_LENGTH:
        return _fold_short(s)
    if BEYOND_FAST_RE.search(s) is None:
        return s.translate(_fast())
    return s.translate(_FOLD_TABLE)


@lru_cache(maxsize=8192)
def _fold_short(s: str) -> str:
    """A word or two folded (cached: extractors fold the same heads, cues and names again and again)."""
    return s.translate(_FOLD_TABLE)


def _move_tone(first: str, second: str) -> tuple[str, str] | None:
    """Move the tone mark of `second` onto `first`; None when nothing to move."""
    d2 = unicodedata.normalize("NFD", second)
    tones = [m for m in d2 if m in TONE_MARKS]
    if len(tones) != 1:
        return None
    d1 = unicodedata.normalize("NFD", first)
    if any(m in TONE_MARKS for m in d1):
        return None
    new_first = unicodedata.normalize("NFC", d1 + tones[0])
    new_second = unicodedata.normalize("NFC", "".join(m for m in d2 if m not in TONE_MARKS))
    if len(new_first) != 1 or len(new_second) != 1:
        return None
    return new_first, new_second


def fold_tone_placement(s: str) -> str:
    """Rewrite "hoà", "khoẻ", "uỷ" to "hòa", "khỏe", "ủy" (same length).

    Both placements are correct Vietnamese, but lookups keyed on one spelling
    ("Ủy ban", "hòa") must find the other; only open syllables ending in
    oa/oe/uy are touched ("hoàn", "quý", "khuỷu" stay).
    """
    out = list(s)
    for m in NEW_STYLE_TONE_RE.finditer(s):
        first, second = m.group(1), m.group(2)
        pair = fold_char(first) + fold_char(second)
        if pair not in ("oa", "oe", "uy"):
            continue
        moved = _move_tone(first, second)
        if moved is not None:
            out[m.start(1)], out[m.start(2)] = moved
    return "".join(out)


WS_RE = regex.compile(r"\s+")


def strip_tones(s: str) -> str:
    """Drop the five tone marks only, keeping ă â ê ô ơ ư đ (length may shrink
    only for decomposed input; NFC in, NFC out)."""
    nfd = unicodedata.normalize("NFD", s)
    return unicodedata.normalize("NFC", "".join(c for c in nfd if c not in TONE_MARKS))


def same_words(written: str, canonical: str, *, tones: bool = True, context: str | None = None) -> bool:
    """True when `written` is `canonical` up to case, spacing and tone placement
    (any tone at all when `tones` is False: OCR noise on "tháng" -> "thảng"),
    or `canonical` with every diacritic lost in a diacritic-less `context`.

    Folding alone conflates words ("từ"/"tư": "đầu tư 1/3 vốn" is no date;
    "Việt Nam 2024" is no "năm 2024"): a text that still has its diacritics
    must match them, a stripped one ("tu ngay", "toi da") may match folded.
    """
    if written == canonical:
        return True
    same, folded_same = _same_words(written, canonical, tones)
    if same:
        return True
    ctx = written if context is None else context
    return folded_same and ctx.isascii()


@lru_cache(maxsize=4096)
def _same_words(written: str, canonical: str, tones: bool) -> tuple[bool, bool]:
    """What `same_words` says without a context, and whether the two fold alike (cached: the same key
    words are checked again and again, "ngày", "tháng", "năm")."""
    w = WS_RE.sub(" ", written.strip()).lower()
    c = WS_RE.sub(" ", canonical.strip()).lower()
    if tones:
        if fold_tone_placement(w) == fold_tone_placement(c):
            return True, True
    else:
        sw, sc = strip_tones(w), strip_tones(c)
        if sw == sc:
            return True, True
        # OCR that kept a tone but lost a vowel shape ("nãm" for "năm"); a word
        # with a shape of its own ("thắng" for "tháng") or no tone at all
        # ("Nam") is another word.
        has_tone = any(m in TONE_MARKS for m in unicodedata.normalize("NFD", w))
        if has_tone and len(sw) == len(sc) and fold(w) == fold(c) and all(a == b or a.isascii() for a, b in zip(sw, sc)):
            return True, True
    return False, fold(w) == fold(c)


def phrase_alt(phrases: Iterable[str], tokens: dict[str, str] | None = None) -> str:
    r"""Regex alternation of literal phrases (folded), factored by their common prefixes.

    `regex` tries every branch of a plain alternation at every position of the text; factored
    ("huan\s+chuong(?:\s+lao\s+dong|…)?") it tries each first letter once. The matches are
    those of the longest-first alternation `"|".join(sorted(phrases, key=len, reverse=True))`:
    phrases that match at one position are prefixes of one another, one trie path, tried
    deepest first. That needs the branches after a prefix to exclude each other: a space matches
    `\s+` and any other character itself, unless `tokens` gives its regex (`{",": r"\s*,\s*"}`,
    which must not match a character some phrase has literally); two branches that can both start
    with white space fall back to the plain alternation.
    """
    words = sorted(set(phrases), key=len, reverse=True)
    table = {" ": r"\s+", **(tokens or {})}
    spacey = {ch for ch, tok in table.items() if ch.isspace() or tok.startswith(("\\s", "[\\s"))}
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    if _branches_on_space(root, spacey) or any(ch.isspace() and ch not in table for w in words for ch in w):
        return "|".join("".join(_token(ch, table) for ch in w) for w in words)
    return _trie_regex(root, table)


def _token(ch: str, table: dict[str, str]) -> str:
    return table.get(ch) or regex.escape(ch)


def _branches_on_space(node: dict, spacey: set[str]) -> bool:
    return len(spacey & node.keys()) > 1 or any(_branches_on_space(v, spacey) for v in node.values())


def _depth(node: dict) -> int:
    return max((0 if k == "" else 1 + _depth(v)) for k, v in node.items())


def _trie_regex(node: dict, table: dict[str, str]) -> str:
    """Branches deepest first, the phrase ending here (if any) last: the longest phrase wins."""
    kids = sorted(((k, v) for k, v in node.items() if k), key=lambda kv: -_depth(kv[1]))
    alts = [_token(k, table) + _trie_regex(v, table) for k, v in kids]
    if not alts:
        return ""
    if len(alts) == 1 and "" not in node:
        return alts[0]
    return "(?:" + "|".join(alts) + (")?" if "" in node else ")")


WORD_CHAR_RE = regex.compile(r"\w")


def word_start(phrases: Iterable[str], *, letters: bool = False) -> str:
    r"""A position test to put in front of `(?<!\w)` (with `letters`: `(?<![\p{L}\d])`) and an
    alternation of `phrases`, when every phrase starts with a word character: it then holds
    wherever the pattern matches (same matches), and `regex` checks it far faster than the
    lookbehind at the positions inside and between words (2-3x on long texts). "" otherwise."""
    phrases = list(phrases)
    if not phrases or not all(WORD_CHAR_RE.match(p) for p in phrases):
        return ""
    # \b: a word character on one side only; with `letters` the character before may also be a
    # word character that is no letter or digit ("_"), which `(?<![\p{L}\d])` lets through.
    return r"(?:\b|(?<=[^\W\p{L}\d]))" if letters else r"\b"
