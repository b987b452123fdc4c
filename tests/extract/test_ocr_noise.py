"""OCR noise in the header and closing: lost or wrong diacritics, "l." for "I.", letters for digits.

Two kinds of checks:
- every corpus plan, degraded by a seeded (deterministic) noise function —
  all diacritics stripped from the header and closing lines, the tone of ~10 %
  of the other syllables changed, some "I." headings read as "l." — must give
  the header and closing fields of the clean run, up to the noise itself;
- handwritten noisy headers and closings from other kinds of issuers.
"""
from __future__ import annotations

import random
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest
import regex

from parser.evaluate import same_text
from parser.pipeline import build_doc, run_file, run_text
from parser.read import RawDocument
from parser.text.fold import fold
from parser.zones.layout import heading

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
WORD_RE = regex.compile(r"\p{L}+")
FIELDS = ("document", "issuer", "signer", "recipients", "archive_copy")


@lru_cache(maxsize=None)
def clean_run(stem: str) -> dict:
    return run_file(CORPUS / f"{stem}.txt")


def extract_text(text: str) -> dict:
    return run_text(text)


def strip_diacritics(s: str) -> str:
    """Every mark gone, đ -> d, case kept; same length."""
    return "".join("d" if c == "đ" else "D" if c == "Đ" else unicodedata.normalize("NFD", c)[0] for c in s)


def swap_tone(word: str, rng: random.Random) -> str:
    """Another tone (or none) on the syllable's toned vowel, or a tone on its last vowel; same length."""
    parts = []
    for ch in word:
        d = unicodedata.normalize("NFD", ch)
        tone = next((m for m in d[1:] if m in TONES), "")
        parts.append([d[0], "".join(m for m in d[1:] if m not in TONES), tone])
    toned = [i for i, p in enumerate(parts) if p[2]] or [i for i, p in enumerate(parts) if p[0].lower() in "aeiouy"][-1:]
    if not toned:
        return word
    part = parts[toned[0]]
    part[2] = rng.choice([t for t in TONES if t != part[2]])
    out = "".join(unicodedata.normalize("NFC", "".join(p)) for p in parts)
    return out if len(out) == len(word) else word


def degrade(text: str, seed: str) -> str:
    """The noise of an OCR'd scan, same length as `text` (lines are never joined)."""
    rng = random.Random(seed)
    doc = build_doc(RawDocument(text=text, format="txt", sha256=""))
    top = doc.type_line if doc.type_line is not None else -1
    out = list(doc.text)
    prev = ""
    for ln in doc.lines:
        seg = doc.text[ln.start: ln.end]
        if ln.index <= top or ln.start >= doc.zones.closing[0]:
            new = strip_diacritics(seg)
        else:
            new = WORD_RE.sub(lambda m: swap_tone(m.group(0), rng) if rng.random() < 0.1 else m.group(0), seg)
            # "l." for "I."; only after a finished sentence, so that no line gets joined to the previous one.
            if regex.match(r"I\.\s", seg) and prev.rstrip().endswith((".", ":", ";")) and rng.random() < 0.7:
                new = "l" + new[1:]
        assert len(new) == len(seg)
        out[ln.start: ln.end] = new
        prev = seg
    return "".join(out)


def assert_same(clean: object, noisy: object, path: str = "") -> None:
    """Equal up to the noise: exact numbers, dates, nulls and spans; texts equal once folded (or `same_text`)."""
    if isinstance(clean, dict) and isinstance(noisy, dict):
        assert clean.keys() == noisy.keys(), path
        for key in clean:
            assert_same(clean[key], noisy[key], f"{path}.{key}")
    elif isinstance(clean, list) and isinstance(noisy, list):
        assert len(clean) == len(noisy), f"{path}: {clean} != {noisy}"
        for i, (a, b) in enumerate(zip(clean, noisy)):
            assert_same(a, b, f"{path}[{i}]")
    elif isinstance(clean, str) and isinstance(noisy, str) and not path.endswith((".value", ".precision", ".number")):
        assert fold(clean) == fold(noisy) or same_text(clean, noisy), f"{path}: {clean!r} != {noisy!r}"
    else:
        assert clean == noisy, f"{path}: {clean!r} != {noisy!r}"


PLANS = sorted(CORPUS.glob("*.txt"))


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.stem)
def test_degraded_plan_keeps_header_and_closing(path) -> None:  # type: ignore[no-untyped-def]
    clean = clean_run(path.stem)
    noisy_text = degrade(path.read_text(encoding="utf-8"), path.stem)
    assert noisy_text != clean["text"] and len(noisy_text) == len(clean["text"])
    noisy = run_text(noisy_text)
    for key in FIELDS:
        assert_same(clean.get(key), noisy.get(key), key)
    for item in noisy["recipients"]:
        start, end = item["span"]
        assert noisy_text[start:end] == item["name"]


