"""`write.dumps` writes the bytes of `json.dumps(obj, ensure_ascii=False, indent=2)` + "\\n".

Its own encoder (the standard library's indented encoder runs in Python
generators) must agree on every value a contract document can hold, and leave
anything else to `json.dumps`, errors included.
"""
from __future__ import annotations

import enum
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parser.write import dumps


def _reference(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True), st.text(), st.sampled_from(["Kế hoạch", "“Người tốt”", "\u2028", "\x00\\\""]),
)
VALUES = st.recursive(
    SCALARS,
    lambda kids: st.one_of(st.lists(kids, max_size=5), st.tuples(kids, kids), st.dictionaries(st.text(max_size=8), kids, max_size=5)),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=10), VALUES, max_size=8))
def test_dumps_is_json_dumps(obj: dict) -> None:
    assert dumps(obj) == _reference(obj)


class _Str(str):
    pass


class _Kind(enum.IntEnum):
    PLAN = 1


@pytest.mark.parametrize("obj", [
    {}, {"a": []}, {"a": {}}, {"x": [[], {}, [[]]]}, {1: "int key"}, {None: 1, True: 2, 2.5: 3},
    {"s": _Str("subclass")}, {_Str("k"): 1}, {"kind": _Kind.PLAN}, {"n": float("nan"), "i": [float("-inf")]},
])
def test_dumps_odd_values_as_json_dumps(obj: dict) -> None:
    assert dumps(obj) == _reference(obj)


def test_dumps_errors_as_json_dumps() -> None:
    loop: dict = {}
    loop["self"] = loop
    with pytest.raises(ValueError, match="Circular"):
        dumps(loop)
    with pytest.raises(TypeError):
        dumps({"x": {1, 2}})
