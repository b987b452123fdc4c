"""Cited documents: `legal_basis` (what the preamble says the plan implements)
and `references` (every other document the plan cites).

Example: "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31/12/2023 của Chính phủ quy
định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;" gives
kind "Nghị định", number "98/2023/NĐ-CP", date 2023-12-31, issuer "Chính
phủ", subject "quy định chi tiết thi hành một số điều của Luật Thi đua, khen
thưởng".

Judgement calls (they follow the gold data):
- A citation needs a number ("Nghị định số 91/2017/NĐ-CP", "Đề án 06"), except
  in the preamble, where a basis named by its title counts ("Căn cứ Luật Thi
  đua, khen thưởng ngày 15 tháng 6 năm 2022", "Thực hiện … Nghị quyết Đại hội
  đại biểu Đảng bộ thành phố Hà Nội lần thứ XVII, nhiệm kỳ 2020 - 2025"), and
  so does one named by what it is about, the year it covers and its body
  ("Căn cứ Chương trình công tác năm 2025 của Ban Thường vụ Huyện ủy"; dev3
  gold, three issuers). Generic mentions ("Kế hoạch này", "các Nghị quyết của
  Quận ủy", "Kế hoạch của UBND quận về …", "Nghị quyết năm 2024 của HĐND xã",
  "kế hoạch 5 năm") are never citations.
- A year in a numberless title is part of the title ("Nghị quyết Hội nghị
  người lao động … năm 2025"), not its date; only a law is cited by the year
  it was passed ("Bộ luật Lao động năm 2019").
- Citations chained before one "của" clause share its body: in "Chỉ thị số
  17-CT/TU ngày 27/02/2020 và Chỉ thị số 19-CT/TU ngày 11/6/2020 của Ban
  Thường vụ Tỉnh ủy" both were issued by the Ban Thường vụ.
- A document cited several times in the body is listed once, at its first
  mention, with date, issuer and subject completed from later mentions.
  A basis the body cites again is listed in `references` too (sample 000).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import regex

from ..model import Found, KhDoc
from ..text.fold import fold
from ..values.dates import DateValue
from .citations_lex import canonical_kind, issuer_code, kind_named, kind_re, words
from .citations_scan import (
    Anchor, Tail, date_at, find_anchors, parse_tail, scan_issuer, scan_subject, skip_ws, year_date,
)

__all__ = ["Citation", "find_citations", "merge_duplicates", "extract"]

WS_RE = regex.compile(r"\s+")
NUMBER_KEY_RE = regex.compile(r"[\s\-–—]")
YEAR_IN_NUMBER_RE = regex.compile(r"/((?:19|20)\d\d)/")
CHAIN_GAP_RE = regex.compile(r"\s*(?:,|,?\s*va)?\s*")
CHAIN_RE = regex.compile(r"\s*(?:,|;|,?\s*va)\s*")
BASIS_BEFORE_RE = regex.compile(r"(?:^|[;\n]|^\s*[-–+•*]|\n\s*[-–+•*])\s*$")
LIST_BEFORE_RE = regex.compile(r"(?:,|(?<!\w)va)\s*$")
# "Nghị quyết Đại hội … lần thứ XIII của Đảng": the congress "of the Party" is one body.
ORG_OF_RE = regex.compile(r"\s*,?\s*cua\s+")
NAME_START_RE = regex.compile(r"\s+(?=[“\"]?\p{Lu})")
# A lower-case title that ends with the year or years it covers, then "của" (folded): "công tác năm
# 2025", "kiểm tra nội bộ năm học 2024 - 2025", "phát triển … giai đoạn 2021 - 2025"; at least one word
# names what it is about ("Nghị quyết năm 2024 của HĐND xã" is any of that year's resolutions).
YEARLY_NAME_RE = regex.compile(
    r"\s+(?P<name>(?:[^\s;:.!?“”\"()]+[ \t]+){1,16}?(?:nam(?:\s+hoc)?|giai\s+doan|nhiem\s+ky)\s+(?:19|20)\d\d"
    r"(?:\s*[-–]\s*(?:19|20)\d\d)?)(?!\d)(?=\s*,?\s+cua\s)"
)


@dataclass(frozen=True)
class Citation:
    """A cited document; spans index the text given to `find_citations` (plus its base)."""

    span: tuple[int, int]
    text: str
    kind: str
    number: str | None
    date: DateValue | None
    issuer: str | None
    subject: str | None

    def key(self) -> str:
        """Identity of the cited document: its number (spaces and dashes ignored), else kind and title."""
        if self.number:
            return "n:" + NUMBER_KEY_RE.sub("", fold(self.number))
        return "t:" + fold(self.kind) + ":" + WS_RE.sub(" ", fold(self.text))

    def to_json(self) -> dict:
        return {
            "text": self.text,
            "kind": self.kind,
            "number": self.number,
            "date": self.date.to_json() if self.date else None,
            "issuer": self.issuer,
            "subject": self.subject,
            "span": [self.span[0], self.span[1]],
        }


def _clean(s: str) -> str:
    return WS_RE.sub(" ", s).strip()


def _shift(d: DateValue | None, base: int) -> DateValue | None:
    if d is None or d.span is None or not base:
        return d
    return replace(d, span=(d.span[0] + base, d.span[1] + base))


def _build(text: str, base: int, start: int, end: int, kind: str, number: tuple[int, int] | None,
           date: DateValue | None, issuer: tuple[int, int] | None, subject: tuple[int, int] | None) -> Citation:
    return Citation(
        span=(start + base, end + base),
        text=_clean(text[start:end]),
        kind=canonical_kind(kind),
        number=_clean(text[number[0]:number[1]]) if number else None,
        date=_shift(date, base),
        issuer=_clean(text[issuer[0]:issuer[1]]) if issuer else None,
        subject=_clean(text[subject[0]:subject[1]]) if subject else None,
    )


def _numbered(text: str, f: str, anchors: list[Anchor]) -> list[tuple[Citation, int, int]]:
    """Citations at numbered anchors, with their local (start, end).

    A trích yếu that runs straight into the next cited number ("về tiếp tục thực hiện Chỉ
    thị số 05-CT/TW …", "quy định chi tiết … của Nghị định số 91/2017/NĐ-CP") holds that
    citation: it goes on to its end. Both are listed."""
    parts: list[tuple[Anchor, str, int, Tail]] = []
    for i, a in enumerate(anchors):
        limit = anchors[i + 1].start if i + 1 < len(anchors) else len(text)
        if a.number is None:
            continue
        kind = a.kind
        if kind is None:  # "Chỉ thị số 17-CT/TU, 19-CT/TU": only right after a cited number
            if not parts or not CHAIN_RE.fullmatch(f, max(parts[-1][0].end, parts[-1][3].end), a.start):
                continue
            kind = parts[-1][1]
        ym = YEAR_IN_NUMBER_RE.search(text, a.number[0], a.number[1])
        parts.append((a, kind, limit, parse_tail(text, f, a.end, limit, int(ym.group(1)) if ym else None)))
    out: list[tuple[Citation, int, int]] = []
    next_start, next_end = -1, -1
    for a, kind, limit, tail in reversed(parts):
        issuer, subject, end = tail.issuer, tail.subject, max(a.end, tail.end)
        if subject is not None and next_start == limit and not text[subject[1]:limit].strip():
            subject, end = (subject[0], next_end), next_end
        if a.name is not None:
            ns, ne = a.name
            if f.startswith("cua ", ns) and issuer is None:
                issuer = scan_issuer(text, f, skip_ws(text, ns + 4, ne), ne)
            elif subject is None and kind_named(kind):
                subject = a.name
        out.append((_build(text, 0, a.start, end, kind, a.number, tail.date, issuer, subject), a.start, end))
        next_start, next_end = a.start, end
    out.reverse()
    return _share_issuers(f, out)


def _share_issuers(f: str, cits: list[tuple[Citation, int, int]]) -> list[tuple[Citation, int, int]]:
    """"A ngày … và B ngày … của X": A takes X when nothing but "," / "và" separates them and
    their numbers end in the same body code ("17-CT/TU", "19-CT/TU"; not "21-CT/TU và … 01-KL/TW");
    `f` is the folded text."""
    for i in range(len(cits) - 2, -1, -1):
        c, _, end = cits[i]
        n, nstart, _ = cits[i + 1]
        same_body = not c.number or not n.number or issuer_code(fold(c.number)) == issuer_code(fold(n.number))
        if c.issuer is None and c.subject is None and n.issuer and same_body and CHAIN_GAP_RE.fullmatch(f, end, nstart):
            cits[i] = (replace(c, issuer=n.issuer), cits[i][1], end)
    return cits


def _opens_basis(text: str, f: str, ks: int, ends: list[int]) -> bool:
    """A numberless title at `ks` is a basis when a cue ("Căn cứ", "Thực hiện"), a ";" or the
    line start comes right before it, or a "," / "và" right after another basis."""
    line_start = text.rfind("\n", 0, ks) + 1
    before = f[max(line_start, ks - 60):ks]
    if BASIS_BEFORE_RE.search(f, max(line_start, ks - 60), ks) or not before.strip():
        return True
    for m in words("cue").rx.finditer(f, max(line_start, ks - 40), ks):
        if m.end() <= ks and not f[m.end():ks].strip() and words("cue").match(text, f, m.start(), ks):
            return True
    lm = LIST_BEFORE_RE.search(f, max(line_start, ks - 8), ks)
    if lm is not None:
        return any(not f[e:lm.start()].strip() for e in ends if e <= lm.start())
    return False


def _numberless(text: str, f: str, anchors: list[Anchor],
                cits: list[tuple[Citation, int, int]]) -> list[tuple[Citation, int, int]]:
    """Preamble bases named by their title, without a number."""
    taken = [(s, e) for _, s, e in cits] + [(a.start, a.end) for a in anchors]
    ends = [e for _, _, e in cits]
    out: list[tuple[Citation, int, int]] = []
    for k in kind_re().finditer(f):
        ks, ke = k.span()
        if not kind_named(k.group()) or not text[ks].isupper() or any(s <= ks < e for s, e in taken):
            continue
        limit = min([a.start for a in anchors if a.start > ks] + [len(text)])
        ns = skip_ws(text, ke, limit)
        dated = kind_named(k.group()) > 1 and (year_date(text, f, ns, limit) or date_at(text, f, ns, limit, None))
        titled = NAME_START_RE.match(text, ke) or words("amend").match(text, f, ns, limit)
        if not (titled or dated) or not _opens_basis(text, f, ks, ends):
            continue
        intro = words("subject_intro").match(text, f, ns, limit)
        if words("issuer_cue").match(text, f, ns, limit) or (intro is not None and not intro[1].keep):
            continue
        law = kind_named(k.group()) > 1
        name = scan_subject(text, f, ns, limit, name=True, year_ends=law) if titled else None
        name_end = name[1] if name else ke
        tail = parse_tail(text, f, name_end, limit, None)
        date = tail.date or (year_date(text, f, skip_ws(text, name_end, limit), limit) if law else None)
        end = max(name_end, tail.end, date.span[1] if date and date.span else 0)
        issuer, subject = tail.issuer, tail.subject
        if name is not None and words("org_start").match(text, f, name[0], name[1]):
            if issuer is not None and ORG_OF_RE.fullmatch(f, name[1], issuer[0]):
                issuer = (name[0], issuer[1])
            else:
                issuer = scan_issuer(text, f, name[0], name[1], lower_lists=True)
        elif subject is None:
            subject = name
        cit = _build(text, 0, ks, end, k.group(), None, date, issuer, subject)
        out.append((cit, ks, end))
        taken.append((ks, end))
        ends.append(end)
    return out


def _yearly(text: str, f: str, anchors: list[Anchor],
            cits: list[tuple[Citation, int, int]]) -> list[tuple[Citation, int, int]]:
    """Preamble bases named in lower case by what they plan and the year they cover, with their body:
    "Căn cứ Chương trình công tác năm 2025 của Ban Thường vụ Huyện ủy", "Thực hiện Kế hoạch kiểm tra
    năm học 2024 - 2025 của Sở Giáo dục và Đào tạo" — the year and the body make one document of them (a "Kế hoạch
    của UBND quận về …" with neither stays generic). The year is part of the title, not a date."""
    taken = [(s, e) for _, s, e in cits] + [(a.start, a.end) for a in anchors]
    ends = [e for _, _, e in cits]
    out: list[tuple[Citation, int, int]] = []
    for k in kind_re().finditer(f):
        ks, ke = k.span()
        if not text[ks].isupper() or any(s <= ks < e for s, e in taken) or NAME_START_RE.match(text, ke):
            continue
        limit = min([a.start for a in anchors if a.start > ks] + [len(text)])
        m = YEARLY_NAME_RE.match(f, ke, limit)
        if m is None or not _opens_basis(text, f, ks, ends):
            continue
        tail = parse_tail(text, f, m.end("name"), limit, None)
        if tail.issuer is None or not text[tail.issuer[0]].isupper():
            continue
        cit = _build(text, 0, ks, tail.end, k.group(), None, tail.date, tail.issuer, tail.subject)
        out.append((cit, ks, tail.end))
        taken.append((ks, tail.end))
        ends.append(tail.end)
    return out


def find_citations(text: str, base: int = 0, *, basis: bool = False, folded: str | None = None) -> list[Citation]:
    """Every cited document in `text`, sorted by span; with `basis` (a preamble), also the
    numberless bases named by their title. Duplicates are kept (see `merge_duplicates`).
    `folded` is `fold(text)` when the caller has it."""
    f = fold(text) if folded is None else folded
    anchors = find_anchors(text, f, 0, len(text))
    cits = _numbered(text, f, anchors)
    if basis:
        cits += _numberless(text, f, anchors, cits)
        cits += _yearly(text, f, anchors, cits)
    out = [c if not base else _rebase(c, base) for c, _, _ in cits]
    return sorted(out, key=lambda c: c.span)


def _rebase(c: Citation, base: int) -> Citation:
    return replace(c, span=(c.span[0] + base, c.span[1] + base), date=_shift(c.date, base))


def merge_duplicates(cits: list[Citation]) -> list[Citation]:
    """One item per document: the first mention, completed from later ones."""
    first: dict[str, int] = {}
    out: list[Citation] = []
    for c in cits:
        k = c.key()
        if k not in first:
            first[k] = len(out)
            out.append(c)
            continue
        i = first[k]
        o = out[i]
        if o.kind == c.kind:
            out[i] = replace(o, date=o.date or c.date, issuer=o.issuer or c.issuer, subject=o.subject or c.subject)
    return out


def _preamble_spans(doc: KhDoc) -> list[tuple[int, int]]:
    """The preamble, plus "Căn cứ …" lines that zoning left in the title."""
    spans = [ln.span for ln in doc.lines_in(doc.zones.title) if ln.folded.lstrip(" -–+•*").startswith("can cu ")]
    if doc.zones.preamble[1] > doc.zones.preamble[0]:
        spans.append(doc.zones.preamble)
    return spans


def extract(doc: KhDoc) -> Found:
    """`legal_basis` from the preamble, `references` from the body and closing."""
    basis: list[Citation] = []
    for s, e in _preamble_spans(doc):
        basis += find_citations(doc.text[s:e], s, basis=True, folded=doc.folded[s:e])
    refs: list[Citation] = []
    for s, e in (doc.zones.body, doc.zones.closing):
        if e > s:
            refs += find_citations(doc.text[s:e], s, folded=doc.folded[s:e])
    basis = merge_duplicates(sorted(basis, key=lambda c: c.span))
    refs = merge_duplicates(sorted(refs, key=lambda c: c.span))
    return Found({"legal_basis": [c.to_json() for c in basis], "references": [c.to_json() for c in refs]})
