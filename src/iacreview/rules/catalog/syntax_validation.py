"""SYN and VAL rules: what the parser and the offline validator find, as catalogue rules.

The checks themselves live in the model layer (they are Terraform's own
semantics); these entries give each problem kind its severity, category and
documentation so it is reported like any other finding.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.rules.base import Finding, Impact, Rule, RuleMeta
from iacreview.rules.context import RuleContext

_TF_VALIDATE = "https://developer.hashicorp.com/terraform/cli/commands/validate"
_TF_SYNTAX = "https://developer.hashicorp.com/terraform/language/syntax/configuration"
_TF_REFS = "https://developer.hashicorp.com/terraform/language/expressions/references"
_TF_PROVIDERS = "https://developer.hashicorp.com/terraform/language/providers"
_AWS5 = ('terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = "~> 5.0"\n'
         '    }\n  }\n}\n\n')
_BLOCKS = Impact(cost="None", security="None", performance="None")


def _from_model(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    problems = ctx.config.syntax_problems() if meta.id == "SYN001" else ctx.config.validation_problems
    for p in problems:
        if p.rule == meta.id:
            yield Finding(meta.id, meta.severity, meta.category, meta.summary, p.message, p.file,
                          p.line, p.col, p.end_line, p.end_col, p.address, fix_text=p.fix,
                          references=(p.reference,) if p.reference else ())


def _meta(id_: str, name: str, severity: str, category: str, summary: str, rationale: str, fix: str,
          bad: str, good: str, refs: tuple[str, ...] = (_TF_VALIDATE,), training: str = "",
          enabled: bool = True) -> RuleMeta:
    return RuleMeta(
        id=id_, name=name, severity=severity, category=category, summary=summary, rationale=rationale,
        fix=fix, bad=bad, good=good, references=refs, impact=_BLOCKS,
        training_value=training or "Teaches the model to produce configurations that Terraform accepts as written.",
        default_enabled=enabled,
    )


_METAS = [
    _meta("SYN001", "syntax-error", "critical", "syntax",
          "The file is not valid HCL (or not readable text)",
          "Terraform refuses to load a configuration with a syntax error: nothing in it can be planned or applied.",
          "Correct the syntax at the reported line and column.",
          'resource "aws_s3_bucket" "b" {\n  bucket = "logs"\n', 'resource "aws_s3_bucket" "b" {\n  bucket = "logs"\n}\n',
          (_TF_SYNTAX,), "Code that does not parse is the most basic failure a model can make."),
    _meta("VAL001", "undeclared-variable", "critical", "validation",
          "Reference to an input variable that is not declared",
          "terraform validate fails: every `var.NAME` must have a matching `variable` block in the same module.",
          "Declare the variable (with type and description) or fix the name.",
          'resource "aws_instance" "a" {\n  instance_type = var.size\n}\n',
          'variable "size" {\n  type        = string\n  description = "Instance type"\n}\n\nresource "aws_instance" "a" {\n  instance_type = var.size\n}\n',
          (_TF_VALIDATE, "https://developer.hashicorp.com/terraform/language/values/variables")),
    _meta("VAL002", "undeclared-local", "critical", "validation",
          "Reference to a local value that is not defined",
          "terraform validate fails on `local.NAME` without a matching entry in a `locals` block.",
          "Define the local value or fix the name.",
          'output "n" {\n  value = local.name\n}\n', 'locals {\n  name = "app"\n}\n\noutput "n" {\n  value = local.name\n}\n',
          (_TF_VALIDATE, "https://developer.hashicorp.com/terraform/language/values/locals")),
    _meta("VAL003", "undeclared-resource", "critical", "validation",
          "Reference to a resource, data source or name that is not declared",
          "terraform validate fails: the referenced resource or data source does not exist in this module.",
          "Declare the resource or data source, or correct the reference.",
          'resource "aws_subnet" "a" {\n  vpc_id     = aws_vpc.main.id\n  cidr_block = "10.0.1.0/24"\n}\n',
          'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n\nresource "aws_subnet" "a" {\n  vpc_id     = aws_vpc.main.id\n  cidr_block = "10.0.1.0/24"\n}\n',
          (_TF_VALIDATE, _TF_REFS)),
    _meta("VAL004", "undeclared-module-or-output", "critical", "validation",
          "Reference to a module call or module output that is not declared",
          "terraform validate fails when `module.NAME` is not called here or the module has no such output.",
          "Call the module, add the output to the module, or correct the reference.",
          'output "id" {\n  value = module.vpc.vpc_id\n}\n',
          'module "vpc" {\n  source = "./modules/vpc"\n}\n\noutput "id" {\n  value = module.vpc.vpc_id\n}\n',
          (_TF_VALIDATE, "https://developer.hashicorp.com/terraform/language/modules/syntax#accessing-module-output-values")),
    _meta("VAL005", "unknown-function", "critical", "validation",
          "Call to a function Terraform does not have",
          "terraform validate fails on calls to functions that are not built in (Terraform has no user-defined functions).",
          "Use a built-in function (see the function reference) or compute the value differently.",
          'locals {\n  name = capitalize(var.name)\n}\n', 'locals {\n  name = title(var.name)\n}\n',
          ("https://developer.hashicorp.com/terraform/language/functions",)),
    _meta("VAL006", "function-arity", "critical", "validation",
          "Function called with the wrong number of arguments",
          "terraform validate fails when a function gets too few or too many arguments.",
          "Pass the arguments the function's signature requires.",
          'locals {\n  x = lookup(var.map)\n}\n', 'locals {\n  x = lookup(var.map, "key", null)\n}\n',
          ("https://developer.hashicorp.com/terraform/language/functions",)),
    _meta("VAL007", "duplicate-declaration", "critical", "validation",
          "Two declarations with the same name",
          "Terraform refuses duplicate resources, data sources, variables, locals, outputs, module calls or provider configurations.",
          "Remove or rename one of the duplicates.",
          'variable "region" {}\nvariable "region" {}\n', 'variable "region" {\n  type = string\n}\n'),
    _meta("VAL008", "count-and-for-each", "critical", "validation",
          "`count` and `for_each` set on the same block",
          "Terraform accepts only one of the two meta-arguments on a resource or module.",
          "Keep one: `for_each` for distinct named instances, `count` for identical copies or on/off switches.",
          'resource "aws_iam_user" "u" {\n  count    = 2\n  for_each = toset(["a", "b"])\n  name     = each.key\n}\n',
          'resource "aws_iam_user" "u" {\n  for_each = toset(["a", "b"])\n  name     = each.key\n}\n',
          ("https://developer.hashicorp.com/terraform/language/meta-arguments/for_each",)),
    _meta("VAL009", "unsuitable-count-or-for-each", "critical", "validation",
          "`count` or `for_each` has a value Terraform cannot use",
          "for_each takes a map or a set of strings (not a list); count takes a non-negative whole number. Anything else fails the plan.",
          "Wrap lists in toset(), or build a map keyed by a unique attribute with a for expression.",
          'resource "aws_iam_user" "u" {\n  for_each = ["a", "b"]\n  name     = each.value\n}\n',
          'resource "aws_iam_user" "u" {\n  for_each = toset(["a", "b"])\n  name     = each.value\n}\n',
          ("https://developer.hashicorp.com/terraform/language/meta-arguments/for_each",)),
    _meta("VAL010", "count-each-out-of-context", "critical", "validation",
          "`count.index` or `each` used where it is not defined",
          "`count.index` exists only in blocks with `count`, `each` only in blocks with `for_each`; elsewhere validation fails.",
          "Add the matching meta-argument, or refer to the value another way.",
          'resource "aws_instance" "a" {\n  tags = { Name = "web-${count.index}" }\n}\n',
          'resource "aws_instance" "a" {\n  count = 2\n  tags  = { Name = "web-${count.index}" }\n}\n',
          ("https://developer.hashicorp.com/terraform/language/meta-arguments/count",)),
    _meta("VAL011", "variable-type-mismatch", "high", "validation",
          "A variable's default or given value does not satisfy its type",
          "Terraform rejects values that cannot be converted to the declared type; a wrong default breaks every plan.",
          "Make the default (or the tfvars value) match the type constraint, or correct the type.",
          'variable "port" {\n  type    = number\n  default = "http"\n}\n', 'variable "port" {\n  type    = number\n  default = 80\n}\n',
          ("https://developer.hashicorp.com/terraform/language/values/variables#type-constraints",)),
    _meta("VAL012", "variable-validation-fails", "high", "validation",
          "A variable's value fails its own validation rule",
          "Terraform stops the plan when a validation condition is false for the value given or defaulted.",
          "Change the value or the condition so they agree.",
          'variable "env" {\n  default = "qa"\n  validation {\n    condition     = contains(["dev", "prod"], var.env)\n    error_message = "env must be dev or prod."\n  }\n}\n',
          'variable "env" {\n  default = "dev"\n  validation {\n    condition     = contains(["dev", "prod"], var.env)\n    error_message = "env must be dev or prod."\n  }\n}\n',
          ("https://developer.hashicorp.com/terraform/language/values/variables#custom-validation-rules",)),
    _meta("VAL013", "required-variable-without-value", "low", "validation",
          "A required root variable has no default and no value",
          "terraform plan cannot run without a value for every required root variable (validate does not check this).",
          "Give a default where one is safe, or document the value in a tfvars example.",
          'variable "db_password" {\n  type = string\n}\n',
          'variable "db_password" {\n  type      = string\n  sensitive = true\n  default   = null\n}\n',
          ("https://developer.hashicorp.com/terraform/language/values/variables#assigning-values-to-root-module-variables",),
          enabled=False),
    _meta("VAL014", "undeclared-provider-alias", "critical", "validation",
          "A provider configuration that cannot be used as written",
          "Terraform cannot find the provider configuration `provider = aws.NAME` points to, or a module call "
          "passes a configuration (`providers = { aws.NAME = … }`) to a module that configures aws.NAME itself "
          "(\"Cannot override provider configuration\").",
          "Add `provider \"aws\" { alias = \"NAME\" … }` or use a declared alias; a module that receives providers "
          "declares them with configuration_aliases instead of provider blocks.",
          'resource "aws_s3_bucket" "r" {\n  provider = aws.replica\n  bucket   = "r"\n}\n',
          'provider "aws" {\n  alias  = "replica"\n  region = "us-west-2"\n}\n\nresource "aws_s3_bucket" "r" {\n  provider = aws.replica\n  bucket   = "r"\n}\n',
          ("https://developer.hashicorp.com/terraform/language/providers/configuration#alias-multiple-provider-configurations",)),
    _meta("VAL015", "local-value-cycle", "critical", "validation",
          "Values refer to each other in a cycle",
          "Terraform cannot order what depends on itself: locals that refer to each other, two security groups "
          "whose inline rules name each other, or two modules that feed each other's inputs from their outputs. "
          "Validation and every plan fail with \"Cycle: …\".",
          "Break the cycle: compute one value from its inputs directly, move inline security group rules to "
          "aws_vpc_security_group_ingress_rule resources, or pass the shared value to both modules from outside.",
          'locals {\n  a = local.b\n  b = local.a\n}\n', 'locals {\n  a = "x"\n  b = local.a\n}\n',
          ("https://developer.hashicorp.com/terraform/language/values/locals",)),
    _meta("VAL016", "module-source-missing", "critical", "validation",
          "A local module source directory does not exist",
          "terraform init fails when `source = \"./…\"` names a directory that is not there.",
          "Include the module's files or point source at the right directory.",
          'module "vpc" {\n  source = "./modules/vpc"\n}\n',
          'module "vpc" {\n  source  = "terraform-aws-modules/vpc/aws" # or ship ./modules/vpc with the code\n  version = "5.1.0"\n}\n',
          ("https://developer.hashicorp.com/terraform/language/modules/sources#local-paths",)),
    _meta("VAL017", "unexpected-top-level-argument", "critical", "validation",
          "An argument, or a block Terraform does not know, at the top level of a .tf file",
          "Configuration files hold only Terraform's own blocks at the top level (resource, data, variable, output, "
          "locals, module, provider, terraform, moved, import, removed, check, ephemeral): `name = value` belongs in "
          "a block or a .tfvars file, and a resource's nested block (`versioning { … }`) inside its resource.",
          "Move the assignment into a terraform.tfvars file, or the block into the resource it belongs to.",
          'region = "us-east-1"\n', 'variable "region" {\n  type    = string\n  default = "us-east-1"\n}\n',
          (_TF_SYNTAX,)),
    _meta("VAL018", "block-label-count", "critical", "validation",
          "A block has the wrong number of labels",
          "resource and data take two labels, variable/output/module/provider one, locals and terraform none.",
          "Give the block the labels its type requires.",
          'resource "aws_vpc" {\n  cidr_block = "10.0.0.0/16"\n}\n', 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n',
          (_TF_SYNTAX,)),
    _meta("VAL019", "invalid-type-constraint", "critical", "validation",
          "A variable's type is not a valid type constraint",
          "Terraform rejects unknown type keywords and malformed constructors.",
          "Use string, number, bool, any, list(T), set(T), map(T), tuple([...]) or object({...}).",
          'variable "ids" {\n  type = array(string)\n}\n', 'variable "ids" {\n  type = list(string)\n}\n',
          ("https://developer.hashicorp.com/terraform/language/expressions/type-constraints",)),
    _meta("VAL022", "unsupported-module-argument", "critical", "validation",
          "A module call sets an argument the module does not declare",
          "terraform validate fails with \"Unsupported argument\": a module call's arguments are the module's input "
          "variables, and a name it does not declare is a typo or a missing variable.",
          "Declare the variable in the module, or correct the argument's name.",
          'module "net" {\n  source   = "./modules/net"\n  vpc_cidr = "10.0.0.0/16" # the module declares cidr_block\n}\n',
          'module "net" {\n  source     = "./modules/net"\n  cidr_block = "10.0.0.0/16"\n}\n',
          (_TF_VALIDATE, "https://developer.hashicorp.com/terraform/language/modules/syntax#calling-a-child-module")),
    _meta("VAL023", "missing-module-input", "critical", "validation",
          "A module call leaves out a required input of the module",
          "terraform validate fails with \"Missing required argument\" when a module variable without a default is "
          "not set by the call.",
          "Set the input in the module call, or give the variable a default in the module.",
          'module "net" {\n  source = "./modules/net" # the module requires cidr_block\n}\n',
          'module "net" {\n  source     = "./modules/net"\n  cidr_block = "10.0.0.0/16"\n}\n',
          (_TF_VALIDATE, "https://developer.hashicorp.com/terraform/language/values/variables#assigning-values-to-root-module-variables")),
    _meta("VAL030", "invalid-resource-type", "critical", "validation",
          "A resource type, data source or ephemeral resource the provider does not have",
          "terraform validate fails with \"Invalid resource type\" (or \"Invalid data source\"): the provider's "
          "schema has no such type, so nothing in the configuration can be planned. Models invent plausible names "
          "(aws_cloudwatch_metric_filter for aws_cloudwatch_log_metric_filter).",
          "Use the type the provider documents (the message suggests the nearest one where Terraform would).",
          'resource "aws_cloudwatch_metric_filter" "errors" {\n  name           = "errors"\n  pattern        = "ERROR"\n'
          '  log_group_name = "app"\n\n  metric_transformation {\n    name      = "Errors"\n    namespace = "App"\n'
          '    value     = "1"\n  }\n}\n',
          'resource "aws_cloudwatch_log_metric_filter" "errors" {\n  name           = "errors"\n  pattern        = "ERROR"\n'
          '  log_group_name = "app"\n\n  metric_transformation {\n    name      = "Errors"\n    namespace = "App"\n'
          '    value     = "1"\n  }\n}\n',
          (_TF_VALIDATE, _TF_PROVIDERS),
          "Teaches the model to use only the resource types its provider really has."),
    _meta("VAL031", "unsupported-argument", "critical", "validation",
          "An argument the resource type does not have",
          "terraform validate fails with \"Unsupported argument\": the provider's schema has no argument of that name "
          "in this block. A misremembered name (log_destination_arn for log_destination) or an argument written where "
          "the provider expects a block (root_block_device = {…}) stops every plan.",
          "Use the argument name the provider documents, or write a block where the schema has a block.",
          'resource "aws_flow_log" "vpc" {\n  vpc_id              = aws_vpc.main.id\n  traffic_type        = "ALL"\n'
          '  log_destination_arn = aws_s3_bucket.logs.arn\n}\n',
          'resource "aws_flow_log" "vpc" {\n  vpc_id               = aws_vpc.main.id\n  traffic_type         = "ALL"\n'
          '  log_destination_type = "s3"\n  log_destination      = aws_s3_bucket.logs.arn\n}\n',
          (_TF_VALIDATE, _TF_PROVIDERS),
          "Teaches the model the exact argument names of each resource type instead of plausible inventions."),
    _meta("VAL032", "missing-required-argument", "critical", "validation",
          "A required argument of the resource type is not set",
          "terraform validate fails with \"Missing required argument\": the provider's schema marks the argument "
          "required and the block does not set it.",
          "Set the argument (see the resource's documentation for its meaning).",
          'resource "aws_iam_role" "app" {\n  name = "app"\n}\n',
          'resource "aws_iam_role" "app" {\n  name = "app"\n  assume_role_policy = data.aws_iam_policy_document.assume.json\n}\n',
          (_TF_VALIDATE, _TF_PROVIDERS),
          "Teaches the model which arguments a resource cannot do without."),
    _meta("VAL033", "unsupported-block-type", "critical", "validation",
          "A nested block the resource type does not have",
          "terraform validate fails with \"Unsupported block type\": the provider's schema has no nested block of "
          "that name here, or has an argument of that name, to be set with `=`.",
          "Use the block the provider documents, or set the argument with an equals sign.",
          'resource "aws_s3_bucket_versioning" "logs" {\n  bucket = aws_s3_bucket.logs.id\n\n  versioning {\n'
          '    status = "Enabled"\n  }\n}\n',
          'resource "aws_s3_bucket_versioning" "logs" {\n  bucket = aws_s3_bucket.logs.id\n\n'
          '  versioning_configuration {\n    status = "Enabled"\n  }\n}\n',
          (_TF_VALIDATE, _TF_PROVIDERS),
          "Teaches the model the nesting each resource type really has."),
    _meta("VAL034", "block-count", "critical", "validation",
          "Too many, or too few, blocks of a nested block type",
          "terraform validate fails with \"Too many … blocks\" or \"Insufficient … blocks\" when a block type the "
          "schema limits (at most one, at least one) appears more or fewer times.",
          "Write the block as often as the schema allows: merge repeated single blocks, add the required one.",
          'resource "aws_lb_listener" "http" {\n  load_balancer_arn = aws_lb.app.arn\n  port              = 80\n}\n',
          'resource "aws_lb_listener" "http" {\n  load_balancer_arn = aws_lb.app.arn\n  port              = 80\n\n'
          '  default_action {\n    type             = "forward"\n    target_group_arn = aws_lb_target_group.app.arn\n'
          '  }\n}\n',
          (_TF_VALIDATE, _TF_PROVIDERS),
          "Teaches the model which nested blocks a resource requires and which it allows once only."),
    _meta("VAL035", "unsupported-attribute", "critical", "validation",
          "A reference to an attribute the resource type does not export",
          "terraform validate fails with \"Unsupported attribute\": `aws_instance.web.public_ip_address` names "
          "nothing the provider's schema exports (it is public_ip). The check follows instance keys, splats, nested "
          "blocks, `for` expressions and function calls around the reference.",
          "Refer to an attribute the resource exports (the message suggests the nearest one where Terraform would).",
          'resource "aws_instance" "web" {\n  ami           = "ami-12345678"\n  instance_type = "t3.micro"\n}\n\n'
          'output "ip" {\n  value = aws_instance.web.public_ip_address\n}\n',
          'resource "aws_instance" "web" {\n  ami           = "ami-12345678"\n  instance_type = "t3.micro"\n}\n\n'
          'output "ip" {\n  value = aws_instance.web.public_ip\n}\n',
          (_TF_VALIDATE, _TF_REFS),
          "Teaches the model the attributes each resource type really exports."),
    _meta("VAL036", "incorrect-attribute-type", "critical", "validation",
          "An argument's value has a type the schema does not accept",
          "terraform validate fails with \"Incorrect attribute value type\" when a known value cannot be converted "
          "to the argument's type. Terraform's own conversions apply: \"true\" is a valid bool and 5 a valid string.",
          "Give the argument a value of its type (a map for tags, a bool for flags, a list where a list is expected).",
          'resource "aws_instance" "web" {\n  ami           = var.ami\n  instance_type = "t3.micro"\n'
          '  ebs_optimized = "yes"\n}\n',
          'resource "aws_instance" "web" {\n  ami           = var.ami\n  instance_type = "t3.micro"\n'
          '  ebs_optimized = true\n}\n',
          (_TF_VALIDATE, "https://developer.hashicorp.com/terraform/language/expressions/type-constraints"),
          "Teaches the model the value types of resource arguments."),
    _meta("VAL037", "unconfigurable-attribute", "critical", "validation",
          "A value set for an attribute the provider computes",
          "terraform validate fails with \"Value for unconfigurable attribute\": the attribute is read-only (an arn, "
          "an id, an endpoint), decided by the provider when the resource is created.",
          "Remove the argument; refer to the attribute elsewhere if its value is needed.",
          'resource "aws_sns_topic" "alerts" {\n  name = "alerts"\n  arn  = "arn:aws:sns:us-east-1:123456789012:alerts"\n}\n',
          'resource "aws_sns_topic" "alerts" {\n  name = "alerts"\n}\n',
          (_TF_VALIDATE, _TF_PROVIDERS),
          "Teaches the model the difference between arguments and exported attributes."),
    _meta("VAL038", "missing-one-of-arguments", "critical", "validation",
          "None of a group of arguments the provider requires one of is set",
          "terraform validate fails with \"Invalid combination of arguments\" when none of a group the provider "
          "requires at least one of is set: an aws_lb needs subnets or subnet_mapping, an aws_autoscaling_group a "
          "launch template, launch configuration or mixed instances policy. The groups are the provider's own, "
          "recorded from Terraform by scripts/harvest_deprecation_messages.py (not part of the schema JSON).",
          "Set one of the arguments the message names.",
          _AWS5 + 'resource "aws_lb" "app" {\n  name               = "app"\n  load_balancer_type = "application"\n}\n',
          _AWS5 + 'resource "aws_lb" "app" {\n  name               = "app"\n  load_balancer_type = "application"\n'
          '  subnets            = ["subnet-1", "subnet-2"]\n}\n',
          (_TF_VALIDATE, _TF_PROVIDERS),
          "Teaches the model the arguments a resource cannot work without even where none is required alone."),
    _meta("VAL039", "deprecated-argument", "low", "validation",
          "An argument, block or resource type the provider has deprecated",
          "terraform validate warns when a configuration uses what the provider's schema marks deprecated: it still "
          "works, but the next major version of the provider removes it. The inline acl, versioning, logging and "
          "server_side_encryption_configuration of aws_s3_bucket are the commonest: each has its own resource now.",
          "Move the setting to the resource that replaces it (the message names it where the provider does).",
          _AWS5 + 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n\n  versioning {\n    enabled = true\n  }\n}\n',
          _AWS5 + 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n\nresource "aws_s3_bucket_versioning" "logs" {\n'
          '  bucket = aws_s3_bucket.logs.id\n\n  versioning_configuration {\n    status = "Enabled"\n  }\n}\n',
          (_TF_VALIDATE, _TF_PROVIDERS),
          "Teaches the model the provider's current resources instead of deprecated inline settings."),
    _meta("VAL040", "invalid-argument-value", "critical", "validation",
          "A value the provider's own validation rejects",
          "terraform validate fails when the provider's code rejects a known value, though its type is right: a "
          "security group rule description with a character AWS does not allow (`|`, `>`, non-ASCII), a flow log "
          "aggregation interval other than 60 or 600 seconds. These checks live in the provider, not in its schema; "
          "iacreview carries the ones in src/iacreview/schema/data/value_rules.json, each verified against "
          "terraform validate.",
          "Use a value the provider accepts (the message quotes its rule).",
          _AWS5 + 'resource "aws_flow_log" "vpc" {\n  vpc_id                   = "vpc-123"\n  traffic_type             = "ALL"\n'
          '  log_destination          = "arn:aws:s3:::flow-logs"\n  log_destination_type     = "s3"\n'
          '  max_aggregation_interval = 300\n}\n',
          _AWS5 + 'resource "aws_flow_log" "vpc" {\n  vpc_id                   = "vpc-123"\n  traffic_type             = "ALL"\n'
          '  log_destination          = "arn:aws:s3:::flow-logs"\n  log_destination_type     = "s3"\n'
          '  max_aggregation_interval = 600\n}\n',
          (_TF_VALIDATE, "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html"),
          "Teaches the model the value rules AWS and the provider enforce before anything is created."),
    _meta("VAL021", "invalid-expression", "high", "validation",
          "An expression fails for any value of the inputs",
          "Type errors, invalid indexes and failing function calls that do not depend on variable values break every plan.",
          "Correct the expression at the reported position.",
          'resource "aws_instance" "web" {\n  count = 2\n}\n\noutput "first" {\n  value = aws_instance.web.id\n}\n',
          'resource "aws_instance" "web" {\n  count = 2\n}\n\noutput "first" {\n  value = aws_instance.web[0].id\n}\n',
          (_TF_VALIDATE,)),
]

RULES = [Rule(meta, _from_model) for meta in _METAS]
