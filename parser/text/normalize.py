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
from typing import Callable

import regex

from .hyphens import HINT_RE as HYPHEN_HINT_RE
from .hyphens import HYPHEN_BREAK_RE, rejoin
from .offsets import OffsetMap, substitute_counted
from .running import drop_running_lines

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
# (The lookahead in front states what every match starts with: it only lets `regex` skip ahead.)
PAGE_BREAK_RE = regex.compile(r"(?=[ ]*\n[ ]*\n)(?<=[^\s.;:!?。])[ ]*\n(?:[ ]*\n)+[ ]*(?=[\p{Ll}])(?![a-zđ]\s?[).]\s)")
# Running page numbers alone on a line ("- 2 -", "Trang 2", "Trang 2/5", "Page 2 of 5"); a bare "2"
# is dropped only beside a running header (`running`): alone, it may be a wrapped figure.
PAGE_NUMBER_RE = regex.compile(
    r"(?:^|\n)[ ]*(?:[-–]\s*\d{1,3}\s*[-–]|(?:Trang|TRANG|Page)\s+\d{1,3}(?:\s*(?:/|trên|of)\s*\d{1,3})?)[ ]*(?=\n)"
)
BLANK_RUN_RE = regex.compile(r"\n[ ]*\n(?:[ ]*\n)+")
EDGES_RE = regex.compile(r"^\s+|\s+$")
LEAD_WS_RE = regex.compile(r"\s+")
TRAIL_WS_RE = regex.compile(r"(?r)\s+$")  # searched from the end


BLANK_LINE_AHEAD_RE = regex.compile(r"\n(?=[ ]*\n)")


class _AtLineStarts:
    """What `pattern.finditer` finds for a MULTILINE pattern whose every match starts at a line start with
    one of `first` and cannot run over the next such line start: the pattern is tried at those line
    starts only (`regex` tries "^" at every character), found by a search that begins with the newline."""

    def __init__(self, pattern: "regex.Pattern[str]", first: str) -> None:
        self.pattern, self.first = pattern, first
        self.starts_re = regex.compile(r"\n(?=[" + regex.escape(first) + "])")

    def finditer(self, text: str) -> "list[regex.Match[str]]":
        starts = [0] if text[:1] and text[0] in self.first else []
        starts += [m.end() for m in self.starts_re.finditer(text)]
        out: list[regex.Match[str]] = []
        for p in starts:
            if out and p < out[-1].end():
                continue
            m = self.pattern.match(text, p)
            if m is not None:
                out.append(m)
        return out


class _PageBreaks:
    """What `PAGE_BREAK_RE.finditer` finds, trying the pattern only where a match can start: after the
    spaces that end a line followed by a blank line (`regex` would try it at every character)."""

    @staticmethod
    def finditer(text: str) -> "list[regex.Match[str]]":
        out: list[regex.Match[str]] = []
        pos = 0
        for nl in BLANK_LINE_AHEAD_RE.finditer(text):
            p = nl.start()
            while p > pos and text[p - 1] == " ":
                p -= 1
            if p < pos or (p == pos and p and text[p - 1] == " "):
                continue  # inside the previous match, or after spaces it did not take: no match starts here
            m = PAGE_BREAK_RE.match(text, p)
            if m is not None:
                out.append(m)
                pos = m.end()
        return out


class _Edges:
    """What `EDGES_RE.finditer` finds (white space at the start, then at the end of the text), found
    without trying its second branch at every run of spaces in between (a tenth of the normalization time)."""

    @staticmethod
    def finditer(text: str) -> "list[regex.Match[str]]":
        lead = LEAD_WS_RE.match(text)
        trail = TRAIL_WS_RE.search(text)
        if lead is None:
            return [trail] if trail is not None else []
        return [lead, trail] if trail is not None and trail.start() >= lead.end() else [lead]

# Cheap tests that a pass can match at all (what every match contains); a pass that cannot is
# skipped, which changes nothing: most documents need few of the repairs.
MARK_RE = regex.compile(r"\p{M}")
WS_CHAR_RE = regex.compile(r"\s")
PAGE_NUMBER_HINT_RE = regex.compile(r"[-–]\s*\d{1,3}\s*[-–]|(?:Trang|TRANG|Page)\s+\d")
ODD_SPACES = "\t\u00a0\u1680" + "".join(chr(c) for c in range(0x2000, 0x200B)) + "\u202f\u205f\u3000"


