"""Legacy Word 97-2003 (.doc) reader, through antiword.

antiword is run twice on a private temporary copy (argument list, no shell,
60 s for both runs together). The copy's folder is named after the process
("khparse-doc-<pid>-…") so that a batch or service pool that kills a worker
mid-run can remove what it left (`remove_temp_of`):

- `-x db` (DocBook XML) gives the structure: paragraphs, and tables as rows
  of cells, each cell's paragraphs on their own lines. Tables then go through
  the same zone/row rules as DOCX tables (`word_tables.render_grid`), so the
  header and closing come out as columns, left before right.
- plain text (`-w 0 -m UTF-8.txt`, one line per paragraph) is only used to
  put back the manual line breaks that the DocBook writer drops outside
  tables ("TM. ỦY BAN NHÂN DÂN<br>CHỦ TỊCH" would become one glued word);
  it is also the fallback when the XML cannot be parsed.

An OLE file that is not a Word document (Excel, PowerPoint, Outlook .msg,
password-protected OOXML) is refused from its directory names before
antiword runs. antiword cannot read Word 2 files, encrypted files, or very
small files whose text lives in the OLE mini-stream; those give
`UnreadableFile` with antiword's own message.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import regex
from lxml import etree

from ..errors import EmptyDocument, UnreadableFile, UnsupportedFormat
from .word_tables import Grid, render_grid

ANTIWORD_TIMEOUT = 60
# OLE directory entry names are UTF-16LE and NUL-terminated.
OLE_KINDS = (
    ("WordDocument", None),
    ("EncryptedPackage", "a password-protected Office document (remove the password and save it again)"),
    ("Workbook", "an Excel workbook (XLS)"),
    ("Book", "an Excel workbook (XLS)"),
    ("PowerPoint Document", "a PowerPoint presentation (PPT)"),
    ("__substg1.0_", "an Outlook message (MSG)"),
    ("VisioDocument", "a Visio drawing"),
)
CONTAINERS = {"book", "chapter", "sect1", "sect2", "sect3", "sect4", "sect5", "section", "preface", "appendix",
              "article", "part", "orderedlist", "itemizedlist", "listitem", "blockquote"}
SKIPPED = {"bookinfo", "footnote", "remark", "colspec"}
TABLES = {"informaltable", "table"}
TABLE_LINE_RE = regex.compile(r"^\|.*\|\s*$")


def ole_kind(data: bytes) -> str | None:
    """None for a Word document, else what the OLE file is (from its stream names)."""
    for name, kind in OLE_KINDS:
        encoded = name.encode("utf-16-le")
        if encoded + (b"" if name.endswith("_") else b"\x00\x00") in data:
            return kind
    return "an OLE file that is not a Word document"


def read_doc(data: bytes, path: str | None, digest: str):  # type: ignore[no-untyped-def]
    """Text of a Word 97-2003 document in reading order (same layout rules as DOCX)."""
    from . import RawDocument
    from .legacy import fix_legacy

    kind = ole_kind(data)
    if kind is not None:
        error = UnreadableFile if "password" in kind else UnsupportedFormat
        raise error(f"{kind}, not a Word .doc", path=path)
    exe = shutil.which("antiword")
    if exe is None:
        raise UnreadableFile("antiword is not installed (run make setup)", path=path)
    with _input_file(data) as (src, tmp):
        deadline = time.monotonic() + ANTIWORD_TIMEOUT  # for both runs together
        xml = _antiword([exe, "-x", "db", src], tmp, deadline, path)
        plain = _antiword([exe, "-w", "0", "-m", "UTF-8.txt", src], tmp, deadline, path)
    blocks = docbook_blocks(xml)
    if blocks is None:
        blocks = text_blocks(plain)
    else:
        blocks = restore_breaks(blocks, plain)
    text = "\n\n".join(b for b in blocks if b.strip())
    if not text.strip():
        raise EmptyDocument("the .doc file contains no text", path=path)
    text, encoding = fix_legacy(text)
    warnings = []
    if encoding:
        from ..warning_codes import warning

        warnings.append(warning("encoding_fixed", encoding=encoding))
    return RawDocument(text=text, format="doc", sha256=digest, path=path, encoding_fixed=encoding, warnings=warnings)


TEMP_PREFIX = "khparse-doc-"


@contextmanager
def _input_file(data: bytes) -> Iterator[tuple[str, str]]:
    """(path of the copy antiword reads, its private folder: also antiword's HOME and working directory)."""
    with tempfile.TemporaryDirectory(prefix=f"{TEMP_PREFIX}{os.getpid()}-") as tmp:
        src = Path(tmp) / "input.doc"
        src.write_bytes(data)
        yield str(src), tmp


def remove_temp_of(pid: int | None) -> int:
    """Remove the temporary folders a killed process `pid` left (it had no chance to); how many."""
    if not pid:
        return 0
    import glob

    found = glob.glob(os.path.join(tempfile.gettempdir(), f"{TEMP_PREFIX}{pid}-*"))
    for folder in found:
        shutil.rmtree(folder, ignore_errors=True)
    return len(found)


def _antiword(args: list[str], tmp: str, deadline: float, path: str | None) -> str:
    """antiword's UTF-8 output; its complaints become one-line typed errors. (antiword
    wants a HOME for its optional settings: the private temporary folder.)"""
    env = {**os.environ, "HOME": tmp, "LC_ALL": "C.UTF-8"}
    try:
        timeout = max(1.0, deadline - time.monotonic())
        proc = subprocess.run(args, capture_output=True, timeout=timeout, env=env, cwd=tmp, check=False)
    except subprocess.TimeoutExpired:
        raise UnreadableFile(f"antiword did not finish within {ANTIWORD_TIMEOUT} s", path=path) from None
    except OSError as exc:
        raise UnreadableFile(f"antiword could not be run ({exc.strerror or exc})", path=path) from None
    err = proc.stderr.decode("utf-8", "replace").replace(args[-1], "the file")
    message = " ".join(line.strip() for line in err.splitlines() if line.strip() and "mapping file" not in line)
    if proc.returncode != 0 or not proc.stdout.strip():
        if "not a Word Document" in message:
            raise UnsupportedFormat("an OLE file that antiword does not recognise as a Word document", path=path)
        raise UnreadableFile(f"antiword cannot read this .doc: {message or f'exit status {proc.returncode}'}"[:300], path=path)
    return proc.stdout.decode("utf-8", "replace")


# ---------------------------------------------------------------- DocBook -> blocks


def docbook_blocks(xml: str) -> list[str] | None:
    """Paragraph and table blocks from antiword's DocBook, or None if it is not usable."""
    data = regex.sub(r"<!DOCTYPE[^>]*>", "", xml, count=1).encode("utf-8")
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True, recover=True)
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    if root is None or root.tag != "book":
        return None
    out: list[str] = []
    _blocks(root, out)
    return out


