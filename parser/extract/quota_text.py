"""Paragraphs, sentences and phrase tests for the `quotas` and `rewards` extractors.

A target's `text` is a clause, not a whole paragraph: Vietnamese plans run
several targets into one sentence ("Tỷ lệ … đạt 99,7%; hoàn thành chỉ tiêu
… (269 người)") and chain clauses with commas ("…, quán triệt đến 100% cán
bộ, đảng viên, …, đảm bảo …"). Commas also separate list items ("cán bộ,
đảng viên, công chức"), so a comma ends a clause only when a verb opens the
next one (rules/quota_context.tsv, kind "verb") — unless the verb is also a
noun continuing a list of nouns ("cơ quan, tổ chức") — or when the clause
grows long. Quotation marks hold names and slogans: nothing is cut inside them.
`quota_clause` finds those edges; this module has the pieces it shares with
`rewards`.
"""
from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from typing import Iterator

import regex

from ..model import KhDoc, Line
from ..rules import load_table
from ..text.fold import fold, phrase_alt, same_words, word_start

Span = tuple[int, int]

# Sentence ends inside a paragraph: ";", "!", "?", a full stop before a space, a new bullet line.
SENTENCE_END_RE = regex.compile(r"[;!?]|\.(?=\s|$)|\n(?=\s*[-+•*]|\s*\d{1,2}[.)]\s)")
BULLET_RE = regex.compile(r"(?:\s|[-+•*–]|\d{1,2}(?:\.\d{1,2})*[.)](?=\s)|[a-zđ]\)(?=\s))*")
WORD_RE = regex.compile(r"[\p{L}\d][\p{L}\d%,./-]*")
COMMA_RE = regex.compile(r",\s*")
WS_RE = regex.compile(r"\s+")
PLURAL_RE = regex.compile(r"(?:(?:cac|nhung)\s+)?")
QUOTE_PAIRS = (("“", "”"), ('"', '"'), ("«", "»"))
TRAIL_PUNCT = " \t\n,;:.-–—*"
MAX_LEAD_WORDS = 20  # a longer lead-in before the number is cut at its last comma
# A longer tail after the unit is cut at a comma that ends a list. Only a run-on: a target's clause runs
# to its sentence end through lists and their predicate ("100% doanh nghiệp, hợp tác xã kinh doanh vận tải,
# chủ phương tiện … ký cam kết chấp hành …"); verbs after a comma cut it before that.
MAX_TAIL_WORDS = 40
LIST_ITEM_WORDS = 3  # "viên chức," between two commas is a list item, not a clause
# A line that opens a lettered item ("a) Tỷ lệ …", "b. Đối với …") starts a paragraph of its own.
ITEM_START_RE = regex.compile(r"\s*[a-zđ][.)]\s")
# A hard-wrapped line may also go on with a number ("… đạt tối thiểu" / "15%.", "không quá" / "90 phút …"):
# a numeral with "%" or a lower-case word after it, not an item number ("2.", "2.1", "3)").
WRAPPED_LINE_CHARS = 50  # a line cut by the page width is longer than a heading or a title line
NUMBER_GOES_ON_RE = regex.compile(
    r"\s*(?!\d{1,2}(?:\.\d{1,2})*[.)](?:\s|$)|\d{1,2}(?:\.\d{1,2})+\s)\d[\d.,]*(?:\s?%|\s+\p{Ll})")
# Kinds of rules/quota_units.tsv that name things counted in a list of bodies or people ("cơ quan, tổ chức").
NOUN_KINDS = ("count", "people")
# Stand-ins for a context without and with diacritics (`same_words` only asks `context.isascii()`).
ASCII_TEXT, MARKED_TEXT = "", "đ"


def alt(phrases: list[str] | tuple[str, ...]) -> str:
    """Folded alternation, longest first, any whitespace between words."""
    return phrase_alt(fold(p) for p in phrases)


def phrase_ok(text: str, m: "regex.Match[str]", phrases: tuple[str, ...], group: int | str = 0, *,
              ascii_context: bool | None = None) -> bool:
    """A match on folded text is one of `phrases` as written (diacritics checked where the text has them:
    "tư" is no "từ"); `ascii_context` says whether the text around has lost its diacritics, when that is
    not `text` as a whole (a caller that knows it for a part of `text` need not slice it)."""
    key = WS_RE.sub(" ", m.group(group))
    candidates = _by_fold(phrases).get(key)
    if not candidates:
        return False
    written = text[m.start(group):m.end(group)]
    ctx = text if ascii_context is None else ASCII_TEXT if ascii_context else MARKED_TEXT
    return any(same_words(written, p, context=ctx) for p in candidates)


