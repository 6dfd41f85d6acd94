"""Our offline plan in the shape of `terraform show -json PLANFILE`, for tools that read that format.

`planned_values` (the root module's resources and its `child_modules`, nested
as Terraform nests them) and `resource_changes` (one `create` per instance),
as documented in Terraform's JSON output format
(https://developer.hashicorp.com/terraform/internals/json-format). Values are
the arguments the configuration sets, evaluated per instance: a value known
only after apply is left out of `values`/`after` and marked `true` in
`after_unknown`, as Terraform marks it; sensitive values are marked in
`sensitive_values`/`after_sensitive`. Where a provider schema ships, what
the provider computes and the configuration does not set (`id`, `arn`) is
marked known after apply, and the schema's sensitive arguments are marked
sensitive, as Terraform marks them; an unset optional argument takes the
provider's default, which no schema records, and is left out.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from iacreview.eval.values import SENSITIVE, UNKNOWN, Value
from iacreview.hcl import Block
from iacreview.model.plan import Instance, Plan
from iacreview.model.scope import ModuleScope

FORMAT_VERSION = "1.2"
#: Arguments and blocks every resource takes that are not resource attributes.
META_ARGUMENTS = frozenset({"count", "for_each", "provider", "depends_on"})
META_BLOCKS = frozenset({"lifecycle", "provisioner", "connection"})

_OMIT = object()  # an unknown value: no entry in `values`/`after`


def plan_json(root: ModuleScope, plan: Plan, terraform_version: str = "1.11.4") -> dict[str, Any]:
    """The plan as `terraform show -json` prints a plan: `planned_values` and `resource_changes`."""
    modules: dict[str, dict[str, Any]] = {"": {"resources": [], "child_modules": []}}
    changes = []
    for inst in sorted(plan.instances, key=lambda i: i.address):
        values, unknown, sensitive = instance_values(inst)
        common = {
            "address": inst.address,
            "mode": "managed",
            "type": inst.resource.type,
            "name": inst.resource.name,
            **({"index": inst.key} if inst.key is not None else {}),
            "provider_name": provider_name(root, inst),
        }
        _module_node(modules, inst.module_address)["resources"].append(
            {**common, "schema_version": 0, "values": values, "sensitive_values": sensitive})
        changes.append({
            **({"module_address": inst.module_address} if inst.module_address else {}),
            **common,
            "change": {"actions": ["create"], "before": None, "after": values, "after_unknown": unknown,
                       "before_sensitive": False, "after_sensitive": sensitive},
        })
    _prune(modules[""])
    return {
        "format_version": FORMAT_VERSION,
        "terraform_version": terraform_version,
        "planned_values": {"root_module": modules[""]},
        "resource_changes": changes,
        "errored": False,
    }


def _module_node(modules: dict[str, dict[str, Any]], address: str) -> dict[str, Any]:
    """The `child_modules` entry of a module instance address, created with its parents."""
    if address in modules:
        return modules[address]
    parent = _module_node(modules, _parent_module(address))
    node: dict[str, Any] = {"address": address, "resources": [], "child_modules": []}
    parent["child_modules"].append(node)
    modules[address] = node
    return node


def _parent_module(address: str) -> str:
    """`module.a["x"].module.b` → `module.a["x"]` (keys may hold dots, so split on ".module." outside quotes)."""
    depth, cut, i = 0, 0, 0
    in_string = False
    while i < len(address):
        c = address[i]
        if c == '"' and (i == 0 or address[i - 1] != "\\"):
            in_string = not in_string
        elif not in_string and c == "[":
            depth += 1
        elif not in_string and c == "]":
            depth -= 1
        elif not in_string and depth == 0 and address.startswith(".module.", i):
            cut = i
        i += 1
    return address[:cut]


def _prune(node: dict[str, Any]) -> None:
    """Terraform leaves out empty `resources` / `child_modules` lists."""
    for child in node.get("child_modules", []):
        _prune(child)
    for key in ("resources", "child_modules"):
        if not node.get(key):
            node.pop(key, None)


def provider_name(root: ModuleScope, inst: Instance) -> str:
    """The provider's source address, `registry.terraform.io/hashicorp/aws` for an undeclared `aws`."""
    local = inst.resource.provider_name
    entry = inst.scope.module.settings.required_providers.get(local) or \
        root.module.settings.required_providers.get(local) or {}
    source = entry.get("source") or f"hashicorp/{local}"
    return source if source.count("/") >= 2 else f"registry.terraform.io/{source}"


def instance_values(inst: Instance) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """(values, after_unknown, after_sensitive) of one instance's arguments and blocks."""
    return _body(inst, inst.resource.block, _schema_of(inst), top=True)


