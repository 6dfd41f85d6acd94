"""Tests for Value construction, marks, unknowns, sets and rendering."""

from decimal import Decimal

import pytest

from iacreview.eval.errors import EvalError, LimitExceededError
from iacreview.eval.types import (
    BOOL,
    DYNAMIC,
    NUMBER,
    STRING,
    ListType,
    list_of,
    map_of,
    object_of,
    optional,
    set_of,
    tuple_of,
)
from iacreview.eval.values import (
    MAX_STRING_LENGTH,
    SENSITIVE,
    UNKNOWN,
    format_number,
    from_python,
    list_val,
    map_val,
    null_val,
    number_val,
    render,
    set_val,
    string_val,
    to_python,
    tuple_val,
    unknown_val,
)


@pytest.mark.parametrize(
    "number, text",
    [(1, "1"), (Decimal("1.0"), "1"), (1.5, "1.5"), (-0.25, "-0.25"), (Decimal("1E+3"), "1000"),
     (Decimal("0.000001"), "0.000001"), (Decimal("-0"), "0"), (Decimal("Infinity"), "+Inf"),
     (10**40, "10000000000000000000000000000000000000000")],
)
def test_numbers_print_like_terraform(number, text):
    assert format_number(number_val(number).payload) == text


def test_from_python_infers_literal_types():
    v = from_python({"a": [1, "x", True, None]})
    assert v.type.type_expr() == "object({a=tuple([number, string, bool, any])})"
    assert to_python(v) == {"a": [1, "x", True, None]}


def test_strings_are_nfc_normalised():
    assert string_val("e\u0301").payload == "\u00e9"


def test_list_val_unifies_element_types():
    v = list_val([string_val("a"), number_val(1)])
    assert v.type == list_of(STRING)
    assert [e.payload for e in v.payload] == ["a", "1"]


def test_list_val_rejects_incompatible_elements():
    with pytest.raises(EvalError, match="same type"):
        list_val([number_val(1), from_python([1])])


def test_empty_collections_need_an_element_type():
    with pytest.raises(ValueError):
        list_val([])
    assert list_val([], STRING).type == list_of(STRING)


def test_sets_deduplicate_and_order():
    v = set_val([number_val(10), number_val(2), number_val(10)])
    assert [e.payload for e in v.payload] == [2, 10]
    s = set_val([string_val("b"), string_val("a")])
    assert [e.payload for e in s.payload] == ["a", "b"]


def test_unknown_set_elements_are_kept_apart():
    v = set_val([unknown_val(STRING), unknown_val(STRING), string_val("a")])
    assert len(v.payload) == 3 and v.payload[0].payload == "a"


def test_map_val_sorts_keys():
    v = map_val({"b": number_val(1), "a": number_val(2)})
    assert list(v.payload) == ["a", "b"] and v.type == map_of(NUMBER)


def test_unknown_and_null_states():
    u = unknown_val(STRING)
    assert u.payload is UNKNOWN and not u.is_known and not u.is_null
    assert unknown_val().type is DYNAMIC
    n = null_val(NUMBER)
    assert n.is_null and n.is_known and n.type is NUMBER
    nested = tuple_val([string_val("a"), unknown_val(BOOL)])
    assert nested.is_known and not nested.is_wholly_known()


def test_marks_are_carried_and_removable():
    secret = string_val("s").mark(SENSITIVE)
    assert secret.is_sensitive and render(secret) == "(sensitive value)"
    wrapper = tuple_val([secret])
    assert not wrapper.is_sensitive
    assert wrapper.marks_deep() == {SENSITIVE}
    clean, marks = wrapper.unmark_deep()
    assert marks == {SENSITIVE} and clean.marks_deep() == frozenset()
    assert secret.unmark() == string_val("s")


def test_raw_equality_and_hashing():
    a = from_python({"x": [1, 2]})
    b = from_python({"x": [1, 2]})
    assert a == b and hash(a) == hash(b)
    assert a != from_python({"x": [1, 3]})
    assert string_val("a") != string_val("a").mark(SENSITIVE)


def test_render_is_terraform_like():
    v = from_python({"a": ["x", 1.5, None], "b": True})
    assert render(v) == '{"a" = ["x", 1.5, null], "b" = true}'
    assert render(set_val([string_val("b")])) == 'toset(["b"])'
    assert render(unknown_val(STRING)) == "(known after apply)"
    assert render(string_val('say "${x}"\n')) == '"say \\"$${x}\\"\\n"'


def test_type_constructors_and_names():
    t = object_of({"name": STRING, "tags": optional(map_of(STRING))})
    assert t.optional == {"tags"}
    assert t.type_expr() == "object({name=string, tags=optional(map(string))})"
    assert list_of(DYNAMIC).friendly_name() == "list"
    assert set_of(NUMBER).friendly_name() == "set of number"
    assert tuple_of([STRING, BOOL]).type_expr() == "tuple([string, bool])"
    assert ListType(STRING) == list_of(STRING) and hash(ListType(STRING)) == hash(list_of(STRING))


def test_object_of_rejects_defaults_for_unknown_attributes():
    from iacreview.eval.types import ObjectType

    with pytest.raises(ValueError):
        ObjectType({"a": STRING}, optional=["b"])


def test_limits():
    with pytest.raises(LimitExceededError):
        string_val("x" * (MAX_STRING_LENGTH + 1))
    with pytest.raises(LimitExceededError):
        number_val("1e200000")


def test_to_python_refuses_unknown():
    with pytest.raises(EvalError):
        to_python(unknown_val(STRING))
