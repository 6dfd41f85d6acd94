"""Secrets in code: AWS keys, private keys, literal passwords and tokens, unmarked sensitive variables and outputs.

A secret leaks the moment its literal is committed, wherever it sits: in a
resource argument, a variable default, a local, a tfvars file or a heredoc.
Rules therefore judge evaluated values (so `password = var.db_password` with a
literal default is caught) but report the place where the literal is written,
once, however many resources use it. Values known only at apply time
(random_password, Secrets Manager, variables without a value) are never
secrets in code. Messages show at most the first four characters of a secret.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterable, Iterator
from typing import Any

from iacreview.hcl import Source
from iacreview.hcl import nodes as N
from iacreview.hcl.source import SourceError
from iacreview.model.inputs import RawInput
from iacreview.model.scope import ModuleScope
from iacreview.rules.base import Finding, Impact, Rule, RuleMeta, finding
from iacreview.rules.context import BlockView, ResourceView, RuleContext, to_py

TF_SENSITIVE_STATE = "https://developer.hashicorp.com/terraform/language/state/sensitive-data"
TF_OUTPUTS = "https://developer.hashicorp.com/terraform/language/values/outputs#sensitive-suppressing-values-in-cli-output"
TF_VARIABLES = "https://developer.hashicorp.com/terraform/language/values/variables#suppressing-values-in-cli-output"
TF_AWS_AUTH = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs#authentication-and-configuration"
SECRETS_MANAGER = "https://docs.aws.amazon.com/secretsmanager/latest/userguide/intro.html"


from iacreview.rules.catalog.secret_values import (
    _CONSTANT,
    Origins,
    Site,
    _name_tokens,
    _scopes,
    _set_sensitive_edits,
    is_placeholder,
    real_secret,
    redact,
    references,
    secret_name,
)

# ---------------------------------------------------------------- SEC080: AWS credentials


AWS_CREDENTIALS = RuleMeta(
    id="SEC080",
    name="aws-credentials-in-code",
    severity="critical",
    category="security",
    summary="AWS access key or secret access key written in the code",
    rationale="An access key id (AKIA…/ASIA…) with its secret, written in a .tf or .tfvars file, a variable "
    "default, a local or a provider block, is readable by everyone with access to the repository, its history, "
    "CI logs and the plan. Automated scanners harvest such keys from public repositories within minutes.",
    fix="Delete the key from the code and rotate it in IAM now (it must be treated as compromised). Let the "
    "provider find credentials itself: environment variables, a shared profile, SSO, or an assumed role.",
    bad='provider "aws" {\n  region     = "us-east-1"\n  access_key = "AKIA…"\n  secret_key = "…"\n}\n',
    good='provider "aws" {\n  region = "us-east-1"\n  # credentials from AWS_PROFILE, environment variables or an instance role\n}\n',
    references=(
        TF_AWS_AUTH,
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html",
    ),
    impact=Impact(cost="Stolen keys are commonly used to run crypto-mining at the account owner's expense",
                  security="Whoever reads the code can act as the key's IAM user"),
    training_value="Teaches the model never to put AWS credentials in Terraform code.",
)

_ACCESS_KEY_ID = re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])")
_SECRET_ACCESS_KEY = re.compile(
    # Anchored on "secret" (an "aws_" before it changes nothing found), which keeps the scan fast.
    r"(?i)secret_?(?:access)?_?key[\"']?\s*[:=]+\s*[\"']?(?-i:([A-Za-z0-9/+]{40}))(?![A-Za-z0-9/+=])"
)
_CREDENTIAL_ARGS = ("access_key", "secret_key", "token")
#: Files next to the configuration that are read as text for committed keys.
SCANNED_SUFFIXES = (
    ".tf", ".tf.json", ".tfvars", ".tfvars.json", ".tpl", ".tftpl", ".sh", ".ps1", ".yaml", ".yml", ".json",
    ".env", ".pem", ".key", ".cfg", ".conf", ".ini",
)
_MAX_SCAN_CHARS = 2_000_000


def scanned_texts(ctx: RuleContext) -> list[tuple[str, str]]:
    """(path, text) of every file of the configuration's module directories worth scanning for keys."""
    return ctx.memo("secrets.scanned_texts", lambda: list(_read_scanned(ctx)))


