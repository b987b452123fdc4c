"""Vocabulary of citations, compiled once from rules/citation_kinds.tsv and
rules/citation_words.tsv.

Everything is matched on the folded text (same length as the original, so
offsets carry over) because cited titles arrive without diacritics or with
OCR noise ("Nghi đinh sô 132/2003/NĐ-CP"); short function words are then
checked against the original spelling (`same_words`), since folding alone
conflates "đang" (a verb, ends a body name) with "Đảng" (part of it).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from ..rules import load_table
from ..text.fold import fold, phrase_alt, same_words, word_start

__all__ = [
    "Phrase", "PhraseSet", "kind_re", "kind_named", "canonical_kind", "kind_agrees", "issuer_code", "words",
    "NUMBER_RE", "BARE_NUMBER_RE",
]

WS_RE = regex.compile(r"\s+")
PUNCT_SPACE_RE = regex.compile(r"(?<=[^\w\s])\s+")

# A document number as cited: "132/2003/NĐ-CP", "34-CT/TW", "368- NQ/TU", "20/CT – VNPT - CĐ",
# "1234 /UBND-NV" (folded text: letters are a-z). At least one part must hold a letter,
# which keeps dates ("6/11/2003") and periods ("2021-2025") out.
NUMBER_RE = regex.compile(
    r"(?<![\w/\-–.])(?P<head>\d{1,6}[a-z]?)(?P<parts>(?:\s{0,2}[/\-–—]\s{0,2}[a-z0-9]+)+)(?![\w/])"
)
# A spaced part glued by a space only, after a spaced dash ("… - CĐ VNPT"): upper-case token.
SPACED_TAIL_RE = regex.compile(r"[ ]{1,2}(?P<tok>[A-ZĐ]{2,10})(?![\w/\-])")
SPACED_SEP_RE = regex.compile(r"\s[\-–—]|[\-–—]\s")
# A bare number ("Đề án 06 của Chính phủ", "Quyết định số 1234 ngày …"): only right after a
# kind, and only where a citation can go on (not "Kế hoạch 5 năm", "Kế hoạch 100 ngày").
BARE_NUMBER_RE = regex.compile(
    r"(?P<num>\d{1,5})(?=\s{0,2}(?:[,;.)]|$|\n|(?:cua|ve|ban\s+hanh)(?!\w)|ngay\s{1,3}\d))"
)
CODE_RE = regex.compile(r"[a-z]+")


def _key(s: str) -> str:
    """Lookup key of a folded phrase: spaces collapsed, none after punctuation."""
    return PUNCT_SPACE_RE.sub("", WS_RE.sub(" ", s))


def _phrase_regex(folded: str) -> str:
    """Folded phrase -> regex: spaces match a run of spaces (none after punctuation)."""
    out: list[str] = []
    for i, ch in enumerate(folded):
        if ch == " ":
            out.append(r"\s*" if i and not folded[i - 1].isalnum() else r"\s+")
        else:
            out.append(regex.escape(ch))
    head = r"(?<!\w)" if folded[:1].isalnum() else ""
    tail = r"(?!\w)" if folded[-1:].isalnum() else ""
    return head + "".join(out) + tail


@dataclass(frozen=True)
class Phrase:
    """One row of citation_words.tsv."""

    text: str
    keep: int
    lower: bool
    loose: bool


class PhraseSet:
    """All phrases of one role as one folded alternation, verified on the original."""

    def __init__(self, phrases: tuple[Phrase, ...], *, ascii_min_words: int = 1) -> None:
        self.ascii_min_words = ascii_min_words
        self.by_fold: dict[str, list[Phrase]] = {}
        for ph in phrases:
            self.by_fold.setdefault(_key(fold(ph.text)), []).append(ph)
        alts = sorted({WS_RE.sub(" ", fold(ph.text)) for ph in phrases}, key=len, reverse=True)
        self.rx = regex.compile("|".join(_phrase_regex(a) for a in alts)) if alts else regex.compile(r"(?!)")

    def _verify(self, text: str, m: "regex.Match[str]") -> Phrase | None:
        cands = self.by_fold.get(_key(m.group()), [])
        written = text[m.start():m.end()]
        letters = [c for c in written if c.isalpha()]
        ctx = text[max(0, m.start() - 60): m.end() + 60]
        for ph in cands:
            if ph.lower and letters and not letters[0].islower():
                continue
            if ph.loose:
                return ph
            if ctx.isascii() and len(written.split()) < self.ascii_min_words:
                continue
            if same_words(written, ph.text, context=ctx):
                return ph
        return None

    def match(self, text: str, folded: str, pos: int, end: int | None = None) -> tuple[int, Phrase] | None:
        """The phrase starting exactly at `pos` (its end and row), or None."""
        m = self.rx.match(folded, pos, len(folded) if end is None else end)
        if m is None:
            return None
        ph = self._verify(text, m)
        return (m.end(), ph) if ph else None

    def search(self, text: str, folded: str, pos: int, end: int) -> tuple[int, int, Phrase] | None:
        """The first verified phrase in [pos, end)."""
        for m in self.rx.finditer(folded, pos, end):
            ph = self._verify(text, m)
            if ph:
                return m.start(), m.end(), ph
        return None


# Without diacritics a one-syllable stop word is anybody's: "giao" may be "giáo" (Ban Tuyên giáo),
# "tu" "tư" (Sở Kế hoạch và Đầu tư), "thi" "thị" (thị xã). Such words end a body name only when
# written with their diacritics.
ASCII_MIN_WORDS = {"issuer_stop": 2}


@lru_cache(maxsize=None)
def words(role: str) -> PhraseSet:
    """The phrases of one role of citation_words.tsv."""
    rows = [r for r in load_table("citation_words") if r["role"] == role]
    return PhraseSet(tuple(
        Phrase(r["phrase"], int(r["keep"] or 0), r["case"] == "lower", r["loose"] == "1") for r in rows
    ), ascii_min_words=ASCII_MIN_WORDS.get(role, 1))


@lru_cache(maxsize=1)
def _kinds() -> dict[str, tuple[str, int, frozenset[str]]]:
    """Folded kind -> (canonical kind, named, folded type codes)."""
    return {
        fold(r["kind"]): (r["kind"], int(r["named"] or 0),
                          frozenset(fold(c.strip()) for c in r["codes"].split(",") if c.strip()))
        for r in load_table("citation_kinds")
    }


@lru_cache(maxsize=1)
def kind_re() -> "regex.Pattern[str]":
    """Every kind word on folded text, longest first ("thông tư liên tịch" before "thông tư")."""
    alts = sorted(_kinds(), key=len, reverse=True)
    if all(w.isalnum() for a in alts for w in a.split(" ")):  # each is (?<!\w)word\s+word(?!\w): factor them
        return regex.compile(word_start(alts) + r"(?<![\w/])(?:" + phrase_alt(alts) + r")(?!\w)")  # (?<![\w/]) holds (?<!\w)
    return regex.compile(r"(?<![\w/])(?:" + "|".join(_phrase_regex(a) for a in alts) + r")")


def canonical_kind(folded_kind: str) -> str:
    """The output spelling of a matched (folded) kind."""
    return _kinds()[WS_RE.sub(" ", folded_kind)][0]


def kind_agrees(folded_kind: str, folded_number: str) -> bool | None:
    """Whether the number carries a type code of the kind ("TB" in "123-TB/TU" for Thông báo);
    None when the kind has no code of its own (Công văn, Văn bản)."""
    codes = _kinds()[WS_RE.sub(" ", folded_kind)][2]
    if not codes:
        return None
    return bool(codes & set(CODE_RE.findall(folded_number)))


def issuer_code(folded_number: str) -> str | None:
    """The last letter code of a number, the issuing body's ("tu" in "17-ct/tu", "ubnd" in "12/kh-ubnd")."""
    codes = CODE_RE.findall(folded_number)
    return codes[-1] if codes else None


def kind_named(folded_kind: str) -> int:
    """2 for laws (named by title or year), 1 for other kinds that name a document by title
    (Nghị quyết Đại hội …), 0 for the rest."""
    return _kinds()[WS_RE.sub(" ", folded_kind)][1]
