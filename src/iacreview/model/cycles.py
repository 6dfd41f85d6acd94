"""Dependency cycles Terraform's graph would find across resources, modules, variables and outputs.

Terraform builds one graph of every variable, local, output, resource and
module call and refuses to walk it when it holds a cycle ("Cycle: …"), often
between two modules that feed each other's inputs from their outputs. Locals
that refer to each other are found while evaluating (VAL015); this module
finds the cycles that pass through more than one kind of object or module.
Every edge here is one Terraform also draws (a reference in an expression), so
a cycle found here is one Terraform finds.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.hcl import nodes as N
from iacreview.model.module import RESERVED_ROOTS, Module
from iacreview.model.problems import Problem

Node = tuple[str, str]  # (module path such as "module.a.module.b", object such as "var.x" or "aws_vpc.main")
_MODULE_META = frozenset({"source", "version", "providers"})


class _Graph:
    def __init__(self) -> None:
        self.edges: dict[Node, set[Node]] = {}
        self.where: dict[Node, N.Node] = {}

    def add(self, node: Node, where: N.Node, targets: set[Node]) -> None:
        self.edges.setdefault(node, set()).update(targets)
        self.where.setdefault(node, where)


def _expressions(node: N.Node) -> Iterator[N.Node]:
    """Every expression of a block, nested blocks included (what Terraform reads for dependencies)."""
    if isinstance(node, N.Attribute):
        yield node.expr
        return
    if isinstance(node, N.Block):
        for item in node.body.items:
            yield from _expressions(item)


def _references(expr: N.Node) -> Iterator[tuple[str, ...]]:
    """The names along every attribute chain of an expression: ("module", "vpc", "id"), ("aws_vpc", "main").

    A bare name (`each`, a `for` variable) names no object of the graph, so only chains count.
    """
    inner: set[int] = set()  # chains met inside a longer one: `module.vpc` of `module.vpc.id` is no reference
    for node in expr.walk(N.GetAttr):  # outermost first
        if id(node) in inner:
            continue
        names: list[str] = []
        cur: N.Node = node
        while isinstance(cur, (N.GetAttr, N.Index)):
            if isinstance(cur, N.GetAttr):
                names.append(cur.name)
                inner.add(id(cur))
            cur = cur.obj
        if isinstance(cur, N.Variable):
            names.append(cur.name)
            yield tuple(reversed(names))


def _targets(module: Module, path: str, expr: N.Node) -> set[Node]:
    found: set[Node] = set()
    for ref in _references(expr):
        root = ref[0]
        if root in ("var", "local") and len(ref) > 1:
            found.add((path, f"{root}.{ref[1]}"))
        elif root == "module" and len(ref) > 1 and ref[1] in module.module_calls:
            child_path = f"{path}.module.{ref[1]}" if path else f"module.{ref[1]}"
            child = module.module_calls[ref[1]].child
            if child is None:
                continue
            outputs = [ref[2]] if len(ref) > 2 and ref[2] in child.outputs else list(child.outputs)
            found.update((child_path, f"output.{o}") for o in outputs)
        elif root == "data" and len(ref) > 2:
            address = f"data.{ref[1]}.{ref[2]}"
            if address in module.resources:
                found.add((path, address))
        elif root not in RESERVED_ROOTS and len(ref) > 1 and f"{root}.{ref[1]}" in module.resources:
            found.add((path, f"{root}.{ref[1]}"))
    return found


def _build(graph: _Graph, module: Module, path: str, depth: int = 0) -> None:
    if depth > 16:
        return
    for name, local in module.locals.items():
        graph.add((path, f"local.{name}"), local.attribute, _targets(module, path, local.expr))
    for name, out in module.outputs.items():
        if out.value is not None:
            graph.add((path, f"output.{name}"), out.block, _targets(module, path, out.value))
    for address, res in module.resources.items():
        targets: set[Node] = set()
        for expr in _expressions(res.block):
            targets |= _targets(module, path, expr)
        targets.discard((path, address))  # a self-reference is Terraform's "Self-referential block", not a cycle
        graph.add((path, address), res.block, targets)
    for name, call in module.module_calls.items():
        child = call.child
        if child is None:
            continue
        child_path = f"{path}.module.{name}" if path else f"module.{name}"
        shared: set[Node] = set()
        for attr in call.block.body.attributes:
            if attr.name in ("count", "for_each", "depends_on"):
                shared |= _targets(module, path, attr.expr)  # every object of the module waits for these
        for attr in call.block.body.attributes:
            if attr.name in _MODULE_META or attr.name in ("count", "for_each", "depends_on"):
                continue
            if attr.name in child.variables:
                graph.add((child_path, f"var.{attr.name}"), attr, _targets(module, path, attr.expr) | shared)
        _build(graph, child, child_path, depth + 1)


def _strongly_connected(graph: _Graph) -> list[list[Node]]:
    """Tarjan's algorithm, iterative: the components with more than one node."""
    index: dict[Node, int] = {}
    low: dict[Node, int] = {}
    on_stack: set[Node] = set()
    stack: list[Node] = []
    found: list[list[Node]] = []
    counter = 0
    for start in graph.edges:
        if start in index:
            continue
        work = [(start, iter(sorted(graph.edges.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.edges.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def find_cycles(root: Module) -> list[Problem]:
    """One problem per cycle that crosses objects (local-only cycles are VAL015's)."""
    graph = _Graph()
    _build(graph, root, "")
    problems = []
    for component in _strongly_connected(graph):
        if all(obj.startswith("local.") for _, obj in component) and len({p for p, _ in component}) == 1:
            continue  # reported while evaluating the locals
        names = [f"{path + '.' if path else ''}{obj}" for path, obj in component]
        anchor = next((graph.where[n] for n in component if n[0] == ""), graph.where[component[0]])
        shown = ", ".join(names[:8]) + (f", … ({len(names)} in all)" if len(names) > 8 else "")
        problems.append(Problem.at("VAL015", f"Cycle: {shown}", anchor))
    return problems
