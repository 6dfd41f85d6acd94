"""Network: security group ingress from anywhere, rule descriptions, VPC hardening, subnets, NAT cost.

Security group permissions are read from every form Terraform allows (inline,
dynamic, attribute lists, `aws_security_group_rule`, the per-rule VPC
resources) through `security_group_rules.permissions`, so a rule is judged the
same however it was written. Open-port rules report where the open CIDR is
written. A permission that opens every port is reported once, by the
all-ports rule, not again by the SSH/RDP/database rules. Unrestricted egress
is common, accepted practice and is not reported.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator

from iacreview.hcl import nodes as N
from iacreview.rules.base import Finding, Impact, Rule, RuleMeta, finding
from iacreview.rules.catalog.network_facts import (
    PRIVATE,
    deployment_environment,
    module_of,
    name_tier,
    refs_to,
    subnet_tier,
    unique_by_location,
)
from iacreview.rules.catalog.security_group_rules import ALL_TYPES, Permission, permissions
from iacreview.model.module import Module, Resource
from iacreview.rules.context import ResourceView, RuleContext

TF = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/"
SG_RULES_DOC = "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html"
SG_HUB_DOC = "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html"
INGRESS_TYPES = ("aws_security_group", "aws_default_security_group", "aws_security_group_rule",
                 "aws_vpc_security_group_ingress_rule")

# ---------------------------------------------------------------- ingress from anywhere

DATABASE_PORTS = {
    1433: "SQL Server",
    1521: "Oracle",
    2483: "Oracle",
    2484: "Oracle (TLS)",
    3306: "MySQL/MariaDB",
    5432: "PostgreSQL",
    5439: "Redshift",
    5984: "CouchDB",
    6379: "Redis/Valkey",
    8182: "Neptune",
    9042: "Cassandra/Keyspaces",
    9200: "Elasticsearch/OpenSearch",
    9300: "Elasticsearch transport",
    11211: "Memcached",
    27017: "MongoDB/DocumentDB",
    27018: "MongoDB",
    27019: "MongoDB",
}

SSH_OPEN = RuleMeta(
    id="SEC050",
    name="sg-ssh-open-to-internet",
    severity="high",
    category="security",
    summary="Security group allows SSH (port 22) from anywhere",
    rationale="An ingress rule from 0.0.0.0/0 or ::/0 that covers TCP port 22 exposes the SSH daemon of every "
    "attached instance to the whole internet, where it is scanned and brute-forced within minutes of launch. One "
    "weak key, leaked key or unpatched sshd is then enough for a compromise.",
    fix="Remove the rule and reach instances through AWS Systems Manager Session Manager or EC2 Instance Connect "
    "Endpoint; if SSH must stay, allow it only from a known admin range (a variable with a validation rule, a "
    "VPN CIDR or a bastion's security group).",
    bad='resource "aws_security_group" "app" {\n  vpc_id = aws_vpc.main.id\n\n  ingress {\n    description = "SSH"\n'
    '    from_port   = 22\n    to_port     = 22\n    protocol    = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n',
    good='resource "aws_security_group" "app" {\n  vpc_id = aws_vpc.main.id\n\n  ingress {\n    description = "SSH from the admin VPN"\n'
    '    from_port   = 22\n    to_port     = 22\n    protocol    = "tcp"\n    cidr_blocks = [var.admin_cidr]\n  }\n}\n',
    references=(SG_RULES_DOC, SG_HUB_DOC, "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html",
                TF + "security_group", TF + "vpc_security_group_ingress_rule"),
    impact=Impact(security="Remote shell access is exposed to the internet; brute force and exploit attempts reach the instance"),
    training_value="Teaches the model that administrative ports are never opened to the world and that Session Manager "
    "replaces public SSH.",
    resource_types=INGRESS_TYPES,
)

RDP_OPEN = RuleMeta(
    id="SEC051",
    name="sg-rdp-open-to-internet",
    severity="high",
    category="security",
    summary="Security group allows RDP (port 3389) from anywhere",
    rationale="Remote Desktop exposed on 0.0.0.0/0 or ::/0 is one of the most attacked services on the internet: "
    "credential stuffing and RDP vulnerabilities lead straight to interactive control of Windows hosts.",
    fix="Remove the rule; use Session Manager port forwarding or Fleet Manager for Windows access, or restrict "
    "port 3389 to a known admin range or a bastion's security group.",
    bad='resource "aws_security_group_rule" "rdp" {\n  type              = "ingress"\n  security_group_id = aws_security_group.win.id\n'
    '  from_port         = 3389\n  to_port           = 3389\n  protocol          = "tcp"\n  cidr_blocks       = ["0.0.0.0/0"]\n}\n',
    good='resource "aws_security_group_rule" "rdp" {\n  type                     = "ingress"\n  security_group_id        = aws_security_group.win.id\n'
    '  from_port                = 3389\n  to_port                  = 3389\n  protocol                 = "tcp"\n'
    '  source_security_group_id = aws_security_group.bastion.id\n  description              = "RDP from the bastion"\n}\n',
    references=(SG_RULES_DOC, SG_HUB_DOC, "https://docs.aws.amazon.com/systems-manager/latest/userguide/fleet-manager.html",
                TF + "security_group_rule"),
    impact=Impact(security="Windows hosts accept remote desktop logins from anyone on the internet"),
    training_value="Teaches the model to keep remote administration off the public internet.",
    resource_types=INGRESS_TYPES,
)

DB_OPEN = RuleMeta(
    id="SEC052",
    name="sg-database-port-open-to-internet",
    severity="high",
    category="security",
    summary="Security group allows a database port from anywhere",
    rationale="Databases and caches (MySQL 3306, PostgreSQL 5432, SQL Server 1433, Oracle 1521, MongoDB 27017, "
    "Redis 6379, Memcached 11211, Elasticsearch 9200, Redshift 5439, …) belong in private subnets reachable only "
    "from the application tier. Opening their port to 0.0.0.0/0 or ::/0 invites credential guessing, exploits and, "
    "for engines without authentication, direct data theft.",
    fix="Allow the port only from the application tier's security group (source security group / "
    "referenced_security_group_id) or from the VPC's private CIDRs, and keep the database in private subnets.",
    bad='resource "aws_vpc_security_group_ingress_rule" "db" {\n  security_group_id = aws_security_group.db.id\n'
    '  ip_protocol       = "tcp"\n  from_port         = 5432\n  to_port           = 5432\n  cidr_ipv4         = "0.0.0.0/0"\n}\n',
    good='resource "aws_vpc_security_group_ingress_rule" "db" {\n  security_group_id            = aws_security_group.db.id\n'
    '  ip_protocol                  = "tcp"\n  from_port                    = 5432\n  to_port                      = 5432\n'
    '  referenced_security_group_id = aws_security_group.app.id\n  description                  = "PostgreSQL from the app tier"\n}\n',
    references=(SG_RULES_DOC, SG_HUB_DOC, "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.Scenarios.html",
                TF + "vpc_security_group_ingress_rule"),
    impact=Impact(security="The data store's network port is reachable from the internet; data can be read or destroyed "
                  "if authentication is weak or absent"),
    training_value="Teaches the model to chain security groups (app → database) instead of opening data ports.",
    resource_types=INGRESS_TYPES,
)

ALL_PORTS_OPEN = RuleMeta(
    id="SEC053",
    name="sg-all-ports-open-to-internet",
    severity="high",
    category="security",
    summary="Security group allows all ports (or all protocols) from anywhere",
    rationale="Protocol -1/all, or a TCP/UDP range 0-65535, from 0.0.0.0/0 or ::/0 removes the security group as a "
    "control: every service on the instance, including ones started later or by accident, is on the internet. "
    "Rated high, not critical: like a public bucket ACL it is a real hole, but data only leaks if a listening "
    "service also lacks authentication.",
    fix="Replace the rule with one rule per port the service needs (for a web tier usually 443, and 80 only to "
    "redirect), and give other tiers their traffic through security group references.",
    bad='resource "aws_security_group" "web" {\n  vpc_id = aws_vpc.main.id\n\n  ingress {\n    from_port   = 0\n    to_port     = 0\n'
    '    protocol    = "-1"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n',
    good='resource "aws_security_group" "web" {\n  vpc_id = aws_vpc.main.id\n\n  ingress {\n    description = "HTTPS from the internet"\n'
    '    from_port   = 443\n    to_port     = 443\n    protocol    = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n',
    references=(SG_RULES_DOC, SG_HUB_DOC, TF + "security_group", TF + "security_group_rule"),
    impact=Impact(security="Every listening port of every attached resource is reachable from the internet"),
    training_value="Teaches the model least-privilege network rules: name each port a service needs.",
    resource_types=INGRESS_TYPES,
)


def _open_ingress(ctx: RuleContext) -> Iterator[Permission]:
    for permission in permissions(ctx, "ingress"):
        if permission.open_cidrs:
            yield permission


def _where(permission: Permission) -> N.Node:
    return permission.open_cidrs[0].node


def _open_port_check(ports: dict[int, str], protocols: tuple[str, ...], what: str) -> Callable[[RuleContext, RuleMeta], list[Finding]]:
    def check(ctx: RuleContext, meta: RuleMeta) -> list[Finding]:
        # one finding per open CIDR argument and instance, naming every listed port it opens
        hits: dict[tuple[str, int], tuple[Permission, set[int]]] = {}
        for p in _open_ingress(ctx):
            if p.all_ports:
                continue  # reported by SEC053
            opened = {port for port in ports if p.opens(port, protocols)}
            if opened:
                key = (p.owner.address, id(_where(p)))
                hits.setdefault(key, (p, set()))[1].update(opened)
        found = []
        for p, opened in hits.values():
            names = ", ".join(f"{port} ({ports[port]})" if ports[port] else str(port) for port in sorted(opened))
            plural = "s" if len(opened) > 1 and what.endswith("port") else ""
            message = f"{p.owner.address}: ingress from {p.open_cidrs[0].value} allows {what}{plural} {names}"
            found.append(finding(meta, _where(p), message, address=p.owner.address))
        return unique_by_location(found)

    return check


def _all_ports(ctx: RuleContext, meta: RuleMeta) -> list[Finding]:
    found = []
    for p in _open_ingress(ctx):
        if not p.all_ports:
            continue
        scope = "all protocols and ports" if p.protocol == "all" else f"all {p.protocol.upper()} ports"  # type: ignore[union-attr]
        message = f"{p.owner.address}: ingress from {p.open_cidrs[0].value} allows {scope}"
        found.append(finding(meta, _where(p), message, address=p.owner.address))
    return unique_by_location(found)


# ---------------------------------------------------------------- descriptions

RULE_DESCRIPTION = RuleMeta(
    id="OPS010",
    name="sg-rule-description-missing",
    severity="low",
    category="documentation",
    summary="Security group rules have no description",
    rationale="A rule's description is the only place AWS keeps why a port is open and for whom; it is shown in "
    "the console, in `describe-security-group-rules` and in audits. Without it, reviewers cannot tell a needed "
    "rule from a forgotten one, and nobody dares to remove either. Reported once per security group.",
    fix='Add `description = "…"` to every ingress and egress rule, naming the source or destination and the purpose '
    '(for example "HTTPS from the ALB").',
    bad='resource "aws_security_group" "app" {\n  vpc_id = aws_vpc.main.id\n\n  ingress {\n    from_port       = 8080\n'
    '    to_port         = 8080\n    protocol        = "tcp"\n    security_groups = [aws_security_group.alb.id]\n  }\n}\n',
    good='resource "aws_security_group" "app" {\n  vpc_id = aws_vpc.main.id\n\n  ingress {\n    description     = "App port from the ALB"\n'
    '    from_port       = 8080\n    to_port         = 8080\n    protocol        = "tcp"\n    security_groups = [aws_security_group.alb.id]\n  }\n}\n',
    references=(SG_RULES_DOC, TF + "security_group", TF + "vpc_security_group_ingress_rule"),
    impact=Impact(security="Undocumented rules linger: unneeded openings are hard to spot and remove"),
    training_value="Teaches the model to document network intent where operators will look for it.",
    resource_types=ALL_TYPES,
)


def _rule_descriptions(ctx: RuleContext, meta: RuleMeta) -> list[Finding]:
    missing: dict[str, list[Permission]] = defaultdict(list)
    total: dict[str, int] = defaultdict(int)
    for p in permissions(ctx):
        total[p.group] += 1
        if p.has_description is False:
            missing[p.group].append(p)
    found = []
    for group, undescribed in missing.items():
        first = undescribed[0]
        message = f"{group}: {len(undescribed)} of {total[group]} rules have no description"
        found.append(finding(meta, first.node, message, address=first.owner.address))
    return unique_by_location(found)


# ---------------------------------------------------------------- VPC hardening

FLOW_LOGS = RuleMeta(
    id="OPS011",
    name="vpc-flow-logs-missing",
    severity="low",
    category="operations",
    summary="VPC has no flow log",
    rationale="Flow logs record accepted and rejected connections at the network interface level. Without them "
    "there is no record to investigate an incident, confirm what a security group actually blocked, or debug "
    "connectivity. Many answers are test stacks, so it matters "
    "where the task asks for auditing, compliance or production readiness.",
    fix='Add an aws_flow_log with vpc_id = aws_vpc.<name>.id, traffic_type = "ALL", sending to a CloudWatch log '
    "group with a retention period (and an IAM role) or to an S3 bucket.",
    bad='resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n',
    good='resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n\nresource "aws_flow_log" "main" {\n'
    '  vpc_id               = aws_vpc.main.id\n  traffic_type         = "ALL"\n  log_destination_type = "s3"\n'
    "  log_destination      = aws_s3_bucket.flow_logs.arn\n}\n",
    references=("https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html", TF + "flow_log"),
    impact=Impact(cost="Log ingestion and storage (cheaper to S3 than to CloudWatch Logs)",
                  security="No network audit trail for incident response"),
    training_value="Teaches the model to make networks observable and auditable.",
    resource_types=("aws_vpc",),
    default_enabled=False,
)


def _flow_logs(ctx: RuleContext, meta: RuleMeta) -> list[Finding]:
    found = []
    for vpc in ctx.of_type("aws_vpc"):
        module = module_of(vpc)
        # blocks, not planned instances: a flow log whose for_each is unknown still exists
        logs = module.resources_of_type("aws_flow_log")
        if any(_unresolved_target(module, log) for log in logs):
            continue  # a flow log we cannot place may well be this VPC's
        if any(_covers(module, log, vpc) for log in logs):
            continue
        found.append(finding(meta, vpc.block, f"{vpc.address} has no aws_flow_log", address=vpc.address))
    return unique_by_location(found)


def _unresolved_target(module: Module, flow_log: Resource) -> bool:
    for_each = flow_log.for_each.expr if flow_log.for_each is not None else None
    for arg, rtype in (("vpc_id", "aws_vpc"), ("subnet_id", "aws_subnet")):
        attr = flow_log.attribute(arg)
        if attr is not None and not refs_to(module, attr.expr, rtype) and not refs_to(module, for_each, rtype):
            return True
    return False


def _covers(module: Module, flow_log: Resource, vpc: ResourceView) -> bool:
    targets = refs_to(module, flow_log.block, "aws_vpc")
    if any(r.name == vpc.name and r.key in (None, vpc.instance.key) for r in targets):
        return True
    # a flow log on a subnet of this VPC also records its traffic
    for ref in refs_to(module, flow_log.block, "aws_subnet"):
        subnet = module.resources.get(f"aws_subnet.{ref.name}")
        vpc_attr = subnet.attribute("vpc_id") if subnet is not None else None
        if vpc_attr is not None and any(r.name == vpc.name for r in refs_to(module, vpc_attr.expr, "aws_vpc")):
            return True
    return False


DEFAULT_SG = RuleMeta(
    id="SEC054",
    name="vpc-default-security-group-not-restricted",
    severity="low",
    category="security",
    summary="VPC's default security group is not restricted",
    rationale="Every VPC comes with a default security group that allows all traffic between its members and all "
    "egress. Anything launched without an explicit group (an instance, an ENI, a Lambda or endpoint created by "
    "hand) lands in it. Adopting it with aws_default_security_group and no rules removes that fallback. It is "
    "hardening most reviews do not require.",
    fix="Add `resource \"aws_default_security_group\" \"default\" { vpc_id = aws_vpc.<name>.id }` with no ingress "
    "or egress blocks; Terraform then removes all of its rules.",
    bad='resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n',
    good='resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n\nresource "aws_default_security_group" "default" {\n'
    "  vpc_id = aws_vpc.main.id\n}\n",
    references=("https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html", SG_HUB_DOC,
                TF + "default_security_group"),
    impact=Impact(security="Resources attached to the default group by mistake can talk to each other and to the internet"),
    training_value="Teaches the model to close the implicit allow-all path of a new VPC.",
    resource_types=("aws_vpc",),
    default_enabled=False,
)


def _default_sg(ctx: RuleContext, meta: RuleMeta) -> list[Finding]:
    found = []
    for vpc in ctx.of_type("aws_vpc"):
        module = module_of(vpc)
        defaults = module.resources_of_type("aws_default_security_group")
        if any(not refs_to(module, d.block, "aws_vpc") for d in defaults if d.attribute("vpc_id") is not None):
            continue  # adopted through a variable or data source: cannot tell which VPC
        mine = [d for d in defaults
                if any(r.name == vpc.name and r.key in (None, vpc.instance.key) for r in refs_to(module, d.block, "aws_vpc"))]
        if not mine:
            found.append(finding(meta, vpc.block, f"{vpc.address} has no aws_default_security_group removing the "
                                 "default allow rules", address=vpc.address))
            continue
        blocks = {id(d.block) for d in mine}
        kept = [p for p in permissions(ctx) if p.owner.type == "aws_default_security_group" and id(p.owner.block) in blocks]
        if kept:
            found.append(finding(meta, kept[0].node, f"{kept[0].owner.address} keeps {len(kept)} rule(s) on the default "
                                 f"security group of {vpc.address}", address=kept[0].owner.address))
    return unique_by_location(found)


# ---------------------------------------------------------------- subnets

PRIVATE_SUBNET_PUBLIC_IP = RuleMeta(
    id="SEC056",
    name="subnet-private-maps-public-ip",
    severity="medium",
    category="security",
    summary="Private subnet assigns public IPs on launch",
    rationale="map_public_ip_on_launch = true gives every instance launched in the subnet a public IPv4 address. "
    "In a subnet meant to be private (by its name or tags, or because its route table has no internet gateway "
    "route) that contradicts the design, makes instances reachable as soon as a route or security group changes, "
    "and costs money for every public IPv4 address. The subnet is judged private only when its name/tags and its "
    "routing do not disagree.",
    fix="Set map_public_ip_on_launch = false (the provider's default) on private subnets; give internet egress "
    "through a NAT gateway instead.",
    bad='resource "aws_subnet" "private" {\n  vpc_id                  = aws_vpc.main.id\n  cidr_block              = "10.0.10.0/24"\n'
    "  map_public_ip_on_launch = true\n}\n",
    good='resource "aws_subnet" "private" {\n  vpc_id                  = aws_vpc.main.id\n  cidr_block              = "10.0.10.0/24"\n'
    "  map_public_ip_on_launch = false\n}\n",
    references=("https://docs.aws.amazon.com/vpc/latest/userguide/vpc-ip-addressing.html",
                "https://docs.aws.amazon.com/vpc/latest/userguide/configure-subnets.html", TF + "subnet"),
    impact=Impact(cost="Each public IPv4 address is billed hourly",
                  security="Instances in the private tier get internet-routable addresses"),
    training_value="Teaches the model to keep the private tier private in every setting, not only in names.",
    resource_types=("aws_subnet",),
)


def _private_subnet_public_ip(ctx: RuleContext, meta: RuleMeta) -> list[Finding]:
    found = []
    for subnet in ctx.of_type("aws_subnet"):
        if subnet.py("map_public_ip_on_launch") is not True:
            continue
        if subnet_tier(ctx, subnet) != PRIVATE:
            continue
        why = "named private" if name_tier(subnet) == PRIVATE else "routed without an internet gateway"
        message = f"{subnet.address} is {why} but sets map_public_ip_on_launch = true"
        found.append(finding(meta, subnet.node("map_public_ip_on_launch"), message, address=subnet.address))
    return unique_by_location(found)


# ---------------------------------------------------------------- NAT cost

NAT_PER_AZ = RuleMeta(
    id="COST010",
    name="nat-gateway-per-az-in-non-production",
    severity="low",
    category="cost",
    summary="One NAT gateway per AZ in a non-production environment",
    rationale="Each NAT gateway is billed per hour (about 32 USD a month in us-east-1) plus per GB processed. One "
    "per availability zone buys resilience to an AZ outage, which a dev, test or staging stack rarely needs; a "
    "single shared NAT gateway does the job at a fraction of the cost. The rule fires when one VPC has more than "
    "one public NAT gateway and the environment is non-production: the review's `environment` option, an "
    "Environment/Env/Stage tag, a variable or local named environment/env/stage (its default or tfvars value), "
    "or the provider's default tags name dev/test/qa/staging/sandbox/…, and nothing in the code shows a "
    "high-availability design (a comment at the NAT gateway saying so, a Multi-AZ database or cache, two or more "
    "Aurora instances); or, whatever the environment, when the review sets option `single_nat_ok` (the task "
    "asks for cost savings). Review option `ha_required` (the task asks for high availability) turns it off "
    "and wins over `single_nat_ok`.",
    fix="Create one NAT gateway and route every private subnet's default route through it, ideally behind a "
    "variable (`single_nat_gateway = true` for dev, false for production).",
    bad='variable "environment" {\n  default = "dev"\n}\n\nvariable "azs" {\n  default = ["us-east-1a", "us-east-1b", "us-east-1c"]\n}\n\n'
    'resource "aws_nat_gateway" "main" {\n  count         = length(var.azs)\n  allocation_id = aws_eip.nat[count.index].id\n'
    "  subnet_id     = aws_subnet.public[count.index].id\n}\n",
    good='variable "environment" {\n  default = "dev"\n}\n\nvariable "single_nat_gateway" {\n  default = true\n}\n\n'
    'resource "aws_nat_gateway" "main" {\n  count         = var.single_nat_gateway ? 1 : length(var.azs)\n'
    "  allocation_id = aws_eip.nat[count.index].id\n  subnet_id     = aws_subnet.public[count.index].id\n}\n",
    references=("https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html",
                "https://aws.amazon.com/vpc/pricing/", TF + "nat_gateway"),
    impact=Impact(cost="Each extra NAT gateway adds its hourly charge (and an Elastic IP) for no needed benefit"),
    training_value="Teaches the model to size network infrastructure to the environment it is for.",
    resource_types=("aws_nat_gateway",),
)


def _nat_vpc(ctx: RuleContext, nat: ResourceView) -> str | None:
    """The aws_vpc resource a NAT gateway's subnet belongs to, when that is clear."""
    module = module_of(nat)
    attr = nat.attr("subnet_id")
    names = {r.name for r in refs_to(module, attr.expr if attr is not None else None, "aws_subnet")}
    vpcs = set()
    for name in names:
        subnet = module.resources.get(f"aws_subnet.{name}")
        vpc_attr = subnet.attribute("vpc_id") if subnet is not None else None
        vpcs.update(r.name for r in refs_to(module, vpc_attr.expr if vpc_attr is not None else None, "aws_vpc"))
    if len(vpcs) != 1:
        return None
    vpc = vpcs.pop()
    if len([v for v in _vpcs_in(ctx, nat) if v.name == vpc]) != 1:
        return None  # several VPC instances from one block: NAT gateways may be spread over them
    return vpc


