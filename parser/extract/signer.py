"""`signer` / `signers`: the signature block(s) of the closing.

Nghị định 30/2020/NĐ-CP, Điều 13 and Phụ lục I, II.8: the block reads, top to
bottom, the authority ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "TL.", "TUQ.",
"Q."), the signer's title ("PHÓ CHỦ TỊCH"), optional further titles, and the
name. Joint documents carry several blocks side by side, read one after the
other. Lines that say the copy was signed ("(Đã ký)") or stamped are skipped.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import regex

from ..model import KhDoc, Line
from ..rules import column
from ..text.fold import fold
from .units import person_title_re

AUTHORITY_RE = regex.compile(r"^(?:tm|kt|tl|tuq|q|tq)\s*\.\s*\S|^(?:t/m|k/t|t/l|t\.m|k\.t)\.?\s+\S|^(?:thay mat|ky thay|thua lenh|thua uy quyen|thua uy quyen)\b")
SIGNED_RE = regex.compile(r"^[(\[]?\s*(?:da ky|ky|ky ten|ky va ghi ro ho ten|da ky va dong dau|dong dau|chu ky|ky, ghi ro ho ten)[^)\]]*[)\]]?\.?$")
NAME_WORD_RE = regex.compile(r"^\p{Lu}[\p{Ll}]*$")


@dataclass
class SignatureBlock:
    authority: str | None = None
    on_behalf_of: str | None = None
    title: str | None = None
    name: str | None = None
    extra_titles: list[str] = field(default_factory=list)
    start: int | None = None
    end: int | None = None

    def to_json(self) -> dict:
        return {
            "authority": self.authority,
            "on_behalf_of": self.on_behalf_of,
            "title": self.title,
            "name": self.name,
            "extra_titles": list(self.extra_titles),
            "span": [self.start, self.end] if self.start is not None and self.end is not None else None,
        }


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    return frozenset(fold(s) for s in column("surnames", "surname"))


def is_upper_line(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 0.85 * len(letters)


def is_name(text: str) -> bool:
    """A person's name: 2-6 words, each capitalised ("Nguyễn Mạnh Hà") or all capitals with a known surname."""
    words = text.strip(" .").split()
    if not 2 <= len(words) <= 6 or any(ch.isdigit() for ch in text):
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
        elif is_name(text) and (cur.title or cur.authority):
            cur.name = text
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


def signature_lines(doc: KhDoc, used: set[int]) -> list[Line]:
    """Closing lines that may belong to a signature: short, not recipients, not sentences."""
    out = []
    for ln in doc.lines_in(doc.zones.closing):
        if ln.index in used:
            continue
        text = ln.text.strip()
        if len(text) > 90 or text.endswith(("./.", ";")):
            continue
        if not (is_upper_line(text) or is_name(text) or AUTHORITY_RE.match(ln.folded) or SIGNED_RE.match(ln.folded)):
            continue
        out.append(ln)
    return out


def extract(doc: KhDoc, used: set[int]) -> list[SignatureBlock]:
    blocks = find_blocks(signature_lines(doc, used))
    return [b for b in blocks if b.title or b.name]
