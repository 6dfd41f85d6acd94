"""The parsed structure as plain JSON data, in the shape hcl2json tools print.

Blocks nest by type then labels, each level ending in a list of bodies (a type
may repeat); attribute values are JSON when they are static, and otherwise the
expression's source wrapped in `${…}` so nothing is lost.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from iacreview.hcl import nodes as N


def body_to_json(body: N.Body) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in body.items:
        if isinstance(item, N.Attribute):
            out[item.name] = expr_to_json(item.expr)
            continue
        level = out
        keys = [item.type, *item.labels]
        for key in keys[:-1]:
            nxt = level.setdefault(key, {})
            if not isinstance(nxt, dict):  # an attribute of the same name came first
                nxt = level[key] = {}
            level = nxt
        bucket = level.setdefault(keys[-1], [])
        if not isinstance(bucket, list):
            bucket = level[keys[-1]] = []
        bucket.append(body_to_json(item.body))
    return out


def expr_to_json(expr: N.Expr) -> Any:
    """A JSON value for static expressions; `${source}` for everything else."""
    if isinstance(expr, N.Literal):
        if isinstance(expr.value, str):
            return _number(expr.value)
        return expr.value
    if isinstance(expr, N.Template):
        literal = expr.literal_value()
        if literal is not None:
            return literal
        if expr.is_wrapped_interpolation:
            return "${" + expr.parts[0].expr.text() + "}"  # type: ignore[attr-defined]
        return "".join(_template_part_text(p) for p in expr.parts)
    if isinstance(expr, N.Tuple):
        return [expr_to_json(i) for i in expr.items]
    if isinstance(expr, N.Object):
        result: dict[str, Any] = {}
        for item in expr.items:
            key = item.key_name
            if key is None:
                key = "${" + item.key.text() + "}"
            result[key] = expr_to_json(item.value)
        return result
    if isinstance(expr, N.UnaryOp) and expr.op == "-" and isinstance(expr.operand, N.Literal):
        value = expr_to_json(expr.operand)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return -value
    return "${" + expr.text() + "}"


def _template_part_text(part: N.TemplatePart) -> str:
    if isinstance(part, N.TemplateLiteral):
        return part.value.replace("${", "$${").replace("%{", "%%{")
    return part.text()


def _number(text: str) -> int | float:
    try:
        value = Decimal(text)
    except InvalidOperation:  # the lexer only produces valid numbers
        return float("nan")
    if value == value.to_integral_value() and "e" not in text.lower() and "." not in text:
        return int(value)
    return float(value)
