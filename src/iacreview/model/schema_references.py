"""Schema check of references: attributes a resource type does not export (VAL035).

`aws_instance.web.public_ip_address` fails `terraform validate` (or the plan,
through splats and `for` expressions) because the provider's schema has no
such attribute. The walk follows the reference through instance keys,
splats, nested blocks, `for` expressions over instances, function calls and
module outputs that return a resource, and stops where the type stops being
known.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.eval.types import ListType, ObjectType, SetType, Type
from iacreview.hcl import nodes as N
from iacreview.model.expressions import LEAVES, TRAVERSALS, is_constant
from iacreview.model.module import RESERVED_ROOTS, Module
from iacreview.model.problems import Problem
from iacreview.model.provider_schemas import SchemaSet
from iacreview.model.schema_hints import docs_page, nearest_fix
from iacreview.schema.suggest import did_you_mean

UNSUPPORTED_ATTRIBUTE = "VAL035"


class ReferenceChecker:
    """`aws_instance.web.public_ip_address`: attributes a resource type does not export.

    Follows the reference through instance keys, splats, nested blocks, `for`
    expressions over a resource's instances, and any function call (`one()`,
    `try()`, …) around it. It stops where the type stops being known: a map,
    a dynamic value, a JSON string.
    """

    def __init__(self, module: Module, schemas: SchemaSet) -> None:
        self.module = module
        self.schemas = schemas
        self.problems: list[Problem] = []
        self._address: str | None = None
        self._docs: str | None = None  # the documentation page of the resource type being followed
        # Root names a checked reference can start from: resource types, data sources, module calls.
        self._roots = {res.type for res in module.resources.values() if res.mode == "managed"} | {"data", "module"}

    def run(self) -> list[Problem]:
        for file_name, file in self.module.files.items():
            if file_name.endswith(".json"):
                continue
            for node in file.body.items:
                if isinstance(node, N.Block) and node.type not in ("terraform", "moved", "removed", "import", "variable"):
                    text = node.text()
                    if not any(root + "." in text for root in self._roots):
                        continue  # no reference to follow in this block: not worth a walk of its expressions
                    self._address = _block_address(node)
                    self._walk_block(node, {})
        return self.problems

    def _walk_block(self, block: N.Block, bound: dict[str, Type | None]) -> None:
        for item in block.body.items:
            if isinstance(item, N.Attribute):
                if block.type == "lifecycle" or item.name in ("depends_on", "provider", "providers"):
                    continue
                self._walk_expr(item.expr, bound)
            else:
                self._walk_block(item, bound)

    def _walk_expr(self, expr: N.Node, bound: dict[str, Type | None]) -> None:
        if is_constant(expr):
            return
        stack: list[tuple[N.Node, dict[str, Type | None]]] = [(expr, bound)]
        while stack:
            node, names = stack.pop()
            cls = node.__class__
            if cls in LEAVES:
                continue
            if cls in TRAVERSALS:
                self._check_traversal(node, names)
                for child in _index_keys(node):
                    stack.append((child, names))
                continue
            if isinstance(node, N.ForExpr):
                stack.append((node.collection, names))
                inner = dict(names)
                element = self._element_type(node.collection, names)
                inner[node.value_var] = element
                if node.key_var:
                    inner[node.key_var] = None
                for child in (node.key_expr, node.value_expr, node.cond):
                    if child is not None:
                        stack.append((child, inner))
                continue
            if isinstance(node, N.TemplateFor):
                stack.append((node.collection, names))
                inner = {**names, node.value_var: None, **({node.key_var: None} if node.key_var else {})}
                stack.extend((part, inner) for part in node.body_parts)
                continue
            if isinstance(node, N.ObjectItem) and isinstance(node.key, N.Variable):
                stack.append((node.value, names))
                continue
            stack.extend((child, names) for child in node.children())

    # -- resolving a traversal to a type

    def _resource_type(self, root: str, steps: list, names: dict[str, Type | None]) -> tuple[Type | None, int, bool]:
        """The type the traversal's first steps name, how many steps that took, and whether instances are a collection."""
        if root in names:
            return names[root], 0, False
        if root == "module":
            return self._output_type(steps)
        if root in RESERVED_ROOTS and root != "data":
            return None, 0, False
        if root == "data":
            if len(steps) < 2 or steps[0][0] != "attr" or steps[1][0] != "attr":
                return None, 0, False
            address, kind, type_name, used = f"data.{steps[0][1]}.{steps[1][1]}", "data", steps[0][1], 2
        else:
            if not steps or steps[0][0] != "attr":
                return None, 0, False
            address, kind, type_name, used = f"{root}.{steps[0][1]}", "resource", root, 1
        res = self.module.resources.get(address)
        if res is None:
            return None, 0, False
        schema = self.schemas.for_resource(self.module, res)
        block = schema.block(kind, type_name) if schema is not None else None
        if block is None:
            return None, 0, False
        self._docs = docs_page(schema, kind, type_name)  # type: ignore[arg-type]
        return block.value_type, used, res.count is not None or res.for_each is not None

    def _output_type(self, steps: list) -> tuple[Type | None, int, bool]:
        """`module.m.out`: the type of a child module's output that returns a resource (or one instance) as is."""
        if len(steps) < 2 or steps[0][0] != "attr":
            return None, 0, False
        call = self.module.module_calls.get(steps[0][1] or "")
        if call is None or call.child is None:
            return None, 0, False
        used = 1
        if call.count is not None or call.for_each is not None:
            if steps[1][0] != "index":
                return None, 0, False
            used = 2
        if len(steps) <= used or steps[used][0] != "attr":
            return None, 0, False
        output = call.child.outputs.get(steps[used][1] or "")
        if output is None or output.value is None:
            return None, 0, False
        root, inner = _steps(output.value)
        if root is None:
            return None, 0, False
        child = ReferenceChecker(call.child, self.schemas)
        type_, taken, multi = child._resource_type(root.name, inner, {})
        rest = inner[taken:]
        if type_ is None or (rest and not (multi and len(rest) == 1 and rest[0][0] == "index")):
            return None, 0, False  # the output is built from the resource, not the resource itself
        self._docs = child._docs
        return type_, used + 1, multi and not rest

    def _element_type(self, collection: N.Node, names: dict[str, Type | None]) -> Type | None:
        """The element type when a `for` iterates over a resource's instances (or a splat of them)."""
        root, steps = _steps(collection)
        if root is None:
            return None
        type_, used, multi = self._resource_type(root.name, steps, names)
        if type_ is None or not multi or len(steps) != used:
            return None
        return type_

    def _check_traversal(self, node: N.Node, names: dict[str, Type | None]) -> None:
        root, steps = _steps(node)
        if root is None:
            return
        type_, used, multi = self._resource_type(root.name, steps, names)
        if type_ is None:
            return
        rest = steps[used:]
        if multi:
            # Instances: an index or a splat first; an attribute straight on them is Terraform's own error.
            if not rest or rest[0][0] not in ("index", "splat"):
                return
            rest = rest[1:]
        self._follow(type_, rest)

    def _follow(self, type_: Type, steps: list) -> None:
        for kind, name, step in steps:
            if kind in ("index", "splat"):
                if isinstance(type_, (ListType, SetType)):
                    type_ = type_.element  # type: ignore[attr-defined]
                    continue
                return  # a map key, or an index into something not modelled: stop
            if not isinstance(type_, ObjectType):
                return  # maps, strings, dynamic: any key may exist
            if name not in type_.attributes:
                hint = did_you_mean(name, list(type_.attributes))
                dot = step.name_token
                fix = nearest_fix("attributes it exports with a similar name", name, list(type_.attributes),
                                   f'Refer to an attribute it exports: {", ".join(list(type_.attributes)[:8])}, ….')
                self.problems.append(Problem(
                    UNSUPPORTED_ATTRIBUTE,
                    f'Unsupported attribute: This object has no argument, nested block, or exported attribute named '
                    f'"{name}".{hint}',
                    step.filename, dot.line, max(dot.col - 1, 1), dot.line,
                    dot.col + len(dot.text), self._address, fix, self._docs))
                return
            type_ = type_.attributes[name]


