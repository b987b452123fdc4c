"""The bad-input corpus, generated: hostile, broken and odd files next to good ones.

Nothing here is committed as a file: every case is built by code (big ones
into a temporary folder at test time). Each `Case` says what the product must
answer for it — a documented error code, or a valid output (`plan` /
`not_a_plan`) — and the HTTP status and CLI exit code that go with it, so the
CLI, batch and service tests share one table.
"""
from __future__ import annotations

import io
import random
import shutil
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from kh_testutil import raw_pdf

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
FIXTURES = CORPUS / "fixtures"
GOOD_STEM = "003_f6966018c26bf747"  # the shortest sample plan (three PDF pages)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MIB = 1 << 20

# Error code -> (HTTP status, CLI exit code). The codes are parser.errors' classes.
ERRORS = {
    "empty_document": 422,
    "undecodable_text": 415,
    "unsupported_format": 415,
    "unreadable_file": 422,
    "limit_exceeded": 413,
}
OUTPUTS = {"plan": 0, "not_a_plan": 4}  # valid output -> CLI exit code (HTTP 200)


@dataclass(frozen=True)
class Case:
    """One input: its file name (a relative path in the tree), how to make its bytes, what it must give."""

    name: str
    make: Callable[[], bytes]
    expect: str  # "plan", "not_a_plan" or an error code of ERRORS
    why: str

    @property
    def is_error(self) -> bool:
        return self.expect in ERRORS

    @property
    def http(self) -> int:
        return ERRORS[self.expect] if self.is_error else 200

    @property
    def exit_code(self) -> int:
        return 1 if self.is_error else OUTPUTS[self.expect]


# ---------------------------------------------------------------- text


def good_text() -> str:
    return (CORPUS / f"{GOOD_STEM}.txt").read_text(encoding="utf-8")


QUYET_DINH = """ỦY BAN NHÂN DÂN
HUYỆN ĐỨC PHỔ
Số: 87/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Đức Phổ, ngày 15 tháng 01 năm 2024

QUYẾT ĐỊNH
Về việc khen thưởng thành tích xuất sắc trong phong trào thi đua "Chung sức xây dựng nông thôn mới" năm 2023

CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN ĐỨC PHỔ

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;
Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;
Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;
Theo đề nghị của Trưởng phòng Nội vụ huyện tại Tờ trình số 06/TTr-NV ngày 10 tháng 01 năm 2024.

QUYẾT ĐỊNH:

Điều 1. Tặng Giấy khen của Chủ tịch Ủy ban nhân dân huyện cho 05 tập thể và 12 cá nhân đã có thành tích xuất sắc trong phong trào thi đua "Chung sức xây dựng nông thôn mới" năm 2023 (có danh sách kèm theo).

Điều 2. Mức tiền thưởng kèm theo Giấy khen thực hiện theo quy định hiện hành, trích từ Quỹ Thi đua, khen thưởng của huyện.

Điều 3. Chánh Văn phòng HĐND và UBND huyện, Trưởng phòng Nội vụ, Trưởng phòng Tài chính - Kế hoạch, Chủ tịch UBND các xã, phường có liên quan và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.

Nơi nhận:
- Như Điều 3;
- Lưu: VT, NV.

CHỦ TỊCH

Trần Văn Hùng
"""


def long_line(size: int, seed: int = 8) -> str:
    """Realistic plan words on one line, no line break at all."""
    words = good_text().split()
    rng = random.Random(seed)
    out, n = [], 0
    while n < size:
        w = rng.choice(words)
        out.append(w)
        n += len(w) + 1
    return " ".join(out)[:size]


def big_text(size_bytes: int) -> bytes:
    """A plan repeated to `size_bytes` of UTF-8 (a 50 MB "text file")."""
    unit = (good_text() + "\n\n").encode("utf-8")
    return (unit * (size_bytes // len(unit) + 1))[:size_bytes]


LATIN1_TEXT = ("Compte rendu de la réunion du comité: les délégués ont approuvé le budget "
               "de l'année. Réponse attendue avant la fin du mois, à l'adresse habituelle.\n") * 20


# ---------------------------------------------------------------- PDF


raw_pdf = raw_pdf  # one hand-built-PDF maker for the reader and hardening tests


def _stream(dictionary: bytes, body: bytes) -> bytes:
    return dictionary[:-2] + b" /Length %d >>\nstream\n" % len(body) + body + b"\nendstream"


def huge_image_pdf(px: int = 20_000) -> bytes:
    """One A4 page holding a px x px 8-bit grey picture (400 Mpx decoded; ~400 kB packed): a 'scan'."""
    row = b"\xf0" * px
    c = zlib.compressobj(9)
    body = b"".join(c.compress(row) for _ in range(px)) + c.flush()
    page = (595, 842)
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>" % page,
        _stream(b"<< >>", b"q %d 0 0 %d 0 0 cm /Im1 Do Q" % page),
        _stream(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                b"/BitsPerComponent 8 /Filter /FlateDecode >>" % (px, px), body),
    ])


