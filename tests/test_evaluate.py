"""The project's evaluator: helpers on Vietnamese strings, and agreement with
the shared scorer (shared/eval/score.py) on gold and perturbed predictions."""
from __future__ import annotations

import copy
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import pytest

from parser.evaluate import (
    COMPARATORS,
    LIST_FIELDS,
    PAIR_FIELDS,
    SCALAR_FIELDS,
    Report,
    citation_number,
    match_items,
    match_quota,
    norm,
    precision_recall,
    same_text,
    score_dirs,
    score_docs,
)

REPO = Path(__file__).resolve().parents[1]
GOLD_DIR = REPO / "corpus" / "gold"
SHARED = REPO.parent / "shared"
SHARED_SCORER = SHARED / "eval" / "score.py"

needs_shared = pytest.mark.skipif(
    not SHARED_SCORER.is_file(),
    reason=f"shared scorer not found at {SHARED_SCORER} (CI keeps ../shared beside the repo)",
)


# --- helpers on Vietnamese strings --------------------------------------------

@pytest.mark.parametrize(("a", "b"), [
    ("Hoà bình", "Hòa bình"),                              # old vs new tone placement
    ("Quận uỷ", "Quận ủy"),
    ("UBND quận Ba Đình", "Ủy ban nhân dân quận Ba Đình"),  # abbreviation expanded
    ("Hội đồng Thi đua - Khen thưởng", "Hội đồng thi đua khen thưởng"),
    ("Ban TĐ-KT Thành phố", "Ban thi đua khen thưởng thành phố"),
    ("Ngành giáo dục & đào tạo", "ngành giáo dục đào tạo"),
    ("**“Rõ việc, quyết liệt”**", "rõ việc, quyết liệt"),   # markup and quotes dropped
    ("  Lưu:  VT ;", "lưu: vt"),                            # spaces collapsed, edges trimmed
    ("Ho\u0300a", "Hòa"),                                    # decomposed input made NFC
])
def test_evaluate_norm_equates_variants(a: str, b: str) -> None:
    assert norm(a) == norm(b)


@pytest.mark.parametrize(("a", "b"), [
    ("hoàn thành", "hòan thành"),     # tone moves only at the end of a word
    ("KH-UBND", "KH-Ủy ban nhân dân"),  # no expansion inside a hyphenated code
    ("TTg", "thường trựcg"),            # nor inside a word
])
def test_evaluate_norm_keeps_distinct(a: str, b: str) -> None:
    assert norm(a) != norm(b)


def test_evaluate_norm_of_none_and_numbers() -> None:
    assert norm(None) == ""
    assert norm(10) == "10"


def test_evaluate_same_text_thresholds() -> None:
    title = "Phát động phong trào thi đua năm 2024"
    assert same_text(title, title + ".")
    assert same_text("UBND phường Ngô Quyền", "Ủy ban nhân dân phường Ngô Quyền")
    assert not same_text(title, "Kế hoạch tuyên truyền kỷ niệm")
    assert same_text(None, "")             # both blank
    assert not same_text("Nguyễn Mạnh Hà", None)
    # "similar but not 0.85" passes a looser threshold only
    a, b = "Phòng Nội vụ quận", "Phòng Văn hóa quận"
    assert not same_text(a, b) and same_text(a, b, 0.6)


def test_evaluate_citation_number_ignores_spacing_and_dashes() -> None:
    assert citation_number("20/CT – VNPT - CĐ VNPT") == citation_number("20/CT-VNPT-CĐVNPT")
    assert citation_number("34-CT/TW") == citation_number("34 CT/TW")
    assert citation_number("132/2003/NĐ-CP") != citation_number("132/2003/NĐ-TTg")
    assert citation_number(None) == ""


def test_evaluate_match_items_is_greedy_one_to_one() -> None:
    gold = ["Phòng Nội vụ", "Phòng Nội vụ", "UBND các phường"]
    pred = ["Ủy ban nhân dân các phường", "Phòng Nội vụ"]
    pairs = match_items(gold, pred, same_text)
    assert pairs == [("Phòng Nội vụ", "Phòng Nội vụ"), ("UBND các phường", "Ủy ban nhân dân các phường")]


def test_evaluate_match_items_rejects_when_matcher_raises() -> None:
    assert match_items([{"value": 1}], ["not a dict"], match_quota) == []


def test_evaluate_quota_matcher_uses_subject_or_text() -> None:
    gold = {"text": "từ 1-2 công trình gắn biển cấp thành phố", "subject": "công trình gắn biển cấp thành phố",
            "value": 1, "unit": "công trình"}
    assert match_quota(gold, {"text": "1-2 công trình gắn biển cấp thành phố", "subject": None,
                              "value": 1.0, "unit": "công trình"})
    assert not match_quota(gold, {**gold, "value": 2})


def test_evaluate_precision_recall_edges() -> None:
    assert precision_recall(0, 0, 0) == (1.0, 1.0)
    assert precision_recall(0, 3, 0) == (0.0, 0.0)
    assert precision_recall(0, 0, 2) == (0.0, 1.0)
    assert precision_recall(2, 4, 2) == (1.0, 0.5)


