"""Resource limits for one input: documented defaults, configurable by environment or by the caller.

Why: khparse reads files nobody has vetted (mail attachments, scans, whole
archives). A plan is a few pages; an input that is orders of magnitude
bigger, or a small file that unpacks or renders to gigabytes, is refused
early with a clear error instead of exhausting memory or time. Each refusal
is a `LimitExceeded` (code ``limit_exceeded``: CLI exit 1, HTTP 413, one line
in the batch's ``_errors.jsonl``); running past the time limit is a
`TimeLimitExceeded` (code ``timeout``: HTTP 504).

===================  ===========================  =======  ==================================================
limit                environment variable         default  what it bounds
===================  ===========================  =======  ==================================================
max_input_mb         KHPARSE_MAX_INPUT_MB         50       bytes of one input file or upload (MiB)
max_pages            KHPARSE_MAX_PAGES            500      pages of a PDF
max_decompressed_mb  KHPARSE_MAX_DECOMPRESSED_MB  30       XML unpacked from one DOCX, all parts read (MiB)
max_ocr_mpx          KHPARSE_MAX_OCR_MPX          40       rendered page image handed to Tesseract (Mpx)
max_image_mpx        KHPARSE_MAX_IMAGE_MPX        120      one picture pdfium must decode to OCR a page (Mpx)
max_text_chars       KHPARSE_MAX_TEXT_CHARS       2000000  characters of text read from one input
max_line_chars       KHPARSE_MAX_LINE_CHARS       20000    characters of the longest line of that text
timeout              KHPARSE_TIMEOUT              120      seconds per file (batch, service; CLI: time_limit)
===================  ===========================  =======  ==================================================

The defaults leave a wide margin over real plans (the longest sample reads
to 22 000 characters with a longest line of 1 400; a 500-page PDF to about
1.5 M; a real DOCX unpacks to under 1 MB of XML) and keep large inputs well
within the time limit on a small machine (docs/SECURITY.md lists the
extractor hot spots the line limit keeps away). 0 switches a limit off.

Precedence: `configure()` (what CLI options set) > environment > default.
`configure` also writes the environment, so worker processes started
afterwards (batch, service) inherit the same limits.
"""
from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from typing import BinaryIO

import regex

from .errors import InvalidLimit, LimitExceeded, TimeLimitExceeded

MIB = 1024 * 1024
ENV_PREFIX = "KHPARSE_"
# Line separators as `text.normalize` reads them: a "line" here is a line there.
LINE_SPLIT_RE = regex.compile(r"\r\n?|[\n\u2028\u2029\x0b\x0c\x85]")


@dataclass(frozen=True)
class Limits:
    """One set of limits (see the module table); 0 means no limit."""

    # metadata: `unit` (the option's metavar) and `help` (one line) for the CLI options
    # generated from this table (parser/commands/limit_options.py).
    max_input_mb: float = field(default=50.0, metadata={"unit": "MB", "help": "Largest input file or stdin, in MiB"})
    max_pages: int = field(default=500, metadata={"unit": "N", "help": "Most pages in a PDF"})
    max_decompressed_mb: float = field(default=30.0, metadata={"unit": "MB", "help": "Most XML unpacked from one DOCX, in MiB"})
    max_ocr_mpx: float = field(default=40.0, metadata={"unit": "MPX", "help": "Largest rendered page image given to OCR, in megapixels"})
    max_image_mpx: float = field(default=120.0, metadata={"unit": "MPX", "help": "Largest embedded picture decoded to OCR a page, in megapixels"})
    max_text_chars: int = field(default=2_000_000, metadata={"unit": "N", "help": "Most characters of text read from one input"})
    max_line_chars: int = field(default=20_000, metadata={"unit": "N", "help": "Most characters in the longest line of that text"})
    timeout: float = field(default=120.0, metadata={"unit": "SECONDS", "help": "Seconds per file"})

    @property
    def max_input_bytes(self) -> int:
        return int(self.max_input_mb * MIB)

    @property
    def max_decompressed_bytes(self) -> int:
        return int(self.max_decompressed_mb * MIB)


DEFAULTS = Limits()
NAMES = tuple(f.name for f in fields(Limits))
KINDS: dict[str, type] = {f.name: type(getattr(DEFAULTS, f.name)) for f in fields(Limits)}
#: name -> (unit, one-line help): what the generated CLI options show.
HELP: dict[str, tuple[str, str]] = {f.name: (f.metadata["unit"], f.metadata["help"]) for f in fields(Limits)}
_overrides: dict[str, float | int] = {}


def env_name(name: str) -> str:
    """`max_pages` -> `KHPARSE_MAX_PAGES`."""
    return ENV_PREFIX + name.upper()


