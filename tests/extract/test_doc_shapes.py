"""Documents that are not plain plans (issue 9): a decision issuing a plan, a joint Chỉ thị of an
enterprise and its trade union, a Phát động letter, a Party Chương trình, a joint Kế hoạch liên tịch,
a Quyết định khen thưởng and a công văn — as files in tests/data/extract/shapes/ with their expected
values in NAME.expected.json.

Expected files are matched as subsets: a dict lists the keys checked, a list is checked item by item
(same length), {"$contains": [...]} asks for those items in order among others, {"$fold": "…"} compares
without case and diacritics (enterprise names: their casing in the header is the unit lexicon's
business, not this test's), and "$exit" is the CLI's exit code.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from kh_testutil import bad_spans, extract_text
from parser.schema import validate
from parser.text.fold import fold

SHAPES = Path(__file__).resolve().parents[1] / "data" / "extract" / "shapes"
NAMES = sorted(p.stem for p in SHAPES.glob("*.txt"))
PLAN_FIELDS = ("commemorations", "phases", "tasks", "quotas", "rewards")


@lru_cache(maxsize=None)
def output(name: str) -> dict:
    from parser.pipeline import run_file

    return run_file(SHAPES / f"{name}.txt")


def expected(name: str) -> dict:
    return json.loads((SHAPES / f"{name}.expected.json").read_text(encoding="utf-8"))


def match(actual: object, exp: object, path: str = "$") -> None:
    """Assert that `actual` has everything `exp` states (see the module docstring)."""
    if isinstance(exp, dict) and "$fold" in exp:
        assert isinstance(actual, str) and fold(actual) == fold(exp["$fold"]), f"{path}: {actual!r}"
    elif isinstance(exp, dict) and "$contains" in exp:
        assert isinstance(actual, list), path
        pos = 0
        for k, want in enumerate(exp["$contains"]):
            for i in range(pos, len(actual)):
                try:
                    match(actual[i], want, f"{path}[{i}]")
                except AssertionError:
                    continue
                pos = i + 1
                break
            else:
                raise AssertionError(f"{path}: no item like {want!r} (item {k}) in {actual!r}")
    elif isinstance(exp, dict):
        assert isinstance(actual, dict), f"{path}: {actual!r}"
        for key, value in exp.items():
            if key.startswith("$"):
                continue
            assert key in actual, f"{path}.{key} missing"
            match(actual[key], value, f"{path}.{key}")
    elif isinstance(exp, list):
        assert isinstance(actual, list) and len(actual) == len(exp), f"{path}: {actual!r}"
        for i, (a, e) in enumerate(zip(actual, exp)):
            match(a, e, f"{path}[{i}]")
    else:
        assert actual == exp, f"{path}: {actual!r} != {exp!r}"


def test_every_shape_has_expected_values() -> None:
    assert len(NAMES) >= 7
    for name in NAMES:
        assert (SHAPES / f"{name}.expected.json").is_file(), name


@pytest.mark.parametrize("name", NAMES)
def test_shape_matches_expected(name: str) -> None:
    match(output(name), expected(name))


@pytest.mark.parametrize("name", NAMES)
def test_shape_output_is_valid_and_spans_point_at_values(name: str) -> None:
    out = output(name)
    assert validate(out) == []
    assert bad_spans(out) == []
    text = out["text"]
    items = out["recipients"] + out["document"]["addressees"]
    if out["document"]["attached_plan"]:
        items.append(out["document"]["attached_plan"])
    for item in items:
        value = item.get("name") or item.get("title")
        s, e = item["span"]
        assert re.sub(r"\s+", " ", text[s:e]) == value
    for a in out["assignments"]:
        s, e = a["span"]
        assert fold(a["unit"][:15]) in fold(text[s:e])


@pytest.mark.parametrize("name", NAMES)
def test_plan_warnings_and_exit_code(name: str, tmp_path: Path) -> None:
    """Plans, plan-like documents and decisions issuing a plan exit 0; other documents 4 with `not_a_plan`."""
    from parser.commands.extract import extract_cmd

    out, want = output(name), expected(name)["$exit"]
    codes = {w["code"] for w in out["warnings"]}
    assert ("not_a_plan" in codes) == (want == 4)
    assert ("plan_like" in codes) == (want == 0 and out["document"]["type"] not in ("KH", "QĐ"))
    res = CliRunner().invoke(extract_cmd, [str(SHAPES / f"{name}.txt"), "-o", str(tmp_path / "out.json")])
    assert res.exit_code == want, res.output


@pytest.mark.parametrize("name", [n for n in NAMES if expected(n)["$exit"] == 4])
def test_documents_that_are_not_plans_get_no_plan_content(name: str) -> None:
    out = output(name)
    assert out["period"] is None
    for key in PLAN_FIELDS:
        assert out[key] == [], key


def test_output_is_deterministic() -> None:
    from parser.pipeline import run_file

    a = run_file(SHAPES / "qd_ban_hanh_ke_hoach.txt")
    assert json.dumps(a, ensure_ascii=False) == json.dumps(output("qd_ban_hanh_ke_hoach"), ensure_ascii=False)


# --- joint documents laid out side by side ---------------------------------------------------

CT = (SHAPES / "ct_lien_tich_doanh_nghiep.txt").read_text(encoding="utf-8")
SIGNATURE = """TM. BAN CHẤP HÀNH CÔNG ĐOÀN                    GIÁM ĐỐC
CHỦ TỊCH
(Đã ký)                                          (Đã ký)

