"""`issuer` / `issuers`: the body that issues the plan.

Evidence, strongest first:
1. the header's issuing-body lines (Nghị định 30/2020/NĐ-CP, Phụ lục I, II.3:
   the superior body on the first line where there is one, the issuer below);
2. the preamble sentence that says who builds the plan ("…, Ủy ban nhân dân
   quận xây dựng kế hoạch …", "Chủ tịch UBND phường X ban hành …");
3. the closing sentence ("Trên đây là Kế hoạch … của UBND huyện, …");
4. the signature's "TM. <body>" line.
A name that ends in a bare administrative level ("UBND huyện") is completed
with the header's place ("Tam Đường"). `abbreviation` is the body code of the
symbol ("KH-HĐTĐKT" -> "HĐTĐKT"). Verbs and linking words are matched on the
folded text, so wrong or missing diacritics (OCR) do not hide the sentence.

Joint documents (issue 9) name several bodies: side by side in the header
("CÔNG TY CỔ PHẦN X      CÔNG ĐOÀN CÔNG TY CỔ PHẦN X", columns as in
`signer.columns`), or stacked when the type or symbol says liên tịch /
phối hợp ("KHLT-UBND-LĐLĐ") or two signature blocks act for different
bodies ("TM. BAN CHẤP HÀNH" and "TM. ỦY BAN NHÂN DÂN"): one body per header
line that starts with a unit head (a bare head line such as "BAN CHẤP
HÀNH" runs on into the next). The first is `issuer`, all are `issuers`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..model import KhDoc, Line
from ..text.fold import fold, strip_tones
from ..warning_codes import warning
from ..zones.layout import symbol_type_row
from . import units
from .document import BUILD_VERB_RE, NUMBER_RE, DocumentFields, header_lines, header_source_lines, is_number_label
from .header_layout import motto_start, table_columns
from .signer import SignatureBlock, columns, is_upper_line

# On folded text.
CLAUSE_BOUNDARY_RE = regex.compile(r"[,;:.()“”\"]")
CUA_RE = regex.compile(r"\bcua\s+(?P<body>[^,;.()]+?)(?=\s*[,;.]|\s+de nghi|\s+yeu cau|$)")
# On the text with tones dropped but vowel shapes kept ("số" is no "Sở"); on the
# folded text when the passage has lost every diacritic.
CITATION_TRACE_RE = regex.compile(r"\d+/|\s(?:vê|cua|sô|ngay)\s|\svê$")
CITATION_TRACE_ASCII_RE = regex.compile(r"\d+/|\s(?:ve|cua|so|ngay)\s|\sve$")
TREN_DAY_RE = regex.compile(r"^tren day\b")
NO_LETTER_RE = regex.compile(r"[\W\d_]+")
SYMBOL_SPLIT_RE = regex.compile(r"[-/]")
JOINT_RE = regex.compile(r"lien tich|phoi hop")
AUTHORITY_BODY_RE = regex.compile(r"^(?:TM\s*\.|T/M\.?)\s*(?P<body>.+)$")
WIDE_GAP = 4  # source spaces between two header columns that need no other sign of a joint document


@dataclass
class IssuerResult:
    name: str | None = None
    parent: str | None = None
    abbreviation: str | None = None
    span: tuple[int, int] | None = None
    source: str | None = None
    warnings: list[dict] = field(default_factory=list)
    co_issuers: list["IssuerResult"] = field(default_factory=list)  # the other bodies of a joint document

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "parent": self.parent,
            "abbreviation": self.abbreviation,
            "span": list(self.span) if self.span else None,
        }


def header_parts(lines: list[Line]) -> list[tuple[str, int, int]]:
    """The capitalised issuing-body lines of the header, cut before "Số:", the national motto or a date."""
    parts: list[tuple[str, int, int]] = []
    for ln in lines:
        text, start = ln.text, ln.start
        m = NUMBER_RE.search(text)
        if m and is_number_label(m):
            text = text[: m.start()]
        cut = motto_start(text)
        if cut is not None:
            text = text[:cut]
        if ", ngay" in fold(text):
            text = text[: fold(text).index(", ngay")]
            text = text.rsplit("  ", 1)[0]
        stripped = text.strip(" -_*–")
        start += len(text) - len(text.lstrip(" -_*–"))
        if stripped and is_upper_line(stripped) and not NO_LETTER_RE.fullmatch(stripped):
            parts.append((stripped, start, start + len(stripped)))
    return parts


def from_header(lines: list[Line]) -> IssuerResult | None:
    """The capitalised issuing-body lines of the header, split into parent and issuer."""
    return _from_parts(header_parts(lines))


def _from_parts(parts: list[tuple[str, int, int]]) -> IssuerResult | None:
    if not parts:
        return None
    heads = [i for i, (t, _, _) in enumerate(parts) if units.starts_with_unit(t)]
    split = heads[-1] if len(heads) > 1 else (heads[0] if heads else 0)
    if split and _bare_head(parts[split - 1][0]) and units.unit_kind(parts[split - 1][0]) == "party":
        split -= 1  # "BAN CHẤP HÀNH" / "LIÊN ĐOÀN LAO ĐỘNG HUYỆN X": a bare committee runs on into the next line
    parent_txt = " ".join(t for t, _, _ in parts[:split]) or None
    name = _case_runs(parts[split:])
    parent = units.case_upper_name(parent_txt) if parent_txt else None
    # A generic body under a local parent is named with the parent's locality ("Sở Nội vụ tỉnh Nghệ An");
    # a body with a proper name of its own (a school, an enterprise) is not.
    named = units.unit_kind(name) in ("school", "enterprise")
    if parent and not named and not units.has_locality(name) and units.has_locality(parent):
        loc = _locality(parent)
        if units.ends_with_bare_level(name):  # "BỆNH VIỆN ĐA KHOA TỈNH" under "SỞ Y TẾ TỈNH NAM ĐỊNH"
            loc = _strip_level(loc)
        name = f"{name} {loc}"
    return IssuerResult(name=name, parent=parent, span=(parts[split][1], parts[-1][2]), source="header")


def _header_cell(line: Line) -> bool:
    """A piece of a header line: a body's name, the national motto, "Số: …" or the place and date."""
    m = NUMBER_RE.search(line.text)
    return (units.starts_with_unit(line.text) or motto_start(line.text) is not None
            or bool(m and is_number_label(m)) or ", ngay" in line.folded)