def _block_address(block: N.Block) -> str | None:
    """`aws_s3_bucket.logs`, `data.x.y`, `output.name`, `module.vpc`: how findings name their block."""
    labels = block.labels
    if block.type == "resource" and len(labels) == 2:
        return ".".join(labels)
    if block.type in ("data", "module", "output") and labels:
        return f"{block.type}.{'.'.join(labels)}"
    return None


def _steps(node: N.Node) -> tuple[N.Variable | None, list[tuple[str, str | None, N.Node]]]:
    """The root variable of a traversal and its steps, splats' inner traversal included."""
    steps: list[tuple[str, str | None, N.Node]] = []
    while True:
        if isinstance(node, N.GetAttr):
            if node.is_legacy_index:
                steps.append(("index", node.name, node))
            else:
                steps.append(("attr", node.name, node))
            node = node.obj
        elif isinstance(node, N.Index):
            steps.append(("index", None, node))
            node = node.obj
        elif isinstance(node, N.Splat):
            inner: list[tuple[str, str | None, N.Node]] = []
            each = node.each
            while isinstance(each, (N.GetAttr, N.Index)):
                if isinstance(each, N.GetAttr):
                    inner.append(("attr", each.name, each))
                else:
                    inner.append(("index", None, each))
                each = each.obj
            inner.reverse()
            steps.extend(reversed([("splat", None, node), *inner]))
            node = node.src
        elif isinstance(node, N.Variable):
            steps.reverse()
            return node, steps
        else:
            return None, []


def _index_keys(node: N.Node) -> Iterator[N.Node]:
    """Expressions inside a traversal (index keys) that may hold references of their own."""
    while True:
        if isinstance(node, N.GetAttr):
            node = node.obj
        elif isinstance(node, N.Index):
            yield node.key
            node = node.obj
        elif isinstance(node, N.Splat):
            node = node.src
        else:
            return
