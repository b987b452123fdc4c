"""The unit lexicon (rules/units.tsv) compiled for matching.

Unit names are matched on folded text (no diacritics, lower case) so that
"UBND", "Ủy ban nhân dân", "Uỷ ban nhân dân" and OCR's "Uy ban nhan dan"
are all recognised; values always keep the document's own spelling.
"""
from __future__ import annotations

from functools import lru_cache

import regex

from ..rules import column, load_table
from ..text.fold import fold


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
    alts = sorted(names, key=len, reverse=True)
    return regex.compile(r"(?<![\p{L}\d])(?:" + "|".join(regex.escape(a).replace(r"\ ", r"\s+") for a in alts) + r")(?![\p{L}\d])")


@lru_cache(maxsize=1)
def _full_heads() -> frozenset[str]:
    return frozenset(regex.sub(r"\s+", " ", fold(r["head"])) for r in load_table("units"))


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
    if regex.sub(r"\s+", " ", fold(orig)) in _full_heads():
        return True
    return any(len(w) >= 2 and w.isupper() for w in regex.findall(r"[\p{L}\-]+", orig))


def iter_heads(text: str) -> "list[regex.Match[str]]":
    """Unit-head matches in `text` (offsets valid in `text`) that pass `head_ok`."""
    return [m for m in head_re().finditer(fold(text)) if head_ok(text[m.start():m.end()])]


@lru_cache(maxsize=1)
def admin_re() -> "regex.Pattern[str]":
    levels = sorted((fold(x) for x in column("admin_levels", "level")), key=len, reverse=True)
    return regex.compile(r"(?<![\p{L}])(?:" + "|".join(regex.escape(x).replace(r"\ ", r"\s+") for x in levels) + r")(?![\p{L}])")


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


def case_upper_name(upper: str) -> str:
    """"ỦY BAN NHÂN DÂN QUẬN LONG BIÊN" -> "Ủy ban nhân dân quận Long Biên".

    Header lines are in capitals; values read better in the usual mixed case:
    the unit head as the lexicon writes it, administrative levels in lower case
    (capitalised before a number: "Quận 3"), proper names capitalised, and
    abbreviations (all capitals, no vowel run: UBND, HĐND, TĐKT) as they are.
    """
    text = regex.sub(r"\s+", " ", upper.strip())
    folded = fold(text)
    out: list[str] = []
    pos = 0
    heads = iter_heads(text)
    m = heads[0] if heads and heads[0].start() == 0 else None
    if m:
        canonical = _canonical_head(folded[: m.end()])
        if canonical:
            written = text[: m.end()]
            # Diacritics lost ("UY BAN NHAN DAN"): keep the document's letters, cased like the lexicon's head.
            out.append(canonical if not written.isascii() else _case_like(written, canonical))
            pos = m.end()
    rest = text[pos:]
    words = rest.split(" ")
    admin_words = {w for lvl in column("admin_levels", "level") for w in fold(lvl).split()}
    cased: list[str] = []
    for i, w in enumerate(words):
        if not w:
            continue
        fw = fold(w)
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if _is_abbreviation(w):
            cased.append(w)
        elif fw in admin_words and not nxt[:1].isdigit():
            cased.append(w.lower())
        elif fw in admin_words:
            cased.append(w[:1].upper() + w[1:].lower())
        elif fw in ("va", "cua", "-", "&"):
            cased.append(w.lower())
        else:
            cased.append(w[:1].upper() + w[1:].lower())
    return " ".join(p for p in [*out, " ".join(cased)] if p).strip()


def _case_like(written: str, canonical: str) -> str:
    """Re-case `written` word by word as `canonical` is cased ("UY BAN NHAN DAN" -> "Uy ban nhan dan")."""
    words, model = written.split(), canonical.split()
    if len(words) != len(model):
        return written.capitalize()
    return " ".join(w.lower() if m[:1].islower() else w[:1].upper() + w[1:].lower() for w, m in zip(words, model))


def _canonical_head(folded_head: str) -> str | None:
    for row in sorted(load_table("units"), key=lambda r: -len(r["head"])):
        if fold(row["head"]) == regex.sub(r"\s+", " ", folded_head):
            return row["head"]
    return None


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
