"""`python -m parser.bench_formats [FIXTURES_DIR]`: seconds per page by input format.

Times the whole pipeline (read + extract) on the fixture files of each
format — digital PDF, scanned PDF (OCR), DOCX, legacy DOC, TCVN3/VNI text —
and prints median seconds per document and per page (DOCX and DOC have no
fixed pages: per document only). Scans are slow (Tesseract), so by default
only the first scanned fixture is timed, once, against plain Tesseract on the
same page renders: as wall time, and as CPU time (this process and its
Tesseract children), which holds when other jobs share the machine.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import time
from pathlib import Path

GROUPS = (
    ("digital PDF", "*[0-9a-f].pdf"),
    ("scanned PDF (OCR)", "*.scan.pdf"),
    ("DOCX", "*.docx"),
    ("DOC (antiword)", "*.doc"),
    ("TCVN3/VNI text", "*.tcvn3.txt"),
)


def cpu_seconds(children_only: bool = False) -> float:
    """CPU seconds used so far by Tesseract children (and this process unless `children_only`)."""
    who = [resource.RUSAGE_CHILDREN] if children_only else [resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN]
    return sum(u.ru_utime + u.ru_stime for u in map(resource.getrusage, who))


def time_file(path: Path, runs: int) -> tuple[float, int | None, str | None]:
    """Median seconds for one file, its page count, and the error code if it failed."""
    from .errors import KhparseError
    from .pipeline import run_file
    from .values.dates import _scan

    times, pages = [], None
    for _ in range(runs):
        _scan.cache_clear()
        t0 = time.perf_counter()
        try:
            out = run_file(path)
        except KhparseError as exc:
            return time.perf_counter() - t0, None, exc.code
        times.append(time.perf_counter() - t0)
        pages = out["source"]["pages"]
    return statistics.median(times), pages, None


def raw_tesseract_seconds(path: Path) -> tuple[float, float, int]:
    """Baseline: every page rendered as our reader renders it and read once by plain Tesseract
    (wall seconds, Tesseract CPU seconds, pages)."""
    import pypdfium2 as pdfium

    from .read.ocr import OCR_DPI, pgm, render, run_tesseract

    pdf = pdfium.PdfDocument(str(path))
    try:
        total = cpu = 0.0
        for i in range(len(pdf)):
            image = render(pdf, i, OCR_DPI)
            t0, c0 = time.perf_counter(), cpu_seconds(children_only=True)
            run_tesseract(pgm(image), OCR_DPI)
            total += time.perf_counter() - t0
            cpu += cpu_seconds(children_only=True) - c0
        return total, cpu, len(pdf)
    finally:
        pdf.close()


def bench(fixtures: Path, runs: int, scans: int) -> dict:
    rows = []
    for label, pattern in GROUPS:
        files = sorted(fixtures.glob(pattern))
        if "OCR" in label:
            files = files[:scans]
        if label.startswith("TCVN3"):
            files += sorted(fixtures.glob("*.vni.txt"))
        per_doc, per_page, errors = [], [], []
        cpu0 = cpu_seconds()
        for f in files:
            secs, pages, err = time_file(f, 1 if "OCR" in label else runs)
            if err:
                errors.append(f"{f.name}: {err}")
                continue
            per_doc.append(secs)
            if pages:
                per_page.append(secs / pages)
        if "OCR" in label and files and per_doc:
            ours_cpu = cpu_seconds() - cpu0
            base = [raw_tesseract_seconds(f) for f in files]
            raw, raw_cpu, pages = (sum(b[k] for b in base) for k in range(3))
            rows_extra = {"raw_tesseract_s_per_page": raw / pages, "ratio_to_raw_tesseract": sum(per_doc) / raw,
                          "cpu_ratio_to_raw_tesseract": ours_cpu / raw_cpu}
        else:
            rows_extra = {}
        rows.append({
            **rows_extra,
            "format": label,
            "files": len(files),
            "median_s_per_doc": statistics.median(per_doc) if per_doc else None,
            "median_s_per_page": statistics.median(per_page) if per_page else None,
            "errors": errors,
        })
    return {"machine": {"cpus": os.cpu_count(), "python": platform.python_version()}, "runs": runs, "formats": rows}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m parser.bench_formats", description=__doc__.splitlines()[0])
    ap.add_argument("fixtures", nargs="?", default="corpus/fixtures", type=Path)
    ap.add_argument("-n", "--runs", type=int, default=3, help="runs per non-OCR file (median)")
    ap.add_argument("--scans", type=int, default=1, help="scanned PDFs to OCR (each once)")
    ap.add_argument("--out", type=Path, default=Path("bench-out"))
    args = ap.parse_args(argv)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    result = bench(args.fixtures, args.runs, args.scans)
    print(f"{'format':20s} {'files':>5s} {'s/doc':>9s} {'s/page':>9s}")
    for r in result["formats"]:
        doc = f"{r['median_s_per_doc']:.4f}" if r["median_s_per_doc"] is not None else "-"
        page = f"{r['median_s_per_page']:.4f}" if r["median_s_per_page"] is not None else "-"
        extra = ""
        if "ratio_to_raw_tesseract" in r:
            extra = (f"  (raw tesseract {r['raw_tesseract_s_per_page']:.3f} s/page; ours x{r['ratio_to_raw_tesseract']:.2f} "
                     f"wall, x{r['cpu_ratio_to_raw_tesseract']:.2f} CPU)")
        print(f"{r['format']:20s} {r['files']:5d} {doc:>9s} {page:>9s}{extra}" + (f"  errors: {r['errors']}" if r["errors"] else ""))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench_formats.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
