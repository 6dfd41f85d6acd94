"""Terraform's operators as plain functions over :class:`Value`.

The expression evaluator calls these for ``+ - * / %``, unary ``-`` and ``!``,
comparisons, ``==``/``!=``, ``&&``/``||`` and ``cond ? a : b``, so that the
semantics live in one place:

* Arithmetic and comparison convert operands to number (``"2" + 1`` is 3).
* ``==`` compares deeply *without* conversion: values of different types are
  unequal (``1 == "1"`` is false, and so is a tuple against a list).
* Any unknown operand gives an unknown result of the result type, except
  where the known operand decides (``true || unknown`` is true).
* Marks (``sensitive``) of the operands are carried to the result.
* Failures raise :class:`EvalError` with Terraform's wording.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation, Overflow
from typing import Callable

from iacreview.eval.convert import convert, unify_values
from iacreview.eval.errors import ConversionError, EvalError, LimitExceededError
from iacreview.eval.types import BOOL, DYNAMIC, NUMBER, STRING, SetType, Type
from iacreview.eval.values import (
    FALSE,
    NO_MARKS,
    NUMBER_CONTEXT,
    TRUE,
    UNKNOWN,
    Value,
    bool_val,
    string_val,
    unknown_val,
)

__all__ = [
    "add", "subtract", "multiply", "divide", "modulo", "negate",
    "less_than", "less_equal", "greater_than", "greater_equal",
    "equal", "not_equal", "logical_and", "logical_or", "logical_not",
    "conditional", "binary_op", "unary_op", "template_string",
]

_ctx = NUMBER_CONTEXT


def _operand(v: Value, want: Type, side: str) -> Value:
    """Convert an operand (without its marks) to ``want``; nulls are rejected.

    ``side`` is "left", "right" or "unary", used in the error message."""
    try:
        converted = convert(v.unmark(), want)
    except ConversionError as e:
        raise EvalError(f"Unsuitable value for {side} operand: {e.bare_message}.", summary="Invalid operand") from None
    if converted.is_null:
        raise EvalError(f"Unsuitable value for {side} operand: argument must not be null.", summary="Invalid operand")
    return converted


def _marks(*values: Value) -> frozenset[str]:
    marks = NO_MARKS
    for v in values:
        if v.marks:
            marks = marks | v.marks
    return marks


def _arith(op: Callable[[Decimal, Decimal], Decimal], a: Value, b: Value) -> Value:
    marks = _marks(a, b)
    x = _operand(a, NUMBER, "left")
    y = _operand(b, NUMBER, "right")
    if x.payload is UNKNOWN or y.payload is UNKNOWN:
        return unknown_val(NUMBER).with_marks(marks)
    try:
        result = op(x.payload, y.payload)
    except Overflow:
        raise LimitExceededError("arithmetic result is too large") from None
    except InvalidOperation:
        raise EvalError("Error during operation: can't compute with these infinite values.", summary="Operation failed") from None
    return Value(NUMBER, result, marks)


def add(a: Value, b: Value) -> Value:
    """``a + b``"""
    return _arith(_ctx.add, a, b)


def subtract(a: Value, b: Value) -> Value:
    """``a - b``"""
    return _arith(_ctx.subtract, a, b)


def multiply(a: Value, b: Value) -> Value:
    """``a * b``"""
    return _arith(_ctx.multiply, a, b)


def _divide(x: Decimal, y: Decimal) -> Decimal:
    if y.is_zero():
        if x.is_zero():
            raise EvalError("Error during operation: can't divide zero by zero or infinity by infinity.", summary="Operation failed")
        return Decimal("Infinity") if (x > 0) != y.is_signed() else Decimal("-Infinity")
    if x.is_infinite() and y.is_infinite():
        raise EvalError("Error during operation: can't divide zero by zero or infinity by infinity.", summary="Operation failed")
    return _ctx.divide(x, y)


def divide(a: Value, b: Value) -> Value:
    """``a / b``: dividing a non-zero number by zero gives an infinity, as in Terraform."""
    return _arith(_divide, a, b)


def _modulo(x: Decimal, y: Decimal) -> Decimal:
    if x.is_infinite() or y.is_infinite():
        return _ctx.multiply(x, y)
    if y.is_zero():
        return x
    return _ctx.remainder(x, y)  # sign follows the dividend, like Terraform


def modulo(a: Value, b: Value) -> Value:
    """``a % b``: remainder of truncated division; ``x % 0`` is ``x``."""
    return _arith(_modulo, a, b)


def negate(a: Value) -> Value:
    """Unary ``-a``"""
    x = _operand(a, NUMBER, "unary")
    if x.payload is UNKNOWN:
        return unknown_val(NUMBER).with_marks(a.marks)
    return Value(NUMBER, _ctx.minus(x.payload) if not x.payload.is_zero() else Decimal(0), a.marks)


def _compare(test: Callable[[Decimal, Decimal], bool], a: Value, b: Value) -> Value:
    marks = _marks(a, b)
    x = _operand(a, NUMBER, "left")
    y = _operand(b, NUMBER, "right")
    if x.payload is UNKNOWN or y.payload is UNKNOWN:
        return unknown_val(BOOL).with_marks(marks)
    return bool_val(test(x.payload, y.payload)).with_marks(marks)


def less_than(a: Value, b: Value) -> Value:
    return _compare(lambda x, y: x < y, a, b)


def less_equal(a: Value, b: Value) -> Value:
    return _compare(lambda x, y: x <= y, a, b)


def greater_than(a: Value, b: Value) -> Value:
    return _compare(lambda x, y: x > y, a, b)


def greater_equal(a: Value, b: Value) -> Value:
    return _compare(lambda x, y: x >= y, a, b)


def _deep_equal(a: Value, b: Value) -> bool | None:
    """True/False when decided, None when unknowns leave it open."""
    pa, pb = a.payload, b.payload
    if pa is UNKNOWN or pb is UNKNOWN:
        return None
    if pa is None or pb is None:
        return pa is None and pb is None
    if a.type != b.type:
        if a.type is DYNAMIC or b.type is DYNAMIC:
            return None
        return False
    if isinstance(pa, tuple):
        if len(pa) != len(pb):
            return False
        if isinstance(a.type, SetType):
            if all(e.is_wholly_known() for e in pa) and all(e.is_wholly_known() for e in pb):
                return {x.unmark_deep()[0] for x in pa} == {y.unmark_deep()[0] for y in pb}
            return None
        undecided = False
        for x, y in zip(pa, pb):
            r = _deep_equal(x, y)
            if r is False:
                return False
            if r is None:
                undecided = True
        return None if undecided else True
    if isinstance(pa, dict):
        if pa.keys() != pb.keys():
            return False
        undecided = False
        for k, x in pa.items():
            r = _deep_equal(x, pb[k])
            if r is False:
                return False
            if r is None:
                undecided = True
        return None if undecided else True
    return pa == pb


def equal(a: Value, b: Value) -> Value:
    """``a == b``: deep, type-sensitive; unknown when unknowns could matter."""
    marks = a.marks_deep() | b.marks_deep()
    r = _deep_equal(a, b)
    result = unknown_val(BOOL) if r is None else bool_val(r)
    return result.with_marks(marks)


def not_equal(a: Value, b: Value) -> Value:
    """``a != b``"""
    eq = equal(a, b)
    if eq.payload is UNKNOWN:
        return eq
    return bool_val(not eq.payload).with_marks(eq.marks)


def logical_and(a: Value, b: Value) -> Value:
    """``a && b``: a known false operand decides even if the other is unknown."""
    marks = _marks(a, b)
    x = _operand(a, BOOL, "left")
    y = _operand(b, BOOL, "right")
    if x.payload is False or y.payload is False:
        return FALSE.with_marks(marks)
    if x.payload is UNKNOWN or y.payload is UNKNOWN:
        return unknown_val(BOOL).with_marks(marks)
    return TRUE.with_marks(marks)


def logical_or(a: Value, b: Value) -> Value:
    """``a || b``: a known true operand decides even if the other is unknown."""
    marks = _marks(a, b)
    x = _operand(a, BOOL, "left")
    y = _operand(b, BOOL, "right")
    if x.payload is True or y.payload is True:
        return TRUE.with_marks(marks)
    if x.payload is UNKNOWN or y.payload is UNKNOWN:
        return unknown_val(BOOL).with_marks(marks)
    return FALSE.with_marks(marks)


def logical_not(a: Value) -> Value:
    """``!a``"""
    x = _operand(a, BOOL, "unary")
    if x.payload is UNKNOWN:
        return unknown_val(BOOL).with_marks(a.marks)
    return bool_val(not x.payload).with_marks(a.marks)


def conditional(cond: Value, if_true: Value, if_false: Value) -> Value:
    """``cond ? if_true : if_false`` with Terraform's result-type unification.

    Both results are converted to their unified type (a literal ``null`` takes
    the other's type); an unknown condition gives an unknown of that type.
    """
    if cond.is_null:
        raise EvalError(
            "The condition value is null. Conditions must either be true or false.",
            summary="Invalid conditional",
        )
    try:
        c = convert(cond.unmark(), BOOL)
    except ConversionError as e:
        raise EvalError(
            f"The condition expression must be of type bool: {e.bare_message}.", summary="Incorrect condition type"
        ) from None
    unified = unify_values([if_true, if_false])
    if unified is None:
        raise EvalError(
            "The true and false result expressions must have consistent types. "
            f"The 'true' value is {if_true.type.friendly_name()}, but the 'false' value is "
            f"{if_false.type.friendly_name()}.",
            summary="Inconsistent conditional result types",
        )
    result_type, (t, f) = unified
    if c.payload is UNKNOWN:
        return unknown_val(result_type).with_marks(cond.marks)
    chosen = t if c.payload else f
    return chosen.with_marks(cond.marks)


_BINARY: dict[str, Callable[[Value, Value], Value]] = {
    "+": add, "-": subtract, "*": multiply, "/": divide, "%": modulo,
    "<": less_than, "<=": less_equal, ">": greater_than, ">=": greater_equal,
    "==": equal, "!=": not_equal, "&&": logical_and, "||": logical_or,
}


def binary_op(op: str, a: Value, b: Value) -> Value:
    """Apply a binary operator given as its HCL symbol."""
    try:
        fn = _BINARY[op]
    except KeyError:
        raise EvalError(f"unsupported binary operator {op!r}") from None
    return fn(a, b)


def unary_op(op: str, a: Value) -> Value:
    """Apply ``-`` or ``!``."""
    if op == "-":
        return negate(a)
    if op == "!":
        return logical_not(a)
    raise EvalError(f"unsupported unary operator {op!r}")


def template_string(parts: list[Value]) -> Value:
    """Join the pieces of a string template ``"a${b}c"``, converting each to string.

    Unknown pieces make the whole result unknown; marks are carried over.
    """
    out: list[str] = []
    marks = NO_MARKS
    unknown = False
    for part in parts:
        if part.marks:
            marks = marks | part.marks
        if part.is_null:
            raise EvalError(
                "The expression result is null. Cannot include a null value in a string template.",
                summary="Invalid template interpolation value",
            )
        if part.payload is UNKNOWN:
            unknown = True
            continue
        try:
            s = convert(part.unmark(), STRING)
        except ConversionError:
            raise EvalError(
                f"Cannot include the given value in a string template: string required, but have {part.type.friendly_name()}.",
                summary="Invalid template interpolation value",
            ) from None
        out.append(s.payload)
    if unknown:
        return unknown_val(STRING).with_marks(marks)
    return string_val("".join(out)).with_marks(marks)
