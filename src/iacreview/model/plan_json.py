"""Our offline plan in the shape of `terraform show -json PLANFILE`, for tools that read that format.

`planned_values` (the root module's resources and its `child_modules`, nested
as Terraform nests them) and `resource_changes` (one `create` per instance),
as documented in Terraform's JSON output format
(https://developer.hashicorp.com/terraform/internals/json-format). Values are
the arguments the configuration sets, evaluated per instance: a value known
only after apply is left out of `values`/`after` and marked `true` in
`after_unknown`, as Terraform marks it; sensitive values are marked in
`sensitive_values`/`after_sensitive`. Attributes the provider computes and
the configuration does not set are not listed (we have no provider to ask).
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
    return _body(inst, inst.resource.block, top=True)


def _body(inst: Instance, block: Block, top: bool = False) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
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
        parts = [_body(inst, b) for b in blocks]
        values[name] = [p[0] for p in parts]
        if any(p[1] for p in parts):
            unknown[name] = [p[1] for p in parts]
        if any(p[2] for p in parts):
            sensitive[name] = [p[2] for p in parts]
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
