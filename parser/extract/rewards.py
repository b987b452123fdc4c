"""`rewards`: the award rules of a plan (who grants which award to whom, how many, by when).

Emulation plans end their content with a "KHEN THƯỞNG" part (Luật Thi đua,
khen thưởng 2022): "UBND quận tặng Giấy khen tập thể, cá nhân có thành tích
xuất sắc …", "Số lượng: Mỗi phường: tối đa 02 tập thể, 03 cá nhân", "Thời
gian đề nghị khen thưởng: Chậm nhất ngày 31/5/2023", or sub-headings per
form ("2.2. Bằng khen" … "trình Chủ tịch UBND tỉnh Quyết định").

A mention of an award form (rules/reward_forms.tsv, or `danh hiệu “…”`) is a
rule when it is governed by an awarding verb or a grantor ("X tặng Giấy
khen", "Giấy khen của Chủ tịch UBND huyện") or heads a sub-section of that
part. Elsewhere in the body only "<grantor> tặng <form>" / "tặng <form> của
<grantor>" sentences count. Awards that are targets ("đạt danh hiệu Tập thể
lao động tiên tiến") and talk about the work ("công tác thi đua, khen
thưởng", "đề xuất khen thưởng các tập thể") are not rules. One item per
form, grantor and occasion (rules/reward_occasions.tsv: "Khen thưởng sơ
kết" / "Khen thưởng tổng kết", "Hằng tháng" / "Kết thúc đợt thi đua", "đợt
1" / "đợt 2"); later mentions add a quota, a deadline or recipients. A
periodic rule ("Hằng tháng, …") takes no one-off proposal deadline.

Events (Hội thao, Hội thi, Cuộc thi, Liên hoan) award prizes: "Ban Tổ chức trao
Cờ cho các đoàn đạt giải Nhất, Nhì, Ba toàn đoàn", "Giải Nhất: Giấy chứng nhận
và 2.000.000 đồng". A prize form is a rule only where an awarding verb governs
it or a rank heads it, in the reward part; elsewhere it also needs a grantor and
a prize won ("đạt giải"): "Cờ tướng", "treo cờ Tổ quốc", "cấp Giấy chứng nhận
quyền sử dụng đất" never are. Prizes take no proposal deadline; a schedule of
amounts after "… trao tiền thưởng như sau:" is the rule's quota.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from typing import Callable

import regex

from ..model import Found, KhDoc, Section
from ..text.fold import fold
from ..values import DateValue, find_dates
from .quota_text import body_paragraphs, content_span, phrase_ok, sentence_spans, words
from .reward_prizes import chained, giver, governed, is_prize, prize_cue, rank_label
from .reward_quotas import (
    LABEL_COLON_RE,
    label_quota,
    lead_quota,
    limit,
    quota_blocks,
    schedule,
)
from .reward_words import (
    PERIODIC,
    TRAIL,
    ctx,
    ctx_re,
    decider,
    find_forms,
    find_grantors,
    find_recipients,
    granted_by,
    is_target,
    key,
    may_name_forms,
    occasion,
    verb_between,
)

ZONE_WORDS, ZONE_WORDS_LONG = 8, 14
ZONE_TAIL_RE = regex.compile(r"(?<!\w)khen\s+thuong[\s.:]*$")


@dataclass(frozen=True)
class Reward:
    form: str
    granted_by: str | None
    recipients_rule: str | None
    quota: str | None
    deadline: DateValue | None
    span: tuple[int, int]

    def to_json(self) -> dict:
        return {"form": self.form, "granted_by": self.granted_by, "recipients_rule": self.recipients_rule,
                "quota": _text_or_none(self.quota), "deadline": self.deadline.to_json() if self.deadline else None,
                "span": list(self.span)}


# --- assembling rules --------------------------------------------------------

@dataclass
class _Rule:
    form: str
    granted_by: str | None
    recipients: str | None
    quota: str | None
    span: tuple[int, int]
    zone: Section | None
    standing: bool
    owner: tuple[int, int] | None = None  # span of the sub-section a heading form owns
    deadline: DateValue | None = None
    occasion: str | None = None  # "interim", "final", "monthly", "stage 2" … (reward_words.occasion)


def _zones(doc: KhDoc) -> list[Section]:
    """Top-most sections whose short heading names the reward part ("KHEN THƯỞNG", "Hình thức khen thưởng",
    "CƠ CẤU GIẢI THƯỞNG");
    a longer one only when it ends with it, as a list of the part's topics ("HÌNH THỨC, SỐ LƯỢNG VÀ HỒ SƠ
    KHEN THƯỞNG"), not when it is about the work ("Đổi mới công tác thi đua, khen thưởng …")."""
    out: list[Section] = []
    for s in doc.flat_sections:
        n = len(s.heading.split())
        if any(z.start <= s.start < z.end for z in out) or n > ZONE_WORDS_LONG or (n > ZONE_WORDS and not (
                ZONE_TAIL_RE.search(fold(s.heading)) and not ctx_re("work").search(fold(s.heading)))):
            continue
        if _names_part(s.heading):
            out.append(s)
    return out


