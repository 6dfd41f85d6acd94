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
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from iacreview.eval.evaluator import Evaluator, MappingScope
from iacreview.eval.values import SENSITIVE
from iacreview.hcl import Source
from iacreview.hcl import nodes as N
from iacreview.hcl.source import SourceError
from iacreview.model.inputs import RawInput
from iacreview.model.module import Module, Output
from iacreview.model.scope import ModuleScope
from iacreview.rules.base import Edit, Finding, Impact, Rule, RuleMeta, finding
from iacreview.rules.context import BlockView, ResourceView, RuleContext, to_py

TF_SENSITIVE_STATE = "https://developer.hashicorp.com/terraform/language/state/sensitive-data"
TF_OUTPUTS = "https://developer.hashicorp.com/terraform/language/values/outputs#sensitive-suppressing-values-in-cli-output"
TF_VARIABLES = "https://developer.hashicorp.com/terraform/language/values/variables#suppressing-values-in-cli-output"
TF_AWS_AUTH = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs#authentication-and-configuration"
SECRETS_MANAGER = "https://docs.aws.amazon.com/secretsmanager/latest/userguide/intro.html"


# ---------------------------------------------------------------- what counts as a secret


_TRAILING_NOISE = {"wo", "value", "string", "plaintext", "text"}
_SECRET_ENDINGS = ("password", "passwd", "passwords", "passphrase", "secret", "secrets", "token", "apikey")
_SECRET_KEY_QUALIFIERS = {"api", "access", "secret", "private", "signing", "auth", "master"}
#: Words before "token" that make it an idempotency or paging token, not a credential.
_NOT_CREDENTIAL_TOKENS = {"creation", "idempotency", "client", "request", "caller", "continuation", "next", "page"}
_NOT_SECRET_PREFIXES = {
    "manage", "enable", "enabled", "create", "use", "generate", "rotate", "min", "max", "require", "is", "has",
    "allow", "encrypted", "hashed", "public", "kms",
}


def _name_tokens(name: str) -> list[str]:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return [t for t in re.split(r"[^A-Za-z0-9]+", spaced.lower()) if t]


@lru_cache(maxsize=4096)
def secret_name(name: str) -> bool:
    """Whether an argument, key, variable or output name says it holds a secret.

    The secret word must come last (`db_password`, `auth_token`, `api_key`,
    `secret_string`), so `password_policy`, `secret_arn`, `kms_key_id`,
    `token_validity` and `manage_master_user_password` are not secrets.
    """
    tokens = _name_tokens(name)
    while len(tokens) > 1 and tokens[-1] in _TRAILING_NOISE:
        tokens.pop()
    if not tokens or tokens[0] in _NOT_SECRET_PREFIXES:
        return False
    last = tokens[-1]
    if last == "token" and len(tokens) > 1 and tokens[-2] in _NOT_CREDENTIAL_TOKENS:
        return False
    if last.endswith(_SECRET_ENDINGS):
        return True
    return last == "key" and len(tokens) > 1 and tokens[-2] in _SECRET_KEY_QUALIFIERS


_PLACEHOLDER_WORDS = {
    "test", "testing", "mock", "fake", "dummy", "foo", "bar", "foobar", "localstack", "none", "null", "nil",
    "n/a", "na", "tbd", "todo", "unset", "default", "changeit", "secret-name", "-",
}
_PLACEHOLDER_MARKERS = (
    "change_me", "changeme", "change-me", "change me", "change_this", "changethis", "change-this", "replace",
    "your_", "your-", "yourpassword", "yoursecret", "placeholder", "example", "dummy", "sample", "insert_",
    "redacted", "notreal", "not_real", "not-real", "fixme", "todo", "update_me", "updateme", "to_be_", "to-be-",
    "set_me", "setme", "set-me", "override", "xxxx", "****", "...",
)
_REFERENCE_PREFIXES = ("arn:", "{{resolve:", "/aws/reference/", "alias/", "ssm:", "secretsmanager:")


def is_placeholder(value: str) -> bool:
    """Values a reviewer reads as "fill this in", not as a real credential."""
    low = value.strip().lower()
    if len(low) < 4 or low in _PLACEHOLDER_WORDS:
        return True
    if "${" in value or "{{" in value or "%{" in value or re.search(r"<[^<>]+>", value):
        return True
    if low.startswith(_REFERENCE_PREFIXES):
        return True
    if len(set(low)) == 1:
        return True
    return any(marker in low for marker in _PLACEHOLDER_MARKERS)


