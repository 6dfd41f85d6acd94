"""``format`` and ``formatlist``: Terraform's printf-style formatting.

Supported verbs, as Terraform documents them: ``%%``, ``%v`` (default
format; JSON for collections), ``%#v`` (JSON), ``%t`` (bool), ``%b %d %o %x
%X`` (whole numbers), ``%e %E %f %g %G`` (numbers), ``%s`` (string), ``%q``
(JSON-quoted string); flags ``+ - # 0`` and space, width, ``.precision`` and
explicit argument indexes ``%[2]s``.
"""

from __future__ import annotations

import decimal
import re
from decimal import Decimal

from iacreview.eval.convert import convert
from iacreview.eval.errors import ConversionError
from iacreview.eval.functions.common import check_length, check_string_length
from iacreview.eval.functions.jsonenc import encode_json, json_string
from iacreview.eval.functions.registry import CallContext, FunctionError
from iacreview.eval.types import BOOL, NUMBER, STRING, ListType, SetType, TupleType
from iacreview.eval.values import (
    MAX_STRING_LENGTH,
    UNKNOWN,
    Value,
    format_number,
    is_whole,
    list_val,
    string_val,
    unknown_val,
)

_SPEC = re.compile(r"%([-+# 0]*)(?:\[(\d+)\])?(\d+)?(?:\.(\d*))?(?:\[(\d+)\])?(.?)", re.S)
_MAX_WIDTH = 1_000_000


class _Spec:
    __slots__ = ("flags", "width", "precision", "verb", "start", "end")

    def __init__(self, flags: str, width: int | None, precision: int | None, verb: str, start: int, end: int) -> None:
        self.flags = flags
        self.width = width
        self.precision = precision
        self.verb = verb
        self.start = start
        self.end = end


def _parse(fmt: str) -> list[str | tuple[_Spec, int]]:
    """Literal strings and (spec, argument index) pairs, in order."""
    pieces: list[str | tuple[_Spec, int]] = []
    literal: list[str] = []
    i = 0
    next_arg = 0
    n = len(fmt)
    while i < n:
        c = fmt[i]
        if c != "%":
            literal.append(c)
            i += 1
            continue
        if i + 1 < n and fmt[i + 1] == "%":
            literal.append("%")
            i += 2
            continue
        m = _SPEC.match(fmt, i)
        assert m is not None
        flags, idx1, width, precision, idx2, verb = m.groups()
        if not verb:
            raise FunctionError(f"unterminated format verb at offset {i}")
        if verb == "%":
            raise FunctionError(f"unrecognized format verb '%' at offset {i}")
        index = idx1 or idx2
        if index is not None:
            next_arg = int(index) - 1
            if next_arg < 0:
                raise FunctionError(f"invalid argument index {index} at offset {i}")
        w = int(width) if width else None
        p = (int(precision) if precision else 0) if precision is not None else None
        if (w or 0) > _MAX_WIDTH or (p or 0) > _MAX_WIDTH:
            raise FunctionError(f"format width or precision too large at offset {i}")
        if literal:
            pieces.append("".join(literal))
            literal = []
        pieces.append((_Spec(flags, w, p, verb, i, m.end()), next_arg))
        next_arg += 1
        i = m.end()
    if literal:
        pieces.append("".join(literal))
    return pieces


def format_values(fmt: str, args: list[Value]) -> str:
    """Format known ``args`` with ``fmt``; raises FunctionError on misuse."""
    pieces = _parse(fmt)
    next_index = 0
    # Like Go's fmt, explicit argument indexes disable the unused-argument check.
    reordered = any(not isinstance(p, str) and "[" in fmt[p[0].start:p[0].end] for p in pieces)
    out: list[str] = []
    size = 0
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
            size += len(piece)
            continue
        spec, index = piece
        if index >= len(args):
            raise FunctionError(
                f'not enough arguments for "{fmt[spec.start:spec.end]}" at {spec.start}: '
                f"need index {index + 1} but have {len(args)} total"
            )
        next_index = index + 1
        text = _format_one(spec, args[index], index, fmt)
        size += len(text)
        check_string_length(size)
        out.append(text)
    if not reordered and next_index < len(args):
        raise FunctionError(f"too many arguments; only {next_index} used by format string")
    return "".join(out)


