"""Legacy Vietnamese encodings: TCVN3 (ABC, ".VnTime") and VNI ("VNI-Times") to Unicode.

Real documents: the TCVN3/VNI renderings of corpus plan 003 (corpus/fixtures)
must give the same header and closing as the Unicode truth; handwritten
strings as such fonts really produce them convert letter for letter; and text
that is not legacy Vietnamese (Unicode Vietnamese, English, French, German,
Spanish, Portuguese) is never touched.
"""
from __future__ import annotations

import difflib
import json
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest

from parser.errors import UndecodableText
from parser.evaluate import score_docs
from parser.pipeline import run_file
from parser.read import read_bytes
from parser.read.legacy import detect_legacy, fix_legacy
from parser.rules import load_table

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "corpus" / "fixtures"
STEM = "003_f6966018c26bf747"
FIELDS = ("document", "issuer", "issuers", "signer", "signers", "recipients", "archive_copy")


@lru_cache(maxsize=None)
def truth_run() -> dict:
    return run_file(FIXTURES / f"{STEM}.truth.txt")


def _fields(out: dict) -> str:
    return json.dumps({k: out.get(k) for k in FIELDS}, ensure_ascii=False, sort_keys=True)


# ---------------------------------------------------------------- the fixtures


@pytest.mark.parametrize("suffix, encoding", [("tcvn3", "TCVN3"), ("vni", "VNI")])
def test_fixture_converts_to_the_truth(suffix: str, encoding: str) -> None:
    mojibake = (FIXTURES / f"{STEM}.{suffix}.txt").read_text(encoding="utf-8")
    truth = (FIXTURES / f"{STEM}.truth.txt").read_text(encoding="utf-8")
    fixed, found = fix_legacy(mojibake)
    assert found == encoding
    assert difflib.SequenceMatcher(None, fixed, truth, autojunk=False).ratio() >= 0.99
    # The header and closing lines are exact, capitals of the .VnTimeH lines included.
    head = fixed.splitlines()[:7]
    assert head == truth.splitlines()[:7]


@pytest.mark.parametrize("suffix, encoding", [("tcvn3", "TCVN3"), ("vni", "VNI")])
def test_fixture_through_the_pipeline(suffix: str, encoding: str) -> None:
    out = run_file(FIXTURES / f"{STEM}.{suffix}.txt")
    assert out["source"]["encoding_fixed"] == encoding
    assert any(w["code"] == "encoding_fixed" for w in out["warnings"])
    assert _fields(out) == _fields(truth_run())
    assert out["document"]["reference"] == "2150/KH-UBND"


@pytest.mark.parametrize("suffix", ["tcvn3", "vni"])
def test_fixture_scores_against_the_gold(suffix: str) -> None:
    """Shared-scorer semantics on the fixture gold: as good as the Unicode text (1.0 when written), spans valid."""
    gold = json.loads((FIXTURES / "gold" / f"{STEM}.json").read_text(encoding="utf-8"))
    out = run_file(FIXTURES / f"{STEM}.{suffix}.txt")
    report = score_docs([(STEM, gold, out)]).as_dict()
    assert report["overall"] >= 0.98
    for name in ("document.number", "document.symbol", "document.place", "document.issued.value", "document.title",
                 "issuer.name", "signer.authority", "signer.title", "signer.name", "recipients", "archive_copy.holders"):
        assert report["fields"][name] >= 0.98, name
    text = out["text"]
    for item in out["recipients"]:
        assert text[item["span"][0]: item["span"][1]] == item["name"]
    start, end = out["document"]["issued"]["span"]
    assert text[start:end] == out["document"]["issued"]["text"]


@pytest.mark.parametrize("suffix, encoding", [("tcvn3", "TCVN3"), ("vni", "VNI")])
def test_eight_bit_file(tmp_path: Path, suffix: str, encoding: str) -> None:
    """The file as the old editor saved it: one byte per character, not UTF-8."""
    mojibake = (FIXTURES / f"{STEM}.{suffix}.txt").read_text(encoding="utf-8")
    path = tmp_path / f"plan.{suffix}.txt"
    path.write_bytes(mojibake.encode("cp1252"))
    raw = read_bytes(path.read_bytes(), str(path))
    assert raw.encoding_fixed == encoding
    assert raw.text.startswith("ỦY BAN NHÂN DÂN\nQUẬN 3\nSố: 2150/KH-UBND\n")
    assert [w["code"] for w in raw.warnings] == ["encoding_fixed"]
    assert _fields(run_file(path)) == _fields(truth_run())


