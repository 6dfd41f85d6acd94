"""Which model→ideal differences are failures: they change whether the stack deploys, works or is safe.

The diff (`iacreview.diff`) classifies every difference A/B/C by what it
changes; the review turns into failures (rules DIF001-DIF004, documented in
`iacreview.rules.catalog.differences`) the ones no rule explains and that
decide the outcome:

- a security argument the ideal sets and the model leaves out or off → DIF001;
- IAM actions the ideal's policy allows and the model's does not → DIF002;
- an integration argument the ideal adds (a reference to another service's
  resource), or a resource the ideal adds that a resource both answers declare
  refers to → DIF003;
- availability the ideal raises (Multi-AZ, failover, counts) → DIF004.

Renames, module restructuring, tags, names, descriptions, variables, outputs,
sizes and other adjustments stay differences.
"""

from __future__ import annotations

import re
from typing import Any

from iacreview.diff.classify import ClassifiedFix
from iacreview.diff.compare import MISSING, Arg
from iacreview.hcl import nodes as N
from iacreview.model.config import Configuration

_ACTION = re.compile(r"[\"']([a-z0-9-]+:[A-Za-z0-9*]+)[\"']")
_POLICY_ARGS = ("policy", "inline_policy")


def consequential(fixes: list[ClassifiedFix], model: Configuration | None, ideal: Configuration,
                  waived: set[str]) -> dict[str, list[tuple[dict[str, Any], ClassifiedFix]]]:
    """{rule: [(task finding item, the difference it comes from)]} for the differences that are failures."""
    found: dict[str, list[tuple[dict[str, Any], ClassifiedFix]]] = {}
    model_addresses = _addresses(model) if model is not None else set()

    def add(rule: str, c: ClassifiedFix, message: str, node: N.Node | None) -> None:
        if rule in waived:
            return
        item: dict[str, Any] = {"message": message, "address": c.change.address}
        if node is not None:
            item.update(file=node.filename or "", line=node.line, col=node.col, end_line=node.end_line)
        found.setdefault(rule, []).append((item, c))

    added = {c.change.address for c in fixes if c.change.kind == "added"}
    for c in fixes:
        change = c.change
        if c.rule or change.what not in ("resource", "data") or change.kind == "renamed" and not change.attrs:
            continue
        reason = c.reason
        if change.kind == "changed" or (change.kind == "renamed" and change.attrs):
            where = change.model_node
            opened = sorted({a.path.split(".")[0].split("[")[0] for a in change.attrs
                             if a.model is MISSING and a.path.split(".")[0].split("[")[0] in _TRAFFIC_ARGS})
            if opened and not reason.startswith("adds security settings: "):
                add("DIF003", c, f"{change.address}: the ideal answer allows traffic through {', '.join(opened)} "
                    "that the model's answer leaves out, so the connection it serves is refused", where)
            elif reason.startswith("adds security settings: "):
                args = [a.strip() for a in reason.split(": ", 1)[1].split(",")]
                opened = [a for a in args if a in _TRAFFIC_ARGS]
                hardened = [a for a in args if a not in _TRAFFIC_ARGS]
                if hardened:
                    names = ", ".join(hardened)
                    add("DIF001", c, f"{change.address}: the ideal answer sets {names}, which the model's answer "
                        f"leaves {'out' if _all_missing(change, names) else 'off or weaker'}", where)
                elif opened:
                    add("DIF003", c, f"{change.address}: the ideal answer allows traffic through {', '.join(opened)} "
                        "that the model's answer leaves out, so the connection it serves is refused", where)
            elif reason.startswith("raises availability: "):
                args = [a.strip() for a in reason.split(": ", 1)[1].split(",") if a.strip() in _AVAILABILITY_ARGS]
                if args:
                    add("DIF004", c, f"{change.address}: the ideal answer raises {', '.join(args)} "
                        f"({_show(change, ', '.join(args))})", where)
            elif reason.startswith("integrates with another service through "):
                path = reason.rsplit(" ", 1)[-1]
                add("DIF003", c, f"{change.address}: the ideal answer connects it through {path}, which the model's "
                    "answer leaves out", where)
            elif (wired := _wired(change, added)):
                add("DIF003", c, f"{change.address}: the ideal answer connects it to {wired[1]} through {wired[0]}, "
                    "which the model's answer leaves out", where)
            else:
                granted = _granted(change)
                if granted:
                    add("DIF002", c, f"{change.address}: the ideal's policy also allows "
                        + ", ".join(granted[:6]) + (f" (+{len(granted) - 6} more)" if len(granted) > 6 else "")
                        + ", which the model's policy does not grant", where)
        elif change.kind == "added" and change.what == "resource" and (change.resource_type or "").startswith("aws_"):
            users = [(u, node) for u, node in _users(ideal, change.address, model_addresses)
                     if model is not None and _lacks_the_argument(model, u, node, change.address)]
            joined = _joins(ideal, change.address, model_addresses) if change.resource_type in GLUE_TYPES else []
            if users:
                user, node = users[0]
                model_node = _model_block(model, user) if model is not None else None
                add("DIF003", c, f"the ideal answer adds {change.address}, which {user} (in both answers) "
                    f"refers to; the model's {user} has no such dependency", model_node or node)
            elif joined:
                model_node = _model_block(model, joined[0]) if model is not None else None
                add("DIF003", c, f"the ideal answer adds {change.address}, which connects "
                    + " and ".join(joined[:3]) + " (declared in both answers); without it the model's stack does not "
                    "make that connection", model_node)
    return found


