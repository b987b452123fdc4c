"""A bare "THỜI GIAN" heading and the line that states the drive's frame under it.

Phát động letters, Chỉ thị and short plans of unions, enterprises and schools
head their time part with the bare word ("I. THỜI GIAN", "II. THỜI GIAN, ĐỐI
TƯỢNG") and state the frame on the next line: "Từ ngày 01/3/2025 đến ngày
30/11/2025.", "Đợt thi đua được triển khai từ tháng 3 đến hết tháng 11 năm
2025". Without a label word the heading says less than "THỜI GIAN THỰC HIỆN",
so the line must read as the frame of the whole drive: the time comes first,
or after a short subject with a frame verb ("được tổ chức", "triển khai") or
a drive word ("Đợt thi đua", "Phong trào"); a schedule entry ("Tháng 3/2025:
xây dựng kế hoạch") or a duty with a deadline ("Các đơn vị đăng ký thi đua
trước ngày 15/3/2025") is not. Vocabulary: rules/timeframe_words.tsv
(kinds scope, frame_verb, qualifier). Pure functions of folded text.
"""
from __future__ import annotations

from functools import lru_cache

import regex

from ..rules import load_table
from ..text.fold import fold, phrase_alt

__all__ = ["is_bare_time_heading", "frames_drive", "END_CUE_RE"]

# Bullets and a heading number before the words: "II. ", "2.1) ", "- ", "+ ".
LEAD_RE = regex.compile(r"[\s\-–—+•*#]*(?:(?:[ivxl]{1,5}|[a-z]|\d{1,2}(?:\.\d{1,2}){0,3})\s{0,2}[.):/\-–]\s*)?"
                        r"[\s\-–—+•*]*")
PREFIX_MAX = 90
# Cue words that may stand between the subject and the time ("được triển khai trong năm 2025", "kể từ ngày").
CUES = r"(?:(?:tu|ke\s+tu|bat\s+dau\s+tu|trong|vao|den|ngay|nam|thang)\s+)*"
# A lone date after these is a duty's deadline ("đăng ký trước ngày 15/3"), never the drive's frame.
DEADLINE_CUE_RE = regex.compile(r"(?<!\w)(?:truoc|cham\s+nhat|han\s+chot|han)\s{1,3}(?:ngay\s{1,3})?$")
# After the time: a colon makes it a step of a schedule ("Tháng 3/2025: …"), "của" the date of a cited
# document ("Thực hiện Kế hoạch số 12/KH-UBND ngày 15/01/2025 của UBND tỉnh").
AFTER_SCHEDULE_RE = regex.compile(r"\s*[)\]]?\s*(?::|cua(?!\w))")
# "bắt đầu từ ngày 19/5/2025 và kết thúc vào ngày 02/9/2025": the end of a frame stated as two events.
END_CUE_RE = regex.compile(r"(?<!\w)ket\s+thuc\s{1,3}(?:vao\s{1,3})?(?:ngay\s{1,3})?$")


def _alt(kind: str) -> str:
    return phrase_alt(fold(r["phrase"]) for r in load_table("timeframe_words") if r["kind"] == kind)


@lru_cache(maxsize=1)
def _heading_re() -> "regex.Pattern[str]":
    """"thời gian" alone, or followed by scope words joined by commas / "và" / dashes, then the line's end or
    a separator with the time after it ("I. THỜI GIAN - Từ ngày …")."""
    scope = _alt("scope")
    joined = rf"(?:\s*(?:,|;|/|-|–|\s+va\s)\s*(?:{scope})(?:\s+(?:thi\s+dua|thuc\s+hien|ap\s+dung))?)*"
    return regex.compile(rf"thoi\s+gian{joined}[\s*]*(?:[.:][\s*]*$|[-–.]\s+|$)")  # "**" of markdown debris


@lru_cache(maxsize=1)
def _prefix_re() -> "regex.Pattern[str]":
    """What may come before the time on the frame line: nothing, a drive word ("Đợt thi đua:"), or a clause
    whose frame verb is passive ("… được tổ chức"), follows a drive word ("Chiến dịch diễn ra") or opens
    the line ("Triển khai thực hiện"); a verb inside a name ("Ban Tổ chức thông báo …") is none."""
    verbs, quals = _alt("frame_verb"), _alt("qualifier")
    subject = rf"(?:[^:;\n]{{0,{PREFIX_MAX}}}?(?<!\w)duoc\s+|(?:{quals})(?!\w)[^:;\n]{{0,60}}?\s)?"
    # After the verb only a short place ("trong toàn Công ty", "trên địa bàn tỉnh"): no number, no symbol.
    clause = rf"{subject}(?:{verbs})(?!\w)(?:\s+(?:thuc\s+hien|trien\s+khai))?[^:;\n\d/]{{0,40}}?"
    return regex.compile(rf"(?:(?:{quals})\s*:?|{clause})?\s*{CUES}")


def is_bare_time_heading(folded_heading: str) -> int | None:
    """Where the rest of a bare time heading starts (after "THỜI GIAN[, ĐỐI TƯỢNG …]" and its separator), or
    None when the heading is something else ("THỜI GIAN THỰC HIỆN" has a label and is not bare)."""
    lead = LEAD_RE.match(folded_heading)
    m = _heading_re().match(folded_heading, lead.end() if lead else 0)
    return m.end() if m else None


def frames_drive(folded_line: str, time_start: int, time_end: int, *, lone_until: bool) -> bool:
    """Whether the time at [time_start, time_end) of a line under a bare time heading is the drive's frame:
    led by nothing, a drive word or a frame-verb clause; not a schedule entry ("Tháng 3/2025: …"); a lone
    end date (`lone_until`) not a deadline ("trước ngày …")."""
    lead = LEAD_RE.match(folded_line)
    start = lead.end() if lead else 0
    if time_start < start or not _prefix_re().fullmatch(folded_line, start, time_start):
        return False
    if AFTER_SCHEDULE_RE.match(folded_line, time_end):
        return False
    return not (lone_until and DEADLINE_CUE_RE.search(folded_line, 0, time_start))
