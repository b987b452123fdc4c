"""The unit lexicon (rules/units.tsv) compiled for matching.

Unit names are matched on folded text (no diacritics, lower case) so that
"UBND", "Ủy ban nhân dân", "Uỷ ban nhân dân" and OCR's "Uy ban nhan dan"
are all recognised; values always keep the document's own spelling.
"""
from __future__ import annotations

from functools import lru_cache

import regex

from ..rules import column, load_table
from ..text.fold import fold, phrase_alt

WS_RE = regex.compile(r"\s+")
WORD_RE = regex.compile(r"[\p{L}\-]+")


@lru_cache(maxsize=1)
def head_re() -> "regex.Pattern[str]":
    """Unit heads and their abbreviations, longest first, on folded text.

    Folded matches are only candidates: `iter_heads` checks them with `head_ok`.
    """
    names: set[str] = set()
    for row in load_table("units"):
        names.add(fold(row["head"]))
        for abbr in filter(None, (a.strip() for a in row["abbreviations"].split(","))):
            names.add(fold(abbr))
    return regex.compile(r"(?<![\p{L}\d])(?:" + phrase_alt(names) + r")(?![\p{L}\d])")


@lru_cache(maxsize=1)
def _full_heads() -> frozenset[str]:
    return frozenset(WS_RE.sub(" ", fold(r["head"])) for r in load_table("units"))


@lru_cache(maxsize=1)
def _one_word_heads() -> frozenset[str]:
    return frozenset(r["head"].lower() for r in load_table("units") if " " not in r["head"])


def head_ok(orig: str) -> bool:
    """Is a folded lexicon match really a unit head in the original spelling?

    Folding makes words collide: "Số"/"Sở", "Bố trí"/"Bộ", "Du lịch"/"ĐU",
    "bản"/"Ban". A one-word head must keep its own diacritics (unless the text
    has none at all, as OCR output may), a multi-word head may match folded,
    and an abbreviation counts only when written in capitals.
    """
    if " " not in orig.strip() and fold(orig) in _full_heads():
        low = orig.strip().lower()
        return low in _one_word_heads() or low.isascii()
    if WS_RE.sub(" ", fold(orig)) in _full_heads():
        return True
    return any(len(w) >= 2 and w.isupper() for w in WORD_RE.findall(orig))


def iter_heads(text: str) -> "list[regex.Match[str]]":
    """Unit-head matches in `text` (offsets valid in `text`) that pass `head_ok`."""
    return [m for m in head_re().finditer(fold(text)) if head_ok(text[m.start():m.end()])]


@lru_cache(maxsize=1)
def admin_re() -> "regex.Pattern[str]":
    return regex.compile(r"(?<![\p{L}])(?:" + phrase_alt(fold(x) for x in column("admin_levels", "level")) + r")(?![\p{L}])")


@lru_cache(maxsize=1)
def person_title_re() -> "regex.Pattern[str]":
    titles = sorted((fold(x) for x in column("person_titles", "title")), key=len, reverse=True)
    return regex.compile(r"^(?:" + "|".join(regex.escape(t).replace(r"\ ", r"\s+") for t in titles) + r")\s+")


def starts_with_unit(text: str) -> bool:
    """True when `text` begins with a unit head ("Phòng …", "UBND …", "Hội đồng …")."""
    stripped = text.lstrip()
    heads = iter_heads(stripped[:80])
    return bool(heads) and heads[0].start() == 0


def find_unit_starts(text: str) -> list[int]:
    """Offsets in `text` where a unit head begins."""
    return [m.start() for m in iter_heads(text)]


def strip_person_title(text: str) -> str:
    """"Chủ tịch UBND phường X" -> "UBND phường X" (the body, not its head's title)."""
    m = person_title_re().match(fold(text))
    if m and starts_with_unit(text[m.end():]):
        return text[m.end():]
    return text


def ends_with_bare_level(text: str) -> bool:
    """"UBND huyện" ends with an administrative level and no proper name."""
    f = fold(text).rstrip(" .,")
    m = None
    for m in admin_re().finditer(f):
        pass
    return m is not None and m.end() == len(f)


def has_locality(text: str) -> bool:
    """The name names an administrative unit ("… quận Long Biên", "… Quận 3")."""
    f = fold(text)
    for m in admin_re().finditer(f):
        if m.end() < len(f.rstrip()):
            return True
    return False


# Heads followed by a domain name written in sentence case ("Sở Nội vụ", "Phòng Giáo dục và Đào tạo");
# after other heads (Party committees, schools, enterprises) and after an administrative level comes a
# proper name, every word capitalised ("Huyện ủy Lục Nam", "quận Long Biên", "Trường THCS Xuân Lập").
DOMAIN_KINDS = frozenset({"state", "service", "council", "front", "mass", "group", "military"})
CONNECTORS = frozenset({"va", "cua", "-", "–", "&", ","})


