"""SEC084/SEC085: outputs that expose sensitive or secret values without `sensitive = true`.

Terraform itself refuses a root output that carries a sensitive mark (SEC084,
a validation failure); SEC085 covers the secrets Terraform cannot see as
sensitive (secret-named variables not marked, literals, login profile passwords).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from iacreview.eval.values import SENSITIVE
from iacreview.hcl import nodes as N
from iacreview.model.module import Module, Output
from iacreview.model.provider_schemas import SchemaSet
from iacreview.rules.base import Finding, Impact, Rule, RuleMeta, finding
from iacreview.rules.context import RuleContext, to_py

TF_SENSITIVE_STATE = "https://developer.hashicorp.com/terraform/language/state/sensitive-data"
TF_OUTPUTS = "https://developer.hashicorp.com/terraform/language/values/outputs#sensitive-suppressing-values-in-cli-output"
TF_VARIABLES = "https://developer.hashicorp.com/terraform/language/values/variables#suppressing-values-in-cli-output"
TF_AWS_AUTH = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs#authentication-and-configuration"
SECRETS_MANAGER = "https://docs.aws.amazon.com/secretsmanager/latest/userguide/intro.html"


from iacreview.rules.catalog.secret_values import (
    _set_sensitive_edits,
    pointer_name,
    real_secret,
    redact,
    references,
    secret_name,
)

# ---------------------------------------------------------------- SEC084 / SEC085: outputs


OUTPUT_SENSITIVE = RuleMeta(
    id="SEC084",
    name="output-sensitive-value-not-marked",
    severity="critical",
    category="validation",
    summary="Root output returns a sensitive value without sensitive = true (terraform plan fails)",
    rationale="Terraform refuses to plan a root module whose output is derived from a sensitive value (a "
    "sensitive variable, sensitive(), or an attribute the provider marks sensitive such as "
    "aws_db_instance.password, random_password.result, aws_iam_access_key.secret or "
    "aws_secretsmanager_secret_version.secret_string) unless the output says sensitive = true: \"Output refers "
    "to sensitive values\". The configuration cannot be deployed as written, so this is a validation failure, "
    "not only a hygiene issue.",
    fix="Add sensitive = true to the output, or do not output the secret at all (return its ARN or the "
    "Secrets Manager secret id instead).",
    bad='output "db_password" {\n  value = random_password.db.result\n}\n',
    good='output "db_password" {\n  value     = random_password.db.result\n  sensitive = true\n}\n',
    references=(
        TF_OUTPUTS,
        TF_SENSITIVE_STATE,
        "https://registry.terraform.io/providers/hashicorp/random/latest/docs/resources/password",
    ),
    impact=Impact(security="None once fixed: Terraform blocks the plan rather than print the secret"),
    training_value="Teaches the model Terraform's sensitivity rules for outputs, which break plans when ignored.",
    fix_safety="safe",
)

OUTPUT_SECRET = RuleMeta(
    id="SEC085",
    name="output-exposes-secret",
    severity="high",
    category="security",
    summary="Root output exposes a secret that Terraform does not know is sensitive",
    rationale="When a secret reaches an output through a variable that is not marked sensitive, a local, a "
    "literal or an attribute the provider does not mark (aws_iam_user_login_profile.password, "
    "random_string.result), Terraform prints it after every apply and in `terraform output`, so it lands in "
    "CI logs and terminals.",
    fix="Mark the output sensitive = true (and the variable it comes from), or stop outputting the secret.",
    bad='variable "db_password" {\n  type = string\n}\n\noutput "db_password" {\n  value = var.db_password\n}\n',
    good='variable "db_password" {\n  type      = string\n  sensitive = true\n}\n\noutput "db_password" {\n'
    "  value     = var.db_password\n  sensitive = true\n}\n",
    references=(TF_OUTPUTS, TF_VARIABLES, TF_SENSITIVE_STATE),
    impact=Impact(security="The secret is printed in plain text after every apply"),
    training_value="Teaches the model to keep secrets out of plain outputs.",
    fix_safety="safe",
)

#: Attributes the providers mark sensitive (Terraform errors if a root output returns them unmarked), for
#: providers whose shipped schema cannot tell (or that have none); a schema that can tell decides instead.
PROVIDER_SENSITIVE = {
    "aws_db_instance": {"password"},
    "aws_rds_cluster": {"master_password"},
    "aws_docdb_cluster": {"master_password"},
    "aws_redshift_cluster": {"master_password"},
    "aws_redshiftserverless_namespace": {"admin_user_password"},
    "aws_elasticache_replication_group": {"auth_token"},
    "aws_elasticache_user": {"passwords"},
    "aws_mq_broker": {"user"},
    "aws_opensearch_domain": {"advanced_security_options"},
    "aws_elasticsearch_domain": {"advanced_security_options"},
    "aws_dms_endpoint": {"password"},
    "aws_directory_service_directory": {"password"},
    "aws_iam_access_key": {"secret", "ses_smtp_password_v4"},
    "aws_iam_service_specific_credential": {"service_password"},
    "aws_secretsmanager_secret_version": {"secret_string", "secret_binary"},
    "aws_ssm_parameter": {"value"},
    "aws_api_gateway_api_key": {"value"},
    "aws_appsync_api_key": {"key"},
    "aws_cognito_user_pool_client": {"client_secret"},
    "random_password": {"result", "bcrypt_hash"},
    "tls_private_key": {"private_key_pem", "private_key_openssh", "private_key_pem_pkcs8"},
}
PROVIDER_SENSITIVE_DATA = {
    "aws_secretsmanager_secret_version": {"secret_string", "secret_binary"},
    "aws_ssm_parameter": {"value"},
    "aws_ecr_authorization_token": {"authorization_token", "password"},
    "aws_eks_cluster_auth": {"token"},
    "aws_kms_secrets": {"plaintext"},
    "aws_cognito_user_pool_client": {"client_secret"},
}
#: Secret attributes the providers do not mark sensitive.
UNMARKED_SECRETS = {"aws_iam_user_login_profile": {"password"}}
_RANDOM_STRINGS = {"random_string", "random_id"}


@dataclass
class Exposure:
    sensitive: list[str]  # sources Terraform marks sensitive
    unmarked: list[str]  # secrets Terraform does not know about


def _exposure(module: Module, expr: N.Node, output_name: str, schemas: SchemaSet | None,
              seen: set[tuple[int, str]] | None = None) -> Exposure:
    seen = set() if seen is None else seen
    found = Exposure([], [])
    for chain in references(expr):
        _classify(module, chain, output_name, found, seen, schemas)
    return found


def _marked(schemas: SchemaSet | None, module: Module, address: str, path: list[str], listed: set[str] | None) -> bool:
    """Whether the provider marks the attribute sensitive: its schema says, else the list above."""
    res = module.resources.get(address)
    verdict = schemas.sensitive(module, res, path) if schemas is not None and res is not None else None
    if verdict is not None:
        return verdict
    return listed is not None and (not path or path[0] in listed)


def _classify(module: Module, chain: list[str], output_name: str, found: Exposure, seen: set[tuple[int, str]],
              schemas: SchemaSet | None) -> None:
    root = chain[0]
    shown = ".".join(chain[:3])
    if root == "var" and len(chain) > 1 and chain[1] in module.variables:
        var = module.variables[chain[1]]
        if var.sensitive:
            found.sensitive.append(f"var.{chain[1]}")
        elif secret_name(chain[1]):
            found.unmarked.append(f"var.{chain[1]}")
    elif root == "local" and len(chain) > 1 and chain[1] in module.locals:
        key = (id(module), f"local.{chain[1]}")
        if key not in seen:
            seen.add(key)
            inner = _exposure(module, module.locals[chain[1]].expr, output_name, schemas, seen)
            found.sensitive += inner.sensitive
            if pointer_name(chain[1]):
                return  # `local.api_key_name` names a secret, whatever it is built from
            found.unmarked += inner.unmarked
            if not inner.sensitive and not inner.unmarked and secret_name(chain[1]):
                found.unmarked.append(f"local.{chain[1]}")
    elif root == "module" and len(chain) > 2 and chain[1] in module.module_calls:
        child = module.module_calls[chain[1]].child
        out = child.outputs.get(chain[2]) if child is not None else None
        if out is not None:
            key = (id(child), f"output.{chain[2]}")
            if out.sensitive:
                found.sensitive.append(shown)
            elif out.value is not None and key not in seen:
                seen.add(key)
                inner = _exposure(child, out.value, output_name, schemas, seen)  # type: ignore[arg-type]
                found.sensitive += [shown] if inner.sensitive else []
                found.unmarked += [shown] if inner.unmarked and not inner.sensitive else []
    elif root == "data" and len(chain) > 2:
        address = f"data.{chain[1]}.{chain[2]}"
        if address in module.resources and _marked(schemas, module, address, chain[3:4],
                                                   PROVIDER_SENSITIVE_DATA.get(chain[1])):
            found.sensitive.append(".".join(chain[:4]))
    elif len(chain) > 1 and f"{root}.{chain[1]}" in module.resources:
        attr = chain[2] if len(chain) > 2 else None
        if _marked(schemas, module, f"{root}.{chain[1]}", chain[2:3], PROVIDER_SENSITIVE.get(root)):
            found.sensitive.append(shown)
        elif attr is not None and attr in UNMARKED_SECRETS.get(root, set()):
            found.unmarked.append(shown)
        elif root in _RANDOM_STRINGS and attr in ("result", "b64_std", "b64_url", "hex") and (
                secret_name(chain[1]) or secret_name(output_name)):
            found.unmarked.append(shown)


def _root_outputs(ctx: RuleContext) -> Iterator[Output]:
    for output in ctx.config.root.outputs.values():
        if not output.sensitive and output.value is not None:
            yield output


def _sensitive_sources(ctx: RuleContext, output: Output) -> list[str]:
    assert output.value is not None
    sources = _exposure(ctx.config.root, output.value, output.name, ctx.config.schemas).sensitive
    if not sources and SENSITIVE in ctx.config.scope.try_evaluate(output.value).marks_deep():
        sources = ["a sensitive value"]
    return sources


def _output_sensitive(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for output in _root_outputs(ctx):
        sources = _sensitive_sources(ctx, output)
        if sources:
            yield finding(meta, output.block, f'output "{output.name}" returns {_list(sources)} without sensitive = true; '
                          'terraform plan fails with "Output refers to sensitive values"',
                          edits=_set_sensitive_edits(output.block), fix_text="sensitive = true")


def _output_secret(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for output in _root_outputs(ctx):
        assert output.value is not None
        if pointer_name(output.name):
            continue  # `master_password_ssm_key`: the output locates the secret, its value is a name or path
        if _sensitive_sources(ctx, output):
            continue  # SEC084
        exposure = _exposure(ctx.config.root, output.value, output.name, ctx.config.schemas)
        sources = list(dict.fromkeys(exposure.unmarked))
        if not sources and secret_name(output.name) and not _reads_resources(output.value):
            # A value written in the configuration (a literal, a variable's default); what a resource or
            # module returns is judged by its attribute above (`aws_ssm_parameter.pw.name` is a path).
            value = to_py(ctx.config.scope.try_evaluate(output.value), None)
            if real_secret(value):
                sources = [f'"{redact(value)}"']
        if sources:
            yield finding(meta, output.block, f'output "{output.name}" prints the secret {_list(sources)} in plain text',
                          edits=_set_sensitive_edits(output.block), fix_text="sensitive = true")

def _reads_resources(expr: N.Node) -> bool:
    """Whether the expression refers to a resource, data source or module (not only variables and locals)."""
    for node in expr.walk(N.GetAttr):
        root = node.obj
        if isinstance(root, N.Variable) and root.name not in ("var", "local", "path", "terraform", "count", "each"):
            return True
    return False


def _list(items: Iterable[str]) -> str:
    return ", ".join(dict.fromkeys(items))



RULES = [Rule(OUTPUT_SENSITIVE, _output_sensitive), Rule(OUTPUT_SECRET, _output_secret)]
