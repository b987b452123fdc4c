"""Finders of the `rewards` extractor: award forms, granting authorities, recipients.

Forms come from rules/reward_forms.tsv (Luật Thi đua, khen thưởng 2022, and the
prizes of events: "Cờ", "Cúp", "Giấy chứng nhận", tiền thưởng) plus any
`danh hiệu “…”`; an authority is a title (rules/person_titles.tsv) and/or the
head of a body (rules/units.tsv) with its level and proper name ("Chủ tịch UBND
huyện Tam Đường", "Giám đốc Sở Giáo dục và Đào tạo", "Ban Thường vụ Huyện ủy"),
or of several ("Thủ trưởng các sở, ban, ngành", "Chủ tịch UBND các xã, phường");
the awarding verbs and the words around a rule are in rules/reward_context.tsv.
All functions take a sentence and its folded copy (same length) and return
offsets into it.
"""
from __future__ import annotations

from functools import lru_cache

import regex

from ..rules import load_table
from ..text.fold import fold, word_start
from .quota_text import alt, phrase_ok, words

# "Huy chương Vàng, Bạc, Đồng": the other colours of a sports medal stay with it.
MEDAL_TAIL_RE = regex.compile(r"(?:\s*(?:,|và|va)\s*(?:V[àa]ng|B[ạa]c|Đ[ồo]ng|[Dd]ong))+(?![\p{L}\d])", regex.I)
MEDAL_HEADS = frozenset({"huy chuong vang", "huy chuong bac", "huy chuong dong"})
GRADE_RE = regex.compile(r"\s+h[ạa]ng\s+(?:Nh[ấa]t|Nh[ìi]|Ba|nh[ấa]t|nh[ìi]|ba|I{1,3})(?![\p{L}])")
DANH_HIEU_RE = regex.compile(r"danh\s+hi[ệe]u\s*[“\"«]([^”\"»\n]{2,80})[”\"»]", regex.I)
RECIPIENT_LEAD_RE = regex.compile(r"\s*(?:cho|đối với|doi voi|tới|toi)\s+", regex.I)
TRAIL = " \t\n,;:.-–—*"
NAME_WORD_RE = regex.compile(r"\s*([\p{L}][\p{L}\d-]*)")
OF_RE = regex.compile(r"\s+(?:của|do|cua)\s+")
PROPOSE_END_RE = regex.compile(r"(?:trinh|de nghi)\s+$")
TRAIL_CONJ_RE = regex.compile(r"(?:\s+(?:và|hoặc|va|hoac))+$")
WS_RE = regex.compile(r"\s+")
SPACE_QUOTES_RE = regex.compile(r"[\s“”\"«»]+")
# "Đợt 2", "giai đoạn II", "đợt thi đua thứ hai"; "tư"/"nhất" only after "thứ" ("đợt từ ngày …" is no stage).
STAGE_RE = regex.compile(r"(?<![\p{L}\d])(?:dot(?:\s+thi\s+dua)?|giai\s+doan)\s{1,3}"
                         r"(?:thu\s{1,3}(?P<n>\d{1,2}|[ivx]{1,4}|nhat|hai|ba|tu)|(?P<n>\d{1,2}|[ivx]{1,4}|hai|ba))"
                         r"(?![\p{L}\d])")
STAGE_WORDS = {"nhat": 1, "hai": 2, "ba": 3, "tu": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6}
PERIODIC = frozenset({"monthly", "quarterly", "weekly"})
MAX_GAP_WORDS = 5
MAX_ADVERBIAL_GAP_WORDS = 14  # "<G> căn cứ kết quả đợt thi đua tặng <form>"
LIST_SEP_RE = regex.compile(r"[ \t]*(?:,[ \t]*)?(?:(?:va|hoac)[ \t]+)?")
COUNT_BEFORE_RE = regex.compile(r"\d{1,4}\s+$")
FIELD_SEP_RE = regex.compile(r"\s*[,\-–]\s*")


@lru_cache(maxsize=None)
def ctx(kind: str) -> tuple[str, ...]:
    return tuple(r["phrase"] for r in load_table("reward_context") if r["kind"] == kind)


def _start(phrases: tuple[str, ...]) -> str:
    return word_start((fold(p) for p in phrases), letters=True)


