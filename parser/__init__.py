"""khparse: Vietnamese plans (Kế hoạch) to contract-v1 JSON.

Heavy libraries (spaCy, underthesea, pdfplumber) are imported lazily inside
the functions that need them, so that `import parser` and `khparse --help`
stay fast.
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "extract", "extract_text", "extract_file"]


def extract_text(text: str, *, path: str | None = None) -> dict:
    """Extract a plan from already-decoded text; returns the contract-v1 dict."""
    from .pipeline import run_text

    return run_text(text, path=path)


def extract_file(path: str) -> dict:
    """Read, decode and extract one file; raises a KhparseError subclass on bad input."""
    from .pipeline import run_file

    return run_file(path)


def extract(source, **kwargs) -> dict:  # type: ignore[no-untyped-def]
    """Extract from a path, raw bytes or a text string (stable public entry)."""
    from .pipeline import run_any

    return run_any(source, **kwargs)
