"""JSON encoding of values the way Terraform's ``jsonencode`` writes it.

Compact output, object keys sorted, numbers in Terraform's canonical text,
and Go's HTML-safe string escaping (``<`` ``>`` ``&`` U+2028 U+2029 become
``\\u`` escapes).  Shared by ``jsonencode`` and ``format("%#v")``.
"""

from __future__ import annotations

from decimal import Decimal

from iacreview.eval.errors import EvalError
from iacreview.eval.values import UNKNOWN, Value, format_number

_ESCAPES = {
    '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t",
    "<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029",
}


def json_string(s: str) -> str:
    """A JSON string literal with Go's escaping rules."""
    out = ['"']
    for c in s:
        esc = _ESCAPES.get(c)
        if esc is not None:
            out.append(esc)
        elif ord(c) < 0x20:
            out.append("\\u%04x" % ord(c))
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def json_number(d: Decimal) -> str:
    if not d.is_finite():
        raise EvalError("cannot encode an infinite number as JSON")
    return format_number(d)


def encode_json(v: Value) -> str:
    """Compact JSON for a wholly known, unmarked value."""
    parts: list[str] = []
    _encode(v, parts)
    return "".join(parts)


def _encode(v: Value, out: list[str]) -> None:
    p = v.payload
    if p is UNKNOWN:
        raise EvalError("value is not yet known")
    if p is None:
        out.append("null")
    elif isinstance(p, bool):
        out.append("true" if p else "false")
    elif isinstance(p, Decimal):
        out.append(json_number(p))
    elif isinstance(p, str):
        out.append(json_string(p))
    elif isinstance(p, tuple):
        out.append("[")
        for i, e in enumerate(p):
            if i:
                out.append(",")
            _encode(e, out)
        out.append("]")
    else:
        out.append("{")
        for i, k in enumerate(sorted(p)):
            if i:
                out.append(",")
            out.append(json_string(k))
            out.append(":")
            _encode(p[k], out)
        out.append("}")
