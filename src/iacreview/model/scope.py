"""Evaluation scope of one module instance: variables, locals, resources, child modules.

Values are computed lazily and cached, so a rule that reads one argument pays
only for what that argument references; locals that refer to each other in a
cycle are reported rather than recursed into. Resources are known only by
their shape (how many instances, which keys): their attributes are unknown until
apply, which is exactly what Terraform's plan knows about them.
"""

from __future__ import annotations

import os
import weakref

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TYPE_CHECKING

from iacreview.eval.convert import convert
from iacreview.eval.errors import ConversionError, EvalError
from iacreview.eval.evaluator import Evaluator, MappingScope
from iacreview.eval.functions import CallContext, FunctionRegistry, default_registry
from iacreview.eval.types import DYNAMIC, STRING
from iacreview.eval.values import FALSE, SENSITIVE, Value, object_val, string_val, unknown_val
from iacreview.hcl import nodes as N
from iacreview.model.module import RESERVED_ROOTS, Module, ModuleCall, Resource, Variable
from iacreview.model.problems import Problem

if TYPE_CHECKING:
    from iacreview.model.expand import Expansion
    from iacreview.model.inputs import RawInput

WORKSPACE = "default"


@dataclass
class Context:
    """What every scope of one evaluation shares: functions, clock, problems found."""

    registry: FunctionRegistry = field(default_factory=default_registry)
    call_context: CallContext = field(default_factory=CallContext)
    problems: list[Problem] = field(default_factory=list)
    _reported: set[tuple[str, str, int, int]] = field(default_factory=set)
    # Values validation computed for resource arguments (by expression node), which later checks reuse.
    argument_values: dict[int, Value] = field(default_factory=dict)
    # The provider schemas (model.provider_schemas.SchemaSet) that give resources their planned values;
    # None: every resource value is unknown, as for validation.
    schemas: Any = None
    # Per module (by id), the attributes its expressions read from each resource (model.planned_values).
    read_attributes: dict[int, dict[str, set[str] | None]] = field(default_factory=dict)

    def report(self, problem: Problem) -> None:
        key = (problem.rule, problem.file, problem.line, problem.col)
        if key not in self._reported:
            self._reported.add(key)
            self.problems.append(problem)


