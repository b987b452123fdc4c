"""`python -m parser.bench CORPUS_DIR [--out bench-out/] [--repeat 5]`: time the pipeline.

Runs every document of CORPUS_DIR (each file directly inside it; gold/ and
other directories are skipped) `--repeat` times and reports, per stage, the
median seconds per document and the median milliseconds per 10,000
characters of normalized text:

- read, build_doc (normalize + segment), the header extractors (document,
  recipients, signer, issuer), each content extractor of
  `extract.CONTENT_EXTRACTORS`, and `extract_doc` + read + build as the
  pipeline total;
- for reference, the NLP layer (`text.tokenize`): loading spaCy and the
  underthesea models (once per process), tokenizing + tagging + rulers over
  the full document, and over only the sentences that start with a unit
  ("Phòng Nội vụ chủ trì …", "- UBND các phường …": what an assignment
  extractor using `span_docs` would pay). The pipeline itself does not pay
  these unless an extractor calls the NLP layer.

With CORPUS_DIR/gold/*.json, also the scorer's per-field table of the last
run's output. Writes a plain-text table to stdout and OUT/bench.json.
Standard library and this package only.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
import traceback
from pathlib import Path
from typing import Any, Callable

import re

# A list marker before a sentence ("- ", "+ ", "2. ", "3.1. ", "a) ").
LIST_MARKER_RE = re.compile(r"[-–+•*]?\s*(?:(?:\d{1,2}(?:\.\d{1,2})*|[a-zđ])[.)]\s*)?")
PIPELINE_STAGES = ("read", "build_doc", "header.document", "header.recipients", "header.signer", "header.issuer")
NLP_STAGES = ("nlp.full", "nlp.sentences")


def machine() -> dict[str, Any]:
    """What the timings were measured on."""
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        usable = os.cpu_count()
    return {
        "cpu_count": os.cpu_count(),
        "cpus_usable": usable,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
    }


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.iterdir() if p.is_file() and not p.name.startswith("."))


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


class DocBench:
    """Timings of one document over several runs: stage -> list of seconds."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.times: dict[str, list[float]] = {}
        self.errors: dict[str, str] = {}
        self.chars = 0
        self.output: dict | None = None
        self.format = ""

    def add(self, stage: str, seconds: float) -> None:
        self.times.setdefault(stage, []).append(seconds)

    def attempt(self, stage: str, fn: Callable[[], Any]) -> Any:
        """Time `fn`; a failure is recorded (first message per stage) and returns None."""
        try:
            seconds, result = _timed(fn)
        except Exception as exc:  # an extractor under construction must not stop the bench
            self.errors.setdefault(stage, f"{type(exc).__name__}: {exc}")
            return None
        self.add(stage, seconds)
        return result

    def medians(self) -> dict[str, float]:
        return {k: statistics.median(v) for k, v in self.times.items() if v}


def run_pipeline_once(bench: DocBench) -> None:
    """One run of every pipeline stage on one document, each timed separately."""
    from .extract import CONTENT_EXTRACTORS
    from .extract import document as document_x
    from .extract import issuer as issuer_x
    from .extract import recipients as recipients_x
    from .extract import signer as signer_x
    from .pipeline import build_doc, extract_doc
    from .read import read_path

    raw = bench.attempt("read", lambda: read_path(bench.path))
    if raw is None:
        return
    bench.format = raw.format
    from .text.normalize import normalize

    bench.attempt("normalize", lambda: normalize(raw.text))  # the text stage alone; build_doc = normalize + segment
    doc = bench.attempt("build_doc", lambda: build_doc(raw))
    if doc is None:
        return
    bench.chars = len(doc.text)
    # The header stages in pipeline order, on this doc (extract_doc below runs them again).
    fields = bench.attempt("header.document", lambda: document_x.extract(doc))
    if fields is not None and getattr(fields, "issued", None) and fields.issued.value:
        doc.year = int(fields.issued.value[:4])
    closing = bench.attempt("header.recipients", lambda: recipients_x.extract(doc))
    blocks = bench.attempt("header.signer", lambda: signer_x.extract(doc, closing.used_lines if closing else set()))
    bench.attempt("header.issuer", lambda: issuer_x.extract(doc, fields, blocks or []))
    for ex in CONTENT_EXTRACTORS:
        bench.attempt(f"extract.{ex.name}", lambda ex=ex: ex.load()(doc))
    fresh = build_doc(raw)
    out = bench.attempt("extract_doc", lambda: extract_doc(fresh))
    if out is not None:
        bench.output = out
        parts = [bench.times[s][-1] for s in ("read", "build_doc", "extract_doc")]
        bench.add("pipeline.total", sum(parts))