def _schema_of(inst: Instance) -> _Schema | None:
    """The resource type's schema, with what its source can tell (computed, sensitive), if shipped."""
    schemas = inst.scope.context.schemas
    schema = schemas.for_resource(inst.scope.module, inst.resource) if schemas is not None else None
    block = schema.block("data" if inst.resource.mode == "data" else "resource", inst.resource.type) \
        if schema is not None else None
    if block is None:
        return None
    return _Schema(block, schema.knows_about("computed"), schema.knows_about("sensitive"))  # type: ignore[union-attr]


#: Computed attributes the provider itself plans from the configuration (AWS's tags_all: the resource's
#: tags merged with the provider's default_tags), known at plan time although no one sets them.
_PLANNED_BY_PROVIDER = frozenset({"tags_all"})


class _Schema:
    """One block's schema while writing its values: Terraform lists every attribute the schema has."""

    __slots__ = ("block", "computed", "sensitive")

    def __init__(self, block: Any, computed: bool, sensitive: bool) -> None:
        self.block, self.computed, self.sensitive = block, computed, sensitive

    def nested(self, name: str) -> _Schema | None:
        inner = self.block.blocks.get(name)
        return _Schema(inner.block, self.computed, self.sensitive) if inner is not None else None

    def complete(self, values: dict[str, Any], unknown: dict[str, Any], sensitive: dict[str, Any]) -> None:
        """What the configuration leaves to the provider: computed attributes it does not set are known
        after apply, and the schema's sensitive arguments are marked, as `terraform show -json` has them.
        (An unset optional argument takes the provider's default, which no schema records: left out.)"""
        for name, spec in self.block.attributes.items():
            if self.sensitive and spec.sensitive and name in values:
                sensitive[name] = True
            if self.computed and spec.computed and name not in values and name not in unknown \
                    and name not in _PLANNED_BY_PROVIDER:
                unknown[name] = True


def _body(inst: Instance, block: Block, schema: _Schema | None = None,
          top: bool = False) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    values: dict[str, Any] = {}
    unknown: dict[str, Any] = {}
    sensitive: dict[str, Any] = {}
    for attr in block.body.attributes:
        if top and attr.name in META_ARGUMENTS:
            continue
        value, u, s = _json(inst.evaluate(attr.expr))
        if value is not _OMIT:
            values[attr.name] = value
        if u is not False:
            unknown[attr.name] = u
        if s is not False:
            sensitive[attr.name] = s
    nested: dict[str, list[Block]] = {}
    for child in block.body.blocks():
        if top and child.type in META_BLOCKS:
            continue
        if child.type == "dynamic":  # its instances depend on its for_each: known after apply here
            if child.labels:
                unknown[child.labels[0]] = True
            continue
        nested.setdefault(child.type, []).append(child)
    for name, blocks in nested.items():
        parts = [_body(inst, b, schema.nested(name) if schema is not None else None) for b in blocks]
        values[name] = [p[0] for p in parts]
        if any(p[1] for p in parts):
            unknown[name] = [p[1] for p in parts]
        if any(p[2] for p in parts):
            sensitive[name] = [p[2] for p in parts]
    if schema is not None:
        schema.complete(values, unknown, sensitive)
    return values, unknown, sensitive


def _json(v: Value) -> tuple[Any, Any, Any]:
    """(JSON value or _OMIT, unknown mask, sensitive mask) of a value, masks False where nothing is marked."""
    secret: Any = SENSITIVE in v.marks
    p = v.payload
    if p is UNKNOWN:
        return _OMIT, True, secret
    if p is None or isinstance(p, (bool, str)):
        return p, False, secret
    if isinstance(p, Decimal):
        return (int(p) if p == p.to_integral_value() and p.adjusted() < 400 else float(p)), False, secret
    if isinstance(p, tuple):
        parts = [_json(e) for e in p]
        items = [None if value is _OMIT else value for value, _, _ in parts]
        unknown = [u for _, u, _ in parts] if any(u is not False for _, u, _ in parts) else False
        if not secret and any(s is not False for _, _, s in parts):
            secret = [s for _, _, s in parts]
        return items, unknown, secret
    parts_d = {k: _json(e) for k, e in p.items()}
    obj = {k: value for k, (value, _, _) in parts_d.items() if value is not _OMIT}
    unknown_d = {k: u for k, (_, u, _) in parts_d.items() if u is not False}
    if not secret:
        secret_d = {k: s for k, (_, _, s) in parts_d.items() if s is not False}
        secret = secret_d or False
    return obj, unknown_d or False, secret
