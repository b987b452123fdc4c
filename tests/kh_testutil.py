"""Shared test helpers (importable by name; pytest's conftest modules are not, when several exist)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
GOLD = CORPUS / "gold"
SHARED = ROOT.parent / "shared"
LOOPBACK = "127.0.0.1"


def free_port() -> int:
    """A TCP port free on the loopback interface now (for a test server started next)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return int(s.getsockname()[1])


@lru_cache(maxsize=None)
def corpus_outputs() -> dict[str, dict]:
    """Pipeline output for every corpus document, computed once per test session."""
    from parser.pipeline import run_file

    return {p.stem: run_file(p) for p in sorted(CORPUS.glob("*.txt"))}


def extract_text(text: str) -> dict:
    from parser.pipeline import run_text

    return run_text(text)


def iter_spans(obj):  # type: ignore[no-untyped-def]
    """Every span in an output (items' "span", document "spans"), skipping the text itself."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == "span" and v is not None:
                yield v
            elif k == "spans" and isinstance(v, dict):
                yield from v.values()
            elif k != "text":
                yield from iter_spans(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from iter_spans(v)


def bad_spans(out: dict) -> list:
    """Spans that are not 0 <= start <= end <= len(text)."""
    n = len(out["text"])
    return [s for s in iter_spans(out) if not (0 <= s[0] <= s[1] <= n)]


@lru_cache(maxsize=None)
def corpus_report():  # type: ignore[no-untyped-def]
    """(shared-scorer Report, [(name, gold, output)]) for the corpus, computed once per session."""
    import json

    from parser.evaluate import score_docs

    outs = corpus_outputs()
    pairs = [(name, json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8")), outs[name]) for name in sorted(outs)]
    return score_docs(pairs), pairs


@lru_cache(maxsize=None)
def dev_set_runs(name: str) -> tuple[tuple[str, dict, dict], ...]:
    """(document, gold, pipeline output) for every plan of corpus/<name> (dev2, dev3), run once per session."""
    import json

    from parser.pipeline import run_file

    folder = CORPUS / name
    return tuple((p.stem, json.loads((folder / "gold" / f"{p.stem}.json").read_text(encoding="utf-8")), run_file(p))
                 for p in sorted(folder.glob("*.txt")))


def dev_set_low(name: str, fields: tuple[str, ...], floors: dict[str, float]) -> dict[str, float]:
    """Shared-scorer fields of corpus/<name> below their floor, scoring only the gold `fields`."""
    from parser.evaluate import score_docs

    runs = [(doc, {k: gold[k] for k in fields if k in gold}, out) for doc, gold, out in dev_set_runs(name)]
    scores = {f.name: f.value for f in score_docs(runs).fields}
    return {k: round(scores.get(k, 0.0), 3) for k, floor in floors.items() if scores.get(k, 0.0) < floor}


def raw_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A hand-built PDF (objects 1..n, object 1 the catalog) with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)
