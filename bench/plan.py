"""Plan speed: `Configuration.load(...).plan()` on a generated 300-instance configuration.

The configuration is written fresh into a temporary directory (the same text
on every run): a root module with count, for_each over a set and over another
resource, locals and for-expressions, calling a local module once per service
with for_each, which itself calls a nested module with count. Loading and
planning are timed together in-process (best of N, a new Configuration each
time, since a plan is cached on its configuration); then `iacreview plan` is
run once as a command for the wall time a user sees, interpreter start-up
included. The goal is "well under a second".

usage: python bench/plan.py [--services N] [--repeat N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT_INSTANCES = 36  # root resource instances that do not depend on the number of services
PER_SERVICE = 11  # per service: its IAM role in the root and 10 instances in module.service


def root_tf(services: int) -> str:
    entries = "\n".join(
        f'    svc{i:02d} = {{ tier = "{("web", "api", "worker")[i % 3]}", instances = 2 }}' for i in range(services)
    )
    return f"""\
variable "environment" {{
  type    = string
  default = "prod"
}}

variable "azs" {{
  type    = list(string)
  default = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
}}

variable "services" {{
  type = map(object({{
    tier      = string
    instances = number
    public    = optional(bool, false)
  }}))
  default = {{
{entries}
  }}
}}

locals {{
  name         = "bench-${{var.environment}}"
  azs          = var.azs
  bucket_names = [for purpose in ["logs", "data", "backup", "audit", "assets", "reports"] : "${{local.name}}-${{purpose}}"]
  all_buckets  = concat(local.bucket_names, [for n in local.bucket_names : "${{n}}-replica"])
  by_tier      = {{ for name, svc in var.services : svc.tier => name... }}
  tags = {{
    Environment = var.environment
    ManagedBy   = "terraform"
  }}
}}

resource "aws_vpc" "main" {{
  cidr_block = "10.0.0.0/16"
  tags       = merge(local.tags, {{ Name = local.name }})
}}

resource "aws_internet_gateway" "main" {{
  vpc_id = aws_vpc.main.id
}}

resource "aws_subnet" "public" {{
  count             = length(local.azs)
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
  availability_zone = local.azs[count.index]
}}

resource "aws_subnet" "private" {{
  count             = length(local.azs)
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet("10.0.0.0/16", 8, count.index + 10)
  availability_zone = element(local.azs, count.index)
}}

resource "aws_nat_gateway" "main" {{
  count     = var.environment == "prod" ? 1 : 0
  subnet_id = aws_subnet.public[0].id
}}

resource "aws_route_table_association" "private" {{
  count     = length(aws_subnet.private)
  subnet_id = aws_subnet.private[count.index].id
}}

resource "aws_s3_bucket" "data" {{
  for_each = toset(local.all_buckets)
  bucket   = each.key
  tags     = merge(local.tags, {{ Name = each.value }})
}}

resource "aws_s3_bucket_versioning" "data" {{
  for_each = aws_s3_bucket.data
  bucket   = each.value.id

  versioning_configuration {{
    status = "Enabled"
  }}
}}

resource "aws_iam_role" "svc" {{
  for_each = var.services
  name     = "${{local.name}}-${{each.key}}"
  assume_role_policy = jsonencode({{
    Version   = "2012-10-17"
    Statement = [{{ Action = "sts:AssumeRole", Effect = "Allow", Principal = {{ Service = "ec2.amazonaws.com" }} }}]
  }})
}}

module "service" {{
  source   = "./modules/service"
  for_each = var.services

  name       = each.key
  tier       = each.value.tier
  instances  = each.value.instances
  vpc_id     = aws_vpc.main.id
  subnet_ids = aws_subnet.private[*].id
  role_name  = aws_iam_role.svc[each.key].name
  tags       = local.tags
}}

output "instance_ids" {{
  value = {{ for name, svc in module.service : name => svc.instance_ids }}
}}

output "tiers" {{
  value = local.by_tier
}}
"""


SERVICE_TF = """\
variable "name" {
  type = string
}

variable "tier" {
  type = string
}

variable "instances" {
  type = number
}

variable "vpc_id" {
  type = string
}

variable "subnet_ids" {
  type = list(string)
}

variable "role_name" {
  type = string
}

variable "tags" {
  type = map(string)
}

variable "settings" {
  type = map(string)
  default = {
    log_level = "info"
    timeout   = "30"
  }
}

locals {
  metrics = {
    cpu    = { threshold = 80, unit = "Percent" }
    memory = { threshold = 75, unit = "Percent" }
    disk   = { threshold = 90, unit = "Percent" }
  }
  ports = var.tier == "web" ? [80, 443] : [8080]
}

resource "aws_security_group" "this" {
  name   = "${var.name}-sg"
  vpc_id = var.vpc_id

  dynamic "ingress" {
    for_each = local.ports
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["10.0.0.0/8"]
    }
  }
}

