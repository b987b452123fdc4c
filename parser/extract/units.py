"""The unit lexicon (rules/units.tsv) compiled for matching.

Unit names are matched on folded text (no diacritics, lower case) so that
"UBND", "Ủy ban nhân dân", "Uỷ ban nhân dân" and OCR's "Uy ban nhan dan"
are all recognised; values always keep the document's own spelling.
"""
from __future__ import annotations

from functools import lru_cache

import regex

from ..rules import column, load_table
from ..text.fold import fold, phrase_alt, same_words

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


@lru_cache(maxsize=4096)
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


@lru_cache(maxsize=1)
def not_head_re() -> "regex.Pattern[str]":
    """Ordinary words that start with a one-word unit head ("tổ chức", "khoa học"; rules/
    assignment_unit_words.tsv, kind not_head), on folded text, anchored where it is tried."""
    rows = [r["phrase"] for r in load_table("assignment_unit_words") if r["kind"] == "not_head"]
    if not rows:
        return regex.compile(r"(?!)")
    return regex.compile(r"(?:" + phrase_alt(fold(p) for p in rows) + r")(?![\p{L}\d])")


def not_head_at(folded: str, pos: int) -> bool:
    """A head match at `pos` of `folded` is only the start of an ordinary word ("Tổ chức hội nghị")."""
    return not_head_re().match(folded, pos) is not None


def iter_heads(text: str) -> "list[regex.Match[str]]":
    """Unit-head matches in `text` (offsets valid in `text`) that pass `head_ok` and start no ordinary
    word ("Tổ" in "Tổ chức")."""
    f = fold(text)
    return [m for m in head_re().finditer(f) if head_ok(text[m.start():m.end()]) and not not_head_at(f, m.start())]


@lru_cache(maxsize=1)
def admin_re() -> "regex.Pattern[str]":
    return regex.compile(r"(?<![\p{L}])(?:" + phrase_alt(fold(x) for x in column("admin_levels", "level")) + r")(?![\p{L}])")


@lru_cache(maxsize=1)
def person_title_re() -> "regex.Pattern[str]":
    titles = sorted((fold(x) for x in column("person_titles", "title")), key=len, reverse=True)
    return regex.compile(r"^(?:" + "|".join(regex.escape(t).replace(r"\ ", r"\s+") for t in titles) + r")\s+")


@lru_cache(maxsize=4096)
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
# after other heads (Party committees, schools) and after an administrative level comes a proper name, every
# word capitalised ("Huyện ủy Lục Nam", "quận Long Biên", "Trường THCS Xuân Lập"); after an enterprise head,
# its legal form in lower case, its business line in sentence case, then its proper name
# (rules/org_name_words.tsv: "Công ty cổ phần Xây dựng số 5", "Tổng công ty Điện lực miền Nam").
DOMAIN_KINDS = frozenset({"state", "service", "council", "front", "mass", "group", "military"})
CONNECTORS = frozenset({"va", "cua", "-", "–", "&", ","})
FIELD_JOINS = frozenset({"va", "-", "–", "&"})
PUNCT = ",.;:()"


@lru_cache(maxsize=4096)
def case_upper_name(upper: str) -> str:
    """"ỦY BAN NHÂN DÂN QUẬN LONG BIÊN" -> "Ủy ban nhân dân quận Long Biên".

    Header lines are in capitals; values read better in the usual mixed case:
    the unit head as the lexicon writes it, a domain name in sentence case per
    segment ("Sở Văn hóa, Thể thao và Du lịch"), administrative levels in lower
    case (capitalised before a number: "Quận 3"), proper names capitalised,
    abbreviations (UBND, HĐND, TĐKT, TNHH) as they are; a body named inside
    another's name is cased on its own ("Ban Thường vụ Huyện ủy", "Công đoàn
    Công ty cổ phần May 10"), an enterprise as Nghị định 30/2020 writes it
    ("Hợp tác xã Nông nghiệp An Phú").
    """
    return _case_name(WS_RE.sub(" ", upper.strip()), first=True)


def _case_name(text: str, *, first: bool) -> str:
    org = _org_head_end(text)
    heads = iter_heads(text)
    m = heads[0] if heads and heads[0].start() == 0 else None
    if org and (m is None or org > m.end()):
        canonical = _org_phrases("head")[fold(text[:org].strip(PUNCT))]
        return _join(_written_head(text[:org], canonical), _case_enterprise(text[org:]))
    pos, state, head = 0, "name", ""
    if m:
        row = _head_row(fold(text)[: m.end()])
        if row and row["head"]:
            head, pos = _written_head(text[: m.end()], row["head"]), m.end()
            # "Tỉnh đoàn", "Huyện đoàn": a level in the head, a place name after it ("Tỉnh đoàn Hà Tĩnh").
            level_head = row["head"].split()[0].lower() in {lv.split()[0] for _, lv in _levels()}
            state = "domain" if row["kind"] in DOMAIN_KINDS and not level_head else "name"
            rest = text[pos:].strip()
            if rest and _nested_head(rest):  # "Ban Thường vụ | Huyện ủy …", "Công đoàn | Công ty …"
                return _join(head, _case_name(rest, first=False))
            if row["kind"] == "enterprise":
                return _join(head, _case_enterprise(rest))
    words = [w for w in text[pos:].split(" ") if w]
    return _join(head, " ".join(_case_words(words, state, first=first and not head)))


def _join(head: str, rest: str) -> str:
    return " ".join(p for p in (head, rest) if p).strip()


def _written_head(written: str, canonical: str) -> str:
    """The head as the lexicon writes it; diacritics lost ("UY BAN NHAN DAN"): the document's letters, cased
    like the lexicon's head."""
    return canonical if not written.isascii() else _case_like(written, canonical)


