"""Facts about a configuration's network that several rules need to agree on.

Whether a subnet is private, which resources an argument points at, and
whether the deployment is a production one are judgement calls; making them
once, here, keeps the network, EC2 and cost rules consistent and lets each be
documented in one place. Every helper answers None when the configuration
does not say clearly, and rules stay silent on None.

- `refs_to` finds the resources of a type that an expression refers to,
  following `local.*` values and keeping literal instance keys
  (`aws_subnet.private[0]`, `aws_subnet.this["app-a"]`).
- `subnet_tier` calls a subnet "private" or "public" from two independent
  signals, its name/tags and the route table associated with it, and gives
  up when they disagree.
- `deployment_environment` reads the environment a configuration is for from
  the review's options, the resource's tags, well-known variables/locals and
  the provider's default tags.
- `unique_by_location` turns per-instance findings of one source location
  into one finding, so `count = 3` does not triple a defect.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from iacreview.eval.values import UNKNOWN, Value, to_python
from iacreview.hcl import nodes as N
from iacreview.model.module import Module
from iacreview.rules.base import Finding
from iacreview.rules.context import ResourceView, RuleContext

# ---------------------------------------------------------------- values


def known_strings(value: Value | None) -> list[str]:
    """Known strings of a string or a list/set/tuple of strings; unknown elements are skipped."""
    if value is None or value.is_null or not value.is_known:
        return []
    payload = value.payload
    if isinstance(payload, str):
        return [payload]
    if isinstance(payload, tuple):
        return [e.payload for e in payload if isinstance(e.payload, str)]
    return []


def known_map(value: Value | None) -> dict[str, Any]:
    """Entries of a map/object whose values are wholly known (others are left out)."""
    if value is None or value.is_null or not value.is_known or not isinstance(value.payload, dict):
        return {}
    found: dict[str, Any] = {}
    for key, item in value.payload.items():
        if item.is_wholly_known():
            found[key] = to_python(item.unmark_deep()[0])
    return found


def as_int(raw: Any) -> int | None:
    """A port or count as an int; None when unknown, absent or not a whole number."""
    if raw is UNKNOWN or raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    try:
        number = float(str(raw).strip())
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


# ---------------------------------------------------------------- references


@dataclass(frozen=True)
class Ref:
    """A reference to resource `name` of some type; `key` is a literal instance key, None for any."""

    name: str
    key: int | str | None = None


def _literal_key(node: N.Node) -> int | str | None:
    if isinstance(node, N.Literal):
        text = node.token.text
        return int(text) if text.isdigit() else None
    if isinstance(node, N.Template):
        return node.literal_value()
    return None


def refs_to(module: Module, expr: N.Node | None, rtype: str, _depth: int = 0) -> list[Ref]:
    """Resources of type `rtype` that `expr` refers to, looking through `local.*` values."""
    if expr is None:
        return []
    found: list[Ref] = []
    consumed: set[int] = set()
    for sub in expr.walk():
        if id(sub) in consumed:
            continue
        if isinstance(sub, N.Index) and _is_resource(sub.obj, rtype):
            consumed.add(id(sub.obj))
            found.append(Ref(sub.obj.name, _literal_key(sub.key)))  # type: ignore[attr-defined]
        elif isinstance(sub, N.GetAttr) and sub.is_legacy_index and _is_resource(sub.obj, rtype):
            consumed.add(id(sub.obj))
            found.append(Ref(sub.obj.name, int(sub.name)))  # type: ignore[attr-defined]
        elif _is_resource(sub, rtype):
            found.append(Ref(sub.name))  # type: ignore[attr-defined]
        elif isinstance(sub, N.GetAttr) and isinstance(sub.obj, N.Variable) and sub.obj.name == "local":
            local = module.locals.get(sub.name)
            if local is not None and _depth < 4:
                found.extend(refs_to(module, local.expr, rtype, _depth + 1))
    return found


def _is_resource(node: N.Node, rtype: str) -> bool:
    return isinstance(node, N.GetAttr) and isinstance(node.obj, N.Variable) and node.obj.name == rtype


def instances_of(ctx: RuleContext, near: ResourceView, rtype: str, refs: Iterable[Ref]) -> list[ResourceView]:
    """Instances of `rtype` in `near`'s module that `refs` designate."""
    wanted = list(refs)
    found = []
    for view in ctx.of_type(rtype):
        if view.instance.scope is not near.instance.scope:
            continue
        for ref in wanted:
            if ref.name == view.name and (ref.key is None or ref.key == view.instance.key):
                found.append(view)
                break
    return found


