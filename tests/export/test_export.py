"""Archive-metadata export (TT 02/2019/TT-BNV, TT 05/2025/TT-BNV): tables, CSV, XLSX, cuts."""
from __future__ import annotations

import copy
import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kh_testutil import corpus_outputs
from parser.cli import cli
from parser.export import PROFILES, SOURCE_COLUMN, export_row, find_outputs, load_output, load_profile
from parser.export.fields import DERIVATIONS, is_known
from parser.rules import RULES_DIR
from parser.write import write_json

openpyxl = pytest.importorskip("openpyxl")

PROFILE_NAMES = sorted(PROFILES)


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus run through the pipeline into a folder, plus batch bookkeeping and a foreign JSON."""
    root = tmp_path_factory.mktemp("outputs")
    for name, out in corpus_outputs().items():
        write_json(root / "plans" / f"{name}.json", out)
    (root / "_summary.json").write_text('{"files": 5}', encoding="utf-8")
    (root / "plans" / "_index.json").write_text("[]", encoding="utf-8")
    (root / "settings.json").write_text('{"theme": "dark"}', encoding="utf-8")
    return root


def run_cli(*args: str) -> "object":
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def expected(out: dict) -> dict[str, str]:
    """What the export must say for one output, by the circular's field (independent of column order)."""
    doc = out["document"]
    value = (doc["issued"] or {}).get("value") or ""
    parts = value.split("-") if value else []
    return {
        "Số của văn bản": doc["number"] or "",
        "Ký hiệu của văn bản": doc["symbol"] or "",
        "Ngày": parts[2] if len(parts) > 2 else "",
        "Tháng": parts[1] if len(parts) > 1 else "",
        "Năm": parts[0] if parts else "",
        "Tên loại văn bản": doc["type_name"] or "",
        "Trích yếu nội dung": doc["title"] or "",
        "Tên cơ quan, tổ chức ban hành văn bản": "; ".join(i["name"] for i in out["issuers"]) or (out["issuer"]["name"] or ""),
        "Người ký": out["signer"]["name"] or "",
        "Ngôn ngữ": "Tiếng Việt",
        "Mã hồ sơ": "",
        "Bút tích": "",
        "Tình trạng vật lý": "",
        "Ghi chú": "",
    }


def sample_output(**document: object) -> dict:
    """A realistic output of a plan not in the corpus (a provincial education department)."""
    out = copy.deepcopy(next(iter(corpus_outputs().values())))
    out["document"].update({
        "number": "1456", "symbol": "KH-SGDĐT", "reference": "1456/KH-SGDĐT", "place": "Quảng Nam",
        "issued": {"value": "2024-09-05", "precision": "day", "text": "ngày 05 tháng 9 năm 2024", "span": None},
        "title": "Tổ chức Hội thi giáo viên dạy giỏi cấp tỉnh năm học 2024 - 2025",
    })
    out["document"].update(document)
    out["issuer"] = {"name": "Sở Giáo dục và Đào tạo tỉnh Quảng Nam", "parent": "UBND TỈNH QUẢNG NAM", "abbreviation": "SGDĐT", "span": None}
    out["issuers"] = [out["issuer"]]
    out["signer"] = dict(out["signer"], name="Hồ Quang Bửu", title="GIÁM ĐỐC")
    return out


def row_dict(profile_name: str, out: dict, **kw: object) -> dict[str, str]:
    profile = load_profile(profile_name)
    return dict(zip(profile.headers, export_row(out, profile, **kw)))


# -- the tables --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", PROFILE_NAMES)
def test_export_table_is_well_formed(name: str) -> None:
    profile = load_profile(name)
    assert len(set(profile.headers)) == len(profile.headers)
    assert profile.note_column.name == "Ghi chú" and profile.headers[-1] == "Ghi chú"
    assert ["Ngày", "Tháng", "Năm"] == [h for h in profile.headers if h in ("Ngày", "Tháng", "Năm")]
    for col in profile.columns:
        assert col.source and col.field and col.type in ("Chuỗi ký tự", "Số", "Ngày tháng")
        assert col.max_len > 0 and is_known(col.value)
        assert col.verified in ("checked", "memory", "unsure", "unverified")
    text = (RULES_DIR / f"{profile.table}.tsv").read_text(encoding="utf-8")
    assert "VERIFICATION" in text and "offline" in text  # the header says what could not be checked
    if name == "tt05-2025":
        assert {c.verified for c in profile.columns} == {"unverified"}


def test_export_derivations_cover_the_tables() -> None:
    used = {c.value for n in PROFILE_NAMES for c in load_profile(n).columns}
    assert {u for u in used if not u.startswith("const:") and u != "note"} <= set(DERIVATIONS)


def test_export_unknown_profile_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown export profile"):
        load_profile("tt99-2030")


# -- rows ----------------------------------------------------------------------------------------

