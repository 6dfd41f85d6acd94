"""IAM policy documents as rules need them, whichever way the code writes them.

A policy argument may be `jsonencode({...})`, a JSON heredoc, a file, or a
reference to a `data "aws_iam_policy_document"` (directly or through a local,
including the documents it merges with `source_policy_documents` and
`override_policy_documents`). All become a list of `Statement`s with normalised
Effect, Action, Resource, Principal and Condition, so one rule covers every
spelling. Unknown parts stay unknown and never match, and only they: a
`Resource = aws_sqs_queue.q.arn` known after apply does not hide a literal
`Principal = "*"` in the same statement, whether the policy is written with
jsonencode or as a JSON template with interpolations.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from iacreview.eval.values import UNKNOWN
from iacreview.hcl import nodes as N
from iacreview.rules.context import BlockView, ResourceView, RuleContext, to_py


#: Stands in `Statement.condition_keys` for a condition key that is not known before apply.
UNKNOWN_CONDITION_KEY = "<unknown>"


@dataclass
class Statement:
    effect: str = "Allow"
    actions: list[str] = field(default_factory=list)
    not_actions: list[str] = field(default_factory=list)
    resources: list[str] = field(default_factory=list)
    principals: list[str] = field(default_factory=list)  # "*" or "AWS:arn…", "Service:ec2.amazonaws.com"
    has_condition: bool = False
    node: N.Node | None = None  # where to point a finding
    element: N.Node | None = None  # the statement's own node when it can be pinpointed
    condition_keys: list[str] = field(default_factory=list)  # lower-cased keys tested by the Condition

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

    @property
    def any_resource(self) -> bool:
        """Whether Resource covers everything: "*" or an ARN made only of wildcards."""
        return any(_all_wildcard_arn(r) for r in self.resources)

    @property
    def where(self) -> N.Node | None:
        """The most precise node known for this statement."""
        return self.element or self.node


def _all_wildcard_arn(resource: str) -> bool:
    if resource == "*":
        return True
    parts = resource.split(":")
    return len(parts) >= 3 and parts[0] == "arn" and all(p in ("*", "") for p in parts[2:]) and parts[2] == "*"


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


def _condition_keys(condition: Any) -> list[str]:
    keys: list[str] = []
    if isinstance(condition, dict):
        for tests in condition.values():
            if isinstance(tests, dict):
                keys.extend(str(k).lower() for k in tests)
    return keys


def statements_from_json(doc: Any, node: N.Node | None, elements: list[N.Node] | None = None) -> list[Statement]:
    """Statements of a decoded policy document (dict with "Statement").

    `elements`, when given, are the source nodes of the statements in order
    (from a literal `jsonencode` argument) so findings can point at one.
    """
    if not isinstance(doc, dict):
        return []
    raw = doc.get("Statement", [])
    if isinstance(raw, dict):
        raw = [raw]
    result = []
    for index, st in enumerate(raw if isinstance(raw, list) else []):
        if not isinstance(st, dict):
            continue
        element = elements[index] if elements is not None and index < len(elements) else None
        result.append(
            Statement(
                effect=str(st.get("Effect", "Allow")),
                actions=_as_list(st.get("Action")),
                not_actions=_as_list(st.get("NotAction")),
                resources=_as_list(st.get("Resource")),
                principals=_principals(st.get("Principal")),
                has_condition=bool(st.get("Condition")),
                node=node,
                element=element,
                condition_keys=_condition_keys(st.get("Condition")),
            )
        )
    return result


def _statement_elements(expr: N.Node) -> list[N.Node] | None:
    """Source nodes of the statements of `jsonencode({ Statement = [{…}, …] })`, if written literally."""
    while isinstance(expr, N.Parens):
        expr = expr.expr
    if not (isinstance(expr, N.FunctionCall) and expr.name == "jsonencode" and len(expr.args) == 1):
        return None
    doc = expr.args[0]
    if not isinstance(doc, N.Object):
        return None
    statements = doc.get("Statement")
    if isinstance(statements, N.Object):
        return [statements]
    if isinstance(statements, N.Tuple) and all(isinstance(item, N.Object) for item in statements.items):
        return list(statements.items)
    return None


def _statements_from_document_data(view: ResourceView, ctx: RuleContext | None = None,
                                   seen: set[int] | None = None) -> list[Statement]:
    seen = set() if seen is None else seen
    if id(view) in seen:
        return []
    seen.add(id(view))
    result: list[Statement] = []
    if ctx is not None:
        for merged in ("source_policy_documents", "override_policy_documents"):
            attr = view.attr(merged)
            if attr is not None:
                for doc in _referenced_documents(attr.expr, ctx, view):
                    result.extend(_statements_from_document_data(doc, ctx, seen))
    for block in view.blocks("statement"):
        principals: list[str] = []
        for p in block.blocks("principals"):
            kind = p.py("type", "")
            for ident in _as_list(p.py("identifiers", [])):
                principals.append("*" if kind == "*" or (kind == "AWS" and ident == "*") else f"{kind}:{ident}")
        conditions = block.blocks("condition")
        keys = []
        for c in conditions:
            variable = c.py("variable", "")
            keys.append(variable.lower() if isinstance(variable, str) else UNKNOWN_CONDITION_KEY)
        result.append(
            Statement(
                effect=str(block.py("effect", "Allow")),
                actions=_as_list(block.py("actions", [])),
                not_actions=_as_list(block.py("not_actions", [])),
                resources=_as_list(block.py("resources", [])),
                principals=principals,
                has_condition=bool(conditions),
                node=block.block,
                element=block.block,
                condition_keys=keys,
            )
        )
    return result


def _document_address(node: N.Node) -> str | None:
    """`data.aws_iam_policy_document.NAME…` → its address; None for anything else."""
    if isinstance(node, N.GetAttr) and isinstance(node.obj, N.GetAttr):
        inner = node.obj
        if isinstance(inner.obj, N.GetAttr) and isinstance(inner.obj.obj, N.Variable):
            if inner.obj.obj.name == "data" and inner.obj.name == "aws_iam_policy_document":
                return f"data.aws_iam_policy_document.{inner.name}"
    return None


def _local_name(node: N.Node) -> str | None:
    if isinstance(node, N.GetAttr) and isinstance(node.obj, N.Variable) and node.obj.name == "local":
        return node.name
    return None


def _referenced_documents(expr: N.Node, ctx: RuleContext, owner: ResourceView,
                          _locals_seen: set[str] | None = None) -> list[ResourceView]:
    """Policy document data sources `expr` refers to, directly or through locals of its module."""
    docs: list[ResourceView] = []
    locals_seen = set() if _locals_seen is None else _locals_seen
    module = owner.instance.scope.module
    for node in expr.walk():
        address = _document_address(node)
        if address is not None:
            for d in ctx.data_sources:
                if d.ref == address and d.instance.scope is owner.instance.scope and d not in docs:
                    docs.append(d)
            continue
        name = _local_name(node)
        if name is not None and name not in locals_seen and name in module.locals:
            locals_seen.add(name)
            for d in _referenced_documents(module.locals[name].expr, ctx, owner, locals_seen):
                if d not in docs:
                    docs.append(d)
    return docs


_MARKER = "\uffff"  # stands in a JSON template for an interpolation known only after apply


def _evaluator(view: ResourceView | BlockView) -> Callable[[N.Node], Any]:
    if isinstance(view, ResourceView):
        return lambda e: to_py(view.instance.evaluate(e), None)
    return lambda e: to_py(view.instance.instance.scope.try_evaluate(e, view.bindings), None)


def _key(item: N.ObjectItem, evaluate: Callable[[N.Node], Any]) -> str | None:
    name = item.key_name
    if name is not None:
        return name
    value = evaluate(item.key)
    return value if isinstance(value, str) else None


def _partial_principals(expr: N.Node, evaluate: Callable[[N.Node], Any]) -> list[str]:
    """Principals of a `Principal = {...}` constructor, each kind evaluated on its own."""
    if not isinstance(expr, N.Object):
        return _principals(evaluate(expr))
    found: list[str] = []
    for item in expr.items:
        kind = _key(item, evaluate)
        if kind is not None:
            found.extend(f"{kind}:{ident}" for ident in _as_list(evaluate(item.value)))
    return found


def _partial_condition_keys(expr: N.Node, evaluate: Callable[[N.Node], Any]) -> list[str]:
    if not isinstance(expr, N.Object):
        keys = _condition_keys(evaluate(expr))
        return keys or [UNKNOWN_CONDITION_KEY]
    keys: list[str] = []
    for operator in expr.items:
        tests = operator.value
        if not isinstance(tests, N.Object):
            keys.extend(_condition_keys({"op": evaluate(tests)}) or [UNKNOWN_CONDITION_KEY])
            continue
        for test in tests.items:
            name = _key(test, evaluate)
            keys.append(name.lower() if name is not None else UNKNOWN_CONDITION_KEY)
    return keys


def _statements_from_constructor(attr: N.Attribute, evaluate: Callable[[N.Node], Any]) -> list[Statement] | None:
    """Statements of `jsonencode({ Statement = [...] })`, each field evaluated on its own."""
    elements = _statement_elements(attr.expr)
    if elements is None:
        return None
    result = []
    for element in elements:
        assert isinstance(element, N.Object)
        fields = {key: item.value for item in element.items if (key := _key(item, evaluate)) is not None}

        def field_value(name: str, fields: dict[str, N.Node] = fields) -> Any:
            expr = fields.get(name)
            return None if expr is None else evaluate(expr)

        effect = field_value("Effect")
        condition = fields.get("Condition")
        principal = fields.get("Principal")
        result.append(
            Statement(
                effect=effect if isinstance(effect, str) else ("Allow" if "Effect" not in fields else _MARKER),
                actions=_as_list(field_value("Action")),
                not_actions=_as_list(field_value("NotAction")),
                resources=_as_list(field_value("Resource")),
                principals=_partial_principals(principal, evaluate) if principal is not None else [],
                has_condition=condition is not None,
                node=attr,
                element=element,
                condition_keys=_partial_condition_keys(condition, evaluate) if condition is not None else [],
            )
        )
    return result


def _rendered_template(expr: N.Node, evaluate: Callable[[N.Node], Any]) -> str | None:
    """A JSON template's text with unknown interpolations replaced by a marker that matches nothing."""
    while isinstance(expr, N.Parens):
        expr = expr.expr
    if not isinstance(expr, N.Template):
        return None
    text = []
    for part in expr.parts:
        if isinstance(part, N.TemplateLiteral):
            text.append(part.value)
        elif isinstance(part, N.TemplateInterp):
            value = evaluate(part.expr)
            if isinstance(value, str):
                text.append(value)
            elif isinstance(value, (bool, int, float)) or value is None:
                text.append(json.dumps(value))
            else:
                text.append(_MARKER)
        else:
            return None
    return "".join(text)


