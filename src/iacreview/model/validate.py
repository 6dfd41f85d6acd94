"""What `terraform validate` reports without provider schemas, found offline.

References to things that are not declared, unknown functions and wrong
argument counts, `count.index`/`each` outside their blocks, duplicate names,
count with for_each, unsuitable for_each values, variable values that break
their type or validation rules, required variables without a value, provider
aliases used but not configured, cycles among locals, and expressions that fail
when evaluated with the values known before apply.
"""

from __future__ import annotations

import posixpath
import re

from collections.abc import Iterator
from dataclasses import dataclass

from iacreview.eval.errors import ArityError, EvalError, UnknownFunctionError
from iacreview.eval.values import TRUE, Value
from iacreview.hcl import nodes as N
from iacreview.model.cycles import find_cycles
from iacreview.model.expressions import LEAVES, TRAVERSALS, is_constant
from iacreview.model.files import normalize
from iacreview.model.module import RESERVED_ROOTS, Module
from iacreview.model.problems import Problem
from iacreview.model.provider_schemas import SchemaSet
from iacreview.model.schema_check import check_schemas
from iacreview.model.scope import Context, ModuleScope

# Attributes whose expressions are not references to evaluate.
_NOT_EXPRESSIONS = {
    ("lifecycle", "ignore_changes"),
    ("lifecycle", "create_before_destroy"),
    ("lifecycle", "prevent_destroy"),
    (None, "provider"),
    ("module", "providers"),
    ("variable", "type"),
    ("moved", "from"),
    ("moved", "to"),
    ("import", "to"),
    ("removed", "from"),
}
_SKIP_BLOCKS = {"terraform", "moved", "removed"}
_PATH_ATTRS = {"module", "root", "cwd"}


@dataclass(frozen=True)
class _Ctx:
    """Where an expression sits: what `count`, `each` and dynamic iterators mean there."""

    has_count: bool = False
    has_for_each: bool = False
    bound: frozenset[str] = frozenset()
    scoped_data: frozenset[str] = frozenset()  # data sources nested in the enclosing `check` block
    self_allowed: bool = False  # inside a resource's provisioner, connection or postcondition block


def validate(root_scope: ModuleScope, require_values: bool = False, schemas: SchemaSet | None = None,
             planned: bool = False) -> list[Problem]:
    """Every validation problem of the module tree, in file order.

    `require_values` also reports required root variables that have no value
    (VAL013): `terraform plan` fails on them, `terraform validate` does not.
    `schemas` are the provider schemas to check resources against (by default
    those the root module's constraints and lock file choose). `planned`: the
    caller has already built the plan of `root_scope` (its problems are in the
    scope's context), so it is not built again.
    """
    problems: list[Problem] = []
    for scope in _scopes(root_scope):
        module = scope.module
        problems.extend(p for p in module.problems if p.rule != "SYN001")
        problems.extend(_check_module(scope))
    problems.extend(_check_variables(root_scope, is_root=require_values))
    problems.extend(find_cycles(root_scope.module))
    for scope in _scopes(root_scope):
        for name in scope.module.locals:
            scope.local(name)  # reports cycles
    # Argument errors are looked for with unknown variables, as terraform validate
    # does, so a default meant to be overridden does not cause a false alarm.
    generic = ModuleScope(root_scope.module, Context(registry=root_scope.context.registry,
                                                     call_context=root_scope.context.call_context),
                          variables_unknown=True)
    for scope in _scopes(generic):
        _evaluate_arguments(scope)
    problems.extend(p for p in generic.context.problems if p.rule == "VAL021")
    if schemas is None:
        schemas = SchemaSet(root_scope.module, root_scope.module.locked_providers)
    problems.extend(check_schemas(root_scope, schemas, generic))
    if not planned:
        from iacreview.model.plan import build_plan

        build_plan(root_scope)  # expands count/for_each everywhere, reporting unsuitable values
    problems.extend(root_scope.context.problems)
    # An expression error where a more specific rule already points (an unknown
    # function, a missing module output) is the same finding: keep the specific one.
    specific = {(p.file, p.line, p.col) for p in problems if p.rule != "VAL021"}
    problems = [p for p in problems if p.rule != "VAL021" or (p.file, p.line, p.col) not in specific]
    problems = _without_unreadable_declarations(root_scope, problems)
    unique: dict[tuple[str, str, int, int], Problem] = {}
    for p in problems:
        unique.setdefault((p.rule, p.file, p.line, p.col), p)
    return sorted(unique.values(), key=lambda p: (p.file, p.line, p.col, p.rule))


