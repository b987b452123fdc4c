"""The heading tree, from the numbering conventions of administrative writing.

Vietnamese plans number their parts I., II. (roman) > A., B. (capital letters)
> 1., 2. (arabic) > 1.1., 2.3. (dotted) > a), b) (lower-case letters); dashes
and plus signs mark list items, not headings. Real documents break the
numbering (a duplicated "10.", a missing "8.", two "III." parts): the tree is
built by rank with a stack, so breaks never fail the parse; they only add a
warning.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from ..model import KhDoc, Line, Section
from ..warning_codes import warning

ROMAN_RE = regex.compile(r"^(?P<num>[IVXL]{1,6})\s*[.)/:-]\s*(?P<head>\S.*)$")
UPPER_RE = regex.compile(r"^(?P<num>[A-HK-UW-Z])\s*[.)]\s+(?P<head>\S.*)$")
DOTTED_RE = regex.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){1,3})\.?\)?\s+(?P<head>\S.*)$")
ARABIC_RE = regex.compile(r"^(?P<num>\d{1,2})\s*(?:[.)]|\s[-–]|-(?=\s))\s*(?P<head>\p{L}.*|[“\"(].*)$")
LOWER_RE = regex.compile(r"^(?P<num>[a-zđ])\s*[).]\s+(?P<head>\S.*)$")
# Markdown a converter left around a heading: hashes or a quote mark in front ("## I. MỤC ĐÍCH"), bold
# or underline marks around it ("**II. NỘI DUNG**" when the normalizer left one side unpaired).
HEADING_MARKUP_RE = regex.compile(r"^(?:(?:#{1,6}|>)[ ]*)?(?:(?:\*\*|__)[ ]*)?(?=\S)")
HEADING_MARKUP_END_RE = regex.compile(r"[ ]*(?:\*\*|__)[ ]*$")
MARKUP_FIRST = frozenset("#>*_")
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}
# The first character of a heading that is not numbered with digits: a roman numeral or a letter.
HEAD_LETTERS = frozenset("IVXL" + "ABCDEFGHKLMNOPQRSTUWXYZ" + "abcdefghijklmnopqrstuvwxyzđ")
RANK = {"roman": 1, "upper": 2, "arabic": 3, "lower": 7}  # dotted: 3 + depth - 1


def roman_value(s: str) -> int | None:
    """Value of a well-formed roman numeral up to 89, else None."""
    total, prev = 0, 0
    for ch in reversed(s):
        v = ROMAN_VALUES.get(ch)
        if v is None:
            return None
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total if to_roman(total) == s else None


def to_roman(n: int) -> str:
    out = []
    for v, sym in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out.append(sym)
            n -= v
    return "".join(out)


@dataclass(frozen=True)
class Heading:
    number: str
    kind: str
    heading: str
    rank: int
    ordinal: int  # position in its sequence (I=1, B=2, 3=3, 2.4 -> 4, c=3)


def heading_markup(text: str) -> int:
    """Length of the markdown marks in front of a heading line ("## ", "> ", "**"): the numbering
    starts after them."""
    if text[:1] not in MARKUP_FIRST:
        return 0  # what HEADING_MARKUP_RE gives a line that starts with none of its marks
    m = HEADING_MARKUP_RE.match(text)
    return m.end() if m else 0


def parse_heading(text: str, last_roman: int = 0, last_upper: int = 0) -> Heading | None:
    """Recognize a heading line; `last_*` disambiguate I/V/X as roman or letter. Markdown marks around
    the line are skipped (a converted .md/.docx keeps "## I. MỤC ĐÍCH" and "**1. Mục đích**")."""
    skip = heading_markup(text)
    if skip or text.endswith(("**", "__")):
        text = HEADING_MARKUP_END_RE.sub("", text[skip:])
    first = text[:1]
    digit = first.isdigit() or first > "\uffff"  # `regex` knows digits of later Unicode versions than `str`
    if not (digit or first in HEAD_LETTERS):
        return None  # what every pattern below starts with: most lines are no heading
    m = DOTTED_RE.match(text) if digit else None
    if m:
        num = m.group("num")
        parts = num.split(".")
        return Heading(num, "dotted", m.group("head"), 3 + len(parts) - 1, int(parts[-1]))
    m = ARABIC_RE.match(text) if digit else None
    if m:
        return Heading(m.group("num"), "arabic", m.group("head"), RANK["arabic"], int(m.group("num")))
    m = ROMAN_RE.match(text)
    if m:
        value = roman_value(m.group("num"))
        head = m.group("head")
        letter_ok = len(m.group("num")) == 1 and last_upper and ord(m.group("num")) - ord("A") + 1 == last_upper + 1
        if value and not letter_ok and (value <= last_roman + 1 or value == 1) and _heading_like(head):
            return Heading(m.group("num"), "roman", head, RANK["roman"], value)
        if letter_ok:
            return Heading(m.group("num"), "upper", head, RANK["upper"], last_upper + 1)
    m = UPPER_RE.match(text)
    if m and _heading_like(m.group("head")):
        return Heading(m.group("num"), "upper", m.group("head"), RANK["upper"], ord(m.group("num")) - ord("A") + 1)
    m = LOWER_RE.match(text)
    if m and _item_like(m.group("head")):
        num = m.group("num")
        return Heading(num, "lower", m.group("head"), RANK["lower"], _lower_ordinal(num))
    return None


def _heading_like(head: str) -> bool:
    """Letter headings start with a capital or a quote: "A. Nội dung", not "A. là …"."""
    return bool(head) and (head[0].isupper() or head[0] in "“\"(")


def _item_like(head: str) -> bool:
    """A lettered item opens with a capital, a quote or a number: "c) 100% thôn, tổ dân phố …" is the
    third item of a target list, like "a) Tỷ lệ hộ …" before it (a lower-case word after "l)" is more
    often OCR debris than an item)."""
    return _heading_like(head) or head[:1].isdigit()


class _Seen:
    """The numbers already used by the headings of one kind under one parent, and the last of them:
    what `_check_numbering` compares a new heading with (kept as headings come, not searched again)."""

    __slots__ = ("last", "numbers")

    def __init__(self) -> None:
        self.last: Section | None = None
        self.numbers: set[str] = set()


def build_sections(doc: KhDoc, body: tuple[int, int]) -> list[Section]:
    """Heading tree of the body zone; appends numbering warnings to `doc.warnings`."""
    roots: list[Section] = []
    stack: list[tuple[int, Section]] = []  # (rank, section)
    last_roman = last_upper = 0
    flat: list[Section] = []
    seen: dict[tuple[int, str], _Seen] = {}  # (id of the parent, or 0 for the roots; kind)
    for line in doc.lines_in(body):
        h = parse_heading(line.text, last_roman, last_upper)
        if h is None:
            continue
        if h.kind == "roman":
            last_roman, last_upper = h.ordinal, 0
        elif h.kind == "upper":
            last_upper = h.ordinal
        while stack and stack[-1][0] >= h.rank:
            stack.pop()
        parent = stack[-1][1] if stack else None
        siblings = parent.children if parent else roots
        same = seen.setdefault((id(parent) if parent else 0, h.kind), _Seen())
        _check_numbering(doc, h, same, line)
        path = _path(parent, h)
        sec = Section(h.number, h.kind, h.heading.strip(), len(stack) + 1, path, line.start, body[1], line.index, parent=parent)
        siblings.append(sec)
        same.last = sec
        same.numbers.add(sec.number)
        stack.append((h.rank, sec))
        flat.append(sec)
    _close_spans(flat, body[1])
    return roots


def _path(parent: Section | None, h: Heading) -> str:
    """Number path: "III.4"; a dotted number already names its parents ("II.A" + "1.1" -> "II.A.1.1")."""
    if parent is None:
        return h.number
    if h.kind == "dotted" and parent.kind in ("arabic", "dotted") and h.number.startswith(parent.number + "."):
        base = parent.path[: len(parent.path) - len(parent.number)]
        return base + h.number
    return f"{parent.path}.{h.number}"


def _check_numbering(doc: KhDoc, h: Heading, same: _Seen, line: Line) -> None:
    """Warn about a heading that repeats, restarts or skips the numbering of its siblings of the same kind."""
    prev = same.last
    prev_ordinal = _ordinal(prev) if prev else 0
    if prev is not None and prev.number == h.number:
        code = "numbering_restart" if h.kind == "roman" else "numbering_duplicate"
        doc.warnings.append(warning(code, line.span, number=h.number))
    elif prev is not None and h.number in same.numbers:
        doc.warnings.append(warning("numbering_restart", line.span, number=h.number))
    elif h.ordinal > prev_ordinal + 1:
        doc.warnings.append(warning("numbering_gap", line.span, prev=prev.number if prev else "(none)", number=h.number))


def _ordinal(s: Section) -> int:
    if s.kind == "roman":
        return roman_value(s.number) or 0
    if s.kind == "upper":
        return ord(s.number) - ord("A") + 1
    if s.kind == "lower":
        return _lower_ordinal(s.number)
    return int(s.number.split(".")[-1])


def _lower_ordinal(letter: str) -> int:
    """a=1 … d=4, đ=5, e=6 (the Vietnamese alphabet puts đ after d)."""
    if letter == "đ":
        return 5
    return ord(letter) - ord("a") + 1 + (1 if letter > "d" else 0)


def _close_spans(flat: list[Section], end: int) -> None:
    """A section ends where the next heading of the same or higher rank begins (the open sections form a
    stack of rising levels, so each heading closes those on top of it)."""
    open_: list[Section] = []
    for nxt in flat:
        while open_ and open_[-1].level >= nxt.level:
            open_.pop().end = nxt.start
        open_.append(nxt)
    for sec in open_:
        sec.end = end


def sections_to_json(sections: list[Section]) -> list[dict]:
    return [
        {
            "number": s.number,
            "heading": s.heading,
            "level": s.level,
            "path": s.path,
            "children": sections_to_json(s.children),
            "span": [s.start, s.end],
        }
        for s in sections
    ]