@pytest.mark.parametrize(
    "text",
    [
        "Le comité a décidé où et quand la réunion aura lieu. Les élèves étudient à l'école, « Noël » approche.\n",
        "The committee met on Monday and agreed on the plan for the year; the café was closed.\n",
        "Die Größe der Übung: Mädchen müssen für die Prüfung lernen. § 3 Abs. 2 gilt entsprechend.\n",
    ],
)
def test_latin1_file_in_another_language_is_still_refused(text: str) -> None:
    data = (text * 20).encode("latin-1")
    if text.isascii():
        data += "\u00e9t\u00e9".encode("latin-1")  # one non-UTF-8 byte makes it undecodable
    with pytest.raises(UndecodableText):
        read_bytes(data, "other.txt")


# ----------------------------------------------------- handwritten legacy text

TCVN3_LINES = [
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
    ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    ("Uû ban nh©n d©n tØnh Qu¶ng Ng·i", "Uỷ ban nhân dân tỉnh Quảng Ngãi"),
    ("Së Gi¸o dôc vµ §µo t¹o", "Sở Giáo dục và Đào tạo"),
    ("Sè: 45/KH-S§T", "Số: 45/KH-SĐT"),
    ("Qu¶ng Ng·i, ngµy 12 th¸ng 3 n¨m 2024", "Quảng Ngãi, ngày 12 tháng 3 năm 2024"),
    ("KÕ HO¹CH", "KẾ HOẠCH"),
    ("Tæ chøc Héi thi gi¸o viªn d¹y giái cÊp tØnh", "Tổ chức Hội thi giáo viên dạy giỏi cấp tỉnh"),
    ("I. MôC §ÝCH, Y£U CÇU", "I. MỤC ĐÍCH, YÊU CẦU"),
    ("N¬i nhËn:", "Nơi nhận:"),
    ("- ñy ban MTTQ tØnh (®Ó b/c);", "- Ủy ban MTTQ tỉnh (để b/c);"),
    ("- L­u: VT, T§KT.", "- Lưu: VT, TĐKT."),
    ("Thñ tr­ëng c¸c c¬ quan, ®¬n vÞ chÞu tr¸ch nhiÖm thi hµnh kÕ ho¹ch nµy./.", "Thủ trưởng các cơ quan, đơn vị chịu trách nhiệm thi hành kế hoạch này./."),
    ("TM. ñY BAN NH¢N D¢N", "TM. ỦY BAN NHÂN DÂN"),
    ("KT. CHñ TÞCH", "KT. CHỦ TỊCH"),
    ("PHã CHñ TÞCH", "PHÓ CHỦ TỊCH"),
    ("§¶NG Bé TØNH Hµ GIANG", "ĐẢNG BỘ TỈNH HÀ GIANG"),
    ("gi÷ g×n, kü thuËt, s½n sµng, h¼n, vÏ, trÎ, nhÑ, gióp ®ì, nhá, râ, mçi, ®­îc, còng, nghÜ, chØ, kû niÖm, khuyÕn khÝch, nghiªng, ¨n ë",
     "giữ gìn, kỹ thuật, sẵn sàng, hẳn, vẽ, trẻ, nhẹ, giúp đỡ, nhỏ, rõ, mỗi, được, cũng, nghĩ, chỉ, kỷ niệm, khuyến khích, nghiêng, ăn ở"),
]

