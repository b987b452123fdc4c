"""Paragraphs, sentences and clause edges for the `quotas` and `rewards` extractors.

A target's `text` is a clause, not a whole paragraph: Vietnamese plans run
several targets into one sentence ("Tỷ lệ … đạt 99,7%; hoàn thành chỉ tiêu
… (269 người)") and chain clauses with commas ("…, quán triệt đến 100% cán
bộ, đảng viên, …, đảm bảo …"). Commas also separate list items ("cán bộ,
đảng viên, công chức"), so a comma ends a clause only when a verb opens the
next one (rules/quota_context.tsv, kind "verb") — unless the verb is also a
noun continuing a list of nouns ("cơ quan, tổ chức") — or when the clause
grows long. Quotation marks hold names and slogans: nothing is cut inside them.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterator

import regex

from ..model import KhDoc
from ..rules import load_table
from ..text.fold import fold, phrase_alt, same_words, word_start

Span = tuple[int, int]

# Sentence ends inside a paragraph: ";", "!", "?", a full stop before a space, a new bullet line.
SENTENCE_END_RE = regex.compile(r"[;!?]|\.(?=\s|$)|\n(?=\s*[-+•*]|\s*\d{1,2}[.)]\s)")
BULLET_RE = regex.compile(r"(?:\s|[-+•*–]|\d{1,2}(?:\.\d{1,2})*[.)](?=\s)|[a-zđ]\)(?=\s))*")
WORD_RE = regex.compile(r"[\p{L}\d][\p{L}\d%,./-]*")
COMMA_RE = regex.compile(r",\s*")
COLON_RE = regex.compile(":")
WS_RE = regex.compile(r"\s+")
PLURAL_RE = regex.compile(r"(?:(?:cac|nhung)\s+)?")
QUOTE_PAIRS = (("“", "”"), ('"', '"'), ("«", "»"))
TRAIL_PUNCT = " \t\n,;:.-–—*"
MAX_LEAD_WORDS = 20  # a longer lead-in before the number is cut at its last comma
MAX_TAIL_WORDS = 18  # a longer tail after the unit is cut at a comma that ends a list
LIST_ITEM_WORDS = 3  # "viên chức," between two commas is a list item, not a clause
# A line that opens a lettered item ("a) Tỷ lệ …", "b. Đối với …") starts a paragraph of its own.
ITEM_START_RE = regex.compile(r"\s*[a-zđ][.)]\s")
# Kinds of rules/quota_units.tsv that name things counted in a list of bodies or people ("cơ quan, tổ chức").
NOUN_KINDS = ("count", "people")


def alt(phrases: list[str] | tuple[str, ...]) -> str:
    """Folded alternation, longest first, any whitespace between words."""
    return phrase_alt(fold(p) for p in phrases)


def phrase_ok(text: str, m: "regex.Match[str]", phrases: tuple[str, ...], group: int | str = 0) -> bool:
    """A match on folded text is one of `phrases` as written (diacritics checked where the text has them:
    "tư" is no "từ")."""
    key = WS_RE.sub(" ", m.group(group))
    candidates = _by_fold(phrases).get(key)
    if not candidates:
        return False
    written = text[m.start(group):m.end(group)]
    return any(same_words(written, p, context=text) for p in candidates)


@lru_cache(maxsize=256)
def _by_fold(phrases: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Folded phrase -> the phrases that fold to it (folding each phrase once, not per match)."""
    out: dict[str, list[str]] = {}
    for p in phrases:
        out.setdefault(fold(p), []).append(p)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=None)
def context(kind: str) -> tuple[str, ...]:
    """Phrases of one kind from rules/quota_context.tsv."""
    return tuple(r["phrase"] for r in load_table("quota_context") if r["kind"] == kind)


@lru_cache(maxsize=None)
def word_re(kind: str) -> "regex.Pattern[str]":
    start = word_start((fold(p) for p in context(kind)), letters=True)
    return regex.compile(start + r"(?<![\p{L}\d])(?:" + alt(context(kind)) + r")(?![\p{L}\d])")


def find_words(text: str, f: str, kind: str, lo: int = 0, hi: int | None = None) -> list[int]:
    """Starts of the phrases of `kind` in text[lo:hi] (`f` is `fold(text)`)."""
    hi = len(f) if hi is None else hi
    return [m.start() for m in word_re(kind).finditer(f, lo, hi) if phrase_ok(text, m, context(kind))]


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


def sentence_spans(text: str, quoted: list[Span] | None = None) -> list[Span]:
    """Sentences of a paragraph, never cut inside quotation marks."""
    quoted = quoted_spans(text) if quoted is None else quoted
    return list(_sentence_spans(text, tuple(quoted)))