def module_of(view: ResourceView) -> Module:
    return view.instance.scope.module


def unique_blocks(views: Iterable[ResourceView]) -> Iterator[ResourceView]:
    """One view per resource block (the first instance), for rules about the code rather than instances."""
    seen: set[int] = set()
    for view in views:
        if id(view.block) not in seen:
            seen.add(id(view.block))
            yield view


# ---------------------------------------------------------------- subnet tiers

PRIVATE = "private"
PUBLIC = "public"
_TIER_TAG_KEYS = {"name", "tier", "type", "subnet_type", "subnettype", "visibility", "access", "network", "layer", "scope"}
_K8S_PRIVATE_TAG = "kubernetes.io/role/internal-elb"
_K8S_PUBLIC_TAG = "kubernetes.io/role/elb"
_PRIVATE_WORDS = {"priv", "isolated"}
_PUBLIC_WORDS = {"pub", "dmz"}


def _tier_of_words(texts: Iterable[str]) -> str | None:
    private = public = False
    for text in texts:
        low = text.lower()
        words = set(re.findall(r"[a-z]+", low))
        private = private or "private" in low or bool(words & _PRIVATE_WORDS)
        public = public or "public" in low or bool(words & _PUBLIC_WORDS)
    if private == public:
        return None
    return PRIVATE if private else PUBLIC


def name_tier(view: ResourceView) -> str | None:
    """What the subnet's resource name, instance key and naming tags say it is."""
    texts = [view.name]
    if isinstance(view.instance.key, str):
        texts.append(view.instance.key)
    for key, value in known_map(view.value("tags")).items():
        if key.lower() in _TIER_TAG_KEYS and isinstance(value, str):
            texts.append(value)
        elif key == _K8S_PRIVATE_TAG:
            texts.append(PRIVATE)
        elif key == _K8S_PUBLIC_TAG:
            texts.append(PUBLIC)
    return _tier_of_words(texts)


def _route_bodies(table: ResourceView) -> list[N.Body]:
    bodies = []
    for item in table.block.body.items:
        if isinstance(item, N.Block) and item.type == "route":
            bodies.append(item.body)
        elif isinstance(item, N.Block) and item.type == "dynamic" and item.labels == ["route"]:
            bodies.extend(content.body for content in item.body.blocks("content"))
    module = module_of(table)
    for route in module.resources_of_type("aws_route"):  # blocks: a route whose count is unknown still counts
        target = route.attribute("route_table_id")
        if any(r.name == table.name for r in refs_to(module, target.expr if target is not None else None, "aws_route_table")):
            bodies.append(route.block.body)
    return bodies


def _gateway_verdict(module: Module, body: N.Body) -> str | None:
    gateway = body.get_attribute("gateway_id")
    if gateway is None:
        return PRIVATE  # NAT, transit gateway, peering, endpoint, ENI, egress-only: no inbound path
    if refs_to(module, gateway.expr, "aws_internet_gateway"):
        return PUBLIC
    if refs_to(module, gateway.expr, "aws_vpn_gateway"):
        return PRIVATE
    literal = gateway.expr.literal_value() if isinstance(gateway.expr, N.Template) else None
    if literal is not None:
        if literal.startswith("igw-"):
            return PUBLIC
        if literal == "local" or literal.startswith("vgw-"):
            return PRIVATE
    return None


def route_table_tier(table: ResourceView) -> str | None:
    """PUBLIC with a route through an internet gateway, PRIVATE without, None when a gateway is unclear."""
    verdicts = {_gateway_verdict(module_of(table), body) for body in _route_bodies(table)}
    if PUBLIC in verdicts:
        return PUBLIC
    if None in verdicts:
        return None
    return PRIVATE


def route_tier(ctx: RuleContext, subnet: ResourceView) -> str | None:
    """What the route tables associated with the subnet say it is (None without an association)."""
    tiers: set[str | None] = set()
    for assoc in unique_blocks(ctx.of_type("aws_route_table_association")):
        if assoc.instance.scope is not subnet.instance.scope:
            continue
        module = module_of(assoc)
        subnet_refs = refs_to(module, _expr(assoc, "subnet_id"), "aws_subnet") or refs_to(module, _expr(assoc, "for_each"), "aws_subnet")
        if not any(r.name == subnet.name and r.key in (None, subnet.instance.key) for r in subnet_refs):
            continue
        table_refs = refs_to(module, _expr(assoc, "route_table_id"), "aws_route_table")
        tables = instances_of(ctx, assoc, "aws_route_table", table_refs)
        if not tables:
            return None
        tiers.update(route_table_tier(table) for table in unique_blocks(tables))
    if len(tiers) == 1:
        return tiers.pop()
    return None


