"""The syllable checks: permissive shape (readers) and spelled rhyme + tone (hyphen repair)."""
from __future__ import annotations

import pytest

from parser.text.syllables import SYLLABLE_RE, is_strict_syllable, is_syllable


@pytest.mark.parametrize(
    "word",
    [
        "nghiệm", "dưỡng", "toán", "người", "truyền", "chuyên", "huyện", "quốc", "quạt", "quyết",
        "giữa", "gì", "gìn", "giết", "khuya", "khuỷu", "thuở", "ngoằn", "xoong", "Nghệ", "ĐOÀN",
        "ệm", "án", "ời", "a", "y", "yêu", "uỷ", "hoà", "hòa", "oanh", "ạch",
        # Typed without diacritics: a stop coda without a tone is let through ("cac", "thuc").
        "cac", "thuc", "van",
    ],
)
def test_strict_syllables(word: str) -> None:
    assert is_strict_syllable(word)


@pytest.mark.parametrize(
    "word",
    [
        "ỡng",  # no rhyme "ơng"
        "hoàc",  # a stop coda (c) with the grave tone
        "nghiêmà",  # two tones
        "xia-a", "kh", "nh", "c", "ch", "learning", "elearning", "tếxã", "ôxy", "axít", "COVID", "412", "",
        "thanhtoán", "bvđk", "ng",
        "nghiem",  # "iem" is no spelled rhyme (iêm is): unaccented text is not re-joined, by design
    ],
)
def test_not_strict_syllables(word: str) -> None:
    assert not is_strict_syllable(word)


@pytest.mark.parametrize("word, ok", [("ong", True), ("nghiem", True), ("xia", True), ("elearning", False), ("tex", False)])
def test_permissive_shape_matches_the_readers_pattern(word: str, ok: bool) -> None:
    assert is_syllable(word) is ok
    assert bool(SYLLABLE_RE.match(word)) is ok
