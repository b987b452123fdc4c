"""quotas at scale: the per-paragraph index (`quota_clause.Para`) answers what the sentence scans did.

The clause edges used to be found by scanning the sentence again for every
number (quadratic on long sentences, see tests/fuzz/test_known_bugs.py
HOT_SPOTS). The plain scans are kept here as the reference: on generated
paragraphs of plan wording, the index must give the same clause edges, word
counts and quotation tests; `section_at` must give the innermost section a
scan of all headings gives.
"""
from __future__ import annotations

import regex
from hypothesis import given, settings, strategies as st

from parser.extract.quota_clause import Para
from parser.extract.quota_text import (
    BULLET_RE,
    COMMA_RE,
    LIST_ITEM_WORDS,
    MAX_LEAD_WORDS,
    MAX_TAIL_WORDS,
    TRAIL_PUNCT,
    context,
    generic_labels,
    inside,
    list_goes_on,
    phrase_ok,
    word_re,
    words,
)
from parser.extract.quotas import MAX_LIST_ITEMS, _candidates, _numbers, find_quotas
from parser.pipeline import build_doc
from parser.read import RawDocument
from parser.text.fold import fold

FRAGMENTS = [
    "Phấn đấu", "phan dau", "đạt", "ít nhất", "tối đa", "toi da", "từ", "trở lên", "dưới", "Mỗi", "moi", "chỉ tiêu",
    "Chỉ tiêu:", "Tỷ lệ hộ nghèo:", "Số lượng:", ":", ",", ", ", ";", ". ", "\n- ", "\n+ ", "“Nhà đồng đội”", "“", "”",
    "(có danh sách kèm theo)", "05", "02", "100%", "99,7%", "1.000.000", "tập thể", "cá nhân", "cán bộ", "công chức",
    "cơ quan", "tổ chức", "đơn vị", "người", "hộ gia đình", "đồng", "triệu đồng", "12/3/2024", "UBND", "của",
    "quán triệt", "tham gia", "hoàn thành", "đảm bảo", "giảm", "lên", "xuống còn", "đã", "hỗ trợ", "kinh phí",
    "Tặng Giấy khen cho", "được thưởng", "giải Nhất", "trường", "xã", "gương", "a b c d", "8:00", "Đợt 2", "1-2", "≥",
    "**", "a)", "1.",
]
PARAGRAPHS = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=60).map(" ".join)
GLUED = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=30).map("".join)


# ---------------------------------------------------------------- the plain scans (reference)

def _ref_find_words(text: str, f: str, kind: str, lo: int, hi: int) -> list[int]:
    return [m.start() for m in word_re(kind).finditer(f, lo, hi) if phrase_ok(text, m, context(kind))]


def _ref_opened(text: str, f: str, commas: list, lo: int, verbs: set[int], i: int) -> bool:
    m = commas[i]
    prev = commas[i - 1].end() if i else lo
    return m.end() in verbs and not list_goes_on(text, f, prev, m.start(), m.end())


def _ref_clause_start(text: str, f: str, sent: tuple[int, int], q0: int, quoted: list) -> tuple[int, str | None]:
    s = sent[0]
    colon = max((m.start() for m in regex.finditer(":", text[s:q0]) if not inside(s + m.start(), quoted)), default=-1)
    if colon >= 0:
        colon += s
        if words(text[colon + 1:q0]) == 0:
            s = BULLET_RE.match(text, s).end()
            label = " ".join(text[s:colon].strip(TRAIL_PUNCT).split())
            if 0 < words(label) <= 15 and fold(label) not in generic_labels():
                return s, label
        s = colon + 1
    s = BULLET_RE.match(text, s).end()
    hits = _ref_find_words(text, f, "anchor", s, q0)
    if hits:
        mo = [h for h in hits if f.startswith("moi", h)]
        return (mo[-1] if mo else hits[-1]), None
    comma_ms = [m for m in COMMA_RE.finditer(text, s, q0) if not inside(m.start(), quoted)]
    verbs = set(_ref_find_words(text, f, "verb", s, q0))
    opened = [m.end() for i, m in enumerate(comma_ms) if _ref_opened(text, f, comma_ms, s, verbs, i)]
    if opened:
        return opened[-1], None
    if words(text[s:q0]) > MAX_LEAD_WORDS and comma_ms:
        return comma_ms[-1].end(), None
    return s, None