def test_evaluate_tables_name_known_comparators() -> None:
    names = [c for _, c in SCALAR_FIELDS] + [m for _, m in LIST_FIELDS]
    names += [c for subs in PAIR_FIELDS.values() for _, c in subs]
    assert set(names) <= set(COMPARATORS)
    assert set(PAIR_FIELDS) <= {n for n, _ in LIST_FIELDS}


def test_evaluate_report_layout() -> None:
    report = score_docs([("x", {"document": {"number": "32"}}, {"document": {"number": "33"}})])
    assert isinstance(report, Report)
    assert report.as_dict() == {"fields": {"document.number": 0.0}, "overall": 0.0}
    assert report.format().splitlines() == [f"{'document.number':34s} acc  0.000  0/1", "overall 0.000"]
    assert "x: document.number: gold='32' pred='33'" in report.format(verbose=True)


def test_evaluate_gold_against_itself_is_perfect() -> None:
    report = score_dirs(GOLD_DIR, GOLD_DIR)
    assert report.overall == 1.0 and not report.misses
    assert all(f.value == 1.0 for f in report.fields)


# --- agreement with the shared scorer -------------------------------------------

Docs = dict[str, Any]  # name -> prediction (dict/list), raw str/bytes, or None = no file


def _gold() -> Docs:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD_DIR.glob("*.json"))}


def _map_strings(obj: Any, fn: Callable[[str], str]) -> Any:
    if isinstance(obj, str):
        return fn(obj)
    if isinstance(obj, list):
        return [_map_strings(v, fn) for v in obj]
    if isinstance(obj, dict):
        return {k: _map_strings(v, fn) for k, v in obj.items()}
    return obj


def _lists(doc: dict) -> list[list]:
    out = [v for v in doc.values() if isinstance(v, list)]
    if isinstance(doc.get("archive_copy"), dict):
        out.append(doc["archive_copy"]["holders"])
    return out


def p_identity(docs: Docs) -> Docs:
    return docs


def p_drop_items(docs: Docs) -> Docs:
    for doc in docs.values():
        for items in _lists(doc):
            del items[1::2]
    return docs


def p_change_dates(docs: Docs) -> Docs:
    for doc in docs.values():
        issued = doc["document"]["issued"]
        if issued["value"]:
            issued["value"] = "1999" + issued["value"][4:]
        for item in doc["commemorations"][:1] + doc["phases"][:1] + doc["deadlines"]:
            for key in ("start", "end", "date"):
                if isinstance(item.get(key), dict):
                    item[key]["value"] = "2000-01-01"
        for cit in doc["legal_basis"][::2]:
            if cit["date"]:
                cit["date"] = {"value": "2001-02", "precision": "month", "text": "tháng 2/2001"}
        if doc["period"] and doc["period"]["end"]:
            doc["period"]["end"]["value"] = "2030"
    return docs


def p_tone_swap(docs: Docs) -> Docs:
    old = {"hòa": "hoà", "Hòa": "Hoà", "ủy": "uỷ", "Ủy": "Uỷ", "hóa": "hoá", "khỏe": "khoẻ", "thúy": "thuý"}
    new = {v: k for k, v in old.items()}

    def swap(s: str, table: dict[str, str]) -> str:
        for a, b in table.items():
            s = s.replace(a, b)
        return s
    for i, name in enumerate(docs):
        docs[name] = _map_strings(docs[name], lambda s, t=(old if i % 2 == 0 else new): swap(s, t))
    return docs


def p_abbreviations(docs: Docs) -> Docs:
    pairs = [("Ủy ban nhân dân", "UBND"), ("Hội đồng nhân dân", "HĐND"), ("thành phố", "TP"),
             ("Mặt trận Tổ quốc", "MTTQ"), ("Thi đua - Khen thưởng", "TĐKT"), ("thi đua khen thưởng", "TĐ-KT")]
    for i, name in enumerate(docs):
        table = pairs if i % 2 == 0 else [(b, a) for a, b in pairs]

        def swap(s: str, table: list = table) -> str:
            for a, b in table:
                s = s.replace(a, b)
            return s
        docs[name] = _map_strings(docs[name], swap)
    return docs


def p_blank_scalars(docs: Docs) -> Docs:
    for i, doc in enumerate(docs.values()):
        doc["document"]["title"] = ""
        doc["document"]["motto"] = "" if i % 2 else "Đoàn kết - kỷ cương"
        doc["document"]["number"] = "" if doc["document"]["number"] is None else None
        doc["signer"]["name"] = None
        if i == 1:
            doc["issuer"] = None
        if i == 2:
            doc["archive_copy"] = None
        if i == 3:
            doc["period"] = None
    return docs


