"""What a reference to a resource sees while planning: its planned value, from the provider schema.

`terraform plan` knows an instance's configured arguments before apply; what
the provider computes (`id`, `arn`, `tags_all`) stays unknown until apply, and
an optional argument left unset is null. So `aws_s3_bucket.logs.bucket` is the
name the configuration gives it, and `for_each = toset(aws_subnet.a[*].cidr_block)`
has known keys, as Terraform plans it. Without a schema for the resource's
provider nothing can be told apart, and the whole value stays unknown.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from iacreview.eval.convert import convert
from iacreview.eval.errors import EvalError
from iacreview.eval.types import DYNAMIC, Type
from iacreview.eval.values import Value, list_val, null_val, object_val, unknown_val
from iacreview.hcl import nodes as N

if TYPE_CHECKING:
    from iacreview.model.module import Resource
    from iacreview.model.scope import ModuleScope
    from iacreview.schema import BlockSchema

#: Nesting modes whose blocks read as a list of objects (`root_block_device[0].volume_size`).
_LISTS = frozenset({"list", "set"})
_SINGLE = frozenset({"single", "group"})


def planned_value(scope: ModuleScope, res: Resource, bindings: Mapping[str, Value]) -> Value:
    """The value `res` (one instance, with its count/for_each bindings) has in the plan."""
    schemas = scope.context.schemas
    schema = schemas.for_resource(scope.module, res) if schemas is not None else None
    block = schema.block("data" if res.mode == "data" else "resource", res.type) if schema is not None else None
    if block is None or res.mode == "data":
        return unknown_val(DYNAMIC)  # data sources are read at apply time when anything is unknown: keep them so
    return _body_value(scope, res.block.body, block, bindings, schema.knows_about("computed"))  # type: ignore[union-attr]


def _body_value(scope: ModuleScope, body: N.Body, block: BlockSchema, bindings: Mapping[str, Value],
                knows_computed: bool) -> Value:
    written = {item.name: item for item in body.attributes}
    values: dict[str, Value] = {}
    for name, spec in block.attributes.items():
        attr = written.get(name)
        if attr is not None and spec.configurable:
            values[name] = _typed(scope.try_evaluate(attr.expr, dict(bindings)), spec.type)
        elif spec.computed or not knows_computed:
            values[name] = unknown_val(spec.type)
        else:
            values[name] = null_val(spec.type)
    dynamic = {item.labels[0] for item in body.blocks("dynamic") if item.labels}
    for name, nested in block.blocks.items():
        if name in dynamic or (nested.nesting not in _LISTS and nested.nesting not in _SINGLE):
            values[name] = unknown_val(DYNAMIC)  # generated blocks, or maps of blocks: not modelled
            continue
        found = [_body_value(scope, b.body, nested.block, bindings, knows_computed) for b in body.blocks(name)]
        if nested.nesting in _SINGLE:
            values[name] = found[0] if found else null_val(DYNAMIC)
        else:
            values[name] = _as_list(found)
    return object_val(values)


def _typed(value: Value, type_: Type) -> Value:
    """The value as the provider receives it (a number given for a string argument becomes a string)."""
    if type_ is DYNAMIC:
        return value
    try:
        return convert(value, type_)
    except EvalError:
        return value  # a wrong type is validation's finding (VAL036); the plan keeps what was written


def _as_list(items: list[Value]) -> Value:
    if not items:
        return unknown_val(DYNAMIC)  # an empty block list's element type is the block's: not needed
    try:
        return list_val(items)
    except (EvalError, ValueError):
        return unknown_val(DYNAMIC)
