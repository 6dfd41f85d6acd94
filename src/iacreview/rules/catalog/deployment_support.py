"""Shared pieces of the deployment families: metadata shorthand and links between resources.

Deployment rules judge what AWS does at apply time. Severity follows DESIGN.md:
critical when the API rejects the request (the stack cannot deploy), high when
it deploys and cannot work as intended, medium when success depends on the
account's state or on the date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from iacreview.hcl import nodes as N
from iacreview.model.module import Module
from iacreview.rules.base import Finding, Impact, Rule, RuleMeta, finding
from iacreview.rules.catalog.iam import identity_statements
from iacreview.rules.catalog.iam_principals import _RESOURCE_POLICY_ARGS
from iacreview.rules.context import ResourceView, RuleContext
from iacreview.rules.policy import Statement, _statements_from_document_data, policy_statements

TF = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/"


def deploy_meta(id: str, name: str, severity: str, summary: str, *, rationale: str, fix: str, bad: str, good: str,
                references: tuple[str, ...], impact: Impact, training_value: str,
                resource_types: tuple[str, ...]) -> RuleMeta:
    """A deployment rule's metadata (the category is always `deployment`)."""
    return RuleMeta(id=id, name=name, severity=severity, category="deployment", summary=summary,
                    rationale=rationale, fix=fix, bad=bad, good=good, references=references, impact=impact,
                    training_value=training_value, resource_types=resource_types)


@dataclass(frozen=True)
class HandTable:
    """A fact table written by hand (no maintained data source has it): the AWS page that states it and when it
    was checked against that page. Every such table is listed in HAND_TABLES, and a test checks both are given."""

    name: str
    page: str
    checked: str  # ISO date the entries were compared with the page
    entries: Any


HAND_TABLES: list[HandTable] = []


def hand_table(name: str, page: str, checked: str, entries: Any) -> Any:
    """Register a hand-written table and return its entries."""
    HAND_TABLES.append(HandTable(name, page, checked, entries))
    return entries


def today(ctx: RuleContext) -> date:
    """The date lifecycle rules judge against (`options["today"]` pins it, e.g. in tests)."""
    pinned = ctx.options.get("today")
    if isinstance(pinned, str):
        try:
            return date.fromisoformat(pinned)
        except ValueError:
            pass
    return date.today()




def addresses(expr: N.Node) -> set[str]:
    """Addresses (`aws_x.name`, `local.x`, `data.t.n`) an expression refers to."""
    found: set[str] = set()
    for sub in expr.walk(N.GetAttr):
        if isinstance(sub.obj, N.Variable):
            found.add(f"{sub.obj.name}.{sub.name}")
        elif isinstance(sub.obj, N.GetAttr) and isinstance(sub.obj.obj, N.Variable) \
                and sub.obj.obj.name == "data":
            found.add(f"data.{sub.obj.name}.{sub.name}")
    return found


def addresses_in_module(module: Module, node: N.Node, depth: int = 0) -> set[str]:
    """Addresses `node` refers to, following the module's locals."""
    found = addresses(node)
    if depth > 6:
        return found
    for address in list(found):
        kind, _, name = address.partition(".")
        if kind == "local" and name in module.locals:
            found |= addresses_in_module(module, module.locals[name].expr, depth + 1)
    return found


def referenced(ctx: RuleContext, view: ResourceView, arg: str | N.Node | None, *types: str) -> list[ResourceView]:
    """Resources of `types` in the same module that `view`'s argument `arg` (or a node of it) refers to,
    directly or through locals."""
    node = view.attr(arg) if isinstance(arg, str) else arg
    if node is None:
        return []
    targets = addresses_in_module(view.instance.scope.module, node)
    found = []
    for other in ctx.of_type(*types):
        if other.instance.scope is view.instance.scope and other.ref in targets:
            found.append(other)
    return found


def refers(view: ResourceView, arg: str, target: ResourceView) -> bool:
    """Whether `view`'s argument `arg` refers to `target` (same module)."""
    node = view.attr(arg)
    return node is not None and target.instance.scope is view.instance.scope and target.ref in addresses(node)




def all_policy_statements(ctx: RuleContext) -> list[tuple[ResourceView, Statement, str]]:
    """Every statement of identity, trust and resource policies, with its owner and argument (computed once)."""
    def compute() -> list[tuple[ResourceView, Statement, str]]:
        found = [(view, st, "policy") for view, st in identity_statements(ctx)]
        for role in ctx.of_type("aws_iam_role"):
            found.extend((role, st, "assume_role_policy") for st in policy_statements(ctx, role, "assume_role_policy") or [])
        args = dict(_RESOURCE_POLICY_ARGS)
        args.update({"aws_s3_bucket_policy": "policy", "aws_s3_bucket": "policy"})
        for view in ctx.of_type(*args):
            found.extend((view, st, args[view.type]) for st in policy_statements(ctx, view, args[view.type]) or [])
        # A policy document is judged where it is written, whether or not anything uses it yet.
        for doc in ctx.data_of_type("aws_iam_policy_document"):
            found.extend((doc, st, "statement") for st in _statements_from_document_data(doc))
        return found

    return ctx.memo("deployment.statements", compute)




def policies_on(ctx: RuleContext, target: ResourceView, policy_type: str, link_arg: str,
                inline_arg: str | None = "policy") -> Iterator[Statement | None]:
    """Statements of the resource policy of `target`: its own `inline_arg` and `policy_type` resources linked by `link_arg`.

    Yields None once for each policy that cannot be read before apply (callers then stay silent).
    """
    if inline_arg is not None and target.attr(inline_arg) is not None:
        sts = policy_statements(ctx, target, inline_arg)
        if sts is None:
            yield None
        else:
            yield from sts
    for pol in ctx.of_type(policy_type):
        if refers(pol, link_arg, target):
            sts = policy_statements(ctx, pol, "policy")
            if sts is None:
                yield None
            else:
                yield from sts


def grants_service(statements: list[Statement | None], service: str) -> bool | None:
    """Whether some Allow statement names Service `service` (None when a policy is unreadable or a principal unknown)."""
    unknown = False
    for st in statements:
        if st is None:
            unknown = True
            continue
        if not st.allows:
            continue
        for p in st.principals:
            if p == f"Service:{service}" or (p.startswith("Service:") and _same_service(p[8:], service)):
                return True
            if p in ("*", "AWS:*"):
                return True
        if not st.principals:
            unknown = True  # a principal known only at apply time
    return None if unknown else False


def _same_service(principal: str, service: str) -> bool:
    # logs.<region>.amazonaws.com and logs.amazonaws.com are the same service
    head, _, _ = principal.partition(".")
    return principal.endswith(".amazonaws.com") and head == service.partition(".")[0] and \
        principal.count(".") >= service.count(".")


#: What a request AWS refuses costs: the stack stops where the resource was to be.
REJECTED = Impact(performance="The resource cannot be created; the apply stops and dependent resources are not deployed")


def string_rule(meta: RuleMeta, arg: str, problem: Callable[[str], str | None],
                applies: Callable[[ResourceView], bool] | None = None) -> Rule:
    """A rule on one string argument of the rule's resource types: `problem(value)` says what is wrong, or None."""
    def check(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
        for view in ctx.of_type(*meta.resource_types):
            value = view.py(arg)
            if isinstance(value, str) and (applies is None or applies(view)) and (why := problem(value)):
                yield finding(meta, view.node(arg), f"{view.address}: {arg} {value!r} {why}", address=view.address)

    return Rule(meta, check)

