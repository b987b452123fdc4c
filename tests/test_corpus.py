"""The dev set: every corpus document through the whole pipeline, scored like the shared scorer."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from parser.evaluate import score_docs
from parser.schema import validate
from parser.write import dumps

from kh_testutil import CORPUS, SHARED, bad_spans, dev_set_runs

THRESHOLDS = json.loads((Path(__file__).parent / "data" / "thresholds.json").read_text(encoding="utf-8"))
# Floors from the issues: header/closing fields >= 0.95 (issue 2), content fields >= 0.90 (issue 3).
HEADER_FLOOR = 0.95
HEADER_FIELDS = [k for k in THRESHOLDS if k.split(".")[0] in ("document", "issuer", "signer", "recipients", "archive_copy")]
CONTENT_FLOOR = 0.90
CONTENT_FIELDS = [k for k in THRESHOLDS if not k.startswith("_") and k not in HEADER_FIELDS and not k.startswith("dev") and k != "overall"]


@pytest.fixture(scope="module")
def report(outputs, golds):
    return score_docs([(name, golds[name], outputs[name]) for name in sorted(golds)])


def test_every_corpus_document_has_gold_and_output(outputs, golds) -> None:
    assert sorted(outputs) == sorted(golds) and len(outputs) >= 5


@pytest.mark.parametrize("field", sorted(k for k in THRESHOLDS if not k.startswith(("_", "dev"))))
def test_dev_score_meets_threshold(report, field: str) -> None:
    scores = {f.name: f.value for f in report.fields}
    scores["overall"] = report.overall
    assert field in scores, f"{field} not scored"
    assert scores[field] >= THRESHOLDS[field] - 1e-9, f"{field}: {scores[field]:.3f} < {THRESHOLDS[field]}"


def test_thresholds_only_go_up() -> None:
    for field in HEADER_FIELDS:
        assert THRESHOLDS[field] >= HEADER_FLOOR, f"{field} threshold lowered below the issue's floor"
    for field in CONTENT_FIELDS:
        assert THRESHOLDS[field] >= CONTENT_FLOOR, f"{field} threshold lowered below the issue's floor"
    assert len(CONTENT_FIELDS) >= 21


def test_outputs_validate_against_schema(outputs) -> None:
    for name, out in outputs.items():
        assert validate(out) == [], name


def test_every_span_is_inside_text(outputs) -> None:
    def spans(obj):
        if isinstance(obj, dict):
            for k, v in obj.items():
                if k == "span" and v is not None:
                    yield v
                elif k == "spans" and isinstance(v, dict):
                    yield from v.values()
                elif k != "text":
                    yield from spans(v)
        elif isinstance(obj, list):
            for v in obj:
                yield from spans(v)

    for name, out in outputs.items():
        n = len(out["text"])
        for s in spans({k: v for k, v in out.items() if k != "text"}):
            assert 0 <= s[0] <= s[1] <= n, (name, s)


def test_recipient_and_title_spans_point_at_their_values(outputs) -> None:
    for out in outputs.values():
        text = out["text"]
        for r in out["recipients"]:
            assert text[r["span"][0]:r["span"][1]] == r["name"]
        if out["document"]["title"] and "title" in out["document"]["spans"]:
            s, e = out["document"]["spans"]["title"]
            assert " ".join(text[s:e].split()) == out["document"]["title"]


def test_output_is_deterministic() -> None:
    from parser.pipeline import run_file

    path = sorted(CORPUS.glob("*.txt"))[1]
    assert dumps(run_file(path)) == dumps(run_file(path))


def test_agrees_with_shared_scorer(tmp_path, outputs) -> None:
    """Our evaluator on real pipeline output equals the shared scorer's numbers."""
    import subprocess
    import sys

    scorer = SHARED / "eval" / "score.py"
    if not scorer.exists():
        pytest.skip("../shared/eval/score.py not present beside the repository")
    for name, out in outputs.items():
        (tmp_path / f"{name}.json").write_text(dumps(out), encoding="utf-8")
    res = subprocess.run([sys.executable, str(scorer), str(CORPUS / "gold"), str(tmp_path), "--json"], capture_output=True, text=True, check=True)
    theirs = json.loads(res.stdout[: res.stdout.rindex("}") + 1])
    from parser.evaluate import score_dirs

    ours = score_dirs(CORPUS / "gold", tmp_path).as_dict()
    assert ours["fields"] == pytest.approx(theirs["fields"])
    assert ours["overall"] == pytest.approx(theirs["overall"])


# Independent dev sets: plans written by agents that never read parser/ (other issuers, layouts,
# deviations); dev2 after one round of fixes, dev3 measured at 0.908 before any fix to it, 0.984 after the first round — floors,
# raised as the pipeline improves. Every field must reach the set's field floor.
DEV_SETS = {"dev2": (8, 0.9), "dev3": (10, 0.75)}


@pytest.mark.parametrize("name", sorted(DEV_SETS))
def test_independent_dev_set_overall(name: str) -> None:
    count, field_floor = DEV_SETS[name]
    pairs = dev_set_runs(name)
    assert len(list((CORPUS / name / "gold").glob("*.json"))) == len(pairs)
    report = score_docs(pairs)
    assert len(pairs) >= count
    for doc, _, out in pairs:
        assert validate(out) == [], doc
        assert bad_spans(out) == [], doc
    assert report.overall >= THRESHOLDS[f"{name}.overall"] - 1e-9
    low = {f.name: f.value for f in report.fields if f.value < field_floor}
    assert not low, low