def _has_any(chars: str) -> Callable[[str], bool]:
    return lambda s: any(c in s for c in chars)


def _edge_spaces(s: str) -> bool:
    """LINE_EDGE_SPACE_RE can match: a space at the text's or a line's start or end."""
    return s[:1] == " " or s[-1:] == " " or "\n " in s or " \n" in s


def _edge_ws(s: str) -> bool:
    """EDGES_RE can match: white space first or last."""
    return bool(WS_CHAR_RE.match(s[:1]) or WS_CHAR_RE.match(s[-1:]))


HINTS: dict[str, Callable[[str], object]] = {
    "nfc": MARK_RE.search,
    "newline": _has_any("\r\u2028\u2029\x0b\x0c\x85"),
    "invisible": _has_any("\u200b\u200c\u200d\u2060\ufeff\u00ad"),
    "odd_space": _has_any(ODD_SPACES),
    "markdown": _has_any("*_"),
    "line_edges": _edge_spaces,
    "multi_space": lambda s: "  " in s,
    "page_number": PAGE_NUMBER_HINT_RE.search,
    "hyphen_break": HYPHEN_HINT_RE.search,
    "edges": _edge_ws,
}


@dataclass
class Normalized:
    """Normalized text, its map back to the source, and what was repaired."""

    text: str
    offsets: OffsetMap
    repairs: dict[str, int] = field(default_factory=dict)


def _nfc(m: "regex.Match[str]") -> str:
    return unicodedata.normalize("NFC", m.group(0))


_DASH_BEFORE_NUMBER = _AtLineStarts(DASH_BEFORE_NUMBER_RE, "-–—+•")
_GLUED_DASH = _AtLineStarts(GLUED_DASH_RE, "-–+•")


def normalize(raw: str) -> Normalized:
    """Run every repair pass over `raw` (already decoded, any form of Unicode)."""
    offsets = OffsetMap()
    repairs: dict[str, int] = {}
    text = raw

    def step(name: str, pattern: "regex.Pattern[str]", repl) -> None:  # type: ignore[no-untyped-def]
        nonlocal text
        hint = HINTS.get(name)
        if hint is not None and not hint(text):
            return
        new, pmap, count = substitute_counted(text, pattern, repl)
        if new != text:
            offsets.passes.append(pmap)
            text = new
            if count and name in COUNTED:
                repairs[name] = repairs.get(name, 0) + count

    step("nfc", DECOMPOSED_RE, _nfc)
    # Running heads go before line breaks are unified: a form feed still marks the page there.
    new, pmap, count = drop_running_lines(text)
    if count:
        offsets.passes.append(pmap)
        text = new
        repairs["running_head"] = count
    step("newline", NEWLINE_RE, "\n")
    step("invisible", INVISIBLE_RE, "")
    step("odd_space", ODD_SPACE_RE, " ")
    step("markdown", BOLD_RE, "")
    step("markdown", ITALIC_RE, r"\1")
    step("markdown", STRAY_STAR_RE, "")
    step("line_edges", LINE_EDGE_SPACE_RE, "")
    step("multi_space", MULTI_SPACE_RE, " ")
    step("dash_before_number", _DASH_BEFORE_NUMBER, "")  # type: ignore[arg-type]
    step("glued_dash", _GLUED_DASH, r"\1 ")  # type: ignore[arg-type]
    step("page_number", PAGE_NUMBER_RE, "")
    step("hyphen_break", HYPHEN_BREAK_RE, rejoin)
    step("page_break", _PageBreaks, " ")  # type: ignore[arg-type]  # PAGE_BREAK_RE
    step("blank_run", BLANK_RUN_RE, "\n\n")
    # Trim the document edges last, so the map stays simple.
    step("edges", _Edges, "")  # type: ignore[arg-type]  # EDGES_RE
    return Normalized(text, offsets, repairs)


COUNTED = {"page_break", "markdown", "hyphen_break"}
