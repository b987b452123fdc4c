"""Field-level evaluation of khparse output against gold files.

The project's own evaluator: it reimplements the semantics of the shared
scorer (``shared/eval/score.py``) so that the project can measure itself
without the shared tree, and a test keeps the two in step number for number.

- Scalars: accuracy over the fields the gold states. A gold ``null`` means
  "the document leaves it blank", so the prediction must be null or empty.
- Lists: one-to-one greedy matching (each gold item takes the first unused
  prediction that matches), then precision / recall / F1 over all documents.
- Matched pairs: accuracy of selected sub-fields.
- ``overall``: the unweighted mean of every reported row.

The rule tables come first and are plain data; comparators are referred to
by name and resolved through ``COMPARATORS`` further down.
"""
from __future__ import annotations

import difflib
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

# --- rule tables -------------------------------------------------------------

#: Similarity (difflib ratio) above which two texts count as the same.
FUZZY = 0.85

#: Old-style tone placement is the same word as the new ("hoà" = "hòa",
#: "uỷ" = "ủy"); applied at the end of a word only.
TONE_PAIRS: dict[str, str] = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}

#: Abbreviations of public bodies that documents and annotators write either
#: way; matched as whole tokens (not inside words or hyphenated codes).
ABBREVIATIONS: dict[str, str] = {
    "ubnd": "ủy ban nhân dân", "hđnd": "hội đồng nhân dân", "mttq": "mặt trận tổ quốc",
    "ubmttq": "ủy ban mặt trận tổ quốc", "tđkt": "thi đua khen thưởng", "tđ-kt": "thi đua khen thưởng",
    "tp": "thành phố", "tt": "thường trực",
}

#: Lower-case letters of Vietnamese (a following letter means "not word end").
VIETNAMESE_LOWER = ("a-zàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợ"
                    "ùúủũụưừứửữựỳýỷỹỵđ")

#: Markup and quote characters dropped before comparing.
IGNORED_CHARS = "*_`“”\"'’‘"
#: Characters trimmed from both ends of a normalized text.
EDGE_CHARS = " .,;:-–—"

#: Scalar fields: (dotted path, comparator name).
SCALAR_FIELDS: tuple[tuple[str, str], ...] = (
    ("document.number", "exact"), ("document.symbol", "exact"), ("document.place", "exact"),
    ("document.issued.value", "exact"), ("document.issued.precision", "exact"),
    ("document.title", "similar"), ("document.motto", "similar"), ("document.theme", "similar"),
    ("issuer.name", "similar"), ("issuer.abbreviation", "exact"),
    ("signer.authority", "exact"), ("signer.title", "exact"), ("signer.name", "exact"),
    ("period.start.value", "exact"), ("period.end.value", "exact"),
    ("archive_copy.copies", "number"),
)

#: List fields: (dotted path, matcher name deciding that two items are one).
LIST_FIELDS: tuple[tuple[str, str], ...] = (
    ("legal_basis", "citation"), ("references", "citation"), ("commemorations", "commemoration"),
    ("phases", "phase"), ("tasks", "task"), ("assignments", "assignment"), ("quotas", "quota"),
    ("recipients", "recipient"), ("rewards", "reward"), ("deadlines", "deadline"),
    ("archive_copy.holders", "string"),
)

#: Sub-fields compared (accuracy) on matched pairs: list -> (key, comparator).
PAIR_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "legal_basis": (("kind", "exact"), ("date", "date"), ("issuer", "similar_loose")),
    "references": (("kind", "exact"), ("date", "date")),
    "commemorations": (("start", "date"),),
    "phases": (("name", "similar"),),
    "tasks": (("lead_units", "same_units"),),
    "quotas": (("operator", "exact"), ("value_max", "optional_number")),
    "recipients": (("purpose", "exact"),),
}

# --- normalization -----------------------------------------------------------