#: Resources whose only job is to connect others: a permission, an attachment, a subscription, a route.
GLUE_TYPES = frozenset({
    "aws_lambda_permission", "aws_iam_role_policy_attachment", "aws_iam_role_policy", "aws_iam_instance_profile",
    "aws_route", "aws_route_table_association", "aws_s3_bucket_notification", "aws_sns_topic_subscription",
    "aws_lambda_event_source_mapping", "aws_cloudwatch_event_target", "aws_sqs_queue_policy", "aws_sns_topic_policy",
    "aws_lb_target_group_attachment", "aws_autoscaling_attachment", "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule", "aws_lb_listener",
    "aws_api_gateway_integration", "aws_apigatewayv2_integration", "aws_kms_grant", "aws_s3_bucket_policy",
})
_REFERENCE = re.compile(r"(?<![\w.])(aws_[a-z0-9_]+\.[A-Za-z_][\w-]*)(?![\w-])")


def _joins(ideal: Configuration, address: str, model_addresses: set[str]) -> list[str]:
    """The resources a glue resource the ideal adds refers to, when the model declares at least two of them."""
    for module, prefix in _modules(ideal):
        res = module.resources.get(address[len(prefix):]) if address.startswith(prefix) else None
        if res is not None:
            refs = [f"{prefix}{r}" for r in dict.fromkeys(_REFERENCE.findall(res.block.text()))]
            inside = [r for r in refs if r in model_addresses]
            return inside if len(inside) >= 2 or (inside and len(refs) == 1) else []
    return []


def _wired(change: Any, added: set[str]) -> tuple[str, str] | None:
    """(argument, referenced resource) of an argument the ideal adds that refers to another resource.

    A reference to a resource the ideal adds is that resource's failure (reported once, where it is added).
    """
    for a in change.attrs:
        if a.model is not MISSING:
            continue
        for ref in _REFERENCE.findall(" ".join(_expressions(a.ideal))):
            if ref.split(".")[0] != change.resource_type and ref not in added:
                return a.path.split(".")[0], ref
    return None


def _expressions(value: Any) -> list[str]:
    """Every expression text in a diffed value (nested blocks are lists of dicts)."""
    if isinstance(value, Arg):
        return [value.text]
    if isinstance(value, str):
        return [value[5:]] if value.startswith("expr:") else []
    if isinstance(value, dict):
        return [e for v in value.values() for e in _expressions(v)]
    if isinstance(value, (list, tuple)):
        return [e for v in value for e in _expressions(v)]
    return []


