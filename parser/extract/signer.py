"""`signer` / `signers`: the signature block(s) of the closing.

Nghị định 30/2020/NĐ-CP, Điều 13 and Phụ lục I, II.8: the block reads, top to
bottom, the authority ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "TL.", "TUQ.",
"Q."), the signer's title ("PHÓ CHỦ TỊCH"), optional further titles, and the
name. Joint documents carry several blocks side by side, read left to right: a
text export lays them out on shared lines ("TM. BAN CHẤP HÀNH      GIÁM ĐỐC"),
whose columns are the tabs and space runs the normalized text collapsed
(`cells`, from the offset map), or a second "TM." on the line; a line of
one column goes to the column its indentation or its kind fits (`columns`).
A converter that writes such a layout row by row, one cell per line, gives
"TM. BAN THƯỜNG VỤ / KT. GIÁM ĐỐC / PHÓ CHỦ TỊCH / PHÓ GIÁM ĐỐC / <name> /
<name>" (`interleaved`). Every block is in `signers`, the first (leftmost) is
`signer`. Lines that say the copy was signed ("(Đã ký)") or stamped are
skipped. A rank or degree before the name ("Thượng tá", "PGS.TS."; Phụ lục I,
II.8.c) is not part of the name: it goes to `name_prefix` (an added field).
The lines come from `closing_lines` (Markdown layout tables read as columns),
minus what the Nơi nhận list took (`recipients.Closing.used_lines`, which also
hands back the signature parts printed beside the list).
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

import regex

from ..model import KhDoc, Line
from ..rules import column, load_table
from ..text.fold import fold
from .closing_lines import closing_lines
from .units import person_title_re, starts_with_unit

# Matched on folded text; OCR reads the dot as a comma ("KT, GIÁM ĐỐC") or loses it ("TM ỦY BAN …").
AUTHORITY_RE = regex.compile(r"^(?:tm|kt|tl|tuq|q|tq)\s*[.,]\s*\S|^(?:tm|kt|tuq)\s+(?=\S)|^(?:t/m|k/t|t/l|t\.m|k\.t)\.?\s+\S|^(?:thay mat|ky thay|thua lenh|thua uy quyen|thua uy quyen)\b")
SIGNED_RE = regex.compile(r"^[(\[]?\s*(?:da ky|ky|ky ten|ky va ghi ro ho ten|da ky va dong dau|dong dau|chu ky|ky, ghi ro ho ten)[^)\]]*[)\]]?\.?$")
NAME_WORD_RE = regex.compile(r"^\p{Lu}[\p{Ll}]*$")
# A second "TM." on one line: "TM. BAN CHẤP HÀNH CÔNG ĐOÀN TM. BAN GIÁM ĐỐC" (columns joined by one space);
# "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH" is one block's two authority lines, not two blocks.
SECOND_AUTHORITY_RE = regex.compile(r"(?<=\S)\s+(?=(?:TM|T/M)\.?\s+\p{Lu})")
INDENT_RIGHT = 8  # source spaces before a line of the right-hand column
# A purpose in brackets or an item's ";": marks of a Nơi nhận entry, never of a signature part.
RECIPIENT_MARK_RE = regex.compile(r"[();]")
SPACE_RE = regex.compile(" ")
# Between a rank or degree and the name, or two of them ("PGS.TS. Lê Văn A", "Đại tá, TS. Hồ Văn B").
PREFIX_SEP = r"(?:\s*[.,]\s*|\s+)"


@dataclass
class SignatureBlock:
    authority: str | None = None
    on_behalf_of: str | None = None
    title: str | None = None
    name: str | None = None
    extra_titles: list[str] = field(default_factory=list)
    name_prefix: str | None = None  # quân hàm / học hàm, học vị written before the name ("Thượng tá")
    start: int | None = None
    end: int | None = None

    def to_json(self) -> dict:
        out = {
            "authority": self.authority,
            "on_behalf_of": self.on_behalf_of,
            "title": self.title,
            "name": self.name,
            "extra_titles": list(self.extra_titles),
            "span": [self.start, self.end] if self.start is not None and self.end is not None else None,
        }
        if self.name_prefix:  # an added field, only where the document writes one
            out["name_prefix"] = self.name_prefix
        return out


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    return frozenset(fold(s) for s in column("surnames", "surname"))


@lru_cache(maxsize=1)
def surnames_as_written() -> frozenset[str]:
    return frozenset(s.lower() for s in column("surnames", "surname"))


@lru_cache(maxsize=4096)
def is_upper_line(text: str) -> bool:
    letters = list(filter(str.isalpha, text))
    return len(letters) >= 2 and sum(map(str.isupper, letters)) >= 0.85 * len(letters)


@lru_cache(maxsize=1)
def name_prefix_re() -> "regex.Pattern[str]":
    """Ranks and degrees before a name (rules/name_prefixes.tsv), one or more, on folded text."""
    words = sorted({fold(r["prefix"]) for r in load_table("name_prefixes")}, key=len, reverse=True)
    alt = "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in words)
    return regex.compile(rf"^(?:(?:{alt}){PREFIX_SEP})+(?=\p{{L}})")


@lru_cache(maxsize=4096)
def split_name(text: str) -> tuple[str | None, str] | None:
    """(rank or degree, name) when the line is a person's name, possibly after a rank or degree
    ("Thượng tá Võ Minh Tâm" -> ("Thượng tá", "Võ Minh Tâm")); None when it is not a name."""
    text = text.strip()
    m = name_prefix_re().match(fold(text))
    if m and _plain_name(text[m.end():]):
        return text[: m.end()].strip(" ,"), text[m.end():].strip()
    return (None, text) if _plain_name(text) else None


def is_name(text: str) -> bool:
    """A person's name, possibly after a rank or degree (`split_name`)."""
    return split_name(text) is not None