@lru_cache(maxsize=None)
def ctx_re(kind: str) -> "regex.Pattern[str]":
    return regex.compile(_start(ctx(kind)) + r"(?<![\p{L}\d])(?:" + alt(list(ctx(kind))) + r")(?![\p{L}\d])")


@lru_cache(maxsize=1)
def _forms_re() -> "regex.Pattern[str]":
    return regex.compile(_start(_forms()) + r"(?<![\p{L}\d])(?:" + alt(_forms()) + r")(?![\p{L}\d])")


@lru_cache(maxsize=1)
def _forms() -> tuple[str, ...]:
    return tuple(r["form"] for r in load_table("reward_forms"))


@lru_cache(maxsize=1)
def _closed() -> frozenset[str]:
    return frozenset(fold(r["form"]) for r in load_table("reward_forms") if r["after"] == "closed")


def _ends_there(text: str, f: str, end: int) -> bool:
    """A "closed" form ends at `end`: punctuation, a number or a `prize_next` word follows ("trao Cờ cho …"),
    not a word that makes it another name ("Cờ tướng", "Giấy chứng nhận quyền sử dụng đất")."""
    i = end
    while i < len(f) and f[i] in " \t":
        i += 1
    if i >= len(f) or not f[i].isalpha():
        return True
    m = ctx_re("prize_next").match(f, i)
    return bool(m and phrase_ok(text, m, ctx("prize_next")))


@lru_cache(maxsize=1)
def _heads() -> tuple[str, ...]:
    rows = load_table("units")
    abbreviations = [a.strip() for r in rows for a in r["abbreviations"].split(",") if a.strip()]
    return tuple([r["head"] for r in rows] + abbreviations)


@lru_cache(maxsize=1)
def _grantor_re() -> "regex.Pattern[str]":
    """Title (optional) + head of a body, or a title that is an authority on its own."""
    titled = r"(?:(?P<t>" + alt(_titles()) + r")\s+)?(?P<h>" + alt(_heads()) + r")"
    return regex.compile(r"(?<![\p{L}\d])(?:" + titled + r"|(?P<a>" + alt(ctx("grantor")) + r"))(?![\p{L}\d])")


@lru_cache(maxsize=1)
def _admin_re() -> "regex.Pattern[str]":
    return regex.compile(r"\s+(?:" + alt([r["level"] for r in load_table("admin_levels")]) + r")(?![\p{L}\d])")


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    """First words of verbs that end a grantor's name ("Chủ tịch UBND tỉnh Quyết định")."""
    return frozenset(fold(p).split()[0] for k in ("verb", "decide") for p in ctx(k))


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    return frozenset(fold(p) for p in ctx("function"))


def _verb_at(f: str, pos: int) -> bool:
    """A whole awarding / deciding verb starts at `pos`: "Công nhận" ends a name, "Công đoàn" does not."""
    return any(ctx_re(k).match(f, pos) for k in ("verb", "decide"))


# --- finders -----------------------------------------------------------------

