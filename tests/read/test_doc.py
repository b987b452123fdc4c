"""Legacy .doc reader (antiword): same reading order as DOCX, clean errors.

The fixture .doc files are the five plans saved as Word 97 by LibreOffice;
tests/data/files holds a task-table plan, a plan typed in TCVN3 fonts and a
one-line note (see make_files.py there). antiword is a system package that
`make setup` installs.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from parser.errors import EmptyDocument, UnreadableFile, UnsupportedFormat
from parser.evaluate import score_docs
from parser.pipeline import run_file
from parser.read import read_bytes, read_path
from parser.read.doc import docbook_blocks, ole_kind, restore_breaks, text_blocks

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "corpus" / "fixtures"
FILES = ROOT / "tests" / "data" / "files"
STEMS = sorted(p.name.split(".")[0] for p in FIXTURES.glob("*.doc"))
HEADER_CLOSING = (
    "document.number", "document.symbol", "document.place", "document.issued.value", "document.issued.precision",
    "document.title", "issuer.name", "issuer.abbreviation", "signer.authority", "signer.title", "signer.name",
    "recipients", "recipients.purpose", "archive_copy.copies", "archive_copy.holders",
)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
needs_antiword = pytest.mark.skipif(shutil.which("antiword") is None, reason="antiword is not installed (make setup)")


def truth_parts(stem: str) -> list[str]:
    t = json.loads((FIXTURES / f"{stem}.truth.json").read_text(encoding="utf-8"))
    return (t["issuer"] + [t["so"], t["motto"], t["slogan"], t["date"], t["title"], t["subtitle"]]
            + t["body"] + ["Nơi nhận:"] + t["recipients"] + t["signer"])


def assert_in_order(text: str, parts: list[str]) -> None:
    pos = 0
    for part in parts:
        found = text.find(part, pos)
        assert found >= 0, f"missing or out of order: {part[:80]!r} (after offset {pos})"
        pos = found + len(part)


def ole_with(*names: str) -> bytes:
    """OLE magic, a header's worth of padding, and directory entries with these names."""
    entries = b"".join(n.encode("utf-16-le") + b"\x00\x00" + b"\x00" * (126 - 2 * len(n)) for n in names)
    return OLE_MAGIC + b"\x00" * 504 + entries + b"\x00" * 1024


# ---------------------------------------------------------------- fixtures


@needs_antiword
def test_fixture_header_and_closing_fields() -> None:
    gold = FIXTURES / "gold"
    pairs = [(s, json.loads((gold / f"{s}.json").read_text(encoding="utf-8")), run_file(FIXTURES / f"{s}.doc")) for s in STEMS]
    report = score_docs(pairs)
    scores = {f.name: f.value for f in report.fields}
    low = {name: scores.get(name) for name in HEADER_CLOSING if scores.get(name, 0.0) < 0.95}
    assert not low, f"header/closing fields below 0.95: {low}\n" + "\n".join(report.misses)


@needs_antiword
@pytest.mark.parametrize("stem", STEMS)
def test_fixture_text_has_every_truth_part_in_order(stem: str) -> None:
    raw = read_path(FIXTURES / f"{stem}.doc")
    assert raw.format == "doc" and raw.pages is None
    assert_in_order(raw.text, truth_parts(stem))
    assert raw.text == read_path(FIXTURES / f"{stem}.docx").text  # same layout rules as the DOCX path


@needs_antiword
def test_task_table_doc() -> None:
    """Two-row header table read by columns; the task table one row per line (antiword keeps
    no merged cells: the lead unit of row 2 is empty); the closing in two blocks."""
    text = read_path(FILES / "task_table.doc").text
    assert text.startswith("SỞ GIÁO DỤC VÀ ĐÀO TẠO\nTRƯỜNG THPT CHU VĂN AN\nSố: 57/KH-THPTCVA\n\n"
                           "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n")
    assert ("| 1 | Tổ chức hội thi giáo viên dạy giỏi cấp trường năm học 2024 - 2025 với sự tham gia của tất cả "
            "các tổ chuyên môn | Ban Giám hiệu | Đoàn Thanh niên, Công đoàn trường | Từ 01/10 đến 15/11/2024 |") in text
    assert text.endswith("- Lưu: VT.\n\nKT. HIỆU TRƯỞNG\nPHÓ HIỆU TRƯỞNG\nTrần Thị Thu Hà")
    out = run_file(FILES / "task_table.doc")
    assert out["signer"]["name"] == "Trần Thị Thu Hà"
    assert [t["lead_units"] for t in out["tasks"] if t["title"].startswith("Hội diễn")] == [["Đoàn Thanh niên"]]


@needs_antiword
def test_tcvn3_doc_is_converted() -> None:
    """Text typed in .VnTime/.VnTimeH comes out of antiword as Latin-1 mojibake and is converted.
    (LibreOffice saved the TCVN3 "ư" byte, U+00AD, as Word's optional hyphen, which antiword
    drops: lines with "ư" are not compared here.)"""
    raw = read_path(FILES / "tcvn3.doc")
    assert raw.encoding_fixed == "TCVN3"
    assert [w["code"] for w in raw.warnings] == ["encoding_fixed"]
    assert raw.text.startswith("ỦY BAN NHÂN DÂN XÃ HÒA AN\n\nSố: 18/KH-UBND\n\nHòa An, ngày 20 tháng 3 năm 2025\n\nKẾ HOẠCH")
    assert raw.text.endswith("TM. ỦY BAN NHÂN DÂN\n\nCHỦ TỊCH\n\nNguyễn Văn Bình")


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize("names, words", [
    (("Root Entry", "Workbook", "\x05SummaryInformation"), "Excel workbook"),
    (("Root Entry", "Book"), "Excel workbook"),
    (("Root Entry", "PowerPoint Document", "Current User"), "PowerPoint"),
    (("Root Entry", "__substg1.0_0037001F", "__properties_version1.0"), "Outlook message"),
    (("Root Entry", "Contents"), "not a Word document"),
])
def test_ole_that_is_not_a_word_document(names: tuple[str, ...], words: str) -> None:
    with pytest.raises(UnsupportedFormat) as err:
        read_bytes(ole_with(*names), "ke_hoach.doc")
    assert words in str(err.value) and "\n" not in str(err.value)


