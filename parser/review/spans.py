"""Highlight spans in the document text as nested `<mark>` elements.

Why a stack with re-opening: extracted spans nest (a date inside a citation
inside a legal basis inside a section) and sometimes cross (a task that
starts inside one quota and ends after it). HTML elements must nest, so a
span that is still open when an inner one ends is closed and re-opened as a
continuation fragment; every fragment carries the span's id in `data-m`, the
first one also as its `id` (the anchor a value links to). Text is escaped
piece by piece, so document text can never inject markup.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from html import escape

from .assets import REGION_GROUPS, REGION_MIN_CHARS


@dataclass(frozen=True)
class Mark:
    """One highlighted span: `group` is the top-level JSON key, `label` the JSON path shown as a tooltip."""

    id: str
    start: int
    end: int
    group: str
    label: str
    order: int

    @property
    def region(self) -> bool:
        return self.group in REGION_GROUPS or self.end - self.start > REGION_MIN_CHARS


@dataclass
class MarkRegistry:
    """Collects spans while the values are rendered, so each value knows the id of its mark."""

    text_length: int
    marks: list[Mark] = field(default_factory=list)
    invalid: int = 0
    _ids: dict[tuple[int, int, str], str] = field(default_factory=dict)
    _value_ids: set[str] = field(default_factory=set)

    def add(self, span: object, group: str, label: str) -> str | None:
        """Register a span (from the JSON: `[start, end]`); the mark id, or None for a missing or bad span."""
        if span is None:
            return None
        if not (isinstance(span, (list, tuple)) and len(span) == 2 and all(isinstance(x, int) and not isinstance(x, bool) for x in span)):
            self.invalid += 1
            return None
        start, end = span
        if not 0 <= start < end <= self.text_length:
            self.invalid += 1
            return None
        key = (start, end, group)
        if key in self._ids:  # the same text under two names (issuer and issuers[0]) is one mark
            return self._ids[key]
        mark = Mark(f"m{len(self.marks) + 1}", start, end, group, label, len(self.marks))
        self.marks.append(mark)
        self._ids[key] = mark.id
        return mark.id


    def value_id(self, mid: str | None) -> str:
        """` id="v-m12"` for the first value element of a mark (the target of a click in the text), else ''."""
        if not mid or mid in self._value_ids:
            return ""
        self._value_ids.add(mid)
        return f' id="v-{mid}"'


def _open(mark: Mark, first: bool) -> str:
    classes = ["m", f"g-{mark.group}"] + (["region"] if mark.region else []) + ([] if first else ["cont"])
    anchor = f' id="{mark.id}"' if first else ""
    return f'<mark{anchor} class="{" ".join(classes)}" data-m="{mark.id}" title="{escape(mark.label, quote=True)}">'


def render_marked_text(text: str, marks: list[Mark]) -> str:
    """`text` as escaped HTML with every mark wrapped around its span (balanced, possibly fragmented)."""
    starts: dict[int, list[Mark]] = defaultdict(list)
    bounds = {0, len(text)}
    for m in marks:
        starts[m.start].append(m)
        bounds.update((m.start, m.end))
    for group in starts.values():
        group.sort(key=lambda m: (-m.end, m.order))  # outer first
    out: list[str] = []
    stack: list[Mark] = []
    opened: set[str] = set()
    pos = 0
    for b in sorted(bounds):
        if b > pos:
            out.append(escape(text[pos:b], quote=False))
            pos = b
        if any(m.end == b for m in stack):
            reopen: list[Mark] = []
            while any(m.end == b for m in stack):
                m = stack.pop()
                out.append("</mark>")
                if m.end != b:
                    reopen.append(m)
            for m in reversed(reopen):
                out.append(_open(m, False))
                stack.append(m)
        for m in starts.get(b, ()):
            out.append(_open(m, m.id not in opened))
            opened.add(m.id)
            stack.append(m)
    out.extend("</mark>" for _ in stack)  # only reachable for spans past the end, which add() refuses
    return "".join(out)