def test_noise_is_deterministic_and_real() -> None:
    text = PLANS[0].read_text(encoding="utf-8")
    a, b = degrade(text, "x"), degrade(text, "x")
    assert a == b
    clean = build_doc(RawDocument(text=text, format="txt", sha256="")).text
    changed = sum(x != y for x, y in zip(WORD_RE.findall(a), WORD_RE.findall(clean)))
    assert changed > 0.05 * len(WORD_RE.findall(clean))


# ------------------------------------------------------------- handwritten

BODY = """
I. MỤC ĐÍCH, YÊU CẦU
1. Động viên cán bộ, giáo viên thi đua hoàn thành nhiệm vụ.
II. TỔ CHỨC THỰC HIỆN
1. Bộ phận văn phòng theo dõi, tổng hợp.
"""

SCHOOL_STRIPPED = """PHONG GD&DT HUYEN VAN YEN
TRUONG THCS DAI SON
So: 45/KH-THCS
CONG HOA XA HOI CHU NGHIA VIET NAM
Doc lap - Tu do - Hanh phuc
Dai Son, ngay 5 thang 9 nam 2023

KE HOACH
To chuc phong trao thi dua nam hoc 2023-2024
""" + BODY + """
Noi nhan:
- Phong GD&DT (de b/c);
- Cac to chuyen mon (de thuc hien);
- Luu: VT.

HIEU TRUONG
(Da ky)
Nguyen Thi Lan
"""

COMMUNE_TONES = """ỦY BAN NHÂN DẦN
XÃ TÂN LẶP
Sô: 12/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tư do - Hạnh phúc
Tân Lập, ngảy 30 thảng 6 nãm 2021

KÊ HOẠCH
Phát động thi đua chào mừng kỷ niệm 75 năm Ngày Thương binh - Liệt sỹ
""" + BODY + """
NƠI NHÂN:
- Thường trực Đảng ủy (đê b/c);
- Như trến;
- Lưu: VT, VP.

TM. ỦY BAN NHẨN DÂN
CHỦ TICH
Hoàng Văn Nam
"""

PARTY_STRIPPED = """DANG BO TINH BAC GIANG
HUYEN UY LUC NAM
*
So 25-KH/HU
DANG CONG SAN VIET NAM
Luc Nam, ngay 12 thang 5 nam 2023

KE HOACH
thuc hien Chi thi so 21-CT/TU cua Ban Thuong vu Tinh uy
""" + BODY + """
Noi nhan:
- Ban Thuong vu Tinh uy (b/c),
- Luu Van phong Huyen uy.

T/M HUYEN UY
BI THU
TRAN VAN HUNG
"""

DIGITS_AND_TYPE = """ỦY BAN NHÂN DÂN
PHƯỜNG HÒA CƯỜNG BẮC
Sớ: l2/KH-UBND
Hải Châu, ngày 3O tháng 6 năm 2O21

KE HOACN
Tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm 2021
Thực hiện Kế hoạch số 45/KH-UBND ngày 12/6/2021 của UBND quận Hải Châu, Ủy ban nhân dân phường xây dựng kế hoạch như sau:
l. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao ý thức cảnh giác của nhân dân.
1l. TỔ CHỨC THỰC HIỆN
1. Công an phường chủ trì.
Tren day la Ke hoach cua UBND phuong Hoa Cuong Bac./.
Noi nhan: - Nhu tren;
- Luu: VT (03b).
TM. UY BAN NHAN DAN
KT. CHU TICH
PHO CHU TICH
Le Thi Hoa
"""


def test_school_header_and_closing_without_diacritics() -> None:
    r = extract_text(SCHOOL_STRIPPED)
    d = r["document"]
    assert (d["type"], d["number"], d["symbol"]) == ("KH", "45", "KH-THCS")
    assert d["place"] == "Dai Son" and d["issued"]["value"] == "2023-09-05"
    assert d["title"] == "To chuc phong trao thi dua nam hoc 2023-2024"
    assert fold(r["issuer"]["name"]) == "truong thcs dai son"  # a named school keeps its own name
    assert fold(r["issuer"]["parent"]) == "phong gd&dt huyen van yen"
    assert [(x["name"], x["purpose"]) for x in r["recipients"]] == [
        ("Phong GD&DT", "để báo cáo"), ("Cac to chuyen mon", "để thực hiện"),
    ]
    assert r["archive_copy"]["holders"] == ["VT"]
    assert (r["signer"]["title"], r["signer"]["name"]) == ("HIEU TRUONG", "Nguyen Thi Lan")