def p_spurious(docs: Docs) -> Docs:
    for doc in docs.values():
        for items in _lists(doc):
            if items:
                items.insert(0, copy.deepcopy(items[-1]))
                items.append(copy.deepcopy(items[0]))
        doc["tasks"].append({"title": "Tổ chức Lễ kỷ niệm", "lead_units": ["Phòng Nội vụ"], "units": []})
        doc["quotas"].append({"text": "100% đơn vị", "subject": "đơn vị", "operator": ">=", "value": 100,
                              "value_max": None, "unit": "%"})
        doc["recipients"].append({"name": "Lưu: VT", "purpose": "để biết"})
    return docs


def p_missing_and_broken(docs: Docs) -> Docs:
    names = list(docs)
    docs[names[0]] = None                    # no prediction file
    docs[names[1]] = "{not json"             # syntax error
    docs[names[2]] = []                      # valid JSON, wrong shape
    docs[names[3]] = '{"document": {"title": "Kê hoach"}}'.encode("latin-1")  # not UTF-8
    return docs


def p_wrong_types(docs: Docs) -> Docs:
    for i, doc in enumerate(docs.values()):
        doc["legal_basis"] = {"text": "not a list"} if i % 2 else "Nghị định"
        for q in doc["quotas"]:
            q["value"] = str(q["value"])
            q["value_max"] = "2" if q["value_max"] else q["value_max"]
        for c in doc["commemorations"]:
            c["years"] = str(c["years"])
        for t in doc["tasks"]:
            t["lead_units"] = ", ".join(t["lead_units"])
        for r in doc["references"]:
            r["date"] = r["date"]["value"] if r["date"] else None
        if doc["archive_copy"]:
            doc["archive_copy"] = {"holders": ", ".join(doc["archive_copy"]["holders"]), "copies": "10"}
        doc["recipients"] = doc["recipients"] + ["Lưu: VT", 7, None]
        if i == 4:
            doc["document"] = ["KH"]
    return docs


def _random_mix(seed: int) -> Callable[[Docs], Docs]:
    def mutate(docs: Docs) -> Docs:
        rng = random.Random(seed)

        def jitter(s: str) -> str:
            roll = rng.random()
            if roll < 0.15:
                return s[: max(1, int(len(s) * rng.uniform(0.3, 0.95)))]
            if roll < 0.25:
                return s.upper()
            if roll < 0.3:
                return ""
            return s
        for name, doc in docs.items():
            doc = _map_strings(doc, jitter)
            for items in _lists(doc):
                rng.shuffle(items)
                if items and rng.random() < 0.3:
                    items.pop(rng.randrange(len(items)))
            for q in doc["quotas"]:
                if rng.random() < 0.2:
                    q["value"] += 1
            docs[name] = doc
        return docs
    mutate.__name__ = f"random_mix_{seed}"
    return mutate


PERTURBATIONS = [p_identity, p_drop_items, p_change_dates, p_tone_swap, p_abbreviations, p_blank_scalars,
                 p_spurious, p_missing_and_broken, p_wrong_types] + [_random_mix(s) for s in range(4)]


def _write(docs: Docs, out: Path) -> None:
    out.mkdir()
    for name, pred in docs.items():
        path = out / f"{name}.json"
        if pred is None:
            continue
        if isinstance(pred, bytes):
            path.write_bytes(pred)
        elif isinstance(pred, str):
            path.write_text(pred, encoding="utf-8")
        else:
            path.write_text(json.dumps(pred, ensure_ascii=False), encoding="utf-8")


def _shared(*args: str) -> str:
    done = subprocess.run([sys.executable, str(SHARED_SCORER), *args], capture_output=True,
                          text=True, encoding="utf-8", timeout=60, check=True)
    return done.stdout


@needs_shared
def test_evaluate_shared_scorer_on_gold_itself() -> None:
    data, _ = json.JSONDecoder().raw_decode(_shared(str(GOLD_DIR), str(GOLD_DIR), "--json"))
    assert data["overall"] == 1.0
    assert score_dirs(GOLD_DIR, GOLD_DIR).as_dict() == data


@needs_shared
@pytest.mark.parametrize("perturb", PERTURBATIONS, ids=lambda f: f.__name__.removeprefix("p_"))
def test_evaluate_agrees_with_shared_scorer(perturb: Callable[[Docs], Docs], tmp_path: Path) -> None:
    pred_dir = tmp_path / "pred"
    _write(perturb(_gold()), pred_dir)
    ours = score_dirs(GOLD_DIR, pred_dir)

    data, _ = json.JSONDecoder().raw_decode(_shared(str(GOLD_DIR), str(pred_dir), "--json"))
    got = ours.as_dict()
    assert list(got["fields"]) == list(data["fields"])  # same rows, same order
    for name, value in data["fields"].items():
        assert got["fields"][name] == pytest.approx(value, abs=1e-12), name
    assert got["overall"] == pytest.approx(data["overall"], abs=1e-12)
    if perturb is not p_identity:
        assert ours.overall < 1.0

    # the text layout (rows, misses, overall line) is the same, line for line
    assert ours.format(verbose=True) + "\n" == _shared(str(GOLD_DIR), str(pred_dir), "--verbose")