def _blocks(el: etree._Element, out: list[str]) -> None:
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in SKIPPED:
            continue
        if tag in TABLES:
            out.extend(render_grid(_grid(child)))
        elif tag in ("para", "title", "simpara", "formalpara"):
            _para(child, out)
        elif tag in CONTAINERS:
            _blocks(child, out)


def _para(el: etree._Element, out: list[str]) -> None:
    """A paragraph: its inline text; a table or list nested in it becomes its own block."""
    parts = [el.text or ""]
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in TABLES or tag in CONTAINERS:
            _add(out, "".join(parts))
            parts = []
            if tag in TABLES:
                out.extend(render_grid(_grid(child)))
            else:
                _blocks(child, out)
        elif tag not in SKIPPED:
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    _add(out, "".join(parts))


def _add(out: list[str], text: str) -> None:
    text = _clean(text)
    if text:
        out.append(text)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _grid(table: etree._Element) -> Grid:
    """Rows of (cell lines, "start"); antiword writes a cell's paragraphs one per line."""
    grid: Grid = []
    for row in table.iter("row"):
        cells = []
        for entry in row.iterchildren("entry"):
            lines = [" ".join(ln.split()) for ln in "".join(entry.itertext()).split("\n")]
            cells.append(([ln for ln in lines if ln], "start"))
        grid.append(cells)
    return grid


# ---------------------------------------------------------------- plain text help


def restore_breaks(blocks: list[str], plain: str) -> list[str]:
    """Put back manual line breaks: a DocBook paragraph that equals consecutive lines of
    the plain output glued together had a break between each of them."""
    lines = [_clean(ln) for ln in plain.splitlines()]
    lines = [ln if not TABLE_LINE_RE.match(ln) else "" for ln in lines]
    exact = set(lines)
    by_prefix: dict[str, list[int]] = {}
    for i, ln in enumerate(lines):
        if ln:
            by_prefix.setdefault(ln[:8], []).append(i)
    return [b if "\n" in b or b in exact else _split_glued(b, lines, by_prefix) or b for b in blocks]


def _split_glued(block: str, lines: list[str], by_prefix: dict[str, list[int]]) -> str | None:
    """The block as lines[i], lines[i+1], … joined by "\n", when they make it up exactly."""
    candidates = by_prefix.get(block[:8], []) + [i for n in range(1, 8) for i in by_prefix.get(block[:n], [])]
    for i in candidates:
        pieces, rest = [], block
        for ln in lines[i:]:
            if not ln or not rest.startswith(ln):
                break
            pieces.append(ln)
            rest = rest[len(ln):].lstrip(" ")
            if not rest:
                return "\n".join(pieces) if len(pieces) > 1 else None
    return None


def text_blocks(plain: str) -> list[str]:
    """Fallback without DocBook: blank-line separated paragraphs; "|"-framed table lines split
    into cells and read like DOCX tables (two or three columns: as zones)."""
    out: list[str] = []
    lines: list[str] = []
    table: list[list[str]] = []
    for line in plain.splitlines() + [""]:
        line = line.strip()
        if TABLE_LINE_RE.match(line):
            if lines:
                out.append("\n".join(lines))
                lines = []
            table.append([" ".join(c.split()) for c in line[1:-1].split("|")])
            continue
        if table:
            width = max(len(r) for r in table)
            grid: Grid = [[([c] if c else [], "start") for c in r] + [None] * (width - len(r)) for r in table]
            out.extend(render_grid(grid))
            table = []
        if line:
            lines.append(line)
        elif lines:
            out.append("\n".join(lines))
            lines = []
    return out
