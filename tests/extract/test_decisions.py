"""Decisions (Quyết định) that issue a plan printed after them, and decisions that do not (issue 9).

Layout: the decision (header, "QUYẾT ĐỊNH / Về việc ban hành Kế hoạch …", căn cứ, "QUYẾT ĐỊNH:",
"Điều 1. Ban hành kèm theo …", …, Nơi nhận, signature), then the plan (its own header or none,
"KẾ HOẠCH", title, "(Ban hành kèm theo Quyết định số …)", body, sometimes a repeated signature).
Header and closing fields come from the decision, content fields from the plan; the decision's
articles are sections "Điều 1", "Điều 2", … before the plan's usual "I", "II.3"; the bodies its last
article names to execute it are an assignment.
"""
from __future__ import annotations

import pytest

from kh_testutil import bad_spans, extract_text
from parser.schema import validate

PROVINCE = """ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH LẠNG SƠN Độc lập - Tự do - Hạnh phúc
Số: 312/QĐ-UBND Lạng Sơn, ngày 05 tháng 02 năm 2024

QUYẾT ĐỊNH
Ban hành Kế hoạch thực hiện Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số năm 2024

ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Căn cứ Quyết định số 1719/QĐ-TTg ngày 14 tháng 10 năm 2021 của Thủ tướng Chính phủ phê duyệt Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi giai đoạn 2021 - 2030;
Theo đề nghị của Trưởng Ban Dân tộc tỉnh.

QUYẾT ĐỊNH:

Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số năm 2024 trên địa bàn tỉnh Lạng Sơn.
Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.
Điều 3. Chánh Văn phòng UBND tỉnh, Trưởng Ban Dân tộc tỉnh, Giám đốc các sở, Thủ trưởng các ban, ngành; Chủ tịch UBND các huyện, thành phố và các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./.

Nơi nhận:
- Như Điều 3;
- Ủy ban Dân tộc (b/c);
- Thường trực Tỉnh ủy;
- Lưu: VT, KGVX.

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Đoàn Thu Hà

KẾ HOẠCH
Thực hiện Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số năm 2024 trên địa bàn tỉnh Lạng Sơn
(Ban hành kèm theo Quyết định số 312/QĐ-UBND ngày 05/02/2024 của UBND tỉnh Lạng Sơn)

I. MỤC TIÊU
1. Phấn đấu thu nhập bình quân của người dân tộc thiểu số tăng trên 2 lần so với năm 2020.
2. Tỷ lệ hộ nghèo vùng đồng bào dân tộc thiểu số giảm trên 3%.
II. NHIỆM VỤ
1. Giải quyết tình trạng thiếu đất ở, nhà ở, đất sản xuất, nước sinh hoạt
- Cơ quan chủ trì: Ban Dân tộc tỉnh.
- Cơ quan phối hợp: UBND các huyện, thành phố.
- Thời gian thực hiện: năm 2024.
III. TỔ CHỨC THỰC HIỆN
1. Ban Dân tộc tỉnh là cơ quan thường trực, tổng hợp báo cáo UBND tỉnh trước ngày 15/12/2024.
2. Sở Tài chính bố trí kinh phí thực hiện Kế hoạch.

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
(Đã ký)
Đoàn Thu Hà
"""

