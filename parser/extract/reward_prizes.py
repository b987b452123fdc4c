"""Prizes of events for the `rewards` extractor: "Cờ", "Cúp", "Giấy chứng nhận", tiền thưởng.

Hội thao, Hội thi, Cuộc thi and Liên hoan plans list what the winners get ("Ban
Tổ chức trao Cờ cho các đoàn đạt giải Nhất, Nhì, Ba toàn đoàn", "Giải Nhất:
Giấy chứng nhận và 2.000.000 đồng"). The same words name other things ("Cờ
tướng", "treo cờ Tổ quốc", "cấp Giấy chứng nhận quyền sử dụng đất"), so a prize
(rules/reward_forms.tsv, kind prize) is a rule only where an awarding verb
governs it or a rank heads it (rules/reward_context.tsv: prize_verb,
prize_receive, rank, prize_cue). Functions take a sentence and its folded copy.
"""
from __future__ import annotations

from functools import lru_cache

import regex

from ..rules import load_table
from ..text.fold import fold
from .quota_text import alt, phrase_ok
from .reward_words import MEDAL_TAIL_RE, WS_RE, ceremony, ctx, ctx_re, gap_ok, listed, title_before

# Between two governed prizes: "trao Cờ, Cúp và tiền thưởng", "trao 01 Cúp kèm theo Giấy chứng nhận".
CHAIN_RE = regex.compile(r"[\s,+]*(?:(?:va|cung|kem\s+theo|kem|hoac)\s+)?(?:\d{1,3}\s+)?")


@lru_cache(maxsize=1)
def _prizes() -> frozenset[str]:
    return frozenset(fold(r["form"]) for r in load_table("reward_forms") if r["kind"] == "prize")


def is_prize(form: str) -> bool:
    """An event's prize ("Cờ", "Giấy chứng nhận", "Tiền thưởng", "Huy chương Vàng, Bạc, Đồng"), which needs a
    governing verb or a rank."""
    return MEDAL_TAIL_RE.sub("", WS_RE.sub(" ", fold(form))) in _prizes()


@lru_cache(maxsize=1)
def _govern_re() -> "regex.Pattern[str]":
    return regex.compile(r"(?<![\p{L}\d])(?P<p>" + alt(ctx("prize_verb") + ctx("prize_receive")) + r")\s+"
                         r"(?:(?:\d{1,3}|mot)\s+(?:(?:bo|chiec|la|phan|suat)\s+)?)?$")


def governed(text: str, f: str, ms: int, prev_end: int | None) -> int | None:
    """Whether an awarding verb governs the form at `ms`: the verb's offset when it is right before the form
    and said of the giver ("Ban Tổ chức trao Cờ"), -1 when said of the winner ("được nhận 01 Cúp") or when the
    form continues a list from a governed form ending at `prev_end` ("trao Cờ, Cúp và tiền thưởng"); None
    when no verb governs it."""
    lo = max(0, ms - 40)
    while (m := _govern_re().search(f, lo, ms)) is not None:  # "phong trào tặng": "trao tang" then "tang"
        if ceremony(text, f, m.start("p")):
            break  # "Lễ trao tặng Cờ …"
        if phrase_ok(text, m, ctx("prize_verb"), "p"):
            return m.start("p")
        if phrase_ok(text, m, ctx("prize_receive"), "p"):
            return -1
        lo = m.start("p") + 1
    return -1 if prev_end is not None and prev_end <= ms and chained(f, prev_end, ms) else None


def chained(f: str, a: int, b: int) -> bool:
    """f[a:b] only joins two forms of one list ("Cờ, Cúp và …")."""
    return CHAIN_RE.fullmatch(f, a, b) is not None


def giver(text: str, f: str, grantors: list[tuple[int, int]], verb_at: int) -> tuple[int, int] | None:
    """The grantor (or list) just before a prize's awarding verb: "Ban Tổ chức Hội thi cấp Giấy chứng nhận"."""
    for i in range(len(grantors) - 1, -1, -1):
        if grantors[i][1] <= verb_at and gap_ok(text, f, grantors[i][1], verb_at):
            return listed(text, f, grantors, i)
    return title_before(text, f, verb_at)  # "Hiệu trưởng nhà trường cấp Giấy chứng nhận"


@lru_cache(maxsize=1)
def _rank_label_re() -> "regex.Pattern[str]":
    return regex.compile(r"(?<![\p{L}\d])giai\s+(?:" + alt(ctx("rank")) + r")(?![\p{L}\d])[^:;\n]{0,40}:[^:;\n]{0,80}$")


def rank_label(f: str, ms: int) -> bool:
    """The form at `ms` is what a rank gets: "Giải Nhất (01 giải): Giấy chứng nhận và 2.000.000 đồng"."""
    return _rank_label_re().search(f, 0, ms) is not None


def prize_cue(text: str, f: str) -> bool:
    """The sentence speaks of prizes won ("… cho các đội đạt giải Nhất", "vô địch")."""
    return any(phrase_ok(text, m, ctx("prize_cue")) for m in ctx_re("prize_cue").finditer(f))
