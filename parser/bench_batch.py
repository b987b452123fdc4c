"""`python -m parser.bench_batch [--docs 2000] [--jobs 1 2] [--text-only] [--repeat N] [--out bench-out/]`: time `khparse batch`.

Builds a corpus in a temporary folder: at least `--docs` text plans made
from corpus/*.txt with variations (renumbered, dates shifted, bullet
paragraphs shuffled inside their section, the issuer's place replaced), so
no two inputs share bytes; plus copies of the digital fixture PDFs and the
DOCX files of corpus/fixtures/ when their readers work. Each part is run
through `khparse batch` (a subprocess, as a user would) with every `--jobs`
value, and the bench reports documents/s (text, DOCX), pages/s (PDF), the
peak memory of the whole process tree (batch parent + workers: the largest
sampled sum of VmRSS, and the sum of every process's VmHWM as an upper
bound), the CPU time of the whole tree per document (batch parent alone,
and all processes), and the scaling from the first to the last jobs value.
On a shared machine the wall clock says little, so each run also gives a
quiet-machine estimate: `min(jobs, cores) / CPU seconds per document`,
what the run reaches when its processes have the cores to themselves (the
waits between processes, small once the parent only renames and indexes,
are not in it). `--repeat N` runs each configuration N times, interleaved,
and reports the run with the median docs/s. For scale it
also times plain `underthesea.word_tokenize` over a sample of the same
texts and plain `pdfplumber` `extract_text` over the same PDFs (one
process), and prints our single-worker time per document as a ratio to
each. Writes a plain table to stdout and OUT/bench_batch.json.

Targets it reports against: text >= 50 docs/s with -j 2, digital PDF >= 100
pages/s with -j 2, peak RSS < 600 MB for 2,000 documents.

Quick check of the text path (under a minute): `--text-only --docs 500
--jobs 2 --repeat 3 --no-baselines`.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import regex

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"text_docs_per_s": 50.0, "pdf_pages_per_s": 100.0, "peak_rss_mb": 600.0}
NUMBER_RE = regex.compile(r"(Số\s*:\s*)(\d*)(\s*/)")
YEAR_RE = regex.compile(r"(?<!\d)(20[0-3]\d)(?!\d)")
DAY_RE = regex.compile(r"(ngày\s+)(\d{1,2})(\s+tháng)")
PLACE_RE = regex.compile(r"^\s*(?:(?:Phường|Quận|Huyện|Xã|Thị xã|Thị trấn|Thành phố|TP\.?)\s+)?([^\n,]{2,40}?),\s*ngày", regex.M)
BULLET_RE = regex.compile(r"^\s*[-+•]\s")
PLACES = ("Cầu Giấy", "Hoàn Kiếm", "Thanh Xuân", "Hải Châu", "Ninh Kiều", "Thủ Đức", "Lê Chân", "Tây Hồ",
          "Sơn Trà", "Bình Thạnh", "Vĩnh Yên", "Đồng Hới", "Tam Kỳ", "Mỹ Tho", "Sa Đéc", "Hà Tiên")


# -- corpus ---------------------------------------------------------------------

def vary(text: str, i: int, rng: random.Random) -> str:
    """One variation of a plan: new number, years and days shifted, bullets shuffled, another place."""
    text = NUMBER_RE.sub(lambda m: f"{m[1]}{i + 1}{m[3]}", text, count=1)
    shift = rng.randint(-3, 2)
    text = YEAR_RE.sub(lambda m: str(int(m[1]) + shift), text)
    text = DAY_RE.sub(lambda m: f"{m[1]}{(int(m[2]) + rng.randint(0, 9)) % 28 + 1:02d}{m[3]}", text)
    m = PLACE_RE.search(text[:3000])
    if m:
        text = text.replace(m[1], rng.choice(PLACES))
    return shuffle_bullets(text, rng) + f"\n(Bản {i})\n"


def shuffle_bullets(text: str, rng: random.Random) -> str:
    """Shuffle each run of consecutive bullet paragraphs ("- …", blank lines between allowed)."""
    lines = text.split("\n")
    out: list[str] = []
    run: list[str] = []
    for line in lines + [""]:
        if BULLET_RE.match(line):
            run.append(line)
            continue
        if run and not line.strip():
            continue  # a blank line inside a bullet run
        if run:
            rng.shuffle(run)
            out.extend(x for b in run for x in (b, ""))
            run = []
        out.append(line)
    return "\n".join(out[:-1])


def _reader_works(path: Path) -> bool:
    try:
        from .read import read_bytes

        read_bytes(path.read_bytes(), str(path), ocr="never")
        return True
    except Exception:
        return False


def build_corpus(dest: Path, n_docs: int, pdf_copies: int, docx_copies: int, seed: int = 7) -> dict[str, list[Path]]:
    rng = random.Random(seed)
    sources = sorted((ROOT / "corpus").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in sources]
    parts: dict[str, list[Path]] = {"text": [], "pdf": [], "docx": []}
    for i in range(n_docs):
        target = dest / "text" / f"{i // 200:02d}" / f"kh_{i:05d}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(vary(texts[i % len(texts)], i, rng), encoding="utf-8")
        parts["text"].append(target)
    fixtures = ROOT / "corpus" / "fixtures"
    for kind, copies in (("pdf", pdf_copies), ("docx", docx_copies)):
        files = sorted(p for p in fixtures.glob(f"*.{kind}") if ".scan" not in p.name)
        if not files or not _reader_works(files[0]):
            continue
        for c in range(copies):
            for f in files:
                target = dest / kind / f"{c:03d}" / f.name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(f, target)
                parts[kind].append(target)
    return parts


# -- memory of a process tree -----------------------------------------------------

def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read().rsplit(b")", 1)[1].split()
            kids.setdefault(int(stat[1]), []).append(int(entry.name))
        except (OSError, IndexError, ValueError):
            continue
    return kids


def _tree(pid: int) -> list[int]:
    kids = _children_map()
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def _status_kb(pid: int, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _cpu_seconds(pid: int) -> float:
    """utime + stime of one process (its own, not its children's), from /proc/PID/stat."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


class TreeMemory(threading.Thread):
    """Samples a process tree every `period` s: peak of the summed VmRSS, every pid's VmHWM, and the
    root's own CPU seconds (the batch parent; its last sample is at most `period` old)."""

    def __init__(self, pid: int, period: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.period = pid, period
        self.peak_sum_kb = 0
        self.hwm_kb: dict[int, int] = {}
        self.root_cpu = 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            pids = _tree(self.pid)
            self.peak_sum_kb = max(self.peak_sum_kb, sum(_status_kb(p, "VmRSS") for p in pids))
            for p in pids:
                self.hwm_kb[p] = max(self.hwm_kb.get(p, 0), _status_kb(p, "VmHWM"))
            self.root_cpu = max(self.root_cpu, _cpu_seconds(self.pid))
            self.stop.wait(self.period)


# -- runs -----------------------------------------------------------------------------

def run_batch(in_dir: Path, out_dir: Path, jobs: int) -> dict[str, Any]:
    """One `khparse batch` run from scratch, timed from the outside, memory sampled."""
    shutil.rmtree(out_dir, ignore_errors=True)
    cmd = [sys.executable, "-m", "parser", "batch", str(in_dir), "-o", str(out_dir), "-j", str(jobs), "--quiet"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT)
    mem = TreeMemory(proc.pid)
    mem.start()
    code = proc.wait()
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the batch and its workers (it waits for them)
    mem.stop.set()
    mem.join()
    summary = json.loads((out_dir / "_summary.json").read_text(encoding="utf-8"))
    docs = max(1, summary["counts"]["processed"])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return {
        "jobs": jobs, "exit_code": code, "wall_seconds": round(wall, 2),
        "documents": summary["counts"]["processed"], "errors": summary["counts"]["error"],
        "pages": summary["pages"], "median_seconds_per_document": summary["seconds"]["median_per_document"],
        "docs_per_s": round(summary["counts"]["processed"] / wall, 2),
        "pages_per_s": round(summary["pages"] / wall, 2) if summary["pages"] else None,
        "cpu_ms_per_document": round(1000 * cpu / docs, 2),
        "parent_cpu_ms_per_document": round(1000 * mem.root_cpu / docs, 2),
        "quiet_docs_per_s_estimate": round(min(jobs, cores) * docs / cpu, 1) if cpu > 0 else None,
        "load_average": round(os.getloadavg()[0], 2),
        "peak_rss_mb": round(mem.peak_sum_kb / 1024, 1),
        "sum_vmhwm_mb": round(sum(mem.hwm_kb.values()) / 1024, 1),
        "max_process_vmhwm_mb": round(max(mem.hwm_kb.values(), default=0) / 1024, 1),
        "processes": len(mem.hwm_kb),
    }


def baseline_underthesea(files: list[Path]) -> dict[str, Any]:
    try:
        from underthesea import word_tokenize
    except Exception as exc:  # not installed: no ratio
        return {"error": f"{type(exc).__name__}: {exc}"}
    word_tokenize("Khởi động mô hình.")  # model load is not what we compare
    t0 = time.perf_counter()
    for f in files:
        word_tokenize(f.read_text(encoding="utf-8"))
    secs = time.perf_counter() - t0
    return {"documents": len(files), "seconds": round(secs, 2), "seconds_per_document": round(secs / len(files), 4)}


def baseline_pdfplumber(files: list[Path]) -> dict[str, Any]:
    try:
        import pdfplumber
    except Exception as exc:
        return {"error": f"{type(exc).__name__}: {exc}"}
    pages = 0
    t0 = time.perf_counter()
    for f in files:
        with pdfplumber.open(f) as pdf:
            for page in pdf.pages:
                page.extract_text()
                pages += 1
    secs = time.perf_counter() - t0
    return {"documents": len(files), "pages": pages, "seconds": round(secs, 2),
            "seconds_per_document": round(secs / len(files), 4), "pages_per_s": round(pages / secs, 2)}


def _machine() -> dict[str, Any]:
    import platform

    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        usable = os.cpu_count()
    return {"cpu_count": os.cpu_count(), "cpus_usable": usable, "python": platform.python_version(), "platform": platform.platform()}


def table(report: dict[str, Any]) -> str:
    rows = [f"{'part':<6} {'jobs':>4} {'docs':>6} {'pages':>6} {'wall s':>8} {'docs/s':>8} {'pages/s':>8} {'med s/doc':>9} "
            f"{'cpu ms/doc':>10} {'parent ms':>9} {'quiet est':>9} {'load':>5} {'peak RSS MB':>11} {'sum HWM MB':>10} {'errors':>6}"]
    for part, runs in report["runs"].items():
        for r in runs:
            rows.append(f"{part:<6} {r['jobs']:>4} {r['documents']:>6} {r['pages'] or '':>6} {r['wall_seconds']:>8} {r['docs_per_s']:>8} "
                        f"{r['pages_per_s'] or '':>8} {r['median_seconds_per_document'] or '':>9} {r['cpu_ms_per_document']:>10} "
                        f"{r['parent_cpu_ms_per_document']:>9} {r['quiet_docs_per_s_estimate'] or '':>9} {r['load_average']:>5} "
                        f"{r['peak_rss_mb']:>11} {r['sum_vmhwm_mb']:>10} {r['errors']:>6}")
    if report.get("repeat", 1) > 1:
        rows.append(f"(each row: the run with the median docs/s of {report['repeat']}; every run in all_runs of the JSON)")
    rows.append("quiet est = min(jobs, cores) / CPU s per document: docs/s with the cores to ourselves")
    rows.append("")
    for part, s in report["scaling"].items():
        rows.append(f"scaling {part}: x{s} from -j {report['jobs'][0]} to -j {report['jobs'][-1]}")
    for name, b in report["baselines"].items():
        if "ratio" in b:
            rows.append(f"baseline {name}: {b['seconds_per_document']} s/doc; our -j 1 time per document is x{b['ratio']} of it")
        elif "error" in b:
            rows.append(f"baseline {name}: not run ({b['error']})")
    rows.append("")
    for name, t in report["targets"].items():
        if t["measured"] is None:
            rows.append(f"target {name}: not measured in this run")
            continue
        quiet = f" (quiet-machine estimate {t['quiet_estimate']})" if t.get("quiet_estimate") else ""
        rows.append(f"target {name}: {t['measured']} vs {t['target']} -> {'met' if t['met'] else 'NOT met'}{quiet}")
    return "\n".join(rows)


def _median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median docs/s (the lower middle one for an even count)."""
    ranked = sorted(runs, key=lambda r: r["docs_per_s"])
    return ranked[(len(ranked) - 1) // 2]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m parser.bench_batch", description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=2000, help="text documents to generate (default 2000)")
    ap.add_argument("--pdf-copies", type=int, default=20, help="copies of each digital fixture PDF (default 20)")
    ap.add_argument("--docx-copies", type=int, default=20, help="copies of each fixture DOCX (default 20)")
    ap.add_argument("--text-only", action="store_true", help="text plans only: no PDF, no DOCX, no pdfplumber baseline")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="worker counts to compare (default 1 2)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per part and jobs value, interleaved; the median is reported (default 1)")
    ap.add_argument("--baseline-sample", type=int, default=200, help="text documents for the underthesea baseline (default 200)")
    ap.add_argument("--no-baselines", action="store_true", help="skip the underthesea and pdfplumber baselines")
    ap.add_argument("--out", default="bench-out", help="folder for bench_batch.json (default bench-out/)")
    ap.add_argument("--keep", action="store_true", help="keep the generated corpus and outputs (path printed)")
    args = ap.parse_args(argv)
    if args.text_only:
        args.pdf_copies = args.docx_copies = 0

    work = Path(tempfile.mkdtemp(prefix="khparse-bench-batch-"))
    try:
        t0 = time.perf_counter()
        parts = build_corpus(work / "in", args.docs, args.pdf_copies, args.docx_copies)
        print(f"corpus: {', '.join(f'{len(v)} {k}' for k, v in parts.items())} in {time.perf_counter() - t0:.1f} s ({work})", file=sys.stderr)
        every: dict[str, dict[int, list[dict[str, Any]]]] = {}
        for part, files in parts.items():
            if not files:
                continue
            for rep in range(max(1, args.repeat)):
                for jobs in args.jobs:
                    print(f"running {part} with -j {jobs}" + (f" ({rep + 1}/{args.repeat})" if args.repeat > 1 else "") + " ...",
                          file=sys.stderr, flush=True)
                    every.setdefault(part, {}).setdefault(jobs, []).append(run_batch(work / "in" / part, work / f"out-{part}-{jobs}", jobs))
        runs = {part: [_median_run(by_jobs[j]) for j in args.jobs] for part, by_jobs in every.items()}
        scaling = {part: round(r[-1]["docs_per_s"] / r[0]["docs_per_s"], 2) for part, r in runs.items() if len(r) > 1 and r[0]["docs_per_s"]}
        baselines: dict[str, dict[str, Any]] = {}
        if not args.no_baselines:
            baselines["underthesea.word_tokenize"] = baseline_underthesea(parts["text"][: args.baseline_sample])
            if parts["pdf"]:
                uniq = sorted({p.name: p for p in parts["pdf"]}.values())
                baselines["pdfplumber.extract_text"] = baseline_pdfplumber(uniq * max(1, 20 // len(uniq)))
        for name, part in (("underthesea.word_tokenize", "text"), ("pdfplumber.extract_text", "pdf")):
            b = baselines.get(name, {})
            if "seconds_per_document" in b and part in runs:
                ours = runs[part][0]["wall_seconds"] / max(1, runs[part][0]["documents"]) * runs[part][0]["jobs"]
                b["ours_seconds_per_document"] = round(ours, 4)
                b["ratio"] = round(ours / b["seconds_per_document"], 2)
        last = {part: r[-1] for part, r in runs.items()}
        peak = max((r["peak_rss_mb"] for by_jobs in every.values() for rs in by_jobs.values() for r in rs), default=0.0)
        targets = {
            "text_docs_per_s": {"target": TARGETS["text_docs_per_s"], "measured": last.get("text", {}).get("docs_per_s"),
                                "quiet_estimate": last.get("text", {}).get("quiet_docs_per_s_estimate")},
            "pdf_pages_per_s": {"target": TARGETS["pdf_pages_per_s"], "measured": last.get("pdf", {}).get("pages_per_s")},
            "peak_rss_mb": {"target": TARGETS["peak_rss_mb"], "measured": peak},
        }
        for name, t in targets.items():
            m = t["measured"]
            t["met"] = m is not None and (m < t["target"] if name == "peak_rss_mb" else m >= t["target"])
        report = {"machine": _machine(), "jobs": args.jobs, "repeat": max(1, args.repeat), "corpus": {k: len(v) for k, v in parts.items()},
                  "runs": runs, "scaling": scaling, "baselines": baselines, "targets": targets,
                  "all_runs": {part: {str(j): rs for j, rs in by_jobs.items()} for part, by_jobs in every.items()}}
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        (out / "bench_batch.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(table(report))
        print(f"\nwritten {out / 'bench_batch.json'}")
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