#: Security-group arguments whose addition opens traffic: a connection the stack needs, not a hardening.
_TRAFFIC_ARGS = frozenset({"ingress", "egress", "cidr_blocks", "ipv6_cidr_blocks"})
#: Arguments whose rise means a standby or more capacity in other zones (not placement or scaling headroom).
_AVAILABILITY_ARGS = frozenset({"multi_az", "automatic_failover_enabled", "num_cache_clusters",
                                "replicas_per_node_group", "min_size", "desired_capacity", "availability_zones"})


def _lacks_the_argument(model: Configuration, user: str, ideal_block: N.Node, address: str) -> bool:
    """The model's `user` does not set the argument through which the ideal's refers to `address`.

    When the model sets that argument to something else (an existing VPC's id from a variable, say), the two
    answers made different choices; that is a difference, not a missing dependency.
    """
    model_block = _model_block(model, user)
    if model_block is None or not isinstance(ideal_block, N.Block):
        return False
    local = address.split(".", 2)[-1] if address.startswith("module.") else address
    pattern = re.compile(rf"(?<![\w.]){re.escape(local.split('[')[0])}(?![\w-])")
    names = [a.name for a in ideal_block.body.attributes if pattern.search(a.expr.text())]
    if not names:
        return False  # referred to inside a nested block: the model's block may wire it its own way
    return all(model_block.body.get_attribute(name) is None for name in names)


def _addresses(config: Configuration) -> set[str]:
    return {f"{prefix}{address}" for module, prefix in _modules(config)
            for address in module.resources}


def _modules(config: Configuration) -> list[tuple[Any, str]]:
    out = [(config.root, "")]
    for name, call in config.root.module_calls.items():
        if call.child is not None:
            out.append((call.child, f"module.{name}."))
    return out


def _users(ideal: Configuration, address: str, model_addresses: set[str]) -> list[tuple[str, N.Node]]:
    """Resources of the ideal that refer to `address` and that the model's answer declares too."""
    local = address.split(".", 2)[-1] if address.startswith("module.") else address
    pattern = re.compile(rf"(?<![\w.]){re.escape(local.split('[')[0])}(?![\w-])")
    found = []
    for module, prefix in _modules(ideal):
        if not address.startswith(prefix):
            continue
        for key, res in module.resources.items():
            full = f"{prefix}{key}"
            if full != address and full in model_addresses and pattern.search(res.block.text()):
                found.append((full, res.block))
    return found


def _model_block(model: Configuration, address: str) -> N.Node | None:
    for module, prefix in _modules(model):
        if address.startswith(prefix):
            res = module.resources.get(address[len(prefix):])
            if res is not None:
                return res.block
    return None


def _granted(change: Any) -> list[str]:
    """Actions an IAM policy argument of the ideal allows that the model's does not."""
    for a in change.attrs:
        if a.path.split(".")[0] not in _POLICY_ARGS:
            continue
        model_actions = set(_ACTION.findall(str(a.model)))
        ideal_actions = set(_ACTION.findall(str(a.ideal)))
        if not model_actions or "Deny" in str(a.ideal) and "Deny" not in str(a.model):
            continue
        covered = {x for x in ideal_actions if any(_matches(m, x) for m in model_actions)}
        return sorted(ideal_actions - covered)
    return []


def _matches(pattern: str, action: str) -> bool:
    if pattern in ("*", action):
        return True
    return "*" in pattern and re.fullmatch(re.escape(pattern).replace(r"\*", ".*"), action, re.IGNORECASE) is not None


def _all_missing(change: Any, args: str) -> bool:
    names = {x.strip() for x in args.split(",")}
    return all(a.model is MISSING for a in change.attrs if a.path.split(".")[0].split("[")[0] in names)


def _show(change: Any, args: str) -> str:
    names = {x.strip() for x in args.split(",")}
    parts = [f"{a.path}: {'unset' if a.model is MISSING else a.model} → {a.ideal}" for a in change.attrs
             if a.path.split(".")[0].split("[")[0] in names]
    return "; ".join(parts[:3])
