"""The document model every extractor reads: `KhDoc`.

A `KhDoc` holds the normalized `text` (what all spans index), its lines, the
zones of the administrative layout (header, title, preamble, body, closing),
the heading tree, and the plan year used to complete year-less dates. It is
built once by `pipeline.py`; extractors only read it.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Callable, Iterator, TypeVar

from .text.offsets import OffsetMap

Span = tuple[int, int]
T = TypeVar("T")


@dataclass(frozen=True)
class Line:
    """A non-blank line of the normalized text (a paragraph, in text files)."""

    index: int
    start: int
    end: int
    text: str
    folded: str  # same length as `text`, diacritics and case removed

    @property
    def span(self) -> Span:
        return (self.start, self.end)


@dataclass(eq=False)
class Section:
    """A numbered heading and everything below it up to the next heading of its rank."""

    number: str
    kind: str  # roman | upper | arabic | dotted | lower
    heading: str
    level: int
    path: str
    start: int
    end: int
    line_index: int
    children: list["Section"] = field(default_factory=list)
    parent: "Section | None" = field(default=None, repr=False)

    @property
    def span(self) -> Span:
        return (self.start, self.end)

    def walk(self) -> Iterator["Section"]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Zones:
    """Character ranges of the layout parts (Nghị định 30/2020/NĐ-CP, Phụ lục I)."""

    header: Span = (0, 0)  # issuing body, number, national motto, place and date
    title: Span = (0, 0)  # document type line and trích yếu
    preamble: Span = (0, 0)  # căn cứ / thực hiện … before the first heading
    body: Span = (0, 0)  # the numbered content
    closing: Span = (0, 0)  # "Trên đây …", Nơi nhận, signature


@dataclass
class KhDoc:
    """Normalized text plus layout; read-only for extractors."""

    text: str
    folded: str
    lines: list[Line]
    offsets: OffsetMap
    source: dict
    zones: Zones = field(default_factory=Zones)
    sections: list[Section] = field(default_factory=list)  # roots, document order
    type_line: int | None = None  # index into `lines`
    year: int | None = None  # plan year for year-less dates
    warnings: list[dict] = field(default_factory=list)
    page_starts: list[int] = field(default_factory=list)  # source offsets where pages 2, 3, … begin
    # Results that several extractors share, keyed by what they depend on (see `cached`).
    cache: dict = field(default_factory=dict, repr=False, compare=False)
    _line_starts: list[int] = field(default_factory=list, repr=False)
    _flat: list[Section] = field(default_factory=list, repr=False)
    _sec_starts: list[int] = field(default_factory=list, repr=False)
    _sec_up: list[int] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._line_starts = [ln.start for ln in self.lines]

    def set_sections(self, roots: list[Section]) -> None:
        self.sections = roots
        self._flat = [s for r in roots for s in r.walk()]
        self._flat.sort(key=lambda s: s.start)
        self._sec_starts = [s.start for s in self._flat]
        self._sec_up = _enclosing(self._flat)

    @property
    def flat_sections(self) -> list[Section]:
        return self._flat

    def line_at(self, offset: int) -> Line | None:
        i = bisect_right(self._line_starts, offset) - 1
        if 0 <= i < len(self.lines) and self.lines[i].start <= offset <= self.lines[i].end:
            return self.lines[i]
        return None

    def lines_in(self, span: Span) -> list[Line]:
        """Lines that start inside `span`."""
        lo = bisect_right(self._line_starts, span[0] - 1)
        hi = bisect_right(self._line_starts, span[1] - 1)
        return self.lines[lo:hi]

    def section_at(self, offset: int) -> Section | None:
        """Innermost section whose span contains `offset`: the last section starting at or before it, or
        the nearest enclosing one that still contains it (a bisection and a few steps up the tree, not a
        scan of every heading: extractors ask for each paragraph and item)."""
        up = self._sec_up
        if up is None:  # spans that do not nest (never built by zones.sections): scan them all
            best = None
            for s in self._flat:
                if s.start > offset:
                    break
                if s.start <= offset < s.end and (best is None or s.level >= best.level):
                    best = s
            return best
        i = bisect_right(self._sec_starts, offset) - 1
        while i >= 0 and not offset < self._flat[i].end:
            i = up[i]
        return self._flat[i] if i >= 0 else None

    def page_of(self, offset: int) -> int | None:
        """1-based page of a normalized-text offset, for paged sources (PDF)."""
        if not self.source.get("pages"):
            return None
        return bisect_right(self.page_starts, self.offsets.to_source(offset)) + 1

    def section_path(self, offset: int) -> str | None:
        s = self.section_at(offset)
        return s.path if s else None

    def cached(self, key: tuple, make: Callable[[], T]) -> T:
        """`make()`, computed once per document: `key` names everything the result depends on besides
        the text (which never changes), e.g. ("commemorations", start offset, plan year)."""
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]


def _enclosing(flat: list[Section]) -> list[int] | None:
    """For sections sorted by start, the index of the nearest one whose span encloses each (-1: none);
    None unless every two spans are nested or apart and nested ones are deeper (then the innermost
    section holding an offset is found by walking these links up from the last one starting before it)."""
    up: list[int] = []
    stack: list[int] = []
    for i, s in enumerate(flat):
        while stack and flat[stack[-1]].end <= s.start:
            stack.pop()
        if stack:
            outer = flat[stack[-1]]
            if s.end > outer.end or s.level <= outer.level:
                return None
        up.append(stack[-1] if stack else -1)
        stack.append(i)
    return up


@dataclass
class Found:
    """What one content extractor returns: output fields (already in contract form) and warnings."""

    fields: dict = field(default_factory=dict)
    warnings: list[dict] = field(default_factory=list)