def nlp_load() -> float:
    """Seconds to load spaCy, underthesea's models and the rulers (first call in the process)."""
    from .text.tokenize import make_nlp

    seconds, nlp = _timed(lambda: make_nlp()("Ủy ban nhân dân quận tổ chức thực hiện."))
    return seconds


def run_nlp_once(bench: DocBench) -> None:
    """Full-document and unit-sentences-only NLP cost (uncached: a fresh parse each time)."""
    from .extract.units import head_re
    from .pipeline import build_doc
    from .read import read_path
    from .text.fold import fold
    from .text.tokenize import make_nlp, sentence_spans

    try:
        text = build_doc(read_path(bench.path)).text
    except Exception as exc:
        bench.errors.setdefault("nlp", f"{type(exc).__name__}: {exc}")
        return
    nlp = make_nlp()
    bench.attempt("nlp.full", lambda: nlp(text))
    folded = fold(text)
    spans = []
    for s, e in sentence_spans(text):
        lead = LIST_MARKER_RE.match(folded, s, e)
        if head_re().match(folded, lead.end() if lead else s, e):
            spans.append((s, e))
    bench.sentence_chars = sum(e - s for s, e in spans)  # type: ignore[attr-defined]
    bench.attempt("nlp.sentences", lambda: [nlp(text[s:e]) for s, e in spans])


def summarize(benches: list[DocBench]) -> dict[str, dict[str, float]]:
    """Per stage: median s/doc and median ms per 10,000 characters over the documents."""
    stages: dict[str, dict[str, float]] = {}
    names: list[str] = []
    for b in benches:
        names.extend(k for k in b.times if k not in names)
    for stage in names:
        per_doc = [(b.medians()[stage], b.chars) for b in benches if stage in b.times and b.chars]
        if not per_doc:
            continue
        stages[stage] = {
            "median_s_per_doc": statistics.median(s for s, _ in per_doc),
            "median_ms_per_10k_chars": statistics.median(s * 1000 * 10000 / c for s, c in per_doc),
            "documents": len(per_doc),
        }
    return stages


def score(corpus: Path, benches: list[DocBench]) -> dict[str, Any] | None:
    """The scorer's table for the last run's outputs against CORPUS/gold, if present."""
    gold_dir = corpus / "gold"
    if not gold_dir.is_dir():
        return None
    from .evaluate import score_docs

    outputs = {b.path.stem: b.output or {} for b in benches}
    pairs = [(g.stem, json.loads(g.read_text(encoding="utf-8")), outputs.get(g.stem, {}))
             for g in sorted(gold_dir.glob("*.json"))]
    report = score_docs(pairs)
    return {
        "overall": report.overall,
        "fields": {f.name: {"kind": f.kind, "value": f.value, "detail": f.detail} for f in report.fields},
        "table": report.format(),
    }