def _read_scanned(ctx: RuleContext) -> Iterator[tuple[str, str]]:
    seen: set[str] = set()
    for module in ctx.modules():
        for name in ctx.config.tree.list_dir(module.path):
            path = posixpath.join(module.path, name) if module.path else name
            if path in seen or not name.lower().endswith(SCANNED_SUFFIXES):
                continue
            seen.add(path)
            try:
                text = ctx.config.tree.read(path)
            except SourceError:
                continue
            if len(text) <= _MAX_SCAN_CHARS:
                yield path, text


def _text_site(path: str, text: str, start: int, end: int, value: str, context: str) -> Site:
    source = Source(text, path)
    line, col = source.position(start)
    end_line, end_col = source.position(end)
    return Site(path, line, col, end_line, end_col, value, context)


def _localstack(provider: N.Block, scope: ModuleScope) -> bool:
    """Provider blocks aimed at a local emulator use dummy credentials on purpose."""
    skip = provider.body.get_attribute("skip_credentials_validation")
    if skip is not None and to_py(scope.try_evaluate(skip.expr), None) is True:
        return True
    return any("localhost" in b.text() or "127.0.0.1" in b.text() for b in provider.body.blocks("endpoints"))


def aws_credential_sites(ctx: RuleContext) -> list[Site]:
    """Every committed AWS key, once per place it is written (SEC080 reports them, SEC082 leaves them out)."""
    return ctx.memo("secrets.aws_credential_sites", lambda: _find_aws_credentials(ctx))


def _find_aws_credentials(ctx: RuleContext) -> list[Site]:
    sites: dict[tuple[str, int], Site] = {}
    for scope in _scopes(ctx):
        for provider in scope.module.providers:
            if provider.name != "aws" or _localstack(provider.block, scope):
                continue
            for arg in _CREDENTIAL_ARGS:
                attr = provider.block.body.get_attribute(arg)
                if attr is None:
                    continue
                value = to_py(scope.try_evaluate(attr.expr), None)
                if not real_secret(value):
                    continue
                node = Origins(scope).literal(attr.expr) or attr
                site = Site.at(node, value, f'provider "aws" {arg}')
                sites.setdefault((site.file, site.line), site)
    for path, text in scanned_texts(ctx):
        # Literal pre-checks: the patterns below are costly to try at every offset of every file.
        if "AKIA" in text or "ASIA" in text:
            for match in _ACCESS_KEY_ID.finditer(text):
                if "EXAMPLE" not in match.group(0):
                    site = _text_site(path, text, match.start(), match.end(), match.group(0), "access key id")
                    sites.setdefault((site.file, site.line), site)
        if "secret" not in text.casefold():  # casefold: (?i) also matches e.g. "ſ" for "s"
            continue
        for match in _SECRET_ACCESS_KEY.finditer(text):
            value = match.group(1)
            if "EXAMPLE" not in value and not is_placeholder(value):
                site = _text_site(path, text, match.start(1), match.end(1), value, "secret access key")
                sites.setdefault((site.file, site.line), site)
    return sorted(sites.values(), key=lambda s: s.key)