def _pad(text: str, spec: _Spec, numeric: bool = False) -> str:
    width = spec.width
    if width is None or len(text) >= width:
        return text
    fill = width - len(text)
    if "-" in spec.flags:
        return text + " " * fill
    if "0" in spec.flags and numeric:
        sign = text[0] if text[:1] in "+- " else ""
        return sign + "0" * fill + text[len(sign):]
    return " " * fill + text


def _unsupported(spec: _Spec, index: int, fmt: str, why: str) -> FunctionError:
    return FunctionError(f'unsupported value for "{fmt[spec.start:spec.end]}" at {spec.start}: {why}')


def _format_one(spec: _Spec, value: Value, index: int, fmt: str) -> str:
    verb = spec.verb
    if value.is_null:
        if verb == "v":
            return _pad("null", spec)
        raise _unsupported(spec, index, fmt, "null value cannot be formatted")
    if verb == "v":
        if "#" in spec.flags or not value.type.is_primitive:
            return _pad(encode_json(value), spec)
        if value.type is NUMBER:
            return _pad(format_number(value.payload), spec)
        return _format_string(spec, convert(value, STRING).payload)
    if verb == "t":
        try:
            b = convert(value, BOOL)
        except ConversionError as e:
            raise _unsupported(spec, index, fmt, e.message) from None
        return _pad("true" if b.payload else "false", spec)
    if verb in "bdoxXeEfgG":
        try:
            d = convert(value, NUMBER).payload
        except ConversionError as e:
            raise _unsupported(spec, index, fmt, e.message) from None
        if verb in "bdoxX":
            if not is_whole(d):
                raise _unsupported(spec, index, fmt, "value has no integer representation")
            return _format_int(spec, int(d))
        return _format_float(spec, d)
    if verb in "sq":
        try:
            s = convert(value, STRING).payload
        except ConversionError as e:
            raise _unsupported(spec, index, fmt, e.message) from None
        if verb == "q":
            return _pad(json_string(s), spec)
        return _format_string(spec, s)
    raise FunctionError(f"unrecognized format verb '{verb}' at offset {spec.start}")


def _format_string(spec: _Spec, s: str) -> str:
    if spec.precision is not None:
        s = s[: spec.precision]
    return _pad(s, spec)


def _sign(negative: bool, flags: str) -> str:
    if negative:
        return "-"
    if "+" in flags:
        return "+"
    if " " in flags:
        return " "
    return ""


def _format_int(spec: _Spec, n: int) -> str:
    verb = spec.verb
    digits = {
        "d": lambda x: str(x),
        "b": lambda x: format(x, "b"),
        "o": lambda x: format(x, "o"),
        "x": lambda x: format(x, "x"),
        "X": lambda x: format(x, "X"),
    }[verb](abs(n))
    if spec.precision is not None and len(digits) < spec.precision:
        digits = "0" * (spec.precision - len(digits)) + digits
    prefix = ""
    if "#" in spec.flags:
        prefix = {"b": "0b", "o": "0", "x": "0x", "X": "0X"}.get(verb, "")
    text = _sign(n < 0, spec.flags) + prefix + digits
    return _pad(text, spec, numeric=spec.precision is None)


def _format_float(spec: _Spec, d: Decimal) -> str:
    verb = spec.verb
    negative = d.is_signed() and not d.is_zero()
    d = abs(d)
    if d.is_infinite():
        body = "Inf"
        return _pad(_sign(negative, spec.flags) + body, spec)
    if verb == "f":
        prec = 6 if spec.precision is None else spec.precision
        body = _fixed(d, prec)
    elif verb in "eE":
        prec = 6 if spec.precision is None else spec.precision
        body = _exp(d, prec, verb)
    else:
        body = _general(d, spec.precision, "e" if verb == "g" else "E", "#" in spec.flags)
    return _pad(_sign(negative, spec.flags) + body, spec, numeric=True)