def test_export_row_maps_header_fields() -> None:
    row = row_dict("tt02-2019", sample_output())
    assert row["Số của văn bản"] == "1456"
    assert row["Ký hiệu của văn bản"] == "KH-SGDĐT"
    assert (row["Ngày"], row["Tháng"], row["Năm"]) == ("05", "09", "2024")
    assert row["Tên cơ quan, tổ chức ban hành văn bản"] == "Sở Giáo dục và Đào tạo tỉnh Quảng Nam"
    assert row["Người ký"] == "Hồ Quang Bửu"
    assert row["Trích yếu nội dung"] == "Tổ chức Hội thi giáo viên dạy giỏi cấp tỉnh năm học 2024 - 2025"
    assert row["Ngôn ngữ"] == "Tiếng Việt"
    for unknown in ("Mã hồ sơ", "Số thứ tự văn bản trong hồ sơ", "Ký hiệu thông tin", "Từ khóa", "Chế độ sử dụng",
                    "Mức độ tin cậy", "Bút tích", "Tình trạng vật lý", "Ghi chú"):
        assert row[unknown] == "", unknown


@pytest.mark.parametrize("issued, parts", [
    ({"value": "2023-04", "precision": "month", "text": "ngày   tháng 4 năm 2023"}, ("", "04", "2023")),
    ({"value": "2022", "precision": "year", "text": "ngày   tháng   năm 2022"}, ("", "", "2022")),
    ({"value": None, "precision": None, "text": "ngày   tháng   năm"}, ("", "", "")),
    ({"value": "2025-12-31", "precision": "day", "text": "ngày 31 tháng 12 năm 2025"}, ("31", "12", "2025")),
])
@pytest.mark.parametrize("name", PROFILE_NAMES)
def test_export_date_columns_follow_precision(name: str, issued: dict, parts: tuple[str, str, str]) -> None:
    row = row_dict(name, sample_output(issued=issued))
    assert (row["Ngày"], row["Tháng"], row["Năm"]) == parts


def test_export_blank_number_and_joint_issuers() -> None:
    out = sample_output(number=None, reference="/KH-SGDĐT")
    out["issuers"] = [
        {"name": "Ban Thường vụ Tỉnh Đoàn Nghệ An", "parent": None, "abbreviation": "TĐTN", "span": None},
        {"name": "Sở Văn hóa, Thể thao và Du lịch tỉnh Nghệ An", "parent": None, "abbreviation": "SVHTTDL", "span": None},
    ]
    row = row_dict("tt05-2025", out)
    assert row["Số của văn bản"] == ""
    assert row["Tên cơ quan, tổ chức ban hành văn bản"] == "Ban Thường vụ Tỉnh Đoàn Nghệ An; Sở Văn hóa, Thể thao và Du lịch tỉnh Nghệ An"


def test_export_pages_only_when_known() -> None:
    out = sample_output()
    assert row_dict("tt02-2019", out)["Số lượng trang"] == ""
    out["source"] = dict(out["source"], format="pdf", pages=7)
    assert row_dict("tt02-2019", out)["Số lượng trang"] == "7"


@pytest.mark.parametrize("name", PROFILE_NAMES)
def test_export_too_long_value_is_cut_and_noted(name: str) -> None:
    title = "Triển khai thực hiện phong trào thi đua “Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau” " * 8
    row = row_dict(name, sample_output(title=title))
    limit = next(c.max_len for c in load_profile(name).columns if c.name == "Trích yếu nội dung")
    assert len(" ".join(title.split())) > limit
    assert row["Trích yếu nội dung"] == " ".join(title.split())[:limit]
    assert "Trích yếu nội dung" in row["Ghi chú"] and str(limit) in row["Ghi chú"] and "cắt" in row["Ghi chú"]


def test_export_value_at_the_limit_is_kept_whole() -> None:
    title = ("Phát động thi đua " * 40)[:499] + "x"
    assert len(title) == 500
    row = row_dict("tt02-2019", sample_output(title=title))
    assert row["Trích yếu nội dung"] == title and row["Ghi chú"] == ""


def test_export_symbol_longer_than_field_is_cut() -> None:
    symbol = "KH-BCĐ-" + "-".join(["BCĐTW", "UBND", "HĐTĐKT", "SNV", "STC", "SKHĐT"])  # 41 characters
    row = row_dict("tt02-2019", sample_output(symbol=symbol))
    assert len(symbol) > 30 and row["Ký hiệu của văn bản"] == symbol[:30]
    assert "Ký hiệu của văn bản: cắt từ" in row["Ghi chú"]


def test_export_formula_is_guarded_in_csv_only() -> None:
    out = sample_output(title='=HYPERLINK("http://example.invalid","Bấm vào đây")')
    csv_row = row_dict("tt02-2019", out)
    assert csv_row["Trích yếu nội dung"].startswith("'=") and "công thức" in csv_row["Ghi chú"]
    xlsx_row = row_dict("tt02-2019", out, guard_formulas=False)
    assert xlsx_row["Trích yếu nội dung"].startswith("=") and xlsx_row["Ghi chú"] == ""