def real_secret(value: Any) -> bool:
    """A known, non-empty, non-placeholder string."""
    return isinstance(value, str) and value.strip() != "" and not is_placeholder(value)


def redact(value: str) -> str:
    """At most the first four characters, then an ellipsis."""
    return value[:4] + "…" if len(value) > 4 else value[:1] + "…"


# ---------------------------------------------------------------- where a value was written


@dataclass
class Site:
    """A secret literal: where it is written and what uses it."""

    file: str
    line: int
    col: int
    end_line: int | None
    end_col: int | None
    value: str
    context: str  # "aws_db_instance.main: password"

    @classmethod
    def at(cls, node: N.Node, value: str, context: str) -> Site:
        return cls(node.filename, node.line, node.col, node.end_line, node.end_col, value, context)

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.file, self.line, self.col)


_PASS_THROUGH = {"tomap", "toset", "tolist", "tostring", "sensitive", "nonsensitive", "trimspace"}
_CONSTANT = Evaluator(MappingScope({}))


class Origins:
    """Finds the expression that defines a value, following var (tfvars, default), local and each.value."""

    def __init__(self, scope: ModuleScope, resource_for_each: N.Node | None = None, key: Any = None) -> None:
        self.scope = scope
        self.for_each = resource_for_each
        self.key = key

    def literal(self, expr: N.Node) -> N.Node | None:
        """The string literal `expr` evaluates from, or None when the value is computed."""
        node = self.resolve(expr, 0)
        if isinstance(node, N.Template) and node.literal_value() is not None:
            return node
        if isinstance(node, N.Literal) and isinstance(node.value, str):
            return node
        return None

    def resolve(self, expr: N.Node | None, depth: int) -> N.Node | None:
        while expr is not None and depth < 12:
            depth += 1
            if isinstance(expr, N.Parens):
                expr = expr.expr
                continue
            if isinstance(expr, N.Template) and expr.is_wrapped_interpolation:
                expr = expr.parts[0].expr  # type: ignore[attr-defined]
                continue
            if isinstance(expr, (N.Template, N.Literal, N.Object, N.Tuple)):
                return expr
            if isinstance(expr, N.FunctionCall) and expr.name in _PASS_THROUGH and len(expr.args) == 1:
                expr = expr.args[0]
                continue
            parts = N.traversal_parts(expr)
            if not parts or len(parts) < 2:
                return None
            base = self._definition(parts[0], parts[1])
            if base is None:
                return None
            expr = self._descend(base, parts[2:], depth)
        return None

    def _definition(self, root: str, name: str) -> N.Node | None:
        module = self.scope.module
        if root == "var" and name in module.variables:
            raw = self.scope.inputs.get(name)
            if isinstance(raw, RawInput):
                return raw.expr
            if raw is not None:
                return None  # a child module's input: written in the caller
            return module.variables[name].default
        if root == "local" and name in module.locals:
            return module.locals[name].expr
        if root == "each" and name == "value" and self.for_each is not None and self.key is not None:
            collection = self.resolve(self.for_each, 0)
            return self._step(collection, str(self.key)) if collection is not None else None
        return None

    def _descend(self, node: N.Node, keys: list[str], depth: int) -> N.Node | None:
        current: N.Node | None = node
        for key in keys:
            current = self.resolve(current, depth)
            if current is None:
                return None
            current = self._step(current, key)
        return current

    @staticmethod
    def _step(node: N.Node, key: str) -> N.Node | None:
        while isinstance(node, N.FunctionCall) and node.name in _PASS_THROUGH and len(node.args) == 1:
            node = node.args[0]
        if isinstance(node, N.Object):
            return node.get(key)
        if isinstance(node, N.Tuple):
            if key.isdigit() and int(key) < len(node.items):
                return node.items[int(key)]
            for item in node.items:  # a set of strings: each.value is the element itself
                if isinstance(item, N.Template) and item.literal_value() == key:
                    return item
        return None


