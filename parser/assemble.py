"""Items -> the contract-v1 dict, in schema order, with text and warnings.

Deterministic by construction: lists come out sorted by span, no timestamps,
no set order; the same input bytes give byte-identical JSON.
"""
from __future__ import annotations

from .extract.document import DocumentFields
from .extract.issuer import IssuerResult
from .extract.recipients import Closing
from .extract.signer import SignatureBlock
from .model import KhDoc, Section
from .zones.sections import sections_to_json

EMPTY_SIGNER = {"authority": None, "on_behalf_of": None, "title": None, "name": None, "extra_titles": [], "span": None}


def document_json(f: DocumentFields) -> dict:
    return {
        "type": f.type,
        "type_name": f.type_name,
        "number": f.number,
        "symbol": f.symbol,
        "reference": f.reference,
        "place": f.place,
        "issued": f.issued.to_json() if f.issued else {"value": None, "precision": None, "text": None},
        "title": f.title,
        "motto": f.motto,
        "theme": f.theme,
        "spans": {k: list(v) for k, v in sorted(f.spans.items())},
        "attached_plan": dict(f.attached_plan) if f.attached_plan else None,
    }


def _dedupe_warnings(warnings: list[dict]) -> list[dict]:
    seen, out = set(), []
    for w in warnings:
        key = (w["code"], w["message"], tuple(w.get("span") or ()))
        if key not in seen:
            seen.add(key)
            out.append(w)
    return out


def assemble(
    doc: KhDoc,
    fields: DocumentFields,
    issuer: IssuerResult,
    blocks: list[SignatureBlock],
    closing: Closing,
    content: dict,
    warnings: list[dict],
    version: str,
    sections: list[Section] | None = None,
    extra: dict | None = None,
) -> dict:
    """The output dict. `sections` defaults to the document's heading tree (a decision that issues a
    plan passes its articles and the plan's sections); `extra` holds added fields (`addressees`: the
    "Kính gửi:" list of a letter, in `document`)."""
    signers = [b.to_json() for b in blocks]
    issuers = [i.to_json() for i in [issuer, *issuer.co_issuers] if i.name]
    extra = extra or {}
    return {
        "schema_version": "1",
        "source": dict(doc.source),
        "extractor": {"name": "khparse", "version": version},
        "document": {**document_json(fields), "addressees": extra.get("addressees", [])},
        "issuer": issuer.to_json(),
        "issuers": issuers,
        "signer": signers[0] if signers else dict(EMPTY_SIGNER),
        "signers": signers,
        "legal_basis": content.get("legal_basis", []),
        "references": content.get("references", []),
        "commemorations": content.get("commemorations", []),
        "period": content.get("period"),
        "phases": content.get("phases", []),
        "sections": sections_to_json(doc.sections if sections is None else sections),
        "tasks": content.get("tasks", []),
        "assignments": content.get("assignments", []),
        "quotas": content.get("quotas", []),
        "rewards": content.get("rewards", []),
        "deadlines": content.get("deadlines", []),
        "recipients": closing.recipients,
        "archive_copy": closing.archive_copy,
        "text": doc.text,
        "warnings": _dedupe_warnings(warnings),
    }
