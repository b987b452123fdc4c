"""The typed models (and the OpenAPI generated from them) agree with schemas/kh-v1.schema.json.

Walks both JSON Schemas side by side from the top: at every object
(document, issuer, signer, citation, date, section, task, quota …) each key
the contract requires must be a required property of the model, with the same
nullability, a compatible type and the same enum; then real extraction results
must validate against both, and a broken one must fail both.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from parser.api import KhResult
from parser.pipeline import run_bytes
from parser.schema import load_schema, validate
from service_helpers import CORPUS, FIXTURES, request

OBJECTS_REACHED = {"document", "issuer", "signer", "legal_basis[]", "tasks[]", "quotas[]", "sections[]", "warnings[]"}


@dataclass
class Flat:
    properties: dict[str, Any] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)
    items: Any = None
    types: set[str] = field(default_factory=set)
    enum: set[Any] | None = None
    extras_allowed: bool = True

    @property
    def nullable(self) -> bool:
        return "null" in self.types or (self.enum is not None and None in self.enum)


def deref(root: dict, ref: str) -> dict:
    node: Any = root
    for part in ref.lstrip("#/").split("/"):
        node = node[part]
    return node  # type: ignore[no-any-return]


def flatten(root: dict, node: dict) -> Flat:
    """Properties, required keys, items, types and enum of a node, through $ref and anyOf/oneOf/allOf."""
    flat = Flat()
    stack = [node]
    while stack:
        n = stack.pop(0)
        if "$ref" in n:
            stack.append(deref(root, n["$ref"]))
        stack.extend(n.get("anyOf", []) + n.get("oneOf", []) + n.get("allOf", []))
        for key, value in n.get("properties", {}).items():
            flat.properties.setdefault(key, value)  # the node's own definition before its $ref's
        flat.required |= set(n.get("required", []))
        if "items" in n and flat.items is None:
            flat.items = n["items"]
        kinds = n.get("type", [])
        flat.types |= {kinds} if isinstance(kinds, str) else set(kinds)
        if "enum" in n or "const" in n:
            flat.enum = (flat.enum or set()) | set(n.get("enum", [n.get("const")]))
        if n.get("additionalProperties") is False:
            flat.extras_allowed = False
    return flat


def compare(js_root: dict, js: dict, pd_root: dict, pd: dict, path: str, seen: set[str], problems: list[str]) -> None:
    a, b = flatten(js_root, js), flatten(pd_root, pd)
    if a.properties:
        seen.add(path)
        for key in sorted(a.required - b.required):
            problems.append(f"{path}.{key}: required by the contract, optional in the model")
        for key in sorted(set(a.properties) - set(b.properties)):
            problems.append(f"{path}.{key}: missing from the model")
        if a.extras_allowed != b.extras_allowed:
            problems.append(f"{path}: added fields allowed={a.extras_allowed} in the contract, {b.extras_allowed} in the model")
    if a.types and not a.types <= b.types | ({"integer"} if "number" in b.types else set()):
        problems.append(f"{path}: type {sorted(a.types)} in the contract, {sorted(b.types)} in the model")
    if a.enum is not None and (b.enum or set()) - {None} != a.enum - {None}:
        problems.append(f"{path}: values {a.enum} in the contract, {b.enum} in the model")
    for key in sorted(a.properties.keys() & b.properties.keys()):
        sub_a, sub_b = flatten(js_root, a.properties[key]), flatten(pd_root, b.properties[key])
        if key in a.required and sub_a.nullable != sub_b.nullable:
            problems.append(f"{path}.{key}: nullable={sub_a.nullable} in the contract, {sub_b.nullable} in the model")
        compare(js_root, a.properties[key], pd_root, b.properties[key], f"{path}.{key}" if path else key, seen, problems)
    if a.items is not None and b.items is not None and path.count("[]") < 4:
        compare(js_root, a.items, pd_root, b.items, f"{path}[]", seen, problems)


def check_agreement(pd_root: dict, pd_top: dict) -> set[str]:
    js_root = load_schema()
    problems: list[str] = []
    seen: set[str] = set()
    compare(js_root, js_root, pd_root, pd_top, "", seen, problems)
    assert problems == []
    return seen


def test_model_schema_agrees_with_the_contract() -> None:
    schema = KhResult.model_json_schema()
    seen = check_agreement(schema, schema)
    assert OBJECTS_REACHED <= seen
    assert "tasks[].time.start" in seen and "sections[].children[]" in seen


def test_served_openapi_agrees_with_the_contract(port: int) -> None:
    doc = request(port, "GET", "/openapi.json").json()
    seen = check_agreement(doc, {"$ref": "#/components/schemas/KhResult"})
    assert OBJECTS_REACHED <= seen


MUTATIONS = {
    "required key made optional": lambda d: d["Signer"]["required"].remove("on_behalf_of"),
    "key dropped": lambda d: d["Citation"]["properties"].pop("subject"),
    "nullable made non-null": lambda d: d["Issuer"]["properties"].__setitem__("name", {"type": "string"}),
    "enum narrowed": lambda d: d["Quota"]["properties"].__setitem__("operator", {"enum": [">=", "<="]}),
    "extras refused": lambda d: d["Section"].__setitem__("additionalProperties", False),
}


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_the_walker_notices_a_disagreement(mutation: str) -> None:
    """Guard against a vacuous comparison: break the model's schema, the check must fail."""
    broken = copy.deepcopy(KhResult.model_json_schema())
    MUTATIONS[mutation](broken["$defs"])
    with pytest.raises(AssertionError):
        check_agreement(broken, broken)


@lru_cache(maxsize=1)
def _real_outputs() -> list[dict]:
    files = [CORPUS / "000_4c380f7955e0b3c1.txt", FIXTURES / "002_4bdeebc1fea3306b.docx", FIXTURES / "004_8dcd8df503d34be0.pdf"]
    return [run_bytes(p.read_bytes(), path=p.name, ocr="never") for p in files]


def real_outputs() -> list[dict]:
    """A text, a DOCX and a PDF result (fresh copies: tests break them)."""
    return copy.deepcopy(_real_outputs())


def test_real_results_validate_against_both(port: int) -> None:
    doc = request(port, "GET", "/openapi.json").json()
    openapi_validator = Draft202012Validator({"$ref": "#/components/schemas/KhResult", "components": doc["components"]})
    for out in real_outputs():
        assert validate(out) == []
        assert list(openapi_validator.iter_errors(out)) == []
        assert KhResult.from_dict(out).to_dict() == out


@pytest.mark.parametrize(
    "path, value",
    [
        (("document", "title"), "   "),
        (("signer", "extra_titles"), ["", "CHỦ TỊCH"]),
        (("source", "sha256"), "not-a-digest"),
        (("schema_version",), "2"),
        (("document", "issued", "precision"), "week"),
    ],
)
def test_broken_results_fail_both(path: tuple[str, ...], value: Any) -> None:
    out = copy.deepcopy(real_outputs()[0])
    node = out
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    assert validate(out) != []
    with pytest.raises(Exception):
        KhResult.from_dict(out)
