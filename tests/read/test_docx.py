"""DOCX reader: reading order, layout tables as zones, data tables as rows, safety.

The five fixture plans (corpus/fixtures, Nghị định 30/2020 layout built with
python-docx) must give the gold header and closing through the whole
pipeline and contain every truth part in order. Generated documents cover
what Word files from other offices do: a header typed as plain paragraphs, a
two-row header table, task tables with merged cells, automatic numbering,
manual line breaks, text boxes, hidden text and tracked deletions, legacy
TCVN3 fonts, rendered page breaks — and hostile or broken input.
"""
from __future__ import annotations

import io
import json
import zipfile
from functools import cache
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from parser.errors import EmptyDocument, LimitExceeded, UnreadableFile, UnsupportedFormat
from parser.evaluate import score_docs
from parser.pipeline import run_bytes, run_file
from parser.read import read_bytes, read_path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "corpus" / "fixtures"
GOLD = FIXTURES / "gold"
FILES = ROOT / "tests" / "data" / "files"
STEMS = sorted(p.name.split(".")[0] for p in FIXTURES.glob("*.docx"))
# Header and closing fields the reader is responsible for getting through intact.
HEADER_CLOSING = (
    "document.number", "document.symbol", "document.place", "document.issued.value", "document.issued.precision",
    "document.title", "issuer.name", "issuer.abbreviation", "signer.authority", "signer.title", "signer.name",
    "recipients", "recipients.purpose", "archive_copy.copies", "archive_copy.holders",
)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@cache
def fixture_outputs(ext: str) -> dict[str, dict]:
    return {stem: run_file(FIXTURES / f"{stem}{ext}") for stem in STEMS}


def truth_parts(stem: str) -> list[str]:
    """Every truth.json part, in reading order."""
    t = json.loads((FIXTURES / f"{stem}.truth.json").read_text(encoding="utf-8"))
    return (t["issuer"] + [t["so"], t["motto"], t["slogan"], t["date"], t["title"], t["subtitle"]]
            + t["body"] + ["Nơi nhận:"] + t["recipients"] + t["signer"])


def assert_in_order(text: str, parts: list[str]) -> None:
    pos = 0
    for part in parts:
        found = text.find(part, pos)
        assert found >= 0, f"missing or out of order: {part[:80]!r} (after offset {pos})"
        pos = found + len(part)


def check_fixture_scores(ext: str) -> None:
    """Shared by the DOC tests: header/closing fields >= 0.95 on the fixture gold."""
    outputs = fixture_outputs(ext)
    pairs = [(s, json.loads((GOLD / f"{s}.json").read_text(encoding="utf-8")), outputs[s]) for s in STEMS]
    report = score_docs(pairs)
    scores = {f.name: f.value for f in report.fields}
    low = {name: scores.get(name) for name in HEADER_CLOSING if scores.get(name, 0.0) < 0.95}
    assert not low, f"{ext}: header/closing fields below 0.95: {low}\n" + "\n".join(report.misses)


# ---------------------------------------------------------------- fixtures


def test_fixture_header_and_closing_fields() -> None:
    check_fixture_scores(".docx")


@pytest.mark.parametrize("stem", STEMS)
def test_fixture_text_has_every_truth_part_in_order(stem: str) -> None:
    raw = read_path(FIXTURES / f"{stem}.docx")
    assert raw.format == "docx" and raw.pages is None and raw.page_starts == []
    assert_in_order(raw.text, truth_parts(stem))
    # zones: "Số:" ends the left column, the Quốc hiệu starts the right one
    t = json.loads((FIXTURES / f"{stem}.truth.json").read_text(encoding="utf-8"))
    assert f"{t['so']}\n\n{t['motto']}" in raw.text
    assert f"{t['recipients'][-1]}\n\n{t['signer'][0]}" in raw.text


# ---------------------------------------------------------------- builders


