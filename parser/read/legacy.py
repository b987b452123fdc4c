"""Legacy Vietnamese encodings (TCVN3/ABC, VNI): detection and conversion to Unicode.

Before Unicode, Vietnamese offices typed with 8-bit fonts: ".VnTime" (TCVN3,
also called ABC: one byte per letter) and "VNI-Times" (VNI: a base letter
followed by a mark byte). Such text read as Windows-1252 — an old .txt, a
.doc/.docx whose runs still use those fonts, a PDF text layer — comes out as
mojibake: "ñY BAN NH¢N D¢N / Sè: 12/KH-UBND" (TCVN3), "UÛY BAN NHAÂN DAÂN /
Soá: 12/KH-UBND" (VNI). The byte tables are data (rules/legacy_tcvn3.tsv,
rules/legacy_vni.tsv).

Detection decides on the whole text, because a single word proves nothing
("où" is French, "Straße" German, "§ 3" a legal reference): word tokens that
carry a signature of the encoding are converted on trial, and the encoding is
accepted only when (a) enough of them, with enough distinct signatures,
convert into well-formed Vietnamese syllables and few do not, (b) they are a
real share of the words, and (c) they clearly outnumber the words written
with Unicode-only Vietnamese letters ("ạ", "ư", "đ" …). Lines that already
hold such letters are left as they are, so a Unicode paragraph pasted into a
legacy document is not mangled.

TCVN3 has no capital toned letters: capitals were typed as the lower-case
bytes in the ".VnTimeH" font, so "QUËN" is "QUẬN", while "Sè:" is "Số:".
A converted word is put in capitals when its other letters are capitals,
and a word that cannot tell ("Sè", "KÕ") follows the other converted words
of its line.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from ..rules import load_table
from ..text.syllables import SYLLABLE_RE, is_syllable

__all__ = ["LegacyScore", "detect_legacy", "fix_legacy", "legacy_scores", "to_unicode", "unicode_only_letters"]

# Acceptance thresholds (see the module docstring).
MIN_GOOD = 3  # converted words that read as Vietnamese syllables
MIN_KINDS = 3  # distinct signatures among them (a text full of "µm" is no TCVN3)
MIN_SHARE = 0.05  # … as a share of all words of the text
MAX_BAD_RATIO = 0.25  # converted words that do not read as Vietnamese, per good one
UNICODE_DOMINANCE = 2.0  # good legacy words per word already in Unicode Vietnamese

LETTER_RE = regex.compile(r"\p{L}")
ASCII_LOWER_RE = regex.compile(r"[a-z]")
# PDF text layers of ".VnTime" documents put U+2212 MINUS SIGN where the soft
# hyphen byte (0xAD, "ư") was: "n−íc" is "nước". Only between letters.
PDF_MINUS_RE = regex.compile(r"(?<=\p{L}|[\u00a1-\u00fe])\u2212(?=\p{L}|[\u00a1-\u00fe])")
# What may stand before the first word of a sentence: nothing, a list marker
# ("- ", "1.", "a)", "II."), or the end of the previous sentence on the line.
LINE_LEAD_RE = regex.compile(r"^\W*(?:(?:\d{1,2}(?:\.\d{1,2})*|[a-zđ]|[IVXL]{1,5})[.)]\W*)?$")
SENTENCE_END_RE = regex.compile(r"[.!?…][”\")]?\s+$")
SENTENCE_CLOSED_RE = regex.compile(r"[.:;!?…][”\")]?\s*$")


@dataclass(frozen=True)
class LegacyScore:
    """Evidence for one encoding: signature words that convert well / badly, distinct signatures in the good ones."""

    good: int
    bad: int
    kinds: int = 0

    def accepted(self, words: int, unicode_words: int) -> bool:
        return (
            self.good >= MIN_GOOD
            and self.kinds >= MIN_KINDS
            and self.good >= MIN_SHARE * words
            and self.bad <= MAX_BAD_RATIO * self.good
            and self.good > UNICODE_DOMINANCE * unicode_words
        )


@lru_cache(maxsize=1)
def tcvn3_table() -> dict[str, tuple[str, str]]:
    """Windows-1252 character of each TCVN3 byte -> (letter in .VnTime, letter in .VnTimeH)."""
    return {
        bytes([int(r["byte"], 16)]).decode("cp1252"): (r["letter"], r["upper"])
        for r in load_table("legacy_tcvn3")
    }


@lru_cache(maxsize=1)
def vietnamese_letters() -> frozenset[str]:
    """The 134 Vietnamese letters beyond ASCII (from the TCVN3 table, both cases)."""
    return frozenset(ch for low, up in tcvn3_table().values() for ch in (low, up))


@lru_cache(maxsize=1)
def unicode_only_letters() -> frozenset[str]:
    """Vietnamese letters outside Latin-1 ("ạ", "ư", "đ" …): never produced by reading legacy bytes."""
    return frozenset(ch for ch in vietnamese_letters() if ord(ch) > 0xFF)


@lru_cache(maxsize=1)
def tcvn3_signature() -> frozenset[str]:
    """TCVN3 characters that are not themselves Vietnamese letters ("¸", "®", "Ë" …)."""
    return frozenset(tcvn3_table()) - vietnamese_letters()


@lru_cache(maxsize=1)
def any_signature_re() -> regex.Pattern[str]:
    """One TCVN3 signature character anywhere (a fast pre-check)."""
    return regex.compile("[" + "".join(regex.escape(ch) for ch in sorted(tcvn3_signature())) + "]")


@lru_cache(maxsize=1)
def _vni_pair_re() -> regex.Pattern[str]:
    """Any vowel + mark pair of the VNI signature's shape: a plain character-class scan, fast on long text."""
    keys = vni_signature()
    firsts = "".join(sorted({k[0] for k in keys} | {k[0].upper() for k in keys}))
    marks = "".join(sorted({k[1:] for k in keys if len(k) == 2} | {k[1:].upper() for k in keys if len(k) == 2}))
    return regex.compile(f"[{regex.escape(firsts)}][{regex.escape(marks)}]")