def _partial_statements(view: ResourceView | BlockView, attr: N.Attribute) -> list[Statement] | None:
    evaluate = _evaluator(view)
    statements = _statements_from_constructor(attr, evaluate)
    if statements is not None:
        return statements
    text = _rendered_template(attr.expr, evaluate)
    if text is None:
        return None
    try:
        return statements_from_json(json.loads(text), attr)
    except ValueError:
        return None


def policy_statements(ctx: RuleContext, view: ResourceView | BlockView, attr_name: str) -> list[Statement] | None:
    """Statements of a policy argument; None when it is unset or cannot be known.

    Computed once per configuration for each instance and argument: several rule
    families read the same policies (wildcards, principals, deployment facts).
    """
    if ctx is None or not isinstance(view, ResourceView):
        return _policy_statements(ctx, view, attr_name)  # a nested block's bindings (dynamic blocks) vary
    return ctx.memo(("policy_statements", view.address, attr_name), lambda: _policy_statements(ctx, view, attr_name))


def _policy_statements(ctx: RuleContext, view: ResourceView | BlockView, attr_name: str) -> list[Statement] | None:
    attr = view.attr(attr_name)
    if attr is None:
        return None
    owner = view if isinstance(view, ResourceView) else view.instance
    docs = _referenced_documents(attr.expr, ctx, owner)
    if docs:
        return [st for d in docs for st in _statements_from_document_data(d, ctx)]
    value = to_py(view.value(attr_name), None)
    if value is UNKNOWN:
        return _partial_statements(view, attr)
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    return statements_from_json(value, attr, _statement_elements(attr.expr))