def test_password_protected_office_file() -> None:
    with pytest.raises(UnreadableFile, match="password-protected"):
        read_bytes(ole_with("Root Entry", "EncryptionInfo", "EncryptedPackage"))


def test_word_stream_names_are_recognised() -> None:
    assert ole_kind(ole_with("Root Entry", "WordDocument", "1Table")) is None
    assert ole_kind(ole_with("Root Entry", "Workbook")) == "an Excel workbook (XLS)"


@needs_antiword
def test_broken_word_file_gives_antiword_message() -> None:
    with pytest.raises(UnsupportedFormat, match="antiword does not recognise"):
        read_bytes(ole_with("Root Entry", "WordDocument"))
    with pytest.raises(UnreadableFile, match="antiword cannot read this .doc: I'm afraid the text stream"):
        read_path(FILES / "tiny.doc")


def test_antiword_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(UnreadableFile, match=r"antiword is not installed \(run make setup\)"):
        read_bytes(ole_with("Root Entry", "WordDocument", "1Table"))


@needs_antiword
def test_antiword_timeout_and_temp_files_cleaned(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []

    def slow(args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(args)
        assert 59 < kwargs["timeout"] <= 60 and "shell" not in kwargs and isinstance(args, list)
        raise subprocess.TimeoutExpired(args, kwargs["timeout"])

    monkeypatch.setattr(subprocess, "run", slow)
    with pytest.raises(UnreadableFile, match="did not finish within 60 s"):
        read_path(FIXTURES / f"{STEMS[0]}.doc")
    workdir = Path(seen[0][-1]).parent
    assert workdir.name.startswith("khparse-doc-") and not workdir.exists()
    assert Path(tempfile.gettempdir()) == workdir.parent


@needs_antiword
def test_empty_doc_text(monkeypatch: pytest.MonkeyPatch) -> None:
    import parser.read.doc as doc_reader

    monkeypatch.setattr(doc_reader, "docbook_blocks", lambda xml: ["   ", ""])
    with pytest.raises(EmptyDocument):
        read_path(FIXTURES / f"{STEMS[0]}.doc")


# ---------------------------------------------------------------- antiword output handling


DOCBOOK = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE book PUBLIC "-//OASIS//DTD DocBook XML V4.1.2//EN" "http://www.oasis-open.org/docbook/xml/4.1.2/docbookx.dtd">
<book lang='en_US'><bookinfo><author><surname>Nguyễn Văn A</surname></author></bookinfo><chapter><title/>
<para>TM. BAN CHẤP HÀNHBÍ THƯ</para>
<para><emphasis role='bold'>KẾ HOẠCH</emphasis></para>
<para>Số: 07-KH/ĐU<footnote><para>ghi chú</para></footnote></para>
<sect1><title>I. MỤC ĐÍCH</title><para>Nâng cao chất lượng sinh hoạt chi bộ &amp; đảng viên.</para></sect1>
<para><informaltable><tgroup cols='2'><tbody>
<row><entry>Nơi nhận:
- Ban Tổ chức Huyện ủy;
- Lưu VP.</entry><entry>T/M ĐẢNG ỦY
BÍ THƯ

Trần Văn Hùng</entry></row></tbody></tgroup></informaltable></para>
</chapter></book>"""


def test_docbook_blocks_and_restored_line_breaks() -> None:
    blocks = docbook_blocks(DOCBOOK)
    assert blocks is not None
    plain = "TM. BAN CHẤP HÀNH\nBÍ THƯ\n\nKẾ HOẠCH\nSố: 07-KH/ĐU\n"
    assert restore_breaks(blocks, plain) == [
        "TM. BAN CHẤP HÀNH\nBÍ THƯ", "KẾ HOẠCH", "Số: 07-KH/ĐU", "I. MỤC ĐÍCH",
        "Nâng cao chất lượng sinh hoạt chi bộ & đảng viên.",
        "Nơi nhận:\n- Ban Tổ chức Huyện ủy;\n- Lưu VP.", "T/M ĐẢNG ỦY\nBÍ THƯ\nTrần Văn Hùng",
    ]


def test_restore_breaks_leaves_real_paragraphs_alone() -> None:
    plain = "Căn cứ Luật Thi đua, Khen thưởng;\nCăn cứ Nghị định số 98/2023/NĐ-CP;\n"
    blocks = ["Căn cứ Luật Thi đua, Khen thưởng;", "Căn cứ Nghị định số 98/2023/NĐ-CP;", "Căn cứ Luật Thi đua, Khen thưởng;Căn cứ X"]
    assert restore_breaks(blocks, plain) == blocks


def test_docbook_unusable_falls_back_to_plain_text() -> None:
    assert docbook_blocks("not xml at all") is None
    plain = ("|UBND HUYỆN BA VÌ        |CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|\n"
             "|Số: 31/KH-UBND          |Độc lập - Tự do - Hạnh phúc       |\n"
             "\nKẾ HOẠCH\nPhòng chống thiên tai năm 2025\n")
    assert text_blocks(plain) == ["UBND HUYỆN BA VÌ\nSố: 31/KH-UBND",
                                  "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
                                  "KẾ HOẠCH\nPhòng chống thiên tai năm 2025"]
