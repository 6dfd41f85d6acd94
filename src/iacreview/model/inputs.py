"""Values for root module variables, from every source Terraform reads, in its order.

Later sources win: TF_VAR_ environment variables, terraform.tfvars,
terraform.tfvars.json, *.auto.tfvars(.json) in lexical order, then -var-file
and -var in the order given on the command line. Values from the command line
and the environment are raw strings until the variable's declaration says how
to read them, as Terraform does: literally for a primitive type or no type at
all, as an HCL expression for any other type (`any` included).
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from iacreview.eval.errors import EvalError
from iacreview.eval.evaluator import Evaluator, MappingScope
from iacreview.eval.types import Type
from iacreview.eval.values import Value, string_val
from iacreview.hcl import HCLSyntaxError, SourceError, parse
from iacreview.hcl.nodes import Expr
from iacreview.model.files import FileTree
from iacreview.model.problems import Problem


@dataclass
class RawInput:
    """One variable value as given: an expression from a file, or a raw string."""

    source: str  # "terraform.tfvars", "-var", "TF_VAR_region", …
    expr: Expr | None = None
    text: str | None = None

    def value(self, want: Type, literal: bool | None = None) -> Value:
        """The value, reading raw strings as Terraform does for the variable's declaration.

        `literal` says whether a raw string is taken as it is (the declaration has
        no type or a primitive one); by default, whether `want` is primitive.
        """
        evaluator = Evaluator(MappingScope({}))
        if self.expr is not None:
            return evaluator.evaluate(self.expr)
        assert self.text is not None
        if literal is None:
            literal = want.is_primitive
        if literal:
            return string_val(self.text)
        try:
            tree = parse(f"v = {self.text}\n", self.source)
        except HCLSyntaxError:
            return string_val(self.text)
        return evaluator.evaluate(tree.body.items[0].expr)  # type: ignore[union-attr]


@dataclass
class Inputs:
    values: dict[str, RawInput] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def collect_inputs(
    tree: FileTree,
    rel_dir: str = "",
    var_files: Sequence[str] = (),
    var_args: Sequence[str] = (),
    environ: Mapping[str, str] | None = None,
    extra_var_files: Mapping[str, str] | None = None,
    order: Sequence[str] | None = None,
) -> Inputs:
    """Gather root variable values. `extra_var_files` are (name → text) given outside the tree;
    `order` ("file"/"var" per occurrence) interleaves var files and --var values as given."""
    inputs = Inputs()
    for key, text in sorted((environ or {}).items()):
        if key.startswith("TF_VAR_") and len(key) > 7:
            inputs.values[key[7:]] = RawInput(source=key, text=text)
    names = tree.list_dir(rel_dir)
    ordered = [n for n in ("terraform.tfvars", "terraform.tfvars.json") if n in names]
    ordered += sorted(n for n in names if n.endswith((".auto.tfvars", ".auto.tfvars.json")))
    for name in ordered:
        rel = posixpath.join(rel_dir, name) if rel_dir else name
        try:
            _read_vars_file(inputs, tree.read(rel), rel)
        except SourceError as err:
            d = err.diagnostic
            inputs.problems.append(Problem("SYN001", d.message, d.filename, d.line, d.col))
    files, args = list(var_files), list(var_args)
    if order is None or sorted(order) != sorted(["file"] * len(files) + ["var"] * len(args)):
        order = ["file"] * len(files) + ["var"] * len(args)  # files first, as without a command line
    for kind in order:
        if kind == "file":
            _read_var_file_arg(inputs, tree, files.pop(0), extra_var_files)
        else:
            _read_var_arg(inputs, args.pop(0))
    return inputs


def _read_var_file_arg(inputs: Inputs, tree: FileTree, name: str, extra: Mapping[str, str] | None) -> None:
    text = (extra or {}).get(name)
    if text is None:
        try:
            text = tree.read(name)
        except SourceError as err:
            d = err.diagnostic
            inputs.problems.append(Problem("SYN001", d.message, d.filename, d.line, d.col))
            return
    _read_vars_file(inputs, text, name)


def _read_var_arg(inputs: Inputs, arg: str) -> None:
    name, sep, text = arg.partition("=")
    if not sep or not name.strip():
        inputs.problems.append(Problem("VAL020", f"-var {arg!r} is not of the form NAME=VALUE", "<command line>"))
        return
    inputs.values[name.strip()] = RawInput(source="-var", text=text)


def _read_vars_file(inputs: Inputs, text: str, name: str) -> None:
    try:
        if name.endswith(".json"):
            from iacreview.hcl import parse_file_text

            tree = parse_file_text(text, name)
        else:
            tree = parse(text, name)
    except HCLSyntaxError as err:
        for d in err.diagnostics:
            inputs.problems.append(Problem("SYN001", d.message, d.filename, d.line, d.col))
        return
    for item in tree.body.items:
        if hasattr(item, "expr"):
            inputs.values[item.name] = RawInput(source=name, expr=item.expr)  # type: ignore[union-attr]
        else:
            inputs.problems.append(Problem.at("VAL017", "Variable definition files may only assign values", item))


def read_input(raw: RawInput, want: Type, literal: bool | None = None) -> Value:
    """The value of a raw input, or an EvalError naming its source."""
    try:
        return raw.value(want, literal)
    except EvalError as err:
        raise EvalError(f"{raw.source}: {err.message}", summary=err.summary) from None