COMMUNE = """UBND HUYỆN KIM BẢNG
ỦY BAN NHÂN DÂN XÃ NHẬT TÂN
Số: 45/QĐ-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Nhật Tân, ngày 10 tháng 01 năm 2024

QUYẾT ĐỊNH
Về việc ban hành Chương trình công tác năm 2024 của UBND xã Nhật Tân

CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NHẬT TÂN
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Căn cứ Nghị quyết số 12/NQ-HĐND ngày 20 tháng 12 năm 2023 của HĐND xã về nhiệm vụ phát triển kinh tế - xã hội năm 2024;
Xét đề nghị của Văn phòng - Thống kê xã,
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Chương trình công tác năm 2024 của UBND xã Nhật Tân.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Điều 3. Các ông (bà): Công chức Văn phòng - Thống kê, các công chức chuyên môn, Trưởng các thôn và các cơ quan, đơn vị có liên quan căn cứ Quyết định thi hành.
CHỦ TỊCH
(Đã ký)
Trần Văn Lâm

UBND XÃ NHẬT TÂN
CHƯƠNG TRÌNH
Công tác năm 2024 của UBND xã Nhật Tân
(Ban hành kèm theo Quyết định số 45/QĐ-UBND
ngày 10/01/2024 của Chủ tịch UBND xã Nhật Tân)
I. MỤC TIÊU
Phấn đấu tổng giá trị sản xuất tăng 8% so với năm 2023; 100% thôn đạt danh hiệu thôn văn hóa.
II. NỘI DUNG CÔNG TÁC
1. Tháng 01: Tổ chức các hoạt động mừng Đảng, mừng Xuân Giáp Thìn 2024.
2. Quý II: Tổ chức Đại hội Thể dục thể thao xã lần thứ VIII.
III. TỔ CHỨC THỰC HIỆN
1. Văn phòng - Thống kê xã theo dõi, đôn đốc việc thực hiện Chương trình.
"""

NO_DIACRITICS = """UY BAN NHAN DAN
HUYEN TAM DAO
So: 88/QD-UBND
Tam Dao, ngay 12 thang 3 nam 2024

QUYET DINH
Ve viec ban hanh Ke hoach phat dong thi dua nam 2024

CHU TICH UY BAN NHAN DAN HUYEN TAM DAO
Can cu Luat Thi dua, khen thuong ngay 15 thang 6 nam 2022;
QUYET DINH:
Dieu 1. Ban hanh kem theo Quyet dinh nay Ke hoach phat dong thi dua nam 2024.
Dieu 2. Chanh Van phong HDND va UBND huyen, Truong phong Noi vu chiu trach nhiem thi hanh Quyet dinh nay./.
Noi nhan:
- Nhu Dieu 2;
- Luu: VT.
CHU TICH
Nguyen Van Hai

KE HOACH
Phat dong thi dua nam 2024
(Ban hanh kem theo Quyet dinh so 88/QD-UBND ngay 12/3/2024 cua Chu tich UBND huyen Tam Dao)
I. MUC DICH
1. Dong vien can bo, cong chuc thi dua hoan thanh nhiem vu.
II. TO CHUC THUC HIEN
1. Phong Noi vu huong dan, theo doi viec thuc hien.
"""


@pytest.fixture(scope="module")
def province() -> dict:
    return extract_text(PROVINCE)


def test_header_and_closing_come_from_the_decision(province: dict) -> None:
    d = province["document"]
    assert (d["type"], d["number"], d["symbol"], d["place"]) == ("QĐ", "312", "QĐ-UBND", "Lạng Sơn")
    assert d["issued"]["value"] == "2024-02-05"
    assert d["title"].startswith("Ban hành Kế hoạch thực hiện Chương trình mục tiêu quốc gia")
    assert province["issuer"]["name"] == "Ủy ban nhân dân tỉnh Lạng Sơn"
    s = province["signer"]
    assert (s["on_behalf_of"], s["authority"], s["title"], s["name"]) == ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Đoàn Thu Hà")
    assert len(province["signers"]) == 1  # the plan's repeated signature is not a second signer
    assert [r["name"] for r in province["recipients"]] == ["Như Điều 3", "Ủy ban Dân tộc", "Thường trực Tỉnh ủy"]
    assert province["archive_copy"]["holders"] == ["VT", "KGVX"]


def test_attached_plan_is_named_and_gives_the_content(province: dict) -> None:
    plan = province["document"]["attached_plan"]
    assert (plan["type"], plan["type_name"]) == ("KH", "Kế hoạch")
    assert plan["title"] == ("Thực hiện Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào "
                             "dân tộc thiểu số năm 2024 trên địa bàn tỉnh Lạng Sơn")  # without "(Ban hành kèm theo …)"
    assert province["text"][plan["span"][0]: plan["span"][1]] == plan["title"]
    assert [(q["value"], q["unit"], q["section"]) for q in province["quotas"]] == [(2, "lần", "I.1"), (3, "%", "I.2")]
    assert [(t["section"], t["lead_units"]) for t in province["tasks"]] == [("II.1", ["Ban Dân tộc tỉnh"])]
    assert [d["date"]["value"] for d in province["deadlines"]] == ["2024-12-15"]
    assert not {"not_a_plan", "plan_like"} & {w["code"] for w in province["warnings"]}


