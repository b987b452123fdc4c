"""Catalogue of output warning codes -> message templates.

Codes are stable lower_snake strings that consumers filter on; messages are
for people. Add a code here before using it (a test checks every emitted code
is catalogued).
"""
from __future__ import annotations

WARNINGS: dict[str, str] = {
    "blank_number": "The document number is left blank (\"Số: /{symbol}\").",
    "no_number": "No \"Số: …\" line was found in the header.",
    "blank_date": "The issue date is left blank or partly blank ({text}).",
    "no_date": "No place-and-date line was found in the header.",
    "no_title": "No title (trích yếu) was found after the document type.",
    "no_type": "No document type line (\"KẾ HOẠCH\", …) was found.",
    "not_a_plan": "The document is a {type_name}, not a plan (Kế hoạch); only the fields that apply to it were read.",
    "plan_like": "The document is a {type_name}, not a Kế hoạch; its plan content (targets, tasks, assignments, rewards) was read as a plan's.",
    "no_issuer": "The issuing body could not be determined.",
    "issuer_inferred": "The issuing body was inferred from {source}, not read from the header.",
    "no_signer": "No signature block was found.",
    "no_recipients": "No \"Nơi nhận\" list was found.",
    "numbering_duplicate": "Heading number {number} appears twice in a row at the same level.",
    "numbering_gap": "Heading numbering jumps from {prev} to {number}.",
    "numbering_restart": "A second top-level heading {number} appears.",
    "page_break_joined": "{count} paragraph(s) broken by page breaks were joined.",
    "markdown_removed": "Markdown/layout debris was removed from the text.",
    "ocr_used": "Text was read by OCR; values may contain recognition errors.",
    "bad_text_layer": "The text layer of page(s) {pages} is not readable text (fonts without a Unicode map); those pages were read by OCR.",
    "bad_text_layer_dropped": "The text layer of page(s) {pages} is not readable text and OCR is off; those pages were skipped.",
    "ocr_pages_skipped": "Page(s) {pages} are images without text and OCR is off; they were not read.",
    "ocr_page_failed": "OCR failed on page(s) {pages}; their text is missing.",
    "encoding_fixed": "Legacy {encoding} text was converted to Unicode.",
}


def message(code: str, **kwargs: object) -> str:
    """Render the template of `code`; missing keys fall back to the bare template."""
    template = WARNINGS[code]
    try:
        return template.format(**kwargs)
    except (KeyError, IndexError):
        return template


def warning(code: str, span: tuple[int, int] | None = None, **kwargs: object) -> dict:
    """A warning record in output form."""
    out: dict = {"code": code, "message": message(code, **kwargs)}
    if span is not None:
        out["span"] = [span[0], span[1]]
    return out