def bench_corpus(corpus: Path, repeat: int = 5, with_nlp: bool = True) -> dict[str, Any]:
    """Run everything and return the bench.json object."""
    benches = [DocBench(p) for p in corpus_files(corpus)]
    from .values.dates import _scan

    for _ in range(repeat):
        for b in benches:
            _scan.cache_clear()  # every run pays full price: no help from the previous run's line cache
            run_pipeline_once(b)
    load_s = None
    if with_nlp and benches:
        try:
            load_s = nlp_load()
        except Exception:
            load_s = None
            traceback.print_exc()
        if load_s is not None:
            for _ in range(repeat):
                for b in benches:
                    run_nlp_once(b)
    stages = summarize(benches)
    total_chars = sum(b.chars for b in benches)
    sent_chars = sum(getattr(b, "sentence_chars", 0) for b in benches)
    return {
        "corpus": str(corpus),
        "repeat": repeat,
        "machine": machine(),
        "documents": [
            {"name": b.path.name, "format": b.format, "chars": b.chars,
             "stages": b.medians(), "errors": b.errors} for b in benches
        ],
        "total_chars": total_chars,
        "stages": stages,
        "nlp": {
            "load_s": load_s,
            "sentence_share": (sent_chars / total_chars) if with_nlp and total_chars else None,
            "full": stages.get("nlp.full"),
            "sentences": stages.get("nlp.sentences"),
        },
        "score": score(corpus, benches),
    }


def format_report(result: dict[str, Any]) -> str:
    """The plain-text table printed by `make bench`."""
    m = result["machine"]
    lines = [
        f"khparse bench: {len(result['documents'])} documents, {result['total_chars']:,} characters, "
        f"{result['repeat']} run(s) each (medians)",
        f"machine: {m['cpu_count']} CPUs ({m['cpus_usable']} usable), {m['implementation']} {m['python']}, {m['platform']}",
        "",
        f"{'stage':<28s} {'s/doc':>9s} {'ms/10k chars':>13s}",
    ]
    for stage, row in result["stages"].items():
        if stage.startswith("nlp."):
            continue
        lines.append(f"{stage:<28s} {row['median_s_per_doc']:9.4f} {row['median_ms_per_10k_chars']:13.1f}")
    nlp = result["nlp"]
    if nlp["load_s"] is not None:
        lines += ["", "NLP layer (reference: what text.tokenize would add)",
                  f"{'load (once per process)':<28s} {nlp['load_s']:9.3f}"]
        for key, label in (("full", "full document"), ("sentences", "unit-led sentences only")):
            row = nlp[key]
            if row:
                lines.append(f"{label:<28s} {row['median_s_per_doc']:9.4f} {row['median_ms_per_10k_chars']:13.1f}")
        if nlp["sentence_share"] is not None:
            lines.append(f"(unit-led sentences are {nlp['sentence_share']:.0%} of the characters)")
    lines += ["", f"{'document':<34s} {'chars':>7s} {'total s':>9s} {'nlp.full s':>11s}  errors"]
    for d in result["documents"]:
        st = d["stages"]
        total = st.get("pipeline.total")
        full = st.get("nlp.full")
        lines.append(f"{d['name']:<34s} {d['chars']:7d} "
                     f"{(f'{total:9.4f}' if total is not None else '        -')} "
                     f"{(f'{full:11.4f}' if full is not None else '          -')}  "
                     + "; ".join(f"{k}: {v}" for k, v in d["errors"].items()))
    if result["score"]:
        lines += ["", "score against gold (last run):", result["score"]["table"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m parser.bench", description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path, help="directory of documents (gold/ inside is used for scores)")
    ap.add_argument("--out", type=Path, default=Path("bench-out"), help="where bench.json goes (default bench-out/)")
    ap.add_argument("--repeat", "-n", type=int, default=5, help="runs per document (default 5)")
    ap.add_argument("--no-nlp", action="store_true", help="skip the NLP layer timings")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        ap.error(f"{args.corpus} is not a directory")
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    result = bench_corpus(args.corpus, repeat=args.repeat, with_nlp=not args.no_nlp)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(format_report(result))
    print(f"\nwrote {args.out / 'bench.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