VNI_LINES = [
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
    ("UÛy ban nhaân daân tænh Quaûng Ngaõi", "Ủy ban nhân dân tỉnh Quảng Ngãi"),
    ("Sôû Giaùo duïc vaø Ñaøo taïo", "Sở Giáo dục và Đào tạo"),
    ("Soá: 45/KH-SÑT", "Số: 45/KH-SĐT"),
    ("Quaûng Ngaõi, ngaøy 12 thaùng 3 naêm 2024", "Quảng Ngãi, ngày 12 tháng 3 năm 2024"),
    ("KEÁ HOAÏCH", "KẾ HOẠCH"),
    ("Toå chöùc Hoäi thi giaùo vieân daïy gioûi caáp tænh", "Tổ chức Hội thi giáo viên dạy giỏi cấp tỉnh"),
    ("I. MUÏC ÑÍCH, YEÂU CAÀU", "I. MỤC ĐÍCH, YÊU CẦU"),
    ("Nôi nhaän:", "Nơi nhận:"),
    ("- UÛy ban MTTQ tænh (ñeå b/c);", "- Ủy ban MTTQ tỉnh (để b/c);"),
    ("- Löu: VT, TÑKT.", "- Lưu: VT, TĐKT."),
    ("Thuû tröôûng caùc cô quan, ñôn vò chòu traùch nhieäm thi haønh keá hoaïch naøy./.", "Thủ trưởng các cơ quan, đơn vị chịu trách nhiệm thi hành kế hoạch này./."),
    ("TM. UÛY BAN NHAÂN DAÂN", "TM. ỦY BAN NHÂN DÂN"),
    ("KT. CHUÛ TÒCH", "KT. CHỦ TỊCH"),
    ("PHOÙ CHUÛ TÒCH", "PHÓ CHỦ TỊCH"),
    ("ÑAÛNG BOÄ TÆNH HAØ GIANG", "ĐẢNG BỘ TỈNH HÀ GIANG"),
    ("giöõ gìn, kyõ thuaät, saün saøng, haún, veõ, treû, nheï, giuùp ñôõ, nhoû, roõ, moãi, ñöôïc, cuõng, nghó, chæ, kyû nieäm, khuyeán khích, nghieâng, aên ôû",
     "giữ gìn, kỹ thuật, sẵn sàng, hẳn, vẽ, trẻ, nhẹ, giúp đỡ, nhỏ, rõ, mỗi, được, cũng, nghĩ, chỉ, kỷ niệm, khuyến khích, nghiêng, ăn ở"),
]


@pytest.mark.parametrize(
    "header, encoding",
    [("ñY BAN NH¢N D¢N\nQUËN 3\nSè: 2150/KH-UBND", "TCVN3"), ("UÛY BAN NHAÂN DAÂN\nQUAÄN 3\nSoá: 2150/KH-UBND", "VNI")],
)
def test_a_header_alone_is_enough(header: str, encoding: str) -> None:
    assert fix_legacy(header) == ("ỦY BAN NHÂN DÂN\nQUẬN 3\nSố: 2150/KH-UBND", encoding)


@pytest.mark.parametrize("lines, encoding", [(TCVN3_LINES, "TCVN3"), (VNI_LINES, "VNI")])
def test_handwritten_lines(lines: list[tuple[str, str]], encoding: str) -> None:
    fixed, found = fix_legacy("\n".join(legacy for legacy, _ in lines))
    assert found == encoding
    assert fixed.split("\n") == [unicode for _, unicode in lines]


# ------------------------------------------- every letter, both cases, round trip

LOWER = [r["letter"] for r in load_table("legacy_tcvn3") if r["letter"].islower()]


@lru_cache(maxsize=1)
def _tcvn3_bytes() -> dict[str, str]:
    """Unicode letter -> TCVN3 character (capitals without a byte of their own: the H font's lower-case byte)."""
    out: dict[str, str] = {}
    for r in load_table("legacy_tcvn3"):
        ch = bytes([int(r["byte"], 16)]).decode("cp1252")
        out.setdefault(r["letter"], ch)
        out.setdefault(r["upper"], ch)
    return out


def _encode_tcvn3(text: str) -> str:
    return "".join(_tcvn3_bytes().get(ch, ch) for ch in text)


def _encode_vni(text: str) -> str:
    table = {r["letter"]: r["legacy"] for r in load_table("legacy_vni") if r["kind"] == "standard"}
    return "".join(table.get(ch, ch) for ch in text)


def test_tables_cover_the_134_letters() -> None:
    tcvn3 = {ch for r in load_table("legacy_tcvn3") for ch in (r["letter"], r["upper"])}
    vni = {r["letter"] for r in load_table("legacy_vni") if r["kind"] == "standard"}
    assert len(LOWER) == 67 and len(tcvn3) == 134
    assert vni == tcvn3
    for ch in tcvn3:
        assert unicodedata.is_normalized("NFC", ch) and ord(ch) > 0x7F


@pytest.mark.parametrize("encode, encoding", [(_encode_tcvn3, "TCVN3"), (_encode_vni, "VNI")])
def test_round_trip_every_letter(encode, encoding: str) -> None:  # type: ignore[no-untyped-def]
    """Each letter in a syllable "t<letter>n", in a lower-case line and an all-capitals line."""
    lower = " ".join(f"t{ch}n" for ch in LOWER)
    upper = lower.upper()
    title = ". ".join(f"{ch.upper()}n" for ch in LOWER)  # capital letter starting a sentence
    text = f"{lower}\n{upper}\n{title}."
    fixed, found = fix_legacy(encode(text))
    assert found == encoding
    assert fixed == text