def _scopes(ctx: RuleContext) -> list[ModuleScope]:
    """The root scope and every instance scope of local child modules."""
    found: list[ModuleScope] = []
    pending = [ctx.config.scope]
    while pending:
        scope = pending.pop(0)
        found.append(scope)
        for name in scope.module.module_calls:
            pending.extend(child for _, child in scope.child_scopes(name))
    return found


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
    r"(?i)(?:aws)?_?secret_?(?:access)?_?key[\"']?\s*[:=]+\s*[\"']?(?-i:([A-Za-z0-9/+]{40}))(?![A-Za-z0-9/+=])"
)
_CREDENTIAL_ARGS = ("access_key", "secret_key", "token")
#: Files next to the configuration that are read as text for committed keys.
SCANNED_SUFFIXES = (
    ".tf", ".tf.json", ".tfvars", ".tfvars.json", ".tpl", ".tftpl", ".sh", ".ps1", ".yaml", ".yml", ".json",
    ".env", ".pem", ".key", ".cfg", ".conf", ".ini",
)
_MAX_SCAN_CHARS = 2_000_000


def scanned_texts(ctx: RuleContext) -> Iterator[tuple[str, str]]:
    """(path, text) of every file of the configuration's module directories worth scanning for keys."""
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
    """Every committed AWS key, once per place it is written."""
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
        for match in _ACCESS_KEY_ID.finditer(text):
            if "EXAMPLE" not in match.group(0):
                site = _text_site(path, text, match.start(), match.end(), match.group(0), "access key id")
                sites.setdefault((site.file, site.line), site)
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


def _site_finding(meta: RuleMeta, site: Site, message: str) -> Finding:
    return Finding(meta.id, meta.severity, meta.category, meta.summary, message, site.file, site.line, site.col,
                   site.end_line, site.end_col)


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
    sites = []
    for path, text in scanned_texts(ctx):
        for match in _PEM_BLOCK.finditer(text):
            body = match.group(2).replace("\\n", "").replace("\\r", "")
            if len(re.findall(r"[A-Za-z0-9+/=]", body)) < _MIN_KEY_BODY or "EXAMPLE" in body.upper():
                continue
            sites.append(_text_site(path, text, match.start(), match.start() + 10 + len(match.group(1)) + 6,
                                    match.group(1), "private key"))
    return sites