def _plain_name(text: str) -> bool:
    """A person's name: 2-6 words, each capitalised ("Nguyễn Mạnh Hà") or all capitals with a known surname."""
    words = text.strip(" .").split()
    if not 2 <= len(words) <= 6 or any(ch.isdigit() for ch in text):
        return False
    if fold(text) != text.lower() and words[0].lower() not in surnames_as_written() and starts_with_unit(text):
        # "BAN CHẤP HÀNH ĐOÀN HUYỆN": "BAN" folds like the surname Bàn but is a body (only decidable
        # where the line kept its diacritics: OCR's "Vu Tri Khanh" is a name)
        return False
    if all(NAME_WORD_RE.match(w) for w in words):
        return True
    folded = fold(text)
    return (
        is_upper_line(text)
        and fold(words[0]) in surnames()
        and not AUTHORITY_RE.match(folded)
        and not person_title_re().match(folded + " ")
    )


def find_blocks(lines: list[Line]) -> list[SignatureBlock]:
    """Group signature lines into blocks; a block closes at its name."""
    blocks: list[SignatureBlock] = []
    cur = SignatureBlock()
    for ln in lines:
        text = ln.text.strip()
        f = fold(text)
        if SIGNED_RE.match(f):
            continue
        if AUTHORITY_RE.match(f):
            if cur.name or (cur.title and not cur.authority):
                blocks.append(cur) if cur.name else None
                cur = SignatureBlock()
            if cur.authority:
                # Two authority lines: the first is the body acted for ("TM. …").
                cur.on_behalf_of, cur.authority = cur.authority, text
            else:
                cur.authority = text
            cur.start = ln.start if cur.start is None else cur.start
        elif (named := split_name(text)) and (cur.title or cur.authority):
            cur.name_prefix, cur.name = named
            cur.end = ln.end
            blocks.append(cur)
            cur = SignatureBlock()
        elif is_upper_line(text):
            if cur.title is None:
                cur.title = text
                cur.start = ln.start if cur.start is None else cur.start
            else:
                cur.extra_titles.append(text)
            cur.end = ln.end
    if cur.title or cur.authority:
        blocks.append(cur)
    return blocks


