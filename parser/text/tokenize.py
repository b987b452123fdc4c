"""Word-level NLP over the normalized text: a spaCy `Doc` on underthesea words.

Vietnamese writes one syllable per space-separated chunk, so spaCy's blank
"vi" pipeline (without pyvi) gives syllables, not words. Here every line is
segmented with `underthesea.word_tokenize` (its token normalization off, so
"Uỷ" stays "Uỷ"), each word is re-aligned to the original characters
(`text.words`), and the result becomes a spaCy `Doc` whose text is exactly
the input. Rules can
then be written as `Matcher` / `SpanRuler` patterns over words and POS tags
(see `text.nlp`) instead of raw character regexes where that is clearer.

Token attributes set here:
- `tag_`: the underthesea (VLSP 2013) tag, `pos_`: its Universal POS;
- `norm_`: the folded word (`text.fold`: lower case, no diacritics), so that
  patterns keyed on NORM match "Ủy ban", "Uỷ ban" and OCR's "Uy ban" alike.

Cost: loading spaCy, the two CRF models and the rulers takes about a
second, once per process; after that segmentation, tagging and the rulers
cost some 15-25 ms per 1,000 characters, several times the whole regex
pipeline. Extractors that need words only in a few sentences should call
`span_docs` on those spans rather than `doc_for(doc.text)` (`make bench`
prints both costs). Nothing here downloads a model: underthesea's word
segmentation and POS models ship inside its wheel.

Importing this module imports neither spaCy nor underthesea; they load on
first use.
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, Sequence

import regex

from .fold import fold
from .words import NO_FIXED_WORDS, FixedWords, segment_line

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc, Span as SpacySpan, Token

    from ..model import KhDoc

__all__ = [
    "TOKENIZER_NAME", "POS_MAP", "make_nlp", "doc_for", "span_docs", "sentence_spans",
    "char_offsets", "segment_line",
]

TOKENIZER_NAME = "khparse.underthesea_words.v1"

# underthesea's POS tags (VLSP 2013 tagset) -> Universal POS. Ny (abbreviated
# noun: UBND, HĐND) is a name of a body in administrative text, hence PROPN.
POS_MAP: dict[str, str] = {
    "N": "NOUN", "Nc": "NOUN", "Nu": "NOUN", "Nb": "NOUN", "Ni": "NOUN",
    "Np": "PROPN", "Ny": "PROPN",
    "V": "VERB", "Vb": "VERB", "Vy": "VERB",
    "A": "ADJ", "Ab": "ADJ", "Ay": "ADJ",
    "P": "PRON", "R": "ADV", "L": "DET", "M": "NUM", "E": "ADP",
    "C": "CCONJ", "CC": "CCONJ", "Cc": "CCONJ",
    "I": "INTJ", "T": "PART", "Y": "NOUN", "S": "X", "Z": "X", "X": "X",
    "CH": "PUNCT",
}
SPACE_TAG = "_SP"

# A number as written in plans ("02", "1.000", "30,5", "15/11/2024", "98%"):
# the CRF tagger often calls these V or N, so they are re-tagged M.
NUMBER_RE = regex.compile(r"\d+(?:[.,/:-]\d+)*%?")
SYMBOL_RE = regex.compile(r"[%+=<>$&§/×÷±≤≥]+")
PUNCT_RE = regex.compile(r"[^\w\s]+")
LINE_RE = regex.compile(r"[^\n]+")
# Sentence ends inside a line: ". " / "; " / "! " / "? " before a capital,
# a digit or a list dash ("…năm 2024. Các phòng…", "…quận; - UBND phường…").
SENTENCE_END_RE = regex.compile(r"(?<=[.;!?…])\s+(?=[\p{Lu}\d\-–+•(\"“])")

# The word before a "." that ends no sentence: list numbers, letters, short
# abbreviations in capitals ("1.", "1.2.", "II.", "a)", "TM.", "TT.", "Đ/c.").
NOT_A_SENTENCE_END_RE = regex.compile(r"[-+•]?(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,5}|\p{L}|\p{Lu}{2,4}|\p{L}/\p{L}{1,2})[.)]")


@lru_cache(maxsize=1)
def _pos_model():  # type: ignore[no-untyped-def]
    """underthesea's 2023 POS CRF (what `pos_tag(model="v2.0")` loads; Rust features, fast).

    `pos_tag` itself re-segments and normalizes its input and, with v2.0,
    only answers on its first call, so the model is loaded here once and
    fed our words. The older 2017 model is the fallback.
    """
    from pathlib import Path

    import underthesea.pipeline.pos_tag as pos_pkg

    path = Path(pos_pkg.__file__).parent / "models" / "pos_crf_vlsp2013_20230303"
    if path.is_dir():
        from underthesea.models.fast_crf_sequence_tagger import FastCRFSequenceTagger

        tagger = FastCRFSequenceTagger()
        tagger.load(str(path))
        return lambda words: [t[2:] if t[:2] in ("B-", "I-") else t for t in tagger.predict([[w] for w in words])]
    from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

    return lambda words: [t for _, t in CRFPOSTagPredictor.Instance().predict(list(words))]


def tag_words(words: Sequence[str]) -> list[str]:
    """VLSP tags for already segmented words, numbers and punctuation corrected."""
    if not words:
        return []
    tags = _pos_model()(list(words))
    return [_fix_tag(w, t) for w, t in zip(words, tags)]


def _fix_tag(word: str, tag: str) -> str:
    if NUMBER_RE.fullmatch(word):
        return "M"
    if PUNCT_RE.fullmatch(word):
        return "CH"
    return tag


def _pos(word: str, tag: str) -> str:
    if tag == "CH" and SYMBOL_RE.fullmatch(word):
        return "SYM"
    return POS_MAP.get(tag, "X")


# --- spaCy --------------------------------------------------------------------

def _build_doc(vocab, text: str, fixed: FixedWords = NO_FIXED_WORDS) -> "Doc":  # type: ignore[no-untyped-def]
    """A `Doc` whose text is exactly `text`: words of each line, whitespace kept."""
    from spacy.tokens import Doc

    spans: list[tuple[int, int]] = []
    tags: list[str] = []
    for m in LINE_RE.finditer(text):
        line = m.group()
        if not line.strip():
            continue
        local = segment_line(line, fixed)
        spans.extend((m.start() + s, m.start() + e) for s, e in local)
        tags.extend(tag_words([line[s:e] for s, e in local]))
    words: list[str] = []
    spaces: list[bool] = []
    out_tags: list[str] = []
    pos_ = 0
    for (s, e), tag in zip(spans + [(len(text), len(text))], tags + [""]):
        gap = text[pos_:s]
        if gap:
            if words and gap[0] == " " and not spaces[-1]:
                spaces[-1] = True
                gap = gap[1:]
            if gap:
                words.append(gap)
                spaces.append(False)
                out_tags.append(SPACE_TAG)
        if e > s:
            words.append(text[s:e])
            spaces.append(False)
            out_tags.append(tag)
        pos_ = e
    pos = [("SPACE" if t == SPACE_TAG else _pos(w, t)) for w, t in zip(words, out_tags)]
    doc = Doc(vocab, words=words, spaces=spaces, tags=out_tags, pos=pos)
    for tok in doc:
        tok.norm_ = fold(tok.text)
    return doc


class _WordTokenizer:
    """spaCy tokenizer: underthesea words aligned to the text (`doc.text == text`)."""

    def __init__(self, vocab, fixed: FixedWords = NO_FIXED_WORDS) -> None:  # type: ignore[no-untyped-def]
        self.vocab = vocab
        self.fixed = fixed

    def __call__(self, text: str) -> "Doc":
        return _build_doc(self.vocab, text, self.fixed)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterable["Doc"]:
        for text in texts:
            yield self(text)

    # No state to save: the models live in the underthesea package.
    def to_bytes(self, **kwargs: object) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs: object) -> "_WordTokenizer":
        return self

    def to_disk(self, path: object, **kwargs: object) -> None:
        return None

    def from_disk(self, path: object, **kwargs: object) -> "_WordTokenizer":
        return self


@lru_cache(maxsize=1)
def _register() -> None:
    from spacy.util import registry

    def create_tokenizer():  # type: ignore[no-untyped-def]
        from .patterns import fixed_words

        return lambda nlp: _WordTokenizer(nlp.vocab, FixedWords(fixed_words()))

    registry.tokenizers.register(TOKENIZER_NAME, func=create_tokenizer)


@lru_cache(maxsize=1)
def make_nlp() -> "Language":
    """The shared pipeline: underthesea tokenizer + unit and comparator rulers (built once)."""
    import spacy

    from .nlp import add_rulers

    _register()
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}})
    add_rulers(nlp)
    return nlp


@lru_cache(maxsize=2048)
def doc_for(text: str, base: int = 0) -> "Doc":
    """The processed `Doc` of `text`; `base` is where `text` starts in the document.

    Cached by (text, base), so extractors asking for the same sentence share
    one parse. `doc.user_data["base"]` keeps `base`; `char_offsets` adds it.
    Treat the returned `Doc` as read-only (it is shared).
    """
    doc = make_nlp()(text)
    doc.user_data["base"] = base
    return doc


def span_docs(kh_doc: "KhDoc", spans: Iterable[tuple[int, int]]) -> list["Doc"]:
    """One `Doc` per (start, end) span of `kh_doc.text`, offsets based at `start`.

    The way to pay only for the text a rule reads: pass the lines or
    sentences (see `sentence_spans`) it needs instead of the whole document.
    """
    return [doc_for(kh_doc.text[s:e], s) for s, e in spans]


def sentence_spans(text: str, base: int = 0) -> list[tuple[int, int]]:
    """Sentence spans of `text` (+ `base`): lines, split again at sentence ends inside a line.

    A period after a list number or an abbreviation ("1.", "II.", "a)",
    "TM.", "TT. Huyện ủy") ends nothing.
    """
    out: list[tuple[int, int]] = []
    for m in LINE_RE.finditer(text):
        start = m.start()
        for end_m in SENTENCE_END_RE.finditer(text, m.start(), m.end()):
            last_word = text[start: end_m.start()].rsplit(None, 1)[-1] if text[start: end_m.start()].strip() else ""
            if NOT_A_SENTENCE_END_RE.fullmatch(last_word):
                continue
            out.append((start, end_m.start()))
            start = end_m.end()
        out.append((start, m.end()))
    return [(base + s, base + e) for s, e in out if text[s:e].strip()]


def char_offsets(item: "Token | SpacySpan") -> tuple[int, int]:
    """Document offsets of a token or span of a `Doc` made by `doc_for`."""
    base = int(item.doc.user_data.get("base", 0))
    if hasattr(item, "start_char"):
        return base + item.start_char, base + item.end_char  # type: ignore[union-attr]
    return base + item.idx, base + item.idx + len(item)  # type: ignore[union-attr]
