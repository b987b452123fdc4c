"""The NLP layer: underthesea words in a spaCy Doc, POS tags, unit and comparator rules.

spaCy and underthesea load once for the module (about a second).
"""
from __future__ import annotations

import subprocess
import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parser.text.nlp import COMPARATOR_KEY, UNIT_KEY, find_comparators_nlp, find_units_nlp
from parser.text.patterns import GENERATED, PATTERNS_DIR, dump_patterns, generated_patterns, segmentations
from parser.text.tokenize import char_offsets, doc_for, make_nlp, sentence_spans, span_docs


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return make_nlp()


# --- import cost -------------------------------------------------------------------

def test_import_does_not_load_spacy_or_underthesea() -> None:
    code = (
        "import sys, parser.text.tokenize, parser.text.nlp, parser.text.patterns, parser.commands.units; "
        "print(sorted(m for m in ('spacy', 'underthesea', 'thinc') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- tokens ------------------------------------------------------------------------

ROUND_TRIP = [
    "Phòng Nội vụ chủ trì, phối hợp với Văn phòng HĐND và UBND quận tổ chức thực hiện.",
    "ỦY BAN NHÂN DÂN\nHUYỆN TAM ĐƯỜNG\n\nSố: 125/KH-UBND",
    "  Uỷ ban nhân dân  tỉnh Quảng Ninh\t ban hành.\n\n\n- Tỷ lệ đạt từ 98% trở lên;  ",
    "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31/12/2023 của Chính phủ (sau đây gọi tắt là Nghị định 98).",
    "Ðảng ủy xã Ðông Hưng …“Thi đua yêu nước” 😀 e-mail: vanphong@hanoi.gov.vn",
    "uy ban nhan dan huyen Dong Anh to chuc hoi nghi tong ket",
    unicodedata.normalize("NFD", "Ủy ban nhân dân quận Hoàn Kiếm"),  # undecomposed input falls back to syllables
    "x\u200bY\u00a0z",
    "",
    "\n",
]


@pytest.mark.parametrize("text", ROUND_TRIP)
def test_doc_text_is_the_input(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    assert doc.text == text
    assert "".join(t.text_with_ws for t in doc) == text
    for tok in doc:
        assert text[tok.idx: tok.idx + len(tok)] == tok.text


SYLLABLES = ["Ủy", "ban", "nhân", "dân", "quận", "Phòng", "Nội", "vụ", "và", "UBND", "HĐND", "Thi", "đua",
             "2024", "15/11", "-", ",", ";", ".", "(", ")", "“", "”", "%", "Uỷ", "hoà", "đ", "Ð", "x"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(SYLLABLES), st.sampled_from([" ", "", "  ", "\n", " \n ", "\t"])),
                max_size=25))
def test_any_mix_round_trips(parts: list[tuple[str, str]]) -> None:
    text = "".join(a + b for a, b in parts)
    assert make_nlp()(text).text == text


