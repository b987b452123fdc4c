"""SpanRuler patterns as data: rules/patterns/*.jsonl, generated from the TSV tables.

- `units.jsonl` (generated from `rules/units.tsv`): every unit head and
  abbreviation, label `kh_unit`, id = the canonical head;
- `comparators.jsonl` (generated from `rules/comparators.tsv`): comparator
  phrases with their number, label `kh_comparator`, id "before:>=" /
  "after:<=" (where the phrase stands, and the operator);
- `units_extra.jsonl` (hand-written): more unit spellings, as `"phrase"`
  entries expanded like a TSV head, each with its `"source"`.

underthesea does not always cut a multi-syllable head where the lexicon
does ("Ủy ban nhân dân" is one word, or "Ủy" + "ban nhân dân"), so a phrase
becomes one pattern per way of grouping its syllables into words. Unit
patterns match on NORM (the folded word: case, tone placement and lost
diacritics do not matter, as in `extract.units`; `text.nlp` then checks the
diacritics that are there) and require a capital on the first word (a named
body, not "phòng, chống" or "cán bộ"); comparator patterns match on LOWER
(folding would turn "từ" into "tư", "tự").

Regenerate after editing a TSV: `python -m parser.text.patterns` (a test
fails while the files are out of date).
"""
from __future__ import annotations

import json
from functools import lru_cache
from itertools import product
from pathlib import Path
from typing import Iterator

import regex

from ..rules import RULES_DIR, load_table
from .fold import fold

__all__ = [
    "UNIT_KEY", "COMPARATOR_KEY", "PATTERNS_DIR", "GENERATED", "segmentations", "unit_patterns",
    "comparator_patterns", "generated_patterns", "dump_patterns", "load_patterns", "fixed_words", "spellings",
]

UNIT_KEY = "kh_unit"
COMPARATOR_KEY = "kh_comparator"
PATTERNS_DIR = RULES_DIR / "patterns"
GENERATED = ("units", "comparators")

# The pieces underthesea never merges with a neighbour: words ("TĐ-KT" and
# "GD&ĐT" are one token) and single punctuation characters.
PHRASE_PIECE_RE = regex.compile(r"\w+(?:[-&]\w+)*|[^\w\s]")
# underthesea words longer than four syllables are names ("Hồ Chí Minh" is
# three); on the corpus 99.8 % of words have one or two syllables.
MAX_WORD_SYLLABLES = 4
FIRST_CAPITAL = {"SHAPE": {"REGEX": "^X"}}
NUMBER = {"TAG": "M"}
PERCENT = {"ORTH": "%", "OP": "?"}
# Up to two words between a number and a trailing comparator ("5 năm trở lên").
MEASURE_WORD = {"TAG": {"NOT_IN": ["M", "CH", "_SP"]}, "OP": "?"}


def segmentations(phrase: str) -> list[list[str]]:
    """Every way underthesea may group `phrase` into tokens, as token texts.

    Punctuation stays a token of its own; adjacent words may be grouped
    into one token (joined by one space).
    """
    pieces = PHRASE_PIECE_RE.findall(phrase)
    runs: list[list[str]] = []
    for piece in pieces:
        if regex.match(r"\w", piece) and runs and regex.match(r"\w", runs[-1][-1]):
            runs[-1].append(piece)
        else:
            runs.append([piece])
    options = [_groupings(run) for run in runs]
    return [[tok for part in combo for tok in part] for combo in product(*options)]


def _groupings(words: list[str]) -> list[list[str]]:
    """Compositions of `words` into tokens of at most `MAX_WORD_SYLLABLES` words."""
    if not words:
        return [[]]
    out: list[list[str]] = []
    for cut in range(1, min(len(words), MAX_WORD_SYLLABLES) + 1):
        head = " ".join(words[:cut])
        out.extend([head, *rest] for rest in _groupings(words[cut:]))
    return out


def _unit_phrases() -> Iterator[tuple[str, str]]:
    """(phrase, canonical head) for every head and abbreviation of units.tsv."""
    for row in load_table("units"):
        yield row["head"], row["head"]
        for abbr in filter(None, (a.strip() for a in row["abbreviations"].split(","))):
            yield abbr, row["head"]