def _has_vni_pair(text: str) -> bool:
    sig = vni_signature()
    return any(m.group(0).lower() in sig for m in _vni_pair_re().finditer(text))


@lru_cache(maxsize=1)
def vni_table() -> dict[str, str]:
    """Lower-case VNI sequence -> lower-case letter (matching is case-insensitive, see `_vni_sub`)."""
    return {r["legacy"].lower(): r["letter"].lower() for r in load_table("legacy_vni") if r["legacy"] != r["letter"]}


@lru_cache(maxsize=1)
def vni_signature() -> frozenset[str]:
    return frozenset(r["legacy"].lower() for r in load_table("legacy_vni") if r["signature"] == "1")


@lru_cache(maxsize=1)
def vni_re() -> regex.Pattern[str]:
    """Every VNI sequence, longest first, case-insensitive."""
    keys = sorted(vni_table(), key=lambda k: (-len(k), k))
    return regex.compile("|".join(regex.escape(k) for k in keys), regex.I)


@lru_cache(maxsize=1)
def vni_signature_re() -> regex.Pattern[str]:
    keys = sorted(vni_signature())
    return regex.compile("|".join(regex.escape(k) for k in keys), regex.I)


@lru_cache(maxsize=1)
def word_re() -> regex.Pattern[str]:
    """A word of legacy or Unicode text: letters plus the TCVN3 bytes that are no letters ("®", "¸", SHY)."""
    extra = "".join(regex.escape(ch) for ch in sorted(tcvn3_table()) if not ch.isalpha())
    return regex.compile(rf"[\p{{L}}{extra}]+")


def _vni_sub(m: regex.Match[str]) -> str:
    letter = vni_table()[m.group(0).lower()]
    return letter.upper() if m.group(0)[0].isupper() else letter


def _tcvn3_word(word: str) -> str:
    return "".join(tcvn3_table().get(ch, (ch, ch))[0] for ch in word)


def legacy_scores(text: str) -> tuple[int, int, dict[str, LegacyScore]]:
    """(words, words in Unicode Vietnamese, {"TCVN3": score, "VNI": score}) over the whole text."""
    words = unicode_words = 0
    counts = {"TCVN3": [0, 0], "VNI": [0, 0]}
    kinds: dict[str, set[str]] = {"TCVN3": set(), "VNI": set()}
    t_sig, u_only, v_sig = tcvn3_signature(), unicode_only_letters(), vni_signature_re()
    for m in word_re().finditer(text):
        w = m.group(0)
        if not LETTER_RE.search(w) and not any(ch in t_sig for ch in w):
            continue
        words += 1
        if any(ch in u_only for ch in w):
            unicode_words += 1
            continue
        sig = {ch for ch in w if ch in t_sig}
        if sig and len(w) > 1:  # a lone "©" or "§" proves nothing
            good = is_syllable(_tcvn3_word(w))
            counts["TCVN3"][0 if good else 1] += 1
            kinds["TCVN3"].update(sig if good else ())
        pairs = {p.group(0).lower() for p in v_sig.finditer(w)}
        if pairs:
            good = is_syllable(vni_re().sub(_vni_sub, w))
            counts["VNI"][0 if good else 1] += 1
            kinds["VNI"].update(pairs if good else ())
    return words, unicode_words, {k: LegacyScore(*v, len(kinds[k])) for k, v in counts.items()}