def test_commune_header_and_closing_with_wrong_tones() -> None:
    r = extract_text(COMMUNE_TONES)
    d = r["document"]
    assert (d["type"], d["number"], d["symbol"]) == ("KH", "12", "KH-UBND")
    assert d["place"] == "Tân Lập" and d["issued"]["value"] == "2021-06-30"
    assert fold(r["issuer"]["name"]) == "uy ban nhan dan xa tan lap"
    assert [(x["name"], x["purpose"]) for x in r["recipients"]] == [("Thường trực Đảng ủy", "để báo cáo"), ("Như trến", None)]
    assert r["archive_copy"]["holders"] == ["VT", "VP"]
    s = r["signer"]
    assert (s["authority"], s["title"], s["name"]) == ("TM. ỦY BAN NHẨN DÂN", "CHỦ TICH", "Hoàng Văn Nam")


def test_party_header_without_diacritics() -> None:
    r = extract_text(PARTY_STRIPPED)
    d = r["document"]
    assert (d["number"], d["symbol"], d["place"]) == ("25", "KH/HU", "Luc Nam")
    assert fold(r["issuer"]["name"]) == "huyen uy luc nam" and fold(r["issuer"]["parent"]) == "dang bo tinh bac giang"
    assert (r["signer"]["authority"], r["signer"]["title"], r["signer"]["name"]) == ("T/M HUYEN UY", "BI THU", "TRAN VAN HUNG")
    assert r["recipients"][0]["purpose"] == "để báo cáo"
    assert r["archive_copy"]["holders"] == ["Van phong Huyen uy"]


def test_ocr_digits_fuzzy_type_roman_one_and_inline_recipients() -> None:
    r = extract_text(DIGITS_AND_TYPE)
    d = r["document"]
    assert (d["type"], d["number"], d["symbol"]) == ("KH", "12", "KH-UBND")
    assert d["issued"]["value"] == "2021-06-30" and d["place"] == "Hải Châu"
    assert d["title"] == "Tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm 2021"
    assert fold(r["issuer"]["name"]) == "uy ban nhan dan phuong hoa cuong bac"
    assert [x["name"] for x in r["recipients"]] == ["Nhu tren"]
    assert r["archive_copy"]["holders"] == ["VT"] and r["archive_copy"]["copies"] == 3
    s = r["signer"]
    assert (s["on_behalf_of"], s["authority"], s["title"], s["name"]) == ("TM. UY BAN NHAN DAN", "KT. CHU TICH", "PHO CHU TICH", "Le Thi Hoa")


def test_issuer_from_noisy_preamble_and_closing() -> None:
    pre = ("So: /KH-UBND\nTam Nong, ngay thang 3 nam 2024\n\nKE HOACH\nPhat dong thi dua nam 2024\n"
           "Căn cứ Luật Thi đua, khen thưởng năm 2022; Ủy bạn nhân dân huyện Tam Nông xây dựng kê hoạch như sau:\n" + BODY)
    assert fold(extract_text(pre)["issuer"]["name"]) == "uy ban nhan dan huyen tam nong"
    closing = ("So: /KH-UBND\nTam Duong, ngay thang nam 2022\n\nKE HOACH\nPhat dong thi dua\n" + BODY
               + "\nTren day la Ke hoach phat dong thi dua cua UBND huyen, de nghi cac co quan thuc hien./.\n"
               "\nNoi nhan:\n- Nhu tren;\n- Luu: VT.\n\nTM. UY BAN NHAN DAN\nCHU TICH\n\nSung Lu Pao\n")
    r = extract_text(closing)
    assert r["issuer"]["name"] == "UBND huyen Tam Duong"
    assert any(w["code"] == "issuer_inferred" for w in r["warnings"])


@pytest.mark.parametrize(
    "line, number, symbol",
    [
        ("So: 12/KH-UBND", "12", "KH-UBND"),
        ("Sô: 7/KH-BCĐ", "7", "KH-BCĐ"),
        ("Sổ: 102/KH-SNV", "102", "KH-SNV"),
        ("SỐ: 3/KH-ĐTN", "3", "KH-ĐTN"),
        ("S6: 15/KH-UBND", "15", "KH-UBND"),
        ("Số: l5/KH-UBND", "15", "KH-UBND"),
        ("Số: 2O1/KH-UBND", "201", "KH-UBND"),
    ],
)
def test_noisy_number_line(line: str, number: str, symbol: str) -> None:
    r = extract_text(f"{line}\nHà Nội, ngày 1 tháng 2 năm 2024\n\nKẾ HOẠCH\nThi đua năm 2024\n{BODY}")
    assert (r["document"]["number"], r["document"]["symbol"]) == (number, symbol)