def parse_value(name: str, raw: object) -> float | int:
    """A limit value from a string or number; InvalidLimit for anything else or a negative value."""
    if name not in KINDS:
        raise InvalidLimit(f"unknown limit {name!r} (known: {', '.join(NAMES)})")
    kind = KINDS[name]
    try:
        value = kind(float(str(raw).strip())) if kind is int else float(str(raw).strip())
    except (TypeError, ValueError, OverflowError):
        raise InvalidLimit(f"{env_name(name)}={raw!r} is not a number") from None
    if value != value or value < 0 or value == float("inf"):  # NaN, negative, infinite
        raise InvalidLimit(f"{env_name(name)}={raw!r}: a limit is a number >= 0 (0 = no limit)")
    return value


def get(name: str, fallback: float | int | None = None) -> float | int:
    """One limit: configured value, else the environment, else `fallback` (a reader's own
    module constant, which tests may pin), else the default."""
    if name in _overrides:
        return _overrides[name]
    raw = os.environ.get(env_name(name))
    if raw is not None and raw.strip():
        return parse_value(name, raw)
    return getattr(DEFAULTS, name) if fallback is None else fallback


def current() -> Limits:
    """The limits in force now (configured > environment > default)."""
    return Limits(**{name: get(name) for name in NAMES})  # type: ignore[arg-type]


def configure(**values: object) -> None:
    """Set limits for this process and the workers it starts (None leaves a limit as it is)."""
    parsed = {name: parse_value(name, v) for name, v in values.items() if v is not None}
    for name, value in parsed.items():
        _overrides[name] = value
        os.environ[env_name(name)] = repr(value)


@contextmanager
def override(**values: object) -> Iterator[Limits]:
    """Limits changed inside a block only (tests, one-off calls); this process only."""
    parsed = {name: parse_value(name, v) for name, v in values.items() if v is not None}
    saved = dict(_overrides)
    _overrides.update(parsed)
    try:
        yield current()
    finally:
        _overrides.clear()
        _overrides.update(saved)


# ---------------------------------------------------------------- checks (pure, raise LimitExceeded)


def _mb(n: float) -> str:
    return f"{n / MIB:.1f} MiB"


def check_input_size(size: int, path: str | None = None) -> None:
    """Refuse an input of `size` bytes over max_input_mb, before it is read or decoded."""
    limit = get("max_input_mb")
    if limit and size > limit * MIB:
        raise LimitExceeded(f"the input is {_mb(size)}; the limit is {limit:g} MiB ({env_name('max_input_mb')})", path=path)


def check_text(text: str, path: str | None = None) -> None:
    """Refuse text longer than max_text_chars, or with a line longer than max_line_chars.

    The line limit exists because several extractors look back over a whole
    line or sentence for every number or date in it: harmless on real
    paragraphs, quadratic on a megabyte without a line break.
    """
    limit = get("max_text_chars")
    if limit and len(text) > limit:
        raise LimitExceeded(f"the text has {len(text):,} characters; the limit is {int(limit):,} "
                            f"({env_name('max_text_chars')})", path=path)
    line_limit = get("max_line_chars")
    if line_limit and len(text) > line_limit:
        longest = max(map(len, LINE_SPLIT_RE.split(text)))
        if longest > line_limit:
            raise LimitExceeded(f"the text has a line of {longest:,} characters; the limit is {int(line_limit):,} "
                                f"({env_name('max_line_chars')}): is it really a document's text?", path=path)


def check_text_bytes(size: int, path: str | None = None) -> None:
    """A text file too big to decode to at most max_text_chars characters in any encoding
    (UTF-32 needs 4 bytes a character): refused without decoding it."""
    limit = get("max_text_chars")
    if limit and size > 4 * limit + 4:
        raise LimitExceeded(f"the text file is {_mb(size)}, more than {int(limit):,} characters in any encoding "
                            f"({env_name('max_text_chars')})", path=path)


def read_limited(stream: BinaryIO, path: str | None = None) -> bytes:
    """All of a stream (stdin) but never more than max_input_mb + 1 byte in memory."""
    limit = get("max_input_mb")
    if not limit:
        return stream.read()
    cap = int(limit * MIB)
    data = stream.read(cap + 1)
    check_input_size(len(data), path)
    return data


# ---------------------------------------------------------------- time


@contextmanager
def time_limit(seconds: float | None = None, path: str | None = None) -> Iterator[None]:
    """Raise TimeLimitExceeded in the block after `seconds` (default: the `timeout` limit).

    SIGALRM-based, so only in the main thread of a process (the CLI); elsewhere
    it does nothing and the caller's own deadline applies (the batch and the
    service kill a worker past its time). Pure-Python loops and the `regex`
    module are interrupted; a C call (pdfium on one page) finishes first.
    """
    seconds = get("timeout") if seconds is None else seconds
    usable = seconds and seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def _expired(signum: int, frame: object) -> None:
        raise TimeLimitExceeded(f"the extraction did not finish within {seconds:g} s ({env_name('timeout')})", path=path)

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, float(seconds))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def describe() -> list[dict[str, object]]:
    """The limits in force, for `--help` texts and logs: name, env, value, default."""
    now = current()
    return [{"name": n, "env": env_name(n), "value": getattr(now, n), "default": getattr(DEFAULTS, n)} for n in NAMES]