def find_grantors(text: str, f: str) -> list[tuple[int, int]]:
    """Spans of granting authorities: "Chủ tịch UBND huyện", "UBND quận", "Bộ trưởng Bộ Nội vụ", and a bare
    title right before an awarding verb ("Hiệu trưởng nhà trường tặng …")."""
    out: list[tuple[int, int]] = []
    for m in _grantor_re().finditer(f):
        if out and m.start() < out[-1][1]:
            continue
        if m.group("a"):
            if phrase_ok(text, m, ctx("grantor"), "a"):
                out.append(m.span())
            continue
        h = text[m.start("h"):m.end("h")]
        if not phrase_ok(text, m, _heads(), "h") or (m.group("t") and not phrase_ok(text, m, _titles(), "t")):
            continue  # "Đối với" is no "Đội"
        end = _name_end(text, f, m.end())
        bare = end == m.end() and " " not in h.strip() and not h.isupper()  # "Ban hành …" is no body
        if (m.group("t") or h[:1].isupper()) and not (bare and not m.group("t")):  # "cán bộ" is no "Bộ"
            out.append((m.start(), end))
    for m in _title_alone_re().finditer(f):  # "Thủ trưởng các cơ quan, đơn vị", "Chủ tịch xã"
        pm = _plural_re().match(f, m.end())
        if pm and not any(a < pm.end() and m.start() < b for a, b in out) and phrase_ok(text, m, _titles(), "t"):
            out.append((m.start(), pm.end()))
    out.sort()
    for m in _title_alone_re().finditer(f):  # "Hiệu trưởng và Chủ tịch Công đoàn nhà trường tặng …"
        nxt = next((g for g in out if g[0] >= m.end()), None)
        if (nxt and not any(a <= m.start() < b for a, b in out) and list_sep(f, m.end(), nxt[0])
                and phrase_ok(text, m, _titles(), "t")):
            out.append(m.span())
    out.sort()
    for m in _title_re().finditer(f):
        if any(a <= m.start() < b for a, b in out) or not phrase_ok(text, m, _titles(), "t"):
            continue
        v = ctx_re("verb").match(f, m.end())
        if v and phrase_ok(text, v, ctx("verb")) and not any(a < m.end() <= b for a, b in out):
            out.append((m.start(), len(text[:m.end()].rstrip())))
    # "Trưởng Công an huyện tặng": the titled span replaces the body ("Công an huyện") inside it
    return sorted(g for g in out if not any(o != g and o[0] <= g[0] and g[1] <= o[1] for o in out))


@lru_cache(maxsize=1)
def _titles() -> tuple[str, ...]:
    return tuple(r["title"] for r in load_table("person_titles"))


@lru_cache(maxsize=1)
def _title_re() -> "regex.Pattern[str]":
    """A title and at most two lower-case words before a verb: "Hiệu trưởng nhà trường tặng"."""
    verb = r"(?=(?:" + alt(ctx("verb")) + r")(?![\p{L}\d]))"
    return regex.compile(r"(?<![\p{L}\d])(?P<t>" + alt(_titles()) + r")(?:\s+\p{L}+){0,2}?\s+" + verb)


@lru_cache(maxsize=1)
def _title_before_re() -> "regex.Pattern[str]":
    """A title and at most two lower-case words that end right before a position: "Hiệu trưởng nhà trường"."""
    return regex.compile(r"(?<![\p{L}\d])(?P<t>" + alt(_titles()) + r")(?:\s+\p{L}+){0,2}?\s+$")


def title_before(text: str, f: str, pos: int) -> tuple[int, int] | None:
    """A bare title right before a verb at `pos` ("Hiệu trưởng nhà trường cấp …"), as a grantor span."""
    m = _title_before_re().search(f, max(0, pos - 60), pos)
    if m and phrase_ok(text, m, _titles(), "t") and text[m.start():pos].split()[-1].islower():
        return m.start(), len(text[:pos].rstrip())
    return None


@lru_cache(maxsize=1)
def _title_alone_re() -> "regex.Pattern[str]":
    return regex.compile(r"(?<![\p{L}\d])(?P<t>" + alt(_titles()) + r")(?![\p{L}\d])")


@lru_cache(maxsize=1)
def _plural_re() -> "regex.Pattern[str]":
    """After a title or a body's head: the bodies it stands for, "các sở, ban, ngành, đoàn thể tỉnh", "các xã,
    phường" (rules/reward_context.tsv `body_noun`, rules/admin_levels.tsv)."""
    levels = alt([r["level"] for r in load_table("admin_levels")])
    noun = r"(?:" + alt(list(ctx("body_noun")) + [r["level"] for r in load_table("admin_levels")]) + r")(?![\p{L}\d])"
    return regex.compile(r"\s+(?P<cac>cac\s+)?" + noun + r"(?:(?:\s*[,/-]\s*|\s+va\s+)" + noun + r")*"
                         r"(?:\s+(?:" + levels + r")(?![\p{L}\d]))?")


@lru_cache(maxsize=1)
def _title_start_re() -> "regex.Pattern[str]":
    return regex.compile(r"(?:" + alt(_titles()) + r")(?![\p{L}\d])")