def space_gap(doc: KhDoc, offset: int) -> int:
    """Source width of the space at `offset` when it stands for a tab or a run of spaces that
    normalization collapsed (a tab counts 1 per tab), else 0 (an ordinary space)."""
    off = offset
    for pm in reversed(doc.offsets.passes):
        i = bisect_right(pm.starts, off) - 1  # the segments sorted by `out_start`
        if i < 0 or off >= pm.segments[i].out_end:
            return 0
        seg = pm.segments[i]
        if not seg.copied:  # a tab or odd space replaced, or a run of spaces collapsed, into this one space
            if seg.out_end - seg.out_start != 1:
                return 0
            return max(1, doc.offsets.to_source(offset + 1) - doc.offsets.to_source(offset))
        off = seg.src_start + (off - seg.out_start)
    return 0


def cells(doc: KhDoc, line: Line, min_gap: int = 1) -> list[Line]:
    """The columns of a line laid out side by side (split at source gaps of `min_gap` or more, and
    before a second "TM."), as lines of their own; [line] when there are none."""
    cuts = [m.start() for m in SPACE_RE.finditer(line.text) if space_gap(doc, line.start + m.start()) >= min_gap]
    cuts += [m.start() for m in SECOND_AUTHORITY_RE.finditer(line.text)]
    out, prev = [], 0
    for cut in sorted(set(cuts)) + [len(line.text)]:
        piece = line.text[prev:cut]
        text = piece.strip()
        if text:
            start = line.start + prev + (len(piece) - len(piece.lstrip()))
            out.append(Line(line.index, start, start + len(text), text, fold(text)))
        prev = cut
    return out or [line]


def indent(doc: KhDoc, line: Line) -> int:
    """Source spaces before the line's text (0 for the first line)."""
    if line.start == 0:
        return 0
    return max(0, doc.offsets.to_source(line.start) - doc.offsets.to_source(line.start - 1) - 1)


def is_signature_piece(line: Line, strict: bool = False) -> bool:
    """A whole part of a signature block: an authority ("TM. BAN CHẤP HÀNH"), a title in capitals that
    starts with a person's title ("GIÁM ĐỐC", "PHÓ CHỦ TỊCH UBND"), a name, or "(Đã ký)" — so that a
    doubled space inside one block's line ("TM.  ỦY BAN NHÂN DÂN") splits nothing. `strict` asks a
    name to start with a known surname (after a rank), for text that no layout gap set apart."""
    text, f = line.text.strip(), line.folded.strip()
    if AUTHORITY_RE.match(f):
        return len(text.split()) >= 2
    if SIGNED_RE.match(f):
        return True
    if strict and RECIPIENT_MARK_RE.search(text):  # "CHỦ TỊCH UBND HUYỆN (b/c)" is a recipient
        return False
    if is_upper_line(text) and len(text) <= 60 and person_title_re().match(f + " "):
        return True
    named = split_name(text)
    return named is not None and (not strict or fold(named[1].split()[0]) in surnames())


_signature_piece = is_signature_piece


def columns(doc: KhDoc, lines: list[Line], piece: "Callable[[Line], bool] | None" = None,
            fit: "Callable[[list[Line], Line], int | None] | None" = None, min_gap: int = 1) -> list[list[Line]] | None:
    """Lines regrouped by column when some line holds two or more pieces side by side (each passing
    `piece`, by default a signature's part); None when the lines are one column. Pieces go to the
    column at their source position; a line of one piece goes to the column that `fit`s it best (by
    default the column whose signature block can take it next, `_fit`), among the nearest ones when
    the line is indented, else from the left."""
    piece = piece or _signature_piece
    fit = fit or _fit
    split = [cells(doc, ln, min_gap) for ln in lines]
    ref = max((c for c in split if len(c) > 1 and all(piece(x) for x in c)), key=len, default=None)
    if ref is None:
        return None
    width = len(ref)
    ref_line = lines[split.index(ref)]
    xs = [_x(doc, ref_line, c) for c in ref]
    cols: list[list[Line]] = [[] for _ in range(width)]
    for ln, parts in zip(lines, split):
        if len(parts) > 1:
            for k, part in enumerate(parts):
                j = k if len(parts) == width else min(range(width), key=lambda j: abs(xs[j] - _x(doc, ln, part)))
                cols[j].append(part)
            continue
        x = indent(doc, ln)
        order = sorted(range(width), key=lambda j: abs(xs[j] - x)) if x >= INDENT_RIGHT else list(range(width))
        ranked = [(r, k, j) for k, j in enumerate(order) if (r := fit(cols[j], ln)) is not None]
        cols[min(ranked)[2] if ranked else order[0]].append(ln)
    return cols