def _ref_clause_end(text: str, f: str, sent: tuple[int, int], q1: int, quoted: list) -> int:
    e = sent[1]
    colon = text.find(":", q1, e)
    while colon >= 0 and inside(colon, quoted):
        colon = text.find(":", colon + 1, e)
    if colon >= 0:
        e = colon
    commas = [m for m in COMMA_RE.finditer(text, q1, e) if not inside(m.start(), quoted)]
    verbs = set(_ref_find_words(text, f, "verb", q1, e))
    for i, m in enumerate(commas):
        if _ref_opened(text, f, commas, q1, verbs, i):
            e = m.start()
            break
    if words(text[q1:e]) > MAX_TAIL_WORDS:
        for i, m in enumerate(commas):
            nxt = commas[i + 1].start() if i + 1 < len(commas) else e
            if m.start() < e and words(text[q1:m.start()]) >= 6 and words(text[m.end():nxt]) > LIST_ITEM_WORDS:
                e = m.start()
                break
    return e


# ---------------------------------------------------------------- the index agrees with the scans

@settings(max_examples=300, deadline=None)
@given(PARAGRAPHS)
def test_clause_edges_match_the_sentence_scans(text: str) -> None:
    text = text.replace("*", " ")
    f = fold(text)
    ix = Para(text, f)
    for c in _candidates(text, f, ix):
        assert ix.clause_start(c.sent, c.q0) == _ref_clause_start(text, f, c.sent, c.q0, ix.quoted)
        assert ix.clause_end(c.sent, c.q1) == _ref_clause_end(text, f, c.sent, c.q1, ix.quoted)


@settings(max_examples=200, deadline=None)
@given(st.one_of(PARAGRAPHS, GLUED))
def test_word_counts_and_quotes_match_on_every_window(text: str) -> None:
    ix = Para(text, fold(text))
    step = max(1, len(text) // 40)
    for a in range(0, len(text) + 1, step):
        assert ix.inside(a) == inside(a, ix.quoted)
        for b in range(a, len(text) + 1, step):
            assert ix.words(a, b) == words(text[a:b]), (a, b)


@settings(max_examples=200, deadline=None)
@given(PARAGRAPHS)
def test_past_and_signal_words_per_sentence(text: str) -> None:
    f = fold(text)
    ix = Para(text, f)
    for a, b in ix.sents:
        sent = text[a:b]
        signal = any(phrase_ok(sent, m, context("signal")) for m in word_re("signal").finditer(fold(sent)))
        assert ix.signal_in((a, b)) == signal
        for pos in range(a, b + 1):
            if pos > a and text[pos - 1].isalnum():  # a number never follows a letter or digit (find_numbers)
                continue
            head = text[a:pos]
            past = any(phrase_ok(head, m, context("past")) for m in word_re("past").finditer(fold(head)))
            assert ix.past_before((a, b), pos) == past


def test_colon_rescan_reads_a_number_whose_label_stands_before_the_colon() -> None:
    text = "Số lượng khen thưởng thuộc quận: 01 tập thể; Số: 02 cá nhân; Đợt 2: 03 tập thể."
    got = [n.text for n in _numbers(text, fold(text))]
    assert got == ["01", "02", "03"]


def test_a_long_list_keeps_each_text_short_past_the_cap() -> None:
    items = ", ".join(f"{i:02d} tập thể" for i in range(1, MAX_LIST_ITEMS + 6))
    got = find_quotas(f"Mỗi xã: tối đa {items}.")
    assert len(got) == MAX_LIST_ITEMS + 5
    assert all(q.operator == "<=" and q.subject == "Mỗi xã" for q in got)
    assert got[MAX_LIST_ITEMS - 1].text.startswith("Mỗi xã: tối đa 01 tập thể")
    tail = range(MAX_LIST_ITEMS + 1, MAX_LIST_ITEMS + 6)
    assert [q.text for q in got[MAX_LIST_ITEMS:]] == [f"{i:02d} tập thể" for i in tail]


# ---------------------------------------------------------------- section_at by bisection

HEADINGS = ["I. MỤC ĐÍCH", "II. NỘI DUNG", "III. TỔ CHỨC", "A. Phần một", "B. Phần hai", "1. Việc", "2. Việc",
            "4. Việc", "1.1. Nhỏ", "1.2. Nhỏ", "2.1. Nhỏ", "1.1.1. Nhỏ hơn", "a) Mục", "b) Mục", "đ) Mục",
            "- gạch đầu dòng", "Văn bản thường có 05 tập thể.", "II. NỘI DUNG"]
HEAD = ["ỦY BAN NHÂN DÂN", "Số: 12/KH-UBND", "KẾ HOẠCH", "Thi đua năm 2024"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(HEADINGS), min_size=1, max_size=40))
def test_section_at_is_the_innermost_containing_section(lines: list[str]) -> None:
    text = "\n".join([*HEAD, *lines, "Nơi nhận:", "- Lưu: VT."])
    doc = build_doc(RawDocument(text=text + "\n", format="txt", sha256="x", path=None))
    flat = doc.flat_sections
    for offset in range(0, len(doc.text) + 1, 2):
        holding = [s for s in flat if s.start <= offset < s.end]
        expected = max(holding, key=lambda s: s.level) if holding else None
        assert doc.section_at(offset) is expected