def _starts_authority(text: str, f: str, pos: int) -> bool:
    """A title or a body's head (as written: "ĐU" is no "Du lịch") starts at `pos`."""
    t = _title_start_re().match(f, pos)
    if t and phrase_ok(text, t, _titles()):
        return True
    m = _grantor_re().match(f, pos)
    return bool(m and m.group("h") and phrase_ok(text, m, _heads(), "h"))


def _name_end(text: str, f: str, pos: int) -> int:
    """End of the level and proper name after a body's head ("UBND huyện Tam Đường", "Sở Giáo dục và Đào tạo")."""
    pm = _plural_re().match(f, pos)
    if pm and pm.group("cac"):  # "UBND các xã, phường"
        return pm.end()
    end, prev_cap = pos, False
    for _ in range(10):
        am = _admin_re().match(f, end)
        if am:  # "huyện", or "Huyện" in "Ban Thường vụ Huyện ủy"
            end, prev_cap = am.end(), text[am.end() - len(am.group().strip()):am.end()][:1].isupper()
            continue
        sm = FIELD_SEP_RE.match(text, end) if end > pos else None
        wm = NAME_WORD_RE.match(text, sm.end() if sm else end)
        if not wm or text[end:wm.start(1)].strip() and not sm:
            break
        w = wm.group(1)
        # "Sở Văn hóa, Thể thao và Du lịch", "Sở Lao động - Thương binh và Xã hội": the next field of the
        # name; a body or a title after the comma is another grantor ("UBND huyện, Phòng Nội vụ").
        if sm and not (w[:1].isupper() and not _grantor_re().match(f, wm.start(1))
                       and not _title_start_re().match(f, wm.start(1))):
            break
        if fold(w) in _stop_words() and _verb_at(f, wm.start(1)):
            break
        nxt = NAME_WORD_RE.match(text, wm.end())
        # "Sở Giáo dục và Đào tạo"; not "Giám đốc Bệnh viện và Chủ tịch Công đoàn" (two grantors)
        joins = (fold(w) == "va" and nxt is not None and nxt.group(1)[:1].isupper()
                 and not _starts_authority(text, f, nxt.start(1)))
        # "Huyện ủy": a lower-case word after a capitalised one, unless it is a function word ("Tỉnh Đoàn cho")
        if w[:1].isupper() or (prev_cap and w.islower() and fold(w) not in _function_words()) or joins:
            end, prev_cap = wm.end(), w[:1].isupper()
            continue
        break
    return end


def find_forms(text: str, f: str) -> list[tuple[int, int, str]]:
    """(start, end, form as written) of award forms; a grade ("hạng Nhì") or medal colours ("Vàng, Bạc")
    stay with their form."""
    out: list[tuple[int, int, str]] = []
    for m in DANH_HIEU_RE.finditer(text):
        out.append((m.start(), m.end(), " ".join(m.group().split())))
    for m in _forms_re().finditer(f):
        if any(a <= m.start() < b for a, b, _ in out) or not phrase_ok(text, m, _forms()):
            continue
        if WS_RE.sub(" ", m.group()) in _closed() and not _ends_there(text, f, m.end()):
            continue
        end = m.end()
        g = GRADE_RE.match(text, end) or (MEDAL_TAIL_RE.match(text, end) if WS_RE.sub(" ", m.group()) in MEDAL_HEADS
                                           else None)
        if g:
            end = g.end()
        out.append((m.start(), end, " ".join(text[m.start():end].split())))
    return sorted(out)


def may_name_forms(text: str, f: str, lo: int, hi: int) -> bool:
    """Whether text[lo:hi] can hold a form `find_forms` finds in a part of it that ends at punctuation or
    a line break (a sentence): a form never spans those, so its match stands in the whole as well."""
    return bool(_forms_re().search(f, lo, hi) or DANH_HIEU_RE.search(text, lo, hi))


def verb_between(text: str, f: str, a: int, b: int) -> bool:
    """An awarding verb in f[a:b], not naming a ceremony; overlapped: "phong trào tặng" folds to "trao tang"."""
    return any(phrase_ok(text, m, ctx("verb")) and not ceremony(text, f, m.start())
               for m in ctx_re("verb").finditer(f, a, b, overlapped=True))


@lru_cache(maxsize=None)
def _before_re(kind: str) -> "regex.Pattern[str]":
    """A `kind` phrase that ends right before a position (search with endpos)."""
    return regex.compile(r"(?<![\p{L}\d])(?P<p>" + alt(ctx(kind)) + r")\s+$")