#: Problems that say a declaration is missing: in a module with a file that does not parse, the
#: declaration may well be in that file.
_UNDECLARED = frozenset({"VAL001", "VAL002", "VAL003", "VAL004", "VAL014"})


def _without_unreadable_declarations(root_scope: ModuleScope, problems: list[Problem]) -> list[Problem]:
    """Drop "undeclared" problems of modules that have a file with syntax errors.

    Such a file contributes no declaration, so every reference to its variables,
    locals, resources or providers would read as undeclared: one broken line
    would bury its SYN001 under dozens of false findings. `terraform validate`
    reports only the syntax error in that case; the other checks still run here.
    """
    broken = {scope.module.path for scope in _scopes(root_scope)
              if any(p.rule == "SYN001" for p in scope.module.problems)}
    if not broken:
        return problems
    return [p for p in problems if p.rule not in _UNDECLARED or posixpath.dirname(p.file) not in broken]


def _scopes(root: ModuleScope) -> Iterator[ModuleScope]:
    """One scope per loaded module: its first instance, or a standalone one."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        scope = stack.pop()
        if id(scope.module) in seen:
            continue
        seen.add(id(scope.module))
        yield scope
        for name, call in scope.module.module_calls.items():
            if call.child is None:
                continue
            children = scope.child_scopes(name)
            if children:
                stack.append(children[0][1])
            else:
                # No instance (for_each over an empty map, count = 0): Terraform still validates the
                # module's code, with every input unknown; its defaults are nobody's values.
                stack.append(ModuleScope(call.child, scope.context, {}, f"module.{name}", variables_unknown=True))


# ------------------------------------------------------------------ references


def _used_provider_keys(module: Module) -> set[str]:
    """Provider configurations something in the module (or a module it calls) uses: `aws`, `aws.west`.

    Terraform leaves unused provider configurations out of validation, so an
    expression in one is never evaluated: its undeclared references are not errors.
    """
    used: set[str] = set()
    for res in module.resources.values():
        used.add(res.provider or res.provider_name)
    for block in module.all_blocks():
        if block.type == "ephemeral" and block.labels:
            attr = block.body.get_attribute("provider")
            used.add(attr.expr.text().strip() if attr is not None else block.labels[0].split("_")[0])
    for call in module.module_calls.values():
        providers = call.block.body.get_attribute("providers")
        if providers is not None and isinstance(providers.expr, N.Object):
            used.update(item.value.text().strip() for item in providers.expr.items)
        if call.child is not None:
            used.update(key.split(".")[0] for key in _used_provider_keys(call.child))
        elif call.source is not None and not call.is_local:
            used.update(p.key for p in module.providers)  # a registry module may use any of them
    return used


def _check_module(scope: ModuleScope) -> list[Problem]:
    module = scope.module
    problems: list[Problem] = []
    used: set[str] | None = None
    for file in module.files.values():
        for item in file.body.items:
            if isinstance(item, N.Block) and item.type == "provider" and item.labels:
                used = _used_provider_keys(module) if used is None else used
                alias = item.body.get_attribute("alias")
                key = item.labels[0] + (f".{alias.expr.text().strip().strip(chr(34))}" if alias is not None else "")
                if key not in used:
                    continue  # never configured, so never evaluated
            if isinstance(item, N.Block) and item.type not in _SKIP_BLOCKS:
                ctx = _Ctx()
                if item.type in ("resource", "data", "module"):
                    body = item.body
                    ctx = _Ctx(body.get_attribute("count") is not None, body.get_attribute("for_each") is not None)
                elif item.type == "check":
                    nested = item.body.blocks("data")
                    ctx = _Ctx(scoped_data=frozenset(f"data.{'.'.join(b.labels)}" for b in nested))
                problems.extend(_check_block(scope, item, ctx, item.type))
    problems.extend(_check_provider_refs(module))
    problems.extend(_check_module_arguments(module))
    problems.extend(_check_provider_overrides(module))
    return problems


_MODULE_META_ARGS = frozenset({"source", "version", "count", "for_each", "providers", "depends_on"})


def _check_provider_overrides(module: Module) -> Iterator[Problem]:
    """`providers = { aws.x = … }` passed to a module that configures aws.x itself: Terraform refuses it."""
    for name, call in module.module_calls.items():
        child = call.child
        if child is None and call.is_local and normalize(posixpath.join(module.path, call.source or "")) == module.path:
            child = module  # a module that calls itself: Terraform follows it and meets its own providers
        providers = call.block.body.get_attribute("providers")
        if child is None or providers is None or not isinstance(providers.expr, N.Object):
            continue
        own = {p.key for p in child.providers}
        for item in providers.expr.items:
            key = item.key.text().strip()
            if key in own:
                yield Problem.at(
                    "VAL014",
                    f"Cannot override provider configuration: module.{name} has its own local configuration for "
                    f"{key}, and so it cannot accept an overridden configuration provided by its caller.",
                    item)


def _check_module_arguments(module: Module) -> Iterator[Problem]:
    """Arguments a local module does not declare (VAL022) and required inputs left out (VAL023)."""
    for name, call in module.module_calls.items():
        child = call.child
        if child is None:
            continue
        given = {a.name for a in call.block.body.attributes}
        # A module that declares no variable at all lacks its variables file: VAL001 already reports
        # each use inside it, and one finding per argument here would only repeat that.
        for attr in call.block.body.attributes if child.variables else ():
            if attr.name not in _MODULE_META_ARGS and attr.name not in child.variables:
                yield Problem.at(
                    "VAL022",
                    f'module.{name}: the module has no variable "{attr.name}" (arguments of a module call '
                    "are its input variables)",
                    attr,
                )
        for var_name, var in child.variables.items():
            if var.required and var_name not in given:
                yield Problem.at(
                    "VAL023",
                    f'module.{name}: the required input "{var_name}" (declared at {var.block.filename}:'
                    f"{var.block.line}) is not set",
                    call.block,
                )


def _check_block(scope: ModuleScope, block: N.Block, ctx: _Ctx, top: str) -> Iterator[Problem]:
    for item in block.body.items:
        if isinstance(item, N.Attribute):
            key = (block.type, item.name)
            if key in _NOT_EXPRESSIONS or (None, item.name) in _NOT_EXPRESSIONS and top in ("resource", "data"):
                continue
            if top == "variable" and item.name == "default":
                continue
            yield from _check_expr(scope, item.expr, ctx)
        elif item.type == "dynamic":
            iterator = item.labels[0] if item.labels else "dynamic"
            it_attr = item.body.get_attribute("iterator")
            if it_attr is not None and isinstance(it_attr.expr, N.Variable):
                iterator = it_attr.expr.name
            for attr in item.body.attributes:
                if attr.name != "iterator":
                    yield from _check_expr(scope, attr.expr, ctx)
            inner = _Ctx(ctx.has_count, ctx.has_for_each, ctx.bound | {iterator}, scoped_data=ctx.scoped_data,
                         self_allowed=ctx.self_allowed)
            for content in item.body.blocks("content"):
                yield from _check_block(scope, content, inner, top)
        else:
            inner_ctx = ctx
            if top in ("resource", "data") and item.type in _SELF_BLOCKS and not ctx.self_allowed:
                inner_ctx = _Ctx(ctx.has_count, ctx.has_for_each, ctx.bound, ctx.scoped_data, self_allowed=True)
            yield from _check_block(scope, item, inner_ctx, top)


#: Blocks of a resource where `self` means the resource (Terraform allows it nowhere else).
_SELF_BLOCKS = frozenset({"provisioner", "connection", "postcondition"})


def _steps(node: N.Node) -> tuple[N.Variable | None, list[tuple[str, str | None, N.Node]]]:
    """The root variable of a traversal and its steps: ("attr", name) or ("index", key or None)."""
    steps: list[tuple[str, str | None, N.Node]] = []
    while True:
        if isinstance(node, N.GetAttr):
            steps.append(("attr", node.name, node))
            node = node.obj
        elif isinstance(node, N.Index):
            key = node.key
            literal = None
            if isinstance(key, N.Literal):
                literal = key.token.text
            elif isinstance(key, N.Template):
                literal = key.literal_value()
            steps.append(("index", literal, node))
            node = node.obj
        elif isinstance(node, N.Splat):
            steps.append(("splat", None, node))
            node = node.src
        elif isinstance(node, N.Variable):
            steps.reverse()
            return node, steps
        else:
            return None, []




def _check_expr(scope: ModuleScope, expr: N.Node, ctx: _Ctx) -> Iterator[Problem]:
    if is_constant(expr):
        return
    stack: list[tuple[N.Node, frozenset[str]]] = [(expr, ctx.bound)]
    while stack:
        node, bound = stack.pop()
        cls = node.__class__
        if cls in LEAVES:
            continue
        if isinstance(node, TRAVERSALS):
            root, steps = _steps(node)
            if root is not None:
                problem = _check_reference(scope, root, steps, ctx, bound)
                if problem is not None:
                    yield problem
                # index keys and splat bodies may hold further references
                for kind, _, step in steps:
                    if kind == "index":
                        stack.append((step.key, bound))  # type: ignore[attr-defined]
                continue
        if isinstance(node, N.FunctionCall):
            try:
                scope.context.registry.check_arity(node.name, len(node.args) if not node.expand_final else max(len(node.args), 0))
            except UnknownFunctionError as err:
                yield Problem.at("VAL005", f"Call to unknown function {node.name!r}: {err.message}", node)
            except ArityError as err:
                if not node.expand_final:
                    yield Problem.at("VAL006", f"Wrong number of arguments to {node.name!r}: {err.message}", node)
        if isinstance(node, N.ObjectItem) and isinstance(node.key, N.Variable):
            stack.append((node.value, bound))  # a bare key is a name, not a reference
            continue
        if isinstance(node, N.ForExpr):
            stack.append((node.collection, bound))
            inner = bound | {node.value_var} | ({node.key_var} if node.key_var else set())
            for child in (node.key_expr, node.value_expr, node.cond):
                if child is not None:
                    stack.append((child, inner))
            continue
        if isinstance(node, N.TemplateFor):
            stack.append((node.collection, bound))
            inner = bound | {node.value_var} | ({node.key_var} if node.key_var else set())
            stack.extend((part, inner) for part in node.body_parts)
            continue
        stack.extend((child, bound) for child in node.children())


def _check_reference(
    scope: ModuleScope, root: N.Variable, steps: list[tuple[str, str | None, N.Node]], ctx: _Ctx, bound: frozenset[str]
) -> Problem | None:
    name = root.name
    module = scope.module
    if name in bound:
        return None
    first = steps[0] if steps else None
    attr = first[1] if first is not None and first[0] == "attr" else None
    where = first[2] if first is not None else root
    if name == "var":
        if attr is not None and attr not in module.variables:
            return Problem.at("VAL001", f"Reference to undeclared input variable {attr!r}", where)
        return None
    if name == "local":
        if attr is not None and attr not in module.locals:
            return Problem.at("VAL002", f"Reference to undeclared local value {attr!r}", where)
        return None
    if name == "module":
        if attr is None:
            return None
        call = module.module_calls.get(attr)
        if call is None:
            return Problem.at("VAL004", f"Reference to undeclared module {attr!r}", where)
        if call.child is not None:
            rest = [s for s in steps[1:] if s[0] != "index" and s[0] != "splat"]
            if rest and rest[0][1] not in call.child.outputs:
                return Problem.at("VAL004", f"Module {attr!r} has no output named {rest[0][1]!r}", rest[0][2])
        return None
    if name == "data":
        if len(steps) >= 2 and steps[0][0] == "attr" and steps[1][0] == "attr":
            address = f"data.{steps[0][1]}.{steps[1][1]}"
            if address not in module.resources and address not in ctx.scoped_data:
                return Problem.at("VAL003", f"Reference to undeclared data source {address!r}", steps[1][2])
        return None
    if name == "count":
        if not ctx.has_count:
            return Problem.at("VAL010", '"count.index" used where "count" is not set', root)
        if attr is not None and attr != "index":
            return Problem.at("VAL010", f'The "count" object has no attribute {attr!r}; only "count.index"', where)
        return None
    if name == "each":
        if not ctx.has_for_each:
            return Problem.at("VAL010", '"each" used where "for_each" is not set', root)
        if attr is not None and attr not in ("key", "value"):
            return Problem.at("VAL010", f'The "each" object has only "key" and "value", not {attr!r}', where)
        return None
    if name == "path":
        if attr is not None and attr not in _PATH_ATTRS:
            return Problem.at("VAL003", f'The "path" object has no attribute {attr!r}', where)
        return None
    if name == "self":
        if ctx.self_allowed:
            return None
        return Problem.at("VAL003", 'Invalid "self" reference: The "self" object is not available in this context. '
                          "This object can be used only in resource provisioner, connection, and postcondition "
                          "blocks.", root)
    if name == "terraform":
        return None
    if name in RESERVED_ROOTS:
        return None
    if attr is None:
        return Problem.at("VAL003", f"Reference to unknown name {name!r}", root)
    if f"{name}.{attr}" not in module.resources:
        return Problem.at("VAL003", f"Reference to undeclared resource {name}.{attr}", root)
    return None


_STATIC_PROVIDER = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\.[A-Za-z_][A-Za-z0-9_-]*")


def _check_provider_refs(module: Module) -> Iterator[Problem]:
    configured = {p.key for p in module.providers}
    aliases = set()
    for block in module.settings.blocks:
        for rp in block.body.blocks("required_providers"):
            for attr in rp.body.attributes:
                if isinstance(attr.expr, N.Object):
                    value = attr.expr.get("configuration_aliases")
                    if isinstance(value, N.Tuple):
                        aliases.update(item.text().strip() for item in value.items)
    for res in module.resources.values():
        if (res.provider and "." in res.provider and res.provider not in configured | aliases
                and _STATIC_PROVIDER.fullmatch(res.provider)):  # other forms are reported when loading
            attr = res.block.body.get_attribute("provider")
            assert attr is not None
            yield Problem.at(
                "VAL014",
                f"{res.address} uses provider {res.provider!r}, which no provider block configures",
                attr,
            )


# ------------------------------------------------------------------ values


def _check_variables(scope: ModuleScope, is_root: bool) -> list[Problem]:
    problems: list[Problem] = []
    module = scope.module
    for name, var in module.variables.items():
        value = scope.variable(name)  # reports VAL011 for values that break the type
        if is_root and var.required and name not in scope.inputs:
            problems.append(
                Problem.at("VAL013", f"Required variable {name!r} has no default and no value is given", var.block)
            )
        if not value.is_wholly_known():
            continue
        for validation in var.validations:
            problems.extend(_run_validation(scope, name, value, validation))
    return problems


def variable_validation_problems(scope: ModuleScope) -> list[Problem]:
    """The module's variables whose values their validation rules reject (VAL012)."""
    return _check_variables(scope, is_root=False)