@lru_cache(maxsize=1024)
def _sentence_spans(text: str, quoted: tuple[Span, ...]) -> tuple[Span, ...]:
    """Cached by content: the quota and reward extractors split the same paragraphs."""
    out, s = [], 0
    for m in SENTENCE_END_RE.finditer(text):
        if inside(m.start(), quoted):
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
    heading or a lettered item ("1.1. Chỉ tiêu" then "a) Tỷ lệ hộ …" are two paragraphs)."""
    lines = doc.lines_in(content_span(doc))
    headings = {s.line_index for s in doc.flat_sections}
    i = 0
    while i < len(lines):
        j = i
        while (j + 1 < len(lines) and lines[j].text.rstrip()[-1:] not in ".;:!?"
               and lines[j + 1].text.lstrip()[:1].islower() and lines[j + 1].index not in headings
               and not ITEM_START_RE.match(lines[j + 1].text)):
            j += 1
        yield lines[i].start, lines[j].end
        i = j + 1


@lru_cache(maxsize=1)
def noun_re() -> "regex.Pattern[str]":
    """Nouns of bodies and people from rules/quota_units.tsv ("cơ quan", "tổ chức", "công chức"), folded."""
    nouns = [r["unit"] for r in load_table("quota_units") if r["kind"] in NOUN_KINDS]
    return regex.compile(r"(?:(?:cac|nhung)\s+)?(?:" + alt(nouns) + r")(?![\p{L}\d])")


def list_goes_on(text: str, f: str, lo: int, comma: "regex.Match[str]") -> bool:
    """The comma continues a list of nouns rather than opening a verb clause: the text since `lo` is one
    noun and the word after the comma is a noun too ("100% cơ quan, tổ chức thuộc …": "tổ chức" is the
    noun here, not the verb "to organise")."""
    a = lo + len(f[lo:comma.start()]) - len(f[lo:comma.start()].lstrip())
    head = noun_re().fullmatch(f, a, comma.start())
    nxt = noun_re().match(f, comma.end())
    return bool(head and nxt and _noun_ok(text, head) and _noun_ok(text, nxt))


def _noun_ok(text: str, m: "regex.Match[str]") -> bool:
    """The noun as written (after an optional "các"/"những") is a lexicon noun with its diacritics."""
    q = PLURAL_RE.match(m.group())
    return any(same_words(text[m.start() + q.end():m.end()], p, context=text)
               for p in _by_fold(_nouns()).get(WS_RE.sub(" ", m.group()[q.end():]), ()))


@lru_cache(maxsize=1)
def _generic_labels() -> frozenset[str]:
    """Folded target words that are no label of their own ("Chỉ tiêu: 100% …")."""
    return frozenset(fold(p) for k in ("signal", "weak_signal") for p in context(k))


@lru_cache(maxsize=1)
def _nouns() -> tuple[str, ...]:
    return tuple(r["unit"] for r in load_table("quota_units") if r["kind"] in NOUN_KINDS)


def clause_start(text: str, f: str, sent: Span, q0: int, quoted: list[Span]) -> tuple[int, str | None]:
    """Where the clause of a number starting at `q0` begins, and the label of a "Label: value" line.

    "Tỷ lệ hộ nghèo: dưới 0,08%" keeps its label; after any other colon the clause starts anew; then
    "Mỗi …" or "phấn đấu" before the number starts it ("Mỗi phường, trường học viết ít nhất 02 gương"),
    else a comma followed by a verb ("…, quán triệt đến 100% …").
    """
    s = sent[0]
    colon = max((m.start() for m in COLON_RE.finditer(text[s:q0]) if not inside(s + m.start(), quoted)), default=-1)
    if colon >= 0:
        colon += s
        if words(text[colon + 1:q0]) == 0:
            s = BULLET_RE.match(text, s).end()
            label = " ".join(text[s:colon].strip(TRAIL_PUNCT).split())
            generic = fold(label) in _generic_labels()
            if 0 < words(label) <= 15 and not generic:  # "Chỉ tiêu: 100% …" has no label of its own
                return s, label
        s = colon + 1
    s = BULLET_RE.match(text, s).end()
    hits = find_words(text, f, "anchor", s, q0)
    if hits:
        mo = [h for h in hits if f.startswith("moi", h)]
        return (mo[-1] if mo else hits[-1]), None
    comma_ms = [m for m in COMMA_RE.finditer(text, s, q0) if not inside(m.start(), quoted)]
    commas = [m.end() for m in comma_ms]
    verbs = set(find_words(text, f, "verb", s, q0))
    opened = [m.end() for i, m in enumerate(comma_ms)
              if m.end() in verbs and not list_goes_on(text, f, comma_ms[i - 1].end() if i else s, m)]
    if opened:
        return opened[-1], None
    if words(text[s:q0]) > MAX_LEAD_WORDS and commas:
        return commas[-1], None
    return s, None


def clause_end(text: str, f: str, sent: Span, q1: int, quoted: list[Span]) -> int:
    """Where the clause of a number ending at `q1` ends: the sentence end, a colon ("… như: …"), a comma
    followed by a verb ("… thi đua, đảm bảo …"), or, in a long tail, the first comma after a list."""
    e = sent[1]
    colon = text.find(":", q1, e)
    while colon >= 0 and inside(colon, quoted):
        colon = text.find(":", colon + 1, e)
    if colon >= 0:
        e = colon
    commas = [m for m in COMMA_RE.finditer(text, q1, e) if not inside(m.start(), quoted)]
    verbs = set(find_words(text, f, "verb", q1, e))
    for i, m in enumerate(commas):
        if m.end() in verbs and not list_goes_on(text, f, commas[i - 1].end() if i else q1, m):
            e = m.start()
            break
    if words(text[q1:e]) > MAX_TAIL_WORDS:
        for i, m in enumerate(commas):
            nxt = commas[i + 1].start() if i + 1 < len(commas) else e
            if m.start() < e and words(text[q1:m.start()]) >= 6 and words(text[m.end():nxt]) > LIST_ITEM_WORDS:
                e = m.start()
                break
    return e


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