def _names_part(heading: str) -> bool:
    """The heading names the reward part or the prizes as a whole ("GIẢI THƯỞNG VÀ KHEN THƯỞNG")."""
    h = fold(heading)
    return any(phrase_ok(heading, m, ctx(k)) for k in ("zone", "prize_zone") for m in ctx_re(k).finditer(h))


def _heading_of(doc: KhDoc, zone: Section | None, pos: int) -> Section | None:
    """The section of the zone whose heading line holds `pos` and is little more than an award form."""
    if zone is None:
        return None
    for s in zone.walk():
        ln = doc.lines[s.line_index] if 0 <= s.line_index < len(doc.lines) else None
        if ln and ln.start <= pos < ln.end and len(s.heading.split()) <= 12:
            return s
    return None


def _text_or_none(value: str | None) -> str | None:
    """Contract text: whitespace collapsed, list debris ("+", "-", ";") trimmed, never an empty string."""
    if value is None:
        return None
    return " ".join(value.split()).strip(" +-–;,.") or None


def _sentence_rules(text: str, f: str, base: int, in_part: bool,
                    heading_at: Callable[[int], Section | None] | None = None) -> list[_Rule]:
    """Rules stated in one sentence (`base` = its offset); `in_part`: it stands in the reward part, where a
    form governed by an awarding verb, or heading a sub-section (`heading_at`), is a rule too."""
    rules: list[_Rule] = []
    mentions = find_forms(text, f)
    if not mentions:
        return rules  # most sentences name no award form: skip the grantor scan
    heading_at = heading_at or (lambda pos: None)
    mentions = _candidates(text, f, base, in_part, heading_at, mentions)
    authorities = find_grantors(text, f) if mentions else []
    quota_word = bool(ctx_re("quota").search(f))
    standing = any(phrase_ok(text, m, ctx("standing")) for m in ctx_re("standing").finditer(f))
    span = (base + len(text) - len(text.lstrip(TRAIL)), base + len(text.rstrip(TRAIL)))
    last: tuple[int, tuple[int, int] | None] = (-99, None)  # end and grantor of the previous rule
    for i, (ms, me, form, gov) in enumerate(mentions):
        if is_target(text, f, ms):
            continue
        g = granted_by(text, f, authorities, ms, me)
        if g is None and gov is not None and gov >= 0 and is_prize(form):
            g = giver(text, f, authorities, gov)  # "Ban Tổ chức Hội thi cấp Giấy chứng nhận …"
        if g is None and last[1] and words(text[last[0]:ms]) <= 8:
            g = last[1]  # "tặng Bằng khen cho 01 tập thể và Giấy khen cho 03 cá nhân"
        heading = heading_at(base + ms)
        prize = is_prize(form)
        if prize:
            if not (in_part or (gov is not None and g and prize_cue(text, f))):
                continue  # outside the reward part: "<grantor> trao <prize> cho … đạt giải …" only
            heading = None if heading and _names_part(heading.heading) else heading
            form = form[:1].upper() + form[1:]  # "trao tiền thưởng" -> "Tiền thưởng"
        else:
            verb = verb_between(text, f, 0, ms)
            if not ((g and (in_part or verb)) or (in_part and (heading or quota_word or verb))):
                continue  # outside the reward part: "<grantor> tặng <form>", "tặng <form> của <grantor>" only
        last = (me, g)
        j = i  # "trao Cúp, Cờ và tiền thưởng cho …": the recipients follow the list
        while j + 1 < len(mentions) and chained(f, mentions[j][1], mentions[j + 1][0]):
            j += 1
        nxt = mentions[j + 1][0] if j + 1 < len(mentions) else len(text)
        recipients = (find_recipients(text, f, max(mentions[j][1], g[1]) if g else mentions[j][1], nxt)
                      or find_recipients(text, f, 0, ms, lead=False))
        granted = " ".join(text[g[0]:g[1]].split()) if g else None
        rules.append(_Rule(form, granted, recipients, label_quota(text, f, ms), span, None, standing or prize,
                           heading.span if heading else None, occasion=occasion(f)))
    return rules