class ModuleScope:
    """Resolves names for expressions of one module instance."""

    def __init__(
        self,
        module: Module,
        context: Context,
        inputs: Mapping[str, RawInput | Value] | None = None,
        address: str = "",
        variables_unknown: bool = False,
    ) -> None:
        self.module = module
        # As `terraform validate` does: every input variable unknown, so only
        # errors that hold for any value are found.
        self.variables_unknown = variables_unknown
        self.context = context
        self.inputs = dict(inputs or {})
        self.address = address  # "" for root, "module.vpc" / 'module.app["x"]' for children
        # A proxy, not `self`: a scope <-> evaluator cycle would leave every tree
        # and value of a configuration to the cyclic garbage collector.
        self.evaluator = Evaluator(weakref.proxy(self), context.registry, context.call_context)
        self._vars: dict[str, Value] = {}
        self._locals: dict[str, Value] = {}
        self._locals_busy: list[str] = []
        self._expansions: dict[str, Expansion] = {}
        self._children: dict[str, Value] = {}
        self._child_scopes: dict[str, list[tuple[object, ModuleScope]]] = {}
        self._calls_busy: set[str] = set()
        self._resource_values: dict[str, Value] = {}
        self._resources_busy: set[str] = set()

    # ------------------------------------------------------------ Scope protocol

    def resolve(self, name: str, node: N.Node) -> Value:
        if name == "var":
            return object_val({n: self.variable(n) for n in self.module.variables})
        if name == "local":
            return object_val({n: self.local(n) for n in self.module.locals})
        if name == "module":
            return object_val({n: self.module_value(n) for n in self.module.module_calls})
        if name == "path":
            return object_val(
                {"module": string_val(self.module.path or "."), "root": string_val("."), "cwd": self._cwd()}
            )
        if name == "terraform":
            # `terraform.applying` (Terraform 1.10+) is false while planning. Validation holds for
            # every workspace, so there the workspace name is unknown; a plan runs in "default".
            workspace = unknown_val(STRING) if self.variables_unknown else string_val(WORKSPACE)
            return object_val({"workspace": workspace, "applying": FALSE})
        if name == "data":
            types: dict[str, dict[str, Value]] = {}
            for res in self.module.data_sources:
                types.setdefault(res.type, {})[res.name] = self.resource_value(res)
            return object_val({t: object_val(v) for t, v in types.items()})
        if name == "count":
            raise EvalError(
                'The "count" object can only be used in "module", "resource", and "data" blocks, '
                'and only when the "count" argument is set.',
                summary='Reference to "count" in non-counted context',
            )
        if name == "each":
            raise EvalError(
                'The "each" object can be used only in "module" or "resource" blocks, '
                'and only when the "for_each" argument is set.',
                summary='Reference to "each" in context without for_each',
            )
        if name == "self":
            return unknown_val(DYNAMIC)
        resources = [r for r in self.module.managed_resources if r.type == name]
        if resources:
            return object_val({r.name: self.resource_value(r) for r in resources})
        raise EvalError(f'A reference to a resource type must be followed by a declared resource name: "{name}" is not declared.', summary="Reference to undeclared resource")

    def resolve_data(self, type_name: str, name: str) -> Value | None:
        """`data.TYPE.NAME`: that data source's value, or None when it is not declared (the whole
        `data.TYPE` path then reports the error)."""
        res = self.module.resources.get(f"data.{type_name}.{name}")
        return self.resource_value(res) if res is not None else None

    def _cwd(self) -> Value:
        """`path.cwd`: the directory Terraform runs in, the root module's on disk (an example's
        `"ex-${basename(path.cwd)}"` is "ex-complete" there); unknown for files held in memory."""
        base = self.context.call_context.base_dir
        return string_val(os.path.abspath(base)) if base is not None else unknown_val(STRING)

    def resolve_attr(self, name: str, attr: str, node: N.Node) -> Value | None:
        if name == "var":
            if attr not in self.module.variables:
                raise EvalError(
                    f'An input variable with the name "{attr}" has not been declared.',
                    summary="Reference to undeclared input variable",
                )
            return self.variable(attr)
        if name == "local":
            if attr not in self.module.locals:
                raise EvalError(f'A local value with the name "{attr}" has not been declared.', summary="Reference to undeclared local value")
            return self.local(attr)
        if name == "module":
            if attr not in self.module.module_calls:
                raise EvalError(f'No module call named "{attr}" is declared.', summary="Reference to undeclared module")
            return self.module_value(attr)
        if name == "data":
            if not any(r.type == attr for r in self.module.data_sources):
                raise EvalError(f'No data source of type "{attr}" is declared.', summary="Reference to undeclared data source")
            return object_val({r.name: self.resource_value(r) for r in self.module.data_sources if r.type == attr})
        if name in RESERVED_ROOTS:
            return None
        res = self.module.resources.get(f"{name}.{attr}")
        if res is not None:
            return self.resource_value(res)
        if any(r.type == name for r in self.module.managed_resources) or "_" in name:
            raise EvalError(
                f'A managed resource "{name}" "{attr}" has not been declared in the '
                f"{'root module' if not self.address else self.address}.",
                summary="Reference to undeclared resource",
            )
        return None

    # ------------------------------------------------------------ values

    def variable(self, name: str) -> Value:
        cached = self._vars.get(name)
        if cached is not None:
            return cached
        var = self.module.variables[name]
        raw = self.inputs.get(name)
        value: Value
        try:
            if self.variables_unknown:
                value = unknown_val(var.type)
            elif raw is None:
                value = self._default(var)
            elif isinstance(raw, Value):
                value = raw
            else:
                from iacreview.model.inputs import read_input

                # Untyped and primitive-typed variables take -var/TF_VAR_ text literally.
                value = read_input(raw, var.type, literal=var.type_expr is None or var.type.is_primitive)
            if value.is_null and not var.nullable and var.default is not None and raw is not None:
                # `nullable = false`: Terraform substitutes the default for a null argument.
                raw = None
                value = self._default(var)
            if not value.is_null or not var.nullable:
                value = convert(value, var.type)
        except (ConversionError, EvalError) as err:
            # Point at the value: the default, the assignment in a .tfvars file, or the declaration.
            node = var.default if raw is None and var.default is not None else var.block
            if getattr(raw, "expr", None) is not None:
                node = raw.expr  # type: ignore[union-attr]
            message = err.message if isinstance(err, EvalError) else str(err)
            self.context.report(Problem.at("VAL011", f"Invalid value for variable {name!r}: {message}", node))  # type: ignore[arg-type]
            value = unknown_val(var.type)
        if var.sensitive:
            value = value.mark(SENSITIVE)
        self._vars[name] = value
        return value

    def _default(self, var: Variable) -> Value:
        """The variable's default, or unknown when it has none (a required variable without a value)."""
        if var.default is None:
            return unknown_val(var.type)
        return Evaluator(MappingScope({}), self.context.registry, self.context.call_context).evaluate(var.default)

    def local(self, name: str) -> Value:
        cached = self._locals.get(name)
        if cached is not None:
            return cached
        local = self.module.locals[name]
        if name in self._locals_busy:
            cycle = " → ".join(self._locals_busy[self._locals_busy.index(name):] + [name])
            self.context.report(Problem.at("VAL015", f"Cycle among local values: {cycle}", local.attribute))
            return unknown_val(DYNAMIC)
        self._locals_busy.append(name)
        try:
            value = self.evaluator.evaluate(local.expr)
        except EvalError:
            value = unknown_val(DYNAMIC)  # reported by validate where it is the local's own fault
        finally:
            self._locals_busy.pop()
        self._locals[name] = value
        return value

    def expansion(self, res: Resource | ModuleCall, key: str) -> Expansion:
        found = self._expansions.get(key)
        if found is None:
            from iacreview.model.expand import UNKNOWN, Expansion, expand

            # A count that refers to its own resource must not recurse forever.
            self._expansions[key] = Expansion(UNKNOWN, reason=f"{key} refers to itself in its count or for_each")
            found = expand(self, res)
            self._expansions[key] = found
        return found

    def resource_value(self, res: Resource) -> Value:
        """What a reference to `res` sees: its planned value per instance (model.planned_values), or
        unknown while validating, without schemas, or when resources refer to each other in a cycle."""
        exp = self.expansion(res, res.address)
        found = self._resource_values.get(res.address)
        if found is not None:
            return found
        if self.context.schemas is None or self.variables_unknown or res.address in self._resources_busy:
            return exp.shape(lambda key: unknown_val(DYNAMIC))
        from iacreview.model.planned_values import planned_value, read_attributes

        read = self.context.read_attributes.get(id(self.module))
        if read is None:  # one walk per module, shared by all its instances
            read = self.context.read_attributes[id(self.module)] = read_attributes(self.module)
        wanted = read.get(res.address, set())
        self._resources_busy.add(res.address)
        try:
            bindings = dict(exp.instances())
            found = exp.shape(lambda key: planned_value(self, res, bindings.get(key) or {}, wanted))
        finally:
            self._resources_busy.discard(res.address)
        self._resource_values[res.address] = found
        return found

    def module_value(self, name: str) -> Value:
        cached = self._children.get(name)
        if cached is not None:
            return cached
        if name in self._calls_busy:
            # Module A's inputs read module B's outputs and B's read A's: Terraform
            # resolves this output by output; here the value is unknown (and not cached).
            return unknown_val(DYNAMIC)
        call = self.module.module_calls[name]
        if call.child is None:
            value = unknown_val(DYNAMIC)
        else:
            exp = self.expansion(call, f"module.{name}")
            scopes = dict(self.child_scopes(name))
            value = exp.shape(lambda key: scopes[key].outputs_value() if key in scopes else unknown_val(DYNAMIC))
        self._children[name] = value
        return value

    def child_scopes(self, name: str) -> list[tuple[object, ModuleScope]]:
        """(instance key, scope) of every known instance of a local module call."""
        if name in self._child_scopes:
            return self._child_scopes[name]
        call = self.module.module_calls[name]
        result: list[tuple[object, ModuleScope]] = []
        self._calls_busy.add(name)
        try:
            self._build_child_scopes(name, call, result)
        finally:
            self._calls_busy.discard(name)
        self._child_scopes[name] = result
        return result

    def _build_child_scopes(self, name: str, call: ModuleCall, result: list[tuple[object, ModuleScope]]) -> None:
        if call.child is not None:
            exp = self.expansion(call, f"module.{name}")
            for key, bindings in exp.instances():
                address = f"{self.address + '.' if self.address else ''}module.{name}{exp.suffix(key)}"
                inputs = {}
                for attr in call.block.body.attributes:
                    if attr.name in _MODULE_META or attr.name not in call.child.variables:
                        continue
                    inputs[attr.name] = self.evaluator.try_evaluate(attr.expr, bindings)
                child = ModuleScope(call.child, self.context, inputs, address)
                result.append((key, child))

    def outputs_value(self) -> Value:
        values = {}
        for name, out in self.module.outputs.items():
            values[name] = self.evaluator.try_evaluate(out.value) if out.value is not None else unknown_val(DYNAMIC)
        return object_val(values)

    def evaluate(self, expr: N.Node, bindings: Mapping[str, Value] | None = None) -> Value:
        return self.evaluator.evaluate(expr, bindings)

    def try_evaluate(self, expr: N.Node, bindings: Mapping[str, Value] | None = None) -> Value:
        return self.evaluator.try_evaluate(expr, bindings)


_MODULE_META = frozenset({"source", "version", "count", "for_each", "providers", "depends_on"})