def joint_from_columns(doc: KhDoc, lines: list[Line], min_gap: int) -> list[IssuerResult]:
    """Bodies laid side by side on the header lines, one per column (a line of a single piece goes to
    the column of its indentation); two or more are a joint document's issuers."""
    cols = columns(doc, lines, piece=_header_cell, fit=lambda col, ln: 0, min_gap=min_gap)
    if cols is None:
        return []
    found = [r for col in cols if (r := from_header(col)) is not None]
    return found if len(found) >= 2 else []


def joint_from_table(lines: list[Line]) -> list[IssuerResult]:
    """Bodies in the columns of a header written as a markdown table ("| UBND HUYỆN X | BCH CÔNG ĐOÀN …
    | CỘNG HÒA … |"): a column is a cell, so two columns naming a body are two issuers."""
    found = [r for col in table_columns(lines) if (r := from_header(col)) is not None]
    return found if len(found) >= 2 else []


def _bare_head(text: str) -> bool:
    """A header line that is a unit head and nothing else ("BAN CHẤP HÀNH", "ỦY BAN NHÂN DÂN")."""
    heads = units.iter_heads(text)
    return bool(heads) and heads[0].start() == 0 and heads[0].end() >= len(text.rstrip(" .,"))


def joint_from_stack(lines: list[Line], count: int) -> list[IssuerResult]:
    """Bodies stacked on the header lines of a joint document: a new body at each line that starts
    with a unit head; with `count` bodies known from the symbol, the lines above the last `count`
    bodies are the first one's parent."""
    groups: list[list[tuple[str, int, int]]] = []
    for part in header_parts(lines):
        if groups and (not units.starts_with_unit(part[0]) or _bare_head(groups[-1][-1][0])):
            groups[-1].append(part)
        else:
            groups.append([part])
    if len(groups) < 2:
        return []
    parents: list[tuple[str, int, int]] = []
    if count >= 2 and len(groups) > count:
        parents = [p for g in groups[: len(groups) - count] for p in g]
        groups = groups[len(groups) - count:]
    out = []
    for k, g in enumerate(groups):
        r = _from_parts(g)
        if r is not None and units.starts_with_unit(g[0][0]):
            r.name = _case_runs(g)
            r.parent = units.case_upper_name(" ".join(t for t, _, _ in parents)) if k == 0 and parents else None
            r.span = (g[0][1], g[-1][2])
            out.append(r)
    return out if len(out) >= 2 else []


