"""Helpers for the table-driven eval tests: decoding YAML case data into values.

Plain YAML data becomes what an HCL literal would: strings, numbers, bools,
``null``, tuples (YAML lists) and objects (YAML mappings).  Single-key
mappings whose key starts with ``$`` build other values:

``{$list: [...]}`` / ``{$set: [...]}`` / ``{$map: {...}}`` — typed collections
(``{$list: [], $of: string}`` for empty ones); ``{$unknown: TYPE}``;
``{$null: TYPE}``; ``{$sensitive: VALUE}``; ``{$ephemeral: VALUE}``;
``{$number: "0.1"}`` for exact decimals.  TYPE is written in Terraform's
type-constraint syntax (``list(string)``, ``object({a=number})``).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from iacreview.eval.types import (
    BOOL,
    DYNAMIC,
    NUMBER,
    STRING,
    Type,
    list_of,
    map_of,
    object_of,
    optional,
    set_of,
    tuple_of,
)
from iacreview.eval.values import (
    EPHEMERAL,
    SENSITIVE,
    UNKNOWN,
    Value,
    from_python,
    list_val,
    map_val,
    null_val,
    number_val,
    set_val,
    unknown_val,
)

CASES_DIR = Path(__file__).parent / "cases"


def load_cases(name: str) -> list[dict[str, Any]]:
    with open(CASES_DIR / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def case_id(case: dict[str, Any]) -> str:
    label = case.get("id") or case.get("call") or case.get("op") or "case"
    return str(label)


# --- type expressions (test data only) ------------------------------------

_TOKEN = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_-]*|\"[^\"]*\"|[()\[\]{},=])")


def parse_type(text: str) -> Type:
    tokens = [m.group(1) for m in _TOKEN.finditer(text)]
    pos, t = _type(tokens, 0)
    assert pos == len(tokens), f"trailing tokens in type {text!r}"
    return t


def _expect(tokens: list[str], pos: int, tok: str) -> int:
    assert tokens[pos] == tok, f"expected {tok!r} at {pos} in {tokens}"
    return pos + 1


def _type(tokens: list[str], pos: int) -> tuple[int, Any]:
    name = tokens[pos]
    pos += 1
    simple = {"string": STRING, "number": NUMBER, "bool": BOOL, "any": DYNAMIC}
    if name in simple:
        return pos, simple[name]
    pos = _expect(tokens, pos, "(")
    if name in ("list", "set", "map"):
        pos, inner = _type(tokens, pos)
        pos = _expect(tokens, pos, ")")
        return pos, {"list": list_of, "set": set_of, "map": map_of}[name](inner)
    if name == "optional":
        pos, inner = _type(tokens, pos)
        pos = _expect(tokens, pos, ")")
        return pos, optional(inner)
    if name == "tuple":
        pos = _expect(tokens, pos, "[")
        elems = []
        while tokens[pos] != "]":
            pos, t = _type(tokens, pos)
            elems.append(t)
            if tokens[pos] == ",":
                pos += 1
        pos = _expect(tokens, pos + 1, ")")
        return pos, tuple_of(elems)
    if name == "object":
        pos = _expect(tokens, pos, "{")
        attrs = {}
        while tokens[pos] != "}":
            key = tokens[pos].strip('"')
            pos = _expect(tokens, pos + 1, "=")
            pos, t = _type(tokens, pos)
            attrs[key] = t
            if tokens[pos] == ",":
                pos += 1
        pos = _expect(tokens, pos + 1, ")")
        return pos, object_of(attrs)
    raise AssertionError(f"unknown type keyword {name!r}")


# --- values ----------------------------------------------------------------

def to_value(data: Any) -> Value:
    if isinstance(data, dict) and len(data) >= 1 and all(str(k).startswith("$") for k in data):
        return _tagged(data)
    if isinstance(data, dict):
        return from_python({str(k): to_value(v) for k, v in data.items()})
    if isinstance(data, list):
        return from_python([to_value(v) for v in data])
    if isinstance(data, float):
        return number_val(Decimal(repr(data)))
    return from_python(data)


def _tagged(data: dict[str, Any]) -> Value:
    of = parse_type(data["$of"]) if "$of" in data else None
    if "$list" in data:
        return list_val([to_value(v) for v in data["$list"]], of)
    if "$set" in data:
        return set_val([to_value(v) for v in data["$set"]], of)
    if "$map" in data:
        return map_val({k: to_value(v) for k, v in data["$map"].items()}, of)
    if "$unknown" in data:
        return unknown_val(parse_type(data["$unknown"]))
    if "$null" in data:
        return null_val(parse_type(data["$null"]))
    if "$sensitive" in data:
        return to_value(data["$sensitive"]).mark(SENSITIVE)
    if "$ephemeral" in data:
        return to_value(data["$ephemeral"]).mark(EPHEMERAL)
    if "$number" in data:
        return number_val(Decimal(str(data["$number"])))
    raise AssertionError(f"unknown tag in {data}")


def plain(v: Value) -> Any:
    """Value → comparable plain data (numbers as Decimal, sequences as lists)."""
    p = v.payload
    if p is UNKNOWN:
        return "<unknown>"
    if p is None or isinstance(p, (bool, str)):
        return p
    if isinstance(p, Decimal):
        return p
    if isinstance(p, tuple):
        return [plain(e) for e in p]
    return {k: plain(e) for k, e in p.items()}


def expected_plain(data: Any) -> Any:
    if isinstance(data, bool) or data is None or isinstance(data, str):
        return data
    if isinstance(data, (int, float)):
        return Decimal(repr(data)) if isinstance(data, float) else Decimal(data)
    if isinstance(data, list):
        return [expected_plain(e) for e in data]
    if isinstance(data, dict):
        if set(data) == {"$number"}:
            return Decimal(str(data["$number"]))
        return {str(k): expected_plain(e) for k, e in data.items()}
    raise AssertionError(f"cannot compare {data!r}")


def assert_matches(result: Value, case: dict[str, Any]) -> None:
    """Check a result against a case's ``want``/``want_type``/``want_unknown``/``want_sensitive``."""
    if "want_type" in case:
        assert result.type.type_expr() == parse_type(case["want_type"]).type_expr(), (
            f"type {result.type.type_expr()} != {case['want_type']}"
        )
    if case.get("want_unknown"):
        assert not result.is_wholly_known(), f"expected unknown, got {result!r}"
    if "want_sensitive" in case:
        assert result.is_sensitive == case["want_sensitive"], f"sensitivity of {result!r}"
    if "want" in case:
        got = plain(result)
        want = expected_plain(case["want"])
        assert got == want, f"got {got!r}, want {want!r}"


# --- function-call cases ---------------------------------------------------

def run_function_case(case: dict[str, Any], ctx: Any = None) -> None:
    """Call ``case['call']`` with decoded ``args`` and check the outcome.

    ``error`` (a substring of the message) expects an EvalError;
    ``error_type`` optionally names its class.
    """
    from iacreview.eval.errors import EvalError
    from iacreview.eval.functions import CallContext, default_registry

    registry = default_registry()
    args = [to_value(a) for a in case.get("args", [])]
    if ctx is None:
        options = case.get("ctx", {})
        clock = None
        if "clock" in options:
            import datetime as dt

            fixed = dt.datetime.fromisoformat(options["clock"].replace("Z", "+00:00"))
            clock = lambda: fixed  # noqa: E731
        ctx = CallContext(clock=clock, home_dir=options.get("home"))
    if "error" in case:
        import pytest

        with pytest.raises(EvalError) as info:
            registry.call(case["call"], args, ctx)
        assert case["error"] in info.value.message, f"message was: {info.value.message!r}"
        if "error_type" in case:
            assert type(info.value).__name__ == case["error_type"], type(info.value).__name__
        return
    result = registry.call(case["call"], args, ctx)
    assert_matches(result, case)
