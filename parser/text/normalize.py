"""Normalize decoded text into the `text` that every span points into.

Each step repairs something converted documents really contain, and each is
one regex pass recorded in an `OffsetMap`, so any span in the normalized text
can be mapped back to the source (and, for PDFs, to a page).

What is *not* done here: spelling fixes, tone-mark re-placement ("hoà" stays
"hoà" — values keep the document's spelling; matching folds both forms, see
`text.fold`), or abbreviation expansion.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import regex

from .offsets import OffsetMap, substitute

# Decomposed sequences (base + combining marks) -> NFC.
DECOMPOSED_RE = regex.compile(r"\P{M}\p{M}+")
NEWLINE_RE = regex.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
# Spaces that are not U+0020 (NBSP, figure/thin spaces, tabs) and invisible characters.
ODD_SPACE_RE = regex.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
INVISIBLE_RE = regex.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
# Markdown emphasis left by converters: **bold**, __bold__, *italic*.
BOLD_RE = regex.compile(r"\*\*+|(?<!\w)__+|__+(?!\w)")
ITALIC_RE = regex.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]{1,400}?)(?<=[^\s*])\*(?![\w*])")
STRAY_STAR_RE = regex.compile(r"(?<=\S)\*+(?=\s|$)|(?<=^|\s)\*+(?=\S)", regex.M)
# Per-line cleanup.
LINE_EDGE_SPACE_RE = regex.compile(r"^[ ]+|[ ]+$", regex.M)
MULTI_SPACE_RE = regex.compile(r"(?<=\S) {2,}(?=\S)")
# A bullet dash in front of a numbered heading ("- 5. Ngành ...", "- 10.** Tổ chức").
DASH_BEFORE_NUMBER_RE = regex.compile(r"^[-–—+•]\s*(?=\d{1,2}(?:\.\d{1,2})*[.)]\s)", regex.M)
# A dash glued to the first word of a list item ("-Tham mưu") gets its space back.
GLUED_DASH_RE = regex.compile(r"^([-–+•])(?=\p{Lu}|\p{Ll})", regex.M)
# Page breaks inside a sentence: a line that does not end a sentence, one or more
# blank lines, then a line that starts in lower case — but not a lettered item
# ("a) Đối với …", "b. …"), which starts a new paragraph after a heading.
PAGE_BREAK_RE = regex.compile(r"(?<=[^\s.;:!?。])[ ]*\n(?:[ ]*\n)+[ ]*(?=[\p{Ll}])(?![a-zđ]\s?[).]\s)")
# Running page numbers alone on a line ("- 2 -", "2", "Trang 2").
PAGE_NUMBER_RE = regex.compile(r"(?:^|\n)[ ]*(?:[-–]\s*\d{1,3}\s*[-–]|Trang\s+\d{1,3}(?:\s*/\s*\d{1,3})?)[ ]*(?=\n)")
BLANK_RUN_RE = regex.compile(r"\n[ ]*\n(?:[ ]*\n)+")


@dataclass
class Normalized:
    """Normalized text, its map back to the source, and what was repaired."""

    text: str
    offsets: OffsetMap
    repairs: dict[str, int] = field(default_factory=dict)


def _nfc(m: "regex.Match[str]") -> str:
    return unicodedata.normalize("NFC", m.group(0))


def normalize(raw: str) -> Normalized:
    """Run every repair pass over `raw` (already decoded, any form of Unicode)."""
    offsets = OffsetMap()
    repairs: dict[str, int] = {}
    text = raw

    def step(name: str, pattern: "regex.Pattern[str]", repl) -> None:  # type: ignore[no-untyped-def]
        nonlocal text
        count = sum(1 for _ in pattern.finditer(text)) if name in COUNTED else 0
        new, pmap = substitute(text, pattern, repl)
        if new != text:
            offsets.passes.append(pmap)
            text = new
            if count:
                repairs[name] = repairs.get(name, 0) + count

    step("nfc", DECOMPOSED_RE, _nfc)
    step("newline", NEWLINE_RE, "\n")
    step("invisible", INVISIBLE_RE, "")
    step("odd_space", ODD_SPACE_RE, " ")
    step("markdown", BOLD_RE, "")
    step("markdown", ITALIC_RE, r"\1")
    step("markdown", STRAY_STAR_RE, "")
    step("line_edges", LINE_EDGE_SPACE_RE, "")
    step("multi_space", MULTI_SPACE_RE, " ")
    step("dash_before_number", DASH_BEFORE_NUMBER_RE, "")
    step("glued_dash", GLUED_DASH_RE, r"\1 ")
    step("page_number", PAGE_NUMBER_RE, "")
    step("page_break", PAGE_BREAK_RE, " ")
    step("blank_run", BLANK_RUN_RE, "\n\n")
    # Trim the document edges last, so the map stays simple.
    step("edges", regex.compile(r"^\s+|\s+$"), "")
    return Normalized(text, offsets, repairs)


COUNTED = {"page_break", "markdown"}
