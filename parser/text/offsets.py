"""Offset maps: from normalized text back to the source text.

Every normalization pass is a sequence of regex substitutions. A pass records,
for each piece of its output, whether it was copied from its input (so offsets
shift linearly) or replaced (so every offset inside maps to the start of the
replaced input range). Passes compose: the map of the whole normalization is
the chain of the pass maps, applied in reverse. This is pdfplumber's `TextMap`
idea, kept as run-length segments so that a 30 k-character document costs a
few hundred records rather than one per character.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Callable

import regex


@dataclass(frozen=True)
class Segment:
    """One piece of a pass output: [out_start, out_end) came from [src_start, src_end)."""

    out_start: int
    out_end: int
    src_start: int
    src_end: int
    copied: bool


@dataclass
class PassMap:
    """Offsets of one pass: output offset -> input offset."""

    segments: list[Segment]
    _starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._starts = [s.out_start for s in self.segments]

    @property
    def starts(self) -> list[int]:
        """`out_start` of every segment, in order (for bisection)."""
        return self._starts

    def to_source(self, offset: int) -> int:
        if not self.segments:
            return offset
        i = bisect_right(self._starts, offset) - 1
        if i < 0:
            return self.segments[0].src_start
        seg = self.segments[i]
        if offset >= seg.out_end:
            # Past the last segment (end of text) or at a boundary: the input end.
            return seg.src_end
        if seg.copied:
            return seg.src_start + (offset - seg.out_start)
        return seg.src_start


@dataclass
class OffsetMap:
    """The composition of several passes (first pass first)."""

    passes: list[PassMap] = field(default_factory=list)

    def to_source(self, offset: int) -> int:
        for p in reversed(self.passes):
            offset = p.to_source(offset)
        return offset

    def span_to_source(self, span: tuple[int, int]) -> tuple[int, int]:
        start = self.to_source(span[0])
        end = self.to_source(span[1]) if span[1] > span[0] else start
        return start, max(start, end)


Replacement = str | Callable[["regex.Match[str]"], str]


def substitute(text: str, pattern: "regex.Pattern[str]", repl: Replacement) -> tuple[str, PassMap]:
    """`pattern.sub(repl, text)` that also returns the offset map of the pass."""
    new, pmap, _ = substitute_counted(text, pattern, repl)
    return new, pmap


def substitute_counted(text: str, pattern: "regex.Pattern[str]", repl: Replacement) -> tuple[str, PassMap, int]:
    """`substitute` plus the number of matches (what a repair count reports)."""
    count = 0
    out: list[str] = []
    segments: list[Segment] = []
    pos = 0  # input position
    opos = 0  # output position
    for m in pattern.finditer(text):
        s, e = m.span()
        if s > pos:
            out.append(text[pos:s])
            segments.append(Segment(opos, opos + (s - pos), pos, s, True))
            opos += s - pos
        new = repl(m) if callable(repl) else m.expand(repl)
        if new == m.group(0):
            segments.append(Segment(opos, opos + len(new), s, e, True))
        elif new:
            segments.append(Segment(opos, opos + len(new), s, e, False))
        out.append(new)
        opos += len(new)
        pos = e
        count += 1
    if pos < len(text):
        out.append(text[pos:])
        segments.append(Segment(opos, opos + (len(text) - pos), pos, len(text), True))
    return "".join(out), PassMap(segments), count