def zero_page_pdf() -> bytes:
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def many_pages_pdf(n: int = 501) -> bytes:
    """n blank pages: over the page limit (refused before any page is read)."""
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(n))
    pages = [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * n
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n), *pages])


def encrypted_pdf() -> bytes:
    """Standard security handler (RC4, revision 2) with a user password."""
    return raw_pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
         b"<< /Filter /Standard /V 1 /R 2 /Length 40 /O <" + b"5a" * 32 + b"> /U <" + b"c3" * 32 + b"> /P -44 >>",
         b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"],
        b"/Encrypt 3 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]",
    )


def truncated_pdf() -> bytes:
    data = (FIXTURES / f"{GOOD_STEM}.pdf").read_bytes()
    return data[: len(data) // 2]


# ---------------------------------------------------------------- DOCX


def docx_of(body_xml: str, extra: dict[str, str] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body>{body_xml}</w:body></w:document>')
        for name, xml in (extra or {}).items():
            zf.writestr(name, xml)
    return buf.getvalue()


def _zip_entry(name: str, deflated: bytes, crc: int, size: int, declared: int) -> tuple[bytes, bytes]:
    """(local header + data, central directory record) of one deflated member; `declared` is the
    uncompressed size written in both headers (a liar says less than `size`)."""
    fname = name.encode()
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(deflated), declared, len(fname), 0) + fname
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(deflated), declared,
                          len(fname), 0, 0, 0, 0, 0, 0) + fname
    return local + deflated, central


def zip_bomb(gib: int = 2, *, lying: bool = False) -> bytes:
    """A DOCX whose word/document.xml unpacks to `gib` GiB of blanks (~1 MB packed per GiB).

    Identical 1 MiB chunks deflated with a full flush give identical bytes, so
    the stream is one chunk's output repeated: built in a second, not minutes.
    `lying` writes 1 kB as the uncompressed size in the ZIP headers.
    """
    head = f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body>'.encode()
    chunk = b" " * MIB
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    tail = c.compress(b"</w:body></w:document>") + c.flush()
    n = gib * 1024
    deflated = first + block * n + tail
    crc = zlib.crc32(head)
    for _ in range(n):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(b"</w:body></w:document>", crc)
    size = len(head) + n * MIB + len(b"</w:body></w:document>")
    size32 = size if size < 2**32 else 0xFFFFFFFF
    local, central = _zip_entry("word/document.xml", deflated, crc, size, 1000 if lying else size32)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), len(local), 0)
    return local + central + end


def billion_laughs_docx() -> bytes:
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY l0 "ha">{lol}]>'
           f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", xml)
    return buf.getvalue()


def deep_nesting_docx(depth: int = 5000) -> bytes:
    """Tables nested `depth` deep: deeper than any XML parser should be asked to go."""
    return docx_of("<w:tbl><w:tr><w:tc>" * depth + "<w:p><w:r><w:t>x</w:t></w:r></w:p>" + "</w:tc></w:tr></w:tbl>" * depth)


def xlsx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("[Content_Types].xml", "<Types/>")
    return buf.getvalue()