def to_bytes(doc) -> bytes:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def no_borders(table) -> None:  # type: ignore[no-untyped-def]
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def fill(cell, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def package(body: str, *, styles: str | None = None, numbering: str | None = None,
            app: str | None = None, main: str = "word/document.xml", ns: str = W_NS) -> bytes:
    """A minimal DOCX around a hand-written <w:body> (for what python-docx cannot write)."""
    folder, name = main.rsplit("/", 1)
    rels = []
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        zf.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    f'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="{main}"/></Relationships>')
        zf.writestr(main, f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{ns}" '
                    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
                    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
                    f"<w:body>{body}</w:body></w:document>")
        for kind, xml in (("styles", styles), ("numbering", numbering)):
            if xml is not None:
                zf.writestr(f"{folder}/{kind}.xml", f'<?xml version="1.0"?><w:{kind} xmlns:w="{ns}">{xml}</w:{kind}>')
                rels.append(f'<Relationship Id="r{kind}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{kind}.xml"/>')
        zf.writestr(f"{folder}/_rels/{name}.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    + "".join(rels) + "</Relationships>")
        if app is not None:
            zf.writestr("docProps/app.xml", '<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
                        f"{app}</Properties>")
    return buf.getvalue()


def p(*runs: str, ppr: str = "") -> str:
    """A paragraph of plain runs (each string is a run's inner XML or plain text)."""
    inner = "".join(r if r.startswith("<") else f'<w:r><w:t xml:space="preserve">{r}</w:t></w:r>' for r in runs)
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{inner}</w:p>"


# ---------------------------------------------------------------- layout variants


def test_header_as_plain_paragraphs_keeps_lines_apart() -> None:
    """Many offices type the header without a table, one line per paragraph."""
    doc = Document()
    for line in ("ĐẢNG BỘ TỈNH QUẢNG NAM", "HUYỆN ỦY NÚI THÀNH", "Số: 85-KH/HU", "ĐẢNG CỘNG SẢN VIỆT NAM",
                 "Núi Thành, ngày 03 tháng 3 năm 2025", "KẾ HOẠCH",
                 "Tổ chức Hội nghị học tập, quán triệt Nghị quyết Trung ương",
                 "Thực hiện Hướng dẫn số 12-HD/BTGTU ngày 20/2/2025 của Ban Tuyên giáo Tỉnh ủy, Ban Thường vụ Huyện ủy xây dựng kế hoạch như sau:",
                 "I. MỤC ĐÍCH, YÊU CẦU", "- Cán bộ, đảng viên nắm vững nội dung cơ bản của Nghị quyết."):
        doc.add_paragraph(line)
    raw = read_bytes(to_bytes(doc))
    assert raw.text.startswith("ĐẢNG BỘ TỈNH QUẢNG NAM\n\nHUYỆN ỦY NÚI THÀNH\n\nSố: 85-KH/HU\n\nĐẢNG CỘNG SẢN VIỆT NAM")
    out = run_bytes(to_bytes(doc))
    assert out["document"]["number"] == "85"
    assert out["document"]["issued"]["value"] == "2025-03-03"


def test_two_row_header_table_is_read_column_by_column() -> None:
    """Issuer | Quốc hiệu in row 1, Số | date in row 2: the left column comes out whole first."""
    doc = Document()
    head = doc.add_table(rows=2, cols=2)
    no_borders(head)
    fill(head.cell(0, 0), ["BỘ Y TẾ", "BỆNH VIỆN BẠCH MAI"])
    fill(head.cell(0, 1), ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"])
    fill(head.cell(1, 0), ["Số: 1024/KH-BVBM"])
    fill(head.cell(1, 1), ["Hà Nội, ngày 05 tháng 8 năm 2024"])
    doc.add_paragraph("KẾ HOẠCH")
    doc.add_paragraph("Phòng, chống dịch sốt xuất huyết năm 2024")
    raw = read_bytes(to_bytes(doc))
    assert raw.text.startswith(
        "BỘ Y TẾ\nBỆNH VIỆN BẠCH MAI\nSố: 1024/KH-BVBM\n\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHà Nội, ngày 05 tháng 8 năm 2024\n\nKẾ HOẠCH"
    )


def test_header_and_closing_aligned_with_tabs() -> None:
    """Older files put the two header columns on one line with tabs; read them as columns."""
    tab = "<w:r><w:tab/><w:tab/></w:r>"
    body = (p("UBND TỈNH HÀ GIANG", tab, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
            + p("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", tab, "Độc lập - Tự do - Hạnh phúc")
            + p("Số: 310/KH-SVHTTDL", tab, "Hà Giang, ngày 14 tháng 4 năm 2025")
            + p("KẾ HOẠCH") + p("a)", "<w:r><w:tab/></w:r>", "Tổ chức giải việt dã") + p("b)", "<w:r><w:tab/></w:r>", "Hội thi ẩm thực")
            + p("Nơi nhận:", tab, "KT. GIÁM ĐỐC") + p("- UBND tỉnh;", tab, "PHÓ GIÁM ĐỐC") + p(tab, "Vương Thị Hoa"))
    assert read_bytes(package(body)).text.split("\n\n") == [
        "UBND TỈNH HÀ GIANG\nSỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH\nSố: 310/KH-SVHTTDL",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHà Giang, ngày 14 tháng 4 năm 2025",
        "KẾ HOẠCH", "a)\tTổ chức giải việt dã", "b)\tHội thi ẩm thực",
        "Nơi nhận:\n- UBND tỉnh;", "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nVương Thị Hoa",
    ]


def test_closing_table_with_two_signers_keeps_blocks_apart() -> None:
    """A joint plan (liên tịch): Nơi nhận | Đoàn signer | UBND signer, three columns."""
    doc = Document()
    doc.add_paragraph("Trên đây là Kế hoạch liên tịch tổ chức Tháng Thanh niên năm 2025./.")
    t = doc.add_table(rows=1, cols=3)
    no_borders(t)
    fill(t.cell(0, 0), ["Nơi nhận:", "- Tỉnh đoàn;", "- Lưu: VT."])
    fill(t.cell(0, 1), ["TM. BAN THƯỜNG VỤ HUYỆN ĐOÀN", "BÍ THƯ", "Lê Văn Tâm"])
    fill(t.cell(0, 2), ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Phạm Thị Lan"])
    text = read_bytes(to_bytes(doc)).text
    assert text.endswith("Nơi nhận:\n- Tỉnh đoàn;\n- Lưu: VT.\n\nTM. BAN THƯỜNG VỤ HUYỆN ĐOÀN\nBÍ THƯ\nLê Văn Tâm\n\n"
                         "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nPhạm Thị Lan")


def test_borderless_label_table_is_read_by_rows() -> None:
    """A borderless "Thời gian: | …" table has no header/closing words: rows, not columns."""
    doc = Document()
    t = doc.add_table(rows=3, cols=2)
    no_borders(t)
    for r, (label, value) in enumerate([("Thời gian:", "08 giờ 00, thứ Hai ngày 12/5/2025"),
                                        ("Địa điểm:", "Hội trường Nhà văn hóa thôn Đông"),
                                        ("Thành phần:", "Đại diện các hộ gia đình")]):
        t.cell(r, 0).text, t.cell(r, 1).text = label, value
    assert read_bytes(to_bytes(doc)).text.split("\n") == [
        "| Thời gian: | 08 giờ 00, thứ Hai ngày 12/5/2025 |",
        "| Địa điểm: | Hội trường Nhà văn hóa thôn Đông |",
        "| Thành phần: | Đại diện các hộ gia đình |",
    ]


def test_closing_table_with_a_row_per_recipient() -> None:
    """Some templates give every recipient its own row; the signer title alone marks the
    signature column (no "TM."/"KT.")."""
    doc = Document()
    recipients = ["Nơi nhận:"] + [f"- Trường Tiểu học số {i};" for i in range(1, 12)] + ["- Lưu: VT."]
    t = doc.add_table(rows=len(recipients), cols=2)
    no_borders(t)
    for r, line in enumerate(recipients):
        t.cell(r, 0).text = line
    t.cell(0, 1).text, t.cell(1, 1).text, t.cell(5, 1).text = "TRƯỞNG PHÒNG", "(đã ký)", "Hoàng Minh Đức"
    text = read_bytes(to_bytes(doc)).text
    assert text == "\n".join(recipients) + "\n\nTRƯỞNG PHÒNG\n(đã ký)\nHoàng Minh Đức"


def test_data_table_rows_with_merged_cells() -> None:
    """A task table: one "| … |" line per row; a vertically merged lead unit repeats on every
    row it covers, a horizontally spanned group row is written once."""
    doc = Document()
    doc.add_paragraph("III. NỘI DUNG VÀ PHÂN CÔNG THỰC HIỆN")
    t = doc.add_table(rows=5, cols=4)
    t.style = "Table Grid"
    rows = [["STT", "Nội dung", "Đơn vị chủ trì", "Thời gian"],
            ["A", "CÔNG TÁC TUYÊN TRUYỀN", "", ""],
            ["1", "Treo băng rôn, khẩu hiệu tại trụ sở", "Phòng Văn hóa và Thông tin", "Quý II/2025"],
            ["2", "Đưa tin trên Cổng thông tin điện tử | chuyên mục riêng", "", "Thường xuyên"],
            ["3", "Tổ chức mít tinh", "Huyện đoàn", "26/3/2025"]]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            t.cell(r, c).text = value
    t.cell(1, 1).merge(t.cell(1, 3)).text = "CÔNG TÁC TUYÊN TRUYỀN"
    t.cell(2, 2).merge(t.cell(3, 2)).text = "Phòng Văn hóa và Thông tin"
    text = read_bytes(to_bytes(doc)).text
    assert text.split("\n\n")[1].split("\n") == [
        "| STT | Nội dung | Đơn vị chủ trì | Thời gian |",
        "| A | CÔNG TÁC TUYÊN TRUYỀN |  |  |",
        "| 1 | Treo băng rôn, khẩu hiệu tại trụ sở | Phòng Văn hóa và Thông tin | Quý II/2025 |",
        "| 2 | Đưa tin trên Cổng thông tin điện tử / chuyên mục riêng | Phòng Văn hóa và Thông tin | Thường xuyên |",
        "| 3 | Tổ chức mít tinh | Huyện đoàn | 26/3/2025 |",
    ]


def test_task_table_reaches_the_tasks_extractor() -> None:
    out = run_file(FILES / "task_table.docx")
    tasks = {t["title"]: t for t in out["tasks"]}
    assert tasks["Tọa đàm kỷ niệm ngày Nhà giáo Việt Nam"]["lead_units"] == ["Ban Giám hiệu"]
    assert out["signer"]["name"] == "Trần Thị Thu Hà"
    assert out["document"]["reference"] == "57/KH-THPTCVA"


def test_one_column_table_is_a_frame_around_paragraphs() -> None:
    doc = Document()
    t = doc.add_table(rows=1, cols=1)
    fill(t.cell(0, 0), ["KẾ HOẠCH", "Kiểm tra công tác phòng cháy, chữa cháy năm 2025"])
    assert read_bytes(to_bytes(doc)).text == "KẾ HOẠCH\n\nKiểm tra công tác phòng cháy, chữa cháy năm 2025"


# ---------------------------------------------------------------- inline content


def test_manual_line_breaks_tabs_and_caps() -> None:
    body = (p('<w:r><w:t>TM. ỦY BAN NHÂN DÂN</w:t><w:br/><w:t>CHỦ TỊCH</w:t></w:r>')
            + p('<w:r><w:t>Số:</w:t><w:tab/><w:t>15/KH-UBND</w:t></w:r>')
            + p('<w:r><w:rPr><w:caps/></w:rPr><w:t>ủy ban nhân dân xã tân phú</w:t></w:r>'))
    assert read_bytes(package(body)).text == "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nSố:\t15/KH-UBND\n\nỦY BAN NHÂN DÂN XÃ TÂN PHÚ"


def test_hidden_deleted_and_field_code_text_is_skipped() -> None:
    body = p("Thời gian: ",
             '<w:r><w:rPr><w:vanish/></w:rPr><w:t>ghi chú ẩn </w:t></w:r>',
             '<w:del><w:r><w:delText>tháng 5</w:delText></w:r></w:del>',
             '<w:ins><w:r><w:t>tháng 6/2025</w:t></w:r></w:ins>',
             '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t> (trang 2)</w:t></w:r>'
             '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    assert read_bytes(package(body)).text == "Thời gian: tháng 6/2025 (trang 2)"


def test_text_box_follows_its_anchor_and_fallback_is_not_doubled() -> None:
    box = ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>'
           + p("DỰ THẢO") + '</w:txbxContent></wps:txbx></w:drawing></mc:Choice>'
           '<mc:Fallback><w:pict><w:txbxContent>' + p("DỰ THẢO") + '</w:txbxContent></w:pict></mc:Fallback>'
           '</mc:AlternateContent></w:r>')
    body = p("UBND HUYỆN CỦ CHI", box) + p("KẾ HOẠCH")
    assert read_bytes(package(body)).text == "UBND HUYỆN CỦ CHI\n\nDỰ THẢO\n\nKẾ HOẠCH"


NUMBERING = (
    '<w:abstractNum w:abstractNumId="0">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>'
    '</w:abstractNum>'
    '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    '<w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="1"><w:startOverride w:val="5"/></w:lvlOverride></w:num>'
)


def numbered(text: str, num_id: int, ilvl: int = 0) -> str:
    return p(text, ppr=f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')


def test_automatic_numbering_is_written_out() -> None:
    body = (numbered("MỤC ĐÍCH, YÊU CẦU", 1) + numbered("Mục đích", 1, 1) + numbered("Nâng cao nhận thức", 1, 2)
            + numbered("Tuyên truyền rộng rãi", 1, 2) + numbered("Yêu cầu", 1, 1) + numbered("Thiết thực, hiệu quả", 2)
            + numbered("NỘI DUNG", 1) + numbered("Hội thi", 1, 1) + numbered("Tiếp nối ở mục 5", 3, 1)
            + p("Không số", ppr='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>'))
    text = read_bytes(package(body, numbering=NUMBERING)).text
    assert text.split("\n\n") == ["I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "a) Nâng cao nhận thức", "b) Tuyên truyền rộng rãi",
                                  "2. Yêu cầu", "- Thiết thực, hiệu quả", "II. NỘI DUNG", "1. Hội thi",
                                  "5. Tiếp nối ở mục 5", "Không số"]


def test_numbering_from_a_heading_style() -> None:
    styles = ('<w:style w:type="paragraph" w:styleId="Heading1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
              '<w:style w:type="paragraph" w:styleId="Muc1"><w:basedOn w:val="Heading1"/></w:style>')
    body = p("MỤC ĐÍCH", ppr='<w:pStyle w:val="Heading1"/>') + p("NỘI DUNG", ppr='<w:pStyle w:val="Muc1"/>')
    assert read_bytes(package(body, styles=styles, numbering=NUMBERING)).text == "I. MỤC ĐÍCH\n\nII. NỘI DUNG"


# ---------------------------------------------------------------- legacy fonts


def test_tcvn3_runs_are_converted_and_vntimeh_is_capitals() -> None:
    """Runs set in .VnTime hold TCVN3 bytes shown as Latin-1; a Unicode run stays as it is."""
    vn = '<w:r><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>'
    vnh = '<w:r><w:rPr><w:rFonts w:ascii=".VnTimeH" w:hAnsi=".VnTimeH"/></w:rPr><w:t>{}</w:t></w:r>'
    body = (p(vnh.format("ñy ban nh©n d©n huyÖn")) + p(vn.format("Sè: 12/KH-UBND"))
            + p(vn.format("KÕ ho¹ch tæ chøc c¸c ho¹t ®éng chµo mõng ngµy Quèc kh¸nh"))
            + p("Đã gõ bằng Unicode: Thực hiện"))
    raw = read_bytes(package(body))
    assert raw.text.split("\n\n") == ["ỦY BAN NHÂN DÂN HUYỆN", "Số: 12/KH-UBND",
                                      "Kế hoạch tổ chức các hoạt động chào mừng ngày Quốc khánh", "Đã gõ bằng Unicode: Thực hiện"]
    assert raw.encoding_fixed == "TCVN3"
    assert [w["code"] for w in raw.warnings] == ["encoding_fixed"]


def test_legacy_font_from_the_paragraph_style() -> None:
    styles = ('<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman"/></w:rPr></w:rPrDefault></w:docDefaults>'
              '<w:style w:type="paragraph" w:default="1" w:styleId="Binhthuong"><w:rPr><w:rFonts w:ascii=".VnTime"/></w:rPr></w:style>')
    body = p("C¨n cø LuËt Thi ®ua, Khen th­ëng ngµy 15 th¸ng 6 n¨m 2022")
    raw = read_bytes(package(body, styles=styles))
    assert raw.text == "Căn cứ Luật Thi đua, Khen thưởng ngày 15 tháng 6 năm 2022"
    assert raw.encoding_fixed == "TCVN3"


def test_unicode_document_is_not_touched_by_legacy_repair() -> None:
    raw = read_bytes(package(p("Ủy ban nhân dân phường Đống Đa") + p("Hội nghị sơ kết công tác thi đua")))
    assert raw.encoding_fixed is None and raw.warnings == []


# ---------------------------------------------------------------- pages


def test_rendered_page_breaks_give_pages_and_page_attribution() -> None:
    body = (p("KẾ HOẠCH") + p("Tổ chức Hội khỏe Phù Đổng cấp huyện năm 2025")
            + p("I. MỤC ĐÍCH", ppr="") + p('<w:r><w:lastRenderedPageBreak/><w:t>II. NỘI DUNG</w:t></w:r>')
            + p("Thời gian tổ chức trong tháng 4/2025."))
    raw = read_bytes(package(body, app="<Pages>2</Pages><Words>30</Words>"))
    assert raw.pages == 2
    assert raw.text[raw.page_starts[0]:].startswith("II. NỘI DUNG")


def test_page_count_from_app_xml_only_when_statistics_are_real() -> None:
    body = p("KẾ HOẠCH") + p("Kiểm tra nội bộ năm học 2024 - 2025")
    assert read_bytes(package(body, app="<Pages>1</Pages><Words>9</Words>")).pages == 1
    assert read_bytes(package(body, app="<Pages>1</Pages><Words>0</Words>")).pages is None
    assert read_bytes(package(body, app="<Pages>7</Pages><Words>900</Words>")).pages is None  # no break marks: unknown


# ---------------------------------------------------------------- package variants


def test_main_part_found_through_relationships_and_strict_namespace() -> None:
    body = p("KẾ HOẠCH") + p("Chuyển đổi số năm 2025")
    assert read_bytes(package(body, main="word/document2.xml")).text == "KẾ HOẠCH\n\nChuyển đổi số năm 2025"
    strict = package(body, ns="http://purl.oclc.org/ooxml/wordprocessingml/main")
    assert read_bytes(strict).text == "KẾ HOẠCH\n\nChuyển đổi số năm 2025"


# ---------------------------------------------------------------- refusals


def zip_of(files: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("files, words", [
    ({"bao_cao.txt": "Báo cáo", "anh.png": b"\x89PNG"}, "a ZIP archive, not a DOCX"),
    ({"xl/workbook.xml": "<workbook/>", "_rels/.rels": ""}, "Excel workbook"),
    ({"ppt/presentation.xml": "<p/>"}, "PowerPoint"),
])
def test_zip_that_is_not_a_docx(files: dict, words: str) -> None:
    with pytest.raises(UnsupportedFormat) as err:
        read_bytes(zip_of(files), "tai_lieu.docx")
    assert words in str(err.value)


def test_pptx_with_an_office_document_relationship_is_refused() -> None:
    rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="ppt/presentation.xml"/></Relationships>')
    data = zip_of({"_rels/.rels": rels, "ppt/presentation.xml": '<p:presentation xmlns:p="urn:p"/>'})
    with pytest.raises(UnsupportedFormat, match="PowerPoint"):
        read_bytes(data)


def test_truncated_docx() -> None:
    data = (FIXTURES / f"{STEMS[0]}.docx").read_bytes()
    with pytest.raises(UnreadableFile, match="corrupt or truncated"):
        read_bytes(data[: len(data) // 2])


def test_corrupt_member_and_bad_xml() -> None:
    good = (FIXTURES / f"{STEMS[0]}.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(good)) as zf:
        info = zf.getinfo("word/document.xml")
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    broken = bytearray(good)
    broken[start + 10: start + 40] = b"\x00" * 30
    with pytest.raises(UnreadableFile):
        read_bytes(bytes(broken))
    with pytest.raises(UnreadableFile, match="not well-formed"):
        read_bytes(package("<w:p><w:r><w:t>Kế hoạch</w:r></w:p>"))


def test_entity_declaration_is_refused_without_expansion() -> None:
    """A billion-laughs document.xml: refused before parsing, never expanded."""
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY l0 "ha">{lol}]>'
           f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>')
    data = zip_of({"word/document.xml": xml})
    with pytest.raises(UnreadableFile, match="DTD or entities"):
        read_bytes(data)


def test_oversize_part_is_refused_from_the_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    """The uncompressed size in the ZIP directory is checked before anything is unpacked."""
    import parser.read.docx as docx_reader

    monkeypatch.setattr(docx_reader, "MAX_PART_BYTES", 10_000)
    data = package(p("Kế hoạch " * 2000))  # ~20 kB of XML that packs to a few hundred bytes
    with pytest.raises(LimitExceeded, match="word/document.xml unpacks to"):
        read_bytes(data)


def test_empty_docx() -> None:
    with pytest.raises(EmptyDocument):
        read_bytes(to_bytes(Document()))
    doc = Document()
    doc.add_paragraph("   ")
    doc.add_table(rows=2, cols=2)
    with pytest.raises(EmptyDocument):
        read_bytes(to_bytes(doc))