def test_multi_syllable_words_are_single_tokens(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Giao Ủy ban nhân dân các phường tổ chức thực hiện kế hoạch.")
    words = [t.text for t in doc if not t.is_space]
    assert "tổ chức" in words and "thực hiện" in words and "kế hoạch" in words
    ubnd = [s for s in doc.spans[UNIT_KEY] if s.text == "Ủy ban nhân dân"]
    assert len(ubnd) == 1  # one token or several, one unit head span
    assert "Giao" in words  # the verb is not glued to the body it governs


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Giao Phòng Nội vụ chủ trì", ["Giao", "Phòng", "Nội vụ", "chủ trì"]),
        ("Sở Lao động - Thương binh và Xã hội", ["Sở", "Lao động", "-", "Thương binh", "và", "Xã hội"]),
        ("Phòng Giáo dục và Đào tạo huyện", ["Phòng", "Giáo dục", "và", "Đào tạo", "huyện"]),
        ("xã Tân Phú vận động hội viên", ["xã", "Tân", "Phú", "vận động", "hội viên"]),
    ],
)
def test_case_changes_undo_crf_merges(nlp, text: str, words: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert [t.text for t in nlp(text)] == words


def test_pos_tags(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Phòng Nội vụ chủ trì, tối đa 02 tập thể và 1.500 cá nhân đạt 98%.")
    by_text = {t.text: t for t in doc}
    assert all(t.tag_ and t.pos_ for t in doc)
    assert by_text["Phòng"].pos_ == "NOUN"
    assert by_text["02"].pos_ == "NUM" and by_text["02"].tag_ == "M"
    assert by_text["1.500"].pos_ == "NUM"
    assert by_text[","].pos_ == "PUNCT"
    assert by_text["%"].pos_ == "SYM"
    assert by_text["và"].pos_ == "CCONJ"
    assert by_text["chủ trì"].pos_ == "VERB"


def test_norm_is_folded(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Uỷ ban nhân dân xã Đông Hưng")
    assert [t.norm_ for t in doc][-1] == "dong hung"


def test_whitespace_tokens(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("UBND quận\n\nPhòng Nội vụ")
    spaces = [t for t in doc if t.is_space]
    assert [t.text for t in spaces] == ["\n\n"] and spaces[0].pos_ == "SPACE"


# --- offsets -------------------------------------------------------------------------

def test_doc_for_offsets_with_base() -> None:
    text = "Giao Phòng Văn hóa và Thông tin quận tuyên truyền."
    doc = doc_for(text, 1000)
    assert doc.user_data["base"] == 1000
    tok = next(t for t in doc if t.text == "Thông tin")
    assert char_offsets(tok) == (1000 + text.index("Thông tin"), 1000 + text.index("Thông tin") + 9)
    assert find_units_nlp(text, 1000) == [(1005, 1036, "Phòng Văn hóa và Thông tin quận")]
    assert doc_for(text, 1000) is doc  # cached


def test_span_docs_map_back_into_the_document() -> None:
    from parser.pipeline import build_doc
    from parser.read import RawDocument

    raw = ("KẾ HOẠCH\nTổ chức hội nghị\n\nI. TỔ CHỨC THỰC HIỆN\n1. Phòng Nội vụ chủ trì tổ chức. "
           "Trung tâm Y tế huyện Lâm Hà phối hợp.\n2. Đề nghị Ủy ban MTTQ Việt Nam huyện tham gia.\n")
    kh = build_doc(RawDocument(text=raw, format="txt", sha256="0"))
    spans = sentence_spans(kh.text)
    docs = span_docs(kh, spans)
    found = []
    for d in docs:
        for s in d.spans[UNIT_KEY]:
            start, end = char_offsets(s)
            assert kh.text[start:end] == s.text
        for tok in d:
            start, end = char_offsets(tok)
            assert kh.text[start:end] == tok.text
        found += [kh.text[a:b] for a, b, _ in find_units_nlp(d.text, d.user_data["base"])]
    assert found == ["Phòng Nội vụ", "Trung tâm Y tế huyện Lâm Hà", "Ủy ban MTTQ Việt Nam huyện"]


def test_sentence_spans() -> None:
    text = "1. Phòng Nội vụ chủ trì. Các phòng phối hợp; - UBND phường báo cáo.\n\nII. KINH PHÍ\n"
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "1. Phòng Nội vụ chủ trì.", "Các phòng phối hợp;", "- UBND phường báo cáo.", "II. KINH PHÍ"]
    assert sentence_spans("Xong. Bắt đầu", 10) == [(10, 15), (16, 23)]
    closing = "TM. ỦY BAN NHÂN DÂN; TT. Huyện ủy. Năm 2024. Tiếp theo"
    assert [closing[s:e] for s, e in sentence_spans(closing)] == [
        "TM. ỦY BAN NHÂN DÂN;", "TT. Huyện ủy.", "Năm 2024.", "Tiếp theo"]


# --- unit names ---------------------------------------------------------------------

@pytest.mark.parametrize(
    ("sentence", "units"),
    [
        ("Phòng Nội vụ chủ trì, phối hợp với Văn phòng HĐND và UBND quận tổ chức thực hiện Kế hoạch.",
         ["Phòng Nội vụ", "Văn phòng HĐND và UBND quận"]),
        ("Đề nghị Ủy ban MTTQ Việt Nam huyện và các tổ chức đoàn thể chính trị - xã hội huyện phối hợp.",
         ["Ủy ban MTTQ Việt Nam huyện"]),
        ("Giao Sở Tài nguyên và Môi trường tỉnh Quảng Nam hướng dẫn các địa phương.",
         ["Sở Tài nguyên và Môi trường tỉnh Quảng Nam"]),
        ("Yêu cầu Phòng Giáo dục và Đào tạo huyện chỉ đạo các trường học.", ["Phòng Giáo dục và Đào tạo huyện"]),
        ("Sở Văn hóa, Thể thao và Du lịch chủ trì tổ chức.", ["Sở Văn hóa, Thể thao và Du lịch"]),
        ("Sở Lao động - Thương binh và Xã hội phối hợp với Bộ Chỉ huy Quân sự tỉnh.",
         ["Sở Lao động - Thương binh và Xã hội", "Bộ Chỉ huy Quân sự tỉnh"]),
        ("Ban Thường vụ Huyện ủy Krông Pắc lãnh đạo, chỉ đạo.", ["Ban Thường vụ Huyện ủy Krông Pắc"]),
        ("Trường THCS Lê Quý Đôn tổ chức hội thi.", ["Trường THCS Lê Quý Đôn"]),
        ("Công an tỉnh Bình Dương phối hợp thực hiện.", ["Công an tỉnh Bình Dương"]),
        ("Trường Tiểu học số 2 thị trấn Phong Điền báo cáo kết quả.",
         ["Trường Tiểu học số 2 thị trấn Phong Điền"]),
        ("Hội Liên hiệp Phụ nữ xã Tân Phú vận động hội viên.", ["Hội Liên hiệp Phụ nữ xã Tân Phú"]),
        ("Thường trực Hội đồng nhân dân tỉnh giám sát; Văn phòng Tỉnh ủy tổng hợp.",
         ["Thường trực Hội đồng nhân dân tỉnh", "Văn phòng Tỉnh ủy"]),
        ("Các phòng, ban, ngành và UBND các phường triển khai.", ["UBND các phường"]),
        ("Giao UBND các xã, thị trấn báo cáo; UBND huyện, Công an huyện theo dõi.",
         ["UBND các xã, thị trấn", "UBND huyện", "Công an huyện"]),
        ("Uỷ ban nhân dân Quận 3 và Đoàn Thanh niên Cộng sản Hồ Chí Minh phường phát động.",
         ["Uỷ ban nhân dân Quận 3", "Đoàn Thanh niên Cộng sản Hồ Chí Minh phường"]),
        ("Hội đồng Thi đua - Khen thưởng quận; Hội đồng TĐ-KT huyện; HĐTĐ-KT tỉnh.",
         ["Hội đồng Thi đua - Khen thưởng quận", "Hội đồng TĐ-KT huyện", "HĐTĐ-KT tỉnh"]),
        ("Phòng GD&ĐT huyện và Sở GD&ĐT tỉnh Nghệ An", ["Phòng GD&ĐT huyện", "Sở GD&ĐT tỉnh Nghệ An"]),
        ("Uy ban nhan dan huyen Dong Anh chi dao.", ["Uy ban nhan dan huyen Dong Anh"]),  # no diacritics
        ("ỦY BAN NHÂN DÂN\nQUẬN LONG BIÊN", ["ỦY BAN NHÂN DÂN"]),  # a unit does not run over a line break
        # negatives: verbs and nouns that fold like heads, heads inside codes, lower-case mentions
        ("Phòng, chống tham nhũng, lãng phí là nhiệm vụ thường xuyên.", []),
        ("Số lượng khen thưởng theo quy định.", []),
        ("MỘT SỐ HOẠT ĐỘNG TRỌNG TÂM", []),
        ("Kế hoạch số 12/KH-UBND ngày 10/3/2024; Thông tri số 12-TT/QU.", []),
        ("Cán bộ, công chức, viên chức và người lao động trong các phòng, ban.", []),
        ("Đăng tải trên Bản tin Ba Đình.", []),
        ("Ban Quản lý dự án đầu tư xây dựng huyện phối hợp.", []),
    ],
)
def test_find_units_nlp(sentence: str, units: list[str]) -> None:
    found = find_units_nlp(sentence)
    assert [u[2] for u in found] == units
    for start, end, name in found:
        assert sentence[start:end] == name


def test_unit_head_ids_name_the_canonical_head() -> None:
    doc = doc_for("Uỷ ban nhân dân và HĐND huyện")
    assert [(s.text, s.id_) for s in doc.spans[UNIT_KEY]] == [
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"), ("HĐND", "Hội đồng nhân dân")]


# --- comparators ----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Phấn đấu 100% hộ gia đình đạt danh hiệu.", [("Phấn đấu 100%", "=")]),
        ("Tỷ lệ học sinh lên lớp đạt từ 98% trở lên.", [("từ 98% trở lên", ">=")]),
        ("Mỗi đơn vị đề nghị tối đa 02 tập thể và ít nhất 01 cá nhân.", [("tối đa 02", "<="), ("ít nhất 01", ">=")]),
        ("Thời gian giải quyết không quá 05 ngày làm việc.", [("không quá 05", "<=")]),
        ("Không vượt quá 3 lượt mỗi năm.", [("Không vượt quá 3", "<=")]),
        ("Tỷ lệ hộ nghèo giảm xuống dưới 1,5%.", [("dưới 1,5%", "<")]),
        ("Trẻ em từ 6 tuổi trở xuống được cấp thẻ.", [("từ 6 tuổi trở xuống", "<=")]),
        ("Có từ 3 năm công tác trở lên.", [("từ 3 năm công tác trở lên", ">=")]),
        ("Giảm ít nhất 10% so với năm 2023.", [("ít nhất 10%", ">=")]),
        # negatives: ranges, dates, document numbers
        ("Tổ chức từ 5 đến 7 hội nghị.", []),
        ("Thực hiện từ ngày 01/4 đến ngày 30/4.", []),
        ("Kế hoạch số 15/KH-UBND ngày 02/01/2024.", []),
    ],
)
def test_comparator_spans(sentence: str, expected: list[tuple[str, str]]) -> None:
    found = find_comparators_nlp(sentence)
    assert [(sentence[a:b], op) for a, b, op in found] == expected
    assert len(doc_for(sentence).spans[COMPARATOR_KEY]) == len(expected)


# --- pattern files -------------------------------------------------------------------------

def test_segmentations() -> None:
    assert segmentations("Ủy ban") == [["Ủy", "ban"], ["Ủy ban"]]
    assert ["Hội đồng", "Thi đua", "-", "Khen thưởng"] in segmentations("Hội đồng Thi đua - Khen thưởng")
    assert segmentations("HĐTĐ-KT") == [["HĐTĐ-KT"]]


@pytest.mark.parametrize("name", GENERATED)
def test_generated_pattern_files_are_up_to_date(name: str) -> None:
    on_disk = (PATTERNS_DIR / f"{name}.jsonl").read_text(encoding="utf-8")
    assert on_disk == dump_patterns(generated_patterns(name)), "run: python -m parser.text.patterns"


def test_cli_units_nlp() -> None:
    from click.testing import CliRunner

    from parser.commands.units import units_cmd

    result = CliRunner().invoke(units_cmd, ["--nlp", "Giao Phòng Nội vụ chủ trì; tối đa 02 tập thể"])
    assert result.exit_code == 0, result.output
    assert "Nội vụ" in result.output and "N   NOUN" in result.output
    assert "Phòng Nội vụ" in result.output.split("units:")[1]
    assert "tối đa 02" in result.output and "<=" in result.output