def ole_workbook() -> bytes:
    """An OLE compound file header with an Excel stream name: not a Word document."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "Workbook".encode("utf-16-le") + b"\x00\x00" + b"\x00" * 1024


# ---------------------------------------------------------------- the table


def _rand(n: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(n)


def bad_cases() -> list[Case]:
    """Every bad input, with what it must give. Sizes are real: this is what tests run."""
    text = good_text()
    return [
        Case("empty.txt", lambda: b"", "empty_document", "zero bytes"),
        Case("one_byte.txt", lambda: b"K", "not_a_plan", "one letter: a valid output that is not a plan"),
        Case("one_byte_ff.txt", lambda: b"\xff", "undecodable_text", "one byte that is no UTF-8"),
        Case("blank.txt", lambda: b" \n\t\r\n  \n", "empty_document", "white space only"),
        Case("markup_only.txt", lambda: "****\n__\n\u200b\n\n- 2 -\n".encode("utf-8"), "empty_document",
             "markdown, a zero-width space and a page number: nothing once normalized"),
        Case("random.pdf", lambda: _rand(64 * 1024, 1), "undecodable_text", "random bytes named .pdf"),
        Case("random_pdf_head.pdf", lambda: b"%PDF-1.7\n" + _rand(64 * 1024, 2), "unreadable_file", "PDF magic, then random bytes"),
        Case("truncated.pdf", truncated_pdf, "unreadable_file", "a real PDF cut in half"),
        Case("encrypted.pdf", encrypted_pdf, "unsupported_format", "password-protected PDF"),
        Case("zero_pages.pdf", zero_page_pdf, "empty_document", "a PDF whose page tree is empty"),
        Case("too_many_pages.pdf", many_pages_pdf, "limit_exceeded", "501 pages, over max_pages"),
        Case("huge_image.pdf", huge_image_pdf, "limit_exceeded", "a page with a 20000x20000 px picture to OCR"),
        Case("png_named.pdf", lambda: b"\x89PNG\r\n\x1a\n" + _rand(2048, 3), "unsupported_format", "a picture named .pdf"),
        Case("not_a_zip.docx", lambda: b"PK\x03\x04" + _rand(8192, 4), "unreadable_file", "ZIP magic, then junk"),
        Case("text_named.docx", lambda: text.encode("utf-8"), "plan", "a plain-text plan named .docx"),
        Case("zip_bomb.docx", lambda: zip_bomb(2), "limit_exceeded", "2 MB that unpacks to 2 GiB"),
        Case("zip_bomb_lying.docx", lambda: zip_bomb(1, lying=True), "unreadable_file", "a bomb whose headers claim 1 kB"),
        Case("billion_laughs.docx", billion_laughs_docx, "unreadable_file", "XML entity expansion"),
        Case("deep_nesting.docx", deep_nesting_docx, "unreadable_file", "tables nested 5000 deep"),
        Case("workbook.docx", xlsx_bytes, "unsupported_format", "an XLSX named .docx"),
        Case("workbook.doc", ole_workbook, "unsupported_format", "an OLE file that is not Word"),
        Case("latin1.txt", lambda: LATIN1_TEXT.encode("latin-1"), "undecodable_text", "Latin-1 text"),
        Case("nul_bytes.txt", lambda: text.encode("utf-8")[:2000] + b"\x00" * 64 + b"abc", "undecodable_text", "text with NUL bytes"),
        Case("utf16_nobom.txt", lambda: text.encode("utf-16-le"), "plan", "UTF-16 without BOM: decoded"),
        Case("utf16_bom.txt", lambda: text.encode("utf-16"), "plan", "UTF-16 with BOM"),
        Case("big_50mb.txt", lambda: big_text(50_000_000), "limit_exceeded", "50 MB of text, over max_text_chars"),
        Case("long_line_5mb.txt", lambda: long_line(5 * MIB).encode("utf-8"), "limit_exceeded", "5 MB on one line: over max_text_chars"),
        Case("long_line_1mb.txt", lambda: long_line(MIB).encode("utf-8"), "limit_exceeded", "1 MB on one line: over max_line_chars"),
        Case("so_so_so.txt", lambda: ("Số: " * (MIB // 4)).encode("utf-8"), "limit_exceeded", "1 MB line of \"Số: \""),
        Case("dots_lines.txt", lambda: ("1.1.1.1.\n" * 20_000).encode("utf-8"), "not_a_plan", "20 000 lines of \"1.1.1.1.\""),
        Case("ngay_lines.txt", lambda: ("ngày ngày ngày ngày\n" * 10_000).encode("utf-8"), "not_a_plan", "10 000 lines of \"ngày\""),
        Case("quyet_dinh_khen_thuong.txt", lambda: QUYET_DINH.encode("utf-8"), "not_a_plan", "a Quyết định khen thưởng"),
        Case("tên có dấu cách.txt", lambda: text.encode("utf-8"), "plan", "spaces and diacritics in the name"),
        Case("ten_NFD_Ke\u0302\u0301_hoa\u0323ch.txt", lambda: text.encode("utf-8"), "plan", "a decomposed (NFD) name"),
        Case("..%2F..%2Fx.txt", lambda: text.encode("utf-8"), "plan", "a name that is a URL-encoded traversal"),
        Case("dir with spaces/Kế hoạch số 5.txt", lambda: text.encode("utf-8"), "plan", "a folder with spaces"),
    ]


# A name with bytes that are no UTF-8 (written with os.fsencode-free bytes paths).
INVALID_UTF8_NAME = b"bad-\xff\xfe-name.txt"


def good_inputs() -> dict[str, Path]:
    """Relative path -> source file of the good documents mixed into the batch tree."""
    out = {f"good/{p.name}": p for p in sorted(CORPUS.glob("*.txt"))}
    for ext in ("docx", "pdf", "doc") if shutil.which("antiword") else ("docx", "pdf"):
        out[f"good/{GOOD_STEM}.{ext}"] = FIXTURES / f"{GOOD_STEM}.{ext}"
    return out


def write_good(root: Path) -> list[str]:
    rels = []
    for rel, src in good_inputs().items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
        rels.append(rel)
    return rels


def write_bad(root: Path, cases: list[Case], outside: Path) -> dict[str, Case]:
    """Write every case under root/bad/ (plus the invalid-UTF-8 name and a symlink leaving the tree)."""
    written: dict[str, Case] = {}
    for case in cases:
        target = root / "bad" / case.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(case.make())
        written[f"bad/{case.name}"] = case
    bad_dir = bytes(root / "bad")
    with open(bad_dir + b"/" + INVALID_UTF8_NAME, "wb") as fh:
        fh.write(good_text().encode("utf-8"))
    outside.mkdir(parents=True, exist_ok=True)
    secret = outside / "secret.txt"
    secret.write_text(good_text(), encoding="utf-8")
    (root / "bad" / "link_outside.txt").symlink_to(secret)
    return written