def test_legal_basis_is_the_decisions_and_the_decision_is_not_cited(province: dict) -> None:
    assert [c["number"] for c in province["legal_basis"]] == [None, "1719/QĐ-TTg"]
    cited = [c["number"] for c in province["legal_basis"] + province["references"]]
    assert "312/QĐ-UBND" not in cited


def test_articles_are_sections_and_not_tasks(province: dict) -> None:
    secs = province["sections"]
    assert [(s["number"], s["path"], s["level"]) for s in secs[:3]] == [("Điều 1", "Điều 1", 1), ("Điều 2", "Điều 2", 1), ("Điều 3", "Điều 3", 1)]
    assert [s["number"] for s in secs[3:]] == ["I", "II", "III"]
    assert [c["path"] for c in secs[5]["children"]] == ["III.1", "III.2"]
    assert all(not t["section"].startswith("Điều") for t in province["tasks"])


def test_the_executing_article_is_an_assignment(province: dict) -> None:
    first = province["assignments"][0]
    assert first["section"] == "Điều 3"
    assert first["unit"].startswith("Chánh Văn phòng UBND tỉnh, Trưởng Ban Dân tộc tỉnh")
    assert first["units"] == ["Văn phòng UBND tỉnh", "Ban Dân tộc tỉnh", "các sở", "các ban", "ngành",
                              "UBND các huyện, thành phố", "các cơ quan", "đơn vị có liên quan"]
    assert first["duties"][0].endswith("chịu trách nhiệm thi hành Quyết định này.")
    assert [a["section"] for a in province["assignments"][1:]] == ["III.1", "III.2"]


def test_outputs_validate_and_spans_are_valid(province: dict) -> None:
    for out in (province, extract_text(COMMUNE), extract_text(NO_DIACRITICS)):
        assert validate(out) == []
        assert bad_spans(out) == []


def test_decision_issuing_a_programme_without_noi_nhan() -> None:
    out = extract_text(COMMUNE)
    d = out["document"]
    assert (d["type"], d["number"]) == ("QĐ", "45")
    assert d["attached_plan"]["type"] == "CTr" and d["attached_plan"]["title"] == "Công tác năm 2024 của UBND xã Nhật Tân"
    assert (out["issuer"]["name"], out["issuer"]["parent"]) == ("Ủy ban nhân dân xã Nhật Tân", "UBND huyện Kim Bảng")
    assert (out["signer"]["title"], out["signer"]["name"]) == ("CHỦ TỊCH", "Trần Văn Lâm")
    assert [c["number"] for c in out["legal_basis"]] == [None, "12/NQ-HĐND"]
    assert out["assignments"][0]["units"][:3] == ["Công chức Văn phòng - Thống kê", "các công chức chuyên môn", "Trưởng các thôn"]
    assert [q["value"] for q in out["quotas"]] == [8, 100]


def test_decision_without_diacritics() -> None:
    out = extract_text(NO_DIACRITICS)
    d = out["document"]
    assert (d["type"], d["symbol"], out["issuer"]["abbreviation"]) == ("QĐ", "QD-UBND", "UBND")
    assert d["attached_plan"]["title"] == "Phat dong thi dua nam 2024"
    assert [s["number"] for s in out["sections"]] == ["Dieu 1", "Dieu 2", "I", "II"]
    assert out["assignments"][0]["units"] == ["Van phong HDND va UBND huyen", "phong Noi vu"]
    assert out["signer"]["name"] == "Nguyen Van Hai"


def test_attached_plan_published_alone_keeps_its_title_clean() -> None:
    text = PROVINCE[PROVINCE.index("KẾ HOẠCH\n"):]
    out = extract_text(text)
    d = out["document"]
    assert (d["type"], d["attached_plan"], d["number"]) == ("KH", None, None)
    assert d["title"].endswith("trên địa bàn tỉnh Lạng Sơn")
    assert "312/QĐ-UBND" not in [c["number"] for c in out["legal_basis"] + out["references"]]


