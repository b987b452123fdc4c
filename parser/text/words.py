"""Vietnamese words of a line: underthesea's segmentation, re-aligned and corrected.

`underthesea.word_tokenize` (token normalization off) gives the words of a
line; each is re-aligned to the line's characters (underthesea joins
syllables with one space and maps "ð" to "đ", so a word is found syllable
by syllable, folded), and merges its CRF gets wrong in administrative text
are undone by case and by a list of fixed words (see `_new_word_at`).
Characters no word covers become syllable tokens, so the spans always cover
every non-space character. Used by `text.tokenize` to build spaCy `Doc`s.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Sequence

import regex

from .fold import fold

__all__ = ["FixedWords", "NO_FIXED_WORDS", "segment_line"]

# Fallback segmentation for text underthesea's words cannot be aligned to:
# syllables and single non-word characters.
SYLLABLE_RE = regex.compile(r"[\w]+|[^\w\s]")
# Conjunctions are words of their own, never syllables of a compound.
CONJUNCTIONS = frozenset({"và", "hoặc"})
# Open syllables "òa", "ủy" … spelled the other way ("oà", "uỷ"), as the dictionary has them.
OLD_TONE_STYLE = {
    "òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ",
    "òe": "oè", "óe": "oé", "ỏe": "oẻ", "õe": "oẽ", "ọe": "oẹ",
    "ùy": "uỳ", "úy": "uý", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ",
}
# underthesea's character normalization (besides NFC): the Icelandic eth for "đ".
ETH_TO_D = str.maketrans({"ð": "đ", "Ð": "Đ"})
# How far past the expected position a word that failed to align is looked for.
RESYNC_WINDOW = 64


def _same(written: str, word: str) -> bool:
    """`word` as underthesea returns it is `written` (it maps "ð" to "đ" and may re-case nothing else)."""
    return written == word or fold(written.translate(ETH_TO_D)) == fold(word)


def _align(line: str, word: str, pos: int) -> list[tuple[int, int]] | None:
    """Character spans of `word`'s syllables in `line` from `pos` (whitespace skipped)."""
    out: list[tuple[int, int]] = []
    p = pos
    for syl in word.split():
        while p < len(line) and line[p].isspace():
            p += 1
        end = p + len(syl)
        if not _same(line[p:end], syl):
            return None
        out.append((p, end))
        p = end
    return out or None


def _find(line: str, folded_line: str, word: str, pos: int) -> list[tuple[int, int]] | None:
    """`word` somewhere in the next `RESYNC_WINDOW` characters (a word the tokenizer rewrote)."""
    first = fold(word.split()[0]) if word.split() else ""
    if not first:
        return None
    k = folded_line.find(first, pos)
    while 0 <= k <= pos + RESYNC_WINDOW:
        found = _align(line, word, k)
        if found:
            return found
        k = folded_line.find(first, k + 1)
    return None