def _case_words(words: list[str], state: str, *, first: bool = False) -> list[str]:
    """Words after a head: levels in lower case, domain segments in sentence case, proper names capitalised."""
    ascii_name = all(w.isascii() for w in words)
    cased: list[str] = []
    segment_start = True
    i = 0
    while i < len(words):
        if i and _nested_head(" ".join(words[i:])):  # "… TỈNH ĐOÀN HÀ TĨNH", "… DÂN VẬN TỈNH ỦY"
            return cased + [_case_name(" ".join(words[i:]), first=False)]
        level = _levels_at(words, i, ascii_name=ascii_name)
        if level and not _phrase_at(words, i, "not_level"):
            nxt = words[i + len(level)] if i + len(level) < len(words) else ""
            for w in words[i: i + len(level)]:
                cased.append(w[:1].upper() + w[1:].lower() if nxt[:1].isdigit() else w.lower())
            i += len(level)
            state, segment_start = "name", True
            continue
        w = words[i]
        core = fold(w).strip(PUNCT)
        if _is_abbreviation(w):
            cased.append(w)
        elif core in CONNECTORS:
            cased.append(w.lower())
            segment_start = True
            i += 1
            continue
        elif (state == "domain" and not segment_start) or (
                _phrase_at(words, i, "lower") and i + 1 < len(words) and not (first and i == 0)):
            cased.append(w.lower())
        else:
            cased.append(w[:1].upper() + w[1:].lower())
        segment_start = w.endswith(",")
        i += 1
    return cased


def _case_enterprise(rest: str) -> str:
    """"CỔ PHẦN XÂY DỰNG SỐ 5" -> "cổ phần Xây dựng số 5": legal form, business line, proper name."""
    words = [w for w in rest.split(" ") if w]
    cased: list[str] = []
    i = 0
    while i < len(words):  # legal form: "cổ phần", "TNHH MTV", "trách nhiệm hữu hạn một thành viên"
        k = _phrase_at(words, i, "legal")
        if _is_abbreviation(words[i]) or k:
            cased.extend(w if _is_abbreviation(w) else w.lower() for w in words[i: i + max(k, 1)])
            i += max(k, 1)
            continue
        break
    new_field = True
    while i < len(words):  # business line: "Xây dựng công trình giao thông", "Đầu tư và Phát triển"
        k = _phrase_at(words, i, "domain")
        if k:
            cased.extend(w[:1].upper() + w[1:].lower() if j == 0 and new_field else w.lower()
                         for j, w in enumerate(words[i: i + k]))
            i += k
            new_field = words[i - 1].endswith(",")
            continue
        if cased and fold(words[i]) in FIELD_JOINS and _phrase_at(words, i + 1, "domain"):
            cased.append(words[i].lower())
            new_field, i = True, i + 1
            continue
        break
    return " ".join(cased + _case_words(words[i:], "name"))


def _phrase_at(words: list[str], i: int, kind: str) -> int:
    """Length in words of the longest rules/org_name_words.tsv phrase of `kind` at words[i], its diacritics
    checked where the words have them ("THẦN TÀI" is no "than"); 0 when none."""
    best = 0
    for n in range(1, 6):
        if i + n > len(words):
            break
        written = " ".join(words[i: i + n]).strip(PUNCT)
        canonical = _org_phrases(kind).get(fold(written))
        # A word without diacritics matches folded, but is never lowered: a bare "TAI" may be "tài".
        if canonical and same_words(written, canonical) and not (kind == "lower" and written.isascii()):
            best = n
        if words[i + n - 1].endswith(","):
            break  # a phrase never runs over a comma
    return best


def _nested_head(rest: str) -> bool:
    """A body named at the start of the rest of a name ("HUYỆN ỦY" in "BAN THƯỜNG VỤ HUYỆN ỦY"): a lexicon head
    of several words, spelled with its diacritics ("HUYỆN ĐOAN HÙNG" is no "Huyện đoàn"), or an enterprise head."""
    if _org_head_end(rest):
        return True
    heads = iter_heads(rest)
    if not heads or heads[0].start() != 0:
        return False
    written = WS_RE.sub(" ", rest[: heads[0].end()]).lower()
    return " " in written and any(written == r["head"].lower() for r in load_table("units"))


def _org_head_end(text: str) -> int:
    """End of a head from rules/org_name_words.tsv ("Hợp tác xã", "Tập đoàn") at the start of `text`, spelled
    with its diacritics unless the text has none; 0 when none."""
    words = text.split(" ")
    k = _phrase_at(words, 0, "head")
    return len(" ".join(words[:k])) if k else 0


def _levels_at(words: list[str], i: int, *, ascii_name: bool = False) -> list[str] | None:
    """The administrative level (folded words) at words[i], spelled with its diacritics unless the name has
    none ("QUẢN" is no "quận"); None when none."""
    fw = [fold(w).strip(PUNCT) for w in words[i: i + 2]]
    return next((lv for lv, written in _levels() if fw[: len(lv)] == lv and (
        ascii_name or same_words(" ".join(words[i: i + len(lv)]).strip(PUNCT), written))), None)


@lru_cache(maxsize=1)
def _levels() -> list[tuple[list[str], str]]:
    """(folded words, as written) of the administrative levels, longest first."""
    return sorted(((fold(x).split(), x) for x in column("admin_levels", "level")), key=lambda lv: -len(lv[0]))


@lru_cache(maxsize=None)
def _org_phrases(kind: str) -> dict[str, str]:
    """Folded phrase -> phrase as the table writes it, for one kind of rules/org_name_words.tsv."""
    return {fold(r["phrase"]): r["phrase"] for r in load_table("org_name_words") if r["kind"] == kind}


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
