"""Typed public API: `extract_result(source) -> KhResult`, and the contract models.

Why pydantic: one definition serves both the Python API (attribute access,
validation of stored outputs) and the HTTP service, whose OpenAPI document is
generated from these classes; a test keeps them in step with
``schemas/kh-v1.schema.json``. The models mirror the contract, not more:

- every contract key is a required field (unknown values are ``None`` / ``[]``);
- optional additions the pipeline emits (``page``, ``path``, ``calendar``,
  ``document.spans`` …) are declared with a default, and any other added key
  is kept as an extra, so a newer pipeline never breaks an older reader;
- ``KhResult.from_dict(d).to_dict() == d`` for every contract-valid ``d``,
  key order included (``json.dumps`` gives the same bytes), because each model
  remembers the keys it was built from and in which order.

Validation is strict (no "5" -> 5 coercion): a round trip either reproduces
the input exactly or raises ``pydantic.ValidationError``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

__all__ = [
    "ArchiveCopy", "AttachedPlan", "Assignment", "Citation", "Commemoration", "Date", "Deadline",
    "Document", "Extractor", "Issuer", "KhResult", "Period", "Phase", "Quality", "QualityWarnings", "Quota",
    "Recipient", "Reward",
    "Section", "Signer", "Source", "Task", "TaskTime", "WarningItem", "extract", "extract_result",
]

OCR_MODES = ("auto", "always", "never")

#: A text value: never empty or blank (the schema's ``$defs/text``).
Text = Annotated[str, Field(min_length=1, pattern=r"^$|\S")]
OptText = Optional[Text]
#: ``[start, end]`` character offsets into the top-level ``text``.
Span = Annotated[list[Annotated[int, Field(ge=0)]], Field(min_length=2, max_length=2)]
#: 1-based page of the source (PDF input).
Page = Annotated[int, Field(ge=1)]
Number = Union[int, float]  # int first: strict smart-union keeps 50 an int, 0.5 a float
ISO_DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"


class ContractModel(BaseModel):
    """Base: strict, immutable, extra keys kept, input key order remembered."""

    model_config = ConfigDict(extra="allow", frozen=True, strict=True)
    _keys: tuple[str, ...] = PrivateAttr(default=())

    @model_validator(mode="wrap")
    @classmethod
    def _remember_keys(cls, data: Any, handler: Any) -> Any:
        """Record the input's key order so `to_dict` can reproduce it byte for byte."""
        model = handler(data)
        if isinstance(data, dict):
            model._keys = tuple(data)
        return model

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (a deep copy): the keys the model was built from, in their order."""
        extra = self.__pydantic_extra__ or {}
        keys = self._keys or (*(k for k in type(self).model_fields if k in self.model_fields_set), *extra)
        return {k: _plain(extra[k] if k in extra else getattr(self, k)) for k in keys}


def _plain(value: Any) -> Any:
    """Models to dicts, containers copied, scalars as they are."""
    if isinstance(value, ContractModel):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class Date(ContractModel):
    """A date reduced to what the document states; ``value`` None when left blank."""

    value: Optional[Annotated[str, Field(pattern=ISO_DATE_PATTERN)]]
    precision: Optional[Literal["day", "month", "year"]]
    text: OptText
    calendar: Optional[Literal["lunar"]] = None
    span: Optional[Span] = None
    page: Optional[Page] = None


class Source(ContractModel):
    path: OptText
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    format: Text
    pages: Optional[Annotated[int, Field(ge=1)]]
    ocr: bool
    encoding_fixed: OptText


class Extractor(ContractModel):
    name: Text
    version: Text


class AttachedPlan(ContractModel):
    title: Text
    span: Span
    type: OptText = None
    type_name: OptText = None
    page: Optional[Page] = None


class Addressee(ContractModel):
    name: Text
    span: Span
    page: Optional[Page] = None


class Document(ContractModel):
    type: OptText
    type_name: OptText
    number: OptText
    symbol: OptText
    reference: OptText
    place: OptText
    issued: Optional[Date]
    title: OptText
    motto: OptText
    theme: OptText
    spans: Optional[dict[str, Span]] = None
    attached_plan: Optional[AttachedPlan] = None
    addressees: Optional[list[Addressee]] = None


class Issuer(ContractModel):
    name: OptText
    parent: OptText
    abbreviation: OptText
    span: Optional[Span]
    page: Optional[Page] = None


class Signer(ContractModel):
    authority: OptText
    on_behalf_of: OptText
    title: OptText
    name: OptText
    name_prefix: Optional[Text] = None  # rank or degree before the name, when written
    extra_titles: list[Text]
    span: Optional[Span]
    page: Optional[Page] = None


class Citation(ContractModel):
    text: Text
    kind: OptText
    number: OptText
    date: Optional[Date]
    issuer: OptText
    subject: OptText
    span: Span
    page: Optional[Page] = None


class Commemoration(ContractModel):
    text: Text
    event: OptText
    years: Optional[Annotated[int, Field(ge=1)]]
    start: Optional[Date]
    end: Optional[Date]
    span: Span
    page: Optional[Page] = None


class Period(ContractModel):
    start: Optional[Date]
    end: Optional[Date]
    text: Text
    span: Span
    page: Optional[Page] = None


class Phase(ContractModel):
    name: OptText
    start: Optional[Date]
    end: Optional[Date]
    text: Text
    span: Span
    page: Optional[Page] = None


class Section(ContractModel):
    number: OptText
    heading: Text
    level: Annotated[int, Field(ge=1)]
    path: OptText = None
    children: list[Section]
    span: Span
    page: Optional[Page] = None


class TaskTime(ContractModel):
    text: Text
    start: Optional[Date]
    end: Optional[Date]
    span: Optional[Span] = None
    page: Optional[Page] = None


class Task(ContractModel):
    title: Text
    lead_units: list[Text]
    units: list[Text]
    organizer: OptText
    time: Optional[TaskTime]
    section: OptText
    span: Span
    page: Optional[Page] = None


class Assignment(ContractModel):
    unit: Text
    units: list[Text]
    duties: list[Text]
    section: OptText
    span: Span
    page: Optional[Page] = None


class Quota(ContractModel):
    text: Text
    subject: OptText
    operator: Literal[">=", "<=", ">", "<", "=", "range"]
    value: Number
    value_max: Optional[Number]
    unit: OptText
    section: OptText
    span: Span
    page: Optional[Page] = None


class Reward(ContractModel):
    form: Text
    granted_by: OptText
    recipients_rule: OptText
    quota: OptText
    deadline: Optional[Date]
    span: Span
    page: Optional[Page] = None


class Deadline(ContractModel):
    what: OptText
    date: Date
    text: Text
    span: Span
    page: Optional[Page] = None


class Recipient(ContractModel):
    name: Text
    purpose: OptText
    span: Span
    page: Optional[Page] = None


class ArchiveCopy(ContractModel):
    holders: list[Text]
    copies: Optional[Annotated[int, Field(ge=1)]]
    span: Span
    page: Optional[Page] = None


class WarningItem(ContractModel):
    code: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    message: Text
    span: Optional[Span] = None
    page: Optional[Page] = None


class QualityWarnings(ContractModel):
    model_config = ConfigDict(extra="forbid")

    total: Annotated[int, Field(ge=0)]
    high: Annotated[int, Field(ge=0)]
    medium: Annotated[int, Field(ge=0)]
    low: Annotated[int, Field(ge=0)]


class Quality(ContractModel):
    """Triage: what is missing or doubtful, so reviewers see the weakest documents first."""

    model_config = ConfigDict(extra="forbid")  # the contract closes this object

    score: Union[Annotated[int, Field(ge=0, le=1)], Annotated[float, Field(ge=0, le=1)]]
    level: Literal["doubtful", "check", "good"]
    rank: Annotated[str, Field(pattern=r"^\d{4}\.\d{2}\.\d{3}$")]
    missing: list[str]
    warnings: QualityWarnings
    ocr: bool
    encoding_fixed: Optional[str]
    reasons: list[str]


class KhResult(ContractModel):
    """One extracted plan (contract v1); see shared/spec/output-v1.md for the meaning of each field."""

    schema_version: Literal["1"]
    source: Source
    extractor: Extractor
    document: Document
    issuer: Issuer
    issuers: list[Issuer]
    signer: Signer
    signers: list[Signer]
    legal_basis: list[Citation]
    references: list[Citation]
    commemorations: list[Commemoration]
    period: Optional[Period]
    phases: list[Phase]
    sections: list[Section]
    tasks: list[Task]
    assignments: list[Assignment]
    quotas: list[Quota]
    rewards: list[Reward]
    deadlines: list[Deadline]
    recipients: list[Recipient]
    archive_copy: Optional[ArchiveCopy]
    text: Text
    warnings: list[WarningItem]
    quality: Optional[Quality] = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> KhResult:
        """Validate a contract-v1 dict (e.g. a stored output); raises pydantic.ValidationError."""
        return cls.model_validate(data)


def extract(source: str | bytes | Path, *, ocr: str = "auto") -> dict[str, Any]:
    """Extract from a path (str or Path), raw bytes or a text string; the contract-v1 dict.

    Raises a `parser.errors.KhparseError` subclass on bad input (empty,
    unreadable, unsupported), ValueError on a bad `ocr` mode.
    """
    if ocr not in OCR_MODES:
        raise ValueError(f"ocr must be one of {OCR_MODES}, not {ocr!r}")
    from .pipeline import run_any

    return run_any(source, ocr=ocr)


def extract_result(source: str | bytes | Path, *, ocr: str = "auto") -> KhResult:
    """Like `extract`, as a typed, validated `KhResult`."""
    return KhResult.from_dict(extract(source, ocr=ocr))