def _candidates(text: str, f: str, base: int, in_part: bool, heading_at: Callable[[int], Section | None],
                mentions: list[tuple[int, int, str]]) -> list[tuple[int, int, str, int | None]]:
    """Mentions that may state a rule, each with the awarding verb that governs it (`governed`). A prize ("Cờ", "Giấy
    chứng nhận", tiền thưởng) only where a verb governs it ("trao Cờ, Cúp và …") or, in the reward part, a
    rank ("Giải Nhất: Giấy chứng nhận …") or a sub-section heading names it: "Kèm theo Cờ và …", "tặng Giấy
    khen kèm theo tiền thưởng" (the money of the Giấy khen) are no rules of their own."""
    out: list[tuple[int, int, str, int | None]] = []
    gov_end: int | None = None  # end of the previous prize an awarding verb governs
    for ms, me, form in mentions:
        prize = is_prize(form)
        gov = governed(text, f, ms, gov_end)
        gov_end = me if gov is not None and prize else None
        if prize and gov is None and not (in_part and (rank_label(f, ms) or _own_heading(heading_at(base + ms)))):
            continue
        out.append((ms, me, form, gov))
    return out


def _own_heading(sec: Section | None) -> bool:
    """A sub-section heading that names one prize ("2. Giấy chứng nhận"), not the part ("1. Giải thưởng")."""
    return sec is not None and not _names_part(sec.heading)


def find_rewards(text: str, base: int = 0, *, in_reward_part: bool = True) -> list[Reward]:
    """Award rules of a passage, sentence by sentence, merged per form and grantor (no deadlines: those
    need the plan's year and parts).

    >>> [(r.form, r.granted_by) for r in find_rewards("UBND huyện tặng Giấy khen cho các tập thể.")]
    [('Giấy khen', 'UBND huyện')]
    """
    f = fold(text)
    rules = [r for s, e in sentence_spans(text) for r in _sentence_rules(text[s:e], f[s:e], base + s, in_reward_part)]
    return [Reward(r.form, r.granted_by, r.recipients, r.quota, None, r.span) for r in _merge(rules)]


def _mentions(doc: KhDoc, zones: list[Section]) -> list[_Rule]:
    """Rules of every body sentence; forms that head a sub-section take grantor and recipients from it."""
    rules: list[_Rule] = []
    for a, b in body_paragraphs(doc):
        if not may_name_forms(doc.text, doc.folded, a, b):
            continue  # no sentence of it names an award form: `_sentence_rules` would find nothing
        prev: _Rule | None = None  # the last rule of the paragraph
        going: _Rule | None = None  # a rule whose quota goes on after a ";"
        for s0, e0 in sentence_spans(doc.text[a:b]):
            S, E = a + s0, a + e0
            zone = next((z for z in zones if z.start <= S < z.end), None)
            found = _sentence_rules(doc.text[S:E], doc.folded[S:E], S, zone is not None,
                                    partial(_heading_of, doc, zone))
            if found:
                going = None
            elif going is not None:  # "Số lượng: tập thể tối đa 02 tổ; cá nhân không quá 30% …"
                if limit(doc.text[S:E], doc.folded[S:E]):
                    going.quota = f"{going.quota}; {' '.join(doc.text[S:E].split()).strip(TRAIL)}"
                else:
                    going = None
            elif prev is not None and prev.quota is None:  # "…; số lượng không quá 05 tập thể"
                prev.quota = lead_quota(doc.text[S:E], doc.folded[S:E])
                going = prev if prev.quota else None
            going = going if doc.text[E:E + 1] == ";" else None
            prev = found[-1] if found else prev
            for r in found:
                r.zone = zone
                r.occasion = r.occasion or _section_occasion(doc, zone, S)
                r.standing = r.standing or r.occasion in PERIODIC
                if r.owner and not (r.granted_by and r.recipients):  # "1. Cờ thi đua của UBND tỉnh" + its text
                    sec = _heading_of(doc, zone, r.span[0])
                    if sec:
                        r.granted_by, r.recipients = _from_passage(doc, sec, r.form, r.granted_by, r.recipients)
            rules.extend(found)
    return rules


def _section_occasion(doc: KhDoc, zone: Section | None, pos: int) -> str | None:
    """The occasion a sub-section heading of the reward part gives the rules under it ("2. Khen thưởng tổng
    kết"), innermost first."""
    if zone is None:
        return None
    best: str | None = None
    for s in zone.walk():
        if s.start <= pos < s.end and 0 <= s.line_index < len(doc.lines):
            best = occasion(doc.lines[s.line_index].folded) or best
    return best