def _ends_with(text: str, f: str, pos: int, kind: str, reach: int = 20) -> bool:
    m = _before_re(kind).search(f, max(0, pos - reach), pos)
    return bool(m and phrase_ok(text, m, ctx(kind), "p"))


@lru_cache(maxsize=1)
def _ceremony_re() -> "regex.Pattern[str]":
    return regex.compile(r"(?<![\p{L}\d])(?P<p>" + alt(ctx("ceremony")) + r")\s+(?:(?:" + alt(ctx("prize_verb"))
                         + r")\s+)?$")


def ceremony(text: str, f: str, pos: int) -> bool:
    """The verb at `pos` names a ceremony: "Lễ trao Bằng khen …", "buổi trao giải", "Lễ trao tặng …"."""
    m = _ceremony_re().search(f, max(0, pos - 20), pos)
    return bool(m and phrase_ok(text, m, ctx("ceremony"), "p"))


def granted_by(text: str, f: str, grantors: list[tuple[int, int]], fs: int, fe: int) -> tuple[int, int] | None:
    """"<G> tặng <form>" (G just before an awarding verb before the form) or "<form> của <G>"; G may be a
    list of authorities ("Thủ trưởng các sở, ban, ngành, Chủ tịch UBND các xã, phường")."""
    after = OF_RE.match(text[fe:])
    if after:
        for i, g in enumerate(grantors):
            if g[0] == fe + after.end():
                return listed(text, f, grantors, i, right=True)
        t = _title_alone_re().match(f, fe + after.end())  # "Giấy khen của Hiệu trưởng"
        if t and phrase_ok(text, t, _titles(), "t"):
            return t.span()
    for i in range(len(grantors) - 1, -1, -1):
        g = grantors[i]
        if g[1] <= fs and gap_ok(text, f, g[1], fs) and verb_between(text, f, g[1], fs):
            return listed(text, f, grantors, i)
    return None


def gap_ok(text: str, f: str, end: int, fs: int) -> bool:
    """Few words between a grantor and its form, or an adverbial that is no proposal ("… căn cứ kết quả đợt
    thi đua tặng …", not "… căn cứ kết quả, đề nghị tặng …")."""
    n = words(text[end:fs])
    if n <= MAX_GAP_WORDS:
        return True
    i = end + len(text[end:fs]) - len(text[end:fs].lstrip(" ,\t"))
    m = ctx_re("adverbial").match(f, i)
    return (n <= MAX_ADVERBIAL_GAP_WORDS and bool(m and phrase_ok(text, m, ctx("adverbial")))
            and not any(phrase_ok(text, p, ctx("propose")) for p in ctx_re("propose").finditer(f, end, fs)))


def listed(text: str, f: str, grantors: list[tuple[int, int]], i: int, *, right: bool = False) -> tuple[int, int]:
    """Grantor `i` with the authorities listed before it ("A, B và C tặng …"), or after it when `right`
    ("Giấy khen của A và B"); a list that follows "của" / "do" names proposers, not co-grantors ("đề nghị
    của Phòng Nội vụ, Chủ tịch UBND huyện tặng")."""
    lo = hi = i
    while lo > 0 and list_sep(f, grantors[lo - 1][1], grantors[lo][0]):
        lo -= 1
    if lo < i and _ends_with(text, f, grantors[lo][0], "of"):
        lo = i
    while right and hi + 1 < len(grantors) and list_sep(f, grantors[hi][1], grantors[hi + 1][0]):
        hi += 1
    return grantors[lo][0], grantors[hi][1]


def list_sep(f: str, a: int, b: int) -> bool:
    """f[a:b] separates two items of a list: ", ", " và ", " hoặc " (not a bare space)."""
    return bool(f[a:b].strip()) and LIST_SEP_RE.fullmatch(f, a, b) is not None


