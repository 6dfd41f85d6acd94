"""Type conversion and mark functions: can, try, tobool, tolist, tomap,
tonumber, toset, tostring, type, sensitive, nonsensitive, issensitive,
ephemeralasnull.

``can`` and ``try`` are lazy: they receive thunks and catch the
:class:`EvalError` raised while evaluating them.  A result that is not yet
wholly known makes them return unknown, because evaluating it later might
still fail.
"""

from __future__ import annotations

from collections.abc import Callable

from iacreview.eval.convert import constraint_name, convert
from iacreview.eval.errors import ConversionError, EvalError
from iacreview.eval.functions.common import fn, param
from iacreview.eval.functions.registry import CallContext, FunctionError, FunctionSpec, arg_error
from iacreview.eval.types import BOOL, DYNAMIC, NUMBER, STRING, ListType, MapType, SetType, Type
from iacreview.eval.values import (
    EPHEMERAL,
    FALSE,
    SENSITIVE,
    TRUE,
    UNKNOWN,
    Value,
    null_val,
    render,
    string_val,
    unknown_val,
)


def _describe(v: Value) -> str:
    if v.type.is_primitive and v.payload is not UNKNOWN and not v.is_sensitive:
        return render(v)
    return v.type.friendly_name()


def _to(want: Type, suffix: str = ""):
    def impl(ctx: CallContext, args: list[Value]) -> Value:
        v = args[0]
        try:
            return convert(v, want)
        except ConversionError as e:
            if want.is_primitive:
                detail = suffix if v.type is STRING else ""
                raise arg_error(0, f"cannot convert {_describe(v)} to {want.friendly_name()}{detail}") from None
            if "must have the same type" in e.message or e.path:
                raise arg_error(0, f"cannot convert {v.type.friendly_name()} to {constraint_name(want)}: {e.message}") from None
            raise arg_error(0, f"cannot convert {v.type.friendly_name()} to {constraint_name(want)}") from None
    return impl


def _conversion_result(want: Type) -> Callable:
    """The result type of a conversion function for an unknown argument, as cty's `MakeToFunc` gives it.

    `toset(x)` of an unknown `x` is an unknown set, not an unknown of any type: a
    conditional `c ? toset(x) : []` then unifies to a set, as in Terraform.
    """

    def result(types: list[Type]) -> Type:
        if not want.has_dynamic():
            return want
        got = types[0] if types else DYNAMIC
        if got == DYNAMIC:
            return want
        try:
            return convert(unknown_val(got), want).type
        except ConversionError:
            return DYNAMIC

    return result


def _try(ctx: CallContext, thunks: list[Callable[[], Value]]) -> Value:
    if not thunks:
        raise FunctionError("at least one argument is required")
    problems: list[str] = []
    for thunk in thunks:
        try:
            v = thunk()
        except EvalError as e:
            problems.append(e.message)
            continue
        if not v.is_wholly_known():
            return unknown_val(DYNAMIC).with_marks(v.marks_deep())
        return v
    details = "\n".join(f"- {p}" for p in problems)
    raise FunctionError(
        f"no expression succeeded:\n{details}\n\nAt least one expression must produce a successful result"
    )


def _can(ctx: CallContext, thunks: list[Callable[[], Value]]) -> Value:
    try:
        v = thunks[0]()
    except EvalError:
        return FALSE
    if not v.is_wholly_known():
        return unknown_val(BOOL)
    return TRUE


def _sensitive(ctx: CallContext, args: list[Value]) -> Value:
    return args[0].mark(SENSITIVE)


def _nonsensitive(ctx: CallContext, args: list[Value]) -> Value:
    v = args[0]
    if SENSITIVE not in v.marks:
        return v
    return Value(v.type, v.payload, v.marks - {SENSITIVE})


def _issensitive(ctx: CallContext, args: list[Value]) -> Value:
    v = args[0]
    if v.is_sensitive:
        return TRUE
    if v.payload is UNKNOWN:
        return unknown_val(BOOL)
    return FALSE


def _strip_ephemeral(v: Value) -> Value:
    if EPHEMERAL in v.marks:
        return null_val(v.type).with_marks(v.marks - {EPHEMERAL})
    p = v.payload
    if isinstance(p, tuple):
        new = tuple(_strip_ephemeral(e) for e in p)
        if any(a is not b for a, b in zip(new, p)):
            return Value(v.type, new, v.marks)
    elif isinstance(p, dict):
        new_d = {k: _strip_ephemeral(e) for k, e in p.items()}
        if any(new_d[k] is not p[k] for k in p):
            return Value(v.type, new_d, v.marks)
    return v


def _ephemeralasnull(ctx: CallContext, args: list[Value]) -> Value:
    return _strip_ephemeral(args[0])


def _type(ctx: CallContext, args: list[Value]) -> Value:
    return string_val(args[0].type.type_expr())


def specs() -> list[FunctionSpec]:
    everything = dict(allow_null=True, allow_unknown=True, allow_marked=True)
    v_any = param("v", DYNAMIC, allow_null=True)
    return [
        fn("can", [param("expression", DYNAMIC, **everything)], _can, BOOL, lazy=True,
           doc="True if the expression evaluates without error."),
        fn("try", [], _try, DYNAMIC, variadic=param("expressions", DYNAMIC, **everything), lazy=True,
           doc="Value of the first argument expression that evaluates without error."),
        fn("tobool", [v_any], _to(BOOL, '; only the strings "true" or "false" are allowed'), BOOL,
           doc="Converts a value to bool."),
        fn("tolist", [v_any], _to(ListType(DYNAMIC)), _conversion_result(ListType(DYNAMIC)),
           doc="Converts a value to a list."),
        fn("tomap", [v_any], _to(MapType(DYNAMIC)), _conversion_result(MapType(DYNAMIC)),
           doc="Converts a value to a map."),
        fn("tonumber", [v_any], _to(NUMBER, "; given string must be a decimal representation of a number"),
           NUMBER, doc="Converts a value to number."),
        fn("toset", [v_any], _to(SetType(DYNAMIC)), _conversion_result(SetType(DYNAMIC)),
           doc="Converts a value to a set."),
        fn("tostring", [v_any], _to(STRING), STRING, doc="Converts a value to string."),
        fn("type", [param("value", DYNAMIC, **everything)], _type, STRING,
           doc="The type of a value, in type-constraint syntax (as a string)."),
        fn("sensitive", [param("value", DYNAMIC, **everything)], _sensitive, DYNAMIC,
           doc="Marks a value as sensitive."),
        fn("nonsensitive", [param("value", DYNAMIC, **everything)], _nonsensitive, DYNAMIC,
           doc="Removes the sensitive mark from a value."),
        fn("issensitive", [param("value", DYNAMIC, **everything)], _issensitive, BOOL,
           doc="True if the value is marked sensitive."),
        fn("ephemeralasnull", [param("value", DYNAMIC, **everything)], _ephemeralasnull, DYNAMIC,
           doc="Replaces ephemeral values (at any depth) with null."),
    ]