_ctx = decimal.Context(prec=1_000, rounding=decimal.ROUND_HALF_EVEN, Emax=10**6, Emin=-(10**6))


def _fixed(d: Decimal, prec: int) -> str:
    if d.adjusted() + prec > MAX_STRING_LENGTH:
        raise FunctionError("formatted number would be too long")
    q = d.quantize(Decimal(1).scaleb(-prec), rounding=decimal.ROUND_HALF_EVEN, context=_ctx)
    return format(q, "f")


def _exp(d: Decimal, prec: int, letter: str) -> str:
    if d.is_zero():
        mant, exp = "0" + ("." + "0" * prec if prec else ""), 0
    else:
        rounded = _ctx.create_decimal(d).quantize(
            Decimal(1).scaleb(d.adjusted() - prec), rounding=decimal.ROUND_HALF_EVEN, context=_ctx
        )
        exp = rounded.adjusted()
        digits = rounded.as_tuple().digits
        digit_str = "".join(map(str, digits)).ljust(prec + 1, "0")[: prec + 1]
        mant = digit_str[0] + ("." + digit_str[1:] if prec else "")
    sign = "-" if exp < 0 else "+"
    return f"{mant}{letter}{sign}{abs(exp):02d}"


def _general(d: Decimal, precision: int | None, letter: str, alternate: bool) -> str:
    if d.is_zero():
        return "0"
    if precision is None:
        digits = d.normalize(_ctx).as_tuple().digits
        exp = d.adjusted()
        if exp < -4 or exp >= 6:
            return _exp(d, len(digits) - 1, letter)
        return format_number(d)
    prec = precision or 1
    rounded = _ctx.create_decimal(d).quantize(
        Decimal(1).scaleb(d.adjusted() - prec + 1), rounding=decimal.ROUND_HALF_EVEN, context=_ctx
    )
    exp = rounded.adjusted()
    if exp < -4 or exp >= prec:
        text = _exp(rounded, prec - 1, letter)
        if not alternate:
            mant, _, tail = text.partition(letter)
            if "." in mant:
                mant = mant.rstrip("0").rstrip(".")
            text = mant + letter + tail
        return text
    text = _fixed(rounded, max(prec - 1 - exp, 0))
    if not alternate and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_impl(ctx: CallContext, args: list[Value]) -> Value:
    fmt = args[0].payload
    return string_val(format_values(fmt, list(args[1:])))


def formatlist_impl(ctx: CallContext, args: list[Value]) -> Value:
    fmt = args[0].payload
    rest = list(args[1:])
    length: int | None = None
    length_from = -1
    for i, a in enumerate(rest):
        if isinstance(a.type, (ListType, SetType, TupleType)) and not a.is_null:
            if a.payload is UNKNOWN:
                return unknown_val(ListType(STRING))
            n = len(a.payload)
            if length is not None and n != length:
                raise FunctionError(
                    f"argument {i + 1} has length {n}, which is inconsistent with argument {length_from + 1} of length {length}"
                )
            length, length_from = n, i
    if length is None:
        length = 1
    check_length(length)
    check_string_length(length * max(len(fmt), 1))
    results = []
    total = 0
    for row in range(length):
        row_args = []
        for a in rest:
            if isinstance(a.type, (ListType, SetType, TupleType)) and not a.is_null:
                row_args.append(a.payload[row])
            else:
                row_args.append(a)
        if any(not v.is_wholly_known() for v in row_args):
            results.append(unknown_val(STRING))
            continue
        text = format_values(fmt, row_args)
        total += len(text)
        check_string_length(total)
        results.append(string_val(text))
    return list_val(results, STRING)