def case_upper_name(upper: str) -> str:
    """"ỦY BAN NHÂN DÂN QUẬN LONG BIÊN" -> "Ủy ban nhân dân quận Long Biên".

    Header lines are in capitals; values read better in the usual mixed case:
    the unit head as the lexicon writes it, a domain name in sentence case per
    segment ("Sở Văn hóa, Thể thao và Du lịch"), administrative levels in lower
    case (capitalised before a number: "Quận 3"), proper names capitalised, and
    abbreviations (UBND, HĐND, TĐKT) as they are.
    """
    text = WS_RE.sub(" ", upper.strip())
    folded = fold(text)
    out: list[str] = []
    pos = 0
    state = "name"
    heads = iter_heads(text)
    m = heads[0] if heads and heads[0].start() == 0 else None
    if m:
        row = _head_row(folded[: m.end()])
        if row and row["head"]:
            written = text[: m.end()]
            # Diacritics lost ("UY BAN NHAN DAN"): keep the document's letters, cased like the lexicon's head.
            out.append(row["head"] if not written.isascii() else _case_like(written, row["head"]))
            pos = m.end()
            state = "domain" if row["kind"] in DOMAIN_KINDS else "name"
    words = [w for w in text[pos:].split(" ") if w]
    levels = sorted((fold(x).split() for x in column("admin_levels", "level")), key=len, reverse=True)
    cased: list[str] = []
    segment_start = True
    i = 0
    while i < len(words):
        fw = [fold(w).strip(",") for w in words[i: i + 2]]
        level = next((lv for lv in levels if fw[: len(lv)] == lv), None)
        if level:
            nxt = words[i + len(level)] if i + len(level) < len(words) else ""
            for w in words[i: i + len(level)]:
                cased.append(w[:1].upper() + w[1:].lower() if nxt[:1].isdigit() else w.lower())
            i += len(level)
            state, segment_start = "name", True
            continue
        w = words[i]
        core = fold(w).strip(",")
        if _is_abbreviation(w):
            cased.append(w)
        elif core in CONNECTORS:
            cased.append(w.lower())
            segment_start = True
            i += 1
            continue
        elif state == "domain" and not segment_start:
            cased.append(w.lower())
        else:
            cased.append(w[:1].upper() + w[1:].lower())
        segment_start = w.endswith(",")
        i += 1
    return " ".join(p for p in [*out, " ".join(cased)] if p).strip()


def _head_row(folded_head: str) -> dict[str, str] | None:
    """The lexicon row of a folded head; an abbreviation stands for its row ("Trường THCS" -> school)."""
    return _head_rows().get(WS_RE.sub(" ", folded_head))


@lru_cache(maxsize=1)
def _head_rows() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    rows = sorted(load_table("units"), key=lambda r: -len(r["head"]))
    for row in rows:
        out.setdefault(fold(row["head"]), row)
    for row in rows:
        for abbr in filter(None, (a.strip() for a in row["abbreviations"].split(","))):
            out.setdefault(WS_RE.sub(" ", fold(abbr)), {**row, "head": ""})
    return out


def unit_kind(name: str) -> str | None:
    """Kind of the unit a name starts with (rules/units.tsv), e.g. "school" for "Trường THCS …"."""
    heads = iter_heads(name)
    if not heads or heads[0].start() != 0:
        return None
    row = _head_row(fold(name)[: heads[0].end()])
    return row["kind"] if row else None


def _case_like(written: str, canonical: str) -> str:
    """Re-case `written` word by word as `canonical` is cased ("UY BAN NHAN DAN" -> "Uy ban nhan dan")."""
    words, model = written.split(), canonical.split()
    if len(words) != len(model):
        return written.capitalize()
    return " ".join(w.lower() if m[:1].islower() else w[:1].upper() + w[1:].lower() for w, m in zip(words, model))


@lru_cache(maxsize=1)
def _known_abbreviations() -> frozenset[str]:
    out = set()
    for row in load_table("units"):
        for abbr in row["abbreviations"].split(","):
            out.update(w for w in abbr.split() if w.isupper())
    return frozenset(out)


def _is_abbreviation(word: str) -> bool:
    """UBND, HĐND, TĐKT, CT-XH: all capitals and either listed or without any vowel."""
    letters = [c for c in word if c.isalpha()]
    if len(letters) < 2 or not all(c.isupper() for c in letters):
        return False
    core = word.strip(".,;:()")
    if core in _known_abbreviations():
        return True
    return not any(c in "aeiouy" for c in fold(core))
