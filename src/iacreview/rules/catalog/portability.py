"""Code that only works in one region, account or partition: literals that should be lookups.

These rules read the code as written, not evaluated values: `var.region`
evaluating to "us-east-1" is the parameterisation working, a literal
"us-east-1" in a resource is the problem. So they scan the string literals of
resource, data, module, provider, locals and output blocks and leave alone:

- `variable` blocks (a default is where a value belongs) and `.tfvars` files;
- `terraform` blocks: a backend cannot take variables, so its region is not a
  choice the author had;
- the lookups themselves (`data "aws_region"`, `aws_availability_zones`,
  `aws_availability_zone`, `aws_ami`), `import`/`moved`/`removed` blocks
  (addresses and ids of one real deployment), `description` arguments (prose)
  and object keys (a map keyed by region is a per-region table, the portable
  way to hold per-region values);
- for regions only: aliased providers and the blocks that select one
  (`provider = aws.west`, a module's `providers` map), which are the regions
  of a deliberately multi-region design (and global services such as
  CloudFront certificates must use us-east-1), and `locals`, where a list of
  the regions a design spans is a definition like a variable default, and
  tags (a `MigratedFrom = "us-west-1"` tag records a fact);
- region names inside IAM `Condition` values, which restrict where a policy
  applies on purpose (aws:RequestedRegion);
- `allowed_account_ids`/`forbidden_account_ids` of a provider, which are safety
  guards that name accounts on purpose.

Each rule reports one finding per argument, at its first offending string.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from iacreview.hcl import nodes as N
from iacreview.rules.base import Finding, Impact, Rule, RuleMeta, finding
from iacreview.rules.context import RuleContext

TF_DOCS = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/"

_REGION = (
    r"(?:us|eu|ap|sa|ca|me|af|il|mx|cn)-(?:gov-|iso-|isob-)?"
    r"(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\d"
)
REGION_RE = re.compile(rf"(?<![A-Za-z0-9-]){_REGION}(?![A-Za-z0-9-])")
ZONE_RE = re.compile(rf"(?<![A-Za-z0-9-]){_REGION}[a-z](?![A-Za-z0-9-])")
ARN_ACCOUNT_RE = re.compile(r"arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:(\d{12})(?=:|/)")
ACCOUNT_ALONE_RE = re.compile(r"^\d{12}$")
# Where a bare 12-digit string is an account id (elsewhere it may be a number, such as a byte threshold).
ACCOUNT_CONTEXT_RE = re.compile(r"account|owner|principal|identifiers|^AWS$", re.IGNORECASE)
AMI_RE = re.compile(r"(?<![A-Za-z0-9-])ami-(?:[0-9a-f]{17}|[0-9a-f]{8})(?![A-Za-z0-9-])")
PARTITION_RE = re.compile(r"^arn:aws:")

_SCANNED_BLOCKS = ("resource", "data", "module", "provider", "locals", "output")
_LOOKUP_DATA = frozenset({"aws_region", "aws_availability_zones", "aws_availability_zone", "aws_ami", "aws_ami_ids"})
_PROSE = frozenset({"description"})
_LABELS = frozenset({"tags", "tags_all"})  # a Region or MigratedFrom tag records a fact, it configures nothing
_ACCOUNT_GUARDS = frozenset({"allowed_account_ids", "forbidden_account_ids"})


@dataclass(slots=True)
class StringLiteral:
    """One string literal of the code: where it is, which argument holds it, and its text."""

    template: N.Template
    attribute: N.Attribute
    block: N.Block
    text: str  # literal parts; each interpolation is a NUL
    in_condition: bool  # inside an IAM Condition (jsonencode key or policy-document block)
    key: str | None  # the innermost object key above the string (`AWS` in `Principal = { AWS = "…" }`)

    @property
    def interpolated(self) -> bool:
        return "\0" in self.text


def _strings(expr: N.Node, in_condition: bool) -> Iterator[tuple[N.Template, bool, str | None]]:
    """String literals in value positions of `expr`: whether they sit under a `Condition` key, and their key."""
    if N.is_attribute_path(expr):  # a plain reference, as many arguments are: no literal to find
        return
    stack: list[tuple[N.Node, bool, str | None]] = [(expr, in_condition, None)]
    while stack:
        node, cond, key = stack.pop()
        cls = node.__class__
        if cls is N.Template:
            yield node, cond, key  # type: ignore[misc]
            continue
        if cls in _NO_STRINGS:
            continue
        if cls is N.ObjectItem:
            name = node.key_name  # type: ignore[attr-defined]
            stack.append((node.value, cond or name == "Condition", name))  # type: ignore[attr-defined]
            continue
        if cls is N.Index:
            stack.append((node.obj, cond, key))  # type: ignore[attr-defined]  # a literal key selects from a per-region table
            continue
        stack.extend((child, cond, key) for child in reversed(list(node.children())))


#: Nodes that hold no string literal.
_NO_STRINGS = frozenset({N.Literal, N.Variable})


def _body_literals(block: N.Block, body: N.Body, in_condition: bool) -> Iterator[StringLiteral]:
    for item in body.items:
        if isinstance(item, N.Attribute):
            if item.name in _PROSE:
                continue
            for template, cond, key in _strings(item.expr, in_condition):
                yield StringLiteral(template, item, block, template.masked_text(), cond, key)
        elif item.type not in ("lifecycle",):
            yield from _body_literals(block, item.body, in_condition or item.type == "condition")


def _is_scanned(block: N.Block) -> bool:
    if block.type not in _SCANNED_BLOCKS:
        return False
    return not (block.type == "data" and block.labels and block.labels[0] in _LOOKUP_DATA)


def code_literals(ctx: RuleContext) -> list[StringLiteral]:
    """Every string literal the portability rules judge (collected once per configuration)."""
    return ctx.memo("portability.code_literals", lambda: list(_code_literals(ctx)))


def _code_literals(ctx: RuleContext) -> Iterator[StringLiteral]:
    for module in ctx.modules():
        for name in sorted(module.files):
            for block in module.files[name].body.blocks():
                if _is_scanned(block):
                    yield from _body_literals(block, block.body, False)


def uses_aliased_provider(block: N.Block) -> bool:
    """An aliased provider, or a block that picks one: one region of a deliberately multi-region design."""
    if block.type == "provider":
        return block.body.get_attribute("alias") is not None
    if block.type == "module":
        return block.body.get_attribute("providers") is not None
    attr = block.body.get_attribute("provider")
    return attr is not None and "." in attr.expr.text()


Matcher = Callable[[StringLiteral], list[str]]


def _grouped(ctx: RuleContext, meta: RuleMeta, match: Matcher, what: str) -> Iterator[Finding]:
    """One finding per argument holding matches: at its first matching string, listing the values."""
    by_attribute: dict[int, tuple[StringLiteral, list[str]]] = {}
    order: list[int] = []
    for lit in code_literals(ctx):
        hits = match(lit)
        if not hits:
            continue
        key = id(lit.attribute)
        if key not in by_attribute:
            by_attribute[key] = (lit, [])
            order.append(key)
        seen = by_attribute[key][1]
        seen.extend(h for h in hits if h not in seen)
    for key in order:
        lit, hits = by_attribute[key]
        owner = lit.block.address if lit.block.type in ("resource", "data", "module", "provider", "output") else lit.block.type
        values = ", ".join(f'"{h}"' for h in hits[:3]) + (f" and {len(hits) - 3} more" if len(hits) > 3 else "")
        yield finding(meta, lit.template, f"{owner}: {lit.attribute.name} hardcodes {what} {values}")


# ---------------------------------------------------------------- PORT001 region

REGION = RuleMeta(
    id="PORT001",
    name="hardcoded-region",
    waived_by=("region-fixed",),
    severity="low",
    category="portability",
    summary="Region name written into the code",
    rationale="A literal region in a provider, an endpoint, an ARN or a service name ties the configuration to "
    "that region: deployed elsewhere it talks to the wrong endpoints or builds ARNs that do not exist. The "
    "region belongs in one variable (or comes from data.aws_region).",
    fix="Use var.aws_region in the provider, and data.aws_region.current.name (region in provider v6) "
    "wherever else the region is needed.",
    bad='provider "aws" {\n  region = "us-east-1"\n}\n\nresource "aws_vpc_endpoint" "s3" {\n  vpc_id       = aws_vpc.main.id\n'
    '  service_name = "com.amazonaws.us-east-1.s3"\n}\n',
    good='provider "aws" {\n  region = var.aws_region\n}\n\ndata "aws_region" "current" {}\n\n'
    'resource "aws_vpc_endpoint" "s3" {\n  vpc_id       = aws_vpc.main.id\n'
    '  service_name = "com.amazonaws.${data.aws_region.current.name}.s3"\n}\n',
    references=(
        TF_DOCS + "data-sources/region",
        "https://docs.aws.amazon.com/general/latest/gr/rande.html",
        "https://developer.hashicorp.com/terraform/language/values/variables",
    ),
    impact=Impact(performance="The stack cannot be deployed to another region without editing code"),
    training_value="Teaches the model to keep the region in one variable and derive everything else from it.",
)


def _region_hits(lit: StringLiteral) -> list[str]:
    if lit.in_condition or lit.block.type == "locals" or lit.attribute.name in _LABELS:
        return []
    if uses_aliased_provider(lit.block):
        return []
    return REGION_RE.findall(lit.text)


def _region(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    yield from _grouped(ctx, meta, _region_hits, "the region")


# ---------------------------------------------------------------- PORT002 availability zones

ZONE = RuleMeta(
    id="PORT002",
    name="hardcoded-availability-zone",
    severity="low",
    category="portability",
    summary="Availability zone name written into the code",
    rationale="Zone names exist only in their region, and which zones an account can use differs between "
    "accounts; literal zones break the code in any other region or account.",
    fix='Look zones up with data "aws_availability_zones" "available" { state = "available" } and index '
    "its names (slice(...names, 0, 2)).",
    bad='resource "aws_subnet" "a" {\n  vpc_id            = aws_vpc.main.id\n  cidr_block        = "10.0.1.0/24"\n'
    '  availability_zone = "us-east-1a"\n}\n',
    good='data "aws_availability_zones" "available" {\n  state = "available"\n}\n\nresource "aws_subnet" "a" {\n'
    '  vpc_id            = aws_vpc.main.id\n  cidr_block        = "10.0.1.0/24"\n'
    "  availability_zone = data.aws_availability_zones.available.names[0]\n}\n",
    references=(
        TF_DOCS + "data-sources/availability_zones",
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-regions-availability-zones.html",
    ),
    impact=Impact(performance="The stack fails in other regions or accounts"),
    training_value="Teaches the model to discover availability zones instead of naming them.",
)


def _zone_hits(lit: StringLiteral) -> list[str]:
    return [] if lit.in_condition else [m.group(0) for m in ZONE_RE.finditer(lit.text)]


def _zone(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    yield from _grouped(ctx, meta, _zone_hits, "availability zones")


# ---------------------------------------------------------------- PORT003 account ids

ACCOUNT = RuleMeta(
    id="PORT003",
    name="hardcoded-account-id",
    severity="low",
    category="portability",
    summary="AWS account id written into the code",
    rationale="A literal 12-digit account id (in an ARN, a principal or an argument) makes the code work in one "
    "account only and leaks the account's identity into every copy of the code.",
    fix="Use data.aws_caller_identity.current.account_id for this account, a variable for other accounts, "
    "and data.aws_elb_service_account / service principals for AWS-owned accounts.",
    bad='resource "aws_lambda_permission" "s3" {\n  statement_id   = "AllowS3"\n  action         = "lambda:InvokeFunction"\n'
    '  function_name  = aws_lambda_function.f.function_name\n  principal      = "s3.amazonaws.com"\n'
    '  source_account = "123456789012"\n}\n',
    good='data "aws_caller_identity" "current" {}\n\nresource "aws_lambda_permission" "s3" {\n'
    '  statement_id   = "AllowS3"\n  action         = "lambda:InvokeFunction"\n'
    '  function_name  = aws_lambda_function.f.function_name\n  principal      = "s3.amazonaws.com"\n'
    "  source_account = data.aws_caller_identity.current.account_id\n}\n",
    references=(
        TF_DOCS + "data-sources/caller_identity",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html",
    ),
    impact=Impact(security="Account ids in code are reconnaissance material and break in other accounts"),
    training_value="Teaches the model to derive account ids at plan time.",
)


def _account_hits(lit: StringLiteral) -> list[str]:
    if lit.attribute.name in _ACCOUNT_GUARDS and lit.block.type == "provider":
        return []
    hits = ARN_ACCOUNT_RE.findall(lit.text)
    names = (lit.attribute.name, lit.key or "")
    if ACCOUNT_ALONE_RE.match(lit.text) and any(ACCOUNT_CONTEXT_RE.search(n) for n in names):
        hits.append(lit.text)
    return hits


def _account(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    yield from _grouped(ctx, meta, _account_hits, "the account id")


# ---------------------------------------------------------------- PORT004 AMI ids

AMI = RuleMeta(
    id="PORT004",
    name="hardcoded-ami-id",
    severity="low",
    category="portability",
    summary="AMI id written into the code",
    rationale="AMI ids are regional (the same image has a different id in every region) and go stale as "
    "images are patched or deregistered; a literal id fails elsewhere and keeps old, unpatched images in use.",
    fix='Look the image up: data "aws_ami" with owners and a name filter, or the public SSM parameter '
    "(/aws/service/ami-amazon-linux-latest/...) through data.aws_ssm_parameter.",
    bad='resource "aws_instance" "app" {\n  ami           = "ami-0c55b159cbfafe1f0"\n  instance_type = "t3.micro"\n}\n',
    good='data "aws_ssm_parameter" "al2023" {\n  name = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"\n'
    '}\n\nresource "aws_instance" "app" {\n  ami           = data.aws_ssm_parameter.al2023.value\n'
    '  instance_type = "t3.micro"\n}\n',
    references=(
        TF_DOCS + "data-sources/ami",
        "https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-public-parameters-ami.html",
    ),
    impact=Impact(security="Pinned images miss security patches", performance="Fails in other regions"),
    training_value="Teaches the model to look images up by name or SSM parameter instead of pasting ids.",
)


def _ami(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    yield from _grouped(ctx, meta, lambda lit: AMI_RE.findall(lit.text), "the AMI id")


# ---------------------------------------------------------------- PORT005 partition

PARTITION = RuleMeta(
    id="PORT005",
    name="hardcoded-partition",
    severity="low",
    category="portability",
    summary='ARN built in code with a literal "arn:aws:" partition',
    rationale="ARNs in AWS GovCloud start with arn:aws-us-gov: and in China with arn:aws-cn:. An ARN assembled "
    "from parts with a literal arn:aws: prefix is wrong in those partitions, while everything else about it "
    "is already computed.",
    fix='Start the ARN with "arn:${data.aws_partition.current.partition}:" (or use the arn attribute of the '
    "resource instead of building it).",
    bad='resource "aws_iam_role_policy" "logs" {\n  role = aws_iam_role.app.id\n  policy = jsonencode({\n'
    '    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = "s3:GetObject",\n'
    '      Resource = "arn:aws:s3:::${var.bucket}/*" }]\n  })\n}\n',
    good='data "aws_partition" "current" {}\n\nresource "aws_iam_role_policy" "logs" {\n  role = aws_iam_role.app.id\n'
    '  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = "s3:GetObject",\n'
    '      Resource = "arn:${data.aws_partition.current.partition}:s3:::${var.bucket}/*" }]\n  })\n}\n',
    references=(
        TF_DOCS + "data-sources/partition",
        "https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html",
    ),
    impact=Impact(performance="The code cannot be deployed to GovCloud or China regions"),
    training_value="Teaches the model to derive the partition when it builds ARNs.",
    # Off by default: "arn:aws:iam::${account}:root" is in most answers and matters only to GovCloud and China
    # deployments; enable it where those partitions are targets.
    default_enabled=False,
)


def _partition_hits(lit: StringLiteral) -> list[str]:
    if lit.interpolated and PARTITION_RE.match(lit.text):
        return [lit.text.replace("\0", "${…}")]
    return []


def _partition(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    yield from _grouped(ctx, meta, _partition_hits, "the aws partition in")


RULES = [
    Rule(REGION, _region),
    Rule(ZONE, _zone),
    Rule(ACCOUNT, _account),
    Rule(AMI, _ami),
    Rule(PARTITION, _partition),
]