def test_tcvn3_capitals_follow_the_line() -> None:
    """"Sè" is "Số" in a lower-case line and "SỐ" among capitals; the same for a lone toned word."""
    text = "Sè: 12/KH-UBND\nSè §IÖN THO¹I\nTR¦êNG THPT ë HUYÖN\nHé gia ®×nh ë x·\n" + "\n".join(legacy for legacy, _ in TCVN3_LINES)
    lines = fix_legacy(text)[0].split("\n")
    assert lines[:4] == ["Số: 12/KH-UBND", "SỐ ĐIỆN THOẠI", "TRƯỜNG THPT Ở HUYỆN", "Hộ gia đình ở xã"]


def test_unicode_line_inside_a_legacy_document_is_kept() -> None:
    legacy = "\n".join(x for x, _ in TCVN3_LINES)
    text = legacy + "\nGhi chú: bản sao gửi Phòng Nội vụ, hoàn thành trước ngày 30."
    fixed, found = fix_legacy(text)
    assert found == "TCVN3"
    assert fixed.endswith("\nGhi chú: bản sao gửi Phòng Nội vụ, hoàn thành trước ngày 30.")


def test_pdf_minus_sign_for_the_soft_hyphen() -> None:
    """PDF text layers of .VnTime files put U+2212 where byte 0xAD ("ư") was."""
    text = "\n".join(x for x, _ in TCVN3_LINES) + "\nnhµ n\u2212íc, Thñ t\u2212íng, 5 \u2212 3"
    assert fix_legacy(text)[0].endswith("\nnhà nước, Thủ tướng, 5 \u2212 3")


# --------------------------------------------------------- left alone

NOT_LEGACY = [
    # Unicode Vietnamese, both tone placements, words whose letters are VNI/TCVN3 bytes elsewhere.
    "Ủy ban nhân dân xã Hoà Bình tổ chức Hội nghị tổng kết phong trào thi đua năm 2023. Khoá học quý I "
    "khai giảng mùa xuân; hoãn buổi họp tuần sau. Khen thưởng đột xuất cho tập thể, cá nhân có thành tích xuất sắc.",
    "KẾ HOẠCH\nTổ chức các hoạt động kỷ niệm 70 năm Chiến thắng Điện Biên Phủ\nNƠI NHẬN:\n- Lưu: VT, VHTT.",
    # Vietnamese typed without diacritics.
    "Ke hoach to chuc Hoi thi giao vien day gioi cap huyen nam hoc 2023-2024. Noi nhan: Luu VT.",
    # Other languages.
    "The district council approved the annual emulation plan and asked every office to report by 30 June.",
    "Le comité a décidé où et quand la réunion aura lieu ; les élèves français, naïfs, étudient à l'école. "
    "« Où est le maïs ? » demanda l'aïeul. Ça coûte cher, août est chaud, Noël approche, cœur et sœur.",
    "Die Größe der Übung ist wichtig: Mädchen und Jungen müssen für die Prüfung lernen. Straße, Fußball, "
    "§ 3 Abs. 2 und § 4 gelten entsprechend; Änderungen vorbehalten. Österreich, Bürger, schön, grün.",
    "Aún no sé dónde está el baúl del niño; el año pasado España ganó. Señor, ¿qué hora es? ¡Olé!",
    "Não sei onde estão as ações; São Paulo põe limões na mão. Informações e condições especiais.",
    "© 2024 Công ty ® ½ ¼ ¾ µm 25 °C ± 2 · § 1 «trích dẫn»",
    "Cells of 5 µm, 10 µm and 20 µm were counted on a grid of 3 µm; µm µm µm.",
]


@pytest.mark.parametrize("text", NOT_LEGACY)
def test_other_text_is_left_alone(text: str) -> None:
    assert fix_legacy(text) == (text, None)


@pytest.mark.parametrize("path", sorted((ROOT / "corpus").glob("*.txt")) + sorted(FIXTURES.glob("*.truth.txt")), ids=lambda p: p.name)
def test_unicode_corpus_unchanged(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert detect_legacy(text) is None
    assert fix_legacy(text) == (text, None)