_HA_WORDS = re.compile(
    r"high[- ]?availab|highly[- ]available|\bHA\b|(per|each|every|one per)[- ](az|availability[- ]zone)|"
    r"fault[- ]toleran|resilien",
    re.IGNORECASE,
)


def _comments_near(block: N.Block) -> str:
    """Comment lines right above a block and comments inside it, where authors state intent."""
    lines = block.source.text.splitlines()
    found = []
    i = block.line - 2
    while i >= 0 and lines[i].strip().startswith(("#", "//", "/*", "*")):
        found.append(lines[i])
        i -= 1
    for line in lines[block.line - 1 : block.end_line]:
        for marker in ("#", "//"):
            if marker in line:
                found.append(line[line.index(marker):])
                break
    return "\n".join(found)


def high_availability_evidence(ctx: RuleContext, nat: ResourceView) -> str | None:
    """Why the configuration looks designed for high availability, if it does."""
    if _HA_WORDS.search(_comments_near(nat.block)):
        return "a comment at the NAT gateway states high availability as the intent"
    for db in ctx.of_type("aws_db_instance"):
        if db.py("multi_az") is True:
            return f"{db.address} sets multi_az = true"
    for group in ctx.of_type("aws_elasticache_replication_group"):
        if group.py("multi_az_enabled") is True or group.py("automatic_failover_enabled") is True:
            return f"{group.address} enables Multi-AZ failover"
    per_block: dict[int, list[ResourceView]] = defaultdict(list)
    for member in ctx.of_type("aws_rds_cluster_instance"):
        per_block[id(member.block)].append(member)
    for members in per_block.values():
        if len(members) >= 2:
            return f"{len(members)} Aurora instances ({members[0].address}, …)"
    return None