def _x(doc: KhDoc, line: Line, part: Line) -> int:
    """Source column of a piece of a line."""
    return indent(doc, line) + doc.offsets.to_source(part.start) - doc.offsets.to_source(line.start)


def _fit(col: list[Line], line: Line) -> int | None:
    """How well the block being built in `col` takes this line next: 0 (a name after a title or
    authority, a title after an authority, an authority when no block is open), 1 (a title opening a
    new block), 2 (a further title), None (not at all)."""
    f = line.folded
    if SIGNED_RE.match(f):
        return 0
    blocks = find_blocks(col)
    cur = blocks[-1] if blocks else None
    open_block = cur is not None and cur.name is None
    if is_name(line.text.strip()):
        return 0 if open_block else None
    if AUTHORITY_RE.match(f):
        return 0 if not open_block or (cur is not None and cur.title is None) else None
    if open_block and cur is not None and cur.authority is not None and cur.title is None:
        return 0
    return 1 if not open_block else 2


def signature_lines(doc: KhDoc, used: "Mapping[int, list[Line]] | set[int]") -> list[Line]:
    """Closing lines that may belong to a signature: short, not recipients, not sentences. `used`
    holds the `start`s of the lines the Nơi nhận list took, mapped to the signature pieces printed
    beside them (recipients.Closing.used_lines)."""
    out = []
    for whole in closing_lines(doc):
        if whole.start in used:
            pieces = used.get(whole.start, []) if isinstance(used, Mapping) else []
        else:
            pieces = [whole]
        for ln in pieces:
            text = ln.text.strip()
            if text.endswith(("./.", ";")) or len(text) > 180:
                continue
            if len(text) <= 90 and (is_upper_line(text) or is_name(text) or AUTHORITY_RE.match(ln.folded) or SIGNED_RE.match(ln.folded)):
                out.append(ln)
            elif len(parts := cells(doc, ln)) > 1 and all(_signature_piece(p) for p in parts):  # two blocks side by side
                out.append(ln)
    return out


def line_kind(line: Line) -> str:
    """"A" authority, "N" name, "S" signed mark, "T" any other line (title, body name)."""
    if AUTHORITY_RE.match(line.folded):
        return "A"
    if SIGNED_RE.match(line.folded):
        return "S"
    return "N" if is_name(line.text) else "T"


def interleaved(lines: list[Line]) -> list[list[Line]] | None:
    """Side-by-side blocks that a converter wrote row by row, one cell per line: "TM. BAN THƯỜNG VỤ /
    KT. GIÁM ĐỐC / PHÓ CHỦ TỊCH / PHÓ GIÁM ĐỐC / <name 1> / <name 2>". One block never has two
    names in a row, so k names in a row (k >= 2) mean k columns, and when every run of lines of one
    kind is k long, the i-th line of each run is column i's. Anything less regular: None."""
    runs: list[tuple[str, list[Line]]] = []
    for ln in lines:
        kind = line_kind(ln)
        if runs and runs[-1][0] == kind:
            runs[-1][1].append(ln)
        else:
            runs.append((kind, [ln]))
    width = max((len(run) for kind, run in runs if kind == "N"), default=0)
    if width < 2 or any(len(run) != width for _, run in runs):
        return None
    return [[run[j] for _, run in runs] for j in range(width)]


def extract(doc: KhDoc, used: "Mapping[int, list[Line]] | set[int]") -> list[SignatureBlock]:
    """Signature blocks of the closing, in reading order; `used` as for `signature_lines`."""
    lines = signature_lines(doc, used)
    cols = columns(doc, lines)
    if cols is None:
        cols = interleaved(lines)
    groups = cols if cols is not None else [lines]
    blocks = [b for g in groups for b in find_blocks(g)]
    return [b for b in blocks if b.title or b.name]
