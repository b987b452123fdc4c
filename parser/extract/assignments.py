"""`assignments`: who must do what, from the implementation part of a plan.

The part is the section headed "TỔ CHỨC THỰC HIỆN" or an equivalent
(rules/assignment_headings.tsv); when such a heading also appears inside it
as a sub-heading ("III. TỔ CHỨC THỰC HIỆN" > "3. Tổ chức thực hiện"), only
the innermost one is read: the outer part's other items are then general
tasks, not assignments. An unnumbered line "TỔ CHỨC THỰC HIỆN" opens a part
up to the end of the section it stands in.

Inside the part each numbered item is read by its heading (`find_subject`:
after a lead verb "Giao", "Đề nghị", "Yêu cầu" or a frame "Trách nhiệm của",
past an opening "Căn cứ Kế hoạch …,", up to the first predicate verb or ":";
verbs inside names are skipped — capitalised "Ban Tổ chức", right after a
head that needs its field "Ban quản lý", after "các" as in "các tổ chức",
or followed by a locality or the next body "… đầu tư xây dựng, Trung tâm …"):
- a unit heading ("1. Phòng Nội vụ", "3. Đề nghị Ban Tuyên giáo, …", "2. Sở
  Nội vụ (Ban Thi đua - Khen thưởng)", "3. Trưởng các thôn, bản"): the unit
  is the heading as written, lead verb and bracket included (`units` has the
  bodies alone), the duties are the bullets and paragraphs under it, up to
  the closing lines or a signature block (`assignment_parts`);
- "8. Các Cụm thi đua thuộc Quận: Mỗi Cụm …": the unit before the colon,
  the text after it is the first duty;
- a sentence ("2. Phòng Văn hóa và Thông tin quận đẩy mạnh …", "3. Giao
  phòng Nội vụ quận theo dõi …"): the unit is its subject, the whole
  sentence as written is the first duty, paragraphs under it follow;
- an item that names no body ("1. Phát động thi đua") is read for loose
  sentences that do ("Giao Phòng Nội vụ …", "UBND các xã có trách nhiệm …",
  "- Phòng Nội vụ: tham mưu …"), and its sub-items are read in turn;
- a unit heading whose sub-items are themselves units ("2. Các phòng
  chuyên môn" > "a) Phòng Nội vụ") gives one assignment per sub-item.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from ..model import Found, KhDoc, Line, Section
from ..rules import load_table
from ..text.fold import fold
from .assignment_parts import Part, closing_line, duty_lines, duty_text, duty_texts, executors, find_parts, is_impl_heading
from .unit_split import (
    BULLET_RE as ENUM_RE,
    WORD_RE,
    admin_re,
    head_match,
    spelled,
    split_units,
    starts_body,
    strip_lead,
    trim_unit,
    word_re,
    words,
)

__all__ = ["Subject", "executors", "extract", "find_parts", "find_subject", "is_impl_heading"]

BULLET_RE = regex.compile(r"^\s*[-–—+•*]\s*")
HEADING_JUNK_RE = regex.compile(r"[\s.:;,*_]+$")
SENTENCE_START_RE = regex.compile(r"(?<=[.;!?]\s+)(?=\p{Lu})")
SENTENCE_END_RE = regex.compile(r"[.!?](?:/\.)?(?=\s+\p{Lu}|\s*$)")
WS_RE = regex.compile(r"\s+")
LETTER_RE = regex.compile(r"\p{L}")
LIST_JOIN_RE = regex.compile(r"\s*(?:,|va\s)\s*")  # folded


# --- the unit phrase of a heading or sentence -----------------------------------


@dataclass(frozen=True)
class Subject:
    """The unit phrase of a heading or sentence: `text[start:end]`.

    `stop` says what ended it: "verb" (a predicate follows: a sentence),
    "colon" (a duty follows the colon) or "end" (the whole heading is the
    unit); `lead` is True when a lead verb or frame preceded it.
    """

    start: int
    end: int
    stop: str
    lead: bool
    colon: int | None = None


@lru_cache(maxsize=1)
def _alone_predicates() -> frozenset[str]:
    return frozenset(fold(r["phrase"]) for r in load_table("assignment_verbs") if r["kind"] == "predicate" and r["alone"] == "1")


@lru_cache(maxsize=None)
def _folded_words(kind: str) -> tuple[tuple[str, int, str], ...]:
    """(phrase, its word count, folded) of the assignment_unit_words of `kind`."""
    return tuple((p, len(p.split()), fold(p)) for p in words("assignment_unit_words", kind))


def _after_word(text: str, pos: int, kind: str) -> bool:
    """The words before `pos` end with a quantifier ("các") or a preposition ("của"), spelled as
    such ("mối" is not "mỗi")."""
    before = text[:pos].split()
    tails: dict[int, tuple[str, str]] = {}  # word count -> the last words and their fold
    for phrase, n, folded in _folded_words(kind):
        if len(before) < n:
            continue
        if n not in tails:
            cand = " ".join(before[-n:])
            tails[n] = (cand, fold(cand))
        cand, fc = tails[n]
        if fc == folded and spelled(cand, (phrase,)):
            return True
    return False


def _depths(text: str) -> list[int]:
    """Nesting in parentheses and quotes at each offset: no verb inside them ends a subject
    ("Ban Chỉ đạo phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa”")."""
    if "(" not in text and "“" not in text and '"' not in text:
        return [0] * len(text)  # nothing opens a nesting (most headings)
    out, d, quoted = [], 0, False
    for ch in text:
        if ch == "(" or ch == "“":
            d += 1
        elif ch == '"':
            quoted = not quoted
            d += 1 if quoted else 0
        out.append(d)
        if (ch == ")" or ch == "”" or (ch == '"' and not quoted)) and d:
            d -= 1
    return out


def _named_head_ends(text: str, f: str, start: int) -> set[int]:
    """Ends of heads that need a field after them ("Ban" in "Ban quản lý"); a lower-case head
    inside a list or after "các" is a generic noun ("các thôn, ban căn cứ …")."""
    ends = set()
    for m in word_re("assignment_unit_words", "named_head", anchored=False).finditer(f, start):
        if _after_word(text[start:m.start()], m.start() - start, "quantifier"):
            continue
        if m.start() > start and not text[m.start()].isupper():
            continue
        ends.add(m.end())
    return ends


def _is_predicate(text: str, f: str, m: "regex.Match[str]", start: int, named_ends: set[int], upper: bool) -> bool:
    word = text[m.start():m.end()]
    if not spelled(word, words("assignment_verbs", "predicate")):
        return False  # one-syllable verbs only with their diacritics ("mở", not "mô hình")
    if not upper and word[:1].isupper():
        return False  # "Ban Tổ chức", "Phòng Quản lý Đô thị"
    before = f[start:m.start()].rstrip()
    if not before or _after_word(text, m.start(), "quantifier") and m.start() > start:
        return False  # "các tổ chức"
    if len(before) + start in named_ends:
        return False  # "Ban quản lý", "Ban chỉ đạo"
    after = f[m.end():]
    if admin_re().match(after.lstrip()) and after[:1].isspace():
        return False  # "… đầu tư xây dựng quận": the name goes on with its locality
    n = LIST_JOIN_RE.match(after)
    if n and starts_body(text[m.end() + n.end():]):
        return False  # "… xây dựng, Trung tâm …": part of a name in a list
    if not after.strip(" .;:") and fold(WS_RE.sub(" ", word.lower())) not in _alone_predicates():
        return False  # "Ban Quản lý dự án đầu tư xây dựng.": a name, not "Phòng Nội vụ có trách nhiệm:"
    return True


def _subject_start(text: str, f: str, pos: int) -> int | None:
    """After an opening "Căn cứ …", the first body named that is not a complement ("của Hội đồng …")."""
    m = word_re("assignment_verbs", "leadin").match(f[pos:])
    if not m:
        return pos
    depth = _depths(text)
    for w in WORD_RE.finditer(f, pos + m.end()):
        if depth[w.start()]:
            continue
        lo = pos + m.end()
        if _after_word(text[lo:w.start()], w.start() - lo, "preposition") or _after_word(text[lo:w.start()], w.start() - lo, "quantifier"):
            continue
        if word_re("assignment_unit_words", "quantifier").match(f[w.start():]) or head_match(text, f, w.start()):
            return w.start()
    return None


def _first_predicate(text: str, f: str, start: int, colon: int | None, depth: list[int], upper: bool) -> int | None:
    named_ends = _named_head_ends(text, f, start)
    stop = colon if colon is not None else len(f)
    return next((v.start() for v in word_re("assignment_verbs", "predicate", anchored=False).finditer(f, start, stop)
                 if not depth[v.start()] and _is_predicate(text, f, v, start, named_ends, upper)), None)


def _mid_lead(text: str, f: str, start: int, stop: int | None, depth: list[int]) -> int | None:
    """Start of the unit after a lead verb inside the subject ("UBND quận | đề nghị | các đơn vị …")."""
    for m in word_re("assignment_verbs", "lead", anchored=False).finditer(f, start + 1, stop if stop is not None else len(f)):
        word = text[m.start():m.end()]
        if depth[m.start()] or word[:1].isupper() or not spelled(word, words("assignment_verbs", "lead")):
            continue
        nxt = m.end() + len(f[m.end():]) - len(f[m.end():].lstrip())
        if starts_body(text[nxt:]):
            return nxt
    return None


@lru_cache(maxsize=1024)
def find_subject(text: str) -> Subject | None:
    """The unit phrase of a heading or sentence, or None when it names no body.

    >>> s = find_subject("Giao phòng Nội vụ quận theo dõi, đôn đốc việc thực hiện")
    >>> "Giao phòng Nội vụ quận theo dõi"[s.start:s.end], s.stop
    ('phòng Nội vụ quận', 'verb')
    """
    f = fold(text)
    m = ENUM_RE.match(f)
    pos = m.end() if m else 0
    after_lead = strip_lead(text[pos:]) + pos
    lead = after_lead > pos
    start = _subject_start(text, f, after_lead)
    if start is None:
        return None
    if not starts_body(text[start:], strict=not lead and start == after_lead):
        return None  # "Đối với cấp huyện", "Phát động thi đua": no body named
    depth = _depths(text)
    letters = [c for c in text[start:start + 80] if c.isalpha()]
    upper = bool(letters) and all(c.isupper() for c in letters)
    c = next((i for i in range(start, len(text)) if text[i] == ":" and not depth[i]), None)
    verb = _first_predicate(text, f, start, c, depth, upper)
    inner = _mid_lead(text, f, start, verb if verb is not None else c, depth)
    if inner is not None:  # "UBND quận đề nghị các đơn vị … triển khai": the unit is the one asked
        start, lead = inner, True
        verb = _first_predicate(text, f, start, c, depth, upper)
    if verb is not None:
        end, stop, colon = verb, "verb", None
    elif c is not None:
        end, stop, colon = c, "colon", c
    else:
        end, stop, colon = len(text), "end", None
    a, b = trim_unit(text, start, end)
    if b <= a:
        return None
    if stop == "verb" and len(text[a:b].split()) > 30:
        return None
    if stop != "verb" and not lead and len(text[a:b].split()) > 40:
        return None
    return Subject(a, b, stop, lead or start > after_lead, colon)


# --- implementation parts and their items --------------------------------------


def _assignment(unit_text: str, unit_start: int, duties: list[str], section: str | None, span: tuple[int, int]) -> dict | None:
    unit = HEADING_JUNK_RE.sub("", WS_RE.sub(" ", unit_text)).strip()
    units = [u.text for u in split_units(unit_text, unit_start)]
    if not unit or not units:
        return None
    return {"unit": unit, "units": units, "duties": [d for d in duties if d], "section": section, "span": [span[0], span[1]]}


def _heading_unit(heading: str, subj: Subject) -> tuple[str, int]:
    """The unit of a heading as written, from its start (with a lead verb: "Đề nghị Ủy ban MTTQ …") to its
    end or colon (with a bracket: "Sở Nội vụ (Ban Thi đua - Khen thưởng)"), and its offset in `heading`;
    a heading whose unit comes after an opening ("Căn cứ Kế hoạch, …") keeps the subject alone."""
    m = ENUM_RE.match(fold(heading))
    start = m.end() if m else 0
    if subj.stop not in ("end", "colon") or strip_lead(heading[start:]) + start != subj.start:
        return heading[subj.start:subj.end], subj.start
    end = subj.colon if subj.stop == "colon" and subj.colon is not None else len(heading)
    return HEADING_JUNK_RE.sub("", heading[start:end]).strip(), start


def _from_subject(text: str, subj: Subject, *, heading: bool = False) -> tuple[str, list[str]]:
    """The unit text and the duties a heading or sentence contributes itself; a heading's unit is
    written as in the heading (`_heading_unit`)."""
    unit = _heading_unit(text, subj)[0] if heading else text[subj.start:subj.end]
    if subj.stop == "colon" and subj.colon is not None:
        rest = text[subj.colon + 1:].strip()
        return unit, [rest] if LETTER_RE.search(rest) else []
    if subj.stop == "verb":
        if text.rstrip().endswith(":"):  # "Phòng Nội vụ có trách nhiệm:", "… thực hiện các nhiệm vụ sau:"
            return unit, []
        return unit, [WS_RE.sub(" ", BULLET_RE.sub("", text)).strip()]
    return unit, []


def _item(doc: KhDoc, sec: Section, end: int) -> list[dict]:
    """Assignments of one numbered item of the implementation part."""
    head = doc.lines[sec.line_index]
    kids = [c for c in sec.children if c.start < end]
    own = doc.lines_in((head.end, min(kids[0].start if kids else sec.end, end)))
    subj = find_subject(sec.heading)
    if subj is None:  # "1. Phát động thi đua": loose sentences, then the sub-items
        return _loose(doc, own) + [a for c in kids for a in _item(doc, c, end)]
    i = head.text.find(sec.heading[:20])
    base = head.start + max(i, 0)
    unit, duties = _from_subject(sec.heading, subj, heading=True)
    group = bool(kids) and 2 * sum(find_subject(c.heading) is not None for c in kids) >= len(kids)
    if group:  # "2. Các phòng chuyên môn" > "a) Phòng Nội vụ", "b) …": one assignment per sub-item
        lines = duty_lines(own)
        out = [a for c in kids for a in _item(doc, c, end)]
        if not (duties or lines):
            return out
    else:  # sub-items "a) Tham mưu …" are duties of this unit
        lines = duty_lines(own + [ln for c in kids for ln in doc.lines_in((c.start, min(c.end, end)))])
        out = []
    kid_heads = {c.line_index: c.heading for c in kids}
    texts = duties + duty_texts(doc.text, lines, kid_heads)
    a = _assignment(unit, base + _heading_unit(sec.heading, subj)[1], texts, sec.path,
                    (sec.start, lines[-1].end if lines else head.end))
    return ([a] if a else []) + out


def _loose(doc: KhDoc, lines: list[Line]) -> list[dict]:
    """Sentences in the part outside unit items that name a body: "Giao …", "Đề nghị …",
    "UBND các xã … có trách nhiệm …", "- Phòng Nội vụ: tham mưu …", or an unnumbered unit
    line ("Phòng Nội vụ", "- Phòng Tài chính:") whose bullets follow; "+" sub-bullets after
    a sentence are its duties too."""
    out: list[dict] = []
    cur: dict | None = None
    collect = False  # the current assignment takes every following bullet
    for k, ln in enumerate(lines):
        if closing_line(ln):
            break
        text = BULLET_RE.sub("", ln.text)
        base = ln.start + (len(ln.text) - len(text))
        bullet = text != ln.text
        if cur is not None and bullet and (collect or ln.text.lstrip().startswith("+")):
            cur["duties"].append(duty_text(ln))
            cur["span"][1] = ln.end
            continue
        subj = find_subject(text)
        next_bullet = k + 1 < len(lines) and bool(BULLET_RE.match(lines[k + 1].text))
        heading_line = (subj is not None and subj.stop == "end" and not bullet and next_bullet
                        and len(text.split()) <= 15 and not text.rstrip().endswith((".", ";")))
        if subj is not None and (subj.lead or subj.stop in ("verb", "colon") or heading_line):
            unit, duties = _from_subject(text, subj)
            cur = _assignment(unit, base + subj.start, duties, doc.section_path(ln.start), (ln.start, ln.end))
            collect = cur is not None and not cur["duties"]
            out += [cur] if cur else []
            continue
        inner = _inner_sentences(doc, ln)
        out.extend(inner)
        cur, collect = None, False
    return out


def _inner_sentences(doc: KhDoc, ln: Line) -> list[dict]:
    """"Kinh phí … năm 2024. Giao Phòng Tài chính - Kế hoạch hướng dẫn …": a sentence inside a
    paragraph that opens with a lead verb is an assignment of its own (from there to the sentence end)."""
    out = []
    for m in SENTENCE_START_RE.finditer(ln.text):
        text = ln.text[m.start():]
        stop = SENTENCE_END_RE.search(text)
        text = text[: stop.end() if stop else len(text)].rstrip()
        subj = find_subject(text)
        if subj is None or not subj.lead or subj.stop != "verb":
            continue
        a = _assignment(text[subj.start:subj.end], ln.start + m.start() + subj.start, [text.strip()],
                        doc.section_path(ln.start), (ln.start + m.start(), ln.start + m.start() + len(text)))
        out += [a] if a else []
    return out


def _part_assignments(doc: KhDoc, part: Part) -> list[dict]:
    """Loose sentences before the part's first item, then each item."""
    if part.section is not None:
        tops = [c for c in part.section.children if c.start < part.end]
    else:
        tops = [s for s in doc.flat_sections if part.start <= s.start < part.end
                and not (s.parent and part.start <= s.parent.start < part.end)]
    out = _loose(doc, doc.lines_in((part.start, tops[0].start if tops else part.end)))
    return out + [a for s in tops for a in _item(doc, s, part.end)]


def extract(doc: KhDoc) -> Found:
    """Assignments of every implementation part, sorted by span, one per span."""
    items: dict[tuple[int, int], dict] = {}
    for part in find_parts(doc):
        for a in _part_assignments(doc, part):
            items.setdefault((a["span"][0], a["span"][1]), a)
    return Found({"assignments": [items[k] for k in sorted(items)]})
