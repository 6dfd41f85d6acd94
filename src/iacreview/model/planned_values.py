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
    from iacreview.model.module import Module, Resource
    from iacreview.model.scope import ModuleScope
    from iacreview.schema import BlockSchema

#: Nesting modes whose blocks read as a list of objects (`root_block_device[0].volume_size`).
_LISTS = frozenset({"list", "set"})
_SINGLE = frozenset({"single", "group"})


def planned_value(scope: ModuleScope, res: Resource, bindings: Mapping[str, Value],
                  wanted: set[str] | None = None) -> Value:
    """The value `res` (one instance, with its count/for_each bindings) has in the plan.

    `wanted`: the only top-level arguments anything reads (see `read_attributes`); the others are left
    unknown rather than evaluated. None: all of them.
    """
    schemas = scope.context.schemas
    schema = schemas.for_resource(scope.module, res) if schemas is not None else None
    block = schema.block("data" if res.mode == "data" else "resource", res.type) if schema is not None else None
    if block is None or res.mode == "data":
        return unknown_val(DYNAMIC)  # data sources are read at apply time when anything is unknown: keep them so
    return _body_value(scope, res.block.body, block, bindings, schema.knows_about("computed"),  # type: ignore[union-attr]
                       wanted)


def read_attributes(module: Module) -> dict[str, set[str] | None]:
    """Per managed resource address, the top-level attributes the module's expressions read from it
    (`aws_subnet.a[0].cidr_block`, `aws_subnet.a[*].cidr_block`), or None where the whole object is
    used (`for s in aws_subnet.a : s.cidr_block`, `output "x" { value = aws_subnet.a }`).

    A planned value is only worth evaluating where it is read: most resources are referred to for
    their computed `id` or `arn` alone.
    """
    types = {r.type for r in module.managed_resources}
    read: dict[str, set[str] | None] = {}
    roots: dict[int, str] = {}  # `type.name` nodes met, by id
    consumed: set[int] = set()
    for file in module.files.values():
        named = _named_only(file)
        for node in file.walk((N.GetAttr, N.Splat)):
            if id(node) in named:
                continue
            if node.__class__ is N.Splat:
                root, step = node.src, _first_attribute(node.each)  # type: ignore[attr-defined]
            else:
                root, step = node.obj, node.name  # type: ignore[attr-defined]
                if root.__class__ is N.Variable:
                    if root.name in types:  # type: ignore[attr-defined]
                        roots[id(node)] = f"{root.name}.{node.name}"  # type: ignore[attr-defined]
                    continue
                if root.__class__ is N.Index:
                    root = root.obj  # type: ignore[attr-defined]
            if root.__class__ is N.GetAttr and root.obj.__class__ is N.Variable and root.obj.name in types:  # type: ignore[attr-defined]
                address = f"{root.obj.name}.{root.name}"  # type: ignore[attr-defined]
                consumed.add(id(root))
                names = read.setdefault(address, set())
                if names is not None and step is not None:
                    names.add(step)
                elif step is None:
                    read[address] = None
    for node_id, address in roots.items():
        if node_id not in consumed:
            read[address] = None  # used whole somewhere
    return read


#: Arguments whose expressions name resources without reading them: a block's own, and its lifecycle's.
_NOT_READ = frozenset({"depends_on", "provider", "providers"})
_NOT_READ_IN_LIFECYCLE = frozenset({"replace_triggered_by", "ignore_changes"})


def _named_only(file: N.ConfigFile) -> set[int]:
    """The reference nodes of a file's `depends_on`, `provider` and lifecycle arguments (by id)."""
    found: set[int] = set()
    for block in file.body.blocks():
        for attr in block.body.attributes:
            if attr.name in _NOT_READ:
                found.update(id(n) for n in attr.expr.walk(N.GetAttr))
        for lifecycle in block.body.blocks("lifecycle"):
            for attr in lifecycle.body.attributes:
                if attr.name in _NOT_READ_IN_LIFECYCLE:
                    found.update(id(n) for n in attr.expr.walk(N.GetAttr))
    return found


def _first_attribute(each: N.Node) -> str | None:
    """The attribute a splat reads from every element (`cidr_block` of `[*].cidr_block`), if any."""
    node = each
    while node.__class__ in (N.GetAttr, N.Index):
        inner = node.obj  # type: ignore[attr-defined]
        if inner.__class__ is N.AnonSymbol:
            return node.name if node.__class__ is N.GetAttr else None  # type: ignore[attr-defined]
        node = inner
    return None


def _body_value(scope: ModuleScope, body: N.Body, block: BlockSchema, bindings: Mapping[str, Value],
                knows_computed: bool, wanted: set[str] | None = None) -> Value:
    written = {item.name: item for item in body.attributes}
    if wanted is not None and not any(name in written or name in block.blocks for name in wanted):
        # Nothing read is configured (the common `.id`, `.arn`): the value is the same for every
        # instance and every resource of the type written alike, so it is built once.
        key = (id(block), frozenset(written), knows_computed)
        found = _SKELETONS.get(key)
        if found is None or found[0] is not block:
            if len(_SKELETONS) > 4096:
                _SKELETONS.clear()  # a long run over many trees: keep the memory bounded
            found = _SKELETONS[key] = (block, _build(scope, body, block, bindings, knows_computed, set(), written))
        return found[1]
    return _build(scope, body, block, bindings, knows_computed, wanted, written)


def _build(scope: ModuleScope, body: N.Body, block: BlockSchema, bindings: Mapping[str, Value],
           knows_computed: bool, wanted: set[str] | None, written: Mapping[str, N.Attribute]) -> Value:
    values: dict[str, Value] = {}
    for name, spec in block.attributes.items():
        attr = written.get(name)
        if attr is not None and spec.configurable and wanted is not None and name not in wanted:
            values[name] = unknown_val(spec.type)  # set, but read by nothing: not worth evaluating
        elif attr is not None and spec.configurable:
            values[name] = _typed(scope.try_evaluate(attr.expr, dict(bindings)), spec.type)
        elif spec.computed or not knows_computed:
            values[name] = unknown_val(spec.type)
        else:
            values[name] = null_val(spec.type)
    dynamic = {item.labels[0] for item in body.blocks("dynamic") if item.labels}
    for name, nested in block.blocks.items():
        if wanted is not None and name not in wanted:
            values[name] = unknown_val(DYNAMIC)
            continue
        if name in dynamic or (nested.nesting not in _LISTS and nested.nesting not in _SINGLE):
            values[name] = unknown_val(DYNAMIC)  # generated blocks, or maps of blocks: not modelled
            continue
        found = [_body_value(scope, b.body, nested.block, bindings, knows_computed) for b in body.blocks(name)]
        if nested.nesting in _SINGLE:
            values[name] = found[0] if found else null_val(DYNAMIC)
        else:
            values[name] = _as_list(found)
    return object_val(values)


#: Values of instances whose read attributes are all computed, by (block, arguments written, knows computed);
#: the block is kept beside its value so that an id reused by another block never matches.
_SKELETONS: dict[tuple[int, frozenset[str], bool], tuple[BlockSchema, Value]] = {}


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