@lru_cache(maxsize=256)
def _by_fold(phrases: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Folded phrase -> the phrases that fold to it (folding each phrase once, not per match)."""
    out: dict[str, list[str]] = {}
    for p in phrases:
        out.setdefault(fold(p), []).append(p)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=None)
def context(kind: str, table: str = "quota_context") -> tuple[str, ...]:
    """Phrases of one kind from rules/quota_context.tsv (words around a target), or from another table of
    the same shape (rules/quota_exclusions.tsv: reward money)."""
    return tuple(r["phrase"] for r in load_table(table) if r["kind"] == kind)


@lru_cache(maxsize=None)
def marked_only(table: str) -> frozenset[str]:
    """Folded phrases of `table` matched only with their diacritics (column `folded` = "no"), since their
    diacritic-less form is another common word ("thuong": thưởng, thương, thường)."""
    return frozenset(fold(r["phrase"]) for r in load_table(table) if r.get("folded") == "no")


@lru_cache(maxsize=None)
def word_re(kind: str, table: str = "quota_context") -> "regex.Pattern[str]":
    phrases = context(kind, table)
    start = word_start((fold(p) for p in phrases), letters=True)
    return regex.compile(start + r"(?<![\p{L}\d])(?:" + alt(phrases) + r")(?![\p{L}\d])")


def words(s: str) -> int:
    return len(WORD_RE.findall(s))


def quoted_spans(text: str) -> list[Span]:
    """Spans inside quotation marks (names of movements, slogans): no boundaries or targets there."""
    out: list[Span] = []
    for o, c in QUOTE_PAIRS:
        pos = 0
        while True:
            a = text.find(o, pos)
            if a < 0:
                break
            b = text.find(c, a + 1)
            if b < 0 or b - a > 300:
                break
            out.append((a, b + 1))
            pos = b + 1
    return out


def inside(pos: int, spans: list[Span]) -> bool:
    return any(a < pos < b for a, b in spans)


class Quoted:
    """Positions strictly inside any of `spans` (as `inside` says), tested by bisection over the merged
    spans: a paragraph with thousands of quoted names must not cost a scan of them per position."""

    def __init__(self, spans: list[Span] | tuple[Span, ...]) -> None:
        self.lo: list[int] = []
        self.hi: list[int] = []
        for a, b in sorted(spans):
            if self.lo and a < self.hi[-1]:  # open intervals that overlap: one interval
                self.hi[-1] = max(self.hi[-1], b)
            else:
                self.lo.append(a)
                self.hi.append(b)

    def __contains__(self, pos: int) -> bool:
        i = bisect_right(self.lo, pos - 1) - 1  # the last span opening before `pos`
        return i >= 0 and pos < self.hi[i]


def sentence_spans(text: str, quoted: list[Span] | None = None) -> list[Span]:
    """Sentences of a paragraph, never cut inside quotation marks."""
    quoted = quoted_spans(text) if quoted is None else quoted
    return list(_sentence_spans(text, tuple(quoted)))


@lru_cache(maxsize=1024)
def _sentence_spans(text: str, quoted: tuple[Span, ...]) -> tuple[Span, ...]:
    """Cached by content: the quota and reward extractors split the same paragraphs."""
    out, s = [], 0
    marks = Quoted(quoted)
    for m in SENTENCE_END_RE.finditer(text):
        if m.start() in marks:
            continue
        out.append((s, m.start()))
        s = m.end()
    out.append((s, len(text)))
    return tuple(out)


def content_span(doc: KhDoc) -> Span:
    """The body; for a plan without numbered headings (empty body) everything from the preamble to the
    closing, since its targets and rules then stand in unnumbered paragraphs."""
    body = doc.zones.body
    if body[1] > body[0]:
        return body
    end = doc.zones.closing[0] if doc.zones.closing[1] > doc.zones.closing[0] else len(doc.text)
    return (doc.zones.preamble[0], max(doc.zones.preamble[0], end))


def body_paragraphs(doc: KhDoc) -> Iterator[Span]:
    """Paragraphs of the body (see `content_span`); a line that does not end a sentence and a next line that
    starts in lower case are one paragraph (hard-wrapped PDF or OCR text), unless that next line is a
    heading or a lettered item ("1.1. Chỉ tiêu" then "a) Tỷ lệ hộ …" are two paragraphs); so does a next line
    that starts with a quantity ("đạt tối thiểu" / "15%."). Found once per document (the quota and reward
    readers both ask; keyed by the object: a header view of the document shares its cache)."""
    return iter(doc.cached(("body_paragraphs", id(doc)), lambda: list(_body_paragraphs(doc))))


def _body_paragraphs(doc: KhDoc) -> Iterator[Span]:
    lines = doc.lines_in(content_span(doc))
    headings = {s.line_index for s in doc.flat_sections}
    i = 0
    while i < len(lines):
        j = i
        while (j + 1 < len(lines) and lines[j].text.rstrip()[-1:] not in ".;:!?"
               and (lines[j + 1].text.lstrip()[:1].islower() or _wrapped_before_number(lines[j], lines[j + 1], headings))
               and lines[j + 1].index not in headings and not ITEM_START_RE.match(lines[j + 1].text)):
            j += 1
        yield lines[i].start, lines[j].end
        i = j + 1


def _wrapped_before_number(line: Line, nxt: Line, headings: set[int]) -> bool:
    """`nxt` starts with a quantity and `line` was cut by the page width, not a short title line
    ("Chỉ tiêu cụ thể" / "100% xã …" are two paragraphs); a heading (a lettered item is one) only when it
    ends with the comparator of that number ("d) Tỷ lệ … đạt tối thiểu" / "15%.")."""
    if not NUMBER_GOES_ON_RE.match(nxt.text):
        return False
    if line.index in headings:
        m = _comparator_end_re().search(line.folded)
        return bool(m and phrase_ok(line.text, m, _before_comparators(), "p"))
    return len(line.text.strip()) >= WRAPPED_LINE_CHARS


@lru_cache(maxsize=1)
def _before_comparators() -> tuple[str, ...]:
    """Comparator phrases that stand before a number (rules/comparators.tsv: "tối thiểu", "không quá")."""
    return tuple(r["phrase"] for r in load_table("comparators") if r["position"] == "before")


@lru_cache(maxsize=1)
def _comparator_end_re() -> "regex.Pattern[str]":
    """A comparator phrase that ends a line (folded)."""
    return regex.compile(r"(?<![\p{L}\d])(?P<p>" + alt(_before_comparators()) + r")\s*$")


@lru_cache(maxsize=1)
def noun_re() -> "regex.Pattern[str]":
    """Nouns of bodies and people from rules/quota_units.tsv ("cơ quan", "tổ chức", "công chức"), folded."""
    nouns = [r["unit"] for r in load_table("quota_units") if r["kind"] in NOUN_KINDS]
    return regex.compile(r"(?:(?:cac|nhung)\s+)?(?:" + alt(nouns) + r")(?![\p{L}\d])")


def list_goes_on(text: str, f: str, lo: int, c_start: int, c_end: int) -> bool:
    """The comma text[c_start:c_end] continues a list of nouns rather than opening a verb clause: the text
    since `lo` is one noun and the word after the comma is a noun too ("100% cơ quan, tổ chức thuộc …":
    "tổ chức" is the noun here, not the verb "to organise")."""
    a = lo + len(f[lo:c_start]) - len(f[lo:c_start].lstrip())
    head = noun_re().fullmatch(f, a, c_start)
    nxt = noun_re().match(f, c_end)
    return bool(head and nxt and _noun_ok(text, head) and _noun_ok(text, nxt))


def _noun_ok(text: str, m: "regex.Match[str]") -> bool:
    """The noun as written (after an optional "các"/"những") is a lexicon noun with its diacritics."""
    q = PLURAL_RE.match(m.group())
    return any(same_words(text[m.start() + q.end():m.end()], p, context=text)
               for p in _by_fold(_nouns()).get(WS_RE.sub(" ", m.group()[q.end():]), ()))


@lru_cache(maxsize=1)
def generic_labels() -> frozenset[str]:
    """Folded target words that are no label of their own ("Chỉ tiêu: 100% …")."""
    return frozenset(fold(p) for k in ("signal", "weak_signal") for p in context(k))


@lru_cache(maxsize=1)
def _nouns() -> tuple[str, ...]:
    return tuple(r["unit"] for r in load_table("quota_units") if r["kind"] in NOUN_KINDS)


@lru_cache(maxsize=1)
def _note_re() -> "regex.Pattern[str]":
    """A closing note in brackets that points elsewhere ("(có lịch kiểm tra cụ thể kèm theo)",
    "(có kế hoạch riêng)"; rules/task_notes.tsv), on folded text."""
    notes = [r["word"] for r in load_table("task_notes")]
    return regex.compile(r"\s*\([^()]*(?<![\p{L}])(?:" + alt(notes) + r")(?![\p{L}])[^()]*\)\s*$")


def drop_note(f: str, s: int, e: int) -> int:
    """End of text[s:e] without a closing note in brackets (`f` is the folded text)."""
    m = _note_re().search(f, s, e)
    return m.start() if m and m.start() > s else e


def tidy_span(text: str, s: int, e: int) -> Span:
    """Trim bullets, spaces and trailing punctuation; keep a closing bracket whose opening is inside."""
    s = BULLET_RE.match(text, s, e).end() if s < e else s
    while e > s and text[e - 1] in TRAIL_PUNCT:
        e -= 1
    seg = text[s:e]
    if seg.count("(") > seg.count(")") and text[e:e + 1] == ")":
        e += 1
    while s < e and text[s] in "*":
        s += 1
    return s, e