def decider(text: str, f: str, grantors: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The last "trình <G> … quyết định / xem xét / tặng" of a passage: who finally awards."""
    best = None
    for g in grantors:
        lead = f[max(0, g[0] - 12):g[0]]
        if not PROPOSE_END_RE.search(lead):
            continue
        tail = f[g[1]:g[1] + 30]
        if any(m.start() < 15 and phrase_ok(text[g[1]:g[1] + 30], m, ctx("decide"))
               for m in ctx_re("decide").finditer(tail)):
            best = g
    return best


def find_recipients(text: str, f: str, s: int, e: int, *, lead: bool = True) -> str | None:
    """Who qualifies: what follows "cho" / "đối với" at `s` (when `lead`), else the text from the first
    "tập thể", "cá nhân" … in [s, e), up to `e`."""
    lm = RECIPIENT_LEAD_RE.match(text, s, e) if lead else None
    if lm:
        start = lm.end()
    else:
        m = ctx_re("recipient").search(f, s, e)
        if not m:
            return None
        start = m.start()
        n = COUNT_BEFORE_RE.search(text, max(s, start - 8), start)
        start = n.start() if n else start  # "Lựa chọn 01 tập thể và 02 cá nhân …"
        for pm in ctx_re("propose").finditer(f, start, e):  # "… xuất sắc nhất đề nghị Tổng Giám đốc … tặng"
            if phrase_ok(text, pm, ctx("propose")):
                e = pm.start()
                break
    out = TRAIL_CONJ_RE.sub("", " ".join(text[start:e].split()).strip(TRAIL)).strip(TRAIL)
    return out or None


@lru_cache(maxsize=1)
def _abbr_re() -> tuple["regex.Pattern[str]", dict[str, str]]:
    rows = load_table("units")
    pairs = {fold(a.strip()): fold(r["head"]) for r in rows for a in r["abbreviations"].split(",") if a.strip()}
    return regex.compile(r"(?<![\p{L}\d])(?:" + alt(list(pairs)) + r")(?![\p{L}\d])"), pairs


def key(s: str | None) -> str:
    """Comparison key: folded, abbreviations expanded ("UBND" = "Ủy ban nhân dân"), quotes and spaces dropped."""
    if not s:
        return ""
    pat, pairs = _abbr_re()
    f = pat.sub(lambda m: pairs.get(WS_RE.sub(" ", m.group()), m.group()), fold(s))
    return SPACE_QUOTES_RE.sub(" ", f).strip()


@lru_cache(maxsize=1)
def _not_before_re() -> "regex.Pattern[str]":
    return regex.compile(r"(?<![\p{L}\d])(?P<p>" + alt(list(ctx("not_before"))) + r")\s+(?:danh\s+hieu\s+)?$")


def is_target(text: str, f: str, ms: int) -> bool:
    """"đạt danh hiệu …", "phấn đấu đạt Cờ thi đua": an award to reach, not one the plan grants."""
    lo = max(0, ms - 30)
    m = _not_before_re().search(f, lo, ms)
    return bool(m and phrase_ok(text, m, ctx("not_before"), "p"))


@lru_cache(maxsize=1)
def _occasion_re() -> "regex.Pattern[str]":
    rows = load_table("reward_occasions")
    return regex.compile(_start(tuple(r["phrase"] for r in rows)) + r"(?<![\p{L}\d])(?:"
                         + alt([r["phrase"] for r in rows]) + r")(?![\p{L}\d])")


@lru_cache(maxsize=1)
def _occasions() -> dict[str, str]:
    return {fold(r["phrase"]): r["occasion"] for r in load_table("reward_occasions")}


def occasion(f: str) -> str | None:
    """When a rule stated in folded text `f` applies (rules/reward_occasions.tsv): "stage 2" for "kết thúc đợt
    2", "interim" for "Khen thưởng sơ kết", "monthly" for "Hằng tháng, …"; None when it names none, or two
    ("khi sơ kết, tổng kết": the same rule for both)."""
    stages = {STAGE_WORDS.get(m.group("n")) or int(m.group("n")) for m in STAGE_RE.finditer(f)
              if m.group("n").isdigit() or m.group("n") in STAGE_WORDS}
    if stages:
        return f"stage {stages.pop()}" if len(stages) == 1 else None
    found = {_occasions().get(WS_RE.sub(" ", m.group())) for m in _occasion_re().finditer(f)}
    found.discard(None)
    return found.pop() if len(found) == 1 else None
