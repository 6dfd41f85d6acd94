"""Running the configuration for real: placeholders left in, versions not pinned.

Model answers often ship templates rather than code that runs: a backend
whose bucket is `REPLACE_ME`, a provider profile `<your-profile>`, a variable
default `CHANGE_ME`. Each is friction (low severity) but blocks `terraform
init` or creates oddly named resources, so reviewers call them out. What
counts as a placeholder is decided by `placeholders_in`: marker words
(REPLACE_ME, CHANGE_ME, CHANGEME, TODO, FIXME, TBD, PLACEHOLDER, INSERT_…,
YOUR_…/your-…, runs of three or more x), angle-bracket slots (`<bucket>`)
and, only in backend and provider settings where no real value looks like it,
the words `example` and `placeholder` in any case (`example-bucket`).
Arguments a block's `lifecycle.ignore_changes` lists are left alone: a
placeholder there is a deliberate first value that is replaced outside
Terraform, such as a secret an operator sets by hand.

The version rules follow one policy: a constraint is pinned when it has an
upper bound (`~>`, `<`, `<=` or an exact version); `>= 5.0` alone is not.
They judge the root module only, because reusable child modules are expected
to state minimum versions and leave pinning to the root.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from iacreview.eval.values import Value
from iacreview.hcl import nodes as N
from iacreview.model.module import Module, Resource
from iacreview.rules.base import Finding, Impact, Rule, RuleMeta, finding
from iacreview.rules.context import RuleContext, to_py

TF_LANG = "https://developer.hashicorp.com/terraform/language/"

# ---------------------------------------------------------------- placeholder detection

_MARKERS = re.compile(
    r"(?<![A-Za-z0-9])(?:replace[_-]?me|change[_-]?me|insert[_-][a-z0-9_-]+|your[_-][a-z0-9_-]+|x{3,})"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)
# Upper case only: "TODO" is a marker, "todo-app" a name; "lambda_placeholder.zip" is a real file name.
_CASED_MARKERS = re.compile(r"(?<![A-Za-z0-9])(?:TODO|FIXME|TBD|PLACEHOLDER)(?![A-Za-z0-9])")
_SLOT = re.compile(r"<[A-Za-z][A-Za-z0-9 _.-]*>")
# Only in backend and provider settings, where no real value is named like this.
_SETTINGS_WORDS = re.compile(r"(?<![A-Za-z0-9])(?:example|placeholder)(?![A-Za-z0-9])", re.IGNORECASE)
# Arguments whose own syntax uses <name> slots (EventBridge input transformers).
_SLOT_SYNTAX = frozenset({"input_template"})


def placeholders_in(text: str, *, settings: bool = False, slots: bool = True) -> bool:
    """Whether `text` holds a placeholder.

    `settings` also counts the words "example" and "placeholder" (backend and provider values); `slots`
    counts angle-bracket slots such as `<bucket>` (off where the argument's syntax uses them).
    """
    if _MARKERS.search(text) or _CASED_MARKERS.search(text):
        return True
    if slots and _SLOT.search(text) and "</" not in text:  # markup such as "<h1>…</h1>" is content
        return True
    return settings and bool(_SETTINGS_WORDS.search(text))


def _value_strings(node: N.Node) -> Iterator[N.Template]:
    """String templates under `node` in value positions (object keys are names, not values)."""
    # Most arguments are one string, a literal or a plain reference: answered without the walk.
    cls = node.__class__
    if cls is N.Template:
        yield node  # type: ignore[misc]
        return
    if cls is N.Literal or N.is_attribute_path(node):
        return
    stack: list[N.Node] = [node]
    while stack:
        current = stack.pop()
        cls = current.__class__
        if cls is N.Template:
            yield current  # type: ignore[misc]
            continue
        if cls is N.Literal or cls is N.Variable:
            continue
        if cls is N.ObjectItem:
            stack.append(current.value)  # type: ignore[attr-defined]
            continue
        stack.extend(reversed(list(current.children())))


def _attributes(body: N.Body) -> Iterator[N.Attribute]:
    """Every attribute of a body and of the blocks nested in it, in source order."""
    for item in body.items:
        if isinstance(item, N.Attribute):
            yield item
        else:
            yield from _attributes(item.body)


def _ignored_changes(body: N.Body) -> set[str] | None:
    """Arguments a `lifecycle { ignore_changes = … }` leaves to be set outside Terraform (None: all)."""
    ignored: set[str] = set()
    for lifecycle in body.blocks("lifecycle"):
        attr = lifecycle.body.get_attribute("ignore_changes")
        if attr is None:
            continue
        if isinstance(attr.expr, N.Variable) and attr.expr.name == "all":
            return None
        for node in attr.expr.walk():
            parts = N.traversal_parts(node)
            if parts:
                ignored.add(parts[0])
    return ignored


def _placeholder_values(body: N.Body, *, settings: bool, single_line: bool) -> list[tuple[N.Attribute, str]]:
    """(attribute, string) for every placeholder string in `body`.

    An argument listed in the block's `lifecycle.ignore_changes` is skipped: a placeholder there is a
    deliberate initial value that is replaced outside Terraform (a secret set by hand, say).
    """
    ignored = _ignored_changes(body)
    if ignored is None:
        return []
    found = []
    for attr in _attributes(body):
        if attr.name in ignored:
            continue
        for template in _value_strings(attr.expr):
            text = template.masked_text()
            if single_line and (template.heredoc or "\n" in text):
                continue  # scripts and policy documents: a "TODO" there is a comment, not a value
            shown = text.replace("\0", "${…}")
            if placeholders_in(text, settings=settings, slots=attr.name not in _SLOT_SYNTAX):
                if all(shown != seen or attr.name != other.name for other, seen in found):
                    found.append((attr, shown))
    return found


def _listing(values: list[tuple[N.Attribute, str]]) -> str:
    shown = [f'{attr.name} = "{text}"' for attr, text in values[:4]]
    more = f" and {len(values) - 4} more" if len(values) > 4 else ""
    return ", ".join(shown) + more


# ---------------------------------------------------------------- OPS020 backend placeholders

BACKEND_PLACEHOLDER = RuleMeta(
    id="OPS020",
    name="backend-placeholder",
    severity="low",
    category="operations",
    summary="Backend configuration still holds placeholder values",
    rationale="A backend block cannot take variables, so a bucket or lock table named REPLACE_ME (or "
    "<your-bucket>) makes `terraform init` fail until someone edits the file by hand. That is friction for "
    "every user and for automated validation of the answer.",
    fix="Put real names in the backend block, or leave it empty (`backend \"s3\" {}`) and pass the values with "
    "`terraform init -backend-config=backend.hcl`; keep an example file beside it for documentation.",
    bad='terraform {\n  backend "s3" {\n    bucket = "terraform-state-REPLACE_ME"\n    key    = "app/terraform.tfstate"\n'
    '    region = "us-west-2"\n  }\n}\n',
    good='terraform {\n  # Values come from `terraform init -backend-config=backend.hcl`\n  backend "s3" {}\n}\n',
    references=(
        TF_LANG + "backend#partial-configuration",
        TF_LANG + "backend/s3",
        "https://docs.aws.amazon.com/prescriptive-guidance/latest/terraform-aws-provider-best-practices/backend.html",
    ),
    impact=Impact(performance="`terraform init` fails until the placeholders are replaced"),
    training_value="Teaches the model to produce backend configuration that initialises as written, or to use "
    "partial configuration instead of placeholders.",
)


def _settings_blocks(module: Module, kinds: tuple[str, ...]) -> Iterator[N.Block]:
    for block in module.settings.blocks:
        for item in block.body.items:
            if isinstance(item, N.Block) and item.type in kinds:
                yield item


def _backend_placeholders(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for module in ctx.modules():
        for backend in _settings_blocks(module, ("backend", "cloud")):
            values = _placeholder_values(backend.body, settings=True, single_line=False)
            if values:
                kind = f'backend "{backend.labels[0]}"' if backend.labels else backend.type
                yield finding(meta, values[0][0], f"{kind} has placeholder values: {_listing(values)}")


# ---------------------------------------------------------------- OPS021 provider placeholders

PROVIDER_PLACEHOLDER = RuleMeta(
    id="OPS021",
    name="provider-placeholder",
    severity="low",
    category="operations",
    summary="Provider configuration holds placeholder values",
    rationale="A provider profile, role ARN or endpoint left as <your-profile> or REPLACE_ME makes every plan "
    "fail with a credentials or validation error until it is edited.",
    fix="Use a variable (with a real default or none) for values that differ per user, or leave the argument "
    "out and rely on the standard AWS credential chain.",
    bad='provider "aws" {\n  region  = var.region\n  profile = "<your-profile>"\n}\n',
    good='provider "aws" {\n  region  = var.region\n  profile = var.aws_profile\n}\n',
    references=(
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs#authentication-and-configuration",
        TF_LANG + "providers/configuration",
    ),
    impact=Impact(performance="Plans fail until the placeholder is replaced"),
    training_value="Teaches the model to parameterise provider settings instead of leaving slots to fill in.",
)


def _provider_placeholders(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for module in ctx.modules():
        for provider in module.providers:
            values = _placeholder_values(provider.block.body, settings=True, single_line=False)
            if values:
                yield finding(meta, values[0][0], f'provider "{provider.key}" has placeholder values: {_listing(values)}')


# ---------------------------------------------------------------- OPS022 variable placeholders

VARIABLE_PLACEHOLDER = RuleMeta(
    id="OPS022",
    name="variable-placeholder-value",
    severity="low",
    category="operations",
    summary="A variable the configuration uses has a placeholder value",
    rationale="A default (or tfvars value) such as CHANGE_ME or <your-domain> is used as is when nobody "
    "overrides it: resources get placeholder names, lookups fail, or a certificate is requested for a domain "
    "nobody owns.",
    fix="Give the variable a real default, or remove the default so Terraform asks for a value, and add a "
    "validation block that rejects placeholders.",
    bad='variable "bucket_name" {\n  type    = string\n  default = "REPLACE_ME-app-data"\n}\n',
    good='variable "bucket_name" {\n  type        = string\n  description = "Name of the application data bucket."\n'
    "}\n",
    references=(
        TF_LANG + "values/variables",
        TF_LANG + "values/variables#custom-validation-rules",
    ),
    impact=Impact(performance="Applies with the default create misnamed resources or fail"),
    training_value="Teaches the model that a default must be a working value, and that a required input "
    "should have no default at all.",
)


def _referenced_variables(module: Module) -> set[str]:
    names: set[str] = set()
    for file in module.files.values():
        for item in file.body.items:
            if isinstance(item, N.Block) and item.type == "variable":
                continue
            for node in item.walk(N.GetAttr):
                if isinstance(node.obj, N.Variable) and node.obj.name == "var":
                    names.add(node.name)
    return names


def _strings_of(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings_of(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings_of(item)


def _variable_placeholders(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    root = ctx.config.root
    used = _referenced_variables(root)
    for name, variable in root.variables.items():
        if name not in used:
            continue
        value: Value = ctx.config.scope.variable(name)
        bad = [s for s in _strings_of(to_py(value)) if "\n" not in s and placeholders_in(s)]
        if not bad:
            continue
        raw = ctx.config.inputs.values.get(name)
        if raw is not None and raw.expr is not None:
            node: N.Node = raw.expr
            where = f"set in {raw.source}"
        elif raw is None and variable.default is not None:
            node = variable.default
            where = "default"
        else:
            node = variable.block
            where = f"set by {raw.source}" if raw is not None else "value"
        shown = ", ".join(f'"{s}"' for s in bad[:3])
        yield finding(meta, node, f"var.{name} ({where}) is a placeholder: {shown}")


# ---------------------------------------------------------------- OPS023 placeholders in resources

ARGUMENT_PLACEHOLDER = RuleMeta(
    id="OPS023",
    name="argument-placeholder",
    severity="low",
    category="operations",
    summary="Resource, data source, module or local value holds a placeholder string",
    rationale="Literal placeholders such as sg-xxxxxxxx, REPLACE_ME or <certificate-arn> in arguments are "
    "sent to AWS as they are: the apply fails, or worse, creates resources with placeholder names.",
    fix="Reference the real resource (aws_security_group.app.id), look the value up with a data source, or "
    "turn it into a variable without a default.",
    bad='resource "aws_lb_listener" "https" {\n  load_balancer_arn = aws_lb.app.arn\n  port              = 443\n'
    '  certificate_arn   = "arn:aws:acm:REGION:ACCOUNT:certificate/REPLACE_ME"\n}\n',
    good='resource "aws_lb_listener" "https" {\n  load_balancer_arn = aws_lb.app.arn\n  port              = 443\n'
    "  certificate_arn   = aws_acm_certificate.app.arn\n}\n",
    references=(
        TF_LANG + "expressions/references",
        TF_LANG + "data-sources",
    ),
    impact=Impact(performance="The apply fails or creates misconfigured resources"),
    training_value="Teaches the model to wire resources together by reference instead of leaving slots.",
)

_CODE_BLOCKS = ("resource", "data", "module", "locals")


def _argument_placeholders(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for module in ctx.modules():
        for file in module.files.values():
            for block in file.body.blocks():
                if block.type not in _CODE_BLOCKS:
                    continue
                values = _placeholder_values(block.body, settings=False, single_line=True)
                if values:
                    what = block.address if block.type != "locals" else "locals"
                    yield finding(meta, values[0][0], f"{what} has placeholder values: {_listing(values)}")


# ---------------------------------------------------------------- version pinning

_CONSTRAINT = re.compile(r"^\s*(~>|>=|<=|!=|==|=|>|<)?\s*(\S.*)?$")
_BOUNDING_OPERATORS = frozenset({"~>", "<", "<=", "=", "=="})


def has_upper_bound(constraint: str) -> bool:
    """Whether a version constraint caps the version (`~> 5.0`, `>= 5, < 6`, `5.31.0`)."""
    for part in constraint.split(","):
        match = _CONSTRAINT.match(part)
        if match is None or not match.group(2):
            continue
        if (match.group(1) or "=") in _BOUNDING_OPERATORS:
            return True
    return False


PROVIDER_UNPINNED = RuleMeta(
    id="OPS024",
    name="provider-version-unpinned",
    severity="low",
    category="operations",
    summary="Provider version is not pinned to a major version",
    rationale="Without an upper bound `terraform init` installs the newest provider release, including a new "
    "major version with breaking changes (AWS provider 4 moved S3 bucket settings into separate resources, 6 "
    "changed defaults), so the same code plans differently from one day to the next.",
    fix='Give every required_providers entry a source and a bounded version, e.g. version = "~> 5.0", and '
    "commit .terraform.lock.hcl.",
    bad='terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = ">= 4.0"\n'
    "    }\n  }\n}\n",
    good='terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = "~> 5.0"\n'
    "    }\n  }\n}\n",
    references=(
        TF_LANG + "providers/requirements#version-constraints",
        TF_LANG + "expressions/version-constraints#best-practices",
    ),
    impact=Impact(performance="Unreviewed provider upgrades can change or break plans"),
    training_value="Teaches the model to pin provider major versions in the root module.",
)


def _provider_entries(module: Module) -> Iterator[tuple[N.Attribute, str | None]]:
    for block in module.settings.blocks:
        for required in block.body.blocks("required_providers"):
            for attr in required.body.attributes:
                expr = attr.expr
                version: str | None = None
                if isinstance(expr, N.Object):
                    node = expr.get("version")
                    if isinstance(node, N.Template):
                        version = node.literal_value()
                elif isinstance(expr, N.Template):
                    version = expr.literal_value()
                yield attr, version


def _provider_unpinned(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for attr, version in _provider_entries(ctx.config.root):
        if version is None or not version.strip():
            yield finding(meta, attr, f"required_providers.{attr.name} has no version constraint")
        elif not has_upper_bound(version):
            yield finding(meta, attr, f'required_providers.{attr.name} version "{version}" has no upper bound')


PROVIDER_UNDECLARED = RuleMeta(
    id="OPS028",
    name="provider-not-in-required-providers",
    severity="low",
    category="operations",
    summary="A provider the configuration uses is missing from required_providers",
    rationale="The root module lists its providers in required_providers, but a resource uses one more (random, "
    "tls, archive …). Terraform then guesses hashicorp/<name> with no version constraint: every init may pick a "
    "new major release, and a provider from another namespace is not found at all.",
    fix="Add the provider to required_providers with its source and a version constraint.",
    bad='terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = "~> 5.0"\n'
    '    }\n  }\n}\n\nresource "random_password" "db" {\n  length = 32\n}\n',
    good='terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = "~> 5.0"\n'
    '    }\n    random = {\n      source  = "hashicorp/random"\n      version = "~> 3.6"\n    }\n  }\n}\n\n'
    'resource "random_password" "db" {\n  length = 32\n}\n',
    references=(
        TF_LANG + "providers/requirements",
        TF_LANG + "providers/requirements#implicit-provider-source-addresses",
    ),
    impact=Impact(performance="Unreviewed provider upgrades on init; init fails for providers outside hashicorp/"),
    training_value="Teaches the model to declare every provider its resources need.",
)


def _provider_undeclared(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    root = ctx.config.root
    declared = set(root.settings.required_providers)
    if not declared:
        return  # no requirements stated here: they live in a file we were not given, or nowhere
    first_use: dict[str, Resource] = {}
    for resource in root.resources.values():
        name = resource.provider_name
        if name not in declared and name != "terraform" and name not in first_use:
            first_use[name] = resource
    for name, resource in sorted(first_use.items()):
        yield finding(meta, resource.block, f'{resource.address} uses provider "{name}", which required_providers '
                      "does not declare", address=resource.address)


MODULE_UNPINNED = RuleMeta(
    id="OPS025",
    name="module-source-unpinned",
    severity="low",
    category="operations",
    summary="Module from a registry or git is not pinned to a version",
    rationale="A registry module without a bounded version, or a git source without ?ref=, follows the "
    "newest release or the default branch: an upstream change alters what the next plan does without any "
    "change in this repository.",
    fix='Registry modules: add version = "~> 5.1" (or an exact version). Git sources: append ?ref=<tag or '
    "commit> to the source.",
    bad='module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n  cidr   = "10.0.0.0/16"\n}\n',
    good='module "vpc" {\n  source  = "terraform-aws-modules/vpc/aws"\n  version = "~> 5.1"\n  cidr    = "10.0.0.0/16"\n}\n',
    references=(
        TF_LANG + "modules/sources#selecting-a-revision",
        TF_LANG + "block/module#version",
    ),
    impact=Impact(security="Upstream changes (or a compromised branch) flow into plans unreviewed"),
    training_value="Teaches the model to pin every external module it calls.",
)

_REGISTRY_SOURCE = re.compile(
    r"^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/)?[A-Za-z0-9][\w-]*/[A-Za-z0-9][\w-]*/[A-Za-z0-9][\w-]*(?://.*)?$"
)
_GIT_SOURCE = re.compile(r"^(?:git::|git@|github\.com/|bitbucket\.org/)")


def _module_unpinned(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for module in ctx.modules():
        for call in module.module_calls.values():
            source = call.source
            if source is None or call.is_local:
                continue
            node = call.block.body.get_attribute("source") or call.block
            if _GIT_SOURCE.match(source):
                if "ref=" not in source:
                    yield finding(meta, node, f'module.{call.name}: git source "{source}" has no ?ref=')
            elif _REGISTRY_SOURCE.match(source):
                if call.version is None:
                    if call.block.body.get_attribute("version") is None:
                        yield finding(meta, node, f'module.{call.name}: registry source "{source}" has no version')
                elif not has_upper_bound(call.version):
                    version_node = call.block.body.get_attribute("version") or node
                    yield finding(meta, version_node, f'module.{call.name}: version "{call.version}" has no upper bound')


REQUIRED_VERSION = RuleMeta(
    id="OPS026",
    name="terraform-required-version-missing",
    severity="low",
    category="operations",
    summary="No terraform block states required_version",
    rationale="Without required_version any Terraform release will try to run the code; an older one fails "
    "with confusing syntax errors, a newer one may upgrade the state so that teammates on the old release "
    "can no longer read it.",
    fix='Add required_version (e.g. ">= 1.5.0" or "~> 1.9") to the root module\'s terraform block.',
    bad='terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = "~> 5.0"\n'
    "    }\n  }\n}\n",
    good='terraform {\n  required_version = ">= 1.5.0"\n\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n'
    '      version = "~> 5.0"\n    }\n  }\n}\n',
    references=(
        TF_LANG + "terraform#terraform-required_version",
        TF_LANG + "expressions/version-constraints",
    ),
    impact=Impact(performance="Runs on an unsuitable Terraform release fail or upgrade the state"),
    training_value="Teaches the model to state the Terraform versions its code is written for.",
)


def _required_version(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    root = ctx.config.root
    if root.settings.required_version is not None:
        return
    if any(b.body.get_attribute("required_version") is not None for b in root.settings.blocks):
        return  # set, but not as a plain string
    if root.settings.blocks:  # none at all: the settings live in a file we were not given (a task's provider.tf)
        yield finding(meta, root.settings.blocks[0], "the terraform block has no required_version")


BACKEND_MISSING = RuleMeta(
    id="OPS027",
    name="state-backend-missing",
    waived_by=("local-state",),
    severity="low",
    category="operations",
    summary="The root configuration keeps its state locally (no backend)",
    rationale="Without a backend the state file stays on the machine that ran terraform: it is not shared, not "
    "locked against two runs at once, not versioned, and gone with the CI runner or laptop, after which Terraform "
    "no longer knows what it created. Only a configuration that sets up its providers and its terraform block is "
    "judged: modules and files of a larger configuration leave the backend to their root. A review "
    "judges it when the task asks for remote state.",
    fix='Add a backend to the terraform block, e.g. backend "s3" with bucket, key, region and use_lockfile = true '
    '(or a dynamodb_table), or a partial `backend "s3" {}` completed by -backend-config at init.',
    bad='terraform {\n  required_version = ">= 1.5.0"\n}\n\nprovider "aws" {\n  region = "us-east-1"\n}\n',
    good='terraform {\n  required_version = ">= 1.5.0"\n\n  backend "s3" {\n    bucket       = "acme-tf-state"\n'
    '    key          = "app/terraform.tfstate"\n    region       = "us-east-1"\n    use_lockfile = true\n  }\n}\n\n'
    'provider "aws" {\n  region = "us-east-1"\n}\n',
    references=(
        TF_LANG + "backend",
        TF_LANG + "backend/s3",
    ),
    impact=Impact(cost="Resources orphaned when the state is lost", security="State (with secrets) on a workstation",
                  performance="No locking: concurrent runs corrupt the state"),
    training_value="Teaches the model that a deployable root configuration stores its state remotely with locking.",
    # Local state is a legitimate choice for examples and single-user stacks: opt-in, and turned on by a review
    # whose task asks for remote state.
    default_enabled=False,
)


def _backend_missing(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    root = ctx.config.root
    settings = root.settings
    if settings.backend is not None or settings.cloud is not None or not settings.blocks or not root.providers:
        return
    if any(b.body.blocks("backend") or b.body.blocks("cloud") for b in settings.blocks):
        return  # written in a shape the model does not read as a backend, but there is one
    yield finding(meta, settings.blocks[0], "no backend: the state is kept in a local terraform.tfstate")


RULES = [
    Rule(BACKEND_MISSING, _backend_missing),
    Rule(BACKEND_PLACEHOLDER, _backend_placeholders),
    Rule(PROVIDER_PLACEHOLDER, _provider_placeholders),
    Rule(VARIABLE_PLACEHOLDER, _variable_placeholders),
    Rule(ARGUMENT_PLACEHOLDER, _argument_placeholders),
    Rule(PROVIDER_UNPINNED, _provider_unpinned),
    Rule(PROVIDER_UNDECLARED, _provider_undeclared),
    Rule(MODULE_UNPINNED, _module_unpinned),
    Rule(REQUIRED_VERSION, _required_version),
]
