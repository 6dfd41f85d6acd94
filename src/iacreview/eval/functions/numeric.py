"""Numeric functions: abs, ceil, floor, log, max, min, parseint, pow, signum.

``log`` and ``pow`` work in IEEE double precision like Terraform (so their
results print like Terraform's); the others are exact.
"""

from __future__ import annotations

import decimal
import math
from decimal import Decimal

from iacreview.eval.functions.common import fn, param
from iacreview.eval.functions.registry import CallContext, FunctionError, FunctionSpec, arg_error
from iacreview.eval.types import DYNAMIC, NUMBER, STRING
from iacreview.eval.values import NUMBER_CONTEXT, Value, format_number, is_whole, number_val

_INF = Decimal("Infinity")
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _num(d: Decimal) -> Value:
    return Value(NUMBER, d)


def _from_float(f: float) -> Value:
    if math.isnan(f):
        raise FunctionError("the result is not a number")
    if math.isinf(f):
        return _num(_INF if f > 0 else -_INF)
    return number_val(f)


def _abs(ctx: CallContext, args: list[Value]) -> Value:
    return _num(abs(args[0].payload))


def _ceil(ctx: CallContext, args: list[Value]) -> Value:
    d = args[0].payload
    return _num(d if d.is_infinite() else d.to_integral_value(rounding=decimal.ROUND_CEILING) + 0)


def _floor(ctx: CallContext, args: list[Value]) -> Value:
    d = args[0].payload
    return _num(d if d.is_infinite() else d.to_integral_value(rounding=decimal.ROUND_FLOOR) + 0)


def _log(ctx: CallContext, args: list[Value]) -> Value:
    num, base = (float(a.payload) for a in args)

    def ln(x: float) -> float:
        if x == 0:
            return -math.inf
        if x < 0:
            return math.nan
        if math.isinf(x):
            return math.inf
        return math.log(x)

    a, b = ln(num), ln(base)
    if b == 0:
        result = math.copysign(math.inf, a) if a != 0 else math.nan
    elif math.isinf(a) and math.isinf(b):
        result = math.nan
    else:
        result = a / b
    return _from_float(result)


def _extreme(pick, ctx: CallContext, args: list[Value]) -> Value:
    if not args:
        raise FunctionError("must pass at least one number")
    return _num(pick(a.payload for a in args))


def _parseint(ctx: CallContext, args: list[Value]) -> Value:
    raw, base_v = args
    if raw.type is not STRING:
        raise arg_error(0, f"first argument must be a string, not {raw.type.friendly_name()}")
    base_d = base_v.payload
    if not is_whole(base_d) or not 2 <= base_d <= 62:
        raise arg_error(1, "base must be a whole number between 2 and 62 inclusive")
    base = int(base_d)
    text = raw.payload
    body = text[1:] if text[:1] in "+-" else text
    digits = _DIGITS[:base] if base > 36 else _DIGITS[:base] + _DIGITS[36:36 + max(0, base - 10)]
    if not body or any(c not in digits for c in body):
        raise arg_error(0, f'cannot parse "{text}" as a base {base} integer')
    value = 0
    for c in body:
        if base <= 36:
            digit = int(c, 36)
        else:
            digit = _DIGITS.index(c)
        value = value * base + digit
    if text.startswith("-"):
        value = -value
    return number_val(value)


def _pow(ctx: CallContext, args: list[Value]) -> Value:
    x, y = (a.payload for a in args)
    fx, fy = float(x), float(y)
    try:
        result = math.pow(fx, fy)
    except OverflowError:
        negative = fx < 0 and float(fy).is_integer() and int(fy) % 2 == 1
        return _num(-_INF if negative else _INF)
    except ValueError:
        if fx == 0 and fy < 0:
            return _num(_INF)
        raise FunctionError("the result is not a number") from None
    return _from_float(result)


def _signum(ctx: CallContext, args: list[Value]) -> Value:
    d = args[0].payload
    return _num(Decimal(0) if d.is_zero() else Decimal(1 if d > 0 else -1))


_n = param("num", NUMBER)


def specs() -> list[FunctionSpec]:
    return [
        fn("abs", [_n], _abs, NUMBER, doc="Absolute value of a number."),
        fn("ceil", [_n], _ceil, NUMBER, doc="Smallest whole number greater than or equal to the given value."),
        fn("floor", [_n], _floor, NUMBER, doc="Largest whole number less than or equal to the given value."),
        fn("log", [_n, param("base", NUMBER)], _log, NUMBER, doc="Logarithm of a number in a given base."),
        fn("max", [], lambda c, a: _extreme(max, c, a), NUMBER, variadic=param("numbers", NUMBER),
           doc="Greatest of the given numbers."),
        fn("min", [], lambda c, a: _extreme(min, c, a), NUMBER, variadic=param("numbers", NUMBER),
           doc="Smallest of the given numbers."),
        fn("parseint", [param("number", DYNAMIC), param("base", NUMBER)], _parseint, NUMBER,
           doc="Parses a string as an integer in a base from 2 to 62."),
        fn("pow", [_n, param("power", NUMBER)], _pow, NUMBER, doc="Raises a number to a power."),
        fn("signum", [_n], _signum, NUMBER, doc="Sign of a number: -1, 0 or 1."),
    ]


__all__ = ["specs", "format_number", "NUMBER_CONTEXT"]
