"""Closing zone laid out in two columns and converted to text (Nghị định 30/2020/NĐ-CP, Phụ lục I:
Nơi nhận bottom-left, signature bottom-right): the columns glued on one line (wide gap or lost
gap), a Markdown table with "<br>", joint signatures written row by row, and ranks or degrees
before the signer's name (Phụ lục I, II.8.c)."""
from __future__ import annotations


import pytest

from kh_testutil import bad_spans, dev_set_low, dev_set_runs, extract_text
from parser.extract.closing_lines import expand
from parser.extract.signer import split_name
from parser.model import Line
from parser.text.fold import fold

HEAD = """SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG
TỈNH QUẢNG NAM
Số: 56/KH-STNMT
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Quảng Nam, ngày 12 tháng 4 năm 2024

KẾ HOẠCH
Tổ chức các hoạt động hưởng ứng Ngày Môi trường thế giới năm 2024

I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao nhận thức của cộng đồng về bảo vệ môi trường.
II. TỔ CHỨC THỰC HIỆN
1. Văn phòng Sở theo dõi, đôn đốc việc thực hiện Kế hoạch này.

Trên đây là Kế hoạch của Sở Tài nguyên và Môi trường./.

"""

GAP = " " * 30

# (closing, signers as (on_behalf_of, authority, title, name), recipients as (name, purpose), holders, copies)
CASES = {
    "wide gap beside the list": (
        f"Nơi nhận:{GAP}TL. GIÁM ĐỐC\n"
        f"- Bộ Tài nguyên và Môi trường (để b/c);{GAP}CHÁNH VĂN PHÒNG\n"
        "- UBND tỉnh (để b/c);\n"
        "- Các phòng, đơn vị thuộc Sở (t/h);\n"
        f"- Lưu: VT, VP (03b).{GAP}Hồ Thị Lan\n",
        [(None, "TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG", "Hồ Thị Lan")],
        [("Bộ Tài nguyên và Môi trường", "để báo cáo"), ("UBND tỉnh", "để báo cáo"),
         ("Các phòng, đơn vị thuộc Sở", "để thực hiện")],
        ["VT", "VP"], 3,
    ),
    "gap lost: cut after the item's end": (
        "Nơi nhận: TM. BAN CHẤP HÀNH\n"
        "- Ban Thường vụ Tỉnh ủy (b/c); KT. BÍ THƯ\n"
        "- Các đồng chí Tỉnh ủy viên; PHÓ BÍ THƯ THƯỜNG TRỰC\n"
        "- Các huyện ủy, thành ủy (t/h);\n"
        "- Lưu: VPTU. Trương Minh Đức\n",
        [("TM. BAN CHẤP HÀNH", "KT. BÍ THƯ", "PHÓ BÍ THƯ THƯỜNG TRỰC", "Trương Minh Đức")],
        [("Ban Thường vụ Tỉnh ủy", "để báo cáo"), ("Các đồng chí Tỉnh ủy viên", None),
         ("Các huyện ủy, thành ủy", "để thực hiện")],
        ["VPTU"], None,
    ),
    "signature below the list, items that only look like a cut": (
        "Nơi nhận:\n"
        "- UBND TP. Hồ Chí Minh (để p/h);\n"
        "- Sở Tài chính; Sở Nội vụ (p/h);\n"
        "- Chủ tịch, các Phó Chủ tịch UBND tỉnh;\n"
        "- Lưu: VT.\n\n"
        "GIÁM ĐỐC\n\nPhan Văn Quý\n",
        [(None, None, "GIÁM ĐỐC", "Phan Văn Quý")],
        [("UBND TP. Hồ Chí Minh", "để phối hợp"), ("Sở Tài chính; Sở Nội vụ", "để phối hợp"),
         ("Chủ tịch, các Phó Chủ tịch UBND tỉnh", None)],
        ["VT"], None,
    ),
    "markdown table with <br>": (
        "| Nơi nhận:<br>- Sở Giáo dục và Đào tạo (để b/c);<br>- Các tổ chuyên môn;<br>- Lưu: VT, HS. "
        "| KT. HIỆU TRƯỞNG<br>PHÓ HIỆU TRƯỞNG<br><br><br>Lưu Thị Ngọc Anh |\n"
        "|---|---|\n",
        [(None, "KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG", "Lưu Thị Ngọc Anh")],
        [("Sở Giáo dục và Đào tạo", "để báo cáo"), ("Các tổ chuyên môn", None)],
        ["VT", "HS"], None,
    ),
    "markdown table, one recipient a row": (
        "| Nơi nhận: | TM. ỦY BAN NHÂN DÂN |\n"
        "|---|---|\n"
        "| - Thường trực Huyện ủy (b/c); | CHỦ TỊCH |\n"
        "| - Các ban, ngành, đoàn thể huyện; | |\n"
        "| - Lưu: VT, VP. | Nông Văn Thắng |\n",
        [(None, "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nông Văn Thắng")],
        [("Thường trực Huyện ủy", "để báo cáo"), ("Các ban, ngành, đoàn thể huyện", None)],
        ["VT", "VP"], None,
    ),
    "joint blocks written row by row": (
        "BAN CHẤP HÀNH ĐOÀN HUYỆN\nHỘI LIÊN HIỆP PHỤ NỮ HUYỆN\n"
        "TM. BAN THƯỜNG VỤ\nTM. BAN THƯỜNG VỤ\n"
        "BÍ THƯ\nCHỦ TỊCH\n"
        "(Đã ký)\n(Đã ký)\n"
        "Đinh Công Tráng\nMai Thị Hạnh\n\n"
        "Nơi nhận:\n- Thường trực Huyện ủy (b/c);\n- Lưu: VP.\n",
        [(None, "TM. BAN THƯỜNG VỤ", "BÍ THƯ", "Đinh Công Tráng"),
         (None, "TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Mai Thị Hạnh")],
        [("Thường trực Huyện ủy", "để báo cáo")],
        ["VP"], None,
    ),
    "OCR: comma for the authority's dot, tab after the dash": (
        "Nơi nhận:\n-\tThường Trực Đảng Ủy\n-\tBan Giám hiệu (để t/h);\n-\tLưu: VT.\n\n"
        "KT, GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\nTrịnh Xuân Trường\n",
        [(None, "KT, GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trịnh Xuân Trường")],
        [("Thường Trực Đảng Ủy", None), ("Ban Giám hiệu", "để thực hiện")],
        ["VT"], None,
    ),
    "one block is not read as rows": (
        "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nĐại tá Nguyễn Văn Hải\n\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n",
        [("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Hải")],
        [("Như trên", None)],
        ["VT"], None,
    ),
}


