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


def __getattr__(name: str):  # type: ignore[no-untyped-def]
    """Lazy public names that need heavier imports (pydantic): `KhResult`, `extract_result`."""
    if name in ("KhResult", "extract_result"):
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _Package(__import__("types").ModuleType):
    """Keep `parser.extract` the public function.

    Importing the subpackage `parser.extract` (the extractors) would otherwise
    overwrite the package attribute of the same name, so `from parser import
    extract` would return the subpackage once anything had been extracted.
    Submodules stay importable as `parser.extract.<name>` through sys.modules.
    """

    def __setattr__(self, name: str, value: object) -> None:
        if name == "extract" and isinstance(value, __import__("types").ModuleType):
            return
        super().__setattr__(name, value)


__import__("sys").modules[__name__].__class__ = _Package