def _expr(view: ResourceView, name: str) -> N.Node | None:
    attr = view.attr(name)
    return attr.expr if attr is not None else None


def subnet_tier(ctx: RuleContext, subnet: ResourceView) -> str | None:
    """PRIVATE or PUBLIC when name/tags and routing agree (or only one speaks), else None."""
    opinions = {t for t in (name_tier(subnet), route_tier(ctx, subnet)) if t is not None}
    if len(opinions) == 1:
        return opinions.pop()
    return None


def subnets_tier(ctx: RuleContext, near: ResourceView, expr: N.Node | None) -> str | None:
    """The common tier of every aws_subnet `expr` designates; None if any is unclear or they differ."""
    refs = refs_to(module_of(near), expr, "aws_subnet")
    subnets = instances_of(ctx, near, "aws_subnet", refs)
    if not subnets:
        return None
    tiers = {subnet_tier(ctx, s) for s in subnets}
    return tiers.pop() if len(tiers) == 1 else None


# ---------------------------------------------------------------- deployment environment

PRODUCTION_WORDS = frozenset({"prod", "production", "prd", "live"})
NON_PRODUCTION_WORDS = frozenset({
    "dev", "develop", "development", "test", "testing", "qa", "staging", "stage", "stg", "sandbox",
    "demo", "poc", "lab", "nonprod", "preview", "experiment", "experimental", "playground",
})
ENVIRONMENT_NAMES = ("environment", "env", "environment_name", "env_name", "stage", "deployment_environment", "environment_type")
_ENVIRONMENT_TAGS = {"environment", "env", "stage"}


@dataclass(frozen=True)
class Environment:
    """The environment a configuration is for, and where that was read."""

    value: str
    source: str
    production: bool

    def describe(self) -> str:
        return f'{self.source} = "{self.value}"'


def classify_environment(value: str) -> bool | None:
    """True for production, False for dev/test/staging-like names, None when the name says neither."""
    words = set(re.findall(r"[a-z]+", value.lower()))
    if "non" in words and "prod" in words or "nonprod" in words:
        return False
    prod, nonprod = bool(words & PRODUCTION_WORDS), bool(words & NON_PRODUCTION_WORDS)
    if prod == nonprod:
        return None
    return prod


def _environment_candidates(ctx: RuleContext, view: ResourceView | None) -> Iterator[tuple[str, Any]]:
    option = ctx.options.get("environment")
    if option is not None:
        yield "review option environment", option
    if view is not None:
        for key, value in known_map(view.value("tags")).items():
            if key.lower() in _ENVIRONMENT_TAGS:
                yield f"tag {key}", value
        scope = view.instance.scope
    else:
        scope = ctx.config.scope
    for name in ENVIRONMENT_NAMES:
        if name in scope.module.variables:
            yield f"var.{name}", _plain(scope.variable(name))
    for name in ENVIRONMENT_NAMES:
        if name in scope.module.locals:
            yield f"local.{name}", _plain(scope.local(name))
    for provider in ctx.config.root.providers:
        for block in provider.block.body.blocks("default_tags"):
            tags = block.body.get_attribute("tags")
            if tags is None:
                continue
            for key, value in known_map(ctx.config.scope.try_evaluate(tags.expr)).items():
                if key.lower() in _ENVIRONMENT_TAGS:
                    yield f"provider default tag {key}", value


def _plain(value: Value) -> Any:
    if value.is_null or not value.is_wholly_known():
        return None
    return to_python(value.unmark_deep()[0])


def deployment_environment(ctx: RuleContext, view: ResourceView | None = None) -> Environment | None:
    """The first source that names a recognisable environment, in order: review option, the
    resource's tags, variables then locals named like `environment`, provider default tags."""
    for source, value in _environment_candidates(ctx, view):
        if not isinstance(value, str):
            continue
        production = classify_environment(value)
        if production is not None:
            return Environment(value, source, production)
    return None


# ---------------------------------------------------------------- findings


def unique_by_location(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per rule and source position; other instances are named in its message."""
    first: dict[tuple[str, str, int, int], Finding] = {}
    others: dict[tuple[str, str, int, int], list[str]] = {}
    for f in findings:
        key = (f.rule, f.file, f.line, f.col)
        if key not in first:
            first[key] = f
            others[key] = []
        elif f.address and f.address != first[key].address and f.address not in others[key]:
            others[key].append(f.address)
    result = []
    for key, f in first.items():
        if others[key]:
            f.message += f" (also {', '.join(others[key])})"
        result.append(f)
    return result
