"""Inputs and outputs that explain themselves: descriptions and types on variables and outputs.

A module's variables and outputs are its interface; `terraform-docs`, the
registry and every caller read the descriptions, and a type turns a wrong
input into a plan-time error instead of a failed apply. One finding per
variable or output, in every module of the configuration, at its block.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.hcl import nodes as N
from iacreview.rules.base import Finding, Impact, Rule, RuleMeta, finding
from iacreview.rules.context import RuleContext

TF_LANG = "https://developer.hashicorp.com/terraform/language/"
STYLE = TF_LANG + "style#variables"


def _has_text(block: N.Block, name: str) -> bool:
    """Whether the block sets `name` to something other than an empty string."""
    attr = block.body.get_attribute(name)
    if attr is None:
        return False
    expr = attr.expr
    if isinstance(expr, N.Template):
        literal = expr.literal_value()
        return literal is None or literal.strip() != ""
    return True


VARIABLE_DESCRIPTION = RuleMeta(
    id="DOC001",
    name="variable-missing-description",
    severity="low",
    category="documentation",
    summary="Variable has no description",
    rationale="The description is the only documentation a caller sees in `terraform plan` prompts, generated "
    "docs and the registry; without it the meaning, unit and allowed values of the input must be guessed "
    "from the code.",
    fix="Add description = \"…\" saying what the value is for, its unit and what is allowed.",
    bad='variable "retention" {\n  type    = number\n  default = 7\n}\n',
    good='variable "retention" {\n  description = "Days to keep automated database backups (1-35)."\n'
    "  type        = number\n  default     = 7\n}\n",
    references=(TF_LANG + "values/variables#input-variable-documentation", STYLE),
    impact=Impact(),
    training_value="Teaches the model to document every input of the modules it writes.",
)

VARIABLE_TYPE = RuleMeta(
    id="DOC002",
    name="variable-missing-type",
    severity="low",
    category="documentation",
    summary="Variable has no type constraint",
    rationale="Without type, any value is accepted: a string where a list was meant passes validation and "
    "fails later inside a resource, and readers cannot tell the expected shape of the input.",
    fix="Add type = string / number / bool / list(string) / object({...}) matching how the variable is used.",
    bad='variable "subnet_ids" {\n  description = "Private subnets of the database."\n}\n',
    good='variable "subnet_ids" {\n  description = "Private subnets of the database."\n  type        = list(string)\n}\n',
    references=(TF_LANG + "values/variables#type-constraints", STYLE),
    impact=Impact(),
    training_value="Teaches the model to constrain inputs with types so mistakes surface at plan time.",
)

OUTPUT_DESCRIPTION = RuleMeta(
    id="DOC003",
    name="output-missing-description",
    severity="low",
    category="documentation",
    summary="Output has no description",
    rationale="Outputs are what other stacks and operators consume (terraform output, remote state); a "
    "description says what the value is and how to use it.",
    fix="Add description = \"…\" to the output.",
    bad='output "db_address" {\n  value = aws_db_instance.main.address\n}\n',
    good='output "db_address" {\n  description = "Host name of the PostgreSQL instance."\n'
    "  value       = aws_db_instance.main.address\n}\n",
    references=(TF_LANG + "values/outputs#description", TF_LANG + "style#outputs"),
    impact=Impact(),
    training_value="Teaches the model to document the interface its modules expose.",
)


def _variable_description(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for module in ctx.modules():
        for name, variable in module.variables.items():
            if not _has_text(variable.block, "description"):
                yield finding(meta, variable.block, f'variable "{name}" has no description')


def _variable_type(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for module in ctx.modules():
        for name, variable in module.variables.items():
            if variable.block.body.get_attribute("type") is None:
                yield finding(meta, variable.block, f'variable "{name}" has no type')


def _output_description(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for module in ctx.modules():
        for name, output in module.outputs.items():
            if not _has_text(output.block, "description"):
                yield finding(meta, output.block, f'output "{name}" has no description')


RULES = [
    Rule(VARIABLE_DESCRIPTION, _variable_description),
    Rule(VARIABLE_TYPE, _variable_type),
    Rule(OUTPUT_DESCRIPTION, _output_description),
]