def _case_runs(parts: list[tuple[str, int, int]]) -> str:
    """A body written over several header lines, cased run by run: a line that starts with a unit head
    after a bare head line ("BAN CHẤP HÀNH" / "LIÊN ĐOÀN LAO ĐỘNG TỈNH X") is a name of its own."""
    runs: list[list[str]] = []
    for k, (text, _, _) in enumerate(parts):
        if runs and not (units.starts_with_unit(text) and _bare_head(parts[k - 1][0])):
            runs[-1].append(text)
        else:
            runs.append([text])
    return " ".join(units.case_upper_name(" ".join(r)) for r in runs)


def _joint_evidence(fields: DocumentFields, blocks: list[SignatureBlock]) -> bool:
    """The type or symbol says liên tịch / phối hợp, or two signature blocks act for different bodies."""
    row = symbol_type_row(SYMBOL_SPLIT_RE.split(fields.symbol)[0]) if fields.symbol else None
    names = [fields.type_name or "", row["name"] if row else ""]
    if any(JOINT_RE.search(fold(n)) for n in names):
        return True
    bodies = {fold(m.group("body")).strip() for b in blocks for line in (b.on_behalf_of, b.authority)
              if (m := AUTHORITY_BODY_RE.match(line or ""))}
    return len(bodies) >= 2


def _locality(name: str) -> str:
    """"UBND quận Long Biên" -> "quận Long Biên" (from the first administrative level on)."""
    m = units.admin_re().search(fold(name))
    return name[m.start():] if m else name


def from_preamble(doc: KhDoc) -> IssuerResult | None:
    """"…, Hội đồng thi đua khen thưởng quận Long Biên xây dựng kế hoạch …" -> that body."""
    zone_start = doc.zones.title[1]
    zone_end = doc.zones.body[0] if doc.zones.body[0] > zone_start else doc.zones.closing[0]
    text = doc.text[zone_start:zone_end]
    for m in BUILD_VERB_RE.finditer(doc.folded, zone_start, zone_end):
        m_start = m.start() - zone_start
        chunk_start = max((b.end() for b in CLAUSE_BOUNDARY_RE.finditer(text, 0, m_start)), default=0)
        chunk = text[chunk_start:m_start]
        starts = units.find_unit_starts(chunk)
        if not starts:
            continue
        body = units.strip_person_title(chunk[starts[0]:]).strip()
        if _citation_trace(body):
            continue  # the verb belongs to a cited document's subject ("… của UBND X về phát động …")
        offset = zone_start + chunk_start + chunk.index(body)
        return IssuerResult(name=body, span=(offset, offset + len(body)), source="preamble")
    return None


def _citation_trace(body: str) -> bool:
    """The words of a citation ("… số 12/KH …", "… về việc …") in a supposed body name."""
    if body.isascii():
        return bool(CITATION_TRACE_ASCII_RE.search(body.lower()))
    return bool(CITATION_TRACE_RE.search(strip_tones(body).lower()))


