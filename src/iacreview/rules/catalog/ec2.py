"""EC2 and instance sizing: IMDSv2, public addresses in the private tier, oversized non-production instances.

Launch templates and launch configurations are judged like instances, and
when they leave the subnet to an Auto Scaling group, the group's
`vpc_zone_identifier` decides where they run. Whether a subnet is private and
whether a deployment is non-production are decided by `network_facts`, which
answers None when the configuration does not say, and rules then stay silent.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from iacreview.hcl import nodes as N
from iacreview.rules.base import Finding, Impact, Rule, RuleMeta, finding
from iacreview.rules.catalog.network_facts import (
    PRIVATE,
    deployment_environment,
    known_strings,
    module_of,
    refs_to,
    subnets_tier,
    unique_by_location,
)
from iacreview.rules.context import ResourceView, RuleContext
from iacreview.rules.table import AttributeCheck, equals

TF = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/"
LAUNCHERS = ("aws_instance", "aws_launch_template", "aws_launch_configuration")

# ---------------------------------------------------------------- IMDSv2

IMDSV2 = RuleMeta(
    id="SEC055",
    name="ec2-imdsv2-not-required",
    severity="medium",
    category="security",
    summary="EC2 instance metadata service does not require IMDSv2 tokens",
    rationale="With http_tokens = \"optional\" the instance metadata service also answers plain IMDSv1 GET "
    "requests, so a server-side request forgery or an open proxy on the instance is enough to read the instance "
    "role's temporary credentials. IMDSv2 requires a session token obtained with a PUT request, which those "
    "attacks cannot make. When metadata_options (or http_tokens) is omitted the API default is \"optional\" "
    "unless the AMI or an account-level default says otherwise, which the configuration does not show, so it "
    "is reported too. Instances that take their settings from a launch template are judged on the template; "
    "http_endpoint = \"disabled\" (no metadata service at all) passes.",
    fix='Add `metadata_options { http_tokens = "required" }` (keep http_put_response_hop_limit = 1, or 2 for '
    "containers that need the metadata service).",
    bad='resource "aws_instance" "app" {\n  ami           = data.aws_ami.al2023.id\n  instance_type = "t3.micro"\n}\n',
    good='resource "aws_instance" "app" {\n  ami           = data.aws_ami.al2023.id\n  instance_type = "t3.micro"\n\n'
    '  metadata_options {\n    http_endpoint = "enabled"\n    http_tokens   = "required"\n  }\n}\n',
    references=("https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-new-instances.html",
                "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html",
                TF + "instance", TF + "launch_template"),
    impact=Impact(security="Instance role credentials can be stolen through SSRF or a misconfigured proxy"),
    training_value="Teaches the model to require IMDSv2 on every instance and launch template it writes.",
    resource_types=LAUNCHERS,
)


def _imds_applies(view: ResourceView) -> bool:
    options = view.blocks("metadata_options")
    if any(block.py("http_endpoint") == "disabled" for block in options):
        return False
    if view.type == "aws_instance" and not options and view.blocks("launch_template"):
        return False  # the launch template's metadata options apply; SEC055 checks the template
    return True


_IMDS_CHECK = AttributeCheck(
    IMDSV2,
    "metadata_options.http_tokens",
    equals("required"),
    '{address}: IMDSv2 is not required (metadata_options.http_tokens is {value}; expected "required")',
    applies=_imds_applies,
)


def _imdsv2(ctx: RuleContext, meta: RuleMeta) -> list[Finding]:
    return unique_by_location(_IMDS_CHECK.run(ctx))


# ---------------------------------------------------------------- public IP in the private tier

PUBLIC_IP_PRIVATE_SUBNET = RuleMeta(
    id="SEC057",
    name="ec2-public-ip-in-private-subnet",
    severity="medium",
    category="security",
    summary="Instance in a private subnet requests a public IP address",
    rationale="associate_public_ip_address = true on an instance, launch template or launch configuration whose "
    "subnet is private (by name/tags, or routed only through NAT) contradicts the tier: the instance becomes "
    "internet-addressable, replies to inbound traffic leave through the NAT gateway and break, and the address "
    "costs money. It usually means the instance was meant for the public tier or the flag was copied by "
    "mistake. The subnet is followed through subnet_id or, for launch templates and configurations, the Auto "
    "Scaling group's vpc_zone_identifier; when that is a variable or the signals disagree, nothing is reported. "
    "map_public_ip_on_launch = false alone does not make a subnet private: it is the provider's default and "
    "common on public subnets whose instances use Elastic IPs.",
    fix="Remove associate_public_ip_address (or set it to false) for instances in private subnets; put "
    "internet-facing workloads behind a load balancer in the public subnets.",
    bad='resource "aws_subnet" "private" {\n  vpc_id     = aws_vpc.main.id\n  cidr_block = "10.0.10.0/24"\n}\n\n'
    'resource "aws_instance" "app" {\n  ami                         = data.aws_ami.al2023.id\n  instance_type               = "t3.micro"\n'
    "  subnet_id                   = aws_subnet.private.id\n  associate_public_ip_address = true\n}\n",
    good='resource "aws_subnet" "private" {\n  vpc_id     = aws_vpc.main.id\n  cidr_block = "10.0.10.0/24"\n}\n\n'
    'resource "aws_instance" "app" {\n  ami           = data.aws_ami.al2023.id\n  instance_type = "t3.micro"\n'
    "  subnet_id     = aws_subnet.private.id\n}\n",
    references=("https://docs.aws.amazon.com/vpc/latest/userguide/vpc-ip-addressing.html",
                "https://docs.aws.amazon.com/vpc/latest/userguide/configure-subnets.html",
                TF + "instance", TF + "launch_template", TF + "autoscaling_group"),
    impact=Impact(cost="Each public IPv4 address is billed hourly",
                  security="Private-tier instances get internet-routable addresses"),
    training_value="Teaches the model that tier placement and addressing must agree.",
    resource_types=LAUNCHERS,
)


def _asks_public_ip(raw: object) -> bool:
    return raw is True or (isinstance(raw, str) and raw.lower() == "true")


def _group_subnets(ctx: RuleContext, launcher: ResourceView, rtype: str) -> list[N.Node]:
    """`vpc_zone_identifier` of Auto Scaling groups that launch from `launcher`."""
    found = []
    for group in ctx.of_type("aws_autoscaling_group"):
        if group.instance.scope is not launcher.instance.scope:
            continue
        if any(r.name == launcher.name for r in refs_to(module_of(group), group.block, rtype)):
            attr = group.attr("vpc_zone_identifier")
            if attr is not None:
                found.append(attr.expr)
    return found


def _private(ctx: RuleContext, near: ResourceView, exprs: list[N.Node]) -> bool:
    return bool(exprs) and all(subnets_tier(ctx, near, e) == PRIVATE for e in exprs)


def _public_ip_requests(ctx: RuleContext) -> Iterator[tuple[ResourceView, N.Node, list[N.Node]]]:
    """(launcher, where the flag is, subnet expressions it runs in) for each public IP request."""
    for view in ctx.of_type("aws_instance"):
        subnet = view.attr("subnet_id")
        if _asks_public_ip(view.py("associate_public_ip_address")) and subnet is not None:
            yield view, view.node("associate_public_ip_address"), [subnet.expr]
    for view in ctx.of_type("aws_launch_template"):
        for nic in view.blocks("network_interfaces"):
            if not _asks_public_ip(nic.py("associate_public_ip_address")):
                continue
            subnet = nic.attr("subnet_id")
            exprs = [subnet.expr] if subnet is not None else _group_subnets(ctx, view, "aws_launch_template")
            flag = nic.attr("associate_public_ip_address")
            yield view, flag if flag is not None else nic.block, exprs
    for view in ctx.of_type("aws_launch_configuration"):
        if _asks_public_ip(view.py("associate_public_ip_address")):
            yield view, view.node("associate_public_ip_address"), _group_subnets(ctx, view, "aws_launch_configuration")


def _public_ip_private_subnet(ctx: RuleContext, meta: RuleMeta) -> list[Finding]:
    found = []
    for view, node, subnets in _public_ip_requests(ctx):
        if _private(ctx, view, subnets):
            message = f"{view.address} requests a public IP address but runs in a private subnet"
            found.append(finding(meta, node, message, address=view.address))
    return unique_by_location(found)


# ---------------------------------------------------------------- oversized instances

DEFAULT_MAX_SIZE = "4xlarge"
_SMALL_SIZES = {"nano": 1 / 32, "micro": 1 / 16, "small": 1 / 8, "medium": 1 / 4, "large": 1 / 2, "xlarge": 1.0}
_ACCELERATED = re.compile(r"^(p\d|g\d|gr\d|inf\d|trn\d|dl\d|f\d|vt\d)")

# (resource type, argument, class prefix to strip)
SIZED_ARGUMENTS = (
    ("aws_instance", "instance_type", ""),
    ("aws_launch_template", "instance_type", ""),
    ("aws_launch_configuration", "instance_type", ""),
    ("aws_eks_node_group", "instance_types", ""),
    ("aws_db_instance", "instance_class", "db."),
    ("aws_rds_cluster_instance", "instance_class", "db."),
    ("aws_elasticache_cluster", "node_type", "cache."),
    ("aws_elasticache_replication_group", "node_type", "cache."),
)

OVERSIZED = RuleMeta(
    id="COST011",
    name="oversized-instance-in-non-production",
    severity="low",
    category="cost",
    summary="Large, bare-metal or GPU instance class in a non-production environment",
    rationale="Instance price roughly doubles with each size step; a 4xlarge costs sixteen times a large. Dev, test "
    "and staging stacks rarely need that, nor bare-metal or GPU/accelerator families (p, g, inf, trn, dl, f, vt), "
    "unless the task says so. Checked: aws_instance, aws_launch_template, aws_launch_configuration and "
    "aws_eks_node_group instance types, aws_db_instance/aws_rds_cluster_instance classes and ElastiCache node "
    f"types, at or above the `max_instance_size` option (default {DEFAULT_MAX_SIZE}). The environment is read as "
    "for COST010 (review option, Environment tag, environment/env/stage variable or local, provider default "
    "tags); without a recognisable non-production environment nothing is reported.",
    fix="Use a smaller class for non-production (t3/t4g or m-family large/xlarge, db.t4g.medium, cache.t4g.small) "
    "behind a variable, and size production separately.",
    bad='variable "environment" {\n  default = "dev"\n}\n\nresource "aws_instance" "app" {\n  ami           = data.aws_ami.al2023.id\n'
    '  instance_type = "m5.8xlarge"\n  tags          = { Environment = var.environment }\n}\n',
    good='variable "environment" {\n  default = "dev"\n}\n\nresource "aws_instance" "app" {\n  ami           = data.aws_ami.al2023.id\n'
    '  instance_type = "t3.medium"\n  tags          = { Environment = var.environment }\n}\n',
    references=("https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html",
                "https://aws.amazon.com/ec2/pricing/on-demand/",
                "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.html",
                "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html",
                TF + "instance", TF + "db_instance"),
    impact=Impact(cost="Compute cost many times what the environment needs", performance="None"),
    training_value="Teaches the model to size compute to the environment instead of defaulting to large classes.",
    resource_types=tuple(t for t, _, _ in SIZED_ARGUMENTS),
)


def size_units(size: str) -> float | None:
    """An instance size in multiples of `xlarge` (large = 0.5, 4xlarge = 4); metal is unbounded."""
    size = size.lower()
    if size.startswith("metal"):
        return math.inf
    match = re.fullmatch(r"(\d+)xlarge", size)
    if match:
        return float(match.group(1))
    return _SMALL_SIZES.get(size)


def oversize_reason(instance_class: str, prefix: str, max_units: float) -> str | None:
    """Why an instance class is too big for non-production, or None when it is not."""
    name = instance_class.lower()
    if prefix and name.startswith(prefix):
        name = name[len(prefix):]
    parts = name.split(".")
    if len(parts) < 2:
        return None
    family, size = parts[0], parts[1]
    units = size_units(size)
    if _ACCELERATED.match(family):
        return "a GPU/accelerator class"
    if units is None:
        return None
    if math.isinf(units):
        return "a bare-metal class"
    if units >= max_units:
        return f"{size}, at or above the {_threshold_name(max_units)} limit"
    return None


def _threshold_name(units: float) -> str:
    return "xlarge" if units == 1 else f"{units:g}xlarge" if units > 1 else next(k for k, v in _SMALL_SIZES.items() if v == units)


def _max_units(ctx: RuleContext) -> float:
    configured = ctx.options.get("max_instance_size", DEFAULT_MAX_SIZE)
    units = size_units(str(configured)) if configured is not None else None
    return units if units is not None else (size_units(DEFAULT_MAX_SIZE) or 4.0)


def _oversized(ctx: RuleContext, meta: RuleMeta) -> list[Finding]:
    max_units = _max_units(ctx)
    found = []
    for rtype, argument, prefix in SIZED_ARGUMENTS:
        for view in ctx.of_type(rtype):
            value = view.value(argument)
            classes = known_strings(value)
            reasons = [(c, oversize_reason(c, prefix, max_units)) for c in classes]
            reasons = [(c, r) for c, r in reasons if r is not None]
            if not reasons:
                continue
            env = deployment_environment(ctx, view)
            if env is None or env.production:
                continue
            instance_class, reason = reasons[0]
            message = (f"{view.address}: {argument} {instance_class} is {reason} in a non-production environment "
                       f"({env.describe()})")
            found.append(finding(meta, view.node(argument), message, address=view.address))
    return unique_by_location(found)


RULES = [
    Rule(IMDSV2, _imdsv2),
    Rule(PUBLIC_IP_PRIVATE_SUBNET, _public_ip_private_subnet),
    Rule(OVERSIZED, _oversized),
]