_IGNORED_RE = re.compile("[" + re.escape(IGNORED_CHARS) + "]")
_TONE_RE = re.compile(
    "(" + "|".join(map(re.escape, TONE_PAIRS)) + ")(?![" + VIETNAMESE_LOWER + "])"
)
_ABBR_RE = re.compile(
    r"(?<![\w-])("
    + "|".join(re.escape(a) for a in sorted(ABBREVIATIONS, key=len, reverse=True))
    + r")(?![\w-])"
)
_SPACED_JOINER_RE = re.compile(r"\s[-–—&]\s")
_SPACE_RE = re.compile(r"[\s\u00a0]+")
_NUMBER_NOISE_RE = re.compile(r"[\s\-–—]")


def norm(value: object) -> str:
    """Comparable form of a text: NFC, lower case, no quotes or markup,
    new-style tone placement, abbreviations expanded, spaced joiners
    (" - ", " & ") and edge punctuation dropped, whitespace collapsed."""
    if value is None:
        return ""
    s = unicodedata.normalize("NFC", str(value)).lower()
    s = _IGNORED_RE.sub("", s)
    s = _TONE_RE.sub(lambda m: TONE_PAIRS[m.group(1)], s)
    s = _ABBR_RE.sub(lambda m: ABBREVIATIONS[m.group(1)], s)
    s = _SPACED_JOINER_RE.sub(" ", s)
    s = _SPACE_RE.sub(" ", s)
    return s.strip(EDGE_CHARS)


def same_text(a: object, b: object, threshold: float = FUZZY) -> bool:
    """Same after `norm`, or one nearly covers the other (>= 80 % of its
    length), or difflib similarity reaches `threshold`."""
    a, b = norm(a), norm(b)
    if not a or not b:
        return a == b
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if short in long_ and len(short) >= 0.8 * len(long_):
        return True
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= threshold


def citation_number(value: object) -> str:
    """Number key ignoring case, spaces and dashes: '20/CT – VNPT - CĐ VNPT'
    and '20/CT-VNPT-CĐVNPT' are the same document number."""
    return _NUMBER_NOISE_RE.sub("", unicodedata.normalize("NFC", str(value or "")).lower())


def date_value(d: object) -> object:
    """The ISO value of a date object (or the bare value if not an object)."""
    return d.get("value") if isinstance(d, dict) else d


def num_equal(a: object, b: object) -> bool:
    """Numeric equality tolerant of int/float/str; non-numbers never equal."""
    try:
        return abs(float(a) - float(b)) < 1e-9  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def exact(a: object, b: object) -> bool:
    """Equal after `norm` (no fuzziness)."""
    return norm(a) == norm(b)


# --- matchers (gold item, predicted item) -> same item? -----------------------

Item = Any
Comparator = Callable[[Any, Any], bool]


def match_citation(g: Item, p: Item) -> bool:
    """By number when the gold gives one, else by kind plus loose text."""
    if g.get("number"):
        return citation_number(g.get("number")) == citation_number(p.get("number"))
    return exact(g.get("kind"), p.get("kind")) and same_text(g.get("text"), p.get("text"), 0.6)


def match_commemoration(g: Item, p: Item) -> bool:
    """Same number of years and same anniversary date."""
    return g.get("years") == p.get("years") and date_value(g.get("end")) == date_value(p.get("end"))


def match_phase(g: Item, p: Item) -> bool:
    """Same start and end dates."""
    return (date_value(g.get("start")) == date_value(p.get("start"))
            and date_value(g.get("end")) == date_value(p.get("end")))


def match_task(g: Item, p: Item) -> bool:
    """Loosely the same title."""
    return same_text(g.get("title"), p.get("title"), 0.7)


def match_assignment(g: Item, p: Item) -> bool:
    """The same unit heading."""
    return same_text(g.get("unit"), p.get("unit"))


def match_quota(g: Item, p: Item) -> bool:
    """Same value and unit, and (when the gold names one) a similar subject
    or text."""
    if not (num_equal(g.get("value"), p.get("value")) and same_text(g.get("unit"), p.get("unit"), 0.7)):
        return False
    return (not g.get("subject")
            or same_text(g.get("subject"), p.get("subject"), 0.5)
            or same_text(g.get("text"), p.get("text"), 0.5))


def match_recipient(g: Item, p: Item) -> bool:
    """The same recipient name."""
    return same_text(g.get("name"), p.get("name"))


