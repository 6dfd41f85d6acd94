"""One entry point for the layers above: load a configuration, then ask about it.

`Configuration.load(path)` for a directory or file on disk,
`Configuration.from_files({...})` for files held in memory (a model's answer);
then `.root` (the module tree), `.scope` (evaluation), `.plan()` and
`.problems()` (syntax and validation findings).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from functools import cached_property
from pathlib import Path

from iacreview.eval.functions import CallContext, default_registry
from iacreview.model.build import load_tree
from iacreview.model.files import DiskTree, FileTree, MemoryTree
from iacreview.model.inputs import collect_inputs
from iacreview.model.module import Module
from iacreview.model.plan import Plan, build_plan
from iacreview.model.problems import Problem
from iacreview.model.provider_schemas import SchemaSet, read_lock_file
from iacreview.model.scope import Context, ModuleScope


class Configuration:
    """A loaded module tree with its variable values, ready to evaluate and plan."""

    def __init__(
        self,
        tree: FileTree,
        rel_dir: str = "",
        var_files: Sequence[str] = (),
        var_args: Sequence[str] = (),
        environ: Mapping[str, str] | None = None,
        extra_var_files: Mapping[str, str] | None = None,
        vars_order: Sequence[str] | None = None,
    ) -> None:
        self.tree = tree
        self.root: Module = load_tree(tree, rel_dir)
        self.root.locked_providers = read_lock_file(tree, rel_dir)
        self.inputs = collect_inputs(tree, rel_dir, var_files, var_args, environ, extra_var_files, vars_order)
        provider_names = set(self.root.settings.required_providers) | {p.name for p in self.root.providers}
        registry = default_registry(lambda provider, fn: provider in provider_names)
        base = tree.base_dir
        ctx = CallContext(base_dir=(base / rel_dir) if base is not None else None)
        self.context = Context(registry=registry, call_context=ctx)
        # Problems of the variable values themselves (a malformed -var, a block in
        # a .tfvars file) are validation findings like any other.
        for problem in self.inputs.problems:
            if problem.rule != "SYN001":
                self.context.report(problem)
        for name, raw in self.inputs.values.items():
            if raw.source == "-var" and name not in self.root.variables:
                # Terraform refuses a value on the command line for a variable nobody declares
                # (a .tfvars entry only warns, a TF_VAR_ variable is ignored).
                self.context.report(Problem("VAL020", f"--var {name}=…: the root module declares no variable "
                                                      f"named {name!r}", "<command line>"))
        self.context.schemas = self.schemas  # resources' planned values read the provider schemas
        self.scope = ModuleScope(self.root, self.context, self.inputs.values)

    @classmethod
    def load(
        cls,
        path: str | os.PathLike[str],
        var_files: Sequence[str] = (),
        var_args: Sequence[str] = (),
        environ: Mapping[str, str] | None = None,
        vars_order: Sequence[str] | None = None,
    ) -> Configuration:
        """A directory (its module) or a single file (that file alone) on disk.

        `vars_order` ("file"/"var" per occurrence) interleaves var files and --var
        values as they came on the command line; without it, files come first.
        """
        p = Path(path)
        extra: dict[str, str] = {}
        for vf in var_files:
            vp = Path(vf)
            if vp.is_file():
                from iacreview.hcl import read_source

                try:
                    extra[vf] = read_source(vp, vf)
                except Exception:  # reported by collect_inputs as unreadable
                    pass
        if p.is_file():
            from iacreview.hcl import read_source

            try:
                text = read_source(p, p.name)  # named as the file's module knows it, like every other file
            except Exception as err:  # SourceError: reported as a syntax problem
                from iacreview.hcl import SourceError

                if not isinstance(err, SourceError):
                    raise
                tree = MemoryTree({})
                config = cls(tree, var_files=var_files, var_args=var_args, environ=environ, extra_var_files=extra)
                d = err.diagnostic
                config.root.problems.append(Problem("SYN001", d.message, d.filename, d.line, d.col))
                return config
            return cls(MemoryTree({p.name: text}), var_files=var_files, var_args=var_args, environ=environ,
                       extra_var_files=extra, vars_order=vars_order)
        return cls(DiskTree(p), var_files=var_files, var_args=var_args, environ=environ, extra_var_files=extra,
                   vars_order=vars_order)

    @classmethod
    def from_files(cls, files: Mapping[str, str], var_files: Sequence[str] = (), var_args: Sequence[str] = ()) -> Configuration:
        return cls(MemoryTree(files), var_files=var_files, var_args=var_args)

    @cached_property
    def schemas(self) -> SchemaSet:
        """The provider schemas this configuration is checked against (its constraints and lock file choose)."""
        return SchemaSet(self.root, self.root.locked_providers)

    @cached_property
    def plan_result(self) -> Plan:
        return build_plan(self.scope)

    def plan(self) -> Plan:
        return self.plan_result

    @cached_property
    def validation_problems(self) -> list[Problem]:
        """Every validation problem, required root variables included (`terraform plan` needs them),
        found once: the VAL rules and the review read the same list, and the plan they read is the
        one validation takes its count/for_each problems from."""
        from iacreview.model.validate import validate

        self.plan()
        return validate(self.scope, require_values=True, schemas=self.schemas, planned=True)

    def modules(self) -> list[Module]:
        return self.root.walk()

    def refused_var_args(self) -> list[Problem]:
        """The --var arguments Terraform refuses before it reads anything else: malformed, or naming a
        variable the root module does not declare (VAL020 on the command line)."""
        return [p for p in self.context.problems if p.rule == "VAL020" and p.file == "<command line>"]

    def input_problems(self) -> list[Problem]:
        """What makes `terraform plan` refuse the root variables' values: a malformed or undeclared
        --var (VAL020), a value its type or validation rules reject (VAL011, VAL012)."""
        for name in self.root.variables:
            self.scope.variable(name)
        problems = [p for p in self.context.problems if p.rule in ("VAL020", "VAL011")]
        from iacreview.model.validate import variable_validation_problems

        return problems + variable_validation_problems(self.scope)

    def syntax_problems(self) -> list[Problem]:
        found = [p for m in self.modules() for p in m.problems if p.rule == "SYN001"]
        return found + [p for p in self.inputs.problems if p.rule == "SYN001"]

    @property
    def parsed(self) -> bool:
        """True when every file parsed; a configuration with syntax errors is never clean."""
        return not self.syntax_problems()