def _private_keys(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for site in private_key_sites(ctx):
        yield _site_finding(meta, site, f"a private key ({site.value}) is written in the code; remove it and replace the key")


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
                else:
                    literal = origins.literal(item.expr)
                    text = literal.literal_value() if isinstance(literal, N.Template) else None
                    if text is not None and _json_container(text) is not None:
                        self._json(item.expr, origins, text, where)
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
            for node in expr.walk():
                if not isinstance(node, N.Object):
                    continue
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


def _set_sensitive_edits(block: N.Block) -> list[Edit]:
    """Turn `sensitive = false` into true, or add `sensitive = true` as the block's last argument.

    The new line joins the run of one-line arguments above it with the `=`
    signs aligned as `terraform fmt` would, so the fix is format-clean.
    """
    attr = block.body.get_attribute("sensitive")
    if attr is not None:
        start, end = attr.expr.span
        return [Edit(block.filename, start, end, "true")]
    if block.close.line == block.open.line:
        return []
    text = block.source.text
    line_start = text.rfind("\n", 0, block.close.start) + 1
    indent = text[line_start:block.close.start]
    if indent.strip():
        return []
    group = _aligned_group(block)
    width = max([len("sensitive")] + [len(a.name) for a in group])
    edits = []
    for a in group:
        gap_start, gap_end = a.name_token.end, a.equals.start
        wanted = " " * (width - len(a.name) + 1)
        if text[gap_start:gap_end] != wanted:
            edits.append(Edit(block.filename, gap_start, gap_end, wanted))
    pad = " " * (width - len("sensitive") + 1)
    edits.append(Edit(block.filename, line_start, line_start, f"{indent}  sensitive{pad}= true\n"))
    return edits


def _aligned_group(block: N.Block) -> list[N.Attribute]:
    """One-line arguments on the lines right above the closing brace (terraform fmt aligns them together)."""
    group: list[N.Attribute] = []
    expected_line = block.close.line - 1
    for item in reversed(block.body.items):
        if not isinstance(item, N.Attribute) or item.line != expected_line or item.end_line != item.line:
            break
        group.append(item)
        expected_line -= 1
    return group


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

#: Attributes the providers mark sensitive (Terraform errors if a root output returns them unmarked).
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


def _chain(node: N.Node) -> list[str] | None:
    """`a.b[0].c` → ["a", "b", "c"]; splats and indexes are skipped."""
    if isinstance(node, N.Variable):
        return [node.name]
    if isinstance(node, N.GetAttr):
        head = _chain(node.obj)
        return head + [node.name] if head is not None else None
    if isinstance(node, N.Index):
        return _chain(node.obj)
    if isinstance(node, N.Splat):
        head = _chain(node.src)
        tail = _anon_chain(node.each)
        return head + tail if head is not None and tail is not None else None
    return None


def _anon_chain(node: N.Node) -> list[str] | None:
    if isinstance(node, N.AnonSymbol):
        return []
    if isinstance(node, N.GetAttr):
        head = _anon_chain(node.obj)
        return head + [node.name] if head is not None else None
    if isinstance(node, N.Index):
        return _anon_chain(node.obj)
    return None


def references(expr: N.Node, aliases: dict[str, list[str]] | None = None) -> Iterator[list[str]]:
    """Every traversal in `expr` outside nonsensitive(), as a chain of names.

    Inside `[for v in aws_x.y : v.attr]` the iteration variable stands for
    the collection, so `v.attr` is reported as `aws_x.y.attr`; the collection
    itself counts only for what the body takes from it.
    """
    aliases = aliases or {}
    if isinstance(expr, (N.Variable, N.GetAttr, N.Index, N.Splat)):
        chain = _chain(expr)
        if chain is not None:
            yield aliases[chain[0]] + chain[1:] if chain[0] in aliases else chain
            return
    if isinstance(expr, N.FunctionCall) and expr.name == "nonsensitive":
        return
    if isinstance(expr, N.ForExpr):
        collection = _chain(expr.collection)
        inner = dict(aliases)
        if collection is not None and len(collection) == 2 and collection[0] not in ("var", "local", "module"):
            inner[expr.value_var] = collection
        else:
            yield from references(expr.collection, aliases)
        for part in (expr.key_expr, expr.value_expr, expr.cond):
            if part is not None:
                yield from references(part, inner)
        return
    for child in expr.children():
        yield from references(child, aliases)


@dataclass
class Exposure:
    sensitive: list[str]  # sources Terraform marks sensitive
    unmarked: list[str]  # secrets Terraform does not know about


def _exposure(module: Module, expr: N.Node, output_name: str, seen: set[tuple[int, str]] | None = None) -> Exposure:
    seen = set() if seen is None else seen
    found = Exposure([], [])
    for chain in references(expr):
        _classify(module, chain, output_name, found, seen)
    return found


def _classify(module: Module, chain: list[str], output_name: str, found: Exposure, seen: set[tuple[int, str]]) -> None:
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
            inner = _exposure(module, module.locals[chain[1]].expr, output_name, seen)
            found.sensitive += inner.sensitive
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
                inner = _exposure(child, out.value, output_name, seen)  # type: ignore[arg-type]
                found.sensitive += [shown] if inner.sensitive else []
                found.unmarked += [shown] if inner.unmarked and not inner.sensitive else []
    elif root == "data" and len(chain) > 2:
        attrs = PROVIDER_SENSITIVE_DATA.get(chain[1], set())
        if f"data.{chain[1]}.{chain[2]}" in module.resources and (len(chain) == 3 or chain[3] in attrs):
            if len(chain) == 3 and not attrs:
                return
            found.sensitive.append(".".join(chain[:4]))
    elif len(chain) > 1 and f"{root}.{chain[1]}" in module.resources:
        attr = chain[2] if len(chain) > 2 else None
        if root in PROVIDER_SENSITIVE and (attr is None or attr in PROVIDER_SENSITIVE[root]):
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
    sources = _exposure(ctx.config.root, output.value, output.name).sensitive
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
        if _sensitive_sources(ctx, output):
            continue  # SEC084
        exposure = _exposure(ctx.config.root, output.value, output.name)
        sources = list(dict.fromkeys(exposure.unmarked))
        if not sources and secret_name(output.name):
            value = to_py(ctx.config.scope.try_evaluate(output.value), None)
            if real_secret(value):
                sources = [f'"{redact(value)}"']
        if sources:
            yield finding(meta, output.block, f'output "{output.name}" prints the secret {_list(sources)} in plain text',
                          edits=_set_sensitive_edits(output.block), fix_text="sensitive = true")


def _list(items: Iterable[str]) -> str:
    return ", ".join(dict.fromkeys(items))


RULES = [
    Rule(AWS_CREDENTIALS, _aws_credentials),
    Rule(PRIVATE_KEY, _private_keys),
    Rule(HARDCODED_SECRET, _hardcoded),
    Rule(SECRET_VARIABLE, _secret_variables),
    Rule(OUTPUT_SENSITIVE, _output_sensitive),
    Rule(OUTPUT_SECRET, _output_secret),
]