def fixed_words() -> list[str]:
    """Unit heads and abbreviations (units.tsv and units_extra.jsonl): the tokenizer keeps their starts."""
    return [p for p, _ in _unit_phrases()] + [e["phrase"] for e in _extra_phrases()]


def phrase_patterns(label: str, phrase: str, ident: str) -> list[dict]:
    """NORM patterns (first word capitalised) for one unit phrase."""
    out = []
    for seg in segmentations(phrase):
        pattern = [{"NORM": fold(tok)} for tok in seg]
        pattern[0] = {**pattern[0], **FIRST_CAPITAL}
        out.append({"label": label, "id": ident, "pattern": pattern})
    return out


def unit_patterns() -> list[dict]:
    """The content of units.jsonl: one pattern per head spelling and segmentation."""
    seen: set[str] = set()
    out: list[dict] = []
    for phrase, head in _unit_phrases():
        for p in phrase_patterns(UNIT_KEY, phrase, head):
            key = json.dumps(p["pattern"], ensure_ascii=False, sort_keys=True)
            if key not in seen:
                seen.add(key)
                out.append(p)
    return out


def _lower(seg: list[str]) -> list[dict]:
    return [{"LOWER": tok.lower()} for tok in seg]


def comparator_patterns() -> list[dict]:
    """The content of comparators.jsonl; ids are "before:<op>" / "after:<op>".

    before: phrase + number (+ "%"): "tối đa 02", "ít nhất 95 %";
    after: number (+ "%") (+ up to two words) + phrase: "98 % trở lên".
    Overlapping matches are merged afterwards ("từ 98 % trở lên"; the
    trailing phrase gives the operator: "từ 6 tuổi trở xuống" is "<=").
    """
    out: list[dict] = []
    for r in load_table("comparators"):
        ident = f"{r['position']}:{r['operator']}"
        for seg in segmentations(r["phrase"]):
            if r["position"] == "before":
                pattern = [*_lower(seg), NUMBER, PERCENT]
            else:
                pattern = [NUMBER, PERCENT, MEASURE_WORD, MEASURE_WORD, *_lower(seg)]
            out.append({"label": COMPARATOR_KEY, "id": ident, "pattern": pattern})
    return out


def generated_patterns(name: str) -> list[dict]:
    return {"units": unit_patterns, "comparators": comparator_patterns}[name]()


def dump_patterns(patterns: list[dict]) -> str:
    return "".join(json.dumps(p, ensure_ascii=False, sort_keys=True) + "\n" for p in patterns)


@lru_cache(maxsize=None)
def load_patterns(name: str) -> tuple[dict, ...]:
    """Patterns of `rules/patterns/<name>.jsonl`.

    Lines may be `{"label", "id", "pattern"}` (a spaCy token pattern) or
    `{"label", "id", "phrase"}` (expanded here like a units.tsv head); other
    keys ("source") document the entry and are dropped.
    """
    out: list[dict] = []
    for line in (PATTERNS_DIR / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        if "phrase" in entry:
            out.extend(phrase_patterns(entry["label"], entry["phrase"], entry.get("id", entry["phrase"])))
        else:
            out.append({k: entry[k] for k in ("label", "id", "pattern") if k in entry})
    return tuple(out)


def _extra_phrases() -> Iterator[dict]:
    for line in (PATTERNS_DIR / "units_extra.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            if "phrase" in entry:
                yield entry


@lru_cache(maxsize=1)
def spellings() -> dict[str, tuple[str, ...]]:
    """Pattern id (canonical head) -> every listed spelling of it."""
    out: dict[str, list[str]] = {}
    for phrase, head in _unit_phrases():
        out.setdefault(head, []).append(phrase)
    for entry in _extra_phrases():
        out.setdefault(entry.get("id", entry["phrase"]), []).append(entry["phrase"])
    return {k: tuple(v) for k, v in out.items()}


def write_generated(directory: Path = PATTERNS_DIR) -> list[Path]:
    """Rewrite the generated pattern files from their TSV tables."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in GENERATED:
        path = directory / f"{name}.jsonl"
        path.write_text(dump_patterns(generated_patterns(name)), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":  # pragma: no cover
    for p in write_generated():
        print(p)