@pytest.mark.parametrize(
    "date_line, value",
    [
        ("Hà Nội, ngày 30 thảng 6 nãm 2021", "2021-06-30"),
        ("Ha Noi, ngay 30 thang 6 nam 2021", "2021-06-30"),
        ("Hà Nội, ngảy 3O tháng 6 năm 2O21", "2021-06-30"),
        ("Hà Nội, ngày 1 thang 1O năm 2024", "2024-10-01"),
        ("Hà Nội, ngày  thảng 4 năm 2023", "2023-04"),
    ],
)
def test_noisy_date_line(date_line: str, value: str) -> None:
    r = extract_text(f"Số: 12/KH-UBND\n{date_line}\n\nKẾ HOẠCH\nThi đua năm 2024\n{BODY}")
    assert r["document"]["issued"]["value"] == value
    assert fold(r["document"]["place"]) == "ha noi"


@pytest.mark.parametrize(
    "type_line, code",
    [("KE HOACH", "KH"), ("KÊ HOẠCH", "KH"), ("KỂ HOẠCH", "KH"), ("KEHOACH", "KH"), ("KE HOACN", "KH"),
     ("CHUONG TRINH", "CTr"), ("QUYET DINH", "QĐ")],
)
def test_noisy_type_line(type_line: str, code: str) -> None:
    """The symbol names no type ("UBND-VP"): the type comes from the type line alone."""
    r = extract_text(f"Số: 12/UBND-VP\nHà Nội, ngày 1 tháng 2 năm 2024\n\n{type_line}\nThi đua năm 2024\n{BODY}")
    assert r["document"]["type"] == code
    assert r["document"]["title"] == "Thi đua năm 2024"


def test_fuzzy_type_does_not_take_a_header_line() -> None:
    """"HỘI ĐỒNG" is one letter from "HỢP ĐỒNG", "THÔNG BÁO" from "THÔNG CÁO": only plan types are fuzzy."""
    text = "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG\nHOI DONG NHAN DAN\nSố: 12/TB-HĐTĐKT\nHà Nội, ngày 1 tháng 2 năm 2024\n\nTHONG 8AO\nKết quả thi đua\n"
    r = extract_text(text)
    assert r["document"]["type"] == "TB"  # from the symbol, not a fuzzy type line
    assert r["document"]["title"] is None


@pytest.mark.parametrize(
    "line, number, kind",
    [("l. MỤC ĐÍCH, YÊU CẦU", "I", "roman"), ("|. NỘI DUNG", "I", "roman"), ("Ì. MỤC TIÊU", "I", "roman"),
     ("1l. TỔ CHỨC THỰC HIỆN", "II", "roman"), ("ll. TỔ CHỨC THỰC HIỆN", "II", "roman"), ("Vl. KINH PHÍ", "VI", "roman"),
     ("1. Mục đích", "1", "arabic"), ("11. Phòng Văn hóa", "11", "arabic"), ("l) Phòng Y tế", "l", "lower")],
)
def test_ocr_roman_headings(line: str, number: str, kind: str) -> None:
    h = heading(line)
    assert h is not None and (h.number, h.kind) == (number, kind)


@pytest.mark.parametrize("line", ["l) nội dung khác", "lúc 8 giờ", "1l giờ sáng"])
def test_not_headings(line: str) -> None:
    assert heading(line) is None


@pytest.mark.parametrize(
    "label, expected",
    [("Noi nhan:", ["Như trên", "Sở Nội vụ"]), ("NƠI NHÂN:", ["Như trên", "Sở Nội vụ"]), ("Nơi nhặn:", ["Như trên", "Sở Nội vụ"]),
     ("N0i nhan:", ["Như trên", "Sở Nội vụ"])],
)
def test_noisy_noi_nhan_label(label: str, expected: list[str]) -> None:
    text = f"Số: 1/KH-UBND\nHà Nội, ngày 1 tháng 2 năm 2024\n\nKẾ HOẠCH\nThi đua\n{BODY}\n{label}\n- Như trên;\n- Sở Nội vụ (dể b/c);\n- Luu: VT, NV.\n\nCHU TICH\nNguyễn Văn A\n"
    r = extract_text(text)
    assert [x["name"] for x in r["recipients"]] == expected
    assert r["recipients"][1]["purpose"] == "để báo cáo"
    assert r["archive_copy"]["holders"] == ["VT", "NV"]


def test_roman_one_as_l_right_after_the_title() -> None:
    text = "Số: 1/KH-UBND\nHà Nội, ngày 1 tháng 2 năm 2024\n\nKẾ HOẠCH\nThi đua năm 2024\n\nl. MỤC ĐÍCH\n1. Động viên.\n"
    assert extract_text(text)["document"]["title"] == "Thi đua năm 2024"
