"""Clause edges of the numbers of one paragraph, from an index built once per paragraph.

`quotas` asks, for every number, where its clause starts and ends: the last
colon, "Mỗi"/"phấn đấu" anchor or verb-opening comma before it, the first
colon or verb-opening comma after it, and word counts in between (see
`quota_text` for the rules). Asked naively each question scans the sentence
again, which is quadratic on a long sentence with many numbers ("Tặng Giấy
khen cho 05 tập thể, " × 1 700: 65 s). `Para` scans the paragraph once —
quotation marks, sentences, colons, commas, words and the phrases of each
kind — and answers every question by bisection over those sorted lists.

Phrases are found once over the whole paragraph and a window keeps those that
lie inside it; a scan of the window alone could differ only for a phrase glued
to the number ("tăng5%"), and `values.find_numbers` reads no number right
after a letter.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import cached_property

import regex

from ..text.fold import fold
from .quota_text import (
    BULLET_RE,
    COMMA_RE,
    LIST_ITEM_WORDS,
    MAX_LEAD_WORDS,
    MAX_TAIL_WORDS,
    TRAIL_PUNCT,
    WORD_RE,
    Quoted,
    Span,
    WS_RE,
    context,
    generic_labels,
    list_goes_on,
    marked_only,
    phrase_ok,
    quoted_spans,
    sentence_spans,
    word_re,
)
from .quota_words import EXCLUSIONS

ALNUM_RE = regex.compile(r"[\p{L}\d]")  # what starts a word of WORD_RE
COLON_RE = regex.compile(":")
NON_ASCII_RE = regex.compile(r"[^\x00-\x7f]")
MAX_LABEL_WORDS = 15  # a longer text before a colon is a sentence, not the label of a "Label: value" line
REWARD_GAP_WORDS = 6  # "mức thưởng cho mỗi tập thể là 1.000.000 đồng": words between a reward word and its amount


class Para:
    """One paragraph (`f` is `fold(text)`) and its sorted landmarks."""

    def __init__(self, text: str, f: str) -> None:
        self.text, self.f = text, f
        self.quoted = quoted_spans(text)
        self._marks = Quoted(self.quoted)
        self.sents = sentence_spans(text, self.quoted)
        self._sent_starts = [s for s, _ in self.sents]
        self._hits: dict[tuple[str, str], tuple[list[int], list[int]]] = {}
        self._bullet: dict[int, int] = {}
        self._sent_info: dict[Span, tuple] = {}

    # ------------------------------------------------------------------ landmarks (built when first asked)

    @cached_property
    def colons(self) -> list[int]:
        return [m.start() for m in COLON_RE.finditer(self.text) if not self.inside(m.start())]

    @cached_property
    def _commas_at(self) -> tuple[list[int], list[int]]:
        """Starts and ends of the commas (with the blanks after them) outside quotation marks."""
        commas = [m.span() for m in COMMA_RE.finditer(self.text) if not self.inside(m.start())]
        return [a for a, _ in commas], [b for _, b in commas]

    @property
    def _c_start(self) -> list[int]:
        return self._commas_at[0]

    @property
    def _c_end(self) -> list[int]:
        return self._commas_at[1]

    @cached_property
    def _words_at(self) -> tuple[list[int], list[int]]:
        """Starts and ends of the words (WORD_RE) of the paragraph."""
        toks = [m.span() for m in WORD_RE.finditer(self.text)]
        return [a for a, _ in toks], [b for _, b in toks]

    def inside(self, pos: int) -> bool:
        """`pos` is strictly inside quotation marks (what `quota_text.inside` says of `self.quoted`)."""
        return pos in self._marks

    def sentence_of(self, pos: int) -> Span:
        return self.sents[bisect_right(self._sent_starts, pos) - 1]

    def bullet_end(self, pos: int) -> int:
        """End of the bullets and blanks at `pos` (memoized: every number of a sentence asks)."""
        if pos not in self._bullet:
            self._bullet[pos] = BULLET_RE.match(self.text, pos).end()
        return self._bullet[pos]

    def words(self, a: int, b: int) -> int:
        """`quota_text.words(text[a:b])`: whole words starting in the window, plus a word cut at `a`."""
        if a >= b:
            return 0
        starts, ends = self._words_at
        n = bisect_left(starts, b) - bisect_left(starts, a)
        i = bisect_right(ends, a)  # the first word that ends after `a`: cut by `a` if it starts before
        if i < len(starts) and starts[i] < a and ALNUM_RE.search(self.text, a, min(ends[i], b)):
            n += 1
        return n

    def hits(self, kind: str, table: str = "quota_context") -> tuple[list[int], list[int]]:
        """Starts and ends of the phrases of `kind` (rules/`table`.tsv) in the paragraph, checked against
        diacritics; "anchor_moi": the anchors that are "Mỗi"."""
        key = (table, kind)
        if key not in self._hits:
            if kind == "anchor_moi":
                starts, ends = self.hits("anchor")
                ms = [(a, b) for a, b in zip(starts, ends) if self.f.startswith("moi", a)]
            else:
                phrases, strict = context(kind, table), marked_only(table)
                ms = [m.span() for m in word_re(kind, table).finditer(self.f)
                      if phrase_ok(self.text, m, phrases, ascii_context=False if strict and
                                   WS_RE.sub(" ", m.group()) in strict else None)]
            self._hits[key] = ([a for a, _ in ms], [b for _, b in ms])
        return self._hits[key]

    def _last_hit(self, kind: str, lo: int, hi: int) -> int | None:
        """Start of the last phrase of `kind` that lies in text[lo:hi]."""
        starts, ends = self.hits(kind)
        j = bisect_right(ends, hi) - 1  # phrases never overlap: their ends are sorted too
        return starts[j] if j >= 0 and starts[j] >= lo else None

    def _verb_at(self, pos: int, hi: int) -> bool:
        """A verb phrase starts at `pos` and ends by `hi`."""
        starts, ends = self.hits("verb")
        i = bisect_left(starts, pos)
        return i < len(starts) and starts[i] == pos and ends[i] <= hi

    def _commas(self, lo: int, hi: int) -> tuple[int, int]:
        """Index range of the commas that start in text[lo:hi]."""
        return bisect_left(self._c_start, lo), bisect_left(self._c_start, hi)

    def _opens(self, k: int, lo: int, hi: int) -> bool:
        """Comma `k` of a window text[lo:hi] opens a verb clause (the first comma's list starts at `lo`)."""
        end = min(self._c_end[k], hi)
        if end >= hi or not self._verb_at(end, hi):
            return False
        prev = self._c_end[k - 1] if k and self._c_start[k - 1] >= lo else lo
        return not list_goes_on(self.text, self.f, prev, self._c_start[k], end)

    @cached_property
    def _opened(self) -> list[int]:
        """Commas that open a verb clause in any window holding the comma before them."""
        return [k for k in range(1, len(self._c_start)) if self._verb_at(self._c_end[k], len(self.text))
                and not list_goes_on(self.text, self.f, self._c_end[k - 1], self._c_start[k], self._c_end[k])]

    @cached_property
    def _long_items(self) -> list[int]:
        """Commas followed by more than LIST_ITEM_WORDS words before the next comma."""
        return [k for k in range(len(self._c_start) - 1)
                if self.words(self._c_end[k], self._c_start[k + 1]) > LIST_ITEM_WORDS]

    # ------------------------------------------------------------------ clause edges

    def clause_start(self, sent: Span, q0: int) -> tuple[int, str | None]:
        """Where the clause of a number starting at `q0` begins, and the label of a "Label: value" line.

        "Tỷ lệ hộ nghèo: dưới 0,08%" keeps its label; after any other colon the clause starts anew; then
        "Mỗi …" or "phấn đấu" before the number starts it ("Mỗi phường, trường học viết ít nhất 02 gương"),
        else a comma followed by a verb ("…, quán triệt đến 100% …").
        """
        text, s = self.text, sent[0]
        i = bisect_left(self.colons, q0) - 1
        if i >= 0 and self.colons[i] >= s:
            colon = self.colons[i]
            if self.words(colon + 1, q0) == 0:
                s = self.bullet_end(s)
                if 0 < self.words(s, colon) <= MAX_LABEL_WORDS:
                    label = " ".join(text[s:colon].strip(TRAIL_PUNCT).split())
                    if fold(label) not in generic_labels():  # "Chỉ tiêu: 100% …" has no label of its own
                        return s, label
            s = colon + 1
        s = self.bullet_end(s)
        mo = self._last_hit("anchor_moi", s, q0)
        if mo is not None:
            return mo, None
        anchor = self._last_hit("anchor", s, q0)
        if anchor is not None:
            return anchor, None
        a, b = self._commas(s, q0)
        if b > a:
            last = b - 1
            if self._opens(last, s, q0):
                return self._c_end[last], None
            j = bisect_left(self._opened, last) - 1
            if j >= 0 and self._opened[j] > a:
                return self._c_end[self._opened[j]], None
            if last > a and self._opens(a, s, q0):
                return self._c_end[a], None
            if self.words(s, q0) > MAX_LEAD_WORDS:
                return min(self._c_end[last], q0), None
        return s, None

    def clause_end(self, sent: Span, q1: int) -> int:
        """Where the clause of a number ending at `q1` ends: the sentence end, a colon ("… như: …"), a comma
        followed by a verb ("… thi đua, đảm bảo …"), or, in a long tail, the first comma after a list."""
        e = sent[1]
        i = bisect_left(self.colons, q1)
        if i < len(self.colons) and self.colons[i] < e:
            e = self.colons[i]
        a, b = self._commas(q1, e)
        if b > a:
            e = self._first_opened(a, b, q1, e)
        if self.words(q1, e) > MAX_TAIL_WORDS and b > a:
            e = self._list_end(a, b, q1, e)
        return e

    def _first_opened(self, a: int, b: int, lo: int, hi: int) -> int:
        """Start of the first comma of a..b-1 (window text[lo:hi]) that opens a verb clause, else `hi`."""
        if self._opens(a, lo, hi):
            return self._c_start[a]
        j = bisect_right(self._opened, a)
        if j < len(self._opened) and self._opened[j] < b - 1:
            return self._c_start[self._opened[j]]
        if b - 1 > a and self._opens(b - 1, lo, hi):
            return self._c_start[b - 1]
        return hi

    def _list_end(self, a: int, b: int, q1: int, e: int) -> int:
        """A long tail ends at the first comma, six words or more after the unit, that is followed by more
        than a list item; commas a..b-1 start in the window, the last one's item runs to `e`."""
        lo, hi = a, b  # first comma with at least 6 words before it (the count only grows)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.words(q1, self._c_start[mid]) >= 6:
                hi = mid
            else:
                lo = mid + 1
        stop = bisect_left(self._c_start, e, a, b)  # commas before the (maybe moved) end
        j = bisect_left(self._long_items, lo)
        if j < len(self._long_items) and self._long_items[j] < min(stop, b - 1):
            return self._c_start[self._long_items[j]]
        last = b - 1
        if lo <= last < stop and self.words(min(self._c_end[last], e), e) > LIST_ITEM_WORDS:
            return self._c_start[last]
        return e

    def reward_before(self, sent: Span, q0: int, num: int, since: int = -1) -> bool:
        """A reward word ("được thưởng", "Tiền thưởng:", "Giải Nhất"; rules/quota_exclusions.tsv), or a
        reward amount ending at `since`, stands shortly before the amount (its comparator at `q0`, its
        number at `num`) in the sentence, and no verb between, not even a comparator one: the amount is
        paid out, not a target ("mỗi tập thể được thưởng 1.000.000 đồng, mỗi cá nhân 500.000 đồng"; but
        "Quỹ khen thưởng phấn đấu huy động 500 triệu đồng" is a target)."""
        starts, ends = self.hits("reward", EXCLUSIONS)
        j = bisect_right(ends, q0) - 1
        anchor = max(ends[j] if j >= 0 and starts[j] >= sent[0] else -1, since if since <= q0 else -1)
        if anchor < 0 or self.words(anchor, q0) > REWARD_GAP_WORDS:
            return False
        verbs = self.hits("verb")[0]
        k = bisect_left(verbs, anchor)
        return not (k < len(verbs) and verbs[k] < num)

    # ------------------------------------------------------------------ per sentence

    def _sentence(self, sent: Span) -> tuple[bool, int, int, int]:
        """(a target word stands in the sentence; end of its first "past" phrase as written, and of the
        first that matches once diacritics are dropped; offset of its first non-ASCII character), computed
        once per sentence. The ends of phrases that are not there are past the sentence."""
        got = self._sent_info.get(sent)
        if got is None:
            a, b = sent
            na = NON_ASCII_RE.search(self.text, a, b)
            first_marked = na.start() if na else b
            strong = any(phrase_ok(self.text, m, context("signal"), ascii_context=first_marked >= b)
                         for m in word_re("signal").finditer(self.f, a, b))
            marked = loose = b + 1
            for m in word_re("past").finditer(self.f, a, b):
                if marked > b and phrase_ok(self.text, m, context("past"), ascii_context=False):
                    marked = m.end()
                if loose > b and phrase_ok(self.text, m, context("past"), ascii_context=True):
                    loose = m.end()
            got = self._sent_info[sent] = (strong, marked, loose, first_marked)
        return got

    def signal_in(self, sent: Span) -> bool:
        """A target word ("phấn đấu", "chỉ tiêu", "ít nhất") stands in the sentence."""
        return self._sentence(sent)[0]

    def past_before(self, sent: Span, pos: int) -> bool:
        """A "past" phrase ("đã") stands in the sentence before `pos`, as if matched in text[sent[0]:pos]
        (where diacritics may be dropped only if that text has none)."""
        _, marked, loose, first_marked = self._sentence(sent)
        return (loose if first_marked >= pos else marked) <= pos

