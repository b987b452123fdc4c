"""One self-contained review page per document: the text with every span highlighted, the values beside it.

Why this layout: an archivist checks a value by seeing where it came from.
Left pane: the normalized text (`output["text"]`, which every span indexes)
with nested `<mark>`s coloured by field. Right pane: the values grouped as in
the JSON; clicking one scrolls to its mark and flashes it, clicking a mark
scrolls to its value. Warnings and the quality block sit on top.
"""
from __future__ import annotations

from ..quality import quality_of
from .assets import CSP, GROUPS, SCRIPT, page_css
from .spans import MarkRegistry, render_marked_text
from .values import esc, render_values


def _warnings_html(output: dict, reg: MarkRegistry) -> str:
    items = []
    for i, w in enumerate(output.get("warnings") or []):
        if not isinstance(w, dict):
            continue
        mid = reg.add(w.get("span"), "warnings", f"warnings[{i}] {w.get('code')}")
        body = f"<code>{esc(w.get('code'))}</code> {esc(w.get('message') or '')}"
        if mid:
            body = f'<a class="jump" href="#{mid}" data-target="{mid}">{body}</a>'
        items.append(f"<li{reg.value_id(mid)}>{body}</li>")
    if not items:
        return '<p class="sub">Không có cảnh báo (no warnings).</p>'
    return f'<ul class="warnings" id="warnings">{"".join(items)}</ul>'


def _quality_html(quality: dict) -> str:
    level = esc(quality.get("level"))
    missing = quality.get("missing") or []
    warn = quality.get("warnings") or {}
    text = f"điểm {quality.get('score')} · {level}"
    extra = []
    if missing:
        extra.append("thiếu: " + ", ".join(esc(m) for m in missing))
    if isinstance(warn, dict) and warn.get("total"):
        extra.append(f"cảnh báo: {esc(warn.get('total'))} (cao {esc(warn.get('high', 0))}, vừa {esc(warn.get('medium', 0))}, thấp {esc(warn.get('low', 0))})")
    if quality.get("ocr"):
        extra.append("OCR")
    if quality.get("encoding_fixed"):
        extra.append(f"chuyển mã {esc(quality['encoding_fixed'])}")
    return (f'<span class="quality lvl-{level}" id="quality" data-score="{esc(quality.get("score"))}">{text}</span>'
            f'<span class="sub">{" · ".join(extra)}</span>')


def _legend_html(reg: MarkRegistry) -> str:
    counts: dict[str, int] = {}
    for m in reg.marks:
        counts[m.group] = counts.get(m.group, 0) + 1
    labels = []
    for group, (gloss, _) in GROUPS.items():
        if group in counts:
            labels.append(f'<label class="g-{group}" title="{esc(group)}"><input type="checkbox" checked data-group="{esc(group)}"> '
                          f"{esc(gloss)} ({counts[group]})</label>")
    return f'<div class="legend">{"".join(labels)}</div>'


def document_heading(output: dict) -> str:
    """"Kế hoạch 32/KH-HĐTĐKT" or the file name: the page's and the index row's name for a document."""
    doc = output.get("document") or {}
    kind = doc.get("type_name") or "Văn bản"
    ref = doc.get("reference")
    return f"{kind} {ref}" if ref else kind


def render_page(output: dict, *, name: str | None = None) -> str:
    """The complete HTML page (a str) for one contract-v1 output."""
    text = output.get("text") if isinstance(output.get("text"), str) else ""
    reg = MarkRegistry(len(text))
    warnings_html = _warnings_html(output, reg)
    values_html = render_values(output, reg)
    text_html = render_marked_text(text, reg.marks)
    quality = quality_of(output)
    source = output.get("source") or {}
    doc = output.get("document") or {}
    heading = document_heading(output)
    title = doc.get("title")
    src_bits = [esc(name or source.get("path") or "")]
    for key in ("format", "pages"):
        if source.get(key):
            src_bits.append(f"{key}: {esc(source[key])}")
    invalid = f" · {reg.invalid} span(s) outside the text" if reg.invalid else ""
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="khparse review">
<title>{esc(heading)}{' — ' + esc(title) if title else ''}</title>
<style>{page_css()}</style>
</head>
<body class="lvl-{esc(quality.get('level'))}">
<header class="top">
<h1>{esc(heading)}</h1>
<div class="sub doc-title">{esc(title) if title else '<span class="null">(không có trích yếu)</span>'}</div>
<div class="sub">{' · '.join(b for b in src_bits if b)} · {len(reg.marks)} spans{invalid}</div>
{_quality_html(quality)}
{warnings_html}
{_legend_html(reg)}
</header>
<main>
<div class="pane text"><div class="doc-text" id="doc-text">{text_html}</div></div>
<div class="pane values" id="values">{values_html}</div>
</main>
<script>{SCRIPT}</script>
</body>
</html>
"""


__all__ = ["document_heading", "render_page"]