Trần Thị Mai                                    Phạm Quốc Hùng
"""
WANT = [("TM. BAN CHẤP HÀNH CÔNG ĐOÀN", "CHỦ TỊCH", "Trần Thị Mai"), (None, "GIÁM ĐỐC", "Phạm Quốc Hùng")]


def _signers(text: str) -> list[tuple]:
    return [(s["authority"], s["title"], s["name"]) for s in extract_text(text)["signers"]]


@pytest.mark.parametrize(
    "signature",
    [
        pytest.param(SIGNATURE.replace("                    ", "\t\t").replace("                                    ", "\t\t"), id="tabs"),
        pytest.param("TM. BAN CHẤP HÀNH CÔNG ĐOÀN\tGIÁM ĐỐC\nCHỦ TỊCH\n\nTrần Thị Mai\tPhạm Quốc Hùng\n", id="one-tab"),
        pytest.param("TM. BAN CHẤP HÀNH CÔNG ĐOÀN\nCHỦ TỊCH\n(Đã ký)\nTrần Thị Mai\n\nGIÁM ĐỐC\n(Đã ký)\nPhạm Quốc Hùng\n", id="one-after-the-other"),
        pytest.param("TM. BAN CHẤP HÀNH CÔNG ĐOÀN                    GIÁM ĐỐC\nCHỦ TỊCH\n"
                     "                                              Phạm Quốc Hùng\nTrần Thị Mai\n", id="indented-right-name"),
    ],
)
def test_two_signature_blocks_in_every_layout(signature: str) -> None:
    assert _signers(CT.replace(SIGNATURE, signature)) == WANT


def test_two_authorities_on_one_line_without_a_gap() -> None:
    """Columns joined by a single space: the second "TM." splits the line; the lines below fill the
    blocks in order (the first block's title, then the second's, then the names)."""
    text = CT.replace(SIGNATURE, "TM. BAN CHẤP HÀNH CÔNG ĐOÀN TM. BAN GIÁM ĐỐC\nCHỦ TỊCH\nGIÁM ĐỐC\n\nTrần Thị Mai\nPhạm Quốc Hùng\n")
    assert _signers(text) == [("TM. BAN CHẤP HÀNH CÔNG ĐOÀN", "CHỦ TỊCH", "Trần Thị Mai"),
                              ("TM. BAN GIÁM ĐỐC", "GIÁM ĐỐC", "Phạm Quốc Hùng")]


def test_side_by_side_header_of_a_single_body_is_one_issuer() -> None:
    text = ("ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "HUYỆN MƯỜNG TÈ          Độc lập - Tự do - Hạnh phúc\n"
            "Số: 15/KH-UBND          Mường Tè, ngày 02 tháng 3 năm 2024\n\n"
            "KẾ HOẠCH\nTổ chức phong trào thi đua năm 2024\n\nI. MỤC ĐÍCH\n1. Động viên cán bộ.\n")
    out = extract_text(text)
    assert [i["name"] for i in out["issuers"]] == ["Ủy ban nhân dân huyện Mường Tè"]
    assert (out["document"]["number"], out["document"]["place"]) == ("15", "Mường Tè")


def test_three_columns_two_bodies_and_the_national_motto() -> None:
    text = ("UBND TỈNH CAO BẰNG            BCH ĐOÀN TNCS HỒ CHÍ MINH      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "SỞ GIÁO DỤC VÀ ĐÀO TẠO        TỈNH CAO BẰNG                  Độc lập - Tự do - Hạnh phúc\n"
            "Số: 03/KHPH-SGDĐT-TĐ                                          Cao Bằng, ngày 15 tháng 9 năm 2024\n\n"
            "KẾ HOẠCH PHỐI HỢP\nTổ chức Hội thi tin học trẻ năm 2024\n\nI. MỤC ĐÍCH\n1. Phát hiện học sinh có năng khiếu.\n")
    out = extract_text(text)
    assert [(i["name"], i["parent"], i["abbreviation"]) for i in out["issuers"]] == [
        ("Sở Giáo dục và Đào tạo tỉnh Cao Bằng", "UBND tỉnh Cao Bằng", "SGDĐT"),
        ("BCH Đoàn TNCS Hồ Chí Minh tỉnh Cao Bằng", None, "TĐ"),  # abbreviations stay as written
    ]
    d = out["document"]
    assert (d["type"], d["type_name"], d["place"], d["number"]) == ("KH", "Kế hoạch phối hợp", "Cao Bằng", "03")
    assert d["title"] == "Tổ chức Hội thi tin học trẻ năm 2024"


def test_parent_and_body_stacked_without_joint_evidence_stay_one_issuer() -> None:
    text = ("LIÊN ĐOÀN LAO ĐỘNG TỈNH BÌNH DƯƠNG\nCÔNG ĐOÀN CÁC KHU CÔNG NGHIỆP\nSố: 09/KH-CĐKCN\n"
            "Thủ Dầu Một, ngày 02 tháng 5 năm 2024\n\nKẾ HOẠCH\nTổ chức Tháng Công nhân năm 2024\n\n"
            "I. MỤC ĐÍCH\n1. Chăm lo cho đoàn viên.\n")
    out = extract_text(text)
    assert len(out["issuers"]) == 1
    assert out["issuer"]["parent"] == "Liên đoàn Lao động tỉnh Bình Dương"


# --- letters --------------------------------------------------------------------------------


def test_cong_van_with_inline_addressee_and_party_symbol() -> None:
    text = ("HUYỆN ỦY ĐÔNG TRIỀU\n*\nSố 215-CV/HU\nV/v triển khai Tháng hành động vì an toàn thực phẩm\n"
            "ĐẢNG CỘNG SẢN VIỆT NAM\nĐông Triều, ngày 02 tháng 4 năm 2024\n\n"
            "Kính gửi: Ban Thường vụ các đảng ủy trực thuộc.\n\n"
            "Ban Thường vụ Huyện ủy đề nghị các đảng ủy lãnh đạo, chỉ đạo triển khai Tháng hành động./.\n\n"
            "Nơi nhận:\n- Như trên;\n- Lưu Văn phòng Huyện ủy.\n\nT/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\n\nLê Văn Hào\n")
    out = extract_text(text)
    d = out["document"]
    assert (d["type"], d["type_name"], d["symbol"]) == ("CV", "Công văn", "CV/HU")
    assert d["title"] == "V/v triển khai Tháng hành động vì an toàn thực phẩm"
    assert [a["name"] for a in d["addressees"]] == ["Ban Thường vụ các đảng ủy trực thuộc"]
    assert [r["name"] for r in out["recipients"]] == ["Như trên"]
    assert out["issuer"]["name"] == "Huyện ủy Đông Triều"


def test_a_plan_with_a_title_starting_ve_viec_is_no_letter() -> None:
    text = ("UBND XÃ TÂN LẬP\nSố: 12/KH-UBND\nTân Lập, ngày 5 tháng 3 năm 2024\n\nKẾ HOẠCH\n"
            "Về việc tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2024\n\nI. MỤC ĐÍCH\n1. Phát huy truyền thống.\n")
    out = extract_text(text)
    assert (out["document"]["type"], out["document"]["addressees"]) == ("KH", [])
    assert not {"not_a_plan", "plan_like"} & {w["code"] for w in out["warnings"]}


def test_a_doubled_space_inside_one_block_splits_nothing() -> None:
    text = CT.replace(SIGNATURE, "TM.  ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ  CHỦ TỊCH\n\nNguyễn  Văn An\n")
    assert _signers(text) == [("KT. CHỦ TỊCH", "PHÓ  CHỦ TỊCH".replace("  ", " "), "Nguyễn Văn An")]


def test_parent_and_body_on_one_line_with_a_doubled_space_are_one_issuer() -> None:
    text = ("UBND TỈNH NGHỆ AN  SỞ NỘI VỤ\nSố: 25/KH-SNV\nNghệ An, ngày 3 tháng 4 năm 2024\n\n"
            "KẾ HOẠCH\nTổ chức Hội thi cải cách hành chính năm 2024\n\nI. MỤC ĐÍCH\n1. Nâng cao nhận thức.\n")
    assert len(extract_text(text)["issuers"]) == 1  # a doubled space is no column gap


def test_plain_plans_of_the_dev_sets_stay_plain_plans() -> None:
    """The samples and dev2 plans: one issuer, no attachment, no letter, no type warning."""
    from kh_testutil import CORPUS, corpus_outputs
    from parser.pipeline import run_file

    outs = list(corpus_outputs().values()) + [run_file(p) for p in sorted((CORPUS / "dev2").glob("*.txt"))]
    assert len(outs) >= 13
    for out in outs:
        d = out["document"]
        assert (d["type"], d["attached_plan"], d["addressees"]) == ("KH", None, [])
        assert len(out["issuers"]) == 1 and not out["sections"][0]["number"].startswith("Điều")
        assert not {"not_a_plan", "plan_like"} & {w["code"] for w in out["warnings"]}
