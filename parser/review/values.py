"""The values panel: every extracted value, grouped as in the JSON, linked to its mark.

Why generic: the contract grows (`page`, `calendar`, `*_expanded` …); cards
are drawn from whatever keys an item has, so a new field shows up in review
without a change here. Only three shapes get special care: dates (value ·
text, with their own span), the heading tree, and `document.spans` (the
per-field spans of the header fields).
"""
from __future__ import annotations

from html import escape

from .assets import GROUPS
from .spans import MarkRegistry

#: The key whose value heads an item's card, first present wins.
HEADLINE_KEYS = ("text", "title", "name", "unit", "heading", "what", "form", "event", "reference")
#: Groups whose cards read better headed by another key (a signer by the person, not the title).
HEADLINE_BY_GROUP = {"signer": "name", "signers": "name", "issuer": "name", "issuers": "name"}
#: Keys never shown as rows (positions, not values).
HIDDEN_KEYS = frozenset({"span", "page", "children", "spans"})


def esc(value: object) -> str:
    return escape(str(value), quote=True)


def _is_date(value: object) -> bool:
    return isinstance(value, dict) and "precision" in value and "value" in value


def _date_html(value: dict) -> str:
    shown = value.get("value")
    text = value.get("text")
    parts = [f"<b>{esc(shown)}</b>" if shown is not None else '<span class="null">(để trống)</span>']
    if value.get("precision"):
        parts.append(f'<span class="null">{esc(value["precision"])}</span>')
    if value.get("calendar"):
        parts.append(esc(value["calendar"]))
    if text:
        parts.append(f"“{esc(text)}”")
    return " · ".join(parts)


def _attrs(mid: str | None) -> str:
    return f' data-target="{mid}"' if mid else ""


def render_field(key: str, value: object, group: str, label: str, reg: MarkRegistry, span: object = None) -> str:
    """One `<tr>` of a key-value table; the row is clickable when the value has a span."""
    mid = reg.add(span, group, label) if span is not None else None
    if _is_date(value):
        mid = reg.add(value.get("span"), group, label) or mid
        cell = _date_html(value)
    elif value is None or value == [] or value == "":
        cell = '<span class="null">—</span>'
    elif isinstance(value, (str, int, float, bool)):
        cell = esc(value)
    elif isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value):
        cell = '<ul class="list">' + "".join(f"<li>{esc(v)}</li>" for v in value) + "</ul>"
    elif isinstance(value, list):
        cell = "".join(render_item(v, group, f"{label}[{i}]", reg) if isinstance(v, dict) else esc(v) for i, v in enumerate(value))
    elif isinstance(value, dict):
        inner_mid = reg.add(value.get("span"), group, label)
        rows = "".join(render_field(k, v, group, f"{label}.{k}", reg) for k, v in value.items() if k not in HIDDEN_KEYS)
        cell = f'<table class="kv"{_attrs(inner_mid)}>{rows}</table>'
    else:
        cell = esc(value)
    cls = ' class="click"' if mid else ""
    return f"<tr{cls}{reg.value_id(mid)}{_attrs(mid)}><th>{esc(key)}</th><td>{cell}</td></tr>"


def render_item(obj: dict, group: str, label: str, reg: MarkRegistry) -> str:
    """A card for one extracted item: its headline, then its other fields."""
    mid = reg.add(obj.get("span"), group, label)
    keys = (HEADLINE_BY_GROUP[group],) + HEADLINE_KEYS if group in HEADLINE_BY_GROUP else HEADLINE_KEYS
    head_key = next((k for k in keys if isinstance(obj.get(k), str) and obj.get(k)), None)
    field_spans = obj.get("spans") if isinstance(obj.get("spans"), dict) else {}
    if mid is None and head_key in field_spans:  # document: the title has its own span
        mid = reg.add(field_spans[head_key], group, f"{label}.{head_key}")
    ident = reg.value_id(mid)  # the card, before its rows, is what a click in the text selects
    rows = "".join(
        render_field(k, v, group, f"{label}.{k}", reg, span=field_spans.get(k))
        for k, v in obj.items()
        if k not in HIDDEN_KEYS and k != head_key
    )
    head = ""
    if head_key:
        page = f' <span class="null">(tr. {esc(obj["page"])})</span>' if isinstance(obj.get("page"), int) else ""
        text = esc(obj[head_key])
        link = f'<a class="jump" href="#{mid}" data-target="{mid}">{text}</a>' if mid else text
        head = f'<div class="head">{link}{page}</div>'
    nospan = "" if mid else " nospan"
    focus = ' tabindex="0"' if mid else ""
    return (f'<div class="item g-{group}{nospan}"{ident}{_attrs(mid)}{focus}>{head}'
            + (f'<table class="kv">{rows}</table>' if rows else "") + "</div>")


def render_sections(sections: list, reg: MarkRegistry, label: str = "sections") -> str:
    """The heading tree as nested lists; each heading jumps to its part of the text."""
    items = []
    for i, sec in enumerate(sections):
        if not isinstance(sec, dict):
            continue
        path = sec.get("path") or sec.get("number") or str(i)
        mid = reg.add(sec.get("span"), "sections", f"{label}[{i}] {path}")
        text = f'<span class="num">{esc(sec.get("number") or "")}</span>{esc(sec.get("heading") or "")}'
        link = f'<a class="jump" href="#{mid}" data-target="{mid}">{text}</a>' if mid else text
        ident = reg.value_id(mid)
        children = sec.get("children") or []
        sub = render_sections(children, reg, f"{label}[{i}].children") if children else ""
        items.append(f"<li{ident}>{link}{sub}</li>")
    return '<ul class="tree">' + "".join(items) + "</ul>"


def _section(key: str, body: str, count: int | None = None) -> str:
    gloss = GROUPS.get(key, (key, 0))[0]
    n = f'<span class="n">({count})</span>' if count is not None else ""
    return f'<section class="group g-{key}" id="group-{key}"><h2>{esc(gloss)}<span class="key">{esc(key)}</span>{n}</h2>{body}</section>'


def render_values(output: dict, reg: MarkRegistry) -> str:
    """Every top-level group of the output, in contract order."""
    parts = []
    for key in GROUPS:
        if key == "warnings" or key not in output:
            continue
        value = output[key]
        if key in ("issuers", "signers") and isinstance(value, list) and len(value) <= 1:
            continue  # the same object is shown as issuer / signer
        if key == "sections" and isinstance(value, list):
            body = render_sections(value, reg) if value else '<p class="null">—</p>'
            parts.append(_section(key, body, _count_sections(value)))
        elif isinstance(value, list):
            body = "".join(render_item(v, key, f"{key}[{i}]", reg) for i, v in enumerate(value) if isinstance(v, dict))
            parts.append(_section(key, body or '<p class="null">—</p>', len(value)))
        elif isinstance(value, dict):
            parts.append(_section(key, render_item(value, key, key, reg)))
        else:
            parts.append(_section(key, '<p class="null">—</p>'))
    return "".join(parts)


def _count_sections(sections: list) -> int:
    return sum(1 + _count_sections(s.get("children") or []) for s in sections if isinstance(s, dict))
