"""The review index: every document of a batch in one table, the doubtful ones first.

Why sorted by the quality block: an archivist with a thousand converted plans
reviews from the top down; failed files, then documents missing catalogue
fields or read by OCR come first (`quality.rank` ascending), clean ones last.

Entries are small dicts (`index_entry(output, href=…)`) so a batch can build
them as it goes without keeping whole outputs in memory; a full output dict
is accepted too, and `{"name": …, "error": …}` lists a file that failed.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ..quality import quality_of
from ..write import write_atomic
from .assets import CSP, page_css
from .page import document_heading
from .values import esc

#: Sorts before every rank key (ranks start with a 4-digit score): failed files first.
ERROR_RANK = "!"


def index_entry(output: dict, *, href: str | None = None, name: str | None = None) -> dict:
    """The summary of one output that the index shows."""
    doc = output.get("document") or {}
    issued = doc.get("issued") or {}
    source = output.get("source") or {}
    return {
        "name": name or Path(str(source.get("path") or "")).name or document_heading(output),
        "href": href,
        "heading": document_heading(output),
        "reference": doc.get("reference"),
        "issued": issued.get("value") or issued.get("text"),
        "title": doc.get("title"),
        "issuer": (output.get("issuer") or {}).get("name"),
        "signer": (output.get("signer") or {}).get("name"),
        "warnings": len(output.get("warnings") or []),
        "quality": quality_of(output),
    }


def _entry(e: dict) -> dict:
    return index_entry(e, href=e.get("href")) if "schema_version" in e else e


def sort_key(entry: dict) -> tuple[str, str]:
    """Failed files, then ascending `quality.rank` (most doubtful first), then name."""
    if entry.get("error"):
        return (ERROR_RANK, str(entry.get("name") or ""))
    quality = entry.get("quality") or {}
    return (str(quality.get("rank") or "0000"), str(entry.get("name") or ""))


NULL = '<span class="null">—</span>'


def _cell(value: object) -> str:
    return esc(value) if value not in (None, "") else NULL


def _row(n: int, e: dict) -> str:
    name = esc(e.get("name") or "")
    link = f'<a href="{esc(e["href"])}">{name}</a>' if e.get("href") else name
    if e.get("error"):
        return (f'<tr class="lvl-doubtful" data-name="{name}" data-rank="{ERROR_RANK}"><td>{n}</td><td><span class="quality lvl-doubtful">lỗi</span></td>'
                f'<td colspan="7" class="err">{esc(e["error"])}</td><td>{link}</td></tr>')
    q = e.get("quality") or {}
    level = esc(q.get("level") or "check")
    missing = ", ".join(esc(m) for m in q.get("missing") or [])
    flags = [f for f, on in (("OCR", q.get("ocr")), (f"chuyển mã {q.get('encoding_fixed')}", q.get("encoding_fixed"))) if on]
    return (
        f'<tr class="lvl-{level}" data-name="{name}" data-rank="{esc(q.get("rank") or "")}" data-score="{esc(q.get("score"))}">'
        f"<td>{n}</td>"
        f'<td><span class="quality lvl-{level}" title="{esc("; ".join(q.get("reasons") or []))}">{esc(q.get("score"))}</span>'
        f' {esc(" ".join(flags))}</td>'
        f'<td class="nowrap">{_cell(e.get("reference"))}</td><td class="nowrap">{_cell(e.get("issued"))}</td>'
        f"<td>{_cell(e.get('title'))}</td>"
        f"<td>{_cell(e.get('issuer'))}</td><td>{_cell(e.get('signer'))}</td>"
        f"<td>{esc(e.get('warnings', 0))}</td><td>{missing or NULL}</td><td>{link}</td></tr>"
    )


def render_index(entries: Iterable[dict], *, title: str = "khparse — danh sách kiểm tra") -> str:
    """The index page (a str): one row per entry, sorted doubtful first."""
    rows = sorted((_entry(e) for e in entries), key=sort_key)
    counts = {lvl: sum(1 for r in rows if not r.get("error") and (r.get("quality") or {}).get("level") == lvl) for lvl in ("doubtful", "check", "good")}
    errors = sum(1 for r in rows if r.get("error"))
    body = "".join(_row(i, e) for i, e in enumerate(rows, 1))
    summary = (f"{len(rows)} văn bản · cần xem trước (doubtful) {counts['doubtful']} · cần kiểm tra (check) {counts['check']}"
               f" · tốt (good) {counts['good']}" + (f" · lỗi {errors}" if errors else ""))
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="khparse review">
<title>{esc(title)}</title>
<style>{page_css()}</style>
</head>
<body>
<header class="top"><h1>{esc(title)}</h1><div class="sub" id="summary">{summary}. Sắp xếp theo điểm chất lượng: văn bản đáng ngờ nhất ở trên.</div></header>
<div class="wrap">
<table class="index" id="index">
<thead><tr><th>#</th><th>Điểm</th><th>Số, ký hiệu</th><th>Ngày</th><th>Trích yếu</th><th>Cơ quan ban hành</th><th>Người ký</th><th>Cảnh báo</th><th>Thiếu</th><th>Tệp</th></tr></thead>
<tbody>
{body}
</tbody>
</table>
</div>
</body>
</html>
"""


def write_index(entries: Iterable[dict], out_path: str | Path, *, title: str = "khparse — danh sách kiểm tra") -> Path:
    """Write the index page; `entries` are `index_entry(...)` dicts, full outputs, or `{"name", "error"}`."""
    path = Path(out_path)
    write_atomic(path, render_index(entries, title=title))
    return path