def test_decision_without_an_attached_plan_is_not_a_plan() -> None:
    text = PROVINCE[: PROVINCE.index("KẾ HOẠCH\n")]
    out = extract_text(text)
    assert out["document"]["attached_plan"] is None
    assert "not_a_plan" in {w["code"] for w in out["warnings"]}
    assert out["tasks"] == out["quotas"] == out["rewards"] == [] and out["period"] is None
    assert [a["section"] for a in out["assignments"]] == ["Điều 3"]


def test_article_clauses_are_children() -> None:
    text = PROVINCE.replace(
        "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.",
        "Điều 2. Giao nhiệm vụ:\n1. Ban Dân tộc tỉnh chủ trì theo dõi.\n2. Sở Tài chính bảo đảm kinh phí.",
    )
    secs = extract_text(text)["sections"]
    assert [(c["number"], c["path"], c["level"]) for c in secs[1]["children"]] == [("1", "Điều 2.1", 2), ("2", "Điều 2.2", 2)]


@pytest.mark.parametrize(
    "article, units",
    [
        ("Điều 4. Chánh Văn phòng UBND quận, Trưởng phòng Nội vụ quận, Thủ trưởng các cơ quan, đơn vị và Chủ tịch "
         "UBND 14 phường chịu trách nhiệm thi hành Quyết định này./.",
         ["Văn phòng UBND quận", "phòng Nội vụ quận", "các cơ quan", "đơn vị", "UBND 14 phường"]),
        ("Điều 3. Giám đốc Sở Nội vụ, Giám đốc Sở Tài chính, Thủ trưởng các cơ quan liên quan có trách nhiệm thi hành "
         "Quyết định này.", ["Sở Nội vụ", "Sở Tài chính", "các cơ quan liên quan"]),
        ("Điều 3. Văn phòng Đảng ủy, các chi bộ trực thuộc và các đồng chí có tên tại Điều 1 căn cứ Quyết định thi hành.",
         ["Văn phòng Đảng ủy", "các chi bộ trực thuộc", "các đồng chí có tên tại Điều 1"]),
        ("Điều 3. Hiệu trưởng Trường THCS Nguyễn Du, Tổ trưởng các tổ chuyên môn chịu trách nhiệm tổ chức thực hiện.",
         ["Trường THCS Nguyễn Du", "Tổ trưởng các tổ chuyên môn"]),
    ],
)
def test_executors_of_a_decision(article: str, units: list[str]) -> None:
    text = PROVINCE.replace(PROVINCE[PROVINCE.index("Điều 3."): PROVINCE.index("\n\nNơi nhận")], article)
    first = extract_text(text)["assignments"][0]
    assert first["section"] == article.split(".")[0]
    assert first["units"] == units


@pytest.mark.parametrize(
    "article",
    [
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
        "Điều 3. Kinh phí thực hiện từ nguồn ngân sách huyện năm 2024.",
    ],
)
def test_articles_that_name_no_executor_are_no_assignment(article: str) -> None:
    text = PROVINCE.replace(PROVINCE[PROVINCE.index("Điều 3."): PROVINCE.index("\n\nNơi nhận")], article)
    assert not [a for a in extract_text(text)["assignments"] if a["section"].startswith("Điều")]


def test_layout_parts_are_ordered_and_disjoint() -> None:
    from parser.pipeline import build_doc
    from parser.read import RawDocument
    from parser.zones.parts import find_layout

    doc = build_doc(RawDocument(text=PROVINCE, format="txt", sha256="0" * 64))
    layout = find_layout(doc)
    assert layout.attached is not None
    main, plan = layout.main.zones, layout.attached.zones
    spans = [main.header, main.title, main.preamble, main.body, main.closing,
             plan.header, plan.title, plan.preamble, plan.body, plan.closing]
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert doc.text[main.body[0]:].startswith("Điều 1.")
    assert doc.text[plan.title[0]:].startswith("KẾ HOẠCH")
    assert doc.zones == plan  # the content extractors read the plan
    assert doc.text[plan.closing[0]:].startswith("TM. ỦY BAN NHÂN DÂN")