def _from_passage(doc: KhDoc, sec: Section, form: str, granted: str | None,
                  recipients: str | None) -> tuple[str | None, str | None]:
    """A form that heads its own sub-section ("2.2. Bằng khen"): grantor and recipients from its text,
    unless the text restates the form (that mention then carries them)."""
    line = doc.lines[sec.line_index]
    text, f = doc.text[line.end:sec.end], doc.folded[line.end:sec.end]
    if any(key(m[2]) == key(form) for m in find_forms(text, f)):
        return granted, recipients
    g = decider(text, f, find_grantors(text, f))
    if g:
        granted = " ".join(text[g[0]:g[1]].split())
    if recipients is None:
        for s, e in sentence_spans(text):
            recipients = find_recipients(text, f, s, e)
            if recipients:
                break
    return granted, recipients


def _deadline(doc: KhDoc, span: tuple[int, int], *, about_awards: bool = False) -> DateValue | None:
    """The first "Thời gian đề nghị khen thưởng: Chậm nhất ngày …" in `span`, its text from the label on;
    outside the reward part the line must speak of awards ("đề nghị khen thưởng")."""
    for ln in doc.lines_in(span):
        hits = [m for m in ctx_re("deadline").finditer(ln.folded) if phrase_ok(ln.text, m, ctx("deadline"))]
        if not hits or (about_awards and not ctx_re("zone").search(ln.folded)):
            continue
        cue = ln.start + hits[0].start()
        # A deadline is a day or a month stated after its cue ("… trước ngày 10/8/2024"), not a
        # year of the sentence before it ("giai đoạn 2021 - 2024").
        dates = [d for d in find_dates(ln.text, ln.start, default_year=doc.year)
                 if d.span and d.value and d.precision in ("day", "month") and d.span[0] >= cue]
        if not dates:
            continue
        d = dates[0]
        end = d.span[1] if d.span else ln.end
        lm = LABEL_COLON_RE.match(ln.text)
        start = ln.start + (lm.end() if lm and lm.end() + ln.start <= end else hits[0].start())
        start = min(start, d.span[0])
        return replace(d, text=" ".join(doc.text[start:end].split()), span=(start, end))
    return None


def _merge(rules: list[_Rule]) -> list[_Rule]:
    """One item per form, grantor and occasion. A mention without a grantor joins the first item of its form;
    a form heading without one takes the grantor that its own sub-section states. Two occasions stated apart
    ("Khen thưởng sơ kết" / "Khen thưởng tổng kết", "Hằng tháng" / "Kết thúc đợt thi đua") are two rules when
    the later one says whom it rewards (a bare "trình … tặng Giấy khen khi tổng kết" refers back)."""
    out: list[_Rule] = []
    for r in rules:
        same = [o for o in out if key(o.form) == key(r.form)
                and not (o.occasion and r.occasion and o.occasion != r.occasion and r.recipients) and (
            key(o.granted_by) == key(r.granted_by) or not r.granted_by
            or (not o.granted_by and o.owner is not None and o.owner[0] <= r.span[0] < o.owner[1]))]
        if not same:
            out.append(r)
            continue
        o = same[0]
        o.granted_by = o.granted_by or r.granted_by
        o.recipients = o.recipients or r.recipients
        o.quota = o.quota or r.quota
        o.zone = o.zone or r.zone
        o.standing = o.standing and r.standing
        o.occasion = o.occasion or r.occasion
    return out


def extract(doc: KhDoc) -> Found:
    """Award rules of the plan, in document order."""
    zones = _zones(doc)
    rules = _merge(_mentions(doc, zones))
    for z in zones:
        in_zone = [r for r in rules if r.zone is z]
        for r in in_zone:
            r.quota = r.quota or schedule(doc, r.span[1])
        for at, text in quota_blocks(doc, z):
            before = [r for r in in_zone if r.span[0] <= at]
            target = before[-1] if before else (in_zone[0] if in_zone else None)
            if target and target.quota is None:
                target.quota = text
        d = _deadline(doc, z.span)
        for r in in_zone:
            if d and r.deadline is None and not r.standing:
                r.deadline = d
    if any(r.deadline is None and not r.standing for r in rules):
        d = _deadline(doc, content_span(doc), about_awards=True)
        for r in rules:
            if d and r.deadline is None and not r.standing:
                r.deadline = d
    items = [Reward(r.form, r.granted_by, r.recipients, r.quota, r.deadline, r.span) for r in rules]
    items.sort(key=lambda r: r.span)
    return Found({"rewards": [r.to_json() for r in items]})