def match_reward(g: Item, p: Item) -> bool:
    """Same award form, and a similar granting body when the gold names one."""
    return exact(g.get("form"), p.get("form")) and (
        not g.get("granted_by") or same_text(g.get("granted_by"), p.get("granted_by"), 0.7))


def match_deadline(g: Item, p: Item) -> bool:
    """The same date."""
    return date_value(g.get("date")) == date_value(p.get("date"))


def _as_list(value: Any) -> list[Any]:
    """A list as is; anything else iterable as its items; falsy as []."""
    return value if isinstance(value, list) else (list(value) if value else [])


def same_units(a: object, b: object) -> bool:
    """Two unit lists match as sets of texts (F1 of 1)."""
    gold, pred = _as_list(a), _as_list(b)
    tp = len(match_items(gold, pred, same_text))
    return f1(*precision_recall(tp, len(gold), len(pred))) >= 0.99


COMPARATORS: dict[str, Comparator] = {
    "exact": exact,
    "similar": same_text,
    "similar_loose": lambda a, b: same_text(a, b, 0.7),
    "number": num_equal,
    "optional_number": lambda a, b: (a is None and b is None) or num_equal(a, b),
    "date": lambda a, b: date_value(a) == date_value(b),
    "same_units": same_units,
    "string": same_text,
    "citation": match_citation,
    "commemoration": match_commemoration,
    "phase": match_phase,
    "task": match_task,
    "assignment": match_assignment,
    "quota": match_quota,
    "recipient": match_recipient,
    "reward": match_reward,
    "deadline": match_deadline,
}


# --- matching and counting ---------------------------------------------------

def match_items(gold: list[Item], pred: list[Item], matcher: Comparator) -> list[tuple[Item, Item]]:
    """Greedy one-to-one pairs: each gold item, in order, takes the first
    unused prediction the matcher accepts (a matcher that raises rejects)."""
    used: set[int] = set()
    pairs: list[tuple[Item, Item]] = []
    for g in gold:
        for j, p in enumerate(pred):
            if j in used:
                continue
            try:
                ok = matcher(g, p)
            except Exception:  # malformed prediction item: no match
                ok = False
            if ok:
                used.add(j)
                pairs.append((g, p))
                break
    return pairs


def precision_recall(tp: int, n_gold: int, n_pred: int) -> tuple[float, float]:
    """P and R; an empty side counts as perfect only when both are empty
    (recall of an empty gold is 1 — its F1 still falls to 0 via P)."""
    prec = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    rec = tp / n_gold if n_gold else 1.0
    return prec, rec


def f1(prec: float, rec: float) -> float:
    """Harmonic mean, 0 when both are 0."""
    return 2 * prec * rec / (prec + rec) if prec + rec else 0.0


def get_path(obj: Any, path: str) -> Any:
    """Follow a dotted path through dicts; None where it breaks."""
    for key in path.split("."):
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def states_path(gold: Any, path: str) -> bool:
    """True when the gold states this path. A null on the way counts as
    stating "blank" (the prediction must then be blank there too)."""
    obj = gold
    for key in path.split("."):
        if obj is None:
            return True
        if not isinstance(obj, dict) or key not in obj:
            return False
        obj = obj[key]
    return True


def load_json(path: Path) -> Any:
    """Parsed JSON, or {} when the file is missing or unreadable (a missing
    prediction scores as empty)."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except Exception:
        return {}


# --- report ------------------------------------------------------------------

@dataclass(frozen=True)
class FieldScore:
    """One row: a field's score ("acc" or "f1") with its counts as text."""

    name: str
    kind: str
    value: float
    detail: str


@dataclass(frozen=True)
class Report:
    """All rows, their macro mean and the human-readable list of misses."""

    fields: list[FieldScore]
    overall: float
    misses: list[str]

    def as_dict(self) -> dict:
        """The shared scorer's ``--json`` object."""
        return {"fields": {f.name: f.value for f in self.fields}, "overall": self.overall}

    def format(self, verbose: bool = False) -> str:
        """The shared scorer's text output, line for line (verbose with no
        misses keeps its empty line)."""
        lines = [f"{f.name:34s} {f.kind:3s} {f.value:6.3f}  {f.detail}" for f in self.fields]
        if verbose:
            lines.append("\n".join(self.misses))
        lines.append(f"overall {self.overall:.3f}")
        return "\n".join(lines)


