"""Words split by a hyphen at a line end ("xét nghi-" / "ệm"), put back together.

Vietnamese writes one syllable per word and never hyphenates it in print, but
OCR and PDF converters of justified text do break syllables ("Phòng Điều dư-"
/ "ỡng"). A hyphen in administrative text is otherwise meaningful: spaced
("Văn hóa - Xã hội"), inside codes and names ("KH-UBND", "Bà Rịa-Vũng Tàu",
"COVID-19", "e-learning", "kinh tế-xã hội" typed tight) and in transliterated
names ("Ma-lai-xi-a", "bi-a"). So a break is re-joined only when the piece
after it starts in lower case and the two pieces make ONE syllable
(`is_strict_syllable`), and then only when the pieces are not two syllables
of their own — unless the spelling proves that they are one: a two-letter
vowel split down the middle (iê, yê, uô, ươ: "ti-" / "êu", "chu-" / "yên"), or
the tone mark of the whole sitting after the break with none before it
("to-" / "án", "nghi-" / "ệm"; a transliteration puts no tone there: "xi-a").
"""
from __future__ import annotations

import regex

from .syllables import is_strict_syllable, split_tone

__all__ = ["HYPHEN_BREAK_RE", "joins_across_hyphen", "rejoin"]

HYPHENS = "-\u2010\u2011"
# The letters before a line-end hyphen (a whole word: not after another hyphen, a slash, a digit
# or a dot — "Ma-lai-xi-", "QĐ-", "v.v-"), the break (blank lines allowed: a page break), and the
# lower-case letters that continue it (not followed by another hyphen or digits: "xi-" / "a-nô").
# The lookahead in front states what every match starts with: it only lets `regex` skip ahead.
HYPHEN_BREAK_RE = regex.compile(
    rf"(?=[{HYPHENS}])(?<=(?<![\p{{L}}\p{{M}}\p{{N}}{HYPHENS}/._])(\p{{L}}{{1,7}}))[{HYPHENS}][ ]*\n(?:[ ]*\n)*[ ]*"
    rf"(?=(\p{{Ll}}\p{{L}}{{0,6}})(?![\p{{L}}\p{{M}}\p{{N}}]|[{HYPHENS}]\p{{L}}))"
)
HINT_RE = regex.compile(rf"[{HYPHENS}][ ]*\n")
# Two letters that spell one vowel and are never two syllables' worth (iê, yê, uô, ươ).
SPLIT_VOWELS = frozenset({"iê", "yê", "uô", "ươ"})
VOWELS = frozenset("aăâeêioôơuưy")


def _split_vowel(left: str, right: str) -> bool:
    """The break cuts a two-letter vowel (or the "uyê" of "chuyên") in half."""
    if not left or not right:
        return False
    lb, rb = split_tone(left)[0], split_tone(right)[0]
    pair = lb[-1:] + rb[:1]
    return pair in SPLIT_VOWELS or (lb.endswith("u") and rb.startswith("yê"))


def _tone_after_break(left: str, right: str) -> bool:
    """The one tone mark of the whole is in the right piece, the left ends in a vowel without one."""
    lb, ltones = split_tone(left)
    _, rtones = split_tone(right)
    return not ltones and len(rtones) == 1 and lb[-1:] in VOWELS and split_tone(right)[0][:1] in VOWELS


def joins_across_hyphen(left: str, right: str) -> bool:
    """Whether "left-" at a line end and "right" on the next line are one word cut in two."""
    if not is_strict_syllable(left + right):
        return False
    if not (is_strict_syllable(left) and is_strict_syllable(right)):
        return True
    return _split_vowel(left, right) or _tone_after_break(left, right)


def rejoin(m: "regex.Match[str]") -> str:
    """Replacement for `HYPHEN_BREAK_RE`: the break removed when the pieces are one word, else kept."""
    return "" if joins_across_hyphen(m.group(1), m.group(2)) else m.group(0)
