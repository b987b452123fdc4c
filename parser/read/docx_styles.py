"""DOCX styles and list numbering: what the text walk needs to know beyond the runs.

Word keeps fonts, "caps" and automatic list numbers in styles.xml and
numbering.xml: a run without its own font takes its paragraph style's (then
the document default), and a list paragraph's "1." / "a)" / "I." is not in
the text at all but computed from per-list counters. Both matter here: the
font names a legacy encoding (".VnTime"), and the numbers carry the plan's
heading structure.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    """Clark name of a WordprocessingML tag or attribute."""
    return f"{{{W_NS}}}{tag}"


def wval(el: etree._Element | None, attr: str = "val") -> str | None:
    """The w:val (or other w: attribute) of an element that may be missing."""
    return None if el is None else el.get(w(attr))


def to_int(value: str | None, default: int = 0) -> int:
    """An integer attribute; files written by other tools may hold anything."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
         (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


@dataclass
class Ctx:
    """What the walk needs from styles.xml and numbering.xml, plus its running state."""

    styles: dict[str, dict] = field(default_factory=dict)
    default_font: str | None = None
    default_style: str = "Normal"
    abstracts: dict[str, dict[int, tuple[str, str, int]]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    seen_nums: set[str] = field(default_factory=set)
    legacy: list[tuple[str, str, bool]] = field(default_factory=list)  # (run text, encoding, upper-case)


def load_styles(ctx: Ctx, root: etree._Element) -> None:
    """Fonts, caps and list numbering of every style (styles.xml)."""
    default = root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('rFonts')}")
    ctx.default_font = font_of(default)
    for st in root.iter(w("style")):
        sid = st.get(w("styleId"))
        if not sid:
            continue
        num = st.find(f"{w('pPr')}/{w('numPr')}")
        if st.get(w("type")) == "paragraph"  and st.get(w("default")) in ("1", "true", "on"):
            ctx.default_style = sid
        ctx.styles[sid] = {
            "based": wval(st.find(w("basedOn"))),
            "font": font_of(st.find(f"{w('rPr')}/{w('rFonts')}")),
            "caps": on(st.find(f"{w('rPr')}/{w('caps')}")) or on(st.find(f"{w('rPr')}/{w('smallCaps')}")),
            "num": (wval(num.find(w("numId"))), to_int(wval(num.find(w("ilvl"))))) if num is not None else None,
        }


def style_attr(ctx: Ctx, sid: str | None, key: str) -> object:
    """A style property, following basedOn (bounded: style chains can loop)."""
    for _ in range(12):
        st = ctx.styles.get(sid or "")
        if st is None:
            return None
        if st[key] is not None and st[key] is not False:
            return st[key]
        sid = st["based"]
    return None


def load_numbering(ctx: Ctx, root: etree._Element) -> None:
    """List definitions (numbering.xml): format, label pattern and start of each level."""
    for ab in root.iter(w("abstractNum")):
        levels = {}
        for lvl in ab.iter(w("lvl")):
            levels[to_int(lvl.get(w("ilvl")))] = (
                wval(lvl.find(w("numFmt"))) or "decimal",
                wval(lvl.find(w("lvlText"))) or "",
                to_int(wval(lvl.find(w("start"))), 1),
            )
        ctx.abstracts[ab.get(w("abstractNumId")) or ""] = levels
    for num in root.iter(w("num")):
        overrides = {}
        for ov in num.iter(w("lvlOverride")):
            start = wval(ov.find(w("startOverride")))
            if start is not None:
                overrides[to_int(ov.get(w("ilvl")))] = to_int(start, 1)
        ctx.nums[num.get(w("numId")) or ""] = (wval(num.find(w("abstractNumId"))) or "", overrides)


def font_of(rfonts: etree._Element | None) -> str | None:
    if rfonts is None:
        return None
    return rfonts.get(w("ascii")) or rfonts.get(w("hAnsi"))


def on(el: etree._Element | None) -> bool:
    """A toggle property: present and not switched off."""
    return el is not None and (wval(el) or "true").lower() not in ("0", "false", "off")


def format_number(n: int, fmt: str) -> str:
    if fmt in ("upperRoman", "lowerRoman") and 0 < n < 4000:
        out = []
        for v, sym in ROMAN:
            while n >= v:
                out.append(sym)
                n -= v
        s = "".join(out)
        return s if fmt == "upperRoman" else s.lower()
    if fmt in ("upperLetter", "lowerLetter") and n > 0:
        s = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return s.upper() if fmt == "upperLetter" else s
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def list_label(ctx: Ctx, p_pr: etree._Element | None, style: str | None) -> str:
    """The automatic number or bullet Word shows before a list paragraph ("" if none)."""
    num = p_pr.find(w("numPr")) if p_pr is not None else None
    if num is not None and num.find(w("numId")) is not None:
        num_id, ilvl = wval(num.find(w("numId"))), to_int(wval(num.find(w("ilvl"))))
    else:
        ref = style_attr(ctx, style, "num")
        num_id, ilvl = ref if isinstance(ref, tuple) else (None, 0)
    if not num_id or num_id == "0" or num_id not in ctx.nums:
        return ""
    abstract, overrides = ctx.nums[num_id]
    levels = ctx.abstracts.get(abstract, {})
    if ilvl not in levels:
        return ""
    counters = ctx.counters.setdefault(abstract, {})
    if num_id not in ctx.seen_nums:
        ctx.seen_nums.add(num_id)
        for lvl, start in overrides.items():
            counters[lvl] = start - 1
    counters[ilvl] = counters.get(ilvl, levels[ilvl][2] - 1) + 1
    for deeper in [k for k in counters if k > ilvl]:
        del counters[deeper]
    fmt, pattern, _start = levels[ilvl]
    if fmt == "bullet":
        mark = pattern.strip()
        return (mark if mark in ("-", "–", "+", "•") else "-") + " "
    if fmt == "none":
        return regex.sub(r"%\d", "", pattern).strip() + " " if regex.sub(r"%\d", "", pattern).strip() else ""

    def one(m: regex.Match[str]) -> str:
        k = int(m.group(1)) - 1
        lf = levels.get(k, ("decimal", "", 1))
        return format_number(counters.get(k, lf[2]), lf[0])

    label = regex.sub(r"%([1-9])", one, pattern).strip()
    return label + " " if label else ""