@pytest.mark.parametrize("key", list(CASES))
def test_closing_layouts(key: str) -> None:
    closing, signers, recipients, holders, copies = CASES[key]
    r = extract_text(HEAD + closing)
    assert [(s["on_behalf_of"], s["authority"], s["title"], s["name"]) for s in r["signers"]] == signers
    assert [(x["name"], x["purpose"]) for x in r["recipients"]] == recipients
    assert (r["archive_copy"]["holders"], r["archive_copy"]["copies"]) == (holders, copies)
    assert not bad_spans(r)
    for x in r["recipients"]:
        assert r["text"][x["span"][0]: x["span"][1]] == x["name"]
    assert r["signer"] == r["signers"][0]


def test_rank_before_the_name_is_kept_apart() -> None:
    r = extract_text(HEAD + CASES["one block is not read as rows"][0])
    assert (r["signer"]["name"], r["signer"]["name_prefix"]) == ("Nguyễn Văn Hải", "Đại tá")
    plain = extract_text(HEAD + CASES["wide gap beside the list"][0])
    assert "name_prefix" not in plain["signer"]


@pytest.mark.parametrize(
    "line, want",
    [
        ("Thượng tá Võ Văn Hòa", ("Thượng tá", "Võ Văn Hòa")),
        ("Đại úy Lê Minh Khang", ("Đại úy", "Lê Minh Khang")),
        ("Thiếu tướng Nguyễn Quốc Bảo", ("Thiếu tướng", "Nguyễn Quốc Bảo")),
        ("THIẾU TÁ ĐỖ VĂN TÚ", ("THIẾU TÁ", "ĐỖ VĂN TÚ")),
        ("PGS.TS. Trần Văn Minh", ("PGS.TS.", "Trần Văn Minh")),
        ("BS.CKII Lê Thị Thu", ("BS.CKII", "Lê Thị Thu")),
        ("TS. Phạm Quang Huy", ("TS.", "Phạm Quang Huy")),
        ("ThS Bùi Thị Hằng", ("ThS", "Bùi Thị Hằng")),
        ("Đại tá, TS. Hà Văn Sơn", ("Đại tá, TS.", "Hà Văn Sơn")),
        ("Nguyễn Thị Thanh Hà", (None, "Nguyễn Thị Thanh Hà")),
        ("TRẦN VĂN HÙNG", (None, "TRẦN VĂN HÙNG")),
        # not names
        ("Thượng tá", None),
        ("PHÓ CHỦ TỊCH", None),
        ("KT. GIÁM ĐỐC", None),
        ("Đại tá chỉ huy trưởng", None),
        ("TS. 2024", None),
    ],
)
def test_split_name(line: str, want: tuple | None) -> None:
    assert split_name(line) == want


def _lines(text: str) -> list[Line]:
    out, pos = [], 0
    for i, raw in enumerate(text.split("\n")):
        out.append(Line(i, pos, pos + len(raw), raw, fold(raw)))
        pos += len(raw) + 1
    return out


@pytest.mark.parametrize(
    "text, want",
    [
        ("| Nơi nhận:<br>- A;<br>- Lưu: VT. | GIÁM ĐỐC<br><br>Lê Văn B |",
         ["Nơi nhận:", "- A;", "- Lưu: VT.", "GIÁM ĐỐC", "Lê Văn B"]),
        ("| a | b |\n|---|:---:|\n| c<br/>d | e |", ["a", "c", "d", "b", "e"]),
        ("| **x** <BR> y | |", ["**x**", "y"]),
        ("not | a table", ["not | a table"]),
        ("| Nơi nhận: |\nGIÁM ĐỐC", ["Nơi nhận:", "GIÁM ĐỐC"]),
    ],
)
def test_markdown_table_read_by_columns(text: str, want: list[str]) -> None:
    lines = expand(_lines(text))
    assert [ln.text for ln in lines] == want
    for ln in lines:
        assert text[ln.start: ln.end] == ln.text


def test_dev3_closing_fields() -> None:
    """Closing fields on corpus/dev3 (plans written apart from the code), shared scorer."""
    fields = ("signer", "recipients", "archive_copy")
    floors = dict.fromkeys(("signer.authority", "signer.title", "signer.name", "recipients", "recipients.purpose",
                            "archive_copy.holders", "archive_copy.copies"), 0.98)
    assert not dev_set_low("dev3", fields, floors)
    assert all(not bad_spans(out) for _, _, out in dev_set_runs("dev3"))
