"""Expansion of `count` and `for_each` into instances addressed as Terraform prints them.

`aws_subnet.private[0]`, `aws_iam_role.this["app"]`: each instance carries the
`count.index` or `each.key`/`each.value` bindings its arguments are evaluated
with. When the count or the for_each value is known only after apply, the
expansion says so and why, instead of guessing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from iacreview.eval.convert import convert
from iacreview.eval.errors import ConversionError, EvalError
from iacreview.eval.types import NUMBER, STRING, DYNAMIC, ListType, MapType, ObjectType, SetType, TupleType
from iacreview.eval.values import (
    SENSITIVE,
    Value,
    number_val,
    object_val,
    quote_string,
    string_val,
    tuple_val,
    unknown_val,
)
from iacreview.hcl import nodes as N
from iacreview.model.module import ModuleCall, Resource
from iacreview.model.problems import Problem

if TYPE_CHECKING:
    from iacreview.model.scope import ModuleScope

SINGLE = "single"
COUNT = "count"
FOR_EACH = "for_each"
UNKNOWN = "unknown"


@dataclass
class Expansion:
    """How many instances a resource or module call has, and their keys."""

    kind: str
    keys: list[int | str] = field(default_factory=list)
    values: dict[str, Value] = field(default_factory=dict)  # for_each: each.value by key
    reason: str | None = None  # UNKNOWN: what could not be known

    def instances(self) -> list[tuple[int | str | None, dict[str, Value]]]:
        """(key, bindings) per instance; none when the expansion is unknown."""
        if self.kind == SINGLE:
            return [(None, {})]
        if self.kind == COUNT:
            return [(i, {"count": object_val({"index": number_val(i)})}) for i in self.keys]  # type: ignore[misc]
        if self.kind == FOR_EACH:
            return [
                (k, {"each": object_val({"key": string_val(str(k)), "value": self.values[str(k)]})})
                for k in self.keys
            ]
        return []

    @staticmethod
    def suffix(key: int | str | None) -> str:
        if key is None:
            return ""
        if isinstance(key, int):
            return f"[{key}]"
        return f"[{quote_string(key)}]"

    def shape(self, make: Callable[[int | str | None], Value]) -> Value:
        """The value a reference to the whole resource/module sees."""
        if self.kind == SINGLE:
            return make(None)
        if self.kind == COUNT:
            return tuple_val([make(k) for k in self.keys])
        if self.kind == FOR_EACH:
            return object_val({str(k): make(k) for k in self.keys})
        return unknown_val(DYNAMIC)


def _label(target: Resource | ModuleCall) -> str:
    return target.address if isinstance(target, Resource) else f"module.{target.name}"


def expand(scope: ModuleScope, target: Resource | ModuleCall) -> Expansion:
    count, for_each = target.count, target.for_each
    report = scope.context.report
    if count is not None and for_each is not None:
        report(Problem.at("VAL008", f'{_label(target)}: "count" and "for_each" cannot both be set', for_each))
        return Expansion(UNKNOWN, reason='"count" and "for_each" are both set')
    if count is not None:
        try:
            value = scope.evaluate(count.expr)
        except EvalError as err:
            return Expansion(UNKNOWN, reason=f"count cannot be evaluated: {err.message}")
        return _with_missing_inputs(_from_count(value, count, target, report), scope, count)
    if for_each is not None:
        try:
            value = scope.evaluate(for_each.expr)
        except EvalError as err:
            return Expansion(UNKNOWN, reason=f"for_each cannot be evaluated: {err.message}")
        return _with_missing_inputs(_from_for_each(value, for_each, target, report), scope, for_each)
    return Expansion(SINGLE)


def _with_missing_inputs(exp: Expansion, scope: ModuleScope, attr) -> Expansion:
    """Say so when an unknown count/for_each comes from required variables nobody gave a value."""
    if exp.kind != UNKNOWN or not (exp.reason or "").endswith("known only after apply"):
        return exp
    missing = sorted(
        {
            node.name
            for node in attr.expr.walk(N.GetAttr)
            if isinstance(node.obj, N.Variable) and node.obj.name == "var"
            and node.name in scope.module.variables and scope.module.variables[node.name].required
            and node.name not in scope.inputs and not scope.variables_unknown
        }
    )
    if missing:
        names = ", ".join(f"var.{m}" for m in missing)
        exp.reason = f"{attr.name} = {attr.expr.text()} depends on {names}, which has no value (give it with --var or a .tfvars file)"
    return exp


def _from_count(value: Value, attr, target, report) -> Expansion:
    if not value.is_wholly_known():
        return Expansion(UNKNOWN, reason=f"count = {attr.expr.text()} depends on values known only after apply")
    value = value.unmark()
    if value.is_null:
        report(Problem.at("VAL009", f"{_label(target)}: count must be a whole number, not null", attr))
        return Expansion(UNKNOWN, reason="count is null")
    try:
        value = convert(value, NUMBER)  # Terraform converts: count = "2" is fine, count = true is not
    except ConversionError:
        report(Problem.at("VAL009", f"{_label(target)}: count must be a whole number, not {value.type.friendly_name()}", attr))
        return Expansion(UNKNOWN, reason="count is not a number")
    number = value.payload
    if number != number.to_integral_value() or number < 0:
        report(Problem.at("VAL009", f"{_label(target)}: count must be a non-negative whole number, not {number}", attr))
        return Expansion(UNKNOWN, reason="count is not a non-negative whole number")
    if number > 100_000:
        return Expansion(UNKNOWN, reason=f"count = {number} is beyond what is expanded here (100000)")
    return Expansion(COUNT, keys=list(range(int(number))))


def _from_for_each(value: Value, attr, target, report) -> Expansion:
    label = _label(target)
    if value.is_unknown:
        return Expansion(UNKNOWN, reason=f"for_each = {attr.expr.text()} depends on values known only after apply")
    if SENSITIVE in value.marks or (
        isinstance(value.type, SetType) and value.is_known and any(SENSITIVE in e.marks for e in value.payload or ())
    ):
        report(
            Problem.at(
                "VAL009",
                f"{label}: sensitive values cannot be used in for_each: they would show as instance keys",
                attr,
            )
        )
        return Expansion(UNKNOWN, reason="for_each is sensitive")
    value = value.unmark()
    if value.is_null:
        report(Problem.at("VAL009", f"{label}: the for_each value must not be null", attr))
        return Expansion(UNKNOWN, reason="for_each is null")
    t = value.type
    if isinstance(t, (MapType, ObjectType)):
        values = {k: v for k, v in value.payload.items()}
        return Expansion(FOR_EACH, keys=sorted(values), values=values)
    if isinstance(t, SetType):
        elements = value.payload
        if any(not e.is_known for e in elements):
            return Expansion(UNKNOWN, reason=f"for_each = {attr.expr.text()} has elements known only after apply")
        if t.element != STRING and t.element != DYNAMIC:
            report(Problem.at("VAL009", f"{label}: for_each supports maps and sets of strings, but this is a set of {t.element.friendly_name()}", attr))
            return Expansion(UNKNOWN, reason="for_each is a set of non-strings")
        keys = sorted(e.unmark().payload for e in elements)
        return Expansion(FOR_EACH, keys=keys, values={k: string_val(k) for k in keys})
    if isinstance(t, (ListType, TupleType)):
        what = "a list" if isinstance(t, ListType) else "a tuple"
        report(
            Problem.at(
                "VAL009",
                f"{label}: for_each supports maps and sets of strings, but you have provided {what}; "
                "convert it with toset() or build a map keyed by a unique attribute",
                attr,
            )
        )
        return Expansion(UNKNOWN, reason=f"for_each is {what}")
    report(Problem.at("VAL009", f"{label}: for_each must be a map or a set of strings, not {t.friendly_name()}", attr))
    return Expansion(UNKNOWN, reason="for_each has the wrong type")
