"""IAM policy documents as rules need them, whichever way the code writes them.

A policy argument may be `jsonencode({...})`, a JSON heredoc, a file, or a
reference to a `data "aws_iam_policy_document"`. All become a list of
`Statement`s with normalised Effect, Action, Resource, Principal and Condition,
so one rule covers every spelling. Unknown parts stay unknown and never match.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from iacreview.eval.values import UNKNOWN
from iacreview.hcl import nodes as N
from iacreview.rules.context import BlockView, ResourceView, RuleContext, to_py


@dataclass
class Statement:
    effect: str = "Allow"
    actions: list[str] = field(default_factory=list)
    not_actions: list[str] = field(default_factory=list)
    resources: list[str] = field(default_factory=list)
    principals: list[str] = field(default_factory=list)  # "*" or "AWS:arn…", "Service:ec2.amazonaws.com"
    has_condition: bool = False
    node: N.Node | None = None  # where to point a finding

    @property
    def allows(self) -> bool:
        return self.effect.lower() == "allow"

    def action_matches(self, action: str) -> bool:
        action = action.lower()
        for a in self.actions:
            a = a.lower()
            if a == "*" or a == action:
                return True
            if a.endswith("*") and action.startswith(a[:-1]):
                return True
        return False

    @property
    def wildcard_principal(self) -> bool:
        return any(p in ("*", "AWS:*") for p in self.principals)


def _as_list(value: Any) -> list[str]:
    if value is None or value is UNKNOWN:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _principals(value: Any) -> list[str]:
    if value is UNKNOWN or value is None:
        return []
    if value == "*":
        return ["*"]
    found: list[str] = []
    if isinstance(value, dict):
        for kind, ids in value.items():
            for ident in _as_list(ids):
                found.append(f"{kind}:{ident}")
    return found


def statements_from_json(doc: Any, node: N.Node | None) -> list[Statement]:
    """Statements of a decoded policy document (dict with "Statement")."""
    if not isinstance(doc, dict):
        return []
    raw = doc.get("Statement", [])
    if isinstance(raw, dict):
        raw = [raw]
    result = []
    for st in raw if isinstance(raw, list) else []:
        if not isinstance(st, dict):
            continue
        result.append(
            Statement(
                effect=str(st.get("Effect", "Allow")),
                actions=_as_list(st.get("Action")),
                not_actions=_as_list(st.get("NotAction")),
                resources=_as_list(st.get("Resource")),
                principals=_principals(st.get("Principal")),
                has_condition=bool(st.get("Condition")),
                node=node,
            )
        )
    return result


def _statements_from_document_data(view: ResourceView) -> list[Statement]:
    result = []
    for block in view.blocks("statement"):
        principals: list[str] = []
        for p in block.blocks("principals"):
            kind = p.py("type", "")
            for ident in _as_list(p.py("identifiers", [])):
                principals.append("*" if kind == "*" or (kind == "AWS" and ident == "*") else f"{kind}:{ident}")
        result.append(
            Statement(
                effect=str(block.py("effect", "Allow")),
                actions=_as_list(block.py("actions", [])),
                not_actions=_as_list(block.py("not_actions", [])),
                resources=_as_list(block.py("resources", [])),
                principals=principals,
                has_condition=bool(block.blocks("condition")),
                node=block.block,
            )
        )
    return result


def _referenced_documents(expr: N.Node, ctx: RuleContext, owner: ResourceView) -> list[ResourceView]:
    docs = []
    for node in expr.walk():
        if isinstance(node, N.GetAttr) and isinstance(node.obj, N.GetAttr):
            inner = node.obj
            if isinstance(inner.obj, N.GetAttr) and isinstance(inner.obj.obj, N.Variable):
                if inner.obj.obj.name == "data" and inner.obj.name == "aws_iam_policy_document":
                    address = f"data.aws_iam_policy_document.{inner.name}"
                    for d in ctx.data_sources:
                        if d.ref == address and d.instance.scope is owner.instance.scope:
                            docs.append(d)
    return docs


def policy_statements(ctx: RuleContext, view: ResourceView | BlockView, attr_name: str) -> list[Statement] | None:
    """Statements of a policy argument; None when it is unset or cannot be known."""
    attr = view.attr(attr_name)
    if attr is None:
        return None
    owner = view if isinstance(view, ResourceView) else view.instance
    docs = _referenced_documents(attr.expr, ctx, owner)
    if docs:
        return [st for d in docs for st in _statements_from_document_data(d)]
    value = to_py(view.value(attr_name), None)
    if value is None or value is UNKNOWN:
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    return statements_from_json(value, attr)
