"""Hypothesis strategies for Vietnamese administrative text: fragments that matter, glued by noise.

Pure random Unicode almost never forms "ngày 05 tháng 3 năm 2024" or
"Nghị định số 30/2020/NĐ-CP", so each parser gets the words and shapes it
looks for, mixed with letters, digits, punctuation and odd white space the
way converted documents mix them; Hypothesis then shrinks failures to a few
fragments.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"

VN_LOWER = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
ALPHABET = VN_LOWER + VN_LOWER.upper() + "0123456789" + " /-.,;:()%–—\"“”'\n\t" + "\u00a0\u200b\u0301\u0323"
NOISE = st.text(alphabet=ALPHABET, max_size=4)

DATE_WORDS = ("ngày", "Ngày", "tháng", "năm", "Năm", "trước ngày", "chậm nhất", "từ", "Từ", "đến", "đến hết", "hết",
              "quý I", "quý IV", "âm lịch", "giai đoạn", "nhiệm kỳ", "năm học", "tuần", "hằng năm", "từ nay",
              "/", "-", ".", " ", " ", "–", "(", ")", ",", "ngay", "thang", "nam")
NUMBER_WORDS = ("đạt", "%", "từ", "đến", "trên", "dưới", "ít nhất", "tối thiểu", "mười", "lăm", "hai mươi",
                "một trăm", "nghìn", "triệu", "tỷ", "phần", "một phần ba", "1.000", "0,5", "99,7", "1/3", "01", "-",
                "–", " ", " ", ",", ".", "người", "xã", "tập thể", "đồng", "hộ", "năm 2024", "Số:")
CITATION_WORDS = ("Căn cứ", "căn cứ", "Luật", "Nghị định", "Quyết định", "Thông tư", "Kế hoạch", "Chỉ thị",
                  "Công văn", "Hướng dẫn", "Nghị quyết", "số", "Số", "/2023/NĐ-CP", "/QĐ-UBND", "/KH-UBND",
                  "/2020/TT-BNV", "-CT/TU", "ngày 12 tháng 5 năm 2023", "ngày 15/6/2022", "của", "UBND tỉnh",
                  "Chính phủ", "Bộ Nội vụ", "Thủ tướng Chính phủ", "về việc", "về", ";", "\n", ".", ",",
                  "Thi đua, khen thưởng", "quy định chi tiết", "sửa đổi, bổ sung", " ", " ", "(", ")", "“", "”")


def _numbers() -> st.SearchStrategy[str]:
    return st.one_of(
        st.integers(0, 40).map(str),
        st.integers(0, 40).map(lambda n: f"{n:02d}"),
        st.integers(1900, 2100).map(str),
        st.integers(0, 10**12).map(str),
        st.integers(0, 10**9).map(lambda n: f"{n:,}".replace(",", ".")),
        st.text(alphabet="0123456789", min_size=1, max_size=30),
    )


def fragments(words: tuple[str, ...], max_parts: int = 16) -> st.SearchStrategy[str]:
    """Text glued from the parser's own words, numbers and noise."""
    part = st.one_of(st.sampled_from(words), _numbers(), NOISE)
    return st.lists(part, max_size=max_parts).map("".join)


DATE_TEXT = fragments(DATE_WORDS)
NUMBER_TEXT = fragments(NUMBER_WORDS)
CITATION_TEXT = fragments(CITATION_WORDS, max_parts=24)


@lru_cache(maxsize=None)
def def_validator(name: str) -> Draft202012Validator:
    """A validator for one `$defs` entry of the output schema (date, citation …)."""
    from parser.schema import load_schema

    schema = load_schema()
    return Draft202012Validator({"$ref": f"#/$defs/{name}", "$defs": schema["$defs"]})


def def_errors(name: str, obj: Any) -> list[str]:
    return [e.message for e in def_validator(name).iter_errors(obj)]


def corpus_texts() -> dict[str, str]:
    """The real documents the whole-text fuzzing edits: the samples and the second dev set."""
    paths = sorted(CORPUS.glob("*.txt")) + sorted((CORPUS / "dev2").glob("*.txt"))
    return {p.name: p.read_text(encoding="utf-8") for p in paths}


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, default=repr)