module "compute" {
  source = "./compute"
  count  = var.instances > 0 ? 1 : 0

  name            = var.name
  instances       = var.instances
  subnet_ids      = var.subnet_ids
  security_groups = [aws_security_group.this.id]
  tags            = merge(var.tags, { Service = var.name, Tier = var.tier })
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each            = local.metrics
  alarm_name          = "${var.name}-${each.key}"
  comparison_operator = "GreaterThanThreshold"
  threshold           = each.value.threshold
  evaluation_periods  = 2
  metric_name         = upper(each.key)
}

resource "aws_ssm_parameter" "config" {
  for_each = var.settings
  name     = "/${var.name}/${each.key}"
  type     = "String"
  value    = each.value
}

output "instance_ids" {
  value = flatten(module.compute[*].instance_ids)
}
"""

COMPUTE_TF = """\
variable "name" {
  type = string
}

variable "instances" {
  type = number
}

variable "subnet_ids" {
  type = list(string)
}

variable "security_groups" {
  type = list(string)
}

variable "tags" {
  type = map(string)
}

resource "aws_instance" "this" {
  count                  = var.instances
  ami                    = "ami-0123456789abcdef0"
  instance_type          = "t3.micro"
  subnet_id              = var.subnet_ids[count.index % length(var.subnet_ids)]
  vpc_security_group_ids = var.security_groups
  tags                   = merge(var.tags, { Name = format("%s-%02d", var.name, count.index + 1) })
}

resource "aws_ebs_volume" "data" {
  count             = var.instances
  availability_zone = "eu-west-1a"
  size              = 20
  tags              = aws_instance.this[count.index].tags
}

output "instance_ids" {
  value = aws_instance.this[*].id
}
"""


def write_configuration(directory: Path, services: int) -> int:
    """Write the configuration; return the number of instances its plan must have."""
    (directory / "modules" / "service" / "compute").mkdir(parents=True, exist_ok=True)
    (directory / "main.tf").write_text(root_tf(services), encoding="utf-8")
    (directory / "modules" / "service" / "main.tf").write_text(SERVICE_TF, encoding="utf-8")
    (directory / "modules" / "service" / "compute" / "main.tf").write_text(COMPUTE_TF, encoding="utf-8")
    return ROOT_INSTANCES + PER_SERVICE * services


def time_in_process(directory: Path, repeat: int) -> tuple[float, float, int]:
    """Best seconds of load+plan and of load+validate, and the instance count."""
    from iacreview.model.config import Configuration
    from iacreview.model.validate import validate

    best_plan = best_validate = float("inf")
    instances = 0
    for _ in range(repeat):
        start = time.perf_counter()
        plan = Configuration.load(directory).plan()
        best_plan = min(best_plan, time.perf_counter() - start)
        instances = plan.to_add
        assert plan.complete, [u.address for u in plan.undetermined]
        start = time.perf_counter()
        problems = validate(Configuration.load(directory).scope)
        best_validate = min(best_validate, time.perf_counter() - start)
        assert not problems, [str(p) for p in problems]
    return best_plan, best_validate, instances


def time_cli(directory: Path) -> tuple[float, int]:
    """Wall seconds of one `iacreview plan --format json`, and the instances it reports."""
    script = Path(sys.executable).with_name("iacreview")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "iacreview"]
    start = time.perf_counter()
    out = subprocess.run([*command, "plan", str(directory), "--format", "json"], capture_output=True, text=True, check=True)
    elapsed = time.perf_counter() - start
    return elapsed, json.loads(out.stdout)["resources"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=24, help="module instances (default 24: 300 resources)")
    parser.add_argument("--repeat", type=int, default=3, help="in-process runs; the best is reported")
    parser.add_argument("--keep", type=Path, help="write the configuration here and keep it")
    args = parser.parse_args()

    directory = args.keep or Path(tempfile.mkdtemp(prefix="iacreview-bench-plan-"))
    try:
        expected = write_configuration(directory, args.services)
        plan_s, validate_s, instances = time_in_process(directory, args.repeat)
        cli_s, cli_instances = time_cli(directory)
    finally:
        if args.keep is None:
            shutil.rmtree(directory, ignore_errors=True)

    print(f"configuration: {expected} resource instances, {args.services} instances of a module, 2 levels of modules")
    print(f"load + plan (in-process, best of {args.repeat}): {plan_s:.3f} s, {instances} instances")
    print(f"load + validate (in-process, best of {args.repeat}): {validate_s:.3f} s")
    print(f"iacreview plan --format json (one run, wall time): {cli_s:.3f} s, {cli_instances} instances")
    if instances != expected or cli_instances != expected:
        sys.exit(f"error: expected {expected} instances, the plan has {instances} (CLI: {cli_instances})")


if __name__ == "__main__":
    main()
