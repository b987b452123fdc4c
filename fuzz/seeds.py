"""Seed inputs for the reader fuzzers: small real documents in every format, and broken ones.

Written into a folder at run time (never committed: `make fuzz` puts them
under test-artifacts/fuzz/). Small seeds keep each run fast; libFuzzer and
Hypothesis mutate them into the odd cases.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
FIXTURES = CORPUS / "fixtures"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

PLAN_HEAD = """ỦY BAN NHÂN DÂN
XÃ AN BÌNH
Số: 12/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
An Bình, ngày 05 tháng 3 năm 2024
KẾ HOẠCH
Tổ chức Ngày hội thi đua năm 2024
Căn cứ Quyết định số 15/2023/QĐ-UBND ngày 12/5/2023 của UBND tỉnh;
I. MỤC ĐÍCH, YÊU CẦU
1. Phấn đấu 100% hộ gia đình tham gia; ít nhất 05 tập thể được khen thưởng.
II. TỔ CHỨC THỰC HIỆN
1. Văn phòng UBND xã chủ trì, phối hợp với các đoàn thể, báo cáo trước ngày 30/6/2024.
Nơi nhận:
- UBND huyện (để báo cáo);
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn An
"""


def small_docx(text: str) -> bytes:
    paras = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{line}</w:t></w:r></w:p>" for line in text.splitlines())
    xml = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>{paras}</w:body></w:document>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", xml)
    return buf.getvalue()


def seeds() -> dict[str, bytes]:
    """Name -> bytes of every seed (about 20, most under 20 kB)."""
    out = {
        "plan.txt": PLAN_HEAD.encode("utf-8"),
        "plan_utf16.txt": PLAN_HEAD.encode("utf-16"),
        "plan_bom.txt": b"\xef\xbb\xbf" + PLAN_HEAD.encode("utf-8"),
        "plan.docx": small_docx(PLAN_HEAD),
        "empty.txt": b"",
        "pdf_head.pdf": b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n",
        "zip_head.docx": b"PK\x03\x04",
        "ole_head.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 56,
    }
    for path in sorted(CORPUS.glob("*.txt"))[:2]:
        out[path.name] = path.read_bytes()[:6000]
    for name in ("003_f6966018c26bf747.tcvn3.txt", "003_f6966018c26bf747.vni.txt", "003_f6966018c26bf747.pdf",
                 "003_f6966018c26bf747.docx", "003_f6966018c26bf747.doc"):
        path = FIXTURES / name
        if path.is_file():
            out[name] = path.read_bytes()
    return out


def write_seeds(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in seeds().items():
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return paths
