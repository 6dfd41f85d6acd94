"""What `terraform plan` would create, derived statically from the configuration.

Every managed resource instance of the root module and of the local child
modules it calls, addressed as Terraform prints them. Where count or for_each
depends on values known only after apply, the plan lists the resource with the
reason instead of inventing a number.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from iacreview.eval.values import Value
from iacreview.hcl import Node
from iacreview.model.expand import UNKNOWN, Expansion
from iacreview.model.module import Resource
from iacreview.model.scope import ModuleScope


@dataclass
class Instance:
    """One resource instance with what its arguments are evaluated against."""

    address: str
    resource: Resource
    key: int | str | None
    bindings: Mapping[str, Value]
    scope: ModuleScope

    @property
    def module_address(self) -> str:
        return self.scope.address

    def evaluate(self, expr: Node) -> Value:
        """An argument's value for this instance; unknown when it cannot be known."""
        return self.scope.try_evaluate(expr, self.bindings)


@dataclass
class Undetermined:
    """A resource or module call whose instances are not known before apply."""

    address: str
    reason: str
    resources: int = 1  # resource blocks affected (a module call may hide several)


@dataclass
class Plan:
    instances: list[Instance] = field(default_factory=list)  # managed resources
    data: list[Instance] = field(default_factory=list)
    undetermined: list[Undetermined] = field(default_factory=list)

    @property
    def to_add(self) -> int:
        return len(self.instances)

    @property
    def by_type(self) -> dict[str, int]:
        return dict(sorted(Counter(i.resource.type for i in self.instances).items()))

    @property
    def complete(self) -> bool:
        return not self.undetermined


def build_plan(root: ModuleScope) -> Plan:
    plan = Plan()
    _plan_scope(root, plan)
    return plan


def _prefix(scope: ModuleScope) -> str:
    return f"{scope.address}." if scope.address else ""


def _plan_scope(scope: ModuleScope, plan: Plan) -> None:
    prefix = _prefix(scope)
    for res in scope.module.resources.values():
        exp: Expansion = scope.expansion(res, res.address)
        if exp.kind == UNKNOWN:
            plan.undetermined.append(Undetermined(prefix + res.address, exp.reason or "unknown"))
            continue
        target = plan.instances if res.mode == "managed" else plan.data
        for key, bindings in exp.instances():
            target.append(Instance(prefix + res.address + exp.suffix(key), res, key, bindings, scope))
    for name, call in scope.module.module_calls.items():
        if call.child is None:
            plan.undetermined.append(
                Undetermined(f"{prefix}module.{name}", call.not_followed or "module not loaded", resources=0)
            )
            continue
        exp = scope.expansion(call, f"module.{name}")
        if exp.kind == UNKNOWN:
            count = len(call.child.managed_resources)
            plan.undetermined.append(Undetermined(f"{prefix}module.{name}", exp.reason or "unknown", count))
            continue
        for _, child in scope.child_scopes(name):
            _plan_scope(child, plan)
