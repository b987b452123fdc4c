"""`khparse batch --review`: a page per document and an index sorted by the quality block."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from parser.batch.runner import BatchOptions, run_batch
from parser.quality import quality_of

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def test_batch_review_writes_pages_and_a_sorted_index(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for p in sorted(CORPUS.glob("*.txt")):
        shutil.copy(p, src / p.name)
    (src / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    out = tmp_path / "out"
    result = run_batch(BatchOptions(in_dir=src, out_dir=out, jobs=2, quiet=True, review=True))
    assert result.exit_code == 3  # the broken PDF failed; the others are converted and reviewed
    review = out / "_review"
    pages = sorted(p.name for p in review.glob("*.html") if p.name != "index.html")
    assert pages == sorted(f"{p.name}.html" for p in CORPUS.glob("*.txt"))
    index = (review / "index.html").read_text(encoding="utf-8")
    outputs = {p.name: json.loads((out / f"{p.name}.json").read_text(encoding="utf-8")) for p in CORPUS.glob("*.txt")}
    expected = sorted(outputs, key=lambda n: quality_of(outputs[n])["rank"])
    positions = [index.index(f"{name}.html") for name in expected]
    assert positions == sorted(positions), "index not sorted most doubtful first"
    assert 'charset="utf-8"' in index.lower() or "charset=utf-8" in index.lower()
