"""Content extractors, in the order the pipeline runs them.

Each entry names the module (with an `extract(doc: KhDoc) -> Found` function)
and the output fields it fills; a test checks that every contract field is
filled by exactly one extractor. Header and closing fields (document, issuer,
signer, recipients, archive_copy) are filled by `pipeline.extract_header`.
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Callable

from ..model import Found, KhDoc


@dataclass(frozen=True)
class Extractor:
    name: str
    module: str
    fills: tuple[str, ...]

    def load(self) -> Callable[[KhDoc], Found]:
        return import_module(f"{__name__}.{self.module}").extract  # type: ignore[no-any-return]


CONTENT_EXTRACTORS: tuple[Extractor, ...] = (
    Extractor("citations", "citations", ("legal_basis", "references")),
    Extractor("commemorations", "commemorations", ("commemorations",)),
    Extractor("timeframe", "timeframe", ("period", "phases")),
    Extractor("tasks", "tasks", ("tasks",)),
    Extractor("assignments", "assignments", ("assignments",)),
    Extractor("quotas", "quotas", ("quotas",)),
    Extractor("rewards", "rewards", ("rewards",)),
    Extractor("deadlines", "deadlines", ("deadlines",)),
)

HEADER_FIELDS = ("document", "issuer", "issuers", "signer", "signers", "recipients", "archive_copy")