def score_docs(pairs: Iterable[tuple[str, Any, Any]]) -> Report:
    """Score (name, gold, prediction) triples, in the order given."""
    scalars = {path: [0, 0] for path, _ in SCALAR_FIELDS}      # ok, n
    lists = {name: [0, 0, 0] for name, _ in LIST_FIELDS}       # tp, n_gold, n_pred
    pair_counts: dict[str, list[int]] = {}                      # ok, n; first-seen order
    misses: list[str] = []
    for doc, gold, pred in pairs:
        for path, cmp_name in SCALAR_FIELDS:
            if not states_path(gold, path):
                continue
            g, p = get_path(gold, path), get_path(pred, path)
            ok = (p is None or p == "") if g is None else bool(COMPARATORS[cmp_name](g, p))
            scalars[path][0] += ok
            scalars[path][1] += 1
            if not ok:
                misses.append(f"{doc}: {path}: gold={g!r} pred={p!r}")
        for name, matcher_name in LIST_FIELDS:
            if not states_path(gold, name):
                continue
            g_items = get_path(gold, name) or []
            p_items = get_path(pred, name) or []
            if not isinstance(g_items, list):
                g_items = []
            if not isinstance(p_items, list):
                p_items = []
            matched = match_items(g_items, p_items, COMPARATORS[matcher_name])
            lists[name][0] += len(matched)
            lists[name][1] += len(g_items)
            lists[name][2] += len(p_items)
            if len(matched) < len(g_items):
                found = {id(g) for g, _ in matched}
                misses.extend(f"{doc}: {name}: missed {json.dumps(item, ensure_ascii=False)[:160]}"
                              for item in g_items if id(item) not in found)
            for sub, cmp_name in PAIR_FIELDS.get(name, ()):
                for g, p in matched:
                    if not isinstance(g, dict) or sub not in g:
                        continue
                    key = f"{name}.{sub}"
                    counts = pair_counts.setdefault(key, [0, 0])
                    try:
                        ok = bool(COMPARATORS[cmp_name](g.get(sub), p.get(sub)))
                    except Exception:  # malformed prediction value: wrong
                        ok = False
                    counts[0] += ok
                    counts[1] += 1
                    if not ok:
                        misses.append(f"{doc}: {key}: gold={g.get(sub)!r} pred={p.get(sub)!r}")
    return _report(scalars, lists, pair_counts, misses)


def _report(scalars: dict[str, list[int]], lists: dict[str, list[int]],
            pair_counts: dict[str, list[int]], misses: list[str]) -> Report:
    """Rows in table order (scalars, lists, pair fields); fields nobody
    stated are left out rather than scored."""
    rows: list[FieldScore] = []
    for path, (ok, n) in scalars.items():
        if n:
            rows.append(FieldScore(path, "acc", ok / n, f"{ok}/{n}"))
    for name, (tp, n_gold, n_pred) in lists.items():
        if n_gold or n_pred:
            prec, rec = precision_recall(tp, n_gold, n_pred)
            rows.append(FieldScore(name, "f1", f1(prec, rec),
                                   f"P={prec:.2f} R={rec:.2f} tp={tp} gold={n_gold} pred={n_pred}"))
    for key, (ok, n) in pair_counts.items():
        rows.append(FieldScore(key, "acc", ok / n, f"{ok}/{n}"))
    overall = sum(r.value for r in rows) / len(rows) if rows else 0.0
    return Report(fields=rows, overall=overall, misses=misses)


def score_dirs(gold_dir: Path, pred_dir: Path) -> Report:
    """Score every GOLD_DIR/NAME.json against PRED_DIR/NAME.json (sorted by
    file name; a missing or unreadable prediction scores as empty)."""
    gold_files = sorted(Path(gold_dir).glob("*.json"))
    return score_docs((gf.stem, load_json(gf), load_json(Path(pred_dir) / gf.name)) for gf in gold_files)