def detect_legacy(text: str) -> str | None:
    """"TCVN3", "VNI" or None (Unicode, or another language): the encoding that clearly dominates."""
    if not any_signature_re().search(text) and not _has_vni_pair(text):
        return None  # no legacy byte at all (nearly every Unicode text): skip the word-by-word scoring
    words, unicode_words, scores = legacy_scores(text)
    # VNI text also converts fairly as TCVN3 (its mark bytes are TCVN3 letters), never as cleanly.
    ok = [(s.good - s.bad / MAX_BAD_RATIO, name) for name, s in scores.items() if s.accepted(words, unicode_words)]
    return max(ok)[1] if ok else None


def to_unicode(text: str, encoding: str) -> str:
    """Convert `text` from "TCVN3" or "VNI"; lines already holding Unicode-only letters are kept."""
    convert = _tcvn3_line if encoding == "TCVN3" else _vni_line
    u_only = unicode_only_letters()
    out = []
    opens = True  # the next line starts a sentence
    for line in text.split("\n"):
        out.append(line if any(ch in u_only for ch in line) else convert(line, opens))
        if line.strip():
            opens = bool(SENTENCE_CLOSED_RE.search(line))
    return "\n".join(out)


def _vni_line(line: str, opens: bool = True) -> str:
    return vni_re().sub(_vni_sub, line)


def _tcvn3_line(line: str, opens: bool = True) -> str:
    """Map the bytes of one line, then restore the capitals of the .VnTimeH font.

    A sentence cannot start with a capital toned letter in the normal font
    (there is none), so typists switched to the H font for that one letter:
    a toned first letter of a sentence is a capital ("- ñy ban" -> "- Ủy ban").
    `opens` tells whether the line starts a sentence (the previous one ended).
    """
    table = tcvn3_table()
    line = PDF_MINUS_RE.sub("\u00ad", line)
    pieces: list[str] = []
    pending: list[tuple[int, str]] = []  # (index in pieces, converted word) whose case the line decides
    strong = weak_lower = 0
    pos = 0
    for m in word_re().finditer(line):
        pieces.append(line[pos: m.start()])
        pos = m.end()
        word = m.group(0)
        lowered = [i for i, ch in enumerate(word) if ch in table and table[ch][0].islower()]
        conv = _tcvn3_word(word)
        if not lowered:
            pieces.append(conv)
            continue
        if 0 in lowered and _starts_sentence(line[: m.start()], opens):
            conv = table[word[0]][1] + conv[1:]
        uppers = [i for i, ch in enumerate(conv) if ch.isupper()]
        if ASCII_LOWER_RE.search(word):
            weak_lower += 1
            pieces.append(conv)
        elif len(uppers) >= 2 or any(i > 0 for i in uppers):
            strong += 1
            pieces.append(_upper(word))
        else:
            pending.append((len(pieces), word))
            pieces.append(conv)
    pieces.append(line[pos:])
    if strong and not weak_lower:
        for i, word in pending:
            pieces[i] = _upper(word)
    return "".join(pieces)


def _starts_sentence(before: str, opens: bool) -> bool:
    if LINE_LEAD_RE.match(before):
        return opens or bool(before.strip())
    return bool(SENTENCE_END_RE.search(before))


def _upper(word: str) -> str:
    """A word typed in the capitals font: every byte as its capital letter."""
    table = tcvn3_table()
    return "".join(table[ch][1] if ch in table else ch.upper() for ch in word)


def fix_legacy(text: str) -> tuple[str, str | None]:
    """(text in Unicode, "TCVN3"/"VNI" when it was converted, else None)."""
    encoding = detect_legacy(text)
    if encoding is None:
        return text, None
    return to_unicode(text, encoding), encoding
