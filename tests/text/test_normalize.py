"""Text model: decoding and the normalization repairs, with offsets back to the source."""
from __future__ import annotations

import unicodedata

import pytest

from parser.errors import EmptyDocument, UndecodableText
from parser.read import read_bytes, sniff
from parser.read.txt import decode
from parser.text.normalize import normalize


@pytest.mark.parametrize(
    "data, expected",
    [
        ("Kế hoạch số 12".encode("utf-8"), "Kế hoạch số 12"),
        (b"\xef\xbb\xbf" + "Kế hoạch".encode("utf-8"), "Kế hoạch"),
        ("Kế hoạch".encode("utf-16"), "Kế hoạch"),  # with BOM
        ("KE HOACH so 12 ngay".encode("utf-16-le"), "KE HOACH so 12 ngay"),  # no BOM, ASCII-heavy
    ],
)
def test_decode_accepts_unicode_encodings(data: bytes, expected: str) -> None:
    assert decode(data)[0] == expected


@pytest.mark.parametrize(
    "data, error",
    [
        (b"", EmptyDocument),
        (b"   \n\n ", EmptyDocument),
        ("Kế hoạch số 12".encode("latin-1", errors="replace") + b"\xe9\xe0", UndecodableText),
        ("Hà Nam, ngày 5 tháng 6".encode("cp1258"), UndecodableText),
        (bytes(range(256)) * 4, UndecodableText),
    ],
)
def test_decode_refuses_non_text(data: bytes, error: type) -> None:
    with pytest.raises(error) as exc:
        decode(data, path="x.txt")
    assert "x.txt" in str(exc.value)


def test_sniff_by_content_not_name() -> None:
    assert sniff(b"%PDF-1.7\n...") == "pdf"
    assert sniff(b"\x00\x01junk%PDF-1.4 signed") == "pdf"  # junk before %PDF
    assert sniff(b"PK\x03\x04...") == "zip"
    assert sniff("Số: 12/KH-UBND".encode()) == "txt"


def test_read_bytes_reports_unsupported_formats_clearly() -> None:
    from parser.errors import UnsupportedFormat

    with pytest.raises(UnsupportedFormat) as exc:
        read_bytes(b"\x89PNG\r\n\x1a\n....", "scan.png")
    assert "PNG" in str(exc.value)


def test_page_break_inside_sentence_is_joined() -> None:
    raw = "hoàn thành thắng\n\n\n\nlợi các nhiệm vụ.\n\n2. Yêu cầu\n\nCác đơn vị"
    out = normalize(raw)
    assert "hoàn thành thắng lợi các nhiệm vụ." in out.text
    assert "2. Yêu cầu\n\nCác đơn vị" in out.text  # a new paragraph that starts in capitals stays
    assert out.repairs["page_break"] == 1


def test_sentence_end_and_heading_are_not_joined() -> None:
    out = normalize("Kế hoạch năm 2023.\n\nnội dung")
    assert out.text == "Kế hoạch năm 2023.\n\nnội dung"


def test_markdown_debris_removed() -> None:
    out = normalize("**TM. HỘI ĐỒNG\nCHỦ TỊCH**\n\n(*kèm theo danh sách*)\n- 5.** Ngành Giáo dục")
    assert out.text == "TM. HỘI ĐỒNG\nCHỦ TỊCH\n\n(kèm theo danh sách)\n5. Ngành Giáo dục"


def test_spaces_nbsp_and_leading_dash_spacing() -> None:
    out = normalize("  - Đơn vị\u00a0chủ trì:   Phòng Nội vụ \n-Tham mưu UBND")
    assert out.text == "- Đơn vị chủ trì: Phòng Nội vụ\n- Tham mưu UBND"


def test_decomposed_diacritics_become_nfc() -> None:
    raw = unicodedata.normalize("NFD", "Ủy ban nhân dân quận Hoàn Kiếm")
    out = normalize(raw)
    assert out.text == "Ủy ban nhân dân quận Hoàn Kiếm"
    assert unicodedata.is_normalized("NFC", out.text)


def test_tone_placement_is_kept_as_written() -> None:
    assert normalize("Phòng Văn hoá - Thông tin").text == "Phòng Văn hoá - Thông tin"


@pytest.mark.parametrize(
    "raw, needle",
    [
        ("**Số: 12/KH-UBND**\n\n\nHà Nội, ngày 5 tháng 6 năm 2024", "Hà Nội"),
        (unicodedata.normalize("NFD", "Quận Ba Đình,\u00a0ngày 10") + "\r\nKẾ HOẠCH", "KẾ HOẠCH"),
        ("hoàn thành\n\n\nlợi ích và Nơi nhận", "Nơi nhận"),
    ],
)
def test_offsets_map_back_to_the_source(raw: str, needle: str) -> None:
    out = normalize(raw)
    start = out.text.index(needle)
    s, e = out.offsets.span_to_source((start, start + len(needle)))
    assert unicodedata.normalize("NFC", raw[s:e]) == needle


def test_lettered_item_after_blank_line_is_not_a_page_break() -> None:
    out = normalize("2. Phòng Văn hóa và Thông tin huyện\n\na) Là cơ quan thường trực\n\nb) Tổng hợp")
    assert out.text == "2. Phòng Văn hóa và Thông tin huyện\n\na) Là cơ quan thường trực\n\nb) Tổng hợp"
    assert "page_break" not in out.repairs