def _run_validation(scope: ModuleScope, name: str, value: Value, block: N.Block) -> list[Problem]:
    condition = block.body.get_attribute("condition")
    if condition is None:
        return [Problem.at("VAL012", f"Validation rule of variable {name!r} has no condition", block)]
    try:
        result = scope.evaluate(condition.expr)
    except EvalError as err:
        return [Problem.at("VAL012", f"Validation condition of variable {name!r} fails to evaluate: {err.message}", condition)]
    if not result.is_wholly_known() or result.unmark().raw_equals(TRUE):
        return []
    message_attr = block.body.get_attribute("error_message")
    message = "the validation condition is false"
    if message_attr is not None:
        rendered = scope.try_evaluate(message_attr.expr)
        if rendered.is_known and isinstance(rendered.payload, str):
            message = rendered.payload
    return [Problem.at("VAL012", f"Invalid value for variable {name!r}: {message}", condition)]


def _evaluate_arguments(scope: ModuleScope) -> None:
    """Evaluate resource, output and local expressions to surface errors known before apply."""
    report = scope.context.report
    targets: list[tuple[N.Node, dict]] = []
    for res in scope.module.resources.values():
        exp = scope.expansion(res, res.address)
        instances = exp.instances()
        bindings = instances[0][1] if instances else None
        if bindings is None:
            continue
        for attr in _attributes(res.block.body):
            if attr.name in ("provider", "count", "for_each", "depends_on"):
                continue
            if not is_constant(attr.expr):
                targets.append((attr.expr, bindings))
    for out in scope.module.outputs.values():
        if out.value is not None:
            targets.append((out.value, {}))
    for local in scope.module.locals.values():
        targets.append((local.expr, {}))
    values = scope.context.argument_values
    for expr, bindings in targets:
        try:
            values[id(expr)] = scope.evaluate(expr, bindings)
        except EvalError as err:
            if err.summary.startswith("Reference to") or "count" in err.summary or "each" in err.summary:
                continue  # reported by the reference checks with a better position
            report(
                Problem(
                    "VAL021",
                    f"{err.summary}: {err.message}",
                    err.filename or expr.filename,
                    err.line or expr.line,
                    err.column or expr.col,
                )
            )


def _attributes(body: N.Body) -> Iterator[N.Attribute]:
    """Attributes of a body and its nested blocks, except dynamic blocks' content and lifecycle."""
    for item in body.items:
        if isinstance(item, N.Attribute):
            yield item
        elif item.type not in ("dynamic", "lifecycle", "provisioner", "connection"):
            yield from _attributes(item.body)
