"""Citations (`legal_basis`, `references`) on sentences from many kinds of issuers, plus the corpus score."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kh_testutil import extract_text
from parser.evaluate import score_docs
from parser.extract.citations import find_citations, merge_duplicates

DATA = Path(__file__).resolve().parents[1] / "data" / "extract" / "citations.jsonl"
CASES = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
FIELDS = ("legal_basis", "references")


def _value(item: dict, key: str) -> object:
    """A citation field as the data file writes it (dates by their ISO value)."""
    v = item[key]
    if key == "date":
        return v["value"] if v else None
    return v


@pytest.mark.parametrize("case", CASES, ids=[c["source"] for c in CASES])
def test_citations_find_citations_table(case: dict) -> None:
    text = case["text"]
    base = 7  # spans must follow the base offset
    found = [c.to_json() for c in find_citations(text, base, basis=case["basis"])]
    assert len(found) == len(case["expected"]), [c["text"] for c in found]
    for got, want in zip(found, case["expected"]):
        for key, value in want.items():
            assert _value(got, key) == value, (key, got)
        s, e = got["span"]
        assert text[s - base:e - base].split() == got["text"].split()
        if got["date"] and got["date"].get("span"):
            ds, de = got["date"]["span"]
            assert s <= ds < de <= e


def test_citations_chained_date_and_shared_issuer() -> None:
    text = ("duy trì thực hiện tốt Chỉ thị số 17-CT/TU ngày 27/02/2020 và Chỉ thị số 19-CT/TU ngày "
            "11/6/2020 của Ban Thường vụ Tỉnh ủy, tiếp tục triển khai thực hiện tốt phong trào.")
    first, second = find_citations(text)
    assert first.text == "Chỉ thị số 17-CT/TU ngày 27/02/2020"
    assert first.issuer == second.issuer == "Ban Thường vụ Tỉnh ủy"
    assert first.subject is None and second.subject is None


def test_citations_subject_keeps_commas_and_quotes() -> None:
    text = ("Thực hiện Thông tri số 12-TT/QU ngày 08/02/2023 của Ban Thường vụ Quận ủy về tiếp tục lãnh đạo, "
            "chỉ đạo đẩy mạnh phong trào thi đua “Người tốt, việc tốt” trên địa bàn quận, UBND quận xây dựng kế hoạch.")
    (c,) = find_citations(text, basis=True)
    assert c.subject == "tiếp tục lãnh đạo, chỉ đạo đẩy mạnh phong trào thi đua “Người tốt, việc tốt” trên địa bàn quận"


def test_citations_merge_duplicates_completes_first_mention() -> None:
    text = ("Bám sát Chỉ thị số 26-CT/TU ngày 02/6/2023 của Ban Thường vụ Tỉnh ủy (trong đó, khuyến khích). "
            "Thực hiện nghiêm Chỉ thị số 26-CT/TU ngày 02/6/2023 của Ban Thường vụ Tỉnh ủy về chấn chỉnh tác phong.")
    merged = merge_duplicates(find_citations(text))
    assert len(merged) == 1
    assert merged[0].text == "Chỉ thị số 26-CT/TU ngày 02/6/2023 của Ban Thường vụ Tỉnh ủy"
    assert merged[0].subject == "chấn chỉnh tác phong"


PLAN = """UBND XÃ TÂN LẬP
Số: 15/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Tân Lập, ngày 10 tháng 01 năm 2024

KẾ HOẠCH
Phát động phong trào thi đua năm 2024

Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;
Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31/12/2023 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;
Thực hiện Kế hoạch số 05/KH-UBND ngày 05/01/2024 của UBND huyện về công tác thi đua, khen thưởng năm 2024, UBND xã xây dựng Kế hoạch như sau:

I. MỤC ĐÍCH, YÊU CẦU
1. Tiếp tục quán triệt Chỉ thị số 34-CT/TW ngày 07/4/2014 của Bộ Chính trị về tiếp tục đổi mới công tác thi đua, khen thưởng gắn với thực hiện Luật Thi đua, khen thưởng.
2. Khen thưởng kịp thời theo Nghị định số 98/2023/NĐ-CP; thực hiện Kế hoạch này và các Nghị quyết của Đảng ủy xã.
II. TỔ CHỨC THỰC HIỆN
Công chức Văn phòng - Thống kê tham mưu thực hiện Chỉ thị số 34-CT/TW và báo cáo theo mẫu số 01/TĐKT.

Trên đây là Kế hoạch phát động phong trào thi đua năm 2024 của UBND xã./.

Nơi nhận:
- UBND huyện;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn An
"""


def test_citations_extract_splits_basis_and_references() -> None:
    out = extract_text(PLAN)
    basis = [(c["kind"], c["number"]) for c in out["legal_basis"]]
    assert basis == [("Luật", None), ("Nghị định", "98/2023/NĐ-CP"), ("Kế hoạch", "05/KH-UBND")]
    refs = [(c["kind"], c["number"]) for c in out["references"]]
    assert refs == [("Chỉ thị", "34-CT/TW"), ("Nghị định", "98/2023/NĐ-CP")]
    assert out["legal_basis"][2]["issuer"] == "UBND huyện"
    assert out["legal_basis"][2]["subject"] == "công tác thi đua, khen thưởng năm 2024"
    for field in FIELDS:
        for c in out[field]:
            s, e = c["span"]
            assert out["text"][s:e].split() == c["text"].split()
        assert [c["span"] for c in out[field]] == sorted(c["span"] for c in out[field])


def test_citations_corpus_score(outputs: dict[str, dict], golds: dict[str, dict]) -> None:
    pairs = [(name, {k: golds[name][k] for k in FIELDS}, outputs[name]) for name in sorted(golds)]
    scores = score_docs(pairs).as_dict()["fields"]
    floors = {"legal_basis": 0.98, "references": 0.98, "legal_basis.kind": 0.98, "legal_basis.date": 0.98,
              "legal_basis.issuer": 0.98, "references.kind": 0.98, "references.date": 0.98}
    for name, floor in floors.items():
        assert scores[name] >= floor, (name, scores[name])
    for name, out in outputs.items():
        for field in FIELDS:
            for c in out[field]:
                s, e = c["span"]
                assert out["text"][s:e].split() == c["text"].split(), (name, c)