def test_export_line_breaks_are_collapsed() -> None:
    row = row_dict("tt02-2019", sample_output(title="Tổ chức các hoạt động\nchào mừng   Ngày Nhà giáo Việt Nam 20/11"))
    assert row["Trích yếu nội dung"] == "Tổ chức các hoạt động chào mừng Ngày Nhà giáo Việt Nam 20/11"


# -- files ---------------------------------------------------------------------------------------

def test_find_outputs_skips_bookkeeping(out_dir: Path) -> None:
    found = [p.relative_to(out_dir).as_posix() for p in find_outputs(out_dir)]
    assert "_summary.json" not in found and "plans/_index.json" not in found
    assert "settings.json" in found and load_output(out_dir / "settings.json") is None
    assert sum(1 for f in found if f.startswith("plans/")) == len(corpus_outputs())


@pytest.mark.parametrize("name", PROFILE_NAMES)
def test_export_csv_of_the_corpus(name: str, out_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "metadata.csv"
    result = run_cli("export", "--profile", name, str(out_dir), "-o", str(target))
    assert result.exit_code == 0, result.output
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    with target.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == load_profile(name).headers
    body = [dict(zip(rows[0], r)) for r in rows[1:]]
    outputs = corpus_outputs()
    assert len(body) == len(outputs)
    for row, out in zip(body, (outputs[k] for k in sorted(outputs))):
        for header, value in expected(out).items():
            assert row[header] == value, (header, out["source"]["path"])
    assert any("Kế hoạch" == r["Tên loại văn bản"] for r in body)
    assert any("Đ" in r["Ký hiệu của văn bản"] or "ồ" in r["Trích yếu nội dung"] for r in body)


@pytest.mark.parametrize("name", PROFILE_NAMES)
def test_export_xlsx_of_the_corpus(name: str, out_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "metadata.xlsx"
    result = run_cli("export", "--profile", name, str(out_dir / "plans"), "-o", str(target), "--with-source")
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(target).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[0] == load_profile(name).headers + [SOURCE_COLUMN]
    outputs = corpus_outputs()
    assert [r[-1] for r in rows[1:]] == [f"{k}.json" for k in sorted(outputs)]
    for r, key in zip(rows[1:], sorted(outputs)):
        row = {h: (v or "") for h, v in zip(rows[0], r)}
        for header, value in expected(outputs[key]).items():
            assert row[header] == value, (header, key)
    for r in ws.iter_rows(min_row=2):
        assert all(c.data_type == "s" for c in r if c.value is not None)  # "06" stays text


def test_export_cut_in_both_formats(tmp_path: Path) -> None:
    out = sample_output(title="Thực hiện Cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh” " * 9)
    write_json(tmp_path / "in" / "long.json", out)
    for target in (tmp_path / "m.csv", tmp_path / "m.xlsx"):
        result = run_cli("export", "--profile", "tt02-2019", str(tmp_path / "in"), "-o", str(target))
        assert result.exit_code == 0 and "1 with a note" in result.output
    with (tmp_path / "m.csv").open(encoding="utf-8-sig", newline="") as fh:
        header, row = list(csv.reader(fh))
    data = dict(zip(header, row))
    assert len(data["Trích yếu nội dung"]) == 500 and "cắt từ" in data["Ghi chú"]
    ws = openpyxl.load_workbook(tmp_path / "m.xlsx").active
    cells = {ws.cell(1, c).value: ws.cell(2, c).value for c in range(1, ws.max_column + 1)}
    assert len(cells["Trích yếu nội dung"]) == 500 and "cắt từ" in cells["Ghi chú"]


def test_export_cli_stdout_and_errors(out_dir: Path, tmp_path: Path) -> None:
    result = run_cli("export", "--profile", "tt05-2025", str(out_dir / "plans"), "--delimiter", ";")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Mã định danh văn bản;Mã hồ sơ;") and len(lines) == len(corpus_outputs()) + 1
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_cli("export", str(empty), "-o", str(tmp_path / "x.csv")).exit_code == 1
    assert run_cli("export", str(out_dir), "-o", str(tmp_path / "x.pdf")).exit_code == 2
    assert run_cli("export", "--profile", "tt03-2020", str(out_dir)).exit_code == 2
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "broken.json").write_text("{not json", encoding="utf-8")
    write_json(bad / "ok.json", sample_output())
    result = run_cli("export", str(bad), "-o", str(tmp_path / "y.csv"))
    assert result.exit_code == 0 and "broken.json" in result.stderr and "1 file(s) skipped" in result.stderr
    assert json.loads((bad / "ok.json").read_text(encoding="utf-8"))["schema_version"] == "1"
