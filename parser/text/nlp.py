"""Rules over words: the unit and comparator rulers, and unit names read with POS tags.

`add_rulers` puts two span groups on every `Doc` of `text.tokenize.make_nlp()`:
- `doc.spans["kh_unit"]`: unit heads ("Phòng", "Ủy ban nhân dân", "UBND",
  "Hội đồng Thi đua - Khen thưởng"), matched by the patterns of
  `text.patterns` and kept when written as a listed spelling; span ids name
  the canonical head;
- `doc.spans["kh_comparator"]`: a comparator phrase with its number ("ít
  nhất 01", "tối đa 02", "từ 98 % trở lên"), overlapping matches merged;
  span ids are the operator (">=", "<", …).

`unit_spans` / `find_units_nlp` extend each head over the words of its name
("Phòng Văn hóa và Thông tin quận"), deciding with case and POS tags where
the name ends.
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import regex

from ..rules import column
from .fold import fold, same_words
from .patterns import COMPARATOR_KEY, UNIT_KEY, load_patterns, spellings

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc, Span as SpacySpan

__all__ = [
    "UNIT_KEY", "COMPARATOR_KEY", "add_rulers", "check_units", "merge_comparators", "unit_spans",
    "find_units_nlp", "find_comparators_nlp",
]

# Lower-case words that number a unit of a series ("Cụm thi đua số 8"), folded.
NUMBER_MARKERS = frozenset({"so"})
# A character that glues a head to a document code ("KH-UBND", "12-TT/QU").
CODE_GLUE_RE = regex.compile(r"[-/\w]")
# A "từ 5 …" followed by one of these is a range ("từ 5 đến 10"), not ">= 5".
RANGE_WORDS = frozenset({"đến", "tới", "-", "–", "—"})


# --- pipeline components --------------------------------------------------------

@lru_cache(maxsize=1)
def _register_components() -> None:
    from spacy.language import Language

    Language.component("khparse_comparators", func=merge_comparators)
    Language.component("khparse_units", func=check_units)


def check_units(doc: "Doc") -> "Doc":
    """Keep the unit-head matches that are really written as a listed spelling, longest first.

    NORM is folded, so "SỐ" matched "Sở" and "Bản" matched "Ban": a text that
    has its diacritics must carry the head's own (tone placement aside,
    `fold.same_words`); only diacritic-less text may match folded. A head
    glued to a code ("KH-UBND", "12-TT/QU") is part of a document number.
    """
    from spacy.util import filter_spans

    spellings_ = spellings()
    text = doc.text
    kept = []
    for span in doc.spans.get(UNIT_KEY, []):
        s, e = span.start_char, span.end_char
        if (s > 0 and CODE_GLUE_RE.match(text[s - 1])) or (e < len(text) and CODE_GLUE_RE.match(text[e])):
            continue
        if any(same_words(span.text, sp) for sp in spellings_.get(span.id_, (span.text,))):
            kept.append(span)
    doc.spans[UNIT_KEY] = filter_spans(kept)
    return doc


def merge_comparators(doc: "Doc") -> "Doc":
    """One span per comparator: overlapping matches merged, ranges dropped.

    The operator of a merged span is the trailing phrase's if there is one
    ("từ 6 tuổi trở xuống": "<="), else the longest leading phrase's ("không
    vượt quá 5" over "vượt quá 5"). "từ 5" followed by "đến", "tới" or a
    dash is a range ("từ 5 đến 10 ngày"), not ">= 5".
    """
    from spacy.tokens import Span

    groups: list[list] = []
    for span in sorted(doc.spans.get(COMPARATOR_KEY, []), key=lambda s: (s.start, -s.end)):
        if groups and span.start < max(s.end for s in groups[-1]):
            groups[-1].append(span)
        else:
            groups.append([span])
    merged = []
    for group in groups:
        start, end = group[0].start, max(s.end for s in group)
        trailing = [s for s in group if s.id_.startswith("after:")]
        best = max(trailing, key=lambda s: s.end) if trailing else max(group, key=lambda s: (len(s), -s.start))
        nxt = doc[end] if end < len(doc) else None
        if not trailing and doc[start].lower_ == "từ" and nxt is not None and nxt.lower_ in RANGE_WORDS:
            continue
        merged.append(Span(doc, start, end, label=COMPARATOR_KEY, span_id=best.id_.split(":", 1)[1]))
    doc.spans[COMPARATOR_KEY] = merged
    return doc


def add_rulers(nlp: "Language") -> None:
    """Add the unit and comparator span rulers (and the comparator merger) to `nlp`."""
    _register_components()
    units = nlp.add_pipe("span_ruler", name="kh_unit_ruler", config={"spans_key": UNIT_KEY})
    units.add_patterns([*load_patterns("units"), *load_patterns("units_extra")])  # type: ignore[attr-defined]
    nlp.add_pipe("khparse_units")
    comps = nlp.add_pipe("span_ruler", name="kh_comparator_ruler", config={"spans_key": COMPARATOR_KEY})
    comps.add_patterns(list(load_patterns("comparators")))  # type: ignore[attr-defined]
    nlp.add_pipe("khparse_comparators")


# --- unit names -------------------------------------------------------------------

@lru_cache(maxsize=1)
def _levels() -> tuple[tuple[str, ...], ...]:
    """Administrative levels as folded syllable tuples, longest first."""
    return tuple(sorted((tuple(fold(x).split()) for x in column("admin_levels", "level")), key=len, reverse=True))


def _level_at(doc: "Doc", i: int) -> int:
    """Number of tokens of an administrative level word starting at token `i` (0: none)."""
    for level in _levels():
        syls: list[str] = []
        j = i
        while j < len(doc) and len(syls) < len(level) and not doc[j].is_space:
            syls.extend(doc[j].norm_.split())
            j += 1
            if tuple(syls) == level:
                return j - i
    return 0


def _cap(tok) -> bool:  # type: ignore[no-untyped-def]
    return tok.text[:1].isupper()


def _connector(tok) -> bool:  # type: ignore[no-untyped-def]
    """"và", "&", " - " inside a name ("Phòng Giáo dục và Đào tạo", "Tài chính - Kế hoạch")."""
    return tok.pos_ == "CCONJ" or tok.text in ("-", "–", "&")


class _NameReader:
    """Walks right from a unit head, deciding token by token where the name ends.

    Capitalised words belong to the name ("Phòng Văn hóa và Thông tin"), a
    head right after the name is taken whole ("Ban Thường vụ Quận ủy");
    administrative levels ("quận", "thị trấn") attach the locality, after
    which only its proper name (a PROPN or a number: "quận Long Biên",
    "Quận 3") may follow, not a capitalised verb ("UBND quận Tổ chức …"). A connector ("và", "-", ",") continues the name only before
    the locality and only into a word that does not start another body
    (except after a nested head: "Văn phòng HĐND và UBND quận"). A
    lower-case word continues only if the tagger calls it a noun and a
    locality or a capitalised word confirms it within two words ("Trung tâm
    Phát triển quỹ đất huyện"); this is where POS matters, since the tagger
    calls "chủ trì" in "Phòng Nội vụ chủ trì" a verb or adjective.
    """

    def __init__(self, doc: "Doc", heads: dict[int, "SpacySpan"]) -> None:
        self.doc = doc
        self.heads = heads

    def name_end(self, head: "SpacySpan") -> int:
        doc = self.doc
        i = end = head.end
        located = nested = plural = False
        while i < len(doc) and not doc[i].is_space:
            tok = doc[i]
            n_level = _level_at(doc, i)
            if i in self.heads and not n_level:
                if located:
                    break
                nested = True  # "Ban Thường vụ Quận ủy", "Văn phòng HĐND": taken whole
                i = end = self.heads[i].end
            elif n_level:
                i = end = i + n_level
                located = True
            elif located:
                # the locality's proper name only: "quận Long Biên", "Quận 3", "QUẬN BA ĐÌNH";
                # after "các": more levels ("UBND các xã, thị trấn")
                if i == end and (tok.pos_ in ("PROPN", "NUM") or (tok.is_upper and _cap(tok))):
                    i = end = i + 1
                elif plural and tok.text == "," and i == end and _level_at(doc, i + 1):
                    i += 1
                else:
                    break
            elif _cap(tok) and tok.pos_ != "PUNCT":
                i = end = i + 1
            elif tok.pos_ == "DET" and _level_at(doc, i + 1):
                i += 1
                plural = True
            elif tok.norm_ in NUMBER_MARKERS and i == end and i + 1 < len(doc) and doc[i + 1].pos_ == "NUM":
                i = end = i + 2  # "Cụm thi đua số 8", "Trường Tiểu học số 2"
            elif _connector(tok) and i == end and self._joins(i + 1, nested):
                i += 1
            elif tok.text == "," and i == end and self._list_inside_name(i + 1):
                i += 1
            elif tok.pos_ == "NOUN" and not _cap(tok) and i == end and self._confirmed(i + 1):
                i = end = i + 1
            else:
                break
        return end

    def _joins(self, i: int, nested: bool) -> bool:
        doc = self.doc
        if i >= len(doc) or not _cap(doc[i]):
            return False
        return nested or i not in self.heads

    def _list_inside_name(self, i: int) -> bool:
        """", Thể thao và Du lịch": capitalised non-head words, then a connector and more."""
        doc = self.doc
        j = i
        while j < len(doc) and _cap(doc[j]) and j not in self.heads and doc[j].pos_ != "PUNCT":
            j += 1
        return j > i and j < len(doc) - 1 and _connector(doc[j]) and self._joins(j + 1, False)

    def _confirmed(self, i: int) -> bool:
        doc = self.doc
        for j in range(i, min(i + 2, len(doc))):
            if doc[j].is_space:
                return False
            if _level_at(doc, j) or (_cap(doc[j]) and j not in self.heads):
                return True
            if doc[j].pos_ != "NOUN" or _cap(doc[j]):
                return False
        return False


def unit_spans(doc: "Doc") -> list["SpacySpan"]:
    """Unit names (head + name words) in a `Doc` of `make_nlp()`, in order, not nested.

    A one-word head with no name after it ("Phòng, chống …", "Sở" alone) is
    not a unit; a longer head ("Ban Chỉ đạo") or an abbreviation ("UBND") is.
    """
    heads = {s.start: s for s in doc.spans.get(UNIT_KEY, [])}
    reader = _NameReader(doc, heads)
    out: list[SpacySpan] = []
    covered = -1
    for start in sorted(heads):
        if start < covered:
            continue
        head = heads[start]
        end = reader.name_end(head)
        while end > head.end and (_connector(doc[end - 1]) or doc[end - 1].text == ","):
            end -= 1
        if end == head.end and not _standalone(head, doc[end] if end < len(doc) else None):
            continue
        out.append(doc[start:end])
        covered = end
    return out


def _standalone(head: "SpacySpan", nxt) -> bool:  # type: ignore[no-untyped-def]
    """A head with no name words is a unit if it says enough and no lower-case name follows.

    "UBND", "Ban Chỉ đạo", "Công an, …", "Đài truyền thanh của …" are; "Sở"
    alone, "Phòng, chống" and "Ban Quản lý dự án …", "Trung tâm phát triển
    quỹ đất" (a lower-case noun, verb or adjective: the name may go on in
    words the reader does not take) are not.
    """
    text = head.text
    if not (len(text.split()) >= 2 or (text.isupper() and len(text) >= 2)):
        return False
    return nxt is None or not (nxt.pos_ in ("NOUN", "VERB", "ADJ") and nxt.text[:1].islower())


def find_units_nlp(text: str, base: int = 0) -> list[tuple[int, int, str]]:
    """(start, end, name) of every unit named in `text`, offsets + `base`."""
    from .tokenize import char_offsets, doc_for

    out = []
    for span in unit_spans(doc_for(text, base)):
        s, e = char_offsets(span)
        out.append((s, e, span.text))
    return out


def find_comparators_nlp(text: str, base: int = 0) -> list[tuple[int, int, str]]:
    """(start, end, operator) of every comparator phrase with its number in `text`."""
    from .tokenize import char_offsets, doc_for

    doc = doc_for(text, base)
    return [(*char_offsets(s), s.id_) for s in doc.spans.get(COMPARATOR_KEY, [])]
