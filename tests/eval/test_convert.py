"""Table-driven tests for conversion, unification and operators
(cases/convert.yaml, cases/unify.yaml, cases/operators.yaml)."""

import pytest

from evalcases import assert_matches, case_id, load_cases, parse_type, to_value
from iacreview.eval import operators
from iacreview.eval.convert import can_convert, convert, unify, unify_values
from iacreview.eval.errors import ConversionError, EvalError
from iacreview.eval.types import DYNAMIC, NUMBER, STRING, object_of, optional
from iacreview.eval.values import from_python, null_val, number_val, string_val

CONVERT = load_cases("convert.yaml")
UNIFY = load_cases("unify.yaml")
OPERATORS = load_cases("operators.yaml")


def _convert_id(c):
    return c.get("id") or f"{c['type']}<-{c['value']!r}"[:60]


@pytest.mark.parametrize("case", CONVERT, ids=[_convert_id(c) for c in CONVERT])
def test_convert_table(case):
    value = to_value(case["value"])
    want_type = parse_type(case["type"])
    unsafe = case.get("unsafe", True)
    if "error" in case:
        with pytest.raises(ConversionError) as info:
            convert(value, want_type, unsafe=unsafe)
        assert case["error"] in info.value.message
        assert not can_convert(value.type, want_type, unsafe) or value.is_known
        return
    result = convert(value, want_type, unsafe=unsafe)
    assert_matches(result, case)


@pytest.mark.parametrize("case", UNIFY, ids=[" ~ ".join(c["types"]) for c in UNIFY])
def test_unify_table(case):
    types = [parse_type(t) for t in case["types"]]
    got = unify(types, unsafe=True)
    if case["want"] is None:
        assert got is None
    else:
        assert got is not None and got.type_expr() == parse_type(case["want"]).type_expr()


_BINARY = {"+", "-", "*", "/", "%", "<", "<=", ">", ">=", "==", "!=", "&&", "||"}


def _apply(op, args):
    if op in _BINARY:
        return operators.binary_op(op, *args)
    if op == "neg":
        return operators.unary_op("-", args[0])
    if op == "!":
        return operators.unary_op("!", args[0])
    if op == "?:":
        return operators.conditional(*args)
    if op == "template":
        return operators.template_string(args)
    raise AssertionError(op)


@pytest.mark.parametrize("case", OPERATORS, ids=[case_id(c) for c in OPERATORS])
def test_operator_table(case):
    args = [to_value(a) for a in case["args"]]
    if "error" in case:
        with pytest.raises(EvalError) as info:
            _apply(case["op"], args)
        assert case["error"] in info.value.message
        return
    assert_matches(_apply(case["op"], args), case)


def test_optional_default_applies_when_absent_or_null():
    constraint = object_of({"name": STRING, "size": optional(NUMBER, number_val(3))})
    absent = convert(from_python({"name": "a"}), constraint)
    explicit_null = convert(object_val_with_null(), constraint)
    given = convert(from_python({"name": "a", "size": "7"}), constraint)
    assert absent.payload["size"].payload == 3
    assert explicit_null.payload["size"].payload == 3
    assert given.payload["size"].payload == 7
    assert absent.type.type_expr() == "object({name=string, size=number})"


def object_val_with_null():
    from iacreview.eval.values import object_val

    return object_val({"name": string_val("a"), "size": null_val(NUMBER)})


def test_nested_optional_defaults_in_list():
    inner = object_of({"port": NUMBER, "proto": optional(STRING, string_val("tcp"))})
    from iacreview.eval.types import list_of

    result = convert(from_python([{"port": 80}, {"port": 443, "proto": "udp"}]), list_of(inner))
    assert [e.payload["proto"].payload for e in result.payload] == ["tcp", "udp"]


def test_unify_values_null_takes_other_type():
    result = unify_values([null_val(DYNAMIC), from_python(["a"])])
    assert result is not None
    t, (a, b) = result
    assert t.type_expr() == "tuple([string])"
    assert a.is_null and a.type == t


def test_safe_conversion_refuses_string_to_number():
    assert can_convert(STRING, NUMBER, unsafe=True)
    assert not can_convert(STRING, NUMBER, unsafe=False)
    assert can_convert(NUMBER, STRING, unsafe=False)