def from_closing(doc: KhDoc) -> IssuerResult | None:
    for ln in doc.lines_in(doc.zones.closing):
        if not TREN_DAY_RE.match(ln.folded):
            continue
        found = None
        for m in CUA_RE.finditer(ln.folded):
            body = ln.text[m.start("body"): m.end("body")].strip()
            if units.starts_with_unit(body):
                found = (body, ln.start + m.start("body"))
        if found:
            body, start = found
            return IssuerResult(name=body, span=(start, start + len(body)), source="closing")
    return None


def from_signature(blocks: list[SignatureBlock]) -> IssuerResult | None:
    for b in blocks:
        for line in (b.on_behalf_of, b.authority):
            m = AUTHORITY_BODY_RE.match(line or "")
            if m and units.starts_with_unit(m.group("body")):
                return IssuerResult(name=units.case_upper_name(m.group("body")), span=(b.start, b.end) if b.start is not None and b.end is not None else None, source="signature")
    return None


def _strip_level(loc: str) -> str:
    """"tỉnh Nam Định" -> "Nam Định" (the proper name after a leading administrative level)."""
    m = units.admin_re().match(fold(loc))
    return loc[m.end():].strip() if m else loc


def _parent_place(parent: str, place: str) -> str | None:
    """The parent's last words that start the header's place: a provincial body's province ("SỞ Y TẾ
    ĐIỆN BIÊN" over a hospital in "Điện Biên Phủ" -> "Điện Biên"), as the place writes them (the place
    line is in running-text case)."""
    pw, words = parent.split(), place.split()
    lw = [fold(w) for w in words]
    for k in range(min(len(pw) - 1, len(lw)), 0, -1):
        if [fold(w) for w in pw[-k:]] == lw[:k]:
            return " ".join(words[:k])
    return None


def complete_with_place(name: str, place: str | None, parent: str | None = None) -> str:
    """"UBND huyện" + place "Tam Đường" -> "UBND huyện Tam Đường". A header place is the town where the
    body sits, so a provincial body ("… tỉnh") under a parent takes the province from the parent when the
    parent's last words start the place ("Điện Biên" of "Điện Biên Phủ")."""
    if not place or not units.ends_with_bare_level(name):
        return name
    place_clean = _strip_level(place)
    if parent and (from_parent := _parent_place(parent, place_clean)):
        place_clean = from_parent
    if not place_clean or fold(place_clean) in fold(name):
        return name
    return f"{name} {place_clean}"


def extract(doc: KhDoc, fields: DocumentFields, blocks: list[SignatureBlock]) -> IssuerResult:
    hdr = header_lines(doc) if doc.zones.header[1] > doc.zones.header[0] else []
    evidence = _joint_evidence(fields, blocks)
    # Two names side by side are two bodies when the document says it is joint, or its symbol names two
    # bodies ("CT-CTy-CĐ"; not a công văn's "UBND-VX"), or a wide gap parts them (a doubled space does not).
    several = evidence or (len(fields.body_codes) >= 2 and fields.type != "CV")
    joint = joint_from_columns(doc, hdr, 1 if several else WIDE_GAP) if hdr else []
    if len(joint) < 2 and hdr:
        joint = joint_from_table(header_source_lines(doc))
    if len(joint) < 2 and hdr and evidence:
        joint = joint_from_stack(hdr, len(fields.body_codes))
    result = joint[0] if len(joint) >= 2 else (from_header(hdr) if hdr else None)
    for finder in (lambda: from_preamble(doc), lambda: from_closing(doc), lambda: from_signature(blocks)):
        if result is not None:
            break
        result = finder()
    if result is None:
        result = IssuerResult(warnings=[warning("no_issuer")])
    else:
        result.name = complete_with_place(result.name or "", fields.place, result.parent) or None
        if result.source in ("closing", "signature"):
            result.warnings.append(warning("issuer_inferred", tuple(result.span) if result.span else None, source=f"the {result.source}"))
    result.abbreviation = fields.abbreviation
    if len(joint) >= 2:
        codes = fields.body_codes
        result.co_issuers = joint[1:]
        for k, other in enumerate(joint[1:], 1):
            other.name = complete_with_place(other.name or "", fields.place) or None
            other.abbreviation = codes[k] if len(codes) == len(joint) else None
    return result