def _nat_per_az(ctx: RuleContext, meta: RuleMeta) -> list[Finding]:
    if ctx.options.get("ha_required"):
        return []
    single_ok = bool(ctx.options.get("single_nat_ok"))
    groups: dict[tuple[int, str, str], list[ResourceView]] = defaultdict(list)
    for nat in ctx.of_type("aws_nat_gateway"):
        if nat.py("connectivity_type", "public") != "public":
            continue
        vpc = _nat_vpc(ctx, nat)
        if vpc is None and len(_vpcs_in(ctx, nat)) > 1:
            continue  # several VPCs and we cannot tell which this NAT gateway serves
        provider = nat.instance.resource.provider or ""
        groups[(id(nat.instance.scope), vpc or "?", provider)].append(nat)
    found = []
    for nats in groups.values():
        if len(nats) < 2:
            continue
        first = nats[0]
        if single_ok:
            why = "the review asks for a single NAT gateway"
        else:
            env = deployment_environment(ctx, first)
            if env is None or env.production or high_availability_evidence(ctx, first):
                continue
            why = f"the environment is non-production ({env.describe()})"
        where = next((a for a in (first.attr("count"), first.attr("for_each")) if a is not None), first.block)
        message = f"{len(nats)} NAT gateways ({', '.join(n.address for n in nats)}) where one would do: {why}"
        found.append(finding(meta, where, message, address=first.address))
    return unique_by_location(found)


def _vpcs_in(ctx: RuleContext, near: ResourceView) -> list[ResourceView]:
    return [v for v in ctx.of_type("aws_vpc") if v.instance.scope is near.instance.scope]


RULES = [
    Rule(SSH_OPEN, _open_port_check({22: ""}, ("tcp",), "SSH on port")),
    Rule(RDP_OPEN, _open_port_check({3389: ""}, ("tcp", "udp"), "RDP on port")),
    Rule(DB_OPEN, _open_port_check(DATABASE_PORTS, ("tcp",), "database port")),
    Rule(ALL_PORTS_OPEN, _all_ports),
    Rule(DEFAULT_SG, _default_sg),
    Rule(PRIVATE_SUBNET_PUBLIC_IP, _private_subnet_public_ip),
    Rule(RULE_DESCRIPTION, _rule_descriptions),
    Rule(FLOW_LOGS, _flow_logs),
    Rule(NAT_PER_AZ, _nat_per_az),
]