def _case(syl: str) -> str:
    """"A" all capitals (UBND, ỦY), "U" capitalised, "l" lower case, "" otherwise (digits)."""
    letters = [c for c in syl if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return "A"
    first = syl[:1]
    return "U" if first.isupper() else "l" if first.islower() else ""


class FixedWords:
    """Words a token may not swallow the start of (underthesea's `fixed_words` idea).

    The CRF merges a sentence-initial verb with the body it governs ("Giao
    Phòng" + "Nội vụ"); a capitalised syllable that starts one of these
    phrases (unit heads, given by `text.nlp`) starts a new token unless the
    token itself starts with one ("Văn phòng", "Ban Chỉ huy").
    """

    def __init__(self, phrases: Iterable[str] = ()) -> None:
        words = [p.split() for p in phrases if p.split()]
        # Abbreviations ("ĐU", "UBND") count only where the text has capitals: "Du" is no "ĐU".
        self.abbr = self._index([w for w in words if _case(w[0]) == "A"])
        self.full = self._index([w for w in words if _case(w[0]) != "A"])
        self.heads = self.abbr[0] | self.full[0]

    @staticmethod
    def _index(phrases: list[list[str]]) -> tuple[frozenset, frozenset, int]:
        heads = frozenset(tuple(fold(x) for x in p) for p in phrases)
        prefixes = frozenset(h[:n] for h in heads for n in range(1, len(h) + 1))
        return heads, prefixes, max((len(h) for h in heads), default=0)

    def starts_at(self, folded: Sequence[str], abbreviation: bool = False) -> bool:
        """A fixed word starts at `folded[0]` (and may run past the end of `folded`)."""
        rest = tuple(folded)
        for heads, prefixes, longest in ((self.full, self.abbr) if abbreviation else (self.full,)):
            if rest in prefixes or any(rest[:n] in heads for n in range(1, min(len(rest), longest) + 1)):
                return True
        return False


NO_FIXED_WORDS = FixedWords()


def _new_word_at(syls: list[str], k: int, fixed: FixedWords) -> bool:
    """Whether syllable `k` (> 0) of a word (`syls` from the current piece on) starts another word.

    Vietnamese compounds do not change case inside except as a capitalised
    first syllable ("Văn hóa") or an all-capitalised name ("Hồ Chí Minh"),
    so the CRF's merges across names are undone: "và Xã hội" -> "và" +
    "Xã hội" (lower then capital), "Phòng Văn hóa" -> "Phòng" + "Văn hóa"
    (a capital followed by lower case, after a capital), "THCS Ái" ->
    "THCS" + "Ái" (an abbreviation is a word of its own). A conjunction is
    never inside a word ("Phòng Giáo dục và" -> … + "và"), nor is the start
    of a fixed word. A capitalised syllable glued to a known lower-case word
    is a name followed by that word when the whole is no dictionary word
    ("Tân Phú vận động" -> "Phú" + "vận động"; "Cựu chiến binh" stays).
    """
    prev, cur = _case(syls[k - 1]), _case(syls[k])
    nxt = _case(syls[k + 1]) if k + 1 < len(syls) else ""
    if cur == "U" and (prev == "l" or (prev == "U" and nxt == "l")):
        return True
    if prev and cur and (prev == "A") != (cur == "A"):
        return True
    if syls[k].lower() in CONJUNCTIONS or syls[k - 1].lower() in CONJUNCTIONS:
        return True
    if k == 1 and prev == "U" and cur == "l" and len(syls) >= 3 and _name_then_word(syls):
        return True
    if cur in ("U", "A") and fixed.heads:
        folded = [fold(x) for x in syls]
        return fixed.starts_at(folded[k:], cur == "A") and not fixed.starts_at(folded, _case(syls[0]) == "A")
    return False


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    """The word list of underthesea's segmentation model (lower case, tone on the last vowel: "hoá")."""
    from pathlib import Path

    import underthesea.pipeline.word_tokenize as ws_pkg

    path = Path(ws_pkg.__file__).parent / "models" / "ws_crf_vlsp2013_20230727" / "dictionary.bin"
    if not path.is_file():
        return frozenset()
    import joblib

    return frozenset(joblib.load(path))


def _in_dictionary(syls: Sequence[str]) -> bool:
    """The syllables form one dictionary word, in either tone placement ("văn hóa" = "văn hoá")."""
    words = [x.lower() for x in syls]
    d = _dictionary()
    if " ".join(words) in d:
        return True
    other = [w[:-2] + OLD_TONE_STYLE[w[-2:]] if w[-2:] in OLD_TONE_STYLE else w for w in words]
    return other != words and " ".join(other) in d


def _name_then_word(syls: list[str]) -> bool:
    return not _in_dictionary(syls) and _in_dictionary(syls[1:])


def _split_word(line: str, syls: list[tuple[int, int]], fixed: FixedWords) -> list[tuple[int, int]]:
    """One word as one span, or several when it must not be one token.

    A word is split between syllables that are not separated by exactly one
    space (a line wrap or double space inside a "word") and where
    `_new_word_at` says the CRF merged two words.
    """
    texts = [line[s:e] for s, e in syls]
    pieces: list[tuple[int, int]] = []
    start, prev = syls[0]
    first = 0  # index of the current piece's first syllable
    for k, (s, e) in enumerate(syls[1:], 1):
        if line[prev:s] != " " or _new_word_at(texts[first:], k - first, fixed):
            pieces.append((start, prev))
            start, first = s, k
        prev = e
    pieces.append((start, prev))
    return pieces


def segment_line(line: str, fixed: FixedWords = NO_FIXED_WORDS) -> list[tuple[int, int]]:
    """Word spans of one line (no newline inside), covering all its non-space characters.

    Words come from underthesea; a word that cannot be aligned to the line
    (it should not happen with NFC input, but the tokenizer may rewrite a
    character) is dropped and its characters fall back to syllable tokens.
    """
    from underthesea import word_tokenize

    folded = fold(line)
    spans: list[tuple[int, int]] = []
    pos = 0
    for word in word_tokenize(line, use_token_normalize=False):
        syls = _align(line, word, pos) or _find(line, folded, word, pos)
        if not syls:
            continue
        spans.extend(_split_word(line, syls, fixed))
        pos = syls[-1][1]
    return _fill(line, spans)


def _fill(line: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` plus syllable tokens for every non-space character they miss."""
    out: list[tuple[int, int]] = []
    pos = 0
    for s, e in spans + [(len(line), len(line))]:
        if s > pos:
            out.extend(m.span() for m in SYLLABLE_RE.finditer(line, pos, s))
        if e > s:
            out.append((s, e))
        pos = max(pos, e)
    return out
