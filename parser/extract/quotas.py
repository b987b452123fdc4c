"""`quotas`: measurable targets and limits with a number ("chỉ tiêu").

A quota is a number that a plan sets as a target or a cap: "Tỷ lệ hộ nghèo:
dưới 0,08%", "Mỗi phường: tối đa 02 tập thể, 03 cá nhân", "phấn đấu cắt
giảm từ 30% thời hạn …", "Giữ vững 03 trường đạt chuẩn quốc gia". Numbers
that name or date something ("Đề án 06", "ngày 31/5", "lần thứ XIII"), that
measure time ("90 ngày nước rút", "kỷ niệm 20 năm"), that count the members
of a body ("UBND 14 phường"), describe what exists ("phường có 12 tổ dân
phố"), state a share or support level ("ngân sách hỗ trợ 70%"), report past
results ("đã đạt 104%", a "Kết quả thực hiện" part) or give a starting level
("từ 45% lên 48%": only 48% is the target) are not quotas, nor is money paid out
as a reward ("mỗi tập thể được thưởng 500.000 đồng", "mức thưởng 2 triệu
đồng/giải"; rules/quota_exclusions.tsv), even in a sentence that sets targets.

`find_quotas(text, base)` works on one paragraph: numbers come from
`values.find_numbers`, the unit is the lexicon noun right after the number
(rules/quota_units.tsv) or a comma list of them ("02 công chức, viên chức",
"05 huyện, thành phố, thị xã"), the operator comes from `values.find_comparator`
(or a sign: "≥ 90%"; a list "tối đa 02 tập thể, 03 cá nhân" shares it), and
the clause that becomes `text` is cut by `quota_text` at sentence ends, at
the colon of a "Label: value" line, at a comma that opens a new verb clause
(not one inside a list of nouns: "100% cơ quan, tổ chức thuộc …"), and
between two targets of one sentence; a closing note in brackets ("(có danh
sách kèm theo)") is dropped. Stages ("chia làm 02 đợt") are no targets, nor a frequency without a
comparator ("dạy học 2 buổi/ngày"), a number that ends a name ("Chương trình 135") or a duration that is no
limit ("từ 7 giờ"; "không quá 45 phút" is one: `quota_checks`). A noun outside the lexicon is the unit
after an explicit comparator or under a target heading, a quoted name in a target sentence ("03 “Mái ấm
tình thương”"). `subject` is the label of a
"Label: value" line, otherwise the clause without its comparator and number.
`find_table_quotas(row)` reads one row of a target table ("| Tỷ lệ hộ nghèo
| % | dưới 1,5 |").
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Iterator

import regex

from ..model import Found, KhDoc
from ..rules import load_table
from ..text.fold import fold
from ..values import NumberMatch, find_comparator, find_numbers
from .quota_checks import after_colon, is_limit, kept_under, named_before, per_time
from .quota_clause import Para
from .quota_text import (
    TRAIL_PUNCT,
    alt,
    body_paragraphs,
    context,
    drop_note,
    noun_re,
    phrase_ok,
    tidy_span,
    word_re,
    words,
)
from .quota_words import (
    SYMBOL_OPS,
    after_re,
    blocked,
    comparator,
    is_money,
    needs_signal,
    reward_after,
    unit_after,
    unit_key,
    units,
)

CELL_RE = regex.compile(r"[^|\t]+")
STT_RE = regex.compile(r"\s*(?:\d{1,3}|[IVXLC]{1,5}|[a-zđ])[.)]?\s*")
SEP_RE = regex.compile(r",\s*|\s+(?:và|hoặc|va|hoac)\s+")
PER_RE = regex.compile(r"(?:\s*/\s*\p{L}+)*")  # a rate after a money or measure unit: "triệu đồng/người/năm"
LIST_GAP_RE = regex.compile(r"\s*(?:,|,?\s+(?:và|hoặc|va|hoac))\s*")
COLON_RE = regex.compile(r":\s*")
LABEL_END_RE = regex.compile(r"[ \t]*:")  # a colon right after the unit: the number stands in a label
SIGN_END_RE = regex.compile(r"([≥≤><])\s*$")
SIGN_RE = regex.compile(r"[≥≤><=]")
CLOSE_PAREN_RE = regex.compile(r"\s*\)")
VALUE_CHARS_RE = regex.compile(r"[\d.,%≥≤<>=\s-]+")
LINE_RE = regex.compile(r"[^\n]+")
DIGIT_RE = regex.compile(r"\d")
SPACE_RE = regex.compile(r"\s")
# A number within COLON_REACH characters after a colon may be one whose label stands before the colon
# (numbers.py looks back at most 60 characters); COLON_TAIL more characters let it be read whole.
COLON_REACH = 64
COLON_TAIL = 64
BEFORE_CHARS, AFTER_CHARS = 60, 80  # what `find_comparator` reads around a number
# The text of the n-th item of a list repeats the n-1 before it (quadratic output on a line of thousands
# of "05 tập thể, "); past this many items an item's text is its own number and unit.
MAX_LIST_ITEMS = 20


@dataclass(frozen=True)
class Quota:
    """One target; `span` covers `text` in the document."""

    text: str
    subject: str | None
    operator: str
    value: float | int
    value_max: float | int | None
    unit: str
    span: tuple[int, int]
    at: int  # offset of the number, for the section path
    section: str | None = None

    def to_json(self) -> dict:
        return {"text": self.text, "subject": self.subject, "operator": self.operator, "value": self.value,
                "value_max": self.value_max, "unit": self.unit, "section": self.section, "span": list(self.span)}


@dataclass
class _Cand:
    num: NumberMatch
    unit: str
    q0: int  # start of comparator + number
    q1: int  # end of number + unit
    explicit: bool  # an explicit comparator phrase stands before the number
    kind: str  # unit kind: percent | count | people | measure | money
    symbol: str | None  # operator written as a sign ("≥ 90%")
    sent: tuple[int, int]
    start: int = 0
    end: int = 0
    label: str | None = None
    inherits: bool = False
    head_end: int = -1  # end of the clause's lead-in: the first item's comparator in a list
    item: int = 1  # place in a list of targets sharing a lead-in ("tối đa 02 tập thể, 03 cá nhân")


def _numbers(text: str, f: str) -> list[NumberMatch]:
    """Quantities of a paragraph (`f` folded); also those right after a colon, whose label ("… thuộc quận:
    01 tập thể") must not be read as the name of the number: the text after each colon is read again
    as if it started there, but only a short window of it (the rest reads as in the whole paragraph;
    reading all of it after every colon was quadratic)."""
    found = {n.span: n for n in find_numbers(text, folded=f)}
    for m in COLON_RE.finditer(text):
        a = m.end()
        if not DIGIT_RE.search(text, a, a + COLON_REACH):
            continue
        sp = SPACE_RE.search(text, a + COLON_REACH + COLON_TAIL)
        b = sp.start() if sp else len(text)
        for n in find_numbers(text[a:b], a, folded=f[a:b], unless=found, before=a + COLON_REACH):
            if n.span[0] < a + COLON_REACH:
                found.setdefault(n.span, n)
    return [n for _, n in sorted(found.items()) if "/" not in n.text]


def _candidates(text: str, f: str, ix: Para, targets: bool = False, numbers: list[NumberMatch] | None = None) -> Iterator[_Cand]:
    """Numbers with a unit that are not blocked (periods, members of a body), with their comparator."""
    for n in _numbers(text, f) if numbers is None else numbers:
        a, b = n.span
        if ix.inside(a):
            continue
        sent = ix.sentence_of(a)
        cmp = comparator(text, f, sent[0], a)
        q0 = cmp[0] if cmp else a
        explicit = bool(cmp and cmp[1] != "=")
        sm = SIGN_END_RE.search(text[max(sent[0], a - 3):a])
        symbol = SYMBOL_OPS[sm.group(1)] if sm else None
        if n.is_percent:
            unit, q1, kind, signal = "%", b, "percent", False
        else:
            named = named_before(text, sent, q0)
            u = unit_after(text, f, b, explicit, loose=targets and not named, quoted=ix.signal_in(sent) and not named)
            if u is None:
                continue
            unit, q1, kind, signal = u
            if not explicit and LABEL_END_RE.match(text, q1):
                continue  # "Môn Bóng đá nam 07 người: …": the number is part of a label
            if kind == "time" or (kind == "duration" and not is_limit(f, q0, cmp)):
                continue
            if not explicit and ((named if signal else named_before(text, sent, q0, 1))
                                 or blocked(text, f, max(sent[0], q0 - 40), q0)):
                continue  # "Trung tâm Cấp cứu 115 tỉnh", "UBND 14 phường": a name or a body's members
        if not (explicit or symbol) and per_time(text, f, q1) and not after_colon(text, sent, q0):
            continue  # "dạy học 2 buổi/ngày": a frequency without a comparator or a "Label:" is a regime
        yield _Cand(n, unit, q0, q1, explicit, kind, symbol, sent)


def _subject(text: str, f: str, c: _Cand) -> str | None:
    """The clause without its comparator, number (and "%"), and lead-in filler ("phấn đấu", "có")."""
    if c.label:
        return c.label
    s, e = c.start, c.end
    cut_end = c.num.span[1] if c.kind in ("count", "people") else c.q1  # "03 trường …" keeps "trường"
    pm = CLOSE_PAREN_RE.match(text, c.q1)
    if c.q0 > s and text[c.q0 - 1] == "(" and pm:  # "giao (269 người)": drop the bracket
        before, after = text[s:c.q0 - 1], text[pm.end():e]
    else:
        per = PER_RE.match(text, c.q1, e).end() if c.kind in ("money", "measure") else c.q1  # "đồng/người/năm"
        am = after_re().match(f, per, e)  # "… 80% trở lên …", "03 cá nhân trở lên"
        head = c.head_end if c.head_end >= 0 else c.q0
        before, after = text[s:head], text[cut_end:c.q1] + (text[am.end():e] if am else text[per:e])
        nm = noun_re().match(f, c.q1 + len(f[c.q1:e]) - len(f[c.q1:e].lstrip())) if c.kind == "percent" else None
        am = after_re().match(f, nm.end(), e) if nm else None
        if am:  # "85% hộ gia đình trở lên ký cam kết"
            after = text[c.q1:nm.end()] + text[am.end():e]
    before = before.lstrip()
    while lead := word_re("lead").match(fold(before)):  # "Phấn đấu có ít nhất 60% …"
        if not phrase_ok(before, lead, context("lead")):
            break
        before = before[lead.end():].lstrip()
    subject = " ".join((before + " " + after).split()).strip(TRAIL_PUNCT)
    return subject or None


def find_quotas(text: str, base: int = 0, *, targets: bool = False, folded: str | None = None) -> list[Quota]:
    """Targets with a number in one paragraph, spans shifted by `base`; `targets` says the paragraph stands
    under a "Chỉ tiêu" / "Mục tiêu" heading (every number there is meant as a target); `folded` is
    `fold(text)` when the caller has it.

    >>> [(q.operator, q.value, q.unit) for q in find_quotas("- Tỷ lệ hộ nghèo: dưới 0,08%;")]
    [('<', 0.08, '%')]
    """
    written, text = text, text.replace("*", " ")  # markdown emphasis is transparent (same length)
    f = fold(text) if folded is None else folded.replace("*", " ")  # only "*" folds to "*"
    if not (numbers := _numbers(text, f)):
        return []  # most paragraphs with digits: headings, dates, document numbers
    ix = Para(text, f)
    cands = list(_candidates(text, f, ix, targets, numbers))
    for i, c in enumerate(cands):
        c.start, c.label = ix.clause_start(c.sent, c.q0)
        c.end = ix.clause_end(c.sent, c.q1)
        prev = cands[i - 1] if i else None
        if prev and prev.sent == c.sent and c.q0 >= prev.q1:
            gap = text[prev.q1:c.q0]
            if _baseline(text, prev, gap):  # "từ 45% lên 48%": the first number is where the target starts from
                prev.end, c.start, c.label, c.head_end = -1, prev.start, prev.label, prev.q0
            elif LIST_GAP_RE.fullmatch(text[prev.q1:c.num.span[0]]):  # "tối đa 02 tập thể, 03 cá nhân": one list
                c.start, c.label, c.inherits = prev.start, prev.label, not c.explicit
                c.head_end = prev.head_end if prev.head_end >= 0 else prev.q0
                c.item = prev.item + 1
                if c.item > MAX_LIST_ITEMS:  # no real list is this long: keep each text short, not the whole list
                    c.start = c.q0
                prev.end = prev.q1
            else:
                seps = [m for m in SEP_RE.finditer(gap) if not ix.inside(prev.q1 + m.start())]
                if seps:
                    prev.end = min(prev.end, prev.q1 + seps[-1].start())
                    c.start = max(c.start, prev.q1 + seps[-1].end())
                else:
                    prev.end = min(prev.end, c.q0)
                    c.start = max(c.start, c.q0)
    out: list[Quota] = []
    ops: list[str] = []
    paid: tuple[tuple[int, int], int] | None = None  # (sentence, end) of the last reward amount
    for c in cands:
        s, e = tidy_span(text, c.start, max(c.end, c.q1))
        e = max(drop_note(f, s, e), min(e, c.q1))
        clause = text[s:e]
        if c.end >= c.q1 and _reward(text, ix, c, paid[1] if paid and paid[0] == c.sent else -1):
            paid = (c.sent, c.q1)
            ops.append("")
            continue
        if c.end < c.q1 or not _clause_ok(text, ix, c, clause, targets):
            ops.append("")
            continue
        n = c.num
        if n.value_max is not None:
            op = "range"
        elif c.inherits and ops and ops[-1]:
            op = ops[-1]
        elif c.symbol:
            op = c.symbol
        else:
            per = PER_RE.match(text, c.q1, c.sent[1]).end() if c.kind in ("money", "measure") else c.q1
            op = find_comparator(text[max(c.sent[0], n.span[0] - BEFORE_CHARS):n.span[0]],
                                 text[n.span[1]:c.q1] + text[per:min(c.sent[1], per + AFTER_CHARS)])
            if kept_under(ix, s, n.span[0]):
                op = "<="
        ops.append(op)
        c.start, c.end = s, e
        out.append(Quota(" ".join(written[s:e].split()), _subject(text, f, c), op, n.value, n.value_max, c.unit,
                         (s + base, e + base), n.span[0] + base))
    return out


def _reward(text: str, ix: Para, c: _Cand, since: int) -> bool:
    """A sum of money paid out as a reward, whatever the sentence or heading says about targets ("tối đa 05
    tập thể, mỗi tập thể được thưởng 500.000 đồng"): a reward word shortly before it, or a reward amount
    (ending at `since`) of the same sentence ("…, mỗi cá nhân 500.000 đồng"), or "/giải" after it."""
    if not is_money(c.unit, c.kind):
        return False
    return ix.reward_before(c.sent, c.q0, c.num.span[0], since) or reward_after(text, ix.f, c.q1)


def _baseline(text: str, prev: _Cand, gap: str) -> bool:
    """"từ 3,5% xuống còn 2%", "từ 5 xã lên 8 xã": `prev` follows "từ" and only "lên"/"xuống còn" stands between."""
    m = word_re("baseline").fullmatch(fold(gap).strip())
    return bool(m and fold(text[prev.q0:prev.q0 + 2]) == "tu" and phrase_ok(gap.strip(), m, context("baseline")))


def _clause_ok(text: str, ix: Para, c: _Cand, clause: str, targets: bool) -> bool:
    """Reports of what was done ("đã giải quyết … đạt 104%"), descriptions ("toàn phường có 12 tổ dân phố")
    and head-counts or sums without a target word ("Kinh phí: 20.000.000 đồng") are not quotas."""
    if targets or c.explicit or ix.signal_in(c.sent):
        return True
    cf = fold(clause)
    if any(phrase_ok(clause, m, context("share")) for m in word_re("share").finditer(cf)):
        return False  # "ngân sách tỉnh hỗ trợ 70%", "nữ chiếm 30%": a share, not a target
    d = word_re("descriptive").search(fold(text[max(c.sent[0], c.q0 - 12):c.q0]) + " ")
    if c.kind != "percent" and d and text[max(c.sent[0], c.q0 - 12):c.q0][d.end():].strip() == "":
        return False
    weak = any(phrase_ok(clause, m, context("weak_signal")) for m in word_re("weak_signal").finditer(cf))
    if ix.past_before(c.sent, c.num.span[0]):
        return False
    return not needs_signal(c.unit) or weak


def _cells(line: str) -> list[tuple[int, int]]:
    """Non-empty cells of a table row, trimmed."""
    out = []
    for m in CELL_RE.finditer(line):
        if m.group().strip():
            out.append((m.start() + len(m.group()) - len(m.group().lstrip()), m.start() + len(m.group().rstrip())))
    return out


@lru_cache(maxsize=1)
def _comparators_only_re() -> "regex.Pattern[str]":
    return regex.compile(r"(?:\s*(?:" + alt([r["phrase"] for r in load_table("comparators")]) + r"))+\s*")


def find_table_quotas(line: str, base: int = 0) -> list[Quota]:
    """A row of a target table ("| 3 | Tỷ lệ hộ nghèo | % | dưới 1,5 |", cells split by "|" or tabs): the
    first text cell is the subject, a unit cell (ĐVT) or "%" the unit, the last number cell the target."""
    cells = _cells(line)
    if len(cells) < 3:
        return []
    subject, unit, value, duration = None, None, None, False
    pat, info = units()
    for i, (a, b) in enumerate(cells):
        cell = line[a:b]
        if i == 0 and STT_RE.fullmatch(cell):
            continue
        nums = [n for n in find_numbers(cell, a) if "/" not in n.text]
        rest = fold(VALUE_CHARS_RE.sub(" ", cell)).strip()
        um = pat.fullmatch(fold(cell))
        if nums and (not rest or _comparators_only_re().fullmatch(rest)):
            value = (a, b, nums[-1])
        elif cell.strip() == "%" or (um and info[unit_key(um.group("u"))][0] != "time"):
            unit = " ".join(cell.split())
            duration = bool(um) and info[unit_key(um.group("u"))][0] == "duration"
        elif subject is None and words(cell) >= 2 and not nums:
            subject = (a, b)
    if subject is None or value is None:
        return []
    a, b, n = value
    unit = "%" if n.is_percent else unit
    if unit is None:
        return []
    cell = line[a:b]
    sym = SIGN_RE.search(cell)
    op = ("range" if n.value_max is not None else SYMBOL_OPS[sym.group()] if sym
          else find_comparator(cell[:n.span[0] - a], cell[n.span[1] - a:]))
    if duration and not n.is_percent and op not in ("<=", ">="):
        return []  # "| Thời gian hoàn thành | ngày | 30 |": a duration, not a limit
    label = " ".join(line[subject[0]:subject[1]].split())
    return [Quota(" ".join(line[subject[0]:b].split()), label, op, n.value, n.value_max, unit,
                  (subject[0] + base, b + base), n.span[0] + base)]


def _context_of(doc: KhDoc, a: int) -> str:
    """"report" under a heading about past results, "targets" under a "Chỉ tiêu" / "Mục tiêu" heading or
    right after a "Chỉ tiêu:" line, else ""."""
    sec, heads = doc.section_at(a), []
    while sec is not None:
        heads.append(sec.heading)
        sec = sec.parent
    line = doc.line_at(a)
    if line is not None and line.index > 0:
        prev = doc.lines[line.index - 1].text.strip()
        if prev.endswith(":") and words(prev) <= 6:
            heads.append(prev)
    for kind in ("report", "signal"):
        for h in heads[:2] if kind == "report" else heads:
            if _heading_says(h, kind):
                return "report" if kind == "report" else "targets"
    return ""


@lru_cache(maxsize=1024)
def _heading_says(h: str, kind: str) -> bool:
    """A heading holds a phrase of `kind` (cached: every paragraph of a section asks about the same headings)."""
    return any(phrase_ok(h, m, context(kind)) for m in word_re(kind).finditer(fold(h)))


def extract(doc: KhDoc) -> Found:
    """Quotas of the body, de-duplicated (a target repeated word for word in another part counts once)."""
    items: list[Quota] = []
    seen: set[tuple] = set()
    for a, b in body_paragraphs(doc):
        if not DIGIT_RE.search(doc.text, a, b):  # every quantity is written with digits (values.find_numbers)
            continue
        where = _context_of(doc, a)
        if where == "report":
            continue
        para = doc.text[a:b]
        rows = [(m.start(), m.end()) for m in LINE_RE.finditer(para)]
        table = ("|" in para or "\t" in para) and all(len(_cells(para[x:y])) >= 3 for x, y in rows)
        found = ([q for x, y in rows for q in find_table_quotas(para[x:y], a + x)] if table
                 else find_quotas(para, a, targets=where == "targets", folded=doc.folded[a:b]))
        for q in found:
            key = (q.value, q.value_max, fold(q.unit), fold(q.text))
            if key in seen:
                continue
            seen.add(key)
            items.append(replace(q, section=doc.section_path(q.at)))
    items.sort(key=lambda q: (q.span, q.at))
    return Found({"quotas": [q.to_json() for q in items]})