def _aws_credentials(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for site in aws_credential_sites(ctx):
        yield _site_finding(meta, site, f'{site.context} is written in the code ("{redact(site.value)}"); '
                            "remove it and rotate the key")


def _site_finding(meta: RuleMeta, site: Site, message: str, secret: bool = True) -> Finding:
    return Finding(meta.id, meta.severity, meta.category, meta.summary, message, site.file, site.line, site.col,
                   site.end_line, site.end_col, secret=site.value if secret else None)


# ---------------------------------------------------------------- SEC081: private keys


PRIVATE_KEY = RuleMeta(
    id="SEC081",
    name="private-key-in-code",
    severity="critical",
    category="security",
    summary="Private key (-----BEGIN … PRIVATE KEY-----) written in the code",
    rationale="A PEM or OpenSSH private key in a string, heredoc or file of the configuration is disclosed to "
    "everyone who can read the repository, and ends up in the state and plan. Whatever the key protects (TLS, "
    "SSH access, signing) must then be treated as compromised.",
    fix="Remove the key and replace it: generate keys outside the code and pass them in at apply time from "
    "Secrets Manager or SSM Parameter Store (SecureString), or let tls_private_key create one whose value "
    "only lives in the (protected) state.",
    bad='resource "aws_iam_server_certificate" "web" {\n  name             = "web"\n  certificate_body = file("web.crt")\n'
    '  private_key      = <<-EOT\n    -----BEGIN RSA PRIVATE KEY-----\n    MIIEow…\n    -----END RSA PRIVATE KEY-----\n  EOT\n}\n',
    good='resource "aws_acm_certificate" "web" {\n  domain_name       = "example.com"\n  validation_method = "DNS"\n}\n',
    references=(
        TF_SENSITIVE_STATE,
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/intro.html",
        "https://registry.terraform.io/providers/hashicorp/tls/latest/docs/resources/private_key",
    ),
    impact=Impact(security="Anyone with the code can impersonate the key's owner or decrypt its traffic"),
    training_value="Teaches the model to keep key material out of infrastructure code.",
)

_PEM_BLOCK = re.compile(
    r"-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----(.*?)(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|\Z)",
    re.DOTALL,
)
_MIN_KEY_BODY = 100  # base64 characters; a real key has hundreds, placeholders a few


def private_key_sites(ctx: RuleContext) -> list[Site]:
    """Every PEM or OpenSSH private key written in a file (SEC081 reports them, SEC082 leaves them out)."""
    return ctx.memo("secrets.private_key_sites", lambda: _find_private_keys(ctx))


def _find_private_keys(ctx: RuleContext) -> list[Site]:
    sites = []
    for path, text in scanned_texts(ctx):
        if "-----BEGIN " not in text:
            continue
        for match in _PEM_BLOCK.finditer(text):
            body = match.group(2).replace("\\n", "").replace("\\r", "")
            if len(re.findall(r"[A-Za-z0-9+/=]", body)) < _MIN_KEY_BODY or "EXAMPLE" in body.upper():
                continue
            sites.append(_text_site(path, text, match.start(), match.start() + 10 + len(match.group(1)) + 6,
                                    match.group(1), "private key"))
    return sites


def _private_keys(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for site in private_key_sites(ctx):
        yield _site_finding(meta, site, f"a private key ({site.value}) is written in the code; remove it and replace the key",
                            secret=False)  # the value names the kind of key, the snippet shows only its header


# ---------------------------------------------------------------- SEC082: literal passwords and tokens


HARDCODED_SECRET = RuleMeta(
    id="SEC082",
    name="hardcoded-secret",
    severity="critical",
    category="security",
    summary="Password, token or API key written as a literal in the code",
    rationale="A literal password, token or API key in an argument (password, master_password, auth_token, "
    "secret_string, api_key, …), in a variable default, a local or a committed .tfvars file is visible to "
    "everyone who can read the repository and its history, and cannot be rotated without a code change. It "
    "leaks the credential just as surely as a public bucket leaks data, so it is reported as critical.",
    fix="Let AWS or Terraform generate the value: manage_master_user_password = true for RDS/Aurora/Redshift, "
    "random_password stored in aws_secretsmanager_secret_version, or a data source reading an existing "
    "secret. Where a value must come from outside, declare a variable without a default, mark it sensitive "
    "and pass it at apply time (TF_VAR_… or an uncommitted tfvars file).",
    bad='resource "aws_db_instance" "db" {\n  engine         = "postgres"\n  instance_class = "db.t3.micro"\n'
    '  username       = "app"\n  password       = "Sup3rS3cret!"\n}\n',
    good='resource "aws_db_instance" "db" {\n  engine                      = "postgres"\n  instance_class              = "db.t3.micro"\n'
    '  username                    = "app"\n  manage_master_user_password = true\n}\n',
    references=(
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html",
        SECRETS_MANAGER,
        TF_SENSITIVE_STATE,
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#password",
        "https://registry.terraform.io/providers/hashicorp/random/latest/docs/resources/password",
    ),
    impact=Impact(security="The credential is disclosed to everyone with access to the code"),
    training_value="Teaches the model to generate or inject secrets instead of writing them down.",
)

#: Arguments holding a secret although their name does not say so.
_SECRET_BY_TYPE = {"aws_ssm_parameter": ("value", "insecure_value")}


class SecretScan:
    """Collects literal secrets of a configuration, one Site per place they are written."""

    def __init__(self, ctx: RuleContext) -> None:
        self.ctx = ctx
        self.sites: dict[tuple[str, int, int], Site] = {}
        self._candidate_cache: dict[int, list[tuple[str, N.Node]]] = {}
        self.untraced: set[tuple[str, int, int]] = set()
        excluded = aws_credential_sites(ctx) + private_key_sites(ctx)
        self.excluded_lines = {(s.file, s.line) for s in excluded}

    def run(self) -> list[Site]:
        for view in self.ctx.resources + self.ctx.data_sources:
            self._instance(view)
        for scope in _scopes(self.ctx):
            self._module_level(scope)
        # A value that reached a resource in a way we could not trace (a module input, a function) and that
        # is also found where it is written is reported there only.
        written = {s.value for s in self.sites.values() if s.key not in self.untraced}
        kept = [s for s in self.sites.values() if s.key not in self.untraced or s.value not in written]
        return sorted(kept, key=lambda s: s.key)

    # -- recording

    def _add(self, node: N.Node, value: Any, context: str, traced: bool = True) -> None:
        if not real_secret(value) or "PRIVATE KEY-----" in value or _ACCESS_KEY_ID.search(value):
            return
        site = Site.at(node, value, context)
        if (site.file, site.line) in self.excluded_lines:
            return
        if site.key not in self.sites:
            self.sites[site.key] = site
            if not traced:
                self.untraced.add(site.key)
        elif traced:
            self.untraced.discard(site.key)

    def _add_value(self, origins: Origins, expr: N.Node, value: Any, context: str) -> None:
        """Record a secret value (or each string of a list) at its literal, or at `expr` if computed."""
        values = value if isinstance(value, list) else [value]
        for v in values:
            if not real_secret(v):
                continue
            literal = origins.literal(expr)
            if literal is not None and _json_container(v) is None:
                self._add(literal, v, context)
            elif _json_container(v) is not None:
                self._json(expr, origins, v, context)
            else:
                self._add(expr, v, context, traced=False)

    # -- resources and data sources

    def _instance(self, view: ResourceView) -> None:
        resource = view.instance.resource
        for_each = resource.for_each.expr if resource.for_each is not None else None
        origins = Origins(view.instance.scope, for_each, view.instance.key)
        by_type = _SECRET_BY_TYPE.get(view.type, ())
        if view.type == "aws_ssm_parameter" and view.py("type") != "SecureString":
            by_type = ()
        if view.type == "aws_secretsmanager_secret_version" and _holds_non_secret(view):
            return
        self._body(view, origins, view.address, by_type)

    def _body(self, view: ResourceView | BlockView, origins: Origins, where: str, extra: tuple[str, ...] = ()) -> None:
        block_types: list[str] = []
        for item in view.block.body.items:
            if isinstance(item, N.Attribute):
                if secret_name(item.name) or item.name in extra:
                    self._add_value(origins, item.expr, view.py(item.name), f"{where}: {item.name}")
                elif item.expr.__class__ is not N.Literal:  # a number or bool is no JSON document
                    literal = origins.literal(item.expr)
                    text = literal.literal_value() if isinstance(literal, N.Template) else None
                    if text is not None and _json_container(text) is not None:
                        self._json(item.expr, origins, text, where)
                if _may_hold_objects(item.expr):
                    self._objects(item.expr, lambda e: to_py(_evaluate_in(view, e), None), origins, where)
            elif isinstance(item, N.Block):
                name = item.labels[0] if item.type == "dynamic" and item.labels else item.type
                if name not in block_types:
                    block_types.append(name)
        for name in block_types:
            for nested in view.blocks(name):
                self._body(nested, origins, f"{where}.{name}")

    # -- object keys inside any expression

    def _objects(self, expr: N.Node, evaluate, origins: Origins, where: str) -> None:
        for kind, node in self._candidates(expr):
            if kind == "pair":
                assert isinstance(node, N.Object)
                name_value = _name_value_pair(node, evaluate)
                if name_value is not None:
                    name, value_expr = name_value
                    self._add_value(origins, value_expr, evaluate(value_expr), f"{where}: {name}")
            else:
                assert isinstance(node, N.ObjectItem)
                self._add_value(origins, node.value, evaluate(node.value), f"{where}: {node.key_name}")

    def _candidates(self, expr: N.Node) -> list[tuple[str, N.Node]]:
        """Object items with secret keys and `{name, value}` objects under `expr`, found once per node."""
        found = self._candidate_cache.get(id(expr))
        if found is None:
            found = []
            for node in expr.walk(N.Object):
                if node.get("name") is not None and node.get("value") is not None:
                    found.append(("pair", node))
                for item in node.items:
                    key = item.key_name
                    if key is not None and secret_name(key):
                        found.append(("item", item))
            self._candidate_cache[id(expr)] = found
        return found

    def _json(self, expr: N.Node, origins: Origins, text: str, context: str) -> None:
        """Secrets inside a JSON string written literally (a heredoc policy or container definition)."""
        literal = origins.literal(expr)
        if literal is None:
            return
        for key, value in _json_secrets(json.loads(text)):
            offset = literal.text().find(value)
            if offset < 0:
                continue
            source = literal.source
            start = literal.span[0] + offset
            end = start + len(value)
            if source.text[start - 1:start] == '"':  # point at the JSON string, quotes included
                start, end = start - 1, end + 1
            line, col = source.position(start)
            end_line, end_col = source.position(end)
            site = Site(literal.filename, line, col, end_line, end_col, value, f"{context}: {key}")
            if (site.file, site.line) not in self.excluded_lines:
                self.sites.setdefault(site.key, site)

    # -- module calls, providers, variables, locals

    def _module_level(self, scope: ModuleScope) -> None:
        module = scope.module
        origins = Origins(scope)

        def evaluate(e: N.Node) -> Any:
            return to_py(scope.try_evaluate(e), None)

        for call in module.module_calls.values():
            for attr in call.block.body.attributes:
                if secret_name(attr.name):
                    self._add_value(origins, attr.expr, evaluate(attr.expr), f"module.{call.name}: {attr.name}")
                self._objects(attr.expr, evaluate, origins, f"module.{call.name}")
        for provider in module.providers:
            for attr in provider.block.body.attributes:
                if provider.name == "aws" and attr.name in _CREDENTIAL_ARGS:
                    continue  # SEC080
                if secret_name(attr.name):
                    self._add_value(origins, attr.expr, evaluate(attr.expr), f'provider "{provider.name}": {attr.name}')
        for name, var in module.variables.items():
            raw = scope.inputs.get(name)
            for expr in (var.default, raw.expr if isinstance(raw, RawInput) else None):
                if expr is None:
                    continue
                if secret_name(name):
                    value = to_py(_CONSTANT.try_evaluate(expr), None)
                    self._add_value(Origins(scope), expr, value, f"variable {name}")
                self._objects(expr, lambda e: to_py(_CONSTANT.try_evaluate(e), None), origins, f"variable {name}")
        for name, local in module.locals.items():
            if secret_name(name):
                self._add_value(origins, local.expr, evaluate(local.expr), f"local.{name}")
            self._objects(local.expr, evaluate, origins, f"local.{name}")


_NON_SECRET_SECRET_NAMES = {"username", "user", "login", "host", "hostname", "endpoint", "url", "name", "config",
                            "configuration", "settings", "id", "arn"}


def _holds_non_secret(version: ResourceView) -> bool:
    """A Secrets Manager version whose secret is named for a non-secret value (a username, an endpoint)."""
    attr = version.attr("secret_id")
    if attr is None:
        return False
    for chain in references(attr.expr):
        if len(chain) >= 2 and chain[0] == "aws_secretsmanager_secret":
            tokens = _name_tokens(chain[1])
            if tokens and tokens[-1] in _NON_SECRET_SECRET_NAMES:
                return True
    return False


def _evaluate_in(view: ResourceView | BlockView, expr: N.Node) -> Any:
    if isinstance(view, BlockView):
        return view.instance.instance.scope.try_evaluate(expr, view.bindings)
    return view.instance.evaluate(expr)


def _name_value_pair(node: N.Object, evaluate) -> tuple[str, N.Node] | None:
    """`{ name = "DB_PASSWORD", value = "…" }` (ECS environment entries and the like)."""
    name_expr = node.get("name")
    value_expr = node.get("value")
    if name_expr is None or value_expr is None:
        return None
    name = evaluate(name_expr)
    if isinstance(name, str) and secret_name(name):
        return name, value_expr
    return None


def _may_hold_objects(expr: N.Node) -> bool:
    """False for the expressions that cannot contain an object constructor: a literal, a plain reference
    or a string without interpolation (most arguments), which spares them the walk."""
    cls = expr.__class__
    if cls is N.Template:
        return not expr.is_literal  # type: ignore[attr-defined]
    return cls is not N.Literal and not N.is_attribute_path(expr)


def _json_container(value: Any) -> Any:
    if not isinstance(value, str) or not value.lstrip().startswith(("{", "[")):
        return None
    try:
        decoded = json.loads(value)
    except ValueError:
        return None
    return decoded if isinstance(decoded, (dict, list)) else None


def _json_secrets(doc: Any) -> Iterator[tuple[str, str]]:
    if isinstance(doc, dict):
        name = doc.get("name")
        if isinstance(name, str) and secret_name(name) and real_secret(doc.get("value")):
            yield name, doc["value"]
        for key, value in doc.items():
            if secret_name(str(key)) and real_secret(value):
                yield str(key), value
            else:
                yield from _json_secrets(value)
    elif isinstance(doc, list):
        for item in doc:
            yield from _json_secrets(item)


def _hardcoded(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for site in SecretScan(ctx).run():
        yield _site_finding(meta, site, f'{site.context} is a literal secret ("{redact(site.value)}") written in the code')


# ---------------------------------------------------------------- SEC083: secret variables not sensitive


SECRET_VARIABLE = RuleMeta(
    id="SEC083",
    name="secret-variable-not-sensitive",
    severity="medium",
    category="security",
    summary="Variable holding a secret is not marked sensitive = true",
    rationale="Terraform prints variable values in plan output, logs and error messages unless the variable is "
    "declared sensitive. A password, token or key variable without sensitive = true leaks into CI logs, and "
    "outputs built from it are not protected either.",
    fix="Add sensitive = true to the variable (and to outputs that return it). Note that a sensitive value "
    "cannot be used directly in for_each, and outputs that use it must be marked sensitive too.",
    bad='variable "db_password" {\n  type = string\n}\n',
    good='variable "db_password" {\n  type      = string\n  sensitive = true\n}\n',
    references=(TF_VARIABLES, TF_SENSITIVE_STATE),
    impact=Impact(security="The secret appears in plan output and CI logs"),
    training_value="Teaches the model to mark every secret input as sensitive.",
    fix_safety="unsafe",
)

_NON_SECRET_TYPES = ("bool", "number", "list(number)", "set(number)")


def _secret_variables(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for module in ctx.modules():
        for name, var in module.variables.items():
            if var.sensitive or not secret_name(name):
                continue
            type_text = var.type_expr.text().replace(" ", "") if var.type_expr is not None else ""
            if type_text in _NON_SECRET_TYPES:
                continue
            if var.default is not None:
                default = to_py(_CONSTANT.try_evaluate(var.default), None)
                if isinstance(default, (bool, int, float)):
                    continue
            yield finding(meta, var.block, f"variable {name} looks like a secret but is not marked sensitive = true",
                          edits=_set_sensitive_edits(var.block), fix_text="sensitive = true")

def _list(items: Iterable[str]) -> str:
    return ", ".join(dict.fromkeys(items))



RULES = [
    Rule(AWS_CREDENTIALS, _aws_credentials),
    Rule(PRIVATE_KEY, _private_keys),
    Rule(HARDCODED_SECRET, _hardcoded),
    Rule(SECRET_VARIABLE, _secret_variables),
]
