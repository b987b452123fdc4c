"""`python -m parser.bench`: a 2-document corpus, one run, the JSON report's shape."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from parser import bench
from parser.extract import CONTENT_EXTRACTORS

ROOT = Path(__file__).resolve().parents[1]

SHORT_PLAN = """ỦY BAN NHÂN DÂN
XÃ ĐÔNG HƯNG
Số: 45/KH-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Đông Hưng, ngày 12 tháng 3 năm 2024

KẾ HOẠCH
Tổ chức phong trào thi đua năm 2024

I. MỤC ĐÍCH, YÊU CẦU
Phấn đấu 100% thôn đạt danh hiệu văn hóa.

II. TỔ CHỨC THỰC HIỆN
1. Công chức Văn hóa - Xã hội chủ trì, báo cáo kết quả trước ngày 15/11/2024.
2. Đề nghị Ủy ban MTTQ Việt Nam xã phối hợp thực hiện.

Nơi nhận:
- UBND huyện;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Nguyễn Văn An
"""


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path, str]:
    corpus = tmp_path_factory.mktemp("corpus")
    shutil.copy(ROOT / "corpus" / "003_f6966018c26bf747.txt", corpus / "a.txt")
    (corpus / "b.txt").write_text(SHORT_PLAN, encoding="utf-8")
    (corpus / "gold").mkdir()
    shutil.copy(ROOT / "corpus" / "gold" / "003_f6966018c26bf747.json", corpus / "gold" / "a.json")
    out = corpus / "bench-out"
    code = bench.main([str(corpus), "--out", str(out), "--repeat", "1"])
    assert code == 0
    data = json.loads((out / "bench.json").read_text(encoding="utf-8"))
    return data, corpus, bench.format_report(data)


def test_json_keys(result: tuple[dict, Path, str]) -> None:
    data, _, _ = result
    assert {"corpus", "repeat", "machine", "documents", "total_chars", "stages", "nlp", "score"} <= set(data)
    assert data["repeat"] == 1
    assert {"cpu_count", "python"} <= set(data["machine"]) and data["machine"]["cpu_count"] >= 1
    assert [d["name"] for d in data["documents"]] == ["a.txt", "b.txt"]  # gold/ and bench-out/ skipped
    assert all(d["chars"] > 0 for d in data["documents"])


def test_stages_cover_the_pipeline(result: tuple[dict, Path, str]) -> None:
    data, _, _ = result
    stages = data["stages"]
    for stage in ("read", "build_doc", "header.document", "nlp.full", "nlp.sentences"):
        assert stage in stages, stage
        assert stages[stage]["median_s_per_doc"] >= 0
        assert stages[stage]["median_ms_per_10k_chars"] >= 0
    timed = {s for s in stages if s.startswith("extract.")}
    errors = {k for d in data["documents"] for k in d["errors"]}
    # every content extractor is either timed or reported as failing (extractors under construction)
    assert {f"extract.{ex.name}" for ex in CONTENT_EXTRACTORS} <= timed | errors
    assert data["nlp"]["load_s"] > 0 and data["nlp"]["full"]["median_s_per_doc"] > 0
    assert 0 <= data["nlp"]["sentence_share"] <= 1


def test_score_table_and_text_report(result: tuple[dict, Path, str]) -> None:
    data, _, text = result
    assert data["score"] is not None and "overall" in data["score"]
    assert "document.number" in data["score"]["fields"]
    assert "ms/10k chars" in text and "NLP layer" in text and "overall" in text
    assert "a.txt" in text and "b.txt" in text


def test_no_gold_no_score(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(SHORT_PLAN, encoding="utf-8")
    data = bench.bench_corpus(tmp_path, repeat=1, with_nlp=False)
    assert data["score"] is None and data["nlp"]["load_s"] is None
    assert "nlp.full" not in data["stages"]


def test_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        bench.main([str(tmp_path / "missing")])
    with pytest.raises(SystemExit):
        bench.main([str(tmp_path), "--repeat", "0"])
